//! Training the tagger: CoNLL-U reading, re-tokenisation, the averaged perceptron,
//! evaluation and the weights file.
//!
//! The treebank's tokens are not osintkg's: EWT splits "Bush's", "don't" and "15-year"
//! into several words, osintkg keeps each as one token. Each treebank sentence is
//! therefore tokenised again with [`crate::text::tokens`], and each token takes the tag of
//! the treebank word that heads the words it covers (the one whose syntactic head lies
//! outside them): "Bush's" is PROPN, "don't" AUX, "15-year" NOUN. A piece of punctuation cut
//! from a longer treebank word ("Mr" + ".") is PUNCT. Sentences whose words cannot be found
//! in their text are skipped and counted.
//!
//! Training is deterministic: a fixed seed orders the sentences of each epoch, arithmetic
//! is integer until the final average, and the file is written in key order.

use super::{
    CLASS_COUNT, CLASSES, Context, DataError, History, MAGIC, MAX_SHIFT, NO_CLASS, PAD, Pos, Tag,
    Tagger, VerbForm, WordClasses, argmax, contexts, features,
};
use crate::lexicon::LanguagePack;
use crate::text::{self, Token};
use osintkg_graph::Span;
use rustc_hash::{FxHashMap, FxHashSet};

/// One sentence of training or evaluation data, tagged in osintkg's tokenisation.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// The treebank document it comes from (`# newdoc id`): splits are by document.
    pub document: String,
    /// The sentence text.
    pub text: String,
    /// The gold class of each token of [`Example::tokens`].
    pub classes: Vec<u8>,
}

impl Example {
    /// The sentence's tokens, as the extraction pipeline makes them.
    pub fn tokens(&self, pack: &LanguagePack) -> Vec<Token<'_>> {
        text::tokens(&self.text, Span::new(0, self.text.len()), pack)
    }

    /// The gold tags.
    pub fn tags(&self) -> impl Iterator<Item = Tag> + '_ {
        self.classes.iter().map(|&c| CLASSES[usize::from(c)])
    }
}

/// The sentences of a CoNLL-U file.
#[derive(Debug, Clone, Default)]
pub struct Treebank {
    /// Sentences that could be re-tokenised.
    pub examples: Vec<Example>,
    /// Sentences skipped because their words could not be found in their text.
    pub skipped: usize,
}

/// A CoNLL-U line that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("CoNLL-U line {line}: {message}")]
pub struct ConlluError {
    /// The 1-based line number.
    pub line: usize,
    /// What is wrong with it.
    pub message: String,
}

/// A syntactic word of the treebank.
#[derive(Debug, Clone)]
struct Word {
    id: usize,
    head: usize,
    class: u8,
    /// Index of the surface token it belongs to.
    token: usize,
}

/// The sentence being read.
#[derive(Debug, Default)]
struct Pending {
    text: Option<String>,
    /// Surface tokens: a multiword token ("don't") is one, covering several words.
    surface: Vec<String>,
    words: Vec<Word>,
    /// The last word id of the multiword token being read.
    multiword_until: usize,
}

