//! Accounts and access: every back-office route as every role, sessions and
//! lockout with the clock injected, CSRF, passwords, and the audit export.

use crate::harness::{TestApp, clock};
use ocop_app::auth::{self, AuthError, SessionPolicy};
use ocop_app::{FixedClock, OsEntropy};
use ocop_domain::access::{Permission, Role};
use ocop_domain::scope::{ProducerPlace, Reach};

use crate::harness::{TEST_PASSWORD as PASSWORD, account, actor, new_dossier};
/// Two producers: one in Xã Thuận An (24682, group I), one in Phường Phan Thiết.
const OWN: &str = "htx-nong-nghiep-cong-bang-thuan-an";
const OTHER: &str = "cong-ty-tnhh-seagull";

/// Signs in over HTTP and returns the session cookie ("name=value").
pub(crate) async fn sign_in(
    app: &TestApp,
    username: &str,
    password: &str,
) -> (u16, Option<String>, String) {
    let res = app
        .client
        .post(format!("{}/dang-nhap", app.base))
        .form(&[
            ("username", username),
            ("password", password),
            ("tiep", "/quan-tri"),
        ])
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let cookie = res
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    (status, cookie, res.text().await.unwrap_or_default())
}

pub(crate) fn cookie_pair(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap_or_default().to_owned()
}

async fn call(app: &TestApp, method: &str, path: &str, cookie: Option<&str>) -> u16 {
    let url = format!("{}{path}", app.base);
    let mut req = if method == "POST" {
        app.client.post(url).form(&[("x", "y")])
    } else {
        app.client.get(url)
    };
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    req.send().await.map(|r| r.status().as_u16()).unwrap_or(0)
}

