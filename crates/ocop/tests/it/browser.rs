//! Pages in a real browser: Debian's Chromium driven through chromedriver
//! (installed by `.ci/run`; nothing is downloaded). Screenshots are written
//! to `target/tmp/screenshots/` as test artifacts.

use crate::harness::TestApp;
use fantoccini::{Client, ClientBuilder, Locator};
use ocop_domain::text::slugify;
use std::os::unix::process::CommandExt as _;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Chromium under chromedriver, closed when dropped.
pub(crate) struct Browser {
    pub(crate) client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Chromium runs as chromedriver's child: killing the driver alone
        // would orphan the browser, so the whole process group goes.
        let group = format!("-{}", self.driver.id());
        let _ = Command::new("kill")
            .args(["-KILL", "--", &group])
            .stderr(Stdio::null())
            .status();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn which(name: &str) -> Option<String> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|dir| format!("{dir}/{name}"))
        .find(|p| std::path::Path::new(p).is_file())
}

/// Starts a headless browser with a phone-sized window, or explains why not.
pub(crate) async fn browser() -> Option<Browser> {
    let (Some(driver_bin), Some(chromium)) = (which("chromedriver"), which("chromium")) else {
        // CI installs both; a developer without them is told, loudly.
        assert!(
            std::env::var("CI").is_err(),
            "CI must have chromium and chromedriver"
        );
        eprintln!(
            "SKIPPED: install Debian's chromium and chromium-driver to run the browser tests"
        );
        return None;
    };
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("free port: {e}"));
    let driver = Command::new(driver_bin)
        .arg(format!("--port={port}"))
        // Its own process group, so Drop can end the browser with it.
        .process_group(0)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("chromedriver: {e}"));
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not start");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let profile = tempfile::tempdir().unwrap();
    let args = [
        "--headless=new".to_owned(),
        "--no-sandbox".to_owned(),
        "--disable-gpu".to_owned(),
        "--disable-dev-shm-usage".to_owned(),
        "--disable-background-networking".to_owned(),
        "--disable-component-update".to_owned(),
        "--disable-sync".to_owned(),
        "--no-first-run".to_owned(),
        "--lang=vi".to_owned(),
        format!("--user-data-dir={}", profile.path().display()),
        "--window-size=412,915".to_owned(),
    ];
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({ "binary": chromium, "args": args }),
    );
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .unwrap_or_else(|e| panic!("WebDriver session: {e}"));
    Some(Browser {
        client,
        driver,
        _profile: profile,
    })
}

pub(crate) async fn screenshot(client: &Client, name: &str) {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    let png = client
        .screenshot()
        .await
        .unwrap_or_else(|e| panic!("screenshot: {e}"));
    assert!(png.starts_with(b"\x89PNG"), "a PNG came back");
    std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
}