/// Reads a CoNLL-U file and re-tokenises each sentence.
pub fn read_conllu(source: &str, pack: &LanguagePack) -> Result<Treebank, ConlluError> {
    let mut treebank = Treebank::default();
    let mut document = String::new();
    let mut pending = Pending::default();
    for (index, line) in source.lines().chain([""]).enumerate() {
        let error = |message: &str| ConlluError {
            line: index + 1,
            message: message.to_owned(),
        };
        if line.trim().is_empty() {
            let sentence = std::mem::take(&mut pending);
            if !sentence.words.is_empty() {
                match align(&document, sentence, pack) {
                    Some(example) => treebank.examples.push(example),
                    None => treebank.skipped += 1,
                }
            }
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            if let Some(id) = comment.trim_start().strip_prefix("newdoc id =") {
                document = id.trim().to_owned();
            } else if let Some(text) = comment.trim_start().strip_prefix("text =") {
                pending.text = Some(text.trim().to_owned());
            }
            continue;
        }
        let columns: Vec<&str> = line.split('\t').collect();
        let [id, form, _lemma, upos, xpos, _feats, head, ..] = columns[..] else {
            return Err(error("fewer than 7 columns"));
        };
        if id.contains('.') {
            continue; // an empty node of the enhanced graph
        }
        if let Some((_, last)) = id.split_once('-') {
            pending.multiword_until = last.parse().map_err(|_| error("bad range id"))?;
            pending.surface.push(form.to_owned());
            continue;
        }
        let id: usize = id.parse().map_err(|_| error("bad id"))?;
        let head: usize = head.parse().map_err(|_| error("bad head"))?;
        let class = class_of(upos, xpos).ok_or_else(|| error("unknown UPOS"))?;
        if id > pending.multiword_until || pending.surface.is_empty() {
            pending.surface.push(form.to_owned());
        }
        pending.words.push(Word {
            id,
            head,
            class,
            token: pending.surface.len() - 1,
        });
    }
    Ok(treebank)
}

/// The class of a treebank word: its UPOS, and for verbs the form its PTB tag gives.
fn class_of(upos: &str, xpos: &str) -> Option<u8> {
    let pos = match upos {
        "ADJ" => Pos::Adj,
        "ADP" => Pos::Adp,
        "ADV" => Pos::Adv,
        "AUX" => Pos::Aux,
        "CCONJ" => Pos::Cconj,
        "DET" => Pos::Det,
        "INTJ" => Pos::Intj,
        "NOUN" => Pos::Noun,
        "NUM" => Pos::Num,
        "PART" => Pos::Part,
        "PRON" => Pos::Pron,
        "PROPN" => Pos::Propn,
        "PUNCT" => Pos::Punct,
        "SCONJ" => Pos::Sconj,
        "SYM" => Pos::Sym,
        "VERB" => Pos::Verb,
        "X" => Pos::X,
        _ => return None,
    };
    let verb_form = (pos == Pos::Verb).then_some(match xpos {
        "VBP" | "VBZ" => VerbForm::Present,
        "VBD" => VerbForm::Past,
        "VBG" => VerbForm::Ing,
        "VBN" => VerbForm::PastParticiple,
        // VB, and the few verbs tagged otherwise (typos, foreign words).
        _ => VerbForm::Base,
    });
    class(Tag { pos, verb_form })
}

/// The class index of a tag.
fn class(tag: Tag) -> Option<u8> {
    CLASSES
        .iter()
        .position(|&c| c == tag)
        .and_then(|c| u8::try_from(c).ok())
}

/// Finds the words in the text and tags osintkg's tokens of it.
fn align(document: &str, sentence: Pending, pack: &LanguagePack) -> Option<Example> {
    let text = sentence.text?;
    let mut spans = Vec::with_capacity(sentence.surface.len());
    let mut cursor = 0;
    for form in &sentence.surface {
        let rest = &text[cursor..];
        let start = cursor + rest.find(form.as_str())?;
        // Only whitespace may stand between two tokens.
        if !text[cursor..start].trim().is_empty() {
            return None;
        }
        cursor = start + form.len();
        spans.push(Span::new(start, cursor));
    }
    let tokens = text::tokens(&text, Span::new(0, text.len()), pack);
    let punct = class(Tag::plain(Pos::Punct))?;
    let mut classes = Vec::with_capacity(tokens.len());
    for token in &tokens {
        let covered: Vec<&Word> = sentence
            .words
            .iter()
            .filter(|w| {
                let span = spans[w.token];
                span.start < token.span.end && token.span.start < span.end
            })
            .collect();
        let head = covered
            .iter()
            .filter(|w| !covered.iter().any(|o| o.id == w.head))
            .min_by_key(|w| w.class == punct)
            .or(covered.first())?;
        let span = spans[head.token];
        let cut_from_word = span.start < token.span.start || token.span.end < span.end;
        let symbol = CLASSES[usize::from(head.class)].pos == Pos::Sym;
        let punctuation_only = !token.text.chars().any(char::is_alphanumeric);
        classes.push(if cut_from_word && punctuation_only && !symbol {
            punct
        } else {
            head.class
        });
    }
    Some(Example {
        document: document.to_owned(),
        text,
        classes,
    })
}

