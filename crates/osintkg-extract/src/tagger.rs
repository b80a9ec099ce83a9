//! Part-of-speech tags for English sentences, so that rules can read clause structure.
//!
//! Word lists cannot tell "the attack on the base" from "gunmen attack the base", nor
//! "militants killed in the raid" (a participle) from "militants killed two soldiers" (a
//! finite verb); the words around them can. This is a greedy left-to-right averaged
//! perceptron (Collins 2002; the design of Honnibal's "A good part-of-speech tagger in
//! about 200 lines of Python"): each token's tag is the best-scoring of 21 classes given
//! hashed features of the word, its suffixes, prefixes and shape, whether it is an English
//! dictionary word, its neighbours and the two tags already chosen; frequent unambiguous
//! words come from a tag dictionary instead.
//!
//! The classes are the 17 Universal Dependencies parts of speech, with verbs split by form
//! ([`VerbForm`]: base, present, past, `-ing`, past participle), because passives and
//! participles are what clause rules need. The tagger reads osintkg's own tokens
//! ([`crate::text::tokens`]); [`train`] re-tokenises the treebank the same way.
//!
//! The weights were trained on the dev and test portions of UD English-EWT (web text,
//! CC BY-SA 4.0, which therefore applies to the weights) by
//! `cargo run --release -p osintkg-extract --example train_tagger`. They live in
//! `ontology/lexicon/en/tagger/` as data, are compiled in and parsed once.

use crate::text::Token;
use rustc_hash::FxHashMap;
use std::sync::{LazyLock, OnceLock};

pub mod train;

/// The bundled English weights (format: [`Tagger::from_bytes`]).
const ENGLISH_WEIGHTS: &[u8] = include_bytes!("../../../ontology/lexicon/en/tagger/weights.bin");

/// English word forms and the classes WordNet allows them (see the file's build script).
const ENGLISH_WORD_CLASSES: &str =
    include_str!("../../../ontology/lexicon/en/tagger/word_classes.tsv");

/// Universal Dependencies parts of speech.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pos {
    /// Adjective.
    Adj,
    /// Adposition: "in", "by", "of".
    Adp,
    /// Adverb.
    Adv,
    /// Auxiliary: "was", "has", "will".
    Aux,
    /// Coordinating conjunction.
    Cconj,
    /// Determiner.
    Det,
    /// Interjection.
    Intj,
    /// Common noun.
    Noun,
    /// Numeral.
    Num,
    /// Particle: "to", "not", possessive "'s".
    Part,
    /// Pronoun, including relative "who" and "which".
    Pron,
    /// Proper noun.
    Propn,
    /// Punctuation.
    Punct,
    /// Subordinating conjunction: "after", "because", "that".
    Sconj,
    /// Symbol.
    Sym,
    /// Verb (not auxiliary).
    Verb,
    /// Anything else.
    X,
}

impl Pos {
    /// The Universal Dependencies name ("NOUN").
    pub fn name(self) -> &'static str {
        match self {
            Pos::Adj => "ADJ",
            Pos::Adp => "ADP",
            Pos::Adv => "ADV",
            Pos::Aux => "AUX",
            Pos::Cconj => "CCONJ",
            Pos::Det => "DET",
            Pos::Intj => "INTJ",
            Pos::Noun => "NOUN",
            Pos::Num => "NUM",
            Pos::Part => "PART",
            Pos::Pron => "PRON",
            Pos::Propn => "PROPN",
            Pos::Punct => "PUNCT",
            Pos::Sconj => "SCONJ",
            Pos::Sym => "SYM",
            Pos::Verb => "VERB",
            Pos::X => "X",
        }
    }
}

/// The form of a (non-auxiliary) verb: Penn Treebank's VB, VBP/VBZ, VBD, VBG, VBN.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VerbForm {
    /// Infinitive, imperative or subjunctive: "to arrest", "arrest them".
    Base,
    /// Finite present: "attack", "attacks".
    Present,
    /// Finite past: "they attacked".
    Past,
    /// Gerund or present participle: "attacking".
    Ing,
    /// Past participle: passives ("was arrested"), perfects, reduced relatives ("militants
    /// killed in the raid").
    PastParticiple,
}

/// One token's tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Tag {
    /// Part of speech.
    pub pos: Pos,
    /// The verb's form, for [`Pos::Verb`] only.
    pub verb_form: Option<VerbForm>,
}

impl Tag {
    const fn plain(pos: Pos) -> Tag {
        Tag {
            pos,
            verb_form: None,
        }
    }

    const fn verb(form: VerbForm) -> Tag {
        Tag {
            pos: Pos::Verb,
            verb_form: Some(form),
        }
    }

