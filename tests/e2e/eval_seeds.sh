#!/usr/bin/env bash
# eval_seeds.sh -- extract the seed articles of ../shared and score them
# against the gold with ../shared/eval/score.py; fail below the bar of the
# extraction issues. Skips (77) when ../shared is not there.
#
# SPDX-License-Identifier: MIT
set -u

: "${KG_BIN:?KG_BIN is not set}"
: "${KG_SOURCE_DIR:?KG_SOURCE_DIR is not set}"
shared="$KG_SOURCE_DIR/../shared"
if [ ! -d "$shared/seeds" ] || [ ! -f "$shared/eval/score.py" ]; then
    echo "skip: $shared not found"
    exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! "$KG_BIN" extract --format json -o "$tmp" "$shared"/seeds/*.txt; then
    echo "FAIL: kg extract failed"
    exit 1
fi
if ! python3 "$shared/eval/score.py" "$shared/eval/seeds" "$tmp" --json \
        >"$tmp/score.json"; then
    echo "FAIL: score.py failed"
    exit 1
fi
python3 - "$tmp/score.json" "$shared/eval/seeds" "$tmp" <<'PY'
import json
import os
import sys

s = json.load(open(sys.argv[1]))
gold_dir, pred_dir = sys.argv[2], sys.argv[3]
micro, ident = s["micro"], s["cross_article"]
date = micro.get("date_accuracy") or {}
figures = [
    ("entity F1", micro["entities"]["f1"], 0.95),
    ("role F1", micro["roles"]["f1"], 0.85),
    ("entity identity F1", ident["entities"]["f1"], 0.95),
    ("event F1", micro["events"]["f1"], 0.85),
    ("event identity F1", ident["events"]["f1"], 0.9),
    ("date accuracy", date.get("accuracy"), 0.9),
]
ok = True
for name, value, bar in figures:
    shown = "n/a" if value is None else "%.3f" % value
    need = "" if bar is None else " (need >= %.2f)" % bar
    print("%-20s %s%s" % (name, shown, need))
    if bar is not None and (value is None or value < bar):
        ok = False


def words(text):
    return " ".join((text or "").split())


names = sorted(f[:-5] for f in os.listdir(gold_dir) if f.endswith(".json"))
for name in names:
    gold = json.load(open(os.path.join(gold_dir, name + ".json")))
    try:
        pred = json.load(open(os.path.join(pred_dir, name + ".json")))
    except (OSError, ValueError) as exc:
        print("%s: no usable prediction (%s)" % (name, exc))
        ok = False
        continue
    if pred.get("published") != gold.get("published"):
        print("%s: published %r, gold %r" % (name, pred.get("published"),
                                             gold.get("published")))
        ok = False
    if words(pred.get("headline")) != words(gold.get("headline")):
        print("%s: headline %r, gold %r" % (name, pred.get("headline"),
                                            gold.get("headline")))
        ok = False
print("headline and date   %s for %d articles" % ("right" if ok else "checked", len(names)))
print("PASS" if ok else "FAIL")
sys.exit(0 if ok else 1)
PY
