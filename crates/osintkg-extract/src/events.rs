//! Events from trigger words, with their roles read off the clause around the trigger.
//!
//! A trigger (a verb such as "arrested" or a noun such as "bombing", listed with its event
//! type and form in the language pack) proposes an event. Gates drop what is not a
//! happening: generic plurals ("attacks are increasing"), irrealis ("could attack") and
//! a reporter's own account. A statement about another event ("condemned the attack",
//! "said police had killed …") is an event of its own besides the one it tells. The
//! trigger's clause is read once
//! ([`Clause`]); then each role rule (one function per [`RuleId`], in [`ROLE_RULES`])
//! adds what its construction states: the agent (the subject, or the agentive phrase of
//! a passive), the target (the object, or the "on/against/of" phrase of a noun), where it
//! happened (locative phrases) and when (the clause's date). Mentions of one happening
//! merge.

pub mod casualties;

use crate::dates::DateMention;
use crate::lexicon::{
    ClaimPart, Form, Function, LanguagePack, Listed, Meaning, ModifierUse, OrgHead, SubjectRole,
    TitleUse,
};
use crate::rule::RuleId;
use crate::tagger::{Pos, VerbForm};
use crate::view::{DocView, Slot};
use osintkg_graph::{EntityType, EventType, Predicate, Span};

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
    pub rule: RuleId,
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
    /// The event noun that names it ("raid", "summit", "trial"), lowercase, when a
    /// singular noun trigger does.
    pub head: Option<String>,
    /// Told as going on ("police were still investigating"): in progress when the
    /// article was written.
    pub ongoing: bool,
    /// Named as one more of its kind ("a second arrest", "another attack"): a happening
    /// besides those already told, never a retelling of one.
    pub distinct: bool,
    /// Named only by definite noun phrases ("the Moscow attack", "the recent raid on
    /// X"): a happening the report refers to as known, not news it dates.
    pub known: bool,
    /// Sentences where forces that no name says whose act as its agent ("security
    /// forces killed …"): the state the story is about is its agent
    /// ([`RuleId::StateForces`], read with the gazetteer in `relations`).
    pub forces: Vec<usize>,
}

impl DocEvent {
    /// An event of type `kind` told in `sentence`, with nothing known of it yet.
    fn told(view: &DocView<'_>, sentence: usize, kind: EventType) -> DocEvent {
        DocEvent {
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
            distinct: false,
            known: false,
            forces: Vec::new(),
            head: None,
            ongoing: false,
        }
    }

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

    fn has_role(&self, predicate: Predicate) -> bool {
        self.roles.iter().any(|r| r.predicate == predicate)
    }
}

/// A trigger found in a sentence.
#[derive(Debug, Clone, Copy)]
struct Found {
    index: usize,
    kind: EventType,
    form: Form,
    subject: SubjectRole,
}

fn trigger_at(view: &DocView<'_>, sentence: usize, index: usize) -> Option<Found> {
    let pack = view.pack(sentence);
    let trigger = view.trigger(sentence, index)?;
    if !trigger.form.is_noun() && after_article(view, sentence, index) {
        return None;
    }
    // "press conference" is a statement to the press, not a meeting.
    let kind = index
        .checked_sub(1)
        .and_then(|i| pack.trigger_compound(view.tokens(sentence)[i].text, trigger.kind))
        .unwrap_or(trigger.kind);
    // "Gunmen attack a base": a noun trigger the tagger reads as a finite verb is one;
    // so is a gerund opening a participial clause after a comma ("stormed a camp,
    // killing five soldiers"), unlike a gerund inside a noun phrase ("a suicide bombing").
    let participial = index > 0 && view.tokens(sentence)[index - 1].text == ",";
    let finite = view
        .tag(sentence, index)
        .is_some_and(|t| match t.verb_form {
            Some(VerbForm::Present | VerbForm::Past) => true,
            Some(VerbForm::Ing) => participial,
            _ => false,
        });
    // The pack's subject of a noun is its possessor ("X's arrest"); the subject of a
    // noun read as a verb acts ("police arrest three").
    let (form, subject) = if trigger.form.is_noun() && finite {
        (Form::Verb, SubjectRole::Agent)
    } else {
        (trigger.form, trigger.subject)
    };
    Some(Found {
        index,
        kind,
        form,
        subject,
    })
}

/// Finds the events of a document, given the article's own date when it states one.
pub fn detect(view: &DocView<'_>, article: Option<jiff::civil::Date>) -> Vec<DocEvent> {
    let mut events = Vec::new();
    let mut named = Vec::new();
    for sentence in 0..view.sentences.len() {
        let triggers: Vec<Found> = (0..view.tokens(sentence).len())
            .filter_map(|i| trigger_at(view, sentence, i))
            .collect();
        for (n, found) in triggers.iter().enumerate() {
            // A phrase belongs to the nearer trigger: roles are read up to the next one.
            let next = triggers.get(n + 1);
            let previous = n.checked_sub(1).map(|p| triggers[p].index);
            let event_subject = n
                .checked_sub(1)
                .is_some_and(|p| event_noun_subject(view, sentence, &triggers[p], found));
            if let Some(event) = read_event(
                view,
                sentence,
                found,
                (previous, next.map(|t| t.index)),
                event_subject,
            ) {
                let mut event = event;
                event.distinct |= n
                    .checked_sub(1)
                    .is_some_and(|p| event_noun_object(view, sentence, &triggers[p], found));
                events.push(event);
            }
        }
        named.extend(named_instances(view, sentence));
    }
    claimed_responsibility(view, &mut events);
    let mut events = merge(view, events);
    named_patients(view, &mut events);
    // Events named apart come last; a name without a year has no anchor in time.
    let told = events.len();
    events.extend(named);
    let month = article.map(|d| format!("{:04}-{:02}", d.year(), d.month()));
    for event in &mut events {
        // What is still going on when the article is written happens over its days, not
        // on the day of an earlier sentence: the article's month, when the text gives
        // no date of its own.
        if event.date.is_none() && event.ongoing {
            event.date = month.clone();
        }
        if event.date.is_none() {
            event.date = narrative_date(view, event);
        }
    }
    let day = article.map(|d| d.to_string());
    // A report whose news happened on its own date ("the trial began Tuesday", "police
    // arrested three on Friday") tells that day's reactions: its undated statements
    // were made that day. Otherwise a statement a dated report tells without a date of
    // its own was made in the days before it: its month, as precise as the text allows.
    // So was any other happening its body tells with no date of its own (the report's
    // recent news); a happening named only as known ("the Moscow attack") or in the
    // headline, the body never dating it, is left undated, as are events named apart.
    let news_of_the_day = day.is_some()
        && events
            .iter()
            .any(|e| e.kind != EventType::Statement && e.date == day);
    for (n, event) in events.iter_mut().enumerate() {
        if event.date.is_none() && event.kind == EventType::Statement {
            event.date = if news_of_the_day {
                day.clone()
            } else {
                month.clone()
            };
        } else if event.date.is_none() && news_of_the_day {
            event.date = day.clone();
        } else if event.date.is_none()
            && n < told
            && !event.known
            && !event.sentences.iter().any(|&s| view.sentences[s].title)
        {
            event.date = month.clone();
        }
    }
    events
}

/// Events a list names after a plural event noun, each with its year in brackets: "a
/// trio of operations — Euphrates Shield (2016), Olive Branch (2018) and Peace Spring
/// (2019)", "offensives such as Tiger Claw (2020)". The name is the mention and the year
/// the date; a name without a year has no anchor of its own. Named apart, each is a
/// happening of its own: none merges with another event.
fn named_instances(view: &DocView<'_>, sentence: usize) -> Vec<DocEvent> {
    let tokens = view.tokens(sentence);
    let pack = view.pack(sentence);
    let mut out = Vec::new();
    for noun in 0..tokens.len() {
        let Some(trigger) = view.trigger(sentence, noun) else {
            continue;
        };
        if trigger.form != Form::Plural {
            continue;
        }
        // The list opens after a dash, a colon or a comma, or a word that introduces
        // examples ("including", "such as").
        let mut i = noun + 1;
        if tokens
            .get(i)
            .is_some_and(|t| matches!(t.text, "—" | "–" | ":" | ","))
        {
            i += 1;
        }
        i += pack.function_at(tokens, i, Function::List);
        let mut items = Vec::new();
        loop {
            let first = i;
            while tokens.get(i).is_some_and(|t| t.is_capitalized()) {
                i += 1;
            }
            let bracket = |k: usize, text: &str| tokens.get(k).is_some_and(|t| t.text == text);
            let dated = i > first && bracket(i, "(") && bracket(i + 2, ")");
            match tokens.get(i + 1).filter(|t| dated && is_year(t.text)) {
                Some(year) => items.push((first, i + 2, year.text)),
                None => break,
            }
            i += 3;
            // The next item follows a comma or a coordinator.
            while tokens.get(i).is_some_and(|t| {
                t.text == "," || view.lexeme(sentence, i).function(Function::Coordinator)
            }) {
                i += 1;
            }
        }
        if items.is_empty() {
            continue;
        }
        let shared = DocEvent::told(view, sentence, trigger.kind);
        for (first, last, year) in items {
            let mut event = shared.clone();
            event.mentions = vec![Span::new(tokens[first].span.start, tokens[last].span.end)];
            event.date = Some(year.to_owned());
            out.push(event);
        }
    }
    out
}

/// True for a year of the last two centuries written in digits ("2016").
fn is_year(text: &str) -> bool {
    text.len() == 4
        && (text.starts_with("19") || text.starts_with("20"))
        && text.bytes().all(|b| b.is_ascii_digit())
}

/// True when a verb trigger tells a happening still going on: a progressive form in the
/// present ("police are investigating"), or in the past with an adverb that says it goes
/// on ("said they were still investigating": reported speech shifts the tense, not the
/// time). A past progressive alone tells the background of a story ("gunmen were
/// attacking the village when troops arrived"), which is over.
fn progressive(view: &DocView<'_>, sentence: usize, trigger: usize) -> bool {
    let ing = view
        .tag(sentence, trigger)
        .is_some_and(|t| t.verb_form == Some(VerbForm::Ing));
    if !ing {
        return false;
    }
    let function = |i: usize, role: Function| view.lexeme(sentence, i).function(role);
    let continuative = |i: usize| function(i, Function::Continuative);
    let Some(copula) = (0..trigger)
        .rev()
        .find(|&i| !continuative(i) && view.tag(sentence, i).is_none_or(|t| t.pos != Pos::Adv))
    else {
        return false;
    };
    function(copula, Function::Copula)
        && (function(copula, Function::Present) || (copula + 1..trigger).any(continuative))
}

/// How many sentences back a paragraph's date still sets the time of an undated event.
const NARRATIVE_REACH: usize = 2;

/// The date an undated event inherits from the story around it: the latest date written
/// in the sentences just before its first one in the same paragraph ("On Sunday gunmen
/// stormed the camp. They killed five soldiers."): news tells a happening and its parts
/// together.
fn narrative_date(view: &DocView<'_>, event: &DocEvent) -> Option<String> {
    let first = *event.sentences.iter().min()?;
    let paragraph = view.sentences[first].paragraph;
    (first.saturating_sub(NARRATIVE_REACH)..first)
        .rev()
        .take_while(|&s| view.sentences[s].paragraph == paragraph)
        .find_map(|s| view.dates[s].last().map(|d| d.iso.clone()))
}

/// Gate: the speaker is the reporter filing the story, set off by an apposition that
/// opens with a verb of reporting ("Correspondent X, reporting from Kharkiv, said"): the
/// report's own voice is no statement of an actor.
fn reporter_speaking(c: &Clause<'_, '_>) -> bool {
    let tokens = c.view.tokens(c.sentence);
    c.actors_before.iter().any(|s| {
        s.kind == EntityType::Person
            && tokens.get(s.last).is_some_and(|t| t.text == ",")
            && tokens
                .get(s.last + 1)
                .is_some_and(|t| c.pack.is_media_verb(&t.text.to_lowercase()))
    })
}

