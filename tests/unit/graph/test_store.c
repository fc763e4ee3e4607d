/*
 * test_store.c -- opening, creating and loading the librdf store.
 *
 * SPDX-License-Identifier: MIT
 */
#include "graph/helpers.h"

#include <sys/stat.h>

#include "find.h"
#include "graph_int.h"

#define Q_ATTENDS_LAVROV                                                      \
    "ASK { ?e kg:attendee <" KG_ID "person/sergei-lavrov> }"

typedef struct fx {
    kg_ctx *ctx;
    char dir[256];
    char store[300];
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof(*f));

    assert_int_equal(kg_ctx_new(&f->ctx, NULL), 0);
    sandbox_new(f->dir);
    snprintf(f->store, sizeof(f->store), "%s/store", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;

    sandbox_free(f->dir);
    kg_ctx_free(f->ctx);
    free(f);
    return 0;
}

static kg_graph *open_store(fx *f, unsigned flags)
{
    kg_graph *g = NULL;
    kg_error err;

    kg_error_clear(&err);
    if (kg_graph_open(&g, f->ctx, f->store, flags, &err) != 0)
        fail_msg("open: %s", err.message);
    return g;
}

static void test_store__create_writes_marker(void **state)
{
    fx *f = *state;
    char marker[400];
    struct stat sb;
    kg_graph *g = open_store(f, KG_OPEN_CREATE);

    assert_int_equal(kg_graph_size(g), 0);
    kg_graph_free(g);
    snprintf(marker, sizeof(marker), "%s/kg-store.version", f->store);
    assert_int_equal(stat(marker, &sb), 0);
}

static void test_store__missing_store_is_not_found(void **state)
{
    fx *f = *state;
    kg_graph *g = NULL;
    kg_error err;

    kg_error_clear(&err);
    assert_int_equal(kg_graph_open(&g, f->ctx, f->store, 0, &err),
                     KG_ENOTFOUND);
    assert_null(g);
    assert_non_null(strstr(err.message, "kg load"));
    /* Read-only never creates, even when asked to. */
    kg_error_clear(&err);
    assert_int_equal(kg_graph_open(&g, f->ctx, f->store,
                                   KG_OPEN_READONLY | KG_OPEN_CREATE, &err),
                     KG_ENOTFOUND);
    assert_int_equal(access(f->store, F_OK), -1);
}

static void test_store__random_directory_is_not_a_store(void **state)
{
    fx *f = *state;
    char file[400];
    kg_graph *g = NULL;
    kg_error err;
    FILE *fp;

    assert_int_equal(mkdir(f->store, 0777), 0);
    snprintf(file, sizeof(file), "%s/notes.txt", f->store);
    assert_non_null(fp = fopen(file, "w"));
    fclose(fp);
    kg_error_clear(&err);
    assert_int_equal(kg_graph_open(&g, f->ctx, f->store, 0, &err),
                     KG_ENOTFOUND);
    kg_error_clear(&err);
    assert_int_equal(kg_graph_open(&g, f->ctx, f->store, KG_OPEN_CREATE,
                                   &err),
                     KG_EINVALID);
    assert_null(g);
}

static void test_store__bad_spec(void **state)
{
    fx *f = *state;
    kg_graph *g = NULL;

    assert_int_equal(kg_graph_open(&g, f->ctx, "", 0, NULL), KG_EINVALID);
    assert_int_equal(kg_graph_open(&g, f->ctx, "/tmp/it's", KG_OPEN_CREATE,
                                   NULL),
                     KG_EINVALID);
}

static void test_store__reopen_keeps_facts(void **state)
{
    fx *f = *state;
    kg_graph *g = open_store(f, KG_OPEN_CREATE);
    long size;

    assert_int_equal(load_article(g, f->ctx, "article-a.trig", "a.txt"),
                     KG_LOAD_ADDED);
    size = kg_graph_size(g);
    assert_true(size > 40);
    kg_graph_free(g);

    g = open_store(f, 0);
    assert_int_equal(kg_graph_size(g), size);
    assert_true(ask(g, "ASK { GRAPH <" KG_ID "article/aaaa> { <" KG_ID
                       "person/kim-jong-un> rdfs:label \"Kim Jong Un\" } }"));
    kg_graph_free(g);
}

