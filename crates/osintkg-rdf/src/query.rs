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
use oxigraph::model::{Term, TermRef};
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
}

impl GraphFormat {
    /// The format with this name or file extension (`turtle`/`ttl`, `ntriples`/`nt`),
    /// ignoring ASCII case.
    pub fn from_name(name: &str) -> Option<GraphFormat> {
        match name.to_ascii_lowercase().as_str() {
            "turtle" | "ttl" => Some(GraphFormat::Turtle),
            "ntriples" | "n-triples" | "nt" => Some(GraphFormat::NTriples),
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

/// Runs a SPARQL 1.1 query against `store` and writes its results to `out`.
///
/// The prefixes of [`PREFIXES`] are predeclared. When
/// `options.timeout` passes, evaluation is cancelled and [`RdfError::Timeout`] returned;
/// results already written stay written.
pub fn run_query(
    store: &Store,
    query: &str,
    options: &QueryOptions,
    mut out: impl Write,
) -> Result<QueryOutcome> {
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
    let _watchdog = options
        .timeout
        .map(|limit| Watchdog::start(token.clone(), limit));
    let failed = |cause| evaluation_error(cause, &token, options.timeout);
    let outcome = match prepared.on_store(store).execute().map_err(failed)? {
        QueryResults::Solutions(solutions) => {
            let rows = match options.results {
                ResultsFormat::Table => write_table(solutions, &mut out, &failed)?,
                ResultsFormat::Csv => {
                    write_solutions(solutions, QueryResultsFormat::Csv, &mut out, &failed)?
                }
                ResultsFormat::Tsv => {
                    write_solutions(solutions, QueryResultsFormat::Tsv, &mut out, &failed)?
                }
                ResultsFormat::Json => {
                    write_solutions(solutions, QueryResultsFormat::Json, &mut out, &failed)?
                }
                ResultsFormat::Xml => {
                    write_solutions(solutions, QueryResultsFormat::Xml, &mut out, &failed)?
                }
            };
            QueryOutcome::Solutions { rows }
        }
        QueryResults::Boolean(value) => {
            let format = match options.results {
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
            triples: write_graph(triples, options.graph, &mut out, &failed)?,
        },
    };
    out.flush().map_err(RdfError::write)?;
    Ok(outcome)
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
    failed: &impl Fn(QueryEvaluationError) -> RdfError,
) -> Result<u64> {
    let mut serializer = QueryResultsSerializer::from_format(format)
        .serialize_solutions_to_writer(out, solutions.variables().to_vec())
        .map_err(RdfError::write)?;
    let mut rows = 0;
    for solution in solutions {
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
    failed: &impl Fn(QueryEvaluationError) -> RdfError,
) -> Result<u64> {
    let serializer = match format {
        GraphFormat::Turtle => crate::export::with_prefixes(RdfFormat::Turtle),
        GraphFormat::NTriples => RdfSerializer::from_format(RdfFormat::NTriples),
    };
    let mut serializer = serializer.for_writer(out);
    let mut count = 0;
    for triple in triples {
        serializer
            .serialize_triple(&triple.map_err(failed)?)
            .map_err(RdfError::write)?;
        count += 1;
    }
    serializer.finish().map_err(RdfError::write)?;
    Ok(count)
}

fn write_table(
    solutions: QuerySolutionIter<'_>,
    out: &mut impl Write,
    failed: &impl Fn(QueryEvaluationError) -> RdfError,
) -> Result<u64> {
    let header: Vec<String> = solutions
        .variables()
        .iter()
        .map(|v| v.as_str().to_owned())
        .collect();
    let mut rows: Vec<Vec<String>> = Vec::new();
    for solution in solutions {
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
