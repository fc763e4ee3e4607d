/*
 * test_update.c -- SPARQL Update through kg_graph_update(): each
 * operation, the union default graph, graph markers, the refusals, and
 * all or nothing on a directory store (the journal rolls back); the
 * reader-to-writer reopening the endpoint uses.
 *
 * SPDX-License-Identifier: MIT
 */
#include "graph/helpers.h"

#include "graph_int.h"

#define EX "http://example.org/u/"
#define PFX "PREFIX ex: <" EX ">\n"

typedef struct fx {
    kg_ctx *ctx;
    kg_graph *g; /* a memory store with graphs ex:g1 and ex:g2 */
    char dir[256];
} fx;

static int run(kg_graph *g, const char *sparql, kg_update_stats *st,
               kg_error *err)
{
    kg_error_clear(err);
    return kg_graph_update(g, sparql, NULL, st, err);
}

/* Run 'sparql', which must succeed with these counts. */
static void ok(kg_graph *g, const char *sparql, int ops, long ins, long del)
{
    kg_update_stats st = {-1, -1, -1};
    kg_error err;

    if (run(g, sparql, &st, &err) != 0)
        fail_msg("update: %s (line %d)", err.message, err.line);
    assert_int_equal(st.operations, ops);
    assert_int_equal(st.inserted, ins);
    assert_int_equal(st.deleted, del);
}

/* Quads in graph 'g' (an IRI), not counting its completion marker. */
static long in_graph(kg_graph *g, const char *graph)
{
    char q[512];

    snprintf(q, sizeof(q),
             "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <%s> { ?s ?p ?o "
             "FILTER(?p != kg:loadComplete) } }",
             graph);
    return query_count(g, q);
}

static int has_graph(kg_graph *g, const char *graph)
{
    char q[512];

    snprintf(q, sizeof(q), "ASK { GRAPH <%s> { ?s ?p ?o } }", graph);
    return ask(g, q);
}

