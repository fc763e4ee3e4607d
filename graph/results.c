/*
 * results.c -- writing SELECT and ASK results: an aligned text table for
 * people, and the W3C SPARQL 1.1 result formats (CSV, TSV, JSON, XML).
 *
 * The writers are kg's own rather than rasqal's formatters so that the
 * escaping of each format is under test here: CSV quotes fields holding a
 * comma, quote, CR or LF and ends lines with CRLF (RFC 4180); TSV writes
 * terms in SPARQL/Turtle syntax (IRIs with \u escapes for the characters
 * an IRIREF cannot hold, so a hostile IRI cannot split a row); JSON
 * escapes every control character and also '<', '>' and '&', so that a
 * JSON body served over HTTP can never be read as markup; XML escapes
 * markup and writes CR as a character reference (XML 1.0 cannot carry
 * other C0 controls: they become U+FFFD). A literal typed xsd:string is
 * written as a simple literal (they are the same term in RDF 1.1). CSV
 * and TSV define no form for ASK: kg writes a "_askResult" column as Jena
 * does. The table shortens IRIs with the predeclared prefixes, measures
 * cells in terminal columns (utf8proc) and shows control characters as
 * backslash escapes so rows stay aligned.
 *
 * One writer serves both the CLI and the HTTP endpoint (serve/), which
 * must bound the response it builds: kg_result_write_capped() stops after
 * a number of rows. The JSON and XML formats then say so in their head,
 * with a link (both formats define one) to "urn:kg:truncated:N"; the head
 * comes before the rows, so a capped write reads its rows, and one more
 * to learn whether any were left out, before writing anything. CSV and
 * TSV have no place for such a note that standard readers skip (a
 * trailing comment line would be read as a row), so they carry none: the
 * caller reports the cut out of band (serve/ sends a header). The table
 * ends with "(N rows, more left out)".
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

/* A string body in SPARQL/Turtle syntax (without the quotes); with 'iri',
 * the body of an IRIREF: characters it cannot hold become \u escapes. */
static void sparql_string(FILE *fp, const char *s, int iri)
{
    unsigned char c;

    for (; (c = (unsigned char)*s) != '\0'; s++) {
        if (iri && (c <= 0x20 || strchr("<>\"{}|^`\\", c)))
            fprintf(fp, "\\u%04X", (unsigned)c);
        else if (iri)
            fputc(c, fp);
        else if (c == '\\')
            fputs("\\\\", fp);
        else if (c == '"')
            fputs("\\\"", fp);
        else if (c == '\n')
            fputs("\\n", fp);
        else if (c == '\r')
            fputs("\\r", fp);
        else if (c == '\t')
            fputs("\\t", fp);
        else if (c < 0x20)
            fprintf(fp, "\\u%04X", (unsigned)c);
        else
            fputc(c, fp);
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
            if ((unsigned char)*s < 0x20 || strchr("<>&", *s))
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
        fputc('<', fp);
        sparql_string(fp, t->value, 1);
        fputc('>', fp);
        break;
    case KG_TERM_BLANK:
        fprintf(fp, "_:%s", t->value);
        break;
    case KG_TERM_LITERAL:
        fputc('"', fp);
        sparql_string(fp, t->value, 0);
        fputc('"', fp);
        if (t->lang)
            fprintf(fp, "@%s", t->lang);
        else if (dt) {
            fputs("^^<", fp);
            sparql_string(fp, dt, 1);
            fputc('>', fp);
        }
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

/* Free the 'n' nodes of 'values' (NULL for unbound) and clear them. */
static void free_nodes(librdf_node **values, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (values[i])
            librdf_free_node(values[i]);
        values[i] = NULL;
    }
}

/*
 * Read every row up to 'max_rows' (0: all; the table needs all widths
 * first) and print it; '*truncated' is set when a row was left out.
 */
static int write_table(kg_result *r, FILE *fp, long max_rows, int *truncated,
                       kg_error *err)
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
        if (max_rows > 0 && rows - 1 == (size_t)max_rows) {
            free_nodes(values, (size_t)w);
            *truncated = 1;
            more = 0;
            break;
        }
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
    fprintf(fp, "(%zu row%s%s)\n", rows - 1, rows == 2 ? "" : "s",
            *truncated ? ", more left out" : "");
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

/* 'truncated': the head links to urn:kg:truncated:'max_rows'. */
static void write_head(kg_result *r, FILE *fp, kg_result_format fmt,
                       int truncated, long max_rows)
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
        fputs("]", fp);
        if (truncated)
            fprintf(fp, ",\n    \"link\": [\"" KG_RESULT_TRUNCATED_LINK
                        "%ld\"]",
                    max_rows);
        fputs("\n  },\n  \"results\": {\n    \"bindings\": [", fp);
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
        /* SRX puts links after the variables. */
        if (truncated)
            fprintf(fp, "    <link href=\"" KG_RESULT_TRUNCATED_LINK
                        "%ld\"/>\n",
                    max_rows);
        fputs("  </head>\n  <results>\n", fp);
        break;
    }
}

