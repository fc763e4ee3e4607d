/*
 * validate.c -- refuse invalid SPARQL that rasqal 0.9.33 accepts, so that
 * a mistyped query gets an error rather than an answer to a meaningless
 * question.
 *
 * rasqal's grammar is looser than SPARQL's in places, and it skips most
 * of the checks SPARQL 1.1 makes after parsing (§18.2.1, §18.2.4.1,
 * §19.6). kg checks them on its own lexer's tokens (lexer.c), after
 * rasqal has parsed the text, so that each error names a line and column
 * of the caller's text:
 *
 * - a \u or \U escape in a string or IRI names a character: not half of
 *   a UTF-16 surrogate pair (U+D800 to U+DFFF), nor past U+10FFFF;
 * - each VALUES row has as many values as there are variables;
 * - a blank node label belongs to one basic graph pattern (§19.6): a
 *   group, OPTIONAL, UNION, GRAPH, MINUS, SERVICE, BIND or VALUES ends
 *   one, a FILTER does not; and a blank node is not an expression;
 * - in a query that groups (GROUP BY, an aggregate in the projection,
 *   HAVING), a projected variable, and a variable outside an aggregate in
 *   a projected expression, is grouped (§18.2.4.1), and SELECT * is not
 *   allowed;
 * - the variable of (expr AS ?v) in a projection is neither projected
 *   before nor in scope in the WHERE pattern, and the variable of BIND is
 *   not in scope in its group before the BIND (§18.2.1);
 * - a prefixed name with ':' in its local part ("ex:a:b", valid) is
 *   refused as unsupported: rasqal reads it as two names, which parse
 *   as a different query or not at all (kg_graph__misread_names, then
 *   called instead of reporting rasqal's syntax error).
 *
 * In scope are the variables of triple patterns, nested groups, GRAPH,
 * VALUES and BIND, not those of FILTER or MINUS; of a sub-query only the
 * ones it projects. The sets are fixed-size: past MAX_NAMES a rule is
 * skipped rather than applied wrongly.
 *
 * SPDX-License-Identifier: MIT
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kg_int.h"
#include "lexer.h"
#include "validate.h"

#define MAX_NAMES 256

/* A variable (name after '?' or '$') or blank node label, where it is in
 * the text, and the basic graph pattern it occurs in (labels only). */
typedef struct name {
    const char *p;
    size_t len;
    int bgp;
} name;

typedef struct names {
    name item[MAX_NAMES];
    size_t n;
    int overflow; /* some names were not kept: "not in" is unknown */
} names;

typedef struct checker {
    const char *text; /* the caller's query */
    const char *where;
    kg_error *err;
} checker;

/* What a SELECT projects and groups by (scan_select). */
typedef struct projection {
    names plain;    /* ?v */
    names aliases;  /* (expr AS ?v) */
    names free;     /* variables outside aggregates in those expressions */
    names grouped;  /* GROUP BY ?v, GROUP BY (expr AS ?v) */
    names pattern;  /* in scope in the WHERE pattern */
    const char *star;
    int groups;     /* GROUP BY, HAVING or an aggregate */
} projection;

/* Line and column (in characters, from 1) of 'at' in 'text'. */
static void position(const char *text, const char *at, int *line,
                     int *column)
{
    const char *p;

    *line = 1;
    *column = 1;
    for (p = text; p < at; p++) {
        if (*p == '\n') {
            (*line)++;
            *column = 1;
        } else if (((unsigned char)*p & 0xC0) != 0x80) {
            (*column)++; /* not a UTF-8 continuation byte */
        }
    }
}

static int refuse(checker *c, int code, const char *at, const char *fmt,
                  ...)
{
    char msg[256];
    va_list ap;
    int line, column;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    position(c->text, at, &line, &column);
    kg_error_set(c->err, code, "%s", msg);
    kg_error_locate(c->err, c->where, line, column);
    return code;
}

static int nomem(checker *c)
{
    return kg_error_set(c->err, KG_ENOMEM, "out of memory");
}

/* ---------------------------------------------------------------------
 * Sets of names
 */

