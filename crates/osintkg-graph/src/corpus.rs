//! The documents of a graph as resolution reads them: compact, interned summaries.
//!
//! A gigabyte of news holds millions of entity mentions, and its extraction records,
//! evidence sentences included, take several times the text. A [`DocSummary`] keeps
//! everything of a [`DocumentRecord`] except the sentences, with every string interned
//! once in the corpus's [`Interner`] ([`Sym`]), and refers to each sentence by where it
//! is stored ([`SentenceRef`]). Resolution reads summaries only; the quads, the snapshot
//! and the [`KnowledgeGraph`](crate::KnowledgeGraph) fetch the sentences as they write,
//! from memory ([`MemorySentences`]) or from files the store keeps.

use crate::model::{EntityType, EventType, Evidence, Predicate, Span};
use crate::record::{DocumentMeta, DocumentRecord, EntityRecord, RelationRecord};
use hashbrown::HashTable;
use rustc_hash::{FxHashMap, FxHasher};
use std::hash::{Hash, Hasher};
use std::io;
use std::num::NonZeroU32;
use std::sync::OnceLock;

/// An interned string: an index into an [`Interner`], four bytes, `Option<Sym>` too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sym(NonZeroU32);

impl Sym {
    /// Position of the string in its interner.
    pub fn index(self) -> usize {
        self.0.get() as usize - 1
    }

    fn from_index(index: usize) -> Sym {
        // Four billion distinct strings would not fit in memory first.
        let value = u32::try_from(index + 1).unwrap_or(u32::MAX);
        Sym(NonZeroU32::MIN.saturating_add(value - 1))
    }

    /// The symbol as a number (never 0), for serialization.
    pub fn raw(self) -> u32 {
        self.0.get()
    }

    /// A symbol back from [`Sym::raw`]; `None` for 0.
    pub fn from_raw(raw: u32) -> Option<Sym> {
        NonZeroU32::new(raw).map(Sym)
    }
}

/// Each distinct string once, in one buffer; a hash table of positions finds it again.
///
/// The table is built on the first lookup, so an interner read back from disk only to
/// turn symbols into text never pays for it.
#[derive(Clone, Default)]
pub struct Interner {
    strings: StringColumn,
    table: OnceLock<HashTable<Sym>>,
}

impl std::fmt::Debug for Interner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Interner")
            .field("strings", &self.strings.len())
            .field("bytes", &self.strings.text.len())
            .finish()
    }
}

fn hash_str(s: &str) -> u64 {
    let mut hasher = FxHasher::default();
    s.hash(&mut hasher);
    hasher.finish()
}

impl Interner {
    /// The symbol of `s`, added if new.
    pub fn intern(&mut self, s: &str) -> Sym {
        let hash = hash_str(s);
        self.table();
        let Interner { strings, table } = self;
        let Some(table) = table.get_mut() else {
            return Sym::from_index(0);
        };
        if let Some(&sym) = table.find(hash, |&sym| strings.get(sym.index()) == s) {
            return sym;
        }
        let sym = Sym::from_index(strings.push(s));
        table.insert_unique(hash, sym, |&sym| hash_str(strings.get(sym.index())));
        sym
    }

    /// The symbol of `s`, if it was interned.
    pub fn lookup(&self, s: &str) -> Option<Sym> {
        self.table()
            .find(hash_str(s), |&sym| self.get(sym) == s)
            .copied()
    }

    fn table(&self) -> &HashTable<Sym> {
        self.table.get_or_init(|| {
            let strings = &self.strings;
            let mut table = HashTable::with_capacity(strings.len());
            for index in 0..strings.len() {
                let hash = hash_str(strings.get(index));
                table.insert_unique(hash, Sym::from_index(index), |&sym| {
                    hash_str(strings.get(sym.index()))
                });
            }
            table
        })
    }

    /// The string of a symbol ("" for a symbol of another interner that is out of range).
    pub fn get(&self, sym: Sym) -> &str {
        self.strings.get(sym.index())
    }

    /// The string of an optional symbol.
    pub fn get_opt(&self, sym: Option<Sym>) -> Option<&str> {
        sym.map(|s| self.get(s))
    }

