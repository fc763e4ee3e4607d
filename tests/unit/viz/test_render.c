/*
 * test_render.c -- kg_viz_render: every output format, determinism,
 * styling, the legend and the participant de-duplication (the layout
 * switch and the node cap are in test_layout.c).
 *
 * Expected strings were written from the vocabulary and the renderer's
 * documented styling, not copied from its output; SVG is checked with
 * xmllint when it is installed.
 *
 * SPDX-License-Identifier: MIT
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

#include <cmocka.h>

#include <cgraph.h>

#include "viz_test.h"

/* Parse 'dot' back with cgraph: the DOT we write must be valid DOT. */
static Agraph_t *reparse(const char *dot)
{
    Agraph_t *g = agmemread(dot);

    assert_non_null(g);
    return g;
}

static void test_render__format_names(void **state)
{
    kg_viz_format f = KG_VIZ_DOT;

    (void)state;
    assert_int_equal(kg_viz_format_from_name(&f, "svg"), 0);
    assert_int_equal(f, KG_VIZ_SVG);
    assert_int_equal(kg_viz_format_from_name(&f, "png"), 0);
    assert_int_equal(f, KG_VIZ_PNG);
    assert_int_equal(kg_viz_format_from_name(&f, "pdf"), 0);
    assert_int_equal(f, KG_VIZ_PDF);
    assert_int_equal(kg_viz_format_from_name(&f, "dot"), 0);
    assert_int_equal(f, KG_VIZ_DOT);
    assert_int_equal(kg_viz_format_from_name(&f, "SVG"), KG_EINVALID);
    assert_int_equal(kg_viz_format_from_name(&f, "gif"), KG_EINVALID);
    assert_int_equal(kg_viz_format_from_name(&f, ""), KG_EINVALID);
    assert_int_equal(kg_viz_format_from_name(&f, NULL), KG_EINVALID);
}

static void test_render__svg_has_labels_links_tooltips(void **state)
{
    fixture *f = *state;
    kg_triples *t = sample_graph();
    kg_viz_options o = KG_VIZ_OPTIONS_INIT;

    o.title = "Reception in Pyongyang";
    assert_int_equal(fixture_render(f, t, &o, KG_VIZ_SVG), 0);
    assert_non_null(f->out.ptr);
    assert_true(xml_well_formed(f->out.ptr, f->out.size));
    assert_non_null(strstr(f->out.ptr, "<svg"));
    assert_non_null(strstr(f->out.ptr, ">Choe Son Hui<"));
    assert_non_null(strstr(f->out.ptr, ">Sergei Lavrov<"));
    assert_non_null(strstr(f->out.ptr, ">Pyongyang<"));
    /* Graphviz writes '-' in SVG text as &#45; */
    assert_non_null(strstr(f->out.ptr, ">2024&#45;06&#45;19<"));
    assert_non_null(strstr(f->out.ptr, ">Reception in Pyongyang<"));
    /* relation names on the edges */
    assert_non_null(strstr(f->out.ptr, ">host<"));
    assert_non_null(strstr(f->out.ptr, ">guest<"));
    assert_non_null(strstr(f->out.ptr, ">memberOf<"));
    /* a link and a tooltip (label, class and IRI) per node */
    assert_non_null(strstr(f->out.ptr, "xlink:href=\"https://w3id.org/kg/"
                                       "id/person/sergei-lavrov\""));
    assert_non_null(strstr(f->out.ptr, "xlink:title=\"Sergei Lavrov "
                                       "(Person)&#10;https://w3id.org/kg/"
                                       "id/person/sergei&#45;lavrov\""));
    assert_int_equal(count(f->out.ptr, "<a xlink:href="), 7);
    kg_triples_free(t);
}

static void test_render__png_and_pdf(void **state)
{
    fixture *f = *state;
    kg_triples *t = sample_graph();
    int rc;

    rc = fixture_render(f, t, NULL, KG_VIZ_PNG);
    if (rc == KG_EUNSUPPORTED) {
        kg_triples_free(t);
        skip();
    }
    assert_int_equal(rc, 0);
    assert_true(f->out.size > 1000);
    assert_memory_equal(f->out.ptr, "\x89PNG\r\n\x1a\n", 8);

    rc = fixture_render(f, t, NULL, KG_VIZ_PDF);
    if (rc == KG_EUNSUPPORTED) {
        kg_triples_free(t);
        skip();
    }
    assert_int_equal(rc, 0);
    assert_memory_equal(f->out.ptr, "%PDF-", 5);
    kg_triples_free(t);
}

