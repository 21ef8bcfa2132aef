//! Khóa đăng nhập — the counters every sign-in attempt passes before its
//! password is checked, the locks they make, and lifting them.

use super::{AuthError, SessionPolicy, stamp};
use crate::Clock;
use ocop_store::Store;
use ocop_store::audit::AuditEntry;
use ocop_store::sessions::SessionUser;

/// The part of a client address that one person controls: a whole IPv4
/// address, or an IPv6 /64 (a home or phone gets a /64 and can use any
/// address in it).
pub fn address_key(ip: std::net::IpAddr) -> String {
    match ip {
        std::net::IpAddr::V4(v4) => v4.to_string(),
        std::net::IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// The name as accounts are keyed (usernames are lowercase ASCII); cut short
/// so a huge field cannot make a huge key.
pub(super) fn login_name(username: &str) -> String {
    username.trim().to_lowercase().chars().take(64).collect()
}

/// The counters one attempt touches.
pub(super) struct Keys {
    pub(super) pair: String,
    pub(super) address: String,
    pub(super) account: String,
}

impl Keys {
    pub(super) fn new(name: &str, address: &str) -> Self {
        Self {
            pair: format!("pair:{name}|{address}"),
            address: format!("addr:{address}"),
            account: format!("acct:{name}"),
        }
    }
}

pub(super) fn local_time(t: chrono::DateTime<chrono::Utc>) -> String {
    t.with_timezone(&crate::clock::vietnam())
        .format("%H:%M ngày %d/%m/%Y")
        .to_string()
}

/// A window's end as people read it (Vietnam's time).
/// `None` only if the stored end is not a time, which the store never writes.
pub(super) fn until(
    count: &ocop_store::throttle::AttemptCount,
) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(&count.window_end)
        .ok()
        .map(|t| t.with_timezone(&chrono::Utc))
}

/// Counts an attempt against `key` whose limit is `limit`; a window lasts
/// `lock_for`, doubled for each lock in a row (see
/// [`ocop_store::Store::count_login_attempt`]).
pub(super) async fn count(
    store: &Store,
    policy: &SessionPolicy,
    now: chrono::DateTime<chrono::Utc>,
    key: &str,
    limit: i64,
) -> Result<ocop_store::throttle::AttemptCount, AuthError> {
    let ends: [String; ocop_store::throttle::MAX_LEVEL + 1] =
        std::array::from_fn(|level| stamp(now + policy.lock_for * (1 << level)));
    Ok(store
        .count_login_attempt(key, &stamp(now), limit, &ends)
        .await?)
}

pub(super) async fn audit_sign_in(
    store: &Store,
    now: &str,
    name: &str,
    action: &str,
    address: &str,
    reason: Option<&str>,
) {
    let entry = AuditEntry::of(name, action, "user", name)
        .after(serde_json::json!({ "address": address, "reason": reason }));
    // The attempt's answer does not wait on, or fail with, its log line.
    if let Err(e) = store.audit_event(now, entry).await {
        tracing::warn!(error = %e, "could not audit a sign-in");
    }
}

/// Accounts some address is locked out of now (for the administrator's list).
pub async fn locked_accounts(
    store: &Store,
    clock: &dyn Clock,
    policy: &SessionPolicy,
) -> Result<std::collections::BTreeSet<String>, AuthError> {
    let keys = store
        .login_keys_over(
            &stamp(clock.now()),
            policy.max_failures,
            policy.max_per_account,
        )
        .await?;
    Ok(keys
        .iter()
        .filter_map(|k| {
            k.strip_prefix("pair:")
                .and_then(|rest| rest.split('|').next())
                .or_else(|| k.strip_prefix("acct:"))
                .map(str::to_owned)
        })
        .collect())
}

/// Lifts every sign-in lock on an account (an administrator's act, audited).
pub async fn unlock(
    store: &Store,
    clock: &dyn Clock,
    admin: &SessionUser,
    username: &str,
) -> Result<u64, AuthError> {
    let name = login_name(username);
    if store.login_account(&name).await?.is_none() {
        return Err(AuthError::UnknownUser(name));
    }
    let mut n = store
        .clear_login_attempts_like(&format!("pair:{name}|"))
        .await?;
    n += store
        .clear_login_attempts_like(&format!("acct:{name}"))
        .await?;
    store
        .audit_event(
            &clock.stamp(),
            AuditEntry::of(&admin.username, "unlock_sign_in", "user", name)
                .after(serde_json::json!({ "cleared": n })),
        )
        .await?;
    Ok(n)
}
