//! Reading documents: plain text, Markdown, HTML and JSON Lines, from files or folders.
//!
//! Input is whatever analysts scraped, so reading never stops at the first bad file:
//! each problem becomes a [`Warning`] naming the file (and line), and the rest of the
//! corpus is still read. Only an unreadable path the user named is an error.
//!
//! Only regular files are read: a FIFO, socket or device named `*.txt` would block the
//! reader (and a build holding the store's lock) forever, so it is skipped with a
//! warning, and files are opened without blocking and checked again once open. Text is
//! UTF-8 unless a byte-order mark says UTF-16, or an HTML page declares its charset
//! (`<meta charset>`), decoded by `encoding_rs`. HTML goes through [`html`]; document ids
//! are made unique by [`ids`].

pub mod html;
pub mod ids;

pub use ids::{IdAssigner, KnownDocument, assign_ids};

use encoding_rs::Encoding;
use osintkg_graph::DocumentMeta;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::fmt;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// Extensions read as documents.
pub const EXTENSIONS: &[&str] = &["txt", "md", "html", "htm", "jsonl"];

/// Longest JSON Lines record read; longer lines are skipped with a warning.
pub const MAX_LINE_BYTES: usize = 16 * 1024 * 1024;

/// Longest document text kept; the rest is dropped with a warning so memory stays
/// bounded on pathological input.
pub const MAX_DOCUMENT_BYTES: usize = 8 * 1024 * 1024;

/// One input document.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// File name without extension, or the JSON Lines `id` (see [`ids`] for how
    /// collisions are resolved).
    pub id: String,
    /// The text every span points into.
    pub text: String,
    /// Source metadata.
    pub meta: DocumentMeta,
    /// Where in its file the document was, and how its id was chosen.
    pub origin: Origin,
}

/// Where in its file a document was, and how its id was chosen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Origin {
    /// The JSON Lines line; `None` for a file that is one document.
    pub line: Option<usize>,
    /// True when the input gave the id (a JSON Lines `id`); false when it was derived
    /// from the file's name (and line).
    pub id_given: bool,
}

impl Document {
    /// A document from text, with its hash filled in.
    pub fn new(id: impl Into<String>, text: impl Into<String>, meta: DocumentMeta) -> Self {
        let text = text.into();
        let mut meta = meta;
        meta.sha256 = sha256_hex(&text);
        Document {
            id: id.into(),
            text,
            meta,
            origin: Origin::default(),
        }
    }
}

fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A problem with one input that did not stop the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The file.
    pub path: PathBuf,
    /// The line, for JSON Lines.
    pub line: Option<usize>,
    /// What happened.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.path.display(), self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

/// A path that could not be read at all.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InputError {
    /// The path does not exist or cannot be read. The cause is part of the message and
    /// deliberately not a `source()`, which would print it a second time.
    #[error("{path}: {cause}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        cause: std::io::Error,
    },
}

/// The files under the given paths, and what was skipped.
#[derive(Debug, Default)]
pub struct FileList {
    /// Readable files with a supported extension, sorted.
    pub files: Vec<PathBuf>,
    /// Files skipped for their extension.
    pub unsupported: Vec<PathBuf>,
    /// Problems met while walking.
    pub warnings: Vec<Warning>,
}

/// Lists the documents under `paths`: files as given, folders recursively. Symlink
/// loops are detected and reported once.
pub fn list_files(paths: &[PathBuf]) -> Result<FileList, InputError> {
    let mut list = FileList::default();
    let mut seen_dirs = HashSet::new();
    for path in paths {
        let metadata = std::fs::metadata(path).map_err(|cause| InputError::Io {
            path: path.clone(),
            cause,
        })?;
        if metadata.is_dir() {
            walk(path, &mut seen_dirs, &mut list);
        } else {
            add_file(path.clone(), &metadata, &mut list);
        }
    }
    list.files.sort();
    list.files.dedup();
    Ok(list)
}