static const name *find(const names *s, const char *p, size_t len)
{
    size_t i;

    for (i = 0; i < s->n; i++)
        if (s->item[i].len == len && memcmp(s->item[i].p, p, len) == 0)
            return &s->item[i];
    return NULL;
}

static void add(names *s, const char *p, size_t len, int bgp)
{
    if (find(s, p, len))
        return;
    if (s->n == MAX_NAMES) {
        s->overflow = 1;
        return;
    }
    s->item[s->n].p = p;
    s->item[s->n].len = len;
    s->item[s->n].bgp = bgp;
    s->n++;
}

static void add_var(names *s, const kg_graph__token *t)
{
    add(s, t->p + 1, t->len - 1, 0);
}

static const name *find_var(const names *s, const kg_graph__token *t)
{
    return find(s, t->p + 1, t->len - 1);
}

static void merge(names *to, const names *from)
{
    size_t i;

    for (i = 0; i < from->n; i++)
        add(to, from->item[i].p, from->item[i].len, 0);
    to->overflow |= from->overflow;
}

/* Past the ')' closing the '(' just read from '*pp'. */
static void skip_parens(const char **pp)
{
    kg_graph__token t;
    int depth = 1;

    while (depth > 0 && kg_graph__next_token(pp, &t))
        depth += kg_graph__is_punct(&t, '(') - kg_graph__is_punct(&t, ')');
}

/* Past the '}' closing the '{' just read from '*pp'. */
static void skip_braces(const char **pp)
{
    kg_graph__token t;
    int depth = 1;

    while (depth > 0 && kg_graph__next_token(pp, &t))
        depth += kg_graph__is_punct(&t, '{') - kg_graph__is_punct(&t, '}');
}

static int is_one_of(const kg_graph__token *t, const char *const *words)
{
    for (; *words; words++)
        if (kg_graph__is_word(t, *words))
            return 1;
    return 0;
}

static const char *const aggregates[] = {
    "COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT", NULL};

/* ---------------------------------------------------------------------
 * Escapes, prefixed names, VALUES rows
 */

static int check_escapes(checker *c, const kg_graph__token *t)
{
    char hex[9];
    size_t i, k, n;
    unsigned long cp;

    for (i = 0; i + 1 < t->len; i++) {
        if (t->p[i] != '\\')
            continue;
        n = t->p[i + 1] == 'u' ? 4 : t->p[i + 1] == 'U' ? 8 : 0;
        for (k = 0; k < n && i + 2 + k < t->len &&
                    isxdigit((unsigned char)t->p[i + 2 + k]);
             k++)
            hex[k] = t->p[i + 2 + k];
        if (n && k == n) {
            hex[n] = '\0';
            cp = strtoul(hex, NULL, 16);
            if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
                return refuse(c, KG_EPARSE, t->p + i,
                              "\\%c%s is not a character (a surrogate or "
                              "past U+10FFFF); write the character itself "
                              "or its full code point",
                              t->p[i + 1], hex);
        }
        i++; /* the escaped character */
    }
    return 0;
}

static int check_pname(checker *c, const kg_graph__token *t)
{
    const char *colon = memchr(t->p, ':', t->len);

    if (t->kind != 'w' || !colon ||
        !memchr(colon + 1, ':', t->len - (size_t)(colon + 1 - t->p)))
        return 0;
    return refuse(c, KG_EUNSUPPORTED, t->p,
                  "'%.*s' has ':' in its local name, which rasqal reads as "
                  "two names; write the IRI in full",
                  (int)t->len, t->p);
}

/* The next token of a VALUES row; an exponent's sign stays in its number
 * ("1e-5" is one value, kg's lexer ends the number at the sign). */
static int next_value(const char **pp, kg_graph__token *t)
{
    const char *p;

    if (!kg_graph__next_token(pp, t))
        return 0;
    if (t->kind == 'n' && strchr("eE", t->p[t->len - 1]) &&
        (**pp == '+' || **pp == '-')) {
        for (p = *pp + 1; isdigit((unsigned char)*p); p++)
            ;
        t->len = (size_t)(p - t->p);
        *pp = p;
    }
    return 1;
}

