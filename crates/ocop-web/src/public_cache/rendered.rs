//! A page made once and kept in its three encodings (plain, gzip, brotli),
//! answered with its `ETag` and a `304` when the client has it; shared by
//! the public pages and the scan pages.

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use std::sync::Arc;

/// One rendered page in its three encodings.
pub struct Rendered {
    pub(super) signature: String,
    pub(super) day: chrono::NaiveDate,
    etag: HeaderValue,
    /// Every header of the answer but the encoding, made once: a kept page
    /// is served by cloning this map rather than building one per request.
    headers: HeaderMap,
    pub(super) identity: Bytes,
    pub(super) gzip: Bytes,
    pub(super) br: Bytes,
}

/// Which encoding the client takes, best first: brotli, gzip, none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Br,
    Gzip,
    Identity,
}

impl Encoding {
    pub fn from_headers(h: &HeaderMap) -> Self {
        let mut br = false;
        let mut gzip = false;
        for v in h
            .get_all(header::ACCEPT_ENCODING)
            .iter()
            .filter_map(|v| v.to_str().ok())
        {
            for item in v.split(',') {
                let mut parts = item.split(';');
                let token = parts.next().unwrap_or("").trim().to_ascii_lowercase();
                let refused = parts.any(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .and_then(|q| q.trim().parse::<f32>().ok())
                        .is_some_and(|q| q <= 0.0)
                });
                if refused {
                    continue;
                }
                match token.as_str() {
                    "br" => br = true,
                    "gzip" | "x-gzip" => gzip = true,
                    _ => {}
                }
            }
        }
        if br {
            Self::Br
        } else if gzip {
            Self::Gzip
        } else {
            Self::Identity
        }
    }
}

impl Rendered {
    pub(crate) fn new(
        signature: String,
        day: chrono::NaiveDate,
        content_type: HeaderValue,
        body: Bytes,
    ) -> Self {
        use sha2::Digest as _;
        let hash = sha2::Sha256::digest(&body);
        let hex: String = hash.iter().take(12).map(|b| format!("{b:02x}")).collect();
        let etag = HeaderValue::from_str(&format!("W/\"{hex}\""))
            .unwrap_or(HeaderValue::from_static("W/\"0\""));
        let gzip = {
            use std::io::Write as _;
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
            let _ = e.write_all(&body);
            Bytes::from(e.finish().unwrap_or_default())
        };
        let br = {
            let mut out = Vec::new();
            // A window no larger than the page: brotli's memory grows with
            // the window, and a 4 MB window for a 20 KB page cost megabytes
            // per compression for nothing.
            let lgwin = (10..=22)
                .find(|w| (1usize << w) - 16 >= body.len())
                .unwrap_or(22);
            // Quality 4 below 64 KB: from 5 up, the encoder sets up hash
            // tables that cost a small page 7–9 ms (measured on a 6 KB scan
            // page and the 11 KB home page, against 0.2 ms at 4, for 5–8 %
            // more bytes); a scan page is rendered for every batch's first
            // scan. Larger pages keep quality 7 (3 ms for 180 KB either way).
            let quality = if lgwin <= 16 { 4 } else { 7 };
            let params = brotli::enc::BrotliEncoderParams {
                quality,
                lgwin,
                ..Default::default()
            };
            let _ = brotli::BrotliCompress(&mut &body[..], &mut out, &params);
            Bytes::from(out)
        };
        let mut headers = HeaderMap::with_capacity(12);
        crate::set_security_headers(&mut headers);
        headers.insert(header::ETAG, etag.clone());
        // Always revalidated (a 304 costs a few bytes); shared caches may keep
        // it, as nothing on these pages depends on who asks but the language.
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, no-cache"),
        );
        headers.insert(
            header::VARY,
            HeaderValue::from_static("Accept-Encoding, Cookie"),
        );
        headers.insert(header::CONTENT_TYPE, content_type);
        Self {
            signature,
            day,
            etag,
            headers,
            identity: body,
            gzip,
            br,
        }
    }

    /// The page for this request: `304` when the client has it.
    pub(crate) fn respond(&self, req_headers: &HeaderMap, head: bool) -> Response {
        let matches = req_headers
            .get_all(header::IF_NONE_MATCH)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|t| t.trim().trim_start_matches("W/"))
            .any(|t| t == "*" || t == self.etag.to_str().unwrap_or("").trim_start_matches("W/"));
        let mut h = self.headers.clone();
        if matches {
            h.remove(header::CONTENT_TYPE);
            let mut res = Response::new(axum::body::Body::empty());
            *res.status_mut() = StatusCode::NOT_MODIFIED;
            *res.headers_mut() = h;
            return res;
        }
        let body = match Encoding::from_headers(req_headers) {
            Encoding::Br => {
                h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
                self.br.clone()
            }
            Encoding::Gzip => {
                h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
                self.gzip.clone()
            }
            Encoding::Identity => self.identity.clone(),
        };
        // The response is assembled in place (a tuple response would merge
        // this map into another one, header by header).
        let mut res = if head {
            h.insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
            Response::new(axum::body::Body::empty())
        } else {
            Response::new(axum::body::Body::from(body))
        };
        *res.headers_mut() = h;
        res
    }
}

impl crate::page_cache::Weigh for Arc<Rendered> {
    fn weight(&self) -> usize {
        self.identity.len() + self.gzip.len() + self.br.len()
    }
}
