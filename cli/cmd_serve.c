/*
 * cmd_serve.c -- kg serve: the store over the SPARQL 1.1 Protocol.
 *
 * Opens the store read-only (the server reopens it as a writer for each
 * update when an update token is given), starts the library's server and
 * prints the URL it listens on (one line on stdout, so scripts can use
 * --port 0).
 * SIGINT and SIGTERM write to a self-pipe; the server then stops
 * accepting, lets the requests in flight finish and the store is closed
 * normally. Access log lines go to stderr unless --quiet.
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <kg/serve.h>

#include "cmd.h"

#define GRACE_MS 30000

static const char help[] =
    "usage: kg serve [options]\n"
    "\n"
    "Answer SPARQL over HTTP (SPARQL 1.1 Protocol) from the store, read-only\n"
    "unless an update token is given.\n"
    "Routes: /sparql (GET ?query=, POST form or application/sparql-query;\n"
    "the service description without a query), /diagram?entity=NAME&hops=N\n"
    "or /diagram?query=CONSTRUCT... (SVG), and a query page at /.\n"
    "\n"
    "Options:\n"
    "  -s, --store SPEC        the store (default: ./" KG_STORE_DEFAULT ")\n"
    "  -b, --bind ADDR         numeric address to listen on (default\n"
    "                          127.0.0.1; 0.0.0.0 or :: for every interface)\n"
    "  -p, --port N            TCP port (default 8000; 0: any free port)\n"
    "  -t, --timeout MS        per-query time limit in ms (default 10000;\n"
    "                          0: none); a timeout answers 503\n"
    "  -r, --max-rows N        result rows (or triples) per response\n"
    "                          (default 10000; 0: no cap); a cut is signalled\n"
    "                          by the KG-Result-Truncated header\n"
    "      --max-query-bytes N longest query or request body (default\n"
    "                          65536); longer ones answer 413\n"
    "      --cors              send CORS headers and answer preflights\n"
    "      --update-token-env VAR  enable SPARQL Update (POST\n"
    "                          application/sparql-update or form update=) for\n"
    "                          requests with 'Authorization: Bearer' and the\n"
    "                          token in environment variable VAR; each update\n"
    "                          locks the store for writing as kg load does and\n"
    "                          is on disk before its 200 (see kg update --help)\n"
    "      --max-connections N concurrent connections (default 64)\n"
    "  -q, --quiet             no access log on stderr\n"
    "  -h, --help              show this help\n"
    "\n"
    "The first line on stdout is the URL of the page; the endpoint is its\n"
    "/sparql. SIGINT or SIGTERM stop it: requests in flight finish, the\n"
    "store is closed intact.\n"
    "\n"
    "Exit codes: 0 stopped by a signal, 1 the store cannot be opened or the\n"
    "address cannot be bound, 2 usage error.\n";

static int stop_pipe[2] = {-1, -1};

static void on_signal(int sig)
{
    int saved = errno;
    char c = (char)sig;

    if (write(stop_pipe[1], &c, 1) < 0) {
        /* the pipe is full: a stop is already pending */
    }
    errno = saved;
}

static void log_line(void *data, const char *line)
{
    (void)data;
    fprintf(stderr, "%s\n", line);
}

static int number(long *out, const char *arg, long max)
{
    char *end;

    errno = 0;
    *out = strtol(arg, &end, 10);
    return errno == 0 && end != arg && *end == '\0' && *out >= 0 &&
           *out <= max;
}

