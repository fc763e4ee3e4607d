/*
 * modifiers.c -- ORDER BY, DISTINCT, LIMIT and OFFSET of a SELECT, done by
 * kg over the rows rasqal gives without them.
 *
 * Why: rasqal 0.9.33 implements ORDER BY and DISTINCT by inserting every
 * row into an unbalanced, recursive binary tree (rasqal_map.c). Rows that
 * arrive already in order -- GROUP BY output does -- turn the tree into a
 * list: quadratic time and a recursion as deep as the result. Measured on
 * bench/store data: "who met whom, top 10" (GROUP BY + ORDER BY DESC(?n) +
 * LIMIT 10) took 76 s at 1M triples, the same query without ORDER BY 4 s.
 *
 * So when every ORDER BY key is a projected variable (ASC, DESC or bare;
 * an aggregate named with AS counts), or the query has DISTINCT, query.c
 * blanks those modifiers (and LIMIT / OFFSET, which must come after them)
 * out of the text rasqal runs, and the rows are finished here:
 *
 *  - DISTINCT: a hash set of the rows' RDF terms (term equality, as
 *    SPARQL's DISTINCT), streamed when there is no ORDER BY;
 *  - ORDER BY with LIMIT: a max-heap of the OFFSET+LIMIT best rows, so
 *    memory follows the result, not the rows rasqal produced;
 *  - ORDER BY without LIMIT: every row, then qsort: O(n log n).
 *
 * Ordering follows SPARQL 1.1 section 15.1: unbound < blank node < IRI <
 * literal; IRIs and blank nodes by their code points; numeric literals
 * before others and compared by value; other literals grouped by datatype
 * (no SPARQL order exists between an xsd:date and an xsd:gYearMonth) and
 * within one with rasqal's own comparison (rasqal_literal_compare, XQuery
 * rules: dates as dates, strings by code point); literals still equal by
 * lexical form, then datatype, then language. Rows equal on every
 * key keep the order rasqal gave them (the sort is stable), which SPARQL
 * leaves to the implementation.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "modifiers.h"
#include "tsource.h"

typedef struct key {
    char *name; /* owned: variable name */
    int desc;   /* nonzero: DESC */
    int col;    /* column in the result, set by kg_graph__mods_bind */
} key;

typedef struct row {
    size_t seq;            /* arrival order: the tie-break */
    librdf_node **values;  /* 'width' nodes, owned until handed out */
    rasqal_literal **keys; /* one per key, owned */
} row;

struct kg_graph__mods {
    rasqal_world *rw;  /* borrowed */
    key *keys;         /* owned */
    int nkeys;
    int distinct;
    long limit;        /* -1: none */
    long offset;       /* 0: none */
    int width;
    /* DISTINCT: open-addressing set of row images */
    char **set;
    size_t set_cap, set_n;
    /* ORDER BY */
    row *rows;
    size_t n, alloc;
    int collected;     /* rows read and sorted */
    size_t next;       /* next row to hand out */
    /* streaming (no ORDER BY) */
    long skipped, emitted;
    size_t seq;
};

/* ---- planning ---------------------------------------------------------- */

/* The variable of order condition 'e' and its direction, or NULL. */
static rasqal_variable *key_var(rasqal_expression *e, int *desc)
{
    *desc = 0;
    if (e->op == RASQAL_EXPR_ORDER_COND_ASC ||
        e->op == RASQAL_EXPR_ORDER_COND_DESC) {
        *desc = e->op == RASQAL_EXPR_ORDER_COND_DESC;
        e = e->arg1;
    }
    if (!e || e->op != RASQAL_EXPR_LITERAL || !e->literal)
        return NULL;
    return rasqal_literal_as_variable(e->literal);
}

static int projected(raptor_sequence *proj, const char *name)
{
    int i, n = proj ? raptor_sequence_size(proj) : 0;

    for (i = 0; i < n; i++) {
        rasqal_variable *v = raptor_sequence_get_at(proj, i);
        if (v && strcmp((const char *)v->name, name) == 0)
            return 1;
    }
    return 0;
}

