//! The RDF layer of osintkg: the resolved graph as linked data, kept in a persistent
//! oxigraph store that analysts query with SPARQL and export to standard formats.
//!
//! - [`vocab`]: the ontology's terms as constants, checked against `ontology/osintkg.ttl`.
//! - [`mapping`]: [`KnowledgeGraph`](osintkg_graph::KnowledgeGraph) and its
//!   [`DocumentRecord`](osintkg_graph::DocumentRecord)s to quads, and back.
//! - [`store`]: the on-disk store, rebuilt per build and switched atomically.
//! - [`query`]: SPARQL with the usual prefixes predeclared, a timeout and result formats.
//! - [`export`](mod@export): Turtle, N-Triples, N-Quads, TriG and RDF/XML dumps.

pub mod error;
pub mod export;
pub mod generation;
pub mod mapping;
pub mod query;
pub mod remote;
pub mod snapshot;
pub mod store;
pub mod vocab;

pub use error::RdfError;
pub use export::{ExportFormat, export};
pub use generation::{Build, Changes, Committed, Writing};
pub use mapping::{document_iri, entity_iri, graph_from_store, records_from_store, to_quads};
pub use query::{GraphFormat, QueryOptions, QueryOutcome, ResultsFormat, run_query};
pub use remote::{PushStats, Remote, push};
pub use snapshot::GraphSnapshot;
pub use store::{CommitStats, StoreReader, StoreStats, StoreWriter};

/// What every fallible function of this crate returns.
pub type Result<T, E = RdfError> = std::result::Result<T, E>;
