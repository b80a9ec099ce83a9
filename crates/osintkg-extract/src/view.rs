//! A document as the relation and event passes see it: sentences with the entity
//! mentions, dates and article of each.
//!
//! Both passes ask the same questions (which actor stands before this word, which place
//! follows that preposition, where does the clause end), so the answers live here once.

use crate::dates::{DateContext, DateMention, Written};
use crate::entities::DocEntity;
use crate::lexicon::{Function, LanguagePack, Lexeme, Listed, Meaning, Trigger};
use crate::segment::Sentence;
use crate::tagger::{Pos, Tag, Tagger, Tagging};
use crate::text::Token;
use jiff::civil::Date;
use osintkg_graph::{EntityType, Span};
use std::cell::RefCell;

/// One entity mention placed in its sentence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Slot {
    /// Index of the entity.
    pub entity: usize,
    /// Byte range of the mention.
    pub span: Span,
    /// First token of the mention.
    pub first: usize,
    /// One past its last token.
    pub last: usize,
    /// The entity's type.
    pub kind: EntityType,
}

impl Slot {
    /// People, organisations and states act; places do not.
    pub fn is_actor(&self) -> bool {
        matches!(
            self.kind,
            EntityType::Person | EntityType::Organization | EntityType::Country
        )
    }

    /// Places, and states named as places.
    pub fn is_place(&self) -> bool {
        matches!(self.kind, EntityType::Location | EntityType::Country)
    }
}

/// Whether a clause ends at a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Boundary {
    Always,
    Never,
    /// After a verb of speech, a word the tagger reads as a subordinating conjunction
    /// opens the reported clause ("reported that X was killed"). The tag is read when a
    /// clause is delimited across the word: tagging stops at the last tag read.
    IfSubordinator,
}

/// The passes' view of one document.
pub struct DocView<'a> {
    /// The cleaned text.
    pub text: &'a str,
    /// Its sentences.
    pub sentences: &'a [Sentence<'a>],
    /// The recognised entities.
    pub entities: &'a [DocEntity],
    /// Mentions per sentence, in text order.
    pub slots: Vec<Vec<Slot>>,
    /// Dates per sentence.
    pub dates: Vec<Vec<DateMention>>,
    /// Article index per sentence: a headline starts a new article.
    pub articles: Vec<usize>,
    /// What the pack says about each token, looked up once (only when the relation and
    /// event passes run).
    lexemes: Vec<Vec<Lexeme>>,
    /// Clause boundaries per token.
    boundaries: Vec<Vec<Boundary>>,
    /// Part-of-speech tags per sentence, for English sentences with an event trigger or
    /// a verb of speech when the relation and event passes run (empty otherwise). A
    /// sentence is tagged on the first read of a tag, up to that tag: the rules read
    /// tags near triggers, and a greedy tagger's tag needs none of the tags after it.
    tags: Vec<Option<RefCell<Tagging<'a>>>>,
}

