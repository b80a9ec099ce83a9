//! The graph snapshot written with every generation, and the sentence files beside it.
//!
//! Reading the graph back from the quads means reading every stored record and resolving
//! them again: 1.6 s for 3,800 documents, for every `path` or `show`. A generation
//! therefore also holds `graph.snap`, a binary file with the corpus summaries and the
//! resolution (nodes with their members and merge reasons, edges with references to their
//! evidence), and `sentences-<n>.bin` files with the evidence sentences. The snapshot is
//! written before the generation becomes current and never changed after, so it is as
//! atomic as the quads beside it.
//!
//! The file is a header of section offsets followed by sections, so that a reader loads
//! only what it needs: the read commands open the strings, the nodes, the edges and the
//! name index ([`GraphSnapshot::open`]) and fetch one document, one node's members or one
//! edge's evidence by offset when they print it; an incremental build reads everything
//! ([`read_state`]). Sentence files are never rewritten: a later generation links to them
//! and adds a file for its new documents.

use crate::Result;
use crate::error::RdfError;
use memmap2::Mmap;
use osintkg_graph::columns::{
    self, Bytes, EDGE_RECORD, EdgeTable, Rows, SharedBuffer, StringTable,
};
use osintkg_graph::corpus::{
    DocSummary, EntitySummary, EvidenceSummary, MetaSummary, RelationSummary, SentenceRef,
    SentenceSink, Sentences, Sym,
};
use osintkg_graph::names::normalize;
use osintkg_graph::resolve::{
    Apart, EvidenceAt, Member, Reason, ResolvedEdge, ResolvedNode, apart_text, member_mentions,
    reason_text,
};
use osintkg_graph::view::{EdgeWeight, ViewEdge, partition_point};
use osintkg_graph::{
    Corpus, Edge, EdgeKey, EntityType, EventType, Evidence, GraphView, Interner, KnowledgeGraph,
    Lookup, Merge, NameTable, Node, Predicate, Resolution, Span, StringColumn,
    aggregate_confidence,
};
use rayon::prelude::*;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fs::File;
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// The snapshot's file name in a generation directory.
pub const SNAPSHOT_FILE: &str = "graph.snap";
const MAGIC: [u8; 8] = *b"OKGSNAP\x01";
/// Version 2 added the reader's sections (keys, node facts, dates, node index) after
/// version 1's, which it leaves unchanged: an incremental build still reads a version 1
/// file, and the read commands ask for one build to rewrite it. Version 3 added where
/// each document's relations start. Version 4 added the adjacency rows, which the read
/// commands map and walk in place instead of building them.
const VERSION: u32 = 4;
/// The oldest version the read commands open.
const READABLE: u32 = 4;

/// The sections, in file order.
#[derive(Debug, Clone, Copy)]
enum Section {
    Strings,
    Docs,
    DocIndex,
    Order,
    Nodes,
    Members,
    MemberIndex,
    Edges,
    Evidence,
    EvidenceIndex,
    Names,
    Meta,
    Assignment,
    AssignmentIndex,
    /// Node keys, as a string table: what `path` needs of every node, without decoding
    /// the nodes.
    Keys,
    /// Per node, fixed size: type, event type, support, confidence.
    Facts,
    /// Per node, as a string table: the event date ("" for none).
    Dates,
    /// Offsets of the records of `Nodes`, so that one node is read alone.
    NodeIndex,
    /// Per document, where its relations (the last field of its record) start in the
    /// record: an edge's evidence names a relation of a document, and decoding the
    /// document's entities to reach it was most of the cost of printing evidence.
    DocRelations,
    /// Per node, the u64 end of its adjacency row in `Rows` ([`Rows`]).
    RowEnds,
    /// The adjacency rows: per node, the u32 positions of the edges at it.
    Rows,
}
const SECTIONS: usize = 21;
/// The sections of a version 1 file: the first 14; of a version 2 file: the first 18; of
/// a version 3 file: the first 19.
const V1_SECTIONS: usize = 14;
const V2_SECTIONS: usize = 18;
const V3_SECTIONS: usize = 19;
const HEADER: u64 = 8 + 4 + 4 + SECTIONS as u64 * 16;

/// The file of a sentence segment.
pub fn segment_file(dir: &Path, segment: u32) -> PathBuf {
    dir.join(format!("sentences-{segment}.bin"))
}

// ---------------------------------------------------------------------------------------
// Encoding and decoding

struct Enc<W: Write> {
    w: W,
    pos: u64,
}

impl<W: Write> Enc<W> {
    fn bytes(&mut self, b: &[u8]) -> io::Result<()> {
        self.w.write_all(b)?;
        self.pos += b.len() as u64;
        Ok(())
    }
    fn len(&mut self, n: usize) -> io::Result<()> {
        self.put(&u32::try_from(n).map_err(io::Error::other)?)
    }
    fn put<T: Field>(&mut self, value: &T) -> io::Result<()> {
        value.put(self)
    }
}

struct Dec<'a> {
    data: &'a [u8],
    pos: usize,
}

type Decoded<T> = std::result::Result<T, String>;

impl<'a> Dec<'a> {
    fn new(data: &'a [u8]) -> Self {
        Dec { data, pos: 0 }
    }
    fn take(&mut self, n: usize) -> Decoded<&'a [u8]> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|end| *end <= self.data.len())
            .ok_or_else(|| format!("truncated at byte {}", self.pos))?;
        let bytes = &self.data[self.pos..end];
        self.pos = end;
        Ok(bytes)
    }
    fn array<const N: usize>(&mut self) -> Decoded<[u8; N]> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }
    fn u32(&mut self) -> Decoded<u32> {
        self.get()
    }
    fn u64(&mut self) -> Decoded<u64> {
        self.get()
    }
    fn usize(&mut self) -> Decoded<usize> {
        usize::try_from(self.u64()?).map_err(|e| e.to_string())
    }
    fn len(&mut self) -> Decoded<usize> {
        let n = self.u32()? as usize;
        // Every element takes a byte at least: a bigger count is corruption, and
        // checking it here keeps a bad file from reserving gigabytes.
        if n > self.data.len() - self.pos {
            return Err(format!("count {n} past the end of the section"));
        }
        Ok(n)
    }
    fn get<T: Field>(&mut self) -> Decoded<T> {
        T::get(self)
    }
}

