//! Quyết định công nhận — every recognition decision with its annex, so a
//! buyer can check a star against the decision that granted it.

use super::{UNKNOWN, stars_text, vn_date};
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
    pub issued_on: String,
    pub authority: String,
    pub level: &'static str,
    pub signer: String,
    pub rows: Vec<AnnexRow>,
}

#[derive(Template)]
#[template(path = "decisions.html")]
struct DecisionsPage {
    css: &'static str,
    title: String,
    decisions: Vec<DecisionView>,
}

fn level_vi(code: &str) -> &'static str {
    match code {
        "district" => "Cấp huyện",
        "ministry" => "Cấp trung ương",
        _ => "Cấp tỉnh",
    }
}

pub async fn list(State(state): State<AppState>) -> Result<Html<String>, WebError> {
    let decisions = state
        .store
        .decisions_with_annex(&state.province.code)
        .await?
        .into_iter()
        .map(|d| DecisionView {
            number: d.number,
            issued_on: d
                .issued_on
                .as_deref()
                .map_or_else(|| UNKNOWN.to_owned(), vn_date),
            authority: d.issuing_authority,
            level: level_vi(&d.level),
            signer: d.signer.unwrap_or_else(|| UNKNOWN.to_owned()),
            rows: d
                .lines
                .into_iter()
                .map(|l| AnnexRow {
                    href: format!("/san-pham/{}", l.product_slug),
                    product: l.product_name,
                    producer: l.producer_name,
                    stars: stars_text(Some(l.stars)),
                    certificate: l.certificate_number.unwrap_or_else(|| UNKNOWN.to_owned()),
                    valid: match (l.revoked_on, l.valid_until) {
                        (Some(r), _) => format!("Đã thu hồi ngày {}", vn_date(&r)),
                        (None, Some(u)) => format!("đến {}", vn_date(&u)),
                        (None, None) => UNKNOWN.to_owned(),
                    },
                })
                .collect(),
        })
        .collect();
    let page = DecisionsPage {
        css: crate::assets::css_href(),
        title: "Quyết định công nhận sản phẩm OCOP".into(),
        decisions,
    };
    Ok(Html(page.render()?))
}
