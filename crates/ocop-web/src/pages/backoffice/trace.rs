//! Truy xuất nguồn gốc in the back office: a producer's registers (growing
//! areas, packing houses), batches with their events and labels, event
//! imports, and the scans of its codes; the office's province-wide scans.

use super::dossiers::{actor, cycle_error};
use super::vault::FieldErrors;
use crate::auth::CurrentUser;
use crate::{AppState, WebError};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Form, Path, Query, Request, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use ocop_app::cycle::CycleError;
use ocop_app::scan::{ScanReport, TimelineEvent};
use ocop_app::trace::{AREA_KINDS, AreaForm, BatchForm, EventForm, EventImport, SCOPES};
use ocop_domain::access::Permission;
use ocop_domain::trace::Step;

pub struct AreaLine {
    pub id: i64,
    pub status: String,
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
            produced: crate::pages::vn_date(&b.produced_on),
            expires: b
                .expires_on
                .as_deref()
                .map(crate::pages::vn_date)
                .unwrap_or_default(),
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
    let producer = super::producer::in_view(state, user, slug).await?;
    let may_keep = user.role.can(Permission::ManageProducts)
        && ocop_app::vault::may_keep_documents(&actor(user), &producer);
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
            .filter(|x| x.kind == "growing")
            .map(|x| (x.id, format!("{} — {}", x.code, x.crop)))
            .collect(),
        areas: areas
            .into_iter()
            .map(|x| AreaLine {
                id: x.id,
                status_label: ocop_app::trace::area_status_label(&x.status),
                status: x.status,
                kind: ocop_app::trace::area_kind_label(&x.kind),
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
                issued: x
                    .issued_on
                    .as_deref()
                    .map(crate::pages::vn_date)
                    .unwrap_or_default(),
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
        kinds: AREA_KINDS.to_vec(),
        scopes: SCOPES.to_vec(),
        statuses: ocop_app::trace::AREA_STATUSES.to_vec(),
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
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
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

fn refusal(e: CycleError, prefix: &'static str) -> Result<FieldErrors, WebError> {
    let (field, message) = match e {
        CycleError::Field { field, message } => (field, message),
        CycleError::Invalid(m) => ("form", m),
        other => return Err(cycle_error(other)),
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
        Err(CycleError::Field { message, .. }) => {
            let errors = [("area_form", message)].into_iter().collect();
            refused(&state, &user, &slug, Default::default(), errors).await
        }
        Err(e) => Err(cycle_error(e)),
    }
}

/// The batch form: plain fields plus any number of `area` checkboxes.
fn batch_form(body: &[u8]) -> BatchForm {
    let mut f = BatchForm::default();
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).unwrap_or_default();
    for (k, v) in pairs {
        match k.as_str() {
            "product" => f.product = v,
            "lot" => f.lot = v,
            "gtin" => f.gtin = v,
            "produced_on" => f.produced_on = v,
            "expires_on" => f.expires_on = v,
            "quantity" => f.quantity = v,
            "unit" => f.unit = v,
            "area" => f.areas.extend(v.parse::<i64>().ok()),
            _ => {}
        }
    }
    f
}

pub async fn create_batch(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(slug): Path<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    user.require(Permission::ManageProducts)?;
    let form = batch_form(&body);
    match ocop_app::trace::create_batch(
        &state.store,
        state.clock.as_ref(),
        state.entropy.as_ref(),
        &actor(&user),
        &slug,
        &form,
    )
    .await
    {
        Ok(id) => Ok(
            Redirect::to(&format!("/quan-tri/chu-the/{slug}/truy-xuat/lo/{id}")).into_response(),
        ),
        Err(e) => {
            let errors = refusal(e, "batch")?;
            refused(&state, &user, &slug, (AreaForm::default(), form), errors).await
        }
    }
}

pub async fn import(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(slug): Path<String>,
    req: Request,
) -> Result<Response, WebError> {
    user.require(Permission::ManageProducts)?;
    // Out of reach is refused before the file is read.
    ocop_app::vault::producer_in_reach(&state.store, &actor(&user), &slug)
        .await
        .map_err(cycle_error)?;
    let upload = super::upload::read(&state, req).await?;
    let dry_run = !upload.text("dry_run").is_empty();
    let Some((_, bytes)) = upload.file.as_ref().filter(|(_, b)| !b.is_empty()) else {
        let errors = [("import_file", "Chọn tệp CSV hoặc JSON để nhập.".to_owned())]
            .into_iter()
            .collect();
        return refused(&state, &user, &slug, Default::default(), errors).await;
    };
    let result = ocop_app::trace::import_events(
        &state.store,
        state.clock.as_ref(),
        state.entropy.as_ref(),
        &actor(&user),
        &slug,
        bytes,
        dry_run,
    )
    .await
    .map_err(cycle_error)?;
    let status = if result.problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let html = trace_page(
        &state,
        &user,
        &slug,
        AreaForm::default(),
        BatchForm::default(),
        FieldErrors::new(),
        Some((result, dry_run)),
    )
    .await?;
    Ok((status, Html(html)).into_response())
}

#[derive(Template)]
#[template(path = "bo_batch.html")]
struct BatchPage {
    css: &'static str,
    title: String,
    slug: String,
    b: BatchLine,
    qr_svg: String,
    areas: Vec<String>,
    timeline: Vec<TimelineEvent>,
    places: Vec<(i64, String)>,
    steps: Vec<(&'static str, &'static str)>,
    sizes: Vec<(&'static str, &'static str)>,
    may_keep: bool,
    typed: EventForm,
    /// The label form as typed (kept when refused).
    label: LabelQuery,
    errors: FieldErrors,
}

/// A batch of a producer the person's scope reaches.
async fn batch_in_view(
    state: &AppState,
    user: &CurrentUser,
    slug: &str,
    id: i64,
) -> Result<
    (
        ocop_store::catalog::ProducerFacts,
        ocop_store::trace::BatchRow,
    ),
    WebError,
> {
    let producer = super::producer::in_view(state, user, slug).await?;
    let b = state
        .store
        .batch(id)
        .await?
        .filter(|b| b.producer_id == producer.id)
        .ok_or(WebError::NotFound)?;
    Ok((producer, b))
}

async fn batch_page(
    state: &AppState,
    user: &CurrentUser,
    slug: &str,
    id: i64,
    (typed, label): (EventForm, LabelQuery),
    errors: FieldErrors,
) -> Result<String, WebError> {
    let (producer, b) = batch_in_view(state, user, slug, id).await?;
    let area_ids = state.store.batch_area_ids(b.id).await?;
    let all = state.store.areas_of_producer(b.producer_id).await?;
    let events = state.store.events_of_batch(b.id).await?;
    let qr = ocop_app::trace::qr_address(&state.public_origin, &b);
    let page = BatchPage {
        css: crate::assets::css_href(),
        title: format!("Lô {} — {}", b.lot_code, b.product_name),
        slug: slug.to_owned(),
        qr_svg: ocop_docs::qr_svg(&qr).unwrap_or_default(),
        b: BatchLine::of(&b, &state.public_origin),
        areas: all
            .iter()
            .filter(|a| area_ids.contains(&a.id))
            .map(ocop_app::scan::area_label)
            .collect(),
        places: all
            .iter()
            .map(|a| (a.id, ocop_app::scan::area_label(a)))
            .collect(),
        timeline: ocop_app::scan::timeline(&events),
        steps: Step::ALL.iter().map(|s| (s.code(), s.label_vi())).collect(),
        sizes: ocop_docs::pdf::LABEL_SIZES
            .iter()
            .map(|(c, .., l)| (*c, *l))
            .collect(),
        may_keep: user.role.can(Permission::ManageProducts)
            && ocop_app::vault::may_keep_documents(&actor(user), &producer),
        typed,
        label,
        errors,
    };
    Ok(page.render()?)
}

pub async fn batch(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Html<String>, WebError> {
    user.require(Permission::ViewProducer)?;
    Ok(Html(
        batch_page(
            &state,
            &user,
            &slug,
            id,
            Default::default(),
            FieldErrors::new(),
        )
        .await?,
    ))
}

pub async fn add_event(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<EventForm>,
) -> Result<Response, WebError> {
    user.require(Permission::ManageProducts)?;
    match ocop_app::trace::add_event(
        &state.store,
        state.clock.as_ref(),
        state.entropy.as_ref(),
        &actor(&user),
        &slug,
        id,
        &form,
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!(
            "/quan-tri/chu-the/{slug}/truy-xuat/lo/{id}#hanh-trinh"
        ))
        .into_response()),
        Err(CycleError::Field { field, message }) => {
            let key: &'static str = match field {
                "step" => "step",
                "time" => "time",
                "area" => "area",
                "quantity" => "quantity",
                "corrects" => "corrects",
                _ => "place",
            };
            let errors = [(key, message)].into_iter().collect();
            let typed = (form, LabelQuery::default());
            let html = batch_page(&state, &user, &slug, id, typed, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
        Err(e) => Err(cycle_error(e)),
    }
}

pub async fn epcis(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    user.require(Permission::ViewProducer)?;
    let (_, b) = batch_in_view(&state, &user, &slug, id).await?;
    let doc = ocop_app::trace::epcis(&state.store, state.clock.as_ref(), &b, &state.public_origin)
        .await?;
    Ok(crate::download::file(
        crate::download::JSON_LD,
        format!("attachment; filename=\"epcis-lo-{id}.jsonld\""),
        serde_json::to_string_pretty(&doc).map_err(WebError::fault)?,
    ))
}

#[derive(Debug, serde::Deserialize)]
pub struct LabelQuery {
    #[serde(default)]
    size: String,
    #[serde(default)]
    count: String,
}

/// What the label form offers before anything is typed.
impl Default for LabelQuery {
    fn default() -> Self {
        Self {
            size: String::new(),
            count: "65".to_owned(),
        }
    }
}

pub async fn labels(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((slug, id)): Path<(String, i64)>,
    Query(q): Query<LabelQuery>,
) -> Result<Response, WebError> {
    user.require(Permission::ViewProducer)?;
    let (_, b) = batch_in_view(&state, &user, &slug, id).await?;
    let count: usize = q.count.trim().parse().unwrap_or(0);
    let refusal = if count == 0 || count > ocop_docs::pdf::MAX_LABELS {
        Some(format!("Số tem từ 1 đến {}.", ocop_docs::pdf::MAX_LABELS))
    } else if !ocop_docs::pdf::LABEL_SIZES
        .iter()
        .any(|(c, ..)| *c == q.size)
    {
        Some("Chọn cỡ tem.".to_owned())
    } else {
        None
    };
    if let Some(message) = refusal {
        let errors = [("labels", message)].into_iter().collect();
        let typed = (EventForm::default(), q);
        let html = batch_page(&state, &user, &slug, id, typed, errors).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response());
    }
    let snapshot = state.snapshot().await?;
    // Stars only while the certificate is valid: a label must not print a lapsed star.
    let stars = ocop_app::star_check::newest_of(&snapshot, &b.product_slug, state.clock.today())
        .filter(ocop_app::star_check::StarAnswer::is_valid)
        .and_then(|s| u8::try_from(s.stars).ok());
    let doc = ocop_docs::pdf::LabelDoc {
        qr_address: ocop_app::trace::qr_address(&state.public_origin, &b),
        product: b.product_name.clone(),
        producer: b.producer_name.clone(),
        lot: b.lot_code.clone(),
        expiry: b.expires_on.as_deref().map(crate::pages::vn_date),
        stars,
        size: q.size,
        count,
    };
    let bytes = crate::download::build(move || ocop_docs::pdf::labels_pdf(&doc)).await?;
    Ok(crate::download::file(
        crate::download::PDF,
        format!("attachment; filename=\"tem-lo-{id}.pdf\""),
        bytes,
    ))
}

#[derive(Template)]
#[template(path = "bo_scans.html")]
struct ScansPage {
    css: &'static str,
    title: String,
    report: ScanReport,
}

/// The office's view: scans across the province and every warning.
pub async fn scans(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Html<String>, WebError> {
    user.require(Permission::ViewScans)?;
    let snapshot = state.snapshot().await?;
    let report = ocop_app::scan::report(
        &state.store,
        &state.scans,
        &snapshot,
        &state.province.code,
        None,
    )
    .await?;
    let page = ScansPage {
        css: crate::assets::css_href(),
        title: "Lượt quét mã QR và cảnh báo".into(),
        report,
    };
    Ok(Html(page.render()?))
}
