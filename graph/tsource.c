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
 * Known gaps, measured: using an outer value as a constant is SPARQL's
 * answer where the outer pattern comes first and the inner group needs
 * it (OPTIONAL, a FILTER inside OPTIONAL that uses an outer variable:
 * both match rdflib and the W3C tests), but SPARQL evaluates a group on
 * its own before joining it: an OPTIONAL in a nested group that uses a
 * variable bound before the group, and a sub-query after its variable is
 * bound, give extra rows (W3C nested-opt-1, join-scope-1, subquery03);
 * query.c refuses those shapes (scope.c). tests/e2e/query_rdflib.sh holds
 * the shapes checked against rdflib.
 *
 * Ground patterns: rasqal 0.9.33 checks a pattern without variables with
 * triple_present, and when it is absent abandons the basic graph pattern
 * without resetting the patterns before it, whose variables keep their
 * last values. This source reads a variable with a value as a constant,
 * so a later UNION branch or join saw those stale values and lost its
 * rows ("{ ?x :p ?y . :a :p :d } UNION { ?x :r ?y }" gave nothing). A
 * ground pattern's presence does not depend on any row: new_source checks
 * each one once, and every pattern of a basic graph pattern holding an
 * absent one matches nothing from the start, so nothing is bound.
 *
 * Datasets: a run (kg_graph__run, owned by the kg_result) may restrict
 * matching to a dataset, given by the caller or taken by query.c from the
 * query's FROM / FROM NAMED (never loaded from anywhere: they name graphs
 * of the store). A pattern outside GRAPH then matches the merge of the default
 * graphs: each graph in turn, skipping a triple an earlier one already
 * gave, so that a triple stated by several graphs matches once. GRAPH ?g
 * walks rasqal's named data graphs, which new_source sets to the
 * dataset's (or to every graph of the store); GRAPH <g> on a graph
 * outside the dataset matches nothing.
 *
 * Deadline: rasqal does ORDER BY, GROUP BY and DISTINCT work inside
 * rasqal_query_execute, before the first row, and a join that finds
 * nothing never yields a row at all; a per-row check cannot stop those.
 * Every matching step reads the clock (every few steps), and once the
 * deadline has passed every match ends at once, so rasqal unwinds
 * quickly; query.c sees run->timed_out and reports KG_ETIMEOUT instead
 * of the truncated answer.
 *
 * Term conversion follows librdf's: strings handed to rasqal are
 * allocated with rasqal_alloc_memory because rasqal frees them.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "find.h"
#include "memo.h"
#include "tsource.h"

/* Clock reads are spaced by this many matching steps. */
#define TICKS_PER_CHECK 64

static _Thread_local librdf_model *current_model;
static _Thread_local librdf_world *current_world;
static _Thread_local kg_graph__run *current_run;

typedef struct source {
    librdf_world *world;
    librdf_model *model;
    kg_graph__run *run; /* borrowed from the kg_result */
    rasqal_triple **dead; /* owned array of borrowed patterns that match
                             nothing: their basic graph pattern holds an
                             absent ground pattern */
    size_t n_dead;
} source;

typedef struct match {
    librdf_node *nodes[3];
    librdf_node *origin;
    librdf_node *want;   /* the predicate of an all-ground pattern, or
                            NULL */
    librdf_statement *pattern;
    librdf_stream *stream;  /* NULL: no (more) matches */
    librdf_world *world;
    rasqal_world *rworld;
    librdf_model *model;    /* borrowed */
    kg_graph__run *run;     /* borrowed */
    librdf_node **graphs;   /* borrowed from 'run': walked in turn; NULL
                               when 'stream' covers the whole pattern */
    size_t n_graphs, cur;   /* with 'walk', 'stream' is over graphs[cur] */
    int walk;               /* one stream per graph of 'graphs' in turn */
    int keep;               /* which statements of 'stream' to report */
    int ground;             /* all terms bound, answered by a count: no
                               stream, 'pending' matches left to report */
    long pending;
    int listed;             /* two terms bound, answered from 'vals': the
                               nodes of the free term 'free_pos', no
                               stream */
    int free_pos;
    librdf_node **vals;     /* borrowed from the run's memo, or owned */
    long n_vals, cur_val;
    int owns_vals;
} match;

