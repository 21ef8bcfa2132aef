//! The GS1 Digital Link resolver: the address in a QR code on a package
//! (`/01/{GTIN}/10/{lot}?17=…`). With a lot the platform knows, it is the
//! batch's scan page (origin, timeline, the star's live status); with a GTIN
//! alone or an unrecorded lot, the product's page. A link the platform cannot check is refused
//! with why.

use crate::lang::Lang;
use crate::{AppState, WebError};
use axum::extract::{OriginalUri, State};
use axum::response::{IntoResponse, Redirect, Response};
use ocop_domain::digital_link::DigitalLink;

pub async fn resolve(
    State(state): State<AppState>,
    lang: Lang,
    client: crate::client::ClientAddr,
    OriginalUri(uri): OriginalUri,
) -> Result<Response, WebError> {
    let link = DigitalLink::parse(uri.path_and_query().map_or("", |p| p.as_str()))
        .map_err(|e| WebError::BadRequest(format!("Mã GS1 Digital Link không hợp lệ: {e}.")))?;
    let wanted = link.gtin.to_gtin14();
    // A lot the producer has not recorded still leads to the product and
    // its live star.
    if let Some(lot) = &link.lot {
        let key = format!("01/{wanted}/{lot}");
        let find = async {
            Ok(state
                .store
                .scanned_batch(ocop_store::trace::ScannedBy::GtinLot {
                    province: &state.province.code,
                    gtin14: &wanted,
                    lot,
                })
                .await?)
        };
        match super::scan::show_scan(&state, lang, client, &key, find).await {
            Err(WebError::NotFound) => {}
            answer => return answer,
        }
    }
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