static void test_render__appends_to_out(void **state)
{
    fixture *f = *state;
    kg_triples *t = sample_graph();

    kg_buf_clear(&f->out);
    assert_int_equal(kg_buf_puts(&f->out, "HEAD"), 0);
    assert_int_equal(kg_viz_render(&f->out, f->ctx, t, NULL, KG_VIZ_DOT,
                                   &f->err), 0);
    assert_memory_equal(f->out.ptr, "HEADdigraph", 11);
    kg_triples_free(t);
}

static void test_render__dot_is_deterministic(void **state)
{
    fixture *f = *state;
    kg_triples *t = sample_graph(), *shuffled = NULL;
    kg_viz_options o = KG_VIZ_OPTIONS_INIT;
    char *first;
    size_t i, n = kg_triples_count(t);

    o.focus = ID "person/choe-son-hui";
    assert_int_equal(fixture_render(f, t, &o, KG_VIZ_DOT), 0);
    first = strdup(f->out.ptr);
    assert_non_null(first);
    assert_int_equal(fixture_render(f, t, &o, KG_VIZ_DOT), 0);
    assert_string_equal(first, f->out.ptr);

    /* the same facts in another order, some twice */
    assert_int_equal(kg_triples_new(&shuffled, NULL), 0);
    for (i = 0; i < n; i++) {
        const kg_quad *q = kg_triples_get(t, (i * 7 + 3) % n);
        assert_int_equal(kg_triples_add(shuffled, &q->s, &q->p, &q->o,
                                        NULL), 0);
        if (i % 4 == 0)
            assert_int_equal(kg_triples_add(shuffled, &q->s, &q->p, &q->o,
                                            NULL), 0);
    }
    assert_int_equal(fixture_render(f, shuffled, &o, KG_VIZ_DOT), 0);
    assert_string_equal(first, f->out.ptr);
    free(first);
    kg_triples_free(shuffled);
    kg_triples_free(t);
}

static void test_render__styles_by_class(void **state)
{
    fixture *f = *state;
    kg_triples *t = sample_graph();
    kg_viz_options o = KG_VIZ_OPTIONS_INIT;
    Agraph_t *g;
    Agnode_t *n;
    size_t people = 0, states = 0, ministries = 0, places = 0, notes = 0;

    o.focus = ID "person/sergei-lavrov";
    assert_int_equal(fixture_render(f, t, &o, KG_VIZ_DOT), 0);
    g = reparse(f->out.ptr);
    /* 7 entities and the legend */
    assert_int_equal(agnnodes(g), 8);
    /* host, guest, location, memberOf, two state edges: no participant */
    assert_int_equal(agnedges(g), 6);
    for (n = agfstnode(g); n; n = agnxtnode(g, n)) {
        const char *shape = agget(n, "shape");
        const char *pw = agget(n, "penwidth");
        if (strcmp(agnameof(n), "legend") == 0)
            continue;
        people += strcmp(shape, "ellipse") == 0;
        states += strcmp(shape, "doubleoctagon") == 0;
        ministries += strcmp(shape, "box") == 0;
        places += strcmp(shape, "house") == 0;
        notes += strcmp(shape, "note") == 0;
        /* only the focus is emphasised */
        if (pw && *pw)
            assert_non_null(strstr(agget(n, "tooltip"), "sergei-lavrov"));
    }
    assert_int_equal(people, 2);
    assert_int_equal(states, 2);
    assert_int_equal(ministries, 1);
    assert_int_equal(places, 1);
    assert_int_equal(notes, 1);
    assert_int_equal(count(f->out.ptr, "penwidth=3"), 1);
    /* no title given: the focus names the diagram */
    assert_non_null(
        strstr(f->out.ptr, "label=<<B>Around Sergei Lavrov</B>>"));
    assert_null(strstr(f->out.ptr, "participant"));
    assert_non_null(strstr(f->out.ptr, "layout=dot"));
    agclose(g);
    kg_triples_free(t);
}