#[tokio::test]
async fn every_back_office_route_as_every_role() {
    let app = TestApp::spawn().await;
    let own = crate::harness::producer(&app.store, OWN).await;
    for role in Role::ALL {
        account(&app, role.code(), role).await;
    }
    account(&app, "dat-lai", Role::Council).await;
    // Scopes: the commune officer has Thuận An, the department officer leads
    // groups I and V (NNMT), the producer is the Thuận An cooperative.
    app.store
        .set_user_scope("commune", Some("24682"), None, None, None)
        .await
        .unwrap();
    app.store
        .set_user_scope("department", None, None, Some("NNMT"), None)
        .await
        .unwrap();
    app.store
        .set_user_scope("producer", None, None, None, Some(own.id))
        .await
        .unwrap();
    let by = ocop_store::cycle::By {
        actor: "office",
        at: "2026-11-29T06:00:00Z",
    };
    let round = app
        .store
        .create_round("68", 2026, "Đợt thử", "1489/2025", &Default::default(), by)
        .await
        .unwrap();
    // The advisory account is seated in this round (scope: assigned rounds).
    app.store
        .add_advisory_member(round, "advisory", by)
        .await
        .unwrap();
    let office = ocop_app::cycle::Actor {
        username: "office".into(),
        role: Role::Office,
        province_code: "68".into(),
        commune_code: None,
        producer_id: None,
        agency_code: None,
        district_code: None,
    };
    // A certificate of the data, for /quan-tri/giay-chung-nhan/{id}/….
    let certificate = app
        .store
        .all_certificates("68")
        .await
        .unwrap_or_default()
        .first()
        .map(|c| c.certificate.id)
        .unwrap_or_else(|| panic!("a certificate"));
    // An import job, for /quan-tri/nhap-du-lieu/viec/{id}.
    let job = crate::documents::queued_job(&app, "ds.csv", 10, "office").await;
    // A visit with a photo, for /quan-tri/giam-sat/anh/{id}.
    let visit_photo = {
        let img = image::DynamicImage::ImageRgb8(image::RgbImage::new(40, 30));
        let mut jpeg = std::io::Cursor::new(Vec::new());
        img.write_to(&mut jpeg, image::ImageFormat::Jpeg).unwrap();
        let form = ocop_app::monitoring::InspectionForm {
            kind: "periodic".into(),
            inspected_on: "2026-11-20".into(),
            still_produced: "1".into(),
            still_sold: "1".into(),
            quality_ok: "1".into(),
            packaging_ok: "1".into(),
            findings: "Đạt".into(),
            result: "pass".into(),
            actions: String::new(),
        };
        let visit = ocop_app::monitoring::record_inspection(
            &app.store,
            &crate::harness::clock(),
            &office,
            "ca-phe-bot-dak-dam",
            &form,
            Some(jpeg.into_inner()),
        )
        .await
        .unwrap();
        let product = crate::harness::product_id(&app.store, "ca-phe-bot-dak-dam").await;
        let visits = app.store.inspections_of(product).await.unwrap_or_default();
        visits
            .iter()
            .find(|v| v.id == visit)
            .and_then(|v| v.photo_ids.first().copied())
            .unwrap_or_else(|| panic!("the visit's photo"))
    };
    // A misuse report with a photo, for the routes under /quan-tri/phan-anh.
    let report = {
        let img = image::DynamicImage::ImageRgb8(image::RgbImage::new(40, 30));
        let mut jpeg = std::io::Cursor::new(Vec::new());
        img.write_to(&mut jpeg, image::ImageFormat::Jpeg).unwrap();
        ocop_app::misuse::submit(
            &app.store,
            &crate::harness::clock(),
            "68",
            "test-sender",
            &ocop_app::misuse::ReportForm {
                product: "Cà phê giả".into(),
                description: "Tem OCOP in giả trên bao bì".into(),
                ..Default::default()
            },
            Some(jpeg.into_inner()),
        )
        .await
        .unwrap()
    };
    let dossier = ocop_app::cycle::open_dossier(
        &app.store,
        &clock(),
        &office,
        round,
        "ca-phe-bot-dak-dam",
        "first",
    )
    .await
    .unwrap();
    let evidence = ocop_app::cycle::attach_evidence(
        &app.store,
        &clock(),
        &office,
        dossier,
        "9",
        "phieu.pdf",
        b"%PDF-1.7 test",
    )
    .await
    .unwrap();
    let application = ocop_app::registry::Application {
        producer: ocop_domain::ProducerForm {
            name: "HTX Mới".into(),
            kind: "household".into(),
            commune_code: "24682".into(),
            ..Default::default()
        },
        username: "ung-vien".into(),
        password: PASSWORD.into(),
        password_confirm: PASSWORD.into(),
        contact_email: String::new(),
    };
    let registration = ocop_app::registry::apply(
        &app.store,
        &clock(),
        &ocop_app::OsEntropy,
        &ocop_app::Province::default(),
        &application,
        "test-sender",
    )
    .await
    .unwrap();

    for role in Role::ALL {
        let (status, cookie, _) = sign_in(&app, role.code(), PASSWORD).await;
        assert_eq!(status, 303, "{role:?} signs in");
        let cookie = cookie_pair(&cookie.unwrap_or_default());
        for (method, path, permission) in ocop_web::auth::BACK_OFFICE {
            if *path == "/dang-xuat" {
                continue; // ends the session; checked below
            }
            let targets: Vec<(String, Option<&str>)> = if path.contains("{slug}") {
                // An id under a producer names one of its points of sale or
                // links; one that is not there is refused as such (422).
                let path = path.replace("{id}", "999999");
                vec![
                    (path.replace("{slug}", OWN), Some(OWN)),
                    (path.replace("{slug}", OTHER), Some(OTHER)),
                ]
            } else {
                let id = if path.starts_with("/quan-tri/dot/") {
                    round
                } else if path.starts_with("/quan-tri/dang-ky/") {
                    registration
                } else if path.starts_with("/quan-tri/phan-anh/") {
                    report
                } else if path.starts_with("/quan-tri/giam-sat/anh/") {
                    visit_photo
                } else if path.starts_with("/quan-tri/giay-chung-nhan/") {
                    certificate
                } else if path.starts_with("/quan-tri/nhap-du-lieu/viec/") {
                    job
                } else {
                    dossier
                };
                vec![(
                    path.replace("{username}", "dat-lai")
                        .replace("{id}", &id.to_string())
                        .replace("{file}", &evidence.to_string())
                        .replace("{version}", "qd148-2023")
                        .replace("{set}", "qd148-2023-01")
                        .replace("{product}", "ca-phe-bot-dak-dam"),
                    None,
                )]
            };
            for (concrete, slug) in targets {
                let mut allowed = role.can(*permission);
                if let Some(slug) = slug {
                    let facts = crate::harness::producer(&app.store, slug).await;
                    // The department officer is of Agriculture and Environment.
                    let leads = app.store.department_leads("68").await.unwrap_or_default();
                    let departments: Vec<&str> = facts
                        .products
                        .iter()
                        .filter_map(|(set, group)| leads.lead_of(set.as_deref(), group.as_deref()))
                        .map(|(code, _)| code)
                        .collect();
                    let user = Reach {
                        role,
                        province_code: "68",
                        commune_code: (role == Role::Commune).then_some("24682"),
                        district_code: None,
                        agency: (role == Role::Department).then_some("NNMT"),
                        producer_id: (role == Role::Producer).then_some(own.id),
                        seated_rounds: &[],
                    };
                    let target = ProducerPlace {
                        id: facts.id,
                        province_code: &facts.province_code,
                        commune_code_2025: facts.commune_code_2025.as_deref(),
                        district_codes_pre2025: facts
                            .district_codes_pre2025
                            .iter()
                            .map(String::as_str)
                            .collect(),
                        departments,
                    };
                    allowed = allowed && user.sees_producer(&target);
                }
                if path.starts_with("/quan-tri/ho-so/{id}") {
                    allowed = allowed && dossier_route_allowed(path, role);
                }
                let (got, location) = call_full(&app, method, &concrete, Some(&cookie)).await;
                // Allowed means the handler ran: a page, a redirect after the
                // step, or a business refusal of the dummy form (400/422), or
                // of a record another role already decided in this loop (409).
                // A batch that is not there, under a producer in reach: 404.
                let missing = path.contains("/truy-xuat/") && path.contains("{id}");
                if allowed && missing {
                    assert!(
                        matches!(got, 404 | 422),
                        "{role:?} {method} {concrete}: {got}"
                    );
                } else if allowed {
                    assert!(
                        matches!(got, 200 | 303 | 400 | 409 | 422),
                        "{role:?} {method} {concrete}: {got}"
                    );
                    assert!(
                        !location.starts_with("/dang-nhap"),
                        "{role:?} {method} {concrete}"
                    );
                } else {
                    assert_eq!(got, 403, "{role:?} {method} {concrete}");
                }
            }
        }
        // One producer may not read another's record; it may read its own.
        if role == Role::Producer {
            assert_eq!(
                call(
                    &app,
                    "GET",
                    &format!("/quan-tri/chu-the/{OTHER}"),
                    Some(&cookie)
                )
                .await,
                403
            );
            assert_eq!(
                call(
                    &app,
                    "GET",
                    &format!("/quan-tri/chu-the/{OWN}"),
                    Some(&cookie)
                )
                .await,
                200
            );
        }
        // Signing out ends the session everywhere.
        assert_eq!(call(&app, "POST", "/dang-xuat", Some(&cookie)).await, 303);
        assert_eq!(
            call(&app, "GET", "/quan-tri", Some(&cookie)).await,
            303,
            "{role:?}: the old cookie is dead"
        );
    }
    // Without a session: pages go to the sign-in form.
    for (method, path, _) in ocop_web::auth::BACK_OFFICE {
        let concrete = path
            .replace("{slug}", OWN)
            .replace("{username}", "dat-lai")
            .replace("{id}", &dossier.to_string())
            .replace("{file}", &evidence.to_string())
            .replace("{version}", "qd148-2023")
            .replace("{set}", "qd148-2023-01");
        assert_eq!(
            call(&app, method, &concrete, None).await,
            303,
            "anonymous {method} {concrete}"
        );
    }
    let res = app.get("/quan-tri/nhat-ky").await;
    assert_eq!(
        res.headers().get("location").and_then(|v| v.to_str().ok()),
        Some("/dang-nhap?tiep=/quan-tri/nhat-ky")
    );
    // The permission table covers every permission in use.
    for p in [
        Permission::SignedIn,
        Permission::ManageAccounts,
        Permission::ViewAuditLog,
        Permission::ViewProducer,
    ] {
        assert!(
            ocop_web::auth::BACK_OFFICE.iter().any(|(_, _, q)| *q == p),
            "{p:?}"
        );
    }
}

