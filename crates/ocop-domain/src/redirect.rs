//! Where a "go back to" parameter may send people: only to a path on this
//! site, decided the way a browser would read the address (the URL standard
//! drops tabs and newlines and treats `\` as `/`, so `/%09/evil.example/`
//! is `//evil.example/`, another site). Anything else goes to `fallback`.

const BASE: &str = "https://ocop.invalid/";

/// The same-site path (with its query) that `raw` leads to, normalised and
/// percent-encoded so it is always a valid `Location`; `fallback` otherwise.
pub fn same_site(raw: &str, fallback: &str) -> String {
    let Some(rest) = raw.strip_prefix('/') else {
        return fallback.to_owned();
    };
    // Tabs, newlines and other controls never belong in a path someone
    // typed; a browser would delete them and read what is left.
    let cleaned: String = raw.chars().filter(|c| !c.is_control()).collect();
    let authority_like =
        rest.starts_with(['/', '\\']) || cleaned.starts_with("//") || cleaned.starts_with("/\\");
    if authority_like {
        return fallback.to_owned();
    }
    let Ok(base) = url::Url::parse(BASE) else {
        return fallback.to_owned();
    };
    match base.join(&cleaned) {
        Ok(u) if u.origin() == base.origin() => {
            let mut out = u.path().to_owned();
            if let Some(q) = u.query() {
                out.push('?');
                out.push_str(q);
            }
            out
        }
        _ => fallback.to_owned(),
    }
}

/// The same, limited to paths under `prefix` (the back office after sign-in).
pub fn same_site_under(raw: &str, prefix: &str, fallback: &str) -> String {
    let path = same_site(raw, fallback);
    let inside = path == prefix
        || path
            .strip_prefix(prefix)
            .is_some_and(|r| r.starts_with(['/', '?']));
    if inside { path } else { fallback.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Addresses browsers read as another site, or that are not addresses.
    const HOSTILE: &[&str] = &[
        "//evil.example/",
        "/\t/evil.example/",
        "/\n/evil.example",
        "/\r\n/evil.example",
        "/\\evil.example",
        "\\/evil.example",
        "/\\/evil.example",
        "https://evil.example/",
        "http:evil.example",
        "javascript:alert(1)",
        "  /x",
        "",
        "evil.example",
        "/%2F/evil.example",
        "///evil.example",
        "/\u{0}/evil.example",
    ];

    #[test]
    fn hostile_targets_go_home() {
        for raw in HOSTILE {
            let out = same_site(raw, "/");
            assert!(
                out == "/"
                    || (out.starts_with('/')
                        && !out.starts_with("//")
                        && !out.contains("evil.example/")),
                "{raw:?} → {out:?}"
            );
            assert!(out.bytes().all(|b| b.is_ascii_graphic()), "{raw:?}");
            let u = url::Url::parse(BASE).and_then(|b| b.join(&out));
            assert_eq!(
                u.map(|u| u.host_str().map(str::to_owned))
                    .ok()
                    .flatten()
                    .as_deref(),
                Some("ocop.invalid"),
                "{raw:?}"
            );
        }
    }

    /// The fuzz target's corpus (fuzz/corpus/redirect), replayed: every
    /// answer is a same-site path a header can carry.
    #[test]
    fn the_fuzz_corpus_stays_on_the_site() {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/redirect");
        let mut n = 0;
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let raw = String::from_utf8_lossy(&std::fs::read(entry.path()).unwrap_or_default())
                .into_owned();
            let out = same_site(&raw, "/");
            assert!(
                out.starts_with('/') && !out.starts_with("//"),
                "{raw:?} → {out:?}"
            );
            assert!(
                out.bytes().all(|b| b.is_ascii_graphic()),
                "{raw:?} → {out:?}"
            );
            n += 1;
        }
        assert!(n >= 10, "the corpus is at {}", dir.display());
    }

    proptest::proptest! {
        #[test]
        fn any_text_leads_to_a_same_site_path(raw in "\\PC{0,40}") {
            let out = same_site(&raw, "/");
            proptest::prop_assert!(out.starts_with('/') && !out.starts_with("//"));
            proptest::prop_assert!(out.bytes().all(|b| b.is_ascii_graphic()));
            let u = url::Url::parse(BASE).and_then(|b| b.join(&out));
            let host = u.ok().and_then(|u| u.host_str().map(str::to_owned));
            proptest::prop_assert_eq!(host.as_deref(), Some("ocop.invalid"));
        }
    }

    #[test]
    fn own_paths_are_kept_and_encoded() {
        assert_eq!(
            same_site("/san-pham?q=cà phê", "/"),
            "/san-pham?q=c%C3%A0%20ph%C3%AA"
        );
        assert_eq!(same_site("/a/../b", "/"), "/b");
        assert_eq!(same_site("/x\ny", "/"), "/xy");
        assert_eq!(
            same_site_under("/quan-tri/ho-so/1", "/quan-tri", "/quan-tri"),
            "/quan-tri/ho-so/1"
        );
        assert_eq!(
            same_site_under("/quan-trix", "/quan-tri", "/quan-tri"),
            "/quan-tri"
        );
        assert_eq!(
            same_site_under("/san-pham", "/quan-tri", "/quan-tri"),
            "/quan-tri"
        );
    }
}
