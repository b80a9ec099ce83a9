//! The search box: every name and alias of every node, matched by prefix and, for typos,
//! by edit distance, and ranked.
//!
//! Names are compared in the form resolution and `osintkg path` use
//! ([`normalize`]: case, diacritics, punctuation and a leading article folded away).
//! Each name is indexed from its start and from the start of each later word, so
//! "ghafari" finds "Sanaullah Ghafari" and "crocus" finds "Crocus City Hall attack". The
//! index is a finite-state transducer ([`fst`]), which answers a prefix and a Levenshtein
//! automaton (a typo anywhere in what was typed so far) without scanning the names; a
//! graph of a million nodes answers in milliseconds.
//!
//! Ranking: an exact name, then names that start with the query, then later words that
//! do, then near misses; within each, a node's canonical name before its aliases, then
//! the better-connected node (more relations) first.

use fst::automaton::{Levenshtein, Str};
use fst::{Automaton, IntoStreamer, Map, MapBuilder, Streamer};
use osintkg_graph::names::normalize;
use osintkg_graph::{GraphView, KnowledgeGraph};
use petgraph::graph::NodeIndex;
use serde::Serialize;
use std::collections::HashMap;

/// Index entries read for one query at most: a one-letter prefix of a large graph matches
/// a large share of it, and ranking needs only a bounded pool of candidates.
const MAX_SCANNED: usize = 20_000;

/// Where an indexed form comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Posting {
    /// The node, by view index.
    node: u32,
    /// Which of the node's names (0 is the canonical one).
    name: u32,
    /// True when the form starts at a later word of the name.
    later_word: bool,
}

/// How well a node matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum MatchClass {
    Exact,
    Prefix,
    WordPrefix,
    Fuzzy,
}

/// The name index of one graph.
#[derive(Debug)]
pub(crate) struct NameSearch {
    /// Normalised form → position of its postings in `offsets`.
    forms: Map<Vec<u8>>,
    /// `postings[offsets[i]..offsets[i + 1]]` are the postings of form `i`.
    offsets: Vec<u32>,
    postings: Vec<Posting>,
    /// Relations per node, in view order: the tie-break between equal matches.
    importance: Vec<u32>,
}

/// One result of a search.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    /// Node key.
    pub key: String,
    /// Canonical name.
    pub name: String,
    /// Node type.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The name or alias that matched, when it is not the canonical name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched: Option<String>,
    /// Event type, for events.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_type: Option<String>,
    /// Event date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Relations at the node.
    pub relations: u32,
}

impl NameSearch {
    /// Indexes every name of every node of `graph` (whose view is `view`, with
    /// `degree[i]` relations at view node `i`).
    pub(crate) fn new(graph: &KnowledgeGraph, view: &GraphView, degree: &[f64]) -> NameSearch {
        let mut entries: Vec<(String, Posting)> = Vec::new();
        for (i, node) in graph.nodes.values().enumerate() {
            // GraphView::new numbers nodes in key order, as the map iterates them.
            let Ok(index) = u32::try_from(i) else { break };
            for (n, name) in node.names().enumerate() {
                let form = normalize(name);
                let name_index = u32::try_from(n).unwrap_or(u32::MAX);
                let starts = std::iter::once(0).chain(
                    form.char_indices()
                        .filter(|&(_, c)| c == ' ')
                        .map(|(at, _)| at + 1),
                );
                for start in starts {
                    let Some(suffix) = form.get(start..).filter(|s| !s.is_empty()) else {
                        continue;
                    };
                    entries.push((
                        suffix.to_owned(),
                        Posting {
                            node: index,
                            name: name_index,
                            later_word: start > 0,
                        },
                    ));
                }
            }
        }
        entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        entries.dedup();
        let mut builder = MapBuilder::memory();
        let mut offsets = Vec::new();
        let mut postings = Vec::with_capacity(entries.len());
        let mut previous: Option<&str> = None;
        for (form, posting) in &entries {
            if previous != Some(form.as_str()) {
                // Keys arrive sorted and distinct, the only ways insert can fail.
                if builder.insert(form, offsets.len() as u64).is_err() {
                    continue;
                }
                offsets.push(u32::try_from(postings.len()).unwrap_or(u32::MAX));
                previous = Some(form.as_str());
            }
            postings.push(*posting);
        }
        offsets.push(u32::try_from(postings.len()).unwrap_or(u32::MAX));
        let forms = builder
            .into_inner()
            .ok()
            .and_then(|bytes| Map::new(bytes).ok())
            .unwrap_or_default();
        let importance = (0..view.node_count())
            .map(|i| degree.get(i).copied().unwrap_or(0.0) as u32)
            .collect();
        NameSearch {
            forms,
            offsets,
            postings,
            importance,
        }
    }

    fn postings_of(&self, form: u64) -> &[Posting] {
        let i = form as usize;
        match (self.offsets.get(i), self.offsets.get(i + 1)) {
            (Some(&start), Some(&end)) => self
                .postings
                .get(start as usize..end as usize)
                .unwrap_or(&[]),
            _ => &[],
        }
    }

