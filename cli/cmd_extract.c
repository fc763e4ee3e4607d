/*
 * cmd_extract.c -- kg extract: articles to RDF (any raptor syntax) or to
 * the JSON report of ../shared/eval/schema.md.
 *
 * Each article is extracted completely before anything of it is written,
 * so a bad article never leaves half its facts in the output. A failing
 * article is reported and skipped; the others are still written and the
 * exit code says that something failed. RDF goes to a temporary file that
 * is renamed over -o FILE only when everything was written.
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"

static const char help[] =
    "usage: kg extract [options] PATH...\n"
    "\n"
    "Read news articles (files, directories of *.txt files, or - for\n"
    "standard input) and write the facts found in them.\n"
    "\n"
    "Options:\n"
    "  -f, --format FMT   ttl (default), nt, nq, trig, rdfxml, or json\n"
    "  -o, --output OUT   write to OUT instead of standard output; with\n"
    "                     --format json OUT is a directory that receives\n"
    "                     NAME.json for each article NAME.txt\n"
    "      --lexicon FILE add the entries of a lexicon file (repeatable)\n"
    "      --name NAME    source name of an article read from stdin\n"
    "  -h, --help         show this help\n"
    "\n"
    "Formats nq and trig keep each article in its own named graph (the\n"
    "article IRI); ttl, nt and rdfxml merge them. JSON without -o prints one\n"
    "object per line.\n"
    "\n"
    "Exit codes: 0 all articles extracted, 1 an article or the output failed\n"
    "(the others are still written), 2 usage error.\n";

static const char *const article_exts[] = {"txt", NULL};

typedef struct extract_args {
    const char *format, *output, *name;
    char **lexicons;
    size_t n_lexicons;
} extract_args;

/* Write DIR/NAME.json for the article 'path' (NAME: base name without its
 * last extension). */
static int write_json_file(const char *dir, const char *path,
                           const kg_doc *doc)
{
    kg_buf json = KG_BUF_INIT, file = KG_BUF_INIT;
    const char *base = cli_base_name(path), *dot = strrchr(base, '.');
    kg_error err = {0};
    FILE *fp = NULL;
    int rc = CLI_FAILURE;

    if (kg_doc_to_json(doc, &json, &err) < 0) {
        rc = cli_error(&err);
        goto done;
    }
    if (kg_buf_printf(&file, "%s/%.*s.json", dir,
                      (int)(dot && dot != base ? dot - base : (long)strlen(base)),
                      base) < 0 ||
        kg_buf_puts(&json, "\n") < 0) {
        rc = cli_fail("out of memory");
        goto done;
    }
    if ((fp = fopen(file.ptr, "wb")) == NULL) {
        rc = cli_fail("%s: %s", file.ptr, strerror(errno));
        goto done;
    }
    if (fwrite(json.ptr, 1, json.size, fp) != json.size || fclose(fp) != 0) {
        fp = NULL;
        rc = cli_fail("%s: cannot write: %s", file.ptr, strerror(errno));
        goto done;
    }
    fp = NULL;
    rc = CLI_OK;

done:
    if (fp)
        fclose(fp);
    kg_buf_dispose(&json);
    kg_buf_dispose(&file);
    return rc;
}

static int print_json_line(const kg_doc *doc)
{
    kg_buf json = KG_BUF_INIT;
    kg_error err = {0};
    int rc = CLI_OK;

    if (kg_doc_to_json(doc, &json, &err) < 0)
        rc = cli_error(&err);
    else {
        /* One object per line: the report's own newlines are whitespace. */
        size_t i;
        for (i = 0; i < json.size; i++)
            if (json.ptr[i] == '\n')
                json.ptr[i] = ' ';
        fputs(json.ptr, stdout);
        fputc('\n', stdout);
    }
    kg_buf_dispose(&json);
    return rc;
}

static int write_rdf(kg_rdf_writer *w, const kg_doc *doc)
{
    kg_triples *t = NULL;
    kg_error err = {0};
    int rc = CLI_OK;

    if (kg_triples_new(&t, &err) < 0 || kg_doc_to_triples(doc, t, &err) < 0)
        rc = cli_error(&err);
    else {
        kg_triples_normalize(t);
        if (kg_rdf_writer_add(w, t, &err) < 0)
            rc = cli_error(&err);
    }
    kg_triples_free(t);
    return rc;
}

