# lib.sh -- shared by tests/e2e/serve_*.sh (sourced, not a test itself):
# a sandbox, a store loaded with the sample articles and the hand-written
# fixture people.ttl, and a `kg serve` on an ephemeral port of 127.0.0.1
# that is always stopped when the script exits.
#
# SPDX-License-Identifier: MIT
set -euo pipefail
: "${KG_BIN:?}" "${KG_SOURCE_DIR:?}"

here=$KG_SOURCE_DIR/tests/e2e/serve
work=$(mktemp -d)
server_pid=
cleanup() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# Under ASan: librdf's BDB cursor compares keys with memcmp past the end
# of the shorter one (see tests/unit/graph/asan.supp). strict_memcmp=0
# checks only the bytes memcmp really reads before a difference; it is
# also far faster than a suppression, which symbolises every report
# (kg load of the samples: 84 s with the suppression, 3 s without).
# fast_unwind_on_malloc=0 (the unit-test default) makes kg load of the
# samples take over ten minutes: these tests exercise the server, not
# allocation stacks, so they unwind fast and leaks are matched against
# tests/lsan-e2e.supp (ctest's LSAN_OPTIONS for every end-to-end test).
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}strict_memcmp=0:fast_unwind_on_malloc=1"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$KG_SOURCE_DIR/tests/lsan-e2e.supp:print_suppressions=0}"

fail() { echo "FAIL: $*" >&2; exit 1; }
need() {
    command -v "$1" >/dev/null 2>&1 || {
        echo "SKIP: $1 is not installed (Debian package $2; scripts/install-deps.sh installs it)" >&2
        exit 77
    }
}

# The output directory of this test (screenshots, executed notebooks).
out_dir() {
    local d=${KG_TEST_OUTPUT_DIR:-$PWD/e2e-output}/$(basename "$0" .sh)
    mkdir -p "$d"
    echo "$d"
}

load_store() {
    store=$work/store
    "$KG_BIN" load -q --store "$store" "$KG_SOURCE_DIR/examples/articles" "$here/people.ttl" \
        || fail "kg load"
}

# start_server [kg serve options]: sets $url (ends in /) and $server_pid.
start_server() {
    : > "$work/url"
    "$KG_BIN" serve --store "$store" --port 0 "$@" > "$work/url" 2> "$work/server.log" &
    server_pid=$!
    local i
    for i in $(seq 300); do
        [ -s "$work/url" ] && break
        kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; fail "kg serve exited"; }
        sleep 0.1
    done
    url=$(head -1 "$work/url")
    case $url in http://127.0.0.1:[0-9]*/) ;; *) fail "kg serve printed '$url'";; esac
}

# stop_server: SIGTERM, expect exit 0 and a clean stop.
stop_server() {
    local rc=0
    kill -TERM "$server_pid"
    wait "$server_pid" || rc=$?
    server_pid=
    [ "$rc" = 0 ] || { cat "$work/server.log" >&2; fail "kg serve exited $rc after SIGTERM"; }
    grep -q "kg serve: stopped" "$work/server.log" || fail "no clean stop in the log"
}