/// How to train.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainOptions {
    /// Passes over the data.
    pub epochs: usize,
    /// Seed of the sentence order.
    pub seed: u64,
    /// A word enters the tag dictionary when seen at least this often...
    pub dictionary_min_count: usize,
    /// ...with one class at least this share of the time.
    pub dictionary_min_share: f64,
    /// Averaged weights smaller than this in magnitude are dropped.
    pub prune_below: f64,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 10,
            seed: 0x05EE_D0F7_A66E_2024,
            dictionary_min_count: 20,
            dictionary_min_share: 0.97,
            prune_below: 0.05,
        }
    }
}

/// The perceptron during training: integer weights with the running sums for averaging.
#[derive(Default)]
struct Perceptron {
    rows: FxHashMap<u64, usize>,
    weights: Vec<i32>,
    /// Sum over past instances of each weight, up to its last change.
    totals: Vec<i64>,
    /// The instance at which each weight last changed.
    stamps: Vec<u64>,
    instances: u64,
}

impl Perceptron {
    fn best(&self, features: &[u64]) -> usize {
        let mut scores = [0i64; CLASS_COUNT];
        for feature in features {
            if let Some(&row) = self.rows.get(feature) {
                for (score, &weight) in scores.iter_mut().zip(&self.weights[row..]) {
                    *score += i64::from(weight);
                }
            }
        }
        argmax(&scores)
    }

    fn row(&mut self, feature: u64) -> usize {
        let next = self.weights.len();
        let row = *self.rows.entry(feature).or_insert(next);
        if row == next {
            self.weights.resize(next + CLASS_COUNT, 0);
            self.totals.resize(next + CLASS_COUNT, 0);
            self.stamps.resize(next + CLASS_COUNT, 0);
        }
        row
    }

    fn update(&mut self, truth: usize, guess: usize, features: &[u64]) {
        self.instances += 1;
        if truth == guess {
            return;
        }
        for &feature in features {
            let row = self.row(feature);
            for (class, change) in [(truth, 1), (guess, -1)] {
                let at = row + class;
                let elapsed = self.instances - self.stamps[at];
                self.totals[at] += elapsed as i64 * i64::from(self.weights[at]);
                self.stamps[at] = self.instances;
                self.weights[at] += change;
            }
        }
    }

    /// The averaged weights, each feature's quantised to `i8` in units of 2^(shift - 10)
    /// with a shift of its own; features whose largest weight is below `prune_below` are
    /// dropped.
    fn finish(self, prune_below: f64) -> Vec<(u64, u8, [i8; CLASS_COUNT])> {
        let instances = self.instances.max(1);
        let mut keys: Vec<(u64, usize)> = self.rows.into_iter().collect();
        keys.sort_unstable();
        let mut out = Vec::with_capacity(keys.len());
        for (key, row) in keys {
            let mut averaged = [0f64; CLASS_COUNT];
            for (class, average) in averaged.iter_mut().enumerate() {
                let at = row + class;
                let elapsed = instances - self.stamps[at];
                let total = self.totals[at] + elapsed as i64 * i64::from(self.weights[at]);
                *average = total as f64 / instances as f64;
            }
            let largest = averaged.iter().fold(0f64, |m, w| m.max(w.abs()));
            if largest == 0.0 || largest < prune_below {
                continue;
            }
            let mut shift = 0;
            while shift < MAX_SHIFT && largest / unit(shift) > f64::from(i8::MAX) {
                shift += 1;
            }
            let quantised = averaged.map(|w| (w / unit(shift)).round().clamp(-127.0, 127.0) as i8);
            if quantised.iter().any(|&w| w != 0) {
                out.push((key, shift, quantised));
            }
        }
        out
    }
}

