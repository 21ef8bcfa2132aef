//! Council sheets: only complete, submitted sheets count; locking needs every
//! seated member without a conflict; the office can reopen before the decision.

use crate::fixtures::{self, Cast, sheet};
use crate::harness::{TestApp, clock, get_as, post_as, session};
use ocop_app::cycle::{self, CycleError};
use ocop_domain::access::Role;
use ocop_domain::dossier::{DossierAction as A, DossierState as S};
use std::collections::BTreeMap;

async fn council_of_four(app: &TestApp) -> (Cast, i64) {
    let cast = fixtures::cast(app, 4).await;
    let (_, id) = fixtures::in_council(app, &cast, "Đợt hội đồng", 2026).await;
    cycle::declare_conflict(
        &app.store,
        &clock(),
        &cast.members[3],
        id,
        "Là thành viên hợp tác xã",
    )
    .await
    .expect("conflict");
    (cast, id)
}

#[tokio::test]
async fn a_partial_sheet_is_a_draft_and_the_council_cannot_lock_without_every_member() {
    let app = TestApp::spawn().await;
    let (cast, id) = council_of_four(&app).await;
    let (c, store) = (clock(), &app.store);
    let set = fixtures::coffee_set(&app).await;
    let [hd1, hd2, hd3, _] = &cast.members[..] else {
        unreachable!()
    };
    // 98 − 4 − 4 = 90 and 98 − 4 = 94 (set 13 tops out at 98).
    assert_eq!(
        cycle::score_as_member(store, &c, hd1, id, &sheet(&set, &[("4.a", 1), ("5.a", 1)]))
            .await
            .ok(),
        Some(90)
    );
    assert_eq!(
        cycle::score_as_member(store, &c, hd2, id, &sheet(&set, &[("4.a", 1)]))
            .await
            .ok(),
        Some(94)
    );

    // One criterion answered: refused as a sheet, naming what is missing…
    let partial: BTreeMap<String, String> = sheet(&set, &[]).into_iter().take(1).collect();
    let all = set.criteria().count();
    match cycle::score_as_member(store, &c, hd3, id, &partial).await {
        Err(CycleError::IncompleteSheet { missing }) => {
            assert!(missing.len() >= 20 && missing.len() < all, "{missing:?}");
            assert!(!missing.contains(&"1.a".to_owned()), "1.a was answered");
        }
        other => panic!("expected an incomplete sheet, got {other:?}"),
    }
    // …kept as a draft that does not count.
    let saved = cycle::save_sheet_draft(store, &c, hd3, id, &partial)
        .await
        .expect("draft");
    assert!(!saved.missing.is_empty());
    let p = cycle::progress(store, id).await.expect("progress");
    assert_eq!((p.counted.len(), p.eligible.len(), p.needed), (2, 3, 3));
    assert_eq!(
        (p.missing.clone(), p.drafts.clone()),
        (vec!["hd-3".to_owned()], vec!["hd-3".to_owned()])
    );
    assert_eq!(p.conflicted, ["hd-4"]);
    match cycle::close_scoring(store, &c, &cast.office, id).await {
        Err(CycleError::Transition(ocop_domain::dossier::TransitionError::Requirement(
            ocop_domain::dossier::Requirement::CouncilSheets,
        ))) => {}
        other => panic!("expected a refusal, got {other:?}"),
    }
    // The office sees who is missing, on the page.
    let office = app.signed_in(Role::Office).await;
    let (_, html) = get_as(&app, &office, &format!("/quan-tri/ho-so/{id}")).await;
    assert!(html.contains("2/3 thành viên đã chấm"), "{html}");
    assert!(html.contains("hd-3 (mới lưu nháp, chưa nộp)"), "{html}");
    assert!(
        html.contains("trung bình cộng tổng điểm"),
        "the combining rule is stated: {html}"
    );

    // Complete, 77; the council result is the mean of 90, 94 and 77.
    let full = sheet(
        &set,
        &[
            ("4.a", 1),
            ("5.a", 1),
            ("4.b", 1),
            ("4.c", 1),
            ("1.d", 1),
            ("5.b", 0),
        ],
    );
    assert_eq!(
        cycle::score_as_member(store, &c, hd3, id, &full).await.ok(),
        Some(77)
    );
    let closing = cycle::close_scoring(store, &c, &cast.office, id)
        .await
        .expect("lock");
    // (90 + 94 + 77) / 3 = 87.00: 4★.
    assert_eq!((closing.average_hundredths, closing.stars), (8700, 4));
}

