//! Nhập danh sách — upload a list, see every problem and what would change,
//! adjust which column is which, then import (all or nothing).

use super::dossiers::actor;
use crate::auth::CurrentUser;
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use ocop_app::import::ImportError;
use ocop_app::import::Report;
use ocop_domain::access::Permission;
use ocop_domain::import::{FIELDS, Mapping};
use ocop_store::import_jobs::JobState;

#[derive(Template)]
#[template(path = "bo_import.html")]
struct ImportPage {
    css: &'static str,
    title: String,
    error: Option<String>,
    upload: Option<i64>,
    filename: String,
    report: Option<Report>,
    /// (key, label, chosen header)
    fields: Vec<(&'static str, &'static str, String)>,
    templates: Vec<String>,
    done: bool,
}

async fn page(
    state: &AppState,
    upload: Option<i64>,
    filename: String,
    report: Option<Report>,
    error: Option<String>,
    done: bool,
) -> Result<String, WebError> {
    let fields = FIELDS
        .iter()
        .map(|(k, l, _)| {
            let chosen = report
                .as_ref()
                .and_then(|r| r.mapping.get(*k).cloned())
                .unwrap_or_default();
            (*k, *l, chosen)
        })
        .collect();
    Ok(ImportPage {
        css: crate::assets::css_href(),
        title: "Nhập danh sách sản phẩm".to_owned(),
        error,
        upload,
        filename,
        report,
        fields,
        templates: state
            .store
            .templates(&state.province.code)
            .await?
            .into_iter()
            .map(|(n, _)| n)
            .collect(),
        done,
    }
    .render()?)
}

