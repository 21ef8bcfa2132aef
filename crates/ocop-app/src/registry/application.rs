//! Đơn đăng ký — a producer's application to register, filed on the portal
//! and decided by its commune's officer or the office.

use super::*;

/// A producer's application: its organisation, and the account it wants.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct Application {
    #[serde(flatten)]
    pub producer: ProducerForm,
    pub username: String,
    #[serde(skip_serializing)]
    pub password: String,
    #[serde(skip_serializing)]
    pub password_confirm: String,
    pub contact_email: String,
}

/// Checks an application whole (every field's problem at once) and files it
/// for the commune's officer; the password is stored only as its hash.
pub async fn apply(
    store: &Store,
    clock: &dyn Clock,
    entropy: &dyn crate::Entropy,
    province: &Province,
    a: &Application,
    sender_key: &str,
) -> Result<i64, RegisterError> {
    let mut errors = match a.producer.parse(&province_code(province)?) {
        Ok(_) => FieldErrors::default(),
        Err(e) => e,
    };
    let username = a.username.trim();
    let valid = (3..=64).contains(&username.len())
        && username
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
    if !valid {
        errors.add_both(
            "username",
            "Tên đăng nhập gồm 3–64 chữ thường không dấu, số, dấu chấm, gạch ngang hoặc gạch dưới.",
            "A username has 3–64 lower-case letters without accents, digits, dots, hyphens or underscores.",
        );
    } else if store.username_taken(username).await? {
        errors.add_both(
            "username",
            format!("Tên đăng nhập «{username}» đã có người dùng."),
            format!("The username «{username}» is taken."),
        );
    }
    if let Err(weak) =
        crate::accounts::check_new_password(&a.password, &[username, &a.producer.name])
    {
        errors.add_both("password", weak.to_string(), weak.english());
    } else if a.password != a.password_confirm {
        errors.add_both(
            "password_confirm",
            "Hai lần nhập mật khẩu không khớp.",
            "The two passwords differ.",
        );
    }
    let email = a.contact_email.trim();
    if !email.is_empty() && (!email.contains('@') || email.contains(char::is_whitespace)) {
        errors.add_both(
            "contact_email",
            "Địa chỉ email không hợp lệ.",
            "Not a valid email address.",
        );
    }
    let commune = a.producer.commune_code.trim();
    if commune.is_empty() {
        errors.add_both(
            "commune_code",
            "Chọn xã, phường nơi chủ thể sản xuất (để cán bộ xã duyệt).",
            "Choose the commune where you produce (its officer approves the application).",
        );
    } else if let Ok(code) = UnitCode::parse(UnitLevel::Commune, commune)
        && !commune_in_province(store, &code, province).await?
        && errors.get("commune_code").is_none()
    {
        errors.add_both(
            "commune_code",
            format!("Mã xã {code} không phải một xã, phường của tỉnh theo danh mục từ 01/7/2025."),
            format!(
                "{code} is not a commune of the province in the list in force since 1 July 2025."
            ),
        );
    }
    if !errors.is_empty() {
        return Err(RegisterError::Invalid(errors));
    }
    // Counted once the form is whole (a mistyped form costs nothing) and
    // before the password is hashed.
    if !crate::budget::REGISTRATIONS
        .take(store, clock, sender_key)
        .await?
        || !crate::budget::REGISTRATIONS_ALL
            .take(store, clock, &province.code)
            .await?
    {
        return Err(RegisterError::TooMany);
    }
    let hash = crate::accounts::hash_password(entropy, &a.password)
        .map_err(|e| StoreError::Invalid(e.to_string()))?;
    let form_json =
        serde_json::to_string(&a.producer).map_err(|e| StoreError::Invalid(e.to_string()))?;
    let id = store
        .submit_registration(
            &ocop_store::registrations::NewRegistration {
                province_code: &province.code,
                commune_code: Some(commune),
                form_json: &form_json,
                username,
                password_hash: &hash,
                email: Some(email).filter(|e| !e.is_empty()),
            },
            &clock.stamp(),
        )
        .await?;
    let officers = store.usernames_with("commune", Some(commune), None).await?;
    if !officers.is_empty() {
        let subject = format!(
            "Đăng ký chủ thể mới: {}",
            ocop_domain::text::nfc(&a.producer.name)
        );
        store
            .notify(
                &officers,
                &subject,
                "Có đơn đăng ký chủ thể OCOP chờ xã duyệt.",
                Some("/quan-tri/dang-ky"),
                &clock.stamp(),
            )
            .await?;
    }
    Ok(id)
}

