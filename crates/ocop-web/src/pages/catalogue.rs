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

/// The catalogue's parameters exactly as typed, so the form shows them back
/// and links keep them.
#[derive(Debug, Default, Clone, serde::Deserialize, serde::Serialize)]
pub struct ListQuery {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub q: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub group: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub stars: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub year: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub place: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub dept: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sort: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub page: String,
}

/// Field-level problems with what was typed.
#[derive(Debug, Default)]
pub struct QueryErrors {
    pub stars: Option<String>,
    pub year: Option<String>,
    pub page: Option<String>,
}

impl ListQuery {
    /// The query the search runs, and what was wrong with the input (a wrong
    /// field is ignored, never guessed, and the form says why).
    pub fn parse(&self, lang: Lang, per_page: u32) -> (ProductQuery, QueryErrors) {
        let mut errors = QueryErrors::default();
        let stars = match self.stars.trim() {
            "" => None,
            s => match s.parse::<i64>() {
                Ok(n @ 3..=5) => Some(n),
                _ => {
                    errors.stars = Some(
                        lang.s("Hạng sao phải là 3, 4 hoặc 5.", "Stars must be 3, 4 or 5.")
                            .to_owned(),
                    );
                    None
                }
            },
        };
        let year = match self.year.trim() {
            "" => None,
            y => match y.parse::<i64>() {
                Ok(n @ 2019..=2100) => Some(n),
                _ => {
                    errors.year = Some(
                        lang.s(
                            "Năm công nhận phải là số có 4 chữ số, từ 2019.",
                            "The year must be four digits, 2019 or later.",
                        )
                        .to_owned(),
                    );
                    None
                }
            },
        };
        let page = match self.page.trim() {
            "" => 1,
            p => p
                .parse::<u32>()
                .ok()
                .filter(|p| *p >= 1)
                .unwrap_or_else(|| {
                    errors.page = Some(
                        lang.s("Số trang không hợp lệ.", "Invalid page number.")
                            .to_owned(),
                    );
                    1
                }),
        };
        let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        (
            ProductQuery {
                q: self.q.clone(),
                group: ocop_domain::ProductGroup::parse_code(self.group.trim())
                    .map(|g| g.code().to_owned()),
                stars,
                year,
                place: text(&self.place),
                department: text(&self.dept),
                sort: Sort::parse(self.sort.trim()),
                page,
                per_page,
            },
            errors,
        )
    }

    /// This query with one parameter changed (empty removes it); the page
    /// goes back to the first unless it is what changes.
    pub fn with(&self, key: &str, value: &str) -> String {
        let mut q = self.clone();
        if key != "page" {
            q.page.clear();
        }
        let v = value.to_owned();
        match key {
            "group" => q.group = v,
            "stars" => q.stars = v,
            "year" => q.year = v,
            "place" => q.place = v,
            "dept" => q.dept = v,
            "sort" => q.sort = v,
            "page" => q.page = v,
            _ => {}
        }
        let encoded = serde_urlencoded::to_string(&q).unwrap_or_default();
        if encoded.is_empty() {
            "/san-pham".to_owned()
        } else {
            format!("/san-pham?{encoded}")
        }
    }
}

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
    /// Numbered pages: (number, link; `None` for the page shown), with
    /// `(0, None)` where pages are left out.
    page_links: Vec<(u32, Option<String>)>,
    /// Chosen filters kept when the words are changed.
    hidden: Vec<(&'static str, String)>,
    errors: QueryErrors,
    total: usize,
    page: u32,
    pages: u32,
    prev_href: Option<String>,
    next_href: Option<String>,
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
    let page_links = page_window(results.page, results.pages)
        .into_iter()
        .map(|n| match n {
            0 => (0, None),
            n if n == results.page => (n, None),
            n => (n, Some(query.with("page", &n.to_string()))),
        })
        .collect();
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
        page_links,
        total: results.total,
        page: results.page,
        pages: results.pages,
        prev_href: (results.page > 1).then(|| query.with("page", &(results.page - 1).to_string())),
        next_href: (results.page < results.pages)
            .then(|| query.with("page", &(results.page + 1).to_string())),
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

/// `GET /san-pham.xlsx?…`: the list exactly as filtered on the page, all of
/// it, as an Excel workbook.
pub async fn xlsx(
    State(state): State<AppState>,
    Query(query): Query<ListQuery>,
) -> Result<axum::response::Response, WebError> {
    use ocop_docs::lists::{Cell, Sheet, workbook_xlsx};
    let (mut search, _) = query.parse(Lang::Vi, u32::MAX);
    search.page = 1;
    let results = ocop_app::search::products(&*state.snapshot().await?, &search);
    let rows: Vec<Vec<Cell>> = results
        .items
        .iter()
        .enumerate()
        .map(|(i, p)| {
            vec![
                Cell::Number(i64::try_from(i + 1).unwrap_or(0)),
                p.name.clone().into(),
                p.producer_name.clone().into(),
                super::group_name(p.group_code.as_deref()).into(),
                p.stars.into(),
                p.year.into(),
                p.commune_2025.clone().into(),
                p.district_pre2025.clone().into(),
                state.absolute(&format!("/san-pham/{}", p.slug)).into(),
            ]
        })
        .collect();
    let filters = serde_urlencoded::to_string(&ListQuery {
        page: String::new(),
        ..query
    })
    .unwrap_or_default();
    let subtitle = format!(
        "Trích xuất ngày {} từ Cổng thông tin OCOP{}; {} sản phẩm",
        state.clock.today().format("%d/%m/%Y"),
        if filters.is_empty() {
            String::new()
        } else {
            format!(", bộ lọc: {filters}")
        },
        results.total
    );
    let bytes = workbook_xlsx(&[Sheet {
        name: "San pham OCOP",
        title: "DANH SÁCH SẢN PHẨM OCOP",
        subtitle: &subtitle,
        columns: &[
            ("STT", 6.0),
            ("Tên sản phẩm", 40.0),
            ("Chủ thể", 36.0),
            ("Nhóm sản phẩm", 22.0),
            ("Hạng sao", 9.0),
            ("Năm công nhận", 10.0),
            ("Xã, phường (từ 01/7/2025)", 24.0),
            ("Huyện (trước 01/7/2025)", 22.0),
            ("Trang sản phẩm", 40.0),
        ],
        rows: &rows,
    }])
    .map_err(WebError::fault)?;
    Ok(crate::download::file(
        crate::download::XLSX,
        "attachment; filename=\"san-pham-ocop.xlsx\"",
        bytes,
    ))
}

/// The pages a pager names: the first, the last and two either side of the
/// current one, with `0` where a run is left out (1 … 4 5 6 7 8 … 40).
pub fn page_window(current: u32, pages: u32) -> Vec<u32> {
    let mut out = Vec::new();
    for n in 1..=pages {
        if n == 1 || n == pages || n.abs_diff(current) <= 2 {
            out.push(n);
        } else if out.last() != Some(&0) {
            out.push(0);
        }
    }
    out
}

#[cfg(test)]
mod pager_tests {
    #[test]
    fn the_pager_names_the_ends_and_the_neighbours() {
        assert_eq!(super::page_window(1, 1), [1]);
        assert_eq!(super::page_window(1, 3), [1, 2, 3]);
        assert_eq!(super::page_window(6, 40), [1, 0, 4, 5, 6, 7, 8, 0, 40]);
        assert_eq!(super::page_window(40, 40), [1, 0, 38, 39, 40]);
        assert!(super::page_window(1, 0).is_empty());
    }
}
