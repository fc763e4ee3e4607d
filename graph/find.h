/*
 * find.h -- librdf_model_find_statements without librdf's reference leak
 * on predicate-index lookups (find.c).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef KG_GRAPH_FIND_H
#define KG_GRAPH_FIND_H

#include "graph_int.h"

/* librdf_model_find_statements(model, pat); 'world' is the model's. */
librdf_stream *kg_graph__find_statements(librdf_world *world,
                                         librdf_model *model,
                                         librdf_statement *pat);

#endif
