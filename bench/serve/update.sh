#!/usr/bin/env bash
# update.sh -- the cost of SPARQL Update through kg serve: UPDATES small
# INSERT DATA requests, one after another, against a copy of the store of
# TRIPLES synthetic triples that run.sh builds (run it first), timed by
# curl; next to the same update through `kg update` (a process per
# update). Each update is one writing session: exclusive lock, a journal
# copy of the store's files, the write, the commit; so its time grows
# with the store's size on disk, printed alongside.
#
# Usage: bench/serve/update.sh [TRIPLES]
# Environment: KG_BIN (default ./build/kg; use a Release build), BENCH_DIR
# (default /tmp/kg-bench-serve), UPDATES (20).
# SPDX-License-Identifier: MIT
set -euo pipefail
triples=${1:-1000000}
kg=${KG_BIN:-./build/kg}
dir=${BENCH_DIR:-/tmp/kg-bench-serve}
n=${UPDATES:-20}
src=$dir/store-$triples
[ -f "$src/.loaded" ] || { echo "update.sh: no store $src; run bench/serve/run.sh $triples first" >&2; exit 1; }
command -v curl >/dev/null || { echo "update.sh: curl is not installed" >&2; exit 1; }
store=$dir/update-store-$triples
rm -rf "$store"
cp -r "$src" "$store"
echo "store: $triples triples, $(du -sh "$store" | cut -f1) on disk"

export KG_BENCH_TOKEN=bench-token
"$kg" serve --quiet --store "$store" --port 0 --update-token-env KG_BENCH_TOKEN > "$dir/url" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s "$dir/url" ] && break; sleep 0.1; done
url=$(head -1 "$dir/url")sparql

pct() { sort -n | awk '{v[NR]=$1} END {printf "p50 %.0f ms, p99 %.0f ms", v[int(NR*0.5+0.5)], v[int(NR*0.99+0.5)]}'; }
: > "$dir/http.times"
for i in $(seq "$n"); do
    curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $KG_BENCH_TOKEN" \
        -H 'Content-Type: application/sparql-update' \
        --data-binary "INSERT DATA { GRAPH <urn:bench:notes> { <urn:bench:s$i> <urn:bench:p> $i } }" \
        "$url" | awk '{print $1 * 1000}' >> "$dir/http.times"
done
echo "HTTP update ($n): $(pct < "$dir/http.times")"
t0=$(date +%s%N)
curl -s -o /dev/null -H 'Accept: text/csv' --data-urlencode "query=SELECT ?o WHERE { <urn:bench:s1> ?p ?o }" "$url"
t1=$(date +%s%N)
echo "a query right after: $(( (t1 - t0) / 1000000 )) ms"
kill -TERM $pid; wait $pid 2>/dev/null || true
trap - EXIT

: > "$dir/cli.times"
for i in $(seq "$n"); do
    t0=$(date +%s%N)
    "$kg" update --store "$store" "INSERT DATA { GRAPH <urn:bench:cli> { <urn:bench:c$i> <urn:bench:p> $i } }" > /dev/null
    t1=$(date +%s%N)
    echo $(( (t1 - t0) / 1000000 )) >> "$dir/cli.times"
done
echo "kg update ($n): $(pct < "$dir/cli.times")"
got=$("$kg" query --store "$store" --format tsv 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s <urn:bench:p> ?o } }' | tail -1)
[ "$got" = $((2 * n)) ] || { echo "update.sh: $got quads written, want $((2 * n))" >&2; exit 1; }
rm -rf "$store"
