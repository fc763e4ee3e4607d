/*
 * cmd_ask.c -- kg ask: run an analyst preset (a .rq file) by name with
 * parameters.
 *
 * A preset is queries/NAME.rq: a SPARQL query whose leading comment lines
 * describe it, and declare each parameter on a line
 *   # param: KEY KIND  description
 * with KIND string (an xsd:string literal), iri (an absolute IRI or a
 * predeclared prefix:local name) or integer. The query writes a parameter
 * as $KEY. kg ask substitutes every $KEY outside strings, IRIs and
 * comments with the value written as a SPARQL term: a string is quoted
 * and escaped, an IRI is checked for characters IRIs may not hold, an
 * integer must be digits; never raw text. Every declared parameter must
 * be given, and only those.
 *
 * Presets are looked up in $KG_QUERIES, then the installed queries
 * directory, then the source tree's queries/; a NAME with a '/' is a path.
 *
 * SPDX-License-Identifier: MIT
 */
#include <ctype.h>
#include <dirent.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

#ifndef KG_INSTALL_SCHEMAS_DIR
#define KG_INSTALL_SCHEMAS_DIR "/usr/local/share/kg/schemas"
#endif
#ifndef KG_SOURCE_SCHEMAS_DIR
#define KG_SOURCE_SCHEMAS_DIR "schemas"
#endif

static const char help[] =
    "usage: kg ask [options] NAME [KEY=VALUE ...]\n"
    "       kg ask --list\n"
    "\n"
    "Run the analyst preset NAME (queries/NAME.rq) with its parameters.\n"
    "Values are substituted as SPARQL terms (quoted strings, checked IRIs,\n"
    "integers), never as raw text. 'kg ask --list' names the presets and\n"
    "their parameters; each .rq file says what it answers.\n"
    "\n"
    "Options:\n"
    "  -s, --store SPEC   the store (default: ./" KG_STORE_DEFAULT ")\n"
    "  -F, --format FMT   table, csv, tsv, json, xml (default: table on a\n"
    "                     terminal, tsv otherwise)\n"
    "  -l, --list         list the presets\n"
    "  -h, --help         show this help\n"
    "\n"
    "Presets are read from $KG_QUERIES, the installed queries directory\n"
    "or the source tree's queries/; a NAME holding '/' is a file path.\n"
    "\n"
    "Exit codes: 0 success or ASK true, 1 unknown preset, query error or\n"
    "missing store, 2 usage error (bad or missing parameter), 3 ASK false.\n";

#define MAX_PARAMS 16

typedef struct param {
    char key[64];
    char kind[16];
    const char *value; /* from argv, or NULL */
} param;

static int dir_has(const char *dir, const char *name, kg_buf *path)
{
    FILE *fp;

    kg_buf_clear(path);
    if (kg_buf_printf(path, "%s/%s.rq", dir, name) < 0)
        return 0;
    if ((fp = fopen(path->ptr, "r")) == NULL)
        return 0;
    fclose(fp);
    return 1;
}

static const char *const dirs[] = {
    NULL, /* $KG_QUERIES */
    KG_INSTALL_SCHEMAS_DIR "/../queries",
    KG_SOURCE_SCHEMAS_DIR "/../queries",
};

/* Find preset 'name'; 0 with its path in 'path', or -1. */
static int find_preset(const char *name, kg_buf *path)
{
    size_t i;

    if (strchr(name, '/')) {
        kg_buf_clear(path);
        return kg_buf_puts(path, name) < 0 ? -1 : 0;
    }
    for (i = 0; i < CLI_COUNT(dirs); i++) {
        const char *d = i == 0 ? getenv("KG_QUERIES") : dirs[i];
        if (d && *d && dir_has(d, name, path))
            return 0;
    }
    return -1;
}

/* Read the "# param:" lines of 'text' into 'ps'; returns the count, or -1
 * for a malformed declaration. */
