/*
 * test_layout.c -- large graphs: dot up to KG_VIZ_DOT_MAX nodes, a
 * force-directed engine past it, and the node cap with its note.
 *
 * SPDX-License-Identifier: MIT
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <cgraph.h>

#include "viz_test.h"

static void test_layout__large_graph_switches_layout(void **state)
{
    fixture *f = *state;
    kg_triples *t = large_graph(500); /* 500 + 50 + 5 nodes */

    assert_int_equal(fixture_render(f, t, NULL, KG_VIZ_DOT), 0);
    assert_null(strstr(f->out.ptr, "layout=dot"));
    assert_true(strstr(f->out.ptr, "layout=sfdp") ||
                strstr(f->out.ptr, "layout=neato"));
    assert_null(strstr(f->out.ptr, "showing"));
    kg_triples_free(t);

    t = large_graph(100); /* 100 + 10 + 5 nodes: still dot */
    assert_int_equal(fixture_render(f, t, NULL, KG_VIZ_DOT), 0);
    assert_non_null(strstr(f->out.ptr, "layout=dot"));
    kg_triples_free(t);
}

/* A force-directed SVG render of 225 nodes (kept small so that the test
 * stays fast under ASan with slow unwinding; 500 and 2,000-node renders
 * are timed by hand, see the viz report). */
static void test_layout__large_graph_renders(void **state)
{
    fixture *f = *state;
    kg_triples *t = large_graph(200); /* 200 + 20 + 5 nodes */

    assert_int_equal(fixture_render(f, t, NULL, KG_VIZ_SVG), 0);
    assert_true(xml_well_formed(f->out.ptr, f->out.size));
    assert_int_equal(count(f->out.ptr, "<g id=\"node"), 225 + 1);
    /* relations move from drawn labels to tooltips */
    assert_int_equal(count(f->out.ptr, "class=\"edge\""), 220);
    assert_int_equal(count(f->out.ptr, "xlink:title=\"attendee\""), 200);
    assert_int_equal(count(f->out.ptr, "xlink:title=\"location\""), 20);
    kg_triples_free(t);
}

static void test_layout__cap_names_what_was_left_out(void **state)
{
    fixture *f = *state;
    kg_triples *t = large_graph(2100); /* 2100 + 210 + 5 = 2315 nodes */
    Agraph_t *g;

    assert_int_equal(fixture_render(f, t, NULL, KG_VIZ_DOT), 0);
    /* 2315 nodes, 2100 attendee + 210 location edges */
    assert_non_null(strstr(f->out.ptr, "showing 2000 of 2315 nodes"));
    assert_non_null(strstr(f->out.ptr, "315 least connected nodes"));
    g = agmemread(f->out.ptr);
    assert_non_null(g);
    assert_int_equal(agnnodes(g), 2000 + 1);
    /* the meetings and places have the most links: all kept */
    assert_int_equal(count(f->out.ptr, "class=\"kg-meeting\""), 210);
    assert_int_equal(count(f->out.ptr, "class=\"kg-place\""), 5);
    agclose(g);
    kg_triples_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_layout__large_graph_switches_layout, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_layout__large_graph_renders,
                                        fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(
            test_layout__cap_names_what_was_left_out, fixture_setup, fixture_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
