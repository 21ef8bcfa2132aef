//! The public API's answers, pinned as snapshots (`insta`): a change to a
//! body a marketplace or a scanner reads shows as a diff to review, not as
//! a silent change. The server's address, which differs by run, is
//! replaced; everything else is the shipped data under the fixed clock, the
//! same on SQLite and PostgreSQL.
//! Update after a deliberate change with `INSTA_UPDATE=always cargo test`.

use crate::harness::TestApp;

/// The answer at `path`, with the test server's address (a new port each
/// run) written as `https://portal.test`.
async fn json(app: &TestApp, path: &str) -> serde_json::Value {
    let res = app.get(path).await;
    assert_eq!(res.status(), 200, "{path}");
    let text = res.text().await.unwrap();
    serde_json::from_str(&text.replace(&app.base, "https://portal.test")).unwrap()
}

#[tokio::test]
async fn the_public_api_answers_as_pinned() {
    let app = TestApp::spawn().await;
    crate::portal::number_certificate(&app, "Mắm nêm Seagull", "OCOP-68-2026-00001", "").await;
    let number = "OCOP-68-2026-00001";
    let certificate = json(&app, &format!("/api/v1/certificates/{number}")).await;
    insta::assert_json_snapshot!("certificate", certificate);

    let products = json(&app, "/api/v1/products?q=ca%20phe&limit=3").await;
    insta::assert_json_snapshot!("products_search", products);

    let sets = json(&app, "/api/v1/criteria-sets").await;
    insta::assert_json_snapshot!("criteria_sets", sets);
}
