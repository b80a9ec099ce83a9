//! `osintkg extract`: documents in, FORMAT.md JSON Lines out, in input order; with
//! `--explain`, every relation with the sentence and rule behind it.

use crate::cli::{ExtractArgs, ExtractFormat};
use crate::output::Sanitized;
use anyhow::Result;
use osintkg_graph::DocumentRecord;
use std::io::{BufWriter, Write};

pub fn run(args: ExtractArgs) -> Result<()> {
    let documents = super::read_documents(&args.input, &[])?;
    let records = super::extract_all(&documents)?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if args.explain {
        let mut out = Sanitized::new(&mut out);
        for record in &records {
            explain(record, &mut out)?;
        }
    } else {
        match args.format {
            ExtractFormat::Jsonl => {
                for record in &records {
                    serde_json::to_writer(&mut out, record)?;
                    out.write_all(b"\n")?;
                }
            }
        }
    }
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
