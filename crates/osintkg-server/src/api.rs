//! The JSON API behind the explorer, answered from the graph in memory.
//!
//! Reports reuse the graph crate's shapes ([`Dossier`], [`PathReport`],
//! [`TimelineEntry`](osintkg_graph::TimelineEntry), [`Score`]), the ones
//! `osintkg show|path|timeline|rank --format json` print, so a script can move between
//! the command line and the server. Names are resolved as the command line resolves them
//! (any name or alias, or the key); an unknown name is a 404 with suggestions, an
//! ambiguous one a 409 with the candidates. Every answer carries the generation it was
//! computed from in the `x-osintkg-generation` header.
//!
//! | route | parameters |
//! |---|---|
//! | `/api/status` | |
//! | `/api/search` | `q`, `limit` (≤ 50) |
//! | `/api/entity/{key}` | `merges` |
//! | `/api/neighbors` | `entity`, `depth` (≤ 3), `max_nodes` (≤ 500), `via`, `types` |
//! | `/api/path` | `from`, `to`, `k` (≤ 10), `max_hops`, `via`, `types`, `since`, `until`, `time_ordered` |
//! | `/api/timeline` | `entity`, `type` |
//! | `/api/rank` | `by` (degree, pagerank, betweenness), `type`, `top` (≤ 1000) |
//! | `/api/examples` | |

use crate::index::{GraphIndex, RankMeasure};
use crate::params::Params;
use crate::problem::Problem;
use crate::{AppState, GENERATION_HEADER, Snapshot};
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use osintkg_graph::report::node_name;
use osintkg_graph::view::Filter;
use osintkg_graph::{
    DocumentMeta, Dossier, EntityType, EventType, Lookup, PathOptions, PathReport, Predicate,
    Score, k_shortest_paths, neighborhood, timeline, top,
};
use osintkg_rdf::vocab::PREFIXES;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/status", get(status))
        .route("/api/search", get(search))
        .route("/api/entity/{key}", get(entity))
        .route("/api/neighbors", get(neighbors))
        .route("/api/path", get(path))
        .route("/api/timeline", get(timeline_route))
        .route("/api/rank", get(rank))
        .route("/api/examples", get(examples))
}

type Answer = Result<Response, Problem>;

/// Runs `work` on a blocking thread (searches on a large graph take milliseconds of CPU
/// the async workers should not spend) with the snapshot current at the request's start.
async fn answer<F>(state: AppState, uri: Uri, work: F) -> Response
where
    F: FnOnce(&Arc<Snapshot>, &Params) -> Answer + Send + 'static,
{
    let Some(snapshot) = state.follower.snapshot() else {
        return Problem::no_build().in_json().into_response();
    };
    let params = Params::of_uri(&uri);
    let outcome = tokio::task::spawn_blocking(move || work(&snapshot, &params)).await;
    match outcome {
        Ok(Ok(response)) => response,
        Ok(Err(problem)) => problem.in_json().into_response(),
        Err(join) => Problem::internal(join).in_json().into_response(),
    }
}

/// A JSON answer stamped with its generation.
fn json(snapshot: &Snapshot, value: &impl Serialize) -> Answer {
    let body = serde_json::to_vec(value).map_err(Problem::internal)?;
    let mut response = (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        body,
    )
        .into_response();
    response
        .headers_mut()
        .insert(GENERATION_HEADER, HeaderValue::from(snapshot.generation()));
    Ok(response)
}

fn bad(message: String) -> Problem {
    Problem::json(StatusCode::BAD_REQUEST, message)
}

/// The key of the node a user means, or a 404 with suggestions / 409 with candidates.
fn resolve(index: &GraphIndex, text: &str, what: &str) -> Result<String, Problem> {
    let describe = |keys: &[String]| -> serde_json::Value {
        keys.iter()
            .map(|key| {
                let node = index.graph().nodes.get(key);
                serde_json::json!({
                    "key": key,
                    "name": node.map_or(key.as_str(), |n| n.name.as_str()),
                    "type": node.map_or("", |n| n.kind.as_str()),
                })
            })
            .collect()
    };
    match index.find(text) {
        Lookup::Found(key) => Ok(key),
        Lookup::Ambiguous(keys) => Err(Problem::json(
            StatusCode::CONFLICT,
            format!("{what}: {text:?} names several entities; choose one by key"),
        )
        .with_details(serde_json::json!({ "candidates": describe(&keys) }))),
        Lookup::NotFound { suggestions } => Err(Problem::json(
            StatusCode::NOT_FOUND,
            format!("{what}: no entity is named {text:?}"),
        )
        .with_details(serde_json::json!({ "suggestions": describe(&suggestions) }))),
    }
}

