//! The public portal (issue #5): the star check, search, shareable pages.

use crate::harness::{TestApp, execute_sql, post_form};
use ocop_domain::text::slugify;
use ocop_store::certificates::{ChangeRecord, StandingChange, StandingRefusal};

/// Gives the newest certificate of a product a printed number, as an
/// imported list or a platform recognition would. A change made behind the
/// platform's back must say so (as the operations notes tell), or instances
/// keep serving their snapshot.
pub(crate) async fn number_certificate(app: &TestApp, product: &str, number: &str, extra: &str) {
    let slug = slugify(product);
    execute_sql(
        &app.db().url,
        &format!(
            "UPDATE certificates SET number = '{number}'{extra} WHERE product_id = \
             (SELECT id FROM products WHERE slug = '{slug}')"
        ),
    )
    .await;
    execute_sql(
        &app.db().url,
        "UPDATE catalogue_state SET version = version + 1",
    )
    .await;
}

pub(crate) async fn json(app: &TestApp, path: &str) -> (u16, serde_json::Value) {
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

async fn cert_id(store: &ocop_store::Store, number: &str) -> i64 {
    store
        .certificate_id_by_number("68", number)
        .await
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("no certificate {number}"))
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
            cert_id(&store, "OCOP-68-2026-00001").await,
            StandingChange::Suspend {
                on: "2026-11-01",
                reason: "Bao bì không đúng mẫu đã công nhận",
            },
            rec(),
        )
        .await
        .unwrap();
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
            && e.entity == "certificate"
            && e.after.as_deref().is_some_and(|a| a.contains("2026-11-01"))),
        "{log:?}"
    );

    // The product page is rendered (and kept in the page cache) before the
    // revocation; the revocation must still show at once.
    let fresh_page = format!(
        "/san-pham/{}",
        slugify("Nấm Fresh Cordyceps Vietnam (Nấm tươi)")
    );
    let (_, before) = app.page(&fresh_page).await;
    assert!(before.contains("Còn hiệu lực") && !before.contains("Đã thu hồi"));
    // Revoked from a past date; a revocation cannot be repeated.
    let revoke = StandingChange::Revoke {
        on: "2026-10-15",
        reason: "Ngừng sản xuất",
    };
    let r = store
        .change_certificate_standing(
            "68",
            cert_id(&store, "OCOP-68-2026-00002").await,
            revoke,
            rec(),
        )
        .await
        .unwrap();
    assert_eq!(r, Ok(()));
    let again = store
        .change_certificate_standing(
            "68",
            cert_id(&store, "OCOP-68-2026-00002").await,
            revoke,
            rec(),
        )
        .await
        .unwrap();
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
        .change_certificate_standing(
            "68",
            cert_id(&store, "OCOP-68-2026-00003").await,
            later,
            rec(),
        )
        .await
        .unwrap();
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
    let (status, _) = json(&app, "/api/v1/certificate-changes?days=").await;
    assert_eq!(status, 400, "an empty days is not a number of days");
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

/// What the data files say a search for `words` must find: every word
/// begins a word of the product, producer or place names (old and new),
/// folded.
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
            // A typed word matches the words it begins (prefix as you type).
            let hay: Vec<String> = fields
                .iter()
                .flat_map(|f| {
                    fold(col(file, &r, f))
                        .split(|c: char| !c.is_alphanumeric())
                        .map(str::to_owned)
                        .collect::<Vec<_>>()
                })
                .collect();
            if words
                .iter()
                .all(|w| hay.iter().any(|h| h.starts_with(w.as_str())))
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

    // Words are matched from their start, as they are typed.
    let (_, slugs, _) = found(&app, "q=macc").await;
    assert!(slugs.contains(&slugify("Macca Bonbubo")), "{slugs:?}");
    let (n, _, _) = found(&app, "q=acca").await;
    assert_eq!(n, 0, "the middle of a word is not a match");
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
    // Stars first (then newer), and newest first (then more stars).
    let pairs = |b: &serde_json::Value| -> Vec<(i64, i64)> {
        b["items"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|i| {
                (
                    i["stars"].as_i64().unwrap_or(0),
                    i["recognition_year"].as_i64().unwrap_or(0),
                )
            })
            .collect()
    };
    let (_, _, by_stars) = found(&app, "sort=stars").await;
    let stars = pairs(&by_stars);
    assert!(
        stars.len() > 10 && stars.windows(2).all(|w| w[0] >= w[1]),
        "{stars:?}"
    );
    let (_, _, by_year) = found(&app, "sort=newest").await;
    let years: Vec<(i64, i64)> = pairs(&by_year).into_iter().map(|(s, y)| (y, s)).collect();
    assert!(years.windows(2).all(|w| w[0] >= w[1]), "{years:?}");
    assert!(years.first() > years.last(), "not all alike");

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

