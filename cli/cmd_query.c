/*
 * cmd_query.c -- kg query: SPARQL over the store or over RDF files.
 *
 * SELECT and ASK results print as an aligned table on a terminal and as
 * SPARQL 1.1 TSV otherwise, or in any format named by --format.
 * CONSTRUCT and DESCRIBE print RDF (the syntaxes of kg extract). ASK sets
 * the exit code.
 *
 * With --data / --named the query runs over RDF files instead of a
 * store, as roqet's -D / -G do: the files are parsed into a transient
 * "memory:" store, each into a graph named by its file: IRI, and the
 * dataset of the query is those graphs (the merge of the --data files as
 * default graph, the --named files as named graphs), which replaces any
 * FROM / FROM NAMED of the query, as the SPARQL protocol's dataset does.
 * --default-graph / --named-graph give such a dataset from a store's
 * graphs.
 *
 * SPDX-License-Identifier: MIT
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

static const char help[] =
    "usage: kg query [options] QUERY\n"
    "       kg query [options] -f FILE.rq\n"
    "\n"
    "Run a SPARQL query over the store, or over RDF files with --data and\n"
    "--named. Common prefixes are predeclared:\n"
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
    "      --data FILE    query RDF file FILE (.ttl .nt .nq .trig .rdf)\n"
    "                     without a store: its triples join the default\n"
    "                     graph (repeatable; the graphs of a TriG or\n"
    "                     N-Quads file stay named graphs)\n"
    "      --named FILE   query RDF file FILE as the named graph called by\n"
    "                     its file: URI (repeatable)\n"
    "      --default-graph IRI  over a store: the default graph is the merge\n"
    "                     of these graphs (repeatable)\n"
    "      --named-graph IRI    over a store: GRAPH ranges over these\n"
    "                     graphs only (repeatable)\n"
    "                     Any of these four replaces FROM / FROM NAMED\n"
    "                     (see --load-from for files).\n"
    "      --load-from    load the files the query's FROM / FROM NAMED name\n"
    "                     (file: IRIs only, never the network), as roqet\n"
    "                     does; --data replaces FROM, --named FROM NAMED\n"
    "      --timeout SECONDS  stop the query after SECONDS (default: none)\n"
    "      --parse-only   check the query's syntax, do not run it\n"
    "      --no-prefixes  predeclare no prefixes (plain SPARQL)\n"
    "  -h, --help         show this help\n"
    "\n"
    "Exit codes: 0 success or ASK true (--parse-only: the query parses),\n"
    "1 syntax or query error, bad RDF file or missing store, 2 usage\n"
    "error, 3 ASK false, 4 the time limit passed.\n";

/* Owned strings, e.g. graph IRIs. */
typedef struct strlist {
    char **v;
    size_t n, alloc;
} strlist;

/* Append a copy of 's' unless already there. Returns 0 or -1 (memory). */
static int strlist_add(strlist *l, const char *s)
{
    size_t i;

    for (i = 0; i < l->n; i++)
        if (strcmp(l->v[i], s) == 0)
            return 0;
    if (l->n == l->alloc) {
        size_t na = l->alloc ? l->alloc * 2 : 8;
        char **nv = realloc(l->v, na * sizeof(*nv));
        if (!nv)
            return -1;
        l->v = nv;
        l->alloc = na;
    }
    if ((l->v[l->n] = strdup(s)) == NULL)
        return -1;
    l->n++;
    return 0;
}

static void strlist_dispose(strlist *l)
{
    size_t i;

    for (i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof(*l));
}

typedef struct args {
    const char *spec, *format, *text, *base, *where;
    strlist data, named;       /* --data / --named files */
    strlist dgraphs, ngraphs;  /* --default-graph / --named-graph IRIs */
    double timeout;
    int parse_only, no_prefixes, load_from;
} args;

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
        kg_rdf_writer_finish(w, &err) < 0) {
        cli_error(&err);
        rc = err.code == KG_ETIMEOUT ? CLI_TIMEOUT : CLI_FAILURE;
    }
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
    if (kg_result_write(r, stdout, fmt, &err) < 0) {
        cli_error(&err);
        return err.code == KG_ETIMEOUT ? CLI_TIMEOUT : CLI_FAILURE;
    }
    if (kg_result_kind(r) == KG_QUERY_BOOLEAN && !kg_result_boolean(r))
        return CLI_FALSE;
    return CLI_OK;
}

