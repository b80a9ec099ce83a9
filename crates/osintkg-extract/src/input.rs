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

/// Reads one file into its documents (several for JSON Lines).
pub fn read_path(path: &Path) -> Result<(Vec<Document>, Vec<Warning>), InputError> {
    let bytes = std::fs::read(path).map_err(|source| InputError::Io {
        path: path.to_owned(),
        source,
    })?;
    let mut warnings = Vec::new();
    let warn = |warnings: &mut Vec<Warning>, line: Option<usize>, message: String| {
        warnings.push(Warning {
            path: path.to_owned(),
            line,
            message,
        });
    };
    if bytes.is_empty() {
        warn(&mut warnings, None, "empty file, skipped".into());
        return Ok((Vec::new(), warnings));
    }
    if looks_binary(&bytes) {
        warn(&mut warnings, None, "binary content, skipped".into());
        return Ok((Vec::new(), warnings));
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            warn(
                &mut warnings,
                None,
                format!("invalid UTF-8 at byte {valid}, decoded lossily"),
            );
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    };
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text);
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let file = Some(path.display().to_string());
    let mut documents = match extension(path).as_deref() {
        Some("jsonl") => read_jsonl(&text, &stem, path, &mut warnings),
        Some("html" | "htm") => vec![read_html(&text, &stem)],
        _ => vec![Document::new(
            stem,
            normalize_newlines(text),
            DocumentMeta::default(),
        )],
    };
    for document in &mut documents {
        document.meta.file.clone_from(&file);
        if document.text.len() > MAX_DOCUMENT_BYTES {
            let mut cut = MAX_DOCUMENT_BYTES;
            while !document.text.is_char_boundary(cut) {
                cut -= 1;
            }
            document.text.truncate(cut);
            document.meta.sha256 = sha256_hex(&document.text);
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

fn read_jsonl(text: &str, stem: &str, path: &Path, warnings: &mut Vec<Warning>) -> Vec<Document> {
    let mut out = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let number = number + 1;
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let warn = |warnings: &mut Vec<Warning>, message: String| {
            warnings.push(Warning {
                path: path.to_owned(),
                line: Some(number),
                message,
            })
        };
        if line.len() > MAX_LINE_BYTES {
            warn(
                warnings,
                format!(
                    "line of {} bytes exceeds {MAX_LINE_BYTES}, skipped",
                    line.len()
                ),
            );
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
    out
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
    fn jsonl_reads_articles_and_reports_bad_lines() {
        let mut warnings = Vec::new();
        let text = "{\"id\": \"a1\", \"title\": \"Headline\", \"text\": \"Body.\", \"date\": \"2024-09-05\"}\n{broken\n\n{\"text\": \"No id.\"}\n";
        let docs = read_jsonl(text, "feed", Path::new("feed.jsonl"), &mut warnings);
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].id, "a1");
        assert_eq!(docs[0].text, "Headline\n\nBody.");
        assert_eq!(docs[0].meta.date.as_deref(), Some("2024-09-05"));
        assert_eq!(docs[1].id, "feed#4");
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].line, Some(2));
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
