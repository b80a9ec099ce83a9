//! The terms the mapping writes, as constants, next to the ontology that defines them.
//!
//! Keeping every IRI here (and nowhere else) lets one test prove that the data never uses
//! an `okg:` term the ontology does not declare, and that the ontology declares nothing
//! the data cannot contain.

use osintkg_graph::{EntityType, EventType, Predicate};
use oxigraph::model::{NamedNode, NamedNodeRef};
use std::sync::LazyLock;

/// The ontology, as shipped in `ontology/osintkg.ttl`.
pub const ONTOLOGY_TTL: &str = include_str!("../../../ontology/osintkg.ttl");

/// The SHACL shapes for instance data, as shipped in `ontology/shapes.ttl`.
pub const SHAPES_TTL: &str = include_str!("../../../ontology/shapes.ttl");

/// The ontology's namespace (`okg:`).
pub const OKG_NS: &str = "https://w3id.org/osintkg/ontology#";

/// Where resolved entities, events, facts and evidence get their IRIs (`id:`).
pub const ID_NS: &str = "https://w3id.org/osintkg/id/";

/// Where source documents, and the named graphs that hold their evidence, get their IRIs
/// (`doc:`).
pub const DOC_NS: &str = "https://w3id.org/osintkg/doc/";

/// Wikidata entities, for `owl:sameAs` links (`wd:`).
pub const WIKIDATA_NS: &str = "http://www.wikidata.org/entity/";

/// Prefixes predeclared in queries and written in Turtle, TriG and RDF/XML output.
pub const PREFIXES: &[(&str, &str)] = &[
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("schema", "https://schema.org/"),
    ("sem", "http://semanticweb.cs.vu.nl/2009/11/sem/"),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("org", "http://www.w3.org/ns/org#"),
    ("okg", OKG_NS),
    ("id", ID_NS),
    ("doc", DOC_NS),
    ("wd", WIKIDATA_NS),
];

/// `skos:altLabel`: every other name of an entity.
pub const SKOS_ALT_LABEL: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#altLabel");
/// `owl:sameAs`: the entity's Wikidata item.
pub const OWL_SAME_AS: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://www.w3.org/2002/07/owl#sameAs");
/// `rdf:JSON`: the datatype of the stored extraction records (oxigraph only names it
/// with RDF 1.2 enabled).
pub const RDF_JSON: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON");
/// `prov:Entity`: documents are provenance entities.
pub const PROV_ENTITY: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://www.w3.org/ns/prov#Entity");
/// `prov:wasDerivedFrom`: evidence comes from a document.
pub const PROV_WAS_DERIVED_FROM: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://www.w3.org/ns/prov#wasDerivedFrom");

