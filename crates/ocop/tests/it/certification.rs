//! The certification record: status from partial records with their bounds,
//! and one standing certificate per product after a re-evaluation.

use crate::fixtures;
use crate::harness::{TestApp, clock};
use crate::portal::json;
use ocop_app::Clock as _;

fn day(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a real day")
}

/// Shipped rows that give neither a year nor a decision: the only records
/// that prove nothing about their dates.
fn undated_shipped_rows() -> usize {
    ["daknong-ocop-products.csv", "lamdong-ocop-more.csv"]
        .into_iter()
        .map(|file| {
            crate::harness::data_rows(file)
                .iter()
                .filter(|r| {
                    crate::harness::col(file, r, "year").is_empty()
                        && crate::harness::col(file, r, "decision").is_empty()
                        && (file.starts_with("daknong")
                            || crate::harness::col(file, r, "decision_date").is_empty())
                })
                .count()
        })
        .sum()
}

#[tokio::test]
async fn every_shipped_product_is_answered_from_what_its_record_proves() {
    let app = TestApp::spawn().await;
    let today = clock().today();
    let all = app
        .store
        .all_certificates("68")
        .await
        .expect("certificates");
    let mut by_product: std::collections::BTreeMap<String, Vec<_>> = Default::default();
    for c in all {
        let view = ocop_app::portal::certificate_view(c.certificate.clone(), today);
        by_product
            .entry(c.product_slug.clone())
            .or_default()
            .push(view);
    }
    let mut unknown = 0;
    for (slug, views) in &by_product {
        let standing = views.iter().filter(|v| v.status.may_be_valid()).count();
        assert!(standing <= 1, "{slug}: {standing} certificates stand");
        for v in views {
            let dated = v.record.issued_on.is_some()
                || v.record.decision_issued_on.is_some()
                || v.record.year.is_some();
            assert_eq!(
                v.status.code() == "unknown",
                !dated,
                "{slug}: {:?} for {:?}",
                v.status,
                v.record
            );
            unknown += usize::from(!dated);
        }
    }
    assert_eq!(unknown, undated_shipped_rows());
    assert!(
        unknown > 0,
        "the data holds undated rows; the check is not vacuous"
    );
}

#[tokio::test]
async fn year_only_records_show_the_bound_they_prove() {
    let app = TestApp::spawn().await;
    // Recognised in 2025, date unknown: valid at least until 1 Jan 2028
    // (issued on 1 Jan 2025 at the earliest, valid through the same day
    // 36 months on); on the platform's day, 29 Nov 2026.
    let (_, html) = app
        .page("/kiem-tra-sao?q=N%E1%BA%A5m+h%C6%B0%C6%A1ng+Ph%C3%BA+Th%E1%BB%8Bnh+t%C6%B0%C6%A1i")
        .await;
    assert!(html.contains("Còn hiệu lực"), "{html}");
    assert!(
        html.contains("còn hiệu lực ít nhất đến 01/01/2028"),
        "{html}"
    );
    assert!(!html.contains("Chưa xác định hiệu lực"), "{html}");
    // Recognised in 2023, date unknown: certainly valid only through
    // 1 Jan 2026, certainly lapsed after 31 Dec 2026: not settled today.
    let (_, html) = app.page("/kiem-tra-sao?q=tra+cao+gam").await;
    assert!(html.contains("Có thể còn hiệu lực"), "{html}");
    assert!(
        html.contains("chắc chắn hiệu lực đến 01/01/2026; có thể đến 31/12/2026"),
        "{html}"
    );
    assert!(!html.contains("Còn hiệu lực</strong>"), "{html}");
    // The product page says the same.
    let (_, html) = app.page("/san-pham/nam-huong-phu-thinh-tuoi").await;
    assert!(html.contains("ít nhất đến 01/01/2028"), "{html}");
}

async fn coffee_certificates(app: &TestApp) -> Vec<ocop_store::catalog::CertificateRecord> {
    app.store
        .product_by_slug("68", "ca-phe-bot-dak-dam")
        .await
        .expect("product")
        .expect("exists")
        .certificates
}

