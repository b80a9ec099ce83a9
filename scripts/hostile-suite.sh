#!/usr/bin/env bash
# Hostile input, at full size, through the osintkg binary: deep HTML, many names, FIFOs,
# duplicate file names, huge queries, timeouts, a corrupt store, a full disk and escape
# sequences. Each case prints PASS, FAIL or SKIP (with the reason) and its time; the
# script fails if any case fails. The end-to-end tests in tests/regressions.rs hold the
# smaller versions of these cases; this is the version the issue's reproductions used.
#
#   scripts/hostile-suite.sh [BINARY]     (default: target/debug/osintkg)
#
# .ci/run calls it under a 5-minute limit, after `cargo test --workspace` built the
# binary. It needs python3 (to write the inputs) and, for the full-disk case, a small
# tmpfs: mounted directly when running as root, in a user namespace otherwise, skipped
# with a message where neither is allowed.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN="$(realpath "${1:-target/debug/osintkg}")"
[ -x "$BIN" ] || { echo "no binary at $BIN (run cargo build first)"; exit 2; }
SEEDS="$PWD/seeds"
WORK="$(mktemp -d)"
trap 'umount "$WORK/full" 2>/dev/null; rm -rf "$WORK"' EXIT
export OSINTKG_STORE="$WORK/unused.db"
FAILED=0

# case NAME COMMAND...: runs a check function, timing it.
case_() {
    local name="$1"; shift
    local started=$SECONDS
    local verdict
    verdict="$("$@" 2>&1)"
    local status=$?
    local took=$((SECONDS - started))
    case $status in
        0) printf 'PASS  %-28s %3ds  %s\n' "$name" "$took" "$verdict" ;;
        77) printf 'SKIP  %-28s %3ds  %s\n' "$name" "$took" "$verdict" ;;
        *) printf 'FAIL  %-28s %3ds  %s\n' "$name" "$took" "$verdict"; FAILED=1 ;;
    esac
}

# Runs the binary with a time limit; crash signals (134 abort, 139 segfault) and
# timeouts (124) are failures whatever the case expects.
run() {
    local limit="$1"; shift
    timeout "$limit" "$BIN" "$@"
    local status=$?
    case $status in
        124) echo "timed out after ${limit}: $*" >&2 ;;
        134|139) echo "crashed (exit $status): $*" >&2 ;;
    esac
    return $status
}

expect() { # expect CODE LIMIT ARGS...: the binary must exit with CODE.
    local code="$1" limit="$2"; shift 2
    run "$limit" "$@" > "$WORK/out" 2> "$WORK/err"
    local status=$?
    if [ "$status" != "$code" ]; then
        echo "exit $status, expected $code: $* :: $(tail -c 300 "$WORK/err")"
        return 1
    fi
}

"$BIN" build "$SEEDS" --store "$WORK/base.db" > /dev/null || { echo "cannot build the seeds"; exit 1; }

deep_html() {
    mkdir -p "$WORK/deep"
    python3 -c "import sys; n=1_000_000; sys.stdout.write('<html><body>' + '<div>'*n + '<p>Officials in Kabul said the Taliban arrested two men.</p>' + '</div>'*n + '</body></html>')" > "$WORK/deep/deep.html"
    cp "$SEEDS"/002_*.txt "$WORK/deep/"
    expect 0 120s build "$WORK/deep" --store "$WORK/deep.db" || return 1
    grep -q "documents: 2 in store" "$WORK/out" || { echo "not both documents: $(cat "$WORK/out")"; return 1; }
    grep -q "nested more than" "$WORK/err" || { echo "no warning about the nesting"; return 1; }
    echo "1,000,000 nested <div>: built, flattened with a warning"
}

many_names() {
    python3 - "$WORK/names.txt" <<'EOF'
import sys
syl = ["ba","de","fi","go","hu","ja","ke","li","mo","nu","pa","re","si","to","vu","za"]
def word(n):
    w = "".join(syl[(n >> (4 * k)) % 16] for k in range(3))
    return w[0].upper() + w[1:]
names = ["%s %s" % (word(i), word((i * 2654435761 & (2**64 - 1)) >> 7)) for i in range(100_000)]
open(sys.argv[1], "w").write(", ".join(names) + ".\n")
EOF
    expect 0 120s build "$WORK/names.txt" --store "$WORK/names.db" || return 1
    echo "100,000 distinct names (2.2 MB): $(grep entities: "$WORK/out" | cut -c12-40)"
}

