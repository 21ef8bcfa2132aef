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
