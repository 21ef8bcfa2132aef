//! Quản trị — the back office. Every handler starts by requiring the
//! permission its route declares in [`crate::auth::BACK_OFFICE`].

pub mod accounts;
pub mod audit;
pub mod boundaries;
pub mod certificates;
pub mod content;
pub mod criteria_admin;
pub mod dashboard;
pub mod dossiers;
pub mod exports;
pub mod import;
pub mod market;
pub mod misuse;
pub mod monitoring;
pub mod national;
pub mod notices;
pub mod overview;
pub mod password;
pub mod photos;
pub mod producer;
pub mod products;
pub mod registration_form;
pub mod report;
pub mod rounds;
pub mod sheets;
pub mod trace;
pub(crate) mod upload;
pub mod vault;

/// "Full name — role" per username: how history and the audit log name
/// people (records keep usernames).
/// A form page shown again with what was typed and why it was refused.
pub(crate) fn refused_page(html: String) -> axum::response::Response {
    use axum::response::IntoResponse as _;
    (
        axum::http::StatusCode::UNPROCESSABLE_ENTITY,
        axum::response::Html(html),
    )
        .into_response()
}

/// A photo kept with a record (a visit, a report), for signed-in eyes
/// only: never stored by a shared cache.
pub(crate) fn private_jpeg(jpeg: Vec<u8>) -> axum::response::Response {
    use axum::response::IntoResponse as _;
    (
        [
            (axum::http::header::CONTENT_TYPE, "image/jpeg"),
            (axum::http::header::CACHE_CONTROL, "private, no-store"),
        ],
        jpeg,
    )
        .into_response()
}

pub(crate) async fn people_named(
    state: &crate::AppState,
) -> Result<std::collections::HashMap<String, String>, crate::WebError> {
    Ok(named_with_roles(&state.store.people().await?))
}

/// "Full name — role" for every account, as history names people.
pub(crate) fn named_with_roles(
    people: &ocop_store::people::People,
) -> std::collections::HashMap<String, String> {
    people
        .all()
        .into_iter()
        .map(|p| {
            (
                p.username.clone(),
                format!("{} — {}", p.full_name, p.role.label_vi()),
            )
        })
        .collect()
}