    /// "NOUN", or "VERB:VBN" for a verb with its Penn Treebank form.
    pub fn name(self) -> &'static str {
        match self.verb_form {
            None => self.pos.name(),
            Some(VerbForm::Base) => "VERB:VB",
            Some(VerbForm::Present) => "VERB:VBP",
            Some(VerbForm::Past) => "VERB:VBD",
            Some(VerbForm::Ing) => "VERB:VBG",
            Some(VerbForm::PastParticiple) => "VERB:VBN",
        }
    }
}

/// The classes the perceptron scores, in the order of the weights file.
const CLASSES: [Tag; 21] = [
    Tag::plain(Pos::Adj),
    Tag::plain(Pos::Adp),
    Tag::plain(Pos::Adv),
    Tag::plain(Pos::Aux),
    Tag::plain(Pos::Cconj),
    Tag::plain(Pos::Det),
    Tag::plain(Pos::Intj),
    Tag::plain(Pos::Noun),
    Tag::plain(Pos::Num),
    Tag::plain(Pos::Part),
    Tag::plain(Pos::Pron),
    Tag::plain(Pos::Propn),
    Tag::plain(Pos::Punct),
    Tag::plain(Pos::Sconj),
    Tag::plain(Pos::Sym),
    Tag::plain(Pos::X),
    Tag::verb(VerbForm::Base),
    Tag::verb(VerbForm::Present),
    Tag::verb(VerbForm::Past),
    Tag::verb(VerbForm::Ing),
    Tag::verb(VerbForm::PastParticiple),
];

const CLASS_COUNT: usize = CLASSES.len();

/// Why the tagger's weights or word classes could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DataError {
    /// A line of `word_classes.tsv` is not `form<TAB>classes` with known class codes.
    #[error("tagger word_classes.tsv line {0}: expected form, a tab and known class codes")]
    WordClasses(usize),
    /// The weights were trained with other word classes: train again.
    #[error("tagger weights: trained with another word_classes.tsv; retrain them")]
    StaleWeights,
    /// The file does not start with the format's magic bytes.
    #[error("tagger weights: not a weights file (bad magic bytes)")]
    BadMagic,
    /// The file ends inside a record.
    #[error("tagger weights: truncated at byte {0}")]
    Truncated(usize),
    /// The file's classes are not the ones this code scores.
    #[error("tagger weights: class {index} is {found:?}, expected {expected:?}")]
    ClassMismatch {
        /// Position in the class list.
        index: usize,
        /// The name this code expects.
        expected: String,
        /// The name in the file.
        found: String,
    },
    /// A feature's shift is larger than [`MAX_SHIFT`].
    #[error("tagger weights: shift {0} out of range")]
    BadShift(u8),
    /// A record names a class that does not exist.
    #[error("tagger weights: class index {0} out of range")]
    BadClass(u8),
    /// Feature keys must be strictly increasing (sorted, no duplicates).
    #[error("tagger weights: feature keys out of order at byte {0}")]
    Unsorted(usize),
    /// Bytes after the last record.
    #[error("tagger weights: {0} trailing bytes")]
    Trailing(usize),
}

/// The weights file starts with these bytes (version 2 of the format).
const MAGIC: &[u8; 8] = b"OSKGPOS2";

/// A trained tagger: word classes and tag dictionary by word, and the perceptron's
/// weights by feature.
pub struct Tagger {
    /// Normalised word hash → its word classes and dictionary tag, in one probe.
    words: FxHashMap<u64, WordEntry>,
    /// The weights.
    features: FeatureTable,
}

/// What the tagger knows of a word before looking at its context.
#[derive(Debug, Clone, Copy)]
struct WordEntry {
    /// [`WordClasses`] bits, 0 when not listed.
    classes: u16,
    /// The class of a frequent word that always takes it, or [`NO_CLASS`].
    fixed: u8,
}

/// No dictionary class.
const NO_CLASS: u8 = u8::MAX;

static ENGLISH: OnceLock<Result<Tagger, DataError>> = OnceLock::new();

impl Tagger {
    /// The bundled English tagger, parsed on first use.
    pub fn english() -> Result<&'static Tagger, &'static DataError> {
        ENGLISH
            .get_or_init(|| Tagger::from_bytes(ENGLISH_WEIGHTS))
            .as_ref()
    }

