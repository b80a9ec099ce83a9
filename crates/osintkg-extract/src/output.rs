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
            let written = &text[mention.span.start..mention.span.end];
            let surface = strip_possessive(written);
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

/// A name analysts would write: what happened, to whom, by whom, where ("Arrest of
/// Sharifullah in Pakistan", "ISKP attack on the Taliban in Kabul", "Meeting of Putin
/// and Xi in Astana", "Azizov statement"), with the event noun the text uses ("raid",
/// "summit", "trial") and the mentions kept as aliases.
fn event_name(view: &DocView<'_>, event: &DocEvent) -> Option<String> {
    let default_noun = event.kind.as_str().to_lowercase();
    let noun = event.head.as_deref().unwrap_or(&default_noun);
    let actors = [
        EntityType::Person,
        EntityType::Organization,
        EntityType::Country,
    ];
    let all = |predicate: Predicate, kinds: &[EntityType]| -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for role in event.roles.iter().filter(|r| r.predicate == predicate) {
            let name = &view.entities[role.entity].name;
            if kinds.contains(&view.kind(role.entity)) && !names.contains(name) {
                names.push(name.clone());
            }
        }
        names
    };
    let first =
        |predicate: Predicate, kinds: &[EntityType]| all(predicate, kinds).into_iter().next();
    let site = first(Predicate::OccurredIn, &[EntityType::Location])
        .or_else(|| first(Predicate::OccurredIn, &[EntityType::Country]));
    let agent = first(Predicate::Agent, &actors)
        .or_else(|| first(Predicate::ClaimedBy, &[EntityType::Organization]));
    // A state is a target's place more than its victim ("the attack on Nigeria").
    let target = first(
        Predicate::Target,
        &[EntityType::Person, EntityType::Organization],
    );
    // "Arrest of X by Iraq", not "… by Iraq in Iraq".
    let at = |name: String| match &site {
        Some(s) if agent.as_ref() != Some(s) && target.as_ref() != Some(s) => {
            format!("{name} in {s}")
        }
        _ => name,
    };
    let name = match event.kind {
        EventType::Arrest
        | EventType::Deportation
        | EventType::Appointment
        | EventType::Investigation => match (&target, &agent) {
            (Some(target), Some(agent)) => at(format!("{noun} of {target} by {agent}")),
            (Some(target), None) => at(format!("{noun} of {target}")),
            (None, Some(agent)) => at(format!("{agent} {noun}")),
            (None, None) => at(noun.to_owned()),
        },
        EventType::Meeting => {
            let mut people = all(Predicate::Agent, &actors);
            for p in all(Predicate::Participant, &actors) {
                if !people.contains(&p) {
                    people.push(p);
                }
            }
            match people.as_slice() {
                [] => at(noun.to_owned()),
                [one] => at(format!("{one} {noun}")),
                [a, b, ..] => at(format!("{noun} of {a} and {b}")),
            }
        }
        EventType::Statement => format!("{} {noun}", agent.as_ref()?),
        EventType::Pledge => match (&agent, &target) {
            (Some(agent), Some(target)) => format!("{agent} {noun} to {target}"),
            (Some(agent), None) => format!("{agent} {noun}"),
            (None, Some(target)) => format!("{noun} to {target}"),
            (None, None) => return None,
        },
        // An attack or protest at a named place goes by the place, as analysts and the
        // press name it ("Crocus City Hall attack", "Peshawar bombing"); a state is no
        // such place ("ISKP attack in Pakistan"), and a target names it instead.
        EventType::Attack | EventType::Protest
            if target.is_none()
                && first(Predicate::OccurredIn, &[EntityType::Location]).is_some() =>
        {
            format!("{} {noun}", site.as_deref().unwrap_or_default())
        }
        // Any other type, one added to the vocabulary among them, goes by its actor,
        // target and site: "ISKP attack on the Taliban in Kabul", "US deployment in Niger".
        _ => {
            let mut name = agent
                .as_ref()
                .map_or(noun.to_owned(), |a| format!("{a} {noun}"));
            if let Some(target) = &target {
                name = format!("{name} on {target}");
            }
            at(name)
        }
    };
    let anchored = site.is_some()
        || agent.is_some()
        || target.is_some()
        || !all(Predicate::Participant, &actors).is_empty();
    anchored.then(|| capitalised(&name))
}

/// The name with its first letter upper case ("attack in Kabul" → "Attack in Kabul").
fn capitalised(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}
