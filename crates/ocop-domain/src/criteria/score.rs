//! Chấm điểm — a member's score sheet, the council's result, and the star.
//!
//! Rules, as implemented:
//! - a member's total is the sum of the chosen options' points (whole numbers);
//!   a criterion left out, or marked "not applicable", scores 0;
//! - the star is the band of the total (< 30 → 1★, 30–49 → 2★, 50–69 → 3★,
//!   70–89 → 4★, 90–100 → 5★), capped by the marks: N★ needs every mark for
//!   N★ and below to be met, so one unmet 3★ mark leaves the product at 2★;
//!   "not applicable" does not meet a mark;
//! - the council's total is the average of its members' totals, rounded half
//!   up to two decimals (computed in whole hundredths, so it is exact); a mark
//!   is met by the council when it is met on more than half of the sheets.

use super::{CriteriaSet, Criterion, Points};
use crate::Stars;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// What a member chose for one criterion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Choice {
    Option(String),
    NotApplicable,
}

/// One member's sheet: criterion id → choice.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreSheet {
    pub choices: BTreeMap<String, Choice>,
}

impl ScoreSheet {
    /// Tiêu chí chưa chấm — the criteria this sheet leaves unanswered, in the
    /// sheet's order. An either/or section is answered by one of its cases;
    /// "không áp dụng" answers a criterion whose text allows it. A sheet with
    /// none missing is complete, and only a complete sheet counts.
    pub fn missing<'a>(&self, set: &'a CriteriaSet) -> Vec<&'a Criterion> {
        let answered = |c: &Criterion| self.choices.contains_key(&c.id);
        let mut out = Vec::new();
        for (_, section, c) in set.criteria() {
            if section.alternatives {
                let first = section.criteria.first().is_some_and(|f| f.id == c.id);
                if first && !section.criteria.iter().any(answered) {
                    out.push(c);
                }
            } else if !answered(c) {
                out.push(c);
            }
        }
        out
    }

    pub fn is_complete(&self, set: &CriteriaSet) -> bool {
        self.missing(set).is_empty()
    }

    /// From the API's form: criterion id → option id, or `"na"`.
    pub fn from_ids(choices: impl IntoIterator<Item = (String, String)>) -> Self {
        Self {
            choices: choices
                .into_iter()
                .map(|(c, o)| {
                    let choice = if o.eq_ignore_ascii_case("na") {
                        Choice::NotApplicable
                    } else {
                        Choice::Option(o)
                    };
                    (c, choice)
                })
                .collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScoreError {
    UnknownCriterion(String),
    UnknownOption {
        criterion: String,
        option: String,
    },
    NotApplicableRefused(String),
    NotScoreable(String),
    /// More than one case of an either/or section was answered.
    TwoAlternatives(u32),
}

impl fmt::Display for ScoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TwoAlternatives(n) => {
                write!(
                    f,
                    "mục {n} chỉ chấm một trong các trường hợp; đã chọn nhiều hơn một"
                )
            }
            Self::UnknownCriterion(c) => {
                write!(f, "không có tiêu chí \"{c}\" trong bộ tiêu chí này")
            }
            Self::UnknownOption { criterion, option } => {
                write!(
                    f,
                    "tiêu chí \"{criterion}\" không có phương án \"{option}\""
                )
            }
            Self::NotApplicableRefused(c) => {
                write!(
                    f,
                    "tiêu chí \"{c}\" áp dụng cho mọi sản phẩm, không được chọn \"không áp dụng\""
                )
            }
            Self::NotScoreable(id) => write!(
                f,
                "bộ tiêu chí {id} chỉ có cấu trúc các phần, chưa có nội dung để chấm"
            ),
        }
    }
}

impl std::error::Error for ScoreError {}

