/*
 * model.c -- from triples to the nodes and edges of a diagram.
 *
 * Nodes are the IRI and blank subjects and objects; rdf:type picks the
 * node's class (the first of its types in kg_viz__classes), rdfs:label
 * (else skos:prefLabel, else a headline) its label, a start or
 * publication date is shown under the label; other literals are not
 * drawn. Edges are the remaining triples between two nodes, except
 * kg:participant where a role property (kg:host, kg:guest...) already
 * joins the same two nodes.
 *
 * Everything is sorted by term value, never by input position, so the
 * model (and the DOT made from it) depends only on the set of triples.
 * Strings are borrowed from the kg_triples, which must outlive the model.
 *
 * SPDX-License-Identifier: MIT
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kg/viz.h>
#include <kg/vocab.h>

#include "viz_int.h"

#define EV "note"
#define ORG "box"

const kg_viz__class kg_viz__classes[] = {
    {KG_NS "Meeting", "Meeting", EV, "#ffe699", "kg-meeting"},
    {KG_NS "Summit", "Summit", EV, "#ffc000", "kg-summit"},
    {KG_NS "Visit", "Visit", "cds", "#f8cbad", "kg-visit"},
    {KG_NS "Reception", "Reception", EV, "#f4b6d9", "kg-reception"},
    {KG_NS "Agreement", "Agreement", "component", "#c5e0b4",
     "kg-agreement"},
    {KG_NS "Statement", "Statement", "diamond", "#dae3f3", "kg-statement"},
    {KG_NS "Message", "Message", "diamond", "#e2d0f5", "kg-message"},
    {KG_NS "Pledge", "Pledge", "diamond", "#fbe5d6", "kg-pledge"},
    {KG_NS "Deployment", "Deployment", "invtrapezium", "#ff9999",
     "kg-deployment"},
    {KG_NS "Commemoration", "Commemoration", EV, "#d9d9d9",
     "kg-commemoration"},
    {KG_NS "Forum", "Forum", EV, "#bdd7ee", "kg-forum"},
    {KG_NS "Diplomatic", "Diplomatic event", EV, "#e7e6a8",
     "kg-diplomatic"},
    {KG_CLASS_EVENT, "Event", EV, "#fff2cc", "kg-event"},
    {KG_NS "Ministry", "Ministry", ORG, "#9dc3e6", "kg-ministry"},
    {KG_NS "Embassy", "Embassy", ORG, "#b4c7e7", "kg-embassy"},
    {KG_NS "Party", "Party", ORG, "#f4a6a6", "kg-party"},
    {KG_NS "Legislature", "Legislature", ORG, "#c9b3e6", "kg-legislature"},
    {KG_NS "Agency", "Agency", ORG, "#a9d18e", "kg-agency"},
    {KG_NS "Military", "Military", ORG, "#b7c48f", "kg-military"},
    {KG_NS "Media", "Media", ORG, "#ffd9a8", "kg-media"},
    {KG_NS "International", "International organisation", ORG, "#9fd6d2",
     "kg-international"},
    {KG_CLASS_ORGANIZATION, "Organisation", ORG, "#deebf7", "kg-org"},
    {KG_CLASS_STATE, "State", "doubleoctagon", "#ff9f80", "kg-state"},
    {KG_CLASS_COUNTRY, "Country", "doubleoctagon", "#ffc9b3", "kg-country"},
    {KG_CLASS_PERSON, "Person", "ellipse", "#cfe2f3", "kg-person"},
    {KG_CLASS_PLACE, "Place", "house", "#d5e8d4", "kg-place"},
    {KG_CLASS_ARTICLE, "Article", "tab", "#eeeeee", "kg-article"},
    {NULL, "Other", "ellipse", "#ffffff", "kg-other"},
};
const size_t kg_viz__class_count = KG_ARRAY_SIZE(kg_viz__classes);

/* Role properties that refine kg:participant. */
static const char *const roles[] = {
    KG_NS "host",      KG_NS "guest",   KG_NS "agent", KG_NS "addressee",
    KG_NS "attendee",  KG_NS "speaker", KG_NS "subject",
};

#define SCHEMA_URL KG_NS_SCHEMA "url"

