/*
 * escape.c -- making article text safe for Graphviz labels and SVG.
 *
 * Text from articles is untrusted: it may hold quotes, backslashes,
 * markup, control characters or bytes that are not UTF-8. Every escaper
 * first decodes strictly (no overlong forms, no surrogates, nothing past
 * U+10FFFF), so what Graphviz sees is valid UTF-8 that is also a legal
 * XML character sequence; then it applies the target's own quoting.
 * Graphviz expands \N, \G, \l... in labels, HTML-like ones included
 * (after decoding character references, so &#92; is no way out), and
 * twice in tooltips: a backslash from the text is doubled in labels and
 * quadrupled in tooltips, which Graphviz 2.42 turns back into one.
 * Quoting of DOT identifiers and attribute values is left to cgraph
 * (agsafeset, agwrite), which knows its own syntax. Links are
 * percent-encoded instead: Graphviz 2.42 writes URL attributes into SVG
 * without escaping '"', so an IRI holding a quote would end the href.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "viz_int.h"

#define REPLACEMENT 0xFFFDu

enum target { PLAIN, HTML, ESC, TOOLTIP };

/* Decode one code point at 's' (s[0] != 0); a malformed sequence yields
 * U+FFFD and consumes one byte, so decoding always moves forward. */
static unsigned long decode(const unsigned char *s, size_t *adv)
{
    unsigned long cp, min;
    size_t n, i;

    *adv = 1;
    if (s[0] < 0x80)
        return s[0];
    if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        n = 2, cp = s[0] & 0x1F, min = 0x80;
    } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        n = 3, cp = s[0] & 0x0F, min = 0x800;
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        n = 4, cp = s[0] & 0x07, min = 0x10000;
    } else {
        return REPLACEMENT;
    }
    for (i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) /* also stops at the NUL */
            return REPLACEMENT;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return REPLACEMENT;
    *adv = n;
    return cp;
}

static int put_cp(kg_buf *out, unsigned long cp)
{
    char b[4];
    size_t n;

    if (cp < 0x80) {
        b[0] = (char)cp, n = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
    } else {
        b[0] = (char)(0xF0 | (cp >> 18));
        b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (char)(0x80 | (cp & 0x3F)), n = 4;
    }
    return kg_buf_put(out, b, n);
}

static int put_one(kg_buf *out, unsigned long cp, enum target target)
{
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
        cp = ' ';
    else if (cp == 0xFFFE || cp == 0xFFFF)
        cp = REPLACEMENT;
    if (target == HTML) {
        switch (cp) {
        case '&': return kg_buf_puts(out, "&amp;");
        case '<': return kg_buf_puts(out, "&lt;");
        case '>': return kg_buf_puts(out, "&gt;");
        case '"': return kg_buf_puts(out, "&quot;");
        case '\'': return kg_buf_puts(out, "&#39;");
        default: break;
        }
    }
    if (cp == '\\' && target != PLAIN)
        return kg_buf_puts(out, target == TOOLTIP ? "\\\\\\\\" : "\\\\");
    return put_cp(out, cp);
}

static int escape(kg_buf *out, const char *s, size_t max_chars,
                  enum target target)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t adv, count = 0;
    int error;

    if ((error = kg_buf_grow(out, strlen(s) + 1)) < 0)
        return error;
    while (*p) {
        unsigned long cp = decode(p, &adv);
        if (max_chars && count == max_chars - 1 && p[adv] != 0) {
            /* more than one code point left: cut here */
            return put_cp(out, 0x2026);
        }
        if ((error = put_one(out, cp, target)) < 0)
            return error;
        p += adv;
        count++;
    }
    return 0;
}

/*
 * Append 's' to 'out' as valid UTF-8 without control characters, cut to
 * 'max_chars' code points (0: no limit). Returns 0 or KG_ENOMEM; 'out'
 * may hold a partial append after a failure. The same holds for the three
 * escapers below, which add their target's quoting.
 */
int kg_viz__text(kg_buf *out, const char *s, size_t max_chars)
{
    return escape(out, s, max_chars, PLAIN);
}

/* As kg_viz__text, for an HTML-like label. */
int kg_viz__html(kg_buf *out, const char *s, size_t max_chars)
{
    return escape(out, s, max_chars, HTML);
}

/* As kg_viz__text, for an escString label. */
int kg_viz__esc(kg_buf *out, const char *s, size_t max_chars)
{
    return escape(out, s, max_chars, ESC);
}

/* As kg_viz__text, for a tooltip. */
int kg_viz__tooltip(kg_buf *out, const char *s, size_t max_chars)
{
    return escape(out, s, max_chars, TOOLTIP);
}

/*
 * Append 'iri' to 'out' percent-encoded for a URL attribute (see
 * viz_int.h for the bytes encoded). Returns 0 or KG_ENOMEM; 'out' may
 * hold a partial append after a failure.
 */
int kg_viz__url(kg_buf *out, const char *iri)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *p;
    int error;

    for (p = (const unsigned char *)iri; *p; p++) {
        if (*p <= 0x20 || *p >= 0x7F || strchr("\"'<>\\^`{|}", *p)) {
            char pct[3] = {'%', hex[*p >> 4], hex[*p & 0xF]};
            error = kg_buf_put(out, pct, 3);
        } else {
            error = kg_buf_put(out, (const char *)p, 1);
        }
        if (error < 0)
            return error;
    }
    return 0;
}

/*
 * The local name of 'iri' (after the last '/' or '#' that is followed by
 * something), its length in '*len_out'; 'iri' itself when there is none.
 * The result points into 'iri'.
 */
const char *kg_viz__local_name(const char *iri, size_t *len_out)
{
    size_t len = strlen(iri), end = len, i;

    while (end > 0 && (iri[end - 1] == '/' || iri[end - 1] == '#'))
        end--;
    for (i = end; i > 0; i--)
        if (iri[i - 1] == '/' || iri[i - 1] == '#')
            break;
    if (i == end) {
        *len_out = len;
        return iri;
    }
    *len_out = end - i;
    return iri + i;
}