#[tokio::test]
async fn a_re_evaluation_supersedes_the_earlier_certificate_everywhere() {
    let app = TestApp::spawn().await;
    let first = fixtures::recognised(&app, "Đợt 1 năm 2026", "12/QĐ-UBND", day(2026, 3, 2)).await;
    let second =
        fixtures::recognised(&app, "Đợt 2 năm 2026", "88/QĐ-UBND", day(2026, 10, 20)).await;
    assert_ne!(first, second);
    let coffee = coffee_certificates(&app).await;
    let issued: Vec<String> = coffee.iter().filter_map(|c| c.number.clone()).collect();
    assert_eq!(issued.len(), 2, "{issued:?}");
    let (old_no, new_no) = (issued[1].clone(), issued[0].clone());
    assert!(old_no.starts_with("OCOP-68-2026-") && new_no != old_no);

    // The machine answer: the old one names the new one and the day.
    let (status, old) = json(&app, &format!("/api/v1/certificates/{old_no}")).await;
    assert_eq!(status, 200);
    assert_eq!(old["status"], "superseded", "{old}");
    assert_eq!(old["superseded_by"], new_no.as_str());
    assert_eq!(old["superseded_on"], "2026-10-20");
    let (_, new) = json(&app, &format!("/api/v1/certificates/{new_no}")).await;
    assert_eq!(new["status"], "valid", "{new}");
    assert_eq!(new["valid_until"], "2029-10-20");

    // The feed tells marketplaces to replace the old star.
    let (_, feed) = json(&app, "/api/v1/certificate-changes?days=60").await;
    let changes = feed["changes"].as_array().expect("changes");
    assert!(
        changes
            .iter()
            .any(|c| c["certificate_number"] == old_no.as_str()
                && c["status"] == "superseded"
                && c["changed_on"] == "2026-10-20"),
        "{feed}"
    );
    assert!(
        !changes
            .iter()
            .any(|c| c["certificate_number"] == new_no.as_str())
    );

    // The star check page and the product page.
    let (_, html) = app.page(&format!("/kiem-tra-sao?q={old_no}")).await;
    assert!(
        html.contains("Đã được thay thế") && html.contains(&new_no),
        "{html}"
    );
    let (_, html) = app.page("/san-pham/ca-phe-bot-dak-dam").await;
    assert!(
        html.contains("thay thế từ 20/10/2026 bởi giấy chứng nhận"),
        "{html}"
    );
    let head = html.split("<table>").next().unwrap_or_default();
    assert!(
        head.contains("status-valid\""),
        "the star stands on the new certificate: {head}"
    );

    // Every earlier certificate of the product (the shipped 2020 record
    // too) is superseded; exactly one stands.
    let today = clock().today();
    let views: Vec<_> = coffee
        .into_iter()
        .map(|c| ocop_app::portal::certificate_view(c, today))
        .collect();
    assert!(views.len() >= 3, "{views:?}");
    assert_eq!(views.iter().filter(|v| v.status.may_be_valid()).count(), 1);
    assert_eq!(views[0].record.number.as_deref(), Some(new_no.as_str()));
    assert!(
        views[1..]
            .iter()
            .all(|v| v.status.code() == "superseded" || v.status.code() == "expired"),
        "{views:?}"
    );
}

#[tokio::test]
async fn a_round_is_created_only_under_a_procedure_in_force_on_its_dates() {
    let app = TestApp::spawn().await;
    let office =
        crate::harness::session(&app, "van-phong", ocop_domain::access::Role::Office).await;
    let form = |procedure: &'static str, dossier: &'static str, commune: &'static str| {
        vec![
            ("year", "2026"),
            ("label", "Đợt 3 năm 2026"),
            ("procedure", procedure),
            ("dossier_until", dossier),
            ("commune_until", commune),
            ("advisory_until", ""),
            ("council_until", ""),
            ("decision_until", ""),
        ]
    };
    // A 2026 round under 148/2023 (ended 5 Jul 2025): refused by the field,
    // what was typed kept.
    let (status, html) = crate::harness::post_as(
        &app,
        &office,
        "/quan-tri/dot",
        &form("148/2023", "2026-12-20", "2026-12-10"),
    )
    .await;
    assert_eq!(status, 422, "{html}");
    assert!(
        html.contains("Quy trình 148/2023 không áp dụng vào ngày 29/11/2026"),
        "{html}"
    );
    assert!(
        html.contains("1489/QĐ-TTg"),
        "names the procedure in force: {html}"
    );
    assert!(
        html.contains("phải sau hạn «Nộp hồ sơ» (20/12/2026)"),
        "deadlines out of order: {html}"
    );
    assert!(html.contains("value=\"Đợt 3 năm 2026\""), "{html}");
    // 26/2026 is never in force until its official text is verified…
    let (status, html) =
        crate::harness::post_as(&app, &office, "/quan-tri/dot", &form("26/2026", "", "")).await;
    assert_eq!(status, 422, "{html}");
    assert!(html.contains("Quy trình 26/2026 không áp dụng"), "{html}");
    app.store
        .verify_procedure_text(
            "26/2026",
            "Công báo số …/2026",
            "admin",
            "2026-11-29T06:00:00Z",
        )
        .await
        .expect("verify");
    // …and then it is.
    let (status, location, _) =
        crate::harness::post_form(&app, &office, "/quan-tri/dot", &form("26/2026", "", "")).await;
    assert_eq!(status, 303, "{location}");
    assert!(location.starts_with("/quan-tri/dot/"));
    let audit = app
        .store
        .audit_entries("procedure", "26/2026")
        .await
        .expect("audit");
    assert_eq!(audit.len(), 1);
    // The public criteria page says what governs today.
    let (_, html) = app.page("/bo-tieu-chi").await;
    assert!(html.contains("Hôm nay 29/11/2026"), "{html}");
    assert!(html.contains("Quyết định 26/2026/QĐ-TTg"), "{html}");
    assert!(
        html.contains("UBND cấp xã đánh giá sơ bộ các tiêu chí được giao"),
        "{html}"
    );
    assert!(
        html.contains("Hội đồng cấp huyện đánh giá, phân hạng"),
        "{html}"
    );
}

