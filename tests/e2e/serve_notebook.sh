#!/usr/bin/env bash
# serve_notebook.sh -- examples/notebook.ipynb executed headless with
# jupyter nbconvert against kg serve over a store of the bundled sample
# articles: it must run without error, build its meeting timeline in a
# pandas DataFrame and display an SVG diagram from /diagram. The executed
# notebook is kept in the test's output directory.
source "$KG_SOURCE_DIR/tests/e2e/serve/lib.sh"
need jupyter-nbconvert jupyter-nbconvert
for m in pandas SPARQLWrapper ipykernel nbformat; do
    /usr/bin/python3 -c "import $m" 2>/dev/null || {
        echo "SKIP: python module $m missing (see scripts/install-deps.sh)" >&2; exit 77; }
done

store=$work/store
"$KG_BIN" load -q --store "$store" "$KG_SOURCE_DIR/examples/articles" || fail "kg load"
start_server
out=$(out_dir)
KG_ENDPOINT="${url}sparql" PYDEVD_DISABLE_FILE_VALIDATION=1 \
    jupyter-nbconvert --to notebook --execute --ExecutePreprocessor.timeout=300 \
    --output-dir "$out" --output notebook.executed.ipynb \
    "$KG_SOURCE_DIR/examples/notebook.ipynb" 2> "$work/nbconvert.log" \
    || { tail -30 "$work/nbconvert.log"; fail "the notebook failed"; }
echo "executed notebook: $out/notebook.executed.ipynb"
/usr/bin/python3 - "$out/notebook.executed.ipynb" <<'PY' || fail "notebook outputs"
import sys
import nbformat
nb = nbformat.read(sys.argv[1], as_version=4)
outs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
assert not [o for o in outs if o.output_type == "error"], "an error output"
tables = [o for o in outs if "text/html" in o.get("data", {})
          and "<table" in o["data"]["text/html"]]
assert len(tables) >= 2, "no DataFrame shown"
timeline = tables[-1]["data"]["text/html"]
assert "meeting-" in timeline and "participants" in timeline, timeline[:500]
svgs = [o["data"]["image/svg+xml"] for o in outs
        if "image/svg+xml" in o.get("data", {})]
assert svgs and "<svg" in svgs[0], "no SVG diagram displayed"
print("notebook: %d outputs, timeline table and SVG diagram present" % len(outs))
PY
grep -q '"GET /diagram" 200' "$work/server.log" || fail "the notebook fetched no diagram"
stop_server
