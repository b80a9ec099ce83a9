//! The view's columns as little-endian records over bytes, read in place.
//!
//! A read command on a large store needs a few rows of the graph, not all of it. Decoding
//! every node key, edge and adjacency row of a 100 MB corpus's snapshot into fresh memory
//! was most of a `path` call: copies out of the page cache, then the kernel zeroing the
//! pages they went to, then the adjacency rows built again. The [`GraphView`]'s columns
//! are therefore fixed-width records over [`Bytes`], which are either the column's own
//! buffer (a view built in memory) or a region of a memory-mapped snapshot file, where
//! only the pages a query touches are ever read. The store writes these same bytes, so
//! the layout is defined once, here.
//!
//! A column is checked where checking is cheap and a bad value could mislead: string
//! bounds and UTF-8 when a string is read (a bad one reads as ""), every edge record when
//! the edge table is made (its endpoints and predicate, in one pass that also finds the
//! largest edge cost), a row's entries when it is walked (an entry that names a missing
//! edge or one that does not touch the row's node is skipped).
//!
//! [`GraphView`]: crate::view::GraphView

use crate::model::Predicate;
use crate::view::{EdgeWeight, ViewEdge};
use std::fmt;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

/// A buffer that columns share: a `Vec<u8>`, or a memory map of a file.
pub type SharedBuffer = Arc<dyn AsRef<[u8]> + Send + Sync>;

/// A region of a shared buffer. Cloning shares the buffer.
#[derive(Clone)]
pub struct Bytes {
    buffer: SharedBuffer,
    range: Range<usize>,
}

impl Bytes {
    /// Bytes of their own.
    pub fn new(bytes: Vec<u8>) -> Bytes {
        let range = 0..bytes.len();
        Bytes {
            buffer: Arc::new(bytes),
            range,
        }
    }

    /// `range` of `buffer`; `None` when it does not lie inside it.
    pub fn region(buffer: &SharedBuffer, range: Range<usize>) -> Option<Bytes> {
        let len = (**buffer).as_ref().len();
        (range.start <= range.end && range.end <= len).then(|| Bytes {
            buffer: Arc::clone(buffer),
            range,
        })
    }

    /// The bytes.
    pub fn as_slice(&self) -> &[u8] {
        (*self.buffer)
            .as_ref()
            .get(self.range.clone())
            .unwrap_or(&[])
    }

    /// Number of bytes.
    pub fn len(&self) -> usize {
        self.range.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.range.is_empty()
    }
}

impl Default for Bytes {
    fn default() -> Self {
        Bytes::new(Vec::new())
    }
}

impl fmt::Debug for Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Bytes({} bytes)", self.len())
    }
}

/// The little-endian u32 at `at`.
fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    let end = at.checked_add(4)?;
    Some(u32::from_le_bytes(bytes.get(at..end)?.try_into().ok()?))
}

/// The little-endian u64 at `at`, as a position.
fn position_at(bytes: &[u8], at: usize) -> Option<usize> {
    let end = at.checked_add(8)?;
    usize::try_from(u64::from_le_bytes(bytes.get(at..end)?.try_into().ok()?)).ok()
}

/// Appends `value` as the little-endian u64 of a position.
fn push_position(out: &mut Vec<u8>, value: usize) {
    out.extend_from_slice(&(value as u64).to_le_bytes());
}

/// Strings in one text buffer, with the end of each as a u64.
#[derive(Clone, Debug, Default)]
pub struct StringTable {
    text: Bytes,
    ends: Bytes,
}

impl StringTable {
    /// A table from its text and the u64 ends of its strings. Fails only when the ends are
    /// not whole u64s; the ends themselves are checked when a string is read.
    pub fn from_parts(text: Bytes, ends: Bytes) -> Result<StringTable, String> {
        if !ends.len().is_multiple_of(8) {
            return Err(format!("string table: {} bytes of ends", ends.len()));
        }
        Ok(StringTable { text, ends })
    }

    /// Number of strings.
    pub fn len(&self) -> usize {
        self.ends.len() / 8
    }