#[tokio::test]
async fn a_decision_cannot_be_dated_before_the_lock_or_in_the_future() {
    let app = TestApp::spawn().await;
    let cast = fixtures::cast(&app, 3).await;
    let c = fixtures::clock_on(day(2026, 11, 20));
    let (_, id) = fixtures::in_council_on(&app, &cast, "Đợt ngày", 2026, &c).await;
    let set = fixtures::coffee_set(&app).await;
    fixtures::scored_on(
        &app,
        &cast,
        id,
        &fixtures::sheet(&set, &[("4.a", 1), ("5.a", 1), ("4.b", 1)]),
        &c,
    )
    .await;
    let office = &cast.office;
    let today = clock();
    let recognise = |on| {
        ocop_app::cycle::recognise(
            &app.store,
            &today,
            office,
            id,
            ocop_app::cycle::DecisionInput {
                number: "77/QĐ-UBND",
                issued_on: on,
                sign_as: ocop_domain::signature::SignAs::Head,
                signer: "Chủ tịch",
            },
        )
    };
    match recognise(day(2026, 11, 19)).await {
        Err(e @ ocop_app::cycle::CycleError::DecisionBeforeSheetsLocked { on, locked }) => {
            assert_eq!((on, locked), (day(2026, 11, 19), day(2026, 11, 20)));
            assert_eq!(e.field(), Some("issued_on"));
        }
        other => panic!("{other:?}"),
    }
    match recognise(day(2026, 11, 30)).await {
        Err(e @ ocop_app::cycle::CycleError::DecisionInFuture { on }) => {
            assert_eq!(on, day(2026, 11, 30));
            assert_eq!(e.field(), Some("issued_on"));
        }
        other => panic!("{other:?}"),
    }
    // Through the form: the refusal stands next to the date, what was typed kept.
    let session =
        crate::harness::session(&app, "van-phong", ocop_domain::access::Role::Office).await;
    let (status, html) = crate::harness::post_as(
        &app,
        &session,
        &format!("/quan-tri/ho-so/{id}/cong-nhan"),
        &[
            ("number", "77/QĐ-UBND"),
            ("issued_on", "2026-11-19"),
            ("signer", "Chủ tịch"),
        ],
    )
    .await;
    assert_eq!(status, 422, "{html}");
    assert!(html.contains("id=\"issued_on-error\""), "{html}");
    assert!(
        html.contains("value=\"77/QĐ-UBND\"") && html.contains("value=\"2026-11-19\""),
        "{html}"
    );
    let cert = recognise(day(2026, 11, 25))
        .await
        .expect("the lock day or after, up to today");
    let p = coffee_certificates(&app).await;
    let c = p.iter().find(|c| c.id == cert).expect("issued");
    assert_eq!(c.issuing_authority.as_deref(), Some("UBND Tỉnh Lâm Đồng"));
}

#[tokio::test]
async fn shipped_district_decisions_keep_their_district_issuer_everywhere() {
    let app = TestApp::spawn().await;
    // A 2024 decision of the former Tánh Linh district (before 1 Jul 2025).
    let (_, html) = app.page("/kiem-tra-sao?q=yen+sao+minh+huyen").await;
    assert!(html.contains("UBND huyện Tánh Linh"), "{html}");
    // The decision PDF heads itself with the district that issued it.
    let res = app.get("/quyet-dinh/pdf?so=1887/QĐ-UBND").await;
    assert_eq!(res.status().as_u16(), 200);
    let pdf = res.bytes().await.unwrap_or_default();
    if std::process::Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_err()
    {
        assert!(std::env::var("CI").is_err(), "CI must have poppler-utils");
        return;
    }
    let text = crate::documents::pdf_text(&pdf);
    assert!(text.contains("HUYỆN ĐẮK SONG"), "{text}");
    assert!(
        !text.contains("TỈNH LÂM ĐỒNG"),
        "not the deployment's province: {text}"
    );
    assert!(text.contains("Đắk Song, ngày"), "{text}");
}

