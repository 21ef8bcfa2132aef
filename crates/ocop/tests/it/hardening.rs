//! Issue #14: the probes of an attacker and of a chaos test, each as a test
//! that drives the real app (on the engine the environment selects).

use crate::access::{cookie_pair, sign_in};
use crate::harness::{TEST_PASSWORD, TestApp, account, get_as, post_as, scoped_session};
use ocop_domain::access::Role;

async fn post_form(
    app: &TestApp,
    path: &str,
    form: &[(&str, &str)],
    client: &str,
) -> (u16, String) {
    let res = app
        .client
        .post(format!("{}{path}", app.base))
        .header("x-forwarded-for", client)
        .form(form)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.text().await.unwrap_or_default())
}

async fn count_audit(app: &TestApp, action: &str, entity_id: &str) -> usize {
    app.store
        .audit_entries("user", entity_id)
        .await
        .unwrap_or_default()
        .iter()
        .filter(|e| e.action == action)
        .count()
}

/// 100 wrong passwords at once from one address: every one is counted, only
/// the first five reach the hash, the lock is recorded once, and the right
/// password after them is refused — from that address. The administrator's
/// own office (another address) is not locked out, and another administrator
/// lifts the lock at once.
#[tokio::test]
async fn parallel_wrong_passwords_count_every_one_and_lock_once() {
    let app = TestApp::spawn().await;
    account(&app, "truong-phong", Role::Admin).await;
    account(&app, "quan-tri-2", Role::Admin).await;
    let attacker = "203.0.113.66";
    let tries = (0..100).map(|i| {
        let app = &app;
        async move {
            let pw = format!("đoán sai lần {i}");
            post_form(
                app,
                "/dang-nhap",
                &[
                    ("username", "truong-phong"),
                    ("password", &pw),
                    ("tiep", "/quan-tri"),
                ],
                attacker,
            )
            .await
            .0
        }
    });
    let statuses = futures::future::join_all(tries).await;
    let checked = statuses.iter().filter(|s| **s == 401).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!((checked, refused), (5, 95), "{statuses:?}");
    assert_eq!(count_audit(&app, "sign_in_locked", "truong-phong").await, 1);
    assert_eq!(count_audit(&app, "sign_in_failed", "truong-phong").await, 5);
    assert_eq!(
        count_audit(&app, "sign_in_refused", "truong-phong").await,
        95
    );
    let counted = app
        .store
        .login_failures("pair:truong-phong|203.0.113.66")
        .await
        .unwrap_or_default();
    assert_eq!(counted, 100);
    // The right password from the attacker's address: refused, with a time.
    let (status, html) = post_form(
        &app,
        "/dang-nhap",
        &[("username", "truong-phong"), ("password", TEST_PASSWORD)],
        attacker,
    )
    .await;
    assert_eq!(status, 429);
    assert!(
        html.contains("tạm khóa") && html.contains("thử lại sau"),
        "{html}"
    );
    // From the office: the administrator signs in.
    let (status, _) = post_form(
        &app,
        "/dang-nhap",
        &[
            ("username", "truong-phong"),
            ("password", TEST_PASSWORD),
            ("tiep", "/quan-tri"),
        ],
        "198.51.100.10",
    )
    .await;
    assert_eq!(status, 303);
    // Another administrator sees the lock and lifts it.
    let (_, cookie, _) = sign_in(&app, "quan-tri-2", TEST_PASSWORD).await;
    let cookie = cookie_pair(&cookie.unwrap_or_default());
    let (_, list) = get_as(&app, &cookie, "/quan-tri/tai-khoan").await;
    assert!(
        list.contains("Đang bị khóa đăng nhập")
            && list.contains("/quan-tri/tai-khoan/truong-phong/mo-khoa"),
        "{list}"
    );
    let (status, _) = post_as(
        &app,
        &cookie,
        "/quan-tri/tai-khoan/truong-phong/mo-khoa",
        &[],
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(count_audit(&app, "unlock_sign_in", "truong-phong").await, 1);
    let (status, _) = post_form(
        &app,
        "/dang-nhap",
        &[
            ("username", "truong-phong"),
            ("password", TEST_PASSWORD),
            ("tiep", "/quan-tri"),
        ],
        attacker,
    )
    .await;
    assert_eq!(status, 303);
    assert!(count_audit(&app, "sign_in", "truong-phong").await >= 2);
}

/// An unknown name is locked exactly like a real one (so locks do not tell
/// which names exist), and its attempts are audited.
#[tokio::test]
async fn unknown_names_behave_like_real_ones() {
    let app = TestApp::spawn().await;
    let mut statuses = Vec::new();
    for i in 0..7 {
        let pw = format!("sai {i}");
        statuses.push(
            post_form(
                &app,
                "/dang-nhap",
                &[("username", "khong-co-ai"), ("password", &pw)],
                "203.0.113.7",
            )
            .await
            .0,
        );
    }
    assert_eq!(statuses, [401, 401, 401, 401, 401, 429, 429]);
    let log = app
        .store
        .audit_entries("user", "khong-co-ai")
        .await
        .unwrap_or_default();
    assert!(
        log.iter().any(|e| e.action == "sign_in_failed"
            && e.after.as_deref().unwrap_or("").contains("unknown_account")),
        "{log:?}"
    );
}

/// A password change counts the current password like a sign-in, and common
/// passwords are refused wherever a password is chosen.
#[tokio::test]
async fn the_current_password_counts_and_common_passwords_are_refused() {
    let app = TestApp::spawn().await;
    account(&app, "can-bo-xa", Role::Commune).await;
    let (_, cookie, _) = sign_in(&app, "can-bo-xa", TEST_PASSWORD).await;
    let cookie = cookie_pair(&cookie.unwrap_or_default());
    let change = |current: &'static str, new: &'static str| {
        let app = &app;
        let cookie = cookie.clone();
        async move {
            let res = app
                .client
                .post(format!("{}/quan-tri/mat-khau", app.base))
                .header("cookie", cookie)
                .form(&[("current", current), ("new", new), ("confirm", new)])
                .send()
                .await
                .unwrap();
            (res.status().as_u16(), res.text().await.unwrap_or_default())
        }
    };
    for common in ["123456789012", "matkhau123456", "qwertyuiop12"] {
        let (status, html) = change(TEST_PASSWORD, common).await;
        assert_eq!(status, 422, "{common}");
        assert!(html.contains("quá dễ đoán"), "{common}: {html}");
    }
    for _ in 0..5 {
        assert_eq!(
            change("không phải mật khẩu", "Một câu thật dài khó đoán 2026")
                .await
                .0,
            422
        );
    }
    // The sixth wrong current password is locked out, and so is the right one.
    let (status, html) = change(TEST_PASSWORD, "Một câu thật dài khó đoán 2026").await;
    assert_eq!(status, 422);
    assert!(html.contains("tạm khóa"), "{html}");
    // Registration refuses a common password next to its field.
    let (status, html) = post_form(
        &app,
        "/dang-ky",
        &[
            ("username", "ho-moi"),
            ("password", "123456789012"),
            ("password_confirm", "123456789012"),
        ],
        "198.51.100.40",
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains("quá dễ đoán"));
}

/// 30 misuse reports at once from one sender: exactly five are taken; the
/// 31st is refused before its body is read. Another sender still reports.
#[tokio::test]
async fn the_per_sender_limit_holds_under_parallel_posts() {
    let app = TestApp::spawn().await;
    let send = |client: &'static str| {
        let app = &app;
        async move {
            let form = reqwest::multipart::Form::new()
                .text("product", "Mật ong giả")
                .text("description", "Tem OCOP giả dán trên chai mật ong");
            app.client
                .post(format!("{}/phan-anh", app.base))
                .header("x-forwarded-for", client)
                .multipart(form)
                .send()
                .await
                .map(|r| r.status().as_u16())
                .unwrap_or(0)
        }
    };
    let statuses = futures::future::join_all((0..30).map(|_| send("203.0.113.30"))).await;
    let taken = statuses.iter().filter(|s| **s == 200).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!((taken, refused), (5, 25), "{statuses:?}");
    assert_eq!(
        app.store
            .misuse_reports("68", None)
            .await
            .unwrap_or_default()
            .len(),
        5
    );
    assert_eq!(send("198.51.100.31").await, 200);
}

