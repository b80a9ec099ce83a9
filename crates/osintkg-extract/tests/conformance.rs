//! The conformance cases: short texts written by hand for one mechanism each
//! (`tests/cases/<mechanism>/NNN.txt`), with the facts an analyst following
//! `GUIDELINES.md` must and must not find in them (`NNN.expected`; the syntax is in
//! `tests/cases/README.md`).
//!
//! These are the correctness tests of extraction; the golden files only detect change.
//! Cases that today's extractor gets wrong are listed, each with a reason, in
//! `tests/cases/KNOWN_FAILURES`. The test fails when a case outside that list fails, and
//! also when a listed case passes, so that the list only ever shrinks: a fix must
//! remove its cases from the list.
//!
//! Each case goes through the same path as `osintkg extract`: the file reader, then the
//! extractor. A `date:` header stands for the publication date a JSON Lines `date` field
//! would give, a `url:` header for its `url` field.
//!
//! `OSINTKG_CASES=dates` (a prefix of `mechanism/NNN`) runs a subset and prints the diff
//! of every case in it, listed or not:
//! `OSINTKG_CASES=dates cargo test -p osintkg-extract --test conformance -- --nocapture`.

// A failed expectation in a test is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use osintkg_extract::{Extractor, read_path};
use osintkg_graph::names::normalize;
use osintkg_graph::{DocumentRecord, EntityRecord, EntityType, EventType, Predicate};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/cases")
}

/// Whether a fact must appear, must not appear, or an exact count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sign {
    Must,
    MustNot,
    Exactly,
}

/// An entity named in an expectation: a type (or any non-event type) and a name that
/// must be the entity's name or one of its mentions.
#[derive(Debug, Clone)]
struct Ref {
    kind: Option<EntityType>,
    name: String,
}

#[derive(Debug, Clone)]
enum DateWanted {
    Any,
    Undated,
    Exactly(String),
}

/// What one line of an expectation file says.
#[derive(Debug, Clone)]
enum Fact {
    /// An entity of a type with all of these surface forms (one entity holds them all).
    Entity {
        kind: Option<EntityType>,
        names: Vec<String>,
    },
    /// A relation between two entities.
    Relation {
        subject: Ref,
        predicate: Predicate,
        object: Ref,
    },
    /// One event of a type (any type when `None`), with a date and all these roles.
    Event {
        kind: Option<EventType>,
        date: DateWanted,
        roles: Vec<(Predicate, Ref)>,
    },
    /// How many entities of a type, or events of a type, the record holds.
    Count { what: Counted, n: usize },
}

#[derive(Debug, Clone, Copy)]
enum Counted {
    Entities(EntityType),
    Events(Option<EventType>),
}

#[derive(Debug, Clone)]
struct Line {
    number: usize,
    sign: Sign,
    fact: Fact,
    source: String,
}

#[derive(Debug)]
struct Case {
    /// `mechanism/NNN`.
    id: String,
    text: PathBuf,
    date: Option<String>,
    url: Option<String>,
    lines: Vec<Line>,
}

impl Case {
    fn mechanism(&self) -> &str {
        self.id.split('/').next().unwrap_or_default()
    }

    /// A negative case: it checks facts that must not be found, and what it requires is
    /// at most that some entities exist (guards against passing because nothing was
    /// found at all).
    fn is_negative(&self) -> bool {
        self.lines.iter().any(Line::is_negative)
            && self
                .lines
                .iter()
                .all(|l| l.is_negative() || matches!(l.fact, Fact::Entity { .. }))
    }

    /// The case requires nothing: every fact is one that must not be found.
    fn is_only_negative(&self) -> bool {
        self.lines.iter().all(Line::is_negative)
    }
}

impl Line {
    fn is_negative(&self) -> bool {
        self.sign == Sign::MustNot || matches!(self.fact, Fact::Count { n: 0, .. })
    }
}

fn tokens(text: &str) -> Result<Vec<Token>, String> {
    let mut out = Vec::new();
    let mut rest = text.trim_start();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('"') {
            let end = after
                .find('"')
                .ok_or_else(|| format!("unclosed quote in {text:?}"))?;
            out.push(Token::Quoted(after[..end].to_owned()));
            rest = after[end + 1..].trim_start();
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            out.push(Token::Word(rest[..end].to_owned()));
            rest = rest[end..].trim_start();
        }
    }
    Ok(out)
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Quoted(String),
}

