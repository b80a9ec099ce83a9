//! A build in progress: documents in, one new generation out, written whole or as the
//! changes to the previous one.
//!
//! A [`Build`] starts from the previous generation's snapshot (its corpus summaries and
//! resolution), so the old documents are never read from the quads or extracted again.
//! Documents are added one at a time as extraction makes them: their sentences go
//! straight to a new sentence file and only their summaries stay in memory. The commit
//! resolves the corpus, then either bulk-loads every quad into an empty store, streamed
//! from the resolution in parallel, or, when a few documents changed, copies the
//! previous store (a RocksDB checkpoint: hard links) and applies the difference: the
//! quads of the nodes, facts and document graphs that changed. Both give the same store;
//! the snapshot is written beside it, and the new generation becomes current by the same
//! atomic rename as before.

use crate::Result;
use crate::error::RdfError;
use crate::mapping::{ResolvedQuads, document_iri, records_from_store};
use crate::snapshot::{
    SNAPSHOT_FILE, SegmentReader, SegmentWriter, SnapshotMeta, read_state, segment_file,
    snapshot_outdated, write_snapshot,
};
use crate::store::{StoreWriter, generation_dir, sync_tree};
use osintkg_graph::corpus::{DocSummary, Sentences};
use osintkg_graph::{Corpus, DocumentRecord, Resolution, Reuse, Sym};
use oxigraph::model::Quad;
use oxigraph::store::Store;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::mpsc::sync_channel;

const DB_DIR: &str = "db";
const READERS_LOCK: &str = "readers.lock";
/// Above this share of changed documents, writing everything is cheaper than a diff.
const DIFF_LIMIT: f64 = 0.2;
/// Nodes, edges or documents per unit of quads made in parallel.
const UNIT: usize = 64;
/// Memory the bulk loader may buffer quads in (its default, 2 GB per thread, holds
/// millions of decoded quads at once).
const LOADER_MEGABYTES: usize = 512;

/// What a build did to the documents of the store.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Documents new to the store.
    pub added: usize,
    /// Documents whose record changed.
    pub updated: usize,
    /// Documents given again with the same record.
    pub unchanged: usize,
    /// Documents removed.
    pub removed: usize,
}

impl Changes {
    fn any(&self) -> bool {
        self.added + self.updated + self.removed > 0
    }
}

/// How a commit writes the quads of its generation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writing {
    /// The difference when few documents changed, everything otherwise.
    Auto,
    /// Every quad, bulk-loaded into an empty store.
    Everything,
    /// The difference to the previous generation (everything when there is none).
    Difference,
}

/// What a commit wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct Committed {
    /// The generation now current.
    pub generation: u64,
    /// Quads in it.
    pub quads: u64,
    /// Quads removed from and inserted into the previous generation's store, when the
    /// commit wrote a difference; `None` when it wrote every quad.
    pub diff: Option<(u64, u64)>,
    /// Documents in the store.
    pub documents: usize,
    /// Nodes and edges of the graph.
    pub nodes: usize,
    /// Edges of the graph.
    pub edges: usize,
    /// Nodes by type name.
    pub by_type: Vec<(String, usize)>,
    /// What happened to the documents.
    pub changes: Changes,
    /// Mentions resolved, and how many of them again (the others kept their nodes).
    pub reuse: Reuse,
}

/// The previous generation, as a build starts from it.
struct Previous {
    dir: PathBuf,
    corpus: Corpus,
    resolution: Resolution,
    quads: u64,
}

/// A generation being built; see the module documentation. Dropped without a
/// successful commit (an error, a panic), it removes the directory it was writing, so a
/// failed build leaves no half-written generation behind.
pub struct Build<'w> {
    writer: &'w mut StoreWriter,
    generation: u64,
    dir: PathBuf,
    unfinished: Unfinished,
    corpus: Corpus,
    previous: Option<Previous>,
    segment: SegmentWriter,
    segments: Vec<u32>,
    /// Documents given in this build, each with whether it was counted as a change
    /// (added or updated) or as unchanged, so that a later record for the same id
    /// only compares and counts again when the earlier one changed nothing.
    given: FxHashMap<Sym, bool>,
    changes: Changes,
    /// True when the store holds more than the snapshot shows (none was written).
    rewrite: bool,
    /// True when the current snapshot is of an older format: a new generation is
    /// written even if no document changed, so that the read commands can open it.
    outdated: bool,
}

/// A generation directory that is removed when dropped, unless the generation was made
/// current (or the directory already removed) first.
struct Unfinished(Option<PathBuf>);

impl Unfinished {
    /// The generation is current, or gone: nothing is left to clean up.
    fn finished(&mut self) {
        self.0 = None;
    }
}

impl Drop for Unfinished {
    fn drop(&mut self) {
        if let Some(dir) = self.0.take() {
            // Best effort: the error being returned already says what failed, and a
            // later build replaces the directory anyway.
            let _ = fs::remove_dir_all(dir);
        }
    }
}

