//! The public portal (issue #5): the star check, search, shareable pages.

use crate::harness::{TestApp, execute_sql};
use ocop_domain::text::slugify;
use ocop_store::certificates::{ChangeRecord, StandingChange, StandingRefusal};

/// Gives the newest certificate of a product a printed number, as an
/// imported list or a platform recognition would.
async fn number_certificate(app: &TestApp, product: &str, number: &str, extra: &str) {
    let slug = slugify(product);
    execute_sql(
        &app.db().url,
        &format!(
            "UPDATE certificates SET number = '{number}'{extra} WHERE product_id = \
             (SELECT id FROM products WHERE slug = '{slug}')"
        ),
    )
    .await;
}

async fn json(app: &TestApp, path: &str) -> (u16, serde_json::Value) {
    let res = app.get(path).await;
    let status = res.status().as_u16();
    let ct = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(ct.starts_with("application/json"), "{path}: {ct}");
    (status, res.json().await.unwrap_or_default())
}

fn rec<'a>() -> ChangeRecord<'a> {
    ChangeRecord {
        decision: Some("99/QĐ-UBND"),
        actor: "office1",
        now: "2026-11-29T06:00:00Z",
    }
}

#[tokio::test]
async fn star_check_answers_each_status_on_the_page_and_in_json() {
    let app = TestApp::spawn().await;
    let store = app.db().store().await;
    number_certificate(&app, "Mắm nêm Seagull", "OCOP-68-2026-00001", "").await;
    number_certificate(
        &app,
        "Nấm Fresh Cordyceps Vietnam (Nấm tươi)",
        "OCOP-68-2026-00002",
        "",
    )
    .await;
    number_certificate(
        &app,
        "Nấm Cordyceps Vietnam (Nấm khô sấy thăng hoa)",
        "OCOP-68-2026-00003",
        "",
    )
    .await;

    // Valid: typed in any case, answered with the decision and the dates.
    let (status, a) = json(&app, "/api/v1/certificates/ocop-68-2026-00001").await;
    assert_eq!(status, 200);
    assert_eq!(a["status"], "valid");
    assert_eq!(a["stars"], 3);
    assert_eq!(a["decision_number"], "3981/QĐ-UBND");
    assert_eq!(a["issued_on"], "2026-08-05");
    assert_eq!(a["valid_until"], "2029-08-05");
    assert_eq!(a["product_name"], "Mắm nêm Seagull");
    let (status, html) = app.page("/kiem-tra-sao?q=OCOP-68-2026-00001").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Còn hiệu lực") && html.contains("05/08/2029"),
        "{html}"
    );
    // By name without accents.
    let (_, html) = app.page("/kiem-tra-sao?q=mam+nem+seagull").await;
    assert!(html.contains("Mắm nêm Seagull") && html.contains("Còn hiệu lực"));

    // Suspended: shown as not to be trusted, with its grounds; audited.
    let r = store
        .change_certificate_standing(
            "68",
            "OCOP-68-2026-00001",
            StandingChange::Suspend {
                on: "2026-11-01",
                reason: "Bao bì không đúng mẫu đã công nhận",
            },
            rec(),
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r, Ok(()));
    let (_, a) = json(&app, "/api/v1/certificates/OCOP-68-2026-00001").await;
    assert_eq!(a["status"], "suspended");
    assert_eq!(a["reason"], "Bao bì không đúng mẫu đã công nhận");
    assert_eq!(a["suspended_on"], "2026-11-01");
    let (_, html) = app.page("/kiem-tra-sao?q=OCOP-68-2026-00001").await;
    assert!(html.contains("Tạm đình chỉ") && html.contains("không được dùng sao này"));
    let log = store.audit_log(5).await.unwrap_or_default();
    assert!(
        log.iter().any(|e| e.action == "certificate.suspend"
            && e.entity_id == "OCOP-68-2026-00001"
            && e.after.as_deref().is_some_and(|a| a.contains("2026-11-01"))),
        "{log:?}"
    );

    // Revoked from a past date; a revocation cannot be repeated.
    let revoke = StandingChange::Revoke {
        on: "2026-10-15",
        reason: "Ngừng sản xuất",
    };
    let r = store
        .change_certificate_standing("68", "OCOP-68-2026-00002", revoke, rec())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r, Ok(()));
    let again = store
        .change_certificate_standing("68", "OCOP-68-2026-00002", revoke, rec())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again, Err(StandingRefusal::AlreadyRevoked));
    let (_, a) = json(&app, "/api/v1/certificates/OCOP-68-2026-00002").await;
    assert_eq!(a["status"], "revoked");
    assert_eq!(a["revoked_on"], "2026-10-15");
    let (_, html) = app.page("/kiem-tra-sao?q=OCOP-68-2026-00002").await;
    assert!(html.contains("Đã thu hồi") && html.contains("Ngừng sản xuất"));
    // The product page says so too.
    let (_, html) = app
        .page(&format!(
            "/san-pham/{}",
            slugify("Nấm Fresh Cordyceps Vietnam (Nấm tươi)")
        ))
        .await;
    assert!(html.contains("Đã thu hồi"));

    // A revocation dated later does not yet apply.
    let later = StandingChange::Revoke {
        on: "2026-12-15",
        reason: "Theo đề nghị của chủ thể",
    };
    let r = store
        .change_certificate_standing("68", "OCOP-68-2026-00003", later, rec())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r, Ok(()));
    let (_, a) = json(&app, "/api/v1/certificates/OCOP-68-2026-00003").await;
    assert_eq!(a["status"], "valid");

    // Expired by the dates: issued 20 Oct 2023, last valid day 20 Oct 2026.
    number_certificate(
        &app,
        "Lúa gạo Krông Nô (gạo ST24)",
        "OCOP-67-2023-00009",
        ", issued_on = '2023-10-20'",
    )
    .await;
    let (_, a) = json(&app, "/api/v1/certificates/OCOP-67-2023-00009").await;
    assert_eq!(a["status"], "expired");
    assert_eq!(a["valid_until"], "2026-10-20");
    let (_, html) = app.page("/kiem-tra-sao?q=dau+sachi").await;
    assert!(
        html.contains("Hết hiệu lực"),
        "year-only 2020 record lapsed by 2023"
    );

    // Unknown numbers: a JSON 404, and a page that says so plainly.
    let (status, _) = json(&app, "/api/v1/certificates/OCOP-68-2026-99999").await;
    assert_eq!(status, 404);
    let (status, html) = app.page("/kiem-tra-sao?q=OCOP-68-2026-99999").await;
    assert_eq!(status, 200);
    assert!(html.contains("Không tìm thấy giấy chứng nhận"));

    // The feed: what stopped being valid in the last 60 days, newest first.
    let (status, feed) = json(&app, "/api/v1/certificate-changes?days=60").await;
    assert_eq!(status, 200);
    assert_eq!(feed["since"], "2026-09-30");
    let changes = feed["changes"].as_array().cloned().unwrap_or_default();
    let pos = |n: &str| changes.iter().position(|c| c["certificate_number"] == n);
    let (Some(s), Some(r), Some(e)) = (
        pos("OCOP-68-2026-00001"),
        pos("OCOP-68-2026-00002"),
        pos("OCOP-67-2023-00009"),
    ) else {
        panic!("{changes:?}")
    };
    assert_eq!(changes[s]["changed_on"], "2026-11-01");
    assert_eq!(changes[e]["changed_on"], "2026-10-21");
    assert_eq!(changes[r]["changed_on"], "2026-10-15");
    assert!(s < e && e < r, "newest first");
    assert!(pos("OCOP-68-2026-00003").is_none(), "not yet revoked");
    for c in &changes {
        let d = c["changed_on"].as_str().unwrap_or_default();
        assert!(("2026-09-30"..="2026-11-29").contains(&d), "{c}");
        assert_ne!(c["status"], "valid");
    }
    let (_, feed) = json(&app, "/api/v1/certificate-changes?days=1").await;
    assert!(
        feed["changes"].as_array().is_some_and(Vec::is_empty),
        "{feed}"
    );
    let (status, _) = json(&app, "/api/v1/certificate-changes?days=0").await;
    assert_eq!(status, 400);
}

