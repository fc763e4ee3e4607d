# gen.awk -- a synthetic kg graph of about N triples as N-Triples, shaped
# like extracted articles: people with labels and memberships, meetings
# with a date, a place and three participants.
# Usage: awk -v N=1000000 -f gen.awk > data.nt
# SPDX-License-Identifier: MIT
BEGIN {
    id = "<https://w3id.org/kg/id/"; ns = "<https://w3id.org/kg/ns#"
    type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    person = "<http://schema.org/Person>"; event = "<http://schema.org/Event>"
    date = "<http://schema.org/startDate>"; loc = "<http://schema.org/location>"
    member = "<http://www.w3.org/ns/org#memberOf>"
    people = int(N / 20); if (people < 10) people = 10
    n = 0
    for (i = 0; i < people; i++) {
        p = id "person/p" i ">"
        print p, type, person, "."
        print p, label, "\"Person " i "\"", "."
        print p, member, id "org/o" (i % 500) ">", "."
        n += 3
    }
    for (j = 0; n < N; j++) {
        m = id "event/m" j ">"
        print m, type, event, "."
        print m, type, ns "Meeting>", "."
        print m, label, "\"Meeting " j "\"", "."
        printf "%s %s \"%04d-%02d-%02d\"^^<http://www.w3.org/2001/XMLSchema#date> .\n", m, date, 2000 + j % 25, 1 + j % 12, 1 + j % 28
        print m, loc, id "place/l" (j % 300) ">", "."
        for (k = 0; k < 3; k++)
            print m, ns "participant>", id "person/p" ((j * 7 + k * 131) % people) ">", "."
        n += 8
    }
}
