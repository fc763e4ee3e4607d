/*
 * alloc.c -- the allocator of libkg, with fault injection for tests.
 *
 * A countdown makes the n-th allocation and all later ones fail, which is
 * how the OOM tests walk every failure point of an entry point. The
 * counter is process-global on purpose: it exists only for tests, which
 * are single-threaded.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "kg_int.h"

static long fail_at;    /* 0: off; else the allocation number that fails */
static long alloc_seen; /* allocations since the last kg__alloc_fail_after */

static int should_fail(void)
{
    alloc_seen++;
    return fail_at > 0 && alloc_seen >= fail_at;
}

long kg__alloc_fail_after(long n)
{
    long seen = alloc_seen;

    fail_at = n;
    alloc_seen = 0;
    return seen;
}

void *kg__malloc(size_t size)
{
    if (should_fail())
        return NULL;
    return malloc(size ? size : 1);
}

void *kg__calloc(size_t n, size_t size)
{
    if (should_fail())
        return NULL;
    return calloc(n ? n : 1, size ? size : 1);
}

void *kg__realloc(void *ptr, size_t size)
{
    if (should_fail())
        return NULL;
    return realloc(ptr, size ? size : 1);
}

void kg__free(void *ptr)
{
    free(ptr);
}

char *kg__strndup(const char *s, size_t n)
{
    char *copy = kg__malloc(n + 1);

    if (copy) {
        memcpy(copy, s, n);
        copy[n] = '\0';
    }
    return copy;
}

char *kg__strdup(const char *s)
{
    return kg__strndup(s, strlen(s));
}
