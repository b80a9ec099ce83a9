//! The one error type of the RDF layer.
//!
//! Messages are written for the analyst at the terminal: they name the store directory or
//! file involved and, for queries, the line and column in the analyst's own text. Each
//! message already contains its cause, so the variants carry causes as plain fields rather
//! than as `source()` chains that would print them twice.

use oxigraph::sparql::QueryEvaluationError;
use oxigraph::store::StorageError;
use std::path::PathBuf;
use std::time::Duration;

/// Everything that can go wrong in the RDF layer.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RdfError {
    /// The store directory does not exist.
    #[error("no osintkg store at {}: the directory does not exist (run a build first)", path.display())]
    NoStore {
        /// The directory asked for.
        path: PathBuf,
    },
    /// The directory exists but is not an osintkg store.
    #[error(
        "{} is not an osintkg store (it has no osintkg-store.json marker file); refusing to use it",
        path.display()
    )]
    NotAStore {
        /// The directory asked for.
        path: PathBuf,
    },
    /// The store was written by an incompatible version of osintkg.
    #[error("{}: store format {found:?} is not supported (this osintkg reads version {expected})", path.display())]
    UnsupportedVersion {
        /// The marker file.
        path: PathBuf,
        /// What the marker says.
        found: String,
        /// The version this build understands.
        expected: u32,
    },
    /// The store exists but no build has completed into it yet.
    #[error("the osintkg store at {} has no completed build yet", path.display())]
    EmptyStore {
        /// The store directory.
        path: PathBuf,
    },
    /// Another writer holds the store's lock.
    #[error(
        "the osintkg store at {} is locked by another build (lock file {}); wait for it to finish",
        path.display(),
        lock.display()
    )]
    Locked {
        /// The store directory.
        path: PathBuf,
        /// The lock file.
        lock: PathBuf,
    },
    /// A store file is not what osintkg wrote there.
    #[error("{}: corrupt store: {message}", path.display())]
    Corrupt {
        /// The offending file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// A file-system operation failed.
    #[error("{}: {cause}", path.display())]
    Io {
        /// The file or directory involved.
        path: PathBuf,
        /// The operating system's error.
        cause: std::io::Error,
    },
    /// The RocksDB storage failed.
    #[error("{}: storage error: {cause}", path.display())]
    Storage {
        /// The database directory.
        path: PathBuf,
        /// The storage error.
        cause: StorageError,
    },
    /// A document's stored extraction record is not valid.
    #[error("document {doc:?}: stored extraction record is invalid: {cause}")]
    Record {
        /// The document IRI or id.
        doc: String,
        /// The JSON error.
        cause: serde_json::Error,
    },
    /// The built-in ontology did not parse (a packaging bug).
    #[error("ontology/osintkg.ttl: {message}")]
    Ontology {
        /// The parser's message, with its position.
        message: String,
    },
    /// The query text is not valid SPARQL 1.1.
    #[error("SPARQL syntax error at line {line}, column {column}: {message}")]
    QuerySyntax {
        /// 1-based line in the query as written.
        line: usize,
        /// 1-based column (in characters) in the query as written.
        column: usize,
        /// What the parser expected.
        message: String,
    },
    /// A graph named for a query's dataset is not an absolute IRI.
    #[error("{iri:?} is not a valid graph IRI: {message}")]
    InvalidIri {
        /// The text given.
        iri: String,
        /// What is wrong with it.
        message: String,
    },
    /// A named graph that the store does not hold.
    #[error("the store has no graph named <{iri}>")]
    NoSuchGraph {
        /// The graph's IRI.
        iri: String,
    },
    /// The query text is beyond the bounds a query is checked against before parsing
    /// ([`QueryLimits`](crate::QueryLimits)).
    #[error("the query is too large to run safely: more than {limit} {what}")]
    QueryTooComplex {
        /// What was counted.
        what: String,
        /// The bound.
        limit: usize,
    },
    /// The SPARQL engine failed on the query (a bug in it), or its thread could not run.
    #[error("{message}")]
    QueryEngine {
        /// What happened.
        message: String,
    },
    /// A remote SPARQL service failed or refused a request.
    #[error("{url}: {message}")]
    Remote {
        /// The URL requested.
        url: String,
        /// What went wrong, with the server's explanation when it gave one.
        message: String,
    },
    /// The store's current generation was written before graph snapshots existed.
    #[error(
        "the osintkg store at {} was built by an older osintkg and has no graph snapshot; run `osintkg build` on it once to write one",
        path.display()
    )]
    NoSnapshot {
        /// The store directory.
        path: PathBuf,
    },
    /// The store's graph snapshot is of an older format than the read commands need.
    #[error(
        "the graph snapshot of the osintkg store at {} was written by an older osintkg; run `osintkg build --store {}` once (no input needed) to rewrite it",
        path.display(),
        path.display()
    )]
    OutdatedSnapshot {
        /// The store directory.
        path: PathBuf,
    },
    /// The query failed while running.
    #[error("SPARQL evaluation failed: {cause}")]
    QueryEvaluation {
        /// The evaluator's error.
        cause: QueryEvaluationError,
    },
    /// The query ran longer than its time limit.
    #[error("the query was cancelled after its {}s time limit", limit.as_secs_f64())]
    Timeout {
        /// The limit.
        limit: Duration,
    },
    /// Writing results or an export failed.
    #[error("writing output: {cause}")]
    Write {
        /// The I/O error.
        cause: std::io::Error,
    },
}

impl RdfError {
    /// An [`RdfError::Io`] about `path`.
    #[cfg(feature = "rocksdb")]
    pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> RdfError {
        let path = path.into();
        move |cause| RdfError::Io { path, cause }
    }

    /// An [`RdfError::Storage`] about the database at `path`.
    pub(crate) fn storage(path: impl Into<PathBuf>) -> impl FnOnce(StorageError) -> RdfError {
        let path = path.into();
        move |cause| RdfError::Storage { path, cause }
    }

    /// An [`RdfError::Write`].
    pub(crate) fn write(cause: std::io::Error) -> RdfError {
        RdfError::Write { cause }
    }
}
