#!/usr/bin/env bash
# curl against every route of `osintkg serve`: status codes, media types and bodies.
# usage: tests/clients/curl.sh BASE_URL   (a server on the seeds store, --max-rows 50)
# Prints one line per check and ends with "N passed, N failed"; exits 1 on any failure.
set -uo pipefail
base=${1:?usage: curl.sh BASE_URL}
passed=0
failed=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT

# expect NAME STATUS CONTENT-TYPE-PREFIX BODY-SUBSTRING -- CURL-ARGS...
expect() {
  local name=$1 status=$2 media=$3 needle=$4
  shift 5
  local got
  got=$(curl -sS -o "$out" -w '%{http_code} %{content_type}' "$@" 2>&1)
  local code=${got%% *} type=${got#* }
  if [ "$code" != "$status" ]; then
    echo "FAIL $name: status $code, expected $status ($(head -c 200 "$out"))"
    failed=$((failed + 1))
  elif [ -n "$media" ] && [[ "$type" != "$media"* ]]; then
    echo "FAIL $name: content type \"$type\", expected $media"
    failed=$((failed + 1))
  elif [ -n "$needle" ] && ! grep -qF -- "$needle" "$out"; then
    echo "FAIL $name: body lacks \"$needle\" ($(head -c 200 "$out"))"
    failed=$((failed + 1))
  else
    echo "ok   $name ($code $type)"
    passed=$((passed + 1))
  fi
}

select='SELECT ?event ?group WHERE { ?e okg:claimedBy ?g . ?e rdfs:label ?event . ?g rdfs:label ?group }'
construct='CONSTRUCT { ?e okg:claimedBy ?g } WHERE { ?e okg:claimedBy ?g }'
sparql="$base/sparql"
# A document graph for the dataset and GSP checks. The server runs with --timeout 2, and
# a loaded machine's first (cold) query can take longer: asked again, not left empty.
doc=""
for _ in 1 2 3 4 5; do
  doc=$(curl -sS -G "$sparql" -H 'Accept: text/csv' \
    --data-urlencode 'query=SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g LIMIT 1' | sed -n 2p | tr -d '\r')
  case $doc in http*) break ;; esac
  sleep 1
done
case $doc in http*) ;; *) echo "no document graph found at $sparql (got: $doc)" >&2 ;; esac

# --- SPARQL 1.1 Protocol: the three ways to send a query
expect "GET ?query=" 200 application/sparql-results+json '"bindings"' -- -G "$sparql" --data-urlencode "query=$select"
expect "POST application/sparql-query" 200 application/sparql-results+json 'Crocus City Hall attack' -- "$sparql" -H 'Content-Type: application/sparql-query' --data-binary "$select"
expect "POST form" 200 application/sparql-results+json 'Crocus City Hall attack' -- "$sparql" --data-urlencode "query=$select"
expect "/query alias" 200 application/sparql-results+json '"bindings"' -- -G "$base/query" --data-urlencode "query=$select"
expect "HEAD" 200 application/sparql-results+json '' -- -I -G "$sparql" --data-urlencode "query=$select"

# --- content negotiation, SELECT and ASK
expect "SELECT as JSON" 200 application/sparql-results+json '"head"' -- -G "$sparql" -H 'Accept: application/sparql-results+json' --data-urlencode "query=$select"
expect "SELECT as XML" 200 application/sparql-results+xml '<sparql' -- -G "$sparql" -H 'Accept: application/sparql-results+xml' --data-urlencode "query=$select"
expect "SELECT as CSV" 200 text/csv 'event,group' -- -G "$sparql" -H 'Accept: text/csv' --data-urlencode "query=$select"
expect "SELECT as TSV" 200 text/tab-separated-values '?event' -- -G "$sparql" -H 'Accept: text/tab-separated-values' --data-urlencode "query=$select"
expect "q-values pick XML over CSV" 200 application/sparql-results+xml '<sparql' -- -G "$sparql" -H 'Accept: text/csv;q=0.3, application/sparql-results+xml;q=0.8' --data-urlencode "query=$select"
expect "q=0 excludes a type" 200 text/tab-separated-values '' -- -G "$sparql" -H 'Accept: text/*;q=0.9, text/csv;q=0' --data-urlencode "query=$select"
expect "no Accept header means JSON" 200 application/sparql-results+json '' -- -G "$sparql" -H 'Accept:' --data-urlencode "query=$select"
expect "ASK as JSON" 200 application/sparql-results+json '"boolean"' -- -G "$sparql" --data-urlencode 'query=ASK { ?e okg:claimedBy ?g }'
expect "ASK as XML" 200 application/sparql-results+xml '<boolean>true' -- -G "$sparql" -H 'Accept: application/sparql-results+xml' --data-urlencode 'query=ASK { ?e okg:claimedBy ?g }'

