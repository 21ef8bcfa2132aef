//! Reading a criteria-set file (CSV: `title,description,level,stars,score`)
//! into a [`CriteriaSet`], applying the manifest's corrections first.

use super::validate::{self, Problem, ProblemKind};
use super::{AnswerOption, CriteriaSet, Criterion, Part, Points, Section};
use crate::text::{fold, nfc};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// What the manifest says about one set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetMeta {
    /// The decision version, e.g. `qd148-2023`.
    pub version: String,
    pub number: u8,
    pub name: String,
    /// Product group code, I–VI.
    pub group: String,
    #[serde(default)]
    pub nhom: Option<String>,
    #[serde(default)]
    pub phan_nhom: Option<String>,
    /// The lead ministry / department named for the sub-group.
    pub lead_agency: String,
    #[serde(default)]
    pub lead_verified: bool,
    /// e.g. "Phụ lục III, Quyết định 148/QĐ-TTg ngày 24/02/2023".
    pub legal_reference: String,
    pub effective_from: NaiveDate,
    #[serde(default)]
    pub effective_until: Option<NaiveDate>,
    pub file: String,
    #[serde(default)]
    pub corrections: Vec<Correction>,
    #[serde(default)]
    pub acknowledged: Vec<Acknowledged>,
    /// Known problems of the transcription that no check finds (a set
    /// without star marks), said to everyone who scores with it.
    #[serde(default)]
    pub known_issues: Vec<String>,
    /// The criteria the commune pre-assesses under 1489/2025 (local origin
    /// of the product or raw material, origin of the idea, local labour,
    /// local identity), as this set numbers them.
    #[serde(default)]
    pub commune_criteria: Vec<String>,
    /// Criteria whose claim must be proven by a paper, and which paper.
    #[serde(default)]
    pub evidence: Vec<EvidenceRule>,
}

/// Minh chứng bắt buộc — a criterion answered above zero must carry this
/// paper (a trademark certificate for intellectual property, a test report
/// for the periodic food-safety checks…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceRule {
    pub criterion: String,
    pub proof: String,
}

/// A fix of one cell of the transcription, with its reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correction {
    pub line: u64,
    pub column: String,
    pub from: String,
    pub to: String,
    pub reason: String,
}

/// A problem the manifest knows about: the set loads, flagged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acknowledged {
    pub kind: ProblemKind,
    /// Where: a criterion id, a section number, a part code or `total`.
    pub at: String,
    pub note: String,
}

/// Why a file was rejected: where, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub file: String,
    pub line: u64,
    pub criterion: Option<String>,
    pub reason: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "tệp {}, dòng {}", self.file, self.line)?;
        if let Some(c) = &self.criterion {
            write!(f, ", tiêu chí {c}")?;
        }
        write!(f, ": {}", self.reason)
    }
}

impl std::error::Error for LoadError {}

/// One record of the file with its line number.
struct Row {
    line: u64,
    title: String,
    description: String,
    level: String,
    stars: String,
    score: String,
}

