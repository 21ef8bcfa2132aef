//! The shipped datasets load completely, once, and old place names resolve.

use crate::harness::{TestDb, clock, col, data_rows, day, find_row};
use ocop_app::Province;
use ocop_app::clock::Clock as _;
use ocop_domain::UnitScheme;
use ocop_store::catalog::ProductFilter;
use std::collections::HashSet;

/// A shipped product by its slug; the test fails when it is missing.
async fn product(s: &ocop_store::Store, slug: &str) -> ocop_store::catalog::ProductDetail {
    s.product_by_slug("68", slug)
        .await
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("no product {slug}"))
}

fn count_level(file: &str, level: &str) -> i64 {
    let n = data_rows(file)
        .iter()
        .filter(|r| col(file, r, "level") == level)
        .count();
    i64::try_from(n).unwrap_or_default()
}

#[tokio::test]
async fn every_administrative_unit_and_the_mapping_are_loaded() {
    let db = TestDb::seeded().await;
    let s = db.store().await;
    let pre = "vn-admin-units-pre2025.csv";
    let new = "vn-admin-units-2025.csv";
    for (scheme, file, level) in [
        (UnitScheme::Pre2025, pre, "province"),
        (UnitScheme::Pre2025, pre, "district"),
        (UnitScheme::Pre2025, pre, "commune"),
        (UnitScheme::Y2025, new, "province"),
        (UnitScheme::Y2025, new, "commune"),
    ] {
        assert_eq!(
            s.count_admin_units(scheme, level).await.ok(),
            Some(count_level(file, level)),
            "{file} {level}"
        );
    }
    // The reform as the issue states it: 63 → 34 provinces, 10,035 → 3,321 communes.
    assert_eq!(
        s.count_admin_units(UnitScheme::Pre2025, "province")
            .await
            .ok(),
        Some(63)
    );
    assert_eq!(
        s.count_admin_units(UnitScheme::Y2025, "commune").await.ok(),
        Some(3321)
    );
}

#[tokio::test]
async fn old_units_resolve_to_todays_commune_and_province() {
    let db = TestDb::seeded().await;
    let s = db.store().await;
    // Huyện Đắk Mil (663, abolished on 1 Jul 2025) became communes of Lâm Đồng.
    let district = s
        .admin_unit(UnitScheme::Pre2025, "663")
        .await
        .ok()
        .flatten();
    assert_eq!(
        district.map(|d| d.full_name),
        Some("Huyện Đắk Mil".to_owned())
    );
    let successors = s.successors("663").await.unwrap();
    assert!(!successors.is_empty());
    assert!(
        successors
            .iter()
            .all(|u| u.province_code == "68" && u.province_name == "Tỉnh Lâm Đồng")
    );
    let names: HashSet<_> = successors.iter().map(|u| u.full_name.as_str()).collect();
    let expected: HashSet<_> = data_rows("vn-admin-units-2025-mapping.csv")
        .iter()
        .filter(|r| col("vn-admin-units-2025-mapping.csv", r, "old_district_code") == "663")
        .map(|r| col("vn-admin-units-2025-mapping.csv", r, "new_commune_name").to_owned())
        .collect();
    assert_eq!(names, expected.iter().map(String::as_str).collect());
    // A commune that kept its code (Xã Thuận An, 24682) and one that did not.
    let thuan_an = s.successors("24682").await.unwrap();
    assert_eq!(
        thuan_an.iter().map(|u| u.code.as_str()).collect::<Vec<_>>(),
        vec!["24682"]
    );
    // A split commune has several successors, each marked.
    let split = find_row(
        "vn-admin-units-2025-mapping.csv",
        "old_commune_split",
        "true",
    );
    let parts = s
        .successors(col(
            "vn-admin-units-2025-mapping.csv",
            &split,
            "old_commune_code",
        ))
        .await
        .unwrap();
    assert!(
        parts.len() >= 2 && parts.iter().all(|p| p.split),
        "{parts:?}"
    );
}

