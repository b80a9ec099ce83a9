//! Fuzz target: arbitrary bytes read as each supported kind of file, then extracted.
//!
//! Reading must never panic and every document must be extractable; every span the
//! extractor returns must slice the document text on character boundaries, since the
//! CLI, the store and the exports all slice with them.
#![no_main]

use libfuzzer_sys::fuzz_target;
use osintkg_extract::Extractor;
use osintkg_extract::input::read_bytes;
use std::path::Path;
use std::sync::OnceLock;

fn extractor() -> &'static Extractor {
    static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();
    // The packs are compiled in and loaded by the tests: a failure here is a build defect.
    EXTRACTOR.get_or_init(|| Extractor::new().expect("the bundled language packs load"))
}

fn check_span(text: &str, start: usize, end: usize, what: &str) {
    assert!(
        start <= end && end <= text.len(),
        "{what} span {start}..{end} outside a text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{what} span {start}..{end} splits a character"
    );
}

fuzz_target!(|data: &[u8]| {
    // The first byte picks the kind of file, the rest is its content.
    let Some((&kind, content)) = data.split_first() else {
        return;
    };
    let extension = ["txt", "md", "html", "jsonl"][usize::from(kind % 4)];
    let path = format!("fuzz.{extension}");
    let (documents, _warnings) = read_bytes(Path::new(&path), extension, content);
    for document in &documents {
        let record = extractor().extract(document);
        let text = document.text.as_str();
        for entity in &record.entities {
            for span in &entity.spans {
                check_span(text, span.start, span.end, "entity");
            }
        }
        for relation in &record.relations {
            for evidence in &relation.evidence {
                check_span(text, evidence.span.start, evidence.span.end, "evidence");
            }
        }
    }
});
