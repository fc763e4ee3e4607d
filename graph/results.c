/*
 * results.c -- writing SELECT and ASK results: an aligned text table for
 * people, and the W3C SPARQL 1.1 result formats (CSV, TSV, JSON, XML).
 *
 * The writers are kg's own rather than rasqal's formatters so that the
 * escaping of each format is under test here: CSV quotes fields holding a
 * comma, quote, CR or LF and ends lines with CRLF (RFC 4180); TSV writes
 * terms in SPARQL/Turtle syntax; JSON escapes every control character; XML
 * escapes markup and writes CR as a character reference (XML 1.0 cannot
 * carry other C0 controls: they become U+FFFD). A literal typed xsd:string
 * is written as a simple literal (they are the same term in RDF 1.1).
 * CSV and TSV define no form for ASK: kg writes a "_askResult" column as
 * Jena does. The table shortens IRIs with the predeclared prefixes,
 * measures cells in terminal columns (utf8proc) and shows control
 * characters as backslash escapes so rows stay aligned.
 *
 * SPDX-License-Identifier: MIT
 */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include <utf8proc.h>

#include "graph_int.h"

/* ---- escaping --------------------------------------------------------- */

static void csv_field(FILE *fp, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, fp);
        return;
    }
    fputc('"', fp);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', fp);
        fputc(*s, fp);
    }
    fputc('"', fp);
}

/* A string body in SPARQL/Turtle syntax (without the quotes). */
static void turtle_string(FILE *fp, const char *s)
{
    for (; *s; s++)
        switch (*s) {
        case '\\':
            fputs("\\\\", fp);
            break;
        case '"':
            fputs("\\\"", fp);
            break;
        case '\n':
            fputs("\\n", fp);
            break;
        case '\r':
            fputs("\\r", fp);
            break;
        case '\t':
            fputs("\\t", fp);
            break;
        default:
            if ((unsigned char)*s < 0x20)
                fprintf(fp, "\\u%04X", (unsigned)(unsigned char)*s);
            else
                fputc(*s, fp);
        }
}

static void json_string(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (; *s; s++)
        switch (*s) {
        case '\\':
            fputs("\\\\", fp);
            break;
        case '"':
            fputs("\\\"", fp);
            break;
        case '\n':
            fputs("\\n", fp);
            break;
        case '\r':
            fputs("\\r", fp);
            break;
        case '\t':
            fputs("\\t", fp);
            break;
        case '\b':
            fputs("\\b", fp);
            break;
        case '\f':
            fputs("\\f", fp);
            break;
        default:
            if ((unsigned char)*s < 0x20)
                fprintf(fp, "\\u%04x", (unsigned)(unsigned char)*s);
            else
                fputc(*s, fp);
        }
    fputc('"', fp);
}

