/*
 * test_query.c -- running SPARQL: predeclared prefixes, error positions in
 * the caller's text, ASK and CONSTRUCT, the rasqal limitations kg refuses,
 * GRAPH on an absent graph, the time limit.
 *
 * SPDX-License-Identifier: MIT
 */
#include "graph/helpers.h"

#define ID "https://w3id.org/kg/id/"

typedef struct fx {
    kg_ctx *ctx;
    kg_graph *g;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof(*f));

    assert_int_equal(kg_ctx_new(&f->ctx, NULL), 0);
    assert_int_equal(kg_graph_open(&f->g, f->ctx, "memory:", 0, NULL), 0);
    load_article(f->g, f->ctx, "article-a.trig", "a.txt");
    load_article(f->g, f->ctx, "article-b.trig", "b.txt");
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

/* Run 'q' expecting failure 'code'; the error detail goes in 'err'. */
static void expect_error(fx *f, const char *q, int code, kg_error *err)
{
    kg_result *r = NULL;

    kg_error_clear(err);
    assert_int_equal(kg_graph_query(&r, f->g, q, NULL, err), code);
    assert_null(r);
    assert_int_equal(err->code, code);
    assert_true(err->message[0] != '\0');
    assert_null(strchr(err->message, '\n'));
}

static void test_query__prefixes_text(void **state)
{
    const char *p = kg_query_prefixes();

    (void)state;
    assert_non_null(strstr(p, "PREFIX kgid: <https://w3id.org/kg/id/>\n"));
    assert_non_null(strstr(p, "PREFIX kg: <https://w3id.org/kg/ns#>\n"));
    assert_non_null(strstr(p, "PREFIX schema: <http://schema.org/>\n"));
    assert_non_null(strstr(p, "PREFIX dct: <http://purl.org/dc/terms/>\n"));
    assert_non_null(strstr(p, "PREFIX wd: <http://www.wikidata.org/entity/>"
                              "\n"));
}

static void test_query__who_attended_the_reception(void **state)
{
    char *text = query_text(
        ((fx *)*state)->g,
        "SELECT ?name ?date WHERE {\n"
        "  ?e a kg:Reception ; kg:attendee ?p ; schema:startDate ?date .\n"
        "  ?p rdfs:label ?name\n"
        "} ORDER BY ?name",
        KG_RESULTS_CSV);

    assert_string_equal(text, "name,date\r\n"
                              "Sergei Lavrov,2024-06-19\r\n"
                              "Vladimir Putin,2024-06-19\r\n");
    free(text);
}

/* A query that declares a predeclared prefix itself keeps its own. */
static void test_query__own_prefix_wins(void **state)
{
    fx *f = *state;

    assert_true(ask(f->g, "PREFIX kg: <" ID "place/>\n"
                          "ASK { ?s ?p kg:moscow }"));
    assert_false(ask(f->g, "PREFIX schema: <http://example.org/>\n"
                           "ASK { ?s a schema:Person }"));
}

static void test_query__syntax_error_position_is_the_callers(void **state)
{
    kg_error err;

    expect_error(*state,
                 "SELECT ?s\n"
                 "WHERE {\n"
                 "  ?s a schema:Person .\n"
                 "  FILTER(?s = )\n"
                 "}",
                 KG_EPARSE, &err);
    assert_int_equal(err.line, 4);
    /* with predeclaration off the line is the same */
    {
        kg_query_options opts = KG_QUERY_OPTIONS_INIT;
        kg_result *r = NULL;
        opts.predeclare = 0;
        kg_error_clear(&err);
        assert_int_equal(kg_graph_query(&r, ((fx *)*state)->g,
                                        "PREFIX schema: <http://schema.org/>"
                                        "\nSELECT ?s\nWHERE { ?s ?p }",
                                        &opts, &err),
                         KG_EPARSE);
        assert_int_equal(err.line, 3);
    }
}

