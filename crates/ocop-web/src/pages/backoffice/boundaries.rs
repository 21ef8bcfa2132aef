//! `/quan-tri/ban-do` — the office loads its file of commune boundaries so
//! the portal's map draws the communes; what is loaded, by whom and when.

use super::dossiers::actor;
use crate::auth::CurrentUser;
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use ocop_app::record_error::RecordError;
use ocop_domain::access::Permission;

#[derive(Template)]
#[template(path = "bo_boundaries.html")]
struct BoundariesPage {
    css: &'static str,
    title: String,
    /// (communes, file, by, at) of what is loaded now.
    loaded: Option<(i64, String, String, String)>,
    communes_in_province: usize,
    code_field: String,
    error: Option<String>,
}

async fn page(
    state: &AppState,
    code_field: String,
    error: Option<String>,
) -> Result<String, WebError> {
    let loaded = state
        .store
        .boundary_set(&state.province.code)
        .await?
        .map(|b| {
            let at = b.loaded_at.map(crate::pages::vn_time).unwrap_or_default();
            (b.count, b.source, b.loaded_by, at)
        });
    let communes_in_province = state
        .store
        .admin_units_in(
            ocop_domain::UnitScheme::Y2025,
            "commune",
            &state.province.code,
        )
        .await?
        .len();
    Ok(BoundariesPage {
        css: crate::assets::css_href(),
        title: "Ranh giới xã, phường trên bản đồ".to_owned(),
        loaded,
        communes_in_province,
        code_field,
        error,
    }
    .render()?)
}

pub async fn form(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Html<String>, WebError> {
    user.require(Permission::ManagePortal)?;
    Ok(Html(page(&state, "ma_xa".to_owned(), None).await?))
}

pub async fn load(
    State(state): State<AppState>,
    user: CurrentUser,
    req: axum::extract::Request,
) -> Result<Response, WebError> {
    user.require(Permission::ManagePortal)?;
    let upload = super::upload::read(&state, req).await?;
    let code_field = upload.text("code_field");
    let result = match &upload.file {
        Some((name, bytes)) if !bytes.is_empty() => {
            ocop_app::map::load_boundaries(
                &state.store,
                state.clock.as_ref(),
                &actor(&user),
                (name, bytes),
                &code_field,
            )
            .await
        }
        _ => Err(RecordError::Field {
            field: "file",
            message: "Chọn tệp GeoJSON ranh giới xã, phường.".into(),
        }),
    };
    match result {
        Ok(_) => Ok(Redirect::to("/quan-tri/ban-do").into_response()),
        Err(RecordError::Field { message, .. }) => {
            let html = page(&state, code_field, Some(message)).await?;
            Ok(crate::pages::backoffice::refused_page(html))
        }
        Err(e) => Err(WebError::service(e)),
    }
}