static int setup(void **state)
{
    fx *f = calloc(1, sizeof(*f));

    assert_int_equal(kg_ctx_new(&f->ctx, NULL), 0);
    assert_int_equal(kg_graph_open(&f->g, f->ctx, "memory:", 0, NULL), 0);
    ok(f->g,
       PFX "INSERT DATA { GRAPH ex:g1 { ex:a ex:knows ex:b , ex:c . "
           "ex:a ex:age 40 } }",
       1, 3, 0);
    ok(f->g, PFX "INSERT DATA { GRAPH ex:g2 { ex:a ex:knows ex:b } }", 1, 1,
       0);
    sandbox_new(f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;

    kg_graph_free(f->g);
    sandbox_free(f->dir);
    kg_ctx_free(f->ctx);
    free(f);
    return 0;
}

/* INSERT DATA: new quads counted once, the graph complete, the union
 * holding each triple once. */
static void test_update__insert_data(void **state)
{
    fx *f = *state;
    librdf_node *c;

    assert_int_equal(in_graph(f->g, EX "g1"), 3);
    assert_int_equal(in_graph(f->g, EX "g2"), 1);
    /* already there: nothing added */
    ok(f->g, PFX "INSERT DATA { GRAPH ex:g1 { ex:a ex:knows ex:b } }", 1, 0,
       0);
    assert_int_equal(query_count(f->g, "PREFIX ex: <" EX "> SELECT "
                                       "(COUNT(*) AS ?n) WHERE { ex:a "
                                       "ex:knows ex:b }"),
                     1);
    c = kg_graph__iri(f->g, EX "g1");
    assert_true(kg_graph__complete(f->g, c));
    librdf_free_node(c);
    /* typed and tagged literals keep their datatype and language */
    ok(f->g,
       PFX "INSERT DATA { GRAPH ex:g3 { ex:d ex:v 1.5e0 , \"x\"@en , "
           "\"2031-02-03\"^^xsd:date } }",
       1, 3, 0);
    assert_true(ask(f->g, PFX "ASK { ex:d ex:v \"x\"@en . ex:d ex:v "
                              "\"2031-02-03\"^^xsd:date . ex:d ex:v ?d "
                              "FILTER(datatype(?d) = xsd:double) }"));
}

/* DELETE DATA in a graph, and in the default graph: from every graph
 * stating the triple, and from the union. */
static void test_update__delete_data(void **state)
{
    fx *f = *state;

    ok(f->g, PFX "DELETE DATA { GRAPH ex:g1 { ex:a ex:age 40 } }", 1, 0, 1);
    assert_int_equal(in_graph(f->g, EX "g1"), 2);
    ok(f->g, PFX "DELETE DATA { GRAPH ex:g1 { ex:a ex:age 40 } }", 1, 0, 0);
    ok(f->g, PFX "DELETE DATA { ex:a ex:knows ex:b }", 1, 0, 2);
    assert_false(ask(f->g, PFX "ASK { ex:a ex:knows ex:b }"));
    assert_false(ask(f->g, PFX "ASK { GRAPH ?g { ex:a ex:knows ex:b } }"));
    assert_true(ask(f->g, PFX "ASK { ex:a ex:knows ex:c }"));
    /* the emptied graph is kept, with its marker */
    assert_true(has_graph(f->g, EX "g2"));
    assert_int_equal(in_graph(f->g, EX "g2"), 0);
}

/* DELETE/INSERT WHERE: the WHERE is evaluated before any change, the
 * deletions come before the insertions, GRAPH ?g is bound per row. */
static void test_update__modify(void **state)
{
    fx *f = *state;

    ok(f->g,
       PFX "DELETE { GRAPH ?g { ?s ex:knows ?o } } "
           "INSERT { GRAPH ?g { ?o ex:knownBy ?s } } "
           "WHERE { GRAPH ?g { ?s ex:knows ?o } }",
       1, 3, 3);
    assert_false(ask(f->g, PFX "ASK { ?s ex:knows ?o }"));
    assert_int_equal(query_count(f->g, PFX "SELECT (COUNT(*) AS ?n) WHERE "
                                           "{ GRAPH ?g { ?o ex:knownBy "
                                           "ex:a } }"),
                     3);
    /* the union default graph in the WHERE, a fresh blank node per row */
    ok(f->g,
       PFX "INSERT { GRAPH ex:g9 { _:n ex:about ?o } } "
           "WHERE { ?o ex:knownBy ex:a }",
       1, 2, 0);
    assert_int_equal(query_count(f->g, PFX "SELECT (COUNT(*) AS ?k) WHERE "
                                           "{ SELECT DISTINCT ?n WHERE { ?n "
                                           "ex:about ?o } }"),
                     2);
    /* WITH names the graph of the templates and of the WHERE */
    ok(f->g,
       PFX "WITH ex:g1 DELETE { ?s ex:age ?a } INSERT { ?s ex:age 41 } "
           "WHERE { ?s ex:age ?a }",
       1, 1, 1);
    assert_true(ask(f->g, PFX "ASK { GRAPH ex:g1 { ex:a ex:age 41 } }"));
    /* no solution: nothing changes */
    ok(f->g,
       PFX "DELETE { GRAPH ex:g1 { ?s ?p ?o } } WHERE { GRAPH ex:g1 { ?s "
           "ex:none ?o } }",
       1, 0, 0);
}

/* DELETE WHERE, with and without GRAPH (the forms rasqal drops). */
static void test_update__delete_where(void **state)
{
    fx *f = *state;

    ok(f->g, PFX "DELETE WHERE { GRAPH ex:g1 { ex:a ex:knows ?x } }", 1, 0,
       2);
    assert_int_equal(in_graph(f->g, EX "g1"), 1);
    ok(f->g, PFX "DELETE WHERE { ?s ex:knows ?o }", 1, 0, 1);
    assert_int_equal(in_graph(f->g, EX "g2"), 0);
}

/* CLEAR keeps the graph, DROP removes it, CREATE makes an empty one;
 * DEFAULT, NAMED and ALL; SILENT. */
static void test_update__graph_management(void **state)
{
    fx *f = *state;
    kg_error err;

    ok(f->g, PFX "CLEAR GRAPH ex:g1", 1, 0, 3);
    assert_true(has_graph(f->g, EX "g1"));
    assert_int_equal(in_graph(f->g, EX "g1"), 0);
    ok(f->g, PFX "DROP GRAPH ex:g1", 1, 0, 0);
    assert_false(has_graph(f->g, EX "g1"));
    assert_int_equal(run(f->g, PFX "DROP GRAPH ex:g1", NULL, &err),
                     KG_EINVALID);
    assert_non_null(strstr(err.message, "no graph"));
    ok(f->g, PFX "DROP SILENT GRAPH ex:g1 ; CLEAR SILENT GRAPH ex:g1", 2, 0,
       0);
    ok(f->g, PFX "CREATE GRAPH ex:g5", 1, 0, 0);
    assert_true(has_graph(f->g, EX "g5"));
    assert_int_equal(run(f->g, PFX "CREATE GRAPH ex:g5", NULL, &err),
                     KG_EINVALID);
    ok(f->g, PFX "CREATE SILENT GRAPH ex:g5", 1, 0, 0);
    /* the default graph is the union: clearing it empties every graph */
    ok(f->g, "CLEAR DEFAULT", 1, 0, 1);
    assert_true(has_graph(f->g, EX "g2"));
    assert_false(ask(f->g, "ASK { ?s ?p ?o }"));
    ok(f->g, PFX "INSERT DATA { GRAPH ex:g2 { ex:a ex:knows ex:b } }", 1, 1,
       0);
    ok(f->g, "DROP ALL", 1, 0, 1);
    assert_false(has_graph(f->g, EX "g2"));
    assert_false(has_graph(f->g, EX "g5"));
    assert_int_equal(kg_graph_size(f->g), 0);
}

/* Several operations: each sees the ones before; prefixes declared
 * between them count from there on. */
static void test_update__sequence(void **state)
{
    fx *f = *state;

    ok(f->g,
       PFX "DROP GRAPH ex:g2 ;\n"
           "PREFIX e2: <" EX "> INSERT DATA { GRAPH e2:g2 { e2:z e2:y 1 } } ;"
           "\nINSERT { GRAPH ex:g2 { ?s ex:y 2 } } WHERE { ?s ex:y 1 } ;",
       3, 2, 1);
    assert_int_equal(in_graph(f->g, EX "g2"), 2);
}

/* Standard forms rasqal 0.9.33's update grammar rejects or drops, which
 * kg reads anyway. */
static void test_update__rasqal_gaps(void **state)
{
    fx *f = *state;

    /* DELETE and INSERT together without WITH */
    ok(f->g,
       PFX "DELETE { GRAPH ex:g1 { ex:a ex:age ?a } } INSERT { GRAPH ex:g1 "
           "{ ex:a ex:age 41 } } WHERE { GRAPH ex:g1 { ex:a ex:age ?a } }",
       1, 1, 1);
    /* DATA with several GRAPH blocks, a '.' after one, triples between */
    ok(f->g,
       PFX "INSERT DATA { GRAPH ex:g3 { ex:x ex:y 1 } . GRAPH ex:g4 { ex:x "
           "ex:y 2 } GRAPH ex:g5 { } }",
       1, 2, 0);
    assert_int_equal(in_graph(f->g, EX "g4"), 1);
    /* empty blocks: nothing to do, not an error */
    ok(f->g, "INSERT DATA { } ; DELETE DATA { } ; DELETE WHERE { }", 3, 0, 0);
    /* DROP ALL before another operation (rasqal drops both) */
    ok(f->g, PFX "DROP ALL ; INSERT DATA { GRAPH ex:g1 { ex:a ex:b 1 } }", 2,
       1, 6);
    assert_int_equal(in_graph(f->g, EX "g1"), 1);
    /* BASE after the predeclared prefixes, for the data and the WHERE */
    ok(f->g,
       "BASE <" EX "> INSERT { GRAPH <g1> { ?s <c> 2 } } WHERE { GRAPH <g1> "
       "{ ?s <b> 1 } }",
       1, 1, 0);
    assert_true(ask(f->g, PFX "ASK { GRAPH ex:g1 { ex:a ex:c 2 } }"));
    /* ';' and braces inside strings and comments do not split */
    ok(f->g,
       PFX "INSERT DATA { GRAPH ex:g1 { ex:a ex:s \"x; } {\" , "
           "\"\"\"a\n;\"\"\" } } # ; {\n;",
       1, 2, 0);
}

/* What is refused, before anything is written. */
static void test_update__refused(void **state)
{
    fx *f = *state;
    static const struct {
        const char *text;
        int code;
        const char *says;
    } bad[] = {
        {PFX "INSERT DATA { ex:a ex:b ex:c }", KG_EINVALID, "default graph"},
        {PFX "INSERT { ?s ex:b ex:c } WHERE { ?s ?p ?o }", KG_EINVALID,
         "default graph"},
        {PFX "INSERT DATA { GRAPH ex:g1 { ex:a ex:b ?x } }", KG_EINVALID,
         "variables"},
        {PFX "DELETE DATA { GRAPH ex:g1 { _:b ex:b 1 } }", KG_EINVALID,
         "blank nodes"},
        {"LOAD <http://example.org/data.ttl>", KG_EUNSUPPORTED, "LOAD"},
        {"LOAD <file:///etc/passwd> INTO GRAPH <urn:x>", KG_EUNSUPPORTED,
         "LOAD"},
        {"COPY <urn:a> TO <urn:b>", KG_EUNSUPPORTED, "COPY"},
        {"MOVE <urn:a> TO <urn:b>", KG_EUNSUPPORTED, "MOVE"},
        {"ADD <urn:a> TO <urn:b>", KG_EUNSUPPORTED, "ADD"},
        {PFX "DELETE { ?s ?p ?o } USING ex:g1 WHERE { ?s ?p ?o }",
         KG_EUNSUPPORTED, "USING"},
        {PFX "WITH ex:g1 DELETE { GRAPH ex:g2 { ?s ?p ?o } } WHERE "
             "{ ?s ?p ?o }",
         KG_EUNSUPPORTED, "WITH together with GRAPH"},
        {PFX "INSERT { GRAPH ex:g1 { ?s ex:b 1 } } WHERE { ?s ?p ?o "
             "VALUES ?o { 1 2 } }",
         KG_EUNSUPPORTED, "VALUES"},
        /* a valid first operation is not applied when the second fails */
        {PFX "INSERT DATA { GRAPH ex:g1 { ex:new ex:b 1 } } ; LOAD <urn:x>",
         KG_EUNSUPPORTED, "LOAD"},
    };
    long before = kg_graph_size(f->g);
    kg_error err;
    size_t i;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        int rc = run(f->g, bad[i].text, NULL, &err);
        if (rc != bad[i].code || !strstr(err.message, bad[i].says))
            fail_msg("%s: %d %s", bad[i].text, rc, err.message);
    }
    assert_int_equal(kg_graph_size(f->g), before);
    assert_false(ask(f->g, PFX "ASK { ex:new ?p ?o }"));
}