pub(crate) async fn text(client: &Client, css: &str) -> String {
    // A form post replaces the page: an element found just before the new
    // page arrives goes stale, so look again.
    for _ in 0..50 {
        if let Ok(el) = client.wait().for_element(Locator::Css(css)).await
            && let Ok(t) = el.text().await
        {
            return t;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("no stable element {css}");
}

/// Marks the page on screen, so [`wait_next_page`] can tell it from the next.
pub(crate) async fn mark_page(client: &Client) {
    client
        .execute("window.__leaving = true; return true;", vec![])
        .await
        .unwrap();
}

/// Waits (up to 30 s) until the marked page is replaced by a loaded one:
/// a click returns before the navigation it starts, and reading too early
/// reads the page being left.
pub(crate) async fn wait_next_page(client: &Client) {
    let loaded = "return window.__leaving === undefined && document.readyState === 'complete';";
    for _ in 0..300 {
        if let Ok(v) = client.execute(loaded, vec![]).await
            && v.as_bool() == Some(true)
        {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("no new page arrived");
}

/// Waits (up to 30 s) until the browser is on a URL containing `part`.
async fn wait_for_url(client: &Client, part: &str) {
    for _ in 0..300 {
        if client
            .current_url()
            .await
            .is_ok_and(|u| u.as_str().contains(part))
        {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the browser never reached a URL containing {part}");
}

/// The page fits a phone's width: nothing scrolls sideways but tables.
pub(crate) async fn fits_the_screen(client: &Client) -> bool {
    let r = client
        .execute(
            "return document.documentElement.scrollWidth <= window.innerWidth;",
            vec![],
        )
        .await
        .unwrap();
    r.as_bool() == Some(true)
}

#[tokio::test]
async fn a_consumer_finds_a_product_typing_without_accents_and_sees_its_star_status() {
    let app = TestApp::spawn().await;
    let Some(b) = browser().await else { return };
    let c = &b.client;
    c.goto(&format!("{}/", app.base)).await.unwrap();
    assert_eq!(text(c, "h1").await, "Sản phẩm OCOP Tỉnh Lâm Đồng");
    assert!(fits_the_screen(c).await, "home fits a 412 px phone screen");
    screenshot(c, "home-phone").await;

    c.find(Locator::LinkText("Sản phẩm"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let search = c.wait().for_element(Locator::Id("q")).await.unwrap();
    search.send_keys("ca phe dak mil").await.unwrap();
    c.find(Locator::Css("form.filters button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    // The unfiltered list holds the same link: wait for the results page
    // itself, or the link found may belong to the page being left.
    wait_for_url(c, "q=ca+phe+dak+mil").await;
    let link = c
        .wait()
        .for_element(Locator::LinkText("Cà phê bột Đắk Đam"))
        .await
        .unwrap();
    // What was typed stays in the box.
    let kept = c.find(Locator::Id("q")).await.unwrap().prop("value").await;
    assert_eq!(kept.ok().flatten().as_deref(), Some("ca phe dak mil"));
    assert!(fits_the_screen(c).await, "the list fits a phone screen");
    screenshot(c, "search-phone").await;

    mark_page(c).await;
    link.click().await.unwrap();
    wait_next_page(c).await;
    assert_eq!(text(c, "h1").await, "Cà phê bột Đắk Đam");
    assert!(
        text(c, ".status").await.contains("Hết hiệu lực"),
        "a 2020 certificate has lapsed by 2026"
    );
    assert!(text(c, ".facts").await.contains("Huyện Đắk Mil"));
    screenshot(c, "product-phone").await;

    // The producer page is one click away.
    mark_page(c).await;
    c.find(Locator::LinkText("HTX Nông nghiệp Công Bằng Thuận An"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_next_page(c).await;
    assert_eq!(text(c, "h1").await, "HTX Nông nghiệp Công Bằng Thuận An");
    assert!(text(c, ".facts").await.contains("Hợp tác xã"));

    // The decisions, each with its annex, read on the same phone.
    mark_page(c).await;
    c.find(Locator::LinkText("Quyết định"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_next_page(c).await;
    assert_eq!(text(c, "h1").await, "Quyết định công nhận sản phẩm OCOP");
    assert!(
        text(c, "section.decision").await.contains("Phụ lục:"),
        "a decision shows its annex"
    );
    assert!(fits_the_screen(c).await, "the decisions fit a phone screen");
    screenshot(c, "decisions-phone").await;
    let _ = b.client.clone().close().await;
}

/// Form fields without a label, and images without a text alternative, on
/// the page on screen (WCAG 2.1: 1.1.1, 1.3.1, 4.1.2).
pub(crate) async fn unlabelled(client: &Client) -> Vec<String> {
    let found = client
        .execute(
            "const out = [];
             for (const el of document.querySelectorAll('input, select, textarea')) {
               if (el.type === 'hidden') continue;
               const named = (el.labels && el.labels.length > 0) || el.getAttribute('aria-label');
               if (!named) out.push(el.outerHTML.slice(0, 80));
             }
             for (const img of document.querySelectorAll('img')) {
               if (!img.hasAttribute('alt')) out.push(img.outerHTML.slice(0, 80));
             }
             return out;",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(found).unwrap_or_default()
}

async fn click_link(client: &Client, text: &str) {
    mark_page(client).await;
    client
        .find(Locator::LinkText(text))
        .await
        .unwrap_or_else(|e| panic!("link {text}: {e}"))
        .click()
        .await
        .unwrap();
    wait_next_page(client).await;
}

#[tokio::test]
async fn on_a_phone_the_portal_searches_filters_checks_a_star_and_speaks_english() {
    let app = TestApp::spawn().await;
    crate::harness::execute_sql(
        &app.db().url,
        "UPDATE certificates SET number = 'OCOP-68-2026-00001' WHERE product_id = \
         (SELECT id FROM products WHERE slug = 'mam-nem-seagull')",
    )
    .await;
    let Some(b) = browser().await else { return };
    let c = &b.client;
    c.goto(&format!("{}/", app.base)).await.unwrap();
    // The keyboard reaches the skip link first.
    c.find(Locator::Css("body"))
        .await
        .unwrap()
        .send_keys("\u{E004}")
        .await
        .unwrap();
    let focused = c
        .active_element()
        .await
        .unwrap()
        .text()
        .await
        .unwrap_or_default();
    assert_eq!(focused, "Bỏ qua, đến nội dung chính");
    assert!(unlabelled(c).await.is_empty(), "{:?}", unlabelled(c).await);

    // One box in the header: typed without accents.
    let boxed = c.find(Locator::Id("hop-tim")).await.unwrap();
    boxed.send_keys("ca phe").await.unwrap();
    mark_page(c).await;
    c.find(Locator::Css("form.site-search button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_next_page(c).await;
    assert!(text(c, "h1").await.contains("ca phe"));
    assert!(text(c, "#tk-san-pham").await.starts_with("Sản phẩm ("));
    assert!(fits_the_screen(c).await, "search results fit a phone");
    assert!(unlabelled(c).await.is_empty(), "{:?}", unlabelled(c).await);
    screenshot(c, "portal-search-phone").await;

    // The catalogue with a facet: the count agrees with the list.
    c.goto(&format!("{}/san-pham?q=ca+phe", app.base))
        .await
        .unwrap();
    let facet = c
        .find(Locator::Css(".facet a[href*='stars=4']"))
        .await
        .unwrap();
    let label = facet.text().await.unwrap_or_default();
    let promised: usize = label
        .rsplit('(')
        .next()
        .and_then(|n| n.trim_end_matches(')').parse().ok())
        .unwrap_or_else(|| panic!("{label}"));
    mark_page(c).await;
    facet.click().await.unwrap();
    wait_next_page(c).await;
    let cards = c
        .find_all(Locator::Css(".results .card"))
        .await
        .unwrap_or_default()
        .len();
    assert_eq!(cards, promised, "the facet's count is what the list shows");
    assert!(
        text(c, "#so-ket-qua")
            .await
            .starts_with(&format!("{promised} sản phẩm"))
    );
    assert!(fits_the_screen(c).await, "the catalogue fits a phone");
    screenshot(c, "portal-filter-phone").await;

    // Open a product from the list.
    let first = c.find(Locator::Css(".results .card h2 a")).await.unwrap();
    let name = first.text().await.unwrap_or_default();
    mark_page(c).await;
    first.click().await.unwrap();
    wait_next_page(c).await;
    assert_eq!(text(c, "h1").await, name);
    assert!(text(c, "#mua-o-dau").await.contains("Mua ở đâu"));
    screenshot(c, "portal-product-phone").await;

    // Check a certificate number as printed on a package.
    click_link(c, "Kiểm tra sao").await;
    c.find(Locator::Id("so"))
        .await
        .unwrap()
        .send_keys("ocop-68-2026-00001")
        .await
        .unwrap();
    mark_page(c).await;
    c.find(Locator::Css("form.check button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_next_page(c).await;
    let verdict = text(c, ".verdict").await;
    assert!(verdict.starts_with("Còn hiệu lực"), "{verdict}");
    assert!(text(c, ".answer").await.contains("05/08/2029"));
    assert!(fits_the_screen(c).await);
    screenshot(c, "portal-star-check-phone").await;

    // English, then back; the choice is remembered across pages.
    click_link(c, "English").await;
    assert_eq!(text(c, "h1").await, "Check an OCOP star");
    let lang = c
        .execute("return document.documentElement.lang;", vec![])
        .await
        .unwrap();
    assert_eq!(lang.as_str(), Some("en"));
    click_link(c, "Products").await;
    assert_eq!(text(c, "h1").await, "OCOP products");
    screenshot(c, "portal-english-phone").await;
    click_link(c, "Tiếng Việt").await;
    assert_eq!(text(c, "h1").await, "Danh sách sản phẩm OCOP");
    let _ = b.client.clone().close().await;
}

#[tokio::test]
async fn on_a_phone_a_scanned_package_warns_of_a_lapsed_star_and_shows_its_journey() {
    use ocop_domain::access::Role;
    let app = TestApp::spawn().await;
    let office = crate::harness::actor("van-phong", Role::Office, None, None);
    let clock = crate::harness::clock();
    let product = "Cà phê bột Đắk Đam";
    let producer = crate::trace::producer_slug(&app, product).await;
    let id = ocop_app::trace::create_batch(
        &app.store,
        &clock,
        &ocop_app::OsEntropy,
        &office,
        &producer,
        &ocop_app::trace::BatchForm {
            product: ocop_domain::text::slugify(product),
            lot: "CF-2026-11".into(),
            produced_on: "2026-11-01".into(),
            expires_on: "2027-11-01".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    for (step, time, place) in [
        ("processing", "2026-11-01T08:00", "Xưởng rang xay Thuận An"),
        ("packing", "2026-11-02T08:00", "Xưởng rang xay Thuận An"),
    ] {
        ocop_app::trace::add_event(
            &app.store,
            &clock,
            &ocop_app::OsEntropy,
            &office,
            &producer,
            id,
            &ocop_app::trace::EventForm {
                step: step.into(),
                time: time.into(),
                place: place.into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    }
    let code = app
        .store
        .batch(id)
        .await
        .ok()
        .flatten()
        .map(|b| b.short_code)
        .unwrap_or_default();
    let Some(b) = browser().await else { return };
    let c = &b.client;
    c.goto(&format!("{}/q/{code}", app.base)).await.unwrap();
    assert_eq!(text(c, "h1").await, product);
    let warning = text(c, ".scan-warning").await;
    assert!(
        warning.contains("Cảnh báo") && warning.contains("hết hiệu lực"),
        "{warning}"
    );
    assert!(text(c, "ol.timeline").await.contains("Chế biến"));
    assert!(
        fits_the_screen(c).await,
        "the scan page fits a phone screen"
    );
    assert_eq!(unlabelled(c).await, Vec::<String>::new());
    screenshot(c, "scan-phone").await;
    // The optional question, on its own light page.
    click_link(
        c,
        "Cho biết bạn mua sản phẩm này ở tỉnh nào (không bắt buộc)",
    )
    .await;
    assert_eq!(unlabelled(c).await, Vec::<String>::new());
    c.find(Locator::Css("#tinh option[value='68']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    mark_page(c).await;
    c.find(Locator::Css("form[action$='noi-mua'] button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_next_page(c).await;
    assert!(text(c, "main").await.contains("Cảm ơn"));
    let _ = b.client.clone().close().await;
}

#[tokio::test]
async fn on_a_phone_the_map_draws_recorded_places_and_a_mark_opens_its_page() {
    let app = TestApp::spawn().await;
    for (slug, lat, lon) in [
        ("htx-nong-nghiep-cong-bang-thuan-an", 12.4526, 107.6247),
        ("cong-ty-tnhh-seagull", 10.9289, 108.1021),
    ] {
        let p = crate::harness::producer(&app.store, slug).await;
        app.store
            .set_producer_location(p.id, Some((lat, lon)), "van-phong", "2026-11-29T08:00:00Z")
            .await
            .unwrap();
    }
    let seagull = crate::harness::producer_name(&app.store, "cong-ty-tnhh-seagull").await;
    // Two synthetic commune outlines (test data, not real boundaries).
    let square = |lon: f64, lat: f64| {
        vec![vec![
            [lon, lat],
            [lon + 0.3, lat],
            [lon + 0.3, lat + 0.3],
            [lon, lat + 0.3],
            [lon, lat],
        ]]
    };
    app.store
        .replace_boundaries(
            &ocop_app::Province::default().code,
            &[
                ("24682".to_owned(), square(107.5, 12.3)),
                ("22945".to_owned(), square(107.95, 10.8)),
            ],
            "thu-nghiem.geojson",
            "van-phong",
            "2026-11-29T08:00:00Z",
        )
        .await
        .unwrap();
    let Some(b) = browser().await else { return };
    let c = &b.client;
    c.goto(&format!("{}/ban-do", app.base)).await.unwrap();
    assert_eq!(text(c, "h1").await, "Bản đồ OCOP");
    // Drawn by the browser: two marks, inside the drawing, on a phone.
    let drawn = c
        .execute(
            "const svg = document.querySelector('figure.map svg').getBoundingClientRect();
             return [...document.querySelectorAll('a.mk')].map(a => {
               const r = a.getBoundingClientRect();
               return r.width > 4 && r.left >= svg.left && r.right <= svg.right
                 && r.top >= svg.top && r.bottom <= svg.bottom;
             });",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        drawn,
        serde_json::json!([true, true]),
        "two marks inside the map"
    );
    let areas = c
        .execute(
            "return document.querySelectorAll('a.area path').length;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(areas, serde_json::json!(2), "both communes drawn");
    assert!(fits_the_screen(c).await, "the map fits a phone screen");
    assert_eq!(unlabelled(c).await, Vec::<String>::new());
    c.execute(
        "document.querySelector('figure.map').scrollIntoView(); return true;",
        vec![],
    )
    .await
    .unwrap();
    screenshot(c, "map-phone").await;
    // A mark is a link a finger (or the keyboard) can follow.
    mark_page(c).await;
    c.find(Locator::Css("a.mk[href='/chu-the/cong-ty-tnhh-seagull']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_next_page(c).await;
    assert_eq!(text(c, "h1").await, seagull);
}

/// Every public page fits a 390 px phone: nothing scrolls sideways (tables
/// scroll inside their own box). A screenshot of each is kept.
#[tokio::test]
async fn every_public_page_fits_a_390_px_phone() {
    let app = TestApp::spawn().await;
    crate::portal::number_certificate(&app, "Mắm nêm Seagull", "OCOP-68-2026-00001", "").await;
    // A growing-area code and a batch of the product, for the pages a
    // package's QR code leads to.
    let office = app.signed_in(ocop_domain::access::Role::Office).await;
    let product = crate::trace::PRODUCT;
    let producer = crate::trace::producer_slug(&app, product).await;
    let area = crate::trace::area(&app, &office, &producer, "VN-LDO-0390").await;
    let fields = [
        ("product", slugify(product)),
        ("lot", "L2026-390".to_owned()),
        ("produced_on", "2026-11-01".to_owned()),
        ("expires_on", "2027-11-01".to_owned()),
        ("quantity", "10".to_owned()),
        ("unit", "chai".to_owned()),
        ("area", area.to_string()),
    ];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (_, scan) = crate::trace::batch(&app, &office, &producer, &fields).await;
    let Some(b) = browser().await else { return };
    let c = &b.client;
    c.set_window_size(390, 844).await.unwrap();
    let (_, check) = app.page("/kiem-tra-sao?q=OCOP-68-2026-00001").await;
    let token = check
        .split("href=\"/xac-thuc/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or_default()
        .to_owned();
    let pages = [
        ("home", "/".to_owned()),
        ("catalogue", "/san-pham".to_owned()),
        ("product", "/san-pham/ca-phe-bot-dak-dam".to_owned()),
        (
            "producer",
            "/chu-the/htx-nong-nghiep-cong-bang-thuan-an".to_owned(),
        ),
        ("search", "/tim-kiem?q=ca+phe".to_owned()),
        (
            "star-check",
            "/kiem-tra-sao?q=OCOP-68-2026-00001".to_owned(),
        ),
        ("decisions", "/quyet-dinh".to_owned()),
        ("events", "/su-kien".to_owned()),
        ("news", "/tin-tuc".to_owned()),
        ("tourism", "/du-lich-cong-dong".to_owned()),
        ("map", "/ban-do".to_owned()),
        ("criteria", "/bo-tieu-chi".to_owned()),
        ("criteria-set", "/bo-tieu-chi/qd148-2023-13".to_owned()),
        ("signed-status", format!("/xac-thuc/{token}")),
        ("report", "/phan-anh".to_owned()),
        ("statistics", "/thong-ke".to_owned()),
        ("statistics-communes", "/thong-ke/xa-phuong".to_owned()),
        ("open-data", "/du-lieu-mo".to_owned()),
        ("nomination", "/san-pham/rong-nho-tuoi".to_owned()),
        ("sign-in", "/dang-nhap".to_owned()),
        ("register", "/dang-ky".to_owned()),
        ("not-found", "/khong-co-trang-nay".to_owned()),
        ("area-code", "/ma-vung/vn-ldo-0390".to_owned()),
        ("scan", format!("/q/{scan}")),
    ];
    let mut too_wide = Vec::new();
    for (name, path) in &pages {
        c.goto(&format!("{}{path}", app.base)).await.unwrap();
        screenshot(c, &format!("phone-390-{name}")).await;
        if !fits_the_screen(c).await {
            too_wide.push(*name);
        }
    }
    assert!(
        too_wide.is_empty(),
        "wider than a 390 px phone: {too_wide:?}"
    );
}
