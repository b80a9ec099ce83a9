//! Cross-document resolution: folding each document's entities into the graph's nodes.
//!
//! Resolution runs over the documents sorted by id, so the graph depends only on the set
//! of documents, never on the order they were built in: rebuilding the same documents
//! gives the same graph, and adding documents gives what a build from scratch would.
//! Every merge is recorded with the rule that justified it.

use crate::graph::{Edge, KnowledgeGraph, Mention, Merge, Node};
use crate::model::{EntityType, EventType, Predicate, dates_compatible};
use crate::names::{abbreviates, is_acronym, normalize, slug};
use crate::record::{DocumentRecord, EntityRecord};
use std::collections::{BTreeMap, BTreeSet, HashMap};

impl KnowledgeGraph {
    /// Resolves a set of document records into one graph.
    pub fn from_records<'a>(records: impl IntoIterator<Item = &'a DocumentRecord>) -> Self {
        let mut sorted: Vec<&DocumentRecord> = records.into_iter().collect();
        sorted.sort_by(|a, b| a.doc.cmp(&b.doc));
        sorted.dedup_by(|a, b| a.doc == b.doc);
        let mut graph = KnowledgeGraph::default();
        let mut index = NameIndex::default();
        for record in sorted {
            graph.add_record(record, &mut index);
        }
        graph.name_events_by_majority();
        graph
    }

    /// An event told by several documents takes the name most of them give it ("Crocus
    /// City Hall attack" over one article's "Moscow attack"); the others stay aliases.
    fn name_events_by_majority(&mut self) {
        let mut votes: HashMap<&str, BTreeMap<&str, usize>> = HashMap::new();
        for node in self.nodes.values().filter(|n| n.kind == EntityType::Event) {
            votes.entry(&node.key).or_default().insert(&node.name, 0);
        }
        for (key, node) in &self.nodes {
            if node.kind == EntityType::Event {
                *votes.entry(key).or_default().entry(&node.name).or_insert(0) += 1;
            }
        }
        for merge in &self.merges {
            if let Some(tally) = votes.get_mut(merge.node.as_str()) {
                *tally.entry(merge.name.as_str()).or_insert(0) += 1;
            }
        }
        let winners: Vec<(String, String)> = votes
            .into_iter()
            .filter_map(|(key, tally)| {
                let best = tally.into_iter().max_by(|a, b| {
                    a.1.cmp(&b.1)
                        .then(a.0.len().cmp(&b.0.len()))
                        .then(b.0.cmp(a.0))
                })?;
                Some((key.to_owned(), best.0.to_owned()))
            })
            .collect();
        for (key, name) in winners {
            if let Some(node) = self.nodes.get_mut(&key)
                && node.name != name
            {
                let old = std::mem::replace(&mut node.name, name);
                node.aliases.remove(&node.name);
                node.aliases.insert(old);
            }
        }
    }

    fn add_record(&mut self, record: &DocumentRecord, index: &mut NameIndex) {
        self.documents
            .insert(record.doc.clone(), record.meta.clone());
        let mut local_to_key: HashMap<&str, String> = HashMap::new();
        // Entities first, so that events can compare their (already global) arguments.
        for entity in record
            .entities
            .iter()
            .filter(|e| e.kind != EntityType::Event)
        {
            let key = self.resolve_entity(&record.doc, entity, index);
            local_to_key.insert(entity.id.as_str(), key);
        }
        for event in record
            .entities
            .iter()
            .filter(|e| e.kind == EntityType::Event)
        {
            let arguments = event_arguments(record, &event.id, &local_to_key);
            let key = self.resolve_event(&record.doc, event, &arguments, index);
            local_to_key.insert(event.id.as_str(), key);
        }
        for relation in &record.relations {
            let (Some(subject), Some(object)) = (
                local_to_key.get(relation.subject.as_str()),
                local_to_key.get(relation.object.as_str()),
            ) else {
                continue;
            };
            if subject == object {
                continue;
            }
            // Only what the predicate's schema accepts becomes an edge, so that the graph,
            // and the RDF written from it, keep to the ontology whatever the records hold.
            let kind = |key: &String| self.nodes.get(key).map(|n| n.kind);
            if let (Some(s), Some(o)) = (kind(subject), kind(object))
                && !relation.predicate.accepts(s, o)
            {
                continue;
            }
            let (subject, object) = if relation.predicate.is_symmetric() && object < subject {
                (object.clone(), subject.clone())
            } else {
                (subject.clone(), object.clone())
            };
            let edge = self
                .edges
                .entry((subject.clone(), relation.predicate, object.clone()))
                .or_insert_with(|| Edge {
                    subject,
                    predicate: relation.predicate,
                    object,
                    evidence: Vec::new(),
                });
            for evidence in &relation.evidence {
                if !edge.evidence.contains(evidence) {
                    edge.evidence.push(evidence.clone());
                }
            }
        }
    }

    fn resolve_entity(
        &mut self,
        doc: &str,
        entity: &EntityRecord,
        index: &mut NameIndex,
    ) -> String {
        let matched = match &entity.kb {
            Some(kb) if self.nodes.contains_key(kb) => {
                Some((kb.clone(), "same knowledge-base id".to_owned()))
            }
            Some(_) => None,
            None => self.find_by_names(entity, index),
        };
        let key = match matched {
            Some((key, reason)) => {
                self.merges.push(Merge {
                    node: key.clone(),
                    doc: doc.to_owned(),
                    name: entity.name.clone(),
                    reason,
                });
                key
            }
            None => {
                let key = entity.kb.clone().unwrap_or_else(|| {
                    self.fresh_key(&format!(
                        "{}:{}",
                        type_prefix(entity.kind),
                        slug(&entity.name)
                    ))
                });
                self.nodes.insert(key.clone(), new_node(&key, entity));
                key
            }
        };
        self.absorb(&key, doc, entity, index);
        key
    }

    /// An unlinked entity joins a node of its type that shares a name with it, under
    /// the guards that keep distinct things apart.
    fn find_by_names(&self, entity: &EntityRecord, index: &NameIndex) -> Option<(String, String)> {
        let mut scores: BTreeMap<&str, (usize, String)> = BTreeMap::new();
        for name in mergeable_names(entity) {
            let normalized = normalize(&name);
            for key in index.lookup(entity.kind, &normalized) {
                let Some(node) = self.nodes.get(key) else {
                    continue;
                };
                if !acronym_agrees(&name, entity, node) {
                    continue;
                }
                let slot = scores.entry(key.as_str()).or_insert_with(|| {
                    (
                        0,
                        format!("same {} name {name:?}", entity.kind.as_str().to_lowercase()),
                    )
                });
                slot.0 += 1;
            }
        }
        scores
            .into_iter()
            .max_by(|a, b| a.1.0.cmp(&b.1.0).then_with(|| b.0.cmp(a.0)))
            .map(|(key, (_, reason))| (key.to_owned(), reason))
    }

    fn resolve_event(
        &mut self,
        doc: &str,
        event: &EntityRecord,
        arguments: &EventArguments,
        index: &mut NameIndex,
    ) -> String {
        let mut best: Option<(f64, String, String)> = None;
        for (key, node) in &self.nodes {
            if node.kind != EntityType::Event || node.event_type != event.event_type {
                continue;
            }
            if node.mentions.iter().any(|m| m.doc == doc) {
                // Extraction already merged one document's mentions of a happening.
                continue;
            }
            if !dates_compatible(node.date.as_deref(), event.date.as_deref()) {
                continue;
            }
            let theirs = self.event_arguments_of(key);
            if !arguments.places.is_empty()
                && !theirs.places.is_empty()
                && arguments.places.is_disjoint(&theirs.places)
            {
                continue;
            }
            let shared: Vec<&String> = arguments.actors.intersection(&theirs.actors).collect();
            let similarity = name_similarity(event, node);
            let (score, reason) = if similarity >= 0.5 {
                (
                    similarity + shared.len() as f64,
                    format!(
                        "same type, compatible date and place, similar names ({similarity:.2})"
                    ),
                )
            } else if let Some(first) = shared.first().filter(|_| {
                // One actor makes many statements: a shared speaker needs the same date.
                if event.event_type == Some(EventType::Statement) {
                    event.date.is_some() && event.date == node.date
                } else {
                    !arguments.places.is_empty() || event.date.is_some()
                }
            }) {
                (
                    shared.len() as f64 * 0.5,
                    format!("same type, compatible date and place, shared participant {first}"),
                )
            } else if let Some(site) = arguments.places.iter().find(|p| {
                theirs.places.contains(*p)
                    && self
                        .nodes
                        .get(*p)
                        .is_some_and(|n| n.kind == EntityType::Location)
            }) {
                // A named site (not a whole country) is as specific as a participant.
                (0.5, format!("same type, compatible date, same site {site}"))
            } else {
                continue;
            };
            if best.as_ref().is_none_or(|(s, _, _)| score > *s) {
                best = Some((score, key.clone(), reason));
            }
        }
        let key = match best {
            Some((_, key, reason)) => {
                self.merges.push(Merge {
                    node: key.clone(),
                    doc: doc.to_owned(),
                    name: event.name.clone(),
                    reason,
                });
                key
            }
            None => {
                let key = self.fresh_key(&format!("event:{}", slug(&event.name)));
                self.nodes.insert(key.clone(), new_node(&key, event));
                key
            }
        };
        self.absorb(&key, doc, event, index);
        key
    }

    fn absorb(&mut self, key: &str, doc: &str, entity: &EntityRecord, index: &mut NameIndex) {
        let Some(node) = self.nodes.get_mut(key) else {
            return;
        };
        for name in std::iter::once(&entity.name).chain(&entity.mentions) {
            if name != &node.name {
                node.aliases.insert(name.clone());
            }
        }
        // A fuller name wins as canonical; the old one stays as an alias.
        if entity.kb.is_none()
            && entity.kind != EntityType::Event
            && node.kb.is_none()
            && entity.name.split_whitespace().count() > node.name.split_whitespace().count()
            && !is_acronym(&entity.name)
        {
            let old = std::mem::replace(&mut node.name, entity.name.clone());
            node.aliases.remove(&entity.name);
            node.aliases.insert(old);
        }
        if node.wikidata.is_none() {
            node.wikidata.clone_from(&entity.wikidata);
        }
        if let Some(date) = &entity.date {
            // Keep the most precise of compatible dates.
            if node.date.as_ref().is_none_or(|d| d.len() < date.len()) {
                node.date = Some(date.clone());
            }
        }
        node.killed = node.killed.max(entity.killed);
        node.injured = node.injured.max(entity.injured);
        for (i, text) in entity.mentions.iter().enumerate() {
            node.mentions.push(Mention {
                doc: doc.to_owned(),
                text: text.clone(),
                span: entity.spans.get(i).copied(),
            });
        }
        if entity.mentions.is_empty() {
            node.mentions.push(Mention {
                doc: doc.to_owned(),
                text: entity.name.clone(),
                span: None,
            });
        }
        node.confidences.push(entity.confidence);
        if entity.kind != EntityType::Event {
            for name in mergeable_names(entity) {
                index.insert(entity.kind, normalize(&name), key.to_owned());
            }
        }
    }

    fn fresh_key(&self, base: &str) -> String {
        if !self.nodes.contains_key(base) {
            return base.to_owned();
        }
        (2..)
            .map(|n| format!("{base}-{n}"))
            .find(|k| !self.nodes.contains_key(k))
            .unwrap_or_else(|| base.to_owned())
    }

    fn event_arguments_of(&self, key: &str) -> EventArguments {
        let mut arguments = EventArguments::default();
        for edge in self
            .edges
            .values()
            .filter(|e| e.subject == key && e.predicate.is_event_role())
        {
            arguments.add(edge.predicate, edge.object.clone());
        }
        arguments
    }
}

