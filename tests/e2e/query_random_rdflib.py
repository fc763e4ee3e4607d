#!/usr/bin/python3
"""query_random_rdflib.py -- random queries through kg and rdflib.

usage: query_random_rdflib.py KG_BIN WORKDIR N SEED

Writes a small data file and generates N queries (fixed SEED) of two
families, each run through `kg query --data` and through rdflib:
 - joins: basic graph patterns with fully ground triple patterns, some
   present and some absent, under UNION, OPTIONAL and nested groups (a
   failing ground pattern once left stale bindings behind, tsource.c);
 - aggregates: COUNT/SUM/AVG/MIN/MAX/SAMPLE, two of one function in one
   SELECT, over OPTIONAL and BIND, with and without GROUP BY (aggfix.c,
   bindfix.c).
Rows are compared as multisets. Two differences are rdflib's, not kg's,
and are not counted: decimals compared to 15 significant digits (rasqal
writes 17), and a row whose every value is unbound (rdflib drops it).
A query kg refuses (exit 1 with a message) is counted, not compared.
Exits 1 when any query differs.
"""
import csv, io, os, random, subprocess, sys
import rdflib

KG, WORK, N, SEED = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
DATA = """@prefix : <http://e/> .
:a :p :b ; :q 1 ; :t "x" . :b :q 2 ; :t "y" . :c :p :d ; :t "x" .
:d :r 3 . :e :p :a ; :q 5 . :c :q 4 .
"""
GROUND = [':a :p :b', ':a :q 1', ':d :r 3', ':a :p :d', ':c :q 9', ':e :t "z"']
PATS = ['?x :p ?y', '?x :q ?v', '?x :r ?y', '?y :q ?w', '?x :t ?t']


def bgp(r):
    return ' . '.join(r.choice(GROUND + PATS + PATS) for _ in range(r.randint(1, 2)))


def group(r, depth=0):
    k = r.random()
    if depth < 2 and k < 0.3:
        return '{ %s } UNION { %s }' % (group(r, depth + 1), group(r, depth + 1))
    if depth < 2 and k < 0.55:
        return '%s OPTIONAL { %s }' % (bgp(r), group(r, depth + 1))
    if depth < 2 and k < 0.7:
        return '{ %s } %s' % (group(r, depth + 1), bgp(r))
    return bgp(r)


def join_query(r):
    return 'SELECT ?x ?y ?v ?w ?t WHERE { %s }' % group(r)


AGGS = ['COUNT(*)', 'COUNT(?v)', 'COUNT(?w)', 'SUM(?v)', 'SUM(?w)', 'MIN(?v)',
        'MAX(?w)', 'AVG(?v)', 'COUNT(?y)']


def aggregate_query(r):
    key = r.choice(['?x', '?t', ''])
    where = ' . '.join(r.sample(['?x :t ?t', '?x :q ?v', '?x :p ?y'], r.randint(1, 2)))
    if r.random() < 0.5:
        where += ' OPTIONAL { %s }' % r.choice(['?x :q ?v', '?x :p ?y', '?y :q ?w'])
    if r.random() < 0.3:
        where += ' BIND(?v * 2 AS ?b)'
    # rasqal refuses an aggregate of a variable the pattern never has
    usable = [a for a in AGGS if '?' not in a or a[a.index('?'):-1] in where]
    key = key if key in where else ''
    aggs = r.sample(usable, min(len(usable), r.randint(1, 3)))
    sel = ' '.join('(%s AS ?a%d)' % (a, i) for i, a in enumerate(aggs))
    return 'SELECT %s%s WHERE { %s }%s' % (key + ' ' if key else '', sel, where,
                                         ' GROUP BY ' + key if key else '')


def cell(s):
    try:
        return '%.15g' % float(s) if any(c in s for c in '.eE') else s
    except ValueError:
        return s


def rows(table):
    out = []
    for row in table:
        row = tuple(cell(c) for c in row)
        if any(row):
            out.append(row)
    return sorted(out)


def main():
    path = os.path.join(WORK, 'random.ttl')
    with open(path, 'w') as f:
        f.write(DATA)
    g = rdflib.Graph()
    g.parse(path)
    r = random.Random(SEED)
    differ = refused = 0
    for i in range(N):
        q = 'PREFIX : <http://e/> ' + (join_query(r) if i % 2 else aggregate_query(r))
        expected = rows([str(v) if v is not None else '' for v in row]
                        for row in g.query(q))
        run = subprocess.run([KG, 'query', '--data', path, '-F', 'csv', q],
                             capture_output=True, text=True)
        if run.returncode != 0:
            if 'Sanitizer' in run.stderr or 'runtime error' in run.stderr:
                print('SANITIZER', q, run.stderr[:2000])
                differ += 1
            refused += 1
            continue
        got = rows(list(csv.reader(io.StringIO(run.stdout)))[1:])
        if got != expected:
            differ += 1
            print('DIFF', q, '\n  rdflib', expected, '\n  kg    ', got)
    print('queries=%d differ=%d refused=%d' % (N, differ, refused))
    return 1 if differ else 0


if __name__ == '__main__':
    sys.exit(main())
