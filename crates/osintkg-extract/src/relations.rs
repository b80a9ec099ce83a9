//! Relations between entities, from general patterns of English news prose.
//!
//! Each pattern is a small reading of one construction: an apposition naming a role
//! ("Sanaullah Ghafari, Emir of ISIS-K"), a possessive ("Uzbekistan's State Security
//! Service"), a prepositional attachment ("Peshawar in Pakistan", "Kerman, Iran"), a
//! list with "from" ("X, 29, and Y, 28, from Uzbekistan"), or a verb of hostility or
//! cooperation between two actors. World knowledge adds only what the text makes
//! relevant: a branch and its parent, or an agency and its state, both named.

use crate::events::DocEvent;
use crate::gazetteer::Gazetteer;
use crate::lexicon::WordList;
use crate::view::{DocView, Slot, preceded_by_locative};
use osintkg_graph::{EntityType, EventType, Predicate};

/// A relation between two entities of a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    /// Subject entity.
    pub subject: usize,
    /// The relation.
    pub predicate: Predicate,
    /// Object entity.
    pub object: usize,
    /// The sentence that states it.
    pub sentence: usize,
    /// The pattern that read it.
    pub rule: &'static str,
    /// Confidence in `[0, 1]`.
    pub confidence: f64,
}

static LEADER_ROLES: WordList = WordList::new(&[
    "leader",
    "head",
    "chief",
    "emir",
    "amir",
    "caliph",
    "president",
    "director",
    "commander",
    "chairman",
    "chairwoman",
    "founder",
    "king",
    "governor",
    "boss",
    "premier",
    "secretary",
    "minister",
    "chancellor",
    "ruler",
]);
static MEMBER_ROLES: WordList = WordList::new(&[
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "member",
    "members",
    "militant",
    "militants",
    "fighter",
    "fighters",
    "operative",
    "operatives",
    "official",
    "officials",
    "ideologue",
    "deputy",
    "recruiter",
    "envoy",
    "ambassador",
]);
static PART_NOUNS: WordList = WordList::new(&[
    "mouthpiece",
    "branch",
    "affiliate",
    "wing",
    "offshoot",
    "arm",
    "journal",
    "publication",
    "outlet",
    "province",
    "faction",
    "subsidiary",
    "agency",
    "unit",
    "division",
    "cell",
]);
static HOSTILE: WordList = WordList::new(&[
    "fight",
    "fights",
    "fighting",
    "fought",
    "attack",
    "attacks",
    "attacked",
    "target",
    "targets",
    "targeted",
    "targeting",
    "threaten",
    "threatens",
    "threatened",
    "threatening",
    "kill",
    "kills",
    "killed",
    "against",
    "enemy",
    "oppose",
    "opposes",
    "opposed",
    "opposition",
    "counter",
    "countering",
    "combat",
    "combating",
    "clash",
    "clashed",
    "war",
    "eradicate",
    "crackdown",
    "lashed",
    "hostile",
    "struck",
    "raid",
    "counterforce",
]);
static COOPERATIVE: WordList = WordList::new(&[
    "cooperate",
    "cooperates",
    "cooperated",
    "cooperating",
    "cooperation",
    "help",
    "helps",
    "helped",
    "helping",
    "support",
    "supports",
    "supported",
    "ally",
    "allies",
    "allied",
    "alliance",
    "partner",
    "partners",
    "partnership",
    "backed",
    "assist",
    "assists",
    "assisted",
    "assistance",
    "collaborate",
    "collaboration",
    "collaborating",
]);
static OPERATION_CUES: WordList = WordList::new(&[
    "operate",
    "operates",
    "operating",
    "operations",
    "operational",
    "active",
    "presence",
    "stronghold",
    "strongholds",
    "networks",
    "network",
    "attacks",
    "attack",
    "fight",
    "fights",
    "fighting",
    "recruit",
    "recruiting",
    "recruitment",
    "expand",
    "expanding",
    "expansion",
    "footprint",
    "focus",
    "insurgency",
    "campaign",
    "plots",
    "activities",
    "controls",
    "control",
    "based",
    "havens",
    "haven",
    "launch",
    "mission",
    "presence",
    "surging",
    "defeat",
    "regionalization",
    "targets",
]);

