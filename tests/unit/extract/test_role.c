/*
 * test_role.c -- posts as stated: titles before names (with the state and
 * organisation around them), appositions, "who heads", one post per
 * person and title, and the W3C ORG membership triples.
 *
 * SPDX-License-Identifier: MIT
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "extract_test.h"

static void test_role__title_before_name(void **state)
{
    kg_doc *doc = run(
        "New envoy\n\n"
        "Chinese Foreign Minister Wang Yi phoned Russian Security Council "
        "chief Sergei Shoigu. Later, ruling party secretary Ivan Drozdov "
        "and President Wang Yi spoke again. Foreign Minister Wang Yi "
        "left.\n");
    const kg__role *r;

    (void)state;
    r = find_role(doc, "person/wang-yi", "Foreign Minister");
    assert_non_null(r);
    assert_string_equal(ent_id(doc, r->state), "state/china");
    r = find_role(doc, "person/sergei-shoigu", "Russian Security Council chief");
    assert_non_null(r);
    assert_string_equal(ent_id(doc, r->org), "org/security-council-of-russia");
    assert_string_equal(ent_id(doc, r->state), "state/russia");
    r = find_role(doc, "person/ivan-drozdov", "ruling party secretary");
    assert_non_null(r);
    assert_int_equal(r->state, SIZE_MAX);
    assert_non_null(find_role(doc, "person/wang-yi", "President"));
    /* the second "Foreign Minister Wang Yi" adds no second post */
    assert_int_equal(doc->roles.count, 4);
    kg_doc_free(doc);
}

static void test_role__apposition(void **state)
{
    kg_doc *doc = run(
        "Envoy speaks\n\n"
        "Kim Yong Bok, North Korea's ambassador to Laos, gave a speech. "
        "Anna Petrova, the president of Moldova, replied. "
        "Lee Min Ho, who heads the ROK trade office, was there.\n");
    const kg__role *r;

    (void)state;
    r = find_role(doc, "person/kim-yong-bok", "ambassador");
    assert_non_null(r);
    assert_string_equal(ent_id(doc, r->state), "state/dprk");
    r = find_role(doc, "person/anna-petrova", "president");
    assert_non_null(r);
    assert_string_equal(ent_id(doc, r->state), "state/moldova");
    r = find_role(doc, "person/lee-min-ho", "Head of the ROK trade office");
    assert_non_null(r);
    assert_string_equal(ent_id(doc, r->state), "state/south-korea");
    kg_doc_free(doc);
}

static int has_quad(const kg_triples *t, const char *s, const char *p,
                    const char *o)
{
    size_t i;

    for (i = 0; i < kg_triples_count(t); i++) {
        const kg_quad *q = kg_triples_get(t, i);
        if ((!s || strcmp(q->s.value, s) == 0) &&
            strcmp(q->p.value, p) == 0 && (!o || strcmp(q->o.value, o) == 0))
            return 1;
    }
    return 0;
}

static void test_role__membership_triples(void **state)
{
    kg_doc *doc = run("Post\n\nMongolian Prime Minister Bat Erdene visited "
                      "Moscow.\n");
    kg_triples *t = NULL;
    size_t i;
    const char *post = NULL;

    (void)state;
    assert_int_equal(kg_triples_new(&t, NULL), 0);
    assert_int_equal(kg_doc_to_triples(doc, t, NULL), 0);
    for (i = 0; i < kg_triples_count(t); i++) {
        const kg_quad *q = kg_triples_get(t, i);
        if (strcmp(q->p.value, KG_ORG_MEMBER) == 0)
            post = q->s.value;
    }
    assert_non_null(post);
    assert_true(strncmp(post, KG_ID "post/", strlen(KG_ID "post/")) == 0);
    assert_true(has_quad(t, post, KG_RDF_TYPE, KG_CLASS_MEMBERSHIP));
    assert_true(has_quad(t, post, KG_ORG_MEMBER, KG_ID "person/bat-erdene"));
    assert_true(has_quad(t, post, KG_TITLE, "Prime Minister"));
    assert_true(has_quad(t, post, KG_STATE, KG_ID "state/mongolia"));
    assert_true(has_quad(t, post, KG_PROV_DERIVED, kg_doc_iri(doc)));
    assert_true(has_quad(t, post, KG_ORG_ROLE, KG_ID "role/prime-minister"));
    kg_triples_free(t);
    kg_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_role__title_before_name),
        cmocka_unit_test(test_role__apposition),
        cmocka_unit_test(test_role__membership_triples),
    };
    return cmocka_run_group_tests(tests, lex_setup, lex_teardown);
}
