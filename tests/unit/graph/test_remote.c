/*
 * test_remote.c -- the remote backend against a fake SPARQL server (a
 * libmicrohttpd daemon on 127.0.0.1 answering canned documents chosen by
 * a word in the request): spec parsing, an unreachable server, result
 * documents (SRX with every kind of term, no rows, a standard and a
 * Virtuoso-style ASK, N-Triples), HTTP errors turned into one line, and
 * Virtuoso's partial "anytime" answers refused.
 * The real server is tests/e2e/remote_virtuoso.sh.
 *
 * SPDX-License-Identifier: MIT
 */
#include "graph/helpers.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <microhttpd.h>

#include "kg_int.h"
#include "remote.h"

#define SRX_HEAD                                                             \
    "<?xml version=\"1.0\"?>\n<sparql "                                     \
    "xmlns=\"http://www.w3.org/2005/sparql-results#\">\n"

typedef struct canned {
    const char *word;   /* in the request body */
    unsigned status;
    const char *ctype;
    const char *body;
} canned;

static const canned answers[] = {
    {"NOROWS", 200, "application/sparql-results+xml",
     SRX_HEAD "<head><variable name=\"who\"/><variable name=\"n\"/></head>"
              "<results></results></sparql>\n"},
    {"ROWS", 200, "application/sparql-results+xml",
     SRX_HEAD "<head><variable name=\"x\"/><variable name=\"y\"/></head>"
              "<results><result>"
              "<binding name=\"x\"><uri>http://ex/a</uri></binding>"
              "<binding name=\"y\"><literal xml:lang=\"fr\">caf\xc3\xa9"
              "</literal></binding></result>"
              "<result><binding name=\"x\"><bnode>b1</bnode></binding>"
              "<binding name=\"y\"><literal datatype=\"http://www.w3.org/"
              "2001/XMLSchema#integer\">42</literal></binding></result>"
              "<result><binding name=\"y\"><literal>a &lt;b&gt;</literal>"
              "</binding></result></results></sparql>\n"},
    {"BOOLEAN", 200, "application/sparql-results+xml",
     SRX_HEAD "<head></head><boolean>false</boolean></sparql>\n"},
    /* Virtuoso 7.2 answers ASK {} like this (true) */
    {"ASK%20%7B%7D", 200, "application/sparql-results+xml",
     SRX_HEAD "<head><variable name=\"__ASK_RETVAL\"/></head><results>"
              "<result><binding name=\"__ASK_RETVAL\"><literal datatype="
              "\"http://www.w3.org/2001/XMLSchema#integer\">1</literal>"
              "</binding></result></results></sparql>\n"},
    {"NOANSWER", 200, "application/sparql-results+xml",
     SRX_HEAD "<head><variable name=\"__ASK_RETVAL\"/></head><results>"
              "</results></sparql>\n"},
    {"CONSTRUCT", 200, "application/n-triples",
     "<http://ex/a> <http://ex/p> \"x\\ny\" .\n"
     "<http://ex/a> <http://ex/q> <http://ex/b> .\n"},
    {"BADSYNTAX", 400, "text/plain",
     "Virtuoso 37000 Error SP030: SPARQL compiler, line 2: syntax error\n\n"
     "SPARQL query:\nSELECT <http://echoed> WHERE\n"},
    {"HTMLERROR", 500, "text/html",
     "<html><head><title>failed</title></head><body><h1>500</h1>"
     "<xmp>SQ200: no such table</xmp></body></html>"},
    {"TEXTHTML", 200, "text/html", "<html>not results</html>"},
    /* Virtuoso's "anytime" answer: a partial result with status 200 */
    {"PARTIAL", 200, "application/sparql-results+xml",
     SRX_HEAD "<head><variable name=\"x\"/></head><results></results>"
              "</sparql>\n"},
};

typedef struct upload {
    char body[8192];
    size_t len;
} upload;

