//! Batches (lô) and their trace events. Events are only ever inserted: there
//! is no update or delete here, and a correction is a new row whose
//! `corrects_id` names the event it corrects.

use crate::audit::AuditEntry;
use crate::{Result, Store};
use sqlx::Row as _;

mod events;

pub use events::*;

pub struct NewBatch<'a> {
    pub province: &'a str,
    pub producer_id: i64,
    pub product_id: i64,
    pub lot_code: &'a str,
    pub gtin: Option<&'a str>,
    pub short_code: &'a str,
    pub produced_on: &'a str,
    pub expires_on: Option<&'a str>,
    pub quantity: Option<i64>,
    pub unit: &'a str,
    pub area_ids: &'a [i64],
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BatchRow {
    pub id: i64,
    pub producer_id: i64,
    pub producer_slug: String,
    pub producer_name: String,
    pub product_id: i64,
    pub product_slug: String,
    pub product_name: String,
    pub lot_code: String,
    pub gtin: Option<String>,
    pub short_code: String,
    /// Decoded once here; a stored date that does not read is an error.
    pub produced_on: chrono::NaiveDate,
    pub expires_on: Option<chrono::NaiveDate>,
    pub quantity: Option<i64>,
    pub unit: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// How many growing areas the batch was made from (so a page asks for
    /// them only when there are some).
    pub area_count: i64,
}

pub(super) const BATCH_COLUMNS: &str = "b.id, b.producer_id, pr.slug AS producer_slug, pr.name AS producer_name, \
     b.product_id, p.slug AS product_slug, p.name AS product_name, b.lot_code, b.gtin, b.short_code, \
     b.produced_on, b.expires_on, b.quantity, b.unit, b.created_at, \
     (SELECT count(*) FROM batch_areas ba WHERE ba.batch_id = b.id) AS area_count";

pub(super) const BATCH_FROM: &str = "FROM batches b JOIN products p ON p.id = b.product_id JOIN producers pr ON pr.id = b.producer_id";

pub(super) fn batch_from_row(r: &sqlx::any::AnyRow) -> Result<BatchRow> {
    Ok(BatchRow {
        id: r.try_get("id")?,
        producer_id: r.try_get("producer_id")?,
        producer_slug: r.try_get("producer_slug")?,
        producer_name: r.try_get("producer_name")?,
        product_id: r.try_get("product_id")?,
        product_slug: r.try_get("product_slug")?,
        product_name: r.try_get("product_name")?,
        lot_code: r.try_get("lot_code")?,
        gtin: r.try_get("gtin")?,
        short_code: r.try_get("short_code")?,
        produced_on: crate::dates::date(r.try_get("produced_on")?)?,
        expires_on: crate::dates::maybe(r.try_get("expires_on")?)?,
        quantity: r.try_get("quantity")?,
        unit: r.try_get("unit")?,
        created_at: crate::dates::stamp(r.try_get("created_at")?)?,
        area_count: r.try_get("area_count")?,
    })
}

impl Store {
    /// `Ok(None)` when the product already has a batch with this lot code.
    pub async fn create_batch(
        &self,
        b: &NewBatch<'_>,
        actor: &str,
        now: &str,
    ) -> Result<Option<i64>> {
        let mut tx = self.pool().begin().await?;
        let taken: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM batches WHERE product_id = $1 AND lot_code = $2",
        )
        .bind(b.product_id)
        .bind(b.lot_code.to_owned())
        .fetch_one(&mut *tx)
        .await?;
        if taken > 0 {
            return Ok(None);
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO batches (province_code, producer_id, product_id, lot_code, gtin, short_code, produced_on, \
             expires_on, quantity, unit, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
        )
        .bind(b.province.to_owned())
        .bind(b.producer_id)
        .bind(b.product_id)
        .bind(b.lot_code.to_owned())
        .bind(b.gtin.map(str::to_owned))
        .bind(b.short_code.to_owned())
        .bind(b.produced_on.to_owned())
        .bind(b.expires_on.map(str::to_owned))
        .bind(b.quantity)
        .bind(b.unit.to_owned())
        .bind(actor.to_owned())
        .bind(now.to_owned())
        .fetch_one(&mut *tx)
        .await?;
        for area in b.area_ids {
            sqlx::query("INSERT INTO batch_areas (batch_id, area_id) VALUES ($1, $2)")
                .bind(id)
                .bind(*area)
                .execute(&mut *tx)
                .await?;
        }
        AuditEntry::of(actor, "batch.create", "product", b.product_id)
            .after(serde_json::json!({
                "batch": id, "lot": b.lot_code, "gtin": b.gtin, "produced_on": b.produced_on,
                "expires_on": b.expires_on, "quantity": b.quantity, "areas": b.area_ids,
            }))
            .commit(tx, now)
            .await?;
        Ok(Some(id))
    }

