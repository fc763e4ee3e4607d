#!/usr/bin/env bash
# serve_sparqlwrapper.sh -- kg serve through SPARQLWrapper (Debian's
# python3-sparqlwrapper, run with Debian's /usr/bin/python3): JSON, XML,
# CSV, TSV and Turtle results, QueryBadFormed for a syntax error, and the
# truncation mark in JSON and XML bodies under a row cap.
source "$KG_SOURCE_DIR/tests/e2e/serve/lib.sh"
[ -x /usr/bin/python3 ] || { echo "SKIP: /usr/bin/python3 missing" >&2; exit 77; }
/usr/bin/python3 -c 'import SPARQLWrapper' 2>/dev/null || {
    echo "SKIP: SPARQLWrapper missing (Debian package python3-sparqlwrapper)" >&2; exit 77; }

load_store
start_server
/usr/bin/python3 "$here/sparqlwrapper_check.py" "${url}sparql" || fail "SPARQLWrapper checks"
grep -q '"POST /sparql" 200' "$work/server.log" || fail "no POST in the access log"
stop_server
# a cap of one row: the mark is in the body exactly when rows were cut
start_server --max-rows 1
/usr/bin/python3 "$here/sparqlwrapper_check.py" "${url}sparql" --cap 1 || fail "SPARQLWrapper truncation checks"
stop_server
