//! Dumps of a store in the standard RDF formats, streamed quad by quad so that an export
//! never needs the graph in memory.
//!
//! Dataset formats (N-Quads, TriG) keep the named graphs: the resolved graph in the
//! default graph and each document's evidence in the graph named by the document's IRI.
//! Triple formats (Turtle, N-Triples, RDF/XML) cannot name graphs, so they hold the union:
//! the default graph followed by every document graph. Nothing is lost, because every
//! evidence node says which document it comes from (`prov:wasDerivedFrom`) and document
//! graphs share no triple with each other or with the default graph.
//!
//! With the ontology, its triples come first, in the default graph.

use crate::vocab::{ONTOLOGY_TTL, PREFIXES};
use crate::{RdfError, Result};
use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::{
    BlankNode, GraphName, Literal, NamedNode, NamedOrBlankNode, Term, Triple, TripleRef,
};
use oxigraph::store::Store;
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

/// The formats a store can be exported to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// Turtle with prefixes: the union of all graphs.
    Turtle,
    /// N-Triples: the union of all graphs.
    NTriples,
    /// N-Quads: the dataset, graphs kept.
    NQuads,
    /// TriG with prefixes: the dataset, graphs kept.
    TriG,
    /// RDF/XML: the union of all graphs.
    RdfXml,
}

impl ExportFormat {
    /// Every format, in a stable order.
    pub const ALL: [ExportFormat; 5] = [
        ExportFormat::Turtle,
        ExportFormat::NTriples,
        ExportFormat::NQuads,
        ExportFormat::TriG,
        ExportFormat::RdfXml,
    ];

    /// The format with this name or file extension (`turtle`/`ttl`, `ntriples`/`nt`,
    /// `nquads`/`nq`, `trig`, `rdfxml`/`rdf`/`xml`), ignoring ASCII case.
    pub fn from_name(name: &str) -> Option<ExportFormat> {
        match name.to_ascii_lowercase().as_str() {
            "turtle" | "ttl" => Some(ExportFormat::Turtle),
            "ntriples" | "n-triples" | "nt" => Some(ExportFormat::NTriples),
            "nquads" | "n-quads" | "nq" => Some(ExportFormat::NQuads),
            "trig" => Some(ExportFormat::TriG),
            "rdfxml" | "rdf/xml" | "rdf" | "xml" | "owl" => Some(ExportFormat::RdfXml),
            _ => None,
        }
    }

    /// The oxigraph format.
    pub fn rdf_format(self) -> RdfFormat {
        match self {
            ExportFormat::Turtle => RdfFormat::Turtle,
            ExportFormat::NTriples => RdfFormat::NTriples,
            ExportFormat::NQuads => RdfFormat::NQuads,
            ExportFormat::TriG => RdfFormat::TriG,
            ExportFormat::RdfXml => RdfFormat::RdfXml,
        }
    }

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        self.rdf_format().file_extension()
    }

    /// True when the format keeps named graphs.
    pub fn keeps_graphs(self) -> bool {
        self.rdf_format().supports_datasets()
    }
}

/// A serializer for `format` that writes the common prefixes where the format has them.
pub(crate) fn with_prefixes(format: RdfFormat) -> RdfSerializer {
    let mut serializer = RdfSerializer::from_format(format);
    for (prefix, iri) in PREFIXES {
        // The prefixes are constants checked by a test; one that failed would only cost
        // shorter names, so it is skipped rather than failing an export.
        serializer = serializer
            .clone()
            .with_prefix(*prefix, *iri)
            .unwrap_or(serializer);
    }
    serializer
}

/// The ontology's triples. Its anonymous nodes get labels numbered in document order,
/// so that two exports of the same store are byte-identical.
pub fn ontology_triples() -> Result<Vec<Triple>> {
    let mut labels: HashMap<BlankNode, BlankNode> = HashMap::new();
    let mut relabel = |node: BlankNode| -> BlankNode {
        let next = labels.len();
        labels
            .entry(node)
            .or_insert_with(|| BlankNode::new_unchecked(format!("okg{next}")))
            .clone()
    };
    let mut triples = Vec::new();
    for quad in RdfParser::from_format(RdfFormat::Turtle).for_slice(ONTOLOGY_TTL) {
        let quad = quad.map_err(|e| RdfError::Ontology {
            message: e.to_string(),
        })?;
        let subject = match quad.subject {
            NamedOrBlankNode::BlankNode(b) => NamedOrBlankNode::BlankNode(relabel(b)),
            other => other,
        };
        let object = match quad.object {
            Term::BlankNode(b) => Term::BlankNode(relabel(b)),
            other => other,
        };
        triples.push(Triple::new(subject, quad.predicate, object));
    }
    Ok(triples)
}

