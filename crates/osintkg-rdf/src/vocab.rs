//! The terms the mapping writes, as constants, next to the ontology that defines them.
//!
//! Keeping every IRI here (and nowhere else) lets one test prove that the data never uses
//! an `okg:` term the ontology does not declare, and that the ontology declares nothing
//! the data cannot contain.

use osintkg_graph::{EntityType, EventType, Predicate};
use oxigraph::model::NamedNodeRef;

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

macro_rules! okg_terms {
    ($($(#[$doc:meta])* $name:ident = $local:literal;)*) => {
        $(
            $(#[$doc])*
            pub const $name: NamedNodeRef<'static> =
                NamedNodeRef::new_unchecked(concat!("https://w3id.org/osintkg/ontology#", $local));
        )*

        /// Every `okg:` term above, for checks against the ontology.
        pub const OKG_TERMS: &[NamedNodeRef<'static>] = &[$($name),*];
    };
}

okg_terms! {
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
    /// `okg:Attack`.
    ATTACK = "Attack";
    /// `okg:Arrest`.
    ARREST = "Arrest";
    /// `okg:Deportation`.
    DEPORTATION = "Deportation";
    /// `okg:Meeting`.
    MEETING = "Meeting";
    /// `okg:Statement`.
    STATEMENT = "Statement";
    /// `okg:Appointment`.
    APPOINTMENT = "Appointment";
    /// `okg:Pledge`.
    PLEDGE = "Pledge";
    /// `okg:Deployment`.
    DEPLOYMENT = "Deployment";
    /// `okg:Investigation`.
    INVESTIGATION = "Investigation";
    /// `okg:Protest`.
    PROTEST = "Protest";
    /// `okg:Document`: a source document.
    DOCUMENT = "Document";
    /// `okg:Evidence`: one sentence stating a fact.
    EVIDENCE = "Evidence";
    /// `okg:Fact`: a reified relation with its support and confidence.
    FACT = "Fact";
    /// `okg:memberOf`.
    MEMBER_OF = "memberOf";
    /// `okg:leaderOf`.
    LEADER_OF = "leaderOf";
    /// `okg:partOf`.
    PART_OF = "partOf";
    /// `okg:locatedIn`.
    LOCATED_IN = "locatedIn";
    /// `okg:operatesIn`.
    OPERATES_IN = "operatesIn";
    /// `okg:citizenOf`.
    CITIZEN_OF = "citizenOf";
    /// `okg:opposes`.
    OPPOSES = "opposes";
    /// `okg:cooperatesWith`.
    COOPERATES_WITH = "cooperatesWith";
    /// `okg:agent`.
    AGENT = "agent";
    /// `okg:target`.
    TARGET = "target";
    /// `okg:participant`.
    PARTICIPANT = "participant";
    /// `okg:claimedBy`.
    CLAIMED_BY = "claimedBy";
    /// `okg:occurredIn`.
    OCCURRED_IN = "occurredIn";
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

/// The subclass of `okg:Event` for an event type.
pub fn event_class(kind: EventType) -> NamedNodeRef<'static> {
    match kind {
        EventType::Attack => ATTACK,
        EventType::Arrest => ARREST,
        EventType::Deportation => DEPORTATION,
        EventType::Meeting => MEETING,
        EventType::Statement => STATEMENT,
        EventType::Appointment => APPOINTMENT,
        EventType::Pledge => PLEDGE,
        EventType::Deployment => DEPLOYMENT,
        EventType::Investigation => INVESTIGATION,
        EventType::Protest => PROTEST,
    }
}

/// The property of a predicate.
pub fn predicate(predicate: Predicate) -> NamedNodeRef<'static> {
    match predicate {
        Predicate::MemberOf => MEMBER_OF,
        Predicate::LeaderOf => LEADER_OF,
        Predicate::PartOf => PART_OF,
        Predicate::LocatedIn => LOCATED_IN,
        Predicate::OperatesIn => OPERATES_IN,
        Predicate::CitizenOf => CITIZEN_OF,
        Predicate::Opposes => OPPOSES,
        Predicate::CooperatesWith => COOPERATES_WITH,
        Predicate::Agent => AGENT,
        Predicate::Target => TARGET,
        Predicate::Participant => PARTICIPANT,
        Predicate::ClaimedBy => CLAIMED_BY,
        Predicate::OccurredIn => OCCURRED_IN,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use oxigraph::io::{RdfFormat, RdfParser};
    use oxigraph::model::vocab::rdf;
    use oxigraph::model::{NamedOrBlankNode, Term};
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
        let constants: BTreeSet<String> = OKG_TERMS.iter().map(|t| t.as_str().to_owned()).collect();
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
