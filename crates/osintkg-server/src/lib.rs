//! `osintkg serve`: the store over HTTP, for SPARQL clients and for analysts in a browser.
//!
//! - `/sparql` (alias `/query`): the SPARQL 1.1 Protocol, read-only, with content
//!   negotiation, a time limit and a row limit ([`sparql`]); `/store`: the read side of
//!   the Graph Store Protocol ([`graph_store`]).
//! - `/api/…`: JSON for the explorer, answered from the graph held in memory ([`api`]).
//! - `/`: the explorer, a static page whose assets are compiled into the binary
//!   ([`assets`]).
//!
//! The server follows the store ([`follow`]): each generation a build writes is opened
//! and loaded once, then swapped in whole; every request holds the generation it started
//! with until it ends, so it sees exactly one complete generation, and an old generation
//! is released (and can be deleted by the next build) when its last request finishes.
//!
//! Safe by default: read-only, a request body limit, a query time limit and a row limit,
//! no CORS unless asked for, and static files served from a fixed table (no path is ever
//! joined to a directory). The command line warns about non-loopback addresses.

pub mod api;
pub mod assets;
mod follow;
mod formats;
pub mod graph_store;
mod index;
mod params;
mod problem;
mod search;
pub mod sparql;
mod streaming;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, Method, header};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;

pub use follow::{Follower, Snapshot};
pub use index::GraphIndex;

/// The header that tells which store generation answered a request.
pub const GENERATION_HEADER: &str = "x-osintkg-generation";

/// How the server runs.
#[derive(Clone)]
pub struct ServerConfig {
    /// The store directory.
    pub store: PathBuf,
    /// Which origins may call the server from a browser page of another site; `None`
    /// sends no CORS headers at all.
    pub cors: Option<CorsOrigin>,
    /// A SPARQL query is cancelled after this long.
    pub timeout: Duration,
    /// A SPARQL response holds at most this many rows or triples.
    pub max_rows: u64,
    /// Largest request body accepted, in bytes.
    pub body_limit: usize,
    /// How often the store's `current` pointer is checked for a new generation.
    pub poll_interval: Duration,
    /// SPARQL queries evaluated at once; more wait (within their time limit) for a turn.
    pub max_concurrent_queries: usize,
    /// Where the server reports what happens to it (the CLI prints these on stderr).
    pub on_event: Arc<dyn Fn(ServerEvent) + Send + Sync>,
}

impl std::fmt::Debug for ServerConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerConfig")
            .field("store", &self.store)
            .field("cors", &self.cors)
            .field("timeout", &self.timeout)
            .field("max_rows", &self.max_rows)
            .field("body_limit", &self.body_limit)
            .field("poll_interval", &self.poll_interval)
            .field("max_concurrent_queries", &self.max_concurrent_queries)
            .finish_non_exhaustive()
    }
}

impl ServerConfig {
    /// The defaults for a store: 30 s time limit, 10,000 rows, 1 MiB bodies, the store
    /// checked every second, two queries per core, events dropped.
    pub fn new(store: impl Into<PathBuf>) -> ServerConfig {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        ServerConfig {
            store: store.into(),
            cors: None,
            timeout: Duration::from_secs(30),
            max_rows: 10_000,
            body_limit: 1024 * 1024,
            poll_interval: Duration::from_secs(1),
            max_concurrent_queries: (2 * cores).max(2),
            on_event: Arc::new(|_| {}),
        }
    }
}

/// The origins allowed by CORS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CorsOrigin {
    /// Any origin (`*`).
    Any,
    /// Exactly this origin, such as `https://yasgui.example.org`.
    Exact(String),
}

impl std::str::FromStr for CorsOrigin {
    type Err = String;

    fn from_str(text: &str) -> Result<CorsOrigin, String> {
        let text = text.trim();
        if text == "*" {
            return Ok(CorsOrigin::Any);
        }
        let rest = text
            .strip_prefix("http://")
            .or_else(|| text.strip_prefix("https://"));
        match rest {
            Some(host) if !host.is_empty() && !host.contains(['/', ' ', ',']) => {
                Ok(CorsOrigin::Exact(text.to_owned()))
            }
            _ => Err(format!(
                "{text:?} is not an origin: expected * or scheme://host[:port], such as http://localhost:3000"
            )),
        }
    }
}

