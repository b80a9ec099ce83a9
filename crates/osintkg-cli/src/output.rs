//! Text for a person's terminal, and messages on stderr.
//!
//! Article text, entity names, document ids and file names reach the terminal through
//! `show`, `path`, `stats`, warnings and errors. An escape sequence among them (ESC `]0;`
//! to retitle the window, ESC `[2J` to clear the screen, a carriage return that
//! overwrites a line, a right-to-left override that reorders it) would act on the
//! terminal instead of being read. [`Sanitized`] writes such characters as visible
//! `\u{1B}`-style escapes, the way the query table does, and leaves everything else
//! alone. Machine formats (JSON, CSV, DOT, GraphML, RDF) are not passed through it: their
//! own escaping applies and their bytes must stay exact.
//!
//! Messages use [`warning`] and [`error`] rather than `eprintln!`, which panics when
//! stderr is closed.

use osintkg_rdf::query::is_unsafe_for_terminal;
use std::fmt::Display;
use std::io::{self, Write};

/// A writer that neutralises control and invisible formatting characters (see the
/// module docs); line feeds and tabs pass.
pub(crate) struct Sanitized<W: Write> {
    inner: W,
    /// The start of a UTF-8 sequence split between two writes.
    pending: Vec<u8>,
}

impl<W: Write> Sanitized<W> {
    pub(crate) fn new(inner: W) -> Self {
        Sanitized {
            inner,
            pending: Vec::new(),
        }
    }
}

impl<W: Write> Write for Sanitized<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let joined;
        let bytes = if self.pending.is_empty() {
            buf
        } else {
            self.pending.extend_from_slice(buf);
            joined = std::mem::take(&mut self.pending);
            &joined[..]
        };
        let mut rest = bytes;
        while !rest.is_empty() {
            let (valid, after) = match std::str::from_utf8(rest) {
                Ok(text) => (text, &rest[rest.len()..]),
                Err(e) => {
                    let (valid, after) = rest.split_at(e.valid_up_to());
                    // Checked by from_utf8 up to here.
                    let valid = std::str::from_utf8(valid).unwrap_or_default();
                    match e.error_len() {
                        // A sequence cut at the end of this write: keep it for the next.
                        None => {
                            self.pending.extend_from_slice(after);
                            (valid, &after[after.len()..])
                        }
                        // Not UTF-8: passed as the replacement character.
                        Some(bad) => {
                            write_clean(&mut self.inner, valid)?;
                            self.inner.write_all("\u{FFFD}".as_bytes())?;
                            rest = &after[bad..];
                            continue;
                        }
                    }
                }
            };
            write_clean(&mut self.inner, valid)?;
            rest = after;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            self.pending.clear();
            self.inner.write_all("\u{FFFD}".as_bytes())?;
        }
        self.inner.flush()
    }
}

fn write_clean(out: &mut impl Write, text: &str) -> io::Result<()> {
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c != '\n' && c != '\t' && is_unsafe_for_terminal(c) {
            out.write_all(&text.as_bytes()[start..i])?;
            write!(out, "\\u{{{:X}}}", u32::from(c))?;
            start = i + c.len_utf8();
        }
    }
    out.write_all(&text.as_bytes()[start..])
}

/// `text` with the characters [`Sanitized`] escapes escaped, for one-line messages.
pub(crate) fn clean(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    // Writing to a Vec cannot fail.
    let _ = write_clean(&mut out, text);
    String::from_utf8(out).unwrap_or_default()
}

/// Prints `osintkg: warning: …` on stderr, escaped, ignoring a closed stderr.
pub(crate) fn warning(message: impl Display) {
    message_line("warning: ", message);
}

/// Prints `osintkg: error: …` on stderr, escaped, ignoring a closed stderr.
pub(crate) fn error(message: impl Display) {
    message_line("error: ", message);
}

/// Prints `osintkg: …` on stderr, escaped, ignoring a closed stderr.
pub(crate) fn note(message: impl Display) {
    message_line("", message);
}

fn message_line(kind: &str, message: impl Display) {
    let line = clean(&message.to_string());
    // Nothing is left to tell anyone when stderr itself is gone.
    let _ = writeln!(io::stderr().lock(), "osintkg: {kind}{line}");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sanitized(chunks: &[&[u8]]) -> String {
        let mut out = Sanitized::new(Vec::new());
        for chunk in chunks {
            out.write_all(chunk).unwrap();
        }
        out.flush().unwrap();
        String::from_utf8(out.inner).unwrap()
    }

    #[test]
    fn escapes_are_neutralised_and_text_kept() {
        let hostile = "Abu \u{1b}]0;PWNED\u{7} Hamza\u{1b}[2J\r\n\tRtl\u{202e}Evil \u{9b}31m é";
        assert_eq!(
            sanitized(&[hostile.as_bytes()]),
            "Abu \\u{1B}]0;PWNED\\u{7} Hamza\\u{1B}[2J\\u{D}\n\tRtl\\u{202E}Evil \\u{9B}31m é"
        );
        assert_eq!(clean("a\u{1b}b"), "a\\u{1B}b");
    }

    #[test]
    fn characters_split_between_writes_survive() {
        let text = "é\u{9b}ü";
        let bytes = text.as_bytes();
        for cut in 0..=bytes.len() {
            let (a, b) = bytes.split_at(cut);
            assert_eq!(sanitized(&[a, b]), "é\\u{9B}ü", "cut at {cut}");
        }
        assert_eq!(sanitized(&[b"a\xffb"]), "a\u{FFFD}b");
        assert_eq!(sanitized(&[b"a\xc3"]), "a\u{FFFD}");
    }
}