fifos() {
    mkdir -p "$WORK/fifo"
    cp "$SEEDS"/002_*.txt "$WORK/fifo/"
    for name in stuck.txt stuck.html stuck.jsonl; do mkfifo "$WORK/fifo/$name"; done
    expect 0 30s extract "$WORK/fifo" || return 1
    expect 0 30s build "$WORK/fifo" "$WORK/fifo/stuck.txt" --store "$WORK/fifo.db" || return 1
    [ "$(grep -c FIFO "$WORK/err")" -ge 3 ] || { echo "FIFOs not all warned about"; return 1; }
    expect 1 30s build --strict "$WORK/fifo" --store "$WORK/fifo-strict.db" || return 1
    echo "3 FIFOs skipped with warnings, --strict refuses"
}

duplicate_stems() {
    for d in a b c/d; do mkdir -p "$WORK/dup/$d"; done
    local seeds=("$SEEDS"/*.txt)
    cp "${seeds[0]}" "$WORK/dup/a/index.txt"
    cp "${seeds[1]}" "$WORK/dup/b/index.txt"
    cp "${seeds[2]}" "$WORK/dup/c/d/index.txt"
    expect 0 60s build "$WORK/dup/a" "$WORK/dup/b" --store "$WORK/dup.db" || return 1
    grep -q "documents: 2 in store (2 added" "$WORK/out" || { echo "$(cat "$WORK/out")"; return 1; }
    expect 0 60s build "$WORK/dup/c" --store "$WORK/dup.db" || return 1
    grep -q "documents: 3 in store (1 added" "$WORK/out" || { echo "$(cat "$WORK/out")"; return 1; }
    grep -q "already in the store" "$WORK/err" || { echo "no warning naming the stored file"; return 1; }
    expect 1 60s build --strict "$WORK/dup" --store "$WORK/dup-strict.db" || return 1
    echo "3 files named index.txt: 3 documents, warnings name both files, --strict refuses"
}

huge_queries() {
    python3 -c "print('SELECT * WHERE ' + '{'*5000 + '}'*5000)" > "$WORK/q1.rq"
    python3 -c "print('ASK { FILTER(' + '('*100000 + '1' + ')'*100000 + ') }')" > "$WORK/q2.rq"
    python3 -c "print('SELECT * WHERE { ' + ' UNION '.join(['{ ?s ?p ?o }']*200000) + ' }')" > "$WORK/q3.rq"
    python3 -c "print('SELECT * WHERE { ?s ?p \"' + 'x'*5_000_000 + '\" }')" > "$WORK/q4.rq"
    for q in q1 q2 q3 q4; do
        expect 1 30s query "@$WORK/$q.rq" --store "$WORK/base.db" || return 1
        grep -q "too large to run safely" "$WORK/err" || { echo "$q: $(cat "$WORK/err")"; return 1; }
    done
    echo "5,000 braces, 100k parentheses, 200k UNION branches, 5 MB: refused"
}

timeouts() {
    cat > "$WORK/measure.py" <<'EOF'
import resource, subprocess, sys, time
binary, query, store, fmt = sys.argv[1:]
started = time.monotonic()
run = subprocess.run([binary, "query", query, "--store", store, "--format", fmt, "--timeout", "2"],
                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60)
seconds = time.monotonic() - started
kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
stopped = run.returncode == 1 and b"time limit" in run.stderr
# 1.5 x the limit, plus a second to start the process and open the store.
ok = stopped and seconds <= 4.0 and kib < 512 * 1024
print(f"{'ok' if ok else 'bad'} {fmt} {seconds:.2f}s/{kib // 1024}MiB (exit {run.returncode})")
EOF
    local q1='SELECT * WHERE {?a ?b ?c . ?d ?e ?f} ORDER BY ?a ?d LIMIT 1'
    local q2='SELECT * WHERE {?a ?b ?c . ?d ?e ?f . ?g ?h ?i}'
    local report=""
    for args in "$q1|csv" "$q2|table" "$q2|json"; do
        local query="${args%|*}" format="${args#*|}"
        # Wall time and peak memory of the child, from python's rusage.
        local measured
        measured="$(python3 "$WORK/measure.py" "$BIN" "$query" "$WORK/base.db" "$format")"
        case "$measured" in ok*) ;; *) echo "$measured"; return 1 ;; esac
        report="$report ${measured#ok }"
    done
    echo "--timeout 2 stopped:$report"
}

corrupt_store() {
    cp -a "$WORK/base.db" "$WORK/c1.db"
    for f in "$WORK"/c1.db/gen-1/db/*.sst; do truncate -s 100 "$f"; done
    expect 1 30s stats --store "$WORK/c1.db" || return 1
    cp -a "$WORK/base.db" "$WORK/c2.db"; rm "$WORK/c2.db/gen-1/db/CURRENT"
    expect 1 30s query 'ASK { ?s ?p ?o }' --store "$WORK/c2.db" || return 1
    cp -a "$WORK/base.db" "$WORK/c3.db"; echo gen-7 > "$WORK/c3.db/current"
    expect 1 30s export --store "$WORK/c3.db" || return 1
    echo "truncated SSTs, missing CURRENT, dangling pointer: exit 1 each"
}

full_disk() {
    mkdir -p "$WORK/full"
    local mounted=""
    if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=1200k tmpfs "$WORK/full" 2>/dev/null; then
        mounted="tmpfs"
    fi
    local prefix=()
    if [ -z "$mounted" ]; then
        if unshare -rm true 2>/dev/null; then
            prefix=(unshare -rm sh -c 'mount -t tmpfs -o size=1200k tmpfs "$0" && exec "$@"' "$WORK/full")
            mounted="tmpfs in a user namespace"
        else
            echo "no tmpfs can be mounted here (not root, no user namespaces)"
            return 77
        fi
    fi
    mkdir -p "$WORK/more"
    cp "$SEEDS"/*.txt "$WORK/more/"
    for f in "$SEEDS"/*.txt; do cp "$f" "$WORK/more/copy-$(basename "$f")"; done
    # One script in the (possibly private) mount: a first build fits, a second one does
    # not; the store must keep its first generation, readable, and no debris.
    cat > "$WORK/full.sh" <<EOF
set -u
"$BIN" build "$SEEDS" --store "$WORK/full/kg" > /dev/null || exit 10
"$BIN" build "$WORK/more" --store "$WORK/full/kg" > /dev/null 2> "$WORK/full-err"
status=\$?
[ "\$status" = 1 ] || { echo "second build: exit \$status"; exit 11; }
grep -q "No space left on device" "$WORK/full-err" || { echo "no ENOSPC: \$(cat "$WORK/full-err")"; exit 12; }
[ "\$(ls "$WORK/full/kg" | grep -c '^gen-')" = 1 ] || { echo "debris: \$(ls "$WORK/full/kg")"; exit 13; }
"$BIN" stats --store "$WORK/full/kg" | grep -q "documents:  5" || exit 14
EOF
    timeout 120s "${prefix[@]}" sh "$WORK/full.sh" || return 1
    echo "on a 1.2 MB $mounted: ENOSPC is exit 1, the old generation stays, no debris"
}

escapes() {
    mkdir -p "$WORK/esc"
    printf 'Islamic State Khorasan Province claimed responsibility for the attack on Kabul airport \033]0;PWNED\007 on Monday \033[2J and the Taliban condemned it.\n\nThe Taliban arrested Abu \033[31mHamza\033[0m Masri in Kabul.\r\n' > "$WORK/esc/esc$(printf '\033')[2J.txt"
    expect 0 60s build "$WORK/esc" --store "$WORK/esc.db" || return 1
    for args in "show|Taliban arrest in Kabul" "path|Islamic State Khorasan Province|Kabul airport" "neighbors|Taliban" "timeline" "stats"; do
        IFS='|' read -r -a argv <<< "$args"
        expect 0 30s "${argv[@]}" --store "$WORK/esc.db" || return 1
        if grep -q $'[\033\007\r]' "$WORK/out" "$WORK/err"; then echo "raw escape from: $args"; return 1; fi
    done
    echo "ESC, BEL and CR from text and file names printed as \\u{..}"
}

case_ "deep HTML"        deep_html
case_ "many names"       many_names
case_ "FIFOs"            fifos
case_ "duplicate stems"  duplicate_stems
case_ "huge queries"     huge_queries
case_ "timeouts"         timeouts
case_ "corrupt store"    corrupt_store
case_ "full disk"        full_disk
case_ "escape sequences" escapes
exit $FAILED