/// An entity type word; `Entity` stands for any type but `Event`.
fn entity_kind(word: &str) -> Option<Option<EntityType>> {
    if word == "Entity" {
        return Some(None);
    }
    EntityType::ALL
        .into_iter()
        .find(|t| *t != EntityType::Event && t.as_str() == word)
        .map(Some)
}

/// `Attack`, `Attack@2024-03`, `Attack@undated`, or `Event` for any type.
fn event_selector(word: &str) -> Option<(Option<EventType>, DateWanted)> {
    let (kind, date) = match word.split_once('@') {
        Some((kind, date)) => (kind, Some(date)),
        None => (word, None),
    };
    let kind = if kind == "Event" {
        None
    } else {
        Some(EventType::ALL.into_iter().find(|t| t.as_str() == kind)?)
    };
    let date = match date {
        None => DateWanted::Any,
        Some("undated") => DateWanted::Undated,
        Some(iso) => DateWanted::Exactly(iso.to_owned()),
    };
    Some((kind, date))
}

/// Reads `[Type] "name"` from the front of `tokens`.
fn reference(tokens: &mut std::slice::Iter<'_, Token>) -> Result<Ref, String> {
    match tokens.next() {
        Some(Token::Quoted(name)) => Ok(Ref {
            kind: None,
            name: name.clone(),
        }),
        Some(Token::Word(word)) => {
            let kind = entity_kind(word).ok_or_else(|| format!("unknown entity type {word}"))?;
            match tokens.next() {
                Some(Token::Quoted(name)) => Ok(Ref {
                    kind,
                    name: name.clone(),
                }),
                _ => Err(format!("expected a quoted name after {word}")),
            }
        }
        None => Err("expected an entity".to_owned()),
    }
}

fn parse_fact(sign: Sign, body: &str) -> Result<Fact, String> {
    let all = tokens(body)?;
    if sign == Sign::Exactly {
        return match all.as_slice() {
            [Token::Word(n), Token::Word(what)] => {
                let n = n.parse().map_err(|_| format!("not a count: {n}"))?;
                let what = match (entity_kind(what), event_selector(what)) {
                    (Some(Some(kind)), _) => Counted::Entities(kind),
                    (_, Some((kind, DateWanted::Any))) => Counted::Events(kind),
                    _ => return Err(format!("cannot count {what}")),
                };
                Ok(Fact::Count { what, n })
            }
            _ => Err("expected `= N Type`".to_owned()),
        };
    }
    let mut rest = all.iter();
    if let Some(Token::Word(first)) = all.first()
        && let Some((kind, date)) = event_selector(first)
    {
        rest.next();
        let mut roles = Vec::new();
        while let Some(token) = rest.next() {
            let Token::Word(role) = token else {
                return Err(format!("expected an event role before {token:?}"));
            };
            let predicate: Predicate = role.parse().map_err(|e| format!("{e}"))?;
            if !predicate.is_event_role() {
                return Err(format!("{predicate} is not an event role"));
            }
            roles.push((predicate, reference(&mut rest)?));
        }
        return Ok(Fact::Event { kind, date, roles });
    }
    let subject = reference(&mut rest)?;
    match rest.next() {
        None => Ok(Fact::Entity {
            kind: subject.kind,
            names: vec![subject.name],
        }),
        Some(Token::Word(word)) if word == "aka" => {
            let mut names = vec![subject.name];
            loop {
                match rest.next() {
                    Some(Token::Quoted(name)) => names.push(name.clone()),
                    _ => return Err("expected a quoted name after aka".to_owned()),
                }
                match rest.next() {
                    None => break,
                    Some(Token::Word(word)) if word == "aka" => {}
                    Some(other) => return Err(format!("unexpected {other:?}")),
                }
            }
            Ok(Fact::Entity {
                kind: subject.kind,
                names,
            })
        }
        Some(Token::Word(word)) => {
            let predicate: Predicate = word.parse().map_err(|e| format!("{e}"))?;
            if predicate.is_event_role() {
                return Err(format!("{predicate} needs an event type as subject"));
            }
            let object = reference(&mut rest)?;
            if let Some(extra) = rest.next() {
                return Err(format!("unexpected {extra:?}"));
            }
            Ok(Fact::Relation {
                subject,
                predicate,
                object,
            })
        }
        Some(other) => Err(format!("unexpected {other:?}")),
    }
}