    /// Number of distinct strings.
    pub fn len(&self) -> usize {
        self.strings.len()
    }

    /// True when nothing is interned.
    pub fn is_empty(&self) -> bool {
        self.strings.is_empty()
    }

    /// The buffer and the end of each string in it, for serialization.
    pub fn parts(&self) -> (&str, &[usize]) {
        self.strings.parts()
    }

    /// Rebuilds an interner from [`Interner::parts`]. Fails when the ends are not
    /// increasing, past the buffer, or not on character boundaries.
    pub fn from_parts(text: String, ends: Vec<usize>) -> Result<Interner, String> {
        StringColumn::from_parts(text, ends).map(Interner::from_column)
    }

    /// An interner whose strings are those of `column`, which must be distinct (as the
    /// strings of [`Interner::parts`] are).
    pub fn from_column(column: StringColumn) -> Interner {
        Interner {
            strings: column,
            table: OnceLock::new(),
        }
    }

    /// True when `sym` names a string of this interner.
    pub fn contains(&self, sym: Sym) -> bool {
        sym.index() < self.strings.len()
    }
}

/// Strings in order in one growing buffer, found by position: the interner's storage.
/// (The view's columns, read in place, are [`crate::columns::StringTable`]s.)
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StringColumn {
    text: String,
    ends: Vec<usize>,
}

impl StringColumn {
    /// A column from its buffer and the end of each string in it. Fails when the ends
    /// are not increasing, past the buffer, or not on character boundaries.
    pub fn from_parts(text: String, ends: Vec<usize>) -> Result<StringColumn, String> {
        let mut previous = 0;
        for &end in &ends {
            if end < previous || end > text.len() || !text.is_char_boundary(end) {
                return Err(format!("string table: bad end offset {end}"));
            }
            previous = end;
        }
        Ok(StringColumn { text, ends })
    }

    /// String `index` ("" past the end).
    pub fn get(&self, index: usize) -> &str {
        let start = match index {
            0 => 0,
            i => self.ends.get(i - 1).copied().unwrap_or(0),
        };
        let end = self.ends.get(index).copied().unwrap_or(start);
        self.text.get(start..end).unwrap_or("")
    }

    /// Appends a string; returns its index.
    fn push(&mut self, s: &str) -> usize {
        self.text.push_str(s);
        self.ends.push(self.text.len());
        self.ends.len() - 1
    }

    /// Number of strings.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True when the column holds no string.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The buffer and the end of each string in it, for serialization.
    pub fn parts(&self) -> (&str, &[usize]) {
        (&self.text, &self.ends)
    }
}

/// Where an evidence sentence is stored: a segment (one file of a store, or memory) and
/// a byte range in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct SentenceRef {
    /// The segment.
    pub segment: u32,
    /// First byte.
    pub offset: u64,
    /// Length in bytes.
    pub len: u32,
}

/// Where sentences are written as documents are summarised.
pub trait SentenceSink {
    /// Stores a sentence and says where it went.
    fn store(&mut self, sentence: &str) -> io::Result<SentenceRef>;
}

/// Where sentences are read back from (by several threads at once).
pub trait Sentences: Sync {
    /// The sentence stored at `at`.
    fn sentence(&self, at: SentenceRef) -> io::Result<String>;
}

/// Sentences kept in memory, in one segment numbered 0.
#[derive(Debug, Clone, Default)]
pub struct MemorySentences {
    text: String,
}

impl SentenceSink for MemorySentences {
    fn store(&mut self, sentence: &str) -> io::Result<SentenceRef> {
        let offset = self.text.len();
        self.text.push_str(sentence);
        Ok(SentenceRef {
            segment: 0,
            offset: offset as u64,
            len: u32::try_from(sentence.len())
                .map_err(|_| io::Error::other("sentence longer than 4 GiB"))?,
        })
    }
}

impl Sentences for MemorySentences {
    fn sentence(&self, at: SentenceRef) -> io::Result<String> {
        let start = usize::try_from(at.offset).map_err(io::Error::other)?;
        self.text
            .get(start..start + at.len as usize)
            .map(str::to_owned)
            .ok_or_else(|| io::Error::other("sentence out of range"))
    }
}

