/*
 * token.c -- words of a sentence, normalised for matching, and slugs.
 *
 * A token is a run of letters, digits and combining marks (Unicode
 * categories through utf8proc). Hyphens, dashes, dots and apostrophes
 * separate tokens, so "Kim Jong-un", "Kim Jong Un" and "KIM JONG UN" give
 * the same normalised sequence; a following "'s" or "'" marks the token
 * possessive instead of becoming a token. Normalisation is NFKC + case
 * folding (utf8proc), with an ASCII fast path since most text is ASCII.
 * Lexicon forms go through the same function, so matching is exact
 * comparison of normalised tokens.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "doc_int.h"

uint64_t kg__tok_hash(const char *s, size_t n)
{
    uint64_t h = 14695981039346656037ull;
    size_t i;

    for (i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h;
}

uint64_t kg__hash_combine(uint64_t h, uint64_t tok)
{
    h ^= tok + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
    return h * 0xff51afd7ed558ccdull;
}

int kg__norm_append(kg_buf *out, const char *s, size_t n)
{
    size_t i;
    utf8proc_uint8_t *mapped = NULL;
    utf8proc_ssize_t len;
    int error;

    for (i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            break;
    if (i == n) {
        if (kg_buf_grow(out, n) < 0)
            return KG_ENOMEM;
        for (i = 0; i < n; i++) {
            char c = s[i];
            out->ptr[out->size + i] = (c >= 'A' && c <= 'Z') ? c + 32 : c;
        }
        out->size += n;
        out->ptr[out->size] = '\0';
        return 0;
    }
    len = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n,
                       &mapped,
                       UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
                           UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK);
    if (len < 0) /* invalid UTF-8 in a lexicon file: keep the bytes */
        return kg_buf_put(out, s, n);
    error = kg_buf_put(out, (const char *)mapped, (size_t)len);
    free(mapped);
    return error;
}

/* Decode one code point at s[0..n); returns its length (>= 1). */
static size_t decode(const char *s, size_t n, int32_t *cp)
{
    utf8proc_int32_t c;
    utf8proc_ssize_t k;

    if ((unsigned char)s[0] < 0x80) {
        *cp = (unsigned char)s[0];
        return 1;
    }
    k = utf8proc_iterate((const utf8proc_uint8_t *)s,
                         (utf8proc_ssize_t)(n > 4 ? 4 : n), &c);
    if (k <= 0) {
        *cp = -1;
        return 1;
    }
    *cp = c;
    return (size_t)k;
}

static int is_word(int32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
               (cp >= '0' && cp <= '9');
    if (cp < 0)
        return 0;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ND:
        return 1;
    default:
        return 0;
    }
}

static int is_upper(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_LU ||
           utf8proc_category(cp) == UTF8PROC_CATEGORY_LT;
}