    /// Reads weights in the osintkg format, all integers little-endian:
    /// - the magic `OSKGPOS2`;
    /// - the `u64` fingerprint of the word classes they were trained with, so that
    ///   weights and word classes cannot drift apart;
    /// - a `u8` class count, then per class a `u8` length and its name ([`Tag::name`]);
    /// - a `u32` dictionary size, then per entry the `u64` hash of a normalised word and
    ///   its `u8` class;
    /// - a `u32` feature count, then per feature its `u64` hash (strictly increasing), an
    ///   `u8` shift (at most [`MAX_SHIFT`]), a `u8` count of weights and per weight a `u8`
    ///   class and an `i8` value: the weight is value × 2^shift × 2^-10.
    pub fn from_bytes(bytes: &[u8]) -> Result<Tagger, DataError> {
        let mut reader = Reader { bytes, at: 0 };
        if reader.take(MAGIC.len())? != MAGIC {
            return Err(DataError::BadMagic);
        }
        let word_classes = WordClasses::english().map_err(Clone::clone)?;
        if reader.u64()? != word_classes.fingerprint {
            return Err(DataError::StaleWeights);
        }
        let classes = usize::from(reader.u8()?);
        for index in 0..classes.max(CLASS_COUNT) {
            let found = if index < classes {
                let len = usize::from(reader.u8()?);
                String::from_utf8_lossy(reader.take(len)?).into_owned()
            } else {
                String::new()
            };
            let expected = CLASSES.get(index).map_or("", |c| c.name());
            if found != expected {
                return Err(DataError::ClassMismatch {
                    index,
                    expected: expected.to_owned(),
                    found,
                });
            }
        }
        let mut words: FxHashMap<u64, WordEntry> = word_classes
            .forms
            .iter()
            .map(|(&word, &classes)| {
                let entry = WordEntry {
                    classes,
                    fixed: NO_CLASS,
                };
                (word, entry)
            })
            .collect();
        for _ in 0..reader.u32()? {
            let word = reader.u64()?;
            let class = reader.class()?;
            words
                .entry(word)
                .or_insert(WordEntry {
                    classes: 0,
                    fixed: NO_CLASS,
                })
                .fixed = class;
        }
        let count = reader.u32()? as usize;
        // Each feature takes at least 10 bytes: bound the allocation by the input.
        let mut features = FeatureTable::with_capacity(count.min(bytes.len() / 10));
        let mut previous = None;
        for _ in 0..count {
            let at = reader.at;
            let key = reader.u64()?;
            if previous.is_some_and(|p| p >= key) {
                return Err(DataError::Unsorted(at));
            }
            previous = Some(key);
            let shift = reader.u8()?;
            if shift > MAX_SHIFT {
                return Err(DataError::BadShift(shift));
            }
            let mut row = Row {
                check: 0,
                shift: u32::from(shift),
                weights: [0; ROW_WIDTH],
            };
            for _ in 0..reader.u8()? {
                let class = usize::from(reader.class()?);
                row.weights[class] = reader.i8()?;
            }
            features.insert(key, row);
        }
        if reader.at != bytes.len() {
            return Err(DataError::Trailing(bytes.len() - reader.at));
        }
        Ok(Tagger { words, features })
    }

    /// Tags a sentence's tokens (from [`crate::text::tokens`]), one tag per token.
    pub fn tag(&self, tokens: &[Token<'_>]) -> Vec<Tag> {
        let mut tagging = self.tagging(tokens);
        tagging.tag_through(tokens.len());
        tagging.tags
    }

    /// A sentence to tag as far as its tags are read: a greedy tagger's tag depends on
    /// the words around it and the tags before it only, so the tags past the last one
    /// read need not be computed.
    pub fn tagging<'t>(&'t self, tokens: &'t [Token<'t>]) -> Tagging<'t> {
        Tagging {
            tagger: self,
            tokens,
            contexts: Vec::new(),
            lower: String::new(),
            tags: Vec::new(),
            history: History::START,
        }
    }

    /// A normalised word hash's word classes and dictionary class.
    fn lookup(&self, word: u64) -> (u16, u8) {
        self.words
            .get(&word)
            .map_or((0, NO_CLASS), |entry| (entry.classes, entry.fixed))
    }

    /// The class of the token at `at` (an index into padded `contexts`).
    fn class(&self, contexts: &[Context], at: usize, history: History) -> usize {
        match contexts[at].fixed {
            NO_CLASS => self.best(&features(contexts, at, history)),
            fixed => usize::from(fixed),
        }
    }

    /// The highest-scoring class (the first of equals).
    fn best(&self, features: &Features) -> usize {
        std::hint::black_box(self.features.touch(features));
        // Integer sums in whole vectors: at most 21 × 127 × 2^16 in magnitude.
        let mut scores = [0i32; ROW_WIDTH];
        for &feature in features {
            if let Some(row) = self.features.get(feature) {
                let shift = row.shift;
                let widened = row.weights.map(|w| i32::from(w) << shift);
                for (score, weight) in scores.iter_mut().zip(widened) {
                    *score += weight;
                }
            }
        }
        argmax(&scores[..CLASS_COUNT])
    }

    /// The number of features with weights: the model's size.
    pub fn feature_count(&self) -> usize {
        self.features.len
    }
}

