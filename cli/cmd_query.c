/*
 * cmd_query.c -- kg query: SPARQL over the store.
 *
 * SELECT and ASK results print as an aligned table on a terminal and as
 * SPARQL 1.1 TSV otherwise, or in any format named by --format.
 * CONSTRUCT and DESCRIBE print RDF (the syntaxes of kg extract). ASK sets
 * the exit code.
 *
 * SPDX-License-Identifier: MIT
 */
#include <getopt.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

static const char help[] =
    "usage: kg query [options] QUERY\n"
    "       kg query [options] -f FILE.rq\n"
    "\n"
    "Run a SPARQL query over the store. Common prefixes are predeclared:\n"
    "person: state: organization: place: event: article: (kg's entities,\n"
    "e.g. person:choe-son-hui), kg: kgid: rdf: rdfs: xsd: owl: skos:\n"
    "schema: org: prov: nif: itsrdf: wd: dct:. A query may declare its own.\n"
    "\n"
    "Options:\n"
    "  -s, --store SPEC   the store (default: ./" KG_STORE_DEFAULT ")\n"
    "  -f, --file FILE    read the query from FILE (- for stdin); its URI is\n"
    "                     the base IRI\n"
    "  -F, --format FMT   SELECT/ASK: table, csv, tsv, json, xml (default:\n"
    "                     table on a terminal, tsv otherwise);\n"
    "                     CONSTRUCT/DESCRIBE: ttl (default), nt, nq, trig,\n"
    "                     rdfxml\n"
    "  -h, --help         show this help\n"
    "\n"
    "Exit codes: 0 success or ASK true, 1 syntax or query error or missing\n"
    "store, 2 usage error, 3 ASK false.\n";

static int print_graph(kg_result *r, kg_ctx *ctx, const char *format)
{
    kg_rdf_format fmt = KG_RDF_TURTLE;
    kg_rdf_writer *w = NULL;
    kg_triples *t = NULL;
    kg_error err = {0};
    int rc = CLI_OK;

    if (format && kg_rdf_format_from_name(&fmt, format) < 0)
        return cli_usage("query", "'%s' is not an RDF format for a graph "
                                  "result (ttl, nt, nq, trig, rdfxml)",
                         format);
    if (kg_triples_new(&t, &err) < 0 || kg_result_triples(r, t, &err) < 0 ||
        kg_rdf_writer_new(&w, ctx, stdout, fmt, &err) < 0 ||
        kg_rdf_writer_add(w, t, &err) < 0 ||
        kg_rdf_writer_finish(w, &err) < 0)
        rc = cli_error(&err);
    kg_rdf_writer_free(w);
    kg_triples_free(t);
    return rc;
}

static int print_rows(kg_result *r, const char *format)
{
    kg_result_format fmt =
        isatty(STDOUT_FILENO) ? KG_RESULTS_TABLE : KG_RESULTS_TSV;
    kg_error err = {0};

    if (format && kg_result_format_from_name(&fmt, format) < 0)
        return cli_usage("query", "'%s' is not a result format (table, csv, "
                                  "tsv, json, xml)",
                         format);
    if (kg_result_write(r, stdout, fmt, &err) < 0)
        return cli_error(&err);
    if (kg_result_kind(r) == KG_QUERY_BOOLEAN && !kg_result_boolean(r))
        return CLI_FALSE;
    return CLI_OK;
}

static int run(const char *spec, const char *text, const char *base,
               const char *where, const char *format)
{
    kg_query_options opts = KG_QUERY_OPTIONS_INIT;
    kg_result *r = NULL;
    kg_graph *g = NULL;
    kg_ctx *ctx = NULL;
    kg_error err = {0};
    int rc;

    if (kg_ctx_new(&ctx, &err) < 0) {
        rc = cli_error(&err);
        goto done;
    }
    if ((rc = cli_open_store(&g, ctx, spec, KG_OPEN_READONLY)) != 0)
        goto done;
    opts.base = base;
    if (kg_graph_query(&r, g, text, &opts, &err) < 0) {
        /* Name the file (or "query") the user gave, not the base IRI. */
        if (err.line > 0 || err.where[0] == '\0')
            kg_error_locate(&err, where, err.line, err.column);
        rc = cli_error(&err);
        goto done;
    }
    if (kg_result_kind(r) == KG_QUERY_GRAPH)
        rc = print_graph(r, ctx, format);
    else
        rc = print_rows(r, format);

done:
    kg_result_free(r);
    kg_graph_free(g);
    kg_ctx_free(ctx);
    return rc;
}

int cmd_query(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"store", required_argument, NULL, 's'},
        {"file", required_argument, NULL, 'f'},
        {"format", required_argument, NULL, 'F'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *spec = NULL, *file = NULL, *format = NULL;
    kg_buf text = KG_BUF_INIT, base = KG_BUF_INIT;
    kg_error err = {0};
    int c, rc;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+s:f:F:h", longopts, NULL)) != -1) {
        switch (c) {
        case 's': spec = optarg; break;
        case 'f': file = optarg; break;
        case 'F': format = optarg; break;
        case 'h': return cli_help(help);
        default:
            return cli_usage("query", "unknown or incomplete option '%s'",
                             argv[optind - 1]);
        }
    }
    if (format) {
        kg_result_format rf;
        kg_rdf_format gf;
        if (kg_result_format_from_name(&rf, format) < 0 &&
            kg_rdf_format_from_name(&gf, format) < 0)
            return cli_usage("query", "'%s' is not a format (table, csv, tsv, "
                                      "json, xml; ttl, nt, nq, trig, rdfxml)",
                             format);
    }
    if (file && optind < argc)
        return cli_usage("query", "give the query as an argument or with -f, "
                                  "not both");
    if (!file && optind != argc - 1)
        return cli_usage("query", "expected one QUERY argument (quote it) "
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
        rc = run(spec, text.ptr, base.ptr, strcmp(file, "-") ? file : "<stdin>",
                 format);
    } else
        rc = run(spec, argv[optind], NULL, "query", format);

done:
    kg_buf_dispose(&text);
    kg_buf_dispose(&base);
    return cli_finish(rc);
}
