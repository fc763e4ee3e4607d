#!/usr/bin/env bash
# run.sh CASE_DIR -- run one CLI end-to-end case.
#
# A case is a directory holding:
#   cmd               bash commands; $KG is the kg binary, $FIXTURES the
#                     fixtures dir, $SRC the source tree; runs in a fresh
#                     temporary directory (the working directory)
#   stdin             (optional) fed to cmd's standard input
#   expected.rc       the exit status cmd must end with (default 0)
#   expected.out      (optional) stdout must equal this exactly
#   expected.out.grep (optional) each line: an extended regex stdout matches
#   expected.err.grep (optional) each line: an extended regex stderr matches
#   expected.err.lines (optional) the number of lines stderr must have
# Every case also fails when stderr shows a sanitizer report.
set -u
case_dir=$1
: "${KG_BIN:?KG_BIN must name the kg binary}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

export KG=$KG_BIN FIXTURES=${KG_FIXTURES_DIR:-} SRC=${KG_SOURCE_DIR:-}
stdin=/dev/null
[ -f "$case_dir/stdin" ] && stdin=$case_dir/stdin
(cd "$work" && bash -o pipefail "$case_dir/cmd") <"$stdin" \
    >"$work/.out" 2>"$work/.err"
rc=$?

fail=0
expected_rc=0
[ -f "$case_dir/expected.rc" ] && expected_rc=$(cat "$case_dir/expected.rc")
if [ "$rc" != "$expected_rc" ]; then
    echo "exit status $rc, expected $expected_rc"; fail=1
fi
if [ -f "$case_dir/expected.out" ] &&
   ! diff -u "$case_dir/expected.out" "$work/.out"; then
    echo "stdout differs from expected.out"; fail=1
fi
check_grep() { # file patterns-file what
    local pattern
    while IFS= read -r pattern || [ -n "$pattern" ]; do
        [ -z "$pattern" ] && continue
        if ! grep -Eq -- "$pattern" "$1"; then
            echo "$3 does not match: $pattern"; fail=1
        fi
    done <"$2"
}
[ -f "$case_dir/expected.out.grep" ] &&
    check_grep "$work/.out" "$case_dir/expected.out.grep" stdout
[ -f "$case_dir/expected.err.grep" ] &&
    check_grep "$work/.err" "$case_dir/expected.err.grep" stderr
if [ -f "$case_dir/expected.err.lines" ]; then
    n=$(wc -l <"$work/.err")
    if [ "$n" != "$(cat "$case_dir/expected.err.lines")" ]; then
        echo "stderr has $n lines, expected $(cat "$case_dir/expected.err.lines")"
        fail=1
    fi
fi
if grep -Eq 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$work/.err"; then
    echo "sanitizer report on stderr"; fail=1
fi
if [ "$fail" != 0 ]; then
    echo "--- stdout"; head -c 4000 "$work/.out"
    echo "--- stderr"; head -c 8000 "$work/.err"
    exit 1
fi
exit 0
