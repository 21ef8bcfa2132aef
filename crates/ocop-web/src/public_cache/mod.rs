//! Public pages served from memory (issue #15): each page is rendered once
//! per (address, language, data signature, day), compressed once (brotli and
//! gzip), and answered with an `ETag`, so a browser that has it gets `304`.
//!
//! The data signature changes with anything the public pages show (products,
//! producers, certificates, content, map, criteria: see
//! `ocop_store::snapshot::bump`), and the day changes statuses counted in
//! days, so a cached page is never older than the data it shows. Memory is
//! bounded by bytes (`quick_cache`, weighted by the page's three encodings).
//! Addresses with a query string are kept from their second request on, so
//! random queries cost a render each but never push out the busy pages.
//! The public API is not kept here: its answers cost less to compute than
//! to compress (measured: the star check fell from 39,000 to 600 answers a
//! second when every number's answer was compressed on first request); it
//! keeps its serialized answers, uncompressed, in `api::answers`.

use crate::AppState;
use crate::lang::Lang;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use ocop_app::catalogue::Snapshot;
use std::sync::Arc;

mod rendered;
pub use rendered::{Encoding, Rendered};

/// Bytes all kept pages may take, all encodings counted.
pub const BUDGET_BYTES: u64 = 64 * 1024 * 1024;
/// A page larger than this (uncompressed) is served but not kept.
const MAX_PAGE_BYTES: usize = 2 * 1024 * 1024;

/// A page is kept under its address (path and query) and language.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    address: String,
    lang: &'static str,
}

/// A [`Key`] borrowed from the request: a lookup allocates nothing. Hashes
/// as the key it stands for (same fields, same order).
#[derive(Clone, Copy, Hash)]
struct KeyRef<'a> {
    address: &'a str,
    lang: &'static str,
}

impl quick_cache::Equivalent<Key> for KeyRef<'_> {
    fn equivalent(&self, key: &Key) -> bool {
        self.lang == key.lang && self.address == key.address
    }
}

#[derive(Clone)]
struct ByBytes;

impl quick_cache::Weighter<Key, Arc<Rendered>> for ByBytes {
    fn weight(&self, key: &Key, v: &Arc<Rendered>) -> u64 {
        use crate::page_cache::Weigh as _;
        (key.address.len() + v.weight()) as u64
    }
}

pub struct PublicCache {
    pages: quick_cache::sync::Cache<Key, Arc<Rendered>, ByBytes>,
    /// Query addresses are kept from their second request on.
    seen: crate::admission::SecondAsk,
}

impl Default for PublicCache {
    fn default() -> Self {
        Self::with_budget(BUDGET_BYTES)
    }
}

impl PublicCache {
    pub fn with_budget(bytes: u64) -> Self {
        Self {
            pages: quick_cache::sync::Cache::with_weighter(4096, bytes, ByBytes),
            seen: crate::admission::SecondAsk::new(100_000),
        }
    }

    fn admit(&self, key: &Key) -> bool {
        !key.address.contains('?') || self.seen.admit(key)
    }
}

/// The public pages kept this way (GET only; scan pages count scans and keep
/// their own cache; forms and downloads are not pages).
fn cacheable(path: &str) -> bool {
    const EXACT: [&str; 15] = [
        "/",
        "/du-lieu-mo",
        "/thong-ke",
        "/xac-thuc",
        "/san-pham",
        "/quyet-dinh",
        "/kiem-tra-sao",
        "/tim-kiem",
        "/su-kien",
        "/tin-tuc",
        "/du-lich-cong-dong",
        "/ban-do",
        "/bo-tieu-chi",
        "/sitemap.xml",
        "/robots.txt",
    ];
    const UNDER: [&str; 6] = [
        "/san-pham/",
        "/thong-ke/",
        "/chu-the/",
        "/su-kien/",
        "/tin-tuc/",
        "/bo-tieu-chi/",
    ];
    EXACT.contains(&path)
        || (UNDER.iter().any(|p| path.starts_with(p))
            && !path.ends_with(".pdf")
            && !path.ends_with(".xlsx"))
}

fn compression_turns() -> &'static tokio::sync::Semaphore {
    static TURNS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    TURNS.get_or_init(|| {
        tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(2, usize::from))
    })
}

/// A page made into its kept form (compressed once, tagged), off the async
/// threads and one compression per core at most: a burst of first requests
/// (a crawler, a star check of thousands of numbers, the first scans of many
/// batches) waits its turn instead of compressing side by side on hundreds
/// of blocking threads, each with its own allocator arena. `None` only when
/// the compression could not run (its thread panicked).
pub(crate) async fn compress(
    signature: String,
    day: chrono::NaiveDate,
    content_type: axum::http::HeaderValue,
    body: axum::body::Bytes,
) -> Option<Arc<Rendered>> {
    let _turn = compression_turns().acquire().await.ok()?;
    tokio::task::spawn_blocking(move || Rendered::new(signature, day, content_type, body))
        .await
        .ok()
        .map(Arc::new)
}

