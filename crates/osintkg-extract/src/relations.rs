//! Relations between entities, from general patterns of news prose.
//!
//! Each rule (one function per [`RuleId`]) is a small reading of one construction: an
//! apposition naming a role ("Sanaullah Ghafari, Emir of ISIS-K"), a possessive
//! ("Uzbekistan's State Security Service"), a prepositional attachment ("Peshawar in
//! Pakistan", "Kerman, Iran"), a list with "from" ("X, 29, and Y, 28, from Uzbekistan"),
//! or a cue word between two entities. The words of each construction (role nouns, cue
//! words, prepositions) come from the sentence's language pack; a cue's row names its
//! predicate and which side is the subject, so the cue rules serve any predicate, and the
//! predicate's schema keeps the pairs of types it accepts. World knowledge adds only what the text makes relevant: a branch and its
//! parent, or an agency and its state, both named.

use crate::events::{DocEvent, Role};
use crate::gazetteer::Gazetteer;
use crate::lexicon::{
    Construction, DemonymNoun, Function, LanguagePack, Listed, Meaning, OrgHead, PlaceHead,
    TitleUse,
};
use crate::rule::RuleId;
use crate::tagger::Pos;
use crate::view::{DocView, Slot};
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
    /// The rule that read it.
    pub rule: RuleId,
    /// Confidence in `[0, 1]`.
    pub confidence: f64,
}

/// Reads every relation rule over the document.
pub fn extract(view: &DocView<'_>, gazetteer: &Gazetteer, events: &[DocEvent]) -> Vec<Fact> {
    let mut facts = Vec::new();
    for sentence in 0..view.sentences.len() {
        let facts = &mut facts;
        role_apposition(view, sentence, facts);
        possessive_part(view, sentence, facts);
        possessive_operates(view, sentence, facts);
        possessive_location(view, sentence, facts);
        state_agency_name(view, sentence, gazetteer, facts);
        part_apposition(view, sentence, facts);
        from_country(view, sentence, facts);
        demonym_national(view, sentence, facts);
        national_group(view, sentence, facts);
        let stances = stances(view, sentence);
        clause_cue(sentence, &stances, facts);
        designated_by(view, sentence, facts);
        reciprocal_cue(sentence, &stances, facts);
        let hyphenated = hyphenated(view, sentence);
        compound_cue(view, sentence, &hyphenated, facts);
        pair_cue(view, sentence, &hyphenated, facts);
        if let Some(operating) = Operating::read(view, sentence, events) {
            control_cue(&operating, facts);
            locative_cue(&operating, facts);
            group_locative(&operating, facts);
        }
        place_attachment(view, sentence, facts);
        site_named_after_place(view, sentence, facts);
        gazetteer_country_in_sentence(view, sentence, gazetteer, facts);
    }
    gazetteer_parent(view, gazetteer, &mut facts);
    bare_state_title(view, gazetteer, &mut facts);
    event_agent_target(view, events, &mut facts);
    event_agent_place(view, events, &mut facts);
    let facts = lift_person_cooperation(view, lift_person_opposition(view, facts));
    dedup(drop_opposition_within(lift_agency_cooperation(view, facts)))
}

/// A body does not oppose the state or group it is part of, nor they it: a hostility
/// cue between them reads a phrase about a third side ("Africom and our partners have
/// pursued those responsible for the attack on US forces").
fn drop_opposition_within(mut facts: Vec<Fact>) -> Vec<Fact> {
    let within: Vec<(usize, usize)> = facts
        .iter()
        .filter(|f| f.predicate == Predicate::PartOf)
        .map(|f| (f.subject, f.object))
        .collect();
    facts.retain(|f| {
        f.predicate != Predicate::Opposes
            || !within
                .iter()
                .any(|&pair| pair == (f.subject, f.object) || pair == (f.object, f.subject))
    });
    facts
}

/// The organisations the document makes a person a leader or member of.
fn person_groups(view: &DocView<'_>, facts: &[Fact], person: usize) -> Vec<usize> {
    let mut out: Vec<usize> = facts
        .iter()
        .filter(|f| {
            f.subject == person
                && matches!(f.predicate, Predicate::MemberOf | Predicate::LeaderOf)
                && view.kind(f.object) == EntityType::Organization
        })
        .map(|f| f.object)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Cooperation between a person and a state or group is cooperation of the person's
/// side: the person gives way to the organisations the document makes them a leader or
/// member of ("X, the commander of the SDF, praised the agreement with the government"
/// → SDF cooperatesWith the state). Two people cooperate as people; a person with no
/// group keeps the fact.
fn lift_person_cooperation(view: &DocView<'_>, facts: Vec<Fact>) -> Vec<Fact> {
    let mut out = Vec::with_capacity(facts.len());
    for f in &facts {
        let persons = [f.subject, f.object].map(|e| view.kind(e) == EntityType::Person);
        let person = match persons {
            [true, false] => f.subject,
            [false, true] => f.object,
            _ => {
                out.push(f.clone());
                continue;
            }
        };
        let groups = person_groups(view, &facts, person);
        if f.predicate != Predicate::CooperatesWith || groups.is_empty() {
            out.push(f.clone());
            continue;
        }
        let other = if person == f.subject {
            f.object
        } else {
            f.subject
        };
        for group in groups.into_iter().filter(|&g| g != other) {
            out.push(Fact {
                subject: group,
                object: other,
                ..f.clone()
            });
        }
    }
    out
}

/// Hostility between a person and a side is hostility between the sides: a person on
/// either end of an `opposes` fact gives way to the organizations the document makes
/// them a leader or member of, and the fact goes when it names none. "The Taliban
/// arrested Ahmad Karimov, a commander of ISKP" → Taliban opposes ISKP, not Taliban
/// opposes Ahmad Karimov (the arrest keeps him as its target). The facts keep the rule
/// that read the hostility.
fn lift_person_opposition(view: &DocView<'_>, facts: Vec<Fact>) -> Vec<Fact> {
    let sides = |entity: usize| -> Vec<usize> {
        if view.kind(entity) != EntityType::Person {
            return vec![entity];
        }
        person_groups(view, &facts, entity)
    };
    let mut out = Vec::with_capacity(facts.len());
    for f in &facts {
        if f.predicate != Predicate::Opposes
            || (view.kind(f.subject) != EntityType::Person
                && view.kind(f.object) != EntityType::Person)
        {
            out.push(f.clone());
            continue;
        }
        for subject in sides(f.subject) {
            for object in sides(f.object) {
                if subject != object {
                    out.push(Fact {
                        subject,
                        object,
                        ..f.clone()
                    });
                }
            }
        }
    }
    out
}

/// Cooperation with a state's body is cooperation with the state: an agreement, support
/// or partnership a ministry or an armed force gives commits the state it is part of.
/// "The Africa Corps was created with the Defence Ministry's support" → Africa Corps
/// cooperatesWith the ministry's state too. The body keeps its fact; hostility is not
/// lifted, since a body often fights what its state does not.
fn lift_agency_cooperation(view: &DocView<'_>, mut facts: Vec<Fact>) -> Vec<Fact> {
    let states = |body: usize| -> Vec<usize> {
        facts
            .iter()
            .filter(|f| {
                f.subject == body
                    && f.predicate == Predicate::PartOf
                    && view.kind(f.object) == EntityType::Country
            })
            .map(|f| f.object)
            .collect()
    };
    let mut lifted = Vec::new();
    for f in facts
        .iter()
        .filter(|f| f.predicate == Predicate::CooperatesWith)
    {
        for state in states(f.subject) {
            lifted.push(Fact {
                subject: state,
                ..f.clone()
            });
        }
        for state in states(f.object) {
            lifted.push(Fact {
                object: state,
                ..f.clone()
            });
        }
    }
    lifted.retain(|f| f.subject != f.object);
    facts.extend(lifted);
    facts
}

fn fact(
    subject: &Slot,
    predicate: Predicate,
    object: &Slot,
    sentence: usize,
    rule: RuleId,
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

/// True when the token at `index` has the grammatical role.
fn function(view: &DocView<'_>, sentence: usize, index: usize, role: Function) -> bool {
    view.lexeme(sentence, index).function(role)
}

/// True when the token at `index` is a preposition with the meaning.
fn preposition(view: &DocView<'_>, sentence: usize, index: usize, meaning: Meaning) -> bool {
    view.lexeme(sentence, index).preposition(meaning)
}

/// The word a role is looked up by: "Secretary-General" is a role by its first part.
fn role_word(token: &str) -> &str {
    // By bytes: a hyphen is ASCII, and a char search costs more than these few bytes.
    token
        .bytes()
        .position(|b| b == b'-')
        .map_or(token, |hyphen| &token[..hyphen])
}

/// The group that modifies the first of two coordinated role-and-name pairs, shared by
/// the second: in "the Kandor Front founder X and commander Y", the group before
/// "commander" (at `role`) is the one before "founder".
fn shared_role_modifier<'s>(
    view: &'s DocView<'_>,
    sentence: usize,
    role: usize,
) -> Option<&'s Slot> {
    let tokens = view.tokens(sentence);
    let slots = &view.slots[sentence];
    let joint = role.checked_sub(1)?;
    if !function(view, sentence, joint, Function::Coordinator) {
        return None;
    }
    let person = slots
        .iter()
        .find(|s| s.kind == EntityType::Person && s.last == joint)?;
    let first_role = person.first.checked_sub(1)?;
    view.pack(sentence)
        .role_predicate(role_word(tokens[first_role].text), Predicate::PartOf)?;
    slots.iter().find(|s| s.last == first_role && is_group(s))
}

