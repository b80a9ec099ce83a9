//! `osintkg serve` under load, over real TCP on loopback: the figures the README reports.
//!
//! 1. `/sparql` point query, p50/p99, on a store built from the seeds.
//! 2. 64 concurrent keep-alive clients for 30 s on the seeds store, a mix of the
//!    explorer's requests and SPARQL: throughput, latency, errors, server memory.
//! 3. A slow query under `--timeout` 1 s and 2 s: how long until its 503.
//! 4. `/api/path` p50/p99 on the graph crate's generated graph of 1M nodes and 5M edges
//!    (its `synthetic` generator), served from memory like a real generation.
//!
//! The clients are threads of this process with a minimal HTTP/1.1 keep-alive client
//! (the server's responses carry a Content-Length); the server runs on its own runtime
//! with the binary's allocator. Without `--bench` (`cargo test --benches`) everything
//! shrinks to a smoke run: 10k nodes, 2 s of load.

use osintkg_extract::{Extractor, input};
use osintkg_graph::synthetic::{self, Rng};
use osintkg_graph::{Edge, EntityType, EventType, Evidence, KnowledgeGraph, Node, Span};
use osintkg_rdf::{StoreReader, StoreWriter};
use osintkg_server::{Follower, GraphIndex, ServerConfig, Snapshot, router};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

type Failure = Box<dyn std::error::Error + Send + Sync>;

/// A keep-alive HTTP/1.1 connection.
struct Client {
    reader: BufReader<TcpStream>,
    addr: SocketAddr,
}

impl Client {
    fn connect(addr: SocketAddr) -> Result<Client, Failure> {
        let stream = TcpStream::connect(addr)?;
        stream.set_nodelay(true)?;
        stream.set_read_timeout(Some(Duration::from_secs(60)))?;
        Ok(Client {
            reader: BufReader::new(stream),
            addr,
        })
    }

    /// GET `target`; returns the status and the body length.
    fn get(&mut self, target: &str, accept: &str) -> Result<(u16, usize), Failure> {
        write!(
            self.reader.get_mut(),
            "GET {target} HTTP/1.1\r\nHost: {}\r\nAccept: {accept}\r\n\r\n",
            self.addr
        )?;
        let mut line = String::new();
        self.reader.read_line(&mut line)?;
        let status: u16 = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("bad status line {line:?}"))?;
        let mut length = None;
        loop {
            line.clear();
            self.reader.read_line(&mut line)?;
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse::<usize>().ok();
            }
        }
        let length = length.ok_or("the benchmark client needs a Content-Length")?;
        let mut body = vec![0; length];
        self.reader.read_exact(&mut body)?;
        Ok((status, length))
    }
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Serves `follower` on a free loopback port from a runtime of its own.
fn start(follower: Arc<Follower>, config: ServerConfig) -> Result<SocketAddr, Failure> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
    let addr = listener.local_addr()?;
    let app = router(follower, config);
    std::thread::spawn(move || {
        runtime.block_on(async move {
            let _ = axum::serve(listener, app).await;
        })
    });
    Ok(addr)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let at = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(at).copied().unwrap_or_default()
}

fn summary(times: &mut [Duration]) -> String {
    times.sort();
    format!(
        "p50 {:.2?}, p90 {:.2?}, p99 {:.2?}, max {:.2?}",
        percentile(times, 0.5),
        percentile(times, 0.9),
        percentile(times, 0.99),
        times.last().copied().unwrap_or_default()
    )
}

