//! `osintkg build`: extract (or read extraction records), merge with what the store
//! holds, resolve, commit atomically.
//!
//! Documents stream through: each batch is extracted in parallel and added to the build,
//! which keeps only compact summaries in memory and writes sentences to disk. The
//! previous generation's snapshot gives the documents already stored, so they are
//! neither read back from the quads nor extracted again; the graph depends only on the
//! set of documents, and building the same documents twice writes nothing.

use crate::cli::{BuildArgs, InputArgs};
use anyhow::{Context, Result};
use osintkg_rdf::{Committed, StoreWriter};
use std::time::Instant;

pub fn run(args: BuildArgs) -> Result<()> {
    let started = Instant::now();
    // Take the write lock first: a second build fails before doing any work.
    let mut writer = StoreWriter::open_or_create(&args.store.store)
        .with_context(|| format!("cannot open the store {}", args.store.store.display()))?;
    let mut build = writer.begin()?;
    let add = |records: Vec<osintkg_graph::DocumentRecord>| -> Result<()> {
        for record in &records {
            build.add(record)?;
        }
        Ok(())
    };
    if args.records.is_empty() {
        let input = InputArgs {
            paths: args.paths.clone(),
            strict: args.strict,
        };
        super::extract_stream(&input, None, add)?;
    } else {
        super::records_stream(&args.records, add)?;
    }
    let committed = build.commit()?;
    print_summary(&committed, started.elapsed().as_secs_f64());
    Ok(())
}

/// The build's report: documents, graph size, what was written.
pub(crate) fn print_summary(committed: &Committed, seconds: f64) {
    let c = &committed.changes;
    let removed = if c.removed > 0 {
        format!(", {} removed", c.removed)
    } else {
        String::new()
    };
    println!(
        "documents: {} in store ({} added, {} updated, {} unchanged{removed})",
        committed.documents, c.added, c.updated, c.unchanged
    );
    let by_type: Vec<String> = committed
        .by_type
        .iter()
        .map(|(t, n)| format!("{n} {t}"))
        .collect();
    println!("entities:  {} ({})", committed.nodes, by_type.join(", "));
    println!("relations: {}", committed.edges);
    println!("triples:   {}", committed.quads);
    println!(
        "resolved:  {} of {} mentions (the others kept their nodes)",
        committed.reuse.resolved, committed.reuse.mentions
    );
    match committed.diff {
        None => println!(
            "written:   every quad (generation {})",
            committed.generation
        ),
        Some((0, 0)) => println!(
            "written:   nothing (generation {} is current)",
            committed.generation
        ),
        Some((removed, inserted)) => println!(
            "written:   the difference, {removed} quads removed and {inserted} added (generation {})",
            committed.generation
        ),
    }
    println!("seconds:   {seconds:.2}");
}
