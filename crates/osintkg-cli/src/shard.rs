//! `--shard I/N`: which documents one of N extraction processes takes.
//!
//! A document belongs to shard `h mod N`, where `h` is the first eight bytes of the
//! SHA-256 of its id: the same on every machine, run and version, and independent of
//! the files the documents come in, so N processes given the same input partition it
//! exactly, and `build --records` of their outputs is the build of the whole input.

use sha2::{Digest, Sha256};
use std::fmt;
use std::str::FromStr;

/// Shard `index` of `count` (0 ≤ index < count).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// This process's shard, from 0.
    pub index: u64,
    /// How many shards there are.
    pub count: u64,
}

impl Shard {
    /// True when the document with this id belongs to the shard.
    pub fn contains(&self, doc: &str) -> bool {
        let digest = Sha256::digest(doc.as_bytes());
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        u64::from_be_bytes(first) % self.count == self.index
    }
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(text: &str) -> Result<Shard, String> {
        let expected = || format!("expected I/N with 0 <= I < N (as in 0/4), not {text:?}");
        let (index, count) = text.split_once('/').ok_or_else(expected)?;
        let index: u64 = index.trim().parse().map_err(|_| expected())?;
        let count: u64 = count.trim().parse().map_err(|_| expected())?;
        if count == 0 || index >= count {
            return Err(expected());
        }
        Ok(Shard { index, count })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_partition_the_documents_and_parse_only_valid_pairs() {
        let shards: Vec<Shard> = (0..4).map(|i| format!("{i}/4").parse().unwrap()).collect();
        let mut sizes = [0; 4];
        for n in 0..1000 {
            let doc = format!("doc-{n}");
            let owners: Vec<usize> = (0..4).filter(|&i| shards[i].contains(&doc)).collect();
            assert_eq!(owners.len(), 1, "{doc}");
            sizes[owners[0]] += 1;
        }
        assert!(sizes.iter().all(|&n| n > 200), "{sizes:?}");
        assert_eq!("3/4".parse::<Shard>().unwrap().to_string(), "3/4");
        for bad in ["4/4", "1/0", "x/2", "2", "-1/3", ""] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }
}
