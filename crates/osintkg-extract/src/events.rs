//! Events from trigger words, with their roles read off the clause around the trigger.
//!
//! A trigger (a verb such as "arrested" or a noun such as "bombing") proposes an event;
//! the clause supplies its agent (the subject, or the "by" phrase of a passive), its
//! target (the object, or the "on/against/of" phrase of a noun), where it happened
//! (locative phrases) and when (the clause's date). Generic talk ("attacks are
//! increasing") has no anchor and is dropped; mentions of one happening merge.

use crate::view::{DocView, Slot};
use osintkg_graph::{EntityType, EventType, Predicate, Span};
use regex::Regex;
use std::sync::LazyLock;

/// How a trigger word works in its clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// A finite or participle verb: roles from subject and object.
    Verb,
    /// A noun: roles from modifiers and prepositional phrases.
    Noun,
}

/// Trigger lexicon: word (lowercase) → event type, form. Inflections and
/// nominalisations are listed, not stemmed, so that "attacks" (generic plural) and
/// "attacked" (a happening) can be told apart.
const TRIGGERS: &[(&str, EventType, Form)] = &[
    ("attack", EventType::Attack, Form::Noun),
    ("attacks", EventType::Attack, Form::Noun),
    ("attacked", EventType::Attack, Form::Verb),
    ("bombing", EventType::Attack, Form::Noun),
    ("bombings", EventType::Attack, Form::Noun),
    ("bombed", EventType::Attack, Form::Verb),
    ("shooting", EventType::Attack, Form::Noun),
    ("shot", EventType::Attack, Form::Verb),
    ("raid", EventType::Attack, Form::Noun),
    ("raided", EventType::Attack, Form::Verb),
    ("ambush", EventType::Attack, Form::Noun),
    ("ambushed", EventType::Attack, Form::Verb),
    ("siege", EventType::Attack, Form::Noun),
    ("massacre", EventType::Attack, Form::Noun),
    ("assassination", EventType::Attack, Form::Noun),
    ("assassinated", EventType::Attack, Form::Verb),
    ("killed", EventType::Attack, Form::Verb),
    ("killing", EventType::Attack, Form::Noun),
    ("stormed", EventType::Attack, Form::Verb),
    ("storming", EventType::Attack, Form::Noun),
    ("revolt", EventType::Attack, Form::Noun),
    ("explosion", EventType::Attack, Form::Noun),
    ("blast", EventType::Attack, Form::Noun),
    ("attentato", EventType::Attack, Form::Noun),
    ("attacco", EventType::Attack, Form::Noun),
    ("arrest", EventType::Arrest, Form::Noun),
    ("arrests", EventType::Arrest, Form::Noun),
    ("arrested", EventType::Arrest, Form::Verb),
    ("detained", EventType::Arrest, Form::Verb),
    ("detention", EventType::Arrest, Form::Noun),
    ("captured", EventType::Arrest, Form::Verb),
    ("apprehended", EventType::Arrest, Form::Verb),
    ("arrestato", EventType::Arrest, Form::Verb),
    ("arrestati", EventType::Arrest, Form::Verb),
    ("arrestata", EventType::Arrest, Form::Verb),
    ("deported", EventType::Deportation, Form::Verb),
    ("deports", EventType::Deportation, Form::Verb),
    ("deportation", EventType::Deportation, Form::Noun),
    ("deportations", EventType::Deportation, Form::Noun),
    ("expelled", EventType::Deportation, Form::Verb),
    ("expulsion", EventType::Deportation, Form::Noun),
    ("extradited", EventType::Deportation, Form::Verb),
    ("extradition", EventType::Deportation, Form::Noun),
    ("conference", EventType::Meeting, Form::Noun),
    ("meeting", EventType::Meeting, Form::Noun),
    ("summit", EventType::Meeting, Form::Noun),
    ("talks", EventType::Meeting, Form::Noun),
    ("met", EventType::Meeting, Form::Verb),
    ("said", EventType::Statement, Form::Verb),
    ("says", EventType::Statement, Form::Verb),
    ("announced", EventType::Statement, Form::Verb),
    ("warned", EventType::Statement, Form::Verb),
    ("stated", EventType::Statement, Form::Verb),
    ("declared", EventType::Statement, Form::Verb),
    ("published", EventType::Statement, Form::Verb),
    ("released", EventType::Statement, Form::Verb),
    ("report", EventType::Statement, Form::Noun),
    ("statement", EventType::Statement, Form::Noun),
    ("speech", EventType::Statement, Form::Noun),
    ("spoke", EventType::Statement, Form::Verb),
    ("video", EventType::Statement, Form::Noun),
    ("reactions", EventType::Statement, Form::Noun),
    ("findings", EventType::Statement, Form::Noun),
    ("analysis", EventType::Statement, Form::Noun),
    ("requested", EventType::Statement, Form::Verb),
    ("appointed", EventType::Appointment, Form::Verb),
    ("appointment", EventType::Appointment, Form::Noun),
    ("assumed", EventType::Appointment, Form::Verb),
    ("elected", EventType::Appointment, Form::Verb),
    ("pledged", EventType::Pledge, Form::Verb),
    ("pledge", EventType::Pledge, Form::Noun),
    ("deployed", EventType::Deployment, Form::Verb),
    ("deployment", EventType::Deployment, Form::Noun),
    ("extend", EventType::Deployment, Form::Verb),
    ("extended", EventType::Deployment, Form::Verb),
    ("presence", EventType::Deployment, Form::Noun),
    ("investigating", EventType::Investigation, Form::Verb),
    ("investigated", EventType::Investigation, Form::Verb),
    ("investigation", EventType::Investigation, Form::Noun),
    ("probe", EventType::Investigation, Form::Noun),
    ("charged", EventType::Investigation, Form::Verb),
    ("indicted", EventType::Investigation, Form::Verb),
    ("protest", EventType::Protest, Form::Noun),
    ("protests", EventType::Protest, Form::Noun),
    ("protested", EventType::Protest, Form::Verb),
    ("rally", EventType::Protest, Form::Noun),
    ("demonstration", EventType::Protest, Form::Noun),
];

