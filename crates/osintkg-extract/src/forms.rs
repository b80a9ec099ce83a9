//! Known surface forms, looked up where a word starts: the longest form that begins at a
//! word of the text.
//!
//! The gazetteer (a hundred thousand world-knowledge forms) and the repeated-mention pass
//! (the few hundred names of one document) both ask this question at every word. A map
//! from each form's first word to its forms, longest first, answers it with one hash
//! probe per word and no automaton to build.
//!
//! Most words open no form, and the gazetteer's map is far larger than the caches, so a
//! probe that misses still costs cache misses. A bit set of the first words' hashes (16
//! bits per word, small enough to stay cached) answers "no" for most of them first.

use crate::text::words;
use osintkg_graph::Span;
use rustc_hash::{FxBuildHasher, FxHashMap};
use std::hash::BuildHasher;

/// Forms, each with a value, indexed by their first word.
pub struct FormIndex<T> {
    by_first_word: FxHashMap<String, Vec<Form<T>>>,
    first_words: FirstWords,
}

/// The first words' hashes as a bit set: a clear bit means no form starts with the word.
struct FirstWords {
    bits: Vec<u64>,
    /// Bits in the set minus one (a power of two minus one).
    mask: u64,
}

impl FirstWords {
    fn new<'a>(words: impl ExactSizeIterator<Item = &'a String>) -> FirstWords {
        let len = (16 * words.len()).next_power_of_two().max(64);
        let mut set = FirstWords {
            bits: vec![0; len / 64],
            mask: len as u64 - 1,
        };
        for word in words {
            let bit = set.bit(word);
            set.bits[bit / 64] |= 1 << (bit % 64);
        }
        set
    }

    fn bit(&self, word: &str) -> usize {
        // FxHash's high bits are its best mixed.
        (FxBuildHasher.hash_one(word).rotate_left(26) & self.mask) as usize
    }

    fn may_contain(&self, word: &str) -> bool {
        let bit = self.bit(word);
        self.bits[bit / 64] & (1 << (bit % 64)) != 0
    }
}

struct Form<T> {
    text: String,
    /// The two bytes after its first word (zero past the end): forms that share a first
    /// word ("Al", "San", "The") mostly differ right there, so comparing them first rules
    /// out nearly all candidates without a string comparison.
    next: [u8; 2],
    value: T,
}

/// The two bytes at `at` in `bytes`, zero past the end.
fn two_bytes(bytes: &[u8], at: usize) -> [u8; 2] {
    [
        bytes.get(at).copied().unwrap_or(0),
        bytes.get(at + 1).copied().unwrap_or(0),
    ]
}

impl<T> FormIndex<T> {
    /// Indexes `forms`; a form with no letter or digit can never be found and is left out.
    pub fn new(forms: impl IntoIterator<Item = (String, T)>) -> Self {
        let mut by_first_word: FxHashMap<String, Vec<Form<T>>> = FxHashMap::default();
        for (text, value) in forms {
            let Some((_, first)) = words(&text).next() else {
                continue;
            };
            let (first, next) = (first.to_owned(), two_bytes(text.as_bytes(), first.len()));
            by_first_word
                .entry(first)
                .or_default()
                .push(Form { text, next, value });
        }
        // Longest first, so the first form that fits is the longest.
        for forms in by_first_word.values_mut() {
            forms.sort_by(|a, b| b.text.len().cmp(&a.text.len()).then(a.text.cmp(&b.text)));
        }
        FormIndex {
            first_words: FirstWords::new(by_first_word.keys()),
            by_first_word,
        }
    }

    /// The longest form that starts with the word at `word` (a run of [`words`]) and ends
    /// by `end`, with its value. The caller decides what must follow it.
    pub fn longest_at(&self, text: &str, word: Span, end: usize) -> Option<(Span, &T)> {
        let first = &text[word.start..word.end.min(end)];
        if !self.first_words.may_contain(first) {
            return None;
        }
        let forms = self.by_first_word.get(first)?;
        let rest = &text[word.start..end];
        let next = two_bytes(rest.as_bytes(), first.len());
        forms
            .iter()
            .find(|f| {
                f.text.len() == first.len()
                    || f.next[0] == next[0]
                        && (f.next[1] == 0 || f.next[1] == next[1])
                        && rest.starts_with(f.text.as_str())
            })
            .map(|f| (Span::new(word.start, word.start + f.text.len()), &f.value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::word_spans;

    #[test]
    fn the_longest_form_at_a_word_wins_and_stays_within_the_end() {
        let index = FormIndex::new([
            ("New York".to_owned(), 1),
            ("New York City".to_owned(), 2),
            ("New".to_owned(), 3),
            ("U.S.".to_owned(), 4),
        ]);
        let text = "New York City and New Delhi, U.S. policy";
        let runs = word_spans(text);
        let at = |i: usize, end: usize| {
            index
                .longest_at(text, runs[i], end)
                .map(|(s, v)| (&text[s.start..s.end], *v))
        };
        assert_eq!(at(0, text.len()), Some(("New York City", 2)));
        assert_eq!(at(0, 10), Some(("New York", 1)));
        assert_eq!(at(4, text.len()), Some(("New", 3)));
        assert_eq!(at(6, text.len()), Some(("U.S.", 4)));
        assert_eq!(at(5, text.len()), None);
    }
}
