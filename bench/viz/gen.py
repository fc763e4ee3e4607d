#!/usr/bin/env python3
# gen.py -- a deterministic synthetic news knowledge graph as N-Quads, in
# kg's vocabulary: states, organisations, people holding posts, places
# and events with role links, dates and a source article (one named graph
# per article). The same arguments always give the same bytes.
#
# Usage: gen.py [ACTORS] > news.nq   (ACTORS people+organisations+states,
# default 2000; events = 1.5 x ACTORS)
# SPDX-License-Identifier: MIT
import random
import sys

ID = "https://w3id.org/kg/id/"
NS = "https://w3id.org/kg/ns#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
S = "http://schema.org/"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#wasDerivedFrom"
XSD = "http://www.w3.org/2001/XMLSchema#"

EVENT_TYPES = ["Meeting", "Summit", "Visit", "Reception", "Agreement",
               "Statement", "Forum", "Commemoration"]
ORG_TYPES = ["Ministry", "Embassy", "Party", "Agency", "Military", "Media"]
ROLES = ["host", "guest", "participant", "attendee", "speaker"]


def main():
    actors = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    rnd = random.Random(20240619)
    out = sys.stdout
    n_states = max(4, actors // 200)
    n_orgs = max(8, actors // 14)
    n_people = actors - n_states - n_orgs
    n_places = max(10, actors // 50)
    n_events = actors * 3 // 2
    per_article = 6

    def quad(s, p, o, g):
        out.write("<%s> <%s> %s <%s> .\n" % (s, p, o, g))

    def iri(x):
        return "<%s>" % x

    def lit(x, dt=None):
        return '"%s"' % x + ("^^<%s%s>" % (XSD, dt) if dt else "")

    states = [ID + "state/s%03d" % i for i in range(n_states)]
    orgs = [ID + "org/o%04d" % i for i in range(n_orgs)]
    people = [ID + "person/p%05d" % i for i in range(n_people)]
    places = [ID + "place/l%03d" % i for i in range(n_places)]
    org_state = [states[i % n_states] for i in range(n_orgs)]
    g0 = ID + "article/reference"
    for i, s in enumerate(states):
        quad(s, RDF, iri(NS + "State"), g0)
        quad(s, LABEL, lit("State %d" % i), g0)
    for i, o in enumerate(orgs):
        quad(o, RDF, iri(ORG + "Organization"), g0)
        quad(o, RDF, iri(NS + ORG_TYPES[i % len(ORG_TYPES)]), g0)
        quad(o, LABEL, lit("%s %d" % (ORG_TYPES[i % len(ORG_TYPES)], i)), g0)
    for i, p in enumerate(places):
        quad(p, RDF, iri(S + "Place"), g0)
        quad(p, LABEL, lit("City %d" % i), g0)
    for i, p in enumerate(people):
        quad(p, RDF, iri(S + "Person"), g0)
        quad(p, LABEL, lit("Person %d" % i), g0)
        o = rnd.randrange(n_orgs)
        post = ID + "post/q%05d" % i
        quad(post, RDF, iri(ORG + "Membership"), g0)
        quad(post, ORG + "member", iri(p), g0)
        quad(post, ORG + "organization", iri(orgs[o]), g0)
        quad(post, NS + "state", iri(org_state[o]), g0)
    # events: a skewed choice of participants, so some actors are hubs
    everyone = people + orgs + states
    for e in range(n_events):
        g = ID + "article/a%05d" % (e // per_article)
        ev = ID + "event/e%05d" % e
        kind = EVENT_TYPES[rnd.randrange(len(EVENT_TYPES))]
        quad(ev, RDF, iri(S + "Event"), g)
        quad(ev, RDF, iri(NS + kind), g)
        quad(ev, LABEL, lit("%s %d" % (kind.lower(), e)), g)
        y, m, d = 2023 + rnd.randrange(3), 1 + rnd.randrange(12), \
            1 + rnd.randrange(28)
        quad(ev, S + "startDate", lit("%04d-%02d-%02d" % (y, m, d), "date"),
             g)
        quad(ev, S + "location", iri(places[rnd.randrange(n_places)]), g)
        quad(ev, PROV, iri(g), g)
        k = 2 + rnd.randrange(3)
        chosen = set()
        while len(chosen) < k:
            i = int(len(everyone) * rnd.random() ** 2.5)
            chosen.add(everyone[min(i, len(everyone) - 1)])
        for j, who in enumerate(sorted(chosen)):
            quad(ev, NS + ROLES[j % len(ROLES)], iri(who), g)
            quad(ev, NS + "participant", iri(who), g)


if __name__ == "__main__":
    main()
