/*
 * cmd_remove.c -- kg remove: retract articles' facts from the store.
 *
 * An article is named by its source name (the file's base name, as
 * kg load records it in kg:sourceName; a path is reduced to its base name)
 * or by its graph IRI. Each graph goes whole, through kg_graph_remove, so
 * the union default graph keeps a fact another article still states.
 *
 * SPDX-License-Identifier: MIT
 */
#define _GNU_SOURCE /* open_memstream */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

static const char help[] =
    "usage: kg remove [options] ARTICLE|GRAPH...\n"
    "\n"
    "Remove articles' facts from the store: each ARTICLE is a source name\n"
    "as kg load recorded it (the file's name, e.g. 01_reception.txt; a\n"
    "path is reduced to its file name), each GRAPH an article graph IRI\n"
    "(see `kg query 'SELECT ?g ?s WHERE { GRAPH ?g { ?g kg:sourceName ?s\n"
    "} }'`). All named articles are removed in one writing session: if one\n"
    "is not in the store, nothing is removed.\n"
    "\n"
    "Options:\n"
    "  -s, --store SPEC   the store (default: ./" KG_STORE_DEFAULT ")\n"
    "  -q, --quiet        print nothing on success\n"
    "  -h, --help         show this help\n"
    "\n"
    "Exit codes: 0 removed, 1 an article not in the store, a missing store\n"
    "or a write error (nothing removed), 2 usage error.\n";

/*
 * Append to 'graphs' (NUL-separated) the graph IRIs 'name' stands for: the
 * graph itself when it is one, else the graphs whose kg:sourceName is its
 * base name. Returns 0 (none found: nothing appended) or CLI_FAILURE.
 */
static int graphs_named(kg_buf *graphs, kg_graph *g, const char *name)
{
    kg_buf q = KG_BUF_INIT;
    kg_result *r = NULL;
    kg_error err = {0};
    char *rows = NULL, *line, *save = NULL;
    size_t len = 0;
    FILE *fp = NULL;
    int rc = 0;

    if (kg_buf_puts(&q, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g "
                        "kg:sourceName ?s } FILTER (?s = ") < 0 ||
        cli_sparql_string(&q, cli_base_name(name)) < 0 ||
        kg_buf_puts(&q, " || STR(?g) = ") < 0 ||
        cli_sparql_string(&q, name) < 0 || kg_buf_puts(&q, ") }") < 0) {
        rc = cli_fail("out of memory");
        goto done;
    }
    if ((fp = open_memstream(&rows, &len)) == NULL) {
        rc = cli_fail("out of memory");
        goto done;
    }
    if (kg_graph_query(&r, g, q.ptr, NULL, &err) < 0 ||
        kg_result_write(r, fp, KG_RESULTS_TSV, &err) < 0) {
        rc = cli_error(&err);
        goto done;
    }
    fclose(fp);
    fp = NULL;
    /* TSV: a header line, then one <IRI> per line. */
    for (line = strtok_r(rows, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        size_t n = strlen(line);
        if (n < 2 || line[0] != '<' || line[n - 1] != '>')
            continue;
        if (kg_buf_put(graphs, line + 1, n - 2) < 0 ||
            kg_buf_put(graphs, "", 1) < 0) {
            rc = cli_fail("out of memory");
            goto done;
        }
    }
done:
    if (fp)
        fclose(fp);
    free(rows);
    kg_result_free(r);
    kg_buf_dispose(&q);
    return rc;
}

static int run(const char *spec, char **names, int n, int quiet)
{
    kg_buf graphs = KG_BUF_INIT;
    kg_graph *g = NULL;
    kg_ctx *ctx = NULL;
    kg_error err = {0};
    size_t count = 0, off;
    int rc = 0, i;

    if ((rc = cli_open(&ctx, &g, spec, 0)) != 0)
        goto done;
    for (i = 0; i < n && rc == 0; i++) {
        size_t before = graphs.size;
        if ((rc = graphs_named(&graphs, g, names[i])) == 0 &&
            graphs.size == before)
            rc = cli_fail("no article or graph '%s' in the store (kg query "
                          "'SELECT ?g ?s WHERE { GRAPH ?g { ?g "
                          "kg:sourceName ?s } }' lists them)",
                          names[i]);
    }
    for (off = 0; rc == 0 && off < graphs.size;
         off += strlen(graphs.ptr + off) + 1) {
        int e = kg_graph_remove(g, graphs.ptr + off, &err);
        if (e == KG_ENOTFOUND)
            continue; /* named twice */
        if (e < 0)
            rc = cli_error(&err);
        else
            count++;
    }
    if (rc == 0 && !quiet)
        printf("kg: %zu article graph(s) removed\n", count);
done:
    kg_buf_dispose(&graphs);
    kg_graph_free(g);
    kg_ctx_free(ctx);
    return rc;
}

int cmd_remove(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"store", required_argument, NULL, 's'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *spec = NULL;
    int c, quiet = 0;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+s:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 's': spec = optarg; break;
        case 'q': quiet = 1; break;
        case 'h': return cli_help(help);
        default:
            return cli_usage("remove", "unknown or incomplete option '%s'",
                             argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return cli_usage("remove", "expected at least one ARTICLE or GRAPH");
    return cli_finish(run(spec, argv + optind, argc - optind, quiet));
}
