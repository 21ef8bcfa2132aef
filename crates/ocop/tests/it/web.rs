//! The portal over real HTTP: health, pages, errors, assets.

use crate::harness::{TestApp, col, data_rows, find_row, is_postgres};

#[tokio::test]
async fn health_reports_the_database_and_schema() {
    let app = TestApp::spawn().await;
    let res = app.get("/healthz").await;
    assert_eq!(res.status().as_u16(), 200);
    let body: serde_json::Value = res.json().await.unwrap_or_default();
    assert_eq!(body["status"], "ok");
    assert_eq!(
        body["database"],
        if is_postgres() { "postgres" } else { "sqlite" }
    );
    assert_eq!(
        body["schema_version"],
        ocop_store::migrations::latest_version()
    );
}

#[tokio::test]
async fn home_shows_the_programme_figures_from_the_data() {
    let app = TestApp::spawn().await;
    let (status, html) = app.page("/").await;
    assert_eq!(status, 200);
    assert!(html.contains("<html lang=\"vi\">"));
    assert!(html.contains("Sản phẩm OCOP Tỉnh Lâm Đồng"));
    // The directive's figures: 52 products by the end of 2021, 6 four-star, 46 three-star.
    let file = "daknong-ocop-summary.csv";
    let row = find_row(file, "period", "2021 (whole year)");
    assert_eq!(
        (
            col(file, &row, "cumulative_total"),
            col(file, &row, "cumulative_four_star"),
            col(file, &row, "cumulative_three_star")
        ),
        ("52", "6", "46")
    );
    assert!(
        html.contains("<th scope=\"row\">2021 (whole year)</th><td>1032/QĐ-UBND; 2310/QĐ-UBND</td><td>16</td><td>3</td><td>13</td><td>52</td><td>6</td><td>46</td>"),
        "the 2021 row with 52 / 6 / 46 is on the home page"
    );
    let products = app.store.count_products("68").await.unwrap_or_default();
    assert!(html.contains(&format!("<strong>{products}</strong> sản phẩm")));
    // Breakdown by old district: Krông Nô's rows in the Đắk Nông file.
    let dn = "daknong-ocop-products.csv";
    let krong_no = data_rows(dn)
        .iter()
        .filter(|r| col(dn, r, "district_code") == "664")
        .count();
    assert!(html.contains(&format!("<span class=\"label\">Huyện Krông Nô</span><span class=\"bar\" style=\"width: 100%\"></span><span class=\"count\">{krong_no}</span>")));
}

#[tokio::test]
async fn product_list_searches_without_accents_and_keeps_what_was_typed() {
    let app = TestApp::spawn().await;
    let (status, html) = app.page("/san-pham?q=ca+phe+dak+mil").await;
    assert_eq!(status, 200);
    assert!(html.contains("Cà phê bột Đắk Đam"));
    assert!(html.contains("value=\"ca phe dak mil\""));
    assert!(!html.contains("Mắm nêm Seagull"));
    // A year that is not a year: an error next to the field, the input kept, no 500.
    let (status, html) = app.page("/san-pham?year=20x5&group=I").await;
    assert_eq!(status, 200);
    assert!(html.contains("id=\"year-error\""));
    assert!(html.contains("value=\"20x5\""));
    assert!(
        html.contains("<input type=\"hidden\" name=\"group\" value=\"I\">"),
        "the chosen group is kept when the words change"
    );
    // Filters narrow by the data.
    let (_, html) = app.page("/san-pham?stars=4&place=664").await;
    let dn = "daknong-ocop-products.csv";
    let expected = data_rows(dn)
        .iter()
        .filter(|r| col(dn, r, "district_code") == "664" && col(dn, r, "stars") == "4")
        .count();
    assert!(
        html.contains(&format!("id=\"so-ket-qua\">{expected} sản phẩm ")),
        "{expected}"
    );
}

