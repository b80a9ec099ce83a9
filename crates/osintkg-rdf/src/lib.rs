//! The RDF layer of osintkg: the resolved graph as linked data, kept in a persistent
//! oxigraph store that analysts query with SPARQL and export to standard formats.
//!
//! - [`vocab`]: the ontology's terms as constants, checked against `ontology/osintkg.ttl`.
//! - [`mapping`]: [`KnowledgeGraph`](osintkg_graph::KnowledgeGraph) and its
//!   [`DocumentRecord`](osintkg_graph::DocumentRecord)s to quads, and back.
//! - `store`: the on-disk store, rebuilt per build and switched atomically (feature
//!   `rocksdb`, on by default; without it the crate works on in-memory stores and
//!   builds without RocksDB's C++, as the fuzz targets do).
//! - [`query`]: SPARQL with the usual prefixes predeclared, bounds checked before parsing,
//!   a timeout that cancels evaluation, and streamed result formats.
//! - [`export`](mod@export): Turtle, N-Triples, N-Quads, TriG and RDF/XML dumps.
//! - `generation`: streaming and incremental builds of a new generation from the
//!   previous one (resolution on interned summaries, quads streamed into the bulk loader).
//! - `snapshot`: the compact graph snapshot written with each generation, which the read
//!   commands open instead of re-reading every quad.
//! - `remote`: push to any SPARQL store over the Graph Store Protocol, and remote queries.

pub mod error;
pub mod export;
#[cfg(feature = "rocksdb")]
pub mod generation;
pub mod mapping;
pub mod query;
#[cfg(feature = "rocksdb")]
pub mod remote;
#[cfg(feature = "rocksdb")]
pub mod snapshot;
#[cfg(feature = "rocksdb")]
pub mod store;
pub mod vocab;

pub use error::RdfError;
pub use export::{ExportFormat, GraphSelection, export, export_graph};
#[cfg(feature = "rocksdb")]
pub use generation::{Build, Changes, Committed, Writing};
pub use mapping::{document_iri, entity_iri, graph_from_store, records_from_store, to_quads};
pub use query::{
    GraphFormat, QueryForm, QueryLimits, QueryOptions, QueryOutcome, ResultsFormat, StartedQuery,
    run_query, start_query, wait_for_cancelled_queries,
};
#[cfg(feature = "rocksdb")]
pub use remote::{PushStats, Remote, push};
#[cfg(feature = "rocksdb")]
pub use snapshot::GraphSnapshot;
#[cfg(feature = "rocksdb")]
pub use store::{CommitStats, StoreReader, StoreStats, StoreWriter, current_generation};

/// What every fallible function of this crate returns.
pub type Result<T, E = RdfError> = std::result::Result<T, E>;
