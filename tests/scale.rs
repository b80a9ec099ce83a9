//! Past one machine: extraction shards, builds that add and remove documents, and the
//! graph pushed to a real SPARQL server.
//!
//! The corpus is the seeds plus the development articles of `../shared/eval/dev` when
//! they are there (CI has them), so that shards and differences have something to split.

use crate::util::{osintkg, seeds, stdout_of};
use std::collections::BTreeSet;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Seeds, and the development articles when present, copied into one folder.
fn corpus(dir: &Path) -> PathBuf {
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let dev = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/dev/texts");
    for folder in [seeds(), dev] {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            std::fs::copy(entry.path(), corpus.join(entry.file_name())).unwrap();
        }
    }
    corpus
}

/// Every quad of a store, as sorted N-Quads lines.
fn quads(store: &Path) -> Vec<String> {
    let out = stdout_of(
        osintkg()
            .args(["export", "--format", "nquads", "--store"])
            .arg(store),
    );
    let mut lines: Vec<String> = out.lines().map(str::to_owned).collect();
    lines.sort();
    lines
}

/// The two stores hold the same quads; on failure, says which differ (a few of them).
fn assert_same_quads(store: &Path, reference: &Path) {
    let (ours, theirs) = (quads(store), quads(reference));
    if ours != theirs {
        let ours_set: BTreeSet<&String> = ours.iter().collect();
        let theirs_set: BTreeSet<&String> = theirs.iter().collect();
        let extra: Vec<&&String> = ours_set.difference(&theirs_set).take(5).collect();
        let missing: Vec<&&String> = theirs_set.difference(&ours_set).take(5).collect();
        panic!(
            "{} quads against {}; extra {extra:#?}; missing {missing:#?}",
            ours.len(),
            theirs.len()
        );
    }
}

fn build(store: &Path, args: &[&std::ffi::OsStr]) -> String {
    stdout_of(osintkg().arg("build").args(args).arg("--store").arg(store))
}

#[test]
fn four_extraction_shards_build_the_store_a_single_process_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = corpus(tmp.path());
    let documents = std::fs::read_dir(&corpus).unwrap().count();
    // Four shard processes at once, as four machines would run them.
    let children: Vec<(PathBuf, Child)> = (0..4)
        .map(|i| {
            let out = tmp.path().join(format!("shard-{i}.jsonl"));
            let child = Command::new(env!("CARGO_BIN_EXE_osintkg"))
                .args(["extract", "--shard", &format!("{i}/4")])
                .arg(&corpus)
                .env_remove("OSINTKG_STORE")
                .stdout(std::fs::File::create(&out).unwrap())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            (out, child)
        })
        .collect();
    let mut outputs = Vec::new();
    let mut seen = BTreeSet::new();
    for (out, mut child) in children {
        assert!(child.wait().unwrap().success());
        for line in std::fs::read_to_string(&out).unwrap().lines() {
            let record: serde_json::Value = serde_json::from_str(line).unwrap();
            let doc = record["doc"].as_str().unwrap().to_owned();
            assert!(seen.insert(doc.clone()), "{doc} is in two shards");
        }
        outputs.push(out);
    }
    assert_eq!(seen.len(), documents, "the shards miss documents");
    let sharded = tmp.path().join("sharded");
    let mut args: Vec<&std::ffi::OsStr> = vec!["--records".as_ref()];
    args.extend(outputs.iter().map(|p| p.as_os_str()));
    let out = build(&sharded, &args);
    assert!(
        out.contains(&format!("documents: {documents} in store")),
        "{out}"
    );
    let single = tmp.path().join("single");
    build(&single, &[corpus.as_os_str()]);
    assert_same_quads(&sharded, &single);
}

#[test]
fn adding_and_removing_documents_gives_what_a_build_from_scratch_gives() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = corpus(tmp.path());
    let mut files: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let last = files.pop().unwrap();
    let first = tmp.path().join("first");
    std::fs::create_dir(&first).unwrap();
    for file in &files {
        std::fs::copy(file, first.join(file.file_name().unwrap())).unwrap();
    }
    let store = tmp.path().join("kg");
    build(&store, &[first.as_os_str()]);
    let added = build(&store, &[last.as_os_str()]);
    assert!(
        added.contains("(1 added, 0 updated, 0 unchanged)"),
        "{added}"
    );
    if files.len() >= 5 {
        // One document in many: the build writes the difference, not every quad.
        assert!(added.contains("written:   the difference"), "{added}");
    }
    // Records name the file they were read from: the reference reads the same files.
    let everything = tmp.path().join("everything");
    build(&everything, &[first.as_os_str(), last.as_os_str()]);
    assert_same_quads(&store, &everything);

    let doc = last.file_stem().unwrap().to_string_lossy().into_owned();
    let removed = stdout_of(osintkg().args(["remove", &doc, "--store"]).arg(&store));
    assert!(removed.contains("1 removed"), "{removed}");
    let without = tmp.path().join("without");
    build(&without, &[first.as_os_str()]);
    assert_same_quads(&store, &without);
    // A document the store does not hold is an error, and nothing is written.
    let output = osintkg()
        .args(["remove", "no-such-document", "--store"])
        .arg(&store)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no-such-document"));
    assert_same_quads(&store, &without);
}