    pub async fn batches_of_producer(&self, producer_id: i64, limit: i64) -> Result<Vec<BatchRow>> {
        let sql = format!(
            "SELECT {BATCH_COLUMNS} {BATCH_FROM} WHERE b.producer_id = $1 ORDER BY b.id DESC LIMIT $2"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(producer_id)
            .bind(limit)
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(batch_from_row)
            .collect()
    }

    pub async fn batch(&self, id: i64) -> Result<Option<BatchRow>> {
        let sql = format!("SELECT {BATCH_COLUMNS} {BATCH_FROM} WHERE b.id = $1");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .as_ref()
            .map(batch_from_row)
            .transpose()
    }

    pub async fn batch_by_short_code(&self, code: &str) -> Result<Option<BatchRow>> {
        let sql = format!("SELECT {BATCH_COLUMNS} {BATCH_FROM} WHERE b.short_code = $1");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(code.to_owned())
            .fetch_optional(self.pool())
            .await?
            .as_ref()
            .map(batch_from_row)
            .transpose()
    }

    /// Batches of a producer by lot code (for imports).
    pub async fn batches_by_lot(&self, producer_id: i64) -> Result<Vec<(String, i64)>> {
        Ok(
            sqlx::query_as("SELECT lot_code, id FROM batches WHERE producer_id = $1 ORDER BY id")
                .bind(producer_id)
                .fetch_all(self.pool())
                .await?,
        )
    }

    pub async fn batch_area_ids(&self, batch_id: i64) -> Result<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT area_id FROM batch_areas WHERE batch_id = $1 ORDER BY area_id",
        )
        .bind(batch_id)
        .fetch_all(self.pool())
        .await?)
    }
}

/// A product of a producer with one of its GTINs (a row per GTIN; `None`
/// for a product without any).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductCode {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub gtin: Option<String>,
}

impl Store {
    pub async fn product_codes(&self, producer_id: i64) -> Result<Vec<ProductCode>> {
        let rows: Vec<(i64, String, String, Option<String>)> = sqlx::query_as(
            "SELECT p.id, p.slug, p.name, i.gtin FROM products p \
             LEFT JOIN product_items i ON i.product_id = p.id AND i.gtin IS NOT NULL \
             WHERE p.producer_id = $1 ORDER BY p.name, p.id, i.id",
        )
        .bind(producer_id)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, slug, name, gtin)| ProductCode {
                id,
                slug,
                name,
                gtin,
            })
            .collect())
    }

    /// The 2025 provinces (code, full name), for the scan page's question.
    pub async fn provinces_2025(&self) -> Result<Vec<(String, String)>> {
        Ok(sqlx::query_as(
            "SELECT code, full_name FROM admin_units WHERE scheme = '2025' AND level = 'province' ORDER BY name_folded",
        )
        .fetch_all(self.pool())
        .await?)
    }
}

impl Store {
    /// Changes whenever a batch, an event or a growing area is added, or an
    /// area's status changes (nothing else is changed or removed): what a
    /// cached scan page depends on besides the catalogue. Index lookups only.
    pub async fn trace_signature(&self) -> Result<String> {
        let row = sqlx::query(
            "SELECT (SELECT coalesce(max(id), 0) FROM batches) AS a, \
             (SELECT coalesce(max(id), 0) FROM trace_events) AS b, \
             (SELECT coalesce(max(id), 0) FROM growing_areas) AS c, \
             (SELECT coalesce(max(id), 0) FROM trace_state_changes) AS d",
        )
        .fetch_one(self.pool())
        .await?;
        let mut parts = Vec::with_capacity(4);
        for c in ["a", "b", "c", "d"] {
            let n: i64 = row.try_get(c)?;
            parts.push(n.to_string());
        }
        Ok(parts.join("."))
    }
}

impl Store {
    /// Products of a loaded dataset with their producers, by id (for
    /// generating data that refers to them).
    pub async fn products_of_dataset(&self, dataset: &str) -> Result<Vec<(i64, i64)>> {
        Ok(
            sqlx::query_as("SELECT id, producer_id FROM products WHERE dataset = $1 ORDER BY id")
                .bind(dataset.to_owned())
                .fetch_all(self.pool())
                .await?,
        )
    }

    /// Short codes of every `step`-th batch, in id order (to spread requests).
    pub async fn batch_codes_every(&self, step: i64, limit: i64) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT short_code FROM batches WHERE id % $1 = 0 ORDER BY id LIMIT $2",
        )
        .bind(step)
        .bind(limit)
        .fetch_all(self.pool())
        .await?)
    }
}