static enum MHD_Result handler(void *cls, struct MHD_Connection *c,
                               const char *url, const char *method,
                               const char *version, const char *data,
                               size_t *size, void **con_cls)
{
    upload *u = *con_cls;
    struct MHD_Response *resp;
    enum MHD_Result ret;
    size_t i;

    (void)cls, (void)url, (void)method, (void)version;
    if (!u) {
        *con_cls = calloc(1, sizeof(upload));
        return *con_cls ? MHD_YES : MHD_NO;
    }
    if (*size) {
        size_t n = *size < sizeof(u->body) - 1 - u->len
                       ? *size
                       : sizeof(u->body) - 1 - u->len;
        memcpy(u->body + u->len, data, n);
        u->len += n;
        *size = 0;
        return MHD_YES;
    }
    for (i = 0; i < sizeof(answers) / sizeof(answers[0]); i++)
        if (strstr(u->body, answers[i].word))
            break;
    if (i == sizeof(answers) / sizeof(answers[0])) {
        resp = MHD_create_response_from_buffer(2, (void *)"?\n",
                                               MHD_RESPMEM_PERSISTENT);
        ret = MHD_queue_response(c, 404, resp);
    } else {
        resp = MHD_create_response_from_buffer(
            strlen(answers[i].body), (void *)answers[i].body,
            MHD_RESPMEM_PERSISTENT);
        MHD_add_response_header(resp, "Content-Type", answers[i].ctype);
        if (strcmp(answers[i].word, "PARTIAL") == 0) {
            MHD_add_response_header(resp, "X-SQL-State", "S1TAT");
            MHD_add_response_header(resp, "X-SQL-Message",
                                    "RC...: Returning incomplete results");
        }
        ret = MHD_queue_response(c, answers[i].status, resp);
    }
    MHD_destroy_response(resp);
    return ret;
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode code)
{
    (void)cls, (void)c, (void)code;
    free(*con_cls);
    *con_cls = NULL;
}

typedef struct fx {
    kg_ctx *ctx;
    struct MHD_Daemon *d;
    char spec[128];
    kg_graph *g;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof(*f));
    const union MHD_DaemonInfo *info;
    struct sockaddr_in sa;
    kg_error err;

    assert_int_equal(kg_ctx_new(&f->ctx, NULL), 0);
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    f->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL,
                            handler, NULL, MHD_OPTION_NOTIFY_COMPLETED,
                            completed, NULL, MHD_OPTION_SOCK_ADDR, &sa,
                            MHD_OPTION_END);
    assert_non_null(f->d);
    info = MHD_get_daemon_info(f->d, MHD_DAEMON_INFO_BIND_PORT);
    assert_non_null(info);
    snprintf(f->spec, sizeof(f->spec), "sparql+http://127.0.0.1:%u/sparql",
             (unsigned)info->port);
    kg_error_clear(&err);
    if (kg_graph_open(&f->g, f->ctx, f->spec, KG_OPEN_READONLY, &err) != 0)
        fail_msg("open %s: %s", f->spec, err.message);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;

    kg_graph_free(f->g);
    MHD_stop_daemon(f->d);
    kg_ctx_free(f->ctx);
    free(f);
    return 0;
}

/* Run 'q' and write its result as TSV into 'out' (size 1024); a graph
 * result is read into a list and dropped. */
static int run(fx *f, const char *q, char *out, kg_error *err)
{
    kg_result *r = NULL;
    char *mem = NULL;
    size_t len = 0;
    FILE *fp;
    int rc;

    kg_error_clear(err);
    out[0] = '\0';
    if ((rc = kg_graph_query(&r, f->g, q, NULL, err)) != 0)
        return rc;
    if (kg_result_kind(r) == KG_QUERY_GRAPH) {
        kg_triples *t = NULL;
        if ((rc = kg_triples_new(&t, err)) == 0)
            rc = kg_result_triples(r, t, err);
        kg_triples_free(t);
        kg_result_free(r);
        return rc;
    }
    fp = open_memstream(&mem, &len);
    assert_non_null(fp);
    rc = kg_result_write(r, fp, KG_RESULTS_TSV, err);
    fclose(fp);
    snprintf(out, 1024, "%s", mem ? mem : "");
    free(mem);
    kg_result_free(r);
    return rc;
}

