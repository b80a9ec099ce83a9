//! Cleaning and segmentation that never move a byte.
//!
//! Page chrome is blanked rather than cut: the cleaned text has the same length as the
//! input, so every span found in it is also a valid span of the original. Sentences and
//! tokens are byte ranges into that text.

use crate::lexicon::{Function, LanguagePack};
use osintkg_graph::Span;
use regex::Regex;

/// Page chrome that carries no content: shortcodes, result counters, forum headers and
/// counters, image file names, URLs. One alternation, one pass over the text.
const CHROME: &[&str] = &[
    // WordPress shortcodes: the tags go, the caption text stays.
    r"\[/?[a-z_]+(?:\s[^\]\n]*)?\]",
    r"(?i:viewing results \d+\s*-\s*\d+ of \d+)",
    r"(?i:\(read [\d,]+ times\))",
    r"(?im:^\s*author\s+topic:)",
    r"(?i:\d+ members? and \d+ guests? (?:are|is) viewing this topic\.?)",
    r"(?im:^\s*(?:offline|online)\s+\S+\s*$)",
    r"(?im:^\s*[•*·-]\s*posts:\s*[\d,.]+\s*$)",
    r"(?m:^\s*[•*·-]\s*\*+\s*$)",
    r"(?im:^\s*[•*·-]\s*[A-Z]{2,5} (?:contributor|member|moderator|administrator)\s*$)",
    r"(?im:^\s*tag archives:)",
    r"(?i:(?-u:\b)image:\s*\S+)",
    r"(?i:(?-u:\b)(?:https?://|www\.)\S+)",
    r"(?i:(?-u:\b)[\w.-]+\.(?:jpe?g|png|gif|webp|svg)(?-u:\b))",
    // Image slugs such as "ISIS-Kabul-ministry-attack-880x497".
    r"(?-u:\b)[\w-]+-\d{2,4}x\d{2,4}(?-u:\b)",
];

/// Blanks page chrome; built once with the extractor.
#[derive(Debug, Clone)]
pub struct Cleaner {
    chrome: Regex,
}

impl Cleaner {
    /// Compiles the chrome patterns.
    pub fn new() -> Result<Cleaner, regex::Error> {
        Ok(Cleaner {
            chrome: Regex::new(&CHROME.join("|"))?,
        })
    }

    /// The text with page chrome replaced by spaces, byte for byte.
    pub fn clean(&self, text: &str) -> String {
        let mut bytes = text.as_bytes().to_vec();
        for found in self.chrome.find_iter(text) {
            blank(&mut bytes, found.start(), found.end());
        }
        // Blanking whole characters keeps the buffer valid UTF-8.
        String::from_utf8(bytes).unwrap_or_else(|_| text.to_owned())
    }
}

fn blank(bytes: &mut [u8], start: usize, end: usize) {
    for b in &mut bytes[start..end] {
        if *b != b'\n' {
            *b = b' ';
        }
    }
}

/// Non-empty lines, trimmed: the paragraphs of plain-text articles.
pub fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let end = start + line.len();
        if let Some(span) = trim(text, Span::new(start, end)) {
            out.push(span);
        }
        start = end;
    }
    out
}

/// The span without surrounding whitespace, or `None` when nothing is left.
pub fn trim(text: &str, span: Span) -> Option<Span> {
    let slice = &text[span.start..span.end];
    let leading = slice.len() - slice.trim_start().len();
    let trailing = slice.len() - slice.trim_end().len();
    let trimmed = Span::new(span.start + leading, span.end - trailing);
    (trimmed.start < trimmed.end).then_some(trimmed)
}

/// Longest sentence kept whole; longer runs are cut at the next space.
pub const MAX_SENTENCE_BYTES: usize = 2_000;