/// A kept page or API answer for this request, when the catalogue in memory
/// is within its window (nothing to ask the database): the server sends it
/// before the router, without a request id, log line or time-out (they are
/// for work, and a kept answer is none). `None`: the request goes on, to
/// [`serve`] and its handler. A scan page (`/q/{code}`) is sent from here
/// too, its scan counted for the client `peer` speaks for
/// (`pages::scan::front_desk`).
pub fn front_desk<B>(
    state: &AppState,
    req: &axum::http::Request<B>,
    peer: std::net::IpAddr,
) -> Option<Response> {
    let snapshot = state.catalogue.fresh_snapshot()?;
    if req.uri().path().starts_with("/q/") {
        return crate::pages::scan::front_desk(state, &snapshot.signature, req, peer);
    }
    kept(state, &snapshot, req.method(), req.uri(), req.headers())
}

/// What the server may send from memory: a kept public page (a `304` when
/// the client has it) or a kept answer of the public API.
fn kept(
    state: &AppState,
    snapshot: &Snapshot,
    method: &Method,
    uri: &axum::http::Uri,
    headers: &HeaderMap,
) -> Option<Response> {
    let head = method == Method::HEAD;
    if method == Method::GET
        && let Some(by) = crate::api::answers::kept_kind(uri.path())
    {
        let day = match by {
            crate::api::answers::KeptBy::DataAndDay => Some(state.clock.today()),
            crate::api::answers::KeptBy::Data => None,
        };
        return state.api_answers.kept(&snapshot.signature, day, uri);
    }
    if !(method == Method::GET || head) || !cacheable(uri.path()) {
        return None;
    }
    let key = KeyRef {
        address: address(uri),
        lang: Lang::of_headers(headers).code(),
    };
    let page = state.public_pages.pages.get(&key)?;
    (page.signature == snapshot.signature && page.day == state.clock.today())
        .then(|| page.respond(headers, head))
}

fn address(uri: &axum::http::Uri) -> &str {
    uri.path_and_query()
        .map_or_else(|| uri.path(), |p| p.as_str())
}

/// The middleware: serves kept pages and answers (after asking the database
/// whether the data changed, when the window is over), keeps what the
/// handlers render.
pub async fn serve(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let head = req.method() == Method::HEAD;
    let answer =
        req.method() == Method::GET && crate::api::answers::kept_kind(req.uri().path()).is_some();
    let page = (req.method() == Method::GET || head) && cacheable(req.uri().path());
    if !(answer || page) {
        return next.run(req).await;
    }
    let Ok(snapshot) = state.snapshot().await else {
        return next.run(req).await;
    };
    if let Some(res) = kept(&state, &snapshot, req.method(), req.uri(), req.headers()) {
        return res;
    }
    // An API answer is kept by its handler; a HEAD that misses is answered
    // but not kept: its body may already be gone, and a kept page must be
    // whole.
    if answer || head {
        return next.run(req).await;
    }
    let key = Key {
        address: address(req.uri()).to_owned(),
        lang: Lang::of_headers(req.headers()).code(),
    };
    let day = state.clock.today();
    let headers = req.headers().clone();
    let res = next.run(req).await;
    let typed = res
        .headers()
        .get(header::CONTENT_TYPE)
        .filter(|v| {
            v.to_str().is_ok_and(|t| {
                t.starts_with("text/html")
                    || t.starts_with("application/xml")
                    || t.starts_with("text/plain")
            })
        })
        .cloned();
    let (Some(content_type), StatusCode::OK) = (typed, res.status()) else {
        return res;
    };
    if !state.public_pages.admit(&key) {
        return res;
    }
    let (parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_PAGE_BYTES).await else {
        return (parts.status, parts.headers).into_response();
    };
    let signature = snapshot.signature.clone();
    let Some(page) = compress(signature, day, content_type, bytes).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    state.public_pages.pages.insert(key, page.clone());
    let mut res = page.respond(&headers, head);
    // Headers the handler set that the kept copy does not carry (none today
    // but security headers, which the outer layer adds) stay as they were.
    for (k, v) in &parts.headers {
        if !res.headers().contains_key(k) && k != header::CONTENT_LENGTH {
            res.headers_mut().insert(k.clone(), v.clone());
        }
    }
    res
}

#[cfg(test)]
mod tests;
