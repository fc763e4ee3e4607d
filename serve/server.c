/*
 * server.c -- the SPARQL 1.1 Protocol endpoint on libmicrohttpd.
 *
 * MHD runs one thread per connection (bounded by max_connections, idle
 * connections time out), so a client that reads its response slowly only
 * occupies its own thread. librdf, rasqal and Graphviz are not thread-safe:
 * every call on the borrowed kg_ctx and kg_graph happens under 'lock', and
 * a handler builds its whole response in memory (bounded by the row cap)
 * before it releases the lock; MHD sends the copy afterwards.
 *
 * A request lives from the first call of on_request() to MHD's completion
 * notice: 'in_flight' counts them so that kg_server_run() can stop
 * accepting (MHD_quiesce_daemon) and let the requests in flight finish
 * before the caller closes the store. The access log line is written at
 * completion, when the status and size are known.
 *
 * The time limit is graph/'s: checked before each row is read and, in
 * kg's triples source, every few matching steps, so that work rasqal
 * does before the first row (ORDER BY, GROUP BY) also stops; the query
 * then answers 503 promptly and releases the lock.
 *
 * default-graph-uri and named-graph-uri (repeatable, in the URL or the
 * form body) give the query's dataset from the store's graphs, replacing
 * its FROM / FROM NAMED (graph/'s kg_query_options).
 *
 * SPARQL Update (only with an update token) is checked on the read-only
 * handle, then the handle is reopened as a writer for that one request
 * (kg_graph_reopen: the store's exclusive lock and journal, as kg load
 * takes them) and as a reader again, which commits before the response
 * is sent; all of it under 'lock', so queries and updates are
 * serialised. Other processes (kg query) can read between updates.
 *
 * Status codes: 400 for a syntax error (message and position), a query
 * or update the store cannot run, or a bad parameter; 403 for an update
 * when none is enabled, 401 without the right bearer token; 404
 * unknown route or entity; 405 wrong method (with Allow); 406 when no
 * acceptable media type; 413 oversized query or body; 415 unknown POST
 * body type; 503 for a timeout or a store another process holds; 500
 * only for the server's own failures.
 *
 * SPDX-License-Identifier: MIT
 */
#include <arpa/inet.h>
#include <assert.h>
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "serve_int.h"

#define HOPS_MAX 3
#define DIAGRAM_NODES_MAX 150

struct kg_server {
    struct MHD_Daemon *daemon; /* owned */
    kg_ctx *ctx;               /* borrowed; used under 'lock' only */
    kg_graph *g;               /* borrowed; used under 'lock' only */
    pthread_mutex_t lock;      /* serialises every ctx/graph/viz call */
    pthread_mutex_t state;     /* guards 'in_flight' and the log */
    pthread_cond_t idle;       /* signalled when 'in_flight' drops */
    int in_flight;             /* requests begun, not yet completed */
    int port;
    kg_server_options opts;    /* copy; strings point into this struct */
    char bind[INET6_ADDRSTRLEN];
    char *token;               /* owned copy of the update token or NULL */
};

/* One HTTP request, from its first callback to its completion. */
typedef struct request {
    double start;       /* monotonic seconds */
    kg_buf body;        /* the POST body, up to the query limit */
    int too_large;      /* the body passed the limit and was dropped */
    int status;         /* status code sent; 0 before a response */
    size_t bytes;       /* body bytes sent */
    char method[16];
    char path[256];     /* URL path, for the log (controls replaced) */
    char client[INET6_ADDRSTRLEN];
} request;

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- responses -------------------------------------------------------- */

static void common_headers(kg_server *s, struct MHD_Response *resp)
{
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    if (s->opts.cors) {
        MHD_add_response_header(resp, "Access-Control-Allow-Origin", "*");
        MHD_add_response_header(resp, "Access-Control-Expose-Headers",
                                "KG-Result-Truncated, Warning");
    }
}

/* Queue 'len' bytes of 'body' (copied) with 'type'; records the status. */
static enum MHD_Result reply(kg_server *s, request *req,
                             struct MHD_Connection *c, unsigned status,
                             const char *type, const char *body, size_t len,
                             struct MHD_Response **resp_out)
{
    struct MHD_Response *resp;
    enum MHD_Result ret;

    resp = MHD_create_response_from_buffer(len, (void *)body,
                                           MHD_RESPMEM_MUST_COPY);
    if (!resp)
        return MHD_NO;
    if (type)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    common_headers(s, resp);
    if (resp_out)
        *resp_out = resp; /* the caller adds headers, queues, destroys */
    req->status = (int)status;
    req->bytes = len;
    if (resp_out)
        return MHD_YES;
    ret = MHD_queue_response(c, status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static enum MHD_Result queue(struct MHD_Connection *c, request *req,
                             struct MHD_Response *resp)
{
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)req->status, resp);

    MHD_destroy_response(resp);
    return ret;
}

/* A plain-text error: "message\n". */
static enum MHD_Result fail(kg_server *s, request *req,
                            struct MHD_Connection *c, unsigned status,
                            const char *fmt, ...) KG_PRINTF(5, 6);

