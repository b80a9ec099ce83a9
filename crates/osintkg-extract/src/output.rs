//! Turns the passes' findings into the interchange record of `FORMAT.md`.

use crate::Document;
use crate::entities::DocEntity;
use crate::gazetteer::Gazetteer;
use crate::segment::Sentence;
use osintkg_graph::names::strip_possessive;
use osintkg_graph::{DocumentMeta, DocumentRecord, EntityRecord};

/// Builds the record; entity ids are `e0`, `e1`, … in order of first mention.
pub fn record(
    document: &Document,
    text: &str,
    _sentences: &[Sentence<'_>],
    entities: &[DocEntity],
    gazetteer: &Gazetteer,
    meta: DocumentMeta,
) -> DocumentRecord {
    let mut ordered: Vec<&DocEntity> = entities.iter().collect();
    ordered.sort_by_key(|e| {
        e.mentions
            .first()
            .map(|m| m.span.start)
            .unwrap_or(usize::MAX)
    });
    let records = ordered
        .iter()
        .enumerate()
        .map(|(i, entity)| {
            let mut record = EntityRecord::new(format!("e{i}"), entity.kind, entity.name.clone());
            for mention in &entity.mentions {
                let surface = strip_possessive(&text[mention.span.start..mention.span.end]);
                if !record.mentions.contains(&surface) {
                    record.mentions.push(surface);
                }
                record.spans.push(mention.span);
            }
            if let Some(entry) = entity
                .entry
                .map(|i| gazetteer.entry(i))
                .filter(|e| e.kind == entity.kind)
            {
                record.kb = Some(entry.id.clone());
                record.wikidata.clone_from(&entry.wikidata);
            }
            record.confidence = entity.confidence;
            record
        })
        .collect();
    DocumentRecord {
        doc: document.id.clone(),
        meta,
        entities: records,
        relations: Vec::new(),
    }
}
