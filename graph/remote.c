/*
 * remote.c -- kg_graph on a SPARQL 1.1 server: the SPARQL 1.1 Protocol for
 * queries and updates, the Graph Store Protocol for whole graphs.
 *
 * Spec: "sparql+http://HOST:PORT/PATH" (or sparql+https) names the query
 * endpoint; options follow after ';': gsp=URL (Graph Store endpoint;
 * default: the endpoint's last path segment "sparql" replaced by
 * "sparql-graph-crud", Virtuoso's), update=URL (SPARQL Update endpoint;
 * default: the query endpoint), timeout=SECONDS (each request; default
 * 300). Requests are form-encoded POSTs (Virtuoso 7.2 hangs on a direct
 * application/sparql-query body); results come back as SPARQL XML and are
 * read by rasqal's SRX reader, graphs as N-Triples or Turtle read by
 * raptor.
 *
 * The store keeps the embedded store's layout and meaning. Each article
 * is one named graph ending in the completion marker <g> kg:loadComplete
 * true, added last: a graph without it was cut short and is replaced on
 * the next load. A server's default graph is usually the union of its
 * graphs as a bag (Virtuoso: a fact stated by three articles matches three
 * times), which would inflate every count, so kg keeps the set union of
 * its graphs in graph KG_GRAPH__UNION (markers excepted, as in the
 * embedded union) and sends it as default-graph-uri with every query that
 * names no graph (GRAPH, FROM). Writes therefore run in this order: PUT
 * the graph (GSP, atomic on the server), INSERT its triples into the
 * union, drop replaced graphs (their triples leave the union unless
 * another graph states them), then add the marker; a run cut anywhere is
 * repaired by loading again.
 *
 * The lookups of lookup.c and stats.c go through kg_graph__find(): one
 * SELECT DISTINCT per triple pattern over the union, read into a librdf
 * stream so that their code is shared with the embedded store. A failed
 * lookup is kept in the remote state and turned into the caller's error
 * by kg_graph__remote_check() (a lookup must never read a dead server as
 * "no such entity").
 *
 * SPDX-License-Identifier: MIT
 */
#include <assert.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "find.h"
#include "lexer.h"
#include "remote.h"

#define SCHEME_HTTP "sparql+http://"
#define SCHEME_HTTPS "sparql+https://"
#define DEFAULT_TIMEOUT 300.0

#define ACCEPT_RESULTS "application/sparql-results+xml"
#define ACCEPT_GRAPH                                                         \
    "application/n-triples, text/turtle;q=0.9, text/plain;q=0.5"

struct kg_graph__remote {
    char *spec;       /* owned: as given, for messages */
    char *query_url;  /* owned */
    char *update_url; /* owned */
    char *gsp_url;    /* owned; NULL: no Graph Store endpoint known */
    double timeout;   /* seconds per request */
    void *http;       /* owned: the CURL handle */
    kg_graph__http_reply reply; /* owned: the last response */
    kg_error failure; /* first failed lookup since the last reset */
};

/* ---- the spec ----------------------------------------------------------- */

int kg_graph__remote_spec(const char *spec)
{
    return strncmp(spec, SCHEME_HTTP, strlen(SCHEME_HTTP)) == 0 ||
           strncmp(spec, SCHEME_HTTPS, strlen(SCHEME_HTTPS)) == 0;
}

/* Nonzero when 'url' is http(s)://HOST... with a non-empty host. */
static int good_url(const char *url, size_t len)
{
    size_t n = strncmp(url, "http://", 7) == 0    ? 7
               : strncmp(url, "https://", 8) == 0 ? 8
                                                  : 0;

    return n && len > n && url[n] != '/' && url[n] != ':' &&
           !memchr(url, ' ', len);
}

static int parse_spec(struct kg_graph__remote *rm, const char *spec,
                      kg_error *err)
{
    const char *p = spec + strlen("sparql+"), *semi, *slash;
    size_t len;

    semi = strchr(p, ';');
    len = semi ? (size_t)(semi - p) : strlen(p);
    if (!good_url(p, len))
        return kg_error_set(err, KG_EINVALID,
                            "bad store spec '%s': expected "
                            "sparql+http://HOST[:PORT]/PATH",
                            spec);
    if ((rm->query_url = kg__strndup(p, len)) == NULL)
        return KG_ENOMEM;
    rm->timeout = DEFAULT_TIMEOUT;
    while (semi) {
        const char *opt = semi + 1, *eq;
        char **dst = NULL;
        semi = strchr(opt, ';');
        len = semi ? (size_t)(semi - opt) : strlen(opt);
        eq = memchr(opt, '=', len);
        if (!eq)
            return kg_error_set(err, KG_EINVALID,
                                "bad store spec '%s': option '%.*s' is "
                                "not NAME=VALUE",
                                spec, (int)len, opt);
        if ((size_t)(eq - opt) == 3 && strncmp(opt, "gsp", 3) == 0)
            dst = &rm->gsp_url;
        else if ((size_t)(eq - opt) == 6 && strncmp(opt, "update", 6) == 0)
            dst = &rm->update_url;
        else if ((size_t)(eq - opt) == 7 &&
                 strncmp(opt, "timeout", 7) == 0) {
            char num[32], *end = num;
            size_t n = len - 8;
            if (n < sizeof(num)) {
                memcpy(num, eq + 1, n);
                num[n] = '\0';
                rm->timeout = strtod(num, &end);
            }
            if (end == num || *end || !(rm->timeout > 0))
                return kg_error_set(err, KG_EINVALID,
                                    "bad store spec '%s': timeout must "
                                    "be a positive number of seconds",
                                    spec);
            continue;
        } else
            return kg_error_set(err, KG_EINVALID,
                                "bad store spec '%s': unknown option "
                                "'%.*s' (gsp, update, timeout)",
                                spec, (int)(eq - opt), opt);
        if (!good_url(eq + 1, len - (size_t)(eq + 1 - opt)))
            return kg_error_set(err, KG_EINVALID,
                                "bad store spec '%s': %.*s is not an "
                                "http(s) URL",
                                spec, (int)(eq - opt), opt);
        kg__free(*dst);
        if ((*dst = kg__strndup(eq + 1, len - (size_t)(eq + 1 - opt))) ==
            NULL)
            return KG_ENOMEM;
    }
    if (!rm->update_url && (rm->update_url = kg__strdup(rm->query_url)) ==
                               NULL)
        return KG_ENOMEM;
    /* Virtuoso serves the Graph Store Protocol beside /sparql. */
    slash = strrchr(rm->query_url, '/');
    if (!rm->gsp_url && slash && strcmp(slash, "/sparql") == 0) {
        size_t n = (size_t)(slash - rm->query_url);
        if ((rm->gsp_url = kg__malloc(n + sizeof("/sparql-graph-crud"))) ==
            NULL)
            return KG_ENOMEM;
        memcpy(rm->gsp_url, rm->query_url, n);
        strcpy(rm->gsp_url + n, "/sparql-graph-crud");
    }
    return 0;
}

