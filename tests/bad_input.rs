//! Bad input, crashes and hostile names, end to end through the binary: nothing is
//! lost, nothing panics.
//!
//! Scraped corpora hold broken encodings, binaries, empty and huge files, broken JSON
//! Lines, unreadable files and symlink loops. Each case sits in a folder next to one
//! good seed article: the warning must name the file (and the line for JSON Lines), and
//! the good article must still come out. The store must survive a second writer, a
//! SIGKILL half-way through a build, a folder that is not a store, and read-only
//! commands; names full of quotes, brackets and invisible characters must export to
//! RDF that parses and must never reach SPARQL unescaped.
#![cfg(unix)]

use crate::util::{build, osintkg, seeds, stdout_of};
use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Output, Stdio};
use std::time::{Duration, Instant, SystemTime};

/// The good article put next to every bad input.
const GOOD: &str = "002_d2d885c0ea317219";

/// No command here should come anywhere near this.
const TIMEOUT: Duration = Duration::from_secs(120);

/// A folder holding the good seed article and the given files.
fn corpus_with(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(
        seeds().join(format!("{GOOD}.txt")),
        dir.path().join(format!("{GOOD}.txt")),
    )
    .unwrap();
    for (name, content) in files {
        fs::write(dir.path().join(name), content).unwrap();
    }
    dir
}

