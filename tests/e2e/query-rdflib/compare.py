#!/usr/bin/python3
# query_rdflib.py -- compare kg's SPARQL answers with rdflib's.
#
# usage: compare.py DATA.nt QUADS.json PREFIXES.rq KG_JSON_DIR QUERY.rq...
# For each QUERY.rq, KG_JSON_DIR/NAME.json holds kg's answer (SPARQL JSON
# results); rdflib evaluates the same query (after PREFIXES.rq) on
# DATA.nt, or, for a query using GRAPH, on the named graphs listed in
# QUADS.json (SPARQL JSON rows ?s ?p ?o ?g). Rows are compared as
# multisets (blank nodes by kind only).
# Prints one line per query; exits 1 when any differs.
#
# SPDX-License-Identifier: MIT
import json
import os
import sys
from collections import Counter

import rdflib


def kg_term(b):
    if b is None:
        return None
    t = b["type"]
    if t == "uri":
        return ("uri", b["value"])
    if t == "bnode":
        return ("bnode",)
    dt = b.get("datatype")
    if dt == "http://www.w3.org/2001/XMLSchema#string":
        dt = None
    return ("literal", b["value"], b.get("xml:lang"), dt)


def rdflib_term(v):
    if v is None:
        return None
    if isinstance(v, rdflib.URIRef):
        return ("uri", str(v))
    if isinstance(v, rdflib.BNode):
        return ("bnode",)
    dt = str(v.datatype) if v.datatype else None
    if dt == "http://www.w3.org/2001/XMLSchema#string":
        dt = None
    return ("literal", str(v), v.language, dt)


def to_rdflib(b):
    if b["type"] == "uri":
        return rdflib.URIRef(b["value"])
    if b["type"] == "bnode":
        return rdflib.BNode(b["value"])
    return rdflib.Literal(b["value"], lang=b.get("xml:lang"),
                          datatype=b.get("datatype"))


def main():
    data, quads, prefixes, kgdir = sys.argv[1:5]
    g = rdflib.Graph()
    g.parse(data, format="nt")
    ds = rdflib.Dataset()
    for b in json.load(open(quads))["results"]["bindings"]:
        t = [to_rdflib(b[v]) for v in ("s", "p", "o", "g")]
        ds.graph(t[3]).add(tuple(t[:3]))
    pre = open(prefixes).read()
    bad = 0
    for qf in sys.argv[5:]:
        name = os.path.splitext(os.path.basename(qf))[0]
        text = open(qf).read()
        res = (ds if "GRAPH" in text else g).query(pre + text)
        kg = json.load(open(os.path.join(kgdir, name + ".json")))
        if res.type == "ASK":
            same = kg.get("boolean") == res.askAnswer
            print("%s: %s ask kg=%s rdflib=%s" % (
                "ok" if same else "DIFF", name, kg.get("boolean"),
                res.askAnswer))
            bad += not same
            continue
        names = kg["head"]["vars"]
        want = Counter(tuple(rdflib_term(row[v]) for v in names)
                       for row in res)
        got = Counter(tuple(kg_term(b.get(v)) for v in names)
                      for b in kg["results"]["bindings"])
        same = want == got
        print("%s: %s rows kg=%d rdflib=%d" % (
            "ok" if same else "DIFF", name, sum(got.values()),
            sum(want.values())))
        if not same:
            bad += 1
            for row, n in (got - want).items():
                print("  only kg (%d): %s" % (n, row))
            for row, n in (want - got).items():
                print("  only rdflib (%d): %s" % (n, row))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
