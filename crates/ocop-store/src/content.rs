//! The portal's own content: trade-promotion events (sự kiện, hội chợ) with
//! the products taking part, and the office's news (tin tức).

use crate::audit::AuditEntry;
use crate::catalog::{ProductSummary, summary_from_row, summary_select};
use crate::{Result, Store};
use chrono::NaiveDate;
use ocop_domain::market::EventKind;
use sqlx::Row as _;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Event {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub kind: EventKind,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub place: String,
    pub description: String,
}

pub struct NewEvent<'a> {
    pub province: &'a str,
    pub slug: &'a str,
    pub title: &'a str,
    pub kind: EventKind,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub place: &'a str,
    pub description: &'a str,
    pub product_ids: &'a [i64],
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct NewsItem {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub published_on: NaiveDate,
}

fn event_from_row(r: &sqlx::any::AnyRow) -> Result<Event> {
    Ok(Event {
        id: r.try_get("id")?,
        slug: r.try_get("slug")?,
        title: r.try_get("title")?,
        kind: crate::codes::coded(r.try_get("kind")?, "loại sự kiện", EventKind::parse)?,
        starts_on: crate::dates::date(r.try_get("starts_on")?)?,
        ends_on: crate::dates::date(r.try_get("ends_on")?)?,
        place: r.try_get("place")?,
        description: r.try_get("description")?,
    })
}

fn news_from_row(r: &sqlx::any::AnyRow) -> Result<NewsItem> {
    Ok(NewsItem {
        id: r.try_get("id")?,
        slug: r.try_get("slug")?,
        title: r.try_get("title")?,
        summary: r.try_get("summary")?,
        body: r.try_get("body")?,
        published_on: crate::dates::date(r.try_get("published_on")?)?,
    })
}

const EVENT_COLUMNS: &str = "id, slug, title, kind, starts_on, ends_on, place, description";
const NEWS_COLUMNS: &str = "id, slug, title, summary, body, published_on";

impl Store {
    /// Whether a slug is taken in this province's events or news.
    pub async fn content_slug_taken(
        &self,
        province: &str,
        table: Content,
        slug: &str,
    ) -> Result<bool> {
        let sql = format!(
            "SELECT count(*) FROM {} WHERE province_code = $1 AND slug = $2",
            table.table()
        );
        let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .bind(province.to_owned())
            .bind(slug.to_owned())
            .fetch_one(self.pool())
            .await?;
        Ok(n > 0)
    }

