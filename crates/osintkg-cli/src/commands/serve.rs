//! `osintkg serve`: the server runs until Ctrl-C or SIGTERM; this runner only says what
//! it does (the address on stdout, for scripts that bind port 0; the rest on stderr).

use crate::cli::ServeArgs;
use crate::output;
use anyhow::Result;
use osintkg_server::{ServerConfig, ServerEvent};
use std::io::Write;
use std::sync::Arc;

pub fn run(args: ServeArgs) -> Result<()> {
    if !args.bind.ip().is_loopback() {
        output::warning(format!(
            "listening on {} makes the store readable by anyone who can reach this machine (there is no authentication); bind 127.0.0.1 to keep it local",
            args.bind
        ));
    }
    let mut config = ServerConfig::new(&args.store.store);
    config.cors = args.cors;
    config.timeout = args.timeout;
    config.max_rows = args.max_rows;
    config.on_event = Arc::new(report);
    osintkg_server::run(config, args.bind)?;
    Ok(())
}

fn report(event: ServerEvent) {
    match event {
        ServerEvent::Listening(addr) => {
            let mut out = std::io::stdout().lock();
            let _ = writeln!(
                out,
                "osintkg: serving http://{addr}/ (explorer) and http://{addr}/sparql (SPARQL endpoint); Ctrl-C stops"
            );
            let _ = out.flush();
        }
        ServerEvent::Loaded {
            generation,
            nodes,
            edges,
            seconds,
        } => output::note(format!(
            "generation {generation} loaded: {nodes} entities, {edges} relations ({seconds:.2} s)"
        )),
        ServerEvent::WaitingForBuild => {
            output::note("the store has no completed build yet; serving 503 until one lands")
        }
        ServerEvent::ReloadFailed(message) => output::warning(format!(
            "a new generation could not be loaded (still serving the previous one): {message}"
        )),
        ServerEvent::ShuttingDown => output::note("shutting down"),
    }
}
