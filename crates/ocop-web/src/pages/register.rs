//! Đăng ký chủ thể — a producer applies to join; the commune's officer decides.

use crate::auth::CurrentUser;
use crate::pages::backoffice::dossiers::actor;
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use ocop_app::registry::{Application, RegisterError};
use ocop_domain::access::Permission;
use ocop_domain::form::FieldErrors;

#[derive(Template)]
#[template(path = "register.html")]
struct RegisterPage {
    c: crate::lang::Chrome,
    search_q: String,
    title: String,
    form: Application,
    errors: FieldErrors,
    communes: Vec<(String, String)>,
    kinds: Vec<(&'static str, &'static str)>,
    done: bool,
}

/// The kinds a producer may register as, named by the domain.
const KINDS: [&str; 9] = [
    "cooperative",
    "cooperative_group",
    "household",
    "farm",
    "enterprise:llc1",
    "enterprise:llc2",
    "enterprise:jsc",
    "enterprise:private",
    "enterprise:partnership",
];

/// The kinds a producer may register as: (code, name in `lang`).
pub(crate) fn kind_choices(lang: crate::lang::Lang) -> Vec<(&'static str, &'static str)> {
    KINDS
        .iter()
        .filter_map(|code| {
            ocop_domain::ProducerKind::parse(code)
                .ok()
                .map(|k| (*code, lang.s(k.name_vi(), k.name_en())))
        })
        .collect()
}

async fn page(
    state: &AppState,
    lang: crate::lang::Lang,
    form: Application,
    errors: FieldErrors,
    done: bool,
) -> Result<String, WebError> {
    let communes = crate::pages::commune_choices(state).await?;
    Ok(RegisterPage {
        c: crate::lang::Chrome::new(state, lang, "/dang-ky").describe(lang.s(
            "Chủ thể OCOP đăng ký tài khoản để nộp hồ sơ trực tuyến.",
            "OCOP producers register an account to file dossiers online.",
        )),
        search_q: String::new(),
        title: lang
            .s("Đăng ký chủ thể OCOP", "Register as an OCOP producer")
            .into(),
        form,
        errors,
        communes,
        kinds: kind_choices(lang),
        done,
    }
    .render()?)
}

pub async fn form(
    State(state): State<AppState>,
    lang: crate::lang::Lang,
) -> Result<Html<String>, WebError> {
    Ok(Html(
        page(
            &state,
            lang,
            Application::default(),
            FieldErrors::default(),
            false,
        )
        .await?,
    ))
}

pub async fn submit(
    State(state): State<AppState>,
    lang: crate::lang::Lang,
    client: crate::client::ClientAddr,
    Form(mut a): Form<Application>,
) -> Result<Response, WebError> {
    let sender = ocop_app::budget::sender_key(
        &state.store,
        state.clock.as_ref(),
        state.entropy.as_ref(),
        client.0,
    )
    .await?;
    match ocop_app::registry::apply(
        &state.store,
        state.clock.as_ref(),
        state.entropy.as_ref(),
        &state.province,
        &a,
        &sender,
    )
    .await
    {
        Ok(_) => Ok(Html(
            page(
                &state,
                lang,
                Application::default(),
                FieldErrors::default(),
                true,
            )
            .await?,
        )
        .into_response()),
        Err(RegisterError::Invalid(errors)) => {
            // Keep what was typed, except the passwords.
            a.password.clear();
            a.password_confirm.clear();
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                Html(page(&state, lang, a, errors, false).await?),
            )
                .into_response())
        }
        Err(other) => Err(other.into()),
    }
}

pub struct Pending {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub tax_code: String,
    pub commune: String,
    pub username: String,
    pub submitted_at: String,
}

#[derive(Template)]
#[template(path = "bo_registrations.html")]
struct PendingPage {
    css: &'static str,
    title: String,
    pending: Vec<Pending>,
    /// Producers' new products waiting to be made public: (slug, name, producer, sent).
    products: Vec<(String, String, String, String)>,
    error: Option<String>,
    notice: Option<String>,
}

