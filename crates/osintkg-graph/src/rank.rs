//! Which nodes matter: degree, PageRank and betweenness centrality.
//!
//! petgraph's `page_rank` is O(V²) per iteration and it has no betweenness at all
//! (`NOTES.md`), so both are written here: PageRank as an O(E) power iteration over
//! incoming adjacency, betweenness with Brandes' algorithm. Every measure returns one
//! score per node, indexed by [`NodeIndex::index`](petgraph::graph::NodeIndex::index);
//! [`top`] turns scores into a ranking restricted to node types.

use crate::model::EntityType;
use crate::view::{GraphView, IndexSet};
use petgraph::graph::NodeIndex;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// A node and its score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Score {
    /// The node key.
    pub key: String,
    /// The score.
    pub score: f64,
}

/// Number of relations each node takes part in, in either direction.
pub fn degree(view: &GraphView) -> Vec<f64> {
    (0..view.node_count())
        .map(|i| view.graph().neighbors_undirected(NodeIndex::new(i)).count() as f64)
        .collect()
}

/// Settings of the PageRank power iteration.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageRankOptions {
    /// Probability of following an edge rather than jumping anywhere.
    pub damping: f64,
    /// Stop when the scores change by less than this in total (L1 norm).
    pub tolerance: f64,
    /// Stop after this many iterations in any case.
    pub max_iterations: usize,
}

impl Default for PageRankOptions {
    fn default() -> Self {
        PageRankOptions {
            damping: 0.85,
            tolerance: 1e-6,
            max_iterations: 100,
        }
    }
}

/// PageRank scores and how the iteration ended.
#[derive(Debug, Clone, PartialEq)]
pub struct PageRank {
    /// One score per node; they sum to 1.
    pub scores: Vec<f64>,
    /// Iterations run.
    pub iterations: usize,
    /// True when the tolerance was reached before the iteration limit.
    pub converged: bool,
}

/// PageRank on the stored edge directions, symmetric predicates counting both ways.
///
/// Rank flows from subject to object, so it pools where relations point: the
/// organizations people belong to, the places events happen in, the actors events
/// involve. The mass of nodes without outgoing edges is spread over all nodes, so the
/// scores always sum to 1. Each iteration costs O(V + E) and runs in parallel over nodes
/// (each node pulls from its incoming edges, so no two threads write the same score).
pub fn pagerank(view: &GraphView, options: &PageRankOptions) -> PageRank {
    let n = view.node_count();
    if n == 0 {
        return PageRank {
            scores: Vec::new(),
            iterations: 0,
            converged: true,
        };
    }
    let incoming = Csr::incoming(view);
    let mut out_degree = vec![0u32; n];
    for &source in &incoming.targets {
        out_degree[source as usize] += 1;
    }
    let d = options.damping;
    let uniform = 1.0 / n as f64;
    let mut scores = vec![uniform; n];
    let mut next = vec![0.0; n];
    let mut share = vec![0.0; n];
    let mut iterations = 0;
    let mut converged = false;
    while iterations < options.max_iterations {
        iterations += 1;
        let dangling: f64 = share
            .par_iter_mut()
            .zip(&scores)
            .zip(&out_degree)
            .map(|((share, &score), &out)| {
                if out == 0 {
                    *share = 0.0;
                    score
                } else {
                    *share = score / f64::from(out);
                    0.0
                }
            })
            .sum();
        let base = (1.0 - d) * uniform + d * dangling * uniform;
        let change: f64 = next
            .par_iter_mut()
            .enumerate()
            .map(|(v, slot)| {
                let pulled: f64 = incoming.of(v).iter().map(|&u| share[u as usize]).sum();
                *slot = base + d * pulled;
                (*slot - scores[v]).abs()
            })
            .sum();
        std::mem::swap(&mut scores, &mut next);
        if change < options.tolerance {
            converged = true;
            break;
        }
    }
    // Rounding drifts the sum by a few ulps per iteration; renormalise so it is 1.
    let total: f64 = scores.iter().sum();
    if total > 0.0 {
        scores.iter_mut().for_each(|s| *s /= total);
    }
    PageRank {
        scores,
        iterations,
        converged,
    }
}

