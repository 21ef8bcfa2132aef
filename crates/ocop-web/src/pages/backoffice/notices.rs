//! Thông báo — a person's notices; opening the page marks them read.

use crate::auth::CurrentUser;
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::State;
use axum::response::Html;
use ocop_domain::access::Permission;
use ocop_store::notifications::Notice;

#[derive(Template)]
#[template(path = "bo_notices.html")]
struct NoticesPage {
    css: &'static str,
    title: String,
    notices: Vec<Notice>,
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Html<String>, WebError> {
    user.require(Permission::SignedIn)?;
    let notices: Vec<Notice> = state.store.notices(&user.user.username, 200).await?;
    state
        .store
        .mark_notices_read(&user.user.username, &state.clock.stamp())
        .await?;
    Ok(Html(
        NoticesPage {
            css: crate::assets::css_href(),
            title: "Thông báo".into(),
            notices,
        }
        .render()?,
    ))
}