/// A sentence tagged left to right on demand ([`Tagger::tagging`]).
pub struct Tagging<'t> {
    tagger: &'t Tagger,
    tokens: &'t [Token<'t>],
    /// The contexts of the first tokens, with [`PAD`] sentinels at each end: as far as
    /// the features of the tags computed read (two tokens ahead).
    contexts: Vec<Context>,
    /// A buffer for the lowercase word of a context.
    lower: String,
    /// The tags of the first tokens.
    tags: Vec<Tag>,
    /// The last two classes chosen.
    history: History,
}

impl Tagging<'_> {
    /// The tag of the token at `index`, or `None` past the end.
    pub fn tag(&mut self, index: usize) -> Option<Tag> {
        self.tag_through(index.checked_add(1)?);
        self.tags.get(index).copied()
    }

    /// Tags the first `count` tokens (all of them when there are fewer).
    fn tag_through(&mut self, count: usize) {
        let count = count.min(self.tokens.len());
        if self.tags.len() >= count {
            return;
        }
        self.contexts_through(PAD + count + PAD);
        for at in PAD + self.tags.len()..PAD + count {
            let class = self.tagger.class(&self.contexts, at, self.history);
            self.tags
                .push(CLASSES.get(class).copied().unwrap_or(CLASSES[0]));
            self.history = self.history.then(class);
        }
    }

    /// Extends the padded contexts to `len` entries (at most all of them).
    fn contexts_through(&mut self, len: usize) {
        if self.contexts.is_empty() {
            self.contexts
                .extend([padding("-START2-"), padding("-START-")]);
        }
        let tagger = self.tagger;
        while self.contexts.len() < len {
            match self.tokens.get(self.contexts.len() - PAD) {
                Some(token) => {
                    let context = context(token.text, &mut self.lower, |w| tagger.lookup(w));
                    self.contexts.push(context);
                }
                None => {
                    self.contexts.extend([padding("-END-"), padding("-END2-")]);
                    return;
                }
            }
        }
    }
}

/// Weight rows are padded from 21 classes to 24 so that a row with its check and shift
/// fills 32 bytes, and the scoring loop runs in whole vectors.
const ROW_WIDTH: usize = 24;

/// The largest per-feature shift: weights up to 127 × 2^6 = 8128 (in units of 2^-10).
const MAX_SHIFT: u8 = 16;

/// One feature's weights, quantised to `i8` with a power-of-two scale of its own (six or
/// more significant bits for its largest weight, whatever its magnitude).
#[derive(Debug, Clone, Copy, Default)]
#[repr(C, align(32))]
struct Row {
    /// Identifies the feature among those in the same slot chain; 0 marks an empty slot.
    check: u32,
    /// The weights' binary exponent.
    shift: u32,
    weights: [i8; ROW_WIDTH],
}

/// The weights by feature: open addressing with linear probing at most a quarter full, so a
/// lookup, hit or miss, usually reads one cache line. Tagging is bound by these reads
/// (21 per token), which is why they are not two (a hash map of row offsets, then a row).
struct FeatureTable {
    slots: Vec<Row>,
    mask: usize,
    len: usize,
}

impl FeatureTable {
    fn with_capacity(features: usize) -> FeatureTable {
        let size = (4 * features).next_power_of_two().max(16);
        FeatureTable {
            slots: vec![Row::default(); size],
            mask: size - 1,
            len: 0,
        }
    }

    /// Feature keys are already well mixed: the low bits pick the slot, the high bits
    /// check it.
    fn check(key: u64) -> u32 {
        ((key >> 32) as u32).max(1)
    }

    /// Places a row. The table is sized for the file's features, each of which takes 10
    /// bytes or more, so it never fills; the probe is bounded all the same.
    fn insert(&mut self, key: u64, row: Row) {
        let mut at = key as usize & self.mask;
        for _ in 0..self.slots.len() {
            if self.slots[at].check == 0 {
                self.slots[at] = Row {
                    check: FeatureTable::check(key),
                    ..row
                };
                self.len += 1;
                return;
            }
            at = (at + 1) & self.mask;
        }
    }

