/*
 * cmd_stats.c -- kg stats: what the store holds.
 *
 * SPDX-License-Identifier: MIT
 */
#include <getopt.h>
#include <string.h>

#include "cmd.h"

static const char help[] =
    "usage: kg stats [options]\n"
    "\n"
    "Count the triples, named graphs and articles in the store, the\n"
    "entities of each class and the events of each type, and report the\n"
    "store's size on disk.\n"
    "\n"
    "Options:\n"
    "  -s, --store SPEC   the store (default: ./" KG_STORE_DEFAULT ")\n"
    "  -h, --help         show this help\n"
    "\n"
    "Exit codes: 0 success, 1 missing or unreadable store, 2 usage error.\n";

/* The local name of an IRI, for display. */
static const char *local_name(const char *iri)
{
    const char *hash = strrchr(iri, '#'), *slash = strrchr(iri, '/');
    const char *cut = hash > slash ? hash : slash;

    return cut && cut[1] ? cut + 1 : iri;
}

static void print_counts(const char *title, const kg_count *c, size_t n)
{
    size_t i;

    printf("%s\n", title);
    if (n == 0)
        printf("  (none)\n");
    for (i = 0; i < n; i++)
        printf("  %-22s %8ld\n", local_name(c[i].key), c[i].count);
}

static int run(const char *spec)
{
    kg_stats *s = NULL;
    kg_graph *g = NULL;
    kg_ctx *ctx = NULL;
    kg_error err = {0};
    int rc;

    if ((rc = cli_open(&ctx, &g, spec, KG_OPEN_READONLY)) != 0)
        goto done;
    if (kg_graph_stats(&s, g, &err) < 0) {
        rc = cli_error(&err);
        goto done;
    }
    printf("store     %s\n", spec ? spec : KG_STORE_DEFAULT);
    printf("triples   %ld\n", s->triples);
    printf("graphs    %ld\n", s->graphs);
    printf("articles  %ld\n", s->articles);
    if (s->disk_bytes >= 0)
        printf("on disk   %.1f MiB\n", (double)s->disk_bytes / 1048576.0);
    print_counts("entities by class", s->classes, s->n_classes);
    print_counts("events by type", s->events, s->n_events);

done:
    kg_stats_free(s);
    kg_graph_free(g);
    kg_ctx_free(ctx);
    return rc;
}

int cmd_stats(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"store", required_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *spec = NULL;
    int c;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+s:h", longopts, NULL)) != -1) {
        switch (c) {
        case 's': spec = optarg; break;
        case 'h': return cli_help(help);
        default:
            return cli_usage("stats", "unknown or incomplete option '%s'",
                             argv[optind - 1]);
        }
    }
    if (optind < argc)
        return cli_usage("stats", "unexpected argument '%s'", argv[optind]);
    return cli_finish(run(spec));
}
