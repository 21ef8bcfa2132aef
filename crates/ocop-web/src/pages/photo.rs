//! `/anh/{id}/{width}.jpg` — a published photo size. The bytes of an id and
//! width never change (a new photo gets a new id), so browsers and caches
//! may keep them for a year.

use crate::{AppState, WebError};
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::IntoResponse;

pub async fn show(
    State(state): State<AppState>,
    Path((id, file)): Path<(i64, String)>,
) -> Result<impl IntoResponse, WebError> {
    let width: i64 = file
        .strip_suffix(".jpg")
        .and_then(|w| w.parse().ok())
        .ok_or(WebError::NotFound)?;
    let jpeg = state
        .store
        .photo_variant(&state.province.code, id, width)
        .await?
        .ok_or(WebError::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/jpeg"),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        jpeg,
    ))
}

/// `srcset` and the default `src` of a photo.
pub fn sources(id: i64, widths: &[i64]) -> (String, String) {
    let srcset = widths
        .iter()
        .map(|w| format!("/anh/{id}/{w}.jpg {w}w"))
        .collect::<Vec<_>>()
        .join(", ");
    // The middle size is a fair default for browsers without srcset.
    let default = widths
        .get(widths.len().saturating_sub(1).min(1))
        .map_or_else(String::new, |w| format!("/anh/{id}/{w}.jpg"));
    (srcset, default)
}
