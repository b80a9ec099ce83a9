//! `osintkg stats`: what the store holds.

use crate::cli::{ReportFormat, StatsArgs};
use crate::output::Sanitized;
use anyhow::{Context, Result};
use osintkg_rdf::{StoreReader, StoreStats};
use std::io::Write;

pub fn run(args: StatsArgs) -> Result<()> {
    let store = StoreReader::open(&args.store.store)?;
    let stats = store.stats()?;
    write(&stats, args.format).context("cannot write the statistics")
}

fn write(stats: &StoreStats, format: ReportFormat) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    match format {
        ReportFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(stats)?)?,
        ReportFormat::Text => {
            let mut out = Sanitized::new(out);
            writeln!(
                out,
                "store:      {} (generation {})",
                stats.path.display(),
                stats.generation
            )?;
            writeln!(out, "documents:  {}", stats.documents)?;
            let nodes: u64 = stats.nodes_by_type.values().sum();
            let by_type: Vec<String> = stats
                .nodes_by_type
                .iter()
                .map(|(t, n)| format!("{n} {t}"))
                .collect();
            writeln!(out, "entities:   {nodes} ({})", by_type.join(", "))?;
            if !stats.events_by_type.is_empty() {
                let events: Vec<String> = stats
                    .events_by_type
                    .iter()
                    .map(|(t, n)| format!("{n} {t}"))
                    .collect();
                writeln!(out, "events:     {}", events.join(", "))?;
            }
            writeln!(out, "relations:  {}", stats.facts)?;
            writeln!(out, "evidence:   {} sentences", stats.evidence)?;
            writeln!(out, "quads:      {}", stats.quads)?;
            writeln!(
                out,
                "disk:       {:.1} MiB",
                stats.size_on_disk as f64 / (1024.0 * 1024.0)
            )?;
            out.flush()?;
        }
    }
    Ok(())
}