fn run(args: &[&str], paths: &[&Path]) -> Output {
    let mut command = osintkg();
    command.args(args).args(paths).timeout(TIMEOUT);
    command.output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The document ids of `osintkg extract` output.
fn extracted_docs(stdout: &[u8]) -> Vec<String> {
    text(stdout)
        .lines()
        .map(|line| {
            let record: serde_json::Value = serde_json::from_str(line).unwrap();
            record["doc"].as_str().unwrap().to_owned()
        })
        .collect()
}

/// Extracts `dir`: must succeed, keep the good article, and warn about `file` with
/// `message`. Returns the document ids and stderr.
fn extract_warns(dir: &Path, file: &str, message: &str) -> (Vec<String>, String) {
    let output = run(&["extract"], &[dir]);
    let stderr = text(&output.stderr);
    assert!(output.status.success(), "extract failed: {stderr}");
    assert_no_panic(&stderr);
    let expected = format!("{}: {message}", dir.join(file).display());
    assert!(
        stderr.contains(&expected),
        "no warning {expected:?} in: {stderr}"
    );
    let docs = extracted_docs(&output.stdout);
    assert!(
        docs.iter().any(|d| d == GOOD),
        "the good article is missing: {docs:?}"
    );
    (docs, stderr)
}

fn assert_no_panic(stderr: &str) {
    assert!(
        !stderr.contains("panicked") && !stderr.contains("internal error"),
        "the command panicked: {stderr}"
    );
}

fn running_as_root() -> bool {
    // Root reads files whatever their permissions; probe instead of asking the OS.
    let dir = tempfile::tempdir().unwrap();
    let probe = dir.path().join("probe");
    fs::write(&probe, "x").unwrap();
    set_mode(&probe, 0o000);
    let readable = fs::read(&probe).is_ok();
    set_mode(&probe, 0o600);
    readable
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

// ---------------------------------------------------------------------------------
// Bad files next to a good one.

#[test]
fn invalid_utf8_is_decoded_lossily_with_a_warning() {
    let bad: &[u8] =
        b"Officials in Kabul said the Taliban \xff\xfe arrested Abdul Rahman in Herat.\n";
    let dir = corpus_with(&[("latin1.txt", bad)]);
    let (docs, _) = extract_warns(dir.path(), "latin1.txt", "invalid UTF-8 at byte 36");
    assert!(docs.iter().any(|d| d == "latin1"), "{docs:?}");
}

#[test]
fn a_binary_file_is_skipped_with_a_warning() {
    let mut bad = b"\x7fELF\x02\x01\x01\x00\x00\x00".to_vec();
    bad.extend((0..4096u32).map(|i| (i % 251) as u8));
    let dir = corpus_with(&[("program.txt", &bad)]);
    let (docs, _) = extract_warns(dir.path(), "program.txt", "binary content, skipped");
    assert_eq!(docs, [GOOD]);
}

#[test]
fn an_empty_file_is_skipped_with_a_warning() {
    let dir = corpus_with(&[("empty.txt", b""), ("empty.jsonl", b"")]);
    let (docs, stderr) = extract_warns(dir.path(), "empty.txt", "empty file, skipped");
    let jsonl = format!("{}: empty file", dir.path().join("empty.jsonl").display());
    assert!(stderr.contains(&jsonl), "{stderr}");
    assert_eq!(docs, [GOOD]);
}

/// Peak resident memory of a running process, from `/proc/<pid>/status`, in KiB.
fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Writes `size` bytes of `line` repeated (no newline unless `line` has one) after
/// `prefix`, extracts the folder holding it, and checks the run's time and peak memory.
/// Returns the extracted document ids and stderr.
fn extract_huge(
    dir: &Path,
    name: &str,
    prefix: &str,
    line: &str,
    suffix: &str,
) -> (Vec<String>, String) {
    const SIZE: usize = 100 * 1024 * 1024;
    const LIMIT_KIB: u64 = 1536 * 1024;
    {
        let mut file = std::io::BufWriter::new(fs::File::create(dir.join(name)).unwrap());
        file.write_all(prefix.as_bytes()).unwrap();
        let mut written = 0;
        while written < SIZE {
            file.write_all(line.as_bytes()).unwrap();
            written += line.len();
        }
        file.write_all(suffix.as_bytes()).unwrap();
        file.flush().unwrap();
    }
    let scratch = tempfile::tempdir().unwrap();
    let out_path = scratch.path().join("out.jsonl");
    let err_path = scratch.path().join("err.txt");
    let started = Instant::now();
    let mut child = Process::new(env!("CARGO_BIN_EXE_osintkg"))
        .arg("extract")
        .arg(dir)
        .env_remove("OSINTKG_STORE")
        .stdin(Stdio::null())
        .stdout(fs::File::create(&out_path).unwrap())
        .stderr(fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap();
    // VmHWM only grows: the last reading before the exit is the peak, give or take
    // the final 20 ms.
    let mut peak = None;
    let status = loop {
        if let Some(kib) = peak_rss_kib(child.id()) {
            peak = Some(kib);
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            child.kill().unwrap();
            panic!("extracting a 100 MB file took more than {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let elapsed = started.elapsed();
    let stderr = fs::read_to_string(&err_path).unwrap();
    assert!(status.success(), "extract failed: {stderr}");
    assert_no_panic(&stderr);
    match peak {
        Some(kib) => {
            eprintln!(
                "100 MB single-line {name}: {:.1} s, peak RSS {} MiB",
                elapsed.as_secs_f64(),
                kib / 1024
            );
            assert!(kib < LIMIT_KIB, "peak RSS {} MiB", kib / 1024);
        }
        None => eprintln!("/proc/<pid>/status is not readable; peak memory not checked"),
    }
    (extracted_docs(&fs::read(&out_path).unwrap()), stderr)
}

/// Only the first 8 MiB (`MAX_DOCUMENT_BYTES`) of a text file are read, and run-on text
/// is cut into bounded sentences, so extraction stays linear (≈ 5 s in a debug build,
/// where the extraction crate is optimised).
#[test]
fn a_100_mb_single_line_text_file_is_cut_in_bounded_memory() {
    let dir = corpus_with(&[]);
    let sentence = "officials said on monday that the attack in the north of the country was carried out by a local group. ";
    let (docs, stderr) = extract_huge(dir.path(), "huge.txt", "", sentence, "");
    let expected = format!(
        "{}: document huge longer than",
        dir.path().join("huge.txt").display()
    );
    assert!(stderr.contains(&expected), "{stderr}");
    assert_eq!(docs, [GOOD, "huge"]);
}

/// A JSON Lines file whose one line is 100 MB: the line is skipped by its number
/// without being held in memory, and the articles around it are read.
#[test]
fn a_100_mb_json_line_is_skipped_in_bounded_memory() {
    let dir = corpus_with(&[]);
    let prefix = "{\"id\": \"before\", \"text\": \"Officials in Kabul said the Taliban arrested Abdul Rahman.\"}\n{\"id\": \"huge\", \"text\": \"";
    let suffix = "\"}\n{\"id\": \"after\", \"text\": \"The Pakistani army said it killed two militants.\"}\n";
    let (docs, stderr) = extract_huge(
        dir.path(),
        "feed.jsonl",
        prefix,
        "officials said on monday that ",
        suffix,
    );
    let expected = format!("{}:2: line of ", dir.path().join("feed.jsonl").display());
    assert!(stderr.contains(&expected), "{stderr}");
    assert_eq!(docs, [GOOD, "before", "after"]);
}

#[test]
fn malformed_and_oversized_json_lines_are_skipped_by_line() {
    let mut feed = Vec::new();
    feed.extend_from_slice(b"{\"id\": \"first\", \"text\": \"Officials in Kabul said the Taliban arrested Abdul Rahman.\"}\n");
    feed.extend_from_slice(b"{\"id\": \"broken\", \"text\": \n");
    feed.extend_from_slice(b"{\"id\": \"oversized\", \"text\": \"");
    feed.resize(feed.len() + 17 * 1024 * 1024, b'a');
    feed.extend_from_slice(b"\"}\n");
    feed.extend_from_slice(b"[1, 2, 3]\n");
    feed.extend_from_slice(b"{\"id\": \"last\", \"text\": \"The Pakistani army said it killed two militants in Khyber.\"}\n");
    let dir = corpus_with(&[("feed.jsonl", &feed)]);
    let (docs, stderr) = extract_warns(dir.path(), "feed.jsonl:2", "not a JSON article");
    let file = dir.path().join("feed.jsonl");
    let oversized = format!("{}:3: line of ", file.display());
    assert!(stderr.contains(&oversized), "{stderr}");
    let array = format!("{}:4: not a JSON article", file.display());
    assert!(stderr.contains(&array), "{stderr}");
    assert_eq!(docs, [GOOD, "first", "last"]);
}

#[test]
fn a_missing_path_fails_and_names_it() {
    let dir = corpus_with(&[]);
    let missing = dir.path().join("no-such-folder");
    for command in ["extract", "build"] {
        let store = dir.path().join("kg");
        let mut run = osintkg();
        run.arg(command).arg(dir.path()).arg(&missing);
        if command == "build" {
            run.arg("--store").arg(&store);
        }
        let output = run.timeout(TIMEOUT).output().unwrap();
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{command}: {stderr}");
        assert!(
            stderr.contains(&missing.display().to_string()),
            "{command}: {stderr}"
        );
        assert_no_panic(&stderr);
    }
}

#[test]
fn a_build_without_input_refuses_a_new_store_and_keeps_an_existing_one() {
    let dir = corpus_with(&[]);
    let store = dir.path().join("kg");
    let output = run(&["build", "--store", store.to_str().unwrap()], &[]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("nothing to build"), "{stderr}");
    assert!(!store.exists(), "a refused build creates no store");
    assert_no_panic(&stderr);

    let (_seed_dir, seed_store) = crate::util::seed_store_copy();
    let before = stats_documents(&seed_store);
    let output = run(&["build", "--store", seed_store.to_str().unwrap()], &[]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(stats_documents(&seed_store), before);
}

#[test]
fn an_unreadable_file_is_skipped_with_a_warning() {
    if running_as_root() {
        eprintln!("running as root: file permissions do not apply; skipping");
        return;
    }
    let dir = corpus_with(&[("secret.txt", b"Officials in Kabul said so.\n")]);
    let secret = dir.path().join("secret.txt");
    set_mode(&secret, 0o000);
    let (docs, _) = extract_warns(dir.path(), "secret.txt", "Permission denied");
    set_mode(&secret, 0o600);
    assert_eq!(docs, [GOOD]);
}

#[test]
fn a_directory_symlink_loop_is_reported_once_without_hanging() {
    let dir = corpus_with(&[]);
    let sub = dir.path().join("sub");
    fs::create_dir(&sub).unwrap();
    std::os::unix::fs::symlink(dir.path(), sub.join("loop")).unwrap();
    let (docs, _) = extract_warns(dir.path(), "sub/loop", "folder already visited");
    assert_eq!(docs, [GOOD]);
}

#[test]
fn unsupported_extensions_are_skipped_and_counted() {
    let dir = corpus_with(&[
        ("report.pdf", b"%PDF-1.7"),
        ("notes.docx", b"PK\x03\x04"),
        ("README", b"no extension"),
    ]);
    let (docs, stderr) = extract_warns(dir.path(), "report.pdf", "unsupported extension");
    for name in ["notes.docx", "README"] {
        let expected = format!("{}: unsupported extension", dir.path().join(name).display());
        assert!(stderr.contains(&expected), "{stderr}");
    }
    assert!(
        stderr.contains("3 file(s) skipped for their extension"),
        "{stderr}"
    );
    assert_eq!(docs, [GOOD]);
}

#[test]
fn strict_turns_every_warning_into_a_failure() {
    let loop_dir = |dir: &Path| {
        fs::create_dir(dir.join("sub")).unwrap();
        std::os::unix::fs::symlink(dir, dir.join("sub/loop")).unwrap();
    };
    type Setup<'a> = Option<&'a dyn Fn(&Path)>;
    let cases: Vec<(&str, &[u8], Setup)> = vec![
        ("latin1.txt", b"Kabul \xff said.\n", None),
        ("program.txt", b"\x7fELF\x00\x00\x00\x00", None),
        ("empty.md", b"", None),
        ("feed.jsonl", b"{broken\n", None),
        ("report.pdf", b"%PDF-1.7", None),
        ("sub", b"", Some(&loop_dir)),
    ];
    for (name, content, setup) in cases {
        let dir = match setup {
            Some(setup) => {
                let dir = corpus_with(&[]);
                setup(dir.path());
                dir
            }
            None => corpus_with(&[(name, content)]),
        };
        // Without --strict the same folder is fine.
        assert!(run(&["extract"], &[dir.path()]).status.success(), "{name}");
        let output = run(&["extract", "--strict"], &[dir.path()]);
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{name}: {stderr}");
        assert!(
            stderr.contains(&dir.path().join(name).display().to_string()),
            "{name}: {stderr}"
        );
        assert!(stderr.contains("--strict"), "{name}: {stderr}");
        assert!(output.stdout.is_empty(), "{name}: output despite --strict");
        // A strict build commits nothing.
        let store = dir.path().join("kg");
        let output = osintkg()
            .args(["build", "--strict", "--store"])
            .arg(&store)
            .arg(dir.path())
            .timeout(TIMEOUT)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{name}");
        let stats = osintkg()
            .args(["stats", "--store"])
            .arg(&store)
            .output()
            .unwrap();
        assert_eq!(
            stats.status.code(),
            Some(1),
            "{name}: a strict build committed"
        );
    }
}

// ---------------------------------------------------------------------------------
// Store safety.

/// Every file and folder under `dir` with its size and modification time.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (bool, u64, SystemTime)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(path) = stack.pop() {
        let metadata = fs::symlink_metadata(&path).unwrap();
        if metadata.is_dir() {
            for entry in fs::read_dir(&path).unwrap() {
                stack.push(entry.unwrap().path());
            }
        }
        out.insert(
            path.strip_prefix(dir).unwrap().to_owned(),
            (
                metadata.is_dir(),
                metadata.len(),
                metadata.modified().unwrap(),
            ),
        );
    }
    out
}

/// The document count `osintkg stats` reports.
fn stats_documents(store: &Path) -> usize {
    let out = stdout_of(osintkg().args(["stats", "--store"]).arg(store));
    out.lines()
        .find_map(|l| l.strip_prefix("documents:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no document count in: {out}"))
}

/// `count` articles made of the seeds' paragraphs in a different order each, so that
/// each is a new document with real content.
fn generated_corpus(dir: &Path, count: usize) {
    let mut paragraphs = Vec::new();
    for entry in fs::read_dir(seeds()).unwrap() {
        let text = fs::read_to_string(entry.unwrap().path()).unwrap();
        paragraphs.extend(
            text.split("\n\n")
                .filter(|p| p.len() > 40)
                .map(str::to_owned)
                .collect::<Vec<_>>(),
        );
    }
    fs::create_dir_all(dir).unwrap();
    for i in 0..count {
        let mut article = Vec::new();
        for j in 0..12 {
            article.push(paragraphs[(i * 7 + j * 13) % paragraphs.len()].as_str());
        }
        let body = article.join("\n\n");
        fs::write(
            dir.join(format!("gen_{i:04}.txt")),
            format!("Report {i}\n\n{body}\n"),
        )
        .unwrap();
    }
}

#[test]
fn a_second_build_fails_fast_while_the_lock_is_held() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("kg");
    build(&seeds(), &store);
    let lock = fs::File::options()
        .read(true)
        .write(true)
        .open(store.join("write.lock"))
        .unwrap();
    lock.try_lock().unwrap();
    let before = snapshot(&store);
    let started = Instant::now();
    let output = osintkg()
        .arg("build")
        .arg(seeds())
        .arg("--store")
        .arg(&store)
        .timeout(TIMEOUT)
        .output()
        .unwrap();
    let elapsed = started.elapsed();
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("locked by another build"), "{stderr}");
    assert!(stderr.contains(&store.display().to_string()), "{stderr}");
    assert!(
        elapsed < Duration::from_secs(10),
        "took {elapsed:?} to fail"
    );
    assert_eq!(snapshot(&store), before, "the locked store changed");
    // Readers are not blocked by a writer.
    assert_eq!(stats_documents(&store), 5);
    drop(lock);
    build(&seeds(), &store);
}

#[test]
fn sigkill_during_a_build_leaves_the_old_or_the_complete_new_state() {
    const NEW: usize = 40;
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("kg");
    build(&seeds(), &store);
    let corpus = dir.path().join("corpus");
    generated_corpus(&corpus, NEW);
    let generations = |store: &Path| -> Vec<String> {
        fs::read_dir(store)
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("gen-"))
            .collect()
    };
    let old = generations(&store);
    let mut child = Process::new(env!("CARGO_BIN_EXE_osintkg"))
        .arg("build")
        .arg(&corpus)
        .arg("--store")
        .arg(&store)
        .env_remove("OSINTKG_STORE")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill it as soon as it starts writing a new generation: the worst moment.
    let started = Instant::now();
    let mut killed_writing = false;
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if generations(&store).iter().any(|g| !old.contains(g)) {
            std::thread::sleep(Duration::from_millis(50));
            child.kill().unwrap();
            killed_writing = true;
            break;
        }
        assert!(started.elapsed() < TIMEOUT, "the build never wrote");
        std::thread::sleep(Duration::from_millis(5));
    }
    let status = child.wait().unwrap();
    eprintln!("killed while writing a generation: {killed_writing} ({status})");
    let documents = stats_documents(&store);
    assert!(
        documents == 5 || documents == 5 + NEW,
        "{documents} documents: neither the old nor the complete new state"
    );
    let out = stdout_of(
        osintkg()
            .args([
                "query",
                "ASK { ?s a okg:Person }",
                "--format",
                "csv",
                "--store",
            ])
            .arg(&store),
    );
    assert!(out.contains("true"), "{out}");
    // The next build takes over the store and finishes the job.
    let out = build(&corpus, &store);
    assert!(
        out.contains(&format!("documents: {} in store", 5 + NEW)),
        "{out}"
    );
    assert_eq!(stats_documents(&store), 5 + NEW);
}

#[test]
fn a_folder_that_is_not_a_store_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("thesis");
    fs::create_dir(&folder).unwrap();
    fs::write(folder.join("chapter1.tex"), "\\chapter{Introduction}\n").unwrap();
    let before = snapshot(&folder);
    let build = osintkg()
        .arg("build")
        .arg(seeds())
        .arg("--store")
        .arg(&folder)
        .timeout(TIMEOUT)
        .output()
        .unwrap();
    let read = osintkg()
        .args(["stats", "--store"])
        .arg(&folder)
        .output()
        .unwrap();
    for output in [build, read] {
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains("is not an osintkg store"), "{stderr}");
        assert!(stderr.contains(&folder.display().to_string()), "{stderr}");
    }
    assert_eq!(snapshot(&folder), before, "the folder was modified");
    assert_eq!(
        fs::read_to_string(folder.join("chapter1.tex")).unwrap(),
        "\\chapter{Introduction}\n"
    );
}

