//! `show`, `neighbors`, `timeline` and `rank`: reading the graph an entity at a time.
//!
//! All four load the graph from the store and work on it in memory (see ARCHITECTURE.md,
//! "Where the graph lives").

use crate::cli::{
    NeighborsArgs, NeighborsFormat, RankArgs, RankBy, ReportFormat, ShowArgs, TimelineArgs,
};
use crate::output::Sanitized;
use anyhow::{Result, bail};
use osintkg_graph::report::node_name as name;
use osintkg_graph::view::Filter;
use osintkg_graph::{
    BetweennessOptions, Dossier, GraphView, KnowledgeGraph, Node, PageRankOptions, Subgraph,
    betweenness, degree, neighborhood, pagerank, top, write_dot, write_graphml,
};
use osintkg_rdf::StoreReader;
use std::io::Write;

fn load(store: &std::path::Path) -> Result<KnowledgeGraph> {
    Ok(StoreReader::open(store)?.load_graph()?)
}

pub fn show(args: ShowArgs) -> Result<()> {
    let graph = load(&args.store.store)?;
    let key = super::resolve_name(&graph, &args.entity)?;
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
    }
    Ok(())
}

pub fn neighbors(args: NeighborsArgs) -> Result<()> {
    let graph = load(&args.store.store)?;
    let key = super::resolve_name(&graph, &args.entity)?;
    let view = GraphView::new(&graph);
    let Some(root) = view.index_of(&key) else {
        bail!("{key} is missing from the graph view")
    };
    let around = neighborhood(&view, root, args.depth, &Filter::default(), None);
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
    let graph = load(&args.store.store)?;
    let around = args
        .entity
        .as_deref()
        .map(|e| super::resolve_name(&graph, e))
        .transpose()?;
    let entries = osintkg_graph::timeline(&graph, args.event_type, around.as_deref());
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
    let graph = load(&args.store.store)?;
    let types = &args.types[..];
    let view = GraphView::new(&graph);
    let scores = match args.by {
        RankBy::Degree => degree(&view),
        RankBy::Pagerank => pagerank(&view, &PageRankOptions::default()).scores,
        RankBy::Betweenness => betweenness(&view, &BetweennessOptions::default()).scores,
    };
    let ranked = top(&view, &scores, types, Some(args.top));
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
