/*
 * test_server.c -- the endpoint over real sockets: routes, status codes,
 * media types, escaping of every result format, the row cap, the size
 * limit, the time limit, concurrent clients, a stalled client, and a stop
 * that lets the request in flight finish.
 *
 * The store is an in-memory one holding a few hand-written quads, so
 * every expected body below was worked out by hand from the SPARQL 1.1
 * result format specifications.
 *
 * SPDX-License-Identifier: MIT
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <kg/kg.h>
#include <kg/serve.h>

#define EX "http://example.org/"
#define SCHEMA "http://schema.org/"
#define RDFS_LABEL "http://www.w3.org/2000/01/rdf-schema#label"
#define RDF_TYPE "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

/*
 * Leaks that are not the server's: Graphviz keeps its plugin tables and
 * pango/fontconfig/cairo/glib cache fonts for the process (as in the viz
 * tests); libxml2 under raptor leaves per-thread state behind each MHD
 * thread; rasqal and librdf's memory storage leak the pattern nodes of a
 * stream closed before its end (graph/lookup.c find(), as in the graph
 * tests' suppressions).
 */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libgvc.so\nleak:libcgraph.so\nleak:libltdl.so\n"
           "leak:libgvplugin_\nleak:libpango\nleak:libfontconfig\n"
           "leak:libcairo\nleak:libglib\nleak:xmlGetGlobalState\n"
           "leak:rasqal_new_triples_match\nleak:librdf_statement_decode2\n"
           "leak:raptor_new_term_from_uri_string\n";
}

typedef struct fixture {
    kg_ctx *ctx;
    kg_graph *g;
    kg_server *srv;
    int port;
} fixture;

typedef struct response {
    int status;
    char *head; /* status line and headers */
    char *body;
} response;

/* ---- the store -------------------------------------------------------- */

static void add(kg_triples *t, const char *s, const char *p, kg_term o)
{
    kg_term ts = kg_iri(s), tp = kg_iri(p);

    assert_int_equal(kg_triples_add(t, &ts, &tp, &o, NULL), 0);
}

/* Three people; Ann's label needs escaping in every format. */
static void fill(fixture *f, int filler)
{
    kg_triples *t = NULL;
    char iri[64];
    int i;

    assert_int_equal(kg_triples_new(&t, NULL), 0);
    add(t, EX "ann", RDF_TYPE, kg_iri(SCHEMA "Person"));
    add(t, EX "ann", RDFS_LABEL, kg_literal("Ann <b>&\"x\",", NULL, NULL));
    add(t, EX "bob", RDF_TYPE, kg_iri(SCHEMA "Person"));
    add(t, EX "bob", RDFS_LABEL, kg_literal("Bob", NULL, "en"));
    add(t, EX "cy", RDF_TYPE, kg_iri(SCHEMA "Person"));
    add(t, EX "cy", RDFS_LABEL, kg_literal("Cy\nline", NULL, NULL));
    add(t, EX "ann", EX "knows", kg_iri(EX "bob"));
    for (i = 0; i < filler; i++) {
        snprintf(iri, sizeof(iri), EX "n%d", i);
        add(t, iri, EX "filler", kg_literal("1", NULL, NULL));
    }
    assert_int_equal(kg_graph_replace_graphs(f->g, t, EX "g", NULL), 0);
    kg_triples_free(t);
}

static void start(fixture *f, const kg_server_options *so, int filler)
{
    kg_error err = {0};

    assert_int_equal(kg_ctx_new(&f->ctx, NULL), 0);
    assert_int_equal(
        kg_graph_open(&f->g, f->ctx, "memory:", KG_OPEN_CREATE, NULL), 0);
    fill(f, filler);
    if (kg_server_new(&f->srv, f->ctx, f->g, so, &err) < 0)
        fail_msg("kg_server_new: %s", err.message);
    f->port = kg_server_port(f->srv);
    assert_true(f->port > 0);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));
    kg_server_options so = KG_SERVER_OPTIONS_INIT;

    assert_non_null(f);
    so.port = 0;
    so.max_rows = 2;
    so.max_query_bytes = 1000;
    start(f, &so, 0);
    *state = f;
    return 0;
}

