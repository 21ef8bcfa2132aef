//! Việc nhập dữ liệu — imports as rows claimed by workers. Starting an
//! import writes its row (the kept upload, the column mapping, who asked);
//! any instance's worker claims it with a lease, and a lease that runs out
//! (the instance stopped mid-import) lets another claim it again. The
//! import itself is one transaction, so a claim that dies leaves nothing
//! half-written and the next claim starts it over.

use crate::{Result, Store};
use sqlx::Row as _;

/// Where an import stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobState {
    /// Queued or being written (đang nhập).
    Running,
    /// A cancel was asked; the worker stops at its next row.
    Cancelling,
    /// Every row written (đã nhập xong).
    Done,
    /// Stopped before its end; nothing was written.
    Cancelled,
    /// Refused or broken; nothing was written.
    Failed,
}

impl JobState {
    pub fn code(self) -> &'static str {
        match self {
            Self::Running => "running",
            Self::Cancelling => "cancelling",
            Self::Done => "done",
            Self::Cancelled => "cancelled",
            Self::Failed => "failed",
        }
    }

    pub const ALL: [Self; 5] = [
        Self::Running,
        Self::Cancelling,
        Self::Done,
        Self::Cancelled,
        Self::Failed,
    ];

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    fn decode(code: String) -> Result<Self> {
        crate::codes::coded(code, "tình trạng việc nhập", Self::parse)
    }

    /// Still being worked on (the page refreshes itself).
    pub fn is_working(self) -> bool {
        matches!(self, Self::Running | Self::Cancelling)
    }
}

/// An import running in the background, as its page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportJob {
    pub id: i64,
    pub filename: String,
    pub status: JobState,
    pub rows_total: i64,
    pub rows_done: i64,
    /// What it did, once done.
    pub outcome: Option<crate::import::Outcome>,
    pub error: Option<String>,
}

/// What a worker needs to run a claimed import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimedJob {
    pub id: i64,
    /// `Cancelling` when a cancel was asked before the claim.
    pub status: JobState,
    pub upload_id: i64,
    pub mapping_json: String,
    pub province_code: String,
    pub created_by: String,
}

/// A queued import as it is written.
pub struct NewJob<'a> {
    pub filename: &'a str,
    pub rows_total: i64,
    pub upload_id: i64,
    pub mapping_json: &'a str,
    pub province_code: &'a str,
    pub actor: &'a str,
}

