//! `osintkg extract`: documents in, FORMAT.md JSON Lines out, in input order.

use crate::cli::{ExtractArgs, ExtractFormat};
use anyhow::Result;
use std::io::{BufWriter, Write};

pub fn run(args: ExtractArgs) -> Result<()> {
    let documents = super::read_documents(&args.input)?;
    let records = super::extract_all(&documents)?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match args.format {
        ExtractFormat::Jsonl => {
            for record in &records {
                serde_json::to_writer(&mut out, record)?;
                out.write_all(b"\n")?;
            }
        }
    }
    out.flush()?;
    Ok(())
}
