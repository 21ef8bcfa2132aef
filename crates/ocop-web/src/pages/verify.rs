//! Xác thực giấy chứng nhận — the page a certificate's QR opens, keyed by an
//! unguessable token (numbers can be counted; tokens cannot), with the live
//! status and the signed text; and a form that checks any signed text
//! against the platform's published key.

use super::star_check::AnswerView;
use crate::lang::{Chrome, Lang};
use crate::{AppState, WebError};
use askama::Template;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::Html;
use ocop_app::seal::{Sealed, sealed_of, verify};

/// The province's full name, as certificates print it.
pub(crate) async fn province_name(state: &AppState) -> Result<String, WebError> {
    Ok(state
        .store
        .admin_unit(ocop_domain::UnitScheme::Y2025, &state.province.code)
        .await?
        .map_or_else(|| state.province.code.clone(), |u| u.full_name))
}

/// The status page's address for a certificate, with its signed text.
pub(crate) async fn status_url(state: &AppState, number: &str) -> Result<Option<String>, WebError> {
    let snapshot = state.snapshot().await?;
    let Some(answer) = ocop_app::star_check::by_number(&snapshot, number, state.clock.today())
    else {
        return Ok(None);
    };
    let sealer = state.sealer().await?;
    let Some(sealed) = sealed_of(&answer, &province_name(state).await?) else {
        return Ok(None);
    };
    Ok(Some(state.absolute(&format!(
        "/xac-thuc/{}?{}",
        sealer.token(number),
        serde_urlencoded::to_string([("s", sealer.seal(&sealed))]).unwrap_or_default()
    ))))
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct SealQuery {
    #[serde(default)]
    s: String,
}

/// The outcome of checking a signed text.
pub struct Check {
    pub ok: bool,
    pub message: String,
    pub fields: Option<Sealed>,
    /// The signature is good but the certificate's record now says otherwise.
    pub differs: bool,
}

#[derive(Template)]
#[template(path = "verify.html")]
struct Page {
    c: Chrome,
    title: String,
    search_q: String,
    answer: Option<AnswerView>,
    sealed: Option<String>,
    check: Option<Check>,
    public_key: String,
    typed: String,
}

fn check(state_key: &str, typed: &str, current: Option<&Sealed>, lang: Lang) -> Option<Check> {
    if typed.trim().is_empty() {
        return None;
    }
    Some(match verify(state_key, typed) {
        Ok(f) => {
            let differs = current.is_some_and(|c| *c != f);
            Check {
                ok: true,
                message: lang
                    .s(
                        "Chữ ký hợp lệ: nội dung dưới đây do hệ thống OCOP của tỉnh cấp và không bị sửa.",
                        "Valid signature: the text below was issued by the province's OCOP system and has not been altered.",
                    )
                    .to_owned(),
                fields: Some(f),
                differs,
            }
        }
        Err(e) => Check {
            ok: false,
            message: match lang {
                Lang::Vi => e.to_string(),
                Lang::En => "The signature does not match: the certificate was altered or not issued by this system.".to_owned(),
            },
            fields: None,
            differs: false,
        },
    })
}

pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    Path(token): Path<String>,
    Query(q): Query<SealQuery>,
) -> Result<Html<String>, WebError> {
    let snapshot = state.snapshot().await?;
    let sealer = state.sealer().await?;
    let number = state
        .tokens
        .number(sealer, &snapshot, token.trim())
        .ok_or(WebError::NotFound)?;
    let answer = ocop_app::star_check::by_number(&snapshot, &number, state.clock.today())
        .ok_or(WebError::NotFound)?;
    let province = province_name(&state).await?;
    let current = sealed_of(&answer, &province);
    let public_key = sealer.public_hex();
    let page = Page {
        c: Chrome::new(&state, lang, &format!("/xac-thuc/{token}")),
        title: lang
            .s(
                "Xác thực giấy chứng nhận OCOP",
                "Verify an OCOP certificate",
            )
            .to_owned(),
        search_q: String::new(),
        check: check(&public_key, &q.s, current.as_ref(), lang),
        sealed: current.as_ref().map(|s| sealer.seal(s)),
        answer: Some(AnswerView::new(answer, lang)),
        public_key,
        typed: q.s,
    };
    Ok(Html(page.render()?))
}

/// `/xac-thuc?s=…`: checks a signed text someone pasted.
pub async fn form(
    State(state): State<AppState>,
    lang: Lang,
    Query(q): Query<SealQuery>,
) -> Result<Html<String>, WebError> {
    let sealer = state.sealer().await?;
    let public_key = sealer.public_hex();
    let page = Page {
        c: Chrome::new(&state, lang, "/xac-thuc"),
        title: lang
            .s(
                "Xác thực giấy chứng nhận OCOP",
                "Verify an OCOP certificate",
            )
            .to_owned(),
        search_q: String::new(),
        check: check(&public_key, &q.s, None, lang),
        sealed: None,
        answer: None,
        public_key,
        typed: q.s,
    };
    Ok(Html(page.render()?))
}

#[derive(serde::Serialize)]
pub struct KeyAnswer {
    pub algorithm: &'static str,
    pub public_key_hex: String,
    pub format: &'static str,
}

/// The public key, for checking certificates offline.
pub async fn key(State(state): State<AppState>) -> Result<Json<KeyAnswer>, WebError> {
    Ok(Json(KeyAnswer {
        algorithm: "Ed25519",
        public_key_hex: state.sealer().await?.public_hex(),
        format: "OCOP1|number|stars|product|producer|issued_on|valid_until|province~hex(Ed25519 signature of the UTF-8 text before ~)",
    }))
}
