//! The one scope rule ([`ocop_domain::scope`]) asked of every layer: for each
//! role, inside its scope and outside it, the domain's answer is what the
//! services, the store's narrowed list and the pages do.

use crate::fixtures::{cast, in_council};
use crate::harness::{Scope, TestApp, get_as};
use ocop_domain::access::Role;
use ocop_domain::dossier::DossierState;
use ocop_domain::scope::{DossierPlace, ProducerPlace, Reach};

const OWN: &str = "htx-nong-nghiep-cong-bang-thuan-an";

/// One person of the table: who, with which scope, and what the rule must
/// answer for the Thuận An coffee's dossier in council (sees the dossier,
/// sees the producer's record, sees the council).
struct Row<'a> {
    username: &'static str,
    role: Role,
    commune: Option<&'static str>,
    district: Option<&'a str>,
    agency: Option<&'a str>,
    own_producer: bool,
    seated: bool,
    dossier: bool,
    producer: bool,
    council: bool,
}

#[tokio::test]
async fn every_layer_answers_as_the_one_scope_rule() {
    let app = TestApp::spawn().await;
    let people = cast(&app, 1).await;
    let (round, id) = in_council(&app, &people, "Đợt phạm vi", 2026).await;
    let own = crate::harness::producer(&app.store, OWN).await;
    let other = crate::harness::producer(&app.store, "cong-ty-tnhh-seagull").await;
    let line = app
        .store
        .dossier_line("68", id)
        .await
        .unwrap()
        .expect("the dossier's line");
    let leads = app.store.department_leads("68").await.unwrap();
    let (lead, _) = leads
        .lead_of(Some(&line.criteria_set), line.group_code.as_deref())
        .expect("a department leads the coffee");
    let district = line.district_code_pre2025.as_deref();

    let row = |username, role| Row {
        username,
        role,
        commune: None,
        district: None,
        agency: None,
        own_producer: false,
        seated: false,
        dossier: false,
        producer: false,
        council: false,
    };
    #[rustfmt::skip]
    let mut table = vec![
        Row { dossier: true, producer: true, council: true, ..row("van-phong", Role::Office) },
        Row { agency: Some(lead), dossier: true, producer: true, ..row("so-dan-dat", Role::Department) },
        Row { agency: Some("KHONG-LEAD"), ..row("so-khac", Role::Department) },
        Row { commune: Some("24682"), dossier: true, producer: true, ..row("xa-thuan-an", Role::Commune) },
        Row { commune: Some("24611"), ..row("xa-khac", Role::Commune) },
        Row { seated: true, dossier: true, council: true, ..row("hd-1", Role::Council) },
        Row { ..row("hd-khong-ngoi", Role::Council) },
        Row { seated: true, dossier: true, council: true, ..row("to-tu-van", Role::Advisory) },
        Row { ..row("tv-khac", Role::Advisory) },
        Row { own_producer: true, dossier: true, producer: true, ..row("chu-the", Role::Producer) },
        Row { ..row("chu-the-khac", Role::Producer) },
    ];
    if let Some(d) = district {
        // A district officer before the reform reaches its district's products.
        table.push(Row {
            district: Some(d),
            dossier: true,
            producer: true,
            ..row("huyen-cu", Role::Commune)
        });
    }

    let seated_rounds = [round];
    for r in &table {
        let what = format!("{:?} {}", r.role, r.username);
        let producer_id = match r.role {
            Role::Producer if r.own_producer => Some(own.id),
            Role::Producer => Some(other.id),
            _ => None,
        };
        let scope = Scope {
            commune: r.commune,
            district: r.district,
            agency: r.agency,
            producer_id,
        };
        let cookie = app.signed_in_as(r.username, r.role, scope).await;

        // The domain's answer agrees with the row.
        let reach = Reach {
            role: r.role,
            province_code: "68",
            commune_code: r.commune,
            district_code: r.district,
            agency: r.agency,
            producer_id,
            seated_rounds: if r.seated { &seated_rounds } else { &[] },
        };
        let producer_place = ProducerPlace {
            id: own.id,
            province_code: "68",
            commune_code_2025: line.commune_code_2025.as_deref(),
            district_codes_pre2025: line.district_code_pre2025.as_deref().into_iter().collect(),
            departments: vec![lead],
        };
        let place = DossierPlace {
            producer: producer_place.clone(),
            round_id: round,
            state: DossierState::InCouncil,
        };
        assert_eq!(
            reach.sees_dossier(&place),
            r.dossier,
            "{what}: domain, dossier"
        );
        assert_eq!(
            reach.sees_council(round),
            r.council,
            "{what}: domain, council"
        );

        // The services.
        let actor = ocop_app::cycle::Actor {
            username: r.username.into(),
            role: r.role,
            province_code: "68".into(),
            commune_code: r.commune.map(str::to_owned),
            district_code: r.district.map(str::to_owned),
            producer_id,
            agency_code: r.agency.map(str::to_owned),
        };
        let in_reach = ocop_app::scope::dossier_in_reach(&app.store, &actor, id).await;
        assert_eq!(in_reach.is_ok(), r.dossier, "{what}: service, dossier");
        if let Err(e) = in_reach {
            assert!(
                matches!(e, ocop_app::scope::ReachError::DossierOutOfReach),
                "{what}: {e:?}"
            );
        }
        let sight = ocop_app::scope::Sight::load(&app.store, &actor)
            .await
            .unwrap();
        let board = ocop_app::cycle::board(&app.store, &sight, id).await;
        assert_eq!(board.is_ok(), r.council, "{what}: service, council board");
        assert_eq!(
            sight.sees_producer(&own),
            r.producer,
            "{what}: service, producer"
        );

        // The store's list, narrowed in the query, holds it exactly when seen.
        let listed = app
            .store
            .dossier_lines_within("68", None, &sight.dossier_filter())
            .await
            .unwrap()
            .into_iter()
            .any(|l| l.id == id && sight.sees(&l));
        assert_eq!(listed, r.dossier, "{what}: store, narrowed list");

        // The pages.
        let (status, _) = get_as(&app, &cookie, &format!("/quan-tri/ho-so/{id}")).await;
        assert_eq!(
            status,
            if r.dossier { 200 } else { 403 },
            "{what}: page, dossier"
        );
        let (_, list) = get_as(&app, &cookie, "/quan-tri/ho-so").await;
        assert_eq!(
            list.contains(&format!("href=\"/quan-tri/ho-so/{id}\"")),
            r.dossier,
            "{what}: page, dossier list"
        );
        let (status, _) = get_as(&app, &cookie, &format!("/quan-tri/chu-the/{OWN}")).await;
        assert_eq!(
            status == 200,
            r.producer,
            "{what}: page, producer record ({status})"
        );
        assert!(matches!(status, 200 | 403), "{what}: {status}");
    }
}