fn required<'p>(params: &'p Params, name: &str) -> Result<&'p str, Problem> {
    params
        .one(name)
        .map_err(bad)?
        .ok_or_else(|| bad(format!("parameter {name:?} is required")))
}

/// The `via`, `types`, `since` and `until` parameters as a search filter.
fn filter(params: &Params) -> Result<Filter, Problem> {
    let mut filter = Filter::default();
    let via: Vec<Predicate> = params.list("via").map_err(bad)?;
    if !via.is_empty() {
        filter = filter.via(via);
    }
    let types: Vec<EntityType> = params.list("types").map_err(bad)?;
    if !types.is_empty() {
        filter = filter.types(types);
    }
    if let Some(since) = params.one("since").map_err(bad)? {
        filter = filter
            .since(since.trim())
            .map_err(|e| bad(format!("parameter \"since\": {e}")))?;
    }
    if let Some(until) = params.one("until").map_err(bad)? {
        filter = filter
            .until(until.trim())
            .map_err(|e| bad(format!("parameter \"until\": {e}")))?;
    }
    Ok(filter)
}

#[derive(Serialize)]
struct Status {
    generation: u64,
    store: String,
    nodes: usize,
    edges: usize,
    documents: usize,
    types: BTreeMap<EntityType, usize>,
    version: &'static str,
}

async fn status(State(state): State<AppState>, uri: Uri) -> Response {
    answer(state, uri, |snapshot, _| {
        let graph = snapshot.graph().graph();
        json(
            snapshot,
            &Status {
                generation: snapshot.generation(),
                store: snapshot.reader().dir().display().to_string(),
                nodes: graph.nodes.len(),
                edges: graph.edges.len(),
                documents: graph.documents.len(),
                types: graph.count_by_type(),
                version: env!("CARGO_PKG_VERSION"),
            },
        )
    })
    .await
}

async fn search(State(state): State<AppState>, uri: Uri) -> Response {
    answer(state, uri, |snapshot, params| {
        let query = params.one("q").map_err(bad)?.unwrap_or_default();
        let limit = params.bounded("limit", 10, 50).map_err(bad)?;
        let index = snapshot.graph();
        let hits = index
            .search()
            .search(index.graph(), index.view(), query, limit);
        json(snapshot, &hits)
    })
    .await
}

/// A dossier with the metadata of the documents its evidence cites.
#[derive(Serialize)]
struct EntityAnswer<'g> {
    #[serde(flatten)]
    dossier: Dossier<'g>,
    sources: BTreeMap<&'g str, &'g DocumentMeta>,
}

async fn entity(State(state): State<AppState>, Path(key): Path<String>, uri: Uri) -> Response {
    answer(state, uri, move |snapshot, params| {
        let index = snapshot.graph();
        let key = resolve(index, &key, "entity")?;
        let graph = index.graph();
        let (Some(node), Some(at)) = (graph.nodes.get(&key), index.view().index_of(&key)) else {
            return Err(Problem::internal(format!(
                "{key} is missing from the graph"
            )));
        };
        let merges = params.flag("merges").map_err(bad)?;
        let dossier = Dossier::new(graph, node, index.edges_at(at), merges);
        let mut sources = BTreeMap::new();
        let cited = dossier
            .relations
            .values()
            .flatten()
            .flat_map(|relation| relation.sources.iter().map(|e| e.doc.as_str()))
            .chain(node.mentions.iter().map(|m| m.doc.as_str()));
        for doc in cited {
            if let Some((id, meta)) = graph.documents.get_key_value(doc) {
                sources.insert(id.as_str(), meta);
            }
        }
        json(snapshot, &EntityAnswer { dossier, sources })
    })
    .await
}

#[derive(Serialize)]
struct NeighborNodeAnswer<'g> {
    key: &'g str,
    name: &'g str,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    event_type: Option<EventType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'g str>,
    hops: usize,
    /// Relations at the node in the whole graph (what an expansion would add).
    relations: usize,
}

#[derive(Serialize)]
struct NeighborEdgeAnswer<'g> {
    subject: &'g str,
    predicate: Predicate,
    object: &'g str,
    support: usize,
    confidence: f64,
}

#[derive(Serialize)]
struct NeighborsAnswer<'g> {
    root: &'g str,
    depth: usize,
    truncated: bool,
    nodes: Vec<NeighborNodeAnswer<'g>>,
    edges: Vec<NeighborEdgeAnswer<'g>>,
}

