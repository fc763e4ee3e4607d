#!/usr/bin/env python3
# gen.py -- a deterministic synthetic news knowledge graph as N-Quads,
# shaped like `kg extract -f nq` output: one named graph per article (the
# article IRI) holding the article's metadata, a few NIF phrases, the
# people, states, organisations and places it mentions (type, label,
# altLabel, sameAs, provenance) and its events (two types, label, date,
# place, 2-4 participants with a role, status, provenance).
#
# Usage: gen.py TRIPLES [SEED] > data.nq     (about TRIPLES quads)
# Same arguments, same bytes: random.Random(seed) is stable across Python 3
# versions for random() / randrange().
# SPDX-License-Identifier: MIT
import random
import sys

ID = "https://w3id.org/kg/id/"
KG = "https://w3id.org/kg/ns#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
ALT = "<http://www.w3.org/2004/02/skos/core#altLabel>"
SAME = "<http://www.w3.org/2002/07/owl#sameAs>"
DERIVED = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
SCHEMA = "http://schema.org/"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
XSD = "http://www.w3.org/2001/XMLSchema#"
ITS = "<http://www.w3.org/2005/11/its/rdf#taIdentRef>"

GIVEN = ["Kim", "Lee", "Park", "Choi", "Ivan", "Sergei", "Anna", "Maria",
         "Wang", "Li", "Zhang", "John", "Mary", "Ahmed", "Fatima", "Pierre",
         "Olga", "Dmitri", "Hans", "Yuki", "Kenji", "Elena", "Carlos",
         "Amir", "Nadia", "Tom", "Sara", "Igor", "Min", "Jae"]
FAMILY = ["Jong", "Son", "Hyun", "Petrov", "Ivanova", "Chen", "Smith",
          "Haddad", "Dubois", "Sokolov", "Muller", "Tanaka", "Garcia",
          "Rahimi", "Kowalski", "Novak", "Silva", "Ri", "Yun", "Kozlov",
          "Lavrov", "Matsegora", "Moreau", "Rossi", "Weber", "Sato"]
EVENT_TYPES = ["Meeting", "Visit", "Agreement", "Reception", "Pledge",
               "Statement", "Talks", "Ceremony", "Exercise", "Summit"]
ROLES = ["host", "guest", "attendee", "agent", "speaker", "addressee"]


def iri(s):
    return "<" + s + ">"


def lit(s, dt=None):
    s = s.replace("\\", "\\\\").replace('"', '\\"')
    return '"%s"' % s + ("^^<%s%s>" % (XSD, dt) if dt else "")


