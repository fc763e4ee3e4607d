#!/usr/bin/env bash
# remote_virtuoso.sh -- the remote backend against a real Virtuoso: a
# virtuoso-t on 127.0.0.1 (free ports, a temporary database, always shut
# down), SPARQL updates granted to its anonymous SPARQL user, then kg
# load / query (every result format, ASK, CONSTRUCT) / ask presets /
# stats / viz --entity / analyze on sparql+http://... compared with the
# embedded store loaded from the same articles; a reload is a no-op, a
# changed article replaces its graph; bad specs, an unreachable server and
# a syntax error give one clear line and exit 1.
#
# Skips (77) when virtuoso-opensource-7-bin is not installed.
#
# SPDX-License-Identifier: MIT
set -euo pipefail
: "${KG_BIN:?}" "${KG_SOURCE_DIR:?}"
command -v virtuoso-t >/dev/null && command -v isql-vt >/dev/null || {
    echo "SKIP: virtuoso-opensource-7-bin is not installed"; exit 77; }
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}strict_memcmp=0"

source "$KG_SOURCE_DIR/tests/e2e/remote/virtuoso.sh"
work=$(mktemp -d)
cleanup() { stop_virtuoso; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
articles=$KG_SOURCE_DIR/examples/articles
cd "$work"
start_virtuoso "$work/db" || fail "cannot start Virtuoso"

R="sparql+http://127.0.0.1:$httpport/sparql"
E=$work/emb

# ---- load -----------------------------------------------------------------
"$KG_BIN" load --store "$R" "$articles" 2> load.err || { cat load.err; fail "remote load"; }
grep -q "9 article(s) added" load.err || { cat load.err; fail "remote: 9 articles added"; }
"$KG_BIN" load --store "$E" "$articles" 2> /dev/null || fail "embedded load"
"$KG_BIN" load --store "$R" "$articles" 2> load.err || fail "remote reload"
grep -q "0 article(s) added, 0 replaced, 9 unchanged" load.err ||
    { cat load.err; fail "a reload must change nothing"; }

# ---- same answers as the embedded store -----------------------------------
same() { # what, then the kg arguments after --store
    local what=$1; shift
    "$KG_BIN" "$1" --store "$E" "${@:2}" > emb.out 2> emb.err || true
    "$KG_BIN" "$1" --store "$R" "${@:2}" > rem.out 2> rem.err || true
    [ -s emb.out ] || { cat emb.err; fail "$what: the embedded store gave nothing"; }
    # Sorted: rows that tie under ORDER BY (or differ only in unbound
    # values, which SPARQL orders first) may come in either order.
    diff <(LC_ALL=C sort emb.out) <(LC_ALL=C sort rem.out) > diff.out ||
        { head -20 diff.out; cat rem.err; fail "$what differs"; }
}
stats() { "$KG_BIN" stats --store "$1" | grep -v '^store\|^on disk'; }
diff <(stats "$E") <(stats "$R") || fail "stats differ"

# The presets (exclusive is compared on the server alone: rasqal takes
# 20 s over it under ASan, and who-met-whom's 26 s is enough of that).
# who-met-whom and single-source are not compared: Virtuoso 7.2.5
# answers them wrongly, a server bug with UNION branches whose FILTERs
# use sameTerm (the presets test classes that way for rasqal's sake).
# who-met-whom gives no rows: its first branch alone gives 22 rows on the
# samples, "{ branch } UNION { branch }" 0 instead of 44; single-source
# adds 14 rows of non-events (e.g. Seoul) to the "event" branch. Both
# must still run there.
for p in who-met-whom single-source; do
    "$KG_BIN" ask --store "$R" -F csv $p > p.csv || fail "$p on the server"
done
same "people" ask -F csv people
same "receptions" ask -F csv receptions
same "conflicts" ask -F csv conflicts
same "person" ask -F csv person "name=Choe Son-hui"
same "entity-timeline" ask -F csv entity-timeline "name=Sergei Lavrov"
"$KG_BIN" ask --store "$R" -F csv exclusive source=05_kozlov-wonsan-visit.txt > ex.csv ||
    fail "exclusive on the server"
grep -q '^event,2025-11-visit-alexander-kozlov' ex.csv ||
    { cat ex.csv; fail "exclusive: Kozlov's visit is article 05's alone"; }
q='SELECT DISTINCT ?p ?name WHERE { ?p a schema:Person ; rdfs:label ?name }
ORDER BY ?name'
for f in csv tsv json xml table; do same "SELECT as $f" query -F "$f" "$q"; done
same "ASK true" query -F json 'ASK { ?x a schema:Person }'
rc=0; "$KG_BIN" query --store "$R" 'ASK { ?x a schema:Nothing }' > /dev/null || rc=$?
[ "$rc" = 3 ] || fail "ASK false exits $rc, want 3"
same "CONSTRUCT" query -F nt 'CONSTRUCT { ?p schema:memberOf ?o } WHERE {
  ?m org:member ?p ; org:organization ?o }'
same "no rows" query -F json 'SELECT ?x ?y WHERE { ?x a schema:Nothing }'
same "GRAPH" query -F csv 'SELECT ?s (COUNT(*) AS ?n) WHERE {
  GRAPH ?g { ?g kg:sourceName ?s . ?x a schema:Event } } GROUP BY ?s ORDER BY ?s'
