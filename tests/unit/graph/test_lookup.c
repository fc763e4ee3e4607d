/*
 * test_lookup.c -- resolving names and IRIs, and the neighbourhood of an
 * entity (hops, the node cap, memberships drawn as org:memberOf, NIF and
 * article nodes left out).
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

static void expect_resolve(fx *f, const char *name, const char *iri)
{
    kg_buf out = KG_BUF_INIT;
    kg_error err;

    kg_error_clear(&err);
    if (kg_graph_resolve(&out, f->g, name, &err) != 0)
        fail_msg("resolve '%s': %s", name, err.message);
    assert_string_equal(out.ptr, iri);
    kg_buf_dispose(&out);
}

static void test_lookup__resolve_by_label_and_iri(void **state)
{
    fx *f = *state;
    kg_buf out = KG_BUF_INIT;
    kg_error err;

    expect_resolve(f, "Kim Jong Un", ID "person/kim-jong-un");
    expect_resolve(f, "kim JONG un", ID "person/kim-jong-un");
    expect_resolve(f, "dprk", ID "state/north-korea");       /* altLabel */
    expect_resolve(f, "Kim Jong-un", ID "person/kim-jong-un"); /* altLabel */
    expect_resolve(f, ID "person/choe-son-hui", ID "person/choe-son-hui");
    expect_resolve(f, "kgid:person/choe-son-hui", ID "person/choe-son-hui");

    kg_error_clear(&err);
    assert_int_equal(kg_graph_resolve(&out, f->g, "Nobody Known", &err),
                     KG_ENOTFOUND);
    assert_non_null(strstr(err.message, "Nobody Known"));
    kg_error_clear(&err);
    assert_int_equal(kg_graph_resolve(&out, f->g, "http://example.org/x",
                                      &err),
                     KG_ENOTFOUND);
    assert_null(out.ptr);
}

static int has_quad(const kg_triples *t, const char *s, const char *p,
                    const char *o)
{
    size_t i;

    for (i = 0; i < kg_triples_count(t); i++) {
        const kg_quad *q = kg_triples_get(t, i);
        if (strcmp(q->s.value, s) == 0 && strcmp(q->p.value, p) == 0 &&
            strcmp(q->o.value, o) == 0)
            return 1;
    }
    return 0;
}

/* Nonzero when 'iri' occurs anywhere in 't'. */
static int mentions(const kg_triples *t, const char *iri)
{
    size_t i;

    for (i = 0; i < kg_triples_count(t); i++) {
        const kg_quad *q = kg_triples_get(t, i);
        if (strcmp(q->s.value, iri) == 0 || strcmp(q->o.value, iri) == 0)
            return 1;
    }
    return 0;
}

static kg_triples *around(fx *f, const char *iri, int hops, int max)
{
    kg_triples *t = NULL;
    kg_error err;
    size_t i;

    kg_error_clear(&err);
    assert_int_equal(kg_triples_new(&t, NULL), 0);
    assert_int_equal(kg_graph_neighbourhood(t, f->g, iri, hops, max, &err),
                     0);
    for (i = 0; i < kg_triples_count(t); i++) {
        const kg_quad *q = kg_triples_get(t, i);
        assert_int_equal(q->g.kind, KG_TERM_NONE);
        assert_null(strstr(q->s.value, "#char="));
        assert_null(strstr(q->o.value, "#char="));
        assert_null(strstr(q->o.value, ID "article/"));
        assert_null(strstr(q->s.value, ID "post/"));
        assert_null(strstr(q->o.value, ID "post/"));
    }
    return t;
}

#define KIM ID "person/kim-jong-un"
#define PUTIN ID "person/vladimir-putin"
#define LAVROV ID "person/sergei-lavrov"
#define RECEPTION ID "event/2024-06-19-reception-kim-putin"
#define PYONGYANG ID "place/pyongyang"
#define MFA ID "org/russia-mfa"
#define MEETING ID "event/2024-11-01-meeting-lavrov-choe"

static void test_lookup__one_hop(void **state)
{
    kg_triples *t = around(*state, KIM, 1, 50);

    /* kim and the reception: one link, two types + label, one type +
     * label */
    assert_int_equal(kg_triples_count(t), 6);
    assert_true(has_quad(t, RECEPTION, KG_NS "host", KIM));
    assert_true(has_quad(t, KIM, KG_RDF_TYPE, KG_CLASS_PERSON));
    assert_true(has_quad(t, KIM, KG_RDFS_LABEL, "Kim Jong Un"));
    assert_true(has_quad(t, RECEPTION, KG_RDF_TYPE, KG_NS "Reception"));
    assert_true(has_quad(t, RECEPTION, KG_RDF_TYPE, KG_CLASS_EVENT));
    assert_true(has_quad(t, RECEPTION, KG_RDFS_LABEL,
                         "State reception in Pyongyang"));
    kg_triples_free(t);
}

static void test_lookup__two_hops(void **state)
{
    kg_triples *t = around(*state, KIM, 2, 50);

    /* 4 links; types and labels of 5 nodes (11): no kg:happened, no
     * sentence, no article, no membership yet */
    assert_int_equal(kg_triples_count(t), 15);
    assert_true(has_quad(t, RECEPTION, KG_NS "attendee", PUTIN));
    assert_true(has_quad(t, RECEPTION, KG_NS "attendee", LAVROV));
    assert_true(has_quad(t, RECEPTION, KG_EVENT_PLACE, PYONGYANG));
    assert_false(mentions(t, KG_NS "happened"));
    assert_false(mentions(t, MFA));
    kg_triples_free(t);
}

static void test_lookup__membership_is_drawn_as_member_of(void **state)
{
    kg_triples *t = around(*state, KIM, 3, 50);

    assert_true(has_quad(t, LAVROV, KG_ORG_MEMBEROF, MFA));
    assert_true(has_quad(t, MFA, KG_RDFS_LABEL,
                         "Ministry of Foreign Affairs of Russia"));
    assert_true(has_quad(t, MEETING, KG_NS "participant", LAVROV));
    kg_triples_free(t);
    /* and from the organisation's side */
    t = around(*state, MFA, 1, 50);
    assert_true(has_quad(t, LAVROV, KG_ORG_MEMBEROF, MFA));
    kg_triples_free(t);
}

static void test_lookup__node_cap(void **state)
{
    kg_triples *t = around(*state, KIM, 3, 2);

    assert_true(mentions(t, KIM));
    assert_true(mentions(t, RECEPTION));
    assert_false(mentions(t, PUTIN));
    assert_false(mentions(t, LAVROV));
    assert_false(mentions(t, PYONGYANG));
    kg_triples_free(t);
    /* zero hops: the node alone */
    t = around(*state, KIM, 0, 50);
    assert_int_equal(kg_triples_count(t), 2);
    kg_triples_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_lookup__resolve_by_label_and_iri, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lookup__one_hop, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_lookup__two_hops, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_lookup__membership_is_drawn_as_member_of, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lookup__node_cap, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
