//! Đợt đánh giá and the procedure in force — who recognises which stars
//! changed with each decision, so a round keeps the procedure it ran under.

use crate::Stars;
use chrono::NaiveDate;

/// Cấp công nhận — the level that issues a recognition decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum RecognitionLevel {
    /// UBND huyện (until 30 Jun 2025).
    District,
    /// UBND tỉnh.
    Province,
    /// Bộ Nông nghiệp và Môi trường (national 5★).
    Ministry,
}

impl RecognitionLevel {
    /// The level of an issuing authority as a source writes it: "UBND
    /// huyện …" or "UBND thị xã …" is a district, "UBND tỉnh …" a province,
    /// the ministry by its name. "UBND thành phố …" is left unknown: a
    /// city may be either level.
    pub fn of_authority(authority: &str) -> Option<Self> {
        let folded = crate::text::fold(authority);
        let body = folded
            .trim()
            .strip_prefix("uy ban nhan dan ")
            .or_else(|| folded.trim().strip_prefix("ubnd "))?;
        if body.starts_with("tinh ") {
            Some(Self::Province)
        } else if ["huyen ", "thi xa "].iter().any(|p| body.starts_with(p)) {
            Some(Self::District)
        } else {
            None
        }
        .or_else(|| folded.contains("bo nong nghiep").then_some(Self::Ministry))
    }

    /// Whether a rating of `stars` by this level, decided some day between
    /// `earliest` and `latest`, can only have been a nomination: every
    /// procedure that may have governed those days names a higher level for
    /// those stars (a province's "5 sao cấp tỉnh" under 1048/2019). When no
    /// procedure governed those days the record is taken as it stands.
    pub fn only_nominates(self, stars: Stars, earliest: NaiveDate, latest: NaiveDate) -> bool {
        let governing: Vec<ProcedureVersion> = ProcedureVersion::ALL
            .into_iter()
            .filter(|v| {
                !v.needs_verified_text()
                    && v.in_force_from() <= latest
                    && v.in_force_until().is_none_or(|until| earliest <= until)
            })
            .collect();
        !governing.is_empty()
            && governing.iter().all(|v| {
                v.recognising_level(stars)
                    .is_some_and(|needed| self < needed)
            })
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::District => "district",
            Self::Province => "province",
            Self::Ministry => "ministry",
        }
    }
}

/// The national decision whose procedure a round follows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum ProcedureVersion {
    /// Quyết định 1048/QĐ-TTg (21 Aug 2019, amended by 781/QĐ-TTg of 2020).
    Qd1048Of2019,
    /// Quyết định 148/QĐ-TTg (24 Feb 2023).
    Qd148Of2023,
    /// Quyết định 1489/QĐ-TTg (in force 6 Jul 2025): two-level government.
    #[default]
    Qd1489Of2025,
    /// Quyết định 26/2026/QĐ-TTg (reported, 22 May 2026): structure only;
    /// never in force until an administrator records its official text.
    Qd26Of2026,
}

impl ProcedureVersion {
    pub const ALL: [Self; 4] = [
        Self::Qd1048Of2019,
        Self::Qd148Of2023,
        Self::Qd1489Of2025,
        Self::Qd26Of2026,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Qd1048Of2019 => "1048/2019",
            Self::Qd148Of2023 => "148/2023",
            Self::Qd1489Of2025 => "1489/2025",
            Self::Qd26Of2026 => "26/2026",
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
            Self::Qd26Of2026 => (2026, 5, 22),
        };
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    /// The procedure that governs a date (`None` before the programme's
    /// rules), with no unverified text: see [`Self::governing_on`].
    pub fn in_force_on(date: NaiveDate) -> Option<Self> {
        Self::governing_on(date, &[])
    }

    /// Who issues the recognition of a product with `stars`; `None` when the
    /// rating is not certifiable.
    pub fn recognising_level(self, stars: Stars) -> Option<RecognitionLevel> {
        match (self, stars.get()) {
            (_, 0..=2) => None,
            (_, 5..) => Some(RecognitionLevel::Ministry),
            // 148/2023: the district recognises 3★, the province 4★.
            (Self::Qd148Of2023, 3) => Some(RecognitionLevel::District),
            // 1048/2019 (district scores, province recognises 3–4★), 1489/2025
            // and 26/2026 as reported.
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
                Self::Qd26Of2026 => {
                    "QĐ 26/2026/QĐ-TTg (theo tin công bố, chưa đối chiếu văn bản gốc): giữ cách tính của QĐ 148 cho tới khi có văn bản."
                }
                Self::Qd148Of2023 | Self::Qd1489Of2025 => {
                    "QĐ 148/QĐ-TTg, Phụ lục II (sửa đổi bởi QĐ 1489/QĐ-TTg): hội đồng chấm độc lập theo phiếu của bộ tiêu chí; điểm trung bình của các thành viên như QĐ 1048 (chưa thấy văn bản 148 nói khác); mỗi thành viên không xung đột lợi ích phải chấm (quy chế hội đồng của tỉnh)."
                }
            },
        }
    }
}

/// What a new round says about its dates: the year, the day it is created,
/// and its stage deadlines in stage order as (form field, label, date).
#[derive(Debug, Clone)]
pub struct RoundPlan<'a> {
    pub year: i32,
    pub created_on: NaiveDate,
    pub deadlines: &'a [(&'static str, &'static str, Option<NaiveDate>)],
}