# --- content negotiation, CONSTRUCT and DESCRIBE
expect "CONSTRUCT as Turtle" 200 text/turtle 'okg:claimedBy' -- -G "$sparql" -H 'Accept: text/turtle' --data-urlencode "query=$construct"
expect "CONSTRUCT as N-Triples" 200 application/n-triples 'claimedBy>' -- -G "$sparql" -H 'Accept: application/n-triples' --data-urlencode "query=$construct"
expect "CONSTRUCT as N-Quads" 200 application/n-quads 'claimedBy>' -- -G "$sparql" -H 'Accept: application/n-quads' --data-urlencode "query=$construct"
expect "CONSTRUCT as TriG" 200 application/trig 'okg:claimedBy' -- -G "$sparql" -H 'Accept: application/trig' --data-urlencode "query=$construct"
expect "CONSTRUCT as RDF/XML" 200 application/rdf+xml 'rdf:RDF' -- -G "$sparql" -H 'Accept: application/rdf+xml' --data-urlencode "query=$construct"
expect "DESCRIBE as Turtle" 200 text/turtle 'org:iskp' -- -G "$sparql" --data-urlencode 'query=DESCRIBE ?g WHERE { ?g okg:kbId "org:iskp" }'

# --- datasets from the protocol
expect "default-graph-uri" 200 application/sparql-results+json 'sentence' -- -G "$sparql" --data-urlencode 'query=SELECT ?sentence WHERE { ?e okg:sentence ?sentence } LIMIT 1' --data-urlencode "default-graph-uri=$doc"
expect "named-graph-uri" 200 text/csv "$doc" -- -G "$sparql" -H 'Accept: text/csv' --data-urlencode 'query=SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }' --data-urlencode "named-graph-uri=$doc"

