//! Loại hồ sơ — first evaluation, upgrade or re-evaluation.

use serde::Serialize;

/// Loại hồ sơ — why a product is evaluated in a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DossierKind {
    /// Đánh giá lần đầu.
    First,
    /// Nâng hạng — a recognised product asks for more stars.
    Upgrade,
    /// Đánh giá lại — a certificate ends and the product is evaluated again.
    Reevaluation,
}

impl DossierKind {
    pub const ALL: [Self; 3] = [Self::First, Self::Upgrade, Self::Reevaluation];

    /// The code stored and sent by the form.
    pub fn code(self) -> &'static str {
        match self {
            Self::First => "first",
            Self::Upgrade => "upgrade",
            Self::Reevaluation => "reevaluation",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Self::First => "Đánh giá lần đầu",
            Self::Upgrade => "Nâng hạng",
            Self::Reevaluation => "Đánh giá lại",
        }
    }

    /// An upgrade or re-evaluation starts from the product's last dossier.
    pub fn continues_an_earlier_dossier(self) -> bool {
        self != Self::First
    }
}