    /// True when the table holds no string.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// String `index`: "" past the end, or when its bounds or bytes are not a string.
    pub fn get(&self, index: usize) -> &str {
        let ends = self.ends.as_slice();
        let start = match index {
            0 => Some(0),
            i => position_at(ends, (i - 1) * 8),
        };
        let bytes = start
            .zip(index.checked_mul(8).and_then(|at| position_at(ends, at)))
            .and_then(|(start, end)| self.text.as_slice().get(start..end));
        bytes
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or("")
    }

    /// The text and the ends, as the store writes them.
    pub fn parts(&self) -> (&[u8], &[u8]) {
        (self.text.as_slice(), self.ends.as_slice())
    }
}

impl<'a> FromIterator<&'a str> for StringTable {
    fn from_iter<I: IntoIterator<Item = &'a str>>(strings: I) -> Self {
        let (mut text, mut ends) = (Vec::new(), Vec::new());
        for s in strings {
            text.extend_from_slice(s.as_bytes());
            push_position(&mut ends, text.len());
        }
        StringTable {
            text: Bytes::new(text),
            ends: Bytes::new(ends),
        }
    }
}

/// Bytes of an edge record: subject (u32), predicate (its position in
/// [`Predicate::ALL`], u8), object (u32), support (u32), confidence (the bits of an f64).
pub const EDGE_RECORD: usize = 21;

/// The edges of a view, in their stored direction, as [`EDGE_RECORD`]-byte records.
#[derive(Clone, Debug, Default)]
pub struct EdgeTable {
    records: Bytes,
    /// The largest edge cost, found on first use: only a hop limit needs it, and its
    /// division per edge was a tenth of a `path` call on a large store.
    max_cost: OnceLock<f64>,
}

impl EdgeTable {
    /// A table of records whose endpoints must be below `nodes`. Checks every record
    /// once: an edge that names a missing node or an unknown predicate is an error.
    pub fn new(records: Bytes, nodes: usize) -> Result<EdgeTable, String> {
        if !records.len().is_multiple_of(EDGE_RECORD) {
            return Err(format!("edge table: {} bytes", records.len()));
        }
        for (i, record) in records.as_slice().chunks_exact(EDGE_RECORD).enumerate() {
            let edge = decode(record).ok_or_else(|| format!("edge {i}: unknown predicate"))?;
            for node in [edge.subject, edge.object] {
                if node as usize >= nodes {
                    return Err(format!(
                        "edge {i} refers to node {node}, but there are only {nodes} nodes"
                    ));
                }
            }
        }
        Ok(EdgeTable {
            records,
            max_cost: OnceLock::new(),
        })
    }

    /// The table of `edges`, whose endpoints the caller has checked.
    pub fn from_edges(edges: &[ViewEdge]) -> EdgeTable {
        let mut records = Vec::with_capacity(edges.len() * EDGE_RECORD);
        for edge in edges {
            encode(edge, &mut records);
        }
        EdgeTable {
            records: Bytes::new(records),
            max_cost: OnceLock::new(),
        }
    }

    /// Number of edges.
    pub fn len(&self) -> usize {
        self.records.len() / EDGE_RECORD
    }

    /// True when there are no edges.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Edge `index`.
    pub fn get(&self, index: usize) -> Option<ViewEdge> {
        let at = index.checked_mul(EDGE_RECORD)?;
        decode(self.records.as_slice().get(at..at + EDGE_RECORD)?)
    }

    /// Every edge, in order.
    pub fn iter(&self) -> impl Iterator<Item = ViewEdge> + '_ {
        self.records
            .as_slice()
            .chunks_exact(EDGE_RECORD)
            .filter_map(decode)
    }

    /// The largest edge cost (0 for no edges).
    pub fn max_cost(&self) -> f64 {
        *self.max_cost.get_or_init(|| {
            self.iter()
                .map(|edge| edge.weight.cost())
                .fold(0.0, f64::max)
        })
    }

    /// The records, as the store writes them.
    pub fn as_bytes(&self) -> &[u8] {
        self.records.as_slice()
    }
}

