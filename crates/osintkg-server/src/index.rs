//! The graph of one generation, held in memory with the indexes the explorer's requests
//! need, built once per generation instead of once per request as the command line must.
//!
//! - the [`KnowledgeGraph`] (names, evidence, documents) and the graph crate's
//!   [`NodeFinder`] over it, which resolves a typed name exactly as `osintkg path` does;
//! - the [`GraphView`] that paths, neighbourhoods and rankings run on, whose adjacency
//!   also gives an entity's edges without scanning all of them;
//! - the [`NameSearch`] behind the search box;
//! - rankings, computed on first use and kept.

use crate::search::NameSearch;
use osintkg_graph::{
    BetweennessOptions, Edge, GraphView, KnowledgeGraph, Lookup, NodeFinder, PageRankOptions,
    betweenness, degree, pagerank,
};
use petgraph::graph::NodeIndex;
use std::sync::OnceLock;

self_cell::self_cell!(
    struct GraphAndFinder {
        owner: KnowledgeGraph,
        #[covariant]
        dependent: NodeFinder,
    }
    impl {Debug}
);

/// The measures of `/api/rank`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RankMeasure {
    /// Number of relations.
    Degree,
    /// PageRank over the relations' directions.
    PageRank,
    /// Betweenness (sampled on large graphs, as the CLI does).
    Betweenness,
}

/// One generation's graph and its indexes.
#[derive(Debug)]
pub struct GraphIndex {
    graph: GraphAndFinder,
    view: GraphView,
    search: NameSearch,
    degree: Vec<f64>,
    pagerank: OnceLock<Vec<f64>>,
    betweenness: OnceLock<Vec<f64>>,
}

impl GraphIndex {
    /// Builds the view and the indexes of `graph`.
    pub fn new(graph: KnowledgeGraph) -> GraphIndex {
        let view = GraphView::new(&graph);
        let degree = degree(&view);
        let search = NameSearch::new(&graph, &view, &degree);
        GraphIndex {
            graph: GraphAndFinder::new(graph, |graph| NodeFinder::new(graph)),
            view,
            search,
            degree,
            pagerank: OnceLock::new(),
            betweenness: OnceLock::new(),
        }
    }

    /// The knowledge graph.
    pub fn graph(&self) -> &KnowledgeGraph {
        self.graph.borrow_owner()
    }

    /// The petgraph view.
    pub fn view(&self) -> &GraphView {
        &self.view
    }

    pub(crate) fn search(&self) -> &NameSearch {
        &self.search
    }

    /// The node a user means by a key or any of its names, as `osintkg path` resolves it.
    pub fn find(&self, name: &str) -> Lookup {
        self.graph.borrow_dependent().find(name)
    }

    /// The stored edges at a node, in either direction, from the view's adjacency.
    pub fn edges_at(&self, node: NodeIndex) -> impl Iterator<Item = &Edge> + '_ {
        self.view
            .steps(node)
            .filter_map(|step| self.view.edge_key(step.edge))
            .filter_map(|key| self.graph().edges.get(&key))
    }

    /// Scores of every node by `measure`, in view order.
    pub fn scores(&self, measure: RankMeasure) -> &[f64] {
        match measure {
            RankMeasure::Degree => &self.degree,
            RankMeasure::PageRank => self
                .pagerank
                .get_or_init(|| pagerank(&self.view, &PageRankOptions::default()).scores),
            RankMeasure::Betweenness => self
                .betweenness
                .get_or_init(|| betweenness(&self.view, &BetweennessOptions::default()).scores),
        }
    }
}