#[tokio::test]
async fn the_office_reopens_locked_sheets_with_a_reason_and_the_members_are_told() {
    let app = TestApp::spawn().await;
    let (cast, id) = council_of_four(&app).await;
    let (c, store) = (clock(), &app.store);
    let set = fixtures::coffee_set(&app).await;
    for (m, departures) in cast.members[..3].iter().zip([
        vec![("4.a", 1), ("5.a", 1)],
        vec![("4.a", 1)],
        vec![
            ("4.a", 1),
            ("5.a", 1),
            ("4.b", 1),
            ("4.c", 1),
            ("1.d", 1),
            ("5.b", 0),
        ],
    ]) {
        cycle::score_as_member(store, &c, m, id, &sheet(&set, &departures))
            .await
            .expect("score");
    }
    cycle::close_scoring(store, &c, &cast.office, id)
        .await
        .expect("lock");
    // No reason, no reopening; not by a member.
    assert!(
        cycle::act(store, &c, &cast.office, id, A::ReopenScoring, None)
            .await
            .is_err()
    );
    assert!(
        cycle::act(store, &c, &cast.members[0], id, A::ReopenScoring, Some("x"))
            .await
            .is_err()
    );

    // Through the page, as the office would.
    let office = app.signed_in(Role::Office).await;
    let (status, html) = post_as(
        &app,
        &office,
        &format!("/quan-tri/ho-so/{id}/hanh-dong"),
        &[
            ("action", "reopen_scoring"),
            ("comment", "Thành viên hd-3 chấm nhầm tiêu chí 4.b"),
        ],
    )
    .await;
    assert!(status == 303 || status == 200, "{status}: {html}");
    let d = store.dossier(id).await.expect("dossier").expect("exists");
    assert_eq!(
        (d.state.code(), d.council_stars, d.council_hundredths),
        ("in_council", None, None)
    );
    let notices = store.notices("hd-1", 10).await.expect("notices");
    assert!(
        notices
            .iter()
            .any(|n| n.subject.contains("mở lại phiếu chấm")),
        "{notices:?}"
    );
    let audit = store
        .audit_entries("dossier", &id.to_string())
        .await
        .expect("audit");
    assert!(
        audit.iter().any(|a| a.action == "reopen_scoring"
            && a.after.as_deref().is_some_and(|j| j.contains("chấm nhầm"))),
        "{audit:?}"
    );

    // The member corrects the sheet; the new result stands on the new sheets.
    cycle::score_as_member(store, &c, &cast.members[2], id, &sheet(&set, &[("4.a", 1)]))
        .await
        .expect("corrected");
    let closing = cycle::close_scoring(store, &c, &cast.office, id)
        .await
        .expect("lock again");
    // (90 + 94 + 94) / 3 = 92.67.
    assert_eq!(closing.average_hundredths, 9267);
    assert_eq!(
        cycle::act(store, &c, &cast.office, id, A::ReopenScoring, Some("x"))
            .await
            .ok(),
        Some(S::InCouncil),
        "reopening is possible again until the decision"
    );
}

