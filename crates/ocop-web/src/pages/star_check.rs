//! Kiểm tra sao — the public star check page.

use super::vn_day;
use crate::lang::{Chrome, Lang};
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Html;
use ocop_app::star_check::StarAnswer;

#[derive(Debug, Default, serde::Deserialize)]
pub struct CheckQuery {
    #[serde(default)]
    q: String,
}

/// One answer, ready to show.
pub struct AnswerView {
    pub status_code: &'static str,
    pub status: &'static str,
    pub trusted: bool,
    pub stars: String,
    pub product: String,
    pub product_href: String,
    pub producer: String,
    pub producer_href: String,
    pub number: Option<String>,
    pub decision: Option<String>,
    pub authority: Option<String>,
    pub issued: Option<String>,
    pub year: Option<i64>,
    pub valid_until: Option<String>,
    /// The bound or successor behind the status, in words.
    pub note: Option<String>,
    /// The certificate that replaced this one: (number, where to check it).
    pub successor: Option<(String, String)>,
    pub reason: Option<String>,
    /// The certificate's signed status page.
    pub verify_href: Option<String>,
}

impl AnswerView {
    pub(crate) fn new(a: StarAnswer, lang: Lang) -> Self {
        Self {
            status_code: a.status,
            status: lang.s(a.status_label_vi, a.status_label_en),
            trusted: a.is_valid(),
            stars: super::rating_text_in(
                a.stars,
                a.standing == ocop_domain::certificate::CertificateStatus::Nominated,
                lang,
            ),
            product: a.product_name,
            product_href: format!("/san-pham/{}", a.product_slug),
            producer: ocop_domain::producer::shown_name(&a.producer_name, lang.is_en()).to_owned(),
            producer_href: format!("/chu-the/{}", a.producer_slug),
            number: a.certificate_number,
            decision: a.decision_number.map(|n| match a.decision_issued_on {
                Some(d) => format!("{n} ({})", vn_day(d)),
                None => n,
            }),
            authority: a.issuing_authority,
            issued: a.issued_on.map(vn_day),
            year: a.recognition_year,
            valid_until: a.valid_until.map(vn_day),
            note: if lang.is_en() {
                a.validity_note_en
            } else {
                a.validity_note_vi
            },
            successor: a.superseded_by.map(|n| {
                let href = format!(
                    "/kiem-tra-sao?{}",
                    serde_urlencoded::to_string([("q", &n)]).unwrap_or_default()
                );
                (n, href)
            }),
            reason: a.reason,
            verify_href: None,
        }
    }
}

#[derive(Template)]
#[template(path = "star_check.html")]
struct CheckPage {
    c: Chrome,
    title: String,
    search_q: String,
    q: String,
    answers: Vec<AnswerView>,
}

pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    Query(query): Query<CheckQuery>,
) -> Result<Html<String>, WebError> {
    let answers =
        ocop_app::star_check::lookup(&*state.snapshot().await?, &query.q, state.clock.today());
    let page = CheckPage {
        c: Chrome::new(&state, lang, "/kiem-tra-sao").describe(lang.s(
            "Nhập số giấy chứng nhận hoặc tên sản phẩm để biết sao OCOP còn hiệu lực, đã hết hạn, bị đình chỉ hay bị thu hồi.",
            "Enter a certificate number or a product name to see whether its OCOP star is valid, expired, suspended or revoked.",
        )),
        title: lang.s("Kiểm tra sao OCOP", "Check an OCOP star").to_owned(),
        search_q: String::new(),
        answers: {
            let sealer = state.sealer().await?;
            answers
                .into_iter()
                .map(|a| {
                    let href = a
                        .certificate_number
                        .as_deref()
                        .map(|n| format!("/xac-thuc/{}", sealer.token(n)));
                    AnswerView {
                        verify_href: href,
                        ..AnswerView::new(a, lang)
                    }
                })
                .collect()
        },
        q: query.q,
    };
    Ok(Html(page.render()?))
}