/// Reads every relation pattern over the document.
pub fn extract(view: &DocView<'_>, gazetteer: &Gazetteer, events: &[DocEvent]) -> Vec<Fact> {
    let mut facts = Vec::new();
    for sentence in 0..view.sentences.len() {
        let english = view.sentences[sentence].english;
        roles(view, sentence, &mut facts);
        if english {
            possessives(view, sentence, &mut facts);
            appositions(view, sentence, &mut facts);
            citizenship(view, sentence, &mut facts);
            stance(view, sentence, &mut facts);
            operations(view, sentence, events, &mut facts);
        }
        locations(view, sentence, gazetteer, &mut facts);
    }
    knowledge(view, gazetteer, &mut facts);
    from_events(view, events, &mut facts);
    dedup(facts)
}

fn fact(
    subject: &Slot,
    predicate: Predicate,
    object: &Slot,
    sentence: usize,
    rule: &'static str,
    confidence: f64,
) -> Option<Fact> {
    (subject.entity != object.entity).then_some(Fact {
        subject: subject.entity,
        predicate,
        object: object.entity,
        sentence,
        rule,
        confidence,
    })
}

fn lower(view: &DocView<'_>, sentence: usize, index: usize) -> String {
    view.word(sentence, index)
}

/// "Sanaullah Ghafari, Emir of ISIS-K", "the head of Uzbekistan's State Security
/// Service", "director of the Civil Aviation Agency, Habibullo Nazarzoda",
/// "IS spokesman Abu Umar", "Uzbekistan's president Shavkat Mirziyoyev".
fn roles(view: &DocView<'_>, sentence: usize, facts: &mut Vec<Fact>) {
    let tokens = view.tokens(sentence);
    let slots = &view.slots[sentence];
    for (i, token) in tokens.iter().enumerate() {
        // "Secretary-General" is a role by its first part.
        let word = token.text.to_lowercase();
        let word = word.split('-').next().unwrap_or_default().to_owned();
        let predicate = if LEADER_ROLES.contains(&word) {
            Predicate::LeaderOf
        } else if MEMBER_ROLES.contains(&word) {
            Predicate::MemberOf
        } else {
            continue;
        };
        // The organisation: after "of" (Italian "di", "del", "dello"…: the last actor of
        // that phrase), right before the role word as a modifier or possessor ("IS
        // spokesman", "Uzbekistan's president"), or the antecedent of "its" ("the Taliban
        // killed its leader X": the group the previous sentences were about).
        let of = matches!(
            lower(view, sentence, i + 1).as_str(),
            "of" | "di" | "del" | "dello" | "della" | "dei" | "degli"
        );
        let antecedent;
        let org = if of {
            let end = (i + 2..tokens.len())
                .find(|&j| {
                    matches!(tokens[j].text, "," | ";" | "." | "(")
                        || lower(view, sentence, j) == "and"
                })
                .unwrap_or(tokens.len());
            slots
                .iter()
                .rfind(|s| s.first >= i + 2 && s.last <= end && is_group(s))
        } else if i > 0 && matches!(lower(view, sentence, i - 1).as_str(), "its" | "their") {
            antecedent = previous_organization(view, sentence);
            antecedent.as_ref()
        } else {
            slots.iter().rev().find(|s| s.last == i && is_group(s))
        };
        let Some(org) = org else { continue };
        // The person: in apposition before ("X, the head of …") or after ("… of Y, X"),
        // or named right after the role ("spokesman Abu Umar").
        let person = slots
            .iter()
            .find(|s| {
                s.kind == EntityType::Person
                    && s.first > org.last
                    && s.first <= org.last + 3
                    && (org.last..s.first).any(|j| tokens[j].text == ",")
            })
            .or_else(|| {
                slots.iter().find(|s| {
                    s.kind == EntityType::Person && s.first > i && s.first <= i + 3 && org.last <= i
                })
            })
            .or_else(|| {
                let start = (0..i).rev().take(4).find(|&j| tokens[j].text == ",")?;
                slots
                    .iter()
                    .rev()
                    .find(|s| s.kind == EntityType::Person && s.last == start)
            });
        if let Some(person) = person {
            let object_ok = predicate == Predicate::MemberOf
                && org.kind == EntityType::Organization
                || predicate == Predicate::LeaderOf;
            if object_ok {
                facts.extend(fact(
                    person,
                    predicate,
                    org,
                    sentence,
                    "role-apposition",
                    0.8,
                ));
            }
        }
    }
}

