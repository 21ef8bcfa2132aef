//! Rendered scan pages kept in memory. A page is served from here only
//! for the catalogue signature and the day it was rendered for: any change
//! to the catalogue, or midnight (certificate statuses are counted in days),
//! makes it be rendered again. Memory is bounded by bytes (`quick_cache`:
//! the least used pages go first, the busy ones stay).

use axum::body::Bytes;

type Key = (String, &'static str);

/// A [`Key`] borrowed from the request: a lookup allocates nothing. Hashes
/// as the tuple it stands for (same fields, same order).
#[derive(Hash)]
struct KeyRef<'a>(&'a str, &'static str);

impl quick_cache::Equivalent<Key> for KeyRef<'_> {
    fn equivalent(&self, key: &Key) -> bool {
        self.1 == key.1 && self.0 == key.0
    }
}

/// What a kept page costs in memory.
pub trait Weigh {
    fn weight(&self) -> usize;
}

impl Weigh for Bytes {
    fn weight(&self) -> usize {
        self.len()
    }
}

#[derive(Clone)]
struct Page<V> {
    /// Shared, so a hit (which clones the entry) copies no text.
    signature: std::sync::Arc<str>,
    day: chrono::NaiveDate,
    html: V,
    /// What the page is about, for work a hit still does (a scan page's
    /// product and batch, to count the scan).
    tag: (i64, i64),
}

#[derive(Clone)]
struct ByBytes;

impl<V: Weigh> quick_cache::Weighter<Key, Page<V>> for ByBytes {
    fn weight(&self, key: &Key, p: &Page<V>) -> u64 {
        (key.0.len() + p.signature.len() + p.html.weight()) as u64
    }
}

pub struct PageCache<V = Bytes> {
    pages: quick_cache::sync::Cache<Key, Page<V>, ByBytes>,
    /// When set, a page is kept only when asked for a second time: pages
    /// asked once (most of a million batches) never push out the busy ones.
    seen: Option<crate::admission::SecondAsk>,
}

/// Keys remembered as asked once (the least recent forgotten first).
const MAX_SEEN: usize = 1_000_000;

impl<V: Clone + Weigh> PageCache<V> {
    /// About `pages` pages, at most `max_bytes` bytes together.
    pub fn with_limits(pages: usize, max_bytes: usize) -> Self {
        Self {
            pages: quick_cache::sync::Cache::with_weighter(
                pages,
                u64::try_from(max_bytes).unwrap_or(u64::MAX),
                ByBytes,
            ),
            seen: None,
        }
    }

    /// Keeps a page only from its second request on.
    #[must_use]
    pub fn admitting_on_second_request(mut self) -> Self {
        self.seen = Some(crate::admission::SecondAsk::new(MAX_SEEN));
        self
    }

    /// Whether a page rendered for `path` should be kept.
    fn admit(&self, path: &str, lang: &str) -> bool {
        self.seen
            .as_ref()
            .is_none_or(|seen| seen.admit(&(path, lang)))
    }

    /// The page kept for `path` in `lang` when `current` accepts the
    /// signature and day it was made for, with its tag.
    pub fn find(
        &self,
        path: &str,
        lang: &'static str,
        current: impl FnOnce(&str, chrono::NaiveDate) -> bool,
    ) -> Option<(V, (i64, i64))> {
        self.pages
            .get(&KeyRef(path, lang))
            .filter(|p| current(&p.signature, p.day))
            .map(|p| (p.html, p.tag))
    }

    /// Keeps `html` (about `tag`) for `path` in `lang`, made for
    /// `signature` and `day`.
    pub fn put(
        &self,
        path: &str,
        lang: &'static str,
        signature: &str,
        day: chrono::NaiveDate,
        html: V,
        tag: (i64, i64),
    ) {
        if !self.admit(path, lang) {
            return;
        }
        self.pages.insert(
            (path.to_owned(), lang),
            Page {
                signature: signature.into(),
                day,
                html,
                tag,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default()
    }

    /// The page kept for exactly this signature and day.
    fn get(c: &PageCache, path: &str, lang: &'static str, signature: &str) -> Option<Bytes> {
        c.find(path, lang, |s, d| s == signature && d == day())
            .map(|(html, _)| html)
    }

    /// Keeps `html` for `path` in `lang`, made for signature "s1" today.
    fn put(c: &PageCache, path: &str, lang: &'static str, html: &'static [u8]) {
        c.put(path, lang, "s1", day(), Bytes::from_static(html), (0, 0));
    }

    #[test]
    fn pages_follow_signature_and_day_and_the_byte_budget_holds() {
        let c: PageCache = PageCache::with_limits(100, 1000);
        c.put(
            "q/a",
            "vi",
            "s1",
            day(),
            Bytes::from_static(b"0123456789"),
            (1, 2),
        );
        assert_eq!(
            c.find("q/a", "vi", |s, d| s == "s1" && d == day()),
            Some((Bytes::from_static(b"0123456789"), (1, 2)))
        );
        assert_eq!(get(&c, "q/a", "vi", "s2"), None, "another signature");
        assert_eq!(get(&c, "q/a", "en", "s1"), None, "another language");
        // Replacing a page keeps one copy.
        put(&c, "q/a", "vi", b"0123456789");
        assert!(get(&c, "q/a", "vi", "s1").is_some());
        // Far more pages than the budget holds: memory stays within it and
        // the cache keeps answering.
        for i in 0..1000 {
            put(&c, &format!("q/{i}"), "vi", &[b'x'; 100]);
        }
        assert!(c.pages.weight() <= 1000, "{} bytes kept", c.pages.weight());
        assert!(get(&c, "q/999", "vi", "s1").is_some(), "the newest is kept");
    }

    #[test]
    fn an_admitting_cache_keeps_a_page_from_its_second_request() {
        let c: PageCache = PageCache::with_limits(100, 1000).admitting_on_second_request();
        put(&c, "q/a", "vi", b"x");
        assert!(get(&c, "q/a", "vi", "s1").is_none(), "asked once: not kept");
        put(&c, "q/a", "vi", b"x");
        assert!(get(&c, "q/a", "vi", "s1").is_some(), "asked twice: kept");
        put(&c, "q/a", "en", b"x");
        assert!(
            get(&c, "q/a", "en", "s1").is_none(),
            "each language on its own"
        );
    }
}