void kg_graph__remote_free(struct kg_graph__remote *rm)
{
    if (!rm)
        return;
    kg_graph__http_free(rm->http);
    kg_buf_dispose(&rm->reply.body);
    kg__free(rm->spec);
    kg__free(rm->query_url);
    kg__free(rm->update_url);
    kg__free(rm->gsp_url);
    kg__free(rm);
}

/* ---- SPARQL text -------------------------------------------------------- */

/* Append term 't' in SPARQL syntax. 0, KG_EINVALID (a blank node cannot
 * be named in a query) or KG_ENOMEM. */
static int put_term(kg_buf *b, const kg_term *t)
{
    const unsigned char *s;
    int error = 0;

    switch (t->kind) {
    case KG_TERM_IRI:
        error |= kg_buf_puts(b, "<");
        for (s = (const unsigned char *)t->value; *s && !error; s++)
            error |= (*s <= 0x20 || strchr("<>\"{}|^`\\", *s))
                         ? kg_buf_printf(b, "\\u%04X", *s)
                         : kg_buf_put(b, (const char *)s, 1);
        error |= kg_buf_puts(b, ">");
        break;
    case KG_TERM_LITERAL:
        error |= kg_buf_puts(b, "\"");
        for (s = (const unsigned char *)t->value; *s && !error; s++)
            switch (*s) {
            case '\\':
                error |= kg_buf_puts(b, "\\\\");
                break;
            case '"':
                error |= kg_buf_puts(b, "\\\"");
                break;
            case '\n':
                error |= kg_buf_puts(b, "\\n");
                break;
            case '\r':
                error |= kg_buf_puts(b, "\\r");
                break;
            default:
                error |= *s < 0x20 ? kg_buf_printf(b, "\\u%04X", *s)
                                   : kg_buf_put(b, (const char *)s, 1);
            }
        error |= kg_buf_puts(b, "\"");
        if (!error && t->lang)
            error |= kg_buf_printf(b, "@%s", t->lang);
        else if (!error && t->datatype) {
            kg_term dt = kg_iri(t->datatype);
            error |= kg_buf_puts(b, "^^");
            return error ? KG_ENOMEM : put_term(b, &dt);
        }
        break;
    default:
        return KG_EINVALID;
    }
    return error ? KG_ENOMEM : 0;
}

static int put_iri(kg_buf *b, const char *iri)
{
    kg_term t = kg_iri(iri);

    return put_term(b, &t);
}

/* The query form: 'S'elect, 'A'sk, 'C'onstruct, 'D'escribe, or 0. */
static int query_form(const char *sparql)
{
    static const char *const forms[] = {"SELECT", "ASK", "CONSTRUCT",
                                        "DESCRIBE"};
    const char *p = sparql;
    kg_graph__token t;
    size_t i;

    while (kg_graph__next_token(&p, &t))
        for (i = 0; i < KG_ARRAY_SIZE(forms); i++)
            if (kg_graph__is_word(&t, forms[i]))
                return forms[i][0];
    return 0;
}

/* ---- requests ----------------------------------------------------------- */

/*
 * POST 'text' as form field 'field' ("query" or "update") to 'url', with
 * the union as default graph when 'use_union'. The answer is in
 * rm->reply. Returns 0 or the code of the failure ('fail_code' for an
 * HTTP error status), with the message in 'err'.
 */
static int post(struct kg_graph__remote *rm, const char *url,
                const char *field, const char *text, int use_union,
                const char *accept, double timeout, int fail_code,
                kg_error *err)
{
    kg_graph__http_request req;
    kg_buf form = KG_BUF_INIT;
    int error;

    if (kg_buf_printf(&form, "%s=", field) < 0 ||
        kg_graph__http_escape(&form, rm->http, text) < 0 ||
        (use_union &&
         (kg_buf_puts(&form, "&default-graph-uri=") < 0 ||
          kg_graph__http_escape(&form, rm->http, KG_GRAPH__UNION) < 0))) {
        kg_buf_dispose(&form);
        return kg_error_set(err, KG_ENOMEM, "out of memory");
    }
    memset(&req, 0, sizeof(req));
    req.method = "POST";
    req.url = url;
    req.content_type = "application/x-www-form-urlencoded";
    req.body = form.ptr;
    req.body_len = form.size;
    req.accept = accept;
    req.timeout = timeout;
    req.fail_code = fail_code;
    error = kg_graph__http(&rm->reply, rm->http, &req, err);
    kg_buf_dispose(&form);
    if (error == 0 && rm->reply.partial[0])
        error = kg_error_set(err, KG_ETIMEOUT,
                             "%s sent a partial answer (the server's time "
                             "limit cut the query short): %s",
                             url, rm->reply.partial);
    return error;
}

static int update(kg_graph *g, const char *text, kg_error *err)
{
    struct kg_graph__remote *rm = g->remote;

    return post(rm, rm->update_url, "update", text, 0, "*/*", rm->timeout,
                KG_EIO, err);
}