/// The slugs of a product search through the JSON API, all pages.
async fn found(app: &TestApp, query: &str) -> (usize, Vec<String>, serde_json::Value) {
    let (status, body) = json(app, &format!("/api/v1/products?per_page=100&{query}")).await;
    assert_eq!(status, 200, "{query}: {body}");
    let slugs = body["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i["slug"].as_str().map(str::to_owned))
        .collect();
    (body["total"].as_u64().unwrap_or(0) as usize, slugs, body)
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// What the data files say a search for `words` must find: every word in
/// the product, producer or place names (old and new), folded.
fn expected_from_data(words: &str) -> Vec<String> {
    use crate::harness::{col, data_rows};
    use ocop_domain::text::fold;
    let words: Vec<String> = fold(words).split_whitespace().map(str::to_owned).collect();
    let mut out = Vec::new();
    for (file, fields) in [
        (
            "daknong-ocop-products.csv",
            &["product", "producer", "district", "commune", "commune_2025"][..],
        ),
        (
            "lamdong-ocop-2025-2026.csv",
            &["product", "producer", "commune_2025"][..],
        ),
    ] {
        for r in data_rows(file) {
            let hay: Vec<String> = fields.iter().map(|f| fold(col(file, &r, f))).collect();
            if words
                .iter()
                .all(|w| hay.iter().any(|h| h.contains(w.as_str())))
            {
                out.push(slugify(col(file, &r, "product")));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

#[tokio::test]
async fn search_ignores_accents_accepts_nfd_and_old_place_names_with_the_same_results() {
    let app = TestApp::spawn().await;
    // "Đắk Mil" was a district until 2025: its products are still found by it.
    let expected = expected_from_data("dak mil");
    assert!(expected.len() >= 2, "{expected:?}");
    let mut answers = Vec::new();
    for typed in [
        "ca phe dak mil",
        "cà phê đắk mil",
        "CÀ PHÊ ĐẮK MIL",
        "ca\u{300} phe\u{302} \u{111}a\u{306}\u{301}k mil",
    ] {
        let (total, mut slugs, _) = found(&app, &format!("q={}", enc(typed))).await;
        assert_eq!(total, slugs.len());
        slugs.sort();
        answers.push(slugs);
    }
    assert!(answers.windows(2).all(|w| w[0] == w[1]), "{answers:?}");
    let ca_phe_dak_mil = expected_from_data("ca phe dak mil");
    assert_eq!(answers[0], ca_phe_dak_mil);
    assert!(ca_phe_dak_mil.contains(&"ca-phe-bot-dak-dam".to_owned()));
    let (_, mut slugs, _) = found(&app, "q=dak+mil").await;
    slugs.sort();
    assert_eq!(slugs, expected);
    // Krông Nô, another abolished district.
    let (_, mut slugs, _) = found(&app, "q=krong+no").await;
    slugs.sort();
    assert_eq!(slugs, expected_from_data("krong no"));

    // Prefix as you type: "ca ph" ranks coffee first.
    let (_, slugs, body) = found(&app, "q=ca+ph").await;
    assert!(!slugs.is_empty());
    let first = body["items"][0]["name"].as_str().unwrap_or_default();
    assert!(ocop_domain::text::fold(first).contains("ca phe"), "{first}");
    // The user's own accents rank first: fish sauce for "cá", coffee and
    // tomatoes for "cà".
    let (_, _, fish) = found(&app, &format!("q={}", enc("cá"))).await;
    let (_, _, coffee) = found(&app, &format!("q={}", enc("cà"))).await;
    let top = |b: &serde_json::Value| {
        b["items"][0]["name"]
            .as_str()
            .unwrap_or_default()
            .to_lowercase()
    };
    assert!(top(&fish).contains("cá"), "{}", top(&fish));
    assert!(top(&coffee).contains("cà"), "{}", top(&coffee));
    assert_eq!(
        fish["total"], coffee["total"],
        "the same products match either way"
    );

    // Identical order on both engines: by folded name, then id.
    let (_, _, by_name) = found(&app, "sort=name").await;
    let names: Vec<String> = by_name["items"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|i| ocop_domain::text::fold(i["name"].as_str().unwrap_or_default()))
        .collect();
    assert!(names.windows(2).all(|w| w[0] <= w[1]), "{names:?}");

    // The page shows what was typed, with its accents, and the result count.
    let (status, html) = app.page(&format!("/tim-kiem?q={}", enc("đắk mil"))).await;
    assert_eq!(status, 200);
    assert!(html.contains("value=\"đắk mil\""));
    assert!(
        html.contains(&format!("Sản phẩm ({})", expected.len())),
        "{html}"
    );
    assert!(
        html.contains("Huyện Đắk Mil (trước 01/7/2025)"),
        "the old place is offered"
    );
}

#[tokio::test]
async fn filters_and_facet_counts_agree_with_the_data_and_with_each_other() {
    let app = TestApp::spawn().await;
    let (total, _, body) = found(&app, "").await;
    let dn = "daknong-ocop-products.csv";
    let ld = "lamdong-ocop-2025-2026.csv";
    let products = crate::harness::data_rows(dn).len() + crate::harness::data_rows(ld).len();
    assert!(
        total >= products - 2,
        "every product listed ({total} of about {products})"
    );
    // Each facet value gives exactly its count when chosen.
    for (facet, param) in [
        ("groups", "group"),
        ("stars", "stars"),
        ("years", "year"),
        ("communes", "commune"),
        ("districts", "commune"),
        ("departments", "department"),
    ] {
        let values = body["facets"][facet]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert!(!values.is_empty(), "{facet}");
        for v in values {
            let key = v["key"].as_str().unwrap_or_default();
            let (n, _, _) = found(&app, &format!("{param}={}", enc(key))).await;
            assert_eq!(Some(n as u64), v["count"].as_u64(), "{facet} {key}");
        }
    }
    // Against the data: 4-star products of the former Krông Nô district.
    let expected = crate::harness::data_rows(dn)
        .iter()
        .filter(|r| {
            crate::harness::col(dn, r, "district_code") == "664"
                && crate::harness::col(dn, r, "stars") == "4"
        })
        .count();
    let (n, _, narrowed) = found(&app, "stars=4&commune=664").await;
    assert_eq!(n, expected);
    // Counting with the other filters kept: with stars=4 chosen, the stars
    // facet still offers 3 stars, and the group counts add up to the total.
    let group_sum: u64 = narrowed["facets"]["groups"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|g| g["count"].as_u64())
        .sum();
    assert_eq!(group_sum, n as u64);
    // Paging: pages partition the results.
    let (status, p1) = json(&app, "/api/v1/products?per_page=5&page=1&sort=name").await;
    assert_eq!(status, 200);
    let (_, p2) = json(&app, "/api/v1/products?per_page=5&page=2&sort=name").await;
    assert_eq!(p1["pages"].as_u64(), Some((total as u64).div_ceil(5)));
    assert_ne!(p1["items"][0]["slug"], p2["items"][0]["slug"]);
    // Bad parameters are named in the error.
    for bad in [
        "stars=7",
        "per_page=1000",
        "page=0",
        "group=IX",
        "sort=price",
    ] {
        let (status, body) = json(&app, &format!("/api/v1/products?{bad}")).await;
        assert_eq!(status, 400, "{bad}");
        let field = bad.split('=').next().unwrap_or_default();
        assert!(body.to_string().contains(field), "{bad}: {body}");
    }
    // The page's facet links carry the counts and keep the words typed.
    let (_, html) = app.page("/san-pham?q=ca+phe").await;
    let links: Vec<&str> = html
        .match_indices("href=\"/san-pham?")
        .map(|(i, _)| &html[i..i + 60.min(html.len() - i)])
        .collect();
    assert!(
        html.contains("href=\"/san-pham?q=ca+phe&#38;group=I\""),
        "facet link keeps q: {links:?}"
    );
}
