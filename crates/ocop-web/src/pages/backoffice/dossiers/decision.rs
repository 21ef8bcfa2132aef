//! Quyết định — the recognition decision form.

use super::*;

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct DecisionForm {
    number: String,
    issued_on: String,
    signer: String,
}

pub async fn recognise(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(f): Form<DecisionForm>,
) -> Result<Response, WebError> {
    user.require(Permission::Dossiers)?;
    ensure_visible(&state, &user, id).await?;
    let typed = (f.number.clone(), f.issued_on.clone(), f.signer.clone());
    let Ok(date) = chrono::NaiveDate::parse_from_str(f.issued_on.trim(), "%Y-%m-%d") else {
        return refused(
            &state,
            &user,
            id,
            CycleError::Invalid("Ngày ký quyết định không hợp lệ.".into()),
            None,
            typed,
        )
        .await;
    };
    match cycle::recognise(
        &state.store,
        state.clock.as_ref(),
        &actor(&user),
        id,
        &f.number,
        date,
        &f.signer,
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/quan-tri/ho-so/{id}")).into_response()),
        Err(e) => refused(&state, &user, id, e, None, typed).await,
    }
}
