//! `osintkg export`: the whole store in a W3C serialization, to stdout or a file.
//!
//! A file is written beside its destination and renamed into place at the end, so an
//! interrupted export never leaves half a file under the requested name.

use crate::cli::{ExportArgs, ExportFormat};
use anyhow::{Context, Result};
use osintkg_rdf::StoreReader;
use std::io::{BufWriter, Write};

pub fn run(args: ExportArgs) -> Result<()> {
    let store = StoreReader::open(&args.store.store)?;
    let format = match args.format {
        ExportFormat::Turtle => osintkg_rdf::ExportFormat::Turtle,
        ExportFormat::Ntriples => osintkg_rdf::ExportFormat::NTriples,
        ExportFormat::Nquads => osintkg_rdf::ExportFormat::NQuads,
        ExportFormat::Trig => osintkg_rdf::ExportFormat::TriG,
        ExportFormat::Rdfxml => osintkg_rdf::ExportFormat::RdfXml,
    };
    match &args.output {
        None => {
            let stdout = std::io::stdout();
            let mut out = BufWriter::new(stdout.lock());
            store.export(format, args.with_ontology, &mut out)?;
            out.flush()?;
        }
        Some(path) => {
            let partial = path.with_extension("partial");
            let file = std::fs::File::create(&partial)
                .with_context(|| format!("cannot create {}", partial.display()))?;
            let mut out = BufWriter::new(file);
            let written = store.export(format, args.with_ontology, &mut out);
            let finished = written.map_err(anyhow::Error::from).and_then(|n| {
                out.flush()?;
                Ok(n)
            });
            match finished {
                Ok(count) => {
                    std::fs::rename(&partial, path)
                        .with_context(|| format!("cannot write {}", path.display()))?;
                    eprintln!("osintkg: wrote {count} statements to {}", path.display());
                }
                Err(error) => {
                    let _ = std::fs::remove_file(&partial);
                    return Err(error.context(format!("cannot export to {}", path.display())));
                }
            }
        }
    }
    Ok(())
}
