//! The processes a run starts (the portal, nginx) and what it asks of them
//! over HTTP before measuring.

use crate::load;
use anyhow::Context as _;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// Stops every process it holds when dropped.
pub struct Reaper(pub Vec<Child>);

impl Drop for Reaper {
    fn drop(&mut self) {
        for c in &mut self.0 {
            // SIGTERM first: nginx's master then stops its workers (a SIGKILL
            // left them running, serving the next run's port).
            let _ = Command::new("kill")
                .args(["-TERM", &c.id().to_string()])
                .status();
            for _ in 0..50 {
                if matches!(c.try_wait(), Ok(Some(_))) {
                    break;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// Starts `ocop serve` on the benchmark's database.
pub fn start_server(
    bin: &std::path::Path,
    db_url: &str,
    work: &std::path::Path,
) -> anyhow::Result<Child> {
    Command::new(bin)
        .args(["serve", "--addr", "127.0.0.1:18080"])
        .env("OCOP_DATABASE_URL", db_url)
        .env("OCOP_DATA_DIR", work)
        // No access log, as nginx below runs without one.
        .env("OCOP_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .with_context(|| format!("{} (run bench/run, which builds it)", bin.display()))
}

pub async fn wait_up(url: &str) -> anyhow::Result<()> {
    for _ in 0..300 {
        let out = load::run(vec![url.to_owned()], 1, Duration::from_millis(50)).await;
        if out.requests > 0 {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    anyhow::bail!("{url} did not answer")
}

/// Peak resident memory of a process, in MB.
pub fn peak_mb(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

pub async fn fetch(url: &str) -> anyhow::Result<Vec<u8>> {
    use http_body_util::BodyExt as _;
    let client: hyper_util::client::legacy::Client<_, http_body_util::Empty<bytes::Bytes>> =
        hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
            .build_http();
    let res = client.get(url.parse()?).await?;
    anyhow::ensure!(res.status().is_success(), "{url}: {}", res.status());
    Ok(res.into_body().collect().await?.to_bytes().to_vec())
}

/// The first synthetic product's page address, from the API.
pub async fn first_synthetic_slug(base: &str) -> Option<String> {
    let body = fetch(&format!("{base}/api/v1/products?q=tong+hop&per_page=1"))
        .await
        .ok()?;
    let text = String::from_utf8(body).ok()?;
    let at = text.find("\"slug\":\"")? + 8;
    Some(text[at..].split('"').next()?.to_owned())
}
