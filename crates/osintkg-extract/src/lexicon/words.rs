//! Word lookups in any case, fast enough to run several times per token.
//!
//! The rules ask a pack dozens of questions per token, so these lookups are the
//! extraction passes' largest single cost. Most words are short: up to 15 bytes, a word
//! and its length fit in one `u128`, which hashes in two multiplications and compares
//! in one instruction, where a byte-string key needs a hash loop and a `memcmp`.

use rustc_hash::FxHashMap;

/// Lowercase words (or phrases) mapped to what a pack says about them. Lookups take a
/// token as written: ASCII words are lowercased on the stack, others allocate.
#[derive(Debug, Clone)]
pub(crate) struct WordMap<V> {
    /// Every entry.
    map: FxHashMap<Box<[u8]>, V>,
    /// The entries of [`SHORT`] bytes or fewer, by [`packed`] key: lookups of short
    /// words read only this.
    short: FxHashMap<u128, V>,
}

/// The longest key that [`packed`] holds: its last byte is the length.
const SHORT: usize = 15;

/// A key of at most [`SHORT`] bytes and its length as one number, ASCII letters
/// lowercased when `lowercase` is set.
#[inline]
fn packed(key: &[u8], lowercase: bool) -> Option<u128> {
    if key.len() > SHORT {
        return None;
    }
    // Byte by byte: for so few bytes a call to `memcpy` would cost more than the copy.
    let mut buffer = [0u8; SHORT + 1];
    for (slot, &byte) in buffer.iter_mut().zip(key) {
        *slot = if lowercase {
            byte.to_ascii_lowercase()
        } else {
            byte
        };
    }
    buffer[SHORT] = key.len() as u8;
    Some(u128::from_le_bytes(buffer))
}

impl<V> Default for WordMap<V> {
    fn default() -> Self {
        WordMap {
            map: FxHashMap::default(),
            short: FxHashMap::default(),
        }
    }
}

impl<V> WordMap<V> {
    /// Adds an entry; a word with an apostrophe is found with either apostrophe
    /// ("nell'" and "nell’").
    pub fn insert(&mut self, word: &str, value: V)
    where
        V: Clone,
    {
        if word.contains('\'') {
            self.insert_key(word.replace('\'', "’").as_bytes(), value.clone());
        }
        self.insert_key(word.as_bytes(), value);
    }

    fn insert_key(&mut self, key: &[u8], value: V)
    where
        V: Clone,
    {
        if let Some(short) = packed(key, false) {
            self.short.insert(short, value.clone());
        }
        self.map.insert(key.into(), value);
    }

    /// What the pack says about `word`, in any case.
    pub fn get(&self, word: &str) -> Option<&V> {
        if self.map.is_empty() {
            return None;
        }
        let mut buffer = [0u8; 32];
        if word.is_ascii() && word.len() <= buffer.len() {
            if let Some(key) = packed(word.as_bytes(), true) {
                return self.short.get(&key);
            }
            let lower = &mut buffer[..word.len()];
            lower.copy_from_slice(word.as_bytes());
            lower.make_ascii_lowercase();
            self.map.get(&*lower)
        } else {
            let lower = word.to_lowercase();
            match packed(lower.as_bytes(), false) {
                Some(key) => self.short.get(&key),
                None => self.map.get(lower.as_bytes()),
            }
        }
    }

    /// True when the pack lists `word`.
    pub fn contains(&self, word: &str) -> bool {
        self.get(word).is_some()
    }

    /// The entries, in no order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &V)> {
        self.map
            .iter()
            .filter_map(|(k, v)| std::str::from_utf8(k).ok().map(|k| (k, v)))
    }
}

impl WordMap<u32> {
    /// True when `word` is listed with the bit `flag` set.
    pub fn has(&self, word: &str, flag: u32) -> bool {
        self.get(word).is_some_and(|bits| bits & flag != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_ignore_case_and_apostrophe_style() {
        let mut map = WordMap::default();
        map.insert("nell'", 1u32);
        map.insert("lunedì", 2);
        map.insert("general", 4);
        assert_eq!(map.get("NELL’"), Some(&1));
        assert_eq!(map.get("Nell'"), Some(&1));
        assert_eq!(map.get("Lunedì"), Some(&2));
        assert!(map.has("General", 4) && !map.has("General", 1));
        assert!(!map.contains("generally") && !map.contains(""));
    }
}