fn parse_expected(id: &str, text: PathBuf, source: &str, errors: &mut Vec<String>) -> Case {
    let mut case = Case {
        id: id.to_owned(),
        text,
        date: None,
        url: None,
        lines: Vec::new(),
    };
    for (index, raw) in source.lines().enumerate() {
        let number = index + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(date) = line.strip_prefix("date:") {
            if !case.lines.is_empty() || case.date.is_some() {
                errors.push(format!("{id}.expected:{number}: date: comes once, first"));
            }
            case.date = Some(date.trim().to_owned());
            continue;
        }
        if let Some(url) = line.strip_prefix("url:") {
            if !case.lines.is_empty() || case.url.is_some() {
                errors.push(format!(
                    "{id}.expected:{number}: url: comes once, before the facts"
                ));
            }
            case.url = Some(url.trim().to_owned());
            continue;
        }
        let sign = match line.chars().next() {
            Some('+') => Sign::Must,
            Some('-') => Sign::MustNot,
            Some('=') => Sign::Exactly,
            _ => {
                errors.push(format!(
                    "{id}.expected:{number}: a line starts with +, - or =: {line:?}"
                ));
                continue;
            }
        };
        match parse_fact(sign, &line[1..]) {
            Ok(fact) => case.lines.push(Line {
                number,
                sign,
                fact,
                source: line.to_owned(),
            }),
            Err(e) => errors.push(format!("{id}.expected:{number}: {e}")),
        }
    }
    if case.lines.is_empty() {
        errors.push(format!("{id}.expected: no facts"));
    }
    case
}

/// Every case under `dir`, sorted by id, with the parse errors of their expectations.
fn load_cases(dir: &Path) -> (Vec<Case>, Vec<String>) {
    let mut cases = Vec::new();
    let mut errors = Vec::new();
    let Ok(mechanisms) = std::fs::read_dir(dir) else {
        errors.push(format!("{}: cannot read the cases folder", dir.display()));
        return (cases, errors);
    };
    let mut mechanisms: Vec<PathBuf> = mechanisms
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    mechanisms.sort();
    for mechanism in mechanisms {
        let name = mechanism
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let mut files: Vec<PathBuf> = std::fs::read_dir(&mechanism)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for file in &files {
            let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
            let id = format!("{name}/{stem}");
            match file.extension().and_then(|e| e.to_str()) {
                Some("txt") => {
                    let expected = file.with_extension("expected");
                    match std::fs::read_to_string(&expected) {
                        Ok(source) => {
                            cases.push(parse_expected(&id, file.clone(), &source, &mut errors));
                        }
                        Err(_) => errors.push(format!("{id}: no {id}.expected")),
                    }
                }
                Some("expected") if !file.with_extension("txt").exists() => {
                    errors.push(format!("{id}: no {id}.txt"));
                }
                Some("expected") => {}
                _ => errors.push(format!("{}: not a case file", file.display())),
            }
        }
    }
    (cases, errors)
}

/// `KNOWN_FAILURES`: case id, then its reason.
fn load_known_failures(path: &Path) -> BTreeMap<String, String> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return BTreeMap::new();
    };
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (id, reason) = l.split_once(char::is_whitespace).unwrap_or((l, ""));
            (id.to_owned(), reason.trim().to_owned())
        })
        .collect()
}

/// A generic trailing word of a place name ("Cabo Delgado province") is optional.
const PLACE_SUFFIXES: [&str; 5] = [
    " province",
    " region",
    " state",
    " district",
    " governorate",
];

fn place_key(normalized: &str) -> &str {
    PLACE_SUFFIXES
        .iter()
        .find_map(|s| normalized.strip_suffix(s))
        .unwrap_or(normalized)
}