/// Parses and validates a set. Problems the manifest acknowledges become
/// flags; any other problem rejects the file.
pub fn parse_set(text: &str, meta: &SetMeta) -> Result<CriteriaSet, LoadError> {
    let err = |line: u64, criterion: Option<String>, reason: String| LoadError {
        file: meta.file.clone(),
        line,
        criterion,
        reason,
    };
    let mut rows = read_rows(text).map_err(|(line, reason)| err(line, None, reason))?;
    let mut flags = meta.known_issues.clone();
    for c in &meta.corrections {
        let row = rows.iter_mut().find(|r| r.line == c.line).ok_or_else(|| {
            err(
                c.line,
                None,
                "bản sửa trỏ tới một dòng không có trong tệp".into(),
            )
        })?;
        let cell = match c.column.as_str() {
            "score" => &mut row.score,
            "stars" => &mut row.stars,
            "title" => &mut row.title,
            other => {
                return Err(err(
                    c.line,
                    None,
                    format!("bản sửa trỏ tới cột \"{other}\" không có"),
                ));
            }
        };
        if *cell != c.from {
            return Err(err(
                c.line,
                None,
                format!(
                    "bản sửa chờ giá trị \"{}\" nhưng tệp ghi \"{cell}\"",
                    c.from
                ),
            ));
        }
        cell.clone_from(&c.to);
        flags.push(format!(
            "Dòng {}: cột {} sửa \"{}\" → \"{}\" ({})",
            c.line, c.column, c.from, c.to, c.reason
        ));
    }
    let (parts, inferred) = build_tree(&rows, &err)?;
    let mut set = CriteriaSet {
        id: format!("{}-{:02}", meta.version, meta.number),
        meta: meta.clone(),
        parts,
        flags,
    };
    // The lists that name criteria must name criteria of this set.
    let named = meta
        .evidence
        .iter()
        .map(|r| &r.criterion)
        .chain(&meta.commune_criteria);
    if let Some(id) = named.into_iter().find(|id| set.criterion(id).is_none()) {
        return Err(err(
            0,
            Some(id.clone()),
            "danh mục minh chứng hoặc tiêu chí của xã trỏ tới tiêu chí không có trong bộ".into(),
        ));
    }
    let mut problems = validate::check(&set);
    problems.extend(inferred);
    for p in problems {
        match meta
            .acknowledged
            .iter()
            .find(|a| a.kind == p.kind && a.at == p.at)
        {
            Some(a) => set.flags.push(format!("{} — {}", p.message, a.note)),
            None => return Err(err(p.line, p.criterion.clone(), p.message)),
        }
    }
    Ok(set)
}

fn read_rows(text: &str) -> Result<Vec<Row>, (u64, String)> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| (1, e.to_string()))?.clone();
    let expected = ["title", "description", "level", "stars", "score"];
    if headers.iter().collect::<Vec<_>>() != expected {
        return Err((1, format!("tiêu đề cột phải là {}", expected.join(","))));
    }
    let mut rows = Vec::new();
    for rec in reader.records() {
        let rec = rec.map_err(|e| {
            (
                e.position()
                    .map_or(0, |p| crate::text::line_at(text, p.byte())),
                e.to_string(),
            )
        })?;
        let cell = |i: usize| nfc(rec.get(i).unwrap_or_default());
        rows.push(Row {
            line: rec
                .position()
                .map_or(0, |p| crate::text::line_at(text, p.byte())),
            title: cell(0),
            description: cell(1),
            level: cell(2),
            stars: cell(3),
            score: cell(4),
        });
    }
    Ok(rows)
}

/// A title's star mark (`***`) and the title without it. The mark ends the
/// title, or is followed only by a note ("…*****\nGhi chú: …"), which is kept.
fn split_mark(title: &str) -> (String, usize) {
    let trimmed = title.trim_end_matches(|c: char| c == '.' || c.is_whitespace());
    let Some(end) = trimmed.rfind('*') else {
        return (trimmed.to_owned(), 0);
    };
    let (head, tail) = trimmed.split_at(end + 1);
    let after = tail.trim();
    if !after.is_empty() && !fold(after).starts_with("ghi chu") {
        return (trimmed.to_owned(), 0);
    }
    let stars = head.chars().rev().take_while(|c| *c == '*').count();
    let text = head.trim_end_matches('*').trim_end();
    let text = if after.is_empty() {
        text.to_owned()
    } else {
        format!("{text} ({after})")
    };
    (text, stars)
}

/// `a) Tên`, `a ) Tên`, `đ) Tên` or `a. Tên` → (`a`, `Tên`).
fn split_letter(title: &str) -> Option<(String, String)> {
    let pos = title.find([')', '.'])?;
    let (letter, rest) = title.split_at(pos);
    let letter = letter.trim();
    let ok = !letter.is_empty()
        && letter.chars().count() <= 2
        && letter.chars().all(char::is_alphabetic);
    ok.then(|| (letter.to_owned(), rest[1..].trim().to_owned()))
}