fn memory(field: &str) -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with(field))
                .map(|l| l.trim_start_matches(field).trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

/// A store built from the seeds, as `osintkg build seeds` does.
fn seeds_store(dir: &Path) -> Result<PathBuf, Failure> {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../seeds");
    let list = input::list_files(&[seeds])?;
    let mut documents = Vec::new();
    for file in &list.files {
        documents.extend(input::read_path(file)?.0);
    }
    let extractor = Extractor::new()?;
    let records: Vec<_> = documents.iter().map(|d| extractor.extract(d)).collect();
    let store = dir.join("seeds.db");
    StoreWriter::open_or_create(&store)?.commit(&records)?;
    Ok(store)
}

fn sparql_point_query(addr: SocketAddr, count: usize) -> Result<(), Failure> {
    let mut client = Client::connect(addr)?;
    let query = encode(
        "SELECT ?e ?type WHERE { ?e rdfs:label \"Islamic State Khorasan Province\" ; a ?type }",
    );
    let target = format!("/sparql?query={query}");
    let mut times = Vec::with_capacity(count);
    for _ in 0..count {
        let start = Instant::now();
        let (status, _) = client.get(&target, "application/sparql-results+json")?;
        times.push(start.elapsed());
        if status != 200 {
            return Err(format!("point query answered {status}").into());
        }
    }
    println!(
        "sparql point query, seeds store, {count} sequential requests: {}",
        summary(&mut times)
    );
    Ok(())
}

/// The explorer's requests and SPARQL, in turn.
fn mixed_targets() -> Vec<(String, &'static str)> {
    let json = "application/json";
    let results = "application/sparql-results+json";
    vec![
        ("/api/search?q=isk".to_owned(), json),
        ("/api/entity/org:iskp".to_owned(), json),
        (
            format!(
                "/api/path?from={}&to={}&k=3",
                encode("Sanaullah Ghafari"),
                encode("Crocus City Hall attack")
            ),
            json,
        ),
        ("/api/neighbors?entity=org:iskp&depth=2".to_owned(), json),
        (
            format!(
                "/sparql?query={}",
                encode("SELECT ?e WHERE { ?e rdfs:label \"Islamic State Khorasan Province\" }")
            ),
            results,
        ),
        (
            format!(
                "/sparql?query={}",
                encode(include_str!("../../../examples/queries/leaders.rq"))
            ),
            results,
        ),
        ("/api/timeline".to_owned(), json),
    ]
}

fn load(addr: SocketAddr, clients: usize, seconds: u64) -> Result<(), Failure> {
    let stop = Arc::new(AtomicBool::new(false));
    let targets = Arc::new(mixed_targets());
    let rss_before = memory("VmRSS:");
    let started = Instant::now();
    let workers: Vec<_> = (0..clients)
        .map(|i| {
            let stop = stop.clone();
            let targets = targets.clone();
            std::thread::spawn(move || -> (Vec<Duration>, usize) {
                let mut times = Vec::new();
                let mut errors = 0;
                let Ok(mut client) = Client::connect(addr) else {
                    return (times, 1);
                };
                let mut next = i;
                while !stop.load(Ordering::Relaxed) {
                    let (target, accept) = &targets[next % targets.len()];
                    next += 1;
                    let start = Instant::now();
                    match client.get(target, accept) {
                        Ok((200, _)) => times.push(start.elapsed()),
                        Ok(_) => errors += 1,
                        Err(_) => {
                            errors += 1;
                            match Client::connect(addr) {
                                Ok(fresh) => client = fresh,
                                Err(_) => break,
                            }
                        }
                    }
                }
                (times, errors)
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs(seconds));
    stop.store(true, Ordering::Relaxed);
    let mut times = Vec::new();
    let mut errors = 0;
    for worker in workers {
        let (t, e) = worker.join().map_err(|_| "a client thread panicked")?;
        times.extend(t);
        errors += e;
    }
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "{clients} concurrent clients for {seconds} s on the seeds store: {} requests ({:.0}/s), {errors} errors; latency {}; server process RSS {rss_before} before, {} after, peak {}",
        times.len(),
        times.len() as f64 / elapsed,
        summary(&mut times),
        memory("VmRSS:"),
        memory("VmHWM:")
    );
    Ok(())
}

fn cancellation(store: &Path, limit: f64) -> Result<(), Failure> {
    let follower = Arc::new(Follower::open(store)?);
    let mut config = ServerConfig::new(store);
    config.timeout = Duration::from_secs_f64(limit);
    let addr = start(follower, config)?;
    let mut client = Client::connect(addr)?;
    let slow = encode("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }");
    let start = Instant::now();
    let (status, _) = client.get(&format!("/sparql?query={slow}"), "*/*")?;
    let took = start.elapsed().as_secs_f64();
    println!(
        "slow query under --timeout {limit} s: {status} after {took:.2} s ({:.2}× the limit)",
        took / limit
    );
    if status != 503 {
        return Err(format!("the slow query answered {status}, not 503").into());
    }
    Ok(())
}

/// The generated graph as a knowledge graph: each node named after its key, each edge
/// with as many one-sentence sources as its support, at confidences that aggregate to
/// the generated one.
fn generated_graph(nodes: usize, edges: usize) -> KnowledgeGraph {
    let (view_nodes, view_edges) = synthetic::generate(nodes, edges);
    let mut graph = KnowledgeGraph::default();
    let keys: Vec<String> = view_nodes.iter().map(|n| n.key.clone()).collect();
    for node in view_nodes {
        let name = node.key.replace(':', " ");
        graph.nodes.insert(
            node.key.clone(),
            Node {
                event_type: (node.kind == EntityType::Event).then_some(EventType::Attack),
                kind: node.kind,
                name,
                aliases: Default::default(),
                kb: None,
                wikidata: None,
                date: node.date,
                killed: None,
                injured: None,
                mentions: Vec::new(),
                confidences: vec![1.0],
                key: node.key,
            },
        );
    }
    for edge in view_edges {
        let support = edge.weight.support.max(1);
        let each = 1.0 - (1.0 - edge.weight.confidence).powf(1.0 / f64::from(support));
        let (subject, object) = (
            keys[edge.subject as usize].clone(),
            keys[edge.object as usize].clone(),
        );
        let evidence = (0..support)
            .map(|d| Evidence {
                doc: format!("doc-{d}"),
                span: Span::new(0, 0),
                sentence: format!("{subject} {} {object}.", edge.weight.predicate),
                rule: "synthetic".to_owned(),
                confidence: each,
            })
            .collect();
        graph.edges.insert(
            (subject.clone(), edge.weight.predicate, object.clone()),
            Edge {
                subject,
                predicate: edge.weight.predicate,
                object,
                evidence,
            },
        );
    }
    graph
}

fn paths_on_generated_graph(dir: &Path, nodes: usize, edges: usize) -> Result<(), Failure> {
    let start = Instant::now();
    let graph = generated_graph(nodes, edges);
    let (node_count, edge_count) = (graph.nodes.len(), graph.edges.len());
    let index = GraphIndex::new(graph);
    println!(
        "generated graph: {node_count} nodes, {edge_count} distinct edges, indexed in {:.1?}; peak memory {}",
        start.elapsed(),
        memory("VmHWM:")
    );
    // The path routes read only the graph in memory; the store behind it is empty.
    let store = dir.join("empty.db");
    StoreWriter::open_or_create(&store)?.commit_quads(Vec::new())?;
    let snapshot = Snapshot::from_parts(StoreReader::open(&store)?, index);
    let keys: Vec<String> = {
        let view = snapshot.graph().view();
        let mut rng = Rng::new(7);
        (0..400)
            .map(|_| {
                view.key(petgraph::graph::NodeIndex::new(
                    rng.below(view.node_count()),
                ))
                .to_owned()
            })
            .collect()
    };
    let follower = Arc::new(Follower::with_snapshot(&store, snapshot));
    let addr = start_server(follower, &store)?;
    let mut client = Client::connect(addr)?;
    for (label, k) in [("shortest path", 1), ("k = 3 paths", 3)] {
        let mut times = Vec::new();
        let mut bytes = 0;
        let pairs = if k == 1 { 200 } else { 50 };
        for pair in keys.chunks(2).take(pairs) {
            let target = format!(
                "/api/path?from={}&to={}&k={k}",
                encode(&pair[0]),
                encode(&pair[1])
            );
            let start = Instant::now();
            let (status, length) = client.get(&target, "application/json")?;
            times.push(start.elapsed());
            bytes += length;
            if status != 200 {
                return Err(format!("{target} answered {status}").into());
            }
        }
        println!(
            "/api/path ({label}) on the generated graph, {} requests over HTTP, {} bytes of JSON on average: {}",
            times.len(),
            bytes / times.len().max(1),
            summary(&mut times)
        );
    }
    println!("peak memory after the path benchmark: {}", memory("VmHWM:"));
    Ok(())
}

fn start_server(follower: Arc<Follower>, store: &Path) -> Result<SocketAddr, Failure> {
    start(follower, ServerConfig::new(store))
}

fn main() -> Result<(), Failure> {
    let full = std::env::args().any(|a| a == "--bench");
    let (nodes, edges, seconds, point_queries) = if full {
        (1_000_000, 5_000_000, 30, 2000)
    } else {
        (10_000, 50_000, 2, 50)
    };
    let dir = tempfile::tempdir()?;
    let store = seeds_store(dir.path())?;
    let follower = Arc::new(Follower::open(&store)?);
    let addr = start_server(follower, &store)?;
    sparql_point_query(addr, point_queries)?;
    load(addr, 64, seconds)?;
    cancellation(&store, 1.0)?;
    cancellation(&store, 2.0)?;
    paths_on_generated_graph(dir.path(), nodes, edges)?;
    Ok(())
}