impl<'a> DocView<'a> {
    /// Places mentions and dates in their sentences.
    pub fn new(
        text: &'a str,
        sentences: &'a [Sentence<'a>],
        entities: &'a [DocEntity],
        context: Option<&DateContext>,
    ) -> Self {
        let mut slots: Vec<Vec<Slot>> = vec![Vec::new(); sentences.len()];
        for (entity_index, entity) in entities.iter().enumerate() {
            for mention in &entity.mentions {
                let Some(sentence) = sentences.get(mention.sentence) else {
                    continue;
                };
                let tokens = &sentence.tokens;
                let Some(first) = tokens.iter().position(|t| t.span.end > mention.span.start)
                else {
                    continue;
                };
                let last = tokens
                    .iter()
                    .rposition(|t| t.span.start < mention.span.end)
                    .map_or(first + 1, |i| i + 1);
                slots[mention.sentence].push(Slot {
                    entity: entity_index,
                    span: mention.span,
                    first,
                    last,
                    kind: entity.kind,
                });
            }
        }
        for list in &mut slots {
            list.sort_by_key(|s| s.span.start);
        }
        // A headline opens an article; the title lines right under it (a byline without
        // "By", a dateline, a standfirst without a period) are its head, not new articles.
        let mut articles = Vec::with_capacity(sentences.len());
        let mut article = 0;
        let mut previous_title = false;
        for sentence in sentences {
            if sentence.title && !previous_title && !articles.is_empty() {
                article += 1;
            }
            previous_title = sentence.title;
            articles.push(article);
        }
        let dates = match context {
            Some(context) => dates_in_context(text, sentences, &articles, context),
            None => vec![Vec::new(); sentences.len()],
        };
        let lexemes: Vec<Vec<Lexeme>> = if context.is_some() {
            sentences
                .iter()
                .map(|s| s.tokens.iter().map(|t| s.pack.lexeme(t.text)).collect())
                .collect()
        } else {
            Vec::new()
        };
        let tags: Vec<Option<RefCell<Tagging<'a>>>> = match Tagger::english() {
            Ok(tagger) if context.is_some() => sentences
                .iter()
                .zip(&lexemes)
                .map(|(s, lexemes)| {
                    // Tags are read at event triggers and after verbs of speech: other
                    // sentences are not tagged (the tagger costs as much as the rules).
                    let read = lexemes.iter().any(|l| l.trigger().is_some())
                        || s.tokens.iter().zip(lexemes).any(|(t, l)| {
                            l.listed(Listed::SpeechVerb) && s.pack.is_speech_verb(t.text)
                        });
                    (s.pack.code() == "en" && read).then(|| RefCell::new(tagger.tagging(&s.tokens)))
                })
                .collect(),
            _ => Vec::new(),
        };
        let boundaries = lexemes
            .iter()
            .zip(sentences)
            .zip(&tags)
            .map(|((lexemes, s), tagging)| {
                (0..s.tokens.len())
                    .map(|i| {
                        if is_clause_boundary(&s.tokens, lexemes, i) {
                            Boundary::Always
                        } else if i > 0
                            && tagging.is_some()
                            && lexemes[i - 1].listed(Listed::SpeechVerb)
                            && s.pack.is_speech_verb(s.tokens[i - 1].text)
                        {
                            Boundary::IfSubordinator
                        } else {
                            Boundary::Never
                        }
                    })
                    .collect()
            })
            .collect();
        DocView {
            text,
            sentences,
            entities,
            slots,
            dates,
            articles,
            lexemes,
            boundaries,
            tags,
        }
    }

    /// The language pack of a sentence.
    pub fn pack(&self, sentence: usize) -> &'a LanguagePack {
        self.sentences[sentence].pack
    }

    /// What the sentence's pack says about a token (nothing past the end).
    pub fn lexeme(&self, sentence: usize, index: usize) -> Lexeme {
        match self.lexemes.get(sentence) {
            Some(lexemes) => lexemes.get(index).copied().unwrap_or_default(),
            None => self
                .tokens(sentence)
                .get(index)
                .map(|t| self.pack(sentence).lexeme(t.text))
                .unwrap_or_default(),
        }
    }

    /// The event a token proposes as a trigger word (nothing past the end).
    pub fn trigger(&self, sentence: usize, index: usize) -> Option<Trigger> {
        self.lexeme(sentence, index).trigger()
    }

    /// (Inlined into the clause scans, which call it for every token they pass.)
    #[inline]
    fn is_boundary(&self, sentence: usize, index: usize) -> bool {
        match self.boundaries.get(sentence) {
            Some(boundaries) => match boundaries[index] {
                Boundary::Always => true,
                Boundary::Never => false,
                Boundary::IfSubordinator => self
                    .tag(sentence, index)
                    .is_some_and(|t| t.pos == Pos::Sconj),
            },
            None => self.is_boundary_unlooked(sentence, index),
        }
    }

    /// [`DocView::is_boundary`] without the lexemes looked up (the entity pass).
    #[cold]
    fn is_boundary_unlooked(&self, sentence: usize, index: usize) -> bool {
        let tokens = self.tokens(sentence);
        let lexemes: Vec<Lexeme> = tokens
            .iter()
            .map(|t| self.pack(sentence).lexeme(t.text))
            .collect();
        is_clause_boundary(tokens, &lexemes, index)
    }

    /// The tagger's tag of a token, when its sentence was tagged.
    pub fn tag(&self, sentence: usize, index: usize) -> Option<Tag> {
        self.tags.get(sentence)?.as_ref()?.borrow_mut().tag(index)
    }

    /// The tokens of a sentence.
    pub fn tokens(&self, sentence: usize) -> &[Token<'a>] {
        &self.sentences[sentence].tokens
    }

    /// The lowercase token text at a position, or "".
    pub fn word(&self, sentence: usize, index: usize) -> String {
        self.tokens(sentence)
            .get(index)
            .map(|t| t.text.to_lowercase())
            .unwrap_or_default()
    }

    /// The slot that starts at a token, if any.
    pub fn slot_at(&self, sentence: usize, token: usize) -> Option<&Slot> {
        self.slots[sentence].iter().find(|s| s.first == token)
    }

    /// The start of the clause around a token: after the nearest clause boundary before it.
    pub fn clause_start(&self, sentence: usize, token: usize) -> usize {
        (0..token)
            .rev()
            .find(|&i| self.is_boundary(sentence, i))
            .map_or(0, |i| i + 1)
    }

    /// The end of the clause around a token: the nearest clause boundary after it.
    pub fn clause_end(&self, sentence: usize, token: usize) -> usize {
        let len = self.tokens(sentence).len();
        (token + 1..len)
            .find(|&i| self.is_boundary(sentence, i))
            .unwrap_or(len)
    }

    /// The entity's type.
    pub fn kind(&self, entity: usize) -> EntityType {
        self.entities[entity].kind
    }

    /// The places a phrase after a token introduces: "in Kerman, Iran", "outside Moscow",
    /// "on the outskirts of Moscow" — the slots after a locative preposition up to the
    /// clause end, chained through commas and "and".
    pub fn places_after(&self, sentence: usize, from: usize, to: usize) -> Vec<Slot> {
        let mut out: Vec<Slot> = Vec::new();
        for slot in self.slots[sentence]
            .iter()
            .filter(|s| s.first >= from && s.first < to && s.is_place())
        {
            let introduced = self.preceded_by_locative(sentence, slot.first);
            let chained = out.last().is_some_and(|prev| {
                prev.last + 1 == slot.first && self.is_list_joint(sentence, prev.last)
                    || prev.last == slot.first
            });
            if introduced || chained {
                out.push(*slot);
            }
        }
        out
    }

    /// True when a hyphen glues the slot to the word after it, making the name a
    /// modifier: "Greek-owned", "Islamic State-linked".
    pub fn hyphen_after(&self, slot: &Slot) -> bool {
        self.text
            .get(slot.span.end..)
            .is_some_and(|t| t.starts_with('-'))
    }

    /// True when a possessive "'s" follows the slot: "Syria's army", "Uzbekistan’s
    /// president".
    pub fn possessive_after(&self, slot: &Slot) -> bool {
        self.text
            .get(slot.span.end..)
            .is_some_and(|t| t.starts_with("’s ") || t.starts_with("'s "))
    }

    /// True when a hyphen glues the slot to the word before it: "the Israel-Hamas war".
    pub fn hyphen_before(&self, slot: &Slot) -> bool {
        self.text
            .get(..slot.span.start)
            .is_some_and(|t| t.ends_with('-'))
    }

    /// True when the token joins the items of a list: a comma or a coordinator.
    pub fn is_list_joint(&self, sentence: usize, token: usize) -> bool {
        self.tokens(sentence).get(token).is_some_and(|t| {
            t.text == "," || self.lexeme(sentence, token).function(Function::Coordinator)
        })
    }

    /// True when the words before a token introduce a place: "in", "outside", "in the
    /// remote", "on the outskirts of", Italian "nella provincia di".
    pub fn preceded_by_locative(&self, sentence: usize, index: usize) -> bool {
        let tokens = self.tokens(sentence);
        let pack = self.pack(sentence);
        let mut i = index;
        // Determiners and adjectives may stand between the preposition and the name.
        for _ in 0..3 {
            if i == 0 {
                return false;
            }
            let word = tokens[i - 1].text;
            let lexeme = self.lexeme(sentence, i - 1);
            if lexeme.preposition(Meaning::Place) {
                return true;
            }
            if lexeme.preposition(Meaning::Genitive)
                && i >= 2
                && pack.is_locative_noun(tokens[i - 2].text)
            {
                return true;
            }
            // A partner's preposition heads a phrase of its own: "along with Chad",
            // "in talks with Egypt".
            if lexeme.preposition(Meaning::Comitative) {
                return false;
            }
            // Determiners and adjectives: "in the remote", "in major US cities".
            let modifier = !word.is_empty() && word.chars().all(|c| c.is_lowercase() || c == '-');
            if !modifier {
                return false;
            }
            i -= 1;
        }
        false
    }
}

