/*
 * network.c -- the entity/event network of a store or of triples.
 *
 * One CONSTRUCT with a single triple pattern filtered on the predicate
 * reads what the network needs (rasqal is slow on joins); the rest is
 * done here over sorted arrays: nodes are the IRIs typed with an entity
 * or event class, links the link properties between two nodes, plus the
 * org:member of a post joined to the post's org:organization and
 * kg:state. A kg:participant link is dropped where a role property
 * (kg:host...) joins the same two nodes.
 *
 * SPDX-License-Identifier: MIT
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "analyze_int.h"

#define RDF_TYPE KG_RDF_TYPE
#define LOCATION KG_NS_SCHEMA "location"

/* Classes, most specific first; 'cls' is the broad class. */
static const struct {
    const char *iri, *cls;
} classes[] = {
    {KG_NS "Meeting", "event"},        {KG_NS "Summit", "event"},
    {KG_NS "Visit", "event"},          {KG_NS "Reception", "event"},
    {KG_NS "Agreement", "event"},      {KG_NS "Statement", "event"},
    {KG_NS "Message", "event"},        {KG_NS "Pledge", "event"},
    {KG_NS "Deployment", "event"},     {KG_NS "Commemoration", "event"},
    {KG_NS "Forum", "event"},          {KG_NS "Diplomatic", "event"},
    {KG_CLASS_EVENT, "event"},         {KG_NS "Ministry", "organisation"},
    {KG_NS "Embassy", "organisation"}, {KG_NS "Party", "organisation"},
    {KG_NS "Legislature", "organisation"},
    {KG_NS "Agency", "organisation"},  {KG_NS "Military", "organisation"},
    {KG_NS "Media", "organisation"},
    {KG_NS "International", "organisation"},
    {KG_CLASS_ORGANIZATION, "organisation"},
    {KG_CLASS_STATE, "state"},         {KG_CLASS_COUNTRY, "state"},
    {KG_CLASS_PERSON, "person"},       {KG_CLASS_PLACE, "place"},
};

/* Properties that link two nodes. */
static const char *const link_preds[] = {
    KG_NS "host",     KG_NS "guest",   KG_NS "agent",   KG_NS "addressee",
    KG_NS "attendee", KG_NS "speaker", KG_NS "subject", KG_PARTICIPANT,
    LOCATION,         KG_ORG_MEMBEROF, KG_STATE,
};

static const char *const metric_preds[4] = {KG_DEGREE, KG_BETWEENNESS,
                                            KG_PAGERANK, KG_COMMUNITY};

