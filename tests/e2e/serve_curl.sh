#!/usr/bin/env bash
# serve_curl.sh -- kg serve with curl: every route, its status code and
# media type; result bodies checked against the hand-written fixture and
# against `kg query` (graph/'s own writers) for the sample articles;
# limits (rows, size, time), CORS, the update route (tests/e2e/
# serve_update.sh has the rest), the access log, and
# a SIGTERM that leaves the store readable.
source "$KG_SOURCE_DIR/tests/e2e/serve/lib.sh"
need curl curl
need rapper raptor2-utils
need xmllint libxml2-utils

# ---- the command line: help, usage errors, a missing store
"$KG_BIN" serve --help | grep -q -- '--update-token-env' || fail "kg serve --help"
"$KG_BIN" help serve | grep -q '^usage: kg serve' || fail "kg help serve"
rc=0; "$KG_BIN" serve --port nope 2> /dev/null || rc=$?
[ "$rc" = 2 ] || fail "a bad --port exits $rc, want 2"
rc=0; "$KG_BIN" serve --store "$work/no-such-store" --port 0 > /dev/null 2> "$work/err" || rc=$?
[ "$rc" = 1 ] || fail "a missing store exits $rc, want 1"
[ "$(grep -c . "$work/err")" = 1 ] || { cat "$work/err"; fail "a missing store: not one line"; }

load_store
start_server --max-rows 50
# a second server on the same port: exit 1 with one line
port=${url##*:}; port=${port%/}
rc=0; "$KG_BIN" serve --store "$store" --port "$port" > /dev/null 2> "$work/err" || rc=$?
[ "$rc" = 1 ] || fail "a taken port exits $rc, want 1"
grep -q "cannot listen" "$work/err" || { cat "$work/err"; fail "a taken port: no reason given"; }

# check METHOD PATH STATUS TYPE [curl args...]: body in $work/body.
n_req=0
check() {
    local method=$1 path=$2 want=$3 type=$4
    shift 4
    n_req=$((n_req + 1))
    local got
    got=$(curl -s -o "$work/body" -D "$work/headers" -X "$method" \
        -w '%{http_code} %{content_type}' "$@" "$url${path#/}") || fail "curl $path"
    [ "${got%% *}" = "$want" ] || { cat "$work/body"; fail "$method $path: status ${got%% *}, want $want"; }
    case ${got#* } in
        "$type"*) ;;
        *) fail "$method $path: type '${got#* }', want '$type'";;
    esac
    echo "ok $method /${path#/} $want $type"
}
header() { tr -d '\r' < "$work/headers" | sed -n "s/^$1: //Ip"; }

PEOPLE='PREFIX ex: <http://example.org/serve-test/>
SELECT ?who WHERE { ex:meeting1 kg:participant ?p . ?p rdfs:label ?who } ORDER BY ?who'
EVENTS='SELECT ?e ?label WHERE { ?e a kg:Meeting ; rdfs:label ?label } ORDER BY ?e ?label'

# ---- the page, its script, unknown routes
check GET / 200 text/html
grep -q '<textarea id="query"' "$work/body" || fail "page has no query box"
header Content-Security-Policy | grep -q "default-src 'self'" || fail "page without CSP"
check GET /app.js 200 text/javascript
! grep -q innerHTML "$work/body" || fail "the script uses innerHTML"
check GET /nowhere 404 text/plain
check POST / 405 text/plain

# ---- service description: valid Turtle naming the service
check GET /sparql 200 text/turtle
rapper -q -i turtle -o ntriples "$work/body" "${url}sparql" > "$work/sd.nt" || fail "service description is not Turtle"
grep -q "<${url}sparql> <http://www.w3.org/ns/sparql-service-description#endpoint> <${url}sparql>" "$work/sd.nt" \
    || fail "service description does not name the endpoint"

# ---- SELECT in every format, GET and both POSTs
check GET /sparql 200 application/sparql-results+json -G --data-urlencode "query=$PEOPLE" \
    --data 'format=json&output=json&results=json'
python3 - "$work/body" <<'PY' || fail "JSON result"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["head"]["vars"] == ["who"], d
vals = [b["who"] for b in d["results"]["bindings"]]
assert vals == [{"type": "literal", "value": "Zed Alpha"},
                {"type": "literal", "value": "Zed Beta, Jr."}], vals
PY
check POST /sparql 200 text/csv -H 'Accept: text/csv' --data-urlencode "query=$PEOPLE"
printf 'who\r\nZed Alpha\r\n"Zed Beta, Jr."\r\n' | cmp - "$work/body" || fail "CSV body"
check POST /sparql 200 text/tab-separated-values -H 'Accept: text/tab-separated-values' \
    -H 'Content-Type: application/sparql-query' --data-binary "$PEOPLE"
printf '?who\n"Zed Alpha"\n"Zed Beta, Jr."\n' | cmp - "$work/body" || fail "TSV body"
check GET /sparql 200 application/sparql-results+xml -H 'Accept: application/sparql-results+xml' \
    -G --data-urlencode 'query=PREFIX ex: <http://example.org/serve-test/>
