#!/usr/bin/python3
"""rasqal_vs_rdflib_gen.py -- random SPARQL queries through kg and rdflib.

usage: rasqal_vs_rdflib_gen.py KG_BIN[,KG_BIN...] STORE FACTS.nt N SEED

Generates N queries (fixed SEED): basic graph patterns of 1-3 triple
patterns in random order around ?e, with constants and variables, up to
two OPTIONAL blocks (sometimes nested, sometimes with a FILTER), UNION,
FILTER; runs each through every `kg query --store STORE` given and through
rdflib on FACTS.nt (the N-Triples of the same store: its union graph), and
prints each query whose multiset of rows differs, then the totals. A kg
run past 4 s counts as "refused" (timeout), not as a difference. Not run
by ctest (minutes); its finds go into rasqal_vs_rdflib.sh.
"""
import random, subprocess, sys, collections
import rdflib

KGS, STORE, NT, N, SEED = sys.argv[1].split(','), sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])

PFX = """PREFIX kg: <https://w3id.org/kg/ns#>
PREFIX schema: <http://schema.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX org: <http://www.w3.org/ns/org#>
"""
CLASSES = ['kg:Reception', 'kg:Meeting', 'kg:Visit', 'schema:Event', 'kg:Agreement',
           'schema:Person', 'kg:State', 'org:Organization', 'kg:Statement']
EPREDS = ['kg:host', 'kg:participant', 'schema:startDate', 'schema:location',
          'kg:guest', 'kg:agent', 'kg:status', 'rdfs:label', 'kg:speaker']
OPREDS = ['rdfs:label', 'org:member', 'schema:startDate', 'kg:status']


def tp(r, subj, objs):
    k = r.random()
    if k < 0.25:
        return '%s a %s' % (subj, r.choice(CLASSES))
    if k < 0.35:
        return '%s a %s' % (subj, r.choice(objs))
    if k < 0.45:
        return '%s %s %s' % (objs[0], r.choice(OPREDS), r.choice(objs[1:]))
    return '%s %s %s' % (subj, r.choice(EPREDS), r.choice(objs))


def bgp(r, n, subj='?e', objs=('?a', '?b', '?c')):
    pats = [tp(r, subj, list(objs)) for _ in range(n)]
    if not any(p.startswith(subj) for p in pats):
        pats[0] = '%s %s %s' % (subj, r.choice(EPREDS), objs[0])
    r.shuffle(pats)
    return ' . '.join(pats)


def filt(r):
    v = r.choice(['?a', '?b', '?c', '?d'])
    return r.choice(['FILTER(BOUND(%s))' % v, 'FILTER(!BOUND(%s))' % v,
                     'FILTER(isIRI(%s))' % v,
                     'FILTER(regex(str(%s), "a"))' % v])


def optional(r, depth, objs):
    inner = bgp(r, r.randint(1, 2), '?e', objs + ['?d'])
    if r.random() < 0.2:
        inner += ' ' + filt(r)
    if depth < 1 and r.random() < 0.1:
        inner += ' OPTIONAL { %s }' % optional(r, depth + 1, objs + ['?d'])
    return inner


def query(r):
    objs = ['?a', '?b']
    if r.random() < 0.15:
        where = '{ %s } UNION { %s }' % (bgp(r, r.randint(1, 2)),
                                         bgp(r, r.randint(1, 2)))
    else:
        where = bgp(r, r.randint(1, 3))
        if r.random() < 0.1:
            where = '{ %s }' % where
    for _ in range(r.choice([0, 1, 1, 1, 2, 2])):
        where += ' OPTIONAL { %s }' % optional(r, 0, objs)
    if r.random() < 0.25:
        where += ' ' + filt(r)
    return 'SELECT * WHERE { %s }' % where


def kg_rows(KG, q):
    try:
        p = subprocess.run([KG, 'query', '-s', STORE, '-F', 'tsv', q],
                           capture_output=True, text=True, timeout=4)
    except subprocess.TimeoutExpired:
        return None, 'timeout'
    if p.returncode != 0:
        return None, p.stderr.strip()
    lines = p.stdout.split('\n')
    head = [h[1:] for h in lines[0].split('\t')]
    rows = []
    for line in lines[1:]:
        if line == '':
            continue
        vals = line.split('\t')
        rows.append(tuple(sorted((h, v) for h, v in zip(head, vals) if v)))
    return collections.Counter(rows), None


def rdf_rows(g, q):
    res = g.query(PFX + q)
    rows = []
    for row in res:
        rows.append(tuple(sorted((str(v), row[v].n3()) for v in res.vars
                                 if row[v] is not None)))
    return collections.Counter(rows)


def main():
    g = rdflib.Graph()
    g.parse(NT, format='nt')
    r = random.Random(SEED)
    total = 0
    diff = [0] * len(KGS)
    refused = [0] * len(KGS)
    for i in range(N):
        q = query(r)
        b = rdf_rows(g, q)
        total += 1
        for k, KG in enumerate(KGS):
            a, err = kg_rows(KG, PFX + q)
            if a is None:
                refused[k] += 1
                print('REFUSED[%d] %s -- %s' % (k, q, err), flush=True)
            elif a != b:
                diff[k] += 1
                print('DIFF[%d] kg=%d rdflib=%d: %s' % (k, sum(a.values()),
                      sum(b.values()), q), flush=True)
    print('total=%d differ=%s refused=%s' % (total, diff, refused), flush=True)


main()
