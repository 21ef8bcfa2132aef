//! Chu trình OCOP — one round, from a producer's dossier to a published
//! certificate. The domain's state machine decides which step is possible
//! for which role; this service adds the person's scope (whose product,
//! which commune, which council) and the council arithmetic.

use crate::Clock;
use ocop_domain::access::Role;
use ocop_domain::certificate::CertificateValidity;
use ocop_domain::criteria::{CriteriaSet, ScoreError, ScoreSheet, council_result, score};
use ocop_domain::dossier::{
    DossierAction, DossierFacts, DossierState, TransitionError, transition,
};
use ocop_store::cycle::{By, DossierRow, Recognition};
use ocop_store::{Store, StoreError};
use std::collections::BTreeMap;
use thiserror::Error;

mod board;
mod council;
mod error;
mod evidence;
mod recognition;
mod schedule;

pub use crate::scope::Sight;
pub use board::*;
pub use council::*;
pub use error::CycleError;
pub use evidence::*;
pub use recognition::*;
pub use schedule::*;

/// The person acting, with the reach of their role.
#[derive(Debug, Clone)]
pub struct Actor {
    pub username: String,
    pub role: Role,
    pub province_code: String,
    pub commune_code: Option<String>,
    /// A district officer's district, for records before 1 July 2025.
    pub district_code: Option<String>,
    pub producer_id: Option<i64>,
    /// A department officer's agency (sở), whose product groups bound its reach.
    pub agency_code: Option<String>,
}

impl Actor {
    fn by<'a>(&'a self, at: &'a str) -> By<'a> {
        By {
            actor: &self.username,
            at,
        }
    }
}

/// A member whose total sits this far from the council's median is flagged.
pub const OUTLIER_POINTS: i64 = 10;

async fn load(store: &Store, id: i64) -> Result<(DossierRow, DossierState), CycleError> {
    let d = store
        .dossier(id)
        .await?
        .ok_or(CycleError::NotFound("hồ sơ"))?;
    let state = d.state;
    Ok((d, state))
}

async fn criteria(store: &Store, id: &str) -> Result<CriteriaSet, CycleError> {
    Ok(crate::rules::set(store, id)
        .await?
        .ok_or(CycleError::NotFound("bộ tiêu chí"))?
        .0)
}

fn parse_choices(
    set: &CriteriaSet,
    choices: &BTreeMap<String, String>,
) -> Result<(ScoreSheet, String), CycleError> {
    let sheet = ScoreSheet::from_ids(choices.clone());
    score(set, &sheet)?;
    let json = serde_json::to_string(choices).map_err(CycleError::Encode)?;
    Ok((sheet, json))
}

/// Opens a dossier for a product in a round (first evaluation, upgrade or
/// re-evaluation), evaluated with the product's criteria set.
pub async fn open_dossier(
    store: &Store,
    clock: &dyn Clock,
    actor: &Actor,
    round_id: i64,
    product_slug: &str,
    kind: &str,
) -> Result<i64, CycleError> {
    let kind = ocop_domain::dossier::DossierKind::parse(kind).ok_or(CycleError::UnknownKind)?;
    let round = store
        .round(round_id)
        .await?
        .ok_or(CycleError::NotFound("đợt đánh giá"))?;
    let product = store
        .product_by_slug(&actor.province_code, product_slug)
        .await?
        .ok_or(CycleError::NotFound("sản phẩm"))?;
    let facts = store
        .producer_facts(&actor.province_code, &product.summary.producer_slug)
        .await?
        .ok_or(CycleError::NotFound("chủ thể"))?;
    let allowed = crate::scope::Sight::load(store, actor)
        .await?
        .acts_for(&facts);
    if !allowed || round.province_code != actor.province_code {
        return Err(crate::scope::ReachError::DossierOutOfReach.into());
    }
    let set = product.criteria_set.ok_or(CycleError::NoCriteriaSet)?;
    Ok(store
        .create_dossier(
            &actor.province_code,
            round_id,
            product.summary.id,
            kind,
            &set,
            actor.by(&clock.stamp()),
        )
        .await?)
}

/// The producer's self-assessment (form 02), kept with the dossier and
/// comparable later with the council's result.
pub async fn save_self_assessment(
    store: &Store,
    clock: &dyn Clock,
    actor: &Actor,
    id: i64,
    choices: &BTreeMap<String, String>,
) -> Result<(), CycleError> {
    let (d, state) = load(store, id).await?;
    if !crate::scope::Sight::load(store, actor)
        .await?
        .prepares_row(&d)
    {
        return Err(crate::scope::ReachError::DossierOutOfReach.into());
    }
    if !matches!(state, DossierState::Draft | DossierState::Returned) {
        return Err(CycleError::SelfAssessmentClosed(state));
    }
    let set = criteria(store, &d.criteria_set).await?;
    let (sheet, json) = parse_choices(&set, choices)?;
    let r = score(&set, &sheet)?;
    store
        .save_assessment(
            id,
            ocop_store::cycle::Assessment::Own {
                total: i64::from(r.total),
                stars: i64::from(r.stars),
            },
            state.code(),
            &json,
            actor.by(&clock.stamp()),
        )
        .await?;
    Ok(())
}

