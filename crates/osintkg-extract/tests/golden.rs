//! A golden run over the seeds: the entities, events and relations extracted from each
//! seed are compared with the expected lists in `tests/golden/`. A change in extraction
//! shows here as a readable diff; when the change is intended, regenerate with
//! `UPDATE_GOLDEN=1 cargo test -p osintkg-extract --test golden` and review the diff.
//!
//! The files are snapshots of the tool's own output, errors included: they detect change,
//! they do not say what is right. Correctness is tested by the hand-written cases of
//! `tests/cases/` (`tests/conformance.rs`).

// A failed expectation in a test helper is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use osintkg_extract::{Extractor, input};
use osintkg_graph::DocumentRecord;
use std::path::{Path, PathBuf};

fn summary(record: &DocumentRecord) -> String {
    let name = |id: &str| record.entity(id).map_or(id.to_owned(), |e| e.name.clone());
    let mut lines: Vec<String> = record
        .entities
        .iter()
        .map(|e| match e.event_type {
            Some(t) => format!(
                "entity\tEvent/{t}\t{}\t{}",
                e.name,
                e.date.as_deref().unwrap_or("")
            ),
            None => format!(
                "entity\t{}\t{}\t{}",
                e.kind,
                e.name,
                e.kb.as_deref().unwrap_or("")
            ),
        })
        .collect();
    lines.extend(record.relations.iter().map(|r| {
        format!(
            "relation\t{}\t{}\t{}",
            name(&r.subject),
            r.predicate,
            name(&r.object)
        )
    }));
    lines.sort();
    lines.dedup();
    lines.join("\n") + "\n"
}

#[test]
fn seeds_extract_as_recorded() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let seeds = root.join("../../seeds");
    let golden = root.join("tests/golden");
    let extractor = Extractor::new().unwrap();
    let list = input::list_files(&[seeds]).unwrap();
    assert_eq!(list.files.len(), 5);
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut differences = Vec::new();
    for file in &list.files {
        let (documents, _) = input::read_path(file).unwrap();
        for document in documents {
            let actual = summary(&extractor.extract(&document));
            let expected_path: PathBuf = golden.join(format!("{}.tsv", document.id));
            if update {
                std::fs::create_dir_all(&golden).unwrap();
                std::fs::write(&expected_path, &actual).unwrap();
                continue;
            }
            let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
            if expected != actual {
                let missing: Vec<&str> = expected
                    .lines()
                    .filter(|l| !actual.lines().any(|a| a == *l))
                    .collect();
                let added: Vec<&str> = actual
                    .lines()
                    .filter(|l| !expected.lines().any(|e| e == *l))
                    .collect();
                differences.push(format!(
                    "{}:\n  - {}\n  + {}",
                    document.id,
                    missing.join("\n  - "),
                    added.join("\n  + ")
                ));
            }
        }
    }
    assert!(
        differences.is_empty(),
        "extraction changed (UPDATE_GOLDEN=1 to accept):\n{}",
        differences.join("\n")
    );
}
