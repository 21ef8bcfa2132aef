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
async fn home_shows_products_and_the_statistics_page_the_figures_from_the_data() {
    let app = TestApp::spawn().await;
    let (status, html) = app.page("/").await;
    assert_eq!(status, 200);
    assert!(html.contains("<html lang=\"vi\">"));
    assert!(html.contains("Sản phẩm OCOP Tỉnh Lâm Đồng"));
    let products = app.store.count_products("68").await.unwrap_or_default();
    assert!(html.contains(&format!("<strong>{products}</strong> sản phẩm")));
    // Products first: the newest recognitions whose star stands, with a
    // picture (a drawing of the group while there is no photo).
    let newest = html
        .split("id=\"moi-cong-nhan\"")
        .nth(1)
        .and_then(|s| s.split("</section>").next())
        .unwrap_or_else(|| panic!("no newest section"));
    assert!(
        newest.contains("Năm 2026") && newest.contains("/anh-nhom/"),
        "{newest}"
    );
    assert!(html.contains("id=\"bon-nam-sao\"") && html.contains("href=\"/san-pham?group=I\""));
    assert!(html.contains("href=\"/thong-ke\""));
    // The figures: the directive's 52 products by the end of 2021, 6 four-star, 46 three-star.
    let (status, stats) = app.page("/thong-ke").await;
    assert_eq!(status, 200);
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
        stats.contains("<th scope=\"row\">2021 (whole year)</th><td>1032/QĐ-UBND; 2310/QĐ-UBND</td><td>16</td><td>3</td><td>13</td><td>52</td><td>6</td><td>46</td>"),
        "the 2021 row with 52 / 6 / 46 is on the statistics page"
    );
    // By old district: Krông Nô's rows in the Đắk Nông file, an unknown
    // row, and a total that is every product.
    let section = stats
        .split("id=\"huyen-cu\"")
        .nth(1)
        .and_then(|s| s.split("</section>").next())
        .unwrap_or_else(|| panic!("no district table"));
    let dn = "daknong-ocop-products.csv";
    let krong_no = data_rows(dn)
        .iter()
        .filter(|r| col(dn, r, "district_code") == "664")
        .count();
    assert!(
        section.contains(&format!(
            "<tr><td>Huyện Krông Nô</td><td class=\"num\">{krong_no}</td></tr>"
        )),
        "{section}"
    );
    assert!(section.contains("<tr><td>Chưa rõ</td>"), "{section}");
    assert!(
        section.contains(&format!("<td class=\"num\">{products}</td></tr></tfoot>")),
        "{section}"
    );
    // Every table adds up to the catalogue.
    assert_eq!(
        stats
            .matches(&format!("<td class=\"num\">{products}</td></tr></tfoot>"))
            .count(),
        7
    );
    // In English, the same page speaks English.
    let (_, en) = crate::harness::get_as(&app, "lang=en", "/thong-ke").await;
    assert!(
        en.contains("By district before 1 Jul 2025") && en.contains("Not known"),
        "{en}"
    );
}

/// (label, count) of each body row of a page's table, and the foot's count.
fn table_rows(section: &str) -> (Vec<(String, i64)>, i64) {
    let number = |s: &str| s.trim().parse::<i64>().unwrap_or(-1);
    let body = section
        .split("<tbody>")
        .nth(1)
        .and_then(|s| s.split("</tbody>").next())
        .unwrap_or_default();
    let rows = body
        .split("<tr>")
        .skip(1)
        .map(|tr| {
            let cells: Vec<&str> = tr
                .split("<td")
                .skip(1)
                .filter_map(|td| td.split_once('>').map(|(_, rest)| rest))
                .filter_map(|td| td.split("</td>").next())
                .collect();
            let label = cells
                .iter()
                .rev()
                .nth(1)
                .map(|l| {
                    l.rsplit_once("\">")
                        .map_or(*l, |(_, t)| t)
                        .trim_end_matches("</a>")
                })
                .unwrap_or_default()
                .to_owned();
            (label, cells.last().map_or(-1, |c| number(c)))
        })
        .collect();
    let foot = section
        .split("<tfoot>")
        .nth(1)
        .and_then(|s| s.split("<td class=\"num\">").nth(1))
        .and_then(|s| s.split("</td>").next())
        .map_or(-1, number);
    (rows, foot)
}