#[tokio::test]
async fn product_page_shows_the_certificate_status_on_the_platforms_day() {
    let app = TestApp::spawn().await;
    let file = "lamdong-ocop-2025-2026.csv";
    let row = find_row(file, "decision", "3981/QĐ-UBND");
    let slug = ocop_domain::text::slugify(col(file, &row, "product"));
    let (status, html) = app.page(&format!("/san-pham/{slug}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("Còn hiệu lực"));
    assert!(html.contains("3981/QĐ-UBND"));
    assert!(html.contains("05/08/2029"), "issue 5 Aug 2026 + 36 months");
    // A 2020 recognition with no known date lapsed by the end of 2023 at the latest.
    let (_, html) = app.page("/san-pham/dau-sachi-sachi-oil").await;
    assert!(html.contains("Hết hiệu lực"));
    assert!(
        html.contains("Chưa có thông tin"),
        "the unknown commune says so"
    );
    assert!(
        html.contains("https://vccinews.com/"),
        "provenance is shown"
    );
}

#[tokio::test]
async fn producer_page_lists_its_products() {
    let app = TestApp::spawn().await;
    let (status, html) = app
        .page("/chu-the/htx-san-xuat-nong-lam-nghiep-huu-co-quang-phu")
        .await;
    assert_eq!(status, 200);
    assert!(html.contains("Hợp tác xã"));
    let dn = "daknong-ocop-products.csv";
    for r in data_rows(dn)
        .iter()
        .filter(|r| col(dn, r, "producer") == "HTX Sản xuất Nông lâm nghiệp hữu cơ Quảng Phú")
    {
        assert!(html.contains(col(dn, r, "product")));
    }
}

#[tokio::test]
async fn errors_are_vietnamese_pages_or_json() {
    let app = TestApp::spawn().await;
    for path in [
        "/san-pham/khong-co-san-pham-nay",
        "/khong-ton-tai",
        "/chu-the/khong-co",
    ] {
        let (status, html) = app.page(path).await;
        assert_eq!(status, 404, "{path}");
        assert!(
            html.contains("Không tìm thấy trang") && html.contains("Mã yêu cầu"),
            "{path}"
        );
    }
    let res = app.get("/api/v1/khong-co").await;
    assert_eq!(res.status().as_u16(), 404);
    let body: serde_json::Value = res.json().await.unwrap_or_default();
    assert_eq!(body["error"]["status"], 404);
    assert!(
        body["error"]["request_id"]
            .as_str()
            .is_some_and(|s| s.len() > 8)
    );
}

#[tokio::test]
async fn responses_carry_a_request_id_and_assets_are_cached() {
    let app = TestApp::spawn().await;
    let a = app.get("/").await;
    let b = app.get("/").await;
    let id = |r: &reqwest::Response| {
        r.headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    assert!(id(&a).is_some() && id(&a) != id(&b));
    let html = a.text().await.unwrap_or_default();
    let href = html
        .split("rel=\"stylesheet\" href=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or_default()
        .to_owned();
    assert!(
        href.starts_with("/static/site.") && href.ends_with(".css"),
        "{href}"
    );
    let css = app.get(&href).await;
    assert_eq!(css.status().as_u16(), 200);
    assert_eq!(
        css.headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("public, max-age=31536000, immutable")
    );
    assert!(
        css.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("text/css"))
    );
    assert_eq!(
        app.get("/static/site.0000000000000000.css")
            .await
            .status()
            .as_u16(),
        404
    );
}

#[tokio::test]
async fn a_server_fault_is_a_vietnamese_500_with_a_request_id_and_no_details() {
    let app = TestApp::spawn().await;
    crate::harness::execute_sql(
        &app.db().url,
        "ALTER TABLE certificates RENAME TO certificates_gone",
    )
    .await;
    let res = app.get("/san-pham").await;
    assert_eq!(res.status().as_u16(), 500);
    let id = res
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let html = res.text().await.unwrap_or_default();
    assert!(html.contains("Lỗi máy chủ") && html.contains(&id) && !id.is_empty());
    assert!(!html.contains("certificates"), "the cause stays in the log");
    // The database still answers, so health is fine; a broken schema would not be.
    let res = app.get("/healthz").await;
    assert_eq!(res.status().as_u16(), 200);
    crate::harness::execute_sql(
        &app.db().url,
        "ALTER TABLE schema_migrations RENAME TO schema_migrations_gone",
    )
    .await;
    let res = app.get("/healthz").await;
    assert_eq!(res.status().as_u16(), 503, "out of rotation");
    let body: serde_json::Value = res.json().await.unwrap_or_default();
    assert_eq!(
        (body["status"].as_str(), body["schema_version"].as_i64()),
        (Some("schema_mismatch"), Some(0))
    );
}

#[tokio::test]
async fn decisions_page_lists_each_decision_with_its_annex_from_the_data() {
    let app = TestApp::spawn().await;
    let (status, html) = app.page("/quyet-dinh").await;
    assert_eq!(status, 200);
    let file = "lamdong-ocop-2025-2026.csv";
    let expected: Vec<String> = crate::harness::data_rows(file)
        .iter()
        .filter(|r| crate::harness::col(file, r, "decision") == "3981/QĐ-UBND")
        .map(|r| crate::harness::col(file, r, "product").to_owned())
        .collect();
    assert!(!expected.is_empty());
    let section = html
        .split("<section class=\"decision\">")
        .find(|s| s.contains("Quyết định số 3981/QĐ-UBND"))
        .unwrap_or_else(|| panic!("{html}"));
    assert!(
        section.contains(&format!("Phụ lục: {} sản phẩm", expected.len())),
        "{section}"
    );
    for product in &expected {
        let escaped = product
            .replace('&', "&amp;")
            .replace('"', "&#34;")
            .replace('\'', "&#39;");
        assert!(section.contains(&escaped), "{product} in {section}");
    }
    assert!(section.contains("05/08/2026") && section.contains("UBND tỉnh Lâm Đồng"));
    // Records whose source gives no decision number are grouped by the
    // recognising authority and said to lack one, with their real count.
    let unnumbered = data_rows(file)
        .iter()
        .filter(|r| {
            col(file, r, "decision").is_empty()
                && col(file, r, "issuing_authority") == "UBND huyện Đức Trọng"
        })
        .count();
    let section = html
        .split("<section class=\"decision\">")
        .find(|s| s.contains("Quyết định của UBND huyện Đức Trọng (nguồn chưa ghi số hiệu)"))
        .unwrap_or_else(|| panic!("{html}"));
    assert!(
        section.contains(&format!("Phụ lục: {unnumbered} sản phẩm")),
        "{section}"
    );
    assert!(!html.contains("Quyết định số Chưa có thông tin"));
}
