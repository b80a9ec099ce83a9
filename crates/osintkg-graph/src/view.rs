//! A compact petgraph view of the knowledge graph, the one structure every analytic
//! (paths, neighbourhoods, rankings) runs on.
//!
//! The [`KnowledgeGraph`] keeps evidence and strings, which is what an analyst reads but
//! is too heavy to traverse: the view keeps only what traversal needs — node keys, types
//! and event dates, and per edge its endpoints, predicate, support and confidence — in
//! dense columns, with compressed adjacency rows for traversal. A petgraph [`DiGraph`]
//! of the same indices is built on first use, for the analytics that take petgraph's
//! graph ([`GraphView::graph`]); a path query never pays for it. Edges keep their stored direction so that a path
//! can say whether it follows or goes against each one; traversal itself treats them as
//! undirected, since "who is connected to whom" should not depend on which end a
//! relation was written from.
//!
//! Filters ([`Filter`]) are applied at search time, so one view serves every query.

use crate::columns::{EdgeTable, Rows, StringTable};
use crate::graph::KnowledgeGraph;
use crate::model::{DatePrecision, EntityType, Predicate};
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// The key of a stored edge: (subject key, predicate, object key), as in
/// [`KnowledgeGraph::edges`].
pub type EdgeKey = (String, Predicate, String);

/// What traversal needs of an edge.
///
/// The edge's key is not repeated here: it is the stored (source, target) endpoints of
/// the petgraph edge plus the predicate, and [`GraphView::edge_key`] rebuilds it, which
/// keeps a 5M-edge view small.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EdgeWeight {
    /// The relation.
    pub predicate: Predicate,
    /// Distinct documents that state it (at least 1).
    pub support: u32,
    /// Aggregated confidence, in `[0, 1]`.
    pub confidence: f64,
}

impl EdgeWeight {
    /// The traversal cost of the edge: `1 + (1 - confidence) + 1 / support`.
    ///
    /// Every hop costs at least 1 so that short paths win; doubtful and single-source
    /// edges cost up to 2 more, so that among paths of equal length the best-supported
    /// one wins.
    pub fn cost(&self) -> f64 {
        1.0 + (1.0 - self.confidence.clamp(0.0, 1.0)) + 1.0 / f64::from(self.support.max(1))
    }
}

/// A node given to [`GraphView::from_parts`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewNode {
    /// Unique key.
    pub key: String,
    /// Node type.
    pub kind: EntityType,
    /// ISO date, kept for events only.
    pub date: Option<String>,
}

/// The date a view keeps of a node: an event's, "" for none.
fn event_date(date: Option<&str>, kind: EntityType) -> &str {
    match (date, kind) {
        (Some(date), EntityType::Event) => date,
        _ => "",
    }
}

/// An edge of a view, by positions in the node list (24 bytes: a store's snapshot holds
/// its edges in this form and shares them with its view).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ViewEdge {
    /// Position of the subject in the node list.
    pub subject: u32,
    /// Position of the object in the node list.
    pub object: u32,
    /// Predicate, support and confidence.
    pub weight: EdgeWeight,
}

/// Why a view or a filter could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ViewError {
    /// Two nodes share a key.
    #[error("duplicate node key {0:?}")]
    DuplicateKey(String),
    /// An edge refers to a node position past the end of the node list.
    #[error("edge {edge} refers to node {node}, but there are only {count} nodes")]
    NodeOutOfRange {
        /// Position of the edge.
        edge: usize,
        /// The position it refers to.
        node: usize,
        /// Number of nodes.
        count: usize,
    },
    /// The columns given to [`GraphView::from_stored`] differ in length.
    #[error("columns of different lengths: {keys} keys, {kinds} types, {dates} dates")]
    ColumnLengths {
        /// Number of keys.
        keys: usize,
        /// Number of types.
        kinds: usize,
        /// Number of dates.
        dates: usize,
    },
    /// A date bound is not `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[error("invalid date {0:?}; expected YYYY, YYYY-MM or YYYY-MM-DD")]
    InvalidDate(String),
}

