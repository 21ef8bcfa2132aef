//! Ảnh sản phẩm — producers (and officers on their behalf) add photos to
//! their products; each is checked and re-encoded before anyone sees it.

use crate::Clock;
use crate::cycle::Actor;
use crate::record_error::RecordError;
use crate::scope::producer_in_reach;
use ocop_store::Store;
use ocop_store::photos::{NewPhoto, NewVariant};

fn field(field: &'static str, message: impl Into<String>) -> RecordError {
    RecordError::field(field, message)
}

/// Adds a photo to one of the producer's products; returns its id.
pub async fn add_photo(
    store: &Store,
    clock: &dyn Clock,
    actor: &Actor,
    producer_slug: &str,
    product_slug: &str,
    alt: &str,
    bytes: Vec<u8>,
) -> Result<i64, RecordError> {
    let producer = producer_in_reach(store, actor, producer_slug).await?;
    let product = store
        .product_of_producer(producer.id, product_slug.trim())
        .await?
        .ok_or_else(|| field("product", "Chọn một sản phẩm của chủ thể."))?;
    // Screen readers and slow connections show this text instead.
    let alt = ocop_domain::text::nfc(alt);
    if alt.is_empty() || alt.chars().count() > 200 {
        return Err(field(
            "alt",
            "Mô tả ngắn nội dung ảnh (cho người khiếm thị và khi ảnh chưa tải), tối đa 200 ký tự.",
        ));
    }
    // Decoding and resizing take a core for a moment: off the async threads.
    let photo = crate::heavy::photo(bytes)
        .await
        .map_err(|e| field("file", e.to_string()))?;
    let variants: Vec<NewVariant<'_>> = photo
        .variants
        .iter()
        .map(|v| NewVariant {
            width: i64::from(v.width),
            height: i64::from(v.height),
            jpeg: &v.jpeg,
        })
        .collect();
    Ok(store
        .add_photo(
            &NewPhoto {
                product_id: product,
                alt: &alt,
                width: i64::from(photo.width),
                height: i64::from(photo.height),
                variants: &variants,
            },
            &actor.username,
            &clock.stamp(),
        )
        .await?)
}

pub async fn remove_photo(
    store: &Store,
    clock: &dyn Clock,
    actor: &Actor,
    producer_slug: &str,
    photo_id: i64,
) -> Result<(), RecordError> {
    let producer = producer_in_reach(store, actor, producer_slug).await?;
    let found = store
        .delete_photo(producer.id, photo_id, &actor.username, &clock.stamp())
        .await?;
    RecordError::found(found, "ảnh")
}
