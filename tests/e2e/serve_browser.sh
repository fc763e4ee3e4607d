#!/usr/bin/env bash
# serve_browser.sh -- the page at / in headless Chromium: a query given in
# the URL runs on load, the results table fills from JSON with every value
# as text (a label holding markup shows as text, no element is made from
# it), the diagram of an entity loads, and a screenshot of the whole page
# is kept in the test's output directory.
source "$KG_SOURCE_DIR/tests/e2e/serve/lib.sh"
need chromium chromium
need xmllint libxml2-utils

load_store
start_server

# The fixture's meeting first, then the samples'. (No OPTIONAL: rasqal's
# OPTIONAL currently carries values over between rows, in kg query too.)
query='SELECT ?date ?event ?who WHERE {
  ?e a kg:Meeting ; rdfs:label ?event ; schema:startDate ?date ;
     kg:participant ?p .
  ?p rdfs:label ?who .
} ORDER BY DESC(STRSTARTS(?event, "Test meeting")) ?event ?who LIMIT 12'
page="${url}?$(/usr/bin/python3 -c 'import sys, urllib.parse as u
print(u.urlencode({"query": sys.argv[1], "entity": "Alexander Kozlov"}))' "$query")"

browse() {
    timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic \
        --no-first-run --disable-background-networking --disable-component-update \
        --disable-sync --user-data-dir="$(mktemp -d -p "$work")" \
        --virtual-time-budget=20000 --window-size=1200,900 "$@" "$page" \
        2>> "$work/chromium.log"
}

browse --dump-dom > "$work/dom.html" || { tail "$work/chromium.log"; fail "chromium --dump-dom"; }
# The fixture's meeting heads the table, its label as text.
grep -q '<td>Test meeting &lt;one&gt; &amp; "two"</td>' "$work/dom.html" \
    || { grep -o "<td>[^<]*</td>" "$work/dom.html" | head; grep -o "id=.status.[^<]*" "$work/dom.html"; fail "results table lacks the escaped label"; }
grep -q '<td>Zed Alpha</td>' "$work/dom.html" || fail "results table lacks a participant"
grep -q '<one>' "$work/dom.html" && fail "a label became markup"
grep -q '<th>event</th>' "$work/dom.html" || fail "no table header"
grep -q 'id="status"[^>]*>[0-9]* rows' "$work/dom.html" || fail "no row count in the status line"
grep -o '<img id="diagram"[^>]*>' "$work/dom.html" | grep -q 'src="diagram?entity=Alexander%20Kozlov' \
    || fail "the diagram does not show the entity"
grep -o '<img id="diagram"[^>]*>' "$work/dom.html" | grep -q hidden && fail "the diagram did not load"

out=$(out_dir)
browse --screenshot="$work/page.png" > /dev/null || fail "chromium --screenshot"
[ "$(stat -c %s "$work/page.png")" -gt 20000 ] || fail "the screenshot is suspiciously small"
cp "$work/page.png" "$out/page.png"
echo "screenshot: $out/page.png"
grep -q '"GET /diagram" 200' "$work/server.log" || fail "the browser fetched no diagram"
grep -q '"POST /sparql" 200' "$work/server.log" || fail "the browser ran no query"
stop_server
