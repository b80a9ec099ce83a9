//! Named-entity recognition and in-document resolution.
//!
//! Two sources of names meet here: the gazetteer (world knowledge, linked to stable ids)
//! and proper-noun chunks typed from their context (titles, head nouns, locative
//! prepositions, speech verbs, appositions). Mentions of one thing are then folded into
//! one entity: acronym definitions, surnames, gazetteer aliases, demonyms and capitals
//! standing for their state.

use crate::forms::FormIndex;
use crate::gazetteer::{FormKind, Gazetteer, Hit};
use crate::lexicon::{
    Construction, DemonymNoun, Function, LanguagePack, Meaning, OrgHead, ParticleUse, PlaceHead,
    StateVerbAfter, TitleUse,
};
use crate::segment::{Sentence, possessive_len};
use crate::text::{self, Token};
use osintkg_graph::names::{abbreviates, is_acronym, normalize};
use osintkg_graph::{EntityType, EventType, Predicate, Span};
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::BTreeMap;

/// One mention of an entity.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Byte range of the surface form, possessive excluded.
    pub span: Span,
    /// Index of the sentence it is in.
    pub sentence: usize,
}

/// An entity of one document with all its mentions.
#[derive(Debug, Clone)]
pub struct DocEntity {
    /// Node type.
    pub kind: EntityType,
    /// Canonical name.
    pub name: String,
    /// Gazetteer entry index, when linked.
    pub entry: Option<usize>,
    /// Mentions in text order.
    pub mentions: Vec<Mention>,
    /// Confidence of existence and type.
    pub confidence: f64,
}

/// A typed span before grouping.
#[derive(Debug, Clone)]
struct Candidate {
    span: Span,
    sentence: usize,
    kind: EntityType,
    entry: Option<usize>,
    confidence: f64,
}

/// Finds the entities of a document. `sentences` carry tokens, language and headline flags.
pub fn recognize(
    text: &str,
    sentences: &[Sentence<'_>],
    gazetteer: &Gazetteer,
    common: &FxHashSet<&str>,
) -> Vec<DocEntity> {
    let word_spans = text::word_spans(text);
    let mut candidates = Vec::new();
    let mut body_names = Vec::new();
    for (index, sentence) in sentences.iter().enumerate() {
        let from = candidates.len();
        let mut hits = gazetteer.find(text, sentence.span, &word_spans);
        hits.retain(|hit| !is_nisba(text, sentence.pack, hit));
        let chunks = if sentence.pack.proper_noun_chunks() && !sentence.headline {
            chunks(sentence, common)
        } else {
            particle_chunks(sentence)
        };
        let chunks = split_around_hits(sentence, chunks, &hits);
        let chunks: Vec<Chunk> = chunks
            .into_iter()
            .map(|chunk| name_after_of(sentence, chunk, common))
            .collect();
        let mut covered: Vec<Span> = Vec::new();
        for (elliptic, hit) in elliptic_coordinations(text, sentence, index, &hits, gazetteer) {
            covered.push(elliptic.span);
            candidates.push(elliptic);
            candidates.extend(hit_candidate(text, sentence, index, hit, gazetteer));
        }
        for chunk in &chunks {
            if covered.iter().any(|c| c.contains(&chunk.span)) {
                continue;
            }
            let found = type_chunk(text, sentence, index, chunk, &hits, gazetteer, common);
            covered.push(chunk.span);
            candidates.extend(found);
        }
        for hit in &hits {
            if covered.iter().any(|c| c.overlaps(&hit.span)) {
                continue;
            }
            candidates.extend(hit_candidate(text, sentence, index, hit, gazetteer));
        }
        candidates.extend(borders_between(sentence, index, &hits, gazetteer));
        candidates.extend(state_bodies(sentence, index, &hits, gazetteer));
        candidates.extend(led_groups(sentence, index, &hits, gazetteer));
        for (body, name) in place_bodies(sentence, index, &hits, gazetteer) {
            body_names.push((normalize(&text[name.start..name.end]), body.span));
            candidates.push(body);
        }
        places_in_lists(text, sentence, &mut candidates[from..]);
    }
    extend_to_acronym(text, sentences, &mut candidates);
    let mut definitions = acronym_definitions(text, sentences, &candidates);
    for (name, body) in body_names {
        definitions.entry(name).or_insert(body);
    }
    let mut entities = group(text, candidates, &definitions, gazetteer);
    merge_partial_person_names(text, &mut entities, gazetteer);
    add_repeated_mentions(text, sentences, &word_spans, &mut entities);
    fold_headline_capitals(text, sentences, &mut entities, gazetteer);
    entities.retain(|e| e.confidence >= 0.5);
    entities
}

/// "the border between Mali and Niger": a border noun with the two states or places it
/// lies between names one place, the stretch of border (GUIDELINES: borders are
/// Locations); the states keep their own mentions.
fn borders_between(
    sentence: &Sentence<'_>,
    index: usize,
    hits: &[Hit],
    gazetteer: &Gazetteer,
) -> Vec<Candidate> {
    let tokens = &sentence.tokens;
    let pack = sentence.pack;
    // The hits that can stand on either side, found once per sentence.
    let places: Vec<&Hit> = hits
        .iter()
        .filter(|h| h.form == FormKind::Name && names_place(gazetteer, h))
        .collect();
    if places.is_empty() {
        return Vec::new();
    }
    let side = |at: usize| {
        let token = tokens.get(at)?;
        places
            .iter()
            .copied()
            .filter(|h| h.span.start == token.span.start)
            .max_by_key(|h| h.span.len())
    };
    let mut out = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        // The place two tokens on first: comparing a sentence's few hits costs less than
        // the word lookups, and most tokens have none there.
        let Some(first) = side(i + 2) else {
            continue;
        };
        let border = token.text.starts_with(char::is_lowercase)
            && pack.place_head(token.text, PlaceHead::Extends)
            && tokens
                .get(i + 1)
                .is_some_and(|t| pack.preposition(t.text, Meaning::Between));
        if !border {
            continue;
        }
        let Some(and) = tokens.iter().position(|t| t.span.start >= first.span.end) else {
            continue;
        };
        if !pack.function(tokens[and].text, Function::Coordinator) {
            continue;
        }
        if let Some(second) = side(and + 1) {
            out.push(Candidate {
                span: Span::new(token.span.start, second.span.end),
                sentence: index,
                kind: EntityType::Location,
                entry: None,
                confidence: 0.7,
            });
        }
    }
    out
}