#[tokio::test]
async fn a_step_someone_else_took_first_is_a_typed_conflict_that_changes_nothing() {
    let app = TestApp::spawn().await;
    let (cast, id) = council_of_four(&app).await;
    let set = fixtures::coffee_set(&app).await;
    for m in &cast.members[..3] {
        cycle::score_as_member(&app.store, &clock(), m, id, &sheet(&set, &[]))
            .await
            .expect("score");
    }
    // Two officers lock the same sheets: the store takes the first and
    // refuses the second by its variant, not by its wording.
    let lock = || {
        app.store
            .close_scoring(id, 9800, 5, true, "van-phong", "2026-11-29T06:00:00Z")
    };
    lock().await.expect("first");
    match lock().await {
        Err(ocop_store::StoreError::Conflict(m)) => assert!(!m.is_empty()),
        other => panic!("expected a conflict, got {other:?}"),
    }
    let web: ocop_web::WebError = ocop_store::StoreError::Conflict("x".into()).into();
    assert!(matches!(web, ocop_web::WebError::Conflict(_)));
    let events = app.store.dossier_events(id).await.expect("events");
    assert_eq!(
        events
            .iter()
            .filter(|e| e.action == "close_scoring")
            .count(),
        1
    );
}

#[tokio::test]
async fn the_council_board_shows_who_scored_why_the_star_and_every_answer_to_those_who_may_see() {
    let app = TestApp::spawn().await;
    let (cast, id) = council_of_four(&app).await;
    let (c, store) = (clock(), &app.store);
    let set = fixtures::coffee_set(&app).await;
    for (m, departures) in [
        (&cast.members[0], &[("4.a", 1), ("5.a", 1)][..]),
        (&cast.members[1], &[("4.a", 1)][..]),
    ] {
        cycle::score_as_member(store, &c, m, id, &sheet(&set, departures))
            .await
            .unwrap();
    }
    let office = app.signed_in(Role::Office).await;
    let hd3 = session(&app, "hd-3", Role::Council).await;
    let hd1 = session(&app, "hd-1", Role::Council).await;
    crate::harness::execute_sql(
        &app.db().url,
        "UPDATE users SET display_name = 'Lê Văn Chủ' WHERE username = 'hd-1'",
    )
    .await;
    let path = format!("/quan-tri/ho-so/{id}");

    // The office: every member by full name, where each sheet stands, the
    // totals and stars, why the star is what it is, and every answer.
    let (_, html) = get_as(&app, &office, &path).await;
    assert!(
        html.contains(
            "<th scope=\"row\">Lê Văn Chủ — Chủ tịch hội đồng</th><td>Đã nộp phiếu</td><td>90</td>"
        ),
        "{html}"
    );
    assert!(html.contains("<th scope=\"row\">hd-3</th><td>Chưa chấm</td>"));
    assert!(html.contains("<th scope=\"row\">hd-4</th><td>Khai xung đột lợi ích, không chấm</td>"));
    assert!(
        html.contains("Vì sao là hạng này:</strong> Điểm bình quân 92,00"),
        "{html}"
    );
    assert!(html.contains("class=\"data council-answers\""));
    assert!(html.contains("<th scope=\"col\">Chủ thể tự chấm</th><th scope=\"col\">Xã</th><th scope=\"col\">Lê Văn Chủ</th>"));

    // A member who has not scored: who stands where, but not the others' answers.
    let (_, html) = get_as(&app, &hd3, &path).await;
    assert!(html.contains("class=\"data council-members\""));
    assert!(!html.contains("class=\"data council-answers\""));
    assert!(html.contains("hiện ra sau khi phiếu của bạn đã được nộp"));
    // A member whose sheet counts sees them.
    let (_, html) = get_as(&app, &hd1, &path).await;
    assert!(html.contains("class=\"data council-answers\""));
    // The producer sees none of it.
    let producer = crate::harness::scoped_session(
        &app,
        "chu-the",
        Role::Producer,
        None,
        cast.producer.producer_id,
    )
    .await;
    let (status, html) = get_as(&app, &producer, &path).await;
    assert_eq!(status, 200);
    assert!(
        !html.contains("council-members")
            && !html.contains("council-answers")
            && !html.contains("hd-1")
    );

    // Standing aside needs the confirmation box; the form says so and
    // nothing is recorded.
    let (status, html) = post_as(
        &app,
        &hd3,
        &format!("/quan-tri/ho-so/{id}/xung-dot"),
        &[("reason", "Họ hàng của chủ thể")],
    )
    .await;
    assert_eq!(status, 422, "{html}");
    assert!(html.contains("id=\"xac_nhan-error\""), "{html}");
    assert!(
        html.contains("value=\"Họ hàng của chủ thể\""),
        "the reason typed is kept: {html}"
    );
    // With the box ticked but no reason, the reason's field says so.
    let (status, html) = post_as(
        &app,
        &hd3,
        &format!("/quan-tri/ho-so/{id}/xung-dot"),
        &[("reason", "  "), ("xac_nhan", "1")],
    )
    .await;
    assert_eq!(status, 422, "{html}");
    assert!(html.contains("id=\"reason-error\""), "{html}");
    assert!(
        !store
            .conflicts(id)
            .await
            .unwrap_or_default()
            .contains(&"hd-3".to_owned())
    );
    let (status, _) = post_as(
        &app,
        &hd3,
        &format!("/quan-tri/ho-so/{id}/xung-dot"),
        &[("reason", "Họ hàng của chủ thể"), ("xac_nhan", "1")],
    )
    .await;
    assert_eq!(status, 303);
    assert!(
        store
            .conflicts(id)
            .await
            .unwrap_or_default()
            .contains(&"hd-3".to_owned())
    );
}