/// Words that make a following trigger hypothetical or generic.
const IRREALIS: &[&str] = &[
    "to",
    "will",
    "would",
    "could",
    "may",
    "might",
    "can",
    "should",
    "must",
    "possible",
    "potential",
    "future",
    "increasing",
    "further",
    "more",
    "new",
    "of",
    "against",
];

/// One role of an event, with the rule that found it.
#[derive(Debug, Clone, PartialEq)]
pub struct Role {
    /// The role.
    pub predicate: Predicate,
    /// The entity in it.
    pub entity: usize,
    /// The sentence stating it.
    pub sentence: usize,
    /// The rule.
    pub rule: &'static str,
    /// Confidence in `[0, 1]`.
    pub confidence: f64,
}

/// An event of one document.
#[derive(Debug, Clone, PartialEq)]
pub struct DocEvent {
    /// The event type.
    pub kind: EventType,
    /// Phrases that name it.
    pub mentions: Vec<Span>,
    /// Sentences that describe it.
    pub sentences: Vec<usize>,
    /// ISO date, when the text gives one.
    pub date: Option<String>,
    /// Roles.
    pub roles: Vec<Role>,
    /// People killed.
    pub killed: Option<u64>,
    /// People injured.
    pub injured: Option<u64>,
    /// The article it is in.
    pub article: usize,
    /// True when found in a headline.
    pub headline: bool,
}

impl DocEvent {
    fn has(&self, predicate: Predicate, entity: usize) -> bool {
        self.roles
            .iter()
            .any(|r| r.predicate == predicate && r.entity == entity)
    }

    fn add(&mut self, role: Role) {
        if !self.has(role.predicate, role.entity) {
            self.roles.push(role);
        }
    }

    fn entities(&self, predicate: Predicate) -> impl Iterator<Item = usize> + '_ {
        self.roles
            .iter()
            .filter(move |r| r.predicate == predicate)
            .map(|r| r.entity)
    }
}

/// Finds the events of a document.
pub fn detect(view: &DocView<'_>) -> Vec<DocEvent> {
    let mut events = Vec::new();
    for sentence in 0..view.sentences.len() {
        let tokens = view.tokens(sentence);
        let mut i = 0;
        while i < tokens.len() {
            let word = tokens[i].text.to_lowercase();
            let Some(&(_, kind, form)) = TRIGGERS.iter().find(|(w, _, _)| *w == word) else {
                i += 1;
                continue;
            };
            if let Some(event) = read_event(view, sentence, i, kind, form) {
                events.push(event);
            }
            i += 1;
        }
    }
    attach_claims(view, &mut events);
    merge(view, events)
}

