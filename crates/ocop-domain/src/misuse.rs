//! Phản ánh vi phạm — a consumer's or market officer's report of a fake or
//! misused OCOP star, and what the office found.

use thiserror::Error;

/// A sender may send this many reports a day; the province this many in all
/// (a flood is stopped without keeping who sent what).
pub const MAX_PER_SENDER_PER_DAY: i64 = 5;
pub const MAX_PER_DAY: i64 = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MisuseStatus {
    /// Mới nhận.
    New,
    /// Đang xác minh.
    Investigating,
    /// Có vi phạm.
    Confirmed,
    /// Không có vi phạm.
    Dismissed,
}

impl MisuseStatus {
    pub const ALL: [Self; 4] = [
        Self::New,
        Self::Investigating,
        Self::Confirmed,
        Self::Dismissed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Investigating => "investigating",
            Self::Confirmed => "confirmed",
            Self::Dismissed => "dismissed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s.trim())
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Self::New => "Mới nhận",
            Self::Investigating => "Đang xác minh",
            Self::Confirmed => "Có vi phạm",
            Self::Dismissed => "Không có vi phạm",
        }
    }

    /// A case is closed with an outcome the office writes down.
    pub fn needs_outcome(self) -> bool {
        matches!(self, Self::Confirmed | Self::Dismissed)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{message}")]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

/// A report as typed, checked field by field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MisuseReport {
    pub product: String,
    pub seller: String,
    pub place: String,
    pub link: Option<String>,
    pub description: String,
    pub contact: Option<String>,
}

fn text(
    field: &'static str,
    v: &str,
    min: usize,
    max: usize,
    what: &str,
) -> Result<String, FieldError> {
    let t = crate::text::nfc(v);
    let n = t.chars().count();
    if n < min || n > max {
        return Err(FieldError {
            field,
            message: if n < min {
                format!("Nhập {what}.")
            } else {
                format!("{what} dài quá {max} ký tự.")
            },
        });
    }
    Ok(t)
}

impl MisuseReport {
    pub fn parse(
        product: &str,
        seller: &str,
        place: &str,
        link: &str,
        description: &str,
        contact: &str,
    ) -> Result<Self, FieldError> {
        let link = match link.trim() {
            "" => None,
            l if (l.starts_with("https://") || l.starts_with("http://"))
                && l.len() <= 500
                && !l.chars().any(char::is_whitespace) =>
            {
                Some(l.to_owned())
            }
            _ => {
                return Err(FieldError {
                    field: "link",
                    message: "Liên kết phải là địa chỉ web bắt đầu bằng http:// hoặc https://."
                        .into(),
                });
            }
        };
        Ok(Self {
            product: text("product", product, 2, 200, "tên sản phẩm")?,
            seller: text("seller", seller, 0, 200, "Nơi bán, người bán")?,
            place: text("place", place, 0, 300, "Địa điểm")?,
            link,
            description: text(
                "description",
                description,
                10,
                3000,
                "mô tả điều thấy (ít nhất 10 ký tự)",
            )?,
            contact: Some(text("contact", contact, 0, 200, "Cách liên hệ")?)
                .filter(|c| !c.is_empty()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_needs_a_product_and_a_description_and_a_web_link() {
        assert!(
            MisuseReport::parse("Cà phê X", "", "", "", "Tem OCOP in giả trên bao bì", "").is_ok()
        );
        assert_eq!(
            MisuseReport::parse("", "", "", "", "Tem OCOP in giả", "").map_err(|e| e.field),
            Err("product")
        );
        assert_eq!(
            MisuseReport::parse("Cà phê X", "", "", "", "ngắn", "").map_err(|e| e.field),
            Err("description")
        );
        assert_eq!(
            MisuseReport::parse(
                "Cà phê X",
                "",
                "",
                "javascript:alert(1)",
                "Tem OCOP in giả trên bao bì",
                ""
            )
            .map_err(|e| e.field),
            Err("link")
        );
    }

    #[test]
    fn a_case_closes_with_an_outcome() {
        assert!(MisuseStatus::Confirmed.needs_outcome());
        assert!(!MisuseStatus::Investigating.needs_outcome());
        assert_eq!(
            MisuseStatus::parse("dismissed"),
            Some(MisuseStatus::Dismissed)
        );
    }
}
