/*
 * test_validate.c -- invalid SPARQL that rasqal accepts is refused
 * (graph/validate.c): each rule with an invalid query refused and a
 * near-identical valid one accepted.
 *
 * SPDX-License-Identifier: MIT
 */
#include "graph/helpers.h"

static int setup(void **state)
{
    kg_ctx *ctx = NULL;

    assert_int_equal(kg_ctx_new(&ctx, NULL), 0);
    *state = ctx;
    return 0;
}

static int teardown(void **state)
{
    kg_ctx_free(*state);
    return 0;
}

/* kg_query_parse's code for 'q', its error in 'err'. */
static int parse(void **state, const char *q, kg_error *err)
{
    kg_error_clear(err);
    return kg_query_parse(*state, q, NULL, err);
}

static void accepted(void **state, const char *q)
{
    kg_error err;

    if (parse(state, q, &err) != 0)
        fail_msg("refused: %s\n  %s", q, err.message);
}

/* 'q' is refused with 'code' at 'line':'column', 'words' in the message. */
static void refused(void **state, const char *q, int code, int line,
                    int column, const char *words)
{
    kg_error err;

    assert_int_equal(parse(state, q, &err), code);
    assert_int_equal(err.code, code);
    assert_int_equal(err.line, line);
    assert_int_equal(err.column, column);
    if (!strstr(err.message, words))
        fail_msg("'%s' not in '%s'", words, err.message);
}

static void test_validate__surrogate_escape(void **state)
{
    refused(state, "SELECT * {\n  ?s ?p '\\uD800' }", KG_EPARSE, 2, 10,
            "\\uD800 is not a character");
    accepted(state, "SELECT * {\n  ?s ?p '\\uD7FF\\U0001F600' }");
}

static void test_validate__values_row_length(void **state)
{
    refused(state, "SELECT * { VALUES (?a ?b) { (1 2) (1) } }", KG_EPARSE,
            1, 35, "1 value for 2 variables");
    refused(state, "SELECT * { } VALUES (?a) { (1 2) }", KG_EPARSE, 1, 28,
            "2 values for 1 variable");
    accepted(state, "SELECT * { VALUES (?a ?b) { (1 2) (UNDEF 1e-5) } }");
    accepted(state, "SELECT * { VALUES (?a ?b ?c) {\n"
                    "  (\"x\"@en-GB \"1\"^^xsd:int +2)\n"
                    "  (<a> schema:b -3.5) } }");
}

static void test_validate__label_in_two_patterns(void **state)
{
    refused(state, "SELECT * {\n  _:a ?p ?v . { _:a ?q 1 } }", KG_EPARSE, 2,
            17, "_:a is used before, in another basic graph pattern");
    refused(state,
            "ASK { _:a ?p ?v OPTIONAL { ?s ?p ?v } _:a ?q 1 }",
            KG_EPARSE, 1, 39, "another basic graph pattern");
    refused(state, "ASK { _:a ?p ?v BIND(1 AS ?x) _:a ?q 1 }", KG_EPARSE, 1,
            31, "another basic graph pattern");
    accepted(state, "SELECT * {\n  _:a ?p ?v . _:a ?q 1 }");
    accepted(state, "ASK { _:a ?p ?v FILTER(?v > 1) _:a ?q 1 }");
    accepted(state, "CONSTRUCT { _:a ?p ?v } WHERE { _:a ?p ?v }");
}

static void test_validate__label_as_value(void **state)
{
    refused(state, "SELECT * { <a> <b> _:x FILTER(_:x < 3) }", KG_EPARSE, 1,
            31, "blank node _:x used as a value");
    accepted(state, "SELECT * { <a> <b> ?x FILTER(?x < 3) }");
}

