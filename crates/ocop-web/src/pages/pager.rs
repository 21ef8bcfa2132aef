//! Numbered pages (trang 1 … 4 5 6 … 40) for the lists that run over
//! several: the catalogue and the statistics' commune table.

/// What `_pager.html` draws.
pub struct Pager {
    /// The page numbers named, `0` where a run is left out, each with its
    /// link (none for the page shown).
    pub links: Vec<(u32, Option<String>)>,
    pub prev: Option<String>,
    pub next: Option<String>,
}

impl Pager {
    /// The pager of page `current` of `pages`, page `n` at `href(n)`.
    pub fn new(current: u32, pages: u32, href: impl Fn(u32) -> String) -> Self {
        Self {
            links: page_window(current, pages)
                .into_iter()
                .map(|n| match n {
                    0 => (0, None),
                    n if n == current => (n, None),
                    n => (n, Some(href(n))),
                })
                .collect(),
            prev: (current > 1).then(|| href(current - 1)),
            next: (current < pages).then(|| href(current + 1)),
        }
    }
}

/// The pages a pager names: the first, the last and two either side of the
/// current one, with `0` where a run is left out (1 … 4 5 6 7 8 … 40).
fn page_window(current: u32, pages: u32) -> Vec<u32> {
    let mut out = Vec::new();
    for n in 1..=pages {
        if n == 1 || n == pages || n.abs_diff(current) <= 2 {
            out.push(n);
        } else if out.last() != Some(&0) {
            out.push(0);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_pager_names_the_ends_and_the_neighbours() {
        assert_eq!(super::page_window(1, 1), [1]);
        assert_eq!(super::page_window(1, 3), [1, 2, 3]);
        assert_eq!(super::page_window(6, 40), [1, 0, 4, 5, 6, 7, 8, 0, 40]);
        assert_eq!(super::page_window(40, 40), [1, 0, 38, 39, 40]);
        assert!(super::page_window(1, 0).is_empty());
    }
}
