/*
 * viz_int.h -- internals of the diagram renderer shared by the files of
 * viz/: the text escapers, the class table and the node/edge model built
 * from a kg_triples list. Never installed.
 *
 * The model is a pure function of the set of triples (their order does
 * not matter): nodes sorted by term, edges by (subject, predicate,
 * object), duplicates dropped. render.c turns it into a cgraph graph.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef KG_VIZ_INT_H
#define KG_VIZ_INT_H

#include <stddef.h>

#include "kg_int.h"

/* Longest label drawn, in code points; longer text ends in an ellipsis. */
#define KG_VIZ_LABEL_MAX 60
/* Past this many nodes the force-directed layout replaces dot. */
#define KG_VIZ_DOT_MAX 150
/* At most this many nodes are drawn; the rest is named in a note. */
#define KG_VIZ_NODE_CAP 2000

/* ---- escaping (escape.c) ------------------------------------------------
 * Each appends 's' to 'out' with invalid UTF-8 and U+FFFE/U+FFFF replaced
 * by U+FFFD, control characters (C0, DEL, C1) by a space, and at most
 * 'max_chars' code points kept (0: no limit; a cut ends in U+2026).
 * Return 0 or KG_ENOMEM ('out' may hold a partial append). */

/* Plain text, for callers that escape further themselves. */
int kg_viz__text(kg_buf *out, const char *s, size_t max_chars);
/* For an HTML-like label: & < > " ' become character references and '\'
 * is doubled (Graphviz expands \N, \G... in HTML-like labels too). */
int kg_viz__html(kg_buf *out, const char *s, size_t max_chars);
/* For a Graphviz escString label: '\' is doubled so that no \N, \G,
 * \l... sequence can come from the text. */
int kg_viz__esc(kg_buf *out, const char *s, size_t max_chars);
/* For a tooltip, which Graphviz unescapes twice: '\' is quadrupled. */
int kg_viz__tooltip(kg_buf *out, const char *s, size_t max_chars);

/* For a URL attribute: 'iri' with every byte that is not printable ASCII
 * or is one of " ' < > \ ^ ` { | } percent-encoded, so the link is an
 * ASCII URI that no SVG writer can break out of. 0 or KG_ENOMEM. */
int kg_viz__url(kg_buf *out, const char *iri);

/* The local name of 'iri': the text after the last '#' or '/' that is
 * followed by something; 'iri' itself when there is none. Borrowed. */
const char *kg_viz__local_name(const char *iri, size_t *len_out);

/* ---- classes (model.c) ------------------------------------------------ */

typedef struct kg_viz__class {
    const char *iri;   /* rdf:type IRI, NULL for the fallback class */
    const char *name;  /* legend text */
    const char *shape; /* Graphviz shape */
    const char *fill;  /* fill colour, #rrggbb */
    const char *css;   /* SVG class attribute */
} kg_viz__class;

/* The classes in priority order (a node takes the first of its types);
 * the last entry is the fallback. */
extern const kg_viz__class kg_viz__classes[];
extern const size_t kg_viz__class_count;

/* ---- model (model.c) --------------------------------------------------- */

typedef struct kg_viz__node {
    const char *id;     /* IRI or blank label; borrowed from the triples */
    int blank;          /* nonzero for a blank node */
    const char *label;  /* rdfs:label (or headline), borrowed, or NULL */
    const char *date;   /* schema:startDate or datePublished, or NULL */
    const char *url;    /* schema:url of an article, borrowed, or NULL */
    size_t cls;         /* index into kg_viz__classes */
    size_t degree;      /* edges drawn to or from the node */
    int focus;          /* nonzero: the node given as focus */
    int keep;           /* nonzero: drawn (false past the cap) */
    size_t state;       /* 1 + index of the state node it belongs to
                           (kg:state, or memberOf an organisation that has
                           one; a state belongs to itself), 0 if none */
    char name[24];      /* DOT node name, from a hash of the term */
    double score;       /* value of the size_by property, or -1 */
} kg_viz__node;

typedef struct kg_viz__edge {
    size_t s, o;        /* indexes into the node array */
    const char *pred;   /* predicate IRI, borrowed; NULL for an
                           aggregated overview edge */
    size_t weight;      /* overview: events shared by s and o */
} kg_viz__edge;

typedef struct kg_viz__model {
    kg_viz__node *nodes;  /* owned, sorted by (blank, id) */
    size_t n_nodes;
    kg_viz__edge *edges;  /* owned, sorted by (s, pred, o) */
    size_t n_edges;
    size_t kept_nodes;    /* nodes with 'keep' set */
    size_t kept_edges;    /* edges between kept nodes */
    size_t undated;       /* timeline: events left out for want of a date */
} kg_viz__model;

/*
 * Build the model of 't' into 'm' (zeroed by the caller), marking the node
 * whose IRI is 'focus' (may be NULL) and keeping at most 'cap' nodes: the
 * focus, then by degree, then in node order. Returns 0, KG_EINVALID when
 * 't' has no node to draw, or KG_ENOMEM; on failure 'm' is disposed.
 */
int kg_viz__model_build(kg_viz__model *m, const kg_triples *t,
                        const char *focus, size_t cap, kg_error *err);

/* As kg_viz__model_build, reading node scores from the literal values of
 * 'size_by' (may be NULL) and shaping the model for 'kind': a timeline
 * keeps the events and the nodes linked to them; an overview replaces
 * the events by edges between the non-event, non-place nodes that took
 * part in one, weighted by the number of events shared. */
int kg_viz__model_build_kind(kg_viz__model *m, const kg_triples *t,
                             const char *focus, size_t cap,
                             const char *size_by, int kind, kg_error *err);

/* Nonzero when the node's class is an event class. */
int kg_viz__is_event(const kg_viz__node *n);
/* Nonzero when the node's class is a place. */
int kg_viz__is_place(const kg_viz__node *n);

/* Free what 'm' owns and zero it. */
void kg_viz__model_dispose(kg_viz__model *m);

#endif
