//! Who signs and in what capacity (issue #16 point 6): a council member's
//! position recorded once on the account and printed under the name in the
//! minutes and the member lists; a decision's signature block (TM./KT./
//! position) entered once with the decision and printed, read back by
//! poppler's pdftotext, on the decision and on its certificate; all three
//! documents archived as PDF/A-2u (declared in their XMP, read by pdfinfo).

use crate::documents::pdf_text;
use crate::fixtures::{self, clock_on};
use crate::harness::{TestApp, get_as, post_as};
use ocop_domain::access::Role;

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

async fn pdf(app: &TestApp, cookie: &str, path: &str) -> Vec<u8> {
    let (status, kind, bytes) = crate::harness::file_as(app, cookie, path).await;
    assert_eq!((status, kind.as_str()), (200, "application/pdf"), "{path}");
    bytes
}

#[tokio::test]
async fn a_members_position_is_recorded_once_audited_and_printed_in_the_minutes() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in(Role::Admin).await;
    crate::harness::account(&app, "hd-chu", Role::Council).await;
    let position = "Phó Giám đốc Sở Nông nghiệp và Môi trường";
    // Too long: refused beside the field, what was typed kept, nothing written.
    let long = "Chức danh ".repeat(20);
    let (status, html) = post_as(
        &app,
        &admin,
        "/quan-tri/tai-khoan/hd-chu/chuc-danh",
        &[("position", long.as_str())],
    )
    .await;
    assert_eq!(status, 422, "{html}");
    assert!(html.contains("id=\"pos-hd-chu-error\""), "{html}");
    assert!(html.contains(long.trim_end()), "what was typed is kept");
    let people = app.store.people().await.unwrap();
    assert_eq!(people.get("hd-chu").and_then(|p| p.position.clone()), None);
    // Only who manages accounts may set it.
    let office = app.signed_in(Role::Office).await;
    let (status, _) = post_as(
        &app,
        &office,
        "/quan-tri/tai-khoan/hd-chu/chuc-danh",
        &[("position", position)],
    )
    .await;
    assert_eq!(status, 403);
    let (status, html) = post_as(
        &app,
        &admin,
        "/quan-tri/tai-khoan/hd-chu/chuc-danh",
        &[("position", &format!("  {position} "))],
    )
    .await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains(&format!("value=\"{position}\"")), "{html}");
    let (status, _) = post_as(
        &app,
        &admin,
        "/quan-tri/tai-khoan/khong-co/chuc-danh",
        &[("position", position)],
    )
    .await;
    assert_eq!(status, 404);
    // Audited: who, before and after.
    let entry = app
        .store
        .audit_log(20)
        .await
        .unwrap()
        .into_iter()
        .find(|e| e.entity == "user" && e.action == "update")
        .unwrap_or_else(|| panic!("the change is in the audit log"));
    assert_eq!(entry.actor, "quan-tri");
    assert!(
        entry.after.as_deref().unwrap_or("").contains(position),
        "{entry:?}"
    );
    assert!(
        entry.before.as_deref().unwrap_or("").contains("null"),
        "{entry:?}"
    );

    // Seated, the member is chosen by name and position, and the minutes
    // print both.
    let by = ocop_store::cycle::By {
        actor: "van-phong",
        at: "2026-11-29T06:00:00Z",
    };
    let round = app
        .store
        .create_round(
            "68",
            2026,
            "Đợt 1 năm 2026",
            "1489/2025",
            &Default::default(),
            by,
        )
        .await
        .unwrap();
    let (_, page) = get_as(&app, &office, &format!("/quan-tri/dot/{round}")).await;
    assert!(
        page.contains(&format!("hd-chu, {position} (hd-chu)")),
        "the eligible list names the position: {page}"
    );
    app.store
        .add_council_member(round, "hd-chu", true, "van-phong", by.at)
        .await
        .unwrap();
    let minutes = pdf(
        &app,
        &office,
        &format!("/quan-tri/dot/{round}/bien-ban.pdf"),
    )
    .await;
    crate::outside::assert_qpdf_passes(&minutes);
    crate::outside::assert_pdfa_2u(&minutes);
    let text = one_line(&pdf_text(&minutes));
    assert!(
        text.contains(&format!("hd-chu, {position}: Chủ tịch hội đồng")),
        "{text}"
    );
}