/// A value the snapshot stores. Each type is written and read back by one impl, and a
/// record by the list of its fields ([`fields!`]), so that the two directions cannot
/// drift apart.
trait Field: Sized {
    fn put<W: Write>(&self, e: &mut Enc<W>) -> io::Result<()>;
    fn get(d: &mut Dec<'_>) -> Decoded<Self>;
}

/// Little-endian integers.
macro_rules! integers {
    ($($int:ty),+) => {$(
        impl Field for $int {
            fn put<W: Write>(&self, e: &mut Enc<W>) -> io::Result<()> {
                e.bytes(&self.to_le_bytes())
            }
            fn get(d: &mut Dec<'_>) -> Decoded<Self> {
                Ok(<$int>::from_le_bytes(d.array()?))
            }
        }
    )+};
}
integers!(u8, u32, u64);

impl Field for f64 {
    fn put<W: Write>(&self, e: &mut Enc<W>) -> io::Result<()> {
        e.put(&self.to_bits())
    }
    fn get(d: &mut Dec<'_>) -> Decoded<Self> {
        Ok(f64::from_bits(d.get()?))
    }
}

impl Field for String {
    fn put<W: Write>(&self, e: &mut Enc<W>) -> io::Result<()> {
        e.len(self.len())?;
        e.bytes(self.as_bytes())
    }
    fn get(d: &mut Dec<'_>) -> Decoded<Self> {
        let n = d.len()?;
        std::str::from_utf8(d.take(n)?)
            .map(str::to_owned)
            .map_err(|e| e.to_string())
    }
}

impl Field for Sym {
    fn put<W: Write>(&self, e: &mut Enc<W>) -> io::Result<()> {
        e.put(&self.raw())
    }
    fn get(d: &mut Dec<'_>) -> Decoded<Self> {
        Sym::from_raw(d.u32()?).ok_or_else(|| "missing string".to_owned())
    }
}

/// An optional string is its symbol or 0.
impl Field for Option<Sym> {
    fn put<W: Write>(&self, e: &mut Enc<W>) -> io::Result<()> {
        e.put(&self.map_or(0, Sym::raw))
    }
    fn get(d: &mut Dec<'_>) -> Decoded<Self> {
        Ok(Sym::from_raw(d.u32()?))
    }
}

/// An optional count is a flag byte and the count.
impl Field for Option<u64> {
    fn put<W: Write>(&self, e: &mut Enc<W>) -> io::Result<()> {
        match self {
            None => e.put(&0u8),
            Some(v) => {
                e.put(&1u8)?;
                e.put(v)
            }
        }
    }
    fn get(d: &mut Dec<'_>) -> Decoded<Self> {
        match d.get::<u8>()? {
            0 => Ok(None),
            _ => Ok(Some(d.u64()?)),
        }
    }
}

impl Field for Span {
    fn put<W: Write>(&self, e: &mut Enc<W>) -> io::Result<()> {
        e.put(&(self.start as u64))?;
        e.put(&(self.end as u64))
    }
    fn get(d: &mut Dec<'_>) -> Decoded<Self> {
        Ok(Span::new(d.usize()?, d.usize()?))
    }
}

/// A value of a closed vocabulary is its position in the vocabulary's `ALL`.
fn position<T: PartialEq>(all: &[T], value: &T) -> u8 {
    all.iter().position(|v| v == value).unwrap_or(0) as u8
}

fn at<T: Copy>(all: &[T], code: u8, what: &str) -> Decoded<T> {
    all.get(code as usize)
        .copied()
        .ok_or_else(|| format!("unknown {what} {code}"))
}

impl Field for EntityType {
    fn put<W: Write>(&self, e: &mut Enc<W>) -> io::Result<()> {
        e.put(&position(&EntityType::ALL, self))
    }
    fn get(d: &mut Dec<'_>) -> Decoded<Self> {
        at(&EntityType::ALL, d.get()?, "entity type")
    }
}

impl Field for Predicate {
    fn put<W: Write>(&self, e: &mut Enc<W>) -> io::Result<()> {
        e.put(&position(&Predicate::ALL, self))
    }
    fn get(d: &mut Dec<'_>) -> Decoded<Self> {
        at(&Predicate::ALL, d.get()?, "predicate")
    }
}

/// No event type is `u8::MAX`.
impl Field for Option<EventType> {
    fn put<W: Write>(&self, e: &mut Enc<W>) -> io::Result<()> {
        e.put(&self.map_or(u8::MAX, |k| position(&EventType::ALL, &k)))
    }
    fn get(d: &mut Dec<'_>) -> Decoded<Self> {
        match d.get()? {
            u8::MAX => Ok(None),
            code => at(&EventType::ALL, code, "event type").map(Some),
        }
    }
}

/// A list is its length and its elements.
impl<T: Field> Field for Vec<T> {
    fn put<W: Write>(&self, e: &mut Enc<W>) -> io::Result<()> {
        e.len(self.len())?;
        self.iter().try_for_each(|x| x.put(e))
    }
    fn get(d: &mut Dec<'_>) -> Decoded<Self> {
        // Sized up front: collecting a `Result` iterator gives no size hint, and growing
        // by doubling copied the 361k edges of a 100 MB corpus's store five times.
        let len = d.len()?;
        let mut items = Vec::with_capacity(len);
        for _ in 0..len {
            items.push(T::get(d)?);
        }
        Ok(items)
    }
}

impl<T: Field> Field for Box<[T]> {
    fn put<W: Write>(&self, e: &mut Enc<W>) -> io::Result<()> {
        e.len(self.len())?;
        self.iter().try_for_each(|x| x.put(e))
    }
    fn get(d: &mut Dec<'_>) -> Decoded<Self> {
        <Vec<T> as Field>::get(d).map(Vec::into_boxed_slice)
    }
}

impl<A: Field, B: Field> Field for (A, B) {
    fn put<W: Write>(&self, e: &mut Enc<W>) -> io::Result<()> {
        self.0.put(e)?;
        self.1.put(e)
    }
    fn get(d: &mut Dec<'_>) -> Decoded<Self> {
        Ok((A::get(d)?, B::get(d)?))
    }
}

/// A record is its fields in order: one list for writing and reading.
macro_rules! fields {
    ($($record:ident { $($field:ident),+ $(,)? })+) => {$(
        impl Field for $record {
            fn put<W: Write>(&self, e: &mut Enc<W>) -> io::Result<()> {
                $(self.$field.put(e)?;)+
                Ok(())
            }
            fn get(d: &mut Dec<'_>) -> Decoded<Self> {
                Ok($record { $($field: Field::get(d)?,)+ })
            }
        }
    )+};
}

fields! {
    Member { doc, entity }
    SentenceRef { segment, offset, len }
    MetaSummary { file, title, date, url, lang, sha256 }
    EntitySummary {
        id, kind, event_type, name, mentions, spans, date, kb, wikidata, confidence, killed,
        injured,
    }
    EvidenceSummary { doc, span, rule, confidence, sentence }
    RelationSummary { subject, predicate, object, evidence }
    DocSummary { doc, meta, entities, relations }
    NodeCore {
        key, kind, event_type, name, aliases, kb, wikidata, date, killed, injured, support,
        confidence,
    }
    NodeFacts { kind, event_type, support, confidence }
    EvidenceAt { doc, relation, evidence }
    SnapshotMeta { segments, quads }
}

/// A merge reason is a tag byte (`u8::MAX` for none) and what it names.
impl Field for Option<Reason> {
    fn put<W: Write>(&self, e: &mut Enc<W>) -> io::Result<()> {
        match self {
            None => e.put(&u8::MAX),
            Some(Reason::SameKb) => e.put(&0u8),
            Some(Reason::SameName(name)) => e.put(&(1u8, *name)),
            Some(Reason::SimilarNames(similarity)) => e.put(&(2u8, *similarity)),
            Some(Reason::SharedParticipant(members)) => e.put(&3u8).and_then(|()| e.put(members)),
            Some(Reason::SameSite(members)) => e.put(&4u8).and_then(|()| e.put(members)),
            Some(Reason::Surname(names)) => e.put(&5u8).and_then(|()| e.put(names)),
            Some(Reason::SameSurname(names)) => e.put(&6u8).and_then(|()| e.put(names)),
        }
    }
    fn get(d: &mut Dec<'_>) -> Decoded<Self> {
        Ok(Some(match d.get::<u8>()? {
            u8::MAX => return Ok(None),
            0 => Reason::SameKb,
            1 => Reason::SameName(d.get()?),
            2 => Reason::SimilarNames(d.get()?),
            3 => Reason::SharedParticipant(d.get()?),
            4 => Reason::SameSite(d.get()?),
            5 => Reason::Surname(d.get()?),
            6 => Reason::SameSurname(d.get()?),
            other => return Err(format!("unknown merge reason {other}")),
        }))
    }
}

/// Why two members were kept apart: a tag byte and the members it names.
impl Field for Apart {
    fn put<W: Write>(&self, e: &mut Enc<W>) -> io::Result<()> {
        match self {
            Apart::Competing(members) => {
                e.put(&0u8)?;
                e.put(members)
            }
            Apart::NoSharedContext(member) => e.put(&(1u8, *member)),
        }
    }
    fn get(d: &mut Dec<'_>) -> Decoded<Self> {
        match d.get::<u8>()? {
            0 => Ok(Apart::Competing(d.get()?)),
            1 => Ok(Apart::NoSharedContext(d.get()?)),
            other => Err(format!("unknown separation {other}")),
        }
    }
}

/// A node as the readers hold it: everything but its members.
#[derive(Debug, Clone)]
struct NodeCore {
    key: String,
    kind: EntityType,
    event_type: Option<EventType>,
    name: Sym,
    aliases: Vec<Sym>,
    kb: Option<Sym>,
    wikidata: Option<Sym>,
    date: Option<Sym>,
    killed: Option<u64>,
    injured: Option<u64>,
    support: u32,
    confidence: f64,
}

/// What the read commands read of a node besides its key, in place.
#[derive(Debug, Clone, Copy, PartialEq)]
struct NodeFacts {
    kind: EntityType,
    event_type: Option<EventType>,
    support: u32,
    confidence: f64,
}

/// A value of a fixed encoded size: a list of them is decoded in pieces
/// ([`SnapshotFile::records`]), never read whole.
trait Fixed: Sized {
    /// Encoded bytes.
    const SIZE: usize;
    fn get_fixed(d: &mut Dec<'_>) -> Decoded<Self>;
}

macro_rules! fixed {
    ($($record:ty = $size:expr),+ $(,)?) => {$(
        impl Fixed for $record {
            const SIZE: usize = $size;
            fn get_fixed(d: &mut Dec<'_>) -> Decoded<Self> {
                d.get()
            }
        }
    )+};
}
fixed! {
    NodeFacts = 1 + 1 + 4 + 8,
}

/// A position or length, stored as a u64.
impl Fixed for usize {
    const SIZE: usize = 8;
    fn get_fixed(d: &mut Dec<'_>) -> Decoded<Self> {
        d.usize()
    }
}

type MemberList = (Vec<Member>, Vec<Option<Reason>>, Vec<(Member, Apart)>);

/// A node's members with the reasons they joined it, then the members kept apart.
fn write_members<W: Write>(e: &mut Enc<W>, node: &ResolvedNode) -> io::Result<()> {
    e.len(node.members.len())?;
    for (member, reason) in node.members.iter().zip(&node.reasons) {
        e.put(member)?;
        e.put(reason)?;
    }
    e.put(&node.kept_apart)
}

fn read_members(d: &mut Dec<'_>) -> Decoded<MemberList> {
    let (members, reasons): (Vec<Member>, Vec<Option<Reason>>) = (0..d.len()?)
        .map(|_| d.get::<(Member, Option<Reason>)>())
        .collect::<Decoded<Vec<_>>>()?
        .into_iter()
        .unzip();
    Ok((members, reasons, d.get()?))
}

/// What a node is worth to a reader without its members: support and confidence.
fn node_support(corpus: &Corpus, node: &ResolvedNode) -> (u32, f64) {
    let mut docs: Vec<u32> = node.members.iter().map(|m| m.doc).collect();
    docs.sort_unstable();
    docs.dedup();
    let confidence = aggregate_confidence(node.members.iter().filter_map(|m| {
        corpus
            .docs()
            .get(m.doc as usize)?
            .entities
            .get(m.entity as usize)
            .map(|e| e.confidence)
    }));
    (docs.len() as u32, confidence)
}

/// Name index entries: the lowercased key (kind 2), the normalised canonical name (1)
/// and aliases (0) of every node, sorted, one entry per (text, node).
fn name_entries(corpus: &Corpus, nodes: &[ResolvedNode]) -> Vec<(String, u32, u8)> {
    let mut entries: Vec<(String, u32, u8)> = nodes
        .par_iter()
        .enumerate()
        .flat_map_iter(|(i, node)| {
            let i = i as u32;
            let mut own = vec![(node.key.to_lowercase(), i, 2)];
            let names = std::iter::once(node.name).chain(node.aliases.iter().copied());
            for (n, name) in names.enumerate() {
                let normalized = normalize(corpus.strings.get(name));
                if !normalized.is_empty() {
                    own.push((normalized, i, u8::from(n == 0)));
                }
            }
            own
        })
        .collect();
    entries.par_sort_unstable();
    // Keys and names never share an entry; a name that is both canonical and an alias
    // of one node is canonical.
    entries.dedup_by(|later, kept| {
        let same = later.0 == kept.0 && later.1 == kept.1 && (later.2 == 2) == (kept.2 == 2);
        if same {
            kept.2 = kept.2.max(later.2);
        }
        same
    });
    entries
}

/// What a snapshot says about its generation besides the graph.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SnapshotMeta {
    /// The sentence files the corpus refers to.
    pub segments: Vec<u32>,
    /// Quads in the generation's store.
    pub quads: u64,
}

/// Writes the snapshot of a resolved corpus to `path`, synced.
pub fn write_snapshot(
    path: &Path,
    corpus: &Corpus,
    resolution: &Resolution,
    meta: &SnapshotMeta,
) -> Result<()> {
    write(path, corpus, resolution, meta).map_err(RdfError::io(path))
}

fn write(
    path: &Path,
    corpus: &Corpus,
    resolution: &Resolution,
    meta: &SnapshotMeta,
) -> io::Result<()> {
    let file = File::create(path)?;
    let mut e = Enc {
        w: BufWriter::with_capacity(1 << 20, file),
        pos: 0,
    };
    e.bytes(&[0u8; HEADER as usize])?;
    let mut table = [(0u64, 0u64); SECTIONS];
    let t = &mut table;
    section(&mut e, t, Section::Strings, &mut |e: &mut Enc<_>| {
        let (text, ends) = corpus.strings.parts();
        write_table(e, text, ends)
    })?;
    let docs = corpus.docs();
    let mut relations_at = Vec::with_capacity(docs.len());
    indexed(
        &mut e,
        t,
        Section::Docs,
        Section::DocIndex,
        docs.len(),
        &mut |e: &mut Enc<_>, i| {
            // A `DocSummary` field by field, in the order of its `fields!` entry (the
            // reader decodes it whole), noting where its last field, the relations,
            // starts.
            let DocSummary {
                doc,
                meta,
                entities,
                relations,
            } = &docs[i];
            let start = e.pos;
            e.put(doc)?;
            e.put(meta)?;
            e.put(entities)?;
            relations_at.push(e.pos - start);
            e.put(relations)
        },
    )?;
    section(&mut e, t, Section::Order, &mut |e: &mut Enc<_>| {
        e.put(&resolution.order)
    })?;
    let mut node_offsets = Vec::with_capacity(resolution.nodes.len());
    let mut facts = Vec::with_capacity(resolution.nodes.len());
    section(&mut e, t, Section::Nodes, &mut |e: &mut Enc<_>| {
        let start = e.pos;
        e.len(resolution.nodes.len())?;
        for node in &resolution.nodes {
            let (support, confidence) = node_support(corpus, node);
            node_offsets.push(e.pos - start);
            facts.push(NodeFacts {
                kind: node.kind,
                event_type: node.event_type,
                support,
                confidence,
            });
            e.put(&NodeCore {
                key: node.key.clone(),
                kind: node.kind,
                event_type: node.event_type,
                name: node.name,
                aliases: node.aliases.clone(),
                kb: node.kb,
                wikidata: node.wikidata,
                date: node.date,
                killed: node.killed,
                injured: node.injured,
                support,
                confidence,
            })?;
        }
        Ok(())
    })?;
    let nodes = &resolution.nodes;
    indexed(
        &mut e,
        t,
        Section::Members,
        Section::MemberIndex,
        nodes.len(),
        &mut |e: &mut Enc<_>, i| write_members(e, &nodes[i]),
    )?;
    // The edges as the view's records ([`columns::encode`]), which the read commands
    // use in place.
    section(&mut e, t, Section::Edges, &mut |e: &mut Enc<_>| {
        e.len(resolution.edges.len())?;
        let mut record = Vec::with_capacity(EDGE_RECORD);
        resolution.edges.iter().try_for_each(|edge| {
            record.clear();
            columns::encode(&view_edge(edge), &mut record);
            e.bytes(&record)
        })
    })?;
    let edges = &resolution.edges;
    indexed(
        &mut e,
        t,
        Section::Evidence,
        Section::EvidenceIndex,
        edges.len(),
        &mut |e: &mut Enc<_>, i| e.put(&edges[i].evidence),
    )?;
    let names = name_entries(corpus, &resolution.nodes);
    section(&mut e, t, Section::Names, &mut |e: &mut Enc<_>| {
        e.len(names.len())?;
        let mut offset = 0u64;
        for (text, node, kind) in &names {
            e.put(&u32::try_from(offset).map_err(io::Error::other)?)?;
            e.len(text.len())?;
            e.put(node)?;
            e.put(kind)?;
            offset += text.len() as u64;
        }
        e.put(&offset)?;
        names
            .iter()
            .try_for_each(|(text, _, _)| e.bytes(text.as_bytes()))
    })?;
    let assignment = &resolution.assignment;
    indexed(
        &mut e,
        t,
        Section::Assignment,
        Section::AssignmentIndex,
        assignment.len(),
        &mut |e: &mut Enc<_>, i| e.put(&assignment[i]),
    )?;
    section(&mut e, t, Section::Meta, &mut |e: &mut Enc<_>| e.put(meta))?;
    section(&mut e, t, Section::Keys, &mut |e: &mut Enc<_>| {
        let keys = resolution.nodes.iter().map(|n| n.key.as_str());
        write_column(e, keys)
    })?;
    section(&mut e, t, Section::Facts, &mut |e: &mut Enc<_>| {
        e.put(&facts)
    })?;
    section(&mut e, t, Section::Dates, &mut |e: &mut Enc<_>| {
        let dates = resolution
            .nodes
            .iter()
            .map(|n| corpus.strings.get_opt(n.date).unwrap_or(""));
        write_column(e, dates)
    })?;
    section(&mut e, t, Section::NodeIndex, &mut |e: &mut Enc<_>| {
        node_offsets.iter().try_for_each(|o| e.put(o))
    })?;
    section(&mut e, t, Section::DocRelations, &mut |e: &mut Enc<_>| {
        relations_at.iter().try_for_each(|o| e.put(o))
    })?;
    let rows = Rows::build_with(nodes.len(), edges.len(), |i| {
        edges.get(i).map(|edge| (edge.subject, edge.object))
    });
    let (row_ends, row_entries) = rows.parts();
    section(&mut e, t, Section::RowEnds, &mut |e: &mut Enc<_>| {
        e.bytes(row_ends)
    })?;
    section(&mut e, t, Section::Rows, &mut |e: &mut Enc<_>| {
        e.bytes(row_entries)
    })?;

    let mut file = e.w.into_inner().map_err(|e| e.into_error())?;
    file.seek(SeekFrom::Start(0))?;
    let mut header = Vec::with_capacity(HEADER as usize);
    header.extend_from_slice(&MAGIC);
    header.extend_from_slice(&VERSION.to_le_bytes());
    header.extend_from_slice(&(SECTIONS as u32).to_le_bytes());
    for (offset, len) in table {
        header.extend_from_slice(&offset.to_le_bytes());
        header.extend_from_slice(&len.to_le_bytes());
    }
    file.write_all(&header)?;
    file.sync_all()
}

/// What the view keeps of a resolved edge.
fn view_edge(edge: &ResolvedEdge) -> ViewEdge {
    ViewEdge {
        subject: edge.subject,
        object: edge.object,
        weight: EdgeWeight {
            predicate: edge.predicate,
            support: edge.support,
            confidence: edge.confidence,
        },
    }
}

/// Writes one section and notes where it lies in the table.
fn section<W: Write>(
    e: &mut Enc<W>,
    table: &mut [(u64, u64); SECTIONS],
    which: Section,
    body: &mut dyn FnMut(&mut Enc<W>) -> io::Result<()>,
) -> io::Result<()> {
    let start = e.pos;
    body(e)?;
    table[which as usize] = (start, e.pos - start);
    Ok(())
}

/// Writes a section of `count` entries, then the section of their offsets, so that a
/// reader can fetch one entry.
fn indexed<W: Write>(
    e: &mut Enc<W>,
    table: &mut [(u64, u64); SECTIONS],
    which: Section,
    index: Section,
    count: usize,
    entry: &mut dyn FnMut(&mut Enc<W>, usize) -> io::Result<()>,
) -> io::Result<()> {
    let mut offsets = Vec::with_capacity(count);
    section(e, table, which, &mut |e| {
        let start = e.pos;
        for i in 0..count {
            offsets.push(e.pos - start);
            entry(e, i)?;
        }
        Ok(())
    })?;
    section(e, table, index, &mut |e| {
        offsets.iter().try_for_each(|o| e.put(o))
    })
}

/// A string table: the count, the end of each string, the text's length, the text.
fn write_table<W: Write>(e: &mut Enc<W>, text: &str, ends: &[usize]) -> io::Result<()> {
    e.put(&(ends.len() as u64))?;
    ends.iter().try_for_each(|end| e.put(&(*end as u64)))?;
    e.put(&(text.len() as u64))?;
    e.bytes(text.as_bytes())
}

/// A string table of the given strings, in order.
fn write_column<'s, W: Write>(
    e: &mut Enc<W>,
    strings: impl Iterator<Item = &'s str>,
) -> io::Result<()> {
    let mut text = String::new();
    let mut ends = Vec::new();
    for s in strings {
        text.push_str(s);
        ends.push(text.len());
    }
    write_table(e, &text, &ends)
}

