//! Criteria versions in the database: importing a checked version as a
//! draft, publishing it, and reading published sets back.

use super::Manifest;
use ocop_domain::criteria::{CriteriaSet, LoadError, VersionStatus};
use ocop_store::criteria::{CriteriaSetSummary, CriteriaVersion, NewCriteriaSet};
use ocop_store::{Store, StoreError};
use serde::Deserialize;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum RulesError {
    #[error("{0}")]
    Load(#[from] LoadError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("tài liệu bộ tiêu chí {id} trong cơ sở dữ liệu không đọc được: {reason}")]
    Document { id: String, reason: String },
}

/// A version known only by its parts (kept for historical records).
#[derive(Debug, Clone, Deserialize)]
pub struct Structure {
    pub version: String,
    pub title: String,
    pub decision: String,
    pub decision_date: Option<chrono::NaiveDate>,
    pub legal_reference: String,
    pub effective_from: chrono::NaiveDate,
    pub effective_until: Option<chrono::NaiveDate>,
    pub source: String,
    pub verified: bool,
    pub parts: serde_json::Value,
}

pub const STRUCTURES: &str = include_str!("../../../../rules/criteria/structures.json");

fn parts_json(set: Option<&CriteriaSet>) -> String {
    let parts: Vec<serde_json::Value> = set
        .map(|s| {
            s.parts
                .iter()
                .map(|p| serde_json::json!({ "code": p.code, "title": p.title, "max": p.max }))
                .collect()
        })
        .unwrap_or_default();
    serde_json::Value::Array(parts).to_string()
}

fn version_row(m: &Manifest, sets: &[CriteriaSet]) -> CriteriaVersion {
    CriteriaVersion {
        version: m.version.clone(),
        title: m.title.clone(),
        decision: m.decision.clone(),
        decision_date: Some(m.decision_date),
        legal_reference: m.legal_reference.clone(),
        effective_from: m.effective_from,
        effective_until: m.effective_until,
        source: Some(m.source.clone()),
        structure_only: false,
        verified: true,
        parts_json: parts_json(sets.first()),
        status: VersionStatus::Draft,
        published_at: None,
        published_by: None,
    }
}

fn set_rows(sets: &[CriteriaSet]) -> Result<Vec<NewCriteriaSet>, RulesError> {
    sets.iter()
        .map(|s| {
            let document = serde_json::to_string(s).map_err(|e| RulesError::Document {
                id: s.id.clone(),
                reason: e.to_string(),
            })?;
            Ok(NewCriteriaSet {
                summary: CriteriaSetSummary {
                    id: s.id.clone(),
                    version: s.meta.version.clone(),
                    number: i64::from(s.meta.number),
                    name: s.meta.name.clone(),
                    group_code: s.meta.group.clone(),
                    lead_agency: s.meta.lead_agency.clone(),
                    flag_count: i64::try_from(s.flags.len()).unwrap_or(i64::MAX),
                },
                document,
            })
        })
        .collect()
}

/// Checks every file of a manifest and stores the version as a draft.
/// Nothing is stored unless every set loads.
pub async fn import(
    store: &Store,
    manifest: &Manifest,
    file: impl Fn(&str) -> Option<String>,
    actor: &str,
    now: &str,
) -> Result<Vec<CriteriaSet>, RulesError> {
    let sets = manifest
        .load(file)
        .into_iter()
        .collect::<Result<Vec<_>, _>>()?;
    store
        .import_criteria_version(&version_row(manifest, &sets), &set_rows(&sets)?, actor, now)
        .await?;
    Ok(sets)
}

/// Stores a structure-only version, published.
pub async fn import_structure(store: &Store, s: &Structure, now: &str) -> Result<(), RulesError> {
    let v = CriteriaVersion {
        version: s.version.clone(),
        title: s.title.clone(),
        decision: s.decision.clone(),
        decision_date: s.decision_date,
        legal_reference: s.legal_reference.clone(),
        effective_from: s.effective_from,
        effective_until: s.effective_until,
        source: Some(s.source.clone()),
        structure_only: true,
        verified: s.verified,
        parts_json: s.parts.to_string(),
        status: VersionStatus::Draft,
        published_at: None,
        published_by: None,
    };
    store
        .import_criteria_version(&v, &[], "system", now)
        .await?;
    store
        .publish_criteria_version(&s.version, s.effective_from, "system", now)
        .await?;
    Ok(())
}

/// A set by id, with whether its version is published.
pub async fn set(store: &Store, id: &str) -> Result<Option<(CriteriaSet, bool)>, RulesError> {
    let Some((doc, status)) = store.criteria_set_document(id).await? else {
        return Ok(None);
    };
    let set: CriteriaSet = serde_json::from_str(&doc).map_err(|e| RulesError::Document {
        id: id.to_owned(),
        reason: e.to_string(),
    })?;
    Ok(Some((set, status == VersionStatus::Published)))
}

/// Căn cứ áp dụng — what governs `date`: the criteria version (published,
/// in its period, with criteria to score and a verified text) and the
/// procedure. The one answer the public pages and the back office show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Governing {
    pub criteria: Option<ocop_store::criteria::CriteriaVersion>,
    pub procedure: Option<ocop_domain::ProcedureVersion>,
}

pub async fn governing(store: &Store, date: chrono::NaiveDate) -> Result<Governing, RulesError> {
    let criteria = store
        .criteria_versions()
        .await?
        .into_iter()
        .filter(|v| {
            v.status == VersionStatus::Published
                && v.verified
                && !v.structure_only
                && v.effective_from <= date
                && v.effective_until.is_none_or(|u| date <= u)
        })
        .max_by(|a, b| a.effective_from.cmp(&b.effective_from));
    let verified = crate::rounds::verified_procedures(store).await?;
    Ok(Governing {
        criteria,
        procedure: ocop_domain::ProcedureVersion::governing_on(date, &verified),
    })
}