/// (product, producer as shown, stars of the newest recognition that is
/// not a province's nomination, year) for every row of the three files.
fn expected_products() -> Vec<(String, String, Option<i64>, Option<i64>)> {
    let mut rows: Vec<(String, String, i64, Option<i64>, bool)> = Vec::new();
    for file in [
        "daknong-ocop-products.csv",
        "lamdong-ocop-2025-2026.csv",
        "lamdong-ocop-more.csv",
    ] {
        for r in data_rows(file) {
            let producer = col(file, &r, "producer").trim();
            let authority = if file.starts_with("lamdong") {
                col(file, &r, "issuing_authority")
            } else {
                ""
            };
            let stars: i64 = col(file, &r, "stars").parse().unwrap_or_default();
            rows.push((
                col(file, &r, "product").trim().to_owned(),
                if producer.is_empty() {
                    "Chưa rõ chủ thể".to_owned()
                } else {
                    producer.to_owned()
                },
                stars,
                col(file, &r, "year").parse().ok(),
                // 5★ by a province, all before 2023: put forward, not recognised.
                stars == 5 && authority.starts_with("UBND tỉnh"),
            ));
        }
    }
    // (year, stars, nominated) of each recognition, per (product, producer).
    type Recognitions = Vec<(Option<i64>, i64, bool)>;
    let mut by_product: std::collections::BTreeMap<(String, String), Recognitions> =
        std::collections::BTreeMap::new();
    for (product, producer, stars, year, nominated) in rows {
        by_product
            .entry((product, producer))
            .or_default()
            .push((year, stars, nominated));
    }
    by_product
        .into_iter()
        .map(|((product, producer), recs)| {
            let newest = recs.iter().filter(|r| !r.2).max_by_key(|r| r.0);
            (
                product,
                producer,
                newest.map(|r| r.1),
                newest.and_then(|r| r.0),
            )
        })
        .collect()
}

#[tokio::test]
async fn every_ocop_record_is_loaded_with_its_source() {
    let db = TestDb::seeded().await;
    let s = db.store().await;
    let products = s
        .list_products("68", &ProductFilter::default())
        .await
        .unwrap();
    // Names the data gives, per producer: each becomes exactly one product.
    let expected = expected_products();
    let loaded: HashSet<(String, String)> = products
        .iter()
        .map(|p| (p.name.clone(), p.producer_name.clone()))
        .collect();
    let wanted: HashSet<(String, String)> = expected
        .iter()
        .map(|(a, b, _, _)| (a.clone(), b.clone()))
        .collect();
    assert_eq!(loaded, wanted);
    assert_eq!(products.len(), expected.len(), "no duplicates");
    assert!(products.len() > 170, "{}", products.len());
    for p in &products {
        let d = product(&s, &p.slug).await;
        assert!(
            d.source_url
                .as_deref()
                .is_some_and(|u| u.starts_with("https://") || u.starts_with("http://")),
            "{} has no source",
            p.name
        );
        assert!(!d.certificates.is_empty());
        assert!(d.criteria_set.is_some(), "{} has no criteria set", p.name);
    }
    // Stars and year shown are those of the newest recognition, per product.
    let shown: HashSet<(String, String, Option<i64>, Option<i64>)> = products
        .iter()
        .map(|p| (p.name.clone(), p.producer_name.clone(), p.stars, p.year))
        .collect();
    let wanted: HashSet<(String, String, Option<i64>, Option<i64>)> =
        expected.into_iter().collect();
    assert_eq!(shown, wanted);
}

#[tokio::test]
async fn rows_without_a_producer_year_or_recognition_stay_as_the_source_left_them() {
    let db = TestDb::seeded().await;
    let s = db.store().await;
    let file = "lamdong-ocop-more.csv";
    // No producer in the source: each such product has its own unnamed producer.
    let unnamed: Vec<_> = data_rows(file)
        .into_iter()
        .filter(|r| col(file, r, "producer").is_empty())
        .collect();
    assert_eq!(unnamed.len(), 6);
    let mut slugs = HashSet::new();
    for r in &unnamed {
        let slug = ocop_domain::text::slugify(col(file, r, "product"));
        let d = product(&s, &slug).await;
        assert_eq!(d.summary.producer_name, "Chưa rõ chủ thể");
        slugs.insert(d.summary.producer_slug.clone());
    }
    assert_eq!(
        slugs.len(),
        6,
        "one unnamed producer per product, never merged"
    );
    // A province's "5 sao cấp tỉnh" of 2021 is a nomination: no star, no certificate.
    let d = product(&s, "rong-nho-tuoi").await;
    assert_eq!(d.summary.stars, None);
    assert!(d.certificates.iter().all(|c| c.nominated && c.stars == 5));
    let five = ProductFilter {
        stars: Some(5),
        ..ProductFilter::default()
    };
    assert!(
        s.list_products("68", &five)
            .await
            .unwrap_or_default()
            .iter()
            .all(|p| p.slug != "rong-nho-tuoi")
    );
    let view = ocop_app::portal::certificate_view(d.certificates[0].clone(), clock().today());
    assert_eq!(
        view.status,
        ocop_domain::certificate::CertificateStatus::Nominated
    );
    // No year, no decision: validity stays unknown, never invented.
    let row = find_row(file, "product", "Nho Hồng nhật");
    assert_eq!(col(file, &row, "year"), "");
    let d = product(&s, "nho-hong-nhat").await;
    let c = d.certificates[0].clone();
    assert_eq!(
        (c.year, c.issued_on, c.decision_number.as_deref()),
        (None, None, None)
    );
    assert_eq!(
        ocop_app::portal::certificate_view(c, clock().today()).status,
        ocop_domain::certificate::CertificateStatus::Unknown
    );
}