static int serve(const char *spec, kg_server_options *so)
{
    struct sigaction sa;
    kg_server *srv = NULL;
    kg_graph *g = NULL;
    kg_ctx *ctx = NULL;
    kg_error err = {0};
    int rc = CLI_OK;

    if (pipe(stop_pipe) != 0) {
        rc = cli_fail("cannot create a pipe: %s", strerror(errno));
        goto done;
    }
    fcntl(stop_pipe[1], F_SETFL, O_NONBLOCK);
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, NULL);

    if ((rc = cli_open(&ctx, &g, spec, KG_OPEN_READONLY)) != 0)
        goto done;
    if (kg_server_new(&srv, ctx, g, so, &err) < 0) {
        rc = cli_error(&err);
        goto done;
    }
    printf("http://%s%s%s:%d/\n", strchr(so->bind, ':') ? "[" : "", so->bind,
           strchr(so->bind, ':') ? "]" : "", kg_server_port(srv));
    fflush(stdout);
    fprintf(stderr, "kg serve: store %s, endpoint /sparql, Ctrl-C stops\n",
            spec ? spec : KG_STORE_DEFAULT);
    if (kg_server_run(srv, stop_pipe[0], GRACE_MS, &err) < 0)
        rc = cli_error(&err);
    if (kg_server_in_flight(srv) > 0)
        fprintf(stderr, "kg serve: %d requests still running after %d s\n",
                kg_server_in_flight(srv), GRACE_MS / 1000);
    fprintf(stderr, "kg serve: stopped\n");

done:
    kg_server_free(srv);
    kg_graph_free(g);
    kg_ctx_free(ctx);
    if (stop_pipe[0] >= 0) {
        close(stop_pipe[0]);
        close(stop_pipe[1]);
    }
    return rc == CLI_OK ? cli_finish(CLI_OK) : rc;
}

int cmd_serve(int argc, char **argv)
{
    enum { OPT_MAXQ = 256, OPT_CORS, OPT_TOKEN, OPT_CONN };
    static const struct option longopts[] = {
        {"store", required_argument, NULL, 's'},
        {"bind", required_argument, NULL, 'b'},
        {"port", required_argument, NULL, 'p'},
        {"timeout", required_argument, NULL, 't'},
        {"max-rows", required_argument, NULL, 'r'},
        {"max-query-bytes", required_argument, NULL, OPT_MAXQ},
        {"cors", no_argument, NULL, OPT_CORS},
        {"update-token-env", required_argument, NULL, OPT_TOKEN},
        {"max-connections", required_argument, NULL, OPT_CONN},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    kg_server_options so = KG_SERVER_OPTIONS_INIT;
    const char *spec = NULL;
    long v;
    int c, quiet = 0;

    optind = 1;
    opterr = 0;
    so.bind = "127.0.0.1";
    while ((c = getopt_long(argc, argv, "+s:b:p:t:r:qh", longopts, NULL)) !=
           -1) {
        switch (c) {
        case 's': spec = optarg; break;
        case 'b': so.bind = optarg; break;
        case 'p':
            if (!number(&v, optarg, 65535))
                return cli_usage("serve", "--port takes 0 to 65535");
            so.port = (int)v;
            break;
        case 't':
            if (!number(&v, optarg, 86400000L))
                return cli_usage("serve", "--timeout takes milliseconds");
            so.timeout_ms = v;
            break;
        case 'r':
            if (!number(&v, optarg, 100000000L))
                return cli_usage("serve", "--max-rows takes a number");
            so.max_rows = v;
            break;
        case OPT_MAXQ:
            if (!number(&v, optarg, 64L << 20) || v == 0)
                return cli_usage("serve", "--max-query-bytes takes 1 to %ld",
                                 64L << 20);
            so.max_query_bytes = (size_t)v;
            break;
        case OPT_CORS: so.cors = 1; break;
        case OPT_TOKEN:
            so.update_token = getenv(optarg);
            if (!so.update_token || !*so.update_token)
                return cli_usage("serve", "environment variable %s is empty",
                                 optarg);
            break;
        case OPT_CONN:
            if (!number(&v, optarg, 4096) || v == 0)
                return cli_usage("serve", "--max-connections takes 1 to "
                                          "4096");
            so.max_connections = (int)v;
            break;
        case 'q': quiet = 1; break;
        case 'h': return cli_help(help);
        default:
            return cli_usage("serve", "unknown or incomplete option '%s'",
                             argv[optind - 1]);
        }
    }
    if (optind != argc)
        return cli_usage("serve", "unexpected argument '%s'", argv[optind]);
    if (!quiet)
        so.access_log = log_line;
    return serve(spec, &so);
}
