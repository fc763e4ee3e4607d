/*
 * analyze_int.h -- the network shared by the files of analyze/: nodes
 * and links read from triples. Never installed.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef KG_ANALYZE_INT_H
#define KG_ANALYZE_INT_H

#include <stddef.h>

#include <kg/analyze.h>

#include "kg_int.h"

typedef struct kg_analyze__node {
    const char *id;      /* IRI, borrowed from the network's triples */
    const char *label;   /* rdfs:label or NULL */
    const char *cls;     /* broad class: person, organisation, state,
                            place or event */
    const char *type;    /* most specific class IRI */
    const char *date;    /* schema:startDate or NULL */
    const char *source;  /* prov:wasDerivedFrom (least IRI) or NULL */
    const char *metric[4]; /* stored degree, betweenness, pagerank,
                              community literals, or NULL */
    int rank;            /* class rank, lower is more specific */
} kg_analyze__node;

typedef struct kg_analyze__link {
    size_t s, o;         /* node indexes */
    const char *pred;    /* relation IRI, borrowed */
    const char *date;    /* the event's date or NULL */
    const char *source;  /* the article or NULL */
} kg_analyze__link;

struct kg_network {
    kg_triples *t;             /* owns every string */
    kg_analyze__node *nodes;   /* sorted by id */
    size_t n_nodes;
    kg_analyze__link *links;   /* sorted by (s, pred, o) */
    size_t n_links;
};

/* Index of the node 'iri' or (size_t)-1. */
size_t kg_analyze__find(const kg_network *n, const char *iri);

/* The local name of 'iri' (after the last '#' or '/'), borrowed; its
 * length in '*len'. */
const char *kg_analyze__local(const char *iri, size_t *len);

/* Append 's' to 'out' with invalid UTF-8 replaced by U+FFFD and control
 * characters other than tab by a space (text safe for XML and CSV).
 * 0 or KG_ENOMEM. */
int kg_analyze__clean(kg_buf *out, const char *s);

#endif
