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
#[derive(Debug, Clone, Copy)]
pub struct SessionPolicy {
    /// Failed attempts before the account locks.
    pub max_failures: i64,
    pub lock_for: Duration,
    /// A session unused this long ends.
    pub idle: Duration,
    /// A session ends this long after sign-in, however active.
    pub absolute: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self {
            max_failures: 5,
            lock_for: Duration::minutes(15),
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
    #[error("Mật khẩu mới phải có ít nhất 12 ký tự và khác mật khẩu cũ.")]
    WeakPassword,
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

/// Checks the password and opens a session. The same message answers an
/// unknown name and a wrong password; a locked account says until when.
pub async fn login(
    store: &Store,
    clock: &dyn Clock,
    entropy: &dyn Entropy,
    policy: &SessionPolicy,
    username: &str,
    password: &str,
) -> Result<NewSession, AuthError> {
    let now = clock.now();
    let Some(account) = store.login_account(username.trim()).await? else {
        return Err(AuthError::InvalidCredentials);
    };
    if let Some(until) = account
        .locked_until
        .as_deref()
        .filter(|u| *u > stamp(now).as_str())
    {
        let local = chrono::DateTime::parse_from_rfc3339(until)
            .map(|t| {
                t.with_timezone(&crate::clock::vietnam())
                    .format("%H:%M ngày %d/%m/%Y")
                    .to_string()
            })
            .unwrap_or_else(|_| until.to_owned());
        return Err(AuthError::Locked(local));
    }
    if account.disabled || !verify_password(password, &account.password_hash) {
        let locked = store
            .record_failed_login(
                account.id,
                policy.max_failures,
                &stamp(now + policy.lock_for),
            )
            .await?;
        if locked {
            tracing::warn!(
                user_id = account.id,
                "account locked after repeated failed sign-ins"
            );
        }
        return Err(AuthError::InvalidCredentials);
    }
    let mut raw = [0u8; 32];
    entropy.fill(&mut raw).map_err(AuthError::Entropy)?;
    let token: String = raw.iter().map(|b| format!("{b:02x}")).collect();
    store
        .open_session(
            account.id,
            &token_hash(&token),
            &stamp(now),
            &stamp(now + policy.absolute),
        )
        .await?;
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

/// Changes one's own password; other sessions of the account end.
pub async fn change_password(
    store: &Store,
    clock: &dyn Clock,
    entropy: &dyn Entropy,
    user: &SessionUser,
    current_token: &str,
    current: &str,
    new: &str,
) -> Result<(), AuthError> {
    let account = store
        .login_account(&user.username)
        .await?
        .ok_or_else(|| AuthError::UnknownUser(user.username.clone()))?;
    if !verify_password(current, &account.password_hash) {
        return Err(AuthError::WrongCurrentPassword);
    }
    if new.chars().count() < 12 || new == current {
        return Err(AuthError::WeakPassword);
    }
    let hash = hash_password(entropy, new)?;
    store
        .set_password(
            user.id,
            &hash,
            false,
            Some(&token_hash(current_token)),
            &user.username,
            &clock.stamp(),
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