static void write_row(kg_result *r, FILE *fp, kg_result_format fmt,
                      librdf_node **values, size_t n)
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

static void write_tail(FILE *fp, kg_result_format fmt, size_t n)
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

/* Every row, written as it is read. */
static int write_stream(kg_result *r, FILE *fp, kg_result_format fmt,
                        kg_error *err)
{
    librdf_node **values;
    size_t n = 0, w = (size_t)r->width;
    int more;

    if ((values = kg__calloc(w + 1, sizeof(*values))) == NULL)
        return kg_error_set(err, KG_ENOMEM, "out of memory");
    write_head(r, fp, fmt, 0, 0);
    while ((more = kg_graph__result_next(r, values, err)) == 1) {
        write_row(r, fp, fmt, values, n++);
        free_nodes(values, w);
    }
    kg__free(values);
    if (more < 0)
        return more;
    write_tail(fp, fmt, n);
    return 0;
}

/*
 * At most 'max_rows' rows: they are read, and one more to learn whether
 * any is left out, before the head is written (it carries the mark).
 */
static int write_capped(kg_result *r, FILE *fp, kg_result_format fmt,
                        long max_rows, int *truncated, kg_error *err)
{
    librdf_node **rows = NULL, **nr;
    size_t n = 0, alloc = 0, i, w = (size_t)r->width;
    int more, error = 0;

    /* One slot more than the width: a zero-width row still has one. */
    while (error == 0) {
        if (n == alloc) {
            size_t na = alloc ? alloc * 2 : 16;
            if (na > (size_t)max_rows + 1)
                na = (size_t)max_rows + 1;
            if ((nr = kg__realloc(rows, na * (w + 1) * sizeof(*nr))) ==
                NULL) {
                error = kg_error_set(err, KG_ENOMEM, "out of memory");
                break;
            }
            memset(nr + alloc * (w + 1), 0,
                   (na - alloc) * (w + 1) * sizeof(*nr));
            rows = nr;
            alloc = na;
        }
        if ((more = kg_graph__result_next(r, rows + n * (w + 1), err)) < 0) {
            /* the failed read freed its nodes but left the pointers */
            memset(rows + n * (w + 1), 0, (w + 1) * sizeof(*rows));
            error = more;
        }
        if (more != 1)
            break;
        if (n == (size_t)max_rows) {
            *truncated = 1;
            break;
        }
        n++;
    }
    if (error == 0) {
        write_head(r, fp, fmt, *truncated, max_rows);
        for (i = 0; i < n; i++)
            write_row(r, fp, fmt, rows + i * (w + 1), i);
        write_tail(fp, fmt, n);
    }
    for (i = 0; i < alloc; i++)
        free_nodes(rows + i * (w + 1), w);
    kg__free(rows);
    return error;
}

int kg_result_write_capped(kg_result *r, FILE *fp, kg_result_format fmt,
                           long max_rows, int *truncated_out, kg_error *err)
{
    int error = 0, truncated = 0;

    assert(r && fp && max_rows >= 0);
    if (truncated_out)
        *truncated_out = 0;
    if (r->kind == KG_QUERY_GRAPH)
        return kg_error_set(err, KG_EINVALID,
                            "a graph result has no table form: write it "
                            "as RDF");
    if (r->kind == KG_QUERY_BOOLEAN)
        write_boolean(fp, fmt, r->boolean);
    else if (fmt == KG_RESULTS_TABLE)
        error = write_table(r, fp, max_rows, &truncated, err);
    else if (max_rows > 0)
        error = write_capped(r, fp, fmt, max_rows, &truncated, err);
    else
        error = write_stream(r, fp, fmt, err);
    if (error < 0)
        return error;
    if (fflush(fp) != 0 || ferror(fp))
        return kg_error_set(err, KG_EIO, "cannot write query results");
    if (truncated_out)
        *truncated_out = truncated;
    return 0;
}

int kg_result_write(kg_result *r, FILE *fp, kg_result_format fmt,
                    kg_error *err)
{
    return kg_result_write_capped(r, fp, fmt, 0, NULL, err);
}
