//! How two nodes are connected: the cheapest paths between them, each hop sourced.
//!
//! Edge cost is [`EdgeWeight::cost`](crate::view::EdgeWeight::cost), so well-supported,
//! confident edges are preferred over doubtful ones. The single-pair search is a
//! bidirectional Dijkstra: a plain Dijkstra settles most of a large graph before it
//! reaches a distant target, whereas two searches meeting in the middle settle two small
//! balls (see `NOTES.md`). The k best simple paths come from Yen's algorithm, which calls
//! that same search for each spur path.
//!
//! Hop limits and time order are constraints that Dijkstra's cost order cannot enforce
//! exactly, so they are applied to Yen's stream of simple paths, which comes out in
//! non-decreasing cost: paths that break them are not reported, but are still used to
//! generate further candidates. The stream is exact but bounded by
//! [`PathOptions::max_candidates`]; past it, fewer than `k` paths may be returned. This
//! was preferred over a label-setting search over (node, latest date) states because it
//! keeps a single search routine, and on news graphs few paths pass through more than a
//! couple of dated events. Two prunings keep the stream short: a hop limit becomes a cost
//! bound (`max_hops × the largest edge cost`) inside the search, and a spur is never
//! grown from a root that already breaks time order or the hop limit. Without
//! constraints, a spur search is also bounded by the cost of the last candidate still
//! needed, since nothing dearer can be reported.
//!
//! Each thread that searches keeps its per-node labels between searches (about 56 bytes
//! a node: 56 MB on a 1M-node view), so that a search costs what it explores rather than
//! what the graph holds.

use crate::model::Predicate;
use crate::view::{EdgeKey, Filter, GraphView, IndexSet, compare_dates};
use petgraph::graph::{EdgeIndex, NodeIndex};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashSet};

/// One hop of a path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PathHop {
    /// The node the hop leaves.
    pub from: String,
    /// The node the hop reaches.
    pub to: String,
    /// The relation followed.
    pub predicate: Predicate,
    /// True when the stored edge is `from → to`; false when the hop goes against it.
    pub forward: bool,
    /// The stored edge's key, as in [`KnowledgeGraph::edges`](crate::KnowledgeGraph::edges).
    pub edge: EdgeKey,
}

/// A path between two nodes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GraphPath {
    /// Node keys from start to end.
    pub nodes: Vec<String>,
    /// The hops, one fewer than the nodes.
    pub hops: Vec<PathHop>,
    /// Sum of the hops' edge costs.
    pub cost: f64,
}

/// What paths to look for.
#[derive(Debug, Clone, PartialEq)]
pub struct PathOptions {
    /// How many paths to return (`k` for Yen's algorithm).
    pub k: usize,
    /// Longest path, in hops.
    pub max_hops: Option<usize>,
    /// Require the dates of the events a path passes through to be non-decreasing along
    /// it (undated events and dates that agree on their common precision pass).
    pub time_ordered: bool,
    /// Predicates, node types and date window the paths may use.
    pub filter: Filter,
    /// How many paths Yen's algorithm may take from its stream (reported or not) before
    /// giving up: bounds the work when constraints reject most paths.
    pub max_candidates: usize,
}

impl Default for PathOptions {
    fn default() -> Self {
        PathOptions {
            k: 1,
            max_hops: None,
            time_ordered: false,
            filter: Filter::default(),
            max_candidates: 100,
        }
    }
}

/// The cheapest path from `from` to `to` that satisfies the options (`k` is ignored).
/// Without a hop limit or time order this is one bidirectional search; with them, the
/// first path of Yen's stream that satisfies them.
pub fn shortest_path(
    view: &GraphView,
    from: NodeIndex,
    to: NodeIndex,
    options: &PathOptions,
) -> Option<GraphPath> {
    let options = PathOptions {
        k: 1,
        ..options.clone()
    };
    k_shortest_paths(view, from, to, &options)
        .into_iter()
        .next()
}

