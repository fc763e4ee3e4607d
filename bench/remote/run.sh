#!/usr/bin/env bash
# run.sh -- kg on a Virtuoso server (the remote backend) against kg on the
# embedded BDB store, in the same run: load of the sample articles, load
# of a generated news KG (bench/viz/gen.py, one named graph per article
# plus a reference graph), and the five analyst queries in queries/
# (lookup by label; a person's events by date; who met whom, top 10;
# events per type per month; OPTIONAL + regex FILTER), each the median
# of 3 runs of the whole `kg query` process. Virtuoso runs privately on
# 127.0.0.1 and is stopped at exit.
#
#   bench/remote/run.sh [ACTORS]     # default 4200: about 100k quads
#
# KG_BIN (default build-rel/kg: build it with -DCMAKE_BUILD_TYPE=Release)
# and KG_BENCH_TIMEOUT (seconds per command, default 120) may be set.
#
# SPDX-License-Identifier: MIT
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
kg=${KG_BIN:-$src/build-rel/kg}
actors=${1:-4200}
limit=${KG_BENCH_TIMEOUT:-120}
[ -x "$kg" ] || { echo "no $kg: build a Release kg first" >&2; exit 1; }
command -v virtuoso-t >/dev/null || { echo "needs virtuoso-opensource-7-bin" >&2; exit 1; }

source "$src/tests/e2e/remote/virtuoso.sh"
work=$(mktemp -d)
cleanup() { stop_virtuoso; rm -rf "$work"; }
trap cleanup EXIT
start_virtuoso "$work/virtuoso" 100000
R="sparql+http://127.0.0.1:$httpport/sparql"

# secs CMD...: wall seconds of one run ("timeout" past the limit).
secs() {
    local t0 t1 rc=0
    t0=$(date +%s.%N)
    timeout "$limit" "$@" > "$work/out" 2> "$work/err" || rc=$?
    t1=$(date +%s.%N)
    if [ "$rc" = 124 ]; then echo timeout; return; fi
    [ "$rc" = 0 ] || { cat "$work/err" >&2; echo "error"; return; }
    echo "$t1 - $t0" | bc -l
}
median3() { printf '%s\n' "$@" | sort -g | sed -n 2p; }
ms() { case $1 in timeout|error) echo "$1" ;; *) printf '%.1f ms' "$(echo "$1 * 1000" | bc -l)" ;; esac; }

python3 "$src/bench/viz/gen.py" "$actors" > "$work/gen.nq"
quads=$(wc -l < "$work/gen.nq")
graphs=$(awk '{print $NF}' FS=' <' "$work/gen.nq" | sort -u | wc -l)
echo "kg $("$kg" --version 2>/dev/null | head -1), virtuoso-t $(virtuoso-t -? 2>&1 | sed -n 's/.*Version \([^ ]*\).*/\1/p' | head -1)"
echo "generated: $actors actors, $quads quads in $graphs graphs"
echo

printf '%-34s %14s %14s\n' "load" "embedded" "Virtuoso"
for what in samples generated; do
    if [ $what = samples ]; then in=$src/examples/articles; else in=$work/gen.nq; fi
    te=$(secs "$kg" load --store "$work/emb" "$in")
    tr=$(secs "$kg" load --store "$R" "$in")
    n=$("$kg" stats --store "$R" | awk '/^triples/ {print $2}')
    printf '%-34s %12.2f s %12.2f s   (%s quads in store)\n' "$what" "$te" "$tr" "$n"
done
echo

# measure STORE QUERY TAG: median of 3 runs (one when the first takes
# over 10 s or fails); the rows go to $work/TAG.out.
measure() {
    local a b c
    a=$(secs "$kg" query --store "$1" -F tsv -f "$2")
    cp "$work/out" "$work/$3.out"
    case $a in timeout|error) echo "$a"; return ;; esac
    if [ "$(echo "$a > 10" | bc)" = 1 ]; then echo "$a"; return; fi
    b=$(secs "$kg" query --store "$1" -F tsv -f "$2")
    c=$(secs "$kg" query --store "$1" -F tsv -f "$2")
    median3 "$a" "$b" "$c"
}
printf '%-34s %14s %14s  %s\n' "query (median of 3)" "embedded" "Virtuoso" "same rows"
for q in "$here"/queries/*.rq; do
    em=$(measure "$work/emb" "$q" emb)
    vm=$(measure "$R" "$q" rem)
    case $em in
        timeout|error) same=- ;;
        *) if diff <(sort "$work/emb.out") <(sort "$work/rem.out") > /dev/null
           then same=yes; else same=NO; fi ;;
    esac
    printf '%-34s %14s %14s  %s\n' "$(basename "$q" .rq)" "$(ms "$em")" "$(ms "$vm")" "$same"
done
