//! Tổ tư vấn — who advises in which round.

use crate::audit::AuditEntry;
use crate::cycle::By;
use crate::{Result, Store};

impl Store {
    pub async fn add_advisory_member(
        &self,
        round_id: i64,
        username: &str,
        by: By<'_>,
    ) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        sqlx::query("INSERT INTO advisory_members (round_id, username) VALUES ($1, $2)")
            .bind(round_id)
            .bind(username.to_owned())
            .execute(&mut *tx)
            .await?;
        let after = serde_json::json!({ "round": round_id, "adviser": username });
        AuditEntry::of(by.actor, "add_adviser", "round", round_id)
            .after(after)
            .commit(tx, by.at)
            .await?;
        Ok(())
    }

    pub async fn advisory_members(&self, round_id: i64) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT username FROM advisory_members WHERE round_id = $1 ORDER BY username",
        )
        .bind(round_id)
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn rounds_of_adviser(&self, username: &str) -> Result<Vec<i64>> {
        Ok(
            sqlx::query_scalar("SELECT round_id FROM advisory_members WHERE username = $1")
                .bind(username.to_owned())
                .fetch_all(self.pool())
                .await?,
        )
    }
}
