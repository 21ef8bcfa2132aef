//! Issue #15 point 1: public pages kept in memory per data signature and
//! day, compressed once, with ETag and 304.

use crate::harness::{TestApp, get_as, post_as};
use ocop_domain::access::Role;

pub(crate) async fn raw(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut req = app.client.get(format!("{}{path}", app.base));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    req.send()
        .await
        .unwrap_or_else(|e| panic!("GET {path}: {e}"))
}

pub(crate) fn header(res: &reqwest::Response, name: &str) -> String {
    res.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

const PAGES: [&str; 11] = [
    "/",
    "/san-pham",
    "/san-pham/ca-phe-bot-dak-dam",
    "/chu-the/htx-nong-nghiep-cong-bang-thuan-an",
    "/quyet-dinh",
    "/kiem-tra-sao",
    "/tin-tuc",
    "/su-kien",
    "/ban-do",
    "/bo-tieu-chi",
    "/thong-ke/xa-phuong",
];

/// Every public page: brotli and gzip decode to the same bytes as the plain
/// page, an ETag comes with it, and asking again with it answers 304.
#[tokio::test]
async fn public_pages_are_compressed_tagged_and_revalidated() {
    use std::io::Read as _;
    let app = TestApp::spawn().await;
    for path in PAGES {
        let plain = raw(&app, path, &[]).await;
        assert_eq!(plain.status().as_u16(), 200, "{path}");
        let etag = header(&plain, "etag");
        assert!(etag.starts_with("W/\""), "{path}: {etag}");
        assert_eq!(
            header(&plain, "cache-control"),
            "public, no-cache",
            "{path}"
        );
        let plain = plain.bytes().await.unwrap_or_default();
        let br = raw(&app, path, &[("accept-encoding", "gzip, deflate, br")]).await;
        assert_eq!(header(&br, "content-encoding"), "br", "{path}");
        let br_body = br.bytes().await.unwrap_or_default();
        let mut decoded = Vec::new();
        brotli::BrotliDecompress(&mut &br_body[..], &mut decoded).unwrap();
        assert_eq!(decoded, plain, "{path}");
        assert!(
            br_body.len() * 2 < plain.len(),
            "{path}: {} of {}",
            br_body.len(),
            plain.len()
        );
        let gz = raw(&app, path, &[("accept-encoding", "gzip")]).await;
        assert_eq!(header(&gz, "content-encoding"), "gzip", "{path}");
        let gz_body = gz.bytes().await.unwrap_or_default();
        let mut decoded = Vec::new();
        flate2::read::GzDecoder::new(&gz_body[..])
            .read_to_end(&mut decoded)
            .unwrap();
        assert_eq!(decoded, plain, "{path}");
        let again = raw(&app, path, &[("if-none-match", &etag)]).await;
        assert_eq!(again.status().as_u16(), 304, "{path}");
        assert!(again.bytes().await.unwrap_or_default().is_empty());
        let other = raw(&app, path, &[("if-none-match", "W/\"0000\"")]).await;
        assert_eq!(other.status().as_u16(), 200, "{path}");
    }
    // A HEAD first (not kept), then the page: whole, not empty.
    let head = app
        .client
        .head(format!("{}/du-lich-cong-dong", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(head.status().as_u16(), 200);
    let (_, page) = app.page("/du-lich-cong-dong").await;
    assert!(page.contains("</html>"), "{page}");
    // English is kept apart from Vietnamese.
    let vi = raw(&app, "/", &[]).await;
    let en = raw(&app, "/", &[("cookie", "lang=en")]).await;
    assert_ne!(header(&vi, "etag"), header(&en, "etag"));
}

/// A change shows on the next request of every kept page that shows it.
#[tokio::test]
async fn a_change_shows_on_the_next_request() {
    let app = TestApp::spawn().await;
    let office = app.signed_in(Role::Office).await;
    let before = raw(&app, "/tin-tuc", &[]).await;
    let etag = header(&before, "etag");
    assert!(
        !before
            .text()
            .await
            .unwrap_or_default()
            .contains("Hội chợ OCOP mùa xuân")
    );
    // The office publishes news through its form.
    let (status, html) = post_as(
        &app,
        &office,
        "/quan-tri/tin-tuc",
        &[
            ("title", "Hội chợ OCOP mùa xuân"),
            ("summary", "Tóm tắt"),
            ("body", "Nội dung tin"),
            ("published_on", "2026-11-29"),
        ],
    )
    .await;
    assert!(matches!(status, 200 | 303), "{status}: {html}");
    let after = raw(&app, "/tin-tuc", &[("if-none-match", &etag)]).await;
    assert_eq!(
        after.status().as_u16(),
        200,
        "the old tag no longer matches"
    );
    assert!(
        after
            .text()
            .await
            .unwrap_or_default()
            .contains("Hội chợ OCOP mùa xuân")
    );
    // A point of sale shows on the product's page at once.
    let (_, product) = app.page("/san-pham/ca-phe-bot-dak-dam").await;
    assert!(!product.contains("Quầy OCOP chợ Gia Nghĩa"));
    let (status, _) = post_as(
        &app,
        &office,
        "/quan-tri/chu-the/htx-nong-nghiep-cong-bang-thuan-an/noi-ban",
        &[
            ("kind", "ocop_shop"),
            ("name", "Quầy OCOP chợ Gia Nghĩa"),
            ("address", "Chợ Gia Nghĩa"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let (_, product) = app.page("/san-pham/ca-phe-bot-dak-dam").await;
    assert!(product.contains("Quầy OCOP chợ Gia Nghĩa"));
    let _ = get_as(&app, &office, "/quan-tri").await;
}

/// The API's answers are kept per data signature: the same question after a
/// change gets the new answer at once (here, a producer's name corrected on
/// its registration form), and equivalent addresses share one answer.
#[tokio::test]
async fn a_kept_api_answer_follows_the_data() {
    let app = TestApp::spawn().await;
    let names = |body: String| -> Vec<String> {
        let v: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
        v["items"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|i| i["producer_name"].as_str().unwrap_or_default().to_owned())
                    .collect()
            })
            .unwrap_or_default()
    };
    let ask = |path: &'static str| {
        let app = &app;
        async move {
            let (status, body) = app.page(path).await;
            assert_eq!(status, 200, "{body}");
            names(body)
        }
    };
    let before = ask("/api/v1/products?q=cong+bang+thuan+an").await;
    assert!(
        before.contains(&"HTX Nông nghiệp Công Bằng Thuận An".to_owned()),
        "{before:?}"
    );
    assert_eq!(
        ask("/api/v1/products?q=cong+bang+thuan+an&page=1&per_page=20").await,
        before
    );
    let office = app.signed_in(Role::Office).await;
    let (status, _, html) = crate::harness::post_form(
        &app,
        &office,
        "/quan-tri/chu-the/htx-nong-nghiep-cong-bang-thuan-an/phieu-dang-ky",
        &[
            ("name", "HTX Nông nghiệp Công Bằng Thuận An (đổi tên)"),
            ("kind", "cooperative"),
            ("tax_code", "0100109106"),
            ("commune_code", "24682"),
        ],
    )
    .await;
    assert_eq!(status, 303, "{html}");
    let after = ask("/api/v1/products?q=cong+bang+thuan+an").await;
    assert!(
        after.contains(&"HTX Nông nghiệp Công Bằng Thuận An (đổi tên)".to_owned()),
        "{after:?}"
    );
}

/// The home page names at most the ten communes with most products (a bar
/// per commune made it 383 KB on 20,000 products) and links the full table.
#[tokio::test]
async fn the_home_page_shows_at_most_ten_communes() {
    let app = TestApp::spawn().await;
    let (_, html) = app.page("/").await;
    let start = html
        .find("Mười xã, phường có nhiều sản phẩm nhất")
        .unwrap_or_else(|| panic!("no commune figure"));
    let figure = &html[start..start + html[start..].find("</figure>").unwrap_or(0)];
    let bars = figure.matches("<li>").count();
    let communes: std::collections::BTreeSet<String> = app
        .store
        .search_rows("68")
        .await
        .unwrap_or_default()
        .into_iter()
        .filter_map(|r| r.commune_code_2025)
        .collect();
    assert!(
        communes.len() > 10,
        "the shipped data spans {} communes",
        communes.len()
    );
    assert_eq!(bars, 10);
    assert!(figure.contains("/thong-ke.xlsx"));
    // The bars are the ten largest counts of the catalogue's products by
    // commune, largest first.
    let mut per: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for r in app.store.search_rows("68").await.unwrap_or_default() {
        if let Some(c) = r.summary.commune_2025 {
            *per.entry(c).or_default() += 1;
        }
    }
    let mut expected: Vec<usize> = per.values().copied().collect();
    expected.sort_unstable_by(|a, b| b.cmp(a));
    expected.truncate(10);
    let shown: Vec<usize> = figure
        .split("<span class=\"count\">")
        .skip(1)
        .filter_map(|s| s.split('<').next()?.trim().parse().ok())
        .collect();
    assert_eq!(shown, expected, "{figure}");
}

/// Criteria are numbered as the decision issues them: "đ", never the
/// platform's ASCII key "dd" (on the page, the printable sheet and the PDF).
#[tokio::test]
async fn criteria_are_numbered_as_issued() {
    let app = TestApp::spawn().await;
    let set = ocop_app::rules::set(&app.store, "qd148-2023-01")
        .await
        .ok()
        .flatten()
        .map(|(s, _)| s)
        .unwrap_or_else(|| panic!("set 01"));
    let with_dd: Vec<String> = set
        .criteria()
        .map(|(_, _, c)| c.id.clone())
        .filter(|id| id.ends_with(".dd"))
        .collect();
    assert!(!with_dd.is_empty(), "set 01 has a criterion đ");
    for path in [
        "/bo-tieu-chi/qd148-2023-01",
        "/bo-tieu-chi/qd148-2023-01/phieu-cham",
    ] {
        let (status, html) = app.page(path).await;
        assert_eq!(status, 200, "{path}");
        for id in &with_dd {
            let shown = ocop_domain::criteria::shown_id(id);
            assert!(
                html.contains(&format!("{shown}.")) || html.contains(&format!(">{shown}<")),
                "{path}: {shown}"
            );
            assert!(
                !html.contains(&format!(">{id}.")) && !html.contains(&format!(">{id}<")),
                "{path}: {id}"
            );
        }
    }
}

/// Every product card and page has a picture: its photo, or the drawing of
/// its group (made by the project, served from the binary).
#[tokio::test]
async fn products_without_photos_show_their_groups_drawing() {
    let app = TestApp::spawn().await;
    let (_, list) = app.page("/san-pham").await;
    let cards = list.matches("class=\"card").count();
    let pictures = list.matches("<img class=\"thumb\"").count();
    assert!(
        cards > 0 && pictures >= cards.min(20),
        "{pictures} pictures for {cards} cards"
    );
    let (_, page) = app.page("/san-pham/ca-phe-bot-dak-dam").await;
    // The shipped record files this ground coffee under group I (food).
    assert!(page.contains("src=\"/anh-nhom/I.svg\""), "{page}");
    for code in ["I", "II", "III", "IV", "V", "VI", "khac"] {
        let res = app.get(&format!("/anh-nhom/{code}.svg")).await;
        assert_eq!(res.status().as_u16(), 200, "{code}");
        assert_eq!(header(&res, "content-type"), "image/svg+xml");
        let svg = res.text().await.unwrap_or_default();
        assert!(
            svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\"")
                && svg.trim_end().ends_with("</svg>"),
            "{code}"
        );
        assert!(!svg.contains("href="), "{code}: nothing fetched");
    }
    assert_eq!(app.get("/anh-nhom/VII.svg").await.status().as_u16(), 404);
}

/// A page that is not there answers 404 in the portal's own layout, with a
/// search box, in the visitor's language; the back office keeps its own.
#[tokio::test]
async fn a_missing_public_page_keeps_the_portal_layout_and_offers_search() {
    let app = TestApp::spawn().await;
    let (home_status, home) = app.page("/").await;
    assert_eq!(home_status, 200);
    let header_of = |html: &str| html[..html.find("<main").unwrap_or(0)].to_owned();
    for path in [
        "/khong-co-trang-nay",
        "/san-pham/khong-co-san-pham-nay",
        "/chu-the/khong-co",
    ] {
        let (status, html) = app.page(path).await;
        assert_eq!(status, 404, "{path}");
        assert_eq!(
            header_of(&html).matches("<nav").count(),
            header_of(&home).matches("<nav").count(),
            "{path}"
        );
        assert!(
            html.contains("action=\"/tim-kiem\"") && html.contains("Không tìm thấy trang"),
            "{path}"
        );
    }
    let res = raw(&app, "/khong-co-trang-nay", &[("cookie", "lang=en")]).await;
    assert!(
        res.text()
            .await
            .unwrap_or_default()
            .contains("Page not found")
    );
}

/// Scan pages (the QR on a package) are kept compressed too, with a tag a
/// phone can revalidate; the scan still counts.
#[tokio::test]
async fn scan_pages_are_compressed_and_tagged() {
    let app = TestApp::spawn().await;
    let (code, office) = crate::trace::a_scannable_batch(&app).await;
    let path = format!("/q/{code}");
    let plain = raw(&app, &path, &[]).await;
    assert_eq!(plain.status().as_u16(), 200);
    let etag = header(&plain, "etag");
    let plain = plain.bytes().await.unwrap_or_default();
    let br = raw(
        &app,
        &path,
        &[
            ("accept-encoding", "br"),
            ("x-forwarded-for", "198.51.100.20"),
        ],
    )
    .await;
    assert_eq!(header(&br, "content-encoding"), "br");
    let mut decoded = Vec::new();
    brotli::BrotliDecompress(&mut &br.bytes().await.unwrap_or_default()[..], &mut decoded).unwrap();
    assert_eq!(decoded, plain);
    let again = raw(
        &app,
        &path,
        &[
            ("if-none-match", &etag),
            ("x-forwarded-for", "198.51.100.21"),
        ],
    )
    .await;
    assert_eq!(again.status().as_u16(), 304);
    assert_eq!(
        crate::trace::scans_of(&app, &office, &code).await,
        3,
        "three phones, three scans"
    );
}

/// The machine star check is answered from memory before routing once
/// asked (the most asked address of all), with the handler's very bytes and
/// headers, and it follows the record: a suspension shows on the next
/// request. Its number may be percent-encoded, as a client may send it.
#[tokio::test]
async fn a_kept_star_check_is_the_handlers_answer_and_follows_the_record() {
    let app = TestApp::spawn().await;
    // A certificate with its number, issued by a round's decision.
    crate::fixtures::recognised(
        &app,
        "Đợt 1 năm 2026",
        "12/QĐ-UBND",
        crate::harness::day("2026-03-02"),
    )
    .await;
    let cert = app
        .store
        .product_by_slug("68", "ca-phe-bot-dak-dam")
        .await
        .unwrap()
        .unwrap()
        .certificates
        .into_iter()
        .find(|c| c.number.is_some())
        .expect("the certificate the decision issued");
    let number = cert.number.clone().unwrap();
    let path = format!("/api/v1/certificates/{number}");
    let encoded = format!("/api/v1/certificates/{}", number.replace('-', "%2D"));
    let ask = |path: String| {
        let app = &app;
        async move {
            let res = app.get(&path).await;
            let status = res.status().as_u16();
            let headers = res.headers().clone();
            let body = res.text().await.unwrap();
            (status, headers, body)
        }
    };
    let (status, first_headers, first) = ask(path.clone()).await;
    assert_eq!(status, 200, "{first}");
    assert!(!first.contains("\"status\":\"suspended\""), "{first}");
    for p in [path.clone(), encoded.clone()] {
        let (status, headers, body) = ask(p.clone()).await;
        assert_eq!((status, &body), (200, &first), "{p}");
        for h in [
            "content-type",
            "x-content-type-options",
            "content-security-policy",
        ] {
            assert_eq!(headers.get(h), first_headers.get(h), "{h} of {p}");
        }
        assert!(headers.get("x-content-type-options").is_some());
    }
    let office = app.signed_in(Role::Office).await;
    let (status, _, html) = crate::harness::post_form(
        &app,
        &office,
        &format!("/quan-tri/giay-chung-nhan/{}/trang-thai", cert.id),
        &[
            ("action", "suspend"),
            ("on", "2026-11-20"),
            ("decision", "12/QĐ-UBND"),
            ("reason", "Bao bì không đúng mẫu"),
        ],
    )
    .await;
    assert_eq!(status, 303, "{html}");
    for p in [path, encoded] {
        let (status, _, body) = ask(p.clone()).await;
        assert_eq!(status, 200);
        assert!(body.contains("\"status\":\"suspended\""), "{p}: {body}");
    }
    // A number nobody issued is the handler's 404 every time.
    for _ in 0..2 {
        let (status, _, _) = ask("/api/v1/certificates/OCOP-68-0000-NOPE".into()).await;
        assert_eq!(status, 404);
    }
}
