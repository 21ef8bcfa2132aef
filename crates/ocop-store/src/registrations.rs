//! Đăng ký chủ thể — applications to join, waiting for an officer. Approval
//! creates the producer and its account in one transaction.

use crate::audit::AuditEntry;
use crate::cycle::By;
use crate::registry::{Created, insert_producer};
use crate::{Result, Store, StoreError};
use ocop_domain::Producer;
use ocop_domain::producer::RegistrationStatus;
use sqlx::Row as _;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Registration {
    pub id: i64,
    pub province_code: String,
    pub commune_code: Option<String>,
    pub form_json: String,
    pub username: String,
    pub email: Option<String>,
    pub status: RegistrationStatus,
    pub submitted_at: chrono::DateTime<chrono::Utc>,
    pub reason: Option<String>,
}

/// What an applicant sends.
pub struct NewRegistration<'a> {
    pub province_code: &'a str,
    pub commune_code: Option<&'a str>,
    pub form_json: &'a str,
    pub username: &'a str,
    pub password_hash: &'a str,
    pub email: Option<&'a str>,
}

const COLUMNS: &str =
    "id, province_code, commune_code, form_json, username, email, status, submitted_at, reason";

fn from_row(r: &sqlx::any::AnyRow) -> Result<Registration> {
    Ok(Registration {
        id: r.try_get("id")?,
        province_code: r.try_get("province_code")?,
        commune_code: r.try_get("commune_code")?,
        form_json: r.try_get("form_json")?,
        username: r.try_get("username")?,
        email: r.try_get("email")?,
        status: crate::codes::coded(
            r.try_get("status")?,
            "tình trạng đơn đăng ký",
            RegistrationStatus::parse,
        )?,
        submitted_at: crate::dates::stamp(r.try_get("submitted_at")?)?,
        reason: r.try_get("reason")?,
    })
}

impl Store {
    /// Whether a username is taken by an account or a pending application.
    pub async fn username_taken(&self, username: &str) -> Result<bool> {
        let n: i64 = sqlx::query_scalar(
            "SELECT (SELECT count(*) FROM users WHERE username = $1) + (SELECT count(*) FROM producer_registrations WHERE username = $1 AND status = 'pending')",
        )
        .bind(username.to_owned())
        .fetch_one(self.pool())
        .await?;
        Ok(n > 0)
    }

    pub async fn submit_registration(&self, r: &NewRegistration<'_>, now: &str) -> Result<i64> {
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO producer_registrations (province_code, commune_code, form_json, username, password_hash, email, status, submitted_at) \
             VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7) RETURNING id",
        )
        .bind(r.province_code.to_owned())
        .bind(r.commune_code.map(str::to_owned))
        .bind(r.form_json.to_owned())
        .bind(r.username.to_owned())
        .bind(r.password_hash.to_owned())
        .bind(r.email.map(str::to_owned))
        .bind(now.to_owned())
        .fetch_one(&mut *tx)
        .await?;
        // The applicant is not signed in: the account name asked for stands
        // as the actor; the form is kept with the application itself.
        AuditEntry::of(r.username, "create", "producer_registration", id)
            .after(serde_json::json!({ "commune": r.commune_code, "username": r.username }))
            .commit(tx, now)
            .await?;
        Ok(id)
    }

    /// Pending applications of a province, optionally of one commune.
    pub async fn pending_registrations(
        &self,
        province: &str,
        commune: Option<&str>,
    ) -> Result<Vec<Registration>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM producer_registrations WHERE province_code = $1 AND status = 'pending' AND ($2 = '' OR commune_code = $2) ORDER BY id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(province.to_owned())
            .bind(commune.unwrap_or_default().to_owned())
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(from_row).collect()
    }

    pub async fn registration(&self, id: i64) -> Result<Option<Registration>> {
        let sql = format!("SELECT {COLUMNS} FROM producer_registrations WHERE id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// Creates the producer and its account, and closes the application.
    pub async fn approve_registration(
        &self,
        id: i64,
        producer: &Producer,
        by: By<'_>,
    ) -> Result<Created> {
        let mut tx = self.pool().begin().await?;
        let row: Option<(String, String, Option<String>, String)> = sqlx::query_as(
            "SELECT username, password_hash, email, status FROM producer_registrations WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((username, hash, email, status)) = row else {
            return Err(StoreError::NotFound(format!("đơn đăng ký #{id}")));
        };
        if !crate::codes::coded(status, "tình trạng đơn đăng ký", RegistrationStatus::parse)?
            .is_open()
        {
            return Err(StoreError::Conflict("đơn đăng ký này đã được xử lý".into()));
        }
        let created = insert_producer(&mut tx, producer, by.actor, by.at).await?;
        let user_id: i64 = sqlx::query_scalar(
            "INSERT INTO users (province_code, username, display_name, role, password_hash, created_at, producer_id, email) \
             VALUES ($1, $2, $3, 'producer', $4, $5, $6, $7) RETURNING id",
        )
        .bind(producer.province_code.as_str().to_owned())
        .bind(username.clone())
        .bind(producer.name.clone())
        .bind(hash)
        .bind(by.at.to_owned())
        .bind(created.id)
        .bind(email)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("UPDATE producer_registrations SET status = 'approved', decided_by = $2, decided_at = $3, producer_id = $4 WHERE id = $1")
            .bind(id)
            .bind(by.actor.to_owned())
            .bind(by.at.to_owned())
            .bind(created.id)
            .execute(&mut *tx)
            .await?;
        let after = serde_json::json!({ "username": username, "role": "producer", "producer_id": created.id, "registration": id });
        AuditEntry::of(by.actor, "create", "user", user_id)
            .after(after)
            .write(&mut tx, by.at)
            .await?;
        AuditEntry::of(by.actor, "approve", "registration", id)
            .before(serde_json::json!({ "status": "pending" }))
            .after(serde_json::json!({ "status": "approved", "producer": created.id }))
            .commit(tx, by.at)
            .await?;
        Ok(created)
    }

    pub async fn reject_registration(&self, id: i64, reason: &str, by: By<'_>) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        let n = sqlx::query("UPDATE producer_registrations SET status = 'rejected', decided_by = $2, decided_at = $3, reason = $4 WHERE id = $1 AND status = 'pending'")
            .bind(id)
            .bind(by.actor.to_owned())
            .bind(by.at.to_owned())
            .bind(reason.to_owned())
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n != 1 {
            return Err(StoreError::Conflict("đơn đăng ký này đã được xử lý".into()));
        }
        AuditEntry::of(by.actor, "reject", "registration", id)
            .before(serde_json::json!({ "status": "pending" }))
            .after(serde_json::json!({ "status": "rejected", "reason": reason }))
            .commit(tx, by.at)
            .await?;
        Ok(())
    }
}
