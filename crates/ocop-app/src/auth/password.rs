//! Mật khẩu — changing one's own password (the current one counted like a
//! sign-in) and an administrator's reset.

use super::lockout::{Keys, address_key, audit_sign_in, count, login_name, until};
use super::{AuthError, SessionPolicy, stamp, token_hash};
use crate::accounts::{hash_password, verify_password};
use crate::{Clock, Entropy};
use ocop_store::Store;
use ocop_store::sessions::SessionUser;

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
