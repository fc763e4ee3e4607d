/*
 * cmd_path.c -- kg path: the shortest paths between two entities over
 * the entity/event network, as text and optionally as a diagram.
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
    "usage: kg path [options] A B\n"
    "\n"
    "Print the shortest paths between two entities (names or IRIs) over\n"
    "the network of people, organisations, states, places and events,\n"
    "one path a line: \"A -[host]-> Meeting <-[guest]- B\".\n"
    "\n"
    "Options:\n"
    "  -s, --store SPEC     the store (default: ./" KG_STORE_DEFAULT ")\n"
    "  -n, --max-paths N    print at most N paths (default 3)\n"
    "  -o, --output FILE    also draw the paths (svg, png, pdf or dot, from\n"
    "                       the extension; - for svg on stdout)\n"
    "  -h, --help           show this help\n"
    "\n"
    "Exit codes: 0 paths printed, 1 unknown entity, no path, missing\n"
    "store or render error, 2 usage error.\n";

static int run(const char *spec, const char *a, const char *b, int max,
               const char *output, kg_viz_format fmt)
{
    kg_viz_options vopts = KG_VIZ_OPTIONS_INIT;
    kg_buf from = KG_BUF_INIT, to = KG_BUF_INIT, text = KG_BUF_INIT,
           svg = KG_BUF_INIT, title = KG_BUF_INIT;
    kg_triples *d = NULL;
    kg_network *n = NULL;
    kg_graph *g = NULL;
    kg_ctx *ctx = NULL;
    kg_error err = {0};
    int rc = CLI_OK;

    if (kg_ctx_new(&ctx, &err) < 0 || kg_triples_new(&d, &err) < 0) {
        rc = cli_error(&err);
        goto done;
    }
    if ((rc = cli_open_store(&g, ctx, spec, KG_OPEN_READONLY)) != 0)
        goto done;
    if (kg_graph_resolve(&from, g, a, &err) < 0 ||
        kg_graph_resolve(&to, g, b, &err) < 0 ||
        kg_network_load(&n, g, &err) < 0 ||
        kg_analyze_paths(&text, output ? d : NULL, n, from.ptr, to.ptr, max,
                         &err) < 0) {
        rc = cli_error(&err);
        goto done;
    }
    fwrite(text.ptr, 1, text.size, output && !strcmp(output, "-")
                                       ? stderr : stdout);
    if (output) {
        if (kg_buf_printf(&title, "Shortest paths: %s to %s", a, b) < 0) {
            rc = cli_fail("out of memory");
            goto done;
        }
        vopts.title = title.ptr;
        vopts.focus = from.ptr;
        if (kg_viz_render(&svg, ctx, d, &vopts, fmt, &err) < 0) {
            rc = cli_error(&err);
            goto done;
        }
        rc = cli_write_file(output, &svg);
    }

done:
    kg_buf_dispose(&from);
    kg_buf_dispose(&to);
    kg_buf_dispose(&text);
    kg_buf_dispose(&svg);
    kg_buf_dispose(&title);
    kg_triples_free(d);
    kg_network_free(n);
    kg_graph_free(g);
    kg_ctx_free(ctx);
    return rc;
}

int cmd_path(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"store", required_argument, NULL, 's'},
        {"max-paths", required_argument, NULL, 'n'},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *spec = NULL, *output = NULL, *dot;
    kg_viz_format fmt = KG_VIZ_SVG;
    char *end;
    long max = 3;
    int c;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "s:n:o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 's': spec = optarg; break;
        case 'o': output = optarg; break;
        case 'n':
            max = strtol(optarg, &end, 10);
            if (*optarg == '\0' || *end != '\0' || max < 1 || max > 1000)
                return cli_usage("path", "--max-paths takes a number from "
                                         "1 to 1000");
            break;
        case 'h': return cli_help(help);
        default:
            return cli_usage("path", "unknown or incomplete option '%s'",
                             argv[optind - 1]);
        }
    }
    if (argc - optind != 2)
        return cli_usage("path", "give two entities, A and B");
    if (output && strcmp(output, "-") != 0 &&
        ((dot = strrchr(output, '.')) == NULL ||
         kg_viz_format_from_name(&fmt, dot + 1) < 0))
        return cli_usage("path", "-o FILE must end in .svg, .png, .pdf or "
                                 ".dot");
    return cli_finish(run(spec, argv[optind], argv[optind + 1], (int)max,
                          output, fmt));
}
