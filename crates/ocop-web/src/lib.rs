//! The OCOP portal and HTTP API: axum routes, askama pages rendered on the
//! server (Vietnamese first, no JavaScript needed), one error type rendered as
//! HTML or JSON, request ids in logs, static assets with cache headers.

mod api;
mod assets;
mod error;
mod health;
mod pages;
mod state;

pub use api::ROUTES as API_ROUTES;
pub use error::WebError;
pub use state::AppState;

use axum::Router;
use axum::http::{HeaderName, Request};
use axum::routing::get;
use tower::ServiceBuilder;
use tower_http::request_id::{
    MakeRequestUuid, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::trace::{DefaultOnFailure, DefaultOnResponse, TraceLayer};
use tracing::Level;

static REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

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
    Router::new()
        .route("/", get(pages::home::show))
        .route("/san-pham", get(pages::products::list))
        .route("/san-pham/{slug}", get(pages::products::show))
        .route("/chu-the/{slug}", get(pages::producers::show))
        .route("/bo-tieu-chi", get(pages::criteria::list))
        .route("/bo-tieu-chi/{id}", get(pages::criteria::show))
        .route(
            "/bo-tieu-chi/{id}/tu-danh-gia",
            axum::routing::post(pages::criteria::assess),
        )
        .route("/bo-tieu-chi/{id}/phieu-cham", get(pages::criteria::print))
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
        .route(assets::CSS_ROUTE, get(assets::css))
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn(error::render_errors))
        .layer(layers)
        .with_state(state)
}
