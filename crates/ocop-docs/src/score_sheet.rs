//! Phiếu chấm trống — a blank score sheet as an Excel workbook, one row per
//! criterion and option, with a column to tick and a formula for the total.

use crate::DocsError;
use ocop_domain::criteria::CriteriaSet;
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook};

pub fn blank_score_sheet_xlsx(set: &CriteriaSet) -> Result<Vec<u8>, DocsError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(format!("Bo {}", set.meta.number))?;
    let title = Format::new()
        .set_bold()
        .set_font_size(13)
        .set_align(FormatAlign::Center);
    let bold = Format::new().set_bold();
    let part = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xE6EEEA))
        .set_border(FormatBorder::Thin);
    let cell = Format::new()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Top);
    let tick = Format::new()
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::RGB(0xFFF8E6));
    ws.set_column_width(0, 9)?;
    ws.set_column_width(1, 80)?;
    ws.set_column_width(2, 8)?;
    ws.set_column_width(3, 10)?;
    ws.merge_range(
        0,
        0,
        0,
        3,
        "PHIẾU ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP",
        &title,
    )?;
    ws.merge_range(
        1,
        0,
        1,
        3,
        &format!("Bộ {}: {}", set.meta.number, set.meta.name),
        &title,
    )?;
    ws.merge_range(
        2,
        0,
        2,
        3,
        &set.meta.legal_reference,
        &Format::new().set_italic().set_align(FormatAlign::Center),
    )?;
    ws.write_string_with_format(3, 0, "Sản phẩm:", &bold)?;
    ws.write_string_with_format(4, 0, "Người chấm:", &bold)?;
    let header = ["Mã", "Tiêu chí / phương án", "Điểm", "Chấm (điểm)"];
    for (c, h) in (0u16..).zip(header) {
        ws.write_string_with_format(6, c, h, &part)?;
    }
    let mut row: u32 = 7;
    let mut tick_rows = Vec::new();
    for p in &set.parts {
        ws.merge_range(
            row,
            0,
            row,
            3,
            &format!("Phần {}: {} ({} điểm)", p.code, p.title, p.max),
            &part,
        )?;
        row += 1;
        for s in &p.sections {
            let alt = if s.alternatives {
                " — chỉ chấm một trường hợp"
            } else {
                ""
            };
            ws.merge_range(
                row,
                0,
                row,
                3,
                &format!("{}. {} ({} điểm){alt}", s.number, s.title, s.max),
                &bold,
            )?;
            row += 1;
            for c in &s.criteria {
                let mark = c
                    .mark
                    .map(|m| format!(" — bắt buộc cho {m} sao"))
                    .unwrap_or_default();
                ws.write_string_with_format(row, 0, ocop_domain::criteria::shown_id(&c.id), &cell)?;
                ws.write_string_with_format(row, 1, format!("{}{mark}", c.title), &cell)?;
                ws.write_number_with_format(row, 2, f64::from(c.max), &cell)?;
                ws.write_blank(row, 3, &tick)?;
                tick_rows.push(row);
                row += 1;
                for o in &c.options {
                    let mark = o
                        .mark
                        .map(|m| format!(" (mức tối thiểu cho {m} sao)"))
                        .unwrap_or_default();
                    ws.write_string_with_format(row, 0, &o.id, &cell)?;
                    ws.write_string_with_format(row, 1, format!("□ {}{mark}", o.text), &cell)?;
                    ws.write_number_with_format(row, 2, f64::from(o.points), &cell)?;
                    row += 1;
                }
            }
        }
    }
    let sum = tick_rows
        .iter()
        .map(|r| format!("D{}", r + 1))
        .collect::<Vec<_>>()
        .join(",");
    ws.write_string_with_format(row, 1, "Tổng điểm", &part)?;
    ws.write_formula_with_format(row, 3, format!("=SUM({sum})").as_str(), &part)?;
    Ok(wb.save_to_buffer()?)
}