static int is_node(const kg_term *t)
{
    return (t->kind == KG_TERM_IRI || t->kind == KG_TERM_BLANK) && t->value;
}

static int node_cmp(const void *a, const void *b)
{
    const kg_viz__node *x = a, *y = b;

    if (x->blank != y->blank)
        return x->blank - y->blank;
    return strcmp(x->id, y->id);
}

static int edge_cmp(const void *a, const void *b)
{
    const kg_viz__edge *x = a, *y = b;
    int c;

    if (x->s != y->s)
        return x->s < y->s ? -1 : 1;
    if ((c = strcmp(x->pred ? x->pred : "", y->pred ? y->pred : "")) != 0)
        return c;
    if (x->o != y->o)
        return x->o < y->o ? -1 : 1;
    return 0;
}

static kg_viz__node *find(const kg_viz__model *m, const kg_term *t)
{
    kg_viz__node key;

    memset(&key, 0, sizeof(key));
    key.id = t->value;
    key.blank = t->kind == KG_TERM_BLANK;
    return bsearch(&key, m->nodes, m->n_nodes, sizeof(key), node_cmp);
}

static int is_role(const char *pred)
{
    size_t i;

    for (i = 0; i < KG_ARRAY_SIZE(roles); i++)
        if (strcmp(pred, roles[i]) == 0)
            return 1;
    return 0;
}

/* Literal preference: no language or English first, then the smaller
 * value, so the choice does not depend on input order. */
static int lang_rank(const kg_term *t)
{
    return (!t->lang || !*t->lang || strncmp(t->lang, "en", 2) == 0) ? 0 : 1;
}

/* Label sources, best first. */
static int label_source(const char *pred)
{
    if (strcmp(pred, KG_RDFS_LABEL) == 0)
        return 1;
    if (strcmp(pred, KG_SKOS_PREFLABEL) == 0)
        return 2;
    if (strcmp(pred, KG_SCHEMA_HEADLINE) == 0)
        return 3;
    return 0;
}

static int date_source(const char *pred)
{
    return strcmp(pred, KG_EVENT_DATE) == 0 ||
           strcmp(pred, KG_SCHEMA_DATEPUBLISHED) == 0;
}

static size_t class_of(const char *iri)
{
    size_t i;

    for (i = 0; i + 1 < kg_viz__class_count; i++)
        if (strcmp(iri, kg_viz__classes[i].iri) == 0)
            return i;
    return kg_viz__class_count - 1;
}

static int collect_nodes(kg_viz__model *m, const kg_triples *t)
{
    size_t i, n = kg_triples_count(t), k = 0;

    if ((m->nodes = kg__calloc(2 * n + 1, sizeof(*m->nodes))) == NULL)
        return KG_ENOMEM;
    for (i = 0; i < n; i++) {
        const kg_quad *q = kg_triples_get(t, i);
        const kg_term *ends[2];
        size_t j;

        ends[0] = &q->s;
        ends[1] = (q->p.value && strcmp(q->p.value, KG_RDF_TYPE) == 0)
                      ? NULL : &q->o;
        for (j = 0; j < 2; j++) {
            if (!ends[j] || !is_node(ends[j]))
                continue;
            m->nodes[k].id = ends[j]->value;
            m->nodes[k].blank = ends[j]->kind == KG_TERM_BLANK;
            k++;
        }
    }
    if (k == 0)
        return KG_EINVALID;
    qsort(m->nodes, k, sizeof(*m->nodes), node_cmp);
    m->n_nodes = 0;
    for (i = 0; i < k; i++)
        if (m->n_nodes == 0 ||
            node_cmp(&m->nodes[m->n_nodes - 1], &m->nodes[i]) != 0)
            m->nodes[m->n_nodes++] = m->nodes[i];
    for (i = 0; i < m->n_nodes; i++) {
        m->nodes[i].cls = kg_viz__class_count - 1;
        m->nodes[i].score = -1;
    }
    return 0;
}