/// The organisation the previous sentences of the article were about: the last one
/// they mention.
fn previous_organization(view: &DocView<'_>, sentence: usize) -> Option<Slot> {
    let article = view.articles[sentence];
    (0..sentence)
        .rev()
        .take_while(|&s| view.articles[s] == article)
        .take(3)
        .find_map(|s| {
            view.slots[s]
                .iter()
                .rev()
                .find(|slot| slot.kind == EntityType::Organization)
                .copied()
        })
}

fn is_group(slot: &Slot) -> bool {
    matches!(slot.kind, EntityType::Organization | EntityType::Country)
}

/// "Uzbekistan's State Security Service" (an agency of a state), "Moscow's Crocus City
/// Hall" (a place in a place), "ISKP’s mouthpiece" handled with appositions.
fn possessives(view: &DocView<'_>, sentence: usize, facts: &mut Vec<Fact>) {
    let text = view.text;
    let slots = &view.slots[sentence];
    for pair in slots.windows(2) {
        let (owner, owned) = (&pair[0], &pair[1]);
        let Some(between) = text.get(owner.span.end..owned.span.start) else {
            continue;
        };
        if !(between.starts_with("’s ") || between.starts_with("'s ")) || between.len() > 4 {
            continue;
        }
        match (owner.kind, owned.kind) {
            (EntityType::Country | EntityType::Organization, EntityType::Organization) => facts
                .extend(fact(
                    owned,
                    Predicate::PartOf,
                    owner,
                    sentence,
                    "possessive-part",
                    0.75,
                )),
            (EntityType::Location | EntityType::Country, EntityType::Location) => {
                facts.extend(fact(
                    owned,
                    Predicate::LocatedIn,
                    owner,
                    sentence,
                    "possessive-location",
                    0.75,
                ))
            }
            _ => {}
        }
    }
    // An agency named after its state: "US Central Command", "US Department of Homeland Security".
    for slot in slots.iter().filter(|s| s.kind == EntityType::Organization) {
        let inner = slots.iter().find(|c| {
            c.kind == EntityType::Country
                && c.span.start == slot.span.start
                && c.span.end < slot.span.end
        });
        if let Some(country) = inner {
            facts.extend(fact(
                slot,
                Predicate::PartOf,
                country,
                sentence,
                "state-agency-name",
                0.7,
            ));
        }
    }
}

/// "Al-Azaim Foundation, ISKP’s mouthpiece", "Sentinel, the journal of the Combating
/// Terrorism Center", "the branch of Islamic State known as ISKP".
fn appositions(view: &DocView<'_>, sentence: usize, facts: &mut Vec<Fact>) {
    let tokens = view.tokens(sentence);
    let slots = &view.slots[sentence];
    for (i, token) in tokens.iter().enumerate() {
        if !PART_NOUNS.contains(token.text) || token.text.starts_with(char::is_uppercase) {
            continue;
        }
        let orgs = |s: &&Slot| s.kind == EntityType::Organization;
        // "X, Y's mouthpiece" / "X, the journal of Y".
        let parent = if lower(view, sentence, i + 1) == "of" {
            slots
                .iter()
                .filter(orgs)
                .find(|s| s.first > i + 1 && s.first <= i + 4)
        } else {
            slots
                .iter()
                .filter(orgs)
                .rev()
                .find(|s| s.last <= i && s.last + 1 >= i)
        };
        let Some(parent) = parent else { continue };
        let child = slots
            .iter()
            .filter(orgs)
            .rev()
            .find(|s| {
                s.last < parent.first.min(i)
                    && (s.last..parent.first.min(i)).any(|j| tokens[j].text == ",")
                    && s.last + 6 >= parent.first.min(i)
            })
            .or_else(|| {
                // "the branch of Islamic State known as ISKP".
                let known = (i..tokens.len().min(i + 10)).find(|&j| {
                    lower(view, sentence, j) == "known" && lower(view, sentence, j + 1) == "as"
                })?;
                slots
                    .iter()
                    .filter(orgs)
                    .find(|s| s.first > known + 1 && s.first <= known + 3)
            });
        if let Some(child) = child {
            facts.extend(fact(
                child,
                Predicate::PartOf,
                parent,
                sentence,
                "part-apposition",
                0.75,
            ));
        }
    }
}

