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

fn read_xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>, DocsError> {
    use calamine::Reader as _;
    let bad = |e: String| DocsError::Read(format!("Không đọc được tệp Excel: {e}"));
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec()))
            .map_err(|e: calamine::XlsxError| bad(e.to_string()))?;
    let name = wb
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| bad("không có trang tính nào".into()))?;
    let range = wb.worksheet_range(&name).map_err(|e| bad(e.to_string()))?;
    Ok(range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    // Whole numbers as people typed them (4, 2024), not 4.0.
                    #[allow(clippy::cast_possible_truncation)]
                    calamine::Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => {
                        format!("{}", *f as i64)
                    }
                    other => other.to_string(),
                })
                .collect()
        })
        .collect())
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