/// Sentences of a paragraph. A period ends a sentence unless it closes an abbreviation,
/// an initial ("A.K.", "U.S.") or a number; a missing space after the period ("region.Despite")
/// still ends one.
pub fn sentences(text: &str, paragraph: Span, pack: &LanguagePack) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = paragraph.start;
    let mut i = paragraph.start;
    while i < paragraph.end {
        // Below the length bound only a terminator can end a sentence: jump to the next
        // one rather than test every byte.
        if i - start < MAX_SENTENCE_BYTES {
            let bound = paragraph.end.min(start + MAX_SENTENCE_BYTES);
            match memchr::memchr3(b'.', b'!', b'?', &bytes[i..bound]) {
                Some(offset) => i += offset,
                None => {
                    i = bound;
                    continue;
                }
            }
        }
        let b = bytes[i];
        // Run-on text (no capital after its periods, or no periods at all) is cut into
        // bounded pieces, at a space where there is one: later passes look across a
        // sentence, and an unbounded one would make them quadratic.
        let long = i - start >= MAX_SENTENCE_BYTES;
        let cut_here = long
            && (b.is_ascii_whitespace() || i - start >= 4 * MAX_SENTENCE_BYTES)
            && text.is_char_boundary(i);
        if cut_here {
            if let Some(span) = trim(text, Span::new(start, i)) {
                out.push(span);
            }
            start = i;
            i += 1;
            continue;
        }
        if matches!(b, b'.' | b'!' | b'?') && ends_sentence(text, paragraph, i, pack) {
            let mut end = i + 1;
            // Closing quotes and brackets belong to the sentence they close.
            while end < paragraph.end {
                let rest = &text[end..paragraph.end];
                let Some(c) = rest.chars().next() else { break };
                if matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»') {
                    end += c.len_utf8();
                } else {
                    break;
                }
            }
            if let Some(span) = trim(text, Span::new(start, end)) {
                out.push(span);
            }
            start = end;
            i = end;
            continue;
        }
        i += 1;
    }
    if let Some(span) = trim(text, Span::new(start, paragraph.end)) {
        out.push(span);
    }
    out
}

fn ends_sentence(text: &str, paragraph: Span, dot: usize, pack: &LanguagePack) -> bool {
    let before = &text[paragraph.start..dot];
    let after = &text[dot + 1..paragraph.end];
    let word: &str = before
        .rsplit(|c: char| !(c.is_alphanumeric() || c == '.'))
        .next()
        .unwrap_or("");
    let next = after.chars().next();
    let next_visible = after
        .trim_start_matches(['"', '\'', '”', '“', '’', '‘', ')'])
        .trim_start()
        .chars()
        .next();
    match next {
        None => return true,
        Some(c) if c.is_whitespace() || matches!(c, '"' | '”' | '’' | '\'' | ')' | ']') => {}
        Some(c) if c.is_uppercase() => {
            // "region.Despite": a lowercase word glued to a capitalised one.
            let last_word = word.trim_end_matches('.');
            return last_word.len() > 2
                && last_word.chars().all(|c| c.is_lowercase())
                && !pack.is_abbreviation(last_word);
        }
        Some(_) => return false,
    }
    if text.as_bytes()[dot] != b'.' {
        return true;
    }
    let stem = word.trim_end_matches('.');
    // Initials and dotted acronyms: "U.S.", "A.K.", "J."
    let letters: Vec<&str> = stem.split('.').collect();
    let is_initials = !stem.is_empty() && letters.iter().all(|p| p.chars().count() == 1);
    if is_initials && stem.chars().next().is_some_and(char::is_uppercase) {
        // "U.S." ends a sentence only when a new sentence clearly starts.
        return next_visible.is_some_and(|c| c.is_uppercase()) && starts_new_sentence(after, pack);
    }
    if pack.is_abbreviation(stem) {
        return false;
    }
    match next_visible {
        Some(c) => c.is_uppercase() || c.is_numeric() || matches!(c, '“' | '"' | '‘' | '(' | '['),
        None => true,
    }
}

/// After "U.S." a sentence starts with a function word or a pronoun, not a name.
fn starts_new_sentence(after: &str, pack: &LanguagePack) -> bool {
    let word: String = after
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect();
    word.starts_with(char::is_uppercase) && pack.function(&word, Function::Opener)
}

