/*
 * tsource.c -- the rasqal triples source kg queries run on, replacing the
 * one librdf 1.0.17 registers.
 *
 * Why: librdf's source (rdf_query_rasqal.c) records every variable of a
 * triple pattern as one the pattern binds, even a variable that already
 * has a value from an enclosing pattern when the match starts. rasqal
 * then clears that variable whenever the pattern's match is reset. The
 * right side of an OPTIONAL (or of a join with a group) is reset once per
 * row of its left side, so the left side's variables are wiped in the
 * middle of the left side's own nested loop: the next right-side match
 * runs with them unbound (a scan of the whole store) and rebinds them to
 * unrelated values, which the left side then carries on with. Measured on
 * the 9 sample articles: "?e a schema:Event ; prov:wasDerivedFrom ?a .
 * OPTIONAL { ?e schema:startDate ?d }" gave 197 rows where the answer has
 * 68 (rdflib); with one more left pattern the rows ran away into the
 * millions ("minutes" of rasqal time were this runaway).
 *
 * This source is librdf's with that one thing changed: a variable that has
 * a value when the match starts is used as a constant and is not handed
 * to rasqal as one the pattern binds, so a reset leaves it alone. The
 * model to match against is passed from kg_graph_query through a
 * thread-local (a kg_ctx, and so a rasqal world, belongs to one thread).
 *
 * Known gap, measured: with this source a FILTER inside OPTIONAL does not
 * see variables bound outside it (query.c refuses that shape), and a
 * query with a ground pattern such as ?a kg:sourceName "x", a UNION and
 * an OPTIONAL lost rows (2 of 7) where FILTER (?n = "x") gives all 7;
 * librdf's source got both right and the OPTIONAL runaway above wrong.
 * tests/e2e/query_rdflib.sh holds the shapes checked against rdflib.
 *
 * Term conversion follows librdf's: strings handed to rasqal are
 * allocated with rasqal_alloc_memory because rasqal frees them.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "tsource.h"

static _Thread_local librdf_model *current_model;
static _Thread_local librdf_world *current_world;

typedef struct source {
    librdf_world *world;
    librdf_model *model;
} source;

typedef struct match {
    librdf_node *nodes[3];
    librdf_node *origin;
    librdf_node *want;   /* the predicate of an all-ground pattern, or
                            NULL */
    librdf_statement *pattern;
    librdf_stream *stream;
    librdf_world *world;
    rasqal_world *rworld;
} match;

/* A copy of 's' in memory rasqal will free, or NULL. */
static char *rasqal_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = rasqal_alloc_memory(n);

    if (d)
        memcpy(d, s, n);
    return d;
}

rasqal_literal *kg_graph__literal(rasqal_world *rw, librdf_node *n)
{
    if (!n)
        return NULL;
    if (librdf_node_is_resource(n)) {
        raptor_uri *u = (raptor_uri *)librdf_node_get_uri(n);
        return rasqal_new_uri_literal(rw, raptor_uri_copy(u));
    }
    if (librdf_node_is_literal(n)) {
        const char *lang = librdf_node_get_literal_value_language(n);
        librdf_uri *dt = librdf_node_get_literal_value_datatype_uri(n);
        char *s = rasqal_strdup(
            (const char *)librdf_node_get_literal_value(n));
        char *l = NULL;

        if (!s)
            return NULL;
        if (lang && (l = rasqal_strdup(lang)) == NULL) {
            rasqal_free_memory(s);
            return NULL;
        }
        /* Ownership of s, l and the URI copy goes to the literal. */
        return rasqal_new_string_literal(
            rw, (unsigned char *)s, l,
            dt ? raptor_uri_copy((raptor_uri *)dt) : NULL, NULL);
    }
    if (librdf_node_is_blank(n)) {
        char *b = rasqal_strdup(
            (const char *)librdf_node_get_blank_identifier(n));
        return b ? rasqal_new_simple_literal(rw, RASQAL_LITERAL_BLANK,
                                             (unsigned char *)b)
                 : NULL;
    }
    return NULL;
}

