//! The SPARQL 1.1 Protocol, query operation only.
//!
//! `/sparql` and its alias `/query` take a query by GET (`?query=`), by POST with an
//! `application/sparql-query` body, or by POST of an HTML form
//! (`application/x-www-form-urlencoded`), with `default-graph-uri` and
//! `named-graph-uri` replacing the query's own dataset. Queries run through the RDF
//! crate's query layer (the same prefixes, time limit and serializers as
//! `osintkg query`), on the store generation current when the request arrived.
//!
//! Status codes: 400 for a syntax error (with its line and column) or a bad parameter,
//! 403 for an update, 405 for another method, 406 when no acceptable format exists for
//! the query's form, 413 for a body over the limit, 415 for a POST body of another type,
//! 503 when the time limit cancels the query (or no build exists yet). A GET without a
//! query returns the service description.

use crate::formats::{self, GRAPHS, SOLUTIONS};
use crate::params::Params;
use crate::problem::Problem;
use crate::streaming::{self, ResponseWriter};
use crate::{AppState, GENERATION_HEADER, Snapshot};
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::any;
use osintkg_rdf::vocab::PREFIXES;
use osintkg_rdf::{QueryForm, QueryLimits, QueryOptions, QueryOutcome, start_query};
use std::sync::Arc;

/// The maximum rows a response may hold, sent with every query response.
pub const ROW_LIMIT_HEADER: &str = "x-osintkg-row-limit";
/// Sent (on responses short enough to be held until the end) when the row limit was
/// reached: more rows may exist than were returned.
pub const ROW_LIMIT_REACHED_HEADER: &str = "x-osintkg-row-limit-reached";

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/sparql", any(endpoint))
        .route("/query", any(endpoint))
        .route("/update", any(update))
}

/// What a request asks for: a query with its protocol dataset.
struct QueryRequest {
    text: String,
    default_graphs: Vec<String>,
    named_graphs: Vec<String>,
}

async fn endpoint(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let request = match method {
        Method::GET | Method::HEAD => from_get(&uri),
        Method::POST => from_post(&uri, &headers, &body),
        _ => Err(Problem::method_not_allowed("GET, HEAD, POST")),
    };
    match request {
        Ok(Some(request)) => run(state, headers, request).await,
        Ok(None) => service_description(&headers),
        Err(problem) => problem.into_response(),
    }
}

/// A GET: the query in the URI, or none (the service description).
fn from_get(uri: &Uri) -> Result<Option<QueryRequest>, Problem> {
    let params = Params::of_uri(uri);
    if params.has("update") {
        return Err(Problem::read_only());
    }
    if !params.has("query") {
        return Ok(None);
    }
    let text = params
        .one("query")
        .map_err(Problem::bad_request)?
        .ok_or_else(|| Problem::bad_request("the query parameter is empty"))?;
    Ok(Some(QueryRequest {
        text: text.to_owned(),
        default_graphs: params.all("default-graph-uri"),
        named_graphs: params.all("named-graph-uri"),
    }))
}

/// A POST: a query body or a form.
fn from_post(uri: &Uri, headers: &HeaderMap, body: &[u8]) -> Result<Option<QueryRequest>, Problem> {
    let uri_params = Params::of_uri(uri);
    match formats::request_media_type(headers).as_deref() {
        Some("application/sparql-query") => {
            if uri_params.has("update") {
                return Err(Problem::read_only());
            }
            let text = std::str::from_utf8(body)
                .map_err(|_| Problem::bad_request("the query body is not UTF-8"))?;
            if text.trim().is_empty() {
                return Err(Problem::bad_request("the query body is empty"));
            }
            Ok(Some(QueryRequest {
                text: text.to_owned(),
                default_graphs: uri_params.all("default-graph-uri"),
                named_graphs: uri_params.all("named-graph-uri"),
            }))
        }
        Some("application/x-www-form-urlencoded") => {
            let form = Params::parse(body);
            if form.has("update") || uri_params.has("update") {
                return Err(Problem::read_only());
            }
            let text = form
                .one("query")
                .map_err(Problem::bad_request)?
                .ok_or_else(|| Problem::bad_request("the form has no query parameter"))?;
            Ok(Some(QueryRequest {
                text: text.to_owned(),
                default_graphs: form.all("default-graph-uri"),
                named_graphs: form.all("named-graph-uri"),
            }))
        }
        Some("application/sparql-update") => Err(Problem::read_only()),
        other => Err(Problem::text(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!(
                "a query POST needs Content-Type application/sparql-query or application/x-www-form-urlencoded{}",
                other.map_or(String::new(), |t| format!(", not {t}"))
            ),
        )),
    }
}

async fn update(method: Method) -> Response {
    match method {
        Method::POST => Problem::read_only().into_response(),
        _ => Problem::method_not_allowed("POST").into_response(),
    }
}

