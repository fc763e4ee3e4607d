/*
 * emptygroup.c -- the row an aggregate SELECT without GROUP BY gives over
 * no solutions.
 *
 * Why: SPARQL groups all solutions into one group when a query aggregates
 * without GROUP BY, so "SELECT (COUNT(*) AS ?n) WHERE { ... }" answers one
 * row, ?n = 0, when nothing matches. rasqal 0.9.33 answers no row at all,
 * which an analyst reads as "unknown" where the answer is "none" (measured:
 * kg remove's test counted the graphs of removed articles and got nothing).
 * kg adds that row itself at the end of an empty result (query.c): each
 * projected aggregate over the empty group, or an error when the
 * projection computes something kg does not evaluate here.
 *
 * With GROUP BY the answer over no solutions is no row at all (no group),
 * but rasqal 0.9.33 answers one row: group keys unbound, COUNT(*) 1
 * (measured with roqet too; W3C agg-empty-group-count-1). That row cannot
 * be told from a real one-row answer, so when a grouped query answers
 * exactly one row kg asks whether its pattern has any solution at all
 * (kg_graph__group_probe) and drops the row when it has none.
 *
 * SPDX-License-Identifier: MIT
 */
#include "emptygroup.h"
#include "lexer.h"

#define XSD_INTEGER "http://www.w3.org/2001/XMLSchema#integer"

static int is_aggregate(rasqal_op op)
{
    return op == RASQAL_EXPR_COUNT || op == RASQAL_EXPR_SUM ||
           op == RASQAL_EXPR_AVG || op == RASQAL_EXPR_MIN ||
           op == RASQAL_EXPR_MAX || op == RASQAL_EXPR_SAMPLE ||
           op == RASQAL_EXPR_GROUP_CONCAT;
}

static int find_aggregate(void *user_data, rasqal_expression *e)
{
    if (is_aggregate(e->op))
        *(int *)user_data = 1;
    return 0; /* visit everything */
}

static int has_aggregate(rasqal_expression *e)
{
    int found = 0;

    if (e)
        rasqal_expression_visit(e, find_aggregate, &found);
    return found;
}

/* The value of aggregate 'e' over no rows: a new node, or NULL with
 * *unbound set for MIN, MAX and SAMPLE. */
static librdf_node *empty_value(librdf_world *w, rasqal_expression *e,
                                int *unbound)
{
    librdf_uri *dt;
    librdf_node *n;

    *unbound = 0;
    switch (e->op) {
    case RASQAL_EXPR_COUNT:
    case RASQAL_EXPR_SUM:
    case RASQAL_EXPR_AVG:
        if ((dt = librdf_new_uri(w, (const unsigned char *)XSD_INTEGER)) ==
            NULL)
            return NULL;
        n = librdf_new_node_from_typed_literal(w, (const unsigned char *)"0",
                                               NULL, dt);
        librdf_free_uri(dt);
        return n;
    case RASQAL_EXPR_GROUP_CONCAT:
        return librdf_new_node_from_literal(w, (const unsigned char *)"",
                                            NULL, 0);
    default:
        *unbound = 1;
        return NULL;
    }
}

int kg_graph__empty_group(kg_result *r, rasqal_query *q, raptor_sequence *seq,
                          int n)
{
    raptor_sequence *group = rasqal_query_get_group_conditions_sequence(q);
    raptor_sequence *having = rasqal_query_get_having_conditions_sequence(q);
    int i, any = 0, width = r->width;

    if (rasqal_query_get_verb(q) != RASQAL_QUERY_VERB_SELECT ||
        (group && raptor_sequence_size(group) > 0))
        return 0;
    for (i = 0; i < n; i++) {
        rasqal_variable *v = raptor_sequence_get_at(seq, i);
        any |= has_aggregate(v ? v->expression : NULL);
    }
    if (!any)
        return 0;
    if ((having && raptor_sequence_size(having) > 0) || n != width) {
        r->empty_group_unsupported = 1;
        return 0;
    }
    if ((r->empty_group = kg__calloc((size_t)width + 1,
                                     sizeof(*r->empty_group))) == NULL)
        return KG_ENOMEM;
    for (i = 0; i < width; i++) {
        rasqal_variable *v = raptor_sequence_get_at(seq, i);
        rasqal_expression *e = v ? v->expression : NULL;
        int unbound;

        if (!e || !is_aggregate(e->op)) {
            /* an expression around an aggregate, or a plain variable */
            r->empty_group_unsupported = 1;
            return 0;
        }
        r->empty_group[i] = empty_value(r->g->world, e, &unbound);
        if (!r->empty_group[i] && !unbound)
            return KG_ENOMEM;
    }
    return 0;
}

int kg_graph__group_probe(kg_buf *out, const char *text)
{
    const char *p = text, *select = NULL, *from = NULL, *open, *end,
               *values = NULL;
    kg_graph__token t;
    int grouped = 0;

    if ((end = kg_graph__where_group(text, &open)) == NULL)
        return 0;
    /* the prologue, SELECT and its projection, the dataset */
    while (kg_graph__next_token(&p, &t) && t.p < open) {
        if (!select && (kg_graph__is_word(&t, "CONSTRUCT") ||
                        kg_graph__is_word(&t, "ASK") ||
                        kg_graph__is_word(&t, "DESCRIBE")))
            return 0;
        if (!select && kg_graph__is_word(&t, "SELECT"))
            select = t.p;
        else if (select && !from && kg_graph__is_word(&t, "FROM"))
            from = t.p;
    }
    if (!select)
        return 0;
    if (!from)
        from = open;
    /* the solution modifiers: GROUP BY, and a VALUES block ending the
     * query, which constrains the pattern */
    p = end;
    while (kg_graph__next_token(&p, &t)) {
        if (kg_graph__is_word(&t, "GROUP"))
            grouped = 1;
        else if (kg_graph__is_word(&t, "VALUES")) {
            values = t.p;
            break;
        }
    }
    if (!grouped)
        return 0;
    if (kg_buf_put(out, text, (size_t)(select - text)) < 0 ||
        kg_buf_puts(out, "ASK ") < 0 ||
        kg_buf_put(out, from, (size_t)(end - from)) < 0 ||
        (values && (kg_buf_puts(out, "\n") < 0 ||
                    kg_buf_puts(out, values) < 0)))
        return KG_ENOMEM;
    return 1;
}