/// Gate: a verb of reporting that closes its sentence after the story it credits ("…,
/// CNN reported.") names the source the story was taken from, as a byline would: no
/// statement of an actor. A verb of reporting that opens what it reports ("a
/// shipping firm reported the tanker burned") tells a statement.
fn source_tag(view: &DocView<'_>, sentence: usize, trigger: usize) -> bool {
    let tokens = view.tokens(sentence);
    view.pack(sentence)
        .is_media_verb(&tokens[trigger].text.to_lowercase())
        && tokens[trigger + 1..]
            .iter()
            .all(|t| t.text.chars().all(|c| c.is_ascii_punctuation()))
}

/// True when an article opens the phrase a verb trigger stands in, at most one
/// adjective between: "the accused", "the other accused", "a wanted man". The verb form
/// is used as a noun or an adjective there and tells no happening.
fn after_article(view: &DocView<'_>, sentence: usize, index: usize) -> bool {
    let article = |i: usize| {
        let lexeme = view.lexeme(sentence, i);
        lexeme.function(Function::Article) || lexeme.function(Function::Indefinite)
    };
    let adjective = |i: usize| view.tag(sentence, i).is_some_and(|t| t.pos == Pos::Adj);
    match index {
        0 => false,
        1 => article(0),
        _ => article(index - 1) || (adjective(index - 1) && article(index - 2)),
    }
}

/// True when an event noun of the same kind is the subject of a verb trigger: "an
/// Israeli strike on southern Syria killed a commander", "the bombing that killed five".
/// The verb tells what that event did, so it has no actor of its own for a subject (a
/// name inside the noun's phrase is none), and it merges with the noun's event. Only
/// words that are no verbs may stand between, in one clause, with no comma; a noun
/// inside a name ("the National Investigation Agency charged") is no event.
fn event_noun_subject(view: &DocView<'_>, sentence: usize, noun: &Found, verb: &Found) -> bool {
    noun.form.is_noun()
        && !verb.form.is_noun()
        && noun.kind == verb.kind
        && !view.slots[sentence]
            .iter()
            .any(|s| s.first <= noun.index && noun.index < s.last)
        && view.clause_start(sentence, verb.index) <= noun.index
        && (noun.index + 1..verb.index).all(|i| {
            view.tokens(sentence)[i].text != ","
                && view
                    .tag(sentence, i)
                    .is_none_or(|t| !matches!(t.pos, Pos::Verb | Pos::Aux))
        })
}

/// True when an event noun is the object of a verb whose subject is an event noun of
/// the same kind: "the attack triggered Israel's offensive", "the raid followed a
/// bombing". The verb relates two happenings, so the second is no retelling of the first
/// (a linking verb, "the raid was the deadliest attack", names one). One clause, no
/// event verb between.
fn event_noun_object(view: &DocView<'_>, sentence: usize, subject: &Found, object: &Found) -> bool {
    subject.form.is_noun()
        && object.form.is_noun()
        && subject.kind == object.kind
        && view.clause_start(sentence, object.index) <= subject.index
        && (subject.index + 1..object.index).any(|i| {
            view.tag(sentence, i).is_some_and(|t| {
                t.pos == Pos::Verb
                    && matches!(t.verb_form, Some(VerbForm::Present | VerbForm::Past))
            }) && !view.lexeme(sentence, i).function(Function::Copula)
        })
}

/// Gate: a plural event noun is generic talk ("attacks are increasing") unless a
/// determiner, a number or a name makes it specific ("the attacks", "twin bombings",
/// "Kerman bombings"), or its clause names the day they happened ("On 14 May the
/// capital was hit by attacks"): generic talk is not told by the day.
fn generic_plural(view: &DocView<'_>, sentence: usize, trigger: usize, form: Form) -> bool {
    if form != Form::Plural {
        return false;
    }
    let tokens = view.tokens(sentence);
    let pack = view.pack(sentence);
    // A capital opening the sentence marks no name by itself: "Intensifying attacks
    // have forced thousands to flee" is talk of a trend.
    let named = |i: usize| {
        tokens[i].is_capitalized()
            && (i > 0
                || view.tag(sentence, i).is_some_and(|t| t.pos == Pos::Propn)
                || view.slots[sentence]
                    .iter()
                    .any(|s| s.first <= i && i < s.last))
    };
    let specific = (trigger.saturating_sub(3)..trigger)
        .any(|j| pack.event_modifier(tokens[j].text, ModifierUse::Specific))
        || (trigger > 0 && named(trigger - 1));
    // After a verb of speech the day may be the saying's: "said on 14 May that attacks
    // are rising". A capitalised word is part of a name ("United States").
    let clause = view.clause_start(sentence, trigger);
    let reported = (clause..trigger)
        .any(|i| !tokens[i].is_capitalized() && pack.is_speech_verb(tokens[i].text));
    let (start, end) = (
        tokens[clause].span.start,
        tokens
            .get(view.clause_end(sentence, trigger).saturating_sub(1))
            .map_or(usize::MAX, |t| t.span.end),
    );
    let dated = !reported
        && view.dates[sentence]
            .iter()
            .any(|d| d.iso.len() == 10 && d.span.start >= start && d.span.end <= end);
    !specific && !dated
}

/// Gate: a modal, an infinitive or a word of quantity before the trigger makes it
/// hypothetical or generic ("could attack", "to arrest", "more attacks"), unless a verb
/// of decision makes the infinitive real ("decided to extend"); so does a condition
/// opening its clause ("if its embassy were attacked").
fn irrealis(view: &DocView<'_>, sentence: usize, trigger: usize, form: Form) -> bool {
    let tokens = view.tokens(sentence);
    let pack = view.pack(sentence);
    // An event noun's hedge may stand before its modifiers: "a possible ISIL attack",
    // "potential terrorist attacks".
    let noun = trigger;
    let mut trigger = trigger;
    if form.is_noun() {
        for _ in 0..3 {
            let Some(before) = trigger.checked_sub(1) else {
                break;
            };
            let word = tokens[before].text;
            let modifier =
                tokens[before].is_capitalized() || pack.event_modifier(word, ModifierUse::Modifier);
            if !modifier || pack.is_irrealis(word) {
                break;
            }
            trigger = before;
        }
    }
    // A condition tells what has not happened: "threatens retaliation if its citizens
    // were attacked".
    let clause = view.clause_start(sentence, noun);
    if (clause..noun).any(|i| view.lexeme(sentence, i).function(Function::Conditional)) {
        return true;
    }
    let Some(before) = trigger.checked_sub(1) else {
        return false;
    };
    // Past a name, only a hedge counts: "the intensification of Houthi strikes" is real.
    if trigger < noun && view.lexeme(sentence, before).is_preposition() {
        return false;
    }
    let decided = view.lexeme(sentence, before).function(Function::Infinitive)
        && before >= 1
        && pack.is_decision_verb(tokens[before - 1].text);
    pack.is_irrealis(tokens[before].text) && !decided
}

/// The clause a trigger heads, read once for every role rule.
pub struct Clause<'v, 'a> {
    view: &'v DocView<'a>,
    pack: &'a LanguagePack,
    sentence: usize,
    trigger: usize,
    /// The trigger word, lowercase.
    word: String,
    kind: EventType,
    form: Form,
    subject_role: SubjectRole,
    clause_start: usize,
    /// Roles are read up to here: the clause end or the next trigger.
    reach: usize,
    /// Roles are read from here: the clause start or after the previous trigger.
    from: usize,
    first_trigger: bool,
    /// The subject is an event noun ([`event_noun_subject`]): no actor is the subject.
    event_subject: bool,
    passive: bool,
    /// A participle modifying the noun before it, without an auxiliary.
    reduced: bool,
    actors_before: Vec<Slot>,
    actors_after: Vec<Slot>,
    /// The actor of an agentive phrase ("by ISKP", "published in Al-Naba").
    by_phrase: Option<Slot>,
}

impl<'v, 'a> Clause<'v, 'a> {
    fn read(
        view: &'v DocView<'a>,
        sentence: usize,
        found: &Found,
        (previous_trigger, next_trigger): (Option<usize>, Option<usize>),
        event_subject: bool,
    ) -> Clause<'v, 'a> {
        let pack = view.pack(sentence);
        let tokens = view.tokens(sentence);
        let trigger = found.index;
        let word = |i: usize| view.word(sentence, i);
        let clause_start = view.clause_start(sentence, trigger);
        let clause_end = view.clause_end(sentence, trigger);
        let reach = next_trigger.map_or(clause_end, |n| n.min(clause_end));
        let from = previous_trigger.map_or(clause_start, |p| (p + 1).max(clause_start));
        // "were recently arrested": adverbs stand between the auxiliary and the verb.
        let auxiliary = (0..trigger).rev().find(|&i| {
            let w = word(i);
            !(w.ends_with("ly") && w.len() > 3)
        });
        let passive_auxiliary = auxiliary.is_some_and(|i| {
            view.lexeme(sentence, i)
                .function(Function::PassiveAuxiliary)
        });
        // A reduced relative: a past participle the tagger finds with no auxiliary before
        // it modifies the noun or the name before it ("the commander killed in a strike",
        // "the militia Liwa Example trained by the army").
        let reduced = !found.form.is_noun()
            && !event_subject
            && view
                .tag(sentence, trigger)
                .is_some_and(|t| t.verb_form == Some(VerbForm::PastParticiple))
            && trigger
                .checked_sub(1)
                .and_then(|i| view.tag(sentence, i))
                .is_some_and(|t| matches!(t.pos, Pos::Noun | Pos::Propn))
            && !matches!(found.kind, EventType::Statement | EventType::Meeting)
            && !passive_auxiliary
            && !(trigger.saturating_sub(3)..trigger).any(|i| {
                view.lexeme(sentence, i)
                    .function(Function::PerfectAuxiliary)
            });
        // Passive: an auxiliary before, an agentive phrase after, a bare past participle
        // in a title ("Islamic State operatives arrested after …"), or a participle
        // without a perfect auxiliary ("militanti … arrestati").
        let passive = !found.form.is_noun()
            && !event_subject
            && (passive_auxiliary
                || view
                    .lexeme(sentence, trigger + 1)
                    .preposition(Meaning::Agentive)
                || view.sentences[sentence].title && found.form == Form::Past
                || found.form == Form::Participle
                    && !trigger.checked_sub(1).is_some_and(|i| {
                        view.lexeme(sentence, i)
                            .function(Function::PerfectAuxiliary)
                    })
                || reduced);
        let slots = &view.slots[sentence];
        let actors_before: Vec<Slot> = slots
            .iter()
            .filter(|s| s.is_actor() && s.last <= trigger && s.first >= clause_start)
            .copied()
            .collect();
        let actors_after: Vec<Slot> = slots
            .iter()
            .filter(|s| s.is_actor() && s.first > trigger && s.first < reach)
            .copied()
            .collect();
        let agentive = |i: usize| view.lexeme(sentence, i).preposition(Meaning::Agentive);
        // "by former President X", "by the interior minister, X": a person named after
        // the title that describes them. One comma may stand right before the name when
        // the name is an apposition that punctuation closes ("by the governor, X, in
        // 2022"), not the subject of a clause of its own ("by the governor, X said").
        let closed = |s: &Slot| tokens.get(s.last).is_none_or(|t| !t.is_word());
        let titled = |s: &Slot| {
            s.kind == EntityType::Person
                && (s.first.saturating_sub(5)..s.first).rev().any(|k| {
                    agentive(k)
                        && (k + 1..s.first).any(|j| pack.is_title(&word(j)))
                        && (k + 1..s.first).all(|j| {
                            j + 1 == s.first && j > k + 1 && tokens[j].text == "," && closed(s)
                                || view.lexeme(sentence, j).function(Function::Article)
                                || pack.is_title(&word(j))
                                || tokens[j].is_word()
                                    && !tokens[j].is_capitalized()
                                    && !view.lexeme(sentence, j).is_preposition()
                        })
                })
        };
        let by_phrase = actors_after
            .iter()
            .find(|s| {
                s.first >= 1 && agentive(s.first - 1)
                    || titled(s)
                    || s.first >= 2
                        && agentive(s.first - 2)
                        && view
                            .lexeme(sentence, s.first - 1)
                            .function(Function::Article)
                    || found.kind == EventType::Statement
                        && s.first >= 2
                        && view
                            .lexeme(sentence, s.first - 1)
                            .preposition(Meaning::Medium)
                        && pack.is_media_verb(&word(s.first - 2))
            })
            .copied();
        Clause {
            view,
            pack,
            sentence,
            trigger,
            word: tokens[trigger].text.to_lowercase(),
            kind: found.kind,
            form: found.form,
            subject_role: found.subject,
            clause_start,
            reach,
            from,
            first_trigger: previous_trigger.is_none(),
            event_subject,
            passive,
            reduced,
            actors_before,
            actors_after,
            by_phrase,
        }
    }