static void test_query__ask_and_construct(void **state)
{
    fx *f = *state;
    kg_result *r = NULL;
    kg_triples *t = NULL;
    kg_error err;
    const kg_quad *q;

    assert_true(ask(f->g, "ASK { ?e kg:host <" ID "person/kim-jong-un> }"));
    assert_false(ask(f->g, "ASK { ?e kg:host <" ID "person/choe-son-hui> }"));

    kg_error_clear(&err);
    assert_int_equal(kg_graph_query(&r, f->g,
                                    "CONSTRUCT { ?p org:memberOf ?o } "
                                    "WHERE { ?m org:member ?p ; "
                                    "org:organization ?o }",
                                    NULL, &err),
                     0);
    assert_int_equal(kg_result_kind(r), KG_QUERY_GRAPH);
    assert_int_equal(kg_result_write(r, stdout, KG_RESULTS_CSV, &err),
                     KG_EINVALID);
    assert_int_equal(kg_triples_new(&t, NULL), 0);
    assert_int_equal(kg_result_triples(r, t, &err), 0);
    assert_int_equal(kg_triples_count(t), 1);
    q = kg_triples_get(t, 0);
    assert_string_equal(q->s.value, ID "person/sergei-lavrov");
    assert_string_equal(q->p.value, KG_ORG_MEMBEROF);
    assert_string_equal(q->o.value, ID "org/russia-mfa");
    assert_int_equal(q->g.kind, KG_TERM_NONE);
    kg_triples_free(t);
    kg_result_free(r);

    /* a SELECT result has no triples */
    assert_int_equal(kg_graph_query(&r, f->g, "SELECT * { ?s ?p ?o }", NULL,
                                    &err),
                     0);
    assert_int_equal(kg_triples_new(&t, NULL), 0);
    assert_int_equal(kg_result_triples(r, t, &err), KG_EINVALID);
    kg_triples_free(t);
    kg_result_free(r);
}

/* Each construct rasqal gets wrong or crashes on is refused by name. */
static void test_query__rasqal_limits_are_refused(void **state)
{
    static const struct {
        const char *q, *names;
    } cases[] = {
        {"SELECT ?p WHERE { ?e kg:attendee ?p VALUES ?p { <" ID
         "person/vladimir-putin> \"x\"@en } }",
         "VALUES"},
        {"SELECT ?p WHERE { ?e kg:attendee ?p } VALUES (?e ?p) { (UNDEF "
         "1) (UNDEF 2) }",
         "VALUES"},
        {"SELECT ?p WHERE { ?e kg:attendee ?p MINUS { ?e kg:host ?p } }",
         "MINUS"},
        {"SELECT ?e WHERE { ?e a schema:Event FILTER EXISTS { ?e kg:host ?h "
         "} }",
         "EXISTS"},
        {"SELECT ?e WHERE { ?e a schema:Event FILTER NOT EXISTS { ?e "
         "kg:host ?h } }",
         "EXISTS"},
        {"SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?e kg:attendee ?p }",
         "COUNT(DISTINCT"},
        {"SELECT (SUM(DISTINCT ?x) AS ?n) WHERE { ?e kg:n ?x }",
         "SUM(DISTINCT"},
        {"SELECT (GROUP_CONCAT(?n; SEPARATOR=\", \") AS ?all) WHERE { ?p "
         "rdfs:label ?n }",
         "SEPARATOR"},
        {"SELECT ?p ?n WHERE { ?p a schema:Person { SELECT ?p (COUNT(?e) AS "
         "?n) WHERE { ?e kg:attendee ?p } GROUP BY ?p } FILTER(?n > 1) }",
         "sub-queries with GROUP BY"},
        {"SELECT ?o WHERE { ?m org:member/org:organization ?o }",
         "property paths"},
        {"SELECT ?m WHERE { ?p ^org:member ?m }", "property paths"},
        {"SELECT ?x WHERE { ?e kg:participant+ ?x }", "property paths"},
        {"SELECT ?x WHERE { ?e kg:host|kg:attendee ?x }", "property paths"},
    };
    kg_error err;
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        expect_error(*state, cases[i].q, KG_EUNSUPPORTED, &err);
        if (!strstr(err.message, cases[i].names))
            fail_msg("case %zu: '%s' does not name %s", i, err.message,
                     cases[i].names);
    }
}

