//! The JSON shapes of what an analyst reads about the graph: an entity's dossier, paths
//! with the evidence for every hop, and the timeline of events.
//!
//! The command line prints them with `--format json` and the server answers its `/api/`
//! routes with them, so scripts written against one work against the other. Each shape
//! borrows from the [`KnowledgeGraph`]: building one copies no evidence.

use crate::graph::{Edge, KnowledgeGraph, Merge, Node};
use crate::model::{EntityType, EventType, Evidence, Predicate};
use crate::paths::GraphPath;
use serde::Serialize;
use std::collections::BTreeMap;

/// The canonical name of a node, or its key when the graph does not hold it.
pub fn node_name<'g>(graph: &'g KnowledgeGraph, key: &'g str) -> &'g str {
    graph.nodes.get(key).map_or(key, |n| n.name.as_str())
}

/// One relation of a dossier, seen from the entity.
#[derive(Debug, Serialize)]
pub struct RelationView<'g> {
    /// The predicate's name.
    pub predicate: String,
    /// "out" when the entity is the subject, "in" when it is the object.
    pub direction: &'static str,
    /// The key of the node at the other end.
    pub other: &'g str,
    /// Its canonical name.
    pub other_name: &'g str,
    /// Distinct documents that state the relation.
    pub support: usize,
    /// Aggregated confidence.
    pub confidence: f64,
    /// Every sentence that states it.
    pub sources: &'g [Evidence],
}

/// An event an entity takes part in, with its role.
#[derive(Debug, Serialize)]
pub struct EventLine<'g> {
    /// The event's key.
    pub key: &'g str,
    /// Its name.
    pub name: &'g str,
    /// Its type.
    pub event_type: Option<EventType>,
    /// Its ISO date.
    pub date: Option<&'g str>,
    /// The entity's role in it (agent, target, …).
    pub role: String,
    /// Distinct documents that state the role.
    pub support: usize,
    /// Aggregated confidence of the role.
    pub confidence: f64,
    /// Every sentence that states it.
    pub sources: &'g [Evidence],
}

/// Everything known about one entity: names, knowledge-base links, relations grouped by
/// predicate with their sources, the events it takes part in, and optionally the merges
/// that built it.
#[derive(Debug, Serialize)]
pub struct Dossier<'g> {
    /// Node key.
    pub key: &'g str,
    /// Node type.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Event type, for events.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_type: Option<EventType>,
    /// Canonical name.
    pub name: &'g str,
    /// The name and every alias.
    pub names: Vec<&'g str>,
    /// Gazetteer id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kb: Option<&'g str>,
    /// Wikidata QID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wikidata: Option<&'g str>,
    /// Event date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<&'g str>,
    /// Documents that mention it.
    pub documents: usize,
    /// Aggregated confidence.
    pub confidence: f64,
    /// Relations by predicate name.
    pub relations: BTreeMap<String, Vec<RelationView<'g>>>,
    /// Events it takes part in, by date.
    pub events: Vec<EventLine<'g>>,
    /// The cross-document merges into it, when asked for.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub merges: Vec<&'g Merge>,
    /// Surname-only mentions kept apart from it, and why, when merges are asked for.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kept_apart: Vec<&'g Merge>,
}

