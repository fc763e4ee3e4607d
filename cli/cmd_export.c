/*
 * cmd_export.c -- kg export: the entity/event network for other tools,
 * as GraphML (Gephi, Cytoscape, yEd) or as a CSV link table for i2
 * Analyst's Notebook-style import.
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

static const char help[] =
    "usage: kg export --format graphml|i2csv [options]\n"
    "\n"
    "Write the network of people, organisations, states, places and\n"
    "events. graphml: nodes with id, label, class, type (and the results\n"
    "of kg analyze), edges with relation, date and source article.\n"
    "i2csv: one CSV row per link (RFC 4180): from_id, from_label,\n"
    "from_type, link_type, to_id, to_label, to_type, date, source.\n"
    "\n"
    "Options:\n"
    "  -s, --store SPEC     the store (default: ./" KG_STORE_DEFAULT ")\n"
    "  -F, --format FMT     graphml or i2csv (required)\n"
    "  -o, --output FILE    where to write (default: - for stdout)\n"
    "  -h, --help           show this help\n"
    "\n"
    "Exit codes: 0 written, 1 missing store, query or write error,\n"
    "2 usage error.\n";

static int run(const char *spec, int graphml, const char *output)
{
    kg_buf out = KG_BUF_INIT;
    kg_network *n = NULL;
    kg_graph *g = NULL;
    kg_ctx *ctx = NULL;
    kg_error err = {0};
    int rc;

    if ((rc = cli_open(&ctx, &g, spec, KG_OPEN_READONLY)) != 0)
        goto done;
    if (kg_network_load(&n, g, &err) < 0 ||
        (graphml ? kg_analyze_write_graphml(&out, n, &err)
                 : kg_analyze_write_i2csv(&out, n, &err)) < 0) {
        rc = cli_error(&err);
        goto done;
    }
    rc = cli_write_file(output, &out);

done:
    kg_buf_dispose(&out);
    kg_network_free(n);
    kg_graph_free(g);
    kg_ctx_free(ctx);
    return rc;
}

int cmd_export(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"store", required_argument, NULL, 's'},
        {"format", required_argument, NULL, 'F'},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *spec = NULL, *format = NULL, *output = "-";
    int c;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+s:F:o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 's': spec = optarg; break;
        case 'F': format = optarg; break;
        case 'o': output = optarg; break;
        case 'h': return cli_help(help);
        default:
            return cli_usage("export", "unknown or incomplete option '%s'",
                             argv[optind - 1]);
        }
    }
    if (optind < argc)
        return cli_usage("export", "unexpected argument '%s'", argv[optind]);
    if (!format)
        return cli_usage("export", "give the format: --format graphml or "
                                   "--format i2csv");
    if (strcmp(format, "graphml") != 0 && strcmp(format, "i2csv") != 0)
        return cli_usage("export", "unknown format '%s' (graphml, i2csv)",
                         format);
    return cli_finish(run(spec, strcmp(format, "graphml") == 0, output));
}
