/*
 * journal.c -- all or nothing for a writer's session on a store whose
 * files have no journal of their own.
 *
 * librdf's BDB hashes are written in place, page by page, without a
 * Berkeley DB environment: a writer killed between two syncs leaves hash
 * files whose pages disagree, and every later open reads garbage (libdb
 * crashes in __db_pitem_nolog; found by tests/e2e/faults.sh). So a writer,
 * once it holds the store's exclusive lock (lock.c) and before its first
 * write, copies every *.db file of the store into kg-journal/ (built as
 * kg-journal.tmp/ and renamed: kg-journal/ exists only when complete).
 * The session commits by removing kg-journal/ after kg_graph_free() has
 * synced and closed the hashes; a session that failed while writing (a
 * full disk) rolls back instead, copying the journal over the store. A
 * writer that dies leaves kg-journal/ behind: the next writer restores it
 * before anything else (a restore cut short is simply redone: the journal
 * goes only when every file is back), and a reader in the meantime reads
 * the journal's copy, the last committed state, in place of the damaged
 * files.
 *
 * Cost (bench/store): a copy of the store per writing session, so it is
 * kept down three ways. The journal is taken lazily, at the first write
 * (kg_graph__journal_begin): a session that writes nothing (every article
 * already loaded) copies nothing; until then the files are as committed
 * (nothing is written when librdf opens them). A new store is journaled
 * at once, empty, so that a dead first session reads as "no store". And a
 * file is copied by reflink (FICLONE: no data copied on btrfs, XFS) or by
 * copy_file_range (in the kernel; server side on NFS), read/write last.
 *
 * Durability: journal files are fsync'd, then kg-journal.tmp/, before the
 * rename, and the store directory after it; at commit the store's files
 * and directory are fsync'd before the journal is removed. A power loss
 * therefore leaves either the journal (restored by the next writer) or a
 * committed store. librdf's own syncs (DB->sync) flush libdb's cache.
 *
 * SPDX-License-Identifier: MIT
 */
#define _GNU_SOURCE 1 /* copy_file_range */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "graph_int.h"
#include "journal.h"

#define JOURNAL "kg-journal"
#define JOURNAL_TMP "kg-journal.tmp"

/* Nonzero when 'name' is a file the hashes keep (*.db). */
static int is_db(const char *name)
{
    size_t n = strlen(name);

    return n > 3 && strcmp(name + n - 3, ".db") == 0;
}

/* Copy the rest of 'in' to 'out' with read and write. 0 or -1. */
static int copy_rw(int in, int out)
{
    char buf[65536];
    ssize_t n;

    while ((n = read(in, buf, sizeof(buf))) != 0) {
        ssize_t off = 0, w;
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        while (off < n) {
            if ((w = write(out, buf + off, (size_t)(n - off))) < 0) {
                if (errno == EINTR)
                    continue;
                return -1;
            }
            off += w;
        }
    }
    return 0;
}

/* Copy 'in' (at offset 0) to the empty 'out': reflink, else
 * copy_file_range, else read/write. 0 or -1 with errno. */
static int copy_fd(int in, int out)
{
    ssize_t n;

    if (ioctl(out, FICLONE, in) == 0)
        return 0;
    for (;;) {
        n = copy_file_range(in, NULL, out, NULL, (size_t)1 << 30, 0);
        if (n == 0)
            return 0;
        if (n > 0)
            continue;
        if (errno == EINTR)
            continue;
        /* Not offered here (old kernel, two file systems, a special
         * file): start again with plain reads and writes. */
        if (errno != ENOSYS && errno != EXDEV && errno != EINVAL &&
            errno != EOPNOTSUPP)
            return -1;
        if (ftruncate(out, 0) != 0 || lseek(in, 0, SEEK_SET) != 0 ||
            lseek(out, 0, SEEK_SET) != 0)
            return -1;
        return copy_rw(in, out);
    }
}

/* Copy file 'from' to 'to' (created or truncated) and fsync it. 0 or -1
 * with errno. */
static int copy_file(const char *from, const char *to)
{
    int in, out, saved, ok;

    if ((in = open(from, O_RDONLY | O_CLOEXEC)) < 0)
        return -1;
    if ((out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666)) <
        0) {
        saved = errno;
        close(in);
        errno = saved;
        return -1;
    }
    ok = copy_fd(in, out) == 0 && fsync(out) == 0;
    saved = errno;
    close(in);
    if (close(out) != 0)
        ok = 0;
    else
        errno = saved;
    return ok ? 0 : -1;
}