static int read_params(const char *text, param *ps)
{
    const char *p = text;
    int n = 0;

    while (*p) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        char line[512];

        if (len >= sizeof(line))
            len = sizeof(line) - 1;
        memcpy(line, p, len);
        line[len] = '\0';
        if (strncmp(line, "# param:", 8) == 0) {
            if (n == MAX_PARAMS ||
                sscanf(line + 8, "%63s %15s", ps[n].key, ps[n].kind) != 2)
                return -1;
            if (strcmp(ps[n].kind, "string") != 0 &&
                strcmp(ps[n].kind, "iri") != 0 &&
                strcmp(ps[n].kind, "integer") != 0)
                return -1;
            ps[n].value = NULL;
            n++;
        }
        if (!eol)
            break;
        p = eol + 1;
    }
    return n;
}

/* The IRI of prefixed name 'v' (prefix:local) from the predeclared
 * prefixes, appended to 'out'; -1 when the prefix is not one of them. */
static int expand_prefixed(kg_buf *out, const char *v)
{
    const char *colon = strchr(v, ':');
    const char *p = kg_query_prefixes();
    size_t plen;

    if (!colon)
        return -1;
    plen = (size_t)(colon - v);
    /* Lines read "PREFIX name: <iri>". */
    while ((p = strstr(p, "PREFIX ")) != NULL) {
        const char *name = p + 7;
        const char *lt = strchr(name, '<'), *gt;
        if (!lt || (gt = strchr(lt, '>')) == NULL)
            return -1;
        if (strncmp(name, v, plen) == 0 && name[plen] == ':')
            return kg_buf_printf(out, "<%.*s%s>", (int)(gt - lt - 1), lt + 1,
                                 colon + 1) < 0
                       ? -1
                       : 0;
        p = gt;
    }
    return -1;
}

/* Append value 'v' of kind 'kind' to 'out' as a SPARQL term; -1 when 'v'
 * is not a valid value of that kind. */
static int write_term(kg_buf *out, const char *kind, const char *v)
{
    const char *s;

    if (strcmp(kind, "integer") == 0) {
        if (!*v || strspn(v, "0123456789") != strlen(v) || strlen(v) > 9)
            return -1;
        return kg_buf_puts(out, v) < 0 ? -1 : 0;
    }
    if (strcmp(kind, "iri") == 0) {
        size_t n = strlen(v);
        const char *colon = strchr(v, ':');
        if (n >= 2 && v[0] == '<' && v[n - 1] == '>') {
            v++;
            n -= 2;
        }
        for (s = v; s < v + n; s++)
            if ((unsigned char)*s <= 0x20 || strchr("<>\"{}|^`\\", *s))
                return -1;
        if (!colon || colon == v)
            return -1;
        /* scheme:// or urn: style absolute IRIs; else a prefixed name. */
        if (strncmp(colon, "://", 3) == 0 || strncmp(v, "urn:", 4) == 0)
            return kg_buf_printf(out, "<%.*s>", (int)n, v) < 0 ? -1 : 0;
        return expand_prefixed(out, v);
    }
    return cli_sparql_string(out, v);
}

/* Copy 'text' to 'out' with each $KEY outside comments, strings and IRIs
 * replaced by its term. Returns 0, -1 (no memory) or -2 (a $name that
 * is not a declared parameter; its name in 'bad'). */
