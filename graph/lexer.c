/*
 * lexer.c -- a SPARQL lexer just good enough to find keywords, terms and
 * blocks, shared by query.c (refusals, rewrites) and update.c (splitting a
 * request into operations). Strings, IRIs and comments are skipped whole.
 *
 * SPDX-License-Identifier: MIT
 */
#include <ctype.h>
#include <string.h>

#include "lexer.h"

int kg_graph__name_char(int c)
{
    return isalnum(c) || c == '_' || c == '-' || c == ':' || c == '.' ||
           (c & 0x80);
}

int kg_graph__next_token(const char **pp, kg_graph__token *t)
{
    const char *p = *pp;

    for (;;) {
        while (*p && isspace((unsigned char)*p))
            p++;
        if (*p != '#')
            break;
        while (*p && *p != '\n')
            p++;
    }
    if (!*p)
        return 0;
    t->p = p;
    if (*p == '"' || *p == '\'') {
        char q = *p;
        int longq = p[1] == q && p[2] == q;
        p += longq ? 3 : 1;
        while (*p) {
            if (*p == '\\' && p[1]) {
                p += 2;
                continue;
            }
            if (*p == q && (!longq || (p[1] == q && p[2] == q))) {
                p += longq ? 3 : 1;
                break;
            }
            if (!longq && *p == '\n')
                break;
            p++;
        }
        t->kind = 's';
    } else if (*p == '<') {
        const char *e = p + 1;
        while (*e && *e != '>' && !isspace((unsigned char)*e) &&
               !strchr("<\"{}|^`", *e))
            e++;
        if (*e == '>') {
            p = e + 1;
            t->kind = 'i';
        } else {
            p++;
            t->kind = 'p';
        }
    } else if ((*p == '?' || *p == '$') &&
               kg_graph__name_char((unsigned char)p[1])) {
        p++;
        /* rasqal's VARNAME ends at ':' and at a '.' ending a triple */
        while (kg_graph__name_char((unsigned char)*p) && *p != ':' &&
               *p != '.')
            p++;
        t->kind = 'v';
    } else if (isdigit((unsigned char)*p)) {
        while (isalnum((unsigned char)*p) || *p == '.')
            p++;
        t->kind = 'n';
    } else if (kg_graph__name_char((unsigned char)*p)) {
        while (kg_graph__name_char((unsigned char)*p))
            p++;
        /* A trailing '.' ends a triple, it is not part of the name. */
        while (p > t->p + 1 && p[-1] == '.')
            p--;
        t->kind = 'w';
    } else {
        p++;
        t->kind = 'p';
    }
    t->len = (size_t)(p - t->p);
    *pp = p;
    return 1;
}

int kg_graph__is_word(const kg_graph__token *t, const char *w)
{
    size_t n = strlen(w);
    size_t i;

    if (t->kind != 'w' || t->len != n)
        return 0;
    for (i = 0; i < n; i++)
        if (toupper((unsigned char)t->p[i]) != w[i])
            return 0;
    return 1;
}

int kg_graph__is_punct(const kg_graph__token *t, char c)
{
    return t->kind == 'p' && t->p[0] == c;
}

int kg_graph__declares(const char *sparql, const char *name)
{
    const char *p = sparql;
    kg_graph__token t, u;
    size_t n = strlen(name);

    while (kg_graph__next_token(&p, &t))
        if (kg_graph__is_word(&t, "PREFIX") && kg_graph__next_token(&p, &u) &&
            u.kind == 'w' && u.len == n + 1 && strncmp(u.p, name, n) == 0 &&
            u.p[n] == ':')
            return 1;
    return 0;
}

int kg_graph__names_graphs(const char *sparql)
{
    const char *p = sparql;
    kg_graph__token t;

    while (kg_graph__next_token(&p, &t))
        if (kg_graph__is_word(&t, "GRAPH") || kg_graph__is_word(&t, "FROM"))
            return 1;
    return 0;
}

const char *kg_graph__group_end(const char *open)
{
    const char *p = open;
    kg_graph__token t;
    int depth = 0;

    while (kg_graph__next_token(&p, &t)) {
        if (kg_graph__is_punct(&t, '{'))
            depth++;
        else if (kg_graph__is_punct(&t, '}') && --depth == 0)
            return p;
    }
    return NULL;
}

int kg_graph__is_aggregate(const kg_graph__token *t)
{
    static const char *const names[] = {"COUNT", "SUM", "AVG", "MIN",
                                         "MAX", "SAMPLE", "GROUP_CONCAT"};
    size_t i;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (kg_graph__is_word(t, names[i]))
            return 1;
    return 0;
}

const char *kg_graph__paren_end(const char *p, const char **close)
{
    kg_graph__token t;
    int depth = 1;

    while (kg_graph__next_token(&p, &t)) {
        depth += kg_graph__is_punct(&t, '(') - kg_graph__is_punct(&t, ')');
        if (depth == 0) {
            *close = t.p;
            return p;
        }
    }
    return NULL;
}

int kg_graph__rewrite_calls(kg_buf *out, const char *text,
                            kg_graph__call_rewriter rewrite, void *user)
{
    const char *p = text, *copied = text;
    kg_graph__token t, u;
    int changed = 0, rc;

    while (kg_graph__next_token(&p, &t)) {
        const char *q = p, *arg, *close, *end;
        size_t at = out->size;

        if (t.kind != 'w' || !kg_graph__next_token(&q, &u) ||
            !kg_graph__is_punct(&u, '('))
            continue;
        arg = q;
        if ((end = kg_graph__paren_end(arg, &close)) == NULL)
            break; /* unbalanced: it parsed, so this cannot happen */
        if (kg_buf_put(out, copied, (size_t)(t.p - copied)) < 0)
            return KG_ENOMEM;
        if ((rc = rewrite(out, &t, arg, close, user)) < 0)
            return rc;
        if (rc == 0) {
            out->size = at; /* left as it is: copied later */
            continue;
        }
        copied = p = end;
        changed = 1;
    }
    if (changed && kg_buf_puts(out, copied) < 0)
        return KG_ENOMEM;
    return changed;
}

const char *kg_graph__where_group(const char *text, const char **open)
{
    const char *p = text;
    kg_graph__token t;

    while (kg_graph__next_token(&p, &t))
        if (kg_graph__is_punct(&t, '{')) {
            *open = t.p;
            return kg_graph__group_end(t.p);
        }
    return NULL;
}
