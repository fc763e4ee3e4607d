/*
 * store.c -- kg_graph: opening a librdf store, loading articles into named
 * graphs, replacing and removing graphs.
 *
 * A store is a directory holding librdf "hashes" BDB files (name "kg",
 * contexts='yes' so that named graphs survive; a predicate index in
 * stores made since it was measured worth it, see open_model, whose
 * lookups go through find.c for librdf's reference leak) and a marker file
 * kg-store.version that tells it from any other directory. "memory:" is
 * the same storage on in-memory hashes.
 *
 * Beside the quads ("kg", one context per graph) the directory holds their
 * set union ("union", hashes without contexts): librdf matches a triple
 * pattern once per graph that holds the triple, so a fact stated by three
 * articles would count three times in a query over the default graph.
 * Queries that do not name graphs run on the union (see query.c). A triple
 * joins the union when first added and leaves it when the last graph
 * stating it is dropped.
 *
 * Invariants kept here: a named graph holds no duplicate quads (hashes
 * would keep them: each graph is written from a deduplicated copy into an
 * emptied context), and a graph is complete only when its last quad, the
 * marker <graph> kg:loadComplete true, is present. Graphs without the
 * marker (a load cut short) are removed when a store is opened for
 * writing and replaced when the same graph is loaded again.
 *
 * SPDX-License-Identifier: MIT
 */
#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "bulk.h"
#include "graph_int.h"
#include "journal.h"
#include "lock.h"
#include "remote.h"

/* ---- terms ------------------------------------------------------------ */

librdf_node *kg_graph__iri(kg_graph *g, const char *iri)
{
    return librdf_new_node_from_uri_string(g->world,
                                           (const unsigned char *)iri);
}

librdf_node *kg_graph__node(kg_graph *g, const kg_term *t)
{
    librdf_uri *dt = NULL;
    librdf_node *n = NULL;

    switch (t->kind) {
    case KG_TERM_IRI:
        return kg_graph__iri(g, t->value);
    case KG_TERM_BLANK:
        return librdf_new_node_from_blank_identifier(
            g->world, (const unsigned char *)t->value);
    case KG_TERM_LITERAL:
        /* RDF 1.1: "a"^^xsd:string is the simple literal "a"; stored one
         * way only, so that DISTINCT, joins and lookups see one term. */
        if (t->datatype && !t->lang &&
            strcmp(t->datatype, KG_XSD_STRING) != 0 &&
            (dt = librdf_new_uri(g->world,
                                 (const unsigned char *)t->datatype)) == NULL)
            return NULL;
        n = librdf_new_node_from_typed_counted_literal(
            g->world, (const unsigned char *)t->value, strlen(t->value),
            t->lang, t->lang ? strlen(t->lang) : 0, dt);
        if (dt)
            librdf_free_uri(dt);
        return n;
    default:
        return NULL;
    }
}

librdf_statement *kg_graph__statement(kg_graph *g, const kg_quad *q)
{
    /* librdf_new_statement_from_nodes takes the nodes, even on failure. */
    librdf_statement *st = librdf_new_statement_from_nodes(
        g->world, kg_graph__node(g, &q->s), kg_graph__node(g, &q->p),
        kg_graph__node(g, &q->o));

    if (st && (!librdf_statement_get_subject(st) ||
               !librdf_statement_get_predicate(st) ||
               !librdf_statement_get_object(st))) {
        librdf_free_statement(st);
        return NULL;
    }
    return st;
}

void kg_graph__term(kg_term *out, librdf_node *n)
{
    memset(out, 0, sizeof(*out));
    if (!n)
        return;
    switch (n->type) {
    case RAPTOR_TERM_TYPE_URI:
        out->kind = KG_TERM_IRI;
        out->value = (const char *)raptor_uri_as_string(n->value.uri);
        break;
    case RAPTOR_TERM_TYPE_BLANK:
        out->kind = KG_TERM_BLANK;
        out->value = (const char *)n->value.blank.string;
        break;
    case RAPTOR_TERM_TYPE_LITERAL:
        out->kind = KG_TERM_LITERAL;
        out->value = (const char *)n->value.literal.string;
        if (n->value.literal.datatype)
            out->datatype = (const char *)raptor_uri_as_string(
                n->value.literal.datatype);
        if (n->value.literal.language_len)
            out->lang = (const char *)n->value.literal.language;
        break;
    default:
        break;
    }
}

/* ---- opening ---------------------------------------------------------- */

/* 1 when 'dir' has no entries, 0 when it has some, -1 when unreadable. */
static int dir_is_empty(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int empty = 1;

    if (!d)
        return -1;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
            empty = 0;
            break;
        }
    closedir(d);
    return empty;
}

