//! How the RocksDB store scales: bulk-load rate of a build of >= 10M triples, and the
//! latency of three typical analyst queries on it.
//!
//! The graph is generated straight as quads shaped like the mapping's output (entities,
//! direct relations, fact nodes, per-document evidence), not through extraction, so the
//! benchmark measures the store and nothing else. `OSINTKG_BENCH_TRIPLES` changes the size
//! (default 10,000,000). The load is timed once, because one load takes about a minute;
//! criterion samples the queries.

use criterion::Criterion;
use osintkg_graph::{EventType, Predicate};
use osintkg_rdf::mapping::{document_iri, entity_iri, fact_iri};
use osintkg_rdf::vocab;
use osintkg_rdf::{QueryOptions, ResultsFormat, StoreReader, StoreWriter};
use oxigraph::model::vocab::{rdf, rdfs, xsd};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedNodeRef, Quad, Term};
use std::error::Error;
use std::hint::black_box;
use std::time::{Duration, Instant};

/// The `osintkg` binary's allocator, so these figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const TYPES: [(&str, NamedNodeRef<'static>, &str); 5] = [
    ("person", vocab::PERSON, "Person"),
    ("org", vocab::ORGANIZATION, "Organization"),
    ("country", vocab::COUNTRY, "Country"),
    ("location", vocab::LOCATION, "Location"),
    ("event", vocab::EVENT, "Event"),
];

/// Sizes derived from the target: about 21 quads per relation once nodes and documents
/// are counted.
struct Shape {
    nodes: u64,
    edges: u64,
    docs: u64,
}

impl Shape {
    fn for_triples(target: u64) -> Shape {
        let edges = target / 21 + 1;
        Shape {
            nodes: edges / 2 + 1,
            edges,
            docs: edges / 20 + 1,
        }
    }
}

fn key(node: u64) -> String {
    format!("{}:{node}", TYPES[(node % 5) as usize].0)
}

/// A fixed pseudo-random sequence (SplitMix64), so every run loads the same graph.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

fn quad(s: &NamedNode, p: NamedNodeRef<'_>, o: impl Into<Term>, g: &GraphName) -> Quad {
    Quad::new(s.clone(), p, o, g.clone())
}

fn node_quads(shape: &Shape, node: u64) -> Vec<Quad> {
    let g = GraphName::DefaultGraph;
    let (_, class, label) = TYPES[(node % 5) as usize];
    let iri = entity_iri(&key(node));
    let mut quads = vec![
        quad(&iri, rdf::TYPE, class, &g),
        quad(
            &iri,
            rdfs::LABEL,
            Literal::from(format!("{label} {node}")),
            &g,
        ),
        quad(
            &iri,
            vocab::SKOS_ALT_LABEL,
            Literal::from(format!("{label}-{node:x}")),
            &g,
        ),
        quad(&iri, vocab::KB_ID, Literal::from(key(node)), &g),
        quad(
            &iri,
            vocab::MENTIONED_IN,
            document_iri(&format!("d{}", node % shape.docs)),
            &g,
        ),
    ];
    if class == vocab::EVENT {
        let date = format!(
            "20{:02}-{:02}-{:02}",
            node % 25,
            node % 12 + 1,
            node % 28 + 1
        );
        quads.push(quad(
            &iri,
            rdf::TYPE,
            vocab::event_class(EventType::Attack),
            &g,
        ));
        quads.push(quad(
            &iri,
            vocab::DATE,
            Literal::new_typed_literal(date, xsd::DATE),
            &g,
        ));
        quads.push(quad(&iri, vocab::DATE_PRECISION, Literal::from("day"), &g));
    }
    quads
}

fn edge_quads(shape: &Shape, edge: u64) -> Vec<Quad> {
    let g = GraphName::DefaultGraph;
    let r = mix(edge);
    let (s, o) = (key(r % shape.nodes), key((r >> 24) % shape.nodes));
    let predicate = Predicate::ALL[((r >> 48) % Predicate::ALL.len() as u64) as usize];
    let p = vocab::predicate(predicate);
    let (subject, object) = (entity_iri(&s), entity_iri(&o));
    let fact = fact_iri(&s, predicate, &o);
    let support = 1 + (r >> 56) % 3;
    let doc = document_iri(&format!("d{}", edge % shape.docs));
    let doc_graph = GraphName::NamedNode(doc.clone());
    let evidence = NamedNode::new_unchecked(format!("{}evidence/{edge:x}", vocab::ID_NS));
    vec![
        quad(&subject, p, object.clone(), &g),
        quad(&fact, rdf::TYPE, vocab::FACT, &g),
        quad(&fact, rdf::SUBJECT, subject.clone(), &g),
        quad(&fact, rdf::PREDICATE, p, &g),
        quad(&fact, rdf::OBJECT, object.clone(), &g),
        quad(&fact, vocab::SUPPORT, Literal::from(support), &g),
        quad(
            &fact,
            vocab::CONFIDENCE,
            Literal::from(0.5 + support as f64 / 8.0),
            &g,
        ),
        quad(&fact, vocab::HAS_EVIDENCE, evidence.clone(), &g),
        quad(&evidence, rdf::TYPE, vocab::EVIDENCE, &doc_graph),
        quad(&evidence, rdf::SUBJECT, subject, &doc_graph),
        quad(&evidence, rdf::PREDICATE, p, &doc_graph),
        quad(&evidence, rdf::OBJECT, object, &doc_graph),
        quad(
            &evidence,
            vocab::SENTENCE,
            Literal::from(format!(
                "{s} {} {o}, sources said on day {edge}.",
                predicate.as_str()
            )),
            &doc_graph,
        ),
        quad(
            &evidence,
            vocab::START,
            Literal::from(edge % 5000),
            &doc_graph,
        ),
        quad(
            &evidence,
            vocab::END,
            Literal::from(edge % 5000 + 80),
            &doc_graph,
        ),
        quad(
            &evidence,
            vocab::RULE,
            Literal::from("bench.rule"),
            &doc_graph,
        ),
        quad(&evidence, vocab::CONFIDENCE, Literal::from(0.7), &doc_graph),
        quad(&evidence, vocab::PROV_WAS_DERIVED_FROM, doc, &doc_graph),
    ]
}

