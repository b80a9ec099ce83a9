//! `show`, `neighbors`, `timeline` and `rank`: reading the graph an entity at a time.
//!
//! All four open the store's graph snapshot: the traversal structure and names are in
//! memory at once, and only the nodes and evidence a command prints are read in full
//! (see ARCHITECTURE.md, "Where the graph lives").

use crate::cli::{
    NeighborsArgs, NeighborsFormat, RankArgs, RankBy, ReportFormat, ShowArgs, TimelineArgs,
};
use anyhow::{Result, bail};
use osintkg_graph::view::Filter;
use osintkg_graph::{
    BetweennessOptions, Edge, EntityType, EventType, Evidence, KnowledgeGraph, Node,
    PageRankOptions, Subgraph, betweenness, degree, neighborhood, pagerank, top, write_dot,
    write_graphml,
};
use osintkg_rdf::GraphSnapshot;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;

fn name<'g>(graph: &'g KnowledgeGraph, key: &'g str) -> &'g str {
    graph.nodes.get(key).map_or(key, |n| n.name.as_str())
}

/// One relation of a dossier, seen from the entity.
#[derive(Serialize)]
struct RelationView<'g> {
    predicate: String,
    /// "out" when the entity is the subject, "in" when it is the object.
    direction: &'static str,
    other: &'g str,
    other_name: &'g str,
    support: usize,
    confidence: f64,
    sources: &'g [Evidence],
}

#[derive(Serialize)]
struct Dossier<'g> {
    key: &'g str,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    event_type: Option<EventType>,
    name: &'g str,
    names: Vec<&'g str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kb: Option<&'g str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    wikidata: Option<&'g str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'g str>,
    documents: usize,
    confidence: f64,
    relations: BTreeMap<String, Vec<RelationView<'g>>>,
    events: Vec<EventLine<'g>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    merges: Vec<&'g osintkg_graph::Merge>,
    /// Surname-only mentions kept apart from a full name, and why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    kept_apart: Vec<&'g osintkg_graph::Merge>,
}

#[derive(Serialize)]
struct EventLine<'g> {
    key: &'g str,
    name: &'g str,
    event_type: Option<EventType>,
    date: Option<&'g str>,
    role: String,
}

pub fn show(args: ShowArgs) -> Result<()> {
    let snapshot = GraphSnapshot::open(&args.store.store)?;
    let key = super::resolve_name(&snapshot, &args.entity)?;
    let Some(position) = snapshot.position(&key) else {
        bail!("{key} is missing from the graph")
    };
    let mut graph = super::partial_graph(&snapshot, [key.as_str()], snapshot.edges_of(position))?;
    if let Some(full) = snapshot.node(position)? {
        graph.nodes.insert(key.clone(), full);
    }
    if args.merges {
        (graph.merges, graph.kept_apart) = snapshot.merges(position)?;
    }
    let Some(node) = graph.nodes.get(&key) else {
        bail!("{key} is missing from the graph")
    };
    let mut relations: BTreeMap<String, Vec<RelationView<'_>>> = BTreeMap::new();
    let mut events = Vec::new();
    for edge in graph.edges_of(&key) {
        let outgoing = edge.subject == key;
        let other = if outgoing {
            &edge.object
        } else {
            &edge.subject
        };
        if !outgoing && edge.predicate.is_event_role() {
            let event = graph.nodes.get(other);
            events.push(EventLine {
                key: other,
                name: name(&graph, other),
                event_type: event.and_then(|e| e.event_type),
                date: event.and_then(|e| e.date.as_deref()),
                role: edge.predicate.to_string(),
            });
            continue;
        }
        relations
            .entry(edge.predicate.to_string())
            .or_default()
            .push(relation_view(&graph, edge, outgoing, other));
    }
    events.sort_by(|a, b| a.date.cmp(&b.date).then(a.name.cmp(b.name)));
    let dossier = Dossier {
        key: &node.key,
        kind: node.kind.as_str(),
        event_type: node.event_type,
        name: &node.name,
        names: node.names().collect(),
        kb: node.kb.as_deref(),
        wikidata: node.wikidata.as_deref(),
        date: node.date.as_deref(),
        documents: node.support(),
        confidence: node.confidence(),
        relations,
        events,
        merges: graph.merges_into(&key).collect(),
        kept_apart: graph.kept_apart_in(&key).collect(),
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        ReportFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&dossier)?)?,
        ReportFormat::Text => write_dossier(&mut out, node, &dossier, args.merges)?,
    }
    Ok(())
}