/// The same refusal for a reader of the English portal (the public
/// self-assessment sheet answers in the reader's language).
impl crate::form::English for ScoreError {
    fn english(&self) -> String {
        match self {
            Self::TwoAlternatives(n) => {
                format!("item {n} is scored by one of its cases only; more than one was chosen")
            }
            Self::UnknownCriterion(c) => format!("this criteria set has no criterion \"{c}\""),
            Self::UnknownOption { criterion, option } => {
                format!("criterion \"{criterion}\" has no option \"{option}\"")
            }
            Self::NotApplicableRefused(c) => format!(
                "criterion \"{c}\" applies to every product; \"not applicable\" cannot be chosen"
            ),
            Self::NotScoreable(id) => format!(
                "criteria set {id} is known only by its parts; it has no criteria to score with"
            ),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartScore {
    pub score: Points,
    pub max: Points,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionScore {
    pub number: u32,
    pub part: String,
    pub title: String,
    pub score: Points,
    pub max: Points,
}

/// A mark that is not met, and by how much.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldBack {
    pub criterion: String,
    pub title: String,
    /// The star level this mark is required for.
    pub stars: u8,
    pub required_points: Points,
    pub points: Points,
    /// The cheapest option that meets the mark.
    pub required_option: Option<String>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreResult {
    pub total: Points,
    pub parts: BTreeMap<String, PartScore>,
    pub sections: Vec<SectionScore>,
    /// The star of the total alone.
    pub band_stars: u8,
    /// The star after the marks.
    pub stars: u8,
    pub certifiable: bool,
    /// Unmet marks at or below the band, lowest star level first.
    pub held_back_by: Vec<HeldBack>,
}

/// Points per criterion id, validated against the set.
pub(crate) fn points_by_criterion(
    set: &CriteriaSet,
    sheet: &ScoreSheet,
) -> Result<BTreeMap<String, Points>, ScoreError> {
    if !set.is_scoreable() {
        return Err(ScoreError::NotScoreable(set.id.clone()));
    }
    let mut out = BTreeMap::new();
    for (id, choice) in &sheet.choices {
        let c = set
            .criterion(id)
            .ok_or_else(|| ScoreError::UnknownCriterion(id.clone()))?;
        let p = match choice {
            Choice::NotApplicable if c.may_not_apply => 0,
            Choice::NotApplicable => return Err(ScoreError::NotApplicableRefused(id.clone())),
            Choice::Option(o) => c
                .options
                .iter()
                .find(|opt| &opt.id == o)
                .map(|opt| opt.points)
                .ok_or_else(|| ScoreError::UnknownOption {
                    criterion: id.clone(),
                    option: o.clone(),
                })?,
        };
        out.insert(id.clone(), p);
    }
    for (_, section, _) in set
        .criteria()
        .filter(|(_, s, c)| s.alternatives && s.criteria.first().is_some_and(|f| f.id == c.id))
    {
        let answered = section
            .criteria
            .iter()
            .filter(|c| matches!(sheet.choices.get(&c.id), Some(Choice::Option(_))))
            .count();
        if answered > 1 {
            return Err(ScoreError::TwoAlternatives(section.number));
        }
    }
    Ok(out)
}

/// The lowest star level whose marks this criterion's points fail, if any.
pub(crate) fn failing_level(c: &Criterion, points: Points) -> Option<u8> {
    (3..=5).find(|&l| c.required_points(l).is_some_and(|r| points < r))
}

pub(crate) fn held_back(c: &Criterion, level: u8, points: Points) -> HeldBack {
    let required = c.required_points(level).unwrap_or(0);
    let option = c
        .options
        .iter()
        .filter(|o| o.points >= required)
        .min_by_key(|o| o.points);
    HeldBack {
        criterion: c.id.clone(),
        title: c.title.clone(),
        stars: level,
        required_points: required,
        points,
        required_option: option.map(|o| o.text.clone()),
        message: format!(
            "Tiêu chí {} «{}» là tiêu chí bắt buộc cho {level} sao: cần ít nhất {required} điểm{}, hiện có {points} điểm.",
            c.id,
            c.title,
            option
                .map(|o| format!(" («{}»)", o.text))
                .unwrap_or_default()
        ),
    }
}

/// The star for a band capped by the lowest failing mark level.
pub(crate) fn capped(band: u8, lowest_failing: Option<u8>) -> u8 {
    lowest_failing.map_or(band, |l| band.min(l - 1))
}

pub fn score(set: &CriteriaSet, sheet: &ScoreSheet) -> Result<ScoreResult, ScoreError> {
    let by_criterion = points_by_criterion(set, sheet)?;
    let got = |id: &str| by_criterion.get(id).copied().unwrap_or(0);
    let mut parts = BTreeMap::new();
    let mut sections = Vec::new();
    for part in &set.parts {
        let mut part_score = 0;
        for s in &part.sections {
            let score: Points = s.criteria.iter().map(|c| got(&c.id)).sum();
            part_score += score;
            sections.push(SectionScore {
                number: s.number,
                part: part.code.clone(),
                title: s.title.clone(),
                score,
                max: s.max,
            });
        }
        parts.insert(
            part.code.clone(),
            PartScore {
                score: part_score,
                max: part.max,
            },
        );
    }
    let total: Points = parts.values().map(|p| p.score).sum();
    let band = Stars::band_for_total(f64::from(total)).get();
    let mut held: Vec<HeldBack> = set
        .criteria()
        .filter_map(|(_, _, c)| {
            failing_level(c, got(&c.id))
                .filter(|l| *l <= band)
                .map(|l| held_back(c, l, got(&c.id)))
        })
        .collect();
    held.sort_by_key(|h| h.stars);
    let stars = capped(band, held.first().map(|h| h.stars));
    Ok(ScoreResult {
        total,
        parts,
        sections,
        band_stars: band,
        stars,
        certifiable: stars >= 3,
        held_back_by: held,
    })
}

/// The council's result over its members' sheets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouncilResult {
    pub member_totals: Vec<Points>,
    /// Average of the members' totals in hundredths of a point (7350 = 73.50).
    pub average_hundredths: u64,
    pub band_stars: u8,
    pub stars: u8,
    pub certifiable: bool,
    /// Marks that fewer than half of the members found met.
    pub held_back_by: Vec<HeldBack>,
}

impl CouncilResult {
    pub fn average(&self) -> f64 {
        // Hundredths of at most 100 points: exact in an f64.
        self.average_hundredths as f64 / 100.0
    }
}

pub fn council_result(
    set: &CriteriaSet,
    sheets: &[ScoreSheet],
) -> Result<CouncilResult, ScoreError> {
    let results = sheets
        .iter()
        .map(|s| score(set, s))
        .collect::<Result<Vec<_>, _>>()?;
    let points = sheets
        .iter()
        .map(|s| points_by_criterion(set, s))
        .collect::<Result<Vec<_>, _>>()?;
    let n = u64::try_from(sheets.len()).unwrap_or(0).max(1);
    let sum: u64 = results.iter().map(|r| u64::from(r.total)).sum();
    // Round half up in whole hundredths: (2·100·sum + n) / (2n).
    let average_hundredths = (200 * sum + n) / (2 * n);
    let band = Stars::band_for_total(average_hundredths as f64 / 100.0).get();
    let mut held = Vec::new();
    for (_, _, c) in set.criteria() {
        for level in 3..=band {
            let Some(required) = c.required_points(level) else {
                continue;
            };
            let met = points
                .iter()
                .filter(|p| p.get(&c.id).copied().unwrap_or(0) >= required)
                .count();
            if 2 * u64::try_from(met).unwrap_or(0) <= n {
                let median_points = {
                    let mut v: Vec<Points> = points
                        .iter()
                        .map(|p| p.get(&c.id).copied().unwrap_or(0))
                        .collect();
                    v.sort_unstable();
                    v.get(v.len() / 2).copied().unwrap_or(0)
                };
                held.push(held_back(c, level, median_points));
                break;
            }
        }
    }
    held.sort_by_key(|h| h.stars);
    let stars = capped(band, held.first().map(|h| h.stars));
    Ok(CouncilResult {
        member_totals: results.iter().map(|r| r.total).collect(),
        average_hundredths,
        band_stars: band,
        stars,
        certifiable: stars >= 3,
        held_back_by: held,
    })
}