fn doc_quads(doc: u64) -> Vec<Quad> {
    let iri = document_iri(&format!("d{doc}"));
    let g = GraphName::NamedNode(iri.clone());
    vec![
        quad(&iri, rdf::TYPE, vocab::DOCUMENT, &g),
        quad(&iri, rdf::TYPE, vocab::PROV_ENTITY, &g),
        quad(&iri, vocab::DOC_ID, Literal::from(format!("d{doc}")), &g),
        quad(
            &iri,
            vocab::TITLE,
            Literal::from(format!("Report {doc}")),
            &g,
        ),
        quad(
            &iri,
            vocab::SHA256,
            Literal::from(format!("{:064x}", mix(doc))),
            &g,
        ),
    ]
}

fn main() -> Result<(), Box<dyn Error>> {
    let target: u64 = std::env::var("OSINTKG_BENCH_TRIPLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000_000);
    let shape = Shape::for_triples(target);
    let tmp = tempfile::TempDir::new()?;
    let dir = tmp.path().join("store");

    let started = Instant::now();
    let quads = (0..shape.nodes)
        .flat_map(|n| node_quads(&shape, n))
        .chain((0..shape.edges).flat_map(|e| edge_quads(&shape, e)))
        .chain((0..shape.docs).flat_map(doc_quads));
    let stats = StoreWriter::open_or_create(&dir)?.commit_quads(quads)?;
    let elapsed = started.elapsed();
    let reader = StoreReader::open(&dir)?;
    let size = reader.stats()?.size_on_disk;
    println!(
        "bulk load: {} quads ({} nodes, {} relations, {} documents) in {:.1} s = {:.0} quads/s; {:.0} MiB on disk",
        stats.quads,
        shape.nodes,
        shape.edges,
        shape.docs,
        elapsed.as_secs_f64(),
        stats.quads as f64 / elapsed.as_secs_f64(),
        size as f64 / (1024.0 * 1024.0)
    );

    let org = shape.nodes / 2 / 5 * 5 + 1;
    let queries = [
        (
            "point lookup by label",
            format!(
                "SELECT ?e ?kb WHERE {{ ?e rdfs:label \"Organization {org}\" ; okg:kbId ?kb }}"
            ),
        ),
        (
            "two-hop neighbourhood",
            format!(
                "SELECT DISTINCT ?n ?label WHERE {{ ?x okg:kbId \"org:{org}\" . \
                 ?x (okg:opposes|^okg:opposes|okg:cooperatesWith|^okg:cooperatesWith|okg:partOf|^okg:partOf|okg:memberOf|^okg:memberOf)/\
                 (okg:opposes|^okg:opposes|okg:cooperatesWith|^okg:cooperatesWith|okg:partOf|^okg:partOf|okg:memberOf|^okg:memberOf)? ?n . \
                 ?n rdfs:label ?label }}"
            ),
        ),
        (
            "facts with support >= 2 by predicate",
            // The subqueries make oxigraph hash-join two index scans; written as one basic
            // graph pattern it probes RocksDB once per fact, 3-7x slower at this size.
            "SELECT ?p (COUNT(?f) AS ?facts) WHERE { \
             { SELECT ?f WHERE { ?f okg:support ?s . FILTER(?s >= 2) } } \
             { SELECT ?f ?p WHERE { ?f rdf:predicate ?p } } } GROUP BY ?p"
                .to_owned(),
        ),
    ];
    let options = QueryOptions {
        results: ResultsFormat::Tsv,
        ..QueryOptions::default()
    };
    for (name, query) in &queries {
        let mut out = Vec::new();
        let outcome = reader.query(query, &options, &mut out)?;
        println!("{name}: {outcome:?}");
    }

    let mut criterion = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .configure_from_args();
    let mut group = criterion.benchmark_group(format!("query_{}M", stats.quads / 1_000_000));
    for (name, query) in &queries {
        group.bench_function(*name, |b| {
            b.iter(|| {
                let mut out = Vec::new();
                black_box(reader.query(query, &options, &mut out).is_ok());
                out
            });
        });
    }
    group.finish();
    criterion.final_summary();
    Ok(())
}