static void test_render__participant_kept_without_role(void **state)
{
    fixture *f = *state;
    kg_triples *t = NULL;

    assert_int_equal(kg_triples_new(&t, NULL), 0);
    add_iri(t, ID "event/e1", KG_RDF_TYPE, NS "Meeting");
    add_iri(t, ID "event/e1", NS "participant", ID "person/a");
    add_iri(t, ID "event/e1", NS "participant", ID "person/b");
    add_iri(t, ID "event/e1", NS "host", ID "person/b");
    assert_int_equal(fixture_render(f, t, NULL, KG_VIZ_DOT), 0);
    assert_int_equal(count(f->out.ptr, "label=participant"), 1);
    assert_int_equal(count(f->out.ptr, "label=host"), 1);
    kg_triples_free(t);
}

static void test_render__legend_only_when_asked(void **state)
{
    fixture *f = *state;
    kg_triples *t = sample_graph();
    kg_viz_options o = KG_VIZ_OPTIONS_INIT;

    assert_int_equal(fixture_render(f, t, &o, KG_VIZ_SVG), 0);
    assert_non_null(strstr(f->out.ptr, ">Legend<"));
    /* one row per class present; Organisation and Event are only base
     * classes here, Country is shadowed by State */
    assert_non_null(strstr(f->out.ptr, ">Person<"));
    assert_non_null(strstr(f->out.ptr, ">Ministry<"));
    assert_non_null(strstr(f->out.ptr, ">State<"));
    assert_non_null(strstr(f->out.ptr, ">Place<"));
    assert_non_null(strstr(f->out.ptr, ">Reception<"));
    assert_null(strstr(f->out.ptr, ">Organisation<"));
    assert_null(strstr(f->out.ptr, ">Country<"));
    assert_null(strstr(f->out.ptr, ">Meeting<"));

    o.legend = 0;
    assert_int_equal(fixture_render(f, t, &o, KG_VIZ_SVG), 0);
    assert_null(strstr(f->out.ptr, "Legend"));
    kg_triples_free(t);
}

static void test_render__empty_input_is_invalid(void **state)
{
    fixture *f = *state;
    kg_triples *t = NULL;

    assert_int_equal(kg_triples_new(&t, NULL), 0);
    assert_int_equal(fixture_render(f, t, NULL, KG_VIZ_SVG), KG_EINVALID);
    assert_int_equal(f->err.code, KG_EINVALID);
    assert_true(strlen(f->err.message) > 0);
    assert_int_equal(f->out.size, 0);
    kg_triples_free(t);
}

static void test_render__literal_subjects_only_is_invalid(void **state)
{
    fixture *f = *state;
    kg_triples *t = NULL;
    kg_term s = kg_literal("x", NULL, NULL), p = kg_iri(KG_RDFS_LABEL),
            o = kg_literal("y", NULL, NULL);

    assert_int_equal(kg_triples_new(&t, NULL), 0);
    assert_int_equal(kg_triples_add(t, &s, &p, &o, NULL), 0);
    assert_int_equal(fixture_render(f, t, NULL, KG_VIZ_DOT), KG_EINVALID);
    kg_triples_free(t);
}

static void test_render__bad_format_is_invalid(void **state)
{
    fixture *f = *state;
    kg_triples *t = sample_graph();

    assert_int_equal(fixture_render(f, t, NULL, (kg_viz_format)42), KG_EINVALID);
    kg_triples_free(t);
}

