//! Answers of the public API kept in memory: the same question on the same
//! data (and, where statuses count days, the same day) gets the same bytes,
//! serialized once. Unlike the public pages they are not compressed (an API
//! answer costs less to compute than to compress), and any question is kept
//! from its first asking: the memory is bounded by bytes and the least
//! asked go first.

use axum::body::Bytes;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

/// Bytes all kept answers may take.
pub const BUDGET_BYTES: u64 = 16 * 1024 * 1024;
/// An answer larger than this is served but not kept.
const MAX_ANSWER_BYTES: usize = 256 * 1024;

/// (data signature, day or "", the question as the handler normalised it)
type Key = (String, String, String);

#[derive(Clone)]
struct ByBytes;

impl quick_cache::Weighter<Key, Bytes> for ByBytes {
    fn weight(&self, key: &Key, v: &Bytes) -> u64 {
        (key.0.len() + key.1.len() + key.2.len() + v.len()) as u64
    }
}

pub struct Answers {
    kept: quick_cache::sync::Cache<Key, Bytes, ByBytes>,
    /// Addresses with a query are kept from their second asking: made-up
    /// parameters (ignored by the handler) cannot fill the memory with
    /// copies of one answer.
    seen: crate::admission::SecondAsk,
}

impl Default for Answers {
    fn default() -> Self {
        Self {
            kept: quick_cache::sync::Cache::with_weighter(16_384, BUDGET_BYTES, ByBytes),
            seen: crate::admission::SecondAsk::new(100_000),
        }
    }
}

impl Answers {
    /// The kept answer to `question`, or `make`'s, serialized and kept —
    /// under the question and under the address it was asked at, so the
    /// same address is answered next time before routing ([`Self::kept`]).
    pub fn json<T: serde::Serialize>(
        &self,
        signature: &str,
        day: &str,
        question: String,
        address: &axum::http::Uri,
        make: impl FnOnce() -> Result<T, crate::WebError>,
    ) -> Result<Response, crate::WebError> {
        let key = (signature.to_owned(), day.to_owned(), question);
        let body = match self.kept.get(&key) {
            Some(b) => b,
            None => {
                let b = Bytes::from(serde_json::to_vec(&make()?).map_err(crate::WebError::fault)?);
                if b.len() <= MAX_ANSWER_BYTES {
                    self.kept.insert(key, b.clone());
                }
                b
            }
        };
        let at = address_key(signature, day, address);
        if body.len() <= MAX_ANSWER_BYTES && (address.query().is_none() || self.seen.admit(&at)) {
            self.kept.insert(at, body.clone());
        }
        Ok(json_response(body))
    }

    /// The answer kept for this very address (see [`Self::json`]), sent
    /// before routing as a kept page is: request ids, logging and time-outs
    /// are for work, and a kept answer is none. `None` (the handler answers)
    /// for an address not asked yet on this data (and day), or not kept.
    pub fn kept(&self, signature: &str, day: &str, address: &axum::http::Uri) -> Option<Response> {
        let mut res = json_response(self.kept.get(&address_key(signature, day, address))?);
        crate::set_security_headers(res.headers_mut());
        Some(res)
    }
}

/// Which kept answers an address may have, and the day they are kept for
/// ("" when they do not depend on the day): the star check (statuses count
/// days) and the product search. Other addresses are never looked up.
pub fn kept_kind(path: &str) -> Option<KeptBy> {
    if path == "/api/v1/products" {
        Some(KeptBy::Data)
    } else if path
        .strip_prefix("/api/v1/certificates/")
        .is_some_and(|n| !n.is_empty() && !n.contains('/'))
    {
        Some(KeptBy::DataAndDay)
    } else {
        None
    }
}

/// What a kept answer follows besides the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeptBy {
    Data,
    DataAndDay,
}

/// The address as asked (path and query, byte for byte), marked so it can
/// never equal a handler's normalised question.
fn address_key(signature: &str, day: &str, address: &axum::http::Uri) -> Key {
    let pq = address
        .path_and_query()
        .map_or_else(|| address.path(), |p| p.as_str());
    (signature.to_owned(), day.to_owned(), format!("@{pq}"))
}

fn json_response(body: Bytes) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::Answers;
    use axum::http::Uri;

    fn ask(a: &Answers, address: &str) {
        let uri: Uri = address.parse().unwrap();
        a.json("sig", "", "the same question".into(), &uri, || Ok(1))
            .unwrap();
    }

    #[test]
    fn an_address_is_kept_for_its_data_and_a_query_from_its_second_asking() {
        let a = Answers::default();
        let bare: Uri = "/api/v1/certificates/OCOP-1".parse().unwrap();
        assert!(a.kept("sig", "", &bare).is_none());
        ask(&a, "/api/v1/certificates/OCOP-1");
        assert!(a.kept("sig", "", &bare).is_some(), "kept at once");
        assert!(a.kept("other", "", &bare).is_none(), "other data");
        assert!(a.kept("sig", "2026-12-07", &bare).is_none(), "another day");

        // Made-up parameters: each address alone is kept only when asked again.
        let odd: Uri = "/api/v1/products?q=ca+phe&x=1".parse().unwrap();
        ask(&a, "/api/v1/products?q=ca+phe&x=1");
        assert!(a.kept("sig", "", &odd).is_none(), "asked once");
        ask(&a, "/api/v1/products?q=ca+phe&x=1");
        let kept = a.kept("sig", "", &odd).expect("asked twice");
        assert!(kept.headers().contains_key("x-content-type-options"));
    }
}
