//! Trang quét mã — the page a package's QR code opens: product, producer,
//! the star's live status, the batch's origin and timeline. Reached by the
//! portal's short code (`/q/{code}`) or a GS1 Digital Link with a lot.

use super::star_check::AnswerView;
use crate::lang::{Chrome, Lang};
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use ocop_app::scan::{ScanPage, TimelineEvent};
use ocop_domain::growing_area::AreaStatus;
use ocop_store::scans::ScanKey;
use ocop_store::trace::{BatchRow, EventRow, ScannedBy};

pub struct AreaView {
    pub label: String,
    /// Said only when the code is no longer active.
    pub status: Option<&'static str>,
    pub crop: String,
    pub hectares: Option<String>,
    pub commune: Option<String>,
    pub authority: String,
    pub scope: &'static str,
}

#[derive(Template)]
#[template(path = "scan.html")]
struct Page {
    c: Chrome,
    title: String,
    search_q: String,
    warning: Option<String>,
    batch_expired: bool,
    star: Option<AnswerView>,
    stars: String,
    product: String,
    product_href: String,
    producer: String,
    producer_href: String,
    lot: String,
    produced: String,
    expires: Option<String>,
    quantity: Option<String>,
    areas: Vec<AreaView>,
    timeline: Vec<TimelineEvent>,
    code: String,
}

#[derive(Template)]
#[template(path = "scan_place.html")]
struct PlacePage {
    c: Chrome,
    title: String,
    search_q: String,
    product: String,
    lot: String,
    code: String,
    provinces: Vec<(String, String)>,
    /// The province as sent, kept when refused.
    chosen: String,
    error: Option<&'static str>,
    thanked: bool,
}

fn hectares(h: i64) -> String {
    format!("{} ha", ocop_domain::text::hundredths_vi(h))
}

async fn render(state: &AppState, lang: Lang, page: ScanPage) -> Result<String, WebError> {
    let b = &page.batch;
    let warning = page.warning_vi().map(|w| match (lang, &page.star) {
        (Lang::En, Some(s)) if s.standing == ocop_domain::certificate::CertificateStatus::ValidUnconfirmed => "Note: this product's OCOP certificate record gives only the year of recognition; the star cannot be confirmed as valid — check the recognition decision.".to_owned(),
        (Lang::En, Some(s)) => format!(
            "Warning: this product's OCOP certificate is {} — the OCOP star on the package is no longer valid.",
            s.status_label_en.to_lowercase()
        ),
        (Lang::En, None) => "This product has no OCOP certificate on record.".to_owned(),
        _ => w,
    });
    let view = Page {
        c: Chrome::new(state, lang, &format!("/q/{}", b.short_code)).describe(&format!(
            "{} — {} {}",
            b.product_name,
            lang.s("lô", "lot"),
            b.lot_code
        )),
        title: format!(
            "{} · {} {}",
            b.product_name,
            lang.s("Lô", "Lot"),
            b.lot_code
        ),
        search_q: String::new(),
        warning,
        batch_expired: page.batch_expired,
        stars: page
            .star
            .as_ref()
            .map(|s| super::stars_text_in(Some(s.stars), lang))
            .unwrap_or_default(),
        star: page.star.clone().map(|s| AnswerView::new(s, lang)),
        product: b.product_name.clone(),
        product_href: format!("/san-pham/{}", b.product_slug),
        producer: b.producer_name.clone(),
        producer_href: format!("/chu-the/{}", b.producer_slug),
        lot: b.lot_code.clone(),
        produced: crate::pages::vn_day(b.produced_on),
        expires: b.expires_on.map(crate::pages::vn_day),
        quantity: b.quantity.map(|q| format!("{q} {}", b.unit)),
        areas: page
            .areas
            .iter()
            .map(|a| AreaView {
                label: format!(
                    "{} {}",
                    lang.s(a.kind.label_vi(), a.kind.label_en()),
                    a.code
                ),
                status: match a.status {
                    AreaStatus::Suspended => Some(lang.s("mã số đang tạm dừng", "code suspended")),
                    AreaStatus::Revoked => Some(lang.s("mã số đã bị thu hồi", "code revoked")),
                    AreaStatus::Active => None,
                },
                crop: a.crop.clone(),
                hectares: a.area_hundredths.map(hectares),
                commune: a.commune_2025.clone(),
                authority: a.authority.clone(),
                scope: if a.scope == "export" {
                    lang.s("xuất khẩu", "export")
                } else {
                    lang.s("nội địa", "domestic")
                },
            })
            .collect(),
        timeline: page.timeline,
        code: b.short_code.clone(),
    };
    Ok(view.render()?)
}

