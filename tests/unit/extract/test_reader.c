/*
 * test_reader.c -- the article reader (extract/reader.c): validation,
 * header styles (headline, publication date), boilerplate removal,
 * captions, paragraphs, hostile input, allocation failures, and the five
 * seed articles against their gold headline and date when
 * $KG_SOURCE_DIR/../shared exists.
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

#include <dirent.h>

#include <cmocka.h>

#include "extract_int.h"

/* ==== helpers ======================================================= */

/* Read a whole file into a malloc'd NUL-terminated buffer, or NULL. */
static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    char *buf = NULL;
    long n;

    if (fp == NULL)
        return NULL;
    if (fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) >= 0 &&
        fseek(fp, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1))) {
        *len = fread(buf, 1, (size_t)n, fp);
        buf[*len] = '\0';
    }
    fclose(fp);
    return buf;
}

static char *fixture(const char *name, size_t *len)
{
    const char *dir = getenv("KG_FIXTURES_DIR");
    char path[1024];
    char *buf;

    if (dir == NULL)
        fail_msg("KG_FIXTURES_DIR is not set");
    snprintf(path, sizeof(path), "%s/articles/%s", dir, name);
    if ((buf = slurp(path, len)) == NULL)
        fail_msg("cannot read %s", path);
    return buf;
}

static int sentence_has(const kg__article *a, const char *needle)
{
    size_t i, n = strlen(needle);

    for (i = 0; i < a->n_sentences; i++) {
        const kg__sentence *s = &a->sentences[i];
        size_t k;

        for (k = s->begin; k + n <= s->end; k++)
            if (memcmp(a->text + k, needle, n) == 0)
                return 1;
    }
    return 0;
}

/* Invariants of any successful read. */
static void check_invariants(const kg__article *a)
{
    size_t i;

    assert_non_null(a->headline);
    for (i = 0; i < a->n_sentences; i++) {
        const kg__sentence *s = &a->sentences[i];
        unsigned char f = (unsigned char)a->text[s->begin];
        unsigned char l = (unsigned char)a->text[s->end - 1];

        assert_true(s->begin < s->end && s->end <= a->len);
        assert_true(f != ' ' && f != '\n' && f != '\r' && f != '\t');
        assert_true(l != ' ' && l != '\n' && l != '\r' && l != '\t');
        assert_true((f & 0xC0) != 0x80);
        if (i > 0) {
            assert_true(s->begin >= a->sentences[i - 1].end);
            assert_true(s->paragraph >= a->sentences[i - 1].paragraph);
        }
    }
}

static void check_date(const kg__date *d, const char *want)
{
    char buf[16];

    kg__date_format(d, buf);
    assert_string_equal(buf, want);
}

/* Read fixture 'name'; check its headline and date. */
static void read_fixture(kg__article *a, char **text, const char *name,
                         const char *headline, const char *date)
{
    size_t len = 0;
    kg_error err;

    *text = fixture(name, &len);
    kg_error_clear(&err);
    if (kg__article_read(a, *text, len, name, &err) != 0)
        fail_msg("%s: %s", name, err.message);
    check_invariants(a);
    assert_string_equal(a->headline, headline);
    check_date(&a->published, date);
}

/* ==== validation ==================================================== */

static void expect_error(const char *text, size_t len, int code,
                         const char *message)
{
    kg__article a;
    kg_error err;

    kg_error_clear(&err);
    assert_int_equal(kg__article_read(&a, text, len, "in.txt", &err), code);
    assert_int_equal(err.code, code);
    assert_string_equal(err.message, message);
    assert_string_equal(err.where, "in.txt");
    assert_null(a.headline);
    assert_null(a.sentences);
    kg__article_dispose(&a);
}

