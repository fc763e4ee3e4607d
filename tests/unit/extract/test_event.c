/*
 * test_event.c -- events on sentences written for the test: types from
 * verb classes and cue nouns, subjects and participants, status from
 * modal and planning words, dates resolved against the publication date,
 * places, one node for one event reported twice, and no event from a
 * bare reporting verb or a pronoun subject.
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

static const char article[] =
    "Ministers meet in Minsk\n\n"
    "Published: 14 Mar. 2025, 10:00\n\n"
    "Foreign Minister Sergei Lavrov met Belarusian Foreign Minister "
    "Maksim Ryzhenkov in Minsk on Tuesday. "
    "Sergei Lavrov will visit Hanoi in May. "
    "Lukashenko sent a message to Xi Jinping on March 2. "
    "The Chinese Embassy in Russia hosted a reception on Wednesday. "
    "At the event, Dmitry Peskov pledged to deepen cooperation with "
    "Beijing. "
    "He said the talks went well. "
    "Vietnam forged diplomatic relations with the Soviet Union in 1950.\n";

static const char *date_of(const kg__event *ev, char buf[16])
{
    kg__date_format(&ev->date, buf);
    return buf;
}

static void test_event__types_participants_dates(void **state)
{
    kg_doc *doc = run(article);
    const kg__event *ev;
    char buf[16];

    (void)state;
    ev = find_event(doc, "Meeting", "person/sergei-lavrov");
    assert_non_null(ev);
    assert_non_null(find_event(doc, "Meeting", "person/maksim-ryzhenkov"));
    assert_string_equal(kg__event_statuses[ev->status], "happened");
    assert_string_equal(date_of(ev, buf), "2025-03-11");
    assert_string_equal(ent_id(doc, ev->place), "place/minsk");

    ev = find_event(doc, "Visit", "person/sergei-lavrov");
    assert_non_null(ev);
    assert_string_equal(kg__event_statuses[ev->status], "planned");
    assert_string_equal(date_of(ev, buf), "2025-05");

    ev = find_event(doc, "Message", "person/alexander-lukashenko");
    assert_non_null(ev);
    assert_non_null(find_event(doc, "Message", "person/xi-jinping"));
    assert_string_equal(date_of(ev, buf), "2025-03-02");

    ev = find_event(doc, "Reception", "org/china-embassy-in-russia");
    assert_non_null(ev);
    assert_string_equal(date_of(ev, buf), "2025-03-12");
    /* "At the event": the speaker joins the reception */
    assert_non_null(find_event(doc, "Reception", "person/dmitry-peskov"));
    ev = find_event(doc, "Pledge", "person/dmitry-peskov");
    assert_non_null(ev);
    assert_non_null(find_event(doc, "Pledge", "state/china"));

    ev = find_event(doc, "Diplomatic", "state/vietnam");
    assert_non_null(ev);
    assert_non_null(find_event(doc, "Diplomatic", "state/soviet-union"));
    assert_string_equal(date_of(ev, buf), "1950");
    /* "He said ..." has no subject: no statement */
    assert_null(find_event(doc, "Statement", "person/dmitry-peskov"));
    kg_doc_free(doc);
}

static void test_event__same_event_twice_is_one_node(void **state)
{
    kg_doc *a = run("Gala\n\nPublished: 13 Jun. 2025\n\n"
                    "The Cuban Embassy in Russia held a banquet on Friday.\n");
    kg_doc *b = run("Gala report\n\nPublished: 16 Jun. 2025\n\n"
                    "A banquet was hosted by the Cuban Embassy in Russia.\n");
    kg_doc *c = run("Gala report\n\nPublished: 16 Jun. 2024\n\n"
                    "A banquet was hosted by the Cuban Embassy in Russia.\n");
    const kg__event *x = find_event(a, "Reception", "org/cuba-embassy-in-russia");
    const kg__event *y = find_event(b, "Reception", "org/cuba-embassy-in-russia");
    const kg__event *z = find_event(c, "Reception", "org/cuba-embassy-in-russia");

    (void)state;
    assert_non_null(x);
    assert_non_null(y);
    assert_non_null(z);
    assert_string_equal(x->id, y->id);
    /* the same kind of banquet a year earlier is another event */
    assert_string_not_equal(x->id, z->id);
    assert_int_equal(a->events.count, 1);
    kg_doc_free(a);
    kg_doc_free(b);
    kg_doc_free(c);
}