/// Something the server reports while it runs.
#[derive(Debug, Clone, PartialEq)]
pub enum ServerEvent {
    /// The server answers on this address.
    Listening(SocketAddr),
    /// A store generation was loaded and now answers requests.
    Loaded {
        /// The generation.
        generation: u64,
        /// Nodes in its graph.
        nodes: usize,
        /// Edges in its graph.
        edges: usize,
        /// Time spent opening and loading it.
        seconds: f64,
    },
    /// The store has no completed build yet; requests get 503 until one lands.
    WaitingForBuild,
    /// A new generation could not be loaded; the previous one keeps answering.
    ReloadFailed(String),
    /// The server stopped taking requests (Ctrl-C or SIGTERM).
    ShuttingDown,
}

/// Why the server could not start or run.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServerError {
    /// The store could not be opened.
    #[error(transparent)]
    Store(#[from] osintkg_rdf::RdfError),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {cause}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// The operating system's error.
        cause: std::io::Error,
    },
    /// The async runtime or the connection loop failed.
    #[error("server failure: {0}")]
    Runtime(std::io::Error),
}

/// What every handler shares.
#[derive(Clone)]
pub(crate) struct AppState {
    pub(crate) follower: Arc<Follower>,
    pub(crate) config: Arc<ServerConfig>,
    pub(crate) query_slots: Arc<Semaphore>,
}

/// The whole HTTP application over a store already opened by `follower`.
pub fn router(follower: Arc<Follower>, config: ServerConfig) -> Router {
    let body_limit = config.body_limit;
    let cors = config.cors.clone();
    let state = AppState {
        follower,
        query_slots: Arc::new(Semaphore::new(config.max_concurrent_queries.max(1))),
        config: Arc::new(config),
    };
    let app = Router::new()
        .merge(sparql::routes())
        .merge(graph_store::routes())
        .merge(api::routes())
        .merge(assets::routes())
        .with_state(state)
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ));
    match cors {
        None => app,
        Some(origin) => {
            let allow = match origin {
                CorsOrigin::Any => AllowOrigin::any(),
                CorsOrigin::Exact(origin) => match HeaderValue::from_str(&origin) {
                    Ok(value) => AllowOrigin::exact(value),
                    // FromStr accepted it; a value HTTP cannot carry allows nobody.
                    Err(_) => AllowOrigin::list([]),
                },
            };
            app.layer(
                CorsLayer::new()
                    .allow_origin(allow)
                    .allow_methods([Method::GET, Method::HEAD, Method::POST])
                    .allow_headers([header::ACCEPT, header::CONTENT_TYPE])
                    .expose_headers([HeaderName::from_static(GENERATION_HEADER)]),
            )
        }
    }
}

/// Opens the store, binds `addr` and serves until Ctrl-C or SIGTERM, on a runtime of its
/// own. [`ServerEvent::Listening`] is reported once requests are accepted (with the port
/// the system chose when `addr` asks for port 0).
pub fn run(config: ServerConfig, addr: SocketAddr) -> Result<(), ServerError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("osintkg-serve")
        .build()
        .map_err(ServerError::Runtime)?;
    runtime.block_on(serve(config, addr))
}

async fn serve(config: ServerConfig, addr: SocketAddr) -> Result<(), ServerError> {
    let events = config.on_event.clone();
    let store = config.store.clone();
    let follower = tokio::task::spawn_blocking(move || Follower::open(&store))
        .await
        .map_err(|e| ServerError::Runtime(std::io::Error::other(e)))??;
    let follower = Arc::new(follower);
    match follower.snapshot() {
        Some(snapshot) => events(snapshot.loaded_event()),
        None => events(ServerEvent::WaitingForBuild),
    }
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|cause| ServerError::Bind { addr, cause })?;
    let local = listener
        .local_addr()
        .map_err(|cause| ServerError::Bind { addr, cause })?;
    tokio::spawn(follow::follow(
        follower.clone(),
        config.poll_interval,
        events.clone(),
    ));
    let app = router(follower, config);
    events(ServerEvent::Listening(local));
    axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            shutdown_signal().await;
            events(ServerEvent::ShuttingDown);
        })
        .await
        .map_err(ServerError::Runtime)
}

async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut terminate) => {
                tokio::select! {
                    _ = interrupt => {},
                    _ = terminate.recv() => {},
                }
            }
            Err(_) => {
                let _ = interrupt.await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cors_origins_parse() {
        assert_eq!("*".parse::<CorsOrigin>(), Ok(CorsOrigin::Any));
        assert_eq!(
            "http://localhost:3000".parse::<CorsOrigin>(),
            Ok(CorsOrigin::Exact("http://localhost:3000".to_owned()))
        );
        assert!("localhost".parse::<CorsOrigin>().is_err());
        assert!("http://a.org/path".parse::<CorsOrigin>().is_err());
    }
}
