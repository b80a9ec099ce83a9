//! `osintkg stats`: what the store holds.

use crate::cli::{ReportFormat, StatsArgs};
use anyhow::Result;
use osintkg_rdf::StoreReader;

pub fn run(args: StatsArgs) -> Result<()> {
    let store = StoreReader::open(&args.store.store)?;
    let stats = store.stats()?;
    match args.format {
        ReportFormat::Json => println!("{}", serde_json::to_string_pretty(&stats)?),
        ReportFormat::Text => {
            println!(
                "store:      {} (generation {})",
                stats.path.display(),
                stats.generation
            );
            println!("documents:  {}", stats.documents);
            let nodes: u64 = stats.nodes_by_type.values().sum();
            let by_type: Vec<String> = stats
                .nodes_by_type
                .iter()
                .map(|(t, n)| format!("{n} {t}"))
                .collect();
            println!("entities:   {nodes} ({})", by_type.join(", "));
            if !stats.events_by_type.is_empty() {
                let events: Vec<String> = stats
                    .events_by_type
                    .iter()
                    .map(|(t, n)| format!("{n} {t}"))
                    .collect();
                println!("events:     {}", events.join(", "));
            }
            println!("relations:  {}", stats.facts);
            println!("evidence:   {} sentences", stats.evidence);
            println!("quads:      {}", stats.quads);
            println!(
                "disk:       {:.1} MiB",
                stats.size_on_disk as f64 / (1024.0 * 1024.0)
            );
        }
    }
    Ok(())
}