impl<'g> Dossier<'g> {
    /// The dossier of `node` from the edges that touch it (`edges` may come in any
    /// order: [`KnowledgeGraph::edges_of`], or a view's adjacency on a large graph).
    pub fn new(
        graph: &'g KnowledgeGraph,
        node: &'g Node,
        edges: impl IntoIterator<Item = &'g Edge>,
        with_merges: bool,
    ) -> Dossier<'g> {
        let key = node.key.as_str();
        let mut relations: BTreeMap<String, Vec<RelationView<'g>>> = BTreeMap::new();
        let mut events = Vec::new();
        for edge in edges {
            let outgoing = edge.subject == key;
            let other = if outgoing {
                edge.object.as_str()
            } else {
                edge.subject.as_str()
            };
            if !outgoing && edge.predicate.is_event_role() {
                let event = graph.nodes.get(other);
                events.push(EventLine {
                    key: other,
                    name: node_name(graph, other),
                    event_type: event.and_then(|e| e.event_type),
                    date: event.and_then(|e| e.date.as_deref()),
                    role: edge.predicate.to_string(),
                    support: edge.support(),
                    confidence: edge.confidence(),
                    sources: &edge.evidence,
                });
                continue;
            }
            relations
                .entry(edge.predicate.to_string())
                .or_default()
                .push(RelationView {
                    predicate: edge.predicate.to_string(),
                    direction: if outgoing { "out" } else { "in" },
                    other,
                    other_name: node_name(graph, other),
                    support: edge.support(),
                    confidence: edge.confidence(),
                    sources: &edge.evidence,
                });
        }
        // The order of the graph's edge map, (subject, object) within a predicate, whatever
        // order the edges came in.
        let triple = |r: &RelationView<'g>| {
            if r.direction == "out" {
                (key, r.other)
            } else {
                (r.other, key)
            }
        };
        for list in relations.values_mut() {
            list.sort_by(|a, b| triple(a).cmp(&triple(b)));
        }
        events.sort_by(|a, b| (a.date, a.name, a.key).cmp(&(b.date, b.name, b.key)));
        Dossier {
            key,
            kind: node.kind.as_str(),
            event_type: node.event_type,
            name: &node.name,
            names: node.names().collect(),
            kb: node.kb.as_deref(),
            wikidata: node.wikidata.as_deref(),
            date: node.date.as_deref(),
            documents: node.support(),
            confidence: node.confidence(),
            relations,
            events,
            merges: if with_merges {
                graph.merges_into(key).collect()
            } else {
                Vec::new()
            },
            kept_apart: if with_merges {
                graph.kept_apart_in(key).collect()
            } else {
                Vec::new()
            },
        }
    }
}

/// A node named in a report: key, name and type.
#[derive(Debug, Serialize)]
pub struct NodeRef<'g> {
    /// Node key.
    pub key: &'g str,
    /// Canonical name.
    pub name: &'g str,
    /// Node type.
    #[serde(rename = "type")]
    pub kind: &'static str,
}

impl<'g> NodeRef<'g> {
    /// The node `key` of `graph` (a key the graph lacks keeps an empty type).
    pub fn new(graph: &'g KnowledgeGraph, key: &'g str) -> NodeRef<'g> {
        NodeRef {
            key,
            name: node_name(graph, key),
            kind: graph.nodes.get(key).map_or("", |n| n.kind.as_str()),
        }
    }
}

/// Paths between two nodes as JSON: nodes with names and types, hops with their evidence.
#[derive(Debug, Serialize)]
pub struct PathReport<'g> {
    /// Where the paths start.
    pub from: NodeRef<'g>,
    /// Where they end.
    pub to: NodeRef<'g>,
    /// Cheapest first.
    pub paths: Vec<PathJson<'g>>,
}

/// One path of a [`PathReport`].
#[derive(Debug, Serialize)]
pub struct PathJson<'g> {
    /// Sum of the hops' costs.
    pub cost: f64,
    /// Nodes from start to end.
    pub nodes: Vec<NodeRef<'g>>,
    /// The hops, one fewer than the nodes.
    pub hops: Vec<HopJson<'g>>,
}

/// One hop of a path, with the sentences behind it.
#[derive(Debug, Serialize)]
pub struct HopJson<'g> {
    /// The node the hop leaves.
    pub from: NodeRef<'g>,
    /// The relation followed.
    pub predicate: Predicate,
    /// The node the hop reaches.
    pub to: NodeRef<'g>,
    /// True when the statement reads from → to; false when it reads to → from.
    pub forward: bool,
    /// Distinct documents that state it.
    pub support: usize,
    /// Aggregated confidence.
    pub confidence: f64,
    /// Every sentence that states it.
    pub evidence: Vec<&'g Evidence>,
}