fn count(
    state: &AppState,
    client: crate::client::ClientAddr,
    product_id: i64,
    batch_id: i64,
    province: &str,
) {
    state.scans.record(
        ScanKey {
            product_id,
            batch_id,
            day: state.clock.today(),
            province_code: province.to_owned(),
        },
        client.0,
    );
}

/// What a scan page is kept under: the catalogue's signature (the star's
/// status) and the trace records', as [`kept_page`] compares them.
fn signature(catalogue: &str, trace: &str) -> String {
    format!("{catalogue}|{trace}")
}

/// A batch's page from memory, when it was made for these signatures (the
/// catalogue's: the star's status; the trace records') and today; the scan
/// counts, even when the phone already has the page (304). The one rule for
/// sending a kept scan page, after the router and before it.
fn kept_page(
    state: &AppState,
    lang: Lang,
    client: crate::client::ClientAddr,
    headers: &axum::http::HeaderMap,
    key: &str,
    catalogue: &str,
    trace: &str,
) -> Option<Response> {
    let today = state.clock.today();
    // Compared in parts: nothing is allocated for a hit.
    let current = |signature: &str, day| {
        day == today
            && signature
                .strip_prefix(catalogue)
                .and_then(|rest| rest.strip_prefix('|'))
                == Some(trace)
    };
    let (page, (product, batch)) = state.scan_pages.find(key, lang.code(), current)?;
    count(state, client, product, batch, "");
    Some(page.respond(headers, false))
}

/// A short code's kept page for a GET before the router, while the
/// catalogue and the trace signature are within their window (nothing to
/// ask the database); `None` sends the request on to [`short`].
pub fn front_desk<B>(
    state: &AppState,
    catalogue: &str,
    req: &axum::http::Request<B>,
    peer: std::net::IpAddr,
) -> Option<Response> {
    let code = req.uri().path().strip_prefix("/q/")?;
    if req.method() != axum::http::Method::GET || !ocop_domain::trace::is_short_code(code) {
        return None;
    }
    let trace = state.trace_signature.fresh()?;
    let headers = req.headers();
    let client = crate::client::ClientAddr::from_peer(state, peer, headers);
    // The key `short` keeps the page under: "q/{code}".
    let key = &req.uri().path()[1..];
    kept_page(
        state,
        Lang::of_headers(headers),
        client,
        headers,
        key,
        catalogue,
        &trace,
    )
}

/// Shows a batch's page and counts the scan. The page is served from memory
/// while the catalogue (the star's status), the trace records and the day
/// are what it was rendered for; `key` names the code that was scanned.
pub async fn show_scan<F>(
    state: &AppState,
    lang: Lang,
    client: crate::client::ClientAddr,
    headers: &axum::http::HeaderMap,
    key: &str,
    find: F,
) -> Result<Response, WebError>
where
    F: std::future::Future<Output = Result<Option<(BatchRow, Vec<EventRow>)>, WebError>>,
{
    let snapshot = state.snapshot().await?;
    let trace = state.trace_signature.get(&state.store).await?;
    if let Some(res) = kept_page(
        state,
        lang,
        client,
        headers,
        key,
        &snapshot.signature,
        &trace,
    ) {
        return Ok(res);
    }
    let signature = signature(&snapshot.signature, &trace);
    let today = state.clock.today();
    let (batch, events) = find.await?.ok_or(WebError::NotFound)?;
    let tag = (batch.product_id, batch.id);
    count(state, client, tag.0, tag.1, "");
    let page = ocop_app::scan::page(&state.store, &snapshot, batch, events, today).await?;
    let html = axum::body::Bytes::from(render(state, lang, page).await?);
    // Compressed once, taking its turn with the public pages', and kept
    // with its tag.
    let kept = crate::public_cache::compress(
        String::new(),
        today,
        axum::http::HeaderValue::from_static("text/html; charset=utf-8"),
        html,
    )
    .await
    .ok_or_else(|| WebError::Internal("compressing a scan page".into()))?;
    state
        .scan_pages
        .put(key, lang.code(), &signature, today, kept.clone(), tag);
    Ok(kept.respond(headers, false))
}

