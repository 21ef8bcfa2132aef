//! Quyết định — the recognition decision form.

use super::*;
use ocop_domain::signature::SignAs;

/// The decision as typed: kept when it is refused.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct DecisionForm {
    pub(super) number: String,
    pub(super) issued_on: String,
    /// Thẩm quyền ký, a [`SignAs`] code.
    pub(super) sign_as: String,
    pub(super) signer: String,
}

impl DecisionForm {
    /// The capacities offered, with the one chosen (the head by default).
    pub(super) fn capacities(&self) -> Vec<(&'static str, &'static str, bool)> {
        let chosen = SignAs::parse(&self.sign_as).unwrap_or(SignAs::Head);
        SignAs::ALL
            .into_iter()
            .map(|s| (s.code(), s.label_vi("UBND tỉnh"), s == chosen))
            .collect()
    }
}

pub async fn recognise(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(f): Form<DecisionForm>,
) -> Result<Response, WebError> {
    user.require(Permission::Dossiers)?;
    ensure_visible(&state, &user, id).await?;
    let typed = f.clone();
    // The form offers the head checked; a request without the field means it.
    let capacity = if f.sign_as.trim().is_empty() {
        Ok(SignAs::Head)
    } else {
        SignAs::parse(&f.sign_as)
    };
    let Ok(sign_as) = capacity else {
        return refused(
            &state,
            &user,
            id,
            CycleError::Field {
                field: "sign_as",
                message: ocop_domain::signature::UnknownCapacity.to_string(),
            },
            None,
            typed,
        )
        .await;
    };
    let Ok(date) = chrono::NaiveDate::parse_from_str(f.issued_on.trim(), "%Y-%m-%d") else {
        return refused(&state, &user, id, CycleError::DecisionDate, None, typed).await;
    };
    match cycle::recognise(
        &state.store,
        state.clock.as_ref(),
        &actor(&user),
        id,
        cycle::DecisionInput {
            number: &f.number,
            issued_on: date,
            sign_as,
            signer: &f.signer,
        },
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/quan-tri/ho-so/{id}")).into_response()),
        Err(e) => refused(&state, &user, id, e, None, typed).await,
    }
}
