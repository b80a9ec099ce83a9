#!/usr/bin/env bash
# The main job on the bundled seeds: build the graph from seeds/, then show a sample
# query result and a sample path. Installs missing system packages first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-system-deps.sh
cargo build --quiet --bin osintkg
osintkg=target/debug/osintkg
store=${OSINTKG_STORE:-osintkg.db}
echo "== osintkg build seeds --store $store"
"$osintkg" build seeds --store "$store"
echo
echo "== osintkg query @examples/queries/leaders.rq"
"$osintkg" query @examples/queries/leaders.rq --store "$store" --format table
echo
echo "== osintkg path \"Sanaullah Ghafari\" \"Crocus City Hall attack\""
"$osintkg" path "Sanaullah Ghafari" "Crocus City Hall attack" --store "$store"
echo
echo "== next: $osintkg serve --store $store   then open http://127.0.0.1:7878/ (explorer) or query http://127.0.0.1:7878/sparql"