/// An open snapshot file: its section table, and reads of sections or parts of them,
/// copied out (what is decoded) or in place in its memory map (the view's columns).
struct SnapshotFile {
    path: PathBuf,
    file: File,
    map: SharedBuffer,
    version: u32,
    table: [(u64, u64); SECTIONS],
}

impl std::fmt::Debug for SnapshotFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SnapshotFile")
            .field("path", &self.path)
            .field("version", &self.version)
            .finish_non_exhaustive()
    }
}

/// Maps a snapshot file for reading.
///
/// The one unsafe call of the crate: a map is undefined behaviour if the file changes
/// while it is mapped. A generation's files are written whole and synced before the
/// generation becomes current, never written again, and deleted only when no reader
/// holds the store's readers lock (which every [`GraphSnapshot`] holds), so osintkg
/// itself never changes a mapped file; another program truncating it would end the
/// reader with SIGBUS, as it would `rg` or any reader of mapped files.
#[allow(unsafe_code)]
fn map_file(file: &File) -> io::Result<Mmap> {
    // SAFETY: see above: the file is immutable for as long as the map lives.
    unsafe { Mmap::map(file) }
}

impl SnapshotFile {
    fn open(path: &Path) -> Result<SnapshotFile> {
        let file = File::open(path).map_err(RdfError::io(path))?;
        let unreadable = |e: io::Error| corrupt(path, format!("unreadable header: {e}"));
        let mut start = [0u8; 16];
        file.read_exact_at(&mut start, 0).map_err(unreadable)?;
        let mut d = Dec::new(&start);
        let parsed = (|| -> Decoded<(u32, usize)> {
            if d.take(8)? != MAGIC {
                return Err("not an osintkg graph snapshot".to_owned());
            }
            let version = d.u32()?;
            let sections = match version {
                1 => V1_SECTIONS,
                2 => V2_SECTIONS,
                3 => V3_SECTIONS,
                VERSION => SECTIONS,
                _ => return Err(format!("snapshot version {version}, expected {VERSION}")),
            };
            if d.u32()? as usize != sections {
                return Err("wrong number of sections".to_owned());
            }
            Ok((version, sections))
        })();
        let (version, sections) = parsed.map_err(|m| corrupt(path, m))?;
        let mut entries = vec![0u8; sections * 16];
        file.read_exact_at(&mut entries, 16).map_err(unreadable)?;
        let mut table = [(0, 0); SECTIONS];
        for (slot, entry) in table.iter_mut().zip(entries.chunks_exact(16)) {
            let (offset, len) = entry.split_at(8);
            *slot = (
                u64::from_le_bytes(offset.try_into().unwrap_or_default()),
                u64::from_le_bytes(len.try_into().unwrap_or_default()),
            );
        }
        let map = map_file(&file).map_err(RdfError::io(path))?;
        let size = map.len() as u64;
        if table
            .iter()
            .any(|(offset, len)| offset.checked_add(*len).is_none_or(|end| end > size))
        {
            return Err(corrupt(path, "a section lies past the end of the file"));
        }
        Ok(SnapshotFile {
            path: path.to_owned(),
            file,
            map: Arc::new(map),
            version,
            table,
        })
    }

