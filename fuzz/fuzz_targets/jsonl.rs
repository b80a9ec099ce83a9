//! Fuzz target: arbitrary bytes through the JSON Lines reader.
//!
//! Feeds are scraped and often broken; the reader must skip bad lines with a warning
//! naming the line, never panic, and only warn about lines that exist.
#![no_main]

use libfuzzer_sys::fuzz_target;
use osintkg_extract::input::{MAX_DOCUMENT_BYTES, read_bytes};
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let (documents, warnings) = read_bytes(Path::new("feed.jsonl"), "jsonl", data);
    let lines = data.split(|&b| b == b'\n').count();
    for warning in &warnings {
        if let Some(line) = warning.line {
            assert!(
                line >= 1 && line <= lines,
                "warning names line {line} of {lines}"
            );
        }
    }
    for document in &documents {
        assert!(document.text.len() <= MAX_DOCUMENT_BYTES);
        assert!(!document.id.is_empty());
    }
});