# --- errors
expect "syntax error: 400 with line and column" 400 text/plain 'line 2, column' -- -G "$sparql" --data-urlencode $'query=SELECT ?x\nWHER { ?x ?p ?o }'
expect "unacceptable Accept: 406" 406 text/plain 'application/sparql-results+json' -- -G "$sparql" -H 'Accept: image/png' --data-urlencode "query=$select"
expect "CONSTRUCT asked as SPARQL JSON: 406" 406 text/plain 'text/turtle' -- -G "$sparql" -H 'Accept: application/sparql-results+json' --data-urlencode "query=$construct"
expect "unsupported body type: 415" 415 text/plain 'application/sparql-query' -- "$sparql" -H 'Content-Type: text/plain' --data-binary "$select"
expect "update by POST: 403" 403 text/plain 'read-only' -- "$sparql" -H 'Content-Type: application/sparql-update' --data-binary 'CLEAR ALL'
expect "update by form: 403" 403 text/plain 'read-only' -- "$sparql" --data-urlencode 'update=CLEAR ALL'
expect "/update POST: 403" 403 text/plain 'read-only' -- "$base/update" -H 'Content-Type: application/sparql-update' --data-binary 'CLEAR ALL'
expect "/update GET: 405" 405 text/plain '' -- "$base/update"
expect "PUT /sparql: 405" 405 text/plain 'GET, HEAD, POST' -- -X PUT "$sparql" --data-binary x
expect "DELETE /sparql: 405" 405 text/plain '' -- -X DELETE "$sparql"
expect "empty query: 400" 400 text/plain 'empty' -- -G "$sparql" --data-urlencode 'query='
expect "bad graph IRI: 400" 400 text/plain 'not a valid graph IRI' -- -G "$sparql" --data-urlencode "query=$select" --data-urlencode 'default-graph-uri=not an iri'
big=$(mktemp)
{ echo 'SELECT * WHERE { ?s ?p ?o }'; head -c 2000000 /dev/zero | tr '\0' ' '; } > "$big"
expect "body over the limit: 413" 413 '' '' -- "$sparql" -H 'Content-Type: application/sparql-query' --data-binary "@$big"
rm -f "$big"
expect "row limit: 200 with the limit reached" 200 text/csv '' -- -G "$sparql" -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o }'
rows=$(curl -sS -G "$sparql" -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o }' | wc -l)
if [ "$rows" -eq 51 ]; then echo "ok   row limit: 50 rows and a header"; passed=$((passed + 1)); else echo "FAIL row limit: $rows lines"; failed=$((failed + 1)); fi
reached=$(curl -sS -o /dev/null -D - -G "$sparql" -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o }' | tr -d '\r' | grep -ci '^x-osintkg-row-limit-reached: true')
if [ "$reached" -eq 1 ]; then echo "ok   row limit: header says it was reached"; passed=$((passed + 1)); else echo "FAIL row limit header"; failed=$((failed + 1)); fi
expect "slow query: 503 at the time limit" 503 text/plain 'time limit' -- -G "$sparql" --data-urlencode 'query=SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }'

deep=$(mktemp)
python3 -c "print('SELECT * WHERE ' + '{' * 5000 + '?s ?p ?o' + '}' * 5000)" > "$deep"
expect "5000 nested brackets: 400, not a crash" 400 text/plain 'levels of nested brackets' -- "$sparql" -H 'Content-Type: application/sparql-query' --data-binary "@$deep"
python3 -c "print('SELECT * WHERE { ' + ' UNION '.join(['{ ?s ?p ?o }'] * 2000) + ' }')" > "$deep"
expect "2000 chained UNIONs: 400" 400 text/plain 'too large to run safely' -- "$sparql" -H 'Content-Type: application/sparql-query' --data-binary "@$deep"
rm -f "$deep"
expect "still serving after hostile queries" 200 application/json '"generation"' -- "$base/api/status"

# --- service description
expect "service description" 200 text/turtle 'sd:SPARQL11Query' -- "$sparql"
expect "browser at /sparql goes to the editor" 303 '' '' -- "$sparql" -H 'Accept: text/html'

# --- Graph Store Protocol, read side
expect "GSP default graph" 200 text/turtle 'okg:claimedBy' -- "$base/store?default" -H 'Accept: text/turtle'
expect "GSP named graph" 200 application/n-triples 'sentence>' -- -G "$base/store" -H 'Accept: application/n-triples' --data-urlencode "graph=$doc"
expect "GSP dataset" 200 application/n-quads "$doc" -- "$base/store"
expect "GSP missing graph: 404" 404 text/plain 'no graph' -- -G "$base/store" --data-urlencode 'graph=https://none.example/g'
expect "GSP PUT: 405" 405 text/plain 'GET, HEAD' -- -X PUT "$base/store?default" -H 'Content-Type: text/turtle' --data-binary '<a:b> <a:c> <a:d> .'
expect "GSP POST: 405" 405 text/plain '' -- -X POST "$base/store?default" -H 'Content-Type: text/turtle' --data-binary '<a:b> <a:c> <a:d> .'
expect "GSP DELETE: 405" 405 text/plain '' -- -X DELETE "$base/store?default"

