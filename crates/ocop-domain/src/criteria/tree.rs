//! Building the tree of parts, sections, criteria and options from the rows
//! of a criteria file, noting what the rows leave to inference.

use super::parse::{LoadError, Row};
use super::titles::*;
use super::validate::{Problem, ProblemKind};
use super::{AnswerOption, Criterion, Part, Points, Section};
use crate::text::fold;

pub(super) type ErrFn<'a> = dyn Fn(u64, Option<String>, String) -> LoadError + 'a;

pub(super) fn build_tree(
    rows: &[Row],
    err: &ErrFn<'_>,
) -> Result<(Vec<Part>, Vec<Problem>), LoadError> {
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
