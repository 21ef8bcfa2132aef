//! Phạm vi — who reaches which producer, dossier, round and product group.
//!
//! The one place that answers "may this person see or act on that?" once a
//! route's [`Permission`](crate::access::Permission) has let them in: the
//! services ask [`Reach`] before every read and write, the pages ask it for
//! their buttons and lists, the store narrows its queries with
//! [`Reach::dossier_filter`]. A table-driven test over every role and object
//! kind (`tests::the_table`) pins the whole rule.

use crate::access::{Permission, Role};
use crate::dossier::DossierState;

/// The signed-in person's reach (phạm vi được giao).
#[derive(Debug, Clone)]
pub struct Reach<'a> {
    pub role: Role,
    pub province_code: &'a str,
    /// A commune officer's commune (2025 scheme).
    pub commune_code: Option<&'a str>,
    /// A district officer's district (before 1 July 2025).
    pub district_code: Option<&'a str>,
    /// A department officer's agency (sở, ngành), whose product groups bound
    /// its reach.
    pub agency: Option<&'a str>,
    /// A producer's own organisation.
    pub producer_id: Option<i64>,
    /// Rounds whose council or advisory group seats this person.
    pub seated_rounds: &'a [i64],
}

/// Where a producer is and which departments lead its products (by set,
/// else group: [`crate::agency::Leads::lead_of`]).
#[derive(Debug, Clone, Default)]
pub struct ProducerPlace<'a> {
    pub id: i64,
    pub province_code: &'a str,
    pub commune_code_2025: Option<&'a str>,
    pub district_codes_pre2025: Vec<&'a str>,
    pub departments: Vec<&'a str>,
}

/// A dossier as reach needs it: whose product, where, in which round, in
/// which state, led by which department.
#[derive(Debug, Clone)]
pub struct DossierPlace<'a> {
    pub producer: ProducerPlace<'a>,
    pub round_id: i64,
    pub state: DossierState,
}

/// How a store narrows a list of dossiers to a person's reach before the
/// rows are read; [`Reach::sees_dossier`] still decides each line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DossierFilter {
    /// Every dossier of the province.
    Province,
    /// One producer's.
    Producer(i64),
    /// Of producers in a commune (2025) or a pre-2025 district.
    Area {
        commune: Option<String>,
        district: Option<String>,
    },
    /// Of the rounds the person sits in.
    Rounds(Vec<i64>),
    /// None at all.
    Nothing,
}

