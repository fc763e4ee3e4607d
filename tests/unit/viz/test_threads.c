/*
 * test_threads.c -- renders from several threads at once, one kg_ctx
 * each: Graphviz's global error state is behind viz's mutex, so every
 * thread gets the same bytes as a render done alone.
 *
 * SPDX-License-Identifier: MIT
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "viz_test.h"

#define THREADS 4
#define ROUNDS 3

typedef struct job {
    const kg_triples *t;
    kg_viz_format fmt;
    const char *expected; /* a render done alone */
    int mismatches;       /* OUT */
} job;

static void *worker(void *arg)
{
    job *j = arg;
    kg_ctx *ctx = NULL;
    int i;

    if (kg_ctx_new(&ctx, NULL) != 0) {
        j->mismatches = ROUNDS;
        return NULL;
    }
    for (i = 0; i < ROUNDS; i++) {
        kg_buf out = KG_BUF_INIT;
        if (kg_viz_render(&out, ctx, j->t, NULL, j->fmt, NULL) != 0 ||
            strcmp(out.ptr, j->expected) != 0)
            j->mismatches++;
        kg_buf_dispose(&out);
    }
    kg_ctx_free(ctx);
    return NULL;
}

static void run(kg_viz_format fmt)
{
    kg_triples *t = sample_graph();
    kg_ctx *ctx = NULL;
    kg_buf expected = KG_BUF_INIT;
    pthread_t th[THREADS];
    job jobs[THREADS];
    int i;

    assert_int_equal(kg_ctx_new(&ctx, NULL), 0);
    assert_int_equal(kg_viz_render(&expected, ctx, t, NULL, fmt, NULL), 0);
    for (i = 0; i < THREADS; i++) {
        jobs[i].t = t;
        jobs[i].fmt = fmt;
        jobs[i].expected = expected.ptr;
        jobs[i].mismatches = 0;
        assert_int_equal(pthread_create(&th[i], NULL, worker, &jobs[i]), 0);
    }
    for (i = 0; i < THREADS; i++) {
        assert_int_equal(pthread_join(th[i], NULL), 0);
        assert_int_equal(jobs[i].mismatches, 0);
    }
    kg_buf_dispose(&expected);
    kg_ctx_free(ctx);
    kg_triples_free(t);
}

static void test_threads__dot(void **state)
{
    (void)state;
    run(KG_VIZ_DOT);
}

static void test_threads__svg(void **state)
{
    (void)state;
    run(KG_VIZ_SVG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threads__dot),
        cmocka_unit_test(test_threads__svg),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