/// How many words a quoted name holds at most.
const QUOTED_NAME_REACH: usize = 8;

/// True when a quotation mark opens or closes a name quoted after a naming word ("a
/// procession named "March for Peace" in the capital"): the name is no words said, and
/// the clause goes on past it.
fn quoted_name(tokens: &[Token<'_>], lexemes: &[Lexeme], index: usize) -> bool {
    let is_quote = |i: usize| matches!(tokens[i].text, "“" | "”" | "\"");
    let opens_name =
        |i: usize| i > 0 && is_quote(i) && lexemes[i - 1].function(Function::QuotedName);
    if !is_quote(index) {
        return false;
    }
    opens_name(index)
        || (index.saturating_sub(QUOTED_NAME_REACH)..index)
            .rev()
            .find(|&i| is_quote(i))
            .is_some_and(opens_name)
}

/// Semicolons, colons, dashes between clauses, subordinators, and relative pronouns and
/// contrasts after a comma end a clause.
fn is_clause_boundary(tokens: &[Token<'_>], lexemes: &[Lexeme], index: usize) -> bool {
    let text = tokens[index].text;
    if quoted_name(tokens, lexemes, index) {
        return false;
    }
    // A spaced hyphen is a dash: "OUAGADOUGOU (AFP) - Suspected jihadists killed".
    if matches!(text, ";" | ":" | "–" | "—" | "“" | "”" | "\"" | "-") {
        return true;
    }
    let lexeme = lexemes[index];
    if lexeme.function(Function::Subordinator) {
        return true;
    }
    (lexeme.function(Function::Relative) || lexeme.function(Function::Contrast))
        && index > 0
        && tokens[index - 1].text == ","
}

/// The year of a year-less day ("the May 3 bombing") that names a day its article
/// already wrote in full ("a bus terminal bombed on 3 May 2019"): a
/// retelling names the same day, whatever the article's own year. The latest such day
/// wins.
fn same_day_written(written: &Written, days: &[(usize, Date)], article: usize) -> Option<i16> {
    let Written::YearLess {
        month,
        day: Some(day),
    } = written
    else {
        return None;
    };
    days.iter()
        .rev()
        .find(|(a, d)| *a == article && d.month() == *month && d.day() == *day)
        .map(|(_, d)| d.year())
}

/// The dates of each sentence. A year-less date ("on March 22", "in June") takes the
/// article's year when its date is known. Without it, the year of the last date with a
/// month the same article wrote before ("in April 2022 … In June of that year"), or else
/// the year of the latest complete date the document writes, which news reports near;
/// a year alone ("a 2017 attack", "in 2014") is no such anchor, and with no anchor the
/// date stays undated.
fn dates_in_context(
    text: &str,
    sentences: &[Sentence<'_>],
    articles: &[usize],
    context: &DateContext,
) -> Vec<Vec<DateMention>> {
    let scanned: Vec<_> = sentences
        .iter()
        .map(|s| s.pack.dates().scan(text, s.span, context.article))
        .collect();
    let latest_complete = scanned
        .iter()
        .flatten()
        .filter(|d| d.written.is_complete())
        .filter_map(|d| d.written.year())
        .max();
    let document_year = context.default_year.or(latest_complete);
    let mut year_in_article: Option<(usize, i16)> = None;
    // The days the article wrote in full so far, for a year-less retelling of one.
    let mut days_written: Vec<(usize, Date)> = Vec::new();
    // The day the story last named, for "in the afternoon" and "the next day".
    let mut story_day: Option<(usize, Date)> = None;
    let mut out = Vec::with_capacity(sentences.len());
    for (found, &article) in scanned.into_iter().zip(articles) {
        let local = year_in_article
            .filter(|(a, _)| *a == article && context.article.is_none())
            .map(|(_, y)| y);
        let mut resolved = Vec::with_capacity(found.len());
        for date in found {
            let written = &text[date.span.start..date.span.end];
            let iso = match (&date.written, context.article) {
                (Written::Story { days }, _) => story_day
                    .filter(|(a, _)| *a == article)
                    .and_then(|(_, day)| day.checked_add(jiff::Span::new().days(*days)).ok())
                    .map(|d| d.to_string()),
                (Written::YearLess { .. }, _)
                    if let Some(year) = same_day_written(&date.written, &days_written, article) =>
                {
                    date.written.resolve(Some(year))
                }
                (_, Some(day)) => date.written.resolve_near(day),
                (_, None) => date.written.resolve(local.or(document_year)),
            };
            if let Some(iso) = iso {
                if let Ok(day) = iso.parse::<Date>() {
                    story_day = Some((article, day));
                    if date.written.is_complete() {
                        days_written.push((article, day));
                    }
                }
                // A date with a month and a written year anchors the ones after it.
                if iso.len() >= 7
                    && written.chars().filter(char::is_ascii_digit).count() >= 4
                    && let Some(year) = date.written.year()
                {
                    year_in_article = Some((article, year));
                }
                resolved.push(DateMention {
                    span: date.span,
                    iso,
                });
            }
        }
        out.push(resolved);
    }
    out
}