/* The rows of "VALUES (?a ?b) { (1 2) ... }", 'p' after VALUES. */
static int check_values(checker *c, const char *p)
{
    kg_graph__token t;
    const char *open;
    int vars = 0, values, suffix;

    if (!kg_graph__next_token(&p, &t) || !kg_graph__is_punct(&t, '('))
        return 0; /* one variable: one value per row */
    while (kg_graph__next_token(&p, &t) && t.kind == 'v')
        vars++;
    if (!kg_graph__is_punct(&t, ')') || !kg_graph__next_token(&p, &t) ||
        !kg_graph__is_punct(&t, '{'))
        return 0;
    while (next_value(&p, &t) && kg_graph__is_punct(&t, '(')) {
        open = t.p;
        values = 0;
        suffix = 0;
        while (next_value(&p, &t) && !kg_graph__is_punct(&t, ')')) {
            if (t.kind == 'p') {
                /* "^^" and '@' start a literal's datatype or language,
                 * part of the value before them; '+' signs a number */
                suffix = t.p[0] == '^' || t.p[0] == '@';
                continue;
            }
            values += !suffix;
            suffix = 0;
        }
        if (values != vars)
            return refuse(c, KG_EPARSE, open,
                          "this VALUES row has %d value%s for %d "
                          "variable%s",
                          values, values == 1 ? "" : "s", vars,
                          vars == 1 ? "" : "s");
    }
    return 0;
}

static int check_tokens(checker *c)
{
    const char *p = c->text;
    kg_graph__token t;
    int rc = 0;

    while (rc == 0 && kg_graph__next_token(&p, &t)) {
        if (t.kind == 's' || t.kind == 'i')
            rc = check_escapes(c, &t);
        else if (kg_graph__is_word(&t, "VALUES"))
            rc = check_values(c, p);
        else
            rc = check_pname(c, &t);
    }
    return rc;
}

/* ---------------------------------------------------------------------
 * Blank node labels
 */

static int is_label(const kg_graph__token *t)
{
    return t->kind == 'w' && t->len > 2 && t->p[0] == '_' && t->p[1] == ':';
}

static int label_in_expression(checker *c, const kg_graph__token *t)
{
    return refuse(c, KG_EPARSE, t->p,
                  "blank node %.*s used as a value; blank nodes belong in "
                  "triple patterns, use a variable",
                  (int)t->len, t->p);
}

/* The expression after FILTER, BIND or HAVING: "( ... )" or a call. A
 * group inside (EXISTS) ends the check: its labels are triple patterns. */
static int expression_labels(checker *c, const char **pp)
{
    kg_graph__token t;
    const char *q = *pp;
    int depth = 0;

    if (kg_graph__next_token(&q, &t) && t.kind == 'w' &&
        !kg_graph__is_word(&t, "NOT") && !kg_graph__is_word(&t, "EXISTS"))
        *pp = q; /* a function name */
    for (q = *pp; kg_graph__next_token(&q, &t); *pp = q) {
        if (kg_graph__is_punct(&t, '{'))
            return 0; /* left for the caller to count */
        if (is_label(&t))
            return label_in_expression(c, &t);
        depth += kg_graph__is_punct(&t, '(') - kg_graph__is_punct(&t, ')');
        if (depth <= 0) {
            *pp = q;
            return 0;
        }
    }
    return 0;
}

