//! Following the store: one [`Snapshot`] per generation, swapped in whole.
//!
//! A build writes a complete new generation and then renames the store's `current`
//! pointer (see `osintkg_rdf::store`). The server checks that pointer every poll
//! interval; when it names another generation, a [`Snapshot`] of it is opened and its
//! graph loaded *before* it replaces the old one, so requests never wait for a load and
//! never see a half-loaded graph. A request clones the [`Arc`] of the snapshot current
//! when it starts and keeps it to its end: the SPARQL store, the graph and the reader's
//! lock on the generation all come from that one snapshot. The old snapshot is dropped
//! with its last request, which releases its generation for the next build to delete.

use crate::ServerEvent;
use crate::index::GraphIndex;
use osintkg_rdf::{RdfError, StoreReader, current_generation};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// One store generation as the server answers from it: the read-only store (holding the
/// generation's readers lock) and its graph in memory.
#[derive(Debug)]
pub struct Snapshot {
    reader: StoreReader,
    graph: GraphIndex,
    load_seconds: f64,
}

impl Snapshot {
    /// Opens the store's current generation and loads its graph.
    pub fn load(dir: &Path) -> Result<Snapshot, RdfError> {
        let start = Instant::now();
        let reader = StoreReader::open(dir)?;
        let graph = GraphIndex::new(reader.load_graph()?);
        Ok(Snapshot {
            reader,
            graph,
            load_seconds: start.elapsed().as_secs_f64(),
        })
    }

    /// A snapshot of a graph already in memory over an opened store (the benchmark serves
    /// a generated graph this way).
    pub fn from_parts(reader: StoreReader, graph: GraphIndex) -> Snapshot {
        Snapshot {
            reader,
            graph,
            load_seconds: 0.0,
        }
    }

    /// The generation.
    pub fn generation(&self) -> u64 {
        self.reader.generation()
    }

    /// The read-only store.
    pub fn reader(&self) -> &StoreReader {
        &self.reader
    }

    /// The graph in memory.
    pub fn graph(&self) -> &GraphIndex {
        &self.graph
    }

    pub(crate) fn loaded_event(&self) -> ServerEvent {
        ServerEvent::Loaded {
            generation: self.generation(),
            nodes: self.graph.view().node_count(),
            edges: self.graph.view().edge_count(),
            seconds: self.load_seconds,
        }
    }
}

/// The store directory and the snapshot of its current generation (none before the
/// first build).
#[derive(Debug)]
pub struct Follower {
    dir: PathBuf,
    current: RwLock<Option<Arc<Snapshot>>>,
}

impl Follower {
    /// Opens the store at `dir`. A store with no completed build is accepted (requests
    /// get 503 until one lands); a missing directory or one that is not a store is not.
    pub fn open(dir: &Path) -> Result<Follower, RdfError> {
        let current = match Snapshot::load(dir) {
            Ok(snapshot) => Some(Arc::new(snapshot)),
            Err(RdfError::EmptyStore { .. }) => None,
            Err(e) => return Err(e),
        };
        Ok(Follower {
            dir: dir.to_owned(),
            current: RwLock::new(current),
        })
    }

    /// A follower serving `snapshot` for the store at `dir`.
    pub fn with_snapshot(dir: &Path, snapshot: Snapshot) -> Follower {
        Follower {
            dir: dir.to_owned(),
            current: RwLock::new(Some(Arc::new(snapshot))),
        }
    }

    /// The store directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The snapshot requests should use now.
    pub fn snapshot(&self) -> Option<Arc<Snapshot>> {
        match self.current.read() {
            Ok(current) => current.clone(),
            // A panic while swapping cannot leave the Option half-written.
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Loads the store's current generation if it is not the one served, and swaps it in.
    /// Returns the new snapshot, or `None` when nothing changed.
    pub fn refresh(&self) -> Result<Option<Arc<Snapshot>>, RdfError> {
        let served = self.snapshot().map(|s| s.generation());
        let Some(pointed) = current_generation(&self.dir)? else {
            return Ok(None);
        };
        if served == Some(pointed) {
            return Ok(None);
        }
        let snapshot = Arc::new(Snapshot::load(&self.dir)?);
        let mut current = match self.current.write() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        *current = Some(snapshot.clone());
        Ok(Some(snapshot))
    }
}

/// Checks the store every `interval` and swaps in new generations, for as long as the
/// server runs. Loading happens on a blocking thread; a failed load is reported and
/// retried at the next check while the previous generation keeps answering.
pub(crate) async fn follow(
    follower: Arc<Follower>,
    interval: Duration,
    events: Arc<dyn Fn(ServerEvent) + Send + Sync>,
) {
    let mut last_error = None;
    loop {
        tokio::time::sleep(interval).await;
        let worker = follower.clone();
        match tokio::task::spawn_blocking(move || worker.refresh()).await {
            Ok(Ok(Some(snapshot))) => {
                last_error = None;
                events(snapshot.loaded_event());
            }
            Ok(Ok(None)) => {}
            Ok(Err(error)) => {
                // A build may still be switching generations; report each error once.
                let message = error.to_string();
                if last_error.as_ref() != Some(&message) {
                    events(ServerEvent::ReloadFailed(message.clone()));
                    last_error = Some(message);
                }
            }
            Err(join) => events(ServerEvent::ReloadFailed(join.to_string())),
        }
    }
}