/* GSP request 'method' on graph 'name' with an optional Turtle body. */
static int gsp(kg_graph *g, const char *method, const char *name,
               const kg_buf *body, kg_error *err)
{
    struct kg_graph__remote *rm = g->remote;
    kg_graph__http_request req;
    kg_buf url = KG_BUF_INIT;
    int error;

    if (kg_buf_printf(&url, "%s%sgraph=", rm->gsp_url,
                      strchr(rm->gsp_url, '?') ? "&" : "?") < 0 ||
        kg_graph__http_escape(&url, rm->http, name) < 0) {
        kg_buf_dispose(&url);
        return kg_error_set(err, KG_ENOMEM, "out of memory");
    }
    memset(&req, 0, sizeof(req));
    req.method = method;
    req.url = url.ptr;
    if (body) {
        /* N-Triples is Turtle, and every server reads Turtle. */
        req.content_type = "text/turtle; charset=utf-8";
        req.body = body->ptr ? body->ptr : "";
        req.body_len = body->size;
    }
    req.timeout = rm->timeout;
    req.fail_code = KG_EIO;
    error = kg_graph__http(&rm->reply, rm->http, &req, err);
    kg_buf_dispose(&url);
    return error;
}

/* ---- reading results ------------------------------------------------- */

/* View rasqal literal 'l' as a kg_term borrowing its strings. */
static void lit_term(kg_term *t, rasqal_literal *l)
{
    raptor_uri *dt;

    memset(t, 0, sizeof(*t));
    if (!l)
        return;
    switch (rasqal_literal_get_rdf_term_type(l)) {
    case RASQAL_LITERAL_URI:
        t->kind = KG_TERM_IRI;
        t->value = (const char *)raptor_uri_as_string(l->value.uri);
        break;
    case RASQAL_LITERAL_BLANK:
        t->kind = KG_TERM_BLANK;
        t->value = (const char *)l->string;
        break;
    case RASQAL_LITERAL_STRING:
        t->kind = KG_TERM_LITERAL;
        t->value = (const char *)l->string;
        t->lang = l->language;
        if ((dt = rasqal_literal_datatype(l)) != NULL)
            t->datatype = (const char *)raptor_uri_as_string(dt);
        break;
    default:
        break;
    }
}

/* Text of the <boolean> element of an SRX document: 1, 0, or -1. */
static int srx_boolean(const char *body)
{
    const char *b = strstr(body, "<boolean>");

    if (!b)
        return -1;
    b += strlen("<boolean>");
    while (isspace((unsigned char)*b))
        b++;
    return strncmp(b, "true", 4) == 0 || *b == '1';
}

/*
 * Read the SRX document in rm->reply into new bindings '*out'. Returns 0,
 * KG_EQUERY (not SRX) or KG_ENOMEM.
 */
static int read_srx(rasqal_query_results **out, kg_graph *g, kg_error *err)
{
    struct kg_graph__remote *rm = g->remote;
    rasqal_world *rw = librdf_world_get_rasqal(g->world);
    raptor_world *raw = rasqal_world_get_raptor(rw);
    rasqal_query_results *res = NULL;
    rasqal_query_results_formatter *f = NULL;
    raptor_iostream *in = NULL;
    raptor_uri *base = NULL;
    kg_error lib;
    int error = 0;

    *out = NULL;
    kg_error_clear(&lib);
    kg__ctx_begin(g->ctx, &lib);
    if ((res = rasqal_new_query_results2(rw, NULL,
                                         RASQAL_QUERY_RESULTS_BINDINGS)) ==
            NULL ||
        (f = rasqal_new_query_results_formatter(rw, "xml", NULL, NULL)) ==
            NULL ||
        (base = raptor_new_uri(raw, (const unsigned char *)rm->query_url)) ==
            NULL ||
        (in = raptor_new_iostream_from_string(raw, rm->reply.body.ptr,
                                              rm->reply.body.size)) == NULL)
        error = KG_ENOMEM;
    else if (rasqal_query_results_formatter_read(rw, in, f, res, base) != 0)
        error = KG_EQUERY;
    kg__ctx_end(g->ctx);
    if (in)
        raptor_free_iostream(in);
    if (base)
        raptor_free_uri(base);
    if (f)
        rasqal_free_query_results_formatter(f);
    if (error == 0 && lib.code)
        error = KG_EQUERY;
    if (error < 0) {
        if (res)
            rasqal_free_query_results(res);
        return error == KG_ENOMEM
                   ? kg_error_set(err, KG_ENOMEM, "out of memory")
                   : kg_error_set(err, KG_EQUERY,
                                  "cannot read the results from %s: %s",
                                  rm->query_url,
                                  lib.code ? lib.message : "not SPARQL XML");
    }
    *out = res;
    return 0;
}

/* Virtuoso answers an ASK asked for SPARQL XML with a result set of one
 * variable __ASK_RETVAL: one row holding 1 for true, no row for false.
 * Returns the answer, or -1 when 'body' is not such a result. */
static int virtuoso_ask(const char *body)
{
    const char *r;

    if (!strstr(body, "<variable name=\"__ASK_RETVAL\"/>"))
        return -1;
    r = strstr(body, "<result>");
    return r && (strstr(r, ">1</literal>") || strstr(r, ">true</literal>"));
}

/* The answer of an ASK in the SRX document 'body': 1, 0, or -1 when it
 * is not a boolean result. */
static int ask_answer(const char *body)
{
    int b = srx_boolean(body);

    return b >= 0 ? b : virtuoso_ask(body);
}

typedef int (*row_fn)(void *ud, const kg_term *values, int n);

/*
 * Run SELECT 'text' (prefixes written out) and call 'fn' per row with the
 * values (kind NONE where unbound), borrowed for the call. Returns 0, the
 * first error of 'fn', or a request failure.
 */
static int select_rows(kg_graph *g, const char *text, int use_union,
                       row_fn fn, void *ud, kg_error *err)
{
    struct kg_graph__remote *rm = g->remote;
    rasqal_query_results *res = NULL;
    kg_term vals[4];
    int n, i, error;

    if ((error = post(rm, rm->query_url, "query", text, use_union,
                      ACCEPT_RESULTS, rm->timeout, KG_EQUERY, err)) < 0 ||
        (error = read_srx(&res, g, err)) < 0)
        return error;
    n = rasqal_query_results_get_bindings_count(res);
    if (n < 0 || n > (int)KG_ARRAY_SIZE(vals)) {
        rasqal_free_query_results(res);
        return kg_error_set(err, KG_EQUERY,
                            "%s answered with %d columns where kg asked "
                            "for at most %d",
                            rm->query_url, n, (int)KG_ARRAY_SIZE(vals));
    }
    while (error == 0 && !rasqal_query_results_finished(res)) {
        for (i = 0; i < n; i++)
            lit_term(&vals[i],
                     rasqal_query_results_get_binding_value(res, i));
        error = fn(ud, vals, n);
        rasqal_query_results_next(res);
    }
    rasqal_free_query_results(res);
    if (error == KG_ENOMEM)
        return kg_error_set(err, KG_ENOMEM, "out of memory");
    return error;
}

