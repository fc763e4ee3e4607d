/*
 * bulk.c -- a whole load written straight into the Berkeley DB files of a
 * store that holds nothing yet, index by index, in key order.
 *
 * Why: through librdf every quad costs seven B-tree puts in random key
 * order (sp2o, po2s, so2p and contexts of "kg", sp2o, po2s, so2p of
 * "union"), each from the root through libdb's 256 KB default cache, and
 * a lookup in the union to keep each triple once. At 1M quads that was
 * 39 s (25k quads/s; perf: 60 % in DB->put, a third of it pread/pwrite of
 * evicted pages; a 64 MB cache only took it to 34 s). Sorted, each index
 * is written as an append at the right edge of its tree, which stays in
 * the cache, and the union's duplicates are adjacent: no lookups.
 *
 * The files are the ones librdf's "hashes" storage reads (its
 * rdf_storage_hashes.c, 1.0.17): "<name>-<index>.db", B-trees with
 * unsorted duplicates (DB_DUP), keys and values made by
 * librdf_statement_encode_parts2 -- 'x', then 's' and the subject, 'p'
 * and the predicate, 'o' and the object as librdf_node_encode gives
 * them, and for "kg" 'c' and the graph in the value. The contexts index
 * maps the encoded graph to the whole encoded triple. kg_graph__bulk_add
 * checks this framing against librdf's own encoding of the first quad and
 * refuses (the caller goes through librdf) when they differ.
 *
 * Memory: each quad's encoded terms (about 250 bytes a quad), plus one
 * index's records at a time.
 *
 * SPDX-License-Identifier: MIT
 */
#define _DEFAULT_SOURCE 1 /* db.h uses u_int and u_long */
#include <db.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bulk.h"

/* libdb's cache per file while writing: the right edge of a tree in key
 * order is a handful of pages, the rest is write-back buffering. */
#define BULK_CACHE (16u << 20)

enum { PART_S, PART_P, PART_O, PART_C };

/* Where one part of a quad sits in 'terms': for S, P and O the letter
 * and the encoded node; for C the encoded node alone. */
typedef struct part {
    size_t off;
    size_t len;
} part;

typedef struct bquad {
    part t[4];
    int in_union;
} bquad;

struct kg_graph__bulk {
    kg_buf terms;
    bquad *quads;
    size_t n, alloc;
    int checked; /* the framing was compared with librdf's */
};

/* One file: which parts make its key and value. */
typedef struct index_desc {
    const char *file;  /* "<store>-<index>" */
    unsigned key;      /* bits (1 << PART_x) */
    unsigned value;
    int kg;            /* 1: the quads of "kg"; 0: the union's triples */
} index_desc;

#define B(x) (1u << (x))
static const index_desc indexes[] = {
    {"kg-sp2o", B(PART_S) | B(PART_P), B(PART_O) | B(PART_C), 1},
    {"kg-po2s", B(PART_P) | B(PART_O), B(PART_S) | B(PART_C), 1},
    {"kg-so2p", B(PART_S) | B(PART_O), B(PART_P) | B(PART_C), 1},
    /* key: the graph alone, no 'x' (librdf_node_encode) */
    {"kg-contexts", B(PART_C), B(PART_S) | B(PART_P) | B(PART_O), 1},
    {"union-sp2o", B(PART_S) | B(PART_P), B(PART_O), 0},
    {"union-po2s", B(PART_P) | B(PART_O), B(PART_S), 0},
    {"union-so2p", B(PART_S) | B(PART_O), B(PART_P), 0},
};

int kg_graph__bulk_new(kg_graph__bulk **out)
{
    *out = kg__calloc(1, sizeof(**out));
    return *out ? 0 : KG_ENOMEM;
}

void kg_graph__bulk_free(kg_graph__bulk *b)
{
    if (!b)
        return;
    kg_buf_dispose(&b->terms);
    kg__free(b->quads);
    kg__free(b);
}

/* Append 'letter' (0: none) and node 'n' encoded to b->terms. */
static int put_node(kg_graph__bulk *b, part *out, char letter,
                    librdf_node *n)
{
    size_t len = librdf_node_encode(n, NULL, 0);

    if (len == 0)
        return KG_EINVALID;
    if (kg_buf_grow(&b->terms, len + 1) < 0)
        return KG_ENOMEM;
    out->off = b->terms.size;
    if (letter)
        b->terms.ptr[b->terms.size++] = letter;
    if (librdf_node_encode(n, (unsigned char *)b->terms.ptr + b->terms.size,
                           len) != len)
        return KG_EINVALID;
    b->terms.size += len;
    b->terms.ptr[b->terms.size] = '\0';
    out->len = b->terms.size - out->off;
    return 0;
}

