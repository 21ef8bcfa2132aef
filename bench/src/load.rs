//! A closed-loop HTTP/1.1 load generator: `concurrency` clients, each with a
//! kept-alive connection, send the next request as soon as the last answer
//! is read, for a fixed time; every latency is kept for the percentiles.

use bytes::Bytes;
use http_body_util::{BodyExt as _, Empty};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use std::time::{Duration, Instant};

pub struct Outcome {
    pub requests: usize,
    pub errors: usize,
    pub rps: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

/// Asks for every URL `passes` times (a warm-up that does not depend on
/// how fast the machine is); returns how many requests failed.
pub async fn each(urls: Vec<String>, concurrency: usize, passes: usize) -> usize {
    let client: Client<HttpConnector, Empty<Bytes>> = Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(concurrency)
        .build_http();
    let urls = std::sync::Arc::new(urls);
    let mut tasks = Vec::new();
    for worker in 0..concurrency {
        let client = client.clone();
        let urls = urls.clone();
        tasks.push(tokio::spawn(async move {
            let mut errors = 0;
            for _ in 0..passes {
                for url in urls.iter().skip(worker).step_by(concurrency) {
                    let ok = match url.parse::<hyper::Uri>() {
                        Ok(uri) => match client.get(uri).await {
                            Ok(res) => res.into_body().collect().await.is_ok(),
                            Err(_) => false,
                        },
                        Err(_) => false,
                    };
                    errors += usize::from(!ok);
                }
            }
            errors
        }));
    }
    let mut errors = 0;
    for t in tasks {
        errors += t.await.unwrap_or(0);
    }
    errors
}

pub async fn run(urls: Vec<String>, concurrency: usize, duration: Duration) -> Outcome {
    let client: Client<HttpConnector, Empty<Bytes>> = Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(concurrency)
        .build_http();
    let urls = std::sync::Arc::new(urls);
    let started = Instant::now();
    let deadline = started + duration;
    let mut tasks = Vec::new();
    for worker in 0..concurrency {
        let client = client.clone();
        let urls = urls.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0;
            let mut i = worker;
            while Instant::now() < deadline {
                let url = &urls[i % urls.len()];
                i += concurrency;
                let Ok(uri) = url.parse::<hyper::Uri>() else {
                    errors += 1;
                    continue;
                };
                let t = Instant::now();
                let ok = match client.get(uri).await {
                    Ok(res) => {
                        let good = res.status().is_success();
                        good && res.into_body().collect().await.is_ok()
                    }
                    Err(_) => false,
                };
                if ok {
                    latencies.push(t.elapsed());
                } else {
                    errors += 1;
                }
            }
            (latencies, errors)
        }));
    }
    let mut all = Vec::new();
    let mut errors = 0;
    for t in tasks {
        if let Ok((l, e)) = t.await {
            all.extend(l);
            errors += e;
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.sort_unstable();
    let pct = |p: f64| {
        if all.is_empty() {
            return f64::NAN;
        }
        let idx = ((all.len() as f64 - 1.0) * p).round() as usize;
        all[idx.min(all.len() - 1)].as_secs_f64() * 1000.0
    };
    Outcome {
        requests: all.len(),
        errors,
        rps: all.len() as f64 / elapsed,
        p50_ms: pct(0.50),
        p99_ms: pct(0.99),
    }
}