/* 't' with blank node 'label' as "f<file>_<label>" in 'buf'. */
static kg_term scoped(const kg_term *t, size_t file, char *buf, size_t size)
{
    kg_term out = *t;

    if (t->kind == KG_TERM_BLANK) {
        snprintf(buf, size, "f%zu_%s", file, t->value);
        out.value = buf;
    }
    return out;
}

/*
 * Copy 'in' into 'out' with blank node labels scoped to file number
 * 'file': raptor numbers the blank nodes of each parse from 1, so two
 * files would share "_:genid1" and merge blank nodes that are distinct.
 * Returns 0 or KG_ENOMEM.
 */
static int scope_blanks(kg_triples *out, const kg_triples *in, size_t file)
{
    size_t i;

    for (i = 0; i < kg_triples_count(in); i++) {
        const kg_quad *q = kg_triples_get(in, i);
        char b[3][512];
        kg_term s = scoped(&q->s, file, b[0], sizeof(b[0]));
        kg_term o = scoped(&q->o, file, b[1], sizeof(b[1]));
        kg_term g = scoped(&q->g, file, b[2], sizeof(b[2]));

        if (kg_triples_add(out, &s, &q->p, &o,
                           q->g.kind == KG_TERM_NONE ? NULL : &g) < 0)
            return KG_ENOMEM;
    }
    return 0;
}

/*
 * Parse RDF file 'path' into 'g', its default graph as graph 'name' (NULL:
 * the file's IRI), and list that IRI in 'into' and the file's own named
 * graphs (TriG, N-Quads) in 'named'. 'file' numbers the file, to keep
 * blank nodes of different files apart. Prints errors; returns 0 or
 * CLI_FAILURE.
 */
static int load_file(kg_graph *g, kg_ctx *ctx, const char *path,
                     const char *name, size_t file, strlist *loaded,
                     strlist *into, strlist *named)
{
    kg_buf data = KG_BUF_INIT, iri = KG_BUF_INIT;
    kg_triples *t = NULL, *st = NULL;
    kg_rdf_format fmt;
    kg_error err = {0};
    size_t i;
    int rc = CLI_FAILURE;

    if (kg_rdf_format_from_path(&fmt, path) < 0) {
        kg_error_set(&err, KG_EINVALID,
                     "cannot tell the RDF syntax from the file name (.ttl, "
                     ".nt, .nq, .trig, .rdf)");
        kg_error_locate(&err, path, 0, 0);
        cli_error(&err);
        goto done;
    }
    if ((name ? kg_buf_puts(&iri, name) : kg_rdf_file_iri(&iri, path)) <
        0) {
        cli_fail("out of memory");
        goto done;
    }
    /* The same file as --data and --named is one graph, loaded once (a
     * second load would double its blank nodes). */
    for (i = 0; i < loaded->n; i++)
        if (strcmp(loaded->v[i], iri.ptr) == 0) {
            rc = strlist_add(into, iri.ptr) < 0 ? cli_fail("out of memory")
                                                 : 0;
            goto done;
        }
    if (kg_file_read(path, 0, &data, &err) < 0 ||
        kg_triples_new(&t, &err) < 0 ||
        kg_rdf_parse(t, ctx, data.ptr, data.size, fmt, iri.ptr, iri.ptr,
                     &err) < 0 ||
        kg_triples_new(&st, &err) < 0 || scope_blanks(st, t, file) < 0 ||
        kg_graph_add_quads(g, st, iri.ptr, &err) < 0) {
        if (!err.code)
            kg_error_set(&err, KG_ENOMEM, "out of memory");
        /* The file as the user named it, not its IRI. */
        kg_error_locate(&err, path, err.line, err.column);
        cli_error(&err);
        goto done;
    }
    if (strlist_add(into, iri.ptr) < 0 || strlist_add(loaded, iri.ptr) < 0) {
        cli_fail("out of memory");
        goto done;
    }
    for (i = 0; i < kg_triples_count(t); i++) {
        const kg_quad *q = kg_triples_get(t, i);
        if (q->g.kind == KG_TERM_IRI && strcmp(q->g.value, iri.ptr) != 0 &&
            strlist_add(named, q->g.value) < 0) {
            cli_fail("out of memory");
            goto done;
        }
    }
    rc = 0;

done:
    kg_triples_free(t);
    kg_triples_free(st);
    kg_buf_dispose(&data);
    kg_buf_dispose(&iri);
    return rc;
}