fn walk(dir: &Path, seen: &mut HashSet<PathBuf>, list: &mut FileList) {
    let canonical = match dir.canonicalize() {
        Ok(c) => c,
        Err(e) => {
            list.warnings.push(Warning {
                path: dir.to_owned(),
                line: None,
                message: format!("cannot resolve folder: {e}"),
            });
            return;
        }
    };
    if !seen.insert(canonical) {
        list.warnings.push(Warning {
            path: dir.to_owned(),
            line: None,
            message: "folder already visited (symlink loop?), skipped".into(),
        });
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            list.warnings.push(Warning {
                path: dir.to_owned(),
                line: None,
                message: format!("cannot read folder: {e}"),
            });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        match std::fs::metadata(&path) {
            Ok(m) if m.is_dir() => walk(&path, seen, list),
            Ok(m) => add_file(path, &m, list),
            Err(e) => list.warnings.push(Warning {
                path,
                line: None,
                message: format!("cannot read: {e}"),
            }),
        }
    }
}

/// Lists a file to read, to skip for its extension, or (not a regular file) to warn
/// about.
fn add_file(path: PathBuf, metadata: &std::fs::Metadata, list: &mut FileList) {
    if !metadata.is_file() {
        list.warnings.push(Warning {
            message: format!("{}, not a regular file: skipped", file_kind(metadata)),
            path,
            line: None,
        });
    } else if has_supported_extension(&path) {
        list.files.push(path);
    } else {
        list.unsupported.push(path);
    }
}

/// What a file that is not a regular file is, for a warning.
fn file_kind(metadata: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = metadata.file_type();
        if kind.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
    }
    let _ = metadata;
    "a special file"
}

fn has_supported_extension(path: &Path) -> bool {
    extension(path).is_some_and(|e| EXTENSIONS.contains(&e.as_str()))
}

fn extension(path: &Path) -> Option<String> {
    path.extension().map(|e| e.to_string_lossy().to_lowercase())
}

/// Longest HTML page read; markup is mostly dropped, so more than
/// [`MAX_DOCUMENT_BYTES`] is read, but not without bound.
pub const MAX_HTML_BYTES: usize = 4 * MAX_DOCUMENT_BYTES;

/// How many leading bytes decide whether a file is binary.
const SNIFF_BYTES: usize = 8192;

/// Reads one file into its documents (several for JSON Lines).
///
/// Memory stays bounded whatever the file's size: text and Markdown are read up to
/// [`MAX_DOCUMENT_BYTES`], HTML up to [`MAX_HTML_BYTES`], and JSON Lines one line at a
/// time, an oversized line being skipped without being held in memory.
pub fn read_path(path: &Path) -> Result<(Vec<Document>, Vec<Warning>), InputError> {
    let io_error = |cause| InputError::Io {
        path: path.to_owned(),
        cause,
    };
    let file = open_regular(path).map_err(io_error)?;
    let extension = extension(path).unwrap_or_default();
    read_from(path, &extension, file).map_err(io_error)
}

/// Opens `path` for reading if it is a regular file. The open does not block (a FIFO
/// put in place of a listed file would otherwise wait for a writer forever), and the
/// check is made on what was opened.
fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    let metadata = file.metadata()?;
    if metadata.is_file() {
        Ok(file)
    } else {
        Err(std::io::Error::other(format!(
            "{}, not a regular file: skipped",
            file_kind(&metadata)
        )))
    }
}

/// Reads documents from bytes already in memory, as [`read_path`] would from a file
/// named `path` with the given (lower-case) extension; `path` is only used to name the
/// documents and in warnings. The entry point for fuzzing and for callers that fetch
/// their own bytes.
pub fn read_bytes(path: &Path, extension: &str, bytes: &[u8]) -> (Vec<Document>, Vec<Warning>) {
    match read_from(path, extension, bytes) {
        Ok(read) => read,
        // Reading from a slice cannot fail; report rather than panic if it ever does.
        Err(e) => (
            Vec::new(),
            vec![Warning {
                path: path.to_owned(),
                line: None,
                message: format!("cannot read: {e}"),
            }],
        ),
    }
}