static void test_reader__rejects_bad_input(void **state)
{
    static const char big[8] = "Big.";

    (void)state;
    expect_error("", 0, KG_EINVALID, "empty article");
    expect_error(" \n\t\r\n", 5, KG_EINVALID, "empty article");
    expect_error("\xc2\xa0 \n\xe2\x80\x83\n", 8, KG_EINVALID,
                 "empty article");
    expect_error("Title\n\nBody\0text.", 17, KG_EINVALID,
                 "binary data (nul byte at offset 11)");
    expect_error("Caf\xc3", 4, KG_EPARSE, "invalid utf-8 at byte offset 3");
    expect_error("ab\xc3(cd", 6, KG_EPARSE,
                 "invalid utf-8 at byte offset 2");
    expect_error("x\xe2\x80", 3, KG_EPARSE,
                 "invalid utf-8 at byte offset 1");
    expect_error("over\xc0\xaf", 6, KG_EPARSE,
                 "invalid utf-8 at byte offset 4");
    expect_error("sur\xed\xa0\x80", 6, KG_EPARSE,
                 "invalid utf-8 at byte offset 3");
    expect_error("\xff", 1, KG_EPARSE, "invalid utf-8 at byte offset 0");
    /* The size is checked before any byte is read. */
    {
        kg__article a;
        kg_error err;

        kg_error_clear(&err);
        assert_int_equal(kg__article_read(&a, big,
                                          KG_ARTICLE_MAX_BYTES + 1u, NULL,
                                          &err),
                         KG_EINVALID);
        assert_non_null(strstr(err.message, "too large"));
    }
    /* A NULL error is allowed. */
    {
        kg__article a;

        assert_int_equal(kg__article_read(&a, "", 0, NULL, NULL),
                         KG_EINVALID);
    }
}

/* ==== header styles and boilerplate ================================= */

static void test_reader__iso_header_related_list(void **state)
{
    kg__article a;
    char *text;

    (void)state;
    read_fixture(&a, &text, "iso_related.txt",
                 "Harbour officials open a new ferry line between two port "
                 "cities",
                 "2025-11-10");
    assert_int_equal(a.n_sentences, 3);
    assert_true(sentence_has(&a, "Mr. Olsen, told reporters"));
    assert_false(sentence_has(&a, "Home"));
    assert_false(sentence_has(&a, "Anna Lindqvist"));
    assert_false(sentence_has(&a, "Advertisement"));
    assert_false(sentence_has(&a, "Grain prices"));
    assert_false(sentence_has(&a, "Museum reopens"));
    /* Two lines without a blank between are one paragraph. */
    assert_int_equal(a.sentences[0].paragraph, a.sentences[1].paragraph);
    assert_true(a.sentences[2].paragraph > a.sentences[1].paragraph);
    kg__article_dispose(&a);
    free(text);
}

static void test_reader__rfc2822_header_shortcode_footer(void **state)
{
    kg__article a;
    char *text;

    (void)state;
    read_fixture(&a, &text, "rfc2822_popular.txt",
                 "LOCAL COUNCIL APPROVES NEW LIBRARY BUDGET", "2025-11-04");
    assert_int_equal(a.n_sentences, 2);
    assert_false(sentence_has(&a, "Tweet"));
    assert_false(sentence_has(&a, "caption"));
    assert_false(sentence_has(&a, "Copyright"));
    assert_false(sentence_has(&a, "Storm closes"));
    assert_false(sentence_has(&a, "turnout"));
    kg__article_dispose(&a);
    free(text);
}

static void test_reader__updated_header_and_captions(void **state)
{
    kg__article a;
    char *text;
    size_t i, captions = 0;

    (void)state;
    read_fixture(&a, &text, "updated_caption.txt",
                 "Trade fair draws record number of exhibitors",
                 "2025-11-03");
    for (i = 0; i < a.n_sentences; i++) {
        const kg__sentence *s = &a.sentences[i];
        int is_caption = memcmp(text + s->begin, "Visitors", 8) == 0 ||
                         memcmp(text + s->begin, "Photo:", 6) == 0 ||
                         memcmp(text + s->begin, "[EXAMPLE", 8) == 0;

        assert_int_equal(!!s->caption, is_caption);
        captions += is_caption;
    }
    assert_int_equal(captions, 3);
    assert_true(sentence_has(&a, "said Dr. Hana Park."));
    assert_false(sentence_has(&a, "Sponsored"));
    assert_false(sentence_has(&a, "Ten things"));
    kg__article_dispose(&a);
    free(text);
}

