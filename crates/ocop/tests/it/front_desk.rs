//! The front desk (issue #15): what the server sends from memory before the
//! router — kept public pages, kept API answers and kept scan pages — is
//! what the handlers made, and a scan sent from there still counts.

use crate::caching::raw;
use crate::harness::TestApp;

/// Headers a kept answer must carry as the handler made them.
const COMPARED: [&str; 7] = [
    "content-type",
    "content-encoding",
    "etag",
    "cache-control",
    "vary",
    "x-content-type-options",
    "content-security-policy",
];

/// The desk's answer to a request from `peer` (the tests' loopback, a
/// trusted proxy: the client is the last `X-Forwarded-For`).
pub(crate) fn desk(
    app: &TestApp,
    path: &str,
    headers: &[(&str, &str)],
    method: axum::http::Method,
) -> Option<axum::response::Response> {
    let mut req = axum::http::Request::builder().method(method).uri(path);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    ocop_web::public_cache::front_desk(&app.state, &req.body(()).unwrap(), [127, 0, 0, 1].into())
}

async fn body(res: axum::response::Response) -> axum::body::Bytes {
    axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .unwrap()
}

/// As the server runs (the catalogue's signature trusted for a while), a
/// kept page or API answer goes out at the front desk, before routing, with
/// the bytes and headers it was made with, `304` to its tag and no body to a
/// HEAD; nothing is sent from there before the catalogue was read, nor for
/// an address not kept yet.
#[tokio::test]
async fn the_front_desk_answers_what_is_kept_as_it_was_made() {
    let app = TestApp::spawn_trusting(std::time::Duration::from_secs(3600)).await;
    let desk = |path: &str, headers: &[(&str, &str)], method| desk(&app, path, headers, method);
    let get = axum::http::Method::GET;
    let check = "/api/v1/certificates/SO-KHONG-CO";
    assert!(
        desk("/san-pham", &[], get.clone()).is_none(),
        "the catalogue not read yet"
    );
    for path in [
        "/san-pham",
        "/kiem-tra-sao",
        "/api/v1/products?q=ca+phe",
        check,
    ] {
        let br = [("accept-encoding", "br")];
        let made = raw(&app, path, &br).await;
        let status = made.status().as_u16();
        let made_headers = made.headers().clone();
        let made_body = made.bytes().await.unwrap();
        if path == check {
            assert_eq!(status, 404, "an unknown number is not kept");
            assert!(desk(path, &[], get.clone()).is_none());
            continue;
        }
        assert_eq!(status, 200, "{path}");
        if path.contains('?') {
            // Kept from its second asking.
            assert!(desk(path, &br, get.clone()).is_none(), "{path}");
            let _ = raw(&app, path, &br).await;
        }
        let kept = desk(path, &br, get.clone()).unwrap_or_else(|| panic!("{path} not kept"));
        assert_eq!(kept.status().as_u16(), 200, "{path}");
        for h in COMPARED {
            assert_eq!(kept.headers().get(h), made_headers.get(h), "{h} of {path}");
        }
        assert_eq!(body(kept).await, made_body, "{path}");
        // And over HTTP, as a client sees it (the server asks the desk first).
        let again = raw(&app, path, &br).await;
        assert_eq!(again.headers().get("etag"), made_headers.get("etag"));
        assert_eq!(again.bytes().await.unwrap(), made_body, "{path}");
        if let Some(tag) = made_headers.get("etag").and_then(|t| t.to_str().ok()) {
            let revalidated = desk(path, &[("if-none-match", tag)], get.clone()).unwrap();
            assert_eq!(revalidated.status().as_u16(), 304, "{path}");
            let head = desk(path, &[], axum::http::Method::HEAD).unwrap();
            assert_eq!(head.status().as_u16(), 200, "{path}");
            assert!(body(head).await.is_empty(), "{path}: a HEAD has no body");
        }
    }
    assert!(
        desk("/tin-tuc", &[], get.clone()).is_none(),
        "not asked yet"
    );
    assert!(
        desk("/quan-tri", &[], get).is_none(),
        "the back office is never kept"
    );
}

/// A package's QR code is the most scanned address there is: its kept page
/// goes out at the desk too, with the bytes and headers the handler made,
/// `304` to its tag, and every phone's scan counts (once a day), the phone
/// being the client the trusted proxy names, as after the router. Nothing
/// else under `/q/` is sent from there.
#[tokio::test]
async fn a_kept_scan_page_goes_out_at_the_front_desk_and_every_phone_counts() {
    let app = TestApp::spawn_trusting(std::time::Duration::from_secs(3600)).await;
    let (code, office) = crate::trace::a_scannable_batch(&app).await;
    let path = format!("/q/{code}");
    let get = axum::http::Method::GET;
    let phones: Vec<String> = (0..40).map(|n| format!("198.51.100.{n}")).collect();
    let phone = |n: usize, encoding: &'static str| {
        [
            ("accept-encoding", encoding),
            ("x-forwarded-for", phones[n].as_str()),
        ]
    };
    // Phone 30 scans first (rendered, not kept), phone 31 second (kept).
    let first = raw(&app, &path, &phone(30, "br")).await;
    assert_eq!(first.status().as_u16(), 200);
    assert!(
        desk(&app, &path, &phone(31, "br"), get.clone()).is_none(),
        "kept from its second scan"
    );
    let made = raw(&app, &path, &phone(31, "br")).await;
    let made_headers = made.headers().clone();
    let made_body = made.bytes().await.unwrap();
    // Phone 32 at the desk: the same page, in each encoding.
    let kept = desk(&app, &path, &phone(32, "br"), get.clone()).expect("the kept scan page");
    assert_eq!(kept.status().as_u16(), 200);
    for h in COMPARED {
        assert_eq!(kept.headers().get(h), made_headers.get(h), "{h}");
    }
    assert_eq!(body(kept).await, made_body);
    let gzip = desk(&app, &path, &phone(32, "gzip"), get.clone()).expect("kept");
    assert_eq!(
        gzip.headers().get("content-encoding").map(|v| v.as_bytes()),
        Some(&b"gzip"[..])
    );
    // Phone 33 already has it: 304 from the desk, and the scan counts.
    let tag = made_headers["etag"].to_str().unwrap().to_owned();
    let mut revalidating = phone(33, "br").to_vec();
    revalidating.push(("if-none-match", &tag));
    let revalidated = desk(&app, &path, &revalidating, get.clone()).expect("kept");
    assert_eq!(revalidated.status().as_u16(), 304);
    // Not from the desk: another method, another page under /q/, a code
    // that is not a short code.
    assert!(desk(&app, &path, &phone(34, "br"), axum::http::Method::HEAD).is_none());
    assert!(
        desk(
            &app,
            &format!("{path}/noi-mua"),
            &phone(34, "br"),
            get.clone()
        )
        .is_none()
    );
    assert!(desk(&app, "/q/khong-phai-ma", &phone(34, "br"), get.clone()).is_none());
    // Over HTTP the server asks the desk first: phone 34 gets the page and
    // counts; phone 32 again does not count twice.
    let again = raw(&app, &path, &phone(34, "br")).await;
    assert_eq!(again.headers().get("etag"), made_headers.get("etag"));
    assert_eq!(again.bytes().await.unwrap(), made_body);
    let _ = raw(&app, &path, &phone(32, "br")).await;
    assert_eq!(
        crate::trace::scans_of(&app, &office, &code).await,
        5,
        "phones 30 to 34, each once"
    );
}