fn read_event(
    view: &DocView<'_>,
    sentence: usize,
    trigger: usize,
    kind: EventType,
    form: Form,
) -> Option<DocEvent> {
    let tokens = view.tokens(sentence);
    let word = |i: usize| view.word(sentence, i);
    let before = if trigger > 0 {
        word(trigger - 1)
    } else {
        String::new()
    };
    let english = view.sentences[sentence].english;
    // "attacks" alone is generic; "the attacks", "twin suicide bombings" are not.
    if form == Form::Noun
        && tokens[trigger].text.ends_with('s')
        && kind != EventType::Meeting
        && !matches!(
            word(trigger).as_str(),
            "talks" | "reactions" | "findings" | "analysis"
        )
    {
        let determined = (trigger.saturating_sub(3)..trigger).any(|j| {
            matches!(
                word(j).as_str(),
                "the" | "these" | "twin" | "double" | "two" | "three" | "several" | "recent"
            )
        }) || (trigger > 0 && tokens[trigger - 1].is_capitalized());
        if !determined {
            return None;
        }
    }
    if english && IRREALIS.contains(&before.as_str()) && !(form == Form::Noun && before == "new") {
        return None;
    }
    // A sentence of a trigger used as a qualifier ("the attack's aftermath") stays.
    let clause_start = view.clause_start(sentence, trigger);
    let clause_end = view.clause_end(sentence, trigger);
    let passive = form == Form::Verb
        && (trigger > 0
            && matches!(
                before.as_str(),
                "was" | "were" | "been" | "being" | "be" | "is" | "are" | "got"
            )
            || (trigger + 1 < tokens.len() && word(trigger + 1) == "by"));
    let mut event = DocEvent {
        kind,
        mentions: Vec::new(),
        sentences: vec![sentence],
        date: None,
        roles: Vec::new(),
        killed: None,
        injured: None,
        article: view.articles[sentence],
        headline: view.sentences[sentence].headline,
    };
    let role = |predicate: Predicate, slot: &Slot, rule: &'static str, confidence: f64| Role {
        predicate,
        entity: slot.entity,
        sentence,
        rule,
        confidence,
    };
    let slots = &view.slots[sentence];
    let actors_before: Vec<&Slot> = slots
        .iter()
        .filter(|s| s.is_actor() && s.last <= trigger && s.first >= clause_start)
        .collect();
    let actors_after: Vec<&Slot> = slots
        .iter()
        .filter(|s| s.is_actor() && s.first > trigger && s.first < clause_end)
        .collect();
    let by_phrase = actors_after.iter().find(|s| {
        s.first >= 1 && view.word(sentence, s.first - 1) == "by"
            || s.first >= 2
                && view.word(sentence, s.first - 2) == "by"
                && view.word(sentence, s.first - 1) == "the"
    });
    match form {
        Form::Verb if passive => {
            if let Some(agent) = by_phrase {
                event.add(role(Predicate::Agent, agent, "passive-by-agent", 0.8));
            }
            if let Some(subject) = subject_of(view, sentence, &actors_before, trigger) {
                event.add(role(
                    Predicate::Target,
                    subject,
                    "passive-subject-target",
                    0.7,
                ));
            }
        }
        Form::Verb => {
            if let Some(subject) = subject_of(view, sentence, &actors_before, trigger) {
                event.add(role(
                    Predicate::Agent,
                    subject,
                    "active-subject-agent",
                    0.75,
                ));
            }
            if let Some(object) = actors_after.iter().find(|s| {
                !preceded_by_preposition(view, sentence, s.first) && s.first <= trigger + 5
            }) {
                let predicate = if kind == EventType::Statement {
                    Predicate::Target
                } else {
                    Predicate::Target
                };
                if kind != EventType::Statement && kind != EventType::Meeting {
                    event.add(role(predicate, object, "active-object-target", 0.7));
                } else if event.roles.is_empty()
                    && matches!(word(trigger).as_str(), "said" | "says")
                {
                    // Inverted quotation: "…," said Mirziyoyev.
                    event.add(role(Predicate::Agent, object, "inverted-speaker", 0.8));
                }
            }
        }
        Form::Noun => {
            // Modifiers before the noun: "the Islamic State attack", "Russian deportation",
            // "State Department report", "US-led raid".
            for slot in slots
                .iter()
                .filter(|s| s.last <= trigger && s.last + 4 >= trigger && s.first >= clause_start)
            {
                let between_ok = (slot.last..trigger).all(|j| {
                    !matches!(
                        tokens[j].text,
                        "," | "and" | "of" | "in" | "at" | "on" | "for" | "by"
                    ) || tokens[j].text.ends_with("-led")
                });
                if !between_ok {
                    continue;
                }
                if slot.is_actor() && slot.kind != EntityType::Country
                    || slot.kind == EntityType::Country
                        && view.text[slot.span.start..slot.span.end]
                            .ends_with(|c: char| c.is_lowercase())
                        && !is_place_word(view, slot)
                {
                    event.add(role(Predicate::Agent, slot, "noun-modifier-agent", 0.7));
                } else if slot.is_place() {
                    event.add(role(
                        Predicate::OccurredIn,
                        slot,
                        "noun-modifier-place",
                        0.7,
                    ));
                }
            }
            if let Some(agent) = by_phrase {
                event.add(role(Predicate::Agent, agent, "noun-by-agent", 0.8));
            }
            // "attack on X", "deportation of X", "appointment of X", "killing of X".
            let next = word(trigger + 1);
            if matches!(next.as_str(), "on" | "against" | "of" | "targeting") {
                let object = slots
                    .iter()
                    .find(|s| s.first > trigger + 1 && s.first <= trigger + 5);
                if let Some(object) = object {
                    if object.is_actor() && !(object.kind == EntityType::Country && next == "on") {
                        event.add(role(Predicate::Target, object, "noun-object-target", 0.7));
                    } else if object.is_place() {
                        event.add(role(
                            Predicate::OccurredIn,
                            object,
                            "noun-object-place",
                            0.7,
                        ));
                    }
                }
            }
        }
    }
    for place in view.places_after(sentence, trigger + 1, clause_end.min(trigger + 14)) {
        event.add(role(Predicate::OccurredIn, &place, "locative-phrase", 0.7));
    }
    // "In Kunduz, ..." or "the terrorist attack in Pakistan" before a verb trigger.
    if form == Form::Verb {
        for place in view.places_after(sentence, clause_start, trigger) {
            if !event.has(Predicate::Target, place.entity)
                && !event.has(Predicate::Agent, place.entity)
            {
                event.add(role(Predicate::OccurredIn, &place, "locative-phrase", 0.6));
            }
        }
    }
    if kind == EventType::Meeting {
        for slot in slots
            .iter()
            .filter(|s| s.is_actor() && s.kind != EntityType::Country)
        {
            if !event.has(Predicate::Agent, slot.entity) {
                event.add(role(
                    Predicate::Participant,
                    slot,
                    "meeting-participant",
                    0.6,
                ));
            }
        }
    }
    event.date = date_of(view, sentence, trigger);
    if kind == EventType::Attack {
        (event.killed, event.injured) = casualties(
            &view.text[view.sentences[sentence].span.start..view.sentences[sentence].span.end],
        );
    }
    // Statements need a speaker; everything needs an anchor.
    let has_agent = event.entities(Predicate::Agent).next().is_some();
    if kind == EventType::Statement && !has_agent {
        return None;
    }
    if event.roles.is_empty() && event.date.is_none() {
        return None;
    }
    event
        .mentions
        .push(mention_span(view, sentence, trigger, clause_end));
    Some(event)
}

