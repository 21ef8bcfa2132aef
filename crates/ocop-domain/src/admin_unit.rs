//! Đơn vị hành chính — administrative units, with their history.
//!
//! On 1 Jul 2025 districts were abolished and provinces and communes were
//! merged. A new unit often reuses the code of one of its former communes, so
//! a code alone is ambiguous: every code travels with its [`UnitScheme`].

use chrono::NaiveDate;
use std::fmt;
use thiserror::Error;

/// Which national code list a unit code belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum UnitScheme {
    /// The list in force until 30 Jun 2025 (province → district → commune).
    Pre2025,
    /// The list in force from 1 Jul 2025 (province → commune).
    Y2025,
}

impl UnitScheme {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pre2025 => "pre2025",
            Self::Y2025 => "2025",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "pre2025" => Some(Self::Pre2025),
            "2025" => Some(Self::Y2025),
            _ => None,
        }
    }

    /// The scheme in force on a date.
    pub fn in_force_on(date: NaiveDate) -> Self {
        if date < reform_date() {
            Self::Pre2025
        } else {
            Self::Y2025
        }
    }
}

/// 1 Jul 2025, when the two-level local government took effect.
/// Sáp nhập cấp huyện trước 2025 — a district merged into another before the
/// 2025 reform (the 2023–2025 arrangement of district-level units). Sources
/// written before the merger name the former district ("huyện Cát Tiên"),
/// which the unit list of 2025 no longer holds; it is read as the district
/// it became part of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DistrictMerger {
    /// The pre-2025 province (its code in the pre-2025 list).
    pub province_code: &'static str,
    /// The former district's name, as sources write it (without "huyện").
    pub former: &'static str,
    /// The pre-2025 code of the district it was merged into.
    pub into_code: &'static str,
    /// (year, month, day) the merger took effect.
    pub effective: (i32, u32, u32),
    /// The resolution that made it.
    pub resolution: &'static str,
}

/// Mergers the shipped data needs. Resolution 1245/NQ-UBTVQH15 of
/// 24 Oct 2024 merged Cát Tiên and Đạ Tẻh into Đạ Huoai (Lâm Đồng) from
/// 1 Dec 2024.
pub const DISTRICT_MERGERS: &[DistrictMerger] = &[
    DistrictMerger {
        province_code: "68",
        former: "Cát Tiên",
        into_code: "682",
        effective: (2024, 12, 1),
        resolution: "1245/NQ-UBTVQH15",
    },
    DistrictMerger {
        province_code: "68",
        former: "Đạ Tẻh",
        into_code: "682",
        effective: (2024, 12, 1),
        resolution: "1245/NQ-UBTVQH15",
    },
];

pub fn reform_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 7, 1).unwrap_or_default()
}

/// Cấp hành chính.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum UnitLevel {
    /// Tỉnh / thành phố trực thuộc trung ương.
    Province,
    /// Huyện / quận / thị xã / thành phố thuộc tỉnh (until 30 Jun 2025).
    District,
    /// Xã / phường / thị trấn / đặc khu.
    Commune,
}

impl UnitLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Province => "province",
            Self::District => "district",
            Self::Commune => "commune",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "province" => Some(Self::Province),
            "district" => Some(Self::District),
            "commune" => Some(Self::Commune),
            _ => None,
        }
    }

    /// Official codes have 2, 3 and 5 digits by level.
    pub fn code_len(self) -> usize {
        match self {
            Self::Province => 2,
            Self::District => 3,
            Self::Commune => 5,
        }
    }
}

/// An official unit code as text, leading zeros kept (`"01"`, `"001"`, `"00004"`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct UnitCode(String);

#[derive(Debug, Error, PartialEq, Eq)]
#[error("mã đơn vị hành chính cấp {level} phải gồm {expected} chữ số, nhận được \"{got}\"")]
pub struct UnitCodeError {
    level: &'static str,
    expected: usize,
    got: String,
}

impl crate::form::English for UnitCodeError {
    fn english(&self) -> String {
        format!(
            "An administrative unit code at this level has {} digits; got \"{}\".",
            self.expected, self.got
        )
    }
}

impl UnitCode {
    pub fn parse(level: UnitLevel, s: &str) -> Result<Self, UnitCodeError> {
        let s = s.trim();
        if s.len() == level.code_len() && s.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Self(s.to_owned()))
        } else {
            Err(UnitCodeError {
                level: match level {
                    UnitLevel::Province => "tỉnh",
                    UnitLevel::District => "huyện",
                    UnitLevel::Commune => "xã",
                },
                expected: level.code_len(),
                got: s.to_owned(),
            })
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnitCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheme_changes_on_reform_day() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        assert_eq!(UnitScheme::in_force_on(d(2025, 6, 30)), UnitScheme::Pre2025);
        assert_eq!(UnitScheme::in_force_on(d(2025, 7, 1)), UnitScheme::Y2025);
    }

    #[test]
    fn codes_keep_leading_zeros_and_length() {
        assert_eq!(
            UnitCode::parse(UnitLevel::Province, "01").map(|c| c.0),
            Ok("01".into())
        );
        assert!(UnitCode::parse(UnitLevel::Province, "1").is_err());
        assert!(UnitCode::parse(UnitLevel::Commune, "2461").is_err());
        assert!(UnitCode::parse(UnitLevel::Commune, "24611").is_ok());
        assert!(UnitCode::parse(UnitLevel::District, "66a").is_err());
    }
}
