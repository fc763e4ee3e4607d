#!/usr/bin/env bash
# bench_store_smoke.sh -- bench/store/run.sh on 10k generated triples in
# answers-only mode: the five analyst queries must give Oxigraph's answers
# (same rows; same order where the query orders). No timing here: figures
# come from running bench/store/run.sh by hand on a Release build. Skips
# (77) without node/npm or when the oxigraph npm package cannot be
# installed.
set -euo pipefail
: "${KG_BIN:?}" "${KG_SOURCE_DIR:?}"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
SMOKE=1 BENCH_DIR=$work KG_BIN=$KG_BIN \
    bash "$KG_SOURCE_DIR/bench/store/run.sh" 10000
