//! Any list as an Excel workbook: a title, what it was filtered by, a header
//! row that stays in view with filters on it, and the rows — text as text
//! (Vietnamese exactly as stored), numbers as numbers.

use crate::DocsError;
use rust_xlsxwriter::{Color, Format, FormatBorder, Workbook, Worksheet};

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(i64),
    Empty,
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Self::Text(s.to_owned())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Self::Text(s)
    }
}

impl From<Option<String>> for Cell {
    fn from(s: Option<String>) -> Self {
        s.map_or(Self::Empty, Self::Text)
    }
}

impl From<Option<i64>> for Cell {
    fn from(n: Option<i64>) -> Self {
        n.map_or(Self::Empty, Self::Number)
    }
}

/// One sheet of a workbook.
pub struct Sheet<'a> {
    /// At most 31 characters (Excel's limit); shortened when longer.
    pub name: &'a str,
    pub title: &'a str,
    /// What the list was narrowed by, and when it was made.
    pub subtitle: &'a str,
    /// (header, column width in characters)
    pub columns: &'a [(&'a str, f64)],
    pub rows: &'a [Vec<Cell>],
}

fn write_sheet(ws: &mut Worksheet, s: &Sheet<'_>) -> Result<(), DocsError> {
    let name: String = s.name.chars().take(31).collect();
    ws.set_name(name)?;
    let title = Format::new().set_bold().set_font_size(13);
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xE6EEEA))
        .set_border(FormatBorder::Thin)
        .set_text_wrap();
    let cell = Format::new().set_border(FormatBorder::Thin).set_text_wrap();
    ws.write_string_with_format(0, 0, s.title, &title)?;
    ws.write_string(1, 0, s.subtitle)?;
    for (c, (h, width)) in (0u16..).zip(s.columns) {
        ws.set_column_width(c, *width)?;
        ws.write_string_with_format(3, c, *h, &header)?;
    }
    for (r, row) in (4u32..).zip(s.rows) {
        for (c, v) in (0u16..).zip(row) {
            match v {
                Cell::Text(t) => ws.write_string_with_format(r, c, t, &cell)?,
                #[allow(clippy::cast_precision_loss)]
                Cell::Number(n) => ws.write_number_with_format(r, c, *n as f64, &cell)?,
                Cell::Empty => ws.write_blank(r, c, &cell)?,
            };
        }
    }
    let last_col = u16::try_from(s.columns.len().saturating_sub(1)).unwrap_or(0);
    let last_row = 3 + u32::try_from(s.rows.len()).unwrap_or(0);
    ws.autofilter(3, 0, last_row, last_col)?;
    ws.set_freeze_panes(4, 0)?;
    Ok(())
}

/// A workbook of one or more sheets.
pub fn workbook_xlsx(sheets: &[Sheet<'_>]) -> Result<Vec<u8>, DocsError> {
    let mut wb = Workbook::new();
    for s in sheets {
        let ws = wb.add_worksheet();
        write_sheet(ws, s)?;
    }
    Ok(wb.save_to_buffer()?)
}
