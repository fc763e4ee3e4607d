/*
 * kg/serve.h -- a SPARQL 1.1 Protocol endpoint over HTTP (libmicrohttpd).
 *
 * Routes: /sparql (queries by GET, form POST or application/sparql-query
 * POST; the service description in Turtle without a query), /diagram (an
 * SVG of a CONSTRUCT result or of an entity's neighbourhood), / (a page
 * with a query box, a results table and the diagram) and /app.js.
 *
 * The server is read-only and bounded by default: a per-query time limit,
 * a result-row cap (truncation is signalled in the response headers and,
 * for JSON, XML and the RDF syntaxes, in the body as well: see
 * kg_result_write_capped()), a maximum query length, no CORS headers unless asked. librdf, rasqal and
 * Graphviz are not thread-safe: every call on the borrowed kg_ctx and
 * kg_graph is made under one lock, and each response is built whole in
 * memory before the lock is released, so a slow reader never holds it.
 * The library never prints: one access log line per request goes to a
 * callback.
 *
 * With an update token, POST application/sparql-update and form update=
 * run kg_graph_update() for requests that carry "Authorization: Bearer
 * TOKEN" (401 otherwise; 403 for any update without a token). Each update
 * is checked on the read-only handle, then 'g' is reopened as a writer
 * for that request (kg_graph_reopen: exclusive lock and journal, as kg
 * load) and as a reader again, which commits before the 200.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef KG_SERVE_H
#define KG_SERVE_H

#include <stddef.h>

#include "ctx.h"
#include "graph.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct kg_server kg_server;

/**
 * Receives one access log line (no newline) per request, from a server
 * thread; calls are serialised by the server. 'data' is the options'
 * 'access_log_data'.
 */
typedef void (*kg_server_log_fn)(void *data, const char *line);

typedef struct kg_server_options {
    unsigned version;        /* KG_SERVER_OPTIONS_VERSION */
    const char *bind;        /* numeric IPv4/IPv6 address; NULL: 127.0.0.1 */
    int port;                /* TCP port; 0: an ephemeral one */
    long timeout_ms;         /* per-query time limit; 0: none */
    long max_rows;           /* result rows/triples per response; 0: none */
    size_t max_query_bytes;  /* longest query text or request body */
    int cors;                /* nonzero: CORS headers and preflight */
    const char *update_token; /* NULL: no SPARQL Update route at all */
    int max_connections;     /* concurrent connections (threads) */
    kg_server_log_fn access_log; /* NULL: no access log */
    void *access_log_data;   /* passed to 'access_log' */
} kg_server_options;

#define KG_SERVER_OPTIONS_VERSION 1
#define KG_SERVER_OPTIONS_INIT                                               \
    {KG_SERVER_OPTIONS_VERSION, NULL, 8000, 10000, 10000, 65536, 0, NULL,    \
     64, NULL, NULL}

/**
 * Bind and start serving 'g' in background threads. 'ctx' and 'g' are
 * borrowed and used only by the server until kg_server_free(): the caller
 * must not use them meanwhile.
 * @return 0; KG_EINVALID (bad address or options); KG_EIO (cannot bind
 * or listen, e.g. the port is taken); KG_ENOMEM.
 */
KG_EXTERN int kg_server_new(kg_server **out, kg_ctx *ctx, kg_graph *g,
                            const kg_server_options *opts, kg_error *err);

/** The TCP port the server listens on (the chosen one for port 0). */
KG_EXTERN int kg_server_port(const kg_server *s);

/**
 * Serve until 'stop_fd' becomes readable (e.g. the read end of a pipe a
 * signal handler writes to), then stop accepting connections and wait up
 * to 'grace_ms' for the requests in flight to finish.
 * @return 0, or KG_EIO when polling 'stop_fd' fails.
 */
KG_EXTERN int kg_server_run(kg_server *s, int stop_fd, long grace_ms,
                            kg_error *err);

/** Number of requests being handled right now. */
KG_EXTERN int kg_server_in_flight(kg_server *s);

/**
 * Stop the server (waiting for handlers that are running) and free it;
 * the ctx and graph are untouched. NULL is a no-op.
 */
KG_EXTERN void kg_server_free(kg_server *s);

#ifdef __cplusplus
}
#endif
#endif
