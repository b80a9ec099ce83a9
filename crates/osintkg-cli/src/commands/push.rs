//! `osintkg push` and `osintkg query --endpoint`: the graph in another SPARQL store.
//!
//! Extraction shards run on any job runner and one build resolves them; a SPARQL store
//! that scales out (Fuseki, GraphDB, Virtuoso, Neptune, an oxigraph server) then serves
//! the graph to many readers. The protocol work is in `osintkg_rdf::remote`.

use crate::UsageError;
use crate::cli::{CredentialArgs, PushArgs, QueryArgs, QueryFormat};
use crate::output::Sanitized;
use anyhow::{Context, Result};
use indicatif::ProgressBar;
use osintkg_rdf::{Remote, StoreReader};
use std::io::{BufWriter, Write};
use std::time::Instant;

fn remote(credentials: &CredentialArgs) -> Result<Remote> {
    match (&credentials.user, &credentials.password_env) {
        (Some(user), Some(var)) => {
            let password = std::env::var(var)
                .with_context(|| format!("--password-env names {var}, which is not set"))?;
            Ok(Remote::new(Some((user, &password))))
        }
        _ => Ok(Remote::new(None)),
    }
}

pub fn run(args: PushArgs) -> Result<()> {
    let started = Instant::now();
    let reader = StoreReader::open(&args.store.store)?;
    let remote = remote(&args.credentials)?;
    let graph_store = args.graph_store.as_deref().unwrap_or(&args.endpoint);
    let bar = if crate::stderr_is_terminal() {
        ProgressBar::new_spinner()
    } else {
        ProgressBar::hidden()
    };
    let progress = |s: &osintkg_rdf::PushStats| {
        bar.set_message(format!("{} graphs, {} triples sent", s.sent, s.triples));
        bar.tick();
    };
    let stats = osintkg_rdf::push(
        &reader,
        &remote,
        graph_store,
        args.full,
        args.jobs,
        &progress,
    )?;
    bar.finish_and_clear();
    let seconds = started.elapsed().as_secs_f64();
    // The store's path and the endpoint are the user's text: written escaped.
    let mut out = Sanitized::new(std::io::stdout().lock());
    writeln!(
        out,
        "graphs:    {} sent, {} unchanged, {} deleted (generation {} of {})",
        stats.sent,
        stats.unchanged,
        stats.deleted,
        reader.generation(),
        reader.dir().display()
    )?;
    writeln!(
        out,
        "triples:   {} sent ({:.1} MB of N-Triples) to {graph_store}",
        stats.triples,
        stats.bytes as f64 / 1e6
    )?;
    writeln!(
        out,
        "seconds:   {seconds:.2} ({:.0} triples/s)",
        stats.triples as f64 / seconds.max(1e-9)
    )?;
    out.flush()?;
    Ok(())
}

/// `query --endpoint`: the query sent as is, the response copied out in the format asked.
pub fn query_remote(endpoint: &str, query: &str, args: &QueryArgs) -> Result<()> {
    if args.timeout.is_some() {
        return Err(UsageError(
            "--timeout applies to the local store; a remote endpoint sets its own limits".into(),
        )
        .into());
    }
    let accept = match args.format.unwrap_or(QueryFormat::Csv) {
        QueryFormat::Csv => "text/csv",
        QueryFormat::Tsv => "text/tab-separated-values",
        QueryFormat::Json => "application/sparql-results+json",
        QueryFormat::Xml => "application/sparql-results+xml",
        QueryFormat::Turtle => "text/turtle",
        QueryFormat::Ntriples => "application/n-triples",
        QueryFormat::Table => {
            return Err(UsageError(
                "tables are drawn for the local store; with --endpoint use --format csv, tsv, json, xml, turtle or ntriples"
                    .into(),
            )
            .into());
        }
    };
    let remote = remote(&args.credentials)?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    remote.query(endpoint, query, accept, &mut out)?;
    out.flush()?;
    Ok(())
}
