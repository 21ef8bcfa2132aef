//! One round from a producer's dossier to a published certificate, through
//! every role, with the refusals on the way and the audit trail.

use crate::fixtures::sheet;
use crate::harness::{TestApp, clock, day};
use ocop_app::cycle::{self, Actor, CycleError};
use ocop_app::scope::ReachError;
use ocop_domain::access::Role;
use ocop_domain::dossier::{DossierAction as A, DossierState as S, Requirement, TransitionError};
use ocop_domain::evidence::UploadError;
use ocop_store::cycle::RoundDeadlines;
use std::collections::BTreeMap;

fn actor(username: &str, role: Role) -> Actor {
    Actor {
        username: username.into(),
        role,
        province_code: "68".into(),
        commune_code: None,
        producer_id: None,
        agency_code: None,
        district_code: None,
    }
}

/// The call is refused with exactly this variant (not recognised by its
/// wording).
macro_rules! refused {
    ($call:expr, $variant:pat $(,)?) => {
        match $call {
            Err($variant) => {}
            other => panic!("expected {}, got {other:?}", stringify!($variant)),
        }
    };
}

#[tokio::test]
async fn a_round_from_dossier_to_published_certificate() {
    let app = TestApp::spawn().await;
    let store = &app.store;
    let c = clock();
    let own = crate::harness::producer(store, "htx-nong-nghiep-cong-bang-thuan-an").await;
    let seagull = crate::harness::producer(store, "cong-ty-tnhh-seagull").await;
    let office = actor("van-phong", Role::Office);
    let producer = Actor {
        producer_id: Some(own.id),
        ..actor("chu-the", Role::Producer)
    };
    let other_producer = Actor {
        producer_id: Some(seagull.id),
        ..actor("seagull", Role::Producer)
    };
    let commune = Actor {
        commune_code: Some("24682".into()),
        ..actor("xa-thuan-an", Role::Commune)
    };
    let other_commune = Actor {
        commune_code: Some("24611".into()),
        ..actor("xa-khac", Role::Commune)
    };

    let deadlines = RoundDeadlines {
        dossier_until: Some(crate::harness::day("2026-12-15")),
        council_until: Some(crate::harness::day("2027-01-10")),
        ..RoundDeadlines::default()
    };
    let round = store
        .create_round(
            "68",
            2026,
            "Đợt 2 năm 2026",
            "1489/2025",
            &deadlines,
            ocop_store::cycle::By {
                actor: "van-phong",
                at: "2026-11-29T06:00:00Z",
            },
        )
        .await
        .unwrap();
    for (m, chair) in [
        ("hd-1", true),
        ("hd-2", false),
        ("hd-3", false),
        ("hd-4", false),
    ] {
        store
            .add_council_member(round, m, chair, "van-phong", "2026-11-29T06:00:00Z")
            .await
            .unwrap();
    }

    // The producer opens a re-evaluation dossier for its coffee (set 13).
    refused!(
        cycle::open_dossier(
            store,
            &c,
            &other_producer,
            round,
            "ca-phe-bot-dak-dam",
            "reevaluation",
        )
        .await,
        CycleError::Reach(ReachError::DossierOutOfReach | ReachError::ProducerOutOfReach),
    );
    let id = cycle::open_dossier(
        store,
        &c,
        &producer,
        round,
        "ca-phe-bot-dak-dam",
        "reevaluation",
    )
    .await
    .unwrap();
    let set = ocop_app::rules::set(store, "qd148-2023-13")
        .await
        .ok()
        .flatten()
        .map(|(s, _)| s)
        .unwrap_or_else(|| panic!("set 13"));
    refused!(
        cycle::act(store, &c, &producer, id, A::Submit, None).await,
        CycleError::Transition(TransitionError::Requirement(Requirement::SelfAssessment)),
    );
    cycle::save_self_assessment(store, &c, &producer, id, &sheet(&set, &[("4.a", 1)]))
        .await
        .unwrap();
    refused!(
        cycle::act(store, &c, &producer, id, A::Submit, None).await,
        CycleError::MissingEvidence { .. },
    );
    // Evidence: a disguised or oversized file is refused and leaves nothing.
    let pdf = b"%PDF-1.7\n% phieu kiem nghiem\n".to_vec();
    refused!(
        cycle::attach_evidence(store, &c, &producer, id, "9", "phieu.jpg", &pdf).await,
        CycleError::File(UploadError::ExtensionMismatch { .. }),
    );
    refused!(
        cycle::attach_evidence(
            store,
            &c,
            &producer,
            id,
            "9",
            "phieu.pdf",
            b"<html><script>x</script>",
        )
        .await,
        CycleError::File(UploadError::UnknownType),
    );
    refused!(
        cycle::attach_evidence(
            store,
            &c,
            &producer,
            id,
            "9",
            "to.pdf",
            &vec![b'%'; 11 * 1024 * 1024],
        )
        .await,
        CycleError::File(UploadError::TooLarge { .. }),
    );
    refused!(
        cycle::attach_evidence(store, &c, &producer, id, "99.z", "phieu.pdf", &pdf).await,
        CycleError::UnknownCriterion(_),
    );
    refused!(
        cycle::attach_evidence(store, &c, &other_producer, id, "9", "phieu.pdf", &pdf).await,
        CycleError::Reach(ReachError::DossierOutOfReach | ReachError::ProducerOutOfReach),
    );
    assert_eq!(
        store.count_evidence(id).await.ok(),
        Some(0),
        "nothing left behind"
    );
    cycle::attach_evidence(store, &c, &producer, id, "9", "Phiếu kiểm nghiệm.pdf", &pdf)
        .await
        .unwrap();
    let mine = store
        .dossier(id)
        .await
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("dossier"));
    // Set 13 tops out at 98 (its part C adds up to 33 of 35, flagged): 98 − 4 = 94.
    assert_eq!(mine.self_total, Some(94), "98 − 4 (4.a at 1 of 5)");
    // The sheet claims a supply contract (1.d), a trademark (3.e), a quality
    // declaration (8.a) and periodic food-safety tests (8.b): each needs its
    // paper; one file for criterion 9 proves none of them.
    match cycle::act(store, &c, &producer, id, A::Submit, None).await {
        Err(CycleError::MissingEvidence { missing }) => {
            let ids: Vec<&str> = missing
                .iter()
                .filter_map(|m| m.split(" — ").next())
                .collect();
            assert_eq!(ids, ["1.d", "3.e", "8.a", "8.b"], "{missing:?}");
        }
        other => panic!("expected missing evidence, got {other:?}"),
    }
    crate::harness::attach_required_evidence(&app, &producer, id, &set).await;
    assert_eq!(
        cycle::act(store, &c, &producer, id, A::Submit, None)
            .await
            .ok(),
        Some(S::Submitted)
    );
    refused!(
        cycle::act(store, &c, &other_producer, id, A::Withdraw, None).await,
        CycleError::Reach(ReachError::DossierOutOfReach | ReachError::ProducerOutOfReach),
    );

    // The commune returns it with a comment; the producer resubmits.
    refused!(
        cycle::act(store, &c, &other_commune, id, A::Return, Some("x")).await,
        CycleError::Reach(ReachError::DossierOutOfReach | ReachError::ProducerOutOfReach),
    );
    refused!(
        cycle::act(store, &c, &commune, id, A::Return, None).await,
        CycleError::Transition(TransitionError::Requirement(Requirement::ReturnComment)),
    );
    assert_eq!(
        cycle::act(
            store,
            &c,
            &commune,
            id,
            A::Return,
            Some("Bổ sung phiếu kiểm nghiệm còn hạn")
        )
        .await
        .ok(),
        Some(S::Returned)
    );
    assert_eq!(
        cycle::act(store, &c, &producer, id, A::Resubmit, None)
            .await
            .ok(),
        Some(S::Submitted)
    );

    // Pre-assessment needs the commune's own criteria first.
    refused!(
        cycle::act(store, &c, &commune, id, A::PreAssess, None).await,
        CycleError::Transition(TransitionError::Requirement(Requirement::CommuneCriteria)),
    );
    let commune_sheet: BTreeMap<String, String> = sheet(&set, &[])
        .into_iter()
        .filter(|(k, _)| set.commune_criteria().contains(&k.as_str()))
        .collect();
    refused!(
        cycle::save_commune_assessment(store, &c, &commune, id, &sheet(&set, &[])).await,
        CycleError::NotCommuneCriterion { .. },
    );
    cycle::save_commune_assessment(store, &c, &commune, id, &commune_sheet)
        .await
        .unwrap();
    assert_eq!(
        cycle::act(store, &c, &commune, id, A::PreAssess, None)
            .await
            .ok(),
        Some(S::PreAssessed)
    );
    refused!(
        cycle::act(store, &c, &producer, id, A::Review, None).await,
        CycleError::Transition(TransitionError::RoleNotAllowed { .. }),
    );
    // Only an adviser seated in the round may review.
    refused!(
        cycle::act(
            store,
            &c,
            &actor("tu-van-khac", Role::Advisory),
            id,
            A::Review,
            None,
        )
        .await,
        CycleError::Reach(ReachError::DossierOutOfReach | ReachError::ProducerOutOfReach),
    );
    store
        .add_advisory_member(
            round,
            "to-tu-van",
            ocop_store::cycle::By {
                actor: "van-phong",
                at: "2026-11-29T06:00:00Z",
            },
        )
        .await
        .unwrap();
    assert_eq!(
        cycle::act(
            store,
            &c,
            &actor("to-tu-van", Role::Advisory),
            id,
            A::Review,
            None
        )
        .await
        .ok(),
        Some(S::Reviewed)
    );
    refused!(
        cycle::score_as_member(
            store,
            &c,
            &actor("hd-1", Role::Council),
            id,
            &sheet(&set, &[]),
        )
        .await,
        CycleError::SheetsClosed,
    );
    assert_eq!(
        cycle::act(store, &c, &office, id, A::OpenCouncil, None)
            .await
            .ok(),
        Some(S::InCouncil)
    );

    // The council: one member declares a conflict; three score independently.
    cycle::declare_conflict(
        store,
        &c,
        &actor("hd-4", Role::Council),
        id,
        "Là thành viên hợp tác xã",
    )
    .await
    .unwrap();
    refused!(
        cycle::score_as_member(
            store,
            &c,
            &actor("hd-4", Role::Council),
            id,
            &sheet(&set, &[]),
        )
        .await,
        CycleError::Conflicted,
    );
    refused!(
        cycle::score_as_member(
            store,
            &c,
            &actor("hd-9", Role::Council),
            id,
            &sheet(&set, &[]),
        )
        .await,
        CycleError::NotSeated,
    );
    refused!(
        cycle::close_scoring(store, &c, &office, id).await,
        CycleError::Transition(TransitionError::Requirement(Requirement::CouncilSheets)),
    );
    let scores = [
        ("hd-1", sheet(&set, &[("4.a", 1), ("5.a", 1)])),
        ("hd-2", sheet(&set, &[("4.a", 1)])),
        (
            "hd-3",
            sheet(
                &set,
                &[
                    ("4.a", 1),
                    ("5.a", 1),
                    ("4.b", 1),
                    ("4.c", 1),
                    ("1.d", 1),
                    ("5.b", 0),
                ],
            ),
        ),
    ];
    let mut totals = Vec::new();
    for (member, choices) in &scores {
        totals.push(
            cycle::score_as_member(store, &c, &actor(member, Role::Council), id, choices)
                .await
                .unwrap(),
        );
    }
    // 98 − 4 − 4 = 90; 98 − 4 = 94; 98 − 4 − 4 − 3 − 3 − 2 − 5 = 77.
    assert_eq!(totals, [90, 94, 77]);
    let closing = cycle::close_scoring(store, &c, &office, id).await.unwrap();
    // (90 + 94 + 77) / 3 = 87.00: 4★, not for national review; hd-3 is 13 below the median 90.
    assert_eq!(
        (
            closing.average_hundredths,
            closing.stars,
            closing.national_review
        ),
        (8700, 4, false)
    );
    assert_eq!(closing.outliers, [("hd-3".to_owned(), 77)]);
    refused!(
        cycle::score_as_member(
            store,
            &c,
            &actor("hd-1", Role::Council),
            id,
            &sheet(&set, &[]),
        )
        .await,
        CycleError::SheetsClosed,
    );

    // The decision: a certificate valid 36 months, on the product's page at once.
    refused!(
        cycle::recognise(
            store,
            &c,
            &office,
            id,
            ocop_app::cycle::DecisionInput {
                number: "15/QD-UBND",
                issued_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default(),
                sign_as: ocop_domain::signature::SignAs::Head,
                signer: "Chủ tịch",
            },
        )
        .await,
        CycleError::DecisionNumber(_),
    );
    let cert = cycle::recognise(
        store,
        &c,
        &office,
        id,
        ocop_app::cycle::DecisionInput {
            number: "15/QĐ-UBND",
            issued_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default(),
            sign_as: ocop_domain::signature::SignAs::Head,
            signer: "Phó Chủ tịch UBND tỉnh",
        },
    )
    .await
    .unwrap();
    let product = store
        .product_by_slug("68", "ca-phe-bot-dak-dam")
        .await
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("product"));
    let newest = &product.certificates[0];
    assert_eq!(
        (
            newest.decision_number.as_deref(),
            newest.issued_on,
            newest.valid_until
        ),
        (
            Some("15/QĐ-UBND"),
            Some(day("2026-11-29")),
            Some(day("2029-11-29"))
        )
    );
    assert_eq!(newest.stars, 4);
    let (_, html) = app.page("/san-pham/ca-phe-bot-dak-dam").await;
    assert!(
        html.contains("Còn hiệu lực") && html.contains("15/QĐ-UBND") && html.contains("29/11/2029")
    );

    assert_eq!(
        newest.issuing_authority.as_deref(),
        Some("UBND Tỉnh Lâm Đồng"),
        "1489/2025: the province recognises"
    );
    // The decision's annex lists the product with its star and certificate.
    let annex = store.decisions_with_annex("68").await.unwrap();
    let decision = annex
        .iter()
        .find(|d| d.number.as_deref() == Some("15/QĐ-UBND"))
        .unwrap_or_else(|| panic!("decision 15/QĐ-UBND in {annex:?}"));
    assert_eq!(decision.signer.as_deref(), Some("Phó Chủ tịch UBND tỉnh"));
    assert_eq!(
        decision
            .lines
            .iter()
            .map(|l| (l.product_slug.as_str(), l.stars, l.valid_until))
            .collect::<Vec<_>>(),
        [("ca-phe-bot-dak-dam", 4, Some(day("2029-11-29")))]
    );
    let (status, html) = app.page("/quyet-dinh").await;
    assert_eq!(status, 200);
    let section = html
        .split("<section class=\"decision\">")
        .find(|s| s.contains("Quyết định số 15/QĐ-UBND"))
        .unwrap_or_else(|| panic!("{html}"));
    assert!(
        section.contains("Cà phê bột Đắk Đam")
            && section.contains("★★★★ 4 sao")
            && section.contains("đến 29/11/2029"),
        "{section}"
    );

    // A re-evaluation in the next round starts from this dossier.
    let by = ocop_store::cycle::By {
        actor: "van-phong",
        at: "2029-06-01T06:00:00Z",
    };
    let next_round = store
        .create_round(
            "68",
            2029,
            "Đợt 1 năm 2029",
            "1489/2025",
            &RoundDeadlines::default(),
            by,
        )
        .await
        .unwrap();
    let again = cycle::open_dossier(
        store,
        &c,
        &producer,
        next_round,
        "ca-phe-bot-dak-dam",
        "reevaluation",
    )
    .await
    .unwrap();
    let prefilled = store
        .dossier(again)
        .await
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("dossier"));
    assert_eq!(
        (prefilled.self_total, prefilled.state.code()),
        (Some(94), "draft")
    );
    assert_eq!(
        store.evidence_lines(again).await.map(|e| e.len()).ok(),
        Some(5),
        "evidence carried over"
    );

    // The history and the audit log tell the whole story.
    let events: Vec<String> = store
        .dossier_events(id)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        events,
        [
            "open",
            "submit",
            "return",
            "resubmit",
            "pre_assess",
            "review",
            "open_council",
            "close_scoring",
            "recognise"
        ]
    );
    let audit: Vec<String> = store
        .audit_entries("dossier", &id.to_string())
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|a| a.action)
        .collect();
    for action in [
        "create",
        "self_assessment",
        "attach_evidence",
        "submit",
        "return",
        "commune_assessment",
        "declare_conflict",
        "score",
        "close_scoring",
        "recognise",
    ] {
        assert!(audit.iter().any(|a| a == action), "{action} in {audit:?}");
    }
    assert_eq!(
        store
            .audit_entries("certificate", &cert.to_string())
            .await
            .unwrap_or_default()
            .len(),
        1
    );
}