/// "Temur Khusinov, 29, and Ramzidin Toshev, 28, from Uzbekistan", "Tajik national X".
fn citizenship(view: &DocView<'_>, sentence: usize, facts: &mut Vec<Fact>) {
    let tokens = view.tokens(sentence);
    let slots = &view.slots[sentence];
    for (k, country) in slots
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind == EntityType::Country)
    {
        if country.first == 0 || lower(view, sentence, country.first - 1) != "from" {
            continue;
        }
        // The people listed right before "from", back to the previous country or verb.
        let mut j = k;
        let mut last_end = country.first - 1;
        while j > 0 {
            j -= 1;
            let slot = &slots[j];
            if slot.kind != EntityType::Person {
                break;
            }
            let gap_ok = (slot.last..last_end).all(|t| {
                let w = tokens[t].text;
                w == "," || w == "and" || w.chars().all(|c| c.is_ascii_digit())
            });
            if !gap_ok {
                break;
            }
            facts.extend(fact(
                slot,
                Predicate::CitizenOf,
                country,
                sentence,
                "from-country",
                0.8,
            ));
            last_end = slot.first;
        }
    }
    // "Tajik national Ahmad X", "X, a Tajik citizen".
    for pair in slots.windows(2) {
        let (first, second) = (&pair[0], &pair[1]);
        let noun = |i: usize| {
            matches!(
                lower(view, sentence, i).as_str(),
                "national" | "citizen" | "migrant" | "immigrant" | "native"
            )
        };
        if first.kind == EntityType::Country
            && second.kind == EntityType::Person
            && second.first == first.last + 1
            && noun(first.last)
        {
            facts.extend(fact(
                second,
                Predicate::CitizenOf,
                first,
                sentence,
                "demonym-national",
                0.75,
            ));
        }
        if first.kind == EntityType::Person
            && second.kind == EntityType::Country
            && noun(second.last)
            && second.first <= first.last + 3
        {
            facts.extend(fact(
                first,
                Predicate::CitizenOf,
                second,
                sentence,
                "demonym-national",
                0.75,
            ));
        }
    }
}

/// Hostility and cooperation between the actors on either side of a cue word, within one
/// clause: "ISKP … lashed out against the Taliban", "Russia is working with the C5",
/// "Moscow and Dushanbe are seeking to enhance their cooperation".
fn stance(view: &DocView<'_>, sentence: usize, facts: &mut Vec<Fact>) {
    let tokens = view.tokens(sentence);
    let slots = &view.slots[sentence];
    for (i, token) in tokens.iter().enumerate() {
        let word = token.text.to_lowercase();
        let working_with = matches!(word.as_str(), "working" | "works" | "worked" | "work")
            && lower(view, sentence, i + 1) == "with";
        let predicate = if COOPERATIVE.contains(&word) || working_with {
            Predicate::CooperatesWith
        } else if HOSTILE.contains(&word) {
            Predicate::Opposes
        } else {
            continue;
        };
        let start = view.clause_start(sentence, i);
        let end = view.clause_end(sentence, i);
        let actor = |s: &&Slot| s.is_actor() && !is_place_use(view, sentence, s);
        let subjects: Vec<&Slot> = subject_group(
            view,
            sentence,
            slots
                .iter()
                .filter(actor)
                .filter(|s| {
                    s.first >= start
                        && s.last <= i
                        && !governed_elsewhere(view, sentence, s.first, start)
                })
                .collect(),
        );
        // The object: the first actor after the cue that no other preposition governs,
        // with the actors coordinated with it ("against the Taliban and the United States").
        let mut objects: Vec<&Slot> = Vec::new();
        for slot in slots
            .iter()
            .filter(actor)
            // The object follows its cue closely ("against the Taliban", "help
            // Afghanistan"); further on, it belongs to another verb.
            .filter(|s| s.first > i && s.first < end && s.first <= i + 3)
        {
            match objects.last() {
                None if governed_elsewhere(view, sentence, slot.first, i) => continue,
                None => objects.push(slot),
                Some(previous)
                    if (previous.last..slot.first)
                        .all(|t| matches!(tokens[t].text, "," | "and" | "the" | "or")) =>
                {
                    objects.push(slot)
                }
                Some(_) => break,
            }
        }
        // "threatens coastal states such as Benin and Togo".
        if objects.is_empty()
            && let Some(list) = (i + 1..end.min(i + 6)).find(|&t| {
                tokens[t].text == "including"
                    || tokens[t].text == "as" && t > 0 && tokens[t - 1].text == "such"
            })
        {
            for slot in slots
                .iter()
                .filter(actor)
                .filter(|s| s.first > list && s.first < end)
            {
                let joined = objects.last().map_or(slot.first <= list + 2, |p: &&Slot| {
                    (p.last..slot.first)
                        .all(|t| matches!(tokens[t].text, "," | "and" | "the" | "or"))
                });
                if !joined {
                    break;
                }
                objects.push(slot);
            }
        }
        let rule = if predicate == Predicate::Opposes {
            "hostility-verb"
        } else {
            "cooperation-verb"
        };
        if objects.is_empty() && predicate == Predicate::CooperatesWith && subjects.len() >= 2 {
            // Reciprocal: "X and Y … their cooperation".
            for (a, b) in subjects.iter().zip(subjects.iter().skip(1)) {
                facts.extend(fact(
                    a,
                    predicate,
                    b,
                    sentence,
                    "reciprocal-cooperation",
                    0.7,
                ));
            }
            continue;
        }
        for subject in &subjects {
            for object in &objects {
                facts.extend(fact(subject, predicate, object, sentence, rule, 0.6));
            }
        }
    }
}