/// A document's metadata, interned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct MetaSummary {
    pub file: Option<Sym>,
    pub title: Option<Sym>,
    pub date: Option<Sym>,
    pub url: Option<Sym>,
    pub lang: Option<Sym>,
    pub sha256: Sym,
}

/// An [`EntityRecord`], interned.
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)]
pub struct EntitySummary {
    pub id: Sym,
    pub kind: EntityType,
    pub event_type: Option<EventType>,
    pub name: Sym,
    pub mentions: Box<[Sym]>,
    pub spans: Box<[Span]>,
    pub date: Option<Sym>,
    pub kb: Option<Sym>,
    pub wikidata: Option<Sym>,
    pub confidence: f64,
    pub killed: Option<u64>,
    pub injured: Option<u64>,
}

/// One piece of evidence of a relation, with its sentence stored elsewhere.
#[derive(Debug, Clone, Copy, PartialEq)]
#[allow(missing_docs)]
pub struct EvidenceSummary {
    pub doc: Sym,
    pub span: Span,
    pub rule: Sym,
    pub confidence: f64,
    pub sentence: SentenceRef,
}

/// A [`RelationRecord`], interned; `subject` and `object` are record-local entity ids.
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)]
pub struct RelationSummary {
    pub subject: Sym,
    pub predicate: Predicate,
    pub object: Sym,
    pub evidence: Box<[EvidenceSummary]>,
}

/// A [`DocumentRecord`] without its sentences, interned.
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)]
pub struct DocSummary {
    pub doc: Sym,
    pub meta: MetaSummary,
    pub entities: Vec<EntitySummary>,
    pub relations: Vec<RelationSummary>,
}

impl DocSummary {
    /// Summarises a record, interning its strings and storing its sentences in `sink`.
    pub fn new(
        record: &DocumentRecord,
        strings: &mut Interner,
        sink: &mut dyn SentenceSink,
    ) -> io::Result<DocSummary> {
        let mut opt = |s: &Option<String>| s.as_deref().map(|s| strings.intern(s));
        let meta = MetaSummary {
            file: opt(&record.meta.file),
            title: opt(&record.meta.title),
            date: opt(&record.meta.date),
            url: opt(&record.meta.url),
            lang: opt(&record.meta.lang),
            sha256: strings.intern(&record.meta.sha256),
        };
        let entities = record
            .entities
            .iter()
            .map(|e| EntitySummary {
                id: strings.intern(&e.id),
                kind: e.kind,
                event_type: e.event_type,
                name: strings.intern(&e.name),
                mentions: e.mentions.iter().map(|m| strings.intern(m)).collect(),
                spans: e.spans.clone().into_boxed_slice(),
                date: e.date.as_deref().map(|s| strings.intern(s)),
                kb: e.kb.as_deref().map(|s| strings.intern(s)),
                wikidata: e.wikidata.as_deref().map(|s| strings.intern(s)),
                confidence: e.confidence,
                killed: e.killed,
                injured: e.injured,
            })
            .collect();
        let mut relations = Vec::with_capacity(record.relations.len());
        for r in &record.relations {
            let mut evidence = Vec::with_capacity(r.evidence.len());
            for e in &r.evidence {
                evidence.push(EvidenceSummary {
                    doc: strings.intern(&e.doc),
                    span: e.span,
                    rule: strings.intern(&e.rule),
                    confidence: e.confidence,
                    sentence: sink.store(&e.sentence)?,
                });
            }
            relations.push(RelationSummary {
                subject: strings.intern(&r.subject),
                predicate: r.predicate,
                object: strings.intern(&r.object),
                evidence: evidence.into_boxed_slice(),
            });
        }
        Ok(DocSummary {
            doc: strings.intern(&record.doc),
            meta,
            entities,
            relations,
        })
    }