static void test_store__no_duplicates_and_one_marker(void **state)
{
    fx *f = *state;
    kg_graph *g = open_store(f, KG_OPEN_CREATE);
    kg_triples *t = fixture(f->ctx, "article-a.trig");
    size_t distinct;

    kg_triples_normalize(t);
    distinct = kg_triples_count(t);
    kg_triples_free(t);
    load_article(g, f->ctx, "article-a.trig", "a.txt");
    /* every distinct quad once, plus the completion marker */
    assert_int_equal(kg_graph_size(g), (long)distinct + 1);
    assert_int_equal(query_count(g, "SELECT (COUNT(*) AS ?n) WHERE { "
                                    "GRAPH ?g { ?g kg:loadComplete true } }"),
                     1);
    kg_graph_free(g);
}

static void test_store__reload_is_a_no_op(void **state)
{
    fx *f = *state;
    kg_graph *g = open_store(f, KG_OPEN_CREATE);
    long size;

    load_article(g, f->ctx, "article-a.trig", "a.txt");
    load_article(g, f->ctx, "article-b.trig", "b.txt");
    size = kg_graph_size(g);
    assert_int_equal(load_article(g, f->ctx, "article-a.trig", "a.txt"),
                     KG_LOAD_UNCHANGED);
    assert_int_equal(load_article(g, f->ctx, "article-b.trig", "b.txt"),
                     KG_LOAD_UNCHANGED);
    assert_int_equal(kg_graph_size(g), size);
    kg_graph_free(g);
    g = open_store(f, 0);
    assert_int_equal(load_article(g, f->ctx, "article-a.trig", "a.txt"),
                     KG_LOAD_UNCHANGED);
    assert_int_equal(kg_graph_size(g), size);
    kg_graph_free(g);
}

static void test_store__changed_article_replaces_old_graph(void **state)
{
    fx *f = *state;
    kg_graph *g = open_store(f, KG_OPEN_CREATE);

    load_article(g, f->ctx, "article-a.trig", "a.txt");
    load_article(g, f->ctx, "article-b.trig", "b.txt");
    assert_true(ask(g, Q_ATTENDS_LAVROV));
    assert_int_equal(load_article(g, f->ctx, "article-a2.trig", "a.txt"),
                     KG_LOAD_REPLACED);
    /* the old version's facts are gone, the new ones and b's are there */
    assert_false(ask(g, "ASK { GRAPH <" KG_ID
                        "article/aaaa> { ?s ?p ?o } }"));
    assert_false(ask(g, Q_ATTENDS_LAVROV));
    assert_false(ask(g, "ASK { ?e schema:startDate "
                        "\"2024-06-19\"^^xsd:date }"));
    assert_true(ask(g, "ASK { ?e schema:startDate "
                       "\"2024-06-20\"^^xsd:date }"));
    assert_true(ask(g, "ASK { GRAPH <" KG_ID
                       "article/bbbb> { ?s ?p ?o } }"));
    kg_graph_free(g);
}

static void test_store__remove_graph(void **state)
{
    fx *f = *state;
    kg_graph *g = open_store(f, KG_OPEN_CREATE);
    kg_error err;
    long size;

    load_article(g, f->ctx, "article-a.trig", "a.txt");
    size = kg_graph_size(g);
    load_article(g, f->ctx, "article-b.trig", "b.txt");
    kg_error_clear(&err);
    assert_int_equal(kg_graph_remove(g, KG_ID "article/bbbb", &err), 0);
    assert_int_equal(kg_graph_size(g), size);
    assert_false(ask(g, "ASK { ?s rdfs:label \"Choe Son Hui\" }"));
    /* a fact both articles state stays with the one left */
    assert_true(ask(g, "ASK { ?s rdfs:label \"Sergei Lavrov\" }"));
    assert_int_equal(kg_graph_remove(g, KG_ID "article/bbbb", &err),
                     KG_ENOTFOUND);
    kg_graph_free(g);
}

