//! The persistent store: a directory whose builds replace each other atomically.
//!
//! ```text
//! DIR/osintkg-store.json   marker: what this directory is, and its format version
//! DIR/write.lock           held (flock) by the one writer
//! DIR/current              "gen-<n>": the generation readers open, replaced by rename
//! DIR/gen-<n>/db/          a complete RocksDB oxigraph store
//! DIR/gen-<n>/readers.lock held shared by every reader of that generation
//! ```
//!
//! A build bulk-loads a fresh generation beside the current one, syncs it, then renames a
//! new pointer over `current`. Until that rename, readers (and a crash) see the previous
//! generation untouched; after it, they see the new one complete. Old generations are
//! deleted only when no reader holds them, so a long query never loses its files, and a
//! generation a crash left half-written is never pointed to and is cleaned up by the next
//! writer. Readers never open the database a writer is writing, which RocksDB does not
//! allow.

use crate::Result;
use crate::error::RdfError;
use crate::export::{ExportFormat, GraphSelection, export_from};
use crate::mapping::{graph_from_store, records_from_store};
use crate::query::{QueryOptions, QueryOutcome, StartedQuery, run_query, start_query};
use crate::snapshot::{GraphSnapshot, SNAPSHOT_FILE};
use crate::vocab;
use osintkg_graph::{DocumentRecord, EntityType, EventType, KnowledgeGraph};
use oxigraph::model::vocab::rdf;
use oxigraph::model::{GraphNameRef, NamedNodeRef, Quad};
use oxigraph::store::Store;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs::{self, File, TryLockError};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

/// The file that marks a directory as an osintkg store (named in
/// [`RdfError::NotAStore`]'s message too).
pub const MARKER_FILE: &str = "osintkg-store.json";
/// The store layout version this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;
const FORMAT_NAME: &str = "osintkg-store";
const POINTER_FILE: &str = "current";
const WRITE_LOCK: &str = "write.lock";
const READERS_LOCK: &str = "readers.lock";
const DB_DIR: &str = "db";
const GENERATION_PREFIX: &str = "gen-";

#[derive(Serialize, Deserialize)]
struct Marker {
    format: String,
    version: u32,
}

/// What a commit wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CommitStats {
    /// Distinct quads in the new generation.
    pub quads: u64,
    /// The generation now current.
    pub generation: u64,
}

/// What a store holds, for `osintkg stats`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoreStats {
    /// The store directory.
    pub path: PathBuf,
    /// The current generation.
    pub generation: u64,
    /// Source documents.
    pub documents: u64,
    /// Entities and events by type name.
    pub nodes_by_type: BTreeMap<String, u64>,
    /// Events by event type name.
    pub events_by_type: BTreeMap<String, u64>,
    /// Reified relations (`okg:Fact`).
    pub facts: u64,
    /// Evidence sentences.
    pub evidence: u64,
    /// All quads, in every graph.
    pub quads: u64,
    /// Bytes on disk of the current generation.
    pub size_on_disk: u64,
}

/// The one process allowed to build into a store.
///
/// It holds the store's write lock from [`StoreWriter::open_or_create`] until it is
/// dropped; a second writer fails at once with [`RdfError::Locked`].
#[derive(Debug)]
pub struct StoreWriter {
    dir: PathBuf,
    // Held for its lock, which the OS releases when the file closes.
    _lock: File,
}

