//! SPARQL for analysts: the usual prefixes without typing them, a time limit, and results
//! as a readable table or in the standard SPARQL result formats.
//!
//! Prefixes are handed to the parser rather than pasted in front of the query, so a
//! query's own `PREFIX` lines still win and syntax errors point at the line and column the
//! analyst wrote. Results stream to the writer as they are computed; only the table
//! buffers, to align its columns.

use crate::vocab::PREFIXES;
use crate::{RdfError, Result};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::vocab::xsd;
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Term, TermRef};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{
    CancellationToken, QueryEvaluationError, QueryResults, QuerySolutionIter, QueryTripleIter,
    SparqlEvaluator, SparqlSyntaxError,
};
use oxigraph::store::Store;
use std::io::Write;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

/// How SELECT and ASK results are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ResultsFormat {
    /// An aligned text table with prefixed IRIs, for the terminal.
    #[default]
    Table,
    /// SPARQL 1.1 CSV.
    Csv,
    /// SPARQL 1.1 TSV.
    Tsv,
    /// SPARQL 1.1 JSON.
    Json,
    /// SPARQL XML.
    Xml,
}

impl ResultsFormat {
    /// The format with this name or file extension (`table`, `csv`, `tsv`, `json`/`srj`,
    /// `xml`/`srx`), ignoring ASCII case.
    pub fn from_name(name: &str) -> Option<ResultsFormat> {
        match name.to_ascii_lowercase().as_str() {
            "table" | "text" | "txt" => Some(ResultsFormat::Table),
            "csv" => Some(ResultsFormat::Csv),
            "tsv" => Some(ResultsFormat::Tsv),
            "json" | "srj" => Some(ResultsFormat::Json),
            "xml" | "srx" => Some(ResultsFormat::Xml),
            _ => None,
        }
    }
}

/// How CONSTRUCT and DESCRIBE results are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum GraphFormat {
    /// Turtle with the common prefixes.
    #[default]
    Turtle,
    /// N-Triples, one triple a line.
    NTriples,
    /// N-Quads: the triples in the default graph, one a line.
    NQuads,
    /// TriG with the common prefixes: the triples in the default graph.
    TriG,
    /// RDF/XML.
    RdfXml,
}

impl GraphFormat {
    /// The format with this name or file extension (`turtle`/`ttl`, `ntriples`/`nt`,
    /// `nquads`/`nq`, `trig`, `rdfxml`/`rdf`), ignoring ASCII case.
    pub fn from_name(name: &str) -> Option<GraphFormat> {
        match name.to_ascii_lowercase().as_str() {
            "turtle" | "ttl" => Some(GraphFormat::Turtle),
            "ntriples" | "n-triples" | "nt" => Some(GraphFormat::NTriples),
            "nquads" | "n-quads" | "nq" => Some(GraphFormat::NQuads),
            "trig" => Some(GraphFormat::TriG),
            "rdfxml" | "rdf/xml" | "rdf" => Some(GraphFormat::RdfXml),
            _ => None,
        }
    }
}

/// How to run a query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryOptions {
    /// Format of SELECT and ASK results.
    pub results: ResultsFormat,
    /// Format of CONSTRUCT and DESCRIBE results.
    pub graph: GraphFormat,
    /// Cancel the query after this long.
    pub timeout: Option<Duration>,
    /// Query the union of all graphs as the default graph, so that evidence and documents
    /// match without `GRAPH ?doc { … }`.
    pub union_default_graph: bool,
    /// Write at most this many rows (SELECT) or triples (CONSTRUCT, DESCRIBE); evaluation
    /// stops there. A limit reached shows as an outcome count equal to it.
    pub max_rows: Option<u64>,
    /// The SPARQL 1.1 Protocol's `default-graph-uri`: when this or `named_graphs` is not
    /// empty, the query's dataset is these graphs merged as the default graph and
    /// `named_graphs` as its named graphs, overriding `FROM`, `FROM NAMED` and
    /// `union_default_graph`.
    pub default_graphs: Vec<String>,
    /// The SPARQL 1.1 Protocol's `named-graph-uri`; see `default_graphs`.
    pub named_graphs: Vec<String>,
}

