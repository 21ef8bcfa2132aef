//! Criteria versions and sets. A new version arrives as a draft (checked and
//! previewed), then is published with its effective date; published sets are
//! never changed, so every evaluation can point at the text it used.

use crate::audit::AuditEntry;
use crate::{Result, Store, StoreError};
use chrono::NaiveDate;
use ocop_domain::criteria::VersionStatus;
use sqlx::Row as _;

fn version_status(code: String) -> Result<VersionStatus> {
    crate::codes::coded(
        code,
        "tình trạng phiên bản bộ tiêu chí",
        VersionStatus::parse,
    )
}

/// One version of the rules (one national decision).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CriteriaVersion {
    pub version: String,
    pub title: String,
    pub decision: String,
    pub decision_date: Option<NaiveDate>,
    pub legal_reference: String,
    pub effective_from: NaiveDate,
    pub effective_until: Option<NaiveDate>,
    pub source: Option<String>,
    /// Only the parts' structure is known (no criteria to score with).
    pub structure_only: bool,
    /// The content was checked against public facts (false: reported only).
    pub verified: bool,
    /// The parts as JSON: `[{"code":"A","title":…,"max":40}, …]`.
    pub parts_json: String,
    pub status: VersionStatus,
    pub published_at: Option<chrono::DateTime<chrono::Utc>>,
    pub published_by: Option<String>,
}

/// A set as lists show it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CriteriaSetSummary {
    pub id: String,
    pub version: String,
    pub number: i64,
    pub name: String,
    pub group_code: String,
    pub lead_agency: String,
    pub flag_count: i64,
}

/// A set to store: its summary fields and the whole document as JSON.
#[derive(Debug, Clone)]
pub struct NewCriteriaSet {
    pub summary: CriteriaSetSummary,
    pub document: String,
}

fn version_from_row(r: &sqlx::any::AnyRow) -> Result<CriteriaVersion> {
    Ok(CriteriaVersion {
        version: r.try_get("version")?,
        title: r.try_get("title")?,
        decision: r.try_get("decision")?,
        decision_date: crate::dates::maybe(r.try_get("decision_date")?)?,
        legal_reference: r.try_get("legal_reference")?,
        effective_from: crate::dates::date(r.try_get("effective_from")?)?,
        effective_until: crate::dates::maybe(r.try_get("effective_until")?)?,
        source: r.try_get("source")?,
        structure_only: r.try_get::<i64, _>("structure_only")? != 0,
        verified: r.try_get::<i64, _>("verified")? != 0,
        parts_json: r.try_get("parts_json")?,
        status: version_status(r.try_get("status")?)?,
        published_at: crate::dates::maybe_stamp(r.try_get("published_at")?)?,
        published_by: r.try_get("published_by")?,
    })
}

// Booleans are read as integers: the Any driver cannot decode SQLite's BOOLEAN.
const VERSION_COLUMNS: &str = "version, title, decision, decision_date, legal_reference, effective_from, effective_until, \
     source, CAST(structure_only AS INTEGER) AS structure_only, CAST(verified AS INTEGER) AS verified, parts_json, status, \
     published_at, published_by";

impl Store {
    /// Every version, newest in force first.
    pub async fn criteria_versions(&self) -> Result<Vec<CriteriaVersion>> {
        let sql = format!(
            "SELECT {VERSION_COLUMNS} FROM criteria_versions ORDER BY effective_from DESC, version"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(version_from_row).collect()
    }

    pub async fn criteria_version(&self, version: &str) -> Result<Option<CriteriaVersion>> {
        let sql = format!("SELECT {VERSION_COLUMNS} FROM criteria_versions WHERE version = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(version.to_owned())
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(version_from_row).transpose()
    }

    pub async fn criteria_sets_of(&self, version: &str) -> Result<Vec<CriteriaSetSummary>> {
        let rows: Vec<(String, String, i64, String, String, String, i64)> = sqlx::query_as(
            "SELECT id, version, number, name, group_code, lead_agency, flag_count FROM criteria_sets \
             WHERE version = $1 ORDER BY number",
        )
        .bind(version.to_owned())
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(id, version, number, name, group_code, lead_agency, flag_count)| {
                    CriteriaSetSummary {
                        id,
                        version,
                        number,
                        name,
                        group_code,
                        lead_agency,
                        flag_count,
                    }
                },
            )
            .collect())
    }