    fn role(&self, predicate: Predicate, slot: &Slot, rule: RuleId, confidence: f64) -> Role {
        Role {
            predicate,
            entity: slot.entity,
            sentence: self.sentence,
            rule,
            confidence,
        }
    }

    fn is_verb(&self) -> bool {
        !self.form.is_noun()
    }

    fn subject(&self) -> Option<Slot> {
        subject_of(
            self.view,
            self.sentence,
            &self.actors_before,
            self.trigger,
            self.clause_start,
        )
    }

    /// The object of an active verb: the first actor after it that no preposition governs
    /// and no hyphen glues to a modifier ("attacked a Greek-owned tanker": no object).
    fn object(&self) -> Option<&Slot> {
        let object = self.actors_after.iter().find(|s| {
            !preceded_by_preposition(self.view, self.sentence, s.first)
                && s.first <= self.trigger + 5
                && !self.view.hyphen_after(s)
        })?;
        // "killed Hezbollah commander X": a group modifying a role noun before a name is
        // the person's group; the person is the object.
        let tokens = self.view.tokens(self.sentence);
        let bearer = self.actors_after.iter().find(|s| {
            s.kind == EntityType::Person
                && object.kind != EntityType::Person
                && s.first > object.last
                && s.first <= object.last + 3
                && (object.last..s.first).any(|j| {
                    self.pack.role(tokens[j].text, Predicate::MemberOf)
                        || self.pack.role(tokens[j].text, Predicate::LeaderOf)
                        || self.pack.is_title(tokens[j].text)
                })
                && (object.last..s.first).all(|j| {
                    tokens[j].text.starts_with(char::is_lowercase)
                        || self.pack.is_title(tokens[j].text)
                })
        });
        Some(bearer.unwrap_or(object))
    }

    /// `slot` and the actors coordinated with it after it, up to the reach: "French and
    /// United Nations troops", "X, Y and Z". Only list joints (commas, coordinators) stand
    /// between the items, and a coordinator closes the list: commas alone join an
    /// apposition ("the new leader, X, IS spokesman"). A name glued to a compound
    /// modifier ("Greek-owned") describes, and is no item.
    fn with_conjuncts(&self, slot: &Slot) -> Vec<Slot> {
        let view = self.view;
        let tokens = view.tokens(self.sentence);
        let mut items = Vec::new();
        let mut end = slot.last;
        let mut closed = 0;
        for next in view.slots[self.sentence]
            .iter()
            .filter(|s| s.first > slot.first && s.first < self.reach)
        {
            // A count may open an item after its joint: "one Russian and three Filipinos".
            let count = |j: usize| {
                j > end
                    && view
                        .tag(self.sentence, j)
                        .is_some_and(|t| t.pos == Pos::Num)
            };
            let joined = next.first > end
                && next.first <= end + 3
                && view.is_list_joint(self.sentence, end)
                && (end..next.first).all(|j| view.is_list_joint(self.sentence, j) || count(j));
            if !joined || !next.is_actor() || next.entity == slot.entity || view.hyphen_after(next)
            {
                break;
            }
            items.push(*next);
            if (end..next.first).any(|j| tokens[j].text != ",") {
                closed = items.len();
            }
            end = next.last;
        }
        if view.hyphen_after(slot) {
            closed = 0;
        }
        items.truncate(closed);
        std::iter::once(*slot).chain(items).collect()
    }

    /// Slots right before an event noun that modify it: names, the pack's event modifiers
    /// and compounds ending in one may stand between ("the Islamic State attack", "US-led
    /// raid").
    fn noun_modifiers(&self) -> impl Iterator<Item = &Slot> {
        let tokens = self.view.tokens(self.sentence);
        self.view.slots[self.sentence]
            .iter()
            .filter(move |s| {
                s.last <= self.trigger && s.last + 3 >= self.trigger && s.first >= self.clause_start
            })
            .filter(move |slot| {
                (slot.last..self.trigger).all(|j| {
                    let t = &tokens[j];
                    t.is_capitalized()
                        || slot.is_place() && j == slot.last && slot.last + 1 == self.trigger
                        || self.pack.event_modifier(t.text, ModifierUse::Modifier)
                        || t.text.rsplit_once('-').is_some_and(|(_, suffix)| {
                            self.pack.event_modifier(suffix, ModifierUse::Compound)
                        })
                })
            })
    }

    /// The slot after an event noun's object preposition ("attack on X", "deportation of
    /// X", "appointment of the new Caliph, X"), and whether that preposition may name
    /// the site struck rather than a target ("on").
    fn noun_object(&self) -> Option<(&Slot, bool)> {
        let next = self.view.lexeme(self.sentence, self.trigger + 1);
        let genitive = next.preposition(Meaning::Genitive);
        let object = next.preposition(Meaning::Object) && !next.preposition(Meaning::Path);
        if !genitive && !object {
            return None;
        }
        let window = if genitive { 10 } else { 5 };
        let trigger = self.trigger;
        let slot = self.view.slots[self.sentence]
            .iter()
            .filter(|s| {
                s.first > trigger + 1
                    && s.first <= trigger + window
                    && s.first < self.reach
                    && !self.view.hyphen_after(s)
            })
            .find(|s| window == 5 || s.first <= trigger + 5 || s.kind == EntityType::Person)?;
        Some((slot, next.preposition(Meaning::Site)))
    }
}

/// A role rule: reads one construction of the trigger's clause into the event.
type RoleRule = fn(&Clause<'_, '_>, &mut DocEvent);

/// The role rules, in the order they apply: later rules see the roles earlier ones read.
const ROLE_RULES: &[RoleRule] = &[
    passive_by_agent,
    passive_subject_target,
    active_subject_agent,
    pronoun_speaker,
    assumed_leadership,
    published_in,
    active_object_target,
    addressed_target,
    measure_target,
    inverted_speaker,
    possessor_target,
    noun_modifier_agent,
    noun_modifier_place,
    noun_by_agent,
    support_verb_agent,
    medium_subject_agent,
    noun_object_target,
    noun_object_place,
    locative_phrase,
    locative_phrase_before,
    meeting_participant,
    state_forces,
];

/// [`RuleId::PassiveByAgent`]: the agentive phrase of a passive verb is its agent.
/// "Four suspects were arrested by the FSB" → agent FSB.
fn passive_by_agent(c: &Clause<'_, '_>, event: &mut DocEvent) {
    if c.is_verb()
        && c.passive
        && let Some(agent) = &c.by_phrase
    {
        event.add(c.role(Predicate::Agent, agent, RuleId::PassiveByAgent, 0.8));
    }
}

/// [`RuleId::PassiveSubjectTarget`]: the subject of a passive verb is its target; the
/// head of the subject comes first, and members stand for their group. "Eight Tajik
/// nationals with ties to ISKP were arrested" → target Tajikistan, not ISKP; "Several
/// militants of the Islamic State were arrested" → target Islamic State.
fn passive_subject_target(c: &Clause<'_, '_>, event: &mut DocEvent) {
    if !(c.is_verb() && c.passive) {
        return;
    }
    // A reduced relative modifies the nearest phrase before it.
    if c.reduced {
        if let Some(noun) = c
            .actors_before
            .iter()
            .rev()
            .find(|s| s.last + 6 >= c.trigger)
        {
            let noun = apposition_head(c, noun).unwrap_or(noun);
            event.add(c.role(Predicate::Target, noun, RuleId::PassiveSubjectTarget, 0.65));
        }
        return;
    }
    // "X says senior ISIS leader killed": after a verb of speech the passive's subject
    // is in the clause reported; the actors before the verb are its speakers.
    let tokens = c.view.tokens(c.sentence);
    let reported = (c.clause_start..c.trigger)
        .rev()
        .find(|&j| !tokens[j].is_capitalized() && c.pack.is_speech_verb(tokens[j].text))
        .map(|j| j + 1);
    let head = c.actors_before.iter().find(|s| {
        s.first >= reported.unwrap_or(0)
            && (!preceded_by_preposition(c.view, c.sentence, s.first) || members_of(c, s))
            && !possessor_of_role(c.view, c.sentence, s)
            && !addressee(c.view, c.sentence, s)
            && !c.view.hyphen_after(s)
    });
    if let Some(subject) = head
        .copied()
        .or_else(|| reported.is_none().then(|| c.subject()).flatten())
    {
        // "X and Y were arrested": every coordinated subject undergoes it.
        let mut items = c.with_conjuncts(&subject);
        if let Some(next) = items.last().and_then(|last| titled_conjunct(c, last)) {
            items.push(next);
        }
        for item in items {
            event.add(c.role(Predicate::Target, &item, RuleId::PassiveSubjectTarget, 0.7));
        }
    }
}

/// The person coordinated after a person with a description of their own before the
/// name: "former police chief X and top defence official Y" → Y. Only lowercase words
/// and titles that are no verb stand between the coordinator and the name.
fn titled_conjunct(c: &Clause<'_, '_>, slot: &Slot) -> Option<Slot> {
    let tokens = c.view.tokens(c.sentence);
    if slot.kind != EntityType::Person
        || !tokens
            .get(slot.last)
            .is_some_and(|t| c.pack.function(t.text, Function::Coordinator))
    {
        return None;
    }
    let next = c.actors_before.iter().find(|s| s.first > slot.last)?;
    let description = next.kind == EntityType::Person
        && next.first > slot.last + 1
        && next.first <= slot.last + 5
        && (slot.last + 1..next.first).all(|j| {
            let t = &tokens[j];
            (t.is_word() && !t.is_capitalized() || c.pack.is_title(t.text))
                && c.view.tag(c.sentence, j).is_none_or(|t| t.pos != Pos::Verb)
        });
    description.then_some(*next)
}

/// The person an apposition describes, when the slot only modifies its noun: "X, a
/// senior commander of the group killed in …" → X, not the group.
fn apposition_head<'c>(c: &'c Clause<'_, '_>, slot: &Slot) -> Option<&'c Slot> {
    let tokens = c.view.tokens(c.sentence);
    let comma = (c.clause_start..slot.first)
        .rev()
        .find(|&k| tokens[k].text == ",")?;
    if !(comma + 1..slot.first).all(|k| {
        c.view.lexeme(c.sentence, k).function(Function::Article)
            || tokens[k].is_word() && !tokens[k].is_capitalized()
    }) || !(slot.last..c.trigger).all(|k| tokens[k].text != ",")
    {
        return None;
    }
    c.actors_before
        .iter()
        .find(|s| s.last == comma && s.kind == EntityType::Person)
}

/// True when the slot names the group of a member noun before it: "militants of the
/// Islamic State", "militanti dello Stato Islamico".
fn members_of(c: &Clause<'_, '_>, slot: &Slot) -> bool {
    let tokens = c.view.tokens(c.sentence);
    let mut i = slot.first;
    if i >= 1 && c.view.lexeme(c.sentence, i - 1).function(Function::Article) {
        i -= 1;
    }
    i >= 2
        && c.view
            .lexeme(c.sentence, i - 1)
            .preposition(Meaning::Genitive)
        && c.pack.role(tokens[i - 2].text, Predicate::MemberOf)
}

