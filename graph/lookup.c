/*
 * lookup.c -- finding an entity by name or IRI, and the neighbourhood of
 * an entity for the diagrams.
 *
 * Both walk librdf indexes directly rather than SPARQL: a label lookup is
 * an exact (?, rdfs:label, "name") through the po2s index, then a
 * case-folded scan of (?, rdfs:label, ?) and (?, skos:altLabel, ?); the
 * neighbourhood is a breadth-first search with one (n, ?, ?) and one
 * (?, ?, n) lookup per node.
 *
 * The search follows IRI links between entities and events (IRIs under
 * KG_ID) in both directions. It never enters literals, vocabulary terms,
 * NIF mentions and sentences, articles, roles, or memberships: a
 * membership that links a person to an organisation becomes one quad
 * <person> org:memberOf <organisation>.
 * rdf:type links are not followed (classes are not neighbours) but are
 * reported for every node reached, with its rdfs:label.
 *
 * SPDX-License-Identifier: MIT
 */
#include <assert.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "remote.h"

/* ---- small helpers ---------------------------------------------------- */

/* A stream over (s, p, o) with any of them NULL (a wildcard). */
static librdf_stream *find(kg_graph *g, const kg_term *s, const char *p,
                           const kg_term *o)
{
    librdf_statement *pat;
    librdf_stream *st;
    librdf_node *ns = s ? kg_graph__node(g, s) : NULL;
    librdf_node *np = p ? kg_graph__iri(g, p) : NULL;
    librdf_node *no = o ? kg_graph__node(g, o) : NULL;

    if ((s && !ns) || (p && !np) || (o && !no)) {
        if (ns)
            librdf_free_node(ns);
        if (np)
            librdf_free_node(np);
        if (no)
            librdf_free_node(no);
        return NULL;
    }
    if ((pat = librdf_new_statement_from_nodes(g->world, ns, np, no)) ==
        NULL)
        return NULL;
    st = kg_graph__find(g, pat);
    librdf_free_statement(pat);
    return st;
}

/* Case-folded, NFC copy of UTF-8 's' (NULL on failure or invalid UTF-8).
 * The result is malloc()ed by utf8proc: free with free(). */
static char *fold(const char *s)
{
    utf8proc_uint8_t *out = NULL;

    if (utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
                     UTF8PROC_NULLTERM | UTF8PROC_STABLE |
                         UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD) < 0)
        return NULL;
    return (char *)out;
}

/* ---- resolve ---------------------------------------------------------- */

/* Expand a predeclared prefixed name "kgid:person/x" into 'out'. */
static int expand(kg_buf *out, const char *name)
{
    const char *colon = strchr(name, ':');
    size_t i;

    if (!colon)
        return 0;
    for (i = 0; i < kg__n_prefixes; i++)
        if (strlen(kg__prefixes[i].name) == (size_t)(colon - name) &&
            strncmp(kg__prefixes[i].name, name,
                    (size_t)(colon - name)) == 0)
            return kg_buf_printf(out, "%s%s", kg__prefixes[i].iri,
                                 colon + 1) < 0
                       ? KG_ENOMEM
                       : 1;
    return 0;
}

static int is_subject(kg_graph *g, const char *iri)
{
    kg_term s = kg_iri(iri);
    librdf_stream *st = find(g, &s, NULL, NULL);
    int found;

    if (!st)
        return 0;
    /* read to the end: librdf leaks a hashes stream freed early */
    for (found = 0; !librdf_stream_end(st); librdf_stream_next(st))
        found = 1;
    librdf_free_stream(st);
    return found;
}

/* Search (?, 'pred', label) for a label equal to 'folded'; the smallest
 * matching IRI goes into 'best'. */
static int match_label(kg_graph *g, const char *pred, const char *folded,
                       kg_buf *best)
{
    librdf_stream *st = find(g, NULL, pred, NULL);
    int error = 0;

    if (!st)
        return 0;
    for (; !librdf_stream_end(st) && error == 0; librdf_stream_next(st)) {
        librdf_statement *s = librdf_stream_get_object(st);
        kg_term subj, lab;
        char *f;
        kg_graph__term(&subj, librdf_statement_get_subject(s));
        kg_graph__term(&lab, librdf_statement_get_object(s));
        if (subj.kind != KG_TERM_IRI || lab.kind != KG_TERM_LITERAL)
            continue;
        if (best->size && strcmp(subj.value, best->ptr) >= 0)
            continue;
        if ((f = fold(lab.value)) == NULL)
            continue;
        if (strcmp(f, folded) == 0) {
            kg_buf_clear(best);
            if (kg_buf_puts(best, subj.value) < 0)
                error = KG_ENOMEM;
        }
        free(f);
    }
    librdf_free_stream(st);
    return error;
}

