//! Reading a table someone sends: an Excel workbook (first sheet) or a CSV
//! file, told apart by their bytes, as rows of text.

use crate::DocsError;

/// More rows than this is not an office list.
pub const MAX_ROWS: usize = 100_000;

pub fn read_table(bytes: &[u8]) -> Result<Vec<Vec<String>>, DocsError> {
    let rows = if bytes.starts_with(b"PK\x03\x04") {
        read_xlsx(bytes)?
    } else {
        read_csv(bytes)?
    };
    if rows.len() > MAX_ROWS {
        return Err(DocsError::Read(format!(
            "Tệp có {} dòng, quá giới hạn {MAX_ROWS} dòng.",
            rows.len()
        )));
    }
    Ok(rows)
}

/// What the XML inside a workbook may unpack to. A few megabytes of ZIP can
/// claim a gigabyte of XML; the whole is measured by unpacking it into
/// nothing, stopping at this many bytes, before any parser sees it.
pub const MAX_INFLATED_BYTES: u64 = 64 * 1024 * 1024;
/// Columns an office list can have.
pub const MAX_COLUMNS: u32 = 100;
/// Cells the dense table may hold (rows × their widths): about 100 MB.
const MAX_SLOTS: usize = 4_000_000;

/// Unpacks every member of the ZIP into a counter (nothing is kept), so what
/// the headers claim is never trusted; refuses past `budget` bytes.
fn check_inflated(bytes: &[u8], budget: u64) -> Result<(), DocsError> {
    let bad = |m: String| DocsError::Read(format!("Không đọc được tệp Excel: {m}"));
    let mut zip =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let mut member = zip.by_index(i).map_err(|e| bad(e.to_string()))?;
        let left = budget.saturating_sub(total);
        let n = std::io::copy(
            &mut std::io::Read::take(&mut member, left + 1),
            &mut std::io::sink(),
        )
        .map_err(|e| bad(e.to_string()))?;
        total += n;
        if total > budget {
            return Err(DocsError::Read(format!(
                "Tệp Excel giải nén ra hơn {} MB dữ liệu, quá lớn cho một danh sách; hãy chia nhỏ tệp hoặc lưu thành CSV.",
                budget / (1024 * 1024)
            )));
        }
    }
    Ok(())
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>, DocsError> {
    use calamine::Reader as _;
    let bad = |e: String| DocsError::Read(format!("Không đọc được tệp Excel: {e}"));
    check_inflated(bytes, MAX_INFLATED_BYTES)?;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e: calamine::XlsxError| bad(e.to_string()))?;
    let name = wb
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| bad("không có trang tính nào".into()))?;
    // Cell by cell, so a sheet that claims a million rows (or one far-away
    // cell) is refused at the limit instead of being laid out in memory.
    let mut reader = wb
        .worksheet_cells_reader(&name)
        .map_err(|e| bad(e.to_string()))?;
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut slots = 0usize;
    let (mut first_row, mut first_col) = (None::<u32>, u32::MAX);
    let mut cells = Vec::new();
    while let Some(cell) = reader.next_cell().map_err(|e| bad(e.to_string()))? {
        let (r, c) = cell.get_position();
        if r as usize > MAX_ROWS {
            return Err(DocsError::Read(format!(
                "Tệp có hơn {MAX_ROWS} dòng, quá giới hạn {MAX_ROWS} dòng."
            )));
        }
        if c >= MAX_COLUMNS {
            return Err(DocsError::Read(format!(
                "Dòng {}: có ô ở cột thứ {}, quá giới hạn {MAX_COLUMNS} cột.",
                r + 1,
                c + 1
            )));
        }
        let text = match calamine::Data::from(cell.get_value().clone()) {
            calamine::Data::Empty => continue,
            // Whole numbers as people typed them (4, 2024), not 4.0.
            #[allow(clippy::cast_possible_truncation)]
            calamine::Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => {
                format!("{}", f as i64)
            }
            other => other.to_string(),
        };
        first_row = Some(first_row.map_or(r, |f| f.min(r)));
        first_col = first_col.min(c);
        cells.push((r, c, text));
        if cells.len() > MAX_SLOTS {
            return Err(DocsError::Read("Tệp có quá nhiều ô dữ liệu.".into()));
        }
    }
    // The table starts at the first used row and column, as a range does.
    let (Some(top), left) = (first_row, first_col) else {
        return Ok(rows);
    };
    for (r, c, text) in cells {
        let (r, c) = ((r - top) as usize, (c - left) as usize);
        if rows.len() <= r {
            rows.resize_with(r + 1, Vec::new);
        }
        let row = &mut rows[r];
        if row.len() <= c {
            slots += c + 1 - row.len();
            if slots > MAX_SLOTS {
                return Err(DocsError::Read("Tệp có quá nhiều ô dữ liệu.".into()));
            }
            row.resize(c + 1, String::new());
        }
        row[c] = text;
    }
    // A range is rectangular: every row as wide as the widest.
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    if width.saturating_mul(rows.len()) > MAX_SLOTS {
        return Err(DocsError::Read("Tệp có quá nhiều ô dữ liệu.".into()));
    }
    for row in &mut rows {
        row.resize(width, String::new());
    }
    Ok(rows)
}

