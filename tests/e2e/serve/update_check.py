"""update_check.py -- SPARQL Update against kg serve through SPARQLWrapper
(form and direct POST with the bearer token), then the same updates run by
rdflib on the same starting data: the named graphs they write must hold
the same quads in kg's store and in rdflib.

Usage: python3 update_check.py ENDPOINT_URL TOKEN PEOPLE_TTL PEOPLE_GRAPH
       python3 update_check.py --compare KG_QUADS_JSON PEOPLE_TTL PEOPLE_GRAPH
SPDX-License-Identifier: MIT
"""
import json
import sys

PREFIXES = """PREFIX ex: <http://example.org/serve-test/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <http://schema.org/>
"""
NOTES = "urn:kg:test:notes"
COPY = "urn:kg:test:copy"


def updates(people_graph):
    """The updates, in order; the last two go through SPARQLWrapper."""
    return [
        PREFIXES + "INSERT DATA { GRAPH <%s> { ex:alpha ex:note \"n1\"@en ;"
        " ex:rank 1 . ex:beta ex:rank 2 , 3 } }" % NOTES,
        PREFIXES + "DELETE { GRAPH <%s> { ?p ex:rank ?r } } INSERT { GRAPH "
        "<%s> { ?p ex:rank2 ?r } } WHERE { GRAPH <%s> { ?p ex:rank ?r "
        "FILTER(?r > 1) } }" % (NOTES, NOTES, NOTES),
        PREFIXES + "INSERT { GRAPH <%s> { ?p rdfs:label ?l } } WHERE { GRAPH "
        "<%s> { ?p a schema:Person ; rdfs:label ?l } }" % (COPY, people_graph),
        PREFIXES + "DELETE DATA { GRAPH <%s> { ex:beta ex:rank2 3 } } ; "
        "DELETE WHERE { GRAPH <%s> { ex:alpha ex:note ?n } }" % (NOTES, NOTES),
    ]


def run_endpoint(url, token, people_graph):
    from SPARQLWrapper import SPARQLWrapper, POST, POSTDIRECTLY
    from urllib.error import HTTPError

    for i, text in enumerate(updates(people_graph)):
        s = SPARQLWrapper(url)
        s.setMethod(POST)
        # form (update=) and application/sparql-update, in turn
        s.setRequestMethod(POSTDIRECTLY if i % 2 else "urlencoded")
        s.addCustomHttpHeader("Authorization", "Bearer " + token)
        s.setQuery(text)
        r = s.query()
        code = r.response.getcode()
        if code != 200:
            sys.exit("FAIL update %d: HTTP %d" % (i, code))
        print("ok update %d: %s" % (i, r.response.read().decode().strip()))
    # without the token: refused with 401
    s = SPARQLWrapper(url)
    s.setMethod(POST)
    s.setQuery(PREFIXES + "CLEAR ALL")
    try:
        s.query()
    except Exception as e:  # SPARQLWrapper raises on 401
        if "401" not in str(e) and "Unauthorized" not in str(e):
            sys.exit("FAIL: no token gave %r" % e)
        print("ok no token: refused")
    else:
        sys.exit("FAIL: an update without the token was accepted")


def rdflib_quads(people_ttl, people_graph):
    import rdflib

    ds = rdflib.Dataset()
    ds.graph(rdflib.URIRef(people_graph)).parse(people_ttl, format="turtle")
    for text in updates(people_graph):
        ds.update(text)
    out = set()
    for s, p, o, g in ds.quads((None, None, None, None)):
        if g is not None and str(g).startswith("urn:kg:test:"):
            out.add((str(g), s.n3(), p.n3(), o.n3()))
    return out


def kg_quads(path):
    import rdflib

    def term(b):
        if b["type"] == "uri":
            return rdflib.URIRef(b["value"]).n3()
        if b["type"] == "bnode":
            return "_:" + b["value"]
        return rdflib.Literal(b["value"], lang=b.get("xml:lang"),
                              datatype=b.get("datatype")).n3()

    d = json.load(open(path))
    out = set()
    for row in d["results"]["bindings"]:
        if row["p"]["value"] == "https://w3id.org/kg/ns#loadComplete":
            continue
        out.add((row["g"]["value"], term(row["s"]), term(row["p"]),
                 term(row["o"])))
    return out


if sys.argv[1] == "--compare":
    want = rdflib_quads(sys.argv[3], sys.argv[4])
    got = kg_quads(sys.argv[2])
    if got != want:
        sys.exit("FAIL: kg and rdflib differ\nonly kg: %s\nonly rdflib: %s"
                 % (sorted(got - want), sorted(want - got)))
    print("ok kg and rdflib agree on %d quads" % len(got))
else:
    run_endpoint(sys.argv[1], sys.argv[2], sys.argv[4])