/// Up to `options.k` distinct simple paths from `from` to `to`, cheapest first (Yen's
/// algorithm). Paths are distinct as edge sequences: two relations between the same
/// pair of nodes make two paths.
pub fn k_shortest_paths(
    view: &GraphView,
    from: NodeIndex,
    to: NodeIndex,
    options: &PathOptions,
) -> Vec<GraphPath> {
    let mut found = Vec::new();
    if options.k == 0 || from.index() >= view.node_count() || to.index() >= view.node_count() {
        return found;
    }
    let max_cost = options.max_hops.map_or(f64::INFINITY, |hops| {
        hops as f64 * view.max_edge_cost() + 1e-9
    });
    let unconstrained = options.max_hops.is_none() && !options.time_ordered;
    let within_hops = |hops: usize| options.max_hops.is_none_or(|max| hops <= max);
    let in_order = |nodes: &[NodeIndex]| !options.time_ordered || time_ordered(view, nodes);
    let no_nodes = IndexSet::default();
    let no_edges = IndexSet::default();
    let search = Search {
        view,
        filter: &options.filter,
        source: from,
        target: to,
        blocked_nodes: &no_nodes,
        blocked_edges: &no_edges,
        max_cost,
    };
    let Some(first) = search.run() else {
        return found;
    };
    let mut seen: HashSet<Vec<EdgeIndex>> = HashSet::new();
    seen.insert(first.edges.clone());
    let mut candidates = BinaryHeap::from([first]);
    let mut accepted: Vec<RawPath> = Vec::new();
    while found.len() < options.k && accepted.len() < options.max_candidates {
        let Some(path) = candidates.pop() else {
            break;
        };
        if within_hops(path.edges.len()) && in_order(&path.nodes) {
            found.push(path.to_graph_path(view));
            if found.len() == options.k {
                break;
            }
        }
        for spur_at in 0..path.edges.len() {
            let root_nodes = &path.nodes[..=spur_at];
            if !within_hops(spur_at + 1) || !in_order(root_nodes) {
                break;
            }
            let root_edges = &path.edges[..spur_at];
            let blocked_edges: IndexSet<EdgeIndex> = accepted
                .iter()
                .chain(std::iter::once(&path))
                .filter(|p| {
                    p.edges.len() > spur_at
                        && p.nodes[..=spur_at] == *root_nodes
                        && p.edges[..spur_at] == *root_edges
                })
                .map(|p| p.edges[spur_at])
                .collect();
            let blocked_nodes: IndexSet<NodeIndex> =
                path.nodes[..spur_at].iter().copied().collect();
            let root_cost: f64 = root_edges.iter().map(|&e| edge_cost(view, e)).sum();
            // Without constraints every candidate will be reported, so once the queue
            // holds enough candidates, a spur path dearer than the last one needed can
            // never be reported: bounding the search by it saves most of its work.
            let enough = if unconstrained {
                nth_cost(&candidates, options.k - found.len())
            } else {
                f64::INFINITY
            };
            let spur = Search {
                source: path.nodes[spur_at],
                blocked_nodes: &blocked_nodes,
                blocked_edges: &blocked_edges,
                max_cost: max_cost.min(enough) - root_cost,
                ..search
            };
            let Some(tail) = spur.run() else {
                continue;
            };
            let mut edges = root_edges.to_vec();
            edges.extend_from_slice(&tail.edges);
            if seen.insert(edges.clone()) {
                let mut nodes = path.nodes[..spur_at].to_vec();
                nodes.extend_from_slice(&tail.nodes);
                candidates.push(RawPath {
                    cost: root_cost + tail.cost,
                    nodes,
                    edges,
                });
            }
        }
        accepted.push(path);
    }
    found
}

/// The cost of the `n`-th cheapest candidate (plus a rounding margin, so that ties
/// survive), or infinity when there are fewer than `n`.
/// The cost of an edge of a path (found by walking the view, so it exists).
fn edge_cost(view: &GraphView, edge: EdgeIndex) -> f64 {
    view.weight(edge)
        .map_or(f64::INFINITY, |weight| weight.cost())
}

fn nth_cost(candidates: &BinaryHeap<RawPath>, n: usize) -> f64 {
    if n == 0 || candidates.len() < n {
        return f64::INFINITY;
    }
    let mut costs: Vec<f64> = candidates.iter().map(|p| p.cost).collect();
    let (_, nth, _) = costs.select_nth_unstable_by(n - 1, f64::total_cmp);
    *nth + 1e-9
}