/// [`RuleId::RoleApposition`]: a role noun between a person and a group. "Sanaullah
/// Ghafari, Emir of ISIS-K", "the head of Uzbekistan's State Security Service, X",
/// "IS spokesman Abu Umar", "Uzbekistan's president Shavkat Mirziyoyev", "the Taliban
/// killed its leader X", "the group's spokesperson, X" (the group the previous sentences
/// were about). Modifiers may stand between ("Mali's transitional president, Colonel
/// X", "their senior spokesman"), and ranks between the role and the name ("X
/// Commander Lt. Gen. Y"); a title without a relation of its own, a role "at"/"in"/"for"
/// a group and an indefinite role make a member ("US Army specialist X", "a researcher
/// at HRW", "a spokesman for the State Department", "a senior Hezbollah commander").
fn role_apposition(view: &DocView<'_>, sentence: usize, facts: &mut Vec<Fact>) {
    let tokens = view.tokens(sentence);
    let slots = &view.slots[sentence];
    let pack = view.pack(sentence);
    for (i, token) in tokens.iter().enumerate() {
        // A part noun ("branch") ties two groups and has a rule of its own.
        let word = role_word(token.text);
        // The lexeme tells which whole tokens the roles list holds at all.
        if word.len() == token.text.len() && !view.lexeme(sentence, i).listed(Listed::Role) {
            continue;
        }
        // A title with no relation of its own still makes its bearer a member of the
        // group it follows or sits in ("US Army specialist X", "a researcher at HRW").
        // (Pack lookups ignore case.)
        let titled = pack
            .title_use(word, TitleUse::Title)
            .then_some(Predicate::MemberOf);
        let Some(mut predicate) = pack.role_predicate(word, Predicate::PartOf).or(titled) else {
            continue;
        };
        // A modifier before a title is no role of its own ("Foreign Minister").
        if pack.title_use(word, TitleUse::Modifier)
            && tokens.get(i + 1).is_some_and(|t| pack.is_title(t.text))
        {
            continue;
        }
        // The modifiers before the role word ("former", "transitional", "Foreign"), back
        // to the organisation or possessor they follow; a portfolio modifier states the
        // person's tie to the state instead of leadership ("Iraqi Foreign Minister X" is
        // a citizen, not the leader, of Iraq).
        let mut modified = i;
        while modified > 0 && modified + 3 > i {
            let before = tokens[modified - 1].text;
            let modifier = pack.title_use(before, TitleUse::Modifier)
                || before == ")"
                || before.contains('-') && is_lowercase_word(before);
            if !modifier {
                break;
            }
            if let Some(p) = pack.role_predicate(before, Predicate::PartOf) {
                predicate = p;
            }
            modified -= 1;
        }
        // The organisation: after a genitive preposition (the last group of that
        // phrase), right before the role word as a modifier or possessor ("IS
        // spokesman", "Uzbekistan's president"), or the antecedent of "its".
        let antecedent;
        let affiliation = view
            .lexeme(sentence, i + 1)
            .preposition_any(&[Meaning::Place, Meaning::Affiliation]);
        // "its leader", "their senior spokesman", "the group's spokesperson": the
        // group is named in an earlier sentence.
        let referring = modified.checked_sub(1).is_some_and(|p| {
            function(view, sentence, p, Function::GroupPossessive)
                || group_noun_possessive(view, sentence, p)
        });
        let genitive = preposition(view, sentence, i + 1, Meaning::Genitive) || affiliation;
        let org = if genitive {
            let end = (i + 2..tokens.len())
                .find(|&j| {
                    matches!(tokens[j].text, "," | ";" | "." | "(")
                        || function(view, sentence, j, Function::Coordinator)
                })
                .unwrap_or(tokens.len());
            // The phrase ends before a verb, a clause or a place phrase after its first
            // group: "a member of Hezbollah before he moved to Germany", "the leader of
            // Hamas in Gaza" name no other group of the person's.
            let end = slots
                .iter()
                .find(|s| s.first >= i + 2 && s.last <= end && is_group(s))
                .map_or(end, |first| {
                    noun_phrase_end(view, sentence, first.last, end)
                });
            let org = slots.iter().rfind(|s| {
                s.first >= i + 2
                    && s.last <= end
                    && is_group(s)
                    && (!affiliation || s.first <= i + 3 && s.kind == EntityType::Organization)
            });
            // "head of the Sahel programme at X", "a commander in X": one who works in
            // a group, not its head.
            if org.is_some_and(|o| {
                (i + 1..o.first).any(|j| {
                    view.lexeme(sentence, j)
                        .preposition_any(&[Meaning::Place, Meaning::Affiliation])
                })
            }) {
                predicate = Predicate::MemberOf;
            }
            org
        } else if referring {
            antecedent = previous_organization(view, sentence);
            antecedent.as_ref()
        } else {
            slots
                .iter()
                .rev()
                .find(|s| s.last <= i && s.last >= modified && is_group(s))
                .or_else(|| shared_role_modifier(view, sentence, modified))
        };
        let Some(org) = org else { continue };
        // The group of an earlier sentence has no place in this one: the person stands
        // around the role word.
        let local = genitive || !referring;
        // A parenthetical after the organisation: "the commander of the Syrian
        // Democratic Forces (SDF), X".
        let after_org = if !local {
            i + 1
        } else if tokens.get(org.last).is_some_and(|t| t.text == "(") {
            (org.last..tokens.len().min(org.last + 6))
                .find(|&j| tokens[j].text == ")")
                .map_or(org.last, |j| j + 1)
        } else {
            org.last
        };
        // The person: in apposition before ("X, the head of …") or after ("… of Y, X"),
        // or named right after the role ("spokesman Abu Umar"), past titles
        // ("Commander Maj. Gen. X"). A quotation mark between ends a quote: the name
        // after it is its speaker, not an apposition ("… members of Y," prosecutor X said).
        // "a high-level Hezbollah commander", "a leader of IS": one of several, so a
        // member rather than the head.
        let phrase_start = if local && org.last <= i {
            org.first.min(modified)
        } else {
            modified
        };
        let titles_only = |from: usize, to: usize| {
            (from..to).all(|j| pack.is_title(tokens[j].text) || tokens[j].text == ".")
        };
        let person = slots
            .iter()
            .find(|s| {
                s.kind == EntityType::Person
                    && s.first > after_org
                    && s.first <= after_org + 3
                    && (after_org..s.first).any(|j| tokens[j].text == ",")
                    && !(after_org..s.first).any(|j| is_quote(tokens[j].text))
            })
            .or_else(|| {
                // "Head of Africom General X": titles only between the group and the name.
                slots.iter().find(|s| {
                    s.kind == EntityType::Person
                        && local
                        && org.first > i
                        && s.first >= after_org
                        && s.first <= after_org + 2
                        && (after_org..s.first).all(|j| pack.is_title(tokens[j].text))
                })
            })
            .or_else(|| {
                slots.iter().find(|s| {
                    s.kind == EntityType::Person
                        && s.first > i
                        && (s.first <= i + 3 || s.first <= i + 7 && titles_only(i + 1, s.first))
                        && (!local || org.last <= i)
                })
            })
            .or_else(|| {
                let start = (0..i).rev().take(4).find(|&j| tokens[j].text == ",")?;
                slots
                    .iter()
                    .rev()
                    .find(|s| s.kind == EntityType::Person && s.last == start)
            });
        // "X is the leader of Y", "he was a member of Y": the subject of a linking verb.
        let linked;
        let person = match person {
            Some(person) => Some(person),
            None => {
                linked = copula_subject(view, sentence, phrase_start - usize::from(referring));
                linked.as_ref()
            }
        };
        let indefinite = (phrase_start.saturating_sub(3)..phrase_start)
            .rev()
            .take_while(|&j| {
                is_lowercase_word(tokens[j].text) && !view.lexeme(sentence, j).is_preposition()
            })
            .any(|j| function(view, sentence, j, Function::Indefinite));
        if indefinite && predicate == Predicate::LeaderOf {
            predicate = Predicate::MemberOf;
        }
        // "Kazakhstan, a member of the SCO": a state or group in apposition to a
        // membership noun (not a title, which only people bear).
        let member;
        let person = match person {
            Some(person) => Some(person),
            None if genitive && pack.role(word, Predicate::MemberOf) && titled.is_none() => {
                member = (0..i)
                    .rev()
                    .take(4)
                    .find(|&j| tokens[j].text == ",")
                    .and_then(|start| {
                        slots
                            .iter()
                            .rfind(|s| is_group(s) && s.last == start && s.entity != org.entity)
                    });
                member
            }
            None => None,
        };
        let Some(person) = person else { continue };
        let subject_kind = person.kind;
        // "a member of the PKK/YPG": groups joined by a slash are named together.
        let slashed = |a: &Slot, b: &Slot| a.last + 1 == b.first && tokens[a.last].text == "/";
        let together = slots
            .iter()
            .filter(|s| is_group(s) && local && (slashed(s, org) || slashed(org, s)));
        for org in std::iter::once(org).chain(together) {
            if predicate.accepts(subject_kind, org.kind) {
                facts.extend(fact(
                    person,
                    predicate,
                    org,
                    sentence,
                    RuleId::RoleApposition,
                    0.8,
                ));
            }
        }
    }
}

/// Where the noun phrase going on at token `from` ends, at `end` at the latest: at the
/// first word outside a name that is a verb, a pronoun, a conjunction or a preposition
/// other than a genitive one ("of" goes on: "the armed wing of Hamas").
fn noun_phrase_end(view: &DocView<'_>, sentence: usize, from: usize, end: usize) -> usize {
    (from..end)
        .find(|&j| {
            !view.slots[sentence]
                .iter()
                .any(|s| s.first <= j && j < s.last)
                && view.tag(sentence, j).is_some_and(|t| {
                    matches!(
                        t.pos,
                        Pos::Adp | Pos::Sconj | Pos::Verb | Pos::Aux | Pos::Pron
                    )
                })
                && !preposition(view, sentence, j, Meaning::Genitive)
        })
        .unwrap_or(end)
}

/// The person a linking verb ties to the role phrase starting at token `start`: "X is
/// the leader of Y", "X, who was a senior commander of Y", "X has been a member of Y",
/// "he was a member of Y". Only lowercase words (articles, modifiers: "the most
/// senior") stand between the verb and the phrase, and only adverbs and auxiliaries
/// ("also", "has") between the subject and the verb. A personal pronoun stands for the
/// last person named before it, in its sentence or the two before it in its article.
fn copula_subject(view: &DocView<'_>, sentence: usize, start: usize) -> Option<Slot> {
    let tokens = view.tokens(sentence);
    let copula = (start.saturating_sub(4)..start).rev().find(|&j| {
        function(view, sentence, j, Function::Copula)
            && (j + 1..start).all(|k| {
                is_lowercase_word(tokens[k].text) && !view.lexeme(sentence, k).is_preposition()
            })
    })?;
    let mut subject_end = copula;
    while subject_end > 0
        && (function(view, sentence, subject_end - 1, Function::Adverb)
            || function(view, sentence, subject_end - 1, Function::PerfectAuxiliary))
    {
        subject_end -= 1;
    }
    let slots = &view.slots[sentence];
    let named = |end: usize| {
        slots
            .iter()
            .rfind(|s| s.kind == EntityType::Person && s.last == end)
            .copied()
    };
    if let Some(person) = named(subject_end) {
        return Some(person);
    }
    // "X, who is …": the relative's antecedent.
    if subject_end >= 2
        && function(view, sentence, subject_end - 1, Function::PersonRelative)
        && tokens[subject_end - 2].text == ","
    {
        return named(subject_end - 2);
    }
    let pronoun = subject_end.checked_sub(1)?;
    if !function(view, sentence, pronoun, Function::PersonPronoun) {
        return None;
    }
    let article = view.articles[sentence];
    slots
        .iter()
        .rfind(|s| s.kind == EntityType::Person && s.last <= pronoun)
        .copied()
        .or_else(|| {
            (0..sentence)
                .rev()
                .take_while(|&s| view.articles[s] == article)
                .take(2)
                .find_map(|s| {
                    view.slots[s]
                        .iter()
                        .rfind(|slot| slot.kind == EntityType::Person)
                        .copied()
                })
        })
}

/// True for a quotation mark, straight or curly.
fn is_quote(token: &str) -> bool {
    matches!(token, "\"" | "“" | "”" | "‘" | "’" | "'")
}

/// True when the token at `index` is the possessive of a group noun after an article:
/// "the group's", "the organisation’s".
fn group_noun_possessive(view: &DocView<'_>, sentence: usize, index: usize) -> bool {
    let text = view.tokens(sentence)[index].text;
    let suffix = crate::segment::possessive_len(text);
    index > 0
        && suffix > 0
        && function(view, sentence, index - 1, Function::Article)
        && view
            .pack(sentence)
            .anaphoric_noun(&text[..text.len() - suffix])
            == Some(EntityType::Organization)
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

/// Adjacent slots joined by a possessive "’s": (owner, owned); and an organisation
/// named with its owner in it ("Gaza’s Health Ministry") with the owner's slot inside.
fn possessive_pairs<'s>(view: &DocView<'_>, slots: &'s [Slot]) -> Vec<(&'s Slot, &'s Slot)> {
    // "’s" is four bytes, "'s" two: then a space and at most one more.
    let possessive = |between: &str| {
        between
            .strip_prefix("’s")
            .or_else(|| between.strip_prefix("'s"))
            .is_some_and(|rest| rest.starts_with(' ') && rest.len() <= 2)
    };
    let mut pairs: Vec<(&Slot, &Slot)> = slots
        .windows(2)
        .filter(|pair| {
            view.text
                .get(pair[0].span.end..pair[1].span.start)
                .is_some_and(possessive)
        })
        .map(|pair| (&pair[0], &pair[1]))
        .collect();
    for owner in slots {
        if !view.possessive_after(owner) {
            continue;
        }
        pairs.extend(
            slots
                .iter()
                .filter(|owned| {
                    owned.kind == EntityType::Organization
                        && owned.span.start == owner.span.start
                        && owned.span.end > owner.span.end
                })
                .map(|owned| (owner, owned)),
        );
    }
    pairs
}

/// [`RuleId::PossessivePart`]: an organisation a group owns, or a state body a state
/// owns, is part of it. "Uzbekistan's State Security Service" → State Security Service
/// partOf Uzbekistan; "ISKP's Al-Azaim Foundation" → partOf ISKP. Any other
/// organisation a state or place owns is one active there ([`possessive_operates`]).
fn possessive_part(view: &DocView<'_>, sentence: usize, facts: &mut Vec<Fact>) {
    for (owner, owned) in possessive_pairs(view, &view.slots[sentence]) {
        let part = match owner.kind {
            EntityType::Organization => true,
            EntityType::Country => is_state_body(view, sentence, owned),
            _ => false,
        };
        if part && owned.kind == EntityType::Organization {
            facts.extend(fact(
                owned,
                Predicate::PartOf,
                owner,
                sentence,
                RuleId::PossessivePart,
                0.75,
            ));
        }
    }
}

/// [`RuleId::PossessiveOperates`]: an organisation a state or place owns, other than a
/// state body, is active there. "Yemen's Houthis", "Afghanistan's Taliban regime",
/// "Dagestan's Interior Ministry" → operatesIn.
fn possessive_operates(view: &DocView<'_>, sentence: usize, facts: &mut Vec<Fact>) {
    for (owner, owned) in possessive_pairs(view, &view.slots[sentence]) {
        let operates = match owner.kind {
            EntityType::Location => true,
            EntityType::Country => !is_state_body(view, sentence, owned),
            _ => false,
        };
        if operates && owned.kind == EntityType::Organization {
            facts.extend(fact(
                owned,
                Predicate::OperatesIn,
                owner,
                sentence,
                RuleId::PossessiveOperates,
                0.65,
            ));
        }
    }
}

