#!/usr/bin/env bash
# serve_dataset.sh -- kg serve's dataset parameters and time limit with
# curl: default-graph-uri / named-graph-uri (repeatable, in the URL or a
# form body) choose graphs of the store and replace the query's FROM /
# FROM NAMED; a sorted cross product, which rasqal works on before the
# first row, answers 503 within about the time limit.
source "$KG_SOURCE_DIR/tests/e2e/serve/lib.sh"
need curl curl

load_store
start_server --timeout 1000 --max-rows 0
people=$("$KG_BIN" query --store "$store" -F csv \
    'SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g' |
    tr -d '\r' | grep '/people\.ttl$')
article=$("$KG_BIN" query --store "$store" -F csv \
    'SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g' |
    tr -d '\r' | grep '/article/' | head -1)
[ -n "$people" ] && [ -n "$article" ] || fail "no graphs to test with"

# rows QUERY [curl args]: the CSV body without its header, one per line.
rows() {
    local q=$1
    shift
    curl -sf -H 'Accept: text/csv' "$@" --data-urlencode "query=$q" \
        "${url}sparql" | tr -d '\r' | tail -n +2
}
PEOPLE='SELECT ?who WHERE { ?p a schema:Person ; rdfs:label ?who
        FILTER(STRSTARTS(?who, "Zed")) } ORDER BY ?who'
want=$'Zed Alpha\n"Zed Beta, Jr."'

[ "$(rows "$PEOPLE" -G)" = "$want" ] || fail "the union default graph"
[ "$(rows "$PEOPLE" -G --data-urlencode "default-graph-uri=$people")" = \
  "$want" ] || fail "default-graph-uri of the people graph"
[ -z "$(rows "$PEOPLE" -G --data-urlencode "default-graph-uri=$article")" ] ||
    fail "default-graph-uri of an article graph still sees the people"
# Two default graphs merge (GET, repeated parameter).
[ "$(rows "$PEOPLE" -G --data-urlencode "default-graph-uri=$article" \
      --data-urlencode "default-graph-uri=$people")" = "$want" ] ||
    fail "two default graphs"
# The protocol's dataset replaces the query's FROM.
FROM="SELECT ?who FROM <$people> WHERE { ?p rdfs:label ?who
      FILTER(STRSTARTS(?who, \"Zed\")) } ORDER BY ?who"
[ "$(rows "$FROM" -G)" = "$want" ] || fail "FROM of the people graph"
[ -z "$(rows "$FROM" -G --data-urlencode "default-graph-uri=$article")" ] ||
    fail "default-graph-uri does not replace FROM"
# named-graph-uri in a form body: GRAPH ?g sees those graphs only.
GRAPHS='SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g'
got=$(rows "$GRAPHS" --data-urlencode "named-graph-uri=$people" \
    --data-urlencode "named-graph-uri=$article")
[ "$got" = "$(printf '%s\n%s' "$article" "$people" | sort)" ] ||
    fail "named-graph-uri: got '$got'"
[ -z "$(rows "SELECT * WHERE { GRAPH <$people> { ?s ?p ?o } }" \
      --data-urlencode "named-graph-uri=$article")" ] ||
    fail "GRAPH on a graph outside named-graph-uri"
# More than 64 values: 400.
args=()
for i in $(seq 65); do args+=(--data-urlencode "default-graph-uri=http://example.org/$i"); done
code=$(curl -s -o /dev/null -w '%{http_code}' -G "${args[@]}" \
    --data-urlencode "query=$PEOPLE" "${url}sparql")
[ "$code" = 400 ] || fail "65 default graphs: status $code, want 400"

# A sorted cross product: all of rasqal's work is before the first row.
start=$(date +%s%N)
code=$(curl -s -o "$work/body" -w '%{http_code}' -G --data-urlencode \
    'query=SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i' \
    "${url}sparql")
ms=$((($(date +%s%N) - start) / 1000000))
[ "$code" = 503 ] || fail "sorted cross product: status $code, want 503"
grep -q "time limit" "$work/body" || fail "503 without the reason"
[ "$ms" -lt 3000 ] || fail "503 after $ms ms with a 1 s limit"
echo "ok: 503 after $ms ms"
stop_server
echo "serve_dataset: dataset parameters and time limit as expected"
