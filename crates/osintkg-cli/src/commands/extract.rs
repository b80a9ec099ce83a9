//! `osintkg extract`: documents in, FORMAT.md JSON Lines out, in input order; with
//! `--explain`, every relation with the sentence and rule behind it; with `--shard I/N`,
//! only one shard's documents.
//!
//! Documents are read and extracted batch by batch (see `extract_stream`), and each
//! batch's records are serialized in parallel before they are written in order: writing
//! JSON one record at a time was the part of a run that one core did alone.

use crate::cli::{ExtractArgs, ExtractFormat};
use crate::output::Sanitized;
use anyhow::Result;
use osintkg_graph::DocumentRecord;
use rayon::prelude::*;
use std::io::{BufWriter, Write};

pub fn run(args: ExtractArgs) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    super::extract_stream(&args.input, &[], args.shard.as_ref(), |records| {
        if args.explain {
            // Whole lines go through, so nothing is pending between batches.
            let mut out = Sanitized::new(&mut out);
            for record in &records {
                explain(record, &mut out)?;
            }
            return Ok(());
        }
        match args.format {
            ExtractFormat::Jsonl => {
                let lines: Vec<Vec<u8>> = records
                    .par_iter()
                    .map(|record| {
                        let mut line = serde_json::to_vec(record)?;
                        line.push(b'\n');
                        Ok(line)
                    })
                    .collect::<Result<_, serde_json::Error>>()?;
                for line in lines {
                    out.write_all(&line)?;
                }
            }
        }
        Ok(())
    })?;
    out.flush()?;
    Ok(())
}

fn explain(record: &DocumentRecord, out: &mut impl Write) -> Result<()> {
    writeln!(out, "== {}", record.doc)?;
    let name = |id: &str| {
        record
            .entity(id)
            .map_or(id.to_owned(), |e| format!("{} ({})", e.name, e.kind))
    };
    for relation in &record.relations {
        writeln!(
            out,
            "{} {} {}",
            name(&relation.subject),
            relation.predicate,
            name(&relation.object)
        )?;
        for evidence in &relation.evidence {
            writeln!(
                out,
                "    rule {} ({:.2}), bytes {}..{}",
                evidence.rule, evidence.confidence, evidence.span.start, evidence.span.end
            )?;
            writeln!(out, "    \"{}\"", evidence.sentence.trim())?;
        }
    }
    Ok(())
}
