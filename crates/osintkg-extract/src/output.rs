//! Turns the passes' findings into the interchange record of `FORMAT.md`, every
//! relation and event role carrying its evidence sentence.

use crate::Document;
use crate::events::DocEvent;
use crate::gazetteer::Gazetteer;
use crate::relations::Fact;
use crate::view::DocView;
use osintkg_graph::names::strip_possessive;
use osintkg_graph::{
    DocumentMeta, DocumentRecord, EntityRecord, EntityType, EventType, Evidence, Predicate,
    RelationRecord,
};

/// Builds the record: entities `e0…` in order of first mention, events `v0…`.
pub fn record(
    document: &Document,
    view: &DocView<'_>,
    events: &[DocEvent],
    facts: &[Fact],
    gazetteer: &Gazetteer,
    meta: DocumentMeta,
) -> DocumentRecord {
    let text = view.text;
    let mut order: Vec<usize> = (0..view.entities.len()).collect();
    order.sort_by_key(|&i| {
        view.entities[i]
            .mentions
            .first()
            .map_or(usize::MAX, |m| m.span.start)
    });
    let mut ids = vec![String::new(); view.entities.len()];
    let mut entities = Vec::new();
    for (n, &i) in order.iter().enumerate() {
        let entity = &view.entities[i];
        ids[i] = format!("e{n}");
        let mut record = EntityRecord::new(ids[i].clone(), entity.kind, entity.name.clone());
        for mention in &entity.mentions {
            let surface = strip_possessive(&text[mention.span.start..mention.span.end]);
            if !record.mentions.contains(&surface) {
                record.mentions.push(surface);
            }
            record.spans.push(mention.span);
        }
        if let Some(entry) = entity
            .entry
            .map(|x| gazetteer.entry(x))
            .filter(|e| e.kind == entity.kind)
        {
            record.kb = Some(entry.id.clone());
            record.wikidata.clone_from(&entry.wikidata);
        }
        record.confidence = entity.confidence;
        entities.push(record);
    }
    let evidence = |sentence: usize, rule: &str, confidence: f64| {
        let span = view.sentences[sentence].span;
        Evidence {
            doc: document.id.clone(),
            span,
            sentence: text[span.start..span.end].to_owned(),
            rule: rule.to_owned(),
            confidence,
        }
    };
    // Only what each predicate's schema accepts (FORMAT.md's table, on `Predicate`).
    let mut relations = Vec::new();
    for f in facts {
        if !f
            .predicate
            .accepts(view.kind(f.subject), view.kind(f.object))
        {
            continue;
        }
        relations.push(RelationRecord {
            subject: ids[f.subject].clone(),
            predicate: f.predicate,
            object: ids[f.object].clone(),
            evidence: vec![evidence(f.sentence, f.rule.as_str(), f.confidence)],
        });
    }
    for (n, event) in events.iter().enumerate() {
        let id = format!("v{n}");
        let mentions: Vec<String> = event
            .mentions
            .iter()
            .map(|s| text[s.start..s.end].to_owned())
            .collect();
        let name = event_name(view, event).unwrap_or_else(|| {
            mentions
                .iter()
                .max_by_key(|m| m.len())
                .cloned()
                .unwrap_or_else(|| event.kind.as_str().to_owned())
        });
        let mut record = EntityRecord::new(id.clone(), EntityType::Event, name);
        record.event_type = Some(event.kind);
        record.date.clone_from(&event.date);
        record.killed = event.killed;
        record.injured = event.injured;
        for (mention, span) in mentions.into_iter().zip(&event.mentions) {
            if !record.mentions.contains(&mention) {
                record.mentions.push(mention);
            }
            record.spans.push(*span);
        }
        record.confidence = event.roles.iter().map(|r| r.confidence).fold(0.5, f64::max);
        entities.push(record);
        for role in &event.roles {
            if !role
                .predicate
                .accepts(EntityType::Event, view.kind(role.entity))
            {
                continue;
            }
            relations.push(RelationRecord {
                subject: id.clone(),
                predicate: role.predicate,
                object: ids[role.entity].clone(),
                evidence: vec![evidence(role.sentence, role.rule.as_str(), role.confidence)],
            });
        }
    }
    DocumentRecord {
        doc: document.id.clone(),
        meta,
        entities,
        relations,
    }
}

/// A name analysts would use: the site or the actor and the kind of event ("Crocus City
/// Hall attack", "Azizov statement"), with its mentions kept as aliases.
fn event_name(view: &DocView<'_>, event: &DocEvent) -> Option<String> {
    let noun = event.kind.as_str().to_lowercase();
    let named = |predicate: Predicate, kinds: &[EntityType]| {
        event
            .roles
            .iter()
            .filter(|r| r.predicate == predicate && kinds.contains(&view.kind(r.entity)))
            .map(|r| view.entities[r.entity].name.clone())
            .next()
    };
    let site = named(Predicate::OccurredIn, &[EntityType::Location])
        .or_else(|| named(Predicate::OccurredIn, &[EntityType::Country]));
    let actor = named(
        Predicate::Agent,
        &[
            EntityType::Person,
            EntityType::Organization,
            EntityType::Country,
        ],
    )
    .or_else(|| named(Predicate::ClaimedBy, &[EntityType::Organization]));
    let target = named(
        Predicate::Target,
        &[
            EntityType::Person,
            EntityType::Organization,
            EntityType::Country,
        ],
    );
    match (event.kind, site, actor.or(target)) {
        (
            EventType::Statement
            | EventType::Appointment
            | EventType::Pledge
            | EventType::Investigation,
            _,
            Some(actor),
        ) => Some(format!("{actor} {noun}")),
        (_, Some(site), _) => Some(format!("{site} {noun}")),
        (_, None, Some(actor)) => Some(format!("{actor} {noun}")),
        _ => None,
    }
}
