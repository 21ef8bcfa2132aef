//! The national 5★ path: referral only with 90 points and every 5★ mark,
//! the province certifies 4★ meanwhile, the ministry's steps recorded, its
//! 5★ certificate supersedes the province's; a refusal leaves the 4★.

use crate::fixtures::{self, sheet};
use crate::harness::{TestApp, clock, get_as, post_as, post_form};
use crate::portal::json;
use ocop_app::cycle;
use ocop_domain::access::Role;
use std::io::Read as _;

fn day(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a real day")
}

/// A dossier of the coffee scored by three members on `choices`, locked.
async fn locked(
    app: &TestApp,
    choices: &std::collections::BTreeMap<String, String>,
) -> (fixtures::Cast, i64, cycle::Closing) {
    let cast = fixtures::cast(app, 3).await;
    let (_, id) = fixtures::in_council(app, &cast, "Đợt 5 sao", 2026).await;
    for m in &cast.members {
        cycle::score_as_member(&app.store, &clock(), m, id, choices)
            .await
            .expect("score");
    }
    let closing = cycle::close_scoring(&app.store, &clock(), &cast.office, id)
        .await
        .expect("lock");
    (cast, id, closing)
}

#[tokio::test]
async fn ninety_one_points_missing_one_five_star_mark_is_not_referred() {
    let app = TestApp::spawn().await;
    let set = fixtures::coffee_set(&app).await;
    // A criterion whose better option is a 5★ mark, answered with an option
    // that still meets its 3★ and 4★ marks, so the total stays at 91 or more
    // (set 13 tops out at 98).
    let (criterion, points) = set
        .criteria()
        .find_map(|(_, _, c)| {
            let required = c.required_points(5)?;
            let for_four = c.required_points(4).unwrap_or(0);
            let max = c.options.iter().map(|o| o.points).max()?;
            c.options
                .iter()
                .filter(|o| {
                    o.points >= for_four && o.points < required && 98 - (max - o.points) >= 91
                })
                .map(|o| (c.id.clone(), o.points))
                .max_by_key(|(_, p)| *p)
        })
        .expect("set 13 has a 5★ mark that can be missed above 90 points");
    let choices = sheet(&set, &[(criterion.as_str(), points)]);
    let (_, id, closing) = locked(&app, &choices).await;
    assert!(closing.average_hundredths >= 9100, "{closing:?}");
    assert_eq!(closing.stars, 4, "the missed 5★ mark caps the star");
    assert!(!closing.national_review);
    assert_eq!(app.store.referral(id).await.expect("referral"), None);
    let office = app.signed_in(Role::Office).await;
    let (_, html) = get_as(&app, &office, &format!("/quan-tri/ho-so/{id}")).await;
    assert!(
        !html.contains("đề nghị Bộ Nông nghiệp và Môi trường đánh giá 5 sao"),
        "{html}"
    );
    assert!(!html.contains("Đánh giá 5 sao cấp quốc gia"), "{html}");
}

