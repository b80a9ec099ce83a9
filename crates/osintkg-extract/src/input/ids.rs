//! Document ids that are unique and stable.
//!
//! A document's id is its file's name without the extension (FORMAT.md's `doc`, which
//! the scorer matches), or the `id` a JSON Lines record gives. Two files can share a
//! name (`a/index.html`, `b/index.html`), and a store holds documents from earlier
//! builds; the same id for two of them made one silently replace the other. Here:
//!
//! - a file already in the store keeps the id it was stored under, so a rebuild updates
//!   it in place, wherever its name now collides;
//! - a file whose name is free keeps the plain name;
//! - a file whose name is taken (by an earlier file of this run, or by a stored document
//!   read from a different file) gets the name plus `~` and 8 hex digits of the SHA-256
//!   of its path, stable from run to run, and a warning names both files;
//! - an id given in JSON Lines is the user's own: it stays, and two records giving the
//!   same id in one run are warned about (the later replaces the earlier); a stored
//!   document with that id is updated.
//!
//! The warnings are [`Warning`]s like any other, so `--strict` makes them errors.

use super::{Document, Warning};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A document the store already holds: its id and the file it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownDocument {
    /// The id it is stored under.
    pub id: String,
    /// The path it was read from (as recorded), if any.
    pub file: Option<String>,
}

/// Who holds an id: a file (and line, for JSON Lines), in this run or in the store.
#[derive(Debug, Clone)]
struct Holder {
    file: Option<String>,
    line: Option<usize>,
    stored: bool,
}

impl Holder {
    fn describe(&self) -> String {
        let file = self.file.as_deref().unwrap_or("(unknown file)");
        let place = match self.line {
            Some(line) => format!("{file}:{line}"),
            None => file.to_owned(),
        };
        if self.stored {
            format!("{place} (already in the store)")
        } else {
            place
        }
    }
}

/// Makes the ids of `documents` unique among themselves and against `known`, as the
/// module docs say; returns a warning for every collision.
pub fn assign_ids(documents: &mut [Document], known: &[KnownDocument]) -> Vec<Warning> {
    IdAssigner::new(known).assign(documents)
}

/// [`assign_ids`] for documents that come in batches (a corpus read a slice at a time):
/// it remembers every id handed out, so a later batch's documents make way for the
/// earlier ones' as they would within one batch. The same files in the same order get
/// the same ids however they are cut into batches, with one exception: an id given in
/// JSON Lines cannot rename a document of an earlier batch already handed on, so it
/// replaces it, with a warning.
#[derive(Debug, Default)]
pub struct IdAssigner {
    /// Who holds each id: stored documents and those of earlier batches.
    holders: HashMap<String, Holder>,
    /// Stored ids by source file.
    stored_by_file: HashMap<PathBuf, Vec<String>>,
    /// Ids given in JSON Lines so far, with their holder.
    seen_given: HashMap<String, Holder>,
}

impl IdAssigner {
    /// An assigner that knows the documents a store already holds.
    pub fn new(known: &[KnownDocument]) -> IdAssigner {
        let mut assigner = IdAssigner::default();
        for k in known {
            let holder = Holder {
                file: k.file.clone(),
                line: None,
                stored: true,
            };
            assigner.holders.insert(k.id.clone(), holder);
            if let Some(file) = &k.file {
                assigner
                    .stored_by_file
                    .entry(identity(file))
                    .or_default()
                    .push(k.id.clone());
            }
        }
        assigner
    }

    /// The id a stored document read from `file` has, when that file gave exactly one.
    fn stored_id_of(&self, file: &str) -> Option<String> {
        match self.stored_by_file.get(&identity(file)).map(Vec::as_slice) {
            Some([id]) => Some(id.clone()),
            _ => None,
        }
    }

