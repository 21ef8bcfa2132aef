//! Thêm sản phẩm — a producer adds its product (or an officer does, on its behalf).

use crate::auth::CurrentUser;
use crate::pages::backoffice::dossiers::actor;
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use ocop_app::registry::{ProductForm, RegisterError};
use ocop_domain::access::{Permission, Role};
use ocop_domain::form::FieldErrors;

#[derive(Template)]
#[template(path = "bo_product_new.html")]
struct NewProductPage {
    css: &'static str,
    title: String,
    form: ProductForm,
    errors: FieldErrors,
    producers: Vec<(String, String)>,
    groups: Vec<(&'static str, String)>,
    sets: Vec<(String, String)>,
    created: Option<(String, String)>,
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    form: ProductForm,
    errors: FieldErrors,
    created: Option<(String, String)>,
) -> Result<String, WebError> {
    let mut producers = Vec::new();
    for p in state
        .store
        .list_products(
            &state.province.code,
            &ocop_store::catalog::ProductFilter::default(),
        )
        .await?
    {
        if producers
            .iter()
            .any(|(slug, _): &(String, String)| *slug == p.producer_slug)
        {
            continue;
        }
        let facts = state
            .store
            .producer_facts(&state.province.code, &p.producer_slug)
            .await?;
        let reach = match user.role {
            Role::Admin | Role::Office => true,
            Role::Producer => facts
                .as_ref()
                .is_some_and(|f| Some(f.id) == user.user.producer_id),
            Role::Commune => facts.as_ref().is_some_and(|f| {
                f.commune_code_2025.is_some() && f.commune_code_2025 == user.user.commune_code
            }),
            _ => false,
        };
        if reach {
            producers.push((p.producer_slug, p.producer_name));
        }
    }
    // A producer without products yet is still its own producer.
    if let (Role::Producer, Some(id)) = (user.role, user.user.producer_id)
        && let Some(slug) = state.store.producer_slug(id).await?
        && !producers.iter().any(|(s, _)| *s == slug)
    {
        producers.push((slug, user.user.display_name.clone()));
    }
    let groups = ocop_domain::ProductGroup::ALL
        .iter()
        .map(|g| (g.code(), format!("{}. {}", g.code(), g.name_vi())))
        .collect();
    let sets = state
        .store
        .criteria_sets_of("qd148-2023")
        .await?
        .into_iter()
        .map(|s| {
            (
                s.id,
                format!("Bộ {} — {} (nhóm {})", s.number, s.name, s.group_code),
            )
        })
        .collect();
    Ok(NewProductPage {
        css: crate::assets::css_href(),
        title: "Thêm sản phẩm".into(),
        form,
        errors,
        producers,
        groups,
        sets,
        created,
    }
    .render()?)
}

pub async fn form(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Html<String>, WebError> {
    user.require(Permission::ManageProducts)?;
    Ok(Html(
        page(
            &state,
            &user,
            ProductForm::default(),
            FieldErrors::default(),
            None,
        )
        .await?,
    ))
}

pub async fn submit(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(f): Form<ProductForm>,
) -> Result<Response, WebError> {
    user.require(Permission::ManageProducts)?;
    match ocop_app::registry::add_product(&state.store, state.clock.as_ref(), &actor(&user), &f)
        .await
    {
        Ok(created) => {
            let done = Some((
                format!("/san-pham/{}", created.slug),
                f.name.trim().to_owned(),
            ));
            Ok(Html(
                page(
                    &state,
                    &user,
                    ProductForm::default(),
                    FieldErrors::default(),
                    done,
                )
                .await?,
            )
            .into_response())
        }
        Err(RegisterError::Invalid(errors)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            Html(page(&state, &user, f, errors, None).await?),
        )
            .into_response()),
        Err(other) => Err(other.into()),
    }
}
