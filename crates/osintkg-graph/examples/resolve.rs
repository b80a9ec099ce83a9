//! Resolution alone, timed: a full resolution of extracted records, then an incremental
//! one after adding more records.
//!
//! ```text
//! cargo run --release -p osintkg-graph --example resolve -- BASE.jsonl [ADDED.jsonl]
//! ```
//!
//! The records are `osintkg extract` output. Without the store, this isolates the
//! resolution share of `osintkg build` and of an incremental build, for profiling.

use osintkg_graph::corpus::MemorySentences;
use osintkg_graph::{Corpus, DocumentRecord, Resolution};
use std::io::BufRead;
use std::time::Instant;

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn read(path: &str, corpus: &mut Corpus, sentences: &mut MemorySentences) -> Result<usize> {
    let file = std::fs::File::open(path).map_err(|e| format!("{path}: {e}"))?;
    let mut count = 0;
    for (number, line) in std::io::BufReader::new(file).lines().enumerate() {
        let record: DocumentRecord =
            serde_json::from_str(&line?).map_err(|e| format!("{path}:{}: {e}", number + 1))?;
        corpus.add_record(&record, sentences)?;
        count += 1;
    }
    Ok(count)
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(base) = args.first() else {
        return Err("usage: resolve BASE.jsonl [ADDED.jsonl]".into());
    };
    let mut corpus = Corpus::default();
    let mut sentences = MemorySentences::default();
    let started = Instant::now();
    let base = read(base, &mut corpus, &mut sentences)?;
    eprintln!("read {base} records in {:.2?}", started.elapsed());
    let started = Instant::now();
    let full = Resolution::resolve(&corpus);
    eprintln!(
        "full resolution: {:.2?}, {} nodes, {} edges",
        started.elapsed(),
        full.nodes.len(),
        full.edges.len()
    );
    let Some(added) = args.get(1) else {
        return Ok(());
    };
    let previous = corpus.clone();
    let count = read(added, &mut corpus, &mut sentences)?;
    let started = Instant::now();
    let (incremental, reuse) = Resolution::resolve_incremental(&corpus, &previous, &full);
    eprintln!(
        "incremental resolution of {count} added records: {:.2?}, {} of {} mentions resolved again, {} nodes",
        started.elapsed(),
        reuse.resolved,
        reuse.mentions,
        incremental.nodes.len()
    );
    let started = Instant::now();
    let scratch = Resolution::resolve(&corpus);
    eprintln!(
        "from scratch on the same corpus: {:.2?}, {} nodes; the incremental result is {}",
        started.elapsed(),
        scratch.nodes.len(),
        if scratch == incremental {
            "identical"
        } else {
            "DIFFERENT"
        }
    );
    Ok(())
}
