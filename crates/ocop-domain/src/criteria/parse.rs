//! Reading a criteria-set file (CSV: `title,description,level,stars,score`)
//! into a [`CriteriaSet`], applying the manifest's corrections first.

use super::CriteriaSet;
use super::tree::build_tree;
use super::validate::{self, ProblemKind};
use crate::text::nfc;
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
pub(super) struct Row {
    pub(super) line: u64,
    pub(super) title: String,
    pub(super) description: String,
    pub(super) level: String,
    pub(super) stars: String,
    pub(super) score: String,
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
