/*
 * http.c -- the HTTP client of the remote backend: one libcurl easy handle
 * per remote store, one request at a time, the whole response in memory.
 *
 * Every failure becomes one line in the caller's kg_error: a transport
 * failure names the URL and curl's reason (connection refused, timeout,
 * name not resolved), an HTTP status of 400 or more names the status and
 * the server's own message, cut from its body (the text of an HTML error
 * page, the first non-empty line of a plain one). Nothing is retried:
 * a write that timed out may or may not have happened, and the caller's
 * protocol (ASK first, completion marker last, see remote.c) makes a rerun
 * safe.
 *
 * SPDX-License-Identifier: MIT
 */
#include <assert.h>
#include <ctype.h>
#include <pthread.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "remote.h"

/* curl_global_init is not safe to race: once per process. */
static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_rc = CURLE_OK;

static void curl_init(void)
{
    curl_init_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

int kg_graph__http_new(void **out, kg_error *err)
{
    CURL *c;

    pthread_once(&curl_once, curl_init);
    if (curl_init_rc != CURLE_OK || (c = curl_easy_init()) == NULL)
        return kg_error_set(err, KG_ENOMEM, "cannot start libcurl");
    *out = c;
    return 0;
}

void kg_graph__http_free(void *h)
{
    if (h)
        curl_easy_cleanup(h);
}

int kg_graph__http_escape(kg_buf *out, void *h, const char *s)
{
    char *e = curl_easy_escape(h, s, (int)strlen(s));
    int error;

    if (!e)
        return KG_ENOMEM;
    error = kg_buf_puts(out, e) < 0 ? KG_ENOMEM : 0;
    curl_free(e);
    return error;
}

typedef struct sink {
    kg_buf *body;
    int failed; /* nonzero: out of memory */
} sink;

static size_t on_data(char *p, size_t size, size_t n, void *ud)
{
    sink *s = ud;

    if (kg_buf_put(s->body, p, size * n) < 0) {
        s->failed = 1;
        return 0; /* makes curl stop with CURLE_WRITE_ERROR */
    }
    return size * n;
}

/* The server's message in 'body' as one line of at most 'max' bytes:
 * the text of an HTML page without its markup (an <xmp> or <pre> block
 * when there is one, which is where Virtuoso puts the SQL error), or the
 * first lines of plain text, whitespace runs folded to one space. */
static void server_message(char *out, size_t max, const char *body,
                           size_t len)
{
    const char *p = body, *end = body + len, *x;
    size_t n = 0;
    int in_tag = 0, space = 0;

    if ((x = strstr(body, "<xmp>")) != NULL ||
        (x = strstr(body, "<pre>")) != NULL)
        p = x + 5;
    else if (body[strspn(body, " \t\r\n")] != '<' &&
             ((x = strstr(body, "\n\n")) != NULL ||
              (x = strstr(body, "\n\r\n")) != NULL))
        end = x; /* plain text: the first paragraph (Virtuoso then echoes
                    the whole query) */
    for (; p < end && n + 1 < max; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '<') {
            in_tag = 1;
            space = n > 0;
            continue;
        }
        if (in_tag) {
            in_tag = c != '>';
            continue;
        }
        if (isspace(c) || c < 0x20) {
            space = n > 0;
            continue;
        }
        if (space && n + 2 < max) {
            out[n++] = ' ';
            space = 0;
        }
        out[n++] = (char)c;
    }
    out[n] = '\0';
}

/* Keep the X-SQL-State and X-SQL-Message headers: with them Virtuoso
 * marks an "anytime" answer, a partial result it sends when a query runs
 * past its time limit, with status 200. */
static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
    kg_graph__http_reply *reply = ud;
    size_t len = size * n, have = strlen(reply->partial);
    const char *v;

    if ((len > 12 && strncasecmp(p, "X-SQL-State:", 12) == 0) ||
        (len > 14 && strncasecmp(p, "X-SQL-Message:", 14) == 0)) {
        for (v = strchr(p, ':') + 1; v < p + len && *v == ' '; v++)
            ;
        while (v < p + len && have + 2 < sizeof(reply->partial) &&
               *v != '\r' && *v != '\n')
            reply->partial[have++] = *v++;
        if (have + 1 < sizeof(reply->partial))
            reply->partial[have++] = ' ';
        reply->partial[have] = '\0';
    }
    return len;
}