static enum MHD_Result fail(kg_server *s, request *req,
                            struct MHD_Connection *c, unsigned status,
                            const char *fmt, ...)
{
    char msg[640];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(msg, sizeof(msg) - 1, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    if ((size_t)n > sizeof(msg) - 2)
        n = (int)sizeof(msg) - 2;
    msg[n++] = '\n';
    msg[n] = '\0';
    return reply(s, req, c, status, "text/plain; charset=utf-8", msg,
                 (size_t)n, NULL);
}

static enum MHD_Result fail_method(kg_server *s, request *req,
                                   struct MHD_Connection *c,
                                   const char *allow)
{
    struct MHD_Response *resp;
    char msg[128];
    int n = snprintf(msg, sizeof(msg), "method not allowed here; use %s\n",
                     allow);

    if (reply(s, req, c, MHD_HTTP_METHOD_NOT_ALLOWED,
              "text/plain; charset=utf-8", msg, (size_t)n, &resp) != MHD_YES)
        return MHD_NO;
    MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, allow);
    return queue(c, req, resp);
}

/* The status for a library error code from a query or lookup. */
static unsigned status_of(int code)
{
    switch (code) {
    case KG_EPARSE:
    case KG_EQUERY:
    case KG_EUNSUPPORTED:
    case KG_EINVALID:
        return MHD_HTTP_BAD_REQUEST;
    case KG_ENOTFOUND:
        return MHD_HTTP_NOT_FOUND;
    case KG_ETIMEOUT:
        return MHD_HTTP_SERVICE_UNAVAILABLE;
    default:
        return MHD_HTTP_INTERNAL_SERVER_ERROR;
    }
}

static enum MHD_Result fail_error(kg_server *s, request *req,
                                  struct MHD_Connection *c,
                                  const kg_error *err)
{
    unsigned status = status_of(err->code);
    const char *msg = err->message[0] ? err->message
                                      : kg_error_name(err->code);

    if (err->code == KG_EPARSE && err->line > 0)
        return fail(s, req, c, status,
                    "syntax error at line %d, column %d: %s", err->line,
                    err->column, msg);
    if (err->code == KG_EPARSE)
        return fail(s, req, c, status, "syntax error: %s", msg);
    if (err->line > 0)
        return fail(s, req, c, status, "line %d, column %d: %s", err->line,
                    err->column, msg);
    return fail(s, req, c, status, "%s", msg);
}

/* ---- queries ---------------------------------------------------------- */

static const kg_serve__offer row_offers[] = {
    {"application/sparql-results+json", KG_RESULTS_JSON},
    {"application/sparql-results+xml", KG_RESULTS_XML},
    {"text/csv", KG_RESULTS_CSV},
    {"text/tab-separated-values", KG_RESULTS_TSV},
    {"application/json", KG_RESULTS_JSON},
    {"application/xml", KG_RESULTS_XML},
    {"text/xml", KG_RESULTS_XML},
};

static const kg_serve__offer graph_offers[] = {
    {"text/turtle", KG_RDF_TURTLE},
    {"application/n-triples", KG_RDF_NTRIPLES},
    {"application/rdf+xml", KG_RDF_RDFXML},
    {"application/turtle", KG_RDF_TURTLE},
    {"application/x-turtle", KG_RDF_TURTLE},
    {"text/plain", KG_RDF_NTRIPLES},
    {"application/xml", KG_RDF_RDFXML},
};

static const char *row_type(int fmt)
{
    switch (fmt) {
    case KG_RESULTS_JSON:
        return "application/sparql-results+json; charset=utf-8";
    case KG_RESULTS_XML:
        return "application/sparql-results+xml; charset=utf-8";
    case KG_RESULTS_CSV:
        return "text/csv; charset=utf-8";
    default:
        return "text/tab-separated-values; charset=utf-8";
    }
}

static const char *graph_type(int fmt)
{
    switch (fmt) {
    case KG_RDF_NTRIPLES:
        return "application/n-triples";
    case KG_RDF_RDFXML:
        return "application/rdf+xml";
    default:
        return "text/turtle; charset=utf-8";
    }
}

/* The protocol's dataset: [0] default-graph-uri, [1] named-graph-uri. */
#define DATASET_MAX 64
typedef struct dataset {
    kg_buf text[2];                     /* the values, NUL after each */
    const char *iris[2][DATASET_MAX];   /* into 'text', set at the end */
    size_t n[2];
    int error;                          /* KG_ENOMEM, or KG_EINVALID: too
                                           many */
} dataset;

static const char *const dataset_params[2] = {"default-graph-uri",
                                              "named-graph-uri"};

static void dataset_add(dataset *ds, int which, const char *iri, size_t n)
{
    if (ds->error)
        return;
    if (ds->n[which] == DATASET_MAX)
        ds->error = KG_EINVALID;
    else if (kg_buf_put(&ds->text[which], iri, n) < 0 ||
             kg_buf_put(&ds->text[which], "", 1) < 0)
        ds->error = KG_ENOMEM;
    else
        ds->n[which]++;
}

static enum MHD_Result dataset_arg(void *cls, enum MHD_ValueKind kind,
                                   const char *key, const char *value)
{
    int i;

    (void)kind;
    for (i = 0; i < 2; i++)
        if (key && strcmp(key, dataset_params[i]) == 0)
            dataset_add(cls, i, value ? value : "", value ? strlen(value)
                                                          : 0);
    return MHD_YES;
}

/*
 * Collect every default-graph-uri and named-graph-uri from the URL and
 * from 'form' (a urlencoded body, or NULL); each may repeat. Returns 0,
 * KG_EINVALID (more than DATASET_MAX) or KG_ENOMEM.
 */
