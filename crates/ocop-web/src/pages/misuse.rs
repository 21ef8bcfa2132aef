//! Phản ánh — the public form for reporting a fake or misused OCOP star.

use crate::lang::{Chrome, Lang};
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::connect_info::ConnectInfo;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use ocop_app::cycle::CycleError;
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
    req: axum::extract::Request,
) -> Result<Response, WebError> {
    let sender = req
        .extensions()
        .get::<ConnectInfo<std::net::SocketAddr>>()
        .map_or(std::net::IpAddr::from([0, 0, 0, 0]), |c| c.0.ip());
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
        state.entropy.as_ref(),
        &state.province.code,
        sender,
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
        Err(CycleError::Field { field, message }) => {
            let errors = [(field, message)].into_iter().collect();
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                Html(page(&state, lang, form, errors, None)?),
            )
                .into_response())
        }
        Err(CycleError::Invalid(m)) => {
            let errors = [("form", m)].into_iter().collect();
            Ok((
                StatusCode::TOO_MANY_REQUESTS,
                Html(page(&state, lang, form, errors, None)?),
            )
                .into_response())
        }
        Err(CycleError::Store(e)) => Err(e.into()),
        Err(e) => Err(WebError::Unprocessable(e.to_string())),
    }
}
