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
 * same wrong count (roqet agrees with kg; rdflib and SPARQL do not). MIN,
 * MAX, SAMPLE and GROUP_CONCAT skip such rows correctly. So kg rewrites
 *
 *   COUNT(e)  as  SUM(N)
 *   AVG(e)    as  IF(SUM(N) = 0, 0, SUM(e) / SUM(N))
 *   SUM(e)    as  IF(SUM(N) = 0, 0, SUM(e))
 *
 * with N = COALESCE(IF(ISBLANK(e), 1, 1), 0): ISBLANK(e) is an error
 * exactly when 'e' is, IF passes the error on and COALESCE turns it into
 * 0, so each row adds 1 when 'e' has a value, else 0. SUM and AVG over no
 * value at all are 0 in SPARQL; rasqal left them unbound. COUNT(*) and the
 * DISTINCT forms (refused, query.c) are left alone.
 *
 * rasqal also merges two aggregates of one function whose arguments
 * differ only in their variables: it compares the arguments by the
 * variables' values, unbound when the query is prepared, so all look
 * equal. "SELECT (SUM(?v) AS ?a) (SUM(?w) AS ?b)" gave ?b the sum of ?v
 * (roqet too), MIN(?v) and MIN(?w) one minimum. So each aggregate's
 * argument 'e' becomes IF(true, e, k), with k numbering the distinct
 * calls in the text: IF(true, e, k) is 'e' (its error included), the
 * constants tell the calls apart, and the same call written twice (in
 * the SELECT list and in HAVING) keeps its one number, as rasqal needs to
 * match them.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "aggfix.h"
#include "lexer.h"

#define ONE_IF_VALUE "COALESCE(IF(ISBLANK(%.*s), 1, 1), 0)"

/* COUNT(e), AVG(e) and SUM(e) as above: 1 when 'out' holds the rewritten text. */
static int fix_counts(kg_buf *out, const char *text)
{
    const char *p = text, *copied = text;
    kg_graph__token t, u;
    int changed = 0;

    while (kg_graph__next_token(&p, &t)) {
        const char *q = p, *arg, *close;
        int count = kg_graph__is_word(&t, "COUNT"), depth = 1;
        int sum = kg_graph__is_word(&t, "SUM");

        if ((!count && !sum && !kg_graph__is_word(&t, "AVG")) ||
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
             : sum ? kg_buf_printf(out,
                                   "IF(SUM(" ONE_IF_VALUE ") = 0, 0, "
                                   "SUM(%.*s))",
                                   (int)(close - arg), arg,
                                   (int)(close - arg), arg)
                   : kg_buf_printf(out,
                                   "IF(SUM(" ONE_IF_VALUE ") = 0, 0, "
                                   "SUM(%.*s) / SUM(" ONE_IF_VALUE "))",
                                   (int)(close - arg), arg,
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

static const char *const aggregates[] = {"COUNT", "SUM", "AVG", "MIN",
                                         "MAX", "SAMPLE", "GROUP_CONCAT"};

static int is_aggregate(const kg_graph__token *t)
{
    size_t i;

    for (i = 0; i < KG_ARRAY_SIZE(aggregates); i++)
        if (kg_graph__is_word(t, aggregates[i]))
            return 1;
    return 0;
}

/* The number of call 'call' ('len' bytes) in NUL-separated list 'calls',
 * added when new (from 1); 0 when out of memory. */
static int call_number(kg_buf *calls, int *n, const char *call, size_t len)
{
    size_t at = 0;
    int k = 1;

    for (; at < calls->size; k++) {
        const char *c = calls->ptr + at;
        if (strlen(c) == len && memcmp(c, call, len) == 0)
            return k;
        at += strlen(c) + 1;
    }
    if (kg_buf_put(calls, call, len) < 0 || kg_buf_put(calls, "", 1) < 0)
        return 0;
    return ++*n;
}

/* Each aggregate's argument 'e' as IF(true, e, k), k numbering the
 * distinct calls (see below): 1 when 'out' holds the rewritten text. */
static int number_aggregates(kg_buf *out, const char *text)
{
    const char *p = text, *copied = text;
    kg_buf calls = KG_BUF_INIT;
    kg_graph__token t, u;
    int changed = 0, n = 0, rc = 0;

    while (kg_graph__next_token(&p, &t)) {
        const char *q = p, *arg, *arg_end = NULL, *close;
        int depth = 1, k;

        if (!is_aggregate(&t) || !kg_graph__next_token(&q, &u) ||
            !kg_graph__is_punct(&u, '('))
            continue;
        arg = q;
        if (!kg_graph__next_token(&q, &u) || kg_graph__is_punct(&u, '*'))
            continue;
        if (kg_graph__is_word(&u, "DISTINCT"))
            arg = q;
        else
            q = arg;
        close = NULL;
        while (depth > 0 && kg_graph__next_token(&q, &u)) {
            depth += kg_graph__is_punct(&u, '(') - kg_graph__is_punct(&u, ')');
            if (depth == 1 && !arg_end && kg_graph__is_punct(&u, ';'))
                arg_end = u.p; /* GROUP_CONCAT's "; SEPARATOR = ..." */
            close = u.p;
        }
        if (depth > 0)
            break; /* unbalanced: it parsed, so this cannot happen */
        if (!arg_end)
            arg_end = close;
        if ((k = call_number(&calls, &n, t.p, (size_t)(q - t.p))) == 0 ||
            kg_buf_put(out, copied, (size_t)(arg - copied)) < 0 ||
            kg_buf_printf(out, "IF(true, %.*s, %d)", (int)(arg_end - arg), arg,
                          k) < 0 ||
            kg_buf_put(out, arg_end, (size_t)(q - arg_end)) < 0) {
            rc = KG_ENOMEM;
            goto done;
        }
        copied = p = q;
        changed = 1;
    }
    if (changed && kg_buf_puts(out, copied) < 0)
        rc = KG_ENOMEM;
done:
    kg_buf_dispose(&calls);
    return rc < 0 ? rc : changed;
}

int kg_graph__fix_aggregates(kg_buf *out, const char *text)
{
    kg_buf counted = KG_BUF_INIT;
    int rc = fix_counts(&counted, text);

    if (rc >= 0)
        rc = number_aggregates(out, rc == 1 ? counted.ptr : text);
    kg_buf_dispose(&counted);
    return rc;
}
