//! Mở lô và nhập sự kiện — opening a batch from the registers page, and
//! importing a file of trace events.

use super::*;

/// The batch form: plain fields plus any number of `area` checkboxes.
pub(super) fn batch_form(body: &[u8]) -> BatchForm {
    let mut f = BatchForm::default();
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).unwrap_or_default();
    for (k, v) in pairs {
        match k.as_str() {
            "product" => f.product = v,
            "lot" => f.lot = v,
            "gtin" => f.gtin = v,
            "produced_on" => f.produced_on = v,
            "expires_on" => f.expires_on = v,
            "quantity" => f.quantity = v,
            "unit" => f.unit = v,
            "area" => f.areas.extend(v.parse::<i64>().ok()),
            _ => {}
        }
    }
    f
}

pub async fn create_batch(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(slug): Path<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    user.require(Permission::ManageProducts)?;
    let form = batch_form(&body);
    match ocop_app::trace::create_batch(
        &state.store,
        state.clock.as_ref(),
        state.entropy.as_ref(),
        &actor(&user),
        &slug,
        &form,
    )
    .await
    {
        Ok(id) => Ok(
            Redirect::to(&format!("/quan-tri/chu-the/{slug}/truy-xuat/lo/{id}")).into_response(),
        ),
        Err(e) => {
            let errors = refusal(e, "batch")?;
            refused(&state, &user, &slug, (AreaForm::default(), form), errors).await
        }
    }
}

pub async fn import(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(slug): Path<String>,
    req: Request,
) -> Result<Response, WebError> {
    user.require(Permission::ManageProducts)?;
    let upload = super::super::upload::read_for_producer(&state, &user, &slug, req).await?;
    let dry_run = !upload.text("dry_run").is_empty();
    let Some((_, bytes)) = upload.file.as_ref().filter(|(_, b)| !b.is_empty()) else {
        let errors = [("import_file", "Chọn tệp CSV hoặc JSON để nhập.".to_owned())]
            .into_iter()
            .collect();
        return refused(&state, &user, &slug, Default::default(), errors).await;
    };
    let result = ocop_app::trace::import_events(
        &state.store,
        state.clock.as_ref(),
        state.entropy.as_ref(),
        &actor(&user),
        &slug,
        bytes,
        dry_run,
    )
    .await
    .map_err(WebError::service)?;
    let status = if result.problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let html = trace_page(
        &state,
        &user,
        &slug,
        AreaForm::default(),
        BatchForm::default(),
        FieldErrors::new(),
        Some((result, dry_run)),
    )
    .await?;
    Ok((status, Html(html)).into_response())
}