/* Attributes of nodes from the literal and rdf:type triples. */
static int collect_attributes(kg_viz__model *m, const kg_triples *t,
                              const char *size_by)
{
    size_t i, n = kg_triples_count(t);
    int *label_src; /* per node: rank of its label, source * 2 + language */

    if ((label_src = kg__calloc(m->n_nodes, sizeof(int))) == NULL)
        return KG_ENOMEM;
    for (i = 0; i < n; i++) {
        const kg_quad *q = kg_triples_get(t, i);
        kg_viz__node *node;
        int src;

        if (!is_node(&q->s) || !q->p.value ||
            (node = find(m, &q->s)) == NULL)
            continue;
        if (strcmp(q->p.value, KG_RDF_TYPE) == 0) {
            size_t cls;
            if (q->o.kind != KG_TERM_IRI || !q->o.value)
                continue;
            if ((cls = class_of(q->o.value)) < node->cls)
                node->cls = cls;
            continue;
        }
        if (q->o.kind != KG_TERM_LITERAL || !q->o.value)
            continue;
        if (size_by && strcmp(q->p.value, size_by) == 0) {
            char *end;
            double v = strtod(q->o.value, &end);
            if (end != q->o.value && *end == '\0' && v >= 0 &&
                v > node->score)
                node->score = v;
            continue;
        }
        if ((src = label_source(q->p.value)) != 0) {
            int rank = src * 2 + lang_rank(&q->o);
            int cur = label_src[node - m->nodes];
            if (!node->label || rank < cur ||
                (rank == cur && strcmp(q->o.value, node->label) < 0)) {
                node->label = q->o.value;
                label_src[node - m->nodes] = rank;
            }
        } else if (date_source(q->p.value)) {
            if (!node->date || strcmp(q->o.value, node->date) < 0)
                node->date = q->o.value;
        } else if (strcmp(q->p.value, SCHEMA_URL) == 0) {
            if (!node->url || strcmp(q->o.value, node->url) < 0)
                node->url = q->o.value;
        }
    }
    kg__free(label_src);
    return 0;
}

static int collect_edges(kg_viz__model *m, const kg_triples *t)
{
    size_t i, j, n = kg_triples_count(t), k = 0;

    if ((m->edges = kg__calloc(n + 1, sizeof(*m->edges))) == NULL)
        return KG_ENOMEM;
    for (i = 0; i < n; i++) {
        const kg_quad *q = kg_triples_get(t, i);
        kg_viz__node *s, *o;

        if (!is_node(&q->s) || !is_node(&q->o) || !q->p.value ||
            strcmp(q->p.value, KG_RDF_TYPE) == 0)
            continue;
        s = find(m, &q->s);
        o = find(m, &q->o);
        assert(s && o);
        m->edges[k].s = (size_t)(s - m->nodes);
        m->edges[k].o = (size_t)(o - m->nodes);
        m->edges[k].pred = q->p.value;
        k++;
    }
    qsort(m->edges, k, sizeof(*m->edges), edge_cmp);
    m->n_edges = 0;
    for (i = 0; i < k; i++) {
        const kg_viz__edge *e = &m->edges[i];
        int skip = 0;
        if (m->n_edges > 0 && edge_cmp(&m->edges[m->n_edges - 1], e) == 0)
            continue;
        if (strcmp(e->pred, KG_PARTICIPANT) == 0) {
            /* edges of one subject are contiguous: look for a role */
            for (j = i; j > 0 && m->edges[j - 1].s == e->s; j--)
                ;
            for (; j < k && m->edges[j].s == e->s; j++)
                if (m->edges[j].o == e->o && is_role(m->edges[j].pred))
                    skip = 1;
        }
        if (!skip)
            m->edges[m->n_edges++] = *e;
    }
    return 0;
}

static int is_state(const kg_viz__node *n)
{
    const char *iri = kg_viz__classes[n->cls].iri;

    return iri && (strcmp(iri, KG_CLASS_STATE) == 0 ||
                   strcmp(iri, KG_CLASS_COUNTRY) == 0);
}

/* Edges are sorted by subject, so each node takes the first state in
 * term order: the result does not depend on input order. */
