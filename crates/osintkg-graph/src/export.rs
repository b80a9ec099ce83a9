//! Writing a piece of the graph (a neighbourhood, some paths) for graph tools: DOT for
//! Graphviz and GraphML for Gephi, yEd or Cytoscape.
//!
//! Names come from news in any script and may hold quotes, angle brackets or line
//! breaks, so every string is escaped, and both writers emit pure ASCII, with other
//! characters as numeric character references that both formats decode: the files then
//! survive any tool that guesses encodings.

use crate::graph::KnowledgeGraph;
use crate::model::EntityType;
use crate::neighbors::Neighborhood;
use crate::paths::GraphPath;
use crate::view::EdgeKey;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::{self, Write};

/// A set of nodes and edges to export, by key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subgraph {
    /// Node keys, in output order.
    pub nodes: Vec<String>,
    /// Edge keys, in output order.
    pub edges: Vec<EdgeKey>,
}

impl Subgraph {
    /// The nodes and edges of some paths, each once, in the order first met.
    pub fn from_paths<'p>(paths: impl IntoIterator<Item = &'p GraphPath>) -> Self {
        let mut subgraph = Subgraph::default();
        let mut seen_nodes = BTreeSet::new();
        let mut seen_edges = BTreeSet::new();
        for path in paths {
            for node in &path.nodes {
                if seen_nodes.insert(node.clone()) {
                    subgraph.nodes.push(node.clone());
                }
            }
            for hop in &path.hops {
                if seen_edges.insert(hop.edge.clone()) {
                    subgraph.edges.push(hop.edge.clone());
                }
            }
        }
        subgraph
    }

    /// Every node key, the listed nodes first, then edge endpoints not listed: a
    /// GraphML edge may only name declared nodes.
    fn all_nodes(&self) -> Vec<&str> {
        let mut seen = BTreeSet::new();
        self.nodes
            .iter()
            .map(String::as_str)
            .chain(
                self.edges
                    .iter()
                    .flat_map(|(s, _, o)| [s.as_str(), o.as_str()]),
            )
            .filter(|key| seen.insert(*key))
            .collect()
    }
}

impl From<&Neighborhood> for Subgraph {
    fn from(n: &Neighborhood) -> Self {
        Subgraph {
            nodes: n.nodes.iter().map(|node| node.key.clone()).collect(),
            edges: n.edges.clone(),
        }
    }
}

/// Writes the subgraph as a Graphviz `digraph`: node ids are keys, labels are names
/// with their type (and date, for events), edge labels are predicates. Attributes of
/// nodes and edges missing from `kg` are left out.
pub fn write_dot(kg: &KnowledgeGraph, subgraph: &Subgraph, mut out: impl Write) -> io::Result<()> {
    writeln!(out, "digraph osintkg {{")?;
    writeln!(out, "  node [shape=box];")?;
    for key in subgraph.all_nodes() {
        let Some(node) = kg.nodes.get(key) else {
            writeln!(out, "  {};", dot_string(key))?;
            continue;
        };
        let mut label = format!("{}\n({}", node.name, node.kind);
        if let Some(date) = &node.date {
            let _ = write!(label, ", {date}");
        }
        label.push(')');
        let shape = if node.kind == EntityType::Event {
            ", shape=ellipse"
        } else {
            ""
        };
        writeln!(
            out,
            "  {} [label={}, tooltip={}{shape}];",
            dot_string(key),
            dot_string(&label),
            dot_string(key)
        )?;
    }
    for key @ (subject, predicate, object) in &subgraph.edges {
        let detail = kg.edges.get(key).map_or(String::new(), |edge| {
            format!(
                ", tooltip={}",
                dot_string(&format!(
                    "support {}, confidence {:.2}",
                    edge.support(),
                    edge.confidence()
                ))
            )
        });
        writeln!(
            out,
            "  {} -> {} [label={}{detail}];",
            dot_string(subject),
            dot_string(object),
            dot_string(predicate.as_str())
        )?;
    }
    writeln!(out, "}}")
}