static void test_event__status_words(void **state)
{
    kg_doc *doc = run("Maybe\n\n"
                      "Vladimir Putin could visit Seoul if invited. "
                      "Pyongyang denied that Kim Jong Un met Donald Trump.\n");
    const kg__event *ev;

    (void)state;
    ev = find_event(doc, "Visit", "person/vladimir-putin");
    assert_non_null(ev);
    assert_string_equal(kg__event_statuses[ev->status], "hypothetical");
    ev = find_event(doc, "Summit", "person/donald-trump");
    if (!ev)
        ev = find_event(doc, "Meeting", "person/donald-trump");
    assert_non_null(ev);
    assert_string_equal(kg__event_statuses[ev->status], "denied");
    kg_doc_free(doc);
}

static void test_event__anniversary_gives_day(void **state)
{
    kg_doc *doc = run("Thirty years of ties\n\nPublished: 9 May 2025\n\n"
                      "Laos and Belarus marked the 30th anniversary of "
                      "their relations at a dinner. The dinner fell on "
                      "the Feb. 2 anniversary. "
                      "Laos established diplomatic relations with Belarus "
                      "in 1995.\n");
    const kg__event *ev = find_event(doc, "Diplomatic", "state/laos");
    char buf[16];

    (void)state;
    assert_non_null(ev);
    assert_string_equal(date_of(ev, buf), "1995-02-02");
    kg_doc_free(doc);
}

/* Two reports of one reception: the host body, not the first name, keys
 * it; "hosted the event" gives the host, the speaker of "In a speech at
 * the reception, X said" speaks, the place is the embassy's city, not a
 * region the speech names; state media reporting is no statement. */
static const char gala_a[] =
    "Embassy gala\n\nSaturday, May 24, 2025\n\nDate:\n\n"
    "Belarusian Foreign Minister Maksim Ryzhenkov attended a reception "
    "at the Chinese Embassy in Minsk on Thursday to mark a national "
    "holiday, Belarusian state media said.\n\n"
    "Chinese Ambassador Xie Xiaoyong hosted the event. Officials of "
    "the trade ministry were also present.\n\n"
    "In a speech at the reception, Ryzhenkov said farms in the Gomel "
    "region would double their exports.\n";
static const char gala_b[] =
    "Minister at Chinese banquet\n\nPublished: 23 May 2025, 10:00\n\n"
    "Maksim Ryzhenkov raised a glass at a banquet hosted by the Chinese "
    "Embassy in Belarus on May 22.\n";

static void test_event__reception_host_speaker_place(void **state)
{
    kg_doc *a = run(gala_a), *b = run(gala_b);
    const kg__event *x, *y;
    size_t host, xie, ryz;
    int j, roles = 0;

    (void)state;
    x = find_event(a, "Reception", "org/china-embassy-in-belarus");
    y = find_event(b, "Reception", "org/china-embassy-in-belarus");
    assert_non_null(x);
    assert_non_null(y);
    assert_string_equal(x->id, y->id);
    assert_string_equal(ent_id(a, x->place), "place/minsk");
    host = find_ent(a, "org/china-embassy-in-belarus");
    xie = find_ent(a, "person/xie-xiaoyong");
    ryz = find_ent(a, "person/maksim-ryzhenkov");
    assert_true(xie != SIZE_MAX && ryz != SIZE_MAX);
    for (j = 0; j < x->npart; j++) {
        const char *role = kg__part_roles[x->part[j].role];
        if (x->part[j].entity == host && strcmp(role, "host") == 0)
            roles |= 1;
        if (x->part[j].entity == xie && strcmp(role, "host") == 0)
            roles |= 2;
        if (x->part[j].entity == ryz && strcmp(role, "speaker") == 0)
            roles |= 4;
    }
    assert_int_equal(roles, 7);
    /* one reception in the article, and the banner date resolves nothing */
    assert_int_equal(x->date.year + x->date.month + x->date.day, 0);
    assert_null(find_event(a, "Statement", "state/belarus"));
    kg_doc_free(a);
    kg_doc_free(b);
}

/* Different events of one type and host stay apart by their month, in
 * one article and across articles; an undated report (even beside a
 * banner date) keys by its page's month, so it meets the dated one. */