/* Run ASK 'text'. 0 with the answer in '*yes', or a failure. */
static int ask(kg_graph *g, const char *text, int *yes, kg_error *err)
{
    struct kg_graph__remote *rm = g->remote;
    int error, b;

    if ((error = post(rm, rm->query_url, "query", text, 0, ACCEPT_RESULTS,
                      rm->timeout, KG_EQUERY, err)) < 0)
        return error;
    if ((b = ask_answer(rm->reply.body.ptr)) < 0)
        return kg_error_set(err, KG_EQUERY,
                            "%s did not answer an ASK with a boolean",
                            rm->query_url);
    *yes = b;
    return 0;
}

/* ---- opening ------------------------------------------------------------ */

int kg_graph__remote_open(kg_graph *g, const char *spec, kg_error *err)
{
    struct kg_graph__remote *rm;
    int yes, error;

    if ((rm = kg__calloc(1, sizeof(*rm))) == NULL)
        return kg_error_set(err, KG_ENOMEM, "out of memory");
    g->remote = rm;
    if ((rm->spec = kg__strdup(spec)) == NULL)
        return kg_error_set(err, KG_ENOMEM, "out of memory");
    if ((error = parse_spec(rm, spec, err)) < 0)
        return error == KG_ENOMEM
                   ? kg_error_set(err, KG_ENOMEM, "out of memory")
                   : error;
    if ((error = kg_graph__http_new(&rm->http, err)) < 0)
        return error;
    /* Fail now, with the reason, rather than at the first lookup. */
    if ((error = ask(g, "ASK {}", &yes, err)) == KG_EQUERY) {
        error = KG_EIO; /* not a SPARQL endpoint: the store cannot open */
        if (err)
            err->code = error;
    }
    return error;
}

/* ---- writing ------------------------------------------------------------ */

static int check_writable(kg_graph *g, kg_error *err)
{
    struct kg_graph__remote *rm = g->remote;

    if (g->flags & KG_OPEN_READONLY)
        return kg_error_set(err, KG_EIO, "store '%s' is open read-only",
                            rm->spec);
    if (!rm->gsp_url)
        return kg_error_set(err, KG_EINVALID,
                            "store '%s' has no Graph Store endpoint: add "
                            ";gsp=URL to the spec",
                            rm->spec);
    return 0;
}

/* ASK about graph 'name': 'pattern' is "" (any triple) or the marker. */
static int graph_has(kg_graph *g, const char *name, int marker, int *yes,
                     kg_error *err)
{
    kg_buf q = KG_BUF_INIT;
    int error;

    if (kg_buf_puts(&q, "ASK { GRAPH ") < 0 || put_iri(&q, name) < 0 ||
        kg_buf_puts(&q, " { ") < 0 ||
        (marker ? put_iri(&q, name) < 0 ||
                      kg_buf_puts(&q, " <" KG_GRAPH__COMPLETE "> ?t") < 0
                : kg_buf_puts(&q, "?s ?p ?o") < 0) ||
        kg_buf_puts(&q, " } }") < 0) {
        kg_buf_dispose(&q);
        return kg_error_set(err, KG_ENOMEM, "out of memory");
    }
    error = ask(g, q.ptr, yes, err);
    kg_buf_dispose(&q);
    return error;
}

/* Remove from the union the triples of graph 'name' that no other graph
 * states (server's own graphs included: harmless, they never match). */
static int union_drop(kg_graph *g, const char *name, kg_error *err)
{
    kg_buf q = KG_BUF_INIT;
    int error;

    if (kg_buf_puts(&q, "DELETE { GRAPH <" KG_GRAPH__UNION
                        "> { ?s ?p ?o } } WHERE { GRAPH <" KG_GRAPH__UNION
                        "> { ?s ?p ?o } GRAPH ") < 0 ||
        put_iri(&q, name) < 0 ||
        kg_buf_puts(&q, " { ?s ?p ?o } FILTER NOT EXISTS { GRAPH ?h "
                        "{ ?s ?p ?o } FILTER (?h != ") < 0 ||
        put_iri(&q, name) < 0 ||
        kg_buf_puts(&q, " && ?h != <" KG_GRAPH__UNION "> ) } }") < 0) {
        kg_buf_dispose(&q);
        return kg_error_set(err, KG_ENOMEM, "out of memory");
    }
    error = update(g, q.ptr, err);
    kg_buf_dispose(&q);
    return error;
}

/* Append to 'q' the update that adds the triples of graph 'name' to the
 * union, then the graph's completion marker: two operations run in order
 * (the marker, last, says the union has the graph's triples). */
static int mark_ops(kg_buf *q, const char *name)
{
    if (kg_buf_puts(q, "INSERT { GRAPH <" KG_GRAPH__UNION
                       "> { ?s ?p ?o } } WHERE { GRAPH ") < 0 ||
        put_iri(q, name) < 0 ||
        kg_buf_puts(q, " { ?s ?p ?o FILTER (?p != <" KG_GRAPH__COMPLETE
                       ">) } } ;\nINSERT DATA { GRAPH ") < 0 ||
        put_iri(q, name) < 0 || kg_buf_puts(q, " { ") < 0 ||
        put_iri(q, name) < 0 ||
        kg_buf_puts(q, " <" KG_GRAPH__COMPLETE "> \"true\"^^<" KG_NS_XSD
                       "boolean> } }") < 0)
        return KG_ENOMEM;
    return 0;
}

static int union_add_and_mark(kg_graph *g, const char *name, kg_error *err)
{
    kg_buf q = KG_BUF_INIT;
    int error;

    if (mark_ops(&q, name) < 0)
        error = kg_error_set(err, KG_ENOMEM, "out of memory");
    else
        error = update(g, q.ptr, err);
    kg_buf_dispose(&q);
    return error;
}