/// An event's arguments split into where it happened and who took part: countries are
/// actors as often as places, so only the `occurredIn` role makes a place.
#[derive(Default)]
struct EventArguments {
    places: BTreeSet<String>,
    actors: BTreeSet<String>,
}

impl EventArguments {
    fn add(&mut self, predicate: Predicate, key: String) {
        if predicate == Predicate::OccurredIn {
            self.places.insert(key);
        } else {
            self.actors.insert(key);
        }
    }
}

fn event_arguments(
    record: &DocumentRecord,
    event_id: &str,
    local_to_key: &HashMap<&str, String>,
) -> EventArguments {
    let mut arguments = EventArguments::default();
    for relation in record
        .relations
        .iter()
        .filter(|r| r.subject == event_id && r.predicate.is_event_role())
    {
        if let Some(key) = local_to_key.get(relation.object.as_str()) {
            arguments.add(relation.predicate, key.clone());
        }
    }
    arguments
}

/// Names an entity may merge on across documents. A surname alone never does: only
/// multi-word person names take part.
fn mergeable_names(entity: &EntityRecord) -> Vec<String> {
    let mut names: Vec<String> = std::iter::once(&entity.name)
        .chain(&entity.mentions)
        .filter(|n| entity.kind != EntityType::Person || n.split_whitespace().count() > 1)
        .cloned()
        .collect();
    names.sort();
    names.dedup();
    names
}

