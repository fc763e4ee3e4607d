#!/usr/bin/env bash
# quickstart.sh -- the main job on a fresh machine: install what is
# missing, build kg, extract and load the sample articles into the
# embedded store, answer a sample question and draw a diagram.
#
# Safe to run again: loading the same articles changes nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DKG_BUILD_TESTS=OFF >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
kg=build/kg
mkdir -p out

echo "== kg load examples/articles  (store: ./kg-store)"
"$kg" load --store kg-store examples/articles

echo
echo "== Who attended which reception, and when? (queries/receptions.rq)"
"$kg" query --store kg-store --format table -f queries/receptions.rq

"$kg" extract --format ttl -o out/articles.ttl examples/articles
"$kg" viz --store kg-store --entity "Choe Son-hui" --hops 2 \
    --title "Choe Son-hui: two hops" -o out/choe-son-hui.svg

echo
echo "== Done."
echo "  binary            build/kg  (kg --help lists the commands)"
echo "  store             ./kg-store  ($("$kg" query --store kg-store --format tsv 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }' | tail -1) triples)"
echo "  facts as Turtle   out/articles.ttl"
echo "  diagram           out/choe-son-hui.svg"
echo "  try               build/kg stats"
echo "                    build/kg query 'SELECT ?name WHERE { ?p a schema:Person ; rdfs:label ?name }'"
