//! The knowledge graph as RDF: which quads a build writes, and how a store gives its
//! records back.
//!
//! The default graph holds the resolved graph: typed, labelled entities and events, every
//! relation as a direct triple (for simple queries) and as an `okg:Fact` node (for its
//! support, confidence and evidence). Each source document gets a named graph, named by
//! the document's IRI, holding the document's metadata, the evidence read from it and its
//! extraction record as JSON: the records are what resolution starts from, so a store
//! alone is enough to add documents to it later.
//!
//! The output depends only on its input, in a fixed order, so two builds of the same
//! documents write the same quads.

use crate::vocab::{self, DOC_NS, ID_NS, WIKIDATA_NS};
use crate::{RdfError, Result};
use osintkg_graph::corpus::Sentences;
use osintkg_graph::resolve::EvidenceAt;
use osintkg_graph::{
    Corpus, DatePrecision, DocumentMeta, DocumentRecord, Edge, EntityType, EventType, Evidence,
    KnowledgeGraph, Node, Predicate, Resolution, ResolvedEdge, ResolvedNode, Span, Sym,
};
use oxigraph::model::vocab::{rdf, rdfs, xsd};
use oxigraph::model::{
    GraphName, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term, TermRef,
};
use oxigraph::store::Store;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The IRI of a node, from its key (`org:islamic-state` →
/// `https://w3id.org/osintkg/id/org:islamic-state`).
///
/// Keys already carry their type as a prefix, so same-named entities of different types
/// never collide. Every byte outside the RFC 3986 unreserved set and `:` is
/// percent-encoded (`%` included, so distinct keys always give distinct IRIs), which keeps
/// hostile names (quotes, angle brackets, spaces, bidi controls) from breaking the IRI.
pub fn entity_iri(key: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{ID_NS}{}", encode_segment(key)))
}

/// The IRI of a source document, which also names the graph holding its evidence.
pub fn document_iri(doc: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{DOC_NS}{}", encode_segment(doc)))
}

/// The IRI of the fact node that reifies one relation: a hash of the triple, so that it
/// stays the same across builds while the relation does.
pub fn fact_iri(subject: &str, predicate: Predicate, object: &str) -> NamedNode {
    NamedNode::new_unchecked(format!(
        "{ID_NS}fact/{}",
        digest(&[subject, predicate.as_str(), object])
    ))
}

fn evidence_iri(fact: &NamedNode, evidence: &Evidence) -> NamedNode {
    evidence_parts_iri(
        fact,
        &evidence.doc,
        evidence.span,
        &evidence.rule,
        evidence.confidence,
    )
}

fn evidence_parts_iri(
    fact: &NamedNode,
    doc: &str,
    span: Span,
    rule: &str,
    confidence: f64,
) -> NamedNode {
    NamedNode::new_unchecked(format!(
        "{ID_NS}evidence/{}",
        digest(&[
            fact.as_str(),
            doc,
            &span.start.to_string(),
            &span.end.to_string(),
            rule,
            &confidence.to_bits().to_string(),
        ])
    ))
}

/// First 128 bits of the SHA-256 of the NUL-separated parts, in hex: short, and far from
/// any collision at the scale of a news corpus.
fn digest(parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    let mut hex = String::with_capacity(32);
    for byte in &hasher.finalize()[..16] {
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

fn encode_segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b':') {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    // "." and ".." are dot-segments: IRI normalization would remove them.
    if out == "." || out == ".." {
        out = out.replace('.', "%2E");
    }
    out
}

/// Collects quads while remembering the graph they go to.
struct Sink {
    quads: Vec<Quad>,
    graph: GraphName,
}

impl Sink {
    fn add(&mut self, subject: &NamedNode, predicate: NamedNodeRef<'_>, object: impl Into<Term>) {
        self.quads.push(Quad::new(
            subject.clone(),
            predicate,
            object,
            self.graph.clone(),
        ));
    }

    fn literal(&mut self, subject: &NamedNode, predicate: NamedNodeRef<'_>, value: &str) {
        self.add(subject, predicate, Literal::new_simple_literal(value));
    }
}

/// The quads of a build: the resolved `graph` in the default graph, and one named graph
/// per document of `records` (and per document the graph's evidence cites).
///
/// `records` should be the records `graph` was resolved from; they are stored as JSON so
/// that [`records_from_store`] can give them back. Records are taken in document order and,
/// as in resolution, only the first record of a document id counts.
pub fn to_quads(graph: &KnowledgeGraph, records: &[DocumentRecord]) -> Result<Vec<Quad>> {
    let mut sink = Sink {
        quads: Vec::new(),
        graph: GraphName::DefaultGraph,
    };
    for node in graph.nodes.values() {
        node_quads(&mut sink, node);
    }
    let mut evidence_by_doc: BTreeMap<&str, Vec<(NamedNode, &Edge, &Evidence)>> = BTreeMap::new();
    let mut seen_evidence = BTreeSet::new();
    for edge in graph.edges.values() {
        let fact = fact_quads(&mut sink, edge);
        for evidence in &edge.evidence {
            let iri = evidence_iri(&fact, evidence);
            if seen_evidence.insert(iri.clone()) {
                sink.add(&fact, vocab::HAS_EVIDENCE, iri.clone());
                evidence_by_doc
                    .entry(evidence.doc.as_str())
                    .or_default()
                    .push((iri, edge, evidence));
            }
        }
    }

    let mut sorted: Vec<&DocumentRecord> = records.iter().collect();
    sorted.sort_by(|a, b| a.doc.cmp(&b.doc));
    sorted.dedup_by(|a, b| a.doc == b.doc);
    let records: BTreeMap<&str, &DocumentRecord> =
        sorted.into_iter().map(|r| (r.doc.as_str(), r)).collect();
    let docs: BTreeSet<&str> = records
        .keys()
        .copied()
        .chain(graph.documents.keys().map(String::as_str))
        .chain(evidence_by_doc.keys().copied())
        .collect();
    for doc in docs {
        let iri = document_iri(doc);
        sink.graph = GraphName::NamedNode(iri.clone());
        let record = records.get(doc).copied();
        let meta = record.map(|r| &r.meta).or_else(|| graph.documents.get(doc));
        document_quads(&mut sink, &iri, doc, meta);
        if let Some(record) = record {
            record_quad(&mut sink, &iri, record)?;
        }
        for (evidence_iri, edge, evidence) in evidence_by_doc.get(doc).into_iter().flatten() {
            evidence_quads(&mut sink, evidence_iri, &iri, edge, evidence);
        }
    }
    Ok(sink.quads)
}

/// What the quads of one node are made from, however the node is held.
struct NodeTerms<'a> {
    key: &'a str,
    kind: EntityType,
    event_type: Option<EventType>,
    name: &'a str,
    /// Sorted, without the name.
    aliases: Vec<&'a str>,
    kb: Option<&'a str>,
    wikidata: Option<&'a str>,
    date: Option<&'a str>,
    killed: Option<u64>,
    injured: Option<u64>,
    /// Sorted, without repeats.
    docs: Vec<&'a str>,
}

/// The record as an `rdf:JSON` literal of its document, the input of later builds.
fn record_quad(sink: &mut Sink, iri: &NamedNode, record: &DocumentRecord) -> Result<()> {
    let json = serde_json::to_string(record).map_err(|cause| RdfError::Record {
        doc: record.doc.clone(),
        cause,
    })?;
    sink.add(
        iri,
        vocab::EXTRACTION,
        Literal::new_typed_literal(json, vocab::RDF_JSON),
    );
    Ok(())
}

fn node_quads(sink: &mut Sink, node: &Node) {
    let docs: BTreeSet<&str> = node.mentions.iter().map(|m| m.doc.as_str()).collect();
    node_terms_quads(
        sink,
        &NodeTerms {
            key: &node.key,
            kind: node.kind,
            event_type: node.event_type,
            name: &node.name,
            aliases: node
                .aliases
                .iter()
                .filter(|a| **a != node.name)
                .map(String::as_str)
                .collect(),
            kb: node.kb.as_deref(),
            wikidata: node.wikidata.as_deref(),
            date: node.date.as_deref(),
            killed: node.killed,
            injured: node.injured,
            docs: docs.into_iter().collect(),
        },
    );
}

fn node_terms_quads(sink: &mut Sink, node: &NodeTerms<'_>) {
    let iri = entity_iri(node.key);
    sink.add(&iri, rdf::TYPE, vocab::entity_class(node.kind));
    if let Some(kind) = node.event_type {
        sink.add(&iri, rdf::TYPE, vocab::event_class(kind));
    }
    sink.literal(&iri, rdfs::LABEL, node.name);
    for alias in &node.aliases {
        sink.literal(&iri, vocab::SKOS_ALT_LABEL, alias);
    }
    if let Some(kb) = node.kb {
        sink.literal(&iri, vocab::KB_ID, kb);
    }
    if let Some(item) = node.wikidata.and_then(wikidata_iri) {
        sink.add(&iri, vocab::OWL_SAME_AS, item);
    }
    if let Some(date) = node.date {
        date_quads(sink, &iri, date);
    }
    if let Some(killed) = node.killed {
        sink.add(&iri, vocab::KILLED, Literal::from(killed));
    }
    if let Some(injured) = node.injured {
        sink.add(&iri, vocab::INJURED, Literal::from(injured));
    }
    for doc in &node.docs {
        sink.add(&iri, vocab::MENTIONED_IN, document_iri(doc));
    }
}

/// Only a well-formed QID becomes a link: the field comes from outside and must not be
/// able to forge an arbitrary IRI.
fn wikidata_iri(qid: &str) -> Option<NamedNode> {
    let digits = qid.strip_prefix('Q')?;
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| NamedNode::new_unchecked(format!("{WIKIDATA_NS}{qid}")))
}

