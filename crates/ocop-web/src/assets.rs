//! Static assets, embedded in the binary (nothing to install or download).
//! The stylesheet's URL carries a hash of its content, so browsers may keep
//! it for a year and still see every change at once.

use axum::http::header;
use axum::response::IntoResponse;
use std::sync::OnceLock;

const CSS: &str = include_str!("../static/site.css");

pub const CSS_ROUTE: &str = "/static/{file}";

/// FNV-1a: a stable content fingerprint, no crate needed.
fn fingerprint(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

pub fn css_href() -> &'static str {
    static HREF: OnceLock<String> = OnceLock::new();
    HREF.get_or_init(|| format!("/static/site.{:016x}.css", fingerprint(CSS)))
}

pub async fn css(
    axum::extract::Path(file): axum::extract::Path<String>,
) -> axum::response::Response {
    if format!("/static/{file}") != css_href() {
        return crate::WebError::NotFound.into_response();
    }
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        CSS,
    )
        .into_response()
}