impl StoreWriter {
    /// Opens the store at `dir` for writing, creating it when `dir` is missing or empty.
    ///
    /// Fails when `dir` holds anything that is not an osintkg store, or when another
    /// writer holds the store. Generations a crashed build left behind are removed.
    pub fn open_or_create(dir: impl AsRef<Path>) -> Result<StoreWriter> {
        let dir = dir.as_ref().to_owned();
        match fs::metadata(&dir) {
            Err(e) if e.kind() == ErrorKind::NotFound => {
                fs::create_dir_all(&dir).map_err(RdfError::io(&dir))?;
            }
            Err(e) => return Err(RdfError::io(&dir)(e)),
            Ok(m) if !m.is_dir() => return Err(RdfError::NotAStore { path: dir }),
            Ok(_) => {}
        }
        let marker = dir.join(MARKER_FILE);
        if marker.exists() {
            check_marker(&dir)?;
        } else {
            let empty = fs::read_dir(&dir)
                .map_err(RdfError::io(&dir))?
                .next()
                .is_none();
            if !empty {
                return Err(RdfError::NotAStore { path: dir });
            }
            let json = serde_json::to_vec_pretty(&Marker {
                format: FORMAT_NAME.to_owned(),
                version: FORMAT_VERSION,
            })
            .map_err(|cause| RdfError::Corrupt {
                path: marker.clone(),
                message: cause.to_string(),
            })?;
            replace_file(&dir, MARKER_FILE, &json)?;
        }
        let lock_path = dir.join(WRITE_LOCK);
        let lock = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(RdfError::io(&lock_path))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                return Err(RdfError::Locked {
                    path: dir,
                    lock: lock_path,
                });
            }
            Err(TryLockError::Error(e)) => return Err(RdfError::io(&lock_path)(e)),
        }
        let writer = StoreWriter { dir, _lock: lock };
        writer.remove_stale_generations()?;
        Ok(writer)
    }

    /// The store directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The current generation, or `None` before the first commit.
    pub fn generation(&self) -> Result<Option<u64>> {
        read_pointer(&self.dir)
    }

    /// The extraction records of the current generation (none before the first commit):
    /// an incremental build adds its new records to these and resolves them all again.
    pub fn records(&self) -> Result<Vec<DocumentRecord>> {
        let Some(generation) = self.generation()? else {
            return Ok(Vec::new());
        };
        let db = generation_dir(&self.dir, generation).join(DB_DIR);
        // No reader lock: only this writer could delete the generation.
        let store = Store::open_read_only(&db).map_err(RdfError::storage(&db))?;
        records_from_store(&store, &db)
    }

    /// Makes `records` the store's documents, replacing all it held: resolves them and
    /// writes the new generation, snapshot included, and makes it current.
    pub fn commit(&mut self, records: &[DocumentRecord]) -> Result<CommitStats> {
        let mut build = self.begin()?;
        let keep: std::collections::HashSet<&str> =
            records.iter().map(|r| r.doc.as_str()).collect();
        for doc in build.document_ids() {
            if !keep.contains(doc.as_str()) {
                build.remove(&doc);
            }
        }
        for record in records {
            build.add(record)?;
        }
        let committed = build.commit()?;
        Ok(CommitStats {
            quads: committed.quads,
            generation: committed.generation,
        })
    }

    /// Writes `quads` as the store's new generation and makes it current: the primitive
    /// under [`StoreWriter::commit`], for loading prepared data. The quads must be
    /// distinct, as [`to_quads`](crate::mapping::to_quads) makes them: the count reported is of the quads given.
    pub fn commit_quads(&mut self, quads: impl IntoIterator<Item = Quad>) -> Result<CommitStats> {
        let (generation, quads) = self.prepare_generation(quads)?;
        if let Err(error) = self.switch_to(generation) {
            // Unless the pointer was replaced before the failure (a failed sync of the
            // folder), the store is still at the old generation and the new one is debris.
            if read_pointer(&self.dir).ok().flatten() != Some(generation) {
                let _ = fs::remove_dir_all(generation_dir(&self.dir, generation));
            }
            return Err(error);
        }
        self.remove_stale_generations()?;
        Ok(CommitStats { quads, generation })
    }

    /// Bulk-loads a new generation without making it current: a build that stops here
    /// leaves the store as it was. A failure (a full disk, a storage error) removes what
    /// was written, so that it does not fill the disk until the next build; a crash or
    /// kill leaves it to the next writer.
    fn prepare_generation(&self, quads: impl IntoIterator<Item = Quad>) -> Result<(u64, u64)> {
        let generation = self.next_generation()?;
        let gen_dir = generation_dir(&self.dir, generation);
        if gen_dir.exists() {
            fs::remove_dir_all(&gen_dir).map_err(RdfError::io(&gen_dir))?;
        }
        match fill_generation(&gen_dir, quads) {
            Ok(count) => Ok((generation, count)),
            Err(error) => {
                let _ = fs::remove_dir_all(&gen_dir);
                Err(error)
            }
        }
    }

    pub(crate) fn switch_to(&self, generation: u64) -> Result<()> {
        replace_file(
            &self.dir,
            POINTER_FILE,
            format!("{GENERATION_PREFIX}{generation}\n").as_bytes(),
        )
    }

    pub(crate) fn next_generation(&self) -> Result<u64> {
        let highest = generations(&self.dir)?
            .into_iter()
            .chain(read_pointer(&self.dir)?)
            .max()
            .unwrap_or(0);
        Ok(highest + 1)
    }

    /// Deletes every generation but the current one that no reader holds; one still read
    /// is left for a later writer.
    pub(crate) fn remove_stale_generations(&self) -> Result<()> {
        let current = read_pointer(&self.dir)?;
        for generation in generations(&self.dir)? {
            if Some(generation) == current {
                continue;
            }
            let gen_dir = generation_dir(&self.dir, generation);
            let readers = gen_dir.join(READERS_LOCK);
            // Keep the lock until the directory is gone so no reader can sneak in.
            let _guard = match File::open(&readers) {
                Ok(file) => match file.try_lock() {
                    Ok(()) => Some(file),
                    Err(TryLockError::WouldBlock) => continue,
                    Err(TryLockError::Error(e)) => return Err(RdfError::io(&readers)(e)),
                },
                // A build that crashed before creating the lock file.
                Err(e) if e.kind() == ErrorKind::NotFound => None,
                Err(e) => return Err(RdfError::io(&readers)(e)),
            };
            fs::remove_dir_all(&gen_dir).map_err(RdfError::io(&gen_dir))?;
        }
        Ok(())
    }
}

