//! Counters that limit what one client (or everyone together) may ask for:
//! sign-in attempts per key and request budgets per window. Each count is one
//! atomic statement (`INSERT … ON CONFLICT … DO UPDATE … RETURNING`), so a
//! hundred parallel requests get a hundred distinct numbers on both engines
//! and on every instance — no read-then-write that a race can pass.

use crate::{Result, Store};
use sqlx::Row as _;

/// One attempt's place in its key's window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptCount {
    /// Attempts in the current window, this one included.
    pub failures: i64,
    /// When the window started (RFC 3339, UTC).
    pub window_start: String,
}

impl Store {
    /// Counts a sign-in attempt against `key` before its password is checked.
    /// A window older than `window_from` starts over at this attempt.
    pub async fn count_login_attempt(
        &self,
        key: &str,
        now: &str,
        window_from: &str,
    ) -> Result<AttemptCount> {
        let row = sqlx::query(
            "INSERT INTO login_attempts (key, failures, window_start, last_at) VALUES ($1, 1, $2, $2) \
             ON CONFLICT (key) DO UPDATE SET \
               failures = CASE WHEN login_attempts.window_start < $3 THEN 1 ELSE login_attempts.failures + 1 END, \
               window_start = CASE WHEN login_attempts.window_start < $3 THEN $2 ELSE login_attempts.window_start END, \
               last_at = $2 \
             RETURNING failures, window_start",
        )
        .bind(key.to_owned())
        .bind(now.to_owned())
        .bind(window_from.to_owned())
        .fetch_one(self.pool())
        .await?;
        Ok(AttemptCount {
            failures: row.try_get("failures")?,
            window_start: row.try_get("window_start")?,
        })
    }

    /// Attempts recorded against `key` in a window that began at or after
    /// `window_from` (0 when none), without counting one.
    pub async fn login_failures(&self, key: &str, window_from: &str) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "SELECT failures FROM login_attempts WHERE key = $1 AND window_start >= $2",
        )
        .bind(key.to_owned())
        .bind(window_from.to_owned())
        .fetch_optional(self.pool())
        .await?
        .unwrap_or(0))
    }

    /// Takes back one counted attempt (it succeeded).
    pub async fn uncount_login_attempt(&self, key: &str) -> Result<()> {
        sqlx::query(
            "UPDATE login_attempts SET failures = failures - 1 WHERE key = $1 AND failures > 0",
        )
        .bind(key.to_owned())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Forgets the attempts of these keys (a successful sign-in, or an
    /// administrator unlocking an account).
    pub async fn clear_login_attempts(&self, keys: &[String]) -> Result<()> {
        let mut tx = self.begin_write().await?;
        for key in keys {
            sqlx::query("DELETE FROM login_attempts WHERE key = $1")
                .bind(key.clone())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Forgets every attempt whose key starts with `prefix` (all addresses of
    /// one account).
    pub async fn clear_login_attempts_like(&self, prefix: &str) -> Result<u64> {
        let pattern = format!(
            "{}%",
            prefix
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        Ok(
            sqlx::query("DELETE FROM login_attempts WHERE key LIKE $1 ESCAPE '\\'")
                .bind(pattern)
                .execute(self.pool())
                .await?
                .rows_affected(),
        )
    }

    /// Keys over their limit in windows that began at or after `window_from`:
    /// `pair:` keys above `pair_limit`, `acct:` keys above `account_limit`.
    pub async fn login_keys_over(
        &self,
        window_from: &str,
        pair_limit: i64,
        account_limit: i64,
    ) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT key FROM login_attempts WHERE window_start >= $1 AND \
             ((key LIKE 'pair:%' AND failures > $2) OR (key LIKE 'acct:%' AND failures > $3)) ORDER BY key",
        )
        .bind(window_from.to_owned())
        .bind(pair_limit)
        .bind(account_limit)
        .fetch_all(self.pool())
        .await?)
    }

    /// Whether the account has signed in from this address since `since`.
    pub async fn is_known_address(
        &self,
        user_id: i64,
        address_key: &str,
        since: &str,
    ) -> Result<bool> {
        let n: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM login_known_addresses WHERE user_id = $1 AND address_key = $2 AND last_at >= $3",
        )
        .bind(user_id)
        .bind(address_key.to_owned())
        .bind(since.to_owned())
        .fetch_one(self.pool())
        .await?;
        Ok(n > 0)
    }

    pub async fn remember_address(&self, user_id: i64, address_key: &str, now: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO login_known_addresses (user_id, address_key, last_at) VALUES ($1, $2, $3) \
             ON CONFLICT (user_id, address_key) DO UPDATE SET last_at = $3",
        )
        .bind(user_id)
        .bind(address_key.to_owned())
        .bind(now.to_owned())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Takes one unit of `bucket`'s budget for the window starting at
    /// `window_start`; returns how many the window has used, this one
    /// included. The caller refuses when that exceeds its limit — the count
    /// has no read-then-write gap for parallel requests to pass through.
    pub async fn take_budget(&self, bucket: &str, window_start: &str) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO request_budgets (bucket, window_start, hits) VALUES ($1, $2, 1) \
             ON CONFLICT (bucket, window_start) DO UPDATE SET hits = request_budgets.hits + 1 \
             RETURNING hits",
        )
        .bind(bucket.to_owned())
        .bind(window_start.to_owned())
        .fetch_one(self.pool())
        .await?)
    }

    /// Drops budget windows that started before `before`.
    pub async fn prune_budgets(&self, before: &str) -> Result<u64> {
        Ok(
            sqlx::query("DELETE FROM request_budgets WHERE window_start < $1")
                .bind(before.to_owned())
                .execute(self.pool())
                .await?
                .rows_affected(),
        )
    }
}

impl Store {
    /// A tiny write, for `/healthz`: fails when the database cannot write
    /// (a full disk, a read-only file, a server in recovery).
    pub async fn write_probe(&self, now: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO health_probe (id, at) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET at = $1",
        )
        .bind(now.to_owned())
        .execute(self.pool())
        .await?;
        Ok(())
    }
}
