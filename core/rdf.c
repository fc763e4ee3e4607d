/*
 * rdf.c -- RDF syntaxes in and out through raptor2.
 *
 * Writing goes through raptor's serializers. raptor 2.0.15 has no TriG
 * serializer, so TriG is written as one "<graph> { ... }" block per run of
 * quads in the same graph, each block's body produced by raptor's
 * N-Triples serializer (valid TriG statements). Parsing sets NO_NET and
 * NO_FILE: untrusted documents never make raptor fetch anything.
 *
 * SPDX-License-Identifier: MIT
 */
#include <assert.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <raptor2.h>

#include "kg_int.h"

static const struct {
    const char *name;
    kg_rdf_format fmt;
} format_names[] = {
    {"ttl", KG_RDF_TURTLE},    {"turtle", KG_RDF_TURTLE},
    {"nt", KG_RDF_NTRIPLES},   {"ntriples", KG_RDF_NTRIPLES},
    {"nq", KG_RDF_NQUADS},     {"nquads", KG_RDF_NQUADS},
    {"trig", KG_RDF_TRIG},     {"rdfxml", KG_RDF_RDFXML},
    {"xml", KG_RDF_RDFXML},    {"rdf", KG_RDF_RDFXML},
    {"owl", KG_RDF_RDFXML},
};

/* raptor's names, indexed by kg_rdf_format */
static const char *const raptor_names[] = {"turtle", "ntriples", "nquads",
                                           "trig", "rdfxml"};

int kg_rdf_format_from_name(kg_rdf_format *out, const char *name)
{
    size_t i;

    for (i = 0; i < KG_ARRAY_SIZE(format_names); i++)
        if (strcmp(name, format_names[i].name) == 0) {
            *out = format_names[i].fmt;
            return 0;
        }
    return KG_EINVALID;
}

int kg_rdf_format_from_path(kg_rdf_format *out, const char *path)
{
    const char *dot = strrchr(path, '.');

    if (!dot || strchr(dot, '/'))
        return KG_EINVALID;
    return kg_rdf_format_from_name(out, dot + 1);
}

const char *kg_rdf_format_name(kg_rdf_format fmt)
{
    static const char *const names[] = {"ttl", "nt", "nq", "trig", "rdfxml"};

    assert((size_t)fmt < KG_ARRAY_SIZE(names));
    return names[fmt];
}

int kg_rdf_file_iri(kg_buf *out, const char *path)
{
    char cwd[PATH_MAX];
    const char *p;
    int error = 0;

    if (path[0] != '/') {
        if (!getcwd(cwd, sizeof(cwd)))
            strcpy(cwd, "/");
        error = kg_buf_printf(out, "file://%s%s", cwd,
                              cwd[strlen(cwd) - 1] == '/' ? "" : "/");
    } else
        error = kg_buf_puts(out, "file://");
    /* Percent-encode what may not stand in an IRI path. */
    for (p = path; !error && *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c <= 0x20 || c == 0x7f || strchr("\"<>\\^`{|}%#?", c))
            error = kg_buf_printf(out, "%%%02X", c);
        else
            error = kg_buf_put(out, p, 1);
    }
    return error < 0 ? KG_ENOMEM : 0;
}

/* ---- terms ------------------------------------------------------------ */

static raptor_term *to_raptor(raptor_world *w, const kg_term *t)
{
    raptor_uri *dt = NULL;
    raptor_term *term = NULL;

    switch (t->kind) {
    case KG_TERM_IRI:
        return raptor_new_term_from_uri_string(
            w, (const unsigned char *)t->value);
    case KG_TERM_BLANK:
        return raptor_new_term_from_blank(w,
                                          (const unsigned char *)t->value);
    case KG_TERM_LITERAL:
        if (t->datatype && !t->lang &&
            (dt = raptor_new_uri(w, (const unsigned char *)t->datatype)) ==
                NULL)
            return NULL;
        term = raptor_new_term_from_counted_literal(
            w, (const unsigned char *)t->value, strlen(t->value), dt,
            (const unsigned char *)t->lang,
            (unsigned char)(t->lang ? strlen(t->lang) : 0));
        if (dt)
            raptor_free_uri(dt);
        return term;
    default:
        return NULL;
    }
}

