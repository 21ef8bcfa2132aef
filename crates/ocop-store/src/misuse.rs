//! Misuse reports: the limit on senders, the reports and their handling.

use crate::audit::AuditEntry;
use crate::{Result, Store};
use ocop_domain::misuse::MisuseStatus;
use sqlx::Row as _;

/// A report to store.
pub struct NewReport<'a> {
    pub province: &'a str,
    pub product_id: Option<i64>,
    pub product_text: &'a str,
    pub seller: &'a str,
    pub place: &'a str,
    pub link: Option<&'a str>,
    pub description: &'a str,
    pub contact: Option<&'a str>,
    pub photo_jpeg: Option<&'a [u8]>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ReportRow {
    pub id: i64,
    pub product_text: String,
    pub product_slug: Option<String>,
    pub seller: String,
    pub place: String,
    pub link: Option<String>,
    pub description: String,
    pub contact: Option<String>,
    pub has_photo: bool,
    pub status: MisuseStatus,
    pub outcome: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub handled_by: Option<String>,
    pub handled_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl Store {
    /// The day's salt for sender keys, made on first use; older salts are
    /// deleted, so yesterday's keys can no longer be linked to anyone.
    pub async fn daily_salt(&self, day: &str, fresh: &str) -> Result<String> {
        // Every public form send asks for it: once the day's salt exists it
        // is one read, not a write transaction.
        let known: Option<String> =
            sqlx::query_scalar("SELECT salt FROM daily_salts WHERE day = $1")
                .bind(day.to_owned())
                .fetch_optional(self.pool())
                .await?;
        if let Some(salt) = known {
            return Ok(salt);
        }
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM daily_salts WHERE day < $1")
            .bind(day.to_owned())
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO daily_salts (day, salt) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(day.to_owned())
            .bind(fresh.to_owned())
            .execute(&mut *tx)
            .await?;
        let salt: String = sqlx::query_scalar("SELECT salt FROM daily_salts WHERE day = $1")
            .bind(day.to_owned())
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(salt)
    }

    /// Stores a report (the sender's budget was taken before).
    pub async fn add_misuse_report(&self, r: &NewReport<'_>, now: &str) -> Result<i64> {
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO misuse_reports (province_code, product_id, product_text, seller, place, link, description, \
             contact, photo_jpeg, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'new', $10) RETURNING id",
        )
        .bind(r.province.to_owned())
        .bind(r.product_id)
        .bind(r.product_text.to_owned())
        .bind(r.seller.to_owned())
        .bind(r.place.to_owned())
        .bind(r.link.map(str::to_owned))
        .bind(r.description.to_owned())
        .bind(r.contact.map(str::to_owned))
        .bind(r.photo_jpeg.map(<[u8]>::to_vec))
        .bind(now.to_owned())
        .fetch_one(&mut *tx)
        .await?;
        AuditEntry::of("public", "misuse_report", "misuse_report", id)
            .after(serde_json::json!({
                "product": r.product_text, "has_photo": r.photo_jpeg.is_some(),
            }))
            .commit(tx, now)
            .await?;
        Ok(id)
    }

    pub async fn misuse_reports(
        &self,
        province: &str,
        status: Option<MisuseStatus>,
    ) -> Result<Vec<ReportRow>> {
        let rows = sqlx::query(
            "SELECT m.id, m.product_text, p.slug AS product_slug, m.seller, m.place, m.link, m.description, m.contact, \
             CAST(CASE WHEN m.photo_jpeg IS NULL THEN 0 ELSE 1 END AS INTEGER) AS has_photo, m.status, m.outcome, \
             m.created_at, m.handled_by, m.handled_at \
             FROM misuse_reports m LEFT JOIN products p ON p.id = m.product_id \
             WHERE m.province_code = $1 AND ($2 = '' OR m.status = $2) ORDER BY m.id DESC",
        )
        .bind(province.to_owned())
        .bind(status.map_or("", MisuseStatus::code))
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let has_photo: i64 = r.try_get("has_photo")?;
                Ok(ReportRow {
                    id: r.try_get("id")?,
                    product_text: r.try_get("product_text")?,
                    product_slug: r.try_get("product_slug")?,
                    seller: r.try_get("seller")?,
                    place: r.try_get("place")?,
                    link: r.try_get("link")?,
                    description: r.try_get("description")?,
                    contact: r.try_get("contact")?,
                    has_photo: has_photo == 1,
                    status: crate::codes::coded(
                        r.try_get("status")?,
                        "tình trạng phản ánh",
                        MisuseStatus::parse,
                    )?,
                    outcome: r.try_get("outcome")?,
                    created_at: crate::dates::stamp(r.try_get("created_at")?)?,
                    handled_by: r.try_get("handled_by")?,
                    handled_at: crate::dates::maybe_stamp(r.try_get("handled_at")?)?,
                })
            })
            .collect()
    }

    pub async fn misuse_photo(&self, province: &str, id: i64) -> Result<Option<Vec<u8>>> {
        Ok(sqlx::query_scalar(
            "SELECT photo_jpeg FROM misuse_reports WHERE province_code = $1 AND id = $2",
        )
        .bind(province.to_owned())
        .bind(id)
        .fetch_optional(self.pool())
        .await?
        .flatten())
    }

    /// Records the office's handling of a report, audited; false when the
    /// report is not the province's.
    pub async fn handle_misuse(
        &self,
        province: &str,
        id: i64,
        status: MisuseStatus,
        outcome: Option<&str>,
        actor: &str,
        now: &str,
    ) -> Result<bool> {
        let mut tx = self.pool().begin().await?;
        let before: Option<(String, Option<String>)> = sqlx::query_as(
            "SELECT status, outcome FROM misuse_reports WHERE province_code = $1 AND id = $2",
        )
        .bind(province.to_owned())
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((old_status, old_outcome)) = before else {
            return Ok(false);
        };
        sqlx::query(
            "UPDATE misuse_reports SET status = $2, outcome = $3, handled_by = $4, handled_at = $5 WHERE id = $1",
        )
        .bind(id)
        .bind(status.code())
        .bind(outcome.map(str::to_owned))
        .bind(actor.to_owned())
        .bind(now.to_owned())
        .execute(&mut *tx)
        .await?;
        AuditEntry::of(actor, "misuse.handle", "misuse_report", id)
            .before(serde_json::json!({"status": old_status, "outcome": old_outcome}))
            .after(serde_json::json!({"status": status.code(), "outcome": outcome}))
            .commit(tx, now)
            .await?;
        Ok(true)
    }
}
