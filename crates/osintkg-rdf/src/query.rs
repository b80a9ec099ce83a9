//! SPARQL for analysts and for the HTTP endpoint: the usual prefixes without typing
//! them, a time limit that holds, bounds that keep a hostile query from taking the
//! process down, and results as a readable table or in the standard result formats.
//!
//! Every query runs on a thread of its own with a known, large stack
//! ([`QUERY_STACK_BYTES`]): oxigraph's parser, optimizer and evaluator recurse over the
//! query, and its text is checked against [`QueryLimits`] first so that the recursion
//! fits. The thread parses, evaluates and sends results through a bounded channel to the
//! caller, which writes them. So the caller keeps the clock: at the deadline it cancels
//! evaluation through oxigraph's [`CancellationToken`] and returns
//! [`RdfError::Timeout`] at once, whatever the engine is in the middle of (a sort, a
//! join being materialised); and the bounded channel keeps results from piling up in
//! memory ahead of a slow reader. The thread stops at the engine's next check of the
//! token, or when it next sends a result and finds nobody listening.
//!
//! Prefixes are handed to the parser rather than pasted in front of the query, so a
//! query's own `PREFIX` lines still win and syntax errors point at the line and column
//! the analyst wrote. Results stream to the writer as they are computed, the table too:
//! its column widths come from its first rows.

mod order;
mod shape;

pub use shape::QueryLimits;

use crate::vocab::PREFIXES;
use crate::{RdfError, Result};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::vocab::xsd;
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Term, TermRef, Triple};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{
    CancellationToken, QueryResults, QuerySolution, SparqlEvaluator, SparqlSyntaxError, Variable,
};
use oxigraph::store::Store;
use spargebra::SparqlParser;
use std::io::Write;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender, TryRecvError};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

/// Stack of the thread each query runs on. The deepest queries the default
/// [`QueryLimits`] allow need 32–64 MiB in a debug build (a chain of 1,000 `MINUS` or
/// `+`; measured by running them on smaller stacks) and less in a release build; the
/// tests run them. What a query does not touch is address space, not memory.
pub const QUERY_STACK_BYTES: usize = 256 * 1024 * 1024;

/// Results the query thread may compute ahead of the writer.
const CHANNEL_CAPACITY: usize = 1024;

/// Rows the table reads before it fixes its column widths and starts printing.
const TABLE_SAMPLE_ROWS: usize = 100;

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
    /// The standard SPARQL results format it writes; `None` for the text table.
    fn standard(self) -> Option<QueryResultsFormat> {
        match self {
            ResultsFormat::Table => None,
            ResultsFormat::Csv => Some(QueryResultsFormat::Csv),
            ResultsFormat::Tsv => Some(QueryResultsFormat::Tsv),
            ResultsFormat::Json => Some(QueryResultsFormat::Json),
            ResultsFormat::Xml => Some(QueryResultsFormat::Xml),
        }
    }

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
    /// Bounds on the query text, checked before parsing.
    pub limits: QueryLimits,
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

/// Runs a SPARQL 1.1 query against `store` and writes its results to `out`: in
/// `options.results` for SELECT and ASK, in `options.graph` for CONSTRUCT and DESCRIBE.
///
/// The prefixes of [`PREFIXES`] are predeclared. A query beyond `options.limits` fails
/// with [`RdfError::QueryTooComplex`] before it is parsed. When `options.timeout` passes,
/// evaluation is cancelled and [`RdfError::Timeout`] returned; results already written
/// stay written.
pub fn run_query(
    store: &Store,
    query: &str,
    options: &QueryOptions,
    out: impl Write,
) -> Result<QueryOutcome> {
    start_query(store, query, options)?.write(options.results, options.graph, out)
}