static void test_reader__caption_credits(void **state)
{
    static const struct {
        const char *line;
        int caption;
    } cases[] = {
        {"A crowd waits at the station. [YONHAP]", 1},
        {"A crowd waits at the station. [Getty Images]", 1},
        {"A crowd waits at the station. (KCNA/Yonhap)", 1},
        {"A crowd waits at the station. (AFP)", 1},
        {"Photo: a crowd waits at the station.", 1},
        {"A crowd waits at the station, he said (Reuters)", 0},
        {"The minister said it would expand [its] ties.", 0},
        {"The crowd was large, officials said [sic]", 0},
        {"The crowd waited for hours at the main station.", 0},
    };
    size_t i;

    (void)state;
    for (i = 0; i < KG_ARRAY_SIZE(cases); i++) {
        char text[256];
        kg__article a;

        snprintf(text, sizeof(text),
                 "Title Of It\n\nThe body starts with this line of "
                 "prose.\n\n%s\n",
                 cases[i].line);
        assert_int_equal(kg__article_read(&a, text, strlen(text), "c",
                                          NULL),
                         0);
        assert_true(a.n_sentences >= 2);
        assert_false(a.sentences[0].caption);
        if (!!a.sentences[1].caption != cases[i].caption)
            fail_msg("'%s': caption %d", cases[i].line,
                     a.sentences[1].caption);
        kg__article_dispose(&a);
    }
}

static void test_reader__no_date(void **state)
{
    kg__article a;
    char *text;

    (void)state;
    read_fixture(&a, &text, "no_date.txt",
                 "Scientists map a deep-sea ridge in unprecedented detail",
                 "");
    assert_int_equal(a.published.year, 0);
    assert_int_equal(a.anchor.year, 0);
    assert_int_equal(a.n_sentences, 2);
    kg__article_dispose(&a);
    free(text);
}

static void test_reader__only_boilerplate(void **state)
{
    kg__article a;
    char *text;

    (void)state;
    read_fixture(&a, &text, "only_boilerplate.txt", "", "");
    assert_int_equal(a.n_sentences, 0);
    kg__article_dispose(&a);
    free(text);
}

static void test_reader__dated_title_line_and_nbsp(void **state)
{
    kg__article a;
    char *text;

    (void)state;
    read_fixture(&a, &text, "published_label.txt",
                 "Two museums agree to swap paintings for a year",
                 "2025-10-21");
    assert_int_equal(a.anchor.month, 10);
    assert_int_equal(a.n_sentences, 5);
    assert_true(a.sentences[0].caption);
    assert_false(a.sentences[2].caption);
    assert_false(sentence_has(&a, "Published"));
    assert_false(sentence_has(&a, "2025-10-21"));
    /* Lines holding only U+00A0 separate paragraphs. */
    assert_true(a.sentences[3].paragraph > a.sentences[2].paragraph);
    kg__article_dispose(&a);
    free(text);
}

static void test_reader__dashed_date_nav_bullets(void **state)
{
    kg__article a;
    char *text;

    (void)state;
    read_fixture(&a, &text, "dashed_embed.txt",
                 "City orchestra returns from overseas tour", "2025-10-21");
    assert_int_equal(a.n_sentences, 3);
    /* Bullet marks are not part of the sentence. */
    assert_memory_equal(text + a.sentences[0].begin, "The orchestra", 13);
    assert_false(sentence_has(&a, "Google Ads"));
    assert_false(sentence_has(&a, "embedpost"));
    assert_false(sentence_has(&a, "Culture"));
    kg__article_dispose(&a);
    free(text);
}

static void test_reader__crlf_banner_date(void **state)
{
    kg__article a;
    char *text;

    (void)state;
    read_fixture(&a, &text, "crlf_banner.txt",
                 "Volunteers clean up the river banks", "2025-10-25");
    /* An empty "Date:" beside the header date: relative dates must not
     * resolve against it, only its year is kept as anchor. */
    assert_int_equal(a.anchor.year, 2025);
    assert_int_equal(a.anchor.month, 0);
    assert_int_equal(a.anchor.day, 0);
    assert_int_equal(a.n_sentences, 2);
    assert_false(sentence_has(&a, "\r"));
    assert_false(sentence_has(&a, "New bridge"));
    assert_false(sentence_has(&a, "Festival"));
    kg__article_dispose(&a);
    free(text);
}