/// True when an organisation's mention is headed by a state body's noun ("State
/// Security Service", "foreign ministry", "Popular Mobilization Units", "Department
/// of State"): its head is its last word, or the word before its first "of".
fn is_state_body(view: &DocView<'_>, sentence: usize, org: &Slot) -> bool {
    let pack = view.pack(sentence);
    let tokens = &view.tokens(sentence)[org.first..org.last.min(view.tokens(sentence).len())];
    let head = tokens
        .iter()
        .position(|t| pack.preposition(t.text, Meaning::Genitive))
        .filter(|&p| p > 0)
        .map_or(tokens.last(), |p| tokens.get(p - 1));
    head.is_some_and(|t| pack.org_head(t.text, OrgHead::Agency))
}

/// [`RuleId::PossessiveLocation`]: a place a place owns lies in it. "Russia's Dagestan"
/// → Dagestan locatedIn Russia; "Dagestan's largest city of Makhachkala", "Mali's
/// capital, Bamako" → locatedIn Dagestan, Mali.
fn possessive_location(view: &DocView<'_>, sentence: usize, facts: &mut Vec<Fact>) {
    let tokens = view.tokens(sentence);
    let pack = view.pack(sentence);
    let slots = &view.slots[sentence];
    for owner in slots.iter().filter(|s| s.is_place()) {
        let possessive = view.text[owner.span.end..]
            .strip_prefix("’s")
            .or_else(|| view.text[owner.span.end..].strip_prefix("'s"))
            .is_some();
        if !possessive {
            continue;
        }
        // Lowercase modifiers, then a locative noun, then "of" or a comma.
        let mut j = owner.last;
        while j < tokens.len() && j < owner.last + 3 && is_lowercase_word(tokens[j].text) {
            if pack.is_locative_noun(tokens[j].text) {
                break;
            }
            j += 1;
        }
        let noun = tokens.get(j).is_some_and(|t| pack.is_locative_noun(t.text));
        let joint = tokens
            .get(j + 1)
            .is_some_and(|t| t.text == "," || pack.preposition(t.text, Meaning::Genitive));
        if !(noun && joint) {
            continue;
        }
        if let Some(owned) = slots
            .iter()
            .find(|s| s.kind == EntityType::Location && s.first == j + 2)
        {
            facts.extend(fact(
                owned,
                Predicate::LocatedIn,
                owner,
                sentence,
                RuleId::PossessiveLocation,
                0.7,
            ));
        }
    }
    for (owner, owned) in possessive_pairs(view, &view.slots[sentence]) {
        if owner.is_place() && owned.kind == EntityType::Location {
            facts.extend(fact(
                owned,
                Predicate::LocatedIn,
                owner,
                sentence,
                RuleId::PossessiveLocation,
                0.75,
            ));
        }
    }
}

/// [`RuleId::StateAgencyName`]: an agency named after its state is part of it: a known
/// agency whose name opens with a form of its own state ("US Central Command", "U.S.
/// Department of State"), or a state's name or adjective right before a state body's
/// head noun ("the Russian Defence Ministry", "Indian Armed Forces").
fn state_agency_name(
    view: &DocView<'_>,
    sentence: usize,
    gazetteer: &Gazetteer,
    facts: &mut Vec<Fact>,
) {
    let slots = &view.slots[sentence];
    let pack = view.pack(sentence);
    let tokens = view.tokens(sentence);
    let state_entity = |id: &str| {
        view.entities.iter().position(|e| {
            e.kind == EntityType::Country && e.entry.is_some_and(|x| gazetteer.entry(x).id == id)
        })
    };
    for (k, org) in slots
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind == EntityType::Organization)
    {
        let surface = &view.text[org.span.start..org.span.end];
        // "Syria's foreign ministry": the possessive is no part of the state's name.
        let first = surface.split(' ').next().unwrap_or_default();
        let opening = &first[..first.len() - crate::segment::possessive_len(first)];
        let known = view.entities[org.entity]
            .entry
            .and_then(|x| gazetteer.entry(x).country.as_deref())
            .filter(|state| {
                opening.len() < surface.len()
                    && gazetteer
                        .lookup(opening)
                        .is_some_and(|(i, _)| gazetteer.entry(i).id == **state)
            })
            .and_then(state_entity);
        // "Rwandan Defence Force", "Mozambique Armed Forces": a state body whose name
        // opens with its state's name or adjective.
        let named = || {
            gazetteer
                .lookup(opening)
                .map(|(i, _)| gazetteer.entry(i))
                .filter(|e| e.kind == EntityType::Country && opening.len() < surface.len())
                .filter(|_| is_state_body(view, sentence, org))
                .and_then(|e| state_entity(&e.id))
        };
        let known = known.or_else(named);
        let head = org.last.checked_sub(1).and_then(|i| tokens.get(i));
        let before = k
            .checked_sub(1)
            .map(|j| &slots[j])
            .filter(|state| {
                state.kind == EntityType::Country
                    && state.last == org.first
                    && view.text[state.span.end..org.span.start].trim().is_empty()
                    && head.is_some_and(|h| pack.org_head(h.text, OrgHead::Agency))
            })
            .map(|state| state.entity);
        if let Some(state) = known.or(before)
            && state != org.entity
        {
            facts.push(Fact {
                subject: org.entity,
                predicate: Predicate::PartOf,
                object: state,
                sentence,
                rule: RuleId::StateAgencyName,
                confidence: 0.7,
            });
        }
    }
}

/// [`RuleId::PartApposition`]: a part noun in apposition. "Al-Azaim Foundation, ISKP’s
/// mouthpiece", "Sentinel, the journal of the Combating Terrorism Center", "the branch
/// of Islamic State known as ISKP".
fn part_apposition(view: &DocView<'_>, sentence: usize, facts: &mut Vec<Fact>) {
    let tokens = view.tokens(sentence);
    let slots = &view.slots[sentence];
    let pack = view.pack(sentence);
    for (i, token) in tokens.iter().enumerate() {
        if token.text.starts_with(char::is_uppercase)
            || !view.lexeme(sentence, i).listed(Listed::Role)
            || !pack.role(token.text, Predicate::PartOf)
        {
            continue;
        }
        let orgs = |s: &&Slot| s.kind == EntityType::Organization;
        // "X, Y's mouthpiece" / "X, the journal of Y".
        let parent = if preposition(view, sentence, i + 1, Meaning::Genitive) {
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
                let (known, len) = (i..tokens.len().min(i + 10))
                    .map(|j| (j, pack.alias_at(tokens, j)))
                    .find(|&(_, len)| len > 0)?;
                let after = known + len - 1;
                slots
                    .iter()
                    .filter(orgs)
                    .find(|s| s.first > after && s.first <= after + 2)
            });
        if let Some(child) = child {
            facts.extend(fact(
                child,
                Predicate::PartOf,
                parent,
                sentence,
                RuleId::PartApposition,
                0.75,
            ));
        }
    }
}

/// [`RuleId::FromCountry`]: the people listed right before "from" a country are its
/// citizens. "Temur Khusinov, 29, and Ramzidin Toshev, 28, from Uzbekistan".
fn from_country(view: &DocView<'_>, sentence: usize, facts: &mut Vec<Fact>) {
    let tokens = view.tokens(sentence);
    let slots = &view.slots[sentence];
    for (k, country) in slots
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind == EntityType::Country)
    {
        if country.first == 0 || !preposition(view, sentence, country.first - 1, Meaning::Origin) {
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
                view.is_list_joint(sentence, t)
                    || tokens[t].text.chars().all(|c| c.is_ascii_digit())
            });
            if !gap_ok {
                break;
            }
            facts.extend(fact(
                slot,
                Predicate::CitizenOf,
                country,
                sentence,
                RuleId::FromCountry,
                0.8,
            ));
            last_end = slot.first;
        }
    }
}

/// [`RuleId::DemonymNational`]: a nationality noun beside a person. "Tajik national
/// Ahmad Karimov", "Ahmad Karimov, a Tajik citizen".
fn demonym_national(view: &DocView<'_>, sentence: usize, facts: &mut Vec<Fact>) {
    let slots = &view.slots[sentence];
    let pack = view.pack(sentence);
    let citizen = |i: usize| {
        view.tokens(sentence)
            .get(i)
            .is_some_and(|t| pack.demonym_noun(t.text, DemonymNoun::Citizen))
    };
    for pair in slots.windows(2) {
        let (first, second) = (&pair[0], &pair[1]);
        if first.kind == EntityType::Country
            && second.kind == EntityType::Person
            && second.first == first.last + 1
            && citizen(first.last)
        {
            facts.extend(fact(
                second,
                Predicate::CitizenOf,
                first,
                sentence,
                RuleId::DemonymNational,
                0.75,
            ));
        }
        if first.kind == EntityType::Person
            && second.kind == EntityType::Country
            && citizen(second.last)
            && second.first <= first.last + 3
        {
            facts.extend(fact(
                first,
                Predicate::CitizenOf,
                second,
                sentence,
                RuleId::DemonymNational,
                0.75,
            ));
        }
    }
}

/// [`RuleId::NationalGroup`]: a nationality word opening a phrase whose head is a
/// singular group noun (anaphoric or of apposition), after up to three modifiers, names
/// the state a group is active in, when the phrase stands for a named group: the name
/// right after it ("the Somali militant group Harakat Example", "the Malian group known
/// as X"), the name the phrase is in apposition to ("Harakat Example, a Somali armed
/// group"), or the group the phrase refers back to ("the Somali militant group said").
/// Plural nouns name members, who may be foreign fighters ("Uzbek militants of the
/// group"), and a preposition before the noun makes it no head of the phrase ("a Tajik
/// member of the group"): they say nothing about where the group is.
fn national_group(view: &DocView<'_>, sentence: usize, facts: &mut Vec<Fact>) {
    let tokens = view.tokens(sentence);
    let slots = &view.slots[sentence];
    let pack = view.pack(sentence);
    let word = |j: usize| tokens.get(j).map_or("", |t| t.text);
    for state in slots
        .iter()
        .filter(|s| s.kind == EntityType::Country && s.last == s.first + 1 && s.first > 0)
    {
        let opener = state.first - 1;
        if !(function(view, sentence, opener, Function::Article)
            || function(view, sentence, opener, Function::Indefinite))
        {
            continue;
        }
        // The head: a singular group noun within three words, only modifiers (lowercase
        // words that are no preposition or article) before it.
        let group_noun = |k: usize| {
            let noun = word(k);
            (pack.anaphoric_noun(noun) == Some(EntityType::Organization)
                || pack.is_apposition_noun(noun))
                && !pack.is_plural(noun)
        };
        let modifier = |k: usize| {
            let lexeme = view.lexeme(sentence, k);
            is_lowercase_word(word(k))
                && !lexeme.is_preposition()
                && !lexeme.function(Function::Article)
                && !lexeme.function(Function::Indefinite)
        };
        let Some(head) = (state.last..state.last + 4)
            .take_while(|&k| k == state.last || modifier(k - 1))
            .find(|&k| group_noun(k))
        else {
            continue;
        };
        let is_org = |s: &&Slot| s.kind == EntityType::Organization && s.entity != state.entity;
        // The group the phrase refers back to (a resolved description spans it), the
        // name right after it, or the name before the comma or dash that opens it.
        let group = slots
            .iter()
            .filter(is_org)
            .find(|s| s.first < state.first && s.last > head)
            .or_else(|| {
                // "the Malian group known as X".
                let after = head + 1 + pack.alias_at(tokens, head + 1);
                slots.iter().filter(is_org).find(|s| s.first == after)
            })
            .or_else(|| {
                slots
                    .iter()
                    .filter(is_org)
                    .find(|s| s.last + 1 == opener && matches!(word(s.last), "," | "–" | "—"))
            });
        if let Some(group) = group {
            facts.extend(fact(
                group,
                Predicate::OperatesIn,
                state,
                sentence,
                RuleId::NationalGroup,
                0.6,
            ));
        }
    }
}