/// "Envoys from Lusaka Arrive …" over a story that writes "talks with Lusaka" for
/// Zambia: a capital named as a place only in headlines, where the body uses the same
/// name for its state, is the state in the headline too (headlines are too terse to
/// tell the two apart; the body shows how the article uses the name).
fn fold_headline_capitals(
    text: &str,
    sentences: &[Sentence<'_>],
    entities: &mut Vec<DocEntity>,
    gazetteer: &Gazetteer,
) {
    let surface = |m: &Mention| normalize(&text[m.span.start..m.span.end]);
    let mut folded = Vec::new();
    for (at, place) in entities.iter().enumerate() {
        let Some(state) = place
            .entry
            .filter(|_| place.kind == EntityType::Location)
            .and_then(|e| gazetteer.entry(e).capital_of.as_deref())
            .and_then(|c| gazetteer.index_of(c))
        else {
            continue;
        };
        if !place
            .mentions
            .iter()
            .all(|m| sentences[m.sentence].headline)
        {
            continue;
        }
        let target = entities.iter().position(|e| {
            e.kind == EntityType::Country
                && e.entry == Some(state)
                && e.mentions.iter().any(|m| {
                    !sentences[m.sentence].headline
                        && place.mentions.iter().any(|p| surface(p) == surface(m))
                })
        });
        if let Some(target) = target {
            folded.push((at, target));
        }
    }
    for &(at, target) in folded.iter().rev() {
        let place = entities.remove(at);
        let target = if target > at { target - 1 } else { target };
        entities[target].mentions.extend(place.mentions);
        entities[target].mentions.sort_by_key(|m| m.span.start);
    }
}

/// "the Malian army", "Qatar’s foreign ministry", "Yemeni armed forces": a state's name or
/// adjective before a lowercase agency noun (perhaps after one modifier) names a body of
/// that state, an organisation (GUIDELINES: ministries, armed forces).
fn state_bodies(
    sentence: &Sentence<'_>,
    index: usize,
    hits: &[Hit],
    gazetteer: &Gazetteer,
) -> Vec<Candidate> {
    let tokens = &sentence.tokens;
    let pack = sentence.pack;
    let lowercase = |t: &Token<'_>| t.text.starts_with(char::is_lowercase);
    let agency = |t: &Token<'_>| lowercase(t) && pack.org_head(t.text, OrgHead::Body);
    let mut out = Vec::new();
    for hit in hits {
        if gazetteer.entry(hit.entry).kind != EntityType::Country {
            continue;
        }
        let Some(at) = token_starting_at(tokens, hit.span.start) else {
            continue;
        };
        let token = &tokens[at];
        let possessive = possessive_len(token.text) > 0
            && token.span.end == hit.span.end + possessive_len(token.text);
        if !(possessive || hit.form == FormKind::Demonym && token.span == hit.span) {
            continue;
        }
        let head = match (tokens.get(at + 1), tokens.get(at + 2)) {
            (Some(next), _) if agency(next) => at + 1,
            (Some(modifier), Some(next))
                if lowercase(modifier)
                    && pack.title_use(modifier.text, TitleUse::Modifier)
                    && agency(next) =>
            {
                at + 2
            }
            _ => continue,
        };
        // "Pakistan’s army chief": the agency noun modifies a role noun; a body with a
        // portfolio ("an Indian foreign ministry spokesperson") is named all the same.
        if head == at + 1
            && tokens.get(head + 1).is_some_and(|t| {
                lowercase(t) && (pack.is_title(t.text) || pack.org_head(t.text, OrgHead::Agency))
            })
        {
            continue;
        }
        out.push(Candidate {
            span: Span::new(hit.span.start, tokens[head].span.end),
            sentence: index,
            kind: EntityType::Organization,
            entry: None,
            confidence: 0.7,
        });
    }
    out
}

/// "Gaza’s Health Ministry", "Dagestan's Interior Ministry": a place below a state that
/// owns a body named in capitals names it with the body (GUIDELINES: "Dagestan
/// Interior Ministry"); the body's name alone ("the Interior Ministry") is another
/// mention. A state's own bodies keep their names ("Uzbekistan's State Security
/// Service" is the State Security Service). Each with the span of the body's own name.
fn place_bodies(
    sentence: &Sentence<'_>,
    index: usize,
    hits: &[Hit],
    gazetteer: &Gazetteer,
) -> Vec<(Candidate, Span)> {
    let tokens = &sentence.tokens;
    let pack = sentence.pack;
    let mut out = Vec::new();
    for hit in hits {
        let Some(at) = token_starting_at(tokens, hit.span.start) else {
            continue;
        };
        let possessive = possessive_len(tokens[at].text) > 0
            && tokens[at].span.end == hit.span.end + possessive_len(tokens[at].text);
        if !possessive || gazetteer.entry(hit.entry).kind != EntityType::Location {
            continue;
        }
        let words = tokens[at + 1..]
            .iter()
            .take(4)
            .take_while(|t| t.is_capitalized() && possessive_len(t.text) == 0)
            .count();
        let Some(head) = tokens.get(at + words) else {
            continue;
        };
        let next_is_name = tokens
            .get(at + words + 1)
            .is_some_and(|t| t.is_capitalized());
        if words > 0 && pack.org_head(head.text, OrgHead::Body) && !next_is_name {
            let body = Candidate {
                span: Span::new(tokens[at].span.start, head.span.end),
                sentence: index,
                kind: EntityType::Organization,
                entry: None,
                confidence: 0.7,
            };
            out.push((body, Span::new(tokens[at + 1].span.start, head.span.end)));
        }
    }
    out
}

/// "the US-led coalition", "a Saudi-led force": a state glued to a compound cue that
/// makes it a member ("led", relation_cues.tsv) before a lowercase organisation head
/// names a group of states, an organisation (the state is its member, read by the
/// relation rules).
fn led_groups(
    sentence: &Sentence<'_>,
    index: usize,
    hits: &[Hit],
    gazetteer: &Gazetteer,
) -> Vec<Candidate> {
    let tokens = &sentence.tokens;
    let pack = sentence.pack;
    let mut out = Vec::new();
    for hit in hits {
        if gazetteer.entry(hit.entry).kind != EntityType::Country {
            continue;
        }
        let Some(at) = token_starting_at(tokens, hit.span.start)
            .filter(|&at| tokens[at].span.end > hit.span.end)
        else {
            continue;
        };
        let member = tokens[at]
            .text
            .rsplit_once('-')
            .and_then(|(_, suffix)| pack.cue_word(suffix, Construction::Compound))
            .is_some_and(|cue| cue.predicate == Predicate::MemberOf);
        let Some(head) = tokens.get(at + 1) else {
            continue;
        };
        if member
            && head.text.starts_with(char::is_lowercase)
            && pack.org_head(head.text, OrgHead::Name)
        {
            out.push(Candidate {
                span: Span::new(tokens[at].span.start, head.span.end),
                sentence: index,
                kind: EntityType::Organization,
                entry: None,
                confidence: 0.7,
            });
        }
    }
    out
}

/// "al-Sahrawi", "al-Masri": a place or people's name after a glued particle is a family
/// name (a nisba), not the place or the state.
fn is_nisba(text: &str, pack: &LanguagePack, hit: &Hit) -> bool {
    let Some(before) = text[..hit.span.start].strip_suffix('-') else {
        return false;
    };
    let particle = before
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    !particle.is_empty() && pack.particle(particle, ParticleUse::Prefix)
}

/// The index of the token that starts at byte `start`: tokens are in text order, so a
/// bisection finds it.
fn token_starting_at(tokens: &[Token<'_>], start: usize) -> Option<usize> {
    let at = tokens.partition_point(|t| t.span.start < start);
    tokens
        .get(at)
        .is_some_and(|t| t.span.start == start)
        .then_some(at)
}

/// A run of name-like tokens, with its byte range (possessive excluded).
#[derive(Debug, Clone)]
struct Chunk {
    /// Token indices within the sentence, `start..end`.
    start: usize,
    end: usize,
    span: Span,
}

fn is_name_token(pack: &LanguagePack, token: &Token<'_>) -> bool {
    let t = token.text;
    // Byte scans rather than `split_once`: tokens are short, and this runs several times
    // per token, where a call to memchr costs more than the scan. Most tokens have no
    // hyphen: one scan tells.
    let Some(last) = t.bytes().rposition(|b| b == b'-') else {
        return t.starts_with(char::is_uppercase);
    };
    // "ISIS-linked", "Afghanistan-Pakistan-based": a name turned into a modifier.
    let suffix = &t[last + 1..];
    if suffix.len() > 1 && suffix.chars().all(char::is_lowercase) {
        return false;
    }
    if t.starts_with(char::is_uppercase) {
        return true;
    }
    // Lowercase particles glued to a capitalised name: "al-Baghdadi", "as-Saliheen".
    let first = t.bytes().position(|b| b == b'-').unwrap_or(last);
    t[first + 1..].starts_with(char::is_uppercase) && pack.is_particle(&t[..first])
}

/// Maximal runs of capitalised tokens joined by name particles and connectors.
fn chunks(sentence: &Sentence<'_>, common: &FxHashSet<&str>) -> Vec<Chunk> {
    let tokens = &sentence.tokens;
    let pack = sentence.pack;
    let name_token = |t: &Token<'_>| is_name_token(pack, t) && !pack.is_stop_word(t.text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if !name_token(&tokens[i]) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + 1;
        // A possessive ends the name: "ISKP’s mouthpiece".
        if possessive_len(tokens[i].text) == 0 {
            loop {
                if end < tokens.len() && name_token(&tokens[end]) {
                    end += 1;
                    if possessive_len(tokens[end - 1].text) > 0 {
                        break;
                    }
                    continue;
                }
                // "T. Naseer", "Richel V. Umel": an initial keeps its period in the name.
                if end + 1 < tokens.len()
                    && tokens[end].text == "."
                    && tokens[end].span.start == tokens[end - 1].span.end
                    && is_initial(&tokens[end - 1])
                    && name_token(&tokens[end + 1])
                {
                    end += 2;
                    continue;
                }
                // "Riyad as-Saliheen Martyrs’ Brigade": a plural possessive inside a name.
                if end + 1 < tokens.len()
                    && matches!(tokens[end].text, "’" | "'")
                    && tokens[end - 1].text.ends_with('s')
                    && tokens[end].span.start == tokens[end - 1].span.end
                    && is_name_token(pack, &tokens[end + 1])
                {
                    end += 2;
                    continue;
                }
                // "Department of Homeland Security", "Osama bin Laden".
                // "and" joins only inside an "of" phrase: "Islamic State of Iraq and the
                // Levant", not "the Taliban and Islamic State".
                let and_allowed = || {
                    tokens[start..end]
                        .iter()
                        .any(|t| pack.preposition(t.text, Meaning::Genitive))
                };
                let joiner = end < tokens.len()
                    && tokens[end].text.starts_with(char::is_lowercase)
                    && pack.may_join_name(tokens[end].text)
                    && (!pack.function(tokens[end].text, Function::Coordinator) || and_allowed());
                let the = end + 1 < tokens.len()
                    && tokens[end + 1].text.starts_with(char::is_lowercase)
                    && pack.function(tokens[end + 1].text, Function::Article);
                // "van den Berg", "von der Leyen": two name particles in a row.
                let second_particle = !the
                    && end + 1 < tokens.len()
                    && tokens[end + 1].text.starts_with(char::is_lowercase)
                    && pack.particle(tokens[end].text, ParticleUse::Joiner)
                    && pack.particle(tokens[end + 1].text, ParticleUse::Joiner);
                let next = if the || second_particle {
                    end + 2
                } else {
                    end + 1
                };
                if joiner && next < tokens.len() && name_token(&tokens[next]) {
                    end = next + 1;
                    if possessive_len(tokens[end - 1].text) > 0 {
                        break;
                    }
                    continue;
                }
                break;
            }
        }
        let mut first = start;
        // Sentence-initial capitals: drop a first word that is an ordinary word.
        if is_sentence_start(sentence, start) {
            // Only the first word: "By Peter Smith" keeps "Peter".
            if contains_common(pack, common, tokens[first].text)
                && !tokens[first].text.contains('-')
            {
                first += 1;
            }
        }
        while first < end && pack.is_name_connector(tokens[first].text) {
            first += 1;
        }
        let mut last = end;
        while last > first && pack.is_name_connector(tokens[last - 1].text) {
            last -= 1;
        }
        if first < last {
            let span = Span::new(
                tokens[first].span.start,
                tokens[last - 1].span.end - possessive_len(tokens[last - 1].text),
            );
            out.push(Chunk {
                start: first,
                end: last,
                span,
            });
        }
        i = end;
    }
    out
}

/// A single capital letter, with or without its period: "T", "V.".
fn is_initial(token: &Token<'_>) -> bool {
    let letters = token.text.trim_end_matches('.');
    letters.len() == 1 && letters.chars().all(char::is_uppercase)
}

/// "Central and South Asia": the first conjunct shares the second's noun, and names
/// the place "Central Asia" when the gazetteer knows that name.
fn elliptic_coordinations<'h>(
    text: &str,
    sentence: &Sentence<'_>,
    index: usize,
    hits: &'h [Hit],
    gazetteer: &Gazetteer,
) -> Vec<(Candidate, &'h Hit)> {
    let tokens = &sentence.tokens;
    let mut out = Vec::new();
    for hit in hits {
        let Some(p) = token_starting_at(tokens, hit.span.start) else {
            continue;
        };
        if p < 2
            || !tokens[p - 2].is_capitalized()
            || !sentence
                .pack
                .function(tokens[p - 1].text, Function::Coordinator)
        {
            continue;
        }
        let hit_text = &text[hit.span.start..hit.span.end];
        let Some((_, shared)) = hit_text.split_once(' ') else {
            continue;
        };
        let form = format!("{} {shared}", tokens[p - 2].text);
        if let Some((entry, FormKind::Name)) = gazetteer.lookup(&form) {
            let kind = gazetteer.entry(entry).kind;
            let span = Span::new(tokens[p - 2].span.start, hit.span.end);
            out.push((
                Candidate {
                    span,
                    sentence: index,
                    kind,
                    entry: Some(entry),
                    confidence: 0.9,
                },
                hit,
            ));
        }
    }
    out
}

/// A gazetteer name that straddles a chunk's edge ("the Taliban and the United States",
/// "Islamic State in Khorasan Province") wins: the chunk keeps only what lies outside it.
fn split_around_hits(sentence: &Sentence<'_>, chunks: Vec<Chunk>, hits: &[Hit]) -> Vec<Chunk> {
    let mut out = Vec::new();
    let mut pending = chunks;
    while let Some(chunk) = pending.pop() {
        let straddling = hits
            .iter()
            .find(|h| h.span.overlaps(&chunk.span) && !chunk.span.contains(&h.span));
        let Some(hit) = straddling else {
            out.push(chunk);
            continue;
        };
        let tokens = &sentence.tokens;
        let pack = sentence.pack;
        let edge = |t: &Token<'_>| {
            pack.is_name_connector(t.text)
                || t.text.starts_with(char::is_lowercase)
                    && pack.function(t.text, Function::Article)
        };
        let inside = |i: usize| tokens[i].span.overlaps(&hit.span);
        let left_end = (chunk.start..chunk.end)
            .find(|&i| inside(i))
            .unwrap_or(chunk.end);
        let right_start = (chunk.start..chunk.end)
            .rev()
            .find(|&i| inside(i))
            .map_or(chunk.start, |i| i + 1);
        for (start, end) in [(chunk.start, left_end), (right_start, chunk.end)] {
            let mut last = end;
            while last > start && edge(&tokens[last - 1]) {
                last -= 1;
            }
            let mut first = start;
            while first < last && edge(&tokens[first]) {
                first += 1;
            }
            if first < last {
                let span = Span::new(
                    tokens[first].span.start,
                    tokens[last - 1].span.end - possessive_len(tokens[last - 1].text),
                );
                pending.push(Chunk {
                    start: first,
                    end: last,
                    span,
                });
            }
        }
    }
    out.sort_by_key(|c| c.start);
    out
}

/// "the Courtyard of the Saint Aldric Cathedral", "Commander of Operations of the Varno
/// Border Guard": a part of a site, or an office, before "of" is no part of the name
/// after it. The chunk keeps only the name that follows: a place's when the words before
/// "of" end with a noun whose "of" phrase is a place (locative_nouns.tsv), an
/// organisation's when they open with a title. The first name after "of" must itself end
/// with a place's or an organisation's head noun ("Department of Homeland Security",
/// headed before its own "of", is left whole).
fn name_after_of(sentence: &Sentence<'_>, chunk: Chunk, common: &FxHashSet<&str>) -> Chunk {
    let pack = sentence.pack;
    let tokens = &sentence.tokens;
    let genitive = |i: usize| {
        tokens[i].text.starts_with(char::is_lowercase)
            && pack.preposition(tokens[i].text, Meaning::Genitive)
    };
    let title = |t: &Token<'_>| pack.is_title_word(t.text);
    // The title may be the sentence's first word, left out of the chunk as an ordinary
    // word ("Commander of Operations of …").
    let office = title(&tokens[chunk.start])
        || chunk.start > 0
            && is_sentence_start(sentence, chunk.start - 1)
            && title(&tokens[chunk.start - 1]);
    for of in chunk.start + 1..chunk.end {
        if !genitive(of) {
            continue;
        }
        // An office is named by titles and ordinary words, never by a person's name
        // ("General Ilse Marten of the Varno Border Guard" keeps the person).
        let office = office
            && tokens[chunk.start..of].iter().all(|t| {
                t.text.starts_with(char::is_lowercase)
                    || title(t)
                    || contains_common(pack, common, t.text)
            });
        let before = strip_possessive_word(tokens[of - 1].text);
        if pack.org_head(&before, OrgHead::Name) || pack.place_head(&before, PlaceHead::Name) {
            return chunk;
        }
        let mut first = of + 1;
        if first < chunk.end
            && tokens[first].text.starts_with(char::is_lowercase)
            && pack.function(tokens[first].text, Function::Article)
        {
            first += 1;
        }
        let end = (first..chunk.end)
            .find(|&i| genitive(i))
            .unwrap_or(chunk.end);
        if end <= first {
            continue;
        }
        let head = strip_possessive_word(tokens[end - 1].text);
        let part = pack.is_locative_noun(&before) && pack.place_head(&head, PlaceHead::Name);
        let body = office && pack.org_head(&head, OrgHead::Name);
        if part || body {
            return Chunk {
                start: first,
                end: chunk.end,
                span: Span::new(tokens[first].span.start, chunk.span.end),
            };
        }
    }
    chunk
}

