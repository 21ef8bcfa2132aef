use crate::auth::CurrentUser;
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;
use ocop_domain::access::{Permission, Role};

pub struct AccountLine {
    pub username: String,
    pub name: String,
    pub role: String,
    pub scope: String,
    /// Some address is locked out of this account now.
    pub locked: bool,
}

#[derive(Template)]
#[template(path = "bo_accounts.html")]
struct AccountsPage {
    css: &'static str,
    title: String,
    accounts: Vec<AccountLine>,
    notice: Option<(String, String)>,
    unlocked: Option<String>,
}

async fn page(
    state: &AppState,
    notice: Option<(String, String)>,
    unlocked: Option<String>,
) -> Result<String, WebError> {
    let locked =
        ocop_app::auth::locked_accounts(&state.store, state.clock.as_ref(), &state.sessions)
            .await
            .map_err(|e| WebError::Internal(e.to_string()))?;
    let accounts = state
        .store
        .list_users()
        .await?
        .into_iter()
        .map(|u| AccountLine {
            role: Role::parse(&u.role).map_or_else(|| u.role.clone(), |r| r.label_vi().to_owned()),
            scope: [
                u.commune_code.map(|c| format!("xã {c}")),
                u.district_code.map(|d| format!("huyện (trước 2025) {d}")),
                u.agency_code.map(|a| format!("sở {a}")),
                u.producer_id.map(|p| format!("chủ thể #{p}")),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", "),
            locked: locked.contains(&u.username),
            username: u.username,
            name: u.display_name,
        })
        .collect();
    Ok(AccountsPage {
        css: crate::assets::css_href(),
        title: "Tài khoản".into(),
        accounts,
        notice,
        unlocked,
    }
    .render()?)
}

pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Html<String>, WebError> {
    user.require(Permission::ManageAccounts)?;
    Ok(Html(page(&state, None, None).await?))
}

/// Resets a password; the new one is shown once, on this page only.
pub async fn reset(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(username): Path<String>,
) -> Result<Html<String>, WebError> {
    user.require(Permission::ManageAccounts)?;
    let password = ocop_app::auth::reset_password(
        &state.store,
        state.clock.as_ref(),
        state.entropy.as_ref(),
        &user.user,
        &username,
    )
    .await
    .map_err(|e| match e {
        ocop_app::auth::AuthError::UnknownUser(_) => WebError::NotFound,
        other => WebError::Internal(other.to_string()),
    })?;
    Ok(Html(page(&state, Some((username, password)), None).await?))
}

/// Lifts the sign-in locks of an account at once (audited).
pub async fn unlock(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(username): Path<String>,
) -> Result<Html<String>, WebError> {
    user.require(Permission::ManageAccounts)?;
    ocop_app::auth::unlock(&state.store, state.clock.as_ref(), &user.user, &username)
        .await
        .map_err(|e| match e {
            ocop_app::auth::AuthError::UnknownUser(_) => WebError::NotFound,
            other => WebError::Internal(other.to_string()),
        })?;
    Ok(Html(page(&state, None, Some(username)).await?))
}
