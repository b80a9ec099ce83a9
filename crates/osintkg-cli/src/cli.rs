//! The command line, declared with clap: every flag's help text lives in its doc comment.

use clap::{Args, Parser, Subcommand, ValueEnum};
use osintkg_graph::{DatePrecision, EntityType, EventType, Predicate};
use osintkg_server::CorsOrigin;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// Build a sourced knowledge graph of people, groups, places and events from security
/// news, store it as RDF, and query it.
#[derive(Debug, Parser)]
#[command(name = "osintkg", version, max_term_width = 100)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract entities, relations and events as JSON Lines (one record per document).
    Extract(ExtractArgs),
    /// Extract documents and merge them into the persistent graph store.
    Build(BuildArgs),
    /// Run a SPARQL 1.1 query (SELECT, ASK, CONSTRUCT, DESCRIBE) against the store.
    Query(QueryArgs),
    /// Write the whole store in an RDF serialization.
    Export(ExportArgs),
    /// Find how two entities are connected, with the sentence behind every hop.
    Path(PathArgs),
    /// Summarise what the store holds.
    Stats(StatsArgs),
    /// A dossier on one entity: names, knowledge-base ids, relations with their sources, events.
    Show(ShowArgs),
    /// The entities and events around one entity, up to a depth.
    Neighbors(NeighborsArgs),
    /// Events in date order, for the whole graph or around one entity.
    Timeline(TimelineArgs),
    /// The key actors by degree, PageRank or betweenness.
    Rank(RankArgs),
    /// Serve the store over HTTP: a read-only SPARQL 1.1 endpoint and a web explorer.
    Serve(ServeArgs),
    /// Remove documents from the store, and what only they said from the graph.
    Remove(RemoveArgs),
    /// Send the graph to a SPARQL store over the Graph Store Protocol (only what changed
    /// since the last push there).
    Push(PushArgs),
}

/// Where the store lives.
#[derive(Debug, Args)]
pub struct StoreArg {
    /// The store directory.
    #[arg(
        long,
        value_name = "DIR",
        default_value = "osintkg.db",
        env = "OSINTKG_STORE"
    )]
    pub store: PathBuf,
}

/// Options shared by commands that read input documents.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Files or folders (read recursively) of .txt, .md, .html/.htm and .jsonl documents.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Treat every warning about the input (bad encoding, skipped file, bad line) as an error.
    #[arg(long)]
    pub strict: bool,
}

/// `osintkg extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// The documents.
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExtractFormat::Jsonl)]
    pub format: ExtractFormat,
    /// Instead of JSON, print each relation and event role with the sentence and the
    /// rule behind it.
    #[arg(long)]
    pub explain: bool,
    /// Extract only shard I of N (0 ≤ I < N): the documents whose id hashes to I, so that
    /// N processes, on one machine or many, split the input between them.
    #[arg(long, value_name = "I/N", value_parser = str::parse::<crate::shard::Shard>)]
    pub shard: Option<crate::shard::Shard>,
}

/// Output of `osintkg extract`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExtractFormat {
    /// One JSON record per document, as in FORMAT.md.
    Jsonl,
}

/// `osintkg build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Files or folders (read recursively) of .txt, .md, .html/.htm and .jsonl documents.
    /// With none (and no --records), an existing store's documents are kept as they are:
    /// a graph snapshot of an older format is rewritten, and nothing else is.
    #[arg(value_name = "PATH", conflicts_with = "records")]
    pub paths: Vec<PathBuf>,
    /// Build from extraction records (the JSON Lines of `osintkg extract`, for example
    /// of extraction shards) instead of extracting documents.
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub records: Vec<PathBuf>,
    /// Treat every warning about the input (bad encoding, skipped file, bad line) as an error.
    #[arg(long)]
    pub strict: bool,
    /// The store.
    #[command(flatten)]
    pub store: StoreArg,
}

