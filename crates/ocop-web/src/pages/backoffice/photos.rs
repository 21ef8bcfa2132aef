//! Ảnh sản phẩm in the back office: upload to a product, remove.

use super::dossiers::actor;
use super::producer::Typed;
use crate::auth::CurrentUser;
use crate::{AppState, WebError};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use ocop_app::record_error::RecordError;
use ocop_domain::access::Permission;

/// The photo form as typed, kept when refused (the file must be chosen again:
/// browsers never refill a file field).
#[derive(Debug, Default, Clone)]
pub struct PhotoTyped {
    pub product: String,
    pub alt: String,
}

async fn answer(
    state: &AppState,
    user: &CurrentUser,
    slug: &str,
    result: Result<(), RecordError>,
    typed: PhotoTyped,
) -> Result<Response, WebError> {
    let (key, message) = match result {
        Ok(()) => return Ok(Redirect::to(&format!("/quan-tri/chu-the/{slug}#anh")).into_response()),
        Err(RecordError::Field { field, message }) => (
            match field {
                "product" => "photo_product",
                "alt" => "photo_alt",
                _ => "photo_file",
            },
            message,
        ),
        Err(RecordError::NotFound(what)) => (
            "photo_form",
            format!("Không tìm thấy {what} này (có thể đã xóa)."),
        ),
        Err(RecordError::Invalid(m)) => ("photo_form", m),
        Err(e) => return Err(WebError::service(e)),
    };
    let typed = Typed {
        photo: typed,
        ..Typed::default()
    };
    let errors = [(key, message)].into_iter().collect();
    let html = super::producer::page(state, user, slug, typed, errors).await?;
    Ok(crate::pages::backoffice::refused_page(html))
}

pub async fn upload(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(slug): Path<String>,
    req: axum::extract::Request,
) -> Result<Response, WebError> {
    user.require(Permission::ManageProducts)?;
    let upload = super::upload::read_for_producer(&state, &user, &slug, req).await?;
    let typed = PhotoTyped {
        product: upload.text("product"),
        alt: upload.text("alt"),
    };
    let result = match upload.file {
        Some((_, bytes)) if !bytes.is_empty() => ocop_app::photos::add_photo(
            &state.store,
            state.clock.as_ref(),
            &actor(&user),
            &slug,
            &typed.product,
            &typed.alt,
            bytes.to_vec(),
        )
        .await
        .map(|_| ()),
        _ => Err(RecordError::Field {
            field: "file",
            message: "Chọn tệp ảnh.".into(),
        }),
    };
    answer(&state, &user, &slug, result, typed).await
}

pub async fn remove(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    user.require(Permission::ManageProducts)?;
    let result = ocop_app::photos::remove_photo(
        &state.store,
        state.clock.as_ref(),
        &actor(&user),
        &slug,
        id,
    )
    .await;
    answer(&state, &user, &slug, result, PhotoTyped::default()).await
}
