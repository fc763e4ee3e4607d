/*
 * dataset.c -- adding RDF files' quads to a transient store as they are,
 * for querying files directly (kg query --data / --named).
 *
 * kg_graph_replace_graphs (store.c) serves persistent stores: it empties
 * each graph first and ends it with a completion marker quad, which a
 * query over the files would then see. Here quads are only added: the
 * same triple named by two files stays in both graphs, a quad already
 * present is skipped (hashes would keep a duplicate), and each triple
 * also joins the union model, as store.c keeps it.
 *
 * SPDX-License-Identifier: MIT
 */
#include <assert.h>

#include "tsource.h"

/* Add quad 'q' to graph 'name'. Returns 0, KG_ENOMEM or KG_EIO. */
static int add_one(kg_graph *g, const kg_quad *q, const char *name)
{
    librdf_statement *st;
    librdf_node *ctxn;
    int rc = 0;

    if ((ctxn = kg_graph__iri(g, name)) == NULL)
        return KG_ENOMEM;
    if ((st = kg_graph__statement(g, q)) == NULL) {
        rc = KG_ENOMEM;
        goto done;
    }
    if (!kg_graph__holds(g->model, st, ctxn) &&
        librdf_model_context_add_statement(g->model, ctxn, st) != 0)
        rc = KG_EIO;
    else if (!kg_graph__holds(g->umodel, st, NULL) &&
             librdf_model_add_statement(g->umodel, st) != 0)
        rc = KG_EIO;
done:
    if (st)
        librdf_free_statement(st);
    librdf_free_node(ctxn);
    return rc;
}

int kg_graph_add_quads(kg_graph *g, const kg_triples *t,
                       const char *default_graph, kg_error *err)
{
    kg_error lib;
    size_t i, n;
    int error = 0;

    assert(g && t);
    if (g->flags & KG_OPEN_READONLY)
        return kg_error_set(err, KG_EIO, "store '%s' is open read-only",
                            g->dir ? g->dir : "memory:");
    n = kg_triples_count(t);
    for (i = 0; i < n; i++) {
        const kg_quad *q = kg_triples_get(t, i);
        if (q->g.kind == KG_TERM_NONE && !default_graph)
            return kg_error_set(err, KG_EINVALID,
                                "quad %zu is in the default graph, which "
                                "has no name here",
                                i + 1);
        if (q->g.kind != KG_TERM_NONE && q->g.kind != KG_TERM_IRI)
            return kg_error_set(err, KG_EINVALID,
                                "quad %zu has a graph name that is not an "
                                "IRI",
                                i + 1);
    }
    kg_error_clear(&lib);
    kg__ctx_begin(g->ctx, &lib);
    for (i = 0; i < n && error == 0; i++) {
        const kg_quad *q = kg_triples_get(t, i);
        error = add_one(g, q,
                        q->g.kind == KG_TERM_IRI ? q->g.value : default_graph);
    }
    kg__ctx_end(g->ctx);
    if (error == KG_ENOMEM)
        return kg_error_set(err, error, "out of memory");
    if (error < 0) {
        g->failed = 1;
        return kg_error_set(err, error, "cannot add quads: %s",
                            lib.code ? lib.message : "storage error");
    }
    return 0;
}
