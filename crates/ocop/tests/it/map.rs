//! The portal's offline map (issue #5): coordinates recorded in the back
//! office, drawn on `/ban-do` without any outside service, listed by
//! commune, filtered, and served as GeoJSON.

use crate::harness::{TestApp, post_as, post_form};
use ocop_domain::access::Role;
use ocop_domain::geo::{Frame, Point};

const HOME: &str = "htx-nong-nghiep-cong-bang-thuan-an";
const OTHER: &str = "cong-ty-tnhh-seagull";

async fn post(app: &TestApp, cookie: &str, path: &str, form: &[(&str, &str)]) -> (u16, String) {
    let (status, location, body) = post_form(app, cookie, path, form).await;
    (status, if status == 303 { location } else { body })
}

fn mark_at(html: &str, x: f64, y: f64) -> bool {
    html.contains(&format!("cx=\"{x:.1}\" cy=\"{y:.1}\""))
        || html.contains(&format!("x=\"{x:.1}\" y=\"{y:.1}\""))
        || html.contains(&format!("points=\"{x:.1},{:.1} ", y - 13.0))
}

#[tokio::test]
async fn recorded_places_are_drawn_where_they_are_and_listed_by_commune() {
    let app = TestApp::spawn().await;
    let province = ocop_app::Province::default().code;
    let cookie = app.signed_in(Role::Office).await;
    let home = crate::harness::producer(&app.store, HOME).await;
    let home_name = crate::harness::producer_name(&app.store, HOME).await;
    let missing_before = app
        .store
        .producers_without_location(&province)
        .await
        .unwrap();
    assert!(missing_before > 1, "the demo data records no coordinates");

    // Nothing recorded: the page says so, and counts what is missing.
    let (status, html) = app.page("/ban-do").await;
    assert_eq!(status, 200);
    assert!(html.contains("Chưa có nơi nào được ghi tọa độ"));
    assert!(html.contains(&format!("{missing_before} chủ thể chưa được ghi tọa độ")));
    assert!(html.contains("href=\"/ban-do\""), "in the main navigation");

    // Swapped coordinates are refused in Vietnamese, the typed text kept,
    // nothing recorded.
    let record = format!("/quan-tri/chu-the/{HOME}");
    let (status, html) = post(
        &app,
        &cookie,
        &format!("{record}/vi-tri"),
        &[("coordinates", "107.6872, 12.0064")],
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        html.contains("id=\"loc_coordinates-error\"")
            && html.contains("Tọa độ phải là vĩ độ, kinh độ")
    );
    assert!(html.contains("value=\"107.6872, 12.0064\""));
    assert_eq!(app.store.producer_location(home.id).await.ok(), Some(None));

    let (status, location) = post(
        &app,
        &cookie,
        &format!("{record}/vi-tri"),
        &[("coordinates", " 12.0064, 107.6872 ")],
    )
    .await;
    assert_eq!(
        (status, location.as_str()),
        (303, format!("{record}#vi-tri").as_str())
    );
    let (_, html) = crate::harness::get_as(&app, &cookie, &record).await;
    assert!(
        html.contains("value=\"12.0064, 107.6872\""),
        "the form shows what is recorded"
    );
    let log = app.store.audit_log(5).await.unwrap_or_default();
    let entry = log
        .iter()
        .find(|r| r.action == "producer.location")
        .unwrap_or_else(|| panic!("audited: {log:?}"));
    assert_eq!(
        (
            entry.actor.as_str(),
            entry.entity_id.as_str(),
            entry.before.as_deref()
        ),
        ("van-phong", home.id.to_string().as_str(), None)
    );
    assert!(
        entry
            .after
            .as_deref()
            .is_some_and(|a| a.contains("12.0064"))
    );

    // A point of sale of another producer, with a bad then a good position;
    // its name is hostile and must stay text inside the drawing.
    let shop_name = "Quầy <b>OCOP</b> & \"Đặc sản\"";
    let pos = |coordinates: &'static str| {
        vec![
            ("kind", "ocop_shop"),
            ("name", shop_name),
            ("address", "Số 08 Nguyễn Trãi"),
            ("commune", "22945"),
            ("coordinates", coordinates),
        ]
    };
    let (status, html) = post(
        &app,
        &cookie,
        &format!("/quan-tri/chu-the/{OTHER}/noi-ban"),
        &pos("12,0 108,4"),
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains("id=\"pos_coordinates-error\"") && html.contains("value=\"12,0 108,4\""));
    let (status, _) = post(
        &app,
        &cookie,
        &format!("/quan-tri/chu-the/{OTHER}/noi-ban"),
        &pos("10.9289, 108.1021"),
    )
    .await;
    assert_eq!(status, 303);

    // A community-tourism service (group VI) is drawn at its producer's place.
    let actor = crate::harness::actor("van-phong", Role::Office, None, None);
    let tour = ocop_app::registry::ProductForm {
        producer: HOME.into(),
        name: "Du lịch cộng đồng buôn Thuận An".into(),
        group: "VI".into(),
        criteria_set: "qd148-2023-26".into(),
        ..Default::default()
    };
    ocop_app::registry::add_product(&app.store, &crate::harness::clock(), &actor, &tour)
        .await
        .unwrap_or_else(|e| panic!("{e:?}"));

    let (status, html) = app.page("/ban-do").await;
    assert_eq!(status, 200);
    let frame = Frame::fit(&[
        Point {
            lat: 12.0064,
            lon: 107.6872,
        },
        Point {
            lat: 10.9289,
            lon: 108.1021,
        },
        Point {
            lat: 12.0064,
            lon: 107.6872,
        },
    ])
    .unwrap_or_else(|| panic!("points"));
    let (hx, hy) = frame.project(Point {
        lat: 12.0064,
        lon: 107.6872,
    });
    let (sx, sy) = frame.project(Point {
        lat: 10.9289,
        lon: 108.1021,
    });
    assert!(html.contains(&format!("<a href=\"/chu-the/{HOME}\" aria-label=\"{} — Chủ thể OCOP\" class=\"mk mk-producer\">", home_name)), "{html}");
    assert!(html.contains(&format!("<circle cx=\"{hx:.1}\" cy=\"{hy:.1}\" r=\"10\"/>")));
    assert!(html.contains(&format!("<rect x=\"{sx:.1}\" y=\"{sy:.1}\"")));
    assert!(mark_at(&html, hx, hy) && html.contains("class=\"mk mk-tourism\""));
    assert!(html.contains("href=\"/san-pham/du-lich-cong-dong-buon-thuan-an\""));
    assert!(!html.contains("<b>OCOP</b>"), "the hostile name is text");
    assert!(html.contains("Quầy &#60;b&#62;OCOP&#60;/b&#62; &#38; &#34;Đặc sản&#34;"));
    assert!(
        html.contains("Danh sách theo xã, phường")
            && html.contains("<figcaption id=\"map-caption\">")
    );
    assert!(html.contains(&format!(
        "{} chủ thể chưa được ghi tọa độ",
        missing_before - 1
    )));

    // Filters: only points of sale; only one commune (zoomed to it).
    let (_, shops) = app.page("/ban-do?loai=diem-ban").await;
    assert!(
        shops.contains("mk-point_of_sale\"><title>") && !shops.contains("class=\"mk mk-producer\"")
    );
    assert!(shops.contains("<option value=\"diem-ban\" selected>"));
    let (_, commune) = app.page("/ban-do?xa=22945").await;
    assert!(
        commune.contains("class=\"mk mk-point_of_sale\"")
            && !commune.contains("class=\"mk mk-tourism\"")
    );
    let (_, unknown) = app.page("/ban-do?loai=khong-co").await;
    assert!(
        unknown.contains("class=\"mk mk-producer\""),
        "an unknown kind shows everything"
    );

    // GeoJSON: longitude first, absolute links, the same filter.
    let res = app.get("/api/v1/map").await;
    assert_eq!(res.headers()["content-type"], "application/geo+json");
    let geo: serde_json::Value = res.json().await.unwrap_or_default();
    assert_eq!(geo["type"], "FeatureCollection");
    let features = geo["features"].as_array().cloned().unwrap_or_default();
    assert_eq!(features.len(), 3);
    let shop = features
        .iter()
        .find(|f| f["properties"]["kind"] == "point_of_sale")
        .unwrap_or_else(|| panic!("{geo}"));
    assert_eq!(
        shop["geometry"]["coordinates"],
        serde_json::json!([108.1021, 10.9289])
    );
    assert_eq!(shop["properties"]["name"], shop_name);
    assert_eq!(shop["properties"]["commune_code"], "22945");
    assert!(
        shop["properties"]["url"]
            .as_str()
            .is_some_and(|u| u.starts_with("http") && u.ends_with(&format!("/chu-the/{OTHER}")))
    );
    let tours: serde_json::Value = app
        .get("/api/v1/map?loai=du-lich")
        .await
        .json()
        .await
        .unwrap_or_default();
    assert_eq!(tours["features"].as_array().map(Vec::len), Some(1));

    // English, and clearing a position (audited) takes the producer off.
    let (_, english) = crate::harness::get_as(&app, "lang=en", "/ban-do").await;
    assert!(english.contains("<h1>OCOP map</h1>") && english.contains("— OCOP producer"));
    let (status, _) = post_as(
        &app,
        &cookie,
        &format!("{record}/vi-tri"),
        &[("coordinates", "")],
    )
    .await;
    assert_eq!(status, 303);
    let (_, html) = app.page("/ban-do?loai=chu-the").await;
    assert!(html.contains("Chưa có nơi nào được ghi tọa độ"));
    let log = app.store.audit_log(5).await.unwrap_or_default();
    assert!(log.iter().any(|r| r.action == "producer.location"
        && r.after.is_none()
        && r.before.as_deref().is_some_and(|b| b.contains("107.6872"))));
}

