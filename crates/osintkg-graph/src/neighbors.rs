//! What surrounds a node: every node within N hops and the relations among them, the
//! usual first look at an entity before asking for paths.
//!
//! Hops follow edges in either direction, like paths do, and obey the same [`Filter`].

use crate::view::{EdgeKey, Filter, GraphView, IndexMap};
use petgraph::graph::NodeIndex;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// A node of a neighbourhood.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeighborNode {
    /// The node key.
    pub key: String,
    /// Hops from the root.
    pub hops: usize,
}

/// The nodes within some hops of a root, and the edges among them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Neighborhood {
    /// The root's key.
    pub root: String,
    /// Nodes by hops from the root, then in view order; the root comes first.
    pub nodes: Vec<NeighborNode>,
    /// Every allowed edge whose two ends are both in `nodes`, sorted by key.
    pub edges: Vec<EdgeKey>,
    /// True when `max_nodes` stopped the search before the depth was exhausted.
    pub truncated: bool,
}

/// Breadth-first search from `root` to `depth` hops through what `filter` allows
/// (the root itself is always included), keeping at most `max_nodes` nodes.
pub fn neighborhood(
    view: &GraphView,
    root: NodeIndex,
    depth: usize,
    filter: &Filter,
    max_nodes: Option<usize>,
) -> Neighborhood {
    let limit = max_nodes.unwrap_or(usize::MAX).max(1);
    let mut hops: IndexMap<NodeIndex, usize> = IndexMap::default();
    let mut order = Vec::new();
    let mut queue = VecDeque::new();
    let mut truncated = false;
    if root.index() < view.node_count() {
        hops.insert(root, 0);
        order.push(root);
        queue.push_back(root);
    }
    'search: while let Some(node) = queue.pop_front() {
        let here = hops.get(&node).copied().unwrap_or(0);
        if here >= depth {
            continue;
        }
        for step in view.steps(node) {
            if !filter.allows_predicate(step.weight.predicate)
                || hops.contains_key(&step.other)
                || !filter.allows_node(view, step.other)
            {
                continue;
            }
            if order.len() >= limit {
                truncated = true;
                break 'search;
            }
            hops.insert(step.other, here + 1);
            order.push(step.other);
            queue.push_back(step.other);
        }
    }
    // Deterministic output whatever order petgraph lists adjacent edges in.
    order.sort_by_key(|n| (hops.get(n).copied().unwrap_or(0), *n));
    let mut edges: Vec<EdgeKey> = order
        .iter()
        .flat_map(|&n| view.steps(n))
        .filter(|step| {
            step.forward
                && hops.contains_key(&step.other)
                && filter.allows_predicate(step.weight.predicate)
        })
        .filter_map(|step| view.edge_key(step.edge))
        .collect();
    edges.sort();
    Neighborhood {
        root: if root.index() < view.node_count() {
            view.key(root).to_owned()
        } else {
            String::new()
        },
        nodes: order
            .iter()
            .map(|&n| NeighborNode {
                key: view.key(n).to_owned(),
                hops: hops.get(&n).copied().unwrap_or(0),
            })
            .collect(),
        edges,
        truncated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EntityType, Predicate};
    use crate::view::tests::{edge, kg, node};

    fn star_and_tail() -> GraphView {
        // hub ← a, hub ← b, b → c, c → d: depth 2 from the hub reaches a, b, c.
        GraphView::new(&kg(
            vec![
                node("o:hub", EntityType::Organization, "Hub", None),
                node("p:a", EntityType::Person, "A", None),
                node("p:b", EntityType::Person, "B", None),
                node("c:c", EntityType::Country, "C", None),
                node("l:d", EntityType::Location, "D", None),
            ],
            vec![
                edge("p:a", Predicate::MemberOf, "o:hub", 1, 1.0),
                edge("p:b", Predicate::MemberOf, "o:hub", 1, 1.0),
                edge("p:a", Predicate::CooperatesWith, "p:b", 1, 1.0),
                edge("p:b", Predicate::CitizenOf, "c:c", 1, 1.0),
                edge("l:d", Predicate::LocatedIn, "c:c", 1, 1.0),
            ],
        ))
    }

    #[test]
    fn bfs_to_depth_returns_nodes_and_edges_among_them() {
        let view = star_and_tail();
        let hub = view.index_of("o:hub").unwrap();
        let n = neighborhood(&view, hub, 2, &Filter::default(), None);
        let keys: Vec<(&str, usize)> = n.nodes.iter().map(|n| (n.key.as_str(), n.hops)).collect();
        assert_eq!(keys, [("o:hub", 0), ("p:a", 1), ("p:b", 1), ("c:c", 2)]);
        assert_eq!(n.edges.len(), 4, "{:?}", n.edges);
        assert!(n.edges.iter().all(|e| e.0 != "l:d" && e.2 != "l:d"));
        assert!(!n.truncated);
        let zero = neighborhood(&view, hub, 0, &Filter::default(), None);
        assert_eq!(zero.nodes.len(), 1);
        assert!(zero.edges.is_empty());
    }

    #[test]
    fn filters_and_limit_apply() {
        let view = star_and_tail();
        let hub = view.index_of("o:hub").unwrap();
        let members = Filter::default().via([Predicate::MemberOf]);
        let n = neighborhood(&view, hub, 3, &members, None);
        assert_eq!(n.nodes.len(), 3);
        assert_eq!(
            n.edges.len(),
            2,
            "cooperatesWith between a and b is filtered out"
        );
        let capped = neighborhood(&view, hub, 3, &Filter::default(), Some(2));
        assert_eq!(capped.nodes.len(), 2);
        assert!(capped.truncated);
    }
}
