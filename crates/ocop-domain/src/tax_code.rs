//! Mã số thuế — the tax / business-registration number of a producer.

use std::fmt;
use thiserror::Error;

/// A Vietnamese tax code: ten digits whose last is a modulo-11 check digit
/// (`0100109106`), optionally followed by a three-digit branch suffix
/// (`0100109106-001`); or, since 2025, a household business's twelve-digit
/// personal identification number, which carries no public check digit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct TaxCode(String);

#[derive(Debug, Error, PartialEq, Eq)]
pub enum TaxCodeError {
    #[error("mã số thuế phải gồm 10 chữ số, 10 chữ số kèm đuôi chi nhánh -NNN, hoặc 12 chữ số")]
    Format,
    #[error("mã số thuế sai chữ số kiểm tra (chữ số thứ 10)")]
    CheckDigit,
}

impl crate::form::English for TaxCodeError {
    fn english(&self) -> String {
        match self {
            Self::Format => {
                "A tax code has 10 digits, 10 digits with a branch suffix -NNN, or 12 digits."
            }
            Self::CheckDigit => "The tax code's check digit (the 10th) is wrong.",
        }
        .to_owned()
    }
}

const WEIGHTS: [u32; 9] = [31, 29, 23, 19, 17, 13, 7, 5, 3];

impl TaxCode {
    pub fn parse(input: &str) -> Result<Self, TaxCodeError> {
        let s: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        let all_digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
        let (main, branch) = match s.split_once('-') {
            Some((m, b)) => (m, Some(b)),
            None => (s.as_str(), None),
        };
        if !all_digits(main) || branch.is_some_and(|b| b.len() != 3 || !all_digits(b)) {
            return Err(TaxCodeError::Format);
        }
        match (main.len(), branch) {
            (12, None) => Ok(Self(s)),
            (10, _) => {
                if check_digit(&main[..9]) != main.as_bytes()[9].checked_sub(b'0') {
                    return Err(TaxCodeError::CheckDigit);
                }
                Ok(Self(s))
            }
            _ => Err(TaxCodeError::Format),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The tenth digit for nine leading digits; `None` when the remainder is 0,
/// for which no code is issued (10 − 0 is not a digit).
fn check_digit(nine: &str) -> Option<u8> {
    let sum: u32 = nine
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    match sum % 11 {
        0 => None,
        // A remainder of 10 gives 10 − 10 = 0.
        r => u8::try_from((10 - r) % 10).ok(),
    }
}

impl fmt::Display for TaxCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_real_codes() {
        assert!(TaxCode::parse("0100109106").is_ok());
        assert!(TaxCode::parse("0100109106-001").is_ok());
        assert!(TaxCode::parse(" 0100 109 106 ").is_ok());
        assert!(TaxCode::parse("067123456789").is_ok());
    }

    #[test]
    fn rejects_wrong_check_digit_and_format() {
        assert_eq!(TaxCode::parse("0100109107"), Err(TaxCodeError::CheckDigit));
        assert_eq!(TaxCode::parse("010010910"), Err(TaxCodeError::Format));
        assert_eq!(TaxCode::parse("0100109106-01"), Err(TaxCodeError::Format));
        assert_eq!(TaxCode::parse("01001O9106"), Err(TaxCodeError::Format));
        assert_eq!(TaxCode::parse(""), Err(TaxCodeError::Format));
    }

    #[test]
    fn remainder_ten_gives_zero() {
        // 2 × 5 = 10: remainder 10, so the check digit is 0.
        assert!(TaxCode::parse("0000000200").is_ok());
        assert_eq!(TaxCode::parse("0000000201"), Err(TaxCodeError::CheckDigit));
        // A weighted sum divisible by 11 has no valid check digit at all.
        assert!((0..10).all(|d| TaxCode::parse(&format!("000000000{d}")).is_err()));
    }
}
