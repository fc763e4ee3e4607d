/*
 * test_oom.c -- every public entry point of graph/ with allocation 1..N
 * failing: each failure returns KG_ENOMEM (or succeeds once N is past the
 * last allocation) and leaks nothing (LeakSanitizer checks at exit).
 *
 * SPDX-License-Identifier: MIT
 */
#include "graph/helpers.h"

#include "kg_int.h"

#define MAX_STEPS 5000

typedef struct fx {
    kg_ctx *ctx;
    kg_graph *g;
    kg_triples *a;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof(*f));

    assert_int_equal(kg_ctx_new(&f->ctx, NULL), 0);
    assert_int_equal(kg_graph_open(&f->g, f->ctx, "memory:", 0, NULL), 0);
    f->a = fixture(f->ctx, "article-a.trig");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;

    kg_triples_free(f->a);
    kg_graph_free(f->g);
    kg_ctx_free(f->ctx);
    free(f);
    return 0;
}

static void test_oom__add_article(void **state)
{
    fx *f = *state;
    kg_load_status st;
    kg_error err;
    long n;
    int rc = KG_ENOMEM;

    for (n = 1; n < MAX_STEPS && rc == KG_ENOMEM; n++) {
        kg_error_clear(&err);
        kg__alloc_fail_after(n);
        rc = kg_graph_add_article(f->g, KG_ID "article/aaaa", "a.txt", f->a,
                                  &st, &err);
        kg__alloc_fail_after(0);
        if (rc != 0)
            assert_int_equal(rc, KG_ENOMEM);
    }
    assert_int_equal(rc, 0);
    /* whatever failed before, the graph is now complete exactly once */
    assert_int_equal(query_count(f->g, "SELECT (COUNT(*) AS ?n) WHERE { "
                                       "GRAPH ?g { ?s ?p ?o } }"),
                     (long)kg_triples_count(f->a) + 1);
}

static void test_oom__query_and_write(void **state)
{
    static const kg_result_format fmts[] = {
        KG_RESULTS_TABLE, KG_RESULTS_CSV, KG_RESULTS_TSV, KG_RESULTS_JSON,
        KG_RESULTS_XML};
    fx *f = *state;
    size_t i;

    assert_int_equal(kg_graph_add_article(f->g, KG_ID "article/aaaa",
                                          "a.txt", f->a, NULL, NULL),
                     0);
    for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
        int rc = KG_ENOMEM;
        long n;
        for (n = 1; n < MAX_STEPS && rc == KG_ENOMEM; n++) {
            kg_result *r = NULL;
            kg_error err;
            FILE *fp = fopen("/dev/null", "w");
            kg_error_clear(&err);
            kg__alloc_fail_after(n);
            rc = kg_graph_query(&r, f->g,
                                "SELECT ?s ?l WHERE { ?s rdfs:label ?l }",
                                NULL, &err);
            if (rc == 0)
                rc = kg_result_write(r, fp, fmts[i], &err);
            kg__alloc_fail_after(0);
            kg_result_free(r);
            fclose(fp);
            if (rc != 0)
                assert_int_equal(rc, KG_ENOMEM);
        }
        assert_int_equal(rc, 0);
    }
}

