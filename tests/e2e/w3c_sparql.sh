#!/usr/bin/env bash
# w3c_sparql.sh -- the W3C SPARQL 1.0/1.1 query test suites through
# `kg query`, with ../shared/tools/sparql_suite.py on ../shared/w3c-sparql
# (skipped, 77, when those or Debian's python3-rdflib are absent).
#
# Each evaluation test runs `kg query --store memory: --load-from
# --no-prefixes -F xml|nt --data FILE --named FILE -f QUERY` (the query's
# FROM / FROM NAMED files loaded when the test gives no data, plain SPARQL
# without kg's predeclared prefixes), each syntax test `kg query
# --parse-only`. The run is compared with plain rasqal's (roqet 0.9.33,
# 652 of 817: ../shared/tools/baselines/rasqal-0.9.33, reproduced here
# with the suite's default roqet templates). The test fails when
#  - kg passes fewer than KG_W3C_MIN_PASS tests (687: this branch's count
#    under the sanitizer build, 31 of them negative syntax tests rasqal
#    accepts and kg refuses, graph/validate.c),
#  - a test rasqal passes fails in kg, other than the known ones below,
#  - a run shows a sanitizer report.
# Known differences from roqet, each on purpose or a measured gap:
#  - agg-count-distinct, values5, values8: kg refuses COUNT(DISTINCT) and
#    VALUES with two rows, which rasqal gets wrong elsewhere (COUNT
#    DISTINCT over-counts on the samples; two-row VALUES joins the first
#    row only, and roqet crashes on it) and right on these tests' data;
#  - nested-opt-1, join-scope-1, subquery03/11/13: kg's triples source
#    uses a variable bound outside a group as a constant inside it, which
#    is SPARQL's answer except where an inner group must not see the outer
#    binding; kg refuses those shapes (graph/scope.c) rather than answer
#    them wrongly. It refuses graph-optional and subquery02 too (rasqal
#    fails both); kg's answer to one of them happened to be right.
#
# SPDX-License-Identifier: MIT
set -euo pipefail
: "${KG_BIN:?}" "${KG_SOURCE_DIR:?}"
shared=$KG_SOURCE_DIR/../shared
suite=$shared/w3c-sparql
tools=$shared/tools
py=/usr/bin/python3
if [ ! -f "$tools/sparql_suite.py" ] || [ ! -d "$suite/sparql11" ]; then
    echo "skip: $suite or $tools/sparql_suite.py is absent"
    exit 77
fi
if ! "$py" -c 'import rdflib' 2>/dev/null; then
    echo "skip: /usr/bin/python3 has no rdflib (Debian python3-rdflib)"
    exit 77
fi
min_pass=${KG_W3C_MIN_PASS:-687}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# ASK false exits 3: the suite reads the answer from the output instead.
cat >"$work/kgq" <<SH
#!/bin/sh
"$KG_BIN" query --store memory: --load-from --no-prefixes "\$@"
rc=\$?
[ \$rc = 3 ] && exit 0
exit \$rc
SH
chmod +x "$work/kgq"

start=$(date +%s)
"$py" "$tools/sparql_suite.py" --suite "$suite" --out "$work/out" \
    -j "$(nproc)" --timeout 60 --label kg \
    --cmd "$work/kgq -F {rformat} {data} {named} -f {query}" \
    --data-arg '--data {path}' --named-arg '--named {path}' \
    --select-format xml --graph-format nt \
    --syntax-cmd "$KG_BIN query --no-prefixes --parse-only -f {query}" \
    --baseline "$tools/baselines/rasqal-0.9.33/results.jsonl" \
    >"$work/log" 2>&1 || { cat "$work/log"; echo "FAIL: sparql_suite.py"; exit 1; }
echo "suite ran in $(($(date +%s) - start)) s"
grep -m1 -E "^\| \*\*total" "$work/out/summary.md"

"$py" - "$work/out/results.jsonl" \
    "$tools/baselines/rasqal-0.9.33/results.jsonl" "$min_pass" <<'PY'
import json, sys

results, baseline, min_pass = sys.argv[1], sys.argv[2], int(sys.argv[3])
known = {
    "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/aggregates/manifest#agg-count-distinct",
    "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/bindings/manifest#values5",
    "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/bindings/manifest#values8",
    "http://www.w3.org/2001/sw/DataAccess/tests/data-r2/algebra/manifest#nested-opt-1",
    "http://www.w3.org/2001/sw/DataAccess/tests/data-r2/algebra/manifest#join-scope-1",
    "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/subquery/manifest#subquery03",
    "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/subquery/manifest#subquery11",
    "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/subquery/manifest#subquery13",
}
base = {}
for line in open(baseline):
    r = json.loads(line)
    base[r["id"]] = r["status"]
ok, fail = 0, []
n = 0
for line in open(results):
    r = json.loads(line)
    n += 1
    reason = r.get("reason") or ""
    if "Sanitizer" in reason or "runtime error:" in reason:
        fail.append("sanitizer report: %s: %s" % (r["id"], reason[:300]))
    if r["status"] == "pass":
        ok += 1
    elif base.get(r["id"]) == "pass" and r["id"] not in known:
        fail.append("regression from rasqal: %s (%s: %s)"
                    % (r["id"], r["status"], reason[:200]))
rasqal = sum(1 for s in base.values() if s == "pass")
print("kg passes %d of %d W3C tests (plain rasqal: %d)" % (ok, n, rasqal))
if ok < min_pass:
    fail.append("%d passes, fewer than %d" % (ok, min_pass))
for f in fail:
    print("FAIL:", f)
sys.exit(1 if fail else 0)
PY
