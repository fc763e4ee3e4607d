/*
 * metrics.c -- centralities, communities and shortest paths with igraph.
 *
 * The network becomes an undirected simple igraph graph (one edge per
 * pair of linked nodes, vertex i = node i). igraph keeps its error
 * handler, warning handler and random generator in globals, so every call
 * into igraph runs under one process-wide mutex with the handlers set to
 * "ignore" (errors come back as codes, nothing is printed or aborted) and
 * the generator seeded, which makes the communities reproducible.
 * igraph allocates with its own malloc, not through kg__malloc.
 *
 * SPDX-License-Identifier: MIT
 */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <igraph.h>

#include "analyze_int.h"

#define SEED 20240619

static pthread_mutex_t ig_lock = PTHREAD_MUTEX_INITIALIZER;

typedef struct ig_state {
    igraph_error_handler_t *old_err;
    igraph_warning_handler_t *old_warn;
} ig_state;

static void ig_begin(ig_state *st)
{
    pthread_mutex_lock(&ig_lock);
    st->old_err = igraph_set_error_handler(igraph_error_handler_ignore);
    st->old_warn = igraph_set_warning_handler(igraph_warning_handler_ignore);
    igraph_rng_seed(igraph_rng_default(), SEED);
}

static void ig_end(ig_state *st)
{
    igraph_set_error_handler(st->old_err);
    igraph_set_warning_handler(st->old_warn);
    pthread_mutex_unlock(&ig_lock);
}

/* The undirected simple graph of 'n' into 'g' (under ig_lock). */
static int make_graph(igraph_t *g, const kg_network *n)
{
    igraph_vector_int_t edges;
    size_t i;
    int rc;

    if (igraph_vector_int_init(&edges, (igraph_integer_t)(2 * n->n_links)))
        return KG_ENOMEM;
    for (i = 0; i < n->n_links; i++) {
        VECTOR(edges)[2 * i] = (igraph_integer_t)n->links[i].s;
        VECTOR(edges)[2 * i + 1] = (igraph_integer_t)n->links[i].o;
    }
    rc = igraph_create(g, &edges, (igraph_integer_t)n->n_nodes, 0);
    igraph_vector_int_destroy(&edges);
    if (rc)
        return KG_ERROR;
    if (igraph_simplify(g, 1, 1, NULL)) {
        igraph_destroy(g);
        return KG_ERROR;
    }
    return 0;
}

static int add_value(kg_triples *out, const char *node, const char *pred,
                     const char *value, const char *datatype)
{
    kg_term s = kg_iri(node), p = kg_iri(pred),
            o = kg_literal(value, datatype, NULL),
            g = kg_iri(KG_ANALYSIS_GRAPH);

    return kg_triples_add(out, &s, &p, &o, &g);
}

static int emit(kg_triples *out, const kg_network *n,
                const igraph_vector_int_t *deg, const igraph_vector_t *btw,
                const igraph_vector_t *pr, const igraph_vector_int_t *comm)
{
    igraph_integer_t *renum = NULL, next = 1;
    size_t i;
    char v[64];
    int error = 0;

    /* communities numbered from 1 in order of their first node */
    if ((renum = kg__calloc(n->n_nodes + 1, sizeof(*renum))) == NULL)
        return KG_ENOMEM;
    for (i = 0; i < n->n_nodes && !error; i++) {
        const char *id = n->nodes[i].id;
        igraph_integer_t c = VECTOR(*comm)[i];
        if (c < 0 || (size_t)c > n->n_nodes) {
            error = KG_ERROR;
            break;
        }
        if (renum[c] == 0)
            renum[c] = next++;
        snprintf(v, sizeof(v), "%ld", (long)VECTOR(*deg)[i]);
        if ((error = add_value(out, id, KG_DEGREE, v, KG_XSD_INTEGER)) < 0)
            break;
        snprintf(v, sizeof(v), "%.6g", (double)VECTOR(*btw)[i]);
        if ((error = add_value(out, id, KG_BETWEENNESS, v,
                               KG_NS_XSD "double")) < 0)
            break;
        snprintf(v, sizeof(v), "%.6g", (double)VECTOR(*pr)[i]);
        if ((error = add_value(out, id, KG_PAGERANK, v,
                               KG_NS_XSD "double")) < 0)
            break;
        snprintf(v, sizeof(v), "%ld", (long)renum[c]);
        error = add_value(out, id, KG_COMMUNITY, v, KG_XSD_INTEGER);
    }
    kg__free(renum);
    return error;
}

/*
 * Compute degree, betweenness, PageRank and communities of every node of
 * 'n' and append them to 'out' in graph KG_ANALYSIS_GRAPH. Returns 0,
 * KG_ERROR (igraph failed) or KG_ENOMEM, with the detail in 'err'; on
 * failure 'out' may hold part of the triples.
 */
