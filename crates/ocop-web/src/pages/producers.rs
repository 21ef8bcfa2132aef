//! Trang chủ thể.

use super::{ProductLine, UNKNOWN};
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;
use ocop_domain::ProducerKind;

#[derive(Template)]
#[template(path = "producer.html")]
struct ProducerPage {
    css: &'static str,
    title: String,
    name: String,
    kind: String,
    tax_code: String,
    address: String,
    commune: String,
    former_province: String,
    products: Vec<ProductLine>,
}

pub async fn show(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Html<String>, WebError> {
    let p = state
        .store
        .producer_by_slug(&state.province.code, &slug)
        .await?
        .ok_or(WebError::NotFound)?;
    let or_unknown = |v: &Option<String>| v.clone().unwrap_or_else(|| UNKNOWN.to_owned());
    let page = ProducerPage {
        css: crate::assets::css_href(),
        title: p.name.clone(),
        name: p.name.clone(),
        kind: ProducerKind::parse(&p.kind)
            .map_or_else(|_| UNKNOWN.to_owned(), |k| k.name_vi().to_owned()),
        tax_code: or_unknown(&p.tax_code),
        address: or_unknown(&p.address),
        commune: or_unknown(&p.commune_2025),
        former_province: or_unknown(&p.former_province),
        products: p.products.iter().map(ProductLine::from).collect(),
    };
    Ok(Html(page.render()?))
}
