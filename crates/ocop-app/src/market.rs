//! Nơi bán — producers (and officers on their behalf) keep where their
//! products are sold; the portal shows it on each product page.

use crate::Clock;
use crate::cycle::Actor;
use crate::record_error::RecordError;
use crate::scope::producer_in_reach;
use ocop_domain::geo::Point;
use ocop_domain::market::{MarketplaceLink, PointOfSaleKind};
use ocop_store::Store;
use ocop_store::market::NewPointOfSale;

fn field(field: &'static str, message: impl Into<String>) -> RecordError {
    RecordError::field(field, message)
}

/// A point of sale as typed into the form.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct PointOfSaleForm {
    pub kind: String,
    pub name: String,
    pub address: String,
    /// A 2025 commune code of the province, or empty.
    pub commune: String,
    pub phone: String,
    /// `lat, lon` for the map, or empty.
    pub coordinates: String,
}

/// A phone number as Vietnamese people write it: digits with spaces, dots
/// or dashes, optionally +84; 9 to 12 digits.
fn phone(typed: &str) -> Result<Option<String>, RecordError> {
    let t = typed.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let digits = t.chars().filter(char::is_ascii_digit).count();
    let allowed = t
        .chars()
        .enumerate()
        .all(|(i, c)| c.is_ascii_digit() || " .-".contains(c) || (i == 0 && c == '+'));
    if allowed && (9..=12).contains(&digits) {
        Ok(Some(t.to_owned()))
    } else {
        Err(field(
            "phone",
            "Số điện thoại chỉ gồm chữ số (9–12 số), có thể có dấu cách, dấu chấm hoặc +84.",
        ))
    }
}

pub async fn add_point_of_sale(
    store: &Store,
    clock: &dyn Clock,
    actor: &Actor,
    producer_slug: &str,
    f: &PointOfSaleForm,
) -> Result<i64, RecordError> {
    let producer = producer_in_reach(store, actor, producer_slug).await?;
    let kind =
        PointOfSaleKind::parse(&f.kind).ok_or_else(|| field("kind", "Chọn loại nơi bán."))?;
    let name = ocop_domain::text::nfc(&f.name);
    if name.is_empty() || name.chars().count() > 200 {
        return Err(field("name", "Nhập tên nơi bán (tối đa 200 ký tự)."));
    }
    let address = ocop_domain::text::nfc(&f.address);
    if address.is_empty() || address.chars().count() > 300 {
        return Err(field("address", "Nhập địa chỉ nơi bán (tối đa 300 ký tự)."));
    }
    let commune = match f.commune.trim() {
        "" => None,
        code => match store
            .admin_unit(ocop_domain::UnitScheme::Y2025, code)
            .await?
        {
            Some(u) if u.province_code == actor.province_code && u.level == "commune" => {
                Some(u.code)
            }
            _ => return Err(field("commune", "Chọn xã, phường trong tỉnh.")),
        },
    };
    let phone = phone(&f.phone)?;
    let location = Point::parse(&f.coordinates)
        .map_err(|e| field("coordinates", e.to_string()))?
        .map(|p| (p.lat, p.lon));
    Ok(store
        .add_point_of_sale(
            &NewPointOfSale {
                province: &actor.province_code,
                producer_id: producer.id,
                kind,
                name: &name,
                address: &address,
                commune_code_2025: commune.as_deref(),
                phone: phone.as_deref(),
                location,
            },
            &actor.username,
            &clock.stamp(),
        )
        .await?)
}

/// Records where the producer is, for the portal's map (audited); an empty
/// field clears it.
pub async fn set_producer_location(
    store: &Store,
    clock: &dyn Clock,
    actor: &Actor,
    producer_slug: &str,
    typed: &str,
) -> Result<(), RecordError> {
    let producer = producer_in_reach(store, actor, producer_slug).await?;
    let location = Point::parse(typed)
        .map_err(|e| field("coordinates", e.to_string()))?
        .map(|p| (p.lat, p.lon));
    store
        .set_producer_location(producer.id, location, &actor.username, &clock.stamp())
        .await?;
    Ok(())
}

/// A producer's business contact as typed on its own record.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct ContactForm {
    pub phone: String,
    pub zalo: String,
    pub website: String,
    /// "1" to publish on the portal.
    pub publish: String,
}

