//! Trang sản phẩm — one product: its star and the certificate behind it,
//! where to buy it, and related products; with canonical link, OpenGraph
//! tags and schema.org Product JSON-LD so shared links preview well.

use super::{ProductLine, UNKNOWN, group_name_in, stars_text_in, vn_day};
use crate::lang::{Chrome, Lang};
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;
use ocop_domain::market::Marketplace;

pub struct CertificateLine {
    pub stars: String,
    pub status_code: &'static str,
    pub status: String,
    pub decision: String,
    pub authority: String,
    pub issued: String,
    pub valid_until: String,
    pub year: String,
    pub number: String,
    pub check_href: Option<String>,
    /// The bound or successor behind the status, in words.
    pub note: Option<String>,
}

pub struct WhereToBuy {
    pub kind: &'static str,
    pub name: String,
    pub address: String,
    pub phone: Option<String>,
}

pub struct ShopLink {
    pub marketplace: &'static str,
    pub url: String,
}

pub struct PhotoView {
    pub srcset: String,
    pub src: String,
    pub alt: String,
    pub width: i64,
    pub height: i64,
}

#[derive(Template)]
#[template(path = "product.html")]
struct ProductPageView {
    c: Chrome,
    title: String,
    slug: String,
    photos: Vec<PhotoView>,
    /// The group's drawn picture, while the product has no photo.
    placeholder: String,
    /// The producer's published contact: (label, text, link).
    contact: Vec<(String, String, String)>,
    search_q: String,
    name: String,
    stars: String,
    status_code: &'static str,
    status: String,
    status_note: Option<String>,
    producer: String,
    producer_href: String,
    group: String,
    group_label: Option<String>,
    description: String,
    commune_2025: String,
    commune_pre2025: String,
    district_pre2025: String,
    former_province: String,
    certificates: Vec<CertificateLine>,
    points: Vec<WhereToBuy>,
    shops: Vec<ShopLink>,
    related: Vec<ProductLine>,
    sources: Vec<String>,
    source_note: Option<String>,
    source_level: String,
    criteria_set: Option<(String, String, String)>,
}

/// The product page (kept in memory by [`crate::public_cache`]).
pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    Path(slug): Path<String>,
) -> Result<Html<String>, WebError> {
    Ok(Html(render(&state, lang, &slug).await?))
}