/// [`RuleId::DesignatedBy`]: a verb of listing after a group or person (a few words
/// after its name: "X — listed", "X, long outlawed") makes the states and bodies of
/// its agentive phrase, after lowercase words that are no preposition ("as a terrorist
/// group"), or the state of its place phrase, oppose it. "Kandor Front, designated a
/// terrorist group by Canada and the EU", "Kandor Front, proscribed in Chad for years". A
/// verb that is neutral by itself ("listed", "designated") needs a noun of enmity
/// before its "by" and takes no place phrase: "listed as a mediator by Qatar" is no
/// opposition.
fn designated_by(view: &DocView<'_>, sentence: usize, facts: &mut Vec<Fact>) {
    let tokens = view.tokens(sentence);
    let slots = &view.slots[sentence];
    let pack = view.pack(sentence);
    for i in 1..tokens.len() {
        if !view.lexeme(sentence, i).listed(Listed::DesignationVerb)
            || !pack.is_designation_verb(tokens[i].text)
        {
            continue;
        }
        // The one listed: the last name before the verb, only words or punctuation of
        // no name between.
        let Some(listed) = slots.iter().rev().find(|s| s.last <= i).filter(|s| {
            matches!(s.kind, EntityType::Organization | EntityType::Person) && s.last + 5 >= i
        }) else {
            continue;
        };
        let end = view.clause_end(sentence, i).max(i + 1);
        let start_of = |j: usize| {
            let skip = usize::from(function(view, sentence, j, Function::Article));
            j + skip
        };
        let mut designators: Vec<&Slot> = Vec::new();
        // A neutral verb ("listed", "designated") lists an enemy only with a noun of
        // enmity before its "by" ("listed as a mediator by Qatar" is no enmity).
        let needs_noun = pack.designation_needs_noun(tokens[i].text);
        let by = (i + 1..end.min(i + 8)).find(|&j| view.lexeme(sentence, j).is_preposition());
        if let Some(by) = by.filter(|&j| {
            preposition(view, sentence, j, Meaning::Agentive)
                && (i + 1..j).all(|k| is_lowercase_word(tokens[k].text))
                && (!needs_noun || (i + 1..j).any(|k| pack.is_designation_noun(tokens[k].text)))
        }) {
            let mut next = start_of(by + 1);
            for slot in slots.iter().filter(|s| s.first > by) {
                if slot.first != next || !slot.is_actor() {
                    break;
                }
                designators.push(slot);
                next = slot.last;
                while next < end && view.is_list_joint(sentence, next) {
                    next += 1;
                }
                next = start_of(next);
            }
        } else if !needs_noun && preposition(view, sentence, i + 1, Meaning::Place) {
            let at = start_of(i + 2);
            designators.extend(
                slots
                    .iter()
                    .find(|s| s.first == at && s.kind == EntityType::Country),
            );
        }
        for designator in designators {
            facts.extend(fact(
                designator,
                Predicate::Opposes,
                listed,
                sentence,
                RuleId::DesignatedBy,
                0.6,
            ));
        }
    }
}

/// A clause cue with the entities on either side of it in its clause.
struct Stance {
    predicate: Predicate,
    /// Coordinated entities on one side, none on the other, relate to each other.
    reciprocal: bool,
    subjects: Vec<Slot>,
    objects: Vec<Slot>,
}

/// Reads every clause cue of a sentence: the entities just before the cue in its
/// clause with their coordinated partners, and the first entity closely after the cue
/// that no other preposition governs, with its coordinated partners, or the list a
/// "such as" introduces. The cue's row says which side is the subject; the predicate's
/// schema, which types each side may have (a country after a locative is a place, not
/// a party).
fn stances(view: &DocView<'_>, sentence: usize) -> Vec<Stance> {
    let tokens = view.tokens(sentence);
    let slots = &view.slots[sentence];
    let pack = view.pack(sentence);
    let mut out = Vec::new();
    for i in 0..tokens.len() {
        if !view.lexeme(sentence, i).may_start_cue(Construction::Clause) {
            continue;
        }
        let Some(cue) = pack.cue_at(tokens, i, Construction::Clause) else {
            continue;
        };
        // A verb with a common-noun object relates its subjects to that object, not to
        // each other: "French and German engineers assisted the inspectors". Read where
        // the sentence is tagged (it has an event trigger or a verb of speech).
        let object = i + cue.len;
        // (The tags last: reading one tags the sentence up to it.)
        let common_object = !slots.iter().any(|s| s.first == object)
            && view
                .tag(sentence, object - 1)
                .is_some_and(|t| t.pos == Pos::Verb)
            && view
                .tag(sentence, object)
                .is_some_and(|t| matches!(t.pos, Pos::Noun | Pos::Det | Pos::Adj));
        let reciprocal = !common_object
            && pack
                .cue_at(tokens, i, Construction::Reciprocal)
                .is_some_and(|r| r.predicate == cue.predicate);
        let schema = cue.predicate.schema();
        let (before_kinds, after_kinds) = if cue.subject_first {
            (schema.domain, schema.range)
        } else {
            (schema.range, schema.domain)
        };
        let start = view.clause_start(sentence, i);
        let end = view.clause_end(sentence, i);
        // A name glued by a hyphen to the word before it is inside a modifier of the
        // phrase's head ("Pro-Iran militias", "anti-Taliban fighters"): the head, not
        // the name, is the party.
        let fits_before = |s: &&Slot| {
            before_kinds.contains(&s.kind)
                && !is_place_use(view, sentence, s)
                && !view.hyphen_before(s)
        };
        let fits_after =
            |s: &&Slot| after_kinds.contains(&s.kind) && !is_place_use(view, sentence, s);
        let joint = |t: usize| {
            view.is_list_joint(sentence, t) || function(view, sentence, t, Function::Article)
        };
        let mut candidates: Vec<&Slot> = slots
            .iter()
            .filter(fits_before)
            .filter(|s| {
                s.first >= start
                    && s.last <= i
                    && (!governed_elsewhere(view, sentence, s.first, start)
                        || is_possessor(view, s))
                    && (!object_of_noun(view, sentence, s.first, start) || is_possessor(view, s))
            })
            .collect();
        // A comitative cue ("alongside Y") partners the clause's subject, which stands
        // first, not the verb's object before the cue: "X battled Z alongside Y".
        if view
            .lexeme(sentence, i)
            .preposition_any(&[Meaning::Comitative])
        {
            candidates.truncate(leading_group(view, sentence, &candidates));
        }
        let before: Vec<Slot> = subject_group(view, sentence, candidates);
        let mut after: Vec<Slot> = Vec::new();
        for slot in slots
            .iter()
            .filter(fits_after)
            .filter(|s| s.first > i && s.first < end)
        {
            match after.last() {
                // The object follows its cue closely ("against the Taliban", "help
                // Afghanistan"); further on, it belongs to another verb. Its
                // coordinated partners may run on: "a threat to Iraq, Jordan and Syria".
                None if slot.first > i + 3 => break,
                // The cue's own words ("working with", "led by") govern nothing else.
                None if governed_elsewhere(view, sentence, slot.first, i + cue.len) => continue,
                None => after.push(*slot),
                Some(previous) if (previous.last..slot.first).all(joint) => after.push(*slot),
                Some(_) => break,
            }
        }
        // "threatens coastal states such as Benin and Togo".
        if after.is_empty()
            && let Some((list, len)) = (i + 1..end.min(i + 6))
                .filter(|&t| view.lexeme(sentence, t).may_start_function(Function::List))
                .map(|t| (t, pack.function_at(tokens, t, Function::List)))
                .find(|&(_, len)| len > 0)
        {
            let list_end = list + len - 1;
            for slot in slots
                .iter()
                .filter(fits_after)
                .filter(|s| s.first > list_end && s.first < end)
            {
                let joined = after.last().map_or(slot.first <= list_end + 2, |p| {
                    (p.last..slot.first).all(joint)
                });
                if !joined {
                    break;
                }
                after.push(*slot);
            }
        }
        let (subjects, objects) = if let Some(stance) =
            comitative_possessor(view, sentence, i, start, &before, &fits_before)
        {
            stance
        } else if cue.subject_first {
            (before, after)
        } else {
            (after, before)
        };
        out.push(Stance {
            predicate: cue.predicate,
            reciprocal,
            subjects,
            objects,
        });
    }
    out
}

/// "Y was created with X's support": the possessor of a cue noun after a comitative
/// preposition is the doer, and the clause's subject before the preposition the
/// partner; what follows the cue belongs elsewhere. Returns (subjects, objects).
fn comitative_possessor(
    view: &DocView<'_>,
    sentence: usize,
    cue: usize,
    start: usize,
    before: &[Slot],
    fits: &dyn Fn(&&Slot) -> bool,
) -> Option<(Vec<Slot>, Vec<Slot>)> {
    let possessor = before
        .last()
        .filter(|s| s.last == cue && is_possessor(view, s))?;
    let mut with = possessor.first.checked_sub(1)?;
    while with > start && function(view, sentence, with, Function::Determiner) {
        with -= 1;
    }
    if !preposition(view, sentence, with, Meaning::Comitative) {
        return None;
    }
    let partners = subject_group(
        view,
        sentence,
        view.slots[sentence]
            .iter()
            .filter(fits)
            .filter(|s| {
                s.first >= start
                    && s.last <= with
                    && !governed_elsewhere(view, sentence, s.first, start)
            })
            .collect(),
    );
    Some((vec![*possessor], partners))
}

/// [`RuleId::ClauseCue`]: a clause cue relates the entities on either side of it as its
/// row says, for any predicate: "ISKP lashed out against the Taliban and the United
/// States" (opposes), "Russia is working with the C5" (cooperatesWith).
fn clause_cue(sentence: usize, stances: &[Stance], facts: &mut Vec<Fact>) {
    for stance in stances {
        for subject in &stance.subjects {
            for object in &stance.objects {
                if stance.predicate.accepts(subject.kind, object.kind) {
                    facts.extend(fact(
                        subject,
                        stance.predicate,
                        object,
                        sentence,
                        RuleId::ClauseCue,
                        0.6,
                    ));
                }
            }
        }
    }
}

/// [`RuleId::ReciprocalCue`]: coordinated entities on one side of a reciprocal cue, with
/// none on the other, relate to each other. "Moscow and Dushanbe are seeking to enhance
/// their cooperation".
fn reciprocal_cue(sentence: usize, stances: &[Stance], facts: &mut Vec<Fact>) {
    for stance in stances.iter().filter(|s| s.reciprocal) {
        let side = match (&stance.subjects[..], &stance.objects[..]) {
            (side, []) | ([], side) if side.len() >= 2 => side,
            _ => continue,
        };
        for (a, b) in side.iter().zip(side.iter().skip(1)) {
            if stance.predicate.accepts(a.kind, b.kind) {
                facts.extend(fact(
                    a,
                    stance.predicate,
                    b,
                    sentence,
                    RuleId::ReciprocalCue,
                    0.7,
                ));
            }
        }
    }
}

/// A hyphenated token and the names inside it ("Iran-backed", "Israel-Hamas"): where the
/// compound and pair rules start.
struct Hyphenated<'a> {
    index: usize,
    text: &'a str,
    inside: Vec<Slot>,
}

fn hyphenated<'a>(view: &DocView<'a>, sentence: usize) -> Vec<Hyphenated<'a>> {
    let slots = &view.slots[sentence];
    view.tokens(sentence)
        .iter()
        .enumerate()
        .filter(|(_, token)| token.text.contains('-'))
        .map(|(index, token)| Hyphenated {
            index,
            text: token.text,
            inside: slots
                .iter()
                .filter(|s| token.span.contains(&s.span))
                .copied()
                .collect(),
        })
        .filter(|h| !h.inside.is_empty())
        .collect()
}

