//! Nơi bán in the back office: a producer's points of sale and marketplace
//! links, added and removed from its record page.

use super::dossiers::actor;
use super::producer::Typed;
use crate::auth::CurrentUser;
use crate::{AppState, WebError};
use axum::extract::{Form, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use ocop_app::market::{self, PointOfSaleForm};
use ocop_app::record_error::RecordError;
use ocop_domain::access::Permission;

/// Back to the record on success; the record with the form as typed and
/// the error next to its field otherwise.
async fn answer(
    state: &AppState,
    user: &CurrentUser,
    slug: &str,
    result: Result<(), RecordError>,
    prefix: &'static str,
    typed: Typed,
) -> Result<Response, WebError> {
    let field = match result {
        Ok(()) => {
            return Ok(Redirect::to(&format!("/quan-tri/chu-the/{slug}#{prefix}")).into_response());
        }
        Err(RecordError::Field { field, message }) => (field, message),
        Err(RecordError::Invalid(m)) => ("form", m),
        // A second click on "Xóa", or a stale page: say so on the record.
        Err(RecordError::NotFound(what)) => (
            "form",
            format!("Không tìm thấy {what} này (có thể đã xóa)."),
        ),
        Err(e) => return Err(WebError::service(e)),
    };
    let key: &'static str = match (prefix, field.0) {
        ("noi-ban", "kind") => "pos_kind",
        ("noi-ban", "name") => "pos_name",
        ("noi-ban", "address") => "pos_address",
        ("noi-ban", "commune") => "pos_commune",
        ("noi-ban", "phone") => "pos_phone",
        ("noi-ban", "coordinates") => "pos_coordinates",
        ("vi-tri", _) => "loc_coordinates",
        ("noi-ban", _) => "pos_form",
        ("tieu-thu", f) if f.starts_with("sales_") => f,
        ("tieu-thu", _) => "sales_form",
        (_, "product") => "link_product",
        (_, "url") => "link_url",
        _ => "link_form",
    };
    let errors = [(key, field.1)].into_iter().collect();
    let html = super::producer::page(state, user, slug, typed, errors).await?;
    Ok(crate::pages::backoffice::refused_page(html))
}

pub async fn add_point(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(slug): Path<String>,
    Form(form): Form<PointOfSaleForm>,
) -> Result<Response, WebError> {
    user.require(Permission::ManageProducts)?;
    let result = market::add_point_of_sale(
        &state.store,
        state.clock.as_ref(),
        &actor(&user),
        &slug,
        &form,
    )
    .await
    .map(|_| ());
    let typed = Typed {
        pos: form,
        ..Typed::default()
    };
    answer(&state, &user, &slug, result, "noi-ban", typed).await
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct LocationForm {
    pub coordinates: String,
}

/// Where the producer is, for the portal's map.
pub async fn set_location(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(slug): Path<String>,
    Form(form): Form<LocationForm>,
) -> Result<Response, WebError> {
    user.require(Permission::ManageProducts)?;
    let result = market::set_producer_location(
        &state.store,
        state.clock.as_ref(),
        &actor(&user),
        &slug,
        &form.coordinates,
    )
    .await;
    let typed = Typed {
        location: Some(form.coordinates),
        ..Typed::default()
    };
    answer(&state, &user, &slug, result, "vi-tri", typed).await
}

pub async fn remove_point(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    user.require(Permission::ManageProducts)?;
    let result =
        market::remove_point_of_sale(&state.store, state.clock.as_ref(), &actor(&user), &slug, id)
            .await;
    answer(&state, &user, &slug, result, "noi-ban", Typed::default()).await
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct LinkForm {
    pub product: String,
    pub url: String,
}

pub async fn add_link(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(slug): Path<String>,
    Form(form): Form<LinkForm>,
) -> Result<Response, WebError> {
    user.require(Permission::ManageProducts)?;
    let result = market::add_marketplace_link(
        &state.store,
        state.clock.as_ref(),
        &actor(&user),
        &slug,
        &form.product,
        &form.url,
    )
    .await
    .map(|_| ());
    let typed = Typed {
        link: form,
        ..Typed::default()
    };
    answer(&state, &user, &slug, result, "lien-ket", typed).await
}

pub async fn remove_link(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    user.require(Permission::ManageProducts)?;
    let result = market::remove_marketplace_link(
        &state.store,
        state.clock.as_ref(),
        &actor(&user),
        &slug,
        id,
    )
    .await;
    answer(&state, &user, &slug, result, "lien-ket", Typed::default()).await
}

pub async fn add_sales(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(slug): Path<String>,
    Form(form): Form<ocop_app::monitoring::SalesForm>,
) -> Result<Response, WebError> {
    user.require(Permission::ManageProducts)?;
    let result = ocop_app::monitoring::record_sales(
        &state.store,
        state.clock.as_ref(),
        &actor(&user),
        &slug,
        &form,
    )
    .await;
    let typed = Typed {
        sales: form,
        ..Typed::default()
    };
    answer(&state, &user, &slug, result, "tieu-thu", typed).await
}
