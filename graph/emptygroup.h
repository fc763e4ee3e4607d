/*
 * emptygroup.h -- the row an aggregate SELECT without GROUP BY gives over
 * no solutions (emptygroup.c).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef KG_GRAPH_EMPTYGROUP_H
#define KG_GRAPH_EMPTYGROUP_H

#include "graph_int.h"

/*
 * Look at parsed query 'q' (projection 'seq', 'n' variables): when it
 * aggregates without GROUP BY, set r->empty_group to the row SPARQL gives
 * when no solution matches (COUNT, SUM and AVG 0, GROUP_CONCAT "", MIN,
 * MAX and SAMPLE unbound), or r->empty_group_unsupported when kg cannot
 * compute it (an expression around an aggregate, HAVING). Returns 0 or
 * KG_ENOMEM.
 */
int kg_graph__empty_group(kg_result *r, rasqal_query *q, raptor_sequence *seq,
                          int n);

/*
 * When SPARQL 'text' is a SELECT with GROUP BY, append to 'out' an ASK of
 * its pattern (with its prologue, dataset and trailing VALUES) and return
 * 1; otherwise 0, or KG_ENOMEM. Only the pattern's text is reused: the
 * ASK is true exactly when the SELECT has at least one group.
 */
int kg_graph__group_probe(kg_buf *out, const char *text);

#endif