/// The generation the store at `dir` currently points to, or `None` before its first
/// build: a cheap check (one small file read) for long-running readers that follow the
/// store and reopen it when a build has switched generations.
pub fn current_generation(dir: impl AsRef<Path>) -> Result<Option<u64>> {
    read_pointer(dir.as_ref())
}

/// A read-only view of a store's current generation, for queries, exports and stats.
///
/// It keeps that generation readable for as long as it lives, even if a build switches
/// the store to a newer one meanwhile.
pub struct StoreReader {
    dir: PathBuf,
    db: PathBuf,
    generation: u64,
    store: Store,
    // Held shared for its lock, so writers do not delete this generation.
    _readers: File,
}

impl std::fmt::Debug for StoreReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoreReader")
            .field("dir", &self.dir)
            .field("generation", &self.generation)
            .finish_non_exhaustive()
    }
}

impl StoreReader {
    /// Opens the current generation of the store at `dir`.
    ///
    /// Fails with [`RdfError::NoStore`] when `dir` does not exist, [`RdfError::NotAStore`]
    /// when it is not an osintkg store and [`RdfError::EmptyStore`] before the first build.
    pub fn open(dir: impl AsRef<Path>) -> Result<StoreReader> {
        let (dir, generation, readers) = lock_current(dir.as_ref())?;
        let db = generation_dir(&dir, generation).join(DB_DIR);
        let store = Store::open_read_only(&db).map_err(RdfError::storage(&db))?;
        Ok(StoreReader {
            dir,
            db,
            generation,
            store,
            _readers: readers,
        })
    }

    /// The store directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The generation this reader sees.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The underlying oxigraph store, for callers that need its full API.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The extraction records stored, sorted by document id.
    pub fn records(&self) -> Result<Vec<DocumentRecord>> {
        records_from_store(&self.store, &self.db)
    }

