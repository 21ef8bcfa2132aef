//! Accounts (tài khoản). Roles and sessions grow with the back-office; for now
//! the store keeps who may sign in and with which password hash.

use crate::audit::AuditEntry;
use crate::{Result, Store};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    pub province_code: String,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub password_hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRecord {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub password_hash: String,
}

impl Store {
    pub async fn count_users(&self) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT count(*) FROM users")
            .fetch_one(self.pool())
            .await?)
    }

    /// Creates the account and records it in the audit log, in one
    /// transaction. Fails with a unique violation when the username is taken.
    pub async fn create_user(&self, user: &NewUser, actor: &str, now: &str) -> Result<i64> {
        let mut tx = self.pool().begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO users (province_code, username, display_name, role, password_hash, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(user.province_code.clone())
        .bind(user.username.clone())
        .bind(user.display_name.clone())
        .bind(user.role.clone())
        .bind(user.password_hash.clone())
        .bind(now.to_owned())
        .fetch_one(&mut *tx)
        .await?;
        // The hash is a secret: the audit trail records who and what, not it.
        let after = serde_json::json!({ "username": user.username, "role": user.role, "province_code": user.province_code });
        AuditEntry::of(actor, "create", "user", id)
            .after(after)
            .commit(tx, now)
            .await?;
        Ok(id)
    }

    pub async fn user_by_username(&self, username: &str) -> Result<Option<UserRecord>> {
        let row: Option<(i64, String, String, String, String)> = sqlx::query_as(
            "SELECT id, username, display_name, role, password_hash FROM users WHERE username = $1",
        )
        .bind(username.to_owned())
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(
            |(id, username, display_name, role, password_hash)| UserRecord {
                id,
                username,
                display_name,
                role,
                password_hash,
            },
        ))
    }

    /// Audit entries for an entity, oldest first.
    pub async fn audit_entries(
        &self,
        entity: &str,
        entity_id: &str,
    ) -> Result<Vec<crate::audit::AuditRow>> {
        let filter = crate::audit::AuditFilter {
            entity: entity.to_owned(),
            entity_id: entity_id.to_owned(),
            ..Default::default()
        };
        let mut rows = self.audit_search(&filter, i64::MAX).await?;
        rows.reverse();
        Ok(rows)
    }
}
