use crate::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use std::time::Duration;

/// How long each check may take: a database that stops answering makes the
/// check fail in bounded time instead of hanging the load balancer's probe.
const CHECK_WAIT: Duration = Duration::from_secs(2);

/// Below this much free disk, a SQLite instance says it cannot write: a
/// small probe may still fit in the journal's free pages while a real write
/// (a photo, an import) no longer does.
const MIN_FREE_BYTES: u64 = 4 * 1024 * 1024;

/// `GET /healthz`: status, database kind and schema version, and whether the
/// database can write. Answers 503 when the database does not answer, cannot
/// write (a full disk) or its schema is not the one this program expects, so
/// a load balancer takes the instance out of rotation.
pub async fn show(State(state): State<AppState>) -> (StatusCode, Json<serde_json::Value>) {
    let expected = ocop_store::migrations::latest_version();
    let database = state.store.backend().to_string();
    let read = tokio::time::timeout(CHECK_WAIT, state.store.schema_version()).await;
    let (mut code, mut status, version) = match read {
        Ok(Ok(v)) if v == expected => (StatusCode::OK, "ok", Some(v)),
        Ok(Ok(v)) => (StatusCode::SERVICE_UNAVAILABLE, "schema_mismatch", Some(v)),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "health check: database unavailable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "database_unavailable",
                None,
            )
        }
        Err(_) => {
            tracing::error!("health check: database did not answer in time");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "database_unavailable",
                None,
            )
        }
    };
    let mut can_write = None;
    if code == StatusCode::OK {
        let write =
            tokio::time::timeout(CHECK_WAIT, state.store.write_probe(&state.clock.stamp())).await;
        let room = state.store.free_space().is_none_or(|b| b >= MIN_FREE_BYTES);
        let ok = room && matches!(write, Ok(Ok(())));
        if !ok {
            tracing::error!(result = ?write.map(|r| r.map_err(|e| e.to_string())), "health check: database cannot write");
            code = StatusCode::SERVICE_UNAVAILABLE;
            status = "cannot_write";
        }
        can_write = Some(ok);
    }
    let body = serde_json::json!({
        "status": status,
        "free_disk_bytes": state.store.free_space(),
        "database": database,
        "schema_version": version,
        "expected_schema_version": expected,
        "can_write": can_write,
        "version": env!("CARGO_PKG_VERSION"),
    });
    (code, Json(body))
}
