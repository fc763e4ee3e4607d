/*
 * test_negotiate.c -- content negotiation with q-values and form decoding
 * (serve/negotiate.c). Expected picks follow RFC 9110 section 12.5.1: the
 * most specific matching range sets an offer's quality, q=0 refuses it.
 *
 * SPDX-License-Identifier: MIT
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "serve_int.h"

static const kg_serve__offer rows[] = {
    {"application/sparql-results+json", 0},
    {"application/sparql-results+xml", 1},
    {"text/csv", 2},
    {"text/tab-separated-values", 3},
};
#define N_ROWS (sizeof(rows) / sizeof(rows[0]))

static int pick(const char *accept)
{
    return kg_serve__negotiate(accept, rows, N_ROWS);
}

static void test_negotiate__no_header_takes_the_first(void **state)
{
    (void)state;
    assert_int_equal(pick(NULL), 0);
    assert_int_equal(pick(""), 0);
    assert_int_equal(pick("   "), 0);
    assert_int_equal(pick("*/*"), 0);
}

static void test_negotiate__exact_types(void **state)
{
    (void)state;
    assert_int_equal(pick("text/csv"), 2);
    assert_int_equal(pick("application/sparql-results+xml"), 1);
    assert_int_equal(pick("TEXT/Tab-Separated-Values"), 3);
    assert_int_equal(pick(" text/csv ; charset=utf-8 "), 2);
}

static void test_negotiate__q_values_rank(void **state)
{
    (void)state;
    assert_int_equal(pick("text/csv;q=0.5, text/tab-separated-values"), 3);
    assert_int_equal(pick("text/csv;q=0.9, application/sparql-results+xml;"
                          "q=0.91"),
                     1);
    /* equal quality: the server's order decides */
    assert_int_equal(pick("text/tab-separated-values, text/csv"), 2);
    /* a parameter before q does not hide it */
    assert_int_equal(pick("text/csv;charset=utf-8;q=0.1, "
                          "application/sparql-results+json;q=0.2"),
                     0);
}

static void test_negotiate__specific_range_wins(void **state)
{
    (void)state;
    /* text/csv refused by its own range though text/ * accepts it */
    assert_int_equal(pick("text/*;q=0.5, text/csv;q=0"), 3);
    assert_int_equal(pick("*/*;q=0.1, text/csv"), 2);
    assert_int_equal(pick("text/*"), 2);
    /* SPARQLWrapper's JSON: application/sparql-results+json,... */
    assert_int_equal(pick("application/sparql-results+json,"
                          "application/json,text/javascript,"
                          "application/javascript"),
                     0);
}

static void test_negotiate__nothing_fits(void **state)
{
    (void)state;
    assert_int_equal(pick("image/png"), -1);
    assert_int_equal(pick("text/csv;q=0"), -1);
    assert_int_equal(pick("*/*;q=0"), -1);
    assert_int_equal(pick("text/html, application/xhtml+xml"), -1);
    assert_int_equal(pick("garbage"), -1);
    assert_int_equal(pick("text/csv;q=x"), -1);
}

static void test_negotiate__browser_accept(void **state)
{
    (void)state;
    assert_int_equal(pick("text/html,application/xhtml+xml,application/xml;"
                          "q=0.9,image/avif,*/*;q=0.8"),
                     0);
}

static void test_negotiate__form_values(void **state)
{
    static const char form[] =
        "format=json&query=SELECT+%3Fs+WHERE+%7B%3Fs+%3Fp+%3Fo%7D&x&"
        "empty=&bad=%zz%4";
    kg_buf v = KG_BUF_INIT;

    (void)state;
    assert_int_equal(kg_serve__form_get(&v, form, strlen(form), "query"), 1);
    assert_string_equal(v.ptr, "SELECT ?s WHERE {?s ?p ?o}");
    kg_buf_clear(&v);
    assert_int_equal(kg_serve__form_get(&v, form, strlen(form), "format"),
                     1);
    assert_string_equal(v.ptr, "json");
    kg_buf_clear(&v);
    assert_int_equal(kg_serve__form_get(&v, form, strlen(form), "x"), 1);
    assert_int_equal(v.size, 0);
    assert_int_equal(kg_serve__form_get(&v, form, strlen(form), "empty"), 1);
    assert_int_equal(v.size, 0);
    /* malformed escapes stay as they are */
    assert_int_equal(kg_serve__form_get(&v, form, strlen(form), "bad"), 1);
    assert_string_equal(v.ptr, "%zz%4");
    kg_buf_clear(&v);
    assert_int_equal(kg_serve__form_get(&v, form, strlen(form), "que"), 0);
    assert_int_equal(kg_serve__form_get(&v, form, strlen(form), "queryx"),
                     0);
    assert_int_equal(kg_serve__form_get(&v, "", 0, "query"), 0);
    /* 'len' bounds the text: the value ends where the caller says */
    assert_int_equal(kg_serve__form_get(&v, "a=123&b=4", 4, "a"), 1);
    assert_string_equal(v.ptr, "12");
    kg_buf_dispose(&v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_negotiate__no_header_takes_the_first),
        cmocka_unit_test(test_negotiate__exact_types),
        cmocka_unit_test(test_negotiate__q_values_rank),
        cmocka_unit_test(test_negotiate__specific_range_wins),
        cmocka_unit_test(test_negotiate__nothing_fits),
        cmocka_unit_test(test_negotiate__browser_accept),
        cmocka_unit_test(test_negotiate__form_values),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