SELECT ?l WHERE { ex:meeting1 rdfs:label ?l }'
xmllint --noout "$work/body" || fail "XML result is not XML"
grep -q '<literal>Test meeting &lt;one&gt; &amp; &quot;two&quot;</literal>' "$work/body" || fail "XML escaping"
check GET /sparql 200 application/sparql-results+json -H 'Accept: text/csv;q=0.2, application/json' \
    -G --data-urlencode 'query=PREFIX ex: <http://example.org/serve-test/>
SELECT ?l WHERE { ex:meeting1 rdfs:label ?l }'
grep -q '"Test meeting \\u003cone\\u003e \\u0026 \\"two\\""' "$work/body" || fail "JSON escaping"

# The samples: the endpoint and `kg query` (separate writers) agree.
for f in csv tsv; do
    case $f in csv) t=text/csv;; tsv) t=text/tab-separated-values;; esac
    check GET /sparql 200 "$t" -H "Accept: $t" -G --data-urlencode "query=$EVENTS"
    "$KG_BIN" query --store "$store" --format "$f" "$EVENTS" > "$work/cli.$f" || fail "kg query"
    cmp "$work/cli.$f" "$work/body" || fail "$f from the endpoint differs from kg query"
done
[ "$(grep -c . "$work/body")" -gt 5 ] || fail "too few meetings in the samples"

# ---- ASK
check POST /sparql 200 application/sparql-results+json -H 'Content-Type: application/sparql-query' \
    --data-binary 'ASK { ?x a kg:Meeting }'
grep -q '"boolean": true' "$work/body" || fail "ASK"

# ---- CONSTRUCT in every RDF syntax, parsed back by rapper
C='CONSTRUCT { ?e a kg:Meeting ; rdfs:label ?l } WHERE { ?e a kg:Meeting ; rdfs:label ?l }'
for t in text/turtle application/n-triples application/rdf+xml; do
    check GET /sparql 200 "$t" -H "Accept: $t" -G --data-urlencode "query=$C"
    case $t in text/turtle) i=turtle;; application/n-triples) i=ntriples;; *) i=rdfxml;; esac
    rapper -q -i "$i" -o ntriples "$work/body" http://example.org/ | LC_ALL=C sort > "$work/c.$i" \
        || fail "$t does not parse"
done
cmp "$work/c.turtle" "$work/c.ntriples" && cmp "$work/c.turtle" "$work/c.rdfxml" || fail "RDF syntaxes differ"
grep -q 'Test meeting <one> & \\"two\\"' "$work/c.ntriples" || fail "fixture meeting missing from CONSTRUCT"

# ---- client mistakes: never a 500
check GET /sparql 400 text/plain -G --data-urlencode 'query=SELECT ?x WHERE { ?x a }'
grep -qi "syntax error" "$work/body" || fail "400 without the parser's message"
check GET /sparql 406 text/plain -H 'Accept: image/png' -G --data-urlencode "query=$PEOPLE"
check GET /sparql 406 text/plain -H 'Accept: text/csv' -G --data-urlencode "query=$C"
head -c 70000 /dev/zero | tr '\0' 'x' > "$work/big"
check POST /sparql 413 text/plain -H 'Content-Type: application/sparql-query' --data-binary @"$work/big"
check GET /sparql 413 text/plain -G --data-urlencode "query@$work/big"
check PUT /sparql 405 text/plain
header Allow | grep -q POST || fail "405 without Allow"
check DELETE /sparql 405 text/plain
check POST /sparql 415 text/plain -H 'Content-Type: text/plain' --data-binary "$PEOPLE"
check POST /sparql 403 text/plain -H 'Content-Type: application/sparql-update' --data-binary 'INSERT DATA { <a> <b> <c> }'
check POST /sparql 403 text/plain --data-urlencode 'update=INSERT DATA { <a> <b> <c> }'
check GET /sparql 405 text/plain -G --data-urlencode 'update=INSERT DATA { <a> <b> <c> }'
check GET /sparql 400 text/plain -G --data-urlencode "query=$PEOPLE" $(printf -- "--data-urlencode default-graph-uri=http://example.org/%s " $(seq 65))

# ---- the row cap is signalled
check GET /sparql 200 text/csv -H 'Accept: text/csv' -G --data-urlencode 'query=SELECT ?s WHERE { ?s ?p ?o }'
[ "$(header KG-Result-Truncated)" = 50 ] || fail "no truncation header"
[ "$(grep -c . "$work/body")" = 51 ] || fail "cap of 50 rows not applied"
header Warning | grep -q "truncated" || fail "no Warning header"
# in the body too where the format has room: JSON and XML heads link to
# urn:kg:truncated:50; CSV and TSV say it in the headers only
check GET /sparql 200 application/sparql-results+json -G --data-urlencode 'query=SELECT ?s WHERE { ?s ?p ?o }'
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["head"]["link"] == ["urn:kg:truncated:50"], d["head"]; assert len(d["results"]["bindings"]) == 50' "$work/body" \
    || fail "cut JSON without its link"