/// [`RuleId::PronounSpeaker`]: a statement verb whose subject is the person pronoun
/// opening its sentence ("She deplored the killings") was made by the person the sentence
/// before named last.
fn pronoun_speaker(c: &Clause<'_, '_>, event: &mut DocEvent) {
    if !c.is_verb()
        || c.passive
        || c.kind != EventType::Statement
        || event.has_role(Predicate::Agent)
    {
        return;
    }
    let opens = c.clause_start == 0
        && (0..c.trigger).all(|i| {
            (i == 0
                && c.view
                    .lexeme(c.sentence, i)
                    .function(Function::PersonPronoun))
                || (i > 0 && c.view.lexeme(c.sentence, i).function(Function::Adverb))
        });
    let Some(before) = c.sentence.checked_sub(1) else {
        return;
    };
    if !opens || c.view.articles[before] != c.view.articles[c.sentence] {
        return;
    }
    if let Some(person) = c.view.slots[before]
        .iter()
        .rev()
        .find(|s| s.kind == EntityType::Person)
    {
        event.add(c.role(Predicate::Agent, person, RuleId::PronounSpeaker, 0.6));
    }
}

/// [`RuleId::ActiveSubjectAgent`]: the subject of an active verb is its agent.
/// "ISKP attacked the Crocus City Hall" → agent ISKP.
fn active_subject_agent(c: &Clause<'_, '_>, event: &mut DocEvent) {
    if c.is_verb()
        && !c.passive
        && !c.event_subject
        && c.subject_role == SubjectRole::Agent
        && let Some(subject) = c.subject()
    {
        event.add(c.role(Predicate::Agent, &subject, RuleId::ActiveSubjectAgent, 0.75));
    }
}

/// [`RuleId::StateForces`]: forces that no name says whose ("security forces", "the
/// police", "the military"), as the subject of an active verb or in the agentive phrase
/// of a passive verb or an event noun, are the state the story is about, when nothing
/// else is the agent: this marks the event; `relations` finds the state.
/// "Security forces killed the attackers" → agent the story's country.
fn state_forces(c: &Clause<'_, '_>, event: &mut DocEvent) {
    if event.has_role(Predicate::Agent) || c.event_subject {
        return;
    }
    let tokens = c.view.tokens(c.sentence);
    let slots = &c.view.slots[c.sentence];
    // A force noun with no name of whose just before it ("Pakistani security forces",
    // "Wagner forces"), nor a capitalised word of its own.
    let force = |i: usize| {
        tokens[i].is_word()
            && !tokens[i].is_capitalized()
            && c.pack.org_head(&c.view.word(c.sentence, i), OrgHead::Force)
            && !slots.iter().any(|s| {
                s.first <= i && s.last >= i || i >= 2 && s.last + 1 == i && tokens[i - 1].is_word()
            })
            && (1..=2).all(|k| {
                // "Pakistani security forces", not "On Tuesday police": the word before,
                // and the one before a lowercase modifier, is no capitalised word.
                let Some(j) = i.checked_sub(k) else {
                    return true;
                };
                j == 0
                    || !tokens[j].is_capitalized()
                    || k == 1 && !tokens[j - 1].is_word() && !slots.iter().any(|s| s.first == j)
                    || k == 2 && c.view.lexeme(c.sentence, j + 1).function(Function::Article)
            })
    };
    let word = |i: usize| c.view.word(c.sentence, i);
    // The subject of an active verb: the force noun right before it, or before a
    // perfect auxiliary or an adverb ("security forces have killed", "police later
    // detained"); a participle right after it is its verb, not a reduced relative
    // ("security forces raided a house").
    let subject = || {
        let mut i = c.trigger.checked_sub(1)?;
        while i > c.from
            && i + 3 > c.trigger
            && (c
                .view
                .lexeme(c.sentence, i)
                .function(Function::PerfectAuxiliary)
                || word(i).ends_with("ly") && !force(i))
        {
            i -= 1;
        }
        (i >= c.from && force(i)).then_some(i)
    };
    // The agentive phrase: "by the police", "by security forces".
    let agentive = || {
        (c.trigger + 1..c.reach.min(c.trigger + 8)).any(|i| {
            c.view.lexeme(c.sentence, i).preposition(Meaning::Agentive)
                && (i + 1..(i + 4).min(c.reach))
                    .find(|&j| !c.view.lexeme(c.sentence, j).function(Function::Article))
                    .is_some_and(|j| {
                        force(j) || j + 1 < c.reach && !tokens[j].is_capitalized() && force(j + 1)
                    })
        })
    };
    let found = if c.is_verb() {
        c.subject_role == SubjectRole::Agent && subject().is_some() || c.passive && agentive()
    } else {
        agentive()
    };
    if !found {
        return;
    }
    event.forces.push(c.sentence);
}

/// [`RuleId::AssumedLeadership`]: the subject of a verb of taking office is the one
/// appointed (the pack marks such triggers with subject `target`). "Abu al-Hassan
/// assumed the leadership" → target Abu al-Hassan.
fn assumed_leadership(c: &Clause<'_, '_>, event: &mut DocEvent) {
    if c.is_verb()
        && !c.passive
        && c.subject_role == SubjectRole::Target
        && let Some(subject) = c.subject()
    {
        event.add(c.role(Predicate::Target, &subject, RuleId::AssumedLeadership, 0.75));
    }
}

/// [`RuleId::PublishedIn`]: a statement published in an outlet, with no speaker of its
/// own, is the outlet's. "A video published in Al-Naba" → agent Al-Naba.
fn published_in(c: &Clause<'_, '_>, event: &mut DocEvent) {
    if c.is_verb()
        && !c.passive
        && c.pack.is_media_verb(&c.word)
        && !event.has_role(Predicate::Agent)
        && let Some(outlet) = &c.by_phrase
    {
        event.add(c.role(Predicate::Agent, outlet, RuleId::PublishedIn, 0.7));
    }
}

/// [`RuleId::ActiveObjectTarget`]: the object of an active verb is its target, except
/// for statements and meetings. "Police arrested Ahmad Karimov" → target Ahmad Karimov.
fn active_object_target(c: &Clause<'_, '_>, event: &mut DocEvent) {
    if c.is_verb()
        && !c.passive
        && !matches!(c.kind, EventType::Statement | EventType::Meeting)
        && let Some(object) = c.object()
    {
        for item in c.with_conjuncts(object) {
            event.add(c.role(Predicate::Target, &item, RuleId::ActiveObjectTarget, 0.7));
        }
    }
}

/// [`RuleId::AddressedTarget`]: the one a statement's verb of address is aimed at (the
/// actor right after one of the pack's addressing verbs) is its target; a "that" clause
/// or a quotation after the verb is what was said, not whom it was said to; of a
/// possessive, the name owned is the one addressed. "Israel accused Hezbollah of firing
/// rockets" → target Hezbollah; "accused Afghanistan's Taliban" → target Taliban.
fn addressed_target(c: &Clause<'_, '_>, event: &mut DocEvent) {
    if !c.is_verb() || c.passive || c.kind != EventType::Statement {
        return;
    }
    let tokens = c.view.tokens(c.sentence);
    let length = c.pack.addressing_at(tokens, c.trigger);
    if length == 0 {
        return;
    }
    let after = c.trigger + length;
    let Some(object) = c.actors_after.iter().find(|s| s.first >= after) else {
        return;
    };
    // Only a determiner or lowercase modifiers may stand between: "warned the rival
    // militia", not "warned that X …" or "urged calm in X".
    let modifiers = object.first <= after + 3
        && (after..object.first).all(|j| {
            tokens[j].is_word()
                && !tokens[j].is_capitalized()
                && !c.view.lexeme(c.sentence, j).is_preposition()
                && c.view
                    .tag(c.sentence, j)
                    .is_none_or(|t| matches!(t.pos, Pos::Det | Pos::Adj))
        });
    if !modifiers {
        return;
    }
    // "accused Afghanistan's Taliban government": the possessor names whose it is; the
    // name it owns is the one addressed.
    let owned = c.actors_after.iter().find(|s| {
        s.first >= object.last
            && s.first <= object.last + 2
            && s.entity != object.entity
            && c.view
                .text
                .get(object.span.end..s.span.start)
                .is_some_and(|t| matches!(t, "’s " | "'s "))
    });
    for item in c.with_conjuncts(owned.unwrap_or(object)) {
        event.add(c.role(Predicate::Target, &item, RuleId::AddressedTarget, 0.7));
    }
}

/// [`RuleId::MeasureTarget`]: a statement that imposes, lifts or revokes a measure (the
/// pack's measure nouns) is aimed at the one the measure's preposition names; of a
/// possessive, the name owned. "The US announced sanctions on Iran" → target Iran;
/// "revoked the designation of Al-Nusrah Front" → target Al-Nusrah Front.
fn measure_target(c: &Clause<'_, '_>, event: &mut DocEvent) {
    if !c.is_verb() || c.passive || c.kind != EventType::Statement {
        return;
    }
    let tokens = c.view.tokens(c.sentence);
    let Some(measure) = (c.trigger + 1..c.reach).find(|&j| c.pack.is_measure_noun(tokens[j].text))
    else {
        return;
    };
    // "sanctions on X", "sanctions program on X", "designation for X".
    let Some(preposition) = (measure + 1..(measure + 3).min(c.reach)).find(|&j| {
        c.pack.preposition_any(
            tokens[j].text,
            &[Meaning::Object, Meaning::Genitive, Meaning::Affiliation],
        )
    }) else {
        return;
    };
    if (measure + 1..preposition).any(|j| !tokens[j].is_word() || tokens[j].is_capitalized()) {
        return;
    }
    let Some(object) = c
        .actors_after
        .iter()
        .find(|s| s.first > preposition && !preceded_by_preposition_other(c, s.first, preposition))
        .filter(|s| s.first <= preposition + 3)
    else {
        return;
    };
    // "for Syria's HTS": the possessor names whose it is; the name owned is the one aimed at.
    let owned = c.actors_after.iter().find(|s| {
        s.first >= object.last
            && s.first <= object.last + 2
            && s.entity != object.entity
            && c.view.possessive_after(object)
    });
    for item in c.with_conjuncts(owned.unwrap_or(object)) {
        event.add(c.role(Predicate::Target, &item, RuleId::MeasureTarget, 0.65));
    }
}

/// True when a preposition after `floor` governs the phrase at `first`: it belongs to
/// another phrase, not to the one that opens at `floor`.
fn preceded_by_preposition_other(c: &Clause<'_, '_>, first: usize, floor: usize) -> bool {
    (floor + 1..first).any(|j| c.view.lexeme(c.sentence, j).is_preposition())
}

/// [`RuleId::InvertedSpeaker`]: after a quotation the speech verb comes before its
/// speaker. "'We will respond,' said Mirziyoyev" → agent Mirziyoyev.
fn inverted_speaker(c: &Clause<'_, '_>, event: &mut DocEvent) {
    if c.is_verb()
        && !c.passive
        && c.kind == EventType::Statement
        && event.roles.is_empty()
        && c.pack.is_inverting_speech_verb(&c.word)
        && inverted_position(c)
        && let Some(speaker) = c.object()
    {
        event.add(c.role(Predicate::Agent, speaker, RuleId::InvertedSpeaker, 0.8));
    }
}

/// True when the verb follows the quotation or clause it reports ("…,' said X", "…,
/// said X"), not its own subject ("Prosecutors said that X …").
fn inverted_position(c: &Clause<'_, '_>) -> bool {
    c.trigger == 0
        || c.view.tokens(c.sentence)[c.trigger - 1]
            .text
            .chars()
            .all(|ch| !ch.is_alphanumeric())
}

/// True when the slot is the possessor of an event noun that the pack says its possessor
/// undergoes (subject `target`), with no object phrase after the noun to take that role:
/// "X's arrest", not "X's arrest of Y".
fn possessor_undergoes(c: &Clause<'_, '_>, slot: &Slot) -> bool {
    c.subject_role == SubjectRole::Target
        && c.view.possessive_after(slot)
        && !c
            .view
            .lexeme(c.sentence, c.trigger + 1)
            .preposition(Meaning::Genitive)
}

/// [`RuleId::PossessorTarget`]: the possessor of an event noun the pack marks with
/// subject `target` undergoes it, unless an object phrase follows the noun. "Omar
/// Haddad's abduction near Gao" → target Omar Haddad; "the army's arrest of three
/// smugglers" → no target (the army is the agent).
fn possessor_target(c: &Clause<'_, '_>, event: &mut DocEvent) {
    if c.is_verb() {
        return;
    }
    let targets: Vec<Slot> = c
        .noun_modifiers()
        .filter(|s| s.is_actor() && !is_place_name(c.view, s) && possessor_undergoes(c, s))
        .copied()
        .collect();
    for slot in &targets {
        event.add(c.role(Predicate::Target, slot, RuleId::PossessorTarget, 0.7));
    }
}

