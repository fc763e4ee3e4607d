/*
 * test_rewrite.c -- the OPTIONAL rewrite that works around rasqal 0.9.33
 * clearing a variable shared between the required and the optional part.
 *
 * Text cases check the rewrite itself (expected strings written by hand
 * from the rule in rewrite.c); the store cases run the shape that rasqal
 * answers wrongly over a small hand-made graph whose right answer is
 * counted by hand: two receptions, the first with two hosts and no date,
 * the second with three hosts and a date, plus five dated events.
 *
 * SPDX-License-Identifier: MIT
 */
#include "graph/helpers.h"

#include "graph_int.h"

/* Rewrite 'q'; expect 'code' and, when 0, the text 'want'. */
static void check(const char *q, int code, const char *want)
{
    kg_buf text = KG_BUF_INIT;
    kg_error err;

    kg_error_clear(&err);
    assert_int_equal(kg_buf_puts(&text, q), 0);
    assert_int_equal(kg_graph__rewrite_optional(&text, NULL, &err), code);
    if (code == 0 && strcmp(text.ptr, want) != 0)
        fail_msg("rewrite of\n  %s\ngave\n  %s\nwanted\n  %s", q, text.ptr,
                 want);
    if (code != 0) {
        assert_int_equal(err.code, code);
        assert_non_null(strstr(err.message, want));
        assert_null(strchr(err.message, '\n'));
    }
    kg_buf_dispose(&text);
}

static void test_rewrite__no_optional_unchanged(void **state)
{
    const char *q = "SELECT * WHERE { ?e a kg:Meeting ; kg:host ?o }";

    (void)state;
    check(q, 0, q);
}

static void test_rewrite__shared_variable_renamed(void **state)
{
    (void)state;
    check("SELECT * WHERE { ?e a kg:Reception ; kg:host ?o . "
          "OPTIONAL { ?e schema:startDate ?d } }",
          0,
          "SELECT ?e ?o ?d  WHERE { ?e a kg:Reception ; kg:host ?o . "
          "OPTIONAL { ?e_kg1 schema:startDate ?d  "
          "FILTER(sameTerm(?e_kg1, ?e))} }");
}

static void test_rewrite__explicit_projection_kept(void **state)
{
    (void)state;
    check("SELECT DISTINCT ?o WHERE { ?e kg:host ?o OPTIONAL "
          "{ ?e kg:guest ?o . ?e schema:startDate ?d } }",
          0,
          "SELECT DISTINCT ?o WHERE { ?e kg:host ?o OPTIONAL "
          "{ ?e_kg1 kg:guest ?o_kg2 . ?e_kg1 schema:startDate ?d  "
          "FILTER(sameTerm(?e_kg1, ?e)) FILTER(sameTerm(?o_kg2, ?o))} }");
}

static void test_rewrite__filter_mention_is_not_a_binding(void **state)
{
    /* ?d before the block only in a FILTER: the block's own output */
    (void)state;
    check("ASK { ?e a kg:Visit FILTER(!BOUND(?d)) "
          "OPTIONAL { ?e schema:startDate ?d } }",
          0,
          "ASK { ?e a kg:Visit FILTER(!BOUND(?d)) "
          "OPTIONAL { ?e_kg1 schema:startDate ?d  "
          "FILTER(sameTerm(?e_kg1, ?e))} }");
}

static void test_rewrite__nested_blocks(void **state)
{
    (void)state;
    check("SELECT ?e WHERE { ?e a kg:Visit OPTIONAL { ?e kg:host ?h "
          "OPTIONAL { ?h rdfs:label ?l } } }",
          0,
          "SELECT ?e WHERE { ?e a kg:Visit OPTIONAL { ?e_kg1 kg:host ?h "
          "OPTIONAL { ?h_kg2 rdfs:label ?l  FILTER(sameTerm(?h_kg2, ?h))} "
          " FILTER(sameTerm(?e_kg1, ?e))} }");
}

