/*
 * helpers.h -- shared setup of the graph tests: fixtures parsed into
 * kg_triples, a sandbox directory per test, queries run into a string.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef KG_TEST_GRAPH_HELPERS_H
#define KG_TEST_GRAPH_HELPERS_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <dirent.h>
#include <unistd.h>

#include <kg/kg.h>

/* Read fixture graphs/'name' (format from its extension) into a new list. */
static inline kg_triples *fixture(kg_ctx *ctx, const char *name)
{
    const char *dir = getenv("KG_FIXTURES_DIR");
    char path[1024];
    kg_buf data = KG_BUF_INIT, base = KG_BUF_INIT;
    kg_triples *t = NULL;
    kg_rdf_format fmt;
    kg_error err;

    kg_error_clear(&err);
    assert_non_null(dir);
    snprintf(path, sizeof(path), "%s/graphs/%s", dir, name);
    assert_int_equal(kg_file_read(path, 0, &data, &err), 0);
    assert_int_equal(kg_rdf_format_from_path(&fmt, path), 0);
    assert_int_equal(kg_rdf_file_iri(&base, path), 0);
    assert_int_equal(kg_triples_new(&t, &err), 0);
    if (kg_rdf_parse(t, ctx, data.ptr, data.size, fmt, base.ptr, NULL,
                     &err) != 0)
        fail_msg("%s: %s (line %d)", name, err.message, err.line);
    kg_buf_dispose(&data);
    kg_buf_dispose(&base);
    return t;
}

/* A fresh empty directory; its path in 'out' (size 256). */
static inline void sandbox_new(char *out)
{
    strcpy(out, "/tmp/kg-graph-test-XXXXXX");
    assert_non_null(mkdtemp(out));
}

/* Remove 'dir' and the directories and files in it (two levels). */
static inline void sandbox_free(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[1024];

    if (!d)
        return;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof(path), "%.700s/%.255s", dir, e->d_name);
        if (remove(path) != 0)
            sandbox_free(path);
    }
    closedir(d);
    rmdir(dir);
}

/* Run 'sparql' and write it in 'fmt' into a malloc()ed string. */
static inline char *query_text(kg_graph *g, const char *sparql,
                               kg_result_format fmt)
{
    kg_result *r = NULL;
    kg_error err;
    char *text = NULL;
    size_t len = 0;
    FILE *fp;

    kg_error_clear(&err);
    if (kg_graph_query(&r, g, sparql, NULL, &err) != 0)
        fail_msg("query: %s (line %d col %d)", err.message, err.line,
                 err.column);
    assert_non_null(fp = open_memstream(&text, &len));
    if (kg_result_write(r, fp, fmt, &err) != 0)
        fail_msg("write: %s", err.message);
    fclose(fp);
    kg_result_free(r);
    return text;
}

/* The single value of a one-row, one-column SELECT, as CSV text. */
static inline long query_count(kg_graph *g, const char *sparql)
{
    char *text = query_text(g, sparql, KG_RESULTS_CSV);
    char *nl = strstr(text, "\r\n");
    long n;

    assert_non_null(nl);
    n = strtol(nl + 2, NULL, 10);
    free(text);
    return n;
}

static inline int ask(kg_graph *g, const char *sparql)
{
    kg_result *r = NULL;
    kg_error err;
    int b;

    kg_error_clear(&err);
    if (kg_graph_query(&r, g, sparql, NULL, &err) != 0)
        fail_msg("query: %s", err.message);
    assert_int_equal(kg_result_kind(r), KG_QUERY_BOOLEAN);
    b = kg_result_boolean(r);
    kg_result_free(r);
    return b;
}

/* Load fixture 'name', a single-graph article from 'source'. */
static inline kg_load_status load_article(kg_graph *g, kg_ctx *ctx,
                                   const char *name, const char *source)
{
    kg_triples *t = fixture(ctx, name);
    kg_load_status st = 0;
    kg_error err;

    kg_error_clear(&err);
    assert_true(kg_triples_count(t) > 0);
    if (kg_graph_add_article(g, kg_triples_get(t, 0)->g.value, source, t,
                             &st, &err) != 0)
        fail_msg("add_article: %s", err.message);
    kg_triples_free(t);
    return st;
}

#endif
