/*
 * having.c -- refuse a HAVING whose aggregate the SELECT list does not
 * compute.
 *
 * Why: rasqal 0.9.33 evaluates an aggregate of HAVING that is not also in
 * the SELECT list as a plain expression, which fails ("Aggregate
 * expressions cannot be evaluated in a general scalar expression", on
 * stderr only), so every group is dropped and the answer is silently
 * empty: "SELECT ?s { ?s ?p ?o } GROUP BY ?s HAVING (COUNT(*) > 1)" gave
 * no row (W3C agg-multiple-having). With (COUNT(*) AS ?n) in the SELECT
 * list the same HAVING is right. kg compares the aggregate calls of both,
 * token by token, and refuses the query with the fix rather than answer
 * nothing.
 *
 * SPDX-License-Identifier: MIT
 */
#include <ctype.h>
#include <string.h>

#include "having.h"
#include "lexer.h"

#define NOT_A_CALL 1

/* The aggregate call starting at token 't' (*pp just past it) as one
 * string of its tokens (the name in upper case) appended to 'out', with
 * a NUL after it; *pp past the call. 0, NOT_A_CALL or KG_ENOMEM. */
static int call_text(kg_buf *out, const char **pp, const kg_graph__token *t)
{
    const char *p = *pp;
    kg_graph__token u;
    size_t i, start = out->size;
    int depth = 0;

    for (i = 0; i < t->len; i++) {
        char c = (char)toupper((unsigned char)t->p[i]);
        if (kg_buf_put(out, &c, 1) < 0)
            return KG_ENOMEM;
    }
    do {
        if (!kg_graph__next_token(&p, &u)) {
            out->size = start; /* unbalanced: not one */
            return NOT_A_CALL;
        }
        depth += kg_graph__is_punct(&u, '(') - kg_graph__is_punct(&u, ')');
        if (kg_buf_put(out, u.p, u.len) < 0)
            return KG_ENOMEM;
    } while (depth > 0);
    *pp = p;
    return kg_buf_put(out, "", 1);
}

/* Nonzero when NUL-separated list 'calls' ('size' bytes) holds 'call'. */
static int listed(const kg_buf *calls, const char *call)
{
    size_t at = 0;

    while (at < calls->size) {
        if (strcmp(calls->ptr + at, call) == 0)
            return 1;
        at += strlen(calls->ptr + at) + 1;
    }
    return 0;
}

int kg_graph__check_having(const char *text, kg_error *err)
{
    const char *p = text, *open, *end;
    kg_graph__token t;
    kg_buf selected = KG_BUF_INIT, call = KG_BUF_INIT;
    int rc = 0, having = 0;

    if ((end = kg_graph__where_group(text, &open)) == NULL)
        return 0;
    /* the aggregates before the pattern: the SELECT list */
    while (kg_graph__next_token(&p, &t) && t.p < open)
        if (kg_graph__is_aggregate(&t) &&
            (rc = call_text(&selected, &p, &t)) < 0)
            goto done;
    rc = 0;
    for (p = end; kg_graph__next_token(&p, &t);) {
        if (kg_graph__is_word(&t, "HAVING"))
            having = 1;
        else if (kg_graph__is_word(&t, "ORDER") ||
                 kg_graph__is_word(&t, "LIMIT") ||
                 kg_graph__is_word(&t, "OFFSET") ||
                 kg_graph__is_word(&t, "VALUES"))
            break;
        else if (having && kg_graph__is_aggregate(&t)) {
            kg_buf_clear(&call);
            if ((rc = call_text(&call, &p, &t)) < 0)
                goto done;
            if (rc == 0 && !listed(&selected, call.ptr)) {
                rc = kg_error_set(
                    err, KG_EUNSUPPORTED,
                    "HAVING uses %s, which the SELECT list does not "
                    "compute: rasqal then drops every group; add (%s AS "
                    "?name) to the SELECT list",
                    call.ptr, call.ptr);
                goto done;
            }
            rc = 0;
        }
    }
done:
    kg_buf_dispose(&selected);
    kg_buf_dispose(&call);
    return rc;
}