/// The commune's scores for its own criteria.
pub async fn save_commune_assessment(
    store: &Store,
    clock: &dyn Clock,
    actor: &Actor,
    id: i64,
    choices: &BTreeMap<String, String>,
) -> Result<(), CycleError> {
    let (d, state) = load(store, id).await?;
    if !crate::scope::Sight::load(store, actor)
        .await?
        .scores_row_for_commune(&d)
    {
        return Err(CycleError::CommuneOnly);
    }
    if state != DossierState::Submitted {
        return Err(CycleError::CommuneScoresAfterSubmission);
    }
    let set = criteria(store, &d.criteria_set).await?;
    let assigned = set.commune_criteria();
    if let Some(extra) = choices.keys().find(|k| !assigned.contains(&k.as_str())) {
        return Err(CycleError::NotCommuneCriterion {
            criterion: extra.clone(),
            set: set.meta.number.to_string(),
            assigned: assigned.iter().map(|a| (*a).to_owned()).collect(),
        });
    }
    let (_, json) = parse_choices(&set, choices)?;
    store
        .save_assessment(
            id,
            ocop_store::cycle::Assessment::Commune,
            state.code(),
            &json,
            actor.by(&clock.stamp()),
        )
        .await?;
    Ok(())
}

async fn facts_for(store: &Store, d: &DossierRow) -> Result<DossierFacts, CycleError> {
    let set = criteria(store, &d.criteria_set).await?;
    let commune_done = d.commune_assessment.as_ref().is_some_and(|m| {
        set.commune_criteria()
            .iter()
            .all(|c| m.choices.contains_key(*c))
    });
    // The round is read once: its procedure names the council's rule too.
    let procedure = round_procedure(store, d.round_id).await?;
    let progress = council_progress(store, d, &set, procedure).await?;
    Ok(DossierFacts {
        procedure,
        form_complete: d.self_assessment.is_some(),
        evidence_complete: missing_evidence(store, d, &set).await?.is_empty(),
        has_comments: false,
        commune_criteria_scored: commune_done,
        sheets_submitted: progress.counted.len(),
        quorum: progress.needed,
        certifiable: d
            .council_stars
            .and_then(|s| ocop_domain::Stars::new(s).ok())
            .is_some_and(ocop_domain::Stars::certifiable),
    })
}

/// The procedure a round follows, as stored.
async fn round_procedure(
    store: &Store,
    round_id: i64,
) -> Result<ocop_domain::ProcedureVersion, CycleError> {
    let round = store
        .round(round_id)
        .await?
        .ok_or(CycleError::NotFound("đợt đánh giá"))?;
    Ok(round.procedure)
}

/// Takes a step that needs no extra data: submit, return (with a comment),
/// resubmit, pre-assess, review, open the council, reject, withdraw.
pub async fn act(
    store: &Store,
    clock: &dyn Clock,
    actor: &Actor,
    id: i64,
    action: DossierAction,
    comment: Option<&str>,
) -> Result<DossierState, CycleError> {
    if matches!(
        action,
        DossierAction::CloseScoring | DossierAction::Recognise
    ) {
        return Err(CycleError::OwnScreen);
    }
    let (d, state) = load(store, id).await?;
    if !crate::scope::reaches_dossier(store, actor, &d).await? {
        return Err(crate::scope::ReachError::DossierOutOfReach.into());
    }
    let mut facts = facts_for(store, &d).await?;
    facts.has_comments = comment.is_some_and(|c| !c.trim().is_empty());
    if matches!(action, DossierAction::Submit | DossierAction::Resubmit)
        && facts.form_complete
        && !facts.evidence_complete
    {
        // The state and the role first; then what is missing, by name.
        let proven = DossierFacts {
            evidence_complete: true,
            ..facts
        };
        transition(state, action, actor.role, &proven)?;
        let set = criteria(store, &d.criteria_set).await?;
        return Err(CycleError::MissingEvidence {
            missing: missing_evidence(store, &d, &set).await?,
        });
    }
    let to = transition(state, action, actor.role, &facts)?;
    let stamp = clock.stamp();
    let tell = crate::notify::step_notice(store, &d, action, &actor.username, comment).await?;
    match (action, comment) {
        (DossierAction::ReopenScoring, Some(reason)) => {
            store
                .reopen_sheets(id, reason.trim(), actor.by(&stamp), tell.as_ref())
                .await?;
        }
        _ => {
            store
                .move_dossier(
                    id,
                    ocop_store::cycle::Move {
                        from: state.code(),
                        to: to.code(),
                        action: action.code(),
                        comment: comment.map(str::trim),
                    },
                    actor.by(&stamp),
                    tell.as_ref(),
                )
                .await?;
        }
    }
    Ok(to)
}
