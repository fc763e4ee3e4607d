#!/usr/bin/env bash
# fuzz_short.sh -- a short libFuzzer run of every target in the suite:
# builds the fuzzers with clang (ASan+UBSan) in a temporary directory and
# runs scripts/fuzz.sh for KG_FUZZ_SECONDS (default 25) per target. Any
# crash, leak or timeout fails the test and the input is printed; add it
# to tests/fuzz/corpus/<target>/ with the fix. Skips (77) without clang.
set -euo pipefail
: "${KG_SOURCE_DIR:?}"
command -v clang >/dev/null || { echo "clang is not installed: skipped"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# scripts/fuzz.sh sets the sanitizer options it needs.
unset ASAN_OPTIONS LSAN_OPTIONS UBSAN_OPTIONS
rc=0
KG_FUZZ_BUILD_DIR=$work/build KG_FUZZ_WORK_DIR=$work/run \
    "$KG_SOURCE_DIR/scripts/fuzz.sh" -t "${KG_FUZZ_SECONDS:-25}" || rc=$?
if [ "$rc" != 0 ]; then
    for f in "$work"/run/crash-*; do
        [ -e "$f" ] || continue
        echo "== $f (base64):"; base64 "$f" | head -n 40
    done
    for f in "$work"/run/*.log; do
        grep -l -E 'ERROR|SUMMARY' "$f" >/dev/null 2>&1 || continue
        echo "== $f"; grep -A 30 -m 1 'ERROR' "$f"
    done
fi
exit "$rc"
