use super::*;
use axum::body::Bytes;
use axum::http::HeaderValue;

#[test]
fn encodings_are_chosen_by_preference_and_refusal() {
    let h = |v: &str| {
        let mut m = HeaderMap::new();
        m.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(v).unwrap_or(HeaderValue::from_static("")),
        );
        Encoding::from_headers(&m)
    };
    assert_eq!(h("gzip, deflate, br, zstd"), Encoding::Br);
    assert_eq!(h("gzip"), Encoding::Gzip);
    assert_eq!(h("br;q=0, gzip;q=0.5"), Encoding::Gzip);
    assert_eq!(h("identity"), Encoding::Identity);
    assert_eq!(
        Encoding::from_headers(&HeaderMap::new()),
        Encoding::Identity
    );
}

#[test]
fn only_public_pages_are_kept() {
    for p in [
        "/",
        "/san-pham",
        "/san-pham/ca-phe",
        "/chu-the/htx",
        "/bo-tieu-chi/qd148-2023-01",
        "/sitemap.xml",
    ] {
        assert!(cacheable(p), "{p}");
    }
    for p in [
        "/q/ABC",
        "/01/0893",
        "/quan-tri",
        "/dang-nhap",
        "/phan-anh",
        "/san-pham.xlsx",
        "/bo-tieu-chi/x/phieu-cham.pdf",
        "/api/v1/products",
        "/api/v1/certificates/OCOP-68-2026-00001",
    ] {
        assert!(!cacheable(p), "{p}");
    }
}

#[test]
fn every_encoding_decodes_to_the_page() {
    use std::io::Read as _;
    let body = Bytes::from("<p>Cà phê bột Đắk Đam — ★★★★</p>".repeat(200));
    let r = Rendered::new(
        "s".into(),
        chrono::NaiveDate::MIN,
        HeaderValue::from_static("text/html"),
        body.clone(),
    );
    let mut gz = Vec::new();
    flate2::read::GzDecoder::new(&r.gzip[..])
        .read_to_end(&mut gz)
        .unwrap_or_default();
    assert_eq!(gz, body);
    let mut br = Vec::new();
    brotli::BrotliDecompress(&mut &r.br[..], &mut br).unwrap_or_default();
    assert_eq!(br, body);
    assert!(r.br.len() < body.len() / 10 && r.gzip.len() < body.len() / 10);
}
