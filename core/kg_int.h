/*
 * kg_int.h -- internals shared by every module of libkg: the allocator
 * (with fault injection for tests), small string helpers and access to the
 * worlds a kg_ctx owns. Never installed.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef KG_INT_H
#define KG_INT_H

#include <stddef.h>

#include <kg/kg.h>

/*
 * All of libkg allocates through these so that tests can make the n-th
 * allocation fail (kg__alloc_fail_after) and check that every entry point
 * returns KG_ENOMEM and leaks nothing. Third-party objects keep their own
 * allocators.
 */
void *kg__malloc(size_t size);
void *kg__calloc(size_t n, size_t size);
void *kg__realloc(void *ptr, size_t size);
void kg__free(void *ptr);
char *kg__strdup(const char *s);
char *kg__strndup(const char *s, size_t n);

/*
 * Make allocation number 'n' (counting from this call, 1-based) and every
 * later one fail; 0 turns injection off. Returns how many allocations were
 * made since the previous call. Test-only: KG_EXTERN so that tests linking
 * the shared library can reach it.
 */
KG_EXTERN long kg__alloc_fail_after(long n);

/* Worlds owned by a kg_ctx (borrowed). */
struct raptor_world_s;
struct librdf_world_s;
struct raptor_world_s *kg__ctx_raptor(kg_ctx *ctx);
struct librdf_world_s *kg__ctx_librdf(kg_ctx *ctx);

/*
 * Route the log messages of the worlds into 'err' until kg__ctx_end():
 * the first error (with its file, line and column) is copied there.
 * Nested begins are not allowed. Returns the previous target.
 */
void kg__ctx_begin(kg_ctx *ctx, kg_error *err);
void kg__ctx_end(kg_ctx *ctx);
/* Nonzero when an error was logged since kg__ctx_begin(). */
int kg__ctx_failed(const kg_ctx *ctx);

/* Drop quads past the first 'count' (their strings stay in the arena). */
void kg__triples_truncate(kg_triples *t, size_t count);

/* The namespace prefixes of kg (core/prefixes.c), most specific first. */
typedef struct kg__prefix {
    const char *name; /* without the colon */
    const char *iri;
} kg__prefix;
extern const kg__prefix kg__prefixes[];
extern const size_t kg__n_prefixes;

/* Hex SHA-256 of 'len' bytes into 'hex' (65 bytes with the NUL). */
void kg__sha256_hex(char hex[65], const void *data, size_t len);

#define KG_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
