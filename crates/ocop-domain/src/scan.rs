//! Lượt quét — what the scans of a batch's codes say about the packages on
//! the shelves. Counts only: the platform keeps no record of who scanned.

/// A package may fairly be scanned by the shop, the buyer and whoever
/// receives it as a gift; beyond that a code has likely been copied.
pub const SCANS_PER_PACKAGE: i64 = 3;

/// A batch's scan counts, as the store adds them up.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchScans {
    pub total: i64,
    /// Scans on days after the batch's expiry date.
    pub after_expiry: i64,
    /// Scans on days the product's certificate was revoked or suspended.
    pub while_revoked: i64,
    /// Units in the batch, when the producer gave it.
    pub quantity: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ScanWarning {
    /// Packages still sold (or kept) after their expiry date.
    AfterExpiry { scans: i64 },
    /// More scans than the batch's packages can explain: a copied code.
    TooMany { scans: i64, quantity: i64 },
    /// A code scanned while the product's star was revoked or suspended.
    Revoked { scans: i64 },
}

impl ScanWarning {
    pub fn message_vi(&self) -> String {
        match self {
            Self::AfterExpiry { scans } => {
                format!(
                    "{scans} lượt quét sau hạn sử dụng của lô: sản phẩm hết hạn có thể vẫn đang được bán."
                )
            }
            Self::TooMany { scans, quantity } => format!(
                "{scans} lượt quét cho lô chỉ có {quantity} đơn vị: mã có thể đã bị sao chép."
            ),
            Self::Revoked { scans } => format!(
                "{scans} lượt quét khi giấy chứng nhận OCOP đã bị thu hồi hoặc tạm đình chỉ: bao bì vẫn mang sao."
            ),
        }
    }
}

pub fn warnings(s: &BatchScans) -> Vec<ScanWarning> {
    let mut w = Vec::new();
    if s.after_expiry > 0 {
        w.push(ScanWarning::AfterExpiry {
            scans: s.after_expiry,
        });
    }
    if let Some(q) = s.quantity
        && s.total > q.saturating_mul(SCANS_PER_PACKAGE)
    {
        w.push(ScanWarning::TooMany {
            scans: s.total,
            quantity: q,
        });
    }
    if s.while_revoked > 0 {
        w.push(ScanWarning::Revoked {
            scans: s.while_revoked,
        });
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_warning_at_its_threshold() {
        let base = BatchScans {
            total: 30,
            quantity: Some(10),
            ..BatchScans::default()
        };
        assert_eq!(warnings(&base), vec![]);
        let copied = BatchScans {
            total: 31,
            ..base.clone()
        };
        assert_eq!(
            warnings(&copied),
            vec![ScanWarning::TooMany {
                scans: 31,
                quantity: 10
            }]
        );
        let late = BatchScans {
            after_expiry: 1,
            ..base.clone()
        };
        assert_eq!(warnings(&late), vec![ScanWarning::AfterExpiry { scans: 1 }]);
        let revoked = BatchScans {
            while_revoked: 2,
            ..base
        };
        assert_eq!(warnings(&revoked), vec![ScanWarning::Revoked { scans: 2 }]);
        assert_eq!(
            warnings(&BatchScans {
                total: 1_000,
                ..BatchScans::default()
            }),
            vec![]
        );
    }
}