static void xml_text(FILE *fp, const char *s)
{
    for (; *s; s++)
        switch (*s) {
        case '&':
            fputs("&amp;", fp);
            break;
        case '<':
            fputs("&lt;", fp);
            break;
        case '>':
            fputs("&gt;", fp);
            break;
        case '"':
            fputs("&quot;", fp);
            break;
        case '\r':
            fputs("&#13;", fp);
            break;
        default:
            if ((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t')
                fputs("\xEF\xBF\xBD", fp);
            else
                fputc(*s, fp);
        }
}

static const char *plain_datatype(const kg_term *t)
{
    if (t->datatype && strcmp(t->datatype, KG_XSD_STRING) == 0)
        return NULL;
    return t->datatype;
}

/* ---- one term per format ---------------------------------------------- */

static void csv_term(FILE *fp, const kg_term *t)
{
    if (t->kind == KG_TERM_BLANK)
        fputs("_:", fp);
    if (t->kind != KG_TERM_NONE)
        csv_field(fp, t->value);
}

/* Nonzero when 's' is a Turtle INTEGER token: [+-]?[0-9]+ */
static int is_turtle_integer(const char *s)
{
    if (*s == '+' || *s == '-')
        s++;
    if (!*s)
        return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return 0;
    return 1;
}

/* TSV writes terms in Turtle syntax; integers in their short form (as the
 * SPARQL 1.1 TSV format allows), so counts read as plain numbers. */
static void tsv_term(FILE *fp, const kg_term *t)
{
    const char *dt = plain_datatype(t);

    if (t->kind == KG_TERM_LITERAL && dt && !t->lang &&
        strcmp(dt, KG_XSD_INTEGER) == 0 && is_turtle_integer(t->value)) {
        fputs(t->value, fp);
        return;
    }

    switch (t->kind) {
    case KG_TERM_IRI:
        fprintf(fp, "<%s>", t->value);
        break;
    case KG_TERM_BLANK:
        fprintf(fp, "_:%s", t->value);
        break;
    case KG_TERM_LITERAL:
        fputc('"', fp);
        turtle_string(fp, t->value);
        fputc('"', fp);
        if (t->lang)
            fprintf(fp, "@%s", t->lang);
        else if (dt)
            fprintf(fp, "^^<%s>", dt);
        break;
    default:
        break;
    }
}

static void json_term(FILE *fp, const kg_term *t)
{
    const char *dt = plain_datatype(t);
    static const char *const types[] = {"", "uri", "bnode", "literal"};

    fprintf(fp, "{\"type\": \"%s\", \"value\": ", types[t->kind]);
    json_string(fp, t->value);
    if (t->kind == KG_TERM_LITERAL && t->lang) {
        fputs(", \"xml:lang\": ", fp);
        json_string(fp, t->lang);
    } else if (t->kind == KG_TERM_LITERAL && dt) {
        fputs(", \"datatype\": ", fp);
        json_string(fp, dt);
    }
    fputc('}', fp);
}

static void xml_term(FILE *fp, const kg_term *t)
{
    const char *dt = plain_datatype(t);

    switch (t->kind) {
    case KG_TERM_IRI:
        fputs("<uri>", fp);
        xml_text(fp, t->value);
        fputs("</uri>", fp);
        break;
    case KG_TERM_BLANK:
        fputs("<bnode>", fp);
        xml_text(fp, t->value);
        fputs("</bnode>", fp);
        break;
    case KG_TERM_LITERAL:
        fputs("<literal", fp);
        if (t->lang) {
            fputs(" xml:lang=\"", fp);
            xml_text(fp, t->lang);
            fputc('"', fp);
        } else if (dt) {
            fputs(" datatype=\"", fp);
            xml_text(fp, dt);
            fputc('"', fp);
        }
        fputc('>', fp);
        xml_text(fp, t->value);
        fputs("</literal>", fp);
        break;
    default:
        break;
    }
}

/* ---- the table -------------------------------------------------------- */

/* Cell text for people: IRIs shortened, controls shown as escapes. */
static int table_cell(kg_buf *out, const kg_term *t)
{
    const char *s = t->value;
    size_t i;

    if (t->kind == KG_TERM_NONE)
        return 0;
    if (t->kind == KG_TERM_IRI) {
        for (i = 0; i < kg__n_prefixes; i++) {
            size_t n = strlen(kg__prefixes[i].iri);
            if (strncmp(s, kg__prefixes[i].iri, n) == 0 && s[n] &&
                !strpbrk(s + n, " <>\"{}|^`\\")) {
                if (kg_buf_printf(out, "%s:", kg__prefixes[i].name) <
                    0)
                    return KG_ENOMEM;
                s += n;
                break;
            }
        }
        if (i == kg__n_prefixes)
            return kg_buf_printf(out, "<%s>", s) < 0 ? KG_ENOMEM : 0;
    } else if (t->kind == KG_TERM_BLANK && kg_buf_puts(out, "_:") < 0)
        return KG_ENOMEM;
    for (; *s; s++) {
        int rc;
        switch (*s) {
        case '\n':
            rc = kg_buf_puts(out, "\\n");
            break;
        case '\r':
            rc = kg_buf_puts(out, "\\r");
            break;
        case '\t':
            rc = kg_buf_puts(out, "\\t");
            break;
        default:
            rc = (unsigned char)*s < 0x20
                     ? kg_buf_printf(out, "\\x%02x", (unsigned char)*s)
                     : kg_buf_put(out, s, 1);
        }
        if (rc < 0)
            return KG_ENOMEM;
    }
    return 0;
}

/* Terminal columns taken by UTF-8 text 's' (invalid bytes count 1). */
static size_t text_width(const char *s)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    size_t w = 0;

    while (*p) {
        utf8proc_int32_t c;
        utf8proc_ssize_t n = utf8proc_iterate(p, -1, &c);
        if (n <= 0) {
            w++;
            p++;
            continue;
        }
        w += (size_t)utf8proc_charwidth(c);
        p += n;
    }
    return w;
}

static void pad(FILE *fp, size_t n)
{
    while (n-- > 0)
        fputc(' ', fp);
}

static void table_row(FILE *fp, char **cells, const size_t *widths, int n)
{
    int i;

    for (i = 0; i < n; i++) {
        const char *c = cells[i] ? cells[i] : "";
        fputs(i ? " | " : " ", fp);
        fputs(c, fp);
        if (i + 1 < n)
            pad(fp, widths[i] - text_width(c));
    }
    fputc('\n', fp);
}

/*
 * Read every row (the table needs all widths first) and print it.
 */
static int write_table(kg_result *r, FILE *fp, kg_error *err)
{
    librdf_node **values = NULL;
    char **cells = NULL;
    size_t *widths = NULL;
    size_t rows = 0, alloc = 0, i;
    int w = r->width, j, error = 0, more;
    kg_buf cell = KG_BUF_INIT;

    if ((values = kg__calloc((size_t)w + 1, sizeof(*values))) == NULL ||
        (widths = kg__calloc((size_t)w + 1, sizeof(*widths))) == NULL ||
        (cells = kg__calloc((size_t)w + 1, sizeof(*cells))) == NULL)
        goto nomem;
    alloc = 1;
    /* Row 0 holds the variable names. */
    for (j = 0; j < w; j++)
        if ((cells[j] = kg__strdup(kg_graph__result_name(r, j))) == NULL)
            goto nomem;
    rows = 1;
    while ((more = kg_graph__result_next(r, values, err)) == 1) {
        if (rows == alloc) {
            char **nc = kg__realloc(cells, alloc * 2 * ((size_t)w + 1) *
                                               sizeof(*nc));
            if (!nc)
                error = KG_ENOMEM;
            else {
                memset(nc + alloc * ((size_t)w + 1), 0,
                       alloc * ((size_t)w + 1) * sizeof(*nc));
                cells = nc;
                alloc *= 2;
            }
        }
        for (j = 0; j < w; j++) {
            kg_term t;
            kg_graph__term(&t, values[j]);
            kg_buf_clear(&cell);
            if (error == 0 && (table_cell(&cell, &t) < 0 ||
                               (cells[rows * ((size_t)w + 1) + (size_t)j] =
                                    kg__strdup(cell.ptr ? cell.ptr : "")) ==
                                   NULL))
                error = KG_ENOMEM;
            if (values[j])
                librdf_free_node(values[j]);
        }
        if (error < 0)
            goto nomem;
        rows++;
    }
    if (more < 0) {
        error = more;
        goto done;
    }
    for (i = 0; i < rows; i++)
        for (j = 0; j < w; j++) {
            size_t cw = text_width(cells[i * ((size_t)w + 1) + (size_t)j]);
            if (cw > widths[j])
                widths[j] = cw;
        }
    table_row(fp, cells, widths, w);
    for (j = 0; j < w; j++) {
        size_t k;
        fputs(j ? "-+-" : "-", fp);
        for (k = 0; k < widths[j]; k++)
            fputc('-', fp);
    }
    fputs("-\n", fp);
    for (i = 1; i < rows; i++)
        table_row(fp, cells + i * ((size_t)w + 1), widths, w);
    fprintf(fp, "(%zu row%s)\n", rows - 1, rows == 2 ? "" : "s");
    goto done;

nomem:
    error = kg_error_set(err, KG_ENOMEM, "out of memory");
done:
    if (cells)
        for (i = 0; i < alloc * ((size_t)w + 1); i++)
            kg__free(cells[i]);
    kg__free(cells);
    kg__free(widths);
    kg__free(values);
    kg_buf_dispose(&cell);
    return error;
}

/* ---- streaming formats ------------------------------------------------ */

static void write_head(kg_result *r, FILE *fp, kg_result_format fmt)
{
    int j, w = r->width;

    switch (fmt) {
    case KG_RESULTS_CSV:
        for (j = 0; j < w; j++) {
            if (j)
                fputc(',', fp);
            csv_field(fp, kg_graph__result_name(r, j));
        }
        fputs("\r\n", fp);
        break;
    case KG_RESULTS_TSV:
        for (j = 0; j < w; j++)
            fprintf(fp, "%s?%s", j ? "\t" : "", kg_graph__result_name(r, j));
        fputc('\n', fp);
        break;
    case KG_RESULTS_JSON:
        fputs("{\n  \"head\": {\n    \"vars\": [", fp);
        for (j = 0; j < w; j++) {
            fputs(j ? ", " : "", fp);
            json_string(fp, kg_graph__result_name(r, j));
        }
        fputs("]\n  },\n  \"results\": {\n    \"bindings\": [", fp);
        break;
    default:
        fputs("<?xml version=\"1.0\"?>\n"
              "<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n"
              "  <head>\n",
              fp);
        for (j = 0; j < w; j++) {
            fputs("    <variable name=\"", fp);
            xml_text(fp, kg_graph__result_name(r, j));
            fputs("\"/>\n", fp);
        }
        fputs("  </head>\n  <results>\n", fp);
        break;
    }
}

static void write_row(kg_result *r, FILE *fp, kg_result_format fmt,
                      librdf_node **values, long n)
{
    int j, w = r->width, first = 1;
    kg_term t;

    switch (fmt) {
    case KG_RESULTS_CSV:
    case KG_RESULTS_TSV:
        for (j = 0; j < w; j++) {
            kg_graph__term(&t, values[j]);
            if (j)
                fputc(fmt == KG_RESULTS_CSV ? ',' : '\t', fp);
            if (fmt == KG_RESULTS_CSV)
                csv_term(fp, &t);
            else
                tsv_term(fp, &t);
        }
        fputs(fmt == KG_RESULTS_CSV ? "\r\n" : "\n", fp);
        break;
    case KG_RESULTS_JSON:
        fputs(n ? ",\n      {" : "\n      {", fp);
        for (j = 0; j < w; j++) {
            kg_graph__term(&t, values[j]);
            if (t.kind == KG_TERM_NONE)
                continue;
            fputs(first ? "" : ", ", fp);
            first = 0;
            json_string(fp, kg_graph__result_name(r, j));
            fputs(": ", fp);
            json_term(fp, &t);
        }
        fputc('}', fp);
        break;
    default:
        fputs("    <result>\n", fp);
        for (j = 0; j < w; j++) {
            kg_graph__term(&t, values[j]);
            if (t.kind == KG_TERM_NONE)
                continue;
            fputs("      <binding name=\"", fp);
            xml_text(fp, kg_graph__result_name(r, j));
            fputs("\">", fp);
            xml_term(fp, &t);
            fputs("</binding>\n", fp);
        }
        fputs("    </result>\n", fp);
        break;
    }
}

static void write_tail(FILE *fp, kg_result_format fmt, long n)
{
    if (fmt == KG_RESULTS_JSON)
        fputs(n ? "\n    ]\n  }\n}\n" : "]\n  }\n}\n", fp);
    else if (fmt == KG_RESULTS_XML)
        fputs("  </results>\n</sparql>\n", fp);
}

static void write_boolean(FILE *fp, kg_result_format fmt, int b)
{
    const char *v = b ? "true" : "false";

    switch (fmt) {
    case KG_RESULTS_TABLE:
        fprintf(fp, "%s\n", v);
        break;
    case KG_RESULTS_CSV:
        fprintf(fp, "_askResult\r\n%s\r\n", v);
        break;
    case KG_RESULTS_TSV:
        fprintf(fp, "?_askResult\n%s\n", v);
        break;
    case KG_RESULTS_JSON:
        fprintf(fp, "{\n  \"head\": {},\n  \"boolean\": %s\n}\n", v);
        break;
    case KG_RESULTS_XML:
        fprintf(fp,
                "<?xml version=\"1.0\"?>\n"
                "<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n"
                "  <head/>\n  <boolean>%s</boolean>\n</sparql>\n",
                v);
        break;
    }
}

int kg_result_write(kg_result *r, FILE *fp, kg_result_format fmt,
                    kg_error *err)
{
    librdf_node **values = NULL;
    long n = 0;
    int more, j, error = 0;

    assert(r && fp);
    if (r->kind == KG_QUERY_GRAPH)
        return kg_error_set(err, KG_EINVALID,
                            "a graph result has no table form: write it "
                            "as RDF");
    if (r->kind == KG_QUERY_BOOLEAN)
        write_boolean(fp, fmt, r->boolean);
    else if (fmt == KG_RESULTS_TABLE) {
        if ((error = write_table(r, fp, err)) < 0)
            return error;
    } else {
        if ((values = kg__calloc((size_t)r->width + 1, sizeof(*values))) ==
            NULL)
            return kg_error_set(err, KG_ENOMEM, "out of memory");
        write_head(r, fp, fmt);
        while ((more = kg_graph__result_next(r, values, err)) == 1) {
            write_row(r, fp, fmt, values, n++);
            for (j = 0; j < r->width; j++)
                if (values[j])
                    librdf_free_node(values[j]);
        }
        kg__free(values);
        if (more < 0)
            return more;
        write_tail(fp, fmt, n);
    }
    if (fflush(fp) != 0 || ferror(fp))
        return kg_error_set(err, KG_EIO, "cannot write query results");
    return 0;
}
