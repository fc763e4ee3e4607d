/*
 * fuzz_update.c -- SPARQL Update text, as given to `kg update` and to the
 * update route of `kg serve`, run through kg_graph_update on a fresh
 * "memory:" store of two small graphs, with a time limit; then a query
 * must still run on the store.
 *
 * Invariants: a failed update sets an error with the same code; a checked
 * update (kg_graph_update_check) that passes is not refused by the real
 * run for a reason found before writing (parse, refusal), one that fails
 * fails the same way; afterwards the union default graph holds exactly
 * the triples the named graphs state.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include <kg/kg.h>

#include "fuzz.h"

static const char store_trig[] =
    "@prefix ex: <http://example.org/> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "ex:g1 { ex:a ex:knows ex:b , ex:c ; rdfs:label \"A\"@en ; ex:n 1 .\n"
    "        ex:b ex:p [ ex:q \"x\" ] . }\n"
    "ex:g2 { ex:a ex:knows ex:b . ex:c ex:n 2.5 . }\n";

static kg_ctx *ctx;
static kg_triples *data;

/* The number a one-row, one-column SELECT gives, or -1 when it fails. */
static long value(kg_graph *g, const char *q)
{
    kg_result *r = NULL;
    char *text = NULL, *nl;
    size_t len = 0;
    FILE *fp;
    long n = -1;

    FUZZ_CHECK((fp = open_memstream(&text, &len)) != NULL);
    if (kg_graph_query(&r, g, q, NULL, NULL) == 0 &&
        kg_result_write(r, fp, KG_RESULTS_CSV, NULL) == 0) {
        fflush(fp);
        if ((nl = strstr(text, "\r\n")) != NULL)
            n = strtol(nl + 2, NULL, 10);
    }
    fclose(fp);
    free(text);
    kg_result_free(r);
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data_in, size_t size)
{
    kg_query_options opts = KG_QUERY_OPTIONS_INIT;
    kg_update_stats st;
    kg_graph *g = NULL;
    kg_error err;
    char *text;
    int rc, checked;

    if (!ctx) {
        kg_error_clear(&err);
        if (kg_ctx_new(&ctx, &err) < 0 || kg_triples_new(&data, &err) < 0 ||
            kg_rdf_parse(data, ctx, store_trig, strlen(store_trig),
                         KG_RDF_TRIG, "http://example.org/", NULL,
                         &err) < 0) {
            fprintf(stderr, "fuzz_update: %s\n", err.message);
            abort();
        }
    }
    FUZZ_CHECK(kg_graph_open(&g, ctx, "memory:", KG_OPEN_CREATE, NULL) ==
                   0 &&
               kg_graph_replace_graphs(g, data, NULL, NULL) == 0);
    /* The update API takes a C string: stop at the first NUL. */
    if ((text = malloc(size + 1)) == NULL) {
        kg_graph_free(g);
        return 0;
    }
    memcpy(text, data_in, size);
    text[size] = '\0';
    opts.timeout = 2.0;
    opts.predeclare = size % 2;

    kg_error_clear(&err);
    checked = kg_graph_update_check(g, text, &opts, &err);
    FUZZ_CHECK(checked == 0 || err.code == checked);
    kg_error_clear(&err);
    rc = kg_graph_update(g, text, &opts, &st, &err);
    FUZZ_CHECK(rc == 0 || err.code == rc);
    FUZZ_CHECK(checked < 0 ? rc == checked
                           : rc != KG_EPARSE && rc != KG_EUNSUPPORTED);
    if (rc == 0)
        FUZZ_CHECK(st.operations >= 0 && st.inserted >= 0 &&
                   st.deleted >= 0);
    /* the union holds each triple some graph states, once (markers are
     * in their graphs only) */
    FUZZ_CHECK(value(g, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(?p "
                        "!= <https://w3id.org/kg/ns#loadComplete>) }") ==
               value(g, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s "
                        "?p ?o WHERE { GRAPH ?g { ?s ?p ?o FILTER(?p != "
                        "<https://w3id.org/kg/ns#loadComplete>) } } }"));
    free(text);
    kg_graph_free(g);
    return 0;
}