    /// The knowledge graph, every mention and evidence sentence included: read from
    /// the generation's snapshot, or, for a store written before snapshots, resolved again
    /// from the stored records (see [`graph_from_store`]).
    pub fn load_graph(&self) -> Result<KnowledgeGraph> {
        let generation = generation_dir(&self.dir, self.generation);
        if generation.join(SNAPSHOT_FILE).exists() {
            GraphSnapshot::open_generation(&generation)?.graph()
        } else {
            graph_from_store(&self.store, &self.db)
        }
    }

    /// Number of quads in every graph.
    pub fn quad_count(&self) -> Result<u64> {
        Ok(self.store.len().map_err(RdfError::storage(&self.db))? as u64)
    }

    /// Runs a SPARQL query and writes its results to `out`.
    pub fn query(
        &self,
        query: &str,
        options: &QueryOptions,
        out: impl Write,
    ) -> Result<QueryOutcome> {
        run_query(&self.store, query, options, out)
    }

    /// Writes one graph, or the whole dataset, in `format` to `out`; see
    /// [`export_graph`](crate::export::export_graph).
    pub fn export_graph(
        &self,
        graph: &GraphSelection,
        format: ExportFormat,
        out: impl Write,
    ) -> Result<u64> {
        crate::export::export_graph_from(&self.store, &self.db, graph, format, out)
    }

    /// Starts a SPARQL query without writing its results; see
    /// [`start_query`](crate::query::start_query).
    pub fn start_query(&self, query: &str, options: &QueryOptions) -> Result<StartedQuery> {
        start_query(&self.store, query, options)
    }

    /// Writes the store in `format` to `out`; see [`export()`](fn@crate::export::export).
    pub fn export(
        &self,
        format: ExportFormat,
        with_ontology: bool,
        out: impl Write,
    ) -> Result<u64> {
        export_from(&self.store, &self.db, format, with_ontology, out)
    }

    /// Counts of what the store holds.
    pub fn stats(&self) -> Result<StoreStats> {
        let count = |class: NamedNodeRef<'_>, graph: Option<GraphNameRef<'_>>| -> Result<u64> {
            let mut n = 0;
            for quad in
                self.store
                    .quads_for_pattern(None, Some(rdf::TYPE), Some(class.into()), graph)
            {
                quad.map_err(RdfError::storage(&self.db))?;
                n += 1;
            }
            Ok(n)
        };
        let default = Some(GraphNameRef::DefaultGraph);
        let mut nodes_by_type = BTreeMap::new();
        for kind in EntityType::ALL {
            nodes_by_type.insert(
                kind.as_str().to_owned(),
                count(vocab::entity_class(kind), default)?,
            );
        }
        let mut events_by_type = BTreeMap::new();
        for kind in EventType::ALL {
            events_by_type.insert(
                kind.as_str().to_owned(),
                count(vocab::event_class(kind), default)?,
            );
        }
        Ok(StoreStats {
            path: self.dir.clone(),
            generation: self.generation,
            documents: count(vocab::DOCUMENT, None)?,
            nodes_by_type,
            events_by_type,
            facts: count(vocab::FACT, default)?,
            evidence: count(vocab::EVIDENCE, None)?,
            quads: self.quad_count()?,
            size_on_disk: tree_size(&generation_dir(&self.dir, self.generation))?,
        })
    }
}