/// The statistics page lists the twenty communes with the most products and
/// counts the others in one row that leads to the whole table, so the page
/// stays small whatever the data names; the whole table, page by page, adds
/// up to the catalogue and agrees with the short one.
#[tokio::test]
async fn the_commune_table_shows_the_largest_and_leads_to_every_commune() {
    let app = TestApp::spawn().await;
    let products = app.store.count_products("68").await.unwrap_or_default();
    let (_, stats) = app.page("/thong-ke").await;
    let section = stats
        .split("id=\"xa-phuong\"")
        .nth(1)
        .and_then(|s| s.split("</section>").next())
        .unwrap_or_else(|| panic!("no commune table"));
    let (short, foot) = table_rows(section);
    assert_eq!(foot, products, "{section}");
    assert_eq!(
        short.iter().map(|r| r.1).sum::<i64>(),
        products,
        "{short:?}"
    );
    let others = short
        .iter()
        .position(|(l, _)| l.ends_with(" xã, phường khác"))
        .unwrap_or_else(|| panic!("no row for the other communes: {short:?}"));
    assert_eq!(others, 20, "the twenty largest first: {short:?}");
    assert!(
        section.contains("<a href=\"/thong-ke/xa-phuong\">"),
        "{section}"
    );

    let (status, whole) = app.page("/thong-ke/xa-phuong").await;
    assert_eq!(status, 200);
    let (all, whole_foot) = table_rows(&whole);
    assert_eq!(whole_foot, products);
    assert_eq!(all.iter().map(|r| r.1).sum::<i64>(), products, "{all:?}");
    // The same twenty first, the others' row their sum, and their number.
    assert_eq!(short[..20], all[..20]);
    let known = all.iter().filter(|(l, _)| l != "Chưa rõ").count();
    let rest: i64 = all[20..known].iter().map(|r| r.1).sum();
    assert_eq!(
        short[others],
        (format!("{} xã, phường khác", known - 20), rest)
    );
    assert!(
        all.windows(2).take(known - 1).all(|w| w[0].1 >= w[1].1),
        "largest first: {all:?}"
    );
    assert!(whole.contains(&format!("{products} sản phẩm ở {known} xã, phường")));
    // The largest communes as the shipped sources count them (each row's
    // 2025 commune as its source names it).
    let mut sources = std::collections::HashMap::<String, i64>::new();
    for file in [
        "daknong-ocop-products.csv",
        "lamdong-ocop-2025-2026.csv",
        "lamdong-ocop-more.csv",
    ] {
        for r in data_rows(file) {
            let commune = col(file, &r, "commune_2025").trim().to_lowercase();
            if !commune.is_empty() {
                *sources.entry(commune).or_default() += 1;
            }
        }
    }
    for (label, count) in &all[..3] {
        assert_eq!(sources.get(&label.to_lowercase()), Some(count), "{label}");
    }

    // Pages that are not there: the first, saying so; past the end, the last.
    let (status, bad) = app.page("/thong-ke/xa-phuong?page=hai").await;
    assert_eq!(status, 200);
    assert!(bad.contains("<p class=\"error\">Số trang không hợp lệ.</p>"));
    assert_eq!(table_rows(&bad).0, all);
    let (_, past) = app.page("/thong-ke/xa-phuong?page=9").await;
    assert!(!past.contains("class=\"error\""));
    assert_eq!(table_rows(&past).0, all);

    // In English.
    let (_, en) = crate::harness::get_as(&app, "lang=en", "/thong-ke").await;
    assert!(
        en.contains(&format!("{} other communes</a>", known - 20)),
        "{en}"
    );
    let (_, en) = crate::harness::get_as(&app, "lang=en", "/thong-ke/xa-phuong?page=x").await;
    assert!(en.contains("OCOP products by commune") && en.contains("Invalid page number."));
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
    // … one per issuer and year, across the shipped files.
    for (data, year) in [
        ("lamdong-ocop-2025-2026.csv", "2025"),
        ("lamdong-ocop-more.csv", "2024"),
    ] {
        let unnumbered = data_rows(data)
            .iter()
            .filter(|r| {
                col(data, r, "decision").is_empty()
                    && col(data, r, "issuing_authority") == "UBND huyện Đức Trọng"
                    && col(data, r, "year") == year
            })
            .count();
        assert!(unnumbered > 0);
        let heading =
            format!("Quyết định năm {year} của UBND huyện Đức Trọng (nguồn chưa ghi số hiệu)");
        let section = html
            .split("<section class=\"decision\">")
            .find(|s| s.contains(&heading))
            .unwrap_or_else(|| panic!("{heading}"));
        assert!(
            section.contains(&format!("Phụ lục: {unnumbered} sản phẩm")),
            "{section}"
        );
    }
    assert!(!html.contains("Quyết định số Chưa có thông tin"));
}

