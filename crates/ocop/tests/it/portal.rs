//! The public portal (issue #5): the star check, search, shareable pages.

use crate::harness::{TestApp, execute_sql};
use ocop_domain::text::slugify;
use ocop_store::certificates::{ChangeRecord, StandingChange, StandingRefusal};

/// Gives the newest certificate of a product a printed number, as an
/// imported list or a platform recognition would.
async fn number_certificate(app: &TestApp, product: &str, number: &str, extra: &str) {
    let slug = slugify(product);
    execute_sql(
        &app.db().url,
        &format!(
            "UPDATE certificates SET number = '{number}'{extra} WHERE product_id = \
             (SELECT id FROM products WHERE slug = '{slug}')"
        ),
    )
    .await;
}

async fn json(app: &TestApp, path: &str) -> (u16, serde_json::Value) {
    let res = app.get(path).await;
    let status = res.status().as_u16();
    let ct = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(ct.starts_with("application/json"), "{path}: {ct}");
    (status, res.json().await.unwrap_or_default())
}

fn rec<'a>() -> ChangeRecord<'a> {
    ChangeRecord {
        decision: Some("99/QĐ-UBND"),
        actor: "office1",
        now: "2026-11-29T06:00:00Z",
    }
}

#[tokio::test]
async fn star_check_answers_each_status_on_the_page_and_in_json() {
    let app = TestApp::spawn().await;
    let store = app.db().store().await;
    number_certificate(&app, "Mắm nêm Seagull", "OCOP-68-2026-00001", "").await;
    number_certificate(
        &app,
        "Nấm Fresh Cordyceps Vietnam (Nấm tươi)",
        "OCOP-68-2026-00002",
        "",
    )
    .await;
    number_certificate(
        &app,
        "Nấm Cordyceps Vietnam (Nấm khô sấy thăng hoa)",
        "OCOP-68-2026-00003",
        "",
    )
    .await;

    // Valid: typed in any case, answered with the decision and the dates.
    let (status, a) = json(&app, "/api/v1/certificates/ocop-68-2026-00001").await;
    assert_eq!(status, 200);
    assert_eq!(a["status"], "valid");
    assert_eq!(a["stars"], 3);
    assert_eq!(a["decision_number"], "3981/QĐ-UBND");
    assert_eq!(a["issued_on"], "2026-08-05");
    assert_eq!(a["valid_until"], "2029-08-05");
    assert_eq!(a["product_name"], "Mắm nêm Seagull");
    let (status, html) = app.page("/kiem-tra-sao?q=OCOP-68-2026-00001").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Còn hiệu lực") && html.contains("05/08/2029"),
        "{html}"
    );
    // By name without accents.
    let (_, html) = app.page("/kiem-tra-sao?q=mam+nem+seagull").await;
    assert!(html.contains("Mắm nêm Seagull") && html.contains("Còn hiệu lực"));

    // Suspended: shown as not to be trusted, with its grounds; audited.
    let r = store
        .change_certificate_standing(
            "68",
            "OCOP-68-2026-00001",
            StandingChange::Suspend {
                on: "2026-11-01",
                reason: "Bao bì không đúng mẫu đã công nhận",
            },
            rec(),
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r, Ok(()));
    let (_, a) = json(&app, "/api/v1/certificates/OCOP-68-2026-00001").await;
    assert_eq!(a["status"], "suspended");
    assert_eq!(a["reason"], "Bao bì không đúng mẫu đã công nhận");
    assert_eq!(a["suspended_on"], "2026-11-01");
    let (_, html) = app.page("/kiem-tra-sao?q=OCOP-68-2026-00001").await;
    assert!(html.contains("Tạm đình chỉ") && html.contains("không được dùng sao này"));
    let log = store.audit_log(5).await.unwrap_or_default();
    assert!(
        log.iter().any(|e| e.action == "certificate.suspend"
            && e.entity_id == "OCOP-68-2026-00001"
            && e.after.as_deref().is_some_and(|a| a.contains("2026-11-01"))),
        "{log:?}"
    );

    // Revoked from a past date; a revocation cannot be repeated.
    let revoke = StandingChange::Revoke {
        on: "2026-10-15",
        reason: "Ngừng sản xuất",
    };
    let r = store
        .change_certificate_standing("68", "OCOP-68-2026-00002", revoke, rec())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r, Ok(()));
    let again = store
        .change_certificate_standing("68", "OCOP-68-2026-00002", revoke, rec())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again, Err(StandingRefusal::AlreadyRevoked));
    let (_, a) = json(&app, "/api/v1/certificates/OCOP-68-2026-00002").await;
    assert_eq!(a["status"], "revoked");
    assert_eq!(a["revoked_on"], "2026-10-15");
    let (_, html) = app.page("/kiem-tra-sao?q=OCOP-68-2026-00002").await;
    assert!(html.contains("Đã thu hồi") && html.contains("Ngừng sản xuất"));
    // The product page says so too.
    let (_, html) = app
        .page(&format!(
            "/san-pham/{}",
            slugify("Nấm Fresh Cordyceps Vietnam (Nấm tươi)")
        ))
        .await;
    assert!(html.contains("Đã thu hồi"));

    // A revocation dated later does not yet apply.
    let later = StandingChange::Revoke {
        on: "2026-12-15",
        reason: "Theo đề nghị của chủ thể",
    };
    let r = store
        .change_certificate_standing("68", "OCOP-68-2026-00003", later, rec())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r, Ok(()));
    let (_, a) = json(&app, "/api/v1/certificates/OCOP-68-2026-00003").await;
    assert_eq!(a["status"], "valid");

    // Expired by the dates: issued 20 Oct 2023, last valid day 20 Oct 2026.
    number_certificate(
        &app,
        "Lúa gạo Krông Nô (gạo ST24)",
        "OCOP-67-2023-00009",
        ", issued_on = '2023-10-20'",
    )
    .await;
    let (_, a) = json(&app, "/api/v1/certificates/OCOP-67-2023-00009").await;
    assert_eq!(a["status"], "expired");
    assert_eq!(a["valid_until"], "2026-10-20");
    let (_, html) = app.page("/kiem-tra-sao?q=dau+sachi").await;
    assert!(
        html.contains("Hết hiệu lực"),
        "year-only 2020 record lapsed by 2023"
    );

    // Unknown numbers: a JSON 404, and a page that says so plainly.
    let (status, _) = json(&app, "/api/v1/certificates/OCOP-68-2026-99999").await;
    assert_eq!(status, 404);
    let (status, html) = app.page("/kiem-tra-sao?q=OCOP-68-2026-99999").await;
    assert_eq!(status, 200);
    assert!(html.contains("Không tìm thấy giấy chứng nhận"));

    // The feed: what stopped being valid in the last 60 days, newest first.
    let (status, feed) = json(&app, "/api/v1/certificate-changes?days=60").await;
    assert_eq!(status, 200);
    assert_eq!(feed["since"], "2026-09-30");
    let changes = feed["changes"].as_array().cloned().unwrap_or_default();
    let pos = |n: &str| changes.iter().position(|c| c["certificate_number"] == n);
    let (Some(s), Some(r), Some(e)) = (
        pos("OCOP-68-2026-00001"),
        pos("OCOP-68-2026-00002"),
        pos("OCOP-67-2023-00009"),
    ) else {
        panic!("{changes:?}")
    };
    assert_eq!(changes[s]["changed_on"], "2026-11-01");
    assert_eq!(changes[e]["changed_on"], "2026-10-21");
    assert_eq!(changes[r]["changed_on"], "2026-10-15");
    assert!(s < e && e < r, "newest first");
    assert!(pos("OCOP-68-2026-00003").is_none(), "not yet revoked");
    for c in &changes {
        let d = c["changed_on"].as_str().unwrap_or_default();
        assert!(("2026-09-30"..="2026-11-29").contains(&d), "{c}");
        assert_ne!(c["status"], "valid");
    }
    let (_, feed) = json(&app, "/api/v1/certificate-changes?days=1").await;
    assert!(
        feed["changes"].as_array().is_some_and(Vec::is_empty),
        "{feed}"
    );
    let (status, _) = json(&app, "/api/v1/certificate-changes?days=0").await;
    assert_eq!(status, 400);
}