static void test_render__labels_links_and_blank_nodes(void **state)
{
    fixture *f = *state;
    kg_triples *t = NULL;
    kg_term b = kg_blank("post1"), p = kg_iri(NS "state"),
            o = kg_iri(ID "state/russia"), lbl = kg_iri(KG_RDFS_LABEL),
            ko = kg_literal("\xeb\x9f\xac\xec\x8b\x9c\xec\x95\x84", NULL,
                            "ko"),
            en = kg_literal("Russia", NULL, "en");
    const char *art = ID "article/0123abcd";

    assert_int_equal(kg_triples_new(&t, NULL), 0);
    /* a blank node: drawn, labelled by its blank label, never linked */
    assert_int_equal(kg_triples_add(t, &b, &p, &o, NULL), 0);
    /* English label preferred over Korean whatever the order */
    assert_int_equal(kg_triples_add(t, &o, &lbl, &ko, NULL), 0);
    assert_int_equal(kg_triples_add(t, &o, &lbl, &en, NULL), 0);
    /* an article: headline as label, linked to its source URL; a
     * javascript: URL is not taken */
    add_iri(t, art, KG_RDF_TYPE, KG_CLASS_ARTICLE);
    add_lit(t, art, KG_SCHEMA_HEADLINE, "Talks in Moscow", NULL);
    add_lit(t, art, KG_NS_SCHEMA "url", "https://news.example/a?id=1",
            NULL);
    add_iri(t, art, KG_NS_SCHEMA "about", ID "state/russia");
    add_iri(t, ID "person/y", KG_PROV_DERIVED, art);
    add_lit(t, ID "person/y", KG_NS_SCHEMA "url", "javascript:x()", NULL);
    /* no label: the last path segment of the IRI */
    add_iri(t, ID "person/y", KG_RDF_TYPE, KG_CLASS_PERSON);

    assert_int_equal(fixture_render(f, t, NULL, KG_VIZ_SVG), 0);
    assert_true(xml_well_formed(f->out.ptr, f->out.size));
    assert_non_null(strstr(f->out.ptr, ">Russia<"));
    assert_null(strstr(f->out.ptr, ">\xeb\x9f\xac"));
    assert_non_null(strstr(f->out.ptr, ">_:post1<"));
    assert_non_null(strstr(f->out.ptr, ">Talks in Moscow<"));
    assert_non_null(strstr(f->out.ptr, ">y<"));
    assert_non_null(
        strstr(f->out.ptr, "xlink:href=\"https://news.example/a?id=1\""));
    assert_non_null(
        strstr(f->out.ptr, "xlink:href=\"https://w3id.org/kg/id/person/y\""));
    assert_null(strstr(f->out.ptr, "href=\"javascript"));
    /* the three IRI nodes linked, the blank node and the legend not */
    assert_int_equal(count(f->out.ptr, "<a xlink:href="), 3);
    assert_non_null(strstr(f->out.ptr, ">wasDerivedFrom<"));
    assert_non_null(strstr(f->out.ptr, ">about<"));
    kg_triples_free(t);
}

static void test_render__clusters_per_state(void **state)
{
    fixture *f = *state;
    kg_triples *t = sample_graph();
    kg_viz_options o = KG_VIZ_OPTIONS_INIT;
    Agraph_t *g, *sub;
    Agnode_t *n;
    size_t clusters = 0;

    assert_int_equal(fixture_render(f, t, &o, KG_VIZ_DOT), 0);
    assert_null(strstr(f->out.ptr, "cluster"));

    o.clusters = 1;
    o.title = "With clusters";
    assert_int_equal(fixture_render(f, t, &o, KG_VIZ_DOT), 0);
    g = reparse(f->out.ptr);
    assert_int_equal(agnnodes(g), 8);
    for (sub = agfstsubg(g); sub; sub = agnxtsubg(sub)) {
        size_t people = 0, orgs = 0, states = 0;
        assert_memory_equal(agnameof(sub), "cluster_", 8);
        /* the title is not repeated on the clusters */
        assert_string_equal(agget(sub, "label"), "");
        for (n = agfstnode(sub); n; n = agnxtnode(sub, n)) {
            const char *tip = agget(n, "tooltip");
            people += strstr(tip, "(Person)") != NULL;
            orgs += strstr(tip, "(Ministry)") != NULL;
            states += strstr(tip, "(State)") != NULL;
        }
        assert_int_equal(states, 1);
        if (orgs) {
            /* North Korea: its ministry and the minister, member of it */
            assert_int_equal(agnnodes(sub), 3);
            assert_int_equal(people, 1);
        } else {
            /* Russia: Lavrov, by kg:state */
            assert_int_equal(agnnodes(sub), 2);
            assert_int_equal(people, 1);
        }
        clusters++;
    }
    assert_int_equal(clusters, 2);
    agclose(g);

    assert_int_equal(fixture_render(f, t, &o, KG_VIZ_SVG), 0);
    assert_true(xml_well_formed(f->out.ptr, f->out.size));
    assert_int_equal(count(f->out.ptr, "class=\"cluster\""), 2);
    kg_triples_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_render__format_names),
        cmocka_unit_test_setup_teardown(
            test_render__svg_has_labels_links_tooltips, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_render__png_and_pdf, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(test_render__appends_to_out, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(test_render__dot_is_deterministic,
                                        fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_render__styles_by_class, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(
            test_render__participant_kept_without_role, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(
            test_render__labels_links_and_blank_nodes, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_render__clusters_per_state,
                                        fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_render__legend_only_when_asked,
                                        fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_render__empty_input_is_invalid,
                                        fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(
            test_render__literal_subjects_only_is_invalid, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_render__bad_format_is_invalid,
                                        fixture_setup, fixture_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
