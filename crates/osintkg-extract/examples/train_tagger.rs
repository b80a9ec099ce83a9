//! Trains the part-of-speech tagger on UD English-EWT and measures it:
//!
//! ```text
//! cargo run --release -p osintkg-extract --example train_tagger -- [--evaluate] [--folds]
//!     [--write FILE] [--treebank DIR] [--epochs N] [--prune X] [--min-count N] [--upos-only]
//! ```
//!
//! `--evaluate` trains on dev plus four fifths of the test documents and scores every fifth
//! test document; `--folds` runs 5-fold cross-validation by document over dev + test;
//! `--write` trains on all of dev + test and writes the weights (the bundled ones are
//! `ontology/lexicon/en/tagger/weights.bin`). `--upos-only` trains without verb forms, to
//! see what they cost. `--show FILE` prints the bundled tagger's tags of a text file's
//! sentences instead; with `--time N` it tags them N times and prints the rate (run it under
//! `perf stat -e task-clock` for CPU time on a busy machine). The treebank defaults to `../shared/treebank/ud-english-ewt`.

use osintkg_extract::lexicon::{LanguagePack, Lexicon};
use osintkg_extract::tagger::train::{self, Evaluation, Example, TrainOptions};
use osintkg_extract::tagger::{Pos, Tag, Tagger, VerbForm};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Instant;

struct Arguments {
    treebank: PathBuf,
    evaluate: bool,
    folds: bool,
    upos_only: bool,
    write: Option<PathBuf>,
    show: Vec<PathBuf>,
    time: usize,
    options: TrainOptions,
}

