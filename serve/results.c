/*
 * results.c -- SELECT and ASK results for HTTP responses, with a row cap.
 *
 * kg_result_write() (graph/) writes every row; an endpoint must bound the
 * response it builds in memory, so the server walks the rows itself
 * through graph/'s row iterator and stops after the cap, reporting that it
 * did. The formats follow the W3C SPARQL 1.1 result specifications and
 * graph/results.c: CSV quotes fields holding a comma, quote, CR or LF and
 * ends lines with CRLF; TSV writes terms in SPARQL syntax; JSON escapes
 * every control character and also '<', '>' and '&' (so a JSON body can
 * never be read as markup); XML escapes markup and turns the C0 controls
 * XML 1.0 cannot carry into U+FFFD. ASK in CSV/TSV is a "_askResult"
 * column, as graph/ and Jena write it.
 *
 * SPDX-License-Identifier: MIT
 */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "../graph/graph_int.h"
#include "serve_int.h"

#define XSD_STRING "http://www.w3.org/2001/XMLSchema#string"

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

/* A string in SPARQL syntax without its quotes (also used inside <>). */
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
    unsigned char c;

    fputc('"', fp);
    for (; (c = (unsigned char)*s) != '\0'; s++) {
        if (c == '"')
            fputs("\\\"", fp);
        else if (c == '\\')
            fputs("\\\\", fp);
        else if (c == '\n')
            fputs("\\n", fp);
        else if (c < 0x20 || c == '<' || c == '>' || c == '&')
            fprintf(fp, "\\u%04x", (unsigned)c);
        else
            fputc(c, fp);
    }
    fputc('"', fp);
}

static void xml_text(FILE *fp, const char *s)
{
    unsigned char c;

    for (; (c = (unsigned char)*s) != '\0'; s++) {
        if (c == '&')
            fputs("&amp;", fp);
        else if (c == '<')
            fputs("&lt;", fp);
        else if (c == '>')
            fputs("&gt;", fp);
        else if (c == '"')
            fputs("&quot;", fp);
        else if (c == '\'')
            fputs("&apos;", fp);
        else if (c == '\r')
            fputs("&#13;", fp);
        else if (c < 0x20 && c != '\n' && c != '\t')
            fputs("\xEF\xBF\xBD", fp);
        else
            fputc(c, fp);
    }
}

/* The datatype to write: none for simple literals (RDF 1.1 xsd:string). */
static const char *datatype(const kg_term *t)
{
    if (!t->datatype || strcmp(t->datatype, XSD_STRING) == 0)
        return NULL;
    return t->datatype;
}

/* ---- terms ------------------------------------------------------------ */

static void csv_term(FILE *fp, const kg_term *t)
{
    if (t->kind == KG_TERM_BLANK)
        fputs("_:", fp);
    if (t->kind != KG_TERM_NONE)
        csv_field(fp, t->value);
}

static void tsv_term(FILE *fp, const kg_term *t)
{
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
        if (t->lang && *t->lang)
            fprintf(fp, "@%s", t->lang);
        else if (datatype(t)) {
            fputs("^^<", fp);
            sparql_string(fp, t->datatype, 1);
            fputc('>', fp);
        }
        break;
    default:
        break;
    }
}

static void json_term(FILE *fp, const kg_term *t)
{
    static const char *const types[] = {"", "uri", "bnode", "literal"};

    fprintf(fp, "{\"type\": \"%s\", \"value\": ", types[t->kind]);
    json_string(fp, t->value);
    if (t->kind == KG_TERM_LITERAL && t->lang && *t->lang) {
        fputs(", \"xml:lang\": ", fp);
        json_string(fp, t->lang);
    } else if (t->kind == KG_TERM_LITERAL && datatype(t)) {
        fputs(", \"datatype\": ", fp);
        json_string(fp, t->datatype);
    }
    fputc('}', fp);
}

static void xml_term(FILE *fp, const kg_term *t)
{
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
    default:
        fputs("<literal", fp);
        if (t->lang && *t->lang) {
            fputs(" xml:lang=\"", fp);
            xml_text(fp, t->lang);
            fputc('"', fp);
        } else if (datatype(t)) {
            fputs(" datatype=\"", fp);
            xml_text(fp, t->datatype);
            fputc('"', fp);
        }
        fputc('>', fp);
        xml_text(fp, t->value);
        fputs("</literal>", fp);
        break;
    }
}

/* ---- documents -------------------------------------------------------- */

