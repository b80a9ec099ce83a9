//! A document as sentences: tokens, language and headline flags per sentence.
//!
//! Later passes need to know whether capitals mean anything (not in a title-case
//! headline) and which language's words to read (the paragraph's language pack); both
//! are decided once here, per paragraph.

use crate::lexicon::{LanguagePack, Lexicon, PackSet};
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
    /// The words of the paragraph's language.
    pub pack: &'a LanguagePack,
    /// Tokens.
    pub tokens: Vec<Token<'a>>,
}

/// Splits cleaned text into sentences.
pub fn segment<'a>(
    text: &'a str,
    lexicon: &'a Lexicon,
) -> (Vec<Sentence<'a>>, Vec<Option<whatlang::Lang>>) {
    let mut out = Vec::new();
    let mut languages = Vec::new();
    for (paragraph, span) in text::paragraphs(text).into_iter().enumerate() {
        let slice = &text[span.start..span.end];
        let lang = detect_language(slice, lexicon);
        languages.push(lang);
        let pack = lexicon.pack(lang.map(iso_639_1));
        let headline = is_headline(slice, pack);
        // A byline ("By Peter Smith") is a short unpunctuated line too, but it opens no
        // article: the story it signs goes on.
        let title = headline || is_title_line(slice) && !is_byline(slice, pack);
        for sentence in text::sentences(text, span, pack) {
            out.push(Sentence {
                index: out.len(),
                span: sentence,
                paragraph,
                headline,
                title,
                pack,
                tokens: text::tokens(text, sentence, pack),
            });
        }
    }
    (out, languages)
}

/// Languages of the regions this tool reads about and of the outlets that report on
/// them; fewer candidates make detection several times faster and no less accurate for
/// them.
const DETECTABLE: [whatlang::Lang; 17] = {
    use whatlang::Lang::*;
    [
        Eng, Ita, Fra, Spa, Deu, Por, Nld, Tur, Rus, Ukr, Ara, Pes, Urd, Uzb, Hin, Cmn, Heb,
    ]
};

static DETECTOR: std::sync::LazyLock<whatlang::Detector> =
    std::sync::LazyLock::new(|| whatlang::Detector::with_allowlist(DETECTABLE.to_vec()));

/// The language of a paragraph. Prose and headlines of the default language (English)
/// are recognised from its packs' marker words without running the detector (it costs 20-50 µs a paragraph, more than
/// the rest of entity extraction); anything else goes to whatlang, which reads a prefix,
/// longer if the first is not conclusive, so the cost per paragraph stays bounded.
fn detect_language(paragraph: &str, lexicon: &Lexicon) -> Option<whatlang::Lang> {
    let markers = Markers::count(paragraph, lexicon);
    let Markers {
        words,
        english,
        foreign,
        ..
    } = markers;
    if foreign == 0 && (english >= 2 || words < 8) {
        // A short line with none of the other languages' function words (a headline, a
        // byline) is English too; `None` says it was not measured.
        return (english >= 2).then_some(whatlang::Lang::Eng);
    }
    if words >= 8 && english * 5 >= words && english > foreign {
        return Some(whatlang::Lang::Eng);
    }
    if let Some(lang) = markers.voted_language(lexicon) {
        return Some(lang);
    }
    // A couple of hundred bytes settle most paragraphs; read more only when they do not.
    for limit in [200, 600] {
        let mut end = paragraph.len().min(limit);
        while !paragraph.is_char_boundary(end) {
            end -= 1;
        }
        let detected = DETECTOR
            .detect(&paragraph[..end])
            .filter(|info| info.is_reliable());
        if detected.is_some() || end == paragraph.len() {
            return detected.map(|info| info.lang());
        }
    }
    None
}

/// The marker words of a paragraph's opening (its first 60 words).
struct Markers {
    words: usize,
    /// Words that mark the default language only.
    english: usize,
    /// Words that mark another language.
    foreign: usize,
    /// Per pack of [`Lexicon::packs`], the foreign marker words it holds.
    votes: Vec<usize>,
}