/// The value of a quantised weight of 1 at a shift.
fn unit(shift: u8) -> f64 {
    f64::from(1u32 << shift) / 1024.0
}

/// Trains a tagger on the examples, with the bundled word classes, and returns its
/// weights file (format: [`Tagger::from_bytes`]).
pub fn train(
    examples: &[Example],
    options: &TrainOptions,
    pack: &LanguagePack,
) -> Result<Vec<u8>, DataError> {
    let word_classes = WordClasses::english().map_err(Clone::clone)?;
    let lookup = |word| (word_classes.of(word), NO_CLASS);
    let prepared: Vec<(Vec<Context>, &[u8])> = examples
        .iter()
        .map(|e| (contexts(&e.tokens(pack), lookup), e.classes.as_slice()))
        .collect();
    let dictionary = dictionary(&prepared, options);
    let mut perceptron = Perceptron::default();
    let mut order: Vec<usize> = (0..prepared.len()).collect();
    let mut random = XorShift(options.seed | 1);
    for _ in 0..options.epochs {
        random.shuffle(&mut order);
        for &sentence in &order {
            let (contexts, classes) = &prepared[sentence];
            let mut history = History::START;
            for (at, &truth) in classes.iter().enumerate() {
                let truth = usize::from(truth);
                let guess = match dictionary.get(&contexts[at + PAD].word) {
                    Some(&class) => usize::from(class),
                    None => {
                        let features = features(contexts, at + PAD, history);
                        let guess = perceptron.best(&features);
                        perceptron.update(truth, guess, &features);
                        guess
                    }
                };
                history = history.then(guess);
            }
        }
    }
    let features = perceptron.finish(options.prune_below);
    Ok(weights_file(word_classes, &dictionary, &features))
}

/// Frequent words that nearly always take one class.
fn dictionary(prepared: &[(Vec<Context>, &[u8])], options: &TrainOptions) -> FxHashMap<u64, u8> {
    let mut counts: FxHashMap<u64, [usize; CLASS_COUNT]> = FxHashMap::default();
    for (contexts, classes) in prepared {
        for (at, &class) in classes.iter().enumerate() {
            counts.entry(contexts[at + PAD].word).or_default()[usize::from(class)] += 1;
        }
    }
    counts
        .into_iter()
        .filter_map(|(word, counts)| {
            let total: usize = counts.iter().sum();
            let best = argmax(&counts);
            let share = counts[best] as f64 / total as f64;
            (total >= options.dictionary_min_count && share >= options.dictionary_min_share)
                .then_some((word, best as u8))
        })
        .collect()
}

/// A small deterministic generator for the sentence order.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// Fisher–Yates.
    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// The weights file (format: [`Tagger::from_bytes`]), in key order.
fn weights_file(
    word_classes: &WordClasses,
    dictionary: &FxHashMap<u64, u8>,
    features: &[(u64, u8, [i8; CLASS_COUNT])],
) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&word_classes.fingerprint.to_le_bytes());
    out.push(CLASS_COUNT as u8);
    for class in CLASSES {
        let name = class.name();
        out.push(name.len() as u8);
        out.extend_from_slice(name.as_bytes());
    }
    let mut dictionary: Vec<(u64, u8)> = dictionary.iter().map(|(&w, &c)| (w, c)).collect();
    dictionary.sort_unstable();
    out.extend_from_slice(&(dictionary.len() as u32).to_le_bytes());
    for (word, class) in dictionary {
        out.extend_from_slice(&word.to_le_bytes());
        out.push(class);
    }
    out.extend_from_slice(&(features.len() as u32).to_le_bytes());
    for &(key, shift, weights) in features {
        out.extend_from_slice(&key.to_le_bytes());
        out.push(shift);
        out.push(weights.iter().filter(|&&w| w != 0).count() as u8);
        for (class, &weight) in weights.iter().enumerate() {
            if weight != 0 {
                out.push(class as u8);
                out.extend_from_slice(&weight.to_le_bytes());
            }
        }
    }
    out
}

