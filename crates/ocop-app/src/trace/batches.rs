//! Lô sản phẩm — opening a batch of a product, and finding one within
//! the person's reach.

use super::*;

#[derive(Debug, Clone, Default)]
pub struct BatchForm {
    /// Product slug.
    pub product: String,
    pub lot: String,
    /// One of the product's GTINs, or empty (the batch then gets the
    /// portal's short code only).
    pub gtin: String,
    pub produced_on: String,
    pub expires_on: String,
    pub quantity: String,
    pub unit: String,
    /// Ids of the producer's growing areas the batch was made from.
    pub areas: Vec<i64>,
}

/// Opens a batch; its short code comes from `entropy` (retried on the rare
/// collision).
pub async fn create_batch(
    store: &Store,
    clock: &dyn Clock,
    entropy: &dyn Entropy,
    actor: &Actor,
    producer_slug: &str,
    f: &BatchForm,
) -> Result<i64, RecordError> {
    let producer = producer_in_reach(store, actor, producer_slug).await?;
    let codes = store.product_codes(producer.id).await?;
    let product = codes
        .iter()
        .find(|c| c.slug == f.product)
        .ok_or_else(|| field("product", "Chọn một sản phẩm của chủ thể."))?;
    let lot = LotCode::parse(&f.lot).map_err(|e| field("lot", e.to_string()))?;
    let gtin = match f.gtin.trim() {
        "" => None,
        typed => {
            let wanted = ocop_domain::Gtin::parse(typed)
                .map_err(|e| field("gtin", format!("Mã GTIN không hợp lệ: {e}.")))?
                .to_gtin14();
            // Only a GTIN recorded on the product: the platform never invents one.
            let known = codes.iter().any(|c| {
                c.id == product.id
                    && c.gtin
                        .as_deref()
                        .and_then(|g| ocop_domain::Gtin::parse(g).ok())
                        .is_some_and(|g| g.to_gtin14() == wanted)
            });
            if !known {
                return Err(field("gtin", "Chỉ dùng mã GTIN đã ghi cho sản phẩm này."));
            }
            Some(wanted)
        }
    };
    let (produced, expires) = batch_dates(&f.produced_on, &f.expires_on).map_err(|e| match e {
        ocop_domain::trace::TraceError::ExpiryBeforeProduction => {
            field("expires_on", e.to_string())
        }
        _ if f.produced_on.trim().is_empty()
            || ocop_domain::trace::parse_date(&f.produced_on).is_err() =>
        {
            field("produced_on", e.to_string())
        }
        _ => field("expires_on", e.to_string()),
    })?;
    if produced > clock.today() {
        return Err(field("produced_on", "Ngày sản xuất không thể ở tương lai."));
    }
    let qty = quantity(&f.quantity).map_err(|e| field("quantity", e.to_string()))?;
    let unit = ocop_domain::text::nfc(&f.unit);
    let unit = if unit.is_empty() {
        "sản phẩm".to_owned()
    } else {
        unit
    };
    if unit.chars().count() > 30 {
        return Err(field(
            "unit",
            "Đơn vị tối đa 30 ký tự (gói, hộp, chai, kg…).",
        ));
    }
    let own_areas = store.areas_of_producer(producer.id).await?;
    if let Some(bad) = f.areas.iter().find(|id| {
        !own_areas
            .iter()
            .any(|a| a.id == **id && a.kind == AreaKind::Growing)
    }) {
        return Err(field(
            "areas",
            format!("Vùng trồng #{bad} không thuộc chủ thể."),
        ));
    }
    for _ in 0..5 {
        let mut random = [0u8; 8];
        entropy.fill(&mut random).map_err(RecordError::Entropy)?;
        let code = short_code(random);
        if store.batch_by_short_code(&code).await?.is_some() {
            continue;
        }
        return store
            .create_batch(
                &NewBatch {
                    province: &actor.province_code,
                    producer_id: producer.id,
                    product_id: product.id,
                    lot_code: lot.as_str(),
                    gtin: gtin.as_deref(),
                    short_code: &code,
                    produced_on: &produced.to_string(),
                    expires_on: expires.map(|e| e.to_string()).as_deref(),
                    quantity: qty,
                    unit: &unit,
                    area_ids: &f.areas,
                },
                &actor.username,
                &clock.stamp(),
            )
            .await?
            .ok_or_else(|| field("lot", "Sản phẩm này đã có lô mang số này."));
    }
    Err(RecordError::NoFreeCode)
}

/// The batch if it is the producer's and within the person's reach.
pub async fn batch_in_reach(
    store: &Store,
    actor: &Actor,
    producer_slug: &str,
    batch_id: i64,
) -> Result<BatchRow, RecordError> {
    let producer = producer_in_reach(store, actor, producer_slug).await?;
    store
        .batch(batch_id)
        .await?
        .filter(|b| b.producer_id == producer.id)
        .ok_or(RecordError::NotFound("lô"))
}
