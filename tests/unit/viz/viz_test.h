/*
 * viz_test.h -- helpers shared by the viz unit tests: a small sample graph
 * in the kg vocabulary, a generated large one, and Graphviz's known
 * one-time allocations told to LeakSanitizer.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef KG_VIZ_TEST_H
#define KG_VIZ_TEST_H

#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <kg/kg.h>
#include <kg/vocab.h>

#define ID KG_ID
#define NS KG_NS

static inline void add_iri(kg_triples *t, const char *s, const char *p,
                    const char *o)
{
    kg_term ts = kg_iri(s), tp = kg_iri(p), to = kg_iri(o);
    if (kg_triples_add(t, &ts, &tp, &to, NULL) != 0)
        abort();
}

static inline void add_lit(kg_triples *t, const char *s, const char *p,
                    const char *o, const char *dt)
{
    kg_term ts = kg_iri(s), tp = kg_iri(p), to = kg_literal(o, dt, NULL);
    if (kg_triples_add(t, &ts, &tp, &to, NULL) != 0)
        abort();
}

/* A reception hosted by a minister for a visiting delegation. */
static inline kg_triples *sample_graph(void)
{
    kg_triples *t = NULL;
    static const char *const q[][3] = {
        {ID "person/choe-son-hui", KG_RDF_TYPE, KG_CLASS_PERSON},
        {ID "person/sergei-lavrov", KG_RDF_TYPE, KG_CLASS_PERSON},
        {ID "org/mfa-dprk", KG_RDF_TYPE, NS "Ministry"},
        {ID "org/mfa-dprk", KG_RDF_TYPE, KG_CLASS_ORGANIZATION},
        {ID "state/dprk", KG_RDF_TYPE, KG_CLASS_STATE},
        {ID "state/dprk", KG_RDF_TYPE, KG_CLASS_COUNTRY},
        {ID "state/russia", KG_RDF_TYPE, KG_CLASS_STATE},
        {ID "place/pyongyang", KG_RDF_TYPE, KG_CLASS_PLACE},
        {ID "event/2024-06-19-reception-x", KG_RDF_TYPE, NS "Reception"},
        {ID "event/2024-06-19-reception-x", KG_RDF_TYPE, KG_CLASS_EVENT},
        {ID "event/2024-06-19-reception-x", NS "host",
         ID "person/choe-son-hui"},
        {ID "event/2024-06-19-reception-x", NS "participant",
         ID "person/choe-son-hui"},
        {ID "event/2024-06-19-reception-x", NS "guest",
         ID "person/sergei-lavrov"},
        {ID "event/2024-06-19-reception-x", NS "participant",
         ID "person/sergei-lavrov"},
        {ID "event/2024-06-19-reception-x", KG_EVENT_PLACE,
         ID "place/pyongyang"},
        {ID "person/choe-son-hui", KG_ORG_MEMBEROF, ID "org/mfa-dprk"},
        {ID "org/mfa-dprk", NS "state", ID "state/dprk"},
        {ID "person/sergei-lavrov", NS "state", ID "state/russia"},
    };
    size_t i;

    if (kg_triples_new(&t, NULL) != 0)
        abort();
    for (i = 0; i < sizeof(q) / sizeof(q[0]); i++)
        add_iri(t, q[i][0], q[i][1], q[i][2]);
    add_lit(t, ID "person/choe-son-hui", KG_RDFS_LABEL, "Choe Son Hui",
            NULL);
    add_lit(t, ID "person/sergei-lavrov", KG_RDFS_LABEL, "Sergei Lavrov",
            NULL);
    add_lit(t, ID "org/mfa-dprk", KG_RDFS_LABEL,
            "Ministry of Foreign Affairs of the DPRK", NULL);
    add_lit(t, ID "state/dprk", KG_RDFS_LABEL, "North Korea", NULL);
    add_lit(t, ID "state/russia", KG_RDFS_LABEL, "Russia", NULL);
    add_lit(t, ID "place/pyongyang", KG_RDFS_LABEL, "Pyongyang", NULL);
    add_lit(t, ID "event/2024-06-19-reception-x", KG_RDFS_LABEL,
            "State reception", NULL);
    add_lit(t, ID "event/2024-06-19-reception-x", KG_EVENT_DATE,
            "2024-06-19", KG_XSD_DATE);
    return t;
}