/// `osintkg remove`.
#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// Ids of the documents to remove (as `osintkg stats` and the graph's `okg:docId` name them).
    #[arg(required = true, value_name = "DOC")]
    pub docs: Vec<String>,
    /// The store.
    #[command(flatten)]
    pub store: StoreArg,
}

/// `osintkg query`.
#[derive(Debug, Args)]
pub struct QueryArgs {
    /// The query text, `@FILE` to read it from a file, or `-` for standard input.
    #[arg(value_name = "SPARQL | @FILE | -")]
    pub query: String,
    /// The store.
    #[command(flatten)]
    pub store: StoreArg,
    /// Result format: table (the default on a terminal), csv (the default otherwise), tsv,
    /// json, xml; turtle or ntriples for CONSTRUCT and DESCRIBE.
    #[arg(long, value_enum)]
    pub format: Option<QueryFormat>,
    /// Give up after this many seconds (a positive number up to 1000000, fractions allowed).
    #[arg(long, value_name = "SECONDS", value_parser = seconds)]
    pub timeout: Option<Duration>,
    /// Query this SPARQL endpoint (SPARQL 1.1 Protocol) instead of the local store;
    /// results in csv (the default), tsv, json, xml, turtle or ntriples.
    #[arg(long, value_name = "URL")]
    pub endpoint: Option<String>,
    /// Credentials for the endpoint.
    #[command(flatten)]
    pub credentials: CredentialArgs,
}

/// HTTP Basic credentials for a remote store, the password from the environment so that
/// it appears in no command line or history.
#[derive(Debug, Args)]
pub struct CredentialArgs {
    /// User name.
    #[arg(long, value_name = "USER", requires = "password_env")]
    pub user: Option<String>,
    /// Name of the environment variable that holds the password.
    #[arg(long, value_name = "VAR", requires = "user")]
    pub password_env: Option<String>,
}

/// `osintkg push`.
#[derive(Debug, Args)]
pub struct PushArgs {
    /// The remote store's SPARQL endpoint; also its Graph Store Protocol service unless
    /// --graph-store names another URL.
    #[arg(long, value_name = "URL")]
    pub endpoint: String,
    /// The Graph Store Protocol service, when it is not the endpoint (oxigraph:
    /// BASE/store, Fuseki: BASE/DATASET/data, GraphDB: BASE/repositories/REPO/rdf-graphs/service,
    /// Virtuoso: BASE/sparql-graph-crud-auth).
    #[arg(long, value_name = "URL")]
    pub graph_store: Option<String>,
    /// Credentials for the remote store.
    #[command(flatten)]
    pub credentials: CredentialArgs,
    /// Send every graph, whatever was pushed before.
    #[arg(long)]
    pub full: bool,
    /// Requests in flight at once.
    #[arg(long, default_value_t = 4, value_name = "N", value_parser = at_least_one)]
    pub jobs: usize,
    /// The store.
    #[command(flatten)]
    pub store: StoreArg,
}

/// Output of `osintkg query`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum QueryFormat {
    /// An aligned text table.
    Table,
    /// SPARQL 1.1 CSV.
    Csv,
    /// SPARQL 1.1 TSV.
    Tsv,
    /// SPARQL 1.1 JSON.
    Json,
    /// SPARQL 1.1 XML.
    Xml,
    /// Turtle, for CONSTRUCT and DESCRIBE.
    Turtle,
    /// N-Triples, for CONSTRUCT and DESCRIBE.
    Ntriples,
}

/// `osintkg export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The store.
    #[command(flatten)]
    pub store: StoreArg,
    /// Serialization.
    #[arg(long, value_enum, default_value_t = ExportFormat::Turtle)]
    pub format: ExportFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Include the OWL ontology's triples.
    #[arg(long)]
    pub with_ontology: bool,
}

/// Serializations of `osintkg export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Turtle with prefixes (all graphs merged).
    Turtle,
    /// N-Triples (all graphs merged).
    Ntriples,
    /// N-Quads (one named graph per document).
    Nquads,
    /// TriG (one named graph per document).
    Trig,
    /// RDF/XML (all graphs merged).
    Rdfxml,
}