    /// Assigns the ids of the next batch; returns a warning for every collision.
    pub fn assign(&mut self, documents: &mut [Document]) -> Vec<Warning> {
        let mut warnings = Vec::new();
        // Ids given in JSON Lines first: they are not renamed, others make way for them.
        let (given, derived): (Vec<&mut Document>, Vec<&mut Document>) =
            documents.iter_mut().partition(|d| d.origin.id_given);
        for document in given {
            let holder = holder_of(document);
            let earlier_given = self.seen_given.insert(document.id.clone(), holder.clone());
            let earlier_batch = self
                .holders
                .get(&document.id)
                .filter(|h| !h.stored && !same_source(h, &holder));
            if let Some(earlier) = earlier_given.as_ref().or(earlier_batch) {
                let kind = if earlier_given.is_some() {
                    "also given"
                } else {
                    "also the id of the document"
                };
                warnings.push(warning_at(
                    document,
                    format!(
                        "document id {:?} is {kind} at {}; the later record replaces the earlier",
                        document.id,
                        earlier.describe()
                    ),
                ));
            }
            self.holders.insert(document.id.clone(), holder);
        }
        for document in derived {
            let holder = holder_of(document);
            let file = holder.file.clone().unwrap_or_default();
            let stored = match holder.line {
                None => self.stored_id_of(&file),
                // A record of a JSON Lines file: its derived id (`feed#3`) names its line.
                Some(_) => None,
            };
            if let Some(id) = stored {
                document.id = id;
            } else if let Some(taken) = self
                .holders
                .get(&document.id)
                .filter(|h| !same_source(h, &holder))
            {
                let wanted = document.id.clone();
                let unique = unique_id(&wanted, &file, &self.holders);
                warnings.push(warning_at(
                    document,
                    format!(
                        "document id {wanted:?} is taken by {}; this document is stored as {unique:?}",
                        taken.describe()
                    ),
                ));
                document.id = unique;
            }
            self.holders.insert(document.id.clone(), holder);
        }
        warnings
    }
}

fn holder_of(document: &Document) -> Holder {
    Holder {
        file: document.meta.file.clone(),
        line: document.origin.line,
        stored: false,
    }
}

fn warning_at(document: &Document, message: String) -> Warning {
    Warning {
        path: PathBuf::from(document.meta.file.as_deref().unwrap_or_default()),
        line: document.origin.line,
        message,
    }
}

/// Whether an id's holder is the same source as `other`: the same file (and line: the
/// store does not record lines, but a derived id names its line), read again.
fn same_source(holder: &Holder, other: &Holder) -> bool {
    (holder.stored || holder.line == other.line)
        && match (&holder.file, &other.file) {
            (Some(a), Some(b)) => identity(a) == identity(b),
            _ => false,
        }
}

/// A file's identity: its canonical path when it exists, so that `seeds/a.txt` and
/// `./seeds/a.txt` are one file; the path as written otherwise.
fn identity(file: &str) -> PathBuf {
    Path::new(file)
        .canonicalize()
        .unwrap_or_else(|_| PathBuf::from(file))
}

