//! The `osintkg` binary: everything lives in `osintkg-cli`.
//!
//! mimalloc replaces the system allocator: building a store spends about a quarter of its
//! time in glibc's malloc and free (perf, 4M quads), and extraction allocates a string per
//! token. The benchmarks install the same allocator so their figures are the binary's.
//!
//! It replaces it for C and C++ too (mimalloc's `override` feature exports `malloc`,
//! `free`, `operator new` … from this binary): RocksDB's C API returns error messages
//! allocated with `malloc`, which oxigraph 0.5.13 frees through Rust's allocator
//! (`CString::from_raw`). With mimalloc serving Rust alone, that `free` of foreign memory
//! crashed the process after every storage error; with one allocator behind both, the
//! memory has one owner.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    osintkg_cli::main()
}