#[tokio::test]
async fn unknown_facts_stay_unknown() {
    let db = TestDb::seeded().await;
    let s = db.store().await;
    // Sachi oil: district known, commune not; no decision number; year 2020.
    let d = product(&s, "dau-sachi-sachi-oil").await;
    assert_eq!(d.summary.district_pre2025.as_deref(), Some("Huyện Đắk Mil"));
    assert_eq!(d.summary.commune_2025, None);
    assert_eq!(d.description, None);
    let c = &d.certificates[0];
    assert_eq!(
        (c.year, c.issued_on, c.decision_number.as_deref()),
        (Some(2020), None, None)
    );
}

#[tokio::test]
async fn decisions_give_dates_and_36_month_validity() {
    let db = TestDb::seeded().await;
    let s = db.store().await;
    let file = "lamdong-ocop-2025-2026.csv";
    let row = find_row(file, "decision", "3981/QĐ-UBND");
    let slug = ocop_domain::text::slugify(col(file, &row, "product"));
    let d = product(&s, &slug).await;
    let c = &d.certificates[0];
    assert_eq!(c.decision_number.as_deref(), Some("3981/QĐ-UBND"));
    assert_eq!(c.issued_on, Some(day(col(file, &row, "decision_date"))));
    assert_eq!(
        c.valid_until,
        Some(day(col(file, &row, "certificate_valid_until")))
    );
    assert_eq!(c.issuing_authority.as_deref(), Some("UBND tỉnh Lâm Đồng"));
}

#[tokio::test]
async fn loading_again_changes_nothing() {
    let db = TestDb::seeded().await;
    let s = db.store().await;
    let before = s.count_products("68").await.ok();
    let report = ocop_app::seed::load_missing(&s, &clock(), &Province::default()).await;
    assert!(report.is_ok_and(|r| r.loaded.is_empty()));
    assert_eq!(s.count_products("68").await.ok(), before);
    assert_eq!(
        s.loaded_datasets().await.unwrap_or_default().len(),
        ocop_app::seed::DATASETS.len()
    );
}

#[tokio::test]
async fn old_place_names_find_their_products() {
    let db = TestDb::seeded().await;
    let s = db.store().await;
    let file = "daknong-ocop-products.csv";
    let in_dak_mil: HashSet<String> = data_rows(file)
        .iter()
        .filter(|r| col(file, r, "district_code") == "663")
        .map(|r| col(file, r, "product").to_owned())
        .collect();
    assert!(!in_dak_mil.is_empty());
    // By the old district's code …
    let by_code = ProductFilter {
        place: Some("663".into()),
        ..ProductFilter::default()
    };
    let found: HashSet<String> = s
        .list_products("68", &by_code)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(found, in_dak_mil);
    // … and by its name typed without accents.
    let by_name = ProductFilter {
        q: Some("dak mil".into()),
        ..ProductFilter::default()
    };
    let found: HashSet<String> = s
        .list_products("68", &by_name)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert!(in_dak_mil.is_subset(&found), "{found:?}");
    // A product recorded under an old commune is found under today's commune too.
    let thuan_an = ProductFilter {
        place: Some("24682".into()),
        ..ProductFilter::default()
    };
    let found = s.list_products("68", &thuan_an).await.unwrap_or_default();
    assert!(found.iter().any(|p| p.name == "Cà phê bột Đắk Đam"));
}

async fn names(s: &ocop_store::Store, filter: ProductFilter) -> HashSet<String> {
    s.list_products("68", &filter)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect()
}

