/*
 * scope.c -- refuse query shapes whose variable scoping kg's evaluation
 * gets wrong, instead of answering them wrongly.
 *
 * kg evaluates a query as rasqal does, by nested loops: a pattern runs once
 * per row of what precedes it, and kg's triples source (tsource.c) matches
 * a variable that already has a value as that constant. SPARQL defines
 * evaluation bottom up: each group, OPTIONAL and sub-query on its own,
 * then joined. The two agree except in the shapes refused here, each
 * measured against rdflib and the W3C tests:
 *
 * - GRAPH ?g where ?g may already be bound (by an earlier GRAPH ?g, a
 *   triple pattern, or the left side of an OPTIONAL). rasqal walks every
 *   named graph and sets ?g to each in turn (rasqal_rowsource_graph.c),
 *   whatever value it had, and leaves it at the last one: on three graphs
 *   "GRAPH ?g {A} OPTIONAL { GRAPH ?g {B} }" reported a wrong graph and a
 *   row twice, "GRAPH ?g {A} GRAPH ?g {B}" lost a row, "?x p ?g . GRAPH ?g
 *   {A}" gave none. GRAPH ?g first, with ?g used after it or inside the
 *   same block (OPTIONAL included), is right.
 * - An OPTIONAL in a nested group (a group, OPTIONAL or UNION branch run
 *   once per outer row) whose optional part uses a variable bound outside
 *   that group and not by the patterns before it inside the group. Nested
 *   loops hand the outer value to the optional part, so a row whose
 *   optional part fails with it is kept; SPARQL evaluates the group alone
 *   and then drops the rows that disagree with the outer value (W3C
 *   nested-opt-1, join-scope-1). In the query's top group, and for chains
 *   such as "A OPTIONAL {B} OPTIONAL {C}", the two agree.
 * - A sub-query that uses a variable which may be bound before it: the
 *   sub-query must not see that value (W3C subquery03, 11, 13).
 * - A FILTER in a nested group using a variable bound before the group
 *   and not inside it: SPARQL evaluates the group alone, so the variable
 *   is unbound there; nested loops let the outer value in. rasqal itself
 *   folds such a FILTER to false in a plain group or UNION branch (right),
 *   but not in an OPTIONAL inside an OPTIONAL: "?b :t ?t OPTIONAL { ?b :p
 *   ?p OPTIONAL { ?b :q ?q FILTER(?t = 1) } }" bound ?q where rdflib and
 *   SPARQL leave it unbound; "GRAPH ?g { FILTER(BOUND(?g)) }" gave a
 *   row (W3C graph-variable-scope). The FILTER of an OPTIONAL's group sees the
 *   patterns before the OPTIONAL in its group, as SPARQL's LeftJoin does.
 *   rasqal parses "OPTIONAL { { A FILTER(F) } }" as "OPTIONAL { A
 *   FILTER(F) }", so that one shape (W3C
 *   dawg-optional-filter-005-not-simplified) is answered as the second.
 *
 * - A BIND whose expression uses a variable bound outside its group but
 *   not by the patterns before it in the group: SPARQL's BIND sees only
 *   those, nested loops let the outer value in ("?s :p ?o { BIND(?o + 1
 *   AS ?z) } UNION { ... }" bound ?z where SPARQL leaves it unbound; W3C
 *   bind07).
 *
 * The walk follows rasqal's evaluation order: in a group, children left to
 * right; UNION branches do not see each other. Occurrences are variables in
 * triple patterns, GRAPH and BIND; FILTER expressions are not (a FILTER
 * reads the rows of its group, and binds nothing).
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "kg_int.h"
#include "scope.h"

#define MAX_VARS 256

/* A multiset of variables. */
typedef struct vars {
    rasqal_variable *var[MAX_VARS];
    int count[MAX_VARS];
    size_t n;
    int overflow; /* more than MAX_VARS: every variable counts as in it */
} vars;

typedef enum refusal {
    REBOUND_GRAPH = 1,
    OPTIONAL_NOT_WELL_DESIGNED,
    SUBQUERY_SEES_OUTER,
    FILTER_SEES_OUTER,
    BIND_SEES_OUTER
} refusal;

typedef struct walker {
    rasqal_variable *bad;
    refusal why;
} walker;

static int count_of(const vars *s, const rasqal_variable *v)
{
    size_t i;

    for (i = 0; i < s->n; i++)
        if (s->var[i] == v)
            return s->count[i];
    return s->overflow ? 1 : 0;
}