/// Writes everything in `store` to `out` in `format`, optionally preceded by the
/// ontology, and returns the number of triples or quads written.
pub fn export(
    store: &Store,
    format: ExportFormat,
    with_ontology: bool,
    out: impl Write,
) -> Result<u64> {
    export_from(
        store,
        Path::new("in-memory store"),
        format,
        with_ontology,
        out,
    )
}

/// [`export`], naming the store's `location` in errors.
pub(crate) fn export_from(
    store: &Store,
    location: &Path,
    format: ExportFormat,
    with_ontology: bool,
    mut out: impl Write,
) -> Result<u64> {
    let serializer = match format {
        ExportFormat::Turtle | ExportFormat::TriG | ExportFormat::RdfXml => {
            with_prefixes(format.rdf_format())
        }
        ExportFormat::NTriples | ExportFormat::NQuads => {
            RdfSerializer::from_format(format.rdf_format())
        }
    };
    let mut serializer = serializer.for_writer(&mut out);
    let mut count = 0;
    if with_ontology {
        for triple in ontology_triples()? {
            serializer
                .serialize_triple(&triple)
                .map_err(RdfError::write)?;
            count += 1;
        }
    }
    let keep_graphs = format.keeps_graphs();
    for quad in store.iter() {
        let mut quad = quad.map_err(RdfError::storage(location))?;
        if format == ExportFormat::RdfXml {
            quad.object = xml_safe(quad.object);
        }
        if keep_graphs {
            serializer.serialize_quad(&quad)
        } else {
            serializer.serialize_triple(TripleRef::from(quad.as_ref()))
        }
        .map_err(RdfError::write)?;
        count += 1;
    }
    serializer.finish().map_err(RdfError::write)?;
    out.flush().map_err(RdfError::write)?;
    Ok(count)
}

/// Which part of a store [`export_graph`] writes, as the Graph Store Protocol names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GraphSelection {
    /// The default graph: the resolved entities, facts and their links.
    Default,
    /// The named graph with this IRI: a document's evidence and extraction record.
    Named(String),
    /// Every graph, as a dataset (the format must keep graphs: N-Quads or TriG).
    Dataset,
}

/// Writes one graph of `store` (or, for [`GraphSelection::Dataset`], all of it with its
/// graph names) to `out` in `format`, and returns the number of triples or quads written.
///
/// A named graph the store does not hold is [`RdfError::NoSuchGraph`]; a dataset asked for
/// in a format without graphs is written as the union of the graphs, like [`export`].
pub fn export_graph(
    store: &Store,
    graph: &GraphSelection,
    format: ExportFormat,
    out: impl Write,
) -> Result<u64> {
    export_graph_from(store, Path::new("in-memory store"), graph, format, out)
}

/// [`export_graph`], naming the store's `location` in errors.
pub(crate) fn export_graph_from(
    store: &Store,
    location: &Path,
    graph: &GraphSelection,
    format: ExportFormat,
    mut out: impl Write,
) -> Result<u64> {
    let name = match graph {
        GraphSelection::Dataset => return export_from(store, location, format, false, out),
        GraphSelection::Default => GraphName::DefaultGraph,
        GraphSelection::Named(iri) => {
            let node = NamedNode::new(iri.as_str()).map_err(|cause| RdfError::InvalidIri {
                iri: iri.clone(),
                message: cause.to_string(),
            })?;
            if !store
                .contains_named_graph(&node)
                .map_err(RdfError::storage(location))?
            {
                return Err(RdfError::NoSuchGraph { iri: iri.clone() });
            }
            GraphName::NamedNode(node)
        }
    };
    let serializer = match format {
        ExportFormat::Turtle | ExportFormat::TriG | ExportFormat::RdfXml => {
            with_prefixes(format.rdf_format())
        }
        ExportFormat::NTriples | ExportFormat::NQuads => {
            RdfSerializer::from_format(format.rdf_format())
        }
    };
    let mut serializer = serializer.for_writer(&mut out);
    let mut count = 0;
    for quad in store.quads_for_pattern(None, None, None, Some(name.as_ref())) {
        let mut quad = quad.map_err(RdfError::storage(location))?;
        if format == ExportFormat::RdfXml {
            quad.object = xml_safe(quad.object);
        }
        if format.keeps_graphs() {
            serializer.serialize_quad(&quad)
        } else {
            serializer.serialize_triple(TripleRef::from(quad.as_ref()))
        }
        .map_err(RdfError::write)?;
        count += 1;
    }
    serializer.finish().map_err(RdfError::write)?;
    out.flush().map_err(RdfError::write)?;
    Ok(count)
}