/// `osintkg path`.
#[derive(Debug, Args)]
pub struct PathArgs {
    /// Where to start: any name of an entity or event, case-insensitive.
    pub from: String,
    /// Where to arrive.
    pub to: String,
    /// The store.
    #[command(flatten)]
    pub store: StoreArg,
    /// How many paths: the shortest, then the next shortest simple paths.
    #[arg(long, default_value_t = 1, value_name = "N", value_parser = at_least_one)]
    pub k: usize,
    /// Longest path, in hops.
    #[arg(long, value_name = "N", value_parser = at_least_one)]
    pub max_hops: Option<usize>,
    /// Follow only these predicates (comma-separated: memberOf,leaderOf,…,claimedBy).
    #[arg(long, value_delimiter = ',', value_name = "PRED,...", value_parser = str::parse::<Predicate>)]
    pub via: Vec<Predicate>,
    /// Pass only through nodes of these types (comma-separated: Person,Organization,…).
    #[arg(long, value_delimiter = ',', value_name = "T,...", value_parser = str::parse::<EntityType>)]
    pub types: Vec<EntityType>,
    /// Skip events dated before this ISO date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = iso_date)]
    pub since: Option<String>,
    /// Skip events dated after this ISO date.
    #[arg(long, value_name = "DATE", value_parser = iso_date)]
    pub until: Option<String>,
    /// Require the events along a path to be in date order.
    #[arg(long)]
    pub time_ordered: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = GraphOutput::Text)]
    pub format: GraphOutput,
}

/// Output of `osintkg path`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphOutput {
    /// Readable hops with their evidence.
    Text,
    /// A JSON document.
    Json,
    /// Graphviz DOT.
    Dot,
}

/// Output of commands that print a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Readable text.
    Text,
    /// A JSON document.
    Json,
}

/// `osintkg stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// The store.
    #[command(flatten)]
    pub store: StoreArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
}

/// `osintkg show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Any name of the entity, case-insensitive.
    pub entity: String,
    /// The store.
    #[command(flatten)]
    pub store: StoreArg,
    /// Also list the cross-document merges that built the node, with their reasons.
    #[arg(long)]
    pub merges: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
}

/// `osintkg neighbors`.
#[derive(Debug, Args)]
pub struct NeighborsArgs {
    /// Any name of the entity, case-insensitive.
    pub entity: String,
    /// The store.
    #[command(flatten)]
    pub store: StoreArg,
    /// How many hops away.
    #[arg(long, default_value_t = 1, value_name = "N", value_parser = at_least_one)]
    pub depth: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = NeighborsFormat::Text)]
    pub format: NeighborsFormat,
}

/// Output of `osintkg neighbors`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NeighborsFormat {
    /// Readable lines.
    Text,
    /// A JSON document.
    Json,
    /// Graphviz DOT.
    Dot,
    /// GraphML, for Gephi, yEd or Cytoscape.
    Graphml,
}

/// `osintkg timeline`.
#[derive(Debug, Args)]
pub struct TimelineArgs {
    /// Only events this entity takes part in (any of its names).
    pub entity: Option<String>,
    /// The store.
    #[command(flatten)]
    pub store: StoreArg,
    /// Only events of this type (Attack, Arrest, Meeting, Statement, …).
    #[arg(long = "type", value_name = "EVENT_TYPE", value_parser = str::parse::<EventType>)]
    pub event_type: Option<EventType>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
}

/// `osintkg rank`.
#[derive(Debug, Args)]
pub struct RankArgs {
    /// The store.
    #[command(flatten)]
    pub store: StoreArg,
    /// The measure.
    #[arg(long, value_enum, default_value_t = RankBy::Degree)]
    pub by: RankBy,
    /// Only entities of these types (comma-separated: Person,Organization,…).
    #[arg(long = "type", value_delimiter = ',', value_name = "T,...", value_parser = str::parse::<EntityType>)]
    pub types: Vec<EntityType>,
    /// How many to list.
    #[arg(long, default_value_t = 10, value_name = "N", value_parser = at_least_one)]
    pub top: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
}

