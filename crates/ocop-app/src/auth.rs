//! Đăng nhập — sign-in, sessions, lockout and passwords, with time from the
//! platform's clock so every limit is testable.

use crate::accounts::{hash_password, verify_password};
use crate::{Clock, Entropy};
use chrono::Duration;
use ocop_store::sessions::SessionUser;
use ocop_store::{Store, StoreError};
use sha2::{Digest as _, Sha256};
use thiserror::Error;

/// The limits of sign-in and sessions.
///
/// Attempts are counted *before* the password is checked, in three windows:
/// one account from one address (the lock a single attacker meets), one
/// address across every account (spraying many names), and one account from
/// everywhere (many addresses guessing one password). The last does not apply
/// to an address the account has signed in from lately, so a crowd of
/// strangers cannot keep an administrator out of their own office; another
/// administrator can lift any lock at once.
#[derive(Debug, Clone, Copy)]
pub struct SessionPolicy {
    /// Failed attempts of one account from one address before it locks there.
    pub max_failures: i64,
    /// Failed attempts from one address, across accounts, before it waits.
    pub max_per_address: i64,
    /// Failed attempts on one account from unknown addresses before they wait.
    pub max_per_account: i64,
    /// How long a window of counting (and so a lock) lasts; each lock in a
    /// row doubles the next window, up to 64 times this.
    pub lock_for: Duration,
    /// How long an address an account signed in from stays known.
    pub known_for: Duration,
    /// A session unused this long ends.
    pub idle: Duration,
    /// A session ends this long after sign-in, however active.
    pub absolute: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self {
            max_failures: 5,
            max_per_address: 50,
            max_per_account: 20,
            lock_for: Duration::minutes(15),
            known_for: Duration::days(90),
            idle: Duration::minutes(30),
            absolute: Duration::hours(12),
        }
    }
}

#[derive(Debug, Error)]
pub enum AuthError {
    #[error("Tên đăng nhập hoặc mật khẩu không đúng.")]
    InvalidCredentials,
    #[error("Tài khoản đang bị tạm khóa vì nhập sai mật khẩu nhiều lần; thử lại sau {0}.")]
    Locked(String),
    #[error("Mật khẩu hiện tại không đúng.")]
    WrongCurrentPassword,
    #[error("Mật khẩu mới phải khác mật khẩu cũ.")]
    SamePassword,
    #[error("{0}")]
    WeakPassword(crate::accounts::PasswordWeakness),
    #[error("không có tài khoản \"{0}\"")]
    UnknownUser(String),
    #[error(transparent)]
    Account(#[from] crate::accounts::AccountError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("không tạo được số ngẫu nhiên: {0}")]
    Entropy(getrandom::Error),
}

/// A new session: the token goes into the cookie, never into the database.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub token: String,
    pub max_age_seconds: i64,
}

pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn stamp(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

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
fn login_name(username: &str) -> String {
    username.trim().to_lowercase().chars().take(64).collect()
}

/// The counters one attempt touches.
struct Keys {
    pair: String,
    address: String,
    account: String,
}

impl Keys {
    fn new(name: &str, address: &str) -> Self {
        Self {
            pair: format!("pair:{name}|{address}"),
            address: format!("addr:{address}"),
            account: format!("acct:{name}"),
        }
    }
}

fn local_time(t: chrono::DateTime<chrono::Utc>) -> String {
    t.with_timezone(&crate::clock::vietnam())
        .format("%H:%M ngày %d/%m/%Y")
        .to_string()
}

/// A window's end as people read it (Vietnam's time).
fn until(count: &ocop_store::throttle::AttemptCount) -> String {
    chrono::DateTime::parse_from_rfc3339(&count.window_end)
        .map(|t| local_time(t.with_timezone(&chrono::Utc)))
        .unwrap_or_else(|_| count.window_end.clone())
}

/// Counts an attempt against `key` whose limit is `limit`; a window lasts
/// `lock_for`, doubled for each lock in a row (see
/// [`ocop_store::Store::count_login_attempt`]).
async fn count(
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

async fn audit_sign_in(
    store: &Store,
    now: &str,
    name: &str,
    action: &str,
    address: &str,
    reason: Option<&str>,
) {
    let entry = ocop_store::audit::AuditEntry {
        actor: name,
        action,
        entity: "user",
        entity_id: name.to_owned(),
        before: None,
        after: Some(serde_json::json!({ "address": address, "reason": reason })),
    };
    // The attempt's answer does not wait on, or fail with, its log line.
    if let Err(e) = store.audit_event(now, entry).await {
        tracing::warn!(error = %e, "could not audit a sign-in");
    }
}

/// Checks the password and opens a session. The same message answers an
/// unknown name and a wrong password, after the same work (a decoy hash is
/// checked for an unknown name); a locked account says until when.
pub async fn login(
    store: &Store,
    clock: &dyn Clock,
    entropy: &dyn Entropy,
    policy: &SessionPolicy,
    username: &str,
    password: &str,
    client: std::net::IpAddr,
) -> Result<NewSession, AuthError> {
    let now = clock.now();
    let now_s = stamp(now);
    let name = login_name(username);
    let address = address_key(client);
    let keys = Keys::new(&name, &address);
    // Counted first, each in one atomic statement: parallel attempts get
    // distinct numbers, and only the first few ever reach the hash. An
    // attempt refused by one counter is not counted by the next, so the
    // wider counters measure guesses actually checked.
    let (now_r, name_r, address_r) = (&now_s, &name, &address);
    let refuse = |count: &ocop_store::throttle::AttemptCount, reason: &'static str| {
        let until = until(count);
        async move {
            audit_sign_in(
                store,
                now_r,
                name_r,
                "sign_in_refused",
                address_r,
                Some(reason),
            )
            .await;
            AuthError::Locked(until)
        }
    };
    let pair = count(store, policy, now, &keys.pair, policy.max_failures).await?;
    if pair.failures > policy.max_failures {
        return Err(refuse(&pair, "locked").await);
    }
    let by_address = count(store, policy, now, &keys.address, policy.max_per_address).await?;
    if by_address.failures > policy.max_per_address {
        return Err(refuse(&by_address, "address_limit").await);
    }
    let by_account = count(store, policy, now, &keys.account, policy.max_per_account).await?;
    let account = store.login_account(&name).await?;
    if by_account.failures > policy.max_per_account {
        let known = match &account {
            Some(a) => {
                store
                    .is_known_address(a.id, &address, &stamp(now - policy.known_for))
                    .await?
            }
            None => false,
        };
        if !known {
            return Err(refuse(&by_account, "account_limit").await);
        }
    }
    let hash = account.as_ref().map_or_else(
        || crate::accounts::decoy_hash().to_owned(),
        |a| a.password_hash.clone(),
    );
    let pw = password.to_owned();
    // Argon2 takes tens of milliseconds of one core: off the async threads.
    let matches = tokio::task::spawn_blocking(move || verify_password(&pw, &hash))
        .await
        .unwrap_or(false);
    let account = match account {
        Some(a) if matches && !a.disabled => a,
        other => {
            let reason = match other {
                None => "unknown_account",
                Some(a) if a.disabled => "disabled",
                Some(_) => "wrong_password",
            };
            audit_sign_in(
                store,
                &now_s,
                &name,
                "sign_in_failed",
                &address,
                Some(reason),
            )
            .await;
            if pair.failures == policy.max_failures {
                tracing::warn!(account = %name, %address, "sign-in locked for this address after repeated failures");
                audit_sign_in(store, &now_s, &name, "sign_in_locked", &address, None).await;
            }
            return Err(AuthError::InvalidCredentials);
        }
    };
    let mut raw = [0u8; 32];
    entropy.fill(&mut raw).map_err(AuthError::Entropy)?;
    let token: String = raw.iter().map(|b| format!("{b:02x}")).collect();
    // A success clears this account's counters; the address keeps its count
    // less this attempt, so spraying many names is still seen.
    store
        .clear_login_attempts(&[keys.pair.clone(), keys.account.clone()])
        .await?;
    store.uncount_login_attempt(&keys.address).await?;
    store.remember_address(account.id, &address, &now_s).await?;
    store
        .open_session(
            account.id,
            &token_hash(&token),
            &now_s,
            &stamp(now + policy.absolute),
        )
        .await?;
    audit_sign_in(store, &now_s, &name, "sign_in", &address, None).await;
    Ok(NewSession {
        token,
        max_age_seconds: policy.absolute.num_seconds(),
    })
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
            ocop_store::audit::AuditEntry {
                actor: &admin.username,
                action: "unlock_sign_in",
                entity: "user",
                entity_id: name,
                before: None,
                after: Some(serde_json::json!({ "cleared": n })),
            },
        )
        .await?;
    Ok(n)
}