/// A sub-criterion line ("- Tạp chất") under a lettered criterion.
fn sub_title(title: &str) -> Option<String> {
    let t = title.trim_start();
    ["-", "–", "+"]
        .iter()
        .find_map(|d| t.strip_prefix(d))
        .map(one_line)
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// "Phần A: SẢN PHẨM VÀ SỨC MẠNH CỦA CỘNG ĐỒNG (40 Điểm)" → "SẢN PHẨM VÀ SỨC
/// MẠNH CỦA CỘNG ĐỒNG": without the part label and the points in brackets.
fn part_title(title: &str) -> String {
    let line = one_line(title);
    let rest: String = line.chars().skip("Phần A".chars().count()).collect();
    let rest = rest.trim_start_matches([':', '.', ' ']);
    let rest = match rest.rfind('(') {
        Some(i) if fold(&rest[i..]).contains("diem") => &rest[..i],
        _ => rest,
    };
    rest.trim().to_owned()
}

fn optional(s: &str) -> Option<String> {
    Some(one_line(s)).filter(|v| !v.is_empty())
}

fn ascii_letter(letter: &str) -> String {
    letter.replace(['đ', 'Đ'], "dd").to_lowercase()
}

/// The text tells evaluators the criterion may not apply to every product.
fn may_not_apply(title: &str, note: Option<&str>) -> bool {
    let f = fold(&format!("{title} {}", note.unwrap_or_default()));
    ["chi ap dung khi", "khong danh gia", "khong xem xet"]
        .iter()
        .any(|k| f.contains(k))
}

type ErrFn<'a> = dyn Fn(u64, Option<String>, String) -> LoadError + 'a;

fn build_tree(rows: &[Row], err: &ErrFn<'_>) -> Result<(Vec<Part>, Vec<Problem>), LoadError> {
    let mut parts: Vec<Part> = Vec::new();
    let mut inferred = Vec::new();
    for row in rows {
        let points = |s: &str| -> Result<Option<Points>, LoadError> {
            match s.trim() {
                "" => Ok(None),
                v => v.parse::<Points>().map(Some).map_err(|_| {
                    err(
                        row.line,
                        None,
                        format!("điểm \"{v}\" không phải số nguyên không âm"),
                    )
                }),
            }
        };
        let mark = match row.stars.trim() {
            "" => None,
            v => Some(
                v.parse::<u8>()
                    .ok()
                    .filter(|n| (3..=5).contains(n))
                    .ok_or_else(|| {
                        err(
                            row.line,
                            None,
                            format!("dấu sao \"{v}\" phải là 3, 4 hoặc 5"),
                        )
                    })?,
            ),
        };
        let (title, title_stars) = split_mark(&row.title);
        if mark.map_or(0, usize::from) != title_stars {
            inferred.push(Problem {
                kind: ProblemKind::MarkMismatch,
                at: format!("L{}", row.line),
                line: row.line,
                criterion: None,
                message: format!(
                    "dấu sao trong tên ({title_stars} dấu *) khác cột stars ({})",
                    mark.map_or_else(|| "trống".to_owned(), |m| m.to_string())
                ),
            });
        }
        match row.level.trim() {
            "0" => {
                let f = fold(&title);
                let code = ["a", "b", "c"]
                    .iter()
                    .find(|c| f.starts_with(&format!("phan {c}")))
                    .map(|c| c.to_uppercase())
                    .ok_or_else(|| {
                        err(
                            row.line,
                            None,
                            "phần phải bắt đầu bằng \"Phần A\", \"Phần B\" hoặc \"Phần C\"".into(),
                        )
                    })?;
                let max = points(&row.score)?
                    .ok_or_else(|| err(row.line, None, "phần thiếu điểm tối đa".into()))?;
                let name = part_title(&title);
                parts.push(Part {
                    code,
                    title: name,
                    max,
                    sections: Vec::new(),
                    line: row.line,
                });
            }
            "1" => {
                let part = parts
                    .last_mut()
                    .ok_or_else(|| err(row.line, None, "mục đứng trước mọi phần".into()))?;
                let (num, rest) = title.split_once('.').unwrap_or(("", &title));
                let number = num.trim().parse::<u32>().map_err(|_| {
                    err(
                        row.line,
                        None,
                        "mục phải bắt đầu bằng số thứ tự, ví dụ \"1.\"".into(),
                    )
                })?;
                let max = points(&row.score)?
                    .ok_or_else(|| err(row.line, None, "mục thiếu điểm tối đa".into()))?;
                let note = optional(&row.description);
                let alternatives =
                    fold(note.as_deref().unwrap_or_default()).contains("lua chon mot trong");
                part.sections.push(Section {
                    number,
                    title: one_line(rest),
                    note,
                    max,
                    alternatives,
                    criteria: Vec::new(),
                    line: row.line,
                });
            }
            "2" => {
                let section = parts
                    .last_mut()
                    .and_then(|p| p.sections.last_mut())
                    .ok_or_else(|| err(row.line, None, "tiêu chí đứng trước mọi mục".into()))?;
                if let Some(sub) = sub_title(&title) {
                    // A part of the previous lettered criterion, scored on its own.
                    let parent = section
                        .criteria
                        .iter()
                        .rev()
                        .find(|c| !c.id.contains('-'))
                        .map(|c| (c.id.clone(), c.title.clone()))
                        .ok_or_else(|| {
                            err(
                                row.line,
                                None,
                                "tiêu chí con (\"- …\") không có tiêu chí cha".into(),
                            )
                        })?;
                    let n = section
                        .criteria
                        .iter()
                        .filter(|c| c.id.starts_with(&format!("{}-", parent.0)))
                        .count()
                        + 1;
                    let max = points(&row.score)?.ok_or_else(|| {
                        err(row.line, None, "tiêu chí con thiếu điểm tối đa".into())
                    })?;
                    let note = optional(&row.description);
                    section.criteria.push(Criterion {
                        id: format!("{}-{n}", parent.0),
                        may_not_apply: may_not_apply(&sub, note.as_deref()),
                        title: format!("{} — {sub}", parent.1),
                        note,
                        max,
                        mark,
                        options: Vec::new(),
                        line: row.line,
                    });
                    continue;
                }
                let (letter, rest) = split_letter(&title).ok_or_else(|| {
                    err(
                        row.line,
                        None,
                        "tiêu chí phải bắt đầu bằng chữ cái và dấu ), ví dụ \"a)\"".into(),
                    )
                })?;
                let id = format!("{}.{}", section.number, ascii_letter(&letter));
                // "a) Ngoại hình - Tạp chất", "a) Ngoại hình - Màu sắc", …: one
                // criterion written as repeated rows; each row is a sub-criterion.
                let head = |t: &str| {
                    t.split(" - ")
                        .next()
                        .map(str::trim)
                        .unwrap_or_default()
                        .to_owned()
                };
                let repeated = section.criteria.iter().any(|c| {
                    (c.id == id || c.id.starts_with(&format!("{id}-")))
                        && rest.contains(" - ")
                        && head(&c.title) == head(&rest)
                });
                let id = if repeated {
                    if let Some(first) = section.criteria.iter_mut().find(|c| c.id == id) {
                        first.id = format!("{id}-1");
                        for (i, o) in first.options.iter_mut().enumerate() {
                            o.id = format!("{}.{}", first.id, i + 1);
                        }
                    }
                    let n = section
                        .criteria
                        .iter()
                        .filter(|c| c.id.starts_with(&format!("{id}-")))
                        .count()
                        + 1;
                    format!("{id}-{n}")
                } else {
                    id
                };
                let title = if rest.is_empty() {
                    section.title.clone()
                } else {
                    one_line(&rest)
                };
                let max = match points(&row.score)? {
                    Some(m) => m,
                    None => {
                        inferred.push(Problem {
                            kind: ProblemKind::MissingMax,
                            at: id.clone(),
                            line: row.line,
                            criterion: Some(id.clone()),
                            message: "tiêu chí không ghi điểm tối đa; lấy theo phương án cao nhất"
                                .into(),
                        });
                        0
                    }
                };
                let note = optional(&row.description);
                section.criteria.push(Criterion {
                    may_not_apply: may_not_apply(&title, note.as_deref()),
                    id,
                    title,
                    note,
                    max,
                    mark,
                    options: Vec::new(),
                    line: row.line,
                });
            }
            "3" => {
                let section = parts
                    .last_mut()
                    .and_then(|p| p.sections.last_mut())
                    .ok_or_else(|| err(row.line, None, "phương án đứng trước mọi mục".into()))?;
                if section.criteria.is_empty() {
                    // Options straight under a section: it is its own criterion.
                    section.criteria.push(Criterion {
                        id: section.number.to_string(),
                        title: section.title.clone(),
                        may_not_apply: may_not_apply(&section.title, section.note.as_deref()),
                        note: section.note.clone(),
                        max: section.max,
                        mark: None,
                        options: Vec::new(),
                        line: row.line,
                    });
                }
                let criterion = section.criteria.last_mut().ok_or_else(|| {
                    err(row.line, None, "phương án không thuộc tiêu chí nào".into())
                })?;
                let p = points(&row.score)?.ok_or_else(|| {
                    err(
                        row.line,
                        Some(criterion.id.clone()),
                        "phương án thiếu điểm".into(),
                    )
                })?;
                let text = one_line(title.trim_start_matches('□').trim());
                criterion.options.push(AnswerOption {
                    id: format!("{}.{}", criterion.id, criterion.options.len() + 1),
                    text,
                    points: p,
                    mark,
                    line: row.line,
                });
            }
            other => {
                return Err(err(
                    row.line,
                    None,
                    format!(
                        "cấp \"{other}\" không hợp lệ (0 phần, 1 mục, 2 tiêu chí, 3 phương án)"
                    ),
                ));
            }
        }
    }
    // A criterion split into sub-criteria is scored through them: the header
    // leaves the sheet once its parts add up to it.
    for section in parts.iter_mut().flat_map(|p| p.sections.iter_mut()) {
        let headers: Vec<(String, Points, u64)> = section
            .criteria
            .iter()
            .filter(|c| {
                section
                    .criteria
                    .iter()
                    .any(|s| s.id.starts_with(&format!("{}-", c.id)))
            })
            .map(|c| (c.id.clone(), c.max, c.line))
            .collect();
        for (id, max, line) in headers {
            let sum: Points = section
                .criteria
                .iter()
                .filter(|s| s.id.starts_with(&format!("{id}-")))
                .map(|s| s.max)
                .sum();
            if sum != max {
                inferred.push(Problem {
                    kind: ProblemKind::CriteriaSum,
                    at: id.clone(),
                    line,
                    criterion: Some(id.clone()),
                    message: format!(
                        "các tiêu chí con của {id} cộng lại {sum} điểm, tiêu chí ghi {max}"
                    ),
                });
            }
            section.criteria.retain(|c| c.id != id);
        }
    }
    // A criterion without its maximum takes its best option's points.
    for c in parts
        .iter_mut()
        .flat_map(|p| p.sections.iter_mut())
        .flat_map(|s| s.criteria.iter_mut())
    {
        if c.max == 0 {
            c.max = c.best_points();
        }
    }
    Ok((parts, inferred))
}
