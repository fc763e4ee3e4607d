/*
 * journal.h -- the copy of a store's files that makes a writer's session
 * all or nothing (journal.c).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef KG_GRAPH_JOURNAL_H
#define KG_GRAPH_JOURNAL_H

#include "graph_int.h"

/*
 * Called by kg_graph_open() with the store's lock held, before librdf
 * opens a file. A writer first restores the journal a dead writer left;
 * when the store then has no files (new, or its first session died),
 * '*create' is set so that librdf makes them anew, and the (empty) store
 * is journaled at once. A reader of a store with a dead writer's journal
 * is pointed at the journal (g->dir replaced), or gets KG_ENOTFOUND when
 * that writer was creating the store. No-op for "memory:". Returns 0,
 * KG_ENOTFOUND, KG_EIO (the journal cannot be restored or written) or
 * KG_ENOMEM.
 */
int kg_graph__journal_open(kg_graph *g, int *create, kg_error *err);

/*
 * Called before a writer's first change to the store: journal its files
 * unless done (sets g->journal). No-op for "memory:" and readers. Returns
 * 0, or KG_EIO / KG_ENOMEM with the message in 'err' and nothing written
 * (a full disk: the journal needs as much room as the store).
 */
int kg_graph__journal_begin(kg_graph *g, kg_error *err);

/*
 * Called by kg_graph_free() after the hashes are synced and closed:
 * commit (drop the journal), or roll back to it when g->failed.
 */
void kg_graph__journal_close(kg_graph *g);

#endif