/* What a match reports of its stream's statements. */
enum {
    KEEP_ALL,     /* every one */
    KEEP_ORIGIN,  /* those in graph 'origin' */
    KEEP_DEFAULT, /* those of the default graphs, once per triple */
    KEEP_FIRST    /* per-graph walk over the default graphs: those no
                     earlier graph holds */
};

/* ---- the run: dataset and deadline ------------------------------------ */

static int copy_iris(librdf_node ***out, size_t *n_out, librdf_world *w,
                     const char *const *iris, size_t n)
{
    size_t i;

    *n_out = 0;
    if (n == 0)
        return 0;
    if ((*out = kg__calloc(n, sizeof(**out))) == NULL)
        return KG_ENOMEM;
    for (i = 0; i < n; i++) {
        (*out)[i] = librdf_new_node_from_uri_string(
            w, (const unsigned char *)iris[i]);
        if (!(*out)[i])
            return KG_ENOMEM;
        (*n_out)++;
    }
    return 0;
}

int kg_graph__run_init(kg_graph__run *run, librdf_world *w,
                       const kg_query_options *opts)
{
    if (opts->timeout > 0)
        run->deadline = kg_graph__now() + opts->timeout;
    if (opts->n_default_graphs == 0 && opts->n_named_graphs == 0)
        return 0;
    run->given = run->restricted = 1;
    if (copy_iris(&run->defaults, &run->n_defaults, w, opts->default_graphs,
                  opts->n_default_graphs) < 0 ||
        copy_iris(&run->named, &run->n_named, w, opts->named_graphs,
                  opts->n_named_graphs) < 0)
        return KG_ENOMEM;
    return 0;
}

static void free_nodes(librdf_node **nodes, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        librdf_free_node(nodes[i]);
    kg__free(nodes);
}

void kg_graph__run_dispose(kg_graph__run *run)
{
    free_nodes(run->defaults, run->n_defaults);
    free_nodes(run->named, run->n_named);
    kg_graph__memo_free(run->memo);
    run->memo = NULL;
    run->defaults = run->named = NULL;
    run->n_defaults = run->n_named = 0;
}

int kg_graph__run_expired(kg_graph__run *run)
{
    if (run->timed_out)
        return 1;
    if (run->deadline > 0 && kg_graph__now() > run->deadline)
        run->timed_out = 1;
    return run->timed_out;
}

/* A matching step: read the clock now and then. */
static int tick(kg_graph__run *run)
{
    if (run->timed_out)
        return 1;
    if (run->deadline <= 0 || ++run->ticks % TICKS_PER_CHECK != 0)
        return 0;
    return kg_graph__run_expired(run);
}

/* Nonzero when graph 'n' is one of 'list'. */
static int in_list(librdf_node *const *list, size_t count, librdf_node *n)
{
    size_t i;

    for (i = 0; i < count; i++)
        if (librdf_node_equals(list[i], n))
            return 1;
    return 0;
}

int kg_graph__run_names(const kg_graph__run *run, librdf_node *graph)
{
    return !run->restricted || in_list(run->named, run->n_named, graph);
}

/* Index of 'n' in 'list', or -1. */
static long list_index(librdf_node *const *list, size_t count,
                       librdf_node *n)
{
    size_t i;

    if (!n)
        return -1;
    for (i = 0; i < count; i++)
        if (librdf_node_equals(list[i], n))
            return (long)i;
    return -1;
}

/*
 * The first of 'list' (index) whose graph holds triple 'st', or -1; with
 * 'list' NULL, 0 when graph 'only' (any graph if NULL) holds it.
 *
 * librdf's hashes answer a find from an index only when exactly two
 * terms are bound; with three bound it scans the whole store, and
 * find_statements_in_context scans the whole graph (loading files and
 * merging graphs were quadratic that way). So: (s, ?, o) through the
 * so2p index, one entry per graph holding each predicate, predicates
 * compared here (few predicates link one subject to one object). The
 * stream is read to its end (a hashes stream freed early leaks).
 */