/// Outside English prose only names built with Arabic particles are safe to chunk
/// ("Abu Bakr al-Baghdadi" in an Italian paragraph); the gazetteer covers the rest.
fn particle_chunks(sentence: &Sentence<'_>) -> Vec<Chunk> {
    let tokens = &sentence.tokens;
    let pack = sentence.pack;
    let opener = |t: &Token<'_>| t.is_capitalized() && pack.particle(t.text, ParticleUse::Opener);
    let prefixed = |t: &Token<'_>| {
        t.text
            .split_once('-')
            .is_some_and(|(prefix, _)| pack.particle(prefix, ParticleUse::Prefix))
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let starts = opener(&tokens[i])
            || prefixed(&tokens[i])
                && tokens[i].text.starts_with(char::is_lowercase)
                && is_name_token(pack, &tokens[i]);
        if !starts || sentence.headline && opener(&tokens[i]) && i + 1 >= tokens.len() {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + 1;
        while end < tokens.len()
            && is_name_token(pack, &tokens[end])
            && possessive_len(tokens[end - 1].text) == 0
        {
            end += 1;
        }
        let has_particle = tokens[start..end].iter().any(prefixed);
        if end - start >= 2 || has_particle && pack.proper_noun_chunks() {
            let last = &tokens[end - 1];
            let span = Span::new(
                tokens[start].span.start,
                last.span.end - possessive_len(last.text),
            );
            out.push(Chunk { start, end, span });
        }
        i = end;
    }
    out
}

fn is_sentence_start(sentence: &Sentence<'_>, index: usize) -> bool {
    let before = &sentence.tokens[..index];
    before
        .iter()
        .all(|t| t.text.chars().all(|c| !c.is_alphanumeric()))
        // After a dateline in capitals ("QUETTA: Officials said", "BERLIN (AP) — Police").
        || before.len() >= 2
            && before
                .last()
                .is_some_and(|t| matches!(t.text, ":" | "-" | "–" | "—"))
            && before.iter().all(|t| !t.text.chars().any(char::is_lowercase))
}

fn contains_common(pack: &LanguagePack, common: &FxHashSet<&str>, word: &str) -> bool {
    let lower = word.to_lowercase();
    common.contains(lower.as_str()) || pack.is_never_name(word)
}

fn hit_candidate(
    text: &str,
    sentence: &Sentence<'_>,
    index: usize,
    hit: &Hit,
    gazetteer: &Gazetteer,
) -> Option<Candidate> {
    let entry = gazetteer.entry(hit.entry);
    // Only part of a word: before an elision's apostrophe ("Wa’l-Jihad"), or after a
    // hyphenated particle that joins two words of one name ("Tehreek-i-Taliban").
    let rest = &text[hit.span.end..];
    let elided = rest
        .strip_prefix('’')
        .or_else(|| rest.strip_prefix('\''))
        .and_then(|r| r.chars().next())
        .is_some_and(|c| c.is_alphabetic() && c != 's');
    if elided || joined_by_particle(&text[..hit.span.start]) {
        return None;
    }
    let pack = sentence.pack;
    if hit.form == FormKind::Demonym {
        // A region's adjective describes ("West African states", "a West African robe");
        // only a state is named by its adjective when it takes part.
        if entry.kind != EntityType::Country {
            return None;
        }
        let after = next_word(text, hit.span.end);
        // "the Uzbek language", "translated into Russian", "in Pashto and Dari" name a
        // language, not a state.
        if pack.demonym_noun(&after, DemonymNoun::Language) {
            return None;
        }
        let before = text[..hit.span.start].trim_end();
        let previous = before
            .rsplit(char::is_whitespace)
            .next()
            .filter(|w| w.len() < before.len());
        let after_text = text[hit.span.end..].trim_start();
        let introduced = previous.is_some_and(|w| pack.preposition(w, Meaning::Medium));
        if introduced
            && (after_text.is_empty()
                || after_text.starts_with(['.', ',', ';', ')'])
                || pack.function(&after, Function::Coordinator))
        {
            return None;
        }
        return Some(Candidate {
            span: hit.span,
            sentence: index,
            kind: EntityType::Country,
            entry: Some(hit.entry),
            confidence: 0.8,
        });
    }
    // "four U.S. military personnel", "a US military official": a state's force named
    // by a lowercase word, before a noun for its members, modifies that noun; the state
    // is what the phrase names.
    let surface = &text[hit.span.start..hit.span.end];
    if entry.kind == EntityType::Organization
        && pack.role(&next_word(text, hit.span.end), Predicate::MemberOf)
        && let Some((state_words, last)) = surface.rsplit_once(' ')
        && last.starts_with(char::is_lowercase)
        && let Some(state) = entry.country.as_deref().and_then(|c| gazetteer.index_of(c))
    {
        return Some(Candidate {
            span: Span::new(hit.span.start, hit.span.start + state_words.len()),
            sentence: index,
            kind: EntityType::Country,
            entry: Some(state),
            confidence: 0.8,
        });
    }
    if let Some(country) = &entry.capital_of
        && capital_stands_for_state(text, sentence, hit)
        && let Some(state) = gazetteer.index_of(country)
    {
        return Some(Candidate {
            span: hit.span,
            sentence: index,
            kind: EntityType::Country,
            entry: Some(state),
            confidence: 0.8,
        });
    }
    Some(Candidate {
        span: hit.span,
        sentence: index,
        kind: entry.kind,
        entry: Some(hit.entry),
        confidence: 0.95,
    })
}

/// Text ending in a hyphenated particle of one to three lowercase letters after a
/// capitalised word: "Tehreek-i-", "Lashkar-e-", "Hizb-ut-".
fn joined_by_particle(before: &str) -> bool {
    let Some(rest) = before.strip_suffix('-') else {
        return false;
    };
    let particle_len = rest
        .chars()
        .rev()
        .take(4)
        .take_while(char::is_ascii_lowercase)
        .count();
    if !(1..=3).contains(&particle_len) {
        return false;
    }
    let Some(word) = rest[..rest.len() - particle_len].strip_suffix('-') else {
        return false;
    };
    // The word's first letter, looked for over a bounded stretch (a run-on token must
    // not make every hit after it scan to its start).
    let mut first = None;
    for c in word.chars().rev().take(40) {
        if !c.is_alphanumeric() {
            break;
        }
        first = Some(c);
    }
    first.is_some_and(char::is_uppercase)
}

