//! From what a user types to a node: any of a node's names or its key, compared the way
//! resolution compares names ([`normalize`]), so "the Islamic State’s" finds the node
//! that "Islamic State" built.
//!
//! When a name is shared, a node whose canonical name matches wins over nodes that only
//! have it as an alias; several equally good matches are reported rather than guessed
//! between. A miss comes with the closest names, so a typo costs one more try, not a
//! search through the graph.

use crate::graph::KnowledgeGraph;
use crate::names::normalize;
use std::collections::{BTreeSet, HashMap};

/// How many suggestions a miss returns.
const SUGGESTIONS: usize = 5;
/// Below this Jaro-Winkler similarity a name is not worth suggesting.
const MIN_SIMILARITY: f64 = 0.7;

/// The outcome of a lookup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// Exactly one node answers to the name: its key.
    Found(String),
    /// Several nodes answer to the name equally well: their keys, sorted.
    Ambiguous(Vec<String>),
    /// No node answers to the name.
    NotFound {
        /// Keys of the nodes with the most similar names, best first (at most five).
        suggestions: Vec<String>,
    },
}

/// A name index over a graph's nodes, built once for any number of lookups.
#[derive(Debug, Clone)]
pub struct NodeFinder<'a> {
    /// Normalised name → (node key, true when it is the node's canonical name).
    names: HashMap<String, Vec<(&'a str, bool)>>,
    /// Lowercased key → node key.
    keys: HashMap<String, &'a str>,
}

impl<'a> NodeFinder<'a> {
    /// Indexes every node's key, name and aliases.
    pub fn new(kg: &'a KnowledgeGraph) -> Self {
        let mut names: HashMap<String, Vec<(&'a str, bool)>> = HashMap::new();
        let mut keys = HashMap::new();
        for (key, node) in &kg.nodes {
            keys.insert(key.to_lowercase(), key.as_str());
            for (i, name) in node.names().enumerate() {
                let normalized = normalize(name);
                if normalized.is_empty() {
                    continue;
                }
                let entries = names.entry(normalized).or_default();
                let canonical = i == 0;
                match entries.iter_mut().find(|(k, _)| *k == key.as_str()) {
                    Some(entry) => entry.1 |= canonical,
                    None => entries.push((key.as_str(), canonical)),
                }
            }
        }
        NodeFinder { names, keys }
    }

    /// Finds the node a user means: by key (ignoring case), then by canonical name,
    /// then by alias, both normalised.
    pub fn find(&self, query: &str) -> Lookup {
        find(self, query)
    }
}

impl NameTable for NodeFinder<'_> {
    fn key(&self, lowercase: &str) -> Option<String> {
        self.keys.get(lowercase).map(|k| (*k).to_owned())
    }

    fn named(&self, normalized: &str) -> Vec<(String, bool)> {
        self.names
            .get(normalized)
            .into_iter()
            .flatten()
            .map(|(key, canonical)| ((*key).to_owned(), *canonical))
            .collect()
    }

    fn each_name(&self, each: &mut dyn FnMut(&str, &str)) {
        for (name, entries) in &self.names {
            for (key, _) in entries {
                each(name, key);
            }
        }
    }
}

/// Where [`find`] looks names up: a graph's [`NodeFinder`], or a table kept on disk
/// (the store's graph snapshot), so that both answer a name the same way.
pub trait NameTable {
    /// The key of the node whose key, lowercased, is `lowercase`.
    fn key(&self, lowercase: &str) -> Option<String>;
    /// The nodes that have this normalised name, each with whether it is their
    /// canonical name.
    fn named(&self, normalized: &str) -> Vec<(String, bool)>;
    /// Calls `each` with every (normalised name, node key) pair.
    fn each_name(&self, each: &mut dyn FnMut(&str, &str));
}

/// Finds the node a user means in `table`: by key (ignoring case), then by canonical
/// name, then by alias, both normalised; a miss comes with the most similar names.
pub fn find(table: &dyn NameTable, query: &str) -> Lookup {
    let query = query.trim();
    if let Some(key) = table.key(&query.to_lowercase()) {
        return Lookup::Found(key);
    }
    let normalized = normalize(query);
    let entries = table.named(&normalized);
    let canonical: BTreeSet<&str> = entries
        .iter()
        .filter(|(_, canonical)| *canonical)
        .map(|(key, _)| key.as_str())
        .collect();
    let matches = if canonical.is_empty() {
        entries.iter().map(|(key, _)| key.as_str()).collect()
    } else {
        canonical
    };
    let mut matches: Vec<String> = matches.into_iter().map(str::to_owned).collect();
    if matches.len() == 1 {
        return Lookup::Found(matches.remove(0));
    }
    if !matches.is_empty() {
        return Lookup::Ambiguous(matches);
    }
    Lookup::NotFound {
        suggestions: suggest(table, &normalized),
    }
}

