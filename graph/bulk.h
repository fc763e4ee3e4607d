/*
 * bulk.h -- a whole load written straight into the Berkeley DB files of
 * a store that holds nothing yet (bulk.c).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef KG_GRAPH_BULK_H
#define KG_GRAPH_BULK_H

#include "graph_int.h"

typedef struct kg_graph__bulk kg_graph__bulk;

/* A new, empty set of quads to write. 0 or KG_ENOMEM. */
int kg_graph__bulk_new(kg_graph__bulk **out);

/* Add quad 'q' (q->g: its graph, an IRI); 'in_union': its triple also
 * goes to the union (not so for completion markers). Adding a quad twice
 * writes it once. The terms of 'q'
 * are borrowed until kg_graph__bulk_free. 0, KG_ENOMEM, or KG_EINVALID
 * when this librdf encodes statements in a way bulk.c does not know (the
 * caller then writes through librdf). */
int kg_graph__bulk_add(kg_graph__bulk *b, kg_graph *g, const kg_quad *q,
                       int in_union);

/* Add for every graph of the quads added so far the quad (graph, 'p',
 * 'o', graph), not in the union: the completion markers. The strings of
 * 'p' and 'o' are borrowed as those of kg_graph__bulk_add. */
int kg_graph__bulk_mark_graphs(kg_graph__bulk *b, kg_graph *g,
                               const kg_term *p, const kg_term *o);

/* Write the quads into the hashes "kg" (contexts) and "union" of store
 * directory 'dir', whose files must be closed by librdf and empty;
 * 'predicates': which of the two index predicates (KG_GRAPH__P2SO_*).
 * 0, KG_ENOMEM or KG_EIO. */
int kg_graph__bulk_write(kg_graph__bulk *b, const char *dir,
                         unsigned predicates);

void kg_graph__bulk_free(kg_graph__bulk *b);

#endif