/* 'n' quads of 't' from 'from' as N-Triples into 'out'. */
static int ntriples(kg_buf *out, kg_graph *g, const kg_triples *t,
                    size_t from, size_t to, kg_error *err)
{
    kg_triples *part = NULL;
    kg_rdf_writer *w = NULL;
    char *mem = NULL;
    size_t len = 0, i;
    FILE *fp = NULL;
    int error = 0;

    if ((error = kg_triples_new(&part, err)) < 0)
        return error;
    for (i = from; i < to && error == 0; i++) {
        const kg_quad *q = kg_triples_get(t, i);
        if (kg_triples_add(part, &q->s, &q->p, &q->o, NULL) < 0)
            error = KG_ENOMEM;
    }
    if (error == 0 && (fp = open_memstream(&mem, &len)) == NULL)
        error = KG_ENOMEM;
    if (error == 0 &&
        ((error = kg_rdf_writer_new(&w, g->ctx, fp, KG_RDF_NTRIPLES, err)) <
             0 ||
         (error = kg_rdf_writer_add(w, part, err)) < 0 ||
         (error = kg_rdf_writer_finish(w, err)) < 0))
        goto done;
done:
    kg_rdf_writer_free(w);
    if (fp && fclose(fp) != 0 && error == 0)
        error = KG_ENOMEM;
    if (error == 0 && kg_buf_put(out, mem ? mem : "", len) < 0)
        error = KG_ENOMEM;
    free(mem); /* open_memstream's buffer comes from malloc */
    kg_triples_free(part);
    if (error == KG_ENOMEM)
        return kg_error_set(err, KG_ENOMEM, "out of memory");
    return error;
}

/*
 * Make quads [from, to) of 't' the whole of graph 'name', keeping the
 * union right; the marker goes last. 'existed': the graph was there;
 * 'mark' 0: the caller adds the union and the marker (mark_ops).
 */
static int write_graph(kg_graph *g, const char *name, const kg_triples *t,
                       size_t from, size_t to, int existed, int mark,
                       kg_error *err)
{
    kg_buf body = KG_BUF_INIT;
    int error;

    if ((error = ntriples(&body, g, t, from, to, err)) < 0)
        goto done;
    if ((existed && (error = union_drop(g, name, err)) < 0) ||
        (error = gsp(g, "PUT", name, &body, err)) < 0 ||
        (mark && (error = union_add_and_mark(g, name, err)) < 0))
        goto done;
done:
    kg_buf_dispose(&body);
    return error;
}

static int drop_graph(kg_graph *g, const char *name, kg_error *err)
{
    int error;

    if ((error = union_drop(g, name, err)) < 0 ||
        (error = gsp(g, "DELETE", name, NULL, err)) < 0)
        return error;
    return 0;
}

static int collect_graph(void *ud, const kg_term *v, int n)
{
    kg_buf *names = ud;

    if (n < 1 || v[0].kind != KG_TERM_IRI)
        return 0;
    return kg_buf_put(names, v[0].value, strlen(v[0].value) + 1) < 0
               ? KG_ENOMEM
               : 0;
}

int kg_graph__remote_add_article(kg_graph *g, const char *graph_iri,
                                 const char *source, const kg_triples *t,
                                 kg_load_status *status_out, kg_error *err)
{
    kg_triples *copy = NULL;
    kg_buf q = KG_BUF_INIT, old = KG_BUF_INIT;
    kg_term lit = kg_literal(source, NULL, NULL);
    kg_load_status status = KG_LOAD_ADDED;
    const char *p;
    size_t i;
    int error, yes = 0;

    if ((error = check_writable(g, err)) < 0)
        return error;
    for (i = 0; i < kg_triples_count(t); i++) {
        const kg_quad *qd = kg_triples_get(t, i);
        if (qd->g.kind != KG_TERM_IRI || strcmp(qd->g.value, graph_iri) != 0)
            return kg_error_set(err, KG_EINVALID,
                                "quad %zu is outside graph <%s>", i + 1,
                                graph_iri);
    }
    if ((error = graph_has(g, graph_iri, 1, &yes, err)) < 0)
        goto done;
    if (yes) {
        status = KG_LOAD_UNCHANGED;
        goto done;
    }
    if ((error = graph_has(g, graph_iri, 0, &yes, err)) < 0)
        goto done;
    if (yes)
        status = KG_LOAD_REPLACED; /* an interrupted load of this graph */
    /* Other graphs of the same source: older versions of the article.
     * STR() matches a simple literal and an xsd:string alike. */
    if (kg_buf_puts(&q, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?a <"
                        KG_SOURCE_NAME "> ?n } FILTER (STR(?n) = ") < 0 ||
        put_term(&q, &lit) < 0 || kg_buf_puts(&q, " && ?g != ") < 0 ||
        put_iri(&q, graph_iri) < 0 ||
        kg_buf_puts(&q, " && ?g != <" KG_GRAPH__UNION ">) }") < 0 ||
        kg_triples_new(&copy, NULL) < 0)
        goto nomem;
    if ((error = select_rows(g, q.ptr, 0, collect_graph, &old, err)) < 0)
        goto done;
    for (i = 0; i < kg_triples_count(t); i++) {
        const kg_quad *qd = kg_triples_get(t, i);
        if (kg_triples_add(copy, &qd->s, &qd->p, &qd->o, &qd->g) < 0)
            goto nomem;
    }
    kg_triples_normalize(copy);
    /* The new version first, then the old ones go: a failure in between
     * leaves both, never neither. */
    if ((error = write_graph(g, graph_iri, copy, 0, kg_triples_count(copy),
                             status == KG_LOAD_REPLACED, 1, err)) < 0)
        goto done;
    for (p = old.ptr; p && p < old.ptr + old.size; p += strlen(p) + 1) {
        if ((error = drop_graph(g, p, err)) < 0)
            goto done;
        status = KG_LOAD_REPLACED;
    }
    goto done;

nomem:
    error = kg_error_set(err, KG_ENOMEM, "out of memory");
done:
    kg_buf_dispose(&q);
    kg_buf_dispose(&old);
    kg_triples_free(copy);
    if (error == 0 && status_out)
        *status_out = status;
    return error;
}