static int dataset_collect(dataset *ds, struct MHD_Connection *c,
                           const kg_buf *form)
{
    const char *p = form && form->size ? form->ptr : NULL;
    const char *end = p ? p + form->size : NULL;
    kg_buf v = KG_BUF_INIT;
    size_t i, k;

    memset(ds, 0, sizeof(*ds));
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, dataset_arg, ds);
    /* kg_serve__form_get finds the first occurrence: give it one pair at
     * a time. */
    while (p && p < end && !ds->error) {
        const char *pair = p;
        while (p < end && *p != '&')
            p++;
        for (i = 0; i < 2; i++) {
            kg_buf_clear(&v);
            if (kg_serve__form_get(&v, pair, (size_t)(p - pair),
                                   dataset_params[i]) == 1)
                dataset_add(ds, (int)i, v.ptr ? v.ptr : "", v.size);
        }
        if (p < end)
            p++;
    }
    kg_buf_dispose(&v);
    for (i = 0; i < 2 && !ds->error; i++) {
        const char *q = ds->text[i].ptr;
        for (k = 0; k < ds->n[i]; k++, q += strlen(q) + 1)
            ds->iris[i][k] = q;
    }
    return ds->error;
}

static void dataset_dispose(dataset *ds)
{
    kg_buf_dispose(&ds->text[0]);
    kg_buf_dispose(&ds->text[1]);
}

static void query_options(kg_server *s, kg_query_options *q)
{
    q->predeclare = 1;
    q->timeout = (double)s->opts.timeout_ms / 1000.0;
}

/* The triples of graph result 'r', cut to the row cap; under the lock. */
static int graph_triples(kg_server *s, kg_result *r, kg_triples **out,
                         int *truncated, kg_error *err)
{
    int error;

    *truncated = 0;
    if ((error = kg_triples_new(out, err)) < 0 ||
        (error = kg_result_triples(r, *out, err)) < 0)
        return error;
    if (s->opts.max_rows > 0 &&
        kg_triples_count(*out) > (size_t)s->opts.max_rows) {
        kg__triples_truncate(*out, (size_t)s->opts.max_rows);
        *truncated = 1;
    }
    return 0;
}

/*
 * Run 'text' and write the answer in the negotiated format into
 * memory; under the lock. Sets '*status' to 406 when nothing fits.
 */
static int answer(kg_server *s, const char *text, const dataset *ds,
                  const char *accept, char **mem, size_t *len,
                  const char **type, int *truncated, unsigned *status,
                  kg_error *err)
{
    kg_query_options qo = KG_QUERY_OPTIONS_INIT;
    kg_rdf_writer *w = NULL;
    kg_triples *t = NULL;
    kg_result *r = NULL;
    FILE *fp = NULL;
    int error, pick;

    query_options(s, &qo);
    qo.default_graphs = ds->iris[0];
    qo.n_default_graphs = ds->n[0];
    qo.named_graphs = ds->iris[1];
    qo.n_named_graphs = ds->n[1];
    *status = MHD_HTTP_OK;
    /* A failed update may have left the store closed: try again. */
    if (!kg_graph_is_open(s->g) &&
        kg_graph_reopen(s->g, KG_OPEN_READONLY, err) < 0) {
        *status = MHD_HTTP_SERVICE_UNAVAILABLE;
        error = err->code;
        goto done;
    }
    if ((error = kg_graph_query(&r, s->g, text, &qo, err)) < 0)
        goto done;
    if (kg_result_kind(r) == KG_QUERY_GRAPH)
        pick = kg_serve__negotiate(accept, graph_offers,
                                   KG_ARRAY_SIZE(graph_offers));
    else
        pick = kg_serve__negotiate(accept, row_offers,
                                   KG_ARRAY_SIZE(row_offers));
    if (pick < 0) {
        *status = MHD_HTTP_NOT_ACCEPTABLE;
        error = kg_error_set(err, KG_EINVALID,
                             kg_result_kind(r) == KG_QUERY_GRAPH
                                 ? "no acceptable media type; this result "
                                   "is available as text/turtle, "
                                   "application/n-triples, "
                                   "application/rdf+xml"
                                 : "no acceptable media type; this result "
                                   "is available as application/sparql-"
                                   "results+json, application/sparql-"
                                   "results+xml, text/csv, "
                                   "text/tab-separated-values");
        goto done;
    }
    if ((fp = open_memstream(mem, len)) == NULL) {
        error = kg_error_set(err, KG_ENOMEM, "out of memory");
        goto done;
    }
    if (kg_result_kind(r) == KG_QUERY_GRAPH) {
        int fmt = graph_offers[pick].format;

        *type = graph_type(fmt);
        if ((error = graph_triples(s, r, &t, truncated, err)) < 0 ||
            (error = kg_rdf_writer_new(&w, s->ctx, fp, (kg_rdf_format)fmt,
                                       err)) < 0 ||
            (error = kg_rdf_writer_add(w, t, err)) < 0 ||
            (error = kg_rdf_writer_finish(w, err)) < 0)
            goto done;
        /* A comment is valid at the end of all three syntaxes and
         * skipped by their parsers. */
        if (*truncated)
            fprintf(fp,
                    fmt == KG_RDF_RDFXML
                        ? "<!-- " KG_RESULT_TRUNCATED_LINK "%ld: the result "
                          "was cut to %ld triples -->\n"
                        : "# " KG_RESULT_TRUNCATED_LINK "%ld: the result "
                          "was cut to %ld triples\n",
                    s->opts.max_rows, s->opts.max_rows);
    } else {
        int fmt = row_offers[pick].format;

        *type = row_type(fmt);
        if ((error = kg_result_write_capped(r, fp, (kg_result_format)fmt,
                                            s->opts.max_rows, truncated,
                                            err)) < 0)
            goto done;
    }

done:
    kg_rdf_writer_free(w);
    kg_triples_free(t);
    kg_result_free(r);
    if (fp && fclose(fp) != 0 && error == 0)
        error = kg_error_set(err, KG_ENOMEM, "out of memory");
    return error;
}

