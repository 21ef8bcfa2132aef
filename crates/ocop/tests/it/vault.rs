//! The producer's document vault: a document kept once is reused in a
//! dossier while valid; an expired one, another producer's, or a disguised
//! file is refused with the reason, over the service and over HTTP.

use crate::access::{cookie_pair, sign_in};
use crate::harness::{TEST_PASSWORD, TestApp, account, actor, clock};
use ocop_app::cycle::CycleError;
use ocop_app::record_error::RecordError;
use ocop_app::scope::ReachError;
use ocop_app::vault::{self, DocumentInput};
use ocop_domain::access::Role;

const OWN: &str = "htx-nong-nghiep-cong-bang-thuan-an";
const OTHER: &str = "cong-ty-tnhh-seagull";

fn doc<'a>(title: &'a str, until: &'a str, name: &'a str, bytes: &'a [u8]) -> DocumentInput<'a> {
    DocumentInput {
        kind: "food_safety",
        title,
        issued_on: "2024-01-15",
        valid_until: until,
        filename: name,
        bytes,
    }
}

/// The call is refused with exactly this variant (not recognised by its
/// wording).
macro_rules! refused {
    ($call:expr, $variant:pat $(if $guard:expr)? $(,)?) => {
        match $call {
            Err($variant) $(if $guard)? => {}
            other => panic!("expected {}, got {other:?}", stringify!($variant)),
        }
    };
}

#[tokio::test]
async fn kept_documents_are_reused_while_valid_and_refused_when_expired() {
    let app = TestApp::spawn().await;
    let store = &app.store;
    let c = clock();
    let own = crate::harness::producer(store, OWN).await;
    let other = crate::harness::producer(store, OTHER).await;
    let producer = actor("chu-the", Role::Producer, None, Some(own.id));
    let stranger = actor("seagull", Role::Producer, None, Some(other.id));
    let pdf = b"%PDF-1.7\n% giay chung nhan\n".to_vec();

    // Keeping: reach, form and file are checked; nothing is kept on refusal.
    refused!(
        vault::add_document(store, &c, &stranger, OWN, &doc("ATTP", "", "a.pdf", &pdf)).await,
        RecordError::Reach(ReachError::ProducerOutOfReach),
    );
    refused!(
        vault::add_document(store, &c, &producer, OWN, &doc("", "", "a.pdf", &pdf)).await,
        RecordError::Field { field: "title", .. },
    );
    refused!(
        vault::add_document(
            store,
            &c,
            &producer,
            OWN,
            &doc("ATTP", "2023-01-01", "a.pdf", &pdf),
        )
        .await,
        RecordError::Field {
            field: "valid_until",
            ..
        },
    );
    refused!(
        vault::add_document(
            store,
            &c,
            &producer,
            OWN,
            &doc("ATTP", "31/12/2027", "a.pdf", &pdf),
        )
        .await,
        RecordError::Field {
            field: "valid_until",
            ..
        },
    );
    let disguised = vault::add_document(
        store,
        &c,
        &producer,
        OWN,
        &doc("ATTP", "", "giay.pdf", b"MZ\x90\x00 not a pdf"),
    )
    .await;
    assert!(
        matches!(
            disguised,
            Err(ocop_app::record_error::RecordError::Field { field: "file", .. })
        ),
        "{disguised:?}"
    );
    assert!(
        store
            .documents_of(own.id)
            .await
            .unwrap_or_default()
            .is_empty()
    );

    let valid = vault::add_document(
        store,
        &c,
        &producer,
        OWN,
        &doc(
            "Giấy ATTP số 12/2024/ATTP-CNĐK",
            "2027-06-30",
            "Giấy ATTP.pdf",
            &pdf,
        ),
    )
    .await
    .unwrap();
    let expired = vault::add_document(
        store,
        &c,
        &producer,
        OWN,
        &doc("Phiếu kiểm nghiệm 2025", "2026-10-01", "kn.pdf", &pdf),
    )
    .await
    .unwrap();
    let foreign = vault::add_document(
        store,
        &c,
        &stranger,
        OTHER,
        &doc("Giấy ATTP Seagull", "2028-01-01", "s.pdf", &pdf),
    )
    .await
    .unwrap();
    assert_eq!(
        store.documents_of(own.id).await.unwrap_or_default().len(),
        2
    );

    // Reusing in a dossier of the Thuận An coffee.
    let (_, dossier) =
        crate::harness::new_dossier(&app, &producer, "Đợt kho", &Default::default()).await;
    let before = store
        .evidence_lines(dossier)
        .await
        .unwrap_or_default()
        .len();
    refused!(
        vault::attach_from_vault(store, &c, &producer, dossier, expired, "9").await,
        CycleError::DocumentExpired { until, .. } if until == "01/10/2026",
    );
    refused!(
        vault::attach_from_vault(store, &c, &producer, dossier, foreign, "9").await,
        CycleError::NotInVault,
    );
    refused!(
        vault::attach_from_vault(store, &c, &stranger, dossier, valid, "9").await,
        CycleError::Reach(ReachError::DossierOutOfReach),
    );
    refused!(
        vault::attach_from_vault(store, &c, &producer, dossier, valid, "99.z").await,
        CycleError::UnknownCriterion(_),
    );
    assert_eq!(
        store
            .evidence_lines(dossier)
            .await
            .unwrap_or_default()
            .len(),
        before
    );
    vault::attach_from_vault(store, &c, &producer, dossier, valid, "9")
        .await
        .unwrap();
    let lines = store.evidence_lines(dossier).await.unwrap_or_default();
    assert_eq!(lines.len(), before + 1);
    assert!(
        lines
            .iter()
            .any(|e| e.filename == "Giay-ATTP.pdf" || e.filename.contains("ATTP")),
        "{lines:?}"
    );
}