static void test_rewrite__union_binding_in_every_branch(void **state)
{
    (void)state;
    check("SELECT ?e WHERE { { ?e a kg:Visit } UNION { ?e a kg:Meeting } "
          "OPTIONAL { ?e kg:host ?h } }",
          0,
          "SELECT ?e WHERE { { ?e a kg:Visit } UNION { ?e a kg:Meeting } "
          "OPTIONAL { ?e_kg1 kg:host ?h  FILTER(sameTerm(?e_kg1, ?e))} }");
    check("SELECT ?e WHERE { { ?e a kg:Visit } UNION { ?x a kg:Meeting } "
          "OPTIONAL { ?e kg:host ?h } }",
          KG_EUNSUPPORTED, "?e");
}

static void test_rewrite__maybe_bound_refused(void **state)
{
    (void)state;
    check("SELECT * WHERE { ?e a kg:Visit OPTIONAL { ?e kg:host ?h } "
          "OPTIONAL { ?h rdfs:label ?l } }",
          KG_EUNSUPPORTED, "OPTIONAL sharing ?h");
}

static void test_rewrite__strings_and_iris_untouched(void **state)
{
    (void)state;
    check("SELECT ?e WHERE { ?e rdfs:label \"?e OPTIONAL { }\" . "
          "OPTIONAL { ?e <http://x/?e> \"?e\" } }",
          0,
          "SELECT ?e WHERE { ?e rdfs:label \"?e OPTIONAL { }\" . "
          "OPTIONAL { ?e_kg1 <http://x/?e> \"?e\"  "
          "FILTER(sameTerm(?e_kg1, ?e))} }");
}

static void test_rewrite__unbalanced_left_to_rasqal(void **state)
{
    const char *q = "SELECT * WHERE { ?e a ?t OPTIONAL { ?e kg:host ?h }";

    (void)state;
    check(q, 0, q);
}

/* ---- through the store ------------------------------------------------ */

#define ID "https://w3id.org/kg/id/"
#define NS "https://w3id.org/kg/ns#"
#define RDF_TYPE "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
#define DATE "http://schema.org/startDate"
#define GRAPH ID "article/rewrite-test"

static void add(kg_triples *t, const char *s, const char *p, const char *o,
                int literal)
{
    kg_term ts = {KG_TERM_IRI, s, NULL, NULL};
    kg_term tp = {KG_TERM_IRI, p, NULL, NULL};
    kg_term to = {literal ? KG_TERM_LITERAL : KG_TERM_IRI, o, NULL, NULL};
    kg_term tg = {KG_TERM_IRI, GRAPH, NULL, NULL};

    assert_int_equal(kg_triples_add(t, &ts, &tp, &to, &tg), 0);
}

typedef struct fx {
    kg_ctx *ctx;
    kg_graph *g;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof(*f));
    kg_triples *t = NULL;
    kg_error err;
    kg_load_status st;
    char s[128];
    int i;

    kg_error_clear(&err);
    assert_int_equal(kg_ctx_new(&f->ctx, NULL), 0);
    assert_int_equal(kg_graph_open(&f->g, f->ctx, "memory:", 0, NULL), 0);
    assert_int_equal(kg_triples_new(&t, &err), 0);
    add(t, ID "event/r1", RDF_TYPE, NS "Reception", 0);
    add(t, ID "event/r1", NS "host", ID "person/a", 0);
    add(t, ID "event/r1", NS "host", ID "state/b", 0);
    add(t, ID "event/r2", RDF_TYPE, NS "Reception", 0);
    add(t, ID "event/r2", NS "host", ID "org/c", 0);
    add(t, ID "event/r2", NS "host", ID "person/a", 0);
    add(t, ID "event/r2", NS "host", ID "state/b", 0);
    add(t, ID "event/r2", DATE, "2025-11-06", 1);
    for (i = 0; i < 5; i++) {
        snprintf(s, sizeof(s), ID "event/m%d", i);
        add(t, s, RDF_TYPE, NS "Meeting", 0);
        add(t, s, DATE, "2025-01-01", 1);
    }
    assert_int_equal(kg_graph_add_article(f->g, GRAPH, "rewrite.txt", t, &st,
                                          &err),
                     0);
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

