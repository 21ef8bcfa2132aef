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
    "/thong-ke",
    "/thong-ke/xa-phuong",
    "/du-lieu-mo",
];

pub async fn sitemap(State(state): State<AppState>) -> Result<impl IntoResponse, WebError> {
    let (products, producers) = state.store.public_slugs(&state.province.code).await?;
    let events = state.store.event_slugs(&state.province.code).await?;
    let news = state.store.news_slugs(&state.province.code).await?;
    // `lastmod` is the day the page's record last changed (search engines
    // read it to decide what to fetch again); fixed pages carry none.
    let day = |at: &str| at.get(..10).map(str::to_owned);
    let paths = FIXED
        .iter()
        .map(|p| ((*p).to_owned(), None))
        .chain(
            products
                .iter()
                .map(|(s, at)| (format!("/san-pham/{s}"), day(at))),
        )
        .chain(
            producers
                .iter()
                .map(|(s, at)| (format!("/chu-the/{s}"), day(at))),
        )
        .chain(events.iter().map(|s| (format!("/su-kien/{s}"), None)))
        .chain(news.iter().map(|s| (format!("/tin-tuc/{s}"), None)));
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (p, lastmod) in paths {
        let lastmod = lastmod
            .map(|d| format!("<lastmod>{}</lastmod>", ocop_domain::text::xml_escape(&d)))
            .unwrap_or_default();
        xml.push_str(&format!(
            "<url><loc>{}</loc>{lastmod}</url>\n",
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
