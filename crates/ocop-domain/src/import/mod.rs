//! Nhập danh sách — reading the lists offices already keep (products and
//! the decisions that recognised them) into checked rows, with every problem
//! named by row, column and reason, in Vietnamese.

use crate::text::fold;
use crate::{DecisionNumber, ProductGroup, Stars};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashSet};

/// The fields a list can hold: (key, Vietnamese label, required).
pub const FIELDS: [(&str, &str, bool); 9] = [
    ("product", "Tên sản phẩm", true),
    ("producer", "Chủ thể", true),
    ("stars", "Hạng sao", true),
    ("group", "Nhóm sản phẩm", false),
    ("year", "Năm công nhận", false),
    ("decision", "Số quyết định", false),
    ("decision_date", "Ngày quyết định", false),
    ("commune", "Xã, phường", false),
    ("address", "Địa chỉ", false),
];

/// Which column of the file holds which field (by header text).
pub type Mapping = BTreeMap<String, String>;

/// What offices write at the top of each column, per field (as they write
/// them; compared without accents, case or punctuation, so "Xã phường",
/// "Xã, phường" and "xa/phuong" are one header).
pub const HEADER_SYNONYMS: [(&str, &[&str]); 9] = [
    (
        "product",
        &[
            "tên sản phẩm",
            "sản phẩm",
            "tên sp",
            "sản phẩm ocop",
            "product",
        ],
    ),
    (
        "producer",
        &[
            "chủ thể",
            "tên chủ thể",
            "chủ thể ocop",
            "chủ thể sản xuất",
            "đơn vị",
            "cơ sở sản xuất",
            "tổ chức cá nhân",
            "producer",
        ],
    ),
    (
        "stars",
        &[
            "hạng sao",
            "số sao",
            "sao",
            "xếp hạng",
            "hạng",
            "kết quả xếp hạng",
            "stars",
        ],
    ),
    (
        "group",
        &[
            "nhóm sản phẩm",
            "nhóm",
            "ngành hàng",
            "bộ sản phẩm",
            "group",
        ],
    ),
    ("year", &["năm công nhận", "năm", "năm đánh giá", "year"]),
    (
        "decision",
        &[
            "số quyết định",
            "quyết định",
            "số qđ",
            "qđ",
            "quyết định công nhận",
            "decision",
        ],
    ),
    (
        "decision_date",
        &[
            "ngày quyết định",
            "ngày qđ",
            "ngày ban hành",
            "ngày công nhận",
            "ngày ký",
        ],
    ),
    (
        "commune",
        &[
            "xã phường",
            "xã",
            "phường",
            "xã phường thị trấn",
            "xã phường đặc khu",
            "địa bàn",
            "đơn vị hành chính",
            "commune",
        ],
    ),
    ("address", &["địa chỉ", "địa chỉ sản xuất", "address"]),
];

/// A header as compared: without accents, case, punctuation or extra spaces.
fn header_words(h: &str) -> String {
    fold(h)
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Guesses the mapping from header names: a header that is one of a
/// field's names first, then one that starts with it ("Hạng sao (1-5)");
/// each column is given to one field at most.
pub fn guess_mapping(headers: &[String]) -> Mapping {
    let mut m = Mapping::new();
    let words: Vec<String> = headers.iter().map(|h| header_words(h)).collect();
    let mut taken = vec![false; headers.len()];
    for whole in [true, false] {
        for (key, names) in HEADER_SYNONYMS {
            if m.contains_key(key) {
                continue;
            }
            let found = names.iter().map(|n| header_words(n)).find_map(|n| {
                words.iter().enumerate().position(|(i, w)| {
                    !taken[i]
                        && if whole {
                            *w == n
                        } else {
                            w.starts_with(&format!("{n} "))
                        }
                })
            });
            if let Some(i) = found {
                taken[i] = true;
                m.insert(key.to_owned(), headers[i].clone());
            }
        }
    }
    m
}

/// Columns of the file that no field reads: shown before anything is written,
/// so a column the platform did not recognise is not silently dropped.
pub fn unused_columns(headers: &[String], mapping: &Mapping) -> Vec<String> {
    headers
        .iter()
        .filter(|h| !h.trim().is_empty() && !mapping.values().any(|v| v == *h))
        .cloned()
        .collect()
}

/// One problem with the file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// The row as the spreadsheet numbers it (the header is row 1).
    pub row: usize,
    pub column: String,
    pub reason: String,
}

/// A row that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRow {
    pub row: usize,
    pub product: String,
    pub producer: String,
    pub stars: Stars,
    pub group: Option<ProductGroup>,
    pub year: Option<i32>,
    pub decision: Option<DecisionNumber>,
    pub decision_date: Option<NaiveDate>,
    /// A 2025 commune code of the province.
    pub commune: Option<String>,
    pub address: Option<String>,
}

/// The file read: good rows and every problem. Nothing is written unless
/// `problems` is empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    pub rows: Vec<ImportRow>,
    pub problems: Vec<Problem>,
}

/// A date as offices type it: `19/06/2025`, `2025-06-19`, or an Excel serial
/// day number.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%d/%m/%Y")
        .or_else(|_| NaiveDate::parse_from_str(s, "%Y-%m-%d"))
        .ok()
        .or_else(|| {
            let serial: f64 = s.parse().ok()?;
            if !(20_000.0..80_000.0).contains(&serial) {
                return None;
            }
            // Excel counts days from 30 Dec 1899.
            #[allow(clippy::cast_possible_truncation)]
            NaiveDate::from_ymd_opt(1899, 12, 30)?
                .checked_add_days(chrono::Days::new(serial.trunc() as u64))
        })
}

