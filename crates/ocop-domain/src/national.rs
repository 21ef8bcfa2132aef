//! Đánh giá sản phẩm OCOP 5 sao cấp quốc gia — the path of a product the
//! province's council found worthy of 5★: proposed, the package sent to the
//! Ministry of Agriculture and Environment, the ministry council's result,
//! and its decision. Meanwhile the province certifies at most 4★; a 5★
//! certificate from the ministry supersedes it, a refusal leaves it standing.
//!
//! Sources: `shared/domain/ocop-rules.md` §1.4 and §3 (products of 90 points
//! or more go to the ministry; the centre recognises 5★).

use crate::Stars;

/// The province recognises up to this many stars; 5★ is the ministry's.
pub const PROVINCE_MAX_STARS: u8 = 4;

/// A council result goes to the ministry only when its average is 90 or
/// more *and* every 5★ mark is met (the star after the marks is 5).
pub fn eligible(average_hundredths: u64, stars_after_marks: u8) -> bool {
    average_hundredths >= 9000 && stars_after_marks == 5
}

/// What the province certifies for a council result: at most 4★.
pub fn province_stars(council_stars: Stars) -> u8 {
    council_stars.get().min(PROVINCE_MAX_STARS)
}

/// Trạng thái đề nghị.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum NationalState {
    /// Đủ điều kiện, chờ gửi Bộ.
    Proposed,
    /// Đã gửi hồ sơ lên Bộ Nông nghiệp và Môi trường.
    Sent,
    /// Hội đồng cấp Trung ương đã chấm.
    MinistryScored,
    /// Bộ công nhận 5 sao.
    Recognised,
    /// Bộ không công nhận: hạng của tỉnh giữ nguyên.
    Refused,
}

impl NationalState {
    pub const ALL: [Self; 5] = [
        Self::Proposed,
        Self::Sent,
        Self::MinistryScored,
        Self::Recognised,
        Self::Refused,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Proposed => "proposed",
            Self::Sent => "sent",
            Self::MinistryScored => "ministry_scored",
            Self::Recognised => "recognised",
            Self::Refused => "refused",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Proposed => {
                "Đủ điều kiện đề nghị Bộ Nông nghiệp và Môi trường đánh giá 5 sao, chờ gửi hồ sơ"
            }
            Self::Sent => "Đã gửi hồ sơ lên Bộ Nông nghiệp và Môi trường",
            Self::MinistryScored => "Hội đồng cấp Trung ương đã chấm, chờ quyết định của Bộ",
            Self::Recognised => "Bộ Nông nghiệp và Môi trường đã công nhận 5 sao",
            Self::Refused => "Bộ không công nhận 5 sao; hạng sao của tỉnh giữ nguyên",
        }
    }
}

/// A step on the national path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NationalStep {
    Send,
    /// The ministry council's average, in hundredths of a point.
    MinistryResult {
        hundredths: u64,
    },
    /// The ministry's decision: recognised as 5★ or not.
    Decision {
        recognised: bool,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NationalError {
    #[error("Không thể bước này khi đề nghị đang ở trạng thái «{}».", .0.label_vi())]
    NotFromState(NationalState),
    #[error("Điểm của hội đồng cấp Trung ương phải từ 0 đến 100.")]
    PointsOutOfRange,
    #[error(
        "Hội đồng cấp Trung ương chấm {} điểm, dưới 90: không công nhận 5 sao được; ghi quyết định không công nhận.",
        crate::text::hundredths_vi(*.hundredths)
    )]
    BelowFiveStars { hundredths: u64 },
}

/// The state a step leads to.
pub fn next(
    state: NationalState,
    step: NationalStep,
    ministry_hundredths: Option<u64>,
) -> Result<NationalState, NationalError> {
    use NationalState as S;
    match (state, step) {
        (S::Proposed, NationalStep::Send) => Ok(S::Sent),
        (S::Sent, NationalStep::MinistryResult { hundredths }) if hundredths > 10_000 => {
            Err(NationalError::PointsOutOfRange)
        }
        (S::Sent, NationalStep::MinistryResult { .. }) => Ok(S::MinistryScored),
        (S::MinistryScored, NationalStep::Decision { recognised: true }) => {
            match ministry_hundredths {
                Some(h) if h < 9000 => Err(NationalError::BelowFiveStars { hundredths: h }),
                _ => Ok(S::Recognised),
            }
        }
        (S::MinistryScored, NationalStep::Decision { recognised: false }) => Ok(S::Refused),
        (s, _) => Err(NationalError::NotFromState(s)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use NationalState as S;

    #[test]
    fn only_ninety_points_with_every_five_star_mark_goes_to_the_ministry() {
        // 91 points but one 5★ mark missed: the marks cap the star at 4.
        assert!(!eligible(9100, 4));
        assert!(!eligible(8999, 5));
        assert!(eligible(9000, 5));
        let five = Stars::new(5).unwrap();
        assert_eq!(province_stars(five), 4);
    }

    #[test]
    fn the_path_runs_in_order_and_a_refusal_is_final() {
        let send = next(S::Proposed, NationalStep::Send, None);
        assert_eq!(send, Ok(S::Sent));
        assert_eq!(
            next(
                S::Proposed,
                NationalStep::Decision { recognised: true },
                None
            ),
            Err(NationalError::NotFromState(S::Proposed))
        );
        assert_eq!(
            next(
                S::Sent,
                NationalStep::MinistryResult { hundredths: 10_001 },
                None
            ),
            Err(NationalError::PointsOutOfRange)
        );
        assert_eq!(
            next(
                S::Sent,
                NationalStep::MinistryResult { hundredths: 9150 },
                None
            ),
            Ok(S::MinistryScored)
        );
        assert!(matches!(
            next(
                S::MinistryScored,
                NationalStep::Decision { recognised: true },
                Some(8800)
            ),
            Err(NationalError::BelowFiveStars { .. })
        ));
        assert_eq!(
            next(
                S::MinistryScored,
                NationalStep::Decision { recognised: true },
                Some(9150)
            ),
            Ok(S::Recognised)
        );
        assert_eq!(
            next(
                S::MinistryScored,
                NationalStep::Decision { recognised: false },
                Some(9150)
            ),
            Ok(S::Refused)
        );
        assert!(next(S::Refused, NationalStep::Send, None).is_err());
        assert!(next(S::Recognised, NationalStep::Send, None).is_err());
    }
}
