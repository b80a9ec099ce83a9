#!/usr/bin/env bash
# The scale benchmarks of the README, on a generated corpus: build time and peak memory,
# the cost of adding 1% of documents, whole-process `path` time and push throughput.
#
#   scripts/bench-scale.sh SIZE_MB [WORK_DIR]
#
# WORK_DIR (default /tmp/osintkg-bench) receives the corpus, the store and a log; keep
# it outside the repository. Needs a release build (cargo build --release), GNU time
# (/usr/bin/time) and, for the push figure, `oxigraph` on the PATH or in $OSINTKG_OXIGRAPH
# (pip install oxigraph==0.5.13). Figures depend on the machine's load: run it idle.
set -euo pipefail
size=${1:?usage: scripts/bench-scale.sh SIZE_MB [WORK_DIR]}
work=${2:-/tmp/osintkg-bench}
repo=$(cd "$(dirname "$0")/.." && pwd)
bin=$repo/target/release/osintkg
[ -x "$bin" ] || { echo "build first: cargo build --release" >&2; exit 1; }
mkdir -p "$work"
corpus=$work/corpus-$size
store=$work/store-$size
log=$work/bench-$size.log
: >"$log"

measure() { # label, command...: wall seconds and peak RSS from GNU time
  local label=$1; shift
  /usr/bin/time -v "$@" >"$work/out.txt" 2>"$work/time.txt" || { cat "$work/time.txt" >&2; exit 1; }
  local wall rss cpu
  wall=$(grep "Elapsed (wall clock)" "$work/time.txt" | awk '{print $NF}')
  rss=$(grep "Maximum resident set size" "$work/time.txt" | awk '{print $NF}')
  cpu=$(grep "Percent of CPU" "$work/time.txt" | awk '{print $NF}')
  printf '%-28s wall %-10s peak %6d MiB  cpu %s\n' "$label" "$wall" $((rss / 1024)) "$cpu" | tee -a "$log"
}

if [ ! -d "$corpus" ]; then
  "$repo/scripts/gen-corpus.py" --size-mb "$size" --out "$corpus" 2>&1 | tee -a "$log"
fi
files=("$corpus"/*.jsonl)
last=${files[-1]}
# The base is every file but the last; 1% of the base's documents, from the last file,
# is the incremental addition.
base_docs=$(cat "${files[@]:0:${#files[@]}-1}" | wc -l)
add_docs=$((base_docs / 100))
[ "$add_docs" -gt 0 ] || add_docs=1
mkdir -p "$work/base-$size" "$work/add-$size"
for f in "${files[@]:0:${#files[@]}-1}"; do ln -sf "$f" "$work/base-$size/"; done
head -n "$add_docs" "$last" >"$work/add-$size/add.jsonl"

rm -rf "$store"
measure "build ($base_docs docs)" "$bin" build "$work/base-$size" --store "$store"
cat "$work/out.txt" | tee -a "$log"
measure "add 1% ($add_docs docs)" "$bin" build "$work/add-$size" --store "$store"
cat "$work/out.txt" | tee -a "$log"

# path between two well-connected entities, as a whole process, five times.
from=$("$bin" rank --top 2 --store "$store" | awk 'NR==1{ $1=""; $2=""; $3=""; sub(/^ +/, ""); print }')
to=$("$bin" rank --top 2 --store "$store" | awk 'NR==2{ $1=""; $2=""; $3=""; sub(/^ +/, ""); print }')
for _ in 1 2 3 4 5; do
  measure "path (whole process)" "$bin" path "$from" "$to" --store "$store"
done

oxigraph=${OSINTKG_OXIGRAPH:-oxigraph}
if command -v "$oxigraph" >/dev/null 2>&1; then
  rm -rf "$work/remote-$size"
  "$oxigraph" serve --location "$work/remote-$size" --bind 127.0.0.1:17979 >/dev/null 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null || true' EXIT
  sleep 2
  measure "push" "$bin" push --endpoint http://127.0.0.1:17979/query \
    --graph-store http://127.0.0.1:17979/store --store "$store"
  cat "$work/out.txt" | tee -a "$log"
fi
echo "log: $log"
