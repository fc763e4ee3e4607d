/*
 * kg/graph.h -- the persistent store and SPARQL over it.
 *
 * A kg_graph is a librdf model on a storage chosen by a spec string, or a
 * SPARQL 1.1 server (see kg_graph_open). Each article's facts live in their own named graph
 * (librdf context) whose name is the article IRI; loading is idempotent per
 * graph. Queries run through rasqal.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef KG_GRAPH_H
#define KG_GRAPH_H

#include <stdio.h>

#include "ctx.h"
#include "triples.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Default store directory, relative to the working directory. */
#define KG_STORE_DEFAULT "kg-store"

typedef struct kg_graph kg_graph;

typedef enum kg_open_flags {
    KG_OPEN_READONLY = 1 << 0, /* never write */
    KG_OPEN_CREATE = 1 << 1    /* create the store if it does not exist */
} kg_open_flags;

/**
 * Open the store named by 'spec':
 * - a directory path: the embedded BDB hashes store with named graphs;
 * - "memory:": a transient in-memory store;
 * - "sparql+http://HOST[:PORT]/PATH" (or "sparql+https://"): a SPARQL 1.1
 *   server whose query endpoint is http(s)://HOST[:PORT]/PATH, with
 *   options after ';': "gsp=URL" its Graph Store Protocol endpoint (by
 *   default, when PATH ends in "/sparql", that segment replaced by
 *   "/sparql-graph-crud", as Virtuoso serves it; without one the store is
 *   read-only), "update=URL" its SPARQL Update endpoint (default: the
 *   query endpoint), "timeout=SECONDS" per request (default 300). E.g.
 *   "sparql+http://127.0.0.1:8890/sparql;timeout=30".
 * On a server every function below works as on the embedded store; each
 * article is a named graph written with the Graph Store Protocol, and kg
 * keeps the set union of its graphs in graph <https://w3id.org/kg/ns#union>,
 * the default graph of queries that name no graph (GRAPH, FROM). Queries
 * go to the server as written (no rasqal limitation applies).
 * @return 0; KG_ENOTFOUND when the store does not exist and KG_OPEN_CREATE
 * is not given; KG_EIO when it cannot be opened or created, or a server
 * does not answer (the reason in 'err'); KG_ETIMEOUT; KG_EINVALID for a
 * bad spec; KG_ENOMEM.
 */
KG_EXTERN int kg_graph_open(kg_graph **out, kg_ctx *ctx, const char *spec,
                            unsigned flags, kg_error *err);

/** Close the store, flushing it to disk; NULL is a no-op. */
KG_EXTERN void kg_graph_free(kg_graph *g);

typedef enum kg_load_status {
    KG_LOAD_ADDED = 1,  /* a new graph */
    KG_LOAD_UNCHANGED,  /* the same graph was already there: nothing done */
    KG_LOAD_REPLACED    /* an older version of the same source replaced */
} kg_load_status;

/**
 * Store one article's facts: every quad of 't' must be in graph 'graph_iri'.
 * When a graph 'graph_iri' already exists nothing changes; otherwise any
 * other graph with the same kg:sourceName 'source' is removed first.
 * @return 0, KG_EINVALID (a quad outside 'graph_iri'), KG_EIO, KG_ENOMEM.
 */
KG_EXTERN int kg_graph_add_article(kg_graph *g, const char *graph_iri,
                                   const char *source, const kg_triples *t,
                                   kg_load_status *status_out, kg_error *err);

/**
 * Replace the contents of each named graph that occurs in 't' with the
 * quads of 't' (quads in the default graph go to 'default_graph', which
 * must then be non-NULL). Used for RDF files.
 * @return 0, KG_EINVALID, KG_EIO, KG_ENOMEM.
 */
KG_EXTERN int kg_graph_replace_graphs(kg_graph *g, const kg_triples *t,
                                      const char *default_graph,
                                      kg_error *err);

/**
 * Add the quads of 't' as they are (quads in the default graph go to
 * 'default_graph', which must then be non-NULL), skipping quads already
 * present. Unlike kg_graph_replace_graphs no graph is emptied first and
 * no completion marker is written: meant for a transient "memory:" store
 * built to query RDF files (kg query --data).
 * @return 0, KG_EINVALID (a graph name that is not an IRI), KG_EIO,
 * KG_ENOMEM.
 */
