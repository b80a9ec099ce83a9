//! Events from trigger words, with their roles read off the clause around the trigger.
//!
//! A trigger (a verb such as "arrested" or a noun such as "bombing") proposes an event;
//! the clause supplies its agent (the subject, or the "by" phrase of a passive), its
//! target (the object, or the "on/against/of" phrase of a noun), where it happened
//! (locative phrases) and when (the clause's date). Generic talk ("attacks are
//! increasing") has no anchor and is dropped; mentions of one happening merge.

use crate::view::{DocView, Slot, preceded_by_locative};
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
    "of",
    "against",
    "been",
];

/// Verbs after which "to" introduces a decided, real act ("decided to extend").
const DECISION_VERBS: &[&str] = &[
    "decided",
    "agreed",
    "voted",
    "moved",
    "began",
    "started",
    "continued",
    "resolved",
];

/// Words that may stand between a modifier and its event noun: "the Islamic State
/// attack", "Kerman twin suicide bombings", "US-led raid".
const EVENT_NOUN_MODIFIERS: &[&str] = &[
    "terrorist",
    "terror",
    "suicide",
    "twin",
    "double",
    "triple",
    "deadly",
    "recent",
    "failed",
    "foiled",
    "planned",
    "military",
    "bomb",
    "car",
    "drone",
    "mass",
    "armed",
    "militant",
    "jihadist",
    "press",
    "news",
    "video",
    "media",
    "security",
    "police",
    "anti-terror",
    "anti-terrorism",
    "counter-terrorism",
    "regional",
    "latest",
    "new",
    "state",
    "official",
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
    /// Named by a definite noun phrase without anchors of its own ("this attack",
    /// "the conference"): a reference back to an event already told.
    pub anaphoric: bool,
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

fn trigger_at(view: &DocView<'_>, sentence: usize, index: usize) -> Option<(EventType, Form)> {
    let word = view.word(sentence, index);
    let &(_, mut kind, form) = TRIGGERS.iter().find(|(w, _, _)| *w == word)?;
    // "press conference" is a statement to the press, not a meeting.
    if kind == EventType::Meeting
        && index > 0
        && matches!(view.word(sentence, index - 1).as_str(), "press" | "news")
    {
        kind = EventType::Statement;
    }
    Some((kind, form))
}

/// Finds the events of a document.
pub fn detect(view: &DocView<'_>) -> Vec<DocEvent> {
    let mut events = Vec::new();
    for sentence in 0..view.sentences.len() {
        let triggers: Vec<(usize, EventType, Form)> = (0..view.tokens(sentence).len())
            .filter_map(|i| trigger_at(view, sentence, i).map(|(k, f)| (i, k, f)))
            .collect();
        for (n, &(i, kind, form)) in triggers.iter().enumerate() {
            // A phrase belongs to the nearer trigger: roles are read up to the next one.
            let next_trigger = triggers.get(n + 1).map(|t| t.0);
            // "announced the appointment": the statement reports another event.
            if kind == EventType::Statement
                && form == Form::Verb
                && next_trigger
                    .is_some_and(|j| j <= i + 3 && triggers[n + 1].1 != EventType::Statement)
            {
                continue;
            }
            let previous_trigger = n.checked_sub(1).map(|p| triggers[p].0);
            if let Some(event) = read_event(
                view,
                sentence,
                i,
                kind,
                form,
                (previous_trigger, next_trigger),
            ) {
                events.push(event);
            }
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
    (previous_trigger, next_trigger): (Option<usize>, Option<usize>),
) -> Option<DocEvent> {
    let tokens = view.tokens(sentence);
    let word = |i: usize| view.word(sentence, i);
    let before = if trigger > 0 {
        word(trigger - 1)
    } else {
        String::new()
    };
    let english = view.sentences[sentence].english;
    let trigger_word = word(trigger);
    // "attacks" alone is generic; "the attacks", "twin suicide bombings" are not.
    let plural_noun = form == Form::Noun
        && trigger_word.ends_with('s')
        && !matches!(
            trigger_word.as_str(),
            "talks" | "reactions" | "findings" | "analysis" | "siege"
        );
    if plural_noun {
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
    let decided =
        before == "to" && trigger >= 2 && DECISION_VERBS.contains(&word(trigger - 2).as_str());
    if english && IRREALIS.contains(&before.as_str()) && !decided {
        return None;
    }
    let clause_start = view.clause_start(sentence, trigger);
    let clause_end = view.clause_end(sentence, trigger);
    let reach = next_trigger.map_or(clause_end, |n| n.min(clause_end));
    // Likewise back to the previous trigger.
    let from = previous_trigger.map_or(clause_start, |p| (p + 1).max(clause_start));
    // Passive: an auxiliary before, "by" after, a bare participle in a title
    // ("Islamic State operatives arrested after …"), or an Italian participle without
    // "ha"/"hanno" ("militanti … arrestati").
    let title_participle = view.sentences[sentence].title && trigger_word.ends_with("ed");
    let italian_participle = !english
        && trigger_word.ends_with(['o', 'i', 'a', 'e'])
        && !matches!(
            before.as_str(),
            "ha" | "hanno" | "aveva" | "avevano" | "avrebbe"
        );
    // "were recently arrested": adverbs stand between the auxiliary and the verb.
    let auxiliary = (0..trigger)
        .rev()
        .map(&word)
        .find(|w| !(w.ends_with("ly") && w.len() > 3))
        .unwrap_or_default();
    let passive = form == Form::Verb
        && (matches!(
            auxiliary.as_str(),
            "was"
                | "were"
                | "been"
                | "being"
                | "be"
                | "is"
                | "are"
                | "got"
                | "è"
                | "sono"
                | "stato"
                | "stati"
        ) || word(trigger + 1) == "by"
            || title_participle
            || italian_participle);
    // Assuming leadership: the subject is the one appointed.
    let self_appointment =
        kind == EventType::Appointment && matches!(trigger_word.as_str(), "assumed" | "elected");
    let determiner = (trigger.saturating_sub(3)..trigger)
        .rev()
        .map(&word)
        .find(|w| matches!(w.as_str(), "the" | "this" | "that" | "a" | "an"));
    let mut event = DocEvent {
        kind,
        mentions: Vec::new(),
        sentences: vec![sentence],
        date: None,
        roles: Vec::new(),
        killed: None,
        injured: None,
        article: view.articles[sentence],
        headline: view.sentences[sentence].title,
        anaphoric: false,
    };
    let role = |predicate: Predicate, slot: &Slot, rule: &'static str, confidence: f64| Role {
        predicate,
        entity: slot.entity,
        sentence,
        rule,
        confidence,
    };
    let slots = &view.slots[sentence];
    // English patterns also read Italian and other subject-verb-object prose.
    {
        let actors_before: Vec<&Slot> = slots
            .iter()
            .filter(|s| s.is_actor() && s.last <= trigger && s.first >= clause_start)
            .collect();
        let actors_after: Vec<&Slot> = slots
            .iter()
            .filter(|s| s.is_actor() && s.first > trigger && s.first < reach)
            .collect();
        let by_phrase = actors_after.iter().find(|s| {
            s.first >= 1 && word(s.first - 1) == "by"
                || s.first >= 2 && word(s.first - 2) == "by" && word(s.first - 1) == "the"
                || kind == EventType::Statement
                    && s.first >= 2
                    && word(s.first - 1) == "in"
                    && word(s.first - 2) == "published"
        });
        match form {
            Form::Verb if passive => {
                if let Some(agent) = by_phrase {
                    event.add(role(Predicate::Agent, agent, "passive-by-agent", 0.8));
                }
                // The head of the subject comes first: "Eight Tajik nationals with ties
                // to ISKP were arrested" targets the Tajiks.
                let head = actors_before
                    .iter()
                    .find(|s| {
                        !preceded_by_preposition(view, sentence, s.first)
                            && !possessor_of_role(view, sentence, s)
                    })
                    .copied();
                if let Some(subject) = head
                    .or_else(|| subject_of(view, sentence, &actors_before, trigger, clause_start))
                {
                    event.add(role(
                        Predicate::Target,
                        subject,
                        "passive-subject-target",
                        0.7,
                    ));
                }
            }
            Form::Verb => {
                if let Some(subject) =
                    subject_of(view, sentence, &actors_before, trigger, clause_start)
                {
                    if self_appointment {
                        event.add(role(Predicate::Target, subject, "assumed-leadership", 0.75));
                    } else {
                        event.add(role(
                            Predicate::Agent,
                            subject,
                            "active-subject-agent",
                            0.75,
                        ));
                    }
                }
                if trigger_word == "published"
                    && !event.roles.iter().any(|r| r.predicate == Predicate::Agent)
                    && let Some(outlet) = by_phrase
                {
                    event.add(role(Predicate::Agent, outlet, "published-in", 0.7));
                }
                let object = actors_after.iter().find(|s| {
                    !preceded_by_preposition(view, sentence, s.first) && s.first <= trigger + 5
                });
                if let Some(object) = object {
                    if !matches!(kind, EventType::Statement | EventType::Meeting) {
                        event.add(role(Predicate::Target, object, "active-object-target", 0.7));
                    } else if event.roles.is_empty()
                        && matches!(trigger_word.as_str(), "said" | "says")
                    {
                        // Inverted quotation: "…," said Mirziyoyev.
                        event.add(role(Predicate::Agent, object, "inverted-speaker", 0.8));
                    }
                }
            }
            Form::Noun => {
                for slot in slots.iter().filter(|s| {
                    s.last <= trigger && s.last + 3 >= trigger && s.first >= clause_start
                }) {
                    let modifies = (slot.last..trigger).all(|j| {
                        let t = &tokens[j];
                        t.is_capitalized()
                            || slot.is_place() && j == slot.last && slot.last + 1 == trigger
                            || t.text.ends_with("-led")
                            || t.text.ends_with("-language")
                            || EVENT_NOUN_MODIFIERS.contains(&t.text.to_lowercase().as_str())
                    });
                    if !modifies {
                        continue;
                    }
                    if slot.is_actor() && !is_place_name(view, slot) {
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
                // "attack on X", "deportation of X", "appointment of the new Caliph, X".
                let next = word(trigger + 1);
                if matches!(next.as_str(), "on" | "against" | "of" | "targeting") {
                    let window = if next == "of" { 10 } else { 5 };
                    let object = slots
                        .iter()
                        .filter(|s| {
                            s.first > trigger + 1 && s.first <= trigger + window && s.first < reach
                        })
                        .find(|s| {
                            window == 5 || s.first <= trigger + 5 || s.kind == EntityType::Person
                        });
                    if let Some(object) = object {
                        if object.is_actor() && !(is_place_name(view, object) && next == "on") {
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
        if kind == EventType::Meeting {
            for slot in slots.iter().filter(|s| {
                s.is_actor()
                    && s.kind != EntityType::Country
                    && !preceded_by_locative(tokens, s.first)
            }) {
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
    }
    for place in view.places_after(sentence, trigger + 1, reach.min(trigger + 14)) {
        event.add(role(Predicate::OccurredIn, &place, "locative-phrase", 0.7));
    }
    // "In Kunduz, …" before a verb trigger.
    // Places before the trigger belong to an earlier trigger when there is one.
    if form == Form::Verb && previous_trigger.is_none() {
        for place in view.places_after(sentence, from, trigger) {
            if !event.has(Predicate::Target, place.entity)
                && !event.has(Predicate::Agent, place.entity)
            {
                event.add(role(Predicate::OccurredIn, &place, "locative-phrase", 0.6));
            }
        }
    }
    event.date = date_of(view, sentence, trigger, from, reach);
    if kind == EventType::Attack {
        let span = view.sentences[sentence].span;
        (event.killed, event.injured) = casualties(&view.text[span.start..span.end]);
    }
    let anchored_place = event
        .entities(Predicate::OccurredIn)
        .any(|e| view.kind(e) == EntityType::Location);
    // "this attack", "the recent attack" refer back; "the Beslan school massacre" names.
    let named = (trigger.saturating_sub(3)..trigger).any(|j| tokens[j].is_capitalized() && j > 0);
    event.anaphoric = form == Form::Noun
        && !named
        && matches!(determiner.as_deref(), Some("the" | "this" | "that"))
        && !anchored_place
        && !plural_noun;
    // Statements need a speaker; everything needs an anchor, unless it refers back.
    let has_agent = event.entities(Predicate::Agent).next().is_some();
    if kind == EventType::Statement && !has_agent {
        return None;
    }
    if event.roles.is_empty() && event.date.is_none() && !event.anaphoric {
        return None;
    }
    event
        .mentions
        .push(mention_span(view, sentence, trigger, reach));
    Some(event)
}

/// The subject of a verb: the nearest actor before it that is not inside a
/// prepositional phrase or an apposition to a place. A clause opened by "who" or
/// "which" takes the actor before the comma.
fn subject_of<'s>(
    view: &'s DocView<'_>,
    sentence: usize,
    before: &[&'s Slot],
    trigger: usize,
    clause_start: usize,
) -> Option<&'s Slot> {
    let tokens = view.tokens(sentence);
    let slots = &view.slots[sentence];
    // "security sources said": a common noun right before a speech verb is its subject.
    if trigger > 0 && crate::lexicon::SPEECH_VERBS.contains(tokens[trigger].text) {
        let previous = &tokens[trigger - 1];
        let noun = previous.is_word()
            && previous.text.starts_with(char::is_lowercase)
            && !previous.text.ends_with("ly")
            && !matches!(
                previous.text,
                "has"
                    | "have"
                    | "had"
                    | "also"
                    | "who"
                    | "which"
                    | "then"
                    | "later"
                    | "was"
                    | "is"
                    | "not"
            );
        if noun {
            return None;
        }
    }
    if clause_start >= 2
        && matches!(
            view.word(sentence, clause_start - 1).as_str(),
            "who" | "which"
        )
        && tokens[clause_start - 2].text == ","
    {
        return slots
            .iter()
            .rev()
            .find(|s| s.last + 2 == clause_start && s.is_actor());
    }
    before
        .iter()
        .rev()
        .find(|s| {
            let after_place = slots.iter().any(|p| {
                p.is_place()
                    && p.last + 1 == s.first
                    && tokens.get(p.last).is_some_and(|t| t.text == ",")
            });
            !preceded_by_preposition(view, sentence, s.first)
                && !after_place
                && !possessor_of_role(view, sentence, s)
                && s.last + 12 >= trigger
        })
        .copied()
}

/// "Uzbekistan’s president said": the state owns the role; the speaker is the person
/// holding it, not the state.
fn possessor_of_role(view: &DocView<'_>, sentence: usize, slot: &Slot) -> bool {
    let surface = &view.text[slot.span.end..];
    (surface.starts_with("’s ") || surface.starts_with("'s "))
        && crate::lexicon::PERSON_TITLES.contains(&view.word(sentence, slot.last + 1))
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

/// A country named by its own name before an event noun ("the Moscow attack") is a
/// place; by its adjective ("Russian deportation") an actor.
fn is_place_name(view: &DocView<'_>, slot: &Slot) -> bool {
    slot.kind == EntityType::Country
        && view.text.get(slot.span.start..slot.span.end)
            == Some(view.entities[slot.entity].name.as_str())
}

/// The phrase naming the event: the trigger with its modifiers and its first
/// arguments ("attack on the Crocus City concert hall outside Moscow").
fn mention_span(view: &DocView<'_>, sentence: usize, trigger: usize, reach: usize) -> Span {
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
    let limit = reach.min(trigger + 9);
    let end = view.slots[sentence]
        .iter()
        .filter(|s| s.first > trigger && s.last <= limit)
        .map(|s| s.last)
        .max()
        .unwrap_or(trigger + 1);
    Span::new(tokens[start].span.start, tokens[end - 1].span.end)
}

/// The date of a trigger's clause: the nearest date in its sentence.
fn date_of(
    view: &DocView<'_>,
    sentence: usize,
    trigger: usize,
    from: usize,
    reach: usize,
) -> Option<String> {
    let tokens = view.tokens(sentence);
    let at = tokens[trigger].span.start;
    let start = tokens.get(from).map_or(at, |t| t.span.start);
    let end = tokens
        .get(reach.saturating_sub(1))
        .map_or(usize::MAX, |t| t.span.end);
    view.dates[sentence]
        .iter()
        .filter(|d| d.span.start >= start && d.span.end <= end)
        .min_by_key(|d| d.span.start.abs_diff(at))
        .map(|d| d.iso.clone())
}

static KILLED: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:killed|killing|left)\s+(?:at least\s+|about\s+|around\s+|some\s+|over\s+|more than\s+|nearly\s+|almost\s+)?(\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty)(?-u:\b)|(?-u:\b)(\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:[a-z]+\s+){0,2}(?:were|was)\s+killed").ok()
});
static INJURED: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:injured|injuring|wounded|wounding)\s+(?:at least\s+|about\s+|around\s+|some\s+|over\s+|more than\s+|nearly\s+|almost\s+)?(\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten)(?-u:\b)|(?-u:\b)(\d[\d,]*)\s+(?:people\s+|others\s+)?(?:were\s+)?(?:injured|wounded)").ok()
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

/// Folds mentions of one happening: in one sentence; a headline and the first such
/// event of its article; a definite reference ("this attack") and the latest such event;
/// one speaker's statements in one article; or events sharing a specific place, a
/// person, or two roles. Dates must agree and specific places must not conflict.
fn merge(view: &DocView<'_>, events: Vec<DocEvent>) -> Vec<DocEvent> {
    // A merge can give an event the place that ties it to an earlier one: repeat until
    // nothing more merges.
    let mut events = events;
    loop {
        let before = events.len();
        events = merge_once(view, events);
        if events.len() == before {
            break;
        }
    }
    events.retain(|e| {
        !e.anaphoric
            || e.roles.iter().any(|r| r.predicate != Predicate::OccurredIn)
            || e.date.is_some()
    });
    events
}

/// How many of the events kept so far an event is compared with, latest first. An
/// article tells a few dozen events; a document of 20,000 events (a scraped timeline, a
/// hostile input) compared each with all earlier ones took minutes. Past this distance
/// two mentions are kept as two events.
const MERGE_LOOKBACK: usize = 512;

fn merge_once(view: &DocView<'_>, events: Vec<DocEvent>) -> Vec<DocEvent> {
    let mut out: Vec<DocEvent> = Vec::new();
    for event in events {
        let floor = out.len().saturating_sub(MERGE_LOOKBACK);
        let target = out[floor..]
            .iter()
            .rposition(|other| same_happening(view, other, &event))
            .map(|i| floor + i);
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
                into.anaphoric &= event.anaphoric;
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
    let specific = |e: &DocEvent| {
        e.entities(Predicate::OccurredIn)
            .filter(|&p| view.kind(p) == EntityType::Location)
            .collect::<Vec<_>>()
    };
    let (places_a, places_b) = (specific(a), specific(b));
    if !places_a.is_empty()
        && !places_b.is_empty()
        && places_a.iter().all(|p| !places_b.contains(p))
    {
        return false;
    }
    // Two different named actors doing it means two happenings.
    let agents = |e: &DocEvent| e.entities(Predicate::Agent).collect::<Vec<_>>();
    let (agents_a, agents_b) = (agents(a), agents(b));
    if !agents_a.is_empty()
        && !agents_b.is_empty()
        && agents_a.iter().all(|x| !agents_b.contains(x))
    {
        return false;
    }
    let shared = |predicate: Predicate| {
        a.entities(predicate)
            .filter(|e| b.has(predicate, *e))
            .collect::<Vec<_>>()
    };
    let same_article = a.article == b.article;
    let same_sentence = a.sentences.iter().any(|s| b.sentences.contains(s));
    let shared_place = places_a.iter().any(|p| places_b.contains(p));
    let shared_person = [Predicate::Agent, Predicate::Target]
        .iter()
        .flat_map(|&p| shared(p))
        .any(|e| view.kind(e) == EntityType::Person);
    let shared_roles: usize = [
        Predicate::Agent,
        Predicate::Target,
        Predicate::OccurredIn,
        Predicate::ClaimedBy,
    ]
    .iter()
    .map(|&p| shared(p).len())
    .sum();
    let headline_pair = same_article && a.headline && !b.headline;
    // One meeting is reported across a page: the same body meets once.
    let shared_participant = a.kind == EventType::Meeting
        && a.entities(Predicate::Participant)
            .any(|p| b.has(Predicate::Participant, p));
    let reference = b.anaphoric && (same_article || a.kind == EventType::Meeting);
    let same_speaker =
        same_article && a.kind == EventType::Statement && !shared(Predicate::Agent).is_empty();
    same_sentence
        || headline_pair
        || shared_participant
        || reference
        || same_speaker
        || shared_place
        || shared_person
        || shared_roles >= 2
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
