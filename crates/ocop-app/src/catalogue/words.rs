//! Words in memory: each name's words as bitsets over the catalogue's
//! entries, so a search is a few AND operations, and the user's own accents
//! can rank what they typed exactly above what only matches without them.

use super::*;

/// A set of entries by position.
#[derive(Debug, Clone)]
pub struct Bits(Vec<u64>);

impl Bits {
    fn new(len: usize) -> Self {
        Self(vec![0; len.div_ceil(64)])
    }

    fn set(&mut self, i: usize) {
        if let Some(b) = self.0.get_mut(i / 64) {
            *b |= 1 << (i % 64);
        }
    }

    pub fn has(&self, i: usize) -> bool {
        self.0.get(i / 64).is_some_and(|b| b & (1 << (i % 64)) != 0)
    }

    fn and(&mut self, other: &Self) {
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            *a &= b;
        }
    }
}

/// See [`Snapshot::word_sets`].
pub struct WordSets {
    pub any: Bits,
    pub name_whole: Bits,
    pub name_start: Bits,
    pub producer_start: Bits,
}

impl Snapshot {
    pub(super) fn index_words(mut self) -> Self {
        type Index<'a> = std::collections::BTreeMap<&'a str, Vec<u32>>;
        fn add<'a>(map: &mut Index<'a>, text: &'a str, i: u32) {
            for w in text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
            {
                let list = map.entry(w).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
        let (mut all, mut names, mut producers) = (Index::new(), Index::new(), Index::new());
        let (mut lower_names, mut lower_producers) = (Index::new(), Index::new());
        for (i, e) in self.entries.iter().enumerate() {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            add(&mut all, &e.row.name_folded, i);
            add(&mut all, &e.row.producer_folded, i);
            add(&mut all, &e.row.places_folded, i);
            add(&mut names, &e.row.name_folded, i);
            add(&mut producers, &e.row.producer_folded, i);
            add(&mut lower_names, &e.name.lower, i);
            add(&mut lower_producers, &e.producer.lower, i);
        }
        let owned = |m: Index<'_>| -> Vec<(String, Vec<u32>)> {
            m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
        };
        let (all, names, producers) = (owned(all), owned(names), owned(producers));
        self.tokens = all;
        self.name_tokens = names;
        self.producer_tokens = producers;
        self.name_lower_tokens = owned(lower_names);
        self.producer_lower_tokens = owned(lower_producers);
        let mut order: Vec<usize> = (0..self.entries.len()).collect();
        order.sort_by(|a, b| {
            let (x, y) = (&self.entries[*a].row, &self.entries[*b].row);
            x.name_folded
                .cmp(&y.name_folded)
                .then(x.summary.id.cmp(&y.summary.id))
        });
        for (rank, i) in order.into_iter().enumerate() {
            self.entries[i].name_rank = u32::try_from(rank).unwrap_or(u32::MAX);
        }
        self
    }

    pub(super) fn bits_of(&self, tokens: &[(String, Vec<u32>)], word: &str, exact: bool) -> Bits {
        let mut bits = Bits::new(self.entries.len());
        let start = tokens.partition_point(|(t, _)| t.as_str() < word);
        for (_, list) in tokens[start..].iter().take_while(|(t, _)| {
            if exact {
                t == word
            } else {
                t.starts_with(word)
            }
        }) {
            for i in list {
                bits.set(*i as usize);
            }
        }
        bits
    }

    /// Where a folded word occurs, as sets of entries: anywhere (as a word
    /// start), as a whole word of the name, as a word start in the name, as
    /// a word start in the producer's name.
    pub fn word_sets(&self, word: &str) -> WordSets {
        WordSets {
            any: self.bits_of(&self.tokens, word, false),
            name_whole: self.bits_of(&self.name_tokens, word, true),
            name_start: self.bits_of(&self.name_tokens, word, false),
            producer_start: self.bits_of(&self.producer_tokens, word, false),
        }
    }

    /// Where a word typed with accents begins a word of the name, and of the
    /// producer's name, as written.
    pub fn accent_sets(&self, typed: &str) -> (Bits, Bits) {
        (
            self.bits_of(&self.name_lower_tokens, typed, false),
            self.bits_of(&self.producer_lower_tokens, typed, false),
        )
    }

    /// The entries in which every folded word begins some word of the
    /// product's, producer's or places' names, in catalogue order, with the
    /// sets each word was found in (for ranking).
    pub fn matching(&self, words: &[String]) -> (Vec<&Entry>, Vec<WordSets>) {
        if words.is_empty() {
            return (self.entries.iter().collect(), Vec::new());
        }
        let sets: Vec<WordSets> = words.iter().map(|w| self.word_sets(w)).collect();
        let mut all = sets[0].any.clone();
        for s in &sets[1..] {
            all.and(&s.any);
        }
        let found = self
            .entries
            .iter()
            .enumerate()
            .filter(|(i, _)| all.has(*i))
            .map(|(_, e)| e)
            .collect();
        (found, sets)
    }
}
