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

/// What a person typed into the producer form, unvalidated.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct ProducerForm {
    pub name: String,
    pub kind: String,
    pub tax_code: String,
    pub representative_name: String,
    pub representative_gender: String,
    pub representative_ethnicity: String,
    pub address: String,
    pub commune_code: String,
    pub phone: String,
    pub email: String,
}

fn optional(s: &str) -> Option<String> {
    Some(crate::text::nfc(s)).filter(|v| !v.is_empty())
}

impl ProducerForm {
    /// Parses the whole form, reporting every field's problem at once.
    pub fn parse(
        &self,
        province_code: &crate::UnitCode,
    ) -> Result<Producer, crate::form::FieldErrors> {
        let mut errors = crate::form::FieldErrors::default();
        let name = crate::text::nfc(&self.name);
        match name.chars().count() {
            0 => errors.add_both(
                "name",
                "Tên chủ thể không được để trống.",
                "The producer's name is required.",
            ),
            n if n > 300 => errors.add_both(
                "name",
                "Tên chủ thể dài quá 300 ký tự.",
                "The producer's name is longer than 300 characters.",
            ),
            _ => {}
        }
        let kind = errors.check_both("kind", ProducerKind::parse(self.kind.trim()));
        let tax_code = match self.tax_code.trim() {
            "" => None,
            t => errors.check_both("tax_code", crate::TaxCode::parse(t)),
        };
        // Registered organisations have a tax code; a household may not yet.
        if tax_code.is_none()
            && self.tax_code.trim().is_empty()
            && matches!(
                kind,
                Some(ProducerKind::Cooperative | ProducerKind::Enterprise(_))
            )
        {
            errors.add_both(
                "tax_code",
                "Hợp tác xã và doanh nghiệp phải có mã số thuế.",
                "Cooperatives and companies must give their tax code.",
            );
        }
        let gender = match self.representative_gender.trim() {
            "" => None,
            g => Gender::parse(g).or_else(|| {
                errors.add_both(
                    "representative_gender",
                    "Giới tính phải là nam hoặc nữ.",
                    "Gender is male or female.",
                );
                None
            }),
        };
        let representative = optional(&self.representative_name).map(|name| LegalRepresentative {
            name,
            gender,
            ethnicity: Ethnicity::new(&self.representative_ethnicity),
        });
        if representative.is_none()
            && (gender.is_some() || !self.representative_ethnicity.trim().is_empty())
        {
            errors.add_both(
                "representative_name",
                "Nhập họ tên người đại diện trước khi nhập giới tính, dân tộc.",
                "Give the representative's name before their gender and ethnicity.",
            );
        }
        let commune_code = match self.commune_code.trim() {
            "" => None,
            c => errors.check_both(
                "commune_code",
                crate::UnitCode::parse(crate::UnitLevel::Commune, c),
            ),
        };
        let email = optional(&self.email);
        if let Some(e) = &email
            && !valid_email(e)
        {
            errors.add_both(
                "email",
                "Địa chỉ email không hợp lệ.",
                "Not a valid email address.",
            );
        }
        let phone = optional(&self.phone);
        if let Some(p) = &phone
            && !valid_phone(p)
        {
            errors.add_both(
                "phone",
                "Số điện thoại phải gồm 9–11 chữ số, có thể bắt đầu bằng +84.",
                "A phone number has 9–11 digits and may start with +84.",
            );
        }
        match (errors.is_empty(), kind) {
            (true, Some(kind)) => Ok(Producer {
                province_code: province_code.clone(),
                name,
                kind,
                tax_code,
                representative,
                address: optional(&self.address),
                commune_code,
                phone,
                email,
            }),
            _ => Err(errors),
        }
    }
}

fn valid_email(e: &str) -> bool {
    match e.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !e.contains(char::is_whitespace)
        }
        None => false,
    }
}