static enum MHD_Result run_query(kg_server *s, request *req,
                                 struct MHD_Connection *c, const char *text,
                                 const dataset *ds)
{
    const char *accept = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                     MHD_HTTP_HEADER_ACCEPT);
    struct MHD_Response *resp;
    const char *type = NULL;
    char *mem = NULL, rows[32];
    size_t len = 0;
    kg_error err = {0};
    unsigned status;
    int truncated = 0, error;
    enum MHD_Result ret;

    pthread_mutex_lock(&s->lock);
    error = answer(s, text, ds, accept, &mem, &len, &type, &truncated,
                   &status, &err);
    pthread_mutex_unlock(&s->lock);
    if (error < 0) {
        free(mem); /* open_memstream's buffer belongs to libc */
        if (status == MHD_HTTP_NOT_ACCEPTABLE ||
            status == MHD_HTTP_SERVICE_UNAVAILABLE)
            return fail(s, req, c, status, "%s", err.message);
        return fail_error(s, req, c, &err);
    }
    ret = reply(s, req, c, MHD_HTTP_OK, type, mem, len, &resp);
    free(mem);
    if (ret != MHD_YES)
        return ret;
    MHD_add_response_header(resp, "Vary", "Accept");
    if (truncated) {
        char warn[96];

        snprintf(rows, sizeof(rows), "%ld", s->opts.max_rows);
        snprintf(warn, sizeof(warn),
                 "199 kg \"result truncated to %ld rows\"", s->opts.max_rows);
        MHD_add_response_header(resp, "KG-Result-Truncated", rows);
        MHD_add_response_header(resp, "Warning", warn);
    }
    return queue(c, req, resp);
}

static const char service_description[] =
    "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .\n"
    "@prefix fmt: <http://www.w3.org/ns/formats/> .\n"
    "\n"
    "<> a sd:Service ;\n"
    "    sd:endpoint <> ;\n"
    "    sd:supportedLanguage sd:SPARQL11Query ;\n"
    "    sd:resultFormat fmt:SPARQL_Results_JSON, fmt:SPARQL_Results_XML,\n"
    "        fmt:SPARQL_Results_CSV, fmt:SPARQL_Results_TSV, fmt:Turtle,\n"
    "        fmt:N-Triples, fmt:RDF_XML ;\n"
    "    sd:feature sd:UnionDefaultGraph ;\n"
    "    sd:defaultDataset [\n"
    "        a sd:Dataset ;\n"
    "        sd:defaultGraph [ a sd:Graph ]\n"
    "    ] .\n";

static enum MHD_Result describe(kg_server *s, request *req,
                                struct MHD_Connection *c)
{
    static const kg_serve__offer offers[] = {{"text/turtle", 0}};
    static const char query_only[] = "sd:SPARQL11Query ;";
    const char *accept = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                     MHD_HTTP_HEADER_ACCEPT);
    const char *at = strstr(service_description, query_only);
    kg_buf text = KG_BUF_INIT;
    enum MHD_Result ret;

    if (kg_serve__negotiate(accept, offers, 1) < 0)
        return fail(s, req, c, MHD_HTTP_NOT_ACCEPTABLE,
                    "no acceptable media type; the service description is "
                    "available as text/turtle");
    assert(at);
    /* with an update token the endpoint also takes SPARQL Update */
    if (kg_buf_put(&text, service_description,
                   (size_t)(at - service_description)) < 0 ||
        kg_buf_puts(&text, s->token ? "sd:SPARQL11Query, sd:SPARQL11Update ;"
                                    : query_only) < 0 ||
        kg_buf_puts(&text, at + strlen(query_only)) < 0)
        ret = fail(s, req, c, MHD_HTTP_INTERNAL_SERVER_ERROR,
                   "out of memory");
    else
        ret = reply(s, req, c, MHD_HTTP_OK, "text/turtle; charset=utf-8",
                    text.ptr, text.size, NULL);
    kg_buf_dispose(&text);
    return ret;
}

/* ---- the endpoint ----------------------------------------------------- */

