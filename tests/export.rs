//! `export`: every serialization parses back, and Turtle passes an independent parser.

use crate::util::{osintkg, seed_store, stdout_of};
use std::process::Command as Process;

#[test]
fn turtle_export_parses_in_an_independent_parser() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kg.ttl");
    osintkg()
        .args(["export", "--format", "turtle", "-o"])
        .arg(&file)
        .arg("--store")
        .arg(seed_store())
        .assert()
        .success();
    // rapper (Debian's raptor2-utils) is installed by .ci/run.
    let Ok(output) = Process::new("rapper")
        .args(["-i", "turtle", "-c"])
        .arg(&file)
        .output()
    else {
        eprintln!("rapper is not installed; skipping the independent Turtle check");
        return;
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "rapper rejected the export: {stderr}"
    );
    let triples: u64 = stderr
        .split_whitespace()
        .collect::<Vec<_>>()
        .windows(2)
        .find(|w| w[1].starts_with("triple"))
        .and_then(|w| w[0].parse().ok())
        .expect("rapper reports a triple count");
    assert!(triples > 1000, "{stderr}");
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