static int check_labels(checker *c, names *labels)
{
    static const char *const breaks[] = {"OPTIONAL", "MINUS",  "GRAPH",
                                         "SERVICE",  "UNION",  "VALUES",
                                         "BIND",     NULL};
    const char *p = c->text, *q;
    kg_graph__token t, u;
    int depth = 0, bgp = 0, bgps = 0, rc = 0;
    const name *seen;

    while (rc == 0 && kg_graph__next_token(&p, &t)) {
        if (kg_graph__is_word(&t, "CONSTRUCT")) {
            q = p;
            /* a template's labels name new nodes, not pattern nodes */
            if (kg_graph__next_token(&q, &u) && kg_graph__is_punct(&u, '{')) {
                p = q;
                skip_braces(&p);
            }
            continue;
        }
        if (kg_graph__is_punct(&t, '{') || kg_graph__is_punct(&t, '}')) {
            depth += kg_graph__is_punct(&t, '{') ? 1 : -1;
            bgp = ++bgps;
        } else if (is_one_of(&t, breaks)) {
            bgp = ++bgps;
        }
        if (kg_graph__is_word(&t, "FILTER") || kg_graph__is_word(&t, "BIND") ||
            kg_graph__is_word(&t, "HAVING")) {
            rc = expression_labels(c, &p);
        } else if (is_label(&t) && depth <= 0) {
            rc = label_in_expression(c, &t);
        } else if (is_label(&t)) {
            seen = find(labels, t.p, t.len);
            if (seen && seen->bgp != bgp) {
                /* no position of the first use: an update's WHERE is
                 * checked inside a SELECT built around it (update.c) */
                rc = refuse(c, KG_EPARSE, t.p,
                            "blank node label %.*s is used before, in "
                            "another basic graph pattern; a label names a "
                            "node in one pattern only, use a variable to "
                            "join patterns",
                            (int)t.len, t.p);
            } else {
                add(labels, t.p, t.len, bgp);
            }
        }
    }
    return rc;
}

/* ---------------------------------------------------------------------
 * Grouping and the scope of AS
 */

static int scan_group(checker *c, const char **pp, names *out);

/* One "( expr AS ?v )" of a projection, '(' read. */
static int projected_expression(checker *c, const char **pp, projection *s)
{
    kg_graph__token t, v;
    const char *q;
    int depth = 1;

    while (depth > 0 && kg_graph__next_token(pp, &t)) {
        depth += kg_graph__is_punct(&t, '(') - kg_graph__is_punct(&t, ')');
        q = *pp;
        if (is_one_of(&t, aggregates) && kg_graph__next_token(&q, &v) &&
            kg_graph__is_punct(&v, '(')) {
            *pp = q;
            skip_parens(pp);
            s->groups = 1;
        } else if (kg_graph__is_word(&t, "AS") && depth == 1 &&
                   kg_graph__next_token(&q, &v) && v.kind == 'v') {
            *pp = q;
            if (find_var(&s->plain, &v) || find_var(&s->aliases, &v))
                return refuse(c, KG_EPARSE, v.p,
                              "%.*s is projected twice; name the "
                              "expression's result differently",
                              (int)v.len, v.p);
            add(&s->aliases, v.p + 1, v.len - 1, 0);
        } else if (t.kind == 'v' && !find_var(&s->aliases, &t)) {
            add(&s->free, t.p + 1, t.len - 1, 0);
        }
    }
    return 0;
}

/* GROUP BY's conditions, "GROUP BY" read. */
static void group_conditions(const char **pp, projection *s)
{
    kg_graph__token t, v;
    const char *q;
    int depth;

    s->groups = 1;
    for (;;) {
        q = *pp;
        if (!kg_graph__next_token(&q, &t))
            return;
        if (t.kind == 'v') {
            add_var(&s->grouped, &t);
        } else if (kg_graph__is_punct(&t, '(')) {
            for (depth = 1; depth > 0 && kg_graph__next_token(&q, &v);) {
                depth +=
                    kg_graph__is_punct(&v, '(') - kg_graph__is_punct(&v, ')');
                if (depth == 1 && kg_graph__is_word(&v, "AS") &&
                    kg_graph__next_token(&q, &v) && v.kind == 'v')
                    add_var(&s->grouped, &v);
            }
        } else if (t.kind == 'w' && !kg_graph__is_word(&t, "HAVING") &&
                   !kg_graph__is_word(&t, "ORDER") &&
                   !kg_graph__is_word(&t, "LIMIT") &&
                   !kg_graph__is_word(&t, "OFFSET") &&
                   !kg_graph__is_word(&t, "VALUES") &&
                   kg_graph__next_token(&q, &v) &&
                   kg_graph__is_punct(&v, '(')) {
            skip_parens(&q); /* a call: groups by a value, not a variable */
        } else {
            return;
        }
        *pp = q;
    }
}

/* The solution modifiers after a SELECT's pattern, up to and past the '}'
 * ending a sub-query, or to the end. */