check GET /sparql 200 application/sparql-results+xml -H 'Accept: application/sparql-results+xml' -G --data-urlencode 'query=SELECT ?s WHERE { ?s ?p ?o }'
xmllint --noout "$work/body" || fail "cut XML is not XML"
grep -q '<link href="urn:kg:truncated:50"/>' "$work/body" || fail "cut XML without its link"
check GET /sparql 200 application/sparql-results+json -G --data-urlencode 'query=SELECT ?s WHERE { ?s ?p ?o } LIMIT 50'
[ -z "$(header KG-Result-Truncated)" ] || fail "50 rows under a cap of 50 said to be cut"
! grep -q 'urn:kg:truncated' "$work/body" || fail "uncut JSON with a truncation link"
check GET /sparql 200 text/turtle -H 'Accept: text/turtle' -G --data-urlencode 'query=CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }'
[ "$(header KG-Result-Truncated)" = 50 ] || fail "cut CONSTRUCT without the header"
tail -1 "$work/body" | grep -q '^# urn:kg:truncated:50' || fail "cut Turtle without its closing comment"
[ "$(rapper -i turtle -c "$work/body" 2>&1 | grep -o 'returned [0-9]* triples')" = "returned 50 triples" ] \
    || fail "cut Turtle does not parse to 50 triples"

# ---- diagrams
check GET /diagram 200 image/svg+xml -G --data-urlencode 'entity=Zed Alpha' --data-urlencode hops=1
xmllint --noout "$work/body" || fail "SVG is not XML"
grep -q 'Zed Alpha' "$work/body" || fail "entity diagram lacks its entity"
check GET /diagram 200 image/svg+xml -G --data-urlencode "query=$C"
xmllint --noout "$work/body" || fail "SVG is not XML"
grep -q 'Test meeting &lt;one&gt; &amp;' "$work/body" || fail "CONSTRUCT diagram lacks the fixture meeting"
check GET /diagram 404 text/plain -G --data-urlencode 'entity=No Such Person'
check GET /diagram 400 text/plain -G --data-urlencode 'query=ASK {}'
check GET /diagram 400 text/plain -G --data-urlencode 'entity=Zed Alpha' --data-urlencode hops=99

# ---- CORS only when asked
check OPTIONS /sparql 204 ""
[ -z "$(header Access-Control-Allow-Origin)" ] || fail "CORS headers without --cors"

# ---- the access log has a line per request
n_log=$(grep -c '"[A-Z]* /[^"]*" [0-9]\{3\} ' "$work/server.log" || true)
[ "$n_log" = "$n_req" ] || { cat "$work/server.log"; fail "$n_log access log lines for $n_req requests"; }
grep -q '"PUT /sparql" 405 ' "$work/server.log" || fail "405 not logged"
stop_server
# the store is intact after the stop
"$KG_BIN" query --store "$store" --format csv 'ASK { ?x a kg:Meeting }' > /dev/null || fail "store unreadable after stop"

# ---- CORS, the update token and the time limit on a second server
export KG_TEST_TOKEN=s3cret-token
# --max-rows 0: the cross product below must run into the time limit, not
# stop at the row cap (it streams fast since graph/tsource.c).
start_server --cors --update-token-env KG_TEST_TOKEN --timeout 300 --max-rows 0
check OPTIONS /sparql 204 "" -H 'Origin: http://example.com' -H 'Access-Control-Request-Method: POST'
[ "$(header Access-Control-Allow-Origin)" = '*' ] || fail "no CORS on the preflight"
header Access-Control-Allow-Methods | grep -q POST || fail "preflight methods"
check GET /sparql 200 application/sparql-results+json -H 'Origin: http://example.com' -G --data-urlencode "query=$PEOPLE"
[ "$(header Access-Control-Allow-Origin)" = '*' ] || fail "no CORS on a query"
check POST /sparql 401 text/plain -H 'Content-Type: application/sparql-update' \
    -H 'Authorization: Bearer wrong' --data-binary 'INSERT DATA { <a> <b> <c> }'
check POST /sparql 400 text/plain -H 'Content-Type: application/sparql-update' \
    -H "Authorization: Bearer $KG_TEST_TOKEN" --data-binary 'INSERT DATA { <a> <b> <c> }'
grep -q "union of the named graphs" "$work/body" || fail "a default-graph insert without the reason"
check POST /sparql 200 text/plain -H 'Content-Type: application/sparql-update' \
    -H "Authorization: Bearer $KG_TEST_TOKEN" --data-binary 'INSERT DATA { GRAPH <urn:kg:test:g> { <urn:a> <urn:b> <urn:c> } }'
[ "$(header Access-Control-Allow-Origin)" = '*' ] || fail "no CORS on an update"
check GET /sparql 503 text/plain -G --data-urlencode 'query=SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }'
grep -q "time limit" "$work/body" || fail "503 without the reason"
stop_server
echo "serve_curl: all routes answered as expected"
