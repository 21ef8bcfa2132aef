//! Quy trình đánh giá, phân hạng — each national procedure as data: its
//! period in force, its stages in order with who acts at each, and who issues
//! the recognition for a star level on a date. Which procedure governs a date
//! is answered here and nowhere else.
//!
//! Sources: `shared/domain/ocop-rules.md` §1.4, §1.6, §2, §3 (1048/2019 with
//! 781/2020; 148/2023; 148 as amended by 1489/2025 from 6 Jul 2025; 26/2026 as
//! reported, unverified).

use crate::Stars;
use crate::access::Role;
use crate::round::{ProcedureVersion, RecognitionLevel};
use chrono::NaiveDate;

/// Giai đoạn — one stage of a procedure, in the order a dossier meets them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Stage {
    /// Chủ thể nộp hồ sơ.
    Dossier,
    /// Hội đồng cấp huyện đánh giá (1048/2019, 148/2023; until 30 Jun 2025).
    DistrictCouncil,
    /// UBND xã đánh giá sơ bộ các tiêu chí được giao (1489/2025 on).
    CommunePreAssessment,
    /// Tổ tư vấn cấp tỉnh xem xét.
    AdvisoryReview,
    /// Hội đồng cấp tỉnh chấm điểm.
    ProvinceCouncil,
    /// Quyết định công nhận (UBND huyện or tỉnh).
    Decision,
    /// Bộ Nông nghiệp và Môi trường đánh giá 5 sao.
    MinistryEvaluation,
}

impl Stage {
    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Dossier => "Chủ thể nộp hồ sơ",
            Self::DistrictCouncil => "Hội đồng cấp huyện đánh giá, phân hạng",
            Self::CommunePreAssessment => "UBND cấp xã đánh giá sơ bộ các tiêu chí được giao",
            Self::AdvisoryReview => "Tổ tư vấn cấp tỉnh xem xét hồ sơ",
            Self::ProvinceCouncil => "Hội đồng cấp tỉnh chấm điểm",
            Self::Decision => "Quyết định công nhận, cấp giấy chứng nhận",
            Self::MinistryEvaluation => "Bộ Nông nghiệp và Môi trường đánh giá sản phẩm 5 sao",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::Dossier => "The producer submits the dossier",
            Self::DistrictCouncil => "The district council evaluates and ranks",
            Self::CommunePreAssessment => "The commune pre-assesses its assigned criteria",
            Self::AdvisoryReview => "The provincial advisory group reviews the dossier",
            Self::ProvinceCouncil => "The provincial council scores",
            Self::Decision => "Recognition decision and certificate",
            Self::MinistryEvaluation => "The Ministry of Agriculture and Environment evaluates 5★",
        }
    }
}

/// One stage and the role that acts on the platform. Stages of bodies that
/// no longer exist (district councils) are recorded by the office.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct StageRule {
    pub stage: Stage,
    pub role: Role,
}

const fn at(stage: Stage, role: Role) -> StageRule {
    StageRule { stage, role }
}

const DISTRICT_ERA: &[StageRule] = &[
    at(Stage::Dossier, Role::Producer),
    at(Stage::DistrictCouncil, Role::Office),
    at(Stage::AdvisoryReview, Role::Advisory),
    at(Stage::ProvinceCouncil, Role::Council),
    at(Stage::Decision, Role::Office),
    at(Stage::MinistryEvaluation, Role::Office),
];

const TWO_LEVEL: &[StageRule] = &[
    at(Stage::Dossier, Role::Producer),
    at(Stage::CommunePreAssessment, Role::Commune),
    at(Stage::AdvisoryReview, Role::Advisory),
    at(Stage::ProvinceCouncil, Role::Council),
    at(Stage::Decision, Role::Office),
    at(Stage::MinistryEvaluation, Role::Office),
];

/// The first day without district-level government (Resolution 60-NQ/TW,
/// Resolution 202/2025/QH15): no district can issue a decision from it.
pub fn districts_abolished_on() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 7, 1).unwrap_or_default()
}

/// Why no issuer can be named.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IssuerError {
    #[error("Kết quả dưới 3 sao không được công nhận.")]
    NotCertifiable,
    #[error("Ngày {on} nằm ngoài thời gian áp dụng của quy trình {procedure}.")]
    NotInForce {
        procedure: &'static str,
        on: NaiveDate,
    },
    #[error(
        "Quy trình {procedure} giao UBND cấp huyện công nhận {stars} sao, nhưng cấp huyện đã chấm dứt hoạt động từ 01/7/2025."
    )]
    DistrictAbolished { procedure: &'static str, stars: u8 },
}

