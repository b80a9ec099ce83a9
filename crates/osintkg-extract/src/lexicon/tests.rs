//! The bundled packs load, every entry can be met in text, and every entry is read by a
//! rule; malformed packs fail with their file and line.

use super::*;
use crate::text::tokens;
use crate::{Document, Extractor};
use osintkg_graph::{DocumentMeta, Span};

fn file(language: &str, name: &str, text: &str) -> PackFile {
    PackFile {
        language: language.into(),
        name: name.into(),
        text: text.into(),
    }
}

/// The bundled files with one replaced or added.
fn with(language: &str, name: &str, text: &str) -> Vec<PackFile> {
    let mut files: Vec<PackFile> = bundled_files()
        .into_iter()
        .filter(|f| !(f.language == language && f.name == name))
        .collect();
    files.push(file(language, name, text));
    files
}

fn error(files: Vec<PackFile>) -> String {
    Lexicon::from_files(files).unwrap_err().to_string()
}

#[test]
fn the_bundled_packs_load() {
    let lexicon = Lexicon::bundled().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(lexicon.default_pack().code(), DEFAULT_LANGUAGE);
    let codes: Vec<&str> = lexicon.packs().iter().map(LanguagePack::code).collect();
    assert!(codes.contains(&"en") && codes.contains(&"it"), "{codes:?}");
    assert!(!codes.contains(&SHARED));
    // A language without a pack reads the shared words only.
    let none = lexicon.pack(Some("ru"));
    assert_eq!(none.code(), SHARED);
    assert!(none.particle("bin", ParticleUse::Joiner) && none.trigger("attack").is_none());
    assert!(lexicon.pack(None).trigger("attacked").is_some());
}

#[test]
fn malformed_packs_are_errors_naming_file_and_line() {
    let triggers = "# Triggers.\nword\tevent\tform\tsubject\n";
    let cases = [
        (
            with(
                "en",
                "event_triggers.tsv",
                &format!("{triggers}blast\tAtack\tnoun\tagent\n"),
            ),
            "en/event_triggers.tsv:3: event: unknown value \"Atack\"",
        ),
        (
            with(
                "en",
                "event_triggers.tsv",
                &format!("{triggers}blast\tAttack\tnown\tagent\n"),
            ),
            "en/event_triggers.tsv:3: form: unknown value \"nown\"",
        ),
        (
            with(
                "en",
                "event_triggers.tsv",
                &format!("{triggers}Blast\tAttack\tnoun\tagent\n"),
            ),
            "en/event_triggers.tsv:3: \"Blast\" is not lowercase",
        ),
        (
            with(
                "en",
                "event_triggers.tsv",
                &format!("{triggers}blast\tAttack\tnoun\tagent\nblast\tArrest\tnoun\tagent\n"),
            ),
            "en/event_triggers.tsv:4: \"blast\" is listed twice (line 3)",
        ),
        (
            with(
                "en",
                "prepositions.tsv",
                "# P.\nword\tmeanings\nin\tplace,plaice\n",
            ),
            "en/prepositions.tsv:3: meanings: unknown value \"plaice\"",
        ),
        (
            with(
                "en",
                "name_particles.tsv",
                "# P.\nword\tuses\nbin\tjoiner\n",
            ),
            "mul/name_particles.tsv:6: \"bin\" is also listed in en/name_particles.tsv:3",
        ),
        (
            with(
                "en",
                "relative_dates.tsv",
                "# R.\nphrase\tunit\toffset\n{x} ago\tday\t-1\n",
            ),
            "en/relative_dates.tsv:3: unknown slot {x}",
        ),
        (
            with(
                "en",
                "relation_cues.tsv",
                "# C.\nphrase\tpredicate\tconstruction\tsubject\n\
                 based\toperatesIn\tlocative,compound\tbefore\n\
                 based\toperatesIn\tcompound\tafter\n",
            ),
            "en/relation_cues.tsv:4: \"based\" is listed twice for operatesIn with a shared construction",
        ),
        (
            with("en", "weekdays.tsv", "# W.\nword\tweekday\nfunday\t8\n"),
            "en/weekdays.tsv:3: weekday: unknown value \"8\"",
        ),
        (
            with(
                "en",
                "settings.tsv",
                "# S.\nsetting\tvalue\nproper_noun_chunks\tmaybe\n",
            ),
            "en/settings.tsv:3: value: unknown value \"maybe\"",
        ),
        (
            with("en", "event_trigers.tsv", triggers),
            "en/event_trigers.tsv: not a pack file",
        ),
        (
            bundled_files()
                .into_iter()
                .filter(|f| f.language != DEFAULT_LANGUAGE)
                .collect(),
            "en: the default language has no pack",
        ),
    ];
    for (files, expected) in cases {
        let message = error(files);
        assert!(
            message.starts_with(expected),
            "{message}\n  expected {expected}"
        );
    }
}

