//! The platform's signing key for certificates, made once at install and
//! shared by every instance through the database.

use crate::{Result, Store};

impl Store {
    /// The key stored for `purpose`, creating it from `candidate` when there
    /// is none; when two instances race, the first insert wins and both read it.
    pub async fn ensure_key(
        &self,
        purpose: &str,
        candidate: (&str, &str),
        now: &str,
    ) -> Result<(String, String)> {
        sqlx::query(
            "INSERT INTO platform_keys (purpose, secret, public, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (purpose) DO NOTHING",
        )
        .bind(purpose.to_owned())
        .bind(candidate.0.to_owned())
        .bind(candidate.1.to_owned())
        .bind(now.to_owned())
        .execute(self.pool())
        .await?;
        Ok(
            sqlx::query_as("SELECT secret, public FROM platform_keys WHERE purpose = $1")
                .bind(purpose.to_owned())
                .fetch_one(self.pool())
                .await?,
        )
    }
}
