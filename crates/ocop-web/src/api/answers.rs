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

pub struct Answers(quick_cache::sync::Cache<Key, Bytes, ByBytes>);

impl Default for Answers {
    fn default() -> Self {
        Self(quick_cache::sync::Cache::with_weighter(
            16_384,
            BUDGET_BYTES,
            ByBytes,
        ))
    }
}

impl Answers {
    /// The kept answer to `question`, or `make`'s, serialized and kept.
    pub fn json<T: serde::Serialize>(
        &self,
        signature: &str,
        day: &str,
        question: String,
        make: impl FnOnce() -> Result<T, crate::WebError>,
    ) -> Result<Response, crate::WebError> {
        let key = (signature.to_owned(), day.to_owned(), question);
        let body = match self.0.get(&key) {
            Some(b) => b,
            None => {
                let b = Bytes::from(
                    serde_json::to_vec(&make()?)
                        .map_err(|e| crate::WebError::Internal(e.to_string()))?,
                );
                if b.len() <= MAX_ANSWER_BYTES {
                    self.0.insert(key, b.clone());
                }
                b
            }
        };
        Ok(json_response(body))
    }

    /// The kept answer to the star check of the certificate this address
    /// names (`/api/v1/certificates/{number}`, as [`super::certificates::show`]
    /// keeps it), answered before routing as a kept page is: request ids,
    /// logging and time-outs are for work, and a kept answer is none. `None`
    /// (the handler answers) for any other address, a number not asked yet
    /// today, or data that changed since.
    pub fn kept_star_check(&self, path: &str, signature: &str, day: &str) -> Option<Response> {
        let raw = path.strip_prefix(STAR_CHECK_PREFIX)?;
        if raw.is_empty() || raw.contains('/') {
            return None;
        }
        // The router's own decoding of a path segment: percent-escapes only.
        let number = percent_encoding::percent_decode_str(raw)
            .decode_utf8()
            .ok()?;
        let key = (signature.to_owned(), day.to_owned(), number.into_owned());
        let mut res = json_response(self.0.get(&key)?);
        crate::set_security_headers(res.headers_mut());
        Some(res)
    }
}

/// Where the machine star check lives (see `router`).
pub const STAR_CHECK_PREFIX: &str = "/api/v1/certificates/";

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