/// Accuracy of a tagger on tagged sentences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    /// Tokens scored.
    pub tokens: usize,
    /// Tokens with the right class (verb form included).
    pub correct: usize,
    /// Tokens with the right part of speech (verb form ignored).
    pub pos_correct: usize,
    /// Tokens whose lowercase form the training data never had.
    pub unknown: usize,
    /// Of those, with the right part of speech.
    pub unknown_pos_correct: usize,
    /// `confusion[gold][predicted]` counts over classes.
    pub confusion: Vec<[usize; CLASS_COUNT]>,
}

impl Evaluation {
    /// Share of tokens with the right class.
    pub fn accuracy(&self) -> f64 {
        ratio(self.correct, self.tokens)
    }

    /// Share of tokens with the right part of speech.
    pub fn pos_accuracy(&self) -> f64 {
        ratio(self.pos_correct, self.tokens)
    }

    /// Share of unseen words with the right part of speech.
    pub fn unknown_pos_accuracy(&self) -> f64 {
        ratio(self.unknown_pos_correct, self.unknown)
    }

    /// The classes, in the order of [`Evaluation::confusion`].
    pub fn classes() -> [Tag; CLASS_COUNT] {
        CLASSES
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// The lowercase words of the examples: what counts as a known word.
pub fn vocabulary(examples: &[Example], pack: &LanguagePack) -> FxHashSet<String> {
    examples
        .iter()
        .flat_map(|e| e.tokens(pack).into_iter().map(|t| t.text.to_lowercase()))
        .collect()
}

/// Tags the examples and compares with their gold classes.
pub fn evaluate(
    tagger: &Tagger,
    examples: &[Example],
    known: &FxHashSet<String>,
    pack: &LanguagePack,
) -> Evaluation {
    let mut evaluation = Evaluation {
        tokens: 0,
        correct: 0,
        pos_correct: 0,
        unknown: 0,
        unknown_pos_correct: 0,
        confusion: vec![[0; CLASS_COUNT]; CLASS_COUNT],
    };
    for example in examples {
        let tokens = example.tokens(pack);
        for ((token, predicted), gold) in tokens.iter().zip(tagger.tag(&tokens)).zip(example.tags())
        {
            let (Some(gold_class), Some(predicted_class)) = (class(gold), class(predicted)) else {
                continue;
            };
            evaluation.tokens += 1;
            evaluation.correct += usize::from(gold == predicted);
            let pos_right = gold.pos == predicted.pos;
            evaluation.pos_correct += usize::from(pos_right);
            if !known.contains(&token.text.to_lowercase()) {
                evaluation.unknown += 1;
                evaluation.unknown_pos_correct += usize::from(pos_right);
            }
            evaluation.confusion[usize::from(gold_class)][usize::from(predicted_class)] += 1;
        }
    }
    evaluation
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Lexicon;
    use std::sync::LazyLock;

    static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| Lexicon::bundled().unwrap());

    /// The English pack, which tokenises as the pipeline does for English text.
    fn english() -> &'static LanguagePack {
        LEXICON.pack(Some("en"))
    }