/*
 * Open the store of 'a', or a memory store holding the --data and
 * --named files, and set the dataset of 'opts' (pointing into 'defaults'
 * and 'named', which must outlive the query).
 */
/* The local path of file: IRI 'iri' into 'out'. Returns 0 or -1. */
static int iri_path(kg_buf *out, const char *iri)
{
    const char *p;

    if (strncmp(iri, "file:///", 8) == 0)
        p = iri + 7;
    else if (strncmp(iri, "file://localhost/", 17) == 0)
        p = iri + 16;
    else
        return -1;
    for (; *p; p++) {
        unsigned v;
        if (*p == '%' && sscanf(p + 1, "%2x", &v) == 1 && v > 0 &&
            isxdigit((unsigned char)p[1]) && isxdigit((unsigned char)p[2])) {
            char c = (char)v;
            if (kg_buf_put(out, &c, 1) < 0)
                return -1;
            p += 2;
        } else if (*p == '?' || *p == '#') {
            return -1;
        } else if (kg_buf_put(out, p, 1) < 0) {
            return -1;
        }
    }
    return 0;
}

/*
 * --load-from: load the files the query's FROM (when 'defaults' is
 * non-NULL) and FROM NAMED (when 'named' is) name into the memory store
 * 'g', each as the graph its IRI names, and list them in 'defaults' and
 * 'named' ('names' gets a TriG file's own graphs). 'loaded' and '*file'
 * go on from the files loaded before. Prints errors; returns 0 or
 * CLI_FAILURE.
 */
static int load_from(kg_graph *g, kg_ctx *ctx, const args *a,
                     const kg_query_options *opts, strlist *defaults,
                     strlist *named, strlist *names, strlist *loaded,
                     size_t *file)
{
    kg_buf lists[2] = {KG_BUF_INIT, KG_BUF_INIT}, path = KG_BUF_INIT;
    strlist *into[2] = {defaults, named};
    size_t n[2], i, k;
    kg_error err = {0};
    int rc = 0;

    if (kg_query_dataset(ctx, a->text, opts, &lists[0], &n[0], &lists[1],
                         &n[1], &err) < 0) {
        kg_error_locate(&err, a->where, err.line, err.column);
        rc = cli_error(&err);
        goto done;
    }
    for (k = 0; k < 2 && rc == 0; k++) {
        const char *iri = lists[k].ptr;
        for (i = 0; into[k] && i < n[k] && rc == 0;
             i++, iri += strlen(iri) + 1) {
            kg_buf_clear(&path);
            if (iri_path(&path, iri) < 0) {
                rc = cli_fail("%s: --load-from reads file: IRIs only, not "
                              "<%s>",
                              a->where, iri);
                break;
            }
            rc = load_file(g, ctx, path.ptr, iri, (*file)++, loaded, into[k],
                           names);
        }
    }
done:
    kg_buf_dispose(&lists[0]);
    kg_buf_dispose(&lists[1]);
    kg_buf_dispose(&path);
    return rc;
}

/*
 * The dataset of the query: a store's (--default-graph / --named-graph),
 * or files loaded into a memory store: --data files make the default
 * graph, --named files the named graphs, and with --load-from the query's
 * FROM / FROM NAMED files make the part the others leave unset (as roqet
 * does; a W3C test names its default graph with FROM and gives named
 * graphs beside it).
 */