/// True when the dated events among `nodes` never go back in time. Every pair is
/// compared, not just neighbours: with mixed precisions "2024-05, 2024, 2024-03" passes
/// each neighbouring comparison yet goes back from May to March.
fn time_ordered(view: &GraphView, nodes: &[NodeIndex]) -> bool {
    let dates: Vec<&str> = nodes.iter().filter_map(|&n| view.date(n)).collect();
    dates.iter().enumerate().all(|(i, later)| {
        dates[..i]
            .iter()
            .all(|earlier| compare_dates(later, earlier) != Ordering::Less)
    })
}

/// A path as indices: nodes from start to end and the edges between them.
#[derive(Debug, Clone, PartialEq)]
struct RawPath {
    nodes: Vec<NodeIndex>,
    edges: Vec<EdgeIndex>,
    cost: f64,
}

impl RawPath {
    fn to_graph_path(&self, view: &GraphView) -> GraphPath {
        let hops = self
            .edges
            .iter()
            .zip(self.nodes.windows(2))
            .filter_map(|(&edge, pair)| {
                let (subject, object) = view.endpoints(edge)?;
                let predicate = view.weight(edge)?.predicate;
                Some(PathHop {
                    from: view.key(pair[0]).to_owned(),
                    to: view.key(pair[1]).to_owned(),
                    predicate,
                    forward: subject == pair[0],
                    edge: (
                        view.key(subject).to_owned(),
                        predicate,
                        view.key(object).to_owned(),
                    ),
                })
            })
            .collect();
        GraphPath {
            nodes: self.nodes.iter().map(|&n| view.key(n).to_owned()).collect(),
            hops,
            cost: self.cost,
        }
    }
}

impl Eq for RawPath {}

impl Ord for RawPath {
    /// Reversed, so that the max-heap of candidates pops the cheapest path first; ties
    /// go to fewer hops, then to the edge sequence, so results do not depend on timing.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .cost
            .total_cmp(&self.cost)
            .then_with(|| other.edges.len().cmp(&self.edges.len()))
            .then_with(|| other.edges.cmp(&self.edges))
    }
}

impl PartialOrd for RawPath {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// One single-pair search: the endpoints, and what it must avoid.
#[derive(Clone, Copy)]
struct Search<'a> {
    view: &'a GraphView,
    filter: &'a Filter,
    source: NodeIndex,
    target: NodeIndex,
    blocked_nodes: &'a IndexSet<NodeIndex>,
    blocked_edges: &'a IndexSet<EdgeIndex>,
    max_cost: f64,
}

/// A node's tentative distance from one side's endpoint and how it was reached.
#[derive(Debug, Clone, Copy)]
struct Label {
    dist: f64,
    parent: Option<(NodeIndex, EdgeIndex)>,
    settled: bool,
}

thread_local! {
    /// Each thread's search labels, kept between searches: allocating and touching
    /// fresh per-node arrays would cost more than a search on a large graph.
    static WORKSPACE: RefCell<Workspace> = RefCell::default();
}

/// Dense per-node labels for both sides of a search. A label counts only when its stamp
/// equals the current generation, so starting a search clears nothing and a search
/// costs what it explores, without hashing node indices on every relaxation.
///
/// Labels are kept as tuples of plain numbers: `vec![ZERO; n]` of such a type asks the
/// allocator for zeroed memory, which the kernel maps on first touch, so the first
/// search of a process pays for the pages of the nodes it labels, not for every node
/// (on a 155k-node graph, filling two arrays of labels cost more than the search).
#[derive(Debug, Default)]
struct Workspace {
    generation: u32,
    stamps: [Vec<u32>; 2],
    labels: [Vec<StoredLabel>; 2],
}

/// A [`Label`] as stored: distance, parent node + 1 (0 for none), parent edge, settled.
type StoredLabel = (f64, u32, u32, bool);

impl Workspace {
    fn start(&mut self, nodes: usize) {
        for side in 0..2 {
            if self.stamps[side].len() < nodes {
                self.stamps[side] = vec![0; nodes];
                self.labels[side] = vec![(0.0, 0, 0, false); nodes];
                self.generation = 0;
            }
        }
        if self.generation == u32::MAX {
            self.stamps.iter_mut().for_each(|s| s.fill(0));
            self.generation = 0;
        }
        self.generation += 1;
    }