static int write_marker(const char *path)
{
    FILE *fp = fopen(path, "w");
    int ok;

    if (!fp)
        return KG_EIO;
    ok = fputs(KG_GRAPH__MARKER_TEXT, fp) >= 0;
    ok = (fclose(fp) == 0) && ok;
    return ok ? 0 : KG_EIO;
}

/* Nonzero when graph 'ctxn' holds its completion marker. */
static int graph_complete(kg_graph *g, librdf_node *ctxn)
{
    librdf_statement *pat = NULL;
    librdf_stream *st = NULL;
    int found = 0;

    pat = librdf_new_statement_from_nodes(
        g->world, librdf_new_node_from_node(ctxn),
        kg_graph__iri(g, KG_GRAPH__COMPLETE), NULL);
    if (!pat)
        return 0;
    /* (s, p, ?) goes through the sp2o index; the context of each match
     * tells whether the marker sits in the graph itself. The stream is
     * read to its end: librdf leaks the pending statement of a hashes
     * stream freed early. */
    if ((st = librdf_model_find_statements(g->model, pat)) != NULL)
        for (; !librdf_stream_end(st); librdf_stream_next(st)) {
            librdf_node *c = librdf_stream_get_context2(st);
            found |= c && librdf_node_equals(c, ctxn);
        }
    if (st)
        librdf_free_stream(st);
    librdf_free_statement(pat);
    return found;
}

/* Remove every named graph that lacks its completion marker. */
static int sweep_incomplete(kg_graph *g)
{
    librdf_iterator *it = librdf_model_get_contexts(g->model);
    librdf_node **bad = NULL;
    size_t n = 0, alloc = 0, i;
    int error = 0;

    if (!it)
        return 0; /* no contexts at all */
    for (; !librdf_iterator_end(it); librdf_iterator_next(it)) {
        librdf_node *c = librdf_iterator_get_object(it);
        if (!c || graph_complete(g, c))
            continue;
        if (n == alloc) {
            size_t na = alloc ? alloc * 2 : 8;
            librdf_node **nb = kg__realloc(bad, na * sizeof(*nb));
            if (!nb) {
                error = KG_ENOMEM;
                break;
            }
            bad = nb;
            alloc = na;
        }
        if ((bad[n] = librdf_new_node_from_node(c)) == NULL) {
            error = KG_ENOMEM;
            break;
        }
        n++;
    }
    librdf_free_iterator(it);
    if (error == 0 && n > 0)
        error = kg_graph__journal_begin(g, NULL);
    for (i = 0; i < n; i++) {
        if (error == 0)
            error = kg_graph__drop(g, bad[i]);
        librdf_free_node(bad[i]);
    }
    kg__free(bad);
    return error;
}

/* The predicate indexes of the store of 'g' (KG_GRAPH__P2SO_*): a new
 * store's union gets one ('create'); otherwise those whose files are
 * there. */
static unsigned predicate_indexes(kg_graph *g, int create)
{
    static const char *const files[2] = {"kg-p2so.db", "union-p2so.db"};
    kg_buf path = KG_BUF_INIT;
    struct stat sb;
    unsigned found = 0;
    int i;

    if (create)
        return KG_GRAPH__P2SO_UNION;
    for (i = 0; i < 2; i++) {
        kg_buf_clear(&path);
        if (kg_buf_printf(&path, "%s/%s", g->dir, files[i]) == 0 &&
            stat(path.ptr, &sb) == 0)
            found |= i == 0 ? KG_GRAPH__P2SO_KG : KG_GRAPH__P2SO_UNION;
    }
    kg_buf_dispose(&path);
    return found;
}

/*
 * Open or create the librdf storage and model of 'g' ('dir' NULL for
 * memory). Returns 0 or KG_EIO/KG_ENOMEM with the message in 'err'.
 *
 * A new store indexes the predicates of its union (p2so): a pattern with
 * only its predicate bound ("?e kg:participant ?a") otherwise reads every
 * statement, 1M decoded statements for 83k answers in the who-met-whom
 * query of bench/store (2.5 s CPU, 0.85 s with the index, at 1M). Not
 * those of the quads ("kg"): librdf deletes a statement from an index by
 * walking the duplicates of its key, which for p2so are all statements
 * with that predicate; every quad of a replaced or removed graph leaves
 * "kg", while only the triples no other graph states leave the union. At
 * 1M triples replacing one article (kg load of a changed file, mostly the
 * journal's copy and the final count) cost 3.8 s CPU without p2so, 7.5 s
 * with it on both, 5.9 s with it on the union. A store made before has
 * no such index and is opened without one (librdf would make an empty
 * index and predicate patterns would find nothing); loading its sources
 * into a new store gives it the index. Memory stores stay without: they
 * are small, and their answers keep librdf's order.
 */