/// Checks `query` against `options.limits`, then parses it and starts evaluating it on
/// `store`, on its own thread; returns when the query's form is known (or it failed, or
/// its time ran out), without writing anything. A caller that chooses the output format
/// by the form (a `--format` that must fit it, an HTTP endpoint negotiating a media
/// type) looks at [`StartedQuery::form`], then calls [`StartedQuery::write`]. The time
/// limit runs from here; dropping the [`StartedQuery`] cancels the query.
pub fn start_query(store: &Store, query: &str, options: &QueryOptions) -> Result<StartedQuery> {
    shape::check(query, &options.limits)?;
    let dataset = if options.default_graphs.is_empty() && options.named_graphs.is_empty() {
        None
    } else {
        Some(Dataset {
            default_graphs: options
                .default_graphs
                .iter()
                .map(|iri| graph_iri(iri).map(GraphName::from))
                .collect::<Result<_>>()?,
            named_graphs: options
                .named_graphs
                .iter()
                .map(|iri| graph_iri(iri).map(NamedOrBlankNode::from))
                .collect::<Result<_>>()?,
        })
    };
    let started = Instant::now();
    let token = CancellationToken::new();
    let (sender, receiver) = mpsc::sync_channel(CHANNEL_CAPACITY);
    let job = Job {
        store: store.clone(),
        text: query.to_owned(),
        union_default_graph: options.union_default_graph,
        dataset,
        token: token.clone(),
        sender,
    };
    let worker = thread::Builder::new()
        .name("osintkg-query".to_owned())
        .stack_size(QUERY_STACK_BYTES)
        .spawn(move || job.run())
        .map_err(|cause| RdfError::QueryEngine {
            message: format!("cannot start a thread for the query: {cause}"),
        })?;
    let mut query = StartedQuery {
        receiver,
        worker: Some(worker),
        token,
        timeout: options.timeout,
        deadline: options.timeout.and_then(|limit| started.checked_add(limit)),
        max_rows: options.max_rows.unwrap_or(u64::MAX),
        head: Head::Graph,
    };
    query.head = match query.receive(&mut std::io::sink())? {
        Message::Solutions(variables) => Head::Solutions(variables),
        Message::Boolean(value) => Head::Boolean(value),
        Message::Graph => Head::Graph,
        _ => return Err(unexpected()),
    };
    Ok(query)
}

/// A query parsed and running, whose results are not written yet (see [`start_query`]).
/// Dropping it cancels the evaluation (see [`wait_for_cancelled_queries`]).
pub struct StartedQuery {
    receiver: Receiver<Message>,
    worker: Option<thread::JoinHandle<()>>,
    token: CancellationToken,
    timeout: Option<Duration>,
    deadline: Option<Instant>,
    max_rows: u64,
    head: Head,
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

impl Drop for StartedQuery {
    /// Cancels the evaluation without waiting for it (a sort or a cartesian product looks
    /// at the token only between steps): closing the channel ends a thread blocked on a
    /// full one, the token one that is evaluating. A thread still running is kept for
    /// [`wait_for_cancelled_queries`].
    fn drop(&mut self) {
        self.token.cancel();
        let (_, closed) = mpsc::sync_channel(0);
        drop(std::mem::replace(&mut self.receiver, closed));
        if let Some(worker) = self.worker.take() {
            let mut stopping = STOPPING.lock().unwrap_or_else(PoisonError::into_inner);
            stopping.push(worker);
            join_finished(&mut stopping);
        }
    }
}

/// Joins the threads that have returned (a thread that has returned may still be running
/// its thread-local destructors; joining waits for its end) and keeps the others.
fn join_finished(workers: &mut Vec<thread::JoinHandle<()>>) {
    let (finished, running): (Vec<_>, Vec<_>) = std::mem::take(workers)
        .into_iter()
        .partition(|w| w.is_finished());
    for worker in finished {
        let _ = worker.join();
    }
    *workers = running;
}

/// Query threads cancelled by a dropped [`StartedQuery`] that may still be running.
static STOPPING: Mutex<Vec<thread::JoinHandle<()>>> = Mutex::new(Vec::new());

/// Waits up to `grace` for the threads of cancelled queries to stop; whether they all
/// did. A process that exits while the engine is inside RocksDB runs RocksDB's static
/// destructors under it and aborts ("pthread lock: Invalid argument") instead of exiting
/// with its own status; when this returns `false`, the caller ends the process without
/// running them (`_exit`). Waiting without a bound would hold a timed-out command for as
/// long as the engine's sort runs, which is what the time limit is for.
pub fn wait_for_cancelled_queries(grace: Duration) -> bool {
    let deadline = Instant::now() + grace;
    let mut stopping =
        std::mem::take(&mut *STOPPING.lock().unwrap_or_else(PoisonError::into_inner));
    loop {
        join_finished(&mut stopping);
        if stopping.is_empty() {
            return true;
        }
        if Instant::now() >= deadline {
            STOPPING
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .extend(stopping);
            return false;
        }
        thread::sleep(Duration::from_millis(10));
    }
}

/// What the query thread knows first: the form, and for SELECT the variables.
enum Head {
    Solutions(Arc<[Variable]>),
    Boolean(bool),
    Graph,
}

/// What the query thread sends: a head, then rows or triples, then `Done`; or `Failed`.
enum Message {
    Solutions(Arc<[Variable]>),
    Boolean(bool),
    Graph,
    Row(QuerySolution),
    Triple(Triple),
    Done,
    Failed(RdfError),
}

impl StartedQuery {
    /// SELECT, ASK, or CONSTRUCT/DESCRIBE.
    pub fn form(&self) -> QueryForm {
        match self.head {
            Head::Solutions(_) => QueryForm::Select,
            Head::Boolean(_) => QueryForm::Ask,
            Head::Graph => QueryForm::Graph,
        }
    }

