//! The GS1 Digital Link resolver: the address in a QR code on a package
//! (`/01/{GTIN}/10/{lot}?17=…`). With a lot the platform knows, it is the
//! batch's scan page (origin, timeline, the star's live status); with a GTIN
//! alone or an unrecorded lot, the product's page. `linkType` asks for one
//! link (`gs1:pip` the product page, `gs1:certificationInfo` the star check,
//! `gs1:traceability` the batch) or for all of them as a linkset (RFC 9264,
//! `linkType=all`); a type the platform has not answers with the default
//! link, as the standard asks. A link the platform cannot check is refused
//! with why; a GTIN no product carries is a 404 that names it.

use crate::lang::Lang;
use crate::{AppState, WebError};
use axum::extract::{OriginalUri, State};
use axum::response::{IntoResponse, Redirect, Response};
use ocop_domain::digital_link::DigitalLink;

pub async fn resolve(
    State(state): State<AppState>,
    lang: Lang,
    client: crate::client::ClientAddr,
    headers: axum::http::HeaderMap,
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
        .ok_or_else(|| {
            WebError::Missing(format!(
                "Mã GTIN {wanted} không thuộc sản phẩm OCOP nào của tỉnh trên cổng này. Hãy kiểm tra lại mã, hoặc phản ánh tại /phan-anh nếu bao bì ghi là sản phẩm OCOP."
            ))
        })?;
    let product_page = format!("/san-pham/{slug}");
    let certification = format!("/kiem-tra-sao?q={}", link.gtin.to_gtin14());
    match link.link_type.as_deref() {
        Some("all") => return Ok(linkset(&state, &link, &product_page, &certification)),
        Some("gs1:pip") => return Ok(Redirect::to(&product_page).into_response()),
        Some("gs1:certificationInfo") => return Ok(Redirect::to(&certification).into_response()),
        _ => {}
    }
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
        match super::scan::show_scan(&state, lang, client, &headers, &key, find).await {
            Err(WebError::NotFound) => {}
            answer => return answer,
        }
    }
    Ok(Redirect::to(&product_page).into_response())
}

/// Every link the platform has for this identifier, as an RFC 9264 linkset
/// (`application/linkset+json`), the form GS1 resolvers answer `all` with.
fn linkset(
    state: &AppState,
    link: &DigitalLink,
    product_page: &str,
    certification: &str,
) -> Response {
    let anchor = state.absolute(&link.path());
    let mut set = serde_json::json!({
        "anchor": anchor,
        "https://gs1.org/voc/pip": [{ "href": state.absolute(product_page), "title": "Trang sản phẩm OCOP", "type": "text/html", "hreflang": ["vi", "en"] }],
        "https://gs1.org/voc/certificationInfo": [{ "href": state.absolute(certification), "title": "Kiểm tra sao OCOP", "type": "text/html", "hreflang": ["vi", "en"] }],
        "https://gs1.org/voc/defaultLink": [{ "href": state.absolute(product_page), "title": "Trang sản phẩm OCOP", "type": "text/html" }],
    });
    if link.lot.is_some() {
        let mut batch = link.clone();
        batch.link_type = None;
        set["https://gs1.org/voc/traceability"] = serde_json::json!([{ "href": state.absolute(&batch.path()), "title": "Truy xuất lô hàng", "type": "text/html" }]);
    }
    (
        [(axum::http::header::CONTENT_TYPE, "application/linkset+json")],
        serde_json::json!({ "linkset": [set] }).to_string(),
    )
        .into_response()
}