static int content_type_is(struct MHD_Connection *c, const char *type)
{
    const char *v = MHD_lookup_connection_value(
        c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    size_t n = strlen(type);

    if (!v)
        return 0;
    while (*v == ' ')
        v++;
    return strncasecmp(v, type, n) == 0 &&
           (v[n] == '\0' || v[n] == ';' || v[n] == ' ');
}

/* Constant-time comparison of the bearer token with the configured one. */
static int token_ok(kg_server *s, struct MHD_Connection *c)
{
    const char *v = MHD_lookup_connection_value(
        c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    size_t i, n = strlen(s->token), m;
    unsigned diff = 0;

    if (!v || strncasecmp(v, "Bearer ", 7) != 0)
        return 0;
    v += 7;
    m = strlen(v);
    diff = m != n;
    for (i = 0; i < n; i++)
        diff |= (unsigned char)s->token[i] ^ (unsigned char)(i < m ? v[i] : 0);
    return diff == 0;
}

/*
 * Run SPARQL Update 'text' under the lock. The store is checked first on
 * the read-only handle, so a bad request never opens it for writing;
 * then the handle becomes a writer (exclusive lock, journal) for this
 * one request and a reader again, which commits: the 200 is sent only
 * once the update is on disk, and a failed request is rolled back.
 */
static int apply_update(kg_server *s, const char *text, kg_update_stats *st,
                        unsigned *status, kg_error *err)
{
    kg_query_options qo = KG_QUERY_OPTIONS_INIT;
    kg_error back = {0};
    int error;

    query_options(s, &qo);
    *status = MHD_HTTP_OK;
    if (!kg_graph_is_open(s->g) &&
        kg_graph_reopen(s->g, KG_OPEN_READONLY, err) < 0) {
        *status = MHD_HTTP_SERVICE_UNAVAILABLE;
        return err->code;
    }
    if ((error = kg_graph_update_check(s->g, text, &qo, err)) < 0)
        return error;
    if ((error = kg_graph_reopen(s->g, 0, err)) < 0) {
        /* another process holds the store: worth a retry */
        *status = MHD_HTTP_SERVICE_UNAVAILABLE;
        return error;
    }
    error = kg_graph_update(s->g, text, &qo, st, err);
    /* Closing the writer commits (or rolls back) before this returns; a
     * handle that cannot be opened again answers 503 from then on. */
    (void)kg_graph_reopen(s->g, KG_OPEN_READONLY, &back);
    return error;
}

/* Nonzero when the request names a dataset for an update (the SPARQL
 * 1.1 Protocol's using-graph-uri, using-named-graph-uri). */
static int has_using(struct MHD_Connection *c, const kg_buf *form)
{
    static const char *const names[] = {"using-graph-uri",
                                        "using-named-graph-uri"};
    kg_buf tmp = KG_BUF_INIT;
    size_t i;
    int found = 0;

    for (i = 0; i < KG_ARRAY_SIZE(names) && !found; i++)
        found = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND,
                                            names[i]) != NULL ||
                (form && form->size &&
                 kg_serve__form_get(&tmp, form->ptr, form->size,
                                    names[i]) != 0);
    kg_buf_dispose(&tmp);
    return found;
}

static enum MHD_Result update(kg_server *s, request *req,
                              struct MHD_Connection *c, const char *text,
                              const kg_buf *form)
{
    struct MHD_Response *resp;
    kg_update_stats st = {0, 0, 0};
    kg_error err = {0};
    unsigned status;
    char msg[128];
    int n, error;

    if (!s->token)
        return fail(s, req, c, MHD_HTTP_FORBIDDEN,
                    "this endpoint is read-only: SPARQL Update is not "
                    "enabled");
    if (!token_ok(s, c)) {
        static const char denied[] = "an update needs the bearer token\n";

        if (reply(s, req, c, MHD_HTTP_UNAUTHORIZED,
                  "text/plain; charset=utf-8", denied, sizeof(denied) - 1,
                  &resp) != MHD_YES)
            return MHD_NO;
        MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
                                "Bearer realm=\"kg\"");
        return queue(c, req, resp);
    }
    if (strlen(text) > s->opts.max_query_bytes)
        return fail(s, req, c, MHD_HTTP_CONTENT_TOO_LARGE,
                    "update longer than %zu bytes", s->opts.max_query_bytes);
    if (has_using(c, form))
        return fail(s, req, c, MHD_HTTP_BAD_REQUEST,
                    "using-graph-uri and using-named-graph-uri are not "
                    "supported; name graphs with GRAPH in the update");
    pthread_mutex_lock(&s->lock);
    error = apply_update(s, text, &st, &status, &err);
    pthread_mutex_unlock(&s->lock);
    if (error < 0 && status == MHD_HTTP_SERVICE_UNAVAILABLE)
        return fail(s, req, c, status, "%s", err.message);
    if (error < 0)
        return fail_error(s, req, c, &err);
    n = snprintf(msg, sizeof(msg),
                 "%d operation%s: %ld quad%s inserted, %ld deleted\n",
                 st.operations, st.operations == 1 ? "" : "s", st.inserted,
                 st.inserted == 1 ? "" : "s", st.deleted);
    return reply(s, req, c, MHD_HTTP_OK, "text/plain; charset=utf-8", msg,
                 (size_t)n, NULL);
}

static enum MHD_Result sparql(kg_server *s, request *req,
                              struct MHD_Connection *c, const char *method)
{
    const char *query = NULL;
    kg_buf value = KG_BUF_INIT;
    enum MHD_Result ret;
    dataset ds;
    int found;