    /// The variables of a SELECT query's rows, in order; none for other forms.
    pub fn variables(&self) -> &[Variable] {
        match &self.head {
            Head::Solutions(variables) => variables,
            Head::Boolean(_) | Head::Graph => &[],
        }
    }

    /// Evaluates the query to its end and writes the results to `out`, in `results` for
    /// SELECT and ASK or in `graph` for CONSTRUCT and DESCRIBE. Output is flushed
    /// whenever the engine is slower than the writer, so results show as they come and a
    /// reader that went away is noticed (and the query cancelled) early.
    pub fn write(
        mut self,
        results: ResultsFormat,
        graph: GraphFormat,
        mut out: impl Write,
    ) -> Result<QueryOutcome> {
        let outcome = match &self.head {
            Head::Solutions(variables) => {
                let variables = Arc::clone(variables);
                let format = results.standard();
                let rows = match format {
                    None => self.write_table(&variables, &mut out)?,
                    Some(format) => self.write_solutions(&variables, format, &mut out)?,
                };
                QueryOutcome::Solutions { rows }
            }
            Head::Boolean(value) => {
                write_boolean(*value, results, &mut out)?;
                QueryOutcome::Boolean(*value)
            }
            Head::Graph => QueryOutcome::Graph {
                triples: self.write_graph(graph, &mut out)?,
            },
        };
        out.flush().map_err(RdfError::write)?;
        Ok(outcome)
    }

    /// The next message of the query thread. Before waiting for it, `out` is flushed.
    /// Past the deadline the query is cancelled, whatever is waiting.
    fn receive(&mut self, out: &mut impl Write) -> Result<Message> {
        let message = match self.receiver.try_recv() {
            Ok(message) => Ok(message),
            Err(TryRecvError::Disconnected) => Err(RecvTimeoutError::Disconnected),
            Err(TryRecvError::Empty) => {
                out.flush().map_err(RdfError::write)?;
                match self.deadline {
                    None => self
                        .receiver
                        .recv()
                        .map_err(|_| RecvTimeoutError::Disconnected),
                    Some(deadline) => self
                        .receiver
                        .recv_timeout(deadline.saturating_duration_since(Instant::now())),
                }
            }
        };
        if let (Some(deadline), Some(limit)) = (self.deadline, self.timeout)
            && (Instant::now() >= deadline || matches!(message, Err(RecvTimeoutError::Timeout)))
        {
            self.token.cancel();
            return Err(RdfError::Timeout { limit });
        }
        match message {
            Ok(Message::Failed(error)) => Err(error),
            Ok(message) => Ok(message),
            Err(_) => Err(RdfError::QueryEngine {
                message: "the query thread stopped without an answer".to_owned(),
            }),
        }
    }