/* The smallest IRI with rdfs:label exactly 'name' (a simple literal). */
static int exact_label(kg_graph *g, const char *name, kg_buf *best)
{
    kg_term lit = kg_literal(name, NULL, NULL);
    librdf_stream *st = find(g, NULL, KG_RDFS_LABEL, &lit);
    int error = 0;

    if (!st)
        return 0;
    for (; !librdf_stream_end(st); librdf_stream_next(st)) {
        kg_term subj;
        kg_graph__term(&subj, librdf_statement_get_subject(
                                  librdf_stream_get_object(st)));
        if (error || subj.kind != KG_TERM_IRI ||
            (best->size && strcmp(subj.value, best->ptr) >= 0))
            continue;
        kg_buf_clear(best);
        if (kg_buf_puts(best, subj.value) < 0)
            error = KG_ENOMEM;
    }
    librdf_free_stream(st);
    return error;
}

int kg_graph_resolve(kg_buf *iri_out, kg_graph *g, const char *name_or_iri,
                     kg_error *err)
{
    kg_buf iri = KG_BUF_INIT, best = KG_BUF_INIT;
    char *folded = NULL;
    int error = 0, rc;

    assert(iri_out && g && name_or_iri);
    kg_graph__remote_reset(g);
    if ((rc = expand(&iri, name_or_iri)) < 0)
        goto nomem;
    if (rc == 0 && strstr(name_or_iri, "://") &&
        kg_buf_puts(&iri, name_or_iri) < 0)
        goto nomem;
    if (iri.size && is_subject(g, iri.ptr)) {
        if (kg_buf_puts(iri_out, iri.ptr) < 0)
            goto nomem;
        goto done;
    }
    if ((folded = fold(name_or_iri)) == NULL) {
        error = kg_error_set(err, KG_ENOTFOUND,
                             "no entity named '%s' (invalid UTF-8)",
                             name_or_iri);
        goto done;
    }
    /* The exact label first, through the po2s index; then a
     * case-insensitive scan, rdfs:label winning over skos:altLabel. */
    if ((error = exact_label(g, name_or_iri, &best)) < 0)
        goto nomem;
    if (best.size == 0 &&
        (error = match_label(g, KG_RDFS_LABEL, folded, &best)) < 0)
        goto nomem;
    if (best.size == 0 &&
        (error = match_label(g, KG_SKOS_ALTLABEL, folded, &best)) < 0)
        goto nomem;
    if (best.size == 0) {
        error = kg_error_set(err, KG_ENOTFOUND, "no entity named '%s'",
                             name_or_iri);
        goto done;
    }
    if (kg_buf_puts(iri_out, best.ptr) < 0)
        goto nomem;
    goto done;

nomem:
    error = kg_error_set(err, KG_ENOMEM, "out of memory");
done:
    free(folded);
    kg_buf_dispose(&iri);
    kg_buf_dispose(&best);
    /* a server that failed a lookup is not "no such entity" */
    return kg_graph__remote_check(g, error, err);
}

/* ---- neighbourhood ---------------------------------------------------- */

typedef enum node_kind {
    NODE_ENTITY = 0, /* person, state, organisation, place, event, ... */
    NODE_SKIP,       /* NIF node, article, role, class */
    NODE_MEMBERSHIP  /* an org:Membership */
} node_kind;

static node_kind classify(kg_graph *g, const char *iri)
{
    kg_term s = kg_iri(iri);
    librdf_stream *st;
    node_kind k = NODE_ENTITY;

    /* Entities and events are minted under KG_ID; vocabulary terms
     * (kg:happened), classes and outside IRIs are not neighbours. */
    if (strncmp(iri, KG_ID, strlen(KG_ID)) != 0 || strchr(iri, '#') ||
        strncmp(iri, KG_ID "article/", strlen(KG_ID "article/")) == 0 ||
        strncmp(iri, KG_ID "role/", strlen(KG_ID "role/")) == 0)
        return NODE_SKIP;
    if ((st = find(g, &s, KG_RDF_TYPE, NULL)) == NULL)
        return k;
    /* read to the end: librdf leaks a hashes stream freed early */
    for (; !librdf_stream_end(st); librdf_stream_next(st)) {
        kg_term c;
        kg_graph__term(&c, librdf_statement_get_object(
                               librdf_stream_get_object(st)));
        if (c.kind != KG_TERM_IRI)
            continue;
        if (k != NODE_ENTITY)
            continue;
        if (strcmp(c.value, KG_CLASS_MEMBERSHIP) == 0)
            k = NODE_MEMBERSHIP;
        else if (strncmp(c.value, KG_NS_NIF, strlen(KG_NS_NIF)) == 0 ||
                 strcmp(c.value, KG_CLASS_ARTICLE) == 0 ||
                 strcmp(c.value, KG_CLASS_ROLE) == 0 ||
                 strcmp(c.value, KG_NS_RDFS "Class") == 0 ||
                 strcmp(c.value, KG_NS_OWL "Class") == 0)
            k = NODE_SKIP;
    }
    librdf_free_stream(st);
    return k;
}