/// Appends the record of `edge`.
pub fn encode(edge: &ViewEdge, out: &mut Vec<u8>) {
    let predicate = Predicate::ALL
        .iter()
        .position(|p| *p == edge.weight.predicate)
        .unwrap_or(0) as u8;
    out.extend_from_slice(&edge.subject.to_le_bytes());
    out.push(predicate);
    out.extend_from_slice(&edge.object.to_le_bytes());
    out.extend_from_slice(&edge.weight.support.to_le_bytes());
    out.extend_from_slice(&edge.weight.confidence.to_bits().to_le_bytes());
}

/// The edge of a record; `None` for an unknown predicate.
pub fn decode(record: &[u8]) -> Option<ViewEdge> {
    let predicate = *Predicate::ALL.get(usize::from(*record.get(4)?))?;
    let confidence = u64::from_le_bytes(record.get(13..21)?.try_into().ok()?);
    Some(ViewEdge {
        subject: u32_at(record, 0)?,
        object: u32_at(record, 5)?,
        weight: EdgeWeight {
            predicate,
            support: u32_at(record, 9)?,
            confidence: f64::from_bits(confidence),
        },
    })
}

/// Undirected adjacency in compressed rows: row `v` lists, as u32 positions in the edge
/// table, every edge at `v` in edge order (a loop twice), and `ends` holds the u64 end of
/// each row. petgraph keeps a node's edges as a linked list, so walking them is a chain of
/// dependent cache misses; contiguous rows let the processor fetch ahead, and cost 4
/// bytes per edge end.
#[derive(Clone, Debug, Default)]
pub struct Rows {
    ends: Bytes,
    edges: Bytes,
}

impl Rows {
    /// The rows of `edges` between `nodes` nodes (endpoints checked by the table).
    pub fn build(nodes: usize, edges: &EdgeTable) -> Rows {
        Rows::build_with(nodes, edges.len(), |i| {
            edges.get(i).map(|edge| (edge.subject, edge.object))
        })
    }

    /// The rows of `count` edges between `nodes` nodes, edge `i` having the endpoints
    /// `endpoints(i)` (below `nodes`; `None` leaves the edge out). Takes the endpoints
    /// by position, so that a store writes the rows of its edges without a second copy
    /// of them.
    pub fn build_with(
        nodes: usize,
        count: usize,
        endpoints: impl Fn(usize) -> Option<(u32, u32)>,
    ) -> Rows {
        // Each node's row ends where the running count of edge ends reaches it; rows are
        // then filled from their ends backwards, walking the edges in reverse, so that
        // every offset comes down to its row's start and each row lists its edges in
        // order.
        let mut offsets = vec![0usize; nodes + 1];
        let ends_of = |i| endpoints(i).filter(|&(s, o)| (s.max(o) as usize) < nodes);
        for (subject, object) in (0..count).filter_map(ends_of) {
            offsets[subject as usize + 1] += 1;
            offsets[object as usize + 1] += 1;
        }
        for i in 1..=nodes {
            offsets[i] += offsets[i - 1];
        }
        let mut ends = Vec::with_capacity(nodes * 8);
        for &end in &offsets[1..] {
            push_position(&mut ends, end);
        }
        let mut entries = vec![0u8; offsets[nodes] * 4];
        for i in (0..count).rev() {
            let Some((subject, object)) = ends_of(i) else {
                continue;
            };
            let id = u32::try_from(i).unwrap_or(u32::MAX).to_le_bytes();
            for end in [object, subject] {
                let next = &mut offsets[end as usize + 1];
                *next -= 1;
                entries[*next * 4..*next * 4 + 4].copy_from_slice(&id);
            }
        }
        Rows {
            ends: Bytes::new(ends),
            edges: Bytes::new(entries),
        }
    }

    /// Rows from their u64 ends (one per node) and u32 entries.
    pub fn from_parts(ends: Bytes, edges: Bytes, nodes: usize) -> Result<Rows, String> {
        if ends.len() != nodes * 8 || !edges.len().is_multiple_of(4) {
            return Err(format!(
                "adjacency rows: {} bytes of ends for {nodes} nodes, {} bytes of entries",
                ends.len(),
                edges.len()
            ));
        }
        Ok(Rows { ends, edges })
    }

