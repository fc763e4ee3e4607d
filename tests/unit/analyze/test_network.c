/*
 * test_network.c -- the entity/event network, its metrics (checked
 * against values worked out by hand on a small tree), shortest paths,
 * GraphML and CSV escaping.
 *
 * SPDX-License-Identifier: MIT
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <kg/kg.h>

#define ID KG_ID
#define NS KG_NS

static void add(kg_triples *t, const char *s, const char *p, const char *o)
{
    kg_term ts = kg_iri(s), tp = kg_iri(p), to = kg_iri(o);
    assert_int_equal(kg_triples_add(t, &ts, &tp, &to, NULL), 0);
}

static void lit(kg_triples *t, const char *s, const char *p, const char *o)
{
    kg_term ts = kg_iri(s), tp = kg_iri(p), to = kg_literal(o, NULL, NULL);
    assert_int_equal(kg_triples_add(t, &ts, &tp, &to, NULL), 0);
}

/*
 * The tree  S -state- B -guest- E1 -host- A -participant- E2 -participant- C
 *                                         A -memberOf- O
 * (B's state comes through a post), plus an isolated person Z and an
 * E1 participant link to A that the host role makes redundant.
 */
static kg_triples *tree(const char *label_a)
{
    kg_triples *t = NULL;

    assert_int_equal(kg_triples_new(&t, NULL), 0);
    add(t, ID "person/a", KG_RDF_TYPE, KG_CLASS_PERSON);
    add(t, ID "person/b", KG_RDF_TYPE, KG_CLASS_PERSON);
    add(t, ID "person/c", KG_RDF_TYPE, KG_CLASS_PERSON);
    add(t, ID "person/z", KG_RDF_TYPE, KG_CLASS_PERSON);
    add(t, ID "org/o", KG_RDF_TYPE, NS "Ministry");
    add(t, ID "org/o", KG_RDF_TYPE, KG_CLASS_ORGANIZATION);
    add(t, ID "state/s", KG_RDF_TYPE, KG_CLASS_STATE);
    add(t, ID "event/e1", KG_RDF_TYPE, NS "Meeting");
    add(t, ID "event/e1", KG_RDF_TYPE, KG_CLASS_EVENT);
    add(t, ID "event/e2", KG_RDF_TYPE, KG_CLASS_EVENT);
    add(t, ID "event/e1", NS "host", ID "person/a");
    add(t, ID "event/e1", KG_PARTICIPANT, ID "person/a");
    add(t, ID "event/e1", NS "guest", ID "person/b");
    add(t, ID "event/e2", KG_PARTICIPANT, ID "person/a");
    add(t, ID "event/e2", KG_PARTICIPANT, ID "person/c");
    add(t, ID "event/e1", KG_PROV_DERIVED, ID "article/1");
    lit(t, ID "event/e1", KG_EVENT_DATE, "2024-06-19");
    add(t, ID "person/a", KG_ORG_MEMBEROF, ID "org/o");
    add(t, ID "post/p", KG_ORG_MEMBER, ID "person/b");
    add(t, ID "post/p", KG_STATE, ID "state/s");
    add(t, ID "post/p", KG_RDF_TYPE, KG_CLASS_MEMBERSHIP);
    lit(t, ID "person/a", KG_RDFS_LABEL, label_a);
    lit(t, ID "person/b", KG_RDFS_LABEL, "Beta");
    lit(t, ID "person/c", KG_RDFS_LABEL, "Gamma");
    lit(t, ID "state/s", KG_RDFS_LABEL, "Sland");
    lit(t, ID "event/e1", KG_RDFS_LABEL, "Talks");
    lit(t, ID "event/e2", KG_RDFS_LABEL, "Meet");
    return t;
}

static const char *value_of(const kg_triples *t, const char *s,
                            const char *p)
{
    size_t i;

    for (i = 0; i < kg_triples_count(t); i++) {
        const kg_quad *q = kg_triples_get(t, i);
        if (strcmp(q->s.value, s) == 0 && strcmp(q->p.value, p) == 0)
            return q->o.value;
    }
    return NULL;
}

