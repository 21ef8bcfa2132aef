//! The public JSON API (`/api/v1/…`), described by `/api/openapi.json`.

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

const OPENAPI: &str = include_str!("../../static/openapi.json");

pub async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI)
}