/// A word-like token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    /// Byte range in the document.
    pub span: Span,
    /// The token text.
    pub text: &'a str,
}

impl Token<'_> {
    /// Starts with an uppercase letter or is a capitalised code ("IK-19", "C5").
    pub fn is_capitalized(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }

    /// Letters only (allowing inner hyphens and apostrophes).
    pub fn is_word(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_alphabetic)
    }
}

/// Tokens of a span: words with inner hyphens, apostrophes (’ and ') and dots
/// ("al-Qaeda", "Tehrik-e-Taliban", "IK-19", "U.S."), numbers ("4,000"), and single
/// punctuation marks.
pub fn tokens<'t>(text: &'t str, span: Span, pack: &LanguagePack) -> Vec<Token<'t>> {
    let slice = &text[span.start..span.end];
    // About one token per five bytes of English: one allocation for most sentences.
    let mut out = Vec::with_capacity(slice.len() / 4 + 1);
    let mut at = 0;
    while let Some(c) = char_at(slice, at) {
        let start = at;
        at += c.len_utf8();
        if c.is_whitespace() {
            continue;
        }
        let mut end = at;
        // Only a word can hold an elided article: one joined by an apostrophe.
        let mut apostrophe = false;
        if c.is_alphanumeric() {
            loop {
                end = skip(slice, end, true);
                let Some(d) = char_at(slice, end) else {
                    break;
                };
                // A joiner continues the word only when a letter or digit follows it.
                let joins = matches!(d, '-' | '\'' | '’' | '.' | ',' | '&');
                let next = char_at(slice, end + d.len_utf8());
                let ok = joins
                    && next.is_some_and(char::is_alphanumeric)
                    && match d {
                        ',' => {
                            // Thousands separators only: "4,000".
                            c.is_ascii_digit()
                                && slice[end + 1..]
                                    .chars()
                                    .take(3)
                                    .filter(char::is_ascii_digit)
                                    .count()
                                    == 3
                        }
                        '.' => {
                            // Dotted acronyms "U.S." and decimals "1.5".
                            let word = &slice[start..end];
                            (word.chars().all(|x| x.is_uppercase() || x == '.')
                                && word.chars().next_back().is_some_and(char::is_uppercase))
                                || (word.chars().all(|x| x.is_ascii_digit())
                                    && next.is_some_and(|n| n.is_ascii_digit()))
                        }
                        _ => true,
                    };
                if ok {
                    apostrophe |= matches!(d, '\'' | '’');
                    end += d.len_utf8();
                    continue;
                }
                // The closing dot of a dotted acronym: "U.S." keeps its final period.
                if d == '.'
                    && slice[start..end].contains('.')
                    && slice[start..end]
                        .chars()
                        .all(|x| x.is_uppercase() || x == '.')
                {
                    end += 1;
                }
                break;
            }
            at = end;
        }
        // Romance elisions split after the apostrophe: "nell’Iraq" is "nell’" + "Iraq".
        let word = &slice[start..end];
        if apostrophe && let Some(cut) = elision(word, pack) {
            out.push(Token {
                span: Span::new(span.start + start, span.start + start + cut),
                text: &word[..cut],
            });
            out.push(Token {
                span: Span::new(span.start + start + cut, span.start + end),
                text: &word[cut..],
            });
            continue;
        }
        out.push(Token {
            span: Span::new(span.start + start, span.start + end),
            text: word,
        });
    }
    out
}

/// The byte length of an elided article or preposition at the start of a word
/// ("l’", "dell’", "nell'", "d’") when a capitalised name follows it.
fn elision(word: &str, pack: &LanguagePack) -> Option<usize> {
    let (index, apostrophe) = word.char_indices().find(|&(_, c)| c == '’' || c == '\'')?;
    let cut = index + apostrophe.len_utf8();
    let rest_capitalised = word[cut..].chars().next().is_some_and(char::is_uppercase);
    let elided = rest_capitalised && pack.is_elision(&word[..index]);
    elided.then_some(cut)
}