async fn neighbors(State(state): State<AppState>, uri: Uri) -> Response {
    answer(state, uri, |snapshot, params| {
        let index = snapshot.graph();
        let (graph, view) = (index.graph(), index.view());
        let key = resolve(index, required(params, "entity")?, "entity")?;
        let depth = params.bounded("depth", 1, 3).map_err(bad)?;
        let max_nodes = params.bounded("max_nodes", 150, 500).map_err(bad)?;
        let filter = filter(params)?;
        let Some(root) = view.index_of(&key) else {
            return Err(Problem::internal(format!("{key} is missing from the view")));
        };
        let around = neighborhood(view, root, depth, &filter, Some(max_nodes));
        let nodes = around
            .nodes
            .iter()
            .filter_map(|n| {
                let (key, node) = graph.nodes.get_key_value(&n.key)?;
                Some(NeighborNodeAnswer {
                    key,
                    name: &node.name,
                    kind: node.kind.as_str(),
                    event_type: node.event_type,
                    date: node.date.as_deref(),
                    hops: n.hops,
                    relations: view.index_of(key).map_or(0, |i| view.steps(i).count()),
                })
            })
            .collect();
        let edges = around
            .edges
            .iter()
            .filter_map(|triple| {
                let edge = graph.edges.get(triple)?;
                Some(NeighborEdgeAnswer {
                    subject: &edge.subject,
                    predicate: edge.predicate,
                    object: &edge.object,
                    support: edge.support(),
                    confidence: edge.confidence(),
                })
            })
            .collect();
        json(
            snapshot,
            &NeighborsAnswer {
                root: graph.nodes.get_key_value(&key).map_or("", |(k, _)| k),
                depth,
                truncated: around.truncated,
                nodes,
                edges,
            },
        )
    })
    .await
}

async fn path(State(state): State<AppState>, uri: Uri) -> Response {
    answer(state, uri, |snapshot, params| {
        let index = snapshot.graph();
        let from = resolve(index, required(params, "from")?, "from")?;
        let to = resolve(index, required(params, "to")?, "to")?;
        let options = PathOptions {
            k: params.bounded("k", 1, 10).map_err(bad)?,
            max_hops: params
                .one("max_hops")
                .map_err(bad)?
                .map(|_| params.bounded("max_hops", 4, 12))
                .transpose()
                .map_err(bad)?,
            time_ordered: params.flag("time_ordered").map_err(bad)?,
            filter: filter(params)?,
            ..PathOptions::default()
        };
        let view = index.view();
        let (Some(start), Some(end)) = (view.index_of(&from), view.index_of(&to)) else {
            return Err(Problem::internal("an endpoint is missing from the view"));
        };
        let paths = k_shortest_paths(view, start, end, &options);
        let graph = index.graph();
        json(snapshot, &PathReport::new(graph, &from, &to, &paths))
    })
    .await
}

async fn timeline_route(State(state): State<AppState>, uri: Uri) -> Response {
    answer(state, uri, |snapshot, params| {
        let index = snapshot.graph();
        let around = params
            .one("entity")
            .map_err(bad)?
            .map(|name| resolve(index, name, "entity"))
            .transpose()?;
        let event_type: Option<EventType> = params.parsed("type").map_err(bad)?;
        json(
            snapshot,
            &timeline(index.graph(), event_type, around.as_deref()),
        )
    })
    .await
}

#[derive(Serialize)]
struct Ranked<'g> {
    #[serde(flatten)]
    score: Score,
    name: &'g str,
    #[serde(rename = "type")]
    kind: &'static str,
}

async fn rank(State(state): State<AppState>, uri: Uri) -> Response {
    answer(state, uri, |snapshot, params| {
        let measure = match params.one("by").map_err(bad)?.unwrap_or("degree") {
            "degree" => RankMeasure::Degree,
            "pagerank" => RankMeasure::PageRank,
            "betweenness" => RankMeasure::Betweenness,
            other => {
                return Err(bad(format!(
                    "parameter \"by\": {other:?} is not degree, pagerank or betweenness"
                )));
            }
        };
        let types: Vec<EntityType> = params.list("type").map_err(bad)?;
        let limit = params.bounded("top", 10, 1000).map_err(bad)?;
        let index = snapshot.graph();
        let graph = index.graph();
        let ranked: Vec<Ranked<'_>> = top(index.view(), index.scores(measure), &types, Some(limit))
            .into_iter()
            .map(|score| {
                let kind = graph.nodes.get(&score.key).map_or("", |n| n.kind.as_str());
                let name = graph
                    .nodes
                    .get_key_value(&score.key)
                    .map_or("", |(k, _)| node_name(graph, k));
                Ranked { score, name, kind }
            })
            .collect();
        json(snapshot, &ranked)
    })
    .await
}