/* A new librdf node for literal 'l' (a term, not a variable), or NULL. */
static librdf_node *to_node(librdf_world *w, rasqal_literal *l)
{
    const unsigned char *s;
    raptor_uri *dt;

    if (!l)
        return NULL;
    switch (l->type) {
    case RASQAL_LITERAL_URI:
        return librdf_new_node_from_uri(w, (librdf_uri *)l->value.uri);
    case RASQAL_LITERAL_BLANK:
        return librdf_new_node_from_blank_identifier(w, l->string);
    case RASQAL_LITERAL_VARIABLE:
        return NULL;
    default:
        s = rasqal_literal_as_string(l);
        if (!s)
            return NULL;
        dt = l->language ? NULL : rasqal_literal_datatype(l);
        return librdf_new_node_from_typed_literal(
            w, s, l->language, (librdf_uri *)dt);
    }
}

/* Set 'var' from 'n'; 0 when 'n' cannot be converted. */
static int bind_var(match *mt, rasqal_variable *var, librdf_node *n)
{
    rasqal_literal *l = kg_graph__literal(mt->rworld, n);

    if (!l)
        return 0;
    rasqal_variable_set_value(var, l);
    return 1;
}

static rasqal_triple_parts bind_match(rasqal_triples_match *rtm,
                                      void *user_data,
                                      rasqal_variable *bindings[4],
                                      rasqal_triple_parts parts)
{
    match *mt = rtm->user_data;
    librdf_statement *st = librdf_stream_get_object(mt->stream);
    librdf_node *t[4];
    int result = 0, i, j;

    (void)user_data;
    if (!st)
        return (rasqal_triple_parts)0;
    t[0] = librdf_statement_get_subject(st);
    t[1] = librdf_statement_get_predicate(st);
    t[2] = librdf_statement_get_object(st);
    t[3] = librdf_stream_get_context2(mt->stream);
    for (i = 0; i < 4; i++) {
        static const int part[4] = {RASQAL_TRIPLE_SUBJECT,
                                    RASQAL_TRIPLE_PREDICATE,
                                    RASQAL_TRIPLE_OBJECT,
                                    RASQAL_TRIPLE_ORIGIN};
        int bind = 1;

        if (!bindings[i] || !(parts & part[i]))
            continue;
        /* The same variable twice in a pattern: the terms must agree. */
        for (j = 0; j < i; j++)
            if (bindings[j] == bindings[i]) {
                if (!t[i] || !t[j] || !librdf_node_equals(t[i], t[j]))
                    return (rasqal_triple_parts)0;
                bind = 0;
            }
        if (!bind)
            continue;
        if (!t[i]) {
            rasqal_variable_set_value(bindings[i], NULL);
        } else if (!bind_var(mt, bindings[i], t[i])) {
            return (rasqal_triple_parts)0;
        }
        result |= part[i];
    }
    /* rasqal skips a statement whose match binds nothing; here a match
     * binding nothing means every variable was used as a constant, and
     * the statement matched. */
    if (!result)
        result = (int)parts;
    return (rasqal_triple_parts)result;
}

/* Move 'st' past statements whose predicate is not 'want' (NULL: none). */
static void skip_unwanted(librdf_stream *st, librdf_node *want)
{
    if (!want)
        return;
    while (!librdf_stream_end(st) &&
           !librdf_node_equals(
               librdf_statement_get_predicate(librdf_stream_get_object(st)),
               want))
        librdf_stream_next(st);
}

static void next_match(rasqal_triples_match *rtm, void *user_data)
{
    match *mt = rtm->user_data;

    (void)user_data;
    librdf_stream_next(mt->stream);
    skip_unwanted(mt->stream, mt->want);
}

static int is_end(rasqal_triples_match *rtm, void *user_data)
{
    match *mt = rtm->user_data;

    (void)user_data;
    return librdf_stream_end(mt->stream);
}