    memset(&ds, 0, sizeof(ds));
    if (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0) {
        if (MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "update"))
            return fail_method(s, req, c, "POST");
        query = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND,
                                            "query");
        if (!query)
            return describe(s, req, c);
    } else if (strcmp(method, "POST") != 0) {
        return fail_method(s, req, c, "GET, POST, OPTIONS");
    } else if (req->too_large) {
        return fail(s, req, c, MHD_HTTP_CONTENT_TOO_LARGE,
                    "request body longer than %zu bytes",
                    s->opts.max_query_bytes);
    } else if (content_type_is(c, "application/sparql-update")) {
        return update(s, req, c, req->body.ptr ? req->body.ptr : "", NULL);
    } else if (content_type_is(c, "application/sparql-query")) {
        query = req->body.ptr ? req->body.ptr : "";
    } else if (content_type_is(c, "application/x-www-form-urlencoded")) {
        found = kg_serve__form_get(&value, req->body.ptr, req->body.size,
                                   "update");
        if (found == 1) {
            ret = update(s, req, c, value.ptr ? value.ptr : "", &req->body);
            kg_buf_dispose(&value);
            return ret;
        }
        if (found == 0)
            found = kg_serve__form_get(&value, req->body.ptr,
                                       req->body.size, "query");
        if (found < 0)
            return fail(s, req, c, MHD_HTTP_INTERNAL_SERVER_ERROR,
                        "out of memory");
        if (found == 0)
            return fail(s, req, c, MHD_HTTP_BAD_REQUEST,
                        "the form has no 'query' parameter");
        query = value.ptr ? value.ptr : "";
    } else {
        return fail(s, req, c, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE,
                    "post application/sparql-query or "
                    "application/x-www-form-urlencoded");
    }
    if (strlen(query) > s->opts.max_query_bytes)
        ret = fail(s, req, c, MHD_HTTP_CONTENT_TOO_LARGE,
                   "query longer than %zu bytes", s->opts.max_query_bytes);
    else if ((found = dataset_collect(
                  &ds, c,
                  strcmp(method, "POST") == 0 &&
                          content_type_is(c, "application/x-www-"
                                             "form-urlencoded")
                      ? &req->body
                      : NULL)) < 0)
        ret = found == KG_ENOMEM
                  ? fail(s, req, c, MHD_HTTP_INTERNAL_SERVER_ERROR,
                         "out of memory")
                  : fail(s, req, c, MHD_HTTP_BAD_REQUEST,
                         "more than %d default-graph-uri or "
                         "named-graph-uri parameters",
                         DATASET_MAX);
    else
        ret = run_query(s, req, c, query, &ds);
    dataset_dispose(&ds);
    kg_buf_dispose(&value);
    return ret;
}

/* ---- diagrams --------------------------------------------------------- */

/* Triples to draw and the focus IRI (into 'focus'); under the lock. */
static int diagram_triples(kg_server *s, const char *query,
                           const char *entity, int hops, kg_triples **out,
                           kg_buf *focus, kg_error *err)
{
    kg_query_options qo = KG_QUERY_OPTIONS_INIT;
    kg_result *r = NULL;
    int error, truncated;

    if (entity) {
        if ((error = kg_graph_resolve(focus, s->g, entity, err)) < 0 ||
            (error = kg_triples_new(out, err)) < 0)
            return error;
        return kg_graph_neighbourhood(*out, s->g, focus->ptr, hops,
                                      DIAGRAM_NODES_MAX, err);
    }
    query_options(s, &qo);
    if ((error = kg_graph_query(&r, s->g, query, &qo, err)) < 0)
        return error;
    if (kg_result_kind(r) != KG_QUERY_GRAPH)
        error = kg_error_set(err, KG_EINVALID,
                             "a diagram needs a CONSTRUCT or DESCRIBE query");
    else
        error = graph_triples(s, r, out, &truncated, err);
    kg_result_free(r);
    return error;
}

static enum MHD_Result diagram(kg_server *s, request *req,
                               struct MHD_Connection *c, const char *method)
{
    const char *query, *entity, *hops_arg;
    kg_viz_options vo = KG_VIZ_OPTIONS_INIT;
    kg_buf svg = KG_BUF_INIT, focus = KG_BUF_INIT;
    struct MHD_Response *resp = NULL;
    kg_triples *t = NULL;
    kg_error err = {0};
    long hops = 1;
    char *end;
    int error;
    enum MHD_Result ret;

    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
        return fail_method(s, req, c, "GET");
    query = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "query");
    entity = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "entity");
    hops_arg = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "hops");
    if (!query == !entity)
        return fail(s, req, c, MHD_HTTP_BAD_REQUEST,
                    "give either query=CONSTRUCT... or entity=NAME");
    if ((query && strlen(query) > s->opts.max_query_bytes) ||
        (entity && strlen(entity) > s->opts.max_query_bytes))
        return fail(s, req, c, MHD_HTTP_CONTENT_TOO_LARGE,
                    "parameter longer than %zu bytes",
                    s->opts.max_query_bytes);
    if (hops_arg) {
        errno = 0;
        hops = strtol(hops_arg, &end, 10);
        if (errno || end == hops_arg || *end || hops < 0 || hops > HOPS_MAX)
            return fail(s, req, c, MHD_HTTP_BAD_REQUEST,
                        "hops must be a number from 0 to %d", HOPS_MAX);
    }
    pthread_mutex_lock(&s->lock);
    if (!kg_graph_is_open(s->g) &&
        kg_graph_reopen(s->g, KG_OPEN_READONLY, &err) < 0)
        err.code = error = KG_ETIMEOUT; /* 503, retry later */
    else
        error = diagram_triples(s, query, entity, (int)hops, &t, &focus,
                                &err);
    if (error == 0) {
        vo.focus = focus.ptr;
        vo.title = entity;
        error = kg_viz_render(&svg, s->ctx, t, &vo, KG_VIZ_SVG, &err);
        if (error == KG_EINVALID) {
            kg_error_clear(&err);
            error = kg_error_set(&err, KG_ENOTFOUND, "nothing to draw");
        }
    }
    pthread_mutex_unlock(&s->lock);
    if (error < 0)
        ret = fail_error(s, req, c, &err);
    else if ((ret = reply(s, req, c, MHD_HTTP_OK, "image/svg+xml", svg.ptr,
                          svg.size, &resp)) == MHD_YES) {
        /* Opened on its own, the SVG may not run anything. */
        MHD_add_response_header(resp, "Content-Security-Policy",
                                "default-src 'none'; style-src "
                                "'unsafe-inline'");
        ret = queue(c, req, resp);
    }
    kg_triples_free(t);
    kg_buf_dispose(&svg);
    kg_buf_dispose(&focus);
    return ret;
}

/* ---- the page --------------------------------------------------------- */