#[tokio::test]
async fn a_refused_round_form_keeps_what_was_typed_and_says_why_next_to_each_field() {
    let app = TestApp::spawn().await;
    crate::harness::account(&app, "van-phong", Role::Office).await;
    let (status, cookie, _) =
        crate::access::sign_in(&app, "van-phong", crate::harness::TEST_PASSWORD).await;
    assert_eq!(status, 303);
    let cookie = crate::access::cookie_pair(&cookie.unwrap_or_default());
    let res = app
        .client
        .post(format!("{}/quan-tri/dot", app.base))
        .header("cookie", &cookie)
        .form(&[
            ("year", "26"),
            ("label", "Đợt bổ sung cuối năm"),
            ("procedure", "1489/2025"),
            ("dossier_until", "2026-13-45"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap_or_default();
    for needle in [
        "<p class=\"error\" id=\"year-error\">Năm phải là số có 4 chữ số, từ 2019.</p>",
        "<p class=\"error\" id=\"dossier_until-error\">Ngày không hợp lệ.</p>",
        "aria-describedby=\"year-error\"",
        "value=\"Đợt bổ sung cuối năm\"",
        "value=\"26\"",
    ] {
        assert!(html.contains(needle), "{needle} in {html}");
    }
    assert!(
        !html.contains("id=\"label-error\""),
        "a good field is not flagged"
    );
    assert!(
        app.store.rounds("68").await.unwrap_or_default().is_empty(),
        "nothing was created"
    );
}
