//! `osintkg remove DOC...`: documents out of the store, and with them whatever only they
//! said. The remaining documents are resolved again as a build would, and the change is
//! written as a new generation (usually the difference to the current one).

use crate::cli::RemoveArgs;
use anyhow::{Context, Result, bail};
use osintkg_rdf::StoreWriter;
use std::time::Instant;

pub fn run(args: RemoveArgs) -> Result<()> {
    let started = Instant::now();
    let mut writer = StoreWriter::open_or_create(&args.store.store)
        .with_context(|| format!("cannot open the store {}", args.store.store.display()))?;
    let before = writer.generation()?;
    if before.is_none() {
        bail!(
            "the store at {} holds no documents",
            args.store.store.display()
        );
    }
    let mut build = writer.begin()?;
    let missing: Vec<&String> = args.docs.iter().filter(|doc| !build.remove(doc)).collect();
    if !missing.is_empty() {
        bail!(
            "the store at {} holds no document {}; nothing was removed",
            args.store.store.display(),
            missing
                .iter()
                .map(|d| format!("{d:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let committed = super::build::commit(build, before)?;
    super::build::write_summary(&committed, started.elapsed().as_secs_f64())
}