    /// A set's document (JSON) and its version's status.
    /// A set's stored document and its version's status.
    pub async fn criteria_set_document(&self, id: &str) -> Result<Option<(String, VersionStatus)>> {
        let row: Option<(String, String)> = sqlx::query_as(
            "SELECT s.document, v.status FROM criteria_sets s JOIN criteria_versions v ON v.version = s.version WHERE s.id = $1",
        )
        .bind(id.to_owned())
        .fetch_optional(self.pool())
        .await?;
        row.map(|(doc, status)| Ok((doc, version_status(status)?)))
            .transpose()
    }

    /// Stores a new version and its sets as a draft, in one transaction.
    pub async fn import_criteria_version(
        &self,
        v: &CriteriaVersion,
        sets: &[NewCriteriaSet],
        actor: &str,
        now: &str,
    ) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        let exists: i64 =
            sqlx::query_scalar("SELECT count(*) FROM criteria_versions WHERE version = $1")
                .bind(v.version.clone())
                .fetch_one(&mut *tx)
                .await?;
        if exists > 0 {
            // A unique key taken: a conflict the person can resolve.
            return Err(StoreError::Conflict(format!(
                "phiên bản \"{}\" đã có; đặt tên phiên bản khác (bộ tiêu chí đã ban hành không được sửa)",
                v.version
            )));
        }
        sqlx::query(
            "INSERT INTO criteria_versions (version, title, decision, decision_date, legal_reference, effective_from, \
             effective_until, source, structure_only, verified, parts_json, status, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'draft', $12)",
        )
        .bind(v.version.clone())
        .bind(v.title.clone())
        .bind(v.decision.clone())
        .bind(v.decision_date.map(|d| d.to_string()))
        .bind(v.legal_reference.clone())
        .bind(v.effective_from.to_string())
        .bind(v.effective_until.map(|d| d.to_string()))
        .bind(v.source.clone())
        .bind(v.structure_only)
        .bind(v.verified)
        .bind(v.parts_json.clone())
        .bind(now.to_owned())
        .execute(&mut *tx)
        .await?;
        for s in sets {
            sqlx::query(
                "INSERT INTO criteria_sets (id, version, number, name, group_code, lead_agency, flag_count, document, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(s.summary.id.clone())
            .bind(v.version.clone())
            .bind(s.summary.number)
            .bind(s.summary.name.clone())
            .bind(s.summary.group_code.clone())
            .bind(s.summary.lead_agency.clone())
            .bind(s.summary.flag_count)
            .bind(s.document.clone())
            .bind(now.to_owned())
            .execute(&mut *tx)
            .await?;
        }
        AuditEntry::of(actor, "import", "criteria_version", v.version.clone())
            .after(serde_json::json!({ "title": v.title, "sets": sets.len(), "status": "draft" }))
            .commit_public(tx, now)
            .await?;
        Ok(())
    }

    /// Publishes a draft version with its effective date; `Ok(false)` when
    /// there is no such version, a conflict when it was published already.
    pub async fn publish_criteria_version(
        &self,
        version: &str,
        effective_from: NaiveDate,
        actor: &str,
        now: &str,
    ) -> Result<bool> {
        let mut tx = self.pool().begin().await?;
        let Some(row) =
            sqlx::query("SELECT status, effective_from FROM criteria_versions WHERE version = $1")
                .bind(version.to_owned())
                .fetch_optional(&mut *tx)
                .await?
        else {
            return Ok(false);
        };
        let status = version_status(row.try_get("status")?)?;
        let before: String = row.try_get("effective_from")?;
        if status == VersionStatus::Published {
            return Err(StoreError::Conflict(format!(
                "Phiên bản \"{version}\" đã ban hành; bộ tiêu chí đã ban hành không được sửa."
            )));
        }
        // Only from a draft: two people publishing at once publish once.
        let moved = sqlx::query(
            "UPDATE criteria_versions SET status = 'published', effective_from = $2, published_at = $3, published_by = $4 \
             WHERE version = $1 AND status = 'draft'",
        )
        .bind(version.to_owned())
        .bind(effective_from.to_string())
        .bind(now.to_owned())
        .bind(actor.to_owned())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if moved != 1 {
            return Err(StoreError::Conflict(format!(
                "Phiên bản \"{version}\" vừa được người khác ban hành."
            )));
        }
        AuditEntry::of(actor, "publish", "criteria_version", version.to_owned())
            .before(serde_json::json!({ "status": status.code(), "effective_from": before }))
            .after(serde_json::json!({ "status": "published", "effective_from": effective_from }))
            .commit_public(tx, now)
            .await?;
        Ok(true)
    }
}
