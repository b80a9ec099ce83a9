//! A document as sentences: tokens, language and headline flags per sentence.
//!
//! Later passes need to know whether capitals mean anything (not in a title-case
//! headline) and whether English patterns apply (not in an Italian paragraph); both are
//! decided once here, per paragraph.

use crate::text::{self, Token};
use osintkg_graph::Span;

/// One sentence of a document.
#[derive(Debug, Clone)]
pub struct Sentence<'a> {
    /// Position in the document's sentence list.
    pub index: usize,
    /// Byte range.
    pub span: Span,
    /// Index of its paragraph.
    pub paragraph: usize,
    /// Part of a title-case headline, where capitals carry no information.
    pub headline: bool,
    /// A title line (short, unpunctuated, any case): it opens a new article.
    pub title: bool,
    /// Written in English, so English patterns apply.
    pub english: bool,
    /// Tokens.
    pub tokens: Vec<Token<'a>>,
}

/// Splits cleaned text into sentences.
pub fn segment(text: &str) -> (Vec<Sentence<'_>>, Vec<Option<whatlang::Lang>>) {
    let mut out = Vec::new();
    let mut languages = Vec::new();
    for (paragraph, span) in text::paragraphs(text).into_iter().enumerate() {
        let slice = &text[span.start..span.end];
        let headline = is_headline(slice);
        let title = headline || is_title_line(slice);
        let lang = detect_language(slice);
        languages.push(lang);
        let english = lang.is_none_or(|l| l == whatlang::Lang::Eng);
        for sentence in text::sentences(text, span) {
            out.push(Sentence {
                index: out.len(),
                span: sentence,
                paragraph,
                headline,
                title,
                english,
                tokens: text::tokens(text, sentence),
            });
        }
    }
    (out, languages)
}

/// Languages of the regions this tool reads about and of the outlets that report on
/// them; fewer candidates make detection several times faster and no less accurate for
/// them.
static DETECTOR: std::sync::LazyLock<whatlang::Detector> = std::sync::LazyLock::new(|| {
    use whatlang::Lang::*;
    whatlang::Detector::with_allowlist(vec![
        Eng, Ita, Fra, Spa, Deu, Por, Nld, Tur, Rus, Ukr, Ara, Pes, Urd, Uzb, Hin, Cmn, Heb,
    ])
});

/// The language of a paragraph. Plain English prose is recognised from its function
/// words without running the detector; otherwise whatlang reads a prefix, which is as
/// reliable as the whole paragraph and keeps the cost per paragraph bounded.
fn detect_language(paragraph: &str) -> Option<whatlang::Lang> {
    const ENGLISH: &[&str] = &[
        "the", "of", "and", "to", "in", "is", "that", "for", "with", "was", "were", "has", "have",
        "its", "by", "on",
    ];
    // Function words of the other languages the seeds' sources write in: a short line
    // with none of them (a headline, a byline) is English.
    const FOREIGN: &[&str] = &[
        "di", "del", "della", "dello", "dei", "nel", "nella", "il", "gli", "è", "che", "per",
        "una", "des", "du", "les", "est", "el", "los", "las", "y", "der", "die", "das", "und",
    ];
    let words: Vec<&str> = paragraph.split_whitespace().take(60).collect();
    let count = |list: &[&str]| {
        words
            .iter()
            .filter(|w| crate::lexicon::contains(list, w))
            .count()
    };
    let (english, foreign) = (count(ENGLISH), count(FOREIGN));
    if words.len() >= 8 && english * 5 >= words.len() && english > foreign {
        return Some(whatlang::Lang::Eng);
    }
    if words.len() < 8 && foreign == 0 {
        return None;
    }

    let mut end = paragraph.len().min(400);
    while !paragraph.is_char_boundary(end) {
        end -= 1;
    }
    DETECTOR
        .detect(&paragraph[..end])
        .filter(|info| info.is_reliable())
        .map(|info| info.lang())
}

/// A title in sentence case: a short line with no closing punctuation
/// ("Germany confirms its military presence in Iraq").
pub fn is_title_line(line: &str) -> bool {
    let line = line.trim();
    let words = line.split_whitespace().count();
    (4..=20).contains(&words)
        && !line.ends_with(['.', '!', '?', '…', ':', ';', ',', '"', '”'])
        && line.starts_with(char::is_uppercase)
}

/// A line in title case with no closing period: "Uzbek Security Chief: SCO Must Help".
pub fn is_headline(line: &str) -> bool {
    let words: Vec<&str> = line
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.chars().count() >= 4)
        .collect();
    // Bylines and lone names are not headlines, whatever their capitals.
    if line.trim_start().starts_with("By ") || line.split_whitespace().count() < 4 {
        return false;
    }
    if words.is_empty()
        || words.len() > 25
        || line.trim_end().ends_with(['.', '…']) && words.len() > 12
    {
        return false;
    }
    let capitalized = words
        .iter()
        .filter(|w| w.starts_with(char::is_uppercase))
        .count();
    capitalized * 10 >= words.len() * 7
}

/// Byte length of a possessive suffix on a token: "ISKP’s" → 4, "Tajiks'" → 0.
pub fn possessive_len(token: &str) -> usize {
    for suffix in ["’s", "'s", "’S", "'S"] {
        if token.len() > suffix.len() && token.ends_with(suffix) {
            return suffix.len();
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headlines_are_title_case_lines() {
        assert!(is_headline(
            "Uzbek Security Chief: SCO Must Help Afghanistan to Fight Islamic State Khorasan Province"
        ));
        assert!(!is_headline(
            "The Shanghai Cooperation Organization (SCO) is holding its 10th regional anti-terrorism conference in Tashkent."
        ));
    }

    #[test]
    fn italian_paragraphs_are_not_english() {
        let text = "Le forze di sicurezza irachene hanno arrestato nella notte di martedì un militante dello Stato Islamico nella provincia di Kirkuk nel nord dell’Iraq.";
        let (sentences, _) = segment(text);
        assert!(!sentences[0].english);
    }

    #[test]
    fn possessives_measure_in_bytes() {
        assert_eq!(possessive_len("ISKP’s"), "’s".len());
        assert_eq!(possessive_len("Moscow's"), 2);
        assert_eq!(possessive_len("s"), 0);
    }
}