/// Longest query text this endpoint accepts, in bytes (analyst queries are a few
/// kilobytes). Nesting and chaining are bounded by the RDF crate's [`QueryLimits`], which
/// every query passes before it is parsed.
const MAX_QUERY_BYTES: usize = 64 * 1024;

/// Waits (within the time limit) for an evaluation slot, then streams the results.
async fn run(state: AppState, headers: HeaderMap, request: QueryRequest) -> Response {
    let Some(snapshot) = state.follower.snapshot() else {
        return Problem::no_build().into_response();
    };
    let config = state.config.clone();
    let permit =
        match tokio::time::timeout(config.timeout, state.query_slots.clone().acquire_owned()).await
        {
            Ok(Ok(permit)) => permit,
            _ => {
                return Problem::text(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "the server is busy with other queries; retry later",
                )
                .into_response();
            }
        };
    let options = QueryOptions {
        timeout: Some(config.timeout),
        max_rows: Some(config.max_rows),
        default_graphs: request.default_graphs,
        named_graphs: request.named_graphs,
        limits: QueryLimits {
            max_bytes: MAX_QUERY_BYTES,
            ..QueryLimits::default()
        },
        ..QueryOptions::default()
    };
    // The token cancels evaluation at the limit; the deadline, a quarter later, answers
    // for what the token cannot reach (query planning).
    let deadline = config.timeout + config.timeout / 4;
    streaming::respond(Some(deadline), move |out| {
        let _permit = permit;
        evaluate(&snapshot, &request.text, &options, &headers, out)
    })
    .await
}

fn evaluate(
    snapshot: &Arc<Snapshot>,
    query: &str,
    options: &QueryOptions,
    headers: &HeaderMap,
    out: &mut ResponseWriter,
) -> Result<HeaderMap, Problem> {
    let started = start_query(snapshot.reader().store(), query, options)?;
    let (media, results, graph) = match started.form() {
        QueryForm::Select | QueryForm::Ask => {
            let (media, results) = formats::negotiate(headers, SOLUTIONS)?;
            (media, results, Default::default())
        }
        QueryForm::Graph => {
            let (media, graph) = formats::negotiate(headers, GRAPHS)?;
            (media, Default::default(), graph)
        }
    };
    let limit = options.max_rows.unwrap_or(u64::MAX);
    let mut head = HeaderMap::new();
    head.insert(header::CONTENT_TYPE, formats::content_type(media));
    head.insert(
        HeaderName::from_static(GENERATION_HEADER),
        HeaderValue::from(snapshot.generation()),
    );
    head.insert(
        HeaderName::from_static(ROW_LIMIT_HEADER),
        HeaderValue::from(limit),
    );
    head.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    out.begin(head).map_err(Problem::internal)?;
    let outcome = started.write(results, graph, &mut *out)?;
    let mut late = HeaderMap::new();
    if matches!(outcome, QueryOutcome::Solutions { rows: n } | QueryOutcome::Graph { triples: n } if n >= limit)
    {
        late.insert(
            HeaderName::from_static(ROW_LIMIT_REACHED_HEADER),
            HeaderValue::from_static("true"),
        );
    }
    Ok(late)
}

/// The SPARQL 1.1 Service Description of this endpoint, in Turtle; a browser (which
/// prefers HTML) is sent to the explorer's SPARQL editor instead.
fn service_description(headers: &HeaderMap) -> Response {
    #[derive(Clone, Copy)]
    enum Answer {
        Turtle,
        Editor,
    }
    match formats::negotiate(
        headers,
        &[
            ("text/turtle", Answer::Turtle),
            ("text/html", Answer::Editor),
        ],
    ) {
        Ok((_, Answer::Editor)) => Redirect::to("/#sparql").into_response(),
        Ok((media, Answer::Turtle)) => (
            [(header::CONTENT_TYPE, formats::content_type(media))],
            description_turtle(),
        )
            .into_response(),
        Err(problem) => problem.into_response(),
    }
}

fn description_turtle() -> String {
    let formats = [
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "N-Quads",
        "TriG",
        "RDF_XML",
    ]
    .map(|f| format!("<http://www.w3.org/ns/formats/{f}>"))
    .join(", ");
    let prefixes: Vec<String> = PREFIXES
        .iter()
        .map(|(prefix, iri)| format!("{prefix}: <{iri}>"))
        .collect();
    format!(
        "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .\n\
         @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\n\
         <> a sd:Service ;\n\
         \x20   sd:endpoint <> ;\n\
         \x20   sd:supportedLanguage sd:SPARQL11Query ;\n\
         \x20   sd:resultFormat {formats} ;\n\
         \x20   sd:defaultDataset [\n\
         \x20       a sd:Dataset ;\n\
         \x20       sd:defaultGraph [ a sd:Graph ; rdfs:comment \"resolved entities, relations and facts\" ]\n\
         \x20   ] ;\n\
         \x20   rdfs:comment \"osintkg knowledge graph, read-only. Named graphs: one per source document, holding its evidence. Predeclared prefixes: {}.\" .\n",
        prefixes.join(", ")
    )
}