/// What a query produced, once written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryOutcome {
    /// A SELECT query wrote this many rows.
    Solutions {
        /// Rows written.
        rows: u64,
    },
    /// An ASK query answered.
    Boolean(bool),
    /// A CONSTRUCT or DESCRIBE query wrote this many triples.
    Graph {
        /// Triples written.
        triples: u64,
    },
}

/// What a query answers with, known as soon as it has started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryForm {
    /// SELECT: rows of bindings.
    Select,
    /// ASK: a boolean.
    Ask,
    /// CONSTRUCT or DESCRIBE: triples.
    Graph,
}

/// A query parsed and started, whose results are not written yet: a caller that chooses
/// the output format by the query's form (an HTTP endpoint negotiating a media type)
/// looks at [`StartedQuery::form`] first. The time limit runs from the start.
pub struct StartedQuery {
    results: QueryResults<'static>,
    token: CancellationToken,
    timeout: Option<Duration>,
    max_rows: u64,
    _watchdog: Option<Watchdog>,
}

impl std::fmt::Debug for StartedQuery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StartedQuery")
            .field("form", &self.form())
            .field("timeout", &self.timeout)
            .field("max_rows", &self.max_rows)
            .finish_non_exhaustive()
    }
}

/// Runs a SPARQL 1.1 query against `store` and writes its results to `out`.
///
/// The prefixes of [`PREFIXES`] are predeclared. When
/// `options.timeout` passes, evaluation is cancelled and [`RdfError::Timeout`] returned;
/// results already written stay written.
pub fn run_query(
    store: &Store,
    query: &str,
    options: &QueryOptions,
    out: impl Write,
) -> Result<QueryOutcome> {
    start_query(store, query, options)?.write(options.results, options.graph, out)
}

/// Parses `query` with the prefixes of [`PREFIXES`] predeclared, applies the dataset and
/// limits of `options` (its formats are not used) and starts evaluating it on `store`.
pub fn start_query(store: &Store, query: &str, options: &QueryOptions) -> Result<StartedQuery> {
    let token = CancellationToken::new();
    let mut evaluator = SparqlEvaluator::new().with_cancellation_token(token.clone());
    for (prefix, iri) in PREFIXES {
        evaluator = evaluator
            .with_prefix(*prefix, *iri)
            .map_err(|e| RdfError::QuerySyntax {
                line: 0,
                column: 0,
                message: format!("predeclared prefix {prefix}: {e}"),
            })?;
    }
    let mut prepared = evaluator.parse_query(query).map_err(syntax_error)?;
    if options.union_default_graph {
        prepared.dataset_mut().set_default_graph_as_union();
    }
    if !options.default_graphs.is_empty() || !options.named_graphs.is_empty() {
        let dataset = prepared.dataset_mut();
        dataset.set_default_graph(
            options
                .default_graphs
                .iter()
                .map(|iri| graph_iri(iri).map(GraphName::from))
                .collect::<Result<_>>()?,
        );
        dataset.set_available_named_graphs(
            options
                .named_graphs
                .iter()
                .map(|iri| graph_iri(iri).map(NamedOrBlankNode::from))
                .collect::<Result<_>>()?,
        );
    }
    let watchdog = options
        .timeout
        .map(|limit| Watchdog::start(token.clone(), limit));
    let results = prepared
        .on_store(store)
        .execute()
        .map_err(|cause| evaluation_error(cause, &token, options.timeout))?;
    Ok(StartedQuery {
        results,
        token,
        timeout: options.timeout,
        max_rows: options.max_rows.unwrap_or(u64::MAX),
        _watchdog: watchdog,
    })
}

impl StartedQuery {
    /// SELECT, ASK, or CONSTRUCT/DESCRIBE.
    pub fn form(&self) -> QueryForm {
        match self.results {
            QueryResults::Solutions(_) => QueryForm::Select,
            QueryResults::Boolean(_) => QueryForm::Ask,
            QueryResults::Graph(_) => QueryForm::Graph,
        }
    }

