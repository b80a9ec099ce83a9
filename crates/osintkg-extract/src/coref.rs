//! Definite descriptions that refer back to a named entity: "the group", "the
//! militants", "the minister", "the country".
//!
//! News names an actor once and then calls it by a common noun. Without the link, a
//! relation or an event role stated in a later sentence ("The group claimed the attack")
//! has no entity to attach to. The rule is the simple one that holds in most prose: the
//! description refers to the last entity of its type (from the pack's anaphoric nouns)
//! named before it, in the same sentence or in the three sentences before it within the
//! same article. Each resolved description becomes one more mention slot of that entity
//! in the view, so every relation and role rule reads it like a name; the entity's own
//! mentions (and so the record's names) are untouched.

use crate::lexicon::Function;
use crate::view::{DocView, Slot};
use osintkg_graph::{EntityType, Span};

/// How many sentences back an antecedent is looked for.
const REACH: usize = 3;

/// How many adjectives may stand between the article and the noun.
const MODIFIERS: usize = 3;

/// Adds a slot for every definite description that refers back to a named entity.
pub fn resolve(view: &mut DocView<'_>) {
    let found: Vec<(usize, Slot)> = (0..view.sentences.len())
        .flat_map(|sentence| anaphors(view, sentence))
        .collect();
    for (sentence, slot) in found {
        view.slots[sentence].push(slot);
    }
    for slots in &mut view.slots {
        slots.sort_by_key(|s| s.span.start);
    }
}

/// The resolved descriptions of one sentence: "the" + an anaphoric noun that no name
/// covers and no name follows ("the group Islamic State" is an apposition, not a
/// reference back). Up to [`MODIFIERS`] adjectives of the pack's anaphor modifiers or,
/// before a noun for an organisation, nationality words may stand between ("the
/// militant group", "the Somali armed group"; not "the Kenyan president").
fn anaphors(view: &DocView<'_>, sentence: usize) -> Vec<(usize, Slot)> {
    let tokens = view.tokens(sentence);
    let pack = view.pack(sentence);
    let slots = &view.slots[sentence];
    // A nationality word: a state's mention of exactly one token ("Somali").
    let nationality = |j: usize| {
        slots
            .iter()
            .any(|s| s.first == j && s.last == j + 1 && s.kind == EntityType::Country)
    };
    let mut out = Vec::new();
    for i in 0..tokens.len().saturating_sub(1) {
        if !view.lexeme(sentence, i).function(Function::Article) {
            continue;
        }
        let mut j = i + 1;
        let mut national = false;
        while j < tokens.len() && j <= i + MODIFIERS {
            let modifier = pack.is_anaphor_modifier(tokens[j].text);
            if !modifier && !nationality(j) {
                break;
            }
            national |= !modifier;
            j += 1;
        }
        let Some(noun) = tokens.get(j) else {
            continue;
        };
        let Some(kind) = pack.anaphoric_noun(noun.text) else {
            continue;
        };
        // A nationality word narrows a group to the one named before ("the Somali armed
        // group"), but a person or a state it only describes: "the Kenyan president"
        // need not be the person named last.
        if national && kind != EntityType::Organization {
            continue;
        }
        // A name over the article, a modifier or the noun, other than a nationality
        // word, makes the phrase a name of its own ("the Armed Islamic Group").
        let covered = slots.iter().any(|s| {
            s.first <= j
                && s.last > i
                && !(s.kind == EntityType::Country && s.first > i && s.last <= j)
        });
        // "the group Islamic State", "the group known as ISKP": a name of its own.
        let named_after = tokens.get(j + 1).is_some_and(|t| t.is_capitalized())
            || slots.iter().any(|s| s.first == j + 1)
            || pack.alias_at(tokens, j + 1) > 0;
        // "the group's", "the country’s": the possessive is part of the noun's token.
        if covered || named_after {
            continue;
        }
        let antecedent = slots
            .iter()
            .rev()
            .find(|s| s.kind == kind && s.last <= i)
            .or_else(|| {
                let article = view.articles[sentence];
                (sentence.saturating_sub(REACH)..sentence)
                    .rev()
                    .filter(|&s| view.articles[s] == article)
                    .find_map(|s| view.slots[s].iter().rev().find(|slot| slot.kind == kind))
            });
        if let Some(antecedent) = antecedent {
            out.push((
                sentence,
                Slot {
                    entity: antecedent.entity,
                    span: Span {
                        start: tokens[i].span.start,
                        end: noun.span.end,
                    },
                    first: i,
                    last: j + 1,
                    kind,
                },
            ));
        }
    }
    out
}
