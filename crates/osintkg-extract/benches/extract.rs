//! Extraction throughput on the seeds and on a larger generated corpus, per core.
//!
//! The generated corpus recombines the seeds' paragraphs (shuffled with a fixed seed)
//! into 200 documents of about 50 KB, so that throughput is measured on realistic prose
//! well beyond the 25 KB of the seeds. Criterion reports bytes per second for one
//! thread: the per-core figure.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use osintkg_extract::{Document, Extractor};
use osintkg_graph::DocumentMeta;
use std::hint::black_box;
use std::path::Path;

/// The `osintkg` binary's allocator, so these figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn seeds() -> Vec<Document> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../seeds");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    paths
        .iter()
        .filter_map(|p| {
            std::fs::read_to_string(p)
                .ok()
                .map(|t| Document::new(p.display().to_string(), t, DocumentMeta::default()))
        })
        .collect()
}

fn generated(seeds: &[Document], documents: usize, bytes: usize) -> Vec<Document> {
    let paragraphs: Vec<&str> = seeds
        .iter()
        .flat_map(|d| d.text.split('\n'))
        .filter(|p| p.len() > 40)
        .collect();
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..documents)
        .map(|n| {
            let mut text = String::with_capacity(bytes + 1024);
            while text.len() < bytes {
                let index = (next() % paragraphs.len() as u64) as usize;
                text.push_str(paragraphs[index]);
                text.push('\n');
            }
            Document::new(format!("gen{n}"), text, DocumentMeta::default())
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let Ok(extractor) = Extractor::new() else {
        eprintln!("the bundled language packs do not load");
        return;
    };
    let seeds = seeds();
    let corpus = generated(&seeds, 200, 50_000);
    for (name, documents) in [("seeds", &seeds), ("generated-10MB", &corpus)] {
        let bytes: usize = documents.iter().map(|d| d.text.len()).sum();
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Bytes(bytes as u64));
        group.sample_size(10);
        group.bench_function("entities", |b| {
            b.iter(|| {
                documents
                    .iter()
                    .map(|d| extractor.extract_entities(black_box(d)).entities.len())
                    .sum::<usize>()
            })
        });
        group.bench_function("entities+relations+events", |b| {
            b.iter(|| {
                documents
                    .iter()
                    .map(|d| extractor.extract(black_box(d)).relations.len())
                    .sum::<usize>()
            })
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