#[tokio::test]
async fn the_signature_block_is_entered_once_and_printed_on_the_decision_and_its_certificates() {
    let app = TestApp::spawn().await;
    let on = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default();
    let c = clock_on(on);
    let cast = fixtures::cast(&app, 3).await;
    let (_, id) = fixtures::in_council_on(&app, &cast, "Đợt ký", 2026, &c).await;
    let set = fixtures::coffee_set(&app).await;
    fixtures::scored_on(&app, &cast, id, &fixtures::sheet(&set, &[("4.a", 1)]), &c).await;
    let office = app.signed_in(Role::Office).await;
    let path = format!("/quan-tri/ho-so/{id}/cong-nhan");
    // The form offers both capacities, the head checked.
    let (_, page) = get_as(&app, &office, &format!("/quan-tri/ho-so/{id}")).await;
    assert!(page.contains("value=\"head\" checked"), "{page}");
    assert!(page.contains("Phó Chủ tịch ký thay"), "{page}");
    let decide = |sign_as: &'static str, signer: &'static str| {
        let (app, office, path) = (&app, &office, &path);
        async move {
            post_as(
                app,
                office,
                path,
                &[
                    ("number", "88/QĐ-UBND"),
                    ("issued_on", "2026-11-29"),
                    ("sign_as", sign_as),
                    ("signer", signer),
                ],
            )
            .await
        }
    };
    // A capacity that does not exist, or no name: refused beside the field,
    // what was typed kept.
    let (status, html) = decide("thu-ky", "Trần Văn Phó").await;
    assert_eq!(status, 422, "{html}");
    assert!(html.contains("id=\"sign_as-error\""), "{html}");
    assert!(html.contains("value=\"Trần Văn Phó\""), "{html}");
    let (status, html) = decide("deputy", "  ").await;
    assert_eq!(status, 422, "{html}");
    assert!(html.contains("id=\"signer-error\""), "{html}");
    assert!(
        html.contains("value=\"deputy\" checked"),
        "the choice is kept"
    );
    assert_eq!(
        app.store.certificate_of_dossier(id).await.unwrap(),
        None,
        "nothing was issued"
    );
    // The deputy signs for the chair.
    let (status, _) = decide("deputy", "Trần Văn Phó").await;
    assert!(status == 303 || status == 200, "{status}");
    let (cert, _) = app
        .store
        .certificate_of_dossier(id)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("a certificate was issued"));
    let certificate = pdf(
        &app,
        &office,
        &format!("/quan-tri/giay-chung-nhan/{cert}/pdf"),
    )
    .await;
    let decision = pdf(&app, &office, "/quyet-dinh/pdf?so=88/Q%C4%90-UBND").await;
    for doc in [&certificate, &decision] {
        crate::outside::assert_qpdf_passes(doc);
        // Official records kept for years: archived as PDF/A-2u.
        crate::outside::assert_pdfa_2u(doc);
        let text = pdf_text(doc);
        // The block in order, the name under it (the layout puts the QR's
        // caption on the same lines, so the order is what is read).
        let at = |t: &str| {
            text.find(t)
                .unwrap_or_else(|| panic!("missing «{t}» in {text}"))
        };
        let block = [
            at("TM. ỦY BAN NHÂN DÂN"),
            at("KT. CHỦ TỊCH"),
            at("PHÓ CHỦ TỊCH"),
            at("Trần Văn Phó"),
        ];
        assert!(block.windows(2).all(|w| w[0] < w[1]), "{text}");
        assert!(text.contains("Trần Văn Phó"), "{text}");
    }
}