static void test_reader__inline_headers(void **state)
{
    static const struct {
        const char *text, *headline, *date;
    } cases[] = {
        {"Published: 21 Oct. 2025, 09:00\nA Title Here\n\nBody text that "
         "reads like a full sentence here.",
         "A Title Here", "2025-10-21"},
        {"Tue, 21 Oct 2025 09:00:00 +0900\nA   Title\tHere\n\nBody text "
         "that reads like a full sentence here.",
         "A Title Here", "2025-10-21"},
        {"Updated 12:40 KST, Nov 3 2025\nA Title Here\n\nBody text that "
         "reads like a full sentence here.",
         "A Title Here", "2025-11-03"},
        {"A Title Here\nUpdated: 2025-11-04T10:00:00Z\nPublished: "
         "2025-11-02T08:00:00+09:00\n\nBody text that reads like a full "
         "sentence here.",
         "A Title Here", "2025-11-02"},
        {"Will the talks resume this year?\n\nBody text that reads like a "
         "full sentence here.",
         "Will the talks resume this year?", ""},
        {"World > Asia\nA Title Here\nBody text that reads like a full "
         "sentence here.",
         "A Title Here", ""},
        {"Body text that reads like a full sentence here. And more.", "",
         ""},
        {"Last updated: 2 hours ago\n4 min read\nA Title Here\n\nBody "
         "text that reads like a full sentence here.",
         "A Title Here", ""},
        {"A Title Here\n\nBody of a wrapped paragraph that goes on\n"
         "and on across lines. Another sentence.\n",
         "A Title Here", ""},
        {"Date:\n\n2025-10-21\nA Title Here\n\nBody text that reads "
         "like a full sentence here.",
         "A Title Here", "2025-10-21"},
        {"2025-10-21\xc2\xa0\xc2\xa0" "A Title Here\n\nBody text that reads "
         "like a full sentence here.",
         "A Title Here", "2025-10-21"},
        {"A Title Here\n\nBody text that reads like a full sentence here."
         "\nBackground\nThe two sides met in 1948.\nA short broken\n"
         "line joins.\n",
         "A Title Here", ""},
        {"Trending\nMarkets rally on rate hopes\nSnow hits the north\n\n"
         "A Title Here\n\nBody text that reads like a full sentence "
         "here.\n\nRelated\nOne more list headline\nAnd another one here",
         "A Title Here", ""},
        {"A Title Here\n\nBody first. By Friday, the ships had left.\n"
         "By Friday, the ships had left.",
         "A Title Here", ""},
    };
    size_t i;

    (void)state;
    for (i = 0; i < KG_ARRAY_SIZE(cases); i++) {
        kg__article a;
        kg_error err;

        kg_error_clear(&err);
        assert_int_equal(kg__article_read(&a, cases[i].text,
                                          strlen(cases[i].text), "t", &err),
                         0);
        check_invariants(&a);
        if (strcmp(a.headline, cases[i].headline) != 0)
            fail_msg("case %zu: headline '%s'", i, a.headline);
        check_date(&a.published, cases[i].date);
        assert_true(a.n_sentences >= 1);
        assert_memory_equal(cases[i].text + a.sentences[0].begin, "Body",
                            4);
        if (strstr(cases[i].text, "By Friday"))
            assert_int_equal(a.n_sentences, 3);
        if (strstr(cases[i].text, "wrapped"))
            assert_int_equal(a.sentences[0].end - a.sentences[0].begin,
                             strlen("Body of a wrapped paragraph that goes "
                                    "on\nand on across lines."));
        if (strncmp(cases[i].text, "Date:", 5) == 0)
            assert_int_equal(a.anchor.day, 21); /* not a banner */
        if (strstr(cases[i].text, "Background")) {
            assert_int_equal(a.n_sentences, 4);
            assert_int_equal(a.sentences[1].end - a.sentences[1].begin, 10);
            assert_true(a.sentences[2].paragraph >
                        a.sentences[1].paragraph);
            assert_int_equal(a.sentences[3].end - a.sentences[3].begin,
                             strlen("A short broken\nline joins."));
        }
        if (strstr(cases[i].text, "Trending"))
            assert_int_equal(a.n_sentences, 1);
        kg__article_dispose(&a);
    }
}

/* ==== hostile input ================================================= */

static void test_reader__random_bytes(void **state)
{
    static const char *const pieces[] = {
        "\n", "\r\n", " ", "Share", "Related\n", "Popular\n", ". ", "?",
        "Word ", "word ", "\xc2\xa0", "\xe2\x80\x9d", "[", "]", "Oct. 16 ",
        "2025-10-21 ", "Date:\n", "Mr. ", "\xe2\x80\xa2 ", "|", "...",
        "\xc3", "\x80", "\xff", "CAPS ",
    };
    char buf[2048];
    size_t i;

    (void)state;
    srand(3);
    for (i = 0; i < 3000; i++) {
        kg__article a;
        kg_error err;
        size_t len = 0;
        int rc;

        while (len < sizeof(buf) - 16 && rand() % 300) {
            const char *p;

            if (i % 4 == 0) { /* raw bytes, NUL aside */
                buf[len++] = (char)(1 + rand() % 255);
                continue;
            }
            p = pieces[(size_t)rand() % KG_ARRAY_SIZE(pieces)];
            memcpy(buf + len, p, strlen(p));
            len += strlen(p);
        }
        kg_error_clear(&err);
        rc = kg__article_read(&a, buf, len, "r", &err);
        assert_true(rc == 0 || rc == KG_EPARSE || rc == KG_EINVALID);
        if (rc == 0) {
            check_invariants(&a);
            kg__article_dispose(&a);
        } else {
            assert_int_equal(err.code, rc);
        }
    }
}