impl Store {
    /// Queues an import (status `running`, unclaimed): the page shows it at
    /// once, and a worker takes it.
    pub async fn create_import_job(&self, j: &NewJob<'_>, now: &str) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO import_jobs (filename, status, rows_total, rows_done, created_by, created_at, updated_at, \
             upload_id, mapping_json, province_code) \
             VALUES ($1, 'running', $2, 0, $3, $4, $4, $5, $6, $7) RETURNING id",
        )
        .bind(j.filename.to_owned())
        .bind(j.rows_total)
        .bind(j.actor.to_owned())
        .bind(now.to_owned())
        .bind(j.upload_id)
        .bind(j.mapping_json.to_owned())
        .bind(j.province_code.to_owned())
        .fetch_one(self.pool())
        .await?)
    }

    /// Claims the oldest import nobody holds (never claimed, or its lease
    /// ran out), holding it until `lease_until`. The condition is checked
    /// again by the update itself, so two workers never both win a job.
    pub async fn claim_import_job(
        &self,
        now: &str,
        lease_until: &str,
    ) -> Result<Option<ClaimedJob>> {
        const FREE: &str = "status IN ('running', 'cancelling') AND upload_id IS NOT NULL \
             AND (lease_until IS NULL OR lease_until < $1)";
        if !self.anything_due("import_jobs", FREE, now).await? {
            return Ok(None);
        }
        // PostgreSQL: a row another worker is claiming is skipped, not waited
        // for (SQLite has one writer).
        let skip = if self.backend() == crate::Backend::Postgres {
            " FOR UPDATE SKIP LOCKED"
        } else {
            ""
        };
        let sql = format!(
            "UPDATE import_jobs SET lease_until = $2, updated_at = $1 \
             WHERE id = (SELECT id FROM import_jobs WHERE {FREE} ORDER BY id LIMIT 1{skip}) AND {FREE} \
             RETURNING id, status, upload_id, mapping_json, province_code, created_by"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(now.to_owned())
            .bind(lease_until.to_owned())
            .fetch_optional(self.pool())
            .await?;
        row.map(|r| {
            Ok(ClaimedJob {
                id: r.try_get("id")?,
                status: JobState::decode(r.try_get("status")?)?,
                upload_id: r.try_get("upload_id")?,
                mapping_json: r
                    .try_get::<Option<String>, _>("mapping_json")?
                    .unwrap_or_default(),
                province_code: r
                    .try_get::<Option<String>, _>("province_code")?
                    .unwrap_or_default(),
                created_by: r.try_get("created_by")?,
            })
        })
        .transpose()
    }

    /// The bytes of a kept upload, whoever kept it (for the worker).
    pub async fn upload_bytes(&self, id: i64) -> Result<Option<Vec<u8>>> {
        Ok(
            sqlx::query_scalar("SELECT data FROM import_uploads WHERE id = $1")
                .bind(id)
                .fetch_optional(self.pool())
                .await?,
        )
    }

    /// Records progress and extends the lease; false when a cancel was
    /// asked for.
    pub async fn job_progress(
        &self,
        id: i64,
        done: i64,
        now: &str,
        lease_until: &str,
    ) -> Result<bool> {
        sqlx::query(
            "UPDATE import_jobs SET rows_done = $2, updated_at = $3, lease_until = $4 \
             WHERE id = $1 AND status = 'running'",
        )
        .bind(id)
        .bind(done)
        .bind(now.to_owned())
        .bind(lease_until.to_owned())
        .execute(self.pool())
        .await?;
        let status: Option<String> =
            sqlx::query_scalar("SELECT status FROM import_jobs WHERE id = $1")
                .bind(id)
                .fetch_optional(self.pool())
                .await?;
        Ok(status.as_deref() == Some(JobState::Running.code()))
    }

    pub async fn finish_job(
        &self,
        id: i64,
        status: JobState,
        outcome: Option<&crate::import::Outcome>,
        error: Option<&str>,
        now: &str,
    ) -> Result<()> {
        let outcome = outcome
            .map(serde_json::to_string)
            .transpose()
            .map_err(|e| crate::StoreError::Invalid(format!("kết quả nhập không ghi được: {e}")))?;
        sqlx::query(
            "UPDATE import_jobs SET status = $2, outcome_json = $3, error = $4, updated_at = $5, lease_until = NULL, \
             rows_done = CASE WHEN $2 = 'done' THEN rows_total ELSE rows_done END WHERE id = $1",
        )
        .bind(id)
        .bind(status.code())
        .bind(outcome)
        .bind(error.map(str::to_owned))
        .bind(now.to_owned())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Asks a running job to stop (any of the office may); false when it is
    /// not running.
    pub async fn cancel_job(&self, id: i64, now: &str) -> Result<bool> {
        Ok(sqlx::query(
            "UPDATE import_jobs SET status = 'cancelling', updated_at = $2 WHERE id = $1 AND status = 'running'",
        )
        .bind(id)
        .bind(now.to_owned())
        .execute(self.pool())
        .await?
        .rows_affected()
            == 1)
    }

    /// A job, whoever started it (the office shares its work).
    pub async fn import_job(&self, id: i64) -> Result<Option<ImportJob>> {
        let row = sqlx::query(
            "SELECT id, filename, status, rows_total, rows_done, outcome_json, error FROM import_jobs WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        row.map(|r| {
            Ok(ImportJob {
                id: r.try_get("id")?,
                filename: r.try_get("filename")?,
                status: JobState::decode(r.try_get("status")?)?,
                rows_total: r.try_get("rows_total")?,
                rows_done: r.try_get("rows_done")?,
                outcome: r
                    .try_get::<Option<String>, _>("outcome_json")?
                    .map(|j| {
                        serde_json::from_str(&j).map_err(|e| {
                            crate::StoreError::Invalid(format!(
                                "kết quả nhập lưu không đọc được: {e}"
                            ))
                        })
                    })
                    .transpose()?,
                error: r.try_get("error")?,
            })
        })
        .transpose()
    }
}