fn relation_view<'g>(
    graph: &'g KnowledgeGraph,
    edge: &'g Edge,
    outgoing: bool,
    other: &'g str,
) -> RelationView<'g> {
    RelationView {
        predicate: edge.predicate.to_string(),
        direction: if outgoing { "out" } else { "in" },
        other,
        other_name: name(graph, other),
        support: edge.support(),
        confidence: edge.confidence(),
        sources: &edge.evidence,
    }
}

fn write_dossier(
    out: &mut impl Write,
    node: &Node,
    dossier: &Dossier<'_>,
    merges: bool,
) -> Result<()> {
    let kind = match node.event_type {
        Some(t) => format!("Event ({t})"),
        None => node.kind.to_string(),
    };
    writeln!(out, "{} — {kind}", node.name)?;
    writeln!(out, "  key:       {}", node.key)?;
    if let Some(kb) = &node.kb {
        writeln!(out, "  kb:        {kb}")?;
    }
    if let Some(q) = &node.wikidata {
        writeln!(out, "  wikidata:  https://www.wikidata.org/wiki/{q}")?;
    }
    if let Some(date) = &node.date {
        writeln!(out, "  date:      {date}")?;
    }
    writeln!(out, "  names:     {}", dossier.names.join(" | "))?;
    writeln!(
        out,
        "  documents: {} (confidence {:.2})",
        dossier.documents, dossier.confidence
    )?;
    for (predicate, list) in &dossier.relations {
        writeln!(out, "\n  {predicate}")?;
        for relation in list {
            let arrow = if relation.direction == "out" {
                "→"
            } else {
                "←"
            };
            writeln!(
                out,
                "    {arrow} {} (support {}, confidence {:.2})",
                relation.other_name, relation.support, relation.confidence
            )?;
            for source in relation.sources {
                writeln!(
                    out,
                    "        {}: \"{}\" [{}]",
                    source.doc,
                    source.sentence.trim(),
                    source.rule
                )?;
            }
        }
    }
    if !dossier.events.is_empty() {
        writeln!(out, "\n  events")?;
        for event in &dossier.events {
            let kind = event.event_type.map_or(String::new(), |t| t.to_string());
            writeln!(
                out,
                "    {:10} {:12} {} ({})",
                event.date.unwrap_or("undated"),
                kind,
                event.name,
                event.role
            )?;
        }
    }
    if merges {
        writeln!(out, "\n  merges")?;
        for merge in &dossier.merges {
            writeln!(out, "    {} in {}: {}", merge.name, merge.doc, merge.reason)?;
        }
        if !dossier.kept_apart.is_empty() {
            writeln!(out, "\n  kept apart")?;
            for apart in &dossier.kept_apart {
                writeln!(out, "    {} in {}: {}", apart.name, apart.doc, apart.reason)?;
            }
        }
    }
    Ok(())
}

pub fn neighbors(args: NeighborsArgs) -> Result<()> {
    let snapshot = GraphSnapshot::open(&args.store.store)?;
    let key = super::resolve_name(&snapshot, &args.entity)?;
    let view = snapshot.view()?;
    let Some(root) = view.index_of(&key) else {
        bail!("{key} is missing from the graph view")
    };
    let around = neighborhood(&view, root, args.depth, &Filter::default(), None);
    let graph = super::partial_graph(
        &snapshot,
        around.nodes.iter().map(|n| n.key.as_str()),
        around
            .edges
            .iter()
            .filter_map(|e| snapshot.edge_position(e)),
    )?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        NeighborsFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&around)?)?,
        NeighborsFormat::Dot => write_dot(&graph, &Subgraph::from(&around), &mut out)?,
        NeighborsFormat::Graphml => write_graphml(&graph, &Subgraph::from(&around), &mut out)?,
        NeighborsFormat::Text => {
            writeln!(
                out,
                "{} — {} entities within {} hop(s)",
                name(&graph, &key),
                around.nodes.len().saturating_sub(1),
                args.depth
            )?;
            for node in around.nodes.iter().filter(|n| n.key != key) {
                let kind = graph.nodes.get(&node.key).map_or("", |n| n.kind.as_str());
                writeln!(
                    out,
                    "  {} {:12} {}",
                    node.hops,
                    kind,
                    name(&graph, &node.key)
                )?;
            }
            writeln!(out, "relations:")?;
            for (subject, predicate, object) in &around.edges {
                writeln!(
                    out,
                    "  {} {predicate} {}",
                    name(&graph, subject),
                    name(&graph, object)
                )?;
            }
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct TimelineEntry<'g> {
    date: Option<&'g str>,
    event_type: Option<EventType>,
    key: &'g str,
    name: &'g str,
    documents: usize,
}