    fn get(&self, side: usize, node: NodeIndex) -> Option<Label> {
        let i = node.index();
        if self.stamps[side][i] != self.generation {
            return None;
        }
        let (dist, parent, edge, settled) = self.labels[side][i];
        Some(Label {
            dist,
            parent: parent
                .checked_sub(1)
                .map(|p| (NodeIndex::new(p as usize), EdgeIndex::new(edge as usize))),
            settled,
        })
    }

    /// Settles a node reached at `dist`: false when it is unlabelled, already settled,
    /// or labelled with a shorter distance (a stale queue entry).
    fn settle(&mut self, side: usize, node: NodeIndex, dist: f64) -> bool {
        let i = node.index();
        let label = &mut self.labels[side][i];
        let fresh = self.stamps[side][i] == self.generation && !label.3 && dist <= label.0;
        if fresh {
            label.3 = true;
        }
        fresh
    }

    fn insert(&mut self, side: usize, node: NodeIndex, label: Label) {
        let i = node.index();
        self.stamps[side][i] = self.generation;
        let (parent, edge) = label.parent.map_or((0, 0), |(p, e)| {
            (
                u32::try_from(p.index() + 1).unwrap_or(u32::MAX),
                u32::try_from(e.index()).unwrap_or(u32::MAX),
            )
        });
        self.labels[side][i] = (label.dist, parent, edge, label.settled);
    }
}

/// A heap entry; reversed order turns the max-heap into a min-heap.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Queued {
    dist: f64,
    node: NodeIndex,
}

impl Eq for Queued {}

impl Ord for Queued {
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .dist
            .total_cmp(&self.dist)
            .then_with(|| other.node.cmp(&self.node))
    }
}

impl PartialOrd for Queued {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Search<'_> {
    fn may_enter(&self, node: NodeIndex) -> bool {
        !self.blocked_nodes.contains(&node)
            && (node == self.source
                || node == self.target
                || self.filter.allows_node(self.view, node))
    }

    /// Bidirectional Dijkstra: a forward search from the source and a backward one from
    /// the target (the same search, as traversal is undirected), each step advancing the
    /// side with the smaller queue. Whenever an edge reaches a node the other side has
    /// labelled, the joined path's cost is a candidate; the search stops once the two
    /// queue tops together cost at least the best candidate, as no path through an
    /// unsettled node can then be cheaper.
    fn run(&self) -> Option<RawPath> {
        if self.source == self.target {
            return Some(RawPath {
                nodes: vec![self.source],
                edges: Vec::new(),
                cost: 0.0,
            });
        }
        WORKSPACE.with_borrow_mut(|labels| {
            labels.start(self.view.node_count());
            self.search(labels)
        })
    }

