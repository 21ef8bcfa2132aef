//! Đăng nhập — sign-in, sessions, lockout and passwords, with time from the
//! platform's clock so every limit is testable. The counters that slow an
//! attacker are in [`lockout`]; choosing and resetting passwords in
//! [`password`].

mod lockout;
mod password;

use lockout::{Keys, audit_sign_in, count, login_name, until};
pub use lockout::{address_key, locked_accounts, unlock};
pub use password::{change_password, reset_password};

use crate::accounts::verify_password;
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

/// "14:30 ngày 05/12/2026", in Vietnam's time.
pub fn locked_until_vi(until: &Option<chrono::DateTime<chrono::Utc>>) -> String {
    until.map_or_else(|| "ít phút".to_owned(), lockout::local_time)
}

/// "14:30 on 05/12/2026 (Vietnam time)".
pub fn locked_until_en(until: &Option<chrono::DateTime<chrono::Utc>>) -> String {
    until.map_or_else(
        || "a few minutes".to_owned(),
        |t| {
            t.with_timezone(&crate::clock::vietnam())
                .format("%H:%M on %d/%m/%Y (Vietnam time)")
                .to_string()
        },
    )
}

#[derive(Debug, Error)]
pub enum AuthError {
    #[error("Tên đăng nhập hoặc mật khẩu không đúng.")]
    InvalidCredentials,
    /// Until when (`None`: not known), said in Vietnam's time by [`locked_until_vi`].
    #[error("Tài khoản đang bị tạm khóa vì nhập sai mật khẩu nhiều lần; thử lại sau {}.", locked_until_vi(.0))]
    Locked(Option<chrono::DateTime<chrono::Utc>>),
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

pub(crate) fn stamp(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
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