fn valid_phone(p: &str) -> bool {
    let digits: String = p
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-'))
        .collect();
    let national = digits
        .strip_prefix("+84")
        .map_or(digits.clone(), |rest| format!("0{rest}"));
    national.starts_with('0')
        && (10..=11).contains(&national.len())
        && national.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn province() -> crate::UnitCode {
        crate::UnitCode::parse(crate::UnitLevel::Province, "68").unwrap_or_else(|e| panic!("{e}"))
    }

    fn form() -> ProducerForm {
        ProducerForm {
            name: "HTX Nông nghiệp Công Bằng Thuận An".into(),
            kind: "cooperative".into(),
            tax_code: "0100109106".into(),
            representative_name: "H'Hen Niê".into(),
            representative_gender: "female".into(),
            representative_ethnicity: "Ê Đê".into(),
            commune_code: "24682".into(),
            phone: "+84 912 345 678".into(),
            email: "htx@example.vn".into(),
            ..ProducerForm::default()
        }
    }

    #[test]
    fn a_complete_form_parses() {
        let p = form().parse(&province()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.kind, ProducerKind::Cooperative);
        let rep = p.representative.unwrap_or_else(|| panic!("representative"));
        assert_eq!(rep.gender, Some(Gender::Female));
        assert!(rep.ethnicity.is_some_and(|e| e.is_minority()));
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let bad = ProducerForm {
            name: "  ".into(),
            kind: "bank".into(),
            tax_code: "0100109107".into(),
            representative_gender: "x".into(),
            commune_code: "123".into(),
            email: "khong-phai-email".into(),
            phone: "12345".into(),
            ..form()
        };
        let errors = bad.parse(&province()).err().unwrap_or_default();
        for field in [
            "name",
            "kind",
            "tax_code",
            "representative_gender",
            "commune_code",
            "email",
            "phone",
        ] {
            assert!(errors.get(field).is_some(), "{field}: {errors}");
        }
        assert!(
            errors
                .get("tax_code")
                .is_some_and(|m| m.contains("kiểm tra"))
        );
    }

    #[test]
    fn organisations_need_a_tax_code_households_do_not() {
        let coop = ProducerForm {
            tax_code: String::new(),
            ..form()
        };
        assert!(
            coop.parse(&province())
                .err()
                .is_some_and(|e| e.get("tax_code").is_some())
        );
        let household = ProducerForm {
            tax_code: String::new(),
            kind: "household".into(),
            ..form()
        };
        assert!(household.parse(&province()).is_ok());
    }

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

/// What the public pages may show of a producer's identity: an
/// organisation's registration number and seat are public business facts; a
/// household's are its owner's personal data, shown only when the producer
/// chose to publish them as a business contact. An unknown kind is treated
/// as personal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublicIdentity {
    pub tax_code: bool,
    pub address: bool,
}

impl PublicIdentity {
    pub fn of(kind: Option<ProducerKind>, chose_to_publish: bool) -> Self {
        let shown = chose_to_publish || kind.is_some_and(|k| !k.is_personal());
        Self {
            tax_code: shown,
            address: shown,
        }
    }
}

#[cfg(test)]
mod identity_tests {
    use super::*;

    #[test]
    fn a_households_id_and_home_stay_private_unless_published() {
        let hidden = PublicIdentity {
            tax_code: false,
            address: false,
        };
        let shown = PublicIdentity {
            tax_code: true,
            address: true,
        };
        assert_eq!(
            PublicIdentity::of(Some(ProducerKind::HouseholdBusiness), false),
            hidden
        );
        assert_eq!(PublicIdentity::of(Some(ProducerKind::Farm), false), hidden);
        assert_eq!(PublicIdentity::of(None, false), hidden);
        assert_eq!(
            PublicIdentity::of(Some(ProducerKind::HouseholdBusiness), true),
            shown
        );
        assert_eq!(
            PublicIdentity::of(Some(ProducerKind::Cooperative), false),
            shown
        );
    }
}
