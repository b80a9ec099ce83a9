//! Known surface forms, looked up where a word starts: the longest form that begins at a
//! word of the text.
//!
//! The gazetteer (a hundred thousand world-knowledge forms) and the repeated-mention pass
//! (the few hundred names of one document) both ask this question at every word. A map
//! from each form's first word to its forms, longest first, answers it with one hash
//! probe per word and no automaton to build.

use crate::text::words;
use osintkg_graph::Span;
use rustc_hash::FxHashMap;

/// Forms, each with a value, indexed by their first word.
pub struct FormIndex<T> {
    by_first_word: FxHashMap<String, Vec<Form<T>>>,
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
        FormIndex { by_first_word }
    }

    /// The longest form that starts with the word at `word` (a run of [`words`]) and ends
    /// by `end`, with its value. The caller decides what must follow it.
    pub fn longest_at(&self, text: &str, word: Span, end: usize) -> Option<(Span, &T)> {
        let first = &text[word.start..word.end.min(end)];
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
