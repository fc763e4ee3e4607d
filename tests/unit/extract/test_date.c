/*
 * test_date.c -- absolute date parsing, formatting and the resolution of
 * temporal expressions against a publication date (extract/date.c).
 *
 * Expected values were worked out by hand from a calendar: 2025-10-21 is
 * a Tuesday, 2025-11-12 a Wednesday.
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

#include "extract_int.h"

static const kg__date tue = {2025, 10, 21};
static const kg__date wed = {2025, 11, 12};
static const kg__date none = {0, 0, 0};
static const kg__date year_only = {2025, 0, 0};

/* Parse 's' fully or to 'consumed' bytes and compare with y-m-d. */
static void check_parse(const char *s, size_t consumed, int y, int m, int d)
{
    kg__date out;
    size_t n = kg__date_parse(&out, s, strlen(s));

    if (n != consumed || out.year != y || out.month != m || out.day != d)
        fail_msg("'%s': consumed %zu (want %zu), got %d-%d-%d", s, n,
                 consumed, out.year, out.month, out.day);
}

static void test_date__parse_header_styles(void **state)
{
    (void)state;
    check_parse("2025-10-21", 10, 2025, 10, 21);
    check_parse("2025-11-10T09:15:00+03:00", 25, 2025, 11, 10);
    check_parse("2025-11-10T09:15:00Z", 20, 2025, 11, 10);
    check_parse("2025-11-10T09:15:00.123+0300 x", 28, 2025, 11, 10);
    check_parse("Tue, 21 Oct 2025 09:00:00 +0900", 16, 2025, 10, 21);
    check_parse("21 Oct. 2025, 09:00", 12, 2025, 10, 21);
    check_parse("Tue, 21-Oct-2025", 16, 2025, 10, 21);
    check_parse("Saturday, October 25, 2025", 26, 2025, 10, 25);
    check_parse("Nov 3 2025", 10, 2025, 11, 3);
    check_parse("Wednesday 5 November 2025 06:47 GMT", 25, 2025, 11, 5);
    check_parse("14.11.2025 | 18:20", 10, 2025, 11, 14);
    check_parse("September 1st, 2024", 19, 2024, 9, 1);
    check_parse("Sept. 4, 2025", 13, 2025, 9, 4);
    check_parse("29 February 2024", 16, 2024, 2, 29);
}

static void test_date__parse_rejects(void **state)
{
    kg__date out;
    static const char *const bad[] = {
        "", "2025", "2025-13-01", "2025-02-30", "29 February 2025",
        "October 25", "Octopus 25, 2025", "32 Oct 2025", "Friday",
        "20251021", "2025-10-211", "Mayday 1, 2025", "1.2.3", "Oct. 2025",
    };
    size_t i;

    (void)state;
    for (i = 0; i < KG_ARRAY_SIZE(bad); i++) {
        size_t n = kg__date_parse(&out, bad[i], strlen(bad[i]));

        if (n != 0)
            fail_msg("'%s' parsed (%zu bytes)", bad[i], n);
    }
    /* Truncated input must not be read past its length. */
    assert_int_equal(kg__date_parse(&out, "2025-10-21", 9), 0);
    assert_int_equal(kg__date_parse(&out, "October 25, 2025", 15), 0);
}

static void test_date__format(void **state)
{
    char buf[16];
    kg__date d;

    (void)state;
    d = (kg__date){2025, 10, 21};
    assert_string_equal(kg__date_format(&d, buf), KG_XSD_DATE);
    assert_string_equal(buf, "2025-10-21");
    d = (kg__date){2023, 9, 0};
    assert_string_equal(kg__date_format(&d, buf), KG_XSD_GYEARMONTH);
    assert_string_equal(buf, "2023-09");
    d = (kg__date){1948, 0, 0};
    assert_string_equal(kg__date_format(&d, buf), KG_XSD_GYEAR);
    assert_string_equal(buf, "1948");
    d = (kg__date){0, 1, 16};
    assert_string_equal(kg__date_format(&d, buf), KG_XSD_GMONTHDAY);
    assert_string_equal(buf, "--01-16");
    d = (kg__date){0, 0, 0};
    assert_null(kg__date_format(&d, buf));
    assert_string_equal(buf, "");
    d = (kg__date){0, 5, 0};
    assert_null(kg__date_format(&d, buf));
    d = (kg__date){2025, 13, 1};
    assert_null(kg__date_format(&d, buf));
}

/*
 * Find the expressions of 's' against 'pub' and compare with 'want': a
 * list of "matched text=formatted date" separated by ';'.
 */
static void check_find(const char *s, const kg__date *pub, const char *want)
{
    kg__date_match m[8];
    size_t n = kg__date_find(m, 8, s, strlen(s), pub), i;
    char got[512] = "", buf[16];

    for (i = 0; i < n; i++) {
        size_t k = strlen(got);

        assert_true(m[i].begin < m[i].end && m[i].end <= strlen(s));
        kg__date_format(&m[i].date, buf);
        snprintf(got + k, sizeof(got) - k, "%s%.*s=%s", i ? ";" : "",
                 (int)(m[i].end - m[i].begin), s + m[i].begin, buf);
    }
    if (strcmp(got, want) != 0)
        fail_msg("'%s':\n  got  '%s'\n  want '%s'", s, got, want);
}