static int substitute(kg_buf *out, const char *text, const param *ps,
                      int n, char *bad, size_t badsz)
{
    const char *p = text;

    while (*p) {
        if (*p == '#') {
            while (*p && *p != '\n')
                if (kg_buf_put(out, p++, 1) < 0)
                    return -1;
            continue;
        }
        if (*p == '"' || *p == '\'') {
            char q = *p;
            if (kg_buf_put(out, p++, 1) < 0)
                return -1;
            while (*p && *p != q && *p != '\n') {
                if (*p == '\\' && p[1] && kg_buf_put(out, p++, 1) < 0)
                    return -1;
                if (kg_buf_put(out, p++, 1) < 0)
                    return -1;
            }
            if (*p && kg_buf_put(out, p++, 1) < 0)
                return -1;
            continue;
        }
        if (*p == '<' && p[1] && !isspace((unsigned char)p[1]) &&
            p[1] != '=') {
            const char *e = p + 1;
            while (*e && *e != '>' && !isspace((unsigned char)*e))
                e++;
            if (*e == '>') {
                if (kg_buf_printf(out, "%.*s", (int)(e + 1 - p), p) < 0)
                    return -1;
                p = e + 1;
                continue;
            }
        }
        if (*p == '$' && (isalpha((unsigned char)p[1]) || p[1] == '_')) {
            const char *e = p + 1;
            int i;
            while (isalnum((unsigned char)*e) || *e == '_')
                e++;
            for (i = 0; i < n; i++)
                if (strlen(ps[i].key) == (size_t)(e - p - 1) &&
                    strncmp(ps[i].key, p + 1, (size_t)(e - p - 1)) == 0)
                    break;
            if (i == n) {
                snprintf(bad, badsz, "%.*s", (int)(e - p - 1), p + 1);
                return -2;
            }
            if (write_term(out, ps[i].kind, ps[i].value) < 0)
                return -1;
            p = e;
            continue;
        }
        if (kg_buf_put(out, p++, 1) < 0)
            return -1;
    }
    return 0;
}

/* Print the presets of the first directory that has any. */
static int list_presets(void)
{
    size_t i;

    for (i = 0; i < CLI_COUNT(dirs); i++) {
        const char *d = i == 0 ? getenv("KG_QUERIES") : dirs[i];
        struct dirent *e;
        DIR *dp;
        int any = 0;

        if (!d || !*d || (dp = opendir(d)) == NULL)
            continue;
        while ((e = readdir(dp)) != NULL) {
            size_t n = strlen(e->d_name);
            kg_buf path = KG_BUF_INIT, text = KG_BUF_INIT;
            kg_error err = {0};
            param ps[MAX_PARAMS];
            int np, k;

            if (n < 4 || strcmp(e->d_name + n - 3, ".rq") != 0)
                continue;
            if (kg_buf_printf(&path, "%s/%s", d, e->d_name) < 0 ||
                kg_file_read(path.ptr, 0, &text, &err) < 0) {
                kg_buf_dispose(&path);
                kg_buf_dispose(&text);
                continue;
            }
            printf("%.*s", (int)(n - 3), e->d_name);
            np = read_params(text.ptr, ps);
            for (k = 0; k < np; k++)
                printf(" %s=%s", ps[k].key, ps[k].kind);
            putchar('\n');
            any = 1;
            kg_buf_dispose(&path);
            kg_buf_dispose(&text);
        }
        closedir(dp);
        if (any)
            return CLI_OK;
    }
    return cli_fail("no presets found (set KG_QUERIES to a directory of "
                    ".rq files)");
}

static int run(const char *spec, const char *text, const char *where,
               const char *format)
{
    kg_query_options opts = KG_QUERY_OPTIONS_INIT;
    kg_result_format fmt =
        isatty(STDOUT_FILENO) ? KG_RESULTS_TABLE : KG_RESULTS_TSV;
    kg_result *r = NULL;
    kg_graph *g = NULL;
    kg_ctx *ctx = NULL;
    kg_error err = {0};
    int rc;

    if (format && kg_result_format_from_name(&fmt, format) < 0)
        return cli_usage("ask", "'%s' is not a result format (table, csv, "
                                "tsv, json, xml)",
                         format);
    if ((rc = cli_open(&ctx, &g, spec, KG_OPEN_READONLY)) != 0)
        goto done;
    if (kg_graph_query(&r, g, text, &opts, &err) < 0) {
        kg_error_locate(&err, where, 0, 0);
        rc = cli_error(&err);
        goto done;
    }
    if (kg_result_kind(r) == KG_QUERY_GRAPH) {
        rc = cli_fail("%s: presets must be SELECT or ASK queries", where);
        goto done;
    }
    if (kg_result_write(r, stdout, fmt, &err) < 0)
        rc = cli_error(&err);
    else if (kg_result_kind(r) == KG_QUERY_BOOLEAN && !kg_result_boolean(r))
        rc = CLI_FALSE;

done:
    kg_result_free(r);
    kg_graph_free(g);
    kg_ctx_free(ctx);
    return rc;
}

