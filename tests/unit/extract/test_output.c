/*
 * test_output.c -- kg_doc_to_json and kg_doc_to_triples: hostile text is
 * escaped (JSON string rules, safe in HTML), every IRI is valid whatever
 * the text, NIF offsets count code points, the same input gives identical
 * quads, no blank nodes, and allocation failures in kg_extract and the
 * writers return KG_ENOMEM without leaks (ASan checks the leaks).
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
#include <time.h>

#include <cmocka.h>

#include "extract_test.h"

static const char hostile[] =
    "Envoy \"quotes\" \\ back\x01slash <script>alert(1)</script>\n\n"
    "Published: 3 Nov. 2025\n\n"
    "Deputy minister Arkady \xc3\x89mile Volkonsky met Choe Son-hui in "
    "Pyongyang on Monday \xe2\x80\x94 \"<b>bold</b>\" & more.\n";

static void test_output__json_escapes_hostile_text(void **state)
{
    kg_doc *doc = run(hostile);
    kg_buf out = KG_BUF_INIT;
    size_t i;

    (void)state;
    assert_int_equal(kg_doc_to_json(doc, &out, NULL), 0);
    assert_null(strstr(out.ptr, "<script>"));
    assert_null(strstr(out.ptr, "<b>"));
    assert_non_null(strstr(out.ptr, "\\u003cscript\\u003e"));
    assert_non_null(strstr(out.ptr, "\\\"quotes\\\""));
    assert_non_null(strstr(out.ptr, "\\\\ back\\u0001slash"));
    for (i = 0; i < out.size; i++)
        assert_true((unsigned char)out.ptr[i] >= 0x20 || out.ptr[i] == '\n');
    assert_non_null(strstr(out.ptr, "\"article\": \"test\""));
    assert_non_null(strstr(out.ptr, "\"published\": \"2025-11-03\""));
    kg_buf_dispose(&out);
    kg_doc_free(doc);
}

static int iri_ok(const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c <= 0x20 || strchr("<>\"{}|\\^`", c))
            return 0;
    }
    return 1;
}

static void test_output__iris_valid_no_blank_nodes(void **state)
{
    kg_doc *doc = run(hostile);
    kg_triples *t = NULL;
    size_t i;

    (void)state;
    assert_int_equal(kg_triples_new(&t, NULL), 0);
    assert_int_equal(kg_doc_to_triples(doc, t, NULL), 0);
    assert_true(kg_triples_count(t) > 20);
    for (i = 0; i < kg_triples_count(t); i++) {
        const kg_quad *q = kg_triples_get(t, i);
        assert_int_equal(q->s.kind, KG_TERM_IRI);
        assert_true(iri_ok(q->s.value));
        assert_true(iri_ok(q->p.value));
        assert_int_not_equal(q->o.kind, KG_TERM_BLANK);
        if (q->o.kind == KG_TERM_IRI)
            assert_true(iri_ok(q->o.value));
        assert_int_equal(q->g.kind, KG_TERM_IRI);
        assert_string_equal(q->g.value, kg_doc_iri(doc));
    }
    kg_triples_free(t);
    kg_doc_free(doc);
}

static void test_output__nif_offsets_are_code_points(void **state)
{
    /* "É" and "—" are one code point each but 2 and 3 bytes */
    kg_doc *doc = run("Title\n\nOn Monday the \xc3\x89t\xc3\xa9 \xe2\x80\x94 "
                      "committee said that Vladimir Putin spoke to "
                      "reporters in the hall.\n");
    kg_triples *t = NULL;
    size_t i;
    int found = 0;

    (void)state;
    assert_int_equal(kg_triples_new(&t, NULL), 0);
    assert_int_equal(kg_doc_to_triples(doc, t, NULL), 0);
    for (i = 0; i < kg_triples_count(t); i++) {
        const kg_quad *q = kg_triples_get(t, i);
        if (strcmp(q->p.value, KG_NIF_ANCHOR) == 0 &&
            strcmp(q->o.value, "Vladimir Putin") == 0) {
            /* "Title\n\n" is 7 code points, "On Monday the " 14,
             * "Été — " 6, "committee said that " 20 */
            char want[256];
            snprintf(want, sizeof(want), "%s#char=47,61", kg_doc_iri(doc));
            assert_string_equal(q->s.value, want);
            found = 1;
        }
    }
    assert_true(found);
    kg_triples_free(t);
    kg_doc_free(doc);
}

