//! Answers of the public API kept in memory: the same question on the same
//! data (and, where statuses count days, the same day) gets the same bytes,
//! serialized once. Unlike the public pages they are not compressed (an API
//! answer costs less to compute than to compress), and any question is kept
//! from its first asking: the memory is bounded by bytes and the least
//! asked go first.

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;
use chrono::NaiveDate;
use quick_cache::Equivalent;

/// Bytes all kept answers may take.
pub const BUDGET_BYTES: u64 = 16 * 1024 * 1024;
/// An answer larger than this is served but not kept.
const MAX_ANSWER_BYTES: usize = 256 * 1024;

/// What an answer is kept under: the data signature, the day (statuses
/// count days) or none, and the question.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    signature: String,
    day: Option<NaiveDate>,
    asked: Asked,
    text: String,
}

/// How the question is written: as the handler normalised it, or as the
/// address was asked byte for byte (the two can never be mistaken).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Asked {
    Question,
    Address,
}

/// A [`Key`] borrowed from the request, so that looking an answer up
/// allocates nothing; it hashes as the key it stands for (the same fields
/// in the same order; `&str` hashes as `String`).
#[derive(Clone, Copy, Hash)]
struct KeyRef<'a> {
    signature: &'a str,
    day: Option<NaiveDate>,
    asked: Asked,
    text: &'a str,
}

impl Equivalent<Key> for KeyRef<'_> {
    fn equivalent(&self, key: &Key) -> bool {
        self.day == key.day
            && self.asked == key.asked
            && self.text == key.text
            && self.signature == key.signature
    }
}

impl KeyRef<'_> {
    fn owned(self) -> Key {
        Key {
            signature: self.signature.to_owned(),
            day: self.day,
            asked: self.asked,
            text: self.text.to_owned(),
        }
    }
}

#[derive(Clone)]
struct ByBytes;

impl quick_cache::Weighter<Key, Bytes> for ByBytes {
    fn weight(&self, key: &Key, v: &Bytes) -> u64 {
        (key.signature.len() + key.text.len() + v.len()) as u64
    }
}

pub struct Answers {
    kept: quick_cache::sync::Cache<Key, Bytes, ByBytes>,
    /// Addresses with a query are kept from their second asking: made-up
    /// parameters (ignored by the handler) cannot fill the memory with
    /// copies of one answer.
    seen: crate::admission::SecondAsk,
    /// The headers of every answer, made once and cloned.
    headers: HeaderMap,
}

impl Default for Answers {
    fn default() -> Self {
        let mut headers = HeaderMap::with_capacity(8);
        crate::set_security_headers(&mut headers);
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        Self {
            kept: quick_cache::sync::Cache::with_weighter(16_384, BUDGET_BYTES, ByBytes),
            seen: crate::admission::SecondAsk::new(100_000),
            headers,
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
        day: Option<NaiveDate>,
        question: &str,
        address: &axum::http::Uri,
        make: impl FnOnce() -> Result<T, crate::WebError>,
    ) -> Result<Response, crate::WebError> {
        let key = KeyRef {
            signature,
            day,
            asked: Asked::Question,
            text: question,
        };
        let body = match self.kept.get(&key) {
            Some(b) => b,
            None => {
                let b = Bytes::from(serde_json::to_vec(&make()?).map_err(crate::WebError::fault)?);
                if b.len() <= MAX_ANSWER_BYTES {
                    self.kept.insert(key.owned(), b.clone());
                }
                b
            }
        };
        let at = address_key(signature, day, address);
        if body.len() <= MAX_ANSWER_BYTES && (address.query().is_none() || self.seen.admit(&at)) {
            self.kept.insert(at.owned(), body.clone());
        }
        Ok(self.response(body))
    }

    /// The answer kept for this very address (see [`Self::json`]), sent
    /// before routing as a kept page is: request ids, logging and time-outs
    /// are for work, and a kept answer is none. `None` (the handler answers)
    /// for an address not asked yet on this data (and day), or not kept.
    pub fn kept(
        &self,
        signature: &str,
        day: Option<NaiveDate>,
        address: &axum::http::Uri,
    ) -> Option<Response> {
        let body = self.kept.get(&address_key(signature, day, address))?;
        Some(self.response(body))
    }

    fn response(&self, body: Bytes) -> Response {
        let mut res = Response::new(axum::body::Body::from(body));
        *res.headers_mut() = self.headers.clone();
        res
    }
}

/// Which kept answers an address may have, and whether they are kept per
/// day: the star check (statuses count
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

/// The address as asked (path and query, byte for byte).
fn address_key<'a>(
    signature: &'a str,
    day: Option<NaiveDate>,
    address: &'a axum::http::Uri,
) -> KeyRef<'a> {
    KeyRef {
        signature,
        day,
        asked: Asked::Address,
        text: address
            .path_and_query()
            .map_or_else(|| address.path(), |p| p.as_str()),
    }
}

#[cfg(test)]
mod tests {
    use super::Answers;
    use axum::http::Uri;

    fn ask(a: &Answers, address: &str) {
        let uri: Uri = address.parse().unwrap();
        a.json("sig", None, "the same question", &uri, || Ok(1))
            .unwrap();
    }

    #[test]
    fn an_address_is_kept_for_its_data_and_a_query_from_its_second_asking() {
        let a = Answers::default();
        let bare: Uri = "/api/v1/certificates/OCOP-1".parse().unwrap();
        assert!(a.kept("sig", None, &bare).is_none());
        ask(&a, "/api/v1/certificates/OCOP-1");
        assert!(a.kept("sig", None, &bare).is_some(), "kept at once");
        assert!(a.kept("other", None, &bare).is_none(), "other data");
        let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 7);
        assert!(a.kept("sig", day, &bare).is_none(), "another day");
        // A question written like an address is not that address's answer.
        let other: Uri = "/api/v1/certificates/OCOP-2".parse().unwrap();
        a.json("sig", None, "/api/v1/certificates/OCOP-2", &bare, || Ok(2))
            .unwrap();
        assert!(a.kept("sig", None, &other).is_none(), "question ≠ address");

        // Made-up parameters: each address alone is kept only when asked again.
        let odd: Uri = "/api/v1/products?q=ca+phe&x=1".parse().unwrap();
        ask(&a, "/api/v1/products?q=ca+phe&x=1");
        assert!(a.kept("sig", None, &odd).is_none(), "asked once");
        ask(&a, "/api/v1/products?q=ca+phe&x=1");
        let kept = a.kept("sig", None, &odd).expect("asked twice");
        assert!(kept.headers().contains_key("x-content-type-options"));
    }
}