#[tokio::test]
async fn only_those_who_manage_a_producer_may_place_it() {
    let app = TestApp::spawn().await;
    let home = crate::harness::producer(&app.store, HOME).await;
    let cookie = app.signed_in(Role::Producer).await;
    app.store
        .set_user_scope("chu-the", None, None, None, Some(home.id))
        .await
        .unwrap();
    let (status, _) = post_as(
        &app,
        &cookie,
        &format!("/quan-tri/chu-the/{OTHER}/vi-tri"),
        &[("coordinates", "11.9, 108.4")],
    )
    .await;
    assert_eq!(status, 403, "another producer's record");
    let (status, _) = post_as(
        &app,
        &cookie,
        &format!("/quan-tri/chu-the/{HOME}/vi-tri"),
        &[("coordinates", "12.0064, 107.6872")],
    )
    .await;
    assert_eq!(status, 303, "its own record");
    let res = app
        .client
        .post(format!("{}/quan-tri/chu-the/{HOME}/vi-tri", app.base))
        .form(&[("coordinates", "11.9, 108.4")])
        .send()
        .await
        .unwrap();
    assert!(
        res.headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|l| l.starts_with("/dang-nhap")),
        "not without signing in"
    );
    assert_eq!(
        app.store.producer_location(home.id).await.ok(),
        Some(Some((12.0064, 107.6872)))
    );
}

