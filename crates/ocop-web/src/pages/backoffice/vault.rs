//! Kho tài liệu — the producer's document vault in the back office: keep a
//! document once (with its validity) and reuse it in a dossier.

use super::dossiers::{actor, back_or_refused, ensure_visible};
use crate::auth::CurrentUser;
use crate::{AppState, WebError};
use axum::extract::{Form, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use ocop_app::vault::{self, DocumentInput};
use ocop_domain::access::Permission;

/// Refusals by form field ("form" for the whole form).
pub type FieldErrors = std::collections::BTreeMap<&'static str, String>;

/// The document form as typed, kept when it is refused.
#[derive(Debug, Default, Clone)]
pub struct DocumentTyped {
    pub kind: String,
    pub title: String,
    pub issued_on: String,
    pub valid_until: String,
}

pub async fn upload(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(slug): Path<String>,
    req: axum::extract::Request,
) -> Result<Response, WebError> {
    user.require(Permission::ManageProducts)?;
    let upload = super::upload::read_for_producer(&state, &user, &slug, req).await?;
    let typed = DocumentTyped {
        kind: upload.text("kind"),
        title: upload.text("title"),
        issued_on: upload.text("issued_on"),
        valid_until: upload.text("valid_until"),
    };
    let result = match &upload.file {
        None => Err(ocop_app::record_error::RecordError::Field {
            field: "file",
            message: "Chọn tệp tài liệu.".into(),
        }),
        Some((name, bytes)) => {
            let input = DocumentInput {
                kind: &typed.kind,
                title: &typed.title,
                issued_on: &typed.issued_on,
                valid_until: &typed.valid_until,
                filename: name,
                bytes,
            };
            vault::add_document(
                &state.store,
                state.clock.as_ref(),
                &actor(&user),
                &slug,
                &input,
            )
            .await
        }
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/quan-tri/chu-the/{slug}#kho")).into_response()),
        Err(ocop_app::record_error::RecordError::Field { field, message }) => {
            let errors = [(field, message)].into_iter().collect();
            refused(&state, &user, &slug, typed, errors).await
        }
        Err(ocop_app::record_error::RecordError::Invalid(m)) => {
            let errors = [("form", m)].into_iter().collect();
            refused(&state, &user, &slug, typed, errors).await
        }
        Err(e) => Err(WebError::service(e)),
    }
}

async fn refused(
    state: &AppState,
    user: &CurrentUser,
    slug: &str,
    typed: DocumentTyped,
    errors: FieldErrors,
) -> Result<Response, WebError> {
    let typed = super::producer::Typed {
        document: typed,
        ..Default::default()
    };
    let html = super::producer::page(state, user, slug, typed, errors).await?;
    Ok(crate::pages::backoffice::refused_page(html))
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct FromVault {
    document: String,
    criterion: String,
}

pub async fn use_in_dossier(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<FromVault>,
) -> Result<Response, WebError> {
    user.require(Permission::Dossiers)?;
    ensure_visible(&state, &user, id).await?;
    // A missing or garbled choice is refused by the service like any other.
    let document = form.document.trim().parse::<i64>().unwrap_or(-1);
    let result = vault::attach_from_vault(
        &state.store,
        state.clock.as_ref(),
        &actor(&user),
        id,
        document,
        form.criterion.trim(),
    )
    .await;
    back_or_refused(&state, &user, id, result, None).await
}
