/*
 * tsource.h -- kg's rasqal triples source (tsource.c), used by query.c.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef KG_GRAPH_TSOURCE_H
#define KG_GRAPH_TSOURCE_H

#include "graph_int.h"

/*
 * librdf_query_execute(q, model), with rasqal matching triple patterns
 * through kg's triples source (installed on world 'w' on first use in
 * this thread). Returns the results, or NULL (librdf has logged why).
 */
librdf_query_results *kg_graph__execute(librdf_query *q, librdf_world *w,
                                        librdf_model *model);

/* A new rasqal literal for node 'n' (the caller frees it with
 * rasqal_free_literal), or NULL. */
rasqal_literal *kg_graph__literal(rasqal_world *rw, librdf_node *n);

#endif
