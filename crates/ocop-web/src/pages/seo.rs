//! `sitemap.xml` and `robots.txt`, so search engines find every product.

use crate::{AppState, WebError};
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;

/// The portal's fixed public pages.
const FIXED: &[&str] = &[
    "/",
    "/san-pham",
    "/kiem-tra-sao",
    "/su-kien",
    "/tin-tuc",
    "/ban-do",
    "/du-lich-cong-dong",
    "/quyet-dinh",
    "/bo-tieu-chi",
];

pub async fn sitemap(State(state): State<AppState>) -> Result<impl IntoResponse, WebError> {
    let (products, producers) = state.store.public_slugs(&state.province.code).await?;
    let events = state.store.event_slugs(&state.province.code).await?;
    let news = state.store.news_slugs(&state.province.code).await?;
    let paths = FIXED
        .iter()
        .map(|p| (*p).to_owned())
        .chain(products.iter().map(|s| format!("/san-pham/{s}")))
        .chain(producers.iter().map(|s| format!("/chu-the/{s}")))
        .chain(events.iter().map(|s| format!("/su-kien/{s}")))
        .chain(news.iter().map(|s| format!("/tin-tuc/{s}")));
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for p in paths {
        xml.push_str(&format!(
            "<url><loc>{}</loc></url>\n",
            ocop_domain::text::xml_escape(&state.absolute(&p))
        ));
    }
    xml.push_str("</urlset>\n");
    Ok((
        [(header::CONTENT_TYPE, "application/xml; charset=utf-8")],
        xml,
    ))
}

pub async fn robots(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!(
            "User-agent: *\nDisallow: /quan-tri\nDisallow: /dang-nhap\nDisallow: /dang-ky\nDisallow: /ngon-ngu/\nAllow: /\n\nSitemap: {}\n",
            state.absolute("/sitemap.xml")
        ),
    )
}
