/*
 * bindfix.h -- BIND(e AS ?v) kept when e is an error (bindfix.c).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef KG_GRAPH_BINDFIX_H
#define KG_GRAPH_BINDFIX_H

#include "graph_int.h"

/*
 * When query 'text' holds BIND clauses, write to 'out' the query with
 * each "BIND(...)" written "OPTIONAL { BIND(...) }" and return 1; return
 * 0 when there is none, KG_ENOMEM when out of memory.
 */
int kg_graph__fix_binds(kg_buf *out, const char *text);

#endif