fn arguments() -> Result<Arguments, String> {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut parsed = Arguments {
        treebank: workspace.join("../shared/treebank/ud-english-ewt"),
        evaluate: false,
        folds: false,
        upos_only: false,
        write: None,
        show: Vec::new(),
        time: 0,
        options: TrainOptions::default(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        let number = |text: String| text.parse::<f64>().map_err(|e| format!("{text}: {e}"));
        match arg.as_str() {
            "--treebank" => parsed.treebank = value("--treebank")?.into(),
            "--evaluate" => parsed.evaluate = true,
            "--folds" => parsed.folds = true,
            "--upos-only" => parsed.upos_only = true,
            "--write" => parsed.write = Some(value("--write")?.into()),
            "--show" => parsed.show.push(value("--show")?.into()),
            "--time" => parsed.time = number(value("--time")?)? as usize,
            "--epochs" => parsed.options.epochs = number(value("--epochs")?)? as usize,
            "--prune" => parsed.options.prune_below = number(value("--prune")?)?,
            "--min-count" => {
                parsed.options.dictionary_min_count = number(value("--min-count")?)? as usize
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(parsed)
}

/// The English pack, which tokenises the treebank as the pipeline tokenises English.
fn english() -> Result<&'static LanguagePack, String> {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    if LEXICON.get().is_none() {
        let lexicon = Lexicon::bundled().map_err(|e| e.to_string())?;
        let _ = LEXICON.set(lexicon);
    }
    LEXICON
        .get()
        .map(|lexicon| lexicon.pack(Some("en")))
        .ok_or_else(|| "the bundled lexicon did not load".to_owned())
}

fn read(path: &Path) -> Result<Vec<Example>, String> {
    let source = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let treebank =
        train::read_conllu(&source, english()?).map_err(|e| format!("{}: {e}", path.display()))?;
    eprintln!(
        "{}: {} sentences, {} skipped (words not found in the text)",
        path.display(),
        treebank.examples.len(),
        treebank.skipped
    );
    Ok(treebank.examples)
}

/// The examples grouped by document, in file order.
fn documents(examples: &[Example]) -> Vec<Vec<Example>> {
    let mut out: Vec<Vec<Example>> = Vec::new();
    for example in examples {
        match out.last_mut() {
            Some(last) if last[0].document == example.document => last.push(example.clone()),
            _ => out.push(vec![example.clone()]),
        }
    }
    out
}

fn token_count(examples: &[Example]) -> usize {
    examples.iter().map(|e| e.classes.len()).sum()
}

/// Verbs as one class: what a UD-only tagger would learn.
fn without_verb_forms(examples: &[Example]) -> Vec<Example> {
    let classes = Evaluation::classes();
    let base = classes
        .iter()
        .position(|c| c.verb_form == Some(VerbForm::Base))
        .unwrap_or(0) as u8;
    examples
        .iter()
        .map(|e| Example {
            classes: e
                .classes
                .iter()
                .map(|&c| {
                    if classes[usize::from(c)].pos == Pos::Verb {
                        base
                    } else {
                        c
                    }
                })
                .collect(),
            ..e.clone()
        })
        .collect()
}

/// Trains, and returns the weights file and the tagger it makes.
fn fit(training: &[Example], arguments: &Arguments) -> Result<(Vec<u8>, Tagger), String> {
    let trained = if arguments.upos_only {
        train::train(
            &without_verb_forms(training),
            &arguments.options,
            english()?,
        )
    } else {
        train::train(training, &arguments.options, english()?)
    };
    let bytes = trained.map_err(|e| e.to_string())?;
    let tagger = Tagger::from_bytes(&bytes).map_err(|e| e.to_string())?;
    Ok((bytes, tagger))
}

fn percent(x: f64) -> String {
    format!("{:.2}%", 100.0 * x)
}

fn report(evaluation: &Evaluation) {
    println!(
        "  tokens {}: accuracy {} (21 classes), UPOS {}; unseen words {} ({}), their UPOS {}",
        evaluation.tokens,
        percent(evaluation.accuracy()),
        percent(evaluation.pos_accuracy()),
        evaluation.unknown,
        percent(evaluation.unknown as f64 / evaluation.tokens.max(1) as f64),
        percent(evaluation.unknown_pos_accuracy()),
    );
    let classes = Evaluation::classes();
    println!("  per class: gold count, precision, recall, most frequent confusions");
    for (gold, tag) in classes.iter().enumerate() {
        let row = &evaluation.confusion[gold];
        let total: usize = row.iter().sum();
        let predicted: usize = evaluation.confusion.iter().map(|r| r[gold]).sum();
        if total == 0 && predicted == 0 {
            continue;
        }
        let right = row[gold];
        let mut errors: Vec<(usize, Tag)> = row
            .iter()
            .enumerate()
            .filter(|&(p, &n)| p != gold && n > 0)
            .map(|(p, &n)| (n, classes[p]))
            .collect();
        errors.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.name().cmp(b.1.name())));
        let errors: Vec<String> = errors
            .iter()
            .take(4)
            .map(|(n, t)| format!("{}→{n}", t.name()))
            .collect();
        println!(
            "  {:<9} {:>5}  P {:>6}  R {:>6}  {}",
            tag.name(),
            total,
            percent(right as f64 / predicted.max(1) as f64),
            percent(right as f64 / total.max(1) as f64),
            errors.join(" ")
        );
    }
}

/// Prints each sentence of the files as `word/TAG` pairs, or with `rounds` > 0 tags them
/// that many times and prints the rate.
fn show(paths: &[PathBuf], rounds: usize) -> Result<(), String> {
    let tagger = Tagger::english().map_err(|e| e.to_string())?;
    let cleaner = osintkg_extract::text::Cleaner::new().map_err(|e| e.to_string())?;
    let lexicon = Lexicon::bundled().map_err(|e| e.to_string())?;
    let mut texts = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        texts.push(cleaner.clean(&text));
    }
    let documents: Vec<_> = texts
        .iter()
        .map(|t| osintkg_extract::segment::segment(t, &lexicon).0)
        .collect();
    let sentences = documents.iter().flatten();
    if rounds == 0 {
        for sentence in sentences {
            let tags = tagger.tag(&sentence.tokens);
            let pairs: Vec<String> = sentence
                .tokens
                .iter()
                .zip(tags)
                .map(|(t, tag)| format!("{}/{}", t.text, tag.name()))
                .collect();
            println!("{}", pairs.join(" "));
        }
        return Ok(());
    }
    let bytes: usize = texts.iter().map(String::len).sum::<usize>() * rounds;
    let started = Instant::now();
    let mut tokens = 0;
    for _ in 0..rounds {
        for sentence in documents.iter().flatten() {
            tokens += tagger.tag(std::hint::black_box(&sentence.tokens)).len();
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "tagged {tokens} tokens ({bytes} bytes) in {seconds:.2} s wall: {:.0} tokens/s, {:.2} MB/s",
        tokens as f64 / seconds,
        bytes as f64 / seconds / 1e6
    );
    Ok(())
}