static void finish(fixture *f)
{
    kg_server_free(f->srv);
    kg_graph_free(f->g);
    kg_ctx_free(f->ctx);
}

static int teardown(void **state)
{
    finish(*state);
    free(*state);
    return 0;
}

/* ---- a minimal HTTP client -------------------------------------------- */

static int dial(int port)
{
    struct sockaddr_in a;
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    assert_true(fd >= 0);
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
    return fd;
}

static void send_all(int fd, const char *s, size_t n)
{
    while (n) {
        ssize_t w = write(fd, s, n);

        assert_true(w > 0);
        s += w;
        n -= (size_t)w;
    }
}

/* Send 'raw' (a whole request with Connection: close), read the reply. */
static response exchange(int port, const char *raw, size_t len)
{
    response r = {0, NULL, NULL};
    char *buf = NULL, *sep;
    size_t n = 0, cap = 0;
    ssize_t got;
    int fd = dial(port);

    send_all(fd, raw, len);
    for (;;) {
        if (cap - n < 4096) {
            cap = cap ? cap * 2 : 8192;
            buf = realloc(buf, cap + 1);
            assert_non_null(buf);
        }
        if ((got = read(fd, buf + n, cap - n)) <= 0)
            break;
        n += (size_t)got;
    }
    close(fd);
    assert_non_null(buf);
    buf[n] = '\0';
    assert_int_equal(sscanf(buf, "HTTP/1.1 %d", &r.status), 1);
    sep = strstr(buf, "\r\n\r\n");
    assert_non_null(sep);
    *sep = '\0';
    r.head = buf;
    r.body = sep + 4;
    return r;
}

static response get(int port, const char *target, const char *accept)
{
    char raw[4096];
    int n = snprintf(raw, sizeof(raw),
                     "GET %s HTTP/1.1\r\nHost: x\r\n%s%s%sConnection: close"
                     "\r\n\r\n",
                     target, accept ? "Accept: " : "", accept ? accept : "",
                     accept ? "\r\n" : "");

    assert_true(n > 0 && (size_t)n < sizeof(raw));
    return exchange(port, raw, (size_t)n);
}

static response post(int port, const char *type, const char *body,
                     const char *accept)
{
    size_t len = strlen(body) + 512;
    char *raw = malloc(len);
    response r;
    int n;

    assert_non_null(raw);
    n = snprintf(raw, len,
                 "POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: %s\r\n"
                 "Content-Length: %zu\r\n%s%s%sConnection: close\r\n\r\n%s",
                 type, strlen(body), accept ? "Accept: " : "",
                 accept ? accept : "", accept ? "\r\n" : "", body);
    r = exchange(port, raw, (size_t)n);
    free(raw);
    return r;
}

/* The value of header 'name' (case-sensitive as MHD writes it) or NULL. */
static const char *header(const response *r, const char *name, char *out,
                          size_t size)
{
    char key[128];
    const char *p;
    size_t n;

    snprintf(key, sizeof(key), "\r\n%s: ", name);
    if ((p = strstr(r->head, key)) == NULL)
        return NULL;
    p += strlen(key);
    n = strcspn(p, "\r\n");
    if (n >= size)
        n = size - 1;
    memcpy(out, p, n);
    out[n] = '\0';
    return out;
}

static void assert_type(const response *r, const char *type)
{
    char v[256];

    assert_non_null(header(r, "Content-Type", v, sizeof(v)));
    assert_string_equal(v, type);
}

static void done(response *r)
{
    free(r->head);
}

#define Q_PEOPLE                                                             \
    "SELECT%20%3Fp%20%3Fl%20WHERE%20%7B%20%3Fp%20a%20schema%3APerson%20%3B" \
    "%20rdfs%3Alabel%20%3Fl%20%7D%20ORDER%20BY%20%3Fp"
#define PEOPLE                                                               \
    "SELECT ?p ?l WHERE { ?p a schema:Person ; rdfs:label ?l } ORDER BY ?p"

/* ---- routes ----------------------------------------------------------- */

static void test_server__service_description(void **state)
{
    fixture *f = *state;
    response r = get(f->port, "/sparql", NULL);

    assert_int_equal(r.status, 200);
    assert_type(&r, "text/turtle; charset=utf-8");
    assert_non_null(strstr(r.body, "<> a sd:Service"));
    assert_non_null(strstr(r.body, "sd:SPARQL11Query"));
    done(&r);
    r = get(f->port, "/sparql", "application/sparql-results+json");
    assert_int_equal(r.status, 406);
    done(&r);
}

