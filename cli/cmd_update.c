/*
 * cmd_update.c -- kg update: SPARQL 1.1 Update on the store.
 *
 * The request runs through kg_graph_update() in one writing session: the
 * store is journaled when opened for writing, so the request is all or
 * nothing, and its counts are printed as one line on stdout.
 *
 * SPDX-License-Identifier: MIT
 */
#include <getopt.h>
#include <string.h>

#include "cmd.h"

static const char help[] =
    "usage: kg update [options] UPDATE\n"
    "       kg update [options] -f FILE.ru\n"
    "\n"
    "Run a SPARQL 1.1 Update request on the store: INSERT DATA, DELETE DATA,\n"
    "DELETE WHERE, [WITH <g>] DELETE {...} INSERT {...} WHERE {...}, CLEAR,\n"
    "DROP (GRAPH <g>, DEFAULT, NAMED, ALL) and CREATE GRAPH, separated by\n"
    "';'. The prefixes of kg query are predeclared. The default graph is the\n"
    "union of the named graphs: a triple deleted from it leaves every graph\n"
    "stating it; inserted triples go into a named graph (GRAPH <g> { ... }\n"
    "or WITH <g>). LOAD, ADD, MOVE, COPY and USING are refused. The request\n"
    "is all or nothing: every operation is checked before the first runs,\n"
    "and a failure while running rolls the store back.\n"
    "\n"
    "Options:\n"
    "  -s, --store SPEC   the store (default: ./" KG_STORE_DEFAULT ")\n"
    "  -f, --file FILE    read the request from FILE (- for stdin); its URI\n"
    "                     is the base IRI\n"
    "  -h, --help         show this help\n"
    "\n"
    "Prints \"N operations: I quads inserted, D deleted\" on success.\n"
    "\n"
    "Exit codes: 0 success, 1 syntax error, refused operation, missing\n"
    "store or write failure, 2 usage error.\n";

static int run(const char *spec, const char *text, const char *base,
               const char *where)
{
    kg_query_options opts = KG_QUERY_OPTIONS_INIT;
    kg_update_stats st = {0, 0, 0};
    kg_graph *g = NULL;
    kg_ctx *ctx = NULL;
    kg_error err = {0};
    int rc;

    if ((rc = cli_open(&ctx, &g, spec, 0)) != 0)
        goto done;
    opts.base = base;
    if (kg_graph_update(g, text, &opts, &st, &err) < 0) {
        /* Name the file (or "update") the user gave, not the base IRI. */
        if (err.line > 0 || err.where[0] == '\0')
            kg_error_locate(&err, where, err.line, err.column);
        rc = cli_error(&err);
        goto done;
    }
    printf("%d operation%s: %ld quad%s inserted, %ld deleted\n",
           st.operations, st.operations == 1 ? "" : "s", st.inserted,
           st.inserted == 1 ? "" : "s", st.deleted);

done:
    kg_graph_free(g); /* commits, or rolls back a failed request */
    kg_ctx_free(ctx);
    return rc;
}

int cmd_update(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"store", required_argument, NULL, 's'},
        {"file", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *spec = NULL, *file = NULL;
    kg_buf text = KG_BUF_INIT, base = KG_BUF_INIT;
    kg_error err = {0};
    int c, rc;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+s:f:h", longopts, NULL)) != -1) {
        switch (c) {
        case 's': spec = optarg; break;
        case 'f': file = optarg; break;
        case 'h': return cli_help(help);
        default:
            return cli_usage("update", "unknown or incomplete option '%s'",
                             argv[optind - 1]);
        }
    }
    if (file && optind < argc)
        return cli_usage("update", "give the update as an argument or with "
                                   "-f, not both");
    if (!file && optind != argc - 1)
        return cli_usage("update", "expected one UPDATE argument (quote it) "
                                   "or -f FILE");
    if (file) {
        if (kg_file_read(file, 0, &text, &err) < 0) {
            rc = cli_error(&err);
            goto done;
        }
        if (strcmp(file, "-") != 0 && kg_rdf_file_iri(&base, file) < 0) {
            rc = cli_fail("out of memory");
            goto done;
        }
        rc = run(spec, text.ptr, base.ptr,
                 strcmp(file, "-") ? file : "<stdin>");
    } else
        rc = run(spec, argv[optind], NULL, "update");

done:
    kg_buf_dispose(&text);
    kg_buf_dispose(&base);
    return cli_finish(rc);
}
