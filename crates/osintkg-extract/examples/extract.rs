//! Extraction alone, without the store: `cargo run -p osintkg-extract --example extract -- seeds/`.
//!
//! Builds in seconds (no RocksDB), which makes it the quick loop for tuning extraction
//! against `score.py`.

use osintkg_extract::{Extractor, input};
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let paths: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let extractor = Extractor::new()?;
    let list = input::list_files(&paths)?;
    for file in &list.files {
        let (documents, warnings) = input::read_path(file)?;
        for warning in warnings {
            eprintln!("warning: {warning}");
        }
        for document in &documents {
            println!("{}", serde_json::to_string(&extractor.extract(document))?);
        }
    }
    Ok(())
}