/// Why a decision on an application (duyệt / từ chối đơn đăng ký) was refused.
#[derive(Debug, thiserror::Error)]
pub enum DecideError {
    #[error("không tìm thấy đơn đăng ký")]
    NoSuchApplication,
    #[error("Đơn đăng ký này nằm ngoài phạm vi được giao cho tài khoản.")]
    OutOfReach,
    #[error("Ghi lý do từ chối để chủ thể biết cần sửa gì.")]
    ReasonNeeded,
    /// The kept application no longer reads as a producer (a rule changed
    /// since it was filed); the message says what.
    #[error("{0}")]
    NoLongerValid(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl crate::error::Classify for DecideError {
    fn kind(&self) -> crate::error::Kind {
        use crate::error::Kind;
        match self {
            Self::NoSuchApplication => Kind::NotFound,
            Self::OutOfReach => Kind::Forbidden,
            Self::ReasonNeeded | Self::NoLongerValid(_) => Kind::Invalid,
            Self::Store(e) => e.kind(),
        }
    }
}

/// Approves an application: the producer and its account are created at once.
pub async fn approve(
    store: &Store,
    clock: &dyn Clock,
    actor: &crate::cycle::Actor,
    id: i64,
) -> Result<Created, DecideError> {
    let r = store
        .registration(id)
        .await?
        .ok_or(DecideError::NoSuchApplication)?;
    may_decide(store, actor, &r).await?;
    let no_longer = |e: &dyn std::fmt::Display| DecideError::NoLongerValid(e.to_string());
    let form: ProducerForm = serde_json::from_str(&r.form_json).map_err(|e| no_longer(&e))?;
    let code = UnitCode::parse(UnitLevel::Province, &r.province_code).map_err(|e| no_longer(&e))?;
    let producer = form.parse(&code).map_err(|e| no_longer(&e))?;
    let stamp = clock.stamp();
    Ok(store
        .approve_registration(
            id,
            &producer,
            ocop_store::cycle::By {
                actor: &actor.username,
                at: &stamp,
            },
        )
        .await?)
}

pub async fn reject(
    store: &Store,
    clock: &dyn Clock,
    actor: &crate::cycle::Actor,
    id: i64,
    reason: &str,
) -> Result<(), DecideError> {
    let r = store
        .registration(id)
        .await?
        .ok_or(DecideError::NoSuchApplication)?;
    may_decide(store, actor, &r).await?;
    if reason.trim().is_empty() {
        return Err(DecideError::ReasonNeeded);
    }
    let stamp = clock.stamp();
    Ok(store
        .reject_registration(
            id,
            reason.trim(),
            ocop_store::cycle::By {
                actor: &actor.username,
                at: &stamp,
            },
        )
        .await?)
}

/// The commune's officer decides on its own commune's applications; the
/// office and the administrator on any.
pub(super) async fn may_decide(
    store: &Store,
    actor: &crate::cycle::Actor,
    r: &ocop_store::registrations::Registration,
) -> Result<(), DecideError> {
    if crate::scope::Sight::load(store, actor)
        .await?
        .decides_registration(r)
    {
        Ok(())
    } else {
        Err(DecideError::OutOfReach)
    }
}
