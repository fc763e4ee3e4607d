/*
 * fuzz_sparql.c -- SPARQL query text, as given to `kg query` and to the
 * endpoint of `kg serve`, run through kg_graph_query on a small
 * "memory:" store of two articles, with a time limit; every result is
 * written in every format (bindings) or collected as triples (graphs).
 *
 * Invariants: a failed query sets an error with the same code; a query
 * answers within its time limit or fails with KG_ETIMEOUT.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include <kg/kg.h>

#include "fuzz.h"

static const char store_trig[] =
    "@prefix kg: <https://w3id.org/kg/ns#> .\n"
    "@prefix schema: <http://schema.org/> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
    "@prefix person: <https://w3id.org/kg/id/person/> .\n"
    "@prefix event: <https://w3id.org/kg/id/event/> .\n"
    "<https://w3id.org/kg/id/article/a> {\n"
    "  <https://w3id.org/kg/id/article/a> a schema:NewsArticle ;\n"
    "    kg:sourceName \"a.txt\" ; schema:headline \"Leaders \\\"meet\\\"\" ;\n"
    "    schema:datePublished \"2024-06-20\"^^xsd:date .\n"
    "  person:kim a schema:Person ; rdfs:label \"Kim Jong Un\"@en .\n"
    "  person:putin a schema:Person ; rdfs:label \"Vladimir Putin\" .\n"
    "  event:e1 a kg:Reception ; schema:attendee person:kim,\n"
    "    person:putin ; schema:startDate \"2024-06-19\"^^xsd:date ;\n"
    "    kg:count 3 ; kg:score 2.5e0 ; kg:ok true .\n"
    "}\n"
    "<https://w3id.org/kg/id/article/b> {\n"
    "  <https://w3id.org/kg/id/article/b> a schema:NewsArticle ;\n"
    "    kg:sourceName \"b.txt\" .\n"
    "  person:kim a schema:Person ; rdfs:label \"Kim Jong Un\"@en .\n"
    "  event:e2 a kg:Visit ; schema:attendee person:kim ;\n"
    "    schema:location [ rdfs:label \"Wonsan\" ] .\n"
    "}\n";

static kg_ctx *ctx;
static kg_graph *g;

static void setup(void)
{
    kg_triples *t = NULL;
    kg_error err;

    kg_error_clear(&err);
    if (kg_ctx_new(&ctx, &err) < 0 || kg_triples_new(&t, &err) < 0 ||
        kg_rdf_parse(t, ctx, store_trig, strlen(store_trig), KG_RDF_TRIG,
                     "http://example.org/", NULL, &err) < 0 ||
        kg_graph_open(&g, ctx, "memory:", KG_OPEN_CREATE, &err) < 0 ||
        kg_graph_replace_graphs(g, t, NULL, &err) < 0) {
        fprintf(stderr, "fuzz_sparql: %s:%d: %s\n", err.where, err.line,
                err.message);
        abort();
    }
    kg_triples_free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kg_query_options opts = KG_QUERY_OPTIONS_INIT;
    kg_result_format fmt;
    kg_result *r = NULL;
    kg_triples *t = NULL;
    kg_error err;
    char *text;
    FILE *devnull;
    int rc;

    if (!g)
        setup();
    /* The query API takes a C string: stop at the first NUL. */
    if ((text = malloc(size + 1)) == NULL)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    opts.timeout = 2.0;
    opts.predeclare = size % 2;
    for (fmt = KG_RESULTS_TABLE; fmt <= KG_RESULTS_XML; fmt++) {
        kg_error_clear(&err);
        rc = kg_graph_query(&r, g, text, &opts, &err);
        if (rc < 0) {
            FUZZ_CHECK(err.code == rc && r == NULL);
            break;
        }
        if (kg_result_kind(r) == KG_QUERY_GRAPH) {
            FUZZ_CHECK(kg_triples_new(&t, NULL) == 0);
            (void)kg_result_triples(r, t, NULL);
            kg_triples_free(t);
            kg_result_free(r);
            break;
        }
        FUZZ_CHECK((devnull = fopen("/dev/null", "w")) != NULL);
        kg_error_clear(&err);
        rc = kg_result_write(r, devnull, fmt, &err);
        FUZZ_CHECK(rc == 0 || err.code == rc);
        fclose(devnull);
        kg_result_free(r);
        r = NULL;
    }
    free(text);
    return 0;
}
