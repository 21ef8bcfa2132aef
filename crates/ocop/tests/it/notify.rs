//! Notifications: the right people are told of each step, in the application
//! and by email through a real SMTP exchange with a local sink; a failed send
//! is retried later; two workers never send the same email twice.

use crate::harness::{TestApp, clock, smtp_sink};
use ocop_app::cycle::{self, Actor};
use ocop_app::notify::{MailSettings, deliver_due};
use ocop_domain::access::Role;
use ocop_domain::dossier::DossierAction as A;

/// A test account with an email address for notifications.
async fn account(app: &TestApp, username: &str, role: Role, email: &str) {
    let full_name = match username {
        "chu-the" => "Nguyễn Thị Chủ",
        other => other,
    };
    crate::harness::named_account(app, username, full_name, role).await;
    app.store.set_email(username, Some(email)).await.unwrap();
}

#[tokio::test]
async fn steps_notify_the_right_people_and_emails_go_out_once() {
    let app = TestApp::spawn().await;
    let store = &app.store;
    let c = clock();
    let own = crate::harness::producer(store, "htx-nong-nghiep-cong-bang-thuan-an").await;
    account(&app, "chu-the", Role::Producer, "chu-the@example.vn").await;
    account(&app, "can-bo-xa", Role::Commune, "xa@example.vn").await;
    account(&app, "xa-khac", Role::Commune, "khac@example.vn").await;
    store
        .set_user_scope("chu-the", None, None, None, Some(own.id))
        .await
        .unwrap();
    store
        .set_user_scope("can-bo-xa", Some("24682"), None, None, None)
        .await
        .unwrap();
    store
        .set_user_scope("xa-khac", Some("24611"), None, None, None)
        .await
        .unwrap();
    let producer = Actor {
        username: "chu-the".into(),
        role: Role::Producer,
        province_code: "68".into(),
        commune_code: None,
        producer_id: Some(own.id),
        agency_code: None,
        district_code: None,
    };
    let commune = Actor {
        username: "can-bo-xa".into(),
        role: Role::Commune,
        province_code: "68".into(),
        commune_code: Some("24682".into()),
        producer_id: None,
        agency_code: None,
        district_code: None,
    };
    let by = ocop_store::cycle::By {
        actor: "van-phong",
        at: "2026-11-29T06:00:00Z",
    };
    let round = store
        .create_round("68", 2026, "Đợt thư", "1489/2025", &Default::default(), by)
        .await
        .unwrap();
    let id = cycle::open_dossier(store, &c, &producer, round, "ca-phe-bot-dak-dam", "first")
        .await
        .unwrap();
    let set = ocop_app::rules::set(store, "qd148-2023-13")
        .await
        .ok()
        .flatten()
        .map(|(s, _)| s)
        .unwrap_or_else(|| panic!("set"));
    let sheet = set
        .criteria()
        .filter_map(|(_, _, k)| k.options.last().map(|o| (k.id.clone(), o.id.clone())))
        .collect();
    cycle::save_self_assessment(store, &c, &producer, id, &sheet)
        .await
        .unwrap();
    let set = crate::fixtures::coffee_set(&app).await;
    crate::harness::attach_required_evidence(&app, &producer, id, &set).await;

    // Submitting tells the commune of the product, not another commune.
    cycle::act(store, &c, &producer, id, A::Submit, None)
        .await
        .unwrap();
    let notices = store.notices("can-bo-xa", 10).await.unwrap_or_default();
    assert_eq!(notices.len(), 1);
    assert_eq!(notices[0].subject, "Hồ sơ OCOP «Cà phê bột Đắk Đam»: nộp");
    assert_eq!(
        notices[0].link.as_deref(),
        Some(format!("/quan-tri/ho-so/{id}").as_str())
    );
    assert!(
        store
            .notices("xa-khac", 10)
            .await
            .unwrap_or_default()
            .is_empty()
    );
    // A return tells the producer, with the commune's comment.
    cycle::act(
        store,
        &c,
        &commune,
        id,
        A::Return,
        Some("Bổ sung phiếu kiểm nghiệm"),
    )
    .await
    .unwrap();
    let notices = store.notices("chu-the", 10).await.unwrap_or_default();
    assert!(
        notices[0]
            .body
            .contains("Ý kiến: Bổ sung phiếu kiểm nghiệm")
    );
    assert_eq!(store.unread_notices("chu-the").await.ok(), Some(1));
    // On the page: a sentence, the time in Vietnam, a link to the dossier.
    let (_, cookie, _) =
        crate::access::sign_in(&app, "can-bo-xa", crate::harness::TEST_PASSWORD).await;
    let cookie = crate::access::cookie_pair(&cookie.unwrap_or_default());
    let (_, page) = crate::harness::get_as(&app, &cookie, "/quan-tri/thong-bao").await;
    assert!(
        page.contains(
            "Hồ sơ OCOP của sản phẩm «Cà phê bột Đắk Đam» vừa được nộp bởi Nguyễn Thị Chủ (Chủ thể)."
        ),
        "{page}"
    );
    assert!(
        page.contains(&format!("<a href=\"/quan-tri/ho-so/{id}\">Mở hồ sơ")),
        "{page}"
    );
    assert!(page.contains(">29/11/2026 "), "local time: {page}");
    assert!(!page.contains("T06:00:00Z"));

    // The worker sends both emails through SMTP and marks them sent.
    let (port, received, sink) = smtp_sink().await;
    let mail =
        MailSettings::parse(&format!("smtp://127.0.0.1:{port}"), "ocop@lamdong.gov.vn").unwrap();
    assert_eq!(deliver_due(store, &c, &mail).await.ok(), Some(2));
    let got = received.lock().map(|g| g.clone()).unwrap_or_default();
    assert_eq!(got.len(), 2);
    assert!(
        got.iter().any(|m| m.contains("To: xa@example.vn"))
            && got.iter().any(|m| m.contains("To: chu-the@example.vn"))
    );
    assert!(got.iter().all(|m| m.contains("From: ocop@lamdong.gov.vn")));
    assert!(
        store
            .outbox()
            .await
            .unwrap_or_default()
            .iter()
            .all(|(_, _, sent)| *sent)
    );
    assert_eq!(
        deliver_due(store, &c, &mail).await.ok(),
        Some(0),
        "nothing is sent twice"
    );

    // With the relay down, the email waits and is tried again later.
    sink.abort();
    let _ = sink.await;
    let dead = MailSettings {
        port: 1,
        ..mail.clone()
    };
    cycle::act(store, &c, &producer, id, A::Resubmit, None)
        .await
        .unwrap();
    assert_eq!(deliver_due(store, &c, &dead).await.ok(), Some(0));
    let waiting = store.outbox().await.unwrap_or_default();
    assert_eq!(waiting.iter().filter(|(_, _, sent)| !sent).count(), 1);
    assert_eq!(
        deliver_due(store, &c, &dead).await.ok(),
        Some(0),
        "not retried before its backoff"
    );

    // Two workers at once, a minute later: the waiting email goes out once.
    let (port, received, _sink) = smtp_sink().await;
    let live = MailSettings { port, ..mail };
    let later = ocop_app::FixedClock(c.0 + chrono::Duration::minutes(2));
    let (a, b) = tokio::join!(
        deliver_due(store, &later, &live),
        deliver_due(store, &later, &live)
    );
    assert_eq!(a.unwrap_or(0) + b.unwrap_or(0), 1);
    assert_eq!(received.lock().map(|g| g.len()).unwrap_or(0), 1);
}