int kg_analyze_run(kg_triples *out, const kg_network *n, kg_error *err)
{
    igraph_t g;
    igraph_vector_int_t deg, comm;
    igraph_vector_t btw, pr;
    ig_state st;
    int error = 0, have_graph = 0, inits = 0;

    assert(out && n);
    if (n->n_nodes == 0)
        return 0;
    ig_begin(&st);
    if ((error = make_graph(&g, n)) < 0)
        goto done;
    have_graph = 1;
    if (igraph_vector_int_init(&deg, 0) || (inits++, 0) ||
        igraph_vector_int_init(&comm, 0) || (inits++, 0) ||
        igraph_vector_init(&btw, 0) || (inits++, 0) ||
        igraph_vector_init(&pr, 0) || (inits++, 0)) {
        error = KG_ENOMEM;
        goto done;
    }
    if (igraph_degree(&g, &deg, igraph_vss_all(), IGRAPH_ALL,
                      IGRAPH_NO_LOOPS) ||
        igraph_betweenness(&g, &btw, igraph_vss_all(), 0, NULL) ||
        igraph_pagerank(&g, IGRAPH_PAGERANK_ALGO_PRPACK, &pr, NULL,
                        igraph_vss_all(), 0, 0.85, NULL, NULL) ||
        igraph_community_multilevel(&g, NULL, 1.0, &comm, NULL, NULL)) {
        error = KG_ERROR;
        goto done;
    }
    error = emit(out, n, &deg, &btw, &pr, &comm);

done:
    if (inits > 3)
        igraph_vector_destroy(&pr);
    if (inits > 2)
        igraph_vector_destroy(&btw);
    if (inits > 1)
        igraph_vector_int_destroy(&comm);
    if (inits > 0)
        igraph_vector_int_destroy(&deg);
    if (have_graph)
        igraph_destroy(&g);
    ig_end(&st);
    if (error == KG_ENOMEM)
        return kg_error_set(err, error, "out of memory");
    if (error < 0)
        return kg_error_set(err, error, "igraph: network analysis failed");
    return 0;
}

/*
 * Analyse the network of 'g' and replace its graph KG_ANALYSIS_GRAPH with
 * the results. Returns 0, KG_EQUERY, KG_EIO, KG_ERROR or KG_ENOMEM.
 */
int kg_analyze_store(kg_graph *g, size_t *nodes_out, kg_error *err)
{
    kg_network *n = NULL;
    kg_triples *t = NULL;
    int error;

    assert(g);
    if (nodes_out)
        *nodes_out = 0;
    if ((error = kg_network_load(&n, g, err)) < 0 ||
        (error = kg_triples_new(&t, err)) < 0 ||
        (error = kg_analyze_run(t, n, err)) < 0)
        goto done;
    if (kg_triples_count(t) > 0) {
        error = kg_graph_replace_graphs(g, t, NULL, err);
    } else {
        error = kg_graph_remove(g, KG_ANALYSIS_GRAPH, err);
        if (error == KG_ENOTFOUND) {
            kg_error_clear(err);
            error = 0;
        }
    }
    if (error == 0 && nodes_out)
        *nodes_out = n->n_nodes;

done:
    kg_triples_free(t);
    kg_network_free(n);
    return error;
}

/* ---- paths ------------------------------------------------------------ */

static int put_name(kg_buf *out, const kg_analyze__node *node)
{
    size_t len;
    const char *s;

    if (node->label && *node->label)
        return kg_analyze__clean(out, node->label);
    s = kg_analyze__local(node->id, &len);
    return kg_buf_put(out, s, len);
}

/* The first link (in link order) between 'a' and 'b', either way. */
static const kg_analyze__link *link_between(const kg_network *n, size_t a,
                                            size_t b)
{
    size_t i;

    for (i = 0; i < n->n_links; i++)
        if ((n->links[i].s == a && n->links[i].o == b) ||
            (n->links[i].s == b && n->links[i].o == a))
            return &n->links[i];
    return NULL;
}

static int add_node_facts(kg_triples *d, const kg_analyze__node *node)
{
    kg_term s = kg_iri(node->id), p = kg_iri(KG_RDF_TYPE),
            o = kg_iri(node->type);
    int error;

    if ((error = kg_triples_add(d, &s, &p, &o, NULL)) < 0)
        return error;
    if (node->label) {
        p = kg_iri(KG_RDFS_LABEL);
        o = kg_literal(node->label, NULL, NULL);
        if ((error = kg_triples_add(d, &s, &p, &o, NULL)) < 0)
            return error;
    }
    if (node->date) {
        p = kg_iri(KG_EVENT_DATE);
        o = kg_literal(node->date, NULL, NULL);
        error = kg_triples_add(d, &s, &p, &o, NULL);
    }
    return error;
}

