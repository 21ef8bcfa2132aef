//! Sản phẩm mới — a product recorded for a producer within reach, waiting
//! for the office or the commune's officer to make it public.

use super::*;

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