#[tokio::test]
async fn a_products_group_follows_its_criteria_set() {
    let app = TestApp::spawn().await;
    let group = async |slug: &str| {
        app.store
            .product_by_slug("68", slug)
            .await
            .expect("product")
            .expect("exists")
            .summary
            .group_code
    };
    // Listed as drinks and herbs in the sources; scored on sets 13 and 12.
    assert_eq!(group("hill-coffee").await.as_deref(), Some("I"));
    assert_eq!(group("tra-cao-gam").await.as_deref(), Some("I"));
    // A database loaded before the rule is corrected at the next start,
    // with an audit entry.
    crate::harness::execute_sql(
        &app.db().url,
        "UPDATE products SET group_code = 'II' WHERE slug = 'hill-coffee'",
    )
    .await;
    crate::harness::execute_sql(
        &app.db().url,
        "DELETE FROM dataset_loads WHERE dataset = 'product-groups-by-criteria-set'",
    )
    .await;
    assert_eq!(group("hill-coffee").await.as_deref(), Some("II"));
    let report = ocop_app::seed::load_missing(
        &app.store,
        &clock(),
        &ocop_app::Province { code: "68".into() },
    )
    .await
    .expect("load");
    assert_eq!(
        report.loaded,
        [("product-groups-by-criteria-set".to_owned(), 1)]
    );
    assert_eq!(group("hill-coffee").await.as_deref(), Some("I"));
    let audit = app
        .store
        .audit_entries("product", "*")
        .await
        .expect("audit");
    assert!(
        audit.iter().any(|a| a.action == "product.group_follows_set"
            && a.after
                .as_deref()
                .is_some_and(|j| j.contains("Hill coffee"))),
        "{audit:?}"
    );
}

#[tokio::test]
async fn the_catalogue_finds_a_departments_products_by_set_as_well_as_group() {
    let app = TestApp::spawn().await;
    let rows = app.store.search_rows("68").await.expect("rows");
    let processed = |r: &ocop_store::snapshot::SearchRow| {
        r.criteria_set
            .as_deref()
            .is_some_and(|s| ("qd148-2023-05"..="qd148-2023-08").contains(&s))
    };
    let trade = rows
        .iter()
        .filter(|r| processed(r) || r.summary.group_code.as_deref() == Some("II"))
        .count();
    assert!(rows.iter().any(processed), "processed food is shipped");
    let (_, all) = json(&app, "/api/v1/products?per_page=100").await;
    let facet = all["facets"]["departments"]
        .as_array()
        .and_then(|f| f.iter().find(|d| d["key"] == "CT").cloned())
        .expect("Industry and Trade in the facet");
    assert_eq!(facet["count"].as_u64(), Some(trade as u64), "{facet}");
    let (_, ct) = json(&app, "/api/v1/products?department=CT&per_page=100").await;
    assert_eq!(ct["total"].as_u64(), Some(trade as u64), "{ct}");
    // Agriculture no longer counts processed food although it is group I.
    let (_, nn) = json(&app, "/api/v1/products?department=NNMT&per_page=100").await;
    let slugs: Vec<&str> = nn["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i["slug"].as_str())
        .collect();
    for r in rows.iter().filter(|r| processed(r)) {
        assert!(
            !slugs.contains(&r.summary.slug.as_str()),
            "{}",
            r.summary.slug
        );
    }
}

#[tokio::test]
async fn a_department_reaches_the_producers_of_the_sets_it_leads() {
    let app = TestApp::spawn().await;
    // Sachi oil is processed from seeds (set 7, group I): Industry and Trade
    // leads it, Agriculture does not; the Thuận An coffee (set 13) the reverse.
    for (username, agency) in [("so-ct", "CT"), ("so-nnmt", "NNMT")] {
        crate::harness::account(&app, username, ocop_domain::access::Role::Department).await;
        app.store
            .set_user_scope(username, None, None, Some(agency), None)
            .await
            .expect("scope");
    }
    let page = |slug: &str| format!("/quan-tri/chu-the/{slug}");
    for (username, sachi, coffee) in [("so-ct", 200, 403), ("so-nnmt", 403, 200)] {
        let (_, cookie, _) =
            crate::access::sign_in(&app, username, crate::harness::TEST_PASSWORD).await;
        let cookie = crate::access::cookie_pair(&cookie.unwrap_or_default());
        let (got, _) =
            crate::harness::get_as(&app, &cookie, &page("cong-ty-co-phan-sachi-tay-nguyen")).await;
        assert_eq!(got, sachi, "{username} on Sachi");
        let (got, _) =
            crate::harness::get_as(&app, &cookie, &page("htx-nong-nghiep-cong-bang-thuan-an"))
                .await;
        assert_eq!(got, coffee, "{username} on the coffee cooperative");
    }
}
