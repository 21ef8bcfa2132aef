//! Trang chủ thể — a producer, its products and where they are sold, with
//! schema.org Organization JSON-LD.

use super::{ProductLine, UNKNOWN};
use crate::lang::{Chrome, Lang};
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;
use ocop_domain::ProducerKind;

#[derive(Template)]
#[template(path = "producer.html")]
struct ProducerPage {
    c: Chrome,
    title: String,
    search_q: String,
    name: String,
    kind: String,
    tax_code: String,
    address: String,
    commune: String,
    former_province: String,
    products: Vec<ProductLine>,
    points: Vec<(String, &'static str, String)>,
    /// The published contact: (label, text, link).
    contact: Vec<(String, String, String)>,
}

pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    Path(slug): Path<String>,
) -> Result<Html<String>, WebError> {
    let p = state
        .store
        .producer_by_slug(&state.province.code, &slug)
        .await?
        .ok_or(WebError::NotFound)?;
    let points = state.store.points_of_sale_of(p.id).await?;
    // Personal data stays private (a household's ID number and home), and
    // products still waiting for approval are not shown.
    let kind = ProducerKind::parse(&p.kind).ok();
    let shown = ocop_domain::producer::PublicIdentity::of(kind, p.publish_contact);
    let private = lang.s(
        "Không công khai (thông tin cá nhân)",
        "Not public (personal data)",
    );
    let tax_code_shown = if shown.tax_code {
        p.tax_code.clone()
    } else {
        None
    };
    let address_shown = if shown.address {
        p.address.clone()
    } else {
        None
    };
    let products: Vec<_> = p.products.iter().filter(|x| x.public).collect();
    let unknown = lang.s(UNKNOWN, "Not known");
    let or_unknown = |v: &Option<String>| v.clone().unwrap_or_else(|| unknown.to_owned());
    let path = format!("/chu-the/{}", p.slug);
    let mut ld = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": p.name,
        "url": state.absolute(&path),
        "makesOffer": products.iter().map(|x| serde_json::json!({
            "@type": "Offer",
            "itemOffered": {"@type": "Product", "name": x.name, "url": state.absolute(&format!("/san-pham/{}", x.slug))},
        })).collect::<Vec<_>>(),
    });
    if let Some(t) = &tax_code_shown {
        ld["taxID"] = serde_json::Value::String(t.clone());
    }
    if let Some(a) = &address_shown {
        ld["address"] = serde_json::Value::String(a.clone());
    }
    if p.contact.publish {
        if let Some(t) = &p.contact.phone {
            ld["telephone"] = serde_json::Value::String(t.clone());
        }
        if let Some(w) = &p.contact.website {
            ld["sameAs"] = serde_json::json!([w]);
        }
    }
    let description = format!(
        "{} — {} {} {}",
        p.name,
        lang.s("chủ thể có", "producer of"),
        products.len(),
        lang.s("sản phẩm OCOP", "OCOP products")
    );
    let page = ProducerPage {
        c: Chrome {
            // A producer is a business (OpenGraph's business.business).
            og_type: "business.business",
            ..Chrome::new(&state, lang, &path)
        }
        .describe(&description)
        .json_ld(&ld),
        title: ocop_domain::producer::shown_name(&p.name, lang.is_en()).to_owned(),
        search_q: String::new(),
        name: ocop_domain::producer::shown_name(&p.name, lang.is_en()).to_owned(),
        kind: ProducerKind::parse(&p.kind).map_or_else(
            |_| unknown.to_owned(),
            |k| lang.s(k.name_vi(), k.name_en()).to_owned(),
        ),
        tax_code: if shown.tax_code {
            or_unknown(&p.tax_code)
        } else {
            private.to_owned()
        },
        address: if shown.address {
            or_unknown(&p.address)
        } else {
            private.to_owned()
        },
        commune: or_unknown(&p.commune_2025),
        former_province: or_unknown(&p.former_province),
        products: products.iter().map(|x| ProductLine::new(x, lang)).collect(),
        contact: super::contact_lines(&p.contact, lang),
        points: points
            .into_iter()
            .map(|s| {
                (
                    s.name,
                    lang.s(s.kind.name_vi(), s.kind.name_en()),
                    match s.commune_2025 {
                        Some(c) => format!("{}, {c}", s.address),
                        None => s.address,
                    },
                )
            })
            .collect(),
    };
    Ok(Html(page.render()?))
}
