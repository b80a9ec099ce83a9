//! `osintkg query`: SPARQL from the argument, a file or stdin, results in the format asked.
//!
//! The query runs through `osintkg-rdf`'s bounded, cancellable evaluation; a `--format`
//! that does not fit the query's form (Turtle for a SELECT, a table for a CONSTRUCT) is
//! a usage error, found before anything is printed.

use crate::UsageError;
use crate::cli::{QueryArgs, QueryFormat};
use anyhow::{Context, Result};
use osintkg_rdf::{GraphFormat, QueryForm, QueryOptions, ResultsFormat, StoreReader};
use std::io::{BufWriter, IsTerminal, Read};

pub fn run(args: QueryArgs) -> Result<()> {
    let text = query_text(&args.query)?;
    if let Some(endpoint) = &args.endpoint {
        return super::push::query_remote(endpoint, &text, &args);
    }
    let store = StoreReader::open(&args.store.store)?;
    let options = QueryOptions {
        timeout: args.timeout,
        ..QueryOptions::default()
    };
    let started = store.start_query(&text, &options)?;
    let form = started.form();
    let (results, graph) = match (args.format, form) {
        (None, QueryForm::Graph) => (ResultsFormat::Table, GraphFormat::Turtle),
        (None, _) if std::io::stdout().is_terminal() => (ResultsFormat::Table, GraphFormat::Turtle),
        (None, _) => (ResultsFormat::Csv, GraphFormat::Turtle),
        (Some(QueryFormat::Turtle), QueryForm::Graph) => {
            (ResultsFormat::Table, GraphFormat::Turtle)
        }
        (Some(QueryFormat::Ntriples), QueryForm::Graph) => {
            (ResultsFormat::Table, GraphFormat::NTriples)
        }
        (Some(format @ (QueryFormat::Turtle | QueryFormat::Ntriples)), _) => {
            return Err(UsageError(format!(
                "--format {} is for CONSTRUCT and DESCRIBE queries; for {} use table, csv, tsv, json or xml",
                format_name(format),
                form_name(form)
            ))
            .into());
        }
        (Some(format), QueryForm::Graph) => {
            return Err(UsageError(format!(
                "--format {} is for SELECT and ASK queries; for CONSTRUCT and DESCRIBE use turtle or ntriples",
                format_name(format)
            ))
            .into());
        }
        (Some(QueryFormat::Table), _) => (ResultsFormat::Table, GraphFormat::Turtle),
        (Some(QueryFormat::Csv), _) => (ResultsFormat::Csv, GraphFormat::Turtle),
        (Some(QueryFormat::Tsv), _) => (ResultsFormat::Tsv, GraphFormat::Turtle),
        (Some(QueryFormat::Json), _) => (ResultsFormat::Json, GraphFormat::Turtle),
        (Some(QueryFormat::Xml), _) => (ResultsFormat::Xml, GraphFormat::Turtle),
    };
    started.write(results, graph, BufWriter::new(std::io::stdout().lock()))?;
    Ok(())
}

fn format_name(format: QueryFormat) -> &'static str {
    match format {
        QueryFormat::Table => "table",
        QueryFormat::Csv => "csv",
        QueryFormat::Tsv => "tsv",
        QueryFormat::Json => "json",
        QueryFormat::Xml => "xml",
        QueryFormat::Turtle => "turtle",
        QueryFormat::Ntriples => "ntriples",
    }
}

fn form_name(form: QueryForm) -> &'static str {
    match form {
        QueryForm::Select => "a SELECT query",
        QueryForm::Ask => "an ASK query",
        QueryForm::Graph => "a CONSTRUCT or DESCRIBE query",
    }
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
