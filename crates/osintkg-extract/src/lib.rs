//! Text to a sourced knowledge-graph fragment: entities, relations and events of one
//! document, each tied to the sentence it comes from.
//!
//! The pipeline is deterministic and rule-based: cleaning that keeps byte offsets,
//! segmentation, gazetteer matching, proper-noun typing from context, in-document
//! resolution, then relations and events from linguistic patterns. The patterns are
//! named rules ([`rule::RuleId`]); the words they read are data, one language pack per
//! language ([`lexicon`]). It never fails on messy text: whatever it cannot read it
//! leaves out.

pub mod coref;
pub mod dates;
pub mod entities;
pub mod events;
pub mod forms;
pub mod gazetteer;
pub mod input;
pub mod lexicon;
mod output;
pub mod relations;
pub mod rule;
pub mod segment;
pub mod tagger;
pub mod text;
pub mod view;

use gazetteer::Gazetteer;
pub use input::{Document, InputError, read_path};
pub use lexicon::{Lexicon, LexiconError};
use osintkg_graph::DocumentRecord;
use rustc_hash::FxHashSet;

const COMMON_WORDS: &str = include_str!("../../../ontology/gazetteer/common_words.txt");

/// Why an extractor cannot be built: a language pack or a built-in pattern is wrong.
/// Both are compiled in, so the tests meet these before anyone else.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SetupError {
    /// A language pack file is malformed.
    #[error(transparent)]
    Lexicon(#[from] LexiconError),
    /// The page-chrome patterns do not compile.
    #[error("page-chrome patterns: {0}")]
    Chrome(#[from] regex::Error),
}

/// The extraction pipeline with its loaded world knowledge and language packs. Build
/// once, share across threads: extraction borrows it immutably.
pub struct Extractor {
    gazetteer: Gazetteer,
    common_words: FxHashSet<&'static str>,
    lexicon: Lexicon,
    cleaner: text::Cleaner,
}

impl Extractor {
    /// Loads the bundled gazetteer and language packs.
    pub fn new() -> Result<Self, SetupError> {
        Self::with_lexicon(Lexicon::bundled()?)
    }

    /// Loads the bundled gazetteer with other language packs
    /// ([`Lexicon::bundled_with`] adds a folder of them).
    pub fn with_lexicon(lexicon: Lexicon) -> Result<Self, SetupError> {
        Ok(Extractor {
            gazetteer: Gazetteer::bundled(),
            common_words: COMMON_WORDS
                .lines()
                .map(str::trim)
                .filter(|w| !w.is_empty())
                .collect(),
            lexicon,
            cleaner: text::Cleaner::new()?,
        })
    }

    /// Extracts one document: entities, events and relations.
    pub fn extract(&self, document: &Document) -> DocumentRecord {
        self.run(document, true)
    }

    /// Extracts the named entities only, skipping events and relations: the cheaper
    /// pass for indexing, and the baseline the full pass is measured against.
    pub fn extract_entities(&self, document: &Document) -> DocumentRecord {
        self.run(document, false)
    }

    fn run(&self, document: &Document, with_relations: bool) -> DocumentRecord {
        let cleaned = self.cleaner.clean(&document.text);
        let (sentences, languages) = segment::segment(&cleaned, &self.lexicon);
        let entities =
            entities::recognize(&cleaned, &sentences, &self.gazetteer, &self.common_words);
        let mut meta = document.meta.clone();
        if meta.lang.is_none() {
            meta.lang = dominant_language(&languages);
        }
        let article = dates::article_date(&cleaned, meta.date.as_deref(), &self.lexicon);
        if meta.date.is_none() {
            meta.date = article.map(|d| d.to_string());
        }
        let context = dates::DateContext {
            article,
            default_year: article
                .map(|d| d.year())
                .or_else(|| meta.url.as_deref().and_then(dates::url_year)),
        };
        // Dates serve events only: the entity pass skips them.
        let mut view = view::DocView::new(
            &cleaned,
            &sentences,
            &entities,
            with_relations.then_some(&context),
        );
        let (events, facts) = if with_relations {
            let mut events = events::detect(&view, context.article);
            relations::state_forces(&view, &self.gazetteer, &mut events);
            // Descriptions that refer back ("the group") serve the relation rules; event
            // detection reads names only (a description is no anchor of an event).
            coref::resolve(&mut view);
            let facts = relations::extract(&view, &self.gazetteer, &events);
            relations::state_of_venue(&view, &facts, &mut events);
            (events, facts)
        } else {
            (Vec::new(), Vec::new())
        };
        output::record(document, &view, &events, &facts, &self.gazetteer, meta)
    }
}

fn dominant_language(languages: &[Option<whatlang::Lang>]) -> Option<String> {
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for lang in languages.iter().flatten() {
        *counts.entry(lang.code()).or_insert(0) += 1;
    }
    counts
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map(|(code, _)| code.to_owned())
}
