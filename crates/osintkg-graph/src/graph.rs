//! The resolved, cross-document knowledge graph: one node per real-world entity.
//!
//! Nodes and edges keep every piece of evidence that produced them, so an analyst can
//! defend each of them; support (distinct documents) and aggregated confidence are
//! derived from that evidence rather than stored beside it.

use crate::model::{EntityType, EventType, Evidence, Predicate, Span, aggregate_confidence};
use crate::record::DocumentMeta;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Where a node was mentioned.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Mention {
    /// The document id.
    pub doc: String,
    /// The surface form as written.
    pub text: String,
    /// Its byte range, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

/// An entity or event after resolution across documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Node {
    /// Stable key: the gazetteer id when linked, else `type:slug`.
    pub key: String,
    /// Node type.
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Event type, for events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_type: Option<EventType>,
    /// Canonical name.
    pub name: String,
    /// Every other name it goes by.
    #[serde(default)]
    pub aliases: BTreeSet<String>,
    /// Gazetteer id when linked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kb: Option<String>,
    /// Wikidata QID when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wikidata: Option<String>,
    /// Event date (ISO 8601, precision from its length).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// People killed, for events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub killed: Option<u64>,
    /// People injured, for events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub injured: Option<u64>,
    /// Every mention, by document.
    #[serde(default)]
    pub mentions: Vec<Mention>,
    /// Confidence per contributing document record.
    #[serde(default)]
    pub confidences: Vec<f64>,
}

impl Node {
    /// Distinct documents that mention the node.
    pub fn support(&self) -> usize {
        self.mentions
            .iter()
            .map(|m| m.doc.as_str())
            .collect::<BTreeSet<_>>()
            .len()
    }

    /// Noisy-or of the contributing records' confidences.
    pub fn confidence(&self) -> f64 {
        aggregate_confidence(self.confidences.iter().copied())
    }

    /// The name and every alias.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// A typed relation between two nodes, with the sentences that state it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Edge {
    /// Subject node key.
    pub subject: String,
    /// The relation.
    pub predicate: Predicate,
    /// Object node key.
    pub object: String,
    /// Every sentence that states it.
    pub evidence: Vec<Evidence>,
}

impl Edge {
    /// Distinct documents that state the edge.
    pub fn support(&self) -> usize {
        self.evidence
            .iter()
            .map(|e| e.doc.as_str())
            .collect::<BTreeSet<_>>()
            .len()
    }

    /// Noisy-or of the evidence confidences.
    pub fn confidence(&self) -> f64 {
        aggregate_confidence(self.evidence.iter().map(|e| e.confidence))
    }
}

/// Why a document's entity was folded into an existing node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Merge {
    /// The node it joined.
    pub node: String,
    /// The document it came from.
    pub doc: String,
    /// Its name in that document.
    pub name: String,
    /// The rule that justified the merge.
    pub reason: String,
}

/// The whole graph: nodes by key, edges by (subject, predicate, object).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct KnowledgeGraph {
    /// Nodes by key.
    pub nodes: BTreeMap<String, Node>,
    /// Edges by their triple.
    pub edges: BTreeMap<(String, Predicate, String), Edge>,
    /// Source documents by id.
    pub documents: BTreeMap<String, DocumentMeta>,
    /// Every cross-document merge, in the order it happened.
    pub merges: Vec<Merge>,
    /// Surname-only mentions that resolution refused to join to a full name: `node` is
    /// where each stayed, `reason` why (competing full names, no shared context).
    #[serde(default)]
    pub kept_apart: Vec<Merge>,
}

impl KnowledgeGraph {
    /// Number of nodes of each type.
    pub fn count_by_type(&self) -> BTreeMap<EntityType, usize> {
        let mut counts = BTreeMap::new();
        for node in self.nodes.values() {
            *counts.entry(node.kind).or_insert(0) += 1;
        }
        counts
    }

    /// Edges that touch a node, in either direction.
    pub fn edges_of<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a Edge> + 'a {
        self.edges
            .values()
            .filter(move |e| e.subject == key || e.object == key)
    }

    /// The merges that built a node.
    pub fn merges_into<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a Merge> + 'a {
        self.merges.iter().filter(move |m| m.node == key)
    }

    /// The mentions of a node that were kept apart from a full name, with the reasons.
    pub fn kept_apart_in<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a Merge> + 'a {
        self.kept_apart.iter().filter(move |m| m.node == key)
    }
}
