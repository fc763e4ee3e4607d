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

static int wrap_bind(kg_buf *out, const kg_graph__token *name,
                     const char *arg, const char *close, void *user)
{
    (void)arg;
    (void)user;
    if (!kg_graph__is_word(name, "BIND"))
        return 0;
    return kg_buf_printf(out, "OPTIONAL { %.*s }",
                         (int)(close + 1 - name->p), name->p) < 0
               ? KG_ENOMEM
               : 1;
}

int kg_graph__fix_binds(kg_buf *out, const char *text)
{
    return kg_graph__rewrite_calls(out, text, wrap_bind, NULL);
}