    /// Records an event with its products, in one transaction.
    pub async fn create_event(&self, e: &NewEvent<'_>, actor: &str, now: &str) -> Result<i64> {
        let mut tx = self.pool().begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO events (province_code, slug, title, kind, starts_on, ends_on, place, description, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(e.province.to_owned())
        .bind(e.slug.to_owned())
        .bind(e.title.to_owned())
        .bind(e.kind.code())
        .bind(e.starts_on.to_string())
        .bind(e.ends_on.to_string())
        .bind(e.place.to_owned())
        .bind(e.description.to_owned())
        .bind(actor.to_owned())
        .bind(now.to_owned())
        .fetch_one(&mut *tx)
        .await?;
        for p in e.product_ids {
            sqlx::query("INSERT INTO event_products (event_id, product_id) VALUES ($1, $2)")
                .bind(id)
                .bind(*p)
                .execute(&mut *tx)
                .await?;
        }
        AuditEntry::of(actor, "create", "event", id)
            .after(serde_json::json!({
                "slug": e.slug, "title": e.title, "kind": e.kind.code(), "starts_on": e.starts_on,
                "ends_on": e.ends_on, "place": e.place, "products": e.product_ids,
            }))
            .commit_public(tx, now)
            .await?;
        Ok(id)
    }

    /// Events, soonest-ending last: those still running or to come first
    /// (by start), then past ones (most recent first).
    pub async fn events(
        &self,
        province: &str,
        today: NaiveDate,
    ) -> Result<(Vec<Event>, Vec<Event>)> {
        let upcoming = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {EVENT_COLUMNS} FROM events WHERE province_code = $1 AND ends_on >= $2 ORDER BY starts_on, id"
        )))
        .bind(province.to_owned())
        .bind(today.to_string())
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(event_from_row)
        .collect::<Result<Vec<_>>>()?;
        let past = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {EVENT_COLUMNS} FROM events WHERE province_code = $1 AND ends_on < $2 ORDER BY ends_on DESC, id DESC"
        )))
        .bind(province.to_owned())
        .bind(today.to_string())
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(event_from_row)
        .collect::<Result<Vec<_>>>()?;
        Ok((upcoming, past))
    }

    pub async fn event_by_slug(
        &self,
        province: &str,
        slug: &str,
    ) -> Result<Option<(Event, Vec<ProductSummary>)>> {
        let Some(row) = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {EVENT_COLUMNS} FROM events WHERE province_code = $1 AND slug = $2"
        )))
        .bind(province.to_owned())
        .bind(slug.to_owned())
        .fetch_optional(self.pool())
        .await?
        else {
            return Ok(None);
        };
        let event = event_from_row(&row)?;
        let sql = format!(
            "{} WHERE p.id IN (SELECT product_id FROM event_products WHERE event_id = $1) ORDER BY p.id",
            summary_select()
        );
        let products = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(event.id)
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(summary_from_row)
            .collect::<Result<Vec<_>>>()?;
        Ok(Some((event, products)))
    }

    pub async fn event_slugs(&self, province: &str) -> Result<Vec<String>> {
        Ok(
            sqlx::query_scalar("SELECT slug FROM events WHERE province_code = $1 ORDER BY id")
                .bind(province.to_owned())
                .fetch_all(self.pool())
                .await?,
        )
    }

    pub async fn create_news(
        &self,
        province: &str,
        item: &NewsItem,
        actor: &str,
        now: &str,
    ) -> Result<i64> {
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO news (province_code, slug, title, summary, body, published_on, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(province.to_owned())
        .bind(item.slug.clone())
        .bind(item.title.clone())
        .bind(item.summary.clone())
        .bind(item.body.clone())
        .bind(item.published_on.to_string())
        .bind(actor.to_owned())
        .bind(now.to_owned())
        .fetch_one(&mut *tx)
        .await?;
        AuditEntry::of(actor, "create", "news", id)
            .after(serde_json::json!({
                "slug": item.slug, "title": item.title, "published_on": item.published_on,
            }))
            .commit_public(tx, now)
            .await?;
        Ok(id)
    }

    /// News dated `up_to` or before (the published ones: today; `None`: all,
    /// those dated later too), newest first.
    pub async fn news(
        &self,
        province: &str,
        up_to: Option<NaiveDate>,
        limit: i64,
    ) -> Result<Vec<NewsItem>> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {NEWS_COLUMNS} FROM news WHERE province_code = $1 AND ($2 = '' OR published_on <= $2) \
             ORDER BY published_on DESC, id DESC LIMIT $3"
        )))
        .bind(province.to_owned())
        .bind(up_to.map(|d| d.to_string()).unwrap_or_default())
        .bind(limit)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(news_from_row)
        .collect()
    }

    pub async fn news_by_slug(
        &self,
        province: &str,
        slug: &str,
        today: NaiveDate,
    ) -> Result<Option<NewsItem>> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {NEWS_COLUMNS} FROM news WHERE province_code = $1 AND slug = $2 AND published_on <= $3"
        )))
        .bind(province.to_owned())
        .bind(slug.to_owned())
        .bind(today.to_string())
        .fetch_optional(self.pool())
        .await?
        .as_ref()
        .map(news_from_row)
        .transpose()
    }

    pub async fn news_slugs(&self, province: &str) -> Result<Vec<String>> {
        Ok(
            sqlx::query_scalar("SELECT slug FROM news WHERE province_code = $1 ORDER BY id")
                .bind(province.to_owned())
                .fetch_all(self.pool())
                .await?,
        )
    }

    /// Ids of this province's products with these slugs, in the given order;
    /// the slugs not found are returned apart.
    pub async fn product_ids_by_slug(
        &self,
        province: &str,
        slugs: &[String],
    ) -> Result<(Vec<i64>, Vec<String>)> {
        let mut ids = Vec::new();
        let mut missing = Vec::new();
        for s in slugs {
            let id: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM products WHERE province_code = $1 AND slug = $2",
            )
            .bind(province.to_owned())
            .bind(s.clone())
            .fetch_optional(self.pool())
            .await?;
            match id {
                Some(id) => ids.push(id),
                None => missing.push(s.clone()),
            }
        }
        Ok((ids, missing))
    }
}

/// Which content table a slug belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    Events,
    News,
}

impl Content {
    fn table(self) -> &'static str {
        match self {
            Self::Events => "events",
            Self::News => "news",
        }
    }
}
