//! Nhập danh sách sản phẩm — an office's existing list (Excel or CSV) into
//! the platform: columns matched to fields (guessed from the headers, or as
//! the user chose), a dry run listing every problem by row and column and
//! what would change, then one all-or-nothing write. Importing the same file
//! twice changes nothing.

use crate::Clock;
use crate::cycle::Actor;
use crate::error::{Classify, Kind};
use ocop_domain::access::Permission;
use ocop_domain::import::{Mapping, Parsed, Problem, guess_mapping, parse};
use ocop_domain::text::{fold, slugify};
use ocop_store::Store;
use ocop_store::import::{Outcome, Row};
use ocop_store::import_jobs::JobState;
use std::collections::HashMap;

/// What a dry run (or an import) found.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub headers: Vec<String>,
    pub mapping: Mapping,
    /// Columns of the file no field reads (listed before anything is written).
    pub unused: Vec<String>,
    /// Optional fields no column was found for.
    pub unmapped: Vec<&'static str>,
    pub rows: usize,
    pub problems: Vec<Problem>,
    /// What the write does (a dry run: would do). `None` when problems stop it.
    pub outcome: Option<Outcome>,
}

/// Why an import (nhập danh sách sản phẩm) was refused or could not run.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Only the office imports the province's product list.
    #[error("Chỉ Văn phòng Điều phối OCOP nhập danh sách sản phẩm.")]
    OfficeOnly,
    /// The file could not be read as a table (the reader says why and where).
    #[error("{0}")]
    Unreadable(#[source] ocop_docs::DocsError),
    /// A job's kept upload is gone.
    #[error("không tìm thấy tệp đã tải lên")]
    UploadGone,
    /// A job's kept column mapping does not read.
    #[error("cách ghép cột của việc nhập không đọc được: {0}")]
    Mapping(#[source] serde_json::Error),
    #[error(transparent)]
    Store(#[from] ocop_store::StoreError),
}

impl Classify for ImportError {
    fn kind(&self) -> Kind {
        match self {
            Self::OfficeOnly => Kind::Forbidden,
            Self::Unreadable(_) => Kind::Invalid,
            Self::UploadGone | Self::Mapping(_) => Kind::Fault,
            Self::Store(e) => e.kind(),
        }
    }
}

async fn communes(store: &Store, province: &str) -> Result<HashMap<String, String>, ImportError> {
    let mut m = HashMap::new();
    for u in store
        .admin_units_in(ocop_domain::UnitScheme::Y2025, "commune", province)
        .await?
    {
        m.insert(fold(&u.full_name), u.code.clone());
        m.insert(fold(&u.name), u.code.clone());
        m.insert(u.code.clone(), u.code);
    }
    Ok(m)
}

/// Reads and checks a file; writes only when `commit` and nothing is wrong.
pub async fn run(
    store: &Store,
    clock: &dyn Clock,
    actor: &Actor,
    bytes: &[u8],
    mapping: Option<Mapping>,
    commit: bool,
) -> Result<Report, ImportError> {
    if !actor.role.can(Permission::ManageRounds) {
        return Err(ImportError::OfficeOnly);
    }
    let table = crate::heavy::table(bytes.to_vec())
        .await
        .map_err(ImportError::Unreadable)?;
    let headers: Vec<String> = table.first().cloned().unwrap_or_default();
    let mapping = mapping
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| guess_mapping(&headers));
    let places = communes(store, &actor.province_code).await?;
    let Parsed { rows, problems } = parse(&table, &mapping, |c| {
        places
            .get(&fold(c))
            .or_else(|| places.get(c.trim()))
            .cloned()
    });
    let unused = ocop_domain::import::unused_columns(&headers, &mapping);
    let unmapped = ocop_domain::import::FIELDS
        .iter()
        .filter(|(k, _, required)| !required && !mapping.contains_key(*k))
        .map(|(_, label, _)| *label)
        .collect();
    let mut report = Report {
        headers,
        mapping,
        unused,
        unmapped,
        rows: table.len().saturating_sub(1),
        problems,
        outcome: None,
    };
    if !report.problems.is_empty() {
        return Ok(report);
    }
    report.outcome = write_rows(store, clock, actor, &rows, commit, |_| async { true }).await?;
    Ok(report)
}

/// Writes checked rows in one transaction, telling `progress` how far it
/// got; `None` when `progress` cancelled it (nothing written).
async fn write_rows<F, Fut>(
    store: &Store,
    clock: &dyn Clock,
    actor: &Actor,
    rows: &[ocop_domain::import::ImportRow],
    commit: bool,
    progress: F,
) -> Result<Option<Outcome>, ImportError>
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let owned: Vec<_> = rows
        .iter()
        .map(|r| {
            let kind = ocop_domain::ProducerKind::from_name(&r.producer).map_or(
                "enterprise",
                |k| match k {
                    ocop_domain::ProducerKind::Cooperative => "cooperative",
                    ocop_domain::ProducerKind::CooperativeGroup => "cooperative_group",
                    ocop_domain::ProducerKind::HouseholdBusiness => "household",
                    ocop_domain::ProducerKind::Farm => "farm",
                    ocop_domain::ProducerKind::Unstated => "unstated",
                    ocop_domain::ProducerKind::Enterprise(_) => "enterprise",
                },
            );
            (
                slugify(&r.product),
                fold(&r.product),
                slugify(&r.producer),
                fold(&r.producer),
                kind,
                r.decision_date.map(|d| d.to_string()),
                r.decision_date.map(|d| {
                    ocop_domain::CertificateValidity::from_issue(d)
                        .valid_until
                        .to_string()
                }),
            )
        })
        .collect();
    let store_rows: Vec<Row<'_>> = rows
        .iter()
        .zip(&owned)
        .map(
            |(r, (pslug, pfold, prslug, prfold, kind, date, until))| Row {
                product: &r.product,
                product_slug: pslug,
                product_folded: pfold,
                producer: &r.producer,
                producer_slug: prslug,
                producer_folded: prfold,
                producer_kind: kind,
                stars: i64::from(r.stars.get()),
                group: r.group.map(ocop_domain::ProductGroup::code),
                year: r.year.map(i64::from),
                decision: r.decision.as_ref().map(ocop_domain::DecisionNumber::as_str),
                decision_date: date.as_deref(),
                valid_until: until.as_deref(),
                commune: r.commune.as_deref(),
                address: r.address.as_deref(),
            },
        )
        .collect();
    Ok(store
        .import_rows_watched(
            &actor.province_code,
            &store_rows,
            commit,
            &actor.username,
            &clock.stamp(),
            progress,
        )
        .await?)
}

