/*
 * test_dataset.c -- the dataset of a query: FROM / FROM NAMED over the
 * store's graphs, the caller's default and named graphs replacing them,
 * kg_graph_add_quads for files, the time limit inside matching,
 * kg_query_parse and kg_query_dataset without a store, and each of these
 * with allocation 1..N failing (KG_ENOMEM, nothing leaked).
 *
 * Three graphs: g1 and g2 share one triple (ex:shared), g3 has its own.
 * Expected counts are by hand from the quads below.
 *
 * SPDX-License-Identifier: MIT
 */
#include "graph/helpers.h"

#include "kg_int.h"

#define EX "http://example.org/"

typedef struct fx {
    kg_ctx *ctx;
    kg_graph *g;
} fx;

static void add(kg_triples *t, const char *s, const char *o, const char *g)
{
    kg_term ts = kg_iri(s), tp = kg_iri(EX "p"), to = kg_iri(o),
            tg = kg_iri(g);

    assert_int_equal(kg_triples_add(t, &ts, &tp, &to, g ? &tg : NULL), 0);
}

static int setup(void **state)
{
    fx *f = calloc(1, sizeof(*f));
    kg_triples *t = NULL;
    kg_error err;

    kg_error_clear(&err);
    assert_int_equal(kg_ctx_new(&f->ctx, NULL), 0);
    assert_int_equal(
        kg_graph_open(&f->g, f->ctx, "memory:", KG_OPEN_CREATE, NULL), 0);
    assert_int_equal(kg_triples_new(&t, NULL), 0);
    add(t, EX "a", EX "one", EX "g1");
    add(t, EX "shared", EX "both", EX "g1");
    add(t, EX "b", EX "two", EX "g2");
    add(t, EX "shared", EX "both", EX "g2");
    add(t, EX "c", EX "three", EX "g3");
    add(t, EX "d", EX "four", NULL); /* into the default_graph argument */
    if (kg_graph_add_quads(f->g, t, EX "g4", &err) != 0)
        fail_msg("add_quads: %s", err.message);
    /* Adding the same quads again changes nothing. */
    assert_int_equal(kg_graph_add_quads(f->g, t, EX "g4", &err), 0);
    kg_triples_free(t);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;

    kg_graph_free(f->g);
    kg_ctx_free(f->ctx);
    free(f);
    return 0;
}

/* Run 'q' under 'opts' and return its rows as CSV (malloc()ed). */
static char *run(fx *f, const char *q, const kg_query_options *opts)
{
    kg_result *r = NULL;
    kg_error err;
    char *text = NULL;
    size_t len = 0;
    FILE *fp;

    kg_error_clear(&err);
    if (kg_graph_query(&r, f->g, q, opts, &err) != 0)
        fail_msg("query: %s", err.message);
    assert_non_null(fp = open_memstream(&text, &len));
    if (kg_result_write(r, fp, KG_RESULTS_CSV, &err) != 0)
        fail_msg("write: %s", err.message);
    fclose(fp);
    kg_result_free(r);
    return text;
}

static void expect_rows(fx *f, const char *q, const kg_query_options *opts,
                        const char *csv)
{
    char *text = run(f, q, opts);

    if (strcmp(text, csv) != 0)
        fail_msg("%s\ngave\n%s\nwanted\n%s", q, text, csv);
    free(text);
}

static void test_dataset__add_quads_writes_no_marker(void **state)
{
    fx *f = *state;

    assert_int_equal(kg_graph_size(f->g), 6);
    expect_rows(f, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o "
                   "} } GROUP BY ?g ORDER BY ?g",
                NULL,
                "g,n\r\n" EX "g1,2\r\n" EX "g2,2\r\n" EX "g3,1\r\n" EX
                "g4,1\r\n");
}

static void test_dataset__from_is_the_merge(void **state)
{
    fx *f = *state;

    expect_rows(f, "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s", NULL,
                "s\r\n" EX "a\r\n" EX "b\r\n" EX "c\r\n" EX "d\r\n" EX
                "shared\r\n");
    expect_rows(f,
                "SELECT ?s FROM <" EX "g1> WHERE { ?s ?p ?o } ORDER BY ?s",
                NULL, "s\r\n" EX "a\r\n" EX "shared\r\n");
    /* The shared triple is in the merge once, not once per graph. */
    expect_rows(f,
                "SELECT ?s FROM <" EX "g1> FROM <" EX "g2> WHERE { ?s ?p ?o "
                "} ORDER BY ?s",
                NULL, "s\r\n" EX "a\r\n" EX "b\r\n" EX "shared\r\n");
    /* Also when the merged triple is matched with a bound subject. */
    expect_rows(f,
                "SELECT ?o FROM <" EX "g1> FROM <" EX "g2> WHERE { <" EX
                "shared> ?p ?o }",
                NULL, "o\r\n" EX "both\r\n");
    /* A FROM naming a graph the store lacks is an empty graph. */
    expect_rows(f, "SELECT ?s FROM <" EX "none> WHERE { ?s ?p ?o }", NULL,
                "s\r\n");
    /* It is a name, never a file to read. */
    expect_rows(f,
                "SELECT ?s FROM <file:///etc/passwd> FROM NAMED "
                "<file:///etc/hostname> WHERE { { ?s ?p ?o } UNION { GRAPH "
                "?g { ?s ?p ?o } } }",
                NULL, "s\r\n");
    expect_rows(f,
                "ASK FROM <" EX "g3> { <" EX "c> <" EX "p> <" EX "three> }",
                NULL, "_askResult\r\ntrue\r\n");
    expect_rows(f,
                "ASK FROM <" EX "g1> { <" EX "c> <" EX "p> <" EX "three> }",
                NULL, "_askResult\r\nfalse\r\n");
}