/// True when a preposition other than the cue's own ("against", "with", "to", "on")
/// governs the slot: "from Asia", "in Afghanistan", "of Central Asia".
fn governed_elsewhere(view: &DocView<'_>, sentence: usize, first: usize, floor: usize) -> bool {
    let mut i = first;
    while i > floor {
        let word = lower(view, sentence, i - 1);
        if matches!(word.as_str(), "the" | "a" | "an" | "both" | "its" | "their") {
            i -= 1;
            continue;
        }
        // "into Burkina Faso and Niger": a conjunct shares its partner's preposition.
        if matches!(word.as_str(), "and" | "or" | ",")
            && let Some(partner) = view.slots[sentence].iter().rev().find(|s| s.last + 1 == i)
        {
            i = partner.first;
            continue;
        }
        return matches!(
            word.as_str(),
            "from"
                | "in"
                | "of"
                | "into"
                | "across"
                | "at"
                | "by"
                | "for"
                | "within"
                | "including"
                | "between"
                | "among"
        );
    }
    false
}

/// A country mentioned as where something happens ("in Afghanistan") is not an actor.
fn is_place_use(view: &DocView<'_>, sentence: usize, slot: &Slot) -> bool {
    slot.kind == EntityType::Country && preceded_by_locative(view.tokens(sentence), slot.first)
}

/// The subject of a clause: the actors just before the verb, with their coordinated
/// partners ("both the U.S. and the UNODC are working with").
fn subject_group<'s>(view: &DocView<'_>, sentence: usize, before: Vec<&'s Slot>) -> Vec<&'s Slot> {
    let tokens = view.tokens(sentence);
    let Some(last) = before.last() else {
        return Vec::new();
    };
    let mut group = vec![*last];
    for slot in before.iter().rev().skip(1) {
        let head = group[group.len() - 1];
        let joined = (slot.last..head.first)
            .all(|t| matches!(tokens[t].text, "," | "and" | "the" | "both" | "or"));
        if !joined {
            break;
        }
        group.push(*slot);
    }
    group.reverse();
    group
}

