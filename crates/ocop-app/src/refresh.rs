//! One refresh at a time. When a cached value's window runs out, every
//! request arriving in that instant would otherwise ask the database at
//! once (64 clients: 64 signature queries queued on the pool, a latency
//! spike every window). One of them asks; the others keep the value they
//! have, which is at most one window old — what the window promises anyway.

use std::sync::atomic::{AtomicBool, Ordering};

#[derive(Debug, Default)]
pub struct OneRefresh(AtomicBool);

/// Held by the request that refreshes; dropping it (also when the request
/// is cancelled half-way) lets the next one try.
#[derive(Debug)]
pub struct Refreshing<'a>(&'a AtomicBool);

impl OneRefresh {
    /// `Some` for the one caller that should refresh now.
    pub fn start(&self) -> Option<Refreshing<'_>> {
        (!self.0.swap(true, Ordering::AcqRel)).then_some(Refreshing(&self.0))
    }
}

impl Drop for Refreshing<'_> {
    fn drop(&mut self) {
        self.0.store(false, Ordering::Release);
    }
}

/// How long a read that decides whether memory is still fresh may take: a
/// database that stops answering must not hold pages that memory can serve.
pub const SIGNATURE_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

/// Runs a signature read within [`SIGNATURE_WAIT`].
pub async fn bounded<T>(
    read: impl std::future::Future<Output = Result<T, ocop_store::StoreError>>,
) -> Result<T, ocop_store::StoreError> {
    tokio::time::timeout(SIGNATURE_WAIT, read)
        .await
        .unwrap_or(Err(ocop_store::StoreError::TimedOut(SIGNATURE_WAIT)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_refreshes_while_the_others_wait_and_a_dropped_refresh_frees_the_next() {
        let r = OneRefresh::default();
        let first = r.start();
        assert!(first.is_some());
        assert!(r.start().is_none(), "a second caller keeps its value");
        drop(first);
        assert!(r.start().is_some(), "the next window may refresh again");
    }
}
