//! Đăng nhập / đăng xuất.

use crate::auth::{CurrentUser, session_cookie};
use crate::lang::Lang;
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::{Form, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use ocop_app::auth::AuthError;

#[derive(Template)]
#[template(path = "signin.html")]
struct SignInPage {
    c: crate::lang::Chrome,
    search_q: String,
    title: String,
    username: String,
    next: String,
    error: Option<String>,
}

#[derive(serde::Deserialize, Default)]
pub struct Next {
    #[serde(default)]
    tiep: String,
}

/// Only back-office paths are followed after sign-in (no open redirect).
fn safe_next(next: &str) -> String {
    ocop_domain::redirect::same_site_under(next, "/quan-tri", "/quan-tri")
}

fn page(
    state: &AppState,
    lang: Lang,
    username: &str,
    next: &str,
    error: Option<String>,
) -> Result<String, WebError> {
    Ok(SignInPage {
        c: crate::lang::Chrome::new(state, lang, "/dang-nhap").describe(lang.s(
            "Đăng nhập dành cho cán bộ và chủ thể OCOP có tài khoản.",
            "Sign-in for OCOP officers and producers with an account.",
        )),
        search_q: String::new(),
        title: lang.s("Đăng nhập", "Sign in").into(),
        username: username.to_owned(),
        next: safe_next(next),
        error,
    }
    .render()?)
}

pub async fn form(
    State(state): State<AppState>,
    lang: Lang,
    Query(q): Query<Next>,
) -> Result<Html<String>, WebError> {
    Ok(Html(page(&state, lang, "", &q.tiep, None)?))
}

/// A refusal in the reader's language, from its variant.
fn refusal(e: &AuthError, lang: Lang) -> String {
    match (e, lang.is_en()) {
        (AuthError::InvalidCredentials, true) => "Wrong username or password.".to_owned(),
        (AuthError::Locked(until), true) => format!(
            "The account is locked after too many wrong passwords; try again after {}.",
            ocop_app::auth::locked_until_en(until)
        ),
        _ => e.to_string(),
    }
}

#[derive(serde::Deserialize)]
pub struct Credentials {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    tiep: String,
}

pub async fn submit(
    State(state): State<AppState>,
    lang: Lang,
    client: crate::client::ClientAddr,
    Form(c): Form<Credentials>,
) -> Result<Response, WebError> {
    let result = ocop_app::auth::login(
        &state.store,
        state.clock.as_ref(),
        state.entropy.as_ref(),
        &state.sessions,
        &c.username,
        &c.password,
        client.0,
    )
    .await;
    match result {
        Ok(session) => Ok((
            StatusCode::SEE_OTHER,
            [
                (
                    header::SET_COOKIE,
                    session_cookie(&session.token, session.max_age_seconds),
                ),
                (header::LOCATION, safe_next(&c.tiep)),
            ],
        )
            .into_response()),
        Err(e @ (AuthError::InvalidCredentials | AuthError::Locked(_))) => {
            let again = Html(page(
                &state,
                lang,
                &c.username,
                &c.tiep,
                Some(refusal(&e, lang)),
            )?);
            Ok(match e {
                // Too many attempts: said plainly, with when to come back.
                AuthError::Locked(_) => (
                    StatusCode::TOO_MANY_REQUESTS,
                    [(
                        header::RETRY_AFTER,
                        state.sessions.lock_for.num_seconds().to_string(),
                    )],
                    again,
                )
                    .into_response(),
                _ => (StatusCode::UNAUTHORIZED, again).into_response(),
            })
        }
        Err(AuthError::Store(e)) => Err(e.into()),
        Err(e) => Err(WebError::Internal(e.to_string())),
    }
}

pub async fn sign_out(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Response, WebError> {
    ocop_app::auth::logout(&state.store, &user.token)
        .await
        .map_err(WebError::fault)?;
    Ok((
        [(header::SET_COOKIE, session_cookie("", 0))],
        Redirect::to("/"),
    )
        .into_response())
}
