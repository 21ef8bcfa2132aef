//! Phản ánh vi phạm — anyone reports a fake or misused OCOP star (photo,
//! place, seller, link); the office investigates and records the outcome.
//!
//! Abuse limits without hoarding personal data: the sender's network address
//! is never stored; it is hashed with a salt that lives one day, to count at
//! most a few reports per sender per day, and the province's daily total is
//! capped. A hidden field catches simple bots.

use crate::Clock;
use crate::cycle::Actor;
use crate::error::{Classify, Kind};
use ocop_domain::access::Permission;
use ocop_domain::misuse::{MisuseReport, MisuseStatus};
use ocop_store::Store;
use ocop_store::misuse::NewReport;

/// Why a misuse report (phản ánh hàng giả, sai sao) was not taken or handled.
#[derive(Debug, thiserror::Error)]
pub enum MisuseError {
    /// One field of the report refused, said next to it.
    #[error("{message}")]
    Field {
        field: &'static str,
        message: String,
    },
    /// The sender's or the province's budget for today is spent.
    #[error(
        "Hôm nay đã nhận đủ số phản ánh từ nơi gửi này. Xin gửi lại vào ngày mai, hoặc gọi đường dây nóng của Văn phòng Điều phối OCOP."
    )]
    TooMany,
    /// The form's hidden trap field was filled (a robot).
    #[error("Không nhận được phản ánh.")]
    NotTaken,
    /// Only the office handles reports.
    #[error("Chỉ Văn phòng Điều phối OCOP xử lý phản ánh.")]
    OfficeOnly,
    #[error("không tìm thấy phản ánh")]
    NoSuchReport,
    #[error(transparent)]
    Store(#[from] ocop_store::StoreError),
}

impl MisuseError {
    /// The refusal on the English page (a field's own message is the
    /// domain's, which speaks Vietnamese).
    pub fn message_en(&self) -> String {
        match self {
            Self::TooMany => "Enough reports have come from this sender today. Please send again tomorrow, or call the OCOP Coordination Office's hotline.".into(),
            Self::NotTaken => "The report was not taken.".into(),
            Self::OfficeOnly => "Only the OCOP Coordination Office handles reports.".into(),
            Self::NoSuchReport => "No such report.".into(),
            other => other.to_string(),
        }
    }
}

impl Classify for MisuseError {
    fn kind(&self) -> Kind {
        match self {
            Self::Field { .. } | Self::NotTaken => Kind::Invalid,
            Self::TooMany => Kind::TooMany,
            Self::OfficeOnly => Kind::Forbidden,
            Self::NoSuchReport => Kind::NotFound,
            Self::Store(e) => e.kind(),
        }
    }
}

fn field(field: &'static str, message: impl Into<String>) -> MisuseError {
    MisuseError::Field {
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

/// Whether this sender may send another report today; counted before the
/// request's body is read, so a flood costs no upload and no decoding.
pub async fn admit(store: &Store, clock: &dyn Clock, sender_key: &str) -> Result<(), MisuseError> {
    if crate::budget::MISUSE_ATTEMPTS
        .take(store, clock, sender_key)
        .await?
    {
        Ok(())
    } else {
        Err(MisuseError::TooMany)
    }
}

/// Takes a report; returns its number. The sender's and the province's daily
/// limits are taken (atomically) after the text is checked and before the
/// photo is decoded.
pub async fn submit(
    store: &Store,
    clock: &dyn Clock,
    province: &str,
    sender_key: &str,
    f: &ReportForm,
    photo: Option<Vec<u8>>,
) -> Result<i64, MisuseError> {
    if !f.website.is_empty() {
        return Err(MisuseError::NotTaken);
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
    let photo = photo.filter(|p| !p.is_empty());
    if let Some(bytes) = &photo {
        // The header alone, before any budget is spent on a file that is
        // not a photo at all.
        ocop_media::dimensions(bytes).map_err(|e| field("photo", e.to_string()))?;
    }
    if !crate::budget::MISUSE_ACCEPTED
        .take(store, clock, sender_key)
        .await?
        || !crate::budget::MISUSE_ALL
            .take(store, clock, province)
            .await?
    {
        return Err(MisuseError::TooMany);
    }
    let photo_jpeg = match photo {
        None => None,
        Some(bytes) => {
            let processed = crate::heavy::photo(bytes)
                .await
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
    Ok(store
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
            &clock.stamp(),
        )
        .await?)
}

/// The office records what it did with a report.
pub async fn handle(
    store: &Store,
    clock: &dyn Clock,
    actor: &Actor,
    id: i64,
    status: &str,
    outcome: &str,
) -> Result<(), MisuseError> {
    if !actor.role.can(Permission::ManageRounds) {
        return Err(MisuseError::OfficeOnly);
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
            status,
            outcome.as_deref(),
            &actor.username,
            &clock.stamp(),
        )
        .await?
    {
        Ok(())
    } else {
        Err(MisuseError::NoSuchReport)
    }
}