/// The analyst queries of `examples/queries/`, compiled in, for the SPARQL editor.
const EXAMPLES: &[(&str, &str)] = &[
    (
        "claims-of-responsibility",
        include_str!("../../../examples/queries/claims-of-responsibility.rq"),
    ),
    (
        "cooperation-opposition-network",
        include_str!("../../../examples/queries/cooperation-opposition-network.rq"),
    ),
    (
        "corroborated-facts",
        include_str!("../../../examples/queries/corroborated-facts.rq"),
    ),
    (
        "crocus-claimed-by-iskp",
        include_str!("../../../examples/queries/crocus-claimed-by-iskp.rq"),
    ),
    (
        "describe-iskp",
        include_str!("../../../examples/queries/describe-iskp.rq"),
    ),
    (
        "event-evidence",
        include_str!("../../../examples/queries/event-evidence.rq"),
    ),
    (
        "events-in-country",
        include_str!("../../../examples/queries/events-in-country.rq"),
    ),
    (
        "groups-in-region",
        include_str!("../../../examples/queries/groups-in-region.rq"),
    ),
    (
        "leaders",
        include_str!("../../../examples/queries/leaders.rq"),
    ),
    (
        "nationalities",
        include_str!("../../../examples/queries/nationalities.rq"),
    ),
    (
        "near-iskp",
        include_str!("../../../examples/queries/near-iskp.rq"),
    ),
    (
        "sources",
        include_str!("../../../examples/queries/sources.rq"),
    ),
    (
        "wikidata-links",
        include_str!("../../../examples/queries/wikidata-links.rq"),
    ),
];

#[derive(Debug, Serialize, PartialEq)]
struct Example {
    name: &'static str,
    title: String,
    description: String,
    /// The query with `PREFIX` lines for the predeclared prefixes it uses, so that it
    /// also runs unchanged against other endpoints.
    query: String,
}

fn example(name: &'static str, text: &str) -> Example {
    let comments: Vec<&str> = text
        .lines()
        .take_while(|l| l.starts_with('#'))
        .map(|l| l.trim_start_matches('#').trim())
        .collect();
    let body: String = text
        .lines()
        .skip_while(|l| l.starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n");
    let declared: Vec<String> = PREFIXES
        .iter()
        .filter(|(prefix, _)| {
            let used = format!("{prefix}:");
            body.split(|c: char| !(c.is_alphanumeric() || c == ':' || c == '_'))
                .any(|word| word.starts_with(&used))
                && !body.contains(&format!("PREFIX {prefix}:"))
        })
        .map(|(prefix, iri)| format!("PREFIX {prefix}: <{iri}>"))
        .collect();
    let header: Vec<String> = comments.iter().map(|c| format!("# {c}")).collect();
    Example {
        name,
        title: comments.first().copied().unwrap_or(name).to_owned(),
        description: comments.get(1..).unwrap_or(&[]).join(" "),
        query: format!(
            "{}\n{}\n{}\n",
            header.join("\n"),
            declared.join("\n"),
            body.trim()
        ),
    }
}

async fn examples() -> Response {
    let list: Vec<Example> = EXAMPLES
        .iter()
        .map(|(name, text)| example(name, text))
        .collect();
    axum::Json(list).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_query_is_compiled_in() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/queries");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| {
                let path = e.unwrap().path();
                (path.extension()? == "rq")
                    .then(|| path.file_stem()?.to_str().map(str::to_owned))?
            })
            .collect();
        on_disk.sort();
        let compiled: Vec<&str> = EXAMPLES.iter().map(|(name, _)| *name).collect();
        assert_eq!(on_disk, compiled);
    }

    #[test]
    fn examples_declare_the_prefixes_they_use() {
        let leaders = example("leaders", EXAMPLES[8].1);
        assert_eq!(leaders.title, "Leaders and their groups");
        assert!(
            leaders
                .query
                .contains("PREFIX okg: <https://w3id.org/osintkg/ontology#>")
        );
        assert!(leaders.query.contains("PREFIX rdfs: "));
        assert!(!leaders.query.contains("PREFIX sem: "));
        assert!(leaders.query.contains("SELECT ?leader"));
    }
}
