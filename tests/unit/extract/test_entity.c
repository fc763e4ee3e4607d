/*
 * test_entity.c -- entities on sentences written for the test: lexicon
 * matches with case rules, unknown people after titles and Korean family
 * names, appositions, places after cues, per-state bodies, metonymy of
 * capitals, demonyms, surname-only second mentions, romanisation
 * variants resolving to one entity, and nothing from boilerplate lists.
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

static void test_entity__titles_and_korean_names(void **state)
{
    kg_doc *doc = run(
        "Envoys talk fisheries\n\n"
        "Deputy minister Arkady Volkonsky met Vice Minister Pak Myong Ho "
        "in Hamhung on Monday. Volkonsky later toured a fish farm. "
        "Officials said Jo Kwang Il would attend as well.\n");

    (void)state;
    assert_true(has_mention(doc, "person/arkady-volkonsky",
                            "Arkady Volkonsky"));
    assert_true(has_mention(doc, "person/arkady-volkonsky", "Volkonsky"));
    assert_true(has_mention(doc, "person/pak-myong-ho", "Pak Myong Ho"));
    assert_true(has_mention(doc, "person/jo-kwang-il", "Jo Kwang Il"));
    assert_true(has_mention(doc, "place/hamhung", "Hamhung"));
    /* "Monday" and "Officials" are no entities */
    assert_int_equal(find_ent(doc, "person/monday"), SIZE_MAX);
    assert_int_equal(find_ent(doc, "place/monday"), SIZE_MAX);
    kg_doc_free(doc);
}

static void test_entity__variants_are_one_person(void **state)
{
    kg_doc *doc = run(
        "Foreign ministers confer\n\n"
        "Choi Sun-hui arrived on Tuesday. CHOE SON HUI then spoke to "
        "reporters, and Choe Son-hui left at noon.\n");
    size_t i, n = 0;

    (void)state;
    assert_true(has_mention(doc, "person/choe-son-hui", "Choi Sun-hui"));
    assert_true(has_mention(doc, "person/choe-son-hui", "CHOE SON HUI"));
    assert_true(has_mention(doc, "person/choe-son-hui", "Choe Son-hui"));
    for (i = 0; i < doc->entities.count; i++)
        n += KG__ENT(doc, i)->type == KG__PERSON;
    assert_int_equal(n, 1);
    kg_doc_free(doc);
}

static void test_entity__metonymy_and_demonyms(void **state)
{
    kg_doc *doc = run(
        "Capitals trade words\n\n"
        "Beijing criticised the drills, while Seoul kept silent. "
        "Talks in Beijing are planned, and a South Korean delegation "
        "arrived in Tokyo. The Kremlin welcomed it.\n");

    (void)state;
    assert_true(has_mention(doc, "state/china", "Beijing"));
    assert_true(has_mention(doc, "place/beijing", "Beijing"));
    assert_true(has_mention(doc, "state/south-korea", "Seoul"));
    assert_true(has_mention(doc, "state/south-korea", "South Korean"));
    assert_true(has_mention(doc, "place/tokyo", "Tokyo"));
    assert_false(has_mention(doc, "state/japan", "Tokyo"));
    assert_true(has_mention(doc, "state/russia", "Kremlin"));
    kg_doc_free(doc);
}

static void test_entity__bodies_of_states(void **state)
{
    kg_doc *doc = run(
        "Embassies and ministries\n\n"
        "The Chinese Embassy in Pyongyang held a dinner. Japan's Defense "
        "Ministry and the Ministry of Foreign Affairs of Belarus issued "
        "notes. The Vietnamese Embassy in Hanoi is not a thing.\n");
    size_t e;

    (void)state;
    e = find_ent(doc, "org/china-embassy-in-dprk");
    assert_int_not_equal(e, SIZE_MAX);
    assert_int_equal(KG__ENT(doc, e)->subtype, KG__SUB_EMBASSY);
    assert_true(has_mention(doc, "org/china-embassy-in-dprk",
                            "Chinese Embassy in Pyongyang"));
    assert_true(has_mention(doc, "place/pyongyang", "Pyongyang"));
    e = find_ent(doc, "org/japan-ministry-of-defence");
    assert_int_not_equal(e, SIZE_MAX);
    assert_int_equal(KG__ENT(doc, e)->subtype, KG__SUB_MINISTRY);
    assert_int_not_equal(find_ent(doc, "org/belarus-ministry-of-foreign-affairs"),
                         SIZE_MAX);
    /* an embassy of a state in its own capital is no embassy */
    assert_int_equal(find_ent(doc, "org/vietnam-embassy-in-vietnam"),
                     SIZE_MAX);
    kg_doc_free(doc);
}

static void test_entity__case_rules(void **state)
{
    kg_doc *doc = run(
        "Case matters\n\n"
        "Let us see what the US does, said a man named Chad Turner.\n");

    (void)state;
    assert_true(has_mention(doc, "state/united-states", "US"));
    assert_false(has_mention(doc, "state/united-states", "us"));
    kg_doc_free(doc);
}