impl ProcedureVersion {
    /// The decision, as cited.
    pub fn decision(self) -> &'static str {
        match self {
            Self::Qd1048Of2019 => {
                "Quyết định 1048/QĐ-TTg ngày 21/8/2019 (sửa đổi bởi Quyết định 781/QĐ-TTg ngày 08/6/2020)"
            }
            Self::Qd148Of2023 => "Quyết định 148/QĐ-TTg ngày 24/02/2023",
            Self::Qd1489Of2025 => {
                "Quyết định 148/QĐ-TTg, sửa đổi bởi Quyết định 1489/QĐ-TTg ngày 06/7/2025"
            }
            Self::Qd26Of2026 => {
                "Quyết định 26/2026/QĐ-TTg ngày 22/5/2026 (theo tin công bố, chưa đối chiếu văn bản gốc)"
            }
        }
    }

    /// The last day it applies, when a later decision replaced it.
    pub fn in_force_until(self) -> Option<NaiveDate> {
        match self {
            Self::Qd1048Of2019 => NaiveDate::from_ymd_opt(2023, 2, 23),
            Self::Qd148Of2023 => NaiveDate::from_ymd_opt(2025, 7, 5),
            Self::Qd1489Of2025 | Self::Qd26Of2026 => None,
        }
    }

    /// Whether the procedure applies only once an administrator has recorded
    /// its official text as verified.
    pub fn needs_verified_text(self) -> bool {
        matches!(self, Self::Qd26Of2026)
    }

    /// Whether the procedure applies on `date`; `verified` lists the
    /// procedures whose official text an administrator has verified.
    pub fn applies_on(self, date: NaiveDate, verified: &[Self]) -> bool {
        self.in_force_from() <= date
            && self.in_force_until().is_none_or(|until| date <= until)
            && (!self.needs_verified_text() || verified.contains(&self))
    }

    /// The procedure that governs `date`: the newest one that applies.
    pub fn governing_on(date: NaiveDate, verified: &[Self]) -> Option<Self> {
        Self::ALL
            .into_iter()
            .rev()
            .find(|v| v.applies_on(date, verified))
    }

    /// Its stages, in order, with who acts at each.
    pub fn stages(self) -> &'static [StageRule] {
        match self {
            Self::Qd1048Of2019 | Self::Qd148Of2023 => DISTRICT_ERA,
            Self::Qd1489Of2025 | Self::Qd26Of2026 => TWO_LEVEL,
        }
    }

    /// The stage before the province's review: the district council, or the
    /// commune's pre-assessment.
    pub fn pre_assessment(self) -> StageRule {
        self.stages()
            .iter()
            .copied()
            .find(|s| {
                matches!(
                    s.stage,
                    Stage::DistrictCouncil | Stage::CommunePreAssessment
                )
            })
            .unwrap_or(at(Stage::CommunePreAssessment, Role::Commune))
    }

    /// Who issues the recognition of `stars` decided on `on`: the level the
    /// procedure names, provided the procedure applies that day and the
    /// level still exists.
    pub fn issuer_on(
        self,
        stars: Stars,
        on: NaiveDate,
        verified: &[Self],
    ) -> Result<RecognitionLevel, IssuerError> {
        if !self.applies_on(on, verified) {
            return Err(IssuerError::NotInForce {
                procedure: self.code(),
                on,
            });
        }
        let level = self
            .recognising_level(stars)
            .ok_or(IssuerError::NotCertifiable)?;
        if level == RecognitionLevel::District && on >= districts_abolished_on() {
            return Err(IssuerError::DistrictAbolished {
                procedure: self.code(),
                stars: stars.get(),
            });
        }
        Ok(level)
    }
}

/// Cơ quan ban hành — how a document heads itself with the issuer its
/// decision names (Decree 30/2020 layout): two lines, the place for the
/// date line, and the signature block implied when a decision records none
/// (see [`crate::signature`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuerHeading {
    pub lines: [String; 2],
    pub place: String,
    pub signer_title: String,
}

