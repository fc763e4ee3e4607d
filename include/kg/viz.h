/*
 * kg/viz.h -- diagrams of triples through Graphviz (cgraph + gvc).
 *
 * The renderer draws whatever triples it is given: nodes are IRIs and
 * blank nodes, styled by their rdf:type (person, organisation, state,
 * place, event) and labelled by rdfs:label; literals other than labels
 * are not drawn. Every label is escaped for DOT and HTML-like labels.
 * Graphviz keeps errors in globals, so rendering is serialised.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef KG_VIZ_H
#define KG_VIZ_H

#include "ctx.h"
#include "triples.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum kg_viz_format {
    KG_VIZ_SVG = 0,
    KG_VIZ_PNG,
    KG_VIZ_PDF,
    KG_VIZ_DOT
} kg_viz_format;

/** Map "svg", "png", "pdf", "dot". @return 0 or KG_EINVALID. */
KG_EXTERN int kg_viz_format_from_name(kg_viz_format *out, const char *name);

/** Diagram kinds (kg_viz_options.kind, version 2). */
typedef enum kg_viz_kind {
    KG_VIZ_GRAPH = 0, /* the triples as drawn: nodes and labelled edges */
    KG_VIZ_TIMELINE,  /* events left to right by month (schema:startDate),
                         one column per month, with their participants */
    KG_VIZ_OVERVIEW   /* people, organisations and states (clustered by
                         state), events aggregated into weighted edges
                         between the entities that took part in them */
} kg_viz_kind;

typedef struct kg_viz_options {
    unsigned version;  /* KG_VIZ_OPTIONS_VERSION */
    const char *focus; /* IRI drawn emphasised, or NULL */
    const char *title; /* graph title, or NULL */
    int legend;        /* nonzero: draw a legend of node classes */
    int clusters;      /* nonzero: box each state with the organisations
                          and people tied to it (dot layout only) */
    /* version 2 */
    kg_viz_kind kind;    /* the kind of diagram */
    const char *size_by; /* property IRI of a numeric literal on nodes
                            (e.g. KG_PAGERANK): nodes grow with it; NULL:
                            all nodes one size */
} kg_viz_options;

#define KG_VIZ_OPTIONS_VERSION 2
#define KG_VIZ_OPTIONS_INIT \
    {KG_VIZ_OPTIONS_VERSION, NULL, NULL, 1, 0, KG_VIZ_GRAPH, NULL}

/**
 * Render 't' as a diagram in 'fmt', appended to 'out'.
 * @return 0; KG_EINVALID when 't' has no node to draw; KG_EUNSUPPORTED
 * when the Graphviz plugin for 'fmt' is missing; KG_ERROR on a Graphviz
 * failure (its message in 'err'); KG_ENOMEM.
 */
KG_EXTERN int kg_viz_render(kg_buf *out, kg_ctx *ctx, const kg_triples *t,
                            const kg_viz_options *opts, kg_viz_format fmt,
                            kg_error *err);

#ifdef __cplusplus
}
#endif
#endif
