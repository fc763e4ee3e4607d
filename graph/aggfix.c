/*
 * aggfix.c -- COUNT(e) and AVG(e) rewritten so that rows where 'e' is
 * unbound or an error do not count.
 *
 * Why: SPARQL aggregates over the values of 'e' and leaves out the rows
 * where 'e' has none (an unbound variable, an error). rasqal 0.9.33 drops
 * the value but still counts the row (rasqal_rowsource_aggregation.c
 * steps with an empty list), so COUNT(?d) counted every row: on the
 * sample articles "?e a kg:Meeting OPTIONAL { ?e schema:startDate ?d }"
 * gave COUNT(?d) 11 where 8 meetings have a date, and AVG divided by the
 * same wrong count (roqet agrees with kg; rdflib and SPARQL do not). SUM,
 * MIN, MAX, SAMPLE and GROUP_CONCAT skip such rows correctly. So kg
 * rewrites
 *
 *   COUNT(e)  as  SUM(COALESCE(IF(ISBLANK(e), 1, 1), 0))
 *   AVG(e)    as  (SUM(e) / SUM(COALESCE(IF(ISBLANK(e), 1, 1), 0)))
 *
 * ISBLANK(e) is an error exactly when 'e' is, IF passes the error on and
 * COALESCE turns it into 0: each row adds 1 when 'e' has a value, else 0.
 * COUNT(*) and the DISTINCT forms (refused, query.c) are left alone. An
 * AVG over no value at all divides by zero: unbound, where SPARQL says 0.
 *
 * SPDX-License-Identifier: MIT
 */
#include "aggfix.h"
#include "lexer.h"

#define ONE_IF_VALUE "COALESCE(IF(ISBLANK(%.*s), 1, 1), 0)"

int kg_graph__fix_aggregates(kg_buf *out, const char *text)
{
    const char *p = text, *copied = text;
    kg_graph__token t, u;
    int changed = 0;

    while (kg_graph__next_token(&p, &t)) {
        const char *q = p, *arg, *close;
        int count = kg_graph__is_word(&t, "COUNT"), depth = 1;

        if ((!count && !kg_graph__is_word(&t, "AVG")) ||
            !kg_graph__next_token(&q, &u) || !kg_graph__is_punct(&u, '('))
            continue;
        arg = q;
        if (!kg_graph__next_token(&q, &u) || kg_graph__is_punct(&u, '*') ||
            kg_graph__is_word(&u, "DISTINCT"))
            continue;
        q = arg;
        close = NULL;
        while (depth > 0 && kg_graph__next_token(&q, &u)) {
            depth += kg_graph__is_punct(&u, '(') - kg_graph__is_punct(&u, ')');
            close = u.p;
        }
        if (depth > 0)
            break; /* unbalanced: it parsed, so this cannot happen */
        if (kg_buf_put(out, copied, (size_t)(t.p - copied)) < 0 ||
            (count ? kg_buf_printf(out, "SUM(" ONE_IF_VALUE ")",
                                   (int)(close - arg), arg)
                   : kg_buf_printf(out, "(SUM(%.*s) / SUM(" ONE_IF_VALUE "))",
                                   (int)(close - arg), arg,
                                   (int)(close - arg), arg)) < 0)
            return KG_ENOMEM;
        copied = p = q;
        changed = 1;
    }
    if (changed && kg_buf_puts(out, copied) < 0)
        return KG_ENOMEM;
    return changed;
}