/// A web address people can open: http(s), no spaces, a host with a dot.
fn website(typed: &str) -> Result<Option<String>, RecordError> {
    let t = typed.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let rest = t
        .strip_prefix("https://")
        .or_else(|| t.strip_prefix("http://"));
    let host = rest.map(|r| r.split(['/', '?', '#']).next().unwrap_or(""));
    match host {
        Some(h) if h.contains('.') && !t.contains(char::is_whitespace) && t.len() <= 200 => {
            Ok(Some(t.to_owned()))
        }
        _ => Err(field(
            "website",
            "Địa chỉ trang web bắt đầu bằng https:// (ví dụ https://htxcaphe.vn).",
        )),
    }
}

/// The producer records its business contact and chooses whether the portal
/// shows it (with, for a household, its ID number and address): its own
/// decision, so only its own account may make it.
pub async fn set_contact(
    store: &Store,
    clock: &dyn Clock,
    actor: &Actor,
    producer_slug: &str,
    f: &ContactForm,
) -> Result<(), RecordError> {
    let producer = producer_in_reach(store, actor, producer_slug).await?;
    if actor.producer_id != Some(producer.id) {
        return Err(RecordError::Forbidden(
            "Chỉ chính chủ thể quyết định công khai thông tin liên hệ của mình.",
        ));
    }
    let contact = ocop_store::registry::ProducerContact {
        phone: phone(&f.phone)?,
        zalo: phone(&f.zalo).map_err(|_| {
            field(
                "zalo",
                "Số Zalo là số điện thoại đăng ký Zalo (9–12 chữ số).",
            )
        })?,
        website: website(&f.website)?,
        publish: f.publish == "1",
    };
    store
        .set_producer_contact(producer.id, &contact, &actor.username, &clock.stamp())
        .await?;
    Ok(())
}

pub async fn remove_point_of_sale(
    store: &Store,
    clock: &dyn Clock,
    actor: &Actor,
    producer_slug: &str,
    id: i64,
) -> Result<(), RecordError> {
    let producer = producer_in_reach(store, actor, producer_slug).await?;
    let found = store
        .delete_point_of_sale(producer.id, id, &actor.username, &clock.stamp())
        .await?;
    RecordError::found(found, "nơi bán")
}

pub async fn add_marketplace_link(
    store: &Store,
    clock: &dyn Clock,
    actor: &Actor,
    producer_slug: &str,
    product_slug: &str,
    url: &str,
) -> Result<i64, RecordError> {
    let producer = producer_in_reach(store, actor, producer_slug).await?;
    let product = store
        .product_of_producer(producer.id, product_slug.trim())
        .await?
        .ok_or_else(|| field("product", "Chọn một sản phẩm của chủ thể."))?;
    let link = MarketplaceLink::parse(url).map_err(|e| field("url", e.to_string()))?;
    Ok(store
        .add_marketplace_link(
            product,
            link.marketplace.code(),
            &link.url,
            &actor.username,
            &clock.stamp(),
        )
        .await?)
}

pub async fn remove_marketplace_link(
    store: &Store,
    clock: &dyn Clock,
    actor: &Actor,
    producer_slug: &str,
    id: i64,
) -> Result<(), RecordError> {
    let producer = producer_in_reach(store, actor, producer_slug).await?;
    let found = store
        .delete_marketplace_link(producer.id, id, &actor.username, &clock.stamp())
        .await?;
    RecordError::found(found, "liên kết")
}

#[cfg(test)]
mod tests {
    use super::{phone, website};

    #[test]
    fn websites_people_can_open() {
        assert!(website("https://htxcaphe.vn").is_ok_and(|w| w.is_some()));
        assert!(website("http://ocop.lamdong.gov.vn/san-pham?id=1").is_ok());
        assert!(website("").is_ok_and(|w| w.is_none()));
        for bad in [
            "htxcaphe.vn",
            "javascript:alert(1)",
            "https://localhost",
            "https://a b.vn",
        ] {
            assert!(website(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn phone_numbers_as_people_write_them() {
        assert!(phone("0261 3544 123").is_ok_and(|p| p.is_some()));
        assert!(phone("+84 912.345.678").is_ok());
        assert!(phone("").is_ok_and(|p| p.is_none()));
        assert!(phone("gọi tôi").is_err());
        assert!(phone("123").is_err());
        assert!(phone("09+12345678").is_err());
    }
}