static void test_validate__grouping(void **state)
{
    refused(state, "SELECT * { ?s ?p ?o } GROUP BY ?s", KG_EPARSE, 1, 8,
            "SELECT * in a query that groups");
    accepted(state, "SELECT ?s { ?s ?p ?o } GROUP BY ?s");
    refused(state, "SELECT ?s ?o { ?s ?p ?o } GROUP BY ?s", KG_EPARSE, 1,
            11, "?o is projected but neither grouped nor aggregated");
    accepted(state, "SELECT ?s (SAMPLE(?o) AS ?x) { ?s ?p ?o } GROUP BY ?s");
    refused(state, "SELECT ?p (COUNT(?o) AS ?c) { ?s ?p ?o }", KG_EPARSE, 1,
            8, "?p is projected");
    accepted(state, "SELECT (COUNT(?o) AS ?c) { ?s ?p ?o }");
    refused(state,
            "SELECT ((?a + ?b) AS ?x) { ?s ?p ?a, ?b } GROUP BY (?a + ?b)",
            KG_EPARSE, 1, 10, "?a is used outside an aggregate");
    accepted(state,
             "SELECT ((?a + ?b) AS ?x) { ?s ?p ?a, ?b } GROUP BY ?a ?b");
    accepted(state, "SELECT ?k (COUNT(*) AS ?n) (?n * 2 AS ?m)\n"
                    "{ ?s ?p ?o } GROUP BY (STR(?o) AS ?k) ORDER BY ?k");
    refused(state,
            "SELECT ?s { { SELECT ?s ?o { ?s ?p ?o } GROUP BY ?s } }",
            KG_EPARSE, 1, 25, "?o is projected");
}

static void test_validate__scope_of_as(void **state)
{
    refused(state, "SELECT (1 AS ?x) (2 AS ?x) {}", KG_EPARSE, 1, 24,
            "?x is projected twice");
    accepted(state, "SELECT (1 AS ?x) (2 AS ?y) {}");
    refused(state, "SELECT (1 AS ?s) { ?s ?p ?o }", KG_EPARSE, 1, 14,
            "?s is assigned by AS but is already bound");
    accepted(state, "SELECT (1 AS ?t) { ?s ?p ?o }");
    refused(state, "SELECT * {\n  { ?s ?p ?o } BIND(1 AS ?o) }", KG_EPARSE,
            2, 26, "?o is assigned by BIND");
    accepted(state, "SELECT * {\n  BIND(1 AS ?o) { ?s ?p ?o } }");
    accepted(state, "SELECT * { ?s ?p ?o FILTER(?x) BIND(1 AS ?x) }");
    accepted(state, "SELECT * { { SELECT ?s { ?s ?p ?o } } BIND(1 AS ?o) }");
}

static void test_validate__colon_in_local_name(void **state)
{
    /* rasqal reads ":a:b :c" as the triple ":a :b :c" */
    refused(state, "PREFIX : <x:>\nSELECT * { :a:b :c }", KG_EUNSUPPORTED,
            2, 12, "':a:b' has ':' in its local name");
    accepted(state, "PREFIX : <x:>\nSELECT * { :a :b :c }");
    /* where rasqal's reading does not parse, the name is blamed too */
    refused(state, "PREFIX : <x:>\nSELECT * {\n :a :b :c:d }",
            KG_EUNSUPPORTED, 3, 8, "':c:d' has ':' in its local name");
}

/* A real run is checked as a parse is. */
static void test_validate__run_refused(void **state)
{
    kg_graph *g = NULL;
    kg_result *r = NULL;
    kg_error err;

    kg_error_clear(&err);
    assert_int_equal(kg_graph_open(&g, *state, "memory:", 0, NULL), 0);
    assert_int_equal(kg_graph_query(&r, g,
                                    "SELECT ?o { ?s ?p ?o } GROUP BY ?s",
                                    NULL, &err),
                     KG_EPARSE);
    assert_null(r);
    assert_int_equal(err.column, 8);
    assert_int_equal(kg_graph_query(&r, g,
                                    "SELECT ?s { ?s ?p ?o } GROUP BY ?s",
                                    NULL, &err),
                     0);
    kg_result_free(r);
    kg_graph_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_validate__surrogate_escape,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_validate__values_row_length,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_validate__label_in_two_patterns, setup, teardown),
        cmocka_unit_test_setup_teardown(test_validate__label_as_value,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_validate__grouping, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_validate__scope_of_as, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_validate__colon_in_local_name,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_validate__run_refused, setup,
                                        teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