static void modifiers(const char **pp, projection *s)
{
    kg_graph__token t, u;
    const char *q;

    while (kg_graph__next_token(pp, &t)) {
        if (kg_graph__is_punct(&t, '}'))
            return;
        q = *pp;
        if (kg_graph__is_word(&t, "GROUP") && kg_graph__next_token(&q, &u) &&
            kg_graph__is_word(&u, "BY")) {
            *pp = q;
            group_conditions(pp, s);
        } else if (kg_graph__is_word(&t, "HAVING")) {
            s->groups = 1;
        } else if (kg_graph__is_punct(&t, '{')) {
            skip_braces(pp); /* VALUES data */
        }
    }
}

static int check_grouping(checker *c, const projection *s)
{
    size_t i;

    if (!s->groups || s->grouped.overflow)
        return 0;
    if (s->star)
        return refuse(c, KG_EPARSE, s->star,
                      "SELECT * in a query that groups; project the "
                      "grouped variables and aggregates by name");
    for (i = 0; i < s->plain.n; i++)
        if (!find(&s->grouped, s->plain.item[i].p, s->plain.item[i].len))
            return refuse(c, KG_EPARSE, s->plain.item[i].p - 1,
                          "?%.*s is projected but neither grouped nor "
                          "aggregated; add it to GROUP BY or use "
                          "SAMPLE(?%.*s)",
                          (int)s->plain.item[i].len, s->plain.item[i].p,
                          (int)s->plain.item[i].len, s->plain.item[i].p);
    for (i = 0; i < s->free.n; i++)
        if (!find(&s->grouped, s->free.item[i].p, s->free.item[i].len))
            return refuse(c, KG_EPARSE, s->free.item[i].p - 1,
                          "?%.*s is used outside an aggregate but is not "
                          "grouped; add it to GROUP BY or aggregate it",
                          (int)s->free.item[i].len, s->free.item[i].p);
    return 0;
}

/* A SELECT, the keyword read: its projection, pattern and modifiers are
 * checked, the variables it projects added to 'out'. */
static int scan_select(checker *c, const char **pp, names *out)
{
    projection *s = kg__calloc(1, sizeof(*s));
    kg_graph__token t;
    const char *q;
    size_t i;
    int rc = 0;

    if (!s)
        return nomem(c);
    for (q = *pp; kg_graph__next_token(&q, &t); *pp = q) {
        if (kg_graph__is_punct(&t, '*'))
            s->star = t.p;
        else if (t.kind == 'v')
            add_var(&s->plain, &t);
        else if (kg_graph__is_punct(&t, '(')) {
            if ((rc = projected_expression(c, &q, s)) < 0)
                goto done;
        } else if (!kg_graph__is_word(&t, "DISTINCT") &&
                   !kg_graph__is_word(&t, "REDUCED"))
            break;
    }
    while (kg_graph__next_token(pp, &t) && !kg_graph__is_punct(&t, '{'))
        ; /* WHERE, FROM */
    if ((rc = scan_group(c, pp, &s->pattern)) < 0)
        goto done;
    for (i = 0; i < s->aliases.n; i++)
        if (find(&s->pattern, s->aliases.item[i].p, s->aliases.item[i].len)) {
            rc = refuse(c, KG_EPARSE, s->aliases.item[i].p - 1,
                        "?%.*s is assigned by AS but is already bound in "
                        "the pattern; name the result differently",
                        (int)s->aliases.item[i].len, s->aliases.item[i].p);
            goto done;
        }
    modifiers(pp, s);
    if ((rc = check_grouping(c, s)) < 0)
        goto done;
    if (s->star)
        merge(out, &s->pattern);
    merge(out, &s->plain);
    merge(out, &s->aliases);
done:
    kg__free(s);
    return rc;
}

/* BIND ( expr AS ?v ), BIND read; 'out' is what its group binds before. */
static int bind(checker *c, const char **pp, names *out)
{
    kg_graph__token t, v;
    const char *q;
    int depth = 0;

    while (kg_graph__next_token(pp, &t)) {
        depth += kg_graph__is_punct(&t, '(') - kg_graph__is_punct(&t, ')');
        if (depth <= 0)
            return 0;
        q = *pp;
        if (depth == 1 && kg_graph__is_word(&t, "AS") &&
            kg_graph__next_token(&q, &v) && v.kind == 'v') {
            *pp = q;
            if (find_var(out, &v))
                return refuse(c, KG_EPARSE, v.p,
                              "%.*s is assigned by BIND but is already "
                              "bound before it in the group; name the "
                              "result differently",
                              (int)v.len, v.p);
            add_var(out, &v);
        }
    }
    return 0;
}

