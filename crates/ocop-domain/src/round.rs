//! Đợt đánh giá and the procedure in force — who recognises which stars
//! changed with each decision, so a round keeps the procedure it ran under.

use crate::Stars;
use chrono::NaiveDate;

/// Cấp công nhận — the level that issues a recognition decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum RecognitionLevel {
    /// UBND huyện (until 30 Jun 2025).
    District,
    /// UBND tỉnh.
    Province,
    /// Bộ Nông nghiệp và Môi trường (national 5★).
    Ministry,
}

impl RecognitionLevel {
    pub fn code(self) -> &'static str {
        match self {
            Self::District => "district",
            Self::Province => "province",
            Self::Ministry => "ministry",
        }
    }
}

/// The national decision whose procedure a round follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum ProcedureVersion {
    /// Quyết định 1048/QĐ-TTg (21 Aug 2019, amended by 781/QĐ-TTg of 2020).
    Qd1048Of2019,
    /// Quyết định 148/QĐ-TTg (24 Feb 2023).
    Qd148Of2023,
    /// Quyết định 1489/QĐ-TTg (in force 6 Jul 2025): two-level government.
    Qd1489Of2025,
}

impl ProcedureVersion {
    pub const ALL: [Self; 3] = [Self::Qd1048Of2019, Self::Qd148Of2023, Self::Qd1489Of2025];

    pub fn code(self) -> &'static str {
        match self {
            Self::Qd1048Of2019 => "1048/2019",
            Self::Qd148Of2023 => "148/2023",
            Self::Qd1489Of2025 => "1489/2025",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.code() == code)
    }

    /// The first day the procedure applies.
    pub fn in_force_from(self) -> NaiveDate {
        let (y, m, d) = match self {
            Self::Qd1048Of2019 => (2019, 8, 21),
            Self::Qd148Of2023 => (2023, 2, 24),
            Self::Qd1489Of2025 => (2025, 7, 6),
        };
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    /// The procedure in force on a date (`None` before the programme's rules).
    pub fn in_force_on(date: NaiveDate) -> Option<Self> {
        Self::ALL
            .into_iter()
            .rev()
            .find(|v| v.in_force_from() <= date)
    }

    /// Who issues the recognition of a product with `stars`; `None` when the
    /// rating is not certifiable.
    pub fn recognising_level(self, stars: Stars) -> Option<RecognitionLevel> {
        match (self, stars.get()) {
            (_, 0..=2) => None,
            (_, 5..) => Some(RecognitionLevel::Ministry),
            // 148/2023: the district recognises 3★, the province 4★.
            (Self::Qd148Of2023, 3) => Some(RecognitionLevel::District),
            // 1048/2019 (district scores, province recognises 3–4★) and 1489/2025.
            _ => Some(RecognitionLevel::Province),
        }
    }
}

/// Quy tắc hội đồng — when the council's sheets may be locked and how the
/// members' marks combine, as the procedure gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct CouncilRule {
    /// Every seated member who has not declared a conflict of interest must
    /// have submitted a complete sheet.
    pub all_seated_without_conflict: bool,
    /// At least this many complete sheets, whatever the seating.
    pub minimum_sheets: usize,
    /// The rule for combining members' marks, in words.
    pub combining_vi: &'static str,
    pub combining_en: &'static str,
    /// Where the rule comes from.
    pub source: &'static str,
}

impl CouncilRule {
    /// Whether the council may lock with `complete` sheets from `eligible`
    /// members (seated, no conflict).
    pub fn quorum_met(&self, complete: usize, eligible: usize) -> bool {
        complete >= self.needed(eligible)
    }

    /// Complete sheets needed with `eligible` members (never fewer than one).
    pub fn needed(&self, eligible: usize) -> usize {
        let needed = if self.all_seated_without_conflict {
            eligible.max(self.minimum_sheets)
        } else {
            self.minimum_sheets
        };
        needed.max(1)
    }
}

const COMBINING_VI: &str = "Điểm của sản phẩm là trung bình cộng tổng điểm của các thành viên đã nộp phiếu hoàn chỉnh, làm tròn đến hai chữ số thập phân; một tiêu chí bắt buộc cho N sao chỉ được coi là đạt khi đạt trên quá nửa số phiếu.";
const COMBINING_EN: &str = "The product's score is the mean of the totals of the members who submitted complete sheets, rounded to two decimals; a criterion required for N stars counts as met only when it is met on more than half of the sheets.";

impl ProcedureVersion {
    /// The council's rule under this procedure.
    pub fn council_rule(self) -> CouncilRule {
        CouncilRule {
            all_seated_without_conflict: true,
            minimum_sheets: 1,
            combining_vi: COMBINING_VI,
            combining_en: COMBINING_EN,
            source: match self {
                Self::Qd1048Of2019 => {
                    "QĐ 1048/QĐ-TTg, Phụ lục II: hội đồng chấm độc lập, điểm là tổng điểm trung bình của các thành viên; mỗi thành viên không xung đột lợi ích phải chấm (quy chế hội đồng của tỉnh)."
                }
                Self::Qd148Of2023 | Self::Qd1489Of2025 => {
                    "QĐ 148/QĐ-TTg, Phụ lục II (sửa đổi bởi QĐ 1489/QĐ-TTg): hội đồng chấm độc lập theo phiếu của bộ tiêu chí; điểm trung bình của các thành viên như QĐ 1048 (chưa thấy văn bản 148 nói khác); mỗi thành viên không xung đột lợi ích phải chấm (quy chế hội đồng của tỉnh)."
                }
            },
        }
    }
}

/// A recognition round of one province.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RecognitionRound {
    pub province_code: crate::UnitCode,
    pub year: i32,
    /// e.g. "Đợt 1 năm 2026".
    pub label: String,
    pub procedure: ProcedureVersion,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn stars(n: i64) -> Stars {
        Stars::new(n).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn the_procedure_follows_the_date() {
        assert_eq!(ProcedureVersion::in_force_on(d(2019, 8, 20)), None);
        assert_eq!(
            ProcedureVersion::in_force_on(d(2022, 7, 29)),
            Some(ProcedureVersion::Qd1048Of2019)
        );
        assert_eq!(
            ProcedureVersion::in_force_on(d(2025, 6, 16)),
            Some(ProcedureVersion::Qd148Of2023)
        );
        assert_eq!(
            ProcedureVersion::in_force_on(d(2025, 7, 5)),
            Some(ProcedureVersion::Qd148Of2023)
        );
        assert_eq!(
            ProcedureVersion::in_force_on(d(2025, 7, 6)),
            Some(ProcedureVersion::Qd1489Of2025)
        );
    }

    #[test]
    fn who_recognises_changed_in_2023_and_2025() {
        use RecognitionLevel::*;
        let at = |v: ProcedureVersion, n| v.recognising_level(stars(n));
        assert_eq!(at(ProcedureVersion::Qd148Of2023, 3), Some(District));
        assert_eq!(at(ProcedureVersion::Qd148Of2023, 4), Some(Province));
        assert_eq!(at(ProcedureVersion::Qd1489Of2025, 3), Some(Province));
        assert_eq!(at(ProcedureVersion::Qd1048Of2019, 4), Some(Province));
        assert_eq!(at(ProcedureVersion::Qd1489Of2025, 5), Some(Ministry));
        assert_eq!(at(ProcedureVersion::Qd1489Of2025, 2), None);
        for v in ProcedureVersion::ALL {
            assert_eq!(ProcedureVersion::parse(v.code()), Some(v));
        }
    }
}