static void finish_match(rasqal_triples_match *rtm, void *user_data)
{
    match *mt = rtm->user_data;

    (void)user_data;
    if (!mt)
        return;
    if (mt->stream)
        librdf_free_stream(mt->stream);
    if (mt->pattern)
        librdf_free_statement(mt->pattern); /* owns nodes[] */
    else {
        int i;
        for (i = 0; i < 3; i++)
            if (mt->nodes[i])
                librdf_free_node(mt->nodes[i]);
    }
    if (mt->origin)
        librdf_free_node(mt->origin);
    if (mt->want)
        librdf_free_node(mt->want);
    kg__free(mt);
    rtm->user_data = NULL;
}

/*
 * Term 'l' of a pattern: a constant node, or for a variable its current
 * value as a constant (*var_out NULL: rasqal must not bind or clear it)
 * or NULL with *var_out the variable to bind. Returns 0, or -1 when a
 * term cannot be converted.
 */
static int pattern_term(match *mt, rasqal_literal *l, librdf_node **out,
                        rasqal_variable **var_out)
{
    rasqal_variable *var = rasqal_literal_as_variable(l);

    *out = NULL;
    *var_out = NULL;
    if (var && !var->value) {
        *var_out = var;
        return 0;
    }
    *out = to_node(mt->world, var ? var->value : l);
    return *out ? 0 : -1;
}

static int init_match(rasqal_triples_match *rtm, rasqal_triples_source *rts,
                      void *user_data, rasqal_triple_meta *m,
                      rasqal_triple *t)
{
    source *src = user_data;
    match *mt;
    rasqal_literal *terms[3];
    int i;

    rtm->bind_match = bind_match;
    rtm->next_match = next_match;
    rtm->is_end = is_end;
    rtm->finish = finish_match;
    if ((mt = kg__calloc(1, sizeof(*mt))) == NULL)
        return 1;
    rtm->user_data = mt;
    mt->world = src->world;
    mt->rworld = librdf_world_get_rasqal(src->world);
    (void)rts;
    terms[0] = t->subject;
    terms[1] = t->predicate;
    terms[2] = t->object;
    for (i = 0; i < 3; i++)
        if (pattern_term(mt, terms[i], &mt->nodes[i], &m->bindings[i]) < 0)
            return 1;
    m->bindings[3] = NULL;
    if (t->origin &&
        pattern_term(mt, t->origin, &mt->origin, &m->bindings[3]) < 0)
        return 1;
    /* librdf's hashes have no (s, p, o) index: a find with all three
     * terms ground walks every statement (0.1 s a probe at 100k triples,
     * which made "?a a schema:Person" after a join run for minutes).
     * Look up (s, ?, o) through so2p and keep the wanted predicate: few
     * predicates link one subject to one object, while (s, p, ?) can
     * have thousands of objects (prov:wasDerivedFrom of a person). */
    if (mt->nodes[0] && mt->nodes[1] && mt->nodes[2] && !mt->origin) {
        mt->want = mt->nodes[1];
        mt->nodes[1] = NULL;
    }
    mt->pattern = librdf_new_statement_from_nodes(
        src->world, mt->nodes[0], mt->nodes[1], mt->nodes[2]);
    if (!mt->pattern) {
        /* librdf freed the nodes on failure. */
        memset(mt->nodes, 0, sizeof(mt->nodes));
        return 1;
    }
    if (mt->origin)
        mt->stream = librdf_model_find_statements_in_context(
            src->model, mt->pattern, mt->origin);
    else
        mt->stream = librdf_model_find_statements(src->model, mt->pattern);
    if (mt->stream)
        skip_unwanted(mt->stream, mt->want);
    return mt->stream ? 0 : 1;
}