    /// A string table section, read in two parts so that the text is never copied.
    fn table(&self, section: Section) -> Result<StringColumn> {
        let (count, text_at, len) = self.table_layout(section)?;
        let ends = self.records::<usize>(section, 8, count)?;
        let text = self.read(section, text_at, len)?;
        let text = String::from_utf8(text).map_err(|e| corrupt(&self.path, e.to_string()))?;
        StringColumn::from_parts(text, ends).map_err(|m| corrupt(&self.path, m))
    }

    /// A string table section's count of strings, where its text starts and the text's
    /// length (the table is the count, the u64 end of each string, the text's length and
    /// the text).
    fn table_layout(&self, section: Section) -> Result<(u64, u64, u64)> {
        let count = self.u64_at(section, 0)?;
        let ends_len = count
            .checked_mul(8)
            .filter(|n| n + 16 <= self.table[section as usize].1)
            .ok_or_else(|| corrupt(&self.path, format!("bad string count in {section:?}")))?;
        let len = self.u64_at(section, 8 + ends_len)?;
        Ok((count, 16 + ends_len, len))
    }

    /// `len` bytes from `start` in a section, in place.
    fn bytes(&self, section: Section, start: u64, len: u64) -> Result<Bytes> {
        let (offset, size) = self.table[section as usize];
        let region = start
            .checked_add(len)
            .filter(|end| *end <= size)
            .and_then(|end| {
                Some(usize::try_from(offset + start).ok()?..usize::try_from(offset + end).ok()?)
            })
            .and_then(|range| Bytes::region(&self.map, range));
        region.ok_or_else(|| corrupt(&self.path, format!("read past {section:?}")))
    }

    /// A string table section, in place.
    fn string_table(&self, section: Section) -> Result<StringTable> {
        let (count, text_at, len) = self.table_layout(section)?;
        let ends = self.bytes(section, 8, count * 8)?;
        let text = self.bytes(section, text_at, len)?;
        StringTable::from_parts(text, ends).map_err(|m| corrupt(&self.path, m))
    }

    /// The edges, in place, each checked against the node count.
    fn edge_table(&self, nodes: usize) -> Result<EdgeTable> {
        let count = self.decode(&self.read(Section::Edges, 0, 4)?, |d| d.u32())?;
        let records = self.bytes(Section::Edges, 4, u64::from(count) * EDGE_RECORD as u64)?;
        EdgeTable::new(records, nodes).map_err(|m| corrupt(&self.path, m))
    }

    /// The adjacency rows of `nodes` nodes, in place.
    fn rows(&self, nodes: usize) -> Result<Rows> {
        let whole = |section: Section| self.bytes(section, 0, self.table[section as usize].1);
        Rows::from_parts(whole(Section::RowEnds)?, whole(Section::Rows)?, nodes)
            .map_err(|m| corrupt(&self.path, m))
    }