/// [`RuleId::NounModifierAgent`]: an actor named before an event noun carries it out,
/// unless it is a country named as a place, or a possessor that undergoes it
/// ([`RuleId::PossessorTarget`]). "The ISKP attack" → agent ISKP; "the Russian
/// deportation" → agent Russia.
fn noun_modifier_agent(c: &Clause<'_, '_>, event: &mut DocEvent) {
    if c.is_verb() {
        return;
    }
    let agents: Vec<Slot> = c
        .noun_modifiers()
        .filter(|s| s.is_actor() && !is_place_name(c.view, s) && !possessor_undergoes(c, s))
        .copied()
        .collect();
    for slot in &agents {
        event.add(c.role(Predicate::Agent, slot, RuleId::NounModifierAgent, 0.7));
    }
}

/// [`RuleId::NounModifierPlace`]: a place named before an event noun is where it
/// happened. "The Kerman bombings" → occurred in Kerman; "the Moscow attack" → Moscow.
fn noun_modifier_place(c: &Clause<'_, '_>, event: &mut DocEvent) {
    if c.is_verb() {
        return;
    }
    let places: Vec<Slot> = c
        .noun_modifiers()
        .filter(|s| s.is_place() && (!s.is_actor() || is_place_name(c.view, s)))
        .copied()
        .collect();
    for slot in &places {
        event.add(c.role(Predicate::OccurredIn, slot, RuleId::NounModifierPlace, 0.7));
    }
}

/// [`RuleId::ActiveSubjectAgent`] for a statement noun in a phrase of medium after a
/// verb: the verb's subject speaks through it, whether or not the verb is a trigger.
/// "Al-Shabaab boasted in a video" → agent Al-Shabaab; "X, a researcher at Y, said in an
/// interview" → agent X.
fn medium_subject_agent(c: &Clause<'_, '_>, event: &mut DocEvent) {
    if c.is_verb() || c.kind != EventType::Statement || event.has_role(Predicate::Agent) {
        return;
    }
    let tokens = c.view.tokens(c.sentence);
    // The verb the phrase follows: its subject, read as for any verb there.
    let Some(verb) = preposition_before(c, c.trigger, Meaning::Medium)
        .and_then(|p| p.checked_sub(1))
        .filter(|&v| v > c.clause_start && tokens[v].is_word())
    else {
        return;
    };
    if let Some(subject) = subject_of_verb(c, verb) {
        event.add(c.role(Predicate::Agent, &subject, RuleId::ActiveSubjectAgent, 0.7));
    }
}

/// The subject of another verb of the clause than its trigger (the verb a medium phrase
/// or an event noun's support verb follows), read from the actors before that verb.
fn subject_of_verb(c: &Clause<'_, '_>, verb: usize) -> Option<Slot> {
    let before: Vec<Slot> = c
        .actors_before
        .iter()
        .filter(|s| s.last <= verb)
        .copied()
        .collect();
    subject_of(c.view, c.sentence, &before, verb, c.clause_start)
}

/// The verb an event noun is the object of when that verb only says its subject
/// carried the event out (the pack's support verbs: "launched an attack", "carried out
/// two raids", "conducted a lightning offensive"): up to four lowercase words that are
/// no verbs stand between, no comma; a verb glued by a hyphen ("US-led") is a modifier.
/// The noun must be the verb's own object: a preposition between ends the verb's phrase,
/// so in "the guards led a search after the blast" the blast is not what they led.
fn support_verb_before(view: &DocView<'_>, sentence: usize, trigger: usize) -> Option<usize> {
    let tokens = view.tokens(sentence);
    let pack = view.pack(sentence);
    let (verb, length) = (trigger.saturating_sub(5)..trigger)
        .rev()
        .map(|v| (v, pack.support_verb_at(tokens, v)))
        .find(|&(v, n)| n > 0 && v + n <= trigger)?;
    let between = (verb + length..trigger).all(|j| {
        let t = &tokens[j];
        let word = view.word(sentence, j);
        t.is_word()
            && !t.is_capitalized()
            && !pack.is_preposition(&word)
            && !pack.preposition_any(&word, &[Meaning::Time, Meaning::Bound])
            && view
                .tag(sentence, j)
                .is_none_or(|t| !matches!(t.pos, Pos::Verb | Pos::Adp))
    });
    let glued = verb > 0 && tokens[verb].span.start == tokens[verb - 1].span.end;
    (between && !glued && tokens[verb].text.starts_with(char::is_lowercase)).then_some(verb)
}

/// [`RuleId::SupportVerbAgent`]: the subject of a support verb carries out the event
/// noun that is its object. "The Sayed Brigade launched a rocket attack on the base" →
/// agent Sayed Brigade.
fn support_verb_agent(c: &Clause<'_, '_>, event: &mut DocEvent) {
    if c.is_verb() || event.has_role(Predicate::Agent) {
        return;
    }
    let Some(verb) = support_verb_before(c.view, c.sentence, c.trigger)
        .filter(|&v| v > c.clause_start && v >= c.from)
    else {
        return;
    };
    // "was launched by": a passive names its agent with "by".
    if c.pack.function(
        &c.view.word(c.sentence, verb - 1),
        Function::PassiveAuxiliary,
    ) {
        return;
    }
    if let Some(subject) = subject_of_verb(c, verb) {
        event.add(c.role(Predicate::Agent, &subject, RuleId::SupportVerbAgent, 0.7));
    }
}

/// [`RuleId::NounByAgent`]: the agentive phrase of an event noun is its agent. "The
/// attack by Islamic State militants" → agent Islamic State.
fn noun_by_agent(c: &Clause<'_, '_>, event: &mut DocEvent) {
    if !c.is_verb()
        && let Some(agent) = &c.by_phrase
    {
        event.add(c.role(Predicate::Agent, agent, RuleId::NounByAgent, 0.8));
    }
}

/// [`RuleId::NounObjectTarget`]: the actor after an event noun's object preposition is
/// its target, unless "on" names a country as the site. "The attack on the Taliban" →
/// target Taliban; "the deportation of Tajik migrants" → target Tajikistan.
fn noun_object_target(c: &Clause<'_, '_>, event: &mut DocEvent) {
    if c.is_verb() {
        return;
    }
    if let Some((object, site)) = c.noun_object()
        && object.is_actor()
        && !(site && is_place_name(c.view, object))
    {
        for item in c.with_conjuncts(object) {
            event.add(c.role(Predicate::Target, &item, RuleId::NounObjectTarget, 0.7));
        }
    }
}

/// [`RuleId::NounObjectPlace`]: a place after an event noun's object preposition is
/// where it happened. "The attack on Kabul airport" → occurred in Kabul airport.
fn noun_object_place(c: &Clause<'_, '_>, event: &mut DocEvent) {
    if c.is_verb() {
        return;
    }
    if let Some((object, site)) = c.noun_object()
        && object.is_place()
        && (!object.is_actor() || site && is_place_name(c.view, object))
    {
        event.add(c.role(Predicate::OccurredIn, object, RuleId::NounObjectPlace, 0.7));
    }
}

/// [`RuleId::MeetingParticipant`]: every person or organisation a meeting's clause
/// names, outside place phrases, takes part (another clause of the sentence tells
/// something else: "…'s visit came as the group claimed the attack"); a meeting has no directed roles, so the
/// actors the other rules read as its agent or target take part too (it runs last).
/// "Putin met the SCO secretary-general" → participants Putin and SCO.
fn meeting_participant(c: &Clause<'_, '_>, event: &mut DocEvent) {
    if c.kind != EventType::Meeting {
        return;
    }
    let mut roles = std::mem::take(&mut event.roles);
    for role in &mut roles {
        if matches!(role.predicate, Predicate::Agent | Predicate::Target) {
            role.predicate = Predicate::Participant;
            role.rule = RuleId::MeetingParticipant;
        }
    }
    for role in roles {
        event.add(role);
    }
    let end = c.view.clause_end(c.sentence, c.trigger);
    for slot in c.view.slots[c.sentence].iter().filter(|s| {
        s.is_actor()
            && s.first >= c.clause_start
            && s.first < end
            && s.kind != EntityType::Country
            && !c.view.preceded_by_locative(c.sentence, s.first)
    }) {
        event.add(c.role(
            Predicate::Participant,
            slot,
            RuleId::MeetingParticipant,
            0.6,
        ));
    }
}

/// [`RuleId::LocativePhrase`]: places in a locative phrase after the trigger, with the
/// places listed after them, and the places each one lies in: the phrase goes on past
/// the trigger's window while a place follows the last one closely ("killed … in the
/// remote IK-19 penal colony in the southwestern Volgograd region"). "Gunmen attacked a
/// mosque in Kunduz, Afghanistan" → occurred in Kunduz and Afghanistan.
fn locative_phrase(c: &Clause<'_, '_>, event: &mut DocEvent) {
    let end = c.reach.min(c.trigger + 14);
    let mut places = c.view.places_after(c.sentence, c.trigger + 1, end);
    if let Some(mut last) = places.last().copied() {
        for place in c.view.places_after(c.sentence, end, c.reach) {
            if place.first > last.last + 4 {
                break;
            }
            places.push(place);
            last = place;
        }
    }
    places.extend(destinations(c, end));
    for place in places {
        event.add(c.role(Predicate::OccurredIn, &place, RuleId::LocativePhrase, 0.7));
    }
}

/// Where a visit or a deployment goes is where it happens: the places after a
/// preposition of direction ("a state visit to Ethiopia", "deployed troops to Mali").
/// Where one comes from is not ("a delegation from Syria").
fn destinations(c: &Clause<'_, '_>, end: usize) -> Vec<Slot> {
    if !matches!(c.kind, EventType::Meeting | EventType::Deployment) {
        return Vec::new();
    }
    c.view.slots[c.sentence]
        .iter()
        .filter(|s| s.first > c.trigger + 1 && s.first < end && s.is_place())
        .filter(|s| {
            preposition_before(c, s.first, Meaning::Path)
                .is_some_and(|p| !c.view.lexeme(c.sentence, p).preposition(Meaning::Origin))
        })
        .copied()
        .collect()
}

/// The preposition of `meaning` that opens the phrase ending before `at`, up to three
/// words back: articles, numbers and lowercase modifiers may stand between ("in two
/// communiqués", "to the remote north of").
fn preposition_before(c: &Clause<'_, '_>, at: usize, meaning: Meaning) -> Option<usize> {
    let tokens = c.view.tokens(c.sentence);
    for before in (at.saturating_sub(3)..at).rev() {
        if c.view.lexeme(c.sentence, before).preposition(meaning) {
            return Some(before);
        }
        if tokens[before].is_capitalized() || !tokens[before].is_word() {
            return None;
        }
    }
    None
}

/// [`RuleId::LocativePhraseBefore`]: a locative phrase opening the clause before a verb
/// trigger, when no earlier trigger claims it. "In Kunduz, gunmen attacked a mosque" →
/// occurred in Kunduz.
fn locative_phrase_before(c: &Clause<'_, '_>, event: &mut DocEvent) {
    if !c.is_verb() || !c.first_trigger {
        return;
    }
    for place in c.view.places_after(c.sentence, c.from, c.trigger) {
        if !event.has(Predicate::Target, place.entity) && !event.has(Predicate::Agent, place.entity)
        {
            event.add(c.role(
                Predicate::OccurredIn,
                &place,
                RuleId::LocativePhraseBefore,
                0.6,
            ));
        }
    }
}