/// Writes a complete RocksDB store of `quads` in `gen_dir` and syncs it; returns the
/// number of quads.
fn fill_generation(gen_dir: &Path, quads: impl IntoIterator<Item = Quad>) -> Result<u64> {
    fs::create_dir_all(gen_dir).map_err(RdfError::io(gen_dir))?;
    let readers = gen_dir.join(READERS_LOCK);
    File::create(&readers).map_err(RdfError::io(&readers))?;
    let db = gen_dir.join(DB_DIR);
    // Counted on the way in: `Store::len` would scan an index afterwards (2 s for 10M
    // quads), and the quads are distinct.
    let mut count = 0u64;
    {
        let store = Store::open(&db).map_err(RdfError::storage(&db))?;
        let mut loader = store.bulk_loader();
        loader
            .load_quads(quads.into_iter().inspect(|_| count += 1))
            .map_err(RdfError::storage(&db))?;
        loader.commit().map_err(RdfError::storage(&db))?;
        store.flush().map_err(RdfError::storage(&db))?;
    }
    sync_tree(gen_dir)?;
    Ok(count)
}

/// Finds the current generation of the store at `dir` and holds it for reading: the
/// returned lock file keeps writers from deleting it. Fails with [`RdfError::NoStore`]
/// when `dir` does not exist, [`RdfError::NotAStore`] when it is not an osintkg store and
/// [`RdfError::EmptyStore`] before the first build.
pub(crate) fn lock_current(dir: &Path) -> Result<(PathBuf, u64, File)> {
    let dir = dir.to_owned();
    match fs::metadata(&dir) {
        Err(e) if e.kind() == ErrorKind::NotFound => {
            return Err(RdfError::NoStore { path: dir });
        }
        Err(e) => return Err(RdfError::io(&dir)(e)),
        Ok(m) if !m.is_dir() => return Err(RdfError::NotAStore { path: dir }),
        Ok(_) => {}
    }
    check_marker(&dir)?;
    // A writer may switch generations between reading the pointer and locking the
    // generation; the pointer is read again under the lock until both agree.
    for _ in 0..16 {
        let Some(generation) = read_pointer(&dir)? else {
            return Err(RdfError::EmptyStore { path: dir });
        };
        let readers_path = generation_dir(&dir, generation).join(READERS_LOCK);
        let readers = match File::open(&readers_path) {
            Ok(file) => file,
            Err(e) if e.kind() == ErrorKind::NotFound => continue,
            Err(e) => return Err(RdfError::io(&readers_path)(e)),
        };
        readers.lock_shared().map_err(RdfError::io(&readers_path))?;
        if read_pointer(&dir)? != Some(generation) {
            continue;
        }
        return Ok((dir, generation, readers));
    }
    Err(RdfError::Corrupt {
        path: dir.join(POINTER_FILE),
        message: "the current generation kept changing or vanishing while opening".to_owned(),
    })
}

pub(crate) fn generation_dir(dir: &Path, generation: u64) -> PathBuf {
    dir.join(format!("{GENERATION_PREFIX}{generation}"))
}

fn check_marker(dir: &Path) -> Result<()> {
    let path = dir.join(MARKER_FILE);
    let bytes = match fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == ErrorKind::NotFound => {
            return Err(RdfError::NotAStore {
                path: dir.to_owned(),
            });
        }
        Err(e) => return Err(RdfError::io(&path)(e)),
    };
    match serde_json::from_slice::<Marker>(&bytes) {
        Ok(m) if m.format == FORMAT_NAME && m.version == FORMAT_VERSION => Ok(()),
        Ok(m) => Err(RdfError::UnsupportedVersion {
            path,
            found: format!("{} {}", m.format, m.version),
            expected: FORMAT_VERSION,
        }),
        Err(e) => Err(RdfError::Corrupt {
            path,
            message: e.to_string(),
        }),
    }
}

fn read_pointer(dir: &Path) -> Result<Option<u64>> {
    let path = dir.join(POINTER_FILE);
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(RdfError::io(&path)(e)),
    };
    text.trim()
        .strip_prefix(GENERATION_PREFIX)
        .and_then(|n| n.parse().ok())
        .map(Some)
        .ok_or_else(|| RdfError::Corrupt {
            path,
            message: format!("expected \"{GENERATION_PREFIX}<number>\", found {text:?}"),
        })
}

