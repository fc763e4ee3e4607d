/*
 * test_sentence.c -- sentence splitting of body paragraphs
 * (extract/sentence.c): abbreviations, initials, decimals, curly quotes,
 * non-breaking spaces, bullets, hostile input.
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

/*
 * Split 'text' as one paragraph and compare with 'want', the expected
 * sentences joined by '|'.
 */
static void check_split(const char *text, const char *want)
{
    kg__article a;
    size_t cap = 0, i;
    char got[2048] = "";

    memset(&a, 0, sizeof(a));
    a.text = text;
    a.len = strlen(text);
    assert_int_equal(kg__sentence_split(&a, &cap, 0, a.len, 3, 1), 0);
    for (i = 0; i < a.n_sentences; i++) {
        size_t k = strlen(got);
        const kg__sentence *s = &a.sentences[i];

        assert_true(s->begin < s->end && s->end <= a.len);
        assert_int_equal(s->paragraph, 3);
        assert_int_equal(s->caption, 1);
        if (i > 0)
            assert_true(s->begin >= a.sentences[i - 1].end);
        snprintf(got + k, sizeof(got) - k, "%s%.*s", i ? "|" : "",
                 (int)(s->end - s->begin), text + s->begin);
    }
    kg__free(a.sentences);
    if (strcmp(got, want) != 0)
        fail_msg("split of '%s':\n  got  '%s'\n  want '%s'", text, got,
                 want);
}

static void test_sentence__plain_terminators(void **state)
{
    (void)state;
    check_split("One fact. Two facts! Three facts?",
                "One fact.|Two facts!|Three facts?");
    check_split("  Leading and trailing space.  ",
                "Leading and trailing space.");
    check_split("No final period", "No final period");
    check_split("", "");
    check_split("   ", "");
    check_split("Wait... what happened? Nothing.",
                "Wait... what happened?|Nothing.");
    check_split("It ended\xe2\x80\xa6 Then it began.",
                "It ended\xe2\x80\xa6|Then it began.");
}

static void test_sentence__abbreviations(void **state)
{
    (void)state;
    check_split("Mr. Kim met Dr. Lee. They talked.",
                "Mr. Kim met Dr. Lee.|They talked.");
    check_split("The banquet on Oct. 16 was large. Guests came.",
                "The banquet on Oct. 16 was large.|Guests came.");
    check_split("Gen. Park and Lt. Col. Choi spoke. Sen. Smith left.",
                "Gen. Park and Lt. Col. Choi spoke.|Sen. Smith left.");
    check_split("U.S. officials and U.N. envoys met. Talks went well.",
                "U.S. officials and U.N. envoys met.|Talks went well.");
    check_split("He flew to the U.S. The trip was short.",
                "He flew to the U.S.|The trip was short.");
    check_split("Author J. R. Smith wrote it. It sold well.",
                "Author J. R. Smith wrote it.|It sold well.");
    check_split("Author J. A. Smith wrote it.", "Author J. A. Smith wrote it.");
    check_split("They chose plan B. The rest failed.",
                "They chose plan B.|The rest failed.");
    check_split("Growth was 3.5 percent. Prices fell 0.2 points.",
                "Growth was 3.5 percent.|Prices fell 0.2 points.");
    check_split("Resolution No. 2397 passed. It was the last.",
                "Resolution No. 2397 passed.|It was the last.");
    check_split("He said no. Then he left.", "He said no.|Then he left.");
    check_split("Acme Inc. The firm grew.", "Acme Inc.|The firm grew.");
    check_split("Acme Inc. Holdings grew.", "Acme Inc. Holdings grew.");
    check_split("e.g. the north, i.e. the capital. Next one.",
                "e.g. the north, i.e. the capital.|Next one.");
    check_split("It was in St. Petersburg. It rained.",
                "It was in St. Petersburg.|It rained.");
}

static void test_sentence__quotes_and_spaces(void **state)
{
    (void)state;
    /* Curly closing quote after the period stays with the sentence. */
    check_split("He called it \xe2\x80\x9c" "a duty.\xe2\x80\x9d She agreed.",
                "He called it \xe2\x80\x9c" "a duty.\xe2\x80\x9d|She agreed.");
    check_split("He said \"go.\" They went.", "He said \"go.\"|They went.");
    check_split("It is \xe2\x80\x98" "fine.\xe2\x80\x99 Yes.",
                "It is \xe2\x80\x98" "fine.\xe2\x80\x99|Yes.");
    /* Non-breaking spaces separate and are trimmed. */
    check_split("First one.\xc2\xa0Second one.\xc2\xa0",
                "First one.|Second one.");
    check_split("\xc2\xa0\xc2\xa0Lead.", "Lead.");
    /* Next word in lower case: no break. */
    check_split("A. b. c. D.", "A. b. c.|D.");
    /* A period glued to the next word is no boundary. */
    check_split("See example.com now. Done.",
                "See example.com now.|Done.");
    /* Apostrophes inside words. */
    check_split("Russia\xe2\x80\x99s envoy spoke. Kim\xe2\x80\x99s aide left.",
                "Russia\xe2\x80\x99s envoy spoke.|Kim\xe2\x80\x99s aide left.");
    /* A bullet is dropped from the start. */
    check_split("\xe2\x80\xa2 Ties will improve.", "Ties will improve.");
    check_split("- Item one.", "Item one.");
    /* An opening bracket or quote after the period starts a sentence. */
    check_split("On Oct. 17. [AGENCY]", "On Oct. 17.|[AGENCY]");
    check_split("He left. \xe2\x80\x9cGood,\xe2\x80\x9d she said.",
                "He left.|\xe2\x80\x9cGood,\xe2\x80\x9d she said.");
}