    /// The best `limit` nodes for what the user typed.
    pub(crate) fn search(
        &self,
        graph: &KnowledgeGraph,
        view: &GraphView,
        query: &str,
        limit: usize,
    ) -> Vec<SearchHit> {
        let query = normalize(query);
        if query.is_empty() || limit == 0 {
            return Vec::new();
        }
        let mut best: HashMap<u32, (MatchClass, bool, u32)> = HashMap::new();
        let offer = |best: &mut HashMap<u32, (MatchClass, bool, u32)>,
                     posting: &Posting,
                     class: MatchClass| {
            let candidate = (class, posting.name != 0, posting.name);
            best.entry(posting.node)
                .and_modify(|held| {
                    if candidate < *held {
                        *held = candidate;
                    }
                })
                .or_insert(candidate);
        };
        let mut scanned = 0;
        let mut prefixed = self
            .forms
            .search(Str::new(&query).starts_with())
            .into_stream();
        while let Some((form, value)) = prefixed.next() {
            for posting in self.postings_of(value) {
                let class = match (posting.later_word, form == query.as_bytes()) {
                    (false, true) => MatchClass::Exact,
                    (false, false) => MatchClass::Prefix,
                    (true, _) => MatchClass::WordPrefix,
                };
                offer(&mut best, posting, class);
            }
            scanned += 1;
            if scanned >= MAX_SCANNED {
                break;
            }
        }
        let length = query.chars().count();
        if best.len() < limit && length >= 4 {
            let distance = if length >= 8 { 2 } else { 1 };
            // Building the automaton fails only for queries too long to be worth it.
            if let Ok(automaton) = Levenshtein::new(&query, distance) {
                let mut near = self.forms.search(automaton.starts_with()).into_stream();
                let mut scanned = 0;
                while let Some((_, value)) = near.next() {
                    for posting in self.postings_of(value) {
                        offer(&mut best, posting, MatchClass::Fuzzy);
                    }
                    scanned += 1;
                    if scanned >= MAX_SCANNED {
                        break;
                    }
                }
            }
        }
        let mut ranked: Vec<(u32, (MatchClass, bool, u32))> = best.into_iter().collect();
        let importance = |node: u32| self.importance.get(node as usize).copied().unwrap_or(0);
        ranked.sort_by(|a, b| {
            (a.1.0, a.1.1)
                .cmp(&(b.1.0, b.1.1))
                .then_with(|| importance(b.0).cmp(&importance(a.0)))
                .then_with(|| view.key(idx(a.0)).cmp(view.key(idx(b.0))))
        });
        ranked
            .into_iter()
            .take(limit)
            .filter_map(|(node, (_, _, name))| {
                let key = view.key(idx(node));
                let found = graph.nodes.get(key)?;
                Some(SearchHit {
                    key: key.to_owned(),
                    name: found.name.clone(),
                    kind: found.kind.as_str(),
                    matched: (name != 0)
                        .then(|| found.names().nth(name as usize).map(str::to_owned))
                        .flatten(),
                    event_type: found.event_type.map(|t| t.to_string()),
                    date: found.date.clone(),
                    relations: importance(node),
                })
            })
            .collect()
    }
}

fn idx(node: u32) -> NodeIndex {
    NodeIndex::new(node as usize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use osintkg_graph::{EntityType, Node, degree};

    fn node(key: &str, kind: EntityType, name: &str, aliases: &[&str]) -> Node {
        Node {
            key: key.to_owned(),
            kind,
            event_type: None,
            name: name.to_owned(),
            aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
            kb: None,
            wikidata: None,
            date: None,
            killed: None,
            injured: None,
            mentions: Vec::new(),
            confidences: vec![1.0],
        }
    }

    fn graph() -> KnowledgeGraph {
        let mut graph = KnowledgeGraph::default();
        for n in [
            node(
                "org:iskp",
                EntityType::Organization,
                "Islamic State Khorasan Province",
                &["ISKP", "IS-K", "ISIS-K"],
            ),
            node("org:is", EntityType::Organization, "Islamic State", &["IS"]),
            node(
                "person:sanaullah-ghafari",
                EntityType::Person,
                "Sanaullah Ghafari",
                &[],
            ),
            node(
                "event:crocus",
                EntityType::Event,
                "Crocus City Hall attack",
                &[],
            ),
            node("loc:iskar", EntityType::Location, "Iskar", &[]),
        ] {
            graph.nodes.insert(n.key.clone(), n);
        }
        graph
    }

    fn keys(query: &str) -> Vec<String> {
        let graph = graph();
        let view = GraphView::new(&graph);
        let search = NameSearch::new(&graph, &view, &degree(&view));
        search
            .search(&graph, &view, query, 10)
            .into_iter()
            .map(|hit| hit.key)
            .collect()
    }

    #[test]
    fn exact_alias_first_then_prefixes() {
        // Near misses fill the list after the exact alias.
        assert_eq!(keys("ISKP"), ["org:iskp", "loc:iskar"]);
        let islamic = keys("islamic");
        assert_eq!(islamic, ["org:is", "org:iskp"], "shorter key wins the tie");
        assert_eq!(
            keys("isk")[0],
            "loc:iskar",
            "a canonical name beats an alias"
        );
        assert!(keys("isk").contains(&"org:iskp".to_owned()));
    }

    #[test]
    fn later_words_and_typos_match() {
        assert_eq!(keys("ghafari"), ["person:sanaullah-ghafari"]);
        assert_eq!(keys("city hall"), ["event:crocus"]);
        assert_eq!(keys("Sanaulah Ghaf"), ["person:sanaullah-ghafari"]);
        assert!(keys("zzzz").is_empty());
        assert!(keys("  ").is_empty());
    }

    #[test]
    fn hits_carry_the_alias_that_matched() {
        let graph = graph();
        let view = GraphView::new(&graph);
        let search = NameSearch::new(&graph, &view, &degree(&view));
        let hits = search.search(&graph, &view, "is-k", 3);
        assert_eq!(hits[0].key, "org:iskp");
        assert_eq!(hits[0].matched.as_deref(), Some("IS-K"));
        assert_eq!(hits[0].kind, "Organization");
    }
}