/// Settings of betweenness centrality.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BetweennessOptions {
    /// Graphs with at most this many nodes get the exact score (every node a source).
    pub exact_limit: usize,
    /// Sources sampled on larger graphs.
    pub samples: usize,
    /// Seed of the source sample, so that a ranking can be reproduced.
    pub seed: u64,
}

impl Default for BetweennessOptions {
    fn default() -> Self {
        BetweennessOptions {
            exact_limit: 5_000,
            samples: 256,
            seed: 0x05_1E_7C_06,
        }
    }
}

/// Betweenness scores and how they were obtained.
#[derive(Debug, Clone, PartialEq)]
pub struct Betweenness {
    /// One score per node: the number of shortest paths between other pairs of nodes
    /// that pass through it (each unordered pair counted once, split among the pair's
    /// equally short paths).
    pub scores: Vec<f64>,
    /// Sources the shortest paths were counted from.
    pub sources: usize,
    /// False when sources were sampled and the scores are estimates.
    pub exact: bool,
}

/// Betweenness centrality by Brandes' algorithm on the undirected, unweighted view
/// (parallel relations between two nodes count as one link).
///
/// Exact on graphs up to `exact_limit` nodes. Larger graphs get an estimate from
/// `samples` sources drawn with a fixed seed, scaled by `nodes / samples`: good at
/// telling the few brokers from the many leaves, not at ordering close scores. Sources
/// run in parallel, each thread accumulating into its own score vector.
pub fn betweenness(view: &GraphView, options: &BetweennessOptions) -> Betweenness {
    let n = view.node_count();
    let adjacency = Csr::undirected_simple(view);
    let (sources, exact): (Vec<u32>, bool) = if n <= options.exact_limit {
        ((0..n).filter_map(|i| u32::try_from(i).ok()).collect(), true)
    } else {
        (sample(n, options.samples, options.seed), false)
    };
    let mut scores = sources
        .par_iter()
        .fold(
            || Brandes::new(n),
            |mut state, &source| {
                state.accumulate(&adjacency, source);
                state
            },
        )
        .map(|state| state.scores)
        .reduce(
            || vec![0.0; n],
            |mut a, b| {
                a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
                a
            },
        );
    // Each unordered pair was counted from both of its ends; sampling saw a fraction.
    let scale = if sources.is_empty() {
        0.0
    } else {
        0.5 * n as f64 / sources.len() as f64
    };
    scores.iter_mut().for_each(|s| *s *= scale);
    Betweenness {
        scores,
        sources: sources.len(),
        exact,
    }
}

/// The `limit` highest scores among nodes of the given types (all types when `types`
/// is empty), best first, ties broken by key.
pub fn top(
    view: &GraphView,
    scores: &[f64],
    types: &[EntityType],
    limit: Option<usize>,
) -> Vec<Score> {
    let mut ranked: Vec<(f64, NodeIndex)> = scores
        .iter()
        .enumerate()
        .map(|(i, &score)| (score, NodeIndex::new(i)))
        .filter(|&(_, node)| {
            node.index() < view.node_count()
                && (types.is_empty() || types.contains(&view.kind(node)))
        })
        .collect();
    let by_rank = |a: &(f64, NodeIndex), b: &(f64, NodeIndex)| {
        b.0.total_cmp(&a.0)
            .then_with(|| view.key(a.1).cmp(view.key(b.1)))
    };
    if let Some(limit) = limit.filter(|&l| l < ranked.len()) {
        // Partition first: sorting a million scores to print ten is wasted work.
        if limit > 0 {
            ranked.select_nth_unstable_by(limit - 1, by_rank);
        }
        ranked.truncate(limit);
    }
    ranked.sort_by(by_rank);
    ranked
        .into_iter()
        .map(|(score, node)| Score {
            key: view.key(node).to_owned(),
            score,
        })
        .collect()
}

/// Compressed adjacency lists: `targets[offsets[v]..offsets[v + 1]]` are v's neighbours.
struct Csr {
    offsets: Vec<usize>,
    targets: Vec<u32>,
}

