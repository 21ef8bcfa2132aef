//! Growing areas and packing houses, and which products use them.

use crate::audit::AuditEntry;
use crate::{Result, Store};
use chrono::NaiveDate;
use ocop_domain::growing_area::{AreaKind, AreaStatus};

fn area_status(code: String) -> Result<AreaStatus> {
    crate::codes::coded(code, "tình trạng mã số", AreaStatus::parse)
}
use sqlx::Row as _;

pub struct NewArea<'a> {
    pub province: &'a str,
    pub producer_id: i64,
    pub kind: AreaKind,
    pub code: &'a str,
    pub crop: &'a str,
    pub area_hundredths: Option<i64>,
    pub commune_code_2025: Option<&'a str>,
    pub coordinates: Option<(f64, f64)>,
    pub authority: &'a str,
    pub scope: &'a str,
    pub issued_on: Option<NaiveDate>,
    /// A product of the producer that uses it.
    pub product_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AreaRow {
    pub id: i64,
    pub kind: AreaKind,
    pub code: String,
    pub crop: String,
    pub area_hundredths: Option<i64>,
    pub commune_2025: Option<String>,
    pub authority: String,
    pub scope: String,
    pub status: AreaStatus,
    pub issued_on: Option<NaiveDate>,
}

const COLUMNS: &str = "a.id, a.kind, a.code, a.crop, a.area_hundredths, cu.full_name AS commune_2025, \
     a.authority, a.scope, a.status, a.issued_on";

fn from_row(r: &sqlx::any::AnyRow) -> Result<AreaRow> {
    Ok(AreaRow {
        id: r.try_get("id")?,
        kind: crate::codes::coded(r.try_get("kind")?, "loại mã số", AreaKind::parse)?,
        code: r.try_get("code")?,
        crop: r.try_get("crop")?,
        area_hundredths: r.try_get("area_hundredths")?,
        commune_2025: r.try_get("commune_2025")?,
        authority: r.try_get("authority")?,
        scope: r.try_get("scope")?,
        status: area_status(r.try_get("status")?)?,
        issued_on: crate::dates::maybe(r.try_get("issued_on")?)?,
    })
}

impl Store {
    /// Records an area (or house) and its link to a product; `Ok(None)` when
    /// the code is already recorded in the province.
    pub async fn add_area(&self, a: &NewArea<'_>, actor: &str, now: &str) -> Result<Option<i64>> {
        let mut tx = self.pool().begin().await?;
        let taken: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM growing_areas WHERE province_code = $1 AND kind = $2 AND code = $3",
        )
        .bind(a.province.to_owned())
        .bind(a.kind.code())
        .bind(a.code.to_owned())
        .fetch_one(&mut *tx)
        .await?;
        if taken > 0 {
            return Ok(None);
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO growing_areas (province_code, producer_id, kind, code, crop, area_hundredths, commune_code_2025, \
             latitude, longitude, authority, scope, status, issued_on, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'active', $12, $13, $14) RETURNING id",
        )
        .bind(a.province.to_owned())
        .bind(a.producer_id)
        .bind(a.kind.code())
        .bind(a.code.to_owned())
        .bind(a.crop.to_owned())
        .bind(a.area_hundredths)
        .bind(a.commune_code_2025.map(str::to_owned))
        .bind(a.coordinates.map(|c| c.0.to_string()))
        .bind(a.coordinates.map(|c| c.1.to_string()))
        .bind(a.authority.to_owned())
        .bind(a.scope.to_owned())
        .bind(a.issued_on.map(|d| d.to_string()))
        .bind(actor.to_owned())
        .bind(now.to_owned())
        .fetch_one(&mut *tx)
        .await?;
        if let Some(p) = a.product_id {
            sqlx::query("INSERT INTO product_areas (product_id, area_id) VALUES ($1, $2)")
                .bind(p)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        AuditEntry::of(actor, "growing_area.add", "producer", a.producer_id)
            .after(serde_json::json!({
                "area": id, "kind": a.kind.code(), "code": a.code, "crop": a.crop,
                "area_hundredths": a.area_hundredths, "scope": a.scope, "authority": a.authority,
                "product": a.product_id,
            }))
            .commit(tx, now)
            .await?;
        Ok(Some(id))
    }

    /// Every growing area of a province (the public register behind the
    /// read points of the EPCIS export).
    pub async fn areas_of_province(&self, province: &str) -> Result<Vec<AreaRow>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM growing_areas a \
             LEFT JOIN admin_units cu ON cu.scheme = '2025' AND cu.code = a.commune_code_2025 \
             WHERE a.province_code = $1 ORDER BY a.code"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(province.to_owned())
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(from_row).collect()
    }

    /// The places named in a province's traceability events, each once.
    pub async fn event_places(&self, province: &str) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT DISTINCT e.place FROM trace_events e JOIN batches b ON b.id = e.batch_id \
             WHERE b.province_code = $1 ORDER BY e.place",
        )
        .bind(province.to_owned())
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn areas_of_producer(&self, producer_id: i64) -> Result<Vec<AreaRow>> {
        self.areas_where("WHERE a.producer_id = $1", producer_id)
            .await
    }

    /// The growing areas a batch was made from.
    pub async fn areas_of_batch(&self, batch_id: i64) -> Result<Vec<AreaRow>> {
        self.areas_where(
            "JOIN batch_areas ba ON ba.area_id = a.id WHERE ba.batch_id = $1",
            batch_id,
        )
        .await
    }

    pub async fn areas_of_product(&self, product_id: i64) -> Result<Vec<AreaRow>> {
        self.areas_where(
            "JOIN product_areas pa ON pa.area_id = a.id WHERE pa.product_id = $1",
            product_id,
        )
        .await
    }

    /// Areas with their commune's name, chosen by `filter` (a join and a
    /// condition on `$1`, written here, never typed by anyone).
    async fn areas_where(&self, filter: &'static str, id: i64) -> Result<Vec<AreaRow>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM growing_areas a \
             LEFT JOIN admin_units cu ON cu.scheme = '2025' AND cu.code = a.commune_code_2025 \
             {filter} ORDER BY a.kind, a.id"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(from_row)
            .collect()
    }
}

impl Store {
    /// Changes an area's status (active, suspended, revoked) with its
    /// audit entry; `Ok(false)` when the area is not the producer's.
    pub async fn set_area_status(
        &self,
        producer_id: i64,
        area_id: i64,
        status: AreaStatus,
        actor: &str,
        now: &str,
    ) -> Result<bool> {
        let mut tx = self.pool().begin().await?;
        let before: Option<String> = sqlx::query_scalar(
            "SELECT status FROM growing_areas WHERE id = $1 AND producer_id = $2",
        )
        .bind(area_id)
        .bind(producer_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(before) = before else {
            return Ok(false);
        };
        sqlx::query("UPDATE growing_areas SET status = $1 WHERE id = $2")
            .bind(status.code())
            .bind(area_id)
            .execute(&mut *tx)
            .await?;
        AuditEntry::of(actor, "growing_area.status", "producer", producer_id)
            .before(serde_json::json!({"area": area_id, "status": before}))
            .after(serde_json::json!({"area": area_id, "status": status.code()}))
            .write(&mut tx, now)
            .await?;
        // A trace signature change: cached scan pages show the new status.
        sqlx::query("INSERT INTO trace_state_changes (changed_at) VALUES ($1)")
            .bind(now.to_owned())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }
}
