//! `GET /thong-ke/xa-phuong` — Sản phẩm theo xã, phường: the whole commune
//! table of the statistics page, largest first, a hundred rows a page, with
//! the total of every page at its foot.

use super::{Row, by_commune, named};
use crate::lang::Lang;
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Html;

pub const PATH: &str = "/thong-ke/xa-phuong";

const PER_PAGE: usize = 100;

#[derive(serde::Deserialize, Default)]
pub struct PageQuery {
    #[serde(default)]
    page: String,
}

#[derive(Template)]
#[template(path = "statistics_communes.html")]
struct CommunesPage {
    c: crate::lang::Chrome,
    title: String,
    search_q: String,
    as_of: String,
    communes: usize,
    products: i64,
    /// (rank, row) of this page.
    rows: Vec<(usize, Row)>,
    page: usize,
    pages: usize,
    page_error: Option<&'static str>,
    pager: crate::pages::pager::Pager,
}

fn href(page: usize) -> String {
    if page <= 1 {
        PATH.to_owned()
    } else {
        format!("{PATH}?page={page}")
    }
}

/// One page of ranked rows.
#[derive(Debug)]
struct Slice<T> {
    page: usize,
    pages: usize,
    /// (rank from 1, row).
    rows: Vec<(usize, T)>,
    /// The page asked for was not a page number (the first is shown).
    error: bool,
}

/// Page `asked` of `all`, `per_page` rows a page: past the end, the last
/// page; not a number (or 0), the first, with the error flagged.
fn slice<T>(all: Vec<T>, asked: &str, per_page: usize) -> Slice<T> {
    let pages = all.len().div_ceil(per_page).max(1);
    let (page, error) = match asked.trim() {
        "" => (1, false),
        p => match p.parse::<usize>() {
            Ok(n) if n >= 1 => (n.min(pages), false),
            _ => (1, true),
        },
    };
    let rows = all
        .into_iter()
        .enumerate()
        .skip((page - 1) * per_page)
        .take(per_page)
        .map(|(i, r)| (i + 1, r))
        .collect();
    Slice {
        page,
        pages,
        rows,
        error,
    }
}

pub async fn communes(
    State(state): State<AppState>,
    lang: Lang,
    Query(q): Query<PageQuery>,
) -> Result<Html<String>, WebError> {
    let snapshot = state.snapshot().await?;
    let today = state.clock.today();
    // Only the communes are counted: each page number asked for the first
    // time makes this page afresh.
    let all = named(&by_commune(&snapshot), lang);
    let products = all.iter().map(|r| r.count).sum();
    let communes = all.iter().filter(|r| r.known).count();
    let Slice {
        page,
        pages,
        rows,
        error,
    } = slice(all, &q.page, PER_PAGE);
    let page_error = error.then(|| lang.s("Số trang không hợp lệ.", "Invalid page number."));
    let pager = crate::pages::pager::Pager::new(page as u32, pages as u32, |n| href(n as usize));
    let view = CommunesPage {
        c: crate::lang::Chrome::new(&state, lang, PATH).describe(lang.s(
            "Số sản phẩm OCOP của tỉnh ở từng xã, phường (theo địa giới từ 01/7/2025).",
            "The province's OCOP products in each commune (boundaries from 1 Jul 2025).",
        )),
        title: lang
            .s("Sản phẩm OCOP theo xã, phường", "OCOP products by commune")
            .into(),
        search_q: String::new(),
        as_of: today.format("%d/%m/%Y").to_string(),
        communes,
        products,
        rows,
        page,
        pages,
        page_error,
        pager,
    };
    Ok(Html(view.render()?))
}

#[cfg(test)]
mod tests {
    use super::slice;

    #[test]
    fn pages_hold_every_row_once_in_rank_order() {
        let all: Vec<u32> = (0..250).collect();
        let ranks: Vec<usize> = (1..=3)
            .flat_map(|p| slice(all.clone(), &p.to_string(), 100).rows)
            .map(|(rank, _)| rank)
            .collect();
        assert_eq!(ranks, (1..=250).collect::<Vec<_>>());
        let last = slice(all.clone(), "3", 100);
        assert_eq!((last.page, last.pages, last.rows.len()), (3, 3, 50));
        assert_eq!(last.rows.first().map(|r| r.1), Some(200));
    }

    #[test]
    fn a_page_that_is_not_there_shows_the_nearest_one() {
        let all: Vec<u32> = (0..250).collect();
        let past = slice(all.clone(), "99", 100);
        assert_eq!((past.page, past.error), (3, false));
        for bad in ["0", "-1", "hai", "1.5", "99999999999999999999999"] {
            let s = slice(all.clone(), bad, 100);
            assert_eq!((s.page, s.error), (1, true), "{bad}");
        }
        let first = slice(all.clone(), " ", 100);
        assert_eq!((first.page, first.error), (1, false));
        let none = slice(Vec::<u32>::new(), "2", 100);
        assert_eq!((none.page, none.pages, none.rows.len()), (1, 1, 0));
    }
}
