//! Phản ánh in the back office: the cases, their photos and their outcome.

use super::dossiers::actor;
use crate::auth::CurrentUser;
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use ocop_app::misuse::MisuseError;
use ocop_domain::access::Permission;
use ocop_domain::misuse::MisuseStatus;
use ocop_store::misuse::ReportRow;

type Errors = std::collections::BTreeMap<&'static str, String>;

#[derive(Debug, Default, serde::Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    tt: String,
}

#[derive(Debug, Default, Clone, serde::Deserialize)]
pub struct HandleForm {
    #[serde(default)]
    status: String,
    #[serde(default)]
    outcome: String,
}

#[derive(Template)]
#[template(path = "bo_misuse.html")]
struct CasesPage {
    css: &'static str,
    title: String,
    filter: String,
    statuses: Vec<(&'static str, &'static str)>,
    reports: Vec<ReportRow>,
    failed: Option<i64>,
    typed: HandleForm,
    errors: Errors,
}

async fn page(
    state: &AppState,
    filter: &str,
    failed: Option<i64>,
    typed: HandleForm,
    errors: Errors,
) -> Result<String, WebError> {
    let filter = MisuseStatus::parse(filter);
    let reports = state
        .store
        .misuse_reports(&state.province.code, filter)
        .await?;
    Ok(CasesPage {
        css: crate::assets::css_href(),
        title: "Phản ánh vi phạm".to_owned(),
        filter: filter.map_or("", MisuseStatus::code).to_owned(),
        statuses: MisuseStatus::ALL
            .iter()
            .map(|s| (s.code(), s.label_vi()))
            .collect(),
        reports,
        failed,
        typed,
        errors,
    }
    .render()?)
}

pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<ListQuery>,
) -> Result<Html<String>, WebError> {
    user.require(Permission::ManageRounds)?;
    Ok(Html(
        page(&state, &q.tt, None, HandleForm::default(), Errors::new()).await?,
    ))
}

pub async fn handle(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(f): Form<HandleForm>,
) -> Result<Response, WebError> {
    user.require(Permission::ManageRounds)?;
    match ocop_app::misuse::handle(
        &state.store,
        state.clock.as_ref(),
        &actor(&user),
        id,
        &f.status,
        &f.outcome,
    )
    .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/quan-tri/phan-anh#pa-{id}")).into_response()),
        Err(MisuseError::Field { field, message }) => {
            let errors = [(field, message)].into_iter().collect();
            let html = page(&state, "", Some(id), f, errors).await?;
            Ok(crate::pages::backoffice::refused_page(html))
        }
        Err(e) => Err(WebError::service(e)),
    }
}

pub async fn photo(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    user.require(Permission::ManageRounds)?;
    let jpeg = state
        .store
        .misuse_photo(&state.province.code, id)
        .await?
        .ok_or(WebError::NotFound)?;
    Ok(crate::pages::backoffice::private_jpeg(jpeg))
}
