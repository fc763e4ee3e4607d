#!/usr/bin/env bash
# faults.sh -- the store survives what happens to real stores: kg load
# killed with SIGKILL mid-way, a full disk, a read-only store, two loads
# at once, queries while a load runs. After each fault the store either
# answers exactly as a clean load of the same articles does (every quad of
# every graph and every triple of the union, duplicates included: the
# dumps are compared unsorted by uniqueness) or refuses with a one-line
# error and exit 1; kg never crashes (exit > 3 or a sanitizer report).
#
# The full-disk and read-only cases use a private mount namespace
# (unshare -m: a small tmpfs, a read-only bind mount) that vanishes with
# the process; without one they fall back to a file-size limit
# (ulimit -f) and to KG_OPEN_READONLY paths only.
set -euo pipefail
: "${KG_BIN:?}" "${KG_SOURCE_DIR:?}"
work=$(mktemp -d); [ -n "${KG_FAULTS_KEEP:-}" ] && echo "work: $work"
bg=()
cleanup() {
    local p
    for p in "${bg[@]}"; do kill -9 "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    [ -n "${KG_FAULTS_KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$work"
faults=0

# 45 distinct articles: the samples five times, each copy with its own
# closing line (so its own digest and graph); copies share most facts, so
# the union's reference counting is exercised too.
mkdir arts arts2
n=0
for round in 1 2 3 4 5; do
    for f in "$KG_SOURCE_DIR"/examples/articles/*.txt; do
        n=$((n + 1))
        { cat "$f"; printf '\nThis is copy %d of the report.\n' "$n"; } \
            >"arts/$(printf %02d "$n")-${f##*/}"
    done
done
for f in arts/0[1-9]-*; do cp "$f" arts2/; done   # a subset, for merging

# kg must never crash: exit 0..3 only, no sanitizer report.
run_kg() {
    local rc=0
    "$KG_BIN" "$@" 2>>stderr.log || rc=$?
    [ "$rc" -le 3 ] || fail "kg $* exited $rc: $(tail -n 5 stderr.log)"
    ! grep -q 'Sanitizer' stderr.log || fail "sanitizer report: kg $*"
    return "$rc"
}
dump() {  # every quad and every union triple of store $1, sorted
    run_kg query --store "$1" --format tsv \
        'SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }' |
        LC_ALL=C sort >"$2.quads"
    run_kg query --store "$1" --format tsv \
        'SELECT ?s ?p ?o WHERE { ?s ?p ?o }' | LC_ALL=C sort >"$2.union"
}
same_as() {  # store $1 holds exactly what reference dump $2 holds
    dump "$1" cmp
    cmp -s cmp.quads "$2.quads" ||
        { diff cmp.quads "$2.quads" | head -n 5; fail "$3: quads differ"; }
    cmp -s cmp.union "$2.union" ||
        { diff cmp.union "$2.union" | head -n 5; fail "$3: union differs"; }
}
complete_graphs() {  # graphs with their completion marker, and all graphs
    run_kg query --store "$1" --format tsv \
        'SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g kg:loadComplete ?t } }' |
        LC_ALL=C sort >complete.txt
    run_kg query --store "$1" --format tsv \
        'SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }' |
        LC_ALL=C sort >all.txt
}

# ---- reference: clean loads ---------------------------------------------
run_kg load -q --store ref arts
dump ref ref
[ "$(grep -c . ref.quads)" -gt 10000 ] || fail "reference store too small"
[ "$(sort -u ref.quads | grep -c .)" = "$(grep -c . ref.quads)" ] ||
    fail "the clean load holds duplicate quads"
run_kg load -q --store ref2 arts2
dump ref2 ref2

# ---- kill -9 during kg load, then load again ------------------------------
# A kg load is one journaled session (graph/journal.c): killed, it leaves
# the last committed store, which readers see at once and the next
# writer restores. The first session here commits the subset.
run_kg load -q --store killed arts2
for delay in 0.3 0.8 1.3 1.8 2.4 3; do
    "$KG_BIN" load -q --store killed arts 2>>stderr.log &
    pid=$!; bg+=("$pid")
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    faults=$((faults + 1))
    # Before its end the session is lost whole; a load that got to commit
    # before the signal is whole too.
    dump killed cmp
    if cmp -s cmp.quads ref2.quads && cmp -s cmp.union ref2.union; then
        echo "kill -9 after ${delay}s: readers see the last committed store"
    else
        same_as killed ref "a reader after kill -9 at ${delay}s"
        echo "kill -9 after ${delay}s: the load had committed"
        break
    fi
done
run_kg load -q --store killed arts || fail "reload after kill -9"
same_as killed ref "kill -9 then reload"
complete_graphs killed
cmp -s complete.txt all.txt || fail "a graph without its marker survived"
[ ! -e killed/kg-journal ] || fail "the journal outlived a finished load"

# The first load of a new store killed: no store, then a clean one.
"$KG_BIN" load -q --store fresh arts 2>>stderr.log & pid=$!; bg+=("$pid")
sleep 1; kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
faults=$((faults + 1))
rc=0; "$KG_BIN" stats --store fresh >/dev/null 2>fresh.err || rc=$?
[ "$rc" = 1 ] && grep -q "no store at 'fresh'" fresh.err ||
    fail "a killed first load: rc $rc: $(cat fresh.err)"
run_kg load -q --store fresh arts
same_as fresh ref "a killed first load, then a load"

# ---- two kg load at once: one waits or is refused, nothing is lost ----------
run_kg load -q --store twice arts2
rc1=0 rc2=0
"$KG_BIN" load -q --store twice arts 2>a.err & p1=$!; bg+=("$p1")
"$KG_BIN" load -q --store twice arts 2>b.err & p2=$!; bg+=("$p2")
wait "$p1" || rc1=$?
wait "$p2" || rc2=$?
faults=$((faults + 1))
for r in "$rc1:a.err" "$rc2:b.err"; do
    rc=${r%%:*} f=${r#*:}
    [ "$rc" = 0 ] && continue
    [ "$rc" = 1 ] || fail "concurrent load exited $rc: $(cat "$f")"
    grep -q "store 'twice' is in use by another kg process" "$f" ||
        fail "concurrent load: unclear error: $(cat "$f")"
done
[ "$rc1" = 0 ] || [ "$rc2" = 0 ] || fail "both concurrent loads refused"
echo "two loads at once: exit codes $rc1 and $rc2"
run_kg load -q --store twice arts
same_as twice ref "two loads at once"

# ---- kg query while kg load runs ------------------------------------------
run_kg load -q --store busy arts2
"$KG_BIN" load -q --store busy arts 2>load.err & pid=$!; bg+=("$pid")
answered=0 locked=0
while kill -0 "$pid" 2>/dev/null; do
    rc=0
    "$KG_BIN" query --store busy --format tsv \
        'SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }' \
        >during.tsv 2>during.err || rc=$?
    faults=$((faults + 1))
    if [ "$rc" = 0 ]; then
        # Whatever a reader sees is a set of whole articles: the quads
        # of every graph it sees are those of a clean load.
        answered=$((answered + 1))
        LC_ALL=C sort during.tsv | grep -v '^?g' >during.sorted
        cut -f1 during.sorted | sort -u >seen.txt
        awk -F '\t' 'NR == FNR { seen[$1]; next } $1 in seen' \
            seen.txt ref.quads | LC_ALL=C sort >expect.sorted
        cmp -s during.sorted expect.sorted ||
            fail "a query during kg load saw a partial article"
    else
        [ "$rc" = 1 ] || fail "query during load exited $rc"
        grep -q "store 'busy' is locked by another kg load" during.err ||
            fail "query during load: unclear error: $(cat during.err)"
        locked=$((locked + 1))
    fi
done
wait "$pid" || fail "the load the queries ran beside failed: $(cat load.err)"
echo "queries during a load: $answered answered, $locked refused (locked)"
same_as busy ref "queries during a load"

# ---- a full disk -----------------------------------------------------------
# The load fails with one line and exit 1; the store is the last
# committed one (rolled back, or its journal read); with room again the
# next load completes it.
cp -a ref2 fsize
# A file-size limit: writes past it fail with EFBIG (SIGXFSZ ignored).
limit=$(( $(du -k ref2 | cut -f1) / 4 ))
rc=0
bash -c 'trap "" XFSZ; ulimit -f "$0"; exec "$@"' "$limit" \
    "$KG_BIN" load -q --store fsize arts 2>full.err || rc=$?
faults=$((faults + 1))
[ "$rc" = 1 ] || fail "load past a file-size limit exited $rc: $(cat full.err)"
grep -q '^kg: ' full.err || fail "no error past the file-size limit"
echo "file-size limit: $(head -n 1 full.err)"
same_as fsize ref2 "file-size limit"
run_kg load -q --store fsize arts || fail "reload after the size limit"
same_as fsize ref "file-size limit then reload"

if unshare -m true 2>/dev/null; then
    # A 24 MiB tmpfs holds the store of 9 articles and its journal, not
    # the store of 45 (37 MiB). The mount dies with the namespace.
    mkdir tiny
    unshare -m bash -c '
        set -u
        q="SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
        mount -t tmpfs -o size=24m kgtest "$1" || exit 77
        cp -a "$2/ref2" "$1/st"
        rc=0; "$3" load -q --store "$1/st" "$2/arts" 2>"$2/full.err" || rc=$?
        echo "$rc" >"$2/full.rc"
        "$3" query --store "$1/st" --format tsv "$q" 2>>"$2/full.err" |
            LC_ALL=C sort >"$2/tiny.quads"
        mount -o remount,size=200m "$1"
        rc=0; "$3" load -q --store "$1/st" "$2/arts" 2>>"$2/full.err" || rc=$?
        echo "$rc" >>"$2/full.rc"
        "$3" query --store "$1/st" --format tsv "$q" 2>>"$2/full.err" |
            LC_ALL=C sort >"$2/tiny2.quads"' _ "$work/tiny" "$work" "$KG_BIN" ||
        fail "tmpfs run failed: $(cat full.err 2>/dev/null)"
    faults=$((faults + 1))
    [ "$(head -n 1 full.rc)" = 1 ] ||
        fail "load on a full tmpfs: rc $(head -n 1 full.rc): $(cat full.err)"
    grep -q '^kg: ' full.err || fail "no error on a full tmpfs"
    echo "full tmpfs: $(head -n 1 full.err)"
    cmp -s tiny.quads ref2.quads || fail "full tmpfs: the store changed"
    [ "$(tail -n 1 full.rc)" = 0 ] || fail "reload with room: $(cat full.err)"
    cmp -s tiny2.quads ref.quads || fail "full tmpfs then reload differs"

    # ---- a read-only store (read-only bind mount: EROFS even for root) ----
    cp -a ref2 ro-store
    unshare -m bash -c '
        mount --bind -o ro "$1" "$1" || exit 77
        rc=0; "$2" load -q --store "$1" "$3" 2>"$4/ro.err" || rc=$?
        echo "$rc" >"$4/ro.rc"
        "$2" query --store "$1" --format tsv \
            "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }" \
            2>>"$4/ro.err" | LC_ALL=C sort >"$4/ro.quads"' \
        _ "$work/ro-store" "$KG_BIN" "$work/arts" "$work" ||
        fail "read-only run failed: $(cat ro.err)"
    faults=$((faults + 2))
    [ "$(cat ro.rc)" = 1 ] || fail "load into a read-only store: rc $(cat ro.rc)"
    grep -q "^kg: cannot lock store" ro.err ||
        fail "read-only store: unclear error: $(cat ro.err)"
    cmp -s ro.quads ref2.quads || fail "query on a read-only store differs"
    echo "read-only store: $(head -n 1 ro.err); queries answer"
    same_as ro-store ref2 "read-only store after the refused load"
else
    echo "no private mount namespace: tmpfs and read-only mount cases skipped"
fi

# KG_OPEN_READONLY never writes: a reader leaves every file as it was.
sum_before=$(cd ref2 && cat -- *.db | cksum)
run_kg query --store ref2 'ASK { ?s ?p ?o }' >/dev/null
run_kg stats --store ref2 >/dev/null
[ "$(cd ref2 && cat -- *.db | cksum)" = "$sum_before" ] ||
    fail "a read-only open changed the store"
faults=$((faults + 1))

echo "faults tried: $faults"