/// The entity answers to `name`: its name or a mention, normalised as the scorer does.
fn answers_to(entity: &EntityRecord, name: &str) -> bool {
    let wanted = normalize(name);
    std::iter::once(&entity.name)
        .chain(&entity.mentions)
        .map(|n| normalize(n))
        .any(|n| {
            n == wanted
                || (entity.kind == EntityType::Location && place_key(&n) == place_key(&wanted))
        })
}

fn fits(entity: &EntityRecord, r: &Ref) -> bool {
    entity.kind != EntityType::Event
        && r.kind.is_none_or(|k| k == entity.kind)
        && answers_to(entity, &r.name)
}

fn related(
    record: &DocumentRecord,
    subject: &EntityRecord,
    predicate: Predicate,
    object: &Ref,
) -> bool {
    record.relations.iter().any(|r| {
        let forward =
            r.subject == subject.id && record.entity(&r.object).is_some_and(|o| fits(o, object));
        let backward = predicate.is_symmetric()
            && r.object == subject.id
            && record.entity(&r.subject).is_some_and(|o| fits(o, object));
        r.predicate == predicate && (forward || backward)
    })
}

fn is_event(entity: &EntityRecord, kind: Option<EventType>) -> bool {
    entity.kind == EntityType::Event && kind.is_none_or(|k| entity.event_type == Some(k))
}

/// Whether the fact holds in the record; for counts, the count found.
fn holds(record: &DocumentRecord, fact: &Fact) -> Result<bool, usize> {
    let entities = &record.entities;
    Ok(match fact {
        Fact::Entity { kind, names } => entities.iter().any(|e| {
            e.kind != EntityType::Event
                && kind.is_none_or(|k| k == e.kind)
                && names.iter().all(|n| answers_to(e, n))
        }),
        Fact::Relation {
            subject,
            predicate,
            object,
        } => entities
            .iter()
            .filter(|e| fits(e, subject))
            .any(|e| related(record, e, *predicate, object)),
        Fact::Event { kind, date, roles } => entities.iter().any(|e| {
            is_event(e, *kind)
                && match date {
                    DateWanted::Any => true,
                    DateWanted::Undated => e.date.is_none(),
                    DateWanted::Exactly(d) => e.date.as_deref() == Some(d.as_str()),
                }
                && roles.iter().all(|(p, r)| related(record, e, *p, r))
        }),
        Fact::Count { what, n } => {
            let found = entities
                .iter()
                .filter(|e| match what {
                    Counted::Entities(kind) => e.kind == *kind,
                    Counted::Events(kind) => is_event(e, *kind),
                })
                .count();
            return if found == *n { Ok(true) } else { Err(found) };
        }
    })
}

struct Outcome {
    failures: Vec<String>,
    record: DocumentRecord,
    text: String,
}

fn run_case(extractor: &Extractor, case: &Case) -> Outcome {
    let (mut documents, _) =
        read_path(&case.text).unwrap_or_else(|e| panic!("{}: {e}", case.text.display()));
    assert_eq!(documents.len(), 1, "{}: one document per case", case.id);
    let mut document = documents.remove(0);
    if let Some(date) = &case.date {
        document.meta.date = Some(date.clone());
    }
    if let Some(url) = &case.url {
        document.meta.url = Some(url.clone());
    }
    let record = extractor.extract(&document);
    let mut failures = Vec::new();
    for line in &case.lines {
        let verdict = holds(&record, &line.fact);
        let problem = match (line.sign, verdict) {
            (Sign::Must, Ok(false)) => Some("missing   "),
            (Sign::MustNot, Ok(true)) => Some("unwanted  "),
            (Sign::Exactly, Err(found)) => {
                failures.push(format!("count     {}  (found {found})", line.source));
                None
            }
            _ => None,
        };
        if let Some(problem) = problem {
            failures.push(format!("{problem}{}  (line {})", line.source, line.number));
        }
    }
    Outcome {
        failures,
        record,
        text: document.text,
    }
}

