/*
 * modifiers.h -- ORDER BY, DISTINCT, LIMIT and OFFSET of a SELECT done by
 * kg over rasqal's unordered rows (modifiers.c), used by query.c.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef KG_GRAPH_MODIFIERS_H
#define KG_GRAPH_MODIFIERS_H

#include "graph_int.h"

typedef struct kg_graph__mods kg_graph__mods;

/* Read one row from rasqal (query.c's reader), same contract as
 * kg_graph__result_next. */
typedef int (*kg_graph__row_fn)(kg_result *r, librdf_node **values,
                                kg_error *err);

/*
 * Look at the solution modifiers of query 'text' (parsed with rasqal on
 * 'g''s world). kg applies them itself to a SELECT with an ORDER BY whose
 * keys are all projected variables, or with DISTINCT: then '*out' is set
 * and the caller must blank out of the text the top-level ORDER BY,
 * LIMIT and OFFSET, and DISTINCT when kg_graph__mods_distinct(*out).
 * Returns 1 when so, 0 when the query is left to rasqal, KG_ENOMEM.
 */
int kg_graph__mods_plan(kg_graph__mods **out, kg_graph *g, const char *text,
                        librdf_uri *base);

/* Nonzero when 'm' removes duplicate rows (the text's DISTINCT goes). */
int kg_graph__mods_distinct(const kg_graph__mods *m);

/* Call once the result's variable names are known: finds the columns of
 * the order keys. Returns 0 or KG_EQUERY when a key is not a column. */
int kg_graph__mods_bind(kg_graph__mods *m, const kg_result *r);

/*
 * kg_graph__result_next for a result with modifiers 'm': rows are read
 * with 'raw' (the whole result when ordering; a bounded heap of
 * OFFSET+LIMIT rows when both ORDER BY and LIMIT are given). Same return
 * values.
 */
int kg_graph__mods_next(kg_graph__mods *m, kg_result *r, kg_graph__row_fn raw,
                        librdf_node **values, kg_error *err);

void kg_graph__mods_free(kg_graph__mods *m);

#endif
