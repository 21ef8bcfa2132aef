//! Mở hồ sơ mới — the form that opens a dossier for a product in a round.

use super::*;
use ocop_domain::dossier::DossierKind;

#[derive(Template)]
#[template(path = "bo_dossier_new.html")]
struct NewPage {
    css: &'static str,
    title: String,
    rounds: Vec<(i64, String)>,
    products: Vec<(String, String)>,
    round: String,
    product: String,
    kind: String,
    /// Every kind of dossier, as the domain names them.
    kinds: Vec<(&'static str, &'static str)>,
    error: Option<String>,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct NewDossier {
    round: String,
    product: String,
    kind: String,
}

pub(super) async fn new_page(
    state: &AppState,
    user: &CurrentUser,
    f: &NewDossier,
    error: Option<String>,
) -> Result<String, WebError> {
    let rounds = state
        .store
        .rounds(&state.province.code)
        .await?
        .into_iter()
        .map(|r| (r.id, r.label))
        .collect();
    // The products this person may file for: its own, its commune's, or all.
    let all = state
        .store
        .list_products(
            &state.province.code,
            &ocop_store::catalog::ProductFilter::default(),
        )
        .await?;
    let mut products = Vec::new();
    for p in all {
        let ok = match user.role {
            Role::Office | Role::Admin => true,
            Role::Producer => state
                .store
                .producer_facts(&state.province.code, &p.producer_slug)
                .await?
                .is_some_and(|f| Some(f.id) == user.user.producer_id),
            Role::Commune => state
                .store
                .producer_facts(&state.province.code, &p.producer_slug)
                .await?
                .is_some_and(|f| {
                    f.commune_code_2025.is_some() && f.commune_code_2025 == user.user.commune_code
                }),
            _ => false,
        };
        if ok {
            products.push((p.slug, format!("{} — {}", p.name, p.producer_name)));
        }
    }
    Ok(NewPage {
        css: crate::assets::css_href(),
        title: "Mở hồ sơ".into(),
        rounds,
        products,
        round: f.round.clone(),
        product: f.product.clone(),
        kind: if f.kind.is_empty() {
            DossierKind::First.code().into()
        } else {
            f.kind.clone()
        },
        kinds: DossierKind::ALL
            .iter()
            .map(|k| (k.code(), k.label_vi()))
            .collect(),
        error,
    }
    .render()?)
}

/// The form, pre-chosen from the address when a reminder or the
/// certificate register links here (`?product=…&kind=reevaluation`): one
/// click opens the re-evaluation, pre-filled from the last dossier.
pub async fn new_form(
    State(state): State<AppState>,
    user: CurrentUser,
    axum::extract::Query(start): axum::extract::Query<NewDossier>,
) -> Result<Html<String>, WebError> {
    user.require(Permission::Dossiers)?;
    Ok(Html(new_page(&state, &user, &start, None).await?))
}

pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(f): Form<NewDossier>,
) -> Result<Response, WebError> {
    user.require(Permission::Dossiers)?;
    let round = f.round.trim().parse::<i64>().unwrap_or(0);
    match cycle::open_dossier(
        &state.store,
        state.clock.as_ref(),
        &actor(&user),
        round,
        f.product.trim(),
        f.kind.trim(),
    )
    .await
    {
        Ok(id) => Ok(Redirect::to(&format!("/quan-tri/ho-so/{id}")).into_response()),
        Err(CycleError::Store(e)) if e.is_unique_violation() => {
            let msg = "Sản phẩm này đã có hồ sơ trong đợt này.".to_owned();
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                Html(new_page(&state, &user, &f, Some(msg)).await?),
            )
                .into_response())
        }
        Err(e)
            if matches!(
                ocop_app::error::Classify::kind(&e),
                ocop_app::error::Kind::Invalid
                    | ocop_app::error::Kind::NotFound
                    | ocop_app::error::Kind::Forbidden
            ) =>
        {
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                Html(new_page(&state, &user, &f, Some(e.to_string())).await?),
            )
                .into_response())
        }
        Err(e) => Err(WebError::service(e)),
    }
}