/// The heading for an issuing authority as recorded ("UBND tỉnh Lâm Đồng",
/// "UBND huyện Tánh Linh", "Bộ Nông nghiệp và Môi trường").
pub fn issuer_heading(authority: &str) -> IssuerHeading {
    let authority = authority.trim();
    let upper = |s: &str| s.to_uppercase();
    if let Some(body) = authority
        .strip_prefix("UBND ")
        .or_else(|| authority.strip_prefix("Ủy ban nhân dân "))
    {
        let place = [
            "tỉnh ",
            "Tỉnh ",
            "huyện ",
            "Huyện ",
            "thành phố ",
            "Thành phố ",
        ]
        .iter()
        .find_map(|p| body.strip_prefix(p))
        .unwrap_or(body);
        return IssuerHeading {
            lines: ["ỦY BAN NHÂN DÂN".to_owned(), upper(body)],
            place: place.to_owned(),
            signer_title: crate::signature::implied_block(authority),
        };
    }
    if authority.starts_with("Bộ ") {
        let words: Vec<&str> = authority.split_whitespace().collect();
        let half = words.len().div_ceil(2);
        return IssuerHeading {
            lines: [
                upper(&words[..half].join(" ")),
                upper(&words[half..].join(" ")),
            ],
            place: "Hà Nội".to_owned(),
            signer_title: crate::signature::implied_block(authority),
        };
    }
    IssuerHeading {
        lines: [upper(authority), String::new()],
        place: String::new(),
        signer_title: crate::signature::implied_block(authority),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ProcedureVersion as P;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn stars(n: i64) -> Stars {
        Stars::new(n).unwrap()
    }

    #[test]
    fn each_procedure_applies_only_in_its_period() {
        assert!(P::Qd148Of2023.applies_on(d(2025, 7, 5), &[]));
        assert!(!P::Qd148Of2023.applies_on(d(2025, 7, 6), &[]));
        assert!(
            !P::Qd148Of2023.applies_on(d(2026, 3, 1), &[]),
            "a 2026 round under 148"
        );
        assert!(P::Qd1048Of2019.applies_on(d(2023, 2, 23), &[]));
        assert!(!P::Qd1048Of2019.applies_on(d(2023, 2, 24), &[]));
        assert!(P::Qd1489Of2025.applies_on(d(2026, 12, 5), &[]));
        // 26/2026 never applies until its text is verified.
        assert!(!P::Qd26Of2026.applies_on(d(2026, 12, 5), &[]));
        assert!(P::Qd26Of2026.applies_on(d(2026, 12, 5), &[P::Qd26Of2026]));
        assert!(!P::Qd26Of2026.applies_on(d(2026, 5, 21), &[P::Qd26Of2026]));
        assert_eq!(P::governing_on(d(2026, 12, 5), &[]), Some(P::Qd1489Of2025));
        assert_eq!(
            P::governing_on(d(2026, 12, 5), &[P::Qd26Of2026]),
            Some(P::Qd26Of2026)
        );
    }

    #[test]
    fn the_stage_before_the_province_follows_the_procedure() {
        assert_eq!(
            P::Qd148Of2023.pre_assessment().stage,
            Stage::DistrictCouncil
        );
        assert_eq!(P::Qd148Of2023.pre_assessment().role, Role::Office);
        assert_eq!(
            P::Qd1489Of2025.pre_assessment().stage,
            Stage::CommunePreAssessment
        );
        assert_eq!(P::Qd1489Of2025.pre_assessment().role, Role::Commune);
        for p in P::ALL {
            let stages = p.stages();
            assert_eq!(stages.first().map(|s| s.stage), Some(Stage::Dossier));
            assert_eq!(
                stages.last().map(|s| s.stage),
                Some(Stage::MinistryEvaluation)
            );
        }
    }

    #[test]
    fn documents_head_themselves_with_the_recorded_issuer() {
        let district = issuer_heading("UBND huyện Tánh Linh");
        assert_eq!(
            district.lines,
            ["ỦY BAN NHÂN DÂN".to_owned(), "HUYỆN TÁNH LINH".to_owned()]
        );
        assert_eq!(district.place, "Tánh Linh");
        let province = issuer_heading("UBND Tỉnh Lâm Đồng");
        assert_eq!(province.lines[1], "TỈNH LÂM ĐỒNG");
        assert_eq!(province.place, "Lâm Đồng");
        let ministry = issuer_heading("Bộ Nông nghiệp và Môi trường");
        assert_eq!(
            ministry.lines,
            ["BỘ NÔNG NGHIỆP".to_owned(), "VÀ MÔI TRƯỜNG".to_owned()]
        );
        assert_eq!(ministry.place, "Hà Nội");
    }

    #[test]
    fn the_issuer_is_the_one_the_procedure_names_on_the_decision_date() {
        use RecognitionLevel::*;
        // A 2024 district decision for 3★ under 148.
        assert_eq!(
            P::Qd148Of2023.issuer_on(stars(3), d(2024, 9, 10), &[]),
            Ok(District)
        );
        assert_eq!(
            P::Qd148Of2023.issuer_on(stars(4), d(2024, 9, 10), &[]),
            Ok(Province)
        );
        // 1–5 Jul 2025: 148 still applied but districts were gone.
        assert_eq!(
            P::Qd148Of2023.issuer_on(stars(3), d(2025, 7, 2), &[]),
            Err(IssuerError::DistrictAbolished {
                procedure: "148/2023",
                stars: 3
            })
        );
        // A 2026 decision under 148 names no issuer.
        assert!(matches!(
            P::Qd148Of2023.issuer_on(stars(3), d(2026, 3, 1), &[]),
            Err(IssuerError::NotInForce { .. })
        ));
        assert_eq!(
            P::Qd1489Of2025.issuer_on(stars(3), d(2026, 3, 1), &[]),
            Ok(Province)
        );
        assert_eq!(
            P::Qd1489Of2025.issuer_on(stars(5), d(2026, 3, 1), &[]),
            Ok(Ministry)
        );
        assert_eq!(
            P::Qd1489Of2025.issuer_on(stars(2), d(2026, 3, 1), &[]),
            Err(IssuerError::NotCertifiable)
        );
    }
}