    fn search(&self, labels: &mut Workspace) -> Option<RawPath> {
        let mut queues: [BinaryHeap<Queued>; 2] = Default::default();
        for (side, start) in [self.source, self.target].into_iter().enumerate() {
            labels.insert(
                side,
                start,
                Label {
                    dist: 0.0,
                    parent: None,
                    settled: false,
                },
            );
            queues[side].push(Queued {
                dist: 0.0,
                node: start,
            });
        }
        let mut best = f64::INFINITY;
        // (last node of the forward half, edge joining the halves, first node of the backward half)
        let mut meeting: Option<(NodeIndex, EdgeIndex, NodeIndex)> = None;
        loop {
            let top = |side: usize| queues[side].peek().map_or(f64::INFINITY, |q| q.dist);
            let bound = top(0) + top(1);
            if bound >= best || bound > self.max_cost {
                break;
            }
            let side = usize::from(queues[0].len() > queues[1].len());
            let other_top = top(1 - side);
            let Some(Queued { dist, node }) = queues[side].pop() else {
                break;
            };
            if !labels.settle(side, node, dist) {
                continue;
            }
            for step in self.view.steps(node) {
                if !self.filter.allows_predicate(step.weight.predicate)
                    || self.blocked_edges.contains(&step.edge)
                    || !self.may_enter(step.other)
                {
                    continue;
                }
                let next = dist + step.weight.cost();
                if next > self.max_cost {
                    continue;
                }
                // A label that cannot beat the best meeting even if the other side
                // reached the node at its current frontier is not worth queueing.
                let improves = next + other_top < best
                    && labels
                        .get(side, step.other)
                        .is_none_or(|l| !l.settled && next < l.dist);
                if improves {
                    labels.insert(
                        side,
                        step.other,
                        Label {
                            dist: next,
                            parent: Some((node, step.edge)),
                            settled: false,
                        },
                    );
                    queues[side].push(Queued {
                        dist: next,
                        node: step.other,
                    });
                }
                if let Some(other) = labels.get(1 - side, step.other) {
                    let total = next + other.dist;
                    if total < best {
                        best = total;
                        meeting = Some(if side == 0 {
                            (node, step.edge, step.other)
                        } else {
                            (step.other, step.edge, node)
                        });
                    }
                }
            }
        }
        let (forward_end, joining_edge, backward_start) = meeting?;
        let mut nodes = vec![forward_end];
        let mut edges = Vec::new();
        let mut at = forward_end;
        while let Some((parent, edge)) = labels.get(0, at).and_then(|l| l.parent) {
            nodes.push(parent);
            edges.push(edge);
            at = parent;
        }
        nodes.reverse();
        edges.reverse();
        edges.push(joining_edge);
        nodes.push(backward_start);
        at = backward_start;
        while let Some((parent, edge)) = labels.get(1, at).and_then(|l| l.parent) {
            nodes.push(parent);
            edges.push(edge);
            at = parent;
        }
        let cost = edges.iter().map(|&e| edge_cost(self.view, e)).sum();
        Some(RawPath { nodes, edges, cost })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EntityType;
    use crate::view::tests::{edge, kg, node};

    fn people_chain() -> GraphView {
        // a -memberOf-> org <-memberOf- b : the b side is walked against its edge.
        // a -citizenOf-> country <-citizenOf- b : a weaker, single-source alternative.
        GraphView::new(&kg(
            vec![
                node("p:a", EntityType::Person, "A", None),
                node("p:b", EntityType::Person, "B", None),
                node("o:x", EntityType::Organization, "X", None),
                node("c:y", EntityType::Country, "Y", None),
            ],
            vec![
                edge("p:a", Predicate::MemberOf, "o:x", 3, 0.9),
                edge("p:b", Predicate::MemberOf, "o:x", 3, 0.9),
                edge("p:a", Predicate::CitizenOf, "c:y", 1, 0.5),
                edge("p:b", Predicate::CitizenOf, "c:y", 1, 0.5),
            ],
        ))
    }

    fn at(view: &GraphView, key: &str) -> NodeIndex {
        view.index_of(key).unwrap()
    }

    #[test]
    fn shortest_path_reports_hop_direction_and_prefers_support() {
        let view = people_chain();
        let path = shortest_path(
            &view,
            at(&view, "p:a"),
            at(&view, "p:b"),
            &PathOptions::default(),
        )
        .unwrap();
        assert_eq!(path.nodes, ["p:a", "o:x", "p:b"]);
        assert!(path.hops[0].forward);
        assert!(!path.hops[1].forward);
        assert_eq!(path.hops[1].from, "o:x");
        assert_eq!(
            path.hops[1].edge,
            ("p:b".to_owned(), Predicate::MemberOf, "o:x".to_owned())
        );
        // Three documents at 0.9 each: noisy-or confidence 0.999.
        let expected = 2.0 * (1.0 + 0.001 + 1.0 / 3.0);
        assert!((path.cost - expected).abs() < 1e-9);
        let json = serde_json::to_string(&path).unwrap();
        assert!(json.contains("\"predicate\":\"memberOf\""));
    }

    #[test]
    fn via_and_type_filters_reroute_or_cut() {
        let view = people_chain();
        let (a, b) = (at(&view, "p:a"), at(&view, "p:b"));
        let via = PathOptions {
            filter: Filter::default().via([Predicate::CitizenOf]),
            ..PathOptions::default()
        };
        let path = shortest_path(&view, a, b, &via).unwrap();
        assert_eq!(path.nodes, ["p:a", "c:y", "p:b"]);
        let no_countries = PathOptions {
            filter: Filter::default().types([EntityType::Person, EntityType::Country]),
            ..PathOptions::default()
        };
        assert_eq!(
            shortest_path(&view, a, b, &no_countries).unwrap().nodes,
            ["p:a", "c:y", "p:b"]
        );
        let people_only = PathOptions {
            filter: Filter::default().types([EntityType::Person]),
            ..PathOptions::default()
        };
        assert_eq!(shortest_path(&view, a, b, &people_only), None);
    }

    #[test]
    fn k_paths_are_distinct_sorted_and_hop_limited() {
        let view = people_chain();
        let (a, b) = (at(&view, "p:a"), at(&view, "p:b"));
        let options = PathOptions {
            k: 5,
            ..PathOptions::default()
        };
        let paths = k_shortest_paths(&view, a, b, &options);
        assert_eq!(paths.len(), 2, "only two simple paths exist");
        assert_ne!(paths[0].hops, paths[1].hops);
        assert!(paths.windows(2).all(|w| w[0].cost <= w[1].cost));
        let one_hop = PathOptions {
            max_hops: Some(1),
            ..options
        };
        assert!(k_shortest_paths(&view, a, b, &one_hop).is_empty());
    }

    #[test]
    fn k_paths_on_a_grid_match_brute_force_order() {
        // A 3×3 grid: many simple paths between opposite corners.
        let key = |r: usize, c: usize| format!("l:{r}{c}");
        let nodes = (0..3)
            .flat_map(|r| (0..3).map(move |c| (r, c)))
            .map(|(r, c)| node(&key(r, c), EntityType::Location, "L", None))
            .collect();
        let mut edges = Vec::new();
        for r in 0..3 {
            for c in 0..3 {
                let docs = 1 + (r + 2 * c) % 3;
                if c < 2 {
                    edges.push(edge(
                        &key(r, c),
                        Predicate::LocatedIn,
                        &key(r, c + 1),
                        docs,
                        0.8,
                    ));
                }
                if r < 2 {
                    edges.push(edge(
                        &key(r + 1, c),
                        Predicate::LocatedIn,
                        &key(r, c),
                        docs,
                        0.7,
                    ));
                }
            }
        }
        let view = GraphView::new(&kg(nodes, edges));
        let (from, to) = (at(&view, "l:00"), at(&view, "l:22"));
        let options = PathOptions {
            k: 8,
            ..PathOptions::default()
        };
        let paths = k_shortest_paths(&view, from, to, &options);
        assert_eq!(paths.len(), 8);
        let distinct: HashSet<Vec<String>> = paths.iter().map(|p| p.nodes.clone()).collect();
        assert_eq!(distinct.len(), 8);
        assert!(paths.windows(2).all(|w| w[0].cost <= w[1].cost + 1e-12));
        for p in &paths {
            let unique: HashSet<&String> = p.nodes.iter().collect();
            assert_eq!(unique.len(), p.nodes.len(), "simple path");
        }
        // Brute force: every simple path's cost, sorted; Yen's must be the 8 cheapest.
        let mut all = Vec::new();
        let mut stack = vec![(vec![from], 0.0)];
        while let Some((path, cost)) = stack.pop() {
            let last = path[path.len() - 1];
            if last == to {
                all.push(cost);
                continue;
            }
            for step in view.steps(last) {
                if !path.contains(&step.other) {
                    let mut next = path.clone();
                    next.push(step.other);
                    stack.push((next, cost + step.weight.cost()));
                }
            }
        }
        all.sort_by(f64::total_cmp);
        for (p, expected) in paths.iter().zip(&all) {
            assert!((p.cost - expected).abs() < 1e-9, "{} vs {expected}", p.cost);
        }
    }

    #[test]
    fn time_order_skips_paths_that_go_back_in_time() {
        // a → e1 (2024-05) → x → e2 (2024-03) → b is cheap but goes back in time;
        // a → e3 (2024-02) → y → e4 (2024) → b is dearer but in order.
        let g = kg(
            vec![
                node("p:a", EntityType::Person, "A", None),
                node("p:b", EntityType::Person, "B", None),
                node("o:x", EntityType::Organization, "X", None),
                node("o:y", EntityType::Organization, "Y", None),
                node("e:1", EntityType::Event, "E1", Some("2024-05")),
                node("e:2", EntityType::Event, "E2", Some("2024-03")),
                node("e:3", EntityType::Event, "E3", Some("2024-02")),
                node("e:4", EntityType::Event, "E4", Some("2024")),
            ],
            vec![
                edge("e:1", Predicate::Agent, "p:a", 3, 1.0),
                edge("e:1", Predicate::Target, "o:x", 3, 1.0),
                edge("e:2", Predicate::Agent, "o:x", 3, 1.0),
                edge("e:2", Predicate::Target, "p:b", 3, 1.0),
                edge("e:3", Predicate::Agent, "p:a", 1, 0.5),
                edge("e:3", Predicate::Target, "o:y", 1, 0.5),
                edge("e:4", Predicate::Agent, "o:y", 1, 0.5),
                edge("e:4", Predicate::Target, "p:b", 1, 0.5),
            ],
        );
        let view = GraphView::new(&g);
        let (a, b) = (at(&view, "p:a"), at(&view, "p:b"));
        let plain = shortest_path(&view, a, b, &PathOptions::default()).unwrap();
        assert_eq!(plain.nodes[1], "e:1");
        let ordered = PathOptions {
            time_ordered: true,
            k: 3,
            ..PathOptions::default()
        };
        let paths = k_shortest_paths(&view, a, b, &ordered);
        assert_eq!(paths.len(), 1);
        assert_eq!(paths[0].nodes, ["p:a", "e:3", "o:y", "e:4", "p:b"]);
        assert!(!paths[0].hops[0].forward);
        // The date window removes the in-order route's first event.
        let windowed = PathOptions {
            filter: Filter::default().since("2024-03").unwrap(),
            ..ordered
        };
        assert!(k_shortest_paths(&view, a, b, &windowed).is_empty());
    }

    #[test]
    fn costs_match_plain_dijkstra_on_random_graphs() {
        use crate::view::{EdgeWeight, ViewEdge, ViewNode};
        let mut state = 17u64;
        let mut next = move |n: usize| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 33) as usize) % n
        };
        let n = 150;
        let nodes = (0..n)
            .map(|i| ViewNode {
                key: format!("n{i:03}"),
                kind: EntityType::Person,
                date: None,
            })
            .collect();
        let edges: Vec<ViewEdge> = (0..300)
            .map(|_| ViewEdge {
                subject: next(n) as u32,
                object: next(n) as u32,
                weight: EdgeWeight {
                    predicate: Predicate::CooperatesWith,
                    support: 1 + next(4) as u32,
                    confidence: next(100) as f64 / 100.0,
                },
            })
            .filter(|e| e.subject != e.object)
            .collect();
        let mut undirected = petgraph::graph::UnGraph::<(), f64>::new_undirected();
        (0..n).for_each(|_| {
            undirected.add_node(());
        });
        for e in &edges {
            undirected.add_edge(
                NodeIndex::new(e.subject as usize),
                NodeIndex::new(e.object as usize),
                e.weight.cost(),
            );
        }
        let view = GraphView::from_parts(nodes, edges).unwrap();
        for _ in 0..60 {
            let (a, b) = (NodeIndex::new(next(n)), NodeIndex::new(next(n)));
            let expected = petgraph::algo::dijkstra(&undirected, a, Some(b), |e| *e.weight());
            let found = shortest_path(&view, a, b, &PathOptions::default());
            match (expected.get(&b), found) {
                (Some(cost), Some(path)) => {
                    assert!((cost - path.cost).abs() < 1e-9, "{cost} vs {}", path.cost);
                    assert_eq!(path.hops.len() + 1, path.nodes.len());
                }
                (None, None) => {}
                (e, f) => panic!("{a:?}->{b:?}: dijkstra {e:?}, bidirectional {f:?}"),
            }
        }
    }

    #[test]
    fn unreachable_and_trivial_pairs() {
        let view = GraphView::new(&kg(
            vec![
                node("p:a", EntityType::Person, "A", None),
                node("p:b", EntityType::Person, "B", None),
            ],
            vec![],
        ));
        let (a, b) = (at(&view, "p:a"), at(&view, "p:b"));
        assert_eq!(shortest_path(&view, a, b, &PathOptions::default()), None);
        let same = shortest_path(&view, a, a, &PathOptions::default()).unwrap();
        assert_eq!((same.nodes.len(), same.hops.len(), same.cost), (1, 0, 0.0));
    }
}
