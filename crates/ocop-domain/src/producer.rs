//! Chủ thể OCOP — the producer that owns products: a cooperative, a
//! cooperative group, an enterprise, a registered household business or a farm.

use thiserror::Error;

/// Loại hình doanh nghiệp — the legal form of an enterprise. The criteria set
/// scores some forms higher (A3 "hình thức tổ chức sản xuất").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum LegalForm {
    /// Công ty TNHH một thành viên
    SingleMemberLlc,
    /// Công ty TNHH hai thành viên trở lên
    MultiMemberLlc,
    /// Công ty cổ phần
    JointStock,
    /// Doanh nghiệp tư nhân
    PrivateEnterprise,
    /// Công ty hợp danh
    Partnership,
    /// Not stated by the source.
    Unknown,
}

/// Loại hình chủ thể.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum ProducerKind {
    /// Hợp tác xã
    Cooperative,
    /// Tổ hợp tác
    CooperativeGroup,
    /// Doanh nghiệp
    Enterprise(LegalForm),
    /// Hộ kinh doanh có đăng ký
    HouseholdBusiness,
    /// Trang trại
    Farm,
}

#[derive(Debug, Error, PartialEq, Eq)]
#[error("loại hình chủ thể không hợp lệ: \"{0}\"")]
pub struct ProducerKindError(String);

impl ProducerKind {
    /// The stored code: `cooperative`, `cooperative_group`, `household`, `farm`,
    /// or `enterprise` / `enterprise:<legal form>`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Cooperative => "cooperative",
            Self::CooperativeGroup => "cooperative_group",
            Self::HouseholdBusiness => "household",
            Self::Farm => "farm",
            Self::Enterprise(form) => match form {
                LegalForm::SingleMemberLlc => "enterprise:llc1",
                LegalForm::MultiMemberLlc => "enterprise:llc2",
                LegalForm::JointStock => "enterprise:jsc",
                LegalForm::PrivateEnterprise => "enterprise:private",
                LegalForm::Partnership => "enterprise:partnership",
                LegalForm::Unknown => "enterprise",
            },
        }
    }

    pub fn parse(code: &str) -> Result<Self, ProducerKindError> {
        Ok(match code {
            "cooperative" => Self::Cooperative,
            "cooperative_group" => Self::CooperativeGroup,
            "household" => Self::HouseholdBusiness,
            "farm" => Self::Farm,
            // The source datasets say "company" for any enterprise.
            "enterprise" | "company" => Self::Enterprise(LegalForm::Unknown),
            "enterprise:llc1" => Self::Enterprise(LegalForm::SingleMemberLlc),
            "enterprise:llc2" => Self::Enterprise(LegalForm::MultiMemberLlc),
            "enterprise:jsc" => Self::Enterprise(LegalForm::JointStock),
            "enterprise:private" => Self::Enterprise(LegalForm::PrivateEnterprise),
            "enterprise:partnership" => Self::Enterprise(LegalForm::Partnership),
            other => return Err(ProducerKindError(other.to_owned())),
        })
    }

    /// Reads the kind and legal form from a Vietnamese organisation name, the
    /// way officials abbreviate them ("HTX …", "Công ty TNHH MTV …").
    pub fn from_name(name: &str) -> Option<Self> {
        let f = crate::text::fold(name);
        let starts = |p: &str| f.starts_with(p);
        if starts("htx") || starts("hop tac xa") {
            Some(Self::Cooperative)
        } else if starts("tho hop tac") || starts("to hop tac") || starts("thz") {
            Some(Self::CooperativeGroup)
        } else if starts("ho kinh doanh") || starts("hkd") || starts("co so") {
            Some(Self::HouseholdBusiness)
        } else if starts("trang trai") {
            Some(Self::Farm)
        } else if starts("doanh nghiep tu nhan") || starts("dntn") {
            Some(Self::Enterprise(LegalForm::PrivateEnterprise))
        } else if starts("cong ty co phan") || starts("cong ty cp") || starts("ctcp") {
            Some(Self::Enterprise(LegalForm::JointStock))
        } else if f.contains("tnhh mtv") || f.contains("tnhh mot thanh vien") {
            Some(Self::Enterprise(LegalForm::SingleMemberLlc))
        } else if starts("cong ty") || starts("chi nhanh cong ty") {
            Some(Self::Enterprise(LegalForm::Unknown))
        } else {
            None
        }
    }

    pub fn name_vi(self) -> &'static str {
        match self {
            Self::Cooperative => "Hợp tác xã",
            Self::CooperativeGroup => "Tổ hợp tác",
            Self::HouseholdBusiness => "Hộ kinh doanh",
            Self::Farm => "Trang trại",
            Self::Enterprise(LegalForm::SingleMemberLlc) => "Công ty TNHH một thành viên",
            Self::Enterprise(LegalForm::MultiMemberLlc) => "Công ty TNHH hai thành viên trở lên",
            Self::Enterprise(LegalForm::JointStock) => "Công ty cổ phần",
            Self::Enterprise(LegalForm::PrivateEnterprise) => "Doanh nghiệp tư nhân",
            Self::Enterprise(LegalForm::Partnership) => "Công ty hợp danh",
            Self::Enterprise(LegalForm::Unknown) => "Doanh nghiệp",
        }
    }
}

/// Giới tính of the legal representative; the criteria give a bonus point
/// when the representative is a woman.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Gender {
    Female,
    Male,
}

impl Gender {
    pub fn code(self) -> &'static str {
        match self {
            Self::Female => "female",
            Self::Male => "male",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "female" | "nữ" => Some(Self::Female),
            "male" | "nam" => Some(Self::Male),
            _ => None,
        }
    }
}

/// Dân tộc of the legal representative, as written (one of the 54 recognised
/// ethnic groups). The criteria give a bonus point to ethnic minorities,
/// i.e. anyone who is not Kinh.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct Ethnicity(String);

impl Ethnicity {
    pub fn new(name: &str) -> Option<Self> {
        let n = crate::text::nfc(name);
        (!n.is_empty()).then_some(Self(n))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn is_minority(&self) -> bool {
        crate::text::fold(&self.0) != "kinh"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip() {
        for k in [
            ProducerKind::Cooperative,
            ProducerKind::CooperativeGroup,
            ProducerKind::HouseholdBusiness,
            ProducerKind::Farm,
            ProducerKind::Enterprise(LegalForm::JointStock),
            ProducerKind::Enterprise(LegalForm::Unknown),
        ] {
            assert_eq!(ProducerKind::parse(k.code()), Ok(k));
        }
        assert!(ProducerKind::parse("bank").is_err());
    }

    #[test]
    fn kind_from_name() {
        assert_eq!(
            ProducerKind::from_name("HTX Nông nghiệp Công Bằng Thuận An"),
            Some(ProducerKind::Cooperative)
        );
        assert_eq!(
            ProducerKind::from_name("Công ty Cổ phần Sachi Tây Nguyên"),
            Some(ProducerKind::Enterprise(LegalForm::JointStock))
        );
        assert_eq!(
            ProducerKind::from_name("Trang trại Gia Trung"),
            Some(ProducerKind::Farm)
        );
        assert_eq!(ProducerKind::from_name("Sang's Farm"), None);
    }

    #[test]
    fn ethnic_minority() {
        assert!(!Ethnicity::new("Kinh").is_some_and(|e| e.is_minority()));
        assert!(Ethnicity::new("M'Nông").is_some_and(|e| e.is_minority()));
        assert!(Ethnicity::new("  ").is_none());
    }
}
