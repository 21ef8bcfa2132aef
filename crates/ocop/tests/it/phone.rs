//! The back office on a 390 px phone (issue #16): the producer's dossier as
//! a task list and a council member's sheet, worked in a real browser at a
//! phone's width — nothing scrolls sideways, every field is labelled, the
//! steps are read top to bottom and the buttons are reached and pressed.

use crate::browser::{browser, fits_the_screen, screenshot, text, unlabelled};
use crate::fixtures::{self, clock_on};
use crate::harness::{TestApp, account};
use crate::journey::{answer_best, sign_in, state, step, submit};
use fantoccini::Client;
use ocop_domain::access::Role;

/// Nothing wider than the screen, and no field without a label (the
/// checks the public pages' phone test makes).
async fn fits_a_phone(c: &Client, what: &str) {
    assert!(
        fits_the_screen(c).await,
        "{what} scrolls sideways at 390 px"
    );
    assert_eq!(unlabelled(c).await, Vec::<String>::new(), "{what}");
}

/// Whether the element is inside the screen's width once scrolled to.
async fn reachable(c: &Client, css: &str) -> bool {
    c.execute(
        "const el = document.querySelector(arguments[0]);
         if (!el) return false;
         el.scrollIntoView({block: 'center'});
         const r = el.getBoundingClientRect();
         return r.width > 0 && r.left >= 0 && r.right <= window.innerWidth;",
        vec![serde_json::json!(css)],
    )
    .await
    .unwrap()
    .as_bool()
        == Some(true)
}

#[tokio::test]
async fn a_producer_and_a_council_member_work_their_dossier_on_a_phone() {
    let app = TestApp::spawn().await;
    let Some(b) = browser().await else { return };
    let c = &b.client;
    c.set_window_size(390, 844).await.unwrap();
    let base = app.base.clone();
    let cast = fixtures::cast(&app, 3).await;
    for (u, r) in [("chu-the", Role::Producer), ("hd-1", Role::Council)] {
        account(&app, u, r).await;
    }
    app.store
        .set_user_scope("chu-the", None, None, None, cast.producer.producer_id)
        .await
        .unwrap();
    let clock = clock_on(chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default());
    let round = fixtures::seated_round(&app, &cast, "Đợt điện thoại", 2026).await;
    let id = fixtures::draft(&app, &cast, round, &clock).await;
    let page = format!("{base}/quan-tri/ho-so/{id}");

    // The producer reads the steps top to bottom, nothing done yet.
    sign_in(c, &base, "chu-the").await;
    c.goto(&page).await.unwrap();
    fits_a_phone(c, "the draft dossier").await;
    let steps = text(c, "ol.steps").await;
    assert!(steps.contains("Phiếu tự đánh giá"), "{steps}");
    assert!(!steps.contains("Xong."), "nothing is done yet: {steps}");
    screenshot(c, "phone-390-dossier-draft").await;
    // The submit button is at the end, reached with a thumb; pressing it
    // now is refused with the missing parts named.
    assert!(reachable(c, "button[name=action][value=submit]").await);
    step(c, "submit").await;
    assert_eq!(state(c).await, "Đang soạn");
    let refusal = text(c, "p.error").await;
    assert!(refusal.contains("tự đánh giá"), "{refusal}");
    fits_a_phone(c, "the refused submission").await;
    // The self-assessment is answered and saved on the phone.
    answer_best(c, "form[action$='/tu-danh-gia']").await;
    assert!(reachable(c, "form[action$='/tu-danh-gia'] button[type=submit]").await);
    submit(c, "form[action$='/tu-danh-gia'] button[type=submit]").await;
    assert!(text(c, "ol.steps").await.contains("Xong."));
    fits_a_phone(c, "the self-assessed dossier").await;
    screenshot(c, "phone-390-dossier-self-assessed").await;

    // Taken to the council, a member scores on the phone.
    fixtures::to_council(&app, &cast, id, &clock).await;
    sign_in(c, &base, "hd-1").await;
    c.goto(&page).await.unwrap();
    assert_eq!(state(c).await, "Đang chấm tại hội đồng");
    fits_a_phone(c, "the council sheet").await;
    screenshot(c, "phone-390-council-sheet").await;
    answer_best(c, "form[action$='/cham']").await;
    assert!(reachable(c, "form[action$='/cham'] button[type=submit]").await);
    submit(c, "form[action$='/cham'] button[type=submit]").await;
    fits_a_phone(c, "the council board after scoring").await;
    let board = text(c, "main").await;
    assert!(
        board.contains("98/100") || board.contains("98,00"),
        "{board}"
    );
    screenshot(c, "phone-390-council-scored").await;
    // The conflict declaration stays a secondary action, folded away.
    let open: serde_json::Value = c
        .execute(
            "const d = document.querySelector('details.conflict'); return d ? d.open : null;",
            vec![],
        )
        .await
        .unwrap();
    assert_ne!(open, serde_json::json!(true));
}
