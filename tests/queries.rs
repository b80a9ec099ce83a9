//! Every analyst query in `examples/queries/` against the seeds, with its expected rows
//! in `examples/queries/expected/<name>.tsv` (compared as sets of lines: a query without
//! ORDER BY may return rows in any order). When extraction changes on purpose,
//! regenerate with `OSINTKG_UPDATE_EXPECTED=1 cargo test --test tests queries` and review
//! the diff.

use crate::util::{osintkg, seed_store, stdout_of};
use std::collections::BTreeSet;
use std::path::Path;

#[test]
fn every_example_query_returns_its_expected_rows_on_the_seeds() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/queries");
    let update = std::env::var_os("OSINTKG_UPDATE_EXPECTED").is_some();
    let mut queries: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "rq"))
        .collect();
    queries.sort();
    assert!(
        queries.len() >= 10,
        "only {} example queries",
        queries.len()
    );
    let mut failures = Vec::new();
    for query in &queries {
        let name = query.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(query).unwrap();
        assert!(text.starts_with("# "), "{name} has no comment header");
        let format = if text.contains("DESCRIBE") || text.contains("CONSTRUCT") {
            "ntriples"
        } else {
            "tsv"
        };
        let out = stdout_of(
            osintkg()
                .arg("query")
                .arg(format!("@{}", query.display()))
                .args(["--format", format, "--store"])
                .arg(seed_store()),
        );
        assert!(out.lines().count() >= 1, "{name} returned nothing");
        let expected_path = root.join("expected").join(format!("{name}.tsv"));
        if update {
            std::fs::write(&expected_path, &out).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        let lines = |s: &str| s.lines().map(str::to_owned).collect::<BTreeSet<String>>();
        if lines(&expected) != lines(&out) {
            failures.push(format!("{name}:\nexpected\n{expected}\ngot\n{out}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
