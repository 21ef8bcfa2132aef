//! `/api/v1/certificates/{number}` (the star check for machines) and
//! `/api/v1/certificate-changes` (what stopped being valid lately).

use crate::{AppState, WebError};
use axum::Json;
use axum::extract::{Path, Query, State};
use ocop_app::star_check::StatusChange;

pub async fn show(
    State(state): State<AppState>,
    Path(number): Path<String>,
    address: axum::http::Uri,
) -> Result<axum::response::Response, WebError> {
    let snapshot = state.snapshot().await?;
    let today = state.clock.today();
    // Validity is counted in days: the answer is kept per day.
    state
        .api_answers
        .json(&snapshot.signature, Some(today), &number, &address, || {
            ocop_app::star_check::by_number(&snapshot, &number, today).ok_or(WebError::NotFound)
        })
}

#[derive(serde::Deserialize)]
pub struct ChangesQuery {
    days: Option<String>,
}

#[derive(serde::Serialize)]
pub struct Changes {
    pub since: String,
    pub today: String,
    pub changes: Vec<StatusChange>,
}

pub async fn changes(
    State(state): State<AppState>,
    q: Result<Query<ChangesQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Changes>, WebError> {
    let Query(q) = q.map_err(super::query_error)?;
    // Absent: 90 days. Present, it must be a number (an empty value is not).
    let days = match q.days.as_deref().map(str::trim) {
        None => 90,
        Some(d) => match d.parse::<u32>() {
            Ok(n @ 1..=3650) => n,
            _ => {
                return Err(WebError::BadRequest(
                    "days phải là số ngày từ 1 đến 3650 (days must be 1–3650)".into(),
                ));
            }
        },
    };
    let today = state.clock.today();
    let changes =
        ocop_app::star_check::recent_changes(&state.store, &state.province.code, today, days)
            .await?;
    Ok(Json(Changes {
        since: (today - chrono::Days::new(u64::from(days))).to_string(),
        today: today.to_string(),
        changes,
    }))
}
