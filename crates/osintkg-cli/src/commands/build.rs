//! `osintkg build`: extract (or read extraction records), merge with what the store
//! holds, resolve, commit atomically.
//!
//! Documents stream through: each batch is extracted in parallel and added to the build,
//! which keeps only compact summaries in memory and writes sentences to disk. The
//! previous generation's snapshot gives the documents already stored, so they are
//! neither read back from the quads nor extracted again; the graph depends only on the
//! set of documents, and building the same documents twice writes nothing. The stored
//! documents (with the files they came from) also keep new documents' ids from
//! colliding with theirs (see `osintkg_extract::input::ids`).

use crate::cli::{BuildArgs, InputArgs};
use anyhow::{Context, Result, bail};
use osintkg_extract::input::KnownDocument;
use osintkg_rdf::{Build, Committed, StoreWriter};
use std::io::Write;
use std::time::Instant;

pub fn run(args: BuildArgs) -> Result<()> {
    let started = Instant::now();
    if args.paths.is_empty() && args.records.is_empty() && !args.store.store.exists() {
        bail!(
            "nothing to build: give documents (PATH...) or --records FILE for the new store {}",
            args.store.store.display()
        );
    }
    // Take the write lock first: a second build fails before doing any work.
    let mut writer = StoreWriter::open_or_create(&args.store.store)
        .with_context(|| format!("cannot open the store {}", args.store.store.display()))?;
    let before = writer.generation()?;
    let mut build = writer.begin()?;
    let known: Vec<KnownDocument> = build
        .stored_documents()
        .into_iter()
        .map(|(id, file)| KnownDocument { id, file })
        .collect();
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
        super::extract_stream(&input, &known, None, add)?;
    } else {
        super::records_stream(&args.records, add)?;
    }
    let committed = commit(build, before)?;
    write_summary(&committed, started.elapsed().as_secs_f64())
}

/// Commits a build started on generation `before`, recording a new generation for the
/// error message of a later failure (see `crate::committed`).
pub(crate) fn commit(build: Build<'_>, before: Option<u64>) -> Result<Committed> {
    let committed = build.commit()?;
    if before != Some(committed.generation) {
        crate::committed(committed.generation);
    }
    Ok(committed)
}

/// Prints the build's report on stdout: documents, graph size, what was written.
pub(crate) fn write_summary(committed: &Committed, seconds: f64) -> Result<()> {
    let stdout = std::io::stdout();
    summary(committed, seconds, &mut stdout.lock())
        .with_context(|| format!("{}; writing the summary failed", crate::store_outcome()))
}

fn summary(committed: &Committed, seconds: f64, out: &mut impl Write) -> std::io::Result<()> {
    let c = &committed.changes;
    let removed = if c.removed > 0 {
        format!(", {} removed", c.removed)
    } else {
        String::new()
    };
    writeln!(
        out,
        "documents: {} in store ({} added, {} updated, {} unchanged{removed})",
        committed.documents, c.added, c.updated, c.unchanged
    )?;
    let by_type: Vec<String> = committed
        .by_type
        .iter()
        .map(|(t, n)| format!("{n} {t}"))
        .collect();
    writeln!(
        out,
        "entities:  {} ({})",
        committed.nodes,
        by_type.join(", ")
    )?;
    writeln!(out, "relations: {}", committed.edges)?;
    writeln!(out, "triples:   {}", committed.quads)?;
    writeln!(
        out,
        "resolved:  {} of {} mentions (the others kept their nodes)",
        committed.reuse.resolved, committed.reuse.mentions
    )?;
    match committed.diff {
        None => writeln!(
            out,
            "written:   every quad (generation {})",
            committed.generation
        )?,
        Some((0, 0)) => writeln!(
            out,
            "written:   nothing (generation {} is current)",
            committed.generation
        )?,
        Some((removed, inserted)) => writeln!(
            out,
            "written:   the difference, {removed} quads removed and {inserted} added (generation {})",
            committed.generation
        )?,
    }
    writeln!(out, "seconds:   {seconds:.2}")?;
    out.flush()
}