/// Notices are written with the step, in its transaction: a step that
/// loses the race (its dossier moved on) tells nobody, and a step taken
/// tells each person once.
#[tokio::test]
async fn a_step_that_did_not_happen_tells_nobody() {
    let app = TestApp::spawn().await;
    let store = &app.store;
    let cast = crate::fixtures::cast(&app, 1).await;
    let round = crate::fixtures::seated_round(&app, &cast, "Đợt báo tin", 2026).await;
    let id = crate::fixtures::draft(&app, &cast, round, &clock()).await;
    let tell = ocop_store::notifications::Tell {
        to: vec!["can-bo-xa".into()],
        subject: "Hồ sơ đã nộp".into(),
        body: "Hồ sơ vừa được nộp.".into(),
        link: None,
    };
    let by = ocop_store::cycle::By {
        actor: "chu-the",
        at: "2026-11-29T06:00:00Z",
    };
    // Stale: the dossier is a draft, not "returned".
    let stale = ocop_store::cycle::Move {
        from: "returned",
        to: "submitted",
        action: "resubmit",
        comment: None,
    };
    assert!(matches!(
        store.move_dossier(id, stale, by, Some(&tell)).await,
        Err(ocop_store::StoreError::Conflict(_))
    ));
    assert!(
        store
            .notices("can-bo-xa", 10)
            .await
            .unwrap_or_default()
            .is_empty()
    );
    let taken = ocop_store::cycle::Move {
        from: "draft",
        to: "submitted",
        action: "submit",
        comment: None,
    };
    store
        .move_dossier(id, taken, by, Some(&tell))
        .await
        .unwrap();
    assert_eq!(
        store
            .notices("can-bo-xa", 10)
            .await
            .unwrap_or_default()
            .len(),
        1
    );
}