static void test_server__select_json_escaped_and_capped(void **state)
{
    fixture *f = *state;
    response r = get(f->port, "/sparql?query=" Q_PEOPLE "&format=json"
                              "&output=json&results=json",
                     "application/sparql-results+json,application/json");
    char v[64];

    assert_int_equal(r.status, 200);
    assert_type(&r, "application/sparql-results+json; charset=utf-8");
    assert_string_equal(
        r.body,
        "{\n  \"head\": {\n    \"vars\": [\"p\", \"l\"],\n"
        "    \"link\": [\"urn:kg:truncated:2\"]\n  },\n"
        "  \"results\": {\n    \"bindings\": [\n"
        "      {\"p\": {\"type\": \"uri\", \"value\": "
        "\"http://example.org/ann\"}"
        ", \"l\": {\"type\": \"literal\", \"value\": "
        "\"Ann \\u003cb\\u003e\\u0026\\\"x\\\",\"}},\n"
        "      {\"p\": {\"type\": \"uri\", \"value\": "
        "\"http://example.org/bob\"}"
        ", \"l\": {\"type\": \"literal\", \"value\": \"Bob\", "
        "\"xml:lang\": \"en\"}}\n"
        "    ]\n  }\n}\n");
    /* three people, a cap of two: cut and said so */
    assert_non_null(header(&r, "KG-Result-Truncated", v, sizeof(v)));
    assert_string_equal(v, "2");
    assert_non_null(header(&r, "Warning", v, sizeof(v)));
    assert_null(header(&r, "Access-Control-Allow-Origin", v, sizeof(v)));
    done(&r);
}

static void test_server__select_xml_csv_tsv(void **state)
{
    fixture *f = *state;
    response r;
    char v[64];

    r = post(f->port, "application/sparql-query",
             PEOPLE " OFFSET 1", "application/sparql-results+xml");
    assert_int_equal(r.status, 200);
    assert_type(&r, "application/sparql-results+xml; charset=utf-8");
    assert_non_null(strstr(r.body, "<variable name=\"p\"/>"));
    assert_non_null(strstr(r.body, "<binding name=\"l\"><literal "
                                   "xml:lang=\"en\">Bob</literal>"));
    assert_non_null(strstr(r.body, "<literal>Cy\nline</literal>"));
    /* two rows after the offset: not cut, no link in the head */
    assert_null(header(&r, "KG-Result-Truncated", v, sizeof(v)));
    assert_null(strstr(r.body, "<link"));
    done(&r);

    r = post(f->port, "application/x-www-form-urlencoded; charset=UTF-8",
             "format=csv&query=" Q_PEOPLE "%20LIMIT%201", "text/csv");
    assert_int_equal(r.status, 200);
    assert_type(&r, "text/csv; charset=utf-8");
    assert_string_equal(r.body, "p,l\r\nhttp://example.org/ann,"
                                "\"Ann <b>&\"\"x\"\",\"\r\n");
    done(&r);

    r = get(f->port, "/sparql?query=" Q_PEOPLE "%20OFFSET%201",
            "text/csv;q=0.5, text/tab-separated-values");
    assert_int_equal(r.status, 200);
    assert_type(&r, "text/tab-separated-values; charset=utf-8");
    assert_string_equal(r.body, "?p\t?l\n"
                                "<http://example.org/bob>\t\"Bob\"@en\n"
                                "<http://example.org/cy>\t\"Cy\\nline\"\n");
    done(&r);
}