static int open_dataset(kg_graph **g, kg_ctx *ctx, const args *a,
                        kg_query_options *opts, strlist *defaults,
                        strlist *named)
{
    strlist loaded = {0};
    size_t i, file = 0;
    int rc;

    if (a->data.n == 0 && a->named.n == 0 && !a->load_from) {
        if ((rc = cli_open_store(g, ctx, a->spec, KG_OPEN_READONLY)) != 0)
            return rc;
        opts->default_graphs = (const char *const *)a->dgraphs.v;
        opts->n_default_graphs = a->dgraphs.n;
        opts->named_graphs = (const char *const *)a->ngraphs.v;
        opts->n_named_graphs = a->ngraphs.n;
        return 0;
    }
    if ((rc = cli_open_store(g, ctx, "memory:", KG_OPEN_CREATE)) != 0)
        return rc;
    /* The files are the dataset: the default graph is their merge. */
    for (i = 0; i < a->data.n && rc == 0; i++)
        rc = load_file(*g, ctx, a->data.v[i], NULL, file++, &loaded,
                       defaults, named);
    for (i = 0; i < a->named.n && rc == 0; i++)
        rc = load_file(*g, ctx, a->named.v[i], NULL, file++, &loaded, named,
                       named);
    if (rc == 0 && a->load_from && (a->data.n == 0 || a->named.n == 0))
        rc = load_from(*g, ctx, a, opts, a->data.n ? NULL : defaults,
                       a->named.n ? NULL : named, named, &loaded, &file);
    strlist_dispose(&loaded);
    if (rc != 0)
        return rc;
    opts->default_graphs = (const char *const *)defaults->v;
    opts->n_default_graphs = defaults->n;
    opts->named_graphs = (const char *const *)named->v;
    opts->n_named_graphs = named->n;
    return 0;
}

static int run(const args *a)
{
    kg_query_options opts = KG_QUERY_OPTIONS_INIT;
    strlist defaults = {0}, named = {0};
    kg_result *r = NULL;
    kg_graph *g = NULL;
    kg_ctx *ctx = NULL;
    kg_error err = {0};
    int rc;

    if (kg_ctx_new(&ctx, &err) < 0) {
        rc = cli_error(&err);
        goto done;
    }
    opts.base = a->base;
    opts.predeclare = !a->no_prefixes;
    opts.timeout = a->timeout;
    if (a->parse_only) {
        rc = kg_query_parse(ctx, a->text, &opts, &err) < 0 ? -1 : CLI_OK;
    } else {
        if ((rc = open_dataset(&g, ctx, a, &opts, &defaults, &named)) != 0)
            goto done;
        rc = kg_graph_query(&r, g, a->text, &opts, &err) < 0 ? -1 : CLI_OK;
    }
    if (rc < 0) {
        /* Name the file (or "query") the user gave, not the base IRI. */
        if (err.line > 0 || err.where[0] == '\0' ||
            (a->base && strcmp(err.where, a->base) == 0))
            kg_error_locate(&err, a->where, err.line, err.column);
        cli_error(&err);
        rc = err.code == KG_ETIMEOUT ? CLI_TIMEOUT : CLI_FAILURE;
        goto done;
    }
    if (a->parse_only)
        goto done;
    if (kg_result_kind(r) == KG_QUERY_GRAPH)
        rc = print_graph(r, ctx, a->format);
    else
        rc = print_rows(r, a->format);

done:
    kg_result_free(r);
    kg_graph_free(g);
    kg_ctx_free(ctx);
    strlist_dispose(&defaults);
    strlist_dispose(&named);
    return rc;
}

/* Parse --timeout's value into 'out'. Returns 0 or -1. */
static int parse_seconds(double *out, const char *s)
{
    char *end;

    errno = 0;
    *out = strtod(s, &end);
    if (errno || end == s || *end || !isfinite(*out) || *out < 0 ||
        *out > 1e9)
        return -1;
    return 0;
}

