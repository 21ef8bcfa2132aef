//! CSV files the platform hands out: UTF-8 with a byte-order mark (so Excel
//! reads Vietnamese right), and no cell a spreadsheet would run as a formula.
//!
//! A product or person named `=cmd|' /C calc'!A0` is data someone typed; a
//! spreadsheet opening the file would execute it. Cells that begin with
//! `=`, `+`, `-`, `@`, a tab or a carriage return are written with a leading
//! apostrophe (OWASP's advice), except plain numbers such as `-5` or `+84`.

use crate::DocsError;

/// The text a spreadsheet will show as text, never evaluate.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !is_plain_number(cell) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

fn is_plain_number(s: &str) -> bool {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    !digits.is_empty()
        && digits.chars().filter(|c| *c == '.' || *c == ',').count() <= 1
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        && digits.starts_with(|c: char| c.is_ascii_digit())
}

/// A whole CSV file: one header row, then the rows.
pub fn table<R, C>(headers: &[&str], rows: R) -> Result<Vec<u8>, DocsError>
where
    R: IntoIterator<Item = C>,
    C: IntoIterator,
    C::Item: AsRef<str>,
{
    let mut out = Vec::new();
    out.extend_from_slice("\u{feff}".as_bytes());
    {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        w.write_record(headers.iter().map(|h| neutralise(h).into_owned()))
            .map_err(|e| DocsError::Csv(e.to_string()))?;
        for row in rows {
            w.write_record(row.into_iter().map(|c| neutralise(c.as_ref()).into_owned()))
                .map_err(|e| DocsError::Csv(e.to_string()))?;
        }
        w.flush().map_err(|e| DocsError::Csv(e.to_string()))?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_text_and_numbers_stay_numbers() {
        for (raw, out) in [
            ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
            ("+1+1", "'+1+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("-5", "-5"),
            ("+84912345678", "+84912345678"),
            ("-3,5", "-3,5"),
            ("Cà phê", "Cà phê"),
            ("", ""),
        ] {
            assert_eq!(neutralise(raw), out, "{raw:?}");
        }
    }

    #[test]
    fn a_table_reads_back_with_its_cells_neutralised() {
        let bytes =
            table(&["ten"], [["=HYPERLINK(\"http://x\")"], ["Mật ong"]]).unwrap_or_default();
        let text = String::from_utf8(bytes).unwrap_or_default();
        let mut r = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let cells: Vec<String> = r
            .records()
            .filter_map(Result::ok)
            .map(|rec| rec[0].to_owned())
            .collect();
        assert_eq!(cells, ["'=HYPERLINK(\"http://x\")", "Mật ong"]);
    }
}