static void test_sentence__offsets_into_original(void **state)
{
    const char *text = "Header\n\nFirst body. Second body.\n";
    kg__article a;
    size_t cap = 0;

    (void)state;
    memset(&a, 0, sizeof(a));
    a.text = text;
    a.len = strlen(text);
    /* Two calls append: paragraph indices and offsets are kept. */
    assert_int_equal(kg__sentence_split(&a, &cap, 0, 6, 0, 0), 0);
    assert_int_equal(kg__sentence_split(&a, &cap, 8, a.len, 1, 0), 0);
    assert_int_equal(a.n_sentences, 3);
    assert_int_equal(a.sentences[0].begin, 0);
    assert_int_equal(a.sentences[0].end, 6);
    assert_int_equal(a.sentences[1].begin, 8);
    assert_int_equal(a.sentences[1].end, 19);
    assert_int_equal(a.sentences[1].paragraph, 1);
    assert_int_equal(a.sentences[2].begin, 20);
    assert_int_equal(a.sentences[2].end, 32);
    kg__free(a.sentences);
}

static void test_sentence__many_and_out_of_memory(void **state)
{
    size_t n = 10000, i, cap = 0;
    char *text = malloc(n * 4 + 1);
    kg__article a;
    long fail;

    (void)state;
    assert_non_null(text);
    for (i = 0; i < n; i++)
        memcpy(text + i * 4, "Ab. ", 4);
    text[n * 4] = '\0';
    memset(&a, 0, sizeof(a));
    a.text = text;
    a.len = n * 4;
    assert_int_equal(kg__sentence_split(&a, &cap, 0, a.len, 0, 0), 0);
    assert_int_equal(a.n_sentences, n);
    assert_int_equal(a.sentences[n - 1].end, n * 4 - 1);
    kg__free(a.sentences);

    /* Every failing allocation gives KG_ENOMEM and leaves 'a' freeable. */
    for (fail = 1;; fail++) {
        int rc;

        memset(&a, 0, sizeof(a));
        a.text = text;
        a.len = n * 4;
        cap = 0;
        kg__alloc_fail_after(fail);
        rc = kg__sentence_split(&a, &cap, 0, a.len, 0, 0);
        kg__alloc_fail_after(0);
        kg__free(a.sentences);
        if (rc == 0)
            break;
        assert_int_equal(rc, KG_ENOMEM);
    }
    assert_true(fail > 1);
    free(text);
}

static void test_sentence__random_text(void **state)
{
    static const char *const pieces[] = {
        "Mr.", " ", ".", "!", "?", "\xe2\x80\x9d", "\xe2\x80\x99", "\"",
        "\xc2\xa0", "U.S.", "word", "Word", "3.5", "\n", "\xe2\x80\xa6",
        "\xe2\x80\xa2 ", "[", "]", "Oct.", "a",
    };
    char buf[1024];
    size_t i;

    (void)state;
    srand(11);
    for (i = 0; i < 2000; i++) {
        kg__article a;
        size_t len = 0, cap = 0, k;

        while (len < sizeof(buf) - 8 && rand() % 200) {
            const char *p = pieces[(size_t)rand() % KG_ARRAY_SIZE(pieces)];

            memcpy(buf + len, p, strlen(p));
            len += strlen(p);
        }
        memset(&a, 0, sizeof(a));
        a.text = buf;
        a.len = len;
        assert_int_equal(kg__sentence_split(&a, &cap, 0, len, 0, 0), 0);
        for (k = 0; k < a.n_sentences; k++) {
            const kg__sentence *s = &a.sentences[k];
            unsigned char first = (unsigned char)buf[s->begin];
            unsigned char last = (unsigned char)buf[s->end - 1];

            assert_true(s->begin < s->end && s->end <= len);
            assert_true(k == 0 || s->begin >= a.sentences[k - 1].end);
            /* Trimmed, and never cut inside a UTF-8 sequence. */
            assert_true(first != ' ' && first != '\n' && last != ' ' &&
                        last != '\n');
            assert_true((first & 0xC0) != 0x80);
            assert_true(s->end == len ||
                        ((unsigned char)buf[s->end] & 0xC0) != 0x80);
        }
        kg__free(a.sentences);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sentence__plain_terminators),
        cmocka_unit_test(test_sentence__abbreviations),
        cmocka_unit_test(test_sentence__quotes_and_spaces),
        cmocka_unit_test(test_sentence__offsets_into_original),
        cmocka_unit_test(test_sentence__many_and_out_of_memory),
        cmocka_unit_test(test_sentence__random_text),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