fn read_event(
    view: &DocView<'_>,
    sentence: usize,
    found: &Found,
    neighbours: (Option<usize>, Option<usize>),
    event_subject: bool,
) -> Option<DocEvent> {
    let trigger = found.index;
    if generic_plural(view, sentence, trigger, found.form)
        || irrealis(view, sentence, trigger, found.form)
    {
        return None;
    }
    let clause = Clause::read(view, sentence, found, neighbours, event_subject);
    let mut event = DocEvent {
        head: (found.form == Form::Noun).then(|| view.word(sentence, trigger)),
        ongoing: progressive(view, sentence, trigger),
        ..DocEvent::told(view, sentence, found.kind)
    };
    for rule in ROLE_RULES {
        rule(&clause, &mut event);
    }
    event.date = date_of(
        view,
        sentence,
        trigger,
        (clause.from, clause.reach),
        (
            clause.is_verb(),
            clause.is_verb() && found.kind == EventType::Statement,
        ),
    );
    if found.kind == EventType::Attack {
        let span = view.sentences[sentence].span;
        (event.killed, event.injured) = clause.pack.casualties(&view.text[span.start..span.end]);
    }
    event.anaphoric = refers_back(&clause, &event);
    event.known = clause.form.is_noun() && named_known(&clause);
    if event.anaphoric && object_of_other_verb(view, sentence, found, neighbours.0) {
        event.date = date_after_noun(view, sentence, trigger);
    }
    event.distinct = one_more(&clause);
    // Statements need a speaker; everything needs an anchor, unless it refers back.
    if found.kind == EventType::Statement
        && (!event.has_role(Predicate::Agent)
            || reporter_speaking(&clause)
            || source_tag(view, sentence, trigger))
    {
        return None;
    }
    if event.roles.is_empty() && event.date.is_none() && !event.anaphoric && event.forces.is_empty()
    {
        return None;
    }
    event
        .mentions
        .push(mention_span(view, sentence, trigger, clause.reach));
    Some(event)
}

/// True when an event noun is the object of the verb of another kind of happening right
/// before it in its clause: "condemned the attack", "investigated the bombing". The
/// clause's dates are that verb's ("condemned the attack in a post on Wednesday").
fn object_of_other_verb(
    view: &DocView<'_>,
    sentence: usize,
    noun: &Found,
    previous: Option<usize>,
) -> bool {
    previous
        .and_then(|p| trigger_at(view, sentence, p))
        .is_some_and(|verb| {
            !verb.form.is_noun()
                && verb.kind != noun.kind
                && noun.index <= verb.index + 3
                && view.clause_start(sentence, noun.index) <= verb.index
        })
}

/// A date written right after an event noun, in its own phrase: "the attack on Sunday",
/// "the bombing of 3 May".
fn date_after_noun(view: &DocView<'_>, sentence: usize, noun: usize) -> Option<String> {
    let tokens = view.tokens(sentence);
    view.dates[sentence]
        .iter()
        .find(|d| {
            tokens
                .iter()
                .position(|t| t.span.start >= d.span.start)
                .is_some_and(|first| first > noun && first <= noun + 2)
        })
        .map(|d| d.iso.clone())
}

/// "This attack", "the recent attack" refer back to an event already told; "the Beslan
/// school massacre" names one, and a noun with a place of its own is a new one.
fn refers_back(c: &Clause<'_, '_>, event: &DocEvent) -> bool {
    if c.is_verb() || c.form == Form::Plural {
        return false;
    }
    let tokens = c.view.tokens(c.sentence);
    let anchored_place = event
        .entities(Predicate::OccurredIn)
        .any(|e| c.view.kind(e) == EntityType::Location);
    let named =
        (c.trigger.saturating_sub(3)..c.trigger).any(|j| tokens[j].is_capitalized() && j > 0);
    definite(c) && !named && !anchored_place
}

/// True when a definite article opens the event noun's phrase, names and the pack's
/// event modifiers between: "the Moscow attack", "the Crocus City Hall attack", "the
/// recent attack" (see [`DocEvent::known`]).
fn named_known(c: &Clause<'_, '_>) -> bool {
    let tokens = c.view.tokens(c.sentence);
    let mut i = c.trigger;
    while i > c.clause_start && c.trigger - i < 6 {
        let t = &tokens[i - 1];
        if !(t.is_capitalized() && i - 1 > 0
            || c.pack.event_modifier(t.text, ModifierUse::Modifier))
        {
            break;
        }
        i -= 1;
    }
    i > 0
        && c.view
            .lexeme(c.sentence, i - 1)
            .function(Function::Definite)
}

/// True when the nearest determiner in the three words before the trigger is definite:
/// "the attack", "the Moscow attack", not "an attack".
fn definite(c: &Clause<'_, '_>) -> bool {
    let determiner = (c.trigger.saturating_sub(3)..c.trigger).rev().find(|&j| {
        let lexeme = c.view.lexeme(c.sentence, j);
        lexeme.function(Function::Definite) || lexeme.function(Function::Indefinite)
    });
    determiner.is_some_and(|j| c.view.lexeme(c.sentence, j).function(Function::Definite))
}

/// "A second arrest", "another attack", "a fresh raid": a noun counted as one more of
/// its kind names a happening besides the one told before (see [`DocEvent::distinct`]).
fn one_more(c: &Clause<'_, '_>) -> bool {
    let tokens = c.view.tokens(c.sentence);
    c.form.is_noun()
        && (c.trigger.saturating_sub(3)..c.trigger)
            .any(|j| c.pack.event_modifier(tokens[j].text, ModifierUse::Distinct))
}

/// The subject of a verb: the nearest actor before it that is not inside a
/// prepositional phrase or an apposition to a place, nor glued by a hyphen to a modifier
/// of the noun ("the Greek-owned vessel was attacked": not Greece). A clause opened by a relative
/// pronoun after a comma takes the actor before the comma.
fn subject_of(
    view: &DocView<'_>,
    sentence: usize,
    before: &[Slot],
    trigger: usize,
    clause_start: usize,
) -> Option<Slot> {
    let tokens = view.tokens(sentence);
    let slots = &view.slots[sentence];
    let pack = view.pack(sentence);
    // "security sources said": a common noun right before a speech verb is its subject.
    if trigger > 0 && pack.is_speech_verb(tokens[trigger].text) {
        let previous = &tokens[trigger - 1];
        let function = |role: Function| pack.function(previous.text, role);
        let noun = previous.is_word()
            && previous.text.starts_with(char::is_lowercase)
            && !previous.text.ends_with("ly")
            && !function(Function::PassiveAuxiliary)
            && !function(Function::PerfectAuxiliary)
            && !function(Function::Adverb)
            && !function(Function::Relative);
        if noun {
            // "a senior Hamas official said": a member noun speaks for the actor
            // named before it.
            let member = pack.role(previous.text, Predicate::MemberOf)
                || pack.role(previous.text, Predicate::LeaderOf);
            return member
                .then(|| {
                    slots
                        .iter()
                        .rev()
                        .find(|s| {
                            s.is_actor()
                                && s.last < trigger
                                && s.last + 3 >= trigger
                                && !view.text[s.span.end..tokens[trigger - 1].span.start]
                                    .contains(['’', '\''])
                        })
                        .copied()
                })
                .flatten();
        }
    }
    // "Ulf Laessing, head of the programme at the Foundation, said": a person set off by
    // an apposition before the verb is its subject, not the body the apposition names.
    if trigger >= 3 && tokens[trigger - 1].text == "," {
        let opening = (trigger.saturating_sub(16)..trigger - 1)
            .rev()
            .find(|&k| tokens[k].text == ",");
        if let Some(opening) = opening
            && let Some(person) = slots
                .iter()
                .find(|s| s.last == opening && s.kind == EntityType::Person)
        {
            return Some(*person);
        }
    }
    if clause_start >= 2
        && view
            .lexeme(sentence, clause_start - 1)
            .function(Function::Relative)
        && tokens[clause_start - 2].text == ","
    {
        return slots
            .iter()
            .rev()
            .find(|s| s.last + 2 == clause_start && s.is_actor())
            .copied();
    }
    if let Some(holder) = before
        .last()
        .filter(|s| s.kind == EntityType::Organization && s.last == trigger)
        .and_then(|s| office_holder(view, sentence, s))
    {
        return Some(holder);
    }
    before.iter().rev().copied().find(|s| {
        let after_place = slots.iter().any(|p| {
            p.is_place()
                && p.last + 1 == s.first
                && tokens.get(p.last).is_some_and(|t| t.text == ",")
        });
        !preceded_by_preposition(view, sentence, s.first)
            && !after_place
            && !possessor_of_role(view, sentence, s)
            && !addressee(view, sentence, s)
            && !view.hyphen_after(s)
            && !view.hyphen_before(s)
            && s.last + 12 >= trigger
    })
}

/// "A security official told AP that he was killed": the one a speech verb addresses
/// hears the "that" clause after it, and is not its subject.
fn addressee(view: &DocView<'_>, sentence: usize, slot: &Slot) -> bool {
    let tokens = view.tokens(sentence);
    let pack = view.pack(sentence);
    // "told the BBC": an article may stand between.
    let mut i = slot.first;
    if i > 0 && view.lexeme(sentence, i - 1).function(Function::Article) {
        i -= 1;
    }
    // The clause it hears follows: "told X that …" (not "said X fighters had …").
    let hears = view
        .tag(sentence, slot.last)
        .is_some_and(|t| t.pos == Pos::Sconj);
    hears && i > 0 && pack.is_speech_verb(tokens[i - 1].text)
}

/// "Uzbekistan’s president said": the state owns the role; the speaker is the person
/// holding it, not the state.
fn possessor_of_role(view: &DocView<'_>, sentence: usize, slot: &Slot) -> bool {
    view.possessive_after(slot)
        && view
            .pack(sentence)
            .title_use(&view.word(sentence, slot.last + 1), TitleUse::Title)
}

/// True when a preposition governs the slot, perhaps through a determiner or two.
fn preceded_by_preposition(view: &DocView<'_>, sentence: usize, first: usize) -> bool {
    let mut i = first;
    for _ in 0..3 {
        if i == 0 {
            return false;
        }
        let lexeme = view.lexeme(sentence, i - 1);
        if lexeme.is_preposition() {
            return true;
        }
        if !lexeme.function(Function::Determiner) {
            return false;
        }
        i -= 1;
    }
    false
}

/// "The Commander of the Varno Border Guard told journalists": the body whose office
/// opens the clause speaks through its holder, though "of" governs its name. The words
/// from the title to the body's name are capitalised, or "of" and articles.
fn office_of(view: &DocView<'_>, sentence: usize, first: usize) -> Option<usize> {
    let tokens = view.tokens(sentence);
    let pack = view.pack(sentence);
    let lower = |i: usize| tokens[i].text.starts_with(char::is_lowercase);
    let joint = |i: usize| {
        lower(i)
            && (view.lexeme(sentence, i).preposition(Meaning::Genitive)
                || view.lexeme(sentence, i).function(Function::Article))
    };
    let mut start = first;
    while start > 0
        && first - start < 10
        && (joint(start - 1) || tokens[start - 1].is_capitalized())
    {
        start -= 1;
    }
    while start < first && view.lexeme(sentence, start).function(Function::Article) {
        start += 1;
    }
    let office = start < first
        && pack.is_title_word(tokens[start].text)
        && (start + 1..first).any(|i| view.lexeme(sentence, i).preposition(Meaning::Genitive));
    (office && !preceded_by_preposition(view, sentence, start)).then_some(start)
}

