/*
 * cmd_validate.c -- kg validate: check facts against the SHACL shapes of
 * schemas/shapes.ttl (or another shapes file).
 *
 * The facts are those extracted from articles, read from RDF files, or
 * the whole store. Each violation is one line on stdout; the exit code
 * says whether the data conform.
 *
 * SPDX-License-Identifier: MIT
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

static const char help[] =
    "usage: kg validate [options] PATH...\n"
    "       kg validate [options] --store SPEC\n"
    "\n"
    "Check facts against SHACL shapes: the facts extracted from articles\n"
    "(*.txt), the triples of RDF files, or everything in a store. Prints one\n"
    "line per problem: SEVERITY FOCUS PATH CONSTRAINT: MESSAGE.\n"
    "\n"
    "Options:\n"
    "  -s, --store SPEC     check the store's contents\n"
    "      --shapes FILE    the shapes (default: kg's schemas/shapes.ttl)\n"
    "      --lexicon FILE   add the entries of a lexicon file (repeatable)\n"
    "  -h, --help           show this help\n"
    "\n"
    "The default shapes are looked up in $KG_SCHEMAS_DIR, the installed\n"
    "share/kg/schemas, then the source tree kg was built from.\n"
    "\n"
    "Exit codes: 0 the data conform, 1 violations found or an input failed,\n"
    "2 usage error.\n";

static const char *const inputs_exts[] = {"txt", "ttl", "nt", "nq", "trig",
                                          "rdf", NULL};

/* The first readable default shapes file; NULL when none is found. */
static const char *default_shapes(kg_buf *path)
{
    const char *dirs[3];
    size_t i;

    dirs[0] = getenv("KG_SCHEMAS_DIR");
    dirs[1] = KG_INSTALL_SCHEMAS_DIR;
    dirs[2] = KG_SOURCE_SCHEMAS_DIR;
    for (i = 0; i < 3; i++) {
        if (!dirs[i] || !*dirs[i])
            continue;
        kg_buf_clear(path);
        if (kg_buf_printf(path, "%s/shapes.ttl", dirs[i]) == 0 &&
            access(path->ptr, R_OK) == 0)
            return path->ptr;
    }
    return NULL;
}

static int read_rdf(kg_triples *t, kg_ctx *ctx, const char *path,
                    kg_rdf_format fmt, kg_error *err)
{
    kg_buf data = KG_BUF_INIT, iri = KG_BUF_INIT;
    int error;

    if ((error = kg_file_read(path, 0, &data, err)) == 0) {
        if (kg_rdf_file_iri(&iri, path) < 0)
            error = kg_error_set(err, KG_ENOMEM, "out of memory");
        else
            error = kg_rdf_parse(t, ctx, data.ptr, data.size, fmt, iri.ptr,
                                 NULL, err);
    }
    if (error < 0 && err->where[0] == '\0')
        kg_error_locate(err, path, err->line, err->column);
    kg_buf_dispose(&data);
    kg_buf_dispose(&iri);
    return error;
}

static int gather_inputs(kg_triples *data, kg_ctx *ctx,
                         const kg_lexicon *lex, const cli_inputs *in)
{
    int failed = 0;
    size_t i;

    for (i = 0; i < in->n; i++) {
        kg_error err = {0};
        kg_rdf_format fmt;
        kg_doc *doc = NULL;
        int error;

        if (strcmp(in->paths[i], "-") != 0 &&
            kg_rdf_format_from_path(&fmt, in->paths[i]) == 0)
            error = read_rdf(data, ctx, in->paths[i], fmt, &err);
        else if ((error = cli_extract_file(&doc, lex, in->paths[i], NULL,
                                           &err)) == 0)
            error = kg_doc_to_triples(doc, data, &err);
        kg_doc_free(doc);
        if (error < 0) {
            cli_error(&err);
            failed = 1;
        }
    }
    return failed ? CLI_FAILURE : CLI_OK;
}

static int gather_store(kg_triples *data, kg_ctx *ctx, const char *spec)
{
    kg_query_options opts = KG_QUERY_OPTIONS_INIT;
    kg_result *r = NULL;
    kg_graph *g = NULL;
    kg_error err = {0};
    int rc;

    if ((rc = cli_open_store(&g, ctx, spec, KG_OPEN_READONLY)) != 0)
        return rc;
    if (kg_graph_query(&r, g, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
                       &opts, &err) < 0 ||
        kg_result_triples(r, data, &err) < 0)
        rc = cli_error(&err);
    kg_result_free(r);
    kg_graph_free(g);
    return rc;
}

int cmd_validate(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"store", required_argument, NULL, 's'},
        {"shapes", required_argument, NULL, 'S'},
        {"lexicon", required_argument, NULL, 'L'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *spec = NULL, *shapes_path = NULL;
    char **lexicons = calloc((size_t)argc, sizeof(char *));
    size_t n_lexicons = 0, violations = 0;
    kg_buf path = KG_BUF_INIT, report = KG_BUF_INIT;
    kg_triples *shapes = NULL, *data = NULL;
    kg_lexicon *lex = NULL;
    kg_ctx *ctx = NULL;
    kg_error err = {0};
    cli_inputs in = {0};
    int c, rc = CLI_OK;

    if (!lexicons)
        return cli_fail("out of memory");
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+s:h", longopts, NULL)) != -1) {
        switch (c) {
        case 's': spec = optarg; break;
        case 'S': shapes_path = optarg; break;
        case 'L': lexicons[n_lexicons++] = optarg; break;
        case 'h': free(lexicons); return cli_help(help);
        default:
            free(lexicons);
            return cli_usage("validate", "unknown or incomplete option '%s'",
                             argv[optind - 1]);
        }
    }
    if ((optind < argc) == (spec != NULL)) {
        free(lexicons);
        return cli_usage("validate", "name input files or --store, not both "
                                     "or neither");
    }
    if (!shapes_path && (shapes_path = default_shapes(&path)) == NULL) {
        rc = cli_fail("cannot find shapes.ttl: give --shapes FILE or set "
                      "KG_SCHEMAS_DIR");
        goto done;
    }
    if (kg_ctx_new(&ctx, &err) < 0 || kg_triples_new(&shapes, &err) < 0 ||
        kg_triples_new(&data, &err) < 0) {
        rc = cli_error(&err);
        goto done;
    }
    if (read_rdf(shapes, ctx, shapes_path, KG_RDF_TURTLE, &err) < 0) {
        rc = cli_error(&err);
        goto done;
    }
    if (spec)
        rc = gather_store(data, ctx, spec);
    else if ((rc = cli_inputs_collect(&in, argv + optind, argc - optind,
                                      inputs_exts)) == 0 &&
             (rc = cli_lexicon(&lex, lexicons, n_lexicons)) == 0)
        rc = gather_inputs(data, ctx, lex, &in);
    if (kg_shapes_check(&report, &violations, shapes, data, &err) < 0) {
        rc = cli_error(&err);
        goto done;
    }
    if (report.size)
        fputs(report.ptr, stdout);
    fprintf(stderr, "kg: %zu violation(s) in %zu quads checked against %s\n",
            violations, kg_triples_count(data), shapes_path);
    if (violations > 0)
        rc = CLI_FAILURE;

done:
    kg_triples_free(shapes);
    kg_triples_free(data);
    kg_lexicon_free(lex);
    kg_ctx_free(ctx);
    kg_buf_dispose(&path);
    kg_buf_dispose(&report);
    cli_inputs_dispose(&in);
    free(lexicons);
    return cli_finish(rc);
}
