//! Phạm vi — whose dossiers a person reaches (own producer, own commune,
//! the round's council and advisers) and what a list may show them.

use super::*;

/// Is the product within the actor's reach (own producer, own commune, or the office)?
pub(super) fn reaches(actor: &Actor, d: &DossierRow) -> bool {
    if actor.province_code != d.province_code {
        return false;
    }
    if d.state == DossierState::Draft.code() && !ocop_domain::access::may_read_draft(actor.role) {
        return false;
    }
    match actor.role {
        Role::Admin | Role::Office => true,
        Role::Producer => actor.producer_id == Some(d.producer_id),
        Role::Commune => actor.commune_code.is_some() && actor.commune_code == d.commune_code_2025,
        Role::Department | Role::Council | Role::Advisory => true,
    }
}

/// [`reaches`], and for an adviser: seated in the dossier's round.
pub(super) async fn in_reach(
    store: &Store,
    actor: &Actor,
    d: &DossierRow,
) -> Result<bool, CycleError> {
    Ok(reaches(actor, d)
        && (actor.role != Role::Advisory
            || store
                .rounds_of_adviser(&actor.username)
                .await?
                .contains(&d.round_id)))
}

pub(super) fn out_of_reach() -> CycleError {
    CycleError::Forbidden("Hồ sơ này nằm ngoài phạm vi được giao cho tài khoản.".into())
}

/// What an actor may see of the dossiers, loaded once per request so that a
/// list does not query the store for every line.
pub struct Sight {
    /// Rounds the actor sits in (council member or adviser).
    rounds: Vec<i64>,
    /// Who leads which set and group (department officer).
    leads: ocop_domain::agency::Leads,
}

impl Sight {
    pub async fn load(store: &Store, actor: &Actor) -> Result<Self, CycleError> {
        let rounds = match actor.role {
            Role::Council => store.rounds_of_member(&actor.username).await?,
            Role::Advisory => store.rounds_of_adviser(&actor.username).await?,
            _ => Vec::new(),
        };
        let leads = match actor.role {
            Role::Department => store.department_leads(&actor.province_code).await?,
            _ => ocop_domain::agency::Leads::default(),
        };
        Ok(Self { rounds, leads })
    }

    /// Whether the actor may see this dossier at all (listing and its page).
    pub fn sees(&self, actor: &Actor, line: &ocop_store::cycle::DossierLine) -> bool {
        if line.state == DossierState::Draft.code()
            && !ocop_domain::access::may_read_draft(actor.role)
        {
            return false;
        }
        match actor.role {
            Role::Admin | Role::Office => true,
            Role::Council | Role::Advisory => self.rounds.contains(&line.round_id),
            // A sector department follows the products it leads: by set where
            // the province named one, else by group.
            Role::Department => self
                .leads
                .lead_of(Some(&line.criteria_set), line.group_code.as_deref())
                .is_some_and(|(code, _)| actor.agency_code.as_deref() == Some(code)),
            Role::Producer => actor.producer_id == Some(line.producer_id),
            Role::Commune => {
                actor.commune_code.is_some() && actor.commune_code == line.commune_code_2025
            }
        }
    }
}

/// [`Sight::sees`] for a single dossier.
pub async fn may_see(
    store: &Store,
    actor: &Actor,
    line: &ocop_store::cycle::DossierLine,
) -> Result<bool, CycleError> {
    Ok(Sight::load(store, actor).await?.sees(actor, line))
}
