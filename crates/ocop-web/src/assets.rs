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

/// A drawn picture per product group (made by the project, in the binary),
/// shown where a product has no photo yet.
pub const GROUP_ROUTE: &str = "/anh-nhom/{file}";

pub(crate) const GROUP_SVGS: [(&str, &str); 7] = [
    ("I", include_str!("../static/groups/I.svg")),
    ("II", include_str!("../static/groups/II.svg")),
    ("III", include_str!("../static/groups/III.svg")),
    ("IV", include_str!("../static/groups/IV.svg")),
    ("V", include_str!("../static/groups/V.svg")),
    ("VI", include_str!("../static/groups/VI.svg")),
    ("khac", include_str!("../static/groups/khac.svg")),
];

/// The placeholder's address for a product group (any other: a star).
pub fn group_placeholder(group: Option<&str>) -> String {
    let code = group
        .filter(|g| GROUP_SVGS.iter().any(|(c, _)| c == g))
        .unwrap_or("khac");
    format!("/anh-nhom/{code}.svg")
}

pub async fn group_svg(
    axum::extract::Path(file): axum::extract::Path<String>,
) -> axum::response::Response {
    let Some(svg) = file
        .strip_suffix(".svg")
        .and_then(|code| GROUP_SVGS.iter().find(|(c, _)| *c == code))
        .map(|(_, svg)| *svg)
    else {
        return crate::WebError::NotFound.into_response();
    };
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        svg,
    )
        .into_response()
}
