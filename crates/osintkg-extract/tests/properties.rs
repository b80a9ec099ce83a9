//! Properties of extraction on arbitrary text: it never panics, and every span it
//! returns slices the document on character boundaries, with mention texts equal to
//! their slices (possessive stripped from names).

// A failed property is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use osintkg_extract::{Document, Extractor};
use osintkg_graph::{DocumentMeta, EntityType, names::strip_possessive};
use proptest::prelude::*;
use std::sync::LazyLock;

static EXTRACTOR: LazyLock<Extractor> = LazyLock::new(|| Extractor::new().unwrap());

/// Text built from pieces that stress the passes: names and acronyms, particles,
/// brackets, quotes of both kinds, hyphens, dates, other scripts, invisible characters.
fn newsy_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("ISKP".to_owned()),
        Just("Islamic State Khorasan Province (ISKP)".to_owned()),
        Just("al-Qaeda’s".to_owned()),
        Just("Moscow and Dushanbe are".to_owned()),
        Just("Gen. A.K. Smith said".to_owned()),
        Just(" claimed responsibility for the attack in Kabul on March 3, 2024".to_owned()),
        Just("Stato Islamico in Siria".to_owned()),
        Just("“".to_owned()),
        Just("”".to_owned()),
        Just("'s".to_owned()),
        Just("’".to_owned()),
        Just(" - ".to_owned()),
        Just("(".to_owned()),
        Just(")".to_owned()),
        Just(".".to_owned()),
        Just("\n".to_owned()),
        Just("\u{200B}".to_owned()),
        Just("\u{202E}".to_owned()),
        Just("Москва".to_owned()),
        Just("دولة".to_owned()),
        "[A-Z][a-z]{0,8}",
        "[A-Z]{1,5}(-[A-Z0-9]{1,3})?",
        "[a-z]{1,10}",
        "\\PC{0,6}",
    ];
    prop::collection::vec(piece, 0..60).prop_map(|pieces| pieces.join(" "))
}

fn check(text: &str) {
    let record = EXTRACTOR.extract(&Document::new("p", text, DocumentMeta::default()));
    for entity in &record.entities {
        assert!(entity.confidence >= 0.0 && entity.confidence <= 1.0);
        for span in &entity.spans {
            assert!(
                span.start <= span.end && span.end <= text.len(),
                "{span:?} outside the text"
            );
            assert!(
                text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
                "{span:?} splits a character"
            );
            // Names are recorded without a possessive; event phrases exactly as written.
            let exact = &text[span.start..span.end];
            let slice = if entity.kind == EntityType::Event {
                exact.to_owned()
            } else {
                strip_possessive(exact)
            };
            assert!(
                entity.mentions.contains(&slice),
                "{slice:?} is not among {:?}",
                entity.mentions
            );
        }
    }
    for relation in &record.relations {
        assert!(
            record.entity(&relation.subject).is_some() && record.entity(&relation.object).is_some()
        );
        for evidence in &relation.evidence {
            let span = evidence.span;
            assert!(
                text.is_char_boundary(span.start)
                    && text.is_char_boundary(span.end)
                    && span.end <= text.len()
            );
            assert_eq!(&text[span.start..span.end], evidence.sentence);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn extraction_never_panics_on_any_string(text in "\\PC{0,400}") {
        check(&text);
    }

    #[test]
    fn spans_slice_newsy_text_on_character_boundaries(text in newsy_text()) {
        check(&text);
    }
}
