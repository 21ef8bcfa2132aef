//! `bench/run`: the portal against nginx on this machine, on the synthetic
//! national-scale dataset. Prints a table and exits non-zero when a target
//! is missed. Targets (issue #5): product page ≥ 50 % of nginx's requests per
//! second serving the same page as a static file; search p99 < 20 ms and
//! star check p99 < 5 ms at 64 concurrent clients; server memory < 300 MB.

mod documents;
mod generate;
mod load;
mod trace;

use anyhow::Context as _;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const CONCURRENCY: usize = 64;

struct Reaper(Vec<Child>);

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
fn start_server(
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

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

async fn wait_up(url: &str) -> anyhow::Result<()> {
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
fn peak_mb(pid: u32) -> f64 {
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

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let root = std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
    let work = root.join("target/bench");
    std::fs::create_dir_all(&work)?;
    let seconds: u64 = arg("--seconds").and_then(|s| s.parse().ok()).unwrap_or(10);
    let db_url = arg("--database-url")
        .unwrap_or_else(|| format!("sqlite://{}", work.join("bench.db").display()));
    let duration = Duration::from_secs(seconds);

    // 1. The dataset.
    let url = ocop_store::DatabaseUrl::parse(&db_url)?;
    let store = ocop_store::Store::connect(&url).await?;
    generate::ensure(&store, 10_000, 20_000).await?;
    let batches: usize = arg("--batches")
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    trace::ensure(&store, batches, 10).await?;
    // Scans on shelves: 10,000 batches spread over all of them (every
    // hundredth); first scans: 200,000 others, each asked once at most.
    let spread = i64::try_from(batches / 10_000).unwrap_or(1).max(1);
    let on_shelves = store.batch_codes_every(spread, 10_000).await?;
    let first_scans: Vec<String> = store
        .batch_codes_every(5, 200_000)
        .await?
        .into_iter()
        .filter(|c| !on_shelves.contains(c))
        .collect();
    store.close().await;

    // bench/pages measures every public page with wrk on this dataset.
    if std::env::args().any(|a| a == "--dataset-only") {
        println!("{db_url}");
        return Ok(());
    }

    if std::env::args().any(|a| a == "--search-only") {
        return search_in_memory(&url).await;
    }

    // 2. The server, built in release mode by bench/run.
    let bin = root.join("target/release/ocop");
    let mut reaper = Reaper(Vec::new());
    let server = start_server(&bin, &db_url, &work)?;
    let mut server_pid = server.id();
    reaper.0.push(server);
    let base = "http://127.0.0.1:18080";
    wait_up(&format!("{base}/healthz")).await?;

    // 3. nginx serving the same product page as a static file.
    let product = "tong-hop-ca-phe-bot-xa-dak-mil-0";
    let slug = first_synthetic_slug(base)
        .await
        .unwrap_or_else(|| product.to_owned());
    let page = fetch(&format!("{base}/san-pham/{slug}")).await?;
    let site = work.join("nginx");
    std::fs::create_dir_all(site.join("html"))?;
    std::fs::write(site.join("html/product.html"), &page)?;
    std::fs::write(
        site.join("nginx.conf"),
        format!(
            "worker_processes 2;\npid {dir}/nginx.pid;\nerror_log {dir}/error.log;\ndaemon off;\n\
             events {{ worker_connections 1024; }}\n\
             http {{ access_log off; keepalive_requests 1000000; \
             client_body_temp_path {dir}/tmp; proxy_temp_path {dir}/tmp; fastcgi_temp_path {dir}/tmp; \
             uwsgi_temp_path {dir}/tmp; scgi_temp_path {dir}/tmp; \
             server {{ listen 127.0.0.1:18081; root {dir}/html; \
             location / {{ default_type text/html; }} }} }}\n",
            dir = site.display()
        ),
    )?;
    std::fs::create_dir_all(site.join("tmp"))?;
    let nginx = Command::new("nginx")
        .args([
            "-c",
            &site.join("nginx.conf").display().to_string(),
            "-p",
            &site.display().to_string(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .context("nginx (apt-get install nginx)")?;
    reaper.0.push(nginx);
    wait_up("http://127.0.0.1:18081/product.html").await?;

    let only_scan = std::env::args().any(|a| a == "--only-scan");
    let scan_page = fetch(&format!(
        "{base}/q/{}",
        on_shelves.first().cloned().unwrap_or_default()
    ))
    .await?;
    std::fs::write(site.join("html/scan.html"), &scan_page)?;

    // 4. The runs. Queries typed as people type them: words without accents,
    // prefixes, place names old and new.
    let searches: Vec<String> = [
        "ca phe",
        "cà phê",
        "mat ong",
        "hat dieu",
        "dak mil",
        "krong no",
        "tra",
        "nuoc mam cá",
        "gao",
        "sau rieng",
        "thổ cẩm",
        "nam linh chi",
        "bao loc",
        "ca ph",
        "mac ca",
        "banh trang",
    ]
    .iter()
    .map(|q| format!("{base}/api/v1/products?q={}", encode(q)))
    .collect();
    let checks: Vec<String> = (0..2000)
        .map(|i| {
            format!(
                "{base}/api/v1/certificates/SYN-{}-{:06}",
                2020 + (i * 10) % 7,
                i * 10
            )
        })
        .collect();
    let shelf_urls: Vec<String> = on_shelves.iter().map(|c| format!("{base}/q/{c}")).collect();
    let first_urls: Vec<String> = first_scans
        .iter()
        .map(|c| format!("{base}/q/{c}"))
        .collect();
    // Every batch on the shelves asked twice (a page is kept from its second
    // request), however long that takes on this machine: the measurement is
    // of batches being scanned again, not of their first renders (measured
    // below on their own).
    let _ = load::each(shelf_urls.clone(), CONCURRENCY, 2).await;
    let nginx_scan = load::run(
        vec!["http://127.0.0.1:18081/scan.html".into()],
        CONCURRENCY,
        duration,
    )
    .await;
    let scan_run = load::run(shelf_urls, CONCURRENCY, duration).await;
    let first_run = load::run(first_urls, CONCURRENCY, duration).await;
    let scan_ratio = scan_run.rps / nginx_scan.rps;
    let scan_memory = peak_mb(server_pid);
    let scan_rows = [
        (
            "nginx, trang quét mã tĩnh",
            &nginx_scan,
            String::from("(mốc so sánh)"),
            true,
        ),
        (
            "trang quét mã /q/{mã}, 10.000 lô đang bán",
            &scan_run,
            format!("≥ 50% nginx: {:.0}%; p99 < 10 ms", scan_ratio * 100.0),
            scan_ratio >= 0.5 && scan_run.p99_ms < 10.0,
        ),
        // Reported, not a target: what a page costs before it is in memory
        // (200,000 batches, each asked once at most).
        (
            "trang quét mã, lần quét đầu của mỗi lô (chưa có trong bộ nhớ)",
            &first_run,
            "(để biết)".to_owned(),
            true,
        ),
    ];
    println!(
        "\nTruy xuất (issue #6): {batches} lô, {} sự kiện tổng hợp; {}",
        batches * 10,
        url.backend()
    );
    let mut scan_met = true;
    println!("| phép đo | yêu cầu/s | p50 ms | p99 ms | lỗi | mục tiêu | đạt |");
    println!("|---|---:|---:|---:|---:|---|---|");
    for (name, o, target, met) in scan_rows {
        scan_met &= met && o.errors == 0;
        println!(
            "| {name} | {:.0} | {:.2} | {:.2} | {} | {target} | {} |",
            o.rps,
            o.p50_ms,
            o.p99_ms,
            o.errors,
            if met && o.errors == 0 {
                "có"
            } else {
                "KHÔNG"
            }
        );
    }
    println!("| bộ nhớ máy chủ (đỉnh) khi quét | | | | | {scan_memory:.0} MB (để biết) | |");
    if only_scan {
        drop(reaper);
        if !scan_met {
            std::process::exit(1);
        }
        return Ok(());
    }

    // The portal's own figures (issue #5, memory included) on a server that
    // has not held a million batches' pages: the two loads are measured apart.
    if let Some(pos) = reaper.0.iter().position(|c| c.id() == server_pid) {
        let mut old = reaper.0.remove(pos);
        let _ = Command::new("kill")
            .args(["-TERM", &server_pid.to_string()])
            .status();
        let _ = old.wait();
    }
    let server = start_server(&bin, &db_url, &work)?;
    server_pid = server.id();
    reaper.0.push(server);
    wait_up(&format!("{base}/healthz")).await?;

    // Warm both servers' caches and connections.
    let _ = load::run(
        vec![format!("{base}/san-pham/{slug}")],
        8,
        Duration::from_secs(1),
    )
    .await;
    let _ = load::run(searches.clone(), 8, Duration::from_secs(1)).await;
    let nginx_run = load::run(
        vec!["http://127.0.0.1:18081/product.html".into()],
        CONCURRENCY,
        duration,
    )
    .await;
    let page_run = load::run(
        vec![format!("{base}/san-pham/{slug}")],
        CONCURRENCY,
        duration,
    )
    .await;
    let search_run = load::run(searches, CONCURRENCY, duration).await;
    let check_run = load::run(checks, CONCURRENCY, duration).await;
    let docs = documents::measure(base, &db_url).await?;
    let memory = peak_mb(server_pid);

    // 5. The table.
    let ratio = page_run.rps / nginx_run.rps;
    let rows = [
        (
            "nginx, trang sản phẩm tĩnh",
            &nginx_run,
            String::from("(mốc so sánh)"),
            true,
        ),
        (
            "trang sản phẩm",
            &page_run,
            format!("≥ 50% nginx: {:.0}%", ratio * 100.0),
            ratio >= 0.5,
        ),
        (
            "tìm kiếm /api/v1/products?q=",
            &search_run,
            "p99 < 20 ms".to_owned(),
            search_run.p99_ms < 20.0,
        ),
        (
            "kiểm tra sao /api/v1/certificates/{số}",
            &check_run,
            "p99 < 5 ms".to_owned(),
            check_run.p99_ms < 5.0,
        ),
    ];
    println!(
        "\nCơ sở dữ liệu: {}; {CONCURRENCY} kết nối đồng thời, {seconds} s mỗi phép đo; dữ liệu tổng hợp 20.000 sản phẩm, 10.000 chủ thể, 3.321 xã\n",
        url.backend()
    );
    println!("| phép đo | yêu cầu/s | p50 ms | p99 ms | lỗi | mục tiêu | đạt |");
    println!("|---|---:|---:|---:|---:|---|---|");
    let mut all_met = scan_met;
    for (name, o, target, met) in rows {
        all_met &= met && o.errors == 0;
        println!(
            "| {name} | {:.0} | {:.2} | {:.2} | {} | {target} | {} |",
            o.rps,
            o.p50_ms,
            o.p99_ms,
            o.errors,
            if met && o.errors == 0 {
                "có"
            } else {
                "KHÔNG"
            }
        );
    }
    let mem_ok = memory < 300.0;
    all_met &= mem_ok;
    println!(
        "| bộ nhớ máy chủ (đỉnh) | | | | | < 300 MB: {memory:.0} MB | {} |",
        if mem_ok { "có" } else { "KHÔNG" }
    );
    println!("\n| tài liệu (issue #7) | thời gian | mục tiêu | đạt |\n|---|---:|---|---|");
    for (name, ms, limit) in &docs {
        let met = *ms < *limit;
        all_met &= met;
        println!(
            "| {name} | {ms:.0} ms | < {limit:.0} ms | {} |",
            if met { "có" } else { "KHÔNG" }
        );
    }
    drop(reaper);
    if !all_met {
        std::process::exit(1);
    }
    Ok(())
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

async fn fetch(url: &str) -> anyhow::Result<Vec<u8>> {
    use http_body_util::BodyExt as _;
    let client: hyper_util::client::legacy::Client<_, http_body_util::Empty<bytes::Bytes>> =
        hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
            .build_http();
    let res = client.get(url.parse()?).await?;
    anyhow::ensure!(res.status().is_success(), "{url}: {}", res.status());
    Ok(res.into_body().collect().await?.to_bytes().to_vec())
}

/// The first synthetic product's page address, from the API.
async fn first_synthetic_slug(base: &str) -> Option<String> {
    let body = fetch(&format!("{base}/api/v1/products?q=tong+hop&per_page=1"))
        .await
        .ok()?;
    let text = String::from_utf8(body).ok()?;
    let at = text.find("\"slug\":\"")? + 8;
    Some(text[at..].split('"').next()?.to_owned())
}

/// Diagnostic: the search itself, in this process, without HTTP.
async fn search_in_memory(url: &ocop_store::DatabaseUrl) -> anyhow::Result<()> {
    let store = ocop_store::Store::connect(url).await?;
    let catalogue = ocop_app::catalogue::Catalogue::new("68", Duration::from_secs(3600));
    let t = std::time::Instant::now();
    let snapshot = catalogue.snapshot(&store).await?;
    println!(
        "snapshot: {} sản phẩm, dựng trong {:.0} ms",
        snapshot.entries.len(),
        t.elapsed().as_secs_f64() * 1000.0
    );
    for q in ["ca phe", "cà phê", "tra", "dak mil", "ca ph", "c", ""] {
        let query = ocop_app::search::ProductQuery {
            q: q.to_owned(),
            page: 1,
            per_page: 20,
            ..Default::default()
        };
        let t = std::time::Instant::now();
        let mut total = 0;
        for _ in 0..100 {
            total = ocop_app::search::products(&snapshot, &query).total;
        }
        let per = t.elapsed().as_secs_f64() * 10.0;
        println!("{q:>10}: {total:>6} kết quả, {per:.3} ms mỗi lần tìm");
    }
    Ok(())
}
