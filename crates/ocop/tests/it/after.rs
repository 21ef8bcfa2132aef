//! After recognition (issue #8): the certificate register, its expiry
//! calendar, and suspension / revocation by the office.

use crate::harness::{TestApp, clock, get_as as get, post_as as post, session};
use ocop_domain::access::Role;
use ocop_domain::text::slugify;

/// A multipart form post (the visit form carries a photo).
async fn post_multipart(
    app: &TestApp,
    cookie: &str,
    path: &str,
    fields: &[(&str, &str)],
    photo: Option<Vec<u8>>,
) -> (u16, String) {
    crate::harness::post_multipart(app, cookie, path, fields, photo.map(|p| ("anh.jpg", p))).await
}

/// The id of the newest certificate of a shipped product.
async fn newest_certificate(app: &TestApp, product: &str) -> i64 {
    let slug = slugify(product);
    app.store
        .all_certificates("68")
        .await
        .unwrap_or_default()
        .into_iter()
        .find(|c| c.product_slug == slug)
        .map(|c| c.certificate.id)
        .unwrap_or_else(|| panic!("no certificate for {product}"))
}

#[tokio::test]
async fn the_expiry_calendar_lists_what_lapses_within_1_3_and_6_months_from_the_platforms_day() {
    let app = TestApp::spawn().await;
    let office = app.signed_in(Role::Office).await;
    // Every shipped certificate's last valid day, from the data, against the
    // platform's day (29 Nov 2026).
    let today = clock_day();
    let all = app.store.all_certificates("68").await.unwrap_or_default();
    let mut seen = std::collections::HashSet::new();
    let mut within6 = 0;
    for c in &all {
        if !seen.insert(c.product_slug.clone()) {
            continue;
        }
        let v = ocop_app::portal::certificate_view(c.certificate.clone(), today);
        let horizon = today
            .checked_add_months(chrono::Months::new(6))
            .unwrap_or(today);
        if v.status.is_valid() && v.latest_valid_day.is_some_and(|d| d <= horizon) {
            within6 += 1;
        }
    }
    let (status, html) = get(&app, &office, "/quan-tri/giay-chung-nhan?tt=6").await;
    assert_eq!(status, 200);
    assert!(
        html.contains(&format!("{within6} giấy chứng nhận")),
        "{within6}"
    );
    // A certificate issued 10 Dec 2023 ends on 10 Dec 2026: in the 1-month
    // list (11 days left), not lapsed; one issued 28 Nov 2023 lapsed today.
    crate::harness::execute_sql(
        &app.db().url,
        "UPDATE certificates SET issued_on = '2023-12-10' WHERE id = (SELECT max(c.id) FROM certificates c \
         JOIN products p ON p.id = c.product_id WHERE p.slug = 'mam-nem-seagull')",
    )
    .await;
    crate::harness::execute_sql(
        &app.db().url,
        "UPDATE catalogue_state SET version = version + 1",
    )
    .await;
    let (_, html) = get(&app, &office, "/quan-tri/giay-chung-nhan?tt=1").await;
    assert!(
        html.contains("Mắm nêm Seagull")
            && html.contains("10/12/2026")
            && html.contains("còn 11 ngày")
    );
    let (_, lapsed) = get(&app, &office, "/quan-tri/giay-chung-nhan?tt=het-han").await;
    assert!(!lapsed.contains("Mắm nêm Seagull"));
    // One click from the register opens the re-evaluation form, chosen.
    assert!(
        html.contains("href=\"/quan-tri/ho-so/moi?product=mam-nem-seagull&amp;kind=reevaluation\"")
    );
    let (status, form) = get(
        &app,
        &office,
        "/quan-tri/ho-so/moi?product=mam-nem-seagull&kind=reevaluation",
    )
    .await;
    assert_eq!(status, 200);
    assert!(form.contains("<option value=\"reevaluation\" selected>"));
    assert!(
        form.contains("<option value=\"mam-nem-seagull\" selected>"),
        "{form}"
    );
    // Other roles do not reach the register.
    let commune = app.signed_in(Role::Commune).await;
    assert_eq!(
        get(&app, &commune, "/quan-tri/giay-chung-nhan").await.0,
        403
    );
}