#[tokio::test]
async fn a_producer_lists_where_to_buy_and_the_product_page_shows_it() {
    use ocop_domain::access::Role;
    let app = TestApp::spawn().await;
    let own = "htx-nong-nghiep-cong-bang-thuan-an";
    let facts = crate::harness::producer(&app.store, own).await;
    let cookie = app.signed_in(Role::Producer).await;
    app.store
        .set_user_scope("chu-the", None, None, None, Some(facts.id))
        .await
        .unwrap();
    let record = format!("/quan-tri/chu-the/{own}");

    // A wrong phone: refused next to the field, everything typed kept.
    let (status, _, html) = post_form(
        &app,
        &cookie,
        &format!("{record}/noi-ban"),
        &[
            ("kind", "ocop_shop"),
            ("name", "Điểm bán OCOP Đắk Mil"),
            ("address", "Số 5 Nguyễn Tất Thành"),
            ("commune", "24682"),
            ("phone", "gọi cho tôi"),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains("id=\"pos_phone-error\"") && html.contains("Số điện thoại chỉ gồm"));
    assert!(
        html.contains("value=\"Điểm bán OCOP Đắk Mil\"") && html.contains("value=\"gọi cho tôi\"")
    );
    assert!(html.contains("<option value=\"24682\" selected>"));
    let (status, location, _) = post_form(
        &app,
        &cookie,
        &format!("{record}/noi-ban"),
        &[
            ("kind", "ocop_shop"),
            ("name", "Điểm bán OCOP Đắk Mil"),
            ("address", "Số 5 Nguyễn Tất Thành"),
            ("commune", "24682"),
            ("phone", "0261 3544 123"),
        ],
    )
    .await;
    assert_eq!(
        (status, location.as_str()),
        (303, format!("{record}#noi-ban").as_str())
    );

    // Links: plain http refused; a Shopee shop recognised from its address.
    let (status, _, html) = post_form(
        &app,
        &cookie,
        &format!("{record}/lien-ket"),
        &[
            ("product", "ca-phe-bot-dak-dam"),
            ("url", "http://shopee.vn/caphe"),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains("id=\"link_url-error\"") && html.contains("https://"));
    let (status, _, _) = post_form(
        &app,
        &cookie,
        &format!("{record}/lien-ket"),
        &[
            ("product", "ca-phe-bot-dak-dam"),
            ("url", "https://shopee.vn/caphe.congbang"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    // Another producer's product cannot be linked from this record.
    let (status, _, html) = post_form(
        &app,
        &cookie,
        &format!("{record}/lien-ket"),
        &[("product", "mam-nem-seagull"), ("url", "https://tiki.vn/x")],
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains("id=\"link_product-error\""));
    // Nor can another producer's record be changed.
    let (status, _, _) = post_form(
        &app,
        &cookie,
        "/quan-tri/chu-the/cong-ty-tnhh-seagull/noi-ban",
        &[("kind", "shop"), ("name", "x"), ("address", "y")],
    )
    .await;
    assert_eq!(status, 403);

    // The public product page: where to buy, in both languages.
    let (status, html) = app.page("/san-pham/ca-phe-bot-dak-dam").await;
    assert_eq!(status, 200);
    assert!(html.contains("Mua ở đâu"));
    assert!(
        html.contains("href=\"https://shopee.vn/caphe.congbang\"") && html.contains(">Shopee</a>")
    );
    assert!(
        html.contains("Điểm bán OCOP Đắk Mil")
            && html.contains("Điểm giới thiệu và bán sản phẩm OCOP")
    );
    assert!(html.contains("href=\"tel:0261 3544 123\""));
    // The producer page lists the point of sale too.
    let (_, html) = app.page(&format!("/chu-the/{own}")).await;
    assert!(html.contains("Điểm bán OCOP Đắk Mil"));

    // Removing: the link goes; a second removal says it is gone.
    let links = app
        .store
        .links_of_producer(facts.id)
        .await
        .unwrap_or_default();
    let id = links
        .first()
        .map(|l| l.id)
        .unwrap_or_else(|| panic!("no link"));
    let (status, _, _) =
        post_form(&app, &cookie, &format!("{record}/lien-ket/{id}/xoa"), &[]).await;
    assert_eq!(status, 303);
    let (status, _, html) =
        post_form(&app, &cookie, &format!("{record}/lien-ket/{id}/xoa"), &[]).await;
    assert_eq!(status, 422);
    assert!(html.contains("có thể đã xóa"));
    let (_, html) = app.page("/san-pham/ca-phe-bot-dak-dam").await;
    assert!(!html.contains("shopee.vn/caphe.congbang"));
}

#[tokio::test]
async fn the_office_publishes_events_and_news_with_errors_next_to_fields() {
    use ocop_domain::access::Role;
    let app = TestApp::spawn().await;
    let office = app.signed_in(Role::Office).await;
    let producer = app.signed_in(Role::Producer).await;
    let event = [
        ("title", "Hội chợ OCOP Lâm Đồng 2026"),
        ("kind", "fair"),
        ("starts_on", "2026-12-10"),
        ("ends_on", "2026-12-05"),
        ("place", "Quảng trường Lâm Viên, Đà Lạt"),
        ("description", "Trưng bày sản phẩm OCOP toàn tỉnh."),
        (
            "products",
            "Cà phê bột Đắk Đam\nMắm nêm Seagull\nSản phẩm không có",
        ),
    ];
    let (status, _, _) = post_form(&app, &producer, "/quan-tri/su-kien", &event).await;
    assert_eq!(status, 403, "only the office publishes");
    // End before start: refused with the field; everything typed kept.
    let (status, _, html) = post_form(&app, &office, "/quan-tri/su-kien", &event).await;
    assert_eq!(status, 422);
    assert!(html.contains("id=\"ends_on-error\""));
    assert!(
        html.contains("Sản phẩm không có")
            && html.contains("value=\"Quảng trường Lâm Viên, Đà Lạt\"")
    );
    // An unknown product is named.
    let mut fixed = event;
    fixed[3] = ("ends_on", "2026-12-14");
    let (status, _, html) = post_form(&app, &office, "/quan-tri/su-kien", &fixed).await;
    assert_eq!(status, 422);
    assert!(html.contains("id=\"products-error\"") && html.contains("san-pham-khong-co"));
    fixed[6] = (
        "products",
        "Cà phê bột Đắk Đam\nhttps://ocop.example/san-pham/mam-nem-seagull",
    );
    let (status, location, _) = post_form(&app, &office, "/quan-tri/su-kien", &fixed).await;
    assert_eq!(
        (status, location.as_str()),
        (303, "/su-kien/hoi-cho-ocop-lam-dong-2026")
    );
    let (status, html) = app.page("/su-kien/hoi-cho-ocop-lam-dong-2026").await;
    assert_eq!(status, 200);
    assert!(html.contains("10/12/2026 – 14/12/2026"));
    assert!(html.contains("Cà phê bột Đắk Đam") && html.contains("Mắm nêm Seagull"));
    assert!(html.contains("Sản phẩm tham gia (2)"));
    assert!(html.contains("\"@type\":\"Event\""));
    let event = json_ld(&html);
    assert_eq!(event["location"]["address"]["addressCountry"], "VN");
    assert!(
        event["location"]["address"]["addressRegion"]
            .as_str()
            .is_some_and(|r| r.contains("Lâm Đồng")),
        "{event}"
    );
    let (_, html) = app.page("/su-kien").await;
    assert!(html.contains("Hội chợ OCOP Lâm Đồng 2026"));
    // The same title again gets its own address.
    let (_, location, _) = post_form(&app, &office, "/quan-tri/su-kien", &fixed).await;
    assert_eq!(location, "/su-kien/hoi-cho-ocop-lam-dong-2026-2");

    // News: today's is shown; a later date waits for its day.
    let (status, _, html) = post_form(
        &app,
        &office,
        "/quan-tri/tin-tuc",
        &[("title", ""), ("summary", "x"), ("body", "y")],
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains("id=\"title-error\""));
    for (title, date) in [
        ("Tỉnh công nhận 60 sản phẩm OCOP", ""),
        ("Tin đăng sau", "2027-01-15"),
    ] {
        let (status, _, _) = post_form(
            &app,
            &office,
            "/quan-tri/tin-tuc",
            &[
                ("title", title),
                ("summary", "Tóm tắt tin."),
                ("body", "Đoạn một.\n\nĐoạn <b>hai</b>."),
                ("published_on", date),
            ],
        )
        .await;
        assert_eq!(status, 303);
    }
    let (_, html) = app.page("/tin-tuc").await;
    assert!(html.contains("Tỉnh công nhận 60 sản phẩm OCOP") && !html.contains("Tin đăng sau"));
    let (status, html) = app.page("/tin-tuc/tinh-cong-nhan-60-san-pham-ocop").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("<p>Đoạn một.</p>") && html.contains("Đoạn &#60;b&#62;hai&#60;/b&#62;."),
        "body is text, never HTML"
    );
    assert_eq!(app.page("/tin-tuc/tin-dang-sau").await.0, 404);
    let (_, home) = app.page("/").await;
    assert!(
        home.contains("Tỉnh công nhận 60 sản phẩm OCOP")
            && home.contains("Hội chợ OCOP Lâm Đồng 2026")
    );
}

#[tokio::test]
async fn pages_are_shareable_and_findable() {
    let app = TestApp::spawn().await;
    let (status, html) = app.page("/san-pham/ca-phe-bot-dak-dam").await;
    assert_eq!(status, 200);
    let canonical = format!("{}/san-pham/ca-phe-bot-dak-dam", app.base);
    assert!(html.contains(&format!("<link rel=\"canonical\" href=\"{canonical}\">")));
    assert!(html.contains(&format!(
        "<meta property=\"og:url\" content=\"{canonical}\">"
    )));
    assert!(html.contains("<meta property=\"og:type\" content=\"product\">"));
    assert!(html.contains("<meta property=\"og:title\" content=\"Cà phê bột Đắk Đam\">"));
    assert!(html.contains("<html lang=\"vi\">"));
    // JSON-LD parses and says what the page says.
    let ld = json_ld(&html);
    assert_eq!(ld["@type"], "Product");
    assert_eq!(ld["name"], "Cà phê bột Đắk Đam");
    assert_eq!(
        ld["manufacturer"]["name"],
        "HTX Nông nghiệp Công Bằng Thuận An"
    );
    assert!(
        ld.get("award").is_none(),
        "a 2020 certificate has lapsed: no star is claimed"
    );
    let (_, html) = app
        .page(&format!("/san-pham/{}", slugify("Mắm nêm Seagull")))
        .await;
    assert_eq!(
        json_ld(&html)["award"],
        "OCOP 3 sao (hiệu lực đến 05/08/2029)"
    );
    let (_, html) = app.page("/chu-the/cong-ty-tnhh-seagull").await;
    assert_eq!(json_ld(&html)["@type"], "Organization");

    // Sitemap: every product and producer, absolute, no back office.
    let res = app.get("/sitemap.xml").await;
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap_or_default()
            .starts_with("application/xml")
    );
    let xml = res.text().await.unwrap_or_default();
    let (products, producers) = app.store.public_slugs("68").await.unwrap_or_default();
    for (s, at) in &products {
        assert!(
            xml.contains(&format!(
                "<loc>{}/san-pham/{s}</loc><lastmod>{}</lastmod>",
                app.base,
                &at[..10]
            )),
            "{s}"
        );
    }
    for (s, _) in &producers {
        assert!(
            xml.contains(&format!("<loc>{}/chu-the/{s}</loc><lastmod>", app.base)),
            "{s}"
        );
    }
    assert!(!xml.contains("quan-tri"));
    assert!(
        products.iter().all(|(s, _)| s
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')),
        "slugs carry no diacritics"
    );
    let (_, robots) = app.page("/robots.txt").await;
    assert!(
        robots.contains("Disallow: /quan-tri")
            && robots.contains(&format!("Sitemap: {}/sitemap.xml", app.base))
    );
}

/// The page's JSON-LD block, parsed.
fn json_ld(html: &str) -> serde_json::Value {
    let start = html
        .find("<script type=\"application/ld+json\">")
        .map(|i| i + "<script type=\"application/ld+json\">".len())
        .unwrap_or_else(|| panic!("no JSON-LD"));
    let end = html[start..]
        .find("</script>")
        .map_or(html.len(), |e| start + e);
    serde_json::from_str(&html[start..end]).unwrap_or_else(|e| panic!("{e}: {}", &html[start..end]))
}

#[tokio::test]
async fn a_hostile_product_name_is_text_everywhere() {
    use ocop_domain::access::Role;
    let app = TestApp::spawn().await;
    let evil = "<script>alert('x')</script> Cà phê \"đặc biệt\" & </script><!--";
    let actor = crate::harness::actor("van-phong", Role::Office, None, None);
    let form = ocop_app::registry::ProductForm {
        producer: "cong-ty-tnhh-seagull".into(),
        name: evil.into(),
        group: "I".into(),
        criteria_set: "qd148-2023-01".into(),
        ..Default::default()
    };
    let created =
        ocop_app::registry::add_product(&app.store, &crate::harness::clock(), &actor, &form)
            .await
            .unwrap_or_else(|e| panic!("{e:?}"));
    let _ = created;
    let slug = slugify(evil);
    for path in [
        format!("/san-pham/{slug}"),
        "/san-pham?q=ca+phe+dac+biet".to_owned(),
        "/tim-kiem?q=dac+biet".to_owned(),
        "/chu-the/cong-ty-tnhh-seagull".to_owned(),
        "/kiem-tra-sao?q=dac+biet".to_owned(),
    ] {
        let (status, html) = app.page(&path).await;
        assert_eq!(status, 200, "{path}");
        assert!(!html.contains("<script>alert"), "{path}");
        assert!(!html.contains("</script><!--"), "{path}");
    }
    let (_, html) = app.page(&format!("/san-pham/{slug}")).await;
    assert!(html.contains("&#60;script&#62;alert("), "shown as text");
    // JSON-LD keeps the name exactly, without ending its script element.
    assert_eq!(json_ld(&html)["name"], evil);
    let (_, api) = json(&app, "/api/v1/products?q=dac+biet").await;
    assert_eq!(api["items"][0]["name"], evil);
}

#[tokio::test]
async fn english_is_one_click_away_and_remembered() {
    let app = TestApp::spawn().await;
    let (_, html) = app.page("/san-pham/ca-phe-bot-dak-dam").await;
    assert!(html.contains("href=\"/ngon-ngu/en?tiep=/san-pham/ca-phe-bot-dak-dam\""));
    let res = app
        .get("/ngon-ngu/en?tiep=/san-pham/ca-phe-bot-dak-dam")
        .await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(res.headers()["location"], "/san-pham/ca-phe-bot-dak-dam");
    let cookie = res.headers()["set-cookie"]
        .to_str()
        .unwrap_or_default()
        .to_owned();
    assert!(cookie.starts_with("lang=en;"));
    let page = app
        .client
        .get(format!("{}/san-pham/ca-phe-bot-dak-dam", app.base))
        .header("cookie", "lang=en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap_or_default();
    assert!(page.contains("<html lang=\"en\">"));
    assert!(page.contains("Where to buy") && page.contains("Producer") && page.contains("Expired"));
    assert!(page.contains("Cà phê bột Đắk Đam"), "names stay as written");
    assert!(page.contains(">Tiếng Việt</a>"));
    // The decisions page speaks English too (names and numbers as issued).
    let decisions = app
        .client
        .get(format!("{}/quyet-dinh", app.base))
        .header("cookie", "lang=en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap_or_default();
    assert!(
        decisions.contains("<h1>OCOP recognition decisions</h1>")
            && decisions.contains("Decision No. 3981/QĐ-UBND")
    );
    // Only local paths are followed.
    let res = app.get("/ngon-ngu/vi?tiep=//evil.example/").await;
    assert_eq!(res.headers()["location"], "/");
}

/// A camera-like JPEG: a picture plus an EXIF block with a GPS position.
fn camera_jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 200) as u8, (y % 200) as u8, 90])
    }));
    let mut plain = std::io::Cursor::new(Vec::new());
    img.write_to(&mut plain, image::ImageFormat::Jpeg).unwrap();
    let plain = plain.into_inner();
    let mut payload = b"Exif\0\0II*\0\x08\0\0\0".to_vec();
    payload.extend_from_slice(b"GPSLatitude 12.0000 GPSLongitude 107.6900");
    let len = u16::try_from(payload.len() + 2).unwrap_or(0);
    let mut out = plain[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&payload);
    out.extend_from_slice(&plain[2..]);
    out
}

