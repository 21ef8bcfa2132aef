//! Rendered scan pages kept in memory. A page is served from here only
//! for the catalogue signature and the day it was rendered for: any change
//! to the catalogue, or midnight (certificate statuses are counted in days),
//! makes it be rendered again.

use axum::body::Bytes;
use std::collections::HashMap;
use std::sync::RwLock;

/// More product pages than this and the cache starts over (a bound on
/// memory; the busiest pages are back within a request each).
const MAX_PAGES: usize = 4000;

type Key = (String, &'static str);

/// What a kept page costs in memory.
pub trait Weigh {
    fn weight(&self) -> usize;
}

impl Weigh for Bytes {
    fn weight(&self) -> usize {
        self.len()
    }
}

struct Page<V> {
    signature: String,
    day: chrono::NaiveDate,
    html: V,
    /// What the page is about, for work a hit still does (a scan page's
    /// product and batch, to count the scan).
    tag: (i64, i64),
}

pub struct PageCache<V = Bytes> {
    pages: RwLock<HashMap<Key, Page<V>>>,
    max: usize,
    /// Bytes of HTML held; with `max_bytes`, a bound on memory whatever the
    /// pages' sizes.
    bytes: std::sync::atomic::AtomicUsize,
    max_bytes: usize,
    /// When set, a page is kept only when asked for a second time: pages
    /// asked once (most of a million batches) never push out the busy ones.
    seen: Option<std::sync::Mutex<std::collections::HashSet<u64>>>,
}

/// Keys remembered as asked once, before that memory starts over.
const MAX_SEEN: usize = 1_000_000;

impl<V: Clone + Weigh> Default for PageCache<V> {
    fn default() -> Self {
        Self::with_capacity(MAX_PAGES)
    }
}

impl<V: Clone + Weigh> PageCache<V> {
    pub fn with_capacity(max: usize) -> Self {
        Self::with_limits(max, usize::MAX)
    }

    pub fn with_limits(max: usize, max_bytes: usize) -> Self {
        Self {
            pages: RwLock::new(HashMap::new()),
            max,
            bytes: std::sync::atomic::AtomicUsize::new(0),
            max_bytes,
            seen: None,
        }
    }

    /// Keeps a page only from its second request on.
    #[must_use]
    pub fn admitting_on_second_request(mut self) -> Self {
        self.seen = Some(std::sync::Mutex::new(std::collections::HashSet::new()));
        self
    }

    /// Whether a page rendered for `path` should be kept.
    fn admit(&self, path: &str, lang: &str) -> bool {
        let Some(seen) = &self.seen else {
            return true;
        };
        use std::hash::Hasher as _;
        // `DefaultHasher::new` uses fixed keys: a key hashes alike every call.
        let mut h = std::hash::DefaultHasher::new();
        h.write(path.as_bytes());
        h.write(lang.as_bytes());
        let key = h.finish();
        let Ok(mut seen) = seen.lock() else {
            return true;
        };
        if seen.remove(&key) {
            return true;
        }
        if seen.len() >= MAX_SEEN {
            seen.clear();
        }
        seen.insert(key);
        false
    }

    pub fn get(
        &self,
        path: &str,
        lang: &'static str,
        signature: &str,
        day: chrono::NaiveDate,
    ) -> Option<V> {
        self.get_tagged(path, lang, signature, day).map(|(h, _)| h)
    }

    pub fn get_tagged(
        &self,
        path: &str,
        lang: &'static str,
        signature: &str,
        day: chrono::NaiveDate,
    ) -> Option<(V, (i64, i64))> {
        let pages = self.pages.read().ok()?;
        pages
            .get(&(path.to_owned(), lang))
            .filter(|p| p.signature == signature && p.day == day)
            .map(|p| (p.html.clone(), p.tag))
    }

    pub fn put(
        &self,
        path: &str,
        lang: &'static str,
        signature: &str,
        day: chrono::NaiveDate,
        html: V,
    ) {
        self.put_tagged(path, lang, signature, day, html, (0, 0));
    }

    pub fn put_tagged(
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
        // A full cache starts over; the old pages are freed after the lock
        // is released, so readers never wait for thousands of frees.
        let mut old = None;
        if let Ok(mut pages) = self.pages.write() {
            use std::sync::atomic::Ordering::Relaxed;
            if pages.len() >= self.max || self.bytes.load(Relaxed) + html.weight() > self.max_bytes
            {
                old = Some(std::mem::take(&mut *pages));
                self.bytes.store(0, Relaxed);
            }
            self.bytes.fetch_add(html.weight(), Relaxed);
            let replaced = pages.insert(
                (path.to_owned(), lang),
                Page {
                    signature: signature.to_owned(),
                    day,
                    html,
                    tag,
                },
            );
            if let Some(p) = replaced {
                self.bytes.fetch_sub(p.html.weight(), Relaxed);
            }
        }
        drop(old);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default()
    }

    #[test]
    fn pages_follow_signature_and_day_and_the_byte_budget_starts_over() {
        let c: PageCache = PageCache::with_limits(100, 25);
        c.put_tagged(
            "q/a",
            "vi",
            "s1",
            day(),
            Bytes::from_static(b"0123456789"),
            (1, 2),
        );
        assert_eq!(
            c.get_tagged("q/a", "vi", "s1", day()),
            Some((Bytes::from_static(b"0123456789"), (1, 2)))
        );
        assert_eq!(c.get("q/a", "vi", "s2", day()), None, "another signature");
        assert_eq!(c.get("q/a", "en", "s1", day()), None, "another language");
        // Replacing a page does not count it twice.
        c.put("q/a", "vi", "s1", day(), Bytes::from_static(b"0123456789"));
        c.put("q/b", "vi", "s1", day(), Bytes::from_static(b"0123456789"));
        assert!(c.get("q/a", "vi", "s1", day()).is_some());
        // The third page would pass 25 bytes: the cache starts over with it.
        c.put("q/c", "vi", "s1", day(), Bytes::from_static(b"0123456789"));
        assert!(c.get("q/a", "vi", "s1", day()).is_none());
        assert!(c.get("q/c", "vi", "s1", day()).is_some());
    }

    #[test]
    fn an_admitting_cache_keeps_a_page_from_its_second_request() {
        let c: PageCache = PageCache::with_limits(100, 1000).admitting_on_second_request();
        c.put("q/a", "vi", "s1", day(), Bytes::from_static(b"x"));
        assert!(
            c.get("q/a", "vi", "s1", day()).is_none(),
            "asked once: not kept"
        );
        c.put("q/a", "vi", "s1", day(), Bytes::from_static(b"x"));
        assert!(
            c.get("q/a", "vi", "s1", day()).is_some(),
            "asked twice: kept"
        );
        c.put("q/a", "en", "s1", day(), Bytes::from_static(b"x"));
        assert!(
            c.get("q/a", "en", "s1", day()).is_none(),
            "each language on its own"
        );
    }
}