/// A stored sheet that does not read is an error where it is read (the
/// store), never an empty sheet shown or scored as if nothing was answered.
#[tokio::test]
async fn a_corrupt_stored_sheet_is_an_error_not_an_empty_sheet() {
    let app = TestApp::spawn().await;
    let cast = crate::fixtures::cast(&app, 1).await;
    let round = crate::fixtures::seated_round(&app, &cast, "Đợt phiếu hỏng", 2026).await;
    let id = crate::fixtures::draft(&app, &cast, round, &crate::harness::clock()).await;
    let set = crate::fixtures::coffee_set(&app).await;
    ocop_app::cycle::save_self_assessment(
        &app.store,
        &crate::harness::clock(),
        &cast.producer,
        id,
        &crate::fixtures::sheet(&set, &[]),
    )
    .await
    .unwrap();
    let read = app.store.dossier(id).await.unwrap();
    assert!(
        read.and_then(|d| d.self_assessment)
            .is_some_and(|s| s.is_complete(&set)),
        "a whole sheet reads back whole"
    );
    crate::harness::execute_sql(
        &app.db().url,
        &format!("UPDATE dossiers SET self_assessment = '{{\"1.a\": ' WHERE id = {id}"),
    )
    .await;
    assert!(matches!(
        app.store.dossier(id).await,
        Err(ocop_store::StoreError::Invalid(_))
    ));
    let office = app.signed_in(Role::Office).await;
    let (status, _) = get_as(&app, &office, &format!("/quan-tri/ho-so/{id}")).await;
    assert_eq!(status, 500, "a fault, said as one");
}

/// The office sees who has not scored by full name, a draft said as one.
#[tokio::test]
async fn who_has_not_scored_is_named_by_full_name() {
    let app = TestApp::spawn().await;
    let cast = fixtures::cast(&app, 2).await;
    crate::harness::named_account(&app, "hd-2", "Trần Thị Hai", Role::Council).await;
    let (_, id) = fixtures::in_council(&app, &cast, "Đợt tên đầy đủ", 2026).await;
    let set = fixtures::coffee_set(&app).await;
    cycle::score_as_member(
        &app.store,
        &clock(),
        &cast.members[0],
        id,
        &sheet(&set, &[]),
    )
    .await
    .unwrap();
    let office = app.signed_in(Role::Office).await;
    let (_, page) = get_as(&app, &office, &format!("/quan-tri/ho-so/{id}")).await;
    let missing = page
        .split("chưa chấm: ")
        .nth(1)
        .and_then(|s| s.split("</p>").next())
        .unwrap_or_else(|| panic!("who is missing: {page}"));
    assert_eq!(missing, "Trần Thị Hai");
}
