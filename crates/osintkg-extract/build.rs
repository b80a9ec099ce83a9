//! Compiles every language pack file under `ontology/lexicon/` into the library with
//! `include_str!`: a new language or concept is a new folder or file, never new code.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    let root = manifest.join("../../ontology/lexicon");
    println!("cargo::rerun-if-changed={}", root.display());
    let mut entries = Vec::new();
    for language in sorted(&root)? {
        if !language.is_dir() {
            continue;
        }
        for file in sorted(&language)? {
            if file.extension().is_some_and(|e| e == "tsv") {
                entries.push((name(&language)?, name(&file)?, file.canonicalize()?));
            }
        }
    }
    let mut code = String::from(
        "/// Every pack file under `ontology/lexicon/`: language folder, file name, contents.\n\
         pub(crate) const BUNDLED: &[(&str, &str, &str)] = &[\n",
    );
    for (language, file, path) in &entries {
        let path = path.to_str().ok_or("a lexicon path is not UTF-8")?;
        writeln!(
            code,
            "    ({language:?}, {file:?}, include_str!({path:?})),"
        )?;
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR")?).join("bundled_lexicon.rs");
    std::fs::write(out, code)?;
    Ok(())
}

fn sorted(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut paths = std::fs::read_dir(dir)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<std::io::Result<Vec<_>>>()?;
    paths.sort();
    Ok(paths)
}

fn name(path: &Path) -> Result<String, Box<dyn std::error::Error>> {
    Ok(path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or("a lexicon file name is not UTF-8")?
        .to_owned())
}