impl Markers {
    fn count(paragraph: &str, lexicon: &Lexicon) -> Markers {
        let default = PackSet::only(lexicon.default_index());
        let mut markers = Markers {
            words: 0,
            english: 0,
            foreign: 0,
            votes: vec![0; lexicon.packs().len()],
        };
        for word in paragraph.split_whitespace().take(60) {
            markers.words += 1;
            match lexicon.marker(word) {
                Some(packs) if packs == default => markers.english += 1,
                Some(packs) => {
                    markers.foreign += 1;
                    for (index, count) in markers.votes.iter_mut().enumerate() {
                        *count += usize::from(packs.contains(index));
                    }
                }
                None => {}
            }
        }
        markers
    }

    /// The language whose pack's marker words clearly dominate a paragraph's opening: at
    /// least three of them, one word in eight, twice the count of any other pack's and more
    /// than the default language's. Such a paragraph needs no detector (whatlang costs
    /// ≈ 0.2M instructions a paragraph, more than the rest of its entity pass); a paragraph
    /// with weaker or mixed evidence still goes to it.
    fn voted_language(&self, lexicon: &Lexicon) -> Option<whatlang::Lang> {
        let default = lexicon.default_index();
        let (best, &count) = self
            .votes
            .iter()
            .enumerate()
            .filter(|&(index, _)| index != default)
            .max_by_key(|&(_, count)| *count)?;
        let runner_up = self
            .votes
            .iter()
            .enumerate()
            .filter(|&(index, _)| index != best && index != default)
            .map(|(_, count)| *count)
            .max()
            .unwrap_or(0);
        let clear =
            count >= 3 && count * 8 >= self.words && count >= 2 * runner_up && count > self.english;
        let code = lexicon.packs()[best].code();
        clear
            .then(|| DETECTABLE.into_iter().find(|&lang| iso_639_1(lang) == code))
            .flatten()
    }
}

/// The ISO 639-1 code of a detected language: the name of its pack's folder.
fn iso_639_1(lang: whatlang::Lang) -> &'static str {
    use whatlang::Lang::*;
    match lang {
        Eng => "en",
        Ita => "it",
        Fra => "fr",
        Spa => "es",
        Deu => "de",
        Por => "pt",
        Nld => "nl",
        Tur => "tr",
        Rus => "ru",
        Ukr => "uk",
        Ara => "ar",
        Pes => "fa",
        Urd => "ur",
        Uzb => "uz",
        Hin => "hi",
        Cmn => "zh",
        Heb => "he",
        // Outside the detector's allow-list: never detected, read with the shared words.
        _ => "und",
    }
}

/// A title in sentence case: a short line with no closing punctuation
/// ("Germany confirms its military presence in Iraq").
pub fn is_title_line(line: &str) -> bool {
    let line = line.trim();
    // The ends first: most paragraphs are prose that fails them, before any word count.
    !line.ends_with(['.', '!', '?', '…', ':', ';', ',', '"', '”'])
        && line.starts_with(char::is_uppercase)
        && (4..=20).contains(&line.split_whitespace().take(21).count())
}

/// A line opened by a capitalised agentive preposition ("By Peter Smith"), or a line
/// that only lists two or more names of two to four capitalised words ("Jane Roe, Ann
/// Poe and Max Doe"): the authors of the story, not its headline.
fn is_byline(line: &str, pack: &LanguagePack) -> bool {
    let opened = line.split_whitespace().next().is_some_and(|first| {
        first.starts_with(char::is_uppercase)
            && pack.preposition(first, crate::lexicon::Meaning::Agentive)
    });
    opened || is_name_list(line, pack)
}

/// Two or more runs of two to four capitalised words, joined by commas and a
/// coordinator, with nothing else on the line.
fn is_name_list(line: &str, pack: &LanguagePack) -> bool {
    let line = line.trim();
    if line.len() > 200 || !line.contains(',') || line.contains('\n') {
        return false;
    }
    let (mut names, mut words) = (0, 0);
    for raw in line.split_whitespace() {
        let word = raw.strip_suffix(',').unwrap_or(raw);
        if pack.function(word, crate::lexicon::Function::Coordinator) {
            if words < 2 || raw.ends_with(',') {
                return false;
            }
            names += 1;
            words = 0;
            continue;
        }
        if !word.starts_with(char::is_uppercase)
            || !word
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'))
        {
            return false;
        }
        words += 1;
        if words > 4 {
            return false;
        }
        if raw.ends_with(',') {
            if words < 2 {
                return false;
            }
            names += 1;
            words = 0;
        }
    }
    words >= 2 && names >= 1
}