static long first_holder(librdf_model *model, librdf_statement *st,
                         librdf_node *const *list, size_t count,
                         librdf_node *only)
{
    librdf_node *p = librdf_statement_get_predicate(st);
    librdf_statement *pat = librdf_new_statement_from_statement(st);
    librdf_stream *s = NULL;
    long best = -1;

    if (!pat)
        return -1;
    /* set_predicate does not free the node it replaces */
    librdf_free_node(librdf_statement_get_predicate(pat));
    librdf_statement_set_predicate(pat, NULL);
    s = librdf_model_find_statements(model, pat);
    for (; s && !librdf_stream_end(s); librdf_stream_next(s)) {
        librdf_node *c;
        long i;

        if (!librdf_node_equals(
                librdf_statement_get_predicate(librdf_stream_get_object(s)),
                p))
            continue;
        c = librdf_stream_get_context2(s);
        if (list)
            i = list_index(list, count, c);
        else
            i = !only || (c && librdf_node_equals(c, only)) ? 0 : -1;
        if (i >= 0 && (best < 0 || i < best))
            best = i;
    }
    if (s)
        librdf_free_stream(s);
    librdf_free_statement(pat);
    return best;
}

int kg_graph__holds(librdf_model *model, librdf_statement *st,
                    librdf_node *graph)
{
    return first_holder(model, st, NULL, 0, graph) == 0;
}

/* Nonzero when the statement 'mt' is at is one to report. */
static int wanted(match *mt)
{
    librdf_statement *st = librdf_stream_get_object(mt->stream);
    librdf_node *c;
    long k;

    if (mt->want &&
        !librdf_node_equals(librdf_statement_get_predicate(st), mt->want))
        return 0;
    switch (mt->keep) {
    case KEEP_ORIGIN:
        c = librdf_stream_get_context2(mt->stream);
        return c && librdf_node_equals(c, mt->origin);
    case KEEP_DEFAULT:
        c = librdf_stream_get_context2(mt->stream);
        k = list_index(mt->graphs, mt->n_graphs, c);
        return k >= 0 && (mt->n_graphs == 1 ||
                          first_holder(mt->model, st, mt->graphs,
                                       mt->n_graphs, NULL) == k);
    case KEEP_FIRST:
        return mt->cur == 0 ||
               first_holder(mt->model, st, mt->graphs, mt->n_graphs,
                            NULL) == (long)mt->cur;
    default:
        return 1;
    }
}

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
        /* the store keeps xsd:string literals simple (store.c) */
        if (dt && strcmp((const char *)raptor_uri_as_string(dt),
                         KG_XSD_STRING) == 0)
            dt = NULL;
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

/*
 * Bring 'mt' to a statement to report or to its end: past statements it
 * does not keep, past the end of one graph's stream to the next graph's.
 * Ends everything once the deadline has passed.
 */
static void settle(match *mt)
{
    for (;;) {
        if (tick(mt->run)) {
            if (mt->stream)
                librdf_free_stream(mt->stream);
            mt->stream = NULL;
            return;
        }
        if (mt->stream && !librdf_stream_end(mt->stream)) {
            if (wanted(mt))
                return;
            librdf_stream_next(mt->stream);
            continue;
        }
        /* This graph is done (or librdf could not open it and has
         * logged why): on to the next one. */
        if (mt->stream) {
            librdf_free_stream(mt->stream);
            mt->stream = NULL;
        }
        if (!mt->walk || mt->cur + 1 >= mt->n_graphs)
            return;
        mt->cur++;
        mt->stream = librdf_model_find_statements_in_context(
            mt->model, mt->pattern, mt->graphs[mt->cur]);
    }
}

/* bind_match for a listed match: the free term's variable from the
 * current node of 'vals'. */
static rasqal_triple_parts bind_listed(match *mt, rasqal_variable **bindings,
                                       rasqal_triple_parts parts)
{
    static const int part[3] = {RASQAL_TRIPLE_SUBJECT,
                                RASQAL_TRIPLE_PREDICATE,
                                RASQAL_TRIPLE_OBJECT};
    rasqal_variable *var = bindings[mt->free_pos];

    if (mt->cur_val >= mt->n_vals)
        return (rasqal_triple_parts)0;
    if (!var || !(parts & part[mt->free_pos]))
        return parts;
    if (!bind_var(mt, var, mt->vals[mt->cur_val]))
        return (rasqal_triple_parts)0;
    return (rasqal_triple_parts)part[mt->free_pos];
}