impl StoreWriter {
    /// Starts a build on top of the current generation (or an empty store).
    pub fn begin(&mut self) -> Result<Build<'_>> {
        let generation = self.next_generation()?;
        let dir = generation_dir(self.dir(), generation);
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(RdfError::io(&dir))?;
        }
        fs::create_dir_all(&dir).map_err(RdfError::io(&dir))?;
        let unfinished = Unfinished(Some(dir.clone()));
        let readers = dir.join(READERS_LOCK);
        File::create(&readers).map_err(RdfError::io(&readers))?;
        let mut corpus = Corpus::default();
        let mut previous = None;
        let mut segments = Vec::new();
        let mut old_records = Vec::new();
        let mut outdated = false;
        if let Some(current) = self.generation()? {
            let old = generation_dir(self.dir(), current);
            if old.join(SNAPSHOT_FILE).exists() {
                outdated = snapshot_outdated(&old)?;
                let (old_corpus, resolution, meta) = read_state(&old)?;
                for &segment in &meta.segments {
                    let (from, to) = (segment_file(&old, segment), segment_file(&dir, segment));
                    fs::hard_link(&from, &to)
                        .or_else(|_| fs::copy(&from, &to).map(|_| ()))
                        .map_err(RdfError::io(&to))?;
                }
                segments = meta.segments.clone();
                corpus = old_corpus.clone();
                previous = Some(Previous {
                    dir: old,
                    corpus: old_corpus,
                    resolution,
                    quads: meta.quads,
                });
            } else {
                // A store written before snapshots: its records are the input.
                let db = old.join(DB_DIR);
                let store = Store::open_read_only(&db).map_err(RdfError::storage(&db))?;
                old_records = records_from_store(&store, &db)?;
            }
        }
        let next = segments.iter().max().map_or(0, |s| s + 1);
        let segment = SegmentWriter::create(&dir, next)?;
        segments.push(next);
        let mut build = Build {
            writer: self,
            generation,
            dir,
            unfinished,
            corpus,
            previous,
            segment,
            segments,
            given: FxHashMap::default(),
            changes: Changes::default(),
            rewrite: !old_records.is_empty(),
            outdated,
        };
        for record in &old_records {
            build.store_record(record)?;
        }
        build.segment.flush()?;
        Ok(build)
    }
}

impl Build<'_> {
    /// Adds a document, or replaces the stored one of the same id. Within one build
    /// the last record given for an id wins.
    pub fn add(&mut self, record: &DocumentRecord) -> Result<()> {
        if let Some(e) = record
            .relations
            .iter()
            .flat_map(|r| &r.evidence)
            .find(|e| e.doc != record.doc)
        {
            return Err(RdfError::Corrupt {
                path: PathBuf::from(&record.doc),
                message: format!(
                    "record {:?} has evidence from another document, {:?}",
                    record.doc, e.doc
                ),
            });
        }
        let sym = self.corpus.strings.lookup(&record.doc);
        let counted_change = sym.and_then(|s| self.given.get(&s)).copied();
        match self.corpus.get(&record.doc) {
            // An earlier record of this build was counted as added or updated; the
            // last one given replaces it without counting again.
            Some(_) if counted_change == Some(true) => {}
            Some(stored) => {
                let sentences = SegmentReader::new(&self.dir);
                let old = stored
                    .record(&self.corpus.strings, &sentences)
                    .map_err(RdfError::io(&self.dir))?;
                if &old == record {
                    if counted_change.is_none() {
                        self.changes.unchanged += 1;
                    }
                    if let Some(sym) = sym {
                        self.given.insert(sym, false);
                    }
                    return Ok(());
                }
                if counted_change == Some(false) {
                    // Given unchanged earlier in this build, changed now.
                    self.changes.unchanged -= 1;
                }
                self.changes.updated += 1;
            }
            None => self.changes.added += 1,
        }
        self.store_record(record)?;
        let sym = self.corpus.strings.intern(&record.doc);
        self.given.insert(sym, true);
        Ok(())
    }

    /// Removes a document; false when the store does not hold it.
    pub fn remove(&mut self, doc: &str) -> bool {
        let removed = self.corpus.remove(doc).is_some();
        if removed {
            self.changes.removed += 1;
        }
        removed
    }

    /// What the build did to the documents so far.
    pub fn changes(&self) -> &Changes {
        &self.changes
    }

    /// Documents the store will hold.
    pub fn documents(&self) -> usize {
        self.corpus.len()
    }

    /// The documents the store holds now (at the start of a build: those of the
    /// previous generation), each with the file it was read from, if recorded.
    pub fn stored_documents(&self) -> Vec<(String, Option<String>)> {
        let strings = &self.corpus.strings;
        self.corpus
            .docs()
            .iter()
            .map(|d| {
                let file = strings.get_opt(d.meta.file).map(str::to_owned);
                (strings.get(d.doc).to_owned(), file)
            })
            .collect()
    }

    /// The ids of the documents the store holds now, sorted.
    pub fn document_ids(&self) -> Vec<String> {
        self.corpus
            .sorted_order()
            .into_iter()
            .filter_map(|p| self.corpus.docs().get(p as usize))
            .map(|d| self.corpus.strings.get(d.doc).to_owned())
            .collect()
    }

    fn store_record(&mut self, record: &DocumentRecord) -> Result<()> {
        self.corpus
            .add_record(record, &mut self.segment)
            .map_err(RdfError::io(&self.dir))?;
        Ok(())
    }

    /// Resolves, writes the new generation and makes it current. When nothing changed
    /// and the current generation is complete, writes nothing and returns it. A
    /// difference is written when at most a fifth of the documents changed.
    pub fn commit(self) -> Result<Committed> {
        self.commit_as(Writing::Auto)
    }

    /// [`Build::commit`], choosing how the quads are written.
    pub fn commit_as(self, writing: Writing) -> Result<Committed> {
        let Build {
            writer,
            generation,
            dir,
            mut unfinished,
            corpus,
            previous,
            segment,
            segments,
            changes,
            rewrite,
            outdated,
            ..
        } = self;
        let mut segments = segments;
        if segment.is_empty() {
            // A build that added no sentence keeps no empty file.
            let file = segment_file(&dir, segment.segment());
            segments.retain(|s| *s != segment.segment());
            drop(segment);
            fs::remove_file(&file).map_err(RdfError::io(&file))?;
        } else {
            segment.finish()?;
        }
        let current = writer.generation()?;
        if let (Some(current), Some(previous), false) =
            (current, &previous, changes.any() || rewrite || outdated)
        {
            // Nothing to write: drop the prepared directory. The corpus is the previous
            // one, so its resolution is the previous resolution, reused whole rather than
            // confirmed component by component.
            fs::remove_dir_all(&dir).map_err(RdfError::io(&dir))?;
            unfinished.finished();
            let reuse = Reuse {
                mentions: mention_count(&previous.resolution),
                resolved: 0,
            };
            return Ok(committed(
                (current, previous.quads, Some((0, 0))),
                &corpus,
                &previous.resolution,
                changes,
                reuse,
            ));
        }
        let (resolution, reuse) = match &previous {
            Some(previous) => {
                Resolution::resolve_incremental(&corpus, &previous.corpus, &previous.resolution)
            }
            None => {
                let resolution = Resolution::resolve(&corpus);
                let mentions = mention_count(&resolution);
                (
                    resolution,
                    Reuse {
                        mentions,
                        resolved: mentions,
                    },
                )
            }
        };
        let sentences = SegmentReader::new(&dir);
        let db = dir.join(DB_DIR);
        let changed_share =
            (changes.added + changes.updated + changes.removed) as f64 / corpus.len().max(1) as f64;
        let difference = match writing {
            Writing::Auto => changed_share <= DIFF_LIMIT,
            Writing::Everything => false,
            Writing::Difference => true,
        };
        let (quads, diff) = match previous.filter(|_| difference && !rewrite) {
            Some(previous) => {
                let old_sentences = SegmentReader::new(&previous.dir);
                let (removed, inserted) = apply_difference(
                    &previous,
                    &old_sentences,
                    &corpus,
                    &resolution,
                    &sentences,
                    &db,
                )?;
                (
                    (previous.quads + inserted).saturating_sub(removed),
                    Some((removed, inserted)),
                )
            }
            None => (
                load_everything(&corpus, &resolution, &sentences, &db)?,
                None,
            ),
        };
        let meta = SnapshotMeta {
            segments: segments.clone(),
            quads,
        };
        write_snapshot(&dir.join(SNAPSHOT_FILE), &corpus, &resolution, &meta)?;
        sync_tree(&dir)?;
        if let Err(error) = writer.switch_to(generation) {
            // A pointer replaced before the failure (a failed sync of the folder) names
            // the new generation: it stays.
            if writer.generation().ok().flatten() == Some(generation) {
                unfinished.finished();
            }
            return Err(error);
        }
        unfinished.finished();
        writer.remove_stale_generations()?;
        Ok(committed(
            (generation, quads, diff),
            &corpus,
            &resolution,
            changes,
            reuse,
        ))
    }
}

