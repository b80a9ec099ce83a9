#!/usr/bin/env bash
# Real clients against `osintkg serve` (run by .ci/run after `cargo test --workspace`):
#   curl      every route, status code and media type   (tests/clients/curl.sh)
#   rdflib    the example queries through the endpoint, compared with `osintkg query`
#   Chromium  the explorer driven by puppeteer-core: search, dossier, expand, path,
#             timeline, SPARQL editor, and escaping on a hostile store; screenshots in
#             target/clients/screenshots/
# Needs chromium and curl (scripts/install-system-deps.sh), python3 and node with npm.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bin=${OSINTKG_BIN:-$root/target/debug/osintkg}
work=$root/target/clients
rm -rf "$work/seeds.db" "$work/hostile.db" "$work/screenshots"
mkdir -p "$work"
[ -x "$bin" ] || cargo build --quiet --bin osintkg

echo "== stores"
"$bin" build seeds --store "$work/seeds.db" >/dev/null
cargo run --quiet -p osintkg-server --example fixture-store -- "$work/hostile.db"

pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
# start NAME STORE FLAGS...: starts a server on a free port and sets $url
start() {
  local name=$1 store=$2
  shift 2
  "$bin" serve --store "$store" --bind 127.0.0.1:0 "$@" >"$work/$name.out" 2>"$work/$name.err" &
  pids+=($!)
  for _ in $(seq 1 100); do
    url=$(grep -o 'http://[0-9.:]*' "$work/$name.out" | head -1 || true)
    [ -n "$url" ] && return 0
    sleep 0.1
  done
  echo "the $name server did not start:" >&2
  cat "$work/$name.err" >&2
  return 1
}

start seeds "$work/seeds.db" --timeout 2 --max-rows 50
seeds_url=$url
start seeds-unlimited "$work/seeds.db"
unlimited_url=$url
start hostile "$work/hostile.db"
hostile_url=$url
status=0

echo "== curl ($seeds_url)"
bash tests/clients/curl.sh "$seeds_url" || status=1

echo "== rdflib ($unlimited_url/sparql)"
if [ ! -x "$work/venv/bin/python" ]; then
  python3 -m venv "$work/venv"
fi
"$work/venv/bin/pip" install --quiet --disable-pip-version-check -r tests/clients/requirements.txt
"$work/venv/bin/python" tests/clients/rdflib_queries.py "$unlimited_url/sparql" "$bin" "$work/seeds.db" || status=1

echo "== headless Chromium ($unlimited_url, $hostile_url)"
(cd tests/clients/browser && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
node tests/clients/browser/explorer.mjs "$unlimited_url/" "$hostile_url/" "$work/screenshots" || status=1

exit $status