/// [`RuleId::CompoundCue`]: the names inside a hyphenated modifier ending in a compound
/// cue and the name it modifies (close after it, past lowercase words), as the cue's row
/// says: "Iran-backed Houthis" (cooperatesWith), "the Afghanistan-Pakistan-based ISKP",
/// "the Houthi-controlled port of Hodeidah" (operatesIn), "the US-led coalition" (the
/// name it opens: memberOf). A state's modifier before a
/// group noun modifies the group the sentence or the previous ones named ("the
/// Iran-aligned rebels").
fn compound_cue(
    view: &DocView<'_>,
    sentence: usize,
    hyphenated: &[Hyphenated<'_>],
    facts: &mut Vec<Fact>,
) {
    let tokens = view.tokens(sentence);
    let slots = &view.slots[sentence];
    let pack = view.pack(sentence);
    for h in hyphenated {
        let Some(cue) = h
            .text
            .rsplit_once('-')
            .and_then(|(_, suffix)| pack.cue_word(suffix, Construction::Compound))
        else {
            continue;
        };
        let i = h.index;
        let antecedent;
        // "the US-led coalition": the modifier opens the name of what it modifies.
        let opening = slots
            .iter()
            .find(|s| s.first == i && s.last > i + 1 && s.kind == EntityType::Organization);
        let modified = match opening.or_else(|| modified_name(view, sentence, i)) {
            Some(slot) => Some(slot),
            None if tokens.get(i + 1).is_some_and(|t| {
                pack.is_apposition_noun(t.text)
                    || pack.anaphoric_noun(t.text) == Some(EntityType::Organization)
            }) =>
            {
                antecedent = slots
                    .iter()
                    .rev()
                    .find(|s| s.kind == EntityType::Organization && s.last <= i)
                    .copied()
                    .or_else(|| previous_organization(view, sentence));
                antecedent.as_ref()
            }
            None => None,
        };
        // "the Houthi-controlled (Yemeni) port of Hodeidah": the modified noun is named
        // by the place its genitive introduces.
        let site = named_site(view, sentence, modified.map_or(i + 1, |m| m.last));
        for modified in modified.into_iter().chain(site) {
            for inner in &h.inside {
                let (subject, object) = if cue.subject_first {
                    (inner, modified)
                } else {
                    (modified, inner)
                };
                if cue.predicate.accepts(subject.kind, object.kind) {
                    facts.extend(fact(
                        subject,
                        cue.predicate,
                        object,
                        sentence,
                        RuleId::CompoundCue,
                        0.7,
                    ));
                }
            }
        }
    }
}

/// The place that names the common noun at token `from` (the first token after a
/// modifier): the noun, a genitive preposition, an optional article, then the place
/// ("port of Hodeidah", "the town of Kidal"). One noun only: in "areas north of Aden"
/// the genitive belongs to a direction, and Aden is not the area.
fn named_site<'v>(view: &'v DocView<'_>, sentence: usize, from: usize) -> Option<&'v Slot> {
    let tokens = view.tokens(sentence);
    let genitive = from + 1;
    if !tokens.get(from).is_some_and(|t| is_lowercase_word(t.text))
        || view.lexeme(sentence, from).is_preposition()
        || genitive >= tokens.len()
        || !preposition(view, sentence, genitive, Meaning::Genitive)
    {
        return None;
    }
    let mut first = genitive + 1;
    if function(view, sentence, first, Function::Article) {
        first += 1;
    }
    view.slots[sentence]
        .iter()
        .find(|s| s.first == first && s.is_place())
}

/// The name a hyphenated modifier at token `i` modifies: the first name after it, past
/// lowercase modifiers and nouns ("Iran-backed Houthi rebels") and an alias phrase ("the
/// Mali-based group known as MUJAO"), never past a preposition, an infinitive or a verb
/// ("X-linked groups inside Iraq", "an X-linked plot to bomb Y").
fn modified_name<'v>(view: &'v DocView<'_>, sentence: usize, i: usize) -> Option<&'v Slot> {
    let tokens = view.tokens(sentence);
    let pack = view.pack(sentence);
    let mut j = i + 1;
    while j <= i + 5 {
        if let Some(slot) = view.slots[sentence].iter().find(|s| s.first == j) {
            return Some(slot);
        }
        let alias = pack.alias_at(tokens, j);
        if alias > 0 {
            j += alias;
            continue;
        }
        let word = tokens.get(j)?.text;
        let lexeme = view.lexeme(sentence, j);
        let verb = view.trigger(sentence, j).is_some_and(|t| !t.form.is_noun());
        if !is_lowercase_word(word)
            || lexeme.is_preposition()
            || lexeme.function(Function::Infinitive)
            || verb
        {
            return None;
        }
        j += 1;
    }
    None
}

/// [`RuleId::PairCue`]: two names joined by a hyphen right before a pair cue relate to
/// each other: "the Israel-Hamas war", "India-Pakistan clashes".
fn pair_cue(
    view: &DocView<'_>,
    sentence: usize,
    hyphenated: &[Hyphenated<'_>],
    facts: &mut Vec<Fact>,
) {
    let tokens = view.tokens(sentence);
    let pack = view.pack(sentence);
    for h in hyphenated {
        let Some(cue) = tokens
            .get(h.index + 1)
            .and_then(|next| pack.cue_word(next.text, Construction::Pair))
        else {
            continue;
        };
        if let [a, b] = &h.inside[..]
            && cue.predicate.accepts(a.kind, b.kind)
        {
            facts.extend(fact(a, cue.predicate, b, sentence, RuleId::PairCue, 0.7));
        }
    }
}

/// True when a possessive ending follows the slot: "Hamas’ attack", "ISKP's war". A
/// possessor is the doer of the noun after it, whatever preposition stands before it.
fn is_possessor(view: &DocView<'_>, slot: &Slot) -> bool {
    let rest = &view.text[slot.span.end..];
    ["’s ", "'s ", "’ ", "' "]
        .iter()
        .any(|ending| rest.starts_with(ending))
}

/// True when a preposition other than a cue's own (an object or comitative one:
/// "against", "with", "to", "on") or a list governs the slot: "from Asia", "in
/// Afghanistan", "of Central Asia", "including Iran".
fn governed_elsewhere(view: &DocView<'_>, sentence: usize, first: usize, floor: usize) -> bool {
    let mut i = first;
    while i > floor {
        let lexeme = view.lexeme(sentence, i - 1);
        if lexeme.function(Function::Determiner) {
            i -= 1;
            continue;
        }
        // "into Burkina Faso and Niger": a conjunct shares its partner's preposition.
        if view.is_list_joint(sentence, i - 1)
            && let Some(partner) = view.slots[sentence].iter().rev().find(|s| s.last + 1 == i)
        {
            i = partner.first;
            continue;
        }
        let cue_own = lexeme.preposition_any(&[Meaning::Object, Meaning::Comitative]);
        return lexeme.is_preposition() && !cue_own || lexeme.function(Function::List);
    }
    false
}

/// True when an object preposition before the slot, past lowercase modifiers, makes it
/// the object of a noun before the cue, not the cue's subject: "an Israeli strike on
/// south Lebanon kills …", "the attack against the Kenyan army killed …". A possessor
/// stays the party of the noun it owns: "referring to Russia's war against Ukraine".
fn object_of_noun(view: &DocView<'_>, sentence: usize, first: usize, floor: usize) -> bool {
    let tokens = view.tokens(sentence);
    let mut i = first;
    while i > floor && i + 3 > first {
        let lexeme = view.lexeme(sentence, i - 1);
        if lexeme.preposition(Meaning::Object) {
            return true;
        }
        if !(lexeme.function(Function::Determiner) || is_lowercase_word(tokens[i - 1].text)) {
            return false;
        }
        i -= 1;
    }
    false
}

/// A country mentioned as where something happens ("in Afghanistan") is not an actor.
fn is_place_use(view: &DocView<'_>, sentence: usize, slot: &Slot) -> bool {
    slot.kind == EntityType::Country && view.preceded_by_locative(sentence, slot.first)
}

/// The subject of a clause: the actors just before the verb, with their coordinated
/// partners ("both the U.S. and the UNODC are working with").
fn subject_group(view: &DocView<'_>, sentence: usize, before: Vec<&Slot>) -> Vec<Slot> {
    let Some(last) = before.last() else {
        return Vec::new();
    };
    let mut group = vec![**last];
    for slot in before.iter().rev().skip(1) {
        let head = group[group.len() - 1];
        let joined = (slot.last..head.first).all(|t| {
            view.is_list_joint(sentence, t) || function(view, sentence, t, Function::Determiner)
        });
        if !joined {
            break;
        }
        group.push(**slot);
    }
    group.reverse();
    group
}

/// How many of `slots` (in text order) make the first group: the first one and those
/// coordinated with it ("X and Y battled Z" → 2).
fn leading_group(view: &DocView<'_>, sentence: usize, slots: &[&Slot]) -> usize {
    let mut n = slots.len().min(1);
    while n < slots.len()
        && (slots[n - 1].last..slots[n].first).all(|t| {
            view.is_list_joint(sentence, t) || function(view, sentence, t, Function::Determiner)
        })
    {
        n += 1;
    }
    n
}

/// What the rules between a group and a place share about a sentence: the organisations
/// that may stand in a relation to a place, and the places where its events happened
/// (which are not where a group is active).
struct Operating<'v, 'a> {
    view: &'v DocView<'a>,
    pack: &'a LanguagePack,
    sentence: usize,
    orgs: Vec<Slot>,
    event_places: Vec<usize>,
}

impl<'v, 'a> Operating<'v, 'a> {
    fn read(view: &'v DocView<'a>, sentence: usize, events: &[DocEvent]) -> Option<Self> {
        let tokens = view.tokens(sentence);
        let pack = view.pack(sentence);
        // A name glued by a hyphen to another word modifies a noun ("the Israel-Hamas
        // war", "Islamic State-linked militants"): it is no group that stands in a place.
        let mut orgs: Vec<Slot> = view.slots[sentence]
            .iter()
            .filter(|s| {
                s.kind == EntityType::Organization
                    && !view.hyphen_after(s)
                    && !view.hyphen_before(s)
            })
            .copied()
            .collect();
        // "It has demonstrated its capability to launch attacks in …", "The group …":
        // the group the previous sentences were about.
        let pronoun_subject = function(view, sentence, 0, Function::GroupPronoun)
            || function(view, sentence, 0, Function::GroupPossessive)
            || tokens.first().is_some_and(|t| t.is_capitalized())
                && function(view, sentence, 0, Function::Article)
                && tokens
                    .get(1)
                    .and_then(|t| pack.anaphoric_noun(t.text))
                    .is_some_and(|kind| kind == EntityType::Organization);
        if orgs.is_empty() && pronoun_subject {
            orgs.extend(previous_organization(view, sentence));
        }
        if orgs.is_empty() {
            return None;
        }
        let event_places = events
            .iter()
            .flat_map(|e| e.roles.iter())
            .filter(|r| r.predicate == Predicate::OccurredIn && r.sentence == sentence)
            .map(|r| r.entity)
            .collect();
        Some(Operating {
            view,
            pack,
            sentence,
            orgs,
            event_places,
        })
    }

    /// The group's relation to the place, when the predicate's schema accepts it.
    fn fact(
        &self,
        org: &Slot,
        predicate: Predicate,
        place: &Slot,
        rule: RuleId,
        confidence: f64,
    ) -> Option<Fact> {
        fact(org, predicate, place, self.sentence, rule, confidence)
            .filter(|_| predicate.accepts(org.kind, place.kind))
    }
}

/// [`RuleId::ControlCue`]: a place right after a control cue (through a genitive or
/// domain preposition) stands in the cue's relation to the group before it. "The
/// Taliban takeover of Afghanistan", "ISKP's control over Nangarhar" (operatesIn).
fn control_cue(o: &Operating<'_, '_>, facts: &mut Vec<Fact>) {
    let tokens = o.view.tokens(o.sentence);
    for i in 0..tokens.len() {
        if !o
            .view
            .lexeme(o.sentence, i)
            .may_start_cue(Construction::Control)
        {
            continue;
        }
        let Some(cue) = o.pack.cue_at(tokens, i, Construction::Control) else {
            continue;
        };
        let Some(org) = o.orgs.iter().rev().find(|s| s.last <= i && s.last + 4 >= i) else {
            continue;
        };
        let introduced = o
            .view
            .lexeme(o.sentence, i + 1)
            .preposition_any(&[Meaning::Genitive, Meaning::Domain]);
        let place = o.view.slots[o.sentence]
            .iter()
            .find(|s| s.is_place() && s.first > i && s.first <= i + 4 && introduced);
        if let Some(place) = place {
            facts.extend(o.fact(org, cue.predicate, place, RuleId::ControlCue, 0.75));
        }
    }
}

/// [`RuleId::LocativeCue`]: a place phrase after a locative cue (or the object of a
/// focus cue) stands in the cue's relation to the organisation before it in the clause,
/// or the sentence's first. "ISKP’s retooling from regional operations in Afghanistan
/// and Pakistan", "expanded its operations from Mali into Burkina Faso and Niger", "a
/// focus on Iran, Turkey, and Europe" (operatesIn).
fn locative_cue(o: &Operating<'_, '_>, facts: &mut Vec<Fact>) {
    let view = o.view;
    let sentence = o.sentence;
    let tokens = view.tokens(sentence);
    let slots = &view.slots[sentence];
    let pack = o.pack;
    let cue_of = |t: usize, construction: Construction| {
        view.lexeme(sentence, t)
            .may_start_cue(construction)
            .then(|| pack.cue_at(tokens, t, construction))
            .flatten()
            .map(|c| c.predicate)
    };
    let cue = |t: usize| cue_of(t, Construction::Locative);
    let focus = |t: usize| cue_of(t, Construction::Focus);
    if !(0..tokens.len()).any(|t| cue(t).is_some()) {
        return;
    }
    // Places introduced by a locative, with the lists they head.
    let mut places = view.places_after(sentence, 0, tokens.len());
    // Places after a preposition of motion: "from Mali into Burkina Faso and Niger";
    // not "to", whose object is as often a target or a destination ("heading to Israel").
    for i in 0..tokens.len() {
        let lexeme = view.lexeme(sentence, i);
        if !lexeme.preposition(Meaning::Path) || lexeme.preposition(Meaning::Object) {
            continue;
        }
        let mut last = i + 1;
        for slot in slots.iter().filter(|s| s.first > i && s.is_place()) {
            let gap_ok = slot.first == last
                || slot.first == last + 1
                    && (view.is_list_joint(sentence, last)
                        || function(view, sentence, last, Function::Article));
            if !gap_ok {
                break;
            }
            places.push(*slot);
            last = slot.last + usize::from(tokens.get(slot.last).is_some_and(|t| t.text == ","));
        }
    }
    // "in neighboring countries such as Pakistan, Iran, and Central Asia".
    for i in 0..tokens.len() {
        if !view.lexeme(sentence, i).may_start_function(Function::List) {
            continue;
        }
        let len = pack.function_at(tokens, i, Function::List);
        if len == 0 {
            continue;
        }
        let list_end = i + len - 1;
        let in_place_phrase = (list_end.saturating_sub(5)..list_end).any(|t| {
            view.lexeme(sentence, t)
                .preposition_any(&[Meaning::Place, Meaning::Path])
        });
        if !in_place_phrase {
            continue;
        }
        let mut last = list_end + 1;
        for slot in slots.iter().filter(|s| s.first > list_end && s.is_place()) {
            if slot.first > last + 1 || !(last..slot.first).all(|t| view.is_list_joint(sentence, t))
            {
                break;
            }
            places.push(*slot);
            last = slot.last;
        }
    }
    // "a focus on Iran, Turkey, and Europe".
    for i in 1..tokens.len() {
        if focus(i - 1).is_none() || !view.lexeme(sentence, i).preposition(Meaning::Object) {
            continue;
        }
        let mut chain: Vec<Slot> = Vec::new();
        for slot in slots.iter().filter(|s| s.first > i && s.is_place()) {
            let joined = chain.last().map_or(slot.first <= i + 2, |prev| {
                slot.first <= prev.last + 2
                    && (prev.last..slot.first).all(|t| view.is_list_joint(sentence, t))
            });
            if !joined {
                break;
            }
            chain.push(*slot);
        }
        places.extend(chain);
    }
    for place in places {
        // The activity must be what the place phrase attaches to: a cue word just before
        // it ("operations in", "stronghold in", "networks across", "focus on").
        let head = chain_head(view, sentence, &place);
        let Some((at, predicate)) = (head.saturating_sub(10)..head)
            .rev()
            .find_map(|t| cue(t).or_else(|| focus(t)).map(|p| (t, p)))
        else {
            continue;
        };
        if o.event_places.contains(&place.entity) {
            continue;
        }
        // The organisation the place belongs to: the nearest before it in the clause, or
        // the sentence's first organisation.
        let start = view.clause_start(sentence, place.first);
        let org = o
            .orgs
            .iter()
            .rev()
            .find(|g| g.last <= place.first && g.first >= start)
            .or_else(|| o.orgs.iter().rev().find(|g| g.last <= place.first))
            .or_else(|| o.orgs.first());
        // A cue right before the name modifies it ("the banned X marches at Y"): the
        // place is that of the act the sentence tells, not of the cue.
        if let Some(org) = org.filter(|g| g.first != at + 1) {
            facts.extend(o.fact(org, predicate, &place, RuleId::LocativeCue, 0.55));
        }
    }
}

/// [`RuleId::GroupLocative`]: a place phrase right after an organisation's name, or
/// after a group noun in apposition to it or a form of "be", is where it is active.
/// "Hezbollah in Lebanon", "the Islamic State group in Iraq and Syria", "JNIM, an
/// insurgent group in the Sahel", "Wagner has been in Libya since 2019"; and the place
/// owning the group noun of an apposition ("X, one of Somalia's armed groups").
fn group_locative(o: &Operating<'_, '_>, facts: &mut Vec<Fact>) {
    let view = o.view;
    let sentence = o.sentence;
    let tokens = view.tokens(sentence);
    let pack = o.pack;
    let word = |j: usize| tokens.get(j).map_or("", |t| t.text);
    let group_noun = |j: usize| {
        let w = word(j);
        pack.is_apposition_noun(w) || pack.anaphoric_noun(w) == Some(EntityType::Organization)
    };
    for org in &o.orgs {
        let mut j = org.last;
        if word(j) == "(" {
            j = (j..tokens.len().min(j + 6))
                .find(|&k| word(k) == ")")
                .map_or(j, |k| k + 1);
        }
        if let Some(owner) = owner_of_apposition(o, j, &group_noun) {
            facts.extend(o.fact(
                org,
                Predicate::OperatesIn,
                owner,
                RuleId::GroupLocative,
                0.6,
            ));
            continue;
        }
        if word(j) == "," && view.lexeme(sentence, j + 1).function(Function::Indefinite) {
            // ", an insurgent group in …": up to two modifiers before the group noun.
            let head = (j + 2..tokens.len().min(j + 5)).find(|&k| group_noun(k));
            let Some(head) = head.filter(|&h| (j + 2..h).all(|k| is_lowercase_word(word(k))))
            else {
                continue;
            };
            j = head + 1;
        } else if group_noun(j) {
            j += 1;
        } else {
            // "X has been in Mali since 2021", "X is in Y": a form of "be" between.
            while j < org.last + 3
                && view
                    .lexeme(sentence, j)
                    .function(Function::PerfectAuxiliary)
            {
                j += 1;
            }
            if view
                .lexeme(sentence, j)
                .function(Function::PassiveAuxiliary)
            {
                j += 1;
            }
        }
        if !view.lexeme(sentence, j).preposition(Meaning::Place) {
            continue;
        }
        let mut last = j + 1;
        for place in view.places_after(sentence, j, view.clause_end(sentence, j)) {
            // The place is the preposition's own object ("in the Sahel", "in the
            // province of X"), not one of a phrase inside it ("in talks with Egypt").
            let nested = (last..place.first).any(|t| {
                let lexeme = view.lexeme(sentence, t);
                lexeme.is_preposition() && !lexeme.preposition(Meaning::Genitive)
            });
            if place.first > last + 3 || nested {
                break;
            }
            last = place.last;
            // "in West Africa's Sahel region": the possessor only locates the place
            // owned, where the group is.
            if view.possessive_after(&place) {
                continue;
            }
            facts.extend(o.fact(
                org,
                Predicate::OperatesIn,
                &place,
                RuleId::GroupLocative,
                0.6,
            ));
        }
    }
}

/// The place owning the group noun of an apposition that opens at `at`, after a name:
/// "BLA – the largest of Balochistan's armed groups", "X, one of Somalia's militant
/// groups", "X, Nigeria's largest jihadist group". Only lowercase words stand between
/// the dash or comma and the place, and between the place and the group noun.
fn owner_of_apposition<'o>(
    o: &'o Operating<'_, '_>,
    at: usize,
    group_noun: &dyn Fn(usize) -> bool,
) -> Option<&'o Slot> {
    let view = o.view;
    let tokens = view.tokens(o.sentence);
    let word = |j: usize| tokens.get(j).map_or("", |t| t.text);
    if !matches!(word(at), "," | "–" | "—") {
        return None;
    }
    let owner = view.slots[o.sentence].iter().find(|s| {
        s.is_place()
            && s.first > at
            && s.first <= at + 4
            && (at + 1..s.first).all(|k| is_lowercase_word(word(k)))
            && view.possessive_after(s)
    })?;
    // "one of … armed groups": the plural of a group noun heads it too.
    let plural_group = |k: usize| {
        o.pack.is_plural(word(k))
            && word(k).strip_suffix('s').is_some_and(|singular| {
                o.pack.is_apposition_noun(singular)
                    || o.pack.anaphoric_noun(singular) == Some(EntityType::Organization)
            })
    };
    let head = (owner.last..tokens.len().min(owner.last + 4))
        .find(|&k| group_noun(k) || plural_group(k))?;
    (owner.last..head)
        .all(|k| is_lowercase_word(word(k)))
        .then_some(owner)
}