typedef struct walk {
    kg_graph *g;
    kg_triples *edges;   /* owned: quads found, default graph */
    char **nodes;        /* owned strings: nodes reached, BFS order */
    size_t n_nodes, alloc;
    int max_nodes;
} walk;

static long node_index(const walk *w, const char *iri)
{
    size_t i;

    for (i = 0; i < w->n_nodes; i++)
        if (strcmp(w->nodes[i], iri) == 0)
            return (long)i;
    return -1;
}

/* Add 'iri' unless present or the cap is reached: 1 added or present,
 * 0 refused by the cap, KG_ENOMEM. */
static int reach(walk *w, const char *iri)
{
    if (node_index(w, iri) >= 0)
        return 1;
    if ((int)w->n_nodes >= w->max_nodes)
        return 0;
    if (w->n_nodes == w->alloc) {
        size_t na = w->alloc ? w->alloc * 2 : 16;
        char **nn = kg__realloc(w->nodes, na * sizeof(*nn));
        if (!nn)
            return KG_ENOMEM;
        w->nodes = nn;
        w->alloc = na;
    }
    if ((w->nodes[w->n_nodes] = kg__strdup(iri)) == NULL)
        return KG_ENOMEM;
    w->n_nodes++;
    return 1;
}

/* The targets of (m, 'pred', ?) that are IRIs, as a NUL-separated list. */
static int objects_of(kg_graph *g, const char *m, const char *pred,
                      kg_buf *out, size_t *n)
{
    kg_term s = kg_iri(m);
    librdf_stream *st = find(g, &s, pred, NULL);
    int error = 0;

    *n = 0;
    if (!st)
        return 0;
    for (; !librdf_stream_end(st) && !error; librdf_stream_next(st)) {
        kg_term o;
        kg_graph__term(&o, librdf_statement_get_object(
                               librdf_stream_get_object(st)));
        if (o.kind == KG_TERM_IRI) {
            if (kg_buf_put(out, o.value, strlen(o.value) + 1) < 0)
                error = KG_ENOMEM;
            else
                (*n)++;
        }
    }
    librdf_free_stream(st);
    return error;
}

/*
 * Membership 'm' seen from 'from': add the memberOf quads it stands for
 * between its members and organisations and reach the other ends
 * (unless 'grow' is 0).
 */
static int via_membership(walk *w, const char *m, int grow)
{
    kg_buf members = KG_BUF_INIT, orgs = KG_BUF_INIT;
    size_t nm, no, i, j;
    const char *a, *b;
    int error;

    if ((error = objects_of(w->g, m, KG_ORG_MEMBER, &members, &nm)) < 0 ||
        (error = objects_of(w->g, m, KG_ORG_ORGANIZATION, &orgs, &no)) < 0)
        goto done;
    for (i = 0, a = members.ptr; i < nm; i++, a += strlen(a) + 1)
        for (j = 0, b = orgs.ptr; j < no; j++, b += strlen(b) + 1) {
            int ra = node_index(w, a) >= 0, rb = node_index(w, b) >= 0;
            kg_term s = kg_iri(a), p = kg_iri(KG_ORG_MEMBEROF), o = kg_iri(b);
            if (!ra && !rb)
                continue;
            if (grow) {
                if ((error = reach(w, ra ? b : a)) < 0)
                    goto done;
                if (error == 0)
                    continue;
            } else if (!ra || !rb)
                continue;
            if (kg_triples_add(w->edges, &s, &p, &o, NULL) < 0) {
                error = KG_ENOMEM;
                goto done;
            }
        }
    error = 0;
done:
    kg_buf_dispose(&members);
    kg_buf_dispose(&orgs);
    return error;
}

/* Follow the links of node 'n' in direction 'out' (n as subject) or in
 * (n as object). With 'grow' 0 only links to nodes already reached. */