/* Append to 'out' the parts 'fields' of 'q': 'x' and S, P, O as chosen,
 * then 'c' and C when chosen; C alone when it is the only part. */
static int put_fields(kg_buf *out, const kg_graph__bulk *b, const bquad *q,
                      unsigned fields)
{
    int i;

    if (fields == B(PART_C))
        return kg_buf_put(out, b->terms.ptr + q->t[PART_C].off,
                          q->t[PART_C].len);
    if (kg_buf_put(out, "x", 1) < 0)
        return KG_ENOMEM;
    for (i = PART_S; i <= PART_O; i++)
        if ((fields & B(i)) &&
            kg_buf_put(out, b->terms.ptr + q->t[i].off, q->t[i].len) < 0)
            return KG_ENOMEM;
    if ((fields & B(PART_C)) &&
        (kg_buf_put(out, "c", 1) < 0 ||
         kg_buf_put(out, b->terms.ptr + q->t[PART_C].off,
                    q->t[PART_C].len) < 0))
        return KG_ENOMEM;
    return 0;
}

/* Nonzero when librdf encodes 'st' in graph 'ctxn' as put_fields does,
 * for a key (S and P) and a value with the graph (O and C). */
static int same_framing(kg_graph__bulk *b, librdf_world *w,
                        librdf_statement *st, librdf_node *ctxn,
                        const bquad *q)
{
    static const librdf_statement_part fields[2] = {
        LIBRDF_STATEMENT_SUBJECT | LIBRDF_STATEMENT_PREDICATE,
        LIBRDF_STATEMENT_OBJECT};
    static const unsigned mine[2] = {B(PART_S) | B(PART_P),
                                     B(PART_O) | B(PART_C)};
    int i, same = 1;

    for (i = 0; i < 2 && same; i++) {
        librdf_node *c = i ? ctxn : NULL;
        kg_buf a = KG_BUF_INIT;
        size_t len = librdf_statement_encode_parts2(w, st, c, NULL, 0,
                                                    fields[i]);
        unsigned char *lib = len ? kg__malloc(len) : NULL;

        same = lib && put_fields(&a, b, q, mine[i]) == 0 &&
               librdf_statement_encode_parts2(w, st, c, lib, len,
                                              fields[i]) == len &&
               a.size == len && memcmp(a.ptr, lib, len) == 0;
        kg__free(lib);
        kg_buf_dispose(&a);
    }
    return same;
}

int kg_graph__bulk_add(kg_graph__bulk *b, librdf_world *w,
                       librdf_statement *st, librdf_node *ctxn,
                       int in_union)
{
    bquad *q;
    int error;

    if (b->n == b->alloc) {
        size_t na = b->alloc ? b->alloc * 2 : 1024;
        bquad *nq = kg__realloc(b->quads, na * sizeof(*nq));
        if (!nq)
            return KG_ENOMEM;
        b->quads = nq;
        b->alloc = na;
    }
    q = &b->quads[b->n];
    q->in_union = in_union;
    if ((error = put_node(b, &q->t[PART_S], 's',
                          librdf_statement_get_subject(st))) < 0 ||
        (error = put_node(b, &q->t[PART_P], 'p',
                          librdf_statement_get_predicate(st))) < 0 ||
        (error = put_node(b, &q->t[PART_O], 'o',
                          librdf_statement_get_object(st))) < 0 ||
        (error = put_node(b, &q->t[PART_C], 0, ctxn)) < 0)
        return error;
    if (!b->checked) {
        if (!same_framing(b, w, st, ctxn, q))
            return KG_EINVALID;
        b->checked = 1;
    }
    b->n++;
    return 0;
}

/* A record in an index's arena: key length, value length (host order,
 * unaligned), key, value. */
static void record_lengths(const unsigned char *r, uint32_t *k, uint32_t *v)
{
    memcpy(k, r, sizeof(*k));
    memcpy(v, r + sizeof(*k), sizeof(*v));
}

/* libdb's default B-tree order (__bam_defcmp): bytes, then length. */
static int bytes_cmp(const unsigned char *a, uint32_t na,
                     const unsigned char *b, uint32_t nb)
{
    int c = memcmp(a, b, na < nb ? na : nb);

    if (c != 0)
        return c;
    return na < nb ? -1 : na > nb;
}

