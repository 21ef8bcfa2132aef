//! Phạm vi — the person's reach, loaded once per request, asked of the one
//! rule in [`ocop_domain::scope`]. Services call [`producer_in_reach`],
//! [`producer_in_view`] and [`dossier_in_reach`] before they read or write;
//! pages call [`Sight`] for lists and buttons.

use crate::cycle::Actor;
use ocop_domain::access::Role;
use ocop_domain::agency::Leads;
use ocop_domain::scope::{DossierFilter, DossierPlace, ProducerPlace, Reach};
use ocop_store::catalog::ProducerFacts;
use ocop_store::cycle::{DossierLine, DossierRow};
use ocop_store::{Store, StoreError};

/// What reach over a dossier is decided by, from a list line or a whole row.
struct DossierFields<'p> {
    producer_id: i64,
    province_code: &'p str,
    commune_code_2025: Option<&'p str>,
    district_code_pre2025: Option<&'p str>,
    criteria_set: &'p str,
    group_code: Option<&'p str>,
    round_id: i64,
    state: ocop_domain::dossier::DossierState,
}

/// What an actor reaches, loaded once per request so that a list does not
/// query the store for every line.
pub struct Sight<'a> {
    actor: &'a Actor,
    /// Rounds the actor sits in (council member or adviser).
    rounds: Vec<i64>,
    /// Who leads which set and group (read for a department officer).
    leads: Leads,
}

impl<'a> Sight<'a> {
    /// Whose reach this is.
    pub fn actor(&self) -> &'a Actor {
        self.actor
    }

    pub async fn load(store: &Store, actor: &'a Actor) -> Result<Self, StoreError> {
        let rounds = match actor.role {
            Role::Council => store.rounds_of_member(&actor.username).await?,
            Role::Advisory => store.rounds_of_adviser(&actor.username).await?,
            _ => Vec::new(),
        };
        let leads = match actor.role {
            Role::Department => store.department_leads(&actor.province_code).await?,
            _ => Leads::default(),
        };
        Ok(Self {
            actor,
            rounds,
            leads,
        })
    }

    /// The person, as the domain rule reads them.
    pub fn reach(&self) -> Reach<'_> {
        let a = self.actor;
        Reach {
            role: a.role,
            province_code: &a.province_code,
            commune_code: a.commune_code.as_deref(),
            district_code: a.district_code.as_deref(),
            agency: a.agency_code.as_deref(),
            producer_id: a.producer_id,
            seated_rounds: &self.rounds,
        }
    }

    fn producer_place<'p>(&'p self, p: &'p ProducerFacts) -> ProducerPlace<'p> {
        ProducerPlace {
            id: p.id,
            province_code: &p.province_code,
            commune_code_2025: p.commune_code_2025.as_deref(),
            district_codes_pre2025: p
                .district_codes_pre2025
                .iter()
                .map(String::as_str)
                .collect(),
            departments: p
                .products
                .iter()
                .filter_map(|(set, group)| self.leads.lead_of(set.as_deref(), group.as_deref()))
                .map(|(code, _)| code)
                .collect(),
        }
    }

    fn dossier_place<'p>(&'p self, d: DossierFields<'p>) -> DossierPlace<'p> {
        DossierPlace {
            producer: ProducerPlace {
                id: d.producer_id,
                province_code: d.province_code,
                commune_code_2025: d.commune_code_2025,
                district_codes_pre2025: d.district_code_pre2025.into_iter().collect(),
                // The department leading this dossier's product: by its set
                // where the province named one, else by its group.
                departments: self
                    .leads
                    .lead_of(Some(d.criteria_set), d.group_code)
                    .map(|(code, _)| code)
                    .into_iter()
                    .collect(),
            },
            round_id: d.round_id,
            state: d.state,
        }
    }

    /// May see this dossier (listing, its page, its steps).
    pub fn sees(&self, line: &DossierLine) -> bool {
        self.reach()
            .sees_dossier(&self.dossier_place(DossierFields {
                producer_id: line.producer_id,
                province_code: &line.province_code,
                commune_code_2025: line.commune_code_2025.as_deref(),
                district_code_pre2025: line.district_code_pre2025.as_deref(),
                criteria_set: &line.criteria_set,
                group_code: line.group_code.as_deref(),
                round_id: line.round_id,
                state: line.state,
            }))
    }

    /// [`Self::sees`] for a dossier a step has already read whole.
    pub fn sees_row(&self, d: &DossierRow) -> bool {
        self.reach().sees_dossier(&self.row_place(d))
    }

    fn row_place<'p>(&'p self, d: &'p DossierRow) -> DossierPlace<'p> {
        self.dossier_place(DossierFields {
            producer_id: d.producer_id,
            province_code: &d.province_code,
            commune_code_2025: d.commune_code_2025.as_deref(),
            district_code_pre2025: d.district_code_pre2025.as_deref(),
            criteria_set: &d.criteria_set,
            group_code: d.group_code.as_deref(),
            round_id: d.round_id,
            state: d.state,
        })
    }

    /// May prepare this dossier's self-assessment and evidence.
    pub fn prepares_row(&self, d: &DossierRow) -> bool {
        self.reach().prepares_dossier(&self.row_place(d))
    }

    /// May score this dossier on a council sheet.
    pub fn scores_row_in_council(&self, d: &DossierRow) -> bool {
        self.reach().scores_in_council(d.round_id)
    }

    /// May score the commune's criteria of this dossier.
    pub fn scores_row_for_commune(&self, d: &DossierRow) -> bool {
        self.reach().scores_for_commune(&self.row_place(d))
    }

    /// May see this producer's back-office record.
    pub fn sees_producer(&self, p: &ProducerFacts) -> bool {
        self.reach().sees_producer(&self.producer_place(p))
    }

    /// May act for this producer (documents, photos, batches, dossiers).
    pub fn acts_for(&self, p: &ProducerFacts) -> bool {
        self.reach().acts_for_producer(&self.producer_place(p))
    }

    /// May see who sits on this round's council.
    pub fn sees_council(&self, round_id: i64) -> bool {
        self.reach().sees_council(round_id)
    }

    /// May decide on this application to register.
    pub fn decides_registration(&self, r: &ocop_store::registrations::Registration) -> bool {
        self.reach()
            .decides_registration(&r.province_code, r.commune_code.as_deref())
    }

    /// How the store narrows a dossier list for this person.
    pub fn dossier_filter(&self) -> DossierFilter {
        self.reach().dossier_filter()
    }
}