static void add(vars *s, rasqal_variable *v)
{
    size_t i;

    if (!v)
        return;
    for (i = 0; i < s->n; i++)
        if (s->var[i] == v) {
            s->count[i]++;
            return;
        }
    if (s->n == MAX_VARS) {
        s->overflow = 1;
        return;
    }
    s->var[s->n] = v;
    s->count[s->n++] = 1;
}

static void add_all(vars *to, const vars *from)
{
    size_t i;
    int k;

    to->overflow |= from->overflow;
    for (i = 0; i < from->n; i++)
        for (k = 0; k < from->count[i]; k++)
            add(to, from->var[i]);
}

/* The GRAPH pattern's variable, or NULL for GRAPH <iri> and other ops. */
static rasqal_variable *graph_var(rasqal_graph_pattern *gp)
{
    rasqal_literal *origin = rasqal_graph_pattern_get_origin(gp);

    return origin ? rasqal_literal_as_variable(origin) : NULL;
}

/* Add every occurrence of a variable in 'gp' to 's'. */
static void collect(rasqal_graph_pattern *gp, vars *s)
{
    rasqal_graph_pattern_operator op = rasqal_graph_pattern_get_operator(gp);
    rasqal_graph_pattern *sub;
    rasqal_triple *t;
    int i;

    if (op == RASQAL_GRAPH_PATTERN_OPERATOR_GRAPH)
        add(s, graph_var(gp));
    if (op == RASQAL_GRAPH_PATTERN_OPERATOR_LET)
        add(s, rasqal_graph_pattern_get_variable(gp));
    for (i = 0; (t = rasqal_graph_pattern_get_triple(gp, i)) != NULL; i++) {
        add(s, rasqal_literal_as_variable(t->subject));
        add(s, rasqal_literal_as_variable(t->predicate));
        add(s, rasqal_literal_as_variable(t->object));
    }
    for (i = 0; (sub = rasqal_graph_pattern_get_sub_graph_pattern(gp, i)) !=
                NULL;
         i++)
        collect(sub, s);
}

static int refuse(walker *w, rasqal_variable *v, refusal why)
{
    w->bad = v;
    w->why = why;
    return -1;
}

/* Refuse a variable of 'opt' bound before its group ('entry') that is not
 * bound by the group's patterns before it ('left'). */
static int check_optional(walker *w, rasqal_graph_pattern *opt,
                          const vars *left, const vars *entry)
{
    vars *inner = kg__calloc(1, sizeof(*inner));
    size_t i;
    int rc = 0;

    if (!inner)
        return -2;
    collect(opt, inner);
    for (i = 0; i < inner->n && rc == 0; i++)
        if (count_of(entry, inner->var[i]) && !count_of(left, inner->var[i]))
            rc = refuse(w, inner->var[i], OPTIONAL_NOT_WELL_DESIGNED);
    kg__free(inner);
    return rc;
}

static int add_expression_var(void *user_data, rasqal_expression *e)
{
    if (e->op == RASQAL_EXPR_LITERAL && e->literal)
        add(user_data, rasqal_literal_as_variable(e->literal));
    return 0; /* visit everything */
}

/* Refuse a variable of a FILTER directly in group 'gp' that may be bound
 * before the group ('bound') but is bound neither inside it nor, for an
 * OPTIONAL's group, by the patterns before the OPTIONAL ('sees'). */
static int check_filters(walker *w, rasqal_graph_pattern *gp,
                         const vars *bound, const vars *sees)
{
    vars *used = kg__calloc(1, sizeof(*used));
    vars *own = kg__calloc(1, sizeof(*own));
    rasqal_graph_pattern *sub;
    rasqal_expression *e;
    size_t j;
    int i, rc = 0;

    if (!used || !own) {
        kg__free(used);
        kg__free(own);
        return -2;
    }
    for (i = 0; (sub = rasqal_graph_pattern_get_sub_graph_pattern(gp, i)) !=
                NULL;
         i++)
        if (rasqal_graph_pattern_get_operator(sub) ==
                RASQAL_GRAPH_PATTERN_OPERATOR_FILTER &&
            (e = rasqal_graph_pattern_get_filter_expression(sub)) != NULL)
            rasqal_expression_visit(e, add_expression_var, used);
    if (used->n > 0)
        collect(gp, own);
    for (j = 0; j < used->n && rc == 0; j++) {
        rasqal_variable *v = used->var[j];
        if (count_of(bound, v) && !count_of(own, v) &&
            !(sees && count_of(sees, v)))
            rc = refuse(w, v, FILTER_SEES_OUTER);
    }
    kg__free(used);
    kg__free(own);
    return rc;
}

