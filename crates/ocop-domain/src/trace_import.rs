//! Trace events from other apps: a CSV (UTF-8, comma or semicolon, the
//! header names in Vietnamese or English) or a JSON array of objects with the
//! same keys. Every row is read; every problem is named by row, column and
//! reason, and nothing is written unless there are none.

use crate::import::Problem;
use crate::trace::{EventInput, LotCode};
use serde_json::Value;

/// The columns: (key, accepted header names after folding).
const COLUMNS: [(&str, &[&str]); 6] = [
    ("lot", &["lot", "lo", "so lo", "ma lo"]),
    ("step", &["step", "buoc", "bizstep", "cong doan"]),
    ("time", &["time", "thoi gian", "thoi diem", "eventtime"]),
    ("place", &["place", "dia diem", "noi", "noi dien ra"]),
    ("quantity", &["quantity", "so luong"]),
    ("note", &["note", "ghi chu"]),
];

const LABELS: [(&str, &str); 6] = [
    ("lot", "Số lô"),
    ("step", "Bước"),
    ("time", "Thời điểm"),
    ("place", "Địa điểm"),
    ("quantity", "Số lượng"),
    ("note", "Ghi chú"),
];

fn label(key: &str) -> String {
    LABELS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or(key, |(_, l)| l)
        .to_owned()
}

/// One row that parsed: its lot and event, still to be checked against the
/// batch it names.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedEvent {
    pub row: usize,
    pub lot: LotCode,
    pub event: EventInput,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedEvents {
    pub rows: Vec<ImportedEvent>,
    pub problems: Vec<Problem>,
}

/// At most this many rows per file; larger histories go in several files.
pub const MAX_ROWS: usize = 50_000;

fn problem(row: usize, column: &str, reason: impl Into<String>) -> Problem {
    Problem {
        row,
        column: column.to_owned(),
        reason: reason.into(),
    }
}

fn key_of(header: &str) -> Option<&'static str> {
    let f = crate::text::fold(header.trim().trim_start_matches('\u{feff}'));
    COLUMNS
        .iter()
        .find(|(_, names)| names.contains(&f.as_str()))
        .map(|(k, _)| *k)
}

fn read_row(row: usize, get: &dyn Fn(&str) -> String, out: &mut ParsedEvents) {
    let before = out.problems.len();
    let lot = LotCode::parse(&get("lot"))
        .map_err(|e| {
            out.problems
                .push(problem(row, &label("lot"), e.to_string()))
        })
        .ok();
    let step = crate::trace::Step::parse(&get("step"))
        .map_err(|e| {
            out.problems
                .push(problem(row, &label("step"), e.to_string()))
        })
        .ok();
    let time = crate::trace::parse_time(&get("time"))
        .map_err(|e| {
            out.problems
                .push(problem(row, &label("time"), e.to_string()))
        })
        .ok();
    let quantity = crate::trace::quantity(&get("quantity"))
        .map_err(|e| {
            out.problems
                .push(problem(row, &label("quantity"), e.to_string()))
        })
        .ok();
    let place = crate::text::nfc(&get("place"));
    if place.is_empty() || place.chars().count() > 200 {
        out.problems.push(problem(
            row,
            &label("place"),
            crate::trace::TraceError::Place.to_string(),
        ));
    }
    if out.problems.len() > before {
        return;
    }
    if let (Some(lot), Some(step), Some(time), Some(quantity)) = (lot, step, time, quantity) {
        out.rows.push(ImportedEvent {
            row,
            lot,
            event: EventInput {
                step,
                time,
                place,
                quantity,
                note: crate::text::nfc(&get("note")).chars().take(500).collect(),
            },
        });
    }
}

/// Reads a CSV or JSON file (told apart by its first non-blank byte).
pub fn parse(bytes: &[u8]) -> ParsedEvents {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.trim_start_matches('\u{feff}'),
        Err(_) => {
            return ParsedEvents {
                rows: vec![],
                problems: vec![problem(0, "", "Tệp phải là CSV hoặc JSON mã hóa UTF-8.")],
            };
        }
    };
    match text.trim_start().as_bytes().first() {
        Some(b'[' | b'{') => parse_json(text),
        Some(_) => parse_csv(text),
        None => ParsedEvents {
            rows: vec![],
            problems: vec![problem(0, "", "Tệp trống.")],
        },
    }
}

