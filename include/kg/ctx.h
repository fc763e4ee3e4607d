/*
 * kg/ctx.h -- the library context: one per thread.
 *
 * A kg_ctx owns the raptor, rasqal and librdf worlds, none of which is
 * thread-safe. Everything that parses RDF, touches a store
 * or renders a diagram takes the ctx it runs in. Extraction does not need
 * one: it is a pure function of text and lexicon.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef KG_CTX_H
#define KG_CTX_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct kg_ctx kg_ctx;

/**
 * Create a context.
 * @param out receives the new context; free with kg_ctx_free().
 * @return 0, KG_ENOMEM or KG_ERROR when a world cannot be opened.
 */
KG_EXTERN int kg_ctx_new(kg_ctx **out, kg_error *err);

/** Free 'ctx' and its worlds; NULL is a no-op. */
KG_EXTERN void kg_ctx_free(kg_ctx *ctx);

#ifdef __cplusplus
}
#endif
#endif
