//! `GET /api/v1/map` — the map's places as GeoJSON (RFC 7946), for other
//! provincial systems and marketplaces; the same filter as `/ban-do`.

use crate::pages::map::MapQuery;
use crate::{AppState, WebError};
use axum::Json;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use ocop_app::map::draw;

pub async fn places(
    State(state): State<AppState>,
    q: Result<Query<MapQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<impl IntoResponse, WebError> {
    let Query(q) = q.map_err(super::query_error)?;
    let places = state.store.map_places(&state.province.code).await?;
    // The places only: outlines are the page's drawing, not data to share.
    let view = draw(places, &[], &q.filter());
    let features: Vec<serde_json::Value> = view
        .marks
        .into_iter()
        .map(|m| {
            let p = m.place;
            serde_json::json!({
                "type": "Feature",
                // GeoJSON puts longitude first.
                "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
                "properties": {
                    "kind": p.kind,
                    "name": p.name,
                    "url": state.absolute(&p.href),
                    "producer": p.producer,
                    "commune_code": p.commune_code_2025,
                    "commune": p.commune,
                },
            })
        })
        .collect();
    Ok((
        [(header::CONTENT_TYPE, "application/geo+json")],
        Json(serde_json::json!({
            "type": "FeatureCollection",
            "features": features,
        })),
    ))
}
