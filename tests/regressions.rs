//! Regressions of "Reliability, round two" (issue 15), one or more tests per item, end to
//! end through the binary: each failed on the main of 2026-11-30 and passes now.
//!
//! Time bounds asserted here detect hangs (a query that ran for minutes, a FIFO that
//! blocked forever); they are generous multiples of what the commands take, not speed
//! figures. The larger hostile inputs (a million nested tags, 100,000 names, a full
//! disk) run in `scripts/hostile-suite.sh`, which CI calls.
#![cfg(unix)]

use crate::util::{osintkg, seed_store, seeds, stdout_of};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command as Process, Output, Stdio};
use std::time::{Duration, Instant};

/// Longer than any command here takes; a command still running is hung.
const HANG: Duration = Duration::from_secs(60);

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Stderr of a run that must fail with `code`, checked for the marks of a crash.
fn fails_with(output: &Output, code: i32) -> String {
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(code), "{stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("overflowed"),
        "{stderr}"
    );
    stderr
}

/// A private copy of the seeds' store, for tests that damage it.
fn store_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("kg");
    stdout_of(
        osintkg()
            .arg("build")
            .arg(seeds())
            .arg("--store")
            .arg(&store),
    );
    (dir, store)
}

/// The binary, spawned directly so that its time and memory can be watched.
fn spawn(args: &[&str], store: &Path) -> Child {
    Process::new(env!("CARGO_BIN_EXE_osintkg"))
        .args(args)
        .arg("--store")
        .arg(store)
        .env_remove("OSINTKG_STORE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits for `child`, sampling its peak resident memory; returns its output, how long
/// it ran and the peak in MiB. Kills it past [`HANG`].
fn watch(mut child: Child) -> (Output, Duration, u64) {
    let started = Instant::now();
    let status = format!("/proc/{}/status", child.id());
    let mut peak_kib = 0;
    // Drain the pipes on threads so that a chatty child never blocks on them.
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut bytes).ok();
        bytes
    });
    let err = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut stderr, &mut bytes).ok();
        bytes
    });
    let exit = loop {
        if let Ok(text) = fs::read_to_string(&status)
            && let Some(kib) = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        {
            peak_kib = peak_kib.max(kib);
        }
        if let Some(exit) = child.try_wait().unwrap() {
            break exit;
        }
        if started.elapsed() > HANG {
            child.kill().unwrap();
            panic!("still running after {HANG:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let elapsed = started.elapsed();
    let output = Output {
        status: exit,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    };
    (output, elapsed, peak_kib / 1024)
}

// ---------------------------------------------------------------------------------
// 1. Storage errors: a clean exit 1 with the message, not a segfault after it.

#[test]
fn item01_a_corrupt_store_fails_with_exit_1_not_a_segfault() {
    let (_dir, store) = store_copy();
    let db = store.join("gen-1/db");
    for entry in fs::read_dir(&db).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "sst") {
            fs::File::options()
                .write(true)
                .open(&path)
                .unwrap()
                .set_len(100)
                .unwrap();
        }
    }
    for args in [
        &["stats"][..],
        &["query", "ASK { ?s ?p ?o }"],
        &["export"],
        &["show", "ISKP"],
    ] {
        let output = osintkg()
            .args(args)
            .arg("--store")
            .arg(&store)
            .timeout(HANG)
            .output()
            .unwrap();
        let stderr = fails_with(&output, 1);
        assert!(stderr.contains("Corruption"), "{args:?}: {stderr}");
        assert!(stderr.contains(&db.display().to_string()), "{stderr}");
    }
}

#[test]
fn item01_a_store_missing_its_files_fails_with_exit_1() {
    let (_dir, store) = store_copy();
    fs::remove_file(store.join("gen-1/db/CURRENT")).unwrap();
    let output = osintkg()
        .args(["stats", "--store"])
        .arg(&store)
        .output()
        .unwrap();
    let stderr = fails_with(&output, 1);
    assert!(stderr.contains("CURRENT"), "{stderr}");
    // `current` pointing at a generation that is not there.
    fs::write(store.join("current"), "gen-9\n").unwrap();
    let output = osintkg()
        .args(["stats", "--store"])
        .arg(&store)
        .output()
        .unwrap();
    fails_with(&output, 1);
}

// ---------------------------------------------------------------------------------
// 5. Timeouts hold, in bounded memory.