impl Csr {
    fn from_pairs(n: usize, pairs: &[(u32, u32)]) -> Csr {
        let mut offsets = vec![0usize; n + 1];
        for &(from, _) in pairs {
            offsets[from as usize + 1] += 1;
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut fill = offsets.clone();
        let mut targets = vec![0u32; pairs.len()];
        for &(from, to) in pairs {
            targets[fill[from as usize]] = to;
            fill[from as usize] += 1;
        }
        Csr { offsets, targets }
    }

    /// For each node, the sources of the edges pointing at it (symmetric predicates
    /// point both ways).
    fn incoming(view: &GraphView) -> Csr {
        let mut pairs = Vec::with_capacity(view.edge_count());
        for edge in view.graph().raw_edges() {
            let (s, t) = (edge.source().index() as u32, edge.target().index() as u32);
            pairs.push((t, s));
            if edge.weight.predicate.is_symmetric() {
                pairs.push((s, t));
            }
        }
        Csr::from_pairs(view.node_count(), &pairs)
    }

    /// Each node's distinct neighbours, whatever the edge direction.
    fn undirected_simple(view: &GraphView) -> Csr {
        let mut pairs = Vec::with_capacity(2 * view.edge_count());
        for edge in view.graph().raw_edges() {
            let (s, t) = (edge.source().index() as u32, edge.target().index() as u32);
            if s != t {
                pairs.push((s, t));
                pairs.push((t, s));
            }
        }
        pairs.par_sort_unstable();
        pairs.dedup();
        Csr::from_pairs(view.node_count(), &pairs)
    }

    fn of(&self, node: usize) -> &[u32] {
        &self.targets[self.offsets[node]..self.offsets[node + 1]]
    }
}

/// One thread's Brandes workspace: reused across its sources, and reset only where the
/// previous source's search reached, so a source costs what it explores.
struct Brandes {
    scores: Vec<f64>,
    distance: Vec<u32>,
    paths: Vec<f64>,
    dependency: Vec<f64>,
    order: Vec<u32>,
    queue: VecDeque<u32>,
}

impl Brandes {
    fn new(n: usize) -> Self {
        Brandes {
            scores: vec![0.0; n],
            distance: vec![u32::MAX; n],
            paths: vec![0.0; n],
            dependency: vec![0.0; n],
            order: Vec::new(),
            queue: VecDeque::new(),
        }
    }