int kg_graph__mods_plan(kg_graph__mods **out, kg_graph *g, const char *text,
                        librdf_uri *base)
{
    rasqal_world *rw = librdf_world_get_rasqal(g->world);
    rasqal_query *q = rasqal_new_query(rw, "sparql", NULL);
    raptor_sequence *order, *proj;
    kg_graph__mods *m = NULL;
    int i, n, distinct, rc = 0;

    *out = NULL;
    if (!q)
        return KG_ENOMEM;
    if (rasqal_query_prepare(q, (const unsigned char *)text,
                             (raptor_uri *)base) != 0 ||
        rasqal_query_get_verb(q) != RASQAL_QUERY_VERB_SELECT)
        goto done;
    order = rasqal_query_get_order_conditions_sequence(q);
    proj = rasqal_query_get_bound_variable_sequence(q);
    n = order ? raptor_sequence_size(order) : 0;
    distinct = rasqal_query_get_distinct(q) == 1; /* 2 is REDUCED */
    if (n == 0 && !distinct)
        goto done;
    for (i = 0; i < n; i++) {
        int desc;
        rasqal_variable *v = key_var(raptor_sequence_get_at(order, i), &desc);
        if (!v || !projected(proj, (const char *)v->name))
            goto done; /* an expression: rasqal orders it */
    }
    if ((m = kg__calloc(1, sizeof(*m))) == NULL ||
        (n && (m->keys = kg__calloc((size_t)n, sizeof(*m->keys))) == NULL)) {
        rc = KG_ENOMEM;
        goto done;
    }
    m->rw = rw;
    m->distinct = distinct;
    m->limit = rasqal_query_get_limit(q);
    m->offset = rasqal_query_get_offset(q);
    if (m->limit < 0)
        m->limit = -1;
    if (m->offset < 0)
        m->offset = 0;
    for (i = 0; i < n; i++) {
        int desc;
        rasqal_variable *v = key_var(raptor_sequence_get_at(order, i), &desc);
        m->keys[i].desc = desc;
        m->keys[i].col = -1;
        if ((m->keys[i].name = kg__strdup((const char *)v->name)) == NULL) {
            rc = KG_ENOMEM;
            goto done;
        }
        m->nkeys = i + 1;
    }
    *out = m;
    m = NULL;
    rc = 1;

done:
    kg_graph__mods_free(m);
    rasqal_free_query(q);
    return rc;
}

int kg_graph__mods_distinct(const kg_graph__mods *m)
{
    return m->distinct;
}

int kg_graph__mods_bind(kg_graph__mods *m, const kg_result *r)
{
    int i, j;

    m->width = r->width;
    for (i = 0; i < m->nkeys; i++) {
        for (j = 0; j < r->width; j++)
            if (r->names[j] && strcmp(r->names[j], m->keys[i].name) == 0)
                break;
        if (j == r->width)
            return KG_EQUERY;
        m->keys[i].col = j;
    }
    return 0;
}

/* ---- ordering ---------------------------------------------------------- */

/* SPARQL 15.1 rank of a term: unbound, blank node, IRI, literal. */
static int term_rank(rasqal_literal *l)
{
    if (!l)
        return 0;
    switch (l->type) {
    case RASQAL_LITERAL_BLANK:
        return 1;
    case RASQAL_LITERAL_URI:
        return 2;
    default:
        return 3;
    }
}

static int is_numeric(const rasqal_literal *l)
{
    switch (l->type) {
    case RASQAL_LITERAL_INTEGER:
    case RASQAL_LITERAL_INTEGER_SUBTYPE:
    case RASQAL_LITERAL_DECIMAL:
    case RASQAL_LITERAL_FLOAT:
    case RASQAL_LITERAL_DOUBLE:
        return 1;
    default:
        return 0;
    }
}

static int sign(int v)
{
    return (v > 0) - (v < 0);
}

