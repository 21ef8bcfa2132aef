//! "Go back to" addresses on arbitrary text: the answer is always a path of
//! this site (never another host, never a character a header cannot carry).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let raw = String::from_utf8_lossy(data);
    let out = ocop_domain::redirect::same_site(&raw, "/");
    assert!(out.starts_with('/') && !out.starts_with("//"));
    assert!(out.bytes().all(|b| b.is_ascii_graphic()));
});