/// The word after `at`, lowercased, skipping a possessive and spaces (40 characters at
/// most).
fn next_word(text: &str, at: usize) -> String {
    let rest = &text[at..];
    let rest = rest
        .strip_prefix("’s")
        .or_else(|| rest.strip_prefix("'s"))
        .unwrap_or(rest);
    // Bounded: a word longer than this is no cue word, and a run-on token must not make
    // every gazetteer hit inside it scan to its end.
    rest.trim_start()
        .chars()
        .take(40)
        .take_while(|c| c.is_alphanumeric() || *c == '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// A capital stands for its state when it acts: "Beijing’s fears", "Moscow and Dushanbe
/// are seeking", "Kabul’s inability". It is a place after a locative preposition or
/// before another name or a noun it locates ("Moscow’s Crocus City Hall", "a Moscow hall").
fn capital_stands_for_state(text: &str, sentence: &Sentence<'_>, hit: &Hit) -> bool {
    let tokens = &sentence.tokens;
    let pack = sentence.pack;
    let Some(position) = token_starting_at(tokens, hit.span.start) else {
        return false;
    };
    if position > 0
        && pack.preposition_any(tokens[position - 1].text, &[Meaning::Place, Meaning::Path])
    {
        return false;
    }
    let rest = &text[hit.span.end..sentence.span.end];
    let possessive = rest.starts_with("’s") || rest.starts_with("'s");
    let after = next_word(text, hit.span.end);
    // "Moscow’s outskirts", "Kabul’s attack": a place noun or an event the city hosts.
    let after_is_noun_it_locates = pack.place_head(&after, PlaceHead::Name)
        || pack
            .trigger(&after)
            .is_some_and(|t| t.kind == EventType::Attack && t.form.is_noun());
    // The state a state's verb addresses ("accused Kabul of sheltering", "demanded Kabul
    // crack down") or a partner ("talks with Damascus"), before no noun it locates
    // ("urged Kabul residents", "with Moscow's help").
    let addressed = position > 0
        && (pack.is_state_verb(tokens[position - 1].text, StateVerbAfter::Object)
            || pack.preposition(tokens[position - 1].text, Meaning::Comitative));
    if addressed
        && !possessive
        && !after_is_noun_it_locates
        && !pack.is_plural(&after)
        && tokens
            .iter()
            .find(|t| t.span.start >= hit.span.end)
            .is_none_or(|t| !t.is_capitalized())
    {
        return true;
    }
    if possessive {
        let next_capitalised = rest
            .trim_start_matches(['’', '\'', 's'])
            .trim_start()
            .starts_with(char::is_uppercase);
        return !next_capitalised && !after_is_noun_it_locates;
    }
    // Coordinated capitals or countries acting together: "Moscow and Dushanbe are".
    let coordinated = |verb: &str| pack.is_state_verb(verb, StateVerbAfter::Coordinated);
    if position > 0
        && pack.function(tokens[position - 1].text, Function::Coordinator)
        && coordinated(&after)
    {
        return true;
    }
    if pack.function(&after, Function::Coordinator) {
        // "Islamabad and Kabul’s current inability": the possessive covers both.
        let partner: Vec<&str> = rest.split_whitespace().skip(1).take(1).collect();
        if let Some(word) = partner.first()
            && (word.ends_with("’s") || word.ends_with("'s"))
        {
            return true;
        }
        let verb = rest
            .split_whitespace()
            .nth(2)
            .map(|w| w.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase())
            .unwrap_or_default();
        return coordinated(&verb);
    }
    pack.is_state_verb(&after, StateVerbAfter::One)
}

#[allow(clippy::too_many_arguments)] // Reason: the typing rules read all of a sentence's context.
fn type_chunk(
    text: &str,
    sentence: &Sentence<'_>,
    index: usize,
    chunk: &Chunk,
    hits: &[Hit],
    gazetteer: &Gazetteer,
    common: &FxHashSet<&str>,
) -> Vec<Candidate> {
    let tokens = &sentence.tokens[chunk.start..chunk.end];
    let inside: Vec<&Hit> = hits
        .iter()
        .filter(|h| chunk.span.contains(&h.span))
        .collect();
    let candidate = |span: Span, kind: EntityType, confidence: f64| Candidate {
        span,
        sentence: index,
        kind,
        entry: None,
        confidence,
    };
    if is_publisher_credit(sentence, chunk)
        || is_category(sentence, chunk)
        || is_byline_publisher(sentence, chunk, &inside, gazetteer)
    {
        return Vec::new();
    }
    if before_shared_place_head(sentence, chunk, &inside, gazetteer) {
        return vec![candidate(chunk.span, EntityType::Location, 0.8)];
    }
    if let Some(extended) = extend_with_place_head(sentence, chunk, &inside, gazetteer) {
        // Countries named inside the place are mentioned too ("…-Pakistan-India gas pipeline").
        let named_countries = inside.iter().filter(|h| {
            h.form == FormKind::Name && gazetteer.entry(h.entry).kind == EntityType::Country
        });
        let mut out: Vec<Candidate> = named_countries
            .filter_map(|h| hit_candidate(text, sentence, index, h, gazetteer))
            .collect();
        // "Anbar province" is the province the gazetteer calls "Anbar Province".
        // Only when the bare name already names that entry ("Anbar"), not another place
        // ("Volgograd", the city, before "region").
        let known = known_place_with_head(text, chunk.span, extended, gazetteer)
            .filter(|&entry| inside.iter().any(|h| h.entry == entry));
        out.push(Candidate {
            entry: known,
            ..candidate(extended, EntityType::Location, 0.8)
        });
        return out;
    }
    if let Some(found) = prefixed_place(sentence, index, chunk, &inside, gazetteer) {
        return vec![found];
    }
    // A whole chunk that the gazetteer knows.
    if let [hit] = inside.as_slice()
        && hit.span == chunk.span
    {
        return hit_candidate(text, sentence, index, hit, gazetteer)
            .into_iter()
            .collect();
    }
    if let Some(found) = dateline_place(text, sentence, index, chunk, gazetteer) {
        return vec![found];
    }
    if let Some(found) = acronym_written_as_word(sentence, index, chunk, &inside, gazetteer) {
        return vec![found];
    }
    let pack = sentence.pack;
    let Some(title) = split_at_title(pack, tokens, common) else {
        // A title followed by "of" and no name opens a role phrase instead ("Secretary of
        // Internal Security"): only the names the gazetteer knows in it are kept.
        return inside
            .iter()
            .filter_map(|h| hit_candidate(text, sentence, index, h, gazetteer))
            .collect();
    };
    let titled = title.name > 0
        || preceded_by_title(sentence, chunk.start)
        || role_apposition(sentence, chunk.start);
    let name_tokens = &tokens[title.name..];
    // Titles that end the chunk ("… Task Force Commander Maj.", the name after the
    // abbreviation's period) name no one in it; what stands before them still counts.
    let span = name_tokens
        .first()
        .map_or(Span::new(chunk.span.end, chunk.span.end), |first| {
            Span::new(first.span.start, chunk.span.end)
        });
    // What stands before the title is its organisation or state: "Africom General X",
    // "JeM Chief Maulana X", "Uzbek President X".
    let mut out: Vec<Candidate> = inside
        .iter()
        .filter(|h| h.span.end <= span.start)
        .filter_map(|h| hit_candidate(text, sentence, index, h, gazetteer))
        .collect();
    if title.role > 0 {
        let before = &tokens[..title.role];
        // A state or place may open the body's name ("Rwandan Joint Task Force
        // Commander X", "Kano Division Deputy Commissioner X"); one the gazetteer knows
        // whole, or whose head it knows, is typed as it is.
        let known = |t: &Token<'_>| inside.iter().any(|h| h.span.overlaps(&t.span));
        let opening = |t: &Token<'_>| {
            inside.iter().any(|h| {
                h.span.overlaps(&t.span)
                    && h.span.start == before[0].span.start
                    && names_place(gazetteer, h)
            })
        };
        if before.len() >= 2
            && before.iter().all(|t| !known(t) || opening(t))
            && !known(&before[before.len() - 1])
            && pack.org_head(&head_word(pack, before), OrgHead::Name)
        {
            let last = &before[before.len() - 1];
            out.push(candidate(
                Span::new(before[0].span.start, last.span.end),
                EntityType::Organization,
                0.75,
            ));
        }
    }
    if name_tokens.is_empty() {
        return out;
    }
    let inside: Vec<&Hit> = inside
        .into_iter()
        .filter(|h| span.contains(&h.span))
        .collect();
    out.extend(type_name(
        text,
        sentence,
        index,
        span,
        name_tokens,
        &inside,
        titled,
        gazetteer,
        common,
    ));
    out
}

/// "the four camps are Kandahar, Herat, Zaranj and Dasht Ruba": in a list that names two
/// or more known places, an unknown name that only looked like a person's (two capitalised
/// words, a lone word) is another place.
fn places_in_lists(text: &str, sentence: &Sentence<'_>, found: &mut [Candidate]) {
    let pack = sentence.pack;
    let mut order: Vec<usize> = (0..found.len()).collect();
    order.sort_by_key(|&i| (found[i].span.start, std::cmp::Reverse(found[i].span.end)));
    // Outermost candidates only: a name inside another is no list member.
    let mut members: Vec<usize> = Vec::new();
    for i in order {
        if members
            .last()
            .is_none_or(|&m| found[m].span.end <= found[i].span.start)
        {
            members.push(i);
        }
    }
    // Joined by a comma, a coordinator, or both: ", ", " and ", ", and ".
    let joined = |a: Span, b: Span| {
        let between = text[a.end..b.start].trim();
        let word = between.strip_prefix(',').unwrap_or(between).trim();
        !between.is_empty()
            && (word.is_empty()
                || !word.contains(char::is_whitespace)
                    && pack.function(word, Function::Coordinator))
    };
    let strong_place = |c: &Candidate| c.kind == EntityType::Location && c.confidence >= 0.8;
    let weak_person =
        |c: &Candidate| c.kind == EntityType::Person && c.entry.is_none() && c.confidence < 0.6;
    let mut start = 0;
    while start < members.len() {
        let mut end = start + 1;
        while end < members.len() && joined(found[members[end - 1]].span, found[members[end]].span)
        {
            end += 1;
        }
        let list = &members[start..end];
        if list.iter().filter(|&&m| strong_place(&found[m])).count() >= 2 {
            for &m in list {
                if weak_person(&found[m]) {
                    found[m].kind = EntityType::Location;
                    found[m].confidence = 0.6;
                }
            }
        }
        start = end;
    }
}

/// "the Mahouna and Kouka localities", "the A, B and C districts": a plural place noun
/// after coordinated names makes each of them a place, named without the noun. Names the
/// gazetteer knows as something other than a small place keep their type.
fn before_shared_place_head(
    sentence: &Sentence<'_>,
    chunk: &Chunk,
    inside: &[&Hit],
    gazetteer: &Gazetteer,
) -> bool {
    let tokens = &sentence.tokens;
    let pack = sentence.pack;
    if possessive_len(tokens[chunk.end - 1].text) > 0
        || !inside.iter().all(|h| is_minor_place(gazetteer, h))
    {
        return false;
    }
    let coordinator = |t: &Token<'_>| t.text == "," || pack.function(t.text, Function::Coordinator);
    let mut i = chunk.end;
    let mut names = 1;
    while let Some(token) = tokens.get(i) {
        if token.text.starts_with(char::is_lowercase)
            && pack.place_head(token.text, PlaceHead::Shared)
        {
            // The last conjunct: a name and a joiner before it.
            let coordinated = chunk.start >= 2
                && coordinator(&tokens[chunk.start - 1])
                && is_name_token(pack, &tokens[chunk.start - 2]);
            return names >= 2 || coordinated;
        }
        if !coordinator(token) {
            return false;
        }
        // The next conjunct: capitalised words, then another joiner or the head.
        let mut j = i + 1;
        while j < tokens.len() && coordinator(&tokens[j]) {
            j += 1;
        }
        let start = j;
        while j < tokens.len() && is_name_token(pack, &tokens[j]) {
            j += 1;
        }
        if j == start {
            return false;
        }
        names += 1;
        i = j;
    }
    false
}

/// "West Jakarta", "Lower Austria", "North Bekasi": a compass word (or "Upper", "Lower")
/// before a place the gazetteer knows names a part of it, a place of its own. The whole
/// name is the place, unless the gazetteer knows it whole ("North Korea", "South Africa").
fn prefixed_place(
    sentence: &Sentence<'_>,
    index: usize,
    chunk: &Chunk,
    inside: &[&Hit],
    gazetteer: &Gazetteer,
) -> Option<Candidate> {
    let tokens = &sentence.tokens[chunk.start..chunk.end];
    let [first, second, ..] = tokens else {
        return None;
    };
    if !first.is_capitalized() || !sentence.pack.is_place_prefix(first.text) {
        return None;
    }
    let rest = Span::new(second.span.start, chunk.span.end);
    let [hit] = inside else { return None };
    let kind = gazetteer.entry(hit.entry).kind;
    (hit.span == rest
        && hit.form == FormKind::Name
        && matches!(kind, EntityType::Location | EntityType::Country))
    .then_some(Candidate {
        span: chunk.span,
        sentence: index,
        kind: EntityType::Location,
        entry: None,
        confidence: 0.8,
    })
}

/// "T. Naseer of Kannur", "Salman Khan of Karachi": a person's name (initials or a
/// known given name) and the place they come from, joined by "of".
fn person_of_place(
    text: &str,
    sentence: &Sentence<'_>,
    index: usize,
    span: Span,
    name_tokens: &[Token<'_>],
    inside: &[&Hit],
    gazetteer: &Gazetteer,
) -> Option<Vec<Candidate>> {
    let pack = sentence.pack;
    let of = name_tokens.iter().position(|t| {
        t.text.starts_with(char::is_lowercase) && pack.preposition(t.text, Meaning::Genitive)
    })?;
    let (person, place) = (&name_tokens[..of], name_tokens.get(of + 1..)?);
    let person_shaped = person.len() >= 2
        && person.iter().all(|t| t.is_capitalized() || t.text == ".")
        && (gazetteer.is_first_name(person[0].text)
            || person[..person.len() - 1].iter().any(is_initial));
    let place_words = place.iter().all(|t| t.is_capitalized());
    if !person_shaped || !place_words || place.is_empty() {
        return None;
    }
    let person_span = Span::new(span.start, person[person.len() - 1].span.end);
    let place_span = Span::new(place[0].span.start, span.end);
    let mut out = vec![Candidate {
        span: person_span,
        sentence: index,
        kind: EntityType::Person,
        entry: None,
        confidence: 0.8,
    }];
    let known: Vec<Candidate> = inside
        .iter()
        .filter(|h| place_span.contains(&h.span))
        .filter_map(|h| hit_candidate(text, sentence, index, h, gazetteer))
        .collect();
    if known.is_empty() {
        out.push(Candidate {
            span: place_span,
            sentence: index,
            kind: EntityType::Location,
            entry: None,
            confidence: 0.6,
        });
    }
    out.extend(known);
    Some(out)
}

/// The agency credited in a dateline ("BERLIN (AP) —", "THE HAGUE (Reuters) -") publishes
/// the story; GUIDELINES leave the publisher out unless the text names it as acting.
fn is_publisher_credit(sentence: &Sentence<'_>, chunk: &Chunk) -> bool {
    let tokens = &sentence.tokens;
    let dash_after = tokens
        .get(chunk.end + 1)
        .is_some_and(|t| matches!(t.text, ":" | "-" | "–" | "—"));
    let capitals_first = !tokens[0].text.chars().any(char::is_lowercase);
    chunk.start >= 2
        && tokens[chunk.start - 1].text == "("
        && tokens.get(chunk.end).is_some_and(|t| t.text == ")")
        && (dash_after || capitals_first)
        && tokens[..chunk.start - 1]
            .iter()
            .all(|t| !t.text.starts_with(char::is_lowercase))
}

/// "By The Associated Press": an organisation in a byline is the publisher.
fn is_byline_publisher(
    sentence: &Sentence<'_>,
    chunk: &Chunk,
    inside: &[&Hit],
    gazetteer: &Gazetteer,
) -> bool {
    let tokens = &sentence.tokens;
    let pack = sentence.pack;
    tokens[0].is_capitalized()
        && pack.preposition(tokens[0].text, Meaning::Agentive)
        && (1..chunk.start).all(|i| pack.function(tokens[i].text, Function::Article))
        && chunk.end == tokens.len()
        && inside.iter().any(|h| {
            h.span == chunk.span && gazetteer.entry(h.entry).kind == EntityType::Organization
        })
}

/// "designated as a Foreign Terrorist Organization.": after an indefinite article, a
/// capitalised phrase that no noun follows names a category, not one thing ("a Hamas
/// official" keeps its name: a noun follows).
fn is_category(sentence: &Sentence<'_>, chunk: &Chunk) -> bool {
    let tokens = &sentence.tokens;
    let pack = sentence.pack;
    // What may follow a category: punctuation, a preposition, a conjunction.
    let closes = |t: &Token<'_>| {
        !t.text.starts_with(char::is_alphanumeric)
            || t.text.starts_with(char::is_lowercase)
                && (pack.function(t.text, Function::Coordinator)
                    || Meaning::ALL
                        .iter()
                        .any(|&(meaning, _)| pack.preposition(t.text, meaning)))
    };
    chunk.start >= 1
        && chunk.end - chunk.start >= 2
        && pack.function(tokens[chunk.start - 1].text, Function::Indefinite)
        && tokens.get(chunk.end).is_none_or(closes)
}

/// Where a chunk's title ends and its name begins.
struct TitleSplit {
    /// Tokens before the title phrase (its organisation or state).
    role: usize,
    /// The first token of the name.
    name: usize,
}

/// The last title in a chunk with a name after it: "President Shavkat Mirziyoyev",
/// "Information Minister X", "Africom General X", "Secretary of State X". Modifiers
/// count as part of a title only with a title word after them ("Prime Minister"); after
/// "of", capitalised ordinary words belong to the title ("Minister of Foreign Affairs X").
/// `None` when a title with "of" has no name after it ("Secretary of Internal Security").
fn split_at_title(
    pack: &LanguagePack,
    tokens: &[Token<'_>],
    common: &FxHashSet<&str>,
) -> Option<TitleSplit> {
    let none = TitleSplit { role: 0, name: 0 };
    let title_word = |t: &Token<'_>| pack.is_title_word(t.text);
    // "the Prime Minister said", "Gen.": a title alone names nobody.
    if tokens.iter().all(title_word) {
        return Some(TitleSplit {
            role: 0,
            name: tokens.len(),
        });
    }
    // The name after a title must not itself be an organisation or place ("King Fahd
    // Airport", "Chief Prosecutor's Office").
    let names_a_person = |rest: &[Token<'_>]| {
        let head = head_word(pack, rest);
        !rest.is_empty()
            && !rest.iter().all(title_word)
            && !pack.org_head(&head, OrgHead::Name)
            && !pack.place_head(&head, PlaceHead::Name)
    };
    let Some(last) = tokens[..tokens.len().saturating_sub(1)]
        .iter()
        .rposition(|t| pack.is_title(t.text))
    else {
        return Some(none);
    };
    let mut role = last;
    while role > 0 && title_word(&tokens[role - 1]) {
        role -= 1;
    }
    let after = &tokens[last + 1..];
    if !after[0].text.starts_with(char::is_lowercase)
        || !(pack.preposition(after[0].text, Meaning::Genitive)
            || pack.is_name_connector(after[0].text))
    {
        return Some(if names_a_person(after) {
            TitleSplit {
                role,
                name: last + 1,
            }
        } else if role > 0 && after.iter().all(title_word) {
            TitleSplit {
                role,
                name: tokens.len(),
            }
        } else {
            none
        });
    }
    // "Secretary of State Marco Rubio", "Director for Public Security X": the ordinary
    // words after "of" or "for" name the office.
    let mut name = last + 2;
    while name < tokens.len()
        && (contains_common(pack, common, tokens[name].text)
            || tokens[name].text.starts_with(char::is_lowercase))
    {
        name += 1;
    }
    if name < tokens.len() && names_a_person(&tokens[name..]) {
        return Some(TitleSplit { role, name });
    }
    if role == 0 { None } else { Some(none) }
}

/// A dateline in capitals opening a paragraph ("ANKARA", "THE HAGUE (Reuters) -",
/// "PESHAWAR, Pakistan", "QUETTA:") names the place the story was filed from.
fn dateline_place(
    text: &str,
    sentence: &Sentence<'_>,
    index: usize,
    chunk: &Chunk,
    gazetteer: &Gazetteer,
) -> Option<Candidate> {
    let tokens = &sentence.tokens;
    // "THE HAGUE": the article in capitals belongs to the dateline.
    let start = if chunk.start == 1
        && !tokens[0].text.chars().any(char::is_lowercase)
        && sentence.pack.function(tokens[0].text, Function::Article)
    {
        0
    } else {
        chunk.start
    };
    let span = Span::new(tokens[start].span.start, chunk.span.end);
    let surface = &text[span.start..span.end];
    if !is_sentence_start(sentence, start)
        || surface.chars().any(char::is_lowercase)
        || surface.chars().filter(|c| c.is_alphabetic()).count() < 4
    {
        return None;
    }
    let after = sentence.tokens.get(chunk.end).map_or("", |t| t.text);
    if !matches!(after, "" | "," | ":" | "(" | "-" | "–" | "—") {
        return None;
    }
    // The gazetteer spells places in title case: "The Hague".
    let mut title_case = String::with_capacity(surface.len());
    let mut word_start = true;
    for c in surface.chars() {
        if word_start {
            title_case.push(c);
        } else {
            title_case.extend(c.to_lowercase());
        }
        word_start = !c.is_alphabetic();
    }
    let known = gazetteer
        .lookup(&title_case)
        .or_else(|| gazetteer.lookup(title_case.strip_prefix("The ")?))
        .filter(|&(entry, form)| {
            form == FormKind::Name && gazetteer.entry(entry).kind == EntityType::Location
        });
    let candidate = |entry: Option<usize>, confidence: f64| Candidate {
        span,
        sentence: index,
        kind: EntityType::Location,
        entry,
        confidence,
    };
    match known {
        Some((entry, _)) => Some(candidate(Some(entry), 0.8)),
        // An unknown acronym before a comma may be an organisation being introduced.
        None if after == "," && !surface.contains(' ') && surface.len() <= 5 => None,
        None => Some(candidate(None, 0.6)),
    }
}

/// An organisation's acronym written as a word: "Jnim", "Isis".
fn acronym_written_as_word(
    sentence: &Sentence<'_>,
    index: usize,
    chunk: &Chunk,
    inside: &[&Hit],
    gazetteer: &Gazetteer,
) -> Option<Candidate> {
    let [token] = &sentence.tokens[chunk.start..chunk.end] else {
        return None;
    };
    if !inside.is_empty()
        || token.text.len() < 3
        || !token.text.chars().skip(1).all(char::is_lowercase)
    {
        return None;
    }
    let (entry, form) = gazetteer.lookup(&token.text.to_uppercase())?;
    (form == FormKind::Name && gazetteer.entry(entry).kind == EntityType::Organization).then_some(
        Candidate {
            span: chunk.span,
            sentence: index,
            kind: EntityType::Organization,
            entry: Some(entry),
            confidence: 0.8,
        },
    )
}

/// Types the name part of a chunk (titles removed), given the gazetteer names inside it.
#[allow(clippy::too_many_arguments)] // Reason: the typing rules read all of a sentence's context.
fn type_name(
    text: &str,
    sentence: &Sentence<'_>,
    index: usize,
    span: Span,
    name_tokens: &[Token<'_>],
    inside: &[&Hit],
    titled: bool,
    gazetteer: &Gazetteer,
    common: &FxHashSet<&str>,
) -> Vec<Candidate> {
    let pack = sentence.pack;
    let candidate = |span: Span, kind: EntityType, confidence: f64| Candidate {
        span,
        sentence: index,
        kind,
        entry: None,
        confidence,
    };
    if let [hit] = inside
        && hit.span == span
    {
        return hit_candidate(text, sentence, index, hit, gazetteer)
            .into_iter()
            .collect();
    }
    // "Shamsidin Fariduni Shamsidin Fariduni": a name written twice is two mentions.
    let half = name_tokens.len() / 2;
    if half >= 1
        && name_tokens.len() == 2 * half
        && (0..half).all(|i| name_tokens[i].text == name_tokens[half + i].text)
    {
        let first = Span::new(span.start, name_tokens[half - 1].span.end);
        let second = Span::new(name_tokens[half].span.start, span.end);
        return [first, second]
            .into_iter()
            .flat_map(|part| {
                let inside: Vec<&Hit> = inside
                    .iter()
                    .copied()
                    .filter(|h| part.contains(&h.span))
                    .collect();
                let tokens: Vec<Token<'_>> = name_tokens
                    .iter()
                    .filter(|t| part.contains(&t.span))
                    .cloned()
                    .collect();
                type_name(
                    text, sentence, index, part, &tokens, &inside, titled, gazetteer, common,
                )
            })
            .collect();
    }
    let head = head_word(pack, name_tokens);
    let multi = name_tokens.len() >= 2;
    // "the German Government" is the state acting.
    if multi
        && pack.org_head(&head, OrgHead::State)
        && let [hit] = inside
        && gazetteer.entry(hit.entry).kind == EntityType::Country
    {
        return hit_candidate(text, sentence, index, hit, gazetteer)
            .map(|mut c| {
                c.span = span;
                c
            })
            .into_iter()
            .collect();
    }
    // A head that ends both kinds of names ("Channel") ends a place's after a known
    // place ("Mozambique Channel"), an organisation's otherwise ("Ocean News Channel").
    let opens_with_place = || {
        inside.iter().any(|h| {
            h.span.start == span.start && h.form == FormKind::Name && names_place(gazetteer, h)
        })
    };
    if multi
        && pack.org_head(&head, OrgHead::Name)
        && !titled
        && !(pack.place_head(&head, PlaceHead::Name) && opens_with_place())
    {
        return vec![candidate(span, EntityType::Organization, 0.85)];
    }
    if multi && pack.place_head(&head, PlaceHead::Name) && !titled {
        // "the U.S. Ramstein Air Base": a state's name before a place's own name of two
        // or more words says whose it is; it is no part of the name ("U.S. Embassy",
        // a single word after it, is the name).
        if let Some(state) = inside.iter().find(|h| {
            h.span.start == span.start
                && h.form == FormKind::Name
                && gazetteer.entry(h.entry).kind == EntityType::Country
        }) && let Some(rest) = name_tokens
            .iter()
            .position(|t| t.span.start > state.span.end)
            && name_tokens.len() - rest >= 2
        {
            let place = Span::new(name_tokens[rest].span.start, span.end);
            let mut out: Vec<Candidate> = hit_candidate(text, sentence, index, state, gazetteer)
                .into_iter()
                .collect();
            out.push(candidate(place, EntityType::Location, 0.8));
            return out;
        }
        return vec![candidate(span, EntityType::Location, 0.8)];
    }
    if let Some(origin) =
        person_of_place(text, sentence, index, span, name_tokens, inside, gazetteer)
    {
        return origin;
    }
    let refs: Vec<&Token<'_>> = name_tokens.iter().collect();
    let is_place = |h: &&Hit| {
        h.form == FormKind::Name && gazetteer.entry(h.entry).kind == EntityType::Location
    };
    // A known given name opening two to four words: "Salman Khan", "Matthew Miller".
    let first_name = multi
        && name_tokens.len() <= 4
        && gazetteer.is_first_name(name_tokens[0].text)
        && !pack.is_never_name(name_tokens[0].text)
        && name_tokens
            .iter()
            .all(|t| t.is_word() && !is_acronym(t.text))
        && inside
            .iter()
            .filter(|h| h.span.overlaps(&name_tokens[0].span))
            .all(|h| is_minor_place(gazetteer, h));
    // Small places inside a longer name are usually a person's name ("Lucas Webber",
    // "Thomas Jefferson", "Abu al-Hassan"): the name as a whole is typed instead. After a
    // title or a given name any place inside the name is: "President Vladimir Putin",
    // "Colonel Sofiya X", "Zahid Tabrez".
    let only_minor_places = inside.iter().all(|h| is_minor_place(gazetteer, h));
    let only_places = inside.iter().all(is_place);
    let person_shaped = titled || first_name;
    if !(inside.is_empty() || (only_minor_places || person_shaped && only_places) && multi) {
        // Names the gazetteer knows plus words it does not: keep the known names, and
        // type what is left on its own ("Uzbek President" → Uzbekistan).
        let mut out: Vec<Candidate> = inside
            .iter()
            .filter_map(|h| hit_candidate(text, sentence, index, h, gazetteer))
            .collect();
        let rest: Vec<&Token<'_>> = name_tokens
            .iter()
            .filter(|t| !inside.iter().any(|h| h.span.overlaps(&t.span)))
            .filter(|t| !pack.is_title(t.text) && t.is_capitalized())
            .collect();
        if rest.len() >= 2
            && rest
                .windows(2)
                .all(|w| w[0].span.end + 1 >= w[1].span.start)
        {
            let span = Span::new(
                rest[0].span.start,
                rest[rest.len() - 1].span.end - possessive_len(rest[rest.len() - 1].text),
            );
            if let Some(c) = type_unknown(text, sentence, index, span, &rest, titled, false, common)
            {
                out.push(c);
            }
        }
        return out;
    }
    type_unknown(
        text, sentence, index, span, &refs, titled, first_name, common,
    )
    .into_iter()
    .collect()
}

/// The word that types a name: the last one, or the one before "of" ("Department of
/// Homeland Security", "The Times of Central Asia").
fn head_word(pack: &LanguagePack, tokens: &[Token<'_>]) -> String {
    let before_of = tokens
        .iter()
        .position(|t| {
            t.text.starts_with(char::is_lowercase) && pack.preposition(t.text, Meaning::Genitive)
        })
        .filter(|&i| i > 0)
        .map(|i| &tokens[i - 1]);
    let last = tokens.last();
    let pick = |t: &Token<'_>| strip_possessive_word(t.text);
    match (before_of, last) {
        // "Department of State", "Ministry of Interior": an organisation's head before
        // "of" types the name whatever ends it.
        (Some(t), Some(l))
            if pack.org_head(&pick(t), OrgHead::Name)
                || !pack.org_head(&pick(l), OrgHead::Name)
                    && !pack.place_head(&pick(l), PlaceHead::Name) =>
        {
            pick(t)
        }
        (_, Some(l)) => pick(l),
        _ => String::new(),
    }
}

/// A gazetteer hit for a state or a place (not an organisation).
fn names_place(gazetteer: &Gazetteer, hit: &Hit) -> bool {
    matches!(
        gazetteer.entry(hit.entry).kind,
        EntityType::Country | EntityType::Location
    )
}

/// A city or first-level region, the kind of gazetteer entry whose names double as
/// people's names; countries, organisations and well-known regions never do.
fn is_minor_place(gazetteer: &Gazetteer, hit: &Hit) -> bool {
    let entry = gazetteer.entry(hit.entry);
    entry.kind == EntityType::Location
        && hit.form == FormKind::Name
        && entry.capital_of.is_none()
        && entry.population < 1_000_000
        && (entry.id.starts_with("geonames:") || entry.id.starts_with("iso3166-2:"))
}

/// "Volgograd region", "Mexican border", "IK-19 Surovikino penal colony": a lowercase
/// head noun, perhaps after one modifier, makes a place of the name before it.
fn extend_with_place_head(
    sentence: &Sentence<'_>,
    chunk: &Chunk,
    inside: &[&Hit],
    gazetteer: &Gazetteer,
) -> Option<Span> {
    let tokens = &sentence.tokens;
    let pack = sentence.pack;
    if possessive_len(tokens[chunk.end - 1].text) > 0 {
        return None;
    }
    if inside
        .iter()
        .any(|h| gazetteer.entry(h.entry).kind == EntityType::Organization)
    {
        return None;
    }
    // "a Russian airport": an indefinite article before a state's adjective and a head
    // describes one of many places; "the Mexican border" names one.
    if chunk.start > 0
        && pack.function(tokens[chunk.start - 1].text, Function::Indefinite)
        && inside.iter().any(|h| h.form == FormKind::Demonym)
    {
        return None;
    }
    let is_head = |t: &Token<'_>| {
        t.text.starts_with(char::is_lowercase) && pack.place_head(t.text, PlaceHead::Extends)
    };
    let next = tokens.get(chunk.end)?;
    let head = if is_head(next) {
        next
    } else {
        let after = tokens.get(chunk.end + 1)?;
        // A singular noun modifier: "penal colony", "gas pipeline" — not "countries border".
        let modifier = next.is_word()
            && next.text.starts_with(char::is_lowercase)
            && !pack.is_plural(next.text);
        if modifier
            && is_head(after)
            && !pack.is_name_connector(next.text)
            && !pack.function(next.text, Function::Article)
        {
            after
        } else {
            return None;
        }
    };
    // "… border Afghanistan": a head followed by a name is a verb with its object.
    let head_index = tokens.iter().position(|t| t.span == head.span)?;
    if tokens
        .get(head_index + 1)
        .is_some_and(|t| t.is_capitalized())
    {
        return None;
    }
    Some(Span::new(
        chunk.span.start,
        head.span.end - possessive_len(head.text),
    ))
}

/// The gazetteer place a name with its lowercase head names, when the gazetteer spells
/// it with a capital head: "Anbar province" → "Anbar Province".
fn known_place_with_head(
    text: &str,
    name: Span,
    extended: Span,
    gazetteer: &Gazetteer,
) -> Option<usize> {
    let head = &text[name.end..extended.end];
    let mut form = String::with_capacity(extended.len());
    form.push_str(&text[name.start..name.end]);
    let mut word_start = false;
    for c in head.chars() {
        if word_start && c.is_alphabetic() {
            form.extend(c.to_uppercase());
        } else {
            form.push(c);
        }
        word_start = c.is_whitespace();
    }
    gazetteer
        .lookup(&form)
        .filter(|&(entry, kind)| {
            kind == FormKind::Name && gazetteer.entry(entry).kind == EntityType::Location
        })
        .map(|(entry, _)| entry)
}

/// "the director of the Civil Aviation Agency, Habibullo Nazarzoda": a role phrase in
/// apposition before the name.
fn role_apposition(sentence: &Sentence<'_>, start: usize) -> bool {
    let tokens = &sentence.tokens;
    if start < 2 || tokens[start - 1].text != "," {
        return false;
    }
    let from = start.saturating_sub(10);
    let phrase = &tokens[from..start - 1];
    // The role noun opens the phrase: after the previous comma or clause start.
    let opening = phrase
        .iter()
        .rposition(|t| matches!(t.text, "," | ":" | ";"))
        .map_or(0, |i| i + 1);
    phrase[opening..]
        .iter()
        .take(3)
        .any(|t| sentence.pack.is_title(t.text) && t.text.starts_with(char::is_lowercase))
}

fn preceded_by_title(sentence: &Sentence<'_>, start: usize) -> bool {
    let tokens = &sentence.tokens;
    let title = |t: &Token<'_>| sentence.pack.title_use(t.text, TitleUse::Title);
    // "the head of Uzbekistan's State Security Service, X" is not a title before X,
    // but "director of the Civil Aviation Agency" is followed by the agency; only the
    // word directly before (or before a comma) counts.
    (start >= 1 && title(&tokens[start - 1]))
        || (start >= 2 && tokens[start - 1].text == "," && title(&tokens[start - 2]))
}

fn strip_possessive_word(word: &str) -> String {
    word[..word.len() - possessive_len(word)].to_owned()
}

#[allow(clippy::too_many_arguments)] // Reason: context cues come from the whole sentence.
fn type_unknown(
    text: &str,
    sentence: &Sentence<'_>,
    index: usize,
    span: Span,
    tokens: &[&Token<'_>],
    titled: bool,
    first_name: bool,
    common: &FxHashSet<&str>,
) -> Option<Candidate> {
    // Category words at the edges are not part of a name: "Western", "Islamist".
    let pack = sentence.pack;
    let never = |t: &&Token<'_>| pack.is_never_name(&strip_possessive_word(t.text));
    let first = tokens.iter().position(|t| !never(t))?;
    let last = tokens.iter().rposition(|t| !never(t))?;
    let end = if last + 1 == tokens.len() {
        span.end
    } else {
        tokens[last].span.end
    };
    let tokens = &tokens[first..=last];
    let span = Span::new(tokens[0].span.start.max(span.start), end);
    let candidate = |kind: EntityType, confidence: f64| {
        Some(Candidate {
            span,
            sentence: index,
            kind,
            entry: None,
            confidence,
        })
    };
    let surface = &text[span.start..span.end];
    let position = token_starting_at(&sentence.tokens, span.start).unwrap_or(0);
    let end_position = sentence
        .tokens
        .iter()
        .rposition(|t| t.span.start < span.end)
        .unwrap_or(position);
    let before = position
        .checked_sub(1)
        .map(|i| sentence.tokens[i].text)
        .unwrap_or("");
    let after = sentence
        .tokens
        .get(end_position + 1)
        .map(|t| t.text)
        .unwrap_or("");
    let after2 = sentence
        .tokens
        .get(end_position + 2)
        .map(|t| t.text)
        .unwrap_or("");
    let multi = tokens.len() >= 2;
    let acronym = is_acronym(surface);
    if titled && !acronym {
        return candidate(EntityType::Person, 0.9);
    }
    // "Jamaat Ansarullah", "Lashkar-e-Jhangvi", "Hezb-e Islami": Arabic, Persian and Urdu
    // organisation names open with the word for party, army or group.
    let opener = tokens.first().is_some_and(|t| {
        let word = t.text.split('-').next().unwrap_or(t.text);
        (multi || t.text.contains('-'))
            && pack.org_head(&normalize(word).replace(' ', ""), OrgHead::Opener)
    });
    if opener {
        return candidate(EntityType::Organization, 0.8);
    }
    // Arabic name particles: "Abu Umar", "Abu Bakr al-Baghdadi".
    let particle_name = tokens.iter().any(|t| {
        t.text.starts_with(char::is_lowercase)
            && (pack.particle(t.text, ParticleUse::Patronymic)
                || t.text
                    .split_once('-')
                    .is_some_and(|(prefix, _)| pack.particle(prefix, ParticleUse::Prefix)))
    }) || tokens
        .first()
        .is_some_and(|t| t.is_capitalized() && pack.particle(t.text, ParticleUse::Opener));
    if particle_name && multi {
        return candidate(EntityType::Person, 0.85);
    }
    // "Temur Khusinov, 29," — an age in apposition.
    if after == "," && after2.chars().all(|c| c.is_ascii_digit()) && !after2.is_empty() && !acronym
    {
        return candidate(EntityType::Person, 0.85);
    }
    if pack.is_speech_verb(after) && !acronym && multi {
        return candidate(EntityType::Person, 0.85);
    }
    // "Waheed, who gave only one name": a relative "who" follows people.
    if after == "," && pack.function(after2, Function::PersonRelative) && !acronym {
        return candidate(EntityType::Person, 0.6);
    }
    // Bylines: "By Peter Smith, Levent Kemal, and Lucas Webber".
    let byline = sentence
        .tokens
        .first()
        .is_some_and(|t| t.is_capitalized() && pack.preposition(t.text, Meaning::Agentive));
    if multi && !acronym && byline {
        return candidate(EntityType::Person, 0.85);
    }
    if org_apposition(sentence, position, after) || org_noun_after(sentence, end_position) {
        return candidate(EntityType::Organization, 0.75);
    }
    // Initials: "T. Naseer", "Richel V. Umel", "A.K."; "U.S." and "U.N." are in the
    // gazetteer.
    let with_initials = multi
        && tokens[..tokens.len() - 1].iter().any(|t| is_initial(t))
        && tokens
            .last()
            .is_some_and(|t| t.is_word() && !is_acronym(t.text));
    let dotted_initials = !multi
        && surface.len() <= 6
        && surface.ends_with('.')
        && surface
            .split_terminator('.')
            .all(|part| part.chars().count() == 1 && part.chars().all(char::is_uppercase));
    // "boarded the Victoria Clipper": an article does not stand before a person's
    // name, so a name it opens that ends in an ordinary word is a thing's named after
    // someone (a train, a hotel), even when it starts with a given name (a foreign
    // word at its end keeps it a name).
    let after_article = multi
        && pack.function(before, Function::Article)
        && tokens
            .last()
            .is_some_and(|t| contains_common(pack, common, t.text));
    if with_initials || first_name && !after_article {
        return candidate(EntityType::Person, 0.8);
    }
    if dotted_initials {
        return candidate(EntityType::Person, 0.55);
    }
    if acronym {
        // A dateline in capitals ("PESHAWAR, Pakistan (Reuters) -") names a place.
        if position == 0
            && after == ","
            && surface
                .chars()
                .all(|c| c.is_uppercase() || c == ' ' || c == '-')
            && surface.len() > 3
        {
            return candidate(EntityType::Location, 0.6);
        }
        // Model and code names ("F-15", "T20", "COVID-19") are no organisations ("C5" and
        // "G7" may be), and an
        // unexplained two-letter acronym ("ET", "KP") is too often something else: kept
        // only when the text defines it or calls it "the C5".
        let letters = surface.chars().filter(|c| c.is_alphabetic()).count();
        let digits = surface.chars().filter(char::is_ascii_digit).count();
        if digits >= 2 || surface.contains("-") && digits > 0 {
            return None;
        }
        // "an improvised explosive device (IED)": the acronym of a common noun phrase
        // names nothing.
        if before == "(" && abbreviates_common_phrase(&sentence.tokens[..position - 1], surface) {
            return None;
        }
        let definite = pack.function(before, Function::Article);
        return candidate(
            EntityType::Organization,
            if letters <= 2 && !definite { 0.45 } else { 0.6 },
        );
    }
    // "the vessel, the Blue Dawn,", "the tanker Sea Star": a named craft is a site.
    if vessel_apposition(sentence, position) {
        return candidate(EntityType::Location, 0.8);
    }
    // "the village of Jouya", "the town of X".
    let locative_of = position >= 2
        && pack.preposition(before, Meaning::Genitive)
        && pack.is_locative_noun(sentence.tokens[position - 2].text);
    if locative_of && !pack.is_speech_verb(after) {
        return candidate(EntityType::Location, 0.7);
    }
    // "was in Prison then": a place's head noun alone, capitalised, names no one place.
    let bare_head = !multi && pack.place_head(&strip_possessive_word(surface), PlaceHead::Name);
    if pack.preposition(before, Meaning::Place) && !pack.is_speech_verb(after) && !bare_head {
        return candidate(EntityType::Location, if multi { 0.6 } else { 0.5 });
    }
    if !multi {
        // A lone capitalised word: a surname if a person has it (decided when grouping),
        // otherwise too weak to keep.
        if pack.is_speech_verb(after) {
            return candidate(EntityType::Person, 0.55);
        }
        return candidate(EntityType::Person, 0.3);
    }
    // Two to four capitalised words with no cue: most often a person's name in news prose,
    // unless one of them is an ordinary word. A capitalised joining particle inside makes
    // room for one word more ("Abdullah Karim Hassan Al Tikriti").
    let joined = tokens.len() > 2
        && tokens[1..tokens.len() - 1]
            .iter()
            .any(|t| t.is_capitalized() && pack.particle(t.text, ParticleUse::Joiner));
    let longest = if joined { 5 } else { 4 };
    if tokens.len() <= longest
        && !after_article
        && tokens.iter().all(|t| t.is_word() && !is_acronym(t.text))
    {
        let ordinary = tokens
            .iter()
            .filter(|t| contains_common(pack, common, t.text))
            .count();
        // Below a place cue's 0.6: "through Purana Paltan ... at Purana Paltan" is a place.
        let confidence = if ordinary == 0 { 0.55 } else { 0.45 };
        return candidate(EntityType::Person, confidence);
    }
    None
}

/// The lowercase words that end `tokens` (a hyphen parts them too) have exactly the
/// acronym's letters as their initials, in order.
fn abbreviates_common_phrase(tokens: &[Token<'_>], acronym: &str) -> bool {
    let letters: Vec<char> = acronym
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    let mut initials: Vec<char> = Vec::with_capacity(letters.len());
    for token in tokens.iter().rev() {
        if initials.len() >= letters.len()
            || !token.text.chars().all(|c| c.is_lowercase() || c == '-')
        {
            break;
        }
        for part in token.text.rsplit('-').filter(|p| !p.is_empty()) {
            initials.extend(part.chars().next());
        }
    }
    initials.reverse();
    letters.len() >= 2 && initials == letters
}

/// A name right after a craft's noun ("the tanker Sea Star") or after it, a comma and
/// an article ("the vessel, the Blue Dawn").
fn vessel_apposition(sentence: &Sentence<'_>, position: usize) -> bool {
    let tokens = &sentence.tokens;
    let pack = sentence.pack;
    let vessel = |i: usize| {
        tokens[i].text.starts_with(char::is_lowercase)
            && pack.place_head(tokens[i].text, PlaceHead::Vessel)
    };
    (position >= 1 && vessel(position - 1))
        || (position >= 3
            && pack.function(tokens[position - 1].text, Function::Article)
            && tokens[position - 2].text == ","
            && vessel(position - 3))
}

/// "the analytical agency, TAdviser," and "the journal ... Sentinel": a common noun in
/// apposition types the name.
fn org_apposition(sentence: &Sentence<'_>, position: usize, after: &str) -> bool {
    let tokens = &sentence.tokens;
    let pack = sentence.pack;
    if position >= 2 && tokens[position - 1].text == "," {
        // The apposition closes after the name ("the analytical agency, TAdviser,"); a
        // verb after it makes the name the subject of a new clause ("website, Abdi said").
        let closes = after.is_empty() || !after.starts_with(char::is_alphanumeric);
        let mut window = tokens[position.saturating_sub(6)..position - 1].iter();
        return closes
            && window.any(|t| {
                t.text.starts_with(char::is_lowercase) && pack.is_apposition_noun(t.text)
            });
    }
    // "security firm Ambrey said", "Russian carrier Aeroflot": the noun directly before.
    if position >= 1
        && tokens[position - 1].text.starts_with(char::is_lowercase)
        && pack.is_apposition_noun(tokens[position - 1].text)
    {
        return true;
    }
    // "published in Sentinel", "reported by Reuters".
    position >= 2
        && tokens[position - 1].text.starts_with(char::is_lowercase)
        && pack.preposition_any(
            tokens[position - 1].text,
            &[Meaning::Medium, Meaning::Agentive],
        )
        && tokens[position - 2].text.starts_with(char::is_lowercase)
        && pack.is_media_verb(tokens[position - 2].text)
}

/// "the \"Harbinger\" website": a quoted name that a lowercase noun for a kind of
/// organisation follows right after the closing quotation mark is that organisation's
/// name. The quotation marks keep it from a platform or a word that only describes ("a
/// Telegram channel", "followers of the Dawn movement").
fn org_noun_after(sentence: &Sentence<'_>, last: usize) -> bool {
    let tokens = &sentence.tokens;
    tokens
        .get(last + 1)
        .is_some_and(|t| matches!(t.text, "\"" | "”"))
        && tokens.get(last + 2).is_some_and(|t| {
            t.text.starts_with(char::is_lowercase) && sentence.pack.is_apposition_noun(t.text)
        })
}

/// An acronym in brackets after a name: all capitals ("the Harbour Safety Board (HSB)
/// met"), or capitals with small letters for the short words of the name ("reports of
/// the Office of Water Supply (OoWS) show"), never more small letters than capitals: a
/// surname in brackets ("(McAdam)") is no acronym.
fn is_bracket_acronym(word: &str) -> bool {
    if is_acronym(word) {
        return true;
    }
    let capitals = word.chars().filter(|c| c.is_uppercase()).count();
    let small = word.chars().filter(|c| c.is_lowercase()).count();
    word.starts_with(char::is_uppercase)
        && word.chars().all(char::is_alphabetic)
        && capitals >= 2
        && capitals >= small
        && word.chars().count() <= 8
}

/// Candidates by where they end, as (end, index) in order: the one that ends before a
/// bracket or a phrase is found without trying all.
fn by_end(candidates: &[Candidate]) -> Vec<(usize, usize)> {
    let mut by_end: Vec<(usize, usize)> = candidates
        .iter()
        .enumerate()
        .map(|(i, c)| (c.span.end, i))
        .collect();
    by_end.sort_unstable();
    by_end
}

/// "the Harbour Safety Board (HSB) met": each acronym in brackets in the sentence, as
/// its token's position and the candidate that ends right before the bracket (at most
/// two bytes of space between): the longest, of equals the last in candidate order.
fn bracket_acronyms(
    sentence: &Sentence<'_>,
    candidates: &[Candidate],
    by_end: &[(usize, usize)],
) -> Vec<(usize, usize)> {
    let tokens = &sentence.tokens;
    let mut out = Vec::new();
    for (i, open) in tokens.iter().enumerate() {
        if open.text != "(" {
            continue;
        }
        let (Some(acronym), Some(close)) = (tokens.get(i + 1), tokens.get(i + 2)) else {
            continue;
        };
        if close.text != ")" || !is_bracket_acronym(acronym.text) {
            continue;
        }
        let from = by_end.partition_point(|&(end, _)| end + 2 < open.span.start);
        let full = by_end[from..]
            .iter()
            .take_while(|&&(end, _)| end <= open.span.start)
            .max_by_key(|&&(_, c)| (candidates[c].span.len(), c));
        if let Some(&(_, c)) = full {
            out.push((i + 1, c));
        }
    }
    out
}

/// "Ferries stopped sailing to rebel-held Marrow Island (RhMI) this week": when the
/// acronym in brackets spells the name only with the hyphenated or capitalised word
/// before it, that word belongs to the name, and the name is no longer the place the
/// gazetteer knows without it.
fn extend_to_acronym(text: &str, sentences: &[Sentence<'_>], candidates: &mut [Candidate]) {
    let by_end = by_end(candidates);
    for sentence in sentences {
        for (at, c) in bracket_acronyms(sentence, candidates, &by_end) {
            let acronym = &sentence.tokens[at];
            let full = &mut candidates[c];
            if abbreviates(acronym.text, &text[full.span.start..full.span.end]) {
                continue;
            }
            // The word before the name, after one space of any width: a no-break space
            // takes more than one byte, so the cut goes by characters, not by bytes.
            let Some(head) = text[..full.span.start].strip_suffix(char::is_whitespace) else {
                continue;
            };
            let word_start = head
                .char_indices()
                .rev()
                .find(|&(_, c)| c.is_whitespace())
                .map_or(0, |(w, c)| w + c.len_utf8());
            let word = &head[word_start..];
            let joined = word.contains('-') || word.starts_with(char::is_uppercase);
            if joined
                && word.chars().all(|c| c.is_alphanumeric() || c == '-')
                && abbreviates(acronym.text, &text[word_start..full.span.end])
            {
                full.span = Span::new(word_start, full.span.end);
                full.entry = None;
            }
        }
    }
}

/// Acronyms defined in the text: "Islamic State Khorasan Province (ISKP)",
/// "ISIS-K, or IS Khorasan", "also known as X". Maps the acronym's normalised form to
/// the span of its full name.
fn acronym_definitions(
    text: &str,
    sentences: &[Sentence<'_>],
    candidates: &[Candidate],
) -> FxHashMap<String, Span> {
    let mut out = FxHashMap::default();
    let by_end = by_end(candidates);
    for sentence in sentences {
        alias_definitions(text, sentence, candidates, &by_end, &mut out);
        for (position, c) in bracket_acronyms(sentence, candidates, &by_end) {
            let acronym = &sentence.tokens[position];
            let full = &candidates[c];
            let at = by_end.partition_point(|&(end, _)| end < acronym.span.end);
            let short = by_end[at..]
                .iter()
                .take_while(|&&(end, _)| end == acronym.span.end)
                .find(|&&(_, c)| candidates[c].span == acronym.span)
                .map(|&(_, c)| &candidates[c]);
            // A known acronym lends its gazetteer entry to an unknown full name
            // ("Jama'a Nusrat ul-Islam wa al-Muslimin (JNIM)").
            let known_short = short.filter(|s| s.entry.is_some() && full.entry.is_none());
            if let Some(short) = known_short
                && full.kind == EntityType::Organization
            {
                out.insert(normalize(&text[full.span.start..full.span.end]), short.span);
                continue;
            }
            // An organisation's acronym in another language ("Alliance of Sahel States
            // (AES)", "Mozambique Armed Forces (FADM)") still names it.
            let foreign = full.kind == EntityType::Organization && full.entry.is_none();
            if foreign || abbreviates(acronym.text, &text[full.span.start..full.span.end]) {
                out.insert(normalize(acronym.text), full.span);
            }
        }
    }
    out
}

/// "Junaid Ahmed alias JD", "Al-Nusrah Front, also known as HTS": the name after an
/// alias phrase is another name of the candidate just before it.
fn alias_definitions(
    text: &str,
    sentence: &Sentence<'_>,
    candidates: &[Candidate],
    by_end: &[(usize, usize)],
    out: &mut FxHashMap<String, Span>,
) {
    let tokens = &sentence.tokens;
    let pack = sentence.pack;
    for i in 1..tokens.len() {
        let len = pack.alias_at(tokens, i);
        let Some(alias) = tokens
            .get(i + len)
            .filter(|t| len > 0 && t.is_capitalized())
        else {
            continue;
        };
        // The name ends right before the phrase, or before ", also".
        let mut before = i;
        while before > 0 && before + 2 >= i && !tokens[before - 1].is_capitalized() {
            before -= 1;
        }
        let Some(name_end) = before.checked_sub(1).map(|b| tokens[b].span.end) else {
            continue;
        };
        let at = by_end.partition_point(|&(end, _)| end < name_end);
        let full = by_end[at..]
            .iter()
            .take_while(|&&(end, _)| end == name_end)
            .max_by_key(|&&(_, c)| candidates[c].span.len())
            .map(|&(_, c)| &candidates[c]);
        let second = candidates
            .iter()
            .find(|c| c.span.start == alias.span.start && c.sentence == sentence.index);
        if let (Some(full), Some(second)) = (full, second)
            && full.kind != EntityType::Location
        {
            // The name the gazetteer knows lends its identity to the other.
            let (known, other) = if full.entry.is_none() && second.entry.is_some() {
                (second, full)
            } else {
                (full, second)
            };
            out.entry(normalize(&text[other.span.start..other.span.end]))
                .or_insert(known.span);
        }
    }
}

/// Folds candidates into entities.
fn group(
    text: &str,
    candidates: Vec<Candidate>,
    definitions: &FxHashMap<String, Span>,
    gazetteer: &Gazetteer,
) -> Vec<DocEntity> {
    let mut entities: Vec<DocEntity> = Vec::new();
    let mut join_index = JoinIndex::default();
    let mut by_entry: FxHashMap<usize, usize> = FxHashMap::default();
    let mut by_name: FxHashMap<(EntityType, String), usize> = FxHashMap::default();
    let surface = |span: Span| &text[span.start..span.end];
    // Defined acronyms take the type and identity of their full names.
    let mut by_span: FxHashMap<Span, &Candidate> = FxHashMap::default();
    for candidate in &candidates {
        by_span.entry(candidate.span).or_insert(candidate);
    }
    let defined: FxHashMap<String, &Candidate> = definitions
        .iter()
        .filter_map(|(acronym, span)| by_span.get(span).map(|c| (acronym.clone(), *c)))
        .collect();
    // Strong candidates first, so that weak ones can join them; a defined other name
    // after its full name, whatever its strength, so that it can join the entity of
    // the full name ("Taleb Abdallah, also known as Abu Taleb").
    // Each candidate's normalised name is computed once, before the sort reads it.
    let mut order: Vec<(bool, String, &Candidate)> = candidates
        .iter()
        .map(|c| {
            let normalized = normalize(surface(c.span));
            let alias = c.entry.is_none()
                && defined
                    .get(&normalized)
                    .is_some_and(|full| full.span != c.span);
            (alias, normalized, c)
        })
        .collect();
    order.sort_by(|(a_alias, _, a), (b_alias, _, b)| {
        a_alias
            .cmp(b_alias)
            .then(b.confidence.total_cmp(&a.confidence))
            .then(a.span.start.cmp(&b.span.start))
    });
    for (_, normalized, candidate) in order {
        let mut candidate = candidate.clone();
        if let Some(full) = defined.get(&normalized)
            && candidate.entry.is_none()
        {
            candidate.kind = full.kind;
            candidate.entry = full.entry;
            candidate.confidence = candidate.confidence.max(full.confidence);
            let key = (full.kind, normalize(surface(full.span)));
            if full.entry.is_none()
                && let Some(&target) = by_name.get(&key)
            {
                push_mention(&mut entities[target], &candidate);
                by_name.insert((candidate.kind, normalized), target);
                continue;
            }
        }
        let target = match candidate.entry {
            Some(entry) => by_entry.get(&entry).copied(),
            None => by_name
                .get(&(candidate.kind, normalized.clone()))
                .copied()
                .or_else(|| join_existing(text, &candidate, &entities, &join_index))
                .or_else(|| {
                    // One name, one sense in a document: a weakly typed mention joins a
                    // surer entity of another type with the same name ("PAHALGAM:" the
                    // dateline, then "in Pahalgam told").
                    (candidate.confidence < 0.6)
                        .then(|| {
                            EntityType::ALL.into_iter().find_map(|kind| {
                                by_name
                                    .get(&(kind, normalized.clone()))
                                    .copied()
                                    .filter(|&e| entities[e].confidence > candidate.confidence)
                            })
                        })
                        .flatten()
                }),
        };
        match target {
            Some(target) => {
                push_mention(&mut entities[target], &candidate);
                if candidate.entry.is_none() {
                    by_name.insert((entities[target].kind, normalized), target);
                }
            }
            None => {
                let name = match candidate.entry {
                    Some(entry) if entity_kind_matches(gazetteer, entry, candidate.kind) => {
                        gazetteer.entry(entry).name.clone()
                    }
                    _ => osintkg_graph::names::strip_possessive(surface(candidate.span)),
                };
                entities.push(DocEntity {
                    kind: candidate.kind,
                    name,
                    entry: candidate.entry,
                    mentions: vec![Mention {
                        span: candidate.span,
                        sentence: candidate.sentence,
                    }],
                    confidence: candidate.confidence,
                });
                let index = entities.len() - 1;
                join_index.add(index, &entities[index]);
                if let Some(entry) = candidate.entry {
                    by_entry.insert(entry, index);
                }
                // A gazetteer name written with more words around it ("The National
                // Investigation Agency") joins the entry by its normalised form.
                by_name.entry((candidate.kind, normalized)).or_insert(index);
            }
        }
    }
    for entity in &mut entities {
        entity.mentions.sort_by_key(|m| m.span.start);
        entity.mentions.dedup_by_key(|m| m.span);
        if entity.entry.is_none() {
            entity.name = canonical_name(text, entity);
        }
    }
    entities
}

/// A person named again by the end of their name ("Sudani", "Al Sudani" after
/// "Mohammed Shia Al Sudani") is the same person when only one person's name ends so.
/// Shorter names go first, so that a chain of ever longer names ends in the longest.
/// A small place's name that is only ever written as one person's surname ("Rubio wrote"
/// after "Marco Rubio") is that person too.
fn merge_partial_person_names(text: &str, entities: &mut Vec<DocEntity>, gazetteer: &Gazetteer) {
    let is_person = |e: &DocEntity| e.kind == EntityType::Person && e.entry.is_none();
    let surname_like = |e: &DocEntity| {
        e.entry.is_some_and(|entry| {
            let entry = gazetteer.entry(entry);
            entry.kind == EntityType::Location
                && entry.capital_of.is_none()
                && entry.population < 1_000_000
                && entry.id.starts_with("geonames:")
        }) && e
            .mentions
            .iter()
            .all(|m| !text[m.span.start..m.span.end].contains(' '))
    };
    let words: Vec<Vec<String>> = entities
        .iter()
        .map(|e| match e.mentions.first() {
            Some(m) if surname_like(e) => name_words(&text[m.span.start..m.span.end]),
            _ if is_person(e) || surname_like(e) => name_words(&e.name),
            // Neither merged nor merged into: its words are never read.
            _ => Vec::new(),
        })
        .collect();
    // Each proper ending of a person's name → the people whose names end so; a lone
    // first name ("PM Shehbaz" after "Shehbaz Sharif") counts as an ending too.
    let mut by_ending: FxHashMap<&[String], Vec<usize>> = FxHashMap::default();
    for (index, entity) in entities.iter().enumerate() {
        let name = &words[index];
        if is_person(entity) && name.len() >= 2 {
            for start in 1..name.len() {
                by_ending.entry(&name[start..]).or_default().push(index);
            }
            by_ending.entry(&name[..1]).or_default().push(index);
        }
    }
    for people in by_ending.values_mut() {
        people.dedup();
    }
    let mut order: Vec<usize> = (0..entities.len())
        .filter(|&i| is_person(&entities[i]) || surname_like(&entities[i]))
        .collect();
    order.sort_by_key(|&i| words[i].len());
    let mut merged = vec![false; entities.len()];
    for index in order {
        let Some(longer) = by_ending.get(words[index].as_slice()) else {
            continue;
        };
        let [target] = longer.as_slice() else {
            continue;
        };
        let mentions = std::mem::take(&mut entities[index].mentions);
        let confidence = entities[index].confidence;
        let target = &mut entities[*target];
        target.mentions.extend(mentions);
        target.mentions.sort_by_key(|m| m.span.start);
        target.confidence = target.confidence.max(confidence);
        merged[index] = true;
    }
    let mut index = 0;
    entities.retain(|_| {
        index += 1;
        !merged[index - 1]
    });
}

fn entity_kind_matches(gazetteer: &Gazetteer, entry: usize, kind: EntityType) -> bool {
    gazetteer.entry(entry).kind == kind
}

fn push_mention(entity: &mut DocEntity, candidate: &Candidate) {
    entity.mentions.push(Mention {
        span: candidate.span,
        sentence: candidate.sentence,
    });
    entity.confidence = entity.confidence.max(candidate.confidence);
}

/// A weak candidate joins an entity it is part of: a surname joins the person with that
/// name ("Azizov" → "Abdusalam Azizov"), an acronym joins the organisation it abbreviates,
/// and of two places or organisations one name can be the start of the other ("Crocus
/// City" and "Crocus City Hall"). The first entity that qualifies wins; `index` finds the
/// few that can, instead of trying every entity.
fn join_existing(
    text: &str,
    candidate: &Candidate,
    entities: &[DocEntity],
    index: &JoinIndex,
) -> Option<usize> {
    let surface =
        osintkg_graph::names::strip_possessive(&text[candidate.span.start..candidate.span.end]);
    let single = !surface.contains(' ');
    let acronym = is_acronym(&surface);
    let kind = candidate.kind;
    let mut first: Option<usize> = None;
    let mut consider = |found: Option<usize>| {
        if let Some(found) = found {
            first = Some(first.map_or(found, |f| f.min(found)));
        }
    };
    if candidate.entry.is_none() && matches!(kind, EntityType::Location | EntityType::Organization)
    {
        // An entity whose name starts with ours, or one whose name ours starts with.
        let ours = name_words(&surface);
        if ours.len() >= 2 {
            consider(index.by_prefix.get(&(kind, ours.clone())).copied());
        }
        for shorter in 2..ours.len() {
            consider(
                index
                    .by_words
                    .get(&(kind, ours[..shorter].to_vec()))
                    .copied(),
            );
        }
    }
    if kind == EntityType::Person && single && !acronym {
        consider(index.by_later_word.get(surface.as_str()).copied());
    }
    if kind == EntityType::Organization && acronym {
        let mut letters = surface
            .chars()
            .filter(|c| c.is_alphabetic())
            .flat_map(char::to_uppercase);
        if let (Some(a), Some(b)) = (letters.next(), letters.next()) {
            let orgs = index.by_initials.get(&(a, b)).map(Vec::as_slice);
            consider(
                orgs.unwrap_or_default()
                    .iter()
                    .copied()
                    .find(|&e| abbreviates(&surface, &entities[e].name)),
            );
        }
    }
    first
}

/// The entities [`join_existing`] can join, by what it looks for. Entity names are fixed
/// while candidates are grouped, so each entity is indexed once, when it is created.
/// (Trying every entity made grouping quadratic: 40,000 distinct names took 26 s.)
#[derive(Default)]
struct JoinIndex {
    /// Places and organisations without a gazetteer entry, by kind and each start of
    /// two or more of their name's words: the first such entity.
    by_prefix: FxHashMap<(EntityType, Vec<String>), usize>,
    /// The same entities by kind and all their name's words: the first such entity.
    by_words: FxHashMap<(EntityType, Vec<String>), usize>,
    /// People by each word of their name after the first: the first such person.
    by_later_word: FxHashMap<String, usize>,
    /// Organisations without an entry by the initial of their first word and of each
    /// later word (an acronym's first two letters): all such, in order.
    by_initials: FxHashMap<(char, char), Vec<usize>>,
}

impl JoinIndex {
    fn add(&mut self, index: usize, entity: &DocEntity) {
        let kind = entity.kind;
        if entity.entry.is_none() && matches!(kind, EntityType::Location | EntityType::Organization)
        {
            // Normalised here, for the only entities indexed by their words.
            let words = name_words(&entity.name);
            for end in 2..=words.len() {
                self.by_prefix
                    .entry((kind, words[..end].to_vec()))
                    .or_insert(index);
            }
            self.by_words.entry((kind, words)).or_insert(index);
        }
        if kind == EntityType::Person {
            for word in entity.name.split_whitespace().skip(1) {
                self.by_later_word.entry(word.to_owned()).or_insert(index);
            }
        }
        if kind == EntityType::Organization && entity.entry.is_none() {
            let mut initials = entity
                .name
                .split(|c: char| c.is_whitespace() || c == '-')
                .filter_map(|w| w.chars().flat_map(char::to_uppercase).next());
            if let Some(first) = initials.next() {
                let mut later: Vec<char> = initials.collect();
                later.sort_unstable();
                later.dedup();
                for initial in later {
                    self.by_initials
                        .entry((first, initial))
                        .or_default()
                        .push(index);
                }
            }
        }
    }
}

/// The words of a name, normalised.
fn name_words(name: &str) -> Vec<String> {
    normalize(name).split(' ').map(str::to_owned).collect()
}

/// The most complete mention: the longest that is not an acronym.
fn canonical_name(text: &str, entity: &DocEntity) -> String {
    let forms: BTreeMap<usize, String> = entity
        .mentions
        .iter()
        .map(|m| osintkg_graph::names::strip_possessive(&text[m.span.start..m.span.end]))
        .map(|s| (if is_acronym(&s) { 0 } else { s.len() }, s))
        .collect();
    forms
        .into_values()
        .next_back()
        .unwrap_or_else(|| entity.name.clone())
}

/// Every further occurrence of a found name, in headlines and foreign paragraphs too.
fn add_repeated_mentions(
    text: &str,
    sentences: &[Sentence<'_>],
    word_spans: &[Span],
    entities: &mut [DocEntity],
) {
    // Each form names the first entity written so (mentions repeat forms: a map, not a
    // sort of every mention).
    let mut forms: FxHashMap<&str, usize> = FxHashMap::default();
    for (index, entity) in entities.iter().enumerate() {
        for mention in &entity.mentions {
            let form = &text[mention.span.start..mention.span.end];
            if form.chars().count() >= 3 && form.chars().next().is_some_and(char::is_uppercase) {
                forms.entry(form).or_insert(index);
            }
        }
    }
    let index = FormIndex::new(
        forms
            .into_iter()
            .map(|(form, entity)| (form.to_owned(), entity)),
    );
    let mut taken: Vec<Span> = entities
        .iter()
        .flat_map(|e| e.mentions.iter().map(|m| m.span))
        .collect();
    taken.sort();
    // Mentions never nest deeper than a name is long: look back a bounded stretch.
    let longest = taken.iter().map(Span::len).max().unwrap_or(0);
    let mut resume = 0;
    for &run in word_spans {
        if run.start < resume || !text[run.start..].starts_with(char::is_uppercase) {
            continue;
        }
        let Some((span, &entity)) = index.longest_at(text, run, text.len()) else {
            continue;
        };
        resume = span.end;
        if text[span.end..].starts_with(char::is_alphanumeric) {
            continue;
        }
        let from = taken.partition_point(|t| t.start + longest < span.start);
        if taken[from..]
            .iter()
            .take_while(|t| t.start < span.end)
            .any(|t| t.overlaps(&span))
        {
            continue;
        }
        // Sentences are in text order: find the one holding the span by bisection.
        let index = sentences.partition_point(|s| s.span.end <= span.start);
        let Some(sentence) = sentences
            .get(index)
            .filter(|s| s.span.contains(&span))
            .map(|_| index)
        else {
            continue;
        };
        entities[entity].mentions.push(Mention { span, sentence });
    }
    for entity in entities.iter_mut() {
        entity.mentions.sort_by_key(|m| m.span.start);
    }
}
