#!/usr/bin/env bash
# run.sh -- extraction speed and memory on a generated corpus, against the
# npm package `compromise` (people/places/organizations), and both tools'
# entity F1 on the seed gold of ../shared/eval.
#
# 1. Release build of kg (no sanitizers) and of bench_extract.c against the
#    static library; 2. gen_corpus.py writes MB megabytes of article text
#    (default 200, deterministic) under BENCH_DIR, never in the tree;
# 3. bench_extract: entity pass alone, kg_extract() whole (events), and
#    with the JSON report, each in one process on one core, with peak RSS
#    from /usr/bin/time -v; 4. `kg extract -f json` (the CLI, reading the
#    files and writing JSON lines to /dev/null) over the whole corpus;
# 5. compromise and kg on the same first SAMPLE_MB megabytes (compromise
#    runs at a few tens of kB/s, so the whole corpus would take hours),
#    and the speed ratio; 6. entity F1 of both on the seed gold
#    (score.py), compromise's entities written in the schema.md format.
#
# Usage: bench/extract/run.sh [MB]
# Environment: BENCH_DIR (default /tmp/kg-bench-extract), SAMPLE_MB
# (default 2), KG_SHARED (default <source>/../shared).
# SPDX-License-Identifier: MIT
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
mb=${1:-200}
dir=${BENCH_DIR:-/tmp/kg-bench-extract}
sample_mb=${SAMPLE_MB:-2}
shared=${KG_SHARED:-$src/../shared}
build=$dir/build
mkdir -p "$dir"

echo "== build (Release) in $build"
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j2 --target kg kg_static >"$dir/build.log" 2>&1 ||
    { cat "$dir/build.log"; exit 1; }
# shellcheck disable=SC2046
cc -O3 -DNDEBUG -std=c11 -I "$src/include" -I "$src/core" -I "$src/extract" \
    -I "$build" -o "$dir/bench_extract" "$here/bench_extract.c" \
    "$build/libkg_static.a" \
    $(pkg-config --libs redland raptor2 rasqal libcgraph libgvc libutf8proc \
        nettle libmicrohttpd igraph) -lm

corpus=$dir/corpus-$mb
if [ ! -f "$corpus/.done" ]; then
    echo "== generate $mb MB in $corpus"
    rm -rf "$corpus"
    python3 "$here/gen_corpus.py" "$corpus" "$mb" 1
    touch "$corpus/.done"
fi
find "$corpus" -name '*.txt' | sort > "$dir/all.list"
total=$(cat "$dir/all.list" | xargs cat | wc -c)
echo "corpus: $(wc -l < "$dir/all.list") articles, $total bytes"

# the first SAMPLE_MB megabytes of the same list
awk -v lim=$((sample_mb * 1000000)) '
    { cmd = "stat -c %s \"" $0 "\""; cmd | getline n; close(cmd)
      if (sum >= lim) exit; sum += n; print }' "$dir/all.list" \
    > "$dir/sample.list"

rss() { sed -n 's/.*Maximum resident set size (kbytes): //p' "$1"; }

echo "== kg_extract alone, one core (bench_extract), whole corpus"
for mode in entities events json; do
    /usr/bin/time -v "$dir/bench_extract" "$mode" "$dir/all.list" \
        > "$dir/$mode.out" 2> "$dir/$mode.time"
    printf '%s  peak RSS %s kB\n' "$(cat "$dir/$mode.out")" \
        "$(rss "$dir/$mode.time")"
done

echo "== kg extract -f json (CLI, files read, JSON to /dev/null)"
t0=$(date +%s.%N)
/usr/bin/time -v "$build/kg" extract -f json "$corpus"/[0-9]* \
    > /dev/null 2> "$dir/cli.time"
t1=$(date +%s.%N)
cpu=$(sed -n 's/.*User time (seconds): //p' "$dir/cli.time")
printf 'kg extract: %.1f s wall, %.1f s user, %.1f MB/s per core, peak RSS %s kB\n' \
    "$(echo "$t1 - $t0" | bc)" "$cpu" \
    "$(echo "$total / 1000000 / $cpu" | bc -l)" "$(rss "$dir/cli.time")"

echo "== compromise on the first $sample_mb MB (same files for kg)"
node_dir=$dir/node
if [ ! -d "$node_dir/node_modules/compromise" ]; then
    mkdir -p "$node_dir"
    (cd "$node_dir" && npm install --silent --no-audit --no-fund \
        compromise@14 >/dev/null)
fi
"$dir/bench_extract" entities "$dir/sample.list" | tee "$dir/kg-sample.out"
NODE_PATH=$node_dir/node_modules node "$here/compromise_bench.js" speed \
    "$dir/sample.list" | tee "$dir/compromise.out"
kgs=$(sed -n 's/.* \([0-9.]*\) MB\/s.*/\1/p' "$dir/kg-sample.out")
cms=$(sed -n 's/.* \([0-9.]*\) MB\/s.*/\1/p' "$dir/compromise.out")
printf 'speed ratio kg/compromise (entities): %.0fx\n' \
    "$(echo "$kgs / $cms" | bc -l)"

if [ -d "$shared/seeds" ] && [ -f "$shared/eval/score.py" ]; then
    echo "== entity F1 on the seed gold"
    rm -rf "$dir/seed-kg" "$dir/seed-compromise"
    "$build/kg" extract -f json -o "$dir/seed-kg" "$shared"/seeds/*.txt
    NODE_PATH=$node_dir/node_modules node "$here/compromise_bench.js" json \
        "$dir/seed-compromise" "$shared"/seeds/*.txt
    for tool in kg compromise; do
        python3 "$shared/eval/score.py" "$shared/eval/seeds" \
            "$dir/seed-$tool" --json > "$dir/seed-$tool.json"
        python3 -c 'import json,sys
e = json.load(open(sys.argv[1]))["micro"]["entities"]
print("%-10s entity P %.3f R %.3f F1 %.3f" % (sys.argv[2], e["precision"],
      e["recall"], e["f1"]))' "$dir/seed-$tool.json" "$tool"
    done
else
    echo "== no $shared: seed F1 skipped"
fi