static int is_lower(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'a' && cp <= 'z';
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

static int is_apostrophe(int32_t cp)
{
    return cp == '\'' || cp == 0x2019 || cp == 0x02BC || cp == 0x2018 ||
           cp == '`';
}

static int is_hyphen(int32_t cp)
{
    return cp == '-' || (cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 ||
           cp == 0x00AD;
}

static int is_space(int32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
           cp == 0xA0 || cp == 0x202F || cp == 0x2009 || cp == 0x200B ||
           cp == 0x3000;
}

int kg__tokenize(kg__vec *toks, kg_buf *scratch, const kg_lexicon *lex,
                 const char *text, size_t begin, size_t end)
{
    size_t i = begin, k;
    unsigned pending = 0; /* flags for the next token */
    int32_t cp;

    toks->count = 0;
    kg_buf_clear(scratch);
    while (i < end) {
        size_t len = decode(text + i, end - i, &cp);
        if (is_word(cp)) {
            kg__token *t = kg__vec_push(toks);
            size_t s = i, upper = 0, lower = 0;
            if (!t)
                return KG_ENOMEM;
            t->flags = pending;
            if (is_upper(cp))
                t->flags |= KG__TOK_CAP;
            if (cp >= '0' && cp <= '9')
                t->flags |= KG__TOK_DIGIT;
            while (i < end) {
                len = decode(text + i, end - i, &cp);
                if (!is_word(cp))
                    break;
                upper += is_upper(cp);
                lower += is_lower(cp);
                i += len;
            }
            if (upper >= 2 && !lower)
                t->flags |= KG__TOK_UPPER;
            t->begin = s;
            t->end = i;
            t->noff = scratch->size;
            if (kg__norm_append(scratch, text + s, i - s) < 0)
                return KG_ENOMEM;
            t->nlen = scratch->size - t->noff;
            pending = 0;
            /* possessive: "Korea's", "Korea’s", "Workers'" */
            if (i < end) {
                size_t l2 = decode(text + i, end - i, &cp);
                if (is_apostrophe(cp)) {
                    int32_t c2 = -1, c3 = -1;
                    size_t j = i + l2;
                    if (j < end)
                        j += decode(text + j, end - j, &c2);
                    if (j < end)
                        decode(text + j, end - j, &c3);
                    if ((c2 == 's' || c2 == 'S') && !is_word(c3)) {
                        t->flags |= KG__TOK_POSS;
                        i = j;
                    } else if (!is_word(c2)) {
                        t->flags |= KG__TOK_POSS;
                        i += l2;
                    }
                }
            }
            continue;
        }
        if (is_hyphen(cp)) {
            /* joined only when the hyphen touches both words */
            if (toks->count &&
                KG__VEC_AT(toks, kg__token, toks->count - 1)->end == i)
                pending |= KG__TOK_HYPHEN;
            else
                pending |= KG__TOK_PUNCT;
        } else if (is_space(cp)) {
            pending &= ~KG__TOK_HYPHEN;
        } else {
            pending |= KG__TOK_PUNCT;
            pending &= ~KG__TOK_HYPHEN;
            if (cp == ',')
                pending |= KG__TOK_COMMA;
        }
        i += len;
    }
    for (k = 0; k < toks->count; k++) {
        kg__token *t = KG__VEC_AT(toks, kg__token, k);
        t->norm = scratch->ptr + t->noff;
        t->hash = kg__tok_hash(t->norm, t->nlen);
        if (k > 0) {
            kg__token *p = t - 1;
            if (p->nlen == 3 && memcmp(p->norm, "the", 3) == 0 &&
                !(t->flags & KG__TOK_PUNCT))
                t->flags |= KG__TOK_THE;
        }
        t->classes =
            lex ? kg__lex_word_classes(lex, t->norm, t->nlen, t->hash) : 0;
    }
    return 0;
}

int kg__slug_append(kg_buf *out, const char *name, size_t n)
{
    kg_buf norm = KG_BUF_INIT;
    size_t i, start = out->size;
    int dash = 0, error = 0;

    if (kg__norm_append(&norm, name, n) < 0)
        return KG_ENOMEM;
    for (i = 0; i < norm.size; i++) {
        unsigned char c = (unsigned char)norm.ptr[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (ok || c >= 0x80) {
            if (dash && out->size > start &&
                (error = kg_buf_put(out, "-", 1)) < 0)
                break;
            dash = 0;
            error = ok ? kg_buf_put(out, (const char *)&c, 1)
                       : kg_buf_printf(out, "%%%02X", c);
            if (error < 0)
                break;
        } else {
            dash = 1;
        }
    }
    kg_buf_dispose(&norm);
    return error < 0 ? KG_ENOMEM : 0;
}

/* Is norm[b..e) a word that stays lower case inside a label? */
static int small_word(const char *w, size_t n)
{
    static const char *const small[] = {"of", "the", "and", "for", "to",
                                        "in", "on", "at", "a", "an", NULL};
    size_t i;

    for (i = 0; small[i]; i++)
        if (strlen(small[i]) == n && memcmp(small[i], w, n) == 0)
            return 1;
    return 0;
}

/* Append the word w[0..n) with its first letter upper case. */
static int put_capitalised(kg_buf *out, const char *w, size_t n)
{
    int32_t cp;
    size_t len = decode(w, n, &cp);
    utf8proc_uint8_t enc[4];
    utf8proc_ssize_t m;

    if (cp < 0)
        return kg_buf_put(out, w, n);
    m = utf8proc_encode_char(utf8proc_toupper(cp), enc);
    if (m <= 0 || kg_buf_put(out, (const char *)enc, (size_t)m) < 0)
        return KG_ENOMEM;
    return kg_buf_put(out, w + len, n - len);
}

int kg__label_append(kg_buf *out, const char *s, size_t n, int mode)
{
    kg_buf norm = KG_BUF_INIT;
    size_t i = 0, b, words = 0;
    int error = 0;

    if (kg__norm_append(&norm, s, n) < 0)
        return KG_ENOMEM;
    while (i < norm.size && error == 0) {
        unsigned char c;
        if (mode == KG__LABEL_TITLE) {
            /* keep every character; words end at white space */
            for (b = i; i < norm.size && norm.ptr[i] != ' '; i++)
                ;
            if (i > b)
                error = (words && small_word(norm.ptr + b, i - b))
                            ? kg_buf_put(out, norm.ptr + b, i - b)
                            : put_capitalised(out, norm.ptr + b, i - b);
            if (i > b)
                words++;
            if (error == 0 && i < norm.size)
                error = kg_buf_put(out, " ", 1);
            i++;
            continue;
        }
        /* names: words are runs of letters and digits, as in slugs */
        c = (unsigned char)norm.ptr[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c >= 0x80)) {
            i++;
            continue;
        }
        for (b = i; i < norm.size; i++) {
            c = (unsigned char)norm.ptr[i];
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c >= 0x80))
                break;
        }
        if (words && kg_buf_put(out, mode == KG__LABEL_KOREAN &&
                                             words == 2 ? "-" : " ", 1) < 0)
            error = KG_ENOMEM;
        else if (mode == KG__LABEL_KOREAN && words == 2)
            error = kg_buf_put(out, norm.ptr + b, i - b);
        else if (words && small_word(norm.ptr + b, i - b))
            error = kg_buf_put(out, norm.ptr + b, i - b);
        else
            error = put_capitalised(out, norm.ptr + b, i - b);
        words++;
    }
    kg_buf_dispose(&norm);
    return error < 0 ? KG_ENOMEM : 0;
}
