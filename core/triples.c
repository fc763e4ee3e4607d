/*
 * triples.c -- kg_triples: a growable array of quads whose strings live in
 * an arena owned by the list.
 *
 * Strings are never freed one by one, so adding is two memcpy calls per
 * term and freeing the list is a walk over the arena's blocks. Equal
 * strings are not interned: lists are short-lived (one article, one
 * result).
 *
 * SPDX-License-Identifier: MIT
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "kg_int.h"

#define ARENA_BLOCK 65536

typedef struct block {
    struct block *next;
    size_t used, size;
    char data[];
} block;

struct kg_triples {
    kg_quad *quads; /* owned array of 'count' quads */
    size_t count, alloc;
    block *arena;   /* owned chain; arena->data holds every term string */
};

int kg_triples_new(kg_triples **out, kg_error *err)
{
    if ((*out = kg__calloc(1, sizeof(**out))) == NULL)
        return kg_error_set(err, KG_ENOMEM, "out of memory");
    return 0;
}

void kg_triples_free(kg_triples *t)
{
    block *b, *next;

    if (!t)
        return;
    for (b = t->arena; b; b = next) {
        next = b->next;
        kg__free(b);
    }
    kg__free(t->quads);
    kg__free(t);
}

static char *arena_copy(kg_triples *t, const char *s)
{
    size_t len = strlen(s) + 1;
    block *b = t->arena;
    char *copy;

    if (!b || b->size - b->used < len) {
        size_t size = len > ARENA_BLOCK ? len : ARENA_BLOCK;
        if ((b = kg__malloc(sizeof(*b) + size)) == NULL)
            return NULL;
        b->size = size;
        b->used = 0;
        b->next = t->arena;
        t->arena = b;
    }
    copy = b->data + b->used;
    memcpy(copy, s, len);
    b->used += len;
    return copy;
}

static int copy_term(kg_triples *t, kg_term *dst, const kg_term *src)
{
    memset(dst, 0, sizeof(*dst));
    if (!src || src->kind == KG_TERM_NONE)
        return 0;
    dst->kind = src->kind;
    if ((dst->value = arena_copy(t, src->value ? src->value : "")) == NULL)
        return KG_ENOMEM;
    if (src->datatype && (dst->datatype = arena_copy(t, src->datatype)) == NULL)
        return KG_ENOMEM;
    if (src->lang && (dst->lang = arena_copy(t, src->lang)) == NULL)
        return KG_ENOMEM;
    return 0;
}

int kg_triples_add(kg_triples *t, const kg_term *s, const kg_term *p,
                   const kg_term *o, const kg_term *g)
{
    kg_quad *q;

    assert(t && s && p && o);
    if (t->count == t->alloc) {
        size_t alloc = t->alloc ? t->alloc * 2 : 64;
        kg_quad *quads = kg__realloc(t->quads, alloc * sizeof(*quads));
        if (!quads)
            return KG_ENOMEM;
        t->quads = quads;
        t->alloc = alloc;
    }
    q = &t->quads[t->count];
    /* Strings copied before a failure stay in the arena, unreferenced:
     * the list itself is unchanged. */
    if (copy_term(t, &q->s, s) < 0 || copy_term(t, &q->p, p) < 0 ||
        copy_term(t, &q->o, o) < 0 || copy_term(t, &q->g, g) < 0)
        return KG_ENOMEM;
    t->count++;
    return 0;
}

size_t kg_triples_count(const kg_triples *t)
{
    return t->count;
}

const kg_quad *kg_triples_get(const kg_triples *t, size_t i)
{
    assert(i < t->count);
    return &t->quads[i];
}

static int strcmp_null(const char *a, const char *b)
{
    if (!a || !b)
        return (a != NULL) - (b != NULL);
    return strcmp(a, b);
}

int kg_term_compare(const kg_term *a, const kg_term *b)
{
    int c;

    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    if (a->kind == KG_TERM_NONE)
        return 0;
    if ((c = strcmp_null(a->value, b->value)) != 0)
        return c;
    if ((c = strcmp_null(a->datatype, b->datatype)) != 0)
        return c;
    return strcmp_null(a->lang, b->lang);
}

static int quad_compare(const void *pa, const void *pb)
{
    const kg_quad *a = pa, *b = pb;
    int c;

    if ((c = kg_term_compare(&a->g, &b->g)) != 0 ||
        (c = kg_term_compare(&a->s, &b->s)) != 0 ||
        (c = kg_term_compare(&a->p, &b->p)) != 0)
        return c;
    return kg_term_compare(&a->o, &b->o);
}

void kg_triples_normalize(kg_triples *t)
{
    size_t i, n = 0;

    if (t->count < 2)
        return;
    qsort(t->quads, t->count, sizeof(*t->quads), quad_compare);
    for (i = 0; i < t->count; i++)
        if (n == 0 || quad_compare(&t->quads[n - 1], &t->quads[i]) != 0)
            t->quads[n++] = t->quads[i];
    t->count = n;
}

kg_term kg_iri(const char *iri)
{
    kg_term t = {KG_TERM_IRI, iri, NULL, NULL};
    return t;
}

kg_term kg_blank(const char *label)
{
    kg_term t = {KG_TERM_BLANK, label, NULL, NULL};
    return t;
}

kg_term kg_literal(const char *lexical, const char *datatype,
                   const char *lang)
{
    kg_term t = {KG_TERM_LITERAL, lexical, datatype, lang};
    return t;
}

void kg__triples_truncate(kg_triples *t, size_t count)
{
    if (count < t->count)
        t->count = count;
}
