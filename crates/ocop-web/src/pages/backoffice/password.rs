use crate::auth::CurrentUser;
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::{Form, State};
use axum::response::{Html, IntoResponse, Response};
use ocop_app::auth::AuthError;
use ocop_domain::access::Permission;

#[derive(Template)]
#[template(path = "bo_password.html")]
struct PasswordPage {
    css: &'static str,
    title: String,
    current_error: Option<String>,
    new_error: Option<String>,
    done: bool,
}

fn page(
    current_error: Option<String>,
    new_error: Option<String>,
    done: bool,
) -> Result<String, WebError> {
    Ok(PasswordPage {
        css: crate::assets::css_href(),
        title: "Đổi mật khẩu".into(),
        current_error,
        new_error,
        done,
    }
    .render()?)
}

pub async fn form(user: CurrentUser) -> Result<Html<String>, WebError> {
    user.require(Permission::SignedIn)?;
    Ok(Html(page(None, None, false)?))
}

#[derive(serde::Deserialize)]
pub struct Change {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    confirm: String,
}

pub async fn submit(
    State(state): State<AppState>,
    user: CurrentUser,
    client: crate::client::ClientAddr,
    Form(c): Form<Change>,
) -> Result<Response, WebError> {
    user.require(Permission::SignedIn)?;
    let bad = |cur: Option<String>, new: Option<String>| -> Result<Response, WebError> {
        Ok((
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            Html(page(cur, new, false)?),
        )
            .into_response())
    };
    if c.new != c.confirm {
        return bad(None, Some("Hai lần nhập mật khẩu mới không khớp.".into()));
    }
    let result = ocop_app::auth::change_password(
        &state.store,
        state.clock.as_ref(),
        state.entropy.as_ref(),
        &state.sessions,
        &user.user,
        &user.token,
        &c.current,
        &c.new,
        client.0,
    )
    .await;
    match result {
        Ok(()) => Ok(Html(page(None, None, true)?).into_response()),
        Err(e @ (AuthError::WrongCurrentPassword | AuthError::Locked(_))) => {
            bad(Some(e.to_string()), None)
        }
        Err(e @ (AuthError::WeakPassword(_) | AuthError::SamePassword)) => {
            bad(None, Some(e.to_string()))
        }
        Err(e) => Err(WebError::Internal(e.to_string())),
    }
}
