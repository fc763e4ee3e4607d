/*
 * prefixes.c -- the namespace prefixes kg predeclares in SPARQL, writes in
 * Turtle and uses to shorten IRIs in tables, in one list.
 *
 * The per-kind prefixes (person:, state:, ...) come first so that the
 * longest namespace wins when an IRI is shortened: entity IRIs have a '/'
 * after "id/", which a prefixed name cannot carry after kgid:.
 *
 * SPDX-License-Identifier: MIT
 */
#include "kg_int.h"

const kg__prefix kg__prefixes[] = {
    {"person", KG_ID "person/"},
    {"state", KG_ID "state/"},
    {"organization", KG_ID "org/"},
    {"place", KG_ID "place/"},
    {"event", KG_ID "event/"},
    {"article", KG_ID "article/"},
    {"kg", KG_NS},
    {"kgid", KG_ID},
    {"rdf", KG_NS_RDF},
    {"rdfs", KG_NS_RDFS},
    {"xsd", KG_NS_XSD},
    {"owl", KG_NS_OWL},
    {"skos", KG_NS_SKOS},
    {"schema", KG_NS_SCHEMA},
    {"org", KG_NS_ORG},
    {"prov", KG_NS_PROV},
    {"nif", KG_NS_NIF},
    {"itsrdf", KG_NS_ITSRDF},
    {"wd", KG_NS_WD},
    {"dct", KG_NS_DCT},
};
const size_t kg__n_prefixes = KG_ARRAY_SIZE(kg__prefixes);
