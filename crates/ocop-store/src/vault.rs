//! Kho tài liệu của chủ thể — documents kept per producer, with validity.

use crate::audit::AuditEntry;
use crate::cycle::By;
use crate::{Result, Store};
use chrono::NaiveDate;
use ocop_domain::evidence::DocumentKind;
use sqlx::Row as _;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct VaultDocument {
    pub id: i64,
    pub producer_id: i64,
    pub kind: DocumentKind,
    pub title: String,
    pub issued_on: Option<NaiveDate>,
    pub valid_until: Option<NaiveDate>,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
}

impl VaultDocument {
    /// Whether the document can still be relied on, on `today`.
    pub fn validity(&self, today: NaiveDate) -> ocop_domain::evidence::DocumentValidity {
        ocop_domain::evidence::DocumentValidity::on(self.valid_until, today)
    }
}

/// A checked document to keep.
pub struct NewDocument<'a> {
    pub producer_id: i64,
    pub kind: DocumentKind,
    pub title: &'a str,
    pub issued_on: Option<NaiveDate>,
    pub valid_until: Option<NaiveDate>,
    pub filename: &'a str,
    pub content_type: &'a str,
    pub sha256: &'a str,
    pub data: &'a [u8],
}

const COLUMNS: &str =
    "id, producer_id, kind, title, issued_on, valid_until, filename, content_type, size_bytes";

fn from_row(r: &sqlx::any::AnyRow) -> Result<VaultDocument> {
    Ok(VaultDocument {
        id: r.try_get("id")?,
        producer_id: r.try_get("producer_id")?,
        kind: crate::codes::coded(r.try_get("kind")?, "loại tài liệu", DocumentKind::parse)?,
        title: r.try_get("title")?,
        issued_on: crate::dates::maybe(r.try_get("issued_on")?)?,
        valid_until: crate::dates::maybe(r.try_get("valid_until")?)?,
        filename: r.try_get("filename")?,
        content_type: r.try_get("content_type")?,
        size_bytes: r.try_get("size_bytes")?,
    })
}

impl Store {
    pub async fn add_document(&self, d: &NewDocument<'_>, by: By<'_>) -> Result<i64> {
        let mut tx = self.pool().begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO producer_documents (producer_id, kind, title, issued_on, valid_until, filename, content_type, size_bytes, sha256, data, uploaded_by, uploaded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
        )
        .bind(d.producer_id)
        .bind(d.kind.code())
        .bind(d.title.to_owned())
        .bind(d.issued_on.map(|d| d.to_string()))
        .bind(d.valid_until.map(|d| d.to_string()))
        .bind(d.filename.to_owned())
        .bind(d.content_type.to_owned())
        .bind(i64::try_from(d.data.len()).unwrap_or(i64::MAX))
        .bind(d.sha256.to_owned())
        .bind(d.data.to_vec())
        .bind(by.actor.to_owned())
        .bind(by.at.to_owned())
        .fetch_one(&mut *tx)
        .await?;
        let after = serde_json::json!({ "kind": d.kind, "title": d.title, "valid_until": d.valid_until, "file": d.filename, "sha256": d.sha256 });
        AuditEntry::of(by.actor, "add_document", "producer", d.producer_id)
            .after(after)
            .commit(tx, by.at)
            .await?;
        Ok(id)
    }

    pub async fn documents_of(&self, producer_id: i64) -> Result<Vec<VaultDocument>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM producer_documents WHERE producer_id = $1 ORDER BY kind, id DESC"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(producer_id)
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(from_row).collect()
    }

    pub async fn document(&self, id: i64) -> Result<Option<VaultDocument>> {
        let sql = format!("SELECT {COLUMNS} FROM producer_documents WHERE id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// Puts a vault document into a dossier as evidence for a criterion
    /// (a copy: the dossier keeps what it was judged on).
    pub async fn evidence_from_document(
        &self,
        dossier_id: i64,
        state: &str,
        document_id: i64,
        criterion: &str,
        by: By<'_>,
    ) -> Result<i64> {
        let mut tx = self.pool().begin().await?;
        crate::cycle::ensure_state(&mut tx, dossier_id, state).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO evidence (dossier_id, criterion_id, filename, content_type, size_bytes, sha256, data, uploaded_by, uploaded_at) \
             SELECT $1, $2, filename, content_type, size_bytes, sha256, data, $3, $4 FROM producer_documents WHERE id = $5 RETURNING id",
        )
        .bind(dossier_id)
        .bind(criterion.to_owned())
        .bind(by.actor.to_owned())
        .bind(by.at.to_owned())
        .bind(document_id)
        .fetch_one(&mut *tx)
        .await?;
        let after = serde_json::json!({ "criterion": criterion, "from_document": document_id });
        AuditEntry::of(by.actor, "attach_evidence", "dossier", dossier_id)
            .after(after)
            .commit(tx, by.at)
            .await?;
        Ok(id)
    }
}

/// A kept document that runs out, for reminders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpiringDocument {
    pub id: i64,
    pub producer_id: i64,
    pub producer_slug: String,
    pub commune_code_2025: Option<String>,
    pub title: String,
    pub valid_until: NaiveDate,
}

impl Store {
    /// The province's kept documents valid until a day in `[from, to]`.
    pub async fn documents_ending_between(
        &self,
        province: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<ExpiringDocument>> {
        let rows: Vec<(i64, i64, String, Option<String>, String, String)> = sqlx::query_as(
            "SELECT d.id, d.producer_id, pr.slug, pr.commune_code_2025, d.title, d.valid_until \
             FROM producer_documents d JOIN producers pr ON pr.id = d.producer_id \
             WHERE pr.province_code = $1 AND d.valid_until >= $2 AND d.valid_until <= $3 ORDER BY d.id",
        )
        .bind(province.to_owned())
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(
                |(id, producer_id, producer_slug, commune_code_2025, title, valid_until)| {
                    Ok(ExpiringDocument {
                        id,
                        producer_id,
                        producer_slug,
                        commune_code_2025,
                        title,
                        valid_until: crate::dates::date(valid_until)?,
                    })
                },
            )
            .collect()
    }
}