# --- the JSON API
expect "/api/status" 200 application/json '"generation"' -- "$base/api/status"
expect "/api/search" 200 application/json 'Islamic State Khorasan Province' -- "$base/api/search?q=ISKP"
expect "/api/search with a typo" 200 application/json 'Sanaullah Ghafari' -- -G "$base/api/search" --data-urlencode 'q=Sanaulah Gafari'
expect "/api/entity/{key}" 200 application/json '"relations"' -- "$base/api/entity/org:iskp"
expect "/api/entity by name" 200 application/json '"key":"org:iskp"' -- "$base/api/entity/ISKP"
expect "/api/entity unknown: 404 with suggestions" 404 application/json '"suggestions"' -- "$base/api/entity/Sanaulah"
expect "/api/neighbors" 200 application/json '"edges"' -- -G "$base/api/neighbors" --data-urlencode 'entity=ISKP' --data-urlencode 'depth=2'
expect "/api/path" 200 application/json '"leaderOf"' -- -G "$base/api/path" --data-urlencode 'from=Sanaullah Ghafari' --data-urlencode 'to=Crocus City Hall attack'
expect "/api/path with filters" 200 application/json '"paths"' -- -G "$base/api/path" --data-urlencode 'from=Sanaullah Ghafari' --data-urlencode 'to=Crocus City Hall attack' --data-urlencode 'k=3' --data-urlencode 'max_hops=4' --data-urlencode 'via=leaderOf,claimedBy,partOf' --data-urlencode 'types=Organization' --data-urlencode 'since=2020' --data-urlencode 'until=2025' --data-urlencode 'time_ordered=true'
expect "/api/path missing parameter: 400" 400 application/json 'is required' -- -G "$base/api/path" --data-urlencode 'from=ISKP'
expect "/api/path bad predicate: 400" 400 application/json 'likes' -- -G "$base/api/path" --data-urlencode 'from=ISKP' --data-urlencode 'to=Russia' --data-urlencode 'via=likes'
expect "/api/timeline" 200 application/json 'Crocus City Hall attack' -- "$base/api/timeline?type=Attack"
expect "/api/rank" 200 application/json '"score"' -- "$base/api/rank?by=pagerank&top=5"
expect "/api/examples" 200 application/json 'PREFIX okg:' -- "$base/api/examples"

# --- the explorer and its assets
expect "explorer page" 200 text/html 'osintkg explorer' -- "$base/"
csp=$(curl -sS -o /dev/null -D - "$base/" | tr -d '\r' | grep -ci "^content-security-policy: default-src 'self'; script-src 'self'")
if [ "$csp" -eq 1 ]; then echo "ok   explorer page sends its Content-Security-Policy"; passed=$((passed + 1)); else echo "FAIL no CSP"; failed=$((failed + 1)); fi
expect "app.js" 200 text/javascript 'textContent' -- "$base/assets/app.js"
expect "app.css" 200 text/css '' -- "$base/assets/app.css"
expect "cytoscape" 200 text/javascript '' -- "$base/assets/vendor/cytoscape.min.js"
expect "yasgui js" 200 text/javascript '' -- "$base/assets/vendor/yasgui.min.js"
expect "yasgui css" 200 text/css '' -- "$base/assets/vendor/yasgui.min.css"
expect "licences" 200 text/plain 'cytoscape@3.34.4' -- "$base/assets/vendor/LICENSES.txt"
expect "traversal ../: 404" 404 '' '' -- --path-as-is "$base/assets/../Cargo.toml"
expect "traversal %2e%2e: 404" 404 '' '' -- --path-as-is "$base/assets/%2e%2e/%2e%2e/Cargo.toml"
expect "traversal ..%2f: 404" 404 '' '' -- --path-as-is "$base/assets/..%2f..%2fCargo.toml"
expect "unknown page: 404" 404 '' '' -- "$base/etc/passwd"
cors=$(curl -sS -o /dev/null -D - -H 'Origin: http://elsewhere.example' "$base/api/status" | tr -d '\r' | grep -ci '^access-control-allow-origin')
if [ "$cors" -eq 0 ]; then echo "ok   no CORS header without --cors"; passed=$((passed + 1)); else echo "FAIL CORS header sent"; failed=$((failed + 1)); fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