static int expand_node(walk *w, const char *n, int outward, int grow)
{
    kg_term t = kg_iri(n);
    librdf_stream *st;
    int error = 0;

    st = outward ? find(w->g, &t, NULL, NULL) : find(w->g, NULL, NULL, &t);
    if (!st)
        return 0;
    for (; !librdf_stream_end(st) && error == 0; librdf_stream_next(st)) {
        librdf_statement *s = librdf_stream_get_object(st);
        kg_term ts, tp, to;
        const char *other;
        node_kind k;
        int rc;

        kg_graph__term(&ts, librdf_statement_get_subject(s));
        kg_graph__term(&tp, librdf_statement_get_predicate(s));
        kg_graph__term(&to, librdf_statement_get_object(s));
        if (ts.kind != KG_TERM_IRI || to.kind != KG_TERM_IRI ||
            strcmp(tp.value, KG_RDF_TYPE) == 0)
            continue;
        other = outward ? to.value : ts.value;
        if (strcmp(other, n) == 0)
            continue;
        if ((k = classify(w->g, other)) == NODE_SKIP)
            continue;
        if (k == NODE_MEMBERSHIP) {
            error = via_membership(w, other, grow);
            continue;
        }
        if (grow)
            rc = reach(w, other);
        else
            rc = node_index(w, other) >= 0;
        if (rc < 0)
            error = rc;
        else if (rc == 1 && kg_triples_add(w->edges, &ts, &tp, &to, NULL) < 0)
            error = KG_ENOMEM;
    }
    librdf_free_stream(st);
    return error;
}

/* Append the rdf:type and rdfs:label quads of 'n'. */
static int describe(walk *w, const char *n)
{
    static const char *const preds[] = {KG_RDF_TYPE, KG_RDFS_LABEL};
    kg_term t = kg_iri(n);
    size_t i;
    int error = 0;

    for (i = 0; i < KG_ARRAY_SIZE(preds) && error == 0; i++) {
        librdf_stream *st = find(w->g, &t, preds[i], NULL);
        if (!st)
            continue;
        for (; !librdf_stream_end(st) && error == 0;
             librdf_stream_next(st)) {
            librdf_statement *s = librdf_stream_get_object(st);
            kg_term tp = kg_iri(preds[i]), to;
            kg_graph__term(&to, librdf_statement_get_object(s));
            if (kg_triples_add(w->edges, &t, &tp, &to, NULL) < 0)
                error = KG_ENOMEM;
        }
        librdf_free_stream(st);
    }
    return error;
}

int kg_graph_neighbourhood(kg_triples *out, kg_graph *g, const char *iri,
                           int hops, int max_nodes, kg_error *err)
{
    walk w;
    size_t i, n, start = 0, end, before = kg_triples_count(out);
    int h, error = 0;

    assert(out && g && iri);
    kg_graph__remote_reset(g);
    memset(&w, 0, sizeof(w));
    w.g = g;
    w.max_nodes = max_nodes > 0 ? max_nodes : 1;
    if ((error = kg_triples_new(&w.edges, NULL)) < 0 ||
        (error = reach(&w, iri)) < 0)
        goto done;
    error = 0; /* reach() gives 1 for a node added */
    for (h = 0; h <= hops && error == 0; h++) {
        /* The last round only draws links among the nodes reached. */
        int grow = h < hops;
        end = w.n_nodes;
        for (i = start; i < end && error == 0; i++)
            if ((error = expand_node(&w, w.nodes[i], 1, grow)) == 0)
                error = expand_node(&w, w.nodes[i], 0, grow);
        start = end;
    }
    for (i = 0; i < w.n_nodes && error == 0; i++)
        error = describe(&w, w.nodes[i]);
    if (error < 0)
        goto done;
    kg_triples_normalize(w.edges);
    n = kg_triples_count(w.edges);
    for (i = 0; i < n && error == 0; i++) {
        const kg_quad *q = kg_triples_get(w.edges, i);
        error = kg_triples_add(out, &q->s, &q->p, &q->o, NULL);
    }

done:
    for (i = 0; i < w.n_nodes; i++)
        kg__free(w.nodes[i]);
    kg__free(w.nodes);
    kg_triples_free(w.edges);
    if (error == 0 && (error = kg_graph__remote_check(g, 0, err)) < 0) {
        kg__triples_truncate(out, before);
        return error;
    }
    if (error < 0) {
        kg__triples_truncate(out, before);
        return kg_error_set(err, KG_ENOMEM, "out of memory");
    }
    return 0;
}