static void test_nodes_and_links(void **state)
{
    kg_triples *t = tree("Alpha");
    kg_network *n = NULL;

    (void)state;
    assert_int_equal(kg_network_from_triples(&n, t, NULL), 0);
    /* A B C Z O S E1 E2; the post is no node */
    assert_int_equal(kg_network_node_count(n), 8);
    /* host, guest, 2 participants of E2, memberOf, state via the post;
     * E1's participant A is dropped for the host role */
    assert_int_equal(kg_network_link_count(n), 6);
    kg_network_free(n);
    kg_triples_free(t);
}

static void test_metrics(void **state)
{
    kg_triples *t = tree("Alpha"), *out = NULL, *out2 = NULL;
    kg_network *n = NULL;
    kg_error err = {0};
    const char *v;
    double sum = 0;
    size_t i;

    (void)state;
    assert_int_equal(kg_network_from_triples(&n, t, &err), 0);
    assert_int_equal(kg_triples_new(&out, NULL), 0);
    assert_int_equal(kg_triples_new(&out2, NULL), 0);
    assert_int_equal(kg_analyze_run(out, n, &err), 0);
    /* 8 nodes x 4 values, all in the analysis graph */
    assert_int_equal(kg_triples_count(out), 32);
    for (i = 0; i < kg_triples_count(out); i++) {
        const kg_quad *q = kg_triples_get(out, i);
        assert_string_equal(q->g.value, KG_ANALYSIS_GRAPH);
        if (strcmp(q->p.value, KG_PAGERANK) == 0)
            sum += strtod(q->o.value, NULL);
    }
    assert_true(sum > 0.999 && sum < 1.001);
    /* by hand: removing A leaves parts of 3 (E1 B S), 2 (E2 C), 1 (O):
     * 3*2 + 3*1 + 2*1 = 11 pairs; E1: 2 (B S) x 4 = 8; B: 1 x 5 = 5 */
    assert_string_equal(value_of(out, ID "person/a", KG_DEGREE), "3");
    assert_string_equal(value_of(out, ID "person/a", KG_BETWEENNESS), "11");
    assert_string_equal(value_of(out, ID "event/e1", KG_BETWEENNESS), "8");
    assert_string_equal(value_of(out, ID "person/b", KG_BETWEENNESS), "5");
    assert_string_equal(value_of(out, ID "person/c", KG_BETWEENNESS), "0");
    assert_string_equal(value_of(out, ID "person/z", KG_DEGREE), "0");
    /* communities from 1, and the same on a second run */
    v = value_of(out, ID "person/a", KG_COMMUNITY);
    assert_non_null(v);
    assert_true(atoi(v) >= 1);
    assert_int_equal(kg_analyze_run(out2, n, &err), 0);
    assert_int_equal(kg_triples_count(out2), kg_triples_count(out));
    for (i = 0; i < kg_triples_count(out); i++)
        assert_int_equal(kg_term_compare(&kg_triples_get(out, i)->o,
                                         &kg_triples_get(out2, i)->o), 0);
    kg_triples_free(out);
    kg_triples_free(out2);
    kg_network_free(n);
    kg_triples_free(t);
}

static void test_paths(void **state)
{
    kg_triples *t = tree("Alpha"), *d = NULL;
    kg_network *n = NULL;
    kg_buf text = KG_BUF_INIT;
    kg_error err = {0};

    (void)state;
    assert_int_equal(kg_network_from_triples(&n, t, &err), 0);
    assert_int_equal(kg_triples_new(&d, NULL), 0);
    assert_int_equal(kg_analyze_paths(&text, d, n, ID "state/s",
                                      ID "person/c", 3, &err),
                     1);
    assert_string_equal(text.ptr,
                        "Sland <-[state]- Beta <-[guest]- Talks -[host]-> "
                        "Alpha <-[participant]- Meet -[participant]-> "
                        "Gamma\n");
    /* the diagram has the 5 links and a type for each of the 6 nodes */
    assert_string_equal(value_of(d, ID "event/e1", NS "host"),
                        ID "person/a");
    assert_string_equal(value_of(d, ID "person/c", KG_RDF_TYPE),
                        KG_CLASS_PERSON);
    assert_null(value_of(d, ID "org/o", KG_RDF_TYPE));

    kg_buf_clear(&text);
    assert_int_equal(kg_analyze_paths(&text, NULL, n, ID "person/a",
                                      ID "person/z", 3, &err),
                     KG_ENOTFOUND);
    assert_non_null(strstr(err.message, "no path"));
    assert_int_equal(kg_analyze_paths(&text, NULL, n, ID "person/nobody",
                                      ID "person/z", 3, &err),
                     KG_ENOTFOUND);
    kg_buf_dispose(&text);
    kg_triples_free(d);
    kg_network_free(n);
    kg_triples_free(t);
}

