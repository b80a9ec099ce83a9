//! Part-of-speech tagging throughput, per core, on the seeds and (when `../shared` is
//! there) the 32 development articles.
//!
//! Two workloads: every sentence, and only the sentences the rules draw on (those holding
//! an event mention or a relation's evidence after a full extraction), which is how the
//! tagger would run if the full pass cannot afford it everywhere. Throughput is over the
//! documents' bytes in both, so the figures compare with the extraction bench's; the
//! token rate of the first is printed too. Cleaning and segmentation are done beforehand:
//! the pipeline does them anyway.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use osintkg_extract::segment::{self, Sentence};
use osintkg_extract::tagger::Tagger;
use osintkg_extract::text::Cleaner;
use osintkg_extract::{Document, Extractor, Lexicon};
use osintkg_graph::{DocumentMeta, Span};
use std::hint::black_box;
use std::path::Path;

/// The `osintkg` binary's allocator, so these figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn read_dir(dir: &Path) -> Vec<Document> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    paths
        .iter()
        .filter_map(|p| {
            std::fs::read_to_string(p)
                .ok()
                .map(|t| Document::new(p.display().to_string(), t, DocumentMeta::default()))
        })
        .collect()
}

/// A document's cleaned text, all its sentences, and the indices of those the rules use.
struct Prepared {
    cleaned: String,
    cue_sentences: Vec<usize>,
}

fn prepare(
    extractor: &Extractor,
    cleaner: &Cleaner,
    lexicon: &Lexicon,
    document: &Document,
) -> Prepared {
    let record = extractor.extract(document);
    let mut used: Vec<Span> = record
        .entities
        .iter()
        .filter(|e| e.event_type.is_some())
        .flat_map(|e| e.spans.iter().copied())
        .collect();
    used.extend(
        record
            .relations
            .iter()
            .flat_map(|r| r.evidence.iter().map(|e| e.span)),
    );
    let cleaned = cleaner.clean(&document.text);
    let (sentences, _) = segment::segment(&cleaned, lexicon);
    let cue_sentences = sentences
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            used.iter()
                .any(|u| u.start < s.span.end && s.span.start < u.end)
        })
        .map(|(i, _)| i)
        .collect();
    Prepared {
        cleaned,
        cue_sentences,
    }
}

fn tag_all(tagger: &Tagger, sentences: &[Sentence<'_>]) -> usize {
    sentences
        .iter()
        .map(|s| tagger.tag(black_box(&s.tokens)).len())
        .sum()
}

fn bench(c: &mut Criterion) {
    let Ok(tagger) = Tagger::english() else {
        eprintln!("the bundled tagger does not load");
        return;
    };
    let (Ok(extractor), Ok(cleaner), Ok(lexicon)) =
        (Extractor::new(), Cleaner::new(), Lexicon::bundled())
    else {
        eprintln!("the extractor does not load");
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let sets = [
        ("seeds", read_dir(&root.join("seeds"))),
        ("dev", read_dir(&root.join("../shared/eval/dev/texts"))),
    ];
    for (name, documents) in sets {
        if documents.is_empty() {
            continue;
        }
        let prepared: Vec<Prepared> = documents
            .iter()
            .map(|d| prepare(&extractor, &cleaner, &lexicon, d))
            .collect();
        let segmented: Vec<Vec<Sentence<'_>>> = prepared
            .iter()
            .map(|p| segment::segment(&p.cleaned, &lexicon).0)
            .collect();
        let cues: Vec<Vec<Sentence<'_>>> = segmented
            .iter()
            .zip(&prepared)
            .map(|(sentences, p)| {
                p.cue_sentences
                    .iter()
                    .filter_map(|&i| sentences.get(i).cloned())
                    .collect()
            })
            .collect();
        let bytes: usize = documents.iter().map(|d| d.text.len()).sum();
        let tokens: usize = segmented.iter().flatten().map(|s| s.tokens.len()).sum();
        let all_sentences: usize = segmented.iter().map(Vec::len).sum();
        let cue_sentences: usize = cues.iter().map(Vec::len).sum();
        let cue_bytes: usize = cues.iter().flatten().map(|s| s.span.len()).sum();
        let sentence_bytes: usize = segmented.iter().flatten().map(|s| s.span.len()).sum();
        eprintln!(
            "{name}: {bytes} bytes, {tokens} tokens, {all_sentences} sentences; \
             {cue_sentences} with an event or relation ({:.0}% of sentence bytes)",
            100.0 * cue_bytes as f64 / sentence_bytes.max(1) as f64
        );
        let mut group = c.benchmark_group(format!("tagger-{name}"));
        group.sample_size(20);
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function("all sentences", |b| {
            b.iter(|| segmented.iter().map(|s| tag_all(tagger, s)).sum::<usize>())
        });
        group.bench_function("event and relation sentences", |b| {
            b.iter(|| cues.iter().map(|s| tag_all(tagger, s)).sum::<usize>())
        });
        group.throughput(Throughput::Elements(tokens as u64));
        group.bench_function("all sentences, tokens", |b| {
            b.iter(|| segmented.iter().map(|s| tag_all(tagger, s)).sum::<usize>())
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
