//! The catalogue in memory: every product of the province ready to search,
//! every certificate by number, rebuilt when the database's catalogue
//! signature changes. Searches and star checks then touch no database.
//!
//! Several instances may serve one PostgreSQL: each asks for the signature
//! (a few index lookups) at most once per `freshness` window, so a change
//! made anywhere shows everywhere within that window.

use ocop_domain::search::Prepared;
use ocop_store::agencies::GroupLead;
use ocop_store::catalog::PlaceInUse;
use ocop_store::certificates::CertifiedProduct;
use ocop_store::snapshot::SearchRow;
use ocop_store::{Store, StoreError};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

mod words;

pub use words::*;

/// One product, with its names prepared for matching and ranking.
#[derive(Debug, Clone)]
pub struct Entry {
    pub row: SearchRow,
    pub name: Prepared,
    pub producer: Prepared,
    /// Stars and year as facet keys, made once.
    pub stars_key: Option<String>,
    pub year_key: Option<String>,
    /// Position in the catalogue ordered by folded name then id.
    pub name_rank: u32,
    /// Position in `Snapshot::entries`.
    pub index: usize,
    /// For each facet (see [`FACETS`]), the position of this product's value
    /// in `Snapshot::facet_keys`, or `NO_SLOT`: counting is then indexing.
    pub slots: [u32; FACETS],
    /// The 2025-commune and pre-2025-district facet slots of every place of
    /// its area (`SearchRow::area_codes`), as `(facet, slot)`: a place's
    /// count is then what filtering by it finds.
    pub place_slots: Vec<(usize, u32)>,
}

/// Group, stars, year, 2025 commune, pre-2025 district.
pub const FACETS: usize = 6;
pub const NO_SLOT: u32 = u32::MAX;
/// The facets that count places (2025 commune, pre-2025 district).
pub const PLACE_FACETS: (usize, usize) = (3, 4);

/// The catalogue as of one signature.
#[derive(Debug, Default)]
pub struct Snapshot {
    pub signature: String,
    pub entries: Vec<Entry>,
    /// Newest first within each product.
    pub certificates: Vec<CertifiedProduct>,
    by_number: HashMap<String, usize>,
    by_product: HashMap<String, Vec<usize>>,
    pub places: Vec<PlaceInUse>,
    /// Place positions by code, per scheme ("2025", "pre2025").
    place_names: HashMap<String, HashMap<String, usize>>,
    /// The values each facet takes in this catalogue.
    pub facet_keys: [Vec<String>; FACETS],
    pub leads: Vec<GroupLead>,
    /// Departments by group and by criteria set ([`ocop_domain::agency::Leads`]).
    pub department_leads: ocop_domain::agency::Leads,
    /// Every folded word of product, producer and place names, sorted, with
    /// the entries it occurs in: a typed word matches the words it begins.
    tokens: Vec<(String, Vec<u32>)>,
    name_tokens: Vec<(String, Vec<u32>)>,
    producer_tokens: Vec<(String, Vec<u32>)>,
    /// The words of names as written (lowercase, accents kept), for ranking
    /// the user's own accents first without scanning every name.
    name_lower_tokens: Vec<(String, Vec<u32>)>,
    producer_lower_tokens: Vec<(String, Vec<u32>)>,
}

