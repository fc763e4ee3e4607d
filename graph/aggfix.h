/*
 * aggfix.h -- aggregates rewritten so that rows where 'e' is
 * unbound or an error do not count (aggfix.c).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef KG_GRAPH_AGGFIX_H
#define KG_GRAPH_AGGFIX_H

#include "graph_int.h"

/*
 * When query 'text' uses COUNT(e) or AVG(e) (not COUNT(*), not DISTINCT),
 * write to 'out' the query with each rewritten as an equivalent rasqal
 * gets right and return 1; return 0 when there is none, KG_ENOMEM when
 * out of memory.
 */
int kg_graph__fix_aggregates(kg_buf *out, const char *text);

#endif