/// An acronym shared by two entities means the same thing only when the full names
/// either side gives it are abbreviated by it and are the same.
fn acronym_agrees(shared: &str, entity: &EntityRecord, node: &Node) -> bool {
    if !is_acronym(shared) {
        return true;
    }
    let full_names = |names: Vec<&str>| -> Vec<String> {
        names
            .into_iter()
            .filter(|n| !is_acronym(n) && n.split_whitespace().count() > 1)
            .map(str::to_owned)
            .collect()
    };
    let ours = full_names(
        std::iter::once(entity.name.as_str())
            .chain(entity.mentions.iter().map(String::as_str))
            .collect(),
    );
    let theirs = full_names(node.names().collect());
    let fits = |names: &[String]| names.is_empty() || names.iter().any(|n| abbreviates(shared, n));
    // Two full names behind one acronym must be the same name: "SCO" is not both the
    // Shanghai Cooperation Organisation and a Special Court Office.
    let same_full_name = ours.is_empty()
        || theirs.is_empty()
        || ours
            .iter()
            .any(|a| theirs.iter().any(|b| normalize(a) == normalize(b)));
    fits(&ours) && fits(&theirs) && same_full_name
}

fn name_similarity(event: &EntityRecord, node: &Node) -> f64 {
    let tokens = |text: &str| -> BTreeSet<String> {
        normalize(text)
            .split(' ')
            .filter(|w| !STOPWORDS.contains(w) && !w.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let ours: Vec<BTreeSet<String>> = std::iter::once(&event.name)
        .chain(&event.mentions)
        .map(|n| tokens(n))
        .collect();
    let theirs: Vec<BTreeSet<String>> = node.names().map(tokens).collect();
    let mut best: f64 = 0.0;
    for a in &ours {
        for b in &theirs {
            let union = a.union(b).count();
            if union > 0 {
                best = best.max(a.intersection(b).count() as f64 / union as f64);
            }
        }
    }
    best
}

const STOPWORDS: &[&str] = &[
    "the", "a", "an", "of", "in", "on", "at", "to", "by", "for", "and", "its", "their", "his",
    "her", "this", "that", "with", "from", "s",
];

fn type_prefix(kind: EntityType) -> &'static str {
    match kind {
        EntityType::Person => "person",
        EntityType::Organization => "org",
        EntityType::Country => "country",
        EntityType::Location => "place",
        EntityType::Event => "event",
    }
}

fn new_node(key: &str, entity: &EntityRecord) -> Node {
    Node {
        key: key.to_owned(),
        kind: entity.kind,
        event_type: entity.event_type,
        name: entity.name.clone(),
        aliases: BTreeSet::new(),
        kb: entity.kb.clone(),
        wikidata: entity.wikidata.clone(),
        date: None,
        killed: None,
        injured: None,
        mentions: Vec::new(),
        confidences: Vec::new(),
    }
}

/// Normalised names of the nodes of each type.
#[derive(Default)]
struct NameIndex {
    by_name: HashMap<(EntityType, String), BTreeSet<String>>,
}

impl NameIndex {
    fn insert(&mut self, kind: EntityType, name: String, key: String) {
        if !name.is_empty() {
            self.by_name.entry((kind, name)).or_default().insert(key);
        }
    }

    fn lookup(&self, kind: EntityType, name: &str) -> impl Iterator<Item = &String> {
        self.by_name
            .get(&(kind, name.to_owned()))
            .into_iter()
            .flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Evidence, Span};
    use crate::record::RelationRecord;

    fn entity(
        id: &str,
        kind: EntityType,
        name: &str,
        mentions: &[&str],
        kb: Option<&str>,
    ) -> EntityRecord {
        let mut e = EntityRecord::new(id, kind, name);
        e.mentions = mentions.iter().map(|m| (*m).to_owned()).collect();
        e.kb = kb.map(str::to_owned);
        e
    }

    fn event(id: &str, kind: EventType, name: &str, date: Option<&str>) -> EntityRecord {
        let mut e = EntityRecord::new(id, EntityType::Event, name);
        e.event_type = Some(kind);
        e.date = date.map(str::to_owned);
        e.mentions = vec![name.to_owned()];
        e
    }

    fn role(subject: &str, predicate: Predicate, object: &str, doc: &str) -> RelationRecord {
        RelationRecord {
            subject: subject.into(),
            predicate,
            object: object.into(),
            evidence: vec![Evidence {
                doc: doc.into(),
                span: Span::new(0, 1),
                sentence: "s".into(),
                rule: "test".into(),
                confidence: 0.8,
            }],
        }
    }

    fn record(
        doc: &str,
        entities: Vec<EntityRecord>,
        relations: Vec<RelationRecord>,
    ) -> DocumentRecord {
        DocumentRecord {
            doc: doc.into(),
            entities,
            relations,
            ..DocumentRecord::default()
        }
    }

    #[test]
    fn the_same_knowledge_base_id_merges_whatever_the_name() {
        let a = record(
            "a",
            vec![entity(
                "e0",
                EntityType::Organization,
                "ISKP",
                &["ISKP"],
                Some("org:iskp"),
            )],
            vec![],
        );
        let b = record(
            "b",
            vec![entity(
                "e0",
                EntityType::Organization,
                "Wilayat Khorasan",
                &["Wilayat Khorasan"],
                Some("org:iskp"),
            )],
            vec![],
        );
        let graph = KnowledgeGraph::from_records(&[a, b]);
        assert_eq!(graph.nodes.len(), 1);
        assert_eq!(graph.nodes["org:iskp"].support(), 2);
        assert_eq!(graph.merges[0].reason, "same knowledge-base id");
    }

    #[test]
    fn islamic_state_iskp_and_islamic_state_of_iraq_stay_apart() {
        let a = record(
            "a",
            vec![
                entity(
                    "e0",
                    EntityType::Organization,
                    "Islamic State",
                    &["IS"],
                    Some("org:islamic_state"),
                ),
                entity(
                    "e1",
                    EntityType::Organization,
                    "Islamic State Khorasan Province",
                    &["ISKP"],
                    Some("org:iskp"),
                ),
                entity(
                    "e2",
                    EntityType::Organization,
                    "Islamic State of Iraq",
                    &["ISI"],
                    Some("org:islamic_state_of_iraq"),
                ),
            ],
            vec![],
        );
        let graph = KnowledgeGraph::from_records(&[a]);
        assert_eq!(graph.nodes.len(), 3);
    }

    #[test]
    fn a_surname_alone_never_merges_across_documents() {
        let a = record(
            "a",
            vec![entity(
                "e0",
                EntityType::Person,
                "Abdusalam Azizov",
                &["Abdusalam Azizov", "Azizov"],
                None,
            )],
            vec![],
        );
        let b = record(
            "b",
            vec![entity(
                "e0",
                EntityType::Person,
                "Azizov",
                &["Azizov"],
                None,
            )],
            vec![],
        );
        let graph = KnowledgeGraph::from_records(&[a, b]);
        assert_eq!(
            graph.nodes.len(),
            2,
            "{:?}",
            graph.nodes.keys().collect::<Vec<_>>()
        );
        let c = record(
            "c",
            vec![entity(
                "e0",
                EntityType::Person,
                "Abdusalam Azizov",
                &["Abdusalam Azizov"],
                None,
            )],
            vec![],
        );
        let graph = KnowledgeGraph::from_records(&[
            record(
                "a",
                vec![entity(
                    "e0",
                    EntityType::Person,
                    "Abdusalam Azizov",
                    &["Azizov"],
                    None,
                )],
                vec![],
            ),
            c,
        ]);
        assert_eq!(graph.nodes.len(), 1);
    }

    #[test]
    fn an_acronym_merges_only_when_it_agrees_with_the_full_names() {
        let a = record(
            "a",
            vec![entity(
                "e0",
                EntityType::Organization,
                "Shanghai Cooperation Organization",
                &["SCO"],
                None,
            )],
            vec![],
        );
        let b = record(
            "b",
            vec![entity(
                "e0",
                EntityType::Organization,
                "Special Court Office",
                &["SCO"],
                None,
            )],
            vec![],
        );
        let c = record(
            "c",
            vec![entity(
                "e0",
                EntityType::Organization,
                "SCO",
                &["SCO"],
                None,
            )],
            vec![],
        );
        let graph = KnowledgeGraph::from_records(&[a, b, c]);
        let keys: Vec<&String> = graph.nodes.keys().collect();
        assert_eq!(graph.nodes.len(), 2, "{keys:?}");
        assert!(graph.nodes["org:shanghai-cooperation-organization"].support() >= 1);
    }

    #[test]
    fn types_never_merge_on_a_shared_name() {
        let a = record(
            "a",
            vec![entity(
                "e0",
                EntityType::Location,
                "Georgia",
                &["Georgia"],
                None,
            )],
            vec![],
        );
        let b = record(
            "b",
            vec![entity(
                "e0",
                EntityType::Person,
                "Georgia",
                &["Georgia"],
                None,
            )],
            vec![],
        );
        assert_eq!(KnowledgeGraph::from_records(&[a, b]).nodes.len(), 2);
    }

    fn attack_record(doc: &str, date: Option<&str>, place_kb: &str) -> DocumentRecord {
        record(
            doc,
            vec![
                entity(
                    "e0",
                    EntityType::Location,
                    place_kb,
                    &[place_kb],
                    Some(place_kb),
                ),
                entity(
                    "e1",
                    EntityType::Organization,
                    "ISKP",
                    &["ISKP"],
                    Some("org:iskp"),
                ),
                event("v0", EventType::Attack, &format!("{place_kb} attack"), date),
            ],
            vec![
                role("v0", Predicate::OccurredIn, "e0", doc),
                role("v0", Predicate::ClaimedBy, "e1", doc),
            ],
        )
    }

    #[test]
    fn only_relations_the_schema_accepts_become_edges() {
        let mut attack = attack_record("a", None, "place:hall");
        attack.relations.extend([
            // The place as the agent of the attack, the group located in the place.
            role("v0", Predicate::Agent, "e0", "a"),
            role("e1", Predicate::LocatedIn, "e0", "a"),
            role("e1", Predicate::OperatesIn, "e0", "a"),
        ]);
        let graph = KnowledgeGraph::from_records(&[attack]);
        let mut predicates: Vec<Predicate> = graph.edges.values().map(|e| e.predicate).collect();
        predicates.sort();
        assert_eq!(
            predicates,
            [
                Predicate::OperatesIn,
                Predicate::ClaimedBy,
                Predicate::OccurredIn
            ]
        );
    }

    #[test]
    fn events_merge_across_documents_on_type_place_date_and_participant() {
        let graph = KnowledgeGraph::from_records(&[
            attack_record("a", Some("2024-03-22"), "place:hall"),
            attack_record("b", Some("2024-03"), "place:hall"),
        ]);
        let events: Vec<&Node> = graph
            .nodes
            .values()
            .filter(|n| n.kind == EntityType::Event)
            .collect();
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].date.as_deref(), Some("2024-03-22"));
        assert_eq!(events[0].support(), 2);
    }

    #[test]
    fn events_with_incompatible_dates_or_places_stay_apart() {
        let graph = KnowledgeGraph::from_records(&[
            attack_record("a", Some("2024-03-22"), "place:hall"),
            attack_record("b", Some("2023-01"), "place:hall"),
        ]);
        assert_eq!(
            graph
                .nodes
                .values()
                .filter(|n| n.kind == EntityType::Event)
                .count(),
            2
        );
        let graph = KnowledgeGraph::from_records(&[
            attack_record("a", None, "place:hall"),
            attack_record("b", None, "place:church"),
        ]);
        assert_eq!(
            graph
                .nodes
                .values()
                .filter(|n| n.kind == EntityType::Event)
                .count(),
            2
        );
    }

    #[test]
    fn the_graph_depends_only_on_the_set_of_documents() {
        let docs = [
            attack_record("b", None, "place:hall"),
            attack_record("a", Some("2024"), "place:hall"),
            attack_record("c", None, "place:church"),
        ];
        let forward = KnowledgeGraph::from_records(&docs);
        let backward = KnowledgeGraph::from_records(docs.iter().rev());
        assert_eq!(forward, backward);
    }
}