/// The first token of the list a place belongs to ("Iran" in "on Iran, Turkey, and
/// Europe" for "Europe"), so that a cue before the list covers all of it.
fn chain_head(view: &DocView<'_>, sentence: usize, place: &Slot) -> usize {
    let slots = &view.slots[sentence];
    let mut head = place.first;
    while let Some(previous) = slots
        .iter()
        .rev()
        .find(|s| s.last <= head && s.is_place() && s.last + 2 >= head)
    {
        if previous.first >= head || !(previous.last..head).all(|t| view.is_list_joint(sentence, t))
        {
            break;
        }
        head = previous.first;
    }
    head
}

/// [`RuleId::SiteNamedAfterPlace`]: a site (an airport, a prison, a stadium) whose
/// name opens with the name of another place of the document lies in it: "Makhachkala
/// airport" → locatedIn Makhachkala, "the Bamako-Sénou airport" → locatedIn Bamako.
fn site_named_after_place(view: &DocView<'_>, sentence: usize, facts: &mut Vec<Fact>) {
    let pack = view.pack(sentence);
    let tokens = view.tokens(sentence);
    for site in view.slots[sentence]
        .iter()
        .filter(|s| s.kind == EntityType::Location && s.last > s.first + 1)
    {
        let head = tokens[site.last - 1].text;
        if !pack.place_head(head, PlaceHead::Site) {
            continue;
        }
        let surface = &view.text[site.span.start..site.span.end];
        let opening = surface.split([' ', '-', '–']).next().unwrap_or_default();
        let place = view.entities.iter().enumerate().position(|(e, entity)| {
            e != site.entity
                && entity.kind == EntityType::Location
                && entity.mentions.iter().any(|m| {
                    view.text
                        .get(m.span.start..m.span.end)
                        .is_some_and(|t| t == opening)
                })
        });
        if let Some(place) = place {
            facts.push(Fact {
                subject: site.entity,
                predicate: Predicate::LocatedIn,
                object: place,
                sentence,
                rule: RuleId::SiteNamedAfterPlace,
                confidence: 0.6,
            });
        }
    }
}

/// [`RuleId::PlaceAttachment`]: a place attached to the place after it lies in it.
/// "Peshawar in Pakistan", "Kerman, Iran", "the Volgograd region of Russia", "a village
/// on the outskirts of Kabul", "in the northeast of Y"; coordinated places with their
/// shared class noun all lie in it ("the Saddar and Clifton neighbourhoods in Karachi");
/// places chained by commas with no coordinator each lie in the next ("Oakvale, Kandor
/// district, Westland"), a head noun the name left out before a comma or not.
fn place_attachment(view: &DocView<'_>, sentence: usize, facts: &mut Vec<Fact>) {
    let tokens = view.tokens(sentence);
    let slots = &view.slots[sentence];
    let pack = view.pack(sentence);
    for (k, place) in slots
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind == EntityType::Location)
    {
        // A possessor owns the place after it ("X's largest city of Y"): the possessive
        // rule reads it the other way round.
        let Some(next) = slots
            .get(k + 1)
            .filter(|s| s.is_place() && !is_possessor(view, place))
        else {
            continue;
        };
        // Overlapping mentions leave no gap.
        let gap = tokens.get(place.last..next.first).unwrap_or_default();
        // "the Saddar and Clifton neighbourhoods in Karachi": the places' shared class
        // noun may come before the preposition.
        let class_nouns = gap
            .iter()
            .take_while(|w| is_lowercase_word(w.text) && pack.place_head(w.text, PlaceHead::Shared))
            .count();
        // "the North Hill area, Kandor": a singular head noun the name left out may
        // stand before the comma.
        let head_nouns = if class_nouns == 0 {
            gap.iter()
                .take_while(|w| {
                    is_lowercase_word(w.text) && pack.place_head(w.text, PlaceHead::Name)
                })
                .count()
        } else {
            0
        };
        let attached = match &gap[class_nouns + head_nouns..] {
            [comma] if comma.text == "," && class_nouns == 0 => !comma_list(view, sentence, next),
            [first, rest @ ..] => {
                gap.len() <= 4 + class_nouns
                    && pack.preposition_any(
                        first.text,
                        &[Meaning::Place, Meaning::Site, Meaning::Genitive],
                    )
                    && rest.iter().all(|w| {
                        pack.function(w.text, Function::Determiner)
                            || pack.is_locative_noun(w.text)
                            || pack.preposition(w.text, Meaning::Genitive)
                            || pack.is_place_adjective(w.text)
                    })
            }
            [] => false,
        } || locative_apposition(view, sentence, gap);
        if !attached {
            continue;
        }
        // The place and, when a class noun follows them, the places coordinated before
        // it: "the Saddar and Clifton neighbourhoods in Karachi" (not "between Istanbul
        // and Tabriz in Iran").
        let mut head = place;
        for conjunct in std::iter::once(place).chain(slots[..k].iter().rev().take_while(|s| {
            let joined = class_nouns > 0
                && s.kind == EntityType::Location
                && s.last < head.first
                && (s.last..head.first).all(|t| view.is_list_joint(sentence, t));
            if joined {
                head = s;
            }
            joined
        })) {
            facts.extend(fact(
                conjunct,
                Predicate::LocatedIn,
                next,
                sentence,
                RuleId::PlaceAttachment,
                0.75,
            ));
        }
    }
}

