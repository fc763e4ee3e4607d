/*
 * fuzz_http.c -- the parts of an HTTP request that kg serve parses
 * itself: the Accept header (content negotiation against the offers of
 * the SPARQL route) and an application/x-www-form-urlencoded body or
 * query string (the query, default-graph-uri and format parameters).
 * Request lines, headers and chunked bodies are parsed by libmicrohttpd,
 * which kg does not wrap; serve/ exposes no request parser of its own.
 *
 * Invariants: negotiation returns -1 or an offer's index; a decoded
 * parameter is never longer than its encoded form and never runs past
 * the body.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include <kg/kg.h>

#include "fuzz.h"
#include "serve_int.h"

static const kg_serve__offer offers[] = {
    {"application/sparql-results+json", 0},
    {"application/sparql-results+xml", 1},
    {"text/csv", 2}, {"text/tab-separated-values", 3}, {"text/turtle", 4},
    {"application/n-triples", 5}, {"text/html", 6}, {"image/svg+xml", 7},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"query", "default-graph-uri",
                                        "named-graph-uri", "format",
                                        "update", "", "q"};
    size_t n_offers = sizeof(offers) / sizeof(*offers), i;
    kg_buf out = KG_BUF_INIT;
    char *text;
    int rc;

    /* As a header: a C string (MHD hands headers over NUL-terminated). */
    if ((text = malloc(size + 1)) == NULL)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    for (i = 1; i <= n_offers; i++) {
        rc = kg_serve__negotiate(text, offers + n_offers - i, i);
        FUZZ_CHECK(rc >= -1 && rc < (int)i);
    }
    free(text);

    /* An empty body may come as NULL (found by fuzz_request: NULL + 0). */
    if (size == 0) {
        FUZZ_CHECK(kg_serve__form_get(&out, NULL, 0, "query") == 0);
        kg_buf_dispose(&out);
    }

    /* As a body: exactly 'size' bytes, no terminator to lean on. */
    if ((text = malloc(size ? size : 1)) == NULL)
        return 0;
    memcpy(text, data, size);
    for (i = 0; i < sizeof(names) / sizeof(*names); i++) {
        kg_buf_clear(&out);
        rc = kg_serve__form_get(&out, text, size, names[i]);
        FUZZ_CHECK(rc == 0 || rc == 1 || rc == KG_ENOMEM);
        if (rc == 1)
            FUZZ_CHECK(out.size <= size);
    }
    kg_buf_dispose(&out);
    free(text);
    return 0;
}
