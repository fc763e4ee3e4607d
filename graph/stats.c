/*
 * stats.c -- kg_graph_stats: what a store holds.
 *
 * One pass over (?, rdf:type, ?) through the predicate index collects
 * (class, subject) pairs of the classes kg writes (entity classes, the
 * organisation subtypes, schema:Event and the event types, articles);
 * sorting them and dropping duplicates counts each entity once however
 * many articles mention it. Quads and named graphs are counted by walking
 * the store (BDB hashes cannot count), disk use by summing the files of
 * the store directory.
 *
 * SPDX-License-Identifier: MIT
 */
#include <assert.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "remote.h"

/* Classes counted per entity; 'event' marks the event types. */
static const struct {
    const char *iri;
    int event;
} counted[] = {
    {KG_CLASS_PERSON, 0},       {KG_CLASS_STATE, 0},
    {KG_CLASS_COUNTRY, 0},      {KG_CLASS_ORGANIZATION, 0},
    {KG_CLASS_PLACE, 0},        {KG_CLASS_EVENT, 0},
    {KG_NS "Ministry", 0},      {KG_NS "Embassy", 0},
    {KG_NS "Party", 0},         {KG_NS "Legislature", 0},
    {KG_NS "Agency", 0},        {KG_NS "Military", 0},
    {KG_NS "Media", 0},         {KG_NS "International", 0},
    {KG_NS "Meeting", 1},       {KG_NS "Visit", 1},
    {KG_NS "Reception", 1},     {KG_NS "Statement", 1},
    {KG_NS "Pledge", 1},        {KG_NS "Message", 1},
    {KG_NS "Agreement", 1},     {KG_NS "Summit", 1},
    {KG_NS "Deployment", 1},    {KG_NS "Commemoration", 1},
    {KG_NS "Forum", 1},         {KG_NS "Diplomatic", 1},
    {KG_CLASS_ARTICLE, 2},
};

typedef struct pair {
    int cls;      /* index into counted[] */
    char *subject; /* owned */
} pair;

static int pair_compare(const void *pa, const void *pb)
{
    const pair *a = pa, *b = pb;

    if (a->cls != b->cls)
        return a->cls < b->cls ? -1 : 1;
    return strcmp(a->subject, b->subject);
}

static int count_compare(const void *pa, const void *pb)
{
    return strcmp(((const kg_count *)pa)->key, ((const kg_count *)pb)->key);
}

static long long dir_bytes(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    long long total = 0;
    kg_buf path = KG_BUF_INIT;

    if (!d)
        return -1;
    while ((e = readdir(d)) != NULL) {
        struct stat sb;
        kg_buf_clear(&path);
        if (kg_buf_printf(&path, "%s/%s", dir, e->d_name) < 0)
            break;
        if (stat(path.ptr, &sb) == 0 && S_ISREG(sb.st_mode))
            total += (long long)sb.st_size;
    }
    closedir(d);
    kg_buf_dispose(&path);
    return total;
}

static long count_graphs(kg_graph *g)
{
    librdf_iterator *it = librdf_model_get_contexts(g->model);
    long n = 0;

    if (!it)
        return 0;
    for (; !librdf_iterator_end(it); librdf_iterator_next(it))
        n++;
    librdf_free_iterator(it);
    return n;
}