static int open_model(kg_graph *g, int create, kg_error *err)
{
    kg_error lib;
    kg_buf opts = KG_BUF_INIT;
    int error = 0;

    kg_error_clear(&lib);
    g->predicates = g->dir ? predicate_indexes(g, create) : 0;
    if (g->dir)
        error = kg_buf_printf(
            &opts,
            "hash-type='bdb',dir='%s',contexts='yes',"
            "index-predicates='%s'%s%s",
            g->dir, (g->predicates & KG_GRAPH__P2SO_KG) ? "yes" : "no",
            create ? ",new='yes'" : "",
            (g->flags & KG_OPEN_READONLY) ? ",write='no'" : "");
    else
        error = kg_buf_puts(&opts, "hash-type='memory',contexts='yes',"
                                   "index-predicates='no'");
    if (error < 0)
        return kg_error_set(err, KG_ENOMEM, "out of memory");
    kg__ctx_begin(g->ctx, &lib);
    g->storage = librdf_new_storage(g->world, "hashes", "kg", opts.ptr);
    if (g->storage)
        g->model = librdf_new_model(g->world, g->storage, NULL);
    kg_buf_clear(&opts);
    if (g->dir)
        error = kg_buf_printf(&opts,
                              "hash-type='bdb',dir='%s',contexts='no',"
                              "index-predicates='%s'%s%s",
                              g->dir,
                              (g->predicates & KG_GRAPH__P2SO_UNION) ? "yes"
                                                                     : "no",
                              create ? ",new='yes'" : "",
                              (g->flags & KG_OPEN_READONLY) ? ",write='no'"
                                                            : "");
    else
        error = kg_buf_puts(&opts,
                            "hash-type='memory',index-predicates='no'");
    if (error == 0 && g->model)
        g->ustorage =
            librdf_new_storage(g->world, "hashes", "union", opts.ptr);
    if (g->ustorage)
        g->umodel = librdf_new_model(g->world, g->ustorage, NULL);
    kg__ctx_end(g->ctx);
    kg_buf_dispose(&opts);
    if (error < 0)
        return kg_error_set(err, KG_ENOMEM, "out of memory");
    if (!g->storage || !g->model || !g->ustorage || !g->umodel)
        return kg_error_set(err, KG_EIO, "cannot open store '%s': %s",
                            g->dir ? g->dir : "memory:",
                            lib.code ? lib.message : "storage error");
    return 0;
}

int kg_graph_open(kg_graph **out, kg_ctx *ctx, const char *spec,
                  unsigned flags, kg_error *err)
{
    kg_graph *g = NULL;
    kg_buf marker = KG_BUF_INIT;
    struct stat sb;
    int error = 0, create = 0, empty;

    assert(out && ctx && spec);
    *out = NULL;
    if (spec[0] == '\0')
        return kg_error_set(err, KG_EINVALID, "empty store spec");
    if ((g = kg__calloc(1, sizeof(*g))) == NULL)
        return kg_error_set(err, KG_ENOMEM, "out of memory");
    g->ctx = ctx;
    g->world = kg__ctx_librdf(ctx);
    g->flags = flags;

    if (kg_graph__remote_spec(spec)) {
        error = kg_graph__remote_open(g, spec, err);
        goto done;
    }
    if (strcmp(spec, "memory:") == 0) {
        g->flags &= ~(unsigned)KG_OPEN_READONLY;
        if ((error = open_model(g, 1, err)) < 0)
            goto done;
        *out = g;
        return 0;
    }
    /* librdf takes options as a quoted string without escapes. */
    if (strpbrk(spec, "'\\")) {
        error = kg_error_set(err, KG_EINVALID,
                             "store path may not contain quotes: %s", spec);
        goto done;
    }
    if ((g->dir = kg__strdup(spec)) == NULL ||
        (g->spec = kg__strdup(spec)) == NULL ||
        kg_buf_printf(&marker, "%s/%s", spec, KG_GRAPH__MARKER) < 0) {
        error = kg_error_set(err, KG_ENOMEM, "out of memory");
        goto done;
    }
    if (stat(spec, &sb) != 0) {
        if (errno != ENOENT || !(flags & KG_OPEN_CREATE) ||
            (flags & KG_OPEN_READONLY)) {
            error = errno == ENOENT
                        ? kg_error_set(err, KG_ENOTFOUND,
                                       "no store at '%s': run 'kg load' "
                                       "first",
                                       spec)
                        : kg_error_set(err, KG_EIO, "%s: %s", spec,
                                       strerror(errno));
            goto done;
        }
        if (mkdir(spec, 0777) != 0) {
            error = kg_error_set(err, KG_EIO, "cannot create store '%s': %s",
                                 spec, strerror(errno));
            goto done;
        }
        create = 1;
    } else if (!S_ISDIR(sb.st_mode)) {
        error = kg_error_set(err, KG_EINVALID,
                             "'%s' is not a store directory", spec);
        goto done;
    } else if (stat(marker.ptr, &sb) != 0) {
        empty = dir_is_empty(spec);
        if (!(flags & KG_OPEN_CREATE) || (flags & KG_OPEN_READONLY)) {
            error = kg_error_set(err, KG_ENOTFOUND,
                                 "no store at '%s': run 'kg load' first",
                                 spec);
            goto done;
        }
        if (empty != 1) {
            error = kg_error_set(err, KG_EINVALID,
                                 "'%s' is a directory but not a kg store",
                                 spec);
            goto done;
        }
        create = 1;
    }
    if ((error = kg_graph__lock_acquire(&g->lock, spec,
                                        !(flags & KG_OPEN_READONLY),
                                        err)) < 0 ||
        (error = kg_graph__journal_open(g, &create, err)) < 0 ||
        (error = open_model(g, create, err)) < 0)
        goto done;
    if (create && write_marker(marker.ptr) < 0) {
        error = kg_error_set(err, KG_EIO, "cannot write %s", marker.ptr);
        goto done;
    }
    if (!(flags & KG_OPEN_READONLY) && (error = sweep_incomplete(g)) < 0) {
        error = kg_error_set(err, error, "cannot remove incomplete graphs "
                                         "from '%s'",
                             spec);
        goto done;
    }

done:
    kg_buf_dispose(&marker);
    if (error < 0)
        kg_graph_free(g);
    else
        *out = g;
    return error;
}