    const SAMPLE: &str = "\
# newdoc id = doc-a
# text = Bush's men don't know the 15-year plan.
1\tBush\tBush\tPROPN\tNNP\t_\t3\tnmod:poss\t_\tSpaceAfter=No
2\t's\t's\tPART\tPOS\t_\t1\tcase\t_\t_
3\tmen\tman\tNOUN\tNNS\t_\t6\tnsubj\t_\t_
4-5\tdon't\t_\t_\t_\t_\t_\t_\t_\t_
4\tdo\tdo\tAUX\tVBP\t_\t6\taux\t_\t_
5\tn't\tnot\tPART\tRB\t_\t6\tadvmod\t_\t_
6\tknow\tknow\tVERB\tVB\t_\t0\troot\t_\t_
7\tthe\tthe\tDET\tDT\t_\t10\tdet\t_\t_
8\t15\t15\tNUM\tCD\t_\t10\tnummod\t_\tSpaceAfter=No
9\t-\t-\tPUNCT\tHYPH\t_\t8\tpunct\t_\tSpaceAfter=No
10\tyear\tyear\tNOUN\tNN\t_\t11\tcompound\t_\t_
11\tplan\tplan\tNOUN\tNN\t_\t6\tobj\t_\tSpaceAfter=No
12\t.\t.\tPUNCT\t.\t_\t6\tpunct\t_\t_

# newdoc id = doc-b
# text = Mr. Smith was arrested.
1\tMr.\tMr.\tPROPN\tNNP\t_\t2\tcompound\t_\t_
2\tSmith\tSmith\tPROPN\tNNP\t_\t4\tnsubj:pass\t_\t_
3\twas\tbe\tAUX\tVBD\t_\t4\taux:pass\t_\t_
4\tarrested\tarrest\tVERB\tVBN\t_\t0\troot\t_\tSpaceAfter=No
5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_

";

    fn tagged(example: &Example) -> Vec<(String, &'static str)> {
        example
            .tokens(english())
            .iter()
            .zip(example.tags())
            .map(|(t, tag)| (t.text.to_owned(), tag.name()))
            .collect()
    }