/* Nonzero when 'name' is in the NUL-separated list 'names'. */
static int listed(const kg_buf *names, const char *name)
{
    const char *p;

    for (p = names->ptr; p && p < names->ptr + names->size;
         p += strlen(p) + 1)
        if (strcmp(p, name) == 0)
            return 1;
    return 0;
}

#define BATCH 64 /* graphs per batch of kg_graph_replace_graphs */

int kg_graph__remote_replace_graphs(kg_graph *g, const kg_triples *t,
                                    const char *default_graph,
                                    kg_error *err)
{
    kg_triples *copy = NULL;
    size_t i, start, n;
    int error = 0;

    if ((error = check_writable(g, err)) < 0)
        return error;
    if (kg_triples_new(&copy, NULL) < 0)
        return kg_error_set(err, KG_ENOMEM, "out of memory");
    for (i = 0; i < kg_triples_count(t) && error == 0; i++) {
        const kg_quad *q = kg_triples_get(t, i);
        kg_term gt = q->g;
        if (q->g.kind == KG_TERM_NONE && !default_graph)
            error = kg_error_set(err, KG_EINVALID,
                                 "quad %zu is in the default graph, which "
                                 "has no name here",
                                 i + 1);
        else if (q->g.kind == KG_TERM_BLANK || q->g.kind == KG_TERM_LITERAL)
            error = kg_error_set(err, KG_EINVALID,
                                 "quad %zu has a graph name that is not an "
                                 "IRI",
                                 i + 1);
        else if (q->g.kind == KG_TERM_NONE)
            gt = kg_iri(default_graph);
        if (error == 0 && kg_triples_add(copy, &q->s, &q->p, &q->o, &gt) < 0)
            error = kg_error_set(err, KG_ENOMEM, "out of memory");
    }
    kg_triples_normalize(copy); /* sorted by graph: one run per graph */
    n = kg_triples_count(copy);
    /* Graphs go in batches, three requests for a batch and one PUT per
     * graph: which of them exist, the PUTs, then one update adding each
     * to the union and marking it complete. Per graph it would be three
     * round trips, and a server's round trip costs more than its work on
     * an article. */
    for (start = 0; start < n && error == 0; start = i) {
        size_t first[BATCH + 1], k, nb = 0;
        kg_buf names = KG_BUF_INIT, q = KG_BUF_INIT;
        for (i = start; i < n && nb < BATCH; nb++) {
            const char *name = kg_triples_get(copy, i)->g.value;
            first[nb] = i;
            while (i < n &&
                   strcmp(kg_triples_get(copy, i)->g.value, name) == 0)
                i++;
        }
        first[nb] = i;
        if (kg_buf_puts(&q, "SELECT DISTINCT ?g WHERE { VALUES ?g {") < 0)
            error = KG_ENOMEM;
        for (k = 0; k < nb && error == 0; k++)
            if (kg_buf_puts(&q, " ") < 0 ||
                put_iri(&q, kg_triples_get(copy, first[k])->g.value) < 0)
                error = KG_ENOMEM;
        if (error == 0 &&
            kg_buf_puts(&q, " } GRAPH ?g { ?s ?p ?o } }") < 0)
            error = KG_ENOMEM;
        if (error == KG_ENOMEM)
            error = kg_error_set(err, KG_ENOMEM, "out of memory");
        if (error == 0)
            error = select_rows(g, q.ptr, 0, collect_graph, &names, err);
        kg_buf_clear(&q);
        for (k = 0; k < nb && error == 0; k++) {
            const char *name = kg_triples_get(copy, first[k])->g.value;
            error = write_graph(g, name, copy, first[k], first[k + 1],
                                listed(&names, name), 0, err);
            if (error == 0 && ((k && kg_buf_puts(&q, " ;\n") < 0) ||
                               mark_ops(&q, name) < 0))
                error = kg_error_set(err, KG_ENOMEM, "out of memory");
        }
        if (error == 0)
            error = update(g, q.ptr, err);
        kg_buf_dispose(&q);
        kg_buf_dispose(&names);
    }
    kg_triples_free(copy);
    return error;
}

int kg_graph__remote_remove(kg_graph *g, const char *graph_iri,
                            kg_error *err)
{
    int error, yes;

    if ((error = check_writable(g, err)) < 0 ||
        (error = graph_has(g, graph_iri, 0, &yes, err)) < 0)
        return error;
    if (!yes)
        return kg_error_set(err, KG_ENOTFOUND, "no graph <%s> in the store",
                            graph_iri);
    return drop_graph(g, graph_iri, err);
}

/* ---- counting ----------------------------------------------------------- */

static int first_long(void *ud, const kg_term *v, int n)
{
    if (n >= 1 && v[0].kind == KG_TERM_LITERAL)
        *(long *)ud = strtol(v[0].value, NULL, 10);
    return 0;
}

int kg_graph__remote_counts(kg_graph *g, long *triples_out, long *graphs_out,
                            kg_error *err)
{
    int error = 0;

    /* Only kg's graphs (those with a marker): a server has its own. */
    if (triples_out &&
        (error = select_rows(g,
                             "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?g "
                             "<" KG_GRAPH__COMPLETE "> ?t } GRAPH ?g "
                             "{ ?s ?p ?o } }",
                             0, first_long, triples_out, err)) < 0)
        return error;
    if (graphs_out)
        error = select_rows(g,
                            "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { "
                            "GRAPH ?g { ?g <" KG_GRAPH__COMPLETE "> ?t } }",
                            0, first_long, graphs_out, err);
    return error;
}

long kg_graph__remote_size(kg_graph *g)
{
    long n = 0;

    return kg_graph__remote_counts(g, &n, NULL, NULL) < 0 ? -1 : n;
}

/* ---- queries ------------------------------------------------------------ */

/* The <variable name="..."/> of SRX 'body' into r->names and r->width
 * (names are SPARQL VARNAMEs: no markup to decode). 0 or KG_ENOMEM. */
