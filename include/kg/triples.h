/*
 * kg/triples.h -- an in-memory list of RDF quads, the currency between
 * modules: extraction produces it, the store loads and returns it, the
 * diagram renderer draws it.
 *
 * Terms are plain strings owned by the list (copied in on add). A quad's
 * graph is NULL for the default graph.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef KG_TRIPLES_H
#define KG_TRIPLES_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum kg_term_kind {
    KG_TERM_NONE = 0, /* absent (default graph) */
    KG_TERM_IRI,
    KG_TERM_BLANK,
    KG_TERM_LITERAL
} kg_term_kind;

/** One RDF term. Strings are borrowed from whoever owns the term. */
typedef struct kg_term {
    kg_term_kind kind;
    const char *value;    /* IRI, blank label (no "_:") or lexical form */
    const char *datatype; /* literal datatype IRI or NULL (xsd:string) */
    const char *lang;     /* language tag or NULL */
} kg_term;

typedef struct kg_quad {
    kg_term s, p, o;
    kg_term g; /* kind KG_TERM_NONE: default graph */
} kg_quad;

typedef struct kg_triples kg_triples;

/** Create an empty list. @return 0 or KG_ENOMEM. */
KG_EXTERN int kg_triples_new(kg_triples **out, kg_error *err);
/** Free 't' and every string in it; NULL is a no-op. */
KG_EXTERN void kg_triples_free(kg_triples *t);

/**
 * Append a quad, copying every string. 'g' may be NULL (default graph).
 * @return 0 or KG_ENOMEM; 't' is unchanged on failure.
 */
KG_EXTERN int kg_triples_add(kg_triples *t, const kg_term *s,
                             const kg_term *p, const kg_term *o,
                             const kg_term *g);

/** Number of quads. */
KG_EXTERN size_t kg_triples_count(const kg_triples *t);
/** The i-th quad (i < count); borrowed until 't' changes or is freed. */
KG_EXTERN const kg_quad *kg_triples_get(const kg_triples *t, size_t i);

/**
 * Sort quads into a canonical order and drop exact duplicates, so that the
 * same set of facts always yields the same sequence.
 */
KG_EXTERN void kg_triples_normalize(kg_triples *t);

/** Term constructors (no copies: the result borrows the strings). */
KG_EXTERN kg_term kg_iri(const char *iri);
KG_EXTERN kg_term kg_blank(const char *label);
KG_EXTERN kg_term kg_literal(const char *lexical, const char *datatype,
                             const char *lang);

/** 0 when two terms are equal, else an ordering (kind, value, dt, lang). */
KG_EXTERN int kg_term_compare(const kg_term *a, const kg_term *b);

#ifdef __cplusplus
}
#endif
#endif
