/*
 * lock.h -- the inter-process lock of a store directory (lock.c): one
 * writer or many readers.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef KG_GRAPH_LOCK_H
#define KG_GRAPH_LOCK_H

#include "kg_int.h"

/* Lock file in the store directory; it holds no data. */
#define KG_GRAPH__LOCK "kg-store.lock"

/* Seconds to wait for a lock another process holds. */
#define KG_GRAPH__LOCK_WAIT 5.0

typedef struct kg_graph__lock kg_graph__lock;

/*
 * Lock store directory 'dir': exclusively when 'exclusive' (a writer),
 * else shared (a reader), waiting at most KG_GRAPH__LOCK_WAIT seconds for
 * another process to let go. '*out' receives the lock, or NULL when a
 * reader runs unlocked because the lock file can be neither created nor
 * opened (a read-only file system). Returns 0, KG_EIO ("store ... is
 * locked by another kg load", "... is in use by another kg process", or
 * the system error), or KG_ENOMEM; nothing is held after a failure.
 */
int kg_graph__lock_acquire(kg_graph__lock **out, const char *dir,
                           int exclusive, kg_error *err);

/* Release and free 'lk'; NULL is a no-op. */
void kg_graph__lock_release(kg_graph__lock *lk);

/* Monotonic seconds (query.c). */
double kg_graph__now(void);

#endif
