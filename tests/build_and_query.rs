//! `build`, `query` and `stats`: a persisted store that answers SPARQL after reopening.

use crate::util::{build, osintkg, seed_store, seeds, stdout_of};

const COUNT: &str = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }";

fn count(store: &std::path::Path) -> u64 {
    let out = stdout_of(
        osintkg()
            .args(["query", COUNT, "--format", "csv", "--store"])
            .arg(store),
    );
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("n"));
    lines
        .next()
        .and_then(|l| l.trim().parse().ok())
        .expect("a count")
}

#[test]
fn a_built_store_answers_after_reopening() {
    let store = seed_store();
    let first = count(store);
    assert!(first > 1000, "only {first} triples");
    // Every query is a new process: the count survives closing and reopening.
    assert_eq!(count(store), first);
}

#[test]
fn building_the_same_documents_again_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("kg");
    let build = || build(&seeds(), &store);
    let first = build();
    assert!(first.contains("5 added"), "{first}");
    let before = count(&store);
    let second = build();
    assert!(
        second.contains("0 added, 0 updated, 5 unchanged"),
        "{second}"
    );
    assert_eq!(count(&store), before);
    // The first build counts quads as it loads them, the second asks the store: the
    // mapping's quads are distinct, so the two agree.
    let triples = |out: &str| {
        out.lines()
            .find(|l| l.starts_with("triples:"))
            .map(str::to_owned)
    };
    assert_eq!(triples(&first), triples(&second), "{first}\n{second}");
    assert!(triples(&first).is_some(), "{first}");
}

#[test]
fn building_more_documents_merges_into_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("kg");
    let seeds = seeds();
    let one = seeds.join("002_d2d885c0ea317219.txt");
    let two = seeds.join("004_3ae23ea50e7c29ee.txt");
    build(&one, &store);
    let out = build(&two, &store);
    assert!(out.contains("documents: 2 in store (1 added"), "{out}");
    // The ISKP of one article is the ISKP of the other: one node, two documents.
    let query = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { ?e okg:kbId \"org:iskp\" . GRAPH ?g { ?ev rdf:subject ?e } }";
    let out = stdout_of(
        osintkg()
            .args(["query", query, "--format", "csv", "--store"])
            .arg(&store),
    );
    assert_eq!(out.lines().nth(1).map(str::trim), Some("2"), "{out}");
}

#[test]
fn a_query_lists_the_expected_rows() {
    let query = "SELECT ?name WHERE { ?p a okg:Person ; rdfs:label ?name } ORDER BY ?name";
    let out = stdout_of(
        osintkg()
            .args(["query", query, "--format", "tsv", "--store"])
            .arg(seed_store()),
    );
    for name in [
        "Sanaullah Ghafari",
        "Shavkat Mirziyoyev",
        "Erik Kurilla",
        "Abdusalam Azizov",
    ] {
        assert!(out.contains(name), "{name} missing from:\n{out}");
    }
}

#[test]
fn queries_come_from_files_and_stdin_too() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("count.rq");
    std::fs::write(&file, COUNT).unwrap();
    let from_file = stdout_of(
        osintkg()
            .arg("query")
            .arg(format!("@{}", file.display()))
            .args(["--format", "csv", "--store"])
            .arg(seed_store()),
    );
    let from_stdin = stdout_of(
        osintkg()
            .args(["query", "-", "--format", "csv", "--store"])
            .arg(seed_store())
            .write_stdin(COUNT),
    );
    assert_eq!(from_file, from_stdin);
}

#[test]
fn stats_summarise_the_store() {
    let out = stdout_of(osintkg().args(["stats", "--store"]).arg(seed_store()));
    assert!(out.contains("documents:  5"), "{out}");
    assert!(out.contains("Person"), "{out}");
}

#[test]
fn a_missing_store_is_a_runtime_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nowhere");
    let output = osintkg()
        .args(["query", COUNT, "--store"])
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("nowhere"), "{stderr}");
}

#[test]
fn a_usage_error_exits_with_two() {
    let output = osintkg().args(["query"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let output = osintkg()
        .args(["export", "--format", "yaml"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn a_syntax_error_names_line_and_column() {
    let output = osintkg()
        .args(["query", "SELECT ?x WHERE {\n  ?x ?y \n", "--store"])
        .arg(seed_store())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("line"), "{stderr}");
}