/// What the extractor found, one fact a line, in the expectation syntax.
fn describe(record: &DocumentRecord) -> String {
    let mut out = String::new();
    for e in &record.entities {
        let names: BTreeSet<&str> = e.mentions.iter().map(String::as_str).collect();
        let aka: String = names
            .iter()
            .filter(|n| **n != e.name)
            .map(|n| format!(" aka {n:?}"))
            .collect();
        match e.event_type {
            Some(kind) => {
                let date = e.date.as_deref().unwrap_or("undated");
                let _ = writeln!(out, "      {kind}@{date} {:?}{aka}", e.name);
            }
            None => {
                let _ = writeln!(out, "      {} {:?}{aka}", e.kind, e.name);
            }
        }
    }
    let name = |id: &str| {
        record
            .entity(id)
            .map_or_else(|| id.to_owned(), |e| e.name.clone())
    };
    for r in &record.relations {
        let _ = writeln!(
            out,
            "      {:?} {} {:?}",
            name(&r.subject),
            r.predicate,
            name(&r.object)
        );
    }
    out
}

fn report(case: &Case, outcome: &Outcome) -> String {
    let mut out = format!(
        "  {}\n    text: {}\n",
        case.id,
        outcome.text.trim().replace('\n', " / ")
    );
    for failure in &outcome.failures {
        let _ = writeln!(out, "    {failure}");
    }
    let _ = write!(out, "    extracted:\n{}", describe(&outcome.record));
    out
}

/// Runs the cases under `dir` (those whose id starts with `filter`, if given) against the
/// list of known failures. `Ok` holds the summary; `Err` the summary and what is wrong.
fn verify(dir: &Path, filter: Option<&str>) -> Result<String, String> {
    let (mut cases, errors) = load_cases(dir);
    if !errors.is_empty() {
        return Err(format!("malformed cases:\n{}", errors.join("\n")));
    }
    if cases.is_empty() {
        return Err(format!(
            "no conformance cases in {}: the test would prove nothing",
            dir.display()
        ));
    }
    if let Some(prefix) = filter {
        cases.retain(|c| c.id.starts_with(prefix));
        if cases.is_empty() {
            return Err(format!("no case matches OSINTKG_CASES={prefix}"));
        }
    }
    let known = load_known_failures(&dir.join("KNOWN_FAILURES"));

    let extractor = Extractor::new().map_err(|e| e.to_string())?;
    let mut by_mechanism: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut unexpected = Vec::new();
    let mut fixed = Vec::new();
    let mut shown = Vec::new();
    for case in &cases {
        let outcome = run_case(&extractor, case);
        let passed = outcome.failures.is_empty();
        let tally = by_mechanism.entry(case.mechanism()).or_default();
        tally.passed += usize::from(passed);
        tally.total += 1;
        tally.negative += usize::from(case.is_negative());
        tally.negative_passed += usize::from(case.is_negative() && passed);
        tally.only_negative += usize::from(case.is_only_negative());
        match (passed, known.contains_key(&case.id)) {
            (false, false) => unexpected.push(report(case, &outcome)),
            (true, true) => fixed.push(format!("  {}", case.id)),
            (false, true) if filter.is_some() => shown.push(report(case, &outcome)),
            _ => {}
        }
    }
    let ids: BTreeSet<&str> = cases.iter().map(|c| c.id.as_str()).collect();
    let stale: Vec<String> = if filter.is_some() {
        Vec::new()
    } else {
        known
            .keys()
            .filter(|id| !ids.contains(id.as_str()))
            .map(|id| format!("  {id}"))
            .collect()
    };

    let total = by_mechanism.values().fold(Tally::default(), |a, t| a + *t);
    let mut summary = format!(
        "conformance: {}/{} cases pass; {} of {} negative cases pass ({} negative cases \
         require nothing); {} known failures listed\n  {:<22} pass/cases  negative pass/cases\n",
        total.passed,
        total.total,
        total.negative_passed,
        total.negative,
        total.only_negative,
        known.len(),
        "mechanism"
    );
    for (mechanism, t) in &by_mechanism {
        let _ = writeln!(
            summary,
            "  {mechanism:<22} {:>4}/{:<5}  {:>8}/{}",
            t.passed, t.total, t.negative_passed, t.negative
        );
    }
    for diff in &shown {
        let _ = write!(summary, "known failure:\n{diff}");
    }

    let mut problems = String::new();
    if !unexpected.is_empty() {
        let _ = write!(
            problems,
            "\n{} cases fail that KNOWN_FAILURES does not list (fix them, or list them with a reason):\n{}",
            unexpected.len(),
            unexpected.join("")
        );
    }
    if !fixed.is_empty() {
        let _ = write!(
            problems,
            "\n{} listed cases now pass: remove them from KNOWN_FAILURES:\n{}\n",
            fixed.len(),
            fixed.join("\n")
        );
    }
    if !stale.is_empty() {
        let _ = write!(
            problems,
            "\nKNOWN_FAILURES lists cases that do not exist:\n{}\n",
            stale.join("\n")
        );
    }
    if problems.is_empty() {
        Ok(summary)
    } else {
        Err(format!("{summary}{problems}"))
    }
}