#[test]
fn plural_endings_tell_plurals_from_look_alikes() {
    let lexicon = Lexicon::bundled().unwrap();
    let en = lexicon.default_pack();
    for word in ["borders", "countries", "forces"] {
        assert!(en.is_plural(word), "{word}");
    }
    for word in ["gas", "status", "crisis", "pass", "pipeline"] {
        assert!(!en.is_plural(word), "{word}");
    }
}

/// Files whose entries are not tokens: phrases with slots, prefixes, suffixes and word
/// endings read by patterns, and settings.
const PATTERN_FILES: &[&str] = &[
    "relative_dates.tsv",
    "elisions.tsv",
    "ordinal_suffixes.tsv",
    "plural_endings.tsv",
    "settings.tsv",
];

#[test]
fn every_entry_is_a_token_the_tokenizer_can_produce() {
    let lexicon = Lexicon::bundled().unwrap();
    let mut unreachable = Vec::new();
    for pack_file in bundled_files() {
        let Some(&(name, columns, keys)) = FILES.iter().find(|(n, _, _)| *n == pack_file.name)
        else {
            continue;
        };
        if PATTERN_FILES.contains(&name) {
            continue;
        }
        let path = pack_file.path();
        let pack = lexicon.pack(Some(&pack_file.language));
        for row in table::rows(&path, &pack_file.text, columns, keys).unwrap() {
            let key = row.key();
            // An elided word is met only glued to the name after it: "nell’Iraq".
            let text = if key.ends_with('\'') {
                format!("{key}Iraq")
            } else {
                key.to_owned()
            };
            let found: Vec<&str> = tokens(&text, Span::new(0, text.len()), pack)
                .iter()
                .map(|t| t.text)
                .collect();
            let expected: Vec<&str> = key.split(' ').collect();
            let ok = if key.ends_with('\'') {
                found.first() == Some(&key)
            } else {
                found == expected
            };
            if !ok {
                unreachable.push(format!("{path}:{}: {key:?} is read as {found:?}", row.line));
            }
        }
    }
    assert!(unreachable.is_empty(), "{}", unreachable.join("\n"));
}

/// Texts that exercise every rule once: the seeds, and sentences written for the rules
/// the seeds do not reach.
fn exercise_every_rule() {
    let extractor = Extractor::new().unwrap();
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../seeds");
    let mut texts: Vec<String> = std::fs::read_dir(seeds)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    texts.push(
        [
            "Published: 12 March 2024",
            "WASHINGTON, March 3, 2024 — Officials said on Wednesday that two days ago the group had struck.",
            "Last month, the Taliban took control over Kandahar. The group has focused on Herat.",
            "The Afghan government said it would respond. The bombing killed 13 and left 20 wounded.",
            "The ISKP militant-led attack hit the ministry.",
            "The Kandor Front, designated a terrorist group by Canada, denied it.",
        ]
        .join("\n"),
    );
    let meta = DocumentMeta {
        date: Some("2024-09-05".into()),
        ..DocumentMeta::default()
    };
    for text in texts {
        extractor.extract(&Document::new("exercise", text, meta.clone()));
    }
}

/// The classes of entries a row belongs to; a row is read when a rule asks for one.
fn classes(name: &'static str, row: &table::Row<'_>) -> Vec<String> {
    let values = |index: usize| -> Vec<String> {
        row.field(index)
            .split(',')
            .filter(|v| *v != "-")
            .flat_map(|v| match (name, v) {
                ("state_verbs.tsv", "any") => vec!["one".to_owned(), "coordinated".to_owned()],
                _ => vec![v.to_owned()],
            })
            .map(|v| format!("{name}:{v}"))
            .collect()
    };
    match name {
        "claims.tsv"
        | "demonym_nouns.tsv"
        | "event_modifiers.tsv"
        | "function_words.tsv"
        | "name_particles.tsv"
        | "org_heads.tsv"
        | "place_heads.tsv"
        | "prepositions.tsv"
        | "state_verbs.tsv" => values(1),
        "relation_cues.tsv" => values(2),
        "roles.tsv" => values(1).into_iter().chain(values(2)).collect(),
        _ => vec![name.to_owned()],
    }
}

#[test]
fn every_entry_is_read_by_a_rule() {
    exercise_every_rule();
    let read = reads::all();
    let mut unread = Vec::new();
    for pack_file in bundled_files() {
        let Some(&(name, columns, keys)) = FILES.iter().find(|(n, _, _)| *n == pack_file.name)
        else {
            continue;
        };
        let path = pack_file.path();
        for row in table::rows(&path, &pack_file.text, columns, keys).unwrap() {
            let classes = classes(name, &row);
            if !classes.iter().any(|c| read.contains(c.as_str())) {
                unread.push(format!(
                    "{path}:{}: {:?} ({}) is read by no rule",
                    row.line,
                    row.key(),
                    classes.join(", ")
                ));
            }
        }
    }
    assert!(unread.is_empty(), "{}", unread.join("\n"));
}