    /// Evaluates the query to its end (or its row limit) and writes the results to `out`,
    /// in `results` for SELECT and ASK or in `graph` for CONSTRUCT and DESCRIBE.
    pub fn write(
        self,
        results: ResultsFormat,
        graph: GraphFormat,
        mut out: impl Write,
    ) -> Result<QueryOutcome> {
        let token = &self.token;
        let timeout = self.timeout;
        let failed = |cause| evaluation_error(cause, token, timeout);
        let limit = self.max_rows;
        let outcome = match self.results {
            QueryResults::Solutions(solutions) => {
                let rows = match results {
                    ResultsFormat::Table => write_table(solutions, &mut out, limit, &failed)?,
                    ResultsFormat::Csv => write_solutions(
                        solutions,
                        QueryResultsFormat::Csv,
                        &mut out,
                        limit,
                        &failed,
                    )?,
                    ResultsFormat::Tsv => write_solutions(
                        solutions,
                        QueryResultsFormat::Tsv,
                        &mut out,
                        limit,
                        &failed,
                    )?,
                    ResultsFormat::Json => write_solutions(
                        solutions,
                        QueryResultsFormat::Json,
                        &mut out,
                        limit,
                        &failed,
                    )?,
                    ResultsFormat::Xml => write_solutions(
                        solutions,
                        QueryResultsFormat::Xml,
                        &mut out,
                        limit,
                        &failed,
                    )?,
                };
                QueryOutcome::Solutions { rows }
            }
            QueryResults::Boolean(value) => {
                let format = match results {
                    ResultsFormat::Table => None,
                    ResultsFormat::Csv => Some(QueryResultsFormat::Csv),
                    ResultsFormat::Tsv => Some(QueryResultsFormat::Tsv),
                    ResultsFormat::Json => Some(QueryResultsFormat::Json),
                    ResultsFormat::Xml => Some(QueryResultsFormat::Xml),
                };
                match format {
                    Some(format) => {
                        QueryResultsSerializer::from_format(format)
                            .serialize_boolean_to_writer(&mut out, value)
                            .map_err(RdfError::write)?;
                        // The CSV and TSV booleans have no line end; a shell prompt would
                        // follow them on the same line.
                        if matches!(format, QueryResultsFormat::Csv | QueryResultsFormat::Tsv) {
                            writeln!(out).map_err(RdfError::write)?;
                        }
                    }
                    None => writeln!(out, "{value}").map_err(RdfError::write)?,
                }
                QueryOutcome::Boolean(value)
            }
            QueryResults::Graph(triples) => QueryOutcome::Graph {
                triples: write_graph(triples, graph, &mut out, limit, &failed)?,
            },
        };
        out.flush().map_err(RdfError::write)?;
        Ok(outcome)
    }
}

/// A graph named in a request, which must be an absolute IRI.
fn graph_iri(iri: &str) -> Result<NamedNode> {
    NamedNode::new(iri).map_err(|cause| RdfError::InvalidIri {
        iri: iri.to_owned(),
        message: cause.to_string(),
    })
}

/// Cancels a query when its time is up, unless dropped first.
struct Watchdog {
    // Dropping the sender wakes the thread, which then exits without cancelling.
    _stop: mpsc::Sender<()>,
}

impl Watchdog {
    fn start(token: CancellationToken, limit: Duration) -> Watchdog {
        let (stop, stopped) = mpsc::channel::<()>();
        thread::spawn(move || {
            if let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(limit) {
                token.cancel();
            }
        });
        Watchdog { _stop: stop }
    }
}

fn evaluation_error(
    cause: QueryEvaluationError,
    token: &CancellationToken,
    timeout: Option<Duration>,
) -> RdfError {
    match timeout {
        Some(limit) if token.is_cancelled() || matches!(cause, QueryEvaluationError::Cancelled) => {
            RdfError::Timeout { limit }
        }
        _ => RdfError::QueryEvaluation { cause },
    }
}

/// The parser reports "error at LINE:COLUMN: expected …"; the position is lifted out so
/// callers get it as numbers.
fn syntax_error(error: SparqlSyntaxError) -> RdfError {
    let text = error.to_string();
    let parsed = text.strip_prefix("error at ").and_then(|rest| {
        let (position, message) = rest.split_once(": ")?;
        let (line, column) = position.split_once(':')?;
        Some((line.parse().ok()?, column.parse().ok()?, message.to_owned()))
    });
    match parsed {
        Some((line, column, message)) => RdfError::QuerySyntax {
            line,
            column,
            message,
        },
        None => RdfError::QuerySyntax {
            line: 1,
            column: 1,
            message: text,
        },
    }
}

