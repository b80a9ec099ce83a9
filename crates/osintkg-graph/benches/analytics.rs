//! Analytics at the scale a long-running collection reaches: a generated graph of 1M
//! nodes and 5M edges, on which a path query must stay interactive (< 10 ms p50) and a
//! PageRank must take seconds, not hours.
//!
//! The graph is built directly as a [`GraphView`] (a 1M-node `KnowledgeGraph` with its
//! evidence strings would measure the generator, not the analytics); searches and
//! rankings then run through the same public functions the CLI calls. Generation is
//! outside every timed part. Besides Criterion's statistics, the per-query latency
//! distribution and the peak memory are printed once, as those are the figures to
//! compare with the targets.
//!
//! Run under `cargo test` (no `--bench` argument) it shrinks to 10k nodes so that the
//! benchmark still compiles and runs as a smoke test.

use criterion::Criterion;
use osintkg_graph::synthetic::{self, Rng};
use osintkg_graph::{
    GraphView, PageRankOptions, PathOptions, k_shortest_paths, pagerank, shortest_path,
};
use petgraph::graph::NodeIndex;
use std::hint::black_box;
use std::time::{Duration, Instant};

/// The `osintkg` binary's allocator, so these figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn generate(nodes: usize, edges: usize) -> GraphView {
    let (view_nodes, view_edges) = synthetic::generate(nodes, edges);
    match GraphView::from_parts(view_nodes, view_edges) {
        Ok(view) => view,
        Err(e) => {
            eprintln!("generator produced an invalid graph: {e}");
            std::process::exit(1);
        }
    }
}

fn random_pairs(view: &GraphView, count: usize, seed: u64) -> Vec<(NodeIndex, NodeIndex)> {
    let mut rng = Rng::new(seed);
    (0..count)
        .map(|_| {
            (
                NodeIndex::new(rng.below(view.node_count())),
                NodeIndex::new(rng.below(view.node_count())),
            )
        })
        .collect()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let at = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(at).copied().unwrap_or_default()
}

/// Times each query once and prints the latency distribution.
fn latency(
    label: &str,
    pairs: &[(NodeIndex, NodeIndex)],
    mut query: impl FnMut(NodeIndex, NodeIndex) -> usize,
) {
    let mut times = Vec::with_capacity(pairs.len());
    let mut found = 0;
    for &(from, to) in pairs {
        let start = Instant::now();
        found += usize::from(black_box(query(from, to)) > 0);
        times.push(start.elapsed());
    }
    times.sort();
    println!(
        "{label}: {} queries ({found} connected): p50 {:.2?}, p90 {:.2?}, max {:.2?}",
        times.len(),
        percentile(&times, 0.5),
        percentile(&times, 0.9),
        times.last().copied().unwrap_or_default()
    );
}

fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.trim_start_matches("VmHWM:").trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let (nodes, edges) = if full {
        (1_000_000, 5_000_000)
    } else {
        (10_000, 50_000)
    };
    let start = Instant::now();
    let view = generate(nodes, edges);
    println!(
        "generated {} nodes / {} edges in {:.2?}; peak memory (VmHWM) {}",
        view.node_count(),
        view.edge_count(),
        start.elapsed(),
        peak_memory()
    );

    let single = PathOptions::default();
    let five = PathOptions {
        k: 5,
        ..PathOptions::default()
    };
    let pairs = random_pairs(&view, 200, 1);
    latency("shortest path", &pairs, |a, b| {
        shortest_path(&view, a, b, &single).map_or(0, |p| p.hops.len())
    });
    latency("k = 5 paths", &pairs[..50], |a, b| {
        k_shortest_paths(&view, a, b, &five).len()
    });
    let start = Instant::now();
    let pr = pagerank(&view, &PageRankOptions::default());
    println!(
        "pagerank: {:.2?} ({} iterations, converged {})",
        start.elapsed(),
        pr.iterations,
        pr.converged
    );

    let mut c = Criterion::default()
        .configure_from_args()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    let bench_pairs = random_pairs(&view, 1000, 2);
    let mut group = c.benchmark_group("analytics");
    let mut next = 0;
    group.bench_function("shortest_path", |b| {
        b.iter(|| {
            let (from, to) = bench_pairs[next % bench_pairs.len()];
            next += 1;
            black_box(shortest_path(&view, from, to, &single))
        })
    });
    group.bench_function("k5_paths", |b| {
        b.iter(|| {
            let (from, to) = bench_pairs[next % bench_pairs.len()];
            next += 1;
            black_box(k_shortest_paths(&view, from, to, &five))
        })
    });
    group.bench_function("pagerank", |b| {
        b.iter(|| black_box(pagerank(&view, &PageRankOptions::default())))
    });
    group.finish();
    c.final_summary();
    println!(
        "peak memory (VmHWM) after all benchmarks: {}",
        peak_memory()
    );
}