fn generations(dir: &Path) -> Result<Vec<u64>> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).map_err(RdfError::io(dir))? {
        let entry = entry.map_err(RdfError::io(dir))?;
        if let Some(n) = entry
            .file_name()
            .to_str()
            .and_then(|name| name.strip_prefix(GENERATION_PREFIX))
            .and_then(|n| n.parse().ok())
        {
            found.push(n);
        }
    }
    found.sort_unstable();
    Ok(found)
}

/// Replaces `dir/name` atomically: a reader sees the old content or the new, never a mix,
/// and after a crash the file is one of the two.
pub(crate) fn replace_file(dir: &Path, name: &str, content: &[u8]) -> Result<()> {
    let tmp = dir.join(format!(".{name}.tmp"));
    let target = dir.join(name);
    {
        let mut file = File::create(&tmp).map_err(RdfError::io(&tmp))?;
        file.write_all(content).map_err(RdfError::io(&tmp))?;
        file.sync_all().map_err(RdfError::io(&tmp))?;
    }
    fs::rename(&tmp, &target).map_err(RdfError::io(&target))?;
    sync_dir(dir)
}

fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(RdfError::io(dir))
}

/// Makes a finished generation durable before anything points to it.
pub(crate) fn sync_tree(dir: &Path) -> Result<()> {
    for entry in fs::read_dir(dir).map_err(RdfError::io(dir))? {
        let entry = entry.map_err(RdfError::io(dir))?;
        let path = entry.path();
        let kind = entry.file_type().map_err(RdfError::io(&path))?;
        if kind.is_dir() {
            sync_tree(&path)?;
        } else if kind.is_file() {
            File::open(&path)
                .and_then(|f| f.sync_all())
                .map_err(RdfError::io(&path))?;
        }
    }
    sync_dir(dir)
}

