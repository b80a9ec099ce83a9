//! `osintkg path`: how two entities are connected, each hop with its evidence.
//!
//! Paths are computed on the petgraph view built from the store's graph snapshot (SPARQL
//! property paths answer reachability, not the path), preferring well-supported edges;
//! only the nodes and evidence of the paths found are read in full.

use crate::cli::{GraphOutput, PathArgs};
use crate::output::Sanitized;
use anyhow::{Context, Result, bail};
use osintkg_graph::report::node_name as name;
use osintkg_graph::{
    GraphPath, KnowledgeGraph, PathOptions, PathReport, Subgraph, k_shortest_paths, view::Filter,
    write_dot,
};
use osintkg_rdf::GraphSnapshot;
use std::io::Write;

pub fn run(args: PathArgs) -> Result<()> {
    let snapshot = GraphSnapshot::open(&args.store.store)?;
    let from = super::resolve_name(&snapshot, &args.from)?;
    let to = super::resolve_name(&snapshot, &args.to)?;
    let options = PathOptions {
        k: args.k,
        max_hops: args.max_hops,
        time_ordered: args.time_ordered,
        filter: filter(&args)?,
        ..PathOptions::default()
    };
    let view = snapshot.view()?;
    let (Some(start), Some(end)) = (view.index_of(&from), view.index_of(&to)) else {
        bail!("{from} or {to} is missing from the graph view");
    };
    let paths = k_shortest_paths(&view, start, end, &options);
    // Only what is printed is read: the nodes' names and the hops' evidence.
    let keys = paths
        .iter()
        .flat_map(|p| p.nodes.iter().map(String::as_str))
        .chain([from.as_str(), to.as_str()]);
    let edges = paths
        .iter()
        .flat_map(|p| &p.hops)
        .filter_map(|hop| snapshot.edge_position(&hop.edge));
    let graph = super::partial_graph(&snapshot, keys, edges)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        GraphOutput::Json => {
            let report = PathReport::new(&graph, &from, &to, &paths);
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
        GraphOutput::Dot => write_dot(&graph, &Subgraph::from_paths(&paths), &mut out)?,
        GraphOutput::Text => write_text(&graph, &from, &to, &paths, &mut Sanitized::new(out))?,
    }
    if paths.is_empty() {
        bail!(
            "no path from {:?} to {:?} with these options",
            name(&graph, &from),
            name(&graph, &to)
        );
    }
    Ok(())
}

fn filter(args: &PathArgs) -> Result<Filter> {
    let mut filter = Filter::default();
    if !args.via.is_empty() {
        filter = filter.via(args.via.iter().copied());
    }
    if !args.types.is_empty() {
        filter = filter.types(args.types.iter().copied());
    }
    if let Some(since) = &args.since {
        filter = filter.since(since).context("--since")?;
    }
    if let Some(until) = &args.until {
        filter = filter.until(until).context("--until")?;
    }
    Ok(filter)
}

fn write_text(
    graph: &KnowledgeGraph,
    from: &str,
    to: &str,
    paths: &[GraphPath],
    out: &mut impl Write,
) -> Result<()> {
    if paths.is_empty() {
        return Ok(());
    }
    for (i, path) in paths.iter().enumerate() {
        writeln!(
            out,
            "path {} of {}: {} → {} ({} hops, cost {:.2})",
            i + 1,
            paths.len(),
            name(graph, from),
            name(graph, to),
            path.hops.len(),
            path.cost
        )?;
        for hop in &path.hops {
            let (subject, object) = if hop.forward {
                (&hop.from, &hop.to)
            } else {
                (&hop.to, &hop.from)
            };
            let arrow = if hop.forward { "→" } else { "←" };
            writeln!(
                out,
                "  {} {arrow} {}   [{} {} {}]",
                name(graph, &hop.from),
                name(graph, &hop.to),
                name(graph, subject),
                hop.predicate,
                name(graph, object)
            )?;
            if let Some(edge) = graph.edges.get(&hop.edge) {
                for evidence in &edge.evidence {
                    writeln!(
                        out,
                        "      {}: \"{}\" ({}, {:.2})",
                        evidence.doc,
                        evidence.sentence.trim(),
                        evidence.rule,
                        evidence.confidence
                    )?;
                }
            }
        }
    }
    Ok(())
}
