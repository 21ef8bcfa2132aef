//! Registering producers and products: the form is parsed by the domain, then
//! checked against reference data (the commune must be one of the province's
//! 2025 communes) before anything is written.

use crate::{Clock, Province};
use ocop_domain::form::{English as _, FieldErrors};
use ocop_domain::{ProducerForm, UnitCode, UnitLevel, UnitScheme};
use ocop_store::registry::Created;
use ocop_store::{Store, StoreError};
use thiserror::Error;

mod correction;
pub use correction::{registration_review, update_registration};

#[derive(Debug, Error)]
pub enum RegisterError {
    /// The form's problems, each tied to its field.
    #[error("{0}")]
    Invalid(FieldErrors),
    /// Over the sender's or the province's budget of applications.
    #[error("Đã nhận quá nhiều đơn đăng ký từ nơi gửi này; xin thử lại sau một giờ.")]
    TooMany,
    /// No producer of the province has this slug.
    #[error("không có chủ thể này")]
    UnknownProducer,
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn province_code(province: &Province) -> Result<UnitCode, RegisterError> {
    UnitCode::parse(UnitLevel::Province, &province.code).map_err(|e| {
        let mut errors = FieldErrors::default();
        errors.add("province", e.to_string());
        RegisterError::Invalid(errors)
    })
}

/// Checks that `code` is a 2025 commune of the province.
async fn commune_in_province(
    store: &Store,
    code: &UnitCode,
    province: &Province,
) -> Result<bool, StoreError> {
    Ok(store
        .admin_unit(UnitScheme::Y2025, code.as_str())
        .await?
        .is_some_and(|u| u.level == "commune" && u.province_code == province.code))
}

pub async fn register_producer(
    store: &Store,
    clock: &dyn Clock,
    province: &Province,
    form: &ProducerForm,
    actor: &str,
) -> Result<Created, RegisterError> {
    let producer = parsed(store, province, form).await?;
    Ok(store
        .create_producer(&producer, actor, &clock.stamp())
        .await?)
}

/// Checks the form whole, and that its commune is one of the province's.
async fn parsed(
    store: &Store,
    province: &Province,
    form: &ProducerForm,
) -> Result<ocop_domain::Producer, RegisterError> {
    let producer = form
        .parse(&province_code(province)?)
        .map_err(RegisterError::Invalid)?;
    if let Some(c) = &producer.commune_code
        && !commune_in_province(store, c, province).await?
    {
        let mut errors = FieldErrors::default();
        errors.add_both(
            "commune_code",
            format!("Mã xã {c} không phải một xã, phường của tỉnh theo danh mục từ 01/7/2025."),
            format!("{c} is not a commune of the province in the list in force since 1 July 2025."),
        );
        return Err(RegisterError::Invalid(errors));
    }
    Ok(producer)
}

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

/// Approves an application: the producer and its account are created at once.
pub async fn approve(
    store: &Store,
    clock: &dyn Clock,
    actor: &crate::cycle::Actor,
    id: i64,
) -> Result<Created, crate::cycle::CycleError> {
    use crate::cycle::CycleError;
    let r = store
        .registration(id)
        .await?
        .ok_or(CycleError::NotFound("đơn đăng ký"))?;
    may_decide(store, actor, &r).await?;
    let form: ProducerForm =
        serde_json::from_str(&r.form_json).map_err(|e| CycleError::Invalid(e.to_string()))?;
    let code = UnitCode::parse(UnitLevel::Province, &r.province_code)
        .map_err(|e| CycleError::Invalid(e.to_string()))?;
    let producer = form
        .parse(&code)
        .map_err(|e| CycleError::Invalid(e.to_string()))?;
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
) -> Result<(), crate::cycle::CycleError> {
    use crate::cycle::CycleError;
    let r = store
        .registration(id)
        .await?
        .ok_or(CycleError::NotFound("đơn đăng ký"))?;
    may_decide(store, actor, &r).await?;
    if reason.trim().is_empty() {
        return Err(CycleError::Invalid(
            "Ghi lý do từ chối để chủ thể biết cần sửa gì.".into(),
        ));
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
async fn may_decide(
    store: &Store,
    actor: &crate::cycle::Actor,
    r: &ocop_store::registrations::Registration,
) -> Result<(), crate::cycle::CycleError> {
    if crate::scope::Sight::load(store, actor)
        .await?
        .decides_registration(r)
    {
        Ok(())
    } else {
        Err(crate::cycle::CycleError::Forbidden(
            "Đơn đăng ký này nằm ngoài phạm vi được giao cho tài khoản.".into(),
        ))
    }
}

/// A product as typed into the form.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct ProductForm {
    /// The producer's slug (a producer account always files for itself).
    pub producer: String,
    pub name: String,
    pub group: String,
    pub criteria_set: String,
    pub description: String,
    /// One item a line: `label` or `label | GTIN`.
    pub items: String,
}

/// Records a product of a producer within the person's reach, with its
/// criteria set and the items its certificate will cover.
pub async fn add_product(
    store: &Store,
    clock: &dyn Clock,
    actor: &crate::cycle::Actor,
    f: &ProductForm,
) -> Result<Created, RegisterError> {
    let mut errors = FieldErrors::default();
    let producer = match store
        .producer_facts(&actor.province_code, f.producer.trim())
        .await?
    {
        Some(p) => Some(p),
        None => {
            errors.add("producer", "Chọn chủ thể.");
            None
        }
    };
    if let Some(p) = &producer {
        let reach = crate::scope::Sight::load(store, actor).await?.acts_for(p);
        if !reach {
            errors.add(
                "producer",
                "Chủ thể này nằm ngoài phạm vi được giao cho tài khoản.",
            );
        }
    }
    let name = errors.check("name", ocop_domain::product::ProductName::parse(&f.name));
    let group = ocop_domain::ProductGroup::parse_code(f.group.trim());
    if group.is_none() {
        errors.add("group", "Chọn nhóm sản phẩm (I–VI).");
    }
    let set = crate::rules::set(store, f.criteria_set.trim())
        .await
        .map_err(|e| StoreError::Invalid(e.to_string()))?;
    match (&set, group) {
        (Some((s, true)), Some(g)) if s.meta.group == g.code() => {}
        (Some((_, true)), Some(_)) => errors.add(
            "criteria_set",
            "Bộ tiêu chí không thuộc nhóm sản phẩm đã chọn.",
        ),
        _ => errors.add("criteria_set", "Chọn bộ tiêu chí đã ban hành."),
    }
    let mut items = Vec::new();
    for (n, line) in f
        .items
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .enumerate()
    {
        let (label, gtin) = match line.split_once('|') {
            Some((l, g)) => (l.trim(), Some(g.trim()).filter(|g| !g.is_empty())),
            None => (line, None),
        };
        let gtin = match gtin.map(ocop_domain::Gtin::parse).transpose() {
            Ok(g) => g,
            Err(e) => {
                errors.add("items", format!("Dòng {}: {e}", n + 1));
                None
            }
        };
        items.push(ocop_domain::product::ProductItem {
            label: ocop_domain::text::nfc(label),
            gtin,
        });
    }
    let (Some(producer), Some(name), Some(group), true) =
        (producer, name, group, errors.is_empty())
    else {
        return Err(RegisterError::Invalid(errors));
    };
    let product = ocop_store::registry::NewProduct {
        province_code: province_code(&Province {
            code: actor.province_code.clone(),
        })?,
        producer_id: producer.id,
        name,
        group: Some(group),
        description: Some(ocop_domain::text::nfc(&f.description)).filter(|d| !d.is_empty()),
        commune_code: producer
            .commune_code_2025
            .as_deref()
            .and_then(|c| UnitCode::parse(UnitLevel::Commune, c).ok()),
        items,
        criteria_set: Some(f.criteria_set.trim().to_owned()),
        moderation: ocop_domain::product::Moderation::of_new_product(actor.role),
    };
    Ok(store
        .create_product(&product, &actor.username, &clock.stamp())
        .await?)
}

/// Why a product was not approved.
#[derive(Debug, thiserror::Error)]
pub enum ApproveError {
    #[error("Chỉ Văn phòng Điều phối OCOP hoặc cán bộ xã của sản phẩm duyệt sản phẩm.")]
    Forbidden,
    #[error("Sản phẩm này không còn chờ duyệt (đã được duyệt, hoặc không có).")]
    NotPending,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Makes a producer's new product public (the office, or the commune's
/// officer for a product of their commune).
pub async fn approve_product(
    store: &Store,
    clock: &dyn Clock,
    actor: &crate::cycle::Actor,
    slug: &str,
) -> Result<(), ApproveError> {
    let pending = store
        .pending_products(&actor.province_code, None)
        .await?
        .into_iter()
        .find(|p| p.slug == slug)
        .ok_or(ApproveError::NotPending)?;
    let own = crate::scope::Sight::load(store, actor)
        .await?
        .reach()
        .is_own_commune(pending.commune_code_2025.as_deref());
    if !ocop_domain::product::Moderation::may_approve(actor.role, own) {
        return Err(ApproveError::Forbidden);
    }
    if store
        .approve_product(pending.id, &actor.username, &clock.stamp())
        .await?
    {
        Ok(())
    } else {
        Err(ApproveError::NotPending)
    }
}