/// "The Commander of the Varno Border Guard told journalists", after "in an address,
/// the Commander of the Varno Border Guard, General Ilse Marten, warned": an office that
/// opens the clause speaks through the person the document named in apposition to it.
fn office_holder(view: &DocView<'_>, sentence: usize, body: &Slot) -> Option<Slot> {
    let tokens = view.tokens(sentence);
    let start = office_of(view, sentence, body.first)?;
    let office = &view.text[tokens[start].span.start..body.span.end];
    view.slots.iter().flatten().find_map(|p| {
        if p.kind != EntityType::Person {
            return None;
        }
        let before = view.text.get(..p.span.start)?;
        let gap = before.len().saturating_sub(office.len() + 40);
        let near = before.get(gap..).or_else(|| {
            let at = (gap..before.len()).find(|&i| before.is_char_boundary(i))?;
            before.get(at..)
        })?;
        let (named, titles) = near.rsplit_once(", ")?;
        let titled = titles
            .split_whitespace()
            .all(|w| w.starts_with(char::is_uppercase));
        (titled && named.ends_with(office)).then_some(Slot {
            entity: p.entity,
            kind: EntityType::Person,
            ..*body
        })
    })
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
        let previous = tokens[start - 1].text;
        let lexeme = view.lexeme(sentence, start - 1);
        if previous.chars().all(|c| !c.is_alphanumeric())
            || lexeme.function(Function::Determiner)
            || lexeme.function(Function::Coordinator)
            || lexeme.function(Function::PassiveAuxiliary)
            || lexeme.function(Function::PerfectAuxiliary)
            || lexeme.is_preposition()
        {
            break;
        }
        start -= 1;
    }
    // The phrase ends at a comma ("the attack on X, Reuters reported") or where a
    // coordinator opens another verb ("an investigation and close the airport").
    let reach = reach.min(trigger + 9);
    let limit = (trigger + 1..reach)
        .find(|&i| {
            matches!(tokens[i].text, "," | ";")
                || view.lexeme(sentence, i).function(Function::Coordinator)
                    && view
                        .tag(sentence, i + 1)
                        .is_some_and(|t| t.pos == Pos::Verb)
        })
        .unwrap_or(reach);
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
    (from, reach): (usize, usize),
    (verb, speech): (bool, bool),
) -> Option<String> {
    let tokens = view.tokens(sentence);
    let at = tokens[trigger].span.start;
    let start = tokens.get(from).map_or(at, |t| t.span.start);
    let end = tokens
        .get(reach.saturating_sub(1))
        .map_or(usize::MAX, |t| t.span.end);
    // "a 2017 attack", "the 2019 Easter Sunday bombings": a year modifying the noun.
    if !verb {
        // Within the noun phrase: a comma ends it ("…, banned in 2015, held a protest").
        let year = (trigger.saturating_sub(4)..trigger)
            .rev()
            .take_while(|&i| tokens[i].text.chars().any(char::is_alphanumeric))
            .find_map(|i| {
                let text = tokens[i].text;
                let span = tokens[i].span;
                let written = view.dates[sentence]
                    .iter()
                    .find(|d| d.span.start <= span.start && span.end <= d.span.end);
                is_year(text).then(|| written.map_or_else(|| text.to_owned(), |d| d.iso.clone()))
            });
        if year.is_some() {
            return year;
        }
    }
    // ", which was banned on 22 October 2009,": a date inside a relative clause that does
    // not hold the trigger dates that clause's verb.
    let pack = view.pack(sentence);
    let opens_relative = |i: usize| {
        i > 0 && tokens[i - 1].text == "," && view.lexeme(sentence, i).function(Function::Relative)
    };
    let in_other_relative = |d: &DateMention| {
        let Some(date) = tokens.iter().position(|t| t.span.start >= d.span.start) else {
            return false;
        };
        if date > trigger {
            return (trigger + 1..date).any(opens_relative);
        }
        // Before the trigger: a relative clause opened before the date and closed by a
        // comma between it and the trigger.
        let opened = (0..date)
            .rev()
            .take_while(|&i| i + 12 > date)
            .any(opens_relative);
        opened && (date..trigger).any(|i| tokens[i].text == ",")
    };
    // "the second incursion since September 2021": a date that bounds a period is not
    // the time of the happening.
    let bounds_period = |d: &DateMention| {
        let Some(first) = tokens.iter().position(|t| t.span.start >= d.span.start) else {
            return false;
        };
        let bound = |i: usize| view.lexeme(sentence, i).preposition(Meaning::Bound);
        bound(first) || (first > 0 && bound(first - 1))
    };
    // "indicted the mastermind of the 2019 Easter Sunday bombings": a date that modifies
    // another event noun is that event's time, unless a preposition of time puts the
    // trigger's happening in that event ("said during the August meeting").
    let modifies_other = |d: &DateMention| {
        let Some(after) = tokens.iter().position(|t| t.span.start >= d.span.end) else {
            return false;
        };
        let first = tokens
            .iter()
            .position(|t| t.span.start >= d.span.start)
            .unwrap_or(after);
        let time = |i: usize| view.lexeme(sentence, i).preposition(Meaning::Time);
        let during = (first.saturating_sub(3)..first)
            .rev()
            .find(|&i| time(i) || pack.is_preposition(tokens[i].text))
            .is_some_and(|i| time(i) && !view.lexeme(sentence, i).preposition(Meaning::Genitive));
        !during
            && (after..tokens.len().min(after + 3))
                .take_while(|&i| {
                    i != trigger
                        && tokens[i].is_word()
                        && !view.lexeme(sentence, i).function(Function::Determiner)
                })
                .any(|i| view.trigger(sentence, i).is_some_and(|t| t.form.is_noun()))
    };
    let nearest = |within: &dyn Fn(&DateMention) -> bool| {
        view.dates[sentence]
            .iter()
            .filter(|d| {
                within(d) && !in_other_relative(d) && !bounds_period(d) && !modifies_other(d)
            })
            .min_by_key(|d| d.span.start.abs_diff(at))
            .map(|d| d.iso.clone())
    };
    // "a video circulated in October 2016 in which he pledged allegiance": a clause opened
    // by a preposition and a relative pronoun tells what happened in the thing before it
    // (a video, a meeting, a raid), at its time: the nearest date before the clause.
    let occasion = (from.max(1)..trigger)
        .find(|&i| {
            view.lexeme(sentence, i).function(Function::Relative)
                && pack.is_preposition(tokens[i - 1].text)
        })
        .map(|i| tokens[i - 1].span.start);
    nearest(&|d| d.span.start >= start && d.span.end <= end)
        .or_else(|| speech.then(|| nearest(&|_| true)).flatten())
        .or_else(|| occasion.and_then(|at| nearest(&|d| d.span.end <= at)))
}

