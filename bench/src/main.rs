//! `bench/run`: the portal against nginx on this machine, on the synthetic
//! national-scale dataset. Prints a table and exits non-zero when a target
//! is missed. Targets (issue #5): product page ≥ 50 % of nginx's requests per
//! second serving the same page as a static file; search p99 < 20 ms and
//! star check p99 < 5 ms at 64 concurrent clients; server memory < 300 MB.

mod documents;
mod generate;
mod load;
mod procs;
mod search;
mod table;
mod trace;

use anyhow::Context as _;
use procs::{Reaper, fetch, first_synthetic_slug, peak_mb, start_server, wait_up};
use std::process::{Command, Stdio};
use std::time::Duration;

const CONCURRENCY: usize = 64;

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
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

    // bench/pages measures every public page with wrk on this dataset, and
    // the scan page at the batches on the shelves (written one per line).
    if let Some(path) = arg("--shelf-codes") {
        std::fs::write(&path, on_shelves.join("\n") + "\n")?;
    }
    if std::env::args().any(|a| a == "--dataset-only") {
        println!("{db_url}");
        return Ok(());
    }

    if std::env::args().any(|a| a == "--search-only") {
        return search::in_memory(&url).await;
    }

    // 2. The server, built in release mode by bench/run.
    let bin = root.join("target/release/ocop");
    let mut reaper = Reaper(Vec::new());
    let server = start_server(&bin, &db_url, &work)?;
    let mut server_pid = server.id();
    reaper.0.push(server);
    let base = "http://127.0.0.1:18080";
    wait_up(&format!("{base}/healthz")).await?;
    if std::env::args().any(|a| a == "--only-documents") {
        let met = print_documents(&documents::measure(base, &db_url).await?);
        drop(reaper);
        std::process::exit(i32::from(!met));
    }

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
    .map(|q| {
        let q = percent_encoding::utf8_percent_encode(q, percent_encoding::NON_ALPHANUMERIC);
        format!("{base}/api/v1/products?q={q}")
    })
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
    let scan_rows: [table::Row<'_>; 3] = [
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
    let scan_met = table::print(&scan_rows);
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
    let rows: [table::Row<'_>; 4] = [
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
    let mut all_met = table::print(&rows) && scan_met;
    let mem_ok = memory < 300.0;
    all_met &= mem_ok;
    println!(
        "| bộ nhớ máy chủ (đỉnh) | | | | | < 300 MB: {memory:.0} MB | {} |",
        if mem_ok { "có" } else { "KHÔNG" }
    );
    all_met &= print_documents(&docs);
    drop(reaper);
    if !all_met {
        std::process::exit(1);
    }
    Ok(())
}

/// The documents' table (issue #7); whether every target was met.
fn print_documents(docs: &[(&str, f64, f64)]) -> bool {
    println!("\n| tài liệu (issue #7) | thời gian | mục tiêu | đạt |\n|---|---:|---|---|");
    let mut all_met = true;
    for (name, ms, limit) in docs {
        let met = *ms < *limit;
        all_met &= met;
        println!(
            "| {name} | {ms:.0} ms | < {limit:.0} ms | {} |",
            if met { "có" } else { "KHÔNG" }
        );
    }
    all_met
}