async fn upload_photo(
    app: &TestApp,
    cookie: &str,
    slug: &str,
    product: &str,
    alt: &str,
    name: &str,
    bytes: Vec<u8>,
) -> (u16, String) {
    crate::harness::post_multipart(
        app,
        cookie,
        &format!("/quan-tri/chu-the/{slug}/anh"),
        &[("product", product), ("alt", alt)],
        Some((name, bytes)),
    )
    .await
}

#[tokio::test]
async fn photos_are_checked_stripped_and_published_in_responsive_sizes() {
    use ocop_domain::access::Role;
    let app = TestApp::spawn().await;
    let own = "htx-nong-nghiep-cong-bang-thuan-an";
    let facts = crate::harness::producer(&app.store, own).await;
    let cookie = app.signed_in(Role::Producer).await;
    app.store
        .set_user_scope("chu-the", None, None, None, Some(facts.id))
        .await
        .unwrap();
    let upload = camera_jpeg(1200, 900);
    assert!(upload.windows(11).any(|w| w == b"GPSLatitude"));

    // A disguised file: refused next to the file field, the rest kept.
    let (status, html) = upload_photo(
        &app,
        &cookie,
        own,
        "ca-phe-bot-dak-dam",
        "Gói cà phê",
        "anh.jpg",
        "%PDF-1.7 giả ảnh".as_bytes().to_vec(),
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains("id=\"photo_file-error\"") && html.contains("không phải ảnh"));
    assert!(html.contains("value=\"Gói cà phê\""));
    // A missing description is asked for.
    let (status, html) = upload_photo(
        &app,
        &cookie,
        own,
        "ca-phe-bot-dak-dam",
        "",
        "anh.jpg",
        upload.clone(),
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains("id=\"photo_alt-error\""));

    let (status, _) = upload_photo(
        &app,
        &cookie,
        own,
        "ca-phe-bot-dak-dam",
        "Gói cà phê bột 500 g, mặt trước",
        "IMG_0001.JPG",
        upload,
    )
    .await;
    assert_eq!(status, 303);
    let photos = app
        .store
        .photos_of_producer(facts.id)
        .await
        .unwrap_or_default();
    let photo = photos.first().unwrap_or_else(|| panic!("stored"));
    assert_eq!(photo.widths, [400, 800, 1200], "never enlarged past 1200");

    let (_, html) = app.page("/san-pham/ca-phe-bot-dak-dam").await;
    let id = photo.id;
    assert!(
        html.contains(&format!(
            "srcset=\"/anh/{id}/400.jpg 400w, /anh/{id}/800.jpg 800w, /anh/{id}/1200.jpg 1200w\""
        )),
        "{html}"
    );
    assert!(html.contains("alt=\"Gói cà phê bột 500 g, mặt trước\""));
    assert!(html.contains(&format!(
        "<meta property=\"og:image\" content=\"{}/anh/{id}/1200.jpg\">",
        app.base
    )));
    let (_, list) = app.page("/san-pham?q=ca+phe+bot").await;
    assert!(
        list.contains(&format!("src=\"/anh/{id}/400.jpg\"")),
        "thumbnail in the catalogue"
    );

    let res = app.get(&format!("/anh/{id}/800.jpg")).await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers()["content-type"], "image/jpeg");
    assert!(
        res.headers()["cache-control"]
            .to_str()
            .unwrap_or_default()
            .contains("immutable")
    );
    let bytes = res.bytes().await.unwrap_or_default();
    assert!(
        !bytes.windows(11).any(|w| w == b"GPSLatitude"),
        "GPS position stripped"
    );
    assert!(!bytes.windows(4).any(|w| w == b"Exif"));
    let decoded = image::load_from_memory(&bytes).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (800, 600));
    assert_eq!(
        app.get(&format!("/anh/{id}/1600.jpg"))
            .await
            .status()
            .as_u16(),
        404
    );

    // Removing: the photo is gone from the page and its files.
    let (status, _, _) = post_form(
        &app,
        &cookie,
        &format!("/quan-tri/chu-the/{own}/anh/{id}/xoa"),
        &[],
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(
        app.get(&format!("/anh/{id}/800.jpg"))
            .await
            .status()
            .as_u16(),
        404
    );
}