#[tokio::test]
async fn a_five_star_product_is_carried_through_the_ministry() {
    let app = TestApp::spawn().await;
    let set = fixtures::coffee_set(&app).await;
    let (cast, id, closing) = locked(&app, &sheet(&set, &[])).await;
    assert_eq!(
        (
            closing.average_hundredths,
            closing.stars,
            closing.national_review
        ),
        (9800, 5, true)
    );
    // The province certifies 4★ meanwhile.
    let province_cert = cycle::recognise(
        &app.store,
        &clock(),
        &cast.office,
        id,
        ocop_app::cycle::DecisionInput {
            number: "501/QĐ-UBND",
            issued_on: day(2026, 11, 29),
            sign_as: ocop_domain::signature::SignAs::Head,
            signer: "Chủ tịch",
        },
    )
    .await
    .expect("province decision");
    let office = app.signed_in(Role::Office).await;
    let page = format!("/quan-tri/ho-so/{id}");
    let (_, html) = get_as(&app, &office, &page).await;
    assert!(
        html.contains(
            "Đủ điều kiện đề nghị Bộ Nông nghiệp và Môi trường đánh giá 5 sao, chờ gửi hồ sơ"
        ),
        "{html}"
    );

    // The package for the ministry: summary, each member's sheet, minutes, evidence.
    let res = app
        .client
        .get(format!("{}/quan-tri/ho-so/{id}/ho-so-5-sao.zip", app.base))
        .header("cookie", &office)
        .send()
        .await
        .expect("package");
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers()["content-type"], "application/zip");
    let bytes = res.bytes().await.expect("bytes");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("a zip");
    let mut names: Vec<String> = zip
        .file_names()
        .map(|n| n.expect("a name").into_owned())
        .collect();
    names.sort();
    for wanted in [
        "ho-so.txt",
        "phieu-cham-hd-1.pdf",
        "phieu-cham-hd-2.pdf",
        "phieu-cham-hd-3.pdf",
    ] {
        assert!(names.iter().any(|n| n == wanted), "{wanted} in {names:?}");
    }
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("bien-ban-hoi-dong-dot-")),
        "{names:?}"
    );
    assert!(
        names.iter().any(|n| n.starts_with("minh-chung/")),
        "{names:?}"
    );
    let mut summary = String::new();
    zip.by_name("ho-so.txt")
        .expect("summary")
        .read_to_string(&mut summary)
        .expect("utf-8");
    assert!(
        summary.contains("Cà phê bột Đắk Đam") && summary.contains("98,00"),
        "{summary}"
    );
    let mut sheet_pdf = Vec::new();
    zip.by_name("phieu-cham-hd-1.pdf")
        .expect("sheet")
        .read_to_end(&mut sheet_pdf)
        .expect("read");
    assert!(sheet_pdf.starts_with(b"%PDF-"));

    // Sent without the letter's number: refused by the field, the date kept.
    let step = format!("/quan-tri/ho-so/{id}/5-sao");
    let (status, html) = post_as(
        &app,
        &office,
        &step,
        &[("step", "gui"), ("on", "2026-11-29"), ("reference", "")],
    )
    .await;
    assert_eq!(status, 422, "{html}");
    assert!(
        html.contains("Ghi số công văn gửi Bộ.") && html.contains("value=\"2026-11-29\""),
        "{html}"
    );
    let (status, _, _) = post_form(
        &app,
        &office,
        &step,
        &[
            ("step", "gui"),
            ("on", "2026-11-29"),
            ("reference", "812/SNNMT-PTNT"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    // A decision before the ministry has scored is out of order.
    let (status, html) = post_as(
        &app,
        &office,
        &step,
        &[
            ("step", "quyet-dinh"),
            ("outcome", "cong-nhan"),
            ("on", "2026-11-29"),
            ("number", "12/QĐ-BNNMT"),
            ("certificate_number", "5S-2026-001"),
        ],
    )
    .await;
    assert_eq!(status, 422, "{html}");
    let (status, html) = post_as(
        &app,
        &office,
        &step,
        &[
            ("step", "ket-qua"),
            ("on", "2026-11-29"),
            ("points", "chín mươi"),
        ],
    )
    .await;
    assert_eq!(status, 422, "{html}");
    assert!(html.contains("Ghi điểm dạng 91,50"), "{html}");
    let (status, _, _) = post_form(
        &app,
        &office,
        &step,
        &[
            ("step", "ket-qua"),
            ("on", "2026-11-29"),
            ("points", "93,25"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let (status, _, _) = post_form(
        &app,
        &office,
        &step,
        &[
            ("step", "quyet-dinh"),
            ("outcome", "cong-nhan"),
            ("on", "2026-11-29"),
            ("number", "12/QĐ-BNNMT"),
            ("certificate_number", "5S-2026-001"),
        ],
    )
    .await;
    assert_eq!(status, 303);

    // The ministry's 5★ certificate stands; the province's 4★ is superseded.
    let (_, five) = json(&app, "/api/v1/certificates/5S-2026-001").await;
    assert_eq!(
        (five["status"].as_str(), five["stars"].as_i64()),
        (Some("valid"), Some(5)),
        "{five}"
    );
    assert_eq!(five["issuing_authority"], "Bộ Nông nghiệp và Môi trường");
    let p = app
        .store
        .product_by_slug("68", "ca-phe-bot-dak-dam")
        .await
        .expect("product")
        .expect("exists");
    let four = p
        .certificates
        .iter()
        .find(|c| c.id == province_cert)
        .expect("province certificate");
    let view = ocop_app::portal::certificate_view(four.clone(), clock_today());
    assert_eq!(
        view.status.successor().map(|(n, _)| n),
        Some(Some("5S-2026-001"))
    );
    let (_, html) = get_as(&app, &office, &page).await;
    assert!(
        html.contains("Bộ Nông nghiệp và Môi trường đã công nhận 5 sao"),
        "{html}"
    );
    let audit = app
        .store
        .audit_entries("dossier", &id.to_string())
        .await
        .expect("audit");
    assert_eq!(
        audit
            .iter()
            .filter(|a| a.action == "national.advance")
            .count(),
        3
    );
}

fn clock_today() -> chrono::NaiveDate {
    use ocop_app::Clock as _;
    clock().today()
}

#[tokio::test]
async fn a_refusal_by_the_ministry_leaves_the_four_stars_standing() {
    let app = TestApp::spawn().await;
    let set = fixtures::coffee_set(&app).await;
    let (cast, id, _) = locked(&app, &sheet(&set, &[])).await;
    let cert = cycle::recognise(
        &app.store,
        &clock(),
        &cast.office,
        id,
        ocop_app::cycle::DecisionInput {
            number: "502/QĐ-UBND",
            issued_on: day(2026, 11, 29),
            sign_as: ocop_domain::signature::SignAs::Head,
            signer: "Chủ tịch",
        },
    )
    .await
    .expect("province decision");
    let today = clock();
    let record = |step| ocop_app::national::record(&app.store, &today, &cast.office, id, step);
    use ocop_app::national::Record;
    record(Record::Send {
        on: day(2026, 11, 29),
        reference: "9/SNNMT".into(),
    })
    .await
    .expect("sent");
    // The ministry's council: 88 points. Recognition is refused outright…
    record(Record::MinistryResult {
        on: day(2026, 11, 29),
        points: "88".into(),
    })
    .await
    .expect("scored");
    let five = Record::Decision {
        recognised: true,
        number: "13/QĐ-BNNMT".into(),
        on: day(2026, 11, 29),
        certificate_number: "5S-X".into(),
        note: String::new(),
    };
    assert!(record(five).await.is_err(), "88 points cannot be 5★");
    // …and the refusal recorded: the province's 4★ stands.
    let refuse = Record::Decision {
        recognised: false,
        number: "13/QĐ-BNNMT".into(),
        on: day(2026, 11, 29),
        certificate_number: String::new(),
        note: "Chưa đạt tiêu chí xuất khẩu".into(),
    };
    assert_eq!(
        record(refuse).await.ok(),
        Some(ocop_domain::national::NationalState::Refused)
    );
    let p = app
        .store
        .product_by_slug("68", "ca-phe-bot-dak-dam")
        .await
        .expect("product")
        .expect("exists");
    let standing: Vec<_> = p
        .certificates
        .into_iter()
        .map(|c| ocop_app::portal::certificate_view(c, clock_today()))
        .filter(|v| v.status.may_be_valid())
        .collect();
    assert_eq!(standing.len(), 1);
    assert_eq!((standing[0].record.id, standing[0].record.stars), (cert, 4));
    // Nobody but the office records these steps.
    let again = Record::Send {
        on: day(2026, 11, 29),
        reference: "x".into(),
    };
    assert!(matches!(
        ocop_app::national::record(&app.store, &clock(), &cast.members[0], id, again).await,
        Err(cycle::CycleError::NationalOfficeOnly)
    ));
}
