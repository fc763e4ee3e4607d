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

typedef struct kg_viz_options {
    unsigned version;  /* KG_VIZ_OPTIONS_VERSION */
    const char *focus; /* IRI drawn emphasised, or NULL */
    const char *title; /* graph title, or NULL */
    int legend;        /* nonzero: draw a legend of node classes */
    int clusters;      /* nonzero: box each state with the organisations
                          and people tied to it (dot layout only) */
} kg_viz_options;

#define KG_VIZ_OPTIONS_VERSION 1
#define KG_VIZ_OPTIONS_INIT {KG_VIZ_OPTIONS_VERSION, NULL, NULL, 1, 0}

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
