"""sparqlwrapper_check.py -- kg serve through SPARQLWrapper, the client
analysts use: JSON, XML, CSV and TSV results for SELECT, Turtle for
CONSTRUCT, and QueryBadFormed for a syntax error. Expected values come
from tests/e2e/serve/people.ttl, written by hand.

Usage: python3 sparqlwrapper_check.py ENDPOINT_URL
       python3 sparqlwrapper_check.py ENDPOINT_URL --cap 1
The second form checks the body's truncation mark against a server
started with --max-rows 1: present exactly when the cap cut the result.
SPDX-License-Identifier: MIT
"""
import csv
import io
import sys
import xml.dom.minidom

from SPARQLWrapper import SPARQLWrapper, JSON, XML, CSV, TSV, TURTLE, POST
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

ENDPOINT = sys.argv[1]
PEOPLE = """PREFIX ex: <http://example.org/serve-test/>
PREFIX kg: <https://w3id.org/kg/ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?who WHERE { ex:meeting1 kg:participant ?p . ?p rdfs:label ?who }
ORDER BY ?who"""
WANT = ["Zed Alpha", "Zed Beta, Jr."]


def client(fmt, method=None):
    s = SPARQLWrapper(ENDPOINT)
    s.setReturnFormat(fmt)
    if method:
        s.setMethod(method)
    return s


def check(name, got, want):
    if got != want:
        sys.exit("FAIL %s: got %r, want %r" % (name, got, want))
    print("ok", name)



def truncation_checks():
    """Against a server with a cap of one row: PEOPLE (two rows) is cut,
    the same query with LIMIT 1 is not."""
    link = "urn:kg:truncated:1"
    for query, cut in ((PEOPLE, True), (PEOPLE + " LIMIT 1", False)):
        s = client(JSON)
        s.setQuery(query)
        d = s.query().convert()
        check("json rows (cut=%s)" % cut, len(d["results"]["bindings"]), 1)
        check("json link (cut=%s)" % cut, d["head"].get("link"),
              [link] if cut else None)
        s = client(XML)
        s.setQuery(query)
        dom = s.query().convert()
        check("xml link (cut=%s)" % cut,
              [n.getAttribute("href") for n in dom.getElementsByTagName("link")],
              [link] if cut else [])
        check("xml rows (cut=%s)" % cut,
              len(dom.getElementsByTagName("result")), 1)
    print("sparqlwrapper: truncation checks passed")


if sys.argv[2:] == ["--cap", "1"]:
    truncation_checks()
    sys.exit(0)

# JSON, by GET and by POST (form)
for method in (None, POST):
    s = client(JSON, method)
    s.setQuery(PEOPLE)
    r = s.query()
    d = r.convert()
    check("json %s" % (method or "GET"),
          [b["who"]["value"] for b in d["results"]["bindings"]], WANT)
    ctype = r.info().get("content-type", "")
    check("json media type", ctype.split(";")[0],
          "application/sparql-results+json")

# XML: a DOM
s = client(XML)
s.setQuery(PEOPLE)
dom = s.query().convert()
assert isinstance(dom, xml.dom.minidom.Document), type(dom)
check("xml", [n.firstChild.data for n in dom.getElementsByTagName("literal")],
      WANT)

# CSV and TSV: bytes
s = client(CSV)
s.setQuery(PEOPLE)
rows = list(csv.reader(io.StringIO(s.query().convert().decode("utf-8"))))
check("csv", rows, [["who"]] + [[w] for w in WANT])
s = client(TSV)
s.setQuery(PEOPLE)
check("tsv", s.query().convert().decode("utf-8"),
      '?who\n"Zed Alpha"\n"Zed Beta, Jr."\n')

# Turtle for CONSTRUCT, parsed by rdflib (SPARQLWrapper returns bytes)
s = client(TURTLE)
s.setQuery("""PREFIX ex: <http://example.org/serve-test/>
PREFIX kg: <https://w3id.org/kg/ns#>
CONSTRUCT { ?p kg:met ex:meeting1 } WHERE { ex:meeting1 kg:participant ?p }""")
ttl = s.query().convert()
try:
    import rdflib
except ImportError:
    rdflib = None
if rdflib:
    g = rdflib.Graph()
    g.parse(data=ttl, format="turtle")
    check("turtle", sorted(str(t[0]) for t in g),
          ["http://example.org/serve-test/alpha",
           "http://example.org/serve-test/beta"])
else:
    text = ttl.decode("utf-8")
    check("turtle", ("serve-test/alpha>" in text, "serve-test/beta>" in text),
          (True, True))

# ASK
s = client(JSON)
s.setQuery("ASK { ?m a <https://w3id.org/kg/ns#Meeting> }")
check("ask", s.query().convert()["boolean"], True)

# A syntax error raises QueryBadFormed (HTTP 400), with the message
s = client(JSON)
s.setQuery("SELECT ?x WHERE { ?x a }")
try:
    s.query()
except QueryBadFormed as e:
    check("bad query message", "syntax error" in str(e), True)
else:
    sys.exit("FAIL: a malformed query did not raise QueryBadFormed")
print("sparqlwrapper: all checks passed")
