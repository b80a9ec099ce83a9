//! `show`, `neighbors`, `timeline` and `rank`: reading the graph an entity at a time.
//!
//! All four open the store's graph snapshot: the traversal structure and names are in
//! memory at once, and only the nodes and evidence a command prints are read in full
//! (see ARCHITECTURE.md, "Where the graph lives").

use crate::cli::{
    NeighborsArgs, NeighborsFormat, RankArgs, RankBy, ReportFormat, ShowArgs, TimelineArgs,
};
use crate::output::Sanitized;
use anyhow::{Result, bail};
use osintkg_graph::report::node_name as name;
use osintkg_graph::view::Filter;
use osintkg_graph::{
    BetweennessOptions, Dossier, EntityType, Node, PageRankOptions, Subgraph, TimelineEntry,
    betweenness, degree, neighborhood, pagerank, top, write_dot, write_graphml,
};
use osintkg_rdf::GraphSnapshot;
use std::io::Write;
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
    let dossier = Dossier::new(&graph, node, graph.edges_of(&key), args.merges);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        ReportFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&dossier)?)?,
        ReportFormat::Text => write_dossier(&mut Sanitized::new(out), node, &dossier, args.merges)?,
    }
    Ok(())
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
            let mut out = Sanitized::new(out);
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
    let nodes: Vec<(Node, usize)> = snapshot
        .node_summaries()?
        .into_iter()
        .zip(0..)
        .filter_map(|(node, i)| Some((node, snapshot.support(i)?.0 as usize)))
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
    // Dated events first, in order; undated ones after, by name (as
    // `osintkg_graph::timeline` orders them on a whole graph).
    entries.sort_by(|a, b| {
        (a.date.is_none(), a.date, a.name).cmp(&(b.date.is_none(), b.date, b.name))
    });
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        ReportFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&entries)?)?,
        ReportFormat::Text => {
            let mut out = Sanitized::new(out);
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
            let mut out = Sanitized::new(out);
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