/* Sync and close the hashes of 'g'. */
static void close_model(kg_graph *g)
{
    if (g->umodel) {
        if (!(g->flags & KG_OPEN_READONLY))
            librdf_model_sync(g->umodel);
        librdf_free_model(g->umodel);
    }
    if (g->ustorage)
        librdf_free_storage(g->ustorage);
    if (g->model) {
        if (!(g->flags & KG_OPEN_READONLY))
            librdf_model_sync(g->model);
        librdf_free_model(g->model);
    }
    if (g->storage)
        librdf_free_storage(g->storage);
    g->umodel = NULL;
    g->ustorage = NULL;
    g->model = NULL;
    g->storage = NULL;
}

/* Sync and close the hashes, then commit or roll back the journal and
 * release the lock; 'g' keeps its names and can be opened again. */
static void close_files(kg_graph *g)
{
    close_model(g);
    kg_graph__journal_close(g);
    kg_graph__lock_release(g->lock); /* after the sync */
    g->lock = NULL;
}

void kg_graph_free(kg_graph *g)
{
    if (!g)
        return;
    close_files(g);
    kg_graph__remote_free(g->remote);
    kg__free(g->dir);
    kg__free(g->spec);
    kg__free(g);
}

long kg_graph_size(kg_graph *g)
{
    librdf_stream *st;
    long n = 0;

    assert(g);
    if (g->remote)
        return kg_graph__remote_size(g);
    /* BDB hashes cannot count (librdf_model_size gives -1): walk. */
    if ((st = librdf_model_as_stream(g->model)) == NULL)
        return 0;
    for (; !librdf_stream_end(st); librdf_stream_next(st))
        n++;
    librdf_free_stream(st);
    return n;
}

/* ---- writing ---------------------------------------------------------- */

/* Nonzero when 'model' holds triple 'st' in any graph.
 * librdf_model_contains_statement gives -1 on hashes, and a find with all
 * three terms bound scans the whole store: look up (s, ?, o) through the
 * so2p index and compare the predicates. Not (s, p, ?): a subject can
 * have thousands of objects for one predicate (prov:wasDerivedFrom of a
 * person named in every article), while few predicates link one subject
 * to one object. The stream is read to its end (a hashes stream freed
 * early leaks). */
static int has_triple(librdf_model *model, librdf_statement *st)
{
    librdf_statement *pat;
    librdf_stream *s;
    librdf_node *p = librdf_statement_get_predicate(st);
    int found = 0;

    if ((pat = librdf_new_statement_from_statement(st)) == NULL)
        return 0;
    /* set_predicate does not free the node it replaces */
    librdf_free_node(librdf_statement_get_predicate(pat));
    librdf_statement_set_predicate(pat, NULL);
    if ((s = librdf_model_find_statements(model, pat)) != NULL) {
        for (; !librdf_stream_end(s); librdf_stream_next(s))
            found |= librdf_node_equals(librdf_statement_get_predicate(
                                            librdf_stream_get_object(s)),
                                        p);
        librdf_free_stream(s);
    }
    librdf_free_statement(pat);
    return found;
}

