/*
 * cmd_load.c -- kg load: articles (extracted on the way) and RDF files
 * into the persistent store.
 *
 * Every input is read and converted completely before the store is
 * touched, and the store is created only when the first input is good:
 * a bad input never leaves a half-loaded article or an empty store
 * behind. Each article goes into its own named graph; the same article
 * again changes nothing, a changed version replaces its old graph.
 *
 * SPDX-License-Identifier: MIT
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

static const char help[] =
    "usage: kg load [options] PATH...\n"
    "\n"
    "Add news articles (*.txt, extracted on the way) or RDF files (.ttl,\n"
    ".nt, .nq, .trig, .rdf) to the store. Directories are searched for both.\n"
    "Each article's facts go into their own named graph; loading the same\n"
    "article again changes nothing, and a changed version of an article\n"
    "(same file name, new text) replaces the old one. Each named graph of an\n"
    "RDF file replaces the graph of that name; its default-graph triples go\n"
    "into a graph named by the file's URI.\n"
    "\n"
    "Options:\n"
    "  -s, --store SPEC   the store (default: ./" KG_STORE_DEFAULT ", created if missing)\n"
    "      --lexicon FILE add the entries of a lexicon file (repeatable)\n"
    "      --name NAME    source name of an article read from stdin\n"
    "  -q, --quiet        print no summary\n"
    "  -h, --help         show this help\n"
    "\n"
    "A bad input is reported and skipped; the good ones are still loaded.\n"
    "A storage failure (full disk, a killed process) rolls the whole load\n"
    "back. One writer at a time: another kg load waits up to 5 s, then\n"
    "fails.\n"
    "\n"
    "Exit codes: 0 all inputs loaded, 1 an input or the store failed,\n"
    "2 usage error.\n";

static const char *const load_exts[] = {"txt", "ttl", "nt", "nq", "trig",
                                        "rdf", NULL};

typedef struct load_state {
    kg_ctx *ctx;
    kg_lexicon *lex;
    kg_graph *store; /* opened on the first good input */
    const char *spec, *name;
    long added, unchanged, replaced, graphs;
} load_state;

static int ensure_store(load_state *st)
{
    if (st->store)
        return 0;
    return cli_open_store(&st->store, st->ctx, st->spec, KG_OPEN_CREATE);
}

static int load_article(load_state *st, const char *path, kg_error *err)
{
    kg_triples *t = NULL;
    kg_doc *doc = NULL;
    kg_load_status status;
    int error;

    if ((error = cli_extract_file(&doc, st->lex, path, st->name, err)) < 0 ||
        (error = kg_triples_new(&t, err)) < 0 ||
        (error = kg_doc_to_triples(doc, t, err)) < 0)
        goto done;
    if (ensure_store(st) != 0) {
        error = 1; /* already reported */
        goto done;
    }
    if ((error = kg_graph_add_article(st->store, kg_doc_iri(doc),
                                      kg_doc_source(doc), t, &status,
                                      err)) < 0)
        goto done;
    if (status == KG_LOAD_ADDED)
        st->added++;
    else if (status == KG_LOAD_REPLACED)
        st->replaced++;
    else
        st->unchanged++;

done:
    kg_triples_free(t);
    kg_doc_free(doc);
    return error;
}

static int load_rdf(load_state *st, const char *path, kg_rdf_format fmt,
                    kg_error *err)
{
    kg_buf data = KG_BUF_INIT, iri = KG_BUF_INIT;
    kg_triples *t = NULL;
    int error;

    if ((error = kg_file_read(path, 0, &data, err)) < 0)
        goto done;
    if (kg_rdf_file_iri(&iri, path) < 0) {
        error = kg_error_set(err, KG_ENOMEM, "out of memory");
        goto done;
    }
    if ((error = kg_triples_new(&t, err)) < 0 ||
        (error = kg_rdf_parse(t, st->ctx, data.ptr, data.size, fmt, iri.ptr,
                              iri.ptr, err)) < 0)
        goto done;
    if (kg_triples_count(t) == 0) {
        error = kg_error_set(err, KG_EINVALID, "no triples in file");
        goto done;
    }
    if (ensure_store(st) != 0) {
        error = 1;
        goto done;
    }
    if ((error = kg_graph_replace_graphs(st->store, t, iri.ptr, err)) == 0)
        st->graphs++;

done:
    kg_triples_free(t);
    kg_buf_dispose(&data);
    kg_buf_dispose(&iri);
    return error;
}

static int run(load_state *st, const cli_inputs *in, int quiet)
{
    int failed = 0;
    size_t i;

    for (i = 0; i < in->n; i++) {
        const char *path = in->paths[i];
        kg_error err = {0};
        kg_rdf_format fmt;
        int error;

        cli_progress("load", i + 1, in->n);
        if (strcmp(path, "-") != 0 && kg_rdf_format_from_path(&fmt, path) == 0)
            error = load_rdf(st, path, fmt, &err);
        else
            error = load_article(st, path, &err);
        if (error == 1) /* the store could not be opened: stop */
            return CLI_FAILURE;
        if (error < 0) {
            cli_progress_done();
            if (err.where[0] == '\0')
                kg_error_locate(&err, path, err.line, err.column);
            cli_error(&err);
            failed = 1;
        }
    }
    cli_progress_done();
    if (!quiet && st->store)
        fprintf(stderr,
                "kg: %ld article(s) added, %ld replaced, %ld unchanged, "
                "%ld RDF file(s); store %s holds %ld triples\n",
                st->added, st->replaced, st->unchanged, st->graphs,
                st->spec ? st->spec : KG_STORE_DEFAULT,
                kg_graph_size(st->store));
    return failed ? CLI_FAILURE : CLI_OK;
}

int cmd_load(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"store", required_argument, NULL, 's'},
        {"lexicon", required_argument, NULL, 'L'},
        {"name", required_argument, NULL, 'N'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    load_state st = {0};
    char **lexicons = calloc((size_t)argc, sizeof(char *));
    size_t n_lexicons = 0;
    kg_error err = {0};
    cli_inputs in = {0};
    int c, quiet = 0, rc;

    if (!lexicons)
        return cli_fail("out of memory");
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+s:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 's': st.spec = optarg; break;
        case 'L': lexicons[n_lexicons++] = optarg; break;
        case 'N': st.name = optarg; break;
        case 'q': quiet = 1; break;
        case 'h': free(lexicons); return cli_help(help);
        default:
            free(lexicons);
            return cli_usage("load", "unknown or incomplete option '%s'",
                             argv[optind - 1]);
        }
    }
    if (optind >= argc) {
        free(lexicons);
        return cli_usage("load", "no input: name article or RDF files, "
                                 "directories, or - for stdin");
    }
    if ((rc = cli_inputs_collect(&in, argv + optind, argc - optind,
                                 load_exts)) != 0)
        goto done;
    if ((rc = cli_lexicon(&st.lex, lexicons, n_lexicons)) != 0)
        goto done;
    if (kg_ctx_new(&st.ctx, &err) < 0) {
        rc = cli_error(&err);
        goto done;
    }
    rc = run(&st, &in, quiet);

done:
    kg_graph_free(st.store);
    kg_ctx_free(st.ctx);
    kg_lexicon_free(st.lex);
    cli_inputs_dispose(&in);
    free(lexicons);
    return cli_finish(rc);
}