diff <("$KG_BIN" validate --store "$E" 2>&1) <("$KG_BIN" validate --store "$R" 2>&1) ||
    fail "validate --store differs"
same "viz --entity" viz --entity "Choe Son-hui" --hops 2 -F dot -o -

# What rasqal refuses, a server answers (Virtuoso: full SPARQL 1.1).
"$KG_BIN" query --store "$R" -F csv 'SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {
  ?p a schema:Person FILTER NOT EXISTS { ?p rdfs:label "Choe Son-hui" } }' > nd.csv ||
    fail "COUNT(DISTINCT) with NOT EXISTS on the server"
people=$("$KG_BIN" query --store "$E" -F csv 'SELECT DISTINCT ?p WHERE { ?p a schema:Person }' | tail -n +2 | wc -l)
[ "$(tail -1 nd.csv | tr -d '\r')" = $((people - 1)) ] ||
    { cat nd.csv; fail "COUNT(DISTINCT) over NOT EXISTS: want $((people - 1))"; }

# ---- a changed article replaces its graph ----------------------------------
graphs_of_05() {
    "$KG_BIN" query --store "$R" -F tsv 'SELECT ?g WHERE { GRAPH ?g {
      ?g kg:sourceName ?s FILTER (STR(?s) = "05_kozlov-wonsan-visit.txt") } }' |
        tail -n +2
}
before=$(graphs_of_05)
[ "$(echo "$before" | grep -c .)" = 1 ] || fail "one graph for article 05: $before"
mkdir changed
sed 's/Wonsan/Hamhung/g' "$articles/05_kozlov-wonsan-visit.txt" > changed/05_kozlov-wonsan-visit.txt
"$KG_BIN" load --store "$R" changed/05_kozlov-wonsan-visit.txt 2> load.err || fail "changed load"
grep -q "1 replaced" load.err || { cat load.err; fail "a changed article must replace its graph"; }
"$KG_BIN" load --store "$E" changed/05_kozlov-wonsan-visit.txt 2> /dev/null || fail "embedded changed load"
after=$(graphs_of_05)
[ "$(echo "$after" | grep -c .)" = 1 ] && [ "$after" != "$before" ] ||
    fail "article 05: want one new graph instead of $before, got $after"
diff <(stats "$E") <(stats "$R") || fail "stats differ after the replacement"
same "places after the replacement" query -F csv 'SELECT DISTINCT ?l WHERE {
  ?x a schema:Place ; rdfs:label ?l } ORDER BY ?l'

# ---- kg remove retracts an article on both stores alike ----------------------
"$KG_BIN" remove --store "$R" 03_lavrov-sin-hong-chol-talks.txt > rm.out 2>&1 ||
    { cat rm.out; fail "remote remove"; }
"$KG_BIN" remove --store "$E" 03_lavrov-sin-hong-chol-talks.txt > /dev/null ||
    fail "embedded remove"
diff <(stats "$E") <(stats "$R") || fail "stats differ after kg remove"
same "people after kg remove" query -F csv 'SELECT DISTINCT ?l WHERE {
  ?x a schema:Person ; rdfs:label ?l } ORDER BY ?l'

# ---- analyze writes its graph back through the Graph Store Protocol --------
same "analyze" analyze
same "analysis stored" query -F csv 'SELECT ?x ?d WHERE { ?x kg:degree ?d } ORDER BY ?x'

# ---- errors: one line, exit 1 ---------------------------------------------
one_line() { # want-pattern, then kg arguments
    local want=$1 rc=0; shift
    "$KG_BIN" "$@" > /dev/null 2> err.out || rc=$?
    [ "$rc" = 1 ] || { cat err.out; fail "$*: exit $rc, want 1"; }
    [ "$(grep -c . err.out)" = 1 ] || { cat err.out; fail "$*: not one line"; }
    grep -q -- "$want" err.out || { cat err.out; fail "$*: want '$want'"; }
}
one_line "bad store spec" stats --store "sparql+http:///sparql"
one_line "unknown option 'gps'" stats --store "$R;gps=http://x/"
one_line "Could.*n.t connect" stats --store "sparql+http://127.0.0.1:1/sparql"
one_line "query:2: HTTP 400" query --store "$R" 'SELECT ?x WHERE {
  ?x a }'
one_line "HTTP 404" load --store "sparql+http://127.0.0.1:$httpport/nowhere" "$articles/01_russian-embassy-reception.txt"
one_line "SPARQL Update is not supported on a remote store" update --store "$R" \
    'INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/a> <http://example.org/b> 1 } }'
# (kg load adds its summary line after the article's error)
rc=0; "$KG_BIN" load --store "sparql+http://127.0.0.1:$httpport/sparql/" \
    "$articles/01_russian-embassy-reception.txt" 2> err.out || rc=$?
[ "$rc" = 1 ] && grep -q "has no Graph Store endpoint: add ;gsp=URL" err.out ||
    { cat err.out; fail "a spec without a Graph Store endpoint: exit $rc"; }
echo "remote_virtuoso: ok"
