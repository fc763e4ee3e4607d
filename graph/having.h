/*
 * having.h -- HAVING aggregates the SELECT list does not compute
 * (having.c).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef KG_GRAPH_HAVING_H
#define KG_GRAPH_HAVING_H

#include "graph_int.h"

/*
 * Refuse query 'text' when its HAVING uses an aggregate that its SELECT
 * list does not: KG_EUNSUPPORTED with 'err' naming it, KG_ENOMEM, or 0.
 */
int kg_graph__check_having(const char *text, kg_error *err);

#endif