#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    passed: usize,
    total: usize,
    negative: usize,
    negative_passed: usize,
    only_negative: usize,
}

impl std::ops::Add for Tally {
    type Output = Tally;
    fn add(self, o: Tally) -> Tally {
        Tally {
            passed: self.passed + o.passed,
            total: self.total + o.total,
            negative: self.negative + o.negative,
            negative_passed: self.negative_passed + o.negative_passed,
            only_negative: self.only_negative + o.only_negative,
        }
    }
}

#[test]
fn conformance_cases() {
    let filter = std::env::var("OSINTKG_CASES").ok();
    match verify(&cases_dir(), filter.as_deref()) {
        Ok(summary) => println!("{summary}"),
        Err(problems) => panic!("{problems}"),
    }
}

/// A scratch cases folder holding the given `(id, text, expected)` cases and list.
fn scratch(name: &str, cases: &[(&str, &str, &str)], known: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("conformance")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (id, text, expected) in cases {
        let path = dir.join(id);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path.with_extension("txt"), text).unwrap();
        std::fs::write(path.with_extension("expected"), expected).unwrap();
    }
    std::fs::write(dir.join("KNOWN_FAILURES"), known).unwrap();
    dir
}

const KENYA: &str = "Kenya closed its border with Somalia on Monday.\n";

#[test]
fn an_empty_cases_folder_fails() {
    let dir = scratch("empty", &[], "");
    let error = verify(&dir, None).unwrap_err();
    assert!(error.contains("no conformance cases"), "{error}");
}

#[test]
fn an_unlisted_failing_case_fails_with_its_diff() {
    let dir = scratch("unlisted", &[("m/001", KENYA, "- Country \"Kenya\"\n")], "");
    let error = verify(&dir, None).unwrap_err();
    assert!(error.contains("unwanted  - Country \"Kenya\""), "{error}");
    assert!(error.contains("Country \"Kenya\""), "{error}");
}

#[test]
fn a_listed_case_that_passes_must_leave_the_list() {
    let known = "m/001  used to fail\nm/002  no such case\n";
    let dir = scratch("fixed", &[("m/001", KENYA, "+ Country \"Kenya\"\n")], known);
    let error = verify(&dir, None).unwrap_err();
    assert!(error.contains("now pass"), "{error}");
    assert!(error.contains("do not exist:\n  m/002"), "{error}");
}

#[test]
fn listed_failures_keep_the_run_green_and_are_counted() {
    let cases = [
        ("m/001", KENYA, "+ Country \"Kenya\"\n"),
        ("m/002", KENYA, "- Country \"Kenya\"\n"),
    ];
    let dir = scratch("listed", &cases, "m/002  Kenya is found\n");
    let summary = verify(&dir, None).unwrap();
    assert!(
        summary.starts_with("conformance: 1/2 cases pass"),
        "{summary}"
    );
}

#[test]
fn malformed_expectations_name_the_file_and_line() {
    let cases = [(
        "m/001",
        KENYA,
        "+ Country \"Kenya\"\n+ Kenya borders Somalia\n",
    )];
    let dir = scratch("malformed", &cases, "");
    let error = verify(&dir, None).unwrap_err();
    assert!(error.contains("m/001.expected:2"), "{error}");
}
