//! Giám sát sau công nhận — visits that check a recognised product is still
//! produced, still sold, at the certified quality and in the certified
//! packaging; what was found, and what must be put right by when.

use chrono::{Months, NaiveDate};

/// A recognised product is visited at least once a year.
pub const VISIT_EVERY_MONTHS: u32 = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InspectionKind {
    /// Định kỳ.
    Periodic,
    /// Đột xuất (after a report, a complaint).
    AdHoc,
}

impl InspectionKind {
    pub fn code(self) -> &'static str {
        match self {
            Self::Periodic => "periodic",
            Self::AdHoc => "ad_hoc",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Periodic, Self::AdHoc]
            .into_iter()
            .find(|k| k.code() == s.trim())
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Periodic => "Định kỳ",
            Self::AdHoc => "Đột xuất",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InspectionResult {
    /// Đạt.
    Pass,
    /// Có tồn tại, phải khắc phục.
    Remedy,
    /// Không còn đáp ứng: đề nghị đình chỉ hoặc thu hồi.
    Fail,
}

impl InspectionResult {
    pub fn code(self) -> &'static str {
        match self {
            Self::Pass => "pass",
            Self::Remedy => "remedy",
            Self::Fail => "fail",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Pass, Self::Remedy, Self::Fail]
            .into_iter()
            .find(|k| k.code() == s.trim())
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Pass => "Đạt",
            Self::Remedy => "Có tồn tại, phải khắc phục",
            Self::Fail => "Không còn đáp ứng — đề nghị đình chỉ hoặc thu hồi",
        }
    }
}

/// The four questions of a visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Checks {
    pub still_produced: bool,
    pub still_sold: bool,
    pub quality_ok: bool,
    pub packaging_ok: bool,
}

impl Checks {
    pub fn all_ok(self) -> bool {
        self.still_produced && self.still_sold && self.quality_ok && self.packaging_ok
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InspectionError {
    #[error("Kết quả «Đạt» chỉ khi cả bốn nội dung kiểm tra đều đạt.")]
    PassWithProblems,
    #[error(
        "Sản phẩm không còn sản xuất thì không thể chỉ yêu cầu khắc phục: chọn «Không còn đáp ứng»."
    )]
    NotProducedButRemedy,
    #[error("Có tồn tại phải khắc phục: ghi ít nhất một việc cần làm và hạn hoàn thành.")]
    RemedyWithoutAction,
}

/// Checks the result against what was found.
pub fn check_result(
    checks: Checks,
    result: InspectionResult,
    actions: usize,
) -> Result<(), InspectionError> {
    match result {
        InspectionResult::Pass if !checks.all_ok() => Err(InspectionError::PassWithProblems),
        InspectionResult::Remedy if !checks.still_produced => {
            Err(InspectionError::NotProducedButRemedy)
        }
        InspectionResult::Remedy if actions == 0 => Err(InspectionError::RemedyWithoutAction),
        _ => Ok(()),
    }
}

/// When the next periodic visit is due, from the last one (or from
/// recognition when never visited).
pub fn next_visit(last: NaiveDate) -> NaiveDate {
    last.checked_add_months(Months::new(VISIT_EVERY_MONTHS))
        .unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_result_must_match_what_was_found() {
        let ok = Checks {
            still_produced: true,
            still_sold: true,
            quality_ok: true,
            packaging_ok: true,
        };
        let bad_pack = Checks {
            packaging_ok: false,
            ..ok
        };
        let gone = Checks {
            still_produced: false,
            ..ok
        };
        assert_eq!(check_result(ok, InspectionResult::Pass, 0), Ok(()));
        assert_eq!(
            check_result(bad_pack, InspectionResult::Pass, 0),
            Err(InspectionError::PassWithProblems)
        );
        assert_eq!(
            check_result(bad_pack, InspectionResult::Remedy, 0),
            Err(InspectionError::RemedyWithoutAction)
        );
        assert_eq!(check_result(bad_pack, InspectionResult::Remedy, 1), Ok(()));
        assert_eq!(
            check_result(gone, InspectionResult::Remedy, 1),
            Err(InspectionError::NotProducedButRemedy)
        );
        assert_eq!(check_result(gone, InspectionResult::Fail, 0), Ok(()));
    }

    #[test]
    fn a_visit_a_year() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default();
        assert_eq!(next_visit(d(2025, 8, 5)), d(2026, 8, 5));
        assert_eq!(next_visit(d(2024, 2, 29)), d(2025, 2, 28));
    }
}
