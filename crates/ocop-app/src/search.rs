//! Tìm kiếm sản phẩm — the portal's one search: the database narrows by
//! folded words; filters, ranking, facet counts and paging are computed here
//! with the domain's rules, so SQLite and PostgreSQL answer identically.

use ocop_domain::search::SearchQuery;
use ocop_store::catalog::ProductSummary;
use ocop_store::search::{Candidate, PlaceHit, ProducerHit};
use ocop_store::{Store, StoreError};
use std::collections::BTreeMap;

/// How results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Best match first (the default when words were typed).
    #[default]
    Relevance,
    /// Most recently recognised first (the default otherwise).
    Newest,
    Stars,
    Name,
}

impl Sort {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "relevance" => Some(Self::Relevance),
            "newest" => Some(Self::Newest),
            "stars" => Some(Self::Stars),
            "name" => Some(Self::Name),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Relevance => "relevance",
            Self::Newest => "newest",
            Self::Stars => "stars",
            Self::Name => "name",
        }
    }
}

/// A catalogue query; empty fields do not narrow.
#[derive(Debug, Clone, Default)]
pub struct ProductQuery {
    pub q: String,
    pub group: Option<String>,
    pub stars: Option<i64>,
    pub year: Option<i64>,
    /// A 2025 commune code or a pre-2025 district or commune code.
    pub place: Option<String>,
    /// An agency (sở) code: the product groups it leads.
    pub department: Option<String>,
    pub sort: Option<Sort>,
    /// 1-based.
    pub page: u32,
    pub per_page: u32,
}

pub const MAX_PER_PAGE: u32 = 100;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FacetCount {
    pub key: String,
    pub label: String,
    pub count: usize,
}

/// For each facet, how many results each value would give with the other
/// filters kept (so choosing a value never shows a count that lies).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Facets {
    pub groups: Vec<FacetCount>,
    pub stars: Vec<FacetCount>,
    pub years: Vec<FacetCount>,
    /// 2025 communes.
    pub communes: Vec<FacetCount>,
    /// Pre-2025 districts.
    pub districts: Vec<FacetCount>,
    pub departments: Vec<FacetCount>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct ProductResults {
    pub total: usize,
    pub page: u32,
    pub per_page: u32,
    pub pages: u32,
    pub sort: Sort,
    pub items: Vec<ProductSummary>,
    pub facets: Facets,
}

/// Which filter a facet ignores when it counts.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Facet {
    None,
    Group,
    Stars,
    Year,
    Place,
    Department,
}

struct Filters<'a> {
    q: &'a ProductQuery,
    department_groups: Option<Vec<&'a str>>,
}

impl Filters<'_> {
    fn keeps(&self, c: &Candidate, ignoring: Facet) -> bool {
        let q = self.q;
        (ignoring == Facet::Group || q.group.is_none() || c.group_code == q.group)
            && (ignoring == Facet::Stars || q.stars.is_none() || c.stars == q.stars)
            && (ignoring == Facet::Year || q.year.is_none() || c.year == q.year)
            && (ignoring == Facet::Place
                || q.place.as_deref().is_none_or(|p| {
                    [
                        &c.commune_code_2025,
                        &c.district_code_pre2025,
                        &c.commune_code_pre2025,
                    ]
                    .iter()
                    .any(|code| code.as_deref() == Some(p))
                }))
            && (ignoring == Facet::Department
                || self.department_groups.as_ref().is_none_or(|groups| {
                    c.group_code.as_deref().is_some_and(|g| groups.contains(&g))
                }))
    }
}

fn count_by<'a>(
    candidates: &'a [Candidate],
    filters: &Filters<'_>,
    facet: Facet,
    keys: impl Fn(&'a Candidate) -> Vec<String>,
) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for c in candidates.iter().filter(|c| filters.keeps(c, facet)) {
        for k in keys(c) {
            *counts.entry(k).or_insert(0) += 1;
        }
    }
    counts
}

fn facet_list(counts: BTreeMap<String, usize>, label: impl Fn(&str) -> String) -> Vec<FacetCount> {
    counts
        .into_iter()
        .map(|(key, count)| FacetCount {
            label: label(&key),
            key,
            count,
        })
        .collect()
}