static void test_remote__bad_specs(void **state)
{
    fx *f = *state;
    static const char *const bad[] = {
        "sparql+http://", "sparql+http:///sparql", "sparql+http://:80/x",
        "sparql+http://h/sparql;gsp", "sparql+http://h/sparql;gps=http://h/",
        "sparql+http://h/sparql;gsp=ftp://h/",
        "sparql+http://h/sparql;timeout=0",
        "sparql+http://h/sparql;timeout=soon"};
    kg_graph *g = NULL;
    kg_error err;
    size_t i;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        kg_error_clear(&err);
        assert_int_equal(kg_graph_open(&g, f->ctx, bad[i], 0, &err),
                         KG_EINVALID);
        assert_null(g);
        assert_non_null(strstr(err.message, "bad store spec"));
    }
}

static void test_remote__unreachable(void **state)
{
    fx *f = *state;
    kg_graph *g = NULL;
    kg_error err;

    kg_error_clear(&err);
    /* port 1 on loopback: nothing listens there */
    assert_int_equal(kg_graph_open(&g, f->ctx,
                                   "sparql+http://127.0.0.1:1/sparql", 0,
                                   &err),
                     KG_EIO);
    assert_null(g);
    assert_non_null(strstr(err.message, "no answer from "
                                        "http://127.0.0.1:1/sparql"));
}

static void test_remote__rows(void **state)
{
    fx *f = *state;
    char out[1024];
    kg_error err;

    assert_int_equal(run(f, "SELECT * { ?x ?y ?z } # ROWS", out, &err), 0);
    assert_string_equal(out, "?x\t?y\n"
                             "<http://ex/a>\t\"caf\xc3\xa9\"@fr\n"
                             "_:b1\t42\n"
                             "\t\"a <b>\"\n");
}

static void test_remote__no_rows_keeps_the_head(void **state)
{
    fx *f = *state;
    char out[1024];
    kg_error err;

    assert_int_equal(run(f, "SELECT * { ?who ?n 1 } # NOROWS", out, &err),
                     0);
    assert_string_equal(out, "?who\t?n\n");
}

static void test_remote__ask(void **state)
{
    fx *f = *state;
    kg_result *r = NULL;
    kg_error err;

    kg_error_clear(&err);
    assert_int_equal(kg_graph_query(&r, f->g, "ASK { ?s ?p 1 } # BOOLEAN",
                                    NULL, &err),
                     0);
    assert_int_equal(kg_result_kind(r), KG_QUERY_BOOLEAN);
    assert_int_equal(kg_result_boolean(r), 0);
    kg_result_free(r);
    /* Virtuoso's: no row is false */
    assert_int_equal(kg_graph_query(&r, f->g, "ASK { ?s ?p 2 } # NOANSWER",
                                    NULL, &err),
                     0);
    assert_int_equal(kg_result_kind(r), KG_QUERY_BOOLEAN);
    assert_int_equal(kg_result_boolean(r), 0);
    kg_result_free(r);
}

static void test_remote__construct(void **state)
{
    fx *f = *state;
    kg_result *r = NULL;
    kg_triples *t = NULL;
    kg_error err;

    kg_error_clear(&err);
    assert_int_equal(kg_graph_query(&r, f->g,
                                    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p "
                                    "?o }",
                                    NULL, &err),
                     0);
    assert_int_equal(kg_result_kind(r), KG_QUERY_GRAPH);
    assert_int_equal(kg_triples_new(&t, &err), 0);
    assert_int_equal(kg_result_triples(r, t, &err), 0);
    assert_int_equal(kg_triples_count(t), 2);
    assert_string_equal(kg_triples_get(t, 0)->o.value, "x\ny");
    kg_triples_free(t);
    kg_result_free(r);
}

