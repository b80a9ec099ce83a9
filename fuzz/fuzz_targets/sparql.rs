//! Fuzz target: arbitrary text as a SPARQL query, through the path `osintkg query` takes:
//! the bounds checked before parsing, the parser and the ORDER BY rewrite on the query
//! thread, evaluation under a time limit, and every result writer.
//!
//! The store holds the seeds' graph, extracted and resolved at start into an in-memory
//! store (`osintkg-rdf` without its RocksDB feature). Any answer or clean error is fine;
//! a panic anywhere (libFuzzer's panic hook aborts, the query thread's too), a stack
//! overflow or an input slower than libFuzzer's `-timeout` is a finding. The first byte
//! picks the result format and options, the rest is the query.
#![no_main]

use libfuzzer_sys::fuzz_target;
use osintkg_extract::Extractor;
use osintkg_graph::KnowledgeGraph;
use osintkg_rdf::{
    GraphFormat, QueryOptions, ResultsFormat, run_query, to_quads, wait_for_cancelled_queries,
};
use oxigraph::store::Store;
use std::path::Path;
use std::sync::OnceLock;
use std::time::Duration;

fn store() -> &'static Store {
    static STORE: OnceLock<Store> = OnceLock::new();
    STORE.get_or_init(|| {
        let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../seeds");
        let mut paths: Vec<_> = std::fs::read_dir(seeds)
            .expect("the seeds folder")
            .map(|e| e.expect("a seed").path())
            .collect();
        paths.sort();
        let extractor = Extractor::new().expect("the bundled language packs load");
        let records: Vec<_> = paths
            .iter()
            .flat_map(|p| osintkg_extract::read_path(p).expect("a readable seed").0)
            .map(|d| extractor.extract(&d))
            .collect();
        let graph = KnowledgeGraph::from_records(&records);
        let store = Store::new().expect("an in-memory store");
        let mut loader = store.bulk_loader();
        loader
            .load_quads(to_quads(&graph, &records).expect("the seeds' quads"))
            .expect("loaded");
        loader.commit().expect("committed");
        store
    })
}

// The store is built before fuzzing starts: extracting the seeds under the sanitizers
// takes longer than libFuzzer's per-input time limit.
fuzz_target!(init: { store(); }, |data: &[u8]| {
    let Some((&selector, text)) = data.split_first() else {
        return;
    };
    let query = String::from_utf8_lossy(text);
    let results = [
        ResultsFormat::Table,
        ResultsFormat::Csv,
        ResultsFormat::Tsv,
        ResultsFormat::Json,
        ResultsFormat::Xml,
    ][usize::from(selector & 7) % 5];
    let options = QueryOptions {
        results,
        graph: if selector & 8 == 0 {
            GraphFormat::Turtle
        } else {
            GraphFormat::NTriples
        },
        timeout: Some(Duration::from_millis(250)),
        union_default_graph: selector & 16 != 0,
        ..QueryOptions::default()
    };
    let _ = run_query(store(), &query, &options, std::io::sink());
    // A query cut off by its time limit goes on in the background until it notices; wait
    // for it as the CLI does, so that its thread is not mistaken for a leak.
    wait_for_cancelled_queries(Duration::from_secs(10));
});
