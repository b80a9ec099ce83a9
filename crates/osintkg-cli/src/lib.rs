//! The `osintkg` command line: argument parsing, command runners, exit codes.
//!
//! Library crates report errors; this crate decides how they reach a person: one line
//! on stderr naming what failed and where, and an exit code (0 success, 1 runtime
//! error, 2 usage error). A closed pipe (`osintkg export | head`) is a success. Nothing
//! here prints with `println!` or `eprintln!`, which panic when the stream is closed or
//! full: output goes through writers whose errors are returned, and messages through
//! [`output`], which also neutralises terminal escape sequences.
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod cli;
mod commands;
mod output;
pub mod shard;

use clap::Parser;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// The generation this run committed, if it did (0: none), so that a failure after the
/// commit does not claim the store was left unchanged.
static COMMITTED_GENERATION: AtomicU64 = AtomicU64::new(0);

/// Records that this run made `generation` the store's current one.
pub(crate) fn committed(generation: u64) {
    COMMITTED_GENERATION.store(generation, Ordering::SeqCst);
}

/// What a failure did to the store, for the error message.
fn store_outcome() -> String {
    match COMMITTED_GENERATION.load(Ordering::SeqCst) {
        0 => "the store was not changed by this run".to_owned(),
        generation => format!("the store was already committed (generation {generation})"),
    }
}

/// Parses the arguments, runs the command, and maps the outcome to an exit code.
pub fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let code = if error.use_stderr() { 2 } else { 0 };
            let _ = error.print();
            return ExitCode::from(code);
        }
    };
    let outcome = std::panic::catch_unwind(|| commands::run(cli));
    let code = report(outcome);
    // A query that timed out or lost its reader may still be inside RocksDB, and exiting
    // under it aborts the process; one that does not stop within the grace period is left
    // behind by ending the process without C++ static destructors.
    if !osintkg_rdf::wait_for_cancelled_queries(QUERY_STOP_GRACE) {
        let _ = std::io::stdout().flush();
        let _ = std::io::stderr().flush();
        exit_now(code);
    }
    ExitCode::from(code)
}

/// Ends the process at once with `code`, without atexit handlers or C++ static
/// destructors, which would run RocksDB's teardown under a query thread still inside it.
/// The workspace's only unsafe code.
#[allow(unsafe_code)]
fn exit_now(code: u8) -> ! {
    // SAFETY: `_exit` takes no pointer and does not return; the process's own buffered
    // output was flushed by the caller, and nothing is left to write (queries only read).
    unsafe { libc::_exit(i32::from(code)) }
}

/// How long a command waits, after its answer, for a cancelled query's thread to stop.
const QUERY_STOP_GRACE: Duration = Duration::from_millis(300);

/// Prints the command's error, if any, and gives the exit code.
fn report(outcome: std::thread::Result<anyhow::Result<()>>) -> u8 {
    match outcome {
        Ok(Ok(())) => 0,
        Ok(Err(error)) if is_broken_pipe(&error) => 0,
        Ok(Err(error)) if error.downcast_ref::<UsageError>().is_some() => {
            output::error(format!("{error:#}"));
            2
        }
        Ok(Err(error)) => {
            output::error(format!("{error:#}"));
            1
        }
        Err(_) => {
            output::note(format!(
                "internal error: the command stopped on a bug (see the message above); {}",
                store_outcome()
            ));
            1
        }
    }
}

/// A usage error found after parsing the arguments (a `--format` that does not fit the
/// query's form): exit code 2, as for the errors clap finds.
#[derive(Debug)]
pub(crate) struct UsageError(pub(crate) String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            // Serializers that wrap the I/O error in their own type keep only its text.
            || cause.to_string().contains("Broken pipe")
    })
}

/// True when standard error is a terminal, so progress bars are worth drawing.
pub(crate) fn stderr_is_terminal() -> bool {
    std::io::stderr().is_terminal()
}