/// Runs a catalogue query.
pub async fn products(
    store: &Store,
    province: &str,
    query: &ProductQuery,
) -> Result<ProductResults, StoreError> {
    let parsed = SearchQuery::parse(&query.q);
    let candidates = store
        .product_candidates(province, &parsed.folded_words())
        .await?;
    let leads = store.group_leads(province).await?;
    let places = store.places_in_use(province).await?;
    let filters = Filters {
        q: query,
        department_groups: query.department.as_deref().map(|d| {
            leads
                .iter()
                .filter(|l| l.agency_code == d)
                .map(|l| l.group_code.as_str())
                .collect()
        }),
    };
    let place_name = |scheme: &str, code: &str| {
        places
            .iter()
            .find(|p| p.scheme == scheme && p.code == code)
            .map_or_else(|| code.to_owned(), |p| p.full_name.clone())
    };
    let facets = Facets {
        groups: facet_list(
            count_by(&candidates, &filters, Facet::Group, |c| {
                c.group_code.iter().cloned().collect()
            }),
            |k| {
                ocop_domain::ProductGroup::parse_code(k)
                    .map_or_else(|| k.to_owned(), |g| g.name_vi().to_owned())
            },
        ),
        stars: facet_list(
            count_by(&candidates, &filters, Facet::Stars, |c| {
                c.stars.iter().map(i64::to_string).collect()
            }),
            |k| format!("{k} sao"),
        ),
        years: {
            let mut y = facet_list(
                count_by(&candidates, &filters, Facet::Year, |c| {
                    c.year.iter().map(i64::to_string).collect()
                }),
                str::to_owned,
            );
            y.reverse();
            y
        },
        communes: facet_list(
            count_by(&candidates, &filters, Facet::Place, |c| {
                c.commune_code_2025.iter().cloned().collect()
            }),
            |k| place_name("2025", k),
        ),
        districts: facet_list(
            count_by(&candidates, &filters, Facet::Place, |c| {
                c.district_code_pre2025.iter().cloned().collect()
            }),
            |k| place_name("pre2025", k),
        ),
        departments: {
            let mut agencies: Vec<(&str, &str)> = leads
                .iter()
                .map(|l| (l.agency_code.as_str(), l.agency_name.as_str()))
                .collect();
            agencies.sort_unstable();
            agencies.dedup();
            agencies
                .into_iter()
                .map(|(code, name)| FacetCount {
                    key: code.to_owned(),
                    label: name.to_owned(),
                    count: candidates
                        .iter()
                        .filter(|c| filters.keeps(c, Facet::Department))
                        .filter(|c| {
                            leads.iter().any(|l| {
                                l.agency_code == code
                                    && c.group_code.as_deref() == Some(l.group_code.as_str())
                            })
                        })
                        .count(),
                })
                .filter(|f| f.count > 0)
                .collect()
        },
    };
    let sort = query.sort.unwrap_or(if parsed.is_empty() {
        Sort::Newest
    } else {
        Sort::Relevance
    });
    let mut hits: Vec<(u32, &Candidate)> = candidates
        .iter()
        .filter(|c| filters.keeps(c, Facet::None))
        .map(|c| (parsed.score(&c.name, &c.producer_name), c))
        .collect();
    let newest = |a: &Candidate, b: &Candidate| {
        b.year
            .unwrap_or(0)
            .cmp(&a.year.unwrap_or(0))
            .then(b.stars.unwrap_or(0).cmp(&a.stars.unwrap_or(0)))
    };
    hits.sort_by(|(sa, a), (sb, b)| {
        let primary = match sort {
            Sort::Relevance => sb.cmp(sa).then_with(|| newest(a, b)),
            Sort::Newest => newest(a, b),
            Sort::Stars => b
                .stars
                .unwrap_or(0)
                .cmp(&a.stars.unwrap_or(0))
                .then(b.year.unwrap_or(0).cmp(&a.year.unwrap_or(0))),
            Sort::Name => std::cmp::Ordering::Equal,
        };
        primary
            .then_with(|| a.name_folded.cmp(&b.name_folded))
            .then(a.id.cmp(&b.id))
    });
    let per_page = query.per_page.clamp(1, MAX_PER_PAGE);
    let total = hits.len();
    let pages = u32::try_from(total.div_ceil(per_page as usize)).unwrap_or(u32::MAX);
    let page = query.page.max(1);
    let start = (page as usize - 1).saturating_mul(per_page as usize);
    let ids: Vec<i64> = hits
        .iter()
        .skip(start)
        .take(per_page as usize)
        .map(|(_, c)| c.id)
        .collect();
    Ok(ProductResults {
        total,
        page,
        per_page,
        pages,
        sort,
        items: store.product_summaries(&ids).await?,
        facets,
    })
}

/// What the one search box finds besides products.
#[derive(Debug, Clone, serde::Serialize)]
pub struct OtherHits {
    pub producers: Vec<ProducerHit>,
    pub places: Vec<PlaceHit>,
}

pub async fn producers_and_places(
    store: &Store,
    province: &str,
    q: &str,
) -> Result<OtherHits, StoreError> {
    let words = SearchQuery::parse(q).folded_words();
    if words.is_empty() {
        return Ok(OtherHits {
            producers: Vec::new(),
            places: Vec::new(),
        });
    }
    Ok(OtherHits {
        producers: store.producers_matching(province, &words, 10).await?,
        places: store.places_matching(province, &words, 10).await?,
    })
}