/// "ISKP’s retooling from regional operations in Afghanistan and Pakistan",
/// "Afghanistan-Pakistan-based ISKP", "the Taliban takeover of Afghanistan".
fn operations(view: &DocView<'_>, sentence: usize, events: &[DocEvent], facts: &mut Vec<Fact>) {
    let tokens = view.tokens(sentence);
    let slots = &view.slots[sentence];
    let mut orgs: Vec<&Slot> = slots
        .iter()
        .filter(|s| s.kind == EntityType::Organization)
        .collect();
    // "It has demonstrated its capability to launch attacks in …": the group the
    // previous sentences were about.
    let antecedent = previous_organization(view, sentence);
    let pronoun_subject = matches!(lower(view, sentence, 0).as_str(), "it" | "its")
        || tokens.first().is_some_and(|t| t.text == "The")
            && matches!(
                lower(view, sentence, 1).as_str(),
                "group" | "organization" | "organisation" | "branch"
            );
    if orgs.is_empty() && pronoun_subject {
        orgs.extend(antecedent.as_ref());
    }
    if orgs.is_empty() {
        return;
    }
    // Where an event of this sentence happened is not where a group operates.
    let event_places: Vec<usize> = events
        .iter()
        .flat_map(|e| e.roles.iter())
        .filter(|r| r.predicate == Predicate::OccurredIn && r.sentence == sentence)
        .map(|r| r.entity)
        .collect();
    // "X-based": the places inside a "-based" token belong to the next organisation.
    for (i, token) in tokens.iter().enumerate() {
        if !token.text.ends_with("-based") {
            continue;
        }
        if let Some(org) = orgs.iter().find(|o| o.first > i && o.first <= i + 3) {
            for place in slots
                .iter()
                .filter(|s| s.is_place() && token.span.contains(&s.span))
            {
                facts.extend(fact(
                    org,
                    Predicate::OperatesIn,
                    place,
                    sentence,
                    "x-based",
                    0.8,
                ));
            }
        }
    }
    // "takeover of", "control of", "rule over": the organisation holds the place.
    for (i, token) in tokens.iter().enumerate() {
        if !matches!(
            token.text.to_lowercase().as_str(),
            "takeover" | "control" | "controls" | "rule" | "seizure"
        ) {
            continue;
        }
        let Some(org) = orgs.iter().rev().find(|o| o.last <= i && o.last + 4 >= i) else {
            continue;
        };
        let place = slots.iter().find(|s| {
            s.is_place()
                && s.first > i
                && s.first <= i + 4
                && matches!(lower(view, sentence, i + 1).as_str(), "of" | "over" | "all")
        });
        if let Some(place) = place {
            facts.extend(fact(
                org,
                Predicate::OperatesIn,
                place,
                sentence,
                "control-of",
                0.75,
            ));
        }
    }
    if !tokens.iter().any(|t| OPERATION_CUES.contains(t.text)) {
        return;
    }
    // Places introduced by a locative (or "focus on"), with the lists they head.
    let mut places = view.places_after(sentence, 0, tokens.len());
    // "expanded its operations from Mali into Burkina Faso and Niger".
    for (i, token) in tokens.iter().enumerate() {
        if !matches!(token.text, "into" | "from") {
            continue;
        }
        let mut last = i + 1;
        for slot in slots.iter().filter(|s| s.first > i && s.is_place()) {
            let gap_ok = slot.first == last
                || slot.first == last + 1 && matches!(tokens[last].text, "," | "and" | "the");
            if !gap_ok {
                break;
            }
            places.push(*slot);
            last = slot.last + usize::from(tokens.get(slot.last).is_some_and(|t| t.text == ","));
        }
    }
    // "in neighboring countries such as Pakistan, Iran, and Central Asia".
    for (i, token) in tokens.iter().enumerate() {
        let introduces = token.text == "including"
            || token.text == "as" && i > 0 && lower(view, sentence, i - 1) == "such";
        if !introduces
            || !(i.saturating_sub(5)..i)
                .any(|t| matches!(lower(view, sentence, t).as_str(), "in" | "across" | "into"))
        {
            continue;
        }
        let mut last = i + 1;
        for slot in slots.iter().filter(|s| s.first > i && s.is_place()) {
            if slot.first > last + 1
                || !(last..slot.first).all(|t| matches!(tokens[t].text, "," | "and"))
            {
                break;
            }
            places.push(*slot);
            last = slot.last;
        }
    }
    for (i, token) in tokens.iter().enumerate() {
        if token.text == "on"
            && i > 0
            && matches!(
                lower(view, sentence, i - 1).as_str(),
                "focus" | "focused" | "focusing" | "emphasis"
            )
        {
            let mut chain: Vec<Slot> = Vec::new();
            for slot in slots.iter().filter(|s| s.first > i && s.is_place()) {
                let joined = chain.last().map_or(slot.first <= i + 2, |prev| {
                    slot.first <= prev.last + 2
                        && (prev.last..slot.first).all(|t| matches!(tokens[t].text, "," | "and"))
                });
                if !joined {
                    break;
                }
                chain.push(*slot);
            }
            places.extend(chain);
        }
    }
    for place in places {
        // The activity must be what the place phrase attaches to: a cue word just before
        // it ("operations in", "stronghold in", "networks across", "focus on").
        let head = chain_head(view, sentence, &place);
        let cue_near =
            (head.saturating_sub(10)..head).any(|t| OPERATION_CUES.contains(tokens[t].text));
        if !cue_near || event_places.contains(&place.entity) {
            continue;
        }
        // The organisation the place belongs to: the nearest before it in the clause, or
        // the sentence's first organisation.
        let start = view.clause_start(sentence, place.first);
        let org = orgs
            .iter()
            .rev()
            .find(|o| o.last <= place.first && o.first >= start)
            .or_else(|| orgs.iter().rev().find(|o| o.last <= place.first))
            .or_else(|| orgs.first());
        if let Some(org) = org {
            facts.extend(fact(
                org,
                Predicate::OperatesIn,
                &place,
                sentence,
                "operation-locative",
                0.55,
            ));
        }
    }
}

