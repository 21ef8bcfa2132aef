//! Tìm kiếm — how a typed query matches and ranks names. Pure, so the
//! portal ranks the same way whichever database holds the data.
//!
//! Matching is on folded text (see [`crate::text::fold`]), so "ca phe dak
//! mil" finds "Cà phê … Đắk Mil". Ranking then prefers, in order: names that
//! carry the user's own accents (someone who typed "cá" wants fish before
//! "cà phê"), whole words over word starts over inner matches (typing "ca
//! ph" ranks "cà phê" above "khoai cao phú"), and matches in the product's own name over its
//! producer's.

use crate::text::{fold, nfc};

/// A typed query, split into words both as typed and folded.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchQuery {
    words: Vec<Word>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Word {
    /// NFC, lowercase, accents as typed.
    typed: String,
    folded: String,
    /// Whether the user typed any Vietnamese mark in this word.
    accented: bool,
}

impl SearchQuery {
    /// NFC and NFD input give the same query; punctuation separates words.
    pub fn parse(typed: &str) -> Self {
        let lower: String = nfc(typed).to_lowercase();
        let words = lower
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| {
                let folded = fold(w);
                Word {
                    accented: folded != w,
                    typed: w.to_owned(),
                    folded,
                }
            })
            .collect();
        Self { words }
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Word `i` as typed (NFC, lowercase) when the user typed accents in it.
    pub fn accented_word(&self, i: usize) -> Option<&str> {
        self.words
            .get(i)
            .filter(|w| w.accented)
            .map(|w| w.typed.as_str())
    }

    /// The folded words, for the database's accent-free filter.
    pub fn folded_words(&self) -> Vec<String> {
        self.words.iter().map(|w| w.folded.clone()).collect()
    }

    /// How well `name` (and, less, `producer`) answers the query; higher is
    /// better, 0 when no word matches either. Candidates come from the
    /// database already matching every word somewhere (places included).
    pub fn score(&self, name: &str, producer: &str) -> u32 {
        self.score_prepared(&Prepared::new(name), &Prepared::new(producer))
    }
}

/// Whether `needle` occurs in `haystack` at the start of a word.
fn starts_a_word(haystack: &str, needle: &str) -> bool {
    haystack.match_indices(needle).any(|(i, _)| {
        haystack[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfd_and_nfc_input_are_the_same_query() {
        let nfd = "Ca\u{300} phe\u{302}"; // "Cà phê" typed as base letters + marks
        assert_eq!(SearchQuery::parse(nfd), SearchQuery::parse("cà phê"));
        assert_eq!(SearchQuery::parse(nfd).folded_words(), ["ca", "phe"]);
    }

    #[test]
    fn the_users_own_accents_rank_first() {
        let q = SearchQuery::parse("cá");
        assert!(q.score("Cá khô", "HTX") > q.score("Cà phê", "HTX"));
        // Without accents typed, neither is preferred for its accents.
        let q = SearchQuery::parse("ca");
        assert_eq!(q.score("Cá khô", "HTX"), q.score("Cà phê", "HTX"));
    }

    #[test]
    fn word_starts_and_own_names_rank_above_inner_and_producer_matches() {
        let q = SearchQuery::parse("ca ph");
        assert!(q.score("Cà phê bột", "HTX A") > q.score("Khoai cao phú", "HTX A"));
        let q = SearchQuery::parse("mil");
        assert!(q.score("Cà phê Đắk Mil", "HTX") > q.score("Cà phê", "HTX Đắk Mil"));
        assert!(q.score("Cà phê", "HTX Đắk Mil") > 0);
        assert_eq!(q.score("Cà phê", "HTX"), 0);
    }

    #[test]
    fn punctuation_separates_words() {
        assert_eq!(
            SearchQuery::parse("Mắc-ca, Đắk Nông!").folded_words(),
            ["mac", "ca", "dak", "nong"]
        );
    }
}

/// A name prepared once for many queries: lowercase NFC and folded.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Prepared {
    pub lower: String,
    pub folded: String,
}

impl Prepared {
    pub fn new(name: &str) -> Self {
        let lower = nfc(name).to_lowercase();
        let folded = fold(&lower);
        Self { lower, folded }
    }
}

impl SearchQuery {
    /// Whether every word appears in one of the folded texts.
    pub fn matches(&self, texts: &[&str]) -> bool {
        self.words
            .iter()
            .all(|w| texts.iter().any(|t| t.contains(&w.folded)))
    }

    /// [`SearchQuery::score`] on names prepared in advance.
    pub fn score_prepared(&self, name: &Prepared, producer: &Prepared) -> u32 {
        (0..self.words.len())
            .map(|i| {
                word_score(&WordMatch {
                    accent_in_name: self.accent_in(i, name),
                    accent_in_producer: self.accent_in(i, producer),
                    whole_word_in_name: name
                        .folded
                        .split(|c: char| !c.is_alphanumeric())
                        .any(|x| x == self.words[i].folded),
                    starts_word_in_name: starts_a_word(&name.folded, &self.words[i].folded),
                    inside_name: name.folded.contains(&self.words[i].folded),
                    starts_word_in_producer: starts_a_word(&producer.folded, &self.words[i].folded),
                })
            })
            .sum()
    }

    /// The number of words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether word `i` was typed with accents and begins a word of `text`
    /// as written — the rule the catalogue applies through its word index
    /// (`ocop_app::catalogue::Snapshot::accent_sets`), so both rank alike.
    pub fn accent_in(&self, i: usize, text: &Prepared) -> bool {
        self.words.get(i).is_some_and(|w| {
            w.accented
                && text
                    .lower
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|word| word.starts_with(&w.typed))
        })
    }
}

/// Where one typed word was found in a product's names.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WordMatch {
    pub accent_in_name: bool,
    pub accent_in_producer: bool,
    pub whole_word_in_name: bool,
    pub starts_word_in_name: bool,
    pub inside_name: bool,
    pub starts_word_in_producer: bool,
}

/// The ranking rule for one word, in one place: the user's own accents
/// first, then whole words, word starts, inner matches, the producer's name.
pub fn word_score(m: &WordMatch) -> u32 {
    let accents = if m.accent_in_name {
        8
    } else if m.accent_in_producer {
        4
    } else {
        0
    };
    let place = if m.whole_word_in_name {
        4
    } else if m.starts_word_in_name {
        3
    } else if m.inside_name {
        2
    } else if m.starts_word_in_producer {
        1
    } else {
        0
    };
    accents + place
}
