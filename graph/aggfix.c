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
 * DISTINCT forms (refused, query.c) are left alone, and so is a bare
 * variable when nothing in the pattern can leave it unbound (no
 * OPTIONAL, UNION, BIND, VALUES, GRAPH, MINUS, sub-query): there rasqal's
 * own aggregate is right, and faster (who-met-whom at 1M: 0.05 s).
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
 * match them. Only queries where one function has two different calls
 * are numbered.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>
#include <strings.h>

#include "aggfix.h"
#include "lexer.h"

#define ONE_IF_VALUE "COALESCE(IF(ISBLANK(%.*s), 1, 1), 0)"

/* COUNT(e), AVG(e) and SUM(e) as above; 0 for any other call. */
static int fix_count(kg_buf *out, const kg_graph__token *name,
                     const char *arg, const char *close, void *user)
{
    const char *q = arg;
    kg_graph__token u, v;
    int n = (int)(close - arg), all_bound = *(const int *)user;

    if (!kg_graph__next_token(&q, &u) || kg_graph__is_punct(&u, '*') ||
        kg_graph__is_word(&u, "DISTINCT"))
        return 0;
    /* a variable every solution binds: rasqal's own is right, and faster */
    if (all_bound && u.kind == 'v' && !kg_graph__next_token(&q, &v))
        return 0;
    if (kg_graph__is_word(name, "COUNT"))
        return kg_buf_printf(out, "SUM(" ONE_IF_VALUE ")", n, arg) < 0
                   ? KG_ENOMEM
                   : 1;
    if (kg_graph__is_word(name, "SUM"))
        return kg_buf_printf(out,
                             "IF(SUM(" ONE_IF_VALUE ") = 0, 0, SUM(%.*s))", n,
                             arg, n, arg) < 0
                   ? KG_ENOMEM
                   : 1;
    if (kg_graph__is_word(name, "AVG"))
        return kg_buf_printf(out,
                             "IF(SUM(" ONE_IF_VALUE ") = 0, 0, "
                             "SUM(%.*s) / SUM(" ONE_IF_VALUE "))",
                             n, arg, n, arg, n, arg) < 0
                   ? KG_ENOMEM
                   : 1;
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

/* The numbering of number_call: the distinct calls seen (NUL-separated)
 * and their count. */
typedef struct numbering {
    kg_buf calls;
    int n;
} numbering;

/* Nonzero when two distinct calls in 'nb' name one function. */
static int merges(const numbering *nb)
{
    size_t a, b;

    for (a = 0; a < nb->calls.size; a += strlen(nb->calls.ptr + a) + 1)
        for (b = a + strlen(nb->calls.ptr + a) + 1; b < nb->calls.size;
             b += strlen(nb->calls.ptr + b) + 1) {
            size_t la = strcspn(nb->calls.ptr + a, "(");
            if (la == strcspn(nb->calls.ptr + b, "(") &&
                strncasecmp(nb->calls.ptr + a, nb->calls.ptr + b, la) == 0)
                return 1;
        }
    return 0;
}


/* An aggregate's argument 'e' as IF(true, e, k), k numbering the distinct
 * calls (see above); 0 for other calls and COUNT(*). */
static int number_call(kg_buf *out, const kg_graph__token *name,
                       const char *arg, const char *close, void *user)
{
    numbering *nb = user;
    const char *q = arg;
    kg_graph__token u;
    int k;

    if (!kg_graph__is_aggregate(name) || !kg_graph__next_token(&q, &u) ||
        kg_graph__is_punct(&u, '*'))
        return 0;
    if (!kg_graph__is_word(&u, "DISTINCT"))
        q = arg;
    if ((k = call_number(&nb->calls, &nb->n, name->p,
                         (size_t)(close + 1 - name->p))) == 0 ||
        kg_buf_put(out, name->p, (size_t)(q - name->p)) < 0 ||
        kg_buf_printf(out, "IF(true, %.*s, %d))", (int)(close - q), q, k) < 0)
        return KG_ENOMEM;
    return 1;
}

/* Nonzero when every solution of 'text' binds every variable of its
 * pattern: nothing in it leaves one unbound (OPTIONAL, UNION, BIND,
 * VALUES, GRAPH, MINUS, SERVICE, a sub-query). */
static int binds_all(const char *text)
{
    static const char *const partial[] = {"OPTIONAL", "UNION", "BIND",
                                          "VALUES", "GRAPH", "MINUS",
                                          "SERVICE"};
    const char *p = text;
    kg_graph__token t;
    size_t i;
    int selects = 0;

    while (kg_graph__next_token(&p, &t)) {
        for (i = 0; i < KG_ARRAY_SIZE(partial); i++)
            if (kg_graph__is_word(&t, partial[i]))
                return 0;
        if (kg_graph__is_word(&t, "SELECT") && ++selects > 1)
            return 0;
    }
    return 1;
}

/* The calls of each aggregate function with two or more different
 * arguments, which rasqal would merge: collected in 'nb' by a first pass
 * that rewrites nothing. */
static int collect_call(kg_buf *out, const kg_graph__token *name,
                        const char *arg, const char *close, void *user)
{
    numbering *nb = user;

    (void)out;
    (void)arg;
    if (kg_graph__is_aggregate(name) &&
        call_number(&nb->calls, &nb->n, name->p,
                    (size_t)(close + 1 - name->p)) == 0)
        return KG_ENOMEM;
    return 0;
}

int kg_graph__fix_aggregates(kg_buf *out, const char *text)
{
    kg_buf counted = KG_BUF_INIT, unused = KG_BUF_INIT;
    numbering nb = {KG_BUF_INIT, 0};
    int all_bound = binds_all(text);
    int rc = kg_graph__rewrite_calls(&counted, text, fix_count, &all_bound);
    const char *now = rc == 1 ? counted.ptr : text;

    if (rc >= 0)
        rc = kg_graph__rewrite_calls(&unused, now, collect_call, &nb);
    if (rc >= 0 && merges(&nb)) {
        kg_buf_clear(&nb.calls);
        nb.n = 0;
        rc = kg_graph__rewrite_calls(out, now, number_call, &nb);
    } else if (rc >= 0 && now == counted.ptr) {
        rc = kg_buf_puts(out, now) < 0 ? KG_ENOMEM : 1;
    }
    kg_buf_dispose(&counted);
    kg_buf_dispose(&unused);
    kg_buf_dispose(&nb.calls);
    return rc;
}
