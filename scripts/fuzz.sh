#!/usr/bin/env bash
# fuzz.sh -- build the libFuzzer targets (clang, ASan+UBSan, tests/fuzz/)
# and run each one for a while, seeded from its corpus and the examples.
#
#   scripts/fuzz.sh                  # every target, 60 s each
#   scripts/fuzz.sh -t 3600 rdf      # one target for an hour
#   scripts/fuzz.sh -t 600 -j 2      # two libFuzzer jobs per target
#
# Targets: article rdf sparql http request update. The growing corpus is kept in
# $KG_FUZZ_WORK_DIR (default build-fuzz/fuzz-work/<target>), so a later run
# resumes from it. A crash, leak or timeout stops that target with exit 1
# and leaves the input as crash-<target>-*: add it to
# tests/fuzz/corpus/<target>/ with the fix, and the replay test
# fuzz.<target> keeps it fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
src=$PWD
secs=60 jobs=1
while getopts "t:j:h" opt; do
    case $opt in
    t) secs=$OPTARG ;;
    j) jobs=$OPTARG ;;
    *) sed -n '2,15p' "$0"; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(article rdf sparql http request update)
command -v clang >/dev/null || { echo "fuzz.sh: clang is not installed" >&2; exit 77; }

build=${KG_FUZZ_BUILD_DIR:-$src/build-fuzz}
work=${KG_FUZZ_WORK_DIR:-$build/fuzz-work}
cmake -S "$src" -B "$build" -DCMAKE_C_COMPILER=clang \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKG_SANITIZE=address,undefined \
      -DKG_BUILD_FUZZERS=ON -DKG_BUILD_TESTS=ON >/dev/null
cmake --build "$build" -j2 --target "${targets[@]/#/fuzz_}" >/dev/null

# Redland's known leaks are suppressed by function name (tests/lsan.supp);
# its Debian builds lack frame pointers, so only the slow unwinder sees
# those frames.
export ASAN_OPTIONS="detect_leaks=1:fast_unwind_on_malloc=0:suppressions=$src/tests/asan.supp"
export LSAN_OPTIONS="suppressions=$src/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

seeds_for() {
    case $1 in
    article) echo "$src/examples/articles $src/tests/fixtures/articles" ;;
    sparql) echo "$src/queries" ;;
    rdf)
        # Each fixture graph once per syntax byte that fits it.
        local d=$work/seeds-rdf f
        mkdir -p "$d"
        for f in "$src"/tests/fixtures/graphs/*.ttl; do
            { printf '\0'; cat "$f"; } >"$d/ttl-${f##*/}"; done
        for f in "$src"/tests/fixtures/graphs/*.trig; do
            { printf '\3'; cat "$f"; } >"$d/trig-${f##*/}"; done
        echo "$d" ;;
    esac
}

status=0
summary=()
for t in "${targets[@]}"; do
    corpus=$work/$t
    mkdir -p "$corpus"
    log=$work/$t.log
    par=()
    [ "$jobs" -gt 1 ] && par=(-jobs="$jobs" -workers="$jobs")
    # libFuzzer's jobs write fuzz-<n>.log into the working directory: run
    # in $work, never in the source tree.
    # shellcheck disable=SC2046
    if (cd "$work" && "$build/tests/fuzz/fuzz_$t" -max_total_time="$secs" \
           -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 \
           "${par[@]}" -artifact_prefix="$work/crash-$t-" \
           "$corpus" "$src/tests/fuzz/corpus/$t" $(seeds_for "$t")) \
           >"$log" 2>&1; then
        result=ok
    else
        result="FAILED (see $log and $work/crash-$t-*)"
        status=1
    fi
    # (Without -jobs there is no fuzz-<n>.log: cat fails, pipefail.)
    execs=$({ cat "$log"; cat "$work"/fuzz-*.log 2>/dev/null || true; } |
            awk '/stat::number_of_executed_units/ {n += $2} END {print n + 0}')
    rm -f "$work"/fuzz-*.log
    summary+=("$(printf '%-8s %4ss %10s execs  corpus %5s  %s' "$t" "$secs" \
                 "$execs" "$(ls "$corpus" | wc -l)" "$result")")
done
printf '%s\n' "${summary[@]}"
exit $status
