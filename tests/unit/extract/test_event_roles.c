/*
 * test_event_roles.c -- the argument structure of events on sentences
 * written for the test: who pledges to whom ("pledged X to Y", "vowed
 * cooperation with Y", "reaffirmed Y's commitment", "promised that Y
 * would ...", a pronoun subject), what a clause of time leaves out, the
 * speaker and what is spoken of ("X thanked Y and said", "..., Z said"),
 * a greeting of guests that hosts a gathering rather than states
 * anything, ids that keep statements on different topics apart while
 * two reports of one statement share theirs, and the convenience links
 * each event supports (none from a planned one).
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

/* The role name 'id' takes in 'ev', or "(none)". */
static const char *role_of(const kg_doc *doc, const kg__event *ev,
                           const char *id)
{
    size_t e = find_ent(doc, id);
    int j;

    for (j = 0; ev && j < ev->npart; j++)
        if (ev->part[j].entity == e)
            return kg__part_roles[ev->part[j].role];
    return "(none)";
}

static size_t count_type(const kg_doc *doc, const char *type)
{
    size_t i, n = 0;

    for (i = 0; i < doc->events.count; i++)
        if (strcmp(kg__event_types[KG__VEC_AT(&doc->events, kg__event,
                                               i)->type],
                   type) == 0)
            n++;
    return n;
}

static void test_event_roles__pledge_to_and_with(void **state)
{
    kg_doc *doc = run("Pledges\n\nPublished: 3 Apr. 2025\n\n"
                      "Dmitry Peskov pledged support to Cuba on Monday.\n\n"
                      "Belarus vowed to deepen cooperation with Vietnam.\n");
    const kg__event *a = find_event(doc, "Pledge", "person/dmitry-peskov");
    const kg__event *b = find_event(doc, "Pledge", "state/belarus");

    (void)state;
    assert_non_null(a);
    assert_string_equal(role_of(doc, a, "person/dmitry-peskov"), "agent");
    assert_string_equal(role_of(doc, a, "state/cuba"), "addressee");
    assert_non_null(b);
    assert_string_equal(role_of(doc, b, "state/belarus"), "agent");
    assert_string_equal(role_of(doc, b, "state/vietnam"), "addressee");
    kg_doc_free(doc);
}

/* "X, Y's envoy to Z, reaffirmed W's commitment": X and the possessor
 * commit, the country of "to" is addressed. */
static void test_event_roles__pledge_apposition_possessor(void **state)
{
    kg_doc *doc = run("Envoy\n\nPublished: 3 Apr. 2025\n\n"
                      "Sergei Lavrov, Russia's envoy to Laos, reaffirmed "
                      "Moscow's commitment to closer ties.\n");
    const kg__event *ev = find_event(doc, "Pledge", "person/sergei-lavrov");

    (void)state;
    assert_non_null(ev);
    assert_string_equal(role_of(doc, ev, "person/sergei-lavrov"), "agent");
    assert_string_equal(role_of(doc, ev, "state/russia"), "agent");
    assert_string_equal(role_of(doc, ev, "state/laos"), "addressee");
    kg_doc_free(doc);
}

/* "He promised that Y would stand with Z until ... in W": the pronoun is
 * the person just spoken of, Y commits, Z is addressed, W is outside
 * the pledge. */
static void test_event_roles__pledge_pronoun_that_until(void **state)
{
    kg_doc *doc = run("Talks\n\nPublished: 3 Apr. 2025\n\n"
                      "Dmitry Medvedev met Wang Yi in Minsk on Monday.\n\n"
                      "He promised that Belarus would stand with China "
                      "until the fighting in Ukraine ends.\n");
    const kg__event *ev = find_event(doc, "Pledge", "state/belarus");

    (void)state;
    assert_non_null(ev);
    assert_string_equal(role_of(doc, ev, "person/dmitry-medvedev"),
                        "agent");
    assert_string_equal(role_of(doc, ev, "state/belarus"), "agent");
    assert_string_equal(role_of(doc, ev, "state/china"), "addressee");
    assert_string_equal(role_of(doc, ev, "state/ukraine"), "(none)");
    kg_doc_free(doc);
}

/* "X thanked Y and said ...": one statement, X speaks, Y is spoken of;
 * "A met B, C said": C speaks, A and B are what is reported. */
static void test_event_roles__statement_speaker_and_subject(void **state)
{
    kg_doc *doc = run("Remarks\n\nPublished: 3 Apr. 2025\n\n"
                      "Wang Yi thanked Vietnam and Laos and said the two "
                      "had been loyal friends.\n\n"
                      "Sergei Lavrov met Mikhail Mishustin on Monday, "
                      "Belarus said.\n");
    const kg__event *a = find_event(doc, "Statement", "person/wang-yi");
    const kg__event *b = find_event(doc, "Statement", "state/belarus");

    (void)state;
    assert_non_null(a);
    assert_string_equal(role_of(doc, a, "person/wang-yi"), "speaker");
    assert_string_equal(role_of(doc, a, "state/vietnam"), "subject");
    assert_string_equal(role_of(doc, a, "state/laos"), "subject");
    assert_true(a->praise);
    assert_non_null(b);
    assert_string_equal(role_of(doc, b, "state/belarus"), "speaker");
    assert_string_equal(role_of(doc, b, "person/sergei-lavrov"), "subject");
    assert_string_equal(role_of(doc, b, "person/mikhail-mishustin"),
                        "subject");
    assert_int_equal(count_type(doc, "Statement"), 2);
    kg_doc_free(doc);
}

