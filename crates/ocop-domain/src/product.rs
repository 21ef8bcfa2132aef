//! Sản phẩm — an OCOP product and the items (SKUs) its certificate covers.

use thiserror::Error;

/// A product's display name: NFC, trimmed, 1–300 characters.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct ProductName(String);

#[derive(Debug, Error, PartialEq, Eq)]
pub enum ProductNameError {
    #[error("tên sản phẩm không được để trống")]
    Empty,
    #[error("tên sản phẩm dài quá 300 ký tự")]
    TooLong,
}

impl ProductName {
    pub fn parse(s: &str) -> Result<Self, ProductNameError> {
        let n = crate::text::nfc(s);
        match n.chars().count() {
            0 => Err(ProductNameError::Empty),
            c if c > 300 => Err(ProductNameError::TooLong),
            _ => Ok(Self(n)),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn slug(&self) -> String {
        crate::text::slugify(&self.0)
    }
}

/// One item a certificate covers: a pack size or variant, with its GTIN if
/// it really has one.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ProductItem {
    /// e.g. "Hộp 500 g".
    pub label: String,
    pub gtin: Option<crate::Gtin>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_normalised_and_bounded() {
        assert_eq!(
            ProductName::parse("  Cà phê  ").map(|n| n.0),
            Ok("Cà phê".into())
        );
        assert_eq!(ProductName::parse("   "), Err(ProductNameError::Empty));
        assert_eq!(
            ProductName::parse(&"a".repeat(301)),
            Err(ProductNameError::TooLong)
        );
        assert_eq!(
            ProductName::parse("Cà phê bột Đắk Đam").map(|n| n.slug()),
            Ok("ca-phe-bot-dak-dam".into())
        );
    }
}

/// Kiểm duyệt — whether a product may be shown on the public portal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moderation {
    /// Added by its producer; waits for the commune's officer or the office.
    Pending,
    Approved,
}

impl Moderation {
    pub fn code(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Approved => "approved",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "pending" => Some(Self::Pending),
            "approved" => Some(Self::Approved),
            _ => None,
        }
    }

    /// A product someone adds: a producer's own waits for a check before
    /// anyone can read it as the province's word; an officer's is public.
    pub fn of_new_product(by: crate::access::Role) -> Self {
        match by {
            crate::access::Role::Producer => Self::Pending,
            _ => Self::Approved,
        }
    }

    /// Who approves: the office (and administrators) anywhere, a commune's
    /// officer in its own commune.
    pub fn may_approve(by: crate::access::Role, in_own_commune: bool) -> bool {
        use crate::access::Role;
        match by {
            Role::Admin | Role::Office => true,
            Role::Commune => in_own_commune,
            _ => false,
        }
    }
}

#[cfg(test)]
mod moderation_tests {
    use super::Moderation;
    use crate::access::Role;

    #[test]
    fn a_producers_product_waits_and_officers_approve_within_reach() {
        assert_eq!(
            Moderation::of_new_product(Role::Producer),
            Moderation::Pending
        );
        assert_eq!(
            Moderation::of_new_product(Role::Commune),
            Moderation::Approved
        );
        assert!(Moderation::may_approve(Role::Office, false));
        assert!(Moderation::may_approve(Role::Commune, true));
        assert!(!Moderation::may_approve(Role::Commune, false));
        assert!(!Moderation::may_approve(Role::Producer, true));
        assert!(!Moderation::may_approve(Role::Council, true));
    }
}
