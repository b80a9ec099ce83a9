//! Shared helpers: the binary, the seeds, and a store built from them once per run.

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The `osintkg` binary under test.
pub fn osintkg() -> Command {
    let mut command = Command::cargo_bin("osintkg").expect("the osintkg binary is built");
    command.env_remove("OSINTKG_STORE");
    command
}

/// The bundled seed articles.
pub fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

/// Builds the documents at `corpus` into `store`, which must succeed; returns the report.
pub fn build(corpus: &Path, store: &Path) -> String {
    stdout_of(osintkg().arg("build").arg(corpus).arg("--store").arg(store))
}

/// A private store built from the seeds, for tests that change or damage it: the
/// folder (removed when dropped) and the store in it.
pub fn seed_store_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let store = dir.path().join("kg");
    build(&seeds(), &store);
    (dir, store)
}

/// A store built from the seeds, shared by the tests that only read it.
pub fn seed_store() -> &'static Path {
    static STORE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &STORE.get_or_init(seed_store_copy).1
}

/// Runs a command that must succeed and returns its standard output.
pub fn stdout_of(command: &mut Command) -> String {
    let output = command.output().expect("the command runs");
    assert!(
        output.status.success(),
        "command failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}