#[test]
fn item05_a_timeout_stops_sorts_and_cartesian_products_in_bounded_memory() {
    let store = seed_store();
    for (query, format) in [
        (
            "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a ?d LIMIT 1",
            "csv",
        ),
        ("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", "table"),
        ("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", "json"),
    ] {
        let child = spawn(
            &["query", query, "--format", format, "--timeout", "1"],
            store,
        );
        let (output, elapsed, peak_mib) = watch(child);
        let stderr = fails_with(&output, 1);
        assert!(stderr.contains("1s time limit"), "{stderr}");
        eprintln!("{format}: stopped after {elapsed:?}, peak {peak_mib} MiB");
        assert!(elapsed < Duration::from_secs(20), "{query}: {elapsed:?}");
        assert!(peak_mib < 500, "{query}: {peak_mib} MiB");
    }
}

// ---------------------------------------------------------------------------------
// 6. SPARQL that crashed the engine: an unordered sort, and parser recursion.

#[test]
fn item06_order_by_over_numbers_and_strings_does_not_panic() {
    let query = r#"SELECT ?x WHERE { VALUES ?x { "4" 3 "75" 5 "89" 9 63 "42" "96" "9" 38 45 "79" "79" 87 76 65 86 "51" "6" 81 } } ORDER BY ?x"#;
    let out = stdout_of(
        osintkg()
            .args(["query", query, "--format", "csv", "--store"])
            .arg(seed_store()),
    );
    let values: Vec<&str> = out.lines().collect();
    assert_eq!(values.len(), 22, "{out}");
    assert_eq!(values[1..4], ["3", "5", "9"]);
    // The seeds' own terms, numbers, dates, IRIs and strings together.
    stdout_of(
        osintkg()
            .args([
                "query",
                "SELECT ?c ?f WHERE { ?a ?b ?c . ?a ?e ?f } ORDER BY ?c ?f",
                "--format",
                "csv",
                "--store",
            ])
            .arg(seed_store()),
    );
}

#[test]
fn item06_queries_that_overflowed_the_parser_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let union = vec!["{ ?s ?p ?o }"; 200_000].join(" UNION ");
    for (name, query) in [
        ("braces", format!("SELECT * WHERE {}", "{".repeat(5_000))),
        (
            "parentheses",
            format!(
                "ASK {{ FILTER({}1{}) }}",
                "(".repeat(100_000),
                ")".repeat(100_000)
            ),
        ),
        ("union", format!("SELECT * WHERE {{ {union} }}")),
    ] {
        let file = dir.path().join(format!("{name}.rq"));
        fs::write(&file, query).unwrap();
        let output = osintkg()
            .arg("query")
            .arg(format!("@{}", file.display()))
            .arg("--store")
            .arg(seed_store())
            .timeout(HANG)
            .output()
            .unwrap();
        let stderr = fails_with(&output, 1);
        assert!(
            stderr.contains("too large to run safely"),
            "{name}: {stderr}"
        );
    }
}

// ---------------------------------------------------------------------------------
// 12. Argument hygiene: nonsense is a usage error (exit 2), before any work.

#[test]
fn item12_bad_numbers_dates_and_formats_are_usage_errors() {
    let store = seed_store();
    let cases: &[&[&str]] = &[
        &["query", "ASK {}", "--timeout", "0"],
        &["query", "ASK {}", "--timeout", "nan"],
        &["query", "ASK {}", "--timeout", "inf"],
        &["query", "ASK {}", "--timeout", "1e99"],
        &["query", "ASK {}", "--timeout", "-3"],
        &["path", "ISKP", "Kabul", "--since", "yesterday"],
        &["path", "ISKP", "Kabul", "--since", "2024-13-45"],
        &["path", "ISKP", "Kabul", "--until", "2023-02-29"],
        &["path", "ISKP", "Kabul", "--k", "0"],
        &["path", "ISKP", "Kabul", "--max-hops", "0"],
        &["rank", "--top", "0"],
        &["neighbors", "ISKP", "--depth", "0"],
        &[
            "query",
            "SELECT ?s WHERE { ?s a okg:Person }",
            "--format",
            "turtle",
        ],
        &["query", "ASK { ?s a okg:Person }", "--format", "ntriples"],
        &[
            "query",
            "CONSTRUCT { ?s a okg:Person } WHERE { ?s a okg:Person }",
            "--format",
            "json",
        ],
    ];
    for args in cases {
        let output = osintkg()
            .args(*args)
            .arg("--store")
            .arg(store)
            .output()
            .unwrap();
        let stderr = fails_with(&output, 2);
        assert!(output.stdout.is_empty(), "{args:?} printed results");
        assert!(stderr.contains("error"), "{args:?}: {stderr}");
    }
    // The valid neighbours of those values still work.
    stdout_of(
        osintkg()
            .args(["query", "ASK {}", "--timeout", "0.5", "--store"])
            .arg(store),
    );
    stdout_of(
        osintkg()
            .args([
                "path",
                "Sanaullah Ghafari",
                "Crocus City Hall attack",
                "--since",
                "2024-02-29",
                "--store",
            ])
            .arg(store),
    );
}