pub async fn form(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Html<String>, WebError> {
    user.require(Permission::ManageRounds)?;
    Ok(Html(
        page(&state, None, String::new(), None, None, false).await?,
    ))
}

pub async fn submit(
    State(state): State<AppState>,
    user: CurrentUser,
    req: axum::extract::Request,
) -> Result<Response, WebError> {
    user.require(Permission::ManageRounds)?;
    let who = actor(&user);
    let form = super::upload::read(&state, req).await?;
    // The file: a new one, or the one kept from the dry run.
    let (upload, filename, bytes) = match form.file.as_ref().filter(|(_, b)| !b.is_empty()) {
        Some((name, b)) => {
            let id = state
                .store
                .keep_upload(name, b, &who.username, &state.clock.stamp())
                .await?;
            (id, name.clone(), b.to_vec())
        }
        None => {
            let id: i64 = form.text("upload").parse().unwrap_or(-1);
            match state.store.upload(id, &who.username).await? {
                Some((name, b)) => (id, name, b),
                None => {
                    let html = page(
                        &state,
                        None,
                        String::new(),
                        None,
                        Some("Chọn tệp danh sách (Excel .xlsx hoặc CSV).".into()),
                        false,
                    )
                    .await?;
                    return Ok(crate::pages::backoffice::refused_page(html));
                }
            }
        }
    };
    // The mapping: a saved template, else the columns chosen on the page,
    // else guessed from the headers.
    let template = form.text("template");
    let mut mapping: Mapping = FIELDS
        .iter()
        .filter_map(|(k, _, _)| {
            let v = form.text(&format!("map_{k}"));
            (!v.is_empty()).then(|| ((*k).to_owned(), v))
        })
        .collect();
    if !template.is_empty()
        && let Some((_, json)) = state
            .store
            .templates(&state.province.code)
            .await?
            .into_iter()
            .find(|(n, _)| *n == template)
    {
        mapping = serde_json::from_str(&json).unwrap_or_default();
    }
    if form.text("action") == "nhap" {
        return start(
            &state,
            &who,
            upload,
            &filename,
            &bytes,
            mapping,
            &form.text("save_as"),
        )
        .await;
    }
    let result = ocop_app::import::run(
        &state.store,
        state.clock.as_ref(),
        &who,
        &bytes,
        Some(mapping),
        false,
    )
    .await;
    match result {
        Ok(report) => {
            let ok = report.problems.is_empty();
            let html = page(&state, Some(upload), filename, Some(report), None, false).await?;
            let status = if ok {
                StatusCode::OK
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            Ok((status, Html(html)).into_response())
        }
        Err(e @ ImportError::Unreadable(_)) => {
            let html = page(&state, None, filename, None, Some(e.to_string()), false).await?;
            Ok(crate::pages::backoffice::refused_page(html))
        }
        Err(e) => Err(WebError::service(e)),
    }
}

/// Starts the import in the background and goes to its progress page.
async fn start(
    state: &AppState,
    who: &ocop_app::cycle::Actor,
    upload: i64,
    filename: &str,
    bytes: &[u8],
    mapping: Mapping,
    save_as: &str,
) -> Result<Response, WebError> {
    // The mapping in force: as chosen, else guessed from the headers.
    let mapping = if mapping.is_empty() {
        let headers = ocop_app::heavy::table(bytes.to_vec())
            .await
            .ok()
            .and_then(|t| t.first().cloned())
            .unwrap_or_default();
        ocop_domain::import::guess_mapping(&headers)
    } else {
        mapping
    };
    match ocop_app::import::start(
        &state.store,
        state.clock.clone(),
        who,
        upload,
        filename,
        bytes,
        Some(mapping.clone()),
    )
    .await
    {
        Ok(Ok(job)) => {
            let save_as = ocop_domain::text::nfc(save_as);
            if !save_as.is_empty() {
                let json = serde_json::to_string(&mapping).unwrap_or_default();
                state
                    .store
                    .save_template(
                        &state.province.code,
                        &save_as,
                        &json,
                        &who.username,
                        &state.clock.stamp(),
                    )
                    .await?;
            }
            Ok(
                axum::response::Redirect::to(&format!("/quan-tri/nhap-du-lieu/viec/{job}"))
                    .into_response(),
            )
        }
        Ok(Err(report)) => {
            let html = page(
                state,
                Some(upload),
                filename.to_owned(),
                Some(report),
                None,
                false,
            )
            .await?;
            Ok(crate::pages::backoffice::refused_page(html))
        }
        Err(e @ ImportError::Unreadable(_)) => {
            let html = page(
                state,
                None,
                filename.to_owned(),
                None,
                Some(e.to_string()),
                false,
            )
            .await?;
            Ok(crate::pages::backoffice::refused_page(html))
        }
        Err(e) => Err(WebError::service(e)),
    }
}

#[derive(Template)]
#[template(path = "bo_import_job.html")]
struct JobPage {
    css: &'static str,
    title: String,
    job: ocop_store::import_jobs::ImportJob,
    outcome: Option<ocop_store::import::Outcome>,
    percent: i64,
}

/// `GET /quan-tri/nhap-du-lieu/viec/{id}`: progress (refreshing itself while
/// running, without JavaScript), then the outcome.
pub async fn job(
    State(state): State<AppState>,
    user: CurrentUser,
    axum::extract::Path(id): axum::extract::Path<i64>,
) -> Result<Html<String>, WebError> {
    user.require(Permission::ManageRounds)?;
    let job = state
        .store
        .import_job(id)
        .await?
        .ok_or(WebError::NotFound)?;
    let outcome = job.outcome.clone();
    let percent = if job.rows_total > 0 {
        job.rows_done * 100 / job.rows_total
    } else {
        100
    };
    Ok(Html(
        JobPage {
            css: crate::assets::css_href(),
            title: "Nhập danh sách sản phẩm".to_owned(),
            job,
            outcome,
            percent,
        }
        .render()?,
    ))
}

/// `POST /quan-tri/nhap-du-lieu/viec/{id}/huy`: stop it; nothing stays written.
pub async fn cancel(
    State(state): State<AppState>,
    user: CurrentUser,
    axum::extract::Path(id): axum::extract::Path<i64>,
) -> Result<Response, WebError> {
    user.require(Permission::ManageRounds)?;
    state.store.cancel_job(id, &state.clock.stamp()).await?;
    Ok(axum::response::Redirect::to(&format!("/quan-tri/nhap-du-lieu/viec/{id}")).into_response())
}
