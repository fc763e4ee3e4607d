/*
 * cli.c -- helpers shared by the subcommands: error printing, input
 * collection, progress, opening the store and extracting one file.
 *
 * SPDX-License-Identifier: MIT
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"

int cli_error(const kg_error *err)
{
    fputs("kg: ", stderr);
    if (err->where[0]) {
        fputs(err->where, stderr);
        if (err->line > 0)
            fprintf(stderr, ":%d", err->line);
        if (err->column > 0)
            fprintf(stderr, ":%d", err->column);
        fputs(": ", stderr);
    }
    fprintf(stderr, "%s\n",
            err->message[0] ? err->message : kg_error_name(err->code));
    return CLI_FAILURE;
}

int cli_fail(const char *fmt, ...)
{
    va_list ap;

    fputs("kg: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return CLI_FAILURE;
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "kg %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'kg %s --help'.\n", cmd);
    return CLI_USAGE;
}

int cli_help(const char *help)
{
    fputs(help, stdout);
    return cli_finish(CLI_OK);
}

int cli_finish(int rc)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "kg: cannot write to standard output: %s\n",
                strerror(errno));
        return CLI_FAILURE;
    }
    return rc;
}

int cli_write_file(const char *path, const kg_buf *data)
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

/* ---- inputs ----------------------------------------------------------- */

static int inputs_add(cli_inputs *in, const char *path)
{
    if (in->n == in->alloc) {
        size_t alloc = in->alloc ? in->alloc * 2 : 16;
        char **paths = realloc(in->paths, alloc * sizeof(*paths));
        if (!paths)
            return -1;
        in->paths = paths;
        in->alloc = alloc;
    }
    if ((in->paths[in->n] = strdup(path)) == NULL)
        return -1;
    in->n++;
    return 0;
}

static int has_ext(const char *name, const char *const *exts)
{
    const char *dot = strrchr(name, '.');
    size_t i;

    if (!dot)
        return 0;
    for (i = 0; exts[i]; i++)
        if (strcmp(dot + 1, exts[i]) == 0)
            return 1;
    return 0;
}

static int walk(cli_inputs *in, const char *dir, const char *const *exts)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int rc = 0;

    if (!d)
        return cli_fail("%s: cannot read directory: %s", dir,
                        strerror(errno));
    while (rc == 0 && (e = readdir(d)) != NULL) {
        char *path;
        struct stat st;

        if (e->d_name[0] == '.')
            continue;
        if ((path = malloc(strlen(dir) + strlen(e->d_name) + 2)) == NULL) {
            rc = cli_fail("out of memory");
            break;
        }
        sprintf(path, "%s%s%s", dir,
                dir[strlen(dir) - 1] == '/' ? "" : "/", e->d_name);
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
            rc = walk(in, path, exts);
        else if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
                 has_ext(e->d_name, exts) && inputs_add(in, path) < 0)
            rc = cli_fail("out of memory");
        free(path);
    }
    closedir(d);
    return rc;
}

static int compare_paths(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int cli_inputs_collect(cli_inputs *out, char **args, int n,
                       const char *const *dir_exts)
{
    struct stat st;
    int i;

    memset(out, 0, sizeof(*out));
    for (i = 0; i < n; i++) {
        size_t first = out->n;

        if (strcmp(args[i], "-") != 0 && stat(args[i], &st) != 0)
            return cli_fail("%s: %s", args[i], strerror(errno));
        if (strcmp(args[i], "-") != 0 && S_ISDIR(st.st_mode)) {
            if (walk(out, args[i], dir_exts) != 0)
                return CLI_FAILURE;
            if (out->n == first)
                return cli_fail("%s: no input files in directory", args[i]);
            qsort(out->paths + first, out->n - first, sizeof(char *),
                  compare_paths);
        } else if (inputs_add(out, args[i]) < 0)
            return cli_fail("out of memory");
    }
    return 0;
}

void cli_inputs_dispose(cli_inputs *in)
{
    size_t i;

    for (i = 0; i < in->n; i++)
        free(in->paths[i]);
    free(in->paths);
    memset(in, 0, sizeof(*in));
}

const char *cli_base_name(const char *path)
{
    const char *slash = strrchr(path, '/');

    if (strcmp(path, "-") == 0)
        return "stdin";
    return slash ? slash + 1 : path;
}

/* ---- progress --------------------------------------------------------- */

static int progress_shown;

void cli_progress(const char *verb, size_t i, size_t n)
{
    if (n < 2 || !isatty(STDERR_FILENO))
        return;
    fprintf(stderr, "\r%s %zu/%zu", verb, i, n);
    progress_shown = 1;
}

void cli_progress_done(void)
{
    if (progress_shown)
        fputs("\r\033[K", stderr);
    progress_shown = 0;
}

/* ---- store, lexicon, extraction --------------------------------------- */

int cli_open_store(kg_graph **out, kg_ctx *ctx, const char *spec,
                   unsigned flags)
{
    kg_error err = {0};

    if (kg_graph_open(out, ctx, spec ? spec : KG_STORE_DEFAULT, flags,
                      &err) < 0)
        return cli_error(&err);
    return 0;
}

int cli_open(kg_ctx **ctx, kg_graph **out, const char *spec, unsigned flags)
{
    kg_error err = {0};

    if (kg_ctx_new(ctx, &err) < 0)
        return cli_error(&err);
    return cli_open_store(out, *ctx, spec, flags);
}

int cli_lexicon(kg_lexicon **out, char **extra, size_t n_extra)
{
    kg_error err = {0};
    size_t i;

    if (kg_lexicon_new(out, &err) < 0)
        return cli_error(&err);
    for (i = 0; i < n_extra; i++)
        if (kg_lexicon_add_file(*out, extra[i], &err) < 0) {
            kg_lexicon_free(*out);
            *out = NULL;
            return cli_error(&err);
        }
    return 0;
}

int cli_extract_file(kg_doc **out, const kg_lexicon *lex, const char *path,
                     const char *source, kg_error *err)
{
    kg_extract_options opts = KG_EXTRACT_OPTIONS_INIT;
    kg_buf text = KG_BUF_INIT;
    int error;

    *out = NULL;
    opts.source_name = source ? source : cli_base_name(path);
    if ((error = kg_file_read(path, KG_ARTICLE_MAX_BYTES, &text, err)) == 0)
        error = kg_extract(out, lex, text.ptr, text.size, &opts, err);
    if (error < 0 && err->where[0] == '\0')
        kg_error_locate(err, strcmp(path, "-") ? path : "<stdin>", 0, 0);
    else if (error < 0 && strcmp(path, "-") != 0)
        kg_error_locate(err, path, err->line, err->column);
    kg_buf_dispose(&text);
    return error;
}

int cli_sparql_string(kg_buf *out, const char *s)
{
    if (kg_buf_put(out, "\"", 1) < 0)
        return -1;
    for (; *s; s++) {
        const char *esc = NULL;
        switch (*s) {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        default: break;
        }
        if (esc ? kg_buf_puts(out, esc) < 0 : kg_buf_put(out, s, 1) < 0)
            return -1;
    }
    return kg_buf_put(out, "\"", 1) < 0 ? -1 : 0;
}
