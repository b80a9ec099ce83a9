//! Word lookups in any case, fast enough to run several times per token.

use rustc_hash::FxHashMap;

/// Lowercase words (or phrases) mapped to what a pack says about them. Lookups take a
/// token as written: ASCII words are lowercased on the stack, others allocate.
#[derive(Debug, Clone)]
pub(crate) struct WordMap<V> {
    map: FxHashMap<Box<[u8]>, V>,
}

impl<V> Default for WordMap<V> {
    fn default() -> Self {
        WordMap {
            map: FxHashMap::default(),
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
            self.map
                .insert(word.replace('\'', "’").into_bytes().into(), value.clone());
        }
        self.map.insert(word.as_bytes().into(), value);
    }

    /// What the pack says about `word`, in any case.
    pub fn get(&self, word: &str) -> Option<&V> {
        if self.map.is_empty() {
            return None;
        }
        let mut buffer = [0u8; 32];
        if word.is_ascii() && word.len() <= buffer.len() {
            let lower = &mut buffer[..word.len()];
            lower.copy_from_slice(word.as_bytes());
            lower.make_ascii_lowercase();
            self.map.get(&*lower)
        } else {
            self.map.get(word.to_lowercase().as_bytes())
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
