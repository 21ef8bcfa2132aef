//! Tìm kiếm sản phẩm — the portal's one search: the database narrows by
//! folded words; filters, ranking, facet counts and paging are computed here
//! with the domain's rules, so SQLite and PostgreSQL answer identically.

use crate::catalogue::{Bits, Entry, Snapshot, WordSets};
use ocop_domain::search::SearchQuery;
use ocop_store::catalog::ProductSummary;
use ocop_store::search::{PlaceHit, ProducerHit};
use ocop_store::{Store, StoreError};
use std::collections::BTreeMap;

mod facets;
pub use facets::*;

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

/// The domain's ranking, fed from the word sets instead of scanning names;
/// `accents[i]`: where word `i`, typed with accents, begins a word of the
/// name and of the producer's name as written.
fn score(sets: &[WordSets], accents: &[Option<(Bits, Bits)>], e: &Entry) -> u32 {
    sets.iter()
        .enumerate()
        .map(|(i, s)| {
            let accent = accents.get(i).and_then(Option::as_ref);
            ocop_domain::search::word_score(&ocop_domain::search::WordMatch {
                accent_in_name: accent.is_some_and(|(n, _)| n.has(e.index)),
                accent_in_producer: accent.is_some_and(|(_, p)| p.has(e.index)),
                whole_word_in_name: s.name_whole.has(e.index),
                starts_word_in_name: s.name_start.has(e.index),
                // Matching is by word start: a match inside a word is none.
                inside_name: false,
                starts_word_in_producer: s.producer_start.has(e.index),
            })
        })
        .sum()
}

/// The whole order of a hit as one number, smallest first: comparing two
/// integers instead of four fields is most of the cost of ordering
/// thousands of hits. Higher score, newer year and more stars come first;
/// the catalogue's name order breaks ties.
fn sort_key(sort: Sort, score: u32, e: &Entry) -> u64 {
    let s = &e.row.summary;
    let desc = |v: u64, bits: u32| ((1u64 << bits) - 1) - v.min((1u64 << bits) - 1);
    let year = desc(u64::try_from(s.year.unwrap_or(0)).unwrap_or(0), 12);
    let stars = desc(u64::try_from(s.stars.unwrap_or(0)).unwrap_or(0), 4);
    let rank = u64::from(e.name_rank);
    match sort {
        Sort::Relevance => desc(u64::from(score), 16) << 48 | year << 36 | stars << 32 | rank,
        Sort::Newest => year << 36 | stars << 32 | rank,
        Sort::Stars => stars << 44 | year << 32 | rank,
        Sort::Name => rank,
    }
}

/// Runs a catalogue query on a snapshot (no database work).
pub fn products(snapshot: &Snapshot, query: &ProductQuery) -> ProductResults {
    let parsed = SearchQuery::parse(&query.q);
    let (candidates, sets) = snapshot.matching(&parsed.folded_words());
    let filters = Filters {
        q: query,
        department_slot: query.department.as_deref().map(|d| {
            snapshot.facet_keys[DEPARTMENT]
                .iter()
                .position(|k| k == d)
                .and_then(|i| u32::try_from(i).ok())
                .unwrap_or(crate::catalogue::NO_SLOT)
        }),
    };
    let place_name = |scheme: &str, code: &str| {
        snapshot
            .place_name(scheme, code)
            .map_or_else(|| code.to_owned(), str::to_owned)
    };
    let facets = count_facets(snapshot, &candidates, &filters, place_name);
    let sort = query.sort.unwrap_or(if parsed.is_empty() {
        Sort::Newest
    } else {
        Sort::Relevance
    });
    let accents: Vec<Option<(Bits, Bits)>> = (0..sets.len())
        .map(|i| parsed.accented_word(i).map(|w| snapshot.accent_sets(w)))
        .collect();
    let mut hits: Vec<(u64, &Entry)> = candidates
        .iter()
        .copied()
        .filter(|c| filters.keeps(c, Facet::None))
        .map(|c| {
            let score = if sort == Sort::Relevance {
                score(&sets, &accents, c)
            } else {
                0
            };
            (sort_key(sort, score, c), c)
        })
        .collect();
    let order = |a: &(u64, &Entry), b: &(u64, &Entry)| a.0.cmp(&b.0);
    // Callers bound the page size (the API and pages to 100); an export asks for all.
    let per_page = query.per_page.max(1);
    let total = hits.len();
    let pages = u32::try_from(total.div_ceil(per_page as usize)).unwrap_or(u32::MAX);
    let page = query.page.max(1);
    let start = (page as usize - 1).saturating_mul(per_page as usize);
    // Only the requested page needs its order: select, then sort that part.
    let end = start.saturating_add(per_page as usize).min(total);
    if end > 0 && end < total {
        hits.select_nth_unstable_by(end - 1, order);
        hits.truncate(end);
    }
    hits.sort_by(order);
    ProductResults {
        total,
        page,
        per_page,
        pages,
        sort,
        items: hits
            .iter()
            .skip(start)
            .take(per_page as usize)
            .map(|(_, e)| e.row.summary.clone())
            .collect(),
        facets,
    }
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