/// A synthetic square commune outline (not real geography: test data).
fn square(code: serde_json::Value, lon: f64, lat: f64) -> serde_json::Value {
    serde_json::json!({
        "type": "Feature",
        "properties": {"ma_xa": code, "ten_xa": "thử nghiệm"},
        "geometry": {"type": "Polygon", "coordinates": [[
            [lon, lat], [lon + 0.1, lat], [lon + 0.1, lat + 0.1], [lon, lat + 0.1], [lon, lat]
        ]]},
    })
}

fn geojson(features: Vec<serde_json::Value>) -> Vec<u8> {
    serde_json::json!({"type": "FeatureCollection", "features": features})
        .to_string()
        .into_bytes()
}

async fn upload(app: &TestApp, cookie: &str, name: &str, bytes: Vec<u8>) -> (u16, String) {
    crate::harness::post_multipart(
        app,
        cookie,
        "/quan-tri/ban-do",
        &[("code_field", "ma_xa")],
        Some((name, bytes)),
    )
    .await
}

#[tokio::test]
async fn the_office_loads_commune_boundaries_all_or_nothing_and_the_map_draws_them() {
    let app = TestApp::spawn().await;
    let province = ocop_app::Province::default().code;
    let cookie = app.signed_in(Role::Office).await;
    let (status, html) = crate::harness::get_as(&app, &cookie, "/quan-tri/ban-do").await;
    assert_eq!(status, 200);
    assert!(html.contains("Chưa nạp ranh giới"));
    let (_, home) = crate::harness::get_as(&app, &cookie, "/quan-tri").await;
    assert!(
        home.contains("href=\"/quan-tri/ban-do\""),
        "linked from the dashboard"
    );

    // Thuận An as a string code, Phan Thiết as a number (its zeros restored).
    let two = geojson(vec![
        square("24682".into(), 107.6, 12.4),
        square(22945.into(), 108.05, 10.9),
    ]);
    let (status, _) = upload(&app, &cookie, "ranh-gioi-2025.geojson", two).await;
    assert_eq!(status, 303);
    let (_, html) = crate::harness::get_as(&app, &cookie, "/quan-tri/ban-do").await;
    assert!(
        html.contains("Đang dùng ranh giới của 2/") && html.contains("«ranh-gioi-2025.geojson»"),
        "{html}"
    );
    // When, as people in Vietnam read it: the stored UTC moment, in UTC+7.
    let loaded = app.store.boundary_set("68").await.unwrap().unwrap();
    let at = loaded
        .loaded_at
        .unwrap()
        .with_timezone(&ocop_app::clock::vietnam());
    assert!(
        html.contains(&format!("nạp lúc {}", at.format("%d/%m/%Y %H:%M"))),
        "{html}"
    );

    // A file with one wrong feature changes nothing and names the feature.
    let wrong = geojson(vec![
        square("24682".into(), 107.6, 12.4),
        square("99999".into(), 107.8, 12.4),
    ]);
    let (status, html) = upload(&app, &cookie, "sai.geojson", wrong).await;
    assert_eq!(status, 422);
    assert!(
        html.contains("Đối tượng số 2: mã «99999» không phải xã, phường của tỉnh"),
        "{html}"
    );
    assert!(html.contains("value=\"ma_xa\""), "the field as typed");
    let metres = geojson(vec![square("24682".into(), 435_000.0, 1_320_000.0)]);
    let (status, html) = upload(&app, &cookie, "vn2000.geojson", metres).await;
    assert_eq!(status, 422);
    assert!(html.contains("VN-2000"));
    let twice = geojson(vec![
        square("24682".into(), 107.6, 12.4),
        square("24682".into(), 107.7, 12.4),
    ]);
    let (status, html) = upload(&app, &cookie, "trung.geojson", twice).await;
    assert_eq!(status, 422);
    assert!(html.contains("mã xã 24682 đã có ở đối tượng số 1"));
    let set = app.store.boundary_set(&province).await.ok().flatten();
    assert_eq!(
        set.map(|s| (s.count, s.source)),
        Some((2, "ranh-gioi-2025.geojson".to_owned()))
    );

    // The public map draws both communes with no place recorded; each
    // commune is a link that zooms to it.
    let (status, html) = app.page("/ban-do").await;
    assert_eq!(status, 200);
    assert!(html.contains("Chưa có nơi nào được ghi tọa độ"));
    assert_eq!(html.matches("<a href=\"/ban-do?xa=").count(), 2, "{html}");
    assert!(html.contains("aria-label=\"Xã Thuận An\"><title>Xã Thuận An</title><path d=\"M"));
    assert!(html.contains("<title>Phường Phan Thiết</title>"));
    assert!(html.contains("<option value=\"22945\">Phường Phan Thiết</option>"));
    let (_, zoomed) = app.page("/ban-do?loai=chu-the&xa=24682").await;
    assert!(zoomed.contains("class=\"area area-chosen\" aria-label=\"Xã Thuận An\""));
    assert!(
        zoomed.contains("href=\"/ban-do?loai=chu-the&#38;xa=22945\""),
        "links keep the kind"
    );

    // A new file replaces the old one whole; it is audited.
    let one = geojson(vec![square("24682".into(), 107.6, 12.4)]);
    let (status, _) = upload(&app, &cookie, "moi.geojson", one).await;
    assert_eq!(status, 303);
    let (_, html) = app.page("/ban-do").await;
    assert_eq!(html.matches("<a href=\"/ban-do?xa=").count(), 1);
    let log = app.store.audit_log(5).await.unwrap_or_default();
    let entry = log
        .iter()
        .find(|r| r.action == "map.boundaries")
        .unwrap_or_else(|| panic!("{log:?}"));
    assert!(
        entry
            .before
            .as_deref()
            .is_some_and(|b| b.contains("\"communes\":2"))
    );
    assert!(
        entry
            .after
            .as_deref()
            .is_some_and(|a| a.contains("moi.geojson"))
    );

    // Only the office manages the portal's map.
    let producer = app.signed_in(Role::Producer).await;
    let (status, _) = crate::harness::get_as(&app, &producer, "/quan-tri/ban-do").await;
    assert_eq!(status, 403);
    let (status, _) = upload(&app, &producer, "x.geojson", geojson(vec![])).await;
    assert_eq!(status, 403);
}
