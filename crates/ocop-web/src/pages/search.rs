//! Tìm kiếm — the one box in the header: products, producers and places.

use super::ProductLine;
use crate::lang::{Chrome, Lang};
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Html;
use ocop_app::search::ProductQuery;

#[derive(Debug, Default, serde::Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

pub struct Hit {
    pub label: String,
    pub detail: String,
    pub href: String,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    c: Chrome,
    title: String,
    search_q: String,
    q: String,
    total: usize,
    all_href: String,
    products: Vec<ProductLine>,
    producers: Vec<Hit>,
    places: Vec<Hit>,
}

pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    Query(query): Query<SearchQuery>,
) -> Result<Html<String>, WebError> {
    let typed = query.q.trim().to_owned();
    let (results, others) = if typed.is_empty() {
        (None, None)
    } else {
        let search = ProductQuery {
            q: typed.clone(),
            page: 1,
            per_page: 8,
            ..ProductQuery::default()
        };
        (
            Some(ocop_app::search::products(
                &*state.snapshot().await?,
                &search,
            )),
            Some(
                ocop_app::search::producers_and_places(&state.store, &state.province.code, &typed)
                    .await?,
            ),
        )
    };
    let encoded = serde_urlencoded::to_string([("q", typed.as_str())]).unwrap_or_default();
    let products_word = lang.s("sản phẩm", "products");
    let before = lang.s("trước 01/7/2025", "before 1 Jul 2025");
    let page = SearchPage {
        c: Chrome::new(&state, lang, "/tim-kiem"),
        title: lang.s("Tìm kiếm", "Search").to_owned(),
        search_q: typed.clone(),
        total: results.as_ref().map_or(0, |r| r.total),
        all_href: format!("/san-pham?{encoded}"),
        products: results
            .iter()
            .flat_map(|r| r.items.iter())
            .map(|p| ProductLine::new(p, lang))
            .collect(),
        producers: others
            .iter()
            .flat_map(|o| o.producers.iter())
            .map(|p| Hit {
                label: p.name.clone(),
                detail: format!(
                    "{}{} {products_word}",
                    p.commune_2025
                        .as_deref()
                        .map(|c| format!("{c} · "))
                        .unwrap_or_default(),
                    p.products
                ),
                href: format!("/chu-the/{}", p.slug),
            })
            .collect(),
        places: others
            .iter()
            .flat_map(|o| o.places.iter())
            .map(|p| Hit {
                label: if p.scheme == "pre2025" {
                    format!("{} ({before})", p.full_name)
                } else {
                    p.full_name.clone()
                },
                detail: format!("{} {products_word}", p.products),
                href: format!("/san-pham?place={}", p.code),
            })
            .collect(),
        q: typed,
    };
    Ok(Html(page.render()?))
}
