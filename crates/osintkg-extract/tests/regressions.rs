//! Replays the inputs that once crashed a fuzz target, or were written to reach the
//! readers' edge cases (`fuzz/regressions/<target>/`), so that a fixed crash stays fixed
//! without running the fuzzer. An empty folder fails: a replay of nothing proves nothing.
//!
//! The checks are the fuzz targets' own: reading never panics, and every span slices
//! the document text on character boundaries.

// A failed expectation in a test is a failed test, not a crash in front of a user.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use osintkg_extract::Extractor;
use osintkg_extract::input::{MAX_DOCUMENT_BYTES, read_bytes};
use std::path::{Path, PathBuf};

fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/regressions")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            !path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "{}: no regression inputs to replay",
        dir.display()
    );
    files
}

#[test]
fn extract_regressions_read_and_extract_with_valid_spans() {
    let extractor = Extractor::new().unwrap();
    for file in inputs("extract") {
        let data = std::fs::read(&file).unwrap();
        let Some((&kind, content)) = data.split_first() else {
            continue;
        };
        let extension = ["txt", "md", "html", "jsonl"][usize::from(kind % 4)];
        let (documents, _) =
            read_bytes(Path::new(&format!("fuzz.{extension}")), extension, content);
        for document in &documents {
            let record = extractor.extract(document);
            let text = document.text.as_str();
            let spans = record
                .entities
                .iter()
                .flat_map(|e| e.spans.iter().copied())
                .chain(
                    record
                        .relations
                        .iter()
                        .flat_map(|r| r.evidence.iter().map(|e| e.span)),
                );
            for span in spans {
                assert!(
                    text.get(span.start..span.end).is_some(),
                    "{}: span {}..{} does not slice the text",
                    file.display(),
                    span.start,
                    span.end
                );
            }
        }
    }
}

#[test]
fn jsonl_regressions_read_without_panicking() {
    for file in inputs("jsonl") {
        let data = std::fs::read(&file).unwrap();
        let (documents, warnings) = read_bytes(Path::new("feed.jsonl"), "jsonl", &data);
        let lines = data.split(|&b| b == b'\n').count();
        for warning in &warnings {
            if let Some(line) = warning.line {
                assert!((1..=lines).contains(&line), "{}: {warning}", file.display());
            }
        }
        for document in &documents {
            assert!(
                document.text.len() <= MAX_DOCUMENT_BYTES,
                "{}",
                file.display()
            );
        }
    }
}