/// How long a claimed import is held without a sign of life; progress
/// renews it. A worker gone longer (its instance stopped) loses the job to
/// the next one.
pub const LEASE: chrono::Duration = chrono::Duration::minutes(5);

/// Queues a checked import and returns its job id; the job's page shows
/// progress and offers to cancel (all rolled back). A file with problems is
/// not queued: its report comes back instead. The job row holds what the
/// import needs (the kept upload, the mapping, the province), so any
/// instance's worker can run it, and run it again after a restart.
pub async fn start(
    store: &Store,
    clock: std::sync::Arc<dyn Clock>,
    actor: &Actor,
    upload_id: i64,
    filename: &str,
    bytes: &[u8],
    mapping: Option<Mapping>,
) -> Result<Result<i64, Report>, ImportError> {
    // The dry run checks everything first (and costs a rollback).
    let report = run(store, clock.as_ref(), actor, bytes, mapping.clone(), false).await?;
    if !report.problems.is_empty() {
        return Ok(Err(report));
    }
    let rows_total = i64::try_from(report.rows).unwrap_or(i64::MAX);
    let mapping_json = serde_json::to_string(&report.mapping).map_err(ImportError::Mapping)?;
    let job = store
        .create_import_job(
            &ocop_store::import_jobs::NewJob {
                filename,
                rows_total,
                upload_id,
                mapping_json: &mapping_json,
                province_code: &actor.province_code,
                actor: &actor.username,
            },
            &clock.stamp(),
        )
        .await?;
    // Nudge a worker now rather than at the next round of the loop; if this
    // instance stops, the row waits for another.
    let store = store.clone();
    tokio::spawn(async move {
        if let Err(e) = work_once(&store, clock.as_ref()).await {
            tracing::warn!(error = %e, "import worker round failed");
        }
    });
    Ok(Ok(job))
}

/// Claims one import nobody holds and runs it to its end; the job's id, or
/// `None` when there was nothing to do.
pub async fn work_once(store: &Store, clock: &dyn Clock) -> Result<Option<i64>, ImportError> {
    let lease = |clock: &dyn Clock| (clock.now() + LEASE).to_rfc3339();
    let Some(job) = store
        .claim_import_job(&clock.stamp(), &lease(clock))
        .await?
    else {
        return Ok(None);
    };
    let now = || clock.stamp();
    if job.status == JobState::Cancelling {
        store
            .finish_job(job.id, JobState::Cancelled, None, None, &now())
            .await?;
        return Ok(Some(job.id));
    }
    let result = run_claimed(store, clock, &job, lease).await;
    match result {
        Ok(Some(o)) => {
            store
                .finish_job(job.id, JobState::Done, Some(&o), None, &now())
                .await?;
        }
        Ok(None) => {
            store
                .finish_job(job.id, JobState::Cancelled, None, None, &now())
                .await?
        }
        Err(e) => {
            store
                .finish_job(job.id, JobState::Failed, None, Some(&e.to_string()), &now())
                .await?;
        }
    }
    Ok(Some(job.id))
}

async fn run_claimed(
    store: &Store,
    clock: &dyn Clock,
    job: &ocop_store::import_jobs::ClaimedJob,
    lease: impl Fn(&dyn Clock) -> String,
) -> Result<Option<Outcome>, ImportError> {
    let bytes = store
        .upload_bytes(job.upload_id)
        .await?
        .ok_or(ImportError::UploadGone)?;
    let mapping: Mapping = serde_json::from_str(&job.mapping_json).map_err(ImportError::Mapping)?;
    let table = crate::heavy::table(bytes)
        .await
        .map_err(ImportError::Unreadable)?;
    let places = communes(store, &job.province_code).await?;
    let Parsed { rows, .. } = parse(&table, &mapping, |c| {
        places
            .get(&fold(c))
            .or_else(|| places.get(c.trim()))
            .cloned()
    });
    // The person who asked, as the audit trail names them; the worker does
    // what the dry run already allowed them.
    let actor = Actor {
        username: job.created_by.clone(),
        role: ocop_domain::access::Role::Office,
        province_code: job.province_code.clone(),
        commune_code: None,
        producer_id: None,
        agency_code: None,
        district_code: None,
    };
    let progress = |done: usize| {
        let (id, stamp, until) = (job.id, clock.stamp(), lease(clock));
        async move {
            store
                .job_progress(id, i64::try_from(done).unwrap_or(i64::MAX), &stamp, &until)
                .await
                .unwrap_or(false)
        }
    };
    write_rows(store, clock, &actor, &rows, true, progress).await
}