/// True when the words between two places make the first lie in the second through a
/// locative noun: "Quetta, the capital of mineral-rich Balochistan", "Ngala, the
/// headquarters of …", "Bahawalpur city of Punjab".
fn locative_apposition(
    view: &DocView<'_>,
    sentence: usize,
    gap: &[crate::text::Token<'_>],
) -> bool {
    let pack = view.pack(sentence);
    // An apposition opens with a comma: "Quetta, the capital of …".
    let gap = match gap {
        [comma, rest @ ..] if comma.text == "," => rest,
        _ => gap,
    };
    if gap.len() > 6 {
        return false;
    }
    let Some(of) = gap
        .iter()
        .position(|t| pack.preposition(t.text, Meaning::Genitive))
    else {
        return false;
    };
    let before = &gap[..of];
    let after = &gap[of + 1..];
    // No coordinator: "and in the coastal city of Y" starts another place phrase.
    before.last().is_some_and(|t| pack.is_locative_noun(t.text))
        && before
            .iter()
            .all(|t| is_lowercase_word(t.text) && !pack.function(t.text, Function::Coordinator))
        && after.iter().all(|t| is_lowercase_word(t.text))
}

/// A lowercase word (hyphens allowed): a determiner, an adjective or a common noun.
fn is_lowercase_word(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| c.is_lowercase() || c == '-')
}

/// [`RuleId::GazetteerCountryInSentence`]: a place whose country (by the gazetteer) the
/// same sentence names lies in it. "Gunmen attacked Peshawar, Pakistan's …".
fn gazetteer_country_in_sentence(
    view: &DocView<'_>,
    sentence: usize,
    gazetteer: &Gazetteer,
    facts: &mut Vec<Fact>,
) {
    let slots = &view.slots[sentence];
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
                RuleId::GazetteerCountryInSentence,
                0.6,
            ));
        }
    }
}

/// True when the places joined to this slot by commas form a list, not a chain of places
/// each in the next: a list closes with a coordinator ("Kandor, Belmar and Sutton"), a
/// chain does not ("Oakvale, Kandor district, Westland").
fn comma_list(view: &DocView<'_>, sentence: usize, slot: &Slot) -> bool {
    let slots = &view.slots[sentence];
    let mut last = slot.last;
    for s in slots.iter().filter(|s| s.first > slot.last) {
        if !s.is_place() || s.first > last + 2 {
            break;
        }
        if !(last..s.first).all(|t| view.is_list_joint(sentence, t)) {
            break;
        }
        if (last..s.first).any(|t| view.tokens(sentence)[t].text != ",") {
            return true;
        }
        last = s.last;
    }
    false
}

/// [`RuleId::GazetteerParent`]: a branch and its parent, both named in the document: the
/// names themselves state the tie ("Islamic State Khorasan Province" is the Islamic
/// State's province). An agency's state is not added: articles name it when it matters.
fn gazetteer_parent(view: &DocView<'_>, gazetteer: &Gazetteer, facts: &mut Vec<Fact>) {
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
                    rule: RuleId::GazetteerParent,
                    confidence: 0.6,
                });
            }
        }
    }
}

/// The state an article is filed from, when the document names it: its dateline, a
/// place in capitals opening one of its first sentences before a colon, comma, bracket
/// or dash ("QUETTA:", "WASHINGTON (AP) —", "PESHAWAR, Pakistan"), is the state or lies
/// in it by the gazetteer; a place and its state alone on a line or before a dash
/// ("Iligan, Philippines") name the state.
fn dateline_state(view: &DocView<'_>, gazetteer: &Gazetteer, article: usize) -> Option<usize> {
    let state_of = |slot: &Slot| -> Option<usize> {
        if slot.kind == EntityType::Country {
            return Some(slot.entity);
        }
        let country = gazetteer
            .entry(view.entities[slot.entity].entry?)
            .country
            .as_ref()?;
        view.entities.iter().position(|e| {
            e.kind == EntityType::Country
                && e.entry.is_some_and(|x| &gazetteer.entry(x).id == country)
        })
    };
    (0..view.sentences.len())
        .filter(|&s| view.articles[s] == article)
        .take(4)
        .find_map(|s| {
            let tokens = view.tokens(s);
            let slot = view.slots[s].iter().find(|slot| slot.first <= 1)?;
            let surface = &view.text[slot.span.start..slot.span.end];
            let capitals = !surface.chars().any(char::is_lowercase)
                && surface.chars().filter(|c| c.is_alphabetic()).count() >= 4;
            let opens = slot.first == 0
                || function(view, s, 0, Function::Article)
                    && !tokens[0].text.contains(char::is_lowercase);
            let closed = tokens
                .get(slot.last)
                .is_some_and(|t| matches!(t.text, ":" | "," | "(" | "-" | "–" | "—"));
            if capitals && opens && closed && slot.is_place() {
                return state_of(slot);
            }
            // "Iligan, Philippines", "Iligan/Zamboanga, Philippines" on a line of its own
            // or before a dash: places, a comma and the state open the sentence.
            let country = view.slots[s].iter().find(|c| {
                c.kind == EntityType::Country && c.first >= 2 && tokens[c.first - 1].text == ","
            })?;
            let rest = view.text[country.span.end..].trim_start_matches([' ', '\t']);
            let places = (0..country.first - 1).all(|j| {
                tokens[j].text == "/"
                    || view.slots[s]
                        .iter()
                        .any(|p| p.kind == EntityType::Location && p.first <= j && j < p.last)
            });
            (places && rest.starts_with(['\n', '-', '–', '—'])).then_some(country.entity)
        })
}

/// [`RuleId::StateForces`]: an event whose agent is forces that no name says whose
/// ("security forces killed …", marked by `events`) and that has no agent of its own
/// gets the state the article is about: the state of its dateline, or else the only
/// country the document names. "MOMBASA: … security forces shot two gunmen" → agent
/// Kenya.
pub fn state_forces(view: &DocView<'_>, gazetteer: &Gazetteer, events: &mut Vec<DocEvent>) {
    let mut countries = view
        .slots
        .iter()
        .flatten()
        .filter(|s| s.kind == EntityType::Country)
        .map(|s| s.entity);
    let only = countries
        .next()
        .filter(|&first| countries.all(|other| other == first));
    for event in events.iter_mut() {
        let Some(&sentence) = event.forces.first() else {
            continue;
        };
        if event.roles.iter().any(|r| r.predicate == Predicate::Agent) {
            continue;
        }
        if let Some(state) = dateline_state(view, gazetteer, view.articles[sentence]).or(only) {
            event.roles.push(Role {
                predicate: Predicate::Agent,
                entity: state,
                sentence,
                rule: RuleId::StateForces,
                confidence: 0.6,
            });
        }
    }
    // The forces anchor an event only when they name its state.
    events
        .retain(|e| !e.roles.is_empty() || e.date.is_some() || e.anaphoric || e.forces.is_empty());
}

/// [`RuleId::StateOfVenue`]: court proceedings and arrests that name no one who
/// carries them out are the work of the state they take place in: the one state named as
/// their place, or else the one state the text puts their places in ("Two men went on
/// trial in Germany on Monday", "… arrested in Hamburg, Germany" → agent Germany). It
/// runs after the relation rules, which draw nothing from the state it reads.
pub fn state_of_venue(view: &DocView<'_>, facts: &[Fact], events: &mut [DocEvent]) {
    // The states each place lies in, read once (no pass over the facts per event).
    let mut states_of: rustc_hash::FxHashMap<usize, Vec<usize>> = Default::default();
    for f in facts.iter().filter(|f| {
        f.predicate == Predicate::LocatedIn && view.kind(f.object) == EntityType::Country
    }) {
        states_of.entry(f.subject).or_default().push(f.object);
    }
    for event in events
        .iter_mut()
        .filter(|e| matches!(e.kind, EventType::Investigation | EventType::Arrest))
    {
        if event.roles.iter().any(|r| r.predicate == Predicate::Agent) {
            continue;
        }
        let places = || {
            event
                .roles
                .iter()
                .filter(|r| r.predicate == Predicate::OccurredIn)
        };
        let mut states: Vec<(usize, usize)> = places()
            .filter(|r| view.kind(r.entity) == EntityType::Country)
            .map(|r| (r.entity, r.sentence))
            .collect();
        if states.is_empty() {
            states = places()
                .flat_map(|r| {
                    states_of
                        .get(&r.entity)
                        .into_iter()
                        .flatten()
                        .map(move |&state| (state, r.sentence))
                })
                .collect();
        }
        let Some(&(state, sentence)) = states.first() else {
            continue;
        };
        if states.iter().any(|&(other, _)| other != state)
            || event
                .roles
                .iter()
                .any(|r| r.entity == state && r.predicate != Predicate::OccurredIn)
        {
            continue;
        }
        event.roles.push(Role {
            predicate: Predicate::Agent,
            entity: state,
            sentence,
            rule: RuleId::StateOfVenue,
            confidence: 0.5,
        });
    }
}

/// [`RuleId::BareStateTitle`]: a head of state's or government's title right before a
/// person's name, with no state named before it ("President X", "former Prime Minister
/// X", not "US President X" or "Pakistan's Prime Minister X"), makes the person the
/// leader of the state the article is filed from: "QUETTA: Prime Minister X visited the
/// province" → X leaderOf Pakistan. Without a dateline, the one state the headline
/// names is the article's ("Chile charges …; … former President X" → X leaderOf
/// Chile). Without either, or for a person the document ties to a state or group as
/// leader or citizen, nothing is read.
fn bare_state_title(view: &DocView<'_>, gazetteer: &Gazetteer, facts: &mut Vec<Fact>) {
    let mut found = Vec::new();
    for (sentence, slots) in view.slots.iter().enumerate() {
        let article = view.articles[sentence];
        let Some(state) =
            dateline_state(view, gazetteer, article).or_else(|| headline_state(view, article))
        else {
            continue;
        };
        let tokens = view.tokens(sentence);
        let pack = view.pack(sentence);
        for person in slots.iter().filter(|s| s.kind == EntityType::Person) {
            // The title's words: "Prime Minister", "former President", "Gen.".
            let mut start = person.first;
            while start > 0 {
                let word = tokens[start - 1].text;
                let title = pack.is_title_word(word)
                    || word == "."
                        && start >= 2
                        && pack.title_use(tokens[start - 2].text, TitleUse::Abbreviation);
                if !title {
                    break;
                }
                start -= 1;
            }
            let words = || (start..person.first).map(|j| tokens[j].text);
            // A deputy is no head ("Vice President", "Deputy Prime Minister").
            let head = words().any(|w| pack.title_use(w, TitleUse::State))
                && !words().any(|w| {
                    pack.role_predicate(w, Predicate::PartOf) == Some(Predicate::MemberOf)
                });
            // A state or group named before the title is the one led ("US President X"),
            // and role apposition reads it.
            let named_before = start > 0
                && (slots
                    .iter()
                    .any(|s| s.last == start || s.last + 1 == start && tokens[s.last].text == "-")
                    || crate::segment::possessive_len(tokens[start - 1].text) > 0);
            if head && !named_before && start < person.first {
                found.push((person.entity, state, sentence));
            }
        }
    }
    for (person, state, sentence) in found {
        let tied = facts.iter().any(|f| {
            f.subject == person && matches!(f.predicate, Predicate::LeaderOf | Predicate::CitizenOf)
        });
        if !tied && person != state {
            facts.push(Fact {
                subject: person,
                predicate: Predicate::LeaderOf,
                object: state,
                sentence,
                rule: RuleId::BareStateTitle,
                confidence: 0.6,
            });
        }
    }
}

/// The state an article's headline is about: the one state its first sentence names,
/// when it names no other ("Chile charges …", "Kenyan PM vows …"); a headline naming
/// two states ("Peru and Chile sign accord") says of neither whose titles
/// the article's bare titles are.
fn headline_state(view: &DocView<'_>, article: usize) -> Option<usize> {
    let headline = view.articles.iter().position(|&a| a == article)?;
    let mut states = view.slots[headline]
        .iter()
        .filter(|s| s.kind == EntityType::Country)
        .map(|s| s.entity);
    let state = states.next()?;
    states.all(|s| s == state).then_some(state)
}