async fn pending_page(
    state: &AppState,
    user: &CurrentUser,
    error: Option<String>,
    notice: Option<String>,
) -> Result<String, WebError> {
    let commune = if user.role == ocop_domain::access::Role::Commune {
        user.user.commune_code.clone().or(Some("-".into()))
    } else {
        None
    };
    let mut pending = Vec::new();
    for r in state
        .store
        .pending_registrations(&state.province.code, commune.as_deref())
        .await?
    {
        let f: ocop_domain::ProducerForm = serde_json::from_str(&r.form_json).unwrap_or_default();
        let commune = match &r.commune_code {
            Some(c) => state
                .store
                .admin_unit(ocop_domain::UnitScheme::Y2025, c)
                .await?
                .map_or_else(|| c.clone(), |u| u.full_name),
            None => super::UNKNOWN.to_owned(),
        };
        pending.push(Pending {
            id: r.id,
            kind: ocop_domain::ProducerKind::parse(&f.kind)
                .map_or(f.kind.clone(), |k| k.name_vi().to_owned()),
            name: f.name,
            tax_code: if f.tax_code.is_empty() {
                super::UNKNOWN.to_owned()
            } else {
                f.tax_code
            },
            commune,
            username: r.username,
            submitted_at: crate::pages::vn_time(r.submitted_at),
        });
    }
    let products = state
        .store
        .pending_products(&state.province.code, commune.as_deref())
        .await?
        .into_iter()
        .map(|p| {
            (
                p.slug,
                p.name,
                p.producer_name,
                crate::pages::vn_time(p.created_at),
            )
        })
        .collect();
    Ok(PendingPage {
        css: crate::assets::css_href(),
        title: "Đơn đăng ký chủ thể".into(),
        pending,
        products,
        error,
        notice,
    }
    .render()?)
}

pub async fn pending(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Html<String>, WebError> {
    user.require(Permission::ReviewRegistrations)?;
    Ok(Html(pending_page(&state, &user, None, None).await?))
}

pub async fn approve(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    user.require(Permission::ReviewRegistrations)?;
    match ocop_app::registry::approve(&state.store, state.clock.as_ref(), &actor(&user), id).await {
        Ok(created) => {
            let notice = format!(
                "Đã duyệt: chủ thể đã được tạo (/chu-the/{}) cùng tài khoản đăng nhập.",
                created.slug
            );
            Ok(Html(pending_page(&state, &user, None, Some(notice)).await?).into_response())
        }
        Err(e) => decision_refused(&state, &user, e).await,
    }
}

/// A refused decision: what the officer can put right is said on the list
/// (422); anything else is answered by its kind.
async fn decision_refused(
    state: &AppState,
    user: &CurrentUser,
    e: ocop_app::registry::DecideError,
) -> Result<Response, WebError> {
    use ocop_app::error::{Classify as _, Kind};
    let status = match e.kind() {
        Kind::Invalid => StatusCode::UNPROCESSABLE_ENTITY,
        // Decided meanwhile by someone else: said on the list, as 409.
        Kind::Conflict => StatusCode::CONFLICT,
        _ => return Err(WebError::service(e)),
    };
    let html = pending_page(state, user, Some(e.to_string()), None).await?;
    Ok((status, Html(html)).into_response())
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct Rejection {
    reason: String,
}

pub async fn reject(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(f): Form<Rejection>,
) -> Result<Response, WebError> {
    user.require(Permission::ReviewRegistrations)?;
    match ocop_app::registry::reject(
        &state.store,
        state.clock.as_ref(),
        &actor(&user),
        id,
        &f.reason,
    )
    .await
    {
        Ok(()) => Ok(Redirect::to("/quan-tri/dang-ky").into_response()),
        Err(e) => decision_refused(&state, &user, e).await,
    }
}

/// Makes a producer's new product public.
pub async fn approve_product(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    use ocop_app::registry::ApproveError;
    user.require(Permission::ReviewRegistrations)?;
    match ocop_app::registry::approve_product(
        &state.store,
        state.clock.as_ref(),
        &actor(&user),
        &slug,
    )
    .await
    {
        Ok(()) => {
            let notice = format!("Đã duyệt: sản phẩm đã hiện trên cổng (/san-pham/{slug}).");
            Ok(Html(pending_page(&state, &user, None, Some(notice)).await?).into_response())
        }
        Err(e @ ApproveError::Forbidden) => Err(WebError::Forbidden(e.to_string())),
        Err(e @ ApproveError::NotPending) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            Html(pending_page(&state, &user, Some(e.to_string()), None).await?),
        )
            .into_response()),
        Err(ApproveError::Store(e)) => Err(e.into()),
    }
}