fn read_from(
    path: &Path,
    extension: &str,
    mut reader: impl Read,
) -> std::io::Result<(Vec<Document>, Vec<Warning>)> {
    let mut warnings = Vec::new();
    let warn = |warnings: &mut Vec<Warning>, line: Option<usize>, message: String| {
        warnings.push(Warning {
            path: path.to_owned(),
            line,
            message,
        });
    };
    // No probe byte here: everything read is chained back in front of the rest.
    let mut head = Vec::new();
    (&mut reader)
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut head)?;
    if head.is_empty() {
        warn(&mut warnings, None, "empty file, skipped".into());
        return Ok((Vec::new(), warnings));
    }
    // UTF-16 is full of zero bytes: its byte-order mark is read before the binary test.
    let utf16 = match Encoding::for_bom(&head) {
        Some((encoding, _)) if encoding != encoding_rs::UTF_8 => Some(encoding),
        _ => None,
    };
    if utf16.is_none() && looks_binary(&head) {
        warn(&mut warnings, None, "binary content, skipped".into());
        return Ok((Vec::new(), warnings));
    }
    let mut reader = head.as_slice().chain(reader);
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    // The text reader stops past the limit; the loop below cuts every document to it and
    // says so once, whichever of the two cut it.
    let mut cut_by_reader = false;
    let mut documents = match extension {
        "jsonl" => read_jsonl(BufReader::new(reader), &stem, path, &mut warnings)?,
        "html" | "htm" => {
            let (bytes, more) = read_up_to(&mut reader, MAX_HTML_BYTES)?;
            if more {
                warn(
                    &mut warnings,
                    None,
                    format!("file longer than {MAX_HTML_BYTES} bytes, the rest is not read"),
                );
            }
            let encoding = utf16.or_else(|| declared_charset(&bytes));
            let text = decode(bytes, more, encoding, &mut |message| {
                warn(&mut warnings, None, message)
            });
            let (document, flattened) = html::read_html(&text, &stem);
            if flattened > 0 {
                warn(
                    &mut warnings,
                    None,
                    format!(
                        "elements nested more than {} deep: {flattened} tags removed, their text kept",
                        html::MAX_NESTING
                    ),
                );
            }
            vec![document]
        }
        _ => {
            // One byte more than is kept tells whether the file was cut; three more
            // let the last kept character be completed.
            let (bytes, more) = read_up_to(&mut reader, MAX_DOCUMENT_BYTES + 3)?;
            let text = decode(bytes, more, utf16, &mut |message| {
                warn(&mut warnings, None, message)
            });
            cut_by_reader = more;
            vec![Document::new(
                stem,
                normalize_newlines(text),
                DocumentMeta::default(),
            )]
        }
    };
    documents.retain(|document| {
        let empty = document.text.trim().is_empty();
        if empty {
            let what = match extension {
                "html" | "htm" => "no text outside markup, scripts and page chrome",
                _ => "only white space",
            };
            let line = document.origin.line;
            warn(&mut warnings, line, format!("{what}: no document, skipped"));
        }
        !empty
    });
    let file = Some(path.display().to_string());
    for document in &mut documents {
        document.meta.file.clone_from(&file);
        let too_long = document.text.len() > MAX_DOCUMENT_BYTES;
        if too_long {
            let mut cut = MAX_DOCUMENT_BYTES;
            while !document.text.is_char_boundary(cut) {
                cut -= 1;
            }
            document.text.truncate(cut);
            document.meta.sha256 = sha256_hex(&document.text);
        }
        if too_long || cut_by_reader {
            warn(
                &mut warnings,
                None,
                format!(
                    "document {} longer than {MAX_DOCUMENT_BYTES} bytes, truncated",
                    document.id
                ),
            );
        }
    }
    Ok((documents, warnings))
}

/// Reads at most `limit` bytes; the flag tells whether more followed. The byte read to
/// find out is lost: only for the last read of an input.
fn read_up_to(reader: &mut impl Read, limit: usize) -> std::io::Result<(Vec<u8>, bool)> {
    let mut bytes = Vec::new();
    reader.take(limit as u64).read_to_end(&mut bytes)?;
    let mut probe = [0u8; 1];
    let more = bytes.len() == limit && read_some(reader, &mut probe)? > 0;
    Ok((bytes, more))
}