/* The refusal looks at keywords, not at names or strings that hold them. */
static void test_query__no_false_refusals(void **state)
{
    fx *f = *state;

    assert_int_equal(query_count(f->g, "SELECT (COUNT(?values) AS ?n) "
                                       "WHERE { ?values a kg:Reception }"),
                     1);
    assert_false(ask(f->g, "ASK { ?s rdfs:label \"MINUS VALUES EXISTS "
                           "year(\" }"));
    assert_int_equal(query_count(f->g, "# VALUES in a comment\n"
                                       "SELECT (COUNT(*) AS ?n) WHERE { "
                                       "?p a schema:Person }"),
                     4);
    assert_int_equal(query_count(f->g, "SELECT (COUNT(*) AS ?n) WHERE { "
                                       "?e schema:startDate ?d "
                                       "FILTER(?d > \"2024-07-01\"^^xsd:date)"
                                       " }"),
                     1);
    /* One row of VALUES is joined right; so is MIN(DISTINCT), run as
     * MIN. */
    assert_int_equal(query_count(f->g, "SELECT (COUNT(*) AS ?n) WHERE { "
                                       "?e kg:attendee ?p VALUES ?p { <" ID
                                       "person/vladimir-putin> } }"),
                     1);
    assert_int_equal(query_count(f->g, "SELECT (COUNT(*) AS ?n) WHERE { "
                                       "?e kg:attendee ?p } VALUES (?e ?p) "
                                       "{ (UNDEF <" ID
                                       "person/vladimir-putin>) }"),
                     1);
    /* YEAR/MONTH/DAY on xsd:date, unbound in rasqal, from the lexical
     * form; on xsd:dateTime rasqal's own. */
    {
        char *text = query_text(
            f->g,
            "SELECT (YEAR(?d) AS ?y) (month(?d) AS ?m) (DAY( ?d ) AS ?dd) "
            "(YEAR(\"2031-12-05T10:00:00Z\"^^xsd:dateTime) AS ?t) "
            "WHERE { ?e a kg:Reception ; schema:startDate ?d }",
            KG_RESULTS_CSV);
        assert_string_equal(text, "y,m,dd,t\r\n2024,6,19,2031\r\n");
        free(text);
    }
    {
        char *text = query_text(f->g,
                                "SELECT (MIN(DISTINCT ?n) AS ?m) WHERE { "
                                "?p a schema:Person ; rdfs:label ?n }",
                                KG_RESULTS_CSV);
        assert_string_equal(text, "m\r\nChoe Son Hui\r\n");
        free(text);
    }
}

/* librdf gives one empty row for GRAPH <g> when there is no graph <g>. */
static void test_query__graph_absent_is_empty(void **state)
{
    fx *f = *state;
    char *text;

    text = query_text(f->g,
                      "SELECT * WHERE { GRAPH <http://example.org/none> "
                      "{ ?s ?p ?o } }",
                      KG_RESULTS_CSV);
    assert_string_equal(text, "s,p,o\r\n");
    free(text);
    assert_false(ask(f->g, "ASK { GRAPH <http://example.org/none> "
                           "{ ?s ?p ?o } }"));
    assert_true(ask(f->g, "ASK { GRAPH <" ID "article/bbbb> { ?s ?p ?o } }"));
    assert_int_equal(
        query_count(f->g, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <" ID
                          "article/bbbb> { ?p a schema:Person } }"),
        2);
}

static void test_query__time_limit(void **state)
{
    fx *f = *state;
    kg_query_options opts = KG_QUERY_OPTIONS_INIT;
    kg_result *r = NULL;
    kg_error err;

    opts.timeout = 1e-9;
    kg_error_clear(&err);
    assert_int_equal(kg_graph_query(&r, f->g,
                                    "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }",
                                    &opts, &err),
                     KG_ETIMEOUT);
    assert_null(r);
    opts.timeout = 60;
    assert_int_equal(kg_graph_query(&r, f->g, "SELECT * WHERE { ?a ?b ?c }",
                                    &opts, &err),
                     0);
    kg_result_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_query__prefixes_text),
        cmocka_unit_test_setup_teardown(
            test_query__who_attended_the_reception, setup, teardown),
        cmocka_unit_test_setup_teardown(test_query__own_prefix_wins, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_query__syntax_error_position_is_the_callers, setup,
            teardown),
        cmocka_unit_test_setup_teardown(test_query__ask_and_construct, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_query__rasqal_limits_are_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_query__no_false_refusals, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_query__graph_absent_is_empty,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_query__time_limit, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