int kg_graph__http(kg_graph__http_reply *reply, void *h,
                   const kg_graph__http_request *req, kg_error *err)
{
    CURL *c = h;
    struct curl_slist *headers = NULL;
    kg_buf line = KG_BUF_INIT;
    char curl_err[CURL_ERROR_SIZE];
    char *ctype = NULL;
    sink s;
    CURLcode rc;
    int error = 0;

    assert(reply && h && req && req->url && req->method);
    reply->status = 0;
    reply->ctype[0] = '\0';
    reply->partial[0] = '\0';
    kg_buf_clear(&reply->body);
    s.body = &reply->body;
    s.failed = 0;
    curl_err[0] = '\0';

    curl_easy_reset(c);
    curl_easy_setopt(c, CURLOPT_URL, req->url);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, curl_err);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, reply);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    /* A server error page can be compressed like any other. */
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
    if (req->timeout > 0)
        curl_easy_setopt(c, CURLOPT_TIMEOUT_MS,
                         (long)(req->timeout * 1000.0) + 1);
    if (strcmp(req->method, "GET") != 0)
        curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, req->method);
    if (req->body) {
        curl_easy_setopt(c, CURLOPT_POST, 1L);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, req->body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
                         (curl_off_t)req->body_len);
    } else if (strcmp(req->method, "DELETE") == 0) {
        curl_easy_setopt(c, CURLOPT_NOBODY, 0L);
    }
    if (req->content_type) {
        if (kg_buf_printf(&line, "Content-Type: %s", req->content_type) <
                0 ||
            (headers = curl_slist_append(headers, line.ptr)) == NULL)
            goto nomem;
    }
    kg_buf_clear(&line);
    if (kg_buf_printf(&line, "Accept: %s",
                      req->accept ? req->accept : "*/*") < 0)
        goto nomem;
    {
        struct curl_slist *n = curl_slist_append(headers, line.ptr);
        if (!n)
            goto nomem;
        headers = n;
    }
    /* curl would wait a second for "100 Continue" before a large body. */
    {
        struct curl_slist *n = curl_slist_append(headers, "Expect:");
        if (!n)
            goto nomem;
        headers = n;
    }
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);

    rc = curl_easy_perform(c);
    if (s.failed)
        goto nomem;
    if (rc != CURLE_OK) {
        error = kg_error_set(
            err, rc == CURLE_OPERATION_TIMEDOUT ? KG_ETIMEOUT : KG_EIO,
            "no answer from %s: %s", req->url,
            curl_err[0] ? curl_err : curl_easy_strerror(rc));
        goto done;
    }
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply->status);
    if (curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ctype) == CURLE_OK &&
        ctype) {
        size_t n = strcspn(ctype, "; ");
        if (n >= sizeof(reply->ctype))
            n = sizeof(reply->ctype) - 1;
        memcpy(reply->ctype, ctype, n);
        reply->ctype[n] = '\0';
    }
    /* kg_buf keeps a NUL after its bytes: the body reads as a string. */
    if (kg_buf_grow(&reply->body, 1) < 0)
        goto nomem;
    reply->body.ptr[reply->body.size] = '\0';
    if (reply->status >= 400) {
        char msg[200];
        server_message(msg, sizeof(msg), reply->body.ptr, reply->body.size);
        error = kg_error_set(err, req->fail_code ? req->fail_code : KG_EIO,
                             "HTTP %ld from %s: %s", reply->status, req->url,
                             msg[0] ? msg : "no message");
    }
    goto done;

nomem:
    error = kg_error_set(err, KG_ENOMEM, "out of memory");
done:
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, NULL);
    if (headers)
        curl_slist_free_all(headers);
    kg_buf_dispose(&line);
    return error;
}
