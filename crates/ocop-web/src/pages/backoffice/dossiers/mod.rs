//! Hồ sơ — the dossier page is where every role does its part of a round.
//! The page shows only the forms and buttons this person may use in this
//! state; the service decides again on every post and says why it refuses.

use super::super::criteria::{PartView, parts_view};
use crate::auth::CurrentUser;
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use ocop_app::cycle::{self, Actor, CycleError};
use ocop_domain::access::{Permission, Role};
use ocop_domain::criteria::ScoreSheet;
use ocop_domain::dossier::{DossierAction, DossierState};
use std::collections::BTreeMap;

mod council;
mod council_view;
mod decision;
mod evidence;
mod list;
mod new;
mod steps;
mod task_list;
mod view;

pub use council::*;
pub use decision::*;
pub use evidence::*;
pub(super) use list::visible_lines;
pub use list::*;
pub use new::*;
pub use steps::*;
use view::*;

pub fn actor(user: &CurrentUser) -> Actor {
    Actor {
        username: user.user.username.clone(),
        role: user.role,
        province_code: user.user.province_code.clone(),
        commune_code: user.user.commune_code.clone(),
        producer_id: user.user.producer_id,
        agency_code: user.user.agency_code.clone(),
        district_code: user.user.district_code.clone(),
    }
}

struct Extra {
    error: Option<String>,
    notice: Option<String>,
    decision: DecisionForm,
    typed: Option<ScoreSheet>,
    /// The 5★ step form as typed, with its refusal.
    national: Option<(
        super::national::NationalForm,
        Option<(&'static str, String)>,
    )>,
    /// A refusal of one field of the decision form: (field, message).
    field_error: Option<(&'static str, String)>,
    /// The conflict-of-interest reason as typed, kept when refused.
    conflict_reason: String,
}

/// Refuses (403) a dossier outside the person's reach, before any action.
pub(super) async fn ensure_visible(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
) -> Result<(), WebError> {
    ocop_app::scope::dossier_in_reach(&state.store, &actor(user), id)
        .await
        .map(|_| ())
        .map_err(WebError::service)
}

fn none() -> Extra {
    Extra {
        error: None,
        notice: None,
        decision: Default::default(),
        typed: None,
        national: None,
        field_error: None,
        conflict_reason: String::new(),
    }
}

/// The dossier page again, with the 5★ step form as typed and why it was
/// refused next to the field.
pub(super) async fn refused_national(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    typed: super::national::NationalForm,
    error: (&'static str, String),
) -> Result<Response, WebError> {
    let extra = Extra {
        national: Some((typed, Some(error))),
        ..none()
    };
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        Html(page(state, user, id, extra).await?),
    )
        .into_response())
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Html<String>, WebError> {
    user.require(Permission::Dossiers)?;
    Ok(Html(page(&state, &user, id, none()).await?))
}

/// Re-renders the page with the service's refusal, keeping what was typed.
async fn refused(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    e: CycleError,
    typed: Option<ScoreSheet>,
    decision: DecisionForm,
) -> Result<Response, WebError> {
    let kept = Extra {
        decision,
        typed,
        ..none()
    };
    refused_keeping(state, user, id, e, kept).await
}

/// [`refused`], keeping whatever `kept` holds of what was typed.
async fn refused_keeping(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    e: CycleError,
    kept: Extra,
) -> Result<Response, WebError> {
    use ocop_app::error::{Classify as _, Kind};
    match e {
        // What the person can put right (or a step someone else took first)
        // is said on the page; out of reach, nothing there or a fault is
        // answered by its kind.
        e if !matches!(e.kind(), Kind::Invalid | Kind::Conflict) => Err(WebError::service(e)),
        other => {
            // A refusal tied to one field of the decision form is said there.
            let field_error = other.field().map(|f| (f, other.to_string()));
            let extra = Extra {
                error: field_error.is_none().then(|| other.to_string()),
                field_error,
                ..kept
            };
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                Html(page(state, user, id, extra).await?),
            )
                .into_response())
        }
    }
}

/// Back to the dossier on success; otherwise the page with the refusal,
/// keeping what was chosen.
pub(super) async fn back_or_refused<T>(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    result: Result<T, CycleError>,
    typed: Option<ScoreSheet>,
) -> Result<Response, WebError> {
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/quan-tri/ho-so/{id}")).into_response()),
        Err(e) => refused(state, user, id, e, typed, Default::default()).await,
    }
}