impl<'g> PathReport<'g> {
    /// The report of `paths` from `from` to `to`.
    pub fn new(
        graph: &'g KnowledgeGraph,
        from: &'g str,
        to: &'g str,
        paths: &'g [GraphPath],
    ) -> PathReport<'g> {
        let node = |key: &'g str| NodeRef::new(graph, key);
        let paths = paths
            .iter()
            .map(|path| PathJson {
                cost: path.cost,
                nodes: path.nodes.iter().map(|k| node(k)).collect(),
                hops: path
                    .hops
                    .iter()
                    .map(|hop| {
                        let edge = graph.edges.get(&hop.edge);
                        HopJson {
                            from: node(&hop.from),
                            predicate: hop.predicate,
                            to: node(&hop.to),
                            forward: hop.forward,
                            support: edge.map_or(0, |e| e.support()),
                            confidence: edge.map_or(0.0, |e| e.confidence()),
                            evidence: edge
                                .map(|e| e.evidence.iter().collect())
                                .unwrap_or_default(),
                        }
                    })
                    .collect(),
            })
            .collect();
        PathReport {
            from: node(from),
            to: node(to),
            paths,
        }
    }
}

/// One event on a timeline.
#[derive(Debug, Serialize)]
pub struct TimelineEntry<'g> {
    /// ISO date, when known.
    pub date: Option<&'g str>,
    /// Event type.
    pub event_type: Option<EventType>,
    /// Event key.
    pub key: &'g str,
    /// Event name.
    pub name: &'g str,
    /// Documents that mention it.
    pub documents: usize,
}

/// The events of `graph` in date order (undated ones last, by name), optionally only those
/// of one type and those that `around` takes part in.
pub fn timeline<'g>(
    graph: &'g KnowledgeGraph,
    event_type: Option<EventType>,
    around: Option<&str>,
) -> Vec<TimelineEntry<'g>> {
    let mut entries: Vec<TimelineEntry<'g>> = graph
        .nodes
        .values()
        .filter(|n| n.kind == EntityType::Event)
        .filter(|n| event_type.is_none_or(|t| n.event_type == Some(t)))
        .filter(|n| {
            around.is_none_or(|k| {
                graph
                    .edges_of(&n.key)
                    .any(|e| e.object == k || e.subject == k)
            })
        })
        .map(|n| TimelineEntry {
            date: n.date.as_deref(),
            event_type: n.event_type,
            key: &n.key,
            name: &n.name,
            documents: n.support(),
        })
        .collect();
    entries.sort_by(|a, b| {
        (a.date.is_none(), a.date, a.name).cmp(&(b.date.is_none(), b.date, b.name))
    });
    entries
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::tests::{edge, kg, node};

    fn graph() -> KnowledgeGraph {
        let mut attack = node("e:a", EntityType::Event, "Attack", Some("2024-03-22"));
        attack.event_type = Some(EventType::Attack);
        let mut older = node("e:b", EntityType::Event, "Older", Some("2023"));
        older.event_type = Some(EventType::Arrest);
        kg(
            vec![
                attack,
                older,
                node("e:c", EntityType::Event, "Undated", None),
                node("o:g", EntityType::Organization, "Group", None),
                node("p:l", EntityType::Person, "Leader", None),
            ],
            vec![
                edge("e:a", Predicate::ClaimedBy, "o:g", 2, 0.9),
                edge("p:l", Predicate::LeaderOf, "o:g", 1, 0.8),
                edge("e:b", Predicate::Target, "p:l", 1, 0.7),
            ],
        )
    }

    #[test]
    fn dossier_groups_relations_and_lists_events_by_date() {
        let g = graph();
        let leader = &g.nodes["p:l"];
        let dossier = Dossier::new(&g, leader, g.edges_of("p:l"), false);
        assert_eq!(dossier.relations.len(), 1);
        let led = &dossier.relations["leaderOf"][0];
        assert_eq!(
            (led.direction, led.other_name, led.support),
            ("out", "Group", 1)
        );
        assert_eq!(dossier.events.len(), 1);
        assert_eq!(dossier.events[0].role, "target");
        let json = serde_json::to_value(&dossier).unwrap();
        assert_eq!(json["type"], "Person");
        assert!(json.get("merges").is_none());
    }

    #[test]
    fn timeline_orders_dated_events_first_and_filters() {
        let g = graph();
        fn names<'g>(entries: Vec<TimelineEntry<'g>>) -> Vec<&'g str> {
            entries.iter().map(|e| e.name).collect()
        }
        assert_eq!(
            names(timeline(&g, None, None)),
            ["Older", "Attack", "Undated"]
        );
        assert_eq!(
            names(timeline(&g, Some(EventType::Attack), None)),
            ["Attack"]
        );
        assert_eq!(names(timeline(&g, None, Some("o:g"))), ["Attack"]);
    }
}
