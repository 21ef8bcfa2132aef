//! Counters that limit what one client (or everyone together) may ask for:
//! sign-in attempts per key and request budgets per window. Each count is one
//! atomic statement (`INSERT … ON CONFLICT … DO UPDATE … RETURNING`), so a
//! hundred parallel requests get a hundred distinct numbers on both engines
//! and on every instance — no read-then-write that a race can pass.

use crate::{Result, Store};
use sqlx::Row as _;

/// How many times a window can double: 15 minutes grows to 16 hours.
pub const MAX_LEVEL: usize = 6;

/// One attempt's place in its key's window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptCount {
    /// Attempts in the current window, this one included.
    pub failures: i64,
    /// When the window (and so a lock) ends (RFC 3339, UTC).
    pub window_end: String,
}

impl Store {
    /// Counts a sign-in attempt against `key` before its password is checked.
    ///
    /// A window that has ended starts over at this attempt, one level longer
    /// when it ended locked (more than `limit` attempts) and one level
    /// shorter when it did not: `ends[level]` is when a window starting now
    /// would end at each level. So an attacker who waits out a lock and
    /// tries again waits twice as long the next time, up to
    /// `ends[MAX_LEVEL]`, while a person who mistyped a few times is back to
    /// the shortest window soon.
    pub async fn count_login_attempt(
        &self,
        key: &str,
        now: &str,
        limit: i64,
        ends: &[String; MAX_LEVEL + 1],
    ) -> Result<AttemptCount> {
        // SET expressions see the row as it was: the new level is written
        // out where the new end needs it.
        let level = "CASE WHEN login_attempts.failures > $3 \
             THEN (CASE WHEN login_attempts.level >= 6 THEN 6 ELSE login_attempts.level + 1 END) \
             ELSE (CASE WHEN login_attempts.level <= 0 THEN 0 ELSE login_attempts.level - 1 END) END";
        let sql = format!(
            "INSERT INTO login_attempts (key, failures, window_start, window_end, level, last_at) \
             VALUES ($1, 1, $2, $4, 0, $2) \
             ON CONFLICT (key) DO UPDATE SET \
               failures = CASE WHEN login_attempts.window_end <= $2 THEN 1 ELSE login_attempts.failures + 1 END, \
               window_start = CASE WHEN login_attempts.window_end <= $2 THEN $2 ELSE login_attempts.window_start END, \
               level = CASE WHEN login_attempts.window_end <= $2 THEN {level} ELSE login_attempts.level END, \
               window_end = CASE WHEN login_attempts.window_end <= $2 THEN \
                 (CASE {level} WHEN 0 THEN $4 WHEN 1 THEN $5 WHEN 2 THEN $6 WHEN 3 THEN $7 WHEN 4 THEN $8 WHEN 5 THEN $9 ELSE $10 END) \
                 ELSE login_attempts.window_end END, \
               last_at = $2 \
             RETURNING failures, window_end"
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(key.to_owned())
            .bind(now.to_owned())
            .bind(limit);
        for end in ends {
            q = q.bind(end.clone());
        }
        let row = q.fetch_one(self.pool()).await?;
        Ok(AttemptCount {
            failures: row.try_get("failures")?,
            window_end: row.try_get("window_end")?,
        })
    }

    /// Attempts counted against `key` in its current or last window.
    pub async fn login_failures(&self, key: &str) -> Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT failures FROM login_attempts WHERE key = $1")
                .bind(key.to_owned())
                .fetch_optional(self.pool())
                .await?
                .unwrap_or(0),
        )
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

    /// Keys over their limit in windows still running at `now`: `pair:`
    /// keys above `pair_limit`, `acct:` keys above `account_limit`.
    pub async fn login_keys_over(
        &self,
        now: &str,
        pair_limit: i64,
        account_limit: i64,
    ) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT key FROM login_attempts WHERE window_end > $1 AND \
             ((key LIKE 'pair:%' AND failures > $2) OR (key LIKE 'acct:%' AND failures > $3)) ORDER BY key",
        )
        .bind(now.to_owned())
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