const OFFICE_IP: std::net::IpAddr = std::net::IpAddr::V4(std::net::Ipv4Addr::new(10, 1, 2, 3));

#[tokio::test]
async fn lockout_and_session_time_outs_follow_the_clock() {
    let app = TestApp::spawn().await;
    account(&app, "can-bo", Role::Office).await;
    let policy = SessionPolicy::default();
    let at = |minutes: i64| FixedClock(clock().0 + chrono::Duration::minutes(minutes));
    // Five wrong passwords lock the account for 15 minutes, even for the right one.
    for _ in 0..5 {
        let r = auth::login(
            &app.store,
            &at(0),
            &OsEntropy,
            &policy,
            "can-bo",
            "sai mật khẩu",
            OFFICE_IP,
        )
        .await;
        assert!(matches!(r, Err(AuthError::InvalidCredentials)));
    }
    let locked = auth::login(
        &app.store,
        &at(1),
        &OsEntropy,
        &policy,
        "can-bo",
        PASSWORD,
        OFFICE_IP,
    )
    .await;
    assert!(
        matches!(&locked, Err(AuthError::Locked(until)) if ocop_app::auth::locked_until_vi(until).contains("13:15")),
        "{locked:?}"
    );
    let session = auth::login(
        &app.store,
        &at(16),
        &OsEntropy,
        &policy,
        "can-bo",
        PASSWORD,
        OFFICE_IP,
    )
    .await
    .unwrap();
    // Idle: alive after 29 minutes of quiet, dead after 31.
    let alive = auth::authenticate(&app.store, &at(45), &policy, &session.token)
        .await
        .ok()
        .flatten();
    assert!(alive.is_some());
    assert!(
        auth::authenticate(&app.store, &at(45 + 31), &policy, &session.token)
            .await
            .ok()
            .flatten()
            .is_none()
    );
    // Absolute: active every 20 minutes, still ended 12 hours after sign-in.
    let s2 = auth::login(
        &app.store,
        &at(100),
        &OsEntropy,
        &policy,
        "can-bo",
        PASSWORD,
        OFFICE_IP,
    )
    .await
    .unwrap();
    let mut minute = 100;
    while minute < 100 + 12 * 60 - 20 {
        minute += 20;
        assert!(
            auth::authenticate(&app.store, &at(minute), &policy, &s2.token)
                .await
                .ok()
                .flatten()
                .is_some(),
            "{minute}"
        );
    }
    assert!(
        auth::authenticate(&app.store, &at(100 + 12 * 60), &policy, &s2.token)
            .await
            .ok()
            .flatten()
            .is_none()
    );
}