fn write_solutions(
    solutions: QuerySolutionIter<'_>,
    format: QueryResultsFormat,
    out: &mut impl Write,
    limit: u64,
    failed: &impl Fn(QueryEvaluationError) -> RdfError,
) -> Result<u64> {
    let mut serializer = QueryResultsSerializer::from_format(format)
        .serialize_solutions_to_writer(out, solutions.variables().to_vec())
        .map_err(RdfError::write)?;
    let mut rows = 0;
    for solution in solutions.take(usize::try_from(limit).unwrap_or(usize::MAX)) {
        serializer
            .serialize(&solution.map_err(failed)?)
            .map_err(RdfError::write)?;
        rows += 1;
    }
    serializer.finish().map_err(RdfError::write)?;
    Ok(rows)
}

fn write_graph(
    triples: QueryTripleIter<'_>,
    format: GraphFormat,
    out: &mut impl Write,
    limit: u64,
    failed: &impl Fn(QueryEvaluationError) -> RdfError,
) -> Result<u64> {
    let serializer = match format {
        GraphFormat::Turtle => crate::export::with_prefixes(RdfFormat::Turtle),
        GraphFormat::TriG => crate::export::with_prefixes(RdfFormat::TriG),
        GraphFormat::RdfXml => crate::export::with_prefixes(RdfFormat::RdfXml),
        GraphFormat::NTriples => RdfSerializer::from_format(RdfFormat::NTriples),
        GraphFormat::NQuads => RdfSerializer::from_format(RdfFormat::NQuads),
    };
    let mut serializer = serializer.for_writer(out);
    let mut count = 0;
    for triple in triples.take(usize::try_from(limit).unwrap_or(usize::MAX)) {
        let mut triple = triple.map_err(failed)?;
        if format == GraphFormat::RdfXml {
            triple.object = crate::export::xml_safe(triple.object);
        }
        serializer
            .serialize_triple(&triple)
            .map_err(RdfError::write)?;
        count += 1;
    }
    serializer.finish().map_err(RdfError::write)?;
    Ok(count)
}

fn write_table(
    solutions: QuerySolutionIter<'_>,
    out: &mut impl Write,
    limit: u64,
    failed: &impl Fn(QueryEvaluationError) -> RdfError,
) -> Result<u64> {
    let header: Vec<String> = solutions
        .variables()
        .iter()
        .map(|v| v.as_str().to_owned())
        .collect();
    let mut rows: Vec<Vec<String>> = Vec::new();
    for solution in solutions.take(usize::try_from(limit).unwrap_or(usize::MAX)) {
        let solution = solution.map_err(failed)?;
        rows.push(
            solution
                .values()
                .iter()
                .map(|value| value.as_ref().map(display_term).unwrap_or_default())
                .collect(),
        );
    }
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |cells: &[String]| -> String {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        padded.join(" | ").trim_end().to_owned()
    };
    writeln!(out, "{}", line(&header)).map_err(RdfError::write)?;
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    writeln!(out, "{}", rule.join("-+-")).map_err(RdfError::write)?;
    for row in &rows {
        writeln!(out, "{}", line(row)).map_err(RdfError::write)?;
    }
    Ok(rows.len() as u64)
}

/// A term as an analyst reads it: IRIs shortened by the known prefixes, literals by their
/// value, with anything that could break the table or the terminal escaped.
fn display_term(term: &Term) -> String {
    let text = match term.as_ref() {
        TermRef::NamedNode(iri) => compact_iri(iri.as_str()),
        TermRef::Literal(literal) => {
            if let Some(lang) = literal.language() {
                format!("{}@{lang}", literal.value())
            } else if [
                xsd::STRING,
                xsd::INTEGER,
                xsd::DECIMAL,
                xsd::DOUBLE,
                xsd::BOOLEAN,
                xsd::DATE,
                xsd::G_YEAR_MONTH,
                xsd::G_YEAR,
                xsd::DATE_TIME,
                xsd::ANY_URI,
            ]
            .contains(&literal.datatype())
            {
                literal.value().to_owned()
            } else {
                format!(
                    "\"{}\"^^{}",
                    literal.value(),
                    compact_iri(literal.datatype().as_str())
                )
            }
        }
        other => other.to_string(),
    };
    escape_cell(&text)
}

