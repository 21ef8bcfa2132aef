//! Vùng trồng và cơ sở đóng gói — the growing-area and packing-house
//! registers a producer keeps, with their issued codes.

use super::*;
use ocop_domain::growing_area::AreaStatus;

/// Records what the issuing authority decided about a code (audited).
pub async fn set_area_status(
    store: &Store,
    clock: &dyn Clock,
    actor: &Actor,
    producer_slug: &str,
    area_id: i64,
    status: &str,
) -> Result<(), RecordError> {
    let producer = producer_in_reach(store, actor, producer_slug).await?;
    let status =
        AreaStatus::parse(status).ok_or_else(|| field("status", "Chọn tình trạng của mã số."))?;
    let found = store
        .set_area_status(
            producer.id,
            area_id,
            status,
            &actor.username,
            &clock.stamp(),
        )
        .await?;
    RecordError::found(found, "mã số")
}

/// Whether a code serves the home market or export (the issuing rules differ).
pub const SCOPES: [(&str, &str); 2] = [("domestic", "Nội địa"), ("export", "Xuất khẩu")];

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct AreaForm {
    pub kind: String,
    pub code: String,
    pub crop: String,
    pub area: String,
    pub commune: String,
    pub coordinates: String,
    pub authority: String,
    pub scope: String,
    pub issued_on: String,
    /// A product of the producer (slug) that uses it, or empty.
    pub product: String,
}

pub async fn add_area(
    store: &Store,
    clock: &dyn Clock,
    actor: &Actor,
    producer_slug: &str,
    f: &AreaForm,
) -> Result<i64, RecordError> {
    let producer = producer_in_reach(store, actor, producer_slug).await?;
    let kind = AreaKind::parse(&f.kind)
        .ok_or_else(|| field("kind", "Chọn vùng trồng hoặc cơ sở đóng gói."))?;
    let code = IssuedCode::parse(&f.code).map_err(|e| field("code", e.to_string()))?;
    let crop = ocop_domain::text::nfc(&f.crop);
    if crop.is_empty() || crop.chars().count() > 120 {
        return Err(field(
            "crop",
            "Nhập cây trồng hoặc sản phẩm (tối đa 120 ký tự).",
        ));
    }
    let area = match f.area.trim() {
        "" if kind == AreaKind::Packing => None,
        typed => Some(hectares(typed).map_err(|e| field("area", e.to_string()))?),
    };
    let commune = match f.commune.trim() {
        "" => None,
        c => match store.admin_unit(ocop_domain::UnitScheme::Y2025, c).await? {
            Some(u) if u.province_code == actor.province_code && u.level == "commune" => {
                Some(u.code)
            }
            _ => return Err(field("commune", "Chọn xã, phường trong tỉnh.")),
        },
    };
    let coords = coordinates(&f.coordinates).map_err(|e| field("coordinates", e.to_string()))?;
    let authority = ocop_domain::text::nfc(&f.authority);
    if authority.is_empty() || authority.chars().count() > 200 {
        return Err(field(
            "authority",
            "Nhập cơ quan cấp mã (ví dụ Chi cục Trồng trọt và Bảo vệ thực vật).",
        ));
    }
    let scope = SCOPES
        .iter()
        .find(|(c, _)| *c == f.scope)
        .map(|(c, _)| *c)
        .ok_or_else(|| field("scope", "Chọn phạm vi: nội địa hoặc xuất khẩu."))?;
    let issued = match f.issued_on.trim() {
        "" => None,
        d => {
            Some(ocop_domain::trace::parse_date(d).map_err(|e| field("issued_on", e.to_string()))?)
        }
    };
    let product = match f.product.trim() {
        "" => None,
        slug => Some(
            store
                .product_of_producer(producer.id, slug)
                .await?
                .ok_or_else(|| field("product", "Chọn một sản phẩm của chủ thể."))?,
        ),
    };
    store
        .add_area(
            &NewArea {
                province: &actor.province_code,
                producer_id: producer.id,
                kind,
                code: code.as_str(),
                crop: &crop,
                area_hundredths: area,
                commune_code_2025: commune.as_deref(),
                coordinates: coords,
                authority: &authority,
                scope,
                issued_on: issued,
                product_id: product,
            },
            &actor.username,
            &clock.stamp(),
        )
        .await?
        .ok_or_else(|| field("code", "Mã số này đã có trong sổ của tỉnh."))
}
