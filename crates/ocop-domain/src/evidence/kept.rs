//! Giấy tờ trong kho — a kept document's kind and whether it can still be
//! relied on.

/// Whether a kept document (food-safety certificate, test report …) can
/// still be relied on, on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum DocumentValidity {
    /// No end date (a trademark registration, say).
    Open,
    Valid,
    /// Valid, but ending within 90 days.
    EndingSoon {
        days: i64,
    },
    Expired,
}

impl DocumentValidity {
    pub fn on(valid_until: Option<chrono::NaiveDate>, today: chrono::NaiveDate) -> Self {
        match valid_until {
            None => Self::Open,
            Some(end) if today > end => Self::Expired,
            Some(end) if (end - today).num_days() <= 90 => Self::EndingSoon {
                days: (end - today).num_days(),
            },
            Some(_) => Self::Valid,
        }
    }

    pub fn label_vi(self) -> String {
        match self {
            Self::Open => "Không thời hạn".into(),
            Self::Valid => "Còn hiệu lực".into(),
            Self::EndingSoon { days } => format!("Sắp hết hạn (còn {days} ngày)"),
            Self::Expired => "Hết hạn".into(),
        }
    }
}

/// Loại tài liệu — the kinds of documents a producer keeps in its vault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm.
    FoodSafety,
    /// Phiếu kết quả kiểm nghiệm.
    TestReport,
    /// Bản tự công bố / công bố chất lượng sản phẩm.
    QualityDeclaration,
    /// Giấy chứng nhận đăng ký nhãn hiệu.
    Trademark,
    /// Chứng nhận VietGAP / hữu cơ.
    Vietgap,
    /// Tài liệu khác.
    Other,
}

impl DocumentKind {
    /// In the order the form offers them.
    pub const ALL: [Self; 6] = [
        Self::FoodSafety,
        Self::TestReport,
        Self::QualityDeclaration,
        Self::Trademark,
        Self::Vietgap,
        Self::Other,
    ];

    /// The code stored and sent by the form.
    pub fn code(self) -> &'static str {
        match self {
            Self::FoodSafety => "food_safety",
            Self::TestReport => "test_report",
            Self::QualityDeclaration => "quality_declaration",
            Self::Trademark => "trademark",
            Self::Vietgap => "vietgap",
            Self::Other => "other",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Self::FoodSafety => "Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
            Self::TestReport => "Phiếu kết quả kiểm nghiệm",
            Self::QualityDeclaration => "Bản tự công bố / công bố chất lượng sản phẩm",
            Self::Trademark => "Giấy chứng nhận đăng ký nhãn hiệu",
            Self::Vietgap => "Chứng nhận VietGAP / hữu cơ",
            Self::Other => "Tài liệu khác",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn document_kinds_read_back_from_their_codes() {
        for k in DocumentKind::ALL {
            assert_eq!(DocumentKind::parse(k.code()), Some(k));
        }
        assert_eq!(DocumentKind::parse("FOOD_SAFETY"), None);
        assert_eq!(DocumentKind::parse(""), None);
    }

    #[test]
    fn validity_at_the_boundaries() {
        let end = Some(d(2027, 1, 31));
        assert_eq!(
            DocumentValidity::on(end, d(2026, 11, 1)),
            DocumentValidity::Valid
        );
        assert_eq!(
            DocumentValidity::on(end, d(2026, 11, 2)),
            DocumentValidity::EndingSoon { days: 90 }
        );
        assert_eq!(
            DocumentValidity::on(end, d(2027, 1, 31)),
            DocumentValidity::EndingSoon { days: 0 }
        );
        assert_eq!(
            DocumentValidity::on(end, d(2027, 2, 1)),
            DocumentValidity::Expired
        );
        assert_eq!(
            DocumentValidity::on(None, d(2030, 1, 1)),
            DocumentValidity::Open
        );
    }
}