#[test]
fn read_only_commands_never_modify_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("kg");
    build(&seeds(), &store);
    let before = snapshot(&store);
    // Let a modification show in the times even on coarse-grained file systems.
    std::thread::sleep(Duration::from_millis(20));
    let commands: &[&[&str]] = &[
        &["query", "SELECT ?s WHERE { ?s a okg:Person } LIMIT 5"],
        &[
            "query",
            "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 50",
            "--format",
            "turtle",
        ],
        &["export", "--format", "nquads"],
        &["export", "--format", "turtle", "--with-ontology"],
        &["stats"],
        &["path", "Sanaullah Ghafari", "Crocus City Hall attack"],
        &["show", "ISKP", "--merges"],
        &["neighbors", "ISKP"],
        &["timeline"],
        &["rank", "--by", "pagerank"],
    ];
    for args in commands {
        stdout_of(osintkg().args(*args).arg("--store").arg(&store));
    }
    // An update is refused, and refused without writing.
    let update = osintkg()
        .args(["query", "DELETE WHERE { ?s ?p ?o }", "--store"])
        .arg(&store)
        .output()
        .unwrap();
    assert_eq!(update.status.code(), Some(1), "{}", text(&update.stderr));
    assert_eq!(
        snapshot(&store),
        before,
        "a read-only command changed the store"
    );
}