/// A line in title case with no closing period: "Uzbek Security Chief: SCO Must Help".
pub fn is_headline(line: &str, pack: &LanguagePack) -> bool {
    // Bylines ("By Peter Smith, …") and lone names are not headlines, whatever their
    // capitals.
    if is_byline(line, pack) || line.split_whitespace().take(4).count() < 4 {
        return false;
    }
    // Words of four letters or more, and how many are capitalised. Paragraphs are usually
    // long: stop at the first count that already rules a headline out (13 words when it
    // ends with a period, 26 otherwise), or at the first lowercase word too many for
    // seven in ten of at most `limit - 1` words to be capitalised.
    let ends_with_period = line.trim_end().ends_with(['.', '…']);
    let limit = if ends_with_period { 13 } else { 26 };
    let (mut words, mut capitalized) = (0, 0);
    for word in line
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.chars().nth(3).is_some())
        .take(limit)
    {
        words += 1;
        if word.starts_with(char::is_uppercase) {
            capitalized += 1;
        } else if (words - capitalized) * 10 > (limit - 1) * 3 {
            return false;
        }
    }
    if words == 0 || words > 25 || ends_with_period && words > 12 {
        return false;
    }
    capitalized * 10 >= words * 7
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
    use std::sync::LazyLock;

    static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| Lexicon::bundled().unwrap());

    #[test]
    fn headlines_are_title_case_lines() {
        let english = LEXICON.default_pack();
        assert!(is_headline(
            "Uzbek Security Chief: SCO Must Help Afghanistan to Fight Islamic State Khorasan Province",
            english
        ));
        assert!(!is_headline(
            "The Shanghai Cooperation Organization (SCO) is holding its 10th regional anti-terrorism conference in Tashkent.",
            english
        ));
        assert!(!is_headline(
            "By Peter Smith, Levent Kemal, And Lucas Webber",
            english
        ));
    }

    fn voted(paragraph: &str) -> Option<whatlang::Lang> {
        Markers::count(paragraph, &LEXICON).voted_language(&LEXICON)
    }

    #[test]
    fn a_paragraph_full_of_one_packs_marker_words_needs_no_detector() {
        let italian = "Il ministro della difesa ha detto che la riunione del consiglio per la sicurezza si terrà nella capitale.";
        assert_eq!(voted(italian), Some(whatlang::Lang::Ita));
        assert_eq!(
            detect_language(italian, &LEXICON),
            Some(whatlang::Lang::Ita)
        );
        // Two marker words are too few to decide: the detector reads it.
        assert_eq!(voted("Nuovi arresti nella regione del nord"), None);
        // English prose is decided before any vote.
        assert_eq!(
            voted("The minister said that the council will meet in the capital."),
            None
        );
    }

    #[test]
    fn italian_paragraphs_are_not_english() {
        let text = "Le forze di sicurezza irachene hanno arrestato nella notte di martedì un militante dello Stato Islamico nella provincia di Kirkuk nel nord dell’Iraq.";
        let (sentences, _) = segment(text, &LEXICON);
        assert_eq!(sentences[0].pack.code(), "it");
    }

    #[test]
    fn possessives_measure_in_bytes() {
        assert_eq!(possessive_len("ISKP’s"), "’s".len());
        assert_eq!(possessive_len("Moscow's"), 2);
        assert_eq!(possessive_len("s"), 0);
    }

    #[test]
    fn function_words_settle_english_and_send_the_rest_to_the_detector() {
        use whatlang::Lang;
        let detect_language_ = |text: &str| detect_language(text, &LEXICON);
        assert_eq!(
            detect_language_("Islamic State wilayats pledged allegiance to their new leader"),
            Some(Lang::Eng)
        );
        assert_eq!(
            detect_language_(
                "Il Caucaso del Nord continua a dare segnali contrastanti per quel che riguarda la sicurezza interna."
            ),
            Some(Lang::Ita)
        );
        // "as" and "a" are English words and Portuguese articles.
        for foreign in [
            "As forças de segurança prenderam dois militantes do Estado Islâmico na província.",
            "Las fuerzas de seguridad detuvieron a dos militantes del Estado Islámico en la provincia.",
        ] {
            assert_ne!(detect_language_(foreign), Some(Lang::Eng), "{foreign}");
        }
        // A byline: too short to tell, and nothing foreign in it.
        assert_eq!(detect_language_("By Lucas Webber"), None);
    }
}
