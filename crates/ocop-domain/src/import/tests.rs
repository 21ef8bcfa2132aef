use super::*;

#[test]
fn headers_are_matched_as_offices_write_them() {
    let h = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let headers = h(&[
        "STT",
        "Tên sản phẩm",
        "Chủ thể",
        "Xã phường",
        "Hạng sao (1-5)",
        "Số QĐ",
        "Ngày QĐ",
        "Ghi chú",
    ]);
    let m = guess_mapping(&headers);
    assert_eq!(m.get("commune").map(String::as_str), Some("Xã phường"));
    assert_eq!(m.get("stars").map(String::as_str), Some("Hạng sao (1-5)"));
    assert_eq!(m.get("decision").map(String::as_str), Some("Số QĐ"));
    assert_eq!(m.get("decision_date").map(String::as_str), Some("Ngày QĐ"));
    assert_eq!(unused_columns(&headers, &m), h(&["STT", "Ghi chú"]));
    // Without accents, with other punctuation.
    let m = guess_mapping(&h(&["ten san pham", "CHU THE", "xa/phuong", "so sao"]));
    assert_eq!(m.len(), 4, "{m:?}");
    assert_eq!(m.get("commune").map(String::as_str), Some("xa/phuong"));
    // A column is given to one field only.
    let m = guess_mapping(&h(&["Năm", "Năm công nhận"]));
    assert_eq!(m.get("year").map(String::as_str), Some("Năm công nhận"));
    assert_eq!(m.len(), 1);
}

fn t(rows: &[&[&str]]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| r.iter().map(|c| (*c).to_owned()).collect())
        .collect()
}

fn communes(c: &str) -> Option<String> {
    (fold(c) == "xa thuan an" || c == "24682").then(|| "24682".to_owned())
}

#[test]
fn every_problem_has_its_row_column_and_reason() {
    let table = t(&[
        &[
            "Tên sản phẩm",
            "Chủ thể",
            "Hạng sao",
            "Năm công nhận",
            "Xã, phường",
            "Số quyết định",
        ],
        &[
            "Cà phê bột",
            "HTX A",
            "4",
            "2024",
            "Xã Thuận An",
            "12/QĐ-UBND",
        ],
        &["Mật ong", "HTX B", "bốn", "2024", "Xã Thuận An", ""],
        &["Tiêu", "HTX C", "3", "hai nghìn", "Xã Không Có", ""],
        &[
            "Cà phê bột",
            "HTX A",
            "4",
            "2024",
            "Xã Thuận An",
            "12/QĐ-UBND",
        ],
    ]);
    let m = guess_mapping(&table[0]);
    assert_eq!(m.get("stars").map(String::as_str), Some("Hạng sao"));
    let p = parse(&table, &m, communes);
    let got: Vec<(usize, &str)> = p
        .problems
        .iter()
        .map(|x| (x.row, x.column.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (3, "Hạng sao"),
            (4, "Năm công nhận"),
            (4, "Xã, phường"),
            (5, "Tên sản phẩm")
        ]
    );
    assert!(p.problems[2].reason.contains("Xã Không Có"));
    assert_eq!(p.rows.len(), 1, "only the clean row");
    assert_eq!(p.rows[0].commune.as_deref(), Some("24682"));
}

#[test]
fn a_missing_required_column_is_named() {
    let table = t(&[&["Sản phẩm", "Hạng"], &["X", "3"]]);
    let p = parse(&table, &Mapping::new(), communes);
    assert!(
        p.problems
            .iter()
            .any(|x| x.column == "Chủ thể" && x.row == 1)
    );
}

#[test]
fn dates_as_offices_type_them() {
    let d = NaiveDate::from_ymd_opt(2025, 6, 19);
    assert_eq!(parse_date("19/06/2025"), d);
    assert_eq!(parse_date("2025-06-19"), d);
    assert_eq!(parse_date("45827"), d, "Excel serial day");
    assert_eq!(parse_date("19.06.2025"), None);
}