    /// The edges at `node`, as positions in the edge table (none for bad bounds).
    pub fn row(&self, node: usize) -> impl Iterator<Item = u32> + '_ {
        let ends = self.ends.as_slice();
        let start = match node {
            0 => Some(0),
            n => position_at(ends, (n - 1) * 8),
        };
        let end = node.checked_mul(8).and_then(|at| position_at(ends, at));
        let row = start
            .zip(end)
            .and_then(|(start, end)| self.edges.as_slice().get(start * 4..end.checked_mul(4)?))
            .unwrap_or(&[]);
        row.chunks_exact(4).filter_map(|entry| u32_at(entry, 0))
    }

    /// The ends and the entries, as the store writes them.
    pub fn parts(&self) -> (&[u8], &[u8]) {
        (self.ends.as_slice(), self.edges.as_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edge(subject: u32, object: u32, predicate: Predicate) -> ViewEdge {
        ViewEdge {
            subject,
            object,
            weight: EdgeWeight {
                predicate,
                support: 3,
                confidence: 0.75,
            },
        }
    }

    #[test]
    fn edge_records_round_trip_and_are_checked() {
        let edges = [
            edge(0, 1, Predicate::MemberOf),
            edge(2, 2, Predicate::Opposes),
        ];
        let table = EdgeTable::from_edges(&edges);
        assert_eq!(table.as_bytes().len(), 2 * EDGE_RECORD);
        assert_eq!(table.iter().collect::<Vec<_>>(), edges);
        let read = EdgeTable::new(Bytes::new(table.as_bytes().to_vec()), 3).unwrap();
        assert_eq!(read.get(1), Some(edges[1]));
        assert_eq!(read.get(2), None);
        assert_eq!(read.max_cost(), table.max_cost());
        let err = EdgeTable::new(Bytes::new(table.as_bytes().to_vec()), 2).unwrap_err();
        assert!(err.contains("node 2"), "{err}");
        let mut bad = table.as_bytes().to_vec();
        bad[4] = u8::MAX;
        assert!(EdgeTable::new(Bytes::new(bad), 3).is_err());
    }

    #[test]
    fn rows_list_each_nodes_edges_in_order_and_loops_twice() {
        let edges = EdgeTable::from_edges(&[
            edge(0, 1, Predicate::MemberOf),
            edge(1, 2, Predicate::PartOf),
            edge(2, 2, Predicate::Opposes),
            edge(1, 0, Predicate::LeaderOf),
        ]);
        let rows = Rows::build(4, &edges);
        let row = |n| rows.row(n).collect::<Vec<_>>();
        assert_eq!(row(0), [0, 3]);
        assert_eq!(row(1), [0, 1, 3]);
        assert_eq!(row(2), [1, 2, 2]);
        assert!(row(3).is_empty());
        assert!(row(4).is_empty());
        let (ends, entries) = rows.parts();
        let read =
            Rows::from_parts(Bytes::new(ends.to_vec()), Bytes::new(entries.to_vec()), 4).unwrap();
        assert_eq!(read.row(1).collect::<Vec<_>>(), [0, 1, 3]);
        assert!(Rows::from_parts(Bytes::new(ends.to_vec()), Bytes::default(), 3).is_err());
    }

    #[test]
    fn strings_read_in_place_and_bad_bounds_read_empty() {
        let table: StringTable = ["alpha", "", "γάμμα"].into_iter().collect();
        assert_eq!(table.len(), 3);
        assert_eq!(
            (0..4).map(|i| table.get(i)).collect::<Vec<_>>(),
            ["alpha", "", "γάμμα", ""]
        );
        let (text, _) = table.parts();
        // An end inside a character, then an end past the text.
        let mut ends = Vec::new();
        push_position(&mut ends, 6);
        push_position(&mut ends, 100);
        let bad = StringTable::from_parts(Bytes::new(text.to_vec()), Bytes::new(ends)).unwrap();
        assert_eq!((bad.get(0), bad.get(1)), ("", ""));
        let buffer: SharedBuffer = Arc::new(b"xxabcxx".to_vec());
        let region = Bytes::region(&buffer, 2..5).unwrap();
        assert_eq!(region.as_slice(), b"abc");
        assert!(Bytes::region(&buffer, 5..9).is_none());
    }
}