fn compact_iri(iri: &str) -> String {
    for (prefix, namespace) in PREFIXES {
        if let Some(local) = iri.strip_prefix(namespace)
            && !local.is_empty()
            && local
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':' | '%' | '/'))
        {
            return format!("{prefix}:{local}");
        }
    }
    format!("<{iri}>")
}

fn escape_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // Controls, zero-width and bidi formatting characters would misalign the
            // table or reorder what the terminal shows.
            c if c.is_control()
                || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}') =>
            {
                out.push_str(&format!("\\u{{{:04X}}}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mapping::tests::{hostile_records, sample_quads};
    use crate::mapping::to_quads;
    use osintkg_graph::KnowledgeGraph;
    use oxigraph::io::RdfParser;
    use oxigraph::sparql::results::{QueryResultsParser, ReaderQueryResultsParserOutput};

    fn load(quads: Vec<oxigraph::model::Quad>) -> Store {
        let store = Store::new().unwrap();
        let mut loader = store.bulk_loader();
        loader.load_quads(quads).unwrap();
        loader.commit().unwrap();
        store
    }

    fn store() -> Store {
        load(sample_quads())
    }

    fn run(store: &Store, query: &str, options: &QueryOptions) -> (QueryOutcome, String) {
        let mut out = Vec::new();
        let outcome = run_query(store, query, options, &mut out).unwrap();
        (outcome, String::from_utf8(out).unwrap())
    }

    const CLAIMS: &str = "SELECT ?event ?group WHERE { ?e okg:claimedBy ?g . ?e rdfs:label ?event . ?g rdfs:label ?group }";

    #[test]
    fn table_lists_rows_under_aligned_headers() {
        let store = store();
        let (outcome, text) = run(&store, CLAIMS, &QueryOptions::default());
        assert_eq!(outcome, QueryOutcome::Solutions { rows: 1 });
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3, "{text}");
        assert!(lines[0].starts_with("event"));
        assert!(lines[2].contains("Crocus City Hall attack | Islamic State Khorasan Province"));
        assert_eq!(lines[1].find('+'), lines[2].find('|'));
    }

    #[test]
    fn every_results_format_parses_back() {
        let store = store();
        for (format, results) in [
            (QueryResultsFormat::Csv, ResultsFormat::Csv),
            (QueryResultsFormat::Tsv, ResultsFormat::Tsv),
            (QueryResultsFormat::Json, ResultsFormat::Json),
            (QueryResultsFormat::Xml, ResultsFormat::Xml),
        ] {
            let options = QueryOptions {
                results,
                ..QueryOptions::default()
            };
            let (_, text) = run(&store, CLAIMS, &options);
            if format == QueryResultsFormat::Csv {
                assert!(text.starts_with("event,group"));
                continue; // CSV is lossy and has no parser.
            }
            let parsed = QueryResultsParser::from_format(format)
                .for_reader(text.as_bytes())
                .unwrap();
            let ReaderQueryResultsParserOutput::Solutions(solutions) = parsed else {
                panic!("{format}: not solutions");
            };
            assert_eq!(solutions.count(), 1, "{format}");
            let (outcome, text) = run(&store, "ASK { ?e okg:killed 145 }", &options);
            assert_eq!(outcome, QueryOutcome::Boolean(true));
            assert!(text.contains("true"), "{format}: {text}");
        }
        let (_, text) = run(&store, "ASK { ?e okg:killed 1 }", &QueryOptions::default());
        assert_eq!(text, "false\n");
    }

    #[test]
    fn graph_results_parse_back() {
        let store = store();
        let query = "CONSTRUCT { ?e okg:claimedBy ?g ; rdfs:label ?l } WHERE { ?e okg:claimedBy ?g ; rdfs:label ?l }";
        for (graph, format) in [
            (GraphFormat::Turtle, RdfFormat::Turtle),
            (GraphFormat::NTriples, RdfFormat::NTriples),
        ] {
            let options = QueryOptions {
                graph,
                ..QueryOptions::default()
            };
            let (outcome, text) = run(&store, query, &options);
            assert_eq!(outcome, QueryOutcome::Graph { triples: 2 });
            let parsed = RdfParser::from_format(format)
                .for_slice(text.as_bytes())
                .collect::<Result<Vec<_>, _>>()
                .unwrap();
            assert_eq!(parsed.len(), 2, "{text}");
        }
        let (outcome, _) = run(
            &store,
            "DESCRIBE ?g WHERE { ?g okg:kbId \"org:iskp\" }",
            &QueryOptions::default(),
        );
        assert!(matches!(outcome, QueryOutcome::Graph { triples } if triples >= 4));
    }

    #[test]
    fn every_graph_format_parses_back() {
        let store = store();
        let query = "CONSTRUCT { ?e okg:claimedBy ?g } WHERE { ?e okg:claimedBy ?g }";
        for (graph, format) in [
            (GraphFormat::NQuads, RdfFormat::NQuads),
            (GraphFormat::TriG, RdfFormat::TriG),
            (GraphFormat::RdfXml, RdfFormat::RdfXml),
        ] {
            let options = QueryOptions {
                graph,
                ..QueryOptions::default()
            };
            let (_, text) = run(&store, query, &options);
            let parsed = RdfParser::from_format(format)
                .for_slice(text.as_bytes())
                .collect::<Result<Vec<_>, _>>()
                .unwrap();
            assert_eq!(parsed.len(), 1, "{format}: {text}");
        }
    }

    #[test]
    fn max_rows_stops_the_results() {
        let store = store();
        let query = "SELECT ?s WHERE { ?s ?p ?o }";
        let (all, _) = run(&store, query, &QueryOptions::default());
        let limited = QueryOptions {
            max_rows: Some(3),
            results: ResultsFormat::Csv,
            ..QueryOptions::default()
        };
        let (outcome, text) = run(&store, query, &limited);
        assert!(matches!(all, QueryOutcome::Solutions { rows } if rows > 3));
        assert_eq!(outcome, QueryOutcome::Solutions { rows: 3 });
        assert_eq!(text.lines().count(), 4, "{text}");
        let (outcome, _) = run(
            &store,
            "CONSTRUCT WHERE { ?s ?p ?o }",
            &QueryOptions {
                max_rows: Some(2),
                ..QueryOptions::default()
            },
        );
        assert_eq!(outcome, QueryOutcome::Graph { triples: 2 });
    }

    #[test]
    fn protocol_graphs_replace_the_dataset() {
        let store = store();
        let query = "SELECT ?s WHERE { ?ev okg:sentence ?s }";
        let doc = crate::mapping::document_iri(&crate::mapping::tests::sample_records()[0].doc);
        let one_document = QueryOptions {
            default_graphs: vec![doc.as_str().to_owned()],
            ..QueryOptions::default()
        };
        let (outcome, _) = run(&store, query, &one_document);
        assert!(matches!(outcome, QueryOutcome::Solutions { rows } if rows > 0));
        let named_only = QueryOptions {
            named_graphs: vec![doc.as_str().to_owned()],
            ..QueryOptions::default()
        };
        let (outcome, _) = run(
            &store,
            "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
            &named_only,
        );
        assert!(matches!(outcome, QueryOutcome::Solutions { rows } if rows > 0));
        let (outcome, _) = run(&store, "ASK { ?s ?p ?o }", &named_only);
        assert_eq!(outcome, QueryOutcome::Boolean(false), "empty default graph");
        let bad = QueryOptions {
            default_graphs: vec!["not an iri".to_owned()],
            ..QueryOptions::default()
        };
        let err = run_query(&store, query, &bad, Vec::new()).unwrap_err();
        assert!(matches!(err, RdfError::InvalidIri { .. }), "{err}");
    }

    #[test]
    fn syntax_errors_point_into_the_query_as_written() {
        let store = store();
        // The predeclared prefixes must not shift positions: no lines were added.
        let query = "SELECT ?x\n# a comment\nWHER { ?x okg:claimedBy ?y }";
        let err = run_query(&store, query, &QueryOptions::default(), Vec::new()).unwrap_err();
        let RdfError::QuerySyntax { line, column, .. } = err else {
            panic!("{err}");
        };
        assert_eq!((line, column), (3, 6), "{err}");
        let err = run_query(
            &store,
            "SELECT * WHERE { ?x nope:p ?y }",
            &QueryOptions::default(),
            Vec::new(),
        )
        .unwrap_err();
        assert!(
            matches!(err, RdfError::QuerySyntax { line: 1, .. }),
            "{err}"
        );
    }

    #[test]
    fn a_query_prefix_overrides_the_predeclared_one() {
        let store = store();
        let query = "PREFIX okg: <http://example.org/> ASK { ?e okg:claimedBy ?g }";
        let (outcome, _) = run(&store, query, &QueryOptions::default());
        assert_eq!(outcome, QueryOutcome::Boolean(false));
    }

    #[test]
    fn evidence_is_in_document_graphs_or_the_union() {
        let store = store();
        let query = "SELECT ?s WHERE { ?ev okg:sentence ?s }";
        let (outcome, _) = run(&store, query, &QueryOptions::default());
        assert_eq!(outcome, QueryOutcome::Solutions { rows: 0 });
        let union = QueryOptions {
            union_default_graph: true,
            ..QueryOptions::default()
        };
        let (outcome, _) = run(&store, query, &union);
        assert_eq!(outcome, QueryOutcome::Solutions { rows: 4 });
    }

    #[test]
    fn a_slow_query_times_out() {
        let mut quads = Vec::new();
        for i in 0..300 {
            quads.push(oxigraph::model::Quad::new(
                crate::mapping::entity_iri(&format!("n{i}")),
                crate::vocab::predicate(osintkg_graph::Predicate::Opposes),
                crate::mapping::entity_iri(&format!("n{}", (i + 1) % 300)),
                oxigraph::model::GraphName::DefaultGraph,
            ));
        }
        let store = load(quads);
        let options = QueryOptions {
            timeout: Some(Duration::from_millis(50)),
            ..QueryOptions::default()
        };
        let query = "SELECT (COUNT(*) AS ?n) WHERE { ?a okg:opposes* ?b . ?b okg:opposes* ?c . ?c okg:opposes* ?d }";
        let err = run_query(&store, query, &options, Vec::new()).unwrap_err();
        assert!(matches!(err, RdfError::Timeout { .. }), "{err}");
    }

    #[test]
    fn hostile_text_cannot_break_the_table() {
        let records = hostile_records();
        let store = load(to_quads(&KnowledgeGraph::from_records(&records), &records).unwrap());
        let (_, text) = run(
            &store,
            "SELECT ?p ?name WHERE { ?p a okg:Person ; rdfs:label ?name }",
            &QueryOptions::default(),
        );
        assert_eq!(text.lines().count(), 3, "{text}");
        assert!(!text.contains('\u{202E}') && !text.contains('\u{0}'));
    }

    #[test]
    fn example_queries_are_documented_and_run() {
        let store = store();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/queries");
        let mut outcomes = std::collections::BTreeMap::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "rq") {
                continue;
            }
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(
                text.lines().take(2).all(|l| l.starts_with("# ")),
                "{name}: no header"
            );
            let mut out = Vec::new();
            let outcome = run_query(&store, &text, &QueryOptions::default(), &mut out)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            outcomes.insert(name, outcome);
        }
        assert!(outcomes.len() >= 10, "{outcomes:?}");
        let rows = |name: &str| match outcomes[name] {
            QueryOutcome::Solutions { rows } => rows,
            other => panic!("{name}: {other:?}"),
        };
        assert_eq!(rows("claims-of-responsibility"), 1);
        assert_eq!(rows("events-in-country"), 1);
        assert_eq!(rows("corroborated-facts"), 2);
        assert_eq!(rows("wikidata-links"), 1);
        assert_eq!(rows("event-evidence"), 4);
        assert_eq!(rows("sources"), 2);
        assert_eq!(
            outcomes["crocus-claimed-by-iskp"],
            QueryOutcome::Boolean(true)
        );
        assert!(
            matches!(outcomes["describe-iskp"], QueryOutcome::Graph { triples } if triples > 4)
        );
    }
}