/// One way out of a node in the undirected view.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    /// The edge taken.
    pub edge: EdgeIndex,
    /// The node at its other end.
    pub other: NodeIndex,
    /// True when the stored edge points from the current node to `other`.
    pub forward: bool,
    /// The edge's weight.
    pub weight: EdgeWeight,
}

/// The knowledge graph as columns and adjacency rows, with an index from node key to
/// [`NodeIndex`] and a petgraph graph on demand.
#[derive(Debug, Clone)]
pub struct GraphView {
    /// The edges in their stored direction; an edge's index is its position. Shared, so
    /// that a store's snapshot and its view read one copy (the mapped file's).
    edges: EdgeTable,
    /// The same nodes and edges as a petgraph graph, built by the first analytic that
    /// asks for it: on a 100 MB corpus's graph it is 13 MB that `path` never needs. Node
    /// weight: the node's position in `keys` (equal to its index, kept so the petgraph
    /// graph is self-describing when handed to petgraph's own algorithms).
    graph: OnceLock<DiGraph<u32, EdgeWeight, u32>>,
    /// Keys and event dates ("" for none) in one buffer each: no allocation per node.
    keys: StringTable,
    kinds: Vec<EntityType>,
    dates: StringTable,
    /// Node positions sorted by key, when the keys are not already in order: a
    /// binary-searchable index that costs 4 bytes a node instead of a second copy of
    /// every key in a hash map. `None`: the positions are the order.
    by_key: Option<Vec<u32>>,
    /// The edges at each node, in both directions.
    rows: Rows,
}

impl GraphView {
    /// Builds the view of a knowledge graph. Edges whose endpoints are not nodes are
    /// skipped (resolution never produces them).
    pub fn new(kg: &KnowledgeGraph) -> Self {
        let keys = kg.nodes.keys().map(String::as_str).collect();
        let kinds = kg.nodes.values().map(|node| node.kind).collect();
        let dates = kg
            .nodes
            .values()
            .map(|node| event_date(node.date.as_deref(), node.kind))
            .collect();
        // BTreeMap order: positions are already sorted by key.
        let position: HashMap<&str, u32> = kg
            .nodes
            .keys()
            .zip(0..)
            .map(|(key, i)| (key.as_str(), i))
            .collect();
        let edges: Vec<ViewEdge> = kg
            .edges
            .values()
            .filter_map(|edge| {
                Some(ViewEdge {
                    subject: *position.get(edge.subject.as_str())?,
                    object: *position.get(edge.object.as_str())?,
                    weight: EdgeWeight {
                        predicate: edge.predicate,
                        support: u32::try_from(edge.support()).unwrap_or(u32::MAX),
                        confidence: edge.confidence(),
                    },
                })
            })
            .collect();
        // Positions come from the node list itself: none is out of range.
        let edges = EdgeTable::from_edges(&edges);
        let rows = Rows::build(kg.nodes.len(), &edges);
        Self::assemble(keys, kinds, dates, edges, rows)
    }