/// `okg:date` typed by how precise the date is, so that SPARQL compares and sorts it as a
/// date; a date that is not ISO 8601 is kept as a plain string rather than dropped.
fn date_quads(sink: &mut Sink, subject: &NamedNode, date: &str) {
    let precision = DatePrecision::of_iso(date);
    let datatype = match precision {
        Some(DatePrecision::Day) => xsd::DATE,
        Some(DatePrecision::Month) => xsd::G_YEAR_MONTH,
        Some(DatePrecision::Year) => xsd::G_YEAR,
        None => xsd::STRING,
    };
    sink.add(
        subject,
        vocab::DATE,
        Literal::new_typed_literal(date, datatype),
    );
    if let Some(precision) = precision {
        sink.literal(subject, vocab::DATE_PRECISION, precision.as_str());
    }
}

fn fact_quads(sink: &mut Sink, edge: &Edge) -> NamedNode {
    fact_terms_quads(
        sink,
        &edge.subject,
        edge.predicate,
        &edge.object,
        edge.support() as u64,
        edge.confidence(),
    )
}

fn fact_terms_quads(
    sink: &mut Sink,
    subject_key: &str,
    predicate: Predicate,
    object_key: &str,
    support: u64,
    confidence: f64,
) -> NamedNode {
    let subject = entity_iri(subject_key);
    let predicate_iri = vocab::predicate(predicate);
    let object = entity_iri(object_key);
    sink.add(&subject, predicate_iri, object.clone());
    let fact = fact_iri(subject_key, predicate, object_key);
    sink.add(&fact, rdf::TYPE, vocab::FACT);
    sink.add(&fact, rdf::SUBJECT, subject);
    sink.add(&fact, rdf::PREDICATE, predicate_iri);
    sink.add(&fact, rdf::OBJECT, object);
    sink.add(&fact, vocab::SUPPORT, Literal::from(support));
    sink.add(&fact, vocab::CONFIDENCE, Literal::from(confidence));
    fact
}