static void test_output__deterministic(void **state)
{
    kg_doc *a = run(hostile), *b = run(hostile);
    kg_triples *ta = NULL, *tb = NULL;
    kg_buf ja = KG_BUF_INIT, jb = KG_BUF_INIT;
    size_t i;

    (void)state;
    assert_int_equal(kg_triples_new(&ta, NULL), 0);
    assert_int_equal(kg_triples_new(&tb, NULL), 0);
    assert_int_equal(kg_doc_to_triples(a, ta, NULL), 0);
    assert_int_equal(kg_doc_to_triples(b, tb, NULL), 0);
    assert_int_equal(kg_triples_count(ta), kg_triples_count(tb));
    for (i = 0; i < kg_triples_count(ta); i++) {
        const kg_quad *x = kg_triples_get(ta, i), *y = kg_triples_get(tb, i);
        assert_int_equal(kg_term_compare(&x->s, &y->s), 0);
        assert_int_equal(kg_term_compare(&x->p, &y->p), 0);
        assert_int_equal(kg_term_compare(&x->o, &y->o), 0);
    }
    assert_int_equal(kg_doc_to_json(a, &ja, NULL), 0);
    assert_int_equal(kg_doc_to_json(b, &jb, NULL), 0);
    assert_string_equal(ja.ptr, jb.ptr);
    assert_string_equal(kg_doc_iri(a), kg_doc_iri(b));
    assert_int_equal(strlen(kg_doc_iri(a)), strlen(KG_ID "article/") + 16);
    kg_buf_dispose(&ja);
    kg_buf_dispose(&jb);
    kg_triples_free(ta);
    kg_triples_free(tb);
    kg_doc_free(a);
    kg_doc_free(b);
}

static void test_output__oom(void **state)
{
    kg_extract_options opts = KG_EXTRACT_OPTIONS_INIT;
    long n;
    int done = 0;

    (void)state;
    opts.source_name = "oom.txt";
    for (n = 1; !done && n < 20000; n++) {
        kg_doc *doc = NULL;
        kg_triples *t = NULL;
        kg_buf json = KG_BUF_INIT;
        kg_error err = {0};
        int rc;
        kg__alloc_fail_after(n);
        rc = kg_extract(&doc, test_lex, hostile, strlen(hostile), &opts,
                        &err);
        if (rc == 0)
            rc = kg_triples_new(&t, &err);
        if (rc == 0)
            rc = kg_doc_to_triples(doc, t, &err);
        if (rc == 0)
            rc = kg_doc_to_json(doc, &json, &err);
        kg__alloc_fail_after(0);
        if (rc == 0)
            done = 1;
        else
            assert_int_equal(rc, KG_ENOMEM);
        if (rc && !doc)
            assert_null(doc);
        kg_buf_dispose(&json);
        kg_triples_free(t);
        kg_doc_free(doc);
    }
    assert_true(done);
}

static void test_output__bad_input(void **state)
{
    kg_extract_options opts = KG_EXTRACT_OPTIONS_INIT;
    kg_doc *doc = NULL;
    kg_error err = {0};

    (void)state;
    opts.source_name = "bad.txt";
    assert_int_equal(kg_extract(&doc, test_lex, "", 0, &opts, &err),
                     KG_EINVALID);
    assert_null(doc);
    kg_error_clear(&err);
    assert_int_equal(kg_extract(&doc, test_lex, "ab\xff\xfe cd", 7, &opts,
                                &err),
                     KG_EPARSE);
    assert_null(doc);
}

/* A megabyte-long sentence with thousands of names: every pass must stay
 * linear (windows of long sentences, hashed ids, grouped mentions). */
static void test_output__long_sentence_is_linear(void **state)
{
    static const char *const syl[] = {"ka", "ri", "mo", "tan", "vel",
                                      "dor", "sun", "zor", "min", "hal"};
    kg_buf text = KG_BUF_INIT, json = KG_BUF_INIT;
    kg_extract_options opts = KG_EXTRACT_OPTIONS_INIT;
    kg_doc *doc = NULL;
    unsigned x = 7;
    clock_t t0;
    double secs;
    int i, j;

    (void)state;
    opts.source_name = "long.txt";
    assert_int_equal(kg_buf_puts(&text, "Long\n\nPublished: 3 Nov. 2025"
                                        "\n\n"), 0);
    while (text.size < 1000000) {
        for (j = 0; j < 2; j++) {
            size_t start = text.size;
            for (i = 0; i < 2; i++) {
                x = x * 1103515245u + 12345u;
                assert_int_equal(kg_buf_puts(&text, syl[(x >> 16) % 10]), 0);
            }
            text.ptr[start] -= 32; /* capitalise the name part */
            assert_int_equal(kg_buf_puts(&text, " "), 0);
        }
        assert_int_equal(kg_buf_puts(&text, "said the talks in Moscow went "
                                            "well and "), 0);
    }
    assert_int_equal(kg_buf_puts(&text, "ended.\n"), 0);
    t0 = clock();
    assert_int_equal(kg_extract(&doc, test_lex, text.ptr, text.size, &opts,
                                NULL), 0);
    assert_int_equal(kg_doc_to_json(doc, &json, NULL), 0);
    secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    assert_true(kg_doc_entity_count(doc) > 1000);
    assert_true(secs < 8.0);
    kg_buf_dispose(&json);
    kg_buf_dispose(&text);
    kg_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_output__json_escapes_hostile_text),
        cmocka_unit_test(test_output__iris_valid_no_blank_nodes),
        cmocka_unit_test(test_output__nif_offsets_are_code_points),
        cmocka_unit_test(test_output__deterministic),
        cmocka_unit_test(test_output__oom),
        cmocka_unit_test(test_output__bad_input),
        cmocka_unit_test(test_output__long_sentence_is_linear),
    };
    return cmocka_run_group_tests(tests, lex_setup, lex_teardown);
}
