//! One runner per subcommand, and the input handling that extract and build share.

mod build;
mod explore;
mod export;
mod extract;
mod path;
mod query;
mod serve;
mod stats;

use crate::cli::{Cli, Command, InputArgs};
use crate::output;
use anyhow::{Result, bail};
use indicatif::{ProgressBar, ProgressStyle};
use osintkg_extract::{Document, Extractor, input};
use osintkg_graph::DocumentRecord;
use rayon::prelude::*;

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
    }
}

/// Reads every document under the input paths, in parallel, reporting each problem on
/// stderr; with `--strict` any problem fails the run before anything is written.
/// Document ids are made unique among the documents read and against `known`, the
/// documents a store already holds (see `osintkg_extract::input::ids`).
pub(crate) fn read_documents(
    args: &InputArgs,
    known: &[input::KnownDocument],
) -> Result<Vec<Document>> {
    let list = input::list_files(&args.paths)?;
    let mut warnings: Vec<String> = list.warnings.iter().map(ToString::to_string).collect();
    for path in &list.unsupported {
        warnings.push(format!(
            "{}: unsupported extension, skipped",
            path.display()
        ));
    }
    let read: Vec<_> = list
        .files
        .par_iter()
        .map(|path| input::read_path(path))
        .collect();
    let mut documents = Vec::new();
    for result in read {
        match result {
            Ok((docs, file_warnings)) => {
                warnings.extend(file_warnings.iter().map(ToString::to_string));
                documents.extend(docs);
            }
            Err(error) => warnings.push(error.to_string()),
        }
    }
    warnings.extend(
        input::assign_ids(&mut documents, known)
            .iter()
            .map(ToString::to_string),
    );
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
    Ok(documents)
}

/// The node a user means by a name: any of its names, case-insensitive. An unknown
/// name gets suggestions, an ambiguous one the list of candidates.
pub(crate) fn resolve_name(graph: &osintkg_graph::KnowledgeGraph, query: &str) -> Result<String> {
    use osintkg_graph::{Lookup, NodeFinder};
    let describe = |key: &String| match graph.nodes.get(key) {
        Some(node) => format!("{} ({}, {key})", node.name, node.kind),
        None => key.clone(),
    };
    match NodeFinder::new(graph).find(query) {
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

/// Extracts documents in parallel, with a progress bar when stderr is a terminal.
pub(crate) fn extract_all(documents: &[Document]) -> Result<Vec<DocumentRecord>> {
    let extractor = Extractor::new()?;
    let progress = if crate::stderr_is_terminal() {
        let bar = ProgressBar::new(documents.len() as u64);
        if let Ok(style) = ProgressStyle::with_template(
            "{spinner} extracting {pos}/{len} documents {wide_bar} {eta}",
        ) {
            bar.set_style(style);
        }
        bar
    } else {
        ProgressBar::hidden()
    };
    let records = documents
        .par_iter()
        .map(|document| {
            let record = extractor.extract(document);
            progress.inc(1);
            record
        })
        .collect();
    progress.finish_and_clear();
    Ok(records)
}