    /// String `n` of a string table section of `count` strings, read alone ("" past the
    /// end): two reads, its bounds and its text. The table is its count, the end of
    /// every string, the text's length and the text, so string `n`'s bounds are the
    /// 16 bytes at `8 * n` (the count and the first end for string 0).
    fn table_entry(&self, section: Section, count: u64, n: usize) -> Result<String> {
        let n = n as u64;
        if n >= count {
            return Ok(String::new());
        }
        let bounds = self.read(section, 8 * n, 16)?;
        let (start, end) = bounds.split_at(8);
        let start = match n {
            0 => 0,
            _ => u64::from_le_bytes(start.try_into().unwrap_or_default()),
        };
        let end = u64::from_le_bytes(end.try_into().unwrap_or_default());
        let text_at = 16 + 8 * count;
        let bytes = self.read(
            section,
            text_at.saturating_add(start),
            end.checked_sub(start)
                .ok_or_else(|| corrupt(&self.path, format!("bad string table {section:?}")))?,
        )?;
        String::from_utf8(bytes).map_err(|e| corrupt(&self.path, e.to_string()))
    }

    /// The little-endian u64 at `at` in a section.
    fn u64_at(&self, section: Section, at: u64) -> Result<u64> {
        let bytes = self.read(section, at, 8)?;
        Ok(u64::from_le_bytes(bytes.try_into().unwrap_or_default()))
    }

    fn read(&self, section: Section, start: u64, len: u64) -> Result<Vec<u8>> {
        let mut buf = Vec::new();
        self.read_into(section, start, len, &mut buf)?;
        Ok(buf)
    }

    /// Reads `len` bytes from `start` in a section into `buf`, which is resized to fit.
    fn read_into(&self, section: Section, start: u64, len: u64, buf: &mut Vec<u8>) -> Result<()> {
        let (offset, size) = self.table[section as usize];
        if start.checked_add(len).is_none_or(|end| end > size) {
            return Err(corrupt(&self.path, format!("read past {section:?}")));
        }
        buf.resize(
            usize::try_from(len).map_err(|e| corrupt(&self.path, e.to_string()))?,
            0,
        );
        self.file
            .read_exact_at(buf, offset + start)
            .map_err(RdfError::io(&self.path))
    }

    /// `count` records from `start` in a section, read in pieces of at most 1 MB into
    /// one buffer and decoded into a list sized up front: reading a whole section first
    /// cost as much again in fresh pages as the decoded list (the 361k edges of a 100 MB
    /// corpus are 7.6 MB).
    fn records<T: Fixed>(&self, section: Section, start: u64, count: u64) -> Result<Vec<T>> {
        self.records_in_pieces(section, start, count, 1 << 20)
    }

    fn records_in_pieces<T: Fixed>(
        &self,
        section: Section,
        start: u64,
        count: u64,
        piece: usize,
    ) -> Result<Vec<T>> {
        let end = count
            .checked_mul(T::SIZE as u64)
            .and_then(|len| len.checked_add(start));
        if end.is_none_or(|end| end > self.table[section as usize].1) {
            return Err(corrupt(&self.path, format!("{section:?} is too short")));
        }
        let mut items = Vec::with_capacity(count as usize);
        let mut buf = Vec::new();
        let per_piece = (piece / T::SIZE).max(1) as u64;
        let mut at = start;
        let mut left = count;
        while left > 0 {
            let n = left.min(per_piece);
            let len = n * T::SIZE as u64;
            self.read_into(section, at, len, &mut buf)?;
            let mut d = Dec::new(&buf);
            for _ in 0..n {
                items.push(T::get_fixed(&mut d).map_err(|m| corrupt(&self.path, m))?);
            }
            at += len;
            left -= n;
        }
        Ok(items)
    }

    fn section(&self, section: Section) -> Result<Vec<u8>> {
        self.read(section, 0, self.table[section as usize].1)
    }

    /// Entry `i` of a section whose entry offsets are the u64s of section `index`: two
    /// reads, whatever the size of the index.
    fn entry(&self, section: Section, index: Section, i: usize) -> Result<Vec<u8>> {
        let (start, end) = self.entry_bounds(section, index, i)?;
        self.read(section, start, end - start)
    }

    /// Where entry `i` of a section indexed by `index` starts and ends.
    fn entry_bounds(&self, section: Section, index: Section, i: usize) -> Result<(u64, u64)> {
        let entries = self.table[index as usize].1 / 8;
        let i = i as u64;
        if i >= entries {
            return Err(corrupt(&self.path, format!("no entry {i} in {section:?}")));
        }
        let bounds = self.read(index, 8 * i, if i + 1 < entries { 16 } else { 8 })?;
        let start = u64::from_le_bytes(bounds[..8].try_into().unwrap_or_default());
        let end = match bounds.get(8..16) {
            Some(next) => u64::from_le_bytes(next.try_into().unwrap_or_default()),
            None => self.table[section as usize].1,
        };
        if end < start {
            return Err(corrupt(&self.path, format!("bad index of {section:?}")));
        }
        Ok((start, end))
    }

    fn decode<T>(&self, bytes: &[u8], f: impl FnOnce(&mut Dec<'_>) -> Decoded<T>) -> Result<T> {
        f(&mut Dec::new(bytes)).map_err(|m| corrupt(&self.path, m))
    }
}

fn corrupt(path: &Path, message: impl Into<String>) -> RdfError {
    RdfError::Corrupt {
        path: path.to_owned(),
        message: message.into(),
    }
}

/// True when the snapshot in generation directory `dir` is of an older format than this
/// osintkg writes: the next build rewrites it even when nothing else changed (the read
/// commands open it meanwhile if it is at least version [`READABLE`]).
pub fn snapshot_outdated(dir: &Path) -> Result<bool> {
    Ok(SnapshotFile::open(&dir.join(SNAPSHOT_FILE))?.version < VERSION)
}

/// Everything a snapshot holds: the corpus, its resolution and what it says of its
/// generation. What an incremental build starts from.
pub fn read_state(dir: &Path) -> Result<(Corpus, Resolution, SnapshotMeta)> {
    let file = SnapshotFile::open(&dir.join(SNAPSHOT_FILE))?;
    let strings = Interner::from_column(file.table(Section::Strings)?);
    let docs = file.decode(&file.section(Section::Docs)?, |d| {
        let mut docs = Vec::new();
        while d.pos < d.data.len() {
            docs.push(d.get()?);
        }
        Ok(docs)
    })?;
    let order: Vec<u32> = file.decode(&file.section(Section::Order)?, |d| d.get())?;
    let cores: Vec<NodeCore> = file.decode(&file.section(Section::Nodes)?, |d| d.get())?;
    let members = file.decode(&file.section(Section::Members)?, |d| {
        (0..cores.len())
            .map(|_| read_members(d))
            .collect::<Decoded<Vec<_>>>()
    })?;
    let edges = file.edge_table(cores.len())?;
    let evidence = file.decode(&file.section(Section::Evidence)?, |d| {
        (0..edges.len())
            .map(|_| d.get::<Vec<EvidenceAt>>())
            .collect::<Decoded<Vec<_>>>()
    })?;
    let meta: SnapshotMeta = file.decode(&file.section(Section::Meta)?, |d| d.get())?;
    let corpus = Corpus::from_parts(strings, docs);
    if corpus.len() != order.len() {
        return Err(corrupt(&file.path, "documents and their order disagree"));
    }
    let mut assignment: Vec<Vec<u32>> = corpus
        .docs()
        .iter()
        .map(|d| vec![u32::MAX; d.entities.len()])
        .collect();
    let mut nodes = Vec::with_capacity(cores.len());
    for (position, (core, (members, reasons, kept_apart))) in
        cores.into_iter().zip(members).enumerate()
    {
        for member in &members {
            let slot = assignment
                .get_mut(member.doc as usize)
                .and_then(|d| d.get_mut(member.entity as usize))
                .ok_or_else(|| corrupt(&file.path, "a node member is not a stored entity"))?;
            *slot = position as u32;
        }
        nodes.push(ResolvedNode {
            key: core.key,
            kind: core.kind,
            event_type: core.event_type,
            name: core.name,
            aliases: core.aliases,
            kb: core.kb,
            wikidata: core.wikidata,
            date: core.date,
            killed: core.killed,
            injured: core.injured,
            members,
            reasons,
            kept_apart,
        });
    }
    let edges = edges
        .iter()
        .zip(evidence)
        .map(|(core, evidence)| ResolvedEdge {
            subject: core.subject,
            predicate: core.weight.predicate,
            object: core.object,
            evidence,
            support: core.weight.support,
            confidence: core.weight.confidence,
        })
        .collect();
    let resolution = Resolution {
        order,
        assignment,
        nodes,
        edges,
    };
    Ok((corpus, resolution, meta))
}

// ---------------------------------------------------------------------------------------
// Sentence files

/// Appends sentences to a new segment file of a generation.
#[derive(Debug)]
pub struct SegmentWriter {
    path: PathBuf,
    segment: u32,
    out: BufWriter<File>,
    offset: u64,
}

impl SegmentWriter {
    /// Creates segment `segment` in `dir`.
    pub fn create(dir: &Path, segment: u32) -> Result<SegmentWriter> {
        let path = segment_file(dir, segment);
        let file = File::create(&path).map_err(RdfError::io(&path))?;
        Ok(SegmentWriter {
            path,
            segment,
            out: BufWriter::with_capacity(1 << 20, file),
            offset: 0,
        })
    }