fn document_quads(sink: &mut Sink, iri: &NamedNode, doc: &str, meta: Option<&DocumentMeta>) {
    sink.add(iri, rdf::TYPE, vocab::DOCUMENT);
    sink.add(iri, rdf::TYPE, vocab::PROV_ENTITY);
    sink.literal(iri, vocab::DOC_ID, doc);
    let Some(meta) = meta else { return };
    if let Some(file) = &meta.file {
        sink.literal(iri, vocab::FILE, file);
    }
    if let Some(title) = &meta.title {
        sink.literal(iri, vocab::TITLE, title);
    }
    if let Some(date) = &meta.date {
        date_quads(sink, iri, date);
    }
    if let Some(url) = &meta.url {
        sink.add(
            iri,
            vocab::URL,
            Literal::new_typed_literal(url.as_str(), xsd::ANY_URI),
        );
    }
    if !meta.sha256.is_empty() {
        sink.literal(iri, vocab::SHA256, &meta.sha256);
    }
    if let Some(lang) = &meta.lang {
        sink.literal(iri, vocab::LANG, lang);
    }
}

fn evidence_quads(
    sink: &mut Sink,
    iri: &NamedNode,
    document: &NamedNode,
    edge: &Edge,
    evidence: &Evidence,
) {
    evidence_terms_quads(
        sink,
        iri,
        document,
        &edge.subject,
        edge.predicate,
        &edge.object,
        evidence,
    );
}