#[tokio::test]
async fn the_vault_over_http_keeps_what_was_typed_and_offers_only_valid_documents() {
    let app = TestApp::spawn().await;
    let own = crate::harness::producer(&app.store, OWN).await;
    account(&app, "chu-the", Role::Producer).await;
    app.store
        .set_user_scope("chu-the", None, None, None, Some(own.id))
        .await
        .unwrap();
    let (status, cookie, _) = sign_in(&app, "chu-the", TEST_PASSWORD).await;
    assert_eq!(status, 303);
    let cookie = cookie_pair(&cookie.unwrap_or_default());
    let send = |title: &'static str, until: &'static str, bytes: &'static [u8]| {
        let form = reqwest::multipart::Form::new()
            .text("kind", "test_report")
            .text("title", title)
            .text("issued_on", "2025-01-01")
            .text("valid_until", until)
            .part(
                "file",
                reqwest::multipart::Part::bytes(bytes).file_name("phiếu.pdf"),
            );
        app.client
            .post(format!("{}/quan-tri/chu-the/{OWN}/tai-lieu", app.base))
            .header("cookie", &cookie)
            .multipart(form)
            .send()
    };
    // A refused document: the reason, in Vietnamese, and the form as typed.
    let res = send("Phiếu kiểm nghiệm số 45/KN", "2024-12-31", b"%PDF-1.7")
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 422);
    let body = res.text().await.unwrap_or_default();
    assert!(
        body.contains(
            "<p class=\"error\" id=\"valid_until-error\">Ngày hết hạn phải sau ngày cấp.</p>"
        ),
        "the reason sits next to its field: {body}"
    );
    assert!(
        body.contains("aria-describedby=\"valid_until-error\""),
        "{body}"
    );
    assert!(
        body.contains("value=\"Phiếu kiểm nghiệm số 45/KN\""),
        "{body}"
    );
    assert!(body.contains("value=\"2024-12-31\""), "{body}");
    // Kept: one valid, one already expired.
    for (title, until) in [
        ("Phiếu kiểm nghiệm còn hạn", "2027-12-31"),
        ("Phiếu kiểm nghiệm cũ", "2026-01-31"),
    ] {
        let res = send(title, until, b"%PDF-1.7").await.unwrap();
        assert_eq!(res.status().as_u16(), 303, "{title}");
    }
    let page = app
        .client
        .get(format!("{}/quan-tri/chu-the/{OWN}", app.base))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap_or_default();
    assert!(page.contains("Phiếu kiểm nghiệm còn hạn"), "{page}");
    assert!(page.contains("Hết hạn · hết hạn 31/01/2026"), "{page}");
    // The dossier page offers the expired one only as a disabled choice.
    let producer = actor("chu-the", Role::Producer, None, Some(own.id));
    let (_, dossier) =
        crate::harness::new_dossier(&app, &producer, "Đợt kho web", &Default::default()).await;
    let page = app
        .client
        .get(format!("{}/quan-tri/ho-so/{dossier}", app.base))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap_or_default();
    assert!(page.contains("Dùng tài liệu trong kho"), "{page}");
    let docs = app.store.documents_of(own.id).await.unwrap_or_default();
    let id_of = |t: &str| {
        docs.iter()
            .find(|d| d.title == t)
            .map(|d| d.id)
            .unwrap_or_else(|| panic!("{t}"))
    };
    let old = id_of("Phiếu kiểm nghiệm cũ");
    assert!(
        page.contains(&format!("<option value=\"{old}\" disabled>")),
        "{page}"
    );
    // Forcing the expired one anyway is refused with its date.
    let post = |document: i64| {
        app.client
            .post(format!("{}/quan-tri/ho-so/{dossier}/tu-kho", app.base))
            .header("cookie", &cookie)
            .form(&[
                ("document", document.to_string()),
                ("criterion", "9".into()),
            ])
            .send()
    };
    let res = post(old).await.unwrap();
    assert_eq!(res.status().as_u16(), 422);
    assert!(
        res.text()
            .await
            .unwrap_or_default()
            .contains("đã hết hạn ngày 31/01/2026")
    );
    let res = post(id_of("Phiếu kiểm nghiệm còn hạn")).await.unwrap();
    assert_eq!(res.status().as_u16(), 303);
    let lines = app.store.evidence_lines(dossier).await.unwrap_or_default();
    let harness = crate::fixtures::coffee_set(&app).await.meta.evidence.len();
    assert_eq!(
        lines.len(),
        harness + 1,
        "the harness files and the vault copy"
    );
}