static void test_store__read_only_refuses_writes(void **state)
{
    fx *f = *state;
    kg_graph *g = open_store(f, KG_OPEN_CREATE);
    kg_triples *t;
    kg_error err;
    long size;

    load_article(g, f->ctx, "article-a.trig", "a.txt");
    size = kg_graph_size(g);
    kg_graph_free(g);

    g = open_store(f, KG_OPEN_READONLY);
    t = fixture(f->ctx, "article-b.trig");
    kg_error_clear(&err);
    assert_int_equal(kg_graph_add_article(g, KG_ID "article/bbbb", "b.txt",
                                          t, NULL, &err),
                     KG_EIO);
    assert_non_null(strstr(err.message, "read-only"));
    assert_int_equal(kg_graph_remove(g, KG_ID "article/aaaa", NULL), KG_EIO);
    assert_int_equal(kg_graph_replace_graphs(g, t, NULL, NULL), KG_EIO);
    assert_int_equal(kg_graph_size(g), size);
    kg_graph_free(g);
    kg_triples_free(t);

    g = open_store(f, 0);
    assert_int_equal(kg_graph_size(g), size);
    kg_graph_free(g);
}

static void test_store__quad_outside_graph_is_invalid(void **state)
{
    fx *f = *state;
    kg_graph *g = open_store(f, KG_OPEN_CREATE);
    kg_triples *t = fixture(f->ctx, "article-a.trig");
    kg_error err;

    kg_error_clear(&err);
    assert_int_equal(kg_graph_add_article(g, KG_ID "article/other", "a.txt",
                                          t, NULL, &err),
                     KG_EINVALID);
    assert_int_equal(kg_graph_size(g), 0);
    kg_triples_free(t);
    kg_graph_free(g);
}

/* A graph without its completion marker (a load cut short) is dropped when
 * the store is opened for writing, and loading the article again adds it
 * in full. */
static void test_store__incomplete_graph_is_reloaded(void **state)
{
    fx *f = *state;
    kg_graph *g = open_store(f, KG_OPEN_CREATE);
    librdf_node *ctxn;
    librdf_statement *st;
    long full;

    load_article(g, f->ctx, "article-a.trig", "a.txt");
    full = kg_graph_size(g);
    kg_graph_free(g);

    /* simulate a crash: a fresh store holding part of a's graph */
    sandbox_free(f->store);
    g = open_store(f, KG_OPEN_CREATE);
    ctxn = kg_graph__iri(g, KG_ID "article/aaaa");
    st = librdf_new_statement_from_nodes(
        g->world, kg_graph__iri(g, KG_ID "person/kim-jong-un"),
        kg_graph__iri(g, KG_RDF_TYPE), kg_graph__iri(g, KG_CLASS_PERSON));
    assert_int_equal(librdf_model_context_add_statement(g->model, ctxn, st),
                     0);
    librdf_free_statement(st);
    librdf_free_node(ctxn);
    kg_graph_free(g);

    g = open_store(f, KG_OPEN_READONLY);
    assert_int_equal(kg_graph_size(g), 1);
    kg_graph_free(g);
    g = open_store(f, 0);
    assert_int_equal(kg_graph_size(g), 0);
    assert_int_equal(load_article(g, f->ctx, "article-a.trig", "a.txt"),
                     KG_LOAD_ADDED);
    assert_int_equal(kg_graph_size(g), full);
    kg_graph_free(g);
}

static void test_store__replace_graphs_from_rdf_file(void **state)
{
    fx *f = *state;
    kg_graph *g = NULL;
    kg_triples *t = fixture(f->ctx, "tricky.ttl");
    kg_error err;
    long size;

    kg_error_clear(&err);
    assert_int_equal(kg_graph_open(&g, f->ctx, "memory:", 0, &err), 0);
    assert_int_equal(kg_graph_replace_graphs(g, t, NULL, &err), KG_EINVALID);
    kg_error_clear(&err);
    assert_int_equal(kg_graph_replace_graphs(g, t, "file:///tricky.ttl",
                                             &err),
                     0);
    size = kg_graph_size(g);
    assert_int_equal(size, (long)kg_triples_count(t) + 1);
    assert_int_equal(kg_graph_replace_graphs(g, t, "file:///tricky.ttl",
                                             &err),
                     0);
    assert_int_equal(kg_graph_size(g), size);
    assert_true(ask(g, "ASK { GRAPH <file:///tricky.ttl> { kgid:t1 ?p ?o } "
                       "}"));
    kg_triples_free(t);
    kg_graph_free(g);
}

