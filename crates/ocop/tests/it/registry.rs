//! Recording producers and products: validation before writing, the audit
//! trail, and records that stay inside their province.

use crate::harness::{TestApp, TestDb, clock};
use ocop_app::Province;
use ocop_app::registry::{RegisterError, register_producer};
use ocop_domain::product::{ProductItem, ProductName};
use ocop_domain::{Gtin, ProducerForm, ProductGroup, UnitCode, UnitLevel};
use ocop_store::registry::NewProduct;

fn form(name: &str, commune: &str) -> ProducerForm {
    ProducerForm {
        name: name.into(),
        kind: "cooperative".into(),
        tax_code: "0100109106".into(),
        representative_name: "Y Bhin Niê".into(),
        representative_gender: "male".into(),
        representative_ethnicity: "Ê Đê".into(),
        commune_code: commune.into(),
        ..ProducerForm::default()
    }
}

fn province(code: &str) -> UnitCode {
    UnitCode::parse(UnitLevel::Province, code).unwrap()
}

#[tokio::test]
async fn a_valid_producer_is_recorded_with_its_audit_entry() {
    let db = TestDb::seeded().await;
    let store = db.store().await;
    let created = register_producer(
        &store,
        &clock(),
        &Province::default(),
        &form("HTX Cà phê Đắk Mil", "24682"),
        "can-bo-xa",
    )
    .await
    .unwrap();
    assert_eq!(created.slug, "htx-ca-phe-dak-mil");
    let page = store
        .producer_by_slug("68", &created.slug)
        .await
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("stored"));
    assert_eq!(
        (page.tax_code.as_deref(), page.commune_2025.as_deref()),
        (Some("0100109106"), Some("Xã Thuận An"))
    );
    let audit = store
        .audit_entries("producer", &created.id.to_string())
        .await
        .unwrap_or_default();
    assert_eq!(audit.len(), 1);
    let after: serde_json::Value =
        serde_json::from_str(audit[0].after.as_deref().unwrap_or("{}")).unwrap_or_default();
    assert_eq!(
        (audit[0].actor.as_str(), after["name"].as_str()),
        ("can-bo-xa", Some("HTX Cà phê Đắk Mil"))
    );
    assert_eq!(after["representative"]["ethnicity"], "Ê Đê");
    // The same name again gets its own slug.
    let again = register_producer(
        &store,
        &clock(),
        &Province::default(),
        &form("HTX Cà phê Đắk Mil", ""),
        "x",
    )
    .await;
    assert_eq!(
        again.map(|c| c.slug).ok().as_deref(),
        Some("htx-ca-phe-dak-mil-2")
    );
}

#[tokio::test]
async fn bad_forms_and_foreign_communes_write_nothing() {
    let db = TestDb::seeded().await;
    let store = db.store().await;
    let before = store.count_producers("68").await.unwrap_or(-1);
    let bad = ProducerForm {
        tax_code: "0100109107".into(),
        email: "sai".into(),
        ..form("HTX A", "24682")
    };
    let err = register_producer(&store, &clock(), &Province::default(), &bad, "x").await;
    let Err(RegisterError::Invalid(errors)) = err else {
        panic!("expected field errors")
    };
    assert!(errors.get("tax_code").is_some() && errors.get("email").is_some());
    // 00004 is Phường Ba Đình in Hà Nội, not a commune of Lâm Đồng.
    let err = register_producer(
        &store,
        &clock(),
        &Province::default(),
        &form("HTX B", "00004"),
        "x",
    )
    .await;
    let Err(RegisterError::Invalid(errors)) = err else {
        panic!("expected a commune error")
    };
    assert!(
        errors
            .get("commune_code")
            .is_some_and(|m| m.contains("00004"))
    );
    assert_eq!(store.count_producers("68").await.ok(), Some(before));
}

