//! Writes the test fixture store (with its hostile document) to a directory, for the
//! browser test of the explorer's escaping: `cargo run -p osintkg-server --example
//! fixture-store -- DIR`.

#[path = "../tests/fixture/mod.rs"]
mod fixture;

fn main() -> std::process::ExitCode {
    let Some(dir) = std::env::args_os().nth(1) else {
        eprintln!("usage: fixture-store DIR");
        return std::process::ExitCode::from(2);
    };
    match fixture::commit(std::path::Path::new(&dir), &fixture::records(true)) {
        Ok(stats) => {
            println!("generation {}: {} quads", stats.generation, stats.quads);
            std::process::ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("fixture-store: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}