int kg_graph__drop(kg_graph *g, librdf_node *ctxn)
{
    librdf_stream *st;
    librdf_statement **sts = NULL;
    size_t n = 0, alloc = 0, i;
    int error = 0;

    /* The graph's triples first: the stream must end before removing. */
    if ((st = librdf_model_context_as_stream(g->model, ctxn)) != NULL) {
        for (; !librdf_stream_end(st); librdf_stream_next(st)) {
            if (error)
                continue;
            if (n == alloc) {
                size_t na = alloc ? alloc * 2 : 64;
                librdf_statement **ns = kg__realloc(sts, na * sizeof(*ns));
                if (!ns) {
                    error = KG_ENOMEM;
                    continue;
                }
                sts = ns;
                alloc = na;
            }
            if ((sts[n] = librdf_new_statement_from_statement(
                     librdf_stream_get_object(st))) == NULL)
                error = KG_ENOMEM;
            else
                n++;
        }
        librdf_free_stream(st);
    }
    if (error == 0 &&
        librdf_model_context_remove_statements(g->model, ctxn) != 0)
        error = KG_EIO;
    for (i = 0; i < n; i++) {
        if (error == 0 && !has_triple(g->model, sts[i]) &&
            has_triple(g->umodel, sts[i]) &&
            librdf_model_remove_statement(g->umodel, sts[i]) != 0)
            error = KG_EIO;
        librdf_free_statement(sts[i]);
    }
    kg__free(sts);
    return error;
}

static int check_writable(kg_graph *g, kg_error *err)
{
    if (g->flags & KG_OPEN_READONLY)
        return kg_error_set(err, KG_EIO, "store '%s' is open read-only",
                            g->dir ? g->dir : "memory:");
    if (g->failed) /* the session rolls back at close (journal.c) */
        return kg_error_set(err, KG_EIO,
                            "store '%s' failed earlier in this session: "
                            "nothing more is written",
                            g->dir ? g->dir : "memory:");
    return 0;
}

/*
 * Add quad 'q' to graph 'ctxn' (the quad's own graph is ignored) and,
 * when 'to_union', its triple to the union unless there already.
 * Returns 0, KG_ENOMEM or KG_EIO.
 */
static int add_quad(kg_graph *g, librdf_node *ctxn, const kg_quad *q,
                    int to_union)
{
    librdf_statement *st = kg_graph__statement(g, q);
    int rc;

    if (!st)
        return KG_ENOMEM;
    rc = librdf_model_context_add_statement(g->model, ctxn, st);
    if (rc == 0 && to_union && !has_triple(g->umodel, st))
        rc = librdf_model_add_statement(g->umodel, st);
    librdf_free_statement(st);
    return rc == 0 ? 0 : KG_EIO;
}

/* Add the completion marker of graph 'ctxn', the last quad of a load. */
static int add_marker(kg_graph *g, librdf_node *ctxn)
{
    kg_quad q;

    memset(&q, 0, sizeof(q));
    kg_graph__term(&q.s, ctxn);
    q.p = kg_iri(KG_GRAPH__COMPLETE);
    q.o = kg_literal("true", KG_NS_XSD "boolean", NULL);
    return add_quad(g, ctxn, &q, 0);
}

/*
 * Write quads [from, to) of the normalized list 't' as the whole content of
 * graph 'name': empty it, add them, add the marker.
 */
static int write_graph(kg_graph *g, const char *name, const kg_triples *t,
                       size_t from, size_t to)
{
    librdf_node *ctxn = kg_graph__iri(g, name);
    size_t i;
    int error = 0;

    if (!ctxn)
        return KG_ENOMEM;
    if (librdf_model_contains_context(g->model, ctxn))
        error = kg_graph__drop(g, ctxn);
    for (i = from; i < to && error == 0; i++)
        error = add_quad(g, ctxn, kg_triples_get(t, i), 1);
    if (error == 0)
        error = add_marker(g, ctxn);
    librdf_free_node(ctxn);
    return error;
}

/* Nonzero when the store of 'g' holds no graph and no triple. The
 * iterator and stream are read to their end (freed early they leak). */
static int store_empty(kg_graph *g)
{
    librdf_iterator *it = librdf_model_get_contexts(g->model);
    librdf_stream *st = librdf_model_as_stream(g->umodel);
    int empty = it && st;

    for (; it && !librdf_iterator_end(it); librdf_iterator_next(it))
        empty = 0;
    for (; st && !librdf_stream_end(st); librdf_stream_next(st))
        empty = 0;
    if (it)
        librdf_free_iterator(it);
    if (st)
        librdf_free_stream(st);
    return empty;
}

/*
 * Write the quads of 't' (default-graph quads in graph 'default_graph'),
 * each once, and each graph's completion marker into the empty store of
 * 'g' past librdf (bulk.c: the same files, in key order, at 3 times
 * the rate of librdf's puts at 1M quads, and no copy of 't' to
 * deduplicate). librdf's handles are closed meanwhile: two libdb handles
 * on one file without an environment do not share a cache. Returns 0,
 * KG_ENOMEM, KG_EIO, or KG_EINVALID when nothing was written and the
 * caller should go through librdf.
 */
