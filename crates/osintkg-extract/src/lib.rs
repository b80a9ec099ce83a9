//! Text to a sourced knowledge-graph fragment: entities, relations and events of one
//! document, each tied to the sentence it comes from.
//!
//! The pipeline is deterministic and rule-based: cleaning that keeps byte offsets,
//! segmentation, gazetteer matching, proper-noun typing from context, in-document
//! resolution, then relations and events from linguistic patterns. It never fails on
//! messy text: whatever it cannot read it leaves out.

pub mod dates;
pub mod entities;
pub mod events;
pub mod forms;
pub mod gazetteer;
pub mod input;
pub mod lexicon;
mod output;
pub mod relations;
pub mod segment;
pub mod tagger;
pub mod text;
pub mod view;

use gazetteer::Gazetteer;
pub use input::{Document, InputError, read_path};
use osintkg_graph::DocumentRecord;
use rustc_hash::FxHashSet;

const COMMON_WORDS: &str = include_str!("../../../ontology/gazetteer/common_words.txt");

/// The extraction pipeline with its loaded world knowledge. Build once, share across
/// threads: extraction borrows it immutably.
pub struct Extractor {
    gazetteer: Gazetteer,
    common_words: FxHashSet<&'static str>,
}

impl Default for Extractor {
    fn default() -> Self {
        Self::new()
    }
}

impl Extractor {
    /// Loads the bundled gazetteer and word lists.
    pub fn new() -> Self {
        Extractor {
            gazetteer: Gazetteer::bundled(),
            common_words: COMMON_WORDS
                .lines()
                .map(str::trim)
                .filter(|w| !w.is_empty())
                .collect(),
        }
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
        let cleaned = text::clean(&document.text);
        let (sentences, languages) = segment::segment(&cleaned);
        let entities =
            entities::recognize(&cleaned, &sentences, &self.gazetteer, &self.common_words);
        let mut meta = document.meta.clone();
        if meta.lang.is_none() {
            meta.lang = dominant_language(&languages);
        }
        let article = dates::article_date(&cleaned, meta.date.as_deref());
        if meta.date.is_none() {
            meta.date = article.map(|d| d.to_string());
        }
        let context = dates::DateContext {
            article,
            default_year: dates::default_year(&cleaned, article),
        };
        // Dates serve events only: the entity pass skips them.
        let view = view::DocView::new(
            &cleaned,
            &sentences,
            &entities,
            with_relations.then_some(&context),
        );
        let (events, facts) = if with_relations {
            let events = events::detect(&view);
            let facts = relations::extract(&view, &self.gazetteer, &events);
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