async fn render(state: &AppState, lang: Lang, slug: &str) -> Result<String, WebError> {
    let state = state.clone();
    let slug = slug.to_owned();
    let detail = state
        .store
        .product_by_slug(&state.province.code, &slug)
        .await?
        // A producer's new product is public once approved.
        .filter(|d| d.summary.public)
        .ok_or(WebError::NotFound)?;
    let points = state.store.points_of_sale_of(detail.producer_id).await?;
    let contact = state
        .store
        .producer_by_slug(&state.province.code, &detail.summary.producer_slug)
        .await?
        .map(|p| super::contact_lines(&p.contact, lang))
        .unwrap_or_default();
    let shops = state.store.links_of_product(detail.summary.id).await?;
    let photos = state.store.photos_of_product(detail.summary.id).await?;
    let related = state
        .store
        .related_products(
            detail.summary.id,
            detail.producer_id,
            detail.summary.group_code.as_deref(),
            4,
        )
        .await?;
    let placeholder = crate::assets::group_placeholder(detail.summary.group_code.as_deref());
    let page = ocop_app::portal::product_page(detail, state.clock.today());
    let p = &page.product;
    let newest = page.certificates.first();
    let unknown = lang.s(UNKNOWN, "Not known");
    let or_unknown = |v: &Option<String>| v.clone().unwrap_or_else(|| unknown.to_owned());
    let path = format!("/san-pham/{}", p.summary.slug);
    let status_label =
        |s: &ocop_domain::CertificateStatus| lang.s(s.label_vi(), s.label_en()).to_owned();
    let description = p.description.clone().unwrap_or_else(|| {
        format!(
            "{} — {} {}, {}.",
            p.summary.name,
            lang.s("sản phẩm OCOP của", "OCOP product of"),
            p.summary.producer_name,
            stars_text_in(p.summary.stars, lang)
        )
    });
    let mut json_ld = product_json_ld(&state, &page, &path, &description, &shops);
    // The largest size for previews and search engines.
    let large: Vec<String> = photos
        .iter()
        .filter_map(|f| {
            f.widths
                .last()
                .map(|w| state.absolute(&format!("/anh/{}/{w}.jpg", f.id)))
        })
        .collect();
    if !large.is_empty() {
        json_ld["image"] = large
            .iter()
            .cloned()
            .map(serde_json::Value::String)
            .collect();
    }
    let view = ProductPageView {
        c: Chrome {
            og_type: "product",
            ..Chrome::new(&state, lang, &path)
        }
        .describe(&description)
        .json_ld(&json_ld)
        // The first photo, else the drawing of the product's group.
        .image(Some(large.first().cloned().unwrap_or_else(|| {
            crate::og_image::group(&state, p.summary.group_code.as_deref())
        }))),
        title: p.summary.name.clone(),
        slug: p.summary.slug.clone(),
        placeholder,
        contact,
        photos: photos
            .iter()
            .map(|f| {
                let (srcset, src) = super::photo::sources(f.id, &f.widths);
                PhotoView {
                    srcset,
                    src,
                    alt: f.alt.clone(),
                    width: f.width,
                    height: f.height,
                }
            })
            .collect(),
        search_q: String::new(),
        name: p.summary.name.clone(),
        stars: stars_text_in(p.summary.stars, lang),
        status_code: newest.map_or("unknown", |c| c.status.code()),
        status: newest.map_or_else(|| unknown.to_owned(), |c| status_label(&c.status)),
        status_note: newest.and_then(|c| c.validity_note(lang.is_en())),
        producer: ocop_domain::producer::shown_name(&p.summary.producer_name, lang.is_en())
            .to_owned(),
        producer_href: format!("/chu-the/{}", p.summary.producer_slug),
        group: group_name_in(p.summary.group_code.as_deref(), lang),
        // The source's own label, in its language: shown on Vietnamese pages.
        group_label: if lang.is_en() {
            None
        } else {
            p.summary.group_label.clone()
        },
        description: or_unknown(&p.description),
        commune_2025: or_unknown(&p.summary.commune_2025),
        commune_pre2025: or_unknown(&p.commune_pre2025),
        district_pre2025: match (&p.summary.district_pre2025, p.place_basis) {
            (Some(d), Some(basis)) => {
                format!("{d} ({})", lang.s(basis.label_vi(), basis.label_en()))
            }
            (d, _) => or_unknown(d),
        },
        former_province: or_unknown(&p.former_province),
        certificates: page
            .certificates
            .iter()
            .map(|c| CertificateLine {
                stars: super::rating_text_in(c.record.stars, c.record.nominated, lang),
                status_code: c.status.code(),
                status: status_label(&c.status),
                decision: c.record.decision_number.clone().unwrap_or_else(|| {
                    lang.s("Chưa thấy số quyết định", "Decision number not found")
                        .to_owned()
                }),
                authority: or_unknown(&c.record.issuing_authority),
                issued: c
                    .record
                    .issued_on
                    .map_or_else(|| unknown.to_owned(), vn_day),
                valid_until: match c.latest_valid_day {
                    _ if c.record.nominated => lang
                        .s(
                            "Không có (không phải giấy chứng nhận)",
                            "None (not a certificate)",
                        )
                        .to_owned(),
                    Some(d) => d.format("%d/%m/%Y").to_string(),
                    None => unknown.to_owned(),
                },
                year: c
                    .record
                    .year
                    .map_or_else(|| unknown.to_owned(), |y| y.to_string()),
                number: c.record.number.clone().unwrap_or_default(),
                note: c.validity_note(lang.is_en()),
                check_href: c.record.number.as_ref().map(|n| {
                    format!(
                        "/kiem-tra-sao?{}",
                        serde_urlencoded::to_string([("q", n)]).unwrap_or_default()
                    )
                }),
            })
            .collect(),
        points: points
            .into_iter()
            .map(|s| WhereToBuy {
                kind: lang.s(s.kind.name_vi(), s.kind.name_en()),
                name: s.name,
                address: match s.commune_2025 {
                    Some(c) => format!("{}, {c}", s.address),
                    None => s.address,
                },
                phone: s.phone,
            })
            .collect(),
        shops: shops
            .into_iter()
            .map(|l| ShopLink {
                marketplace: Marketplace::parse_code(&l.marketplace)
                    .map_or("Website", Marketplace::name),
                url: l.url,
            })
            .collect(),
        related: related.iter().map(|r| ProductLine::new(r, lang)).collect(),
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
            Some("A") => lang.s(
                "Quyết định đã ký hoặc phụ lục của quyết định",
                "A signed decision or its annex",
            ),
            Some("B1") => lang.s(
                "Báo của tỉnh đưa tin; chưa thấy quyết định",
                "Provincial press report; decision not found",
            ),
            _ => lang.s("Trang tin công khai", "Public news page"),
        }
        .to_owned(),
    };
    Ok(view.render()?)
}

/// schema.org Product with its maker and, while the certificate is valid,
/// the OCOP star as an award (an expired or revoked star is not claimed).
fn product_json_ld(
    state: &AppState,
    page: &ocop_app::portal::ProductPage,
    path: &str,
    description: &str,
    shops: &[ocop_store::market::StoredLink],
) -> serde_json::Value {
    let p = &page.product;
    let mut ld = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Product",
        "name": p.summary.name,
        "url": state.absolute(path),
        "description": description,
        "category": p.summary.group_code.as_deref()
            .and_then(ocop_domain::ProductGroup::parse_code)
            .map(|g| g.name_vi()),
        "manufacturer": {
            "@type": "Organization",
            "name": p.summary.producer_name,
            "url": state.absolute(&format!("/chu-the/{}", p.summary.producer_slug)),
        },
    });
    // A maker the source did not name is not claimed.
    if p.summary.producer_name == ocop_domain::producer::UNNAMED
        && let Some(map) = ld.as_object_mut()
    {
        map.remove("manufacturer");
    }
    if let Some(c) = page.certificates.first().filter(|c| c.status.is_valid()) {
        ld["award"] = serde_json::Value::String(format!(
            "OCOP {} sao{}",
            c.record.stars,
            c.latest_valid_day
                .map(|d| format!(" (hiệu lực đến {})", d.format("%d/%m/%Y")))
                .unwrap_or_default()
        ));
    }
    if !shops.is_empty() {
        ld["sameAs"] = shops
            .iter()
            .map(|s| serde_json::Value::String(s.url.clone()))
            .collect();
    }
    ld
}
