//! A language is files, not code: packs written for this test, layered over the bundled
//! ones from `tests/lexicon/`, make French and Russian dates and triggers read, and the
//! bundled packs alone do not.

// A failed expectation in a test helper is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use osintkg_extract::{Document, Extractor, Lexicon};
use osintkg_graph::{DocumentMeta, EventType};
use std::path::Path;

const FRENCH: &str = "Le 5 mai 2024, trois hommes soupçonnés de liens avec un réseau \
    jihadiste ont été arrêtés dans la ville de Marseille, a annoncé le parquet dans un \
    communiqué.";
const RUSSIAN: &str = "5 мая 2024 года сотрудники полиции задержали в городе трёх \
    сторонников запрещённой группировки, сообщили в ведомстве.";

fn arrests(extractor: &Extractor, text: &str) -> Vec<Option<String>> {
    extractor
        .extract(&Document::new("pack", text, DocumentMeta::default()))
        .entities
        .into_iter()
        .filter(|e| e.event_type == Some(EventType::Arrest))
        .map(|e| e.date)
        .collect()
}

#[test]
fn a_language_s_dates_and_triggers_are_files_in_its_folder() {
    let bundled = Extractor::new().unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lexicon");
    let extended = Extractor::with_lexicon(Lexicon::bundled_with(&dir).unwrap()).unwrap();
    for text in [FRENCH, RUSSIAN] {
        assert!(arrests(&bundled, text).is_empty(), "{text}");
        assert_eq!(
            arrests(&extended, text),
            vec![Some("2024-05-05".to_owned())],
            "{text}"
        );
    }
}

#[test]
fn a_pack_file_defined_twice_is_an_error() {
    let dir = tempfile_dir();
    std::fs::create_dir_all(dir.join("en")).unwrap();
    std::fs::write(
        dir.join("en/months.tsv"),
        "# Months.\nword\tmonth\tform\twritten\nmay\t5\tfull\tcapitalised\n",
    )
    .unwrap();
    let error = Lexicon::bundled_with(&dir).unwrap_err().to_string();
    assert_eq!(error, "en/months.tsv: defined twice");
    std::fs::remove_dir_all(&dir).unwrap();
}

fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("osintkg-packs-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}