    /// The record back, sentences fetched from `sentences`.
    pub fn record(
        &self,
        strings: &Interner,
        sentences: &dyn Sentences,
    ) -> io::Result<DocumentRecord> {
        let own = |s: Option<Sym>| strings.get_opt(s).map(str::to_owned);
        let mut relations = Vec::with_capacity(self.relations.len());
        for r in &self.relations {
            let mut evidence = Vec::with_capacity(r.evidence.len());
            for e in r.evidence.iter() {
                evidence.push(self.evidence(e, strings, sentences)?);
            }
            relations.push(RelationRecord {
                subject: strings.get(r.subject).to_owned(),
                predicate: r.predicate,
                object: strings.get(r.object).to_owned(),
                evidence,
            });
        }
        Ok(DocumentRecord {
            doc: strings.get(self.doc).to_owned(),
            meta: self.meta(strings),
            entities: self
                .entities
                .iter()
                .map(|e| EntityRecord {
                    id: strings.get(e.id).to_owned(),
                    kind: e.kind,
                    name: strings.get(e.name).to_owned(),
                    mentions: e
                        .mentions
                        .iter()
                        .map(|m| strings.get(*m).to_owned())
                        .collect(),
                    event_type: e.event_type,
                    date: own(e.date),
                    kb: own(e.kb),
                    wikidata: own(e.wikidata),
                    spans: e.spans.to_vec(),
                    confidence: e.confidence,
                    killed: e.killed,
                    injured: e.injured,
                })
                .collect(),
            relations,
        })
    }

    /// The document's metadata.
    pub fn meta(&self, strings: &Interner) -> DocumentMeta {
        let own = |s: Option<Sym>| strings.get_opt(s).map(str::to_owned);
        DocumentMeta {
            file: own(self.meta.file),
            title: own(self.meta.title),
            date: own(self.meta.date),
            url: own(self.meta.url),
            lang: own(self.meta.lang),
            sha256: strings.get(self.meta.sha256).to_owned(),
        }
    }

    /// One piece of evidence, its sentence fetched.
    pub fn evidence(
        &self,
        e: &EvidenceSummary,
        strings: &Interner,
        sentences: &dyn Sentences,
    ) -> io::Result<Evidence> {
        Ok(Evidence {
            doc: strings.get(e.doc).to_owned(),
            span: e.span,
            sentence: sentences.sentence(e.sentence)?,
            rule: strings.get(e.rule).to_owned(),
            confidence: e.confidence,
        })
    }

    /// Record-local entity id → entity position, as relations refer to entities: events
    /// after the other entities, and a later entity with the same id over an earlier one.
    pub fn local_ids(&self) -> FxHashMap<Sym, u32> {
        let mut ids = FxHashMap::default();
        for pass_events in [false, true] {
            for (i, e) in self.entities.iter().enumerate() {
                if (e.kind == EntityType::Event) == pass_events {
                    ids.insert(e.id, i as u32);
                }
            }
        }
        ids
    }
}

/// A set of documents, one summary per document id, sharing one interner.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// Every string of every summary.
    pub strings: Interner,
    docs: Vec<DocSummary>,
    by_id: FxHashMap<Sym, u32>,
}

impl Corpus {
    /// A corpus of summaries made with `strings`, in the order given (the first of two
    /// summaries of one document is dropped).
    pub fn from_parts(strings: Interner, docs: Vec<DocSummary>) -> Corpus {
        let mut corpus = Corpus {
            strings,
            docs: Vec::with_capacity(docs.len()),
            by_id: FxHashMap::default(),
        };
        for doc in docs {
            corpus.insert(doc);
        }
        corpus
    }

    /// Adds a summary made with this corpus's interner, replacing the document of the same
    /// id; returns the one replaced.
    pub fn insert(&mut self, summary: DocSummary) -> Option<DocSummary> {
        match self.by_id.get(&summary.doc) {
            Some(&i) => self
                .docs
                .get_mut(i as usize)
                .map(|slot| std::mem::replace(slot, summary)),
            None => {
                self.by_id.insert(summary.doc, self.docs.len() as u32);
                self.docs.push(summary);
                None
            }
        }
    }

