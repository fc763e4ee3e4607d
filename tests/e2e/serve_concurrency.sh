#!/usr/bin/env bash
# serve_concurrency.sh -- kg serve under concurrent clients: every answer
# equals what `kg query` printed for the same query before the server
# started (the store, rasqal and Graphviz are used under one lock), slow
# readers do not block the others, and the server stops cleanly after.
source "$KG_SOURCE_DIR/tests/e2e/serve/lib.sh"
[ -x /usr/bin/python3 ] || { echo "SKIP: /usr/bin/python3 missing" >&2; exit 77; }

load_store
mkdir "$work/expected"
cat > "$work/expected/q1.rq" <<'Q'
PREFIX ex: <http://example.org/serve-test/>
SELECT ?who WHERE { ex:meeting1 kg:participant ?p . ?p rdfs:label ?who } ORDER BY ?who
Q
cat > "$work/expected/q2.rq" <<'Q'
SELECT ?e ?label ?date WHERE { ?e a kg:Meeting ; rdfs:label ?label . OPTIONAL { ?e schema:startDate ?date } } ORDER BY ?e ?label ?date
Q
cat > "$work/expected/q3.rq" <<'Q'
SELECT ?name (COUNT(?g) AS ?n) WHERE { GRAPH ?g { ?p a schema:Person ; rdfs:label ?name } } GROUP BY ?name ORDER BY ?name
Q
cat > "$work/expected/q4.rq" <<'Q'
SELECT ?m ?p ?org WHERE { ?m a org:Membership ; org:member ?p ; org:organization ?org } ORDER BY ?m ?p ?org
Q
for q in "$work"/expected/q*.rq; do
    # reference answers
    "$KG_BIN" query --store "$store" --format csv -f "$q" > "${q%.rq}.csv" || fail "kg query $q"
    [ "$(grep -c . "${q%.rq}.csv")" -ge 2 ] || fail "$(basename "$q") has no rows"
done

start_server --max-rows 0 --max-connections 64
/usr/bin/python3 "$here/concurrency_check.py" "${url}sparql" "$work/expected" "$work/server.log" \
    || fail "concurrency"
stop_server