static void write_head(kg_result *r, FILE *fp, int fmt)
{
    int j;

    for (j = 0; j < r->width; j++) {
        const char *name = kg_graph__result_name(r, j);

        switch (fmt) {
        case KG_RESULTS_CSV:
            fputs(j ? "," : "", fp);
            csv_field(fp, name);
            break;
        case KG_RESULTS_TSV:
            fprintf(fp, "%s?%s", j ? "\t" : "", name);
            break;
        case KG_RESULTS_JSON:
            fputs(j ? ", " : "{\"head\": {\"vars\": [", fp);
            json_string(fp, name);
            break;
        default:
            fputs(j ? "" : "<?xml version=\"1.0\"?>\n<sparql xmlns=\"http://"
                           "www.w3.org/2005/sparql-results#\">\n<head>\n",
                  fp);
            fputs("  <variable name=\"", fp);
            xml_text(fp, name);
            fputs("\"/>\n", fp);
            break;
        }
    }
    if (fmt == KG_RESULTS_CSV)
        fputs("\r\n", fp);
    else if (fmt == KG_RESULTS_TSV)
        fputc('\n', fp);
    else if (fmt == KG_RESULTS_JSON)
        fputs(r->width ? "]},\n \"results\": {\"bindings\": [\n"
                       : "{\"head\": {\"vars\": []},\n"
                         " \"results\": {\"bindings\": [\n",
              fp);
    else
        fputs(r->width ? "</head>\n<results>\n"
                       : "<?xml version=\"1.0\"?>\n<sparql xmlns=\"http://"
                         "www.w3.org/2005/sparql-results#\">\n<head>\n"
                         "</head>\n<results>\n",
              fp);
}

static void write_row(kg_result *r, FILE *fp, int fmt, librdf_node **values,
                      long n)
{
    int j, first = 1;
    kg_term t;

    if (fmt == KG_RESULTS_JSON)
        fputs(n ? ",\n  {" : "  {", fp);
    else if (fmt == KG_RESULTS_XML)
        fputs("  <result>\n", fp);
    for (j = 0; j < r->width; j++) {
        kg_graph__term(&t, values[j]);
        if (fmt == KG_RESULTS_CSV || fmt == KG_RESULTS_TSV) {
            if (j)
                fputc(fmt == KG_RESULTS_CSV ? ',' : '\t', fp);
            if (fmt == KG_RESULTS_CSV)
                csv_term(fp, &t);
            else
                tsv_term(fp, &t);
            continue;
        }
        if (t.kind == KG_TERM_NONE)
            continue;
        if (fmt == KG_RESULTS_JSON) {
            fputs(first ? "" : ", ", fp);
            json_string(fp, kg_graph__result_name(r, j));
            fputs(": ", fp);
            json_term(fp, &t);
        } else {
            fputs("    <binding name=\"", fp);
            xml_text(fp, kg_graph__result_name(r, j));
            fputs("\">", fp);
            xml_term(fp, &t);
            fputs("</binding>\n", fp);
        }
        first = 0;
    }
    if (fmt == KG_RESULTS_CSV)
        fputs("\r\n", fp);
    else if (fmt == KG_RESULTS_TSV)
        fputc('\n', fp);
    else if (fmt == KG_RESULTS_JSON)
        fputc('}', fp);
    else
        fputs("  </result>\n", fp);
}

static void write_boolean(FILE *fp, int fmt, int b)
{
    const char *v = b ? "true" : "false";

    if (fmt == KG_RESULTS_CSV)
        fprintf(fp, "_askResult\r\n%s\r\n", v);
    else if (fmt == KG_RESULTS_TSV)
        fprintf(fp, "?_askResult\n%s\n", v);
    else if (fmt == KG_RESULTS_JSON)
        fprintf(fp, "{\"head\": {}, \"boolean\": %s}\n", v);
    else
        fprintf(fp, "<?xml version=\"1.0\"?>\n<sparql xmlns=\"http://"
                    "www.w3.org/2005/sparql-results#\">\n<head/>\n"
                    "<boolean>%s</boolean>\n</sparql>\n",
                v);
}

int kg_serve__write_rows(kg_result *r, FILE *fp, int fmt, long max_rows,
                         int *truncated_out, kg_error *err)
{
    librdf_node **values = NULL;
    long n = 0;
    int more = 0, j;

    assert(r && fp && truncated_out);
    assert(fmt != KG_RESULTS_TABLE);
    *truncated_out = 0;
    if (r->kind == KG_QUERY_GRAPH)
        return kg_error_set(err, KG_EINVALID,
                            "a graph result has no table form");
    if (r->kind == KG_QUERY_BOOLEAN) {
        write_boolean(fp, fmt, r->boolean);
    } else {
        if ((values = kg__calloc((size_t)r->width + 1, sizeof(*values))) ==
            NULL)
            return kg_error_set(err, KG_ENOMEM, "out of memory");
        write_head(r, fp, fmt);
        while ((more = kg_graph__result_next(r, values, err)) == 1) {
            if (max_rows > 0 && n == max_rows)
                *truncated_out = 1;
            else
                write_row(r, fp, fmt, values, n++);
            for (j = 0; j < r->width; j++)
                if (values[j])
                    librdf_free_node(values[j]);
            if (*truncated_out)
                break;
        }
        kg__free(values);
        if (more < 0)
            return more;
        if (fmt == KG_RESULTS_JSON)
            fputs(n ? "\n]}}\n" : "]}}\n", fp);
        else if (fmt == KG_RESULTS_XML)
            fputs("</results>\n</sparql>\n", fp);
    }
    if (fflush(fp) != 0 || ferror(fp))
        return kg_error_set(err, KG_EIO, "cannot write query results");
    return 0;
}
