//! Đăng nhập / đăng xuất.

use crate::auth::{CurrentUser, session_cookie};
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::{Form, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};

#[derive(Template)]
#[template(path = "signin.html")]
struct SignInPage {
    css: &'static str,
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

fn page(username: &str, next: &str, error: Option<String>) -> Result<String, WebError> {
    Ok(SignInPage {
        css: crate::assets::css_href(),
        title: "Đăng nhập".into(),
        username: username.to_owned(),
        next: safe_next(next),
        error,
    }
    .render()?)
}

pub async fn form(Query(q): Query<Next>) -> Result<Html<String>, WebError> {
    Ok(Html(page("", &q.tiep, None)?))
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
        Err(e @ ocop_app::auth::AuthError::InvalidCredentials) => Ok((
            StatusCode::UNAUTHORIZED,
            Html(page(&c.username, &c.tiep, Some(e.to_string()))?),
        )
            .into_response()),
        // Too many attempts: said plainly, with when to come back.
        Err(e @ ocop_app::auth::AuthError::Locked(_)) => Ok((
            StatusCode::TOO_MANY_REQUESTS,
            [(
                header::RETRY_AFTER,
                state.sessions.lock_for.num_seconds().to_string(),
            )],
            Html(page(&c.username, &c.tiep, Some(e.to_string()))?),
        )
            .into_response()),
        Err(ocop_app::auth::AuthError::Store(e)) => Err(e.into()),
        Err(e) => Err(WebError::Internal(e.to_string())),
    }
}

pub async fn sign_out(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Response, WebError> {
    ocop_app::auth::logout(&state.store, &user.token)
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?;
    Ok((
        [(header::SET_COOKIE, session_cookie("", 0))],
        Redirect::to("/"),
    )
        .into_response())
}
