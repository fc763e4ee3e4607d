/*
 * cmd_viz.c -- kg viz: a Graphviz diagram of an entity's neighbourhood
 * or of a CONSTRUCT query's result.
 *
 * The diagram is rendered in memory and written to a temporary file that
 * is renamed over -o FILE, so a failed render never leaves a broken file.
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
    "usage: kg viz [options] --entity NAME|IRI -o FILE\n"
    "       kg viz [options] --query FILE.rq -o FILE\n"
    "\n"
    "Draw a diagram: the neighbourhood of one entity (people, ministries,\n"
    "states, places and events around it), or the graph a CONSTRUCT query\n"
    "returns. Nodes are styled by class, edges labelled by relation.\n"
    "\n"
    "Options:\n"
    "  -s, --store SPEC     the store (default: ./" KG_STORE_DEFAULT ")\n"
    "  -e, --entity NAME    an entity by name (e.g. \"Choe Son-hui\") or IRI\n"
    "      --hops N         neighbourhood radius (default 1)\n"
    "      --max-nodes N    draw at most N nodes (default 150)\n"
    "  -q, --query FILE     a CONSTRUCT or DESCRIBE query (- for stdin)\n"
    "  -F, --format FMT     svg, png, pdf or dot (default: from the file\n"
    "                       extension of -o, else svg)\n"
    "  -o, --output FILE    where to write the diagram (- for stdout)\n"
    "      --title TEXT     a title above the diagram\n"
    "      --no-legend      leave out the legend of node classes\n"
    "      --clusters       box each state with its organisations and people\n"
    "  -h, --help           show this help\n"
    "\n"
    "Exit codes: 0 diagram written, 1 unknown entity, empty result, query\n"
    "or render error, missing store, 2 usage error.\n";

typedef struct viz_args {
    const char *spec, *entity, *query, *format, *output, *title;
    int hops, max_nodes, legend, clusters;
} viz_args;

static int parse_int(const char *s, int lo, int hi, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);

    if (*s == '\0' || *end != '\0' || v < lo || v > hi)
        return -1;
    *out = (int)v;
    return 0;
}

/* Collect the triples to draw into 't'. */
static int gather(kg_triples *t, kg_graph *g, const viz_args *a,
                  kg_buf *focus, kg_error *err)
{
    kg_query_options opts = KG_QUERY_OPTIONS_INIT;
    kg_buf text = KG_BUF_INIT;
    kg_result *r = NULL;
    int error;

    if (a->entity) {
        if ((error = kg_graph_resolve(focus, g, a->entity, err)) < 0)
            return error;
        return kg_graph_neighbourhood(t, g, focus->ptr, a->hops,
                                      a->max_nodes, err);
    }
    if ((error = kg_file_read(a->query, 0, &text, err)) == 0 &&
        (error = kg_graph_query(&r, g, text.ptr, &opts, err)) == 0) {
        if (kg_result_kind(r) != KG_QUERY_GRAPH)
            error = kg_error_set(err, KG_EINVALID,
                                 "the query must be a CONSTRUCT or DESCRIBE "
                                 "query");
        else
            error = kg_result_triples(r, t, err);
    }
    if (error < 0 && err->where[0] == '\0')
        kg_error_locate(err, a->query, err->line, err->column);
    kg_result_free(r);
    kg_buf_dispose(&text);
    return error;
}

static int write_output(const char *path, const kg_buf *data)
{
    kg_buf tmp = KG_BUF_INIT;
    FILE *fp;
    int rc = CLI_OK;

    if (strcmp(path, "-") == 0) {
        fwrite(data->ptr, 1, data->size, stdout);
        return CLI_OK;
    }
    if (kg_buf_printf(&tmp, "%s.tmp%ld", path, (long)getpid()) < 0)
        return cli_fail("out of memory");
    if ((fp = fopen(tmp.ptr, "wb")) == NULL)
        rc = cli_fail("%s: %s", path, strerror(errno));
    else if (fwrite(data->ptr, 1, data->size, fp) != data->size ||
             fclose(fp) != 0 || rename(tmp.ptr, path) != 0) {
        rc = cli_fail("%s: cannot write: %s", path, strerror(errno));
        remove(tmp.ptr);
    }
    kg_buf_dispose(&tmp);
    return rc;
}