/// A photo whose header claims 39.6 megapixels (38 KB of PNG) is refused from
/// its header, with the reason, before any pixel is decoded.
#[tokio::test]
async fn a_pixel_bomb_is_refused_from_its_header() {
    let app = TestApp::spawn().await;
    let bomb = ocop_media::hostile::png_claiming(11_000, 3_600);
    assert!(bomb.len() < 64 * 1024);
    let (status, html) = crate::harness::post_multipart(
        &app,
        "",
        "/phan-anh",
        &[
            ("product", "Mật ong giả"),
            ("description", "Tem OCOP giả dán trên chai mật ong"),
        ],
        Some(("bom.png", bomb)),
    )
    .await;
    assert_eq!(status, 422, "{html}");
    assert!(
        html.contains("11000×3600") && html.contains("32 triệu điểm ảnh"),
        "{html}"
    );
    assert!(
        html.contains("Mật ong giả"),
        "the form keeps what was typed"
    );
}

/// Six registrations in an hour from one sender: the sixth is refused.
#[tokio::test]
async fn registrations_have_a_budget_per_sender() {
    let app = TestApp::spawn().await;
    let mut statuses = Vec::new();
    for i in 0..6 {
        let username = format!("ho-san-xuat-{i}");
        let name = format!("Hộ sản xuất mật ong số {i}");
        let pw = "Ong rừng U Minh ngọt lịm 2026";
        statuses.push(
            post_form(
                &app,
                "/dang-ky",
                &[
                    ("name", name.as_str()),
                    ("kind", "cooperative"),
                    ("tax_code", "0100109106"),
                    ("commune_code", "24682"),
                    ("representative_name", "H'Linh Niê"),
                    ("representative_gender", "female"),
                    ("representative_ethnicity", "Ê Đê"),
                    ("username", username.as_str()),
                    ("password", pw),
                    ("password_confirm", pw),
                ],
                "203.0.113.50",
            )
            .await,
        );
    }
    let codes: Vec<u16> = statuses.iter().map(|s| s.0).collect();
    // Whatever the form's own verdict on the fields, the sixth is over budget
    // only when the first five were whole; count the accepted ones.
    let accepted = codes.iter().filter(|c| **c == 200).count();
    if accepted == 5 {
        assert_eq!(codes[5], 429, "{codes:?}");
    } else {
        panic!("the test's application is not accepted: {}", statuses[0].1);
    }
}

