//! `osintkg build`: extract, merge with what the store holds, resolve, commit atomically.
//!
//! The store keeps every document's extraction, so a build resolves the union of old
//! and new documents from scratch: the graph depends only on the set of documents, and
//! building the same documents twice writes nothing new.

use crate::cli::BuildArgs;
use anyhow::{Context, Result};
use osintkg_extract::input::KnownDocument;
use osintkg_graph::{DocumentRecord, EntityType, KnowledgeGraph};
use osintkg_rdf::{StoreReader, StoreWriter};
use std::collections::BTreeMap;
use std::io::Write;
use std::time::Instant;

pub fn run(args: BuildArgs) -> Result<()> {
    let started = Instant::now();
    // Take the write lock first: a second build fails before doing any work.
    let mut writer = StoreWriter::open_or_create(&args.store.store)
        .with_context(|| format!("cannot open the store {}", args.store.store.display()))?;
    let mut records: BTreeMap<String, DocumentRecord> = writer
        .records()?
        .into_iter()
        .map(|r| (r.doc.clone(), r))
        .collect();
    let known: Vec<KnownDocument> = records
        .values()
        .map(|r| KnownDocument {
            id: r.doc.clone(),
            file: r.meta.file.clone(),
        })
        .collect();
    let documents = super::read_documents(&args.input, &known)?;
    let extracted = super::extract_all(&documents)?;
    let (mut added, mut updated, mut unchanged) = (0, 0, 0);
    for record in extracted {
        match records.get(&record.doc) {
            Some(old) if old.meta.sha256 == record.meta.sha256 && old == &record => unchanged += 1,
            Some(_) => updated += 1,
            None => added += 1,
        }
        records.insert(record.doc.clone(), record);
    }
    let all: Vec<DocumentRecord> = records.into_values().collect();
    let graph = KnowledgeGraph::from_records(&all);
    let generation = writer.generation()?;
    let quads = if added + updated > 0 || generation.is_none() {
        let stats = writer.commit(&all, &graph)?;
        crate::committed(stats.generation);
        stats.quads
    } else {
        StoreReader::open(&args.store.store)?.quad_count()?
    };
    let summary = Summary {
        added,
        updated,
        unchanged,
        quads,
        seconds: started.elapsed().as_secs_f64(),
    };
    summary
        .write(&graph, &mut std::io::stdout().lock())
        .with_context(|| format!("{}; writing the summary failed", crate::store_outcome()))
}

/// What a build did, as printed at its end.
struct Summary {
    added: usize,
    updated: usize,
    unchanged: usize,
    quads: u64,
    seconds: f64,
}

impl Summary {
    fn write(&self, graph: &KnowledgeGraph, out: &mut impl Write) -> std::io::Result<()> {
        let Summary {
            added,
            updated,
            unchanged,
            quads,
            seconds,
        } = self;
        let counts = graph.count_by_type();
        writeln!(
            out,
            "documents: {} in store ({added} added, {updated} updated, {unchanged} unchanged)",
            graph.documents.len()
        )?;
        let by_type: Vec<String> = EntityType::ALL
            .iter()
            .map(|t| format!("{} {}", counts.get(t).copied().unwrap_or(0), t.as_str()))
            .collect();
        writeln!(
            out,
            "entities:  {} ({})",
            graph.nodes.len(),
            by_type.join(", ")
        )?;
        writeln!(out, "relations: {}", graph.edges.len())?;
        writeln!(out, "triples:   {quads}")?;
        writeln!(out, "seconds:   {seconds:.2}")?;
        out.flush()
    }
}