fn evidence_terms_quads(
    sink: &mut Sink,
    iri: &NamedNode,
    document: &NamedNode,
    subject: &str,
    predicate: Predicate,
    object: &str,
    evidence: &Evidence,
) {
    sink.add(iri, rdf::TYPE, vocab::EVIDENCE);
    sink.add(iri, rdf::SUBJECT, entity_iri(subject));
    sink.add(iri, rdf::PREDICATE, vocab::predicate(predicate));
    sink.add(iri, rdf::OBJECT, entity_iri(object));
    sink.literal(iri, vocab::SENTENCE, &evidence.sentence);
    sink.add(iri, vocab::START, Literal::from(evidence.span.start as u64));
    sink.add(iri, vocab::END, Literal::from(evidence.span.end as u64));
    sink.literal(iri, vocab::RULE, &evidence.rule);
    sink.add(iri, vocab::CONFIDENCE, Literal::from(evidence.confidence));
    sink.add(iri, vocab::PROV_WAS_DERIVED_FROM, document.clone());
}

/// A part of the quads of a resolved corpus, made independently of the others so that
/// the parts are made in parallel and streamed to the store.
#[derive(Debug, Clone)]
pub enum QuadUnit {
    /// Nodes at these positions of the resolution.
    Nodes(std::ops::Range<usize>),
    /// Edges (facts) at these positions.
    Edges(std::ops::Range<usize>),
    /// The named graphs of the documents at these positions of the reading order.
    Documents(std::ops::Range<usize>),
}

/// The quads of a resolved corpus: what [`to_quads`] writes for the graph the
/// resolution gives, cut into [`QuadUnit`]s.
pub struct ResolvedQuads<'a> {
    corpus: &'a Corpus,
    resolution: &'a Resolution,
    sentences: &'a dyn Sentences,
    /// Per corpus position: (edge, relation, evidence) of the document's evidence.
    evidence_by_doc: Vec<Vec<(u32, u32, u32)>>,
}