/// A DOT double-quoted string. Inside one, only `"` and `\` need a backslash, but
/// Graphviz also decodes HTML entities in labels, so `&` and angle brackets are written
/// as entities, line breaks as `\n` (a centred line break in a label) and every
/// non-ASCII character as `&#x…;`.
fn dot_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if c.is_ascii_control() => {}
            c if c.is_ascii() => out.push(c),
            c => {
                let _ = write!(out, "&#x{:X};", u32::from(c));
            }
        }
    }
    out.push('"');
    out
}

/// Writes the subgraph as GraphML, with node data (name, type, event type, date,
/// support, confidence) and edge data (predicate, support, confidence) declared as
/// typed keys so that tools import them as columns.
pub fn write_graphml(
    kg: &KnowledgeGraph,
    subgraph: &Subgraph,
    mut out: impl Write,
) -> io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">"#
    )?;
    for (id, target, name, kind) in [
        ("name", "node", "name", "string"),
        ("type", "node", "type", "string"),
        ("event_type", "node", "eventType", "string"),
        ("date", "node", "date", "string"),
        ("node_support", "node", "support", "int"),
        ("node_confidence", "node", "confidence", "double"),
        ("predicate", "edge", "predicate", "string"),
        ("edge_support", "edge", "support", "int"),
        ("edge_confidence", "edge", "confidence", "double"),
    ] {
        writeln!(
            out,
            r#"  <key id="{id}" for="{target}" attr.name="{name}" attr.type="{kind}"/>"#
        )?;
    }
    writeln!(out, r#"  <graph id="osintkg" edgedefault="directed">"#)?;
    for key in subgraph.all_nodes() {
        let Some(node) = kg.nodes.get(key) else {
            writeln!(out, r#"    <node id="{}"/>"#, xml_text(key))?;
            continue;
        };
        writeln!(out, r#"    <node id="{}">"#, xml_text(key))?;
        let mut data = vec![("name", node.name.clone()), ("type", node.kind.to_string())];
        if let Some(event_type) = node.event_type {
            data.push(("event_type", event_type.to_string()));
        }
        if let Some(date) = &node.date {
            data.push(("date", date.clone()));
        }
        data.push(("node_support", node.support().to_string()));
        data.push(("node_confidence", format!("{:.4}", node.confidence())));
        for (id, value) in data {
            writeln!(out, r#"      <data key="{id}">{}</data>"#, xml_text(&value))?;
        }
        writeln!(out, "    </node>")?;
    }
    for (i, key @ (subject, predicate, object)) in subgraph.edges.iter().enumerate() {
        writeln!(
            out,
            r#"    <edge id="e{i}" source="{}" target="{}">"#,
            xml_text(subject),
            xml_text(object)
        )?;
        writeln!(out, r#"      <data key="predicate">{predicate}</data>"#)?;
        if let Some(edge) = kg.edges.get(key) {
            writeln!(
                out,
                r#"      <data key="edge_support">{}</data>"#,
                edge.support()
            )?;
            writeln!(
                out,
                r#"      <data key="edge_confidence">{:.4}</data>"#,
                edge.confidence()
            )?;
        }
        writeln!(out, "    </edge>")?;
    }
    writeln!(out, "  </graph>")?;
    writeln!(out, "</graphml>")
}

/// XML text safe in both content and attribute values: markup characters and quotes as
/// entities, line breaks and tabs as character references (a parser would turn them into
/// spaces inside attributes), non-ASCII as `&#x…;`, and characters XML 1.0 forbids
/// (other control characters, U+FFFE, U+FFFF) dropped.
fn xml_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            '\u{FFFE}' | '\u{FFFF}' => {}
            c if c.is_ascii_control() => {}
            c if c.is_ascii() => out.push(c),
            c => {
                let _ = write!(out, "&#x{:X};", u32::from(c));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Predicate;
    use crate::paths::PathHop;
    use crate::view::tests::{edge, kg, node};

    fn graph() -> KnowledgeGraph {
        kg(
            vec![
                node(
                    "p:q",
                    EntityType::Person,
                    "Ali \"the Quote\" <Q>\nSecond",
                    None,
                ),
                node("l:m", EntityType::Location, "Москва & Co", None),
                node("e:1", EntityType::Event, "Attack", Some("2024-03-22")),
            ],
            vec![
                edge("p:q", Predicate::CitizenOf, "l:m", 2, 0.8),
                edge("e:1", Predicate::OccurredIn, "l:m", 1, 0.9),
            ],
        )
    }

    fn subgraph() -> Subgraph {
        Subgraph {
            nodes: vec!["p:q".to_owned(), "l:m".to_owned(), "e:1".to_owned()],
            edges: graph().edges.keys().cloned().collect(),
        }
    }

    #[test]
    fn dot_escapes_quotes_brackets_newlines_and_non_ascii() {
        let mut out = Vec::new();
        write_dot(&graph(), &subgraph(), &mut out).unwrap();
        let dot = String::from_utf8(out).unwrap();
        assert!(dot.is_ascii());
        assert!(
            dot.contains(r#"label="Ali \"the Quote\" &lt;Q&gt;\nSecond\n(Person)""#),
            "{dot}"
        );
        assert!(dot.contains("&#x41C;&#x43E;&#x441;&#x43A;&#x432;&#x430; &amp; Co"));
        assert!(dot.contains(r#""e:1" -> "l:m" [label="occurredIn""#));
        assert!(dot.contains("(Event, 2024-03-22)"));
        assert!(dot.contains("support 2, confidence 0.96"));
        assert!(dot.trim_end().ends_with('}'));
        // One line per node and edge: no raw newline leaked from a name.
        assert_eq!(dot.lines().count(), 2 + 3 + 2 + 1);
        assert_eq!(dot_string("a\\b\r"), r#""a\\b""#);
    }

    #[test]
    fn graphml_escapes_and_declares_every_endpoint() {
        let mut out = Vec::new();
        let partial = Subgraph {
            nodes: vec!["p:q".to_owned()],
            edges: vec![
                ("p:q".to_owned(), Predicate::CitizenOf, "l:m".to_owned()),
                ("x:'<y>'".to_owned(), Predicate::Opposes, "p:q".to_owned()),
            ],
        };
        write_graphml(&graph(), &partial, &mut out).unwrap();
        let xml = String::from_utf8(out).unwrap();
        assert!(xml.is_ascii());
        assert!(
            xml.contains("Ali &quot;the Quote&quot; &lt;Q&gt;&#10;Second"),
            "{xml}"
        );
        assert!(xml.contains(r#"<node id="l:m">"#));
        assert!(xml.contains(r#"<node id="x:&apos;&lt;y&gt;&apos;"/>"#));
        assert!(xml.contains("&#x41C;&#x43E;&#x441;&#x43A;&#x432;&#x430; &amp; Co"));
        assert!(xml.contains(r#"<data key="edge_support">2</data>"#));
        assert_eq!(xml.matches("<edge ").count(), 2);
        assert_eq!(xml.matches("<node ").count(), 3);
        assert_eq!(xml_text("a\u{1}\u{FFFF}b"), "ab");
    }

    #[test]
    fn subgraph_from_paths_dedupes() {
        let hop = |from: &str, to: &str| PathHop {
            from: from.to_owned(),
            to: to.to_owned(),
            predicate: Predicate::Opposes,
            forward: true,
            edge: (from.to_owned(), Predicate::Opposes, to.to_owned()),
        };
        let one = GraphPath {
            nodes: vec!["a".to_owned(), "b".to_owned(), "c".to_owned()],
            hops: vec![hop("a", "b"), hop("b", "c")],
            cost: 2.0,
        };
        let two = GraphPath {
            nodes: vec!["a".to_owned(), "b".to_owned(), "d".to_owned()],
            hops: vec![hop("a", "b"), hop("b", "d")],
            cost: 2.5,
        };
        let sub = Subgraph::from_paths([&one, &two]);
        assert_eq!(sub.nodes, ["a", "b", "c", "d"]);
        assert_eq!(sub.edges.len(), 3);
    }
}