    /// Reads the first slot of each feature's chain, all loads independent of each other,
    /// so that their cache misses overlap instead of queueing behind the probes' branches.
    fn touch(&self, features: &Features) -> u32 {
        features.iter().fold(0, |acc, &key| {
            acc ^ self
                .slots
                .get(key as usize & self.mask)
                .map_or(0, |r| r.check)
        })
    }

    fn get(&self, key: u64) -> Option<&Row> {
        let check = FeatureTable::check(key);
        let mut at = key as usize & self.mask;
        for _ in 0..self.slots.len() {
            let row = &self.slots[at];
            if row.check == check {
                return Some(row);
            }
            if row.check == 0 {
                return None;
            }
            at = (at + 1) & self.mask;
        }
        None
    }
}

/// The index of the first maximum.
fn argmax<T: PartialOrd + Copy>(scores: &[T]) -> usize {
    let mut best = 0;
    for (class, &score) in scores.iter().enumerate() {
        if score > scores[best] {
            best = class;
        }
    }
    best
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, len: usize) -> Result<&'a [u8], DataError> {
        let slice = self
            .bytes
            .get(self.at..self.at.saturating_add(len))
            .ok_or(DataError::Truncated(self.at))?;
        self.at += len;
        Ok(slice)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], DataError> {
        let at = self.at;
        self.take(N)?
            .try_into()
            .map_err(|_| DataError::Truncated(at))
    }

    fn u8(&mut self) -> Result<u8, DataError> {
        Ok(self.array::<1>()?[0])
    }

    fn i8(&mut self) -> Result<i8, DataError> {
        Ok(i8::from_le_bytes(self.array()?))
    }

    fn u32(&mut self) -> Result<u32, DataError> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    fn u64(&mut self) -> Result<u64, DataError> {
        Ok(u64::from_le_bytes(self.array()?))
    }

    fn class(&mut self) -> Result<u8, DataError> {
        let class = self.u8()?;
        if usize::from(class) < CLASS_COUNT {
            Ok(class)
        } else {
            Err(DataError::BadClass(class))
        }
    }
}

/// What common English word forms can be: bit 0 for any listed form, then one bit per
/// code of `word_classes.tsv` (WordNet's parts of speech and inflections of SCOWL's words).
/// An unseen "catalyze" is then a possible verb, and an unseen capitalised word that is not
/// listed is likely a name.
struct WordClasses {
    /// Hash of the lowercase form ([`hash_bytes`]) → bits.
    forms: FxHashMap<u64, u16>,
    /// The hash of the file: weights record the one they were trained with.
    fingerprint: u64,
}

/// The class codes of `word_classes.tsv`, bit 1 upwards.
const WORD_CLASS_CODES: [&str; 9] = ["N", "Np", "V", "Vz", "Vd", "Vg", "J", "Jc", "R"];

static ENGLISH_CLASSES: LazyLock<Result<WordClasses, DataError>> =
    LazyLock::new(|| WordClasses::parse(ENGLISH_WORD_CLASSES));

impl WordClasses {
    fn english() -> Result<&'static WordClasses, &'static DataError> {
        ENGLISH_CLASSES.as_ref()
    }

    fn parse(tsv: &str) -> Result<WordClasses, DataError> {
        let mut forms = FxHashMap::default();
        for (index, line) in tsv.lines().enumerate() {
            let error = DataError::WordClasses(index + 1);
            let (form, codes) = line.split_once('\t').ok_or(error.clone())?;
            let mut bits = 1u16;
            for code in codes.split(',').filter(|&c| c != "-") {
                let position = WORD_CLASS_CODES
                    .iter()
                    .position(|&c| c == code)
                    .ok_or(error.clone())?;
                bits |= 2 << position;
            }
            forms.insert(hash_bytes(form.as_bytes()), bits);
        }
        Ok(WordClasses {
            forms,
            fingerprint: hash_bytes(tsv.as_bytes()),
        })
    }

    /// The classes of a word by its hash; 0 when not listed.
    fn of(&self, word: u64) -> u16 {
        self.forms.get(&word).copied().unwrap_or(0)
    }
}

/// What the features know of one token, hashed once per sentence.
#[derive(Debug, Clone, Copy)]
struct Context {
    /// The normalised word: lowercase, ’ as ', numbers as `!YEAR` or `!DIGITS`.
    word: u64,
    /// The last three characters of the lowercase word (numbers included).
    suffix3: u64,
    /// Its last two.
    suffix2: u64,
    /// Its first three.
    prefix3: u64,
    /// The word's shape, runs collapsed: "Xx", "X.X.", "d,d", "x-Xx".
    shape: u64,
    /// Its [`WordClasses`] bits.
    classes: u16,
    /// Its dictionary class at run time, or [`NO_CLASS`].
    fixed: u8,
}

