//! Fuzz target: arbitrary bytes as an HTML page, through the reader.
//!
//! Reading must never panic, and never take long: libFuzzer's `-timeout` flags a slow
//! input (deep nesting was quadratic, a million tags did not finish in 300 s). A page
//! gives at most one document, never an empty one, never longer than the document cap;
//! the nesting cap, run here at a depth of 4 to exercise it on small inputs, only
//! removes tags, so the text it keeps is no longer than the page.
#![no_main]

use libfuzzer_sys::fuzz_target;
use osintkg_extract::input::{MAX_DOCUMENT_BYTES, html, read_bytes};
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let (documents, _warnings) = read_bytes(Path::new("page.html"), "html", data);
    assert!(documents.len() <= 1);
    for document in &documents {
        assert!(!document.text.trim().is_empty(), "an empty document");
        assert!(document.text.len() <= MAX_DOCUMENT_BYTES);
    }
    if let Ok(page) = std::str::from_utf8(data) {
        let (capped, removed) = html::cap_nesting(page, 4);
        assert!(capped.len() <= page.len());
        assert_eq!(removed == 0, capped.len() == page.len());
        let _ = html::read_html(&capped, "page");
    }
});
