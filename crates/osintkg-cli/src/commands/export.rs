//! `osintkg export`: the whole store in a W3C serialization, to stdout or a file.
//!
//! A file is written beside its destination and renamed into place at the end, so an
//! interrupted export never leaves half a file under the requested name. A destination
//! inside the store directory is refused: `-o kg/current` would replace the store's
//! pointer to its data.

use crate::cli::{ExportArgs, ExportFormat};
use anyhow::{Context, Result, bail};
use osintkg_rdf::StoreReader;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

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
            refuse_inside_store(path, store.dir())?;
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
                    if let Err(error) = std::fs::rename(&partial, path) {
                        let _ = std::fs::remove_file(&partial);
                        return Err(error)
                            .with_context(|| format!("cannot write {}", path.display()));
                    }
                    crate::output::note(format!("wrote {count} statements to {}", path.display()));
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

/// Fails when `output` (or the partial file written beside it) would land inside the
/// store directory, however the two paths are spelled (relative, `..`, symbolic links).
fn refuse_inside_store(output: &Path, store: &Path) -> Result<()> {
    let store = store
        .canonicalize()
        .with_context(|| format!("cannot resolve the store directory {}", store.display()))?;
    // The file may not exist yet: resolve the folder it would be written in.
    let folder = match output.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    };
    let folder = folder
        .canonicalize()
        .with_context(|| format!("cannot write {}: no such folder", output.display()))?;
    let target = match output.file_name() {
        Some(name) => folder.join(name),
        None => folder,
    };
    // A symbolic link named as the output would be followed by the write.
    let target = target.canonicalize().unwrap_or(target);
    if target.starts_with(&store) {
        bail!(
            "refusing to export into the store directory {}: choose a file outside it",
            store.display()
        );
    }
    Ok(())
}