/// The first token of the list a place belongs to ("Iran" in "on Iran, Turkey, and
/// Europe" for "Europe"), so that a cue before the list covers all of it.
fn chain_head(view: &DocView<'_>, sentence: usize, place: &Slot) -> usize {
    let tokens = view.tokens(sentence);
    let slots = &view.slots[sentence];
    let mut head = place.first;
    while let Some(previous) = slots
        .iter()
        .rev()
        .find(|s| s.last <= head && s.is_place() && s.last + 2 >= head)
    {
        if previous.first >= head
            || !(previous.last..head).all(|t| matches!(tokens[t].text, "," | "and"))
        {
            break;
        }
        head = previous.first;
    }
    head
}

/// "Peshawar in Pakistan", "Kerman, Iran", "the Volgograd region of Russia", and a place
/// whose country (by the gazetteer) is named in the same sentence.
fn locations(view: &DocView<'_>, sentence: usize, gazetteer: &Gazetteer, facts: &mut Vec<Fact>) {
    let tokens = view.tokens(sentence);
    let slots = &view.slots[sentence];
    for (k, place) in slots
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind == EntityType::Location)
    {
        let Some(next) = slots.get(k + 1).filter(|s| s.is_place()) else {
            continue;
        };
        let gap: Vec<String> = (place.last..next.first)
            .map(|t| tokens[t].text.to_lowercase())
            .collect();
        let gap: Vec<&str> = gap.iter().map(String::as_str).collect();
        let attached = match gap.as_slice() {
            [","] => {
                !list_continues(view, sentence, next)
                    && slots.get(k + 2).is_none_or(|after| {
                        after.first > next.last + 1
                            || tokens.get(next.last).is_none_or(|t| t.text != ",")
                    })
            }
            ["in"] | ["of"] | ["in", "the"] | ["of", "the"] => true,
            rest => {
                rest.len() <= 4
                    && matches!(
                        rest.first(),
                        Some(&"in") | Some(&"on") | Some(&"outside") | Some(&"near")
                    )
                    && rest.iter().skip(1).all(|w| {
                        matches!(*w, "the" | "outskirts" | "of" | "remote") || w.ends_with("ern")
                    })
            }
        };
        if attached {
            facts.extend(fact(
                place,
                Predicate::LocatedIn,
                next,
                sentence,
                "place-attachment",
                0.75,
            ));
        }
    }
    for place in slots.iter().filter(|s| s.kind == EntityType::Location) {
        let Some(entry) = view.entities[place.entity]
            .entry
            .map(|e| gazetteer.entry(e))
        else {
            continue;
        };
        let Some(country) = &entry.country else {
            continue;
        };
        if let Some(country_slot) = slots.iter().find(|s| {
            s.kind == EntityType::Country
                && view.entities[s.entity]
                    .entry
                    .is_some_and(|e| &gazetteer.entry(e).id == country)
        }) {
            facts.extend(fact(
                place,
                Predicate::LocatedIn,
                country_slot,
                sentence,
                "gazetteer-country-in-sentence",
                0.6,
            ));
        }
    }
}

/// True when a list goes on after this slot ("AfPak, Syria and Iraq"): then a comma
/// before it separates items, not a place from the place that contains it.
fn list_continues(view: &DocView<'_>, sentence: usize, slot: &Slot) -> bool {
    let next = lower(view, sentence, slot.last);
    (next == "and" || next == ",")
        && view.slots[sentence]
            .iter()
            .any(|s| s.is_place() && s.first > slot.last && s.first <= slot.last + 2)
}

