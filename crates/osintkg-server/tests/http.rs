//! The server's routes, status codes and media types, answered in process by the real
//! router over a real on-disk store (the fixture), without a network.

// A failed expectation in a test helper is a failed test, not a crash in front of a user.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod fixture;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use osintkg_server::{CorsOrigin, Follower, ServerConfig, router};
use std::sync::Arc;
use std::time::Duration;
use tempfile::TempDir;
use tower::ServiceExt;

struct Served {
    _dir: TempDir,
    follower: Arc<Follower>,
    app: Router,
}

fn serve_with(config: impl FnOnce(&mut ServerConfig), hostile: bool) -> Served {
    let dir = TempDir::new().unwrap();
    let store = dir.path().join("kg");
    fixture::commit(&store, &fixture::records(hostile)).unwrap();
    let follower = Arc::new(Follower::open(&store).unwrap());
    let mut settings = ServerConfig::new(&store);
    config(&mut settings);
    let app = router(follower.clone(), settings);
    Served {
        _dir: dir,
        follower,
        app,
    }
}

fn serve() -> Served {
    serve_with(|_| {}, false)
}

struct Answer {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .map_or("", |v| v.to_str().unwrap_or(""))
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

async fn send(app: &Router, request: Request<Body>) -> Answer {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

async fn get(app: &Router, uri: &str, accept: Option<&str>) -> Answer {
    let mut request = Request::get(uri);
    if let Some(accept) = accept {
        request = request.header(header::ACCEPT, accept);
    }
    send(app, request.body(Body::empty()).unwrap()).await
}

async fn post(app: &Router, uri: &str, content_type: &str, body: &str, accept: &str) -> Answer {
    let request = Request::post(uri)
        .header(header::CONTENT_TYPE, content_type)
        .header(header::ACCEPT, accept)
        .body(Body::from(body.to_owned()))
        .unwrap();
    send(app, request).await
}

fn encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

const CLAIMS: &str = "SELECT ?event ?group WHERE { ?e okg:claimedBy ?g . ?e rdfs:label ?event . ?g rdfs:label ?group }";

#[tokio::test]
async fn a_query_by_get_post_and_form_gets_the_same_rows() {
    let s = serve();
    let by_get = get(&s.app, &format!("/sparql?query={}", encode(CLAIMS)), None).await;
    assert_eq!(by_get.status, StatusCode::OK, "{}", by_get.body);
    assert_eq!(
        by_get.header("content-type"),
        "application/sparql-results+json"
    );
    assert_eq!(by_get.header("x-osintkg-generation"), "1");
    let rows = by_get.json()["results"]["bindings"].clone();
    assert_eq!(rows.as_array().unwrap().len(), 1);
    assert_eq!(rows[0]["group"]["value"], "Islamic State Khorasan Province");
    let by_post = post(
        &s.app,
        "/query",
        "application/sparql-query",
        CLAIMS,
        "application/sparql-results+json",
    )
    .await;
    assert_eq!(by_post.json()["results"], by_get.json()["results"]);
    let by_form = post(
        &s.app,
        "/sparql",
        "application/x-www-form-urlencoded",
        &format!("query={}", encode(CLAIMS)),
        "application/sparql-results+json",
    )
    .await;
    assert_eq!(by_form.json()["results"], by_get.json()["results"]);
}

#[tokio::test]
async fn results_are_negotiated_by_accept_with_q_values() {
    let s = serve();
    let uri = format!("/sparql?query={}", encode(CLAIMS));
    for (accept, media, marker) in [
        ("text/csv", "text/csv; charset=utf-8", "event,group"),
        (
            "text/tab-separated-values",
            "text/tab-separated-values; charset=utf-8",
            "?event\t?group",
        ),
        (
            "application/sparql-results+xml",
            "application/sparql-results+xml",
            "<sparql",
        ),
        (
            "text/csv;q=0.2, application/sparql-results+xml;q=0.9",
            "application/sparql-results+xml",
            "<sparql",
        ),
        ("*/*", "application/sparql-results+json", "\"bindings\""),
    ] {
        let answer = get(&s.app, &uri, Some(accept)).await;
        assert_eq!(answer.status, StatusCode::OK, "{accept}");
        assert_eq!(answer.header("content-type"), media, "{accept}");
        assert!(answer.body.contains(marker), "{accept}: {}", answer.body);
    }
    let ask = get(
        &s.app,
        &format!("/sparql?query={}", encode("ASK { ?e okg:claimedBy ?g }")),
        Some("text/csv"),
    )
    .await;
    assert_eq!(ask.body.trim(), "true");
    let construct = format!(
        "/sparql?query={}",
        encode("CONSTRUCT { ?e okg:claimedBy ?g } WHERE { ?e okg:claimedBy ?g }")
    );
    for (accept, media) in [
        ("text/turtle", "text/turtle; charset=utf-8"),
        ("application/n-triples", "application/n-triples"),
        ("application/n-quads", "application/n-quads"),
        ("application/trig", "application/trig"),
        ("application/rdf+xml", "application/rdf+xml"),
    ] {
        let answer = get(&s.app, &construct, Some(accept)).await;
        assert_eq!(answer.status, StatusCode::OK, "{accept}: {}", answer.body);
        assert_eq!(answer.header("content-type"), media);
        assert!(
            answer.body.contains("claimedBy"),
            "{accept}: {}",
            answer.body
        );
    }
    let refused = get(&s.app, &construct, Some("application/sparql-results+json")).await;
    assert_eq!(refused.status, StatusCode::NOT_ACCEPTABLE);
    assert!(refused.body.contains("text/turtle"), "{}", refused.body);
    let refused = get(&s.app, &uri, Some("image/png")).await;
    assert_eq!(refused.status, StatusCode::NOT_ACCEPTABLE);
}

#[tokio::test]
async fn protocol_errors_have_their_status_codes() {
    let s = serve_with(|c| c.body_limit = 4096, false);
    let syntax = get(
        &s.app,
        &format!("/sparql?query={}", encode("SELECT ?x\nWHER { ?x ?p ?o }")),
        None,
    )
    .await;
    assert_eq!(syntax.status, StatusCode::BAD_REQUEST);
    assert!(syntax.body.contains("line 2, column"), "{}", syntax.body);
    let update = "INSERT DATA { <http://a> <http://b> <http://c> }";
    for answer in [
        post(
            &s.app,
            "/sparql",
            "application/sparql-update",
            update,
            "*/*",
        )
        .await,
        post(
            &s.app,
            "/sparql",
            "application/x-www-form-urlencoded",
            &format!("update={}", encode(update)),
            "*/*",
        )
        .await,
        post(
            &s.app,
            "/update",
            "application/sparql-update",
            update,
            "*/*",
        )
        .await,
        get(&s.app, &format!("/sparql?update={}", encode(update)), None).await,
    ] {
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
        assert!(answer.body.contains("read-only"));
    }
    let put = Request::put("/sparql").body(Body::from(CLAIMS)).unwrap();
    let put = send(&s.app, put).await;
    assert_eq!(put.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(put.header("allow"), "GET, HEAD, POST");
    assert_eq!(
        get(&s.app, "/update", None).await.status,
        StatusCode::METHOD_NOT_ALLOWED
    );
    let wrong_type = post(&s.app, "/sparql", "text/plain", CLAIMS, "*/*").await;
    assert_eq!(wrong_type.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let no_query = post(
        &s.app,
        "/sparql",
        "application/x-www-form-urlencoded",
        "default-graph-uri=x",
        "*/*",
    )
    .await;
    assert_eq!(no_query.status, StatusCode::BAD_REQUEST);
    let huge = format!("{CLAIMS} #{}", "x".repeat(10_000));
    let too_big = post(&s.app, "/sparql", "application/sparql-query", &huge, "*/*").await;
    assert_eq!(too_big.status, StatusCode::PAYLOAD_TOO_LARGE);
    let bad_graph = get(
        &s.app,
        &format!(
            "/sparql?query={}&default-graph-uri=not%20an%20iri",
            encode(CLAIMS)
        ),
        None,
    )
    .await;
    assert_eq!(bad_graph.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn protocol_graphs_choose_the_dataset() {
    let s = serve();
    let doc = osintkg_rdf::document_iri("wire-1");
    let sentences = encode("SELECT ?s WHERE { ?e okg:sentence ?s }");
    let default_only = get(&s.app, &format!("/sparql?query={sentences}"), None).await;
    assert_eq!(
        default_only.json()["results"]["bindings"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    let one_doc = get(
        &s.app,
        &format!(
            "/sparql?query={sentences}&default-graph-uri={}",
            encode(doc.as_str())
        ),
        None,
    )
    .await;
    let rows = one_doc.json()["results"]["bindings"]
        .as_array()
        .unwrap()
        .len();
    assert!(rows >= 4, "{}", one_doc.body);
    let named = get(
        &s.app,
        &format!(
            "/sparql?query={}&named-graph-uri={}",
            encode("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"),
            encode(doc.as_str())
        ),
        None,
    )
    .await;
    let graphs = named.json()["results"]["bindings"].clone();
    assert_eq!(graphs.as_array().unwrap().len(), 1);
    assert_eq!(graphs[0]["g"]["value"], doc.as_str());
}

#[tokio::test]
async fn the_row_limit_cuts_results_and_says_so() {
    let s = serve_with(|c| c.max_rows = 3, false);
    let answer = get(
        &s.app,
        &format!("/sparql?query={}", encode("SELECT * WHERE { ?s ?p ?o }")),
        Some("text/csv"),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.body.lines().count(), 4, "{}", answer.body);
    assert_eq!(answer.header("x-osintkg-row-limit"), "3");
    assert_eq!(answer.header("x-osintkg-row-limit-reached"), "true");
    let small = get(&s.app, &format!("/sparql?query={}", encode(CLAIMS)), None).await;
    assert_eq!(small.header("x-osintkg-row-limit-reached"), "");
}

#[tokio::test]
async fn a_slow_query_is_cancelled_with_503() {
    let s = serve_with(|c| c.timeout = Duration::from_millis(300), false);
    let slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }";
    let answer = get(&s.app, &format!("/sparql?query={}", encode(slow)), None).await;
    assert_eq!(
        answer.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        answer.body
    );
    assert!(answer.body.contains("time limit"), "{}", answer.body);
    assert_eq!(answer.header("retry-after"), "1");
}

#[tokio::test]
async fn a_service_description_answers_a_get_without_query() {
    let s = serve();
    let description = get(&s.app, "/sparql", None).await;
    assert_eq!(description.status, StatusCode::OK);
    assert_eq!(
        description.header("content-type"),
        "text/turtle; charset=utf-8"
    );
    assert!(description.body.contains("sd:SPARQL11Query"));
    let browser = get(
        &s.app,
        "/sparql",
        Some("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
    )
    .await;
    assert_eq!(browser.status, StatusCode::SEE_OTHER);
    assert_eq!(browser.header("location"), "/#sparql");
}

#[tokio::test]
async fn the_graph_store_protocol_reads_graphs() {
    let s = serve();
    let default = get(&s.app, "/store?default", Some("application/n-triples")).await;
    assert_eq!(default.status, StatusCode::OK);
    assert!(default.body.contains("claimedBy") && !default.body.contains("okg#sentence"));
    let doc = osintkg_rdf::document_iri("wire-1");
    let graph = get(
        &s.app,
        &format!("/store?graph={}", encode(doc.as_str())),
        Some("text/turtle"),
    )
    .await;
    assert_eq!(graph.status, StatusCode::OK);
    assert_eq!(graph.header("content-type"), "text/turtle; charset=utf-8");
    assert!(graph.body.contains("sentence"), "{}", graph.body);
    let missing = get(&s.app, "/store?graph=https%3A%2F%2Fnone.example%2F", None).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let dataset = get(&s.app, "/store", None).await;
    assert_eq!(dataset.header("content-type"), "application/n-quads");
    assert!(dataset.body.contains(doc.as_str()));
    assert_eq!(
        get(&s.app, "/store", Some("text/turtle")).await.status,
        StatusCode::NOT_ACCEPTABLE
    );
    let put = send(
        &s.app,
        Request::put("/store?default").body(Body::from("")).unwrap(),
    )
    .await;
    assert_eq!(put.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        get(&s.app, "/store?default&graph=x", None).await.status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn the_api_searches_shows_and_connects() {
    let s = serve();
    let hits = get(&s.app, "/api/search?q=ISKP", None).await.json();
    assert_eq!(hits[0]["key"], "org:iskp");
    assert_eq!(hits[0]["matched"], "ISKP");
    let typo = get(&s.app, "/api/search?q=Sanaulah%20Gafari", None)
        .await
        .json();
    assert_eq!(typo[0]["name"], "Sanaullah Ghafari");
    let dossier = get(&s.app, "/api/entity/org:iskp", None).await;
    assert_eq!(dossier.header("content-type"), "application/json");
    let dossier = dossier.json();
    assert_eq!(dossier["name"], "Islamic State Khorasan Province");
    assert_eq!(dossier["wikidata"], "Q19903929");
    assert_eq!(
        dossier["relations"]["leaderOf"][0]["other_name"],
        "Sanaullah Ghafari"
    );
    let claimed = &dossier["events"][0];
    assert_eq!(claimed["role"], "claimedBy");
    assert_eq!(claimed["support"], 2);
    assert!(
        claimed["sources"][0]["sentence"]
            .as_str()
            .unwrap()
            .contains("claimed responsibility")
    );
    assert_eq!(dossier["sources"]["wire-1"]["title"], "Wire story wire-1");
    let by_name = get(&s.app, "/api/entity/ISKP", None).await.json();
    assert_eq!(by_name["key"], "org:iskp");
    let path = get(
        &s.app,
        "/api/path?from=Sanaullah%20Ghafari&to=Crocus%20City%20Hall%20attack",
        None,
    )
    .await
    .json();
    let hops = path["paths"][0]["hops"].as_array().unwrap();
    assert_eq!(hops.len(), 2);
    assert_eq!(hops[0]["predicate"], "leaderOf");
    assert!(!hops[1]["evidence"].as_array().unwrap().is_empty());
    let around = get(&s.app, "/api/neighbors?entity=Moscow&depth=2", None)
        .await
        .json();
    assert_eq!(around["root"], around["nodes"][0]["key"]);
    assert!(around["nodes"].as_array().unwrap().len() >= 3);
    assert!(around["edges"][0]["support"].as_u64().unwrap() >= 1);
    let timeline = get(&s.app, "/api/timeline?type=Attack", None).await.json();
    assert_eq!(timeline[0]["name"], "Crocus City Hall attack");
    let ranked = get(&s.app, "/api/rank?by=pagerank&top=2", None)
        .await
        .json();
    assert_eq!(ranked.as_array().unwrap().len(), 2);
    assert!(ranked[0]["name"].is_string() && ranked[0]["score"].is_number());
    let examples = get(&s.app, "/api/examples", None).await.json();
    assert!(examples.as_array().unwrap().len() >= 10);
    let status = get(&s.app, "/api/status", None).await.json();
    assert_eq!(status["generation"], 1);
}

#[tokio::test]
async fn api_errors_are_json_with_suggestions() {
    let s = serve();
    let missing = get(&s.app, "/api/entity/Sanaulah", None).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(
        missing.json()["error"]
            .as_str()
            .unwrap()
            .contains("Sanaulah")
    );
    let bad = get(&s.app, "/api/path?from=ISKP", None).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.json()["error"].as_str().unwrap().contains("\"to\""));
    let bad_k = get(&s.app, "/api/path?from=ISKP&to=Moscow&k=99", None).await;
    assert_eq!(bad_k.status, StatusCode::BAD_REQUEST);
    let bad_via = get(&s.app, "/api/path?from=ISKP&to=Moscow&via=likes", None).await;
    assert_eq!(bad_via.status, StatusCode::BAD_REQUEST);
    let bad_date = get(&s.app, "/api/path?from=ISKP&to=Moscow&since=March", None).await;
    assert_eq!(bad_date.status, StatusCode::BAD_REQUEST);
    let bad_rank = get(&s.app, "/api/rank?by=fame", None).await;
    assert_eq!(bad_rank.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn static_files_come_from_the_binary_only() {
    let s = serve();
    let page = get(&s.app, "/", None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.header("content-type"), "text/html; charset=utf-8");
    assert!(
        page.header("content-security-policy")
            .contains("script-src 'self'")
    );
    assert_eq!(page.header("x-content-type-options"), "nosniff");
    for (path, media) in [
        ("/assets/app.js", "text/javascript; charset=utf-8"),
        ("/assets/app.css", "text/css; charset=utf-8"),
        (
            "/assets/vendor/cytoscape.min.js",
            "text/javascript; charset=utf-8",
        ),
        (
            "/assets/vendor/yasgui.min.js",
            "text/javascript; charset=utf-8",
        ),
        ("/assets/vendor/yasgui.min.css", "text/css; charset=utf-8"),
        ("/assets/vendor/LICENSES.txt", "text/plain; charset=utf-8"),
    ] {
        let asset = get(&s.app, path, None).await;
        assert_eq!(asset.status, StatusCode::OK, "{path}");
        assert_eq!(asset.header("content-type"), media, "{path}");
    }
    for path in [
        "/assets/../Cargo.toml",
        "/assets/%2e%2e/%2e%2e/Cargo.toml",
        "/assets/vendor/../../src/lib.rs",
        "/assets/..%2f..%2fCargo.toml",
        "/etc/passwd",
        "/assets/",
    ] {
        assert_eq!(
            get(&s.app, path, None).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
}

#[tokio::test]
async fn cors_is_off_unless_asked_for() {
    let off = serve();
    let answer = get(&off.app, "/api/status", None).await;
    assert_eq!(answer.header("access-control-allow-origin"), "");
    let on = serve_with(
        |c| c.cors = Some(CorsOrigin::Exact("http://tools.example".to_owned())),
        false,
    );
    let request = Request::get("/api/status")
        .header(header::ORIGIN, "http://tools.example")
        .body(Body::empty())
        .unwrap();
    let answer = send(&on.app, request).await;
    assert_eq!(
        answer.header("access-control-allow-origin"),
        "http://tools.example"
    );
}

#[tokio::test]
async fn the_server_follows_new_generations_and_releases_old_ones() {
    let s = serve();
    let store = s.follower.dir().to_owned();
    let held = s.follower.snapshot().unwrap();
    fixture::commit(&store, &fixture::records(false)[..1]).unwrap();
    assert_eq!(
        get(&s.app, "/api/status", None).await.json()["generation"],
        1,
        "not swapped before a refresh"
    );
    assert!(s.follower.refresh().unwrap().is_some());
    assert!(s.follower.refresh().unwrap().is_none(), "nothing new");
    let status = get(&s.app, "/api/status", None).await;
    assert_eq!(status.header("x-osintkg-generation"), "2");
    let claims = get(&s.app, &format!("/sparql?query={}", encode(CLAIMS)), None).await;
    assert_eq!(claims.header("x-osintkg-generation"), "2");
    // The request that started on generation 1 still reads it whole.
    assert_eq!(held.generation(), 1);
    assert!(held.reader().quad_count().unwrap() > 0);
    assert!(store.join("gen-1").exists());
    drop(held);
    fixture::commit(&store, &fixture::records(false)).unwrap();
    assert!(
        !store.join("gen-1").exists(),
        "released once its last reader finished"
    );
    assert!(store.join("gen-2").exists(), "still served");
}

#[tokio::test]
async fn hostile_text_stays_text_in_json() {
    let s = serve_with(|_| {}, true);
    let hits = get(&s.app, "/api/search?q=abu", None).await.json();
    assert_eq!(hits[0]["name"], fixture::HOSTILE_NAME);
    let key = hits[0]["key"].as_str().unwrap().to_owned();
    let answer = get(&s.app, &format!("/api/entity/{}", encode(&key)), None).await;
    assert_eq!(answer.header("content-type"), "application/json");
    assert_eq!(answer.json()["name"], fixture::HOSTILE_NAME);
}
