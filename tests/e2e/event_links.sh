#!/usr/bin/env bash
# event_links.sh -- the convenience links between actors (kg:metWith,
# kg:hosted, kg:visited, kg:pledgedTo, kg:praised) on the sample corpus:
# every link stated in the store rests on an event of the roles its rule
# names (the WHERE clause of queries/links.rq, the preset analysts run),
# and a known meeting is traceable from its kg:metWith link to the
# event and article. Each query is timed: a triple pattern left with all
# three terms bound walks the whole store per row, which is how a links
# query once ran for minutes under ASan.
set -euo pipefail
: "${KG_BIN:?}" "${KG_SOURCE_DIR:?}"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*"; exit 1; }
# run LIMIT_S CMD...: CMD must finish within LIMIT_S seconds
run() {
    local limit=$1 start end; shift
    start=$(date +%s)
    timeout "$((limit * 3))" "$@" || fail "$* failed or hung"
    end=$(date +%s)
    [ $((end - start)) -le "$limit" ] || fail "$* took $((end - start)) s"
}

"$KG_BIN" load -q --store st "$KG_SOURCE_DIR/examples/articles"

# every link, as IRIs
all='SELECT DISTINCT ?link ?x ?y WHERE {
  { ?x kg:metWith ?y BIND ("met with" AS ?link) }
  UNION { ?x kg:hosted ?y BIND ("hosted" AS ?link) }
  UNION { ?x kg:visited ?y BIND ("visited" AS ?link) }
  UNION { ?x kg:pledgedTo ?y BIND ("pledged to" AS ?link) }
  UNION { ?x kg:praised ?y BIND ("praised" AS ?link) }
}'
run 5 "$KG_BIN" query --store st --format tsv "$all" > all.tsv
# the links the preset finds an event for, as IRIs
sed 's/^SELECT DISTINCT ?link ?from ?to ?event ?source$/SELECT DISTINCT ?link ?x ?y/' \
    "$KG_SOURCE_DIR/queries/links.rq" > supported.rq
grep -q '^SELECT DISTINCT ?link ?x ?y$' supported.rq ||
    fail "queries/links.rq no longer selects ?link ?from ?to ?event ?source"
run 10 "$KG_BIN" query --store st --format tsv --file supported.rq \
    > supported.tsv
n_all=$(tail -n +2 all.tsv | sort -u | wc -l)
[ "$n_all" -ge 20 ] || fail "only $n_all links in the sample corpus"
for kind in "met with" hosted visited "pledged to" praised; do
    grep -q "^\"$kind\"" all.tsv || fail "no '$kind' link"
done
unsupported=$(comm -23 <(tail -n +2 all.tsv | sort -u) \
                       <(tail -n +2 supported.tsv | sort -u))
[ -z "$unsupported" ] || fail "links without a supporting event:
$unsupported"
echo "$n_all links, each with its event"

# Lavrov met Sin Hong-chol (article 03): the link leads to the meeting
run 10 "$KG_BIN" ask --store st --format tsv links > links.tsv
grep -P '^"met with"\t"Sergei Lavrov"\t"Sin Hong-chol"\t"[0-9-]*meeting[^"]*"\t"03_lavrov-sin-hong-chol-talks.txt"$' \
    links.tsv || fail "Lavrov-Sin Hong-chol link not traced to its meeting"
# and only happened events support links: the planned Lavrov visit to
# Pyongyang (article 03) gives no kg:visited link to Pyongyang
if grep -P '^"visited"\t"Sergei Lavrov"\t"Pyongyang"' links.tsv; then
    fail "a planned visit gave a link"
fi
echo PASS
