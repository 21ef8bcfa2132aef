//! Rendered product pages kept in memory. A page is served from here only
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

struct Page {
    signature: String,
    day: chrono::NaiveDate,
    html: Bytes,
    /// What the page is about, for work a hit still does (a scan page's
    /// product and batch, to count the scan).
    tag: (i64, i64),
}

pub struct PageCache {
    pages: RwLock<HashMap<Key, Page>>,
    max: usize,
}

impl Default for PageCache {
    fn default() -> Self {
        Self::with_capacity(MAX_PAGES)
    }
}

impl PageCache {
    pub fn with_capacity(max: usize) -> Self {
        Self {
            pages: RwLock::new(HashMap::new()),
            max,
        }
    }

    pub fn get(
        &self,
        path: &str,
        lang: &'static str,
        signature: &str,
        day: chrono::NaiveDate,
    ) -> Option<Bytes> {
        self.get_tagged(path, lang, signature, day).map(|(h, _)| h)
    }

    pub fn get_tagged(
        &self,
        path: &str,
        lang: &'static str,
        signature: &str,
        day: chrono::NaiveDate,
    ) -> Option<(Bytes, (i64, i64))> {
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
        html: Bytes,
    ) {
        self.put_tagged(path, lang, signature, day, html, (0, 0));
    }

    pub fn put_tagged(
        &self,
        path: &str,
        lang: &'static str,
        signature: &str,
        day: chrono::NaiveDate,
        html: Bytes,
        tag: (i64, i64),
    ) {
        // A full cache starts over; the old pages are freed after the lock
        // is released, so readers never wait for thousands of frees.
        let mut old = None;
        if let Ok(mut pages) = self.pages.write() {
            if pages.len() >= self.max {
                old = Some(std::mem::take(&mut *pages));
            }
            pages.insert(
                (path.to_owned(), lang),
                Page {
                    signature: signature.to_owned(),
                    day,
                    html,
                    tag,
                },
            );
        }
        drop(old);
    }
}