static const char load_query[] =
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER("
    "?p = rdf:type || ?p = rdfs:label || ?p = schema:startDate || "
    "?p = prov:wasDerivedFrom || ?p = kg:state || ?p = org:memberOf || "
    "?p = org:member || ?p = org:organization || ?p = kg:host || "
    "?p = kg:guest || ?p = kg:agent || ?p = kg:addressee || "
    "?p = kg:attendee || ?p = kg:speaker || ?p = kg:subject || "
    "?p = kg:participant || ?p = schema:location || ?p = kg:degree || "
    "?p = kg:betweenness || ?p = kg:pagerank || ?p = kg:community) }";

static int class_rank(const char *iri)
{
    size_t i;

    for (i = 0; i < KG_ARRAY_SIZE(classes); i++)
        if (strcmp(iri, classes[i].iri) == 0)
            return (int)i;
    return -1;
}

static int is_link_pred(const char *p)
{
    size_t i;

    for (i = 0; i < KG_ARRAY_SIZE(link_preds); i++)
        if (strcmp(p, link_preds[i]) == 0)
            return 1;
    return 0;
}

static int is_role(const char *p)
{
    return is_link_pred(p) && strcmp(p, KG_PARTICIPANT) != 0 &&
           strcmp(p, LOCATION) != 0 && strcmp(p, KG_ORG_MEMBEROF) != 0 &&
           strcmp(p, KG_STATE) != 0;
}

static int node_cmp(const void *a, const void *b)
{
    return strcmp(((const kg_analyze__node *)a)->id,
                  ((const kg_analyze__node *)b)->id);
}

static int link_cmp(const void *a, const void *b)
{
    const kg_analyze__link *x = a, *y = b;
    int c;

    if (x->s != y->s)
        return x->s < y->s ? -1 : 1;
    if ((c = strcmp(x->pred, y->pred)) != 0)
        return c;
    if (x->o != y->o)
        return x->o < y->o ? -1 : 1;
    return 0;
}

/* Index of the node 'iri' or (size_t)-1. */
size_t kg_analyze__find(const kg_network *n, const char *iri)
{
    kg_analyze__node key, *hit;

    memset(&key, 0, sizeof(key));
    key.id = iri;
    hit = bsearch(&key, n->nodes, n->n_nodes, sizeof(key), node_cmp);
    return hit ? (size_t)(hit - n->nodes) : (size_t)-1;
}

/* The local name of 'iri', borrowed, its length in '*len'. */
const char *kg_analyze__local(const char *iri, size_t *len)
{
    size_t n = strlen(iri), i;

    for (i = n; i > 0; i--)
        if ((iri[i - 1] == '#' || iri[i - 1] == '/') && i < n)
            break;
    *len = n - i;
    return iri + i;
}

static int is_iri(const kg_term *t)
{
    return t->kind == KG_TERM_IRI && t->value;
}

static void keep_least(const char **slot, const char *v)
{
    if (!*slot || strcmp(v, *slot) < 0)
        *slot = v;
}

static int collect_nodes(kg_network *n)
{
    size_t i, k = 0, count = kg_triples_count(n->t);

    if ((n->nodes = kg__calloc(count + 1, sizeof(*n->nodes))) == NULL)
        return KG_ENOMEM;
    for (i = 0; i < count; i++) {
        const kg_quad *q = kg_triples_get(n->t, i);
        int r;
        if (!is_iri(&q->s) || !q->p.value ||
            strcmp(q->p.value, RDF_TYPE) != 0 || !is_iri(&q->o) ||
            (r = class_rank(q->o.value)) < 0)
            continue;
        n->nodes[k].id = q->s.value;
        n->nodes[k].rank = r;
        k++;
    }
    qsort(n->nodes, k, sizeof(*n->nodes), node_cmp);
    n->n_nodes = 0;
    for (i = 0; i < k; i++) {
        kg_analyze__node *last = n->n_nodes ? &n->nodes[n->n_nodes - 1]
                                            : NULL;
        if (last && strcmp(last->id, n->nodes[i].id) == 0) {
            if (n->nodes[i].rank < last->rank)
                last->rank = n->nodes[i].rank;
            continue;
        }
        n->nodes[n->n_nodes++] = n->nodes[i];
    }
    for (i = 0; i < n->n_nodes; i++) {
        n->nodes[i].type = classes[n->nodes[i].rank].iri;
        n->nodes[i].cls = classes[n->nodes[i].rank].cls;
    }
    return 0;
}

static void collect_attributes(kg_network *n)
{
    size_t i, j, count = kg_triples_count(n->t), at;

    for (i = 0; i < count; i++) {
        const kg_quad *q = kg_triples_get(n->t, i);
        kg_analyze__node *node;
        if (!is_iri(&q->s) || !q->p.value || !q->o.value ||
            (at = kg_analyze__find(n, q->s.value)) == (size_t)-1)
            continue;
        node = &n->nodes[at];
        if (q->o.kind == KG_TERM_LITERAL) {
            if (strcmp(q->p.value, KG_RDFS_LABEL) == 0)
                keep_least(&node->label, q->o.value);
            else if (strcmp(q->p.value, KG_EVENT_DATE) == 0)
                keep_least(&node->date, q->o.value);
            for (j = 0; j < 4; j++)
                if (strcmp(q->p.value, metric_preds[j]) == 0)
                    keep_least(&node->metric[j], q->o.value);
        } else if (q->o.kind == KG_TERM_IRI &&
                   strcmp(q->p.value, KG_PROV_DERIVED) == 0) {
            keep_least(&node->source, q->o.value);
        }
    }
}

/* A post: its IRI, member, organisation, state and source. */
typedef struct post {
    const char *id, *member, *org, *state, *source;
} post;

static int post_cmp(const void *a, const void *b)
{
    const post *x = a, *y = b;
    int c = strcmp(x->id, y->id);

    return c ? c : strcmp(x->member, y->member);
}

static int push_link(kg_network *n, size_t *cap, size_t s, size_t o,
                     const char *pred, const char *source)
{
    kg_analyze__link *l;

    if (n->n_links == *cap) {
        size_t ncap = *cap ? *cap * 2 : 64;
        void *p = kg__realloc(n->links, ncap * sizeof(*n->links));
        if (!p)
            return KG_ENOMEM;
        n->links = p;
        *cap = ncap;
    }
    l = &n->links[n->n_links++];
    l->s = s;
    l->o = o;
    l->pred = pred;
    l->source = source ? source : n->nodes[s].source;
    l->date = n->nodes[s].date;
    return 0;
}

static int collect_posts(kg_network *n, size_t *cap)
{
    size_t i, k = 0, count = kg_triples_count(n->t);
    post *posts;
    int error = 0;

    if ((posts = kg__calloc(count + 1, sizeof(*posts))) == NULL)
        return KG_ENOMEM;
    for (i = 0; i < count; i++) {
        const kg_quad *q = kg_triples_get(n->t, i);
        if (is_iri(&q->s) && q->p.value &&
            strcmp(q->p.value, KG_ORG_MEMBER) == 0 && is_iri(&q->o) &&
            kg_analyze__find(n, q->o.value) != (size_t)-1) {
            posts[k].id = q->s.value;
            posts[k].member = q->o.value;
            k++;
        }
    }
    qsort(posts, k, sizeof(*posts), post_cmp);
    for (i = 0; i < count && k > 0; i++) {
        const kg_quad *q = kg_triples_get(n->t, i);
        size_t j, lo, hi;
        if (!is_iri(&q->s) || !is_iri(&q->o) || !q->p.value)
            continue;
        lo = 0;
        hi = k;
        while (lo < hi) { /* the first post named q->s */
            size_t mid = lo + (hi - lo) / 2;
            if (strcmp(posts[mid].id, q->s.value) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (j = lo; j < k && strcmp(posts[j].id, q->s.value) == 0; j++) {
            post *hit = &posts[j];
            if (strcmp(q->p.value, KG_ORG_ORGANIZATION) == 0)
                keep_least(&hit->org, q->o.value);
            else if (strcmp(q->p.value, KG_STATE) == 0)
                keep_least(&hit->state, q->o.value);
            else if (strcmp(q->p.value, KG_PROV_DERIVED) == 0)
                keep_least(&hit->source, q->o.value);
        }
    }
    for (i = 0; i < k && !error; i++) {
        size_t m = kg_analyze__find(n, posts[i].member), o;
        if (posts[i].org &&
            (o = kg_analyze__find(n, posts[i].org)) != (size_t)-1 && o != m)
            error = push_link(n, cap, m, o, KG_ORG_MEMBEROF,
                              posts[i].source);
        if (!error && posts[i].state &&
            (o = kg_analyze__find(n, posts[i].state)) != (size_t)-1 &&
            o != m)
            error = push_link(n, cap, m, o, KG_STATE, posts[i].source);
    }
    kg__free(posts);
    return error;
}

static int collect_links(kg_network *n)
{
    size_t i, j, k, cap = 0, count = kg_triples_count(n->t);
    int error;

    for (i = 0; i < count; i++) {
        const kg_quad *q = kg_triples_get(n->t, i);
        size_t s, o;
        if (!is_iri(&q->s) || !is_iri(&q->o) || !q->p.value ||
            !is_link_pred(q->p.value) ||
            (s = kg_analyze__find(n, q->s.value)) == (size_t)-1 ||
            (o = kg_analyze__find(n, q->o.value)) == (size_t)-1 || s == o)
            continue;
        if ((error = push_link(n, &cap, s, o, q->p.value, NULL)) < 0)
            return error;
    }
    if ((error = collect_posts(n, &cap)) < 0)
        return error;
    if (n->n_links == 0)
        return 0;
    qsort(n->links, n->n_links, sizeof(*n->links), link_cmp);
    k = 0;
    for (i = 0; i < n->n_links; i++) {
        const kg_analyze__link *l = &n->links[i];
        int skip = 0;
        if (k > 0 && link_cmp(&n->links[k - 1], l) == 0)
            continue;
        if (strcmp(l->pred, KG_PARTICIPANT) == 0) {
            /* links of one subject are contiguous: look for a role */
            for (j = i; j > 0 && n->links[j - 1].s == l->s; j--)
                ;
            for (; j < n->n_links && n->links[j].s == l->s; j++)
                if (n->links[j].o == l->o && is_role(n->links[j].pred))
                    skip = 1;
        }
        if (!skip)
            n->links[k++] = *l;
    }
    n->n_links = k;
    return 0;
}

/*
 * Build the network of 't' into '*out' (the strings are copied).
 * Returns 0 or KG_ENOMEM with the detail in 'err'.
 */
int kg_network_from_triples(kg_network **out, const kg_triples *t,
                            kg_error *err)
{
    kg_network *n;
    size_t i, count;
    int error;

    assert(out && t);
    *out = NULL;
    if ((n = kg__calloc(1, sizeof(*n))) == NULL)
        return kg_error_set(err, KG_ENOMEM, "out of memory");
    if ((error = kg_triples_new(&n->t, err)) < 0)
        goto done;
    count = kg_triples_count(t);
    for (i = 0; i < count; i++) {
        const kg_quad *q = kg_triples_get(t, i);
        if ((error = kg_triples_add(n->t, &q->s, &q->p, &q->o, NULL)) < 0)
            goto done;
    }
    kg_triples_normalize(n->t);
    if ((error = collect_nodes(n)) < 0)
        goto done;
    collect_attributes(n);
    error = collect_links(n);

done:
    if (error < 0) {
        kg_network_free(n);
        return kg_error_set(err, KG_ENOMEM, "out of memory");
    }
    *out = n;
    return 0;
}

/*
 * Read the network of the store 'g' into '*out'. Returns 0, KG_EQUERY or
 * KG_ENOMEM with the detail in 'err'.
 */
int kg_network_load(kg_network **out, kg_graph *g, kg_error *err)
{
    kg_query_options opts = KG_QUERY_OPTIONS_INIT;
    kg_triples *t = NULL;
    kg_result *r = NULL;
    int error;

    assert(out && g);
    *out = NULL;
    if ((error = kg_triples_new(&t, err)) < 0 ||
        (error = kg_graph_query(&r, g, load_query, &opts, err)) < 0 ||
        (error = kg_result_triples(r, t, err)) < 0)
        goto done;
    error = kg_network_from_triples(out, t, err);

done:
    kg_result_free(r);
    kg_triples_free(t);
    return error;
}

/* Free 'n' and everything it owns; NULL is a no-op. */
void kg_network_free(kg_network *n)
{
    if (!n)
        return;
    kg_triples_free(n->t);
    kg__free(n->nodes);
    kg__free(n->links);
    kg__free(n);
}

/* Number of nodes of 'n'. */
size_t kg_network_node_count(const kg_network *n)
{
    assert(n);
    return n->n_nodes;
}

/* Number of links of 'n'. */
size_t kg_network_link_count(const kg_network *n)
{
    assert(n);
    return n->n_links;
}
