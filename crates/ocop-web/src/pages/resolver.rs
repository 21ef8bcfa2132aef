//! The GS1 Digital Link resolver: the address in a QR code on a package
//! (`/01/{GTIN}/10/{lot}?17=…`) leads to the product's page, where the star's
//! status is read live. A link the platform cannot check is refused with why.

use crate::{AppState, WebError};
use axum::extract::{OriginalUri, State};
use axum::response::{IntoResponse, Redirect, Response};
use ocop_domain::digital_link::DigitalLink;

pub async fn resolve(
    State(state): State<AppState>,
    OriginalUri(uri): OriginalUri,
) -> Result<Response, WebError> {
    let link = DigitalLink::parse(uri.path_and_query().map_or("", |p| p.as_str()))
        .map_err(|e| WebError::BadRequest(format!("Mã GS1 Digital Link không hợp lệ: {e}.")))?;
    let wanted = link.gtin.to_gtin14();
    let slug = state
        .store
        .product_gtins(&state.province.code)
        .await?
        .into_iter()
        .find(|(g, _)| ocop_domain::Gtin::parse(g).is_ok_and(|g| g.to_gtin14() == wanted))
        .map(|(_, slug)| slug)
        .ok_or(WebError::NotFound)?;
    Ok(Redirect::to(&format!("/san-pham/{slug}")).into_response())
}