/* Refuse a variable of BIND 'let' that may be bound before its group
 * ('bound') but not by the patterns before it in the group ('left', NULL:
 * none). */
static int check_let(walker *w, rasqal_graph_pattern *let, const vars *bound,
                     const vars *left)
{
    vars *used = kg__calloc(1, sizeof(*used));
    rasqal_expression *e = rasqal_graph_pattern_get_filter_expression(let);
    size_t j;
    int rc = 0;

    if (!used)
        return -2;
    if (e)
        rasqal_expression_visit(e, add_expression_var, used);
    for (j = 0; j < used->n && rc == 0; j++)
        if (count_of(bound, used->var[j]) &&
            !(left && count_of(left, used->var[j])))
            rc = refuse(w, used->var[j], BIND_SEES_OUTER);
    kg__free(used);
    return rc;
}

/*
 * Walk 'gp' with 'bound' the variables that may be bound before it; on
 * return 'bound' also holds those 'gp' may bind. 'sees': for an OPTIONAL
 * and the group right inside it, the variables of the patterns before the
 * OPTIONAL in its group (its FILTER sees them); NULL otherwise. Returns 0,
 * -1 (refused: w->bad) or -2 (out of memory).
 */
static int walk(walker *w, rasqal_graph_pattern *gp, vars *bound,
                const vars *sees)
{
    rasqal_graph_pattern_operator op = rasqal_graph_pattern_get_operator(gp);
    rasqal_graph_pattern *sub;
    vars *left = NULL, *entry = NULL, *branch = NULL;
    rasqal_variable *v;
    size_t j;
    int i, rc = 0;

    if (op == RASQAL_GRAPH_PATTERN_OPERATOR_GRAPH &&
        (v = graph_var(gp)) != NULL && count_of(bound, v))
        return refuse(w, v, REBOUND_GRAPH);
    if (op == RASQAL_GRAPH_PATTERN_OPERATOR_SELECT) {
        vars *inner = kg__calloc(1, sizeof(*inner));

        if (!inner)
            return -2;
        collect(gp, inner);
        for (j = 0; j < inner->n && rc == 0; j++)
            if (count_of(bound, inner->var[j]))
                rc = refuse(w, inner->var[j], SUBQUERY_SEES_OUTER);
        if (rc == 0)
            add_all(bound, inner);
        kg__free(inner);
        return rc;
    }
    if ((op == RASQAL_GRAPH_PATTERN_OPERATOR_GROUP ||
         op == RASQAL_GRAPH_PATTERN_OPERATOR_OPTIONAL) &&
        (rc = check_filters(w, gp, bound, sees)) != 0)
        return rc;
    if (op == RASQAL_GRAPH_PATTERN_OPERATOR_GRAPH)
        add(bound, graph_var(gp));
    if (op == RASQAL_GRAPH_PATTERN_OPERATOR_LET)
        add(bound, rasqal_graph_pattern_get_variable(gp));
    if (rasqal_graph_pattern_get_triple(gp, 0)) {
        vars *mine = kg__calloc(1, sizeof(*mine));

        if (!mine)
            return -2;
        collect(gp, mine);
        add_all(bound, mine);
        kg__free(mine);
    }
    if (op == RASQAL_GRAPH_PATTERN_OPERATOR_UNION) {
        vars *before = kg__calloc(1, sizeof(*before));

        if (!before || (branch = kg__calloc(1, sizeof(*branch))) == NULL) {
            kg__free(before);
            return -2;
        }
        *before = *bound;
        for (i = 0; rc == 0 && (sub = rasqal_graph_pattern_get_sub_graph_pattern(
                                    gp, i)) != NULL;
             i++) {
            *branch = *before;
            if (rasqal_graph_pattern_get_operator(sub) ==
                RASQAL_GRAPH_PATTERN_OPERATOR_LET)
                rc = check_let(w, sub, branch, NULL);
            if (rc == 0 && (rc = walk(w, sub, branch, NULL)) == 0)
                add_all(bound, branch);
        }
        kg__free(before);
        kg__free(branch);
        return rc;
    }
    if ((left = kg__calloc(1, sizeof(*left))) == NULL ||
        (entry = kg__calloc(1, sizeof(*entry))) == NULL) {
        kg__free(left);
        return -2;
    }
    *entry = *bound;
    for (i = 0; rc == 0 &&
                (sub = rasqal_graph_pattern_get_sub_graph_pattern(gp, i)) !=
                    NULL;
         i++) {
        int optional = rasqal_graph_pattern_get_operator(sub) ==
                       RASQAL_GRAPH_PATTERN_OPERATOR_OPTIONAL;

        if (optional)
            rc = check_optional(w, sub, left, entry);
        else if (rasqal_graph_pattern_get_operator(sub) ==
                 RASQAL_GRAPH_PATTERN_OPERATOR_LET)
            rc = check_let(w, sub, bound, left);
        if (rc == 0)
            rc = walk(w, sub, bound,
                      optional ? left
                      : op == RASQAL_GRAPH_PATTERN_OPERATOR_OPTIONAL ? sees
                                                                     : NULL);
        collect(sub, left);
    }
    kg__free(left);
    kg__free(entry);
    return rc;
}