/* A syntax error gives KG_EPARSE and its line in the caller's text, also
 * in a later operation (the predeclared prefixes are not counted). */
static void test_update__syntax_error(void **state)
{
    fx *f = *state;
    kg_error err;

    assert_int_equal(run(f->g,
                         PFX "INSERT DATA { GRAPH ex:g1 { ex:a ex:b 1 } } ;\n"
                             "\n"
                             "DELETE DATA { GRAPH ex:g1 { ex:a ex:b } }",
                         NULL, &err),
                     KG_EPARSE);
    assert_int_equal(err.line, 4);
    assert_int_equal(run(f->g, "INSERT DATA { GRAPH <urn:g> { <urn:a> ",
                         NULL, &err),
                     KG_EPARSE);
    assert_int_equal(run(f->g, "FROBNICATE GRAPH <urn:g>", NULL, &err),
                     KG_EPARSE);
    assert_false(ask(f->g, PFX "ASK { ex:a ex:b 1 }"));
    /* invalid SPARQL in a WHERE clause (graph/validate.c), located in
     * the request, not in the SELECT kg runs it as */
    assert_int_equal(run(f->g,
                         PFX "INSERT DATA { GRAPH ex:g1 { ex:a ex:b 1 } } ;\n"
                             "DELETE { GRAPH ex:g1 { ?s ex:b ?o } }\n"
                             "  WHERE { GRAPH ex:g1 { ?s ex:b ?o "
                             "BIND(1 AS ?o) } }",
                         NULL, &err),
                     KG_EPARSE);
    assert_non_null(strstr(err.message, "?o is assigned by BIND"));
    assert_int_equal(err.line, 4);
    assert_int_equal(err.column, 46);
    /* nothing but a prologue, or nothing at all: no operation */
    ok(f->g, PFX, 0, 0, 0);
    ok(f->g, "", 0, 0, 0);
}

