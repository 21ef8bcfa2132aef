//! Background work across a restart: what the server counted in memory is
//! written on the way down, so a stop between two flushes loses nothing.

use crate::cli::{Server, ocop};
use crate::harness::{TestDb, actor, clock};
use ocop_domain::access::Role;

/// Scans counted moments before a stop (well inside the two seconds between
/// flushes) are in the database after the server has stopped, and the next
/// start adds to them.
#[tokio::test]
async fn scans_counted_just_before_a_stop_are_kept_across_a_restart() {
    let db = TestDb::seeded().await;
    let store = db.store().await;
    let office = actor("van-phong", Role::Office, None, None);
    let form = ocop_app::trace::BatchForm {
        product: "ca-phe-bot-dak-dam".into(),
        lot: "KHOI-DONG-LAI".into(),
        produced_on: "2026-11-01".into(),
        ..Default::default()
    };
    let batch = ocop_app::trace::create_batch(
        &store,
        &clock(),
        &ocop_app::OsEntropy,
        &office,
        "htx-nong-nghiep-cong-bang-thuan-an",
        &form,
    )
    .await
    .unwrap();
    let code = store
        .batch(batch)
        .await
        .unwrap()
        .expect("the batch")
        .short_code;
    let scans = |store: ocop_store::Store| async move {
        store
            .batch_scans("68", None)
            .await
            .unwrap()
            .into_iter()
            .filter(|b| b.batch_id == batch)
            .map(|b| b.total)
            .sum::<i64>()
    };
    assert_eq!(scans(store.clone()).await, 0);
    store.close().await;

    let client = reqwest::Client::new();
    for (round, clients) in [(1, 0..7), (2, 7..10)] {
        let mut cmd = ocop(db.data_path(), Some(&db.url));
        cmd.env("OCOP_TRUSTED_PROXIES", "127.0.0.1").arg("serve");
        let mut server = Server::start(cmd);
        let base = server.ready();
        // One scan a client (a client is counted once a day per code).
        for n in clients {
            let res = client
                .get(format!("{base}/q/{code}"))
                .header("x-forwarded-for", format!("10.9.{n}.1"))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200);
        }
        // Stopped at once: the periodic flush has not run for these.
        let status = server.terminate();
        assert!(status.success(), "round {round}: {status:?}");
        let store = db.store().await;
        let expected = if round == 1 { 7 } else { 10 };
        assert_eq!(scans(store.clone()).await, expected, "after stop {round}");
        store.close().await;
    }
}
