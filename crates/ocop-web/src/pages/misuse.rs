//! Phản ánh — the public form for reporting a fake or misused OCOP star.

use crate::lang::{Chrome, Lang};
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use ocop_app::misuse::MisuseError;
use ocop_app::misuse::ReportForm;

type Errors = std::collections::BTreeMap<&'static str, String>;

#[derive(Debug, Default, serde::Deserialize)]
pub struct Start {
    #[serde(default, rename = "san-pham")]
    product: String,
}

#[derive(Template)]
#[template(path = "misuse.html")]
struct FormPage {
    c: Chrome,
    title: String,
    search_q: String,
    form: ReportForm,
    errors: Errors,
    received: Option<i64>,
}

fn page(
    state: &AppState,
    lang: Lang,
    form: ReportForm,
    errors: Errors,
    received: Option<i64>,
) -> Result<String, WebError> {
    Ok(FormPage {
        c: Chrome::new(state, lang, "/phan-anh"),
        title: lang
            .s(
                "Phản ánh hàng giả, dùng sai sao OCOP",
                "Report a fake or misused OCOP star",
            )
            .to_owned(),
        search_q: String::new(),
        form,
        errors,
        received,
    }
    .render()?)
}

pub async fn form(
    State(state): State<AppState>,
    lang: Lang,
    Query(start): Query<Start>,
) -> Result<Html<String>, WebError> {
    let mut form = ReportForm::default();
    if let Some(p) = state
        .store
        .product_by_slug(&state.province.code, start.product.trim())
        .await?
    {
        form.product_slug = p.summary.slug;
        form.product = p.summary.name;
    }
    Ok(Html(page(&state, lang, form, Errors::new(), None)?))
}

pub async fn submit(
    State(state): State<AppState>,
    lang: Lang,
    client: crate::client::ClientAddr,
    req: axum::extract::Request,
) -> Result<Response, WebError> {
    let sender = ocop_app::budget::sender_key(
        &state.store,
        state.clock.as_ref(),
        state.entropy.as_ref(),
        client.0,
    )
    .await?;
    // Counted before the body is read: a flood is refused for the price of
    // one small write, with no upload buffered and no photo decoded.
    if let Err(e) = ocop_app::misuse::admit(&state.store, state.clock.as_ref(), &sender).await {
        return refused(&state, lang, ReportForm::default(), e);
    }
    let Some(_slot) = ocop_app::heavy::upload_slot(std::time::Duration::from_secs(10)).await else {
        return Err(WebError::Unavailable("upload slots full".into()));
    };
    let upload = super::backoffice::upload::read(&state, req).await?;
    let form = ReportForm {
        product_slug: upload.text("product_slug"),
        product: upload.text("product"),
        seller: upload.text("seller"),
        place: upload.text("place"),
        link: upload.text("link"),
        description: upload.text("description"),
        contact: upload.text("contact"),
        website: upload.text("website"),
    };
    let photo = upload.file.map(|(_, b)| b.to_vec());
    match ocop_app::misuse::submit(
        &state.store,
        state.clock.as_ref(),
        &state.province.code,
        &sender,
        &form,
        photo,
    )
    .await
    {
        Ok(id) => Ok(Html(page(
            &state,
            lang,
            ReportForm::default(),
            Errors::new(),
            Some(id),
        )?)
        .into_response()),
        Err(e) => refused(&state, lang, form, e),
    }
}

/// The form again, as typed, with the reason next to the field (or on top).
fn refused(
    state: &AppState,
    lang: Lang,
    form: ReportForm,
    e: MisuseError,
) -> Result<Response, WebError> {
    let (status, errors): (StatusCode, Errors) = match e {
        MisuseError::Field { field, message } => (
            StatusCode::UNPROCESSABLE_ENTITY,
            [(field, message)].into_iter().collect(),
        ),
        e @ (MisuseError::TooMany | MisuseError::NotTaken) => {
            let message = match lang {
                Lang::Vi => e.to_string(),
                Lang::En => e.message_en(),
            };
            let status = match e {
                MisuseError::TooMany => StatusCode::TOO_MANY_REQUESTS,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            (status, [("form", message)].into_iter().collect())
        }
        other => return Err(WebError::service(other)),
    };
    let mut res = (status, Html(page(state, lang, form, errors, None)?)).into_response();
    if status == StatusCode::TOO_MANY_REQUESTS {
        res.headers_mut().insert(
            axum::http::header::RETRY_AFTER,
            axum::http::HeaderValue::from_static("3600"),
        );
    }
    Ok(res)
}
