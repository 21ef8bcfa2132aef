//! The public JSON API (`/api/v1/…`), described by `/api/openapi.json`.

pub mod answers;
pub mod certificates;
pub mod criteria;
pub mod map;
pub mod products;

use axum::http::header;
use axum::response::IntoResponse;

/// Every API route as (method, path in OpenAPI form); the router and the
/// OpenAPI document are both checked against this list in the tests.
pub const ROUTES: &[(&str, &str)] = &[
    ("get", "/api/v1/criteria-sets"),
    ("get", "/api/v1/criteria-sets/{id}"),
    ("post", "/api/v1/criteria-sets/{id}/score"),
    ("get", "/api/v1/products"),
    ("get", "/api/v1/certificates/{number}"),
    ("get", "/api/v1/certificate-changes"),
    ("get", "/api/v1/certificate-key"),
    ("get", "/api/v1/map"),
];

/// A query string the API cannot read (a repeated or malformed parameter)
/// is answered in the error envelope, in Vietnamese, like every other 400.
pub(crate) fn query_error(e: axum::extract::rejection::QueryRejection) -> crate::WebError {
    crate::WebError::BadRequest(format!(
        "tham số trên địa chỉ không đọc được (query string not understood): {}",
        e.body_text()
    ))
}

const OPENAPI: &str = include_str!("../../static/openapi.json");

pub async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI)
}