KG_EXTERN int kg_graph_add_quads(kg_graph *g, const kg_triples *t,
                                 const char *default_graph, kg_error *err);

/** Remove graph 'graph_iri'. @return 0, KG_ENOTFOUND, KG_EIO. */
KG_EXTERN int kg_graph_remove(kg_graph *g, const char *graph_iri,
                              kg_error *err);

/** Number of quads in the store. */
KG_EXTERN long kg_graph_size(kg_graph *g);

/**
 * Close the store's files and open them again with 'flags' (KG_OPEN_CREATE
 * is ignored), e.g. to turn a read-only handle into a writer for one
 * update and back: a writer takes the exclusive lock (waiting up to 5 s
 * for other processes) and journals the store, and closing the writer
 * commits. The kg_graph stays the same object. A no-op for "memory:".
 * @return 0; KG_EIO (locked by another process, unreadable); KG_ENOMEM.
 * After a failure the store is open in its previous mode again or, when
 * even that fails, closed (kg_graph_is_open() says 0): then only
 * kg_graph_reopen() and kg_graph_free() may be called.
 */
KG_EXTERN int kg_graph_reopen(kg_graph *g, unsigned flags, kg_error *err);

/** Nonzero when the store's files are open (see kg_graph_reopen()). */
KG_EXTERN int kg_graph_is_open(const kg_graph *g);

/* ---- SPARQL ---------------------------------------------------------- */

typedef enum kg_result_format {
    KG_RESULTS_TABLE = 0, /* aligned text table for people */
    KG_RESULTS_CSV,
    KG_RESULTS_TSV,
    KG_RESULTS_JSON,
    KG_RESULTS_XML
} kg_result_format;

/** Map "table", "csv", "tsv", "json", "xml". @return 0 or KG_EINVALID. */
KG_EXTERN int kg_result_format_from_name(kg_result_format *out,
                                         const char *name);

typedef enum kg_query_kind {
    KG_QUERY_BINDINGS = 1, /* SELECT */
    KG_QUERY_BOOLEAN,      /* ASK */
    KG_QUERY_GRAPH         /* CONSTRUCT, DESCRIBE */
} kg_query_kind;

/*
 * The dataset of a query. With neither list given (both counts 0) it is
 * the query's own FROM / FROM NAMED graphs, or without those the whole
 * store (default graph: the union of all graphs; GRAPH ?g: every graph).
 * With either list given it replaces the query's FROM and FROM NAMED, as
 * the SPARQL 1.1 Protocol's default-graph-uri / named-graph-uri do: the
 * default graph is the merge of 'default_graphs' (empty when none) and
 * GRAPH ranges over 'named_graphs' only. Graphs are the store's: nothing
 * is ever read from the network or from files.
 */
typedef struct kg_query_options {
    unsigned version;   /* KG_QUERY_OPTIONS_VERSION */
    const char *base;   /* base IRI or NULL */
    int predeclare;     /* nonzero: common prefixes are predeclared */
    double timeout;     /* seconds for running and reading; 0: no limit */
    const char *const *default_graphs; /* graph IRIs; borrowed */
    size_t n_default_graphs;
    const char *const *named_graphs;   /* graph IRIs; borrowed */
    size_t n_named_graphs;
} kg_query_options;

#define KG_QUERY_OPTIONS_VERSION 1
#define KG_QUERY_OPTIONS_INIT \
    {KG_QUERY_OPTIONS_VERSION, NULL, 1, 0, NULL, 0, NULL, 0}

/** The prefixes predeclared for queries, as SPARQL PREFIX lines. */
KG_EXTERN const char *kg_query_prefixes(void);

typedef struct kg_result kg_result;

/**
 * Run a SPARQL query. Syntax errors give KG_EPARSE with the line and
 * column (in the caller's text) in 'err'.
 * @return 0, KG_EPARSE, KG_EQUERY, KG_ENOMEM.
 */