/// A branch and its parent, both named in the document: the names themselves state the
/// tie ("Islamic State Khorasan Province" is the Islamic State's province). An agency's
/// state is not added: articles name it when it matters ("US Central Command").
fn knowledge(view: &DocView<'_>, gazetteer: &Gazetteer, facts: &mut Vec<Fact>) {
    let linked: Vec<(usize, &str)> = view
        .entities
        .iter()
        .enumerate()
        .filter_map(|(i, e)| e.entry.map(|x| (i, gazetteer.entry(x).id.as_str())))
        .collect();
    for (child, id) in &linked {
        let Some(entry) = gazetteer.by_id(id) else {
            continue;
        };
        for parent_id in entry.parent.iter() {
            if let Some((parent, _)) = linked.iter().find(|(_, pid)| pid == parent_id) {
                let sentence = view.entities[*child]
                    .mentions
                    .first()
                    .map_or(0, |m| m.sentence);
                facts.push(Fact {
                    subject: *child,
                    predicate: Predicate::PartOf,
                    object: *parent,
                    sentence,
                    rule: "gazetteer-parent",
                    confidence: 0.6,
                });
            }
        }
    }
}

/// What events say about their participants: an attacker opposes its target; a group
/// that carries out or claims attacks somewhere operates there.
fn from_events(view: &DocView<'_>, events: &[DocEvent], facts: &mut Vec<Fact>) {
    for event in events
        .iter()
        .filter(|e| matches!(e.kind, EventType::Attack | EventType::Arrest))
    {
        let agents: Vec<_> = event
            .roles
            .iter()
            .filter(|r| matches!(r.predicate, Predicate::Agent | Predicate::ClaimedBy))
            .collect();
        for agent in &agents {
            for target in event
                .roles
                .iter()
                .filter(|r| r.predicate == Predicate::Target)
            {
                if agent.entity != target.entity && view.kind(target.entity) != EntityType::Location
                {
                    facts.push(Fact {
                        subject: agent.entity,
                        predicate: Predicate::Opposes,
                        object: target.entity,
                        sentence: target.sentence,
                        rule: "event-agent-target",
                        confidence: 0.6,
                    });
                }
            }
            if event.kind == EventType::Attack
                && view.kind(agent.entity) == EntityType::Organization
            {
                // Countries only: a group that strikes a city is not thereby based there.
                for place in event.roles.iter().filter(|r| {
                    r.predicate == Predicate::OccurredIn
                        && view.kind(r.entity) == EntityType::Country
                }) {
                    facts.push(Fact {
                        subject: agent.entity,
                        predicate: Predicate::OperatesIn,
                        object: place.entity,
                        sentence: place.sentence,
                        rule: "event-agent-place",
                        confidence: 0.5,
                    });
                }
            }
        }
    }
}

/// One fact per (subject, predicate, object), symmetric ones in one direction, keeping
/// the most confident reading; type constraints of FORMAT.md enforced.
fn dedup(facts: Vec<Fact>) -> Vec<Fact> {
    let mut out: Vec<Fact> = Vec::new();
    for mut f in facts {
        if f.predicate.is_symmetric() && f.object < f.subject {
            std::mem::swap(&mut f.subject, &mut f.object);
        }
        match out
            .iter_mut()
            .find(|g| g.subject == f.subject && g.predicate == f.predicate && g.object == f.object)
        {
            Some(existing) if existing.confidence < f.confidence => *existing = f,
            Some(_) => {}
            None => out.push(f),
        }
    }
    out
}

/// True when a relation's subject and object types fit its predicate (FORMAT.md).
pub fn types_fit(predicate: Predicate, subject: EntityType, object: EntityType) -> bool {
    predicate.accepts(subject, object)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_constraints_follow_the_format() {
        assert!(types_fit(
            Predicate::LeaderOf,
            EntityType::Person,
            EntityType::Country
        ));
        assert!(!types_fit(
            Predicate::LeaderOf,
            EntityType::Country,
            EntityType::Person
        ));
        assert!(!types_fit(
            Predicate::LocatedIn,
            EntityType::Country,
            EntityType::Location
        ));
        assert!(LEADER_ROLES.contains("Emir"));
    }
}