static void test_server__ask_and_construct(void **state)
{
    fixture *f = *state;
    response r;

    r = post(f->port, "application/sparql-query",
             "ASK { ex:ann ex:knows ex:bob }", NULL);
    /* ex: is not predeclared: a client mistake, not a server failure */
    assert_int_equal(r.status, 400);
    assert_type(&r, "text/plain; charset=utf-8");
    done(&r);
    r = post(f->port, "application/sparql-query",
             "ASK { <http://example.org/ann> <http://example.org/knows> "
             "<http://example.org/bob> }",
             NULL);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.body,
                        "{\n  \"head\": {},\n  \"boolean\": true\n}\n");
    done(&r);
    r = post(f->port, "application/sparql-query",
             "CONSTRUCT { ?a <http://example.org/k> ?b } WHERE "
             "{ ?a <http://example.org/knows> ?b }",
             "application/n-triples");
    assert_int_equal(r.status, 200);
    assert_type(&r, "application/n-triples");
    assert_string_equal(r.body, "<http://example.org/ann> "
                                "<http://example.org/k> "
                                "<http://example.org/bob> .\n");
    done(&r);
    r = post(f->port, "application/sparql-query",
             "CONSTRUCT { ?a ?p ?b } WHERE { ?a ?p ?b }",
             "text/turtle, application/sparql-results+json");
    assert_int_equal(r.status, 200);
    assert_type(&r, "text/turtle; charset=utf-8");
    done(&r);
    r = post(f->port, "application/sparql-query",
             "CONSTRUCT { ?a ?p ?b } WHERE { ?a ?p ?b }", "text/csv");
    assert_int_equal(r.status, 406);
    done(&r);
}

static void test_server__client_errors(void **state)
{
    fixture *f = *state;
    char big[1200], raw[1300], v[64];
    response r;

    r = get(f->port, "/sparql?query=SELECT%20%3Fx%20WHERE%20%7B%20%3Fx%20a"
                     "%20%7D", NULL);
    assert_int_equal(r.status, 400);
    assert_non_null(strstr(r.body, "syntax error"));
    done(&r);

    memset(big, 'a', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    r = post(f->port, "application/sparql-query", big, NULL);
    assert_int_equal(r.status, 413);
    done(&r);
    snprintf(raw, sizeof(raw), "/sparql?query=%.1001s", big);
    r = get(f->port, raw, NULL);
    assert_int_equal(r.status, 413);
    done(&r);

    snprintf(raw, sizeof(raw), "PUT /sparql HTTP/1.1\r\nHost: x\r\n"
                               "Content-Length: 0\r\nConnection: close"
                               "\r\n\r\n");
    r = exchange(f->port, raw, strlen(raw));
    assert_int_equal(r.status, 405);
    assert_non_null(header(&r, "Allow", v, sizeof(v)));
    done(&r);

    r = post(f->port, "text/plain", "SELECT * WHERE { ?s ?p ?o }", NULL);
    assert_int_equal(r.status, 415);
    done(&r);
    r = post(f->port, "application/x-www-form-urlencoded", "format=json",
             NULL);
    assert_int_equal(r.status, 400);
    done(&r);
    r = post(f->port, "application/x-www-form-urlencoded",
             "update=INSERT%20DATA%20%7B%7D", NULL);
    assert_int_equal(r.status, 403);
    done(&r);
    /* A dataset of graphs the store lacks: the default graph is empty. */
    r = get(f->port, "/sparql?query=ASK%7B%3Fs%3Fp%3Fo%7D&default-graph-uri="
                     "http%3A%2F%2Fx%2F&default-graph-uri=http%3A%2F%2Fy%2F",
            "application/sparql-results+json");
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "false"));
    done(&r);
    r = get(f->port, "/nowhere", NULL);
    assert_int_equal(r.status, 404);
    done(&r);
}

