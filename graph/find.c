/*
 * find.c -- librdf_model_find_statements for stores with a predicate
 * index, without its reference leak.
 *
 * Why: stores made by this version index predicates (store.c: a pattern
 * with only the predicate bound reads the p2so index instead of every
 * statement). librdf 1.0.17 answers such a pattern with a stream whose
 * every statement takes a new reference to the pattern's predicate node
 * and never gives it back (rdf_storage_hashes.c, p2so case of
 * node_iterator_get_method), so the node outlives the world: no memory
 * grows (a reference is a count on the same raptor_term), but the node
 * is never freed and LeakSanitizer reports it. This stream wraps
 * librdf's and, when it is freed, returns the predicate's usage count to
 * what it was before librdf's stream was made: the references librdf
 * keeps past its stream are exactly the leaked ones.
 *
 * SPDX-License-Identifier: MIT
 */
#include "find.h"

typedef struct wrap {
    librdf_stream *inner; /* owned */
    librdf_node *pred;    /* owned reference */
    int usage;            /* pred's usage count before 'inner' */
} wrap;

static int wrap_end(void *ctx)
{
    return librdf_stream_end(((wrap *)ctx)->inner);
}

static int wrap_next(void *ctx)
{
    return librdf_stream_next(((wrap *)ctx)->inner);
}

static void *wrap_get(void *ctx, int flags)
{
    wrap *w = ctx;

    if (flags == LIBRDF_ITERATOR_GET_METHOD_GET_CONTEXT)
        return librdf_stream_get_context2(w->inner);
    return librdf_stream_get_object(w->inner);
}

static void wrap_finished(void *ctx)
{
    wrap *w = ctx;

    librdf_free_stream(w->inner);
    /* librdf_free_node drops one reference (raptor_free_term) */
    while (w->pred->usage > w->usage)
        librdf_free_node(w->pred);
    librdf_free_node(w->pred);
    kg__free(w);
}

librdf_stream *kg_graph__find_statements(librdf_world *world,
                                         librdf_model *model,
                                         librdf_statement *pat)
{
    librdf_node *p = pat ? librdf_statement_get_predicate(pat) : NULL;
    librdf_stream *st;
    wrap *w;

    if (!p || librdf_statement_get_subject(pat) ||
        librdf_statement_get_object(pat))
        return librdf_model_find_statements(model, pat);
    /* Without memory for the wrapper, librdf's stream all the same: a
     * lookup that fails for want of a few bytes would read as "found
     * nothing"; the price is the leaked count. */
    if ((w = kg__calloc(1, sizeof(*w))) == NULL)
        return librdf_model_find_statements(model, pat);
    w->pred = librdf_new_node_from_node(p);
    w->usage = w->pred->usage;
    if ((w->inner = librdf_model_find_statements(model, pat)) == NULL) {
        librdf_free_node(w->pred);
        kg__free(w);
        return NULL;
    }
    st = librdf_new_stream(world, w, wrap_end, wrap_next, wrap_get,
                           wrap_finished);
    if (!st)
        wrap_finished(w);
    return st;
}
