/*
 * fuzz_article.c -- article text, the first untrusted input: the date
 * parser and finder on the raw bytes, then the whole extractor, its JSON,
 * and its RDF written as N-Quads and parsed back.
 *
 * Invariants checked beyond "no crash, no sanitizer report": the date
 * parser consumes no more than it was given and yields a date in range;
 * a successful extraction writes RDF that raptor reads back to exactly
 * the quads emitted (so IRIs minted from any text are valid IRIs and
 * literals are escaped); a refused article fails with a kg_error code.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include <kg/kg.h>

#include "extract_int.h"
#include "fuzz.h"

static kg_lexicon *lex;
static kg_ctx *ctx;

static void check_date(const kg__date *d)
{
    FUZZ_CHECK(d->month >= 0 && d->month <= 12);
    FUZZ_CHECK(d->day >= 0 && d->day <= 31);
    FUZZ_CHECK(d->year >= 0 && d->year <= 9999);
}

static void dates(const char *text, size_t len)
{
    static const kg__date published = {2025, 10, 16};
    kg__date_match m[16];
    kg__date d;
    char buf[16];
    size_t n, i;

    memset(&d, 0, sizeof(d));
    n = kg__date_parse(&d, text, len);
    FUZZ_CHECK(n <= len);
    if (n) {
        check_date(&d);
        (void)kg__date_format(&d, buf);
        FUZZ_CHECK(strlen(buf) < sizeof(buf));
    }
    n = kg__date_find(m, 16, text, len, &published);
    FUZZ_CHECK(n <= 16);
    for (i = 0; i < n; i++) {
        FUZZ_CHECK(m[i].begin <= m[i].end && m[i].end <= len);
        check_date(&m[i].date);
    }
    (void)kg__date_find(m, 16, text, len, NULL);
}

/* Write 't' as N-Quads and parse it back: the same quads must return. */
static void roundtrip(kg_triples *t)
{
    kg_rdf_writer *w = NULL;
    kg_triples *back = NULL;
    char *data = NULL;
    size_t len = 0, i, n;
    FILE *fp;

    FUZZ_CHECK((fp = open_memstream(&data, &len)) != NULL);
    FUZZ_CHECK(kg_rdf_writer_new(&w, ctx, fp, KG_RDF_NQUADS, NULL) == 0);
    FUZZ_CHECK(kg_rdf_writer_add(w, t, NULL) == 0);
    FUZZ_CHECK(kg_rdf_writer_finish(w, NULL) == 0);
    kg_rdf_writer_free(w);
    FUZZ_CHECK(fclose(fp) == 0);
    FUZZ_CHECK(kg_triples_new(&back, NULL) == 0);
    FUZZ_CHECK(kg_rdf_parse(back, ctx, data, len, KG_RDF_NQUADS,
                            "http://example.org/", NULL, NULL) == 0);
    kg_triples_normalize(t);
    kg_triples_normalize(back);
    n = kg_triples_count(t);
    FUZZ_CHECK(kg_triples_count(back) == n);
    for (i = 0; i < n; i++) {
        const kg_quad *a = kg_triples_get(t, i), *b = kg_triples_get(back, i);
        FUZZ_CHECK(kg_term_compare(&a->s, &b->s) == 0);
        FUZZ_CHECK(kg_term_compare(&a->p, &b->p) == 0);
        FUZZ_CHECK(kg_term_compare(&a->g, &b->g) == 0);
        /* xsd:string and a plain literal are the same term in RDF 1.1 */
        FUZZ_CHECK(strcmp(a->o.value, b->o.value) == 0);
    }
    kg_triples_free(back);
    free(data);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kg_extract_options opts = KG_EXTRACT_OPTIONS_INIT;
    const char *text = (const char *)data;
    kg_doc *doc = NULL;
    kg_triples *t = NULL;
    kg_buf json = KG_BUF_INIT;
    kg_error err;
    int rc;

    if (!lex && kg_lexicon_new(&lex, NULL) < 0)
        abort();
    if (!ctx && kg_ctx_new(&ctx, NULL) < 0)
        abort();
    dates(text, size);

    opts.source_name = "fuzz.txt";
    kg_error_clear(&err);
    rc = kg_extract(&doc, lex, text, size, &opts, &err);
    if (rc < 0) {
        FUZZ_CHECK(err.code == rc && err.message[0] != '\0');
        FUZZ_CHECK(doc == NULL);
        return 0;
    }
    FUZZ_CHECK(kg_doc_iri(doc) != NULL);
    FUZZ_CHECK(kg_doc_to_json(doc, &json, NULL) == 0);
    FUZZ_CHECK(kg_triples_new(&t, NULL) == 0);
    FUZZ_CHECK(kg_doc_to_triples(doc, t, NULL) == 0);
    roundtrip(t);
    kg_triples_free(t);
    kg_buf_dispose(&json);
    kg_doc_free(doc);
    return 0;
}