int cmd_query(int argc, char **argv)
{
    enum { OPT_DATA = 256, OPT_NAMED, OPT_DGRAPH, OPT_NGRAPH, OPT_TIMEOUT,
           OPT_PARSE_ONLY, OPT_NO_PREFIXES, OPT_LOAD_FROM };
    static const struct option longopts[] = {
        {"store", required_argument, NULL, 's'},
        {"file", required_argument, NULL, 'f'},
        {"format", required_argument, NULL, 'F'},
        {"data", required_argument, NULL, OPT_DATA},
        {"named", required_argument, NULL, OPT_NAMED},
        {"default-graph", required_argument, NULL, OPT_DGRAPH},
        {"named-graph", required_argument, NULL, OPT_NGRAPH},
        {"timeout", required_argument, NULL, OPT_TIMEOUT},
        {"parse-only", no_argument, NULL, OPT_PARSE_ONLY},
        {"no-prefixes", no_argument, NULL, OPT_NO_PREFIXES},
        {"load-from", no_argument, NULL, OPT_LOAD_FROM},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *file = NULL;
    kg_buf text = KG_BUF_INIT, base = KG_BUF_INIT;
    kg_error err = {0};
    args a;
    int c, rc = CLI_OK;

    memset(&a, 0, sizeof(a));
    optind = 1;
    opterr = 0;
    while (rc == CLI_OK &&
           (c = getopt_long(argc, argv, "+s:f:F:h", longopts, NULL)) != -1) {
        switch (c) {
        case 's': a.spec = optarg; break;
        case 'f': file = optarg; break;
        case 'F': a.format = optarg; break;
        case OPT_DATA: rc = strlist_add(&a.data, optarg); break;
        case OPT_NAMED: rc = strlist_add(&a.named, optarg); break;
        case OPT_DGRAPH: rc = strlist_add(&a.dgraphs, optarg); break;
        case OPT_NGRAPH: rc = strlist_add(&a.ngraphs, optarg); break;
        case OPT_TIMEOUT:
            if (parse_seconds(&a.timeout, optarg) < 0) {
                rc = cli_usage("query", "--timeout wants a number of "
                                        "seconds, not '%s'",
                               optarg);
                goto done;
            }
            break;
        case OPT_PARSE_ONLY: a.parse_only = 1; break;
        case OPT_NO_PREFIXES: a.no_prefixes = 1; break;
        case OPT_LOAD_FROM: a.load_from = 1; break;
        case 'h': rc = cli_help(help); goto done;
        default:
            rc = cli_usage("query", "unknown or incomplete option '%s'",
                           argv[optind - 1]);
            goto done;
        }
    }
    if (rc != CLI_OK) {
        rc = cli_fail("out of memory");
        goto done;
    }
    if (a.format) {
        kg_result_format rf;
        kg_rdf_format gf;
        if (kg_result_format_from_name(&rf, a.format) < 0 &&
            kg_rdf_format_from_name(&gf, a.format) < 0) {
            rc = cli_usage("query", "'%s' is not a format (table, csv, tsv, "
                                    "json, xml; ttl, nt, nq, trig, rdfxml)",
                           a.format);
            goto done;
        }
    }
    if ((a.data.n || a.named.n || a.load_from) &&
        ((a.spec && strcmp(a.spec, "memory:") != 0) || a.dgraphs.n ||
         a.ngraphs.n)) {
        rc = cli_usage("query", "--data, --named and --load-from query "
                                "files without a store: not with --store "
                                "(but memory:), --default-graph or "
                                "--named-graph");
        goto done;
    }
    if (file && optind < argc) {
        rc = cli_usage("query", "give the query as an argument or with -f, "
                                "not both");
        goto done;
    }
    if (!file && optind != argc - 1) {
        rc = cli_usage("query", "expected one QUERY argument (quote it) "
                                "or -f FILE");
        goto done;
    }
    if (file) {
        if (kg_file_read(file, 0, &text, &err) < 0) {
            rc = cli_error(&err);
            goto done;
        }
        if (strcmp(file, "-") != 0 && kg_rdf_file_iri(&base, file) < 0) {
            rc = cli_fail("out of memory");
            goto done;
        }
        a.text = text.ptr;
        a.base = base.ptr;
        a.where = strcmp(file, "-") ? file : "<stdin>";
    } else {
        a.text = argv[optind];
        a.where = "query";
    }
    rc = run(&a);

done:
    strlist_dispose(&a.data);
    strlist_dispose(&a.named);
    strlist_dispose(&a.dgraphs);
    strlist_dispose(&a.ngraphs);
    kg_buf_dispose(&text);
    kg_buf_dispose(&base);
    return cli_finish(rc);
}
