/*
 * memo.h -- answers of ground triple patterns kept for one query run
 * (memo.c, used by tsource.c).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef KG_GRAPH_MEMO_H
#define KG_GRAPH_MEMO_H

#include <stddef.h>

typedef struct kg_graph__memo kg_graph__memo;

/* Nonzero when 'key' has an answer in 'm' (NULL: none), in *count. */
int kg_graph__memo_get(const kg_graph__memo *m, const void *key, size_t len,
                       long *count);

/* Keep 'count' for 'key' (*m made on first use). Beyond a fixed number
 * of keys nothing more is kept. 0 or KG_ENOMEM. */
int kg_graph__memo_put(kg_graph__memo **m, const void *key, size_t len,
                       long count);

void kg_graph__memo_free(kg_graph__memo *m);

#endif
