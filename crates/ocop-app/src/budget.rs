//! Hạn mức — how much one sender (or everyone together) may ask of the
//! public forms, counted in the database per window so every instance shares
//! the count and parallel requests cannot slip past it.
//!
//! A sender is never stored as an address: it is hashed with a salt that
//! lives one day (see [`sender_key`]), enough to count and no more.

use crate::{Clock, Entropy};
use ocop_store::{Store, StoreError};
use sha2::Digest as _;

/// How long a budget's window lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    Hour,
    Day,
}

/// A limit on one kind of request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// The bucket's name in the database.
    pub name: &'static str,
    pub limit: i64,
    pub window: Window,
}

/// Misuse reports one sender may *send* a day, counted before the body is
/// read (mistyped forms sent again included).
pub const MISUSE_ATTEMPTS: Budget = Budget {
    name: "misuse-try",
    limit: 20,
    window: Window::Day,
};
/// Misuse reports one sender may have *accepted* a day.
pub const MISUSE_ACCEPTED: Budget = Budget {
    name: "misuse",
    limit: ocop_domain::misuse::MAX_PER_SENDER_PER_DAY,
    window: Window::Day,
};
/// Misuse reports the province takes a day from everyone together.
pub const MISUSE_ALL: Budget = Budget {
    name: "misuse-all",
    limit: ocop_domain::misuse::MAX_PER_DAY,
    window: Window::Day,
};
/// Producer registrations one sender may send an hour.
pub const REGISTRATIONS: Budget = Budget {
    name: "register",
    limit: 5,
    window: Window::Hour,
};
/// Registrations the province takes a day from everyone together.
pub const REGISTRATIONS_ALL: Budget = Budget {
    name: "register-all",
    limit: 300,
    window: Window::Day,
};

impl Budget {
    fn window_start(&self, clock: &dyn Clock) -> String {
        let now = clock.now();
        match self.window {
            Window::Day => clock.today().to_string(),
            Window::Hour => now.format("%Y-%m-%dT%H:00Z").to_string(),
        }
    }

    /// Counts one request against `key`; `Ok(false)` when it is over the
    /// limit (the caller refuses it, having done no expensive work).
    pub async fn take(
        &self,
        store: &Store,
        clock: &dyn Clock,
        key: &str,
    ) -> Result<bool, StoreError> {
        let bucket = format!("{}:{key}", self.name);
        let used = store
            .take_budget(&bucket, &self.window_start(clock))
            .await?;
        Ok(used <= self.limit)
    }
}

/// The sender's key for today: the address hashed with the day's salt, which
/// is deleted the next day, so yesterday's keys cannot be linked to anyone.
pub async fn sender_key(
    store: &Store,
    clock: &dyn Clock,
    entropy: &dyn Entropy,
    sender: std::net::IpAddr,
) -> Result<String, StoreError> {
    let day = clock.today().to_string();
    let mut fresh = [0u8; 16];
    // A failed random source leaves zeros: the salt is then guessable, which
    // weakens only the unlinking, never the counting.
    let _ = entropy.fill(&mut fresh);
    let fresh: String = fresh.iter().map(|b| format!("{b:02x}")).collect();
    let salt = store.daily_salt(&day, &fresh).await?;
    let address = crate::auth::address_key(sender);
    Ok(format!(
        "{:x}",
        sha2::Sha256::digest(format!("{salt}|{address}").as_bytes())
    )[..32]
        .to_owned())
}

/// Drops windows older than two days (run with the hourly jobs).
pub async fn prune(store: &Store, clock: &dyn Clock) -> Result<u64, StoreError> {
    let before = (clock.today() - chrono::Duration::days(2)).to_string();
    store.prune_budgets(&before).await
}
