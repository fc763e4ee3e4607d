/*
 * export.c -- the network as GraphML and as a CSV link table.
 *
 * Text from articles (labels) is cleaned first (invalid UTF-8 becomes
 * U+FFFD, control characters a space: neither is allowed in XML 1.0)
 * and then escaped for the target: XML character references in GraphML,
 * RFC 4180 quoting in CSV. Output follows the network's sorted order.
 *
 * SPDX-License-Identifier: MIT
 */
#include <assert.h>
#include <string.h>

#include "analyze_int.h"

/* Length of the valid UTF-8 sequence at 's' (not a surrogate, overlong
 * or past U+10FFFF, and not U+FFFE/U+FFFF), or 0. */
static size_t utf8_len(const unsigned char *s)
{
    unsigned c = s[0];
    size_t n, i;
    unsigned long cp;

    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf)
        n = 2, cp = c & 0x1f;
    else if (c >= 0xe0 && c <= 0xef)
        n = 3, cp = c & 0x0f;
    else if (c >= 0xf0 && c <= 0xf4)
        n = 4, cp = c & 0x07;
    else
        return 0;
    for (i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3f);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 ||
                                              cp > 0x10ffff)) ||
        (cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfffe || cp == 0xffff)
        return 0;
    return n;
}

/* Append 's' cleaned: invalid UTF-8 as U+FFFD, controls as a space. */
int kg_analyze__clean(kg_buf *out, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    int error = 0;

    while (*p && !error) {
        size_t n = utf8_len(p);
        if (n == 0) {
            error = kg_buf_puts(out, "\xef\xbf\xbd");
            p++;
        } else if (n == 1 && ((*p < 0x20 && *p != '\t') || *p == 0x7f)) {
            error = kg_buf_puts(out, " ");
            p++;
        } else if (n == 2 && p[0] == 0xc2 && p[1] < 0xa0) { /* C1 */
            error = kg_buf_puts(out, " ");
            p += 2;
        } else {
            error = kg_buf_put(out, (const char *)p, n);
            p += n;
        }
    }
    return error;
}

static int put_xml(kg_buf *out, kg_buf *tmp, const char *s)
{
    size_t i;
    int error = 0;

    kg_buf_clear(tmp);
    if (!s || (error = kg_analyze__clean(tmp, s)) < 0 || !tmp->ptr)
        return error;
    for (i = 0; i < tmp->size && !error; i++) {
        switch (tmp->ptr[i]) {
        case '&': error = kg_buf_puts(out, "&amp;"); break;
        case '<': error = kg_buf_puts(out, "&lt;"); break;
        case '>': error = kg_buf_puts(out, "&gt;"); break;
        case '"': error = kg_buf_puts(out, "&quot;"); break;
        case '\'': error = kg_buf_puts(out, "&apos;"); break;
        case '\t': error = kg_buf_puts(out, "&#9;"); break;
        default: error = kg_buf_put(out, &tmp->ptr[i], 1);
        }
    }
    return error;
}

static int put_data(kg_buf *out, kg_buf *tmp, const char *key,
                    const char *value)
{
    int error;

    if (!value)
        return 0;
    if ((error = kg_buf_printf(out, "      <data key=\"%s\">", key)) < 0 ||
        (error = put_xml(out, tmp, value)) < 0)
        return error;
    return kg_buf_puts(out, "</data>\n");
}