    /// The segment number.
    pub fn segment(&self) -> u32 {
        self.segment
    }

    /// True when no sentence was written.
    pub fn is_empty(&self) -> bool {
        self.offset == 0
    }

    /// Writes what is buffered, so that readers of the file see it.
    pub fn flush(&mut self) -> Result<()> {
        self.out.flush().map_err(RdfError::io(&self.path))
    }

    /// Flushes and syncs the file.
    pub fn finish(self) -> Result<()> {
        let path = self.path;
        let file = self
            .out
            .into_inner()
            .map_err(|e| RdfError::io(&path)(e.into_error()))?;
        file.sync_all().map_err(RdfError::io(&path))
    }
}

impl SentenceSink for SegmentWriter {
    fn store(&mut self, sentence: &str) -> io::Result<SentenceRef> {
        let at = SentenceRef {
            segment: self.segment,
            offset: self.offset,
            len: u32::try_from(sentence.len()).map_err(io::Error::other)?,
        };
        self.out.write_all(sentence.as_bytes())?;
        self.offset += sentence.len() as u64;
        Ok(at)
    }
}

/// Reads sentences from the segment files of a generation, opening each on first use.
/// Reads after [`SegmentWriter`]s of the same directory are flushed.
#[derive(Debug)]
pub struct SegmentReader {
    dir: PathBuf,
    open: Mutex<HashMap<u32, std::sync::Arc<File>>>,
}

impl SegmentReader {
    /// Sentences of the generation in `dir`.
    pub fn new(dir: &Path) -> SegmentReader {
        SegmentReader {
            dir: dir.to_owned(),
            open: Mutex::new(HashMap::new()),
        }
    }

    fn file(&self, segment: u32) -> io::Result<std::sync::Arc<File>> {
        let mut open = self
            .open
            .lock()
            .map_err(|_| io::Error::other("poisoned lock"))?;
        if let Some(file) = open.get(&segment) {
            return Ok(file.clone());
        }
        let file = std::sync::Arc::new(File::open(segment_file(&self.dir, segment))?);
        open.insert(segment, file.clone());
        Ok(file)
    }
}

impl Sentences for SegmentReader {
    fn sentence(&self, at: SentenceRef) -> io::Result<String> {
        let mut buf = vec![0u8; at.len as usize];
        self.file(at.segment)?.read_exact_at(&mut buf, at.offset)?;
        String::from_utf8(buf).map_err(io::Error::other)
    }
}

// ---------------------------------------------------------------------------------------
// The reader of the read commands

/// A generation's graph as the read commands use it. In memory: node keys, types,
/// dates and support, and the edges (what a path search and the view need); read from
/// disk when a command prints them: nodes, documents, members, evidence, strings and
/// the name index (binary-searched in place). Opening a 100 MB corpus's store so costs
/// a few megabytes of reads instead of every section.
pub struct GraphSnapshot {
    file: SnapshotFile,
    dir: PathBuf,
    /// The columns below are read in place in the mapped file, and shared with the
    /// views made of this snapshot.
    keys: StringTable,
    /// Per node, a [`NodeFacts`] record.
    facts: Bytes,
    dates: StringTable,
    edges: EdgeTable,
    rows: Rows,
    /// Every string, loaded by the first reader that needs more than a few.
    strings: OnceLock<Interner>,
    string_count: u64,
    name_count: usize,
    /// The whole name index, loaded only to list every name (a lookup that missed).
    all_names: OnceLock<Vec<u8>>,
    sentences: SegmentReader,
    /// Held shared, so that no writer deletes the generation while it is read.
    _readers: Option<File>,
}

impl std::fmt::Debug for GraphSnapshot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GraphSnapshot")
            .field("dir", &self.dir)
            .field("nodes", &self.keys.len())
            .field("edges", &self.edges.len())
            .finish_non_exhaustive()
    }
}

/// Bytes of a name-index entry: text offset, text length, node, kind.
const NAME_ENTRY: usize = 13;

impl GraphSnapshot {
    /// Opens the snapshot of the current generation of the store at `store`, and keeps
    /// that generation readable while it lives.
    pub fn open(store: impl AsRef<Path>) -> Result<GraphSnapshot> {
        let (dir, generation, readers) = crate::store::lock_current(store.as_ref())?;
        let generation = crate::store::generation_dir(&dir, generation);
        if !generation.join(SNAPSHOT_FILE).exists() {
            return Err(RdfError::NoSnapshot { path: dir });
        }
        let mut snapshot = GraphSnapshot::open_generation(&generation).map_err(|e| match e {
            RdfError::OutdatedSnapshot { .. } => RdfError::OutdatedSnapshot { path: dir },
            other => other,
        })?;
        snapshot._readers = Some(readers);
        Ok(snapshot)
    }

    /// Opens the snapshot of the generation in `dir` (a `gen-<n>` directory).
    pub fn open_generation(dir: &Path) -> Result<GraphSnapshot> {
        let file = SnapshotFile::open(&dir.join(SNAPSHOT_FILE))?;
        if file.version < READABLE {
            return Err(RdfError::OutdatedSnapshot {
                path: dir.to_owned(),
            });
        }
        let keys = file.string_table(Section::Keys)?;
        let dates = file.string_table(Section::Dates)?;
        let count = keys.len();
        let facts_count = file.decode(&file.read(Section::Facts, 0, 4)?, |d| d.u32())?;
        let facts = file.bytes(
            Section::Facts,
            4,
            u64::from(facts_count) * NodeFacts::SIZE as u64,
        )?;
        let string_count = file.u64_at(Section::Strings, 0)?;
        let name_count = file.decode(&file.read(Section::Names, 0, 4)?, |d| d.u32())? as usize;
        let names_len = file.table[Section::Names as usize].1;
        if names_len < (4 + name_count * NAME_ENTRY + 8) as u64 {
            return Err(corrupt(&file.path, "truncated name index"));
        }
        let index_entries = file.table[Section::NodeIndex as usize].1 / 8;
        if facts_count as usize != count || dates.len() != count || index_entries != count as u64 {
            return Err(corrupt(
                &file.path,
                "node sections disagree on the node count",
            ));
        }
        let edges = file.edge_table(count)?;
        let rows = file.rows(count)?;
        Ok(GraphSnapshot {
            file,
            dir: dir.to_owned(),
            keys,
            facts,
            dates,
            edges,
            rows,
            strings: OnceLock::new(),
            string_count,
            name_count,
            all_names: OnceLock::new(),
            sentences: SegmentReader::new(dir),
            _readers: None,
        })
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.keys.len()
    }

    /// Number of edges.
    pub fn edge_count(&self) -> usize {
        self.edges.len()
    }

    /// The key of node `i` ("" past the end).
    pub fn key(&self, node: u32) -> &str {
        self.keys.get(node as usize)
    }

    /// The position of the node with this key.
    pub fn position(&self, key: &str) -> Option<u32> {
        let count = self.node_count();
        let i = partition_point(count, |i| self.keys.get(i) < key);
        (i < count && self.keys.get(i) == key).then_some(i as u32)
    }