/// Nodes whose best name is most similar to the query, by Jaro-Winkler similarity
/// (which rewards a shared beginning, the part of a name people get right).
fn suggest(table: &dyn NameTable, normalized: &str) -> Vec<String> {
    if normalized.is_empty() {
        return Vec::new();
    }
    let mut best: HashMap<String, f64> = HashMap::new();
    table.each_name(&mut |name, key| {
        let similarity = strsim::jaro_winkler(normalized, name);
        if similarity >= MIN_SIMILARITY {
            let score = best.entry(key.to_owned()).or_insert(0.0);
            *score = score.max(similarity);
        }
    });
    let mut ranked: Vec<(String, f64)> = best.into_iter().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    ranked
        .into_iter()
        .take(SUGGESTIONS)
        .map(|(key, _)| key)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EntityType;
    use crate::view::tests::{kg, node};

    fn graph() -> KnowledgeGraph {
        let mut is = node("org:is", EntityType::Organization, "Islamic State", None);
        is.aliases.insert("ISIS".to_owned());
        is.aliases.insert("IS".to_owned());
        let mut iskp = node(
            "org:iskp",
            EntityType::Organization,
            "Islamic State Khorasan Province",
            None,
        );
        iskp.aliases.insert("ISIS-K".to_owned());
        iskp.aliases.insert("IS".to_owned());
        let mut ru = node("country:ru", EntityType::Country, "Russia", None);
        ru.aliases.insert("Russian Federation".to_owned());
        let mut is_city = node("loc:is", EntityType::Location, "Is", None);
        is_city.aliases.insert("Is town".to_owned());
        let moscow1 = node("loc:moscow", EntityType::Location, "Moscow", None);
        let moscow2 = node("loc:moscow-idaho", EntityType::Location, "Moscow", None);
        kg(vec![is, iskp, ru, is_city, moscow1, moscow2], vec![])
    }

    #[test]
    fn finds_by_key_name_and_alias_through_normalisation() {
        let g = graph();
        let finder = NodeFinder::new(&g);
        assert_eq!(
            finder.find("COUNTRY:RU"),
            Lookup::Found("country:ru".to_owned())
        );
        assert_eq!(
            finder.find("the Islamic State’s"),
            Lookup::Found("org:is".to_owned())
        );
        assert_eq!(
            finder.find("russian federation"),
            Lookup::Found("country:ru".to_owned())
        );
        assert_eq!(finder.find("isis k"), Lookup::Found("org:iskp".to_owned()));
    }

    #[test]
    fn canonical_name_beats_shared_alias_and_ties_are_ambiguous() {
        let g = graph();
        let finder = NodeFinder::new(&g);
        // "IS" is an alias of two organizations but the canonical name of the town.
        assert_eq!(finder.find("is"), Lookup::Found("loc:is".to_owned()));
        assert_eq!(
            finder.find("Moscow"),
            Lookup::Ambiguous(vec!["loc:moscow".to_owned(), "loc:moscow-idaho".to_owned()])
        );
        let mut without_town = graph();
        without_town.nodes.remove("loc:is");
        let finder = NodeFinder::new(&without_town);
        assert_eq!(
            finder.find("IS"),
            Lookup::Ambiguous(vec!["org:is".to_owned(), "org:iskp".to_owned()])
        );
    }

    #[test]
    fn misses_suggest_similar_names() {
        let g = graph();
        let finder = NodeFinder::new(&g);
        let Lookup::NotFound { suggestions } = finder.find("Islamik State") else {
            panic!("should miss");
        };
        assert_eq!(suggestions.first().map(String::as_str), Some("org:is"));
        assert!(suggestions.len() <= SUGGESTIONS);
        assert!(suggestions.contains(&"org:iskp".to_owned()));
        assert_eq!(
            finder.find("Rusia"),
            Lookup::NotFound {
                suggestions: vec!["country:ru".to_owned()]
            }
        );
        assert_eq!(
            finder.find("  "),
            Lookup::NotFound {
                suggestions: vec![]
            }
        );
    }
}
