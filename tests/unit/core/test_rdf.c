/*
 * test_rdf.c -- kg_triples and RDF reading/writing through raptor:
 * every syntax round-trips hostile literals exactly; parse errors carry a
 * position; a failed parse leaves the list as it was.
 *
 * SPDX-License-Identifier: MIT
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kg_int.h"

static const char *const hostile[] = {
    "plain", "quote \" and \\ backslash", "new\nline\ttab\r",
    "<script>alert('x')</script> & more", "unicode: Чхве Сон Хи 최선희 “curly”",
    "braces {} and @prefix ; . ,", "",
};

static kg_triples *sample(void)
{
    kg_triples *t = NULL;
    kg_term g = kg_iri("https://w3id.org/kg/id/article/0123456789abcdef");
    kg_term p = kg_iri(KG_RDFS_LABEL);
    size_t i;
    char s[128];

    assert_int_equal(kg_triples_new(&t, NULL), 0);
    for (i = 0; i < sizeof(hostile) / sizeof(*hostile); i++) {
        kg_term subj, obj = kg_literal(hostile[i], NULL, NULL);
        snprintf(s, sizeof(s), "https://w3id.org/kg/id/person/p%zu", i);
        subj = kg_iri(s);
        assert_int_equal(kg_triples_add(t, &subj, &p, &obj, &g), 0);
    }
    {
        kg_term subj = kg_iri("https://w3id.org/kg/id/event/e1");
        kg_term d = kg_literal("2025-10-16", KG_XSD_DATE, NULL);
        kg_term l = kg_literal("Pjöngjang", NULL, "de");
        kg_term pd = kg_iri(KG_EVENT_DATE);
        assert_int_equal(kg_triples_add(t, &subj, &pd, &d, &g), 0);
        assert_int_equal(kg_triples_add(t, &subj, &p, &l, NULL), 0);
    }
    kg_triples_normalize(t);
    return t;
}

static void assert_same(const kg_triples *a, const kg_triples *b, int graphs)
{
    size_t i;

    assert_int_equal(kg_triples_count(a), kg_triples_count(b));
    for (i = 0; i < kg_triples_count(a); i++) {
        const kg_quad *x = kg_triples_get(a, i), *y = kg_triples_get(b, i);
        assert_int_equal(kg_term_compare(&x->s, &y->s), 0);
        assert_int_equal(kg_term_compare(&x->p, &y->p), 0);
        if (x->o.datatype && strcmp(x->o.datatype, KG_XSD_STRING) == 0)
            assert_null(y->o.datatype);
        else
            assert_int_equal(kg_term_compare(&x->o, &y->o), 0);
        if (graphs)
            assert_int_equal(kg_term_compare(&x->g, &y->g), 0);
    }
}

static void roundtrip(kg_rdf_format fmt, int graphs)
{
    kg_triples *t = sample(), *back = NULL, *flat = NULL;
    kg_rdf_writer *w = NULL;
    kg_ctx *ctx = NULL;
    char *data = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&data, &len);
    size_t i;

    assert_int_equal(kg_ctx_new(&ctx, NULL), 0);
    assert_int_equal(kg_rdf_writer_new(&w, ctx, fp, fmt, NULL), 0);
    assert_int_equal(kg_rdf_writer_add(w, t, NULL), 0);
    assert_int_equal(kg_rdf_writer_finish(w, NULL), 0);
    kg_rdf_writer_free(w);
    fclose(fp);
    assert_int_equal(kg_triples_new(&back, NULL), 0);
    assert_int_equal(kg_rdf_parse(back, ctx, data, len, fmt, "http://x/",
                                  NULL, NULL),
                     0);
    kg_triples_normalize(back);
    if (graphs)
        assert_same(t, back, 1);
    else {
        /* Triple syntaxes drop graphs: compare with the graph-less copy. */
        assert_int_equal(kg_triples_new(&flat, NULL), 0);
        for (i = 0; i < kg_triples_count(t); i++) {
            const kg_quad *q = kg_triples_get(t, i);
            assert_int_equal(kg_triples_add(flat, &q->s, &q->p, &q->o, NULL),
                             0);
        }
        kg_triples_normalize(flat);
        assert_same(flat, back, 0);
    }
    kg_triples_free(flat);
    kg_triples_free(back);
    kg_triples_free(t);
    kg_ctx_free(ctx);
    free(data);
}