macro_rules! okg_constants {
    ($($(#[$doc:meta])* $name:ident = $local:literal;)*) => {
        $(
            $(#[$doc])*
            pub const $name: NamedNodeRef<'static> =
                NamedNodeRef::new_unchecked(concat!("https://w3id.org/osintkg/ontology#", $local));
        )*

        /// Every `okg:` term above; [`okg_terms`] adds those named after the model.
        pub const OKG_TERMS: &[NamedNodeRef<'static>] = &[$($name),*];
    };
}

okg_constants! {
    /// `okg:Person`.
    PERSON = "Person";
    /// `okg:Organization`.
    ORGANIZATION = "Organization";
    /// `okg:Country`.
    COUNTRY = "Country";
    /// `okg:Location`.
    LOCATION = "Location";
    /// `okg:Event`.
    EVENT = "Event";
    /// `okg:Document`: a source document.
    DOCUMENT = "Document";
    /// `okg:Evidence`: one sentence stating a fact.
    EVIDENCE = "Evidence";
    /// `okg:Fact`: a reified relation with its support and confidence.
    FACT = "Fact";
    /// `okg:evidence`: from a fact to the sentences that state it.
    HAS_EVIDENCE = "evidence";
    /// `okg:mentionedIn`: from an entity to a document that mentions it.
    MENTIONED_IN = "mentionedIn";
    /// `okg:kbId`: the gazetteer id.
    KB_ID = "kbId";
    /// `okg:date`: typed by precision.
    DATE = "date";
    /// `okg:datePrecision`: `day`, `month` or `year`.
    DATE_PRECISION = "datePrecision";
    /// `okg:killed`.
    KILLED = "killed";
    /// `okg:injured`.
    INJURED = "injured";
    /// `okg:support`: distinct documents stating a fact.
    SUPPORT = "support";
    /// `okg:confidence`.
    CONFIDENCE = "confidence";
    /// `okg:sentence`.
    SENTENCE = "sentence";
    /// `okg:start`: first byte of the sentence.
    START = "start";
    /// `okg:end`: one past the last byte of the sentence.
    END = "end";
    /// `okg:rule`: the extraction rule.
    RULE = "rule";
    /// `okg:docId`.
    DOC_ID = "docId";
    /// `okg:title`.
    TITLE = "title";
    /// `okg:url`.
    URL = "url";
    /// `okg:sha256`.
    SHA256 = "sha256";
    /// `okg:file`.
    FILE = "file";
    /// `okg:lang`.
    LANG = "lang";
    /// `okg:extraction`: the document's extraction record as JSON.
    EXTRACTION = "extraction";
}

/// The class of a node type.
pub fn entity_class(kind: EntityType) -> NamedNodeRef<'static> {
    match kind {
        EntityType::Person => PERSON,
        EntityType::Organization => ORGANIZATION,
        EntityType::Country => COUNTRY,
        EntityType::Location => LOCATION,
        EntityType::Event => EVENT,
    }
}

/// The subclass of `okg:Event` for an event type: `okg:` and the type's name.
pub fn event_class(kind: EventType) -> NamedNodeRef<'static> {
    static CLASSES: LazyLock<Vec<NamedNode>> =
        LazyLock::new(|| EventType::ALL.iter().map(|t| okg(t.as_str())).collect());
    CLASSES[kind as usize].as_ref()
}

/// The property of a predicate: `okg:` and the predicate's name.
pub fn predicate(predicate: Predicate) -> NamedNodeRef<'static> {
    static PROPERTIES: LazyLock<Vec<NamedNode>> =
        LazyLock::new(|| Predicate::ALL.iter().map(|p| okg(p.as_str())).collect());
    PROPERTIES[predicate as usize].as_ref()
}

fn okg(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{OKG_NS}{local}"))
}

/// Every `okg:` term the mapping can write: the constants, and the classes and
/// properties named after the model's event types and predicates.
pub fn okg_terms() -> impl Iterator<Item = NamedNodeRef<'static>> {
    OKG_TERMS
        .iter()
        .copied()
        .chain(EventType::ALL.into_iter().map(event_class))
        .chain(Predicate::ALL.into_iter().map(predicate))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use oxigraph::io::{RdfFormat, RdfParser};
    use oxigraph::model::vocab::rdf;
    use oxigraph::model::{
        Graph, NamedOrBlankNode, NamedOrBlankNodeRef, Term, TermRef, Triple, TripleRef,
    };
    use std::collections::BTreeSet;

    /// IRIs the ontology declares as a class or property, in the `okg:` namespace.
    pub(crate) fn declared_terms() -> BTreeSet<String> {
        let kinds = [
            "http://www.w3.org/2002/07/owl#Class",
            "http://www.w3.org/2002/07/owl#ObjectProperty",
            "http://www.w3.org/2002/07/owl#DatatypeProperty",
            "http://www.w3.org/2002/07/owl#AnnotationProperty",
        ];
        let mut declared = BTreeSet::new();
        for quad in RdfParser::from_format(RdfFormat::Turtle).for_slice(ONTOLOGY_TTL) {
            let quad = quad.unwrap();
            if quad.predicate.as_ref() != rdf::TYPE {
                continue;
            }
            let (NamedOrBlankNode::NamedNode(subject), Term::NamedNode(kind)) =
                (&quad.subject, &quad.object)
            else {
                continue;
            };
            if kinds.contains(&kind.as_str()) && subject.as_str().starts_with(OKG_NS) {
                declared.insert(subject.as_str().to_owned());
            }
        }
        declared
    }

    #[test]
    fn every_constant_is_declared_and_every_declaration_has_a_constant() {
        let declared = declared_terms();
        let constants: BTreeSet<String> = okg_terms().map(|t| t.as_str().to_owned()).collect();
        let undeclared: Vec<_> = constants.difference(&declared).collect();
        let unused: Vec<_> = declared.difference(&constants).collect();
        assert!(undeclared.is_empty(), "not in the ontology: {undeclared:?}");
        assert!(unused.is_empty(), "declared but never written: {unused:?}");
    }

    #[test]
    fn every_model_term_has_a_class_or_property() {
        let declared = declared_terms();
        for kind in EntityType::ALL {
            assert!(declared.contains(entity_class(kind).as_str()));
        }
        for kind in EventType::ALL {
            assert!(declared.contains(event_class(kind).as_str()));
        }
        for p in Predicate::ALL {
            assert!(declared.contains(predicate(p).as_str()));
            assert!(predicate(p).as_str().ends_with(p.as_str()));
        }
    }

    const SH: &str = "http://www.w3.org/ns/shacl#";
    const OWL: &str = "http://www.w3.org/2002/07/owl#";
    const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";

    fn iri(namespace: &str, local: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("{namespace}{local}"))
    }

    fn parse(turtle: &str) -> Graph {
        let mut graph = Graph::new();
        for quad in RdfParser::from_format(RdfFormat::Turtle).for_slice(turtle) {
            graph.insert(&Triple::from(quad.unwrap()));
        }
        graph
    }

    fn node(term: TermRef<'_>) -> Option<NamedOrBlankNodeRef<'_>> {
        match term {
            TermRef::NamedNode(n) => Some(n.into()),
            TermRef::BlankNode(b) => Some(b.into()),
            _ => None,
        }
    }

    /// The members of the RDF list starting at `head`.
    fn list<'a>(graph: &'a Graph, head: TermRef<'a>) -> Vec<TermRef<'a>> {
        let mut members = Vec::new();
        let mut cell = head;
        while let Some(n) = node(cell).filter(|_| cell != rdf::NIL.into()) {
            let (Some(first), Some(rest)) = (
                graph.object_for_subject_predicate(n, rdf::FIRST),
                graph.object_for_subject_predicate(n, rdf::REST),
            ) else {
                break;
            };
            members.push(first);
            cell = rest;
        }
        members
    }

    fn named(term: TermRef<'_>) -> Option<String> {
        match term {
            TermRef::NamedNode(n) => Some(n.as_str().to_owned()),
            _ => None,
        }
    }

    /// The classes a SHACL shape allows: its `sh:class`, or those of its `sh:or` members.
    fn shacl_classes(graph: &Graph, shape: TermRef<'_>) -> BTreeSet<String> {
        let Some(shape) = node(shape) else {
            return BTreeSet::new();
        };
        let mut out: BTreeSet<String> = graph
            .objects_for_subject_predicate(shape, &iri(SH, "class"))
            .filter_map(named)
            .collect();
        for head in graph.objects_for_subject_predicate(shape, &iri(SH, "or")) {
            for member in list(graph, head) {
                out.extend(shacl_classes(graph, member));
            }
        }
        out
    }

    /// The classes an OWL class expression covers: a named class, or an `owl:unionOf`.
    fn owl_classes(graph: &Graph, expression: TermRef<'_>) -> BTreeSet<String> {
        if let Some(class) = named(expression) {
            return BTreeSet::from([class]);
        }
        let Some(n) = node(expression) else {
            return BTreeSet::new();
        };
        graph
            .objects_for_subject_predicate(n, &iri(OWL, "unionOf"))
            .flat_map(|head| list(graph, head))
            .filter_map(named)
            .collect()
    }

    fn schema_classes(kinds: &[EntityType]) -> BTreeSet<String> {
        kinds
            .iter()
            .map(|k| entity_class(*k).as_str().to_owned())
            .collect()
    }

    /// The shape `ontology/shapes.ttl` should hold for a predicate, to show what to add.
    fn expected_shape(p: Predicate) -> String {
        let constraint = |kinds: &[EntityType]| match kinds {
            [one] => format!("sh:class okg:{one}"),
            many => format!(
                "sh:or ( {} )",
                many.iter()
                    .map(|k| format!("[ sh:class okg:{k} ]"))
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
        };
        let schema = p.schema();
        format!(
            "okgsh:{p}Shape a sh:NodeShape ;\n    sh:targetSubjectsOf okg:{p} ;\n    {} ;\n    \
             sh:property [ sh:path okg:{p} ; {} ] .",
            constraint(schema.domain),
            constraint(schema.range)
        )
    }

    #[test]
    fn shapes_and_ontology_follow_the_predicate_schema() {
        let shapes = parse(SHAPES_TTL);
        let ontology = parse(ONTOLOGY_TTL);
        let mut problems = Vec::new();
        let show = |set: &BTreeSet<String>| {
            set.iter()
                .map(|c| c.trim_start_matches(OKG_NS))
                .collect::<Vec<_>>()
                .join(", ")
        };
        for p in Predicate::ALL {
            let schema = p.schema();
            let (domain, range) = (schema_classes(schema.domain), schema_classes(schema.range));
            let property = predicate(p);

            let targets: Vec<_> = shapes
                .subjects_for_predicate_object(&iri(SH, "targetSubjectsOf"), property)
                .collect();
            let [shape] = targets.as_slice() else {
                problems.push(format!(
                    "shapes.ttl: {} shapes target the subjects of okg:{p}; expected one:\n{}",
                    targets.len(),
                    expected_shape(p)
                ));
                continue;
            };
            let subjects = shacl_classes(&shapes, (*shape).into());
            let objects: BTreeSet<String> = shapes
                .objects_for_subject_predicate(*shape, &iri(SH, "property"))
                .filter(|prop| {
                    node(*prop).is_some_and(|n| {
                        shapes.object_for_subject_predicate(n, &iri(SH, "path"))
                            == Some(property.into())
                    })
                })
                .flat_map(|prop| shacl_classes(&shapes, prop))
                .collect();
            if subjects != domain || objects != range {
                problems.push(format!(
                    "shapes.ttl: okg:{p} relates [{}] to [{}]; the schema says:\n{}",
                    show(&subjects),
                    show(&objects),
                    expected_shape(p)
                ));
            }

            let declared = |relation: &str| -> BTreeSet<String> {
                ontology
                    .objects_for_subject_predicate(property, &iri(RDFS, relation))
                    .flat_map(|t| owl_classes(&ontology, t))
                    .collect()
            };
            let (o_domain, o_range) = (declared("domain"), declared("range"));
            if o_domain != domain || o_range != range {
                problems.push(format!(
                    "osintkg.ttl: okg:{p} has rdfs:domain [{}] and rdfs:range [{}]; the schema \
                     says [{}] and [{}]",
                    show(&o_domain),
                    show(&o_range),
                    show(&domain),
                    show(&range)
                ));
            }
            let symmetric = ontology.contains(TripleRef::new(
                property,
                rdf::TYPE,
                &iri(OWL, "SymmetricProperty"),
            ));
            if symmetric != schema.symmetric {
                problems.push(format!(
                    "osintkg.ttl: okg:{p} is {}an owl:SymmetricProperty; the schema says \
                     symmetric = {}",
                    if symmetric { "" } else { "not " },
                    schema.symmetric
                ));
            }
        }

        // Nothing in the shapes or the ontology that the enum does not know.
        let known: BTreeSet<String> = Predicate::ALL
            .into_iter()
            .map(|p| predicate(p).as_str().to_owned())
            .collect();
        for triple in shapes.triples_for_predicate(&iri(SH, "targetSubjectsOf")) {
            if !named(triple.object).is_some_and(|t| known.contains(&t)) {
                problems.push(format!(
                    "shapes.ttl: a shape targets {}, not a predicate",
                    triple.object
                ));
            }
        }
        let fact_predicates: BTreeSet<String> = shapes
            .triples_for_predicate(&iri(SH, "in"))
            .flat_map(|t| list(&shapes, t.object))
            .filter_map(named)
            .filter(|t| t.starts_with(OKG_NS))
            .collect();
        if fact_predicates != known {
            problems.push(format!(
                "shapes.ttl: FactShape's rdf:predicate sh:in lists [{}]; the predicates are [{}]",
                show(&fact_predicates),
                show(&known)
            ));
        }
        let subclasses: BTreeSet<String> = ontology
            .subjects_for_predicate_object(&iri(RDFS, "subClassOf"), EVENT)
            .map(|s| s.to_string().trim_matches(['<', '>']).to_owned())
            .filter(|s| s.starts_with(OKG_NS))
            .collect();
        let event_types: BTreeSet<String> = EventType::ALL
            .into_iter()
            .map(|t| event_class(t).as_str().to_owned())
            .collect();
        if subclasses != event_types {
            problems.push(format!(
                "osintkg.ttl: the subclasses of okg:Event are [{}]; the event types are [{}]",
                show(&subclasses),
                show(&event_types)
            ));
        }
        let disjoint: Vec<BTreeSet<String>> = ontology
            .triples_for_predicate(&iri(OWL, "members"))
            .map(|t| {
                list(&ontology, t.object)
                    .into_iter()
                    .filter_map(named)
                    .collect()
            })
            .collect();
        if !disjoint.contains(&event_types) {
            problems.push(format!(
                "osintkg.ttl: no owl:AllDisjointClasses lists exactly the event types [{}]",
                show(&event_types)
            ));
        }
        assert!(problems.is_empty(), "{}", problems.join("\n\n"));
    }

    /// The `okg:` terms a Turtle file names that the mapping never writes.
    fn unknown_terms(turtle: &str) -> BTreeSet<String> {
        let written: BTreeSet<String> = okg_terms().map(|t| t.as_str().to_owned()).collect();
        let mut unknown = BTreeSet::new();
        for triple in parse(turtle).iter() {
            let subject = match triple.subject {
                NamedOrBlankNodeRef::NamedNode(n) => Some(n.as_str().to_owned()),
                NamedOrBlankNodeRef::BlankNode(_) => None,
            };
            let terms = [
                subject,
                Some(triple.predicate.as_str().to_owned()),
                named(triple.object),
            ];
            unknown.extend(
                terms
                    .into_iter()
                    .flatten()
                    .filter(|t| t.starts_with(OKG_NS) && !written.contains(t)),
            );
        }
        unknown
    }

    #[test]
    fn shapes_use_only_terms_the_mapping_writes() {
        // A shape for a property or class the model has no term for constrains nothing.
        let unknown = unknown_terms(SHAPES_TTL);
        assert!(
            unknown.is_empty(),
            "shapes.ttl names unknown terms: {unknown:?}"
        );
        let misspelt = SHAPES_TTL.replace("sh:path okg:killed", "sh:path okg:kills");
        assert_eq!(
            unknown_terms(&misspelt),
            BTreeSet::from([format!("{OKG_NS}kills")])
        );
    }

    #[test]
    fn a_shape_that_disagrees_with_the_schema_is_seen() {
        // The check above must read a wrong range as wrong, not as empty.
        let wrong = SHAPES_TTL.replace(
            "sh:property [ sh:path okg:claimedBy ; sh:class okg:Organization ]",
            "sh:property [ sh:path okg:claimedBy ; sh:or ( [ sh:class okg:Person ] ) ]",
        );
        assert_ne!(wrong, SHAPES_TTL);
        let shapes = parse(&wrong);
        let claimed_by = predicate(Predicate::ClaimedBy);
        let shape = shapes
            .subjects_for_predicate_object(&iri(SH, "targetSubjectsOf"), claimed_by)
            .next()
            .unwrap();
        let ranges: BTreeSet<String> = shapes
            .objects_for_subject_predicate(shape, &iri(SH, "property"))
            .flat_map(|prop| shacl_classes(&shapes, prop))
            .collect();
        assert_eq!(ranges, schema_classes(&[EntityType::Person]));
        assert_eq!(
            shacl_classes(&shapes, shape.into()),
            schema_classes(&[EntityType::Event])
        );
    }

    #[test]
    fn shapes_parse_and_prefixes_are_valid_iris() {
        let count = RdfParser::from_format(RdfFormat::Turtle)
            .for_slice(SHAPES_TTL)
            .collect::<Result<Vec<_>, _>>()
            .unwrap()
            .len();
        assert!(count > 50);
        for (_, iri) in PREFIXES {
            assert!(oxigraph::model::NamedNode::new(*iri).is_ok());
        }
    }
}