static int head_names(kg_result *r, const char *body)
{
    static const char tag[] = "<variable name=\"";
    const char *end = strstr(body, "</head>"), *p;
    int n = 0;

    for (p = body; (p = strstr(p, tag)) != NULL && (!end || p < end);
         p += sizeof(tag) - 1)
        n++;
    r->width = 0;
    if ((r->names = kg__calloc((size_t)n + 1, sizeof(*r->names))) == NULL)
        return KG_ENOMEM;
    for (p = body; r->width < n && (p = strstr(p, tag)) != NULL;) {
        p += sizeof(tag) - 1;
        if ((r->names[r->width] = kg__strndup(p, strcspn(p, "\""))) ==
            NULL)
            return KG_ENOMEM;
        r->width++;
    }
    return 0;
}

int kg_graph__remote_query(kg_result **out, kg_graph *g, const char *sparql,
                           const kg_query_options *opts, kg_error *err)
{
    static const kg_query_options defaults = KG_QUERY_OPTIONS_INIT;
    struct kg_graph__remote *rm = g->remote;
    kg_result *r = NULL;
    kg_buf text = KG_BUF_INIT;
    const char *ct;
    int error = 0, form, b, i;
    size_t k;

    *out = NULL;
    if (!opts)
        opts = &defaults;
    /* Not silently ignored: the server would answer over another dataset. */
    if (opts->n_default_graphs || opts->n_named_graphs)
        return kg_error_set(err, KG_EUNSUPPORTED,
                            "default and named graphs given with the query "
                            "are not supported on a remote store; use FROM "
                            "and FROM NAMED in the query text");
    /* BASE and the predeclared prefixes on the first line, so that the
     * server's line numbers are the caller's; BASE first (Virtuoso
     * refuses it after a PREFIX). */
    if (opts->base && (kg_buf_puts(&text, "BASE ") < 0 ||
                       put_iri(&text, opts->base) < 0 ||
                       kg_buf_puts(&text, " ") < 0))
        goto nomem;
    if (opts->predeclare)
        for (k = 0; k < kg__n_prefixes; k++)
            if (!kg_graph__declares(sparql, kg__prefixes[k].name) &&
                kg_buf_printf(&text, "PREFIX %s: <%s> ", kg__prefixes[k].name,
                              kg__prefixes[k].iri) < 0)
                goto nomem;
    if (kg_buf_puts(&text, sparql) < 0 ||
        (r = kg__calloc(1, sizeof(*r))) == NULL)
        goto nomem;
    r->g = g;
    form = query_form(sparql);
    error = post(rm, rm->query_url, "query", text.ptr,
                 !kg_graph__names_graphs(sparql),
                 form == 'C' || form == 'D' ? ACCEPT_GRAPH : ACCEPT_RESULTS,
                 opts->timeout > 0 ? opts->timeout : rm->timeout, KG_EQUERY,
                 err);
    if (error == KG_EQUERY && rm->reply.status == 400) {
        const char *line = err ? strstr(err->message, "line ") : NULL;
        error = KG_EPARSE;
        if (err) {
            err->code = KG_EPARSE;
            kg_error_locate(err, opts->base ? opts->base : "query",
                            line ? atoi(line + 5) : 0, 0);
        }
    }
    if (error == KG_ETIMEOUT && !rm->reply.partial[0])
        error = kg_error_set(err, KG_ETIMEOUT,
                             "query ran past its %g s time limit",
                             opts->timeout > 0 ? opts->timeout
                                               : rm->timeout);
    if (error < 0)
        goto done;
    ct = rm->reply.ctype;
    if (strcmp(ct, ACCEPT_RESULTS) == 0) {
        if ((b = ask_answer(rm->reply.body.ptr)) >= 0) {
            r->kind = KG_QUERY_BOOLEAN;
            r->boolean = b;
            goto done;
        }
        if ((error = read_srx(&r->rres, g, err)) < 0)
            goto done;
        r->kind = KG_QUERY_BINDINGS;
        r->width = rasqal_query_results_get_bindings_count(r->rres);
        if (r->width <= 0) {
            /* rasqal learns the variables from the first row only: with
             * no rows, take them from the document's head. */
            if ((error = head_names(r, rm->reply.body.ptr)) < 0)
                goto nomem;
            goto done;
        }
        if ((r->names = kg__calloc((size_t)r->width + 1,
                                   sizeof(*r->names))) == NULL)
            goto nomem;
        for (i = 0; i < r->width; i++) {
            const unsigned char *n =
                rasqal_query_results_get_binding_name(r->rres, i);
            if ((r->names[i] = kg__strdup(n ? (const char *)n : "")) == NULL)
                goto nomem;
        }
    } else if (strcmp(ct, "application/n-triples") == 0 ||
               strcmp(ct, "text/plain") == 0 ||
               strcmp(ct, "text/turtle") == 0 ||
               strcmp(ct, "application/x-turtle") == 0) {
        r->kind = KG_QUERY_GRAPH;
        if ((error = kg_triples_new(&r->rtriples, err)) < 0 ||
            (error = kg_rdf_parse(r->rtriples, g->ctx,
                                  rm->reply.body.ptr ? rm->reply.body.ptr
                                                     : "",
                                  rm->reply.body.size,
                                  strstr(ct, "turtle") ? KG_RDF_TURTLE
                                                       : KG_RDF_NTRIPLES,
                                  rm->query_url, NULL, err)) < 0) {
            if (error == KG_EPARSE)
                error = kg_error_set(err, KG_EQUERY,
                                     "cannot read the graph from %s: %s",
                                     rm->query_url, err ? err->message : "");
            goto done;
        }
    } else {
        error = kg_error_set(err, KG_EQUERY,
                             "%s answered with '%s', not SPARQL results",
                             rm->query_url, ct[0] ? ct : "no content type");
    }
    goto done;

nomem:
    error = kg_error_set(err, KG_ENOMEM, "out of memory");
done:
    kg_buf_dispose(&text);
    if (error < 0)
        kg_result_free(r);
    else
        *out = r;
    return error;
}

