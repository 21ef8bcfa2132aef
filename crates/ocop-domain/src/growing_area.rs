//! Mã số vùng trồng, mã số cơ sở đóng gói — growing-area and packing-house
//! codes as the plant-protection authority issues them. A code is kept
//! exactly as issued and never parsed for geography or crop: its format has
//! changed over the years and differs by export market.

use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AreaError {
    #[error("Nhập mã số đúng như trên giấy cấp (chữ, số, dấu gạch, dấu chấm; tối đa 40 ký tự).")]
    Code,
    #[error("Diện tích phải là số héc-ta lớn hơn 0 (ví dụ 12,5).")]
    Area,
    #[error("Tọa độ phải là vĩ độ, kinh độ trong lãnh thổ Việt Nam (ví dụ 11.94, 108.44).")]
    Coordinates,
}

/// Which register a code belongs to: mã số vùng trồng or mã số cơ sở đóng gói.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AreaKind {
    /// Vùng trồng.
    Growing,
    /// Cơ sở đóng gói.
    Packing,
}

impl AreaKind {
    pub const ALL: [Self; 2] = [Self::Growing, Self::Packing];

    pub fn code(self) -> &'static str {
        match self {
            Self::Growing => "growing",
            Self::Packing => "packing",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Growing => "Vùng trồng",
            Self::Packing => "Cơ sở đóng gói",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::Growing => "Growing area",
            Self::Packing => "Packing house",
        }
    }
}

/// A code's standing (tình trạng): the issuing authority may suspend or revoke it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AreaStatus {
    /// Đang hiệu lực.
    Active,
    /// Tạm dừng.
    Suspended,
    /// Đã thu hồi.
    Revoked,
}

impl AreaStatus {
    pub const ALL: [Self; 3] = [Self::Active, Self::Suspended, Self::Revoked];

    pub fn code(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Suspended => "suspended",
            Self::Revoked => "revoked",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Active => "Đang hiệu lực",
            Self::Suspended => "Tạm dừng",
            Self::Revoked => "Đã thu hồi",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::Active => "In force",
            Self::Suspended => "Suspended",
            Self::Revoked => "Revoked",
        }
    }
}

/// A code as issued (trimmed, upper-case letters kept as written).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IssuedCode(String);

impl IssuedCode {
    pub fn parse(typed: &str) -> Result<Self, AreaError> {
        let t = typed.trim();
        let ok = !t.is_empty()
            && t.len() <= 40
            && t.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-._/".contains(c));
        if ok {
            Ok(Self(t.to_owned()))
        } else {
            Err(AreaError::Code)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Area in hectares as people write it: `12,5` or `12.5`; kept in hundredths.
pub fn hectares(typed: &str) -> Result<i64, AreaError> {
    let t = typed.trim().replace(',', ".");
    let v: f64 = t.parse().map_err(|_| AreaError::Area)?;
    if !(v > 0.0 && v < 1_000_000.0) {
        return Err(AreaError::Area);
    }
    #[allow(clippy::cast_possible_truncation)]
    Ok((v * 100.0).round() as i64)
}

/// `lat, lon` within Vietnam's bounding box (islands included).
pub fn coordinates(typed: &str) -> Result<Option<(f64, f64)>, AreaError> {
    crate::geo::Point::parse(typed)
        .map(|p| p.map(|p| (p.lat, p.lon)))
        .map_err(|_| AreaError::Coordinates)
}

#[cfg(test)]
mod tests {
    #[test]
    fn kinds_and_statuses_read_back_from_their_codes() {
        use super::{AreaKind, AreaStatus};
        for k in AreaKind::ALL {
            assert_eq!(AreaKind::parse(k.code()), Some(k));
        }
        for s in AreaStatus::ALL {
            assert_eq!(AreaStatus::parse(s.code()), Some(s));
        }
        assert_eq!(AreaStatus::parse("Active"), None);
    }

    use super::*;

    #[test]
    fn codes_are_kept_as_issued_and_never_interpreted() {
        assert_eq!(
            IssuedCode::parse(" VN-LDOR-0123 ").map(|c| c.as_str().to_owned()),
            Ok("VN-LDOR-0123".into())
        );
        assert_eq!(
            IssuedCode::parse("68.01.0005").map(|c| c.as_str().to_owned()),
            Ok("68.01.0005".into())
        );
        assert_eq!(IssuedCode::parse("mã có dấu"), Err(AreaError::Code));
        assert_eq!(IssuedCode::parse(""), Err(AreaError::Code));
    }

    #[test]
    fn hectares_and_coordinates_as_people_write_them() {
        assert_eq!(hectares("12,5"), Ok(1250));
        assert_eq!(hectares("0"), Err(AreaError::Area));
        assert_eq!(coordinates("11.94, 108.44"), Ok(Some((11.94, 108.44))));
        assert_eq!(coordinates(""), Ok(None));
        assert_eq!(coordinates("48.85, 2.35"), Err(AreaError::Coordinates));
    }
}