/// Contexts stand two deep before and after the sentence.
const PAD: usize = 2;

fn padding(name: &str) -> Context {
    let hash = hash_bytes(name.as_bytes());
    Context {
        word: hash,
        suffix3: hash,
        suffix2: hash,
        prefix3: hash,
        shape: hash,
        classes: 0,
        fixed: NO_CLASS,
    }
}

/// The contexts of a sentence's tokens, with [`PAD`] sentinels at each end. `lookup`
/// gives a normalised word hash's word classes and dictionary class.
fn contexts(tokens: &[Token<'_>], lookup: impl Fn(u64) -> (u16, u8)) -> Vec<Context> {
    let mut out = Vec::with_capacity(tokens.len() + 2 * PAD);
    out.extend([padding("-START2-"), padding("-START-")]);
    let mut lower = String::new();
    out.extend(tokens.iter().map(|t| context(t.text, &mut lower, &lookup)));
    out.extend([padding("-END-"), padding("-END2-")]);
    out
}

fn context(word: &str, lower: &mut String, lookup: impl Fn(u64) -> (u16, u8)) -> Context {
    lower.clear();
    let ascii = word.is_ascii();
    if ascii {
        lower.push_str(word);
        lower.make_ascii_lowercase();
    } else {
        for c in word.chars() {
            match c {
                '’' => lower.push('\''),
                c => lower.extend(c.to_lowercase()),
            }
        }
    }
    let bytes = lower.as_bytes();
    // Byte offsets of the last n characters and the end of the first three.
    let from_end = |n: usize| {
        if ascii {
            bytes.len().saturating_sub(n)
        } else {
            lower.char_indices().rev().nth(n - 1).map_or(0, |(i, _)| i)
        }
    };
    let prefix_end = if ascii {
        bytes.len().min(3)
    } else {
        lower.char_indices().nth(3).map_or(lower.len(), |(i, _)| i)
    };
    let normalised: &[u8] = if word.starts_with(|c: char| c.is_ascii_digit()) {
        if word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()) {
            b"!YEAR"
        } else {
            b"!DIGITS"
        }
    } else {
        bytes
    };
    let hash = hash_bytes(normalised);
    let (mut classes, fixed) = lookup(hash);
    // A hyphenated word not listed whole takes its last part's classes ("US-led").
    if classes == 0
        && let Some((_, last)) = lower.rsplit_once('-')
    {
        classes = lookup(hash_bytes(last.as_bytes())).0;
    }
    Context {
        word: hash,
        suffix3: hash_bytes(&bytes[from_end(3)..]),
        suffix2: hash_bytes(&bytes[from_end(2)..]),
        prefix3: hash_bytes(&bytes[..prefix_end]),
        shape: shape(word),
        classes,
        fixed,
    }
}

/// The hash of a word's shape: letters as X/x, digits as d, ASCII punctuation as itself,
/// anything else as o, with runs of one symbol collapsed and at most eight symbols.
fn shape(word: &str) -> u64 {
    let mut symbols = [0u8; 8];
    let mut len = 0;
    for c in word.chars() {
        let symbol = if c.is_uppercase() {
            b'X'
        } else if c.is_alphabetic() {
            b'x'
        } else if c.is_numeric() {
            b'd'
        } else if c.is_ascii_punctuation() {
            c as u8
        } else {
            b'o'
        };
        if len > 0 && symbols[len - 1] == symbol {
            continue;
        }
        if len == symbols.len() {
            break;
        }
        symbols[len] = symbol;
        len += 1;
    }
    hash_bytes(&symbols[..len])
}

/// FNV-1a with a final mix: stable across platforms and crate versions, since the
/// weights file stores these hashes.
fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    mix(hash)
}

/// The splitmix64 finaliser.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The two tags chosen before the current token.
#[derive(Debug, Clone, Copy)]
struct History {
    previous: u64,
    before_previous: u64,
}

impl History {
    const START: History = History {
        previous: 1000,
        before_previous: 1001,
    };

    fn then(self, class: usize) -> History {
        History {
            previous: class as u64,
            before_previous: self.previous,
        }
    }
}

const FEATURE_COUNT: usize = 21;

type Features = [u64; FEATURE_COUNT];