static int from_raptor(kg_term *out, const raptor_term *t)
{
    memset(out, 0, sizeof(*out));
    if (!t)
        return 0;
    switch (t->type) {
    case RAPTOR_TERM_TYPE_URI:
        out->kind = KG_TERM_IRI;
        out->value = (const char *)raptor_uri_as_string(t->value.uri);
        return 0;
    case RAPTOR_TERM_TYPE_BLANK:
        out->kind = KG_TERM_BLANK;
        out->value = (const char *)t->value.blank.string;
        return 0;
    case RAPTOR_TERM_TYPE_LITERAL:
        out->kind = KG_TERM_LITERAL;
        out->value = (const char *)t->value.literal.string;
        out->datatype =
            t->value.literal.datatype
                ? (const char *)raptor_uri_as_string(t->value.literal.datatype)
                : NULL;
        out->lang = t->value.literal.language_len
                        ? (const char *)t->value.literal.language
                        : NULL;
        return 0;
    default:
        return KG_EINVALID;
    }
}

/* ---- writing ---------------------------------------------------------- */

struct kg_rdf_writer {
    kg_ctx *ctx;                  /* borrowed */
    FILE *fp;                     /* borrowed */
    kg_rdf_format fmt;
    raptor_serializer *ser;       /* owned; for TriG the current block's */
    kg_buf graph;                 /* TriG: graph of the open block */
    int in_block;                 /* TriG: a block is open */
};

static int start_serializer(kg_rdf_writer *w, const char *name)
{
    raptor_world *rw = kg__ctx_raptor(w->ctx);
    size_t i;

    if ((w->ser = raptor_new_serializer(rw, name)) == NULL)
        return KG_ERROR;
    if (w->fmt == KG_RDF_TURTLE)
        for (i = 0; i < kg__n_prefixes; i++) {
            raptor_uri *u = raptor_new_uri(
                rw, (const unsigned char *)kg__prefixes[i].iri);
            if (!u)
                return KG_ENOMEM;
            raptor_serializer_set_namespace(
                w->ser, u, (const unsigned char *)kg__prefixes[i].name);
            raptor_free_uri(u);
        }
    return raptor_serializer_start_to_file_handle(w->ser, NULL, w->fp) == 0
               ? 0
               : KG_EIO;
}

static void end_serializer(kg_rdf_writer *w)
{
    if (w->ser) {
        raptor_serializer_serialize_end(w->ser);
        raptor_free_serializer(w->ser);
        w->ser = NULL;
    }
}

int kg_rdf_writer_new(kg_rdf_writer **out, kg_ctx *ctx, FILE *fp,
                      kg_rdf_format fmt, kg_error *err)
{
    kg_rdf_writer *w;
    int error = 0;

    *out = NULL;
    if ((w = kg__calloc(1, sizeof(*w))) == NULL)
        return kg_error_set(err, KG_ENOMEM, "out of memory");
    w->ctx = ctx;
    w->fp = fp;
    w->fmt = fmt;
    if (fmt != KG_RDF_TRIG && (error = start_serializer(w, raptor_names[fmt])) < 0) {
        kg_rdf_writer_free(w);
        return kg_error_set(err, error, "cannot start the %s serializer",
                            raptor_names[fmt]);
    }
    *out = w;
    return 0;
}

/* TriG: close the open block unless quad 'q' belongs to it; open its own. */
static int trig_switch_block(kg_rdf_writer *w, const kg_quad *q)
{
    const char *g = q->g.kind == KG_TERM_NONE ? "" : q->g.value;
    int error;

    if (w->in_block && strcmp(w->graph.ptr, g) == 0)
        return 0;
    if (w->in_block) {
        end_serializer(w);
        fputs("}\n", w->fp);
    }
    kg_buf_clear(&w->graph);
    if (kg_buf_puts(&w->graph, g) < 0)
        return KG_ENOMEM;
    if (q->g.kind == KG_TERM_IRI)
        fprintf(w->fp, "<%s> {\n", g);
    else if (q->g.kind == KG_TERM_BLANK)
        fprintf(w->fp, "_:%s {\n", g);
    else
        fputs("{\n", w->fp);
    w->in_block = 1;
    if ((error = start_serializer(w, "ntriples")) < 0)
        return error;
    return 0;
}

