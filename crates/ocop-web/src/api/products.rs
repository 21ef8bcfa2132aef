//! `GET /api/v1/products`: the portal's catalogue search as JSON, paged,
//! with the same matching, ranking and facets as `/san-pham`.

use crate::{AppState, WebError};
use axum::extract::{Query, State};
use ocop_app::search::{Facets, MAX_PER_PAGE, ProductQuery, Sort};

#[derive(Debug, Default, serde::Deserialize)]
pub struct ApiQuery {
    #[serde(default)]
    q: String,
    group: Option<String>,
    stars: Option<String>,
    year: Option<String>,
    /// A 2025 commune code or a pre-2025 district or commune code.
    commune: Option<String>,
    department: Option<String>,
    sort: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
}

#[derive(serde::Serialize)]
pub struct ProductItem {
    pub slug: String,
    pub name: String,
    pub url: String,
    pub producer_name: String,
    pub producer_slug: String,
    pub group: Option<String>,
    pub stars: Option<i64>,
    pub recognition_year: Option<i64>,
    pub commune_2025: Option<String>,
    pub district_pre2025: Option<String>,
}

#[derive(serde::Serialize)]
pub struct ProductPage {
    pub total: usize,
    pub page: u32,
    pub per_page: u32,
    pub pages: u32,
    pub sort: Sort,
    pub items: Vec<ProductItem>,
    pub facets: Facets,
}

fn bad(field: &str, vi: &str, en: &str) -> WebError {
    WebError::BadRequest(format!("{field}: {vi} ({en})"))
}

fn number<T: std::str::FromStr>(
    field: &str,
    value: Option<&String>,
    ok: impl Fn(&T) -> bool,
    vi: &str,
    en: &str,
) -> Result<Option<T>, WebError> {
    match value.map(|v| v.trim()).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => v
            .parse::<T>()
            .ok()
            .filter(|n| ok(n))
            .map(Some)
            .ok_or_else(|| bad(field, vi, en)),
    }
}

pub async fn list(
    State(state): State<AppState>,
    address: axum::http::Uri,
    q: Result<Query<ApiQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<axum::response::Response, WebError> {
    let Query(q) = q.map_err(super::query_error)?;
    let group = match q.group.as_deref().map(str::trim).filter(|g| !g.is_empty()) {
        None => None,
        Some(g) => Some(
            ocop_domain::ProductGroup::parse_code(g)
                .ok_or_else(|| bad("group", "nhóm phải là I đến VI", "group must be I to VI"))?
                .code()
                .to_owned(),
        ),
    };
    let sort = match q.sort.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(Sort::parse(s).ok_or_else(|| {
            bad(
                "sort",
                "chỉ nhận relevance, newest, stars hoặc name",
                "one of relevance, newest, stars, name",
            )
        })?),
    };
    let text = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let query = ProductQuery {
        q: q.q.clone(),
        group,
        stars: number(
            "stars",
            q.stars.as_ref(),
            |n: &i64| (3..=5).contains(n),
            "hạng sao phải là 3, 4 hoặc 5",
            "stars must be 3, 4 or 5",
        )?,
        year: number(
            "year",
            q.year.as_ref(),
            |n: &i64| (2019..=2100).contains(n),
            "năm phải từ 2019 đến 2100",
            "year must be from 2019 to 2100",
        )?,
        place: text(&q.commune),
        department: text(&q.department),
        sort,
        page: number(
            "page",
            q.page.as_ref(),
            |n: &u32| (1..=1_000_000).contains(n),
            "trang là số từ 1 đến 1000000",
            "page is a number from 1 to 1000000",
        )?
        .unwrap_or(1),
        per_page: number(
            "per_page",
            q.per_page.as_ref(),
            |n: &u32| (1..=MAX_PER_PAGE).contains(n),
            "mỗi trang từ 1 đến 100",
            "per_page must be 1 to 100",
        )?
        .unwrap_or(20),
    };
    let snapshot = state.snapshot().await?;
    // The question as understood (defaults filled in), so equivalent
    // addresses share one answer.
    let question = format!("{query:?}");
    state
        .api_answers
        .json(&snapshot.signature, None, &question, &address, || {
            let r = ocop_app::search::products(&snapshot, &query);
            Ok(ProductPage {
                total: r.total,
                page: r.page,
                per_page: r.per_page,
                pages: r.pages,
                sort: r.sort,
                items: r
                    .items
                    .into_iter()
                    .map(|p| ProductItem {
                        url: state.absolute(&format!("/san-pham/{}", p.slug)),
                        slug: p.slug,
                        name: p.name,
                        producer_name: p.producer_name,
                        producer_slug: p.producer_slug,
                        group: p.group_code,
                        stars: p.stars,
                        recognition_year: p.year,
                        commune_2025: p.commune_2025,
                        district_pre2025: p.district_pre2025,
                    })
                    .collect(),
                facets: r.facets,
            })
        })
}
