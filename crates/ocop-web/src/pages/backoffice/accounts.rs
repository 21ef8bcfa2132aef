use crate::auth::CurrentUser;
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::{Form, Path, State};
use axum::response::{Html, IntoResponse, Response};
use ocop_domain::access::{Permission, Role};

pub struct AccountLine {
    pub username: String,
    pub name: String,
    pub role: String,
    pub scope: String,
    /// Chức danh as recorded, or what was typed when it was refused.
    pub position: String,
    /// Why the position typed for this account was refused.
    pub position_error: Option<String>,
    /// Some address is locked out of this account now.
    pub locked: bool,
}

/// What the page reports after an action.
#[derive(Default)]
pub struct Outcome {
    /// A new password, shown once.
    pub reset: Option<(String, String)>,
    pub unlocked: Option<String>,
    /// The account whose position was recorded.
    pub positioned: Option<String>,
    /// A refused position: the account, what was typed, why.
    pub refused: Option<(String, String, String)>,
}

#[derive(Template)]
#[template(path = "bo_accounts.html")]
struct AccountsPage {
    css: &'static str,
    title: String,
    accounts: Vec<AccountLine>,
    notice: Option<(String, String)>,
    unlocked: Option<String>,
    positioned: Option<String>,
}

async fn page(state: &AppState, outcome: Outcome) -> Result<String, WebError> {
    let locked =
        ocop_app::auth::locked_accounts(&state.store, state.clock.as_ref(), &state.sessions)
            .await
            .map_err(WebError::fault)?;
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
            position: match &outcome.refused {
                Some((who, typed, _)) if *who == u.username => typed.clone(),
                _ => u.position.unwrap_or_default(),
            },
            position_error: match &outcome.refused {
                Some((who, _, why)) if *who == u.username => Some(why.clone()),
                _ => None,
            },
            username: u.username,
            name: u.display_name,
        })
        .collect();
    Ok(AccountsPage {
        css: crate::assets::css_href(),
        title: "Tài khoản".into(),
        accounts,
        notice: outcome.reset,
        unlocked: outcome.unlocked,
        positioned: outcome.positioned,
    }
    .render()?)
}

pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Html<String>, WebError> {
    user.require(Permission::ManageAccounts)?;
    Ok(Html(page(&state, Outcome::default()).await?))
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
    Ok(Html(
        page(
            &state,
            Outcome {
                reset: Some((username, password)),
                ..Outcome::default()
            },
        )
        .await?,
    ))
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
    Ok(Html(
        page(
            &state,
            Outcome {
                unlocked: Some(username),
                ..Outcome::default()
            },
        )
        .await?,
    ))
}

#[derive(serde::Deserialize)]
pub struct PositionForm {
    #[serde(default)]
    position: String,
}

/// Records the position printed under an account's name (audited); a
/// refused one is shown again beside its error.
pub async fn position(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(username): Path<String>,
    Form(f): Form<PositionForm>,
) -> Result<Response, WebError> {
    user.require(Permission::ManageAccounts)?;
    match ocop_app::accounts::set_position(
        &state.store,
        state.clock.as_ref(),
        &user.user.username,
        &username,
        &f.position,
    )
    .await
    {
        Ok(()) => Ok(Html(
            page(
                &state,
                Outcome {
                    positioned: Some(username),
                    ..Outcome::default()
                },
            )
            .await?,
        )
        .into_response()),
        Err(ocop_app::accounts::AccountError::UnknownUser(_)) => Err(WebError::NotFound),
        Err(e @ ocop_app::accounts::AccountError::Position) => Ok((
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            Html(
                page(
                    &state,
                    Outcome {
                        refused: Some((username, f.position, capitalised(&e.to_string()))),
                        ..Outcome::default()
                    },
                )
                .await?,
            ),
        )
            .into_response()),
        Err(other) => Err(WebError::Internal(other.to_string())),
    }
}

/// Error texts are written to follow a colon; alone they start a sentence.
fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect::<String>() + ".")
        .unwrap_or_default()
}
