//! Minh chứng — uploading and downloading a dossier's evidence.

use super::*;

/// Attaches evidence (multipart: `criterion` and `file`).
pub async fn upload(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    req: axum::extract::Request,
) -> Result<Response, WebError> {
    user.require(Permission::Dossiers)?;
    // Access first: the body is read only for someone allowed to send it.
    ensure_visible(&state, &user, id).await?;
    let upload = crate::pages::backoffice::upload::read(&state, req).await?;
    let criterion = upload.text("criterion");
    let Some((name, bytes)) = upload.file else {
        return refused(
            &state,
            &user,
            id,
            CycleError::NoFile,
            None,
            Default::default(),
        )
        .await;
    };
    match cycle::attach_evidence(
        &state.store,
        state.clock.as_ref(),
        &actor(&user),
        id,
        criterion.trim(),
        &name,
        &bytes,
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/quan-tri/ho-so/{id}")).into_response()),
        Err(e) => refused(&state, &user, id, e, None, Default::default()).await,
    }
}

/// Downloads evidence: always as an attachment of its checked type, never
/// shown inline, so a file can never run as a page of this site.
pub async fn download(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, file)): Path<(i64, i64)>,
) -> Result<Response, WebError> {
    user.require(Permission::Dossiers)?;
    ensure_visible(&state, &user, id).await?;
    let (name, content_type, data) = state
        .store
        .evidence_file(id, file)
        .await?
        .ok_or(WebError::NotFound)?;
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded = crate::encode::filename_star(&name);
    let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}");
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, content_type),
            (axum::http::header::CONTENT_DISPOSITION, disposition),
            (
                axum::http::header::CACHE_CONTROL,
                "private, no-store".to_owned(),
            ),
        ],
        data,
    )
        .into_response())
}
