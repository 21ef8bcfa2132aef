use crate::{AppState, WebError};
use axum::Json;
use axum::extract::State;

/// `GET /healthz`: status, database kind and schema version — what a load
/// balancer and an operator need to know.
pub async fn show(State(state): State<AppState>) -> Result<Json<serde_json::Value>, WebError> {
    let version = state.store.schema_version().await?;
    Ok(Json(serde_json::json!({
        "status": "ok",
        "database": state.store.backend().to_string(),
        "schema_version": version,
        "version": env!("CARGO_PKG_VERSION"),
    })))
}