fn clock_day() -> chrono::NaiveDate {
    use ocop_app::Clock as _;
    clock().today()
}

#[tokio::test]
async fn the_office_suspends_lifts_and_revokes_by_decision_and_every_surface_follows() {
    let app = TestApp::spawn().await;
    let office = app.signed_in(Role::Office).await;
    let id = newest_certificate(&app, "Mắm nêm Seagull").await;
    let path = format!("/quan-tri/giay-chung-nhan/{id}/trang-thai");
    let product = format!("/san-pham/{}", slugify("Mắm nêm Seagull"));
    let (_, before) = app.page(&product).await;
    assert!(before.contains("Còn hiệu lực"));

    // A malformed decision number: refused next to its field, all kept.
    let (status, html) = post(
        &app,
        &office,
        &path,
        &[
            ("action", "suspend"),
            ("on", "2026-11-20"),
            ("decision", "quyết định 12"),
            ("reason", "Bao bì không đúng mẫu"),
            ("tt", "tat-ca"),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains(&format!("id=\"decision-{id}-error\"")));
    assert!(
        html.contains("value=\"quyết định 12\"")
            && html.contains("value=\"Bao bì không đúng mẫu\"")
    );
    // No grounds: refused.
    let (status, html) = post(
        &app,
        &office,
        &path,
        &[
            ("action", "revoke"),
            ("on", "2026-11-20"),
            ("decision", "12/QĐ-UBND"),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains(&format!("id=\"reason-{id}-error\"")));
    // Dates that cannot be: before the certificate's issue (5 Aug 2026), or
    // after the platform's today (29 Nov 2026). Refused next to the field.
    for (on, why) in [
        ("2026-08-04", "trước ngày cấp giấy chứng nhận (05/08/2026)"),
        ("2026-12-01", "ở tương lai"),
    ] {
        let (status, html) = post(
            &app,
            &office,
            &path,
            &[
                ("action", "suspend"),
                ("on", on),
                ("decision", "12/QĐ-UBND"),
                ("reason", "Bao bì không đúng mẫu"),
            ],
        )
        .await;
        assert_eq!(status, 422, "{on}");
        assert!(html.contains(why), "{on}: {html}");
        assert!(html.contains(&format!("id=\"on-{id}-error\"")), "{html}");
    }
    // Lifting what is not suspended: refused.
    let (status, _) = post(
        &app,
        &office,
        &path,
        &[("action", "lift"), ("decision", "12/QĐ-UBND")],
    )
    .await;
    assert_eq!(status, 422);

    let (status, _) = post(
        &app,
        &office,
        &path,
        &[
            ("action", "suspend"),
            ("on", "2026-11-20"),
            ("decision", "12/qđ-ubnd"),
            ("reason", "Bao bì không đúng mẫu"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let (_, page) = app.page(&product).await;
    assert!(
        page.contains("Tạm đình chỉ"),
        "the product page follows at once"
    );
    let (_, check) = app.page("/kiem-tra-sao?q=mam+nem+seagull").await;
    assert!(check.contains("Tạm đình chỉ") && check.contains("Bao bì không đúng mẫu"));
    let (_, feed) = app.page("/api/v1/certificate-changes?days=30").await;
    assert!(
        feed.contains("\"status\":\"suspended\"") && feed.contains("\"changed_on\":\"2026-11-20\"")
    );
    let (_, list) = get(&app, &office, "/quan-tri/giay-chung-nhan?tt=dinh-chi").await;
    assert!(list.contains("Mắm nêm Seagull"));

    let (status, _) = post(
        &app,
        &office,
        &path,
        &[("action", "lift"), ("decision", "13/QĐ-UBND")],
    )
    .await;
    assert_eq!(status, 303);
    let (_, page) = app.page(&product).await;
    assert!(page.contains("Còn hiệu lực") && !page.contains("Tạm đình chỉ"));

    let (status, _) = post(
        &app,
        &office,
        &path,
        &[
            ("action", "revoke"),
            ("on", "2026-11-25"),
            ("decision", "14/QĐ-UBND"),
            ("reason", "Chủ thể ngừng sản xuất"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let (_, page) = app.page(&product).await;
    assert!(page.contains("Đã thu hồi"));
    let (_, feed) = app.page("/api/v1/certificate-changes?days=30").await;
    assert!(feed.contains("\"status\":\"revoked\"") && feed.contains("Chủ thể ngừng sản xuất"));
    // Revoked is final.
    let (status, html) = post(
        &app,
        &office,
        &path,
        &[("action", "lift"), ("decision", "15/QĐ-UBND")],
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains("đã bị thu hồi"));

    // Every change is in the audit log with who, when, before and after.
    let log = app.store.audit_log(20).await.unwrap_or_default();
    let mine: Vec<_> = log
        .iter()
        .filter(|e| e.entity == "certificate" && e.entity_id == id.to_string())
        .collect();
    assert_eq!(mine.len(), 3, "{mine:?}");
    assert!(
        mine.iter()
            .all(|e| e.actor == "van-phong" && e.before.is_some() && e.after.is_some())
    );
    assert!(mine.iter().any(|e| e.action == "certificate.revoke"
        && e.after.as_deref().is_some_and(|a| a.contains("14/QĐ-UBND"))));

    // A department officer may not change a certificate.
    let dept = app.signed_in(Role::Department).await;
    assert_eq!(post(&app, &dept, &path, &[("action", "lift")]).await.0, 403);
}

fn at(y: i32, m: u32, d: u32) -> ocop_app::FixedClock {
    use chrono::TimeZone as _;
    ocop_app::FixedClock(
        chrono::Utc
            .with_ymd_and_hms(y, m, d, 3, 0, 0)
            .single()
            .unwrap_or_default(),
    )
}

/// Notices about one product, per account.
async fn notices_about(app: &TestApp, username: &str, needle: &str) -> Vec<String> {
    app.store
        .notices(username, 200)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|n| n.subject)
        .filter(|s| s.contains(needle))
        .collect()
}

#[tokio::test]
async fn expiry_reminders_go_out_at_6_3_and_1_months_once_each_even_with_two_instances() {
    let app = TestApp::spawn().await;
    let seagull = crate::harness::producer(&app.store, "cong-ty-tnhh-seagull").await;
    crate::harness::account(&app, "seagull", Role::Producer).await;
    app.store
        .set_user_scope("seagull", None, None, None, Some(seagull.id))
        .await
        .unwrap();
    app.store
        .set_email("seagull", Some("seagull@example.vn"))
        .await
        .unwrap();
    let about = "Mắm nêm Seagull";
    // Valid until 5 Aug 2029: the 6-month window opens on 5 Feb 2029.
    let run = |c: ocop_app::FixedClock| {
        let store = app.store.clone();
        async move { ocop_app::reminders::run(&store, &c, "68").await.unwrap() }
    };
    run(at(2029, 2, 4)).await;
    assert!(
        notices_about(&app, "seagull", about).await.is_empty(),
        "the day before"
    );
    run(at(2029, 2, 5)).await;
    let got = notices_about(&app, "seagull", about).await;
    assert_eq!(got.len(), 1, "the day of: {got:?}");
    assert!(got[0].contains("05/08/2029"));
    let after = run(at(2029, 2, 6)).await;
    assert_eq!(
        notices_about(&app, "seagull", about).await.len(),
        1,
        "the day after: not again"
    );
    assert!(after.sent_before >= 1, "known as sent: {after:?}");
    run(at(2029, 5, 5)).await;
    assert_eq!(
        notices_about(&app, "seagull", about).await.len(),
        2,
        "three months before"
    );

    // Two instances at the same moment, on their own connections: once.
    let other = app.db().store().await;
    let c = at(2029, 7, 10);
    let (a, b) = tokio::join!(
        ocop_app::reminders::run(&app.store, &c, "68"),
        ocop_app::reminders::run(&other, &c, "68")
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert!(a.certificates + b.certificates >= 1);
    assert_eq!(
        notices_about(&app, "seagull", about).await.len(),
        3,
        "one month before, once"
    );
    run(at(2029, 8, 6)).await;
    let got = notices_about(&app, "seagull", about).await;
    assert_eq!(
        got.len(),
        4,
        "lapsed: no reminder, one notice that it lapsed"
    );
    assert!(
        got[0].contains("đã hết hiệu lực từ ngày 06/08/2029"),
        "{got:?}"
    );
    run(at(2029, 8, 7)).await;
    assert_eq!(notices_about(&app, "seagull", about).await.len(), 4, "once");

    // The emails went through the outbox to a real SMTP conversation.
    let (port, received, _sink) = crate::harness::smtp_sink().await;
    let mail = ocop_app::notify::MailSettings::parse(
        &format!("smtp://127.0.0.1:{port}"),
        "ocop@lamdong.gov.vn",
    )
    .unwrap();
    let sent = ocop_app::notify::deliver_due(&app.store, &at(2029, 8, 6), &mail)
        .await
        .unwrap();
    assert_eq!(
        sent, 4,
        "three reminders and the lapse, to seagull@example.vn"
    );
    let got = received.lock().map(|g| g.clone()).unwrap_or_default();
    assert!(got.iter().all(|m| m.contains("To: seagull@example.vn")));
}

#[tokio::test]
async fn kept_documents_are_reminded_before_they_run_out() {
    let app = TestApp::spawn().await;
    let seagull = crate::harness::producer(&app.store, "cong-ty-tnhh-seagull").await;
    crate::harness::account(&app, "seagull", Role::Producer).await;
    app.store
        .set_user_scope("seagull", None, None, None, Some(seagull.id))
        .await
        .unwrap();
    let office = crate::harness::actor("van-phong", Role::Office, None, None);
    let pdf = b"%PDF-1.7\n% giay chung nhan\n".to_vec();
    ocop_app::vault::add_document(
        &app.store,
        &clock(),
        &office,
        "cong-ty-tnhh-seagull",
        &ocop_app::vault::DocumentInput {
            kind: "food_safety",
            title: "Giấy chứng nhận ATTP số 12/2024",
            issued_on: "2024-01-15",
            valid_until: "2027-01-15",
            filename: "attp.pdf",
            bytes: &pdf,
        },
    )
    .await
    .unwrap();
    // The office's calendar lists it beside the certificates.
    let cookie = app.signed_in(Role::Office).await;
    let (_, calendar) = get(&app, &cookie, "/quan-tri/giay-chung-nhan").await;
    assert!(
        calendar.contains("Giấy chứng nhận ATTP số 12/2024") && calendar.contains("15/01/2027")
    );
    let report = ocop_app::reminders::run(&app.store, &clock(), "68")
        .await
        .unwrap();
    assert_eq!(report.documents, 1);
    let got = notices_about(&app, "seagull", "ATTP số 12/2024").await;
    assert_eq!(
        got,
        ["Tài liệu «Giấy chứng nhận ATTP số 12/2024» hết hạn ngày 15/01/2027"]
    );
    let again = ocop_app::reminders::run(&app.store, &clock(), "68")
        .await
        .unwrap();
    assert_eq!(again.documents, 0, "not twice");
    assert_eq!(
        again.sent_before, 1,
        "known as sent before anyone is looked up"
    );
}

async fn report(app: &TestApp, fields: &[(&str, &str)], photo: Option<Vec<u8>>) -> (u16, String) {
    // The public form: nobody signed in.
    crate::harness::post_multipart(app, "", "/phan-anh", fields, photo.map(|p| ("anh.jpg", p)))
        .await
}

fn jpeg_with_gps() -> Vec<u8> {
    let img = image::DynamicImage::ImageRgb8(image::RgbImage::new(900, 600));
    let mut plain = std::io::Cursor::new(Vec::new());
    img.write_to(&mut plain, image::ImageFormat::Jpeg).unwrap();
    let plain = plain.into_inner();
    let mut payload = b"Exif\0\0II*\0\x08\0\0\0GPSLatitude 11.94".to_vec();
    payload.push(0);
    let len = u16::try_from(payload.len() + 2).unwrap_or(0);
    let mut out = plain[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&payload);
    out.extend_from_slice(&plain[2..]);
    out
}

#[tokio::test]
async fn misuse_reports_are_limited_keep_no_address_and_become_cases_with_an_outcome() {
    use sqlx::Connection as _;
    let app = TestApp::spawn().await;
    let (status, html) = app.page("/phan-anh?san-pham=mam-nem-seagull").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("value=\"Mắm nêm Seagull\"") && html.contains("value=\"mam-nem-seagull\"")
    );
    // The product page leads here.
    let (_, product) = app.page("/san-pham/mam-nem-seagull").await;
    assert!(product.contains("href=\"/phan-anh?san-pham=mam-nem-seagull\""));

    let base = [
        ("product_slug", "mam-nem-seagull"),
        ("product", "Mắm nêm Seagull"),
        ("seller", "Sạp 12"),
        ("place", "Chợ Phan Thiết"),
        ("link", "https://shopee.vn/mamnem-gia"),
        ("description", "ngắn"),
        ("contact", ""),
    ];
    let (status, html) = report(&app, &base, None).await;
    assert_eq!(status, 422);
    assert!(html.contains("id=\"description-error\"") && html.contains("value=\"Sạp 12\""));
    let mut good = base;
    good[5] = (
        "description",
        "Tem OCOP 4 sao dán trên hũ, trong khi sản phẩm chỉ được 3 sao",
    );
    let (status, html) = report(&app, &good, Some(jpeg_with_gps())).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("Đã nhận phản ánh, số"));
    // A bot that fills the hidden field is turned away, and nothing is kept.
    let mut bot = good.to_vec();
    bot.push(("website", "http://spam.example"));
    assert_eq!(report(&app, &bot, None).await.0, 422);
    let stored = app
        .store
        .misuse_reports("68", None)
        .await
        .unwrap_or_default();
    assert_eq!(stored.len(), 1);
    let first = &stored[0];
    assert_eq!(first.product_slug.as_deref(), Some("mam-nem-seagull"));
    assert!(first.has_photo && first.contact.is_none());
    let photo = app
        .store
        .misuse_photo("68", first.id)
        .await
        .ok()
        .flatten()
        .unwrap_or_default();
    assert!(
        !photo.windows(11).any(|w| w == b"GPSLatitude"),
        "the photo's position is removed"
    );

    // Five a day from one sender; the sixth is refused with a clear message.
    for _ in 0..4 {
        assert_eq!(report(&app, &good, None).await.0, 200);
    }
    let (status, html) = report(&app, &good, None).await;
    assert_eq!(status, 429);
    assert!(html.contains("Hôm nay đã nhận đủ số phản ánh"));
    assert_eq!(
        app.store
            .misuse_reports("68", None)
            .await
            .unwrap_or_default()
            .len(),
        5
    );
    // The sender's address is nowhere: only a salted hash counts the day.
    let mut conn = sqlx::AnyConnection::connect(&app.db().url).await.unwrap();
    let keys: Vec<String> =
        sqlx::query_scalar("SELECT bucket FROM request_budgets WHERE bucket LIKE 'misuse:%'")
            .fetch_all(&mut conn)
            .await
            .unwrap_or_default();
    assert_eq!(keys.len(), 1, "{keys:?}");
    assert!(keys[0].len() == "misuse:".len() + 32 && !keys[0].contains("127.0.0.1"));
    let stored: i64 =
        sqlx::query_scalar("SELECT count(*) FROM request_budgets WHERE bucket LIKE '%127.0.0.1%'")
            .fetch_one(&mut conn)
            .await
            .unwrap_or(-1);
    assert_eq!(stored, 0);
    let _ = conn.close().await;
    // The next day the sender may report again (and yesterday's salt is gone).
    let next_day = {
        use chrono::TimeZone as _;
        ocop_app::FixedClock(
            chrono::Utc
                .with_ymd_and_hms(2026, 11, 30, 6, 0, 0)
                .single()
                .unwrap_or_default(),
        )
    };
    let form = ocop_app::misuse::ReportForm {
        product: "Mắm nêm Seagull".into(),
        description: "Lại thấy tem OCOP giả ở chợ".into(),
        ..Default::default()
    };
    let sender = ocop_app::budget::sender_key(
        &app.store,
        &next_day,
        &ocop_app::OsEntropy,
        std::net::IpAddr::from([127, 0, 0, 1]),
    )
    .await
    .unwrap_or_default();
    let again = ocop_app::misuse::submit(&app.store, &next_day, "68", &sender, &form, None).await;
    assert!(again.is_ok(), "{again:?}");

    // The office closes a case only with an outcome; it is audited.
    let office = {
        crate::harness::account(&app, "van-phong", Role::Office).await;
        let (_, c, _) =
            crate::access::sign_in(&app, "van-phong", crate::harness::TEST_PASSWORD).await;
        crate::access::cookie_pair(&c.unwrap_or_default())
    };
    let path = format!("/quan-tri/phan-anh/{}", first.id);
    let (status, html) = post(
        &app,
        &office,
        &path,
        &[("status", "confirmed"), ("outcome", "")],
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains(&format!("id=\"outcome-{}-error\"", first.id)));
    let (status, _) = post(
        &app,
        &office,
        &path,
        &[
            ("status", "confirmed"),
            ("outcome", "Đã lập biên bản, tịch thu 40 hũ"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let (_, list) = get(&app, &office, "/quan-tri/phan-anh?tt=confirmed").await;
    assert!(list.contains("Có vi phạm") && list.contains("tịch thu 40 hũ"));
    // Received when, as people in Vietnam read a time (the stored stamp is
    // UTC, RFC 3339).
    let stored = app.store.misuse_reports("68", None).await.unwrap();
    let confirmed = stored.iter().find(|r| r.id == first.id).unwrap();
    assert_eq!(
        confirmed.status,
        ocop_domain::misuse::MisuseStatus::Confirmed
    );
    let at = confirmed
        .created_at
        .with_timezone(&ocop_app::clock::vietnam())
        .format("%d/%m/%Y %H:%M")
        .to_string();
    let stored_text = confirmed
        .created_at
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    assert!(
        list.contains(&at) && !list.contains(&stored_text),
        "{at}: {list}"
    );
    let log = app.store.audit_log(10).await.unwrap_or_default();
    assert!(
        log.iter()
            .any(|e| e.action == "misuse.handle" && e.actor == "van-phong")
    );
    let res = app
        .client
        .get(format!("{}/quan-tri/phan-anh/{}/anh", app.base, first.id))
        .header("cookie", &office)
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-type"], "image/jpeg");
}

#[tokio::test]
async fn visits_find_what_is_no_longer_produced_and_the_report_says_so() {
    let app = TestApp::spawn().await;
    let office = app.signed_in(Role::Office).await;
    let (status, plan) = get(&app, &office, "/quan-tri/giam-sat").await;
    assert_eq!(status, 200);
    let never_at = plan
        .find("Chưa kiểm tra lần nào sau công nhận (")
        .unwrap_or(0);
    assert!(
        plan[never_at..].contains("Mắm nêm Seagull"),
        "a valid certificate never visited"
    );
    let path = "/quan-tri/giam-sat/mam-nem-seagull";
    // «Đạt» with a packaging problem ticked off: refused, what was typed kept.
    let (status, html) = post_multipart(
        &app,
        &office,
        path,
        &[
            ("kind", "periodic"),
            ("inspected_on", "2026-11-20"),
            ("still_produced", "1"),
            ("still_sold", "1"),
            ("quality_ok", "1"),
            ("findings", "Nhãn mới thiếu logo OCOP"),
            ("result", "pass"),
        ],
        None,
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains("id=\"result-error\"") && html.contains("Nhãn mới thiếu logo OCOP"));
    // A remedy needs an action with a due date.
    let (status, html) = post_multipart(
        &app,
        &office,
        path,
        &[
            ("kind", "periodic"),
            ("inspected_on", "2026-11-20"),
            ("still_produced", "1"),
            ("still_sold", "1"),
            ("quality_ok", "1"),
            ("findings", "Nhãn mới thiếu logo OCOP"),
            ("result", "remedy"),
            ("actions", "In lại nhãn | 20/12/2026"),
        ],
        None,
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains("id=\"actions-error\"") && html.contains("20/12/2026"));
    let (status, _) = post_multipart(
        &app,
        &office,
        path,
        &[
            ("kind", "periodic"),
            ("inspected_on", "2026-11-20"),
            ("still_produced", "1"),
            ("still_sold", "1"),
            ("quality_ok", "1"),
            ("findings", "Nhãn mới thiếu logo OCOP"),
            ("result", "remedy"),
            ("actions", "In lại nhãn đúng mẫu | 2026-11-25"),
        ],
        None,
    )
    .await;
    assert_eq!(status, 303);
    let (_, plan) = get(&app, &office, "/quan-tri/giam-sat").await;
    let overdue_at = plan.find("Việc khắc phục quá hạn (").unwrap_or(0);
    assert!(
        plan[overdue_at..].contains("1 việc khắc phục quá hạn"),
        "due 25 Nov, today 29 Nov"
    );
    let visits = app
        .store
        .inspections_of(crate::harness::product_id(&app.store, "mam-nem-seagull").await)
        .await
        .unwrap_or_default();
    let action = visits[0].actions[0].id;
    let (status, _) = post(&app, &office, &format!("{path}/viec/{action}"), &[]).await;
    assert_eq!(status, 303);
    let (_, page) = get(&app, &office, path).await;
    assert!(page.contains("đã xong 29/11/2026"));

    // An ad-hoc visit finds production stopped.
    let (status, _) = post_multipart(
        &app,
        &office,
        path,
        &[
            ("kind", "ad_hoc"),
            ("inspected_on", "2026-11-28"),
            ("still_sold", "1"),
            (
                "findings",
                "Cơ sở đã ngừng sản xuất từ tháng 9, còn hàng tồn",
            ),
            ("result", "fail"),
        ],
        Some(jpeg_with_gps()),
    )
    .await;
    assert_eq!(status, 303);
    let (_, plan) = get(&app, &office, "/quan-tri/giam-sat").await;
    let gone_at = plan
        .find("không còn sản xuất hoặc không còn bán (")
        .unwrap_or(0);
    assert!(
        plan[gone_at..].contains("Mắm nêm Seagull")
            && plan.contains("không còn sản xuất (kiểm tra ngày 28/11/2026)")
    );
    // The export: UTF-8 with a BOM, Vietnamese intact, the same rows.
    let res = app
        .client
        .get(format!("{}/quan-tri/bao-cao-sau-cong-nhan.csv", app.base))
        .header("cookie", &office)
        .send()
        .await
        .unwrap();
    let bytes = res.bytes().await.unwrap_or_default();
    assert!(bytes.starts_with("\u{feff}".as_bytes()));
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap_or_default();
    let rows = crate::harness::csv_rows(&text);
    assert!(rows.iter().any(
        |r| r[0].starts_with("Đã công nhận nhưng không còn sản xuất") && r[1] == "Mắm nêm Seagull"
    ));
    let log = app.store.audit_log(20).await.unwrap_or_default();
    assert_eq!(
        log.iter().filter(|e| e.action == "inspection.add").count(),
        2
    );
    assert!(log.iter().any(|e| e.action == "inspection.action_done"));
}

#[tokio::test]
async fn producers_record_monthly_sales_beside_their_certification_history() {
    let app = TestApp::spawn().await;
    let seagull = crate::harness::producer(&app.store, "cong-ty-tnhh-seagull").await;
    let cookie = session(&app, "seagull", Role::Producer).await;
    app.store
        .set_user_scope("seagull", None, None, None, Some(seagull.id))
        .await
        .unwrap();
    let path = "/quan-tri/chu-the/cong-ty-tnhh-seagull/tieu-thu";
    let mut form = vec![
        ("product", "mam-nem-seagull"),
        ("month", "2026-10"),
        ("channel", "fair"),
        ("quantity", "nhiều"),
        ("revenue", "45.000.000"),
    ];
    let (status, html) = post(&app, &cookie, path, &form).await;
    assert_eq!(status, 422);
    assert!(html.contains("id=\"sales_quantity-error\"") && html.contains("value=\"45.000.000\""));
    form[3] = ("quantity", "1.500");
    let (status, _) = post(&app, &cookie, path, &form).await;
    assert_eq!(status, 303);
    // The same month and channel again corrects, not duplicates.
    form[4] = ("revenue", "46000000");
    assert_eq!(post(&app, &cookie, path, &form).await.0, 303);
    form[1] = ("month", "2027-01");
    let (status, html) = post(&app, &cookie, path, &form).await;
    assert_eq!(status, 422, "a month still to come");
    assert!(html.contains("id=\"sales_month-error\""));
    let (_, page) = get(&app, &cookie, "/quan-tri/chu-the/cong-ty-tnhh-seagull").await;
    assert!(
        page.contains("46.000.000 đ") && page.contains("1.500") && !page.contains("45.000.000 đ")
    );
    assert!(page.contains("Hội chợ, sự kiện"));
    assert!(page.contains("Mắm nêm Seagull: 3 sao (2026) — Còn hiệu lực"));
    // Another producer's record refuses.
    let (status, _) = post(
        &app,
        &cookie,
        "/quan-tri/chu-the/htx-nong-nghiep-cong-bang-thuan-an/tieu-thu",
        &form,
    )
    .await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn a_re_evaluation_asks_only_for_what_ran_out() {
    let app = TestApp::spawn().await;
    let own = crate::harness::producer(&app.store, "htx-nong-nghiep-cong-bang-thuan-an").await;
    let cookie = app.signed_in(Role::Producer).await;
    app.store
        .set_user_scope("chu-the", None, None, None, Some(own.id))
        .await
        .unwrap();
    let producer = crate::harness::actor("chu-the", Role::Producer, None, Some(own.id));
    let pdf = b"%PDF-1.7\n% giay chung nhan\n".to_vec();
    for (title, until) in [
        ("ATTP cũ số 3/2023", "2026-10-01"),
        ("Kiểm nghiệm 2026", "2027-09-30"),
    ] {
        ocop_app::vault::add_document(
            &app.store,
            &clock(),
            &producer,
            "htx-nong-nghiep-cong-bang-thuan-an",
            &ocop_app::vault::DocumentInput {
                kind: "food_safety",
                title,
                issued_on: "2023-10-01",
                valid_until: until,
                filename: "a.pdf",
                bytes: &pdf,
            },
        )
        .await
        .unwrap();
    }
    let by = ocop_store::cycle::By {
        actor: "van-phong",
        at: "2026-11-29T06:00:00Z",
    };
    let round = app
        .store
        .create_round("68", 2026, "Đợt 2", "1489/2025", &Default::default(), by)
        .await
        .unwrap();
    let id = ocop_app::cycle::open_dossier(
        &app.store,
        &clock(),
        &producer,
        round,
        "ca-phe-bot-dak-dam",
        "reevaluation",
    )
    .await
    .unwrap();
    let (status, page) = get(&app, &cookie, &format!("/quan-tri/ho-so/{id}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Chỉ cần cập nhật điều đã thay đổi"));
    assert!(page.contains("ATTP cũ số 3/2023 — Hết hạn"), "{page}");
    assert!(
        !page.contains("Kiểm nghiệm 2026 —"),
        "a document still valid for long is not asked for"
    );
}