static void test_oom__lookups_and_stats(void **state)
{
    fx *f = *state;
    int rc;
    long n;

    assert_int_equal(kg_graph_add_article(f->g, KG_ID "article/aaaa",
                                          "a.txt", f->a, NULL, NULL),
                     0);
    for (rc = KG_ENOMEM, n = 1; n < MAX_STEPS && rc == KG_ENOMEM; n++) {
        kg_buf out = KG_BUF_INIT;
        kg__alloc_fail_after(n);
        rc = kg_graph_resolve(&out, f->g, "dprk", NULL);
        kg__alloc_fail_after(0);
        kg_buf_dispose(&out);
        if (rc != 0)
            assert_int_equal(rc, KG_ENOMEM);
    }
    assert_int_equal(rc, 0);
    for (rc = KG_ENOMEM, n = 1; n < MAX_STEPS && rc == KG_ENOMEM; n++) {
        kg_triples *t = NULL;
        assert_int_equal(kg_triples_new(&t, NULL), 0);
        kg__alloc_fail_after(n);
        rc = kg_graph_neighbourhood(t, f->g, KG_ID "person/kim-jong-un", 3,
                                    50, NULL);
        kg__alloc_fail_after(0);
        if (rc != 0) {
            assert_int_equal(rc, KG_ENOMEM);
            assert_int_equal(kg_triples_count(t), 0);
        }
        kg_triples_free(t);
    }
    assert_int_equal(rc, 0);
    for (rc = KG_ENOMEM, n = 1; n < MAX_STEPS && rc == KG_ENOMEM; n++) {
        kg_stats *s = NULL;
        kg__alloc_fail_after(n);
        rc = kg_graph_stats(&s, f->g, NULL);
        kg__alloc_fail_after(0);
        if (rc != 0) {
            assert_int_equal(rc, KG_ENOMEM);
            assert_null(s);
        }
        kg_stats_free(s);
    }
    assert_int_equal(rc, 0);
}

/* The capped writer keeps its rows until the head is written. */
static void test_oom__write_capped(void **state)
{
    fx *f = *state;
    int rc = KG_ENOMEM, truncated;
    long n;

    assert_int_equal(kg_graph_add_article(f->g, KG_ID "article/aaaa",
                                          "a.txt", f->a, NULL, NULL),
                     0);
    for (n = 1; n < MAX_STEPS && rc == KG_ENOMEM; n++) {
        kg_result *r = NULL;
        kg_error err;
        FILE *fp = fopen("/dev/null", "w");
        kg_error_clear(&err);
        rc = kg_graph_query(&r, f->g, "SELECT ?s ?l WHERE { ?s rdfs:label "
                                      "?l }",
                            NULL, &err);
        assert_int_equal(rc, 0);
        kg__alloc_fail_after(n);
        rc = kg_result_write_capped(r, fp, KG_RESULTS_JSON, 2, &truncated,
                                    &err);
        kg__alloc_fail_after(0);
        kg_result_free(r);
        fclose(fp);
        if (rc != 0)
            assert_int_equal(rc, KG_ENOMEM);
    }
    assert_int_equal(rc, 0);
    assert_int_equal(truncated, 1);
}

/* An update that is repeated until it runs: INSERT is idempotent, so the
 * end state is the same whatever failed before. */
static void test_oom__update(void **state)
{
    static const char update[] =
        "PREFIX ex: <http://example.org/oom/>\n"
        "INSERT DATA { GRAPH ex:g { ex:a ex:b 1 , \"x\"@en . ex:a ex:c [ "
        "ex:d 2 ] } } ;\n"
        "INSERT { GRAPH ex:h { ?s ex:e ?o } } WHERE { GRAPH ex:g { ?s ex:b "
        "?o } } ;\n"
        "DELETE WHERE { GRAPH ex:h { ?s ex:e 1 } } ; CREATE SILENT GRAPH ex:k";
    fx *f = *state;
    kg_update_stats st;
    kg_error err;
    long n;
    int rc = KG_ENOMEM;

    for (n = 1; n < MAX_STEPS && rc == KG_ENOMEM; n++) {
        kg_error_clear(&err);
        kg__alloc_fail_after(n);
        rc = kg_graph_update(f->g, update, NULL, &st, &err);
        kg__alloc_fail_after(0);
        if (rc != 0) {
            assert_int_equal(rc, KG_ENOMEM);
            assert_int_equal(err.code, KG_ENOMEM);
        }
    }
    assert_int_equal(rc, 0);
    assert_int_equal(query_count(f->g, "SELECT (COUNT(*) AS ?n) WHERE { "
                                       "GRAPH <http://example.org/oom/h> "
                                       "{ ?s ?p ?o } }"),
                     2); /* "x"@en and the marker */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_oom__add_article, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_oom__query_and_write, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_oom__lookups_and_stats, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_oom__write_capped, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_oom__update, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