fn tree_size(dir: &Path) -> Result<u64> {
    let mut size = 0;
    for entry in fs::read_dir(dir).map_err(RdfError::io(dir))? {
        let entry = entry.map_err(RdfError::io(dir))?;
        let path = entry.path();
        let meta = entry.metadata().map_err(RdfError::io(&path))?;
        size += if meta.is_dir() {
            tree_size(&path)?
        } else {
            meta.len()
        };
    }
    Ok(size)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mapping::tests::{sample_quads, sample_records};
    use tempfile::TempDir;

    fn built_store() -> (TempDir, CommitStats) {
        let tmp = TempDir::new().unwrap();
        let records = sample_records();
        let mut writer = StoreWriter::open_or_create(tmp.path().join("kg")).unwrap();
        let stats = writer.commit(&records).unwrap();
        (tmp, stats)
    }

    #[test]
    fn round_trip_on_disk() {
        let (tmp, stats) = built_store();
        assert_eq!(stats.generation, 1);
        assert_eq!(stats.quads, sample_quads().len() as u64);
        let reader = StoreReader::open(tmp.path().join("kg")).unwrap();
        assert_eq!(reader.records().unwrap(), sample_records());
        assert_eq!(reader.quad_count().unwrap(), stats.quads);
        assert_eq!(
            reader.load_graph().unwrap(),
            KnowledgeGraph::from_records(&sample_records())
        );
        let s = reader.stats().unwrap();
        assert_eq!(s.documents, 2);
        assert_eq!(s.nodes_by_type["Organization"], 1);
        assert_eq!(s.events_by_type["Attack"], 1);
        assert_eq!(s.facts, 2);
        assert_eq!(s.evidence, 4);
        assert!(s.size_on_disk > 0);
        drop(reader);
        let writer = StoreWriter::open_or_create(tmp.path().join("kg")).unwrap();
        assert_eq!(writer.records().unwrap(), sample_records());
    }

    #[test]
    fn a_second_commit_replaces_the_first_and_removes_it() {
        let (tmp, _) = built_store();
        let dir = tmp.path().join("kg");
        let records = &sample_records()[..1];
        let mut writer = StoreWriter::open_or_create(&dir).unwrap();
        let stats = writer.commit(records).unwrap();
        assert_eq!(stats.generation, 2);
        let reader = StoreReader::open(&dir).unwrap();
        assert_eq!(reader.records().unwrap(), records);
        assert_eq!(generations(&dir).unwrap(), vec![2]);
    }

    #[test]
    fn an_interrupted_build_leaves_the_old_generation() {
        let (tmp, first) = built_store();
        let dir = tmp.path().join("kg");
        {
            let writer = StoreWriter::open_or_create(&dir).unwrap();
            let (generation, _) = writer.prepare_generation(Vec::new()).unwrap();
            assert_eq!(generation, 2);
            // Dropped here without switching: as if the process died.
        }
        let reader = StoreReader::open(&dir).unwrap();
        assert_eq!(reader.generation(), 1);
        assert_eq!(reader.quad_count().unwrap(), first.quads);
        drop(reader);
        // The next writer cleans the debris up and numbers past it.
        let mut writer = StoreWriter::open_or_create(&dir).unwrap();
        assert_eq!(generations(&dir).unwrap(), vec![1]);
        // The same documents again write nothing; others write generation 2.
        let records = sample_records();
        assert_eq!(writer.commit(&records).unwrap().generation, 1);
        assert_eq!(writer.commit(&records[..1]).unwrap().generation, 2);
    }

    #[test]
    fn a_reader_keeps_its_generation_through_a_commit() {
        let (tmp, first) = built_store();
        let dir = tmp.path().join("kg");
        let reader = StoreReader::open(&dir).unwrap();
        let mut writer = StoreWriter::open_or_create(&dir).unwrap();
        writer.commit_quads(Vec::new()).unwrap();
        assert_eq!(reader.quad_count().unwrap(), first.quads);
        assert_eq!(generations(&dir).unwrap(), vec![1, 2]);
        drop(reader);
        assert_eq!(StoreReader::open(&dir).unwrap().quad_count().unwrap(), 0);
        writer.commit_quads(Vec::new()).unwrap();
        assert_eq!(generations(&dir).unwrap(), vec![3]);
    }

    #[test]
    fn a_second_writer_fails_fast() {
        let tmp = TempDir::new().unwrap();
        let _first = StoreWriter::open_or_create(tmp.path()).unwrap();
        let err = StoreWriter::open_or_create(tmp.path()).unwrap_err();
        assert!(matches!(err, RdfError::Locked { .. }), "{err}");
        assert!(err.to_string().contains(&tmp.path().display().to_string()));
    }

    #[test]
    fn directories_that_are_not_stores_are_refused() {
        let tmp = TempDir::new().unwrap();
        fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
        let err = StoreWriter::open_or_create(tmp.path()).unwrap_err();
        assert!(matches!(err, RdfError::NotAStore { .. }), "{err}");
        assert!(err.to_string().contains(&tmp.path().display().to_string()));
        let err = StoreReader::open(tmp.path()).unwrap_err();
        assert!(matches!(err, RdfError::NotAStore { .. }), "{err}");
        assert!(err.to_string().contains(MARKER_FILE), "{err}");
        let err = StoreReader::open(tmp.path().join("missing")).unwrap_err();
        assert!(matches!(err, RdfError::NoStore { .. }), "{err}");
        let empty = tmp.path().join("empty");
        drop(StoreWriter::open_or_create(&empty).unwrap());
        let err = StoreReader::open(&empty).unwrap_err();
        assert!(matches!(err, RdfError::EmptyStore { .. }), "{err}");
        fs::write(
            empty.join(MARKER_FILE),
            r#"{"format":"osintkg-store","version":99}"#,
        )
        .unwrap();
        let err = StoreReader::open(&empty).unwrap_err();
        assert!(matches!(err, RdfError::UnsupportedVersion { .. }), "{err}");
    }
}
