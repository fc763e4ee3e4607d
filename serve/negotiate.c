/*
 * negotiate.c -- HTTP content negotiation (RFC 9110 Accept with q-values)
 * and application/x-www-form-urlencoded decoding.
 *
 * Negotiation scores each offer against every media range of the Accept
 * header: the most specific matching range decides the offer's q-value
 * (so "text/ *;q=0.5, text/csv;q=0" refuses CSV but takes TSV at 0.5); the
 * best q wins and ties go to the server's order of preference. Media type
 * parameters other than q are ignored. q-values are parsed by hand in
 * thousandths, independent of the locale.
 *
 * SPDX-License-Identifier: MIT
 */
#include <assert.h>
#include <string.h>
#include <strings.h>

#include "serve_int.h"

/* ---- Accept ----------------------------------------------------------- */

static int is_space(char c)
{
    return c == ' ' || c == '\t';
}

/*
 * How specifically the range 'range' ('len' bytes, "type/sub") matches
 * 'type': 3 exact, 2 type/ *, 1 * / *, 0 no match.
 */
static int match(const char *range, size_t len, const char *type)
{
    const char *slash = memchr(range, '/', len);
    const char *tslash = strchr(type, '/');
    size_t tlen, slen;

    if (!slash || !tslash)
        return 0;
    if (len == 3 && memcmp(range, "*/*", 3) == 0)
        return 1;
    tlen = (size_t)(slash - range);
    slen = len - tlen - 1;
    if (tlen != (size_t)(tslash - type) ||
        strncasecmp(range, type, tlen) != 0)
        return 0;
    if (slen == 1 && slash[1] == '*')
        return 2;
    return slen == strlen(tslash + 1) &&
                   strncasecmp(slash + 1, tslash + 1, slen) == 0
               ? 3
               : 0;
}

/* The q parameter in 'params' ('len' bytes after the range), 0..1000. */
static int qvalue(const char *p, size_t len)
{
    const char *end = p + len;
    int q, scale;

    while (p < end) {
        while (p < end && (*p == ';' || is_space(*p)))
            p++;
        if (end - p >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
            p += 2;
            if (p >= end || (*p != '0' && *p != '1'))
                return 0; /* malformed: treat the range as refused */
            q = (*p++ - '0') * 1000;
            if (p < end && *p == '.')
                for (p++, scale = 100; p < end && *p >= '0' && *p <= '9' &&
                                       scale > 0;
                     p++, scale /= 10)
                    q += (*p - '0') * scale;
            return q > 1000 ? 1000 : q;
        }
        while (p < end && *p != ';')
            p++;
    }
    return 1000;
}

int kg_serve__negotiate(const char *accept, const kg_serve__offer *offers,
                        size_t n)
{
    int best = -1, best_q = 0;
    size_t i;

    assert(offers && n > 0);
    while (accept && is_space(*accept))
        accept++;
    if (!accept || !*accept)
        return 0;
    for (i = 0; i < n; i++) {
        const char *p = accept;
        int spec = 0, q = 0;

        while (*p) {
            const char *item = p, *semi, *tend;
            size_t item_len;
            int m;

            p += strcspn(p, ",");
            item_len = (size_t)(p - item);
            if (*p == ',')
                p++;
            while (item_len && is_space(*item))
                item++, item_len--;
            semi = memchr(item, ';', item_len);
            tend = semi ? semi : item + item_len;
            while (tend > item && is_space(tend[-1]))
                tend--;
            m = match(item, (size_t)(tend - item), offers[i].type);
            if (m > spec) {
                spec = m;
                q = semi ? qvalue(semi, (size_t)(item + item_len - semi))
                         : 1000;
            }
        }
        if (spec && q > best_q) {
            best = (int)i;
            best_q = q;
        }
    }
    return best;
}

/* ---- forms ------------------------------------------------------------ */

static int hex(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Append the decoded 'len' bytes of 's' ('+' is a space, %XX a byte). */
static int decode(kg_buf *out, const char *s, size_t len)
{
    size_t i;
    char c;

    if (kg_buf_grow(out, len) < 0)
        return KG_ENOMEM;
    for (i = 0; i < len; i++) {
        c = s[i];
        if (c == '+')
            c = ' ';
        else if (c == '%' && i + 2 < len && hex(s[i + 1]) >= 0 &&
                 hex(s[i + 2]) >= 0) {
            c = (char)(hex(s[i + 1]) * 16 + hex(s[i + 2]));
            i += 2;
        }
        out->ptr[out->size++] = c;
    }
    out->ptr[out->size] = '\0';
    return 0;
}

int kg_serve__form_get(kg_buf *out, const char *form, size_t len,
                       const char *name)
{
    /* NULL + 0 is undefined: an empty body may come as NULL. */
    const char *p = form, *end = form ? form + len : form;
    size_t nlen = strlen(name);

    assert(out && (form || len == 0) && name);
    while (p < end) {
        const char *pair = p, *eq;
        size_t plen;

        while (p < end && *p != '&')
            p++;
        plen = (size_t)(p - pair);
        if (p < end)
            p++;
        eq = memchr(pair, '=', plen);
        if ((size_t)((eq ? eq : pair + plen) - pair) == nlen &&
            memcmp(pair, name, nlen) == 0) {
            if (!eq)
                return kg_buf_puts(out, "") < 0 ? KG_ENOMEM : 1;
            return decode(out, eq + 1, (size_t)(pair + plen - eq - 1)) < 0
                       ? KG_ENOMEM
                       : 1;
        }
    }
    return 0;
}
