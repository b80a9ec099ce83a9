//! One runner per subcommand, and the input handling that extract and build share.

mod build;
mod explore;
mod export;
mod extract;
mod path;
mod push;
mod query;
mod remove;
mod serve;
mod stats;

use crate::cli::{Cli, Command, InputArgs};
use crate::output;
use anyhow::{Context, Result, bail};
use indicatif::{ProgressBar, ProgressStyle};
use osintkg_extract::{Document, Extractor, input};
use osintkg_graph::DocumentRecord;
use osintkg_rdf::GraphSnapshot;
use rayon::prelude::*;
use std::path::PathBuf;

/// Runs the parsed command.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Extract(args) => extract::run(args),
        Command::Build(args) => build::run(args),
        Command::Query(args) => query::run(args),
        Command::Export(args) => export::run(args),
        Command::Path(args) => path::run(args),
        Command::Stats(args) => stats::run(args),
        Command::Show(args) => explore::show(args),
        Command::Neighbors(args) => explore::neighbors(args),
        Command::Timeline(args) => explore::timeline(args),
        Command::Rank(args) => explore::rank(args),
        Command::Serve(args) => serve::run(args),
        Command::Remove(args) => remove::run(args),
        Command::Push(args) => push::run(args),
    }
}

/// Input read and extracted together: enough to keep both cores busy, small enough
/// that a batch's text and records are a sliver of a large corpus.
const BATCH_BYTES: u64 = 16 << 20;

/// Reads and extracts every document under the input paths, batch by batch, and hands
/// each batch's records to `each` in input order. Reading and extraction of a batch run
/// in parallel (rayon) while `each` consumes the one before, so memory holds a couple
/// of batches whatever the corpus. Problems with the input are reported on stderr as
/// they come; with `--strict` every file is read (and every id assigned) first, and any
/// problem fails the run before a record is produced.
///
/// Document ids are made unique among the documents read and against `known`, the
/// documents a store already holds (see `osintkg_extract::input::ids`), before a shard
/// takes its documents: every shard of one input sees the same ids.
pub(crate) fn extract_stream(
    args: &InputArgs,
    known: &[input::KnownDocument],
    shard: Option<&crate::shard::Shard>,
    mut each: impl FnMut(Vec<DocumentRecord>) -> Result<()>,
) -> Result<()> {
    let list = input::list_files(&args.paths)?;
    let mut warnings: Vec<String> = list.warnings.iter().map(ToString::to_string).collect();
    for path in &list.unsupported {
        warnings.push(format!(
            "{}: unsupported extension, skipped",
            path.display()
        ));
    }
    let batches = batches(&list.files);
    if args.strict {
        // The same batches as the run proper, so the ids and their warnings are the same.
        let mut ids = input::IdAssigner::new(known);
        for batch in &batches {
            let (mut documents, batch_warnings) = read_batch(batch);
            warnings.extend(batch_warnings);
            warnings.extend(ids.assign(&mut documents).iter().map(ToString::to_string));
        }
    }
    for warning in &warnings {
        output::warning(warning);
    }
    if !list.unsupported.is_empty() {
        output::note(format!(
            "{} file(s) skipped for their extension",
            list.unsupported.len()
        ));
    }
    if args.strict && !warnings.is_empty() {
        bail!(
            "{} warning(s) about the input and --strict is set",
            warnings.len()
        );
    }
    let extractor = Extractor::new()?;
    let progress = progress_bar(
        list.files.len() as u64,
        "reading and extracting {pos}/{len} files",
    );
    let mut ids = input::IdAssigner::new(known);
    let (tx, rx) = std::sync::mpsc::sync_channel::<(Vec<DocumentRecord>, Vec<String>)>(1);
    std::thread::scope(|scope| -> Result<()> {
        scope.spawn(|| {
            let tx = tx;
            for batch in batches {
                let (mut documents, mut warnings) = read_batch(&batch);
                warnings.extend(ids.assign(&mut documents).iter().map(ToString::to_string));
                documents.retain(|d| shard.is_none_or(|s| s.contains(&d.id)));
                let records: Vec<DocumentRecord> =
                    documents.par_iter().map(|d| extractor.extract(d)).collect();
                progress.inc(batch.len() as u64);
                if tx.send((records, warnings)).is_err() {
                    break;
                }
            }
        });
        for (records, warnings) in rx {
            for warning in &warnings {
                output::warning(warning);
            }
            // Dropping the receiver on an error stops the reader at its next batch.
            each(records)?;
        }
        Ok(())
    })?;
    progress.finish_and_clear();
    Ok(())
}

/// Reads a batch of files in parallel: their documents, in order, and the problems met.
fn read_batch(files: &[PathBuf]) -> (Vec<Document>, Vec<String>) {
    let read: Vec<_> = files
        .par_iter()
        .map(|path| input::read_path(path))
        .collect();
    let mut documents = Vec::new();
    let mut warnings = Vec::new();
    for result in read {
        match result {
            Ok((docs, file_warnings)) => {
                warnings.extend(file_warnings.iter().map(ToString::to_string));
                documents.extend(docs);
            }
            Err(error) => warnings.push(error.to_string()),
        }
    }
    (documents, warnings)
}