def main():
    target = int(sys.argv[1]) if len(sys.argv) > 1 else 1000000
    rnd = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 42)
    articles = max(target // 100, 10)
    # Pools grow with the collection, popularity is skewed (a few people
    # are in most articles, as in real news).
    n_people = max(articles // 2, 20)
    n_states, n_orgs = 200, max(articles // 10, 20)
    n_places = max(articles // 5, 20)
    people = ["%s %s %s" % (GIVEN[i % len(GIVEN)],
                            FAMILY[(i // len(GIVEN)) % len(FAMILY)],
                            i // (len(GIVEN) * len(FAMILY)) or "")
              for i in range(n_people)]
    people = [p.strip() for p in people]
    out = sys.stdout
    written = 0
    a = 0
    while written < target:
        digest = "%016x" % rnd.getrandbits(64)
        art = ID + "article/" + digest
        g = " " + iri(art) + " .\n"
        y = 2015 + rnd.randrange(11)
        m = 1 + rnd.randrange(12)
        d = 1 + rnd.randrange(28)
        date = "%04d-%02d-%02d" % (y, m, d)
        lines = []

        def q(s, p, o):
            lines.append(s + " " + p + " " + o + g)

        A = iri(art)
        q(A, RDF_TYPE, iri(SCHEMA + "NewsArticle"))
        q(A, RDF_TYPE, iri(NIF + "Context"))
        q(A, iri(SCHEMA + "headline"), lit("Report %d on events of %s" %
                                           (a, date)))
        q(A, iri(SCHEMA + "datePublished"), lit(date, "date"))
        q(A, iri(KG + "sourceName"), lit("article-%07d.txt" % a))
        q(A, iri(KG + "sha256"), lit(digest * 4))
        # Mentioned entities: skewed choice of people, some others.
        ents = []
        for _ in range(2 + rnd.randrange(5)):
            i = int(n_people * (rnd.random() ** 3))
            ents.append(("person", "p%d" % i, people[i], "Person"))
        for _ in range(1 + rnd.randrange(2)):
            i = int(n_states * (rnd.random() ** 2))
            ents.append(("state", "s%d" % i, "State %d" % i, "Country"))
        for _ in range(rnd.randrange(3)):
            i = int(n_orgs * (rnd.random() ** 2))
            ents.append(("org", "o%d" % i, "Organisation %d" % i,
                         "Organization"))
        for _ in range(1 + rnd.randrange(2)):
            i = int(n_places * (rnd.random() ** 2))
            ents.append(("place", "l%d" % i, "Place %d" % i, "Place"))
        seen = set()
        uniq = []
        for e in ents:
            if e[1] not in seen:
                seen.add(e[1])
                uniq.append(e)
        pos = 0
        for kind, key, name, cls in uniq:
            E = iri(ID + kind + "/" + key)
            q(E, RDF_TYPE, iri(SCHEMA + cls))
            q(E, LABEL, lit(name))
            if kind == "person" and int(key[1:]) % 3 == 0:
                q(E, ALT, lit(name.split()[-1] if name[-1].isalpha()
                              else name.split()[1]))
            if int(key[1:]) % 7 == 0:
                q(E, SAME, iri("http://www.wikidata.org/entity/Q%d" %
                               (1000 + int(key[1:]) * 13)))
            q(E, DERIVED, A)
            # One NIF phrase per mention.
            P = iri("%s#char=%d,%d" % (art, pos, pos + len(name)))
            q(P, RDF_TYPE, iri(NIF + "Phrase"))
            q(P, iri(NIF + "anchorOf"), lit(name))
            q(P, iri(NIF + "beginIndex"), lit(str(pos), "integer"))
            q(P, iri(NIF + "endIndex"), lit(str(pos + len(name)), "integer"))
            q(P, iri(NIF + "referenceContext"), A)
            q(P, ITS, E)
            pos += len(name) + 40 + rnd.randrange(200)
        actors = [e for e in uniq if e[0] in ("person", "state", "org")]
        places = [e for e in uniq if e[0] == "place"]
        for k in range(2 + rnd.randrange(4)):
            et = EVENT_TYPES[int(len(EVENT_TYPES) * rnd.random() ** 2)]
            ed = "%04d-%02d-%02d" % (y - rnd.randrange(2),
                                     1 + rnd.randrange(12),
                                     1 + rnd.randrange(28))
            key = "%s-%s-%s-%d" % (ed, et.lower(), digest[:6], k)
            E = iri(ID + "event/" + key)
            q(E, RDF_TYPE, iri(SCHEMA + "Event"))
            q(E, RDF_TYPE, iri(KG + et))
            q(E, LABEL, lit(key))
            q(E, iri(SCHEMA + "startDate"), lit(ed, "date"))
            if places:
                q(E, iri(SCHEMA + "location"),
                  iri(ID + "place/" + places[k % len(places)][1]))
            n = min(len(actors), 2 + rnd.randrange(3))
            for j, (kind, ekey, _, _) in enumerate(rnd.sample(actors, n)):
                X = iri(ID + kind + "/" + ekey)
                q(E, iri(KG + "participant"), X)
                q(E, iri(KG + ROLES[(j + k) % len(ROLES)]), X)
            q(E, iri(KG + "status"), iri(KG + "happened"))
            q(E, DERIVED, A)
        out.write("".join(lines))
        written += len(lines)
        a += 1


if __name__ == "__main__":
    main()