static void test_server__page_and_diagram(void **state)
{
    fixture *f = *state;
    response r;
    char v[256];

    r = get(f->port, "/", "text/html");
    assert_int_equal(r.status, 200);
    assert_type(&r, "text/html; charset=utf-8");
    assert_non_null(header(&r, "Content-Security-Policy", v, sizeof(v)));
    assert_non_null(strstr(r.body, "<textarea id=\"query\""));
    /* the script never writes markup from data */
    done(&r);
    r = get(f->port, "/app.js", NULL);
    assert_int_equal(r.status, 200);
    assert_null(strstr(r.body, "innerHTML"));
    assert_non_null(strstr(r.body, "textContent"));
    done(&r);

    r = get(f->port, "/diagram?query=CONSTRUCT%20%7B%3Fp%20a%20schema%3A"
                     "Person%20%3B%20rdfs%3Alabel%20%3Fl%7D%20WHERE%20%7B%3Fp"
                     "%20a%20schema%3APerson%20%3B%20rdfs%3Alabel%20%3Fl%20"
                     "FILTER(%3Fp%20%3D%20%3Chttp%3A%2F%2Fexample.org%2Fann"
                     "%3E)%7D",
            NULL);
    assert_int_equal(r.status, 200);
    assert_type(&r, "image/svg+xml");
    assert_non_null(strstr(r.body, "<svg"));
    /* Ann's label is drawn with its markup escaped, never live */
    assert_non_null(strstr(r.body, "Ann &lt;b&gt;&amp;"));
    assert_null(strstr(r.body, "<b>"));
    done(&r);
    r = get(f->port, "/diagram?query=ASK%7B%7D", NULL);
    assert_int_equal(r.status, 400);
    done(&r);
    r = get(f->port, "/diagram?entity=Nobody%20Here", NULL);
    assert_int_equal(r.status, 404);
    done(&r);
    r = get(f->port, "/diagram?entity=Bob&hops=7", NULL);
    assert_int_equal(r.status, 400);
    done(&r);
    r = get(f->port, "/diagram", NULL);
    assert_int_equal(r.status, 400);
    done(&r);
}

/* ---- concurrency ------------------------------------------------------ */

typedef struct worker {
    int port, ok, rounds;
    const char *query, *expect;
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    int i;

    for (i = 0; i < w->rounds; i++) {
        response r = get(w->port, w->query, "text/csv");

        if (r.status == 200 && strcmp(r.body, w->expect) == 0)
            w->ok++;
        done(&r);
    }
    return NULL;
}

static void test_server__concurrent_clients_and_a_stalled_one(void **state)
{
    fixture *f = *state;
    static const char *const queries[][2] = {
        {"/sparql?query=SELECT%20%3Fl%20WHERE%20%7B%3Chttp%3A%2F%2Fexample."
         "org%2Fbob%3E%20rdfs%3Alabel%20%3Fl%7D",
         "l\r\nBob\r\n"},
        {"/sparql?query=SELECT%20%3Fb%20WHERE%20%7B%3Chttp%3A%2F%2Fexample."
         "org%2Fann%3E%20%3Chttp%3A%2F%2Fexample.org%2Fknows%3E%20%3Fb%7D",
         "b\r\nhttp://example.org/bob\r\n"},
    };
    pthread_t th[8];
    worker w[8];
    int i, stalled;

    /* A client that sends half a request and stops: a thread of its own. */
    stalled = dial(f->port);
    send_all(stalled, "GET /sparql?query=ASK", 21);
    for (i = 0; i < 8; i++) {
        w[i].port = f->port;
        w[i].ok = 0;
        w[i].rounds = 15;
        w[i].query = queries[i % 2][0];
        w[i].expect = queries[i % 2][1];
        assert_int_equal(pthread_create(&th[i], NULL, work, &w[i]), 0);
    }
    for (i = 0; i < 8; i++) {
        assert_int_equal(pthread_join(th[i], NULL), 0);
        assert_int_equal(w[i].ok, w[i].rounds);
    }
    close(stalled);
}

/* ---- limits and stopping ---------------------------------------------- */

/* With 60 filler quads a three-way cross join has over 67^3 rows. */
#define CROSS3_ROWS "SELECT%20*%20WHERE%20%7B%3Fa%20%3Fb%20%3Fc%20.%20"      \
                    "%3Fd%20%3Fe%20%3Ff%20.%20%3Fg%20%3Fh%20%3Fi%7D"

static void test_server__timeout_is_503(void **state)
{
    kg_server_options so = KG_SERVER_OPTIONS_INIT;
    fixture f = {0};
    response r;

    (void)state;
    so.port = 0;
    so.timeout_ms = 50;
    so.max_rows = 0;
    start(&f, &so, 60);
    r = get(f.port, "/sparql?query=" CROSS3_ROWS, "text/csv");
    assert_int_equal(r.status, 503);
    assert_non_null(strstr(r.body, "time limit"));
    done(&r);
    finish(&f);
}

typedef struct slow {
    int port;
    int refused; /* a new connection was refused while it was in flight */
    response r;
} slow;

