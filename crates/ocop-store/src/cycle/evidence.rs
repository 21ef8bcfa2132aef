//! Minh chứng — a dossier's evidence files, stored as rows.

use super::*;
use crate::audit::AuditEntry;

/// An evidence file as listed (without its bytes).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct EvidenceLine {
    pub id: i64,
    pub criterion_id: String,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub uploaded_by: String,
    pub uploaded_at: chrono::DateTime<chrono::Utc>,
}

/// A checked file to attach.
pub struct NewEvidence<'a> {
    pub criterion_id: &'a str,
    pub filename: &'a str,
    pub content_type: &'a str,
    pub sha256: &'a str,
    pub data: &'a [u8],
}

impl Store {
    /// Attaches a file while the dossier is in `state` (draft or returned).
    pub async fn add_evidence(
        &self,
        dossier_id: i64,
        state: &str,
        e: &NewEvidence<'_>,
        by: By<'_>,
    ) -> Result<i64> {
        let mut tx = self.pool().begin().await?;
        ensure_state(&mut tx, dossier_id, state).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO evidence (dossier_id, criterion_id, filename, content_type, size_bytes, sha256, data, uploaded_by, uploaded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(dossier_id)
        .bind(e.criterion_id.to_owned())
        .bind(e.filename.to_owned())
        .bind(e.content_type.to_owned())
        .bind(i64::try_from(e.data.len()).unwrap_or(i64::MAX))
        .bind(e.sha256.to_owned())
        .bind(e.data.to_vec())
        .bind(by.actor.to_owned())
        .bind(by.at.to_owned())
        .fetch_one(&mut *tx)
        .await?;
        let after = serde_json::json!({ "criterion": e.criterion_id, "file": e.filename, "type": e.content_type, "bytes": e.data.len(), "sha256": e.sha256 });
        AuditEntry::of(by.actor, "attach_evidence", "dossier", dossier_id)
            .after(after)
            .commit(tx, by.at)
            .await?;
        Ok(id)
    }

    pub async fn evidence_lines(&self, dossier_id: i64) -> Result<Vec<EvidenceLine>> {
        let rows = sqlx::query(
            "SELECT id, criterion_id, filename, content_type, size_bytes, uploaded_by, uploaded_at FROM evidence WHERE dossier_id = $1 ORDER BY id",
        )
        .bind(dossier_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(EvidenceLine {
                    id: r.try_get("id")?,
                    criterion_id: r.try_get("criterion_id")?,
                    filename: r.try_get("filename")?,
                    content_type: r.try_get("content_type")?,
                    size_bytes: r.try_get("size_bytes")?,
                    uploaded_by: r.try_get("uploaded_by")?,
                    uploaded_at: crate::dates::stamp(r.try_get("uploaded_at")?)?,
                })
            })
            .collect()
    }

    /// A file's name, type and bytes.
    pub async fn evidence_file(
        &self,
        dossier_id: i64,
        id: i64,
    ) -> Result<Option<(String, String, Vec<u8>)>> {
        Ok(sqlx::query_as(
            "SELECT filename, content_type, data FROM evidence WHERE dossier_id = $1 AND id = $2",
        )
        .bind(dossier_id)
        .bind(id)
        .fetch_optional(self.pool())
        .await?)
    }

    pub async fn count_evidence(&self, dossier_id: i64) -> Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT count(*) FROM evidence WHERE dossier_id = $1")
                .bind(dossier_id)
                .fetch_one(self.pool())
                .await?,
        )
    }
}
