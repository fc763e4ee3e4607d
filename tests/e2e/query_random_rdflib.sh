#!/usr/bin/env bash
# query_random_rdflib.sh -- 300 random queries (two fixed seeds) through
# kg and Debian's python3-rdflib on the same small data: joins around
# ground patterns, UNION and OPTIONAL, and aggregates over OPTIONAL and
# BIND (see query_random_rdflib.py). The build before this test's fixes
# differed on 27 of 300. Skips (77) without rdflib.
#
# SPDX-License-Identifier: MIT
set -euo pipefail
: "${KG_BIN:?}" "${KG_SOURCE_DIR:?}"
if ! /usr/bin/python3 -c 'import rdflib' 2>/dev/null; then
    echo "skip: /usr/bin/python3 has no rdflib (Debian python3-rdflib)"
    exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
rc=0
for seed in 11 12; do
    /usr/bin/python3 "$KG_SOURCE_DIR/tests/e2e/query_random_rdflib.py" \
        "$KG_BIN" "$work" 150 "$seed" || rc=1
done
exit $rc
