//! A document as the relation and event passes see it: sentences with the entity
//! mentions, dates and article of each.
//!
//! Both passes ask the same questions (which actor stands before this word, which place
//! follows that preposition, where does the clause end), so the answers live here once.

use crate::dates::{self, DateContext, DateMention};
use crate::entities::DocEntity;
use crate::lexicon::WordList;
use crate::segment::Sentence;
use crate::text::Token;
use osintkg_graph::{EntityType, Span};

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
        let mut articles = Vec::with_capacity(sentences.len());
        let mut article = 0;
        let mut previous_headline_paragraph = None;
        for sentence in sentences {
            if sentence.title
                && previous_headline_paragraph != Some(sentence.paragraph)
                && !articles.is_empty()
            {
                article += 1;
            }
            if sentence.title {
                previous_headline_paragraph = Some(sentence.paragraph);
            }
            articles.push(article);
        }
        // Without a stated article date, a year-less date takes the last year the
        // article named ("in April 2022 … In June of that year").
        let mut dates = Vec::with_capacity(sentences.len());
        let mut year_in_article: Option<(usize, i16)> = None;
        for (sentence, &article) in sentences.iter().zip(&articles) {
            let Some(context) = context else {
                dates.push(Vec::new());
                continue;
            };
            let local = year_in_article
                .filter(|(a, _)| *a == article)
                .map(|(_, y)| y);
            let sentence_context = DateContext {
                article: context.article,
                default_year: if context.article.is_some() {
                    context.default_year
                } else {
                    local.or(context.default_year)
                },
            };
            let found = dates::find(text, sentence.span, &sentence_context);
            for date in &found {
                let written = &text[date.span.start..date.span.end];
                if written.chars().filter(char::is_ascii_digit).count() >= 4
                    && let Some(year) = date.iso.get(..4).and_then(|y| y.parse().ok())
                {
                    year_in_article = Some((article, year));
                }
            }
            dates.push(found);
        }
        DocView {
            text,
            sentences,
            entities,
            slots,
            dates,
            articles,
        }
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
        let tokens = self.tokens(sentence);
        (0..token)
            .rev()
            .find(|&i| is_clause_boundary(tokens, i))
            .map_or(0, |i| i + 1)
    }

    /// The end of the clause around a token: the nearest clause boundary after it.
    pub fn clause_end(&self, sentence: usize, token: usize) -> usize {
        let tokens = self.tokens(sentence);
        (token + 1..tokens.len())
            .find(|&i| is_clause_boundary(tokens, i))
            .unwrap_or(tokens.len())
    }

    /// The entity's type.
    pub fn kind(&self, entity: usize) -> EntityType {
        self.entities[entity].kind
    }

    /// The places a phrase after a token introduces: "in Kerman, Iran", "outside Moscow",
    /// "on the outskirts of Moscow" — the slots after a locative preposition up to the
    /// clause end, chained through commas and "and".
    pub fn places_after(&self, sentence: usize, from: usize, to: usize) -> Vec<Slot> {
        let tokens = self.tokens(sentence);
        let mut out: Vec<Slot> = Vec::new();
        for slot in self.slots[sentence]
            .iter()
            .filter(|s| s.first >= from && s.first < to && s.is_place())
        {
            let introduced = preceded_by_locative(tokens, slot.first);
            let chained = out.last().is_some_and(|prev| {
                prev.last + 1 == slot.first && matches!(tokens[prev.last].text, "," | "and")
                    || prev.last == slot.first
            });
            if introduced || chained {
                out.push(*slot);
            }
        }
        out
    }
}

/// True when the words before a token introduce a place: "in", "at", "outside", "near",
/// "in the remote", "on the outskirts of", Italian "nella provincia di".
pub fn preceded_by_locative(tokens: &[Token<'_>], index: usize) -> bool {
    static PREPOSITIONS: WordList = WordList::new(&[
        "nell’",
        "nell'",
        "in",
        "at",
        "outside",
        "near",
        "inside",
        "across",
        "throughout",
        "nel",
        "nella",
        "nell",
        "in",
    ]);
    static OF_HEADS: WordList = WordList::new(&[
        "outskirts",
        "north",
        "south",
        "east",
        "west",
        "centre",
        "center",
        "heart",
        "provincia",
        "province",
        "region",
        "city",
    ]);
    let mut i = index;
    // Determiners and adjectives may stand between the preposition and the name.
    for _ in 0..3 {
        if i == 0 {
            return false;
        }
        let word = tokens[i - 1].text.to_lowercase();
        if PREPOSITIONS.contains(&word) || word.starts_with("nell") {
            return true;
        }
        if (word == "of" || word == "di") && i >= 2 && OF_HEADS.contains(tokens[i - 2].text) {
            return true;
        }
        // Determiners and adjectives: "in the remote", "in major US cities".
        let original = tokens[i - 1].text;
        let modifier =
            !original.is_empty() && original.chars().all(|c| c.is_lowercase() || c == '-');
        if !modifier {
            return false;
        }
        i -= 1;
    }
    false
}

/// Semicolons, colons, dashes between clauses, and relative pronouns after a comma end a
/// clause.
fn is_clause_boundary(tokens: &[Token<'_>], index: usize) -> bool {
    let text = tokens[index].text;
    // A spaced hyphen is a dash: "OUAGADOUGOU (AFP) - Suspected jihadists killed".
    if matches!(text, ";" | ":" | "–" | "—" | "“" | "”" | "\"" | "-") {
        return true;
    }
    if matches!(
        text,
        "which" | "who" | "while" | "whereas" | "but" | "although" | "because"
    ) {
        return index > 0 && tokens[index - 1].text == "," || text == "while" || text == "because";
    }
    false
}
