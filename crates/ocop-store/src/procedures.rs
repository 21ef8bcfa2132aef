//! Văn bản quy trình — which procedures' official texts an administrator has
//! verified (a reported decision applies only from then).

use crate::audit::AuditEntry;
use crate::{Result, Store};

/// A verified procedure text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcedureText {
    pub code: String,
    pub reference: String,
    pub verified_by: String,
    pub verified_at: chrono::DateTime<chrono::Utc>,
}

impl Store {
    pub async fn procedure_texts(&self) -> Result<Vec<ProcedureText>> {
        let rows: Vec<(String, String, String, String)> = sqlx::query_as(
            "SELECT code, reference, verified_by, verified_at FROM procedure_texts ORDER BY code",
        )
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|(code, reference, verified_by, verified_at)| {
                Ok(ProcedureText {
                    code,
                    reference,
                    verified_by,
                    verified_at: crate::dates::stamp(verified_at)?,
                })
            })
            .collect()
    }

    /// Records that `code`'s official text was checked (`reference`: where
    /// it was read), audited; a second verification changes nothing.
    pub async fn verify_procedure_text(
        &self,
        code: &str,
        reference: &str,
        actor: &str,
        now: &str,
    ) -> Result<bool> {
        let mut tx = self.pool().begin().await?;
        let done = sqlx::query(
            "INSERT INTO procedure_texts (code, reference, verified_by, verified_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (code) DO NOTHING",
        )
        .bind(code.to_owned())
        .bind(reference.to_owned())
        .bind(actor.to_owned())
        .bind(now.to_owned())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if done == 1 {
            AuditEntry::of(actor, "procedure.verify", "procedure", code.to_owned())
                .after(serde_json::json!({ "reference": reference }))
                .write(&mut tx, now)
                .await?;
        }
        // Public pages are kept per data signature: this is public too.
        crate::snapshot::bump(&mut tx).await?;
        tx.commit().await?;
        Ok(done == 1)
    }
}
