/*
 * test_store.c -- opening, creating and loading the librdf store.
 *
 * SPDX-License-Identifier: MIT
 */
#include "graph/helpers.h"

#include <sys/stat.h>

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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
