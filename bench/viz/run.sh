#!/usr/bin/env bash
# run.sh -- time the diagrams on a generated store: an ego diagram (one
# actor, 1 hop, at most 100 nodes), the overview of ACTORS actors
# (default 2,000), the timeline, kg analyze and kg path. Targets: ego
# < 1 s, 2,000-node overview < 15 s.
#
# Usage: bench/viz/run.sh [ACTORS]
# Environment: KG_BIN (default ./build/kg; use a Release build without
# sanitizers), BENCH_DIR (default /tmp/kg-bench-viz), FORMAT (svg).
# SPDX-License-Identifier: MIT
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
actors=${1:-2000}
kg=${KG_BIN:-./build/kg}
dir=${BENCH_DIR:-/tmp/kg-bench-viz}
fmt=${FORMAT:-svg}
[ -x "$kg" ] || { echo "run.sh: no kg binary at $kg (set KG_BIN)" >&2; exit 1; }
mkdir -p "$dir"
store=$dir/store-$actors
if [ ! -f "$store/.loaded" ]; then
    rm -rf "$store"
    python3 "$here/gen.py" "$actors" > "$dir/news-$actors.nq"
    t0=$(date +%s.%N)
    "$kg" load -q --store "$store" "$dir/news-$actors.nq"
    t1=$(date +%s.%N)
    printf 'load      %6.2f s  (%s quads)\n' "$(echo "$t1 - $t0" | bc)" \
        "$(wc -l < "$dir/news-$actors.nq")"
    touch "$store/.loaded"
fi

run() { # name command...
    local name=$1 t0 t1
    shift
    t0=$(date +%s.%N)
    "$@" > "$dir/$name.log" 2>&1 || { cat "$dir/$name.log" >&2; exit 1; }
    t1=$(date +%s.%N)
    printf '%-9s %6.2f s  %s\n' "$name" "$(echo "$t1 - $t0" | bc)" \
        "$(grep -o 'showing [0-9]* of [0-9]* nodes' "$dir/$name.$fmt" \
           2>/dev/null | head -1 || true)"
}

# the best connected person (the generator's skew makes low numbers hubs)
run ego "$kg" viz --store "$store" --size-by none \
    --entity https://w3id.org/kg/id/person/p00001 --max-nodes 100 \
    -o "$dir/ego.$fmt"
run overview "$kg" viz --store "$store" --size-by none --overview \
    -o "$dir/overview.$fmt"
run analyze "$kg" analyze --store "$store" --top 0
run ovsized "$kg" viz --store "$store" --overview -o "$dir/ovsized.$fmt"
run timeline "$kg" viz --store "$store" --timeline --max-nodes 2000 \
    -o "$dir/timeline.$fmt"
run path "$kg" path --store "$store" https://w3id.org/kg/id/person/p00001 \
    https://w3id.org/kg/id/person/p01500
echo "ego nodes: $(grep -c 'class="node' "$dir/ego.$fmt" || true)," \
     "overview nodes: $(grep -c 'class="node' "$dir/overview.$fmt" || true)"
