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
 * rdf_storage_hashes.c, 1.0.17): "<name>-<index>.db" (sp2o, po2s, so2p,
 * p2so when predicates are indexed, contexts for "kg"), B-trees with
 * unsorted duplicates (DB_DUP), keys and values made by
 * librdf_statement_encode_parts2 -- 'x', then 's' and the subject, 'p'
 * and the predicate, 'o' and the object as librdf_node_encode gives
 * them, and for "kg" 'c' and the graph in the value. The contexts index
 * maps the encoded graph to the whole encoded triple. kg_graph__bulk_add
 * checks this framing against librdf's own encoding of the first quad and
 * refuses (the caller goes through librdf) when they differ.
 *
 * Sorting: librdf's node encodings are self-delimiting (a type byte and
 * the lengths first), so byte order of a key or value is the order of
 * its nodes' encodings taken in turn. Each distinct term is encoded once
 * and ranked in byte order; an index is then sorted as tuples of ranks
 * (sorting the encoded records themselves spent 3 s of 15 at 1M quads
 * in memcmp over their long common prefixes).
 *
 * Memory: each distinct term once, 20 bytes a quad, and for each of the
 * two writing threads one index's sort arrays (40 bytes a quad). At 1M
 * quads the whole load peaks at 0.7 GB, most of it the parsed quads.
 *
 * Measured at 1M quads (bench/store, 2 cores): 29 s CPU, 33 s wall
 * through librdf; 9.9 s CPU, 7.3 s wall here (parsing included).
 *
 * SPDX-License-Identifier: MIT
 */
#define _DEFAULT_SOURCE 1 /* db.h uses u_int and u_long */
#include <db.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bulk.h"

/* libdb's cache per file while writing: the right edge of a tree in key
 * order is a handful of pages, the rest is write-back buffering. */
#define BULK_CACHE (16u << 20)
/* Bytes of key/value pairs handed to libdb a call. */
#define BULK_PAIRS (1u << 20)

enum { PART_S, PART_P, PART_O, PART_C };

/* A distinct term: where its encoding sits in 'codes'. */
typedef struct node {
    kg_term term;        /* its strings borrowed from the caller */
    size_t off;
    uint32_t len;
    uint32_t rank;       /* place in byte order; equal codes, equal rank */
    int marked;          /* a graph given its completion marker */
} node;

typedef struct bquad {
    uint32_t t[4];       /* node numbers of S, P, O and the graph */
    int in_union;
} bquad;

struct kg_graph__bulk {
    kg_buf codes;        /* the encoded nodes, one after another */
    node *nodes;
    size_t n_nodes, nodes_alloc;
    uint32_t *slots;     /* open addressing: node number + 1, 0 free */
    size_t n_slots;
    bquad *quads;
    size_t n, alloc;
    int checked;         /* the framing was compared with librdf's */
};

/* One file: which parts make its key and value, in order. */
typedef struct index_desc {
    const char *file;    /* "<store>-<index>" */
    int n_key, n_value;
    int parts[4];        /* key parts, then value parts */
    int kg;              /* 1: the quads of "kg"; 0: the union's triples */
    unsigned predicates; /* KG_GRAPH__P2SO_*: only in stores with it */
} index_desc;

static const index_desc indexes[] = {
    {"kg-sp2o", 2, 2, {PART_S, PART_P, PART_O, PART_C}, 1, 0},
    {"kg-po2s", 2, 2, {PART_P, PART_O, PART_S, PART_C}, 1, 0},
    {"kg-so2p", 2, 2, {PART_S, PART_O, PART_P, PART_C}, 1, 0},
    {"kg-p2so", 1, 3, {PART_P, PART_S, PART_O, PART_C}, 1,
     KG_GRAPH__P2SO_KG},
    /* key: the graph alone, without 'x' (librdf_node_encode) */
    {"kg-contexts", 1, 3, {PART_C, PART_S, PART_P, PART_O}, 1, 0},
    {"union-sp2o", 2, 1, {PART_S, PART_P, PART_O, 0}, 0, 0},
    {"union-po2s", 2, 1, {PART_P, PART_O, PART_S, 0}, 0, 0},
    {"union-so2p", 2, 1, {PART_S, PART_O, PART_P, 0}, 0, 0},
    {"union-p2so", 1, 2, {PART_P, PART_S, PART_O, 0}, 0,
     KG_GRAPH__P2SO_UNION},
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
    kg_buf_dispose(&b->codes);
    kg__free(b->nodes);
    kg__free(b->slots);
    kg__free(b->quads);
    kg__free(b);
}