int cmd_ask(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"store", required_argument, NULL, 's'},
        {"format", required_argument, NULL, 'F'},
        {"list", no_argument, NULL, 'l'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *spec = NULL, *format = NULL, *name;
    kg_buf path = KG_BUF_INIT, text = KG_BUF_INIT, query = KG_BUF_INIT;
    kg_error err = {0};
    param ps[MAX_PARAMS];
    char bad[64];
    int c, rc = CLI_OK, np, i, list = 0;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+s:F:lh", longopts, NULL)) != -1) {
        switch (c) {
        case 's': spec = optarg; break;
        case 'F': format = optarg; break;
        case 'l': list = 1; break;
        case 'h': return cli_help(help);
        default:
            return cli_usage("ask", "unknown or incomplete option '%s'",
                             argv[optind - 1]);
        }
    }
    if (list)
        return optind == argc
                   ? cli_finish(list_presets())
                   : cli_usage("ask", "--list takes no arguments");
    if (optind >= argc)
        return cli_usage("ask", "expected a preset NAME (kg ask --list "
                                "names them)");
    name = argv[optind++];
    if (find_preset(name, &path) < 0) {
        rc = cli_fail("no preset '%s' (kg ask --list names them)", name);
        goto done;
    }
    if (kg_file_read(path.ptr, 0, &text, &err) < 0) {
        rc = cli_error(&err);
        goto done;
    }
    if ((np = read_params(text.ptr, ps)) < 0) {
        rc = cli_fail("%s: malformed '# param: KEY KIND' line (KIND: "
                      "string, iri, integer)",
                      path.ptr);
        goto done;
    }
    for (; optind < argc; optind++) {
        const char *arg = argv[optind], *eq = strchr(arg, '=');
        for (i = 0; eq && i < np; i++)
            if (strlen(ps[i].key) == (size_t)(eq - arg) &&
                strncmp(ps[i].key, arg, (size_t)(eq - arg)) == 0)
                break;
        if (!eq || i == np) {
            rc = cli_usage("ask", "'%s' is not KEY=VALUE for a parameter "
                                  "of preset '%s'",
                           arg, name);
            goto done;
        }
        ps[i].value = eq + 1;
    }
    for (i = 0; i < np; i++) {
        kg_buf probe = KG_BUF_INIT;
        int ok;
        if (!ps[i].value) {
            rc = cli_usage("ask", "preset '%s' needs %s=%s", name,
                           ps[i].key, ps[i].kind);
            goto done;
        }
        ok = write_term(&probe, ps[i].kind, ps[i].value) == 0;
        kg_buf_dispose(&probe);
        if (!ok) {
            rc = cli_usage("ask", "%s='%s' is not a valid %s", ps[i].key,
                           ps[i].value, ps[i].kind);
            goto done;
        }
    }
    switch (substitute(&query, text.ptr, ps, np, bad, sizeof(bad))) {
    case 0:
        break;
    case -2:
        rc = cli_fail("%s: $%s is not a declared parameter", path.ptr, bad);
        goto done;
    default:
        rc = cli_fail("out of memory");
        goto done;
    }
    rc = cli_finish(run(spec, query.ptr, path.ptr, format));

done:
    kg_buf_dispose(&path);
    kg_buf_dispose(&text);
    kg_buf_dispose(&query);
    return rc;
}