impl Reach<'_> {
    /// The producer lies in the officer's commune, or (for records before
    /// the 2025 reform) in the officer's district.
    fn in_area(&self, p: &ProducerPlace<'_>) -> bool {
        self.commune_code
            .is_some_and(|c| p.commune_code_2025 == Some(c))
            || self
                .district_code
                .is_some_and(|d| p.district_codes_pre2025.contains(&d))
    }

    fn leads(&self, p: &ProducerPlace<'_>) -> bool {
        self.agency.is_some_and(|a| p.departments.contains(&a))
    }

    /// Is this commune (2025 scheme) the officer's own?
    pub fn is_own_commune(&self, commune_code_2025: Option<&str>) -> bool {
        self.role == Role::Commune
            && self.commune_code.is_some()
            && self.commune_code == commune_code_2025
    }

    /// May decide on an application to register (đơn đăng ký) filed in this
    /// province and commune: the office, and the commune's officer.
    pub fn decides_registration(
        &self,
        province_code: &str,
        commune_code_2025: Option<&str>,
    ) -> bool {
        self.province_code == province_code
            && match self.role {
                Role::Admin | Role::Office => true,
                Role::Commune => self.is_own_commune(commune_code_2025),
                _ => false,
            }
    }

    /// May see this producer's back-office record: the office, the producer
    /// itself, its commune (or pre-2025 district) and the departments that
    /// lead one of its products.
    pub fn sees_producer(&self, p: &ProducerPlace<'_>) -> bool {
        let role = self.role;
        if !role.can(Permission::ViewProducer) || self.province_code != p.province_code {
            return false;
        }
        match role {
            Role::Admin | Role::Office => true,
            Role::Department => self.leads(p),
            Role::Commune => self.in_area(p),
            Role::Producer => self.producer_id == Some(p.id),
            Role::Council | Role::Advisory => false,
        }
    }

    /// May act for this producer (keep documents, photos, batches, points
    /// of sale, open a dossier, correct the registration): the producer
    /// itself, its commune officer and the office. A department follows,
    /// it does not write the producer's record.
    pub fn acts_for_producer(&self, p: &ProducerPlace<'_>) -> bool {
        let role = self.role;
        if self.province_code != p.province_code {
            return false;
        }
        match role {
            Role::Admin | Role::Office => true,
            Role::Producer => self.producer_id == Some(p.id),
            Role::Commune => self.in_area(p),
            Role::Department | Role::Council | Role::Advisory => false,
        }
    }

    /// May read a dossier still being written (Đang soạn): its producer, the
    /// commune (the procedure lets it submit on the producer's behalf) and
    /// the office. Councils, advisers and departments see a dossier once it
    /// is submitted.
    pub fn reads_drafts(&self) -> bool {
        matches!(
            self.role,
            Role::Admin | Role::Office | Role::Producer | Role::Commune
        )
    }

    /// May prepare this dossier's own part — the self-assessment (phiếu tự
    /// đánh giá) and its evidence: the producer, its commune on its behalf,
    /// the office; each only on a dossier it sees.
    pub fn prepares_dossier(&self, d: &DossierPlace<'_>) -> bool {
        matches!(
            self.role,
            Role::Admin | Role::Office | Role::Producer | Role::Commune
        ) && self.sees_dossier(d)
    }

    /// May score the criteria given to the commune (phiếu đánh giá của xã):
    /// the commune's officer, on its area's dossiers.
    pub fn scores_for_commune(&self, d: &DossierPlace<'_>) -> bool {
        self.role == Role::Commune && self.sees_dossier(d)
    }

    /// May see (and so act on, as far as the transition table lets the
    /// role) this dossier: the office; the producer, its own; the commune,
    /// its area's; a department, the groups it leads; council members and
    /// advisers, the rounds they sit in.
    pub fn sees_dossier(&self, d: &DossierPlace<'_>) -> bool {
        let role = self.role;
        if self.province_code != d.producer.province_code
            || (d.state == DossierState::Draft && !self.reads_drafts())
        {
            return false;
        }
        match role {
            Role::Admin | Role::Office => true,
            Role::Producer => self.producer_id == Some(d.producer.id),
            Role::Commune => self.in_area(&d.producer),
            Role::Department => self.leads(&d.producer),
            Role::Council | Role::Advisory => self.seated_rounds.contains(&d.round_id),
        }
    }

    /// May see who sits on a round's council and advisory group: the office
    /// and the people seated in that round. The assessed (producers),
    /// communes and departments do not learn their assessors' names here.
    pub fn sees_council(&self, round_id: i64) -> bool {
        match self.role {
            Role::Admin | Role::Office => true,
            Role::Council | Role::Advisory => self.seated_rounds.contains(&round_id),
            Role::Department | Role::Commune | Role::Producer => false,
        }
    }

    /// Scores this round's dossiers on a council sheet: a council member
    /// seated in the round (advisers advise, the office runs the session).
    pub fn scores_in_council(&self, round_id: i64) -> bool {
        self.role == Role::Council && self.seated_rounds.contains(&round_id)
    }

    /// The query narrowing that matches [`Self::sees_dossier`] for this
    /// person (a department is narrowed by lead afterwards: which set or
    /// group a department leads is itself data).
    pub fn dossier_filter(&self) -> DossierFilter {
        match self.role {
            Role::Admin | Role::Office | Role::Department => DossierFilter::Province,
            Role::Producer => self
                .producer_id
                .map_or(DossierFilter::Nothing, DossierFilter::Producer),
            Role::Commune if self.commune_code.is_some() || self.district_code.is_some() => {
                DossierFilter::Area {
                    commune: self.commune_code.map(str::to_owned),
                    district: self.district_code.map(str::to_owned),
                }
            }
            Role::Commune => DossierFilter::Nothing,
            Role::Council | Role::Advisory => DossierFilter::Rounds(self.seated_rounds.to_vec()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEATED: [i64; 1] = [3];

    fn person(role: Role, own: bool) -> Reach<'static> {
        Reach {
            role,
            province_code: "68",
            commune_code: (role == Role::Commune).then_some(if own { "24682" } else { "24611" }),
            district_code: None,
            agency: (role == Role::Department).then_some(if own { "NNMT" } else { "CT" }),
            producer_id: (role == Role::Producer).then_some(if own { 7 } else { 8 }),
            seated_rounds: if own { &SEATED } else { &[] },
        }
    }

    fn producer() -> ProducerPlace<'static> {
        ProducerPlace {
            id: 7,
            province_code: "68",
            commune_code_2025: Some("24682"),
            district_codes_pre2025: vec!["663"],
            departments: vec!["NNMT"],
        }
    }

    fn dossier(state: DossierState) -> DossierPlace<'static> {
        DossierPlace {
            producer: producer(),
            round_id: 3,
            state,
        }
    }

    /// The whole rule: for every role, in its own scope ("own") and out of
    /// it, what it sees and does. Each row reads: role, own?, sees the
    /// producer, acts for it, sees a submitted dossier, sees a draft, sees
    /// the council, the list filter.
    #[test]
    fn the_table() {
        use Role::*;
        type Row = (Role, bool, bool, bool, bool, bool, bool, bool, bool, bool);
        #[rustfmt::skip]
        // own, sees producer, acts for it, sees a submitted dossier, a draft,
        // the council board, prepares the dossier, scores for the commune,
        // scores on a council sheet.
        let table: [Row; 14] = [
            (Admin,      true,  true,  true,  true,  true,  true,  true,  false, false),
            (Admin,      false, true,  true,  true,  true,  true,  true,  false, false),
            (Office,     true,  true,  true,  true,  true,  true,  true,  false, false),
            (Office,     false, true,  true,  true,  true,  true,  true,  false, false),
            (Department, true,  true,  false, true,  false, false, false, false, false),
            (Department, false, false, false, false, false, false, false, false, false),
            (Commune,    true,  true,  true,  true,  true,  false, true,  true,  false),
            (Commune,    false, false, false, false, false, false, false, false, false),
            (Council,    true,  false, false, true,  false, true,  false, false, true),
            (Council,    false, false, false, false, false, false, false, false, false),
            (Advisory,   true,  false, false, true,  false, true,  false, false, false),
            (Advisory,   false, false, false, false, false, false, false, false, false),
            (Producer,   true,  true,  true,  true,  true,  false, true,  false, false),
            (Producer,   false, false, false, false, false, false, false, false, false),
        ];
        for (role, own, producer_, acts, submitted, draft, council, prepares, commune, sheet) in
            table
        {
            let r = person(role, own);
            let what = format!("{role:?} own={own}");
            assert_eq!(
                r.sees_producer(&producer()),
                producer_,
                "{what}: sees producer"
            );
            assert_eq!(
                r.acts_for_producer(&producer()),
                acts,
                "{what}: acts for producer"
            );
            assert_eq!(
                r.sees_dossier(&dossier(DossierState::Submitted)),
                submitted,
                "{what}: sees submitted dossier"
            );
            assert_eq!(
                r.sees_dossier(&dossier(DossierState::Draft)),
                draft,
                "{what}: draft"
            );
            assert_eq!(r.sees_council(3), council, "{what}: sees council");
            assert_eq!(
                r.prepares_dossier(&dossier(DossierState::Submitted)),
                prepares,
                "{what}: prepares the dossier"
            );
            assert_eq!(
                r.scores_for_commune(&dossier(DossierState::Submitted)),
                commune,
                "{what}: scores for the commune"
            );
            assert_eq!(
                r.scores_in_council(3),
                sheet,
                "{what}: scores on a council sheet"
            );
            // The list filter never lets through what the rule refuses.
            let through = match r.dossier_filter() {
                DossierFilter::Province => true,
                DossierFilter::Producer(id) => id == 7,
                DossierFilter::Area { commune, district } => {
                    commune.as_deref() == Some("24682") || district.as_deref() == Some("663")
                }
                DossierFilter::Rounds(rounds) => rounds.contains(&3),
                DossierFilter::Nothing => false,
            };
            assert!(
                through || !submitted,
                "{what}: the filter drops a dossier the rule shows"
            );
        }
    }

    #[test]
    fn another_province_reaches_nothing() {
        for role in Role::ALL {
            let r = Reach {
                province_code: "01",
                ..person(role, true)
            };
            assert!(!r.sees_producer(&producer()), "{role:?}");
            assert!(!r.acts_for_producer(&producer()), "{role:?}");
            assert!(
                !r.sees_dossier(&dossier(DossierState::Submitted)),
                "{role:?}"
            );
        }
        let unplaced = Reach {
            commune_code: None,
            ..person(Role::Commune, true)
        };
        assert!(
            !unplaced.sees_producer(&producer()),
            "an officer with no commune"
        );
        assert_eq!(unplaced.dossier_filter(), DossierFilter::Nothing);
    }

    #[test]
    fn a_district_officer_before_the_reform_reaches_its_districts_producers() {
        let r = Reach {
            commune_code: None,
            district_code: Some("663"),
            ..person(Role::Commune, true)
        };
        assert!(r.sees_producer(&producer()));
        assert!(r.acts_for_producer(&producer()));
        assert!(r.sees_dossier(&dossier(DossierState::Submitted)));
        let elsewhere = Reach {
            district_code: Some("672"),
            ..r.clone()
        };
        assert!(!elsewhere.sees_producer(&producer()));
    }
}
