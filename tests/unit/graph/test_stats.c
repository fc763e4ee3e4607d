/*
 * test_stats.c -- counts of a store: quads, graphs, articles, entities per
 * class (each entity once however many articles state it), events per
 * type, disk use.
 *
 * SPDX-License-Identifier: MIT
 */
#include "graph/helpers.h"

typedef struct fx {
    kg_ctx *ctx;
    char dir[256];
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof(*f));

    assert_int_equal(kg_ctx_new(&f->ctx, NULL), 0);
    sandbox_new(f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;

    sandbox_free(f->dir);
    kg_ctx_free(f->ctx);
    free(f);
    return 0;
}

static void expect_count(const kg_count *c, const char *key, long n)
{
    assert_string_equal(c->key, key);
    assert_int_equal(c->count, n);
}

static void test_stats__counts(void **state)
{
    fx *f = *state;
    kg_graph *g = NULL;
    kg_stats *s = NULL;
    kg_error err;

    kg_error_clear(&err);
    assert_int_equal(kg_graph_open(&g, f->ctx, "memory:", 0, &err), 0);
    load_article(g, f->ctx, "article-a.trig", "a.txt");
    load_article(g, f->ctx, "article-b.trig", "b.txt");
    assert_int_equal(kg_graph_stats(&s, g, &err), 0);
    assert_int_equal(s->triples, kg_graph_size(g));
    assert_int_equal(s->graphs, 2);
    assert_int_equal(s->articles, 2);
    assert_int_equal(s->disk_bytes, -1);
    /* sorted by IRI; Lavrov is typed in both articles, counted once */
    assert_int_equal(s->n_classes, 7);
    expect_count(&s->classes[0], "http://schema.org/Country", 2);
    expect_count(&s->classes[1], "http://schema.org/Event", 2);
    expect_count(&s->classes[2], "http://schema.org/Person", 4);
    expect_count(&s->classes[3], "http://schema.org/Place", 2);
    expect_count(&s->classes[4], "http://www.w3.org/ns/org#Organization", 1);
    expect_count(&s->classes[5], "https://w3id.org/kg/ns#Ministry", 1);
    expect_count(&s->classes[6], "https://w3id.org/kg/ns#State", 2);
    assert_int_equal(s->n_events, 2);
    expect_count(&s->events[0], "https://w3id.org/kg/ns#Meeting", 1);
    expect_count(&s->events[1], "https://w3id.org/kg/ns#Reception", 1);
    kg_stats_free(s);
    kg_graph_free(g);
}

static void test_stats__store_on_disk(void **state)
{
    fx *f = *state;
    char store[300];
    kg_graph *g = NULL;
    kg_stats *s = NULL;
    kg_error err;

    snprintf(store, sizeof(store), "%s/store", f->dir);
    kg_error_clear(&err);
    assert_int_equal(kg_graph_open(&g, f->ctx, store, KG_OPEN_CREATE, &err),
                     0);
    assert_int_equal(kg_graph_stats(&s, g, &err), 0);
    assert_int_equal(s->triples, 0);
    assert_int_equal(s->graphs, 0);
    assert_int_equal(s->n_classes, 0);
    kg_stats_free(s);
    load_article(g, f->ctx, "article-b.trig", "b.txt");
    assert_int_equal(kg_graph_stats(&s, g, &err), 0);
    assert_int_equal(s->graphs, 1);
    assert_int_equal(s->articles, 1);
    assert_true(s->disk_bytes > 0);
    assert_int_equal(s->n_events, 1);
    expect_count(&s->events[0], "https://w3id.org/kg/ns#Meeting", 1);
    kg_stats_free(s);
    kg_stats_free(NULL);
    kg_graph_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_stats__counts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stats__store_on_disk, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