static void assign_states(kg_viz__model *m)
{
    size_t i;

    for (i = 0; i < m->n_edges; i++) {
        const kg_viz__edge *e = &m->edges[i];
        if (strcmp(e->pred, KG_STATE) == 0 && is_state(&m->nodes[e->o]) &&
            !m->nodes[e->s].state && !is_state(&m->nodes[e->s])) {
            m->nodes[e->s].state = e->o + 1;
            m->nodes[e->o].state = e->o + 1;
        }
    }
    for (i = 0; i < m->n_edges; i++) {
        const kg_viz__edge *e = &m->edges[i];
        const kg_viz__node *org = &m->nodes[e->o];
        if (strcmp(e->pred, KG_ORG_MEMBEROF) == 0 && org->state &&
            !is_state(org) && !m->nodes[e->s].state &&
            !is_state(&m->nodes[e->s]))
            m->nodes[e->s].state = org->state;
    }
}

static int degree_cmp(const void *a, const void *b)
{
    const kg_viz__node *const *x = a, *const *y = b;

    if ((*x)->focus != (*y)->focus)
        return (*y)->focus - (*x)->focus;
    if ((*x)->degree != (*y)->degree)
        return (*x)->degree > (*y)->degree ? -1 : 1;
    return (*x < *y) ? -1 : (*x > *y);
}

/* Keep the focus and the best connected nodes up to 'cap'. */
static int apply_cap(kg_viz__model *m, size_t cap)
{
    kg_viz__node **order = NULL;
    size_t i;

    if (m->n_nodes <= cap) {
        for (i = 0; i < m->n_nodes; i++)
            m->nodes[i].keep = 1;
    } else {
        if ((order = kg__malloc(m->n_nodes * sizeof(*order))) == NULL)
            return KG_ENOMEM;
        for (i = 0; i < m->n_nodes; i++)
            order[i] = &m->nodes[i];
        qsort(order, m->n_nodes, sizeof(*order), degree_cmp);
        for (i = 0; i < cap; i++)
            order[i]->keep = 1;
        kg__free(order);
    }
    m->kept_nodes = m->n_nodes < cap ? m->n_nodes : cap;
    m->kept_edges = 0;
    for (i = 0; i < m->n_edges; i++)
        if (m->nodes[m->edges[i].s].keep && m->nodes[m->edges[i].o].keep)
            m->kept_edges++;
    return 0;
}

/* Nonzero when the node's class is an event class (they come first in
 * the class table, up to schema:Event). */
int kg_viz__is_event(const kg_viz__node *n)
{
    size_t i;

    for (i = 0; i < kg_viz__class_count && kg_viz__classes[i].iri; i++)
        if (strcmp(kg_viz__classes[i].iri, KG_CLASS_EVENT) == 0)
            return n->cls <= i;
    return 0;
}

static int is_class(const kg_viz__node *n, const char *iri)
{
    const char *c = kg_viz__classes[n->cls].iri;

    return c && strcmp(c, iri) == 0;
}

/* Nonzero when the node is a place. */
int kg_viz__is_place(const kg_viz__node *n)
{
    return is_class(n, KG_CLASS_PLACE);
}

/* Keep only the nodes with want[i] set: nodes are compacted in order,
 * edges and state links remapped, edges to dropped nodes dropped. */
static int restrict_nodes(kg_viz__model *m, const unsigned char *want)
{
    size_t *map, i, k = 0;

    if ((map = kg__calloc(m->n_nodes + 1, sizeof(*map))) == NULL)
        return KG_ENOMEM;
    for (i = 0; i < m->n_nodes; i++)
        map[i] = want[i] ? k++ : (size_t)-1;
    for (i = 0; i < m->n_nodes; i++) {
        kg_viz__node *node = &m->nodes[i];
        if (!want[i])
            continue;
        node->state = (node->state && map[node->state - 1] != (size_t)-1)
                          ? map[node->state - 1] + 1 : 0;
        m->nodes[map[i]] = *node;
    }
    m->n_nodes = k;
    for (i = 0, k = 0; i < m->n_edges; i++) {
        kg_viz__edge e = m->edges[i];
        if (map[e.s] == (size_t)-1 || map[e.o] == (size_t)-1)
            continue;
        e.s = map[e.s];
        e.o = map[e.o];
        m->edges[k++] = e;
    }
    m->n_edges = k;
    kg__free(map);
    return 0;
}

