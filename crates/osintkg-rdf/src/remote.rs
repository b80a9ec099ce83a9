//! Other SPARQL stores: pushing the graph over the SPARQL 1.1 Graph Store HTTP Protocol
//! and querying over the SPARQL 1.1 Protocol.
//!
//! One machine holds the build; a SPARQL store that scales (Fuseki, GraphDB, Virtuoso,
//! Neptune, an oxigraph server) can hold the graph for many readers. [`push`] sends one
//! `PUT` per document's named graph and one for the resolved default graph, each as
//! N-Triples read from the current generation. It remembers, in the store directory, a
//! hash of every graph it sent to each graph store, so the next push sends only the
//! graphs that changed and `DELETE`s those that are gone. A graph is the unit of the
//! protocol: the default graph, which almost every build changes, is sent whole.

use crate::Result;
use crate::error::RdfError;
use crate::store::{StoreReader, replace_file};
use base64::Engine;
use oxigraph::io::RdfFormat;
use oxigraph::model::{GraphNameRef, NamedOrBlankNode};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::mpsc::sync_channel;
use std::time::Duration;

/// A SPARQL service reached over HTTP, with optional Basic credentials.
#[derive(Debug, Clone)]
pub struct Remote {
    agent: ureq::Agent,
    authorization: Option<String>,
}

impl Remote {
    /// A client; `credentials` are (user, password) for HTTP Basic authentication.
    pub fn new(credentials: Option<(&str, &str)>) -> Remote {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(30)))
            .build();
        Remote {
            agent: config.into(),
            authorization: credentials.map(|(user, password)| {
                let token =
                    base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
                format!("Basic {token}")
            }),
        }
    }

    /// Runs a SPARQL query at `endpoint` (SPARQL 1.1 Protocol, POST) and copies the
    /// response, in the media type `accept` asks for, to `out`. The prefixes the local
    /// store predeclares are declared in front of the query, so that the same text
    /// runs on both (a prefix the query declares itself wins).
    pub fn query(
        &self,
        endpoint: &str,
        query: &str,
        accept: &str,
        mut out: impl Write,
    ) -> Result<u64> {
        let mut text = String::new();
        for (prefix, iri) in crate::vocab::PREFIXES {
            let _ = writeln!(text, "PREFIX {prefix}: <{iri}>");
        }
        text.push_str(query);
        let mut request = self
            .agent
            .post(endpoint)
            .header("Content-Type", "application/sparql-query")
            .header("Accept", accept);
        if let Some(auth) = &self.authorization {
            request = request.header("Authorization", auth);
        }
        let mut response = request
            .send(text.as_bytes())
            .map_err(|e| remote_error(endpoint, e.to_string()))?;
        check(endpoint, &mut response)?;
        let mut body = response.body_mut().as_reader();
        std::io::copy(&mut body, &mut out).map_err(RdfError::write)
    }

    /// Replaces a graph (`None`: the default graph) at a Graph Store Protocol service
    /// with the N-Triples in `body`.
    pub fn put_graph(
        &self,
        graph_store: &str,
        graph: Option<&str>,
        body: impl Read + 'static,
    ) -> Result<()> {
        let url = graph_url(graph_store, graph);
        let mut request = self
            .agent
            .put(&url)
            .header("Content-Type", "application/n-triples");
        if let Some(auth) = &self.authorization {
            request = request.header("Authorization", auth);
        }
        let mut response = request
            .send(ureq::SendBody::from_owned_reader(body))
            .map_err(|e| remote_error(&url, e.to_string()))?;
        check(&url, &mut response)
    }

    /// Deletes a named graph at a Graph Store Protocol service (a graph already gone is
    /// not an error).
    pub fn delete_graph(&self, graph_store: &str, graph: &str) -> Result<()> {
        let url = graph_url(graph_store, Some(graph));
        let mut request = self.agent.delete(&url);
        if let Some(auth) = &self.authorization {
            request = request.header("Authorization", auth);
        }
        let mut response = request
            .call()
            .map_err(|e| remote_error(&url, e.to_string()))?;
        if response.status().as_u16() == 404 {
            return Ok(());
        }
        check(&url, &mut response)
    }
}

fn remote_error(url: &str, message: String) -> RdfError {
    RdfError::Remote {
        url: url.to_owned(),
        message,
    }
}

