//! Hồ sơ — the list of dossiers a person may see.

use super::*;

pub struct Line {
    pub href: String,
    pub product: String,
    pub round: String,
    pub commune: String,
    pub state: String,
}

#[derive(Template)]
#[template(path = "bo_dossiers.html")]
struct ListPage {
    css: &'static str,
    title: String,
    dossiers: Vec<Line>,
    may_open: bool,
}

/// The dossiers this person may see, as the list shows them.
pub(in crate::pages::backoffice) async fn visible_lines(
    state: &AppState,
    user: &CurrentUser,
) -> Result<Vec<Line>, WebError> {
    let a = actor(user);
    let sight = ocop_app::scope::Sight::load(&state.store, &a).await?;
    let mut dossiers = Vec::new();
    for l in state
        .store
        .dossier_lines_within(&state.province.code, None, &sight.dossier_filter())
        .await?
    {
        if sight.sees(&l) {
            dossiers.push(Line {
                href: format!("/quan-tri/ho-so/{}", l.id),
                product: l.product_name,
                round: l.round_label,
                commune: l
                    .commune_name
                    .unwrap_or_else(|| crate::pages::UNKNOWN.into()),
                state: l.state.label_vi().to_owned(),
            });
        }
    }
    Ok(dossiers)
}

pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Html<String>, WebError> {
    user.require(Permission::Dossiers)?;
    let dossiers = visible_lines(&state, &user).await?;
    let may_open = matches!(
        user.role,
        Role::Producer | Role::Commune | Role::Office | Role::Admin
    );
    Ok(Html(
        ListPage {
            css: crate::assets::css_href(),
            title: "Hồ sơ OCOP".into(),
            dossiers,
            may_open,
        }
        .render()?,
    ))
}
