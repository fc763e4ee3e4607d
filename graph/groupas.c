/*
 * groupas.c -- GROUP BY (expression AS ?var) rewritten as a BIND.
 *
 * Why: rasqal 0.9.33 groups wrongly by an expression with AS. On the
 * sample articles "SELECT ?y (COUNT(*) AS ?n) { ?e schema:startDate ?d }
 * GROUP BY (YEAR(?d) AS ?y)" counted 37 where there are 19 dates, and the
 * W3C tests group04 and agg-group-fn gave one group or unbound keys. The
 * same grouping written "{ ... BIND(YEAR(?d) AS ?y) } GROUP BY ?y" is
 * right, and it is what SPARQL defines GROUP BY (e AS ?v) to be: the
 * pattern's solutions extended with ?v, grouped by ?v. So kg rewrites the
 * text: each "(e AS ?v)" of the top-level GROUP BY becomes "?v", and
 * "BIND(e AS ?v)" closes the WHERE pattern. Sub-queries with GROUP BY are
 * refused before (query.c).
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "groupas.h"
#include "lexer.h"

/* One "(e AS ?v)" of the GROUP BY: the whole item, e and ?v. */
typedef struct item {
    const char *start, *end;   /* '(' .. just past ')' */
    const char *expr, *expr_end;
    kg_graph__token var;
} item;

#define MAX_ITEMS 32

/* Parse the item that starts at '(' token 'open' (p just past it): 1 when
 * it is "(e AS ?v)", with 'it' filled; 0 otherwise; *pp past the ')'. */
static int group_item(const char **pp, const kg_graph__token *open, item *it)
{
    const char *p = *pp, *as = NULL;
    kg_graph__token t;
    int depth = 1, after_as = 0;

    while (depth > 0 && kg_graph__next_token(&p, &t)) {
        depth += kg_graph__is_punct(&t, '(') - kg_graph__is_punct(&t, ')');
        if (depth == 1 && kg_graph__is_word(&t, "AS")) {
            as = t.p;
            after_as = 0;
        } else if (as && depth == 1) {
            after_as++;
            it->var = t;
        }
    }
    *pp = p;
    if (depth > 0 || !as || after_as != 1 || it->var.kind != 'v')
        return 0;
    it->start = open->p;
    it->end = p;
    it->expr = open->p + 1;
    it->expr_end = as;
    return 1;
}

int kg_graph__fix_group_as(kg_buf *out, const char *text)
{
    const char *p, *open, *end, *close, *copied;
    kg_graph__token t;
    item items[MAX_ITEMS];
    int n = 0, grouping = 0, i;

    if ((end = kg_graph__where_group(text, &open)) == NULL)
        return 0;
    close = end - 1; /* its '}' */
    p = end;
    while (kg_graph__next_token(&p, &t)) {
        if (kg_graph__is_word(&t, "GROUP")) {
            grouping = 1;
        } else if (kg_graph__is_word(&t, "HAVING") ||
                   kg_graph__is_word(&t, "ORDER") ||
                   kg_graph__is_word(&t, "LIMIT") ||
                   kg_graph__is_word(&t, "OFFSET") ||
                   kg_graph__is_word(&t, "VALUES")) {
            break;
        } else if (grouping && kg_graph__is_punct(&t, '(')) {
            kg_graph__token paren = t;
            if (group_item(&p, &paren, &items[n]) && ++n == MAX_ITEMS)
                break;
        }
    }
    if (n == 0)
        return 0;
    if (kg_buf_put(out, text, (size_t)(close - text)) < 0)
        return KG_ENOMEM;
    for (i = 0; i < n; i++)
        if (kg_buf_printf(out, " BIND(%.*s AS %.*s)",
                          (int)(items[i].expr_end - items[i].expr),
                          items[i].expr, (int)items[i].var.len,
                          items[i].var.p) < 0)
            return KG_ENOMEM;
    copied = close;
    for (i = 0; i < n; i++) {
        if (kg_buf_put(out, copied, (size_t)(items[i].start - copied)) < 0 ||
            kg_buf_put(out, items[i].var.p, items[i].var.len) < 0)
            return KG_ENOMEM;
        copied = items[i].end;
    }
    if (kg_buf_puts(out, copied) < 0)
        return KG_ENOMEM;
    return 1;
}
