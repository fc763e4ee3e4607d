/*
 * remote.h -- the remote backend of kg_graph (remote.c) and its HTTP
 * client (http.c). A kg_graph whose 'remote' is set talks to a SPARQL 1.1
 * server; every public function of graph/ checks it first.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef KG_GRAPH_REMOTE_H
#define KG_GRAPH_REMOTE_H

#include "graph_int.h"

/* Graph holding the set union of kg's graphs on a server: queries that
 * name no graph get it as their default graph (see remote.c). */
#define KG_GRAPH__UNION KG_NS "union"

/* ---- http.c ----------------------------------------------------------- */

typedef struct kg_graph__http_request {
    const char *method;       /* "GET", "POST", "PUT", "DELETE" */
    const char *url;
    const char *content_type; /* of 'body'; NULL: none */
    const char *body;         /* NULL: no body */
    size_t body_len;
    const char *accept;       /* NULL: any */
    double timeout;           /* seconds for the whole exchange; 0: none */
    int fail_code;            /* code for an HTTP status >= 400; 0: KG_EIO */
} kg_graph__http_request;

typedef struct kg_graph__http_reply {
    long status;     /* HTTP status */
    char ctype[128]; /* media type without parameters; "" if none */
    char partial[200]; /* Virtuoso's X-SQL-State and X-SQL-Message when
                          it cut a query short ("anytime" answers); "" */
    kg_buf body;     /* owned; NUL-terminated after a successful call */
} kg_graph__http_reply;

/* A new HTTP handle (a CURL easy handle) in '*out'. 0 or KG_ENOMEM. */
int kg_graph__http_new(void **out, kg_error *err);
void kg_graph__http_free(void *h);
/* Append 's' percent-encoded for a query string. 0 or KG_ENOMEM. */
int kg_graph__http_escape(kg_buf *out, void *h, const char *s);
/*
 * Run 'req' and fill 'reply'. Returns 0 for a status below 400;
 * KG_EIO (transport failure), KG_ETIMEOUT, req->fail_code or KG_EIO for
 * an HTTP error status (the server's message in 'err'), KG_ENOMEM.
 */
int kg_graph__http(kg_graph__http_reply *reply, void *h,
                   const kg_graph__http_request *req, kg_error *err);

/* ---- remote.c --------------------------------------------------------- */

/* Nonzero when 'spec' names a server ("sparql+http://", "sparql+https://"). */
int kg_graph__remote_spec(const char *spec);

/*
 * Parse 'spec' into g->remote and check that the server answers.
 * Returns 0, KG_EINVALID (bad spec), KG_EIO / KG_ETIMEOUT (unreachable),
 * KG_ENOMEM.
 */
int kg_graph__remote_open(kg_graph *g, const char *spec, kg_error *err);
void kg_graph__remote_free(struct kg_graph__remote *rm);

int kg_graph__remote_add_article(kg_graph *g, const char *graph_iri,
                                 const char *source, const kg_triples *t,
                                 kg_load_status *status_out, kg_error *err);
int kg_graph__remote_replace_graphs(kg_graph *g, const kg_triples *t,
                                    const char *default_graph,
                                    kg_error *err);
int kg_graph__remote_remove(kg_graph *g, const char *graph_iri,
                            kg_error *err);
/* Quads in kg's graphs, or -1 when the server cannot be asked. */
long kg_graph__remote_size(kg_graph *g);
/* Quads and graphs of kg on the server. 0 or a failure code. */
int kg_graph__remote_counts(kg_graph *g, long *triples_out,
                            long *graphs_out, kg_error *err);

int kg_graph__remote_query(kg_result **out, kg_graph *g, const char *sparql,
                           const kg_query_options *opts, kg_error *err);
int kg_graph__remote_next(kg_result *r, librdf_node **values, kg_error *err);
int kg_graph__remote_triples(kg_result *r, kg_triples *out, kg_error *err);
void kg_graph__remote_result_free(kg_result *r);

/*
 * The statements matching 'pat' (NULL parts are wildcards): on a remote
 * store one SELECT DISTINCT over the union graph, else the local quads.
 * A remote failure gives an empty stream and is kept for
 * kg_graph__remote_check(). NULL when out of memory.
 */
librdf_stream *kg_graph__find(kg_graph *g, librdf_statement *pat);
/* Forget the kept failure of kg_graph__find (start of a lookup). */
void kg_graph__remote_reset(kg_graph *g);
/* 'error', or the failure kept since the last reset (copied to 'err'). */
int kg_graph__remote_check(kg_graph *g, int error, kg_error *err);

#endif
