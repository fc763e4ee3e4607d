#!/usr/bin/env bash
# valgrind.sh -- memcheck over the end-to-end run: a Release build of kg
# without sanitizers (in a temporary directory) extracts the sample
# articles, loads them, answers queries (SELECT, CONSTRUCT, ASK, a
# malformed one), draws a diagram, prints statistics and refuses bad
# input, each under valgrind with definite leaks counted as errors. Known
# reports inside libdb, Graphviz, pango and fontconfig are suppressed in
# tests/valgrind.supp, each with its reason; anything else fails.
# Skips (77) when valgrind is not installed.
set -euo pipefail
: "${KG_SOURCE_DIR:?}"
command -v valgrind >/dev/null || { echo "valgrind is not installed: skipped"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
unset ASAN_OPTIONS LSAN_OPTIONS UBSAN_OPTIONS
cmake -S "$KG_SOURCE_DIR" -B "$work/build" -DCMAKE_BUILD_TYPE=Release \
      -DKG_BUILD_TESTS=OFF >/dev/null
cmake --build "$work/build" -j2 --target kg >/dev/null
kg=$work/build/kg
cd "$work"
articles=$KG_SOURCE_DIR/examples/articles
n=0
vg() {  # vg EXPECTED_RC kg-args...: run under memcheck
    local want=$1 rc=0
    shift
    n=$((n + 1))
    valgrind -q --error-exitcode=99 --errors-for-leak-kinds=definite \
        --leak-check=full --num-callers=40 \
        --suppressions="$KG_SOURCE_DIR/tests/valgrind.supp" \
        "$kg" "$@" >"out.$n" 2>"vg.$n" || rc=$?
    if [ "$rc" = 99 ]; then
        echo "FAIL: valgrind reports on kg $*:"; cat "vg.$n"; exit 1
    fi
    [ "$rc" = "$want" ] || { echo "FAIL: kg $* exited $rc, not $want"; cat "vg.$n"; exit 1; }
}
vg 0 extract --format nq -o out.nq "$articles"
vg 0 extract --format ttl -o out.ttl "$articles"
vg 0 load -q --store st "$articles"
vg 0 load -q --store st "$articles"         # unchanged: a no-op
vg 0 load -q --store st out.nq
vg 0 query --store st -f "$KG_SOURCE_DIR/queries/receptions.rq"
vg 0 query --store st --format json 'SELECT ?s ?l WHERE { ?s rdfs:label ?l } LIMIT 50'
vg 0 query --store st --format ttl 'CONSTRUCT { ?s a ?c } WHERE { ?s a ?c }'
vg 0 query --store st 'ASK { ?s a schema:Person }'
vg 1 query --store st 'SELECT ?x WHERE { ?x'
vg 0 viz --store st --entity 'Kim Jong Un' -o d.svg
vg 0 stats --store st
printf 'bad\377utf8\n' >bad.txt
vg 1 extract bad.txt
vg 1 load -q --store st bad.txt
echo "valgrind: $n runs of kg, nothing of kg's reported"
