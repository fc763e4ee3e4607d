/*
 * test_kinds.c -- the timeline and overview diagrams and node sizes from
 * a score property, checked on the DOT they produce.
 *
 * SPDX-License-Identifier: MIT
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "viz_test.h"

static kg_ctx *ctx;
static kg_buf out = KG_BUF_INIT; /* the last DOT rendered */

static int setup(void **state)
{
    (void)state;
    return kg_ctx_new(&ctx, NULL);
}

static int teardown(void **state)
{
    (void)state;
    kg_buf_dispose(&out);
    kg_ctx_free(ctx);
    return 0;
}

/* Three dated events in two months, one undated, two people, a state. */
static kg_triples *events(void)
{
    kg_triples *t = NULL;

    if (kg_triples_new(&t, NULL) != 0)
        abort();
    add_iri(t, ID "person/a", KG_RDF_TYPE, KG_CLASS_PERSON);
    add_iri(t, ID "person/b", KG_RDF_TYPE, KG_CLASS_PERSON);
    add_iri(t, ID "state/s", KG_RDF_TYPE, KG_CLASS_STATE);
    add_iri(t, ID "person/a", NS "state", ID "state/s");
    add_lit(t, ID "person/a", KG_RDFS_LABEL, "Person Alpha", NULL);
    add_lit(t, ID "person/b", KG_RDFS_LABEL, "Person Beta", NULL);
    add_iri(t, ID "event/e1", KG_RDF_TYPE, NS "Meeting");
    add_iri(t, ID "event/e2", KG_RDF_TYPE, NS "Visit");
    add_iri(t, ID "event/e3", KG_RDF_TYPE, NS "Meeting");
    add_iri(t, ID "event/e4", KG_RDF_TYPE, NS "Statement");
    add_lit(t, ID "event/e1", KG_EVENT_DATE, "2025-01-20", KG_XSD_DATE);
    add_lit(t, ID "event/e2", KG_EVENT_DATE, "2024-06-19", KG_XSD_DATE);
    add_lit(t, ID "event/e3", KG_EVENT_DATE, "2024-06", NULL);
    add_lit(t, ID "event/e1", KG_RDFS_LABEL, "First talks", NULL);
    add_lit(t, ID "event/e4", KG_RDFS_LABEL, "Undated statement", NULL);
    add_iri(t, ID "event/e1", NS "host", ID "person/a");
    add_iri(t, ID "event/e1", NS "guest", ID "person/b");
    add_iri(t, ID "event/e2", NS "guest", ID "person/a");
    add_iri(t, ID "event/e2", NS "host", ID "person/b");
    add_iri(t, ID "event/e3", NS "participant", ID "person/a");
    add_iri(t, ID "event/e4", NS "speaker", ID "person/b");
    return t;
}

static char *render(const kg_triples *t, const kg_viz_options *o)
{
    kg_error err = {0};

    kg_buf_clear(&out);
    assert_int_equal(kg_viz_render(&out, ctx, t, o, KG_VIZ_DOT, &err), 0);
    return out.ptr;
}

static void test_timeline(void **state)
{
    kg_viz_options o = KG_VIZ_OPTIONS_INIT;
    kg_triples *t = events();
    char *dot, *jun, *jan;

    (void)state;
    o.kind = KG_VIZ_TIMELINE;
    dot = render(t, &o);
    /* two months, in date order, one rank each */
    assert_int_equal(count(dot, "rank=same"), 2);
    jun = strstr(dot, "label=\"2024-06\"");
    jan = strstr(dot, "label=\"2025-01\"");
    assert_non_null(jun);
    assert_non_null(jan);
    assert_true(jun < jan);
    /* the undated event is left out, and the title says so */
    assert_null(strstr(dot, "Undated statement"));
    assert_non_null(strstr(dot, "1 undated event not shown"));
    /* e1's host A was first seen in June: the edge to it spans columns */
    assert_true(count(dot, "constraint=false") >= 1);
    assert_non_null(strstr(dot, "First talks"));
    kg_triples_free(t);
}

static void test_overview(void **state)
{
    kg_viz_options o = KG_VIZ_OPTIONS_INIT;
    kg_triples *t = events();
    char *dot;

    (void)state;
    o.kind = KG_VIZ_OVERVIEW;
    dot = render(t, &o);
    /* A and B share e1 and e2 (e3 has A alone, e4 B alone): one edge of
     * weight 2, the widest; no event is drawn */
    assert_non_null(strstr(dot, "tooltip=\"2 shared events\""));
    assert_int_equal(count(dot, "shared event"), 1);
    assert_non_null(strstr(dot, "penwidth=8.00"));
    assert_null(strstr(dot, "First talks"));
    assert_non_null(strstr(dot, "Person Alpha"));
    /* the state's cluster holds A; fdp draws clusters */
    assert_non_null(strstr(dot, "layout=fdp"));
    assert_int_equal(count(dot, "subgraph cluster_"), 1);
    kg_triples_free(t);
}

static void test_size_by(void **state)
{
    kg_viz_options o = KG_VIZ_OPTIONS_INIT;
    kg_triples *t = events();
    char *dot;

    (void)state;
    add_lit(t, ID "person/a", KG_PAGERANK, "0.4", NULL);
    add_lit(t, ID "person/b", KG_PAGERANK, "0.1", NULL);
    o.size_by = KG_PAGERANK;
    dot = render(t, &o);
    /* 9 + 19 * sqrt(score / max): 28 for A, 18.5 for B */
    assert_non_null(strstr(dot, "fontsize=28.0"));
    assert_non_null(strstr(dot, "fontsize=18.5"));
    /* version 1 options know no size_by or kind: a plain graph */
    o.version = 1;
    o.kind = KG_VIZ_OVERVIEW;
    dot = render(t, &o);
    assert_null(strstr(dot, "fontsize=28.0"));
    assert_non_null(strstr(dot, "First talks"));
    kg_triples_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_timeline),
        cmocka_unit_test(test_overview),
        cmocka_unit_test(test_size_by),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