static int put_path(kg_buf *text, kg_triples *d, const kg_network *n,
                    const igraph_vector_int_t *path)
{
    igraph_integer_t k, len = igraph_vector_int_size(path);
    size_t i, prev = 0;
    int error = 0;

    for (k = 0; k < len && !error; k++) {
        size_t at = (size_t)VECTOR(*path)[k];
        if (k > 0) {
            const kg_analyze__link *l = link_between(n, prev, at);
            const char *rel;
            size_t rl;
            assert(l);
            rel = kg_analyze__local(l->pred, &rl);
            error = kg_buf_printf(text, l->s == prev ? " -[%.*s]-> "
                                                     : " <-[%.*s]- ",
                                  (int)rl, rel);
            for (i = 0; i < n->n_links && d && !error; i++) {
                const kg_analyze__link *m = &n->links[i];
                kg_term s, p, o;
                if (!((m->s == prev && m->o == at) ||
                      (m->s == at && m->o == prev)))
                    continue;
                s = kg_iri(n->nodes[m->s].id);
                p = kg_iri(m->pred);
                o = kg_iri(n->nodes[m->o].id);
                error = kg_triples_add(d, &s, &p, &o, NULL);
            }
        }
        if (!error)
            error = put_name(text, &n->nodes[at]);
        if (!error && d)
            error = add_node_facts(d, &n->nodes[at]);
        prev = at;
    }
    return error ? error : kg_buf_puts(text, "\n");
}

static int path_cmp(const void *a, const void *b)
{
    const igraph_vector_int_t *x = *(const igraph_vector_int_t *const *)a,
                              *y = *(const igraph_vector_int_t *const *)b;
    igraph_integer_t i, nx = igraph_vector_int_size(x),
                        ny = igraph_vector_int_size(y);

    for (i = 0; i < nx && i < ny; i++)
        if (VECTOR(*x)[i] != VECTOR(*y)[i])
            return VECTOR(*x)[i] < VECTOR(*y)[i] ? -1 : 1;
    return (nx > ny) - (nx < ny);
}

/*
 * Find the shortest paths between 'from' and 'to', write at most
 * 'max_paths' to 'text' (and their facts to 'diagram' when non-NULL).
 * Returns the number written, KG_ENOTFOUND, KG_ERROR or KG_ENOMEM.
 */
int kg_analyze_paths(kg_buf *text, kg_triples *diagram, const kg_network *n,
                     const char *from, const char *to, int max_paths,
                     kg_error *err)
{
    size_t a, b;
    igraph_t g;
    igraph_vector_int_list_t paths;
    const igraph_vector_int_t **order = NULL;
    igraph_integer_t i, np = 0;
    ig_state st;
    int error = 0, have_graph = 0, have_list = 0, written = 0;

    assert(text && n && from && to && max_paths > 0);
    if ((a = kg_analyze__find(n, from)) == (size_t)-1)
        return kg_error_set(err, KG_ENOTFOUND, "%s is not in the network",
                            from);
    if ((b = kg_analyze__find(n, to)) == (size_t)-1)
        return kg_error_set(err, KG_ENOTFOUND, "%s is not in the network",
                            to);
    ig_begin(&st);
    if ((error = make_graph(&g, n)) < 0)
        goto done;
    have_graph = 1;
    if (igraph_vector_int_list_init(&paths, 0)) {
        error = KG_ENOMEM;
        goto done;
    }
    have_list = 1;
    if (igraph_get_all_shortest_paths(&g, &paths, NULL, NULL,
                                      (igraph_integer_t)a,
                                      igraph_vss_1((igraph_integer_t)b),
                                      IGRAPH_ALL)) {
        error = KG_ERROR;
        goto done;
    }
    np = igraph_vector_int_list_size(&paths);
    if (np == 0)
        goto done;
    if ((order = kg__calloc((size_t)np, sizeof(*order))) == NULL) {
        error = KG_ENOMEM;
        goto done;
    }
    for (i = 0; i < np; i++)
        order[i] = igraph_vector_int_list_get_ptr(&paths, i);
    qsort(order, (size_t)np, sizeof(*order), path_cmp);
    for (i = 0; i < np && written < max_paths && !error; i++)
        if ((error = put_path(text, diagram, n, order[i])) == 0)
            written++;

done:
    kg__free(order);
    if (have_list)
        igraph_vector_int_list_destroy(&paths);
    if (have_graph)
        igraph_destroy(&g);
    ig_end(&st);
    if (error == KG_ENOMEM)
        return kg_error_set(err, error, "out of memory");
    if (error < 0)
        return kg_error_set(err, error, "igraph: path search failed");
    if (written == 0)
        return kg_error_set(err, KG_ENOTFOUND, "no path joins %s and %s",
                            from, to);
    if (diagram)
        kg_triples_normalize(diagram);
    return written;
}