/// XML 1.0 cannot carry most C0 controls (not even as `&#0;`), which RDF literals may
/// hold, so in RDF/XML they become U+FFFD: the one export that can alter a literal.
pub(crate) fn xml_safe(term: Term) -> Term {
    let forbidden = |c: char| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
    };
    match term {
        Term::Literal(literal) if literal.value().contains(forbidden) => {
            let value = literal.value().replace(forbidden, "\u{FFFD}");
            Term::Literal(match literal.language() {
                Some(lang) => Literal::new_language_tagged_literal_unchecked(value, lang),
                None => Literal::new_typed_literal(value, literal.datatype()),
            })
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mapping::tests::{hostile_records, sample_records};
    use crate::mapping::to_quads;
    use osintkg_graph::KnowledgeGraph;
    use oxigraph::model::Quad;

    fn store() -> (Store, usize) {
        let mut records = sample_records();
        records.extend(hostile_records());
        let quads = to_quads(&KnowledgeGraph::from_records(&records), &records).unwrap();
        let count = quads.len();
        let store = Store::new().unwrap();
        let mut loader = store.bulk_loader();
        loader.load_quads(quads).unwrap();
        loader.commit().unwrap();
        assert_eq!(store.len().unwrap(), count);
        (store, count)
    }

    #[test]
    fn every_format_parses_back_to_the_same_count() {
        let (store, count) = store();
        let ontology = ontology_triples().unwrap().len();
        for format in ExportFormat::ALL {
            for with_ontology in [false, true] {
                let mut out = Vec::new();
                let written = export(&store, format, with_ontology, &mut out).unwrap();
                let expected = count + if with_ontology { ontology } else { 0 };
                assert_eq!(written, expected as u64, "{format:?}");
                let parsed: Vec<Quad> = RdfParser::from_format(format.rdf_format())
                    .for_slice(&out)
                    .collect::<Result<_, _>>()
                    .unwrap_or_else(|e| panic!("{format:?}: {e}"));
                assert_eq!(parsed.len(), expected, "{format:?}");
                if format == ExportFormat::RdfXml {
                    assert!(!out.contains(&0), "XML 1.0 cannot hold NUL");
                }
                let named = parsed
                    .iter()
                    .filter(|q| !q.graph_name.is_default_graph())
                    .count();
                assert_eq!(named > 0, format.keeps_graphs(), "{format:?}");
            }
        }
    }

    #[test]
    fn one_graph_exports_alone_and_a_missing_one_is_an_error() {
        let (store, count) = store();
        let mut default = Vec::new();
        let in_default = export_graph(
            &store,
            &GraphSelection::Default,
            ExportFormat::NTriples,
            &mut default,
        )
        .unwrap();
        let doc = crate::mapping::document_iri(&sample_records()[0].doc);
        let mut named = Vec::new();
        let in_doc = export_graph(
            &store,
            &GraphSelection::Named(doc.as_str().to_owned()),
            ExportFormat::NQuads,
            &mut named,
        )
        .unwrap();
        assert!(in_default > 0 && in_doc > 0 && in_default + in_doc < count as u64);
        let named = String::from_utf8(named).unwrap();
        assert!(
            named.lines().all(|l| l.ends_with(&format!("{doc} ."))),
            "{named}"
        );
        let missing = export_graph(
            &store,
            &GraphSelection::Named("https://example.org/none".to_owned()),
            ExportFormat::Turtle,
            Vec::new(),
        );
        assert!(matches!(missing, Err(RdfError::NoSuchGraph { .. })));
        let all = export_graph(
            &store,
            &GraphSelection::Dataset,
            ExportFormat::NQuads,
            Vec::new(),
        );
        assert_eq!(all.unwrap(), count as u64);
    }

    #[test]
    fn exports_are_deterministic_and_turtle_uses_prefixes() {
        let (store, _) = store();
        let dump = |format| {
            let mut out = Vec::new();
            export(&store, format, true, &mut out).unwrap();
            String::from_utf8(out).unwrap()
        };
        let turtle = dump(ExportFormat::Turtle);
        assert_eq!(turtle, dump(ExportFormat::Turtle));
        assert!(turtle.contains("@prefix okg: <https://w3id.org/osintkg/ontology#> ."));
        assert!(turtle.contains("okg:claimedBy"));
    }
}
