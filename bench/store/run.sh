#!/usr/bin/env bash
# run.sh -- the embedded store against Oxigraph on the same generated news
# knowledge graph, in the same run: load rate of `kg load` into a new
# store (N-Quads, one named graph per article), the cost of adding one
# article to the full store (the crash journal's share), the five analyst
# queries in queries/ (median wall time of RUNS runs of a whole `kg query`
# process after one warm-up, and its peak RSS; and over HTTP to one warm
# `kg serve`, kg_http_s), and the same load and
# queries in Oxigraph (npm package, in-memory, timed inside node). Checks
# that both engines give the same answers; exits 1 when they do not.
#
# Usage: bench/store/run.sh [TRIPLES] [SEED]   (TRIPLES 1000000 by default;
#                                               100000 and 10000000 too)
# Environment: KG_BIN (default build-rel/kg, built here in Release when
# missing; never the sanitizer build), BENCH_DIR (/tmp/kg-bench-store),
# RUNS (3), LOAD_RUNS (1: loads are long; the median is reported),
# SMOKE=1 (answers only: no timing table, exit 77 without node/npm).
# SPDX-License-Identifier: MIT
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
triples=${1:-1000000}
seed=${2:-42}
dir=${BENCH_DIR:-/tmp/kg-bench-store}
runs=${RUNS:-3}
load_runs=${LOAD_RUNS:-1}
smoke=${SMOKE:-0}
kg=${KG_BIN:-$root/build-rel/kg}

need() { command -v "$1" >/dev/null || { echo "run.sh: $1 is not installed" >&2; [ "$smoke" = 1 ] && exit 77; exit 1; }; }
need node
need npm
need python3
if [ ! -x "$kg" ]; then
    echo "building a Release kg in $root/build-rel..." >&2
    cmake -S "$root" -B "$root/build-rel" -DCMAKE_BUILD_TYPE=Release \
          -DKG_BUILD_TESTS=OFF >/dev/null
    cmake --build "$root/build-rel" -j2 >/dev/null
    kg=$root/build-rel/kg
fi
if [ ! -d "$here/node_modules/oxigraph" ]; then
    echo "installing oxigraph into $here/node_modules..." >&2
    if ! npm install --prefix "$here" --no-save --no-audit --no-fund \
            oxigraph@0.5 >/dev/null 2>&1; then
        echo "run.sh: npm install oxigraph failed" >&2
        [ "$smoke" = 1 ] && exit 77
        exit 1
    fi
fi

mkdir -p "$dir/out"
data=$dir/data-$triples-$seed.nq
if [ ! -s "$data" ]; then
    echo "generating $triples triples (seed $seed)..." >&2
    python3 "$here/gen.py" "$triples" "$seed" > "$data.tmp"
    mv "$data.tmp" "$data"
fi
quads=$(wc -l < "$data")
# One more article, not in the data, for the incremental load.
extra=$dir/extra-$seed.nq
python3 "$here/gen.py" 100 $((seed + 1)) > "$extra"

now() { date +%s.%N; }
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}

store=$dir/store-$triples-$seed
: > "$dir/load.times"
for _ in $(seq "$load_runs"); do
    rm -rf "$store"
    echo "kg load of $quads quads..." >&2
    t0=$(now)
    "$kg" load -q --store "$store" "$data"
    t1=$(now)
    echo "$t1 - $t0" | bc -l >> "$dir/load.times"
done
kg_load=$(median < "$dir/load.times")
store_size=$(du -sm "$store" | cut -f1)

