/*
 * fuzz_rdf.c -- RDF files given to `kg load`: the first byte picks the
 * syntax (Turtle, N-Triples, N-Quads, TriG, RDF/XML), the rest is the
 * document. A parse that succeeds is loaded into a "memory:" store the
 * way kg load does (each named graph replaced) and written back out.
 *
 * Invariants: a failed parse leaves the list as it was and sets an error;
 * parsing never touches the network or local files (kg_rdf_parse sets
 * raptor's NO_NET and NO_FILE, so an RDF/XML external entity or a
 * Turtle @base of file:///etc/passwd reads nothing); the store never
 * holds more quads than were parsed (plus one completion marker a graph).
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include <kg/kg.h>

#include "fuzz.h"

static kg_ctx *ctx;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const kg_rdf_format formats[] = {KG_RDF_TURTLE, KG_RDF_NTRIPLES,
                                            KG_RDF_NQUADS, KG_RDF_TRIG,
                                            KG_RDF_RDFXML};
    kg_triples *t = NULL;
    kg_graph *g = NULL;
    kg_rdf_writer *w = NULL;
    kg_error err;
    kg_rdf_format fmt;
    FILE *devnull;
    int rc;

    if (!ctx && kg_ctx_new(&ctx, NULL) < 0)
        abort();
    if (size < 1)
        return 0;
    fmt = formats[data[0] % 5];
    FUZZ_CHECK(kg_triples_new(&t, NULL) == 0);
    kg_error_clear(&err);
    rc = kg_rdf_parse(t, ctx, (const char *)data + 1, size - 1, fmt,
                      "http://example.org/fuzz/",
                      "http://example.org/fuzz/default", &err);
    if (rc < 0) {
        FUZZ_CHECK(err.code == rc);
        FUZZ_CHECK(kg_triples_count(t) == 0);
        goto done;
    }
    FUZZ_CHECK(kg_graph_open(&g, ctx, "memory:", KG_OPEN_CREATE, NULL) == 0);
    kg_error_clear(&err);
    rc = kg_graph_replace_graphs(g, t, "http://example.org/fuzz/default",
                                 &err);
    FUZZ_CHECK(rc == 0 || rc == KG_EINVALID || rc == KG_EIO);
    if (rc == 0)
        FUZZ_CHECK(kg_graph_size(g) <= 2 * (long)kg_triples_count(t) + 1);
    FUZZ_CHECK((devnull = fopen("/dev/null", "w")) != NULL);
    if (kg_rdf_writer_new(&w, ctx, devnull, KG_RDF_TRIG, NULL) == 0) {
        (void)kg_rdf_writer_add(w, t, NULL);
        (void)kg_rdf_writer_finish(w, NULL);
        kg_rdf_writer_free(w);
    }
    fclose(devnull);

done:
    kg_graph_free(g);
    kg_triples_free(t);
    return 0;
}
