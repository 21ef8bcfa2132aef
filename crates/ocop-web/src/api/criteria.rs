//! `/api/v1/criteria-sets`: the published criteria sets, whole, and the
//! public score calculator.

use crate::{AppState, WebError};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use ocop_domain::criteria::{CriteriaSet, ScoreSheet, advise, score};
use std::collections::BTreeMap;

/// A published set, or 404.
pub async fn published(state: &AppState, id: &str) -> Result<CriteriaSet, WebError> {
    match ocop_app::rules::set(&state.store, id).await? {
        Some((set, true)) => Ok(set),
        _ => Err(WebError::NotFound),
    }
}

pub async fn list(State(state): State<AppState>) -> Result<Json<serde_json::Value>, WebError> {
    let mut versions = Vec::new();
    for v in state
        .store
        .criteria_versions()
        .await?
        .into_iter()
        .filter(|v| v.status == ocop_domain::criteria::VersionStatus::Published)
    {
        let sets: Vec<serde_json::Value> = state
            .store
            .criteria_sets_of(&v.version)
            .await?
            .into_iter()
            .map(|s| {
                serde_json::json!({
                    "id": s.id, "number": s.number, "name": s.name, "group": s.group_code,
                    "lead_agency": s.lead_agency, "flagged": s.flag_count > 0,
                    "href": format!("/api/v1/criteria-sets/{}", s.id),
                })
            })
            .collect();
        let parts: serde_json::Value = serde_json::from_str(&v.parts_json).unwrap_or_default();
        versions.push(serde_json::json!({
            "version": v.version, "title": v.title, "decision": v.decision, "decision_date": v.decision_date,
            "legal_reference": v.legal_reference, "effective_from": v.effective_from, "effective_until": v.effective_until,
            "structure_only": v.structure_only, "verified": v.verified, "parts": parts, "sets": sets,
        }));
    }
    Ok(Json(serde_json::json!({ "versions": versions })))
}

pub async fn show(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<CriteriaSet>, WebError> {
    Ok(Json(published(&state, &id).await?))
}

/// Strict: an unknown field (a misspelt `choice`) is refused, never read
/// as an empty sheet.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ScoreRequest {
    choices: BTreeMap<String, String>,
}

/// `{"choices": {"<criterion id>": "<option id>" | "na"}}` → the result, its
/// reasons and the advice for the next star. A criterion left out scores 0
/// and is listed in `unanswered`; only a `complete` sheet would count in a
/// council.
pub async fn score_sheet(
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<serde_json::Value>, WebError> {
    let set = published(&state, &id).await?;
    let req: ScoreRequest = serde_json::from_slice(&body).map_err(|e| {
        WebError::BadRequest(format!(
            "nội dung phải là JSON dạng {{\"choices\": {{\"1.a\": \"1.a.2\"}}}}: {e}"
        ))
    })?;
    let sheet = ScoreSheet::from_ids(req.choices);
    let r = score(&set, &sheet).map_err(|e| WebError::Unprocessable(e.to_string()))?;
    let unanswered: Vec<serde_json::Value> = sheet
        .missing(&set)
        .iter()
        .map(|c| serde_json::json!({ "id": c.id, "title": c.title }))
        .collect();
    let advice = advise(&set, &sheet).map_err(|e| WebError::Unprocessable(e.to_string()))?;
    let parts: BTreeMap<String, serde_json::Value> = r
        .parts
        .iter()
        .map(|(k, p)| {
            (
                k.clone(),
                serde_json::json!({ "score": f64::from(p.score), "max": f64::from(p.max) }),
            )
        })
        .collect();
    Ok(Json(serde_json::json!({
        "set": set.id,
        "complete": unanswered.is_empty(),
        "unanswered": unanswered,
        "total": f64::from(r.total),
        "parts": parts,
        "sections": r.sections,
        "band_stars": r.band_stars,
        "stars": r.stars,
        "certifiable": r.certifiable,
        "held_back_by": r.held_back_by,
        "advice": advice,
        "flags": set.flags,
    })))
}
