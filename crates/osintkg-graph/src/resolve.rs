//! Cross-document resolution: folding each document's entities into the graph's nodes.
//!
//! Resolution reads the compact summaries of a [`Corpus`], never the records, so it fits
//! a gigabyte of news in memory, and it works on *components*: groups of mentions that
//! could ever meet, because they share a knowledge-base id, a normalised name, an event
//! participant or a pair of event-name words. A mention never looks outside its
//! component, so components are resolved independently (in parallel, with rayon), and a
//! build that adds documents needs to resolve again only the components they touch.
//!
//! Inside a component, mentions are read in document-id order (then record order), so
//! the graph depends only on the set of documents: rebuilding the same documents gives
//! the same graph, and adding documents gives what a build from scratch would. Three
//! passes, each reading the results of the one before:
//!
//! 1. entities with a knowledge-base id or a full name: the same id merges whatever the
//!    name; otherwise a mention joins the node of its type that shares the most names,
//!    where an acronym counts only when it agrees with the full names either side;
//! 2. surname-only people ("Lavrov"): joins the one full-name person whose name ends in
//!    it when the documents share context (a co-mentioned organization, person or
//!    place) and no other full name competes; otherwise it stays apart, with the
//!    reason kept, and surnames that share context merge with each other;
//! 3. events: same type, compatible dates and places, and similar names, a shared
//!    participant or the same site.
//!
//! Every merge keeps the rule that justified it, every refusal of pass 2 its reason.
//! Node keys are the knowledge-base id or `type:slug`, numbered (`-2`, `-3`) in order of
//! first mention when slugs collide.

use crate::corpus::{Corpus, EntitySummary, Interner, MemorySentences, Sentences, Sym};
use crate::graph::{Edge, KnowledgeGraph, Mention, Merge, Node};
use crate::model::{EntityType, EventType, Predicate, aggregate_confidence, dates_compatible};
use crate::names::{abbreviates, is_acronym, normalize, slug};
use crate::record::DocumentRecord;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::hash::Hash;
use std::io;

impl KnowledgeGraph {
    /// Resolves a set of document records into one graph. When several records share a
    /// document id, the first one given counts.
    pub fn from_records<'a>(records: impl IntoIterator<Item = &'a DocumentRecord>) -> Self {
        let mut corpus = Corpus::default();
        let mut sentences = MemorySentences::default();
        let mut seen = BTreeSet::new();
        for record in records {
            if seen.insert(record.doc.as_str()) {
                // Memory never fails to store a sentence.
                let _ = corpus.add_record(record, &mut sentences);
            }
        }
        let resolution = Resolution::resolve(&corpus);
        // Nor to give one back.
        resolution.to_graph(&corpus, &sentences).unwrap_or_default()
    }
}

/// How much of an incremental resolution was resolved again.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reuse {
    /// Mentions resolved in all.
    pub mentions: usize,
    /// Mentions of the components that changes touched, resolved again; the others
    /// kept their previous nodes.
    pub resolved: usize,
}

/// A previous corpus and its resolution, and how its documents map onto the new corpus.
struct Old<'p> {
    corpus: &'p Corpus,
    resolution: &'p Resolution,
    /// New position → old position, for documents unchanged since.
    old_position: Vec<Option<u32>>,
    /// Old position → new position, for documents unchanged since.
    new_position: Vec<Option<u32>>,
}

impl<'p> Old<'p> {
    fn new(corpus: &Corpus, previous: &'p Corpus, resolution: &'p Resolution) -> Old<'p> {
        let mut old_position = vec![None; corpus.len()];
        let mut new_position = vec![None; previous.len()];
        for (p, doc) in corpus.docs().iter().enumerate() {
            if let Some(o) = previous.position_of(doc.doc)
                && previous.docs().get(o as usize) == Some(doc)
            {
                old_position[p] = Some(o);
                if let Some(slot) = new_position.get_mut(o as usize) {
                    *slot = Some(p as u32);
                }
            }
        }
        Old {
            corpus: previous,
            resolution,
            old_position,
            new_position,
        }
    }

    /// The previous node of a mention of the new corpus.
    fn old_node(&self, member: Member) -> Option<u32> {
        let doc = (*self.old_position.get(member.doc as usize)?)?;
        let node = self.resolution.node_of(Member {
            doc,
            entity: member.entity,
        });
        (node != UNASSIGNED).then_some(node)
    }

    /// A mention of the previous corpus in the new one.
    fn new_member(&self, member: Member) -> Option<Member> {
        Some(Member {
            doc: (*self.new_position.get(member.doc as usize)?)?,
            entity: member.entity,
        })
    }

    fn new_reason(&self, reason: &Reason) -> Option<Reason> {
        let members = |list: &[Member]| -> Option<Vec<Member>> {
            list.iter().map(|m| self.new_member(*m)).collect()
        };
        Some(match reason {
            Reason::SharedParticipant(list) => Reason::SharedParticipant(members(list)?),
            Reason::SameSite(list) => Reason::SameSite(members(list)?),
            other => other.clone(),
        })
    }

    fn new_apart(&self, why: &Apart) -> Option<Apart> {
        Some(match why {
            Apart::Competing(list) => Apart::Competing(
                list.iter()
                    .map(|m| self.new_member(*m))
                    .collect::<Option<Vec<_>>>()?,
            ),
            Apart::NoSharedContext(m) => Apart::NoSharedContext(self.new_member(*m)?),
        })
    }
}

/// One entity of one document: the document's position in [`Corpus::docs`] and the
/// entity's position in its record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Member {
    /// Position of the document in the corpus.
    pub doc: u32,
    /// Position of the entity in the document's record.
    pub entity: u32,
}

/// Why a mention joined a node.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// The same knowledge-base id.
    SameKb,
    /// A shared normalised name (as the joining mention writes it).
    SameName(Sym),
    /// Events of one type, compatible dates and places, names this similar (Jaccard).
    SimilarNames(f64),
    /// Events sharing participants: the joining document's mentions of them.
    SharedParticipant(Vec<Member>),
    /// Events at the same named site: the joining document's mentions of it.
    SameSite(Vec<Member>),
    /// A surname joining the only full name that ends in it; the co-mentioned entities
    /// both sides share, as the surname's document names them.
    Surname(Vec<Sym>),
    /// A surname joining another mention of the same surname in shared context.
    SameSurname(Vec<Sym>),
}

/// Why a surname-only mention was not joined to a full-name node.
#[derive(Debug, Clone, PartialEq)]
pub enum Apart {
    /// Several full names end in the surname: the mentions that created their nodes.
    Competing(Vec<Member>),
    /// One full name ends in it (the mention that created its node), but the documents
    /// share no context.
    NoSharedContext(Member),
}

/// A resolved node: its identity, its attributes and the mentions it was built from.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedNode {
    /// Stable key: the knowledge-base id, or `type:slug` (numbered when slugs collide).
    pub key: String,
    /// Node type (that of its first mention).
    pub kind: EntityType,
    /// Event type, for events.
    pub event_type: Option<EventType>,
    /// Canonical name.
    pub name: Sym,
    /// Every other name, sorted by text.
    pub aliases: Vec<Sym>,
    /// Knowledge-base id.
    pub kb: Option<Sym>,
    /// Wikidata QID.
    pub wikidata: Option<Sym>,
    /// Most precise date of its mentions.
    pub date: Option<Sym>,
    /// Largest number killed.
    pub killed: Option<u64>,
    /// Largest number injured.
    pub injured: Option<u64>,
    /// The mentions, in resolution order; the first one created the node.
    pub members: Vec<Member>,
    /// Why each member after the first joined (`None` for the first).
    pub reasons: Vec<Option<Reason>>,
    /// Members that stayed here rather than join another node, and why.
    pub kept_apart: Vec<(Member, Apart)>,
}

/// Where a piece of evidence is: document position, relation and evidence positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EvidenceAt {
    /// Position of the document in the corpus.
    pub doc: u32,
    /// Position of the relation in the record.
    pub relation: u32,
    /// Position of the evidence in the relation.
    pub evidence: u32,
}

/// A resolved relation between two nodes.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedEdge {
    /// Subject node position.
    pub subject: u32,
    /// The relation.
    pub predicate: Predicate,
    /// Object node position.
    pub object: u32,
    /// Its evidence, in document order, without repeats.
    pub evidence: Vec<EvidenceAt>,
    /// Distinct documents stating it.
    pub support: u32,
    /// Noisy-or of the evidence confidences.
    pub confidence: f64,
}

/// The outcome of resolving a corpus.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Resolution {
    /// Corpus positions of the documents, in the order resolution read them (by id).
    pub order: Vec<u32>,
    /// Per corpus position, per entity of the record: the node it resolved to.
    pub assignment: Vec<Vec<u32>>,
    /// The nodes, sorted by key.
    pub nodes: Vec<ResolvedNode>,
    /// The edges, sorted by (subject key, predicate, object key).
    pub edges: Vec<ResolvedEdge>,
}

impl Resolution {
    /// Resolves every document of the corpus.
    pub fn resolve(corpus: &Corpus) -> Resolution {
        Self::resolve_with(corpus, None).0
    }

    /// Resolves `corpus`, which grew out of `previous` (documents added, replaced or
    /// removed; the interner only grew), taking from `resolution`, the resolution of
    /// `previous`, every component no change touches: the result equals
    /// [`Resolution::resolve`] of `corpus`, and only the mentions of touched components
    /// are resolved again.
    pub fn resolve_incremental(
        corpus: &Corpus,
        previous: &Corpus,
        resolution: &Resolution,
    ) -> (Resolution, Reuse) {
        let old = Old::new(corpus, previous, resolution);
        Self::resolve_with(corpus, Some(&old))
    }

    fn resolve_with(corpus: &Corpus, old: Option<&Old<'_>>) -> (Resolution, Reuse) {
        let order = corpus.sorted_order();
        let mut rank = vec![0u32; corpus.len()];
        for (r, &position) in order.iter().enumerate() {
            if let Some(slot) = rank.get_mut(position as usize) {
                *slot = r as u32;
            }
        }
        let names = NameFacts::compute(corpus);
        let cx = Cx {
            corpus,
            rank: &rank,
            order: &order,
            names: &names,
        };
        let mut state = State {
            nodes: Vec::new(),
            assignment: corpus
                .docs()
                .iter()
                .map(|d| vec![UNASSIGNED; d.entities.len()])
                .collect(),
        };
        let mut reuse = Reuse::default();
        // Mentions whose node may differ from the previous resolution's.
        let mut dirty: FxHashSet<Member> = FxHashSet::default();

        let items = cx.items(|e| e.kind != EntityType::Event && !cx.is_surname(e));
        let groups = components(items.len(), |i, keys| {
            cx.entity_keys(items[i], keys);
        });
        let built: Vec<(Vec<Building>, bool)> = groups
            .par_iter()
            .map(|group| {
                let members: Vec<Member> = group.iter().map(|&i| items[i as usize]).collect();
                match old.and_then(|old| cx.reuse_entities(old, &members)) {
                    Some(nodes) => (nodes, true),
                    None => (cx.resolve_entities(members.into_iter()), false),
                }
            })
            .collect();
        // Previous phase-1 nodes taken over, by their old position.
        let mut taken: FxHashMap<u32, u32> = FxHashMap::default();
        for (nodes, reused) in built {
            for node in nodes {
                reuse.mentions += node.members.len();
                if reused {
                    if let Some(old_node) = old.and_then(|o| o.old_node(node.creator)) {
                        taken.insert(old_node, state.nodes.len() as u32);
                    }
                } else {
                    reuse.resolved += node.members.len();
                    dirty.extend(node.members.iter().copied());
                }
                state.add([node]);
            }
        }

        cx.resolve_surnames(&mut state, old.map(|o| (o, &taken)), &mut dirty, &mut reuse);

        let items = cx.items(|e| e.kind == EntityType::Event);
        let arguments: Vec<Arguments> =
            items.par_iter().map(|&m| cx.arguments(m, &state)).collect();
        let groups = components(items.len(), |i, keys| {
            cx.event_keys(items[i], &arguments[i], &state, keys);
        });
        // Old mentions whose people, groups and places are grouped as before: events that
        // name only those can take their previous decisions.
        let regrouped = old.map(|old| cx.regrouped(old, &state)).unwrap_or_default();
        let settled = |i: u32| {
            arguments.get(i as usize).is_some_and(|a| {
                a.places
                    .iter()
                    .chain(&a.actors)
                    .all(|(_, object)| !regrouped.contains(object))
            })
        };
        let built: Vec<(Vec<Building>, usize)> = groups
            .par_iter()
            .map(|group| {
                let Some(old) = old else {
                    return cx.resolve_events(group, &items, &arguments, &state, None);
                };
                let members: Vec<Member> = group.iter().map(|&i| items[i as usize]).collect();
                let reused = group
                    .iter()
                    .all(|&i| settled(i))
                    .then(|| cx.reuse_nodes(old, &members, |_| true))
                    .flatten();
                match reused {
                    Some(nodes) => (nodes, 0),
                    None => {
                        cx.resolve_events(group, &items, &arguments, &state, Some((old, &settled)))
                    }
                }
            })
            .collect();
        for (nodes, resolved) in built {
            reuse.resolved += resolved;
            for node in nodes {
                reuse.mentions += node.members.len();
                state.add([node]);
            }
        }

        (cx.finish(state), reuse)
    }

    /// The knowledge graph: names and texts from the corpus, sentences from `sentences`.
    pub fn to_graph(
        &self,
        corpus: &Corpus,
        sentences: &dyn Sentences,
    ) -> io::Result<KnowledgeGraph> {
        let strings = &corpus.strings;
        let mut graph = KnowledgeGraph::default();
        for &position in &self.order {
            if let Some(doc) = corpus.docs().get(position as usize) {
                graph
                    .documents
                    .insert(strings.get(doc.doc).to_owned(), doc.meta(strings));
            }
        }
        for node in &self.nodes {
            graph
                .nodes
                .insert(node.key.clone(), self.node(corpus, node));
        }
        for edge in &self.edges {
            let edge = self.edge(corpus, edge, sentences)?;
            graph.edges.insert(
                (edge.subject.clone(), edge.predicate, edge.object.clone()),
                edge,
            );
        }
        graph.merges = self.merges(corpus);
        graph.kept_apart = self.kept_apart(corpus);
        Ok(graph)
    }

