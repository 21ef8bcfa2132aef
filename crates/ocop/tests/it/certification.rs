//! The certification record: status from partial records with their bounds,
//! and one standing certificate per product after a re-evaluation.

use crate::fixtures;
use crate::harness::{TestApp, clock};
use crate::portal::json;
use ocop_app::Clock as _;

fn day(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a real day")
}

/// Shipped Đắk Nông rows that give neither a year nor a decision: the only
/// records that prove nothing about their dates.
fn undated_shipped_rows() -> usize {
    crate::harness::data_rows("daknong-ocop-products.csv")
        .iter()
        .filter(|r| {
            crate::harness::col("daknong-ocop-products.csv", r, "year").is_empty()
                && crate::harness::col("daknong-ocop-products.csv", r, "decision").is_empty()
        })
        .count()
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
