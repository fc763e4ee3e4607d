#!/usr/bin/env bash
# pipeline.sh -- the whole chain on the sample corpus: extract -> load ->
# SPARQL names the expected people of a named event -> viz writes an SVG
# that parses as XML and carries the expected labels -> reloading changes
# no count. The expected facts are those examples/articles/README.md lists
# (checked by hand against the article texts).
set -euo pipefail
: "${KG_BIN:?}" "${KG_SOURCE_DIR:?}"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
articles=$KG_SOURCE_DIR/examples/articles
fail() { echo "FAIL: $*"; exit 1; }

"$KG_BIN" load --store st "$articles" 2> load.err || { cat load.err; fail "load"; }
grep -q "9 article(s) added" load.err || { cat load.err; fail "expected 9 articles added"; }

# The reception at the Russian Embassy in Pyongyang on 2025-11-06, reported
# by articles 01 and 02: one event, both sources, its people.
q='SELECT DISTINCT ?who WHERE {
  ?e a kg:Reception ; schema:startDate "2025-11-06"^^xsd:date ;
     kg:participant ?p .
  ?p a schema:Person ; rdfs:label ?who .
} ORDER BY ?who'
"$KG_BIN" query --store st --format tsv "$q" > people.tsv
cat people.tsv
for who in "Choe Son-hui" "Alexander Matsegora"; do
    grep -q "\"$who\"" people.tsv || fail "reception on 2025-11-06 lacks $who"
done
q='SELECT DISTINCT ?source WHERE {
  ?e a kg:Reception ; schema:startDate "2025-11-06"^^xsd:date ;
     prov:wasDerivedFrom ?a .
  ?a kg:sourceName ?source .
} ORDER BY ?source'
"$KG_BIN" query --store st --format tsv "$q" > sources.tsv
cat sources.tsv
grep -q '"01_russian-embassy-reception.txt"' sources.tsv || fail "source 01 missing"
grep -q '"02_kcna-reception-solidarity.txt"' sources.tsv || fail "source 02 missing"

# Lavrov met Sin Hong-chol on 2025-11-07 (article 03).
"$KG_BIN" query --store st 'ASK {
  ?e a kg:Meeting ; schema:startDate "2025-11-07"^^xsd:date ;
     kg:participant ?a , ?b .
  ?a rdfs:label "Sergei Lavrov" . ?b rdfs:label "Sin Hong-chol" . }' \
    || fail "meeting Lavrov / Sin Hong-chol on 2025-11-07 not found"

# A diagram of Choe Son-hui's neighbourhood: valid XML with her label and
# the reception's host.
"$KG_BIN" viz --store st --entity "Choe Son-hui" --hops 2 -o choe.svg
xmllint --noout choe.svg || fail "SVG does not parse"
# (Graphviz writes '-' as &#45;: read the decoded text nodes.)
xmllint --xpath "//*[local-name()='text']/text()" choe.svg > labels.txt
grep -qx "Choe Son-hui" labels.txt || fail "SVG lacks Choe Son-hui"
grep -qx "Alexander Matsegora" labels.txt || fail "SVG lacks Alexander Matsegora"
! grep -qi "<script" choe.svg || fail "SVG carries a script"

# Reloading changes nothing.
count() { "$KG_BIN" query --store st --format tsv \
    'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }' | tail -1; }
before=$(count)
"$KG_BIN" load --store st "$articles" 2> reload.err
grep -q "0 article(s) added, 0 replaced, 9 unchanged" reload.err || { cat reload.err; fail "reload changed something"; }
after=$(count)
[ "$before" = "$after" ] || fail "quads $before before reload, $after after"
echo "pipeline ok: $before quads, reload unchanged"
