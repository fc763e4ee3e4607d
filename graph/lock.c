/*
 * lock.c -- one writer or many readers per store directory, across
 * processes.
 *
 * librdf's BDB hashes run without a Berkeley DB environment: no locking
 * and no transactions, and each process caches pages of its own. Two
 * writers would each overwrite the other's pages, and a reader beside a
 * writer reads pages the writer has half flushed. So kg_graph_open()
 * takes an flock(2) on the file kg-store.lock in the store directory:
 * exclusive for a writable store, shared for KG_OPEN_READONLY, held until
 * kg_graph_free() has synced and closed the hashes. A lock that is taken
 * is waited for at most KG_GRAPH__LOCK_WAIT seconds, then the open fails
 * with a message naming the other holder. flock locks go with the open
 * file: a process killed with SIGKILL releases its lock at once.
 *
 * A reader that can neither create nor open the lock file (a store on a
 * read-only file system, where no writer can run either) goes on without
 * a lock. "memory:" stores are private to their process and take none.
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "lock.h"

struct kg_graph__lock {
    int fd; /* the open lock file, flock'd */
};

static void pause_ms(long ms)
{
    struct timespec ts;

    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (ms % 1000) * 1000000L;
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

int kg_graph__lock_acquire(kg_graph__lock **out, const char *dir,
                           int exclusive, kg_error *err)
{
    kg_graph__lock *lk = NULL;
    kg_buf path = KG_BUF_INIT;
    double deadline;
    int fd, error = 0;

    *out = NULL;
    if (kg_buf_printf(&path, "%s/%s", dir, KG_GRAPH__LOCK) < 0)
        return kg_error_set(err, KG_ENOMEM, "out of memory");
    fd = open(path.ptr, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0 && !exclusive)
        fd = open(path.ptr, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (!exclusive)
            goto done; /* read-only file system: no writer can run */
        error = kg_error_set(err, KG_EIO, "cannot lock store '%s': %s", dir,
                             strerror(errno));
        goto done;
    }
    deadline = kg_graph__now() + KG_GRAPH__LOCK_WAIT;
    while (flock(fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0) {
        if (errno == EINTR)
            continue;
        if (errno != EWOULDBLOCK) {
            error = kg_error_set(err, KG_EIO, "cannot lock store '%s': %s",
                                 dir, strerror(errno));
            break;
        }
        if (kg_graph__now() >= deadline) {
            /* Only writers hold the lock exclusively. */
            error = exclusive
                        ? kg_error_set(err, KG_EIO,
                                       "store '%s' is in use by another kg "
                                       "process",
                                       dir)
                        : kg_error_set(err, KG_EIO,
                                       "store '%s' is locked by another kg "
                                       "load",
                                       dir);
            break;
        }
        pause_ms(50);
    }
    if (error == 0 && (lk = kg__malloc(sizeof(*lk))) == NULL)
        error = kg_error_set(err, KG_ENOMEM, "out of memory");
    if (error < 0) {
        close(fd);
        goto done;
    }
    lk->fd = fd;
    *out = lk;

done:
    kg_buf_dispose(&path);
    return error;
}

void kg_graph__lock_release(kg_graph__lock *lk)
{
    if (!lk)
        return;
    close(lk->fd); /* releases the flock */
    kg__free(lk);
}