static enum MHD_Result page(kg_server *s, request *req,
                            struct MHD_Connection *c, const char *method,
                            int script)
{
    struct MHD_Response *resp;
    const char *body = script ? kg_serve__page_js : kg_serve__page_html;

    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
        return fail_method(s, req, c, "GET");
    if (reply(s, req, c, MHD_HTTP_OK,
              script ? "text/javascript; charset=utf-8"
                     : "text/html; charset=utf-8",
              body, strlen(body), &resp) != MHD_YES)
        return MHD_NO;
    MHD_add_response_header(resp, "Content-Security-Policy",
                            "default-src 'self'; style-src 'unsafe-inline'; "
                            "img-src 'self'; frame-ancestors 'none'");
    return queue(c, req, resp);
}

static enum MHD_Result options(kg_server *s, request *req,
                               struct MHD_Connection *c)
{
    struct MHD_Response *resp;

    if (reply(s, req, c, MHD_HTTP_NO_CONTENT, NULL, "", 0, &resp) !=
        MHD_YES)
        return MHD_NO;
    MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW,
                            "GET, POST, OPTIONS");
    if (s->opts.cors) {
        MHD_add_response_header(resp, "Access-Control-Allow-Methods",
                                "GET, POST, OPTIONS");
        MHD_add_response_header(resp, "Access-Control-Allow-Headers",
                                "Content-Type, Accept, Authorization");
        MHD_add_response_header(resp, "Access-Control-Max-Age", "600");
    }
    return queue(c, req, resp);
}

/* ---- MHD callbacks ---------------------------------------------------- */

static void copy_clean(char *dst, size_t size, const char *src)
{
    size_t i;

    for (i = 0; src[i] && i + 1 < size; i++)
        dst[i] = ((unsigned char)src[i] < 0x21 || src[i] == '"' ||
                  src[i] == 0x7f)
                     ? '?'
                     : src[i];
    dst[i] = '\0';
}

static request *request_new(kg_server *s, struct MHD_Connection *c,
                            const char *url, const char *method)
{
    const union MHD_ConnectionInfo *info;
    request *req = kg__calloc(1, sizeof(*req));

    if (!req)
        return NULL;
    req->start = now();
    copy_clean(req->method, sizeof(req->method), method);
    copy_clean(req->path, sizeof(req->path), url);
    strcpy(req->client, "-");
    info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (info && info->client_addr)
        getnameinfo(info->client_addr,
                    info->client_addr->sa_family == AF_INET6
                        ? sizeof(struct sockaddr_in6)
                        : sizeof(struct sockaddr_in),
                    req->client, sizeof(req->client), NULL, 0,
                    NI_NUMERICHOST);
    pthread_mutex_lock(&s->state);
    s->in_flight++;
    pthread_mutex_unlock(&s->state);
    return req;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
                                  const char *url, const char *method,
                                  const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
    kg_server *s = cls;
    request *req = *con_cls;
    const char *cl;

    (void)version;
    if (!req) {
        if ((req = request_new(s, c, url, method)) == NULL)
            return MHD_NO;
        *con_cls = req;
        cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                         MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl && strtoull(cl, NULL, 10) > s->opts.max_query_bytes)
            return fail(s, req, c, MHD_HTTP_CONTENT_TOO_LARGE,
                        "request body longer than %zu bytes",
                        s->opts.max_query_bytes);
        return MHD_YES;
    }
    if (*upload_size) {
        if (!req->too_large &&
            req->body.size + *upload_size > s->opts.max_query_bytes) {
            req->too_large = 1;
            kg_buf_dispose(&req->body);
        }
        if (!req->too_large &&
            kg_buf_put(&req->body, upload, *upload_size) < 0)
            return MHD_NO;
        *upload_size = 0;
        return MHD_YES;
    }
    if (req->status)
        return MHD_YES; /* answered early (413) */
    if (strcmp(method, "OPTIONS") == 0)
        return options(s, req, c);
    if (strcmp(url, "/sparql") == 0)
        return sparql(s, req, c, method);
    if (strcmp(url, "/diagram") == 0)
        return diagram(s, req, c, method);
    if (strcmp(url, "/") == 0 || strcmp(url, "/index.html") == 0)
        return page(s, req, c, method, 0);
    if (strcmp(url, "/app.js") == 0)
        return page(s, req, c, method, 1);
    return fail(s, req, c, MHD_HTTP_NOT_FOUND,
                "no such page; the endpoint is /sparql");
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    kg_server *s = cls;
    request *req = *con_cls;
    char when[64], line[512], status[8];
    struct tm tm;
    time_t t;

    (void)c;
    if (!req)
        return;
    *con_cls = NULL;
    if (s->opts.access_log) {
        t = time(NULL);
        gmtime_r(&t, &tm);
        strftime(when, sizeof(when), "%d/%b/%Y:%H:%M:%S +0000", &tm);
        if (req->status)
            snprintf(status, sizeof(status), "%d", req->status);
        else
            strcpy(status, "-");
        snprintf(line, sizeof(line), "%s - - [%s] \"%s %s\" %s %zu %.1fms%s",
                 req->client, when, req->method, req->path, status,
                 req->bytes, (now() - req->start) * 1000.0,
                 toe == MHD_REQUEST_TERMINATED_COMPLETED_OK
                     ? ""
                     : " (connection closed early)");
    }
    pthread_mutex_lock(&s->state);
    if (s->opts.access_log)
        s->opts.access_log(s->opts.access_log_data, line);
    s->in_flight--;
    pthread_cond_broadcast(&s->idle);
    pthread_mutex_unlock(&s->state);
    kg_buf_dispose(&req->body);
    kg__free(req);
}

