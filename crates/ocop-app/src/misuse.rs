//! Phản ánh vi phạm — anyone reports a fake or misused OCOP star (photo,
//! place, seller, link); the office investigates and records the outcome.
//!
//! Abuse limits without hoarding personal data: the sender's network address
//! is never stored; it is hashed with a salt that lives one day, to count at
//! most a few reports per sender per day, and the province's daily total is
//! capped. A hidden field catches simple bots.

use crate::Clock;
use crate::cycle::{Actor, CycleError};
use ocop_domain::access::Permission;
use ocop_domain::misuse::{MAX_PER_DAY, MAX_PER_SENDER_PER_DAY, MisuseReport, MisuseStatus};
use ocop_store::Store;
use ocop_store::misuse::{Limit, NewReport};
use sha2::Digest as _;

fn field(field: &'static str, message: impl Into<String>) -> CycleError {
    CycleError::Field {
        field,
        message: message.into(),
    }
}

/// The public form as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct ReportForm {
    /// A product page's address segment, when the report starts from one.
    pub product_slug: String,
    pub product: String,
    pub seller: String,
    pub place: String,
    pub link: String,
    pub description: String,
    pub contact: String,
    /// Left empty by people; bots fill every field.
    pub website: String,
}

/// Takes a report; returns its number.
pub async fn submit(
    store: &Store,
    clock: &dyn Clock,
    entropy: &dyn crate::Entropy,
    province: &str,
    sender: std::net::IpAddr,
    f: &ReportForm,
    photo: Option<Vec<u8>>,
) -> Result<i64, CycleError> {
    if !f.website.is_empty() {
        return Err(CycleError::Invalid("Không nhận được phản ánh.".into()));
    }
    let report = MisuseReport::parse(
        &f.product,
        &f.seller,
        &f.place,
        &f.link,
        &f.description,
        &f.contact,
    )
    .map_err(|e| field(e.field, e.message))?;
    let photo_jpeg = match photo.filter(|p| !p.is_empty()) {
        None => None,
        Some(bytes) => {
            let processed = tokio::task::spawn_blocking(move || ocop_media::process(&bytes))
                .await
                .map_err(|e| CycleError::Invalid(format!("xử lý ảnh bị gián đoạn: {e}")))?
                .map_err(|e| field("photo", e.to_string()))?;
            // One size is enough for a case file.
            processed
                .variants
                .into_iter()
                .rev()
                .find(|v| v.width <= 800)
                .map(|v| v.jpeg)
        }
    };
    let product_id = match f.product_slug.trim() {
        "" => None,
        slug => store
            .product_by_slug(province, slug)
            .await?
            .map(|p| p.summary.id),
    };
    let day = clock.today().to_string();
    let mut fresh = [0u8; 16];
    entropy
        .fill(&mut fresh)
        .map_err(|e| CycleError::Invalid(format!("không tạo được khóa: {e}")))?;
    let fresh: String = fresh.iter().map(|b| format!("{b:02x}")).collect();
    let salt = store.daily_salt(&day, &fresh).await?;
    let key = format!(
        "{:x}",
        sha2::Sha256::digest(format!("{salt}|{sender}").as_bytes())
    );
    let limit = Limit {
        day: &day,
        client_key: &key,
        per_sender: MAX_PER_SENDER_PER_DAY,
        per_day: MAX_PER_DAY,
    };
    let stored = store
        .add_misuse_report(
            &NewReport {
                province,
                product_id,
                product_text: &report.product,
                seller: &report.seller,
                place: &report.place,
                link: report.link.as_deref(),
                description: &report.description,
                contact: report.contact.as_deref(),
                photo_jpeg: photo_jpeg.as_deref(),
            },
            &limit,
            &clock.stamp(),
        )
        .await?;
    stored.ok_or_else(|| {
        CycleError::Invalid(
            "Hôm nay đã nhận đủ số phản ánh từ nơi gửi này. Xin gửi lại vào ngày mai, hoặc gọi đường dây nóng của Văn phòng Điều phối OCOP."
                .into(),
        )
    })
}

/// The office records what it did with a report.
pub async fn handle(
    store: &Store,
    clock: &dyn Clock,
    actor: &Actor,
    id: i64,
    status: &str,
    outcome: &str,
) -> Result<(), CycleError> {
    if !actor.role.can(Permission::ManageRounds) {
        return Err(CycleError::Forbidden(
            "Chỉ Văn phòng Điều phối OCOP xử lý phản ánh.".into(),
        ));
    }
    let status =
        MisuseStatus::parse(status).ok_or_else(|| field("status", "Chọn tình trạng xử lý."))?;
    let outcome = ocop_domain::text::nfc(outcome);
    if status.needs_outcome() && outcome.is_empty() {
        return Err(field(
            "outcome",
            "Ghi kết quả xác minh trước khi đóng phản ánh.",
        ));
    }
    let outcome = Some(outcome).filter(|o| !o.is_empty());
    if store
        .handle_misuse(
            &actor.province_code,
            id,
            status.code(),
            outcome.as_deref(),
            &actor.username,
            &clock.stamp(),
        )
        .await?
    {
        Ok(())
    } else {
        Err(CycleError::NotFound("phản ánh"))
    }
}