static int dated(const kg_viz__node *n)
{
    const char *d = n->date;

    return d && d[0] >= '0' && d[0] <= '9' && d[1] >= '0' && d[1] <= '9' &&
           d[2] >= '0' && d[2] <= '9' && d[3] >= '0' && d[3] <= '9';
}

/* Timeline: the dated events and the nodes linked to one; the number of
 * undated events goes into m->undated. */
static int shape_timeline(kg_viz__model *m)
{
    unsigned char *want;
    size_t i;
    int error;

    if ((want = kg__calloc(m->n_nodes + 1, 1)) == NULL)
        return KG_ENOMEM;
    for (i = 0; i < m->n_edges; i++) {
        const kg_viz__edge *e = &m->edges[i];
        const kg_viz__node *s = &m->nodes[e->s], *o = &m->nodes[e->o];
        if ((kg_viz__is_event(s) && dated(s)) ||
            (kg_viz__is_event(o) && dated(o)))
            want[e->s] = want[e->o] = 1;
    }
    for (i = 0; i < m->n_nodes; i++) {
        if (!kg_viz__is_event(&m->nodes[i]))
            continue;
        if (dated(&m->nodes[i]))
            want[i] = 1;
        else {
            want[i] = 0;
            m->undated++;
        }
    }
    error = restrict_nodes(m, want);
    kg__free(want);
    return error;
}

/* An actor of the overview: a person, organisation or state. */
static int is_actor(const kg_viz__node *n)
{
    return !kg_viz__is_event(n) && !kg_viz__is_place(n) &&
           kg_viz__classes[n->cls].iri &&
           !is_class(n, KG_CLASS_ARTICLE);
}

typedef struct pair {
    size_t a, b;
} pair;

static int pair_cmp(const void *x, const void *y)
{
    const pair *p = x, *q = y;

    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    if (p->b != q->b)
        return p->b < q->b ? -1 : 1;
    return 0;
}

/* Overview: events become weighted edges between their actors. */
static int shape_overview(kg_viz__model *m)
{
    pair *part = NULL, *pairs = NULL;
    unsigned char *want = NULL;
    size_t i, j, k, np = 0, npairs = 0, cap = 0;
    int error = KG_ENOMEM;

    /* (event, actor) pairs, sorted, without duplicates */
    if ((part = kg__calloc(m->n_edges + 1, sizeof(*part))) == NULL ||
        (want = kg__calloc(m->n_nodes + 1, 1)) == NULL)
        goto done;
    for (i = 0; i < m->n_edges; i++) {
        const kg_viz__edge *e = &m->edges[i];
        if (kg_viz__is_event(&m->nodes[e->s]) && is_actor(&m->nodes[e->o]))
            part[np].a = e->s, part[np++].b = e->o;
        else if (kg_viz__is_event(&m->nodes[e->o]) &&
                 is_actor(&m->nodes[e->s]))
            part[np].a = e->o, part[np++].b = e->s;
    }
    qsort(part, np, sizeof(*part), pair_cmp);
    for (i = 0, k = 0; i < np; i++)
        if (k == 0 || pair_cmp(&part[k - 1], &part[i]) != 0)
            part[k++] = part[i];
    np = k;
    /* every two actors of one event */
    for (i = 0; i < np; i = j) {
        size_t x, y;
        for (j = i; j < np && part[j].a == part[i].a; j++)
            ;
        for (x = i; x < j; x++)
            for (y = x + 1; y < j; y++) {
                if (npairs == cap) {
                    size_t ncap = cap ? 2 * cap : 64;
                    void *p = kg__realloc(pairs, ncap * sizeof(*pairs));
                    if (!p)
                        goto done;
                    pairs = p;
                    cap = ncap;
                }
                pairs[npairs].a = part[x].b < part[y].b ? part[x].b
                                                        : part[y].b;
                pairs[npairs++].b = part[x].b < part[y].b ? part[y].b
                                                          : part[x].b;
            }
    }
    if (npairs)
        qsort(pairs, npairs, sizeof(*pairs), pair_cmp);
    /* the new edges: one per pair, weighted; the old ones go */
    if (npairs > m->n_edges) {
        void *p = kg__realloc(m->edges, npairs * sizeof(*m->edges));
        if (!p)
            goto done;
        m->edges = p;
    }
    for (i = 0, k = 0; i < npairs; i = j) {
        for (j = i; j < npairs && pair_cmp(&pairs[i], &pairs[j]) == 0; j++)
            ;
        m->edges[k].s = pairs[i].a;
        m->edges[k].o = pairs[i].b;
        m->edges[k].pred = NULL;
        m->edges[k].weight = j - i;
        want[pairs[i].a] = want[pairs[i].b] = 1;
        k++;
    }
    m->n_edges = k;
    /* states and what belongs to one stay, so the clusters are whole */
    for (i = 0; i < m->n_nodes; i++)
        if (is_actor(&m->nodes[i]) && m->nodes[i].state &&
            (want[i] || want[m->nodes[i].state - 1]))
            want[i] = want[m->nodes[i].state - 1] = 1;
    error = restrict_nodes(m, want);

done:
    kg__free(part);
    kg__free(pairs);
    kg__free(want);
    return error;
}