/// Why a person was not let through to a record (or there was none).
#[derive(Debug, thiserror::Error)]
pub enum ReachError {
    #[error("Chủ thể này nằm ngoài phạm vi được giao cho tài khoản.")]
    ProducerOutOfReach,
    #[error("Hồ sơ này nằm ngoài phạm vi được giao cho tài khoản.")]
    DossierOutOfReach,
    #[error("không tìm thấy chủ thể")]
    NoProducer,
    #[error("không tìm thấy hồ sơ")]
    NoDossier,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl crate::error::Classify for ReachError {
    fn kind(&self) -> crate::error::Kind {
        use crate::error::Kind;
        match self {
            Self::ProducerOutOfReach | Self::DossierOutOfReach => Kind::Forbidden,
            Self::NoProducer | Self::NoDossier => Kind::NotFound,
            Self::Store(e) => e.kind(),
        }
    }
}

async fn producer(store: &Store, actor: &Actor, slug: &str) -> Result<ProducerFacts, ReachError> {
    store
        .producer_facts(&actor.province_code, slug)
        .await?
        .ok_or(ReachError::NoProducer)
}

/// The producer behind `slug`, if the person may act for it. Checked
/// before a form body is read.
pub async fn producer_in_reach(
    store: &Store,
    actor: &Actor,
    slug: &str,
) -> Result<ProducerFacts, ReachError> {
    let p = producer(store, actor, slug).await?;
    if Sight::load(store, actor).await?.acts_for(&p) {
        Ok(p)
    } else {
        Err(ReachError::ProducerOutOfReach)
    }
}

/// A producer whose record the person may see, and whether they may also
/// act for it (one reading of their reach for both).
pub struct InView {
    pub facts: ProducerFacts,
    pub acts: bool,
}

/// The producer behind `slug`, if the person may see its record.
pub async fn producer_in_view(
    store: &Store,
    actor: &Actor,
    slug: &str,
) -> Result<InView, ReachError> {
    let facts = producer(store, actor, slug).await?;
    let sight = Sight::load(store, actor).await?;
    if sight.sees_producer(&facts) {
        let acts = sight.acts_for(&facts);
        Ok(InView { facts, acts })
    } else {
        Err(ReachError::ProducerOutOfReach)
    }
}

/// The dossier `id`'s line, if the person may see it: one indexed read, not
/// the province's list.
pub async fn dossier_in_reach(
    store: &Store,
    actor: &Actor,
    id: i64,
) -> Result<DossierLine, ReachError> {
    let line = store
        .dossier_line(&actor.province_code, id)
        .await?
        .ok_or(ReachError::NoDossier)?;
    if Sight::load(store, actor).await?.sees(&line) {
        Ok(line)
    } else {
        Err(ReachError::DossierOutOfReach)
    }
}

/// Whether the person may see this dossier, already read whole (no second read).
pub(crate) async fn reaches_dossier(
    store: &Store,
    actor: &Actor,
    d: &DossierRow,
) -> Result<bool, StoreError> {
    Ok(Sight::load(store, actor).await?.sees_row(d))
}