/// The report of a commit: `(generation, quads, diff)` as [`Committed`] names them, and
/// the counts of the corpus and resolution now current.
fn committed(
    (generation, quads, diff): (u64, u64, Option<(u64, u64)>),
    corpus: &Corpus,
    resolution: &Resolution,
    changes: Changes,
    reuse: Reuse,
) -> Committed {
    Committed {
        generation,
        quads,
        diff,
        documents: corpus.len(),
        nodes: resolution.nodes.len(),
        edges: resolution.edges.len(),
        by_type: count_by_type(resolution),
        changes,
        reuse,
    }
}

/// The mentions a resolution placed in nodes.
fn mention_count(resolution: &Resolution) -> usize {
    resolution.nodes.iter().map(|n| n.members.len()).sum()
}

fn count_by_type(resolution: &Resolution) -> Vec<(String, usize)> {
    osintkg_graph::EntityType::ALL
        .iter()
        .map(|t| {
            (
                t.as_str().to_owned(),
                resolution.nodes.iter().filter(|n| n.kind == *t).count(),
            )
        })
        .collect()
}

/// Makes the quads of `units` in parallel and hands them to `consume` as one stream.
fn stream_quads(
    quads: &ResolvedQuads<'_>,
    consume: impl FnOnce(&mut dyn Iterator<Item = Quad>) -> Result<()>,
) -> Result<u64> {
    let units = quads.units(UNIT);
    let failure: Mutex<Option<RdfError>> = Mutex::new(None);
    let (tx, rx) = sync_channel::<Vec<Quad>>(4);
    let mut count = 0u64;
    let consumed = std::thread::scope(|scope| {
        scope.spawn(|| {
            let tx = tx;
            let _ = units
                .par_iter()
                .try_for_each(|unit| match quads.quads(unit) {
                    Ok(batch) => tx.send(batch).map_err(|_| ()),
                    Err(e) => {
                        if let Ok(mut slot) = failure.lock() {
                            slot.get_or_insert(e);
                        }
                        Err(())
                    }
                });
        });
        let mut stream = rx.into_iter().flatten().inspect(|_| count += 1);
        consume(&mut stream)
    });
    if let Some(error) = failure.lock().ok().and_then(|mut slot| slot.take()) {
        return Err(error);
    }
    consumed?;
    Ok(count)
}