static void test_event__month_keeps_like_events_apart(void **state)
{
    kg_doc *a = run("Two galas\n\nPublished: 20 Sep. 2025\n\n"
                    "The Cuban Embassy in Russia held a banquet on June 3. "
                    "The Cuban Embassy in Russia held a banquet on Sept. 12."
                    "\n");
    kg_doc *b = run("Gala\n\nSaturday, September 20, 2025\n\nDate:\n\n"
                    "Guests attended a banquet hosted by the Cuban Embassy "
                    "in Russia on Friday.\n");
    kg_doc *c = run("Gala\n\nPublished: 5 Jul. 2025\n\n"
                    "A banquet was hosted by the Cuban Embassy in Russia "
                    "on June 3.\n");
    const kg__event *b1, *c1, *x, *y;
    char buf[16];

    (void)state;
    assert_int_equal(a->events.count, 2);
    x = KG__VEC_AT(&a->events, kg__event, 0);
    y = KG__VEC_AT(&a->events, kg__event, 1);
    assert_string_equal(date_of(x, buf), "2025-06-03");
    assert_string_equal(date_of(y, buf), "2025-09-12");
    assert_string_not_equal(x->id, y->id);
    b1 = find_event(b, "Reception", "org/cuba-embassy-in-russia");
    c1 = find_event(c, "Reception", "org/cuba-embassy-in-russia");
    assert_non_null(b1);
    assert_non_null(c1);
    /* the banner does not date the event, but keys it to September */
    assert_int_equal(b1->date.day, 0);
    assert_string_equal(b1->id, y->id);
    assert_string_equal(c1->id, x->id);
    kg_doc_free(a);
    kg_doc_free(b);
    kg_doc_free(c);
}

/* No event without participants: a forum named by its city alone is
 * hosted by the city's state (named elsewhere in the article), one
 * "during" which a meeting took place is attended by its parties, and a
 * bare one is dropped. */
static void test_event__forums_have_participants(void **state)
{
    kg_doc *doc = run("Forums\n\nPublished: 2 Mar. 2025\n\n"
                      "Vietnam grows rice. "
                      "The next forum will be held in Hanoi in 2026. "
                      "Sergei Lavrov met Wang Yi in Minsk on Friday. "
                      "The meeting took place during a regional forum. "
                      "A forum on fisheries closed.\n");
    size_t i;
    int j;

    (void)state;
    assert_non_null(find_event(doc, "Forum", "state/vietnam"));
    assert_non_null(find_event(doc, "Forum", "person/wang-yi"));
    for (i = 0; i < doc->events.count; i++) {
        const kg__event *ev = KG__VEC_AT(&doc->events, kg__event, i);
        assert_true(ev->npart > 0);
        for (j = 0; j < ev->npart; j++)
            assert_true(ev->part[j].entity < doc->entities.count);
    }
    kg_doc_free(doc);
}

/* "X and Y also attended" joins the gathering just told, a few sentences
 * on; people of a later clause of "The event came after ..." do not. */
static void test_event__attendance_without_noun(void **state)
{
    kg_doc *doc = run("Dinner\n\nPublished: 9 Jun. 2025\n\n"
                      "The Cuban Embassy in Russia held a banquet on "
                      "Friday. The banquet marked a national holiday. "
                      "Sergei Lavrov also attended, state media said. "
                      "The event came a day after Xi Jinping sent a "
                      "message to Vladimir Putin.\n");
    const kg__event *ev = find_event(doc, "Reception",
                                     "org/cuba-embassy-in-russia");

    (void)state;
    assert_non_null(ev);
    assert_ptr_equal(find_event(doc, "Reception", "person/sergei-lavrov"),
                     ev);
    assert_null(find_event(doc, "Reception", "person/xi-jinping"));
    assert_non_null(find_event(doc, "Message", "person/xi-jinping"));
    kg_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_event__types_participants_dates),
        cmocka_unit_test(test_event__same_event_twice_is_one_node),
        cmocka_unit_test(test_event__status_words),
        cmocka_unit_test(test_event__anniversary_gives_day),
        cmocka_unit_test(test_event__reception_host_speaker_place),
        cmocka_unit_test(test_event__month_keeps_like_events_apart),
        cmocka_unit_test(test_event__forums_have_participants),
        cmocka_unit_test(test_event__attendance_without_noun),
    };
    return cmocka_run_group_tests(tests, lex_setup, lex_teardown);
}
