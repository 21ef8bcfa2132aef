//! Danh sách và trang sản phẩm.

use super::{UNKNOWN, group_name, stars_text, vn_date};
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;

pub struct CertificateLine {
    pub stars: String,
    pub status_code: &'static str,
    pub status: String,
    pub decision: String,
    pub authority: String,
    pub issued: String,
    pub valid_until: String,
    pub year: String,
}

#[derive(Template)]
#[template(path = "product.html")]
struct ProductPageView {
    css: &'static str,
    title: String,
    name: String,
    stars: String,
    status_code: &'static str,
    status: String,
    producer: String,
    producer_href: String,
    group: String,
    group_label: String,
    description: String,
    commune_2025: String,
    commune_pre2025: String,
    district_pre2025: String,
    former_province: String,
    certificates: Vec<CertificateLine>,
    sources: Vec<String>,
    source_note: Option<String>,
    source_level: String,
    criteria_set: Option<(String, String, String)>,
}

pub async fn show(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Html<String>, WebError> {
    let detail = state
        .store
        .product_by_slug(&state.province.code, &slug)
        .await?
        .ok_or(WebError::NotFound)?;
    let page = ocop_app::portal::product_page(detail, state.clock.today());
    let p = &page.product;
    let newest = page.certificates.first();
    let or_unknown = |v: &Option<String>| v.clone().unwrap_or_else(|| UNKNOWN.to_owned());
    let view = ProductPageView {
        css: crate::assets::css_href(),
        title: p.summary.name.clone(),
        name: p.summary.name.clone(),
        stars: stars_text(p.summary.stars),
        status_code: newest.map_or("unknown", |c| c.status.code()),
        status: newest.map_or_else(|| UNKNOWN.to_owned(), |c| c.status.label_vi().to_owned()),
        producer: p.summary.producer_name.clone(),
        producer_href: format!("/chu-the/{}", p.summary.producer_slug),
        group: group_name(p.summary.group_code.as_deref()),
        group_label: or_unknown(&p.summary.group_label),
        description: or_unknown(&p.description),
        commune_2025: or_unknown(&p.summary.commune_2025),
        commune_pre2025: or_unknown(&p.commune_pre2025),
        district_pre2025: or_unknown(&p.summary.district_pre2025),
        former_province: or_unknown(&p.former_province),
        certificates: page
            .certificates
            .iter()
            .map(|c| CertificateLine {
                stars: stars_text(Some(c.record.stars)),
                status_code: c.status.code(),
                status: c.status.label_vi().to_owned(),
                decision: c
                    .record
                    .decision_number
                    .clone()
                    .unwrap_or_else(|| "Chưa thấy số quyết định".to_owned()),
                authority: or_unknown(&c.record.issuing_authority),
                issued: c
                    .record
                    .issued_on
                    .as_deref()
                    .map_or_else(|| UNKNOWN.to_owned(), vn_date),
                valid_until: c
                    .record
                    .valid_until
                    .as_deref()
                    .map_or_else(|| UNKNOWN.to_owned(), vn_date),
                year: c
                    .record
                    .year
                    .map_or_else(|| UNKNOWN.to_owned(), |y| y.to_string()),
            })
            .collect(),
        sources: [&p.source_url, &p.source_url_2]
            .into_iter()
            .flatten()
            .cloned()
            .collect(),
        source_note: p.source_note.clone(),
        criteria_set: p.criteria_set.as_ref().map(|id| {
            (
                format!("/bo-tieu-chi/{id}"),
                p.criteria_set_name.clone().unwrap_or_else(|| id.clone()),
                p.criteria_set_reason.clone().unwrap_or_default(),
            )
        }),
        source_level: match p.source_level.as_deref() {
            Some("A") => "Quyết định đã ký hoặc phụ lục của quyết định".to_owned(),
            Some("B1") => "Báo của tỉnh đưa tin; chưa thấy quyết định".to_owned(),
            _ => "Trang tin công khai".to_owned(),
        },
    };
    Ok(Html(view.render()?))
}