/// The attackers or arresters of an event and those who claimed it.
fn doers(event: &DocEvent) -> impl Iterator<Item = &crate::events::Role> {
    event
        .roles
        .iter()
        .filter(|r| matches!(r.predicate, Predicate::Agent | Predicate::ClaimedBy))
}

/// [`RuleId::EventAgentTarget`]: who carries out or claims an attack or an arrest
/// opposes its target. "ISKP attacked the Taliban" → ISKP opposes the Taliban.
fn event_agent_target(view: &DocView<'_>, events: &[DocEvent], facts: &mut Vec<Fact>) {
    for event in events
        .iter()
        .filter(|e| matches!(e.kind, EventType::Attack | EventType::Arrest))
    {
        for agent in doers(event) {
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
                        rule: RuleId::EventAgentTarget,
                        confidence: 0.6,
                    });
                }
            }
        }
    }
}

/// [`RuleId::EventAgentPlace`]: a group that carries out or claims an attack in a
/// country operates there; a city struck says nothing of where it is based. "ISKP
/// claimed the attack in Russia" → ISKP operatesIn Russia.
fn event_agent_place(view: &DocView<'_>, events: &[DocEvent], facts: &mut Vec<Fact>) {
    for event in events.iter().filter(|e| e.kind == EventType::Attack) {
        for agent in doers(event).filter(|a| view.kind(a.entity) == EntityType::Organization) {
            for place in event.roles.iter().filter(|r| {
                r.predicate == Predicate::OccurredIn && view.kind(r.entity) == EntityType::Country
            }) {
                facts.push(Fact {
                    subject: agent.entity,
                    predicate: Predicate::OperatesIn,
                    object: place.entity,
                    sentence: place.sentence,
                    rule: RuleId::EventAgentPlace,
                    confidence: 0.5,
                });
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

#[cfg(test)]
mod tests {
    //! Each rule on the example its documentation gives, in a sentence written for it;
    //! and the cue rules on rows for a predicate no rule names.
    use super::*;
    use crate::rule::example::{BUNDLED, find, misses, reads};

    #[test]
    fn role_apposition_example() {
        reads(
            RuleId::RoleApposition,
            "Sanaullah Ghafari, the emir of ISKP, was not seen in public.",
            Some("Sanaullah Ghafari"),
            Predicate::LeaderOf,
            "ISKP",
        );
    }

    #[test]
    fn bare_state_title_example() {
        reads(
            RuleId::BareStateTitle,
            "KARACHI: Prime Minister Javed Akhtar chaired a meeting on the police of Pakistan.",
            Some("Javed Akhtar"),
            Predicate::LeaderOf,
            "Pakistan",
        );
    }

    #[test]
    fn possessive_part_example() {
        reads(
            RuleId::PossessivePart,
            "Uzbekistan's State Security Service arrested four men.",
            Some("State Security Service"),
            Predicate::PartOf,
            "Uzbekistan",
        );
    }

    #[test]
    fn possessive_location_example() {
        reads(
            RuleId::PossessiveLocation,
            "On Sunday evening gunmen attacked a church in Russia's Dagestan.",
            Some("Dagestan"),
            Predicate::LocatedIn,
            "Russia",
        );
    }

    #[test]
    fn designated_by_example() {
        reads(
            RuleId::DesignatedBy,
            "Kandor Front, designated a terrorist group by Canada and the EU, denied the claim.",
            Some("EU"),
            Predicate::Opposes,
            "Kandor Front",
        );
        reads(
            RuleId::DesignatedBy,
            "Kandor Front, proscribed in Chad for years, denied the claim.",
            Some("Chad"),
            Predicate::Opposes,
            "Kandor Front",
        );
        misses(
            RuleId::DesignatedBy,
            "Kandor Front was listed as a mediator by Qatar.",
            Some("Qatar"),
            Predicate::Opposes,
            "Kandor Front",
        );
    }

    #[test]
    fn national_group_example() {
        reads(
            RuleId::NationalGroup,
            "Harakat al-Wadi, a Somali militant group, raided a village on Monday.",
            Some("Harakat al-Wadi"),
            Predicate::OperatesIn,
            "Somalia",
        );
        misses(
            RuleId::NationalGroup,
            "Uzbek militants of Harakat al-Wadi raided a village on Monday.",
            Some("Harakat al-Wadi"),
            Predicate::OperatesIn,
            "Uzbekistan",
        );
    }

    #[test]
    fn possessive_operates_example() {
        reads(
            RuleId::PossessiveOperates,
            "Yemen’s Houthis fired a missile at a ship.",
            Some("Houthis"),
            Predicate::OperatesIn,
            "Yemen",
        );
    }

    #[test]
    fn state_agency_name_example() {
        reads(
            RuleId::StateAgencyName,
            "US Central Command said the United States had struck a militia leader in Iraq.",
            Some("US Central Command"),
            Predicate::PartOf,
            "United States",
        );
    }

    #[test]
    fn part_apposition_example() {
        reads(
            RuleId::PartApposition,
            "Al-Azaim Foundation, ISKP's mouthpiece, published a video.",
            Some("Al-Azaim Foundation"),
            Predicate::PartOf,
            "ISKP",
        );
    }

    #[test]
    fn from_country_example() {
        reads(
            RuleId::FromCountry,
            "On Monday the police detained Temur Khusinov, 29, and Ramzidin Toshev, 28, from Uzbekistan, who had arrived in the morning.",
            Some("Ramzidin Toshev"),
            Predicate::CitizenOf,
            "Uzbekistan",
        );
    }

    #[test]
    fn demonym_national_example() {
        reads(
            RuleId::DemonymNational,
            "On Monday the police in the capital detained Tajik national Ahmad Karimov near the main station.",
            Some("Ahmad Karimov"),
            Predicate::CitizenOf,
            "Tajikistan",
        );
    }

    #[test]
    fn clause_cue_example() {
        reads(
            RuleId::ClauseCue,
            "ISKP fought against the Taliban.",
            Some("ISKP"),
            Predicate::Opposes,
            "Taliban",
        );
        reads(
            RuleId::ClauseCue,
            "Russia is working with Tajikistan to counter terrorism.",
            Some("Russia"),
            Predicate::CooperatesWith,
            "Tajikistan",
        );
    }

    #[test]
    fn reciprocal_cue_example() {
        reads(
            RuleId::ReciprocalCue,
            "Russia and Tajikistan are seeking to enhance their cooperation.",
            Some("Russia"),
            Predicate::CooperatesWith,
            "Tajikistan",
        );
    }

    #[test]
    fn pair_cue_example() {
        reads(
            RuleId::PairCue,
            "Prices rose after the Israel-Hamas war began in October.",
            Some("Israel"),
            Predicate::Opposes,
            "Hamas",
        );
    }

    #[test]
    fn compound_cue_example() {
        reads(
            RuleId::CompoundCue,
            "Analysts say the Iran-backed Houthis fired a missile at a ship.",
            Some("Iran"),
            Predicate::CooperatesWith,
            "Houthis",
        );
        reads(
            RuleId::CompoundCue,
            "The Afghanistan-based ISKP recruits online.",
            Some("ISKP"),
            Predicate::OperatesIn,
            "Afghanistan",
        );
    }

    #[test]
    fn control_cue_example() {
        reads(
            RuleId::ControlCue,
            "The Taliban takeover of Afghanistan surprised many.",
            Some("Taliban"),
            Predicate::OperatesIn,
            "Afghanistan",
        );
    }

    #[test]
    fn locative_cue_example() {
        reads(
            RuleId::LocativeCue,
            "ISKP has expanded its operations in Central Asia.",
            Some("ISKP"),
            Predicate::OperatesIn,
            "Central Asia",
        );
    }

    #[test]
    fn group_locative_example() {
        reads(
            RuleId::GroupLocative,
            "Analysts say Hezbollah in Lebanon rebuilt its arsenal.",
            Some("Hezbollah"),
            Predicate::OperatesIn,
            "Lebanon",
        );
    }

    #[test]
    fn site_named_after_place_example() {
        reads(
            RuleId::SiteNamedAfterPlace,
            "Flights to Kandahar resumed after the attack on Kandahar airport.",
            Some("Kandahar airport"),
            Predicate::LocatedIn,
            "Kandahar",
        );
    }

    #[test]
    fn place_attachment_example() {
        reads(
            RuleId::PlaceAttachment,
            "The convoy reached Peshawar in Pakistan.",
            Some("Peshawar"),
            Predicate::LocatedIn,
            "Pakistan",
        );
    }

    #[test]
    fn gazetteer_country_in_sentence_example() {
        reads(
            RuleId::GazetteerCountryInSentence,
            "Pakistan said that the convoy had reached Peshawar.",
            Some("Peshawar"),
            Predicate::LocatedIn,
            "Pakistan",
        );
    }

    #[test]
    fn gazetteer_parent_example() {
        reads(
            RuleId::GazetteerParent,
            "ISKP grew while the Islamic State lost ground.",
            Some("ISKP"),
            Predicate::PartOf,
            "Islamic State",
        );
    }

    #[test]
    fn event_agent_target_example() {
        reads(
            RuleId::EventAgentTarget,
            "On Monday the Taliban arrested ISKP fighters in the city of Kandahar.",
            Some("Taliban"),
            Predicate::Opposes,
            "ISKP",
        );
    }

    #[test]
    fn opposition_to_a_person_lifts_to_their_group() {
        reads(
            RuleId::EventAgentTarget,
            "On Monday the Taliban arrested Ahmad Karimov, a commander of ISKP, at his home in Kandahar.",
            Some("Taliban"),
            Predicate::Opposes,
            "ISKP",
        );
        misses(
            RuleId::EventAgentTarget,
            "On Monday the Taliban arrested Ahmad Karimov at his home in the city of Kandahar.",
            Some("Taliban"),
            Predicate::Opposes,
            "Ahmad Karimov",
        );
    }

    #[test]
    fn event_agent_place_example() {
        reads(
            RuleId::EventAgentPlace,
            "ISKP attacked a mosque in Afghanistan.",
            Some("ISKP"),
            Predicate::OperatesIn,
            "Afghanistan",
        );
    }

    #[test]
    fn state_of_venue_example() {
        reads(
            RuleId::StateOfVenue,
            "Two men went on trial in Germany on Monday over a bomb plot.",
            None,
            Predicate::Agent,
            "Germany",
        );
        misses(
            RuleId::StateOfVenue,
            "Two men went on trial in Germany and France on Monday over a bomb plot.",
            None,
            Predicate::Agent,
            "Germany",
        );
    }

    #[test]
    fn state_forces_example() {
        reads(
            RuleId::StateForces,
            "QUETTA: Security forces killed 12 militants in the Kalat district. Pakistan blamed Afghanistan for the unrest.",
            None,
            Predicate::Agent,
            "Pakistan",
        );
        misses(
            RuleId::StateForces,
            "Security forces killed 12 militants, Pakistan said. India and Afghanistan disagreed.",
            None,
            Predicate::Agent,
            "Pakistan",
        );
    }

    #[test]
    fn clause_cue_takes_no_place_as_a_party() {
        misses(
            RuleId::ClauseCue,
            "Fighters loyal to ISKP fought in Afghanistan for years.",
            Some("ISKP"),
            Predicate::Opposes,
            "Afghanistan",
        );
    }

    /// The cue rules take the predicate and the direction from the row: rows for a
    /// predicate no rule names (leaderOf), one with the subject before the cue and one
    /// with it after, work with no code.
    #[test]
    fn a_cue_row_for_any_predicate_works_without_code() {
        let before = "Officials in the region say that Ahmad Karimov commands ISKP from a base in the mountains.";
        let after =
            "Officials in the region say that ISKP is now led by Ahmad Karimov, a former teacher.";
        let mut files = crate::lexicon::bundled_files();
        let cues = files
            .iter_mut()
            .find(|f| f.language == "en" && f.name == "relation_cues.tsv")
            .unwrap();
        cues.text
            .push_str("commands\tleaderOf\tclause\tbefore\nled by\tleaderOf\tclause\tafter\n");
        let lexicon = crate::Lexicon::from_files(files).unwrap();
        let extended = crate::Extractor::with_lexicon(lexicon).unwrap();
        for text in [before, after] {
            let read = |extractor: &crate::Extractor| {
                find(
                    extractor,
                    RuleId::ClauseCue,
                    text,
                    Some("Ahmad Karimov"),
                    Predicate::LeaderOf,
                    "ISKP",
                )
            };
            assert!(read(&BUNDLED).is_err(), "read without the rows: {text}");
            if let Err(message) = read(&extended) {
                panic!("{message}");
            }
        }
    }
}
