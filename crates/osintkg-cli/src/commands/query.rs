//! `osintkg query`: SPARQL from the argument, a file or stdin, results in the format asked.

use crate::cli::{QueryArgs, QueryFormat};
use anyhow::{Context, Result};
use osintkg_rdf::{GraphFormat, QueryOptions, ResultsFormat, StoreReader};
use std::io::{BufWriter, IsTerminal, Read, Write};
use std::time::Duration;

pub fn run(args: QueryArgs) -> Result<()> {
    let text = query_text(&args.query)?;
    if let Some(endpoint) = &args.endpoint {
        return super::push::query_remote(endpoint, &text, &args);
    }
    let store = StoreReader::open(&args.store.store)?;
    let terminal = std::io::stdout().is_terminal();
    let format = args.format.unwrap_or(if terminal {
        QueryFormat::Table
    } else {
        QueryFormat::Csv
    });
    let (results, graph) = match format {
        QueryFormat::Table => (ResultsFormat::Table, GraphFormat::Turtle),
        QueryFormat::Csv => (ResultsFormat::Csv, GraphFormat::Turtle),
        QueryFormat::Tsv => (ResultsFormat::Tsv, GraphFormat::Turtle),
        QueryFormat::Json => (ResultsFormat::Json, GraphFormat::Turtle),
        QueryFormat::Xml => (ResultsFormat::Xml, GraphFormat::Turtle),
        QueryFormat::Turtle => (ResultsFormat::Table, GraphFormat::Turtle),
        QueryFormat::Ntriples => (ResultsFormat::Table, GraphFormat::NTriples),
    };
    let timeout = match args.timeout {
        Some(seconds) if seconds.is_finite() && seconds > 0.0 => {
            Some(Duration::from_secs_f64(seconds))
        }
        Some(seconds) => {
            anyhow::bail!("--timeout must be a positive number of seconds, not {seconds}")
        }
        None => None,
    };
    let options = QueryOptions {
        results,
        graph,
        timeout,
        union_default_graph: false,
    };
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    store.query(&text, &options, &mut out)?;
    out.flush()?;
    Ok(())
}

/// The query itself: the argument, the file after `@`, or standard input for `-`.
fn query_text(argument: &str) -> Result<String> {
    if argument == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("cannot read the query from standard input")?;
        Ok(text)
    } else if let Some(path) = argument.strip_prefix('@') {
        std::fs::read_to_string(path).with_context(|| format!("cannot read the query file {path}"))
    } else {
        Ok(argument.to_owned())
    }
}
