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
    if ((c = strcmp(x->pred, y->pred)) != 0)
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
    for (i = 0; i < m->n_nodes; i++)
        m->nodes[i].cls = kg_viz__class_count - 1;
    return 0;
}

/* Attributes of nodes from the literal and rdf:type triples. */
static int collect_attributes(kg_viz__model *m, const kg_triples *t)
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
    size_t i;
    int error;

    assert(m && t && cap > 0);

    if ((error = collect_nodes(m, t)) < 0)
        goto done;
    if ((error = collect_attributes(m, t)) < 0 ||
        (error = collect_edges(m, t)) < 0)
        goto done;
    assign_states(m);
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
        kg_error_set(err, error, "no node to draw: the triples hold only "
                                 "literals or nothing");
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