static void test_rdf__roundtrip_nquads(void **s) { (void)s; roundtrip(KG_RDF_NQUADS, 1); }
static void test_rdf__roundtrip_trig(void **s) { (void)s; roundtrip(KG_RDF_TRIG, 1); }
static void test_rdf__roundtrip_turtle(void **s) { (void)s; roundtrip(KG_RDF_TURTLE, 0); }
static void test_rdf__roundtrip_ntriples(void **s) { (void)s; roundtrip(KG_RDF_NTRIPLES, 0); }
static void test_rdf__roundtrip_rdfxml(void **s) { (void)s; roundtrip(KG_RDF_RDFXML, 0); }

static void test_rdf__parse_error_has_position_and_keeps_list(void **state)
{
    static const char bad[] = "<http://a> <http://b> <http://c> .\n"
                              "<http://a> <http://b> \"unterminated .\n";
    kg_triples *t = NULL;
    kg_ctx *ctx = NULL;
    kg_error err = {0};
    kg_term s = kg_iri("http://keep"), o = kg_literal("x", NULL, NULL);

    (void)state;
    assert_int_equal(kg_ctx_new(&ctx, NULL), 0);
    assert_int_equal(kg_triples_new(&t, NULL), 0);
    assert_int_equal(kg_triples_add(t, &s, &s, &o, NULL), 0);
    assert_int_equal(kg_rdf_parse(t, ctx, bad, strlen(bad), KG_RDF_NTRIPLES,
                                  "file:///tmp/bad.nt", NULL, &err),
                     KG_EPARSE);
    assert_int_equal(err.line, 2);
    assert_true(strlen(err.message) > 0);
    assert_int_equal(kg_triples_count(t), 1);
    kg_triples_free(t);
    kg_ctx_free(ctx);
}

static void test_rdf__no_file_access_from_documents(void **state)
{
    /* An RDF/XML entity pointing at a local file must not be read. */
    static const char doc[] =
        "<?xml version=\"1.0\"?>\n"
        "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
        "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\""
        " xmlns:e=\"http://e/\">\n"
        "<rdf:Description rdf:about=\"http://s\"><e:p>&x;</e:p>"
        "</rdf:Description></rdf:RDF>\n";
    kg_triples *t = NULL;
    kg_ctx *ctx = NULL;
    size_t i;

    (void)state;
    assert_int_equal(kg_ctx_new(&ctx, NULL), 0);
    assert_int_equal(kg_triples_new(&t, NULL), 0);
    kg_rdf_parse(t, ctx, doc, strlen(doc), KG_RDF_RDFXML, "http://x/", NULL,
                 NULL);
    for (i = 0; i < kg_triples_count(t); i++)
        assert_null(strstr(kg_triples_get(t, i)->o.value, "root:"));
    kg_triples_free(t);
    kg_ctx_free(ctx);
}

static void test_triples__normalize_sorts_and_dedupes(void **state)
{
    kg_triples *t = NULL;
    kg_term a = kg_iri("http://a"), b = kg_iri("http://b");
    kg_term l = kg_literal("x", NULL, NULL);

    (void)state;
    assert_int_equal(kg_triples_new(&t, NULL), 0);
    assert_int_equal(kg_triples_add(t, &b, &a, &l, NULL), 0);
    assert_int_equal(kg_triples_add(t, &a, &a, &l, NULL), 0);
    assert_int_equal(kg_triples_add(t, &b, &a, &l, NULL), 0);
    kg_triples_normalize(t);
    assert_int_equal(kg_triples_count(t), 2);
    assert_string_equal(kg_triples_get(t, 0)->s.value, "http://a");
    kg_triples_free(t);
}

static void test_triples__oom_every_allocation(void **state)
{
    long n;

    (void)state;
    for (n = 1;; n++) {
        kg_triples *t = NULL;
        kg_term a = kg_iri("http://a"), l = kg_literal("x", NULL, "en");
        int error;
        kg__alloc_fail_after(n);
        error = kg_triples_new(&t, NULL);
        if (error == 0)
            error = kg_triples_add(t, &a, &a, &l, &a);
        kg__alloc_fail_after(0);
        kg_triples_free(t);
        if (error == 0)
            break;
        assert_int_equal(error, KG_ENOMEM);
    }
    assert_true(n > 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rdf__roundtrip_nquads),
        cmocka_unit_test(test_rdf__roundtrip_trig),
        cmocka_unit_test(test_rdf__roundtrip_turtle),
        cmocka_unit_test(test_rdf__roundtrip_ntriples),
        cmocka_unit_test(test_rdf__roundtrip_rdfxml),
        cmocka_unit_test(test_rdf__parse_error_has_position_and_keeps_list),
        cmocka_unit_test(test_rdf__no_file_access_from_documents),
        cmocka_unit_test(test_triples__normalize_sorts_and_dedupes),
        cmocka_unit_test(test_triples__oom_every_allocation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
