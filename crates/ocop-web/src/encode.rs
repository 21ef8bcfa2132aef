//! Percent-encoding for what the web layer puts in addresses and headers,
//! with the `percent-encoding` crate: a path carried in a query parameter
//! (`?tiep=/san-pham/…`) and a file name in `Content-Disposition`
//! (RFC 5987 `filename*`).

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// A path as a query value: slashes and the unreserved marks stay readable.
const PATH_IN_QUERY: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'/')
    .remove(b'-')
    .remove(b'_')
    .remove(b'.');

/// RFC 5987 `attr-char` kept as is (a safe subset).
const ATTR_CHAR: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.');

pub fn path_in_query(path: &str) -> String {
    utf8_percent_encode(path, PATH_IN_QUERY).to_string()
}

pub fn filename_star(name: &str) -> String {
    utf8_percent_encode(name, ATTR_CHAR).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_file_names_are_encoded_as_before() {
        assert_eq!(
            path_in_query("/san-pham?q=cà phê&x=1"),
            "/san-pham%3Fq%3Dc%C3%A0%20ph%C3%AA%26x%3D1"
        );
        assert_eq!(
            filename_star("Phiếu kiểm nghiệm.pdf"),
            "Phi%E1%BA%BFu%20ki%E1%BB%83m%20nghi%E1%BB%87m.pdf"
        );
    }
}