fn read_csv(bytes: &[u8]) -> Result<Vec<Vec<String>>, DocsError> {
    let text = std::str::from_utf8(bytes).map_err(|_| {
        DocsError::Read(
            "Tệp CSV phải lưu bằng mã UTF-8 (trong Excel: Lưu thành «CSV UTF-8»).".into(),
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rows = Vec::new();
    for (i, r) in csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .enumerate()
    {
        let r = r.map_err(|e| DocsError::Read(format!("Dòng {}: không đọc được ({e}).", i + 1)))?;
        rows.push(r.iter().map(str::to_owned).collect());
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_a_bom_and_non_utf8_csv() {
        let rows =
            read_table("\u{feff}Tên sản phẩm,Hạng sao\nCà phê,4\n".as_bytes()).unwrap_or_default();
        assert_eq!(rows, [["Tên sản phẩm", "Hạng sao"], ["Cà phê", "4"]]);
        assert!(read_table(&[0xC0, 0x61, 0x0A]).is_err());
    }

    #[test]
    fn xlsx_reads_back_what_the_list_writer_wrote() {
        use crate::lists::{Cell, Sheet, workbook_xlsx};
        let bytes = workbook_xlsx(&[Sheet {
            name: "A",
            title: "T",
            subtitle: "S",
            columns: &[("Tên sản phẩm", 10.0), ("Hạng sao", 5.0)],
            rows: &[vec![Cell::from("Cà phê"), Cell::Number(4)]],
        }])
        .unwrap_or_default();
        let rows = read_table(&bytes).unwrap_or_default();
        assert_eq!(rows[3], ["Tên sản phẩm", "Hạng sao"]);
        assert_eq!(rows[4], ["Cà phê", "4"]);
    }

    /// A small ZIP whose member unpacks to 100 MB is refused by measuring,
    /// before any parser allocates for it.
    #[test]
    fn a_zip_bomb_is_refused_at_the_inflated_budget() {
        use std::io::Write as _;
        let mut buf = std::io::Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut buf);
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            w.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
            let chunk = vec![b' '; 1024 * 1024];
            for _ in 0..100 {
                w.write_all(&chunk).unwrap();
            }
            w.finish().unwrap();
        }
        let bytes = buf.into_inner();
        assert!(bytes.len() < 1024 * 1024, "{}", bytes.len());
        let err = read_table(&bytes)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("giải nén ra hơn 64 MB"), "{err}");
    }

    /// One far-away cell cannot make a dense table of millions of slots.
    #[test]
    fn a_far_cell_is_refused_by_row_limit() {
        use std::io::Write as _;
        let mut buf = std::io::Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut buf);
            let opts = zip::write::SimpleFileOptions::default();
            let files: [(&str, &str); 4] = [
                (
                    "[Content_Types].xml",
                    r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
                ),
                (
                    "_rels/.rels",
                    r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
                ),
                (
                    "xl/workbook.xml",
                    r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
                ),
                (
                    "xl/_rels/workbook.xml.rels",
                    r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
                ),
            ];
            for (name, text) in files {
                w.start_file(name, opts).unwrap();
                w.write_all(text.as_bytes()).unwrap();
            }
            w.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
            w.write_all(br#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row><row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>y</t></is></c></row></sheetData></worksheet>"#).unwrap();
            w.finish().unwrap();
        }
        let err = read_table(&buf.into_inner())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("dòng") || err.contains("cột"), "{err}");
    }

    /// Spreadsheet cells are written as strings, which Excel and LibreOffice
    /// show and never evaluate: no `<f>` (formula) element in the sheet.
    #[test]
    fn xlsx_text_that_looks_like_a_formula_is_a_string_cell() {
        use crate::lists::{Cell, Sheet, workbook_xlsx};
        use std::io::Read as _;
        let evil = "=cmd|' /C calc'!A0";
        let bytes = workbook_xlsx(&[Sheet {
            name: "A",
            title: "T",
            subtitle: "S",
            columns: &[("Tên sản phẩm", 10.0)],
            rows: &[vec![Cell::from(evil)]],
        }])
        .unwrap_or_default();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.clone())).unwrap();
        let mut sheet = String::new();
        zip.by_name("xl/worksheets/sheet1.xml")
            .unwrap()
            .read_to_string(&mut sheet)
            .unwrap_or_default();
        assert!(!sheet.contains("<f>") && !sheet.contains("<f "), "{sheet}");
        assert_eq!(read_table(&bytes).unwrap_or_default()[4], [evil]);
    }
}

#[cfg(test)]
mod replay {
    use super::read_table;
    use ocop_domain::import::{guess_mapping, parse};

    fn check(bytes: &[u8]) {
        if let Ok(table) = read_table(bytes) {
            let headers = table.first().cloned().unwrap_or_default();
            let _ = parse(&table, &guess_mapping(&headers), |c| Some(c.to_owned()));
        }
    }

    #[test]
    fn the_fuzz_corpus_reads_without_panicking() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/import");
        let mut n = 0;
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            check(&std::fs::read(entry.path()).unwrap_or_default());
            n += 1;
        }
        assert!(n >= 5, "the corpus is at {}", dir.display());
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_read_without_panicking(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..600)) {
            check(&bytes);
        }

        #[test]
        fn any_csv_text_reads_without_panicking(cells in proptest::collection::vec("[ -~àáạảãăắằâấđêếôốơớưứ,\"\\n]{0,12}", 0..40)) {
            check(cells.join(",").as_bytes());
        }
    }
}