static int run(const extract_args *a, const cli_inputs *in)
{
    int json = strcmp(a->format, "json") == 0;
    kg_rdf_format fmt = KG_RDF_TURTLE;
    kg_buf tmp = KG_BUF_INIT;
    kg_lexicon *lex = NULL;
    kg_rdf_writer *w = NULL;
    kg_ctx *ctx = NULL;
    FILE *out = stdout;
    kg_error err = {0};
    int rc = CLI_OK, failed = 0;
    size_t i;

    if (!json && kg_rdf_format_from_name(&fmt, a->format) < 0)
        return cli_usage("extract", "unknown format '%s'", a->format);
    if (json && a->output && mkdir(a->output, 0777) != 0 && errno != EEXIST)
        return cli_fail("%s: %s", a->output, strerror(errno));
    if ((rc = cli_lexicon(&lex, a->lexicons, a->n_lexicons)) != 0)
        return rc;
    if (!json) {
        if (a->output) {
            if (kg_buf_printf(&tmp, "%s.tmp%ld", a->output, (long)getpid()) < 0 ||
                (out = fopen(tmp.ptr, "wb")) == NULL) {
                rc = cli_fail("%s: %s", a->output, strerror(errno));
                out = NULL;
                goto done;
            }
        }
        if (kg_ctx_new(&ctx, &err) < 0 ||
            kg_rdf_writer_new(&w, ctx, out, fmt, &err) < 0) {
            rc = cli_error(&err);
            goto done;
        }
    }
    for (i = 0; i < in->n; i++) {
        kg_doc *doc = NULL;

        cli_progress("extract", i + 1, in->n);
        kg_error_clear(&err);
        if (cli_extract_file(&doc, lex, in->paths[i], a->name, &err) < 0) {
            cli_progress_done();
            cli_error(&err);
            failed = 1;
            continue;
        }
        if (json && a->output)
            rc = write_json_file(a->output, in->paths[i], doc);
        else if (json)
            rc = print_json_line(doc);
        else
            rc = write_rdf(w, doc);
        kg_doc_free(doc);
        if (rc != CLI_OK)
            goto done;
    }
    cli_progress_done();
    if (w && kg_rdf_writer_finish(w, &err) < 0) {
        rc = cli_error(&err);
        goto done;
    }
    if (out != stdout) {
        FILE *fp = out;
        out = NULL;
        if (fclose(fp) != 0 || rename(tmp.ptr, a->output) != 0) {
            rc = cli_fail("%s: cannot write: %s", a->output, strerror(errno));
            goto done;
        }
        kg_buf_dispose(&tmp); /* renamed: nothing to clean up */
    }
    rc = failed ? CLI_FAILURE : CLI_OK;

done:
    kg_rdf_writer_free(w);
    if (out && out != stdout)
        fclose(out);
    if (tmp.ptr)
        remove(tmp.ptr);
    kg_buf_dispose(&tmp);
    kg_ctx_free(ctx);
    kg_lexicon_free(lex);
    return rc;
}

int cmd_extract(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},
        {"lexicon", required_argument, NULL, 'L'},
        {"name", required_argument, NULL, 'N'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    extract_args a = {"ttl", NULL, NULL, NULL, 0};
    cli_inputs in;
    int c, rc;

    a.lexicons = calloc((size_t)argc, sizeof(char *));
    if (!a.lexicons)
        return cli_fail("out of memory");
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+f:o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'f': a.format = optarg; break;
        case 'o': a.output = optarg; break;
        case 'L': a.lexicons[a.n_lexicons++] = optarg; break;
        case 'N': a.name = optarg; break;
        case 'h': free(a.lexicons); return cli_help(help);
        default:
            free(a.lexicons);
            return cli_usage("extract", "unknown or incomplete option '%s'",
                             argv[optind - 1]);
        }
    }
    if (optind >= argc) {
        free(a.lexicons);
        return cli_usage("extract", "no input: name article files, "
                                    "directories, or - for stdin");
    }
    if ((rc = cli_inputs_collect(&in, argv + optind, argc - optind,
                                 article_exts)) == 0)
        rc = run(&a, &in);
    cli_inputs_dispose(&in);
    free(a.lexicons);
    return cli_finish(rc);
}