/// Files cut into runs of about [`BATCH_BYTES`], in order.
fn batches(files: &[PathBuf]) -> Vec<Vec<PathBuf>> {
    let mut batches = Vec::new();
    let mut current = Vec::new();
    let mut bytes = 0;
    for path in files {
        bytes += std::fs::metadata(path).map_or(0, |m| m.len());
        current.push(path.clone());
        if bytes >= BATCH_BYTES {
            batches.push(std::mem::take(&mut current));
            bytes = 0;
        }
    }
    if !current.is_empty() {
        batches.push(current);
    }
    batches
}

/// Reads extraction records (JSON Lines of `osintkg extract`, as extraction shards
/// write them) batch by batch, parsed in parallel, and hands each batch to `each` in
/// order. A line that is not a record fails the run, naming the file and line.
pub(crate) fn records_stream(
    files: &[PathBuf],
    mut each: impl FnMut(Vec<DocumentRecord>) -> Result<()>,
) -> Result<()> {
    use std::io::BufRead;
    for path in files {
        let file = std::fs::File::open(path)
            .with_context(|| format!("cannot read the records file {}", path.display()))?;
        let mut lines = std::io::BufReader::with_capacity(1 << 20, file).lines();
        let mut number = 0usize;
        loop {
            let mut batch: Vec<(usize, String)> = Vec::new();
            let mut bytes = 0u64;
            while bytes < BATCH_BYTES {
                let Some(line) = lines.next() else { break };
                number += 1;
                let line =
                    line.with_context(|| format!("{}:{number}: cannot read", path.display()))?;
                bytes += line.len() as u64;
                if !line.trim().is_empty() {
                    batch.push((number, line));
                }
            }
            if batch.is_empty() {
                break;
            }
            let parsed: Vec<DocumentRecord> = batch
                .par_iter()
                .map(|(n, line)| {
                    serde_json::from_str(line).with_context(|| {
                        format!("{}:{n}: not an extraction record", path.display())
                    })
                })
                .collect::<Result<_>>()?;
            each(parsed)?;
        }
    }
    Ok(())
}

fn progress_bar(len: u64, template: &str) -> ProgressBar {
    if !crate::stderr_is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len);
    if let Ok(style) =
        ProgressStyle::with_template(&format!("{{spinner}} {template} {{wide_bar}} {{eta}}"))
    {
        bar.set_style(style);
    }
    bar
}

/// The node a user means by a name: any of its names, case-insensitive. An unknown
/// name gets suggestions, an ambiguous one the list of candidates.
pub(crate) fn resolve_name(graph: &GraphSnapshot, query: &str) -> Result<String> {
    use osintkg_graph::Lookup;
    let describe = |key: &String| match summary(graph, key) {
        Ok(Some(node)) => format!("{} ({}, {key})", node.name, node.kind),
        _ => key.clone(),
    };
    match graph.find(query) {
        Lookup::Found(key) => Ok(key),
        Lookup::Ambiguous(keys) => {
            let listed: Vec<String> = keys.iter().map(describe).collect();
            bail!(
                "{query:?} names several entities; use one of their keys:\n  {}",
                listed.join("\n  ")
            )
        }
        Lookup::NotFound { suggestions } if suggestions.is_empty() => {
            bail!("no entity is named {query:?}")
        }
        Lookup::NotFound { suggestions } => {
            let listed: Vec<String> = suggestions.iter().map(describe).collect();
            bail!(
                "no entity is named {query:?}; did you mean:\n  {}",
                listed.join("\n  ")
            )
        }
    }
}

/// A graph holding just what a command prints: the nodes `keys` without their mentions
/// and aliases (name, type, date) and the edges `edges` with their evidence, read from the
/// snapshot rather than loading the whole graph.
pub(crate) fn partial_graph<'k>(
    graph: &GraphSnapshot,
    keys: impl IntoIterator<Item = &'k str>,
    edges: impl IntoIterator<Item = u32>,
) -> Result<osintkg_graph::KnowledgeGraph> {
    let mut partial = osintkg_graph::KnowledgeGraph::default();
    for key in keys {
        if let Some(node) = summary(graph, key)? {
            partial.nodes.insert(node.key.clone(), node);
        }
    }
    for position in edges {
        if let Some(edge) = graph.edge(position)? {
            for key in [&edge.subject, &edge.object] {
                if !partial.nodes.contains_key(key)
                    && let Some(node) = summary(graph, key)?
                {
                    partial.nodes.insert(node.key.clone(), node);
                }
            }
            partial.edges.insert(
                (edge.subject.clone(), edge.predicate, edge.object.clone()),
                edge,
            );
        }
    }
    Ok(partial)
}

/// The node with this key as a listing prints it (see [`GraphSnapshot::node_heading`]).
fn summary(graph: &GraphSnapshot, key: &str) -> Result<Option<osintkg_graph::Node>> {
    match graph.position(key) {
        Some(position) => Ok(graph.node_heading(position)?),
        None => Ok(None),
    }
}