fn read_some(reader: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    loop {
        match reader.read(buf) {
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            other => return other,
        }
    }
}

/// Text from bytes: in `encoding` when one is known (a UTF-16 byte-order mark, an HTML
/// page's declared charset), else UTF-8, a byte-order mark dropped; invalid bytes are
/// decoded lossily with a warning. When the bytes were `cut` from a longer input, a
/// character split by the cut is dropped rather than reported as invalid.
fn decode(
    mut bytes: Vec<u8>,
    cut: bool,
    encoding: Option<&'static Encoding>,
    warn: &mut dyn FnMut(String),
) -> String {
    if let Some(encoding) = encoding.filter(|e| *e != encoding_rs::UTF_8) {
        if cut && (encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE) {
            bytes.truncate(bytes.len() & !1);
        }
        // `decode` drops a byte-order mark (and lets one override the encoding).
        let (text, _, invalid) = encoding.decode(&bytes);
        if invalid {
            warn(format!(
                "invalid {} sequences, decoded lossily",
                encoding.name()
            ));
        }
        return text.into_owned();
    }
    if cut {
        drop_split_character(&mut bytes);
    }
    if bytes.starts_with(BOM) {
        bytes.drain(..BOM.len());
    }
    match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            warn(format!("invalid UTF-8 at byte {valid}, decoded lossily"));
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    }
}

const BOM: &[u8] = "\u{feff}".as_bytes();

/// The charset an HTML page declares in its first 1024 bytes (`<meta charset="…">` or
/// `<meta http-equiv="Content-Type" content="…; charset=…">`), as the HTML standard's
/// prescan finds it; UTF-16 declared in a page that is read as bytes means UTF-8.
fn declared_charset(page: &[u8]) -> Option<&'static Encoding> {
    let head = page[..page.len().min(1024)].to_ascii_lowercase();
    let mut rest = head.as_slice();
    while let Some(at) = find(rest, b"<meta") {
        let tag = &rest[at..];
        let tag = &tag[..find(tag, b">").unwrap_or(tag.len())];
        if let Some(value) = find(tag, b"charset=") {
            let label: Vec<u8> = tag[value + b"charset=".len()..]
                .iter()
                .copied()
                .skip_while(|b| *b == b'"' || *b == b'\'' || *b == b' ')
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
                .collect();
            let encoding = Encoding::for_label(&label)?;
            return Some(
                if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
                    encoding_rs::UTF_8
                } else {
                    encoding
                },
            );
        }
        rest = &rest[at + 5..];
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Drops an incomplete UTF-8 sequence at the very end of `bytes`.
fn drop_split_character(bytes: &mut Vec<u8>) {
    let floor = bytes.len().saturating_sub(4);
    let Some(lead) = (floor..bytes.len())
        .rev()
        .find(|&i| bytes[i] & 0xC0 != 0x80)
    else {
        return;
    };
    if let Err(e) = std::str::from_utf8(&bytes[lead..])
        && e.valid_up_to() == 0
        && e.error_len().is_none()
    {
        bytes.truncate(lead);
    }
}

/// CRLF and lone CR become LF, so that line-based passes see one kind of line end.
fn normalize_newlines(text: String) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    }
}

fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    head.contains(&0)
        || head
            .iter()
            .filter(|&&b| b < 0x09 || (0x0e..0x20).contains(&b))
            .count()
            * 10
            > head.len()
}

#[derive(Deserialize)]
struct JsonArticle {
    id: Option<serde_json::Value>,
    text: String,
    title: Option<String>,
    date: Option<String>,
    url: Option<String>,
    lang: Option<String>,
}

