//! Danh tính công khai — what the public pages may show of a producer's
//! identity.

use super::*;

/// What the public pages may show of a producer's identity: an
/// organisation's registration number and seat are public business facts; a
/// household's are its owner's personal data, shown only when the producer
/// chose to publish them as a business contact. An unknown kind is treated
/// as personal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublicIdentity {
    pub tax_code: bool,
    pub address: bool,
}

impl PublicIdentity {
    pub fn of(kind: Option<ProducerKind>, chose_to_publish: bool) -> Self {
        let shown = chose_to_publish || kind.is_some_and(|k| !k.is_personal());
        Self {
            tax_code: shown,
            address: shown,
        }
    }
}

#[cfg(test)]
mod identity_tests {
    use super::*;

    #[test]
    fn a_households_id_and_home_stay_private_unless_published() {
        let hidden = PublicIdentity {
            tax_code: false,
            address: false,
        };
        let shown = PublicIdentity {
            tax_code: true,
            address: true,
        };
        assert_eq!(
            PublicIdentity::of(Some(ProducerKind::HouseholdBusiness), false),
            hidden
        );
        assert_eq!(PublicIdentity::of(Some(ProducerKind::Farm), false), hidden);
        assert_eq!(PublicIdentity::of(None, false), hidden);
        assert_eq!(
            PublicIdentity::of(Some(ProducerKind::HouseholdBusiness), true),
            shown
        );
        assert_eq!(
            PublicIdentity::of(Some(ProducerKind::Cooperative), false),
            shown
        );
    }
}