#[tokio::test]
async fn cookies_csrf_and_wrong_passwords_over_http() {
    let app = TestApp::spawn().await;
    account(&app, "van-phong", Role::Office).await;
    let (status, cookie, _) = sign_in(&app, "van-phong", PASSWORD).await;
    assert_eq!(status, 303);
    let cookie = cookie.unwrap_or_default();
    for attr in [
        "HttpOnly",
        "Secure",
        "SameSite=Strict",
        "Path=/",
        "Max-Age=43200",
    ] {
        assert!(cookie.contains(attr), "{cookie}");
    }
    // A wrong password: the name is kept, the error sits by the form, 401.
    let (status, _, html) = sign_in(&app, "van-phong", "không đúng").await;
    assert_eq!(status, 401);
    assert!(
        html.contains("value=\"van-phong\"")
            && html.contains("Tên đăng nhập hoặc mật khẩu không đúng.")
    );
    // Cross-site posts are refused before reaching the handler.
    for (name, value) in [
        ("sec-fetch-site", "cross-site"),
        ("origin", "http://ke-gia-mao.example"),
    ] {
        let res = app
            .client
            .post(format!("{}/dang-nhap", app.base))
            .header(name, value)
            .form(&[("username", "van-phong"), ("password", PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 403, "{name}");
        assert!(
            res.text()
                .await
                .unwrap_or_default()
                .contains("chống giả mạo yêu cầu")
        );
    }
    let res = app.get("/").await;
    for (h, v) in [
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
    ] {
        assert_eq!(res.headers().get(h).and_then(|x| x.to_str().ok()), Some(v));
    }
}

#[tokio::test]
async fn passwords_change_and_reset_with_their_audit_trail() {
    let app = TestApp::spawn().await;
    account(&app, "quan-tri", Role::Admin).await;
    account(&app, "can-bo-xa", Role::Commune).await;
    let first = cookie_pair(
        &sign_in(&app, "can-bo-xa", PASSWORD)
            .await
            .1
            .unwrap_or_default(),
    );
    let second = cookie_pair(
        &sign_in(&app, "can-bo-xa", PASSWORD)
            .await
            .1
            .unwrap_or_default(),
    );
    let change =
        |cookie: String, current: &'static str, new: &'static str, confirm: &'static str| {
            let app = &app;
            async move {
                let res = app
                    .client
                    .post(format!("{}/quan-tri/mat-khau", app.base))
                    .header("cookie", cookie)
                    .form(&[("current", current), ("new", new), ("confirm", confirm)])
                    .send()
                    .await
                    .unwrap();
                (res.status().as_u16(), res.text().await.unwrap_or_default())
            }
        };
    let (s, html) = change(
        first.clone(),
        "sai",
        "mật khẩu mới dài đủ",
        "mật khẩu mới dài đủ",
    )
    .await;
    assert_eq!(s, 422);
    assert!(html.contains("id=\"current-error\">Mật khẩu hiện tại không đúng."));
    let (s, html) = change(first.clone(), PASSWORD, "mật khẩu mới dài đủ", "khác").await;
    assert_eq!(s, 422);
    assert!(html.contains("id=\"new-error\">Hai lần nhập mật khẩu mới không khớp."));
    let (s, _) = change(
        first.clone(),
        PASSWORD,
        "mật khẩu mới dài đủ",
        "mật khẩu mới dài đủ",
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(
        call(&app, "GET", "/quan-tri", Some(&first)).await,
        200,
        "the changing session stays"
    );
    assert_eq!(
        call(&app, "GET", "/quan-tri", Some(&second)).await,
        303,
        "other sessions end"
    );
    assert_eq!(
        sign_in(&app, "can-bo-xa", "mật khẩu mới dài đủ").await.0,
        303
    );

    // The administrator resets it: shown once, to be changed at next sign-in.
    let admin = cookie_pair(
        &sign_in(&app, "quan-tri", PASSWORD)
            .await
            .1
            .unwrap_or_default(),
    );
    let res = app
        .client
        .post(format!(
            "{}/quan-tri/tai-khoan/can-bo-xa/dat-lai-mat-khau",
            app.base
        ))
        .header("cookie", admin.clone())
        .send()
        .await
        .unwrap();
    let html = res.text().await.unwrap_or_default();
    let generated = html
        .split("<code>")
        .nth(1)
        .and_then(|s| s.split("</code>").next())
        .unwrap_or_default()
        .to_owned();
    assert_eq!(generated.len(), 20);
    assert_eq!(
        call(&app, "GET", "/quan-tri", Some(&first)).await,
        303,
        "a reset ends every session"
    );
    let fresh = cookie_pair(
        &sign_in(&app, "can-bo-xa", &generated)
            .await
            .1
            .unwrap_or_default(),
    );
    let dash = app
        .client
        .get(format!("{}/quan-tri", app.base))
        .header("cookie", fresh)
        .send()
        .await;
    assert!(
        dash.map(|r| r.text())
            .unwrap()
            .await
            .unwrap_or_default()
            .contains("hãy <a href=\"/quan-tri/mat-khau\">đổi mật khẩu</a>")
    );

    // The audit log tells the story, and exports as CSV for Excel.
    let csv = app
        .client
        .get(format!("{}/quan-tri/nhat-ky.csv", app.base))
        .header("cookie", admin)
        .send()
        .await;
    let csv = csv.map(|r| r.text()).unwrap().await.unwrap_or_default();
    assert!(csv.starts_with('\u{feff}'));
    assert!(
        csv.contains(",change_password,")
            && csv.contains(",reset_password,")
            && csv.contains(",quan-tri,")
    );
    assert!(
        !csv.contains("argon2"),
        "no password hash leaves the database"
    );
}

/// Status and `Location` of a request with a dummy form.
async fn call_full(app: &TestApp, method: &str, path: &str, cookie: Option<&str>) -> (u16, String) {
    let url = format!("{}{path}", app.base);
    let mut req = if method == "POST" {
        app.client.post(url).form(&[("x", "y")])
    } else {
        app.client.get(url)
    };
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    let res = req
        .send()
        .await
        .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
    let location = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (res.status().as_u16(), location)
}

/// For the dossier routes: may this role get past access control on the test
/// dossier (the producer's own coffee, in the commune officer's commune, in a
/// round whose council has no members)? Business refusals (400/422) still
/// count as access granted; only 403 is a refusal.
fn dossier_route_allowed(path: &str, role: Role) -> bool {
    use Role::*;
    match path.rsplit('/').next().unwrap_or_default() {
        "tu-danh-gia" | "tu-kho" => matches!(role, Producer | Commune | Office | Admin),
        "xa-danh-gia" => role == Commune,
        "xung-dot" | "cham" => false,
        // Council sheets: the office (a member reads only its own).
        "phieu-cham.pdf" => matches!(role, Office | Admin),
        // The dossier is still a draft: its producer, its commune and the
        // office read it; departments, advisers and councils wait for it to
        // be submitted.
        _ => matches!(role, Producer | Commune | Office | Admin),
    }
}

#[tokio::test]
async fn evidence_uploads_are_checked_from_their_bytes_and_downloaded_as_attachments() {
    let app = TestApp::spawn().await;
    account(&app, "van-phong", Role::Office).await;
    let by = ocop_store::cycle::By {
        actor: "van-phong",
        at: "2026-11-29T06:00:00Z",
    };
    let round = app
        .store
        .create_round("68", 2026, "Đợt thử", "1489/2025", &Default::default(), by)
        .await
        .unwrap();
    let office = ocop_app::cycle::Actor {
        username: "van-phong".into(),
        role: Role::Office,
        province_code: "68".into(),
        commune_code: None,
        producer_id: None,
        agency_code: None,
        district_code: None,
    };
    let id = ocop_app::cycle::open_dossier(
        &app.store,
        &clock(),
        &office,
        round,
        "ca-phe-bot-dak-dam",
        "first",
    )
    .await
    .unwrap();
    let cookie = cookie_pair(
        &sign_in(&app, "van-phong", PASSWORD)
            .await
            .1
            .unwrap_or_default(),
    );
    let upload = |name: &'static str, bytes: Vec<u8>| {
        let app = &app;
        let cookie = cookie.clone();
        async move {
            let part = reqwest::multipart::Part::bytes(bytes).file_name(name);
            let form = reqwest::multipart::Form::new()
                .text("criterion", "9")
                .part("file", part);
            let res = app
                .client
                .post(format!("{}/quan-tri/ho-so/{id}/minh-chung", app.base))
                .header("cookie", cookie)
                .multipart(form)
                .send()
                .await;
            let res = res.unwrap();
            (res.status().as_u16(), res.text().await.unwrap_or_default())
        }
    };
    // A 60,000 × 60,000 PNG (a decompression bomb), a PDF named .jpg, HTML named .pdf.
    let mut bomb = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
    bomb.extend_from_slice(&60_000u32.to_be_bytes());
    bomb.extend_from_slice(&60_000u32.to_be_bytes());
    bomb.extend_from_slice(&[8, 6, 0, 0, 0]);
    for (name, bytes, needle) in [
        ("bom.png", bomb, "quá lớn"),
        ("phieu.jpg", b"%PDF-1.7".to_vec(), "không khớp nội dung"),
        (
            "phieu.pdf",
            b"<html><script>alert(1)</script></html>".to_vec(),
            "Chỉ nhận tệp PDF",
        ),
    ] {
        let (status, html) = upload(name, bytes).await;
        assert_eq!(status, 422, "{name}");
        assert!(html.contains(needle), "{name}: {needle}");
    }
    assert_eq!(
        app.store.count_evidence(id).await.ok(),
        Some(0),
        "nothing left behind"
    );
    let (status, _) = upload("Phiếu kiểm nghiệm.pdf", b"%PDF-1.7\n1 0 obj".to_vec()).await;
    assert_eq!(status, 303);
    let files = app.store.evidence_lines(id).await.unwrap_or_default();
    assert_eq!(files.len(), 1);
    let res = app
        .client
        .get(format!(
            "{}/quan-tri/ho-so/{id}/minh-chung/{}",
            app.base, files[0].id
        ))
        .header("cookie", cookie.clone())
        .send()
        .await;
    let res = res.unwrap();
    let header = |h: &str| {
        res.headers()
            .get(h)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(header("content-type"), "application/pdf");
    assert!(
        header("content-disposition").starts_with("attachment;")
            && header("content-disposition").contains("filename*=UTF-8''Phi%E1%BA%BFu")
    );
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert_eq!(
        res.bytes().await.map(|b| b.to_vec()).ok(),
        Some(b"%PDF-1.7\n1 0 obj".to_vec())
    );
}

#[tokio::test]
async fn an_administrator_uploads_previews_and_publishes_a_version_on_the_web() {
    let app = TestApp::spawn().await;
    account(&app, "quan-tri", Role::Admin).await;
    let cookie = cookie_pair(
        &sign_in(&app, "quan-tri", PASSWORD)
            .await
            .1
            .unwrap_or_default(),
    );
    let folder =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules/criteria/qd148-2023");
    let files = |broken: bool| {
        let mut form = reqwest::multipart::Form::new();
        for entry in std::fs::read_dir(&folder).unwrap().filter_map(Result::ok) {
            let name = entry.file_name().to_string_lossy().to_string();
            let mut text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            if name == "manifest.json" {
                text = text.replacen(
                    "\"version\": \"qd148-2023\"",
                    "\"version\": \"qd-web-2027\"",
                    1,
                );
            }
            if broken && name == "set-02.csv" {
                // Part A worth 41: it no longer adds up.
                text = text.replacen(",0,,40", ",0,,41", 1);
            }
            form = form.part(
                "files",
                reqwest::multipart::Part::bytes(text.into_bytes()).file_name(name),
            );
        }
        form
    };
    let post = |form: reqwest::multipart::Form| {
        app.client
            .post(format!("{}/quan-tri/bo-tieu-chi", app.base))
            .header("cookie", cookie.clone())
            .multipart(form)
            .send()
    };
    let res = post(files(true)).await.unwrap();
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap_or_default();
    assert!(
        html.contains("tệp set-02.csv, dòng 2: tổng điểm các phần là 101, không phải 100"),
        "names the file, line and reason"
    );
    assert!(
        app.store
            .criteria_version("qd-web-2027")
            .await
            .ok()
            .flatten()
            .is_none(),
        "nothing stored"
    );

    let res = post(files(false)).await.unwrap();
    let html = res.text().await.unwrap_or_default();
    assert!(html.contains("Xem trước qd-web-2027") && html.contains("Bộ 26"));
    assert_eq!(
        app.get("/api/v1/criteria-sets/qd-web-2027-01")
            .await
            .status()
            .as_u16(),
        404,
        "a draft is not public"
    );
    let preview = app
        .client
        .get(format!(
            "{}/quan-tri/bo-tieu-chi/xem/qd-web-2027-01",
            app.base
        ))
        .header("cookie", cookie.clone())
        .send()
        .await;
    assert_eq!(preview.map(|r| r.status().as_u16()).ok(), Some(200));
    let res = app
        .client
        .post(format!(
            "{}/quan-tri/bo-tieu-chi/qd-web-2027/ban-hanh",
            app.base
        ))
        .header("cookie", cookie.clone())
        .form(&[("effective_from", "2027-01-01")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(
        app.get("/api/v1/criteria-sets/qd-web-2027-01")
            .await
            .status()
            .as_u16(),
        200
    );
    // Published already: a conflict said on the list (never published
    // twice, its date not moved); a version nobody imported: not found.
    for (version, date, status) in [
        ("qd-web-2027", "2027-06-01", 409),
        ("qd-khong-co", "2027-01-01", 404),
    ] {
        let res = app
            .client
            .post(format!(
                "{}/quan-tri/bo-tieu-chi/{version}/ban-hanh",
                app.base
            ))
            .header("cookie", cookie.clone())
            .form(&[("effective_from", date)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), status, "{version}");
        if status == 409 {
            assert!(res.text().await.unwrap().contains("đã ban hành"));
        }
    }
    let kept = app
        .store
        .criteria_version("qd-web-2027")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (kept.status, kept.effective_from),
        (
            ocop_domain::criteria::VersionStatus::Published,
            crate::harness::day("2027-01-01")
        )
    );
}

#[tokio::test]
async fn the_round_page_shows_what_is_late_by_commune_and_department() {
    let app = TestApp::spawn().await;
    account(&app, "van-phong", Role::Office).await;
    // The commune's deadline passed on 1 Nov 2026; the platform's day is 29 Nov 2026.
    let deadlines = ocop_store::cycle::RoundDeadlines {
        commune_until: Some(crate::harness::day("2026-11-01")),
        dossier_until: Some(crate::harness::day("2026-12-31")),
        ..Default::default()
    };
    let office = actor("van-phong", Role::Office, None, None);
    let (round, late) = new_dossier(&app, &office, "Đợt trễ", &deadlines).await;
    // A second dossier, still a draft: its deadline (31 Dec) has not passed.
    ocop_app::cycle::open_dossier(
        &app.store,
        &clock(),
        &office,
        round,
        "cam-sanh-nui-lua",
        "first",
    )
    .await
    .unwrap();
    let commune = actor("can-bo-xa", Role::Commune, Some("24682"), None);
    ocop_app::cycle::act(
        &app.store,
        &clock(),
        &commune,
        late,
        ocop_domain::dossier::DossierAction::Submit,
        None,
    )
    .await
    .unwrap();
    let cookie = cookie_pair(
        &sign_in(&app, "van-phong", PASSWORD)
            .await
            .1
            .unwrap_or_default(),
    );
    let html = app
        .client
        .get(format!("{}/quan-tri/dot/{round}", app.base))
        .header("cookie", cookie)
        .send()
        .await;
    let html = html.map(|r| r.text()).unwrap().await.unwrap_or_default();
    assert!(html.contains("Trễ hạn (01/11/2026)"));
    assert!(html.contains("<ul id=\"tre-theo-xa\"><li>Xã Thuận An: 1 hồ sơ</li></ul>"));
    assert!(
        html.contains("<ul id=\"tre-theo-so\"><li>Sở Nông nghiệp và Môi trường: 1 hồ sơ</li></ul>")
    );
}

#[tokio::test]
async fn a_producer_applies_and_the_communes_officer_approves() {
    let app = TestApp::spawn().await;
    account(&app, "can-bo-xa", Role::Commune).await;
    account(&app, "xa-khac", Role::Commune).await;
    app.store
        .set_user_scope("can-bo-xa", Some("24682"), None, None, None)
        .await
        .unwrap();
    app.store
        .set_user_scope("xa-khac", Some("24611"), None, None, None)
        .await
        .unwrap();
    assert_eq!(app.page("/dang-ky").await.0, 200);
    let post = |fields: Vec<(&'static str, &'static str)>| {
        let app = &app;
        async move {
            let res = app
                .client
                .post(format!("{}/dang-ky", app.base))
                .form(&fields)
                .send()
                .await
                .unwrap();
            (res.status().as_u16(), res.text().await.unwrap_or_default())
        }
    };
    // Every problem at once, next to its field; what was typed stays, passwords do not.
    let (status, html) = post(vec![
        ("name", "HTX Mật ong Thuận An"),
        ("kind", "cooperative"),
        ("tax_code", "0100109107"),
        ("username", "can-bo-xa"),
        ("password", "ngắn"),
        ("password_confirm", "ngắn"),
    ])
    .await;
    assert_eq!(status, 422);
    for id in [
        "tax_code-error",
        "commune_code-error",
        "username-error",
        "password-error",
    ] {
        assert!(html.contains(&format!("id=\"{id}\"")), "{id}");
    }
    assert!(html.contains("value=\"HTX Mật ong Thuận An\"") && !html.contains("value=\"ngắn\""));
    assert!(html.contains("đã có người dùng"));
    let good = vec![
        ("name", "HTX Mật ong Thuận An"),
        ("kind", "cooperative"),
        ("tax_code", "0100109106"),
        ("commune_code", "24682"),
        ("representative_name", "H'Linh Niê"),
        ("representative_gender", "female"),
        ("representative_ethnicity", "Ê Đê"),
        ("username", "mat-ong-thuan-an"),
        ("password", "mật khẩu của hợp tác xã"),
        ("password_confirm", "mật khẩu của hợp tác xã"),
    ];
    let (status, html) = post(good.clone()).await;
    assert_eq!(status, 200);
    assert!(html.contains("Đã gửi đơn đăng ký"));
    assert_eq!(
        app.store
            .notices("can-bo-xa", 5)
            .await
            .map(|n| n.len())
            .ok(),
        Some(1),
        "the commune's officer is told"
    );
    assert!(
        app.store
            .user_by_username("mat-ong-thuan-an")
            .await
            .ok()
            .flatten()
            .is_none(),
        "no account before approval"
    );

    // Another commune's officer neither sees nor decides it.
    let other = cookie_pair(
        &sign_in(&app, "xa-khac", PASSWORD)
            .await
            .1
            .unwrap_or_default(),
    );
    let list = app
        .client
        .get(format!("{}/quan-tri/dang-ky", app.base))
        .header("cookie", other.clone())
        .send()
        .await;
    assert!(
        list.map(|r| r.text())
            .unwrap()
            .await
            .unwrap_or_default()
            .contains("Không có đơn chờ duyệt.")
    );
    let pending = app
        .store
        .pending_registrations("68", None)
        .await
        .unwrap_or_default();
    let id = pending[0].id;
    assert_eq!(
        call(
            &app,
            "POST",
            &format!("/quan-tri/dang-ky/{id}/duyet"),
            Some(&other)
        )
        .await,
        403
    );
    // The right officer approves: producer and account, at once.
    let mine = cookie_pair(
        &sign_in(&app, "can-bo-xa", PASSWORD)
            .await
            .1
            .unwrap_or_default(),
    );
    // The application's time as people in Vietnam read it (the test clock
    // is 06:00 UTC), not as stored.
    let (_, list) = crate::harness::get_as(&app, &mine, "/quan-tri/dang-ky").await;
    assert!(
        list.contains("gửi lúc 29/11/2026 13:00") && !list.contains("2026-11-29T06:00:00"),
        "{list}"
    );
    let res = app
        .client
        .post(format!("{}/quan-tri/dang-ky/{id}/duyet", app.base))
        .header("cookie", mine.clone())
        .send()
        .await;
    let html = res.map(|r| r.text()).unwrap().await.unwrap_or_default();
    assert!(html.contains("Đã duyệt"), "{html}");
    // Approved twice (another tab, another officer): the record moved on,
    // said on the list as a conflict, nothing created twice.
    let again = app
        .client
        .post(format!("{}/quan-tri/dang-ky/{id}/duyet", app.base))
        .header("cookie", mine.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 409);
    assert!(again.text().await.unwrap().contains("đã được xử lý"));
    let producer = app
        .store
        .producer_by_slug("68", "htx-mat-ong-thuan-an")
        .await
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("producer"));
    assert_eq!(producer.tax_code.as_deref(), Some("0100109106"));
    let (status, cookie, _) = sign_in(&app, "mat-ong-thuan-an", "mật khẩu của hợp tác xã").await;
    assert_eq!(
        status, 303,
        "the applicant signs in with the password it chose"
    );
    let own = cookie_pair(&cookie.unwrap_or_default());
    assert_eq!(
        call(
            &app,
            "GET",
            "/quan-tri/chu-the/htx-mat-ong-thuan-an",
            Some(&own)
        )
        .await,
        200
    );
    assert_eq!(
        call(&app, "GET", &format!("/quan-tri/chu-the/{OWN}"), Some(&own)).await,
        403
    );
    assert_eq!(
        app.store
            .audit_entries("registration", &id.to_string())
            .await
            .map(|a| a.len())
            .ok(),
        Some(1)
    );
    assert_eq!(
        app.store
            .audit_entries("producer", &producer.id.to_string())
            .await
            .map(|a| a.len())
            .ok(),
        Some(1)
    );

    // A rejection needs its reason.
    let mut second = good;
    second[0] = ("name", "Hộ kinh doanh Thử");
    second[1] = ("kind", "household");
    second[2] = ("tax_code", "");
    second[7] = ("username", "ho-thu");
    assert_eq!(post(second).await.0, 200);
    let id2 = app
        .store
        .pending_registrations("68", None)
        .await
        .unwrap_or_default()[0]
        .id;
    let reject = |reason: &'static str| {
        app.client
            .post(format!("{}/quan-tri/dang-ky/{id2}/tu-choi", app.base))
            .header("cookie", mine.clone())
            .form(&[("reason", reason)])
            .send()
    };
    assert_eq!(
        reject("").await.map(|r| r.status().as_u16()).ok(),
        Some(422)
    );
    assert_eq!(
        reject("Thiếu giấy đăng ký hộ kinh doanh")
            .await
            .map(|r| r.status().as_u16())
            .ok(),
        Some(303)
    );
    assert_eq!(
        app.store
            .registration(id2)
            .await
            .ok()
            .flatten()
            .map(|r| r.status),
        Some(ocop_domain::producer::RegistrationStatus::Rejected)
    );
    // A stored time that does not read is an error, not text passed on.
    crate::harness::execute_sql(
        &app.db().url,
        &format!("UPDATE producer_registrations SET submitted_at = 'hôm qua' WHERE id = {id2}"),
    )
    .await;
    assert!(matches!(
        app.store.registration(id2).await,
        Err(ocop_store::StoreError::Invalid(_))
    ));
}

#[tokio::test]
async fn a_producer_adds_its_product_with_its_criteria_set_and_items() {
    let app = TestApp::spawn().await;
    let own = crate::harness::producer(&app.store, OWN).await;
    account(&app, "chu-the", Role::Producer).await;
    account(&app, "xa-khac", Role::Commune).await;
    app.store
        .set_user_scope("chu-the", None, None, None, Some(own.id))
        .await
        .unwrap();
    app.store
        .set_user_scope("xa-khac", Some("24611"), None, None, None)
        .await
        .unwrap();
    let cookie = cookie_pair(
        &sign_in(&app, "chu-the", PASSWORD)
            .await
            .1
            .unwrap_or_default(),
    );
    let post = |cookie: String, fields: Vec<(&'static str, &'static str)>| {
        let app = &app;
        async move {
            let res = app
                .client
                .post(format!("{}/quan-tri/san-pham/moi", app.base))
                .header("cookie", cookie)
                .form(&fields)
                .send()
                .await;
            let res = res.unwrap();
            (res.status().as_u16(), res.text().await.unwrap_or_default())
        }
    };
    let (status, html) = post(
        cookie.clone(),
        vec![
            ("producer", OWN),
            ("name", "Mật ong hoa cà phê"),
            ("group", "I"),
            ("criteria_set", "qd148-2023-18"),
            (
                "items",
                "Chai 500 ml | 8934563138165\nChai 1 l | 8934563138166",
            ),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        html.contains("id=\"criteria_set-error\">Bộ tiêu chí không thuộc nhóm sản phẩm đã chọn.")
    );
    assert!(html.contains("id=\"items-error\">Dòng 2: mã GTIN sai chữ số kiểm tra"));
    assert!(
        html.contains("value=\"Mật ong hoa cà phê\""),
        "what was typed stays"
    );
    let (status, html) = post(
        cookie,
        vec![
            ("producer", OWN),
            ("name", "Mật ong hoa cà phê"),
            ("group", "I"),
            ("criteria_set", "qd148-2023-04"),
            ("items", "Chai 500 ml | 8934563138165\nChai 1 l"),
        ],
    )
    .await;
    assert_eq!(status, 200);
    assert!(html.contains("Đã thêm sản phẩm"));
    let p = app
        .store
        .product_by_slug("68", "mat-ong-hoa-ca-phe")
        .await
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("product"));
    assert_eq!(
        (p.criteria_set.as_deref(), p.summary.producer_slug.as_str()),
        (Some("qd148-2023-04"), OWN)
    );
    // Another commune's officer cannot file for this producer.
    let other = cookie_pair(
        &sign_in(&app, "xa-khac", PASSWORD)
            .await
            .1
            .unwrap_or_default(),
    );
    let (status, html) = post(
        other,
        vec![
            ("producer", OWN),
            ("name", "Khác"),
            ("group", "I"),
            ("criteria_set", "qd148-2023-04"),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains("id=\"producer-error\">Chủ thể này nằm ngoài phạm vi"));
}

#[tokio::test]
async fn a_dossier_is_returned_with_comments_per_criterion() {
    let app = TestApp::spawn().await;
    let own = crate::harness::producer(&app.store, OWN).await;
    account(&app, "chu-the", Role::Producer).await;
    account(&app, "can-bo-xa", Role::Commune).await;
    app.store
        .set_user_scope("chu-the", None, None, None, Some(own.id))
        .await
        .unwrap();
    app.store
        .set_user_scope("can-bo-xa", Some("24682"), None, None, None)
        .await
        .unwrap();
    let producer = actor("chu-the", Role::Producer, None, Some(own.id));
    let (_, id) = new_dossier(&app, &producer, "Đợt ý kiến", &Default::default()).await;
    ocop_app::cycle::act(
        &app.store,
        &clock(),
        &producer,
        id,
        ocop_domain::dossier::DossierAction::Submit,
        None,
    )
    .await
    .unwrap();

    let cookie = cookie_pair(
        &sign_in(&app, "can-bo-xa", PASSWORD)
            .await
            .1
            .unwrap_or_default(),
    );
    let step = |fields: Vec<(&'static str, &'static str)>| {
        app.client
            .post(format!("{}/quan-tri/ho-so/{id}/hanh-dong", app.base))
            .header("cookie", cookie.clone())
            .form(&fields)
            .send()
    };
    let res = step(vec![
        ("action", "return"),
        ("comment", ""),
        ("item_criterion", "9"),
        ("item_comment", ""),
    ])
    .await
    .unwrap();
    assert_eq!(res.status().as_u16(), 422, "a return needs a comment");
    let res = step(vec![
        ("action", "return"),
        ("comment", "Hồ sơ cần bổ sung hai mục."),
        ("item_criterion", "9"),
        ("item_comment", "Phiếu kiểm nghiệm đã hết hạn"),
        ("item_criterion", "1.a"),
        ("item_comment", "Ghi rõ tỷ lệ nguyên liệu trong tỉnh"),
        ("item_criterion", ""),
        ("item_comment", ""),
    ])
    .await
    .unwrap();
    assert_eq!(res.status().as_u16(), 303);
    let events = app.store.dossier_events(id).await.unwrap_or_default();
    let last = events
        .last()
        .and_then(|e| e.comment.clone())
        .unwrap_or_default();
    assert_eq!(
        last,
        "Hồ sơ cần bổ sung hai mục.\nTiêu chí 9: Phiếu kiểm nghiệm đã hết hạn\nTiêu chí 1.a: Ghi rõ tỷ lệ nguyên liệu trong tỉnh"
    );
    let notice = app.store.notices("chu-the", 1).await.unwrap_or_default();
    assert!(
        notice[0]
            .body
            .contains("Tiêu chí 9: Phiếu kiểm nghiệm đã hết hạn"),
        "the producer is told what to fix"
    );
}

#[tokio::test]
async fn a_department_sees_only_the_dossiers_of_the_groups_its_agency_leads() {
    let app = TestApp::spawn().await;
    let office = crate::harness::actor("van-phong", Role::Office, None, None);
    // The Thuận An coffee is a food product (group I), led by the NNMT department.
    let (_, dossier) =
        crate::harness::new_dossier(&app, &office, "Đợt phân công sở", &Default::default()).await;
    // A department follows a dossier once it is submitted (not a draft).
    let commune = crate::harness::actor("can-bo-xa", Role::Commune, Some("24682"), None);
    ocop_app::cycle::act(
        &app.store,
        &clock(),
        &commune,
        dossier,
        ocop_domain::dossier::DossierAction::Submit,
        None,
    )
    .await
    .unwrap();
    for (username, agency) in [("so-nnmt", "NNMT"), ("so-y-te", "YT")] {
        account(&app, username, Role::Department).await;
        app.store
            .set_user_scope(username, None, None, Some(agency), None)
            .await
            .unwrap();
    }
    for (username, expected) in [("so-nnmt", 200), ("so-y-te", 403)] {
        let (status, cookie, _) = sign_in(&app, username, crate::harness::TEST_PASSWORD).await;
        assert_eq!(status, 303);
        let cookie = cookie_pair(&cookie.unwrap_or_default());
        let path = format!("/quan-tri/ho-so/{dossier}");
        assert_eq!(
            call(&app, "GET", &path, Some(&cookie)).await,
            expected,
            "{username}"
        );
        let list = app
            .client
            .get(format!("{}/quan-tri/ho-so", app.base))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap_or_default();
        assert_eq!(
            list.contains(&format!("href=\"{path}\"")),
            expected == 200,
            "{username}: {list}"
        );
    }
}
