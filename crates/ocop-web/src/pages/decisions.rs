//! Quyết định công nhận — every recognition decision with its annex, so a
//! buyer can check a star against the decision that granted it.

use super::{UNKNOWN, vn_day};
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::State;
use axum::response::Html;

pub struct AnnexRow {
    pub href: String,
    pub product: String,
    pub producer: String,
    pub stars: String,
    pub certificate: String,
    pub valid: String,
}

pub struct DecisionView {
    /// `None` where the source names the recognising authority but not the
    /// decision's number: shown as such, never as a made-up number.
    pub number: Option<String>,
    /// The PDF of the decision and its annex, when number and date are known.
    pub pdf_href: Option<String>,
    pub issued_on: String,
    pub authority: String,
    pub level: &'static str,
    pub signer: String,
    /// For a decision known only by its issuer: the year its records give.
    pub year: Option<i64>,
    pub rows: Vec<AnnexRow>,
}

#[derive(Template)]
#[template(path = "decisions.html")]
struct DecisionsPage {
    c: crate::lang::Chrome,
    title: String,
    search_q: String,
    decisions: Vec<DecisionView>,
}

fn level(code: &str, lang: crate::lang::Lang) -> &'static str {
    match code {
        "district" => lang.s("Cấp huyện", "District level"),
        "ministry" => lang.s("Cấp trung ương", "National level"),
        _ => lang.s("Cấp tỉnh", "Provincial level"),
    }
}

pub async fn list(
    State(state): State<AppState>,
    lang: crate::lang::Lang,
) -> Result<Html<String>, WebError> {
    let unknown = lang.s(UNKNOWN, "Not known");
    let decisions = state
        .store
        .decisions_with_annex(&state.province.code)
        .await?
        .into_iter()
        .map(|d| DecisionView {
            year: d.year(),
            pdf_href: d
                .number
                .as_ref()
                .filter(|_| d.issued_on.is_some())
                .map(|n| {
                    format!(
                        "/quyet-dinh/pdf?{}",
                        serde_urlencoded::to_string([("so", n.as_str())]).unwrap_or_default()
                    )
                }),
            number: d.number,
            issued_on: d.issued_on.map_or_else(|| unknown.to_owned(), vn_day),
            authority: d.issuing_authority,
            level: level(&d.level, lang),
            signer: d.signer.unwrap_or_else(|| unknown.to_owned()),
            rows: d
                .lines
                .into_iter()
                .map(|l| AnnexRow {
                    href: format!("/san-pham/{}", l.product_slug),
                    product: l.product_name,
                    producer: ocop_domain::producer::shown_name(&l.producer_name, lang.is_en())
                        .to_owned(),
                    stars: super::rating_text_in(l.stars, l.nominated, lang),
                    certificate: l.certificate_number.unwrap_or_else(|| unknown.to_owned()),
                    valid: match (l.revoked_on, l.valid_until) {
                        _ if l.nominated => lang
                            .s("Không phải giấy chứng nhận", "Not a certificate")
                            .to_owned(),
                        (Some(r), _) => {
                            format!("{} {}", lang.s("Đã thu hồi ngày", "Revoked on"), vn_day(r))
                        }
                        (None, Some(u)) => format!("{} {}", lang.s("đến", "until"), vn_day(u)),
                        (None, None) => unknown.to_owned(),
                    },
                })
                .collect(),
        })
        .collect();
    let page = DecisionsPage {
        c: crate::lang::Chrome::new(&state, lang, "/quyet-dinh").describe(lang.s(
            "Các quyết định công nhận sản phẩm OCOP của tỉnh, mỗi quyết định kèm phụ lục sản phẩm.",
            "The province's OCOP recognition decisions, each with its annex of products.",
        )),
        title: lang
            .s(
                "Quyết định công nhận sản phẩm OCOP",
                "OCOP recognition decisions",
            )
            .into(),
        search_q: String::new(),
        decisions,
    };
    Ok(Html(page.render()?))
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct PdfQuery {
    #[serde(default)]
    so: String,
}

/// `GET /quyet-dinh/pdf?so=3981/QĐ-UBND`: the decision and its annex as a
/// PDF in the Decree 30 layout, from the records (a decision whose source
/// gives no number or date has no PDF).
pub async fn pdf(
    State(state): State<AppState>,
    axum::extract::Query(q): axum::extract::Query<PdfQuery>,
) -> Result<axum::response::Response, WebError> {
    use chrono::Datelike as _;
    let wanted = ocop_domain::text::nfc(&q.so).to_uppercase();
    let d = state
        .store
        .decisions_with_annex(&state.province.code)
        .await?
        .into_iter()
        .find(|d| {
            d.number
                .as_deref()
                .is_some_and(|n| ocop_domain::text::nfc(n).to_uppercase() == wanted)
        })
        .ok_or(WebError::NotFound)?;
    let issued = d.issued_on.ok_or(WebError::NotFound)?;
    // The issuer the decision names (a district before 1 Jul 2025, the
    // province, the ministry), never the deployment's province by default.
    let heading = ocop_domain::procedure::issuer_heading(&d.issuing_authority);
    let number = d.number.clone().unwrap_or_default();
    let doc = ocop_docs::pdf::DecisionDoc {
        issuer_lines: heading.lines,
        place: heading.place,
        // As entered with the decision; the block its issuer implies for
        // decisions recorded before the block was asked for.
        signer_title: d.signer_title.clone().unwrap_or(heading.signer_title),
        number: number.clone(),
        issued: (issued.day(), issued.month(), issued.year()),
        signer: d.signer.clone().unwrap_or_default(),
        rows: d
            .lines
            .iter()
            .map(|l| ocop_docs::pdf::AnnexRow {
                product: l.product_name.clone(),
                producer: l.producer_name.clone(),
                stars: u8::try_from(l.stars).unwrap_or(0),
                certificate: l.certificate_number.clone().unwrap_or_default(),
            })
            .collect(),
    };
    let bytes = crate::download::build(move || ocop_docs::pdf::decision_pdf(&doc)).await?;
    let file = ocop_domain::text::slugify(&number);
    Ok(crate::download::file(
        crate::download::PDF,
        format!("inline; filename=\"quyet-dinh-{file}.pdf\""),
        bytes,
    ))
}
