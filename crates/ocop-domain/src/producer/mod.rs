//! Chủ thể OCOP — the producer that owns products: a cooperative, a
//! cooperative group, an enterprise, a registered household business or a farm.

use thiserror::Error;

mod form;
mod identity;
mod registration;

pub use form::*;
pub use identity::*;
pub use registration::RegistrationStatus;

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
    /// Chưa rõ — the source names no producer, so nothing about it is known.
    Unstated,
}

#[derive(Debug, Error, PartialEq, Eq)]
#[error("loại hình chủ thể không hợp lệ: \"{0}\"")]
pub struct ProducerKindError(String);

impl crate::form::English for ProducerKindError {
    fn english(&self) -> String {
        format!("Not a kind of producer: \"{}\".", self.0)
    }
}

impl ProducerKind {
    /// Run by a person or a family (hộ kinh doanh, trang trại): its "tax
    /// code" is the owner's personal identification number and its address
    /// their home, which are personal data (Decree 13/2023/NĐ-CP).
    /// An unstated kind counts as personal: nothing may be published
    /// about a producer nobody has identified.
    pub fn is_personal(self) -> bool {
        matches!(self, Self::HouseholdBusiness | Self::Farm | Self::Unstated)
    }

    /// The stored code: `cooperative`, `cooperative_group`, `household`, `farm`,
    /// or `enterprise` / `enterprise:<legal form>`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Cooperative => "cooperative",
            Self::CooperativeGroup => "cooperative_group",
            Self::HouseholdBusiness => "household",
            Self::Farm => "farm",
            Self::Unstated => "unstated",
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
            "unstated" => Self::Unstated,
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
            Self::Unstated => "Chưa rõ",
            Self::Enterprise(LegalForm::SingleMemberLlc) => "Công ty TNHH một thành viên",
            Self::Enterprise(LegalForm::MultiMemberLlc) => "Công ty TNHH hai thành viên trở lên",
            Self::Enterprise(LegalForm::JointStock) => "Công ty cổ phần",
            Self::Enterprise(LegalForm::PrivateEnterprise) => "Doanh nghiệp tư nhân",
            Self::Enterprise(LegalForm::Partnership) => "Công ty hợp danh",
            Self::Enterprise(LegalForm::Unknown) => "Doanh nghiệp",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Self::Cooperative => "Cooperative",
            Self::CooperativeGroup => "Cooperative group",
            Self::HouseholdBusiness => "Household business",
            Self::Farm => "Farm",
            Self::Unstated => "Not stated",
            Self::Enterprise(LegalForm::SingleMemberLlc) => "Single-member limited company",
            Self::Enterprise(LegalForm::MultiMemberLlc) => "Multi-member limited company",
            Self::Enterprise(LegalForm::JointStock) => "Joint-stock company",
            Self::Enterprise(LegalForm::PrivateEnterprise) => "Private enterprise",
            Self::Enterprise(LegalForm::Partnership) => "Partnership",
            Self::Enterprise(LegalForm::Unknown) => "Enterprise",
        }
    }
}

/// Chưa rõ chủ thể — the name a producer is recorded under when the source
/// does not name it (kind [`ProducerKind::Unstated`]).
pub const UNNAMED: &str = "Chưa rõ chủ thể";

/// A producer's name as shown: the unnamed producer said as such in the
/// reader's language, any other name as recorded.
pub fn shown_name(name: &str, english: bool) -> &str {
    match (name == UNNAMED, english) {
        (true, true) => "Producer not named in the source",
        _ => name,
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

/// Người đại diện theo pháp luật — the producer's legal representative.
/// Gender and ethnicity are kept because the criteria score them (a bonus
/// point for a woman or an ethnic-minority representative); unknown stays
/// `None`, never assumed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LegalRepresentative {
    pub name: String,
    pub gender: Option<Gender>,
    pub ethnicity: Option<Ethnicity>,
}

/// A producer as the platform records it, every field already valid.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Producer {
    /// The province the record belongs to (2025 code).
    pub province_code: crate::UnitCode,
    pub name: String,
    pub kind: ProducerKind,
    /// Mã số thuế / mã số đăng ký kinh doanh, when the producer has one.
    pub tax_code: Option<crate::TaxCode>,
    pub representative: Option<LegalRepresentative>,
    pub address: Option<String>,
    /// Today's commune (2025 code).
    pub commune_code: Option<crate::UnitCode>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

impl Producer {
    /// What the dossier's registration form (phiếu đăng ký) needs and this
    /// record lacks, as (field, what to fill): the form is signed by the
    /// legal representative and tells the council where to visit and whom
    /// to call.
    pub fn registration_gaps(&self) -> Vec<(&'static str, &'static str)> {
        let mut gaps = Vec::new();
        if self.kind == ProducerKind::Unstated {
            gaps.push(("kind", "loại hình chủ thể"));
        }
        if self.representative.is_none() {
            gaps.push((
                "representative_name",
                "họ tên người đại diện theo pháp luật",
            ));
        }
        if self.address.is_none() {
            gaps.push(("address", "địa chỉ"));
        }
        if self.commune_code.is_none() {
            gaps.push(("commune_code", "xã, phường nơi sản xuất"));
        }
        if self.phone.is_none() {
            gaps.push(("phone", "số điện thoại"));
        }
        gaps
    }
}
