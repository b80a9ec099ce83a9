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

/// A store built from the seeds, shared by the tests that only read it.
pub fn seed_store() -> &'static Path {
    static STORE: OnceLock<tempfile::TempDir> = OnceLock::new();
    STORE
        .get_or_init(|| {
            let dir = tempfile::tempdir().expect("a temporary folder");
            osintkg()
                .arg("build")
                .arg(seeds())
                .arg("--store")
                .arg(dir.path().join("kg"))
                .assert()
                .success();
            dir
        })
        .path()
        .join("kg")
        .leak()
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
