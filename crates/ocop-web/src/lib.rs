//! The OCOP portal and HTTP API: axum routes, askama pages rendered on the
//! server (Vietnamese first, no JavaScript needed), one error type rendered as
//! HTML or JSON, request ids in logs, static assets with cache headers.

mod admission;
mod api;
mod assets;
pub mod auth;
mod backoffice_routes;
mod charts;
pub mod client;
mod cookies;
mod download;
mod encode;
mod error;
mod health;
pub mod lang;
mod og_image;
mod page_cache;
mod pages;
pub mod public_cache;
pub mod server;
mod state;

pub use api::ROUTES as API_ROUTES;
pub use error::WebError;
pub use state::AppState;

use axum::Router;
use axum::http::{HeaderName, Request};
use axum::response::IntoResponse as _;
use axum::routing::get;
use tower::ServiceBuilder;
use tower_http::csrf::CsrfLayer;
use tower_http::request_id::{
    MakeRequestUuid, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::trace::{DefaultOnFailure, DefaultOnResponse, TraceLayer};
use tracing::Level;

static REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The application as the server runs it (see [`server::serve`]): kept
/// pages and answers sent from memory at once, everything else routed.
#[derive(Clone)]
pub struct App {
    state: AppState,
    router: Router,
}

/// The application of `state`, for [`server::serve`].
pub fn app(state: AppState) -> App {
    App {
        router: router(state.clone()),
        state,
    }
}

/// The whole application as one router.
pub fn router(state: AppState) -> Router {
    let layers = ServiceBuilder::new()
        .layer(SetRequestIdLayer::new(REQUEST_ID.clone(), MakeRequestUuid))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
            let id = req
                .extensions()
                .get::<RequestId>()
                .and_then(|id| id.header_value().to_str().ok())
                .unwrap_or("-")
                .to_owned();
            tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
        })
        // One line per request at the default level: status and latency, in the
        // request's span (so with its id).
        .on_response(DefaultOnResponse::new().level(Level::INFO))
        .on_failure(DefaultOnFailure::new().level(Level::WARN)))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID.clone()));
    let app = Router::new()
        .route("/", get(pages::home::show))
        .route("/san-pham", get(pages::catalogue::list))
        .route("/san-pham.xlsx", get(pages::catalogue::xlsx))
        .route("/thong-ke", get(pages::statistics::show))
        .route("/du-lieu-mo", get(pages::open_data::show))
        .route("/thong-ke.xlsx", get(pages::statistics::xlsx))
        .route("/thong-ke/xa-phuong", get(pages::statistics::communes))
        .route("/san-pham/{slug}", get(pages::products::show))
        .route("/chu-the/{slug}", get(pages::producers::show))
        .route("/quyet-dinh", get(pages::decisions::list))
        .route("/quyet-dinh/pdf", get(pages::decisions::pdf))
        .route("/kiem-tra-sao", get(pages::star_check::show))
        .route("/tim-kiem", get(pages::search::show))
        .route("/su-kien", get(pages::content::events))
        .route("/su-kien/{slug}", get(pages::content::event))
        .route("/tin-tuc", get(pages::content::news))
        .route("/tin-tuc/{slug}", get(pages::content::news_item))
        .route("/du-lich-cong-dong", get(pages::content::tourism))
        .route("/ban-do", get(pages::map::show))
        .route(
            "/phan-anh",
            get(pages::misuse::form)
                .post(pages::misuse::submit)
                .layer(axum::extract::DefaultBodyLimit::max(12 * 1024 * 1024)),
        )
        .route("/anh/{id}/{file}", get(pages::photo::show))
        .route("/01/{*rest}", get(pages::resolver::resolve))
        .route("/q/{code}", get(pages::scan::short))
        .route(
            "/q/{code}/noi-mua",
            get(pages::scan::place_form).post(pages::scan::place),
        )
        .route("/xac-thuc", get(pages::verify::form))
        .route("/xac-thuc/{token}", get(pages::verify::show))
        .route("/sitemap.xml", get(pages::seo::sitemap))
        .route("/ns/ocop", get(pages::trace_ids::vocabulary))
        .route("/ma-vung/{slug}", get(pages::trace_ids::area))
        .route("/dia-diem/{slug}", get(pages::trace_ids::place))
        .route("/robots.txt", get(pages::seo::robots))
        .route("/ngon-ngu/{code}", get(lang::switch))
        .route("/bo-tieu-chi", get(pages::criteria::list))
        .route("/bo-tieu-chi/{id}", get(pages::criteria::show))
        .route(
            "/bo-tieu-chi/{id}/tu-danh-gia",
            axum::routing::post(pages::criteria::assess),
        )
        .route("/bo-tieu-chi/{id}/phieu-cham", get(pages::criteria::print))
        .route(
            "/bo-tieu-chi/{id}/phieu-cham.pdf",
            get(pages::backoffice::sheets::blank),
        )
        .route(
            "/bo-tieu-chi/{id}/phieu-cham.xlsx",
            get(pages::criteria::xlsx),
        )
        .route("/healthz", get(health::show))
        .route("/api/openapi.json", get(api::openapi))
        .route("/api/v1/criteria-sets", get(api::criteria::list))
        .route("/api/v1/criteria-sets/{id}", get(api::criteria::show))
        .route(
            "/api/v1/criteria-sets/{id}/score",
            axum::routing::post(api::criteria::score_sheet),
        )
        .route("/api/v1/products", get(api::products::list))
        .route("/api/v1/map", get(api::map::places))
        .route(
            "/api/v1/certificates/{number}",
            get(api::certificates::show),
        )
        .route(
            "/api/v1/certificate-changes",
            get(api::certificates::changes),
        )
        .route("/api/v1/certificate-key", get(pages::verify::key))
        .route(assets::CSS_ROUTE, get(assets::css))
        .route(assets::GROUP_ROUTE, get(assets::group_svg))
        .route(og_image::ROUTE, get(og_image::show))
        .route(
            "/dang-nhap",
            get(pages::signin::form).post(pages::signin::submit),
        )
        .route(
            "/dang-ky",
            get(pages::register::form).post(pages::register::submit),
        )
        .merge(backoffice_routes::router())
        .fallback(pages::not_found)
        // Cross-site form posts are refused (Sec-Fetch-Site / Origin checks).
        .layer(
            CsrfLayer::new().with_rejection_response(|_e: tower_http::csrf::ProtectionError| {
                WebError::Forbidden(
                    "Yêu cầu bị từ chối vì được gửi từ một trang khác (chống giả mạo yêu cầu)."
                        .into(),
                )
                .into_response()
            }),
        )
        // A body that stops arriving is given up (the header deadline is the
        // server's own, see `server`).
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
            std::time::Duration::from_secs(30),
        ))
        // No request waits on a database that stopped answering for longer
        // than this: it gets 503 with Retry-After (see `error`).
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            std::time::Duration::from_secs(30),
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            error::render_errors,
        ))
        .layer(axum::middleware::from_fn(security_headers))
        .layer(layers)
        .with_state(state.clone());
    // Outermost, before routing: a kept public page is answered before the
    // route is matched and request ids, logging and time-outs are set up
    // for it (they are for work, and a kept page is none); a page not kept
    // goes through all of them.
    Router::new()
        .fallback_service(app)
        .layer(axum::middleware::from_fn_with_state(
            state,
            public_cache::serve,
        ))
}

/// The headers every response carries (see [`security_headers`]).
pub(crate) fn set_security_headers(h: &mut axum::http::HeaderMap) {
    use axum::http::{HeaderValue, header};
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'"),
    );
}

/// Headers every response carries: no sniffing, no framing, a strict referrer
/// policy, and pages that load only their own resources.
async fn security_headers(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let mut res = next.run(req).await;
    set_security_headers(res.headers_mut());
    res
}