    /// Whether `max_rows` rows or triples have been taken; the evaluation is then
    /// cancelled and the caller stops as if the results had ended.
    fn limit_reached(&self) -> bool {
        if self.max_rows == 0 {
            self.token.cancel();
        }
        self.max_rows == 0
    }

    /// The next row of a SELECT query, or `None` after the last (or the row limit).
    fn next_row(&mut self, out: &mut impl Write) -> Result<Option<QuerySolution>> {
        if self.limit_reached() {
            return Ok(None);
        }
        match self.receive(out)? {
            Message::Row(solution) => {
                self.max_rows -= 1;
                Ok(Some(solution))
            }
            Message::Done => Ok(None),
            _ => Err(unexpected()),
        }
    }

    fn write_solutions(
        &mut self,
        variables: &[Variable],
        format: QueryResultsFormat,
        out: &mut impl Write,
    ) -> Result<u64> {
        let mut serializer = QueryResultsSerializer::from_format(format)
            .serialize_solutions_to_writer(&mut *out, variables.to_vec())
            .map_err(RdfError::write)?;
        let mut rows = 0;
        // The serializer owns the writer; flushing through an empty write of a row is not
        // possible, so the idle flush goes to a sink and the serializer flushes itself
        // when its buffer fills. `write` flushes the rest.
        while let Some(solution) = self.next_row(&mut std::io::sink())? {
            serializer.serialize(&solution).map_err(RdfError::write)?;
            rows += 1;
        }
        serializer.finish().map_err(RdfError::write)?;
        Ok(rows)
    }

    fn write_graph(&mut self, format: GraphFormat, out: &mut impl Write) -> Result<u64> {
        let serializer = match format {
            GraphFormat::Turtle => crate::export::with_prefixes(RdfFormat::Turtle),
            GraphFormat::TriG => crate::export::with_prefixes(RdfFormat::TriG),
            GraphFormat::RdfXml => crate::export::with_prefixes(RdfFormat::RdfXml),
            GraphFormat::NTriples => RdfSerializer::from_format(RdfFormat::NTriples),
            GraphFormat::NQuads => RdfSerializer::from_format(RdfFormat::NQuads),
        };
        let mut serializer = serializer.for_writer(&mut *out);
        let mut count = 0;
        while !self.limit_reached() {
            match self.receive(&mut std::io::sink())? {
                Message::Triple(mut triple) => {
                    self.max_rows -= 1;
                    if format == GraphFormat::RdfXml {
                        triple.object = crate::export::xml_safe(triple.object);
                    }
                    serializer
                        .serialize_triple(&triple)
                        .map_err(RdfError::write)?;
                    count += 1;
                }
                Message::Done => break,
                _ => return Err(unexpected()),
            }
        }
        serializer.finish().map_err(RdfError::write)?;
        Ok(count)
    }