KG_EXTERN int kg_graph_query(kg_result **out, kg_graph *g, const char *sparql,
                             const kg_query_options *opts, kg_error *err);

/**
 * Check the syntax of a SPARQL query without running it (no store
 * needed). 'opts' gives the base IRI and whether prefixes are
 * predeclared (NULL: defaults); the dataset and timeout are ignored.
 * Besides the grammar, the rules SPARQL checks after parsing are checked
 * (VALUES row lengths, blank node labels, grouping, the scope of AS).
 * A query that parses may still be refused by kg_graph_query
 * (KG_EUNSUPPORTED).
 * @return 0, KG_EPARSE (line and column in 'err'), KG_EUNSUPPORTED (a
 * property path or a prefixed name with ':' in its local part, which
 * rasqal cannot read), KG_ENOMEM.
 */
KG_EXTERN int kg_query_parse(kg_ctx *ctx, const char *sparql,
                             const kg_query_options *opts, kg_error *err);

/**
 * The IRIs of the query's FROM (appended to 'defaults_out') and FROM NAMED
 * ('named_out'), each followed by a NUL, resolved against the base of
 * 'opts' (NULL: defaults); '*n_defaults' and '*n_named' count them. For
 * callers that load those graphs themselves (kg query --load-from).
 * @return 0, KG_EPARSE, KG_ENOMEM.
 */
KG_EXTERN int kg_query_dataset(kg_ctx *ctx, const char *sparql,
                               const kg_query_options *opts,
                               kg_buf *defaults_out, size_t *n_defaults,
                               kg_buf *named_out, size_t *n_named,
                               kg_error *err);

KG_EXTERN void kg_result_free(kg_result *r);
KG_EXTERN kg_query_kind kg_result_kind(const kg_result *r);
/** ASK answer (KG_QUERY_BOOLEAN only). */
KG_EXTERN int kg_result_boolean(const kg_result *r);

/**
 * Write bindings or a boolean in 'fmt' to 'fp'.
 * @return 0, KG_EINVALID (a graph result), KG_EIO, KG_ENOMEM.
 */
KG_EXTERN int kg_result_write(kg_result *r, FILE *fp, kg_result_format fmt,
                              kg_error *err);

/**
 * The link a capped JSON or XML result carries in its head when rows were
 * left out, followed by the cap: "urn:kg:truncated:100".
 */
#define KG_RESULT_TRUNCATED_LINK "urn:kg:truncated:"

/**
 * Like kg_result_write(), but at most 'max_rows' rows (0: no cap). When
 * rows were left out, '*truncated_out' (may be NULL) is set to 1 and the
 * document says so where its format allows it without upsetting standard
 * readers: JSON "head": {"link": ["urn:kg:truncated:N"]}, XML
 * <link href="urn:kg:truncated:N"/> in <head>, the table's last line;
 * CSV and TSV carry no mark (tell the reader out of band). With a cap the
 * rows are read, and one more, before anything is written.
 * @return 0, KG_EINVALID (a graph result), KG_ETIMEOUT, KG_EQUERY,
 * KG_EIO, KG_ENOMEM; '*truncated_out' is 0 after a failure.
 */
KG_EXTERN int kg_result_write_capped(kg_result *r, FILE *fp,
                                     kg_result_format fmt, long max_rows,
                                     int *truncated_out, kg_error *err);

/**
 * Append the triples of a graph result (CONSTRUCT/DESCRIBE) to 'out'.
 * @return 0, KG_EINVALID (not a graph result), KG_ENOMEM.
 */
KG_EXTERN int kg_result_triples(kg_result *r, kg_triples *out, kg_error *err);

/* ---- SPARQL Update ----------------------------------------------------- */

typedef struct kg_update_stats {
    int operations; /* operations run */
    long inserted;  /* quads added (not counting ones already there) */
    long deleted;   /* quads removed */
} kg_update_stats;

