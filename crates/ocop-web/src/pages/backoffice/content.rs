//! Đăng sự kiện, tin tức — the office's forms for the portal's events and
//! news. A refused form comes back as typed, with the error next to its field.

use super::dossiers::actor;
use crate::auth::CurrentUser;
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::{Form, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use ocop_app::content::{EventForm, NewsForm};
use ocop_app::record_error::RecordError;
use ocop_domain::access::Permission;
use ocop_domain::market::EventKind;

type Errors = std::collections::BTreeMap<&'static str, String>;

#[derive(Template)]
#[template(path = "bo_events.html")]
struct EventsPage {
    css: &'static str,
    title: String,
    form: EventForm,
    errors: Errors,
    kinds: Vec<(&'static str, &'static str)>,
    events: Vec<(String, String, String)>,
}

async fn events_page(
    state: &AppState,
    form: EventForm,
    errors: Errors,
) -> Result<String, WebError> {
    let (upcoming, past) = state
        .store
        .events(&state.province.code, state.clock.today())
        .await?;
    Ok(EventsPage {
        css: crate::assets::css_href(),
        title: "Sự kiện, hội chợ".to_owned(),
        form,
        errors,
        kinds: EventKind::ALL
            .iter()
            .map(|k| (k.code(), k.name_vi()))
            .collect(),
        events: upcoming
            .into_iter()
            .chain(past)
            .map(|e| {
                (
                    format!("/su-kien/{}", e.slug),
                    e.title,
                    crate::pages::vn_day(e.starts_on),
                )
            })
            .collect(),
    }
    .render()?)
}

fn refusal(e: RecordError) -> Result<Errors, WebError> {
    match e {
        RecordError::Field { field, message } => Ok([(field, message)].into_iter().collect()),
        RecordError::Invalid(m) => Ok([("form", m)].into_iter().collect()),
        other => Err(WebError::service(other)),
    }
}

pub async fn events_form(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Html<String>, WebError> {
    user.require(Permission::ManagePortal)?;
    Ok(Html(
        events_page(&state, EventForm::default(), Errors::new()).await?,
    ))
}

pub async fn add_event(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(form): Form<EventForm>,
) -> Result<Response, WebError> {
    user.require(Permission::ManagePortal)?;
    match ocop_app::content::add_event(&state.store, state.clock.as_ref(), &actor(&user), &form)
        .await
    {
        Ok(slug) => Ok(Redirect::to(&format!("/su-kien/{slug}")).into_response()),
        Err(e) => {
            let errors = refusal(e)?;
            let html = events_page(&state, form, errors).await?;
            Ok(crate::pages::backoffice::refused_page(html))
        }
    }
}

#[derive(Template)]
#[template(path = "bo_news.html")]
struct NewsPage {
    css: &'static str,
    title: String,
    form: NewsForm,
    errors: Errors,
    items: Vec<(String, String, String)>,
}

async fn news_page(state: &AppState, form: NewsForm, errors: Errors) -> Result<String, WebError> {
    // The office sees items dated later too (published when their day comes).
    let items = state.store.news(&state.province.code, None, 200).await?;
    Ok(NewsPage {
        css: crate::assets::css_href(),
        title: "Tin tức".to_owned(),
        form,
        errors,
        items: items
            .into_iter()
            .map(|n| {
                (
                    format!("/tin-tuc/{}", n.slug),
                    n.title,
                    crate::pages::vn_day(n.published_on),
                )
            })
            .collect(),
    }
    .render()?)
}

pub async fn news_form(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Html<String>, WebError> {
    user.require(Permission::ManagePortal)?;
    Ok(Html(
        news_page(&state, NewsForm::default(), Errors::new()).await?,
    ))
}

pub async fn add_news(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(form): Form<NewsForm>,
) -> Result<Response, WebError> {
    user.require(Permission::ManagePortal)?;
    match ocop_app::content::add_news(&state.store, state.clock.as_ref(), &actor(&user), &form)
        .await
    {
        Ok(_) => Ok(Redirect::to("/quan-tri/tin-tuc").into_response()),
        Err(e) => {
            let errors = refusal(e)?;
            let html = news_page(&state, form, errors).await?;
            Ok(crate::pages::backoffice::refused_page(html))
        }
    }
}
