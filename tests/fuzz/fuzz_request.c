/*
 * fuzz_request.c -- raw bytes sent to a running kg serve: a server on a
 * small "memory:" store listens on an ephemeral loopback port (its own
 * thread, started once), and each input is written to a new connection
 * as the whole request, the write side is shut, and the answer is read to
 * its end. This drives libmicrohttpd's parser and every route of
 * serve/server.c with hostile request lines, headers, query strings and
 * bodies (complementing fuzz_http, which calls serve's own parsers).
 *
 * Invariants: the server answers or closes every connection within the
 * per-query limit (a hang is a libFuzzer timeout), and it keeps
 * answering: a plain GET / after the input must succeed within 5 s.
 *
 * SPDX-License-Identifier: MIT
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <kg/kg.h>

#include "fuzz.h"

static const char store_trig[] =
    "@prefix schema: <http://schema.org/> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "<https://w3id.org/kg/id/article/a> {\n"
    "  <https://w3id.org/kg/id/person/kim> a schema:Person ;\n"
    "    rdfs:label \"Kim Jong Un\"@en .\n"
    "  <https://w3id.org/kg/id/event/e1> a schema:Event ;\n"
    "    schema:attendee <https://w3id.org/kg/id/person/kim> .\n"
    "}\n";

static kg_ctx *ctx;
static kg_graph *graph;
static kg_server *server;
static int stop_pipe[2];
static int port;

static void *serve(void *arg)
{
    (void)arg;
    (void)kg_server_run(server, stop_pipe[0], 1000, NULL);
    return NULL;
}

static void setup(void)
{
    kg_server_options so = KG_SERVER_OPTIONS_INIT;
    kg_triples *t = NULL;
    pthread_t th;

    signal(SIGPIPE, SIG_IGN);
    so.port = 0;
    so.timeout_ms = 2000;
    so.max_rows = 50;
    so.max_connections = 8;
    if (kg_ctx_new(&ctx, NULL) < 0 || kg_triples_new(&t, NULL) < 0 ||
        kg_rdf_parse(t, ctx, store_trig, strlen(store_trig), KG_RDF_TRIG,
                     "http://example.org/", NULL, NULL) < 0 ||
        kg_graph_open(&graph, ctx, "memory:", KG_OPEN_CREATE, NULL) < 0 ||
        kg_graph_replace_graphs(graph, t, NULL, NULL) < 0 ||
        pipe(stop_pipe) != 0 ||
        kg_server_new(&server, ctx, graph, &so, NULL) < 0 ||
        pthread_create(&th, NULL, serve, NULL) != 0)
        abort();
    pthread_detach(th);
    kg_triples_free(t);
    port = kg_server_port(server);
}

/* Send 'len' bytes as one request and read the answer to its end.
 * Returns the number of bytes answered, or -1 when no connection. */
static long exchange(const uint8_t *data, size_t len)
{
    struct sockaddr_in sa;
    struct pollfd pfd;
    char buf[65536];
    size_t off = 0;
    long got = 0;
    ssize_t n;
    int fd;

    if ((fd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
        return -1;
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
        close(fd);
        return -1;
    }
    while (off < len) {
        if ((n = send(fd, data + off, len - off, MSG_NOSIGNAL)) <= 0)
            break; /* the server may answer and close before the end */
        off += (size_t)n;
    }
    shutdown(fd, SHUT_WR);
    pfd.fd = fd;
    pfd.events = POLLIN;
    /* The server's own limits (2 s a query, MHD's idle timeout) bound
     * this; libFuzzer's -timeout catches a server that never answers. */
    while (poll(&pfd, 1, 10000) > 0 &&
           (n = recv(fd, buf, sizeof(buf), 0)) > 0)
        got += n;
    close(fd);
    return got;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char probe[] = "GET / HTTP/1.1\r\nHost: x\r\n"
                                "Connection: close\r\n\r\n";

    struct timespec pause = {0, 100000000L};
    int tries;

    if (!server)
        setup();
    (void)exchange(data, size);
    /* MHD frees a closed connection's thread slot asynchronously: at the
     * connection limit a new one is refused for a moment. Only a server
     * that stays silent for 5 s is broken. */
    for (tries = 0; tries < 50; tries++) {
        if (exchange((const uint8_t *)probe, sizeof(probe) - 1) > 0)
            return 0;
        nanosleep(&pause, NULL);
    }
    FUZZ_CHECK(!"the server answers GET / after the input");
    return 0;
}