/// The articles of a JSON Lines stream, read one line at a time; bad lines are skipped
/// with a warning naming the line.
fn read_jsonl(
    mut reader: impl BufRead,
    stem: &str,
    path: &Path,
    warnings: &mut Vec<Warning>,
) -> std::io::Result<Vec<Document>> {
    let mut out = Vec::new();
    let mut buf = Vec::new();
    let mut number = 0;
    while let Some(length) = next_line(&mut reader, &mut buf, MAX_LINE_BYTES)? {
        number += 1;
        let warn = |warnings: &mut Vec<Warning>, message: String| {
            warnings.push(Warning {
                path: path.to_owned(),
                line: Some(number),
                message,
            })
        };
        if length > MAX_LINE_BYTES {
            warn(
                warnings,
                format!("line of {length} bytes exceeds {MAX_LINE_BYTES}, skipped"),
            );
            continue;
        }
        let line = decode(std::mem::take(&mut buf), false, None, &mut |message| {
            warn(warnings, message)
        });
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let article: JsonArticle = match serde_json::from_str(line) {
            Ok(a) => a,
            Err(e) => {
                warn(warnings, format!("not a JSON article ({e}), skipped"));
                continue;
            }
        };
        let (id, id_given) = match article.id {
            Some(serde_json::Value::String(s)) if !s.trim().is_empty() => (s, true),
            Some(serde_json::Value::Number(n)) => (n.to_string(), true),
            _ => (format!("{stem}#{number}"), false),
        };
        let body = normalize_newlines(article.text);
        let text = match &article.title {
            Some(title) if !title.trim().is_empty() && !body.starts_with(title.as_str()) => {
                format!("{title}\n\n{body}")
            }
            _ => body,
        };
        let meta = DocumentMeta {
            title: article.title,
            date: article.date,
            url: article.url,
            lang: article.lang,
            ..DocumentMeta::default()
        };
        let mut document = Document::new(id, text, meta);
        document.origin = Origin {
            line: Some(number),
            id_given,
        };
        out.push(document);
    }
    Ok(out)
}