/// The subject of a verb: the nearest actor before it that is not inside a
/// prepositional phrase.
fn subject_of<'s>(
    view: &DocView<'_>,
    sentence: usize,
    before: &[&'s Slot],
    trigger: usize,
) -> Option<&'s Slot> {
    before
        .iter()
        .rev()
        .find(|s| !preceded_by_preposition(view, sentence, s.first) && s.last + 12 >= trigger)
        .copied()
}

fn preceded_by_preposition(view: &DocView<'_>, sentence: usize, first: usize) -> bool {
    let mut i = first;
    for _ in 0..3 {
        if i == 0 {
            return false;
        }
        let word = view.word(sentence, i - 1);
        if matches!(
            word.as_str(),
            "in" | "at"
                | "of"
                | "from"
                | "to"
                | "with"
                | "against"
                | "on"
                | "for"
                | "into"
                | "near"
                | "outside"
                | "by"
                | "across"
                | "about"
                | "between"
        ) {
            return true;
        }
        if !matches!(word.as_str(), "the" | "a" | "an" | "its" | "their") {
            return false;
        }
        i -= 1;
    }
    false
}

/// A country named by its adjective before a place noun ("Iranian state media") is an
/// actor; a country name itself before an event noun ("the Moscow attack") is a place.
fn is_place_word(view: &DocView<'_>, slot: &Slot) -> bool {
    let surface = &view.text[slot.span.start..slot.span.end];
    view.entities[slot.entity].name == surface
}