static void test_dataset__from_named_limits_graph(void **state)
{
    fx *f = *state;

    expect_rows(f,
                "SELECT DISTINCT ?g FROM NAMED <" EX "g2> FROM NAMED <" EX
                "g3> WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g",
                NULL, "g\r\n" EX "g2\r\n" EX "g3\r\n");
    /* FROM NAMED alone: the default graph is empty. */
    expect_rows(f,
                "SELECT ?s FROM NAMED <" EX "g2> WHERE { ?s ?p ?o }", NULL,
                "s\r\n");
    /* GRAPH on a graph outside the dataset: no rows, not one empty row. */
    expect_rows(f,
                "SELECT * FROM NAMED <" EX "g2> WHERE { GRAPH <" EX
                "g1> { ?s ?p ?o } }",
                NULL, "s,p,o\r\n");
    expect_rows(f,
                "SELECT ?s FROM NAMED <" EX "g1> WHERE { GRAPH <" EX
                "g1> { ?s ?p <" EX "one> } }",
                NULL, "s\r\n" EX "a\r\n");
}

static void test_dataset__options_replace_from(void **state)
{
    fx *f = *state;
    kg_query_options opts = KG_QUERY_OPTIONS_INIT;
    const char *defaults[] = {EX "g3", EX "g4"};
    const char *named[] = {EX "g1"};

    opts.default_graphs = defaults;
    opts.n_default_graphs = 2;
    expect_rows(f,
                "SELECT ?s FROM <" EX "g1> WHERE { ?s ?p ?o } ORDER BY ?s",
                &opts, "s\r\n" EX "c\r\n" EX "d\r\n");
    /* Default graphs only: no named graphs at all. */
    expect_rows(f, "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", &opts,
                "g\r\n");
    opts.named_graphs = named;
    opts.n_named_graphs = 1;
    expect_rows(f,
                "SELECT DISTINCT ?g FROM NAMED <" EX "g2> WHERE { GRAPH ?g "
                "{ ?s ?p ?o } }",
                &opts, "g\r\n" EX "g1\r\n");
    /* Named graphs only: the default graph is empty. */
    opts.n_default_graphs = 0;
    expect_rows(f, "SELECT ?s WHERE { ?s ?p ?o }", &opts, "s\r\n");
}

/*
 * A cross product sorted by ORDER BY is all done inside rasqal before the
 * first row; the deadline must stop it from inside the matching. (That it
 * does so promptly is checked by tests/cli/query-timeout with a clock.)
 */
static void test_dataset__time_limit_inside_matching(void **state)
{
    fx *f = *state;
    kg_query_options opts = KG_QUERY_OPTIONS_INIT;
    kg_result *r = NULL;
    kg_error err;

    opts.timeout = 0.01;
    kg_error_clear(&err);
    assert_int_equal(kg_graph_query(&r, f->g,
                                    "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . "
                                    "?g ?h ?i . ?j ?k ?l . ?m ?n ?o . ?q ?r "
                                    "?s } ORDER BY ?a ?d ?g ?j ?m ?q",
                                    &opts, &err),
                     KG_ETIMEOUT);
    assert_null(r);
    assert_int_equal(err.code, KG_ETIMEOUT);
}

static void test_dataset__parse_only(void **state)
{
    kg_ctx *ctx = NULL;
    kg_query_options opts = KG_QUERY_OPTIONS_INIT;
    kg_error err;

    (void)state;
    kg_error_clear(&err);
    assert_int_equal(kg_ctx_new(&ctx, NULL), 0);
    assert_int_equal(kg_query_parse(ctx, "SELECT ?s WHERE { ?s a "
                                         "schema:Person }",
                                    NULL, &err),
                     0);
    assert_int_equal(kg_query_parse(ctx, "SELECT ?s\nWHERE {\n ?s ?p }",
                                    NULL, &err),
                     KG_EPARSE);
    assert_int_equal(err.line, 3);
    /* rasqal names the token; kg finds its column when it is unique on
     * the line, and gives none rather than a guess otherwise. */
    assert_int_equal(err.column, 8);
    assert_int_equal(kg_query_parse(ctx, "SELECT ?s WHERE { ?s ?p ?o } } }",
                                    NULL, &err),
                     KG_EPARSE);
    assert_int_equal(err.line, 1);
    assert_int_equal(err.column, 0);
    /* Without predeclared prefixes an undeclared one is an error. */
    opts.predeclare = 0;
    assert_int_equal(kg_query_parse(ctx, "SELECT ?s WHERE { ?s a "
                                         "schema:Person }",
                                    &opts, &err),
                     KG_EPARSE);
    /* Syntax only: VALUES parses, although kg_graph_query refuses it. */
    assert_int_equal(kg_query_parse(ctx, "SELECT ?s WHERE { ?s ?p ?o } "
                                         "VALUES ?s { <" EX "a> }",
                                    NULL, &err),
                     0);
    kg_ctx_free(ctx);
}

