//! One document's extraction: the JSON Lines record of `FORMAT.md`, plus provenance.
//!
//! Extraction produces a [`DocumentRecord`] per document; the graph resolves records
//! across documents; the RDF layer stores them. Field names follow `FORMAT.md` so the
//! scorer reads the output directly; extra fields carry what the format allows beyond
//! the scored core (knowledge-base ids, spans, confidence, evidence).

use crate::model::{EntityType, EventType, Evidence, Predicate, Span};
use serde::{Deserialize, Serialize};

/// Where a document came from and what it says about itself.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentMeta {
    /// The path the document was read from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The headline, when the input gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The publication date (ISO 8601), when the input gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The source URL, when the input gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The dominant language (ISO 639-3), when detected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// SHA-256 of the document text, hex: identifies a document across builds.
    #[serde(default)]
    pub sha256: String,
}

/// An entity or event as one document mentions it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityRecord {
    /// Unique within the record; relations refer to it.
    pub id: String,
    /// The node type.
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// The canonical (most complete) name.
    pub name: String,
    /// Surface forms as written in this document, possessives stripped.
    #[serde(default)]
    pub mentions: Vec<String>,
    /// The event type, for events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_type: Option<EventType>,
    /// ISO 8601 date of an event, as precise as the text allows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Gazetteer id (`country:ru`, `org:iskp`, `geonames:524901`) when linked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kb: Option<String>,
    /// Wikidata QID when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wikidata: Option<String>,
    /// Byte ranges of each mention in the document text.
    #[serde(default)]
    pub spans: Vec<Span>,
    /// Confidence that the entity is real and correctly typed, in `[0, 1]`.
    #[serde(default = "full_confidence")]
    pub confidence: f64,
    /// People killed, for events that state it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub killed: Option<u64>,
    /// People injured, for events that state it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub injured: Option<u64>,
}

fn full_confidence() -> f64 {
    1.0
}

impl EntityRecord {
    /// A record with no mentions yet.
    pub fn new(id: impl Into<String>, kind: EntityType, name: impl Into<String>) -> Self {
        EntityRecord {
            id: id.into(),
            kind,
            name: name.into(),
            mentions: Vec::new(),
            event_type: None,
            date: None,
            kb: None,
            wikidata: None,
            spans: Vec::new(),
            confidence: 1.0,
            killed: None,
            injured: None,
        }
    }
}

/// A typed, sourced statement between two entities of one record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RelationRecord {
    /// Entity id of the subject.
    pub subject: String,
    /// The relation.
    pub predicate: Predicate,
    /// Entity id of the object.
    pub object: String,
    /// The sentences that state it.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}

/// Everything extracted from one document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentRecord {
    /// The document id: the file name without its extension, or the JSONL `id`.
    pub doc: String,
    /// Source metadata.
    #[serde(default)]
    pub meta: DocumentMeta,
    /// Entities and events.
    #[serde(default)]
    pub entities: Vec<EntityRecord>,
    /// Relations and event roles.
    #[serde(default)]
    pub relations: Vec<RelationRecord>,
}

impl DocumentRecord {
    /// The entity with this record-local id.
    pub fn entity(&self, id: &str) -> Option<&EntityRecord> {
        self.entities.iter().find(|e| e.id == id)
    }
}
