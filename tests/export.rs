//! `export`: every serialization parses back, and Turtle passes an independent parser.

use crate::util::{osintkg, seed_store, stdout_of};
use std::process::Command as Process;

/// Parses a file with rapper (Debian's raptor2-utils, installed by .ci/run) and returns
/// the number of triples or quads it read, or None when rapper is not installed.
fn rapper_count(syntax: &str, file: &std::path::Path) -> Option<u64> {
    let output = Process::new("rapper")
        .args(["-i", syntax, "-c"])
        .arg(file)
        .output()
        .ok()?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "rapper rejected the {syntax} export: {stderr}"
    );
    stderr
        .split_whitespace()
        .collect::<Vec<_>>()
        .windows(2)
        .find(|w| w[1].starts_with("triple") || w[1].starts_with("statement"))
        .and_then(|w| w[0].parse().ok())
}

#[test]
fn every_export_round_trips_through_an_independent_parser() {
    let dir = tempfile::tempdir().unwrap();
    let mut counts = std::collections::BTreeMap::new();
    for (format, syntax) in [
        ("turtle", "turtle"),
        ("ntriples", "ntriples"),
        ("rdfxml", "rdfxml"),
        ("nquads", "nquads"),
        ("trig", "trig"),
    ] {
        let file = dir.path().join(format!("kg.{format}"));
        osintkg()
            .args(["export", "--format", format, "-o"])
            .arg(&file)
            .arg("--store")
            .arg(seed_store())
            .assert()
            .success();
        let Some(count) = rapper_count(syntax, &file) else {
            eprintln!("rapper is not installed; skipping the independent parser check");
            return;
        };
        counts.insert(format, count);
    }
    // The three triple formats hold the same merged graph; the two dataset formats the
    // same quads, at least as many as the merged triples.
    assert!(counts["turtle"] > 1000, "{counts:?}");
    assert_eq!(counts["turtle"], counts["ntriples"], "{counts:?}");
    assert_eq!(counts["turtle"], counts["rdfxml"], "{counts:?}");
    assert_eq!(counts["nquads"], counts["trig"], "{counts:?}");
    assert!(counts["nquads"] >= counts["turtle"], "{counts:?}");
    // The ontology adds its own triples to the export.
    let file = dir.path().join("with-ontology.ttl");
    osintkg()
        .args(["export", "--with-ontology", "-o"])
        .arg(&file)
        .arg("--store")
        .arg(seed_store())
        .assert()
        .success();
    let with_ontology = rapper_count("turtle", &file).unwrap_or_default();
    assert!(
        with_ontology > counts["turtle"] + 100,
        "{with_ontology} vs {counts:?}"
    );
}

#[test]
fn every_format_exports_non_empty() {
    for format in ["turtle", "ntriples", "nquads", "trig", "rdfxml"] {
        let out = stdout_of(
            osintkg()
                .args(["export", "--format", format, "--store"])
                .arg(seed_store()),
        );
        assert!(
            out.len() > 10_000,
            "{format} export is only {} bytes",
            out.len()
        );
    }
}

#[test]
fn nquads_keep_one_graph_per_document() {
    let out = stdout_of(
        osintkg()
            .args(["export", "--format", "nquads", "--store"])
            .arg(seed_store()),
    );
    for doc in ["000_acf0de2054ccb153", "004_3ae23ea50e7c29ee"] {
        assert!(out.contains(&format!("/doc/{doc}>")), "no graph for {doc}");
    }
}