/* ---- distinct terms --------------------------------------------------- */

static uint64_t hash_str(uint64_t h, const char *s)
{
    if (s)
        for (; *s; s++)
            h = (h ^ (unsigned char)*s) * 1099511628211u;
    return (h ^ 0xff) * 1099511628211u; /* NULL and "" differ from "x" */
}

static uint64_t term_hash(const kg_term *t)
{
    uint64_t h = 14695981039346656037u ^ (uint64_t)t->kind;

    return hash_str(hash_str(hash_str(h, t->value), t->datatype), t->lang);
}

static int str_same(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static int term_same(const kg_term *a, const kg_term *b)
{
    return a->kind == b->kind && str_same(a->value, b->value) &&
           str_same(a->datatype, b->datatype) && str_same(a->lang, b->lang);
}

/* Double the table and put every node back. */
static int rehash(kg_graph__bulk *b)
{
    size_t n = b->n_slots ? b->n_slots * 2 : 4096, i;
    uint32_t *slots = kg__calloc(n, sizeof(*slots));

    if (!slots)
        return KG_ENOMEM;
    for (i = 0; i < b->n_nodes; i++) {
        size_t j = (size_t)term_hash(&b->nodes[i].term) & (n - 1);
        while (slots[j])
            j = (j + 1) & (n - 1);
        slots[j] = (uint32_t)i + 1;
    }
    kg__free(b->slots);
    b->slots = slots;
    b->n_slots = n;
    return 0;
}

/* Room for one more item after the 'n' of '*items' (doubling, from 1024):
 * 0 or KG_ENOMEM. */
static int reserve(void **items, size_t *alloc, size_t n, size_t size)
{
    size_t na;
    void *grown;

    if (n < *alloc)
        return 0;
    na = *alloc ? *alloc * 2 : 1024;
    if ((grown = kg__realloc(*items, na * size)) == NULL)
        return KG_ENOMEM;
    *items = grown;
    *alloc = na;
    return 0;
}

/* The number of term 't' (encoded on first sight) in *out. */
static int node_of(kg_graph__bulk *b, kg_graph *g, const kg_term *t,
                   uint32_t *out)
{
    librdf_node *n;
    node *nd;
    size_t j, len;

    if (2 * (b->n_nodes + 1) > b->n_slots && rehash(b) < 0)
        return KG_ENOMEM;
    for (j = (size_t)term_hash(t) & (b->n_slots - 1); b->slots[j];
         j = (j + 1) & (b->n_slots - 1))
        if (term_same(&b->nodes[b->slots[j] - 1].term, t)) {
            *out = b->slots[j] - 1;
            return 0;
        }
    if (reserve((void **)&b->nodes, &b->nodes_alloc, b->n_nodes,
                sizeof(*b->nodes)) < 0)
        return KG_ENOMEM;
    if ((n = kg_graph__node(g, t)) == NULL)
        return KG_ENOMEM;
    len = librdf_node_encode(n, NULL, 0);
    nd = &b->nodes[b->n_nodes];
    nd->term = *t;
    nd->marked = 0;
    nd->off = b->codes.size;
    nd->len = (uint32_t)len;
    if (len == 0 || kg_buf_grow(&b->codes, len) < 0 ||
        librdf_node_encode(n, (unsigned char *)b->codes.ptr + b->codes.size,
                           len) != len) {
        librdf_free_node(n);
        return len == 0 ? KG_EINVALID : KG_ENOMEM;
    }
    librdf_free_node(n);
    b->codes.size += len;
    b->slots[j] = (uint32_t)b->n_nodes + 1;
    *out = (uint32_t)b->n_nodes++;
    return 0;
}

/* ---- records ---------------------------------------------------------- */

/* Append to 'out' the key (value = 0) or value (value = 1) of quad 'q'
 * in index 'ix': 'x', then each part with its letter ('c' and the graph
 * in a value); the contexts key is the encoded graph alone. */
static int put_record(kg_buf *out, const kg_graph__bulk *b, const bquad *q,
                      const index_desc *ix, int value)
{
    static const char letter[4] = {'s', 'p', 'o', 'c'};
    int from = value ? ix->n_key : 0;
    int to = value ? ix->n_key + ix->n_value : ix->n_key;
    int i;

    if (!value && ix->n_key == 1 && ix->parts[0] == PART_C) {
        const node *nd = &b->nodes[q->t[PART_C]];
        return kg_buf_put(out, b->codes.ptr + nd->off, nd->len);
    }
    if (kg_buf_put(out, "x", 1) < 0)
        return KG_ENOMEM;
    for (i = from; i < to; i++) {
        const node *nd = &b->nodes[q->t[ix->parts[i]]];
        if (kg_buf_put(out, &letter[ix->parts[i]], 1) < 0 ||
            kg_buf_put(out, b->codes.ptr + nd->off, nd->len) < 0)
            return KG_ENOMEM;
    }
    return 0;
}

/* Nonzero when librdf encodes quad 'q' as put_record does, for a key (S
 * and P) and a value with the graph (O and C). */
static int same_framing(const kg_graph__bulk *b, kg_graph *g,
                        const kg_quad *kq, const bquad *q)
{
    static const librdf_statement_part fields[2] = {
        LIBRDF_STATEMENT_SUBJECT | LIBRDF_STATEMENT_PREDICATE,
        LIBRDF_STATEMENT_OBJECT};
    librdf_statement *st = kg_graph__statement(g, kq);
    librdf_node *c = kg_graph__node(g, &kq->g);
    int i, same = st && c;

    for (i = 0; i < 2 && same; i++) {
        kg_buf mine = KG_BUF_INIT;
        librdf_node *ctx = i ? c : NULL;
        size_t len = librdf_statement_encode_parts2(g->world, st, ctx, NULL,
                                                    0, fields[i]);
        unsigned char *lib = len ? kg__malloc(len) : NULL;

        same = lib && put_record(&mine, b, q, &indexes[0], i) == 0 &&
               librdf_statement_encode_parts2(g->world, st, ctx, lib, len,
                                              fields[i]) == len &&
               mine.size == len && memcmp(mine.ptr, lib, len) == 0;
        kg__free(lib);
        kg_buf_dispose(&mine);
    }
    if (st)
        librdf_free_statement(st);
    if (c)
        librdf_free_node(c);
    return same;
}

int kg_graph__bulk_add(kg_graph__bulk *b, kg_graph *g, const kg_quad *q,
                       int in_union)
{
    bquad *bq;
    int error;

    if (reserve((void **)&b->quads, &b->alloc, b->n, sizeof(*b->quads)) <
        0)
        return KG_ENOMEM;
    bq = &b->quads[b->n];
    bq->in_union = in_union;
    if ((error = node_of(b, g, &q->s, &bq->t[PART_S])) < 0 ||
        (error = node_of(b, g, &q->p, &bq->t[PART_P])) < 0 ||
        (error = node_of(b, g, &q->o, &bq->t[PART_O])) < 0 ||
        (error = node_of(b, g, &q->g, &bq->t[PART_C])) < 0)
        return error;
    if (!b->checked) {
        if (!same_framing(b, g, q, bq))
            return KG_EINVALID;
        b->checked = 1;
    }
    b->n++;
    return 0;
}

int kg_graph__bulk_mark_graphs(kg_graph__bulk *b, kg_graph *g,
                               const kg_term *p, const kg_term *o)
{
    size_t i, n = b->n;
    int error = 0;

    for (i = 0; i < n && error == 0; i++) {
        node *c = &b->nodes[b->quads[i].t[PART_C]];
        kg_quad m;

        if (c->marked)
            continue;
        c->marked = 1;
        m.s = c->term;
        m.p = *p;
        m.o = *o;
        m.g = c->term;
        error = kg_graph__bulk_add(b, g, &m, 0); /* may move b->nodes */
    }
    return error;
}

/* ---- ranking and sorting ---------------------------------------------- */

static _Thread_local const kg_graph__bulk *sorting;

static int code_cmp(const void *pa, const void *pb)
{
    const node *a = &sorting->nodes[*(const uint32_t *)pa];
    const node *b = &sorting->nodes[*(const uint32_t *)pb];
    int c = memcmp(sorting->codes.ptr + a->off, sorting->codes.ptr + b->off,
                   a->len < b->len ? a->len : b->len);

    if (c != 0)
        return c;
    return a->len < b->len ? -1 : a->len > b->len;
}

/* Give every node its rank in byte order of the encodings. */
static int rank_nodes(kg_graph__bulk *b)
{
    uint32_t *order = kg__malloc((b->n_nodes ? b->n_nodes : 1) *
                                 sizeof(*order));
    uint32_t i, rank = 0;

    if (!order)
        return KG_ENOMEM;
    for (i = 0; i < b->n_nodes; i++)
        order[i] = i;
    sorting = b;
    qsort(order, b->n_nodes, sizeof(*order), code_cmp);
    sorting = NULL;
    for (i = 0; i < b->n_nodes; i++) {
        if (i > 0) {
            const node *p = &b->nodes[order[i - 1]], *c = &b->nodes[order[i]];
            rank += p->len != c->len ||
                    memcmp(b->codes.ptr + p->off, b->codes.ptr + c->off,
                           c->len) != 0;
        }
        b->nodes[order[i]].rank = rank;
    }
    kg__free(order);
    return 0;
}

/* A record to sort: the ranks of its parts in the index's order. */
typedef struct sortrec {
    uint32_t r[4];
    uint32_t q;
} sortrec;

static int sortrec_same(const sortrec *a, const sortrec *b)
{
    return memcmp(a->r, b->r, sizeof(a->r)) == 0;
}

#define RADIX_BITS 11
#define RADIX (1u << RADIX_BITS)

/*
 * Sort 'n' records on r[0], then r[1], ... (ranks below 'limit'): a
 * least-significant-digit radix sort, 11 bits a pass, 'tmp' as large as
 * 'recs'; returns the one of the two that holds the result. qsort of these 20-byte records spent 1.5 s at 1M quads, most
 * of it copying them; this is a few passes of sequential copies.
 */
static sortrec *radix_sort(sortrec *recs, sortrec *tmp, size_t n,
                           int parts, uint32_t limit)
{
    size_t count[RADIX];
    int part, shift, bits = 0;

    while (bits < 32 && (limit >> bits) != 0)
        bits++;
    for (part = parts - 1; part >= 0; part--)
        for (shift = 0; shift < bits; shift += RADIX_BITS) {
            sortrec *swap;
            size_t i, sum = 0;

            memset(count, 0, sizeof(count));
            for (i = 0; i < n; i++)
                count[(recs[i].r[part] >> shift) & (RADIX - 1)]++;
            for (i = 0; i < RADIX; i++) {
                size_t c = count[i];
                count[i] = sum;
                sum += c;
            }
            for (i = 0; i < n; i++)
                tmp[count[(recs[i].r[part] >> shift) & (RADIX - 1)]++] =
                    recs[i];
            swap = recs;
            recs = tmp;
            tmp = swap;
        }
    return recs;
}

/* The records of index 'ix' in key order, in *out; *mem (owned) holds
 * them. */
static int sort_index(sortrec **out, sortrec **mem, size_t *n_out,
                      const kg_graph__bulk *b, const index_desc *ix,
                      uint32_t limit)
{
    size_t cap = b->n ? b->n : 1, i, n = 0;
    sortrec *recs = kg__calloc(2 * cap, sizeof(*recs));
    int k;

    *mem = recs;
    if (!recs)
        return KG_ENOMEM;
    for (i = 0; i < b->n; i++) {
        const bquad *q = &b->quads[i];
        if (!ix->kg && !q->in_union)
            continue;
        for (k = 0; k < ix->n_key + ix->n_value; k++)
            recs[n].r[k] = b->nodes[q->t[ix->parts[k]]].rank;
        recs[n++].q = (uint32_t)i;
    }
    *out = radix_sort(recs, recs + cap, n, ix->n_key + ix->n_value, limit);
    *n_out = n;
    return 0;
}

/* ---- writing ---------------------------------------------------------- */

/* Hand the pairs gathered in 'bulk' to libdb in one call and start
 * gathering again. */
static int flush_pairs(DB *db, DBT *bulk, void **pos)
{
    DBT unused;
    int rc = 0;

    memset(&unused, 0, sizeof(unused));
    if (*pos != bulk->data) /* anything gathered */
        rc = db->put(db, NULL, bulk, &unused, DB_MULTIPLE_KEY);
    DB_MULTIPLE_WRITE_INIT(*pos, bulk);
    return rc;
}

/*
 * Put the sorted records of index 'ix' into B-tree file 'path', each
 * distinct record once (the union's triples come once per graph stating
 * them), BULK_PAIRS bytes of pairs a call (DB_MULTIPLE_KEY: one cursor
 * for many puts).
 */
static int write_file(const char *path, const kg_graph__bulk *b,
                      const index_desc *ix, const sortrec *recs, size_t n)
{
    kg_buf key = KG_BUF_INIT, value = KG_BUF_INIT;
    DB *db = NULL;
    DBT bulk;
    void *pos = NULL;
    size_t i;
    int rc;

    memset(&bulk, 0, sizeof(bulk));
    if ((bulk.data = kg__malloc(BULK_PAIRS)) == NULL)
        return KG_ENOMEM;
    bulk.ulen = BULK_PAIRS;
    bulk.flags = DB_DBT_USERMEM;
    DB_MULTIPLE_WRITE_INIT(pos, &bulk);
    if ((rc = db_create(&db, NULL, 0)) != 0) {
        kg__free(bulk.data);
        return KG_EIO;
    }
    if ((rc = db->set_flags(db, DB_DUP)) == 0 &&
        (rc = db->set_cachesize(db, 0, BULK_CACHE, 1)) == 0)
        rc = db->open(db, NULL, path, NULL, DB_BTREE, DB_CREATE, 0644);
    for (i = 0; i < n && rc == 0; i++) {
        const bquad *q = &b->quads[recs[i].q];

        if (i > 0 && sortrec_same(&recs[i - 1], &recs[i]))
            continue;
        kg_buf_clear(&key);
        kg_buf_clear(&value);
        if (put_record(&key, b, q, ix, 0) < 0 ||
            put_record(&value, b, q, ix, 1) < 0 ||
            key.size + value.size + 64 > BULK_PAIRS) {
            rc = -1;
            break;
        }
        DB_MULTIPLE_KEY_WRITE_NEXT(pos, &bulk, key.ptr, key.size, value.ptr,
                                   value.size);
        if (pos == NULL) { /* full: put what is there, then this one */
            if ((rc = flush_pairs(db, &bulk, &pos)) != 0)
                break;
            DB_MULTIPLE_KEY_WRITE_NEXT(pos, &bulk, key.ptr, key.size,
                                       value.ptr, value.size);
        }
    }
    if (rc == 0)
        rc = flush_pairs(db, &bulk, &pos);
    if (db->close(db, 0) != 0)
        rc = -1;
    kg__free(bulk.data);
    kg_buf_dispose(&key);
    kg_buf_dispose(&value);
    return rc == 0 ? 0 : KG_EIO;
}

/* The work of writing the indexes, shared by two threads: each takes
 * the next index not yet taken. */
typedef struct writer {
    kg_graph__bulk *b;
    const char *dir;
    unsigned predicates;
    atomic_size_t next;  /* the next index to take */
    atomic_int error;    /* the first error; the others stop */
} writer;

/* Write the indexes 'w' hands out until none is left or one failed. */
static void *write_indexes(void *arg)
{
    writer *w = arg;
    kg_buf path = KG_BUF_INIT;
    sortrec *recs = NULL, *mem = NULL;
    size_t i, n;
    int error = 0;

    while (atomic_load(&w->error) == 0 &&
           (i = atomic_fetch_add(&w->next, 1)) < KG_ARRAY_SIZE(indexes)) {
        if (indexes[i].predicates && !(indexes[i].predicates & w->predicates))
            continue;
        kg_buf_clear(&path);
        if ((error = sort_index(&recs, &mem, &n, w->b, &indexes[i],
                                (uint32_t)w->b->n_nodes)) == 0)
            error = kg_buf_printf(&path, "%s/%s.db", w->dir,
                                  indexes[i].file) < 0
                        ? KG_ENOMEM
                        : write_file(path.ptr, w->b, &indexes[i], recs, n);
        kg__free(mem);
        mem = NULL;
        if (error < 0) {
            int none = 0;
            atomic_compare_exchange_strong(&w->error, &none, error);
        }
    }
    kg_buf_dispose(&path);
    return NULL;
}

/*
 * The indexes are written by this thread and one more: each file is its
 * own libdb handle and the quads are only read, and half the wall time
 * goes (sorting, composing records, libdb's puts and page writes are all
 * CPU). Without a second thread, this one writes them all.
 */
int kg_graph__bulk_write(kg_graph__bulk *b, const char *dir,
                         unsigned predicates)
{
    writer w;
    pthread_t th;
    int error, threaded;

    if ((error = rank_nodes(b)) < 0)
        return error;
    w.b = b;
    w.dir = dir;
    w.predicates = predicates;
    atomic_init(&w.next, 0);
    atomic_init(&w.error, 0);
    threaded = pthread_create(&th, NULL, write_indexes, &w) == 0;
    write_indexes(&w);
    if (threaded)
        pthread_join(th, NULL);
    return atomic_load(&w.error);
}
