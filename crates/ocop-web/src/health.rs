use crate::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

/// `GET /healthz`: status, database kind and schema version. Answers 503 when
/// the database does not answer or its schema is not the one this program
/// expects, so a load balancer takes the instance out of rotation.
pub async fn show(State(state): State<AppState>) -> (StatusCode, Json<serde_json::Value>) {
    let expected = ocop_store::migrations::latest_version();
    let database = state.store.backend().to_string();
    let (code, status, version) = match state.store.schema_version().await {
        Ok(v) if v == expected => (StatusCode::OK, "ok", Some(v)),
        Ok(v) => (StatusCode::SERVICE_UNAVAILABLE, "schema_mismatch", Some(v)),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unavailable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "database_unavailable",
                None,
            )
        }
    };
    let body = serde_json::json!({
        "status": status,
        "database": database,
        "schema_version": version,
        "expected_schema_version": expected,
        "version": env!("CARGO_PKG_VERSION"),
    });
    (code, Json(body))
}
