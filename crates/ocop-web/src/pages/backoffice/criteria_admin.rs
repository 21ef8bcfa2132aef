//! Quản lý bộ tiêu chí — the administrator's view of criteria versions: every
//! version with its status and flagged problems, upload of a new version
//! (manifest.json and its CSV files; validated on arrival, kept as a draft),
//! preview of a draft, and publishing with an effective date.

use crate::auth::CurrentUser;
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use ocop_domain::access::Permission;
use std::collections::HashMap;

pub struct VersionLine {
    pub version: String,
    pub title: String,
    pub status: String,
    pub effective: String,
    pub sets: usize,
    pub flagged: usize,
    pub draft: bool,
}

pub struct SetPreview {
    pub href: String,
    pub name: String,
    pub flags: Vec<String>,
}

#[derive(Template)]
#[template(path = "bo_criteria.html")]
struct AdminPage {
    css: &'static str,
    title: String,
    versions: Vec<VersionLine>,
    preview: Option<(String, Vec<SetPreview>)>,
    error: Option<String>,
    notice: Option<String>,
}

async fn page(
    state: &AppState,
    preview_version: Option<&str>,
    error: Option<String>,
    notice: Option<String>,
) -> Result<String, WebError> {
    let mut versions = Vec::new();
    for v in state.store.criteria_versions().await? {
        let sets = state.store.criteria_sets_of(&v.version).await?;
        versions.push(VersionLine {
            title: v.title,
            status: v.status.label_vi().into(),
            effective: super::super::vn_day(v.effective_from),
            sets: sets.len(),
            flagged: sets.iter().filter(|s| s.flag_count > 0).count(),
            draft: v.status == ocop_domain::criteria::VersionStatus::Draft,
            version: v.version,
        });
    }
    let preview = match preview_version {
        Some(v) => {
            let mut out = Vec::new();
            for s in state.store.criteria_sets_of(v).await? {
                let set = ocop_app::rules::set(&state.store, &s.id)
                    .await?
                    .ok_or(WebError::NotFound)?
                    .0;
                out.push(SetPreview {
                    href: format!("/quan-tri/bo-tieu-chi/xem/{}", s.id),
                    name: format!("Bộ {} — {}", s.number, s.name),
                    flags: set.flags,
                });
            }
            Some((v.to_owned(), out))
        }
        None => None,
    };
    Ok(AdminPage {
        css: crate::assets::css_href(),
        title: "Quản lý bộ tiêu chí".into(),
        versions,
        preview,
        error,
        notice,
    }
    .render()?)
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Html<String>, WebError> {
    user.require(Permission::ManageCriteria)?;
    Ok(Html(page(&state, None, None, None).await?))
}

/// A new version: `manifest.json` and the CSV files it names, in one form.
pub async fn upload(
    State(state): State<AppState>,
    user: CurrentUser,
    req: axum::extract::Request,
) -> Result<Response, WebError> {
    user.require(Permission::ManageCriteria)?;
    let mut form =
        <axum::extract::Multipart as axum::extract::FromRequest<AppState>>::from_request(
            req, &state,
        )
        .await
        .map_err(|e| WebError::BadRequest(e.body_text()))?;
    let mut files: HashMap<String, String> = HashMap::new();
    while let Some(field) = form
        .next_field()
        .await
        .map_err(|e| WebError::BadRequest(e.body_text()))?
    {
        let name = field
            .file_name()
            .map(ocop_domain::evidence::safe_name)
            .unwrap_or_default();
        let bytes = field
            .bytes()
            .await
            .map_err(|e| WebError::BadRequest(e.body_text()))?;
        if name.is_empty() {
            continue;
        }
        match String::from_utf8(bytes.to_vec()) {
            Ok(text) => {
                files.insert(name, text);
            }
            Err(_) => {
                let msg = format!("Tệp {name} không phải văn bản UTF-8.");
                return Ok((
                    StatusCode::UNPROCESSABLE_ENTITY,
                    Html(page(&state, None, Some(msg), None).await?),
                )
                    .into_response());
            }
        }
    }
    let Some(manifest_text) = files.get("manifest.json") else {
        let msg = "Cần tệp manifest.json cùng các tệp CSV của bộ tiêu chí.".to_owned();
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            Html(page(&state, None, Some(msg), None).await?),
        )
            .into_response());
    };
    let result = match ocop_app::rules::Manifest::parse(manifest_text) {
        Ok(m) => ocop_app::rules::import(
            &state.store,
            &m,
            |f| files.get(f).cloned(),
            &user.user.username,
            &state.clock.stamp(),
        )
        .await
        .map(|_| m.version),
        Err(e) => Err(e.into()),
    };
    match result {
        Ok(version) => {
            let notice = format!(
                "Đã kiểm tra và lưu phiên bản {version} ở trạng thái nháp. Xem trước rồi ban hành."
            );
            Ok(Html(page(&state, Some(&version), None, Some(notice)).await?).into_response())
        }
        // A version name already taken is said on the page; any other store
        // error is a fault.
        Err(ocop_app::rules::RulesError::Store(e))
            if !matches!(e, ocop_store::StoreError::Conflict(_)) =>
        {
            Err(e.into())
        }
        Err(e) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            Html(page(&state, None, Some(e.to_string()), None).await?),
        )
            .into_response()),
    }
}

pub async fn preview(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(version): Path<String>,
) -> Result<Html<String>, WebError> {
    user.require(Permission::ManageCriteria)?;
    state
        .store
        .criteria_version(&version)
        .await?
        .ok_or(WebError::NotFound)?;
    Ok(Html(page(&state, Some(&version), None, None).await?))
}

/// A draft set, whole, before it is public.
pub async fn view_set(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Html<String>, WebError> {
    user.require(Permission::ManageCriteria)?;
    let set = ocop_app::rules::set(&state.store, &id)
        .await?
        .ok_or(WebError::NotFound)?
        .0;
    Ok(Html(super::super::criteria::sheet_html(
        &state,
        crate::lang::Lang::Vi,
        &set,
    )?))
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct Publish {
    effective_from: String,
}

pub async fn publish(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(version): Path<String>,
    Form(f): Form<Publish>,
) -> Result<Response, WebError> {
    user.require(Permission::ManageCriteria)?;
    let Ok(date) = chrono::NaiveDate::parse_from_str(f.effective_from.trim(), "%Y-%m-%d") else {
        let msg = "Chọn ngày bắt đầu áp dụng.".to_owned();
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            Html(page(&state, Some(&version), Some(msg), None).await?),
        )
            .into_response());
    };
    match state
        .store
        .publish_criteria_version(&version, date, &user.user.username, &state.clock.stamp())
        .await
    {
        Ok(true) => Ok(Redirect::to("/quan-tri/bo-tieu-chi").into_response()),
        Ok(false) => Err(WebError::NotFound),
        // Published meanwhile (or before): said on the list, nothing changed.
        Err(ocop_store::StoreError::Conflict(m)) => Ok((
            StatusCode::CONFLICT,
            Html(page(&state, None, Some(m), None).await?),
        )
            .into_response()),
        Err(e) => Err(e.into()),
    }
}