/// The phrase naming the event: the trigger with its modifiers and its first
/// prepositional phrase ("attack on the Crocus City concert hall outside Moscow").
fn mention_span(view: &DocView<'_>, sentence: usize, trigger: usize, clause_end: usize) -> Span {
    let tokens = view.tokens(sentence);
    let mut start = trigger;
    while start > 0 && start + 4 > trigger {
        let previous = &tokens[start - 1];
        let lower = previous.text.to_lowercase();
        if previous.text.chars().all(|c| !c.is_alphanumeric())
            || matches!(
                lower.as_str(),
                "the"
                    | "a"
                    | "an"
                    | "and"
                    | "of"
                    | "in"
                    | "on"
                    | "by"
                    | "to"
                    | "was"
                    | "were"
                    | "has"
                    | "have"
                    | "had"
            )
        {
            break;
        }
        start -= 1;
    }
    let mut end = trigger + 1;
    let limit = clause_end.min(trigger + 9);
    let slots = &view.slots[sentence];
    if let Some(last) = slots
        .iter()
        .filter(|s| s.first > trigger && s.last <= limit)
        .map(|s| s.last)
        .max()
    {
        end = last;
    }
    Span::new(tokens[start].span.start, tokens[end - 1].span.end)
}

/// The date of a trigger's clause: the nearest date in its sentence.
fn date_of(view: &DocView<'_>, sentence: usize, trigger: usize) -> Option<String> {
    let at = view.tokens(sentence)[trigger].span.start;
    view.dates[sentence]
        .iter()
        .min_by_key(|d| d.span.start.abs_diff(at))
        .map(|d| d.iso.clone())
}

static KILLED: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:killed|killing|left)\s+(?:at least\s+|about\s+|around\s+|some\s+|over\s+|more than\s+|nearly\s+|almost\s+)?(\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty)\b|\b(\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:[a-z]+\s+){0,2}(?:were|was)\s+killed").ok()
});
static INJURED: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:injured|injuring|wounded|wounding)\s+(?:at least\s+|about\s+|around\s+|some\s+|over\s+|more than\s+|nearly\s+|almost\s+)?(\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten)\b|\b(\d[\d,]*)\s+(?:people\s+|others\s+)?(?:were\s+)?(?:injured|wounded)").ok()
});

/// Killed and injured counts stated in a sentence.
pub fn casualties(sentence: &str) -> (Option<u64>, Option<u64>) {
    let count = |regex: &LazyLock<Option<Regex>>| {
        regex
            .as_ref()
            .and_then(|r| r.captures(sentence))
            .and_then(|c| {
                let number = c.get(1).or_else(|| c.get(2))?.as_str().replace(',', "");
                number.parse().ok().or_else(|| word_number(&number))
            })
    };
    (count(&KILLED), count(&INJURED))
}

