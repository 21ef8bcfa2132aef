//! The office publishes events (with the products taking part) and news on
//! the portal.

use crate::Clock;
use crate::cycle::Actor;
use crate::record_error::RecordError;
use ocop_domain::access::Permission;
use ocop_domain::market::EventKind;
use ocop_domain::text::{nfc, slugify};
use ocop_store::Store;
use ocop_store::content::{Content, NewEvent, NewsItem};

fn field(field: &'static str, message: impl Into<String>) -> RecordError {
    RecordError::Field {
        field,
        message: message.into(),
    }
}

fn require(actor: &Actor) -> Result<(), RecordError> {
    if actor.role.can(Permission::ManagePortal) {
        Ok(())
    } else {
        Err(RecordError::Forbidden(
            "Chỉ Văn phòng Điều phối OCOP đăng sự kiện và tin tức.",
        ))
    }
}

fn text(name: &'static str, label: &str, typed: &str, max: usize) -> Result<String, RecordError> {
    let t = nfc(typed);
    if t.is_empty() {
        return Err(field(name, format!("Nhập {label}.")));
    }
    if t.chars().count() > max {
        return Err(field(name, format!("{label} dài quá {max} ký tự.")));
    }
    Ok(t)
}

fn date(name: &'static str, label: &str, typed: &str) -> Result<chrono::NaiveDate, RecordError> {
    chrono::NaiveDate::parse_from_str(typed.trim(), "%Y-%m-%d")
        .map_err(|_| field(name, format!("{label} phải là một ngày (năm-tháng-ngày).")))
}

/// A slug from the title that is free in this province's table.
async fn free_slug(
    store: &Store,
    province: &str,
    table: Content,
    title: &str,
) -> Result<String, RecordError> {
    let base = slugify(title);
    let base = if base.is_empty() {
        "muc".to_owned()
    } else {
        base
    };
    let mut slug = base.clone();
    let mut n = 2;
    while store.content_slug_taken(province, table, &slug).await? {
        slug = format!("{base}-{n}");
        n += 1;
    }
    Ok(slug)
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct EventForm {
    pub title: String,
    pub kind: String,
    pub starts_on: String,
    pub ends_on: String,
    pub place: String,
    pub description: String,
    /// The products taking part, one name (or page address) per line.
    pub products: String,
}

/// Publishes an event; returns its slug.
pub async fn add_event(
    store: &Store,
    clock: &dyn Clock,
    actor: &Actor,
    f: &EventForm,
) -> Result<String, RecordError> {
    require(actor)?;
    let title = text("title", "tên sự kiện", &f.title, 200)?;
    let kind = EventKind::parse(&f.kind).ok_or_else(|| field("kind", "Chọn loại sự kiện."))?;
    let starts = date("starts_on", "Ngày bắt đầu", &f.starts_on)?;
    let ends = date("ends_on", "Ngày kết thúc", &f.ends_on)?;
    if ends < starts {
        return Err(field(
            "ends_on",
            "Ngày kết thúc không được trước ngày bắt đầu.",
        ));
    }
    let place = text("place", "địa điểm", &f.place, 300)?;
    let description = nfc(&f.description);
    let wanted: Vec<String> = f
        .products
        .lines()
        .map(|l| {
            let l = l.trim();
            // A pasted page address counts by its last segment.
            slugify(l.rsplit("/san-pham/").next().unwrap_or(l))
        })
        .filter(|s| !s.is_empty())
        .collect();
    let (ids, missing) = store
        .product_ids_by_slug(&actor.province_code, &wanted)
        .await?;
    if !missing.is_empty() {
        return Err(field(
            "products",
            format!(
                "Không tìm thấy sản phẩm: {}. Mỗi dòng ghi đúng tên một sản phẩm của tỉnh.",
                missing.join(", ")
            ),
        ));
    }
    let mut ids = ids;
    ids.sort_unstable();
    ids.dedup();
    let slug = free_slug(store, &actor.province_code, Content::Events, &title).await?;
    store
        .create_event(
            &NewEvent {
                province: &actor.province_code,
                slug: &slug,
                title: &title,
                kind,
                starts_on: starts,
                ends_on: ends,
                place: &place,
                description: &description,
                product_ids: &ids,
            },
            &actor.username,
            &clock.stamp(),
        )
        .await?;
    Ok(slug)
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct NewsForm {
    pub title: String,
    pub summary: String,
    pub body: String,
    /// Empty: today.
    pub published_on: String,
}

/// Publishes a news item (from its date on); returns its slug.
pub async fn add_news(
    store: &Store,
    clock: &dyn Clock,
    actor: &Actor,
    f: &NewsForm,
) -> Result<String, RecordError> {
    require(actor)?;
    let title = text("title", "tiêu đề", &f.title, 200)?;
    let summary = text("summary", "tóm tắt", &f.summary, 500)?;
    let body = text("body", "nội dung", &f.body, 20_000)?;
    let published = match f.published_on.trim() {
        "" => clock.today(),
        d => date("published_on", "Ngày đăng", d)?,
    };
    let slug = free_slug(store, &actor.province_code, Content::News, &title).await?;
    store
        .create_news(
            &actor.province_code,
            &NewsItem {
                id: 0,
                slug: slug.clone(),
                title,
                summary,
                body,
                published_on: published,
            },
            &actor.username,
            &clock.stamp(),
        )
        .await?;
    Ok(slug)
}
