/*
 * test_token.c -- tokens and normalisation: romanisation variants that
 * differ in hyphens, spaces and case normalise alike, possessives and
 * curly apostrophes, NFKC (full-width letters), slugs that are valid IRI
 * segments whatever the input.
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

#include "doc_int.h"

/* The normalised tokens of 's' joined by single spaces. */
static char *joined(const char *s, unsigned *flags_out, size_t nflags)
{
    kg__vec toks = KG__VEC_INIT(kg__token);
    kg_buf scratch = KG_BUF_INIT, out = KG_BUF_INIT;
    size_t i;

    assert_int_equal(kg__tokenize(&toks, &scratch, NULL, s, 0, strlen(s)), 0);
    for (i = 0; i < toks.count; i++) {
        kg__token *t = KG__VEC_AT(&toks, kg__token, i);
        if (i)
            assert_int_equal(kg_buf_put(&out, " ", 1), 0);
        assert_int_equal(kg_buf_put(&out, t->norm, t->nlen), 0);
        if (i < nflags)
            flags_out[i] = t->flags;
    }
    assert_int_equal(kg_buf_put(&out, "", 0), 0);
    kg__vec_dispose(&toks);
    kg_buf_dispose(&scratch);
    return out.ptr;
}

static void expect_norm(const char *in, const char *want)
{
    char *got = joined(in, NULL, 0);
    assert_string_equal(got, want);
    kg__free(got);
}

static void test_token__variants_normalise_alike(void **state)
{
    (void)state;
    expect_norm("Kim Jong-un", "kim jong un");
    expect_norm("KIM JONG UN", "kim jong un");
    expect_norm("Kim  Jong\xe2\x80\x91Un", "kim jong un"); /* U+2011 */
    expect_norm("Ri Song-chol", "ri song chol");
    expect_norm("U.S.", "u s");
    /* full-width letters fold through NFKC */
    expect_norm("\xef\xbc\xab\xef\xbc\xa3\xef\xbc\xae\xef\xbc\xa1", "kcna");
    /* accents are stripped for matching */
    expect_norm("C\xc3\xb4te d'Ivoire", "cote d ivoire");
}

static void test_token__possessives_and_flags(void **state)
{
    unsigned f[8] = {0};
    char *s;

    (void)state;
    s = joined("Korea\xe2\x80\x99s envoy, Workers' Party", f, 8);
    assert_string_equal(s, "korea envoy workers party");
    kg__free(s);
    assert_true(f[0] & KG__TOK_POSS);
    assert_true(f[0] & KG__TOK_CAP);
    assert_false(f[1] & KG__TOK_CAP);
    assert_true(f[2] & KG__TOK_COMMA);
    assert_true(f[2] & KG__TOK_POSS);
    s = joined("DPRK-Russia ties", f, 8);
    assert_string_equal(s, "dprk russia ties");
    kg__free(s);
    assert_true(f[0] & KG__TOK_UPPER);
    assert_true(f[1] & KG__TOK_HYPHEN);
    assert_false(f[2] & KG__TOK_HYPHEN);
}

static void expect_slug(const char *in, const char *want)
{
    kg_buf b = KG_BUF_INIT;
    assert_int_equal(kg__slug_append(&b, in, strlen(in)), 0);
    assert_string_equal(b.ptr ? b.ptr : "", want);
    kg_buf_dispose(&b);
}

static void test_token__slugs_are_iri_safe(void **state)
{
    kg_buf b = KG_BUF_INIT;
    const char *hostile = "<script>\"a\\b\" {x} |y| ^z` \x01 \xed\x95\x9c";
    size_t i;

    (void)state;
    expect_slug("Sin Hong-chol", "sin-hong-chol");
    expect_slug("  Choe  Son Hui ", "choe-son-hui");
    expect_slug("Kursk Oblast", "kursk-oblast");
    assert_int_equal(kg__slug_append(&b, hostile, strlen(hostile)), 0);
    for (i = 0; i < b.size; i++) {
        unsigned char c = (unsigned char)b.ptr[i];
        assert_true((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '%' || (c >= 'A' && c <= 'F'));
    }
    /* the Hangul syllable survives, percent-encoded */
    assert_non_null(strstr(b.ptr, "%ED%95%9C"));
    kg_buf_dispose(&b);
}

static const char *label(kg_buf *b, const char *s, int mode)
{
    kg_buf_clear(b);
    assert_int_equal(kg__label_append(b, s, strlen(s), mode), 0);
    assert_int_equal(kg_buf_put(b, "", 0), 0);
    return b->ptr;
}

/* Labels depend on the slug only: spellings of one id give one label. */
static void test_token__canonical_labels(void **state)
{
    kg_buf b = KG_BUF_INIT;

    (void)state;
    assert_string_equal(label(&b, "Ko Myong Sik", KG__LABEL_KOREAN),
                        "Ko Myong-sik");
    assert_string_equal(label(&b, "KO MYONG-SIK", KG__LABEL_KOREAN),
                        "Ko Myong-sik");
    assert_string_equal(label(&b, "tambov  Region", KG__LABEL_NAME),
                        "Tambov Region");
    assert_string_equal(label(&b, "Isle of the Dead", KG__LABEL_NAME),
                        "Isle of the Dead");
    assert_string_equal(label(&b, "\xc3\xa9lise Durand", KG__LABEL_NAME),
                        "Elise Durand");
    assert_string_equal(label(&b, "deputy head of the mission",
                              KG__LABEL_TITLE),
                        "Deputy Head of the Mission");
    assert_string_equal(label(&b, "Vice-Premier", KG__LABEL_TITLE),
                        "Vice-premier");
    kg_buf_dispose(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_token__variants_normalise_alike),
        cmocka_unit_test(test_token__possessives_and_flags),
        cmocka_unit_test(test_token__slugs_are_iri_safe),
        cmocka_unit_test(test_token__canonical_labels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