/* Welcoming guests at a banquet hosts it; welcoming a decision is a
 * statement. */
static void test_event_roles__welcome_guests_is_no_statement(void **state)
{
    kg_doc *doc = run("Gala\n\nPublished: 3 Apr. 2025\n\n"
                      "The Cuban Embassy in Russia held a banquet on "
                      "Friday.\n\n"
                      "Cuba's ambassador, Dmitry Peskov, welcomed the "
                      "guests.\n\n"
                      "Sergei Lavrov welcomed the decision.\n");
    const kg__event *r = find_event(doc, "Reception",
                                    "org/cuba-embassy-in-russia");

    (void)state;
    assert_non_null(r);
    assert_string_equal(role_of(doc, r, "person/dmitry-peskov"), "host");
    assert_null(find_event(doc, "Statement", "person/dmitry-peskov"));
    assert_non_null(find_event(doc, "Statement", "person/sergei-lavrov"));
    kg_doc_free(doc);
}

/* One speaker on two topics in one month: two ids; two articles
 * reporting one statement in other words: one id. */
static void test_event_roles__statement_ids_by_topic(void **state)
{
    kg_doc *a = run("Views\n\nPublished: 3 Apr. 2025\n\n"
                    "Belarus praised Vietnam for its trade policy.\n\n"
                    "Belarus criticised Vietnam over missile tests.\n");
    kg_doc *b = run("Praise\n\nPublished: 4 Apr. 2025\n\n"
                    "Belarus said that Vietnam had opened its trade to "
                    "the world.\n");
    const kg__event *x = NULL, *y = NULL, *z;
    size_t i;

    (void)state;
    for (i = 0; i < a->events.count; i++) {
        const kg__event *ev = KG__VEC_AT(&a->events, kg__event, i);
        if (strcmp(kg__event_types[ev->type], "Statement") != 0)
            continue;
        if (!x)
            x = ev;
        else
            y = ev;
    }
    z = find_event(b, "Statement", "state/belarus");
    assert_non_null(x);
    assert_non_null(y);
    assert_non_null(z);
    assert_string_not_equal(x->id, y->id);
    assert_string_equal(x->id, z->id);
    assert_non_null(strstr(x->id, "economy"));
    kg_doc_free(a);
    kg_doc_free(b);
}

/* Is there a link of 'kind' from 'a' to 'b' supported by an event? */
static int has_link(const kg_doc *doc, const char *a, int kind,
                    const char *b)
{
    kg__link links[KG__MAXLINKS];
    size_t ea = find_ent(doc, a), eb = find_ent(doc, b), i, j, n;

    for (i = 0; i < doc->events.count; i++) {
        n = kg__event_links(links, doc,
                            KG__VEC_AT(&doc->events, kg__event, i));
        assert_true(n <= KG__MAXLINKS);
        for (j = 0; j < n; j++)
            if (links[j].from == ea && links[j].to == eb &&
                links[j].kind == kind)
                return 1;
    }
    return 0;
}

static void test_event_roles__links(void **state)
{
    kg_doc *doc = run("Links\n\nPublished: 3 Apr. 2025\n\n"
                      "Sergei Lavrov met Wang Yi in Minsk on Monday.\n\n"
                      "Dmitry Peskov pledged support to Cuba.\n\n"
                      "Xi Jinping will visit Hanoi in May.\n\n"
                      "Vladimir Putin visited Hanoi on Tuesday.\n\n"
                      "Wang Yi praised Vietnam.\n");

    (void)state;
    assert_true(has_link(doc, "person/sergei-lavrov", KG__LINK_METWITH,
                         "person/wang-yi"));
    assert_true(has_link(doc, "person/wang-yi", KG__LINK_METWITH,
                         "person/sergei-lavrov"));
    assert_true(has_link(doc, "person/dmitry-peskov", KG__LINK_PLEDGEDTO,
                         "state/cuba"));
    assert_false(has_link(doc, "state/cuba", KG__LINK_PLEDGEDTO,
                          "person/dmitry-peskov"));
    assert_true(has_link(doc, "person/vladimir-putin", KG__LINK_VISITED,
                         "place/hanoi"));
    assert_false(has_link(doc, "person/xi-jinping", KG__LINK_VISITED,
                          "place/hanoi"));
    assert_true(has_link(doc, "person/wang-yi", KG__LINK_PRAISED,
                         "state/vietnam"));
    kg_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_event_roles__pledge_to_and_with),
        cmocka_unit_test(test_event_roles__pledge_apposition_possessor),
        cmocka_unit_test(test_event_roles__pledge_pronoun_that_until),
        cmocka_unit_test(test_event_roles__statement_speaker_and_subject),
        cmocka_unit_test(test_event_roles__welcome_guests_is_no_statement),
        cmocka_unit_test(test_event_roles__statement_ids_by_topic),
        cmocka_unit_test(test_event_roles__links),
    };
    return cmocka_run_group_tests(tests, lex_setup, lex_teardown);
}