static int triple_present(rasqal_triples_source *rts, void *user_data,
                          rasqal_triple *t)
{
    source *src = user_data;
    match tmp;
    librdf_node *n[3] = {NULL, NULL, NULL};
    rasqal_variable *var;
    librdf_statement *st;
    int i, rc = 0;

    (void)rts;
    memset(&tmp, 0, sizeof(tmp));
    tmp.world = src->world;
    for (i = 0; i < 3; i++) {
        rasqal_literal *l =
            i == 0 ? t->subject : i == 1 ? t->predicate : t->object;
        if (pattern_term(&tmp, l, &n[i], &var) < 0 || var) {
            while (i >= 0) {
                if (n[i])
                    librdf_free_node(n[i]);
                i--;
            }
            return 0;
        }
    }
    /* Without a graph, (s, ?, o) and the predicate compared (as in
     * init_match: no (s, p, o) index). */
    st = librdf_new_statement_from_nodes(src->world, n[0],
                                         t->origin ? n[1] : NULL, n[2]);
    if (!st) {
        if (!t->origin)
            librdf_free_node(n[1]);
        return 0;
    }
    {
        /* Not librdf_model_contains_statement: on the union store it
         * answered 0 for a statement that was there. */
        librdf_node *origin = NULL;
        librdf_stream *found = NULL;

        if (t->origin &&
            (pattern_term(&tmp, t->origin, &origin, &var) < 0 || var)) {
            librdf_free_statement(st);
            return 0;
        }
        found = origin ? librdf_model_find_statements_in_context(
                             src->model, st, origin)
                       : librdf_model_find_statements(src->model, st);
        if (origin)
            librdf_free_node(origin);
        if (found && !t->origin)
            skip_unwanted(found, n[1]);
        rc = found && !librdf_stream_end(found);
        if (found)
            librdf_free_stream(found);
        librdf_free_statement(st);
        if (!t->origin)
            librdf_free_node(n[1]);
    }
    return rc;
}

static void free_source(void *user_data)
{
    (void)user_data;
}

/* Offer every named graph of a model with contexts to GRAPH ?g, as librdf
 * does; data graphs named by the query (FROM) are dropped, as librdf
 * drops them (no loading from the network). */
static int add_graphs(rasqal_query *q, rasqal_world *rw,
                      librdf_model *model)
{
    raptor_sequence *seq = rasqal_query_get_data_graph_sequence(q);
    librdf_iterator *it;
    int rc = 0;

    if (seq)
        while (raptor_sequence_size(seq) > 0)
            rasqal_free_data_graph(raptor_sequence_pop(seq));
    if (!librdf_model_supports_contexts(model))
        return 0;
    if ((it = librdf_model_get_contexts(model)) == NULL)
        return 1;
    while (!librdf_iterator_end(it)) {
        librdf_node *n = librdf_iterator_get_object(it);
        raptor_uri *u = n ? (raptor_uri *)librdf_node_get_uri(n) : NULL;
        rasqal_data_graph *dg;

        if (u) {
            dg = rasqal_new_data_graph_from_uri(
                rw, u, u, RASQAL_DATA_GRAPH_NAMED, NULL, NULL, NULL);
            if (!dg || rasqal_query_add_data_graph(q, dg)) {
                rc = 1;
                break;
            }
        }
        librdf_iterator_next(it);
    }
    librdf_free_iterator(it);
    return rc;
}

static int new_source(rasqal_query *q, void *factory_user_data,
                      void *user_data, rasqal_triples_source *rts)
{
    source *src = user_data;

    (void)factory_user_data;
    if (!current_model)
        return 1; /* a query not started by kg_graph_query */
    src->world = current_world;
    src->model = current_model;
    if (add_graphs(q, librdf_world_get_rasqal(src->world), src->model))
        return 1;
    rts->version = 1;
    rts->init_triples_match = init_match;
    rts->triple_present = triple_present;
    rts->free_triples_source = free_source;
    return 0;
}

static int register_factory(rasqal_triples_source_factory *f)
{
    f->version = 1;
    f->user_data_size = sizeof(source);
    f->new_triples_source = new_source;
    return 0;
}

librdf_query_results *kg_graph__execute(librdf_query *q, librdf_world *w,
                                        librdf_model *model)
{
    static _Thread_local rasqal_world *installed;
    librdf_query_results *res;
    rasqal_world *rw = librdf_world_get_rasqal(w);

    /* librdf registered its own source when its world opened: replace it
     * (a world lives in one thread, see kg_ctx). */
    if (!rw)
        return NULL;
    if (rw != installed) {
        if (rasqal_set_triples_source_factory(rw, register_factory, NULL))
            return NULL;
        installed = rw;
    }
    current_model = model;
    current_world = w;
    res = librdf_query_execute(q, model);
    current_model = NULL;
    current_world = NULL;
    return res;
}