    fn pairs(list: &[(&str, &'static str)]) -> Vec<(String, &'static str)> {
        list.iter().map(|&(w, t)| (w.to_owned(), t)).collect()
    }

    #[test]
    fn treebank_words_take_osintkg_tokenisation() {
        let treebank = read_conllu(SAMPLE, english()).map_err(|e| e.to_string());
        let treebank = treebank.unwrap_or_default();
        assert_eq!(treebank.skipped, 0);
        assert_eq!(treebank.examples.len(), 2);
        assert_eq!(treebank.examples[0].document, "doc-a");
        assert_eq!(
            tagged(&treebank.examples[0]),
            pairs(&[
                ("Bush's", "PROPN"),
                ("men", "NOUN"),
                ("don't", "AUX"),
                ("know", "VERB:VB"),
                ("the", "DET"),
                ("15-year", "NOUN"),
                ("plan", "NOUN"),
                (".", "PUNCT"),
            ])
        );
        assert_eq!(
            tagged(&treebank.examples[1]),
            pairs(&[
                ("Mr", "PROPN"),
                (".", "PUNCT"),
                ("Smith", "PROPN"),
                ("was", "AUX"),
                ("arrested", "VERB:VBN"),
                (".", "PUNCT"),
            ])
        );
    }

    #[test]
    fn bad_conllu_names_the_line() {
        let error = read_conllu("# text = a\n1\ta\n", english()).err();
        assert_eq!(error.map(|e| e.line), Some(2));
        let unknown = read_conllu("1\ta\ta\tWHAT\tX\t_\t0\troot\t_\t_\n", english()).err();
        assert_eq!(unknown.map(|e| e.message), Some("unknown UPOS".to_owned()));
    }

    #[test]
    fn sentences_whose_words_are_not_in_their_text_are_skipped() {
        let source = "# text = one two\n1\tone\tone\tNUM\tCD\t_\t0\troot\t_\t_\n2\tthree\tthree\tNUM\tCD\t_\t1\tflat\t_\t_\n";
        let treebank = read_conllu(source, english()).unwrap_or_default();
        assert_eq!((treebank.examples.len(), treebank.skipped), (0, 1));
    }

    fn tiny_corpus() -> Vec<Example> {
        let sentences = [
            ("Police arrested the man.", "NOUN VERB:VBD DET NOUN PUNCT"),
            (
                "The man was arrested by police.",
                "DET NOUN AUX VERB:VBN ADP NOUN PUNCT",
            ),
            (
                "The attack killed two men.",
                "DET NOUN VERB:VBD NUM NOUN PUNCT",
            ),
            (
                "Two men were killed in the attack.",
                "NUM NOUN AUX VERB:VBN ADP DET NOUN PUNCT",
            ),
            ("They attack at night.", "PRON VERB:VBP ADP NOUN PUNCT"),
        ];
        let names: FxHashMap<&str, u8> = CLASSES
            .iter()
            .enumerate()
            .map(|(i, c)| (c.name(), i as u8))
            .collect();
        sentences
            .iter()
            .enumerate()
            .map(|(n, (text, tags))| Example {
                document: format!("d{n}"),
                text: (*text).to_owned(),
                classes: tags.split(' ').map(|t| names[t]).collect(),
            })
            .collect()
    }

    fn trained(corpus: &[Example], options: &TrainOptions) -> Vec<u8> {
        train(corpus, options, english()).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn training_is_deterministic_and_learns_its_data() {
        let corpus = tiny_corpus();
        let options = TrainOptions {
            epochs: 5,
            dictionary_min_count: 3,
            prune_below: 0.0,
            ..TrainOptions::default()
        };
        let first = trained(&corpus, &options);
        let second = trained(&corpus, &options);
        assert_eq!(first, second);
        let tagger = Tagger::from_bytes(&first).map_err(|e| e.to_string());
        let tagger = tagger.unwrap_or_else(|e| panic!("{e}"));
        let evaluation = evaluate(&tagger, &corpus, &vocabulary(&corpus, english()), english());
        assert_eq!(evaluation.tokens, 31);
        assert_eq!(evaluation.correct, evaluation.tokens, "{evaluation:?}");
        assert_eq!(evaluation.unknown, 0);
        // Another seed orders the sentences otherwise, and the weights differ.
        let reseeded = TrainOptions { seed: 7, ..options };
        assert_ne!(trained(&corpus, &reseeded), first);
    }

    #[test]
    fn written_features_read_back_including_colliding_slots() {
        let classes = WordClasses::english().unwrap_or_else(|e| panic!("{e}"));
        let mut row = [0i8; CLASS_COUNT];
        row[3] = -7;
        row[20] = 127;
        // Three keys in one slot chain (same low bits), one alone.
        let keys = [5u64, (1 << 40) | 5, (2 << 40) | 5, 9 << 44];
        let features: Vec<(u64, u8, [i8; CLASS_COUNT])> =
            keys.iter().map(|&k| (k, 3, row)).collect();
        let mut dictionary = FxHashMap::default();
        dictionary.insert(42, 7);
        let bytes = weights_file(classes, &dictionary, &features);
        let tagger = Tagger::from_bytes(&bytes).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(tagger.feature_count(), 4);
        for key in keys {
            let found = tagger
                .features
                .get(key)
                .map(|r| (r.shift, r.weights[3], r.weights[20]));
            assert_eq!(found, Some((3, -7, 127)), "{key}");
        }
        assert!(tagger.features.get((3 << 40) | 5).is_none());
        assert!(tagger.features.get(6).is_none());
        assert_eq!(tagger.words.get(&42).map(|w| w.fixed), Some(7));
    }

    #[test]
    fn the_bundled_weights_are_what_training_on_the_treebank_gives() {
        let treebank = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/treebank/ud-english-ewt");
        let mut examples = Vec::new();
        for part in ["dev", "test"] {
            let path = treebank.join(format!("en_ewt-ud-{part}.conllu"));
            let source = std::fs::read_to_string(&path).unwrap_or_else(|e| {
                panic!("{}: {e} (the treebank is in ../shared)", path.display())
            });
            let read = read_conllu(&source, english()).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(read.skipped, 0);
            examples.extend(read.examples);
        }
        let retrained = trained(&examples, &TrainOptions::default());
        assert!(
            retrained == super::super::ENGLISH_WEIGHTS,
            "ontology/lexicon/en/tagger/weights.bin is not what training gives: rerun \
             cargo run --release -p osintkg-extract --example train_tagger -- --write \
             ontology/lexicon/en/tagger/weights.bin"
        );
    }
}