/* A FILTER's constraint, FILTER read: its variables bind nothing; a
 * group in it (EXISTS) is checked on its own. */
static int filter(checker *c, const char **pp)
{
    kg_graph__token t;
    names *inner;
    int rc;

    while (kg_graph__next_token(pp, &t)) {
        if (kg_graph__is_punct(&t, '(')) {
            skip_parens(pp);
            return 0;
        }
        if (kg_graph__is_punct(&t, '{')) {
            if ((inner = kg__calloc(1, sizeof(*inner))) == NULL)
                return nomem(c);
            rc = scan_group(c, pp, inner);
            kg__free(inner);
            return rc;
        }
    }
    return 0;
}

/* A group, '{' read, up to and past its '}': the variables in scope in it
 * are added to 'out', BINDs checked against those before them. */
static int scan_group(checker *c, const char **pp, names *out)
{
    kg_graph__token t;
    names *inner = NULL;
    int minus = 0, rc = 0;

    while (rc == 0 && kg_graph__next_token(pp, &t)) {
        if (kg_graph__is_punct(&t, '}'))
            break;
        if (kg_graph__is_punct(&t, '{')) {
            if (!inner && (inner = kg__malloc(sizeof(*inner))) == NULL) {
                rc = nomem(c);
                break;
            }
            memset(inner, 0, sizeof(*inner));
            rc = scan_group(c, pp, inner);
            if (!minus) /* MINUS binds nothing */
                merge(out, inner);
        } else if (kg_graph__is_word(&t, "SELECT")) {
            rc = scan_select(c, pp, out); /* it reads the group's '}' */
            break;
        } else if (kg_graph__is_word(&t, "FILTER")) {
            rc = filter(c, pp);
        } else if (kg_graph__is_word(&t, "BIND")) {
            rc = bind(c, pp, out);
        } else if (kg_graph__is_word(&t, "VALUES")) {
            while (kg_graph__next_token(pp, &t) && !kg_graph__is_punct(&t, '{'))
                if (t.kind == 'v')
                    add_var(out, &t);
            skip_braces(pp);
        } else if (t.kind == 'v') {
            add_var(out, &t);
        }
        minus = kg_graph__is_word(&t, "MINUS");
    }
    kg__free(inner);
    return rc;
}

static int check_scopes(checker *c)
{
    const char *p = c->text;
    kg_graph__token t;
    names *top;
    int rc = 0;

    if ((top = kg__malloc(sizeof(*top))) == NULL)
        return nomem(c);
    while (rc == 0 && kg_graph__next_token(&p, &t)) {
        memset(top, 0, sizeof(*top));
        if (kg_graph__is_word(&t, "SELECT"))
            rc = scan_select(c, &p, top);
        else if (kg_graph__is_punct(&t, '{')) /* ASK, CONSTRUCT, DESCRIBE */
            rc = scan_group(c, &p, top);
    }
    kg__free(top);
    return rc;
}

int kg_graph__misread_names(const char *sparql, const char *where,
                            kg_error *err)
{
    const char *p = sparql;
    kg_graph__token t;
    checker c;
    int rc = 0;

    c.text = sparql;
    c.where = where;
    c.err = err;
    while (rc == 0 && kg_graph__next_token(&p, &t))
        rc = check_pname(&c, &t);
    return rc;
}

int kg_graph__validate(const char *sparql, const char *where, kg_error *err)
{
    checker c;
    names *labels;
    int rc;

    c.text = sparql;
    c.where = where;
    c.err = err;
    if ((rc = check_tokens(&c)) < 0)
        return rc;
    if ((labels = kg__calloc(1, sizeof(*labels))) == NULL)
        return nomem(&c);
    rc = check_labels(&c, labels);
    kg__free(labels);
    if (rc < 0)
        return rc;
    return check_scopes(&c);
}