/*
 * Build the model of 't' into the zeroed 'm': nodes, their class, label,
 * date and link, edges, degrees and DOT names; mark the node whose IRI is
 * 'focus' (may be NULL) and keep at most 'cap' nodes (the focus first,
 * then by degree, then in node order). Returns 0, KG_EINVALID when 't'
 * has no IRI or blank node, or KG_ENOMEM, with the detail in 'err'; on
 * failure 'm' is disposed. 'm' borrows the strings of 't'.
 */
int kg_viz__model_build(kg_viz__model *m, const kg_triples *t,
                        const char *focus, size_t cap, kg_error *err)
{
    return kg_viz__model_build_kind(m, t, focus, cap, NULL, 0, err);
}

/*
 * As kg_viz__model_build, with node scores from 'size_by' (may be NULL)
 * and the model shaped for 'kind' (a kg_viz_kind). Returns 0, KG_EINVALID
 * when nothing is left to draw, or KG_ENOMEM.
 */
int kg_viz__model_build_kind(kg_viz__model *m, const kg_triples *t,
                             const char *focus, size_t cap,
                             const char *size_by, int kind, kg_error *err)
{
    size_t i;
    int error;

    assert(m && t && cap > 0);

    if ((error = collect_nodes(m, t)) < 0)
        goto done;
    if ((error = collect_attributes(m, t, size_by)) < 0 ||
        (error = collect_edges(m, t)) < 0)
        goto done;
    assign_states(m);
    if (kind == KG_VIZ_TIMELINE)
        error = shape_timeline(m);
    else if (kind == KG_VIZ_OVERVIEW)
        error = shape_overview(m);
    if (error < 0)
        goto done;
    if (m->n_nodes == 0) {
        error = KG_EINVALID;
        goto done;
    }
    for (i = 0; i < m->n_edges; i++) {
        m->nodes[m->edges[i].s].degree++;
        m->nodes[m->edges[i].o].degree++;
    }
    for (i = 0; i < m->n_nodes; i++) {
        kg_viz__node *node = &m->nodes[i];
        char hex[65];
        kg__sha256_hex(hex, node->id, strlen(node->id));
        snprintf(node->name, sizeof(node->name), "%c%.16s",
                 node->blank ? 'b' : 'n', hex);
        node->focus = focus && !node->blank && strcmp(node->id, focus) == 0;
    }
    error = apply_cap(m, cap);

done:
    if (error == KG_EINVALID)
        kg_error_set(err, error, kind == KG_VIZ_GRAPH
                                     ? "no node to draw: the triples hold "
                                       "only literals or nothing"
                                     : "no node to draw: no events with "
                                       "participants");
    else if (error < 0)
        kg_error_set(err, error, "out of memory");
    if (error < 0)
        kg_viz__model_dispose(m);
    return error;
}

/* Free what 'm' owns and zero it; NULL is a no-op. */
void kg_viz__model_dispose(kg_viz__model *m)
{
    if (!m)
        return;
    kg__free(m->nodes);
    kg__free(m->edges);
    memset(m, 0, sizeof(*m));
}
