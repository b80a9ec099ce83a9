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

/// `0x01` in every byte.
const EVERY_BYTE: u128 = u128::MAX / 255;

/// A key of at most [`SHORT`] bytes and its length as one number, byte `i` of the key in
/// byte `i` of the number. Read in two overlapping loads of 8 or 4 bytes: a byte loop
/// or a call to `memcpy` costs several times more for these few bytes.
#[inline]
fn packed(key: &[u8]) -> Option<u128> {
    let len = key.len();
    if len > SHORT {
        return None;
    }
    let bytes = if len >= 8 {
        let low = u64::from_le_bytes(*key.first_chunk::<8>()?);
        let high = u64::from_le_bytes(*key.last_chunk::<8>()?);
        u128::from(low) | u128::from(high) << (8 * (len - 8))
    } else if len >= 4 {
        let low = u32::from_le_bytes(*key.first_chunk::<4>()?);
        let high = u32::from_le_bytes(*key.last_chunk::<4>()?);
        u128::from(low) | u128::from(high) << (8 * (len - 4))
    } else {
        key.iter()
            .rev()
            .fold(0, |number, &byte| number << 8 | u128::from(byte))
    };
    Some(bytes | (len as u128) << (8 * SHORT))
}

/// A [`packed`] key with its ASCII capitals lowercased, all bytes at once, or `None` when
/// it holds a byte of a multi-byte character.
#[inline]
fn ascii_lowercase(key: u128) -> Option<u128> {
    let high_bits = EVERY_BYTE * 0x80;
    if key & high_bits != 0 {
        return None;
    }
    // With every byte below 0x80 no addition carries into the next byte: the high bit of
    // each sum says whether its byte is at least 'A', or above 'Z'.
    let from_a = key + EVERY_BYTE * u128::from(0x80 - b'A');
    let past_z = key + EVERY_BYTE * u128::from(0x80 - b'Z' - 1);
    let capitals = from_a & !past_z & high_bits;
    // 0x80 >> 2 is 0x20, the case bit.
    Some(key | capitals >> 2)
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
        if let Some(short) = packed(key) {
            self.short.insert(short, value.clone());
        }
        self.map.insert(key.into(), value);
    }

    /// What the pack says about `word`, in any case.
    pub fn get(&self, word: &str) -> Option<&V> {
        if self.map.is_empty() {
            return None;
        }
        if let Some(key) = packed(word.as_bytes()).and_then(ascii_lowercase) {
            return self.short.get(&key);
        }
        let mut buffer = [0u8; 32];
        if word.is_ascii() && word.len() <= buffer.len() {
            let lower = &mut buffer[..word.len()];
            lower.copy_from_slice(word.as_bytes());
            lower.make_ascii_lowercase();
            self.map.get(&*lower)
        } else {
            let lower = word.to_lowercase();
            match packed(lower.as_bytes()) {
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
    fn packed_keys_hold_each_byte_in_place_and_lowercase_ascii_only() {
        let word = b"Al-Qaeda-IRAQ_z";
        for len in 0..=SHORT {
            let key = &word[..len];
            let mut expected = [0u8; SHORT + 1];
            expected[..len].copy_from_slice(key);
            expected[SHORT] = len as u8;
            assert_eq!(packed(key), Some(u128::from_le_bytes(expected)));
            expected[..len].make_ascii_lowercase();
            assert_eq!(
                packed(key).and_then(ascii_lowercase),
                Some(u128::from_le_bytes(expected))
            );
        }
        assert_eq!(packed("é".as_bytes()).and_then(ascii_lowercase), None);
        assert_eq!(packed(&[b'a'; SHORT + 1]), None);
    }

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