pub fn timeline(args: TimelineArgs) -> Result<()> {
    let snapshot = GraphSnapshot::open(&args.store.store)?;
    let event_type = args.event_type;
    let around = args
        .entity
        .as_deref()
        .map(|e| super::resolve_name(&snapshot, e))
        .transpose()?;
    // Events linked to the entity, when one is given.
    let linked: Option<std::collections::HashSet<String>> = match &around {
        None => None,
        Some(key) => {
            let position = snapshot.position(key);
            let mut linked = std::collections::HashSet::new();
            for edge in position.map(|p| snapshot.edges_of(p)).unwrap_or_default() {
                if let Some((subject, object)) = snapshot.edge_nodes(edge) {
                    linked.insert(snapshot.key(subject).to_owned());
                    linked.insert(snapshot.key(object).to_owned());
                }
            }
            Some(linked)
        }
    };
    let nodes: Vec<(Node, usize)> = (0..snapshot.node_count() as u32)
        .filter_map(|i| Some((snapshot.node_summary(i)?, snapshot.support(i)?.0 as usize)))
        .filter(|(n, _)| n.kind == EntityType::Event)
        .filter(|(n, _)| event_type.is_none_or(|t| n.event_type == Some(t)))
        .filter(|(n, _)| linked.as_ref().is_none_or(|l| l.contains(&n.key)))
        .collect();
    let mut entries: Vec<TimelineEntry<'_>> = nodes
        .iter()
        .map(|(n, documents)| TimelineEntry {
            date: n.date.as_deref(),
            event_type: n.event_type,
            key: &n.key,
            name: &n.name,
            documents: *documents,
        })
        .collect();
    // Dated events first, in order; undated ones after, by name.
    entries.sort_by(|a, b| {
        (a.date.is_none(), a.date, a.name).cmp(&(b.date.is_none(), b.date, b.name))
    });
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        ReportFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&entries)?)?,
        ReportFormat::Text => {
            for entry in &entries {
                let kind = entry.event_type.map_or(String::new(), |t| t.to_string());
                writeln!(
                    out,
                    "{:10}  {:13} {} [{} doc(s)]",
                    entry.date.unwrap_or("undated"),
                    kind,
                    entry.name,
                    entry.documents
                )?;
            }
        }
    }
    Ok(())
}

pub fn rank(args: RankArgs) -> Result<()> {
    let snapshot = GraphSnapshot::open(&args.store.store)?;
    let types = &args.types[..];
    let view = snapshot.view()?;
    let scores = match args.by {
        RankBy::Degree => degree(&view),
        RankBy::Pagerank => pagerank(&view, &PageRankOptions::default()).scores,
        RankBy::Betweenness => betweenness(&view, &BetweennessOptions::default()).scores,
    };
    let ranked = top(&view, &scores, types, Some(args.top));
    let graph = super::partial_graph(&snapshot, ranked.iter().map(|s| s.key.as_str()), [])?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        ReportFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&ranked)?)?,
        ReportFormat::Text => {
            for (i, score) in ranked.iter().enumerate() {
                let kind = graph.nodes.get(&score.key).map_or("", |n| n.kind.as_str());
                writeln!(
                    out,
                    "{:3}. {:10.4}  {:12} {}",
                    i + 1,
                    score.score,
                    kind,
                    name(&graph, &score.key)
                )?;
            }
        }
    }
    Ok(())
}