static void test_remote__errors_are_one_line(void **state)
{
    fx *f = *state;
    char out[1024];
    kg_error err;

    assert_int_equal(run(f, "SELECT * {\n ?s } # BADSYNTAX", out, &err),
                     KG_EPARSE);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.message, "HTTP 400"));
    assert_non_null(strstr(err.message, "line 2: syntax error"));
    assert_null(strstr(err.message, "echoed")); /* the echo is cut */
    assert_int_equal(run(f, "SELECT * {} # HTMLERROR", out, &err),
                     KG_EQUERY);
    assert_non_null(strstr(err.message, "HTTP 500"));
    assert_non_null(strstr(err.message, ": SQ200: no such table"));
    assert_int_equal(run(f, "SELECT * {} # TEXTHTML", out, &err),
                     KG_EQUERY);
    assert_non_null(strstr(err.message, "answered with 'text/html'"));
    assert_int_equal(run(f, "SELECT * {} # PARTIAL", out, &err),
                     KG_ETIMEOUT);
    assert_non_null(strstr(err.message, "partial answer"));
    assert_non_null(strstr(err.message, "S1TAT"));
}

static void test_remote__readonly_and_lookups_fail_loudly(void **state)
{
    fx *f = *state;
    kg_triples *t = NULL;
    kg_buf iri = KG_BUF_INIT;
    kg_error err;

    kg_error_clear(&err);
    assert_int_equal(kg_triples_new(&t, &err), 0);
    assert_int_equal(kg_graph_remove(f->g, "http://ex/g", &err), KG_EIO);
    assert_non_null(strstr(err.message, "read-only"));
    /* the fake server answers lookups with 404: an error, not "no
     * entity" */
    kg_error_clear(&err);
    assert_int_equal(kg_graph_resolve(&iri, f->g, "Nobody", &err), KG_EQUERY);
    assert_non_null(strstr(err.message, "HTTP 404"));
    kg_error_clear(&err);
    assert_int_equal(kg_graph_neighbourhood(t, f->g, "http://ex/a", 1, 10,
                                            &err),
                     KG_EQUERY);
    assert_int_equal(kg_triples_count(t), 0);
    kg_buf_dispose(&iri);
    kg_triples_free(t);
}

/* Every allocation of kg's own on the way failing in turn: KG_ENOMEM
 * each time, nothing leaked (LSan), then the same answer. */
static void test_remote__oom(void **state)
{
    static const char *const queries[] = {
        "SELECT * { ?x ?y ?z } # ROWS", "SELECT * { ?who ?n 1 } # NOROWS",
        "ASK { ?s ?p 2 } # NOANSWER",
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"};
    fx *f = *state;
    char out[1024];
    kg_error err;
    kg_graph *g = NULL;
    size_t i;
    long n;
    int rc;

    for (i = 0; i < sizeof(queries) / sizeof(queries[0]); i++) {
        rc = KG_ENOMEM;
        for (n = 1; n < 5000 && rc == KG_ENOMEM; n++) {
            kg__alloc_fail_after(n);
            rc = run(f, queries[i], out, &err);
            kg__alloc_fail_after(0);
            if (rc != 0)
                assert_int_equal(rc, KG_ENOMEM);
        }
        assert_int_equal(rc, 0);
    }
    rc = KG_ENOMEM;
    for (n = 1; n < 5000 && rc == KG_ENOMEM; n++) {
        kg_error_clear(&err);
        kg__alloc_fail_after(n);
        rc = kg_graph_open(&g, f->ctx, f->spec, KG_OPEN_READONLY, &err);
        kg__alloc_fail_after(0);
        if (rc != 0) {
            assert_int_equal(rc, KG_ENOMEM);
            assert_null(g);
        }
    }
    assert_int_equal(rc, 0);
    kg_graph_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_remote__bad_specs, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_remote__unreachable, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_remote__rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_remote__no_rows_keeps_the_head,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_remote__ask, setup, teardown),
        cmocka_unit_test_setup_teardown(test_remote__construct, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_remote__errors_are_one_line,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_remote__readonly_and_lookups_fail_loudly, setup, teardown),
        cmocka_unit_test_setup_teardown(test_remote__oom, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