/* Collect the (class, subject) pairs of the counted classes. */
static int collect(kg_graph *g, pair **out, size_t *n_out)
{
    librdf_statement *pat;
    librdf_stream *st = NULL;
    pair *pairs = NULL;
    size_t n = 0, alloc = 0, i;
    int error = 0;

    pat = librdf_new_statement_from_nodes(
        g->world, NULL, kg_graph__iri(g, KG_RDF_TYPE), NULL);
    if (!pat || !librdf_statement_get_predicate(pat)) {
        if (pat)
            librdf_free_statement(pat);
        return KG_ENOMEM;
    }
    if ((st = kg_graph__find(g, pat)) != NULL)
        for (; !librdf_stream_end(st) && error == 0;
             librdf_stream_next(st)) {
            librdf_statement *s = librdf_stream_get_object(st);
            kg_term subj, cls;
            kg_graph__term(&subj, librdf_statement_get_subject(s));
            kg_graph__term(&cls, librdf_statement_get_object(s));
            if (cls.kind != KG_TERM_IRI || subj.kind == KG_TERM_LITERAL)
                continue;
            for (i = 0; i < KG_ARRAY_SIZE(counted); i++)
                if (strcmp(cls.value, counted[i].iri) == 0)
                    break;
            if (i == KG_ARRAY_SIZE(counted))
                continue;
            if (n == alloc) {
                size_t na = alloc ? alloc * 2 : 64;
                pair *np = kg__realloc(pairs, na * sizeof(*np));
                if (!np) {
                    error = KG_ENOMEM;
                    break;
                }
                pairs = np;
                alloc = na;
            }
            pairs[n].cls = (int)i;
            if ((pairs[n].subject = kg__strdup(subj.value)) == NULL)
                error = KG_ENOMEM;
            else
                n++;
        }
    if (st)
        librdf_free_stream(st);
    librdf_free_statement(pat);
    *out = pairs;
    *n_out = n;
    return error;
}

int kg_graph_stats(kg_stats **out, kg_graph *g, kg_error *err)
{
    kg_stats *s = NULL;
    pair *pairs = NULL;
    size_t n = 0, i, k;
    long per[KG_ARRAY_SIZE(counted)];
    int error = 0;

    assert(out && g);
    *out = NULL;
    memset(per, 0, sizeof(per));
    if ((s = kg__calloc(1, sizeof(*s))) == NULL)
        goto nomem;
    kg_graph__remote_reset(g);
    if (g->remote) {
        if ((error = kg_graph__remote_counts(g, &s->triples, &s->graphs,
                                             err)) < 0)
            goto done;
    } else {
        s->triples = kg_graph_size(g);
        s->graphs = count_graphs(g);
    }
    s->disk_bytes = g->dir ? dir_bytes(g->dir) : -1;
    if ((error = collect(g, &pairs, &n)) < 0)
        goto nomem;
    if ((error = kg_graph__remote_check(g, 0, err)) < 0)
        goto done;
    if (n)
        qsort(pairs, n, sizeof(*pairs), pair_compare);
    for (i = 0; i < n; i++)
        if (i == 0 || pair_compare(&pairs[i - 1], &pairs[i]) != 0)
            per[pairs[i].cls]++;
    if ((s->classes = kg__calloc(KG_ARRAY_SIZE(counted),
                                 sizeof(*s->classes))) == NULL ||
        (s->events = kg__calloc(KG_ARRAY_SIZE(counted),
                                sizeof(*s->events))) == NULL)
        goto nomem;
    for (k = 0; k < KG_ARRAY_SIZE(counted); k++) {
        kg_count *c;
        if (counted[k].event == 2) {
            s->articles = per[k];
            continue;
        }
        if (per[k] == 0)
            continue;
        c = counted[k].event ? &s->events[s->n_events++]
                             : &s->classes[s->n_classes++];
        c->count = per[k];
        if ((c->key = kg__strdup(counted[k].iri)) == NULL)
            goto nomem;
    }
    if (s->n_classes)
        qsort(s->classes, s->n_classes, sizeof(*s->classes), count_compare);
    if (s->n_events)
        qsort(s->events, s->n_events, sizeof(*s->events), count_compare);
    goto done;

nomem:
    error = kg_error_set(err, KG_ENOMEM, "out of memory");
done:
    for (i = 0; i < n; i++)
        kg__free(pairs[i].subject);
    kg__free(pairs);
    if (error < 0)
        kg_stats_free(s);
    else
        *out = s;
    return error;
}

void kg_stats_free(kg_stats *s)
{
    size_t i;

    if (!s)
        return;
    if (s->classes)
        for (i = 0; i < s->n_classes; i++)
            kg__free(s->classes[i].key);
    if (s->events)
        for (i = 0; i < s->n_events; i++)
            kg__free(s->events[i].key);
    kg__free(s->classes);
    kg__free(s->events);
    kg__free(s);
}
