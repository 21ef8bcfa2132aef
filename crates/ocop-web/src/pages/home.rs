//! Trang chủ — what a buyer comes for: find a product, check a star, the
//! newest recognitions and the 4–5★ products with pictures, the product
//! groups, the ten communes with most products; the full figures are on
//! `/thong-ke`.

use super::{ProductLine, group_name_in};
use crate::lang::Lang;
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::State;
use axum::response::Html;
use ocop_store::stats::RoundStatistic;
use std::collections::BTreeMap;

/// One bar of a chart drawn with CSS (readable without JavaScript).
pub struct Bar {
    pub label: String,
    pub href: String,
    pub count: usize,
    pub percent: usize,
}

/// A published recognition round, as the statistics page prints it.
pub struct RoundRow {
    pub period: String,
    pub decision: String,
    pub recognised: String,
    pub four_star: String,
    pub three_star: String,
    pub cumulative: String,
    pub cumulative_four: String,
    pub cumulative_three: String,
    pub source: Option<String>,
}

fn num(n: Option<i64>) -> String {
    n.map_or_else(|| "—".to_owned(), |v| v.to_string())
}

pub fn round_rows(rounds: &[RoundStatistic], lang: Lang) -> Vec<RoundRow> {
    rounds
        .iter()
        .map(|r| RoundRow {
            period: r.period.clone(),
            decision: r
                .decision
                .clone()
                .unwrap_or_else(|| lang.s("Chưa tìm thấy", "Not found").to_owned()),
            recognised: num(r.products_recognised),
            four_star: num(r.four_star),
            three_star: num(r.three_star),
            cumulative: num(r.cumulative_total),
            cumulative_four: num(r.cumulative_four_star),
            cumulative_three: num(r.cumulative_three_star),
            source: r.source_url.clone(),
        })
        .collect()
}

/// Newest recognitions and 4–5★ products shown on the page, each.
const SHOWCASE: usize = 6;
/// Communes with most products shown as bars.
const COMMUNES: usize = 10;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    c: crate::lang::Chrome,
    title: String,
    search_q: String,
    news: Vec<(String, String, String)>,
    events: Vec<(String, String, String)>,
    province_name: String,
    products: i64,
    producers: i64,
    newest: Vec<ProductLine>,
    top: Vec<ProductLine>,
    /// (label, catalogue link, count, drawing)
    groups: Vec<(String, String, usize, String)>,
    communes: Vec<Bar>,
}

pub async fn show(State(state): State<AppState>, lang: Lang) -> Result<Html<String>, WebError> {
    let f = ocop_app::portal::home(&state.store, &state.province).await?;
    let snapshot = state.snapshot().await?;
    let today = state.clock.today();
    let news = state
        .store
        .news(&state.province.code, Some(today), 3)
        .await?
        .into_iter()
        .map(|n| {
            (
                format!("/tin-tuc/{}", n.slug),
                n.title,
                super::vn_day(n.published_on),
            )
        })
        .collect();
    let events = state
        .store
        .events(&state.province.code, today)
        .await?
        .0
        .into_iter()
        .take(3)
        .map(|e| {
            (
                format!("/su-kien/{}", e.slug),
                e.title,
                super::vn_day(e.starts_on),
            )
        })
        .collect();
    let (newest, top) = ocop_app::portal::showcase(&snapshot, today, SHOWCASE);
    let owned =
        |v: Vec<&ocop_store::catalog::ProductSummary>| -> Vec<ocop_store::catalog::ProductSummary> {
            v.into_iter().cloned().collect()
        };
    let newest = ProductLine::with_photos(&state.store, &owned(newest), lang).await?;
    let top = ProductLine::with_photos(&state.store, &owned(top), lang).await?;
    let mut by_group: BTreeMap<Option<String>, usize> = BTreeMap::new();
    let mut by_commune: BTreeMap<(String, String), usize> = BTreeMap::new();
    for e in &snapshot.entries {
        *by_group
            .entry(e.row.summary.group_code.clone())
            .or_default() += 1;
        if let (Some(code), Some(name)) = (&e.row.commune_code_2025, &e.row.summary.commune_2025) {
            *by_commune.entry((code.clone(), name.clone())).or_default() += 1;
        }
    }
    // The ten communes with most products, largest first (ties by name):
    // on 20,000 products a bar per commune made the page 383 KB.
    let mut communes: Vec<((String, String), usize)> = by_commune.into_iter().collect();
    communes.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.1.cmp(&b.0.1)));
    communes.truncate(COMMUNES);
    let max = communes.first().map_or(1, |c| c.1).max(1);
    let page = HomePage {
        c: crate::lang::Chrome::new(&state, lang, "/").describe(&format!(
            "{} {}",
            lang.s(
                "Cổng thông tin sản phẩm OCOP của",
                "The OCOP product portal of"
            ),
            f.province_name
        )),
        title: format!(
            "{} {}",
            lang.s("Sản phẩm OCOP", "OCOP products of"),
            f.province_name
        ),
        search_q: String::new(),
        news,
        events,
        products: f.products,
        producers: f.producers,
        newest,
        top,
        groups: by_group
            .into_iter()
            .map(|(code, n)| {
                (
                    group_name_in(code.as_deref(), lang),
                    code.as_ref().map_or_else(
                        || "/san-pham".to_owned(),
                        |c| format!("/san-pham?group={c}"),
                    ),
                    n,
                    crate::assets::group_placeholder(code.as_deref()),
                )
            })
            .collect(),
        communes: communes
            .into_iter()
            .map(|((code, name), n)| Bar {
                label: name,
                href: format!("/san-pham?place={code}"),
                count: n,
                percent: n * 100 / max,
            })
            .collect(),
        province_name: f.province_name,
    };
    Ok(Html(page.render()?))
}