/* One line per statement of 'm' ("s p o | graph"), sorted, as one
 * malloc()ed string. */
static int line_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void put_term(kg_buf *out, librdf_node *n)
{
    kg_term t;

    kg_graph__term(&t, n);
    assert_int_equal(kg_buf_printf(out, "%d<%s>^^<%s>@%s ", (int)t.kind,
                                   t.value ? t.value : "",
                                   t.datatype ? t.datatype : "",
                                   t.lang ? t.lang : ""),
                     0);
}

/* The lines of stream 'st' (freed) appended to 'lines'. */
static void dump_stream(librdf_stream *st, char ***lines, size_t *n)
{
    assert_non_null(st);
    for (; !librdf_stream_end(st); librdf_stream_next(st)) {
        librdf_statement *s = librdf_stream_get_object(st);
        kg_buf line = KG_BUF_INIT;

        put_term(&line, librdf_statement_get_subject(s));
        put_term(&line, librdf_statement_get_predicate(s));
        put_term(&line, librdf_statement_get_object(s));
        put_term(&line, librdf_stream_get_context2(st));
        *lines = realloc(*lines, (*n + 1) * sizeof(**lines));
        assert_non_null(*lines);
        (*lines)[(*n)++] = line.ptr;
    }
    librdf_free_stream(st);
}

/* Every statement of 'm' as lines, then again through the predicate
 * index: (?, p, ?) for the predicates of 'preds'. */
static char *dump_model(kg_graph *g, librdf_model *m)
{
    static const char *const preds[] = {
        KG_RDF_TYPE, KG_RDFS_LABEL, KG_NS "knows", KG_GRAPH__COMPLETE};
    char **lines = NULL;
    size_t n = 0, i;
    kg_buf all = KG_BUF_INIT;

    dump_stream(librdf_model_as_stream(m), &lines, &n);
    for (i = 0; i < sizeof(preds) / sizeof(preds[0]); i++) {
        librdf_statement *pat = librdf_new_statement_from_nodes(
            g->world, NULL, kg_graph__iri(g, preds[i]), NULL);
        assert_non_null(pat);
        dump_stream(kg_graph__find_statements(g->world, m, pat), &lines,
                    &n);
        librdf_free_statement(pat);
    }
    qsort(lines, n, sizeof(*lines), line_cmp);
    for (i = 0; i < n; i++) {
        assert_int_equal(kg_buf_printf(&all, "%s\n", lines[i]), 0);
        free(lines[i]);
    }
    free(lines);
    return all.ptr ? all.ptr : strdup("");
}

/* Quads for the bulk test: two articles, a file's default-graph triples,
 * a quad given twice and a triple stated by two graphs. */
static kg_triples *bulk_quads(kg_ctx *ctx)
{
    const char *names[3] = {"article-a.trig", "article-b.trig", "tricky.ttl"};
    kg_triples *t = NULL;
    kg_term s = kg_iri(KG_ID "person/x"), p = kg_iri(KG_NS "knows");
    kg_term o = kg_literal("x", NULL, "en");
    kg_term g1 = kg_iri(KG_ID "article/one"), g2 = kg_iri(KG_ID "article/two");
    size_t i, j;

    assert_int_equal(kg_triples_new(&t, NULL), 0);
    for (i = 0; i < 3; i++) {
        kg_triples *f = fixture(ctx, names[i]);
        for (j = 0; j < kg_triples_count(f); j++) {
            const kg_quad *q = kg_triples_get(f, j);
            assert_int_equal(kg_triples_add(t, &q->s, &q->p, &q->o, &q->g),
                             0);
        }
        kg_triples_free(f);
    }
    assert_int_equal(kg_triples_add(t, &s, &p, &o, &g1), 0);
    assert_int_equal(kg_triples_add(t, &s, &p, &o, &g1), 0);
    assert_int_equal(kg_triples_add(t, &s, &p, &o, &g2), 0);
    return t;
}

/* A load into an empty store is written past librdf (bulk.c); a load
 * into a store holding something goes through librdf. Both must leave
 * the same quads, union and completion markers. */