static rasqal_triple_parts bind_match(rasqal_triples_match *rtm,
                                      void *user_data,
                                      rasqal_variable *bindings[4],
                                      rasqal_triple_parts parts)
{
    match *mt = rtm->user_data;
    librdf_statement *st;
    librdf_node *t[4];
    int result = 0, i, j;

    (void)user_data;
    if (mt->ground) /* nothing to bind: every term is a constant */
        return mt->pending > 0 ? parts : (rasqal_triple_parts)0;
    if (mt->listed)
        return bind_listed(mt, bindings, parts);
    if (!mt->stream ||
        (st = librdf_stream_get_object(mt->stream)) == NULL)
        return (rasqal_triple_parts)0;
    t[0] = librdf_statement_get_subject(st);
    t[1] = librdf_statement_get_predicate(st);
    t[2] = librdf_statement_get_object(st);
    t[3] = librdf_stream_get_context2(mt->stream);
    if (!t[3] && mt->walk)
        t[3] = mt->graphs[mt->cur];
    else if (!t[3])
        t[3] = mt->origin;
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

static void next_match(rasqal_triples_match *rtm, void *user_data)
{
    match *mt = rtm->user_data;

    (void)user_data;
    if (mt->ground) {
        mt->pending -= mt->pending > 0;
        return;
    }
    if (mt->listed) {
        mt->cur_val += mt->cur_val < mt->n_vals;
        return;
    }
    if (mt->stream)
        librdf_stream_next(mt->stream);
    settle(mt);
}

static int is_end(rasqal_triples_match *rtm, void *user_data)
{
    match *mt = rtm->user_data;

    (void)user_data;
    if (mt->ground)
        return mt->run->timed_out || mt->pending <= 0;
    if (mt->listed)
        return mt->run->timed_out || mt->cur_val >= mt->n_vals;
    return mt->run->timed_out || !mt->stream ||
           librdf_stream_end(mt->stream);
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
    if (mt->owns_vals)
        kg_graph__memo_free_nodes(mt->vals, mt->n_vals);
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

/* Nonzero when librdf answers the pattern of 'mt' from an index: exactly
 * two terms bound (the predicate of an all-bound pattern is compared
 * apart, see init_match). Others scan: the whole store, or one graph. */
static int indexed(const match *mt)
{
    return (mt->nodes[0] != NULL) + (mt->nodes[1] != NULL) +
               (mt->nodes[2] != NULL) ==
           2;
}

/*
 * Open the first stream of 'mt' for its pattern under the dataset of
 * 'run'; 'origin_var': the pattern is inside GRAPH ?g with ?g unbound.
 * A pattern librdf answers from an index goes through it over all graphs,
 * keeping the statements of the wanted graphs; any other walks the
 * wanted graphs (a scan of each). A stream librdf fails to open
 * counts as no statements: librdf has logged the failure, which query.c
 * reports.
 */
static void start_match(match *mt, kg_graph__run *run, int origin_var)
{
    if (tick(run))
        return;
    if (mt->origin) {
        if (run->restricted &&
            !in_list(run->named, run->n_named, mt->origin))
            return;
        if (indexed(mt)) {
            mt->keep = KEEP_ORIGIN;
            mt->stream = kg_graph__find_statements(
                mt->world, mt->model, mt->pattern);
        } else {
            mt->stream = librdf_model_find_statements_in_context(
                mt->model, mt->pattern, mt->origin);
        }
    } else if (!run->restricted) {
        mt->stream =
            kg_graph__find_statements(mt->world, mt->model, mt->pattern);
    } else {
        /* A graph variable ranges over the named graphs; the default
         * graph is the merge of the default graphs. */
        mt->graphs = origin_var ? run->named : run->defaults;
        mt->n_graphs = origin_var ? run->n_named : run->n_defaults;
        if (mt->n_graphs == 0)
            return;
        if (!origin_var && indexed(mt)) {
            mt->keep = KEEP_DEFAULT;
            mt->stream = kg_graph__find_statements(
                mt->world, mt->model, mt->pattern);
            settle(mt);
            return;
        }
        mt->walk = 1;
        mt->keep = origin_var ? KEEP_ALL : KEEP_FIRST;
        mt->stream = librdf_model_find_statements_in_context(
            mt->model, mt->pattern, mt->graphs[0]);
    }
    settle(mt);
}

/* Nonzero when pattern 't' is one of src->dead (find_dead). */
static int is_dead(const source *src, const rasqal_triple *t)
{
    size_t i;

    for (i = 0; i < src->n_dead; i++)
        if (src->dead[i] == t)
            return 1;
    return 0;
}

/* The memo key of pattern 'n' of 'mt' (NULL: the free term): the
 * model, 'tag', then each term as librdf encodes it (self-delimiting; a
 * 0 byte, which starts no encoding, for the free term). 0, or
 * KG_ENOMEM / KG_EINVALID (then no key). */
static int pattern_key(kg_buf *key, const match *mt, char tag,
                       librdf_node *const n[3])
{
    int i;

    if (kg_buf_put(key, (const char *)&mt->model, sizeof(mt->model)) < 0 ||
        kg_buf_put(key, &tag, 1) < 0)
        return KG_ENOMEM;
    for (i = 0; i < 3; i++) {
        size_t len = n[i] ? librdf_node_encode(n[i], NULL, 0) : 0;
        if (!n[i]) {
            if (kg_buf_put(key, "", 1) < 0)
                return KG_ENOMEM;
            continue;
        }
        if (len == 0)
            return KG_EINVALID;
        if (kg_buf_grow(key, len) < 0)
            return KG_ENOMEM;
        if (librdf_node_encode(n[i], (unsigned char *)key->ptr + key->size,
                               len) != len)
            return KG_EINVALID;
        key->size += len;
    }
    return 0;
}

/*
 * Start 'mt', whose terms are all bound, outside GRAPH, on the whole
 * model: its matches are counted at once (a few statements through so2p)
 * or taken from the run's memo, where the count is kept for the next
 * time the same pattern comes (memo.c says why).
 */
static void start_ground(match *mt)
{
    librdf_node *terms[3] = {mt->nodes[0], mt->want, mt->nodes[2]};
    librdf_node **none;
    kg_buf key = KG_BUF_INIT;
    long n = 0;
    int keyed = pattern_key(&key, mt, 'g', terms) == 0;

    mt->ground = 1;
    if (keyed &&
        kg_graph__memo_get(mt->run->memo, key.ptr, key.size, &n, &none)) {
        mt->pending = n;
        kg_buf_dispose(&key);
        return;
    }
    start_match(mt, mt->run, 0);
    while (mt->stream && !librdf_stream_end(mt->stream)) {
        n++;
        librdf_stream_next(mt->stream);
        settle(mt); /* frees the stream at its end */
    }
    if (mt->stream) {
        librdf_free_stream(mt->stream);
        mt->stream = NULL;
    }
    /* A full memo or no memory only costs the lookups again. */
    if (keyed && !mt->run->timed_out)
        (void)kg_graph__memo_put(&mt->run->memo, key.ptr, key.size, n, NULL);
    mt->pending = n;
    kg_buf_dispose(&key);
}

/* Matches a listed pattern gathers at most; past them it is a stream,
 * and the memo remembers that (a count of -1). */
#define LIST_MAX 1024
#define LIST_TRIAL 1024

/* Gather the nodes of the free term of 'mt' from its stream into
 * *vals (owned), *n of them. 1 when there were more than LIST_MAX (then
 * nothing is gathered), 0, or KG_ENOMEM. */
static int gather(match *mt, librdf_node ***vals, long *n)
{
    long alloc = 0;

    *vals = NULL;
    *n = 0;
    start_match(mt, mt->run, 0);
    for (; mt->stream && !librdf_stream_end(mt->stream);
         librdf_stream_next(mt->stream), settle(mt)) {
        librdf_statement *st = librdf_stream_get_object(mt->stream);
        librdf_node *v = mt->free_pos == 0 ? librdf_statement_get_subject(st)
                         : mt->free_pos == 1
                             ? librdf_statement_get_predicate(st)
                             : librdf_statement_get_object(st);
        if (*n == LIST_MAX || !v) {
            kg_graph__memo_free_nodes(*vals, *n);
            *vals = NULL;
            *n = 0;
            return 1;
        }
        if (*n == alloc) {
            long na = alloc ? alloc * 2 : 8;
            librdf_node **nv = kg__realloc(*vals, (size_t)na * sizeof(*nv));
            if (!nv)
                return KG_ENOMEM;
            *vals = nv;
            alloc = na;
        }
        if (((*vals)[*n] = librdf_new_node_from_node(v)) == NULL)
            return KG_ENOMEM;
        (*n)++;
    }
    return 0;
}

/*
 * Start 'mt', which has two terms bound, outside GRAPH, on the whole
 * model: its matches' free terms come from the run's memo, or are
 * gathered now and kept there for the next time the same pattern comes
 * (memo.c says why). A pattern with more than LIST_MAX matches goes on
 * as a stream (start_match).
 */
static void start_listed(match *mt)
{
    librdf_node **vals = NULL;
    kg_buf key = KG_BUF_INIT;
    long n = 0;
    int keyed = pattern_key(&key, mt, 'l', mt->nodes) == 0, rc;

    mt->free_pos = mt->nodes[0] == NULL ? 0 : mt->nodes[1] == NULL ? 1 : 2;
    if (keyed &&
        kg_graph__memo_get(mt->run->memo, key.ptr, key.size, &n, &vals)) {
        mt->run->list_hits++;
        if (n >= 0) {
            mt->listed = 1;
            mt->vals = vals;
            mt->n_vals = n;
        } else {
            start_match(mt, mt->run, 0);
        }
        kg_buf_dispose(&key);
        return;
    }
    rc = gather(mt, &vals, &n);
    if (mt->stream) {
        librdf_free_stream(mt->stream);
        mt->stream = NULL;
    }
    if (rc != 0 || mt->run->timed_out) {
        kg_graph__memo_free_nodes(vals, n);
        if (rc == 1 && keyed && !mt->run->timed_out)
            (void)kg_graph__memo_put(&mt->run->memo, key.ptr, key.size, -1,
                                     NULL);
        if (!mt->run->timed_out)
            start_match(mt, mt->run, 0); /* too many, or no memory */
        kg_buf_dispose(&key);
        return;
    }
    mt->listed = 1;
    mt->vals = vals;
    mt->n_vals = n;
    mt->owns_vals = !keyed || kg_graph__memo_put(&mt->run->memo, key.ptr,
                                                 key.size, n, vals) != 1;
    kg_buf_dispose(&key);
    /* Each pattern asked once (events per month, bench/store q4: 83k
     * distinct events) pays the gathering for nothing: after LIST_TRIAL
     * gatherings answering less than a quarter from the memo, stream. */
    if (++mt->run->lists >= LIST_TRIAL &&
        mt->run->list_hits * 4 < mt->run->lists)
        mt->run->no_lists = 1;
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
    mt->model = src->model;
    mt->run = src->run;
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
    if (mt->nodes[0] && mt->nodes[1] && mt->nodes[2]) {
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
    if (is_dead(src, t))
        ; /* its basic graph pattern has no solution: match nothing */
    else if (mt->want && !t->origin && !src->run->restricted)
        start_ground(mt);
    else if (!t->origin && !src->run->restricted && !src->run->no_lists &&
             indexed(mt))
        start_listed(mt);
    else
        start_match(mt, src->run, m->bindings[3] != NULL);
    return 0;
}

/* Nonzero when the dataset of 'run' holds 'st' in the default graph
 * ('origin' NULL) or in graph 'origin'. */
static int dataset_holds(librdf_model *model, kg_graph__run *run,
                         librdf_statement *st, librdf_node *origin)
{
    if (origin)
        return (!run->restricted ||
                in_list(run->named, run->n_named, origin)) &&
               kg_graph__holds(model, st, origin);
    if (run->restricted)
        return run->n_defaults > 0 &&
               first_holder(model, st, run->defaults, run->n_defaults,
                            NULL) >= 0;
    /* Not librdf_model_contains_statement: on the union store it
     * answered 0 for a statement that was there. */
    return first_holder(model, st, NULL, 0, NULL) == 0;
}

static int triple_present(rasqal_triples_source *rts, void *user_data,
                          rasqal_triple *t)
{
    source *src = user_data;
    match tmp;
    librdf_node *n[3] = {NULL, NULL, NULL}, *origin = NULL;
    rasqal_variable *var;
    librdf_statement *st;
    int i, rc = 0;

    (void)rts;
    if (tick(src->run))
        return 0;
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
    /* librdf_new_statement_from_nodes takes the nodes, even on failure. */
    if ((st = librdf_new_statement_from_nodes(src->world, n[0], n[1],
                                              n[2])) == NULL)
        return 0;
    if (!t->origin ||
        (pattern_term(&tmp, t->origin, &origin, &var) == 0 && !var))
        rc = dataset_holds(src->model, src->run, st, origin);
    if (origin)
        librdf_free_node(origin);
    librdf_free_statement(st);
    return rc;
}

static void free_source(void *user_data)
{
    source *src = user_data;

    kg__free(src->dead);
    src->dead = NULL;
    src->n_dead = 0;
}

/* Nonzero when ground pattern 't' (no variable, no graph) is absent from
 * the dataset; 0 when present or not ground. */
static int ground_absent(source *src, rasqal_triple *t)
{
    if (t->origin || rasqal_literal_as_variable(t->subject) ||
        rasqal_literal_as_variable(t->predicate) ||
        rasqal_literal_as_variable(t->object))
        return 0;
    return !triple_present(NULL, src, t);
}

/* Add the patterns of every basic graph pattern under 'gp' that holds an
 * absent ground pattern to src->dead. Patterns under GRAPH are left
 * alone: rasqal gives them their graph only when it runs them. Returns 0
 * or -1 (out of memory). */
static int find_dead(source *src, rasqal_graph_pattern *gp)
{
    rasqal_graph_pattern_operator op = rasqal_graph_pattern_get_operator(gp);
    rasqal_graph_pattern *sub;
    rasqal_triple *t, **grown;
    int i, n, absent = 0;

    if (op == RASQAL_GRAPH_PATTERN_OPERATOR_GRAPH)
        return 0;
    for (i = 0; (sub = rasqal_graph_pattern_get_sub_graph_pattern(gp, i));
         i++)
        if (find_dead(src, sub) < 0)
            return -1;
    if (op != RASQAL_GRAPH_PATTERN_OPERATOR_BASIC)
        return 0;
    for (n = 0; (t = rasqal_graph_pattern_get_triple(gp, n)); n++)
        absent |= ground_absent(src, t);
    if (!absent)
        return 0;
    grown = kg__realloc(src->dead, (src->n_dead + (size_t)n) *
                                       sizeof(*src->dead));
    if (!grown)
        return -1;
    src->dead = grown;
    for (i = 0; i < n; i++)
        src->dead[src->n_dead++] = rasqal_graph_pattern_get_triple(gp, i);
    return 0;
}

int kg_graph__run_add(kg_graph__run *run, librdf_world *w,
                      const char *iri, int named)
{
    librdf_node ***list = named ? &run->named : &run->defaults;
    size_t *n = named ? &run->n_named : &run->n_defaults;
    librdf_node **nl = kg__realloc(*list, (*n + 1) * sizeof(**list));

    if (!nl)
        return KG_ENOMEM;
    *list = nl;
    nl[*n] = librdf_new_node_from_uri_string(w, (const unsigned char *)iri);
    if (!nl[*n])
        return KG_ENOMEM;
    (*n)++;
    run->restricted = 1;
    return 0;
}

/* Remove the query's FROM / FROM NAMED (query.c has taken them into the
 * run) so that nothing tries to load them. */
static void drop_data_graphs(rasqal_query *q)
{
    raptor_sequence *seq = rasqal_query_get_data_graph_sequence(q);

    if (seq)
        while (raptor_sequence_size(seq) > 0)
            rasqal_free_data_graph(raptor_sequence_pop(seq));
}

/* Offer the named graphs of the dataset to GRAPH ?g: those of a
 * restricted run, else every graph of a model with contexts. */
static int add_graphs(rasqal_query *q, rasqal_world *rw,
                      librdf_model *model, kg_graph__run *run)
{
    librdf_iterator *it;
    size_t i;
    int rc = 0;

    if (run->restricted) {
        for (i = 0; i < run->n_named; i++) {
            raptor_uri *u = (raptor_uri *)librdf_node_get_uri(run->named[i]);
            rasqal_data_graph *dg = rasqal_new_data_graph_from_uri(
                rw, u, u, RASQAL_DATA_GRAPH_NAMED, NULL, NULL, NULL);
            if (!dg || rasqal_query_add_data_graph(q, dg))
                return 1;
        }
        return 0;
    }
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
    if (!current_model || !current_run)
        return 1; /* a query not started by kg_graph_query */
    src->world = current_world;
    src->model = current_model;
    src->run = current_run;
    drop_data_graphs(q);
    if (add_graphs(q, librdf_world_get_rasqal(src->world), src->model,
                   src->run))
        return 1;
    src->dead = NULL;
    src->n_dead = 0;
    if (rasqal_query_get_query_graph_pattern(q) &&
        find_dead(src, rasqal_query_get_query_graph_pattern(q)) < 0)
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
                                        librdf_model *model,
                                        kg_graph__run *run)
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
    current_run = run;
    res = librdf_query_execute(q, model);
    current_model = NULL;
    current_world = NULL;
    current_run = NULL;
    return res;
}