/// [`RuleId::ClaimedResponsibility`]: "X claimed responsibility for the attack", "This
/// attack, claimed by ISIS", "The Islamic State group … claimed responsibility." — the
/// claimer attaches to the attack in the sentence, or else the latest attack of the
/// article. A claim is not an act: the claimer is not the agent unless said so.
fn claimed_responsibility(view: &DocView<'_>, events: &mut [DocEvent]) {
    for sentence in 0..view.sentences.len() {
        let tokens = view.tokens(sentence);
        let pack = view.pack(sentence);
        for (i, token) in tokens.iter().enumerate() {
            // The lexeme tells which tokens the claims list holds at all.
            if !view.lexeme(sentence, i).listed(Listed::Claim)
                || !pack.claim(token.text, ClaimPart::Verb)
            {
                continue;
            }
            let slots = &view.slots[sentence];
            let next = |k: usize| tokens.get(i + k).map_or("", |t| t.text);
            let claimer = if pack.preposition(next(1), Meaning::Agentive) {
                slots
                    .iter()
                    .find(|s| s.first > i && s.first <= i + 3 && s.kind == EntityType::Organization)
            } else if pack.claim(next(1), ClaimPart::Noun) || pack.claim(next(2), ClaimPart::Noun) {
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
                    rule: RuleId::ClaimedResponsibility,
                    confidence: 0.85,
                };
                let event = &mut events[index];
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

/// [`RuleId::NamedPatients`]: people a sentence names as those an event was done to are
/// its targets. A patient word (the pack's `patients`: "dead", "accused") before a
/// naming phrase ("identified as") or after a gathering word ("among") says whose names
/// follow; it also says the type of the event, the one of that type the sentence tells,
/// or else the latest one before it. A remainder word ("the others") continues the
/// list of the sentence before. "Among the dead were X and Y", "The accused were
/// identified as X and Y", "Those who died in the attack were named as X".
fn named_patients(view: &DocView<'_>, events: &mut [DocEvent]) {
    let mut previous: Option<(usize, usize)> = None;
    for sentence in 0..view.sentences.len() {
        let tokens = view.tokens(sentence);
        let pack = view.pack(sentence);
        // A patient word, unless a verb form of it has an object ("those who killed the
        // priest" name the attackers).
        let patient = |i: usize| {
            let kind = pack.patient_event(tokens[i].text)?;
            let next = tokens.get(i + 1);
            let object = next
                .is_some_and(|t| t.is_capitalized() || pack.function(t.text, Function::Determiner));
            (!object).then_some(kind)
        };
        let mut found = None;
        // The lexeme tells whether a function word or phrase may start at a token.
        let function_at = |i: usize, role: Function| {
            if view.lexeme(sentence, i).may_start_function(role) {
                pack.function_at(tokens, i, role)
            } else {
                0
            }
        };
        for i in 0..tokens.len() {
            let naming = function_at(i, Function::Naming);
            if naming > 0 {
                let kind = (0..i).rev().find_map(patient);
                let remainder =
                    (0..i).any(|j| view.lexeme(sentence, j).function(Function::Remainder));
                found = match kind {
                    Some(kind) => Some((i + naming, Some(kind))),
                    None if remainder => Some((i + naming, None)),
                    None => None,
                };
                break;
            }
            if function_at(i, Function::Gathering) > 0
                && let Some((at, kind)) =
                    (i + 1..tokens.len().min(i + 6)).find_map(|j| patient(j).map(|kind| (j, kind)))
            {
                found = Some((at + 1, Some(kind)));
                break;
            }
        }
        let Some((from, kind)) = found else {
            continue;
        };
        let article = view.articles[sentence];
        let index = match kind {
            Some(kind) => events
                .iter()
                .position(|e| e.kind == kind && e.sentences.contains(&sentence))
                .or_else(|| {
                    events
                        .iter()
                        .enumerate()
                        .filter(|(_, e)| e.kind == kind && e.article == article)
                        .filter_map(|(n, e)| {
                            e.sentences
                                .iter()
                                .filter(|&&s| s < sentence)
                                .max()
                                .map(|&s| (s, n))
                        })
                        .max()
                        .map(|(_, n)| n)
                }),
            // "The others …" go on with the list of the sentence before.
            None => previous.filter(|&(s, _)| s + 1 == sentence).map(|(_, n)| n),
        };
        let Some(index) = index else {
            continue;
        };
        previous = Some((sentence, index));
        for slot in view.slots[sentence]
            .iter()
            .filter(|s| s.first >= from && s.kind == EntityType::Person)
        {
            events[index].add(Role {
                predicate: Predicate::Target,
                entity: slot.entity,
                sentence,
                rule: RuleId::NamedPatients,
                confidence: 0.7,
            });
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
                into.head = into.head.take().or(event.head);
                into.anaphoric &= event.anaphoric;
                into.known &= event.known;
                into.ongoing |= event.ongoing;
                for role in event.roles {
                    into.add(role);
                }
                into.forces.extend(event.forces);
            }
            None => out.push(event),
        }
    }
    out
}

/// True when a protest is told as a procession on the move: one of its sentences holds
/// a movement cue of the pack ("the column marched through Kessa"), or it is named only
/// by a reference back ("the march") to a protest already told.
fn moving(view: &DocView<'_>, event: &DocEvent) -> bool {
    event.anaphoric
        || event.sentences.iter().any(|&s| {
            let tokens = view.tokens(s);
            (0..tokens.len()).any(|i| view.pack(s).movement_cue_at(tokens, i) > 0)
        })
}

fn same_happening(view: &DocView<'_>, a: &DocEvent, b: &DocEvent) -> bool {
    // One more of its kind is no retelling of an event told before it.
    if a.kind != b.kind
        || b.distinct
        || !osintkg_graph::dates_compatible(a.date.as_deref(), b.date.as_deref())
    {
        return false;
    }
    let specific = |e: &DocEvent| {
        e.entities(Predicate::OccurredIn)
            .filter(|&p| view.kind(p) == EntityType::Location)
            .collect::<Vec<_>>()
    };
    let (places_a, places_b) = (specific(a), specific(b));
    // A march moves: "farmers marched in Selvio ... the procession wound through Vantor
    // Square" is one protest, told in one article at each place (its dates agree).
    // Only when one side is told as on the move (a movement cue in its sentences, or a
    // bare reference back: "the march"): otherwise protests in two towns are two.
    let march = a.kind == EventType::Protest
        && a.article == b.article
        && (moving(view, a) || moving(view, b));
    if !march
        && !places_a.is_empty()
        && !places_b.is_empty()
        && places_a
            .iter()
            .all(|&p| !places_b.iter().any(|&q| same_or_part(view, a, p, q)))
    {
        return false;
    }
    // A meeting is held in one place: meetings told in different places are two.
    let all_places = |e: &DocEvent| e.entities(Predicate::OccurredIn).collect::<Vec<_>>();
    if a.kind == EventType::Meeting {
        let (all_a, all_b) = (all_places(a), all_places(b));
        if !all_a.is_empty() && !all_b.is_empty() && all_a.iter().all(|p| !all_b.contains(p)) {
            return false;
        }
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
    let same_speaker = same_article
        && a.kind == EventType::Statement
        && (!shared(Predicate::Agent).is_empty() || same_person_named(view, &agents_a, &agents_b));
    // A mention with no role of its own ("the attack on Sunday") retells an event of
    // its article with a compatible date.
    let bare = same_article && (a.roles.is_empty() || b.roles.is_empty());
    // A mention with a place but no actor ("the massacre in Solenzo") is a retelling too,
    // when its places and date agree with the event's.
    let actorless = |e: &DocEvent| {
        !e.has_role(Predicate::Agent)
            && !e.has_role(Predicate::Target)
            && !e.has_role(Predicate::ClaimedBy)
    };
    let weak = same_article && (actorless(a) || actorless(b));
    same_sentence
        || headline_pair
        || shared_participant
        || reference
        || same_speaker
        || bare
        || weak
        || shared_place
        || shared_person
        || shared_roles >= 2
}

/// True when two places are one, or one is a part of the other its name tells: "North
/// Bekasi" and "Bekasi", "Lower Austria" and "Austria" (the pack's place prefixes).
fn same_or_part(view: &DocView<'_>, event: &DocEvent, a: usize, b: usize) -> bool {
    let Some(&sentence) = event.sentences.first() else {
        return a == b;
    };
    let pack = view.pack(sentence);
    let part_of = |part: usize, whole: usize| {
        let (part, whole) = (&view.entities[part].name, &view.entities[whole].name);
        part.strip_suffix(whole.as_str())
            .and_then(|rest| rest.strip_suffix(' '))
            .is_some_and(|prefix| {
                !prefix.contains(' ') && pack.is_place_prefix(&prefix.to_lowercase())
            })
    };
    a == b || part_of(a, b) || part_of(b, a)
}

/// True when two people's names are one person's ("Franz Ruf" and "Mr Ruf", "Al Sudani"
/// and "PM Al Sudani"): their last words agree. Resolution leaves a surname alone when
/// its full name is not near; a speaker's statements in one article are still one.
fn same_person_named(view: &DocView<'_>, a: &[usize], b: &[usize]) -> bool {
    let surname = |e: usize| {
        (view.kind(e) == EntityType::Person)
            .then(|| view.entities[e].name.split_whitespace().next_back())
            .flatten()
            .map(str::to_lowercase)
    };
    a.iter()
        .filter_map(|&x| surname(x))
        .any(|x| b.iter().filter_map(|&y| surname(y)).any(|y| x == y))
}

#[cfg(test)]
mod tests {
    //! Each rule on the example its documentation gives, in a sentence written for it.
    use super::*;
    use crate::Document;
    use crate::rule::example::{BUNDLED, misses, reads};
    use osintkg_graph::DocumentMeta;

    /// The mentions of the events `text` tells.
    fn event_mentions(text: &str) -> Vec<String> {
        let record = BUNDLED.extract(&Document::new("mention", text, DocumentMeta::default()));
        record
            .entities
            .iter()
            .filter(|e| e.event_type.is_some())
            .flat_map(|e| e.mentions.clone())
            .collect()
    }

    #[test]
    fn a_mention_ends_at_a_comma_or_where_another_verb_begins() {
        let mentions = event_mentions(
            "The bombing of the Jolo cathedral in Sulu, Reuters reported, killed 20 people.",
        );
        assert!(mentions.iter().any(|m| m.ends_with("Sulu")), "{mentions:?}");
        assert!(
            !mentions.iter().any(|m| m.contains("Reuters")),
            "{mentions:?}"
        );
        let mentions = event_mentions(
            "Pakistani police opened an investigation and closed the airport in Quetta.",
        );
        assert!(
            !mentions.iter().any(|m| m.contains("Quetta")),
            "{mentions:?}"
        );
    }

    #[test]
    fn passive_by_agent_example() {
        reads(
            RuleId::PassiveByAgent,
            "Four suspects were arrested by the Taliban in Kabul.",
            None,
            Predicate::Agent,
            "Taliban",
        );
    }

    #[test]
    fn passive_subject_target_example() {
        reads(
            RuleId::PassiveSubjectTarget,
            "Eight Tajik nationals were arrested in New York on Tuesday.",
            None,
            Predicate::Target,
            "Tajikistan",
        );
    }

    #[test]
    fn active_subject_agent_example() {
        reads(
            RuleId::ActiveSubjectAgent,
            "The Taliban attacked a checkpoint in Kunduz.",
            None,
            Predicate::Agent,
            "Taliban",
        );
    }

    #[test]
    fn an_office_speaks_through_the_person_named_for_it() {
        let named = "Two fishing boats carrying rifles were seized near Orlo on Tuesday. \
            In a televised address, the Commander of the Varno Border Guard, General Ilse \
            Marten, warned that more shipments were on their way. The Commander of the Varno \
            Border Guard told journalists that both crews had been handed to prosecutors.";
        reads(
            RuleId::ActiveSubjectAgent,
            named,
            None,
            Predicate::Agent,
            "Ilse Marten",
        );
        misses(
            RuleId::ActiveSubjectAgent,
            named,
            None,
            Predicate::Agent,
            "Varno Border Guard",
        );
    }

    fn protests(text: &str) -> usize {
        let record = BUNDLED.extract(&Document::new("march", text, DocumentMeta::default()));
        record
            .entities
            .iter()
            .filter(|e| e.event_type == Some(EventType::Protest))
            .count()
    }

    #[test]
    fn a_march_told_at_each_place_it_passes_is_one_protest() {
        let moving = "Farmers angry at a new water levy marched in Selvio on Monday, according \
             to local radio. Setting off from the grain exchange at dawn, the procession wound \
             through Vantor Square to the prefecture, where riot officers turned it back.";
        assert_eq!(protests(moving), 1);
        let two_towns = "Several thousand teachers marched in Selvio on Monday to demand unpaid \
             wages. In Ardena, some three hundred nursing students marched outside the regional \
             hospital on the same day.";
        assert_eq!(protests(two_towns), 2);
    }

    #[test]
    fn pronoun_speaker_example() {
        reads(
            RuleId::PronounSpeaker,
            "Foreign Minister Lena Varga arrived in Tunis on Monday. She condemned the bombing.",
            None,
            Predicate::Agent,
            "Lena Varga",
        );
        misses(
            RuleId::PronounSpeaker,
            "Foreign Minister Lena Varga arrived in Tunis on Monday. The ministry condemned the bombing.",
            None,
            Predicate::Agent,
            "Lena Varga",
        );
    }

    #[test]
    fn assumed_leadership_example() {
        reads(
            RuleId::AssumedLeadership,
            "Abu Hafs al-Hashimi assumed the leadership of the group last year.",
            None,
            Predicate::Target,
            "Abu Hafs al-Hashimi",
        );
    }

    #[test]
    fn published_in_example() {
        reads(
            RuleId::PublishedIn,
            "A new video published in Al-Naba praised the fighters.",
            None,
            Predicate::Agent,
            "Al-Naba",
        );
    }

    #[test]
    fn active_object_target_example() {
        reads(
            RuleId::ActiveObjectTarget,
            "Pakistani forces attacked the Taliban near the border on Monday.",
            None,
            Predicate::Target,
            "Taliban",
        );
    }

    #[test]
    fn addressed_target_example() {
        reads(
            RuleId::AddressedTarget,
            "Afghanistan warned Pakistan against further air strikes.",
            None,
            Predicate::Target,
            "Pakistan",
        );
        misses(
            RuleId::AddressedTarget,
            "Afghanistan warned that Pakistan would strike again.",
            None,
            Predicate::Target,
            "Pakistan",
        );
    }

    #[test]
    fn measure_target_example() {
        reads(
            RuleId::MeasureTarget,
            "The European Union announced new sanctions on Iran on Monday.",
            None,
            Predicate::Target,
            "Iran",
        );
    }

    #[test]
    fn inverted_speaker_example() {
        reads(
            RuleId::InvertedSpeaker,
            "“We will respond,” said Shavkat Mirziyoyev.",
            None,
            Predicate::Agent,
            "Shavkat Mirziyoyev",
        );
    }

    #[test]
    fn possessor_target_example() {
        reads(
            RuleId::PossessorTarget,
            "Omar Haddad's abduction near Gao was confirmed on Monday.",
            None,
            Predicate::Target,
            "Omar Haddad",
        );
        misses(
            RuleId::PossessorTarget,
            "The Sayed Brigade's abduction of two engineers near Gao was confirmed.",
            None,
            Predicate::Target,
            "Sayed Brigade",
        );
    }

    #[test]
    fn support_verb_agent_example() {
        reads(
            RuleId::SupportVerbAgent,
            "The Sayed Brigade launched a rocket attack on the base near Hama.",
            None,
            Predicate::Agent,
            "Sayed Brigade",
        );
    }

    #[test]
    fn support_verb_object_ends_at_a_preposition() {
        misses(
            RuleId::SupportVerbAgent,
            "The Sayed Brigade led a search of the camp after the bombing near Hama.",
            None,
            Predicate::Agent,
            "Sayed Brigade",
        );
        misses(
            RuleId::SupportVerbAgent,
            "The Sayed Brigade carried wounded fighters from the bombing near Hama.",
            None,
            Predicate::Agent,
            "Sayed Brigade",
        );
    }

    #[test]
    fn noun_modifier_agent_example() {
        reads(
            RuleId::NounModifierAgent,
            "The ISKP attack shocked the region.",
            None,
            Predicate::Agent,
            "ISKP",
        );
    }

    #[test]
    fn noun_modifier_place_example() {
        reads(
            RuleId::NounModifierPlace,
            "The Kerman bombings shocked the region.",
            None,
            Predicate::OccurredIn,
            "Kerman",
        );
    }

    #[test]
    fn noun_by_agent_example() {
        reads(
            RuleId::NounByAgent,
            "The attack by the Taliban shocked the region.",
            None,
            Predicate::Agent,
            "Taliban",
        );
    }

    #[test]
    fn noun_object_target_example() {
        reads(
            RuleId::NounObjectTarget,
            "The attack on the Taliban shocked the region.",
            None,
            Predicate::Target,
            "Taliban",
        );
    }

    #[test]
    fn noun_object_place_example() {
        reads(
            RuleId::NounObjectPlace,
            "The attack on Kabul airport shocked the region.",
            None,
            Predicate::OccurredIn,
            "Kabul airport",
        );
    }

    #[test]
    fn meeting_participant_example() {
        reads(
            RuleId::MeetingParticipant,
            "Officials from the European Union met the Taliban in Doha on Monday.",
            None,
            Predicate::Participant,
            "Taliban",
        );
    }

    #[test]
    fn locative_phrase_example() {
        reads(
            RuleId::LocativePhrase,
            "Gunmen attacked a mosque in Kunduz.",
            None,
            Predicate::OccurredIn,
            "Kunduz",
        );
    }

    #[test]
    fn locative_phrase_before_example() {
        reads(
            RuleId::LocativePhraseBefore,
            "In Kunduz, gunmen attacked a mosque.",
            None,
            Predicate::OccurredIn,
            "Kunduz",
        );
    }

    #[test]
    fn named_patients_example() {
        reads(
            RuleId::NamedPatients,
            "Gunmen attacked a hotel in Mogadishu. Among the dead were Ahmed Farah and Ali Hassan.",
            None,
            Predicate::Target,
            "Ali Hassan",
        );
    }

    #[test]
    fn claimed_responsibility_example() {
        reads(
            RuleId::ClaimedResponsibility,
            "Gunmen attacked a mosque in Kunduz. The Islamic State claimed responsibility.",
            None,
            Predicate::ClaimedBy,
            "Islamic State",
        );
    }
}