/* A read-only store refuses updates but can check them; reopening it as
 * a writer and back keeps the same handle. */
static void test_update__reopen_and_check(void **state)
{
    fx *f = *state;
    char store[300];
    kg_graph *g = NULL, *other = NULL;
    kg_error err;

    snprintf(store, sizeof(store), "%s/store", f->dir);
    assert_int_equal(kg_graph_open(&g, f->ctx, store, KG_OPEN_CREATE, NULL),
                     0);
    kg_graph_free(g);
    assert_int_equal(
        kg_graph_open(&g, f->ctx, store, KG_OPEN_READONLY, NULL), 0);
    assert_int_equal(run(g, PFX "INSERT DATA { GRAPH ex:g { ex:a ex:b 1 } }",
                         NULL, &err),
                     KG_EIO);
    kg_error_clear(&err);
    assert_int_equal(kg_graph_update_check(g, PFX "INSERT DATA { GRAPH ex:g "
                                                  "{ ex:a ex:b 1 } }",
                                           NULL, &err),
                     0);
    assert_int_equal(kg_graph_update_check(g, "LOAD <urn:x>", NULL, &err),
                     KG_EUNSUPPORTED);
    assert_int_equal(kg_graph_reopen(g, 0, &err), 0);
    ok(g, PFX "INSERT DATA { GRAPH ex:g { ex:a ex:b 1 } }", 1, 1, 0);
    assert_int_equal(kg_graph_reopen(g, KG_OPEN_READONLY, &err), 0);
    assert_true(kg_graph_is_open(g));
    assert_true(ask(g, PFX "ASK { ex:a ex:b 1 }"));
    /* a second reader beside it, as kg query would be */
    assert_int_equal(
        kg_graph_open(&other, f->ctx, store, KG_OPEN_READONLY, NULL), 0);
    assert_true(ask(other, PFX "ASK { GRAPH ex:g { ex:a ex:b 1 } }"));
    /* ... which keeps the writer out: the reopen fails, the reader
     * handle is back and usable */
    assert_int_equal(kg_graph_reopen(g, 0, &err), KG_EIO);
    assert_true(kg_graph_is_open(g));
    assert_true(ask(g, PFX "ASK { ex:a ex:b 1 }"));
    kg_graph_free(other);
    kg_graph_free(g);
}