fn word_number(word: &str) -> Option<u64> {
    const WORDS: &[&str] = &[
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    let lower = word.to_lowercase();
    WORDS
        .iter()
        .position(|w| *w == lower)
        .map(|n| n as u64)
        .or(match lower.as_str() {
            "twelve" => Some(12),
            "twenty" => Some(20),
            _ => None,
        })
}

/// "X claimed responsibility for the attack", "This attack, claimed by ISIS", "The
/// Islamic State group … claimed responsibility." — the claimer attaches to the attack
/// in the sentence, or else the latest attack of the article.
fn attach_claims(view: &DocView<'_>, events: &mut [DocEvent]) {
    for sentence in 0..view.sentences.len() {
        let tokens = view.tokens(sentence);
        for (i, token) in tokens.iter().enumerate() {
            if !matches!(token.text.to_lowercase().as_str(), "claimed" | "claiming") {
                continue;
            }
            let slots = &view.slots[sentence];
            let next = view.word(sentence, i + 1);
            let claimer = if next == "by" {
                slots
                    .iter()
                    .find(|s| s.first > i && s.first <= i + 3 && s.kind == EntityType::Organization)
            } else if next == "responsibility" || view.word(sentence, i + 2) == "responsibility" {
                slots
                    .iter()
                    .rev()
                    .find(|s| s.last <= i && s.kind == EntityType::Organization)
            } else {
                None
            };
            let Some(claimer) = claimer else { continue };
            let article = view.articles[sentence];
            let in_sentence = events
                .iter()
                .position(|e| e.kind == EventType::Attack && e.sentences.contains(&sentence));
            let latest = events.iter().rposition(|e| {
                e.kind == EventType::Attack
                    && e.article == article
                    && e.sentences.iter().all(|&s| s <= sentence)
            });
            if let Some(index) = in_sentence.or(latest) {
                let role = Role {
                    predicate: Predicate::ClaimedBy,
                    entity: claimer.entity,
                    sentence,
                    rule: "claimed-responsibility",
                    confidence: 0.85,
                };
                let event = &mut events[index];
                // A claim is not an act: the claimer is not the agent unless said so.
                event.roles.retain(|r| {
                    !(r.predicate == Predicate::Agent
                        && r.entity == claimer.entity
                        && r.sentence == sentence)
                });
                event.add(role);
            }
        }
    }
}

/// Folds mentions of one happening: same type, compatible dates, and a shared place,
/// person or pair of roles — or a headline and the first such event of its article.
fn merge(view: &DocView<'_>, events: Vec<DocEvent>) -> Vec<DocEvent> {
    let mut out: Vec<DocEvent> = Vec::new();
    for event in events {
        let target = out
            .iter()
            .position(|other| same_happening(view, other, &event));
        match target {
            Some(index) => {
                let into = &mut out[index];
                into.mentions.extend(event.mentions);
                into.sentences.extend(event.sentences);
                if into
                    .date
                    .as_ref()
                    .is_none_or(|d| event.date.as_ref().is_some_and(|e| e.len() > d.len()))
                {
                    into.date = event.date.or(into.date.take());
                }
                into.killed = into.killed.or(event.killed);
                into.injured = into.injured.or(event.injured);
                into.headline &= event.headline;
                for role in event.roles {
                    into.add(role);
                }
            }
            None => out.push(event),
        }
    }
    out
}

fn same_happening(view: &DocView<'_>, a: &DocEvent, b: &DocEvent) -> bool {
    if a.kind != b.kind || !osintkg_graph::dates_compatible(a.date.as_deref(), b.date.as_deref()) {
        return false;
    }
    let shared = |predicate: Predicate| {
        a.entities(predicate)
            .filter(|e| b.has(predicate, *e))
            .collect::<Vec<_>>()
    };
    let places = shared(Predicate::OccurredIn);
    let specific_place = places.iter().any(|&e| view.kind(e) == EntityType::Location);
    let shared_person = [Predicate::Agent, Predicate::Target]
        .iter()
        .flat_map(|&p| shared(p))
        .any(|e| view.kind(e) == EntityType::Person);
    let shared_roles = [
        Predicate::Agent,
        Predicate::Target,
        Predicate::OccurredIn,
        Predicate::ClaimedBy,
    ]
    .iter()
    .map(|&p| shared(p).len())
    .sum::<usize>();
    let headline_pair = a.article == b.article && a.headline != b.headline;
    specific_place
        || shared_person
        || shared_roles >= 2
        || headline_pair && (shared_roles >= 1 || a.roles.is_empty() || b.roles.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn casualty_counts() {
        assert_eq!(
            casualties("which killed at least 140 people and injured over 500 more"),
            (Some(140), Some(500))
        );
        assert_eq!(
            casualties("four prison employees were killed after"),
            (Some(4), None)
        );
        assert_eq!(casualties("no numbers here"), (None, None));
    }
}