static int record_cmp(const void *pa, const void *pb)
{
    const unsigned char *a = *(const unsigned char *const *)pa;
    const unsigned char *b = *(const unsigned char *const *)pb;
    uint32_t ka, va, kb, vb;
    int c;

    record_lengths(a, &ka, &va);
    record_lengths(b, &kb, &vb);
    if ((c = bytes_cmp(a + 8, ka, b + 8, kb)) != 0)
        return c;
    return bytes_cmp(a + 8 + ka, va, b + 8 + kb, vb);
}

/* Build in 'arena' the records of index 'ix', and in *recs (owned) their
 * addresses sorted in key order. */
static int build_index(kg_buf *arena, unsigned char ***recs, size_t *n_out,
                       const kg_graph__bulk *b, const index_desc *ix)
{
    size_t *offs = NULL, n = 0, i;
    unsigned char **r;
    int error = 0;

    *recs = NULL;
    *n_out = 0;
    if ((offs = kg__malloc((b->n ? b->n : 1) * sizeof(*offs))) == NULL)
        return KG_ENOMEM;
    for (i = 0; i < b->n && error == 0; i++) {
        const bquad *q = &b->quads[i];
        uint32_t len[2];
        size_t start = arena->size;

        if (!ix->kg && !q->in_union)
            continue;
        offs[n++] = start;
        if (kg_buf_put(arena, "\0\0\0\0\0\0\0\0", 8) < 0 ||
            put_fields(arena, b, q, ix->key) < 0) {
            error = KG_ENOMEM;
            break;
        }
        len[0] = (uint32_t)(arena->size - start - 8);
        if (put_fields(arena, b, q, ix->value) < 0) {
            error = KG_ENOMEM;
            break;
        }
        len[1] = (uint32_t)(arena->size - start - 8 - len[0]);
        memcpy(arena->ptr + start, len, sizeof(len));
    }
    if (error == 0 &&
        (r = kg__malloc((n ? n : 1) * sizeof(*r))) != NULL) {
        for (i = 0; i < n; i++)
            r[i] = (unsigned char *)arena->ptr + offs[i];
        qsort(r, n, sizeof(*r), record_cmp);
        *recs = r;
        *n_out = n;
    } else if (error == 0) {
        error = KG_ENOMEM;
    }
    kg__free(offs);
    return error;
}

/* Put the sorted records into B-tree file 'path', each distinct record
 * once (the union's triples come once per graph stating them). */
static int write_file(const char *path, unsigned char **recs, size_t n)
{
    DB *db = NULL;
    size_t i;
    int rc;

    if ((rc = db_create(&db, NULL, 0)) != 0)
        return KG_EIO;
    if ((rc = db->set_flags(db, DB_DUP)) == 0 &&
        (rc = db->set_cachesize(db, 0, BULK_CACHE, 1)) == 0)
        rc = db->open(db, NULL, path, NULL, DB_BTREE, DB_CREATE, 0644);
    for (i = 0; i < n && rc == 0; i++) {
        DBT k, v;
        uint32_t kl, vl;

        if (i > 0 && record_cmp(&recs[i - 1], &recs[i]) == 0)
            continue;
        record_lengths(recs[i], &kl, &vl);
        memset(&k, 0, sizeof(k));
        memset(&v, 0, sizeof(v));
        k.data = recs[i] + 8;
        k.size = kl;
        v.data = recs[i] + 8 + kl;
        v.size = vl;
        rc = db->put(db, NULL, &k, &v, 0);
    }
    if (db->close(db, 0) != 0)
        rc = -1;
    return rc == 0 ? 0 : KG_EIO;
}

int kg_graph__bulk_write(kg_graph__bulk *b, const char *dir)
{
    kg_buf arena = KG_BUF_INIT, path = KG_BUF_INIT;
    unsigned char **recs = NULL;
    size_t i, n;
    int error = 0;

    for (i = 0; i < sizeof(indexes) / sizeof(indexes[0]) && error == 0;
         i++) {
        kg_buf_clear(&arena);
        kg_buf_clear(&path);
        if ((error = build_index(&arena, &recs, &n, b, &indexes[i])) < 0)
            break;
        if (kg_buf_printf(&path, "%s/%s.db", dir, indexes[i].file) < 0)
            error = KG_ENOMEM;
        else
            error = write_file(path.ptr, recs, n);
        kg__free(recs);
        recs = NULL;
    }
    kg_buf_dispose(&arena);
    kg_buf_dispose(&path);
    return error;
}