/// The maximal runs of letters and digits of `text`, with their byte offsets.
pub fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut at = 0;
    std::iter::from_fn(move || {
        at = skip(text, at, false);
        if at >= text.len() {
            return None;
        }
        let start = at;
        at = skip(text, at, true);
        Some((start, &text[start..at]))
    })
}

/// The spans of [`words`]: computed once per document for the passes that look words up.
pub fn word_spans(text: &str) -> Vec<Span> {
    // About one word per six bytes of English: sized once rather than grown.
    let mut spans = Vec::with_capacity(text.len() / 5 + 1);
    let mut at = skip(text, 0, false);
    while at < text.len() {
        let end = skip(text, at, true);
        spans.push(Span::new(at, end));
        at = skip(text, end, false);
    }
    spans
}

/// The character starting at byte `at` (a character boundary), decoded only when it is
/// not ASCII: the token scan reads most characters this way.
#[inline]
fn char_at(text: &str, at: usize) -> Option<char> {
    let byte = *text.as_bytes().get(at)?;
    if byte.is_ascii() {
        Some(char::from(byte))
    } else {
        text[at..].chars().next()
    }
}

/// A byte class of [`BYTE_CLASS`]: an ASCII byte that is neither letter nor digit.
const ASCII_OTHER: u8 = 0;
/// An ASCII letter or digit.
const ASCII_WORD: u8 = 1;
/// A byte of a multi-byte character: decoded to tell.
const MULTIBYTE: u8 = 2;

/// [`ASCII_WORD`], [`ASCII_OTHER`] or [`MULTIBYTE`] per byte: one load per byte in the
/// word scan.
static BYTE_CLASS: [u8; 256] = {
    let mut table = [MULTIBYTE; 256];
    let mut byte: u8 = 0;
    while byte < 128 {
        table[byte as usize] = if byte.is_ascii_alphanumeric() {
            ASCII_WORD
        } else {
            ASCII_OTHER
        };
        byte += 1;
    }
    table
};

/// The first byte at or after `at` (a character boundary) where letters and digits start
/// (`alphanumeric` false) or stop (true). Bytewise over ASCII runs, most of any English
/// text, and inlined into the scans that call it once or twice per word; only multi-byte
/// characters are decoded, out of line.
#[inline(always)]
fn skip(text: &str, mut at: usize, alphanumeric: bool) -> usize {
    let bytes = text.as_bytes();
    let same = if alphanumeric {
        ASCII_WORD
    } else {
        ASCII_OTHER
    };
    while let Some(&byte) = bytes.get(at) {
        match BYTE_CLASS[usize::from(byte)] {
            class if class == same => at += 1,
            MULTIBYTE => match multibyte_len(text, at, alphanumeric) {
                Some(len) => at += len,
                None => break,
            },
            _ => break,
        }
    }
    at
}