    /// Builds a view from raw nodes and edges, for callers (generators, benchmarks,
    /// other stores) that have no [`KnowledgeGraph`] at hand.
    pub fn from_parts(nodes: Vec<ViewNode>, edges: Vec<ViewEdge>) -> Result<Self, ViewError> {
        let keys: StringTable = nodes.iter().map(|n| n.key.as_str()).collect();
        let kinds: Vec<EntityType> = nodes.iter().map(|n| n.kind).collect();
        let dates: StringTable = nodes
            .iter()
            .map(|n| event_date(n.date.as_deref(), n.kind))
            .collect();
        let count = nodes.len();
        if let Some((i, edge)) = edges
            .iter()
            .enumerate()
            .find(|(_, e)| e.subject as usize >= count || e.object as usize >= count)
        {
            return Err(ViewError::NodeOutOfRange {
                edge: i,
                node: edge.subject.max(edge.object) as usize,
                count,
            });
        }
        let edges = EdgeTable::from_edges(&edges);
        let rows = Rows::build(count, &edges);
        let view = Self::assemble(keys, kinds, dates, edges, rows);
        let order = |i: usize| view.by_key.as_ref().map_or(i as u32, |by_key| by_key[i]);
        if let Some(i) = (1..count)
            .find(|&i| view.keys.get(order(i - 1) as usize) == view.keys.get(order(i) as usize))
        {
            return Err(ViewError::DuplicateKey(
                view.keys.get(order(i) as usize).to_owned(),
            ));
        }
        Ok(view)
    }

    /// A view of columns a store wrote: node `i` has key `keys.get(i)`, type `kinds[i]`
    /// and date `dates.get(i)` ("" for none), and `rows` are the adjacency rows of
    /// `edges` ([`Rows::build`]). The store writes the keys sorted and distinct and the
    /// rows from the edges, so neither is checked again here: that would read every key
    /// and row of the file, which a query that touches a few nodes never needs. A key out
    /// of order makes lookups miss, and a bad row entry is skipped; neither panics.
    pub fn from_stored(
        keys: StringTable,
        kinds: Vec<EntityType>,
        dates: StringTable,
        edges: EdgeTable,
        rows: Rows,
    ) -> Result<Self, ViewError> {
        let count = keys.len();
        if kinds.len() != count || dates.len() != count {
            return Err(ViewError::ColumnLengths {
                keys: count,
                kinds: kinds.len(),
                dates: dates.len(),
            });
        }
        Ok(GraphView {
            edges,
            graph: OnceLock::new(),
            keys,
            kinds,
            dates,
            by_key: None,
            rows,
        })
    }

    /// Completes a view built in memory: the key index, sorted unless the keys already
    /// are (a knowledge graph's are: checked in one pass rather than sorted again).
    fn assemble(
        keys: StringTable,
        kinds: Vec<EntityType>,
        dates: StringTable,
        edges: EdgeTable,
        rows: Rows,
    ) -> Self {
        let sorted = (1..keys.len()).all(|i| keys.get(i - 1) <= keys.get(i));
        let by_key = (!sorted).then(|| {
            let mut by_key: Vec<u32> = (0..keys.len())
                .map(|i| u32::try_from(i).unwrap_or(u32::MAX))
                .collect();
            by_key.sort_unstable_by(|&a, &b| keys.get(a as usize).cmp(keys.get(b as usize)));
            by_key
        });
        GraphView {
            edges,
            graph: OnceLock::new(),
            keys,
            kinds,
            dates,
            by_key,
            rows,
        }
    }

    /// The view as a petgraph graph (edges in their stored direction, indices as in
    /// the view), built on the first call.
    pub fn graph(&self) -> &DiGraph<u32, EdgeWeight, u32> {
        self.graph.get_or_init(|| {
            let mut graph = DiGraph::with_capacity(self.node_count(), self.edges.len());
            for i in 0..self.node_count() {
                graph.add_node(u32::try_from(i).unwrap_or(u32::MAX));
            }
            for edge in self.edges.iter() {
                graph.add_edge(
                    NodeIndex::new(edge.subject as usize),
                    NodeIndex::new(edge.object as usize),
                    edge.weight,
                );
            }
            graph
        })
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.keys.len()
    }

    /// Number of edges.
    pub fn edge_count(&self) -> usize {
        self.edges.len()
    }

    /// The node with this key.
    pub fn index_of(&self, key: &str) -> Option<NodeIndex> {
        let position = match &self.by_key {
            Some(by_key) => by_key
                .binary_search_by(|&i| self.keys.get(i as usize).cmp(key))
                .ok()
                .map(|pos| by_key[pos] as usize),
            None => {
                let count = self.node_count();
                let i = partition_point(count, |i| self.keys.get(i) < key);
                (i < count && self.keys.get(i) == key).then_some(i)
            }
        };
        position.map(NodeIndex::new)
    }

