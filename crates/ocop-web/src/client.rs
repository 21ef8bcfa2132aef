//! Địa chỉ người gửi — the client's network address, for the limits that
//! count per sender (sign-in attempts, public forms, scans).
//!
//! The peer of the TCP connection is the client, unless that peer is one of
//! the configured trusted proxies (the load balancer): then the address is
//! the rightmost entry of `X-Forwarded-For` that is not itself a trusted
//! proxy. Entries further left were written by the client and are never
//! believed, so nobody gets a fresh budget by sending the header.

use crate::AppState;
use axum::extract::connect_info::ConnectInfo;
use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::request::Parts;
use ipnet::IpNet;
use std::net::{IpAddr, SocketAddr};

/// Networks whose connections carry the client's address in a header.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// Parses `127.0.0.1, 10.0.0.0/8, ::1`: addresses or networks, comma or
    /// space separated.
    pub fn parse(list: &str) -> Result<Self, String> {
        list.split([',', ' '])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                s.parse::<IpNet>()
                    .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| format!("\"{s}\" không phải địa chỉ IP hay dải mạng (CIDR)"))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Self)
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|n| n.contains(&ip))
    }

    /// The client of a request that came from `peer` with these
    /// `X-Forwarded-For` values.
    pub fn client(&self, peer: IpAddr, forwarded: &[&str]) -> IpAddr {
        if !self.trusts(peer) {
            return peer;
        }
        let hops: Vec<IpAddr> = forwarded
            .iter()
            .flat_map(|v| v.split(','))
            .filter_map(|h| h.trim().parse::<IpAddr>().ok())
            .collect();
        hops.into_iter()
            .rev()
            .find(|ip| !self.trusts(*ip))
            .unwrap_or(peer)
    }
}

/// The client's address for this request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

impl ClientAddr {
    pub fn of(parts: &Parts, state: &AppState) -> Self {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::from([127, 0, 0, 1]), |c| c.0.ip());
        Self::from_peer(state, peer, &parts.headers)
    }

    /// The client of a request from `peer` with these headers (before the
    /// router, where there are no extensions yet).
    pub fn from_peer(state: &AppState, peer: IpAddr, headers: &axum::http::HeaderMap) -> Self {
        let forwarded: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        Self(state.trusted_proxies.client(peer, &forwarded))
    }
}

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(Self::of(parts, state))
    }
}

impl OptionalFromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, Self::Rejection> {
        Ok(Some(Self::of(parts, state)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap_or(IpAddr::from([0, 0, 0, 0]))
    }

    #[test]
    fn the_header_counts_only_from_a_trusted_proxy() {
        let trusted = TrustedProxies::parse("127.0.0.1, 10.0.0.0/8").unwrap_or_default();
        // A client that writes the header itself is still itself.
        assert_eq!(
            trusted.client(ip("203.0.113.9"), &["1.2.3.4"]),
            ip("203.0.113.9")
        );
        // Behind the balancer: the rightmost hop the balancer saw.
        assert_eq!(
            trusted.client(ip("127.0.0.1"), &["6.6.6.6, 198.51.100.7"]),
            ip("198.51.100.7")
        );
        // Two trusted hops: skipped from the right.
        assert_eq!(
            trusted.client(ip("127.0.0.1"), &["198.51.100.7, 10.1.2.3"]),
            ip("198.51.100.7")
        );
        // Nothing usable: the proxy itself.
        assert_eq!(
            trusted.client(ip("127.0.0.1"), &["garbage"]),
            ip("127.0.0.1")
        );
        assert!(TrustedProxies::parse("localhost").is_err());
        // Trusting nobody (the default) ignores the header.
        assert_eq!(
            TrustedProxies::default().client(ip("127.0.0.1"), &["198.51.100.7"]),
            ip("127.0.0.1")
        );
    }
}
