//! Truy xuất nguồn gốc in the back office: a producer's registers (growing
//! areas, packing houses), batches with their events and labels, event
//! imports, and the scans of its codes; the office's province-wide scans.

use super::dossiers::actor;
use super::vault::FieldErrors;
use crate::auth::CurrentUser;
use crate::{AppState, WebError};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Form, Path, Query, Request, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use ocop_app::record_error::RecordError;
use ocop_app::scan::{ScanReport, TimelineEvent};
use ocop_app::trace::{AreaForm, BatchForm, EventForm, EventImport, SCOPES};
use ocop_domain::access::Permission;
use ocop_domain::growing_area::{AreaKind, AreaStatus};
use ocop_domain::trace::Step;

mod batch;
mod batches;
mod scans;

pub use batch::*;
pub use batches::*;
pub use scans::*;
pub struct AreaLine {
    pub id: i64,
    pub status: &'static str,
    pub status_label: &'static str,
    pub kind: &'static str,
    pub code: String,
    pub crop: String,
    pub area: String,
    pub commune: String,
    pub authority: String,
    pub scope: &'static str,
    pub issued: String,
}

pub struct BatchLine {
    pub id: i64,
    pub lot: String,
    pub product: String,
    pub gtin: String,
    pub produced: String,
    pub expires: String,
    pub quantity: String,
    pub qr: String,
}

impl BatchLine {
    fn of(b: &ocop_store::trace::BatchRow, origin: &str) -> Self {
        Self {
            id: b.id,
            lot: b.lot_code.clone(),
            product: b.product_name.clone(),
            gtin: b.gtin.clone().unwrap_or_default(),
            produced: crate::pages::vn_day(b.produced_on),
            expires: b.expires_on.map(crate::pages::vn_day).unwrap_or_default(),
            quantity: b
                .quantity
                .map(|q| format!("{q} {}", b.unit))
                .unwrap_or_default(),
            qr: ocop_app::trace::qr_address(origin, b),
        }
    }
}

#[derive(Template)]
#[template(path = "bo_trace.html")]
struct TracePage {
    css: &'static str,
    title: String,
    slug: String,
    name: String,
    may_keep: bool,
    areas: Vec<AreaLine>,
    growing: Vec<(i64, String)>,
    batches: Vec<BatchLine>,
    /// (slug, name) of products; (slug, gtin) of their GTINs.
    products: Vec<(String, String)>,
    gtins: Vec<(String, String)>,
    communes: Vec<(String, String)>,
    kinds: Vec<(&'static str, &'static str)>,
    scopes: Vec<(&'static str, &'static str)>,
    statuses: Vec<(&'static str, &'static str)>,
    area: AreaForm,
    batch: BatchForm,
    errors: FieldErrors,
    import: Option<EventImport>,
    dry_run: bool,
    report: ScanReport,
}

async fn trace_page(
    state: &AppState,
    user: &CurrentUser,
    slug: &str,
    area: AreaForm,
    batch: BatchForm,
    errors: FieldErrors,
    import: Option<(EventImport, bool)>,
) -> Result<String, WebError> {
    let seen = super::producer::in_view(state, user, slug).await?;
    let may_keep = user.role.can(Permission::ManageProducts) && seen.acts;
    let producer = seen.facts;
    let name = state
        .store
        .producer_by_slug(&state.province.code, slug)
        .await?
        .map_or_else(|| slug.to_owned(), |p| p.name);
    let areas = state.store.areas_of_producer(producer.id).await?;
    let codes = state.store.product_codes(producer.id).await?;
    let mut products: Vec<(String, String)> = codes
        .iter()
        .map(|c| (c.slug.clone(), c.name.clone()))
        .collect();
    products.dedup();
    let batches = state.store.batches_of_producer(producer.id, 200).await?;
    let snapshot = state.snapshot().await?;
    let report = ocop_app::scan::report(
        &state.store,
        &state.scans,
        &snapshot,
        &state.province.code,
        Some(producer.id),
    )
    .await?;
    let (import, dry_run) = match import {
        Some((i, d)) => (Some(i), d),
        None => (None, true),
    };
    let page = TracePage {
        css: crate::assets::css_href(),
        title: format!("Truy xuất nguồn gốc — {name}"),
        slug: slug.to_owned(),
        may_keep,
        growing: areas
            .iter()
            .filter(|x| x.kind == AreaKind::Growing)
            .map(|x| (x.id, format!("{} — {}", x.code, x.crop)))
            .collect(),
        areas: areas
            .into_iter()
            .map(|x| AreaLine {
                id: x.id,
                status_label: x.status.label_vi(),
                status: x.status.code(),
                kind: x.kind.label_vi(),
                code: x.code,
                crop: x.crop,
                area: x
                    .area_hundredths
                    .map(|h| format!("{} ha", ocop_domain::text::hundredths_vi(h)))
                    .unwrap_or_default(),
                commune: x.commune_2025.unwrap_or_default(),
                authority: x.authority,
                scope: if x.scope == "export" {
                    "Xuất khẩu"
                } else {
                    "Nội địa"
                },
                issued: x.issued_on.map(crate::pages::vn_day).unwrap_or_default(),
            })
            .collect(),
        batches: batches
            .iter()
            .map(|b| BatchLine::of(b, &state.public_origin))
            .collect(),
        gtins: codes
            .iter()
            .filter_map(|c| c.gtin.clone().map(|g| (c.slug.clone(), g)))
            .collect(),
        products,
        communes: crate::pages::commune_choices(state).await?,
        kinds: AreaKind::ALL
            .iter()
            .map(|k| (k.code(), k.label_vi()))
            .collect(),
        scopes: SCOPES.to_vec(),
        statuses: AreaStatus::ALL
            .iter()
            .map(|s| (s.code(), s.label_vi()))
            .collect(),
        area,
        batch,
        errors,
        import,
        dry_run,
        report,
        name,
    };
    Ok(page.render()?)
}