/* fsync file or directory 'path'. 0 or -1 with errno. */
static int sync_path(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC), rc, saved;

    if (fd < 0)
        return -1;
    rc = fsync(fd);
    saved = errno;
    close(fd);
    errno = saved;
    return rc;
}

/* Call 'fn' on each *.db file name in 'dir'; stop at the first failure. */
static int each_db(const char *dir, int (*fn)(const char *name, void *arg),
                   void *arg)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int rc = 0;

    if (!d)
        return errno == ENOENT ? 0 : -1;
    while (rc == 0 && (e = readdir(d)) != NULL)
        if (is_db(e->d_name))
            rc = fn(e->d_name, arg);
    closedir(d);
    return rc;
}

typedef struct paths {
    const char *store;   /* the store directory */
    const char *journal; /* a journal directory in it */
    kg_buf a, b;         /* scratch */
} paths;

static int join(kg_buf *out, const char *dir, const char *name)
{
    kg_buf_clear(out);
    return kg_buf_printf(out, "%s/%s", dir, name) < 0 ? (errno = ENOMEM, -1)
                                                      : 0;
}

static int save_one(const char *name, void *arg)
{
    paths *p = arg;

    if (join(&p->a, p->store, name) < 0 || join(&p->b, p->journal, name) < 0)
        return -1;
    return copy_file(p->a.ptr, p->b.ptr);
}

/* Copied over the original in place: needs no room beyond the journal
 * (a full disk is one reason to roll back), and a copy cut short is
 * redone from the journal, which stays until every file is back. */
static int restore_one(const char *name, void *arg)
{
    paths *p = arg;

    if (join(&p->a, p->journal, name) < 0 || join(&p->b, p->store, name) < 0)
        return -1;
    return copy_file(p->a.ptr, p->b.ptr);
}

/* Remove a store file the journal does not know (made after it). */
static int drop_new(const char *name, void *arg)
{
    paths *p = arg;
    struct stat sb;

    if (join(&p->a, p->journal, name) < 0)
        return -1;
    if (stat(p->a.ptr, &sb) == 0)
        return 0;
    if (join(&p->a, p->store, name) < 0)
        return -1;
    return unlink(p->a.ptr) == 0 || errno == ENOENT ? 0 : -1;
}

static int unlink_one(const char *name, void *arg)
{
    paths *p = arg;

    if (join(&p->a, p->journal, name) < 0)
        return -1;
    return unlink(p->a.ptr) == 0 || errno == ENOENT ? 0 : -1;
}

/* Remove journal directory 'name' of 'store' and its files. */
static int remove_journal(paths *p, const char *name, kg_buf *dir)
{
    kg_buf_clear(dir);
    if (kg_buf_printf(dir, "%s/%s", p->store, name) < 0)
        return -1;
    p->journal = dir->ptr;
    if (each_db(dir->ptr, unlink_one, p) < 0)
        return -1;
    return rmdir(dir->ptr) == 0 || errno == ENOENT ? 0 : -1;
}

/* Put the store back as journal 'jdir' has it (files fsync'd by
 * copy_file, then the directory), then drop the journal. */
static int roll_back(paths *p, kg_buf *jdir)
{
    p->journal = jdir->ptr;
    if (each_db(jdir->ptr, restore_one, p) < 0 ||
        each_db(p->store, drop_new, p) < 0 || sync_path(p->store) != 0)
        return -1;
    return remove_journal(p, JOURNAL, jdir);
}

static int sync_one(const char *name, void *arg)
{
    paths *p = arg;

    if (join(&p->a, p->store, name) < 0)
        return -1;
    return sync_path(p->a.ptr);
}

static int count_one(const char *name, void *arg)
{
    (void)name;
    (*(int *)arg)++;
    return 0;
}

/* Number of *.db files in 'dir'. */
static int count_db(const char *dir)
{
    int n = 0;

    (void)each_db(dir, count_one, &n);
    return n;
}

/* Copy the store's files into kg-journal.tmp/, fsync it all, rename it
 * to kg-journal/ and fsync the store directory; sets g->journal. Returns
 * 0, KG_EIO (nothing written to the store) or KG_ENOMEM. */