static void test_ego(void **state)
{
    kg_triples *t = tree("Alpha"), *d = NULL;
    kg_network *n = NULL;

    (void)state;
    assert_int_equal(kg_network_from_triples(&n, t, NULL), 0);
    assert_int_equal(kg_triples_new(&d, NULL), 0);
    /* one hop from A: E1, E2, O (and A) */
    assert_int_equal(kg_analyze_ego(d, n, ID "person/a", 1, 100, NULL), 0);
    assert_non_null(value_of(d, ID "event/e1", KG_RDF_TYPE));
    assert_non_null(value_of(d, ID "org/o", KG_RDF_TYPE));
    assert_null(value_of(d, ID "person/b", KG_RDF_TYPE));
    assert_string_equal(value_of(d, ID "event/e2", KG_PARTICIPANT),
                        ID "person/a");
    kg_triples_free(d);
    /* two hops, capped at 3 nodes: A, then the first two of the first
     * hop in IRI order (event/e1, event/e2), never a second-hop node */
    assert_int_equal(kg_triples_new(&d, NULL), 0);
    assert_int_equal(kg_analyze_ego(d, n, ID "person/a", 2, 3, NULL), 0);
    assert_non_null(value_of(d, ID "event/e2", KG_RDF_TYPE));
    assert_null(value_of(d, ID "org/o", KG_RDF_TYPE));
    assert_null(value_of(d, ID "person/b", KG_RDF_TYPE));
    assert_int_equal(kg_analyze_ego(d, n, ID "person/none", 1, 3, NULL),
                     KG_ENOTFOUND);
    kg_triples_free(d);
    kg_network_free(n);
    kg_triples_free(t);
}

static void test_graphml_escapes(void **state)
{
    kg_triples *t = tree("<script>x</script> & \"q\" 'a'\x01\xff");
    kg_network *n = NULL;
    kg_buf out = KG_BUF_INIT;

    (void)state;
    assert_int_equal(kg_network_from_triples(&n, t, NULL), 0);
    assert_int_equal(kg_analyze_write_graphml(&out, n, NULL), 0);
    assert_null(strstr(out.ptr, "<script"));
    assert_non_null(strstr(out.ptr,
                           "<data key=\"label\">&lt;script&gt;x&lt;/script"
                           "&gt; &amp; &quot;q&quot; &apos;a&apos; "
                           "\xef\xbf\xbd</data>"));
    assert_null(strchr(out.ptr, '\x01'));
    assert_non_null(strstr(out.ptr, "<key id=\"relation\" for=\"edge\""));
    assert_non_null(strstr(out.ptr, "<data key=\"date\">2024-06-19</data>"));
    kg_buf_dispose(&out);
    kg_network_free(n);
    kg_triples_free(t);
}

static void test_csv_quotes(void **state)
{
    static const char header[] = "from_id,from_label,from_type,link_type,"
                                 "to_id,to_label,to_type,date,source\r\n";
    kg_triples *t = tree("Smith, \"Al\"\nJr");
    kg_network *n = NULL;
    kg_buf out = KG_BUF_INIT;

    (void)state;
    assert_int_equal(kg_network_from_triples(&n, t, NULL), 0);
    assert_int_equal(kg_analyze_write_i2csv(&out, n, NULL), 0);
    assert_int_equal(strncmp(out.ptr, header, strlen(header)), 0);
    /* the newline became a space (a control character), quotes doubled */
    assert_non_null(strstr(out.ptr,
                           ID "event/e1,Talks,Meeting,host," ID "person/a,"
                              "\"Smith, \"\"Al\"\" Jr\",Person,2024-06-19,"
                           ID "article/1\r\n"));
    kg_buf_dispose(&out);
    kg_network_free(n);
    kg_triples_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nodes_and_links),
        cmocka_unit_test(test_metrics),
        cmocka_unit_test(test_paths),
        cmocka_unit_test(test_ego),
        cmocka_unit_test(test_graphml_escapes),
        cmocka_unit_test(test_csv_quotes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
