//! Hạng sao — the OCOP star rating.

use thiserror::Error;

/// A star rating, 1 to 5. Only 3★ and above is recognised and certified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct Stars(u8);

#[derive(Debug, Error, PartialEq, Eq)]
#[error("hạng sao phải từ 1 đến 5, nhận được {0}")]
pub struct StarsError(i64);

impl Stars {
    pub fn new(n: i64) -> Result<Self, StarsError> {
        match u8::try_from(n) {
            Ok(v @ 1..=5) => Ok(Self(v)),
            _ => Err(StarsError(n)),
        }
    }

    pub fn get(self) -> u8 {
        self.0
    }

    /// 1★ and 2★ have not reached the standard and get no certificate.
    pub fn certifiable(self) -> bool {
        self.0 >= 3
    }

    /// The band a council total falls into: < 30 is 1★, 30–49 2★, 50–69 3★,
    /// 70–89 4★, 90–100 5★ (mandatory marks may cap it lower).
    pub fn band_for_total(total: f64) -> Self {
        Self(match total {
            t if t >= 90.0 => 5,
            t if t >= 70.0 => 4,
            t if t >= 50.0 => 3,
            t if t >= 30.0 => 2,
            _ => 1,
        })
    }

    /// "★★★☆☆"-style text for pages.
    pub fn glyphs(self) -> String {
        "★".repeat(usize::from(self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_at_boundaries() {
        let band = |t| Stars::band_for_total(t).get();
        assert_eq!(
            (band(29.99), band(30.0), band(49.99), band(50.0)),
            (1, 2, 2, 3)
        );
        assert_eq!(
            (
                band(69.99),
                band(70.0),
                band(89.99),
                band(90.0),
                band(100.0)
            ),
            (3, 4, 4, 5, 5)
        );
    }

    #[test]
    fn range_and_certifiable() {
        assert!(Stars::new(0).is_err() && Stars::new(6).is_err());
        assert!(!Stars::new(2).is_ok_and(|s| s.certifiable()));
        assert!(Stars::new(3).is_ok_and(|s| s.certifiable()));
    }
}