// ---------------------------------------------------------------------------------
// Hostile names.

/// Names whose characters matter to Turtle, N-Triples, SPARQL, terminals and people.
const HOSTILE_NAMES: &[&str] = &[
    "Abu \"Hamza\" Masri",
    "Omar <Script> Bakri",
    "Yusuf Back\\slash Khan",
    "Karim Line\nBreak Sayed",
    "Hassan Rtl\u{202e}Evil Qasim",
    "Tariq Zero\u{200b}Width Nabi",
    "Ali ' OR 1=1 Haddad",
];

/// Queries that would break out of a SPARQL string literal if pasted into one.
const INJECTIONS: &[&str] = &[
    "x\" } ; DROP ALL ; SELECT * WHERE { \"",
    "x' } DELETE WHERE { ?s ?p ?o } #",
    "<http://example.org/> ",
    "\\u0022) } #",
    "",
    " ",
    "\n",
    "\u{202e}",
    "\u{200b}",
];

#[test]
fn hostile_names_export_to_rdf_that_parses_and_query_safely() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    fs::create_dir(&corpus).unwrap();
    let mut feed = String::new();
    for (i, name) in HOSTILE_NAMES.iter().enumerate() {
        let text = format!(
            "{name} was arrested in Kabul on Monday. Officials said {name} led a cell of the Islamic State Khorasan Province in Herat."
        );
        let record = serde_json::json!({"id": format!("hostile-{i}"), "title": name, "text": text});
        feed.push_str(&record.to_string());
        feed.push('\n');
    }
    fs::write(corpus.join("hostile.jsonl"), &feed).unwrap();
    // The same names in a plain text file, where the tokenizer sees raw characters.
    let plain: String = HOSTILE_NAMES
        .iter()
        .map(|name| format!("Police in Kabul said {name} met Sanaullah Ghafari.\n\n"))
        .collect();
    fs::write(corpus.join("hostile.txt"), plain).unwrap();
    let store = dir.path().join("kg");
    let out = build(&corpus, &store);
    assert!(out.contains("documents: 8 in store"), "{out}");

    for (format, rapper) in [
        ("turtle", "turtle"),
        ("ntriples", "ntriples"),
        ("nquads", "nquads"),
        ("trig", "trig"),
        ("rdfxml", "rdfxml"),
    ] {
        let file = dir.path().join(format!("kg.{format}"));
        osintkg()
            .args(["export", "--format", format, "-o"])
            .arg(&file)
            .arg("--store")
            .arg(&store)
            .assert()
            .success();
        let exported = fs::read_to_string(&file).unwrap();
        assert!(
            exported.contains("Hamza"),
            "{format}: the names are missing"
        );
        let Ok(output) = Process::new("rapper")
            .args(["-i", rapper, "-c"])
            .arg(&file)
            .output()
        else {
            eprintln!("rapper is not installed; skipping the independent {format} check");
            continue;
        };
        assert!(
            output.status.success(),
            "rapper rejected the {format} export: {}",
            text(&output.stderr)
        );
    }

    let before = snapshot(&store);
    let names = HOSTILE_NAMES.iter().chain(INJECTIONS);
    for name in names {
        for args in [
            vec!["show", name],
            vec!["show", name, "--format", "json"],
            vec!["path", name, "Kabul"],
            vec!["path", "Kabul", name],
            vec!["neighbors", name],
            vec!["timeline", name],
        ] {
            let output = osintkg()
                .args(&args)
                .arg("--store")
                .arg(&store)
                .timeout(TIMEOUT)
                .output()
                .unwrap();
            let stderr = text(&output.stderr);
            assert_no_panic(&stderr);
            assert!(
                matches!(output.status.code(), Some(0 | 1)),
                "{args:?}: exit {:?}: {stderr}",
                output.status.code()
            );
            if output.status.code() == Some(1) {
                assert!(stderr.starts_with("osintkg: error: "), "{args:?}: {stderr}");
                assert!(
                    !stderr.contains("SPARQL"),
                    "{args:?} reached SPARQL: {stderr}"
                );
            }
        }
    }
    // Whatever the names did, the store holds the same data.
    assert_eq!(snapshot(&store), before);
    assert_eq!(stats_documents(&store), 8);
}