#define ASK_KNOWS                                                            \
    "ASK { <http://example.org/ann> <http://example.org/knows> "            \
    "<http://example.org/bob> }"

/* A request whose body arrives in two parts, 600 ms apart. */
static void *slow_request(void *arg)
{
    slow *s = arg;
    struct timespec pause = {0, 600000000};
    struct sockaddr_in a;
    char head[256];
    size_t half = strlen(ASK_KNOWS) / 2;
    int fd = dial(s->port), probe;
    int n = snprintf(head, sizeof(head),
                     "POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: "
                     "application/sparql-query\r\nContent-Length: %zu\r\n"
                     "Connection: close\r\n\r\n",
                     strlen(ASK_KNOWS));
    char buf[4096];
    size_t got = 0;
    ssize_t k;

    send_all(fd, head, (size_t)n);
    send_all(fd, ASK_KNOWS, half);
    nanosleep(&pause, NULL);
    probe = socket(AF_INET, SOCK_STREAM, 0);
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)s->port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    s->refused = connect(probe, (struct sockaddr *)&a, sizeof(a)) != 0;
    close(probe);
    send_all(fd, ASK_KNOWS + half, strlen(ASK_KNOWS) - half);
    while (got < sizeof(buf) - 1 &&
           (k = read(fd, buf + got, sizeof(buf) - 1 - got)) > 0)
        got += (size_t)k;
    buf[got] = '\0';
    close(fd);
    s->r.status = 0;
    sscanf(buf, "HTTP/1.1 %d", &s->r.status);
    s->r.head = strdup(buf);
    s->r.body = strstr(s->r.head, "\r\n\r\n");
    s->r.body = s->r.body ? s->r.body + 4 : s->r.head + got;
    return NULL;
}

static void test_server__stop_lets_the_request_in_flight_finish(void **state)
{
    fixture *f = *state;
    struct timespec pause = {0, 5000000};
    int pipefd[2], i;
    pthread_t th;
    slow s = {0};

    s.port = f->port;
    assert_int_equal(pthread_create(&th, NULL, slow_request, &s), 0);
    for (i = 0; i < 2000 && kg_server_in_flight(f->srv) == 0; i++)
        nanosleep(&pause, NULL);
    /* the headers are in, the body is not: the request is in flight */
    assert_int_equal(kg_server_in_flight(f->srv), 1);
    assert_int_equal(pipe(pipefd), 0);
    assert_int_equal(write(pipefd[1], "x", 1), 1);
    assert_int_equal(kg_server_run(f->srv, pipefd[0], 30000, NULL), 0);
    /* run returned after the request completed with its whole answer */
    assert_int_equal(kg_server_in_flight(f->srv), 0);
    assert_int_equal(pthread_join(th, NULL), 0);
    assert_true(s.refused);
    assert_int_equal(s.r.status, 200);
    assert_string_equal(s.r.body,
                        "{\n  \"head\": {},\n  \"boolean\": true\n}\n");
    done(&s.r);
    close(pipefd[0]);
    close(pipefd[1]);
}

static void test_server__bad_options(void **state)
{
    kg_server_options so = KG_SERVER_OPTIONS_INIT;
    kg_server *srv = NULL;
    kg_error err = {0};
    fixture *f = *state;

    so.bind = "localhost"; /* names are refused: numeric only */
    assert_int_equal(kg_server_new(&srv, f->ctx, f->g, &so, &err),
                     KG_EINVALID);
    assert_null(srv);
    so.bind = "127.0.0.1";
    so.port = f->port; /* taken */
    kg_error_clear(&err);
    assert_int_equal(kg_server_new(&srv, f->ctx, f->g, &so, &err), KG_EIO);
    assert_non_null(strstr(err.message, "cannot listen"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_server__service_description,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_server__select_json_escaped_and_capped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_server__select_xml_csv_tsv,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_server__ask_and_construct,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_server__client_errors, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_server__page_and_diagram, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_server__concurrent_clients_and_a_stalled_one, setup,
            teardown),
        cmocka_unit_test_setup_teardown(test_server__bad_options, setup,
                                        teardown),
        cmocka_unit_test(test_server__timeout_is_503),
        cmocka_unit_test_setup_teardown(
            test_server__stop_lets_the_request_in_flight_finish, setup,
            teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