static int str_cmp(const unsigned char *a, const unsigned char *b)
{
    return sign(strcmp(a ? (const char *)a : "", b ? (const char *)b : ""));
}

/* The total order of two terms (NULL: unbound). */
static int term_cmp(rasqal_literal *a, rasqal_literal *b)
{
    int ra = term_rank(a), rb = term_rank(b), c, error = 0;
    raptor_uri *da, *db;

    if (ra != rb)
        return ra < rb ? -1 : 1;
    if (ra == 0)
        return 0;
    if (ra == 1)
        return str_cmp(a->string, b->string);
    if (ra == 2)
        return str_cmp(raptor_uri_as_string(a->value.uri),
                       raptor_uri_as_string(b->value.uri));
    if (is_numeric(a) != is_numeric(b))
        return is_numeric(a) ? -1 : 1;
    da = a->language ? NULL : rasqal_literal_datatype(a);
    db = b->language ? NULL : rasqal_literal_datatype(b);
    /* Literals of different datatypes that are not both numbers have no
     * SPARQL order: group them by datatype (as rdflib does). */
    if (!is_numeric(a) &&
        (c = str_cmp(da ? raptor_uri_as_string(da) : NULL,
                     db ? raptor_uri_as_string(db) : NULL)) != 0)
        return c;
    c = rasqal_literal_compare(a, b, RASQAL_COMPARE_XQUERY, &error);
    if (!error && c != 0)
        return sign(c);
    /* Equal by value ("1" and "01"^^xsd:integer) or not comparable:
     * order by the terms themselves, so that the order is total. */
    if ((c = str_cmp(a->string, b->string)) != 0)
        return c;
    if ((c = str_cmp(da ? raptor_uri_as_string(da) : NULL,
                     db ? raptor_uri_as_string(db) : NULL)) != 0)
        return c;
    return str_cmp((const unsigned char *)a->language,
                   (const unsigned char *)b->language);
}

static int row_cmp(const kg_graph__mods *m, const row *a, const row *b)
{
    int i, c;

    for (i = 0; i < m->nkeys; i++)
        if ((c = term_cmp(a->keys[i], b->keys[i])) != 0)
            return m->keys[i].desc ? -c : c;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* qsort has no user pointer; a kg_ctx is used by one thread at a time. */
static _Thread_local const kg_graph__mods *sorting;

static int row_qsort_cmp(const void *a, const void *b)
{
    return row_cmp(sorting, a, b);
}

static void row_dispose(const kg_graph__mods *m, row *rw)
{
    int i;

    for (i = 0; rw->values && i < m->width; i++)
        if (rw->values[i])
            librdf_free_node(rw->values[i]);
    for (i = 0; rw->keys && i < m->nkeys; i++)
        if (rw->keys[i])
            rasqal_free_literal(rw->keys[i]);
    kg__free(rw->values);
    kg__free(rw->keys);
    rw->values = NULL;
    rw->keys = NULL;
}

/* Max-heap on row_cmp (the worst row on top), for ORDER BY + LIMIT. */
static void heap_down(const kg_graph__mods *m, row *h, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, big = i;
        row t;
        if (l < n && row_cmp(m, &h[l], &h[big]) > 0)
            big = l;
        if (r < n && row_cmp(m, &h[r], &h[big]) > 0)
            big = r;
        if (big == i)
            return;
        t = h[i];
        h[i] = h[big];
        h[big] = t;
        i = big;
    }
}

static void heap_up(const kg_graph__mods *m, row *h, size_t i)
{
    while (i > 0) {
        size_t p = (i - 1) / 2;
        row t;
        if (row_cmp(m, &h[i], &h[p]) <= 0)
            return;
        t = h[i];
        h[i] = h[p];
        h[p] = t;
        i = p;
    }
}

/* ---- DISTINCT ---------------------------------------------------------- */