static int run(const viz_args *a, kg_viz_format fmt)
{
    kg_viz_options opts = KG_VIZ_OPTIONS_INIT;
    kg_buf focus = KG_BUF_INIT, out = KG_BUF_INIT;
    kg_triples *t = NULL;
    kg_graph *g = NULL;
    kg_ctx *ctx = NULL;
    kg_error err = {0};
    int rc;

    if (kg_ctx_new(&ctx, &err) < 0 || kg_triples_new(&t, &err) < 0) {
        rc = cli_error(&err);
        goto done;
    }
    if ((rc = cli_open_store(&g, ctx, a->spec, KG_OPEN_READONLY)) != 0)
        goto done;
    if (gather(t, g, a, &focus, &err) < 0) {
        rc = cli_error(&err);
        goto done;
    }
    opts.focus = focus.ptr;
    opts.title = a->title;
    opts.legend = a->legend;
    opts.clusters = a->clusters;
    if (kg_viz_render(&out, ctx, t, &opts, fmt, &err) < 0) {
        rc = cli_error(&err);
        goto done;
    }
    rc = write_output(a->output, &out);

done:
    kg_buf_dispose(&out);
    kg_buf_dispose(&focus);
    kg_triples_free(t);
    kg_graph_free(g);
    kg_ctx_free(ctx);
    return rc;
}

int cmd_viz(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"store", required_argument, NULL, 's'},
        {"entity", required_argument, NULL, 'e'},
        {"hops", required_argument, NULL, 'H'},
        {"max-nodes", required_argument, NULL, 'M'},
        {"query", required_argument, NULL, 'q'},
        {"format", required_argument, NULL, 'F'},
        {"output", required_argument, NULL, 'o'},
        {"title", required_argument, NULL, 'T'},
        {"no-legend", no_argument, NULL, 'n'},
        {"clusters", no_argument, NULL, 'C'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    viz_args a = {NULL, NULL, NULL, NULL, NULL, NULL, 1, 150, 1, 0};
    kg_viz_format fmt = KG_VIZ_SVG;
    const char *dot;
    int c;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+s:e:q:F:o:h", longopts, NULL)) !=
           -1) {
        switch (c) {
        case 's': a.spec = optarg; break;
        case 'e': a.entity = optarg; break;
        case 'q': a.query = optarg; break;
        case 'F': a.format = optarg; break;
        case 'o': a.output = optarg; break;
        case 'T': a.title = optarg; break;
        case 'n': a.legend = 0; break;
        case 'C': a.clusters = 1; break;
        case 'H':
            if (parse_int(optarg, 0, 10, &a.hops) < 0)
                return cli_usage("viz", "--hops takes a number from 0 to 10");
            break;
        case 'M':
            if (parse_int(optarg, 1, 100000, &a.max_nodes) < 0)
                return cli_usage("viz", "--max-nodes takes a number from 1 "
                                        "to 100000");
            break;
        case 'h': return cli_help(help);
        default:
            return cli_usage("viz", "unknown or incomplete option '%s'",
                             argv[optind - 1]);
        }
    }
    if (optind < argc)
        return cli_usage("viz", "unexpected argument '%s'", argv[optind]);
    if (!a.entity == !a.query)
        return cli_usage("viz", "give either --entity or --query");
    if (!a.output)
        return cli_usage("viz", "give the output file with -o FILE");
    if (!a.format && (dot = strrchr(a.output, '.')) != NULL &&
        kg_viz_format_from_name(&fmt, dot + 1) == 0)
        ;
    else if (a.format && kg_viz_format_from_name(&fmt, a.format) < 0)
        return cli_usage("viz", "unknown format '%s' (svg, png, pdf, dot)",
                         a.format);
    return cli_finish(run(&a, fmt));
}