    /// The key of a node.
    pub fn key(&self, node: NodeIndex) -> &str {
        self.keys.get(node.index())
    }

    /// The type of a node.
    pub fn kind(&self, node: NodeIndex) -> EntityType {
        self.kinds[node.index()]
    }

    /// The date of an event node.
    pub fn date(&self, node: NodeIndex) -> Option<&str> {
        Some(self.dates.get(node.index())).filter(|d| !d.is_empty())
    }

    /// The weight of an edge.
    pub fn weight(&self, edge: EdgeIndex) -> Option<EdgeWeight> {
        self.edges.get(edge.index()).map(|edge| edge.weight)
    }

    /// The stored endpoints (subject, object) of an edge.
    pub fn endpoints(&self, edge: EdgeIndex) -> Option<(NodeIndex, NodeIndex)> {
        let edge = self.edges.get(edge.index())?;
        Some((
            NodeIndex::new(edge.subject as usize),
            NodeIndex::new(edge.object as usize),
        ))
    }

    /// The key of an edge, as in [`KnowledgeGraph::edges`].
    pub fn edge_key(&self, edge: EdgeIndex) -> Option<EdgeKey> {
        let stored = self.edges.get(edge.index())?;
        Some((
            self.keys.get(stored.subject as usize).to_owned(),
            stored.weight.predicate,
            self.keys.get(stored.object as usize).to_owned(),
        ))
    }

    /// The largest edge cost in the view: turns a hop limit into a cost bound.
    pub fn max_edge_cost(&self) -> f64 {
        self.edges.max_cost()
    }

    /// Every edge at a node, in both directions.
    pub fn steps(&self, node: NodeIndex) -> impl Iterator<Item = Step> + '_ {
        let i = node.index();
        self.rows.row(i).filter_map(move |edge| {
            // The weight and the endpoints share one record: one fetch gives both.
            let stored = self.edges.get(edge as usize)?;
            let forward = stored.subject as usize == i;
            let other = match forward {
                true => stored.object,
                false if stored.object as usize == i => stored.subject,
                false => return None,
            };
            Some(Step {
                edge: EdgeIndex::new(edge as usize),
                other: NodeIndex::new(other as usize),
                forward,
                weight: stored.weight,
            })
        })
    }
}

/// The first position in `0..n` for which `before` is false, `before` being true then
/// false along the range (a binary search over positions rather than a slice).
pub fn partition_point(n: usize, before: impl Fn(usize) -> bool) -> usize {
    let (mut low, mut high) = (0, n);
    while low < high {
        let mid = low + (high - low) / 2;
        if before(mid) {
            low = mid + 1;
        } else {
            high = mid;
        }
    }
    low
}

/// Restrictions on what a search may pass through.
///
/// Node restrictions (types, date window) never apply to the endpoints a caller names:
/// asking for a path from a person through organizations only still starts at the person.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    predicates: Option<u16>,
    types: Option<u8>,
    since: Option<String>,
    until: Option<String>,
}

impl Filter {
    /// Only these predicates may be followed (`--via`).
    pub fn via(mut self, predicates: impl IntoIterator<Item = Predicate>) -> Self {
        self.predicates = Some(
            predicates
                .into_iter()
                .fold(0, |mask, p| mask | (1u16 << p as u16)),
        );
        self
    }

    /// Only nodes of these types may be passed through (`--types`).
    pub fn types(mut self, types: impl IntoIterator<Item = EntityType>) -> Self {
        self.types = Some(types.into_iter().fold(0, |mask, t| mask | (1u8 << t as u8)));
        self
    }

