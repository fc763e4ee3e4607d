/*
 * serve_int.h -- internals shared by the files of serve/: content
 * negotiation, form decoding and the static page.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef KG_SERVE_INT_H
#define KG_SERVE_INT_H

#include <stdio.h>

#include <kg/serve.h>

#include "kg_int.h"

/* One media type the server can produce, and what it means to the caller. */
typedef struct kg_serve__offer {
    const char *type; /* "type/subtype", lower case */
    int format;       /* a kg_result_format or kg_rdf_format */
} kg_serve__offer;

/*
 * Pick the offer that the Accept header 'accept' prefers: the highest
 * q-value of the most specific matching media range (exact over type/ *
 * over * / *), ties going to the earlier offer. A NULL or blank header
 * accepts anything (the first offer). Returns the offer's index, or -1
 * when no offer is acceptable (q=0 or no range matches).
 */
int kg_serve__negotiate(const char *accept, const kg_serve__offer *offers,
                        size_t n);

/*
 * Find parameter 'name' in the application/x-www-form-urlencoded text
 * 'form' ('len' bytes) and append its decoded value to 'out'. Returns 1
 * when found, 0 when absent, KG_ENOMEM.
 */
int kg_serve__form_get(kg_buf *out, const char *form, size_t len,
                       const char *name);

/* The page at / and its script (static text, no data in them). */
extern const char kg_serve__page_html[];
extern const char kg_serve__page_js[];

#endif