static void test_date__find_absolute(void **state)
{
    (void)state;
    check_find("They met on Oct. 16 in Pyongyang.", &tue, "Oct. 16=2025-10-16");
    check_find("They met on October 16.", &tue, "October 16=2025-10-16");
    check_find("They met on 16 October.", &tue, "16 October=2025-10-16");
    check_find("Signed on October 25, 2025, in Moscow.", &tue,
               "October 25, 2025=2025-10-25");
    check_find("Signed on 2025-10-16 at noon.", &tue,
               "2025-10-16=2025-10-16");
    check_find("agreements reached in September 2023 were", &tue,
               "September 2023=2023-09");
    check_find("relations forged in 1948 with", &tue, "1948=1948");
    /* A month-day without year takes the year nearest publication. */
    check_find("the visit on Jan. 5", &(kg__date){2025, 12, 26},
               "Jan. 5=2026-01-05");
    check_find("a meeting on Dec. 30", &(kg__date){2026, 1, 3},
               "Dec. 30=2025-12-30");
}

static void test_date__find_relative(void **state)
{
    (void)state;
    check_find("held a banquet last Friday in Moscow", &tue,
               "last Friday=2025-10-17");
    check_find("The banquet took place on Friday.", &tue,
               "Friday=2025-10-17");
    check_find("during Friday's gathering", &tue, "Friday=2025-10-17");
    /* Strictly before: the same weekday as publication is a week back. */
    check_find("the newspaper reported Tuesday", &tue,
               "Tuesday=2025-10-14");
    check_find("They will meet again next Friday.", &tue,
               "next Friday=2025-10-24");
    check_find("He will arrive on Thursday, officials said.", &tue,
               "Thursday=2025-10-23");
    check_find("yesterday and today", &tue,
               "yesterday=2025-10-20;today=2025-10-21");
    check_find("a reception earlier this month", &tue,
               "earlier this month=2025-10");
    check_find("talks this month", &tue, "this month=2025-10");
    check_find("visited last month", &tue, "last month=2025-09");
    check_find("will visit next month", &tue, "next month=2025-11");
    check_find("signed last year", &tue, "last year=2024");
    /* Week of 2025-11-17..23 lies in one month; 10-27..11-02 does not. */
    check_find("talks next week", &wed, "next week=2025-11");
    check_find("talks next week", &tue, "next week=2025");
    check_find("held last week", &tue, "last week=2025-10");
    check_find("talks this week", &tue, "this week=2025-10");
    check_find("arrived two days ago", &tue, "two days ago=2025-10-19");
    check_find("left 10 days ago and a day ago", &tue,
               "10 days ago=2025-10-11;a day ago=2025-10-20");
    check_find("a days ago, two day ago, 3 days later", &tue, "");
}

static void test_date__find_bare_months(void **state)
{
    (void)state;
    /* Past: the latest such month not after publication. */
    check_find("In August, the envoy visited the city.", &tue,
               "August=2025-08");
    check_find("The resort opened in November.", &tue, "November=2024-11");
    check_find("talks in mid-September and late July", &tue,
               "September=2025-09;July=2025-07");
    check_find("a pyramid-July", &tue, "");
    /* A clause about the future looks forward. */
    check_find("The chairman will visit in December, the embassy said.",
               &wed, "December=2025-12");
    check_find("In March, the minister will attend the forum.", &wed,
               "March=2026-03");
    /* "May" and "March" as words, lower case months: nothing. */
    check_find("Officials may march in may.", &tue, "");
    check_find("The May talks", &tue, "");
}

static void test_date__find_without_publication(void **state)
{
    (void)state;
    check_find("a meeting in Moscow on January 16.", &none,
               "January 16=--01-16");
    check_find("met on Friday and last Friday", &none, "");
    check_find("in August", &none, "");
    check_find("yesterday, this month, next week", &none, "");
    check_find("in 1948 and in September 2023", &none,
               "1948=1948;September 2023=2023-09");
    check_find("met on Friday", NULL, "");
    /* Year only (a banner date): months get the year, weekdays nothing. */
    check_find("In August, the chief will attend; met on Wednesday.",
               &year_only, "August=2025-08");
    check_find("the Oct. 12 anniversary", &year_only, "Oct. 12=2025-10-12");
}

static void test_date__find_limits_and_noise(void **state)
{
    kg__date_match m[2];
    const char *s = "Oct. 1, Oct. 2, Oct. 3, Oct. 4";
    char *buf;
    size_t i, n;

    (void)state;
    assert_int_equal(kg__date_find(m, 2, s, strlen(s), &tue), 2);
    assert_int_equal(m[1].date.day, 2);
    assert_int_equal(kg__date_find(NULL, 0, s, strlen(s), &tue), 0);
    check_find("", &tue, "");
    check_find("room 1948 and 12345 and Octo 16, Fridays", &tue, "");
    check_find("in 2025-26 season", &tue, "");
    /* Random bytes: never crash, never a match outside the text. */
    srand(7);
    buf = malloc(4096);
    assert_non_null(buf);
    for (i = 0; i < 300; i++) {
        kg__date_match mm[16];
        size_t len = (size_t)(rand() % 4096), k;
        static const char alpha[] = "Oct. 16 Friday last next in 2025-10-";

        for (k = 0; k < len; k++)
            buf[k] = rand() % 3 ? alpha[rand() % (sizeof(alpha) - 1)]
                                : (char)(rand() & 0xFF);
        n = kg__date_find(mm, 16, buf, len, i % 2 ? &tue : &none);
        assert_true(n <= 16);
        for (k = 0; k < n; k++)
            assert_true(mm[k].begin < mm[k].end && mm[k].end <= len);
        kg__date_parse(&mm[0].date, buf, len);
    }
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_date__parse_header_styles),
        cmocka_unit_test(test_date__parse_rejects),
        cmocka_unit_test(test_date__format),
        cmocka_unit_test(test_date__find_absolute),
        cmocka_unit_test(test_date__find_relative),
        cmocka_unit_test(test_date__find_bare_months),
        cmocka_unit_test(test_date__find_without_publication),
        cmocka_unit_test(test_date__find_limits_and_noise),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