/* The row as one string of its terms (kind, value, datatype, language). */
static int row_image(kg_buf *out, librdf_node **values, int width)
{
    int i;

    kg_buf_clear(out);
    for (i = 0; i < width; i++) {
        kg_term t;
        kg_graph__term(&t, values[i]);
        if (kg_buf_printf(out, "%d", (int)t.kind) < 0 ||
            kg_buf_put(out, t.value ? t.value : "",
                       t.value ? strlen(t.value) + 1 : 1) < 0 ||
            kg_buf_put(out, t.datatype ? t.datatype : "",
                       t.datatype ? strlen(t.datatype) + 1 : 1) < 0 ||
            kg_buf_put(out, t.lang ? t.lang : "",
                       t.lang ? strlen(t.lang) + 1 : 1) < 0)
            return KG_ENOMEM;
    }
    return 0;
}

static uint64_t image_hash(const char *p, size_t n)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    size_t i;

    for (i = 0; i < n; i++)
        h = (h ^ (unsigned char)p[i]) * 1099511628211u;
    return h;
}

/* Images are stored with their length in front (they hold NULs). */
static int set_slot(char **set, size_t cap, const kg_buf *img, size_t *slot)
{
    size_t i = (size_t)image_hash(img->ptr, img->size) & (cap - 1);

    while (set[i]) {
        size_t len;
        memcpy(&len, set[i], sizeof(len));
        if (len == img->size &&
            memcmp(set[i] + sizeof(len), img->ptr, len) == 0) {
            *slot = i;
            return 1;
        }
        i = (i + 1) & (cap - 1);
    }
    *slot = i;
    return 0;
}

/* 1 when the row is new (and now remembered), 0 when seen, KG_ENOMEM. */
static int set_add(kg_graph__mods *m, librdf_node **values)
{
    kg_buf img = KG_BUF_INIT;
    size_t slot, i;
    char *copy;
    int rc;

    if (row_image(&img, values, m->width) < 0) {
        kg_buf_dispose(&img);
        return KG_ENOMEM;
    }
    if ((m->set_n + 1) * 2 > m->set_cap) {
        size_t cap = m->set_cap ? m->set_cap * 2 : 1024;
        char **ns = kg__calloc(cap, sizeof(*ns));
        if (!ns) {
            kg_buf_dispose(&img);
            return KG_ENOMEM;
        }
        for (i = 0; i < m->set_cap; i++)
            if (m->set[i]) {
                kg_buf tmp = KG_BUF_INIT;
                size_t len;
                memcpy(&len, m->set[i], sizeof(len));
                tmp.ptr = m->set[i] + sizeof(len);
                tmp.size = len;
                (void)set_slot(ns, cap, &tmp, &slot);
                ns[slot] = m->set[i];
            }
        kg__free(m->set);
        m->set = ns;
        m->set_cap = cap;
    }
    if (set_slot(m->set, m->set_cap, &img, &slot)) {
        rc = 0;
    } else if ((copy = kg__malloc(sizeof(size_t) + img.size)) == NULL) {
        rc = KG_ENOMEM;
    } else {
        memcpy(copy, &img.size, sizeof(size_t));
        memcpy(copy + sizeof(size_t), img.ptr, img.size);
        m->set[slot] = copy;
        m->set_n++;
        rc = 1;
    }
    kg_buf_dispose(&img);
    return rc;
}

/* ---- reading ----------------------------------------------------------- */

static void free_values(librdf_node **values, int width)
{
    int i;

    for (i = 0; i < width; i++)
        if (values[i]) {
            librdf_free_node(values[i]);
            values[i] = NULL;
        }
}