static void test_reader__huge_line_no_newline(void **state)
{
    size_t n = 200000, i, len = n * 20;
    char *text = malloc(len);
    kg__article a;

    (void)state;
    assert_non_null(text);
    for (i = 0; i < n; i++)
        memcpy(text + i * 20, "Quite a short one.  ", 20);
    assert_int_equal(kg__article_read(&a, text, len - 2, "h", NULL), 0);
    assert_int_equal(a.n_sentences, n);
    assert_int_equal(a.sentences[n - 1].end, len - 2);
    kg__article_dispose(&a);
    /* Many short lines, all boilerplate after a list marker. */
    for (i = 0; i < n; i++)
        memcpy(text + i * 20, i == 1 ? "Related\n            "
                                     : "Headline of a story\n",
               20);
    memcpy(text, "A bc d e f g h i j.\n", 20);
    assert_int_equal(kg__article_read(&a, text, len, "h", NULL), 0);
    assert_int_equal(a.n_sentences, 1);
    kg__article_dispose(&a);
    free(text);
}

static void test_reader__many_short_questions(void **state)
{
    /* Lines that each could open the article as its title: the reader
     * must stay linear (a quadratic scan would time the test out). */
    size_t n = 300000, i, len = n * 30;
    char *text = malloc(len);
    kg__article a;

    (void)state;
    assert_non_null(text);
    for (i = 0; i < n; i++)
        memcpy(text + i * 30, "Why is this a short question?\n", 30);
    assert_int_equal(kg__article_read(&a, text, len, "q", NULL), 0);
    check_invariants(&a);
    /* The first question is the title, the others the body. */
    assert_string_equal(a.headline, "Why is this a short question?");
    assert_int_equal(a.n_sentences, n - 1);
    kg__article_dispose(&a);
    free(text);
}

static void test_reader__out_of_memory(void **state)
{
    kg__article a;
    char *text;
    size_t len = 0;
    long fail;

    (void)state;
    text = fixture("updated_caption.txt", &len);
    for (fail = 1;; fail++) {
        kg_error err;
        int rc;

        kg_error_clear(&err);
        kg__alloc_fail_after(fail);
        rc = kg__article_read(&a, text, len, "oom", &err);
        kg__alloc_fail_after(0);
        if (rc == 0)
            break;
        assert_int_equal(rc, KG_ENOMEM);
        assert_int_equal(err.code, KG_ENOMEM);
        assert_null(a.headline);
        assert_null(a.sentences);
    }
    assert_true(fail > 2);
    kg__article_dispose(&a);
    free(text);
}

/* ==== seed articles against gold ==================================== */

/* The string value of "key" in JSON text 'j' (\" \\ \/ \uXXXX decoded)
 * into 'out'; returns 0 for null, 1 for a string, -1 if absent. */
