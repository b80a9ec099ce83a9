//! The SPARQL 1.1 Graph Store HTTP Protocol, read side: `GET /store?graph=IRI` for one
//! named graph (a document's evidence and extraction record), `GET /store?default` for
//! the default graph (the resolved entities and facts), and `GET /store` for the whole
//! dataset in N-Quads or TriG. Writes (PUT, POST, DELETE, PATCH) are 405: the store
//! changes only through `osintkg build`.

use crate::formats::{self, STORE_DATASET, STORE_GRAPH};
use crate::params::Params;
use crate::problem::Problem;
use crate::streaming;
use crate::{AppState, GENERATION_HEADER};
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use osintkg_rdf::GraphSelection;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/store", any(graph_store))
}

async fn graph_store(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if !matches!(method, Method::GET | Method::HEAD) {
        return Problem::method_not_allowed("GET, HEAD").into_response();
    }
    let params = Params::of_uri(&uri);
    let graph = match (params.one("graph"), params.has("default")) {
        (Err(message), _) => return Problem::bad_request(message).into_response(),
        (Ok(Some(_)), true) => {
            return Problem::bad_request("give either ?graph=IRI or ?default, not both")
                .into_response();
        }
        (Ok(Some(iri)), false) => GraphSelection::Named(iri.to_owned()),
        (Ok(None), true) => GraphSelection::Default,
        (Ok(None), false) if params.has("graph") => {
            return Problem::bad_request("the graph parameter is empty").into_response();
        }
        (Ok(None), false) => GraphSelection::Dataset,
    };
    let offers = match graph {
        GraphSelection::Dataset => STORE_DATASET,
        _ => STORE_GRAPH,
    };
    let (media, format) = match formats::negotiate(&headers, offers) {
        Ok(chosen) => chosen,
        Err(problem) => return problem.into_response(),
    };
    let Some(snapshot) = state.follower.snapshot() else {
        return Problem::no_build().into_response();
    };
    streaming::respond(None, move |out| {
        let mut head = HeaderMap::new();
        head.insert(header::CONTENT_TYPE, formats::content_type(media));
        head.insert(
            HeaderName::from_static(GENERATION_HEADER),
            HeaderValue::from(snapshot.generation()),
        );
        // A missing graph fails before any byte is written: a clean 404.
        out.begin(head).map_err(Problem::internal)?;
        snapshot.reader().export_graph(&graph, format, &mut *out)?;
        Ok(HeaderMap::new())
    })
    .await
}
