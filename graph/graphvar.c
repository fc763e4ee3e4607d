/*
 * graphvar.c -- refuse GRAPH ?g where ?g may already be bound.
 *
 * Why: rasqal 0.9.33 evaluates GRAPH ?g { P } by walking every named graph
 * and setting ?g to each in turn (rasqal_rowsource_graph.c), whatever
 * value ?g had; it then leaves ?g at the last graph walked. When ?g was
 * bound before (by an earlier GRAPH ?g, a triple pattern, or the left side
 * of an OPTIONAL), that overwrites the outer value, so later rows report
 * the wrong graph or are lost. Measured on three graphs: "GRAPH ?g { ?e
 * kg:host ?o } OPTIONAL { GRAPH ?g { ?e schema:startDate ?d } }" gave 4
 * rows with one wrong graph and one row twice where rdflib gives 4 right
 * ones; "GRAPH ?g {A} GRAPH ?g {B}" lost a row; "?x p ?g . GRAPH ?g {A}"
 * gave none. GRAPH ?g first and ?g used after it (as a term, or inside
 * the same block, OPTIONAL included) is right: kg's triples source
 * matches a bound ?g as a constant (tsource.c).
 *
 * The walk follows rasqal's evaluation order: in a group the patterns
 * before a GRAPH may bind ?g; an OPTIONAL or a GRAPH sees what its left
 * side bound; UNION branches do not see each other.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "graphvar.h"
#include "kg_int.h"

#define MAX_VARS 256

/* Variables that may be bound at some point of the walk. */
typedef struct bound {
    rasqal_variable *vars[MAX_VARS];
    size_t n;
    int overflow; /* more than MAX_VARS: treat every variable as bound */
} bound;

static int is_bound(const bound *b, const rasqal_variable *v)
{
    size_t i;

    if (b->overflow)
        return 1;
    for (i = 0; i < b->n; i++)
        if (b->vars[i] == v)
            return 1;
    return 0;
}

static void add(bound *b, rasqal_variable *v)
{
    if (!v || is_bound(b, v))
        return;
    if (b->n == MAX_VARS)
        b->overflow = 1;
    else
        b->vars[b->n++] = v;
}

static void add_literal(bound *b, rasqal_literal *l)
{
    if (l)
        add(b, rasqal_literal_as_variable(l));
}

/* The GRAPH pattern's variable, or NULL for GRAPH <iri> and other ops. */
static rasqal_variable *graph_var(rasqal_graph_pattern *gp)
{
    rasqal_literal *origin = rasqal_graph_pattern_get_origin(gp);

    return origin ? rasqal_literal_as_variable(origin) : NULL;
}

/*
 * Walk 'gp' with 'b' the variables bound before it; on return 'b' also
 * holds those 'gp' may bind. Returns the first GRAPH variable found bound
 * before its GRAPH, or NULL.
 */
static rasqal_variable *walk(rasqal_graph_pattern *gp, bound *b)
{
    rasqal_graph_pattern_operator op = rasqal_graph_pattern_get_operator(gp);
    rasqal_graph_pattern *sub;
    rasqal_triple *t;
    rasqal_variable *v, *bad = NULL;
    int i;

    if (op == RASQAL_GRAPH_PATTERN_OPERATOR_GRAPH) {
        if ((v = graph_var(gp)) != NULL && is_bound(b, v))
            return v;
        add(b, v);
    }
    if (op == RASQAL_GRAPH_PATTERN_OPERATOR_LET)
        add(b, rasqal_graph_pattern_get_variable(gp));
    for (i = 0; (t = rasqal_graph_pattern_get_triple(gp, i)) != NULL; i++) {
        add_literal(b, t->subject);
        add_literal(b, t->predicate);
        add_literal(b, t->object);
    }
    if (op == RASQAL_GRAPH_PATTERN_OPERATOR_UNION) {
        bound before = *b, branch;

        for (i = 0; !bad && (sub = rasqal_graph_pattern_get_sub_graph_pattern(
                                 gp, i)) != NULL;
             i++) {
            size_t j;

            branch = before;
            bad = walk(sub, &branch);
            b->overflow |= branch.overflow;
            for (j = 0; j < branch.n; j++)
                add(b, branch.vars[j]);
        }
        return bad;
    }
    for (i = 0; !bad &&
                (sub = rasqal_graph_pattern_get_sub_graph_pattern(gp, i)) !=
                    NULL;
         i++)
        bad = walk(sub, b);
    return bad;
}

int kg_graph__check_graph_vars(librdf_world *w, const char *text,
                               librdf_uri *base, kg_error *err)
{
    rasqal_query *q;
    rasqal_graph_pattern *gp;
    rasqal_variable *bad = NULL;
    bound *b;

    if ((b = kg__calloc(1, sizeof(*b))) == NULL ||
        (q = rasqal_new_query(librdf_world_get_rasqal(w), "sparql",
                              NULL)) == NULL) {
        kg__free(b);
        return kg_error_set(err, KG_ENOMEM, "out of memory");
    }
    if (rasqal_query_prepare(q, (const unsigned char *)text, base) == 0 &&
        (gp = rasqal_query_get_query_graph_pattern(q)) != NULL)
        bad = walk(gp, b);
    if (bad) {
        kg_error_set(err, KG_EUNSUPPORTED,
                     "GRAPH ?%s where ?%s may already be bound is not "
                     "supported (rasqal rebinds it to every graph and "
                     "gives wrong rows); put these patterns inside the "
                     "first GRAPH ?%s { } block, or use another variable "
                     "and FILTER (sameTerm(?other, ?%s))",
                     bad->name, bad->name, bad->name, bad->name);
    }
    rasqal_free_query(q);
    kg__free(b);
    return bad ? KG_EUNSUPPORTED : 0;
}
