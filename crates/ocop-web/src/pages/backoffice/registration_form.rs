//! Phiếu đăng ký — the producer's registration facts, corrected by the
//! producer itself, its commune's officer or the office (audited), and the
//! first step of the dossier's task list.

use crate::auth::CurrentUser;
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use ocop_app::registry::RegisterError;
use ocop_domain::ProducerForm;
use ocop_domain::access::Permission;
use ocop_domain::form::FieldErrors;

#[derive(Template)]
#[template(path = "bo_registration_form.html")]
struct FormPage {
    css: &'static str,
    title: String,
    slug: String,
    form: ProducerForm,
    errors: FieldErrors,
    /// What the registration form still lacks, named.
    gaps: Vec<&'static str>,
    /// The form was sent and refused (not merely opened on a record that
    /// needs correcting).
    refused: bool,
    communes: Vec<(String, String)>,
    kinds: Vec<(&'static str, &'static str)>,
    saved: bool,
}

async fn page(
    state: &AppState,
    slug: &str,
    form: ProducerForm,
    errors: Option<FieldErrors>,
    saved: bool,
) -> Result<String, WebError> {
    let communes = crate::pages::commune_choices(state).await?;
    let review = ocop_app::registry::registration_review(&state.province, &form);
    let gaps = review.as_ref().cloned().unwrap_or_default();
    // Opened on a stored record its own checks refuse: say so beside the
    // fields, as a refused submission would.
    let refused = errors.is_some();
    let errors = errors.unwrap_or_else(|| review.err().unwrap_or_default());
    Ok(FormPage {
        css: crate::assets::css_href(),
        title: format!("Phiếu đăng ký: {}", form.name),
        slug: slug.to_owned(),
        form,
        errors,
        gaps,
        refused,
        communes,
        kinds: crate::pages::register::kind_choices(crate::lang::Lang::Vi),
        saved,
    }
    .render()?)
}

/// The record as stored, for a person whose scope reaches the producer.
async fn stored(
    state: &AppState,
    user: &CurrentUser,
    slug: &str,
) -> Result<ProducerForm, WebError> {
    user.require(Permission::ManageProducts)?;
    // Who keeps a producer's records (its own account, its commune, the
    // office) corrects its registration too: one rule.
    ocop_app::scope::producer_in_reach(&state.store, &super::dossiers::actor(user), slug)
        .await
        .map_err(WebError::service)?;
    state
        .store
        .producer_form(&state.province.code, slug)
        .await?
        .map(|(_, f)| f)
        .ok_or(WebError::NotFound)
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct Saved {
    da_luu: String,
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(slug): Path<String>,
    axum::extract::Query(q): axum::extract::Query<Saved>,
) -> Result<Html<String>, WebError> {
    let form = stored(&state, &user, &slug).await?;
    Ok(Html(
        page(&state, &slug, form, None, !q.da_luu.is_empty()).await?,
    ))
}

pub async fn submit(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(slug): Path<String>,
    Form(form): Form<ProducerForm>,
) -> Result<Response, WebError> {
    stored(&state, &user, &slug).await?;
    match ocop_app::registry::update_registration(
        &state.store,
        state.clock.as_ref(),
        &state.province,
        &slug,
        &form,
        &user.user.username,
    )
    .await
    {
        Ok(()) => Ok(
            Redirect::to(&format!("/quan-tri/chu-the/{slug}/phieu-dang-ky?da_luu=1"))
                .into_response(),
        ),
        Err(RegisterError::Invalid(errors)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            Html(page(&state, &slug, form, Some(errors), false).await?),
        )
            .into_response()),
        Err(other) => Err(other.into()),
    }
}