    /// The petgraph view every analytic runs on.
    pub fn view(&self) -> Result<GraphView> {
        // A node's facts record opens with its type's code.
        let kinds = self
            .facts
            .as_slice()
            .chunks_exact(NodeFacts::SIZE)
            .map(|record| EntityType::ALL.get(usize::from(record[0])).copied())
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| corrupt(&self.file.path, "unknown entity type in node facts"))?;
        GraphView::from_stored(
            self.keys.clone(),
            kinds,
            self.dates.clone(),
            self.edges.clone(),
            self.rows.clone(),
        )
        .map_err(|e| corrupt(&self.file.path, e.to_string()))
    }

    /// The node a user means by a name (see [`osintkg_graph::lookup::find`]).
    pub fn find(&self, query: &str) -> Lookup {
        osintkg_graph::lookup::find(self, query)
    }

    /// A node without its mentions: names, ids, dates, counts (`mentions` and
    /// `confidences` are left empty). Reads the node and its strings alone.
    pub fn node_summary(&self, node: u32) -> Result<Option<Node>> {
        self.read_node(node, true)
    }

    /// A node as a listing prints it (name, type, ids, date, counts): the summary
    /// without its aliases, each of which is a string read alone; on a 100 MB corpus a
    /// country's node has thousands, and reading them was a sixth of a `path` call.
    pub fn node_heading(&self, node: u32) -> Result<Option<Node>> {
        self.read_node(node, false)
    }

    fn read_node(&self, node: u32, aliases: bool) -> Result<Option<Node>> {
        if node as usize >= self.node_count() {
            return Ok(None);
        }
        let bytes = self
            .file
            .entry(Section::Nodes, Section::NodeIndex, node as usize)?;
        let core: NodeCore = self.file.decode(&bytes, |d| d.get())?;
        let string = |sym: Sym| self.string(sym);
        let optional = |sym: Option<Sym>| sym.map(string).transpose();
        Ok(Some(Node {
            key: core.key,
            kind: core.kind,
            event_type: core.event_type,
            name: string(core.name)?,
            aliases: match aliases {
                true => core
                    .aliases
                    .into_iter()
                    .map(string)
                    .collect::<Result<_>>()?,
                false => Default::default(),
            },
            kb: optional(core.kb)?,
            wikidata: optional(core.wikidata)?,
            date: optional(core.date)?,
            killed: core.killed,
            injured: core.injured,
            mentions: Vec::new(),
            confidences: Vec::new(),
        }))
    }

    /// Every node as [`GraphSnapshot::node_summary`] gives it, read in one pass.
    pub fn node_summaries(&self) -> Result<Vec<Node>> {
        let cores: Vec<NodeCore> = self
            .file
            .decode(&self.file.section(Section::Nodes)?, |d| d.get())?;
        let strings = self.strings()?;
        let own = |sym: Option<Sym>| strings.get_opt(sym).map(str::to_owned);
        Ok(cores
            .into_iter()
            .map(|core| Node {
                key: core.key,
                kind: core.kind,
                event_type: core.event_type,
                name: strings.get(core.name).to_owned(),
                aliases: core
                    .aliases
                    .iter()
                    .map(|a| strings.get(*a).to_owned())
                    .collect(),
                kb: own(core.kb),
                wikidata: own(core.wikidata),
                date: own(core.date),
                killed: core.killed,
                injured: core.injured,
                mentions: Vec::new(),
                confidences: Vec::new(),
            })
            .collect())
    }

    /// Distinct documents that mention node `i`, and its aggregated confidence.
    pub fn support(&self, node: u32) -> Option<(u32, f64)> {
        let facts = self.facts(node as usize).ok()?;
        Some((facts.support, facts.confidence))
    }

    /// The facts of node `node`, decoded from the mapped file.
    fn facts(&self, node: usize) -> Result<NodeFacts> {
        let at = node.saturating_mul(NodeFacts::SIZE);
        let record = self
            .facts
            .as_slice()
            .get(at..at.saturating_add(NodeFacts::SIZE))
            .ok_or_else(|| corrupt(&self.file.path, format!("no facts of node {node}")))?;
        self.file.decode(record, |d| d.get())
    }

    /// A node with every mention (read from the documents that make it).
    pub fn node(&self, node: u32) -> Result<Option<Node>> {
        let Some(mut full) = self.node_summary(node)? else {
            return Ok(None);
        };
        let strings = self.strings()?;
        let (members, _, _) = self.members(node)?;
        let mut docs: HashMap<u32, DocSummary> = HashMap::new();
        for member in members {
            let doc = self.cached(&mut docs, member.doc)?;
            if let Some(entity) = doc.entities.get(member.entity as usize) {
                member_mentions(strings.get(doc.doc), entity, strings, &mut full.mentions);
                full.confidences.push(entity.confidence);
            }
        }
        Ok(Some(full))
    }

    /// The edges that touch node `i`, in either direction (positions).
    pub fn edges_of(&self, node: u32) -> Vec<u32> {
        let mut edges: Vec<u32> = self.rows.row(node as usize).collect();
        // A loop is listed twice in its node's row.
        edges.dedup();
        edges
    }

    /// The subject and object positions of edge `i`.
    pub fn edge_nodes(&self, edge: u32) -> Option<(u32, u32)> {
        self.edges.get(edge as usize).map(|e| (e.subject, e.object))
    }

    /// The position of the edge with this key.
    pub fn edge_position(&self, key: &EdgeKey) -> Option<u32> {
        let (subject, predicate, object) = key;
        let count = self.edges.len();
        let order = |e: ViewEdge| {
            self.key(e.subject)
                .cmp(subject)
                .then(e.weight.predicate.cmp(predicate))
                .then_with(|| self.key(e.object).cmp(object))
        };
        let i = partition_point(count, |i| {
            self.edges.get(i).is_some_and(|e| order(e).is_lt())
        });
        self.edges
            .get(i)
            .filter(|e| order(*e).is_eq())
            .map(|_| i as u32)
    }

    /// Edge `i` with its evidence sentences.
    pub fn edge(&self, edge: u32) -> Result<Option<Edge>> {
        let Some(core) = self.edges.get(edge as usize) else {
            return Ok(None);
        };
        let bytes = self
            .file
            .entry(Section::Evidence, Section::EvidenceIndex, edge as usize)?;
        let refs: Vec<EvidenceAt> = self.file.decode(&bytes, |d| d.get())?;
        let mut docs: HashMap<u32, Vec<RelationSummary>> = HashMap::new();
        // A hub's edge has hundreds of evidence sentences naming a handful of rules:
        // each rule's name is read once.
        let mut rules: HashMap<Sym, String> = HashMap::new();
        let mut evidence = Vec::with_capacity(refs.len());
        for at in refs {
            let relations = match docs.entry(at.doc) {
                Entry::Occupied(entry) => entry.into_mut(),
                Entry::Vacant(entry) => entry.insert(self.doc_relations(at.doc)?),
            };
            let Some(e) = relations
                .get(at.relation as usize)
                .and_then(|r| r.evidence.get(at.evidence as usize))
            else {
                return Err(corrupt(
                    &self.file.path,
                    "evidence refers to a missing relation",
                ));
            };
            evidence.push(Evidence {
                doc: self.string(e.doc)?,
                span: e.span,
                sentence: self
                    .sentences
                    .sentence(e.sentence)
                    .map_err(RdfError::io(&self.dir))?,
                rule: match rules.get(&e.rule) {
                    Some(rule) => rule.clone(),
                    None => rules.entry(e.rule).or_insert(self.string(e.rule)?).clone(),
                },
                confidence: e.confidence,
            });
        }
        Ok(Some(Edge {
            subject: self.key(core.subject).to_owned(),
            predicate: core.weight.predicate,
            object: self.key(core.object).to_owned(),
            evidence,
        }))
    }

    /// The merges that built node `i`, with their reasons, and the surnames it kept
    /// apart from full names, with theirs.
    pub fn merges(&self, node: u32) -> Result<(Vec<Merge>, Vec<Merge>)> {
        let strings = self.strings()?;
        let (members, reasons, apart) = self.members(node)?;
        let key = self.key(node).to_owned();
        let mut docs: HashMap<u32, DocSummary> = HashMap::new();
        let mut described = |member: Member| -> Result<(String, EntityType, String)> {
            let doc = self.cached(&mut docs, member.doc)?;
            Ok(Some(doc)
                .and_then(|d| Some((d.doc, d.entities.get(member.entity as usize)?)))
                .map_or(
                    (String::new(), EntityType::Event, String::new()),
                    |(doc, e)| {
                        (
                            strings.get(doc).to_owned(),
                            e.kind,
                            strings.get(e.name).to_owned(),
                        )
                    },
                ))
        };
        let mut assignments: HashMap<u32, Vec<u32>> = HashMap::new();
        let mut node_of = |m: Member| -> u32 {
            if let Entry::Vacant(entry) = assignments.entry(m.doc) {
                entry.insert(self.assignment(m.doc).unwrap_or_default());
            }
            assignments
                .get(&m.doc)
                .and_then(|a| a.get(m.entity as usize))
                .copied()
                .unwrap_or(u32::MAX)
        };
        let mut merges = Vec::new();
        for (member, reason) in members.iter().zip(&reasons) {
            if let Some(reason) = reason {
                let (doc, kind, name) = described(*member)?;
                let mut referred: Vec<Member> = match reason {
                    Reason::SharedParticipant(list) | Reason::SameSite(list) => list.clone(),
                    _ => Vec::new(),
                };
                let keys: HashMap<Member, String> = referred
                    .drain(..)
                    .map(|m| (m, self.key(node_of(m)).to_owned()))
                    .collect();
                let key_of = |m: Member| keys.get(&m).cloned().unwrap_or_default();
                merges.push(Merge {
                    node: key.clone(),
                    doc,
                    reason: reason_text(reason, kind, &name, strings, &key_of),
                    name,
                });
            }
        }
        let mut kept = Vec::new();
        for (member, why) in &apart {
            let (doc, _, name) = described(*member)?;
            let referred: Vec<Member> = match why {
                Apart::Competing(list) => list.clone(),
                Apart::NoSharedContext(m) => vec![*m],
            };
            let mut labels: HashMap<Member, String> = HashMap::new();
            for m in referred {
                let n = node_of(m);
                let name = self.node_heading(n)?.map(|s| s.name).unwrap_or_default();
                labels.insert(m, format!("{name} ({})", self.key(n)));
            }
            let label = |m: Member| labels.get(&m).cloned().unwrap_or_default();
            kept.push(Merge {
                node: key.clone(),
                doc,
                name,
                reason: apart_text(why, &label),
            });
        }
        Ok((merges, kept))
    }

    /// The whole graph, every mention and sentence included.
    pub fn graph(&self) -> Result<KnowledgeGraph> {
        let (corpus, resolution, _) = read_state(&self.dir)?;
        resolution
            .to_graph(&corpus, &self.sentences)
            .map_err(RdfError::io(&self.dir))
    }

    /// Every string, read once.
    fn strings(&self) -> Result<&Interner> {
        if let Some(strings) = self.strings.get() {
            return Ok(strings);
        }
        let strings = Interner::from_column(self.file.table(Section::Strings)?);
        Ok(self.strings.get_or_init(|| strings))
    }

    /// One string: from memory when every string is loaded, else read alone.
    fn string(&self, sym: Sym) -> Result<String> {
        match self.strings.get() {
            Some(strings) => Ok(strings.get(sym).to_owned()),
            None => self
                .file
                .table_entry(Section::Strings, self.string_count, sym.index()),
        }
    }

    /// Document `position`, decoded once per call of a reader method.
    fn cached<'c>(
        &self,
        cache: &'c mut HashMap<u32, DocSummary>,
        position: u32,
    ) -> Result<&'c DocSummary> {
        Ok(match cache.entry(position) {
            Entry::Occupied(entry) => entry.into_mut(),
            Entry::Vacant(entry) => entry.insert(self.doc(position)?),
        })
    }

    /// The relations of document `position`, read without its entities where the file
    /// says where they start.
    fn doc_relations(&self, position: u32) -> Result<Vec<RelationSummary>> {
        let (start, end) =
            self.file
                .entry_bounds(Section::Docs, Section::DocIndex, position as usize)?;
        let at = self
            .file
            .u64_at(Section::DocRelations, 8 * u64::from(position))?;
        let from = start
            .checked_add(at)
            .filter(|from| *from <= end)
            .ok_or_else(|| corrupt(&self.file.path, "a document's relations lie outside it"))?;
        let bytes = self.file.read(Section::Docs, from, end - from)?;
        self.file.decode(&bytes, |d| d.get())
    }

    fn doc(&self, position: u32) -> Result<DocSummary> {
        let bytes = self
            .file
            .entry(Section::Docs, Section::DocIndex, position as usize)?;
        let doc: DocSummary = self.file.decode(&bytes, |d| d.get())?;
        if doc.doc.index() as u64 >= self.string_count {
            return Err(corrupt(
                &self.file.path,
                "a document refers to a missing string",
            ));
        }
        Ok(doc)
    }

    /// The node of every entity of document `position`.
    fn assignment(&self, position: u32) -> Result<Vec<u32>> {
        let bytes = self.file.entry(
            Section::Assignment,
            Section::AssignmentIndex,
            position as usize,
        )?;
        self.file.decode(&bytes, |d| d.get())
    }

    fn members(&self, node: u32) -> Result<MemberList> {
        let bytes = self
            .file
            .entry(Section::Members, Section::MemberIndex, node as usize)?;
        self.file.decode(&bytes, read_members)
    }

    /// Name-index entry `i`: its text, node and kind. Read alone (two small reads) for
    /// a lookup's binary search, from memory once the whole index is loaded.
    fn name_entry(&self, i: usize) -> Option<(String, u32, u8)> {
        let blob = (4 + self.name_count * NAME_ENTRY + 8) as u64;
        let at = (4 + i * NAME_ENTRY) as u64;
        if let Some(all) = self.all_names.get() {
            let (offset, len, node, kind) = parse_name_entry(all.get(at as usize..)?)?;
            let start = blob as usize + offset as usize;
            let text = all.get(start..start + len as usize)?;
            return Some((std::str::from_utf8(text).ok()?.to_owned(), node, kind));
        }
        let entry = self.file.read(Section::Names, at, NAME_ENTRY as u64).ok()?;
        let (offset, len, node, kind) = parse_name_entry(&entry)?;
        let text = self
            .file
            .read(Section::Names, blob + u64::from(offset), u64::from(len))
            .ok()?;
        Some((String::from_utf8(text).ok()?, node, kind))
    }

    /// The entries whose text is `text`.
    fn entries<'a>(&'a self, text: &'a str) -> impl Iterator<Item = (u32, u8)> + 'a {
        let first = partition_point(self.name_count, |i| {
            self.name_entry(i).is_some_and(|e| e.0.as_str() < text)
        });
        (first..self.name_count)
            .map_while(|i| self.name_entry(i))
            .take_while(move |e| e.0 == text)
            .map(|e| (e.1, e.2))
    }
}

