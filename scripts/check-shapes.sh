#!/usr/bin/env bash
# Independent SHACL check: a build of the seeds, exported, must conform to
# ontology/shapes.ttl, as judged by pySHACL (from PyPI) rather than by osintkg's own
# code. Needs a built target/debug/osintkg (cargo build or cargo test first).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/pyshacl-venv
if [ ! -x "$venv/bin/pyshacl" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q pyshacl==0.40.1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
target/debug/osintkg build seeds --store "$work/store" >/dev/null
target/debug/osintkg export --store "$work/store" --format ntriples -o "$work/seeds.nt" 2>/dev/null
"$venv/bin/pyshacl" -s ontology/shapes.ttl -sf turtle -df nt "$work/seeds.nt"
