//! The osintkg graph model: typed entities and events, sourced relations, resolution of
//! many documents into one graph, and the analytics analysts run on it.
//!
//! Extraction produces [`DocumentRecord`]s; [`KnowledgeGraph::from_records`] resolves
//! them into nodes and edges that keep their evidence; the RDF layer stores that graph.

pub mod columns;
pub mod corpus;
pub mod export;
pub mod graph;
pub mod lookup;
pub mod model;
pub mod names;
pub mod neighbors;
pub mod paths;
pub mod rank;
pub mod record;
pub mod report;
pub mod resolve;
pub mod synthetic;
pub mod view;

pub use columns::{Bytes, EdgeTable, Rows, SharedBuffer, StringTable};
pub use corpus::{
    Corpus, DocSummary, Interner, MemorySentences, SentenceRef, SentenceSink, Sentences,
    StringColumn, Sym,
};
pub use export::{Subgraph, write_dot, write_graphml};
pub use graph::{Edge, KnowledgeGraph, Mention, Merge, Node};
pub use lookup::{Lookup, NameTable, NodeFinder};
pub use model::{
    DatePrecision, EntityType, EventType, Evidence, Predicate, Span, UnknownName,
    aggregate_confidence, dates_compatible,
};
pub use neighbors::{NeighborNode, Neighborhood, neighborhood};
pub use paths::{GraphPath, PathHop, PathOptions, k_shortest_paths, shortest_path};
pub use rank::{
    Betweenness, BetweennessOptions, PageRank, PageRankOptions, Score, betweenness, degree,
    pagerank, top,
};
pub use record::{DocumentMeta, DocumentRecord, EntityRecord, RelationRecord};
pub use report::{Dossier, NodeRef, PathReport, TimelineEntry, node_name, timeline};
pub use resolve::{Resolution, ResolvedEdge, ResolvedNode, Reuse};
pub use view::{EdgeKey, EdgeWeight, Filter, GraphView, Step, ViewEdge, ViewError, ViewNode};
