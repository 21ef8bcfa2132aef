//! GTIN — the GS1 trade item number printed under a product's barcode.

use std::fmt;
use thiserror::Error;

/// A GTIN-8, -12, -13 or -14 whose GS1 check digit is correct, kept as
/// written (leading zeros matter). Never invented: a product without a real
/// GTIN simply has none.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct Gtin(String);

#[derive(Debug, Clone, Error, PartialEq, Eq)]
pub enum GtinError {
    #[error("mã GTIN phải gồm 8, 12, 13 hoặc 14 chữ số")]
    Format,
    #[error("mã GTIN sai chữ số kiểm tra (chữ số cuối)")]
    CheckDigit,
}

impl Gtin {
    pub fn parse(input: &str) -> Result<Self, GtinError> {
        let s = input.trim();
        if !matches!(s.len(), 8 | 12 | 13 | 14) || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(GtinError::Format);
        }
        let digits: Vec<u32> = s.bytes().map(|b| u32::from(b - b'0')).collect();
        let (body, check) = digits.split_at(digits.len() - 1);
        // GS1: from the right of the body, weights alternate 3, 1, 3, …
        let sum: u32 = body
            .iter()
            .rev()
            .enumerate()
            .map(|(i, d)| if i % 2 == 0 { d * 3 } else { *d })
            .sum();
        if (10 - sum % 10) % 10 != check[0] {
            return Err(GtinError::CheckDigit);
        }
        Ok(Self(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The 14-digit form used in GS1 Digital Link URIs.
    pub fn to_gtin14(&self) -> String {
        format!("{:0>14}", self.0)
    }
}

impl fmt::Display for Gtin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_gtins() {
        // 893 is Vietnam's GS1 prefix; these check digits are computed by hand.
        assert!(Gtin::parse("8934563138165").is_ok());
        assert!(Gtin::parse("4006381333931").is_ok());
        assert!(Gtin::parse("96385074").is_ok());
        assert_eq!(
            Gtin::parse("4006381333931").map(|g| g.to_gtin14()),
            Ok("04006381333931".into())
        );
    }

    #[test]
    fn invalid_gtins() {
        assert_eq!(Gtin::parse("4006381333932"), Err(GtinError::CheckDigit));
        assert_eq!(Gtin::parse("400638133393"), Err(GtinError::CheckDigit));
        assert_eq!(Gtin::parse("40063813339"), Err(GtinError::Format));
        assert_eq!(Gtin::parse("40063813339a1"), Err(GtinError::Format));
    }
}
