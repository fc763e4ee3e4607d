/*
 * tsource.h -- kg's rasqal triples source (tsource.c), used by query.c:
 * the state of one query run (dataset, deadline) and the execution call.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef KG_GRAPH_TSOURCE_H
#define KG_GRAPH_TSOURCE_H

#include "graph_int.h"

/*
 * What one query run matches against and until when. Owned by the
 * kg_result (rasqal matches lazily, while rows are read, so the triples
 * source reads it until the result is freed).
 */
typedef struct kg_graph__run {
    double deadline;        /* kg_graph__now() limit; 0: none */
    int timed_out;          /* set when matching stopped at the deadline */
    int given;              /* the dataset came from the options: the
                               query's FROM / FROM NAMED are ignored */
    int restricted;         /* match the dataset below only (given, or
                               from the query's FROM / FROM NAMED);
                               0: the whole model */
    librdf_node **defaults; /* owned: the default graph is their merge */
    size_t n_defaults;
    librdf_node **named;    /* owned: the graphs GRAPH ranges over */
    size_t n_named;
    unsigned ticks;         /* matching steps since the clock was read */
    struct kg_graph__memo *memo; /* owned: answers of patterns with all
                                    or two terms bound (memo.c); NULL:
                                    none yet */
    long lists, list_hits;  /* two-bound patterns gathered, and answered
                               from the memo */
    int no_lists;           /* the memo answered too few: stream them */
} kg_graph__run;

/*
 * Set up 'run' (zeroed by the caller) from the dataset and timeout of
 * 'opts'. Returns 0 or KG_ENOMEM ('run' then needs disposing all the
 * same).
 */
int kg_graph__run_init(kg_graph__run *run, librdf_world *w,
                       const kg_query_options *opts);

/*
 * Add graph 'iri' to the default graphs (or with 'named' to the named
 * graphs) of 'run', which then restricts matching to its dataset.
 * Returns 0 or KG_ENOMEM.
 */
int kg_graph__run_add(kg_graph__run *run, librdf_world *w, const char *iri,
                      int named);

/*
 * Nonzero when 'model' holds triple 'st' in graph 'graph' (any graph if
 * NULL), through the so2p index: librdf scans the whole store for a
 * find with three terms bound, and the whole graph for one in a context.
 */
int kg_graph__holds(librdf_model *model, librdf_statement *st,
                    librdf_node *graph);

/* Nonzero when GRAPH may match 'graph' under the dataset of 'run'. */
int kg_graph__run_names(const kg_graph__run *run, librdf_node *graph);

/* Free what 'run' owns; a zeroed run is fine. */
void kg_graph__run_dispose(kg_graph__run *run);

/* Nonzero when 'run' has passed its deadline (and then stays so). */
int kg_graph__run_expired(kg_graph__run *run);

/*
 * librdf_query_execute(q, model), with rasqal matching triple patterns
 * through kg's triples source (installed on world 'w' on first use in
 * this thread) under the dataset and deadline of 'run', which must
 * outlive the results. Returns the results, or NULL (librdf has logged
 * why).
 */
librdf_query_results *kg_graph__execute(librdf_query *q, librdf_world *w,
                                        librdf_model *model,
                                        kg_graph__run *run);

/* A new rasqal literal for node 'n' (the caller frees it with
 * rasqal_free_literal), or NULL. */
rasqal_literal *kg_graph__literal(rasqal_world *rw, librdf_node *n);

#endif