static int json_string(const char *j, const char *key, char *out,
                       size_t cap)
{
    char pat[64];
    const char *p;
    size_t o = 0;

    snprintf(pat, sizeof(pat), "\"%s\":", key);
    if ((p = strstr(j, pat)) == NULL)
        return -1;
    p += strlen(pat);
    while (*p == ' ')
        p++;
    if (strncmp(p, "null", 4) == 0)
        return 0;
    if (*p++ != '"')
        return -1;
    while (*p && *p != '"' && o + 4 < cap) {
        if (*p == '\\' && p[1] == 'u') {
            unsigned cp = (unsigned)strtoul((char[5]){p[2], p[3], p[4], p[5],
                                                      0},
                                            NULL, 16);

            if (cp < 0x80) {
                out[o++] = (char)cp;
            } else if (cp < 0x800) {
                out[o++] = (char)(0xC0 | cp >> 6);
                out[o++] = (char)(0x80 | (cp & 0x3F));
            } else {
                out[o++] = (char)(0xE0 | cp >> 12);
                out[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                out[o++] = (char)(0x80 | (cp & 0x3F));
            }
            p += 6;
        } else if (*p == '\\') {
            out[o++] = p[1];
            p += 2;
        } else {
            out[o++] = *p++;
        }
    }
    out[o] = '\0';
    return 1;
}

/* First offset of a headline-list marker line, or 'len'. */
static size_t list_start(const char *text, size_t len)
{
    static const char *const markers[] = {"\nPopular\n", "\nRelated\n",
                                          "\nPrevious Article\n",
                                          "\nMore like this\n"};
    size_t i, best = len;

    for (i = 0; i < KG_ARRAY_SIZE(markers); i++) {
        const char *p = strstr(text, markers[i]);

        if (p && (size_t)(p - text) < best)
            best = (size_t)(p - text);
    }
    return best;
}

static void test_reader__seed_articles_match_gold(void **state)
{
    const char *src = getenv("KG_SOURCE_DIR");
    char dir[512], path[1024];
    DIR *d;
    struct dirent *de;
    int seen = 0, lists = 0;

    (void)state;
    if (src == NULL)
        skip();
    snprintf(dir, sizeof(dir), "%s/../shared/seeds", src);
    if ((d = opendir(dir)) == NULL)
        skip();
    while ((de = readdir(d)) != NULL) {
        char *text, *gold, want[512];
        size_t len = 0, glen = 0, cut, i, base;
        kg__article a;
        kg_error err;
        int rc;

        base = strlen(de->d_name);
        if (base < 5 || strcmp(de->d_name + base - 4, ".txt") != 0)
            continue;
        snprintf(path, sizeof(path), "%s/%.255s", dir, de->d_name);
        assert_non_null(text = slurp(path, &len));
        snprintf(path, sizeof(path), "%s/../eval/seeds/%.*s.json", dir,
                 (int)(base - 4 < 200 ? base - 4 : 200), de->d_name);
        assert_non_null(gold = slurp(path, &glen));

        kg_error_clear(&err);
        if ((rc = kg__article_read(&a, text, len, de->d_name, &err)) != 0)
            fail_msg("%s: %s", de->d_name, err.message);
        check_invariants(&a);
        assert_int_equal(json_string(gold, "headline", want, sizeof(want)),
                         1);
        if (strcmp(a.headline, want) != 0)
            fail_msg("%s: headline '%s', gold '%s'", de->d_name,
                     a.headline, want);
        rc = json_string(gold, "published", want, sizeof(want));
        assert_true(rc >= 0);
        if (rc == 0)
            want[0] = '\0';
        {
            char got[16];

            kg__date_format(&a.published, got);
            if (strcmp(got, want) != 0)
                fail_msg("%s: published '%s', gold '%s'", de->d_name, got,
                         want);
        }
        /* No sentence from the headline list at the end. */
        cut = list_start(text, len);
        lists += cut < len;
        assert_true(a.n_sentences > 3);
        for (i = 0; i < a.n_sentences; i++)
            if (a.sentences[i].end > cut)
                fail_msg("%s: sentence at %zu is in the list tail at %zu",
                         de->d_name, a.sentences[i].begin, cut);
        kg__article_dispose(&a);
        free(gold);
        free(text);
        seen++;
    }
    closedir(d);
    assert_int_equal(seen, 5);
    assert_true(lists >= 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reader__rejects_bad_input),
        cmocka_unit_test(test_reader__iso_header_related_list),
        cmocka_unit_test(test_reader__rfc2822_header_shortcode_footer),
        cmocka_unit_test(test_reader__updated_header_and_captions),
        cmocka_unit_test(test_reader__caption_credits),
        cmocka_unit_test(test_reader__no_date),
        cmocka_unit_test(test_reader__only_boilerplate),
        cmocka_unit_test(test_reader__dated_title_line_and_nbsp),
        cmocka_unit_test(test_reader__dashed_date_nav_bullets),
        cmocka_unit_test(test_reader__crlf_banner_date),
        cmocka_unit_test(test_reader__inline_headers),
        cmocka_unit_test(test_reader__random_bytes),
        cmocka_unit_test(test_reader__huge_line_no_newline),
        cmocka_unit_test(test_reader__many_short_questions),
        cmocka_unit_test(test_reader__out_of_memory),
        cmocka_unit_test(test_reader__seed_articles_match_gold),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