/// Reads the next line (without its `\n` or `\r\n`) into `buf`, keeping at most
/// `limit + 1` bytes of it, and returns the line's full length; `None` at the end.
fn next_line(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    limit: usize,
) -> std::io::Result<Option<usize>> {
    buf.clear();
    let mut length = 0;
    let mut started = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        started = true;
        let newline = available.iter().position(|&b| b == b'\n');
        let take = newline.unwrap_or(available.len());
        let room = (limit + 1).saturating_sub(buf.len()).min(take);
        buf.extend_from_slice(&available[..room]);
        length += take;
        reader.consume(take + usize::from(newline.is_some()));
        if newline.is_some() {
            break;
        }
    }
    if !started {
        return Ok(None);
    }
    if length <= limit && buf.last() == Some(&b'\r') {
        buf.pop();
        length -= 1;
    }
    Ok(Some(length))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonl_reads_articles_and_reports_bad_lines() {
        let mut warnings = Vec::new();
        let text = "{\"id\": \"a1\", \"title\": \"Headline\", \"text\": \"Body.\", \"date\": \"2024-09-05\"}\n{broken\n\n{\"text\": \"No id.\"}\n";
        let docs = read_jsonl(
            text.as_bytes(),
            "feed",
            Path::new("feed.jsonl"),
            &mut warnings,
        )
        .unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].id, "a1");
        assert_eq!(docs[0].text, "Headline\n\nBody.");
        assert_eq!(docs[0].meta.date.as_deref(), Some("2024-09-05"));
        assert_eq!(docs[1].id, "feed#4");
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].line, Some(2));
    }

    #[test]
    fn every_byte_of_a_file_longer_than_the_sniffed_head_is_kept() {
        let text: String = (0..3 * SNIFF_BYTES)
            .map(|i| char::from(b'a' + (i % 26) as u8))
            .collect();
        for extension in ["txt", "md"] {
            let (docs, warnings) = read_bytes(Path::new("long"), extension, text.as_bytes());
            assert!(warnings.is_empty(), "{warnings:?}");
            assert_eq!(docs[0].text, text);
        }
        let line = format!("{{\"id\": \"a\", \"text\": \"{text}\"}}\n");
        let (docs, warnings) = read_bytes(Path::new("feed"), "jsonl", line.as_bytes());
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(docs[0].text, text);
    }

    #[test]
    fn a_document_longer_than_the_limit_is_cut_on_a_character() {
        let mut bytes = vec![b'a'; MAX_DOCUMENT_BYTES - 1];
        bytes.extend("éééé".as_bytes());
        let (docs, warnings) = read_bytes(Path::new("big"), "txt", &bytes);
        assert_eq!(docs[0].text.len(), MAX_DOCUMENT_BYTES - 1);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].message.contains("truncated"));
    }

    #[test]
    fn utf16_with_a_byte_order_mark_is_decoded() {
        let text = "Officials in Kabul said the Taliban arrested two men. «Ça va»";
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        for (bytes, extension) in [(&le, "txt"), (&be, "md"), (&le, "html")] {
            let (docs, warnings) = read_bytes(Path::new("utf16"), extension, bytes);
            assert!(warnings.is_empty(), "{warnings:?}");
            assert_eq!(docs[0].text, text);
        }
    }

    #[test]
    fn a_declared_html_charset_is_used() {
        let mut page = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"></head><body><p>Caf".to_vec();
        page.extend([0xE9, b' ', 0x93, b'q', 0x94]);
        page.extend(b"</p></body></html>");
        let (docs, warnings) = read_bytes(Path::new("page"), "html", &page);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(docs[0].text, "Café “q”");
        let koi8 = b"<meta charset='koi8-r'><p>\xf0\xd2\xc9\xd7\xc5\xd4</p>";
        let (docs, _) = read_bytes(Path::new("page"), "html", koi8);
        assert_eq!(docs[0].text, "Привет");
    }

    #[test]
    fn documents_without_text_are_skipped_with_a_warning() {
        for (extension, bytes) in [
            ("txt", &b"   \n\t\n  "[..]),
            (
                "html",
                b"<html><script>var a = 1;</script><nav>Home</nav></html>",
            ),
        ] {
            let (docs, warnings) = read_bytes(Path::new("blank"), extension, bytes);
            assert!(docs.is_empty(), "{extension}");
            assert_eq!(warnings.len(), 1, "{warnings:?}");
            assert!(warnings[0].message.contains("no document, skipped"));
        }
        let feed = b"{\"id\": \"a\", \"text\": \"Kabul.\"}\n{\"id\": \"b\", \"text\": \"  \"}\n";
        let (docs, warnings) = read_bytes(Path::new("feed"), "jsonl", feed);
        assert_eq!(docs.len(), 1);
        assert_eq!(warnings[0].line, Some(2), "{warnings:?}");
    }

    #[cfg(unix)]
    #[test]
    fn special_files_are_listed_as_warnings_and_never_opened() {
        let dir = std::env::temp_dir().join(format!("osintkg-fifo-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let fifo = dir.join("stuck.txt");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("mkfifo is not available; skipping");
            return;
        }
        std::fs::write(dir.join("fine.txt"), "Kabul.").unwrap();
        let list = list_files(std::slice::from_ref(&dir)).unwrap();
        assert_eq!(list.files, [dir.join("fine.txt")]);
        assert!(
            list.warnings[0].to_string().contains("FIFO"),
            "{:?}",
            list.warnings
        );
        let named = list_files(std::slice::from_ref(&fifo)).unwrap();
        assert!(named.files.is_empty() && named.warnings.len() == 1);
        // Opened directly, it fails at once instead of waiting for a writer.
        let err = read_path(&fifo).unwrap_err();
        assert!(err.to_string().contains("not a regular file"), "{err}");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn crlf_and_bom_are_normalised() {
        let dir = std::env::temp_dir().join(format!("osintkg-input-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("doc.txt");
        std::fs::write(&path, "\u{feff}Line one\r\nLine two\r\n").unwrap();
        let (docs, warnings) = read_path(&path).unwrap();
        assert!(warnings.is_empty());
        assert_eq!(docs[0].text, "Line one\nLine two\n");
        assert_eq!(docs[0].id, "doc");
        std::fs::remove_dir_all(&dir).ok();
    }
}