    /// Summarises and adds a record (see [`Corpus::insert`]).
    pub fn add_record(
        &mut self,
        record: &DocumentRecord,
        sink: &mut dyn SentenceSink,
    ) -> io::Result<Option<DocSummary>> {
        let summary = DocSummary::new(record, &mut self.strings, sink)?;
        Ok(self.insert(summary))
    }

    /// Removes a document; returns its summary when it was there.
    pub fn remove(&mut self, doc: &str) -> Option<DocSummary> {
        let sym = self.strings.lookup(doc)?;
        let index = self.by_id.remove(&sym)? as usize;
        let removed = self.docs.swap_remove(index);
        if let Some(moved) = self.docs.get(index) {
            self.by_id.insert(moved.doc, index as u32);
        }
        Some(removed)
    }

    /// The documents, in no particular order (see [`Corpus::sorted_order`]).
    pub fn docs(&self) -> &[DocSummary] {
        &self.docs
    }

    /// The document with this id.
    pub fn get(&self, doc: &str) -> Option<&DocSummary> {
        let index = *self.by_id.get(&self.strings.lookup(doc)?)?;
        self.docs.get(index as usize)
    }

    /// Position in [`Corpus::docs`] of the document whose id is the symbol `doc`.
    pub fn position_of(&self, doc: Sym) -> Option<u32> {
        self.by_id.get(&doc).copied()
    }

    /// Position in [`Corpus::docs`] of the document with this id.
    pub fn position(&self, doc: &str) -> Option<u32> {
        self.by_id.get(&self.strings.lookup(doc)?).copied()
    }

    /// Number of documents.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// True when there is no document.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Positions of the documents in id order: the order resolution reads them in, and
    /// the one that makes the graph depend only on the set of documents.
    pub fn sorted_order(&self) -> Vec<u32> {
        let mut order: Vec<u32> = (0..self.docs.len() as u32).collect();
        order.sort_by(|&a, &b| {
            let id = |i: u32| {
                self.docs
                    .get(i as usize)
                    .map_or("", |d| self.strings.get(d.doc))
            };
            id(a).cmp(id(b))
        });
        order
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interning_gives_one_symbol_per_string_and_survives_a_round_trip() {
        let mut strings = Interner::default();
        let a = strings.intern("Islamic State");
        let b = strings.intern("ISKP");
        assert_eq!(strings.intern("Islamic State"), a);
        assert_ne!(a, b);
        assert_eq!(strings.get(b), "ISKP");
        assert_eq!(strings.intern(""), strings.intern(""));
        let (text, ends) = strings.parts();
        let back = Interner::from_parts(text.to_owned(), ends.to_vec()).unwrap();
        assert_eq!(back.lookup("ISKP"), Some(b));
        assert_eq!(back.get(a), "Islamic State");
        assert!(Interner::from_parts("é".into(), vec![1]).is_err());
    }

    #[test]
    fn a_summary_gives_its_record_back() {
        let record: DocumentRecord = serde_json::from_str(
            r#"{"doc":"d1","meta":{"title":"T","sha256":"ab"},
                "entities":[{"id":"e0","type":"Person","name":"Ann Lee","mentions":["Ann Lee","Lee"],
                             "spans":[{"start":0,"end":7}],"confidence":0.5}],
                "relations":[{"subject":"e0","predicate":"memberOf","object":"e9",
                              "evidence":[{"doc":"d1","span":{"start":0,"end":9},"sentence":"Ann Lee is.",
                                           "rule":"r","confidence":0.7}]}]}"#,
        )
        .unwrap();
        let mut corpus = Corpus::default();
        let mut sentences = MemorySentences::default();
        assert!(
            corpus
                .add_record(&record, &mut sentences)
                .unwrap()
                .is_none()
        );
        let summary = corpus.get("d1").unwrap();
        assert_eq!(summary.record(&corpus.strings, &sentences).unwrap(), record);
        assert!(
            corpus
                .add_record(&record, &mut sentences)
                .unwrap()
                .is_some()
        );
        assert_eq!(corpus.len(), 1);
        assert!(corpus.remove("d1").is_some());
        assert!(corpus.is_empty());
    }
}