/// The page again, with what was typed and why it was refused (422).
async fn refused(
    state: &AppState,
    user: &CurrentUser,
    slug: &str,
    (area, batch): (AreaForm, BatchForm),
    errors: FieldErrors,
) -> Result<Response, WebError> {
    let html = trace_page(state, user, slug, area, batch, errors, None).await?;
    Ok(crate::pages::backoffice::refused_page(html))
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(slug): Path<String>,
) -> Result<Html<String>, WebError> {
    user.require(Permission::ViewProducer)?;
    let html = trace_page(
        &state,
        &user,
        &slug,
        AreaForm::default(),
        BatchForm::default(),
        FieldErrors::new(),
        None,
    )
    .await?;
    Ok(Html(html))
}

fn refusal(e: RecordError, prefix: &'static str) -> Result<FieldErrors, WebError> {
    let (field, message) = match e {
        RecordError::Field { field, message } => (field, message),
        RecordError::Invalid(m) => ("form", m),
        other => return Err(WebError::service(other)),
    };
    let key: &'static str = match (prefix, field) {
        ("area", "kind") => "area_kind",
        ("area", "code") => "area_code",
        ("area", "crop") => "area_crop",
        ("area", "area") => "area_area",
        ("area", "commune") => "area_commune",
        ("area", "coordinates") => "area_coordinates",
        ("area", "authority") => "area_authority",
        ("area", "scope") => "area_scope",
        ("area", "issued_on") => "area_issued_on",
        ("area", "product") => "area_product",
        ("area", _) => "area_form",
        (_, "product") => "batch_product",
        (_, "lot") => "batch_lot",
        (_, "gtin") => "batch_gtin",
        (_, "produced_on") => "batch_produced_on",
        (_, "expires_on") => "batch_expires_on",
        (_, "quantity") => "batch_quantity",
        (_, "unit") => "batch_unit",
        (_, "areas") => "batch_areas",
        _ => "batch_form",
    };
    Ok([(key, message)].into_iter().collect())
}

pub async fn add_area(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(slug): Path<String>,
    Form(form): Form<AreaForm>,
) -> Result<Response, WebError> {
    user.require(Permission::ManageProducts)?;
    match ocop_app::trace::add_area(
        &state.store,
        state.clock.as_ref(),
        &actor(&user),
        &slug,
        &form,
    )
    .await
    {
        Ok(_) => {
            Ok(Redirect::to(&format!("/quan-tri/chu-the/{slug}/truy-xuat#vung")).into_response())
        }
        Err(e) => {
            let errors = refusal(e, "area")?;
            refused(&state, &user, &slug, (form, BatchForm::default()), errors).await
        }
    }
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    status: String,
}

pub async fn area_status(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<StatusForm>,
) -> Result<Response, WebError> {
    user.require(Permission::ManageProducts)?;
    match ocop_app::trace::set_area_status(
        &state.store,
        state.clock.as_ref(),
        &actor(&user),
        &slug,
        id,
        &form.status,
    )
    .await
    {
        Ok(()) => {
            Ok(Redirect::to(&format!("/quan-tri/chu-the/{slug}/truy-xuat#vung")).into_response())
        }
        Err(RecordError::Field { message, .. }) => {
            let errors = [("area_form", message)].into_iter().collect();
            refused(&state, &user, &slug, Default::default(), errors).await
        }
        Err(e) => Err(WebError::service(e)),
    }
}
