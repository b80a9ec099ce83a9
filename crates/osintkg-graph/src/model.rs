//! The vocabulary every crate shares: entity and event types, predicates, spans and evidence.
//!
//! These types are the contract between extraction, the graph and the RDF layer, and
//! their serde form is the JSON Lines interchange of `FORMAT.md`, so the scorer and other
//! tools read what osintkg writes without an adapter.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The five kinds of node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EntityType {
    /// A named human.
    Person,
    /// Groups, agencies, bodies, media outlets, companies.
    Organization,
    /// A sovereign state.
    Country,
    /// Cities, regions, borders, sites and venues.
    Location,
    /// A specific happening with at least one anchor.
    Event,
}

impl EntityType {
    /// Every type, in a stable order.
    pub const ALL: [EntityType; 5] = [
        EntityType::Person,
        EntityType::Organization,
        EntityType::Country,
        EntityType::Location,
        EntityType::Event,
    ];

    /// The name used in the interchange format and the ontology.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "Person",
            EntityType::Organization => "Organization",
            EntityType::Country => "Country",
            EntityType::Location => "Location",
            EntityType::Event => "Event",
        }
    }
}

/// Declares a closed vocabulary: the enum, its `ALL` list in declaration order, and the
/// interchange name of each term, which is also its local name in the ontology. One row
/// per term, so adding a term is adding a row.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        pub enum $type:ident { $($(#[$doc:meta])* $term:ident = $name:literal,)* }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $type {
            $($(#[$doc])* #[serde(rename = $name)] $term,)*
        }

        impl $type {
            /// Every term, in declaration order (`ALL[t as usize] == t`).
            pub const ALL: [$type; [$($name),*].len()] = [$($type::$term),*];

            /// The name used in the interchange format and as the ontology's local name.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($type::$term => $name,)*
                }
            }
        }
    };
}

vocabulary! {
    /// The kinds of event of the interchange format; each is a subclass of `okg:Event`
    /// of the same name in the ontology.
    pub enum EventType {
        /// Attacks, bombings, shootings, killings, raids.
        Attack = "Attack",
        /// Arrests, detentions, captures.
        Arrest = "Arrest",
        /// Deportations, expulsions, extraditions.
        Deportation = "Deportation",
        /// Conferences, meetings, summits, talks.
        Meeting = "Meeting",
        /// Statements, announcements, publications, reports, claims.
        Statement = "Statement",
        /// Appointments and assumptions of leadership.
        Appointment = "Appointment",
        /// Pledges of allegiance.
        Pledge = "Pledge",
        /// Military deployments and missions.
        Deployment = "Deployment",
        /// Investigations, probes, charges.
        Investigation = "Investigation",
        /// Protests and rallies.
        Protest = "Protest",
    }
}

vocabulary! {
    /// The typed relations of the interchange format: between entities, and event roles.
    /// What each relates is [`Predicate::schema`].
    pub enum Predicate {
        /// Person, Country or Organization is a member of an Organization.
        MemberOf = "memberOf",
        /// Person leads an Organization or Country.
        LeaderOf = "leaderOf",
        /// Organization is a branch, wing or agency of an Organization or Country.
        PartOf = "partOf",
        /// Location lies in a Location or Country.
        LocatedIn = "locatedIn",
        /// Organization is active in a Location or Country.
        OperatesIn = "operatesIn",
        /// Person is a citizen of a Country.
        CitizenOf = "citizenOf",
        /// Hostility; symmetric.
        Opposes = "opposes",
        /// Cooperation; symmetric.
        CooperatesWith = "cooperatesWith",
        /// Who carries out an event.
        Agent = "agent",
        /// Who or what an event is aimed at.
        Target = "target",
        /// Who takes part in an event without a directed role.
        Participant = "participant",
        /// Who claimed responsibility for an event.
        ClaimedBy = "claimedBy",
        /// Where an event happened.
        OccurredIn = "occurredIn",
    }
}

/// What a predicate relates: the types its subject (domain) and object (range) may have,
/// and whether it holds both ways. The table of `FORMAT.md`, as data: extraction keeps
/// only the relations it accepts, resolution only the edges it accepts, and the ontology
/// and SHACL shapes are tested against it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PredicateSchema {
    /// Types the subject may have.
    pub domain: &'static [EntityType],
    /// Types the object may have.
    pub range: &'static [EntityType],
    /// The relation holds in both directions and is stored once.
    pub symmetric: bool,
}

