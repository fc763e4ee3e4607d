/*
 * ctx.c -- kg_ctx: the raptor, rasqal and librdf worlds of one thread, and
 * the routing of their log messages into the kg_error of the call in
 * progress. (Graphviz keeps one process-wide context in viz/: its pango
 * plugin keeps pointers into the first context it saw.)
 *
 * Worlds are made and freed one at a time in the process (worlds_lock):
 * raptor_free_world ends with libxml2's xmlCleanupParser, which frees
 * process-wide state, and two threads freeing their contexts at once
 * freed it twice (ASan, viz.threads, about one run in ten).
 *
 * librdf is given our raptor world so that both report through one
 * handler. Warnings are dropped; the first error of a call is kept with
 * its locator, later ones are ignored (the first is the cause).
 *
 * SPDX-License-Identifier: MIT
 */
#include <pthread.h>
#include <string.h>

#include <librdf.h>
#include <raptor2.h>
#include <rasqal.h>

#include "kg_int.h"

struct kg_ctx {
    raptor_world *raptor; /* owned */
    rasqal_world *rasqal; /* owned */
    librdf_world *rdf;    /* owned; uses 'raptor' and 'rasqal' */
    kg_error *current;    /* borrowed: target of log messages, or NULL */
    int failed;           /* an error was logged since kg__ctx_begin */
};

static pthread_mutex_t worlds_lock = PTHREAD_MUTEX_INITIALIZER;

static void record(kg_ctx *ctx, const char *message, raptor_locator *loc)
{
    const char *where = NULL;

    ctx->failed = 1;
    if (!ctx->current || ctx->current->code != 0)
        return;
    kg_error_set(ctx->current, KG_EPARSE, "%s", message ? message : "error");
    if (loc) {
        if (loc->file)
            where = loc->file;
        else if (loc->uri)
            where = (const char *)raptor_uri_as_string(loc->uri);
        kg_error_locate(ctx->current, where ? where : ctx->current->where,
                        loc->line > 0 ? loc->line : 0,
                        loc->column > 0 ? loc->column : 0);
    }
}

static void on_raptor_log(void *data, raptor_log_message *msg)
{
    if (msg->level >= RAPTOR_LOG_LEVEL_ERROR)
        record(data, msg->text, msg->locator);
}

static int on_librdf_log(void *data, librdf_log_message *msg)
{
    if (librdf_log_message_level(msg) >= LIBRDF_LOG_ERROR)
        record(data, librdf_log_message_message(msg),
               librdf_log_message_locator(msg));
    return 1; /* handled: librdf must not print */
}

int kg_ctx_new(kg_ctx **out, kg_error *err)
{
    kg_ctx *ctx;

    *out = NULL;
    if ((ctx = kg__calloc(1, sizeof(*ctx))) == NULL)
        return kg_error_set(err, KG_ENOMEM, "out of memory");
    pthread_mutex_lock(&worlds_lock);
    if ((ctx->raptor = raptor_new_world()) == NULL ||
        raptor_world_open(ctx->raptor) != 0)
        goto fail;
    raptor_world_set_log_handler(ctx->raptor, ctx, on_raptor_log);
    if ((ctx->rasqal = rasqal_new_world()) == NULL)
        goto fail;
    rasqal_world_set_raptor(ctx->rasqal, ctx->raptor);
    rasqal_world_set_log_handler(ctx->rasqal, ctx, on_raptor_log);
    if (rasqal_world_open(ctx->rasqal) != 0)
        goto fail;
    if ((ctx->rdf = librdf_new_world()) == NULL)
        goto fail;
    librdf_world_set_raptor(ctx->rdf, ctx->raptor);
    librdf_world_set_rasqal(ctx->rdf, ctx->rasqal);
    librdf_world_set_logger(ctx->rdf, ctx, on_librdf_log);
    librdf_world_open(ctx->rdf);
    pthread_mutex_unlock(&worlds_lock);
    *out = ctx;
    return 0;

fail:
    pthread_mutex_unlock(&worlds_lock);
    kg_ctx_free(ctx);
    return kg_error_set(err, KG_ERROR, "cannot initialise the RDF libraries");
}

void kg_ctx_free(kg_ctx *ctx)
{
    if (!ctx)
        return;
    /* librdf frees only worlds it allocated itself: ours go after it. */
    pthread_mutex_lock(&worlds_lock);
    if (ctx->rdf)
        librdf_free_world(ctx->rdf);
    if (ctx->rasqal)
        rasqal_free_world(ctx->rasqal);
    if (ctx->raptor)
        raptor_free_world(ctx->raptor);
    pthread_mutex_unlock(&worlds_lock);
    kg__free(ctx);
}

raptor_world *kg__ctx_raptor(kg_ctx *ctx)
{
    return ctx->raptor;
}

librdf_world *kg__ctx_librdf(kg_ctx *ctx)
{
    return ctx->rdf;
}

void kg__ctx_begin(kg_ctx *ctx, kg_error *err)
{
    ctx->current = err;
    ctx->failed = 0;
}

void kg__ctx_end(kg_ctx *ctx)
{
    ctx->current = NULL;
}

int kg__ctx_failed(const kg_ctx *ctx)
{
    return ctx->failed;
}
