//! Các bước — self-assessment, the commune's pre-assessment and the
//! state-machine steps with their comments.

use super::*;

pub(super) fn choices(fields: Vec<(String, String)>) -> BTreeMap<String, String> {
    fields
        .into_iter()
        .filter(|(k, v)| !v.is_empty() && !k.starts_with('_'))
        .collect()
}

pub async fn self_assessment(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(f): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    user.require(Permission::Dossiers)?;
    ensure_visible(&state, &user, id).await?;
    let c = choices(f);
    let result =
        cycle::save_self_assessment(&state.store, state.clock.as_ref(), &actor(&user), id, &c)
            .await;
    back_or_refused(&state, &user, id, result, Some(ScoreSheet::from_ids(c))).await
}

pub async fn commune_assessment(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(f): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    user.require(Permission::Dossiers)?;
    ensure_visible(&state, &user, id).await?;
    let c = choices(f);
    let result =
        cycle::save_commune_assessment(&state.store, state.clock.as_ref(), &actor(&user), id, &c)
            .await;
    back_or_refused(&state, &user, id, result, Some(ScoreSheet::from_ids(c))).await
}

/// The step form: `action`, a general `comment`, and rows of
/// `item_criterion` / `item_comment` for comments on particular criteria.
pub(super) fn step_comment(fields: &[(String, String)]) -> Option<String> {
    let value = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_default()
    };
    let criteria = fields
        .iter()
        .filter(|(k, _)| k == "item_criterion")
        .map(|(_, v)| v.trim());
    let comments = fields
        .iter()
        .filter(|(k, _)| k == "item_comment")
        .map(|(_, v)| v.trim());
    let mut lines: Vec<String> = Vec::new();
    let general = value("comment");
    if !general.is_empty() {
        lines.push(general);
    }
    for (criterion, comment) in criteria.zip(comments).filter(|(_, c)| !c.is_empty()) {
        lines.push(if criterion.is_empty() {
            comment.to_owned()
        } else {
            format!("Tiêu chí {criterion}: {comment}")
        });
    }
    (!lines.is_empty()).then(|| lines.join("\n"))
}

pub async fn act(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    user.require(Permission::Dossiers)?;
    ensure_visible(&state, &user, id).await?;
    let code = fields
        .iter()
        .find(|(k, _)| k == "action")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let Some(action) = DossierAction::ALL.into_iter().find(|a| a.code() == code) else {
        return Err(WebError::BadRequest(format!("không có hành động «{code}»")));
    };
    let comment = step_comment(&fields);
    match cycle::act(
        &state.store,
        state.clock.as_ref(),
        &actor(&user),
        id,
        action,
        comment.as_deref(),
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/quan-tri/ho-so/{id}")).into_response()),
        Err(e) => refused(&state, &user, id, e, None, Default::default()).await,
    }
}
