use ocop_app::auth::SessionPolicy;
use ocop_app::{Clock, Entropy, Province};
use ocop_store::Store;
use std::sync::Arc;

/// What every handler can reach. Holds nothing that must outlive a request
/// in one process: all state that matters is in the database, so several
/// instances can serve the same PostgreSQL.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub clock: Arc<dyn Clock>,
    pub entropy: Arc<dyn Entropy>,
    pub province: Province,
    pub sessions: SessionPolicy,
    /// The portal's public address (`https://ocop.example.gov.vn`), for
    /// canonical links, the sitemap and link previews.
    pub public_origin: String,
}

impl AppState {
    pub fn new(store: Store, clock: Arc<dyn Clock>, province: Province) -> Self {
        Self {
            store,
            clock,
            entropy: Arc::new(ocop_app::OsEntropy),
            province,
            sessions: SessionPolicy::default(),
            public_origin: "http://127.0.0.1:8080".to_owned(),
        }
    }

    /// Sets the public address, without a trailing slash.
    #[must_use]
    pub fn with_public_origin(mut self, origin: &str) -> Self {
        origin
            .trim_end_matches('/')
            .clone_into(&mut self.public_origin);
        self
    }

    /// An absolute URL of a path on the portal.
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{path}", self.public_origin)
    }
}