/* Data rows of 'q' in TSV (the header line not counted). */
static long rows(kg_graph *g, const char *q)
{
    char *text = query_text(g, q, KG_RESULTS_TSV), *p;
    long n = -1;

    for (p = text; *p; p++)
        n += *p == '\n';
    free(text);
    return n;
}

static void test_rewrite__store_required_then_optional(void **state)
{
    fx *f = *state;

    /* r1: 2 hosts, no date; r2: 3 hosts, one date: 5 rows. Plain rasqal
     * gives 2 + 1 + 2 * 6 = 15 here: after r2's first row it runs the
     * OPTIONAL with ?e unbound and joins all six dated events. */
    assert_int_equal(rows(f->g, "SELECT * WHERE { ?e a kg:Reception ; "
                                "kg:host ?o . OPTIONAL "
                                "{ ?e schema:startDate ?d } }"),
                     5);
    assert_int_equal(rows(f->g, "SELECT * WHERE { { ?e a kg:Reception ; "
                                "kg:host ?o . } OPTIONAL "
                                "{ ?e schema:startDate ?d } }"),
                     5);
    assert_int_equal(rows(f->g, "SELECT ?e ?d WHERE { ?e a kg:Reception ; "
                                "kg:host ?o . OPTIONAL "
                                "{ ?e schema:startDate ?d } "
                                "FILTER(BOUND(?d)) }"),
                     3);
}

static void test_rewrite__store_columns_of_star(void **state)
{
    fx *f = *state;
    char *text = query_text(f->g,
                            "SELECT * WHERE { ?e a kg:Reception ; "
                            "kg:host ?o . OPTIONAL "
                            "{ ?e schema:startDate ?d } }",
                            KG_RESULTS_TSV);

    assert_memory_equal(text, "?e\t?o\t?d\n", 9);
    assert_null(strstr(text, "_kg"));
    free(text);
}

static void test_rewrite__store_refusal_names_the_limit(void **state)
{
    fx *f = *state;
    kg_result *r = NULL;
    kg_error err;

    kg_error_clear(&err);
    assert_int_equal(kg_graph_query(&r, f->g,
                                    "SELECT * WHERE { ?e a kg:Reception "
                                    "OPTIONAL { ?e kg:host ?h } OPTIONAL "
                                    "{ ?h a ?t } }",
                                    NULL, &err),
                     KG_EUNSUPPORTED);
    assert_null(r);
    assert_non_null(strstr(err.message, "?h"));
}

static void test_rewrite__store_syntax_error_unchanged(void **state)
{
    fx *f = *state;
    kg_result *r = NULL;
    kg_error err;

    kg_error_clear(&err);
    assert_int_equal(kg_graph_query(&r, f->g,
                                    "SELECT * WHERE { ?e a kg:Reception\n"
                                    "OPTIONAL { ?e kg:host ?h } OPTIONAL "
                                    "{ ?h a ?t } ) }",
                                    NULL, &err),
                     KG_EPARSE);
    assert_int_equal(err.line, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rewrite__no_optional_unchanged),
        cmocka_unit_test(test_rewrite__shared_variable_renamed),
        cmocka_unit_test(test_rewrite__explicit_projection_kept),
        cmocka_unit_test(test_rewrite__filter_mention_is_not_a_binding),
        cmocka_unit_test(test_rewrite__nested_blocks),
        cmocka_unit_test(test_rewrite__union_binding_in_every_branch),
        cmocka_unit_test(test_rewrite__maybe_bound_refused),
        cmocka_unit_test(test_rewrite__strings_and_iris_untouched),
        cmocka_unit_test(test_rewrite__unbalanced_left_to_rasqal),
        cmocka_unit_test_setup_teardown(
            test_rewrite__store_required_then_optional, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rewrite__store_columns_of_star,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_rewrite__store_refusal_names_the_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_rewrite__store_syntax_error_unchanged, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
