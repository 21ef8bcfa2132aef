//! Storage on the selected backend: migrations, refusal of foreign or newer
//! databases, accounts with their audit entry.

use crate::harness::{TestDb, clock, is_postgres};
use ocop_app::Clock as _;
use ocop_app::accounts::{self, AccountError, AccountRequest};

#[tokio::test]
async fn migrations_apply_once_and_report_the_version() {
    let db = TestDb::create_empty().await;
    let store = db.store().await;
    assert_eq!(store.schema_version().await.ok(), Some(0));
    let applied = store.migrate(&clock().stamp()).await.unwrap();
    assert_eq!(applied, ocop_store::migrations::MIGRATIONS.len());
    assert_eq!(
        store.schema_version().await.ok(),
        Some(ocop_store::migrations::latest_version())
    );
    assert_eq!(
        store.migrate(&clock().stamp()).await.ok(),
        Some(0),
        "second run applies nothing"
    );
    assert_eq!(
        store.backend().to_string(),
        if is_postgres() { "postgres" } else { "sqlite" },
        "the suite runs on the backend the environment selects"
    );
}

#[tokio::test]
async fn a_newer_schema_is_refused() {
    let db = TestDb::seeded().await;
    let store = db.store().await;
    // Pretend a newer program migrated this database.
    let now = clock().stamp();
    crate::harness::execute_sql(&db.url, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', '2030-01-01T00:00:00Z')").await;
    let err = store
        .migrate(&now)
        .await
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("mới hơn"), "{err}");
}

#[tokio::test]
async fn a_database_of_another_program_is_not_touched() {
    let db = TestDb::create_empty().await;
    crate::harness::execute_sql(&db.url, "CREATE TABLE invoices (id BIGINT PRIMARY KEY)").await;
    let store = db.store().await;
    let err = store
        .migrate(&clock().stamp())
        .await
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("không phải cơ sở dữ liệu của ocop"), "{err}");
    assert_eq!(
        store.schema_version().await.ok(),
        Some(0),
        "no migration table was created"
    );
}

#[tokio::test]
async fn accounts_are_created_hashed_and_audited() {
    let db = TestDb::seeded().await;
    let store = db.store().await;
    let req = AccountRequest {
        username: "van-phong".into(),
        display_name: "Văn phòng OCOP".into(),
        role: "office".into(),
        province_code: "68".into(),
    };
    let pw =
        accounts::create_account(&store, &clock(), &ocop_app::OsEntropy, &req, None, "cli").await;
    let pw = pw.unwrap();
    let user = store
        .user_by_username("van-phong")
        .await
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("user missing"));
    assert!(user.password_hash.starts_with("$argon2id$"));
    assert!(!user.password_hash.contains(&pw));
    assert!(accounts::verify_password(&pw, &user.password_hash));
    let audit = store
        .audit_entries("user", &user.id.to_string())
        .await
        .unwrap_or_default();
    assert_eq!(audit.len(), 1);
    assert_eq!(
        (audit[0].actor.as_str(), audit[0].action.as_str()),
        ("cli", "create")
    );
    assert!(
        audit[0]
            .after
            .as_deref()
            .is_some_and(|a| a.contains("van-phong") && !a.contains("argon2"))
    );

    let again =
        accounts::create_account(&store, &clock(), &ocop_app::OsEntropy, &req, None, "cli").await;
    assert!(matches!(again, Err(AccountError::Taken(_))));
    let short = AccountRequest {
        username: "ngan".into(),
        ..req.clone()
    };
    let weak = accounts::create_account(
        &store,
        &clock(),
        &ocop_app::OsEntropy,
        &short,
        Some("123".into()),
        "cli",
    )
    .await;
    assert!(matches!(
        weak,
        Err(AccountError::WeakPassword(
            accounts::PasswordWeakness::TooShort
        ))
    ));
    let bad_role = AccountRequest {
        username: "vai-tro".into(),
        role: "king".into(),
        ..req
    };
    let role = accounts::create_account(
        &store,
        &clock(),
        &ocop_app::OsEntropy,
        &bad_role,
        None,
        "cli",
    )
    .await;
    assert!(matches!(role, Err(AccountError::Role(_))));
    assert_eq!(
        store.count_users().await.ok(),
        Some(1),
        "failed attempts wrote nothing"
    );
}