/* On a directory store a request that fails while running leaves
 * nothing behind once the writer closes: the journal rolls back. */
static void test_update__all_or_nothing(void **state)
{
    fx *f = *state;
    char store[300];
    kg_graph *g = NULL;
    kg_error err;

    snprintf(store, sizeof(store), "%s/store", f->dir);
    assert_int_equal(kg_graph_open(&g, f->ctx, store, KG_OPEN_CREATE, NULL),
                     0);
    ok(g, PFX "INSERT DATA { GRAPH ex:g { ex:a ex:b 1 } }", 1, 1, 0);
    kg_graph_free(g);

    assert_int_equal(kg_graph_open(&g, f->ctx, store, 0, NULL), 0);
    /* the DROP of a missing graph fails after the INSERT ran */
    assert_int_equal(run(g,
                         PFX "INSERT DATA { GRAPH ex:g { ex:a ex:b 2 } } ; "
                             "DROP GRAPH ex:missing",
                         NULL, &err),
                     KG_EINVALID);
    /* and the session takes no more writes */
    assert_int_equal(run(g, PFX "INSERT DATA { GRAPH ex:g { ex:a ex:b 3 } }",
                         NULL, &err),
                     KG_EIO);
    kg_graph_free(g);

    assert_int_equal(
        kg_graph_open(&g, f->ctx, store, KG_OPEN_READONLY, NULL), 0);
    assert_true(ask(g, PFX "ASK { ex:a ex:b 1 }"));
    assert_false(ask(g, PFX "ASK { ex:a ex:b 2 }"));
    kg_graph_free(g);
}

/* Graphs written by an update survive the next writer's sweep of
 * incomplete graphs (they carry the completion marker). */
static void test_update__survives_reopen(void **state)
{
    fx *f = *state;
    char store[300];
    kg_graph *g = NULL;

    snprintf(store, sizeof(store), "%s/store", f->dir);
    assert_int_equal(kg_graph_open(&g, f->ctx, store, KG_OPEN_CREATE, NULL),
                     0);
    ok(g,
       PFX "INSERT DATA { GRAPH ex:g { ex:a ex:b 1 } } ; "
           "DELETE WHERE { GRAPH ex:g { ?s ?p ?o } } ; "
           "INSERT DATA { GRAPH ex:h { ex:a ex:b 2 } }",
       3, 2, 2);
    kg_graph_free(g);
    assert_int_equal(kg_graph_open(&g, f->ctx, store, 0, NULL), 0);
    assert_true(has_graph(g, EX "g"));
    assert_true(ask(g, PFX "ASK { GRAPH ex:h { ex:a ex:b 2 } }"));
    kg_graph_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_update__insert_data, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_update__delete_data, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_update__modify, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_update__delete_where, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_update__graph_management, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_update__sequence, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_update__rasqal_gaps, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_update__refused, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_update__syntax_error, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_update__reopen_and_check, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_update__all_or_nothing, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_update__survives_reopen, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