/// A shared link previews with a picture: the product's photo, else the
/// drawing of its group, else the site's; all PNG at 1200×630 (Facebook and
/// Zalo do not show SVG).
#[tokio::test]
async fn shared_links_show_a_picture_made_by_the_project() {
    let app = TestApp::spawn().await;
    let og = |html: &str| -> String {
        html.split("<meta property=\"og:image\" content=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap_or_else(|| panic!("no og:image"))
            .to_owned()
    };
    let (_, home) = app.page("/").await;
    assert!(
        og(&home).ends_with("/anh-chia-se/trang.png"),
        "{}",
        og(&home)
    );
    let (_, product) = app.page("/san-pham/rong-nho-tuoi").await;
    let picture = og(&product);
    assert!(picture.ends_with("/anh-chia-se/I.png"), "{picture}");
    let path = picture
        .split_once("/anh-chia-se/")
        .map(|(_, f)| format!("/anh-chia-se/{f}"))
        .unwrap_or_default();
    let res = app.get(&path).await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(
        res.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("image/png")
    );
    let img = image::load_from_memory(&res.bytes().await.unwrap_or_default()).expect("a PNG");
    assert_eq!((img.width(), img.height()), (1200, 630));
    assert_eq!(
        app.get("/anh-chia-se/khong-co.png").await.status().as_u16(),
        404
    );
}

/// The year filter is a list of the years the catalogue has, each with its
/// count; pages are numbered.
#[tokio::test]
async fn the_catalogue_offers_years_with_counts_and_numbered_pages() {
    let app = TestApp::spawn().await;
    let all = app
        .store
        .list_products("68", &ocop_store::catalog::ProductFilter::default())
        .await
        .expect("products");
    let in_2025 = all.iter().filter(|p| p.year == Some(2025)).count();
    assert!(in_2025 > 0);
    let (_, html) = app.page("/san-pham").await;
    assert!(
        html.contains(&format!("<option value=\"2025\">2025 ({in_2025})</option>")),
        "the year list counts 2025's products"
    );
    let pages = all.len().div_ceil(24);
    assert!(pages > 3, "{pages}");
    assert!(html.contains("<span aria-current=\"page\" class=\"chosen\">1</span>"));
    assert!(
        html.contains(&format!("page={pages}\">{pages}</a>")),
        "the last page is named"
    );
    // Choosing a year keeps it chosen and narrows the list to its count.
    let (_, html) = app.page("/san-pham?year=2025").await;
    assert!(html.contains(&format!(
        "<option value=\"2025\" selected>2025 ({in_2025})</option>"
    )));
    assert!(html.contains(&format!("id=\"so-ket-qua\">{in_2025} sản phẩm")));
}

/// A product whose source names no producer says so, and claims no maker
/// in its JSON-LD; a province's nomination shows as one, never as a star.
#[tokio::test]
async fn unnamed_producers_and_nominations_read_as_the_record_has_them() {
    let app = TestApp::spawn().await;
    let (status, html) = app.page("/san-pham/tra-tui-loc-duong-quy").await;
    assert_eq!(status, 200);
    assert!(html.contains("Chưa rõ chủ thể"));
    let ld = html
        .split("<script type=\"application/ld+json\">")
        .nth(1)
        .and_then(|s| s.split("</script>").next())
        .expect("JSON-LD");
    let ld: serde_json::Value = serde_json::from_str(ld).expect("JSON");
    assert!(ld.get("manufacturer").is_none(), "{ld}");
    let (_, en) = crate::harness::get_as(&app, "lang=en", "/san-pham/tra-tui-loc-duong-quy").await;
    assert!(en.contains("Producer not named in the source"));
    let (_, html) = app.page("/san-pham/rong-nho-tuoi").await;
    assert!(html.contains("Đề cử ★★★★★ 5 sao"), "the nomination's card");
    assert!(html.contains("Chỉ được đề cử, không phải giấy chứng nhận"));
    assert!(html.contains("Không có (không phải giấy chứng nhận)"));
    assert!(
        !html.contains("<p class=\"stars big\">★★★★★"),
        "no star claimed"
    );
    // The star check says the same to a buyer who types its name.
    let (_, check) = app.page("/kiem-tra-sao?q=rong+nho+tuoi").await;
    assert!(
        check.contains("Đề cử ★★★★★ 5 sao") && check.contains("không được dùng sao này"),
        "{check}"
    );
}