    /// A node as the graph model has it.
    pub fn node(&self, corpus: &Corpus, node: &ResolvedNode) -> Node {
        let strings = &corpus.strings;
        let own = |s: Option<Sym>| strings.get_opt(s).map(str::to_owned);
        let mut mentions = Vec::new();
        let mut confidences = Vec::with_capacity(node.members.len());
        for &member in &node.members {
            if let Some((doc, entity)) = member_entity(corpus, member) {
                member_mentions(strings.get(doc), entity, strings, &mut mentions);
                confidences.push(entity.confidence);
            }
        }
        Node {
            key: node.key.clone(),
            kind: node.kind,
            event_type: node.event_type,
            name: strings.get(node.name).to_owned(),
            aliases: node
                .aliases
                .iter()
                .map(|a| strings.get(*a).to_owned())
                .collect(),
            kb: own(node.kb),
            wikidata: own(node.wikidata),
            date: own(node.date),
            killed: node.killed,
            injured: node.injured,
            mentions,
            confidences,
        }
    }

    /// An edge as the graph model has it, sentences fetched.
    pub fn edge(
        &self,
        corpus: &Corpus,
        edge: &ResolvedEdge,
        sentences: &dyn Sentences,
    ) -> io::Result<Edge> {
        let mut evidence = Vec::with_capacity(edge.evidence.len());
        for at in &edge.evidence {
            if let Some((doc, e)) = evidence_at(corpus, *at) {
                evidence.push(doc.evidence(e, &corpus.strings, sentences)?);
            }
        }
        Ok(Edge {
            subject: self.key(edge.subject).to_owned(),
            predicate: edge.predicate,
            object: self.key(edge.object).to_owned(),
            evidence,
        })
    }

    /// The node a mention resolved to (`u32::MAX` for none).
    pub fn node_of(&self, member: Member) -> u32 {
        self.assignment
            .get(member.doc as usize)
            .and_then(|d| d.get(member.entity as usize))
            .copied()
            .unwrap_or(UNASSIGNED)
    }

    /// The key of a node position ("" past the end).
    pub fn key(&self, node: u32) -> &str {
        self.nodes.get(node as usize).map_or("", |n| n.key.as_str())
    }

    /// Every merge, in the order documents were read (entities before events).
    pub fn merges(&self, corpus: &Corpus) -> Vec<Merge> {
        let ranks = self.ranks();
        let mut merges = Vec::new();
        for node in &self.nodes {
            for (member, reason) in node.members.iter().zip(&node.reasons) {
                if let Some(reason) = reason {
                    merges.push((
                        Self::sort_key(&ranks, corpus, *member),
                        self.merge(corpus, node, *member, self.reason(corpus, *member, reason)),
                    ));
                }
            }
        }
        merges.sort_by_key(|m| m.0);
        merges.into_iter().map(|(_, m)| m).collect()
    }

    /// Every surname kept apart from a full name, and why, in document order.
    pub fn kept_apart(&self, corpus: &Corpus) -> Vec<Merge> {
        let ranks = self.ranks();
        let mut apart = Vec::new();
        for node in &self.nodes {
            for (member, why) in &node.kept_apart {
                let label = |m: Member| {
                    let n = self.node_of(m);
                    format!("{} ({})", self.name(corpus, n), self.key(n))
                };
                let reason = apart_text(why, &label);
                apart.push((
                    Self::sort_key(&ranks, corpus, *member),
                    self.merge(corpus, node, *member, reason),
                ));
            }
        }
        apart.sort_by_key(|m| m.0);
        apart.into_iter().map(|(_, m)| m).collect()
    }

    fn name<'c>(&self, corpus: &'c Corpus, node: u32) -> &'c str {
        self.nodes
            .get(node as usize)
            .map_or("", |n| corpus.strings.get(n.name))
    }

    /// Corpus position → rank in reading order.
    fn ranks(&self) -> Vec<u32> {
        let mut rank = vec![u32::MAX; self.assignment.len()];
        for (r, &position) in self.order.iter().enumerate() {
            if let Some(slot) = rank.get_mut(position as usize) {
                *slot = r as u32;
            }
        }
        rank
    }

    fn sort_key(ranks: &[u32], corpus: &Corpus, member: Member) -> (u32, bool, u32) {
        let rank = ranks.get(member.doc as usize).copied().unwrap_or(u32::MAX);
        let event = member_entity(corpus, member).is_some_and(|(_, e)| e.kind == EntityType::Event);
        (rank, event, member.entity)
    }

    fn merge(&self, corpus: &Corpus, node: &ResolvedNode, member: Member, reason: String) -> Merge {
        let (doc, name) = member_entity(corpus, member).map_or(("", ""), |(doc, e)| {
            (corpus.strings.get(doc), corpus.strings.get(e.name))
        });
        Merge {
            node: node.key.clone(),
            doc: doc.to_owned(),
            name: name.to_owned(),
            reason,
        }
    }

    fn reason(&self, corpus: &Corpus, member: Member, reason: &Reason) -> String {
        let (kind, name) = member_entity(corpus, member)
            .map_or((EntityType::Event, ""), |(_, e)| {
                (e.kind, corpus.strings.get(e.name))
            });
        reason_text(reason, kind, name, &corpus.strings, &|m| {
            self.key(self.node_of(m)).to_owned()
        })
    }
}

/// The mentions one member gives its node: each surface form with its span, or the
/// name when the record lists none.
pub fn member_mentions(
    doc: &str,
    entity: &EntitySummary,
    strings: &Interner,
    out: &mut Vec<Mention>,
) {
    for (i, text) in entity.mentions.iter().enumerate() {
        out.push(Mention {
            doc: doc.to_owned(),
            text: strings.get(*text).to_owned(),
            span: entity.spans.get(i).copied(),
        });
    }
    if entity.mentions.is_empty() {
        out.push(Mention {
            doc: doc.to_owned(),
            text: strings.get(entity.name).to_owned(),
            span: None,
        });
    }
}

/// The rule that justified a merge, in words: `kind` and `name` are the joining
/// mention's, `key` gives the key of the node a mention resolved to.
pub fn reason_text(
    reason: &Reason,
    kind: EntityType,
    name: &str,
    strings: &Interner,
    key: &dyn Fn(Member) -> String,
) -> String {
    let smallest_key =
        |members: &[Member]| members.iter().map(|m| key(*m)).min().unwrap_or_default();
    let listed = |names: &[Sym]| {
        names
            .iter()
            .map(|s| strings.get(*s))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match reason {
        Reason::SameKb => "same knowledge-base id".to_owned(),
        Reason::SameName(shared) => format!(
            "same {} name {:?}",
            kind.as_str().to_lowercase(),
            strings.get(*shared)
        ),
        Reason::SimilarNames(similarity) => {
            format!("same type, compatible date and place, similar names ({similarity:.2})")
        }
        Reason::SharedParticipant(nodes) => format!(
            "same type, compatible date and place, shared participant {}",
            smallest_key(nodes)
        ),
        Reason::SameSite(nodes) => {
            format!(
                "same type, compatible date, same site {}",
                smallest_key(nodes)
            )
        }
        Reason::Surname(shared) => format!(
            "surname {name:?} of the only full name that ends in it; shared context: {}",
            listed(shared)
        ),
        Reason::SameSurname(shared) => {
            format!("same surname {name:?}; shared context: {}", listed(shared))
        }
    }
}

/// Why a surname stayed apart, in words; `label` names the node a mention resolved to.
pub fn apart_text(why: &Apart, label: &dyn Fn(Member) -> String) -> String {
    match why {
        Apart::Competing(candidates) => format!(
            "kept apart: {} full names end in it: {}",
            candidates.len(),
            candidates
                .iter()
                .map(|n| label(*n))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Apart::NoSharedContext(candidate) => format!(
            "kept apart from {}: the documents share no co-mentioned entity",
            label(*candidate)
        ),
    }
}

fn member_entity(corpus: &Corpus, member: Member) -> Option<(Sym, &EntitySummary)> {
    let doc = corpus.docs().get(member.doc as usize)?;
    Some((doc.doc, doc.entities.get(member.entity as usize)?))
}

fn evidence_at(
    corpus: &Corpus,
    at: EvidenceAt,
) -> Option<(&crate::corpus::DocSummary, &crate::corpus::EvidenceSummary)> {
    let doc = corpus.docs().get(at.doc as usize)?;
    let evidence = doc
        .relations
        .get(at.relation as usize)?
        .evidence
        .get(at.evidence as usize)?;
    Some((doc, evidence))
}

const UNASSIGNED: u32 = u32::MAX;

/// Words that say nothing about which event a name means.
const STOPWORDS: &[&str] = &[
    "the", "a", "an", "of", "in", "on", "at", "to", "by", "for", "and", "its", "their", "his",
    "her", "this", "that", "with", "from", "s",
];

/// What resolution needs to know of each distinct name, computed once, in parallel.
struct NameFacts {
    /// Normalised names and event-name words.
    local: Interner,
    facts: FxHashMap<Sym, Fact>,
}

#[derive(Default)]
struct Fact {
    /// The normalised name, `None` when normalisation leaves nothing.
    normalized: Option<Sym>,
    /// Whitespace-separated words as written.
    words: u32,
    acronym: bool,
    /// Content words of the normalised name, sorted, without repeats.
    tokens: Vec<Sym>,
}

static NO_FACT: Fact = Fact {
    normalized: None,
    words: 0,
    acronym: false,
    tokens: Vec::new(),
};

impl NameFacts {
    fn compute(corpus: &Corpus) -> NameFacts {
        let mut distinct = FxHashSet::default();
        for doc in corpus.docs() {
            for entity in &doc.entities {
                distinct.insert(entity.name);
                distinct.extend(entity.mentions.iter().copied());
            }
        }
        let distinct: Vec<Sym> = distinct.into_iter().collect();
        let computed: Vec<(String, u32, bool, Vec<String>)> = distinct
            .par_iter()
            .map(|&sym| {
                let text = corpus.strings.get(sym);
                let normalized = normalize(text);
                let mut tokens: Vec<String> = normalized
                    .split(' ')
                    .filter(|w| !w.is_empty() && !STOPWORDS.contains(w))
                    .map(str::to_owned)
                    .collect();
                tokens.sort_unstable();
                tokens.dedup();
                let words = text.split_whitespace().count() as u32;
                (normalized, words, is_acronym(text), tokens)
            })
            .collect();
        let mut local = Interner::default();
        let mut facts = FxHashMap::default();
        facts.reserve(distinct.len());
        for (sym, (normalized, words, acronym, tokens)) in distinct.into_iter().zip(computed) {
            let mut tokens: Vec<Sym> = tokens.iter().map(|t| local.intern(t)).collect();
            tokens.sort_unstable();
            facts.insert(
                sym,
                Fact {
                    normalized: (!normalized.is_empty()).then(|| local.intern(&normalized)),
                    words,
                    acronym,
                    tokens,
                },
            );
        }
        NameFacts { local, facts }
    }

    fn of(&self, sym: Sym) -> &Fact {
        self.facts.get(&sym).unwrap_or(&NO_FACT)
    }
}

/// What a node takes from the mention that created it.
#[derive(Debug, Clone, Copy)]
struct CreatorFacts {
    name: Sym,
    kind: EntityType,
    event_type: Option<EventType>,
    kb: Option<Sym>,
    wikidata: Option<Sym>,
}

/// A node while its component is being resolved.
#[derive(Debug)]
struct Building {
    /// The mention that created it.
    creator: Member,
    facts: CreatorFacts,
    members: Vec<Member>,
    reasons: Vec<Option<Reason>>,
    kept_apart: Vec<(Member, Apart)>,
    /// Every name and mention of the members, without repeats.
    seen: Vec<Sym>,
    /// Events: the most precise date, participants and places (sorted node positions),
    /// and the rank of the last document read into it.
    date: Option<Sym>,
    places: Vec<u32>,
    actors: Vec<u32>,
    last_rank: u32,
    /// Events with many names: which of them contain each pair of content words, so
    /// that similarity is computed only against names that can reach it.
    pairs: FxHashMap<(Sym, Sym), Vec<Sym>>,
    /// How many of `seen` are in `pairs`.
    paired: usize,
}

impl Building {
    fn new(creator: Member, entity: &EntitySummary, rank: u32) -> Building {
        Building {
            creator,
            facts: CreatorFacts {
                name: entity.name,
                kind: entity.kind,
                event_type: entity.event_type,
                kb: entity.kb,
                wikidata: entity.wikidata,
            },
            members: vec![creator],
            reasons: vec![None],
            kept_apart: Vec::new(),
            seen: Vec::new(),
            date: None,
            places: Vec::new(),
            actors: Vec::new(),
            last_rank: rank,
            pairs: FxHashMap::default(),
            paired: 0,
        }
    }

    fn join(&mut self, member: Member, rank: u32, reason: Reason) {
        self.members.push(member);
        self.reasons.push(Some(reason));
        self.last_rank = rank;
    }

    fn see(&mut self, entity: &EntitySummary) {
        for name in std::iter::once(&entity.name).chain(entity.mentions.iter()) {
            if !self.seen.contains(name) {
                self.seen.push(*name);
            }
        }
    }
}

/// Nodes built so far and the node of every mention resolved so far.
struct State {
    nodes: Vec<Building>,
    assignment: Vec<Vec<u32>>,
}

impl State {
    fn add(&mut self, nodes: impl IntoIterator<Item = Building>) {
        for node in nodes {
            let position = self.nodes.len() as u32;
            for member in &node.members {
                self.assign(*member, position);
            }
            self.nodes.push(node);
        }
    }

    fn assign(&mut self, member: Member, node: u32) {
        if let Some(slot) = self
            .assignment
            .get_mut(member.doc as usize)
            .and_then(|d| d.get_mut(member.entity as usize))
        {
            *slot = node;
        }
    }

    fn node_of(&self, member: Member) -> Option<u32> {
        let node = *self
            .assignment
            .get(member.doc as usize)?
            .get(member.entity as usize)?;
        (node != UNASSIGNED).then_some(node)
    }
}

/// The arguments of one event mention: where (the `occurredIn` role) and who (every other
/// role), as node positions, sorted, each with the document's mention of it.
#[derive(Debug, Default)]
struct Arguments {
    places: Vec<(u32, Member)>,
    actors: Vec<(u32, Member)>,
}

impl Arguments {
    fn place_nodes(&self) -> impl Iterator<Item = u32> + '_ {
        self.places.iter().map(|p| p.0)
    }

    fn actor_nodes(&self) -> impl Iterator<Item = u32> + '_ {
        self.actors.iter().map(|a| a.0)
    }
}

/// Keys under which mentions may meet; mentions sharing none never do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum BlockKey {
    Kb(Sym),
    Name(EntityType, Sym),
    Pair(Option<EventType>, Sym, Sym),
    Actor(Option<EventType>, u32),
    Site(Option<EventType>, u32),
}

/// What an event probes the nodes of its component with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Probe {
    Pair(Sym, Sym),
    Actor(u32),
    ActorOn(u32, Sym),
    Site(u32),
}