/// The text offset, text length, node and kind of a name-index entry at the start of
/// `bytes`.
fn parse_name_entry(bytes: &[u8]) -> Option<(u32, u32, u32, u8)> {
    let field = |o: usize| {
        bytes
            .get(o..o + 4)
            .and_then(|b| b.try_into().ok())
            .map(u32::from_le_bytes)
    };
    Some((field(0)?, field(4)?, field(8)?, *bytes.get(12)?))
}

impl NameTable for GraphSnapshot {
    fn key(&self, lowercase: &str) -> Option<String> {
        self.entries(lowercase)
            .find(|e| e.1 == 2)
            .map(|e| self.key(e.0).to_owned())
    }

    fn named(&self, normalized: &str) -> Vec<(String, bool)> {
        self.entries(normalized)
            .filter(|e| e.1 != 2)
            .map(|e| (self.key(e.0).to_owned(), e.1 == 1))
            .collect()
    }

    fn each_name(&self, each: &mut dyn FnMut(&str, &str)) {
        if self.all_names.get().is_none() {
            let Ok(all) = self.file.section(Section::Names) else {
                return;
            };
            let _ = self.all_names.set(all);
        }
        for i in 0..self.name_count {
            if let Some((text, node, kind)) = self.name_entry(i)
                && kind != 2
            {
                each(&text, self.key(node));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded<T: Field>(value: &T) -> Vec<u8> {
        let mut e = Enc {
            w: Vec::new(),
            pos: 0,
        };
        value.put(&mut e).unwrap();
        e.w
    }

    /// A record list is decoded in pieces cut at multiples of `Fixed::SIZE`: a size
    /// that disagrees with the encoding would cut records in half.
    #[test]
    fn fixed_sizes_are_the_encoded_sizes() {
        let facts = NodeFacts {
            kind: EntityType::Event,
            event_type: Some(EventType::Attack),
            support: 4,
            confidence: 0.25,
        };
        assert_eq!(encoded(&facts).len(), <NodeFacts as Fixed>::SIZE);
        assert_eq!(encoded(&u64::MAX).len(), <usize as Fixed>::SIZE);
    }

    /// Records decoded in pieces come out whole and in order, whatever the piece size,
    /// and a count past the section's end is an error naming the file.
    #[test]
    fn records_read_in_pieces_are_the_written_list() {
        let facts: Vec<NodeFacts> = (0..10u32)
            .map(|i| NodeFacts {
                kind: EntityType::ALL[i as usize % EntityType::ALL.len()],
                event_type: EventType::ALL.get(i as usize).copied(),
                support: i + 1,
                confidence: f64::from(i) / 10.0,
            })
            .collect();
        let body = encoded(&facts);
        let mut bytes = Vec::new();
        bytes.extend_from_slice(&MAGIC);
        bytes.extend_from_slice(&VERSION.to_le_bytes());
        bytes.extend_from_slice(&(SECTIONS as u32).to_le_bytes());
        for section in 0..SECTIONS {
            let (offset, len) = match section == Section::Facts as usize {
                true => (HEADER, body.len() as u64),
                false => (HEADER, 0),
            };
            bytes.extend_from_slice(&offset.to_le_bytes());
            bytes.extend_from_slice(&len.to_le_bytes());
        }
        bytes.extend_from_slice(&body);
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join(SNAPSHOT_FILE);
        std::fs::write(&path, &bytes).unwrap();
        let file = SnapshotFile::open(&path).unwrap();
        for piece in [1, 14, 50, 1000] {
            let read: Vec<NodeFacts> = file
                .records_in_pieces(Section::Facts, 4, 10, piece)
                .unwrap();
            assert_eq!(read, facts, "pieces of {piece} bytes");
        }
        let err = file
            .records::<NodeFacts>(Section::Facts, 4, 11)
            .unwrap_err();
        assert!(err.to_string().contains(SNAPSHOT_FILE), "{err}");
    }
}