/// Old places from each reading the data allows, found by old names and
/// codes both ways; the breakdown by old district adds up.
#[tokio::test]
async fn every_old_place_the_data_allows_is_known_and_found() {
    let db = TestDb::seeded().await;
    let s = db.store().await;
    let place = |code: &str| ProductFilter {
        place: Some(code.into()),
        ..ProductFilter::default()
    };
    let words = |q: &str| ProductFilter {
        q: Some(q.into()),
        ..ProductFilter::default()
    };
    // From the address in the source ("xã Đức Bình, huyện Tánh Linh"): the
    // old district 599 and commune 23179, though the product has no producer name.
    let d = product(&s, "gao-duc-lan-om18").await;
    assert_eq!(
        d.summary.district_pre2025.as_deref(),
        Some("Huyện Tánh Linh")
    );
    assert!(names(&s, place("599")).await.contains("Gạo Đức Lan OM18"));
    assert!(names(&s, place("23179")).await.contains("Gạo Đức Lan OM18"));
    assert!(
        names(&s, words("duc binh tanh linh"))
            .await
            .contains("Gạo Đức Lan OM18")
    );
    // From the 2025 commune through the mapping (xã Ninh Gia came from one
    // commune of Đức Trọng): by the old district's name and code.
    let fresh = "Nấm Fresh Cordyceps Vietnam (Nấm tươi)";
    assert!(names(&s, words("duc trong")).await.contains(fresh));
    assert!(names(&s, place("678")).await.contains(fresh));
    // Both ways: a product recorded in old commune 23206 (xã Nam Chính) is in
    // today's xã Đức Linh (23191), so the code of another old commune merged
    // into it (xã Vũ Hoà, 23218) finds it.
    let nam_chinh = names(&s, place("23206")).await;
    assert!(nam_chinh.contains("Yến sào Phương Toàn"), "{nam_chinh:?}");
    let today = names(&s, place("23191")).await;
    assert!(today.contains("Yến sào Phương Toàn"), "{today:?}");
    let succession = s.successors("23218").await.unwrap_or_default();
    assert!(
        succession.iter().any(|x| x.code == "23191"),
        "{succession:?}"
    );
    assert!(
        names(&s, place("23218"))
            .await
            .contains("Yến sào Phương Toàn")
    );
    // A district merged away before 2025 (Cát Tiên into Đạ Huoai, 1 Dec 2024,
    // Resolution 1245/NQ-UBTVQH15): "huyện Cát Tiên" in a 2021 source is
    // read as Đạ Huoai (682), and that code finds the product.
    let cat_tien = product(&s, "mat-ong-du-cat-tien").await;
    assert_eq!(
        cat_tien.summary.district_pre2025.as_deref(),
        Some("Huyện Đạ Huoai")
    );
    assert!(
        names(&s, place("682"))
            .await
            .contains("Mật ong Dú Cát Tiên")
    );
    // The reading's basis is kept.
    assert_eq!(
        d.place_basis,
        Some(ocop_domain::reform_place::PlaceBasis::Address)
    );
    // Every product with an address naming an old district knows it.
    let all = s
        .list_products("68", &ProductFilter::default())
        .await
        .unwrap_or_default();
    let file = "lamdong-ocop-more.csv";
    for r in data_rows(file) {
        let address = ocop_domain::text::fold(col(file, &r, "address_in_source"));
        if address.contains("huyen duc linh") || address.contains("huyen duc trong") {
            let name = col(file, &r, "product").trim();
            let p = all
                .iter()
                .find(|p| p.name == name)
                .unwrap_or_else(|| panic!("{name}"));
            assert!(
                p.district_pre2025.is_some(),
                "{} has no old district",
                p.name
            );
        }
    }
    // Some stay unknown (the statistics page gives them their own row,
    // see `web::home_shows_products_and_the_statistics_page…`), but few.
    let unknown = all.iter().filter(|p| p.district_pre2025.is_none()).count();
    assert!(
        unknown > 0 && unknown < all.len() / 4,
        "{unknown} of {} unknown",
        all.len()
    );
}

#[tokio::test]
async fn criteria_versions_are_loaded_and_every_product_has_its_set() {
    let db = TestDb::seeded().await;
    let s = db.store().await;
    let versions = s.criteria_versions().await.unwrap();
    let summary: Vec<(&str, bool, bool, &str)> = versions
        .iter()
        .map(|v| {
            (
                v.version.as_str(),
                v.structure_only,
                v.verified,
                v.status.code(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("qd26-2026", true, false, "published"),
            ("qd148-2023", false, true, "published"),
            ("qd1048-2019", true, true, "published"),
        ]
    );
    assert_eq!(
        s.criteria_sets_of("qd148-2023")
            .await
            .unwrap_or_default()
            .len(),
        26
    );
    let set = ocop_app::rules::set(&s, "qd148-2023-13")
        .await
        .ok()
        .flatten();
    assert!(set.is_some_and(|(set, published)| published && set.meta.name == "Cà phê, ca cao"));
    // Every product of the demo data is linked to a set that exists.
    let file = "product-criteria-sets.csv";
    for row in data_rows(file) {
        let slug_hint = col(file, &row, "product");
        let found = s
            .list_products(
                "68",
                &ProductFilter {
                    q: Some(slug_hint.to_owned()),
                    ..ProductFilter::default()
                },
            )
            .await
            .unwrap_or_default();
        assert!(!found.is_empty(), "{slug_hint}");
    }
    assert_eq!(
        s.count_products_without_criteria_set("68").await.ok(),
        Some(0)
    );
    let coffee = product(&s, "ca-phe-bot-dak-dam").await;
    assert_eq!(coffee.criteria_set.as_deref(), Some("qd148-2023-13"));
    assert!(
        coffee
            .criteria_set_reason
            .as_deref()
            .is_some_and(|r| r.contains("bộ 13"))
    );
}