static int bulk_load(kg_graph *g, const kg_triples *t,
                     const char *default_graph)
{
    kg_graph__bulk *b = NULL;
    kg_error oerr;
    kg_term p = kg_iri(KG_GRAPH__COMPLETE);
    kg_term o = kg_literal("true", KG_NS_XSD "boolean", NULL);
    size_t i, n = kg_triples_count(t);
    int error;

    if ((error = kg_graph__bulk_new(&b)) < 0)
        return error;
    for (i = 0; i < n && error == 0; i++) {
        kg_quad q = *kg_triples_get(t, i);
        if (q.g.kind == KG_TERM_NONE)
            q.g = kg_iri(default_graph);
        error = kg_graph__bulk_add(b, g, &q, 1);
    }
    if (error == 0)
        error = kg_graph__bulk_mark_graphs(b, g, &p, &o);
    if (error == 0) {
        close_model(g);
        error = kg_graph__bulk_write(b, g->dir, g->predicates);
        kg_error_clear(&oerr);
        if (open_model(g, 0, &oerr) < 0 && error == 0)
            error = KG_EIO;
        /* Files half written: the session must roll back (journal.c). */
        g->failed |= error < 0;
    }
    kg_graph__bulk_free(b);
    return error;
}

/* Copy 't' with every quad's graph set to 'graph' (or the default-graph
 * quads only set to 'graph' when 'only_default'), then normalize. */
static int dedup_copy(kg_triples **out, const kg_triples *t,
                      const char *graph, int only_default)
{
    kg_triples *c = NULL;
    size_t i, n = kg_triples_count(t);
    kg_term gt;

    if (kg_triples_new(&c, NULL) < 0)
        return KG_ENOMEM;
    for (i = 0; i < n; i++) {
        const kg_quad *q = kg_triples_get(t, i);
        gt = (only_default && q->g.kind != KG_TERM_NONE) ? q->g
                                                        : kg_iri(graph);
        if (kg_triples_add(c, &q->s, &q->p, &q->o, &gt) < 0) {
            kg_triples_free(c);
            return KG_ENOMEM;
        }
    }
    kg_triples_normalize(c);
    *out = c;
    return 0;
}

/* Append to 'names' (a NUL-separated list) the graphs whose subject has
 * kg:sourceName 'lit', except 'keep'. */
static int graphs_of_source(kg_graph *g, const kg_term *lit, const char *keep,
                            kg_buf *names, size_t *count)
{
    librdf_statement *pat;
    librdf_stream *st;
    int error = 0;

    pat = librdf_new_statement_from_nodes(
        g->world, NULL, kg_graph__iri(g, KG_SOURCE_NAME),
        kg_graph__node(g, lit));
    if (!pat || !librdf_statement_get_predicate(pat) ||
        !librdf_statement_get_object(pat)) {
        if (pat)
            librdf_free_statement(pat);
        return KG_ENOMEM;
    }
    if ((st = librdf_model_find_statements(g->model, pat)) != NULL) {
        for (; !librdf_stream_end(st) && error == 0;
             librdf_stream_next(st)) {
            kg_term c;
            kg_graph__term(&c, librdf_stream_get_context2(st));
            if (c.kind != KG_TERM_IRI || strcmp(c.value, keep) == 0)
                continue;
            if (kg_buf_put(names, c.value, strlen(c.value) + 1) < 0)
                error = KG_ENOMEM;
            else
                (*count)++;
        }
        librdf_free_stream(st);
    }
    librdf_free_statement(pat);
    return error;
}

