//! Phiếu thông tin chủ thể — what a person typed into the producer form,
//! read into a [`Producer`] or refused field by field.

use super::*;

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

pub(super) fn optional(s: &str) -> Option<String> {
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

pub(super) fn valid_email(e: &str) -> bool {
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

pub(super) fn valid_phone(p: &str) -> bool {
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
        crate::UnitCode::parse(crate::UnitLevel::Province, "68").unwrap()
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
        let p = form().parse(&province()).unwrap();
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