/// Writes every quad into an empty store at `db`.
fn load_everything(
    corpus: &Corpus,
    resolution: &Resolution,
    sentences: &dyn Sentences,
    db: &Path,
) -> Result<u64> {
    let store = Store::open(db).map_err(RdfError::storage(db))?;
    let quads = ResolvedQuads::new(corpus, resolution, sentences);
    let count = stream_quads(&quads, |stream| {
        let mut loader = store
            .bulk_loader()
            .with_max_memory_size_in_megabytes(LOADER_MEGABYTES);
        loader.load_quads(stream).map_err(RdfError::storage(db))?;
        loader.commit().map_err(RdfError::storage(db))
    })?;
    store.flush().map_err(RdfError::storage(db))?;
    Ok(count)
}

/// Copies the previous store (hard links) to `db` and turns it into the new one by
/// removing and inserting the quads of what changed. Returns (removed, inserted).
fn apply_difference(
    previous: &Previous,
    old_sentences: &dyn Sentences,
    corpus: &Corpus,
    resolution: &Resolution,
    sentences: &dyn Sentences,
    db: &Path,
) -> Result<(u64, u64)> {
    let old_db = previous.dir.join(DB_DIR);
    {
        let old_store = Store::open_read_only(&old_db).map_err(RdfError::storage(&old_db))?;
        old_store.backup(db).map_err(RdfError::storage(db))?;
    }
    let old = ResolvedQuads::new(&previous.corpus, &previous.resolution, old_sentences);
    let new = ResolvedQuads::new(corpus, resolution, sentences);
    let plan = Difference::plan(previous, corpus, resolution);
    let store = Store::open(db).map_err(RdfError::storage(db))?;
    let mut transaction = store.start_transaction().map_err(RdfError::storage(db))?;
    let (mut removed, mut inserted) = (0u64, 0u64);
    let mut replace = |old_quads: Vec<Quad>, new_quads: Vec<Quad>| {
        let old_set: FxHashSet<&Quad> = old_quads.iter().collect();
        let new_set: FxHashSet<&Quad> = new_quads.iter().collect();
        for quad in old_quads.iter().filter(|q| !new_set.contains(q)) {
            transaction.remove(quad);
            removed += 1;
        }
        for quad in new_quads.iter().filter(|q| !old_set.contains(q)) {
            transaction.insert(quad);
            inserted += 1;
        }
    };
    for (old_node, new_node) in &plan.nodes {
        replace(
            old_node
                .map(|i| old.node_quads(i as usize))
                .unwrap_or_default(),
            new_node
                .map(|i| new.node_quads(i as usize))
                .unwrap_or_default(),
        );
    }
    for (old_edge, new_edge) in &plan.edges {
        replace(
            old_edge
                .map(|i| old.edge_quads(i as usize))
                .unwrap_or_default(),
            new_edge
                .map(|i| new.edge_quads(i as usize))
                .unwrap_or_default(),
        );
    }
    let mut dropped = Vec::new();
    for (old_doc, new_doc) in &plan.documents {
        let old_quads = match old_doc {
            Some(p) => old.document_quads(*p)?,
            None => Vec::new(),
        };
        match new_doc {
            Some(p) => replace(old_quads, new.document_quads(*p)?),
            None => {
                if let Some(doc) = old_doc.and_then(|p| previous.corpus.docs().get(p as usize)) {
                    dropped.push((
                        document_iri(previous.corpus.strings.get(doc.doc)),
                        old_quads.len(),
                    ));
                }
            }
        }
    }
    for (iri, count) in dropped {
        removed += count as u64;
        transaction
            .remove_named_graph(iri.as_ref())
            .map_err(RdfError::storage(db))?;
    }
    transaction.commit().map_err(RdfError::storage(db))?;
    store.flush().map_err(RdfError::storage(db))?;
    Ok((removed, inserted))
}

/// A document's evidence as its named graph shows it: (relation, evidence) positions and
/// the key of the edge it supports.
type EvidenceEdge = (u32, u32, String, osintkg_graph::Predicate, String);

/// Which parts of the quads differ between two generations: pairs of (old, new)
/// positions of nodes, edges and documents, `None` where one side lacks it.
#[derive(Debug, Default)]
struct Difference {
    nodes: Vec<(Option<u32>, Option<u32>)>,
    edges: Vec<(Option<u32>, Option<u32>)>,
    documents: Vec<(Option<u32>, Option<u32>)>,
}

