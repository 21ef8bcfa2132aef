//! Danh sách và trang sản phẩm.

use super::{ProductLine, UNKNOWN, group_name, stars_text, vn_date};
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Html;
use ocop_domain::ProductGroup;
use ocop_store::catalog::ProductFilter;

/// The list's filters exactly as typed, so the form shows them back.
#[derive(Debug, Default, serde::Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    group: String,
    #[serde(default)]
    stars: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    place: String,
}

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "products.html")]
struct ListPage {
    css: &'static str,
    title: String,
    q: String,
    year: String,
    stars_error: Option<String>,
    year_error: Option<String>,
    groups: Vec<Choice>,
    stars: Vec<Choice>,
    places: Vec<Choice>,
    products: Vec<ProductLine>,
}

pub async fn list(
    State(state): State<AppState>,
    Query(query): Query<ListQuery>,
) -> Result<Html<String>, WebError> {
    let mut filter = ProductFilter {
        q: Some(query.q.trim().to_owned()).filter(|q| !q.is_empty()),
        group: ProductGroup::parse_code(query.group.trim()).map(|g| g.code().to_owned()),
        place: Some(query.place.trim().to_owned()).filter(|p| !p.is_empty()),
        ..ProductFilter::default()
    };
    let mut stars_error = None;
    match query.stars.trim() {
        "" => {}
        s => match s.parse::<i64>() {
            Ok(n @ 3..=5) => filter.stars = Some(n),
            _ => stars_error = Some("Hạng sao phải là 3, 4 hoặc 5.".to_owned()),
        },
    }
    let mut year_error = None;
    match query.year.trim() {
        "" => {}
        y => match y.parse::<i64>() {
            Ok(n @ 2019..=2100) => filter.year = Some(n),
            _ => year_error = Some("Năm công nhận phải là số có 4 chữ số, từ 2019.".to_owned()),
        },
    }
    let products = state
        .store
        .list_products(&state.province.code, &filter)
        .await?;
    let places = state.store.places_in_use(&state.province.code).await?;
    let page = ListPage {
        css: crate::assets::css_href(),
        title: "Danh sách sản phẩm OCOP".to_owned(),
        groups: ProductGroup::ALL
            .iter()
            .map(|g| Choice {
                value: g.code().to_owned(),
                label: group_name(Some(g.code())),
                selected: query.group.trim() == g.code(),
            })
            .collect(),
        stars: ["3", "4", "5"]
            .iter()
            .map(|s| Choice {
                value: (*s).to_owned(),
                label: format!("{s} sao"),
                selected: query.stars.trim() == *s,
            })
            .collect(),
        places: places
            .into_iter()
            .map(|p| Choice {
                selected: query.place.trim() == p.code,
                label: if p.scheme == "pre2025" {
                    format!("{} (trước 2025)", p.full_name)
                } else {
                    p.full_name
                },
                value: p.code,
            })
            .collect(),
        products: products.iter().map(ProductLine::from).collect(),
        q: query.q,
        year: query.year,
        stars_error,
        year_error,
    };
    Ok(Html(page.render()?))
}

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