impl Snapshot {
    async fn load(store: &Store, province: &str, signature: String) -> Result<Self, StoreError> {
        let rows = store.search_rows(province).await?;
        let certificates = store.all_certificates(province).await?;
        let mut by_number = HashMap::new();
        let mut by_product: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, c) in certificates.iter().enumerate() {
            if let Some(n) = &c.certificate.number {
                // The newest record wins when a number was reused.
                by_number.entry(n.to_ascii_uppercase()).or_insert(i);
            }
            by_product
                .entry(c.product_slug.clone())
                .or_default()
                .push(i);
        }
        Ok(Self {
            signature,
            entries: rows
                .into_iter()
                .map(|row| Entry {
                    name: Prepared::new(&row.summary.name),
                    producer: Prepared::new(&row.summary.producer_name),
                    stars_key: row.summary.stars.map(|s| s.to_string()),
                    year_key: row.summary.year.map(|y| y.to_string()),
                    name_rank: 0,
                    index: 0,
                    slots: [NO_SLOT; FACETS],
                    place_slots: Vec::new(),
                    row,
                })
                .collect(),
            certificates,
            by_number,
            by_product,
            place_names: HashMap::new(),
            facet_keys: Default::default(),
            places: store.places_in_use(province).await?,
            leads: store.group_leads(province).await?,
            department_leads: store.department_leads(province).await?,
            tokens: Vec::new(),
            name_tokens: Vec::new(),
            producer_tokens: Vec::new(),
            name_lower_tokens: Vec::new(),
            producer_lower_tokens: Vec::new(),
        }
        .index_places()
        .index_words()
        .index_facets())
    }

    fn index_facets(mut self) -> Self {
        let mut keys: [Vec<String>; FACETS] = Default::default();
        let mut seen: [HashMap<String, u32>; FACETS] = Default::default();
        for e in &mut self.entries {
            // The department: of the product's set where the province named
            // one, else of its group (`Leads::lead_of`).
            let department = self
                .department_leads
                .lead_of(
                    e.row.criteria_set.as_deref(),
                    e.row.summary.group_code.as_deref(),
                )
                .map(|(code, _)| code.to_owned());
            let values = [
                e.row.summary.group_code.clone(),
                e.stars_key.clone(),
                e.year_key.clone(),
                e.row.commune_code_2025.clone(),
                e.row.district_code_pre2025.clone(),
                department,
            ];
            for (f, v) in values.into_iter().enumerate() {
                if let Some(v) = v {
                    let next = u32::try_from(keys[f].len()).unwrap_or(NO_SLOT);
                    let slot = *seen[f].entry(v.clone()).or_insert_with(|| {
                        keys[f].push(v);
                        next
                    });
                    e.slots[f] = slot;
                }
            }
        }
        for e in &mut self.entries {
            e.place_slots = e
                .row
                .area_codes
                .iter()
                .flat_map(|code| {
                    [PLACE_FACETS.0, PLACE_FACETS.1]
                        .into_iter()
                        .filter_map(|f| seen[f].get(code).map(|slot| (f, *slot)))
                })
                .collect();
        }
        self.facet_keys = keys;
        self
    }

    fn index_places(mut self) -> Self {
        for (i, e) in self.entries.iter_mut().enumerate() {
            e.index = i;
        }
        let mut names: HashMap<String, HashMap<String, usize>> = HashMap::new();
        for (i, p) in self.places.iter().enumerate() {
            names
                .entry(p.scheme.clone())
                .or_default()
                .insert(p.code.clone(), i);
        }
        self.place_names = names;
        self
    }

    /// The full name of a place products are recorded in.
    pub fn place_name(&self, scheme: &str, code: &str) -> Option<&str> {
        self.place_names
            .get(scheme)
            .and_then(|m| m.get(code))
            .and_then(|i| self.places.get(*i))
            .map(|p| p.full_name.as_str())
    }

    /// The certificate printed with this number, any case.
    pub fn certificate(&self, number: &str) -> Option<&CertifiedProduct> {
        self.by_number
            .get(&number.trim().to_ascii_uppercase())
            .and_then(|i| self.certificates.get(*i))
    }

    /// A product's certificates, newest first.
    pub fn certificates_of(&self, product_slug: &str) -> impl Iterator<Item = &CertifiedProduct> {
        self.by_product
            .get(product_slug)
            .into_iter()
            .flatten()
            .filter_map(|i| self.certificates.get(*i))
    }
}

/// Holds the current snapshot and knows when to look for a newer one.
pub struct Catalogue {
    province: String,
    freshness: Duration,
    current: RwLock<Arc<Snapshot>>,
    checked: Mutex<Option<Instant>>,
    checking: crate::refresh::OneRefresh,
    rebuild: tokio::sync::Mutex<()>,
}

impl Catalogue {
    /// `freshness`: how long an instance trusts the signature it last read
    /// (zero: ask on every request).
    pub fn new(province: &str, freshness: Duration) -> Self {
        Self {
            province: province.to_owned(),
            freshness,
            current: RwLock::new(Arc::new(Snapshot::default())),
            checked: Mutex::new(None),
            checking: crate::refresh::OneRefresh::default(),
            rebuild: tokio::sync::Mutex::new(()),
        }
    }

    fn current(&self) -> Arc<Snapshot> {
        self.current
            .read()
            .map_or_else(|p| p.into_inner().clone(), |s| s.clone())
    }

    fn fresh(&self) -> bool {
        let checked = self.checked.lock().map_or(None, |c| *c);
        checked.is_some_and(|t| t.elapsed() < self.freshness)
    }

    /// The snapshot in memory while its window lasts, without waiting:
    /// `None` when the database must be asked first (see [`Self::snapshot`]).
    pub fn fresh_snapshot(&self) -> Option<Arc<Snapshot>> {
        self.fresh().then(|| self.current())
    }

    /// The snapshot for this request: the one in memory while the window
    /// lasts, else after comparing signatures (and rebuilding once, with
    /// other requests waiting for that one rebuild, when it changed).
    pub async fn snapshot(&self, store: &Store) -> Result<Arc<Snapshot>, StoreError> {
        if self.fresh() {
            return Ok(self.current());
        }
        let have = self.current();
        let _checking = match self.checking.start() {
            Some(guard) => Some(guard),
            // Someone is already comparing signatures: keep this window's
            // snapshot (none yet, or asked to check every time: wait instead).
            None if !have.signature.is_empty() && !self.freshness.is_zero() => return Ok(have),
            None => None,
        };
        let signature = match crate::refresh::bounded(store.catalogue_signature()).await {
            Ok(s) => s,
            // The database is down or not answering: what is in memory is
            // still the best answer a reader can get (pages made from it
            // keep being served), so only an empty instance fails.
            Err(e) if e.is_unavailable() && !have.signature.is_empty() => {
                tracing::warn!(error = %e, "catalogue signature unavailable; serving the snapshot in memory");
                return Ok(have);
            }
            Err(e) => return Err(e),
        };
        if self.current().signature == signature {
            self.mark_checked();
            return Ok(self.current());
        }
        let _one = self.rebuild.lock().await;
        // Another request may have rebuilt it while this one waited.
        if self.current().signature == signature {
            return Ok(self.current());
        }
        let snapshot = Arc::new(Snapshot::load(store, &self.province, signature).await?);
        if let Ok(mut c) = self.current.write() {
            *c = snapshot.clone();
        }
        self.mark_checked();
        Ok(snapshot)
    }

    fn mark_checked(&self) {
        if let Ok(mut c) = self.checked.lock() {
            *c = Some(Instant::now());
        }
    }
}