/// The event nodes of one component by what an event can share with them, and by the
/// node's date when it was filed, so that a dated event meets only nodes whose date may
/// agree with its own (a hub participant or a common pair of name words otherwise makes
/// every event of a large component score every node). A node's date only grows more
/// precise, so the date it was filed under is a prefix of its date now: a node that
/// agrees with the event was filed undated, under one of the event date's levels, or
/// under a date within the event's. Lists may hold nodes that no longer agree; scoring
/// tests the dates again.
#[derive(Default)]
struct EventIndex<'s> {
    /// Every node filed under the probe, for events without a date in levels.
    any: FxHashMap<Probe, Vec<u32>>,
    /// Nodes filed without a date, or with one that is not a year, month or day.
    undated: FxHashMap<Probe, Vec<u32>>,
    /// Nodes filed with exactly this date.
    on: FxHashMap<(Probe, &'s str), Vec<u32>>,
    /// Nodes filed with a date inside this year or month.
    within: FxHashMap<(Probe, &'s str), Vec<u32>>,
    /// What was filed: a node again under the same probe and date adds nothing.
    filed: FxHashSet<(Probe, u32, Option<&'s str>)>,
    anywhere: FxHashSet<(Probe, u32)>,
}

impl<'s> EventIndex<'s> {
    fn register(&mut self, probe: Probe, node: u32, date: Option<&'s str>) {
        if !self.filed.insert((probe, node, date)) {
            return;
        }
        if self.anywhere.insert((probe, node)) {
            self.any.entry(probe).or_default().push(node);
        }
        match date.zip(date.and_then(date_levels)) {
            None => self.undated.entry(probe).or_default().push(node),
            Some((date, levels)) => {
                for &level in &levels[..levels.len() - 1] {
                    self.within
                        .entry((probe, &date[..level]))
                        .or_default()
                        .push(node);
                }
                self.on.entry((probe, date)).or_default().push(node);
            }
        }
    }

    /// Calls `found` with every node filed under `probe` whose date may agree with `date`.
    fn reach(&self, probe: Probe, date: Option<&str>, mut found: impl FnMut(u32)) {
        let mut each = |list: Option<&Vec<u32>>| list.into_iter().flatten().for_each(|n| found(*n));
        let Some((date, levels)) = date.zip(date.and_then(date_levels)) else {
            return each(self.any.get(&probe));
        };
        each(self.undated.get(&probe));
        for &level in levels {
            each(self.on.get(&(probe, &date[..level])));
        }
        each(self.within.get(&(probe, date)));
    }
}

/// The lengths of the year, month and day prefixes of an ISO date (`2024`, `2024-03`,
/// `2024-03-22`); none for any other form.
fn date_levels(date: &str) -> Option<&'static [usize]> {
    let bytes = date.as_bytes();
    let digits = |from: usize, to: usize| bytes[from..to].iter().all(u8::is_ascii_digit);
    let year = bytes.len() >= 4 && digits(0, 4);
    let month = year && bytes.len() >= 7 && bytes[4] == b'-' && digits(5, 7);
    let day = month && bytes.len() == 10 && bytes[7] == b'-' && digits(8, 10);
    match bytes.len() {
        4 if year => Some(&[4]),
        7 if month => Some(&[4, 7]),
        10 if day => Some(&[4, 7, 10]),
        _ => None,
    }
}

/// Previous decisions of one component's event mentions, taken again where scoring would
/// repeat them (an incremental resolution).
///
/// Mentions are read in the same order as before, and a decision reads only the nodes
/// built before it. A node is *clean* while it holds exactly the members it held at the
/// same point of the previous resolution, each with its people, groups and places grouped
/// as before: it then scores every event as it did. Any other node is *dirty*: one a new
/// or changed mention joined, one that lost a member, one whose old members are not all
/// in the component. An old mention with settled arguments takes its previous decision
/// when none of its probes can reach a dirty node (a second [`EventIndex`] holds the dirty
/// nodes, filed as in the first), for then it meets the same clean nodes it met before,
/// minus those that no longer exist, and none of those it joined or beat scores
/// differently. Every other mention is scored.
struct EventReplay<'o, 's> {
    old: &'o Old<'o>,
    /// The component's mentions, to tell whether a previous node lies whole in it.
    members: FxHashSet<Member>,
    /// Previous node → the node built again from the same first mention.
    local: FxHashMap<u32, usize>,
    /// Why each old mention joined its previous node, for nodes built again.
    reasons: FxHashMap<Member, Reason>,
    /// Per node: whether it is dirty, and the probes and dates it was filed under.
    dirty: Vec<bool>,
    filed: Vec<Vec<(Probe, Option<&'s str>)>>,
    /// The dirty nodes, filed as in the component's index.
    dirty_index: EventIndex<'s>,
}

/// How [`EventReplay::replay`] decides an old mention.
enum Replay {
    /// As before: join this node for this reason, or (`None`) start one.
    Repeat(Option<(usize, Reason)>),
    /// Dirty nodes are in reach: score them against the previous winner among the clean
    /// ones (the node, and whether it was reached through a name), if any.
    Against(Option<(usize, bool)>),
    /// Score every node in reach.
    Score,
}

/// What an old mention did in the previous resolution.
#[derive(Clone, Copy)]
enum OldDecision {
    /// It started this previous node.
    Created(u32),
    /// It joined this previous node.
    Joined(u32),
}

impl<'o, 's> EventReplay<'o, 's> {
    fn new(old: &'o Old<'o>, group: &[u32], items: &[Member]) -> EventReplay<'o, 's> {
        EventReplay {
            old,
            members: group
                .iter()
                .filter_map(|&i| items.get(i as usize).copied())
                .collect(),
            local: FxHashMap::default(),
            reasons: FxHashMap::default(),
            dirty: Vec::new(),
            filed: Vec::new(),
            dirty_index: EventIndex::default(),
        }
    }

    /// The previous decision of a mention of an unchanged document.
    fn old_decision(&self, member: Member) -> Option<OldDecision> {
        let previous = self.old.old_node(member)?;
        let node = self.old.resolution.nodes.get(previous as usize)?;
        let first = node.members.first().and_then(|m| self.old.new_member(*m));
        Some(if first == Some(member) {
            OldDecision::Created(previous)
        } else {
            OldDecision::Joined(previous)
        })
    }

    /// How an old mention is decided: by its previous decision alone, by that decision
    /// against the dirty nodes it reaches (listed in `dirty`, as `(node, reached through
    /// a name)`, sorted), or by scoring every node it reaches.
    fn replay(
        &self,
        member: Member,
        (decision, settled): (Option<OldDecision>, bool),
        (probes, named, date): (&[Probe], usize, Option<&str>),
        dirty: &mut Vec<(u32, bool)>,
    ) -> Replay {
        if !settled {
            return Replay::Score;
        }
        // The previous winner among the clean nodes: still the winner among them.
        let previous = match decision {
            Some(OldDecision::Created(previous)) if !self.local.contains_key(&previous) => None,
            Some(OldDecision::Joined(previous)) => {
                let Some((&node, reason)) =
                    self.local.get(&previous).zip(self.reasons.get(&member))
                else {
                    return Replay::Score;
                };
                if self.dirty.get(node).copied().unwrap_or(true) {
                    return Replay::Score;
                }
                Some((node, reason))
            }
            _ => return Replay::Score,
        };
        dirty.clear();
        for (i, probe) in probes.iter().enumerate() {
            self.dirty_index
                .reach(*probe, date, |node| dirty.push((node, i < named)));
        }
        dirty.sort_unstable_by_key(|c| (c.0, !c.1));
        dirty.dedup_by_key(|c| c.0);
        match previous {
            _ if !dirty.is_empty() => Replay::Against(previous.map(|(node, reason)| {
                // Similar names are only found through a shared pair of name words.
                (node, matches!(reason, Reason::SimilarNames(_)))
            })),
            Some((node, reason)) => Replay::Repeat(Some((node, reason.clone()))),
            None => Replay::Repeat(None),
        }
    }

    /// Records where a mention went (`created`: it started `node`) and which nodes that
    /// leaves dirty.
    fn record(&mut self, decision: Option<OldDecision>, settled: bool, node: usize, created: bool) {
        if created {
            self.dirty.push(false);
            self.filed.push(Vec::new());
        }
        let repeated = settled
            && match decision {
                Some(OldDecision::Created(previous))
                    if created && !self.local.contains_key(&previous) =>
                {
                    self.adopt(previous, node);
                    self.intact(previous)
                }
                Some(OldDecision::Joined(previous)) if !created => {
                    self.local.get(&previous) == Some(&node)
                }
                _ => false,
            };
        if !repeated {
            self.mark_dirty(node);
            // The node it belonged to lacks it now.
            if let Some(OldDecision::Created(p) | OldDecision::Joined(p)) = decision
                && let Some(&before) = self.local.get(&p)
            {
                self.mark_dirty(before);
            }
        }
    }

    /// `node` is the previous node `previous` built again: its later members' reasons.
    fn adopt(&mut self, previous: u32, node: usize) {
        self.local.insert(previous, node);
        let Some(old) = self.old.resolution.nodes.get(previous as usize) else {
            return;
        };
        for (m, reason) in old.members.iter().zip(&old.reasons).skip(1) {
            if let (Some(now), Some(reason)) = (
                self.old.new_member(*m),
                reason.as_ref().and_then(|r| self.old.new_reason(r)),
            ) {
                self.reasons.insert(now, reason);
            }
        }
    }

    /// Whether every mention of a previous node is in the component still.
    fn intact(&self, previous: u32) -> bool {
        self.old
            .resolution
            .nodes
            .get(previous as usize)
            .is_some_and(|n| {
                n.members.iter().all(|m| {
                    self.old
                        .new_member(*m)
                        .is_some_and(|now| self.members.contains(&now))
                })
            })
    }

    /// Marks `node` dirty and files it in the dirty index under all it was filed under.
    fn mark_dirty(&mut self, node: usize) {
        if let Some(flag) = self.dirty.get_mut(node)
            && !*flag
        {
            *flag = true;
            for (probe, date) in self
                .filed
                .get_mut(node)
                .map(std::mem::take)
                .into_iter()
                .flatten()
            {
                self.dirty_index.register(probe, node as u32, date);
            }
        }
    }

    /// `node` is now filed under `probe` and `date` in the component's index.
    fn file(&mut self, node: usize, probe: Probe, date: Option<&'s str>) {
        if self.dirty.get(node).copied().unwrap_or(false) {
            self.dirty_index.register(probe, node as u32, date);
        } else if let Some(filed) = self.filed.get_mut(node) {
            filed.push((probe, date));
        }
    }
}

/// Groups items that share a key, directly or through others (union-find). Groups come
/// in order of their first item, and items in each group in their own order.
fn components<K: Hash + Eq>(
    count: usize,
    mut keys_of: impl FnMut(usize, &mut Vec<K>),
) -> Vec<Vec<u32>> {
    fn find(parent: &mut [u32], mut x: u32) -> u32 {
        while parent[x as usize] != x {
            let grand = parent[parent[x as usize] as usize];
            parent[x as usize] = grand;
            x = grand;
        }
        x
    }
    let mut parent: Vec<u32> = (0..count as u32).collect();
    let mut first: FxHashMap<K, u32> = FxHashMap::default();
    let mut keys = Vec::new();
    for item in 0..count {
        keys_of(item, &mut keys);
        for key in keys.drain(..) {
            match first.get(&key) {
                Some(&other) => {
                    let (a, b) = (find(&mut parent, item as u32), find(&mut parent, other));
                    if a != b {
                        parent[a.max(b) as usize] = a.min(b);
                    }
                }
                None => {
                    first.insert(key, item as u32);
                }
            }
        }
    }
    let mut group_of_root: FxHashMap<u32, usize> = FxHashMap::default();
    let mut groups: Vec<Vec<u32>> = Vec::new();
    for item in 0..count as u32 {
        let root = find(&mut parent, item);
        let group = *group_of_root.entry(root).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[group].push(item);
    }
    groups
}

/// What every pass reads: the corpus, the reading order and the name facts.
struct Cx<'c> {
    corpus: &'c Corpus,
    /// Corpus position → rank in reading order.
    rank: &'c [u32],
    /// Reading order → corpus position.
    order: &'c [u32],
    names: &'c NameFacts,
}

impl Cx<'_> {
    fn entity(&self, member: Member) -> Option<&EntitySummary> {
        member_entity(self.corpus, member).map(|(_, e)| e)
    }

    fn rank(&self, member: Member) -> u32 {
        self.rank.get(member.doc as usize).copied().unwrap_or(0)
    }

    fn text(&self, sym: Sym) -> &str {
        self.corpus.strings.get(sym)
    }

    /// Every mention `wanted` selects, in reading order.
    fn items(&self, wanted: impl Fn(&EntitySummary) -> bool) -> Vec<Member> {
        let mut items = Vec::new();
        for &position in self.order {
            if let Some(doc) = self.corpus.docs().get(position as usize) {
                for (i, entity) in doc.entities.iter().enumerate() {
                    if wanted(entity) {
                        items.push(Member {
                            doc: position,
                            entity: i as u32,
                        });
                    }
                }
            }
        }
        items
    }

    /// Names a mention may merge on: a person's only when it has several words (a
    /// surname alone is pass 2's business), sorted by text, without repeats.
    fn mergeable(&self, entity: &EntitySummary) -> Vec<Sym> {
        let mut names: Vec<Sym> = std::iter::once(entity.name)
            .chain(entity.mentions.iter().copied())
            .filter(|n| entity.kind != EntityType::Person || self.names.of(*n).words > 1)
            .collect();
        names.sort_by(|a, b| self.text(*a).cmp(self.text(*b)));
        names.dedup();
        names
    }

    /// A person known by a surname alone: no knowledge-base id, no name of several words.
    fn is_surname(&self, entity: &EntitySummary) -> bool {
        entity.kind == EntityType::Person
            && entity.kb.is_none()
            && std::iter::once(entity.name)
                .chain(entity.mentions.iter().copied())
                .all(|n| self.names.of(n).words <= 1)
    }

    fn entity_keys(&self, member: Member, keys: &mut Vec<BlockKey>) {
        let Some(entity) = self.entity(member) else {
            return;
        };
        if let Some(kb) = entity.kb {
            keys.push(BlockKey::Kb(kb));
        }
        for name in self.mergeable(entity) {
            if let Some(normalized) = self.names.of(name).normalized {
                keys.push(BlockKey::Name(entity.kind, normalized));
            }
        }
    }

    /// The previous nodes of a group of mentions, rebuilt, when exactly these mentions
    /// (of those `keep` selects) made them: resolving the group again would give them
    /// back, since a mention never looks outside its group.
    fn reuse_nodes(
        &self,
        old: &Old<'_>,
        group: &[Member],
        keep: impl Fn(&EntitySummary) -> bool,
    ) -> Option<Vec<Building>> {
        let mut nodes: Vec<u32> = group
            .iter()
            .map(|m| old.old_node(*m))
            .collect::<Option<_>>()?;
        nodes.sort_unstable();
        nodes.dedup();
        let mut rebuilt = Vec::with_capacity(nodes.len());
        let mut covered = 0;
        for n in nodes {
            let node = old.resolution.nodes.get(n as usize)?;
            let mut building: Option<Building> = None;
            for (member, reason) in node.members.iter().zip(&node.reasons) {
                let member = old.new_member(*member)?;
                let entity = self.entity(member)?;
                if !keep(entity) {
                    continue;
                }
                covered += 1;
                let rank = self.rank(member);
                match building.as_mut() {
                    None => building = Some(Building::new(member, entity, rank)),
                    Some(b) => {
                        b.members.push(member);
                        b.reasons.push(match reason {
                            Some(r) => Some(old.new_reason(r)?),
                            None => None,
                        });
                        b.last_rank = rank;
                    }
                }
                if let Some(b) = building.as_mut() {
                    b.see(entity);
                }
            }
            let mut building = building?;
            for (member, why) in &node.kept_apart {
                building
                    .kept_apart
                    .push((old.new_member(*member)?, old.new_apart(why)?));
            }
            rebuilt.push(building);
        }
        // No mention of the group is new and none of the old nodes' is gone.
        if covered != group.len() {
            return None;
        }
        rebuilt.sort_by_key(|b| (self.rank(b.creator), b.creator.entity));
        Some(rebuilt)
    }

    fn reuse_entities(&self, old: &Old<'_>, group: &[Member]) -> Option<Vec<Building>> {
        self.reuse_nodes(old, group, |e| !self.is_surname(e))
    }

    /// Pass 1 on one component: the same knowledge-base id merges; otherwise the node of
    /// the type sharing the most names (the oldest on a tie), acronyms permitting.
    fn resolve_entities(&self, items: impl Iterator<Item = Member>) -> Vec<Building> {
        let mut nodes: Vec<Building> = Vec::new();
        let mut by_kb: FxHashMap<Sym, usize> = FxHashMap::default();
        let mut by_name: FxHashMap<(EntityType, Sym), Vec<usize>> = FxHashMap::default();
        for member in items {
            let Some(entity) = self.entity(member) else {
                continue;
            };
            let rank = self.rank(member);
            let matched = match entity.kb {
                Some(kb) => by_kb.get(&kb).map(|&n| (n, Reason::SameKb)),
                None => self.find_by_names(entity, &nodes, &by_name),
            };
            let node = match matched {
                Some((node, reason)) => {
                    if let Some(building) = nodes.get_mut(node) {
                        building.join(member, rank, reason);
                    }
                    node
                }
                None => {
                    nodes.push(Building::new(member, entity, rank));
                    if let Some(kb) = entity.kb {
                        by_kb.insert(kb, nodes.len() - 1);
                    }
                    nodes.len() - 1
                }
            };
            if let Some(building) = nodes.get_mut(node) {
                building.see(entity);
            }
            for name in self.mergeable(entity) {
                if let Some(normalized) = self.names.of(name).normalized {
                    let list = by_name.entry((entity.kind, normalized)).or_default();
                    if !list.contains(&node) {
                        list.push(node);
                    }
                }
            }
        }
        nodes
    }

    fn find_by_names(
        &self,
        entity: &EntitySummary,
        nodes: &[Building],
        by_name: &FxHashMap<(EntityType, Sym), Vec<usize>>,
    ) -> Option<(usize, Reason)> {
        let mut scores: Vec<(usize, usize, Sym)> = Vec::new();
        for name in self.mergeable(entity) {
            let Some(normalized) = self.names.of(name).normalized else {
                continue;
            };
            for &node in by_name
                .get(&(entity.kind, normalized))
                .into_iter()
                .flatten()
            {
                let Some(building) = nodes.get(node) else {
                    continue;
                };
                if !self.acronym_agrees(name, entity, building) {
                    continue;
                }
                match scores.iter_mut().find(|s| s.0 == node) {
                    Some(score) => score.1 += 1,
                    None => scores.push((node, 1, name)),
                }
            }
        }
        scores
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
            .map(|(node, _, name)| (node, Reason::SameName(name)))
    }

    /// An acronym shared by two entities means the same thing only when the full names
    /// either side gives it are abbreviated by it and are the same: "SCO" is not both the
    /// Shanghai Cooperation Organisation and a Special Court Office.
    fn acronym_agrees(&self, shared: Sym, entity: &EntitySummary, node: &Building) -> bool {
        if !self.names.of(shared).acronym {
            return true;
        }
        let full = |names: &mut dyn Iterator<Item = Sym>| -> Vec<Sym> {
            names
                .filter(|n| {
                    let fact = self.names.of(*n);
                    !fact.acronym && fact.words > 1
                })
                .collect()
        };
        let ours = full(&mut std::iter::once(entity.name).chain(entity.mentions.iter().copied()));
        let theirs = full(&mut node.seen.iter().copied());
        let acronym = self.text(shared);
        let fits = |names: &[Sym]| {
            names.is_empty() || names.iter().any(|n| abbreviates(acronym, self.text(*n)))
        };
        let normalized = |n: &Sym| self.names.of(*n).normalized;
        let same_full_name = ours.is_empty()
            || theirs.is_empty()
            || ours
                .iter()
                .any(|a| theirs.iter().any(|b| normalized(a) == normalized(b)));
        fits(&ours) && fits(&theirs) && same_full_name
    }

    /// The co-mentioned entities of a document that tell contexts apart: its
    /// organizations, people and places resolved by pass 1 (countries are named in
    /// almost every article), with the name the document gives each.
    fn context(&self, doc: u32, state: &State) -> Vec<(u32, Sym)> {
        let mut context: Vec<(u32, Sym)> = Vec::new();
        let Some(summary) = self.corpus.docs().get(doc as usize) else {
            return context;
        };
        for (i, entity) in summary.entities.iter().enumerate() {
            // Surnames are what pass 2 decides, not context.
            if matches!(entity.kind, EntityType::Event | EntityType::Country)
                || self.is_surname(entity)
            {
                continue;
            }
            let member = Member {
                doc,
                entity: i as u32,
            };
            if let Some(node) = state.node_of(member) {
                context.push((node, entity.name));
            }
        }
        context.sort_unstable_by_key(|c| c.0);
        context.dedup_by_key(|c| c.0);
        context
    }

    /// Pass 2: surnames alone, against the full-name people of pass 1. With a previous
    /// resolution, the surnames no change can reach keep their previous decisions.
    fn resolve_surnames(
        &self,
        state: &mut State,
        old: Option<(&Old<'_>, &FxHashMap<u32, u32>)>,
        dirty: &mut FxHashSet<Member>,
        reuse: &mut Reuse,
    ) {
        let items = self.items(|e| self.is_surname(e));
        reuse.mentions += items.len();
        let items = match old {
            Some((old, taken)) => self.reuse_surnames(state, old, taken, dirty, items),
            None => items,
        };
        reuse.resolved += items.len();
        dirty.extend(items.iter().copied());
        self.resolve_surname_items(state, items);
    }

    /// The normalised surname of a mention, computed when the corpus has no fact for it
    /// (a mention of a document no longer there).
    fn surname_key(&self, entity: &EntitySummary, strings: &Interner) -> Option<Sym> {
        match self.names.facts.get(&entity.name) {
            Some(fact) => fact.normalized,
            None => self
                .names
                .local
                .lookup(&normalize(strings.get(entity.name))),
        }
    }

    /// The surnames a full-name person node can be called by: every proper word suffix
    /// of its full names, as keys of this resolution (those no surname has are skipped).
    fn suffix_keys(&self, names: impl Iterator<Item = String>, keys: &mut FxHashSet<Sym>) {
        for name in names {
            if name.split_whitespace().count() < 2 || is_acronym(&name) {
                continue;
            }
            let normalized = normalize(&name);
            let words: Vec<&str> = normalized.split(' ').collect();
            for start in 1..words.len() {
                if let Some(suffix) = self.names.local.lookup(&words[start..].join(" ")) {
                    keys.insert(suffix);
                }
            }
        }
    }

    /// Takes over the previous decisions of surnames whose decision cannot have changed;
    /// returns the others. A decision reads the full names ending in the surname and the
    /// co-mentioned entities of the documents involved: it can change when a surname
    /// mention comes or goes, when a full-name person that could be a candidate was
    /// resolved again or is gone, or when a document involved has a mention resolved
    /// again.
    fn reuse_surnames(
        &self,
        state: &mut State,
        old: &Old<'_>,
        taken: &FxHashMap<u32, u32>,
        dirty: &FxHashSet<Member>,
        items: Vec<Member>,
    ) -> Vec<Member> {
        let strings = &self.corpus.strings;
        let key = |m: Member| self.entity(m).and_then(|e| self.surname_key(e, strings));
        let mut dirty_keys: FxHashSet<Sym> = FxHashSet::default();
        for &m in &items {
            if old.old_node(m).is_none()
                && let Some(k) = key(m)
            {
                dirty_keys.insert(k);
            }
        }
        let old_strings = &old.corpus.strings;
        let surname_text = |e: &EntitySummary| {
            e.kind == EntityType::Person
                && e.kb.is_none()
                && std::iter::once(e.name)
                    .chain(e.mentions.iter().copied())
                    .all(|n| old_strings.get(n).split_whitespace().count() <= 1)
        };
        let names_of = |entities: &mut dyn Iterator<Item = &EntitySummary>| -> Vec<String> {
            let mut names = Vec::new();
            for e in entities {
                for n in std::iter::once(e.name).chain(e.mentions.iter().copied()) {
                    names.push(old_strings.get(n).to_owned());
                }
            }
            names
        };
        for (o, doc) in old.corpus.docs().iter().enumerate() {
            if old.new_position.get(o).copied().flatten().is_some() {
                continue;
            }
            // A document gone or replaced: its surnames, and the full names it gave.
            for e in &doc.entities {
                if surname_text(e) {
                    if let Some(k) = self.surname_key(e, old_strings) {
                        dirty_keys.insert(k);
                    }
                } else if e.kind == EntityType::Person {
                    self.suffix_keys(
                        names_of(&mut std::iter::once(e)).into_iter(),
                        &mut dirty_keys,
                    );
                }
            }
        }
        // People resolved again, or gone, and people of documents whose context moved.
        let taken_old: FxHashSet<u32> = taken.keys().copied().collect();
        for (n, node) in old.resolution.nodes.iter().enumerate() {
            if node.kind == EntityType::Person && !taken_old.contains(&(n as u32)) {
                let mut entities = node.members.iter().filter_map(|m| {
                    old.corpus
                        .docs()
                        .get(m.doc as usize)?
                        .entities
                        .get(m.entity as usize)
                });
                self.suffix_keys(names_of(&mut entities).into_iter(), &mut dirty_keys);
            }
        }
        let mut unsettled_docs: FxHashSet<u32> = dirty.iter().map(|m| m.doc).collect();
        unsettled_docs.extend((0..self.corpus.len() as u32).filter(|&p| {
            old.old_position
                .get(p as usize)
                .copied()
                .flatten()
                .is_none()
        }));
        for node in &state.nodes {
            if node.facts.kind != EntityType::Person {
                continue;
            }
            let moved = dirty.contains(&node.creator)
                || node.members.iter().any(|m| unsettled_docs.contains(&m.doc));
            if moved {
                self.suffix_keys(
                    node.seen.iter().map(|n| strings.get(*n).to_owned()),
                    &mut dirty_keys,
                );
            }
        }
        for &m in &items {
            if unsettled_docs.contains(&m.doc)
                && let Some(k) = key(m)
            {
                dirty_keys.insert(k);
            }
        }

        let (settled, unsettled): (Vec<Member>, Vec<Member>) = items.into_iter().partition(|m| {
            key(*m).is_some_and(|k| !dirty_keys.contains(&k)) && old.old_node(*m).is_some()
        });
        let mut unsettled = unsettled;
        let mut joins: FxHashMap<u32, Vec<Member>> = FxHashMap::default();
        let mut clusters: FxHashSet<u32> = FxHashSet::default();
        for m in settled {
            let Some(n) = old.old_node(m) else {
                unsettled.push(m);
                continue;
            };
            // A node of surnames only; a full name's node may have joined surnames.
            let surname_node = old.resolution.nodes.get(n as usize).is_some_and(|node| {
                node.members.iter().all(|c| {
                    old.corpus
                        .docs()
                        .get(c.doc as usize)
                        .and_then(|d| d.entities.get(c.entity as usize))
                        .is_some_and(surname_text)
                })
            });
            if surname_node {
                clusters.insert(n);
            } else if taken.contains_key(&n) {
                joins.entry(n).or_default().push(m);
            } else {
                unsettled.push(m);
            }
        }
        for (n, members) in joins {
            let (Some(&position), Some(node)) =
                (taken.get(&n), old.resolution.nodes.get(n as usize))
            else {
                unsettled.extend(members);
                continue;
            };
            let wanted: FxHashSet<Member> = members.iter().copied().collect();
            let mut joined = Vec::new();
            for (member, reason) in node.members.iter().zip(&node.reasons) {
                if let Some(new) = old.new_member(*member).filter(|m| wanted.contains(m)) {
                    joined.push((new, reason.as_ref().and_then(|r| old.new_reason(r))));
                }
            }
            if joined.len() != wanted.len() {
                unsettled.extend(members);
                continue;
            }
            for (member, reason) in joined {
                let rank = self.rank(member);
                if let Some(building) = state.nodes.get_mut(position as usize) {
                    building.members.push(member);
                    building.reasons.push(reason);
                    building.last_rank = rank;
                    if let Some(entity) = self.entity(member) {
                        building.see(entity);
                    }
                }
                state.assign(member, position);
            }
            if let Some(building) = state.nodes.get_mut(position as usize) {
                self.sort_members(building);
            }
        }
        let mut rebuilt = Vec::new();
        for n in clusters {
            let group: Vec<Member> = old
                .resolution
                .nodes
                .get(n as usize)
                .map(|node| {
                    node.members
                        .iter()
                        .filter_map(|m| old.new_member(*m))
                        .collect()
                })
                .unwrap_or_default();
            match self.reuse_nodes(old, &group, |_| true) {
                Some(nodes)
                    if group.len()
                        == old
                            .resolution
                            .nodes
                            .get(n as usize)
                            .map_or(0, |n| n.members.len()) =>
                {
                    rebuilt.extend(nodes)
                }
                _ => unsettled.extend(group),
            }
        }
        state.add(rebuilt);
        unsettled.sort_by_key(|m| (self.rank(*m), m.entity));
        unsettled.dedup();
        unsettled
    }

    /// Keeps a node's members in reading order after joins out of order.
    fn sort_members(&self, building: &mut Building) {
        let mut paired: Vec<(Member, Option<Reason>)> = building
            .members
            .drain(..)
            .zip(building.reasons.drain(..))
            .collect();
        paired.sort_by_key(|(m, _)| (self.rank(*m), m.entity));
        (building.members, building.reasons) = paired.into_iter().unzip();
    }

    /// Pass 2 proper, on the surname mentions given (in reading order).
    fn resolve_surname_items(&self, state: &mut State, items: Vec<Member>) {
        if items.is_empty() {
            return;
        }
        let surname = |m: Member| {
            self.entity(m)
                .and_then(|e| self.names.of(e.name).normalized)
        };
        let wanted: FxHashSet<Sym> = items.iter().filter_map(|m| surname(*m)).collect();
        // Full-name people whose name ends in one of the surnames wanted, with the word
        // before the surname ("Sergei Lavrov" for "Lavrov") and the length of the name.
        let mut candidates: FxHashMap<Sym, Vec<(u32, String, u32)>> = FxHashMap::default();
        for (position, node) in state.nodes.iter().enumerate() {
            if node.facts.kind != EntityType::Person {
                continue;
            }
            for name in &node.seen {
                let fact = self.names.of(*name);
                let Some(normalized) = fact.normalized.filter(|_| fact.words > 1 && !fact.acronym)
                else {
                    continue;
                };
                let words: Vec<&str> = self.names.local.get(normalized).split(' ').collect();
                for start in 1..words.len() {
                    let Some(suffix) = self.names.local.lookup(&words[start..].join(" ")) else {
                        continue;
                    };
                    if wanted.contains(&suffix) {
                        let core = words[start - 1..].join(" ");
                        candidates.entry(suffix).or_default().push((
                            position as u32,
                            core,
                            words.len() as u32,
                        ));
                    }
                }
            }
        }
        let people: FxHashMap<Sym, Result<u32, Vec<u32>>> = candidates
            .into_iter()
            .map(|(surname, names)| (surname, one_person(names)))
            .collect();
        let mut contexts: FxHashMap<u32, Vec<(u32, Sym)>> = FxHashMap::default();
        let mut context_of = |doc: u32| -> Vec<(u32, Sym)> {
            contexts
                .entry(doc)
                .or_insert_with(|| self.context(doc, state))
                .clone()
        };
        let mut node_context: FxHashMap<u32, FxHashSet<u32>> = FxHashMap::default();
        let mut joins: Vec<(u32, Member, Reason)> = Vec::new();
        let mut apart: Vec<(Member, Option<Apart>)> = Vec::new();
        for &member in &items {
            let list: &[u32] = match surname(member).and_then(|s| people.get(&s)) {
                None => &[],
                Some(Ok(single)) => std::slice::from_ref(single),
                Some(Err(several)) => several,
            };
            match list {
                [] => apart.push((member, None)),
                [single] => {
                    let theirs = node_context.entry(*single).or_insert_with(|| {
                        let mut union = FxHashSet::default();
                        if let Some(node) = state.nodes.get(*single as usize) {
                            let mut docs: Vec<u32> = node.members.iter().map(|m| m.doc).collect();
                            docs.dedup();
                            for doc in docs {
                                union.extend(context_of(doc).into_iter().map(|c| c.0));
                            }
                        }
                        union.remove(single);
                        union
                    });
                    let mut shared: Vec<Sym> = context_of(member.doc)
                        .into_iter()
                        .filter(|c| theirs.contains(&c.0))
                        .map(|c| c.1)
                        .collect();
                    if shared.is_empty() {
                        let creator = state.nodes.get(*single as usize).map(|n| n.creator);
                        apart.push((member, creator.map(Apart::NoSharedContext)));
                    } else {
                        shared.sort_by(|a, b| self.text(*a).cmp(self.text(*b)));
                        shared.dedup();
                        shared.truncate(3);
                        joins.push((*single, member, Reason::Surname(shared)));
                    }
                }
                several => {
                    let creators = several
                        .iter()
                        .filter_map(|n| state.nodes.get(*n as usize).map(|b| b.creator))
                        .collect();
                    apart.push((member, Some(Apart::Competing(creators))));
                }
            }
        }
        // Contexts are those of pass 1: read them before any surname joins.
        let contexts_apart: Vec<Vec<(u32, Sym)>> =
            apart.iter().map(|(m, _)| context_of(m.doc)).collect();
        let mut joined_nodes = FxHashSet::default();
        for (node, member, reason) in joins {
            let rank = self.rank(member);
            if let Some(building) = state.nodes.get_mut(node as usize) {
                building.join(member, rank, reason);
                if let Some(entity) = self.entity(member) {
                    building.see(entity);
                }
                joined_nodes.insert(node);
            }
            state.assign(member, node);
        }
        // Surnames join in any order: keep the members in reading order.
        for node in joined_nodes {
            if let Some(building) = state.nodes.get_mut(node as usize) {
                self.sort_members(building);
            }
        }
        // What stays apart merges with the same surname in shared context.
        let groups = components(apart.len(), |i, keys| {
            if let Some(s) = surname(apart[i].0) {
                keys.extend(contexts_apart[i].iter().map(|c| (s, c.0)));
            }
        });
        let mut built = Vec::new();
        for group in groups {
            let mut count: FxHashMap<u32, usize> = FxHashMap::default();
            for &i in &group {
                for c in &contexts_apart[i as usize] {
                    *count.entry(c.0).or_insert(0) += 1;
                }
            }
            let mut node: Option<Building> = None;
            for &i in &group {
                let (member, why) = &apart[i as usize];
                let rank = self.rank(*member);
                match node.as_mut() {
                    None => {
                        node = self
                            .entity(*member)
                            .map(|e| Building::new(*member, e, rank));
                    }
                    Some(building) => {
                        let mut shared: Vec<Sym> = contexts_apart[i as usize]
                            .iter()
                            .filter(|c| count.get(&c.0).is_some_and(|n| *n > 1))
                            .map(|c| c.1)
                            .collect();
                        shared.sort_by(|a, b| self.text(*a).cmp(self.text(*b)));
                        shared.truncate(3);
                        building.join(*member, rank, Reason::SameSurname(shared));
                    }
                }
                if let Some(building) = node.as_mut() {
                    if let Some(entity) = self.entity(*member) {
                        building.see(entity);
                    }
                    if let Some(why) = why {
                        building.kept_apart.push((*member, why.clone()));
                    }
                }
            }
            built.extend(node);
        }
        state.add(built);
    }

    fn arguments(&self, member: Member, state: &State) -> Arguments {
        let mut arguments = Arguments::default();
        let (Some(doc), Some(event)) = (
            self.corpus.docs().get(member.doc as usize),
            self.entity(member),
        ) else {
            return arguments;
        };
        let mut local: Option<FxHashMap<Sym, u32>> = None;
        for relation in &doc.relations {
            if relation.subject != event.id || !relation.predicate.is_event_role() {
                continue;
            }
            let ids = local.get_or_insert_with(|| doc.local_ids());
            let Some(&index) = ids.get(&relation.object) else {
                continue;
            };
            let object = Member {
                doc: member.doc,
                entity: index,
            };
            if self
                .entity(object)
                .is_none_or(|e| e.kind == EntityType::Event)
            {
                continue;
            }
            if let Some(node) = state.node_of(object) {
                if relation.predicate == Predicate::OccurredIn {
                    arguments.places.push((node, object));
                } else {
                    arguments.actors.push((node, object));
                }
            }
        }
        for list in [&mut arguments.places, &mut arguments.actors] {
            list.sort_unstable();
            list.dedup_by_key(|a| a.0);
        }
        arguments
    }

    /// Names of an event that can make it similar to another: two content words at least
    /// (a lone trigger word, "said", names no event in particular).
    fn event_names<'s>(
        &'s self,
        names: impl Iterator<Item = Sym> + 's,
    ) -> impl Iterator<Item = &'s [Sym]> + 's {
        names
            .map(|n| &*self.names.of(n).tokens)
            .filter(|tokens| tokens.len() >= 2)
    }

    fn event_keys(
        &self,
        member: Member,
        arguments: &Arguments,
        state: &State,
        keys: &mut Vec<BlockKey>,
    ) {
        let Some(event) = self.entity(member) else {
            return;
        };
        let kind = event.event_type;
        for tokens in
            self.event_names(std::iter::once(event.name).chain(event.mentions.iter().copied()))
        {
            for (i, a) in tokens.iter().enumerate() {
                for b in &tokens[i + 1..] {
                    keys.push(BlockKey::Pair(kind, *a, *b));
                }
            }
        }
        keys.extend(arguments.actor_nodes().map(|a| BlockKey::Actor(kind, a)));
        keys.extend(
            arguments
                .place_nodes()
                .filter(|p| self.is_location(*p, state))
                .map(|p| BlockKey::Site(kind, p)),
        );
    }

    fn is_location(&self, node: u32, state: &State) -> bool {
        state
            .nodes
            .get(node as usize)
            .is_some_and(|n| n.facts.kind == EntityType::Location)
    }

    /// Best Jaccard similarity of content words between any name of the event and any
    /// name of the node.
    fn similarity(&self, event: &EntitySummary, node: &Building) -> f64 {
        let jaccard = |ours: &[Sym], theirs: &[Sym]| {
            let shared = count_shared(ours, theirs);
            let union = ours.len() + theirs.len() - shared;
            if union > 0 {
                shared as f64 / union as f64
            } else {
                0.0
            }
        };
        let mut best: f64 = 0.0;
        let mut near: Vec<Sym> = Vec::new();
        for ours in
            self.event_names(std::iter::once(event.name).chain(event.mentions.iter().copied()))
        {
            if node.paired == 0 {
                for theirs in self.event_names(node.seen.iter().copied()) {
                    best = best.max(jaccard(ours, theirs));
                }
                continue;
            }
            // Two names of two words or more reach 0.5 only by sharing a pair of words.
            near.clear();
            for (i, a) in ours.iter().enumerate() {
                for b in &ours[i + 1..] {
                    near.extend(node.pairs.get(&(*a, *b)).into_iter().flatten());
                }
            }
            near.sort_unstable();
            near.dedup();
            for theirs in near.iter().map(|n| &*self.names.of(*n).tokens) {
                best = best.max(jaccard(ours, theirs));
            }
            for theirs in self.event_names(node.seen[node.paired..].iter().copied()) {
                best = best.max(jaccard(ours, theirs));
            }
        }
        best
    }

    /// Indexes the names of an event node by pairs of words once it has many.
    fn index_pairs(&self, node: &mut Building) {
        const MANY: usize = 16;
        if node.seen.len() < MANY {
            return;
        }
        for &name in &node.seen[node.paired..] {
            let tokens = &self.names.of(name).tokens;
            if tokens.len() < 2 {
                continue;
            }
            for (i, a) in tokens.iter().enumerate() {
                for b in &tokens[i + 1..] {
                    node.pairs.entry((*a, *b)).or_default().push(name);
                }
            }
        }
        node.paired = node.seen.len();
    }

    /// Old mentions of people, groups and places whose grouping may differ from the
    /// previous resolution's: those of a node that now holds old mentions of several
    /// previous nodes, or of another type, and those of a previous node now split. For
    /// the other old mentions, two share a node exactly when they did before, which is
    /// all an event's decision reads of them.
    fn regrouped(&self, old: &Old<'_>, state: &State) -> FxHashSet<Member> {
        let mut old_of_new: FxHashMap<u32, u32> = FxHashMap::default();
        let mut new_of_old: FxHashMap<u32, u32> = FxHashMap::default();
        let mut moved_new: FxHashSet<u32> = FxHashSet::default();
        let mut moved_old: FxHashSet<u32> = FxHashSet::default();
        for (position, node) in state.nodes.iter().enumerate() {
            let position = position as u32;
            for &member in &node.members {
                let Some(previous) = old.old_node(member) else {
                    continue;
                };
                if *old_of_new.entry(position).or_insert(previous) != previous
                    || old
                        .resolution
                        .nodes
                        .get(previous as usize)
                        .is_none_or(|n| n.kind != node.facts.kind)
                {
                    moved_new.insert(position);
                }
                if *new_of_old.entry(previous).or_insert(position) != position {
                    moved_old.insert(previous);
                }
            }
        }
        let mut regrouped = FxHashSet::default();
        for (position, node) in state.nodes.iter().enumerate() {
            for &member in &node.members {
                if let Some(previous) = old.old_node(member)
                    && (moved_new.contains(&(position as u32)) || moved_old.contains(&previous))
                {
                    regrouped.insert(member);
                }
            }
        }
        regrouped
    }

    /// Pass 3 on one component of events of one type. With `previous` (the previous
    /// resolution and which mentions have their arguments grouped as before), old
    /// mentions take their previous decisions where scoring would repeat them (see
    /// [`EventReplay`]). Returns the nodes and the number of mentions scored.
    fn resolve_events(
        &self,
        group: &[u32],
        items: &[Member],
        arguments: &[Arguments],
        state: &State,
        previous: Option<(&Old<'_>, &dyn Fn(u32) -> bool)>,
    ) -> (Vec<Building>, usize) {
        let mut nodes: Vec<Building> = Vec::new();
        let mut replay = previous.map(|(old, _)| EventReplay::new(old, group, items));
        // Nodes by what an event can share with them: a pair of name words (the only way
        // to similar names), a participant (with the date, for statements) or a site.
        let mut index = EventIndex::default();
        let mut probes = Vec::new();
        let mut candidates: Vec<(u32, bool)> = Vec::new();
        let mut scored = 0;
        for &item in group {
            let (Some(&member), Some(arguments)) =
                (items.get(item as usize), arguments.get(item as usize))
            else {
                continue;
            };
            let Some(event) = self.entity(member) else {
                continue;
            };
            let rank = self.rank(member);
            let statement = event.event_type == Some(EventType::Statement);
            let named = self.event_probes(event, arguments, state, &mut probes);
            let settled = previous.is_some_and(|(_, settled)| settled(item));
            let decision = replay.as_ref().and_then(|r| r.old_decision(member));
            let event_date = event.date.map(|d| self.text(d));
            let how = replay.as_ref().map_or(Replay::Score, |r| {
                r.replay(
                    member,
                    (decision, settled),
                    (&probes, named, event_date),
                    &mut candidates,
                )
            });
            if !matches!(how, Replay::Repeat(_)) {
                scored += 1;
            }
            let against = match how {
                Replay::Repeat(taken) => Ok(taken),
                Replay::Against(previous) => {
                    self.best_against(member, arguments, state, &nodes, previous, &candidates)
                }
                Replay::Score => Err(()),
            };
            let best = against.unwrap_or_else(|()| {
                self.best_event_node(
                    member,
                    arguments,
                    state,
                    (&nodes, &index),
                    (&probes, named),
                    &mut candidates,
                )
            });
            let (node, created) = match best {
                Some((node, reason)) => {
                    if let Some(building) = nodes.get_mut(node) {
                        building.join(member, rank, reason);
                    }
                    (node, false)
                }
                None => {
                    nodes.push(Building::new(member, event, rank));
                    (nodes.len() - 1, true)
                }
            };
            if let Some(replay) = replay.as_mut() {
                replay.record(decision, settled, node, created);
            }
            let Some(building) = nodes.get_mut(node) else {
                continue;
            };
            building.see(event);
            self.index_pairs(building);
            if let Some(date) = event.date
                && building
                    .date
                    .is_none_or(|d| self.text(d).len() < self.text(date).len())
            {
                building.date = Some(date);
            }
            merge_sorted(&mut building.places, arguments.place_nodes());
            merge_sorted(&mut building.actors, arguments.actor_nodes());
            // What the node can now be found by.
            let mut keys = Vec::new();
            self.name_probes(
                std::iter::once(event.name).chain(event.mentions.iter().copied()),
                &mut keys,
            );
            match (statement, building.date) {
                (true, Some(date)) => {
                    keys.extend(building.actors.iter().map(|a| Probe::ActorOn(*a, date)))
                }
                (true, None) => {}
                (false, _) => keys.extend(arguments.actor_nodes().map(Probe::Actor)),
            }
            keys.extend(
                arguments
                    .place_nodes()
                    .filter(|p| self.is_location(*p, state))
                    .map(Probe::Site),
            );
            let date = building.date.map(|d| self.text(d));
            for key in keys {
                index.register(key, node as u32, date);
                if let Some(replay) = replay.as_mut() {
                    replay.file(node, key, date);
                }
            }
        }
        (nodes, scored)
    }

    /// The node an old event joins when the only nodes in its reach that differ from the
    /// previous resolution are `dirty`: the previous winner among the others (`previous`,
    /// with whether a name reached it) or a dirty node that scores higher, or as high
    /// from an earlier position, as scoring every node would choose. `Err` when the
    /// previous winner no longer scores (then every node is scored).
    fn best_against(
        &self,
        member: Member,
        arguments: &Arguments,
        state: &State,
        nodes: &[Building],
        previous: Option<(usize, bool)>,
        dirty: &[(u32, bool)],
    ) -> Result<Option<(usize, Reason)>, ()> {
        let event = self.entity(member).ok_or(())?;
        let rank = self.rank(member);
        let mut best: Option<(f64, usize, Reason)> = None;
        if let Some((node, named)) = previous {
            let building = nodes.get(node).ok_or(())?;
            let (score, reason) = self
                .score_event(event, arguments, building, rank, state, named)
                .ok_or(())?;
            best = Some((score, node, reason));
        }
        for &(candidate, named) in dirty {
            let Some(building) = nodes.get(candidate as usize) else {
                continue;
            };
            if let Some((score, reason)) =
                self.score_event(event, arguments, building, rank, state, named)
                && best
                    .as_ref()
                    .is_none_or(|b| score > b.0 || (score == b.0 && (candidate as usize) < b.1))
            {
                best = Some((score, candidate as usize, reason));
            }
        }
        Ok(best.map(|(_, node, reason)| (node, reason)))
    }

    /// What an event probes the index with: pairs of its name words first (their number
    /// is returned), then its participants (with its date, for a statement), then its
    /// sites.
    fn event_probes(
        &self,
        event: &EntitySummary,
        arguments: &Arguments,
        state: &State,
        probes: &mut Vec<Probe>,
    ) -> usize {
        probes.clear();
        self.name_probes(
            std::iter::once(event.name).chain(event.mentions.iter().copied()),
            probes,
        );
        let named = probes.len();
        if event.event_type == Some(EventType::Statement) {
            if let Some(date) = event.date {
                probes.extend(arguments.actor_nodes().map(|a| Probe::ActorOn(a, date)));
            }
        } else if !arguments.places.is_empty() || event.date.is_some() {
            probes.extend(arguments.actor_nodes().map(Probe::Actor));
        }
        probes.extend(
            arguments
                .place_nodes()
                .filter(|p| self.is_location(*p, state))
                .map(Probe::Site),
        );
        named
    }

    /// The node an event joins, by score, among the component's `nodes` that its `probes`
    /// (the first `named` of them pairs of name words) reach in `index` (none: it starts a
    /// node). `candidates` is a buffer reused from event to event.
    fn best_event_node(
        &self,
        member: Member,
        arguments: &Arguments,
        state: &State,
        (nodes, index): (&[Building], &EventIndex<'_>),
        (probes, named): (&[Probe], usize),
        candidates: &mut Vec<(u32, bool)>,
    ) -> Option<(usize, Reason)> {
        let event = self.entity(member)?;
        let rank = self.rank(member);
        candidates.clear();
        let date = event.date.map(|d| self.text(d));
        for (i, probe) in probes.iter().enumerate() {
            index.reach(*probe, date, |node| candidates.push((node, i < named)));
        }
        // A node reached through a name pair first keeps that mark.
        candidates.sort_unstable_by_key(|c| (c.0, !c.1));
        candidates.dedup_by_key(|c| c.0);
        // No node scores above the same names with every participant shared; the first to
        // reach that keeps it, so the rest need no scoring.
        let ceiling = 1.0 + arguments.actors.len() as f64;
        let mut best: Option<(f64, usize, Reason)> = None;
        for &(candidate, named) in candidates.iter() {
            let Some(node) = nodes.get(candidate as usize) else {
                continue;
            };
            if let Some(scored) = self.score_event(event, arguments, node, rank, state, named)
                && best.as_ref().is_none_or(|b| scored.0 > b.0)
            {
                let top = scored.0 >= ceiling;
                best = Some((scored.0, candidate as usize, scored.1));
                if top {
                    break;
                }
            }
        }
        best.map(|(_, node, reason)| (node, reason))
    }

    /// Every pair of content words of the names that may make an event similar.
    fn name_probes(&self, names: impl Iterator<Item = Sym>, probes: &mut Vec<Probe>) {
        for tokens in self.event_names(names) {
            for (i, a) in tokens.iter().enumerate() {
                for b in &tokens[i + 1..] {
                    probes.push(Probe::Pair(*a, *b));
                }
            }
        }
    }

    /// Whether an event may join a node, and how strongly: similar names first, then a
    /// shared participant, then the same named site.
    fn score_event(
        &self,
        event: &EntitySummary,
        arguments: &Arguments,
        node: &Building,
        rank: u32,
        state: &State,
        named: bool,
    ) -> Option<(f64, Reason)> {
        // Extraction already merged one document's mentions of a happening.
        if node.last_rank == rank {
            return None;
        }
        if !dates_compatible(
            node.date.map(|d| self.text(d)),
            event.date.map(|d| self.text(d)),
        ) {
            return None;
        }
        if !arguments.places.is_empty()
            && !node.places.is_empty()
            && !arguments
                .place_nodes()
                .any(|p| node.places.binary_search(&p).is_ok())
        {
            return None;
        }
        let shared: Vec<Member> = arguments
            .actors
            .iter()
            .filter(|a| node.actors.binary_search(&a.0).is_ok())
            .map(|a| a.1)
            .collect();
        // Only a node that shares a pair of name words can have a similar name.
        let similarity = if named {
            self.similarity(event, node)
        } else {
            0.0
        };
        if similarity >= 0.5 {
            return Some((
                similarity + shared.len() as f64,
                Reason::SimilarNames(similarity),
            ));
        }
        // One actor makes many statements: a shared speaker needs the same date.
        let participant_counts = if event.event_type == Some(EventType::Statement) {
            event.date.is_some() && event.date == node.date
        } else {
            !arguments.places.is_empty() || event.date.is_some()
        };
        if !shared.is_empty() && participant_counts {
            return Some((shared.len() as f64 * 0.5, Reason::SharedParticipant(shared)));
        }
        // A named site (not a whole country) is as specific as a participant.
        let sites: Vec<Member> = arguments
            .places
            .iter()
            .filter(|p| node.places.binary_search(&p.0).is_ok() && self.is_location(p.0, state))
            .map(|p| p.1)
            .collect();
        (!sites.is_empty()).then_some((0.5, Reason::SameSite(sites)))
    }

    /// Node attributes from the members, keys, sorting, and the edges.
    fn finish(&self, state: State) -> Resolution {
        let State {
            nodes: built,
            mut assignment,
        } = state;
        let mut nodes: Vec<Finalized> = built.into_par_iter().map(|b| self.finalize(b)).collect();
        assign_keys(&mut nodes, self);
        let mut sorted: Vec<u32> = (0..nodes.len() as u32).collect();
        sorted.sort_by(|&a, &b| nodes[a as usize].0.key.cmp(&nodes[b as usize].0.key));
        let mut new_position = vec![0u32; nodes.len()];
        for (new, &old) in sorted.iter().enumerate() {
            new_position[old as usize] = new as u32;
        }
        let remap = |n: &mut u32| *n = new_position.get(*n as usize).copied().unwrap_or(*n);
        let mut slots: Vec<Option<ResolvedNode>> =
            nodes.into_iter().map(|(n, _, _)| Some(n)).collect();
        let nodes: Vec<ResolvedNode> = sorted
            .iter()
            .filter_map(|&old| slots.get_mut(old as usize).and_then(Option::take))
            .collect();
        for doc in &mut assignment {
            doc.iter_mut().filter(|n| **n != UNASSIGNED).for_each(remap);
        }
        let mut resolution = Resolution {
            order: self.order.to_vec(),
            assignment,
            nodes,
            edges: Vec::new(),
        };
        resolution.edges = edges(self.corpus, &resolution);
        resolution
    }

    /// A node's attributes, read from its members in order; the order in which nodes
    /// were created and the slug base of its key, for numbering keys.
    fn finalize(&self, building: Building) -> Finalized {
        let creator = building.facts;
        let entities: Vec<&EntitySummary> = building
            .members
            .iter()
            .filter_map(|m| self.entity(*m))
            .collect();
        let mut name = creator.name;
        if creator.kind == EntityType::Event {
            // An event told by several documents takes the name most of them give it.
            let mut tally: BTreeMap<&str, (usize, Sym)> = BTreeMap::new();
            for entity in &entities {
                tally
                    .entry(self.text(entity.name))
                    .or_insert((0, entity.name))
                    .0 += 1;
            }
            if let Some((_, (_, best))) = tally.into_iter().max_by(|a, b| {
                a.1.0
                    .cmp(&b.1.0)
                    .then(a.0.len().cmp(&b.0.len()))
                    .then(b.0.cmp(a.0))
            }) {
                name = best;
            }
        } else if creator.kb.is_none() {
            // A fuller name wins as canonical.
            for entity in &entities {
                let fact = self.names.of(entity.name);
                if entity.kb.is_none() && fact.words > self.names.of(name).words && !fact.acronym {
                    name = entity.name;
                }
            }
        }
        let mut aliases: Vec<Sym> = building
            .seen
            .iter()
            .copied()
            .filter(|s| *s != name)
            .collect();
        aliases.sort_by(|a, b| self.text(*a).cmp(self.text(*b)));
        aliases.dedup();
        let mut date: Option<Sym> = None;
        for entity in &entities {
            if let Some(d) = entity.date
                && date.is_none_or(|old| self.text(old).len() < self.text(d).len())
            {
                date = Some(d);
            }
        }
        let is_event = creator.kind == EntityType::Event;
        let anchor = (
            self.rank(building.creator),
            is_event,
            building.creator.entity,
        );
        let base = match creator.kb.filter(|_| !is_event) {
            Some(_) => None,
            None => Some(format!(
                "{}:{}",
                type_prefix(creator.kind),
                slug(self.text(creator.name))
            )),
        };
        let node = ResolvedNode {
            key: String::new(),
            kind: creator.kind,
            event_type: creator.event_type,
            name,
            aliases,
            kb: creator.kb,
            wikidata: creator
                .wikidata
                .or_else(|| entities.iter().find_map(|e| e.wikidata)),
            date,
            killed: entities.iter().map(|e| e.killed).max().flatten(),
            injured: entities.iter().map(|e| e.injured).max().flatten(),
            members: building.members,
            reasons: building.reasons,
            kept_apart: building.kept_apart,
        };
        (node, anchor, base)
    }
}

/// A finished node, the order of its creation (reading rank, event or not, position in
/// the record) and the slug its key is made from (`None` for a knowledge-base id).
type Finalized = (ResolvedNode, (u32, bool, u32), Option<String>);

fn type_prefix(kind: EntityType) -> &'static str {
    match kind {
        EntityType::Person => "person",
        EntityType::Organization => "org",
        EntityType::Country => "country",
        EntityType::Location => "place",
        EntityType::Event => "event",
    }
}

/// The one person among full names that end in a surname: names that share the word
/// before the surname ("Nesha Ulmaov", "Minister Nesha Ulmaov") are one person, and the
/// node with the plainest such name stands for it; otherwise the names compete.
fn one_person(mut names: Vec<(u32, String, u32)>) -> Result<u32, Vec<u32>> {
    names.sort();
    let mut nodes: Vec<u32> = names.iter().map(|n| n.0).collect();
    nodes.dedup();
    if let [single] = nodes.as_slice() {
        return Ok(*single);
    }
    let cores_of = |node: u32| -> BTreeSet<&str> {
        names
            .iter()
            .filter(|n| n.0 == node)
            .map(|n| n.1.as_str())
            .collect()
    };
    let mut common = cores_of(nodes[0]);
    for &node in &nodes[1..] {
        let theirs = cores_of(node);
        common.retain(|c| theirs.contains(c));
    }
    if common.is_empty() {
        return Err(nodes);
    }
    names
        .iter()
        .filter(|n| common.contains(n.1.as_str()))
        .min_by_key(|n| (n.2, n.0))
        .map(|n| n.0)
        .ok_or(nodes)
}

/// Keys: the knowledge-base id, or `type:slug` of the creating mention's name, numbered
/// `-2`, `-3`… in order of creation when several nodes share a slug (a slug never takes
/// a knowledge-base id's key).
fn assign_keys(nodes: &mut [Finalized], cx: &Cx<'_>) {
    let mut taken: FxHashSet<String> = FxHashSet::default();
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, (node, _, base)) in nodes.iter_mut().enumerate() {
        match (base, node.kb) {
            (Some(base), _) => groups.entry(base.clone()).or_default().push(i),
            (None, Some(kb)) => {
                node.key = cx.text(kb).to_owned();
                taken.insert(node.key.clone());
            }
            (None, None) => {}
        }
    }
    let mut keys: Vec<(usize, String)> = Vec::new();
    for (base, members) in &mut groups {
        members.sort_by_key(|&i| nodes.get(i).map(|n| n.1));
        if !taken.contains(base) && !members.is_empty() {
            taken.insert(base.clone());
            keys.push((members.remove(0), base.clone()));
        }
    }
    for (base, members) in &groups {
        let mut n = 2;
        for &i in members {
            let key = loop {
                let candidate = format!("{base}-{n}");
                n += 1;
                if !taken.contains(&candidate) {
                    break candidate;
                }
            };
            taken.insert(key.clone());
            keys.push((i, key));
        }
    }
    for (i, key) in keys {
        if let Some(node) = nodes.get_mut(i) {
            node.0.key = key;
        }
    }
}