#[tokio::test]
async fn products_keep_their_items_and_stay_in_their_province() {
    let app_68 = TestApp::spawn().await;
    let store = &app_68.store;
    // A producer and product of Hà Nội (01), recorded in the same deployment.
    let hanoi = Province { code: "01".into() };
    let producer = register_producer(
        store,
        &clock(),
        &hanoi,
        &form("HTX Gốm Bát Tràng", "00004"),
        "x",
    )
    .await
    .unwrap();
    let product = NewProduct {
        province_code: province("01"),
        producer_id: producer.id,
        name: ProductName::parse("Bình gốm men lam").unwrap(),
        group: Some(ProductGroup::Handicraft),
        description: Some("Gốm men lam vẽ tay".into()),
        commune_code: Some(UnitCode::parse(UnitLevel::Commune, "00004").unwrap()),
        criteria_set: None,
        moderation: ocop_domain::product::Moderation::Approved,
        items: vec![ProductItem {
            label: "Bình 30 cm".into(),
            gtin: Some(Gtin::parse("8934563138165").unwrap()),
        }],
    };
    let created = store
        .create_product(&product, "x", "2026-11-29T06:00:00Z")
        .await
        .unwrap();
    assert_eq!(
        store
            .audit_entries("product", &created.id.to_string())
            .await
            .unwrap_or_default()
            .len(),
        1
    );

    // Lâm Đồng's portal does not show Hà Nội's records …
    assert_eq!(
        app_68.page(&format!("/san-pham/{}", created.slug)).await.0,
        404
    );
    assert_eq!(
        app_68.page(&format!("/chu-the/{}", producer.slug)).await.0,
        404
    );
    assert!(
        !app_68
            .page("/san-pham?q=gom")
            .await
            .1
            .contains("Bình gốm men lam")
    );
    // … Hà Nội's does.
    let app_01 = TestApp::serve(app_68.store.clone(), hanoi).await;
    let (status, html) = app_01.page(&format!("/san-pham/{}", created.slug)).await;
    assert_eq!(status, 200);
    assert!(html.contains("Bình gốm men lam") && html.contains("Phường Ba Đình"));
    assert!(
        app_01
            .page("/")
            .await
            .1
            .contains("Sản phẩm OCOP Thành phố Hà Nội")
    );

    // A Lâm Đồng product cannot be given to Hà Nội's producer; nothing is written.
    let wrong = NewProduct {
        province_code: province("68"),
        ..product
    };
    let before = store.count_products("68").await.unwrap_or(-1);
    assert!(
        store
            .create_product(&wrong, "x", "2026-11-29T06:00:00Z")
            .await
            .is_err()
    );
    assert_eq!(store.count_products("68").await.ok(), Some(before));
}

/// A product recorded in the back office knows where it was before the
/// reform as soon as its 2025 commune tells: xã Ninh Gia came from one
/// commune of the old Đức Trọng district.
#[tokio::test]
async fn a_new_product_knows_its_old_district_from_its_commune() {
    let app = TestApp::spawn().await;
    let store = &app.store;
    let producer = register_producer(
        store,
        &clock(),
        &Province::default(),
        &form("HTX Rau Ninh Gia", "24985"),
        "x",
    )
    .await
    .unwrap();
    let product = NewProduct {
        province_code: province("68"),
        producer_id: producer.id,
        name: ProductName::parse("Rau cải Ninh Gia").unwrap(),
        group: Some(ProductGroup::Food),
        description: None,
        commune_code: Some(UnitCode::parse(UnitLevel::Commune, "24985").unwrap()),
        criteria_set: None,
        moderation: ocop_domain::product::Moderation::Approved,
        items: Vec::new(),
    };
    let created = store
        .create_product(&product, "x", "2026-11-29T06:00:00Z")
        .await
        .unwrap();
    let d = store
        .product_by_slug("68", &created.slug)
        .await
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("{}", created.slug));
    assert_eq!(
        d.summary.district_pre2025.as_deref(),
        Some("Huyện Đức Trọng")
    );
    assert_eq!(
        d.place_basis,
        Some(ocop_domain::reform_place::PlaceBasis::Mapping)
    );
}