/// Fails on any status but 2xx, with the start of the server's explanation.
fn check(url: &str, response: &mut ureq::http::Response<ureq::Body>) -> Result<()> {
    let status = response.status();
    if status.is_success() {
        return Ok(());
    }
    let mut text = String::new();
    let _ = response
        .body_mut()
        .as_reader()
        .take(2000)
        .read_to_string(&mut text);
    Err(remote_error(url, format!("HTTP {status}: {}", text.trim())))
}

/// The Graph Store Protocol URL of a graph: `?graph=IRI` (encoded) or `?default`.
fn graph_url(graph_store: &str, graph: Option<&str>) -> String {
    let separator = if graph_store.contains('?') { '&' } else { '?' };
    match graph {
        None => format!("{graph_store}{separator}default"),
        Some(iri) => {
            let mut url = format!("{graph_store}{separator}graph=");
            for byte in iri.bytes() {
                if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
                    url.push(char::from(byte));
                } else {
                    let _ = write!(url, "%{byte:02X}");
                }
            }
            url
        }
    }
}

/// What a push did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PushStats {
    /// Graphs sent (the default graph counts as one).
    pub sent: usize,
    /// Graphs the remote store already had as they are.
    pub unchanged: usize,
    /// Graphs deleted from the remote store because the build no longer has them.
    pub deleted: usize,
    /// Triples sent.
    pub triples: u64,
    /// Bytes of N-Triples sent.
    pub bytes: u64,
}

/// What was pushed to one graph store: a hash of every graph, by name ("" for the
/// default graph).
#[derive(Debug, Default, Serialize, Deserialize)]
struct PushState {
    graph_store: String,
    graphs: BTreeMap<String, String>,
}

/// The file in the store directory that remembers pushes to `graph_store`.
fn state_file(graph_store: &str) -> String {
    let digest = Sha256::digest(graph_store.as_bytes());
    let mut name = String::from("push-");
    for byte in &digest[..8] {
        let _ = write!(name, "{byte:02x}");
    }
    name.push_str(".json");
    name
}

/// One graph ready to send: a named graph in memory, the default graph (which can be
/// most of the store) in a file beside the store.
struct Body {
    name: String,
    ntriples: Payload,
    triples: u64,
    bytes: u64,
}

enum Payload {
    Memory(Vec<u8>),
    File(PathBuf),
}