/// A new round's problems, each by the form field it concerns: a procedure
/// that does not apply on the round's dates, a year far from them, a
/// deadline already past or before the one of the stage it follows.
pub fn check_round(
    procedure: ProcedureVersion,
    plan: &RoundPlan<'_>,
    verified: &[ProcedureVersion],
) -> Vec<(&'static str, String)> {
    use chrono::Datelike as _;
    let day = |d: NaiveDate| d.format("%d/%m/%Y").to_string();
    let mut problems = Vec::new();
    let governing = ProcedureVersion::governing_on(plan.created_on, verified);
    let dates = std::iter::once(plan.created_on).chain(plan.deadlines.iter().filter_map(|d| d.2));
    if let Some(off) = dates
        .into_iter()
        .find(|d| !procedure.applies_on(*d, verified))
    {
        problems.push((
            "procedure",
            format!(
                "Quy trình {} không áp dụng vào ngày {}{}.",
                procedure.code(),
                day(off),
                governing
                    .map(|g| format!("; quy trình đang áp dụng là {}", g.decision()))
                    .unwrap_or_default()
            ),
        ));
    }
    let year = plan.created_on.year();
    if !(year..=year + 1).contains(&plan.year) {
        problems.push((
            "year",
            format!("Năm của đợt phải là {year} hoặc {}.", year + 1),
        ));
    }
    let mut previous: Option<(&str, NaiveDate)> = None;
    for (field, label, date) in plan.deadlines {
        let Some(date) = *date else { continue };
        if date < plan.created_on {
            problems.push((*field, format!("Hạn {} đã qua.", day(date))));
        } else if let Some((before, at)) = previous.filter(|(_, at)| date < *at) {
            problems.push((
                *field,
                format!(
                    "Hạn «{label}» ({}) phải sau hạn «{before}» ({}).",
                    day(date),
                    day(at)
                ),
            ));
        }
        previous = Some((label, date));
    }
    problems
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
    #[test]
    fn a_province_five_star_under_1048_was_a_nomination() {
        use super::RecognitionLevel as L;
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap_or_default();
        let five = Stars::new(5).unwrap();
        let four = Stars::new(4).unwrap();
        let three = Stars::new(3).unwrap();
        assert_eq!(L::of_authority("UBND tỉnh Bình Thuận"), Some(L::Province));
        assert_eq!(L::of_authority("UBND huyện Đức Linh"), Some(L::District));
        assert_eq!(
            L::of_authority("Ủy ban nhân dân huyện Tuy Phong"),
            Some(L::District)
        );
        assert_eq!(L::of_authority("UBND thành phố Hà Nội"), None);
        assert_eq!(L::of_authority(""), None);
        // A year-only record of 2021: 1048/2019 throughout.
        assert!(L::Province.only_nominates(five, d(2021, 1, 1), d(2021, 12, 31)));
        assert!(!L::Province.only_nominates(four, d(2021, 1, 1), d(2021, 12, 31)));
        // A district's 4★ under 148/2023 was beyond it; its 3★ was not.
        assert!(L::District.only_nominates(four, d(2024, 3, 1), d(2024, 3, 1)));
        assert!(!L::District.only_nominates(three, d(2024, 3, 1), d(2024, 3, 1)));
        // A province may recognise 3★ even when the district was named.
        assert!(!L::Province.only_nominates(three, d(2024, 3, 1), d(2024, 3, 1)));
        // Before any procedure: taken as recorded.
        assert!(!L::Province.only_nominates(five, d(2018, 1, 1), d(2018, 12, 31)));
    }

    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn stars(n: i64) -> Stars {
        Stars::new(n).unwrap()
    }

    #[test]
    fn a_round_is_refused_under_a_procedure_not_in_force_on_its_dates() {
        let deadlines = [
            ("dossier_until", "Nộp hồ sơ", Some(d(2026, 3, 31))),
            ("commune_until", "Xã đánh giá", Some(d(2026, 3, 20))),
            ("council_until", "Hội đồng chấm", None),
            ("decision_until", "Quyết định", Some(d(2026, 5, 30))),
        ];
        let plan = RoundPlan {
            year: 2026,
            created_on: d(2026, 2, 1),
            deadlines: &deadlines,
        };
        let problems = check_round(ProcedureVersion::Qd148Of2023, &plan, &[]);
        let fields: Vec<&str> = problems.iter().map(|p| p.0).collect();
        assert_eq!(fields, ["procedure", "commune_until"], "{problems:?}");
        assert!(problems[0].1.contains("1489/QĐ-TTg"), "{problems:?}");
        assert!(
            problems[1]
                .1
                .contains("phải sau hạn «Nộp hồ sơ» (31/03/2026)")
        );
        let ok = [("dossier_until", "Nộp hồ sơ", Some(d(2026, 3, 31)))];
        let plan = RoundPlan {
            deadlines: &ok,
            ..plan
        };
        assert!(check_round(ProcedureVersion::Qd1489Of2025, &plan, &[]).is_empty());
        // 26/2026 only once verified, and only from its date.
        let later = [("dossier_until", "Nộp hồ sơ", Some(d(2026, 9, 30)))];
        let june = RoundPlan {
            created_on: d(2026, 6, 1),
            deadlines: &later,
            ..plan.clone()
        };
        let verified = [ProcedureVersion::Qd26Of2026];
        assert_eq!(
            check_round(ProcedureVersion::Qd26Of2026, &june, &[]).len(),
            1
        );
        assert!(check_round(ProcedureVersion::Qd26Of2026, &june, &verified).is_empty());
        assert_eq!(
            check_round(ProcedureVersion::Qd26Of2026, &plan, &verified).len(),
            1
        );
        let plan = RoundPlan { year: 2024, ..plan };
        assert_eq!(
            check_round(ProcedureVersion::Qd1489Of2025, &plan, &[])[0].0,
            "year"
        );
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
