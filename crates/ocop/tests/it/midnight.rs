//! Statuses counted in days change when the day ends in Vietnam (issue #15,
//! "midnight changes statuses"): a page or answer kept in memory during the
//! last day of a certificate is not what the first request after midnight
//! gets, although no data changed.

use crate::caching::{header, raw};
use crate::front_desk::desk;
use crate::harness::TestApp;
use chrono::{DateTime, TimeZone as _, Utc};
use std::sync::{Arc, Mutex};

/// A clock the test moves forward.
#[derive(Clone)]
struct MovableClock(Arc<Mutex<DateTime<Utc>>>);

impl MovableClock {
    fn at(t: DateTime<Utc>) -> Self {
        Self(Arc::new(Mutex::new(t)))
    }

    fn set(&self, t: DateTime<Utc>) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = t;
    }
}

impl ocop_app::Clock for MovableClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The app reading its time from `clock`, trusting its catalogue for an
/// hour (as the server does for half a second): the front desk answers, and
/// no data changes across midnight.
async fn spawn(clock: &MovableClock) -> TestApp {
    TestApp::spawn_at(
        Arc::new(clock.clone()),
        std::time::Duration::from_secs(3600),
    )
    .await
}

fn utc(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, s)
        .single()
        .unwrap_or_default()
}

/// "Mắm nêm Seagull", issued 5 Aug 2026, is valid through 5 Aug 2029. At
/// 23:59 that day in Vietnam its star check (API and page) and its product
/// page say valid and are kept; at 00:00:30 on the 6th in Vietnam — still
/// the 5th in UTC — each says expired, the old tag no longer revalidates, and
/// the front desk sends none of the copies kept the day before.
#[tokio::test]
async fn a_certificate_lapses_on_kept_pages_at_midnight_in_vietnam() {
    // 16:59:30 UTC is 23:59:30 in Vietnam (UTC+7).
    let clock = MovableClock::at(utc(2029, 8, 5, 16, 59, 30));
    let app = spawn(&clock).await;
    crate::portal::number_certificate(&app, "Mắm nêm Seagull", "OCOP-68-2026-00001", "").await;
    let api = "/api/v1/certificates/OCOP-68-2026-00001";
    let page = "/kiem-tra-sao?q=OCOP-68-2026-00001";
    let product = "/san-pham/mam-nem-seagull";
    let desk = |path: &str| desk(&app, path, &[], axum::http::Method::GET).is_some();
    // Whether a body gives the certificate this status, as each address
    // says it (and the page, this more).
    let says = |path: &str, body: &str, status: &str, page_also: &str| match path {
        p if p == api => body.contains(&format!("\"status\":\"{status}\"")),
        p if p == page => {
            body.contains(&format!("class=\"answer answer-{status}\"")) && body.contains(page_also)
        }
        _ => body.contains(&format!("class=\"status status-{status}\"")),
    };
    let ask = |path: &'static str| {
        let app = &app;
        async move {
            let res = raw(app, path, &[]).await;
            let (status, tag) = (res.status().as_u16(), header(&res, "etag"));
            (status, tag, res.text().await.unwrap_or_default())
        }
    };

    let mut tags = Vec::new();
    for path in [api, page, product] {
        // Twice: an address with a query is kept from its second asking.
        let _ = ask(path).await;
        let (status, tag, body) = ask(path).await;
        assert_eq!(status, 200, "{path}: {body}");
        assert!(desk(path), "{path} is kept on the last day");
        tags.push(tag);
        assert!(
            says(path, &body, "valid", "05/08/2029"),
            "{path} on its last valid day: {body}"
        );
    }

    clock.set(utc(2029, 8, 5, 17, 0, 30));
    for (path, old_tag) in [api, page, product].into_iter().zip(tags) {
        assert!(!desk(path), "{path}: yesterday's copy is not sent");
        let res = raw(&app, path, &[("if-none-match", &old_tag)]).await;
        assert_eq!(
            res.status().as_u16(),
            200,
            "{path}: yesterday's tag does not revalidate"
        );
        let body = res.text().await.unwrap_or_default();
        assert!(
            says(path, &body, "expired", "Hết hiệu lực"),
            "{path} after midnight: {body}"
        );
    }
}

/// A package's scan page kept on the evening of 29 Nov 2026 is not sent
/// from memory after midnight in Vietnam (a star's status is counted in
/// days): the front desk drops it, the handler makes it again (kept again
/// from its second scan of the day), and the same phone's scan counts again
/// on the new day.
#[tokio::test]
async fn a_kept_scan_page_is_made_again_after_midnight() {
    let clock = MovableClock::at(utc(2026, 11, 29, 16, 59, 30));
    let app = spawn(&clock).await;
    let (code, office) = crate::trace::a_scannable_batch(&app).await;
    let path = format!("/q/{code}");
    let phone = [("x-forwarded-for", "198.51.100.40")];
    let desk = || desk(&app, &path, &phone, axum::http::Method::GET);
    let scan = || async { raw(&app, &path, &phone).await.status().as_u16() };
    assert_eq!(scan().await, 200);
    assert_eq!(scan().await, 200);
    assert!(desk().is_some(), "kept from its second scan");
    clock.set(utc(2026, 11, 29, 17, 0, 30));
    assert!(desk().is_none(), "yesterday's scan page is not sent");
    assert_eq!(scan().await, 200, "made again for the new day");
    // Kept again from its second scan of the day, as on the first day.
    assert_eq!(scan().await, 200);
    assert!(desk().is_some(), "kept for the new day");
    assert_eq!(
        crate::trace::scans_of(&app, &office, &code).await,
        2,
        "one phone, one scan a day, two days"
    );
}