static void test_dataset__from_list(void **state)
{
    kg_ctx *ctx = NULL;
    kg_query_options opts = KG_QUERY_OPTIONS_INIT;
    kg_buf d = KG_BUF_INIT, n = KG_BUF_INIT;
    size_t nd, nn;

    (void)state;
    assert_int_equal(kg_ctx_new(&ctx, NULL), 0);
    opts.base = "file:///q/query.rq";
    assert_int_equal(kg_query_dataset(ctx,
                                      "SELECT * FROM <a.ttl> FROM <" EX
                                      "b> FROM NAMED <c.ttl> WHERE {}",
                                      &opts, &d, &nd, &n, &nn, NULL),
                     0);
    assert_int_equal(nd, 2);
    assert_int_equal(nn, 1);
    assert_string_equal(d.ptr, "file:///q/a.ttl");
    assert_string_equal(d.ptr + strlen(d.ptr) + 1, EX "b");
    assert_string_equal(n.ptr, "file:///q/c.ttl");
    kg_buf_dispose(&d);
    kg_buf_dispose(&n);
    kg_ctx_free(ctx);
}

#define MAX_STEPS 5000

static void test_dataset__out_of_memory(void **state)
{
    fx *f = *state;
    kg_query_options opts = KG_QUERY_OPTIONS_INIT;
    const char *defaults[] = {EX "g1", EX "g2"};
    const char *named[] = {EX "g3"};
    kg_triples *t = NULL;
    long n;
    int rc;

    opts.default_graphs = defaults;
    opts.n_default_graphs = 2;
    opts.named_graphs = named;
    opts.n_named_graphs = 1;
    for (rc = KG_ENOMEM, n = 1; n < MAX_STEPS && rc == KG_ENOMEM; n++) {
        kg_result *r = NULL;
        FILE *fp = fopen("/dev/null", "w");
        kg__alloc_fail_after(n);
        rc = kg_graph_query(&r, f->g,
                            "SELECT * FROM <" EX "g4> WHERE { { ?s ?p ?o } "
                            "UNION { GRAPH ?g { ?s ?p ?o } } }",
                            &opts, NULL);
        if (rc == 0)
            rc = kg_result_write(r, fp, KG_RESULTS_CSV, NULL);
        kg__alloc_fail_after(0);
        kg_result_free(r);
        fclose(fp);
        if (rc != 0)
            assert_int_equal(rc, KG_ENOMEM);
    }
    assert_int_equal(rc, 0);
    for (rc = KG_ENOMEM, n = 1; n < MAX_STEPS && rc == KG_ENOMEM; n++) {
        kg_buf d = KG_BUF_INIT, nm = KG_BUF_INIT;
        size_t nd, nn;
        kg__alloc_fail_after(n);
        rc = kg_query_parse(f->ctx, "SELECT * WHERE { ?s ?p ?o }", NULL,
                            NULL);
        if (rc == 0)
            rc = kg_query_dataset(f->ctx,
                                  "SELECT * FROM <" EX "a> FROM NAMED <" EX
                                  "b> WHERE { ?s ?p ?o }",
                                  NULL, &d, &nd, &nm, &nn, NULL);
        kg__alloc_fail_after(0);
        kg_buf_dispose(&d);
        kg_buf_dispose(&nm);
        if (rc != 0)
            assert_int_equal(rc, KG_ENOMEM);
    }
    assert_int_equal(rc, 0);
    /* Adding quads: a failure leaves some added; adding again completes
     * them, each once. */
    assert_int_equal(kg_triples_new(&t, NULL), 0);
    add(t, EX "e", EX "five", EX "g5");
    add(t, EX "f", EX "six", NULL);
    for (rc = KG_ENOMEM, n = 1; n < MAX_STEPS && rc == KG_ENOMEM; n++) {
        kg__alloc_fail_after(n);
        rc = kg_graph_add_quads(f->g, t, EX "g6", NULL);
        kg__alloc_fail_after(0);
        if (rc != 0)
            assert_int_equal(rc, KG_ENOMEM);
    }
    assert_int_equal(rc, 0);
    assert_int_equal(kg_graph_size(f->g), 8);
    kg_triples_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_dataset__add_quads_writes_no_marker, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dataset__from_is_the_merge,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_dataset__from_named_limits_graph, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dataset__options_replace_from,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_dataset__time_limit_inside_matching, setup, teardown),
        cmocka_unit_test(test_dataset__parse_only),
        cmocka_unit_test(test_dataset__from_list),
        cmocka_unit_test_setup_teardown(test_dataset__out_of_memory, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