/**
 * Run a SPARQL 1.1 Update request 'sparql' (operations separated by ';')
 * on writable store 'g'. Supported: INSERT DATA, DELETE DATA, DELETE
 * WHERE, [WITH <g>] DELETE {...} INSERT {...} WHERE {...} (the WHERE runs
 * through kg_graph_query(), so it has the same prefixes, limits and
 * union default graph), CLEAR, DROP (GRAPH <g>, DEFAULT, NAMED, ALL;
 * SILENT) and CREATE GRAPH. The default graph is the union of the named
 * graphs: deleting a triple from it deletes it from every graph stating
 * it, CLEAR/DROP DEFAULT empty every graph, and inserting into it is
 * refused (name a graph with GRAPH <g> { ... } or WITH <g>). Graphs are
 * kept, possibly empty, until dropped. LOAD (no network or file access,
 * ever), ADD, MOVE, COPY, USING and WITH together with GRAPH in a
 * template are refused. Every operation is parsed and checked before the
 * first one runs; on a directory store a failure while running leaves
 * nothing of the request once 'g' is closed (the session's journal rolls
 * back, and 'g' accepts no further writes). 'opts' gives the base IRI,
 * the predeclared prefixes and a time limit for the whole request.
 * A remote store refuses every update with KG_EUNSUPPORTED (kg's union
 * graph on the server would go stale).
 * @return 0 (counts in '*stats_out', may be NULL); KG_EPARSE (line and
 * column in the caller's text); KG_EUNSUPPORTED (the operation named);
 * KG_EINVALID (e.g. insert into the default graph, a variable in DATA,
 * CREATE of an existing graph, CLEAR/DROP of a missing one without
 * SILENT); KG_ETIMEOUT; KG_EQUERY; KG_EIO (read-only store, write
 * failure); KG_ENOMEM.
 */
KG_EXTERN int kg_graph_update(kg_graph *g, const char *sparql,
                              const kg_query_options *opts,
                              kg_update_stats *stats_out, kg_error *err);

/**
 * Parse and check update 'sparql' as kg_graph_update() does before it
 * writes anything, without writing; 'g' may be read-only. Lets a caller
 * refuse a bad request before it opens the store for writing.
 * @return 0, KG_EPARSE, KG_EUNSUPPORTED, KG_EINVALID, KG_ENOMEM.
 */
KG_EXTERN int kg_graph_update_check(kg_graph *g, const char *sparql,
                                    const kg_query_options *opts,
                                    kg_error *err);

/* ---- Lookups used by the diagrams ------------------------------------ */

/**
 * Resolve 'name_or_iri' to an entity IRI: an IRI that occurs as a subject
 * is taken as is; otherwise the entity whose rdfs:label or skos:altLabel
 * equals the name, case-insensitively. @return 0, KG_ENOTFOUND, KG_ENOMEM.
 */
KG_EXTERN int kg_graph_resolve(kg_buf *iri_out, kg_graph *g,
                               const char *name_or_iri, kg_error *err);

/**
 * Append to 'out' the neighbourhood of 'iri' to 'hops' hops over entity and
 * event links, with the rdf:type and rdfs:label of every node reached (in
 * the default graph: quads carry no graph). At most 'max_nodes' nodes.
 * @return 0, KG_ENOMEM.
 */
KG_EXTERN int kg_graph_neighbourhood(kg_triples *out, kg_graph *g,
                                     const char *iri, int hops,
                                     int max_nodes, kg_error *err);

/* ---- Statistics ------------------------------------------------------- */

typedef struct kg_count {
    char *key;  /* class or event type IRI; owned by the kg_stats */
    long count;
} kg_count;

typedef struct kg_stats {
    long triples;         /* quads in the store */
    long graphs;          /* named graphs */
    long articles;        /* schema:NewsArticle nodes */
    kg_count *classes;    /* entities per class, sorted by key */
    size_t n_classes;
    kg_count *events;     /* events per type, sorted by key */
    size_t n_events;
    long long disk_bytes; /* store size on disk; -1 for memory */
} kg_stats;

/** Compute statistics. Free with kg_stats_free(). @return 0, KG_ENOMEM. */
KG_EXTERN int kg_graph_stats(kg_stats **out, kg_graph *g, kg_error *err);
KG_EXTERN void kg_stats_free(kg_stats *s);

#ifdef __cplusplus
}
#endif
#endif