int kg_rdf_writer_add(kg_rdf_writer *w, const kg_triples *t, kg_error *err)
{
    raptor_world *rw = kg__ctx_raptor(w->ctx);
    size_t i, n = kg_triples_count(t);
    int error = 0;

    for (i = 0; i < n && error == 0; i++) {
        const kg_quad *q = kg_triples_get(t, i);
        raptor_statement *st;
        int with_graph = w->fmt == KG_RDF_NQUADS && q->g.kind != KG_TERM_NONE;

        if (w->fmt == KG_RDF_TRIG && (error = trig_switch_block(w, q)) < 0)
            break;
        st = raptor_new_statement_from_nodes(
            rw, to_raptor(rw, &q->s), to_raptor(rw, &q->p),
            to_raptor(rw, &q->o), with_graph ? to_raptor(rw, &q->g) : NULL);
        if (!st || !st->subject || !st->predicate || !st->object)
            error = KG_ENOMEM;
        else if (raptor_serializer_serialize_statement(w->ser, st) != 0)
            error = KG_EIO;
        if (st)
            raptor_free_statement(st);
    }
    if (error < 0)
        return kg_error_set(err, error, error == KG_ENOMEM
                                            ? "out of memory"
                                            : "cannot write RDF");
    return 0;
}

int kg_rdf_writer_finish(kg_rdf_writer *w, kg_error *err)
{
    end_serializer(w);
    if (w->in_block) {
        fputs("}\n", w->fp);
        w->in_block = 0;
    }
    if (fflush(w->fp) != 0 || ferror(w->fp))
        return kg_error_set(err, KG_EIO, "cannot write RDF output");
    return 0;
}

void kg_rdf_writer_free(kg_rdf_writer *w)
{
    if (!w)
        return;
    if (w->ser)
        raptor_free_serializer(w->ser);
    kg_buf_dispose(&w->graph);
    kg__free(w);
}

/* ---- parsing ---------------------------------------------------------- */

typedef struct parse_state {
    kg_triples *out;
    const char *default_graph;
    int error;
} parse_state;

static void on_statement(void *data, raptor_statement *st)
{
    parse_state *ps = data;
    kg_term s, p, o, g;

    if (ps->error)
        return;
    if (from_raptor(&s, st->subject) < 0 || from_raptor(&p, st->predicate) < 0 ||
        from_raptor(&o, st->object) < 0 || from_raptor(&g, st->graph) < 0) {
        ps->error = KG_EPARSE;
        return;
    }
    if (g.kind == KG_TERM_NONE && ps->default_graph)
        g = kg_iri(ps->default_graph);
    if (kg_triples_add(ps->out, &s, &p, &o, &g) < 0)
        ps->error = KG_ENOMEM;
}

int kg_rdf_parse(kg_triples *out, kg_ctx *ctx, const char *data, size_t len,
                 kg_rdf_format fmt, const char *base,
                 const char *default_graph, kg_error *err)
{
    raptor_world *rw = kg__ctx_raptor(ctx);
    size_t before = kg_triples_count(out);
    parse_state ps = {out, default_graph, 0};
    raptor_parser *parser = NULL;
    raptor_uri *base_uri = NULL;
    int error = 0;

    kg__ctx_begin(ctx, err);
    if ((parser = raptor_new_parser(rw, raptor_names[fmt])) == NULL ||
        (base_uri = raptor_new_uri(rw, (const unsigned char *)base)) == NULL) {
        error = kg_error_set(err, KG_ENOMEM, "cannot start the %s parser",
                             raptor_names[fmt]);
        goto done;
    }
    raptor_parser_set_option(parser, RAPTOR_OPTION_NO_NET, NULL, 1);
    raptor_parser_set_option(parser, RAPTOR_OPTION_NO_FILE, NULL, 1);
    raptor_parser_set_statement_handler(parser, &ps, on_statement);
    if (raptor_parser_parse_start(parser, base_uri) != 0 ||
        raptor_parser_parse_chunk(parser, (const unsigned char *)data, len,
                                  1) != 0 ||
        kg__ctx_failed(ctx) || ps.error == KG_EPARSE)
        error = kg_error_set(err, KG_EPARSE, "invalid %s",
                             raptor_names[fmt]);
    else if (ps.error)
        error = kg_error_set(err, ps.error, "out of memory");

done:
    kg__ctx_end(ctx);
    if (error < 0)
        kg__triples_truncate(out, before);
    if (base_uri)
        raptor_free_uri(base_uri);
    if (parser)
        raptor_free_parser(parser);
    return error;
}
