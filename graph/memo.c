/*
 * memo.c -- answers of ground triple patterns kept for one query run.
 *
 * Why: a pattern whose terms are all bound once the patterns before it
 * have matched ("?a a schema:Person" after "?e kg:participant ?a") is
 * asked again for every row of those patterns, mostly with the same
 * terms. At 1M triples the who-met-whom query (bench/store q3) made
 * 428k such lookups for a few thousand distinct people, each a B-tree
 * search and the decoding of its statements into librdf nodes: half of
 * the query's time. The store does not change during a run, so the
 * first answer stands.
 *
 * The same holds for a pattern with two terms bound ("?e kg:participant
 * ?b" with ?e bound, once for every participant ?a of the event): its
 * matches' nodes are kept.
 *
 * An open-addressing table of byte keys (made by tsource.c from the
 * model and the encoded terms) to match counts and nodes, the keys in one
 * arena. Memory is bounded: after MEMO_MAX keys or MEMO_MAX_NODES nodes
 * the memo keeps nothing more and the lookups are made as before.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdint.h>
#include <string.h>

#include "graph_int.h"
#include "memo.h"

/* At most about 20 MB: 64k keys of ~150 bytes, 256k node references. */
#define MEMO_MAX (1u << 16)
#define MEMO_MAX_NODES (1l << 18)

typedef struct slot {
    uint64_t hash;
    size_t off;   /* key in 'keys'; len 0: a free slot */
    size_t len;
    long count;
    librdf_node **nodes; /* owned; NULL: a count only */
} slot;

struct kg_graph__memo {
    slot *slots;
    size_t n_slots, used;
    long n_nodes;
    kg_buf keys;
};

static uint64_t hash_bytes(const void *key, size_t len)
{
    const unsigned char *p = key;
    uint64_t h = 14695981039346656037u;
    size_t i;

    for (i = 0; i < len; i++)
        h = (h ^ p[i]) * 1099511628211u;
    return h;
}

/* The slot holding 'key' or the free slot where it would go. */
static slot *find(const kg_graph__memo *m, const void *key, size_t len,
                  uint64_t h)
{
    size_t j = (size_t)h & (m->n_slots - 1);

    for (;; j = (j + 1) & (m->n_slots - 1)) {
        slot *s = &m->slots[j];
        if (s->len == 0 ||
            (s->hash == h && s->len == len &&
             memcmp(m->keys.ptr + s->off, key, len) == 0))
            return s;
    }
}

int kg_graph__memo_get(const kg_graph__memo *m, const void *key, size_t len,
                       long *count, librdf_node ***nodes)
{
    const slot *s;

    if (!m || len == 0)
        return 0;
    s = find(m, key, len, hash_bytes(key, len));
    if (s->len == 0)
        return 0;
    *count = s->count;
    *nodes = s->nodes;
    return 1;
}

/* Double the table of 'm'. */
static int grow(kg_graph__memo *m)
{
    size_t n = m->n_slots ? m->n_slots * 2 : 1024, i;
    slot *old = m->slots, *ns = kg__calloc(n, sizeof(*ns));
    size_t old_n = m->n_slots;

    if (!ns)
        return KG_ENOMEM;
    m->slots = ns;
    m->n_slots = n;
    for (i = 0; i < old_n; i++)
        if (old[i].len != 0)
            *find(m, m->keys.ptr + old[i].off, old[i].len, old[i].hash) =
                old[i];
    kg__free(old);
    return 0;
}

int kg_graph__memo_put(kg_graph__memo **mp, const void *key, size_t len,
                       long count, librdf_node **nodes)
{
    kg_graph__memo *m = *mp;
    uint64_t h = hash_bytes(key, len);
    slot *s;

    if (len == 0)
        return 0;
    if (!m) {
        if ((m = kg__calloc(1, sizeof(*m))) == NULL)
            return KG_ENOMEM;
        *mp = m;
    }
    if (m->used >= MEMO_MAX ||
        (nodes && m->n_nodes + count > MEMO_MAX_NODES))
        return 0;
    if (2 * (m->used + 1) > m->n_slots && grow(m) < 0)
        return KG_ENOMEM;
    s = find(m, key, len, h);
    if (s->len != 0) /* kept already: keep the first */
        return 0;
    s->off = m->keys.size;
    if (kg_buf_put(&m->keys, key, len) < 0)
        return KG_ENOMEM;
    s->hash = h;
    s->len = len;
    s->count = count;
    s->nodes = nodes;
    m->used++;
    if (nodes)
        m->n_nodes += count;
    return 1;
}

void kg_graph__memo_free_nodes(librdf_node **nodes, long n)
{
    long i;

    for (i = 0; i < n; i++)
        librdf_free_node(nodes[i]);
    kg__free(nodes);
}

void kg_graph__memo_free(kg_graph__memo *m)
{
    size_t i;

    if (!m)
        return;
    for (i = 0; i < m->n_slots; i++)
        if (m->slots[i].len != 0 && m->slots[i].nodes)
            kg_graph__memo_free_nodes(m->slots[i].nodes, m->slots[i].count);
    kg__free(m->slots);
    kg_buf_dispose(&m->keys);
    kg__free(m);
}
