//! Số quyết định — the number of a recognition decision, e.g. `2310/QĐ-UBND`.

use std::fmt;
use thiserror::Error;

/// A decision number in the Decree 30/2020 form `<số>/<QĐ>-<issuer>`; the
/// issuer may have several parts (`1746/QĐ-UBND-NN`). Normalised to NFC and
/// upper-case letters, so `2310/qđ-ubnd` and `2310/QĐ-UBND` are one decision.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct DecisionNumber(String);

#[derive(Debug, Error, PartialEq, Eq)]
#[error("số quyết định phải có dạng \"số/QĐ-cơ quan\", ví dụ 2310/QĐ-UBND; nhận được \"{0}\"")]
pub struct DecisionNumberError(String);

impl DecisionNumber {
    pub fn parse(input: &str) -> Result<Self, DecisionNumberError> {
        let s = crate::text::nfc(input).to_uppercase();
        let bad = || DecisionNumberError(input.trim().to_owned());
        let (num, rest) = s.split_once('/').ok_or_else(bad)?;
        let (kind, issuer) = rest.split_once('-').ok_or_else(bad)?;
        let num_ok = !num.is_empty() && num.bytes().all(|b| b.is_ascii_digit());
        let kind_ok = kind == "QĐ";
        let issuer_ok = !issuer.is_empty()
            && issuer
                .split('-')
                .all(|p| !p.is_empty() && p.chars().all(char::is_alphanumeric));
        if num_ok && kind_ok && issuer_ok {
            Ok(Self(s))
        } else {
            Err(bad())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DecisionNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Quyết định công nhận — a signed recognition decision.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Decision {
    pub number: DecisionNumber,
    pub issued_on: chrono::NaiveDate,
    pub level: crate::round::RecognitionLevel,
    /// e.g. "UBND tỉnh Lâm Đồng".
    pub issuing_authority: String,
    /// Người ký, when known.
    pub signer: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_normalises() {
        assert_eq!(
            DecisionNumber::parse("2310/QĐ-UBND").map(|d| d.0),
            Ok("2310/QĐ-UBND".into())
        );
        assert_eq!(
            DecisionNumber::parse(" 15/qđ-ubnd ").map(|d| d.0),
            Ok("15/QĐ-UBND".into())
        );
        assert!(DecisionNumber::parse("1746/QĐ-UBND-NN").is_ok());
    }

    #[test]
    fn rejects_malformed() {
        for bad in [
            "",
            "2310",
            "2310/QD-UBND",
            "/QĐ-UBND",
            "23a/QĐ-UBND",
            "2310/QĐ-",
            "2310/QĐ-UB ND",
        ] {
            assert!(DecisionNumber::parse(bad).is_err(), "{bad}");
        }
    }
}