fn merge_sorted(into: &mut Vec<u32>, from: impl Iterator<Item = u32>) {
    let before = into.len();
    into.extend(from);
    if into.len() > before {
        into.sort_unstable();
        into.dedup();
    }
}

fn count_shared<T: Ord>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            Ordering::Less => i += 1,
            Ordering::Greater => j += 1,
            Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Relations read through the resolution: one edge per (subject, predicate, object) of
/// nodes, evidence in document order without repeats, symmetric relations one way.
fn edges(corpus: &Corpus, resolution: &Resolution) -> Vec<ResolvedEdge> {
    let mut index: FxHashMap<(u32, Predicate, u32), usize> = FxHashMap::default();
    let mut edges: Vec<ResolvedEdge> = Vec::new();
    for &position in &resolution.order {
        let (Some(doc), Some(assigned)) = (
            corpus.docs().get(position as usize),
            resolution.assignment.get(position as usize),
        ) else {
            continue;
        };
        let local = doc.local_ids();
        for (r, relation) in doc.relations.iter().enumerate() {
            let node = |id: Sym| {
                local
                    .get(&id)
                    .and_then(|i| assigned.get(*i as usize))
                    .copied()
                    .filter(|n| *n != UNASSIGNED)
            };
            let (Some(mut subject), Some(mut object)) =
                (node(relation.subject), node(relation.object))
            else {
                continue;
            };
            if subject == object {
                continue;
            }
            // Only what the predicate's schema accepts becomes an edge, so that the graph,
            // and the RDF written from it, keep to the ontology whatever the records hold.
            let kind = |node: u32| resolution.nodes.get(node as usize).map(|n| n.kind);
            if let (Some(s), Some(o)) = (kind(subject), kind(object))
                && !relation.predicate.accepts(s, o)
            {
                continue;
            }
            if relation.predicate.is_symmetric() && resolution.key(object) < resolution.key(subject)
            {
                std::mem::swap(&mut subject, &mut object);
            }
            let slot = *index
                .entry((subject, relation.predicate, object))
                .or_insert_with(|| {
                    edges.push(ResolvedEdge {
                        subject,
                        predicate: relation.predicate,
                        object,
                        evidence: Vec::new(),
                        support: 0,
                        confidence: 0.0,
                    });
                    edges.len() - 1
                });
            let Some(edge) = edges.get_mut(slot) else {
                continue;
            };
            for (e, evidence) in relation.evidence.iter().enumerate() {
                let at = EvidenceAt {
                    doc: position,
                    relation: r as u32,
                    evidence: e as u32,
                };
                // Evidence is identified by its document, span, rule and confidence; only
                // this document's, at the end of the list, can repeat it.
                let repeated = edge
                    .evidence
                    .iter()
                    .rev()
                    .take_while(|o| o.doc == position)
                    .any(|o| {
                        evidence_at(corpus, *o).is_some_and(|(_, other)| {
                            other.doc == evidence.doc
                                && other.span == evidence.span
                                && other.rule == evidence.rule
                                && other.confidence.to_bits() == evidence.confidence.to_bits()
                        })
                    });
                if !repeated {
                    edge.evidence.push(at);
                }
            }
        }
    }
    for edge in &mut edges {
        let mut docs: Vec<Sym> = Vec::new();
        let mut confidences = Vec::with_capacity(edge.evidence.len());
        for at in &edge.evidence {
            if let Some((_, evidence)) = evidence_at(corpus, *at) {
                if docs.last() != Some(&evidence.doc) && !docs.contains(&evidence.doc) {
                    docs.push(evidence.doc);
                }
                confidences.push(evidence.confidence);
            }
        }
        edge.support = docs.len() as u32;
        edge.confidence = aggregate_confidence(confidences);
    }
    edges.sort_by(|a, b| {
        resolution
            .key(a.subject)
            .cmp(resolution.key(b.subject))
            .then(a.predicate.cmp(&b.predicate))
            .then_with(|| resolution.key(a.object).cmp(resolution.key(b.object)))
    });
    edges
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Evidence, Span};
    use crate::record::{EntityRecord, RelationRecord};

    fn entity(
        id: &str,
        kind: EntityType,
        name: &str,
        mentions: &[&str],
        kb: Option<&str>,
    ) -> EntityRecord {
        let mut e = EntityRecord::new(id, kind, name);
        e.mentions = mentions.iter().map(|m| (*m).to_owned()).collect();
        e.kb = kb.map(str::to_owned);
        e
    }

    fn event(id: &str, kind: EventType, name: &str, date: Option<&str>) -> EntityRecord {
        let mut e = EntityRecord::new(id, EntityType::Event, name);
        e.event_type = Some(kind);
        e.date = date.map(str::to_owned);
        e.mentions = vec![name.to_owned()];
        e
    }

    fn role(subject: &str, predicate: Predicate, object: &str, doc: &str) -> RelationRecord {
        RelationRecord {
            subject: subject.into(),
            predicate,
            object: object.into(),
            evidence: vec![Evidence {
                doc: doc.into(),
                span: Span::new(0, 1),
                sentence: "s".into(),
                rule: "test".into(),
                confidence: 0.8,
            }],
        }
    }

    fn record(
        doc: &str,
        entities: Vec<EntityRecord>,
        relations: Vec<RelationRecord>,
    ) -> DocumentRecord {
        DocumentRecord {
            doc: doc.into(),
            entities,
            relations,
            ..DocumentRecord::default()
        }
    }

    #[test]
    fn the_same_knowledge_base_id_merges_whatever_the_name() {
        let a = record(
            "a",
            vec![entity(
                "e0",
                EntityType::Organization,
                "ISKP",
                &["ISKP"],
                Some("org:iskp"),
            )],
            vec![],
        );
        let b = record(
            "b",
            vec![entity(
                "e0",
                EntityType::Organization,
                "Wilayat Khorasan",
                &["Wilayat Khorasan"],
                Some("org:iskp"),
            )],
            vec![],
        );
        let graph = KnowledgeGraph::from_records(&[a, b]);
        assert_eq!(graph.nodes.len(), 1);
        assert_eq!(graph.nodes["org:iskp"].support(), 2);
        assert_eq!(graph.merges[0].reason, "same knowledge-base id");
    }

    #[test]
    fn islamic_state_iskp_and_islamic_state_of_iraq_stay_apart() {
        let a = record(
            "a",
            vec![
                entity(
                    "e0",
                    EntityType::Organization,
                    "Islamic State",
                    &["IS"],
                    Some("org:islamic_state"),
                ),
                entity(
                    "e1",
                    EntityType::Organization,
                    "Islamic State Khorasan Province",
                    &["ISKP"],
                    Some("org:iskp"),
                ),
                entity(
                    "e2",
                    EntityType::Organization,
                    "Islamic State of Iraq",
                    &["ISI"],
                    Some("org:islamic_state_of_iraq"),
                ),
            ],
            vec![],
        );
        let graph = KnowledgeGraph::from_records(&[a]);
        assert_eq!(graph.nodes.len(), 3);
    }

    #[test]
    fn a_surname_alone_never_merges_across_documents() {
        let a = record(
            "a",
            vec![entity(
                "e0",
                EntityType::Person,
                "Abdusalam Azizov",
                &["Abdusalam Azizov", "Azizov"],
                None,
            )],
            vec![],
        );
        let b = record(
            "b",
            vec![entity(
                "e0",
                EntityType::Person,
                "Azizov",
                &["Azizov"],
                None,
            )],
            vec![],
        );
        let graph = KnowledgeGraph::from_records(&[a, b]);
        assert_eq!(
            graph.nodes.len(),
            2,
            "{:?}",
            graph.nodes.keys().collect::<Vec<_>>()
        );
        let c = record(
            "c",
            vec![entity(
                "e0",
                EntityType::Person,
                "Abdusalam Azizov",
                &["Abdusalam Azizov"],
                None,
            )],
            vec![],
        );
        let graph = KnowledgeGraph::from_records(&[
            record(
                "a",
                vec![entity(
                    "e0",
                    EntityType::Person,
                    "Abdusalam Azizov",
                    &["Azizov"],
                    None,
                )],
                vec![],
            ),
            c,
        ]);
        assert_eq!(graph.nodes.len(), 1);
    }

    #[test]
    fn an_acronym_merges_only_when_it_agrees_with_the_full_names() {
        let a = record(
            "a",
            vec![entity(
                "e0",
                EntityType::Organization,
                "Shanghai Cooperation Organization",
                &["SCO"],
                None,
            )],
            vec![],
        );
        let b = record(
            "b",
            vec![entity(
                "e0",
                EntityType::Organization,
                "Special Court Office",
                &["SCO"],
                None,
            )],
            vec![],
        );
        let c = record(
            "c",
            vec![entity(
                "e0",
                EntityType::Organization,
                "SCO",
                &["SCO"],
                None,
            )],
            vec![],
        );
        let graph = KnowledgeGraph::from_records(&[a, b, c]);
        let keys: Vec<&String> = graph.nodes.keys().collect();
        assert_eq!(graph.nodes.len(), 2, "{keys:?}");
        assert!(graph.nodes["org:shanghai-cooperation-organization"].support() >= 1);
    }

    #[test]
    fn types_never_merge_on_a_shared_name() {
        let a = record(
            "a",
            vec![entity(
                "e0",
                EntityType::Location,
                "Georgia",
                &["Georgia"],
                None,
            )],
            vec![],
        );
        let b = record(
            "b",
            vec![entity(
                "e0",
                EntityType::Person,
                "Georgia",
                &["Georgia"],
                None,
            )],
            vec![],
        );
        assert_eq!(KnowledgeGraph::from_records(&[a, b]).nodes.len(), 2);
    }

    fn attack_record(doc: &str, date: Option<&str>, place_kb: &str) -> DocumentRecord {
        record(
            doc,
            vec![
                entity(
                    "e0",
                    EntityType::Location,
                    place_kb,
                    &[place_kb],
                    Some(place_kb),
                ),
                entity(
                    "e1",
                    EntityType::Organization,
                    "ISKP",
                    &["ISKP"],
                    Some("org:iskp"),
                ),
                event("v0", EventType::Attack, &format!("{place_kb} attack"), date),
            ],
            vec![
                role("v0", Predicate::OccurredIn, "e0", doc),
                role("v0", Predicate::ClaimedBy, "e1", doc),
            ],
        )
    }

    #[test]
    fn only_relations_the_schema_accepts_become_edges() {
        let mut attack = attack_record("a", None, "place:hall");
        attack.relations.extend([
            // The place as the agent of the attack, the group located in the place.
            role("v0", Predicate::Agent, "e0", "a"),
            role("e1", Predicate::LocatedIn, "e0", "a"),
            role("e1", Predicate::OperatesIn, "e0", "a"),
        ]);
        let graph = KnowledgeGraph::from_records(&[attack]);
        let mut predicates: Vec<Predicate> = graph.edges.values().map(|e| e.predicate).collect();
        predicates.sort();
        assert_eq!(
            predicates,
            [
                Predicate::OperatesIn,
                Predicate::ClaimedBy,
                Predicate::OccurredIn
            ]
        );
    }

    #[test]
    fn events_merge_across_documents_on_type_place_date_and_participant() {
        let graph = KnowledgeGraph::from_records(&[
            attack_record("a", Some("2024-03-22"), "place:hall"),
            attack_record("b", Some("2024-03"), "place:hall"),
        ]);
        let events: Vec<&Node> = graph
            .nodes
            .values()
            .filter(|n| n.kind == EntityType::Event)
            .collect();
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].date.as_deref(), Some("2024-03-22"));
        assert_eq!(events[0].support(), 2);
    }

    #[test]
    fn events_with_incompatible_dates_or_places_stay_apart() {
        let graph = KnowledgeGraph::from_records(&[
            attack_record("a", Some("2024-03-22"), "place:hall"),
            attack_record("b", Some("2023-01"), "place:hall"),
        ]);
        assert_eq!(
            graph
                .nodes
                .values()
                .filter(|n| n.kind == EntityType::Event)
                .count(),
            2
        );
        let graph = KnowledgeGraph::from_records(&[
            attack_record("a", None, "place:hall"),
            attack_record("b", None, "place:church"),
        ]);
        assert_eq!(
            graph
                .nodes
                .values()
                .filter(|n| n.kind == EntityType::Event)
                .count(),
            2
        );
    }

    #[test]
    fn the_graph_depends_only_on_the_set_of_documents() {
        let docs = [
            attack_record("b", None, "place:hall"),
            attack_record("a", Some("2024"), "place:hall"),
            attack_record("c", None, "place:church"),
        ];
        let forward = KnowledgeGraph::from_records(&docs);
        let backward = KnowledgeGraph::from_records(docs.iter().rev());
        assert_eq!(forward, backward);
    }

    fn person(id: &str, name: &str) -> EntityRecord {
        entity(id, EntityType::Person, name, &[name], None)
    }

    fn org(id: &str, name: &str) -> EntityRecord {
        entity(id, EntityType::Organization, name, &[name], None)
    }

    fn people_named<'g>(graph: &'g KnowledgeGraph, surname: &str) -> Vec<&'g Node> {
        graph
            .nodes
            .values()
            .filter(|n| n.kind == EntityType::Person && n.names().any(|m| m.ends_with(surname)))
            .collect()
    }

    #[test]
    fn a_surname_joins_the_only_full_name_when_the_documents_share_context() {
        let graph = KnowledgeGraph::from_records(&[
            record(
                "a",
                vec![person("e0", "Sergei Lavrov"), org("e1", "Foreign Ministry")],
                vec![],
            ),
            record(
                "b",
                vec![person("e0", "Lavrov"), org("e1", "Foreign Ministry")],
                vec![],
            ),
        ]);
        let people = people_named(&graph, "Lavrov");
        assert_eq!(people.len(), 1, "{people:?}");
        assert_eq!(people[0].name, "Sergei Lavrov");
        assert_eq!(people[0].support(), 2);
        let merge = graph.merges_into(&people[0].key).next().unwrap();
        assert!(
            merge.reason.contains("surname") && merge.reason.contains("Foreign Ministry"),
            "{merge:?}"
        );
    }

    #[test]
    fn two_people_called_khan_keep_a_bare_khan_apart_and_say_why() {
        let graph = KnowledgeGraph::from_records(&[
            record(
                "a",
                vec![person("e0", "Imran Khan"), org("e1", "Tehreek-e-Insaf")],
                vec![],
            ),
            record(
                "b",
                vec![person("e0", "Sadiq Khan"), org("e1", "Labour Party")],
                vec![],
            ),
            record(
                "c",
                vec![person("e0", "Khan"), org("e1", "Tehreek-e-Insaf")],
                vec![],
            ),
        ]);
        assert_eq!(people_named(&graph, "Khan").len(), 3);
        let apart: Vec<&Merge> = graph.kept_apart_in("person:khan").collect();
        assert_eq!(apart.len(), 1, "{:?}", graph.kept_apart);
        assert!(
            apart[0].reason.contains("2 full names")
                && apart[0].reason.contains("Imran Khan")
                && apart[0].reason.contains("Sadiq Khan"),
            "{apart:?}"
        );
    }

    #[test]
    fn a_surname_without_shared_context_stays_apart_and_countries_are_no_context() {
        let country = |id: &str| {
            entity(
                id,
                EntityType::Country,
                "Pakistan",
                &["Pakistan"],
                Some("country:pk"),
            )
        };
        let graph = KnowledgeGraph::from_records(&[
            record("a", vec![person("e0", "Imran Khan"), country("e1")], vec![]),
            record("b", vec![person("e0", "Khan"), country("e1")], vec![]),
        ]);
        assert_eq!(people_named(&graph, "Khan").len(), 2);
        let apart = &graph.kept_apart;
        assert_eq!(apart.len(), 1);
        assert!(
            apart[0].reason.contains("share no co-mentioned entity"),
            "{apart:?}"
        );
        assert!(apart[0].reason.contains("Imran Khan"), "{apart:?}");
    }

    #[test]
    fn bare_surnames_in_shared_context_become_one_node_and_others_stay_apart() {
        let mut records: Vec<DocumentRecord> = (0..5)
            .map(|i| {
                record(
                    &format!("copy-{i}"),
                    vec![person("e0", "Lavrov"), org("e1", "Foreign Ministry")],
                    vec![],
                )
            })
            .collect();
        records.push(record(
            "other",
            vec![person("e0", "Lavrov"), org("e1", "Bolshoi Ballet")],
            vec![],
        ));
        let graph = KnowledgeGraph::from_records(&records);
        let mut support: Vec<usize> = people_named(&graph, "Lavrov")
            .iter()
            .map(|n| n.support())
            .collect();
        support.sort_unstable();
        assert_eq!(support, vec![1, 5]);
        assert!(
            graph
                .merges
                .iter()
                .any(|m| m.reason.starts_with("same surname"))
        );
    }

    #[test]
    fn titled_forms_of_one_full_name_do_not_compete_for_a_surname() {
        let graph = KnowledgeGraph::from_records(&[
            record(
                "a",
                vec![person("e0", "Nesha Ulmaov"), org("e1", "Defence Council")],
                vec![],
            ),
            record(
                "b",
                vec![
                    person("e0", "Minister Nesha Ulmaov"),
                    org("e1", "Defence Council"),
                ],
                vec![],
            ),
            record(
                "c",
                vec![person("e0", "Ulmaov"), org("e1", "Defence Council")],
                vec![],
            ),
        ]);
        let joined = &graph.nodes["person:nesha-ulmaov"];
        assert_eq!(
            joined.support(),
            2,
            "{:?}",
            graph.nodes.keys().collect::<Vec<_>>()
        );
        assert!(graph.kept_apart.is_empty());
    }

    #[test]
    fn the_event_index_reaches_every_node_whose_date_may_agree_and_no_other_year() {
        let dates = [
            None,
            Some("2024"),
            Some("2024-03"),
            Some("2024-03-22"),
            Some("2024-03-23"),
            Some("2024-04"),
            Some("2025-01-02"),
            Some("spring 2024"),
        ];
        let probe = Probe::Actor(7);
        let mut index = EventIndex::default();
        // Node i filed with dates[i], its date now `now[i]` (filed as a year, made exact).
        let mut now = dates.to_vec();
        for (node, date) in dates.iter().enumerate() {
            index.register(probe, node as u32, *date);
        }
        index.register(probe, 8, Some("2024"));
        now.push(Some("2024-03-22"));
        for asked in dates {
            let mut reached = Vec::new();
            index.reach(probe, asked, |node| reached.push(node));
            for (node, date) in now.iter().enumerate() {
                if dates_compatible(*date, asked) {
                    assert!(
                        reached.contains(&(node as u32)),
                        "{asked:?} misses {date:?}"
                    );
                }
            }
            if asked == Some("2024-03-22") {
                assert!(!reached.contains(&6), "a day of 2024 reaches a day of 2025");
                assert!(!reached.contains(&4), "a day reaches another day");
            }
        }
        assert_eq!(date_levels("2024-03-22"), Some(&[4, 7, 10][..]));
        assert_eq!(date_levels("2024-3"), None);
    }

    #[test]
    fn a_lone_trigger_word_makes_no_two_statements_the_same() {
        let statement = |doc: &str, speaker: &str| {
            let mut said = event(
                "v0",
                EventType::Statement,
                &format!("{speaker} statement"),
                None,
            );
            said.mentions = vec!["said".to_owned()];
            record(
                doc,
                vec![org("e0", speaker), said],
                vec![role("v0", Predicate::Agent, "e0", doc)],
            )
        };
        let graph = KnowledgeGraph::from_records(&[
            statement("a", "Human Rights Watch"),
            statement("b", "Red Cross"),
        ]);
        let statements = graph
            .nodes
            .values()
            .filter(|n| n.kind == EntityType::Event)
            .count();
        assert_eq!(statements, 2);
    }

    proptest::proptest! {
        /// Whatever order records arrive in, and whatever the interleaving of documents
        /// in the corpus, the graph is the same.
        #[test]
        fn the_graph_does_not_depend_on_the_order_records_arrive_in(
            picks in proptest::collection::vec((0usize..6, 0usize..6, 0usize..4, proptest::bool::ANY), 1..12),
            seed in 0u64..1000,
        ) {
            let given = ["Sergei", "Imran", "Sadiq", "Nesha", "Ann", "Bo"];
            let surnames = ["Lavrov", "Khan", "Khan", "Ulmaov", "Lee", "Lee"];
            let orgs = ["Foreign Ministry", "PTI", "Labour", "SCO", "Shanghai Cooperation Organization", "Red Cross"];
            let records: Vec<DocumentRecord> = picks
                .iter()
                .enumerate()
                .map(|(i, (p, o, kind, full))| {
                    let name = if *full { format!("{} {}", given[*p], surnames[*p]) } else { surnames[*p].to_owned() };
                    let doc = format!("d{i:02}");
                    let mut attack = event("v0", [EventType::Attack, EventType::Statement][*kind % 2], &format!("{} attack", orgs[*o]), [None, Some("2024"), Some("2024-03"), Some("2023")][*kind]);
                    attack.mentions.push(format!("{} raid", orgs[*o]));
                    record(
                        &doc,
                        vec![person("e0", &name), org("e1", orgs[*o]), attack],
                        vec![role("v0", Predicate::Agent, "e1", &doc), role("e0", Predicate::MemberOf, "e1", &doc)],
                    )
                })
                .collect();
            let forward = KnowledgeGraph::from_records(&records);
            let mut shuffled = records.clone();
            let n = shuffled.len();
            for i in 0..n {
                shuffled.swap(i, (seed as usize * 7 + i * 13) % n);
            }
            proptest::prop_assert_eq!(&forward, &KnowledgeGraph::from_records(&shuffled));
            proptest::prop_assert_eq!(&forward, &KnowledgeGraph::from_records(records.iter().rev()));
        }
    }

    /// A document built from choices among small pools, so that documents share names,
    /// knowledge-base ids, surnames, event names and participants.
    fn pooled(doc: &str, choice: &[usize; 6]) -> DocumentRecord {
        let people = [
            "Sergei Lavrov",
            "Lavrov",
            "Imran Khan",
            "Sadiq Khan",
            "Khan",
            "Nesha Ulmaov",
            "Minister Nesha Ulmaov",
            "Ulmaov",
        ];
        let orgs: [(&str, &[&str], Option<&str>); 6] = [
            (
                "Islamic State Khorasan Province",
                &["ISKP"],
                Some("org:iskp"),
            ),
            ("ISKP", &[], Some("org:iskp")),
            ("Shanghai Cooperation Organization", &["SCO"], None),
            ("Special Court Office", &["SCO"], None),
            ("SCO", &[], None),
            ("Foreign Ministry", &[], None),
        ];
        let places = ["place:hall", "place:church", "place:market"];
        let events = [
            (EventType::Attack, "hall attack", None),
            (EventType::Attack, "market bombing attack", Some("2024-03")),
            (
                EventType::Statement,
                "ministry statement",
                Some("2024-03-22"),
            ),
            (EventType::Attack, "hall attack", Some("2023")),
        ];
        let person = people[choice[0] % people.len()];
        let (org, org_mentions, kb) = orgs[choice[1] % orgs.len()];
        let place = places[choice[2] % places.len()];
        let (kind, name, date) = events[choice[3] % events.len()];
        let mut mentions = vec![org];
        mentions.extend_from_slice(org_mentions);
        let mut attack = event("v0", kind, name, date);
        attack.mentions.push(format!("{name} by {}", choice[4] % 2));
        let mut entities = vec![
            entity("e0", EntityType::Person, person, &[person], None),
            entity("e1", EntityType::Organization, org, &mentions, kb),
            entity("e2", EntityType::Location, place, &[place], Some(place)),
            attack,
        ];
        if choice[5] % 2 == 1 {
            entities.push(entity("e3", EntityType::Person, "Khan", &["Khan"], None));
        }
        record(
            doc,
            entities,
            vec![
                role("v0", Predicate::Agent, "e1", doc),
                role("v0", Predicate::OccurredIn, "e2", doc),
                role("e0", Predicate::MemberOf, "e1", doc),
            ],
        )
    }

    fn choices() -> impl proptest::strategy::Strategy<Value = [usize; 6]> {
        proptest::array::uniform6(0usize..8)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 256, ..Default::default() })]

        /// Resolving again only the components that additions, replacements and removals
        /// touch gives the resolution of everything, step after step.
        #[test]
        fn resolving_only_what_changed_gives_what_resolving_everything_gives(
            first in proptest::collection::vec(choices(), 1..10),
            steps in proptest::collection::vec((0usize..12, proptest::option::of(choices())), 1..8),
        ) {
            let mut corpus = Corpus::default();
            let mut sentences = MemorySentences::default();
            for (i, c) in first.iter().enumerate() {
                corpus.add_record(&pooled(&format!("d{i:02}"), c), &mut sentences).unwrap();
            }
            let mut resolution = Resolution::resolve(&corpus);
            for (doc, change) in steps {
                let previous = corpus.clone();
                let id = format!("d{doc:02}");
                match change {
                    Some(c) => {
                        corpus.add_record(&pooled(&id, &c), &mut sentences).unwrap();
                    }
                    None => {
                        corpus.remove(&id);
                    }
                }
                let (again, reuse) = Resolution::resolve_incremental(&corpus, &previous, &resolution);
                let everything = Resolution::resolve(&corpus);
                proptest::prop_assert!(reuse.resolved <= reuse.mentions);
                proptest::prop_assert_eq!(&again, &everything);
                resolution = again;
            }
        }
    }

    #[test]
    fn a_new_document_resolves_again_only_the_components_it_touches() {
        let mut corpus = Corpus::default();
        let mut sentences = MemorySentences::default();
        for i in 0..40 {
            let doc = format!("d{i:02}");
            let r = record(
                &doc,
                vec![
                    entity(
                        "e0",
                        EntityType::Person,
                        &format!("Person Number{i}"),
                        &[],
                        None,
                    ),
                    entity(
                        "e1",
                        EntityType::Organization,
                        &format!("Group {i}"),
                        &[],
                        None,
                    ),
                ],
                vec![role("e0", Predicate::MemberOf, "e1", &doc)],
            );
            corpus.add_record(&r, &mut sentences).unwrap();
        }
        let resolution = Resolution::resolve(&corpus);
        let previous = corpus.clone();
        let new = record(
            "d99",
            vec![entity(
                "e0",
                EntityType::Person,
                "Person Number7",
                &[],
                None,
            )],
            vec![],
        );
        corpus.add_record(&new, &mut sentences).unwrap();
        let (again, reuse) = Resolution::resolve_incremental(&corpus, &previous, &resolution);
        assert_eq!(again, Resolution::resolve(&corpus));
        assert_eq!(reuse.mentions, 81);
        // The new mention and the one whose name it shares.
        assert_eq!(reuse.resolved, 2);
    }

    /// Thirty attacks at one site (five dates, so several nodes) and one more document.
    fn attacks_and_one_more(extra: &str) -> (Corpus, Corpus, Resolution) {
        let mut corpus = Corpus::default();
        let mut sentences = MemorySentences::default();
        for i in 0..30 {
            let date = format!("2024-03-{:02}", 1 + i % 5);
            let r = attack_record(&format!("d{i:02}"), Some(&date), "loc:kabul");
            corpus.add_record(&r, &mut sentences).unwrap();
        }
        let resolution = Resolution::resolve(&corpus);
        let previous = corpus.clone();
        let r = attack_record(extra, Some("2024-03-02"), "loc:kabul");
        corpus.add_record(&r, &mut sentences).unwrap();
        (corpus, previous, resolution)
    }

    #[test]
    fn events_read_before_a_new_document_take_their_previous_decisions() {
        let (corpus, previous, resolution) = attacks_and_one_more("d99");
        let (again, reuse) = Resolution::resolve_incremental(&corpus, &previous, &resolution);
        assert_eq!(again, Resolution::resolve(&corpus));
        assert_eq!(reuse.mentions, 93);
        // The site and the group it touches are resolved again (31 mentions each); of
        // the events, only the new one is scored.
        assert_eq!(reuse.resolved, 31 + 31 + 1);

        // A document read first starts a node that the later events of its date meet: those
        // six are scored with it; the events of the four other dates never meet it and take
        // their previous decisions.
        let (corpus, previous, resolution) = attacks_and_one_more("a00");
        let (again, reuse) = Resolution::resolve_incremental(&corpus, &previous, &resolution);
        assert_eq!(again, Resolution::resolve(&corpus));
        assert_eq!(reuse.resolved, 31 + 31 + 1 + 6);
    }
}