int kg_graph_add_article(kg_graph *g, const char *graph_iri,
                         const char *source, const kg_triples *t,
                         kg_load_status *status_out, kg_error *err)
{
    kg_triples *copy = NULL;
    librdf_node *ctxn = NULL;
    kg_buf old = KG_BUF_INIT;
    kg_error lib;
    kg_term lit;
    size_t i, n_old = 0;
    const char *p;
    kg_load_status status = KG_LOAD_ADDED;
    int error = 0, jerror = 0;

    assert(g && graph_iri && source && t);
    if (g->remote)
        return kg_graph__remote_add_article(g, graph_iri, source, t,
                                            status_out, err);
    if ((error = check_writable(g, err)) < 0)
        return error;
    for (i = 0; i < kg_triples_count(t); i++) {
        const kg_quad *q = kg_triples_get(t, i);
        if (q->g.kind != KG_TERM_IRI || strcmp(q->g.value, graph_iri) != 0)
            return kg_error_set(err, KG_EINVALID,
                                "quad %zu is outside graph <%s>", i + 1,
                                graph_iri);
    }
    kg_error_clear(&lib);
    kg__ctx_begin(g->ctx, &lib);
    if ((ctxn = kg_graph__iri(g, graph_iri)) == NULL) {
        error = KG_ENOMEM;
        goto done;
    }
    if (librdf_model_contains_context(g->model, ctxn)) {
        if (graph_complete(g, ctxn)) {
            status = KG_LOAD_UNCHANGED;
            goto done;
        }
        status = KG_LOAD_REPLACED; /* an interrupted load of this graph */
    }
    if ((jerror = kg_graph__journal_begin(g, err)) < 0)
        goto done;
    /* A source name written as an xsd:string is stored as the simple
     * literal (kg_graph__node): one lookup finds both. */
    lit = kg_literal(source, NULL, NULL);
    if ((error = graphs_of_source(g, &lit, graph_iri, &old, &n_old)) < 0)
        goto done;
    for (i = 0, p = old.ptr; i < n_old; i++, p += strlen(p) + 1) {
        librdf_node *o = kg_graph__iri(g, p);
        if (!o) {
            error = KG_ENOMEM;
            goto done;
        }
        error = kg_graph__drop(g, o);
        librdf_free_node(o);
        if (error < 0)
            goto done;
        status = KG_LOAD_REPLACED;
    }
    if ((error = dedup_copy(&copy, t, graph_iri, 0)) < 0 ||
        (error = write_graph(g, graph_iri, copy, 0,
                             kg_triples_count(copy))) < 0)
        goto done;
    if (librdf_model_sync(g->model) != 0 || librdf_model_sync(g->umodel) != 0)
        error = KG_EIO;

done:
    kg__ctx_end(g->ctx);
    if (ctxn)
        librdf_free_node(ctxn);
    kg_triples_free(copy);
    kg_buf_dispose(&old);
    if (jerror < 0)
        return jerror; /* nothing written; 'err' says why */
    g->failed |= error == KG_EIO;
    if (error == KG_ENOMEM)
        return kg_error_set(err, error, "out of memory");
    if (error < 0)
        return kg_error_set(err, error, "cannot write graph <%s>: %s",
                            graph_iri,
                            lib.code ? lib.message : "storage error");
    if (status_out)
        *status_out = status;
    return 0;
}

/* Write each graph of 't' (default-graph quads in 'default_graph') as
 * the whole content of that graph, through librdf. */
static int write_graphs(kg_graph *g, const kg_triples *t,
                        const char *default_graph)
{
    kg_triples *copy = NULL;
    size_t i, start, n;
    int error = 0;

    if (dedup_copy(&copy, t, default_graph, 1) < 0)
        return KG_ENOMEM;
    n = kg_triples_count(copy);
    /* normalize sorted the quads by graph: one run per graph. */
    for (start = 0; start < n && error == 0; start = i) {
        const char *name = kg_triples_get(copy, start)->g.value;
        for (i = start; i < n &&
                        strcmp(kg_triples_get(copy, i)->g.value, name) == 0;
             i++)
            ;
        error = write_graph(g, name, copy, start, i);
    }
    kg_triples_free(copy);
    return error;
}

int kg_graph_replace_graphs(kg_graph *g, const kg_triples *t,
                            const char *default_graph, kg_error *err)
{
    kg_error lib;
    size_t i;
    int error = 0;

    assert(g && t);
    if (g->remote)
        return kg_graph__remote_replace_graphs(g, t, default_graph, err);
    if ((error = check_writable(g, err)) < 0)
        return error;
    for (i = 0; i < kg_triples_count(t); i++) {
        const kg_quad *q = kg_triples_get(t, i);
        if (q->g.kind == KG_TERM_NONE && !default_graph)
            return kg_error_set(err, KG_EINVALID,
                                "quad %zu is in the default graph, which "
                                "has no name here",
                                i + 1);
        if (q->g.kind == KG_TERM_BLANK || q->g.kind == KG_TERM_LITERAL)
            return kg_error_set(err, KG_EINVALID,
                                "quad %zu has a graph name that is not an "
                                "IRI",
                                i + 1);
    }
    if ((error = kg_graph__journal_begin(g, err)) < 0)
        return error;
    kg_error_clear(&lib);
    kg__ctx_begin(g->ctx, &lib);
    error = KG_EINVALID;
    if (g->dir && store_empty(g))
        error = bulk_load(g, t, default_graph);
    if (error == KG_EINVALID) /* not taken, nothing written */
        error = write_graphs(g, t, default_graph);
    if (error == 0 && (librdf_model_sync(g->model) != 0 ||
                       librdf_model_sync(g->umodel) != 0))
        error = KG_EIO;
    kg__ctx_end(g->ctx);
    g->failed |= error == KG_EIO;
    if (error == KG_ENOMEM)
        return kg_error_set(err, error, "out of memory");
    if (error < 0)
        return kg_error_set(err, error, "cannot write graphs: %s",
                            lib.code ? lib.message : "storage error");
    return 0;
}

