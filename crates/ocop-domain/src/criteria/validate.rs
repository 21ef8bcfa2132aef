//! Checks that a set adds up: options within their criterion, criteria to
//! their section, sections to their part, parts to 100, and star marks in
//! order. Each problem names where it is, so a manifest can acknowledge it.

use super::CriteriaSet;
use serde::{Deserialize, Serialize};

/// The kinds of problem a set can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// The parts do not add up to 100.
    PartsTotal,
    /// A part's sections do not add up to the part.
    SectionsSum,
    /// A section's criteria do not add up to the section.
    CriteriaSum,
    /// An option gives more than its criterion's maximum.
    OptionOverMax,
    /// No option reaches the criterion's maximum.
    MaxUnreachable,
    /// The criterion's maximum is missing from the file.
    MissingMax,
    /// A criterion has no answer options.
    NoOptions,
    /// A title's asterisks disagree with its stars column.
    MarkMismatch,
    /// A higher star level is marked on a lower-scoring option.
    MarksOutOfOrder,
    /// Two criteria have the same id (a letter repeated in a section).
    DuplicateId,
}

/// One problem, with the key (`at`) a manifest acknowledges it by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub kind: ProblemKind,
    pub at: String,
    pub line: u64,
    pub criterion: Option<String>,
    pub message: String,
}

pub fn check(set: &CriteriaSet) -> Vec<Problem> {
    let mut out = Vec::new();
    let total: u32 = set.parts.iter().map(|p| p.max).sum();
    let first_line = set.parts.first().map_or(1, |p| p.line);
    if total != 100 {
        out.push(Problem {
            kind: ProblemKind::PartsTotal,
            at: "total".into(),
            line: first_line,
            criterion: None,
            message: format!("tổng điểm các phần là {total}, không phải 100"),
        });
    }
    let mut seen = std::collections::HashSet::new();
    for (_, _, c) in set.criteria() {
        if !seen.insert(c.id.as_str()) {
            out.push(Problem {
                kind: ProblemKind::DuplicateId,
                at: format!("L{}", c.line),
                line: c.line,
                criterion: Some(c.id.clone()),
                message: format!(
                    "tiêu chí {} xuất hiện hai lần (trùng chữ cái trong mục)",
                    c.id
                ),
            });
        }
    }
    for part in &set.parts {
        let sum: u32 = part.sections.iter().map(|s| s.max).sum();
        if sum != part.max {
            out.push(Problem {
                kind: ProblemKind::SectionsSum,
                at: part.code.clone(),
                line: part.line,
                criterion: None,
                message: format!(
                    "các mục của phần {} cộng lại {sum} điểm, phần ghi {}",
                    part.code, part.max
                ),
            });
        }
        for section in &part.sections {
            // Alternatives each carry the whole section; others add up to it.
            let sum: u32 = if section.alternatives {
                section.criteria.iter().map(|c| c.max).max().unwrap_or(0)
            } else {
                section.criteria.iter().map(|c| c.max).sum()
            };
            let uneven =
                section.alternatives && section.criteria.iter().any(|c| c.max != section.max);
            if sum != section.max || uneven {
                out.push(Problem {
                    kind: ProblemKind::CriteriaSum,
                    at: section.number.to_string(),
                    line: section.line,
                    criterion: None,
                    message: format!(
                        "các tiêu chí của mục {} cộng lại {sum} điểm, mục ghi {}",
                        section.number, section.max
                    ),
                });
            }
            for c in &section.criteria {
                let problem = |kind, message: String| Problem {
                    kind,
                    at: c.id.clone(),
                    line: c.line,
                    criterion: Some(c.id.clone()),
                    message,
                };
                if c.options.is_empty() {
                    out.push(problem(
                        ProblemKind::NoOptions,
                        "tiêu chí không có phương án trả lời".into(),
                    ));
                    continue;
                }
                if let Some(o) = c.options.iter().find(|o| o.points > c.max) {
                    out.push(problem(
                        ProblemKind::OptionOverMax,
                        format!(
                            "phương án {} cho {} điểm, vượt điểm tối đa {} của tiêu chí",
                            o.id, o.points, c.max
                        ),
                    ));
                }
                if c.best_points() < c.max {
                    out.push(problem(
                        ProblemKind::MaxUnreachable,
                        format!(
                            "phương án cao nhất chỉ {} điểm, tiêu chí ghi tối đa {}",
                            c.best_points(),
                            c.max
                        ),
                    ));
                }
                let marked: Vec<(u8, u32)> = c
                    .options
                    .iter()
                    .filter_map(|o| o.mark.map(|m| (m, o.points)))
                    .collect();
                if marked
                    .iter()
                    .any(|(m, p)| marked.iter().any(|(m2, p2)| m2 > m && p2 < p))
                {
                    out.push(problem(
                        ProblemKind::MarksOutOfOrder,
                        "dấu sao cao hơn đặt ở phương án ít điểm hơn dấu sao thấp hơn".into(),
                    ));
                }
            }
        }
    }
    out
}