    /// Events dated before this ISO date prefix are excluded (`--since`).
    pub fn since(mut self, date: &str) -> Result<Self, ViewError> {
        self.since = Some(checked_date(date)?);
        Ok(self)
    }

    /// Events dated after this ISO date prefix are excluded (`--until`).
    pub fn until(mut self, date: &str) -> Result<Self, ViewError> {
        self.until = Some(checked_date(date)?);
        Ok(self)
    }

    /// True when edges with this predicate may be followed.
    pub fn allows_predicate(&self, predicate: Predicate) -> bool {
        self.predicates
            .is_none_or(|mask| mask & (1 << predicate as u16) != 0)
    }

    /// True when a search may pass through the node: its type is allowed and, for a
    /// dated event, its date overlaps the window. Undated events pass, since absence of
    /// a date is not evidence that the event falls outside the window.
    pub fn allows_node(&self, view: &GraphView, node: NodeIndex) -> bool {
        // Searches call this on every edge they look at: touch the per-node arrays only
        // for the restrictions actually set.
        if let Some(mask) = self.types
            && mask & (1 << view.kind(node) as u8) == 0
        {
            return false;
        }
        if self.since.is_none() && self.until.is_none() {
            return true;
        }
        let Some(date) = view.date(node) else {
            return true;
        };
        self.since
            .as_deref()
            .is_none_or(|since| compare_dates(date, since) != Ordering::Less)
            && self
                .until
                .as_deref()
                .is_none_or(|until| compare_dates(date, until) != Ordering::Greater)
    }
}

fn checked_date(date: &str) -> Result<String, ViewError> {
    DatePrecision::of_iso(date)
        .map(|_| date.to_owned())
        .ok_or_else(|| ViewError::InvalidDate(date.to_owned()))
}

/// Compares two ISO dates on their common precision: `2024` is neither before nor after
/// `2024-03-22`, because the coarser date may well be the same day.
pub fn compare_dates(a: &str, b: &str) -> Ordering {
    let common = a.len().min(b.len());
    a.as_bytes()[..common].cmp(&b.as_bytes()[..common])
}

/// A hasher for dense `u32` indices: searches hash millions of them, and SipHash's
/// protection against chosen keys buys nothing for indices we assign ourselves.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct IndexHasher(u64);

impl Hasher for IndexHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_u32(&mut self, n: u32) {
        // Multiply to spread the bits, then fold the high half down: hashbrown takes the
        // bucket from the low bits and the tag from the top ones.
        let h = (self.0 ^ u64::from(n)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = h ^ (h >> 32);
    }
}