/* Keep the row in 'values' (taken) in the buffer or the heap. */
static int collect(kg_graph__mods *m, librdf_node **values)
{
    size_t cap = m->limit >= 0 ? (size_t)m->offset + (size_t)m->limit
                               : (size_t)-1;
    row rw;
    int i;

    memset(&rw, 0, sizeof(rw));
    rw.seq = m->seq++;
    if ((rw.values = kg__calloc((size_t)m->width + 1, sizeof(*rw.values))) ==
            NULL ||
        (rw.keys = kg__calloc((size_t)m->nkeys, sizeof(*rw.keys))) == NULL) {
        kg__free(rw.values);
        free_values(values, m->width);
        return KG_ENOMEM;
    }
    for (i = 0; i < m->width; i++) {
        rw.values[i] = values[i];
        values[i] = NULL;
    }
    for (i = 0; i < m->nkeys; i++) {
        librdf_node *n = rw.values[m->keys[i].col];
        if (n && (rw.keys[i] = kg_graph__literal(m->rw, n)) == NULL) {
            row_dispose(m, &rw);
            return KG_ENOMEM;
        }
    }
    if (m->n == cap) { /* full heap: keep the row only if it is better */
        if (cap > 0 && row_cmp(m, &rw, &m->rows[0]) < 0) {
            row_dispose(m, &m->rows[0]);
            m->rows[0] = rw;
            heap_down(m, m->rows, m->n, 0);
        } else {
            row_dispose(m, &rw);
        }
        return 0;
    }
    if (m->n == m->alloc) {
        size_t na = m->alloc ? m->alloc * 2 : 256;
        row *nr;
        if (m->limit >= 0 && na > cap)
            na = cap;
        if ((nr = kg__realloc(m->rows, na * sizeof(*nr))) == NULL) {
            row_dispose(m, &rw);
            return KG_ENOMEM;
        }
        m->rows = nr;
        m->alloc = na;
    }
    m->rows[m->n++] = rw;
    if (m->limit >= 0)
        heap_up(m, m->rows, m->n - 1);
    return 0;
}

int kg_graph__mods_next(kg_graph__mods *m, kg_result *r, kg_graph__row_fn raw,
                        librdf_node **values, kg_error *err)
{
    int rc, i;

    if (m->nkeys == 0) { /* DISTINCT alone: streamed */
        for (;;) {
            if (m->limit >= 0 && m->emitted >= m->limit)
                return 0;
            if ((rc = raw(r, values, err)) <= 0)
                return rc;
            if ((rc = set_add(m, values)) != 1 || m->skipped < m->offset) {
                free_values(values, m->width);
                if (rc < 0)
                    return kg_error_set(err, KG_ENOMEM, "out of memory");
                if (rc == 1)
                    m->skipped++;
                continue;
            }
            m->emitted++;
            return 1;
        }
    }
    if (!m->collected) {
        while ((rc = raw(r, values, err)) == 1) {
            if (m->distinct) {
                int fresh = set_add(m, values);
                if (fresh != 1) {
                    free_values(values, m->width);
                    if (fresh < 0)
                        return kg_error_set(err, KG_ENOMEM,
                                            "out of memory");
                    continue;
                }
            }
            if (collect(m, values) < 0)
                return kg_error_set(err, KG_ENOMEM, "out of memory");
        }
        if (rc < 0)
            return rc;
        if (m->n > 1) {
            sorting = m;
            qsort(m->rows, m->n, sizeof(*m->rows), row_qsort_cmp);
            sorting = NULL;
        }
        m->collected = 1;
        m->next = (size_t)m->offset;
    }
    if (m->next >= m->n)
        return 0;
    for (i = 0; i < m->width; i++) {
        values[i] = m->rows[m->next].values[i];
        m->rows[m->next].values[i] = NULL;
    }
    row_dispose(m, &m->rows[m->next]);
    m->next++;
    return 1;
}

void kg_graph__mods_free(kg_graph__mods *m)
{
    size_t i;
    int k;

    if (!m)
        return;
    for (i = 0; i < m->n; i++)
        row_dispose(m, &m->rows[i]);
    kg__free(m->rows);
    for (i = 0; i < m->set_cap; i++)
        kg__free(m->set[i]);
    kg__free(m->set);
    for (k = 0; k < m->nkeys; k++)
        kg__free(m->keys[k].name);
    kg__free(m->keys);
    kg__free(m);
}
