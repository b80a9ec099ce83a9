//! The `osintkg` binary: everything lives in `osintkg-cli`.
//!
//! mimalloc replaces the system allocator: building a store spends about a quarter of its
//! time in glibc's malloc and free (perf, 4M quads), and extraction allocates a string per
//! token. The benchmarks install the same allocator so their figures are the binary's.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    osintkg_cli::main()
}
