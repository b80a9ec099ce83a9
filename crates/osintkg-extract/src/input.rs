//! Reading documents: plain text, Markdown, HTML and JSON Lines, from files or folders.
//!
//! Input is whatever analysts scraped, so reading never stops at the first bad file:
//! each problem becomes a [`Warning`] naming the file (and line), and the rest of the
//! corpus is still read. Only an unreadable path the user named is an error.

use osintkg_graph::DocumentMeta;
use scraper::{ElementRef, Html, Node, Selector};
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
    /// File name without extension, or the JSON Lines `id`.
    pub id: String,
    /// The text every span points into.
    pub text: String,
    /// Source metadata.
    pub meta: DocumentMeta,
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
    /// The path does not exist or cannot be read.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
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
        let metadata = std::fs::metadata(path).map_err(|source| InputError::Io {
            path: path.clone(),
            source,
        })?;
        if metadata.is_dir() {
            walk(path, &mut seen_dirs, &mut list);
        } else if has_supported_extension(path) {
            list.files.push(path.clone());
        } else {
            list.unsupported.push(path.clone());
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
            Ok(_) if has_supported_extension(&path) => list.files.push(path),
            Ok(_) => list.unsupported.push(path),
            Err(e) => list.warnings.push(Warning {
                path,
                line: None,
                message: format!("cannot read: {e}"),
            }),
        }
    }
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
    let io_error = |source| InputError::Io {
        path: path.to_owned(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io_error)?;
    let extension = extension(path).unwrap_or_default();
    read_from(path, &extension, file).map_err(io_error)
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
    if looks_binary(&head) {
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
            let text = decode(bytes, more, &mut |message| {
                warn(&mut warnings, None, message)
            });
            vec![read_html(&text, &stem)]
        }
        _ => {
            // One byte more than is kept tells whether the file was cut; three more
            // let the last kept character be completed.
            let (bytes, more) = read_up_to(&mut reader, MAX_DOCUMENT_BYTES + 3)?;
            let text = decode(bytes, more, &mut |message| {
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

/// Text from bytes: a byte-order mark dropped, invalid UTF-8 decoded lossily with a
/// warning. When the bytes were `cut` from a longer input, a character split by the
/// cut is dropped rather than reported as invalid.
fn decode(mut bytes: Vec<u8>, cut: bool, warn: &mut dyn FnMut(String)) -> String {
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
        let line = decode(std::mem::take(&mut buf), false, &mut |message| {
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
        let id = match article.id {
            Some(serde_json::Value::String(s)) if !s.trim().is_empty() => s,
            Some(serde_json::Value::Number(n)) => n.to_string(),
            _ => format!("{stem}#{number}"),
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
        out.push(Document::new(id, text, meta));
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

/// Text of an HTML page from a real parser: scripts, styles, navigation and page chrome
/// dropped, block elements on their own lines. Spans point into this text.
fn read_html(html: &str, stem: &str) -> Document {
    let page = Html::parse_document(html);
    let meta_content = |selector: &str| {
        Selector::parse(selector).ok().and_then(|s| {
            page.select(&s)
                .next()
                .and_then(|e| e.value().attr("content").map(str::to_owned))
        })
    };
    let title = Selector::parse("title")
        .ok()
        .and_then(|s| {
            page.select(&s)
                .next()
                .map(|e| e.text().collect::<String>().trim().to_owned())
        })
        .filter(|t| !t.is_empty())
        .or_else(|| meta_content("meta[property='og:title']"));
    let date = meta_content("meta[property='article:published_time']")
        .or_else(|| json_ld_date(&page))
        .or_else(|| meta_content("meta[name='date']"))
        .or_else(|| meta_content("meta[name='pubdate']"))
        .or_else(|| meta_content("meta[itemprop='datePublished']"))
        .or_else(|| {
            Selector::parse("time[datetime]").ok().and_then(|s| {
                page.select(&s)
                    .next()
                    .and_then(|e| e.value().attr("datetime").map(str::to_owned))
            })
        })
        .map(|d| d.chars().take(10).collect());
    let url = Selector::parse("link[rel='canonical']")
        .ok()
        .and_then(|s| {
            page.select(&s)
                .next()
                .and_then(|e| e.value().attr("href").map(str::to_owned))
        })
        .or_else(|| meta_content("meta[property='og:url']"));
    let mut text = String::new();
    let body = Selector::parse("body")
        .ok()
        .and_then(|s| page.select(&s).next());
    match body {
        Some(body) => collect_text(body, &mut text),
        None => collect_text(page.root_element(), &mut text),
    }
    let text: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let text = text.join("\n");
    let meta = DocumentMeta {
        title,
        date,
        url,
        ..DocumentMeta::default()
    };
    Document::new(stem, text, meta)
}

/// `datePublished` from the page's JSON-LD (schema.org `NewsArticle`), anywhere in
/// its objects and `@graph` lists.
fn json_ld_date(page: &Html) -> Option<String> {
    fn find(value: &serde_json::Value) -> Option<String> {
        match value {
            serde_json::Value::Object(map) => map
                .get("datePublished")
                .and_then(|d| d.as_str().map(str::to_owned))
                .or_else(|| map.values().find_map(find)),
            serde_json::Value::Array(items) => items.iter().find_map(find),
            _ => None,
        }
    }
    let selector = Selector::parse("script[type='application/ld+json']").ok()?;
    page.select(&selector).find_map(|script| {
        let json: serde_json::Value =
            serde_json::from_str(&script.text().collect::<String>()).ok()?;
        find(&json)
    })
}

const SKIPPED_ELEMENTS: &[&str] = &[
    "script", "style", "nav", "noscript", "template", "svg", "form", "button", "iframe", "aside",
    "footer", "header", "menu",
];
const BLOCK_ELEMENTS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "article",
    "section",
    "tr",
    "blockquote",
    "pre",
    "figcaption",
    "dd",
    "dt",
    "td",
    "th",
    "main",
    "ul",
    "ol",
    "table",
    "title",
];

fn collect_text(element: ElementRef<'_>, out: &mut String) {
    for child in element.children() {
        match child.value() {
            Node::Text(text) => {
                let collapsed: Vec<&str> = text.split_whitespace().collect();
                if !collapsed.is_empty() {
                    if text.starts_with(char::is_whitespace)
                        && !out.ends_with(['\n', ' '])
                        && !out.is_empty()
                    {
                        out.push(' ');
                    }
                    out.push_str(&collapsed.join(" "));
                    if text.ends_with(char::is_whitespace) {
                        out.push(' ');
                    }
                }
            }
            Node::Element(e) => {
                let name = e.name();
                if SKIPPED_ELEMENTS.contains(&name) {
                    continue;
                }
                let Some(child) = ElementRef::wrap(child) else {
                    continue;
                };
                let block = BLOCK_ELEMENTS.contains(&name);
                if block {
                    out.push('\n');
                }
                collect_text(child, out);
                if block {
                    out.push('\n');
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_text_drops_scripts_and_navigation() {
        let html = r#"<html><head><title>Attack in Kabul</title><meta property="article:published_time" content="2024-03-23T10:00:00Z"><script>var x = "ISIS";</script></head>
            <body><nav>Home | World</nav><article><h1>Attack in Kabul</h1><p>The <b>Taliban</b> said.</p><p>Second paragraph.</p></article><footer>© 2024</footer></body></html>"#;
        let doc = read_html(html, "page");
        assert_eq!(
            doc.text,
            "Attack in Kabul\nThe Taliban said.\nSecond paragraph."
        );
        assert_eq!(doc.meta.title.as_deref(), Some("Attack in Kabul"));
        assert_eq!(doc.meta.date.as_deref(), Some("2024-03-23"));
    }

    #[test]
    fn html_dates_come_from_json_ld_and_time_elements() {
        let json_ld = r#"<html><head><script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage"},{"@type":"NewsArticle","datePublished":"2024-05-05T08:00:00+02:00"}]}</script></head><body><p>Text.</p></body></html>"#;
        assert_eq!(
            read_html(json_ld, "a").meta.date.as_deref(),
            Some("2024-05-05")
        );
        let time =
            r#"<html><body><time datetime="2023-11-02">2 Nov</time><p>Text.</p></body></html>"#;
        assert_eq!(
            read_html(time, "b").meta.date.as_deref(),
            Some("2023-11-02")
        );
    }

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