/// Measures of `osintkg rank`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RankBy {
    /// Number of relations.
    Degree,
    /// PageRank over the relations' directions.
    Pagerank,
    /// Betweenness centrality (Brandes): who sits on the paths between others.
    Betweenness,
}

/// `osintkg serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The store; the server follows it, serving each new build without a restart.
    #[command(flatten)]
    pub store: StoreArg,
    /// Address and port to listen on. Anything but a loopback address makes the store
    /// readable from other machines, without authentication.
    #[arg(long, default_value = "127.0.0.1:7878", value_name = "ADDR:PORT")]
    pub bind: SocketAddr,
    /// Let web pages from this origin (`*` for any) call the server from a browser;
    /// without it no CORS header is sent.
    #[arg(long, value_name = "ORIGIN|*", value_parser = str::parse::<CorsOrigin>)]
    pub cors: Option<CorsOrigin>,
    /// Cancel a SPARQL query after this many seconds (the answer is 503).
    #[arg(long, default_value = "30", value_name = "SECS", value_parser = seconds)]
    pub timeout: Duration,
    /// Most rows (SELECT) or triples (CONSTRUCT, DESCRIBE) in one SPARQL response.
    #[arg(long, default_value_t = 10_000, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub max_rows: u64,
}

/// Longest `--timeout`: beyond it a limit means nothing, and far beyond it (`1e99`) the
/// number is no duration at all.
const MAX_TIMEOUT_SECONDS: f64 = 1_000_000.0;

/// A `--timeout`: a finite, positive number of seconds up to [`MAX_TIMEOUT_SECONDS`].
fn seconds(text: &str) -> Result<Duration, String> {
    let expected = format!("expected a positive number of seconds up to {MAX_TIMEOUT_SECONDS}");
    let value: f64 = text.trim().parse().map_err(|_| expected.clone())?;
    if value.is_finite() && value > 0.0 && value <= MAX_TIMEOUT_SECONDS {
        Ok(Duration::from_secs_f64(value))
    } else {
        Err(expected)
    }
}

/// A count that must be at least one: zero paths, hops or entries would print nothing
/// and look like an answer.
fn at_least_one(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err("expected a whole number, 1 or more".to_owned()),
    }
}

/// An ISO date of the calendar: `YYYY`, `YYYY-MM` with a month 01–12, or `YYYY-MM-DD`
/// with a day the month has.
fn iso_date(text: &str) -> Result<String, String> {
    let expected = || "expected an ISO date: YYYY, YYYY-MM or YYYY-MM-DD".to_owned();
    if DatePrecision::of_iso(text).is_none() {
        return Err(expected());
    }
    let parts: Vec<u32> = text
        .split('-')
        .map(str::parse)
        .collect::<Result<_, _>>()
        .map_err(|_| expected())?;
    let valid = match parts.as_slice() {
        [_] => true,
        [_, month] => (1..=12).contains(month),
        [year, month, day] => {
            (1..=12).contains(month) && (1..=days_in_month(*year, *month)).contains(day)
        }
        _ => false,
    };
    if valid {
        Ok(text.to_owned())
    } else {
        Err(format!("{text} is not a date of the calendar"))
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeouts_are_positive_finite_and_bounded() {
        assert_eq!(seconds("2"), Ok(Duration::from_secs(2)));
        assert_eq!(seconds("0.5"), Ok(Duration::from_millis(500)));
        for bad in ["0", "-1", "nan", "inf", "1e99", "", "two"] {
            assert!(seconds(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates_must_exist() {
        for good in ["2024", "2024-02", "2024-02-29", "2000-02-29", "2023-12-31"] {
            assert_eq!(iso_date(good).as_deref(), Ok(good));
        }
        for bad in [
            "yesterday",
            "2024-13-45",
            "2024-13",
            "2023-02-29",
            "1900-02-29",
            "2024-04-31",
            "2024-00",
        ] {
            assert!(iso_date(bad).is_err(), "{bad}");
        }
    }
}