/* ---- ranking ---------------------------------------------------------- */

static int top_cmp(const void *a, const void *b)
{
    const kg_analyze__node *x = *(const kg_analyze__node *const *)a,
                           *y = *(const kg_analyze__node *const *)b;
    double px = strtod(x->metric[2], NULL), py = strtod(y->metric[2], NULL);

    if (px != py)
        return px > py ? -1 : 1;
    return strcmp(x->id, y->id);
}

/*
 * Append the 'top' entities of 'n' by stored PageRank to 'out' as a text
 * table. Returns 0 or KG_ENOMEM.
 */
int kg_analyze_write_top(kg_buf *out, const kg_network *n, size_t top,
                         kg_error *err)
{
    const kg_analyze__node **order;
    size_t i, k = 0;
    int error = 0;

    assert(out && n);
    if ((order = kg__calloc(n->n_nodes + 1, sizeof(*order))) == NULL)
        return kg_error_set(err, KG_ENOMEM, "out of memory");
    for (i = 0; i < n->n_nodes; i++) {
        const kg_analyze__node *v = &n->nodes[i];
        if (strcmp(v->cls, "event") != 0 && v->metric[0] && v->metric[1] &&
            v->metric[2] && v->metric[3])
            order[k++] = v;
    }
    qsort(order, k, sizeof(*order), top_cmp);
    if (k > 0)
        error = kg_buf_puts(out, "rank  pagerank  betweenness  degree  "
                                 "community  entity\n");
    for (i = 0; i < k && i < top && !error; i++) {
        const kg_analyze__node *v = order[i];
        if ((error = kg_buf_printf(out, "%4zu  %8.5f  %11.1f  %6ld  %9ld  ",
                                   i + 1, strtod(v->metric[2], NULL),
                                   strtod(v->metric[1], NULL),
                                   strtol(v->metric[0], NULL, 10),
                                   strtol(v->metric[3], NULL, 10))) < 0)
            break;
        if (v->label && (error = kg_analyze__clean(out, v->label)) == 0)
            error = kg_buf_puts(out, " ");
        if (!error)
            error = kg_buf_printf(out, "<%s>\n", v->id);
    }
    kg__free(order);
    return error ? kg_error_set(err, KG_ENOMEM, "out of memory") : 0;
}

/* ---- ego networks ----------------------------------------------------- */

/*
 * Append the ego network of 'iri' (at most 'max_nodes' nodes within
 * 'hops' links) to 'out'. Returns 0, KG_ENOTFOUND or KG_ENOMEM.
 */
int kg_analyze_ego(kg_triples *out, const kg_network *n, const char *iri,
                   int hops, int max_nodes, kg_error *err)
{
    size_t *level = NULL, start, i, kept = 1;
    int h, error = 0;

    assert(out && n && iri && max_nodes > 0);
    if ((start = kg_analyze__find(n, iri)) == (size_t)-1)
        return kg_error_set(err, KG_ENOTFOUND, "%s is not in the network",
                            iri);
    /* level[i]: 0 not reached, else 1 + distance */
    if ((level = kg__calloc(n->n_nodes + 1, sizeof(*level))) == NULL)
        return kg_error_set(err, KG_ENOMEM, "out of memory");
    level[start] = 1;
    for (h = 1; h <= hops && kept < (size_t)max_nodes; h++) {
        /* nodes reached at this level, in node (IRI) order */
        unsigned char *next = kg__calloc(n->n_nodes + 1, 1);
        if (!next) {
            error = KG_ENOMEM;
            goto done;
        }
        for (i = 0; i < n->n_links; i++) {
            const kg_analyze__link *l = &n->links[i];
            if (level[l->s] == (size_t)h && !level[l->o])
                next[l->o] = 1;
            if (level[l->o] == (size_t)h && !level[l->s])
                next[l->s] = 1;
        }
        for (i = 0; i < n->n_nodes && kept < (size_t)max_nodes; i++)
            if (next[i]) {
                level[i] = (size_t)h + 1;
                kept++;
            }
        kg__free(next);
    }
    for (i = 0; i < n->n_nodes && !error; i++)
        if (level[i])
            error = add_node_facts(out, &n->nodes[i]);
    for (i = 0; i < n->n_links && !error; i++) {
        const kg_analyze__link *l = &n->links[i];
        kg_term s, p, o;
        if (!level[l->s] || !level[l->o])
            continue;
        s = kg_iri(n->nodes[l->s].id);
        p = kg_iri(l->pred);
        o = kg_iri(n->nodes[l->o].id);
        error = kg_triples_add(out, &s, &p, &o, NULL);
    }

done:
    kg__free(level);
    if (error < 0)
        return kg_error_set(err, KG_ENOMEM, "out of memory");
    return 0;
}