impl Predicate {
    /// The predicate's domain, range and symmetry.
    pub const fn schema(self) -> PredicateSchema {
        use EntityType::{Country, Event, Location, Organization, Person};
        const ACTORS: &[EntityType] = &[Person, Organization, Country];
        const PLACES: &[EntityType] = &[Location, Country];
        let (domain, range, symmetric): (&[EntityType], &[EntityType], bool) = match self {
            Predicate::MemberOf => (&[Person, Country, Organization], &[Organization], false),
            Predicate::LeaderOf => (&[Person], &[Organization, Country], false),
            Predicate::PartOf => (&[Organization], &[Organization, Country], false),
            Predicate::LocatedIn => (&[Location], PLACES, false),
            Predicate::OperatesIn => (&[Organization], PLACES, false),
            Predicate::CitizenOf => (&[Person], &[Country], false),
            Predicate::Opposes => (ACTORS, ACTORS, true),
            Predicate::CooperatesWith => (ACTORS, ACTORS, true),
            Predicate::Agent => (&[Event], ACTORS, false),
            Predicate::Target => (&[Event], &[Person, Organization, Country, Location], false),
            Predicate::Participant => (&[Event], ACTORS, false),
            Predicate::ClaimedBy => (&[Event], &[Organization], false),
            Predicate::OccurredIn => (&[Event], PLACES, false),
        };
        PredicateSchema {
            domain,
            range,
            symmetric,
        }
    }

    /// Whether a subject and an object of these types may be related by the predicate.
    pub fn accepts(self, subject: EntityType, object: EntityType) -> bool {
        let schema = self.schema();
        schema.domain.contains(&subject) && schema.range.contains(&object)
    }

    /// Symmetric predicates hold in both directions and are stored once.
    pub fn is_symmetric(self) -> bool {
        self.schema().symmetric
    }

    /// Event roles always have an event as subject.
    pub fn is_event_role(self) -> bool {
        self.schema().domain == [EntityType::Event]
    }
}

macro_rules! display_and_parse {
    ($type:ty, $what:literal) => {
        impl fmt::Display for $type {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $type {
            type Err = UnknownName;

            /// Parses the interchange name, ignoring ASCII case.
            fn from_str(name: &str) -> Result<Self, Self::Err> {
                Self::ALL
                    .into_iter()
                    .find(|value| value.as_str().eq_ignore_ascii_case(name))
                    .ok_or_else(|| UnknownName {
                        what: $what,
                        name: name.to_owned(),
                        expected: Self::ALL.iter().map(|v| v.as_str()).collect(),
                    })
            }
        }
    };
}

display_and_parse!(EntityType, "entity type");
display_and_parse!(EventType, "event type");
display_and_parse!(Predicate, "predicate");

/// A name that is not one of a closed vocabulary's terms.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} {name:?}; expected one of: {}", expected.join(", "))]
pub struct UnknownName {
    what: &'static str,
    name: String,
    expected: Vec<&'static str>,
}

/// A half-open byte range into a document's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// True when the span covers no byte.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// True when the two spans share at least one byte.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// True when `other` lies inside `self`.
    pub fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// Why a fact is believed: the sentence that states it and the rule that read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// The document id.
    pub doc: String,
    /// The sentence's byte range in the document text.
    pub span: Span,
    /// The sentence itself.
    pub sentence: String,
    /// The extraction rule that produced the fact.
    pub rule: String,
    /// The rule's confidence, in `[0, 1]`.
    pub confidence: f64,
}

/// How precise a date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    /// `2024`.
    Year,
    /// `2024-03`.
    Month,
    /// `2024-03-22`.
    Day,
}

impl DatePrecision {
    /// The precision of an ISO 8601 date written as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub fn of_iso(date: &str) -> Option<DatePrecision> {
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let parts: Vec<&str> = date.split('-').collect();
        match parts.as_slice() {
            [y] if y.len() == 4 && digits(y) => Some(DatePrecision::Year),
            [y, m] if y.len() == 4 && m.len() == 2 && digits(y) && digits(m) => {
                Some(DatePrecision::Month)
            }
            [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 => {
                (digits(y) && digits(m) && digits(d)).then_some(DatePrecision::Day)
            }
            _ => None,
        }
    }

