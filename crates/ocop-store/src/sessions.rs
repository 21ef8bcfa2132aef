//! Sessions and the account state that login needs. Tokens are never stored:
//! only their SHA-256, so a copy of the database holds no live session.

use crate::audit::AuditEntry;
use crate::{Result, Store};
use sqlx::Row as _;

/// A signed-in user with the scope of their role.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SessionUser {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub province_code: String,
    pub commune_code: Option<String>,
    pub district_code: Option<String>,
    pub agency_code: Option<String>,
    pub producer_id: Option<i64>,
    pub must_change_password: bool,
    /// Chức danh, as documents print it under the name; `None` until set.
    pub position: Option<String>,
}

/// What login needs to know about an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginAccount {
    pub id: i64,
    pub password_hash: String,
    pub disabled: bool,
}

const USER_COLUMNS: &str = "u.id, u.username, u.display_name, u.role, u.province_code, u.commune_code, u.district_code, \
     u.agency_code, u.producer_id, u.must_change_password, u.position";

fn user_from_row(r: &sqlx::any::AnyRow) -> Result<SessionUser> {
    Ok(SessionUser {
        id: r.try_get("id")?,
        username: r.try_get("username")?,
        display_name: r.try_get("display_name")?,
        role: r.try_get("role")?,
        province_code: r.try_get("province_code")?,
        commune_code: r.try_get("commune_code")?,
        district_code: r.try_get("district_code")?,
        agency_code: r.try_get("agency_code")?,
        producer_id: r.try_get("producer_id")?,
        must_change_password: r.try_get::<i64, _>("must_change_password")? != 0,
        position: r.try_get("position")?,
    })
}

impl Store {
    pub async fn login_account(&self, username: &str) -> Result<Option<LoginAccount>> {
        let row = sqlx::query("SELECT id, password_hash, disabled FROM users WHERE username = $1")
            .bind(username.to_owned())
            .fetch_optional(self.pool())
            .await?;
        row.map(|r| {
            Ok(LoginAccount {
                id: r.try_get("id")?,
                password_hash: r.try_get("password_hash")?,
                disabled: r.try_get::<i64, _>("disabled")? != 0,
            })
        })
        .transpose()
    }

    /// A successful login: clears the counters and opens a session.
    pub async fn open_session(
        &self,
        user_id: i64,
        token_hash: &str,
        now: &str,
        expires_at: &str,
    ) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        sqlx::query("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $3, $4)")
            .bind(token_hash.to_owned())
            .bind(user_id)
            .bind(now.to_owned())
            .bind(expires_at.to_owned())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The session's user if it is neither past its absolute end nor idle
    /// since before `idle_since`; a dead session is deleted. A live one is
    /// marked seen at `now`.
    pub async fn session_user(
        &self,
        token_hash: &str,
        now: &str,
        idle_since: &str,
    ) -> Result<Option<SessionUser>> {
        let sql = format!(
            "SELECT {USER_COLUMNS}, s.expires_at, s.last_seen_at FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND u.disabled = 0"
        );
        let Some(row) = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(token_hash.to_owned())
            .fetch_optional(self.pool())
            .await?
        else {
            return Ok(None);
        };
        let expires_at: String = row.try_get("expires_at")?;
        let last_seen: String = row.try_get("last_seen_at")?;
        if expires_at.as_str() <= now || last_seen.as_str() < idle_since {
            self.close_session(token_hash).await?;
            return Ok(None);
        }
        sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1")
            .bind(token_hash.to_owned())
            .bind(now.to_owned())
            .execute(self.pool())
            .await?;
        Ok(Some(user_from_row(&row)?))
    }

    pub async fn close_session(&self, token_hash: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash.to_owned())
            .execute(self.pool())
            .await?;
        Ok(())
    }

    pub async fn count_sessions(&self, user_id: i64) -> Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT count(*) FROM sessions WHERE user_id = $1")
                .bind(user_id)
                .fetch_one(self.pool())
                .await?,
        )
    }

    /// Sets a new password hash, ends every session but `keep`, and records
    /// who did it (the hash itself never enters the audit log).
    pub async fn set_password(
        &self,
        user_id: i64,
        hash: &str,
        must_change: bool,
        keep: Option<&str>,
        actor: &str,
        now: &str,
    ) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        sqlx::query("UPDATE users SET password_hash = $2, must_change_password = $3, failed_logins = 0, locked_until = NULL WHERE id = $1")
            .bind(user_id)
            .bind(hash.to_owned())
            .bind(i64::from(must_change))
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
            .bind(user_id)
            .bind(keep.unwrap_or_default().to_owned())
            .execute(&mut *tx)
            .await?;
        let action = if must_change {
            "reset_password"
        } else {
            "change_password"
        };
        AuditEntry::of(actor, action, "user", user_id)
            .after(serde_json::json!({ "must_change_password": must_change }))
            .commit(tx, now)
            .await?;
        Ok(())
    }

    /// Accounts for the administrator's list.
    pub async fn list_users(&self) -> Result<Vec<SessionUser>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users u ORDER BY u.username");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(user_from_row).collect()
    }

    /// Sets the scope of an account (commune, district, agency or producer).
    pub async fn set_user_scope(
        &self,
        username: &str,
        commune: Option<&str>,
        district: Option<&str>,
        agency: Option<&str>,
        producer_id: Option<i64>,
    ) -> Result<u64> {
        Ok(sqlx::query(
            "UPDATE users SET commune_code = $2, district_code = $3, agency_code = $4, producer_id = $5 WHERE username = $1",
        )
        .bind(username.to_owned())
        .bind(commune.map(str::to_owned))
        .bind(district.map(str::to_owned))
        .bind(agency.map(str::to_owned))
        .bind(producer_id)
        .execute(self.pool())
        .await?
        .rows_affected())
    }
}