/// Dates and kinds are read once, in the store: a kept document's kind and
/// dates come back typed, and a stored value that does not read is an error
/// (a fault), never a document of no kind or a certificate whose dates are
/// quietly "unknown" — which the star check would have shown as unconfirmed.
#[tokio::test]
async fn stored_kinds_and_dates_are_typed_and_a_bad_one_is_an_error() {
    let app = TestApp::spawn().await;
    let store = &app.store;
    let own = crate::harness::producer(store, OWN).await;
    let producer = actor("chu-the", Role::Producer, None, Some(own.id));
    let pdf = b"%PDF-1.7\n% kiem nghiem\n".to_vec();
    let mut d = doc("Phiếu kiểm nghiệm 12/KN", "2027-06-30", "kn.pdf", &pdf);
    d.kind = "test_report";
    let id = vault::add_document(store, &clock(), &producer, OWN, &d)
        .await
        .unwrap();
    let kept = store.document(id).await.unwrap().unwrap();
    assert_eq!(
        (kept.kind, kept.issued_on, kept.valid_until),
        (
            ocop_domain::evidence::DocumentKind::TestReport,
            Some(crate::harness::day("2024-01-15")),
            Some(crate::harness::day("2027-06-30"))
        )
    );
    let url = app.db().url.clone();
    crate::harness::execute_sql(
        &url,
        &format!("UPDATE producer_documents SET kind = 'giay_phep' WHERE id = {id}"),
    )
    .await;
    assert!(matches!(
        store.document(id).await,
        Err(ocop_store::StoreError::Invalid(_))
    ));

    // A certificate of the shipped data, its date written the way people
    // type it rather than the way the store keeps it.
    let (slug, number) = {
        let all = store
            .list_products("68", &ocop_store::catalog::ProductFilter::default())
            .await
            .unwrap();
        let mut found = None;
        for p in all {
            let detail = store.product_by_slug("68", &p.slug).await.unwrap().unwrap();
            if let Some(c) = detail.certificates.iter().find(|c| c.issued_on.is_some()) {
                found = Some((p.slug.clone(), c.id));
                break;
            }
        }
        found.expect("a shipped certificate with its issue date")
    };
    crate::harness::execute_sql(
        &url,
        &format!("UPDATE certificates SET issued_on = '19/06/2025' WHERE id = {number}"),
    )
    .await;
    assert!(matches!(
        store.product_by_slug("68", &slug).await,
        Err(ocop_store::StoreError::Invalid(_))
    ));
}