int kg_graph_remove(kg_graph *g, const char *graph_iri, kg_error *err)
{
    librdf_node *ctxn;
    kg_error lib;
    int error = 0;

    assert(g && graph_iri);
    if (g->remote)
        return kg_graph__remote_remove(g, graph_iri, err);
    if ((error = check_writable(g, err)) < 0)
        return error;
    if ((ctxn = kg_graph__iri(g, graph_iri)) == NULL)
        return kg_error_set(err, KG_ENOMEM, "out of memory");
    kg_error_clear(&lib);
    kg__ctx_begin(g->ctx, &lib);
    if (!librdf_model_contains_context(g->model, ctxn))
        error = kg_error_set(err, KG_ENOTFOUND, "no graph <%s> in the store",
                             graph_iri);
    else if ((error = kg_graph__journal_begin(g, err)) < 0)
        ; /* nothing written */
    else if (kg_graph__drop(g, ctxn) < 0 ||
             librdf_model_sync(g->model) != 0 ||
             librdf_model_sync(g->umodel) != 0) {
        g->failed = 1;
        error = kg_error_set(err, KG_EIO, "cannot remove graph <%s>: %s",
                             graph_iri,
                             lib.code ? lib.message : "storage error");
    }
    kg__ctx_end(g->ctx);
    librdf_free_node(ctxn);
    return error;
}

/* ---- reopening, and helpers for update.c ------------------------------ */

/* Open the files of directory store 'g' (closed) with 'flags', as
 * kg_graph_open() does for an existing store. */
static int open_files(kg_graph *g, unsigned flags, kg_error *err)
{
    int error, create = 0;

    g->flags = flags & ~(unsigned)KG_OPEN_CREATE;
    g->failed = 0;
    kg__free(g->dir);
    if ((g->dir = kg__strdup(g->spec)) == NULL)
        return kg_error_set(err, KG_ENOMEM, "out of memory");
    if ((error = kg_graph__lock_acquire(&g->lock, g->spec,
                                        !(flags & KG_OPEN_READONLY),
                                        err)) < 0 ||
        (error = kg_graph__journal_open(g, &create, err)) < 0 ||
        (error = open_model(g, create, err)) < 0)
        goto done;
    if (!(flags & KG_OPEN_READONLY) && (error = sweep_incomplete(g)) < 0)
        error = kg_error_set(err, error, "cannot remove incomplete graphs "
                                         "from '%s'",
                             g->spec);
done:
    if (error < 0)
        close_files(g);
    return error;
}

int kg_graph_reopen(kg_graph *g, unsigned flags, kg_error *err)
{
    unsigned before;
    int error;

    assert(g);
    if (!g->spec)
        return 0; /* memory: one process, always writable */
    before = g->flags;
    close_files(g);
    if ((error = open_files(g, flags, err)) == 0)
        return 0;
    /* Back to the previous mode, so that the caller can go on. */
    if (open_files(g, before, NULL) < 0)
        return kg_error_set(err, KG_EIO, "store '%s' is closed: it cannot "
                                         "be opened again",
                            g->spec);
    return error;
}

int kg_graph_is_open(const kg_graph *g)
{
    assert(g);
    return g->model != NULL || g->remote != NULL;
}

int kg_graph__writable(kg_graph *g, kg_error *err)
{
    return check_writable(g, err);
}

int kg_graph__has_triple(librdf_model *model, librdf_statement *st)
{
    return has_triple(model, st);
}

int kg_graph__has_quad(kg_graph *g, librdf_node *ctxn, librdf_statement *st)
{
    librdf_statement *pat;
    librdf_stream *s;
    librdf_node *o = librdf_statement_get_object(st);
    int found = 0;

    if ((pat = librdf_new_statement_from_statement(st)) == NULL)
        return 0;
    librdf_free_node(librdf_statement_get_object(pat));
    librdf_statement_set_object(pat, NULL);
    /* (s, p, ?) through the sp2o index, as has_triple; read to the end */
    if ((s = librdf_model_find_statements(g->model, pat)) != NULL) {
        for (; !librdf_stream_end(s); librdf_stream_next(s)) {
            librdf_node *c = librdf_stream_get_context2(s);
            found |= c && librdf_node_equals(c, ctxn) &&
                     librdf_node_equals(librdf_statement_get_object(
                                            librdf_stream_get_object(s)),
                                        o);
        }
        librdf_free_stream(s);
    }
    librdf_free_statement(pat);
    return found;
}

int kg_graph__complete(kg_graph *g, librdf_node *ctxn)
{
    return graph_complete(g, ctxn);
}

int kg_graph__add_marker(kg_graph *g, librdf_node *ctxn)
{
    return add_marker(g, ctxn);
}