/* ---- life cycle ------------------------------------------------------- */

/*
 * Per-connection memory for MHD's request line and headers: room for a
 * GET query at the limit even when every byte is percent-encoded, so that
 * an oversized query meets our 413 rather than MHD's own refusal.
 */
static size_t memory_limit(const kg_server_options *opts)
{
    size_t q = opts->max_query_bytes;

    if (q > (64u << 20) / 3)
        q = (64u << 20) / 3;
    return 3 * q + 32768;
}

int kg_server_new(kg_server **out, kg_ctx *ctx, kg_graph *g,
                  const kg_server_options *opts, kg_error *err)
{
    kg_server_options defaults = KG_SERVER_OPTIONS_INIT;
    struct sockaddr_storage addr;
    struct sockaddr_in *v4 = (struct sockaddr_in *)&addr;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&addr;
    const union MHD_DaemonInfo *info;
    unsigned flags = MHD_USE_THREAD_PER_CONNECTION |
                     MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC;
    kg_server *s = NULL;
    int error = 0, locks = 0;

    assert(out && ctx && g);
    *out = NULL;
    if (!opts)
        opts = &defaults;
    if (opts->version != KG_SERVER_OPTIONS_VERSION)
        return kg_error_set(err, KG_EINVALID,
                            "unknown server options version %u",
                            opts->version);
    if (opts->port < 0 || opts->port > 65535 || opts->max_connections < 1 ||
        opts->max_query_bytes < 1 || opts->timeout_ms < 0 ||
        opts->max_rows < 0)
        return kg_error_set(err, KG_EINVALID, "bad server options");
    if ((s = kg__calloc(1, sizeof(*s))) == NULL)
        return kg_error_set(err, KG_ENOMEM, "out of memory");
    s->ctx = ctx;
    s->g = g;
    s->opts = *opts;
    if (opts->update_token && *opts->update_token &&
        (s->token = kg__strdup(opts->update_token)) == NULL) {
        error = kg_error_set(err, KG_ENOMEM, "out of memory");
        goto done;
    }
    s->opts.update_token = NULL;
    snprintf(s->bind, sizeof(s->bind), "%s",
             opts->bind ? opts->bind : "127.0.0.1");
    s->opts.bind = s->bind;
    memset(&addr, 0, sizeof(addr));
    if (inet_pton(AF_INET, s->bind, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons((uint16_t)opts->port);
    } else if (inet_pton(AF_INET6, s->bind, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons((uint16_t)opts->port);
        flags |= MHD_USE_IPv6;
    } else {
        error = kg_error_set(err, KG_EINVALID,
                             "'%s' is not a numeric IP address", s->bind);
        goto done;
    }
    if (pthread_mutex_init(&s->lock, NULL) != 0 ||
        pthread_mutex_init(&s->state, NULL) != 0 ||
        pthread_cond_init(&s->idle, NULL) != 0) {
        error = kg_error_set(err, KG_ENOMEM, "cannot create a lock");
        goto done;
    }
    locks = 1;
    s->daemon = MHD_start_daemon(
        flags, (uint16_t)opts->port, NULL, NULL, on_request, s,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)opts->max_connections,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, memory_limit(opts),
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, s, MHD_OPTION_END);
    if (!s->daemon) {
        error = kg_error_set(err, KG_EIO, "cannot listen on %s port %d: %s",
                             s->bind, opts->port,
                             errno ? strerror(errno) : "unknown error");
        goto done;
    }
    info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? (int)info->port : opts->port;
    *out = s;
    s = NULL;

done:
    if (s) {
        if (locks) {
            pthread_mutex_destroy(&s->lock);
            pthread_mutex_destroy(&s->state);
            pthread_cond_destroy(&s->idle);
        }
        kg__free(s->token);
        kg__free(s);
    }
    return error;
}

int kg_server_port(const kg_server *s)
{
    assert(s);
    return s->port;
}

int kg_server_in_flight(kg_server *s)
{
    int n;

    assert(s);
    pthread_mutex_lock(&s->state);
    n = s->in_flight;
    pthread_mutex_unlock(&s->state);
    return n;
}

int kg_server_run(kg_server *s, int stop_fd, long grace_ms, kg_error *err)
{
    struct pollfd pfd;
    struct timespec deadline;
    MHD_socket listener;
    int rc;

    assert(s);
    pfd.fd = stop_fd;
    pfd.events = POLLIN;
    while ((rc = poll(&pfd, 1, -1)) < 0 && errno == EINTR)
        ;
    if (rc < 0)
        return kg_error_set(err, KG_EIO, "cannot wait for a stop: %s",
                            strerror(errno));
    /* Stop accepting; the requests in flight run to completion. */
    listener = MHD_quiesce_daemon(s->daemon);
    if (listener != MHD_INVALID_SOCKET)
        close(listener);
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += grace_ms / 1000;
    deadline.tv_nsec += (grace_ms % 1000) * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&s->state);
    while (s->in_flight > 0 &&
           pthread_cond_timedwait(&s->idle, &s->state, &deadline) == 0)
        ;
    pthread_mutex_unlock(&s->state);
    return 0;
}

void kg_server_free(kg_server *s)
{
    if (!s)
        return;
    MHD_stop_daemon(s->daemon);
    pthread_mutex_destroy(&s->lock);
    pthread_mutex_destroy(&s->state);
    pthread_cond_destroy(&s->idle);
    kg__free(s->token);
    kg__free(s);
}
