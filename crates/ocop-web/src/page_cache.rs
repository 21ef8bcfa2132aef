//! Rendered product pages kept in memory. A page is served from here only
//! for the catalogue signature and the day it was rendered for: any change
//! to the catalogue, or midnight (certificate statuses are counted in days),
//! makes it be rendered again.

use axum::body::Bytes;
use std::collections::HashMap;
use std::sync::RwLock;

/// More pages than this and the cache starts over (a bound on memory; the
/// busiest pages are back within a request each).
const MAX_PAGES: usize = 4000;

type Key = (String, &'static str);

struct Page {
    signature: String,
    day: chrono::NaiveDate,
    html: Bytes,
}

#[derive(Default)]
pub struct PageCache {
    pages: RwLock<HashMap<Key, Page>>,
}

impl PageCache {
    pub fn get(
        &self,
        path: &str,
        lang: &'static str,
        signature: &str,
        day: chrono::NaiveDate,
    ) -> Option<Bytes> {
        let pages = self.pages.read().ok()?;
        pages
            .get(&(path.to_owned(), lang))
            .filter(|p| p.signature == signature && p.day == day)
            .map(|p| p.html.clone())
    }

    pub fn put(
        &self,
        path: &str,
        lang: &'static str,
        signature: &str,
        day: chrono::NaiveDate,
        html: Bytes,
    ) {
        if let Ok(mut pages) = self.pages.write() {
            if pages.len() >= MAX_PAGES {
                pages.clear();
            }
            pages.insert(
                (path.to_owned(), lang),
                Page {
                    signature: signature.to_owned(),
                    day,
                    html,
                },
            );
        }
    }
}
