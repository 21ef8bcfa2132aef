//! Một lô — a batch's page: its events, a new event, its EPCIS export and
//! its labels.

use super::*;

#[derive(Template)]
#[template(path = "bo_batch.html")]
pub(super) struct BatchPage {
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
pub(super) async fn batch_in_view(
    state: &AppState,
    user: &CurrentUser,
    slug: &str,
    id: i64,
) -> Result<(ocop_app::scope::InView, ocop_store::trace::BatchRow), WebError> {
    let seen = super::super::producer::in_view(state, user, slug).await?;
    let b = state
        .store
        .batch(id)
        .await?
        .filter(|b| b.producer_id == seen.facts.id)
        .ok_or(WebError::NotFound)?;
    Ok((seen, b))
}

pub(super) async fn batch_page(
    state: &AppState,
    user: &CurrentUser,
    slug: &str,
    id: i64,
    (typed, label): (EventForm, LabelQuery),
    errors: FieldErrors,
) -> Result<String, WebError> {
    let (seen, b) = batch_in_view(state, user, slug, id).await?;
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
        may_keep: user.role.can(Permission::ManageProducts) && seen.acts,
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
        Err(RecordError::Field { field, message }) => {
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
            Ok(crate::pages::backoffice::refused_page(html))
        }
        Err(e) => Err(WebError::service(e)),
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
        return Ok(crate::pages::backoffice::refused_page(html));
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
        expiry: b.expires_on.map(crate::pages::vn_day),
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