static const char graphml_head[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
    "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
    "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
    "  <key id=\"label\" for=\"node\" attr.name=\"label\" "
    "attr.type=\"string\"/>\n"
    "  <key id=\"class\" for=\"node\" attr.name=\"class\" "
    "attr.type=\"string\"/>\n"
    "  <key id=\"type\" for=\"node\" attr.name=\"type\" "
    "attr.type=\"string\"/>\n"
    "  <key id=\"ndate\" for=\"node\" attr.name=\"date\" "
    "attr.type=\"string\"/>\n"
    "  <key id=\"degree\" for=\"node\" attr.name=\"degree\" "
    "attr.type=\"long\"/>\n"
    "  <key id=\"betweenness\" for=\"node\" attr.name=\"betweenness\" "
    "attr.type=\"double\"/>\n"
    "  <key id=\"pagerank\" for=\"node\" attr.name=\"pagerank\" "
    "attr.type=\"double\"/>\n"
    "  <key id=\"community\" for=\"node\" attr.name=\"community\" "
    "attr.type=\"long\"/>\n"
    "  <key id=\"relation\" for=\"edge\" attr.name=\"relation\" "
    "attr.type=\"string\"/>\n"
    "  <key id=\"date\" for=\"edge\" attr.name=\"date\" "
    "attr.type=\"string\"/>\n"
    "  <key id=\"source\" for=\"edge\" attr.name=\"source\" "
    "attr.type=\"string\"/>\n"
    "  <graph id=\"kg\" edgedefault=\"directed\">\n";

/* Append 'n' as a GraphML document. 0 or KG_ENOMEM. */
int kg_analyze_write_graphml(kg_buf *out, const kg_network *n,
                             kg_error *err)
{
    static const char *const metric_keys[4] = {"degree", "betweenness",
                                               "pagerank", "community"};
    kg_buf tmp = KG_BUF_INIT, rel = KG_BUF_INIT;
    size_t i, j, start = out->size;
    int error;

    assert(out && n);
    if ((error = kg_buf_puts(out, graphml_head)) < 0)
        goto done;
    for (i = 0; i < n->n_nodes && !error; i++) {
        const kg_analyze__node *v = &n->nodes[i];
        size_t len;
        const char *type = kg_analyze__local(v->type, &len);
        kg_buf_clear(&rel);
        if ((error = kg_buf_puts(out, "    <node id=\"")) < 0 ||
            (error = put_xml(out, &tmp, v->id)) < 0 ||
            (error = kg_buf_puts(out, "\">\n")) < 0 ||
            (error = put_data(out, &tmp, "label", v->label)) < 0 ||
            (error = put_data(out, &tmp, "class", v->cls)) < 0 ||
            (error = kg_buf_put(&rel, type, len)) < 0 ||
            (error = put_data(out, &tmp, "type", rel.ptr)) < 0 ||
            (error = put_data(out, &tmp, "ndate", v->date)) < 0)
            goto done;
        for (j = 0; j < 4 && !error; j++)
            error = put_data(out, &tmp, metric_keys[j], v->metric[j]);
        if (!error)
            error = kg_buf_puts(out, "    </node>\n");
    }
    for (i = 0; i < n->n_links && !error; i++) {
        const kg_analyze__link *l = &n->links[i];
        size_t len;
        const char *r = kg_analyze__local(l->pred, &len);
        kg_buf_clear(&rel);
        if ((error = kg_buf_printf(out, "    <edge id=\"e%zu\" source=\"",
                                   i)) < 0 ||
            (error = put_xml(out, &tmp, n->nodes[l->s].id)) < 0 ||
            (error = kg_buf_puts(out, "\" target=\"")) < 0 ||
            (error = put_xml(out, &tmp, n->nodes[l->o].id)) < 0 ||
            (error = kg_buf_puts(out, "\">\n")) < 0 ||
            (error = kg_buf_put(&rel, r, len)) < 0 ||
            (error = put_data(out, &tmp, "relation", rel.ptr)) < 0 ||
            (error = put_data(out, &tmp, "date", l->date)) < 0 ||
            (error = put_data(out, &tmp, "source", l->source)) < 0)
            goto done;
        error = kg_buf_puts(out, "    </edge>\n");
    }
    if (!error)
        error = kg_buf_puts(out, "  </graph>\n</graphml>\n");

done:
    kg_buf_dispose(&tmp);
    kg_buf_dispose(&rel);
    if (error < 0) {
        if (out->ptr) {
            out->size = start;
            out->ptr[start] = '\0';
        }
        return kg_error_set(err, KG_ENOMEM, "out of memory");
    }
    return 0;
}

/* One CSV field: quoted when it holds a comma, quote, CR or LF. */
static int put_csv(kg_buf *out, kg_buf *tmp, const char *s, int last)
{
    size_t i;
    int error = 0;

    kg_buf_clear(tmp);
    if (s && (error = kg_analyze__clean(tmp, s)) < 0)
        return error;
    if (tmp->size && strpbrk(tmp->ptr, ",\"\r\n")) {
        error = kg_buf_puts(out, "\"");
        for (i = 0; i < tmp->size && !error; i++)
            error = tmp->ptr[i] == '"' ? kg_buf_puts(out, "\"\"")
                                       : kg_buf_put(out, &tmp->ptr[i], 1);
        if (!error)
            error = kg_buf_puts(out, "\"");
    } else if (tmp->size) {
        error = kg_buf_put(out, tmp->ptr, tmp->size);
    }
    return error ? error : kg_buf_puts(out, last ? "\r\n" : ",");
}

static int put_local(kg_buf *out, kg_buf *tmp, kg_buf *scratch,
                     const char *iri, int last)
{
    size_t len;
    const char *s = kg_analyze__local(iri, &len);
    int error;

    kg_buf_clear(scratch);
    if ((error = kg_buf_put(scratch, s, len)) < 0)
        return error;
    return put_csv(out, tmp, scratch->ptr ? scratch->ptr : "", last);
}

/* Append the link table of 'n' as CSV. 0 or KG_ENOMEM. */
int kg_analyze_write_i2csv(kg_buf *out, const kg_network *n, kg_error *err)
{
    kg_buf tmp = KG_BUF_INIT, scratch = KG_BUF_INIT;
    size_t i, start = out->size;
    int error;

    assert(out && n);
    error = kg_buf_puts(out, "from_id,from_label,from_type,link_type,"
                             "to_id,to_label,to_type,date,source\r\n");
    for (i = 0; i < n->n_links && !error; i++) {
        const kg_analyze__link *l = &n->links[i];
        const kg_analyze__node *a = &n->nodes[l->s], *b = &n->nodes[l->o];
        if ((error = put_csv(out, &tmp, a->id, 0)) < 0 ||
            (error = put_csv(out, &tmp, a->label, 0)) < 0 ||
            (error = put_local(out, &tmp, &scratch, a->type, 0)) < 0 ||
            (error = put_local(out, &tmp, &scratch, l->pred, 0)) < 0 ||
            (error = put_csv(out, &tmp, b->id, 0)) < 0 ||
            (error = put_csv(out, &tmp, b->label, 0)) < 0 ||
            (error = put_local(out, &tmp, &scratch, b->type, 0)) < 0 ||
            (error = put_csv(out, &tmp, l->date, 0)) < 0)
            break;
        error = put_csv(out, &tmp, l->source, 1);
    }
    kg_buf_dispose(&tmp);
    kg_buf_dispose(&scratch);
    if (error < 0) {
        if (out->ptr) {
            out->size = start;
            out->ptr[start] = '\0';
        }
        return kg_error_set(err, KG_ENOMEM, "out of memory");
    }
    return 0;
}