    /// An aligned table that streams: the widths come from the header and the first
    /// [`TABLE_SAMPLE_ROWS`] rows, later rows are printed as they come (a longer cell
    /// pushes its row's later columns right). Rows computed before a failure or the
    /// deadline are printed before the error is returned.
    fn write_table(&mut self, variables: &[Variable], out: &mut impl Write) -> Result<u64> {
        let header: Vec<String> = variables.iter().map(|v| v.as_str().to_owned()).collect();
        let mut sample: Vec<Vec<String>> = Vec::new();
        let mut stopped = None;
        let mut finished = false;
        while sample.len() < TABLE_SAMPLE_ROWS {
            match self.next_row(&mut std::io::sink()) {
                Ok(Some(solution)) => sample.push(table_cells(&solution)),
                Ok(None) => {
                    finished = true;
                    break;
                }
                Err(error) => {
                    stopped = Some(error);
                    break;
                }
            }
        }
        let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
        for row in &sample {
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
        for row in &sample {
            writeln!(out, "{}", line(row)).map_err(RdfError::write)?;
        }
        if let Some(error) = stopped {
            out.flush().map_err(RdfError::write)?;
            return Err(error);
        }
        let mut rows = sample.len() as u64;
        if !finished {
            while let Some(solution) = self.next_row(out)? {
                writeln!(out, "{}", line(&table_cells(&solution))).map_err(RdfError::write)?;
                rows += 1;
            }
        }
        Ok(rows)
    }
}

fn table_cells(solution: &QuerySolution) -> Vec<String> {
    solution
        .values()
        .iter()
        .map(|value| value.as_ref().map(display_term).unwrap_or_default())
        .collect()
}

fn write_boolean(value: bool, results: ResultsFormat, out: &mut impl Write) -> Result<()> {
    let format = results.standard();
    match format {
        Some(format) => {
            QueryResultsSerializer::from_format(format)
                .serialize_boolean_to_writer(&mut *out, value)
                .map_err(RdfError::write)?;
            // The CSV and TSV booleans have no line end; a shell prompt would follow
            // them on the same line.
            if matches!(format, QueryResultsFormat::Csv | QueryResultsFormat::Tsv) {
                writeln!(out).map_err(RdfError::write)?;
            }
        }
        None => writeln!(out, "{value}").map_err(RdfError::write)?,
    }
    Ok(())
}

fn unexpected() -> RdfError {
    RdfError::QueryEngine {
        message: "the query thread sent results out of order".to_owned(),
    }
}

/// The dataset of a protocol request (`default-graph-uri`, `named-graph-uri`).
struct Dataset {
    default_graphs: Vec<GraphName>,
    named_graphs: Vec<NamedOrBlankNode>,
}

/// A graph named in a request, which must be an absolute IRI.
fn graph_iri(iri: &str) -> Result<NamedNode> {
    NamedNode::new(iri).map_err(|cause| RdfError::InvalidIri {
        iri: iri.to_owned(),
        message: cause.to_string(),
    })
}

/// Everything the query thread needs, moved onto it.
struct Job {
    store: Store,
    text: String,
    union_default_graph: bool,
    dataset: Option<Dataset>,
    token: CancellationToken,
    sender: SyncSender<Message>,
}

impl Job {
    /// Runs the query; a panic in the engine becomes an error for the caller rather than
    /// the end of the process.
    fn run(self) {
        let sender = self.sender.clone();
        if let Err(panic) = catch_unwind(AssertUnwindSafe(|| self.evaluate())) {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown cause".to_owned());
            let _ = sender.send(Message::Failed(RdfError::QueryEngine {
                message: format!("the SPARQL engine failed on this query: {message}"),
            }));
        }
    }

