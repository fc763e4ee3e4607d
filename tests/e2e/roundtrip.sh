#!/usr/bin/env bash
# roundtrip.sh -- the RDF kg extract writes parses back (with raptor's
# rapper, an independent reader) to exactly the statements it emitted, in
# every output syntax, and kg load of that RDF gives the same store as
# loading the articles themselves.
set -euo pipefail
: "${KG_BIN:?}" "${KG_SOURCE_DIR:?}"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
# kg load parses N-Quads here, where raptor leaks (tests/lsan.supp): the
# suppression needs full stacks.
if [ -n "${KG_ASAN_FULL_STACKS:-}" ]; then export ASAN_OPTIONS=$KG_ASAN_FULL_STACKS; fi
cd "$work"
articles=$KG_SOURCE_DIR/examples/articles

for f in nq trig nt ttl rdfxml; do
    "$KG_BIN" extract --format "$f" -o "out.$f" "$articles"
done
rapper_in() { case $1 in nq) echo nquads;; trig) echo trig;; nt) echo ntriples;;
              ttl) echo turtle;; rdfxml) echo rdfxml;; esac; }

# Quads: N-Quads and TriG carry the same quads.
rapper -q -i nquads -o nquads out.nq | LC_ALL=C sort -u > quads.ref
rapper -q -i trig -o nquads out.trig | LC_ALL=C sort -u > quads.trig
diff -u quads.ref quads.trig
n_emitted=$(LC_ALL=C sort -u out.nq | grep -c .)
n_parsed=$(grep -c . quads.ref)
[ "$n_emitted" = "$n_parsed" ] || { echo "emitted $n_emitted quads, parsed $n_parsed"; exit 1; }

# Triples: every triple syntax carries the quads' triples.
rapper -q -i nquads -o ntriples out.nq | LC_ALL=C sort -u > triples.ref
for f in nt ttl rdfxml; do
    rapper -q -i "$(rapper_in $f)" -o ntriples "out.$f" "http://example.org/base/" \
        | LC_ALL=C sort -u > "triples.$f"
    diff -u triples.ref "triples.$f" || { echo "$f differs"; exit 1; }
done
[ "$n_parsed" -gt 100 ] || { echo "suspiciously few quads: $n_parsed"; exit 1; }

# kg's own reader: loading the N-Quads gives the store loading the articles gives.
"$KG_BIN" load -q --store from-articles "$articles"
"$KG_BIN" load -q --store from-rdf out.nq
a=$("$KG_BIN" query --store from-articles --format tsv 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }' | tail -1)
b=$("$KG_BIN" query --store from-rdf --format tsv 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }' | tail -1)
echo "quads from articles: $a, from RDF: $b, emitted: $n_emitted"
[ "$a" = "$b" ]