fn main() -> Result<(), String> {
    let arguments = arguments()?;
    if !arguments.show.is_empty() {
        return show(&arguments.show, arguments.time);
    }
    let dev = read(&arguments.treebank.join("en_ewt-ud-dev.conllu"))?;
    let test = read(&arguments.treebank.join("en_ewt-ud-test.conllu"))?;
    if arguments.evaluate {
        // Every fifth test document is held out: EWT's files run genre by genre, so a
        // stride keeps all five genres on both sides.
        let (mut training, mut held_out) = (dev.clone(), Vec::new());
        for (n, document) in documents(&test).into_iter().enumerate() {
            if n % 5 == 4 {
                held_out.extend(document);
            } else {
                training.extend(document);
            }
        }
        let started = Instant::now();
        let (bytes, tagger) = fit(&training, &arguments)?;
        let bytes = bytes.len();
        println!(
            "held-out split: trained on {} sentences / {} tokens in {:.1} s ({} features, {} bytes); \
             scored {} sentences",
            training.len(),
            token_count(&training),
            started.elapsed().as_secs_f64(),
            tagger.feature_count(),
            bytes,
            held_out.len()
        );
        report(&train::evaluate(
            &tagger,
            &held_out,
            &train::vocabulary(&training, english()?),
            english()?,
        ));
    }
    if arguments.folds {
        let all: Vec<Vec<Example>> = documents(&dev)
            .into_iter()
            .chain(documents(&test))
            .collect();
        let mut scores = Vec::new();
        for fold in 0..5 {
            let (mut training, mut held_out) = (Vec::new(), Vec::new());
            for (n, document) in all.iter().enumerate() {
                if n % 5 == fold {
                    held_out.extend(document.iter().cloned());
                } else {
                    training.extend(document.iter().cloned());
                }
            }
            let (_, tagger) = fit(&training, &arguments)?;
            let evaluation = train::evaluate(
                &tagger,
                &held_out,
                &train::vocabulary(&training, english()?),
                english()?,
            );
            println!(
                "fold {fold}: {} tokens, accuracy {}, UPOS {}, unseen-word UPOS {}",
                evaluation.tokens,
                percent(evaluation.accuracy()),
                percent(evaluation.pos_accuracy()),
                percent(evaluation.unknown_pos_accuracy())
            );
            scores.push((evaluation.accuracy(), evaluation.pos_accuracy()));
        }
        let mean = |pick: fn(&(f64, f64)) -> f64| scores.iter().map(pick).sum::<f64>() / 5.0;
        println!(
            "5-fold mean: accuracy {}, UPOS {}",
            percent(mean(|s| s.0)),
            percent(mean(|s| s.1))
        );
    }
    if let Some(path) = &arguments.write {
        let all: Vec<Example> = dev.iter().chain(&test).cloned().collect();
        let (bytes, tagger) = fit(&all, &arguments)?;
        std::fs::write(path, &bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        println!(
            "wrote {}: trained on {} sentences / {} tokens, {} features, {} bytes",
            path.display(),
            all.len(),
            token_count(&all),
            tagger.feature_count(),
            bytes.len()
        );
    }
    Ok(())
}
