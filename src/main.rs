//! The `osintkg` binary: everything lives in `osintkg-cli`.

fn main() -> std::process::ExitCode {
    osintkg_cli::main()
}