    /// The name used in the ontology.
    pub fn as_str(self) -> &'static str {
        match self {
            DatePrecision::Year => "year",
            DatePrecision::Month => "month",
            DatePrecision::Day => "day",
        }
    }
}

/// Two ISO dates of any precision are compatible when one is a prefix of the other.
pub fn dates_compatible(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.starts_with(b) || b.starts_with(a),
        _ => true,
    }
}

/// Noisy-or aggregation: independent sources each able to establish the fact.
pub fn aggregate_confidence(confidences: impl IntoIterator<Item = f64>) -> f64 {
    1.0 - confidences
        .into_iter()
        .map(|c| 1.0 - c.clamp(0.0, 1.0))
        .product::<f64>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_from_str() {
        for p in Predicate::ALL {
            assert_eq!(p.as_str().parse::<Predicate>(), Ok(p));
        }
        for t in EventType::ALL {
            assert_eq!(t.as_str().to_lowercase().parse::<EventType>(), Ok(t));
        }
        assert!("friendOf".parse::<Predicate>().is_err());
    }

    #[test]
    fn all_lists_every_term_at_its_own_index() {
        for (i, p) in Predicate::ALL.iter().enumerate() {
            assert_eq!(*p as usize, i);
        }
        for (i, t) in EventType::ALL.iter().enumerate() {
            assert_eq!(*t as usize, i);
        }
    }

    #[test]
    fn the_schema_is_the_format_table() {
        use EntityType::{Country, Event, Location, Organization, Person};
        assert!(Predicate::LeaderOf.accepts(Person, Country));
        assert!(!Predicate::LeaderOf.accepts(Country, Person));
        assert!(!Predicate::LocatedIn.accepts(Country, Location));
        assert!(Predicate::MemberOf.accepts(Country, Organization));
        assert!(Predicate::Target.accepts(Event, Location));
        assert!(!Predicate::Agent.accepts(Event, Location));
        assert!(!Predicate::Agent.accepts(Person, Person));
        assert!(!Predicate::ClaimedBy.accepts(Event, Person));
        let roles: Vec<&str> = Predicate::ALL
            .iter()
            .filter(|p| p.is_event_role())
            .map(|p| p.as_str())
            .collect();
        assert_eq!(
            roles,
            ["agent", "target", "participant", "claimedBy", "occurredIn"]
        );
        let symmetric: Vec<&str> = Predicate::ALL
            .iter()
            .filter(|p| p.is_symmetric())
            .map(|p| p.as_str())
            .collect();
        assert_eq!(symmetric, ["opposes", "cooperatesWith"]);
        for p in Predicate::ALL {
            let schema = p.schema();
            assert!(!schema.domain.is_empty() && !schema.range.is_empty(), "{p}");
            assert!(
                !schema.range.contains(&Event),
                "{p}: events are never objects"
            );
            if schema.symmetric {
                assert_eq!(schema.domain, schema.range, "{p}");
            }
        }
    }

    #[test]
    fn predicates_serialize_in_camel_case() {
        let json = serde_json::to_string(&Predicate::CooperatesWith).unwrap_or_default();
        assert_eq!(json, "\"cooperatesWith\"");
        let json = serde_json::to_string(&EventType::Investigation).unwrap_or_default();
        assert_eq!(json, "\"Investigation\"");
    }

    #[test]
    fn date_precision_and_compatibility() {
        assert_eq!(DatePrecision::of_iso("2024"), Some(DatePrecision::Year));
        assert_eq!(DatePrecision::of_iso("2024-03"), Some(DatePrecision::Month));
        assert_eq!(
            DatePrecision::of_iso("2024-03-22"),
            Some(DatePrecision::Day)
        );
        assert_eq!(DatePrecision::of_iso("March"), None);
        assert!(dates_compatible(Some("2024-03-22"), Some("2024-03")));
        assert!(!dates_compatible(Some("2024-03-22"), Some("2023")));
        assert!(dates_compatible(None, Some("2023")));
    }

    #[test]
    fn noisy_or_grows_with_sources() {
        let one = aggregate_confidence([0.5]);
        let two = aggregate_confidence([0.5, 0.5]);
        assert!((one - 0.5).abs() < 1e-9 && (two - 0.75).abs() < 1e-9);
    }
}
