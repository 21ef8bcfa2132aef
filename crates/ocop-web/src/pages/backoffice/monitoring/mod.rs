//! Giám sát — the monitoring plan (who needs a visit), each product's visits
//! and follow-up actions, and the after-recognition report with its export.

use super::dossiers::actor;
use crate::auth::CurrentUser;
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use ocop_app::monitoring::InspectionForm;
use ocop_app::record_error::RecordError;
use ocop_domain::access::Permission;
use ocop_domain::monitoring::{InspectionKind, InspectionResult, next_visit};
use ocop_store::monitoring::WatchRow;

type Errors = std::collections::BTreeMap<&'static str, String>;

mod plan;

pub(in crate::pages::backoffice) use plan::*;
#[derive(Template)]
#[template(path = "bo_monitoring.html")]
struct PlanPage {
    css: &'static str,
    title: String,
    sections: Vec<(&'static str, &'static str, Vec<PlanLine>)>,
    by_commune: Vec<(String, usize)>,
    by_department: Vec<(String, usize)>,
}

pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Html<String>, WebError> {
    user.require(Permission::ManageRounds)?;
    let p = plan(&state).await?;
    Ok(Html(
        PlanPage {
            css: crate::assets::css_href(),
            title: "Giám sát sau công nhận".to_owned(),
            sections: p.sections,
            by_commune: p.by_commune,
            by_department: p.by_department,
        }
        .render()?,
    ))
}

/// The report as CSV (UTF-8 with BOM, so Excel reads the Vietnamese right).
pub async fn export(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Response, WebError> {
    user.require(Permission::ManageRounds)?;
    let p = plan(&state).await?;
    let rows = p.sections.iter().flat_map(|(_, title, lines)| {
        lines.iter().map(move |l| {
            [
                (*title).to_owned(),
                l.name.clone(),
                l.producer.clone(),
                l.commune.clone(),
                l.department.clone(),
                l.why.clone(),
            ]
        })
    });
    let out = ocop_docs::csv_out::table(
        &[
            "muc",
            "san_pham",
            "chu_the",
            "xa_phuong",
            "so_phu_trach",
            "ghi_chu",
        ],
        rows,
    )
    .map_err(WebError::fault)?;
    Ok(crate::download::file(
        crate::download::CSV,
        "attachment; filename=\"bao-cao-sau-cong-nhan.csv\"",
        out,
    ))
}

#[derive(Template)]
#[template(path = "bo_inspections.html")]
struct ProductPage {
    css: &'static str,
    title: String,
    slug: String,
    certificates: Vec<(String, &'static str, String)>,
    visits: Vec<ocop_store::monitoring::InspectionRow>,
    kinds: Vec<(&'static str, &'static str)>,
    results: Vec<(&'static str, &'static str)>,
    typed: InspectionForm,
    errors: Errors,
    today: chrono::NaiveDate,
}

async fn product_page(
    state: &AppState,
    slug: &str,
    typed: InspectionForm,
    errors: Errors,
) -> Result<String, WebError> {
    let p = state
        .store
        .product_by_slug(&state.province.code, slug)
        .await?
        .ok_or(WebError::NotFound)?;
    let today = state.clock.today();
    let page = ocop_app::portal::product_page(p, today);
    let visits = state.store.inspections_of(page.product.summary.id).await?;
    Ok(ProductPage {
        css: crate::assets::css_href(),
        title: format!("Giám sát: {}", page.product.summary.name),
        slug: page.product.summary.slug.clone(),
        certificates: page
            .certificates
            .iter()
            .map(|c| {
                (
                    format!(
                        "{} sao · {}",
                        c.record.stars,
                        c.record.decision_number.clone().unwrap_or_default()
                    ),
                    c.status.label_vi(),
                    c.latest_valid_day
                        .map(|d| d.format("%d/%m/%Y").to_string())
                        .unwrap_or_default(),
                )
            })
            .collect(),
        visits,
        kinds: [InspectionKind::Periodic, InspectionKind::AdHoc]
            .iter()
            .map(|k| (k.code(), k.label_vi()))
            .collect(),
        results: [
            InspectionResult::Pass,
            InspectionResult::Remedy,
            InspectionResult::Fail,
        ]
        .iter()
        .map(|k| (k.code(), k.label_vi()))
        .collect(),
        typed,
        errors,
        today,
    }
    .render()?)
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(slug): Path<String>,
) -> Result<Html<String>, WebError> {
    user.require(Permission::ManageRounds)?;
    let typed = InspectionForm {
        still_produced: "1".into(),
        still_sold: "1".into(),
        quality_ok: "1".into(),
        packaging_ok: "1".into(),
        ..Default::default()
    };
    Ok(Html(
        product_page(&state, &slug, typed, Errors::new()).await?,
    ))
}

pub async fn record(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(slug): Path<String>,
    req: axum::extract::Request,
) -> Result<Response, WebError> {
    user.require(Permission::ManageRounds)?;
    let upload = super::upload::read(&state, req).await?;
    let f = InspectionForm {
        kind: upload.text("kind"),
        inspected_on: upload.text("inspected_on"),
        still_produced: upload.text("still_produced"),
        still_sold: upload.text("still_sold"),
        quality_ok: upload.text("quality_ok"),
        packaging_ok: upload.text("packaging_ok"),
        findings: upload.text("findings"),
        result: upload.text("result"),
        actions: upload.text("actions"),
    };
    let photo = upload.file.map(|(_, b)| b.to_vec());
    match ocop_app::monitoring::record_inspection(
        &state.store,
        state.clock.as_ref(),
        &actor(&user),
        &slug,
        &f,
        photo,
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/quan-tri/giam-sat/{slug}")).into_response()),
        Err(RecordError::Field { field, message }) => {
            let errors = [(field, message)].into_iter().collect();
            let html = product_page(&state, &slug, f, errors).await?;
            Ok(crate::pages::backoffice::refused_page(html))
        }
        Err(e) => Err(WebError::service(e)),
    }
}

pub async fn complete(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    user.require(Permission::ManageRounds)?;
    match ocop_app::monitoring::complete_action(
        &state.store,
        state.clock.as_ref(),
        &actor(&user),
        &slug,
        id,
    )
    .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/quan-tri/giam-sat/{slug}")).into_response()),
        Err(RecordError::NotFound(_)) => {
            let errors = [("form", "Việc này không có hoặc đã hoàn thành.".to_owned())]
                .into_iter()
                .collect();
            let html = product_page(&state, &slug, InspectionForm::default(), errors).await?;
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
        .inspection_photo(&state.province.code, id)
        .await?
        .ok_or(WebError::NotFound)?;
    Ok(crate::pages::backoffice::private_jpeg(jpeg))
}
