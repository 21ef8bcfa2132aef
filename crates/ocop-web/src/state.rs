use ocop_app::auth::SessionPolicy;
use ocop_app::{Clock, Entropy, Province};
use ocop_store::Store;
use std::sync::Arc;

/// Scan pages kept in memory: at most this many, and this many bytes. A
/// batch's page is about 10 KB kept (plain, gzip and brotli), so the budget
/// holds the 10,000 batches on shelves that `bench/run` scans, with room.
const SCAN_PAGES: usize = 20_000;
const SCAN_PAGE_BYTES: usize = 128 * 1024 * 1024;

/// What every handler can reach, behind one `Arc`: axum clones the state
/// for every middleware and extractor of every request, and one shared
/// counter is far cheaper than a field-by-field copy (a profile of the
/// cached-page path found a tenth of its time in cloning and dropping it).
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// The state itself. Holds nothing that must outlive a request in one
/// process: all state that matters is in the database, so several instances
/// can serve the same PostgreSQL.
#[derive(Clone)]
pub struct Shared {
    pub store: Store,
    pub clock: Arc<dyn Clock>,
    pub entropy: Arc<dyn Entropy>,
    pub province: Province,
    pub sessions: SessionPolicy,
    /// The portal's public address (`https://ocop.example.gov.vn`), for
    /// canonical links, the sitemap and link previews.
    pub public_origin: String,
    /// The catalogue in memory, for search and the star check.
    pub catalogue: Arc<ocop_app::catalogue::Catalogue>,
    /// Rendered product pages, valid for one catalogue signature and day.
    /// Public pages, compressed, per data signature and day.
    pub public_pages: Arc<crate::public_cache::PublicCache>,
    /// Answers of the public API, per data signature (and day).
    pub api_answers: Arc<crate::api::answers::Answers>,
    /// Rendered scan pages, valid for one catalogue and trace signature and
    /// day (the busiest request: a package's QR code).
    pub scan_pages: Arc<crate::page_cache::PageCache<Arc<crate::public_cache::Rendered>>>,
    pub trace_signature: Arc<ocop_app::scan::TraceSignature>,
    /// Scan counts not yet written (see `ocop_app::scan`).
    pub scans: Arc<ocop_app::scan::ScanCounter>,
    /// The certificate signing key, loaded (or made) on first use.
    pub sealer: Arc<tokio::sync::OnceCell<ocop_app::seal::Sealer>>,
    pub tokens: Arc<ocop_app::seal::TokenIndex>,
    /// The 2025 provinces, read once, for the scan page's question.
    pub provinces: Arc<tokio::sync::OnceCell<Vec<(String, String)>>>,
    /// Load balancers whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Arc<crate::client::TrustedProxies>,
}

impl AppState {
    pub fn new(store: Store, clock: Arc<dyn Clock>, province: Province) -> Self {
        let catalogue = Arc::new(ocop_app::catalogue::Catalogue::new(
            &province.code,
            std::time::Duration::ZERO,
        ));
        Self(Arc::new(Shared {
            store,
            clock,
            entropy: Arc::new(ocop_app::OsEntropy),
            province,
            sessions: SessionPolicy::default(),
            public_origin: "http://127.0.0.1:8080".to_owned(),
            catalogue,
            public_pages: Arc::default(),
            api_answers: Arc::default(),
            scan_pages: Arc::new(
                crate::page_cache::PageCache::with_limits(SCAN_PAGES, SCAN_PAGE_BYTES)
                    .admitting_on_second_request(),
            ),
            trace_signature: Arc::new(ocop_app::scan::TraceSignature::new(
                std::time::Duration::ZERO,
            )),
            scans: Arc::default(),
            sealer: Arc::default(),
            tokens: Arc::default(),
            provinces: Arc::default(),
            trusted_proxies: Arc::default(),
        }))
    }

    /// The state to change while the application is being built (before any
    /// request holds a clone, so nothing is copied).
    fn building(&mut self) -> &mut Shared {
        Arc::make_mut(&mut self.0)
    }

    /// How long an instance trusts the catalogue signature it last read
    /// before asking the database again (zero, the default: every request).
    #[must_use]
    pub fn with_freshness(mut self, window: std::time::Duration) -> Self {
        let shared = self.building();
        shared.catalogue = Arc::new(ocop_app::catalogue::Catalogue::new(
            &shared.province.code,
            window,
        ));
        shared.trace_signature = Arc::new(ocop_app::scan::TraceSignature::new(window));
        self
    }

    /// The catalogue snapshot for this request.
    pub async fn snapshot(
        &self,
    ) -> Result<Arc<ocop_app::catalogue::Snapshot>, ocop_store::StoreError> {
        self.catalogue.snapshot(&self.store).await
    }

    /// The platform's signing key.
    pub async fn sealer(&self) -> Result<&ocop_app::seal::Sealer, ocop_store::StoreError> {
        self.sealer
            .get_or_try_init(|| {
                ocop_app::seal::Sealer::load(
                    &self.store,
                    self.clock.as_ref(),
                    self.entropy.as_ref(),
                )
            })
            .await
    }

    pub async fn provinces(&self) -> Result<&[(String, String)], ocop_store::StoreError> {
        Ok(self
            .provinces
            .get_or_try_init(|| self.store.provinces_2025())
            .await?
            .as_slice())
    }

    /// Trusts `X-Forwarded-For` from these proxies.
    #[must_use]
    pub fn with_trusted_proxies(mut self, proxies: crate::client::TrustedProxies) -> Self {
        self.building().trusted_proxies = Arc::new(proxies);
        self
    }

    /// Sets the public address, without a trailing slash.
    #[must_use]
    pub fn with_public_origin(mut self, origin: &str) -> Self {
        origin
            .trim_end_matches('/')
            .clone_into(&mut self.building().public_origin);
        self
    }

    /// An absolute URL of a path on the portal.
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{path}", self.public_origin)
    }
}
