/*
 * memo.h -- answers of ground triple patterns kept for one query run
 * (memo.c, used by tsource.c).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef KG_GRAPH_MEMO_H
#define KG_GRAPH_MEMO_H

#include <stddef.h>

#include <librdf.h>

typedef struct kg_graph__memo kg_graph__memo;

/* Nonzero when 'key' has an answer in 'm' (NULL: none): its count of
 * matches, and the matches' nodes (borrowed; NULL for a ground pattern's
 * answer, which is a count only). */
int kg_graph__memo_get(const kg_graph__memo *m, const void *key, size_t len,
                       long *count, librdf_node ***nodes);

/* Keep 'count' and 'nodes' ('count' of them, or NULL) for 'key' (*m made
 * on first use). Returns 1 when kept: 'nodes' then belongs to the memo;
 * 0 when the memo is full (MEMO_MAX keys or nodes) and 'nodes' stays the
 * caller's; KG_ENOMEM. */
int kg_graph__memo_put(kg_graph__memo **m, const void *key, size_t len,
                       long count, librdf_node **nodes);

/* Free 'n' nodes and the array 'nodes'. */
void kg_graph__memo_free_nodes(librdf_node **nodes, long n);

void kg_graph__memo_free(kg_graph__memo *m);

#endif