#[tokio::test]
async fn a_gs1_digital_link_on_a_package_leads_to_the_product_and_its_live_star() {
    use ocop_domain::access::Role;
    let app = TestApp::spawn().await;
    let actor = crate::harness::actor("van-phong", Role::Office, None, None);
    let form = ocop_app::registry::ProductForm {
        producer: "cong-ty-tnhh-seagull".into(),
        name: "Mắm ruốc Seagull".into(),
        group: "I".into(),
        criteria_set: "qd148-2023-01".into(),
        items: "Hũ 500 g | 8938505974194".into(),
        ..Default::default()
    };
    ocop_app::registry::add_product(&app.store, &crate::harness::clock(), &actor, &form)
        .await
        .unwrap_or_else(|e| panic!("{e:?}"));
    // The GTIN as a 13-digit barcode, the link with its 14-digit form.
    let res = app.get("/01/08938505974194/10/LO12%2F2026?17=270331").await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(res.headers()["location"], "/san-pham/mam-ruoc-seagull");
    // A wrong check digit, or an identifier the platform does not check: refused, saying why.
    let res = app.get("/01/08938505974195").await;
    assert_eq!(res.status().as_u16(), 400);
    assert!(
        res.text()
            .await
            .unwrap_or_default()
            .contains("chữ số kiểm tra")
    );
    let res = app.get("/01/08938505974194/99/x").await;
    assert_eq!(res.status().as_u16(), 400);
    assert!(res.text().await.unwrap_or_default().contains("AI 99"));
    // A real GTIN the province has no product for.
    assert_eq!(app.get("/01/00012345600012").await.status().as_u16(), 404);
}