static int refusal_error(kg_error *err, refusal why, const char *name)
{
    switch (why) {
    case REBOUND_GRAPH:
        return kg_error_set(
            err, KG_EUNSUPPORTED,
            "GRAPH ?%s where ?%s may already be bound is not supported "
            "(rasqal rebinds it to every graph and gives wrong rows); put "
            "these patterns inside the first GRAPH ?%s { } block, or use "
            "another variable and FILTER (sameTerm(?other, ?%s))",
            name, name, name, name);
    case OPTIONAL_NOT_WELL_DESIGNED:
        return kg_error_set(
            err, KG_EUNSUPPORTED,
            "an OPTIONAL using ?%s, which is bound outside its group but "
            "not by the patterns before it in the group, is not supported "
            "(kg would let the outer value in); bind ?%s before the "
            "OPTIONAL in the same group, or rename it inside",
            name, name);
    case FILTER_SEES_OUTER:
        return kg_error_set(
            err, KG_EUNSUPPORTED,
            "a FILTER using ?%s inside a nested group (an OPTIONAL in an "
            "OPTIONAL, GRAPH), where ?%s is bound outside that group but "
            "not inside it, is not supported (SPARQL evaluates the group alone, kg would let the "
            "outer value in); move the FILTER out of the group, or bind "
            "?%s inside it",
            name, name, name);
    case BIND_SEES_OUTER:
        return kg_error_set(
            err, KG_EUNSUPPORTED,
            "a BIND using ?%s, which is bound outside its group but not by "
            "the patterns before the BIND in the group, is not supported "
            "(SPARQL's BIND sees only those, kg would let the outer value "
            "in); move the BIND after the pattern that binds ?%s, in the "
            "same group",
            name, name);
    case SUBQUERY_SEES_OUTER:
        return kg_error_set(
            err, KG_EUNSUPPORTED,
            "a sub-query using ?%s after ?%s is bound outside it is not "
            "supported (the sub-query must not see that value); put the "
            "sub-query first in its group",
            name, name);
    }
    return kg_error_set(err, KG_EUNSUPPORTED, "unsupported query shape");
}

int kg_graph__check_scope(librdf_world *w, const char *text,
                          librdf_uri *base, kg_error *err)
{
    rasqal_query *q = NULL;
    rasqal_graph_pattern *gp;
    walker *wk;
    vars *bound = NULL;
    int rc = 0;

    if ((wk = kg__calloc(1, sizeof(*wk))) == NULL ||
        (bound = kg__calloc(1, sizeof(*bound))) == NULL ||
        (q = rasqal_new_query(librdf_world_get_rasqal(w), "sparql",
                              NULL)) == NULL) {
        rc = -2;
        goto done;
    }
    if (rasqal_query_prepare(q, (const unsigned char *)text, base) == 0 &&
        (gp = rasqal_query_get_query_graph_pattern(q)) != NULL) {
        rc = walk(wk, gp, bound, NULL);
    }
done:
    if (rc == -1)
        rc = refusal_error(err, wk->why, (const char *)wk->bad->name);
    else if (rc == -2) {
        rc = kg_error_set(err, KG_ENOMEM, "out of memory");
    }
    if (q)
        rasqal_free_query(q);
    kg__free(bound);
    kg__free(wk);
    return rc;
}