static void test_store__bulk_load_matches_librdf(void **state)
{
    fx *f = *state;
    kg_triples *t = bulk_quads(f->ctx), *other = NULL;
    kg_term s = kg_iri(KG_ID "person/y"), p = kg_iri(KG_NS "knows");
    kg_term other_g = kg_iri(KG_ID "article/other");
    char *bulk_q, *bulk_u, *lib_q, *lib_u;
    kg_graph *g;
    kg_error err;

    kg_error_clear(&err);
    g = open_store(f, KG_OPEN_CREATE); /* empty: the bulk path */
    assert_int_equal(kg_graph_replace_graphs(g, t, "file:///d.ttl", &err),
                     0);
    kg_graph_free(g);
    g = open_store(f, 0); /* a reopen drops graphs without markers */
    bulk_q = dump_model(g, g->model);
    bulk_u = dump_model(g, g->umodel);
    assert_true(query_count(g, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g "
                               "{ ?g kg:loadComplete true } }") == 5);
    kg_graph_free(g);

    snprintf(f->store, sizeof(f->store), "%s/store2", f->dir);
    g = open_store(f, KG_OPEN_CREATE);
    assert_int_equal(kg_triples_new(&other, NULL), 0);
    assert_int_equal(kg_triples_add(other, &s, &p, &s, &other_g), 0);
    assert_int_equal(kg_graph_replace_graphs(g, other, NULL, &err), 0);
    assert_int_equal(kg_graph_replace_graphs(g, t, "file:///d.ttl", &err),
                     0);
    assert_int_equal(kg_graph_remove(g, other_g.value, &err), 0);
    kg_graph_free(g);
    g = open_store(f, 0);
    lib_q = dump_model(g, g->model);
    lib_u = dump_model(g, g->umodel);
    kg_graph_free(g);

    assert_true(strlen(lib_q) > 1000);
    assert_string_equal(bulk_q, lib_q);
    assert_string_equal(bulk_u, lib_u);
    free(bulk_q);
    free(bulk_u);
    free(lib_q);
    free(lib_u);
    kg_triples_free(other);
    kg_triples_free(t);
}

/* A store made before the predicate index (no union-p2so.db) is opened
 * without one: librdf would make it empty, and a pattern with only its
 * predicate bound would find nothing. */
static void test_store__store_without_predicate_index(void **state)
{
    fx *f = *state;
    kg_graph *g = open_store(f, KG_OPEN_CREATE);
    const char *q = "SELECT (COUNT(*) AS ?n) WHERE { ?s rdfs:label ?l }";
    char path[400];
    long labels;

    assert_int_equal(load_article(g, f->ctx, "article-a.trig", "a.txt"),
                     KG_LOAD_ADDED);
    labels = query_count(g, q);
    assert_true(labels > 3);
    assert_int_equal(g->predicates, KG_GRAPH__P2SO_UNION);
    kg_graph_free(g);
    snprintf(path, sizeof(path), "%s/union-p2so.db", f->store);
    assert_int_equal(remove(path), 0);

    g = open_store(f, 0);
    assert_false(g->predicates);
    assert_int_equal(query_count(g, q), labels);
    kg_graph_free(g);
    g = open_store(f, KG_OPEN_CREATE); /* a writer too */
    assert_int_equal(load_article(g, f->ctx, "article-b.trig", "b.txt"),
                     KG_LOAD_ADDED);
    assert_true(query_count(g, q) > labels);
    kg_graph_free(g);
    snprintf(path, sizeof(path), "%s/union-p2so.db", f->store);
    assert_int_not_equal(access(path, F_OK), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_store__create_writes_marker,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_store__missing_store_is_not_found, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_store__random_directory_is_not_a_store, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store__bad_spec, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_store__reopen_keeps_facts,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_store__no_duplicates_and_one_marker, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store__reload_is_a_no_op, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_store__changed_article_replaces_old_graph, setup,
            teardown),
        cmocka_unit_test_setup_teardown(test_store__remove_graph, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_store__read_only_refuses_writes, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_store__quad_outside_graph_is_invalid, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_store__incomplete_graph_is_reloaded, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_store__replace_graphs_from_rdf_file, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_store__bulk_load_matches_librdf, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_store__store_without_predicate_index, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
