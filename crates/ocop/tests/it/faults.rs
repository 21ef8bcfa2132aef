//! Issue #14, faults survived: a disk that fills and frees again, instances
//! that start together on one empty database, a database that goes away.

use crate::cli::{BIN, Server, ocop};
use crate::harness::{TestApp, TestDb, is_postgres};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// Waits for `file` to exist (the namespace script's answer).
async fn wait_file(file: &Path) {
    for _ in 0..300 {
        if file.exists() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{} never appeared", file.display());
}

async fn status(url: &str) -> (u16, String) {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    match client.get(url).send().await {
        Ok(r) => {
            let s = r.status().as_u16();
            (s, r.text().await.unwrap_or_default())
        }
        Err(e) => (0, e.to_string()),
    }
}

/// A photo of noise (it does not compress): about 200 KB as stored.
fn noisy_jpeg(seed: u32) -> Vec<u8> {
    let mut x = seed.wrapping_mul(2_654_435_761).max(1);
    let img = image::RgbImage::from_fn(800, 600, |_, _| {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        let b = x.to_le_bytes();
        image::Rgb([b[0], b[1], b[2]])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut out, image::ImageFormat::Jpeg)
        .unwrap();
    out.into_inner()
}

async fn misuse_report(base: &str, n: usize) -> u16 {
    let form = reqwest::multipart::Form::new()
        .text("product", format!("Mật ong giả {n}"))
        .text("description", "Tem OCOP giả dán trên chai mật ong")
        .part(
            "file",
            reqwest::multipart::Part::bytes(noisy_jpeg(u32::try_from(n).unwrap_or(1)))
                .file_name("anh.jpg"),
        );
    reqwest::Client::new()
        .post(format!("{base}/phan-anh"))
        .header("x-forwarded-for", format!("10.{}.{}.1", n / 250, n % 250))
        .multipart(form)
        .timeout(Duration::from_secs(30))
        .send()
        .await
        .map(|r| r.status().as_u16())
        .unwrap_or(0)
}

/// SQLite on a small disk: the disk fills, writes answer 503 and /healthz
/// says "cannot write"; the disk is freed and writes succeed again without a
/// restart. Runs in a private mount namespace (root, as on CI).
#[tokio::test]
async fn a_full_disk_then_freed_writes_again_without_a_restart() {
    if is_postgres() {
        return;
    }
    let probe = Command::new("unshare")
        .args(["--mount", "--propagation", "private", "true"])
        .status();
    if !probe.is_ok_and(|s| s.success()) {
        assert!(
            std::env::var("CI").is_err(),
            "CI must be able to create a mount namespace"
        );
        eprintln!("SKIPPED: unshare --mount is not permitted here (not root)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let ctl = dir.path().join("ctl");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::create_dir_all(&ctl).unwrap();
    // The test asks through files in a folder both sides see; the script
    // fills and frees the disk inside the namespace.
    let script = r#"set -e
mount -t tmpfs -o size=24m tmpfs "$D"
"$BIN" serve &
pid=$!
while [ ! -e "$C/fill" ]; do sleep 0.1; done
dd if=/dev/zero of="$D/fill" bs=64k 2>/dev/null || true
touch "$C/filled"
while [ ! -e "$C/free" ]; do sleep 0.1; done
rm -f "$D/fill"
touch "$C/freed"
while [ ! -e "$C/stop" ]; do sleep 0.1; done
kill -TERM $pid
wait $pid
"#;
    let mut inner = ocop(&data, None);
    inner
        .env("OCOP_TRUSTED_PROXIES", "127.0.0.1")
        .env("OCOP_LOG", "warn");
    let mut cmd = Command::new("unshare");
    cmd.args(["--mount", "--propagation", "private", "sh", "-c", script])
        .env("D", &data)
        .env("C", &ctl)
        .env("BIN", BIN);
    for (k, v) in inner.get_envs() {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    let mut server = Server::start(cmd);
    let base = server.ready();
    assert_eq!(misuse_report(&base, 1).await, 200);
    std::fs::write(ctl.join("fill"), b"").unwrap();
    wait_file(&ctl.join("filled")).await;
    // Full: once the journal's free room is used, writes fail as
    // unavailable (503, nothing half-written), and health says so.
    let mut refused = false;
    for n in 2..200 {
        let s = misuse_report(&base, n).await;
        assert!(matches!(s, 503 | 200), "{s}");
        if s == 503 {
            refused = true;
            break;
        }
    }
    assert!(refused, "a full disk must refuse a write");
    let (code, body) = status(&format!("{base}/healthz")).await;
    assert_eq!(code, 503, "{body}");
    assert!(body.contains("cannot_write"), "{body}");
    // Reads from memory still answer.
    assert_eq!(
        status(&format!("{base}/san-pham/ca-phe-bot-dak-dam"))
            .await
            .0,
        200
    );
    std::fs::write(ctl.join("free"), b"").unwrap();
    wait_file(&ctl.join("freed")).await;
    // Freed: writes go through again, without a restart.
    let mut ok = false;
    for _ in 0..20 {
        if status(&format!("{base}/healthz")).await.0 == 200 {
            ok = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert!(
        ok,
        "healthz never came back: {:?}",
        status(&format!("{base}/healthz")).await
    );
    // Every connection of the pool is reused in turn: none may be left
    // holding the failed transaction.
    for n in 400..416 {
        let after = misuse_report(&base, n).await;
        assert_eq!(after, 200, "{:#?}", server.lines_so_far());
    }
    std::fs::write(ctl.join("stop"), b"").unwrap();
    let _ = server.wait_for("đã dừng", Duration::from_secs(30));
}

/// Three instances started at once on one empty PostgreSQL database all
/// come up and serve (migrations and data loads take turns under a lock).
#[tokio::test]
async fn instances_starting_together_on_an_empty_database_all_serve() {
    if !is_postgres() {
        return;
    }
    let db = TestDb::create_empty().await;
    let mut servers: Vec<Server> = (0..3)
        .map(|_| {
            let mut cmd = ocop(db.data_path(), Some(&db.url));
            cmd.arg("serve");
            Server::start(cmd)
        })
        .collect();
    for s in &mut servers {
        let base = s.ready();
        let (code, body) = status(&format!("{base}/healthz")).await;
        assert_eq!(code, 200, "{body}");
        assert_eq!(
            status(&format!("{base}/san-pham/ca-phe-bot-dak-dam"))
                .await
                .0,
            200
        );
    }
}

/// The database goes away: pages held in memory keep answering, everything
/// else answers 503 with Retry-After within a bounded time.
#[tokio::test]
async fn a_database_that_goes_away_gives_503_with_retry_after() {
    let app = TestApp::spawn().await;
    let product = "/san-pham/ca-phe-bot-dak-dam";
    assert_eq!(app.page(product).await.0, 200);
    assert_eq!(app.page(product).await.0, 200);
    app.store.close().await;
    let (code, _) = app.page(product).await;
    assert_eq!(code, 200, "a page in memory still answers");
    for path in ["/phan-anh?san-pham=ca-phe", "/dang-nhap?x=1", "/healthz"] {
        let res = app.get(path).await;
        let code = res.status().as_u16();
        if path == "/dang-nhap?x=1" {
            // The sign-in form needs no database.
            assert_eq!(code, 200);
            continue;
        }
        assert_eq!(code, 503, "{path}");
        if path != "/healthz" {
            assert_eq!(
                res.headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok()),
                Some("5"),
                "{path}"
            );
        }
    }
    let res = app
        .client
        .post(format!("{}/dang-nhap", app.base))
        .form(&[("username", "ai-do"), ("password", "mật khẩu nào đó")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 503);
    let html = res.text().await.unwrap_or_default();
    assert!(html.contains("Tạm thời gián đoạn"), "{html}");
}

/// A TCP relay to PostgreSQL that can stop passing bytes, as a server that
/// stops answering does (the connections stay open; nothing comes back).
async fn freezable_relay(target: String) -> (u16, std::sync::Arc<std::sync::atomic::AtomicBool>) {
    use std::sync::atomic::Ordering;
    let frozen = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().map(|a| a.port()).unwrap_or_default();
    let flag = frozen.clone();
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let Ok(server) = tokio::net::TcpStream::connect(&target).await else {
                continue;
            };
            let (cr, cw) = client.into_split();
            let (sr, sw) = server.into_split();
            for (mut from, mut to) in [
                (
                    Box::new(cr) as Box<dyn tokio::io::AsyncRead + Unpin + Send>,
                    Box::new(sw) as Box<dyn tokio::io::AsyncWrite + Unpin + Send>,
                ),
                (Box::new(sr), Box::new(cw)),
            ] {
                let flag = flag.clone();
                tokio::spawn(async move {
                    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
                    let mut buf = vec![0u8; 16 * 1024];
                    while let Ok(n) = from.read(&mut buf).await {
                        if n == 0 {
                            break;
                        }
                        while flag.load(Ordering::Acquire) {
                            tokio::time::sleep(Duration::from_millis(50)).await;
                        }
                        if to.write_all(&buf[..n]).await.is_err() {
                            break;
                        }
                    }
                });
            }
        }
    });
    (port, frozen)
}

/// PostgreSQL stops answering (connections open, no replies): /healthz says
/// so within seconds, pages held in memory keep answering, and the rest
/// answers 503 with Retry-After in bounded time — nothing hangs.
#[tokio::test]
async fn a_postgresql_that_stops_answering_is_reported_in_bounded_time() {
    if !is_postgres() {
        return;
    }
    let db = TestDb::seeded().await;
    let mut url = url::Url::parse(&db.url).unwrap();
    let target = format!(
        "{}:{}",
        url.host_str().unwrap_or("127.0.0.1"),
        url.port().unwrap_or(5432)
    );
    let (port, frozen) = freezable_relay(target).await;
    let _ = url.set_port(Some(port));
    let store = ocop_store::Store::connect(&ocop_store::DatabaseUrl::parse(url.as_str()).unwrap())
        .await
        .unwrap();
    let app = TestApp::serve(store, ocop_app::Province::default()).await;
    let product = "/san-pham/ca-phe-bot-dak-dam";
    assert_eq!(app.page(product).await.0, 200);
    assert_eq!(app.page(product).await.0, 200);
    assert_eq!(app.page("/healthz").await.0, 200);
    frozen.store(true, std::sync::atomic::Ordering::Release);
    let started = std::time::Instant::now();
    let (code, body) = status(&format!("{}/healthz", app.base)).await;
    assert_eq!(code, 503, "{body}");
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "{:?}",
        started.elapsed()
    );
    // The product page was made before: memory answers.
    assert_eq!(status(&format!("{}{product}", app.base)).await.0, 200);
    frozen.store(false, std::sync::atomic::Ordering::Release);
}
