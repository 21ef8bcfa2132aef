//! The HTTP server loop: hyper's HTTP/1 with the limits a public server
//! needs and `axum::serve` does not offer — a deadline for a request's
//! headers (a client that sends them a byte at a time is cut off), a cap on
//! open connections (beyond it new ones are closed at once, before they cost
//! a file descriptor for long), and a graceful stop that finishes requests in
//! flight.

use axum::extract::connect_info::ConnectInfo;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceExt as _;

/// The limits of one server.
#[derive(Debug, Clone, Copy)]
pub struct ServerLimits {
    /// A request's headers must arrive whole within this time.
    pub header_read_timeout: Duration,
    /// Open connections at most; one more is closed on arrival.
    pub max_connections: usize,
    /// How long a stop waits for requests in flight.
    pub drain: Duration,
}

impl Default for ServerLimits {
    fn default() -> Self {
        Self {
            header_read_timeout: Duration::from_secs(10),
            max_connections: 4096,
            drain: Duration::from_secs(20),
        }
    }
}

/// Serves `app` on `listener` until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: crate::App,
    limits: ServerLimits,
    shutdown: impl std::future::Future<Output = ()> + Send,
) {
    let slots = Arc::new(tokio::sync::Semaphore::new(limits.max_connections));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .keep_alive(true);
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of descriptors or a reset in the queue: wait a
                    // moment rather than spin, then keep serving.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            tracing::warn!(%peer, "connection refused: too many open connections");
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let service =
            hyper::service::service_fn(move |mut req: hyper::Request<hyper::body::Incoming>| {
                // A kept page or answer goes out before routing; see
                // `public_cache::front_desk`.
                let kept = crate::public_cache::front_desk(&app.state, &req, peer.ip());
                let router = app.router.clone();
                async move {
                    if let Some(res) = kept {
                        return Ok(res);
                    }
                    req.extensions_mut().insert(ConnectInfo(peer));
                    router.oneshot(req.map(axum::body::Body::new)).await
                }
            });
        let conn = builder.serve_connection(TokioIo::new(stream), service);
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                tracing::debug!(%peer, error = %e, "connection ended with an error");
            }
            drop(slot);
        });
    }
    drop(listener);
    if tokio::time::timeout(limits.drain, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("requests still in flight after the drain time; stopping anyway");
    }
}