/// The key of feature template `template` with values `a` and `b`.
fn feature(template: u64, a: u64, b: u64) -> u64 {
    mix(a ^ b.rotate_left(29) ^ template.wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

/// The features of the token at `at` (an index into padded `contexts`): Honnibal's set
/// (word, suffix, neighbours, the two previous tags) plus shapes, a second suffix and a
/// prefix, and word classes. Each template costs a memory read per token; those whose
/// removal cost nothing in cross-validation (the first character, the shape alone, the
/// previous tag alone, word classes with the previous tag) were removed.
fn features(contexts: &[Context], at: usize, history: History) -> Features {
    let here = contexts[at];
    let (before, before2) = (contexts[at - 1], contexts[at - 2]);
    let (after, after2) = (contexts[at + 1], contexts[at + 2]);
    let History {
        previous,
        before_previous,
    } = history;
    let first = u64::from(at == PAD);
    [
        feature(0, 0, 0),
        feature(1, here.word, 0),
        feature(2, here.suffix3, 0),
        feature(3, here.suffix2, 0),
        feature(4, here.prefix3, 0),
        feature(5, before_previous, 0),
        feature(6, previous, before_previous),
        feature(7, previous, here.word),
        feature(8, before.word, 0),
        feature(9, before.suffix3, 0),
        feature(10, before2.word, 0),
        feature(11, after.word, 0),
        feature(12, after.suffix3, 0),
        feature(13, after2.word, 0),
        // A capital at the start of a sentence says less than one inside it, and a
        // capitalised dictionary word less than an unknown one.
        feature(14, here.shape, first),
        feature(15, here.shape, u64::from(here.classes != 0) + 2 * first),
        feature(16, before.shape, 0),
        feature(17, after.shape, 0),
        feature(18, after.shape, u64::from(after.classes != 0)),
        feature(19, u64::from(here.classes), 0),
        feature(20, u64::from(after.classes), 0),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::{LanguagePack, Lexicon};
    use crate::text;
    use osintkg_graph::Span;
    use std::sync::LazyLock;

    static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| Lexicon::bundled().unwrap());

    fn english() -> &'static LanguagePack {
        LEXICON.pack(Some("en"))
    }

    fn tag(sentence: &str) -> Vec<(String, &'static str)> {
        let tagger = match Tagger::english() {
            Ok(tagger) => tagger,
            Err(error) => panic!("bundled weights are malformed: {error}"),
        };
        let tokens = text::tokens(sentence, Span::new(0, sentence.len()), english());
        let tags = tagger.tag(&tokens);
        assert_eq!(tags.len(), tokens.len());
        tokens
            .iter()
            .zip(tags)
            .map(|(t, tag)| (t.text.to_owned(), tag.name()))
            .collect()
    }

    fn tag_of(tagged: &[(String, &'static str)], word: &str) -> &'static str {
        tagged
            .iter()
            .find(|(w, _)| w == word)
            .map_or("missing", |(_, tag)| tag)
    }

    #[test]
    fn bundled_weights_load() {
        let tagger = Tagger::english().map_err(ToString::to_string);
        assert!(tagger.is_ok(), "{tagger:?}", tagger = tagger.err());
        assert!(tagger.is_ok_and(|t| t.feature_count() > 10_000
            && t.words.values().filter(|w| w.fixed != NO_CLASS).count() > 100));
    }

    #[test]
    fn passive_participle_and_by_agent() {
        let tagged = tag("The suspect was arrested by police in Kabul on Monday.");
        assert_eq!(tag_of(&tagged, "was"), "AUX");
        assert_eq!(tag_of(&tagged, "arrested"), "VERB:VBN");
        assert_eq!(tag_of(&tagged, "by"), "ADP");
        assert_eq!(tag_of(&tagged, "suspect"), "NOUN");
    }

    #[test]
    fn participle_versus_finite_past() {
        let reduced = tag("Three soldiers killed in the ambush were buried on Friday.");
        assert_eq!(tag_of(&reduced, "killed"), "VERB:VBN");
        let finite = tag("The militants killed three soldiers near the border.");
        assert_eq!(tag_of(&finite, "killed"), "VERB:VBD");
    }

    #[test]
    fn attack_as_noun_and_as_verb() {
        let noun = tag("The attack on the hotel lasted four hours.");
        assert_eq!(tag_of(&noun, "attack"), "NOUN");
        let subject = tag("An attack was launched by the group against the base.");
        assert_eq!(tag_of(&subject, "attack"), "NOUN");
        assert_eq!(tag_of(&subject, "launched"), "VERB:VBN");
        let verb = tag("If the rebels attack the city, the army will respond.");
        assert_eq!(tag_of(&verb, "attack"), "VERB:VBP");
        assert_eq!(tag_of(&verb, "respond"), "VERB:VB");
        // Known weakness: before a bare noun ("attack checkpoints") it reads a compound.
        let infinitive = tag("They planned to attack the embassy.");
        assert_eq!(tag_of(&infinitive, "attack"), "VERB:VB");
    }

    #[test]
    fn subordinators_and_relative_pronouns() {
        let tagged = tag("The man who had fled returned because the police came.");
        assert_eq!(tag_of(&tagged, "who"), "PRON");
        assert_eq!(tag_of(&tagged, "had"), "AUX");
        assert_eq!(tag_of(&tagged, "fled"), "VERB:VBN");
        assert_eq!(tag_of(&tagged, "because"), "SCONJ");
        assert_eq!(tag_of(&tagged, "came"), "VERB:VBD");
        let reported =
            tag("Officials said that the group, which claimed the attack, had been banned.");
        assert_eq!(tag_of(&reported, "said"), "VERB:VBD");
        assert_eq!(tag_of(&reported, "that"), "SCONJ");
        assert_eq!(tag_of(&reported, "which"), "PRON");
        assert_eq!(tag_of(&reported, "banned"), "VERB:VBN");
        assert_eq!(tag_of(&reported, ","), "PUNCT");
    }

    #[test]
    fn unseen_verbs_come_from_the_word_classes() {
        // "slept" is not in the treebank; WordNet's classes make it a verb.
        let tagged = tag("The village was attacked while the soldiers slept.");
        assert_eq!(tag_of(&tagged, "attacked"), "VERB:VBN");
        assert_eq!(tag_of(&tagged, "while"), "SCONJ");
        assert_eq!(tag_of(&tagged, "slept"), "VERB:VBD");
        let classes_of = |word: &str| {
            let tokens = text::tokens(word, Span::new(0, word.len()), english());
            let lookup = |hash| (WordClasses::english().map_or(0, |c| c.of(hash)), NO_CLASS);
            contexts(&tokens, lookup)[PAD].classes
        };
        assert_eq!(classes_of("slept"), 1 | 2 << 4);
        assert_eq!(classes_of("US-led"), 1 | 2 | 2 << 4);
        assert_eq!(classes_of("Kabul"), 0);
    }

    #[test]
    fn empty_sentences_and_odd_tokens_do_not_fail() {
        let tagger = Tagger::english().ok();
        let empty: Vec<Token<'_>> = Vec::new();
        assert_eq!(tagger.map(|t| t.tag(&empty).len()), Some(0));
        let odd = "ﷺ ... 4,000 ISIS-K’s a-b-c-d-e-f-g-h-i-j U.S. ‰‰‰";
        assert_eq!(
            tag(odd).len(),
            text::tokens(odd, Span::new(0, odd.len()), english()).len()
        );
    }

    #[test]
    fn malformed_word_classes_name_the_line() {
        assert!(WordClasses::parse("attack\tN,V\nkilled\tVd\n").is_ok());
        assert_eq!(
            WordClasses::parse("attack\tN,V\nkilled Vd\n").err(),
            Some(DataError::WordClasses(2))
        );
        assert_eq!(
            WordClasses::parse("attack\tN,Q\n").err(),
            Some(DataError::WordClasses(1))
        );
    }

    #[test]
    fn malformed_weights_are_errors() {
        assert_eq!(Tagger::from_bytes(b"").err(), Some(DataError::Truncated(0)));
        assert_eq!(
            Tagger::from_bytes(b"NOTMAGIC").err(),
            Some(DataError::BadMagic)
        );
        let bundled = ENGLISH_WEIGHTS;
        let cut = &bundled[..bundled.len() - 1];
        assert!(matches!(
            Tagger::from_bytes(cut),
            Err(DataError::Truncated(_))
        ));
        let mut longer = bundled.to_vec();
        longer.push(0);
        assert_eq!(
            Tagger::from_bytes(&longer).err(),
            Some(DataError::Trailing(1))
        );
        let mut stale = bundled.to_vec();
        stale[MAGIC.len()] ^= 1; // the word classes' fingerprint
        assert_eq!(
            Tagger::from_bytes(&stale).err(),
            Some(DataError::StaleWeights)
        );
        let mut renamed = bundled.to_vec();
        // The first letter of the first class name, after the magic, fingerprint and count.
        renamed[MAGIC.len() + 8 + 2] = b'Z';
        assert!(matches!(
            Tagger::from_bytes(&renamed),
            Err(DataError::ClassMismatch { index: 0, .. })
        ));
    }

    #[test]
    fn hashes_are_pinned() {
        // The weights file stores these hashes: changing the function breaks it.
        assert_eq!(hash_bytes(b"attack"), 6_039_957_981_125_570_475);
    }
}