#[tokio::test]
async fn the_first_administrator_is_created_once() {
    let db = TestDb::seeded().await;
    let store = db.store().await;
    let first = accounts::ensure_first_admin(&store, &clock(), &ocop_app::OsEntropy, "68").await;
    let pw = first
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("no admin password"));
    assert_eq!(pw.len(), 20);
    let second = accounts::ensure_first_admin(&store, &clock(), &ocop_app::OsEntropy, "68").await;
    assert!(matches!(second, Ok(None)));
    let admin = store.user_by_username("admin").await.ok().flatten();
    assert!(
        admin
            .is_some_and(|a| a.role == "admin" && accounts::verify_password(&pw, &a.password_hash))
    );
}

/// A write that names what is not there is `NotFound` (404 above), not a
/// fault, and leaves the data as it was.
#[tokio::test]
async fn a_write_naming_a_missing_record_is_not_found_and_changes_nothing() {
    use ocop_app::error::{Classify as _, Kind};
    use ocop_store::StoreError;
    let db = TestDb::seeded().await;
    let store = db.store().await;
    let now = clock().stamp();
    let before = store.group_leads("68").await.unwrap();
    let audit_before = store.audit_log(1000).await.unwrap().len();

    let agency = before[0].agency_code.clone();
    let unknown_group = store
        .assign_group_lead("68", "IX", &agency, "cli", &now)
        .await
        .unwrap_err();
    assert!(
        matches!(&unknown_group, StoreError::NotFound(what) if what.contains("IX")),
        "{unknown_group:?}"
    );
    assert_eq!(unknown_group.kind(), Kind::NotFound);
    let group = &before[0].group_code;
    let unknown_agency = store
        .assign_group_lead("68", group, "KHONG-CO", "cli", &now)
        .await
        .unwrap_err();
    assert!(matches!(&unknown_agency, StoreError::NotFound(what) if what.contains("KHONG-CO")));
    let unknown_set = store
        .assign_set_lead("68", "khong-co-bo-nay", None, "cli", &now)
        .await
        .unwrap_err();
    assert!(matches!(unknown_set, StoreError::NotFound(_)));

    assert_eq!(store.group_leads("68").await.unwrap(), before);
    assert_eq!(store.audit_log(1000).await.unwrap().len(), audit_before);
}

/// The workers' rounds (import jobs every two seconds, mail) ask before they
/// write: with nothing to claim they neither wait for nor block a long write
/// (on SQLite an UPDATE takes the file's one write lock even when it matches
/// nothing, and would wait here for the busy timeout, 10 s).
#[tokio::test]
async fn a_round_with_nothing_to_claim_does_not_wait_for_a_writer() {
    use sqlx::Connection as _;
    let db = TestDb::seeded().await;
    let store = db.store().await;
    sqlx::any::install_default_drivers();
    let mut writer = sqlx::AnyConnection::connect(&db.url).await.unwrap();
    // Another writer in the middle of a long transaction.
    let hold = if is_postgres() {
        vec!["BEGIN", "LOCK TABLE import_jobs, outbox IN EXCLUSIVE MODE"]
    } else {
        vec!["BEGIN IMMEDIATE"]
    };
    for sql in hold {
        sqlx::query(sql).execute(&mut writer).await.unwrap();
    }
    let now = clock().stamp();
    let later = (clock().now() + chrono::Duration::minutes(5)).to_rfc3339();
    let rounds = async {
        (
            store.claim_import_job(&now, &later).await,
            store.claim_mail(&now, &later, 20).await,
        )
    };
    let (job, mail) = tokio::time::timeout(std::time::Duration::from_secs(5), rounds)
        .await
        .unwrap_or_else(|_| panic!("a round with nothing to claim waited for the writer"));
    assert!(matches!(job, Ok(None)), "{job:?}");
    assert!(matches!(&mail, Ok(m) if m.is_empty()), "{mail:?}");
    sqlx::query("ROLLBACK").execute(&mut writer).await.unwrap();
}