static void test_entity__places_from_cues(void **state)
{
    kg_doc *doc = run(
        "Floods\n\n"
        "Rescuers worked in the Amur region and in Sonbong on Sunday.\n");

    (void)state;
    assert_true(has_mention(doc, "place/amur", "Amur region"));
    assert_true(has_mention(doc, "place/sonbong", "Sonbong"));
    kg_doc_free(doc);
}

static void test_entity__honorifics_and_speakers(void **state)
{
    kg_doc *doc = run(
        "Votes\n\n"
        "Ms. Olga Ivanova arrived late. Fu Cong said the vote failed, and "
        "Geneva Talks said nothing.\n");

    (void)state;
    assert_true(has_mention(doc, "person/olga-ivanova", "Olga Ivanova"));
    assert_true(has_mention(doc, "person/fu-cong", "Fu Cong"));
    assert_int_equal(find_ent(doc, "person/geneva-talks"), SIZE_MAX);
    kg_doc_free(doc);
}

/* An unknown person or place spelled two ways in two articles has one
 * id and one label; the spellings stay mentions. */
static void test_entity__unknown_labels_are_canonical(void **state)
{
    kg_doc *a = run("Talks\n\nPublished: 2 Mar. 2025\n\n"
                    "Vice Minister Ko Myong-sik toured farms in the "
                    "Tambov region.\n");
    kg_doc *b = run("Talks\n\nPublished: 3 Mar. 2025\n\n"
                    "Vice Minister Ko Myong Sik toured farms in the "
                    "Tambov Region.\n");
    size_t pa = find_ent(a, "person/ko-myong-sik");
    size_t pb = find_ent(b, "person/ko-myong-sik");
    size_t ta = find_ent(a, "place/tambov"), tb = find_ent(b, "place/tambov");

    (void)state;
    assert_true(pa != SIZE_MAX && pb != SIZE_MAX);
    assert_true(ta != SIZE_MAX && tb != SIZE_MAX);
    assert_string_equal(KG__ENT(a, pa)->name, "Ko Myong-sik");
    assert_string_equal(KG__ENT(b, pb)->name, "Ko Myong-sik");
    assert_string_equal(KG__ENT(a, ta)->name, KG__ENT(b, tb)->name);
    assert_true(has_mention(b, "person/ko-myong-sik", "Ko Myong Sik"));
    kg_doc_free(a);
    kg_doc_free(b);
}

/* Coordinated bodies of one state: each word names its own ministry. */
static void test_entity__coordinated_ministries(void **state)
{
    kg_doc *doc = run("Delegates\n\nPublished: 2 Mar. 2025\n\n"
                      "Envoys from Belarus's foreign, defence, and "
                      "education ministries arrived. Staff of the Chinese "
                      "health and culture ministries waited. Our big and "
                      "small ministries were closed.\n");

    (void)state;
    assert_true(has_mention(doc, "org/belarus-ministry-of-foreign-affairs",
                            "foreign"));
    assert_true(has_mention(doc, "org/belarus-ministry-of-defence",
                            "defence"));
    assert_true(has_mention(doc, "org/belarus-ministry-of-education",
                            "education ministries"));
    assert_true(find_ent(doc, "org/china-ministry-of-health") != SIZE_MAX);
    assert_true(find_ent(doc, "org/china-ministry-of-culture") != SIZE_MAX);
    assert_int_equal(KG__ENT(doc, find_ent(doc,
                                           "org/china-ministry-of-culture"))
                         ->subtype,
                     KG__SUB_MINISTRY);
    assert_int_equal(doc->entities.count, 7); /* 5 bodies, 2 states */
    kg_doc_free(doc);
}

/* A Korean name at the end of a long run of capitalised words. */
static void test_entity__korean_name_after_long_run(void **state)
{
    kg_doc *doc = run("Visit\n\nPublished: 2 Mar. 2025\n\n"
                      "Minister of Land and Environment Protection Ko "
                      "Hyon Su arrived in Minsk.\n");

    (void)state;
    assert_true(has_mention(doc, "person/ko-hyon-su", "Ko Hyon Su"));
    kg_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_entity__titles_and_korean_names),
        cmocka_unit_test(test_entity__variants_are_one_person),
        cmocka_unit_test(test_entity__metonymy_and_demonyms),
        cmocka_unit_test(test_entity__bodies_of_states),
        cmocka_unit_test(test_entity__case_rules),
        cmocka_unit_test(test_entity__unknown_labels_are_canonical),
        cmocka_unit_test(test_entity__coordinated_ministries),
        cmocka_unit_test(test_entity__korean_name_after_long_run),
        cmocka_unit_test(test_entity__places_from_cues),
        cmocka_unit_test(test_entity__honorifics_and_speakers),
    };
    return cmocka_run_group_tests(tests, lex_setup, lex_teardown);
}