/// `wanted~` and the first 8 (then 16, 64) hex digits of the SHA-256 of `file`: the first
/// not already held.
fn unique_id(wanted: &str, file: &str, holders: &HashMap<String, Holder>) -> String {
    let digest: String = Sha256::digest(file.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    [8, 16, 64]
        .into_iter()
        .map(|n| format!("{wanted}~{}", &digest[..n]))
        .chain((2..).map(|n| format!("{wanted}~{digest}~{n}")))
        .find(|id| !holders.contains_key(id))
        .unwrap_or_else(|| format!("{wanted}~{digest}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Origin;
    use osintkg_graph::DocumentMeta;

    fn file_document(file: &str) -> Document {
        let stem = Path::new(file).file_stem().unwrap().to_string_lossy();
        let mut document = Document::new(stem, "text", DocumentMeta::default());
        document.meta.file = Some(file.to_owned());
        document
    }

    fn json_document(file: &str, line: usize, id: &str) -> Document {
        let mut document = Document::new(id, "text", DocumentMeta::default());
        document.meta.file = Some(file.to_owned());
        document.origin = Origin {
            line: Some(line),
            id_given: true,
        };
        document
    }

    fn ids(documents: &[Document]) -> Vec<&str> {
        documents.iter().map(|d| d.id.as_str()).collect()
    }

    #[test]
    fn unique_names_stay_plain() {
        let mut documents = vec![file_document("a/one.txt"), file_document("b/two.html")];
        assert!(assign_ids(&mut documents, &[]).is_empty());
        assert_eq!(ids(&documents), ["one", "two"]);
    }

    #[test]
    fn a_shared_name_gets_a_stable_suffix_and_a_warning_naming_both_files() {
        let mut documents = vec![file_document("a/index.html"), file_document("b/index.html")];
        let warnings = assign_ids(&mut documents, &[]);
        assert_eq!(documents[0].id, "index");
        assert!(documents[1].id.starts_with("index~"));
        assert_eq!(documents[1].id.len(), "index~".len() + 8);
        assert_eq!(warnings.len(), 1);
        let message = warnings[0].to_string();
        assert!(message.starts_with("b/index.html: "), "{message}");
        assert!(message.contains("a/index.html"), "{message}");
        // The same files again give the same ids.
        let mut again = vec![file_document("a/index.html"), file_document("b/index.html")];
        assign_ids(&mut again, &[]);
        assert_eq!(ids(&again), ids(&documents));
    }

    #[test]
    fn the_store_keeps_its_ids_and_its_files() {
        let known = [
            KnownDocument {
                id: "index".to_owned(),
                file: Some("a/index.html".to_owned()),
            },
            KnownDocument {
                id: "index~0123abcd".to_owned(),
                file: Some("b/index.html".to_owned()),
            },
        ];
        // A new file with a stored name is renamed; stored files keep their ids.
        let mut documents = vec![
            file_document("c/index.html"),
            file_document("b/index.html"),
            file_document("a/index.html"),
        ];
        let warnings = assign_ids(&mut documents, &known);
        assert!(documents[0].id.starts_with("index~") && documents[0].id != "index~0123abcd");
        assert_eq!(documents[1].id, "index~0123abcd");
        assert_eq!(documents[2].id, "index");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].to_string().contains("already in the store"));
    }

    #[test]
    fn given_ids_stay_and_duplicates_are_warned_about() {
        let mut documents = vec![
            json_document("feed.jsonl", 1, "a1"),
            json_document("feed.jsonl", 7, "a1"),
            file_document("x/a1.txt"),
        ];
        let warnings = assign_ids(&mut documents, &[]);
        assert_eq!(documents[0].id, "a1");
        assert_eq!(documents[1].id, "a1");
        assert!(documents[2].id.starts_with("a1~"));
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert_eq!(warnings[0].line, Some(7));
        assert!(warnings[0].to_string().contains("feed.jsonl:1"));
        // A stored document with a given id is updated without a word.
        let known = [KnownDocument {
            id: "a1".to_owned(),
            file: Some("old-feed.jsonl".to_owned()),
        }];
        let mut documents = vec![json_document("feed.jsonl", 1, "a1")];
        assert!(assign_ids(&mut documents, &known).is_empty());
    }

    #[test]
    fn batches_get_the_ids_of_one_run() {
        let files = [
            "a/index.html",
            "b/index.html",
            "c/index.html",
            "d/other.txt",
        ];
        let mut whole: Vec<Document> = files.iter().map(|f| file_document(f)).collect();
        let whole_warnings = assign_ids(&mut whole, &[]);
        let mut assigner = IdAssigner::new(&[]);
        let mut batched = Vec::new();
        let mut batched_warnings = Vec::new();
        for chunk in files.chunks(1) {
            let mut batch: Vec<Document> = chunk.iter().map(|f| file_document(f)).collect();
            batched_warnings.extend(assigner.assign(&mut batch));
            batched.extend(batch);
        }
        assert_eq!(ids(&batched), ids(&whole));
        assert_eq!(batched_warnings.len(), whole_warnings.len());
        // A given id cannot rename a document of an earlier batch: it replaces it, with
        // a warning naming both.
        let mut later = vec![json_document("feed.jsonl", 2, "other")];
        let warnings = assigner.assign(&mut later);
        assert_eq!(later[0].id, "other");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].to_string().contains("d/other.txt"),
            "{warnings:?}"
        );
    }
}
