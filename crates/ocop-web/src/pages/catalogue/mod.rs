//! Danh mục sản phẩm — the catalogue: search, filters with facet counts,
//! sorting and pages, all as plain links and a GET form (no JavaScript).

use super::ProductLine;
use crate::lang::{Chrome, Lang};
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Html;
use ocop_app::search::{FacetCount, ProductQuery, Sort};

pub const PER_PAGE: u32 = 24;

mod export;
mod query;

pub use export::*;
pub use query::*;
/// One facet value as a link that applies (or, when chosen, removes) it.
pub struct FacetLink {
    pub label: String,
    pub count: usize,
    pub href: String,
    pub chosen: bool,
}

pub struct FacetGroup {
    pub title: String,
    pub links: Vec<FacetLink>,
}

fn facet(
    q: &ListQuery,
    title: &str,
    key: &str,
    current: &str,
    counts: &[FacetCount],
    label: impl Fn(&FacetCount) -> String,
) -> FacetGroup {
    FacetGroup {
        title: title.to_owned(),
        links: counts
            .iter()
            .map(|f| {
                let chosen = current.trim() == f.key;
                FacetLink {
                    label: label(f),
                    count: f.count,
                    href: q.with(key, if chosen { "" } else { &f.key }),
                    chosen,
                }
            })
            .collect(),
    }
}

pub struct SortLink {
    pub label: &'static str,
    pub href: String,
    pub chosen: bool,
}

#[derive(Template)]
#[template(path = "products.html")]
struct ListPage {
    c: Chrome,
    title: String,
    search_q: String,
    q: String,
    /// (year, "2025 (12)", chosen): the years this search has, with counts.
    year_options: Vec<(String, String, bool)>,
    pager: crate::pages::pager::Pager,
    /// Chosen filters kept when the words are changed.
    hidden: Vec<(&'static str, String)>,
    errors: QueryErrors,
    total: usize,
    page: u32,
    pages: u32,
    facets: Vec<FacetGroup>,
    sorts: Vec<SortLink>,
    products: Vec<ProductLine>,
    clear_href: &'static str,
    xlsx_href: String,
}

pub async fn list(
    State(state): State<AppState>,
    lang: Lang,
    Query(query): Query<ListQuery>,
) -> Result<Html<String>, WebError> {
    let (search, errors) = query.parse(lang, PER_PAGE);
    let results = ocop_app::search::products(&*state.snapshot().await?, &search);
    let f = &results.facets;
    let mut year_options: Vec<(String, String, bool)> = f
        .years
        .iter()
        .map(|c| {
            (
                c.key.clone(),
                format!("{} ({})", c.key, c.count),
                c.key == query.year.trim(),
            )
        })
        .collect();
    // What was typed stays chosen, even when no product has it (or it is
    // not a year: the error beside the list says so).
    let typed = query.year.trim();
    if !typed.is_empty() && !year_options.iter().any(|(_, _, chosen)| *chosen) {
        year_options.insert(0, (typed.to_owned(), typed.to_owned(), true));
    }
    let pager = crate::pages::pager::Pager::new(results.page, results.pages, |n| {
        query.with("page", &n.to_string())
    });
    let group_label = |c: &FacetCount| {
        ocop_domain::ProductGroup::parse_code(&c.key).map_or_else(
            || c.label.clone(),
            |g| format!("{}. {}", g.code(), lang.s(g.name_vi(), g.name_en())),
        )
    };
    let facets = vec![
        facet(
            &query,
            lang.s("Nhóm sản phẩm", "Product group"),
            "group",
            &query.group,
            &f.groups,
            group_label,
        ),
        facet(
            &query,
            lang.s("Hạng sao", "Stars"),
            "stars",
            &query.stars,
            &f.stars,
            |c| format!("{} {}", "★".repeat(c.key.parse().unwrap_or(0)), c.key),
        ),
        facet(
            &query,
            lang.s("Năm công nhận", "Year recognised"),
            "year",
            &query.year,
            &f.years,
            |c| c.key.clone(),
        ),
        facet(
            &query,
            lang.s("Xã, phường (từ 01/7/2025)", "Commune (since 1 Jul 2025)"),
            "place",
            &query.place,
            &f.communes,
            |c| c.label.clone(),
        ),
        facet(
            &query,
            lang.s("Huyện (trước 01/7/2025)", "District (before 1 Jul 2025)"),
            "place",
            &query.place,
            &f.districts,
            |c| c.label.clone(),
        ),
        facet(
            &query,
            lang.s("Sở phụ trách", "Lead department"),
            "dept",
            &query.dept,
            &f.departments,
            |c| c.label.clone(),
        ),
    ];
    let sort_choices: [(Sort, &'static str); 4] = [
        (Sort::Relevance, lang.s("Phù hợp nhất", "Best match")),
        (Sort::Newest, lang.s("Mới công nhận", "Newest")),
        (Sort::Stars, lang.s("Nhiều sao", "Most stars")),
        (Sort::Name, lang.s("Tên A–Z", "Name A–Z")),
    ];
    let sorts = sort_choices
        .into_iter()
        .filter(|(s, _)| *s != Sort::Relevance || !query.q.trim().is_empty())
        .map(|(s, label)| SortLink {
            label,
            href: query.with("sort", s.code()),
            chosen: s == results.sort,
        })
        .collect();
    let page = ListPage {
        c: Chrome::new(&state, lang, "/san-pham").describe(lang.s(
            "Danh mục sản phẩm OCOP của tỉnh: tìm theo tên, lọc theo nhóm, hạng sao, năm công nhận và địa bàn.",
            "The province's OCOP products: search by name, filter by group, stars, year and place.",
        )),
        title: lang.s("Danh sách sản phẩm OCOP", "OCOP products").to_owned(),
        // The page has its own box; the header's stays empty.
        search_q: String::new(),
        q: query.q.clone(),
        hidden: [
            ("group", &query.group),
            ("stars", &query.stars),
            ("place", &query.place),
            ("dept", &query.dept),
            ("sort", &query.sort),
        ]
        .into_iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| (k, v.clone()))
        .collect(),
        errors,
        year_options,
        pager,
        total: results.total,
        page: results.page,
        pages: results.pages,
        facets,
        sorts,
        products: ProductLine::with_photos(&state.store, &results.items, lang).await?,
        clear_href: "/san-pham",
        xlsx_href: {
            let q = serde_urlencoded::to_string(&ListQuery {
                page: String::new(),
                ..query.clone()
            })
            .unwrap_or_default();
            if q.is_empty() {
                "/san-pham.xlsx".to_owned()
            } else {
                format!("/san-pham.xlsx?{q}")
            }
        },
    };
    Ok(Html(page.render()?))
}