impl<'a> ResolvedQuads<'a> {
    /// Prepares the quads of `resolution`, sentences read from `sentences`.
    pub fn new(
        corpus: &'a Corpus,
        resolution: &'a Resolution,
        sentences: &'a dyn Sentences,
    ) -> ResolvedQuads<'a> {
        let mut evidence_by_doc: Vec<Vec<(u32, u32, u32)>> = vec![Vec::new(); corpus.len()];
        for (i, edge) in resolution.edges.iter().enumerate() {
            for at in &edge.evidence {
                if let Some(list) = evidence_by_doc.get_mut(at.doc as usize) {
                    list.push((i as u32, at.relation, at.evidence));
                }
            }
        }
        ResolvedQuads {
            corpus,
            resolution,
            sentences,
            evidence_by_doc,
        }
    }

    /// Every unit, each about `size` nodes, edges or documents.
    pub fn units(&self, size: usize) -> Vec<QuadUnit> {
        let size = size.max(1);
        let ranges = |n: usize| (0..n).step_by(size).map(move |s| s..(s + size).min(n));
        ranges(self.resolution.nodes.len())
            .map(QuadUnit::Nodes)
            .chain(ranges(self.resolution.edges.len()).map(QuadUnit::Edges))
            .chain(ranges(self.resolution.order.len()).map(QuadUnit::Documents))
            .collect()
    }

    /// The quads of one unit.
    pub fn quads(&self, unit: &QuadUnit) -> Result<Vec<Quad>> {
        let mut sink = Sink {
            quads: Vec::new(),
            graph: GraphName::DefaultGraph,
        };
        match unit {
            QuadUnit::Nodes(range) => {
                for node in self
                    .resolution
                    .nodes
                    .get(range.clone())
                    .into_iter()
                    .flatten()
                {
                    self.node(&mut sink, node);
                }
            }
            QuadUnit::Edges(range) => {
                for edge in self
                    .resolution
                    .edges
                    .get(range.clone())
                    .into_iter()
                    .flatten()
                {
                    self.edge(&mut sink, edge);
                }
            }
            QuadUnit::Documents(range) => {
                for &position in self
                    .resolution
                    .order
                    .get(range.clone())
                    .into_iter()
                    .flatten()
                {
                    self.document(&mut sink, position)?;
                }
            }
        }
        Ok(sink.quads)
    }

    /// The default-graph quads of node `i` (its description and mentions).
    pub fn node_quads(&self, node: usize) -> Vec<Quad> {
        self.collect(|sink| {
            if let Some(node) = self.resolution.nodes.get(node) {
                self.node(sink, node);
            }
        })
    }

    /// The default-graph quads of edge `i` (the direct triple and its fact node).
    pub fn edge_quads(&self, edge: usize) -> Vec<Quad> {
        self.collect(|sink| {
            if let Some(edge) = self.resolution.edges.get(edge) {
                self.edge(sink, edge);
            }
        })
    }

    /// The named graph of the document at corpus position `position`.
    pub fn document_quads(&self, position: u32) -> Result<Vec<Quad>> {
        let mut sink = Sink {
            quads: Vec::new(),
            graph: GraphName::DefaultGraph,
        };
        self.document(&mut sink, position)?;
        Ok(sink.quads)
    }

    fn collect(&self, f: impl FnOnce(&mut Sink)) -> Vec<Quad> {
        let mut sink = Sink {
            quads: Vec::new(),
            graph: GraphName::DefaultGraph,
        };
        f(&mut sink);
        sink.quads
    }

    fn text(&self, sym: Sym) -> &'a str {
        self.corpus.strings.get(sym)
    }

    fn node(&self, sink: &mut Sink, node: &ResolvedNode) {
        let mut docs: Vec<&str> = node
            .members
            .iter()
            .filter_map(|m| self.corpus.docs().get(m.doc as usize))
            .map(|d| self.text(d.doc))
            .collect();
        docs.sort_unstable();
        docs.dedup();
        node_terms_quads(
            sink,
            &NodeTerms {
                key: &node.key,
                kind: node.kind,
                event_type: node.event_type,
                name: self.text(node.name),
                aliases: node.aliases.iter().map(|a| self.text(*a)).collect(),
                kb: node.kb.map(|s| self.text(s)),
                wikidata: node.wikidata.map(|s| self.text(s)),
                date: node.date.map(|s| self.text(s)),
                killed: node.killed,
                injured: node.injured,
                docs,
            },
        );
    }

    fn edge(&self, sink: &mut Sink, edge: &ResolvedEdge) {
        let fact = fact_terms_quads(
            sink,
            self.resolution.key(edge.subject),
            edge.predicate,
            self.resolution.key(edge.object),
            u64::from(edge.support),
            edge.confidence,
        );
        for at in &edge.evidence {
            if let Some(evidence) = self.evidence(*at) {
                let iri = evidence_parts_iri(
                    &fact,
                    self.text(evidence.doc),
                    evidence.span,
                    self.text(evidence.rule),
                    evidence.confidence,
                );
                sink.add(&fact, vocab::HAS_EVIDENCE, iri);
            }
        }
    }

    fn evidence(&self, at: EvidenceAt) -> Option<&'a osintkg_graph::corpus::EvidenceSummary> {
        self.corpus
            .docs()
            .get(at.doc as usize)?
            .relations
            .get(at.relation as usize)?
            .evidence
            .get(at.evidence as usize)
    }

    fn document(&self, sink: &mut Sink, position: u32) -> Result<()> {
        let Some(summary) = self.corpus.docs().get(position as usize) else {
            return Ok(());
        };
        let doc = self.text(summary.doc);
        let record = summary
            .record(&self.corpus.strings, self.sentences)
            .map_err(|cause| RdfError::Io {
                path: PathBuf::from(doc),
                cause,
            })?;
        let iri = document_iri(doc);
        sink.graph = GraphName::NamedNode(iri.clone());
        document_quads(sink, &iri, doc, Some(&record.meta));
        record_quad(sink, &iri, &record)?;
        for &(edge, relation, evidence) in self
            .evidence_by_doc
            .get(position as usize)
            .into_iter()
            .flatten()
        {
            let (Some(edge), Some(found)) = (
                self.resolution.edges.get(edge as usize),
                record
                    .relations
                    .get(relation as usize)
                    .and_then(|r| r.evidence.get(evidence as usize)),
            ) else {
                continue;
            };
            let (subject, object) = (
                self.resolution.key(edge.subject),
                self.resolution.key(edge.object),
            );
            let fact = fact_iri(subject, edge.predicate, object);
            let evidence_iri = evidence_iri(&fact, found);
            evidence_terms_quads(
                sink,
                &evidence_iri,
                &iri,
                subject,
                edge.predicate,
                object,
                found,
            );
        }
        sink.graph = GraphName::DefaultGraph;
        Ok(())
    }
}

