#!/usr/bin/env bash
# hostile_iris.sh -- IRIs minted from article text are valid IRIs whatever
# the text: articles whose names, titles, places and file names carry IRI
# delimiters, quotes, controls, percent signs, bidi and zero-width marks,
# combining characters, emoji and very long words are extracted, and
# every output syntax must parse back with raptor's rapper; every IRI in
# the N-Triples must match RFC 3987's IRI characters (no space, controls,
# <>"{}|\^` or bidi controls), and loading the N-Quads must work.
set -euo pipefail
# Byte escapes below, not \u: bash writes \u escapes as UTF-8 only in a
# UTF-8 locale, and ctest may run without one.
: "${KG_BIN:?}"
command -v rapper >/dev/null || { echo "rapper is not installed: skipped"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
mkdir arts
long=$(printf 'Kim%.0s' $(seq 1 400))
i=0
for name in 'Kim <Jong> Un' 'Choe "Son" Hui' 'Pak {Jong} Chon|x^y`z' \
            'Ri\Son\Gwon' 'Sergei 100% Shoigu#frag?q=1' 'Lee   Tab	Kim' \
            $'Kim\xe2\x80\xaeRTL\xe2\x80\xac Jong' $'Zero\xe2\x80\x8bWidth Kim' \
            $'Cafe\xcc\x81 Kim' $'Kim \xf0\x9f\x98\x80 Jong' "$long" \
            'Ministry of <Foreign> "Affairs" of Russia' \
            'Pyongyang/../../etc/passwd' '_:blank Kim' 'mailto:kim@x' \
            $'Kim\x01\x7fCtrl Un'; do
    i=$((i + 1))
    f="arts/$(printf %02d "$i") <a> \"b\" {c} %41.txt"
    cat >"$f" <<ART
Headline: $name meets Vladimir Putin in $name City
Published: 2025-10-16

PYONGYANG, Oct. 16 -- Comrade $name met Russian President Vladimir Putin
in $name City on Thursday. Foreign Minister $name said the talks with
Sergei Lavrov at the $name Ministry were "frank". Minister $name attended
a reception at the Embassy of $name in Pyongyang on Oct. 15.

Related: $name visits $name
ART
done
"$KG_BIN" extract --format nt -o out.nt arts
"$KG_BIN" extract --format nq -o out.nq arts
"$KG_BIN" extract --format ttl -o out.ttl arts
"$KG_BIN" extract --format trig -o out.trig arts
"$KG_BIN" extract --format rdfxml -o out.rdf arts
[ "$(grep -c . out.nt)" -gt 100 ] || { echo "FAIL: too little extracted"; exit 1; }
for f in nt:ntriples nq:nquads ttl:turtle trig:trig rdf:rdfxml; do
    ext=${f%%:*} syn=${f#*:}
    rapper -q -i "$syn" -o ntriples "out.$ext" http://example.org/ \
        >"parsed.$ext" 2>"rapper.$ext" ||
        { echo "FAIL: rapper rejects the $syn output:"; head -n 5 "rapper.$ext"; exit 1; }
    [ ! -s "rapper.$ext" ] ||
        { echo "FAIL: rapper warns on $syn:"; head -n 5 "rapper.$ext"; exit 1; }
done
# The N-Triples parse back to exactly the triples written.
n_out=$(LC_ALL=C sort -u out.nt | grep -c .)
n_back=$(LC_ALL=C sort -u parsed.nt | grep -c .)
[ "$n_out" = "$n_back" ] || { echo "FAIL: wrote $n_out triples, read $n_back"; exit 1; }
# Every IRI: absolute, and only characters RFC 3987 allows unescaped.
# (Literals go first: N-Triples escapes their quotes and backslashes, so
# a literal is "..." with no bare quote inside.)
sed -E 's/"([^"\\]|\\.)*"//g' out.nq | grep -oP '<[^>]*>' |
    LC_ALL=C sort -u >iris.txt
bad=$(sed 's/^<//; s/>$//' iris.txt |
      LC_ALL=C.UTF-8 grep -P '^(?![a-z][a-z0-9+.-]*:)|[\x00-\x20"{}|\\^`<>]|\x{200B}|\x{200C}|\x{200D}|\x{200E}|\x{200F}|[\x{202A}-\x{202E}]|[\x{2066}-\x{2069}]' || true)
[ -z "$bad" ] || { echo "FAIL: invalid IRIs:"; echo "$bad" | head -n 5; exit 1; }
echo "$(grep -c . iris.txt) distinct IRIs, all valid; every syntax parses"
# And the store takes them. (Parsing N-Quads, raptor leaks datatype URIs:
# tests/lsan.supp names the frames, which only full stacks show.)
ASAN_OPTIONS=${KG_ASAN_FULL_STACKS:-${ASAN_OPTIONS:-}} \
    "$KG_BIN" load -q --store st out.nq
"$KG_BIN" load -q --store st2 arts