static int take_journal(kg_graph *g, kg_error *err)
{
    paths p = {g->dir, NULL, KG_BUF_INIT, KG_BUF_INIT};
    kg_buf jdir = KG_BUF_INIT, tdir = KG_BUF_INIT;
    int error = 0;

    if (kg_buf_printf(&jdir, "%s/%s", g->dir, JOURNAL) < 0 ||
        kg_buf_printf(&tdir, "%s/%s", g->dir, JOURNAL_TMP) < 0) {
        error = kg_error_set(err, KG_ENOMEM, "out of memory");
        goto done;
    }
    p.journal = tdir.ptr;
    errno = 0;
    if (mkdir(tdir.ptr, 0777) != 0 || each_db(g->dir, save_one, &p) < 0 ||
        sync_path(tdir.ptr) != 0 || rename(tdir.ptr, jdir.ptr) != 0 ||
        sync_path(g->dir) != 0) {
        int saved = errno ? errno : EIO;
        /* A journal that got renamed holds the store as it is: the next
         * writer restores it, which changes nothing. */
        (void)remove_journal(&p, JOURNAL_TMP, &tdir);
        error = kg_error_set(err, KG_EIO,
                             "cannot journal store '%s' before writing: %s",
                             g->dir, strerror(saved));
        goto done;
    }
    g->journal = 1;

done:
    kg_buf_dispose(&jdir);
    kg_buf_dispose(&tdir);
    kg_buf_dispose(&p.a);
    kg_buf_dispose(&p.b);
    return error;
}

int kg_graph__journal_open(kg_graph *g, int *create, kg_error *err)
{
    paths p = {g->dir, NULL, KG_BUF_INIT, KG_BUF_INIT};
    kg_buf jdir = KG_BUF_INIT, tdir = KG_BUF_INIT;
    struct stat sb;
    int error = 0, have;

    if (!g->dir)
        return 0;
    if (kg_buf_printf(&jdir, "%s/%s", g->dir, JOURNAL) < 0 ||
        kg_buf_printf(&tdir, "%s/%s", g->dir, JOURNAL_TMP) < 0) {
        error = kg_error_set(err, KG_ENOMEM, "out of memory");
        goto done;
    }
    have = stat(jdir.ptr, &sb) == 0 && S_ISDIR(sb.st_mode);
    if (g->flags & KG_OPEN_READONLY) {
        /* A writer died: its journal holds the last committed state. */
        if (have && count_db(jdir.ptr) == 0) {
            error = kg_error_set(err, KG_ENOTFOUND,
                                 "no store at '%s': its first kg load did "
                                 "not finish",
                                 g->dir);
        } else if (have) {
            kg__free(g->dir);
            g->dir = jdir.ptr;
            jdir.ptr = NULL;
        }
        goto done;
    }
    errno = 0;
    if ((have && roll_back(&p, &jdir) < 0) ||
        remove_journal(&p, JOURNAL_TMP, &tdir) < 0) {
        error = kg_error_set(err, KG_EIO,
                             "cannot restore store '%s' from its journal: "
                             "%s",
                             g->dir, strerror(errno ? errno : EIO));
        goto done;
    }
    /* A store whose files are gone (its first session died) starts anew:
     * librdf must create its hashes, not open missing ones. */
    if (count_db(g->dir) == 0)
        *create = 1;
    /* A new store is journaled now, empty (nothing to copy), so that a
     * first session that dies reads as no store at all; any other waits
     * for its first write (kg_graph__journal_begin). */
    if (*create)
        error = take_journal(g, err);

done:
    kg_buf_dispose(&jdir);
    kg_buf_dispose(&tdir);
    kg_buf_dispose(&p.a);
    kg_buf_dispose(&p.b);
    return error;
}

int kg_graph__journal_begin(kg_graph *g, kg_error *err)
{
    if (!g->dir || g->journal || (g->flags & KG_OPEN_READONLY))
        return 0;
    return take_journal(g, err);
}

void kg_graph__journal_close(kg_graph *g)
{
    paths p = {g->dir, NULL, KG_BUF_INIT, KG_BUF_INIT};
    kg_buf jdir = KG_BUF_INIT;

    if (!g->journal)
        return;
    if (kg_buf_printf(&jdir, "%s/%s", g->dir, JOURNAL) == 0) {
        /* Whatever fails here leaves the journal for the next writer. The
         * store's files and directory reach the disk before the journal
         * goes. */
        if (g->failed)
            (void)roll_back(&p, &jdir);
        else if (each_db(g->dir, sync_one, &p) == 0 &&
                 sync_path(g->dir) == 0 &&
                 remove_journal(&p, JOURNAL, &jdir) == 0)
            (void)sync_path(g->dir);
    }
    g->journal = 0;
    kg_buf_dispose(&jdir);
    kg_buf_dispose(&p.a);
    kg_buf_dispose(&p.b);
}