    fn evaluate(self) {
        let Job {
            store,
            text,
            union_default_graph,
            dataset,
            token,
            sender,
        } = self;
        // A send fails when the caller has gone (timeout, closed output): stop there.
        let send = |message| sender.send(message).is_ok();
        let failed = |cause| Message::Failed(RdfError::QueryEvaluation { cause });
        let mut parser = SparqlParser::new();
        for (prefix, iri) in PREFIXES {
            parser = match parser.with_prefix(*prefix, *iri) {
                Ok(parser) => parser,
                Err(e) => {
                    send(Message::Failed(RdfError::QuerySyntax {
                        line: 0,
                        column: 0,
                        message: format!("predeclared prefix {prefix}: {e}"),
                    }));
                    return;
                }
            };
        }
        let mut query = match parser.parse_query(&text) {
            Ok(query) => query,
            Err(e) => {
                send(Message::Failed(syntax_error(e)));
                return;
            }
        };
        if let Err(error) = order::make_total(&mut query) {
            send(Message::Failed(error));
            return;
        }
        let mut prepared = SparqlEvaluator::new()
            .with_cancellation_token(token.clone())
            .for_query(query);
        if union_default_graph {
            prepared.dataset_mut().set_default_graph_as_union();
        }
        if let Some(Dataset {
            default_graphs,
            named_graphs,
        }) = dataset
        {
            let query_dataset = prepared.dataset_mut();
            query_dataset.set_default_graph(default_graphs);
            query_dataset.set_available_named_graphs(named_graphs);
        }
        let results = match prepared.on_store(&store).execute() {
            Ok(results) => results,
            Err(cause) => {
                send(failed(cause));
                return;
            }
        };
        let complete = match results {
            QueryResults::Solutions(solutions) => {
                send(Message::Solutions(solutions.variables().into()))
                    && solutions.into_iter().all(|row| match row {
                        Ok(row) => send(Message::Row(row)),
                        Err(cause) => {
                            send(failed(cause));
                            false
                        }
                    })
            }
            QueryResults::Boolean(value) => send(Message::Boolean(value)),
            QueryResults::Graph(triples) => {
                send(Message::Graph)
                    && triples.into_iter().all(|triple| match triple {
                        Ok(triple) => send(Message::Triple(triple)),
                        Err(cause) => {
                            send(failed(cause));
                            false
                        }
                    })
            }
        };
        if complete {
            send(Message::Done);
        } else {
            token.cancel();
        }
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

/// Characters that act on a terminal instead of being shown, or hide or reorder what it
/// shows: controls (C0, DEL, C1: escape sequences, carriage return), zero-width and
/// bidirectional formatting characters. Human-readable output escapes them.
pub fn is_unsafe_for_terminal(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

fn escape_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_unsafe_for_terminal(c) => {
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
    use std::panic::AssertUnwindSafe;

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

    /// Runs a graph query in each format: it writes `triples` triples, and they parse
    /// back in the format's own syntax.
    fn parses_back(store: &Store, query: &str, formats: &[(GraphFormat, RdfFormat)], triples: u64) {
        for &(graph, format) in formats {
            let options = QueryOptions {
                graph,
                ..QueryOptions::default()
            };
            let (outcome, text) = run(store, query, &options);
            assert_eq!(outcome, QueryOutcome::Graph { triples }, "{format}");
            let parsed = RdfParser::from_format(format)
                .for_slice(text.as_bytes())
                .collect::<Result<Vec<_>, _>>()
                .unwrap();
            assert_eq!(parsed.len() as u64, triples, "{format}: {text}");
        }
    }

    #[test]
    fn every_graph_format_parses_back() {
        let query = "CONSTRUCT { ?e okg:claimedBy ?g } WHERE { ?e okg:claimedBy ?g }";
        let formats = [
            (GraphFormat::NQuads, RdfFormat::NQuads),
            (GraphFormat::TriG, RdfFormat::TriG),
            (GraphFormat::RdfXml, RdfFormat::RdfXml),
        ];
        parses_back(&store(), query, &formats, 1);
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
        let formats = [
            (GraphFormat::Turtle, RdfFormat::Turtle),
            (GraphFormat::NTriples, RdfFormat::NTriples),
        ];
        parses_back(&store, query, &formats, 2);
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

    /// A ring of `n` entities, each opposing the next: `n` quads.
    fn ring(n: usize) -> Store {
        let quads = (0..n).map(|i| {
            oxigraph::model::Quad::new(
                crate::mapping::entity_iri(&format!("n{i}")),
                crate::vocab::predicate(osintkg_graph::Predicate::Opposes),
                crate::mapping::entity_iri(&format!("n{}", (i + 1) % n)),
                oxigraph::model::GraphName::DefaultGraph,
            )
        });
        load(quads.collect())
    }

    /// Runs `query` with a time limit; `Ok` or `Timeout` pass, anything else fails.
    /// Returns how long it took.
    fn run_bounded(store: &Store, query: &str, limit: Duration, out: impl Write) -> Duration {
        let options = QueryOptions {
            timeout: Some(limit),
            ..QueryOptions::default()
        };
        let started = Instant::now();
        match run_query(store, query, &options, out) {
            Ok(_) | Err(RdfError::Timeout { .. }) => {}
            Err(e) => panic!("{}: {e}", &query[..query.len().min(80)]),
        }
        started.elapsed()
    }

    /// The engine's own work between two looks at the cancellation token (a sort, a
    /// cartesian product materialised) no longer holds the caller past its deadline: the
    /// caller returns at the deadline. The bound asserted is a hang detector, 20× the
    /// limit, not a speed figure.
    #[test]
    fn a_timeout_stops_sorts_and_cartesian_products() {
        let store = ring(2_000);
        for query in [
            "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a ?d LIMIT 1",
            "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
            "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
        ] {
            let options = QueryOptions {
                timeout: Some(Duration::from_millis(300)),
                ..QueryOptions::default()
            };
            let started = Instant::now();
            let err = run_query(&store, query, &options, std::io::sink()).unwrap_err();
            assert!(matches!(err, RdfError::Timeout { .. }), "{query}: {err}");
            let elapsed = started.elapsed();
            assert!(elapsed < Duration::from_secs(6), "{query}: {elapsed:?}");
        }
    }

    /// A writer that fails (a closed pipe) stops the query: the engine is cancelled
    /// rather than left computing into nowhere.
    #[test]
    fn a_failing_writer_cancels_the_query() {
        struct Closed;
        impl Write for Closed {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Err(std::io::ErrorKind::BrokenPipe.into())
            }
        }
        let store = ring(2_000);
        for results in [
            ResultsFormat::Json,
            ResultsFormat::Xml,
            ResultsFormat::Table,
        ] {
            let options = QueryOptions {
                results,
                ..QueryOptions::default()
            };
            let started = Instant::now();
            let err = run_query(
                &store,
                "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
                &options,
                Closed,
            )
            .unwrap_err();
            assert!(matches!(err, RdfError::Write { .. }), "{err}");
            assert!(started.elapsed() < Duration::from_secs(20), "{results:?}");
        }
    }

    /// The table prints its first rows before the query ends, in widths taken from them.
    #[test]
    fn the_table_streams_with_widths_from_its_first_rows() {
        let store = ring(300);
        let query = "SELECT ?a ?n WHERE { ?a okg:opposes ?b BIND(IF(STR(?a) = STR(id:n250), \"a much longer cell than any before it\", \"x\") AS ?n) } ORDER BY ?a";
        let (outcome, text) = run(&store, query, &QueryOptions::default());
        assert_eq!(outcome, QueryOutcome::Solutions { rows: 300 });
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 302);
        let rule = lines[1];
        assert!(!rule.contains(&"-".repeat(30)), "{rule}");
        assert!(text.contains("a much longer cell than any before it"));
    }

    /// The upstream bug (see `order`): a 21-value ORDER BY that makes oxigraph 0.5.13's
    /// sort panic. When this starts failing, the engine was fixed and the rewrite in
    /// `order` can go.
    const PANICKING_ORDER: &str = "SELECT ?x WHERE { VALUES ?x { \"4\" 3 \"75\" 5 \"89\" 9 63 \"42\" \"96\" \"9\" 38 45 \"79\" \"79\" 87 76 65 86 \"51\" \"6\" 81 } } ORDER BY ?x";

    #[test]
    fn the_engine_alone_panics_on_mixed_order_keys() {
        let store = Store::new().unwrap();
        let sorted = std::panic::catch_unwind(AssertUnwindSafe(|| {
            let prepared = SparqlEvaluator::new().parse_query(PANICKING_ORDER).unwrap();
            if let QueryResults::Solutions(rows) = prepared.on_store(&store).execute().unwrap() {
                rows.count()
            } else {
                0
            }
        }));
        assert!(
            sorted.is_err(),
            "oxigraph sorted mixed keys: drop the rewrite in `order`"
        );
    }

    #[test]
    fn order_by_over_mixed_terms_is_a_total_order() {
        let store = Store::new().unwrap();
        let options = QueryOptions {
            results: ResultsFormat::Csv,
            ..QueryOptions::default()
        };
        let (outcome, text) = run(&store, PANICKING_ORDER, &options);
        assert_eq!(outcome, QueryOutcome::Solutions { rows: 21 });
        let values: Vec<&str> = text.lines().skip(1).collect();
        // Numbers first, by value; then strings, by text.
        assert_eq!(values[..3], ["3", "5", "9"]);
        assert_eq!(values[10..13], ["87", "4", "42"]);
        let (_, text) = run(
            &store,
            &PANICKING_ORDER.replace("ORDER BY ?x", "ORDER BY DESC(?x) ?x"),
            &options,
        );
        assert_eq!(text.lines().nth(1), Some("96"));
        // Unbound first, then blank nodes, IRIs, literals; dates with and without a
        // timezone, random keys and a sort inside EXISTS do not panic either.
        let query = "SELECT ?x WHERE { VALUES ?x { UNDEF 1 \"a\" <http://a> \"b\"@en \"2024-01-01T00:00:00Z\"^^xsd:dateTime \"2024-01-01T00:00:00\"^^xsd:dateTime 2.5 true \"P1M\"^^xsd:duration \"P30D\"^^xsd:duration } } ORDER BY ?x";
        let (_, text) = run(&store, query, &options);
        assert_eq!(text.lines().nth(1), Some(""), "{text}");
        assert_eq!(text.lines().nth(2), Some("http://a"), "{text}");
        let values: String = (0..30)
            .map(|i| format!("{} \"{i}\" ", i * 7 % 30))
            .collect();
        for order in ["RAND()", "?x", "STR(?x)"] {
            let query = format!(
                "SELECT ?x WHERE {{ VALUES ?x {{ {values} }} FILTER EXISTS {{ SELECT ?y WHERE {{ VALUES ?y {{ {values} }} }} ORDER BY ?y LIMIT 1 }} }} ORDER BY {order}"
            );
            let (outcome, _) = run(&store, &query, &options);
            assert_eq!(outcome, QueryOutcome::Solutions { rows: 60 });
        }
    }

    #[test]
    fn queries_beyond_the_limits_are_refused_before_parsing() {
        let store = store();
        let union = format!(
            "SELECT * WHERE {{ {} }}",
            vec!["{ ?s ?p ?o }"; 200_000].join(" UNION ")
        );
        for query in [
            format!("SELECT * WHERE {}", "{".repeat(5_000)),
            format!(
                "ASK {{ FILTER({}1{}) }}",
                "(".repeat(100_000),
                ")".repeat(100_000)
            ),
            union,
            format!(
                "SELECT * WHERE {{ ?s ?p ?o }} ORDER BY {}",
                "?s ".repeat(101)
            ),
        ] {
            let err = run_query(&store, &query, &QueryOptions::default(), Vec::new()).unwrap_err();
            assert!(matches!(err, RdfError::QueryTooComplex { .. }), "{err}");
        }
    }

    /// The deepest queries the default limits let through run on the query thread's
    /// stack (in this debug build, where frames are largest) to an answer or a timeout.
    #[test]
    fn the_deepest_queries_allowed_fit_the_stack() {
        let store = store();
        let limits = QueryLimits::default();
        let chain = limits.max_operators - 10;
        let depth = limits.max_depth - 2;
        let minus: String = (0..chain)
            .map(|i| format!(" MINUS {{ ?s okg:x{i} ?o }}"))
            .collect();
        let patterns: Vec<String> = (0..chain).map(|i| format!("?s{i} a okg:Person")).collect();
        for query in [
            format!("SELECT * WHERE {{ ?s a okg:Person {minus} }}"),
            format!(
                "SELECT * WHERE {{ {} }}",
                vec!["{ ?s a okg:Person }"; chain].join(" UNION ")
            ),
            format!("SELECT * WHERE {{ {} }} LIMIT 1", patterns.join(" . ")),
            format!("ASK {{ ?s {} ?o }}", vec!["okg:memberOf"; chain].join("/")),
            format!(
                "SELECT * WHERE {} ?s a okg:Person {}",
                "{".repeat(depth),
                "}".repeat(depth)
            ),
            format!(
                "ASK {{ FILTER({}1{}) }}",
                "(".repeat(depth - 2),
                ")".repeat(depth - 2)
            ),
            format!(
                "SELECT * WHERE {} {{ ?s a okg:Person }} {}",
                "{ SELECT * WHERE ".repeat(depth / 2),
                " }".repeat(depth / 2)
            ),
        ] {
            assert!(shape::check(&query, &limits).is_ok(), "{}", &query[..60]);
            run_bounded(&store, &query, Duration::from_secs(3), std::io::sink());
        }
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
