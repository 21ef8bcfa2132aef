//! The shipped datasets load completely, once, and old place names resolve.

use crate::harness::{TestDb, clock, col, data_rows, find_row};
use ocop_app::Province;
use ocop_domain::UnitScheme;
use ocop_store::catalog::ProductFilter;
use std::collections::HashSet;

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
    let successors = s.successors("663").await.unwrap_or_else(|e| panic!("{e}"));
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
    let thuan_an = s
        .successors("24682")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
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
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        parts.len() >= 2 && parts.iter().all(|p| p.split),
        "{parts:?}"
    );
}

#[tokio::test]
async fn every_ocop_record_is_loaded_with_its_source() {
    let db = TestDb::seeded().await;
    let s = db.store().await;
    let dn = data_rows("daknong-ocop-products.csv");
    let ld = data_rows("lamdong-ocop-2025-2026.csv");
    let products = s
        .list_products("68", &ProductFilter::default())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    // Names the data gives, per producer: each becomes exactly one product.
    let expected: HashSet<(String, String)> = dn
        .iter()
        .map(|r| {
            (
                col("daknong-ocop-products.csv", r, "product"),
                col("daknong-ocop-products.csv", r, "producer"),
            )
        })
        .chain(ld.iter().map(|r| {
            (
                col("lamdong-ocop-2025-2026.csv", r, "product"),
                col("lamdong-ocop-2025-2026.csv", r, "producer"),
            )
        }))
        .map(|(a, b)| (a.trim().to_owned(), b.trim().to_owned()))
        .collect();
    let loaded: HashSet<(String, String)> = products
        .iter()
        .map(|p| (p.name.clone(), p.producer_name.clone()))
        .collect();
    assert_eq!(loaded, expected);
    assert_eq!(products.len(), expected.len(), "no duplicates");
    for p in &products {
        let d = s
            .product_by_slug("68", &p.slug)
            .await
            .ok()
            .flatten()
            .unwrap_or_else(|| panic!("{}", p.slug));
        assert!(
            d.source_url
                .as_deref()
                .is_some_and(|u| u.starts_with("https://") || u.starts_with("http://")),
            "{} has no source",
            p.name
        );
        assert!(!d.certificates.is_empty());
    }
    // Stars come from the data: count the 4-star rows.
    let four = products.iter().filter(|p| p.stars == Some(4)).count();
    let expected_four = dn
        .iter()
        .filter(|r| col("daknong-ocop-products.csv", r, "stars") == "4")
        .count()
        + ld.iter()
            .filter(|r| col("lamdong-ocop-2025-2026.csv", r, "stars") == "4")
            .count();
    assert_eq!(four, expected_four);
}

#[tokio::test]
async fn unknown_facts_stay_unknown() {
    let db = TestDb::seeded().await;
    let s = db.store().await;
    // Sachi oil: district known, commune not; no decision number; year 2020.
    let d = s
        .product_by_slug("68", "dau-sachi-sachi-oil")
        .await
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("sachi"));
    assert_eq!(d.summary.district_pre2025.as_deref(), Some("Huyện Đắk Mil"));
    assert_eq!(d.summary.commune_2025, None);
    assert_eq!(d.description, None);
    let c = &d.certificates[0];
    assert_eq!(
        (c.year, c.issued_on.as_deref(), c.decision_number.as_deref()),
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
    let d = s
        .product_by_slug("68", &slug)
        .await
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("{slug}"));
    let c = &d.certificates[0];
    assert_eq!(c.decision_number.as_deref(), Some("3981/QĐ-UBND"));
    assert_eq!(
        c.issued_on.as_deref(),
        Some(col(file, &row, "decision_date"))
    );
    assert_eq!(
        c.valid_until.as_deref(),
        Some(col(file, &row, "certificate_valid_until"))
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

#[tokio::test]
async fn criteria_versions_are_loaded_and_every_product_has_its_set() {
    let db = TestDb::seeded().await;
    let s = db.store().await;
    let versions = s
        .criteria_versions()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let summary: Vec<(&str, bool, bool, &str)> = versions
        .iter()
        .map(|v| {
            (
                v.version.as_str(),
                v.structure_only,
                v.verified,
                v.status.as_str(),
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
    let coffee = s
        .product_by_slug("68", "ca-phe-bot-dak-dam")
        .await
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("coffee"));
    assert_eq!(coffee.criteria_set.as_deref(), Some("qd148-2023-13"));
    assert!(
        coffee
            .criteria_set_reason
            .as_deref()
            .is_some_and(|r| r.contains("bộ 13"))
    );
}
