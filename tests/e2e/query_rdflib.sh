#!/usr/bin/env bash
# query_rdflib.sh -- kg query against an independent engine: load the
# sample articles, export the store's default graph as N-Triples (and
# its named graphs as JSON rows), and check
# that every query in query-rdflib/ (and the presets in queries/) gives
# the rows Debian's python3-rdflib gives on the same data. The queries are
# the shapes rasqal answered wrongly or ran away on through librdf's
# triples source (see graph/tsource.c). Each query must also finish in
# under 30 s, even under ASan (some ran for minutes before). Skips (77)
# without rdflib.
#
# SPDX-License-Identifier: MIT
set -u

: "${KG_BIN:?KG_BIN is not set}"
: "${KG_SOURCE_DIR:?KG_SOURCE_DIR is not set}"
here=$(cd "$(dirname "$0")" && pwd)
if ! /usr/bin/python3 -c 'import rdflib' 2>/dev/null; then
    echo "skip: /usr/bin/python3 has no rdflib (Debian python3-rdflib)"
    exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$KG_BIN" load -q --store "$tmp/st" "$KG_SOURCE_DIR/examples/articles" ||
    { echo "FAIL: kg load"; exit 1; }
"$KG_BIN" query --store "$tmp/st" -F nt \
    'CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }' >"$tmp/all.nt" ||
    { echo "FAIL: export"; exit 1; }
"$KG_BIN" query --store "$tmp/st" -F json \
    'SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }' >"$tmp/quads.json" ||
    { echo "FAIL: export of the named graphs"; exit 1; }
mkdir "$tmp/kg"
queries=("$here"/query-rdflib/*.rq)
for f in "$KG_SOURCE_DIR"/queries/*.rq; do
    # Presets with parameters are checked by their own cases.
    grep -q '\$[A-Za-z_]*\b' <(grep -v '^#' "$f") || queries+=("$f")
done
qs=()
for q in "${queries[@]}"; do
    # conflicts.rq: rdflib 6.1.1 raises on its GRAPH-in-UNION; it is
    # checked against a hand-written fixture in tests/cli/ask-conflicts.
    case $(basename "$q") in prefixes.rq | conflicts.rq) continue ;; esac
    name=$(basename "$q" .rq)
    if ! timeout 30 "$KG_BIN" query --store "$tmp/st" -F json -f "$q" \
            >"$tmp/kg/$name.json"; then
        echo "FAIL: kg query $name failed or took over 30 s"
        exit 1
    fi
    qs+=("$q")
done
/usr/bin/python3 "$here/query-rdflib/compare.py" "$tmp/all.nt" \
    "$tmp/quads.json" "$here/query-rdflib/prefixes.rq" "$tmp/kg" "${qs[@]}"