# kg: whole processes, warm page cache.
for q in "$here"/queries/*.rq; do
    name=$(basename "$q" .rq)
    "$kg" query --store "$store" --format json -f "$q" > "$dir/out/$name.kg.json"
    [ "$smoke" = 1 ] && continue
    : > "$dir/out/$name.times"
    for _ in $(seq "$runs"); do
        t0=$(now)
        /usr/bin/time -f %M -o "$dir/out/$name.rss" \
            "$kg" query --store "$store" --format json -f "$q" > /dev/null
        t1=$(now)
        echo "$t1 - $t0" | bc -l >> "$dir/out/$name.times"
    done
done

# kg warm: the same queries over HTTP to one `kg serve` on the store (the
# notebook path; a process start, ~18 ms, is most of a `kg query` run on
# a small answer, while Oxigraph is timed inside node). curl's time_total
# of a POST, median of RUNS after one warm-up.
if [ "$smoke" != 1 ] && command -v curl >/dev/null; then
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    "$kg" serve -q --store "$store" --port "$port" --timeout 0 --max-rows 0 &
    serve_pid=$!
    for _ in $(seq 100); do
        curl -s -o /dev/null "http://127.0.0.1:$port/sparql" && break
        sleep 0.1
    done
    for q in "$here"/queries/*.rq; do
        name=$(basename "$q" .rq)
        : > "$dir/out/$name.http"
        for i in $(seq 0 "$runs"); do
            t=$(curl -s -o /dev/null -w '%{time_total}' \
                -H 'Content-Type: application/sparql-query' \
                -H 'Accept: application/sparql-results+json' \
                --data-binary @"$q" "http://127.0.0.1:$port/sparql")
            [ "$i" = 0 ] || echo "$t" >> "$dir/out/$name.http"
        done
    done
    kill "$serve_pid"
    wait "$serve_pid" 2>/dev/null || true
fi

# After the queries: the extra article is not in Oxigraph's data.
t0=$(now)
"$kg" load -q --store "$store" "$extra"
t1=$(now)
kg_add=$(echo "$t1 - $t0" | bc -l)

echo "oxigraph: load and queries..." >&2
# Oxigraph's wasm store cannot hold 10M triples (RuntimeError:
# unreachable during the load): kg's figures are printed all the same,
# and the run exits 1 (no comparison).
rm -f "$dir"/out/*.ox.json "$dir/out/oxigraph.txt"
ox=1
if ! node "$here/oxigraph.js" "$data" "$dir/out" \
        "$([ "$smoke" = 1 ] && echo 1 || echo "$runs")" \
        "$here"/queries/*.rq > "$dir/out/oxigraph.txt"; then
    echo "run.sh: oxigraph failed on $quads quads: kg's figures only" >&2
    ox=0
fi

status=0
for q in "$here"/queries/*.rq; do
    name=$(basename "$q" .rq)
    [ $ox = 1 ] || { status=1; break; }
    python3 "$here/compare.py" "$q" "$dir/out/$name.kg.json" \
        "$dir/out/$name.ox.json" || status=1
done
if [ "$smoke" = 1 ]; then
    [ $status = 0 ] && echo "same answers from kg and oxigraph on $quads quads"
    exit $status
fi

ox_load=$(awk '$1 == "load" { print $2 }' "$dir/out/oxigraph.txt")
[ $ox = 1 ] || ox_load=
printf '%s quads (%s articles), seed %s; kg store %s MB; load avg %s\n' \
    "$quads" "$(grep -c 'NewsArticle' "$data")" "$seed" "$store_size" \
    "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-22s %10s %12s\n' "load" "seconds" "triples/s"
printf '%-22s %10.2f %12.0f\n' "kg load" "$kg_load" "$(echo "$quads / $kg_load" | bc -l)"
if [ -n "$ox_load" ]; then
    printf '%-22s %10.2f %12.0f\n' "oxigraph load" "$ox_load" \
        "$(echo "$quads / $ox_load" | bc -l)"
else
    printf '%-22s %10s %12s\n' "oxigraph load" failed -
fi
printf '%-22s %10.2f\n' "kg add 1 article" "$kg_add"
echo
printf '%-22s %8s %9s %9s %7s %7s %6s %9s %5s\n' query kg_s kg_http_s \
    oxigraph_s ratio ratio_h rows kg_rss_MB same
for q in "$here"/queries/*.rq; do
    name=$(basename "$q" .rq)
    k=$(median < "$dir/out/$name.times")
    h=$(median < "$dir/out/$name.http" 2>/dev/null || true)
    h=${h:-0}
    o=$(awk -v n="$name" '$1 == "query" && $2 == n { print $3 }' "$dir/out/oxigraph.txt")
    rows=$(awk -v n="$name" '$1 == "query" && $2 == n { print $4 }' "$dir/out/oxigraph.txt")
    rss=$(tail -1 "$dir/out/$name.rss")
    if [ $ox = 0 ]; then
        printf '%-22s %8.3f %9.4f %9s %7s %7s %6s %9.1f %5s\n' "$name" "$k" \
            "$h" - - - - "$(echo "$rss / 1024" | bc -l)" -
        continue
    fi
    same=yes
    python3 "$here/compare.py" "$q" "$dir/out/$name.kg.json" \
        "$dir/out/$name.ox.json" > /dev/null || same=NO
    printf '%-22s %8.3f %9.4f %9.4f %7.1f %7.1f %6s %9.1f %5s\n' "$name" \
        "$k" "$h" "$o" "$(echo "$k / ($o + 0.00001)" | bc -l)" \
        "$(echo "$h / ($o + 0.00001)" | bc -l)" "$rows" \
        "$(echo "$rss / 1024" | bc -l)" "$same"
done
exit $status
