#!/usr/bin/env bash
# serve_update.sh -- SPARQL Update through kg serve: 403 without an update
# token, 401 without the right bearer token, 400 for a syntax error (with
# its line), a refused LOAD and using-graph-uri, 200 for updates by curl
# (application/sparql-update and form) and by SPARQLWrapper; readers in
# other processes between updates; the store after the stop compared with
# rdflib running the same updates on the same data.
source "$KG_SOURCE_DIR/tests/e2e/serve/lib.sh"
need curl curl

load_store
people_graph="file://$(cd "$here" && pwd)/people.ttl"
export KG_TEST_UPDATE_TOKEN="t0k-$RANDOM$RANDOM"
start_server --update-token-env KG_TEST_UPDATE_TOKEN
auth="Authorization: Bearer $KG_TEST_UPDATE_TOKEN"

# post STATUS [curl args...]: body in $work/body
post() {
    local want=$1 got
    shift
    got=$(curl -s -o "$work/body" -D "$work/headers" -w '%{http_code}' "$@" "${url}sparql") || fail "curl"
    [ "$got" = "$want" ] || { cat "$work/body"; fail "update: status $got, want $want ($*)"; }
    echo "ok $want $*" | cut -c1-100
}
U='application/sparql-update'
post 401 -H "Content-Type: $U" --data-binary 'CLEAR ALL'
grep -qi '^WWW-Authenticate: Bearer' "$work/headers" || fail "401 without WWW-Authenticate"
post 401 -H "Authorization: Bearer wrong-$KG_TEST_UPDATE_TOKEN" -H "Content-Type: $U" --data-binary 'CLEAR ALL'
post 400 -H "$auth" -H "Content-Type: $U" --data-binary $'INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> 1 } } ;\nINSERT DATA { GRAPH <urn:x> { <urn:a> } }'
grep -q '^syntax error at line 2' "$work/body" || fail "syntax error without its line: $(cat "$work/body")"
post 400 -H "$auth" -H "Content-Type: $U" --data-binary 'LOAD <file:///etc/passwd>'
grep -q 'LOAD is refused' "$work/body" || fail "LOAD not named"
post 400 -H "$auth" --data-urlencode 'update=CLEAR ALL' --data-urlencode 'using-graph-uri=urn:x'
post 400 -H "$auth" -H "Content-Type: $U" --data-binary 'INSERT DATA { <urn:a> <urn:b> 1 }'
grep -q 'union of the named graphs' "$work/body" || fail "default-graph insert not explained"
# nothing of the refused requests reached the store
"$KG_BIN" query --store "$store" -F tsv 'ASK { <urn:a> ?p ?o }' > /dev/null && fail "a refused update was applied"

post 200 -H "$auth" -H "Content-Type: $U" --data-binary 'INSERT DATA { GRAPH <urn:kg:test:curl> { <urn:a> <urn:b> "one" } }'
grep -q '^1 operation: 1 quad inserted, 0 deleted' "$work/body" || fail "counts: $(cat "$work/body")"
post 200 -H "$auth" --data-urlencode 'update=INSERT { GRAPH <urn:kg:test:curl> { ?s <urn:b> "two" } } WHERE { GRAPH <urn:kg:test:curl> { ?s <urn:b> "one" } }'
# the endpoint answers from the updated store...
got=$(curl -s -H 'Accept: text/csv' -G --data-urlencode 'query=SELECT ?o WHERE { <urn:a> <urn:b> ?o } ORDER BY ?o' "${url}sparql" | tr -d '\r')
[ "$got" = $'o\none\ntwo' ] || fail "the endpoint does not see the update: $got"
# ...and so does another process while the server runs
"$KG_BIN" query --store "$store" -F tsv 'ASK { GRAPH <urn:kg:test:curl> { <urn:a> <urn:b> "two" } }' > /dev/null \
    || fail "kg query does not see the update"
curl -s "${url}sparql" | grep -q 'sd:SPARQL11Update' || fail "service description without SPARQL11Update"
post 200 -H "$auth" -H "Content-Type: $U" --data-binary 'DROP GRAPH <urn:kg:test:curl>'

if /usr/bin/python3 -c 'import SPARQLWrapper, rdflib' 2>/dev/null; then
    /usr/bin/python3 "$here/update_check.py" "${url}sparql" "$KG_TEST_UPDATE_TOKEN" "$here/people.ttl" "$people_graph" \
        || fail "SPARQLWrapper updates"
else
    echo "note: SPARQLWrapper or rdflib missing: client and rdflib checks not run" >&2
fi
grep -q '"POST /sparql" 401 ' "$work/server.log" || fail "401 not logged"
stop_server

# the store after the stop, against rdflib running the same updates
if /usr/bin/python3 -c 'import SPARQLWrapper, rdflib' 2>/dev/null; then
    "$KG_BIN" query --store "$store" -F json \
        'SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "urn:kg:test:")) }' \
        > "$work/quads.json" || fail "kg query after the stop"
    /usr/bin/python3 "$here/update_check.py" --compare "$work/quads.json" "$here/people.ttl" "$people_graph" \
        || fail "kg and rdflib disagree"
fi
# the server without a token refuses updates with 403
start_server
post 403 -H "$auth" -H "Content-Type: $U" --data-binary 'CLEAR ALL'
stop_server
echo "serve_update: all checks passed"
