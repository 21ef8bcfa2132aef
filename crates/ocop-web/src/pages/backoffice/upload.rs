//! Reading a multipart form with one file (evidence, vault documents): the
//! text fields by name and the file with its name, with the size limit
//! reported in Vietnamese.

use crate::{AppState, WebError};
use axum::extract::multipart::MultipartError;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::StatusCode;
use std::collections::BTreeMap;

pub struct Upload {
    pub fields: BTreeMap<String, String>,
    /// The field named `file`: (the name the browser gave, its bytes).
    pub file: Option<(String, axum::body::Bytes)>,
}

impl Upload {
    /// A text field, empty when absent.
    pub fn text(&self, name: &str) -> String {
        self.fields.get(name).cloned().unwrap_or_default()
    }
}

fn too_big(e: MultipartError) -> WebError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        WebError::PayloadTooLarge
    } else {
        WebError::BadRequest(
            "Biểu mẫu gửi lên bị hỏng hoặc bị ngắt giữa chừng; hãy gửi lại.".into(),
        )
    }
}

/// [`read`], for a form about producer `slug`: the person's reach is
/// checked first, so the body is read only for someone allowed to send it.
pub async fn read_for_producer(
    state: &AppState,
    user: &crate::auth::CurrentUser,
    slug: &str,
    req: Request,
) -> Result<Upload, WebError> {
    ocop_app::scope::producer_in_reach(&state.store, &super::dossiers::actor(user), slug).await?;
    read(state, req).await
}

pub async fn read(state: &AppState, req: Request) -> Result<Upload, WebError> {
    let mut form = Multipart::from_request(req, state).await.map_err(|_| {
        WebError::BadRequest("Cần gửi bằng biểu mẫu có tệp đính kèm (multipart/form-data).".into())
    })?;
    let mut upload = Upload {
        fields: BTreeMap::new(),
        file: None,
    };
    while let Some(field) = form.next_field().await.map_err(too_big)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            let filename = field.file_name().unwrap_or_default().to_owned();
            upload.file = Some((filename, field.bytes().await.map_err(too_big)?));
        } else {
            let value = field.text().await.map_err(too_big)?;
            upload.fields.insert(name, value);
        }
    }
    Ok(upload)
}
