/*
 * groupas.h -- GROUP BY (expression AS ?var) rewritten as a BIND
 * (groupas.c).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef KG_GRAPH_GROUPAS_H
#define KG_GRAPH_GROUPAS_H

#include "graph_int.h"

/*
 * When the query 'text' groups by "(expression AS ?var)", write to 'out'
 * the same query with "BIND(expression AS ?var)" closing its pattern and
 * "?var" in the GROUP BY, and return 1; return 0 when there is nothing to
 * rewrite, KG_ENOMEM when out of memory.
 */
int kg_graph__fix_group_as(kg_buf *out, const char *text);

#endif