/// Counts and hashes what passes through to `inner`.
struct Hashing<W> {
    inner: W,
    hash: Sha256,
    bytes: u64,
    lines: u64,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        let written = &buf[..n];
        self.hash.update(written);
        self.bytes += n as u64;
        self.lines += written.iter().filter(|b| **b == b'\n').count() as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Sends the store's current generation to a Graph Store Protocol service; see the
/// module documentation. With `full`, every graph is sent whatever was pushed before.
/// `jobs` requests run at once; `progress` is called after each graph.
pub fn push(
    reader: &StoreReader,
    remote: &Remote,
    graph_store: &str,
    full: bool,
    jobs: usize,
    progress: &(dyn Fn(&PushStats) + Sync),
) -> Result<PushStats> {
    let dir = reader.dir().to_owned();
    let state_path = dir.join(state_file(graph_store));
    let previous: PushState = match std::fs::read(&state_path) {
        Ok(bytes) if !full => serde_json::from_slice(&bytes).unwrap_or_default(),
        _ => PushState::default(),
    };
    let store = reader.store();
    let location = PathBuf::from(reader.dir());
    let mut names: Vec<String> = vec![String::new()];
    for graph in store.named_graphs() {
        match graph.map_err(RdfError::storage(&location))? {
            NamedOrBlankNode::NamedNode(n) => names.push(n.into_string()),
            NamedOrBlankNode::BlankNode(_) => {}
        }
    }
    let stats = Mutex::new(PushStats::default());
    let hashes: Mutex<BTreeMap<String, String>> = Mutex::new(BTreeMap::new());
    let failure: Mutex<Option<RdfError>> = Mutex::new(None);
    let (tx, rx) = sync_channel::<Body>(jobs.max(1) * 2);
    let rx = Mutex::new(rx);
    std::thread::scope(|scope| {
        for _ in 0..jobs.max(1) {
            scope.spawn(|| {
                loop {
                    let next = rx.lock().ok().and_then(|rx| rx.recv().ok());
                    let Some(body) = next else { break };
                    let graph = (!body.name.is_empty()).then_some(body.name.as_str());
                    let sent = match body.ntriples {
                        Payload::Memory(bytes) => {
                            remote.put_graph(graph_store, graph, std::io::Cursor::new(bytes))
                        }
                        Payload::File(path) => std::fs::File::open(&path)
                            .map_err(RdfError::io(&path))
                            .and_then(|file| {
                                let sent = remote.put_graph(graph_store, graph, file);
                                let _ = std::fs::remove_file(&path);
                                sent
                            }),
                    };
                    match sent {
                        Ok(()) => {
                            if let Ok(mut s) = stats.lock() {
                                s.sent += 1;
                                s.triples += body.triples;
                                s.bytes += body.bytes;
                                progress(&s);
                            }
                        }
                        Err(e) => {
                            if let Ok(mut slot) = failure.lock() {
                                slot.get_or_insert(e);
                            }
                            break;
                        }
                    }
                }
            });
        }
        for name in &names {
            if failure.lock().map_or(true, |f| f.is_some()) {
                break;
            }
            let graph = if name.is_empty() {
                GraphNameRef::DefaultGraph
            } else {
                GraphNameRef::NamedNode(oxigraph::model::NamedNodeRef::new_unchecked(name))
            };
            let dumped = if name.is_empty() {
                let path = dir.join(".push-default.nt.tmp");
                std::fs::File::create(&path)
                    .map_err(RdfError::io(&path))
                    .and_then(|file| dump(store, graph, std::io::BufWriter::new(file), &location))
                    .map(|(hash, bytes, triples)| (hash, bytes, triples, Payload::File(path)))
            } else {
                let mut memory = Vec::new();
                dump(store, graph, &mut memory, &location)
                    .map(|(hash, bytes, triples)| (hash, bytes, triples, Payload::Memory(memory)))
            };
            let (hash, bytes, triples, ntriples) = match dumped {
                Ok(dumped) => dumped,
                Err(e) => {
                    if let Ok(mut slot) = failure.lock() {
                        slot.get_or_insert(e);
                    }
                    break;
                }
            };
            let same = previous.graphs.get(name) == Some(&hash);
            if let Ok(mut h) = hashes.lock() {
                h.insert(name.clone(), hash);
            }
            if same {
                if let Ok(mut s) = stats.lock() {
                    s.unchanged += 1;
                }
                if let Payload::File(path) = ntriples {
                    let _ = std::fs::remove_file(path);
                }
                continue;
            }
            if tx
                .send(Body {
                    name: name.clone(),
                    ntriples,
                    triples,
                    bytes,
                })
                .is_err()
            {
                break;
            }
        }
        drop(tx);
    });
    if let Some(error) = failure.into_inner().ok().flatten() {
        return Err(error);
    }
    let hashes = hashes.into_inner().unwrap_or_default();
    let mut stats = stats.into_inner().unwrap_or_default();
    for gone in previous
        .graphs
        .keys()
        .filter(|g| !g.is_empty() && !hashes.contains_key(*g))
    {
        remote.delete_graph(graph_store, gone)?;
        stats.deleted += 1;
    }
    let state = PushState {
        graph_store: graph_store.to_owned(),
        graphs: hashes,
    };
    let json = serde_json::to_vec_pretty(&state).map_err(|e| RdfError::Io {
        path: state_path.clone(),
        cause: std::io::Error::other(e),
    })?;
    replace_file(&dir, &state_file(graph_store), &json)?;
    Ok(stats)
}

/// Writes one graph as N-Triples to `out`; returns its SHA-256 (hex), bytes and triples.
fn dump(
    store: &oxigraph::store::Store,
    graph: GraphNameRef<'_>,
    out: impl Write,
    location: &std::path::Path,
) -> Result<(String, u64, u64)> {
    let mut hashing = Hashing {
        inner: out,
        hash: Sha256::new(),
        bytes: 0,
        lines: 0,
    };
    store
        .dump_graph_to_writer(graph, RdfFormat::NTriples, &mut hashing)
        .map_err(|e| RdfError::Io {
            path: location.to_owned(),
            cause: std::io::Error::other(e.to_string()),
        })?;
    hashing.flush().map_err(RdfError::io(location))?;
    let mut hash = String::with_capacity(64);
    for byte in hashing.hash.finalize() {
        let _ = write!(hash, "{byte:02x}");
    }
    Ok((hash, hashing.bytes, hashing.lines))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_urls_follow_the_protocol() {
        assert_eq!(graph_url("http://h/store", None), "http://h/store?default");
        assert_eq!(
            graph_url("http://h/ds?x=1", Some("https://w3id.org/osintkg/doc/a b")),
            "http://h/ds?x=1&graph=https%3A%2F%2Fw3id.org%2Fosintkg%2Fdoc%2Fa%20b"
        );
        assert_ne!(state_file("http://a/store"), state_file("http://b/store"));
    }
}