/* 'n' people, each attending one of n/10 meetings held in one of five
 * places: n + n/10 + 5 nodes. */
static inline kg_triples *large_graph(size_t n)
{
    kg_triples *t = NULL;
    char a[96], b[96], label[64];
    size_t i;

    if (kg_triples_new(&t, NULL) != 0)
        abort();
    for (i = 0; i < n; i++) {
        snprintf(a, sizeof(a), ID "person/p%zu", i);
        snprintf(b, sizeof(b), ID "event/2024-01-01-meeting-m%zu", i / 10);
        snprintf(label, sizeof(label), "Person %zu", i);
        add_iri(t, a, KG_RDF_TYPE, KG_CLASS_PERSON);
        add_lit(t, a, KG_RDFS_LABEL, label, NULL);
        add_iri(t, b, NS "attendee", a);
        if (i % 10 == 0) {
            snprintf(a, sizeof(a), ID "place/city%zu", (i / 10) % 5);
            add_iri(t, b, KG_RDF_TYPE, NS "Meeting");
            add_iri(t, b, KG_EVENT_PLACE, a);
            add_iri(t, a, KG_RDF_TYPE, KG_CLASS_PLACE);
        }
    }
    return t;
}

/*
 * Nonzero when 'len' bytes of 'xml' parse as XML: by xmllint when it is
 * installed, else by a minimal check (one root, balanced tags, every '&'
 * starting a reference, no control characters).
 */
static inline int xml_well_formed(const char *xml, size_t len)
{
    char path[] = "/tmp/kg-viz-XXXXXX", cmd[128];
    const char *p, *end = xml + len;
    int fd, rc, depth = 0;
    FILE *fp;

    if (system("command -v xmllint >/dev/null 2>&1") == 0) {
        if ((fd = mkstemp(path)) < 0 || (fp = fdopen(fd, "wb")) == NULL)
            return 0;
        rc = fwrite(xml, 1, len, fp) == len;
        rc = (fclose(fp) == 0) && rc;
        snprintf(cmd, sizeof(cmd), "xmllint --noout --nonet %s", path);
        rc = rc && system(cmd) == 0;
        unlink(path);
        return rc;
    }
    for (p = xml; p < end; p++) {
        if ((unsigned char)*p < 0x20 && *p != '\n' && *p != '\r' &&
            *p != '\t')
            return 0;
        if (*p == '&' && p + 1 < end && p[1] != '#' &&
            !isalpha((unsigned char)p[1]))
            return 0;
        if (*p == '<' && p + 1 < end && p[1] == '/')
            depth--;
        else if (*p == '<' && p + 1 < end && p[1] != '?' && p[1] != '!') {
            const char *gt = memchr(p, '>', (size_t)(end - p));
            if (!gt)
                return 0;
            if (gt[-1] != '/')
                depth++;
        }
        if (depth < 0)
            return 0;
    }
    return depth == 0;
}

/* A context and an output buffer for tests that render one graph at a time. */
typedef struct fixture {
    kg_ctx *ctx;
    kg_buf out;
    kg_error err;
} fixture;

static inline int fixture_setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));

    assert_non_null(f);
    assert_int_equal(kg_ctx_new(&f->ctx, NULL), 0);
    *state = f;
    return 0;
}

static inline int fixture_teardown(void **state)
{
    fixture *f = *state;

    kg_buf_dispose(&f->out);
    kg_ctx_free(f->ctx);
    free(f);
    return 0;
}

/* Render 't' into f->out, replacing what was there. */
static inline int fixture_render(fixture *f, const kg_triples *t,
                         const kg_viz_options *o, kg_viz_format fmt)
{
    kg_buf_clear(&f->out);
    kg_error_clear(&f->err);
    return kg_viz_render(&f->out, f->ctx, t, o, fmt, &f->err);
}

/* Occurrences of 'needle' in 'hay'. */
static inline size_t count(const char *hay, const char *needle)
{
    size_t n = 0;

    while ((hay = strstr(hay, needle)) != NULL) {
        n++;
        hay += strlen(needle);
    }
    return n;
}

#endif