pub async fn short(
    State(state): State<AppState>,
    lang: Lang,
    client: crate::client::ClientAddr,
    headers: axum::http::HeaderMap,
    Path(code): Path<String>,
) -> Result<Response, WebError> {
    if !ocop_domain::trace::is_short_code(&code) {
        return Err(WebError::NotFound);
    }
    let find = async {
        Ok(state
            .store
            .scanned_batch(ScannedBy::ShortCode(&code))
            .await?)
    };
    show_scan(&state, lang, client, &headers, &format!("q/{code}"), find).await
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct PlaceForm {
    #[serde(default)]
    province: String,
}

/// The answer to the question: none yet, thanked, or refused (the province
/// as sent, which is not one of the list).
enum Answer {
    Asked,
    Thanked,
    Refused(String),
}

async fn place_page(
    state: &AppState,
    lang: Lang,
    batch: &BatchRow,
    answer: Answer,
) -> Result<Response, WebError> {
    let (thanked, chosen, error) = match answer {
        Answer::Asked => (false, String::new(), None),
        Answer::Thanked => (true, String::new(), None),
        Answer::Refused(sent) => (
            false,
            sent,
            Some(lang.s(
                "Chọn một tỉnh, thành phố trong danh sách rồi bấm Gửi.",
                "Choose a province or city from the list, then Send.",
            )),
        ),
    };
    let page = PlacePage {
        c: Chrome::new(state, lang, &format!("/q/{}/noi-mua", batch.short_code)),
        title: lang
            .s(
                "Bạn mua sản phẩm này ở đâu?",
                "Where did you buy this product?",
            )
            .to_owned(),
        search_q: String::new(),
        product: batch.product_name.clone(),
        lot: batch.lot_code.clone(),
        code: batch.short_code.clone(),
        provinces: state.provinces().await?.to_vec(),
        chosen,
        error,
        thanked,
    };
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((status, Html(page.render()?)).into_response())
}

async fn batch_of(state: &AppState, code: &str) -> Result<BatchRow, WebError> {
    if !ocop_domain::trace::is_short_code(code) {
        return Err(WebError::NotFound);
    }
    state
        .store
        .batch_by_short_code(code)
        .await?
        .ok_or(WebError::NotFound)
}

/// The question, on its own light page (the scan page stays small).
pub async fn place_form(
    State(state): State<AppState>,
    lang: Lang,
    Path(code): Path<String>,
) -> Result<Response, WebError> {
    let batch = batch_of(&state, &code).await?;
    place_page(&state, lang, &batch, Answer::Asked).await
}

/// "Where did you buy it?" — one province code, nothing about the person.
pub async fn place(
    State(state): State<AppState>,
    lang: Lang,
    client: crate::client::ClientAddr,
    Path(code): Path<String>,
    Form(form): Form<PlaceForm>,
) -> Result<Response, WebError> {
    let batch = batch_of(&state, &code).await?;
    let known = state
        .provinces()
        .await?
        .iter()
        .any(|(c, _)| *c == form.province);
    if !known {
        return place_page(&state, lang, &batch, Answer::Refused(form.province)).await;
    }
    count(&state, client, batch.product_id, batch.id, &form.province);
    place_page(&state, lang, &batch, Answer::Thanked).await
}