    fn accumulate(&mut self, adjacency: &Csr, source: u32) {
        for &v in &self.order {
            let v = v as usize;
            self.distance[v] = u32::MAX;
            self.paths[v] = 0.0;
            self.dependency[v] = 0.0;
        }
        self.order.clear();
        self.distance[source as usize] = 0;
        self.paths[source as usize] = 1.0;
        self.queue.push_back(source);
        while let Some(v) = self.queue.pop_front() {
            self.order.push(v);
            let next = self.distance[v as usize] + 1;
            for &w in adjacency.of(v as usize) {
                let w = w as usize;
                if self.distance[w] == u32::MAX {
                    self.distance[w] = next;
                    self.queue.push_back(w as u32);
                }
                if self.distance[w] == next {
                    self.paths[w] += self.paths[v as usize];
                }
            }
        }
        // Predecessors are the neighbours one step closer, found again instead of stored.
        for &w in self.order.iter().rev() {
            let w = w as usize;
            let closer = self.distance[w].wrapping_sub(1);
            let share = (1.0 + self.dependency[w]) / self.paths[w];
            for &v in adjacency.of(w) {
                let v = v as usize;
                if self.distance[v] == closer {
                    self.dependency[v] += self.paths[v] * share;
                }
            }
            if w != source as usize {
                self.scores[w] += self.dependency[w];
            }
        }
    }
}

/// `count` distinct node positions below `n`, from a SplitMix64 stream: reproducible
/// without a random-number crate.
fn sample(n: usize, count: usize, seed: u64) -> Vec<u32> {
    let mut state = seed;
    let mut next = move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let mut chosen: IndexSet<u32> = IndexSet::default();
    let mut picks = Vec::with_capacity(count.min(n));
    while picks.len() < count.min(n) {
        let pick = (next() % n as u64) as u32;
        if chosen.insert(pick) {
            picks.push(pick);
        }
    }
    picks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Predicate;
    use crate::view::tests::{edge, kg, node};

    fn star() -> GraphView {
        let mut nodes = vec![node("o:hub", EntityType::Organization, "Hub", None)];
        let mut edges = Vec::new();
        for leaf in ["p:a", "p:b", "p:c", "p:d"] {
            nodes.push(node(leaf, EntityType::Person, leaf, None));
            edges.push(edge(leaf, Predicate::MemberOf, "o:hub", 1, 1.0));
        }
        // A parallel relation must not double the hub's share of a-b paths.
        edges.push(edge("o:hub", Predicate::Opposes, "p:a", 1, 1.0));
        GraphView::new(&kg(nodes, edges))
    }

    #[test]
    fn degree_counts_relations_both_ways() {
        let view = star();
        let d = degree(&view);
        assert_eq!(d[view.index_of("o:hub").unwrap().index()], 5.0);
        assert_eq!(d[view.index_of("p:a").unwrap().index()], 2.0);
    }

    #[test]
    fn pagerank_sums_to_one_and_favours_the_hub() {
        let view = star();
        let pr = pagerank(&view, &PageRankOptions::default());
        assert!(pr.converged);
        assert!((pr.scores.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        let ranking = top(&view, &pr.scores, &[], Some(1));
        assert_eq!(ranking[0].key, "o:hub");
        let people = top(&view, &pr.scores, &[EntityType::Person], None);
        assert_eq!(people.len(), 4);
        assert!(people.windows(2).all(|w| w[0].score >= w[1].score));
        assert!(
            pagerank(
                &GraphView::new(&kg(vec![], vec![])),
                &PageRankOptions::default()
            )
            .scores
            .is_empty()
        );
    }

    #[test]
    fn pagerank_handles_dangling_nodes() {
        // a → b, b has no way out: its mass must be spread, not lost.
        let view = GraphView::new(&kg(
            vec![
                node("p:a", EntityType::Person, "A", None),
                node("o:b", EntityType::Organization, "B", None),
                node("o:c", EntityType::Organization, "C", None),
            ],
            vec![edge("p:a", Predicate::MemberOf, "o:b", 1, 1.0)],
        ));
        let pr = pagerank(&view, &PageRankOptions::default());
        assert!((pr.scores.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        let at = |k: &str| pr.scores[view.index_of(k).unwrap().index()];
        let (a, b, c) = (at("p:a"), at("o:b"), at("o:c"));
        assert!(b > a && (a - c).abs() < 1e-9, "{pr:?}");
    }

    #[test]
    fn betweenness_of_a_star_centre() {
        let view = star();
        let bc = betweenness(&view, &BetweennessOptions::default());
        assert!(bc.exact);
        let hub = view.index_of("o:hub").unwrap().index();
        // Every one of the C(4, 2) = 6 leaf pairs goes through the hub.
        assert!((bc.scores[hub] - 6.0).abs() < 1e-9, "{:?}", bc.scores);
        assert!(
            bc.scores
                .iter()
                .enumerate()
                .all(|(i, &s)| i == hub || s == 0.0)
        );
        let sampled = betweenness(
            &view,
            &BetweennessOptions {
                exact_limit: 2,
                samples: 5,
                ..BetweennessOptions::default()
            },
        );
        assert!(!sampled.exact);
        assert!(
            (sampled.scores[hub] - 6.0).abs() < 1e-9,
            "all sources sampled"
        );
    }

    #[test]
    fn betweenness_splits_between_equal_paths() {
        // A square a-b-c-d-a: b and d each carry half of a-c, a and c half of b-d.
        let view = GraphView::new(&kg(
            ["l:a", "l:b", "l:c", "l:d"]
                .iter()
                .map(|k| node(k, EntityType::Location, k, None))
                .collect(),
            vec![
                edge("l:a", Predicate::LocatedIn, "l:b", 1, 1.0),
                edge("l:b", Predicate::LocatedIn, "l:c", 1, 1.0),
                edge("l:c", Predicate::LocatedIn, "l:d", 1, 1.0),
                edge("l:d", Predicate::LocatedIn, "l:a", 1, 1.0),
            ],
        ));
        let bc = betweenness(&view, &BetweennessOptions::default());
        assert!(
            bc.scores.iter().all(|&s| (s - 0.5).abs() < 1e-9),
            "{:?}",
            bc.scores
        );
    }

    #[test]
    fn sample_is_distinct_and_reproducible() {
        let a = sample(1000, 50, 7);
        assert_eq!(a, sample(1000, 50, 7));
        assert_eq!(a.iter().collect::<IndexSet<_>>().len(), 50);
        assert_eq!(sample(3, 10, 7).len(), 3);
    }
}
