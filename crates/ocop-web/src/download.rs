//! Files the platform hands out (PDF, Excel, Word, CSV, JSON-LD): one way to
//! name and type them, and one way to build them off the async threads.

use crate::WebError;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use ocop_store::audit::AuditEntry;

pub const PDF: &str = "application/pdf";
pub const ZIP: &str = "application/zip";
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
pub const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
pub const CSV: &str = "text/csv; charset=utf-8";
pub const JSON_LD: &str = "application/ld+json";

/// `disposition` is the whole header value (`attachment; filename="…"` to
/// save, `inline; …` to open in the browser).
pub fn file(content_type: &str, disposition: impl AsRef<str>, body: impl IntoResponse) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, disposition.as_ref().to_owned()),
        ],
        body,
    )
        .into_response()
}

/// Records that `user` exported a file holding personal data (reporters'
/// contacts, sign-in addresses): who, when, what and how many rows.
pub async fn audit_export(
    state: &crate::AppState,
    user: &crate::auth::CurrentUser,
    what: &str,
    rows: usize,
) -> Result<(), WebError> {
    state
        .store
        .audit_event(
            &state.clock.stamp(),
            AuditEntry::of(&user.user.username, "export", what, "")
                .after(serde_json::json!({ "rows": rows })),
        )
        .await?;
    Ok(())
}

/// Builds a document on the blocking pool (PDF and spreadsheet writers are
/// CPU work that would stall other requests on an async thread).
pub async fn build<T, E>(
    work: impl FnOnce() -> Result<T, E> + Send + 'static,
) -> Result<T, WebError>
where
    T: Send + 'static,
    E: std::fmt::Display + Send + 'static,
{
    tokio::task::spawn_blocking(work)
        .await
        .map_err(WebError::fault)?
        .map_err(|e| WebError::Internal(e.to_string()))
}