int kg_graph__remote_next(kg_result *r, librdf_node **values, kg_error *err)
{
    int i;

    if (!r->rres || rasqal_query_results_finished(r->rres))
        return 0;
    for (i = 0; i < r->width; i++) {
        kg_term t;
        lit_term(&t, rasqal_query_results_get_binding_value(r->rres, i));
        values[i] = t.kind == KG_TERM_NONE ? NULL : kg_graph__node(r->g, &t);
        if (t.kind != KG_TERM_NONE && !values[i]) {
            while (i-- > 0)
                if (values[i])
                    librdf_free_node(values[i]);
            return kg_error_set(err, KG_ENOMEM, "out of memory");
        }
    }
    rasqal_query_results_next(r->rres);
    return 1;
}

int kg_graph__remote_triples(kg_result *r, kg_triples *out, kg_error *err)
{
    size_t before = kg_triples_count(out), i;

    for (i = 0; r->rtriples && i < kg_triples_count(r->rtriples); i++) {
        const kg_quad *q = kg_triples_get(r->rtriples, i);
        if (kg_triples_add(out, &q->s, &q->p, &q->o, NULL) < 0) {
            kg__triples_truncate(out, before);
            return kg_error_set(err, KG_ENOMEM, "out of memory");
        }
    }
    return 0;
}

void kg_graph__remote_result_free(kg_result *r)
{
    if (r->rres)
        rasqal_free_query_results(r->rres);
    kg_triples_free(r->rtriples);
}

/* ---- triple patterns for the lookups ------------------------------------ */

typedef struct found {
    kg_graph *g;
    kg_triples *t;          /* owned: the matches */
    size_t i;               /* current match */
    librdf_statement *cur;  /* owned: match 'i' as a statement, or NULL */
    kg_term pat[3];         /* the pattern; kind NONE: a variable */
} found;

static int found_row(void *ud, const kg_term *v, int n)
{
    found *f = ud;
    kg_term spo[3];
    int i, k = 0;

    for (i = 0; i < 3; i++)
        spo[i] = f->pat[i].kind != KG_TERM_NONE ? f->pat[i]
                 : k < n                        ? v[k++]
                                                : f->pat[i];
    if (spo[0].kind == KG_TERM_NONE || spo[1].kind == KG_TERM_NONE ||
        spo[2].kind == KG_TERM_NONE)
        return 0;
    return kg_triples_add(f->t, &spo[0], &spo[1], &spo[2], NULL) < 0
               ? KG_ENOMEM
               : 0;
}

static int found_end(void *ctx)
{
    found *f = ctx;

    return f->i >= kg_triples_count(f->t);
}

static int found_next(void *ctx)
{
    found *f = ctx;

    if (f->cur) {
        librdf_free_statement(f->cur);
        f->cur = NULL;
    }
    f->i++;
    return found_end(ctx);
}

static void *found_get(void *ctx, int flags)
{
    found *f = ctx;
    const kg_quad *q;

    if (flags != LIBRDF_ITERATOR_GET_METHOD_GET_OBJECT || found_end(ctx))
        return NULL; /* no contexts: the union has none */
    if (!f->cur) {
        q = kg_triples_get(f->t, f->i);
        f->cur = librdf_new_statement_from_nodes(
            f->g->world, kg_graph__node(f->g, &q->s),
            kg_graph__node(f->g, &q->p), kg_graph__node(f->g, &q->o));
    }
    return f->cur;
}

static void found_free(void *ctx)
{
    found *f = ctx;

    if (f->cur)
        librdf_free_statement(f->cur);
    kg_triples_free(f->t);
    kg__free(f);
}

librdf_stream *kg_graph__find(kg_graph *g, librdf_statement *pat)
{
    static const char *const vars[] = {"?s", "?p", "?o"};
    struct kg_graph__remote *rm = g->remote;
    kg_buf q = KG_BUF_INIT;
    librdf_stream *st;
    kg_error e;
    found *f;
    int i, error = 0;

    if (!rm)
        return kg_graph__find_statements(g->world, g->model, pat);
    if ((f = kg__calloc(1, sizeof(*f))) == NULL)
        return NULL;
    f->g = g;
    kg_graph__term(&f->pat[0], librdf_statement_get_subject(pat));
    kg_graph__term(&f->pat[1], librdf_statement_get_predicate(pat));
    kg_graph__term(&f->pat[2], librdf_statement_get_object(pat));
    if (kg_triples_new(&f->t, NULL) < 0 ||
        kg_buf_puts(&q, "SELECT DISTINCT") < 0) {
        found_free(f);
        kg_buf_dispose(&q);
        return NULL;
    }
    for (i = 0; i < 3 && error == 0; i++)
        if (f->pat[i].kind == KG_TERM_NONE)
            error = kg_buf_printf(&q, " %s", vars[i]);
    if (error == 0 && strcmp(q.ptr, "SELECT DISTINCT") == 0)
        error = kg_buf_puts(&q, " *");
    if (error == 0)
        error = kg_buf_puts(&q, " WHERE {");
    for (i = 0; i < 3 && error == 0; i++)
        error = kg_buf_puts(&q, " ") < 0 ? KG_ENOMEM
                : f->pat[i].kind == KG_TERM_NONE
                    ? kg_buf_puts(&q, vars[i])
                    : put_term(&q, &f->pat[i]);
    if (error == 0)
        error = kg_buf_puts(&q, " }");
    kg_error_clear(&e);
    if (error == KG_ENOMEM) {
        found_free(f);
        kg_buf_dispose(&q);
        return NULL;
    }
    /* A blank node cannot be looked up by label: it matches nothing. */
    if (error == 0 &&
        (error = select_rows(g, q.ptr, 1, found_row, f, &e)) < 0 &&
        !rm->failure.code)
        rm->failure = e;
    kg_buf_dispose(&q);
    if (error < 0)
        kg__triples_truncate(f->t, 0);
    st = librdf_new_stream(g->world, f, found_end, found_next, found_get,
                           found_free);
    if (!st)
        found_free(f);
    return st;
}

void kg_graph__remote_reset(kg_graph *g)
{
    if (g->remote)
        kg_error_clear(&g->remote->failure);
}

int kg_graph__remote_check(kg_graph *g, int error, kg_error *err)
{
    if (!g->remote || !g->remote->failure.code)
        return error;
    if (err)
        *err = g->remote->failure;
    return g->remote->failure.code;
}