/// Many scans of one genuine code from one phone count once a day.
#[tokio::test]
async fn one_client_cannot_inflate_scan_counts() {
    let app = TestApp::spawn().await;
    let (code, office) = crate::trace::a_scannable_batch(&app).await;
    for _ in 0..50 {
        assert_eq!(
            app.page_from(&format!("/q/{code}"), "203.0.113.80").await.0,
            200
        );
    }
    app.page_from(&format!("/q/{code}"), "198.51.100.81").await;
    assert_eq!(crate::trace::scans_of(&app, &office, &code).await, 2);
}

/// Redirect targets are read as a browser would; anything off-site goes home
/// and nothing answers 500 or a redirect without a place to go.
#[tokio::test]
async fn redirects_stay_on_the_site() {
    let app = TestApp::spawn().await;
    for (raw, want) in [
        ("/%09/evil.example/", "/"),
        // A browser drops the newline and reads //x: another site.
        ("/%0a/x", "/"),
        ("//evil.example", "/"),
        ("/%5Cevil.example", "/"),
        ("https://evil.example/", "/"),
        ("/san-pham?q=c%C3%A0", "/san-pham?q=c%C3%A0"),
    ] {
        let res = app.get(&format!("/ngon-ngu/en?tiep={raw}")).await;
        assert_eq!(res.status().as_u16(), 303, "{raw}");
        let to = res
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        assert_eq!(to, want, "{raw}");
    }
    account(&app, "can-bo", Role::Office).await;
    let res = app
        .client
        .post(format!("{}/dang-nhap", app.base))
        .form(&[
            ("username", "can-bo"),
            ("password", TEST_PASSWORD),
            ("tiep", "/quan-tri\n/ho-so"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(
        res.headers().get("location").and_then(|v| v.to_str().ok()),
        Some("/quan-tri/ho-so")
    );
}

/// The fuzz corpora over HTTP: no input answers 500, and every redirect
/// stays on the site.
#[tokio::test]
async fn no_corpus_input_answers_500() {
    let app = TestApp::spawn().await;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus");
    let mut n = 0;
    for (corpus, path) in [("redirect", "/ngon-ngu/en?tiep="), ("digital_link", "")] {
        for entry in std::fs::read_dir(root.join(corpus))
            .into_iter()
            .flatten()
            .flatten()
        {
            let raw = std::fs::read(entry.path()).unwrap_or_default();
            let encoded: String = url::form_urlencoded::byte_serialize(&raw).collect();
            let target = if path.is_empty() {
                // A Digital Link path as sent, percent-encoded where needed.
                let text = String::from_utf8_lossy(&raw).replace(['\n', '\r', ' '], "");
                if text.starts_with('/') {
                    text
                } else {
                    format!("/{text}")
                }
            } else {
                format!("{path}{encoded}")
            };
            let res = app.get(&target).await;
            let status = res.status().as_u16();
            assert!(status < 500, "{corpus}/{:?}: {status}", entry.file_name());
            if let Some(to) = res.headers().get("location") {
                let to = to.to_str().unwrap_or("");
                assert!(to.starts_with('/') && !to.starts_with("//"), "{to}");
            }
            n += 1;
        }
    }
    assert!(n >= 20, "{n}");
}

/// Exports never hand a spreadsheet a formula typed by someone else.
#[tokio::test]
async fn csv_exports_neutralise_formulas() {
    let app = TestApp::spawn().await;
    let evil = "=cmd|' /C calc'!A0";
    post_form(
        &app,
        "/dang-nhap",
        &[("username", evil), ("password", "x")],
        "203.0.113.90",
    )
    .await;
    account(&app, "quan-tri", Role::Admin).await;
    let (_, cookie, _) = sign_in(&app, "quan-tri", TEST_PASSWORD).await;
    let (_, csv) = get_as(
        &app,
        &cookie_pair(&cookie.unwrap_or_default()),
        "/quan-tri/nhat-ky.csv",
    )
    .await;
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let cells: Vec<String> = reader
        .records()
        .filter_map(Result::ok)
        .flat_map(|r| r.iter().map(str::to_owned).collect::<Vec<_>>())
        .collect();
    let mine: Vec<&String> = cells.iter().filter(|c| c.contains("cmd|")).collect();
    assert!(!mine.is_empty(), "the attempt is in the log");
    for c in mine {
        assert!(!c.starts_with(['=', '+', '-', '@']), "{c}");
    }
}

/// Rejections axum writes itself come in the platform's envelope: JSON under
/// /api/, a Vietnamese page elsewhere, with the right status.
#[tokio::test]
async fn every_refusal_comes_in_the_envelope() {
    let app = TestApp::spawn().await;
    // 405 on the API and on a page.
    let res = app
        .client
        .delete(format!("{}/api/v1/products", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 405);
    let body: serde_json::Value = res.json().await.unwrap_or_default();
    assert_eq!(body["error"]["status"], 405);
    let res = app
        .client
        .delete(format!("{}/san-pham", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 405);
    let html = res.text().await.unwrap_or_default();
    assert!(
        html.contains("Phương thức không được hỗ trợ") && html.contains("<html"),
        "{html}"
    );
    // 414 for an address over 8 KB.
    let long = "a".repeat(9000);
    let res = app.get(&format!("/api/v1/products?q={long}")).await;
    assert_eq!(res.status().as_u16(), 414);
    let body: serde_json::Value = res.json().await.unwrap_or_default();
    assert_eq!(body["error"]["status"], 414);
    // A form body that does not parse: 400 in Vietnamese, not English text.
    let res = app
        .client
        .post(format!("{}/dang-nhap", app.base))
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 400);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap_or("")
            .starts_with("text/html")
    );
    // A JSON body that does not parse on the API: the JSON envelope.
    let res = app
        .client
        .post(format!(
            "{}/api/v1/criteria-sets/qd148-2023-13/score",
            app.base
        ))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert!(
        matches!(res.status().as_u16(), 400 | 422),
        "{}",
        res.status()
    );
    let body: serde_json::Value = res.json().await.unwrap_or_default();
    assert!(body["error"]["message"].is_string(), "{body}");
    // A body over the form's limit: 413 with the reason.
    let big = vec![b'x'; 13 * 1024 * 1024];
    let form = reqwest::multipart::Form::new().text("product", "x").part(
        "file",
        reqwest::multipart::Part::bytes(big).file_name("a.jpg"),
    );
    let res = app
        .client
        .post(format!("{}/phan-anh", app.base))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 413);
    assert!(
        res.text()
            .await
            .unwrap_or_default()
            .contains("vượt giới hạn")
    );
}

/// A client that sends its headers a byte at a time is cut off at the header
/// deadline; past the connection cap new connections close at once, and the
/// server answers again as soon as they go.
#[tokio::test]
async fn slow_clients_are_cut_off_and_connections_are_capped() {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let db = crate::harness::TestDb::seeded().await;
    let store = db.store().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let state = ocop_web::AppState::new(
        store,
        std::sync::Arc::new(crate::harness::clock()),
        ocop_app::Province::default(),
    );
    let limits = ocop_web::server::ServerLimits {
        header_read_timeout: std::time::Duration::from_secs(1),
        max_connections: 4,
        drain: std::time::Duration::from_secs(1),
    };
    tokio::spawn(ocop_web::server::serve(
        listener,
        ocop_web::app(state),
        limits,
        std::future::pending(),
    ));
    // Four half-sent requests fill the server.
    let mut slow = Vec::new();
    for _ in 0..4 {
        let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
        s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
            .await
            .unwrap();
        slow.push(s);
    }
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    // A fifth connection is closed without an answer.
    let mut fifth = tokio::net::TcpStream::connect(addr).await.unwrap();
    let _ = fifth
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await;
    let mut buf = Vec::new();
    let read = tokio::time::timeout(
        std::time::Duration::from_secs(5),
        fifth.read_to_end(&mut buf),
    )
    .await;
    assert!(matches!(read, Ok(Ok(0)) | Ok(Err(_))), "{read:?} {buf:?}");
    // The slow ones are cut off at the deadline (the server closes them).
    for mut s in slow {
        let mut buf = Vec::new();
        let read =
            tokio::time::timeout(std::time::Duration::from_secs(10), s.read_to_end(&mut buf)).await;
        assert!(read.is_ok(), "a slow client was not cut off");
    }
    // And the server answers again.
    let res = reqwest::get(format!("http://{addr}/healthz"))
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
}

/// A household's personal identification number and home address are not
/// public (page, structured data, sitemap) until the household chooses to
/// publish them; only the household itself can choose.
#[tokio::test]
async fn a_households_personal_data_stays_private_until_it_chooses() {
    let app = TestApp::spawn().await;
    let household = ocop_domain::producer::Producer {
        province_code: ocop_domain::UnitCode::parse(ocop_domain::UnitLevel::Province, "68")
            .unwrap(),
        name: "Hộ kinh doanh Ka Điệp".into(),
        kind: ocop_domain::ProducerKind::HouseholdBusiness,
        tax_code: Some(ocop_domain::TaxCode::parse("068190001234").unwrap()),
        representative: None,
        address: Some("Nhà số 12, thôn Bồ Liêng".into()),
        commune_code: None,
        phone: Some("0912345678".into()),
        email: None,
    };
    let created = app
        .store
        .create_producer(&household, "test", "2026-11-01T00:00:00Z")
        .await
        .unwrap();
    let path = format!("/chu-the/{}", created.slug);
    let (status, html) = app.page(&path).await;
    assert_eq!(status, 200);
    for private in ["068190001234", "Nhà số 12", "0912345678"] {
        assert!(!html.contains(private), "{private} is public");
    }
    assert!(html.contains("Không công khai (thông tin cá nhân)"));
    let (_, sitemap) = app.page("/sitemap.xml").await;
    assert!(!sitemap.contains("068190001234"));
    // Someone else (the office) cannot choose for the household.
    let office = app.signed_in(Role::Office).await;
    let form = [("publish", "1")];
    let (status, _) = post_as(
        &app,
        &office,
        &format!("/quan-tri/chu-the/{}/cong-khai", created.slug),
        &form,
    )
    .await;
    assert_eq!(status, 403);
    // The household chooses to publish its contact.
    let cookie = scoped_session(&app, "ka-diep", Role::Producer, None, Some(created.id)).await;
    let (_, own) = get_as(
        &app,
        &cookie,
        &format!("/quan-tri/chu-the/{}", created.slug),
    )
    .await;
    assert!(own.contains("Liên hệ trên cổng OCOP"), "{own}");
    let (status, _) = post_as(
        &app,
        &cookie,
        &format!("/quan-tri/chu-the/{}/cong-khai", created.slug),
        &form,
    )
    .await;
    assert_eq!(status, 303);
    let (_, html) = app.page(&path).await;
    assert!(
        html.contains("068190001234") && html.contains("Nhà số 12"),
        "{html}"
    );
    assert_eq!(
        app.store
            .audit_entries("producer", &created.id.to_string())
            .await
            .unwrap_or_default()
            .iter()
            .filter(|e| e.action == "producer.contact")
            .count(),
        1
    );
}

/// A producer's own new product waits for the commune's officer before it
/// is on the portal, in the API and in the sitemap.
#[tokio::test]
async fn a_producers_new_product_waits_for_approval_before_it_is_public() {
    let app = TestApp::spawn().await;
    let own = crate::harness::producer(&app.store, "htx-nong-nghiep-cong-bang-thuan-an").await;
    let producer = scoped_session(&app, "chu-the", Role::Producer, None, Some(own.id)).await;
    let (status, html) = post_as(
        &app,
        &producer,
        "/quan-tri/san-pham/moi",
        &[
            ("producer", "htx-nong-nghiep-cong-bang-thuan-an"),
            ("name", "Mật ong hoa cà phê Thuận An"),
            ("group", "I"),
            ("criteria_set", "qd148-2023-05"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{html}");
    let slug = "mat-ong-hoa-ca-phe-thuan-an";
    assert_eq!(app.page(&format!("/san-pham/{slug}")).await.0, 404);
    assert!(!app.page("/sitemap.xml").await.1.contains(slug));
    assert!(
        !app.page("/api/v1/products?q=mat%20ong%20hoa%20ca%20phe")
            .await
            .1
            .contains(slug)
    );
    assert!(
        !app.page("/chu-the/htx-nong-nghiep-cong-bang-thuan-an")
            .await
            .1
            .contains(slug)
    );
    // The commune's officer sees it waiting and approves it.
    let officer = scoped_session(
        &app,
        "can-bo-xa",
        Role::Commune,
        own.commune_code_2025.as_deref(),
        None,
    )
    .await;
    let (_, list) = get_as(&app, &officer, "/quan-tri/dang-ky").await;
    assert!(list.contains("Mật ong hoa cà phê Thuận An"), "{list}");
    // Sent when, in Vietnam's time (the stored moment is UTC).
    let pending = app.store.pending_products("68", None).await.unwrap();
    let sent = pending[0]
        .created_at
        .with_timezone(&ocop_app::clock::vietnam());
    assert!(
        list.contains(&format!("gửi lúc {}", sent.format("%d/%m/%Y %H:%M"))),
        "{list}"
    );
    let (status, html) = post_as(
        &app,
        &officer,
        &format!("/quan-tri/san-pham/{slug}/duyet"),
        &[],
    )
    .await;
    assert_eq!(status, 200, "{html}");
    assert_eq!(app.page(&format!("/san-pham/{slug}")).await.0, 200);
    assert!(app.page("/sitemap.xml").await.1.contains(slug));
    // Approved once; a second approval is refused as such.
    let (status, _) = post_as(
        &app,
        &officer,
        &format!("/quan-tri/san-pham/{slug}/duyet"),
        &[],
    )
    .await;
    assert_eq!(status, 422);
}

/// Who sits on a round's council is for the office and those seated; a
/// dossier still being written is for its producer, its commune and the
/// office — not for a council member.
#[tokio::test]
async fn council_composition_and_drafts_are_not_for_everyone() {
    let app = TestApp::spawn().await;
    let own = crate::harness::producer(&app.store, "htx-nong-nghiep-cong-bang-thuan-an").await;
    let by = crate::harness::actor("chu-the", Role::Producer, None, Some(own.id));
    let (round, dossier) =
        crate::harness::new_dossier(&app, &by, "Đợt riêng tư", &Default::default()).await;
    account(&app, "thanh-vien", Role::Council).await;
    app.store
        .add_council_member(
            round,
            "thanh-vien",
            false,
            "van-phong",
            "2026-10-01T06:00:00Z",
        )
        .await
        .unwrap();
    let round_page = format!("/quan-tri/dot/{round}");
    let producer = scoped_session(&app, "chu-the", Role::Producer, None, Some(own.id)).await;
    let (_, html) = get_as(&app, &producer, &round_page).await;
    assert!(
        !html.contains("thanh-vien") && !html.contains("id=\"hoi-dong\""),
        "{html}"
    );
    let office = app.signed_in(Role::Office).await;
    let (_, html) = get_as(&app, &office, &round_page).await;
    assert!(html.contains("thanh-vien"));
    let (_, cookie, _) = sign_in(&app, "thanh-vien", TEST_PASSWORD).await;
    let member = cookie_pair(&cookie.unwrap_or_default());
    let (_, html) = get_as(&app, &member, &round_page).await;
    assert!(html.contains("thanh-vien"));
    // The dossier is a draft: the member cannot open it; its producer can.
    let (status, _) = get_as(&app, &member, &format!("/quan-tri/ho-so/{dossier}")).await;
    assert_eq!(status, 403);
    let (status, _) = get_as(&app, &producer, &format!("/quan-tri/ho-so/{dossier}")).await;
    assert_eq!(status, 200);
}

/// Every change to what the portal publishes is audited with who and what:
/// news, points of sale, marketplace links, photos (added and removed),
/// applications; exports of personal data too.
#[tokio::test]
async fn content_places_links_photos_and_applications_leave_an_audit_entry() {
    let app = TestApp::spawn().await;
    let s = &app.store;
    let now = "2026-11-29T06:00:00Z";
    let own = crate::harness::producer(s, "htx-nong-nghiep-cong-bang-thuan-an").await;
    let product = crate::harness::product_id(s, "ca-phe-bot-dak-dam").await;
    let news = ocop_store::content::NewsItem {
        id: 0,
        slug: "tin-thu".into(),
        title: "Tin thử".into(),
        summary: "Tóm tắt".into(),
        body: "Nội dung".into(),
        published_on: crate::harness::day("2026-11-29"),
    };
    s.create_news("68", &news, "van-phong", now).await.unwrap();
    let point = s
        .add_point_of_sale(
            &ocop_store::market::NewPointOfSale {
                province: "68",
                producer_id: own.id,
                kind: ocop_domain::market::PointOfSaleKind::Shop,
                name: "Cửa hàng đặc sản",
                address: "12 Trần Phú",
                commune_code_2025: None,
                phone: None,
                location: None,
            },
            "chu-the",
            now,
        )
        .await
        .unwrap();
    assert!(
        s.delete_point_of_sale(own.id, point, "chu-the", now)
            .await
            .unwrap_or(false)
    );
    let link = s
        .add_marketplace_link(
            product,
            "shopee",
            "https://shopee.vn/ca-phe",
            "chu-the",
            now,
        )
        .await
        .unwrap();
    assert!(
        s.delete_marketplace_link(own.id, link, "chu-the", now)
            .await
            .unwrap_or(false)
    );
    let jpeg = [0xFF_u8, 0xD8, 0xFF, 0xD9];
    let photo = s
        .add_photo(
            &ocop_store::photos::NewPhoto {
                product_id: product,
                alt: "Gói cà phê",
                width: 1,
                height: 1,
                variants: &[ocop_store::photos::NewVariant {
                    width: 1,
                    height: 1,
                    jpeg: &jpeg,
                }],
            },
            "chu-the",
            now,
        )
        .await
        .unwrap();
    assert!(
        s.delete_photo(own.id, photo, "chu-the", now)
            .await
            .unwrap_or(false)
    );
    s.submit_registration(
        &ocop_store::registrations::NewRegistration {
            province_code: "68",
            commune_code: Some("24682"),
            form_json: "{}",
            username: "ung-vien-moi",
            password_hash: "x",
            email: None,
        },
        now,
    )
    .await
    .unwrap();
    let log = s.audit_log(50).await.unwrap_or_default();
    let has = |actor: &str, action: &str, entity: &str| {
        log.iter()
            .any(|r| r.actor == actor && r.action == action && r.entity == entity)
    };
    for (actor, action, entity) in [
        ("van-phong", "create", "news"),
        ("chu-the", "create", "point_of_sale"),
        ("chu-the", "delete", "point_of_sale"),
        ("chu-the", "create", "marketplace_link"),
        ("chu-the", "delete", "marketplace_link"),
        ("chu-the", "create", "product_photo"),
        ("chu-the", "delete", "product_photo"),
        ("ung-vien-moi", "create", "producer_registration"),
    ] {
        assert!(
            has(actor, action, entity),
            "{actor} {action} {entity}: {log:#?}"
        );
    }
    // Exporting the audit log (addresses, names) is itself audited.
    let admin = app.signed_in(Role::Admin).await;
    assert_eq!(get_as(&app, &admin, "/quan-tri/nhat-ky.csv").await.0, 200);
    let log = s.audit_log(5).await.unwrap_or_default();
    assert!(
        log.iter()
            .any(|r| r.actor == "quan-tri" && r.action == "export" && r.entity == "audit_log")
    );
}

/// Each lock in a row doubles the next: 15 minutes, then 30, then 60 — an
/// attacker who waits out a lock and guesses again waits longer each time.
#[tokio::test]
async fn each_lock_in_a_row_lasts_twice_as_long() {
    use ocop_app::auth::{self, AuthError, SessionPolicy};
    let app = TestApp::spawn().await;
    account(&app, "ke-toan", Role::Office).await;
    let policy = SessionPolicy::default();
    let ip = std::net::IpAddr::from([203, 0, 113, 99]);
    // 13:00 in Vietnam, plus minutes.
    let at =
        |m: i64| ocop_app::FixedClock(crate::harness::clock().0 + chrono::Duration::minutes(m));
    let mut locked_until = Vec::new();
    for start in [0, 16, 47] {
        for _ in 0..5 {
            let r = auth::login(
                &app.store,
                &at(start),
                &ocop_app::OsEntropy,
                &policy,
                "ke-toan",
                "sai rồi",
                ip,
            )
            .await;
            assert!(matches!(r, Err(AuthError::InvalidCredentials)), "{r:?}");
        }
        match auth::login(
            &app.store,
            &at(start),
            &ocop_app::OsEntropy,
            &policy,
            "ke-toan",
            TEST_PASSWORD,
            ip,
        )
        .await
        {
            Err(AuthError::Locked(until)) => {
                locked_until.push(ocop_app::auth::locked_until_vi(&until))
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(
        locked_until,
        [
            "13:15 ngày 29/11/2026",
            "13:46 ngày 29/11/2026",
            "14:47 ngày 29/11/2026"
        ]
    );
    // After the last lock the right password works again.
    let ok = auth::login(
        &app.store,
        &at(108),
        &ocop_app::OsEntropy,
        &policy,
        "ke-toan",
        TEST_PASSWORD,
        ip,
    )
    .await;
    assert!(ok.is_ok(), "{ok:?}");
}

/// A producer records its business contact and chooses to publish it: the
/// producer's and product's pages show it (and its structured data), a
/// mistyped website is refused next to its field with what was typed kept.
#[tokio::test]
async fn a_producer_publishes_its_contact_for_buyers() {
    let app = TestApp::spawn().await;
    let own = crate::harness::producer(&app.store, "htx-nong-nghiep-cong-bang-thuan-an").await;
    let cookie = scoped_session(&app, "chu-the", Role::Producer, None, Some(own.id)).await;
    let save = |website: &'static str, publish: &'static str| {
        let (app, cookie) = (&app, cookie.clone());
        async move {
            post_as(
                app,
                &cookie,
                "/quan-tri/chu-the/htx-nong-nghiep-cong-bang-thuan-an/cong-khai",
                &[
                    ("phone", "0912 345 678"),
                    ("zalo", "0912345678"),
                    ("website", website),
                    ("publish", publish),
                ],
            )
            .await
        }
    };
    let producer_page = "/chu-the/htx-nong-nghiep-cong-bang-thuan-an";
    let (status, html) = save("htx-cong-bang.vn", "1").await;
    assert_eq!(status, 422);
    assert!(
        html.contains("id=\"contact_website-error\"") && html.contains("value=\"0912 345 678\""),
        "{html}"
    );
    // Recorded but not published: not shown.
    assert_eq!(save("https://htx-cong-bang.vn", "").await.0, 303);
    assert!(!app.page(producer_page).await.1.contains("0912 345 678"));
    assert_eq!(save("https://htx-cong-bang.vn", "1").await.0, 303);
    let (_, page) = app.page(producer_page).await;
    assert!(
        page.contains("href=\"tel:0912345678\"") && page.contains("https://zalo.me/0912345678"),
        "{page}"
    );
    assert!(
        page.contains("\"telephone\":\"0912 345 678\""),
        "structured data carries the phone"
    );
    let (_, product) = app.page("/san-pham/ca-phe-bot-dak-dam").await;
    assert!(
        product.contains("https://htx-cong-bang.vn"),
        "where to buy leads to the producer"
    );
}