impl Difference {
    fn plan(previous: &Previous, corpus: &Corpus, resolution: &Resolution) -> Difference {
        let old_corpus = &previous.corpus;
        let old = &previous.resolution;
        // Both corpora share the interner's first strings: the new one grew from the old.
        let doc_sym = |c: &Corpus, p: u32| c.docs().get(p as usize).map(|d| d.doc);
        let mut plan = Difference::default();

        // Nodes, matched by key.
        let old_keys: FxHashMap<&str, u32> = old
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.key.as_str(), i as u32))
            .collect();
        let mut seen_old = vec![false; old.nodes.len()];
        for (i, node) in resolution.nodes.iter().enumerate() {
            match old_keys.get(node.key.as_str()) {
                Some(&o) => {
                    seen_old[o as usize] = true;
                    let before = &old.nodes[o as usize];
                    let docs = |c: &Corpus, n: &osintkg_graph::ResolvedNode| {
                        let mut docs: Vec<Option<Sym>> =
                            n.members.iter().map(|m| doc_sym(c, m.doc)).collect();
                        docs.sort_unstable();
                        docs.dedup();
                        docs
                    };
                    let same = before.kind == node.kind
                        && before.event_type == node.event_type
                        && before.name == node.name
                        && before.aliases == node.aliases
                        && before.kb == node.kb
                        && before.wikidata == node.wikidata
                        && before.date == node.date
                        && before.killed == node.killed
                        && before.injured == node.injured
                        && docs(old_corpus, before) == docs(corpus, node);
                    if !same {
                        plan.nodes.push((Some(o), Some(i as u32)));
                    }
                }
                None => plan.nodes.push((None, Some(i as u32))),
            }
        }
        for (o, seen) in seen_old.iter().enumerate() {
            if !seen {
                plan.nodes.push((Some(o as u32), None));
            }
        }

        // Edges, matched by (subject key, predicate, object key).
        type EvidenceId = (Option<Sym>, usize, usize, Sym, u64);
        let evidence_ids = |c: &Corpus, e: &osintkg_graph::ResolvedEdge| -> Vec<EvidenceId> {
            e.evidence
                .iter()
                .filter_map(|at| {
                    let doc = c.docs().get(at.doc as usize)?;
                    let ev = doc
                        .relations
                        .get(at.relation as usize)?
                        .evidence
                        .get(at.evidence as usize)?;
                    Some((
                        Some(ev.doc),
                        ev.span.start,
                        ev.span.end,
                        ev.rule,
                        ev.confidence.to_bits(),
                    ))
                })
                .collect()
        };
        let old_edges: FxHashMap<(&str, osintkg_graph::Predicate, &str), u32> = old
            .edges
            .iter()
            .enumerate()
            .map(|(i, e)| {
                (
                    (old.key(e.subject), e.predicate, old.key(e.object)),
                    i as u32,
                )
            })
            .collect();
        let mut seen_old = vec![false; old.edges.len()];
        for (i, edge) in resolution.edges.iter().enumerate() {
            let key = (
                resolution.key(edge.subject),
                edge.predicate,
                resolution.key(edge.object),
            );
            match old_edges.get(&key) {
                Some(&o) => {
                    seen_old[o as usize] = true;
                    let before = &old.edges[o as usize];
                    let same = before.support == edge.support
                        && before.confidence.to_bits() == edge.confidence.to_bits()
                        && evidence_ids(old_corpus, before) == evidence_ids(corpus, edge);
                    if !same {
                        plan.edges.push((Some(o), Some(i as u32)));
                    }
                }
                None => plan.edges.push((None, Some(i as u32))),
            }
        }
        for (o, seen) in seen_old.iter().enumerate() {
            if !seen {
                plan.edges.push((Some(o as u32), None));
            }
        }

        // Documents: new, removed, replaced, or kept with evidence on other edges.
        let evidence_keys = |c: &Corpus, r: &Resolution| -> FxHashMap<Sym, Vec<EvidenceEdge>> {
            let mut by_doc: FxHashMap<Sym, Vec<_>> = FxHashMap::default();
            for edge in &r.edges {
                for at in &edge.evidence {
                    if let Some(doc) = doc_sym(c, at.doc) {
                        by_doc.entry(doc).or_default().push((
                            at.relation,
                            at.evidence,
                            r.key(edge.subject).to_owned(),
                            edge.predicate,
                            r.key(edge.object).to_owned(),
                        ));
                    }
                }
            }
            for list in by_doc.values_mut() {
                list.sort();
            }
            by_doc
        };
        let old_evidence = evidence_keys(old_corpus, old);
        let new_evidence = evidence_keys(corpus, resolution);
        let old_positions: FxHashMap<Sym, u32> = old_corpus
            .docs()
            .iter()
            .enumerate()
            .map(|(i, d)| (d.doc, i as u32))
            .collect();
        let mut seen_old = vec![false; old_corpus.len()];
        for (i, doc) in corpus.docs().iter().enumerate() {
            match old_positions.get(&doc.doc) {
                Some(&o) => {
                    seen_old[o as usize] = true;
                    let before: Option<&DocSummary> = old_corpus.docs().get(o as usize);
                    let same = before == Some(doc)
                        && old_evidence.get(&doc.doc) == new_evidence.get(&doc.doc);
                    if !same {
                        plan.documents.push((Some(o), Some(i as u32)));
                    }
                }
                None => plan.documents.push((None, Some(i as u32))),
            }
        }
        for (o, seen) in seen_old.iter().enumerate() {
            if !seen {
                plan.documents.push((Some(o as u32), None));
            }
        }
        plan
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::StoreReader;
    use osintkg_graph::{
        DocumentMeta, EntityRecord, EntityType, EventType, Evidence, KnowledgeGraph, Predicate,
        RelationRecord, Span,
    };
    use oxigraph::io::RdfFormat;
    use proptest::prelude::*;
    use tempfile::TempDir;

    const PEOPLE: [&str; 6] = [
        "Sergei Lavrov",
        "Lavrov",
        "Imran Khan",
        "Sadiq Khan",
        "Khan",
        "Nesha Ulmaov",
    ];
    const ORGS: [(&str, Option<&str>); 5] = [
        ("Islamic State Khorasan Province", Some("org:iskp")),
        ("ISKP", Some("org:iskp")),
        ("Foreign Ministry", None),
        ("Shanghai Cooperation Organization", None),
        ("SCO", None),
    ];

    /// A small document: a person, an organization, an attack and relations between them,
    /// each choice from a small pool so that documents share entities.
    fn record(doc: &str, person: usize, org: usize, date: usize, variant: usize) -> DocumentRecord {
        let (org_name, kb) = ORGS[org % ORGS.len()];
        let person_name = PEOPLE[person % PEOPLE.len()];
        let mut p = EntityRecord::new("e0", EntityType::Person, person_name);
        p.mentions = vec![person_name.to_owned()];
        p.spans = vec![Span::new(0, person_name.len())];
        let mut o = EntityRecord::new("e1", EntityType::Organization, org_name);
        o.mentions = vec![org_name.to_owned()];
        o.kb = kb.map(str::to_owned);
        let mut attack = EntityRecord::new("v0", EntityType::Event, format!("{org_name} attack"));
        attack.event_type = Some(EventType::Attack);
        attack.date =
            [None, Some("2024"), Some("2024-03-22"), Some("2023")][date % 4].map(str::to_owned);
        attack.mentions = vec![format!("{org_name} raid")];
        let sentence = format!("{person_name} of {org_name} led the raid ({variant}).");
        let evidence = |confidence: f64| Evidence {
            doc: doc.to_owned(),
            span: Span::new(variant, variant + sentence.len()),
            sentence: sentence.clone(),
            rule: "test".to_owned(),
            confidence,
        };
        DocumentRecord {
            doc: doc.to_owned(),
            meta: DocumentMeta {
                title: Some(format!("{doc} title")),
                sha256: format!("{variant:064}"),
                ..DocumentMeta::default()
            },
            entities: vec![p, o, attack],
            relations: vec![
                RelationRecord {
                    subject: "e0".to_owned(),
                    predicate: Predicate::MemberOf,
                    object: "e1".to_owned(),
                    evidence: vec![evidence(0.7)],
                },
                RelationRecord {
                    subject: "v0".to_owned(),
                    predicate: Predicate::ClaimedBy,
                    object: "e1".to_owned(),
                    evidence: vec![evidence(0.8), evidence(0.8)],
                },
            ],
        }
    }

    /// Every quad of the store's current generation, as sorted N-Quads lines.
    fn dump(store: &Path) -> Vec<String> {
        let reader = StoreReader::open(store).unwrap();
        let mut out = Vec::new();
        reader
            .store()
            .dump_to_writer(RdfFormat::NQuads, &mut out)
            .unwrap();
        let mut lines: Vec<String> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect();
        lines.sort();
        lines
    }

    fn scratch(dir: &Path, records: &[DocumentRecord]) -> PathBuf {
        let path = dir.join(format!("scratch-{}", records.len()));
        let _ = fs::remove_dir_all(&path);
        let mut writer = StoreWriter::open_or_create(&path).unwrap();
        writer.commit(records).unwrap();
        path
    }

    #[derive(Debug, Clone)]
    enum Step {
        Add(usize, usize, usize, usize, usize),
        Remove(usize),
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            3 => (0usize..7, 0usize..6, 0usize..5, 0usize..4, 0usize..3)
                .prop_map(|(d, p, o, t, v)| Step::Add(d, p, o, t, v)),
            1 => (0usize..7).prop_map(Step::Remove),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 10, ..ProptestConfig::default() })]

        /// Whatever the sequence of additions, replacements and removals, writing each
        /// step as a difference to the previous generation gives the store and graph a
        /// build from scratch of the same documents gives.
        #[test]
        fn a_difference_gives_what_a_build_from_scratch_gives(
            first in proptest::collection::vec(step(), 1..5),
            later in proptest::collection::vec(proptest::collection::vec(step(), 1..3), 1..4),
        ) {
            let tmp = TempDir::new().unwrap();
            let store = tmp.path().join("kg");
            let mut documents: std::collections::BTreeMap<String, DocumentRecord> = Default::default();
            for steps in std::iter::once(first).chain(later) {
                let mut writer = StoreWriter::open_or_create(&store).unwrap();
                let mut build = writer.begin().unwrap();
                for step in &steps {
                    match *step {
                        Step::Add(d, p, o, t, v) => {
                            let r = record(&format!("doc-{d}"), p, o, t, v);
                            build.add(&r).unwrap();
                            documents.insert(r.doc.clone(), r);
                        }
                        Step::Remove(d) => {
                            let doc = format!("doc-{d}");
                            prop_assert_eq!(build.remove(&doc), documents.remove(&doc).is_some());
                        }
                    }
                }
                build.commit_as(Writing::Difference).unwrap();
                drop(writer);
                let all: Vec<DocumentRecord> = documents.values().cloned().collect();
                let reference = scratch(tmp.path(), &all);
                prop_assert_eq!(dump(&store), dump(&reference));
                let graph = StoreReader::open(&store).unwrap().load_graph().unwrap();
                prop_assert_eq!(&graph, &KnowledgeGraph::from_records(&all));
                prop_assert_eq!(&graph, &StoreReader::open(&reference).unwrap().load_graph().unwrap());
            }
        }
    }

    #[test]
    fn unchanged_documents_write_nothing_and_changes_are_counted() {
        let tmp = TempDir::new().unwrap();
        let store = tmp.path().join("kg");
        let mut writer = StoreWriter::open_or_create(&store).unwrap();
        let mut build = writer.begin().unwrap();
        for d in 0..4 {
            build.add(&record(&format!("d{d}"), d, d, d, 0)).unwrap();
        }
        let first = build.commit().unwrap();
        assert_eq!(first.changes.added, 4);
        assert!(first.diff.is_none());
        let mut build = writer.begin().unwrap();
        build.add(&record("d0", 0, 0, 0, 0)).unwrap();
        build.add(&record("d1", 1, 1, 1, 1)).unwrap();
        assert!(build.remove("d2"));
        assert!(!build.remove("nowhere"));
        build.add(&record("d9", 5, 2, 0, 0)).unwrap();
        let changes = build.changes().clone();
        assert_eq!(
            changes,
            Changes {
                added: 1,
                updated: 1,
                unchanged: 1,
                removed: 1
            }
        );
        let second = build.commit_as(Writing::Difference).unwrap();
        assert_eq!(second.generation, first.generation + 1);
        assert!(
            second
                .diff
                .is_some_and(|(removed, inserted)| removed > 0 && inserted > 0)
        );
        let mut build = writer.begin().unwrap();
        build.add(&record("d0", 0, 0, 0, 0)).unwrap();
        let third = build.commit().unwrap();
        assert_eq!(third.generation, second.generation);
        assert_eq!(third.quads, second.quads);
        assert_eq!((third.nodes, third.edges), (second.nodes, second.edges));
        assert_eq!(third.by_type, second.by_type);
        assert_eq!(third.reuse.resolved, 0, "nothing changed, nothing resolved");
        assert_eq!(third.reuse.mentions, second.reuse.mentions);
        drop(writer);
        assert_eq!(
            StoreReader::open(&store).unwrap().quad_count().unwrap(),
            third.quads
        );
    }

    #[test]
    fn a_record_given_unchanged_then_changed_in_one_build_is_written() {
        let tmp = TempDir::new().unwrap();
        let store = tmp.path().join("kg");
        let mut writer = StoreWriter::open_or_create(&store).unwrap();
        let mut build = writer.begin().unwrap();
        for d in 0..3 {
            build.add(&record(&format!("d{d}"), d, d, d, 0)).unwrap();
        }
        let first = build.commit().unwrap();
        let mut build = writer.begin().unwrap();
        build.add(&record("d0", 0, 0, 0, 0)).unwrap();
        build.add(&record("d0", 4, 1, 2, 1)).unwrap();
        build.add(&record("d0", 4, 1, 2, 1)).unwrap();
        assert_eq!(
            build.changes(),
            &Changes {
                updated: 1,
                ..Changes::default()
            }
        );
        let second = build.commit().unwrap();
        assert_eq!(second.generation, first.generation + 1);
        assert_ne!(second.quads, first.quads);
        drop(writer);
        let mut fresh = StoreWriter::open_or_create(tmp.path().join("fresh")).unwrap();
        let mut build = fresh.begin().unwrap();
        build.add(&record("d0", 4, 1, 2, 1)).unwrap();
        for d in 1..3 {
            build.add(&record(&format!("d{d}"), d, d, d, 0)).unwrap();
        }
        let scratch = build.commit().unwrap();
        assert_eq!(
            (second.quads, second.nodes, second.edges),
            (scratch.quads, scratch.nodes, scratch.edges)
        );
    }

    #[test]
    fn the_snapshot_reader_agrees_with_the_whole_graph() {
        let tmp = TempDir::new().unwrap();
        let store = tmp.path().join("kg");
        let mut writer = StoreWriter::open_or_create(&store).unwrap();
        let mut build = writer.begin().unwrap();
        for d in 0..12 {
            build
                .add(&record(&format!("d{d:02}"), d, d / 2, d % 3, d % 2))
                .unwrap();
        }
        build.commit().unwrap();
        drop(writer);
        let snapshot = crate::GraphSnapshot::open(&store).unwrap();
        let graph = snapshot.graph().unwrap();
        assert_eq!(
            graph,
            StoreReader::open(&store).unwrap().load_graph().unwrap()
        );
        assert_eq!(snapshot.node_count(), graph.nodes.len());
        let finder = osintkg_graph::NodeFinder::new(&graph);
        for (i, (key, node)) in graph.nodes.iter().enumerate() {
            let i = i as u32;
            assert_eq!(snapshot.key(i), key);
            assert_eq!(snapshot.position(key), Some(i));
            assert_eq!(snapshot.node(i).unwrap().as_ref(), Some(node));
            let (support, confidence) = snapshot.support(i).unwrap();
            assert_eq!(support as usize, node.support());
            assert_eq!(confidence.to_bits(), node.confidence().to_bits());
            let (merges, kept) = snapshot.merges(i).unwrap();
            assert_eq!(merges, graph.merges_into(key).cloned().collect::<Vec<_>>());
            assert_eq!(kept, graph.kept_apart_in(key).cloned().collect::<Vec<_>>());
            for name in node.names().chain([key.as_str(), "nothing like it"]) {
                assert_eq!(snapshot.find(name), finder.find(name), "{name}");
            }
        }
        assert!(!graph.merges.is_empty());
        for (i, (key, edge)) in graph.edges.iter().enumerate() {
            assert_eq!(snapshot.edge_position(key), Some(i as u32));
            assert_eq!(snapshot.edge(i as u32).unwrap().as_ref(), Some(edge));
        }
        for (i, node) in graph.nodes.values().enumerate() {
            let summary = snapshot.node_summary(i as u32).unwrap().unwrap();
            assert_eq!(summary.key, node.key);
            assert_eq!(
                summary.names().collect::<Vec<_>>(),
                node.names().collect::<Vec<_>>()
            );
            assert_eq!(summary.date, node.date);
            let heading = snapshot.node_heading(i as u32).unwrap().unwrap();
            assert!(heading.aliases.is_empty());
            assert_eq!(
                (heading.name, heading.date),
                (node.name.clone(), node.date.clone())
            );
        }
        assert!(
            snapshot
                .node_summary(graph.nodes.len() as u32)
                .unwrap()
                .is_none()
        );
        let view = snapshot.view().unwrap();
        let whole = osintkg_graph::GraphView::new(&graph);
        assert_eq!(view.node_count(), whole.node_count());
        assert_eq!(view.edge_count(), whole.edge_count());
        for key in graph.nodes.keys() {
            let (a, b) = (view.index_of(key).unwrap(), whole.index_of(key).unwrap());
            assert_eq!((view.kind(a), view.date(a)), (whole.kind(b), whole.date(b)));
            let steps = |v: &osintkg_graph::GraphView, n| {
                let mut steps: Vec<String> = v.steps(n).map(|s| format!("{s:?}")).collect();
                steps.sort();
                steps
            };
            assert_eq!(steps(&view, a), steps(&whole, b), "{key}");
            let node = snapshot.position(key).unwrap();
            let touching: Vec<u32> = (0..snapshot.edge_count() as u32)
                .filter(|&e| {
                    snapshot
                        .edge_nodes(e)
                        .is_some_and(|(s, o)| s == node || o == node)
                })
                .collect();
            assert_eq!(snapshot.edges_of(node), touching, "{key}");
        }
        assert_eq!(view.max_edge_cost(), whole.max_edge_cost());
    }

    /// Rewrites the header of every snapshot under `store` to say `version` with its
    /// first `sections` sections (1 and 14: what a store written before the lazy reader
    /// holds; 3 and 19: before the adjacency rows).
    fn age_snapshots(store: &Path, version: u32, sections: u32) -> usize {
        let mut aged = 0;
        for entry in fs::read_dir(store).unwrap() {
            let file = entry.unwrap().path().join(crate::snapshot::SNAPSHOT_FILE);
            if let Ok(mut bytes) = fs::read(&file) {
                bytes[8..12].copy_from_slice(&version.to_le_bytes());
                bytes[12..16].copy_from_slice(&sections.to_le_bytes());
                fs::write(&file, bytes).unwrap();
                aged += 1;
            }
        }
        aged
    }

    /// A version 3 snapshot has no adjacency rows: the read commands ask for a build,
    /// which rewrites it from its own contents (no input), with the same graph.
    #[test]
    fn a_version_3_snapshot_is_rewritten_by_the_next_build() {
        let tmp = TempDir::new().unwrap();
        let store = tmp.path().join("kg");
        let mut writer = StoreWriter::open_or_create(&store).unwrap();
        let mut build = writer.begin().unwrap();
        for d in 0..6 {
            build
                .add(&record(&format!("d{d}"), d, d / 2, d % 3, 0))
                .unwrap();
        }
        build.commit().unwrap();
        drop(writer);
        let graph = StoreReader::open(&store).unwrap().load_graph().unwrap();
        assert_eq!(age_snapshots(&store, 3, 19), 1);
        let err = crate::GraphSnapshot::open(&store).unwrap_err();
        assert!(
            matches!(err, crate::RdfError::OutdatedSnapshot { .. }),
            "{err}"
        );
        let mut writer = StoreWriter::open_or_create(&store).unwrap();
        let rewritten = writer.begin().unwrap().commit().unwrap();
        drop(writer);
        let dir = crate::store::generation_dir(&store, rewritten.generation);
        assert!(!crate::snapshot::snapshot_outdated(&dir).unwrap());
        let snapshot = crate::GraphSnapshot::open(&store).unwrap();
        assert!(!graph.edges.is_empty());
        for (i, edge) in graph.edges.values().enumerate() {
            assert_eq!(snapshot.edge(i as u32).unwrap().as_ref(), Some(edge));
        }
        assert_eq!(snapshot.graph().unwrap(), graph);
    }

    #[test]
    fn an_outdated_snapshot_is_named_and_rewritten_by_a_build_without_input() {
        let tmp = TempDir::new().unwrap();
        let store = tmp.path().join("kg");
        let mut writer = StoreWriter::open_or_create(&store).unwrap();
        let mut build = writer.begin().unwrap();
        for d in 0..5 {
            build.add(&record(&format!("d{d}"), d, d, d, 0)).unwrap();
        }
        let first = build.commit().unwrap();
        drop(writer);
        let graph = StoreReader::open(&store).unwrap().load_graph().unwrap();
        assert_eq!(age_snapshots(&store, 1, 14), 1);
        let err = crate::GraphSnapshot::open(&store).unwrap_err();
        assert!(
            matches!(err, crate::RdfError::OutdatedSnapshot { .. }),
            "{err}"
        );
        assert!(err.to_string().contains("osintkg build --store"), "{err}");

        // The old snapshot still serves an incremental build, which writes a new one
        // even though no document changed.
        let mut writer = StoreWriter::open_or_create(&store).unwrap();
        let second = writer.begin().unwrap().commit().unwrap();
        assert_eq!(second.generation, first.generation + 1);
        drop(writer);
        let snapshot = crate::GraphSnapshot::open(&store).unwrap();
        assert_eq!(snapshot.graph().unwrap(), graph);
        let mut writer = StoreWriter::open_or_create(&store).unwrap();
        let third = writer.begin().unwrap().commit().unwrap();
        assert_eq!(
            third.generation, second.generation,
            "nothing left to rewrite"
        );
    }

    #[test]
    fn a_record_citing_another_document_is_refused() {
        let tmp = TempDir::new().unwrap();
        let mut writer = StoreWriter::open_or_create(tmp.path().join("kg")).unwrap();
        let mut build = writer.begin().unwrap();
        let mut bad = record("d0", 0, 0, 0, 0);
        bad.relations[0].evidence[0].doc = "elsewhere".to_owned();
        let err = build.add(&bad).unwrap_err();
        assert!(err.to_string().contains("elsewhere"), "{err}");
    }
}