/// The extraction records stored in `store`, sorted by document id. `location` names the
/// store in error messages.
pub fn records_from_store(store: &Store, location: &Path) -> Result<Vec<DocumentRecord>> {
    let mut records = Vec::new();
    for quad in store.quads_for_pattern(None, Some(vocab::EXTRACTION), None, None) {
        let quad = quad.map_err(RdfError::storage(location))?;
        let doc = match &quad.subject {
            NamedOrBlankNode::NamedNode(n) => n.as_str().to_owned(),
            NamedOrBlankNode::BlankNode(b) => b.to_string(),
        };
        let TermRef::Literal(json) = quad.object.as_ref() else {
            return Err(RdfError::Corrupt {
                path: location.to_owned(),
                message: format!("okg:extraction of {doc} is not a literal"),
            });
        };
        let record: DocumentRecord =
            serde_json::from_str(json.value()).map_err(|cause| RdfError::Record { doc, cause })?;
        records.push(record);
    }
    records.sort_by(|a, b| a.doc.cmp(&b.doc));
    Ok(records)
}

/// The knowledge graph of a store.
///
/// It is rebuilt by resolving the stored extraction records again
/// ([`KnowledgeGraph::from_records`] is deterministic over the set of records), rather than
/// read back from the triples: the records are the complete input, and resolution is what
/// the graph is defined by, so the result is exactly the graph that was stored, merges and
/// mentions included.
pub fn graph_from_store(store: &Store, location: &Path) -> Result<KnowledgeGraph> {
    let records = records_from_store(store, location)?;
    Ok(KnowledgeGraph::from_records(&records))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use osintkg_graph::{EntityRecord, EntityType, EventType, RelationRecord, Span};
    use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};

    fn evidence(doc: &str, sentence: &str) -> Evidence {
        Evidence {
            doc: doc.to_owned(),
            span: Span::new(10, 10 + sentence.len()),
            sentence: sentence.to_owned(),
            rule: "claim.responsibility".to_owned(),
            confidence: 0.8,
        }
    }

    fn entity(id: &str, kind: EntityType, name: &str) -> EntityRecord {
        let mut e = EntityRecord::new(id, kind, name);
        e.mentions.push(name.to_owned());
        e
    }

    /// Two documents about the Crocus City Hall attack claimed by ISKP.
    pub(crate) fn sample_records() -> Vec<DocumentRecord> {
        (0..2)
            .map(|i| {
                let doc = format!("00{i}_crocus");
                let mut iskp = entity(
                    "iskp",
                    EntityType::Organization,
                    "Islamic State Khorasan Province",
                );
                iskp.kb = Some("org:iskp".to_owned());
                iskp.wikidata = Some("Q19605764".to_owned());
                iskp.mentions.push("ISKP".to_owned());
                let mut russia = entity("ru", EntityType::Country, "Russia");
                russia.kb = Some("country:ru".to_owned());
                let mut attack = entity("a", EntityType::Event, "Crocus City Hall attack");
                attack.event_type = Some(EventType::Attack);
                attack.date = Some("2024-03-22".to_owned());
                attack.killed = Some(145);
                let sentence =
                    "Islamic State Khorasan Province claimed the attack on Crocus City Hall.";
                DocumentRecord {
                    doc: doc.clone(),
                    meta: DocumentMeta {
                        file: Some(format!("seeds/{doc}.txt")),
                        title: Some("Attack near Moscow".to_owned()),
                        date: Some("2024-03".to_owned()),
                        url: Some("https://example.org/news?id=1&x=<y>".to_owned()),
                        lang: Some("eng".to_owned()),
                        sha256: "ab".repeat(32),
                    },
                    entities: vec![iskp, russia, attack],
                    relations: vec![
                        RelationRecord {
                            subject: "a".to_owned(),
                            predicate: Predicate::ClaimedBy,
                            object: "iskp".to_owned(),
                            evidence: vec![evidence(&doc, sentence)],
                        },
                        RelationRecord {
                            subject: "a".to_owned(),
                            predicate: Predicate::OccurredIn,
                            object: "ru".to_owned(),
                            evidence: vec![evidence(&doc, sentence)],
                        },
                    ],
                }
            })
            .collect()
    }

    /// A document whose every field tries to break IRIs, literals or terminals.
    pub(crate) fn hostile_records() -> Vec<DocumentRecord> {
        let nasty =
            "Al \"Qa'ida\" <script>\\n\u{202E}evil\u{200B}\n\r\t\u{0}\u{7f} > ] . ; # %41 }";
        let mut person = entity("p", EntityType::Person, nasty);
        person.mentions.push(format!("{nasty} (alias)"));
        person.wikidata = Some("Q1> <http://evil.example/>".to_owned());
        person.kb = Some(nasty.to_owned());
        let mut org = entity("o", EntityType::Organization, "..");
        org.kb = Some("..".to_owned());
        let mut event = entity("e", EntityType::Event, nasty);
        event.event_type = Some(EventType::Protest);
        event.date = Some("22 March \"2024\"".to_owned());
        let doc = format!("doc {nasty}");
        vec![DocumentRecord {
            doc: doc.clone(),
            meta: DocumentMeta {
                file: Some(nasty.to_owned()),
                title: Some(nasty.to_owned()),
                date: Some(nasty.to_owned()),
                url: Some(nasty.to_owned()),
                lang: Some(nasty.to_owned()),
                sha256: nasty.to_owned(),
            },
            entities: vec![person, org, event],
            relations: vec![
                RelationRecord {
                    subject: "p".to_owned(),
                    predicate: Predicate::MemberOf,
                    object: "o".to_owned(),
                    evidence: vec![Evidence {
                        rule: nasty.to_owned(),
                        ..evidence(&doc, nasty)
                    }],
                },
                RelationRecord {
                    subject: "e".to_owned(),
                    predicate: Predicate::Agent,
                    object: "p".to_owned(),
                    evidence: vec![evidence(&doc, nasty)],
                },
            ],
        }]
    }

    pub(crate) fn sample_quads() -> Vec<Quad> {
        let records = sample_records();
        to_quads(&KnowledgeGraph::from_records(&records), &records).unwrap()
    }

    fn memory_store(quads: Vec<Quad>) -> Store {
        let store = Store::new().unwrap();
        let mut loader = store.bulk_loader();
        loader.load_quads(quads).unwrap();
        loader.commit().unwrap();
        store
    }

    #[test]
    fn quads_of_a_resolved_corpus_are_those_of_its_graph() {
        for records in [sample_records(), hostile_records()] {
            let mut corpus = Corpus::default();
            let mut sentences = osintkg_graph::MemorySentences::default();
            for record in &records {
                corpus.add_record(record, &mut sentences).unwrap();
            }
            let resolution = Resolution::resolve(&corpus);
            let resolved = ResolvedQuads::new(&corpus, &resolution, &sentences);
            let streamed: Vec<Quad> = resolved
                .units(1)
                .iter()
                .flat_map(|u| resolved.quads(u).unwrap())
                .collect();
            let expected = to_quads(&KnowledgeGraph::from_records(&records), &records).unwrap();
            assert_eq!(streamed.len(), expected.len());
            let set = |q: &[Quad]| q.iter().map(Quad::to_string).collect::<BTreeSet<String>>();
            assert_eq!(set(&streamed), set(&expected));
        }
    }

    #[test]
    fn quads_are_distinct_so_a_build_can_count_them_as_it_loads() {
        let quads = sample_quads();
        let distinct: std::collections::HashSet<&Quad> = quads.iter().collect();
        assert_eq!(distinct.len(), quads.len());
    }

    #[test]
    fn same_input_gives_identical_quads() {
        let records = sample_records();
        let mut reversed = records.clone();
        reversed.reverse();
        let first = to_quads(&KnowledgeGraph::from_records(&records), &records).unwrap();
        let second = to_quads(&KnowledgeGraph::from_records(&reversed), &reversed).unwrap();
        assert_eq!(first, second);
        assert!(first.len() > 30);
    }

    #[test]
    fn resolved_graph_is_in_the_default_graph_and_evidence_per_document() {
        let quads = sample_quads();
        let default: Vec<&Quad> = quads
            .iter()
            .filter(|q| q.graph_name.is_default_graph())
            .collect();
        let iskp = entity_iri("org:iskp");
        let graph = KnowledgeGraph::from_records(&sample_records());
        let attack_key = graph
            .nodes
            .values()
            .find(|n| n.kind == EntityType::Event)
            .map(|n| n.key.clone())
            .unwrap();
        let attack = entity_iri(&attack_key);
        let has = |s: &NamedNode, p: NamedNodeRef<'_>, o: Term| {
            default
                .iter()
                .any(|q| q.subject == s.clone().into() && q.predicate == p && q.object == o)
        };
        assert!(has(
            &attack,
            vocab::predicate(Predicate::ClaimedBy),
            iskp.clone().into()
        ));
        assert!(has(
            &attack,
            rdf::TYPE,
            vocab::event_class(EventType::Attack).into_owned().into()
        ));
        assert!(has(
            &attack,
            vocab::DATE,
            Literal::new_typed_literal("2024-03-22", xsd::DATE).into()
        ));
        assert!(has(&attack, vocab::KILLED, Literal::from(145_u64).into()));
        let fact = fact_iri(&attack_key, Predicate::ClaimedBy, "org:iskp");
        assert!(has(&fact, vocab::SUPPORT, Literal::from(2_u64).into()));
        assert!(has(
            &iskp,
            vocab::OWL_SAME_AS,
            NamedNode::new_unchecked("http://www.wikidata.org/entity/Q19605764").into()
        ));
        let graphs: BTreeSet<String> = quads
            .iter()
            .filter_map(|q| match &q.graph_name {
                GraphName::NamedNode(n) => Some(n.as_str().to_owned()),
                _ => None,
            })
            .collect();
        assert_eq!(
            graphs,
            BTreeSet::from([format!("{DOC_NS}000_crocus"), format!("{DOC_NS}001_crocus")])
        );
    }

    #[test]
    fn every_okg_term_emitted_is_declared() {
        let declared = crate::vocab::tests::declared_terms();
        let mut quads = sample_quads();
        let hostile = hostile_records();
        quads.extend(to_quads(&KnowledgeGraph::from_records(&hostile), &hostile).unwrap());
        for quad in &quads {
            let mut terms = vec![quad.predicate.as_str().to_owned()];
            match &quad.object {
                Term::NamedNode(n) => terms.push(n.as_str().to_owned()),
                Term::Literal(l) => terms.push(l.datatype().as_str().to_owned()),
                _ => {}
            }
            for term in terms.iter().filter(|t| t.starts_with(vocab::OKG_NS)) {
                assert!(
                    declared.contains(term),
                    "{term} is not declared in the ontology"
                );
            }
        }
    }

    #[test]
    fn hostile_names_give_valid_iris_and_literals() {
        let records = hostile_records();
        let quads = to_quads(&KnowledgeGraph::from_records(&records), &records).unwrap();
        for quad in &quads {
            for iri in [
                Some(quad.predicate.as_str()),
                match &quad.subject {
                    NamedOrBlankNode::NamedNode(n) => Some(n.as_str()),
                    _ => None,
                },
                match &quad.object {
                    Term::NamedNode(n) => Some(n.as_str()),
                    _ => None,
                },
                match &quad.graph_name {
                    GraphName::NamedNode(n) => Some(n.as_str()),
                    _ => None,
                },
            ]
            .into_iter()
            .flatten()
            {
                assert!(NamedNode::new(iri).is_ok(), "invalid IRI {iri:?}");
                assert!(!iri.contains(".."), "dot segment in {iri:?}");
                assert!(!iri.contains("evil.example"), "forged IRI {iri:?}");
            }
        }
        for format in [RdfFormat::NQuads, RdfFormat::TriG] {
            let mut serializer = RdfSerializer::from_format(format).for_writer(Vec::new());
            for quad in &quads {
                serializer.serialize_quad(quad).unwrap();
            }
            let bytes = serializer.finish().unwrap();
            let parsed: Vec<Quad> = RdfParser::from_format(format)
                .for_slice(&bytes)
                .collect::<Result<_, _>>()
                .unwrap();
            assert_eq!(parsed.len(), quads.len(), "{format}");
            let expected: BTreeSet<String> = quads.iter().map(Quad::to_string).collect();
            let got: BTreeSet<String> = parsed.iter().map(Quad::to_string).collect();
            assert_eq!(expected, got, "{format}");
        }
        let store = memory_store(quads);
        assert_eq!(
            records_from_store(&store, Path::new("memory")).unwrap(),
            records
        );
    }

    #[test]
    fn distinct_keys_give_distinct_iris() {
        let keys = [
            "org:a b",
            "org:a%20b",
            "org:a/b",
            "org:a%2Fb",
            "",
            ".",
            "..",
            "%2E",
        ];
        let iris: BTreeSet<NamedNode> = keys.iter().map(|k| entity_iri(k)).collect();
        assert_eq!(iris.len(), keys.len());
        assert_eq!(
            entity_iri("country:ru").as_str(),
            "https://w3id.org/osintkg/id/country:ru"
        );
    }

    #[test]
    fn records_and_graph_come_back_from_a_store() {
        let records = sample_records();
        let graph = KnowledgeGraph::from_records(&records);
        let store = memory_store(to_quads(&graph, &records).unwrap());
        assert_eq!(
            records_from_store(&store, Path::new("memory")).unwrap(),
            records
        );
        assert_eq!(
            graph_from_store(&store, Path::new("memory")).unwrap(),
            graph
        );
    }
}