/// Checks every row. `commune` turns a commune name or code into the
/// province's 2025 commune code.
pub fn parse(
    table: &[Vec<String>],
    mapping: &Mapping,
    commune: impl Fn(&str) -> Option<String>,
) -> Parsed {
    let mut out = Parsed::default();
    let Some(headers) = table.first() else {
        out.problems.push(Problem {
            row: 1,
            column: String::new(),
            reason: "Tệp không có dòng tiêu đề.".into(),
        });
        return out;
    };
    let mut col: BTreeMap<&str, usize> = BTreeMap::new();
    for (key, label, required) in FIELDS {
        match mapping
            .get(key)
            .and_then(|h| headers.iter().position(|x| x.trim() == h.trim()))
        {
            Some(i) => {
                col.insert(key, i);
            }
            None if required => out.problems.push(Problem {
                row: 1,
                column: label.to_owned(),
                reason: format!(
                    "Không có cột «{label}»: chọn cột nào trong tệp chứa thông tin này."
                ),
            }),
            None => {}
        }
    }
    if !out.problems.is_empty() {
        return out;
    }
    let mut seen: HashSet<(String, String, String)> = HashSet::new();
    for (i, cells) in table.iter().enumerate().skip(1) {
        let row = i + 1;
        let get = |key: &str| {
            col.get(key)
                .and_then(|c| cells.get(*c))
                .map(|v| crate::text::nfc(v))
                .unwrap_or_default()
        };
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let mut problem = |key: &str, reason: String| {
            let label = FIELDS
                .iter()
                .find(|(k, _, _)| *k == key)
                .map_or(key, |(_, l, _)| *l);
            out.problems.push(Problem {
                row,
                column: label.to_owned(),
                reason,
            });
        };
        let product = get("product");
        let producer = get("producer");
        if product.is_empty() {
            problem("product", "Thiếu tên sản phẩm.".into());
        }
        if producer.is_empty() {
            problem("producer", "Thiếu tên chủ thể.".into());
        }
        let stars = get("stars");
        let stars = match stars.trim_end_matches(" sao").trim().parse::<f64>() {
            #[allow(clippy::cast_possible_truncation)]
            Ok(n) if n.fract() == 0.0 => Stars::new(n as i64).ok().filter(|s| s.certifiable()),
            _ => None,
        }
        .or_else(|| {
            problem(
                "stars",
                format!("«{stars}» không phải hạng sao được công nhận (3, 4 hoặc 5)."),
            );
            None
        });
        let group = match get("group") {
            g if g.is_empty() => None,
            g => ProductGroup::parse_code(g.trim().to_uppercase().as_str())
                .or_else(|| ProductGroup::from_label(&g))
                .or_else(|| {
                    problem(
                        "group",
                        format!("Không nhận ra nhóm «{g}» (I–VI hoặc tên nhóm)."),
                    );
                    None
                }),
        };
        let year = match get("year") {
            y if y.is_empty() => None,
            y => match y.parse::<f64>() {
                #[allow(clippy::cast_possible_truncation)]
                Ok(n) if n.fract() == 0.0 && (2013.0..=2100.0).contains(&n) => Some(n as i32),
                _ => {
                    problem("year", format!("«{y}» không phải năm (4 chữ số)."));
                    None
                }
            },
        };
        let decision = match get("decision") {
            d if d.is_empty() => None,
            d => DecisionNumber::parse(&d)
                .map_err(|e| problem("decision", e.to_string()))
                .ok(),
        };
        let decision_date = match get("decision_date") {
            d if d.is_empty() => None,
            d => parse_date(&d).or_else(|| {
                problem(
                    "decision_date",
                    format!("«{d}» không phải ngày (ngày/tháng/năm)."),
                );
                None
            }),
        };
        let commune_code = match get("commune") {
            c if c.is_empty() => None,
            c => commune(&c).or_else(|| {
                problem(
                    "commune",
                    format!("Không tìm thấy xã, phường «{c}» trong tỉnh (danh mục từ 01/7/2025)."),
                );
                None
            }),
        };
        let key = (
            fold(&product),
            fold(&producer),
            decision
                .as_ref()
                .map(|d| d.as_str().to_owned())
                .unwrap_or_default(),
        );
        if !product.is_empty() && !seen.insert(key) {
            problem(
                "product",
                "Trùng với một dòng phía trên (cùng sản phẩm, chủ thể và quyết định).".into(),
            );
            continue;
        }
        if let (Some(stars), false, false) = (stars, product.is_empty(), producer.is_empty()) {
            out.rows.push(ImportRow {
                row,
                product,
                producer,
                stars,
                group,
                year: year.or_else(|| decision_date.map(|d| chrono::Datelike::year(&d))),
                decision,
                decision_date,
                commune: commune_code,
                address: Some(get("address")).filter(|a| !a.is_empty()),
            });
        }
    }
    // Rows with a problem are not half-kept: the whole file waits.
    let bad: HashSet<usize> = out.problems.iter().map(|p| p.row).collect();
    out.rows.retain(|r| !bad.contains(&r.row));
    out
}

#[cfg(test)]
mod tests;
