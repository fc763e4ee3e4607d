/*
 * graph_int.h -- internals shared by the files of graph/: the kg_graph
 * structure, term conversion between kg_term and librdf nodes, and the
 * table of predeclared prefixes.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef KG_GRAPH_INT_H
#define KG_GRAPH_INT_H

#include <librdf.h>

#include "kg_int.h"

/* Predicate of the completion marker: the last quad written into a named
 * graph is <graph> kg:loadComplete true in that graph. A graph without it
 * was cut short (crash, full disk) and is reloaded from scratch. */
#define KG_GRAPH__COMPLETE KG_NS "loadComplete"

/* Marker file that tells a store directory from any other directory. */
/* kg_graph.predicates: "kg" and "union" index predicates (p2so). */
#define KG_GRAPH__P2SO_KG 1u
#define KG_GRAPH__P2SO_UNION 2u

#define KG_GRAPH__MARKER "kg-store.version"
#define KG_GRAPH__MARKER_TEXT "kg-store 1\n"

struct kg_graph {
    kg_ctx *ctx;           /* borrowed */
    librdf_world *world;   /* borrowed from 'ctx' */
    librdf_storage *storage; /* owned */
    librdf_model *model;   /* owned: the quads, one context per graph */
    librdf_storage *ustorage; /* owned */
    librdf_model *umodel;  /* owned: the set union of all graphs, no
                              contexts, each triple once */
    char *dir;             /* owned; NULL for "memory:" */
    char *spec;            /* owned: the directory kg_graph_open() was
                              given ('dir' may name the journal instead);
                              NULL for "memory:" */
    unsigned flags;        /* kg_open_flags */
    struct kg_graph__lock *lock; /* owned (lock.c); NULL: none */
    int journal;           /* nonzero: this writer journaled (journal.c) */
    int failed;            /* nonzero: a write failed; roll back at free */
    unsigned predicates;   /* KG_GRAPH__P2SO_*: which hashes index
                              predicates (store.c, open_model) */
    struct kg_graph__remote *remote; /* owned; non-NULL: a SPARQL server
                                        (remote.c), the librdf fields
                                        above unused */
};

/* A query result: a librdf result walked once, row by row. */
struct kg_result {
    kg_graph *g;                  /* borrowed */
    librdf_query *query;          /* owned */
    librdf_query_results *res;    /* owned */
    kg_query_kind kind;
    int boolean;                  /* ASK answer */
    int width;                    /* number of variables (bindings) */
    char **names;                 /* owned: 'width' variable names */
    double deadline;              /* kg__now() limit; 0: none */
    struct kg_graph__run *run;    /* owned: dataset and deadline of the
                                     triples source (tsource.h) */
    struct kg_graph__mods *mods;  /* owned: modifiers kg applies
                                     (modifiers.c); NULL: none */
    rasqal_query_results *rres;   /* owned: remote bindings (remote.c) */
    long rows;                    /* rows read so far */
    librdf_node **empty_group;    /* owned: the row of an aggregate over
                                     no solutions (emptygroup.c); NULL:
                                     none or given */
    int empty_group_unsupported;  /* that row cannot be computed */
    librdf_query *group_probe;    /* owned: ASK of a grouped query's
                                     pattern (emptygroup.c); NULL: none */
    librdf_model *model;          /* borrowed: the model queried */
    kg_triples *rtriples;         /* owned: remote graph result */
};

/*
 * Fetch the next row of bindings: 'values' (result width) receives new
 * nodes (NULL where unbound) that the caller frees with librdf_free_node.
 * Returns 1 for a row, 0 at the end, KG_ETIMEOUT or KG_EQUERY.
 */
int kg_graph__result_next(kg_result *r, librdf_node **values, kg_error *err);
/* Name of variable 'i' (borrowed from the result). */
const char *kg_graph__result_name(kg_result *r, int i);

/*
 * Nonzero when SPARQL 'text' has a shape rasqal 0.9.33's parser overflows
 * a heap buffer on (query.c): check before any rasqal_query_prepare() of
 * text from outside, and refuse with kg_graph__crash_error().
 */
int kg_graph__crashes_rasqal(const char *text);
int kg_graph__crash_error(kg_error *err);

/* Monotonic seconds. */
double kg_graph__now(void);

/*
 * Remove graph 'ctxn' from the quads and its triples that no other graph
 * states from the union. Returns 0, KG_ENOMEM or KG_EIO.
 */
int kg_graph__drop(kg_graph *g, librdf_node *ctxn);

/* A new librdf node for 't' (IRI, blank or literal), or NULL (no memory). */
librdf_node *kg_graph__node(kg_graph *g, const kg_term *t);

/* A new librdf statement for the triple of 'q', or NULL (no memory). */
librdf_statement *kg_graph__statement(kg_graph *g, const kg_quad *q);

/* View 'n' as a kg_term borrowing its strings (kind NONE when NULL). */
void kg_graph__term(kg_term *out, librdf_node *n);

/* A new IRI node, or NULL. */
librdf_node *kg_graph__iri(kg_graph *g, const char *iri);

/* ---- for update.c (store.c) ----------------------------------------- */

/* 0, or KG_EIO when 'g' is read-only or failed earlier (message set). */
int kg_graph__writable(kg_graph *g, kg_error *err);

/* Nonzero when 'model' holds the triple of 'st' in any graph. */
int kg_graph__has_triple(librdf_model *model, librdf_statement *st);

/* Nonzero when graph 'ctxn' holds the triple of 'st'. */
int kg_graph__has_quad(kg_graph *g, librdf_node *ctxn, librdf_statement *st);

/* Nonzero when graph 'ctxn' holds its completion marker. */
int kg_graph__complete(kg_graph *g, librdf_node *ctxn);

/* Add the completion marker to graph 'ctxn'. 0, KG_ENOMEM or KG_EIO. */
int kg_graph__add_marker(kg_graph *g, librdf_node *ctxn);

#endif
