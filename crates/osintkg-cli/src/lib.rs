//! The `osintkg` command line: argument parsing, command runners, exit codes.
//!
//! Library crates report errors; this crate decides how they reach a person: one line
//! on stderr naming what failed and where, and an exit code (0 success, 1 runtime
//! error, 2 usage error). A closed pipe (`osintkg export | head`) is a success.

pub mod cli;
mod commands;
pub mod shard;

use clap::Parser;
use std::io::IsTerminal;
use std::process::ExitCode;

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
    match outcome {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(error)) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Ok(Err(error)) => {
            eprintln!("osintkg: error: {error:#}");
            ExitCode::from(1)
        }
        Err(_) => {
            eprintln!(
                "osintkg: internal error: the command stopped on a bug (see the message above); the store was not changed by this run unless it said it committed"
            );
            ExitCode::from(1)
        }
    }
}

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
