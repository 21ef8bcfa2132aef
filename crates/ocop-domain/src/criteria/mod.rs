//! Bộ tiêu chí — OCOP criteria sets as data, their validation, scoring,
//! star ranking with mandatory marks, and the advisor.
//!
//! A set is a tree: part (phần A/B/C) → section (numbered across parts) →
//! criterion (a, b, c, d, đ, …) → answer options with points. A section may
//! carry its options directly; it then is its own single criterion. Star
//! marks (`***`, `****`, `*****`) on an option mean "this option or a better
//! one of the same criterion is required for that many stars"; a mark on a
//! criterion means it must score above zero for that level.

mod advisor;
mod parse;
mod score;
mod titles;
mod tree;
mod validate;

pub use advisor::{Advice, AdviceStep, advise};
pub use parse::{Acknowledged, Correction, EvidenceRule, LoadError, SetMeta, parse_set};
pub use score::{
    Choice, CouncilResult, HeldBack, PartScore, ScoreError, ScoreResult, ScoreSheet, SectionScore,
    council_result, score,
};
pub use validate::{Problem, ProblemKind};

use serde::{Deserialize, Serialize};

/// Points as whole numbers, as every official sheet gives them.
pub type Points = u32;

/// A whole criteria set of one decision for one product sub-group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriteriaSet {
    /// Stable, URL-safe id: `<version>-<number>`, e.g. `qd148-2023-01`.
    pub id: String,
    pub meta: SetMeta,
    pub parts: Vec<Part>,
    /// Problems acknowledged in the manifest and corrections applied to the
    /// transcription: the set is usable but shown as flagged.
    pub flags: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    /// `A`, `B` or `C`.
    pub code: String,
    pub title: String,
    pub max: Points,
    pub sections: Vec<Section>,
    #[serde(default)]
    pub line: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub number: u32,
    pub title: String,
    pub note: Option<String>,
    pub max: Points,
    /// "Lựa chọn một trong hai trường hợp": each criterion is one case, and
    /// only one of them is scored.
    #[serde(default)]
    pub alternatives: bool,
    pub criteria: Vec<Criterion>,
    #[serde(default)]
    pub line: u64,
}

/// A criterion's id as the decision numbers it (`1.đ`), from the stable ASCII
/// id the platform keys answers by (`1.dd`).
pub fn shown_id(id: &str) -> String {
    match id.split_once('.') {
        Some((section, "dd")) => format!("{section}.đ"),
        _ => id.to_owned(),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Criterion {
    /// Stable id: section number and letter (`1.a`, `3.dd` for đ), or just
    /// the section number when the section is its own criterion.
    pub id: String,
    pub title: String,
    pub note: Option<String>,
    pub max: Points,
    /// A whole-criterion mark: must score above zero for this many stars.
    pub mark: Option<u8>,
    /// The text says the criterion may not apply ("Chỉ áp dụng khi …").
    pub may_not_apply: bool,
    pub options: Vec<AnswerOption>,
    /// Line of the criterion in its source file (for messages).
    pub line: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerOption {
    /// Stable id: criterion id and 1-based position (`1.a.2`).
    pub id: String,
    pub text: String,
    pub points: Points,
    /// This option or a better one is required for this many stars.
    pub mark: Option<u8>,
    pub line: u64,
}

impl CriteriaSet {
    pub fn criteria(&self) -> impl Iterator<Item = (&Part, &Section, &Criterion)> {
        self.parts.iter().flat_map(|p| {
            p.sections
                .iter()
                .flat_map(move |s| s.criteria.iter().map(move |c| (p, s, c)))
        })
    }

    /// Tiêu chí xã đánh giá sơ bộ — as the set's metadata lists them; a set
    /// stored before that list existed falls back to the ids of sets 1–25.
    pub fn commune_criteria(&self) -> Vec<&str> {
        const SETS_1_TO_25: [&str; 4] = ["1.a", "2.a", "3.c", "5.b"];
        let listed: Vec<&str> = self
            .meta
            .commune_criteria
            .iter()
            .map(String::as_str)
            .collect();
        let ids = if listed.is_empty() {
            SETS_1_TO_25.to_vec()
        } else {
            listed
        };
        ids.into_iter()
            .filter(|id| self.criterion(id).is_some())
            .collect()
    }

    /// Minh chứng còn thiếu — the papers the self-assessment's claims need
    /// and the dossier lacks: every rule whose criterion is answered above
    /// zero and has no file among `attached` (criterion ids of the files).
    pub fn missing_evidence<'a>(
        &'a self,
        claims: &score::ScoreSheet,
        attached: &[&str],
    ) -> Vec<&'a EvidenceRule> {
        // Points of the option chosen for a criterion; unanswered, "không
        // áp dụng" or an unknown option claim nothing.
        let claimed = |id: &str| match claims.choices.get(id) {
            Some(score::Choice::Option(o)) => self
                .criterion(id)
                .and_then(|c| c.options.iter().find(|opt| &opt.id == o))
                .is_some_and(|opt| opt.points > 0),
            _ => false,
        };
        self.meta
            .evidence
            .iter()
            .filter(|r| claimed(&r.criterion))
            .filter(|r| !attached.contains(&r.criterion.as_str()))
            .collect()
    }

    pub fn criterion(&self, id: &str) -> Option<&Criterion> {
        self.criteria().map(|(_, _, c)| c).find(|c| c.id == id)
    }

    /// Whether this set holds scoreable criteria (a structure-only version,
    /// such as 1048/2019 kept for historical records, has parts only).
    pub fn is_scoreable(&self) -> bool {
        self.criteria().next().is_some()
    }

    pub fn total_max(&self) -> Points {
        self.parts.iter().map(|p| p.max).sum()
    }
}

impl Criterion {
    /// The lowest points that satisfy every option mark up to `stars`,
    /// and whether a criterion mark applies.
    pub fn required_points(&self, stars: u8) -> Option<Points> {
        let from_options = self
            .options
            .iter()
            .filter(|o| o.mark.is_some_and(|m| m <= stars))
            .map(|o| o.points)
            .max();
        let from_criterion = self.mark.filter(|m| *m <= stars).map(|_| {
            // Above zero: the cheapest option worth something.
            self.options
                .iter()
                .map(|o| o.points)
                .filter(|p| *p > 0)
                .min()
                .unwrap_or(1)
        });
        // `None` sorts below `Some`, so this keeps whichever requirement exists.
        from_options.max(from_criterion)
    }

    pub fn best_points(&self) -> Points {
        self.options.iter().map(|o| o.points).max().unwrap_or(0)
    }
}

/// Tình trạng phiên bản bộ tiêu chí — a criteria version arrives as a draft
/// (checked and previewed) and is published with its effective date; a
/// published version is never changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VersionStatus {
    /// Nháp.
    Draft,
    /// Đã ban hành.
    Published,
}

impl VersionStatus {
    pub fn code(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Published => "published",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [Self::Draft, Self::Published]
            .into_iter()
            .find(|s| s.code() == code)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Draft => "Nháp",
            Self::Published => "Đã ban hành",
        }
    }
}

#[cfg(test)]
mod shown_id_tests {
    #[test]
    fn dd_is_shown_as_issued() {
        assert_eq!(super::shown_id("1.dd"), "1.đ");
        assert_eq!(super::shown_id("3.a"), "3.a");
        assert_eq!(super::shown_id("9"), "9");
    }
}

#[cfg(test)]
mod tests;
