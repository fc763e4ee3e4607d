/*
 * bindfix.c -- BIND(e AS ?v) keeps its row when e is an error.
 *
 * Why: SPARQL's BIND extends each row with ?v, and leaves ?v unbound when
 * 'e' is an error (§18.5, Extend). rasqal 0.9.33's assignment rowsource
 * makes no row at all then, so the row vanishes: on the sample articles
 * "?e schema:startDate ?d BIND(YEAR(?d) AS ?y)" kept 19 of 37 rows (the
 * others are gYear and gYearMonth dates), and GROUP BY (YEAR(?d) AS ?y),
 * which kg runs as such a BIND (groupas.c), lost the group of unbound
 * years that rdflib has. Written "OPTIONAL { BIND(e AS ?v) }", rasqal
 * evaluates 'e' on the same row (its joins are nested loops) and keeps
 * the row unextended when it fails: SPARQL's answer.
 *
 * SPDX-License-Identifier: MIT
 */
#include "bindfix.h"
#include "lexer.h"

int kg_graph__fix_binds(kg_buf *out, const char *text)
{
    const char *p = text, *copied = text;
    kg_graph__token t, u;
    int changed = 0;

    while (kg_graph__next_token(&p, &t)) {
        const char *q = p;
        int depth = 1;

        if (!kg_graph__is_word(&t, "BIND") || !kg_graph__next_token(&q, &u) ||
            !kg_graph__is_punct(&u, '('))
            continue;
        while (depth > 0 && kg_graph__next_token(&q, &u))
            depth += kg_graph__is_punct(&u, '(') - kg_graph__is_punct(&u, ')');
        if (depth > 0)
            break; /* unbalanced: it parsed, so this cannot happen */
        if (kg_buf_put(out, copied, (size_t)(t.p - copied)) < 0 ||
            kg_buf_printf(out, "OPTIONAL { %.*s }", (int)(q - t.p), t.p) < 0)
            return KG_ENOMEM;
        copied = p = q;
        changed = 1;
    }
    if (changed && kg_buf_puts(out, copied) < 0)
        return KG_ENOMEM;
    return changed;
}