/// The byte length of the multi-byte character at `at` when it is (`alphanumeric`) or is
/// not a letter or digit, `None` otherwise.
#[inline(never)]
fn multibyte_len(text: &str, at: usize, alphanumeric: bool) -> Option<usize> {
    let c = text[at..].chars().next()?;
    // Typographic quotes, dashes and spaces (General Punctuation) are the commonest
    // characters beyond ASCII in English text, and none is a letter or digit: no
    // Unicode table lookup for them.
    let is_word = !('\u{2000}'..='\u{206F}').contains(&c) && c.is_alphanumeric();
    (is_word == alphanumeric).then_some(c.len_utf8())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Lexicon;
    use std::sync::LazyLock;

    static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| Lexicon::bundled().unwrap());

    fn english() -> &'static LanguagePack {
        LEXICON.default_pack()
    }

    fn clean(text: &str) -> String {
        Cleaner::new().unwrap().clean(text)
    }

    fn sentence_texts(text: &str) -> Vec<&str> {
        paragraphs(text)
            .into_iter()
            .flat_map(|p| sentences(text, p, english()))
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn chrome_is_blanked_without_moving_bytes() {
        let text = "Viewing results 1 - 6 of 285\n[caption id=\"a\"] Ghafari, Emir of ISIS-K; image: rewards.net[/caption] ok";
        let cleaned = clean(text);
        assert_eq!(cleaned.len(), text.len());
        assert!(
            !cleaned.contains("Viewing")
                && !cleaned.contains("caption")
                && !cleaned.contains("rewards")
        );
        assert!(cleaned.contains("Ghafari, Emir of ISIS-K"));
    }

    #[test]
    fn forum_chrome_goes() {
        let text = "Author Topic: Title (Read 449 times)\n0 Members and 1 Guest are viewing this topic.\nOffline someone\n  • Posts: 171,383\nBody.";
        let cleaned = clean(text);
        assert!(
            !cleaned.contains("Posts")
                && !cleaned.contains("Offline")
                && !cleaned.contains("Read 449")
        );
        assert!(cleaned.contains("Title") && cleaned.contains("Body."));
    }

    #[test]
    fn sentences_survive_abbreviations_and_initials() {
        let text = "Lt. Gen. A.K. Smith met U.S. officials in St. Petersburg. The talks ended. Arrested in the U.S. Many fled.\nNext line";
        assert_eq!(
            sentence_texts(text),
            vec![
                "Lt. Gen. A.K. Smith met U.S. officials in St. Petersburg.",
                "The talks ended.",
                "Arrested in the U.S. Many fled.",
                "Next line"
            ]
        );
        assert_eq!(
            sentence_texts("in the region.Despite this"),
            vec!["in the region.", "Despite this"]
        );
    }

    #[test]
    fn run_on_text_is_cut_into_bounded_sentences() {
        let run_on = "officials said the attack was claimed. ".repeat(3000);
        let hyphenated = "Alpha-Kabul-".repeat(20_000);
        for text in [run_on.as_str(), hyphenated.as_str()] {
            let pieces: Vec<Span> = paragraphs(text)
                .into_iter()
                .flat_map(|p| sentences(text, p, english()))
                .collect();
            assert!(pieces.len() > 1);
            assert!(
                pieces.iter().all(|s| s.len() <= 4 * MAX_SENTENCE_BYTES + 4),
                "{:?}",
                pieces.iter().map(Span::len).max()
            );
            assert!(
                pieces
                    .iter()
                    .all(|s| text.is_char_boundary(s.start) && text.is_char_boundary(s.end))
            );
        }
    }

    #[test]
    fn tokens_keep_names_whole_and_slice_the_input() {
        let text = "al-Qaeda’s IK-19 U.S. Tehrik-e-Taliban 4,000 fighters, ISIS-K.";
        let toks = tokens(text, Span::new(0, text.len()), english());
        let words: Vec<&str> = toks.iter().map(|t| t.text).collect();
        assert_eq!(
            words,
            vec![
                "al-Qaeda’s",
                "IK-19",
                "U.S.",
                "Tehrik-e-Taliban",
                "4,000",
                "fighters",
                ",",
                "ISIS-K",
                "."
            ]
        );
        for t in toks {
            assert_eq!(&text[t.span.start..t.span.end], t.text);
        }
    }

    #[test]
    fn general_punctuation_holds_no_letter_or_digit() {
        assert!(('\u{2000}'..='\u{206F}').all(|c| !c.is_alphanumeric()));
    }

    #[test]
    fn words_are_runs_of_letters_and_digits_with_offsets() {
        let found: Vec<(usize, &str)> = words("ISIS-K’s IK-19, Tajik.").collect();
        assert_eq!(
            found,
            [
                (0, "ISIS"),
                (5, "K"),
                (9, "s"),
                (11, "IK"),
                (14, "19"),
                (18, "Tajik")
            ]
        );
    }
}
