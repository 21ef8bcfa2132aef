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
}

impl AppState {
    pub fn new(store: Store, clock: Arc<dyn Clock>, province: Province) -> Self {
        Self {
            store,
            clock,
            entropy: Arc::new(ocop_app::OsEntropy),
            province,
            sessions: SessionPolicy::default(),
        }
    }
}