/// An oxigraph server for the test: the one `.ci/run` started (`OSINTKG_TEST_SPARQL`,
/// its base URL), or one started here from `OSINTKG_OXIGRAPH` or `oxigraph` on the
/// PATH (`pip install oxigraph==0.5.13` provides it). `None` when there is none, which
/// fails the test when `OSINTKG_REQUIRE_SPARQL` is set (as in CI).
struct Server {
    base: String,
    child: Option<Child>,
    _data: Option<tempfile::TempDir>,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn server() -> Option<Server> {
    if let Ok(base) = std::env::var("OSINTKG_TEST_SPARQL") {
        return Some(Server {
            base,
            child: None,
            _data: None,
        });
    }
    let binary = std::env::var("OSINTKG_OXIGRAPH").unwrap_or_else(|_| "oxigraph".to_owned());
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let data = tempfile::tempdir().unwrap();
    let child = Command::new(&binary)
        .args(["serve", "--location"])
        .arg(data.path())
        .args(["--bind", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    let Ok(child) = child else {
        assert!(
            std::env::var_os("OSINTKG_REQUIRE_SPARQL").is_none(),
            "no SPARQL server: set OSINTKG_TEST_SPARQL or install oxigraph (pip install oxigraph==0.5.13)"
        );
        eprintln!("skipped: no oxigraph server ({binary} not found); pip install oxigraph==0.5.13");
        return None;
    };
    let server = Server {
        base: format!("http://127.0.0.1:{port}"),
        child: Some(child),
        _data: Some(data),
    };
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "oxigraph did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    Some(server)
}

fn remote_query(base: &str, query: &str) -> String {
    stdout_of(
        osintkg()
            .args(["query", "--format", "csv", "--endpoint"])
            .arg(format!("{base}/query"))
            .arg(query),
    )
}

#[test]
fn push_sends_the_graph_and_then_only_what_changed() {
    let Some(server) = server() else { return };
    let base = &server.base;
    // The server may be shared: start from an empty dataset.
    let cleared = sparql_update(base, "CLEAR ALL");
    assert!(cleared, "cannot clear {base}");
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("kg");
    let seeds = seeds();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&seeds)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let later = files.pop().unwrap();
    build(
        &store,
        &files.iter().map(|f| f.as_os_str()).collect::<Vec<_>>(),
    );
    let push = || {
        stdout_of(
            osintkg()
                .args(["push", "--endpoint"])
                .arg(format!("{base}/query"))
                .arg("--graph-store")
                .arg(format!("{base}/store"))
                .arg("--store")
                .arg(&store),
        )
    };
    let first = push();
    assert!(
        first.contains(&format!("{} sent, 0 unchanged", files.len() + 1)),
        "{first}"
    );
    let count = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }";
    let local = stdout_of(
        osintkg()
            .args(["query", count, "--format", "csv", "--store"])
            .arg(&store),
    );
    assert_eq!(remote_query(base, count), local);
    let again = push();
    assert!(again.contains("0 sent"), "{again}");

    // One more document: its graph and the default graph go, the others stay.
    build(&store, &[later.as_os_str()]);
    let third = push();
    assert!(
        third.contains(&format!("2 sent, {} unchanged", files.len())),
        "{third}"
    );
    let local = stdout_of(
        osintkg()
            .args(["query", count, "--format", "csv", "--store"])
            .arg(&store),
    );
    assert_eq!(remote_query(base, count), local);
    // The analyst queries give the same rows remotely as locally.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/queries");
    let mut queries: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rq"))
        .collect();
    queries.sort();
    for query in queries {
        let text = std::fs::read_to_string(&query).unwrap();
        if text.contains("DESCRIBE") || text.contains("CONSTRUCT") {
            continue;
        }
        let rows = |s: String| s.lines().map(str::to_owned).collect::<BTreeSet<String>>();
        let local = rows(stdout_of(
            osintkg()
                .args(["query", &text, "--format", "csv", "--store"])
                .arg(&store),
        ));
        assert_eq!(
            rows(remote_query(base, &text)),
            local,
            "{}",
            query.display()
        );
    }
    // A removed document's graph is deleted remotely.
    let doc = later.file_stem().unwrap().to_string_lossy().into_owned();
    stdout_of(osintkg().args(["remove", &doc, "--store"]).arg(&store));
    let fourth = push();
    assert!(fourth.contains("1 deleted"), "{fourth}");
}

/// Sends a SPARQL update to `{base}/update` in a plain HTTP/1.1 request (the tests link
/// no HTTP client); true on a 2xx answer.
fn sparql_update(base: &str, update: &str) -> bool {
    use std::io::{Read, Write};
    let url = base.trim_start_matches("http://");
    let (host, _) = url.split_once('/').unwrap_or((url, ""));
    let Ok(mut stream) = std::net::TcpStream::connect(host) else {
        return false;
    };
    let request = format!(
        "POST /update HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/sparql-update\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{update}",
        update.len()
    );
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    response.starts_with("HTTP/1.1 2")
}
