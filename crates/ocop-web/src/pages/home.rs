//! Trang chủ — the programme's figures, all computed from the database.

use super::group_name;
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::State;
use axum::response::Html;
use ocop_store::stats::Count;

/// One bar of a chart drawn with CSS (readable without JavaScript).
pub struct Bar {
    pub label: String,
    pub count: i64,
    pub percent: i64,
}

fn bars(counts: &[Count], label: impl Fn(Option<&str>) -> String) -> Vec<Bar> {
    let max = counts.iter().map(|c| c.count).max().unwrap_or(1).max(1);
    counts
        .iter()
        .map(|c| Bar {
            label: label(c.key.as_deref()),
            count: c.count,
            percent: c.count * 100 / max,
        })
        .collect()
}

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

/// The `n` largest counts, largest first (ties by name, for a stable page).
fn largest(counts: &[Count], n: usize) -> Vec<Count> {
    let mut v: Vec<Count> = counts.iter().filter(|c| c.key.is_some()).cloned().collect();
    v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key)));
    v.truncate(n);
    v
}

fn num(n: Option<i64>) -> String {
    n.map_or_else(|| "—".to_owned(), |v| v.to_string())
}

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
    stars: Vec<Bar>,
    years: Vec<Bar>,
    groups: Vec<Bar>,
    communes: Vec<Bar>,
    districts: Vec<Bar>,
    former_province: String,
    rounds: Vec<RoundRow>,
    leads: Vec<(String, String)>,
}

pub async fn show(
    State(state): State<AppState>,
    lang: crate::lang::Lang,
) -> Result<Html<String>, WebError> {
    let f = ocop_app::portal::home(&state.store, &state.province).await?;
    let today = state.clock.today().to_string();
    let news = state
        .store
        .news(&state.province.code, &today, 3)
        .await?
        .into_iter()
        .map(|n| {
            (
                format!("/tin-tuc/{}", n.slug),
                n.title,
                super::vn_date(&n.published_on),
            )
        })
        .collect();
    let events = state
        .store
        .events(&state.province.code, &today)
        .await?
        .0
        .into_iter()
        .take(3)
        .map(|e| {
            (
                format!("/su-kien/{}", e.slug),
                e.title,
                super::vn_date(&e.starts_on),
            )
        })
        .collect();
    let unknown = |k: Option<&str>| k.map_or_else(|| super::UNKNOWN.to_owned(), str::to_owned);
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
        stars: bars(&f.by_stars, |k| {
            k.map_or_else(|| "Chưa xếp hạng".to_owned(), |s| format!("{s} sao"))
        }),
        years: bars(&f.by_year, |k| {
            k.map_or_else(|| "Chưa rõ năm".to_owned(), |y| format!("Năm {y}"))
        }),
        groups: bars(&f.by_group, group_name),
        // The ten communes with most products: on 20,000 products a bar per
        // commune made the page 383 KB; the full table is in /thong-ke.xlsx.
        communes: bars(&largest(&f.by_commune, 10), unknown),
        districts: bars(
            &f.by_district
                .iter()
                .filter(|c| c.key.is_some())
                .cloned()
                .collect::<Vec<_>>(),
            unknown,
        ),
        former_province: f
            .rounds
            .first()
            .map_or_else(String::new, |r| r.former_province.clone()),
        rounds: f
            .rounds
            .iter()
            .map(|r| RoundRow {
                period: r.period.clone(),
                decision: r
                    .decision
                    .clone()
                    .unwrap_or_else(|| "Chưa tìm thấy".to_owned()),
                recognised: num(r.products_recognised),
                four_star: num(r.four_star),
                three_star: num(r.three_star),
                cumulative: num(r.cumulative_total),
                cumulative_four: num(r.cumulative_four_star),
                cumulative_three: num(r.cumulative_three_star),
                source: r.source_url.clone(),
            })
            .collect(),
        leads: f
            .group_leads
            .iter()
            .map(|l| (group_name(Some(&l.group_code)), l.agency_name.clone()))
            .collect(),
        province_name: f.province_name,
    };
    Ok(Html(page.render()?))
}
