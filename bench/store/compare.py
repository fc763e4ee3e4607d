#!/usr/bin/env python3
# compare.py -- do two SPARQL JSON results give the same answer?
#
# Usage: compare.py QUERY.rq KG.json OXIGRAPH.json
# Rows are compared as lists when the query has ORDER BY (the bench
# queries order on every projected column, so the order is total) and as
# multisets otherwise. Terms are compared as RDF terms: a simple literal
# equals the same xsd:string literal. Exit 0 when equal, 1 with the first
# differences on stdout.
# SPDX-License-Identifier: MIT
import collections
import json
import sys

XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string'


def term(b):
    kind = 'literal' if b['type'] == 'typed-literal' else b['type']
    dt = b.get('datatype')
    if kind == 'literal' and dt == XSD_STRING:
        dt = None
    return (kind, b['value'], dt, b.get('xml:lang'))


def rows(path):
    res = json.load(open(path))
    return [tuple(sorted((v, term(b)) for v, b in r.items()))
            for r in res['results']['bindings']]


def main():
    query, a, b = sys.argv[1:4]
    ordered = 'ORDER BY' in open(query).read().upper()
    ra, rb = rows(a), rows(b)
    same = ra == rb if ordered else \
        collections.Counter(ra) == collections.Counter(rb)
    if same:
        return 0
    print('%s: kg %d rows, oxigraph %d rows%s' %
          (query, len(ra), len(rb), ' (ordered)' if ordered else ''))
    ca, cb = collections.Counter(ra), collections.Counter(rb)
    for r in list((ca - cb).keys())[:3]:
        print('  only kg:', r)
    for r in list((cb - ca).keys())[:3]:
        print('  only oxigraph:', r)
    if ca == cb:
        print('  same rows, another order')
    return 1


if __name__ == '__main__':
    sys.exit(main())
