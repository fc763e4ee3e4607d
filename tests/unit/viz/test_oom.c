/*
 * test_oom.c -- kg_viz_render with the n-th allocation of libkg failing,
 * for every n until it succeeds: each failure is KG_ENOMEM, leaves 'out'
 * as it was and leaks nothing (LeakSanitizer checks the last point).
 * Graphviz allocates through its own allocator and is not made to fail.
 *
 * SPDX-License-Identifier: MIT
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "kg_int.h"
#include "viz_test.h"

static void run_until_success(kg_viz_format fmt)
{
    kg_ctx *ctx = NULL;
    kg_triples *t = sample_graph();
    kg_viz_options o = KG_VIZ_OPTIONS_INIT;
    kg_buf out = KG_BUF_INIT;
    kg_error err;
    long n;
    int rc = KG_ENOMEM, failures = 0;

    o.focus = ID "person/choe-son-hui";
    o.title = "Out of memory";
    assert_int_equal(kg_ctx_new(&ctx, NULL), 0);
    assert_int_equal(kg_buf_puts(&out, "keep"), 0);
    for (n = 1; n < 10000 && rc == KG_ENOMEM; n++) {
        kg_error_clear(&err);
        kg__alloc_fail_after(n);
        rc = kg_viz_render(&out, ctx, t, &o, fmt, &err);
        kg__alloc_fail_after(0);
        if (rc == KG_ENOMEM) {
            failures++;
            assert_int_equal(err.code, KG_ENOMEM);
            assert_int_equal(out.size, 4);
            assert_string_equal(out.ptr, "keep");
        }
    }
    assert_int_equal(rc, 0);
    /* the model, labels and output all allocate: several points hit */
    assert_true(failures >= 3);
    assert_memory_equal(out.ptr, "keep", 4);
    kg_buf_dispose(&out);
    kg_triples_free(t);
    kg_ctx_free(ctx);
}

static void test_oom__dot(void **state)
{
    (void)state;
    run_until_success(KG_VIZ_DOT);
}

static void test_oom__svg(void **state)
{
    (void)state;
    run_until_success(KG_VIZ_SVG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_oom__dot),
        cmocka_unit_test(test_oom__svg),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