/// The signed-in user for a session token, if the session is still alive.
pub async fn authenticate(
    store: &Store,
    clock: &dyn Clock,
    policy: &SessionPolicy,
    token: &str,
) -> Result<Option<SessionUser>, AuthError> {
    let now = clock.now();
    Ok(store
        .session_user(&token_hash(token), &stamp(now), &stamp(now - policy.idle))
        .await?)
}

pub async fn logout(store: &Store, token: &str) -> Result<(), AuthError> {
    Ok(store.close_session(&token_hash(token)).await?)
}

/// Changes one's own password; other sessions of the account end. The
/// current password is a sign-in attempt: it is counted and locked like one,
/// so a stolen session cannot be used to guess it.
#[allow(clippy::too_many_arguments)]
pub async fn change_password(
    store: &Store,
    clock: &dyn Clock,
    entropy: &dyn Entropy,
    policy: &SessionPolicy,
    user: &SessionUser,
    current_token: &str,
    current: &str,
    new: &str,
    client: std::net::IpAddr,
) -> Result<(), AuthError> {
    let now = clock.now();
    let now_s = stamp(now);
    let name = login_name(&user.username);
    let address = address_key(client);
    let keys = Keys::new(&name, &address);
    let pair = count(store, policy, now, &keys.pair, policy.max_failures).await?;
    if pair.failures > policy.max_failures {
        return Err(AuthError::Locked(until(&pair)));
    }
    let account = store
        .login_account(&user.username)
        .await?
        .ok_or_else(|| AuthError::UnknownUser(user.username.clone()))?;
    if !verify_password(current, &account.password_hash) {
        audit_sign_in(
            store,
            &now_s,
            &name,
            "sign_in_failed",
            &address,
            Some("wrong_current_password"),
        )
        .await;
        return Err(AuthError::WrongCurrentPassword);
    }
    store
        .clear_login_attempts(std::slice::from_ref(&keys.pair))
        .await?;
    if new == current {
        return Err(AuthError::SamePassword);
    }
    crate::accounts::check_new_password(new, &[&user.username, &user.display_name])
        .map_err(AuthError::WeakPassword)?;
    let hash = hash_password(entropy, new)?;
    store
        .set_password(
            user.id,
            &hash,
            false,
            Some(&token_hash(current_token)),
            &user.username,
            &now_s,
        )
        .await?;
    Ok(())
}

/// An administrator sets a new generated password; it must be changed at the
/// next sign-in, and every session of the account ends.
pub async fn reset_password(
    store: &Store,
    clock: &dyn Clock,
    entropy: &dyn Entropy,
    admin: &SessionUser,
    username: &str,
) -> Result<String, AuthError> {
    let account = store
        .login_account(username)
        .await?
        .ok_or_else(|| AuthError::UnknownUser(username.to_owned()))?;
    let password = crate::accounts::generate_password(entropy)?;
    let hash = hash_password(entropy, &password)?;
    store
        .set_password(
            account.id,
            &hash,
            true,
            None,
            &admin.username,
            &clock.stamp(),
        )
        .await?;
    Ok(password)
}
