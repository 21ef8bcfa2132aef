//! Thể thức ký — the signature block of a decision (Decree 30/2020, Annex I):
//! who signs for the issuing body, in the lines printed above the name.
//! Entered once with the decision, printed on the decision and on every
//! certificate it issues.

use thiserror::Error;

/// Thẩm quyền ký: the head signs for the collective body ("TM."), or a
/// deputy signs for the head ("KT.").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SignAs {
    /// Người đứng đầu ký (Chủ tịch; Bộ trưởng).
    Head,
    /// Cấp phó ký thay (Phó Chủ tịch; Thứ trưởng).
    Deputy,
}

/// A capacity that is not one of [`SignAs`].
#[derive(Debug, Error, PartialEq, Eq)]
#[error("Chọn người ký: người đứng đầu ký hoặc cấp phó ký thay.")]
pub struct UnknownCapacity;

/// The kinds of issuing body a recognition comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Body {
    /// Ủy ban nhân dân (province, or a district before July 2025).
    PeoplesCommittee,
    /// Bộ (the ministry, for 5★).
    Ministry,
    Other,
}

fn body_of(authority: &str) -> Body {
    let a = authority.trim();
    if a.starts_with("UBND ") || a.starts_with("Ủy ban nhân dân ") {
        Body::PeoplesCommittee
    } else if a.starts_with("Bộ ") {
        Body::Ministry
    } else {
        Body::Other
    }
}

impl SignAs {
    pub const ALL: [SignAs; 2] = [SignAs::Head, SignAs::Deputy];

    pub fn code(self) -> &'static str {
        match self {
            SignAs::Head => "head",
            SignAs::Deputy => "deputy",
        }
    }

    pub fn parse(code: &str) -> Result<Self, UnknownCapacity> {
        Self::ALL
            .into_iter()
            .find(|s| s.code() == code.trim())
            .ok_or(UnknownCapacity)
    }

    /// How the form offers this capacity for a decision of `authority`.
    pub fn label_vi(self, authority: &str) -> &'static str {
        match (body_of(authority), self) {
            (Body::PeoplesCommittee, SignAs::Head) => "Chủ tịch ký (TM. Ủy ban nhân dân)",
            (Body::PeoplesCommittee, SignAs::Deputy) => {
                "Phó Chủ tịch ký thay (TM. Ủy ban nhân dân, KT. Chủ tịch)"
            }
            (Body::Ministry, SignAs::Head) => "Bộ trưởng ký",
            (Body::Ministry, SignAs::Deputy) => "Thứ trưởng ký thay (KT. Bộ trưởng)",
            (Body::Other, SignAs::Head) => "Thủ trưởng cơ quan ký",
            (Body::Other, SignAs::Deputy) => "Cấp phó ký thay (KT. Thủ trưởng)",
        }
    }
}

/// The capacity lines, separated by " / ", as stored with the decision and
/// printed in capitals one per line above the signature.
pub fn signature_block(authority: &str, sign_as: SignAs) -> String {
    match (body_of(authority), sign_as) {
        (Body::PeoplesCommittee, SignAs::Head) => "TM. Ủy ban nhân dân / Chủ tịch",
        (Body::PeoplesCommittee, SignAs::Deputy) => {
            "TM. Ủy ban nhân dân / KT. Chủ tịch / Phó Chủ tịch"
        }
        (Body::Ministry, SignAs::Head) => "Bộ trưởng",
        (Body::Ministry, SignAs::Deputy) => "KT. Bộ trưởng / Thứ trưởng",
        (Body::Other, SignAs::Head) => "Thủ trưởng cơ quan",
        (Body::Other, SignAs::Deputy) => "KT. Thủ trưởng cơ quan / Phó Thủ trưởng",
    }
    .to_owned()
}

/// The block a decision recorded without one is printed with: the head of
/// a People's Committee, a deputy minister (as the ministry's decisions on
/// OCOP have been signed).
pub fn implied_block(authority: &str) -> String {
    let sign_as = match body_of(authority) {
        Body::Ministry => SignAs::Deputy,
        Body::PeoplesCommittee | Body::Other => SignAs::Head,
    };
    signature_block(authority, sign_as)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deputy_signs_for_the_head_on_behalf_of_the_committee() {
        assert_eq!(
            signature_block("UBND tỉnh Lâm Đồng", SignAs::Deputy),
            "TM. Ủy ban nhân dân / KT. Chủ tịch / Phó Chủ tịch"
        );
        assert_eq!(
            signature_block("UBND huyện Tánh Linh", SignAs::Head),
            "TM. Ủy ban nhân dân / Chủ tịch"
        );
        assert_eq!(
            signature_block("Bộ Nông nghiệp và Môi trường", SignAs::Deputy),
            "KT. Bộ trưởng / Thứ trưởng"
        );
        assert_eq!(
            implied_block("Bộ Nông nghiệp và Môi trường"),
            "KT. Bộ trưởng / Thứ trưởng"
        );
        assert_eq!(
            implied_block("UBND tỉnh Gia Lai"),
            "TM. Ủy ban nhân dân / Chủ tịch"
        );
    }

    #[test]
    fn capacities_round_trip_and_nothing_else_parses() {
        for s in SignAs::ALL {
            assert_eq!(SignAs::parse(s.code()), Ok(s));
        }
        assert_eq!(SignAs::parse("chairman"), Err(UnknownCapacity));
        assert_eq!(SignAs::parse(""), Err(UnknownCapacity));
    }
}