fn parse_csv(text: &str) -> ParsedEvents {
    let mut out = ParsedEvents::default();
    let first = text.lines().next().unwrap_or_default();
    let delimiter = if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<Option<&'static str>> = match reader.headers() {
        Ok(h) => h.iter().map(key_of).collect(),
        Err(_) => {
            out.problems
                .push(problem(1, "", "Không đọc được dòng tiêu đề."));
            return out;
        }
    };
    for (key, _) in COLUMNS
        .iter()
        .filter(|(k, _)| *k != "note" && *k != "quantity")
    {
        if !headers.contains(&Some(key)) {
            out.problems
                .push(problem(1, &label(key), "Thiếu cột này trong dòng tiêu đề."));
        }
    }
    if !out.problems.is_empty() {
        return out;
    }
    for (i, record) in reader.records().enumerate() {
        let row = i + 2;
        if row > MAX_ROWS + 1 {
            out.problems.push(problem(
                row,
                "",
                format!("Tệp quá {MAX_ROWS} dòng; hãy chia nhỏ."),
            ));
            break;
        }
        let Ok(record) = record else {
            out.problems.push(problem(
                row,
                "",
                "Dòng không đọc được (dấu ngoặc kép sai?).",
            ));
            continue;
        };
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let get = |key: &str| {
            headers
                .iter()
                .position(|h| *h == Some(key))
                .and_then(|p| record.get(p))
                .unwrap_or_default()
                .to_owned()
        };
        read_row(row, &get, &mut out);
    }
    out
}

fn parse_json(text: &str) -> ParsedEvents {
    let mut out = ParsedEvents::default();
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            out.problems.push(problem(
                e.line(),
                "",
                format!("JSON không hợp lệ ở dòng {}, cột {}.", e.line(), e.column()),
            ));
            return out;
        }
    };
    let Some(items) = value.as_array() else {
        out.problems
            .push(problem(0, "", "JSON phải là một mảng các sự kiện."));
        return out;
    };
    if items.len() > MAX_ROWS {
        out.problems.push(problem(
            0,
            "",
            format!("Tệp quá {MAX_ROWS} sự kiện; hãy chia nhỏ."),
        ));
        return out;
    }
    for (i, item) in items.iter().enumerate() {
        // JSON rows are numbered from 1 in the order of the array.
        let row = i + 1;
        let Some(obj) = item.as_object() else {
            out.problems
                .push(problem(row, "", "Mỗi sự kiện phải là một đối tượng JSON."));
            continue;
        };
        let get = |key: &str| {
            obj.iter()
                .find(|(k, _)| key_of(k) == Some(key))
                .map(|(_, v)| match v {
                    Value::String(s) => s.clone(),
                    Value::Null => String::new(),
                    other => other.to_string(),
                })
                .unwrap_or_default()
        };
        read_row(row, &get, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_parse_and_problems_name_row_and_column() {
        let csv = "Số lô;Bước;Thời điểm;Địa điểm;Số lượng\n\
                   L1;Thu hoạch;2026-11-20 07:00;Vùng VN-1;100\n\
                   L 2;nướng;20/11/2026;;-1\n";
        let p = parse(csv.as_bytes());
        assert_eq!(p.rows.len(), 1);
        assert_eq!(p.rows[0].event.quantity, Some(100));
        let cols: Vec<(usize, &str)> = p
            .problems
            .iter()
            .map(|x| (x.row, x.column.as_str()))
            .collect();
        assert_eq!(
            cols,
            [
                (3, "Số lô"),
                (3, "Bước"),
                (3, "Thời điểm"),
                (3, "Số lượng"),
                (3, "Địa điểm")
            ]
        );
    }

    /// The fuzz target's corpus (fuzz/corpus/trace_import), replayed.
    #[test]
    fn the_fuzz_corpus_reads_without_panicking() {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/trace_import");
        let mut n = 0;
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let bytes = std::fs::read(entry.path()).unwrap_or_default();
            let parsed = parse(&bytes);
            n += 1;
            assert!(
                parsed.rows.len() + parsed.problems.len() > 0,
                "{:?} says nothing",
                entry.path()
            );
        }
        assert!(n >= 7, "the corpus is at {}", dir.display());
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_parse_or_are_refused_without_panicking(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
            let _ = parse(&bytes);
        }

        #[test]
        fn any_csv_text_parses_or_is_refused(text in "(lot|buoc|step|time|place)[,;](\\PC{0,20}[,;\n]){0,12}") {
            let _ = parse(text.as_bytes());
        }
    }

    #[test]
    fn json_arrays_and_missing_headers() {
        let json = r#"[{"lot":"L1","step":"urn:epcglobal:cbv:bizstep:shipping","time":"2026-11-20T08:00:00+07:00","place":"Kho","quantity":5}]"#;
        let p = parse(json.as_bytes());
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        assert_eq!(p.rows[0].event.step, crate::trace::Step::Shipping);
        let p = parse(b"lot,step\nL1,harvest\n");
        assert_eq!(p.problems.len(), 2);
        assert!(parse(b"{\"a\":").problems[0].reason.contains("JSON"));
        assert!(!parse(&[0xff, 0xfe]).problems.is_empty());
    }
}