/// A hash map keyed by dense indices.
pub(crate) type IndexMap<K, V> = HashMap<K, V, BuildHasherDefault<IndexHasher>>;
/// A hash set of dense indices.
pub(crate) type IndexSet<K> = HashSet<K, BuildHasherDefault<IndexHasher>>;

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::graph::{Edge, Node};
    use crate::model::{Evidence, Span};

    /// A node for hand-built test graphs.
    pub(crate) fn node(key: &str, kind: EntityType, name: &str, date: Option<&str>) -> Node {
        Node {
            key: key.to_owned(),
            kind,
            event_type: None,
            name: name.to_owned(),
            aliases: Default::default(),
            kb: None,
            wikidata: None,
            date: date.map(str::to_owned),
            killed: None,
            injured: None,
            mentions: Vec::new(),
            confidences: vec![1.0],
        }
    }

    /// An edge stated by `docs` documents at `confidence` each.
    pub(crate) fn edge(s: &str, p: Predicate, o: &str, docs: usize, confidence: f64) -> Edge {
        Edge {
            subject: s.to_owned(),
            predicate: p,
            object: o.to_owned(),
            evidence: (0..docs)
                .map(|i| Evidence {
                    doc: format!("doc{i}"),
                    span: Span::new(0, 1),
                    sentence: String::new(),
                    rule: "test".to_owned(),
                    confidence,
                })
                .collect(),
        }
    }

    /// A graph from nodes and edges.
    pub(crate) fn kg(nodes: Vec<Node>, edges: Vec<Edge>) -> KnowledgeGraph {
        let mut graph = KnowledgeGraph::default();
        for n in nodes {
            graph.nodes.insert(n.key.clone(), n);
        }
        for e in edges {
            graph
                .edges
                .insert((e.subject.clone(), e.predicate, e.object.clone()), e);
        }
        graph
    }

    #[test]
    fn view_indexes_keys_and_keeps_direction() {
        let g = kg(
            vec![
                node("p:a", EntityType::Person, "A", None),
                node("o:b", EntityType::Organization, "B", None),
            ],
            vec![edge("p:a", Predicate::MemberOf, "o:b", 2, 0.9)],
        );
        let view = GraphView::new(&g);
        let a = view.index_of("p:a").unwrap();
        let b = view.index_of("o:b").unwrap();
        assert_eq!(view.index_of("nope"), None);
        assert_eq!(view.key(a), "p:a");
        let from_b: Vec<Step> = view.steps(b).collect();
        assert_eq!(from_b.len(), 1);
        assert_eq!(from_b[0].other, a);
        assert!(!from_b[0].forward);
        assert_eq!(
            view.edge_key(from_b[0].edge),
            Some(("p:a".to_owned(), Predicate::MemberOf, "o:b".to_owned()))
        );
        assert_eq!(from_b[0].weight.support, 2);
    }

    #[test]
    fn from_parts_rejects_bad_input() {
        let n = |key: &str| ViewNode {
            key: key.to_owned(),
            kind: EntityType::Person,
            date: None,
        };
        let weight = EdgeWeight {
            predicate: Predicate::Opposes,
            support: 1,
            confidence: 1.0,
        };
        let bad_edge = ViewEdge {
            subject: 0,
            object: 5,
            weight,
        };
        assert!(matches!(
            GraphView::from_parts(vec![n("a"), n("b")], vec![bad_edge]),
            Err(ViewError::NodeOutOfRange { node: 5, .. })
        ));
        assert_eq!(
            GraphView::from_parts(vec![n("a"), n("a")], vec![]).err(),
            Some(ViewError::DuplicateKey("a".to_owned()))
        );
        let view = GraphView::from_parts(vec![n("b"), n("a")], vec![]).unwrap();
        assert_eq!(view.index_of("a"), Some(NodeIndex::new(1)));
    }

    #[test]
    fn filter_checks_types_predicates_and_date_window() {
        let g = kg(
            vec![
                node("e:1", EntityType::Event, "E1", Some("2024-03-22")),
                node("e:2", EntityType::Event, "E2", Some("2023")),
                node("e:3", EntityType::Event, "E3", None),
                node("p:a", EntityType::Person, "A", None),
            ],
            vec![],
        );
        let view = GraphView::new(&g);
        let at = |k: &str| view.index_of(k).unwrap();
        let window = Filter::default()
            .since("2024")
            .unwrap()
            .until("2024-03")
            .unwrap();
        assert!(window.allows_node(&view, at("e:1")));
        assert!(!window.allows_node(&view, at("e:2")));
        assert!(window.allows_node(&view, at("e:3")));
        assert!(window.allows_node(&view, at("p:a")));
        assert!(Filter::default().since("March").is_err());
        let people = Filter::default()
            .types([EntityType::Person])
            .via([Predicate::Agent]);
        assert!(!people.allows_node(&view, at("e:3")));
        assert!(people.allows_node(&view, at("p:a")));
        assert!(people.allows_predicate(Predicate::Agent));
        assert!(!people.allows_predicate(Predicate::Target));
        assert_eq!(compare_dates("2024", "2024-05-01"), Ordering::Equal);
        assert_eq!(compare_dates("2024-04", "2024-05-01"), Ordering::Less);
    }
}
