/*
 * update.c -- SPARQL 1.1 Update on the store: INSERT/DELETE DATA, DELETE
 * WHERE, DELETE/INSERT ... WHERE, CLEAR, DROP and CREATE.
 *
 * rasqal 0.9.33 parses "sparql11-update" but its grammar is a draft: it
 * rejects DELETE {...} INSERT {...} WHERE without WITH, DATA blocks with
 * more than one GRAPH block or with triples beside one, a '.' after a
 * GRAPH block, empty blocks, and BASE after a PREFIX; it silently drops
 * DROP ALL/DEFAULT/NAMED, DELETE WHERE { GRAPH ... } and every operation
 * after them; with WITH it puts every template triple, even one inside
 * GRAPH, into the WITH graph; it has no USING. So kg splits the request
 * into operations itself (a lexer that skips strings, comments and IRIs;
 * ';' at brace depth 0) and gives rasqal one operation at a time in a
 * form it reads: the text with everything else blanked to spaces
 * (newlines kept, so rasqal's line and column point into the caller's
 * text), the DATA or DELETE WHERE keyword blanked so that the block
 * parses as a template followed by an appended "WHERE {}", DELETE and
 * INSERT templates parsed apart, empty GRAPH blocks and the '.' after a
 * GRAPH block blanked, BASE passed as the base IRI. Each parse must give
 * exactly one operation, or the form is refused. DROP ALL/DEFAULT/NAMED
 * are read by the lexer alone; WITH with GRAPH in a template, and USING,
 * are refused.
 *
 * Every operation is parsed and checked before the first one runs. A
 * WHERE clause is run as "SELECT * WHERE {...}" through kg_graph_query()
 * (the request's PREFIX and BASE lines before it; under WITH <g> inside
 * GRAPH <g>), so it sees the union default graph, the predeclared
 * prefixes and the refusals of query.c. All its rows are read before the
 * templates are applied: deletions first, then insertions, as SPARQL
 * specifies. A blank node in an INSERT template is new for each row.
 *
 * kg's default graph is the union of the named graphs (store.c). A
 * triple deleted from it is deleted from every graph stating it; CLEAR or
 * DROP DEFAULT empty every graph; nothing is inserted into it. A graph
 * written to keeps its completion marker (store.c), so that the next
 * writer does not sweep it away as an interrupted load; CREATE GRAPH
 * makes a graph holding only the marker, CLEAR leaves only the marker,
 * DROP removes the graph.
 *
 * SPDX-License-Identifier: MIT
 */
#include <assert.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "graph_int.h"
#include "journal.h"
#include "lexer.h"

/* ---- a lexer that finds operations and their parts -------------------- */

typedef struct token {
    size_t start, end; /* byte offsets in the request */
    char kind;         /* 'w' word, 'v' variable, 'i' IRI, 's' string,
                          'n' number, 'p' punctuation */
} token;

typedef struct lexer {
    const char *text;
    size_t pos;
} lexer;

/* The next token of the request (lexer.c), or 0 at the end of the text. */
static int next(lexer *lx, token *t)
{
    const char *p = lx->text + lx->pos;
    kg_graph__token k;

    t->start = t->end = lx->pos; /* an empty token at the end */
    t->kind = 0;
    if (!kg_graph__next_token(&p, &k))
        return 0;
    t->start = (size_t)(k.p - lx->text);
    t->end = t->start + k.len;
    t->kind = k.kind;
    lx->pos = t->end;
    return 1;
}

static kg_graph__token at(const lexer *lx, const token *t)
{
    kg_graph__token k = {lx->text + t->start, t->end - t->start, t->kind};
    return k;
}

static int is_word(const lexer *lx, const token *t, const char *w)
{
    kg_graph__token k = at(lx, t);
    return kg_graph__is_word(&k, w);
}

static int is_punct(const lexer *lx, const token *t, char c)
{
    kg_graph__token k = at(lx, t);
    return kg_graph__is_punct(&k, c);
}

/* After an opening '{' (just read), move past its matching '}'. Returns
 * the offset after the '}', or 0 when the text ends first. */
static size_t skip_block(lexer *lx)
{
    token t;
    int depth = 1;

    while (depth > 0 && next(lx, &t)) {
        if (is_punct(lx, &t, '{'))
            depth++;
        else if (is_punct(lx, &t, '}'))
            depth--;
    }
    return depth == 0 ? lx->pos : 0;
}

/* ---- the request, operation by operation ------------------------------ */

typedef struct span {
    size_t start, end; /* [start, end); empty when equal */
} span;

typedef enum op_kind {
    OP_NONE = 0,     /* only a prologue */
    OP_INSERT_DATA,
    OP_DELETE_DATA,
    OP_DELETE_WHERE,
    OP_MODIFY,       /* [WITH] DELETE {} [INSERT {}] WHERE, INSERT {} WHERE */
    OP_CLEAR,
    OP_DROP,
    OP_CREATE,
    OP_OTHER         /* anything else: rasqal reports or kg refuses it */
} op_kind;

/* A template position: a constant term, a variable, or nothing (the
 * graph of a triple outside GRAPH). Strings owned. */
typedef struct slot {
    kg_term_kind kind;
    char *value, *datatype, *lang;
    char *var; /* variable name, or NULL */
} slot;

typedef struct tmpl {
    slot s, p, o, g;
} tmpl;

typedef struct tmpls {
    tmpl *v;
    size_t n, alloc;
} tmpls;

typedef struct op {
    op_kind kind;
    char name[16];  /* the first keyword, upper case, for messages */
    span body;      /* from the first keyword to the end of the operation */
    span keyword;   /* DATA or DELETE WHERE's WHERE, blanked for rasqal */
    span del, ins;  /* MODIFY: "DELETE {...}", "INSERT {...}" */
    span where;     /* the group graph pattern, braces included */
    span with;      /* WITH's graph term */
    int silent;
    int applies;    /* CLEAR/DROP/CREATE: a rasqal_update_graph_applies */
    int lexical;    /* DROP ALL/DEFAULT/NAMED: read without rasqal */
    int refused_using;
    int empty;      /* DATA or DELETE WHERE with nothing in the block */
    span *hides;    /* blanked for rasqal too: empty GRAPH blocks and the
                       '.' after a GRAPH block, which its grammar lacks */
    size_t n_hides, hides_alloc;
    char *graph;    /* CLEAR/DROP/CREATE GRAPH: its IRI (owned) */
    tmpls dels, inss;
} op;

typedef struct decl {
    span text;      /* a PREFIX or BASE declaration */
    span base;      /* BASE: its IRI without the <>; else empty */
    size_t op;      /* index of the operation it precedes */
} decl;

typedef struct request {
    kg_graph *g;
    const char *text;
    size_t len;
    const kg_query_options *opts;
    kg_buf pre;     /* predeclared prefixes the request does not declare */
    int added;      /* lines in 'pre' */
    op *ops;
    size_t n_ops;
    decl *decls;
    size_t n_decls;
    double deadline;
    char nonce[40]; /* makes INSERT's blank nodes new */
    long row;       /* rows instantiated so far, for blank nodes */
    kg_update_stats stats;
} request;

static void slot_dispose(slot *s)
{
    kg__free(s->value);
    kg__free(s->datatype);
    kg__free(s->lang);
    kg__free(s->var);
}

static void tmpls_dispose(tmpls *t)
{
    size_t i;

    for (i = 0; i < t->n; i++) {
        slot_dispose(&t->v[i].s);
        slot_dispose(&t->v[i].p);
        slot_dispose(&t->v[i].o);
        slot_dispose(&t->v[i].g);
    }
    kg__free(t->v);
}

static void request_dispose(request *u)
{
    size_t i;

    for (i = 0; i < u->n_ops; i++) {
        tmpls_dispose(&u->ops[i].dels);
        tmpls_dispose(&u->ops[i].inss);
        kg__free(u->ops[i].hides);
        kg__free(u->ops[i].graph);
    }
    kg__free(u->ops);
    kg__free(u->decls);
    kg_buf_dispose(&u->pre);
}

/* 1-based line and column of byte 'pos' of the request. */
static void locate(const request *u, size_t pos, int *line, int *col)
{
    size_t i;

    *line = 1;
    *col = 1;
    for (i = 0; i < pos && i < u->len; i++) {
        if (u->text[i] == '\n') {
            ++*line;
            *col = 1;
        } else
            ++*col;
    }
}

static int parse_error(const request *u, size_t pos, kg_error *err,
                       const char *msg)
{
    int line, col;

    locate(u, pos, &line, &col);
    kg_error_set(err, KG_EPARSE, "%s", msg);
    kg_error_locate(err, u->opts->base ? u->opts->base : "update", line,
                    col);
    return KG_EPARSE;
}

static int grow(void **v, size_t *alloc, size_t n, size_t size);

/*
 * In template or data block 'blk' (braces included), note what rasqal's
 * grammar rejects though SPARQL allows it: a GRAPH block with nothing in
 * it (hidden whole) and a '.' after a GRAPH block (hidden). Returns 1
 * when nothing but hidden parts is in the block, 0 otherwise, KG_ENOMEM.
 */
static int scan_block(request *u, op *o, span blk)
{
    lexer lx = {u->text, blk.start + 1};
    token t, name, open, close;
    int depth = 1, empty = 1;

    while (lx.pos < blk.end && next(&lx, &t) && t.end < blk.end) {
        if (depth == 1 && is_word(&lx, &t, "GRAPH")) {
            size_t start = t.start;
            lexer look = lx;
            if (next(&look, &name) && next(&look, &open) &&
                is_punct(&look, &open, '{') && next(&look, &close) &&
                is_punct(&look, &close, '}')) {
                if (grow((void **)&o->hides, &o->hides_alloc, o->n_hides,
                         sizeof(*o->hides)) < 0)
                    return KG_ENOMEM;
                o->hides[o->n_hides++] = (span){start, close.end};
                lx = look;
                continue;
            }
        }
        if (is_punct(&lx, &t, '{'))
            depth++;
        else if (is_punct(&lx, &t, '}') && --depth == 1) {
            lexer look = lx;
            /* the '}' closed a GRAPH block: a '.' may follow */
            /* a lone '.' lexes as a word (names may hold dots) */
            if (next(&look, &t) && t.end - t.start == 1 &&
                u->text[t.start] == '.' && t.end < blk.end) {
                if (grow((void **)&o->hides, &o->hides_alloc, o->n_hides,
                         sizeof(*o->hides)) < 0)
                    return KG_ENOMEM;
                o->hides[o->n_hides++] = (span){t.start, t.end};
                lx = look;
            }
            empty = 0;
            continue;
        }
        empty = 0;
    }
    return empty;
}

/* Read the structure of operation 'o' from its first keyword on. A form
 * the lexer does not know is left to rasqal (kind OP_OTHER). Returns 0 or
 * KG_ENOMEM. */
static int read_op(request *u, op *o, lexer *lx, const token *first)
{
    int rc;
    token t;
    size_t i, n = first->end - first->start;

    for (i = 0; i < n && i + 1 < sizeof(o->name); i++)
        o->name[i] = (char)toupper((unsigned char)u->text[first->start + i]);
    o->kind = OP_OTHER;
    if (is_word(lx, first, "WITH")) {
        if (!next(lx, &t))
            return 0;
        o->with = (span){t.start, t.end};
        if (!next(lx, &t))
            return 0;
        if (!is_word(lx, &t, "DELETE") && !is_word(lx, &t, "INSERT"))
            return 0;
        goto modify;
    }
    if (is_word(lx, first, "INSERT") || is_word(lx, first, "DELETE")) {
        int del = is_word(lx, first, "DELETE");
        if (!next(lx, &t))
            return 0;
        if (is_word(lx, &t, "DATA") || (del && is_word(lx, &t, "WHERE"))) {
            o->kind = is_word(lx, &t, "WHERE")
                          ? OP_DELETE_WHERE
                          : del ? OP_DELETE_DATA : OP_INSERT_DATA;
            o->keyword = (span){t.start, t.end};
            if (!next(lx, &t) || !is_punct(lx, &t, '{')) {
                o->kind = OP_OTHER;
                return 0;
            }
            o->where.start = t.start;
            if ((o->where.end = skip_block(lx)) == 0) {
                o->kind = OP_OTHER;
                return 0;
            }
            if ((rc = scan_block(u, o, o->where)) < 0)
                return rc;
            o->empty = rc;
            return 0;
        }
        lx->pos = first->end;
        t = *first;
        goto modify;
    }
    if (is_word(lx, first, "CLEAR") || is_word(lx, first, "DROP") ||
        is_word(lx, first, "CREATE")) {
        o->kind = is_word(lx, first, "CLEAR")  ? OP_CLEAR
                  : is_word(lx, first, "DROP") ? OP_DROP
                                               : OP_CREATE;
        if (next(lx, &t) && is_word(lx, &t, "SILENT")) {
            o->silent = 1;
            if (!next(lx, &t))
                return 0;
        }
        o->applies = is_word(lx, &t, "ALL")       ? RASQAL_UPDATE_GRAPH_ALL
                     : is_word(lx, &t, "NAMED")   ? RASQAL_UPDATE_GRAPH_NAMED
                     : is_word(lx, &t, "DEFAULT") ? RASQAL_UPDATE_GRAPH_DEFAULT
                                                  : RASQAL_UPDATE_GRAPH_ONE;
        /* rasqal loses these three: read them here when nothing follows */
        if (o->kind == OP_DROP && o->applies != RASQAL_UPDATE_GRAPH_ONE &&
            (!next(lx, &t) || is_punct(lx, &t, ';')))
            o->lexical = 1;
        return 0;
    }
    return 0;

modify:
    /* 't' is DELETE or INSERT, 'lx' just after it */
    o->kind = OP_MODIFY;
    for (;;) {
        span *blk = is_word(lx, &t, "DELETE")   ? &o->del
                    : is_word(lx, &t, "INSERT") ? &o->ins
                                                : NULL;
        token b;
        if (!blk)
            break;
        blk->start = t.start;
        if (!next(lx, &b) || !is_punct(lx, &b, '{') ||
            (blk->end = skip_block(lx)) == 0) {
            o->kind = OP_OTHER;
            return 0;
        }
        if ((rc = scan_block(u, o, (span){b.start, blk->end})) < 0)
            return rc;
        if (!next(lx, &t)) {
            o->kind = OP_OTHER;
            return 0;
        }
    }
    while (is_word(lx, &t, "USING")) {
        o->refused_using = 1;
        if (!next(lx, &t))
            return 0;
    }
    while (!is_punct(lx, &t, '{')) {
        /* USING [NAMED] <iri> ... WHERE: skip to the group */
        if (!next(lx, &t)) {
            o->kind = OP_OTHER;
            return 0;
        }
    }
    o->where.start = t.start;
    if ((o->where.end = skip_block(lx)) == 0)
        o->kind = OP_OTHER;
    return 0;
}

static int grow(void **v, size_t *alloc, size_t n, size_t size)
{
    void *nv;
    size_t na;

    if (n < *alloc)
        return 0;
    na = *alloc ? *alloc * 2 : 8;
    if ((nv = kg__realloc(*v, na * size)) == NULL)
        return KG_ENOMEM;
    memset((char *)nv + *alloc * size, 0, (na - *alloc) * size);
    *v = nv;
    *alloc = na;
    return 0;
}

/* Split the request into operations and prologue declarations. */
static int split(request *u, kg_error *err)
{
    lexer lx = {u->text, 0};
    size_t op_alloc = 0, decl_alloc = 0;
    token t, a;

    for (;;) {
        int have = next(&lx, &t), depth = 0, ended = 0;
        op *o;

        /* the prologue of this operation */
        while (have &&
               (is_word(&lx, &t, "PREFIX") || is_word(&lx, &t, "BASE"))) {
            size_t start = t.start;
            if ((is_word(&lx, &t, "PREFIX") && !next(&lx, &a)) ||
                !next(&lx, &a)) {
                have = 0; /* cut short: rasqal reports it */
                break;
            }
            if (grow((void **)&u->decls, &decl_alloc, u->n_decls,
                     sizeof(*u->decls)) < 0)
                return kg_error_set(err, KG_ENOMEM, "out of memory");
            u->decls[u->n_decls++] =
                (decl){{start, a.end},
                       is_word(&lx, &t, "BASE") && a.kind == 'i'
                           ? (span){a.start + 1, a.end - 1}
                           : (span){0, 0},
                       u->n_ops};
            have = next(&lx, &t);
        }
        if (grow((void **)&u->ops, &op_alloc, u->n_ops, sizeof(*u->ops)) < 0)
            return kg_error_set(err, KG_ENOMEM, "out of memory");
        o = &u->ops[u->n_ops++];
        if (!have) {
            o->kind = OP_NONE; /* the text ended after the prologue */
            o->body = (span){u->len, u->len};
            return 0;
        }
        o->body = (span){t.start, t.end};
        {
            lexer sub = lx;
            if (read_op(u, o, &sub, &t) < 0)
                return kg_error_set(err, KG_ENOMEM, "out of memory");
        }
        /* the operation ends at the next ';' outside braces */
        depth = is_punct(&lx, &t, '{');
        while (next(&lx, &t)) {
            if (is_punct(&lx, &t, '{'))
                depth++;
            else if (is_punct(&lx, &t, '}'))
                depth--;
            else if (depth <= 0 && is_punct(&lx, &t, ';')) {
                ended = 1;
                break;
            }
            o->body.end = t.end;
        }
        if (!ended)
            return 0;
    }
}

/*
 * The base IRI of operation 'i' into 'out': the last BASE declared before
 * it, else the caller's. BASE is given to rasqal as the base IRI, not as
 * text: its grammar wants BASE before every PREFIX, and kg prepends the
 * predeclared ones. Returns 1 when 'out' holds one, 0 when none, or
 * KG_ENOMEM.
 */
static int op_base(kg_buf *out, const request *u, size_t i)
{
    const char *b = u->opts->base;
    size_t k, n = b ? strlen(b) : 0;

    for (k = 0; k < u->n_decls; k++)
        if (u->decls[k].op <= i && u->decls[k].base.end > 0) {
            b = u->text + u->decls[k].base.start;
            n = u->decls[k].base.end - u->decls[k].base.start;
        }
    kg_buf_clear(out);
    if (!b)
        return 0;
    return kg_buf_put(out, b, n) < 0 ? KG_ENOMEM : 1;
}

/* ---- parsing one operation with rasqal --------------------------------- */

/*
 * The text rasqal reads for operation 'i': the predeclared prefixes, then
 * the request with everything but the declarations before it and its own
 * body blanked, minus the spans 'hide'; 'append' is added at the end.
 */
static int op_text(kg_buf *out, const request *u, size_t i, const span *hide,
                   size_t n_hide, const char *append)
{
    const op *o = &u->ops[i];
    size_t k, base;
    char *p;

    kg_buf_clear(out);
    if (kg_buf_put(out, u->pre.ptr ? u->pre.ptr : "", u->pre.size) < 0 ||
        kg_buf_grow(out, u->len + 1) < 0)
        return KG_ENOMEM;
    base = out->size;
    p = out->ptr + base;
    for (k = 0; k < u->len; k++)
        p[k] = (u->text[k] == '\n' || u->text[k] == '\r') ? u->text[k] : ' ';
    for (k = 0; k < u->n_decls; k++)
        if (u->decls[k].op <= i && u->decls[k].base.end == 0)
            memcpy(p + u->decls[k].text.start,
                   u->text + u->decls[k].text.start,
                   u->decls[k].text.end - u->decls[k].text.start);
    memcpy(p + o->body.start, u->text + o->body.start,
           o->body.end - o->body.start);
    for (k = 0; k < n_hide + o->n_hides; k++) {
        span h = k < n_hide ? hide[k] : o->hides[k - n_hide];
        size_t j;
        for (j = h.start; j < h.end; j++)
            if (p[j] != '\n' && p[j] != '\r')
                p[j] = ' ';
    }
    out->size = base + u->len;
    out->ptr[out->size] = '\0';
    return append && kg_buf_puts(out, append) < 0 ? KG_ENOMEM : 0;
}

/* Copy rasqal term 'l' into 's'. */
static int slot_from(slot *s, rasqal_literal *l)
{
    raptor_uri *dt;

    memset(s, 0, sizeof(*s));
    if (!l)
        return 0;
    switch (l->type) {
    case RASQAL_LITERAL_VARIABLE:
        return (s->var = kg__strdup((const char *)l->value.variable->name))
                   ? 0
                   : KG_ENOMEM;
    case RASQAL_LITERAL_URI:
        s->kind = KG_TERM_IRI;
        s->value = kg__strdup((const char *)raptor_uri_as_string(
            l->value.uri));
        break;
    case RASQAL_LITERAL_BLANK:
        s->kind = KG_TERM_BLANK;
        s->value = kg__strdup((const char *)l->string);
        break;
    default:
        s->kind = KG_TERM_LITERAL;
        s->value = kg__strndup((const char *)l->string, l->string_len);
        if (!s->value)
            return KG_ENOMEM;
        if (l->language && *l->language)
            return (s->lang = kg__strdup(l->language)) ? 0 : KG_ENOMEM;
        dt = rasqal_literal_datatype(l);
        if (dt && strcmp((const char *)raptor_uri_as_string(dt),
                         KG_XSD_STRING) != 0)
            return (s->datatype = kg__strdup(
                        (const char *)raptor_uri_as_string(dt)))
                       ? 0
                       : KG_ENOMEM;
        return 0;
    }
    return s->value ? 0 : KG_ENOMEM;
}

static int copy_templates(tmpls *out, raptor_sequence *seq)
{
    int i, n = seq ? raptor_sequence_size(seq) : 0;

    for (i = 0; i < n; i++) {
        rasqal_triple *t = raptor_sequence_get_at(seq, i);
        tmpl *m;
        if (grow((void **)&out->v, &out->alloc, out->n, sizeof(*out->v)) < 0)
            return KG_ENOMEM;
        m = &out->v[out->n++];
        if (slot_from(&m->s, t->subject) < 0 ||
            slot_from(&m->p, t->predicate) < 0 ||
            slot_from(&m->o, t->object) < 0 ||
            slot_from(&m->g, t->origin) < 0)
            return KG_ENOMEM;
    }
    return 0;
}

/*
 * Parse 'text' (operation 'i' of 'u') with rasqal. On success '*out' is
 * the parsed query, holding exactly one operation.
 */
static int rasqal_parse(rasqal_query **out, request *u, size_t i,
                        const char *text, kg_error *err)
{
    rasqal_world *rw = librdf_world_get_rasqal(u->g->world);
    rasqal_query *q;
    librdf_uri *base = NULL;
    raptor_sequence *seq;
    kg_buf bs = KG_BUF_INIT;
    kg_error lib;
    int rc;

    *out = NULL;
    if (kg_graph__crashes_rasqal(text))
        return kg_graph__crash_error(err);
    if ((rc = op_base(&bs, u, i)) < 0 ||
        (rc == 1 &&
         (base = librdf_new_uri(u->g->world,
                                (const unsigned char *)bs.ptr)) == NULL)) {
        kg_buf_dispose(&bs);
        return kg_error_set(err, KG_ENOMEM, "out of memory");
    }
    kg_buf_dispose(&bs);
    if ((q = rasqal_new_query(rw, "sparql11-update", NULL)) == NULL) {
        if (base)
            librdf_free_uri(base);
        return kg_error_set(err, KG_ENOMEM, "out of memory");
    }
    kg_error_clear(&lib);
    kg__ctx_begin(u->g->ctx, &lib);
    rc = rasqal_query_prepare(q, (const unsigned char *)text, base);
    kg__ctx_end(u->g->ctx);
    if (base)
        librdf_free_uri(base);
    if (rc != 0 || lib.code) {
        rasqal_free_query(q);
        kg_error_set(err, KG_EPARSE, "%s",
                     lib.code ? lib.message : "invalid SPARQL Update");
        kg_error_locate(err, u->opts->base ? u->opts->base : "update",
                        lib.line > u->added ? lib.line - u->added : 0,
                        lib.line > u->added ? lib.column : 0);
        return KG_EPARSE;
    }
    seq = rasqal_query_get_update_operations_sequence(q);
    if (!seq || raptor_sequence_size(seq) != 1) {
        rasqal_free_query(q);
        return parse_error(u, u->ops[i].body.start, err,
                           "rasqal cannot read this form of the operation; "
                           "write it as DELETE { ... } WHERE { ... } or "
                           "INSERT { ... } WHERE { ... }");
    }
    *out = q;
    return 0;
}

/* Nonzero when a variable occurs anywhere in 't'. */
static int has_var(const tmpls *t)
{
    size_t i;

    for (i = 0; i < t->n; i++)
        if (t->v[i].s.var || t->v[i].p.var || t->v[i].o.var || t->v[i].g.var)
            return 1;
    return 0;
}

static int has_blank(const tmpls *t)
{
    size_t i;

    for (i = 0; i < t->n; i++)
        if (t->v[i].s.kind == KG_TERM_BLANK ||
            t->v[i].o.kind == KG_TERM_BLANK)
            return 1;
    return 0;
}

/* Check what kg refuses, then parse operation 'i' into its templates. */
static int prepare_op(request *u, size_t i, kg_error *err)
{
    op *o = &u->ops[i];
    kg_buf text = KG_BUF_INIT;
    rasqal_query *q = NULL;
    rasqal_update_operation *uo;
    int error = 0;
    size_t k;

    if (o->kind == OP_NONE || o->lexical || o->empty)
        return 0;
    /* rasqal's grammar lacks USING: say so rather than "syntax error" */
    if (o->refused_using)
        return kg_error_set(err, KG_EUNSUPPORTED,
                            "USING is not supported; name graphs with GRAPH "
                            "in the WHERE clause");
    /* Syntax first: a refusal is for a well-formed operation. */
    if (o->kind == OP_INSERT_DATA || o->kind == OP_DELETE_DATA ||
        o->kind == OP_DELETE_WHERE) {
        error = op_text(&text, u, i, &o->keyword, 1, "\nWHERE {}");
    } else if (o->kind == OP_MODIFY && o->del.end > o->del.start &&
               o->ins.end > o->ins.start) {
        /* parsed twice: rasqal reads DELETE and INSERT only apart */
        if ((error = op_text(&text, u, i, &o->ins, 1, NULL)) < 0 ||
            (error = rasqal_parse(&q, u, i, text.ptr, err)) < 0)
            goto done;
        uo = rasqal_query_get_update_operation(q, 0);
        if ((error = copy_templates(&o->dels, uo->delete_templates)) < 0)
            goto done;
        rasqal_free_query(q);
        q = NULL;
        error = op_text(&text, u, i, &o->del, 1, NULL);
    } else {
        error = op_text(&text, u, i, NULL, 0, NULL);
    }
    if (error < 0 || (error = rasqal_parse(&q, u, i, text.ptr, err)) < 0)
        goto done;
    uo = rasqal_query_get_update_operation(q, 0);
    switch (uo->type) {
    case RASQAL_UPDATE_TYPE_LOAD:
        error = kg_error_set(err, KG_EUNSUPPORTED,
                             "LOAD is refused: kg never reads the network "
                             "or files for an update; use kg load");
        goto done;
    case RASQAL_UPDATE_TYPE_ADD:
    case RASQAL_UPDATE_TYPE_MOVE:
    case RASQAL_UPDATE_TYPE_COPY:
        error = kg_error_set(err, KG_EUNSUPPORTED,
                             "%s is not supported; use INSERT { GRAPH <to> "
                             "{ ?s ?p ?o } } WHERE { GRAPH <from> { ?s ?p "
                             "?o } }",
                             uo->type == RASQAL_UPDATE_TYPE_ADD    ? "ADD"
                             : uo->type == RASQAL_UPDATE_TYPE_MOVE ? "MOVE"
                                                                   : "COPY");
        goto done;
    case RASQAL_UPDATE_TYPE_CLEAR:
    case RASQAL_UPDATE_TYPE_DROP:
    case RASQAL_UPDATE_TYPE_CREATE:
        o->kind = uo->type == RASQAL_UPDATE_TYPE_CLEAR  ? OP_CLEAR
                  : uo->type == RASQAL_UPDATE_TYPE_DROP ? OP_DROP
                                                        : OP_CREATE;
        o->applies = uo->graph_uri ? RASQAL_UPDATE_GRAPH_ONE
                                   : (int)uo->applies;
        if (uo->graph_uri &&
            (o->graph = kg__strdup((const char *)raptor_uri_as_string(
                 uo->graph_uri))) == NULL)
            error = kg_error_set(err, KG_ENOMEM, "out of memory");
        goto done;
    case RASQAL_UPDATE_TYPE_UPDATE:
        break;
    default:
        error = kg_error_set(err, KG_EUNSUPPORTED,
                             "this kind of update operation is not "
                             "supported");
        goto done;
    }
    if (o->kind != OP_INSERT_DATA && o->kind != OP_DELETE_DATA &&
        o->kind != OP_DELETE_WHERE && o->kind != OP_MODIFY) {
        error = parse_error(u, o->body.start, err,
                            "cannot tell the parts of this operation");
        goto done;
    }
    if ((error = copy_templates(&o->dels, uo->delete_templates)) < 0 ||
        (error = copy_templates(&o->inss, uo->insert_templates)) < 0) {
        error = kg_error_set(err, KG_ENOMEM, "out of memory");
        goto done;
    }
    if (o->with.end > o->with.start) {
        /* rasqal puts every template triple into the WITH graph */
        lexer lx = {u->text, o->del.start};
        token t;
        span parts[2] = {o->del, o->ins};
        for (k = 0; k < 2; k++)
            for (lx.pos = parts[k].start; lx.pos < parts[k].end &&
                                          next(&lx, &t) &&
                                          t.end <= parts[k].end;)
                if (is_word(&lx, &t, "GRAPH")) {
                    error = kg_error_set(
                        err, KG_EUNSUPPORTED,
                        "WITH together with GRAPH in a template is not "
                        "supported (rasqal puts every triple into the WITH "
                        "graph); drop WITH and name each graph");
                    goto done;
                }
    }
    if ((o->kind == OP_INSERT_DATA || o->kind == OP_DELETE_DATA) &&
        (has_var(&o->dels) || has_var(&o->inss))) {
        error = kg_error_set(err, KG_EINVALID, "%s DATA may not hold "
                                               "variables",
                             o->kind == OP_INSERT_DATA ? "INSERT" : "DELETE");
        goto done;
    }
    if (has_blank(&o->dels)) {
        error = kg_error_set(err, KG_EINVALID,
                             "blank nodes are not allowed in what DELETE "
                             "removes; use a variable");
        goto done;
    }
    for (k = 0; k < o->inss.n; k++)
        if (o->inss.v[k].g.kind == KG_TERM_NONE && !o->inss.v[k].g.var) {
            error = kg_error_set(
                err, KG_EINVALID,
                "kg's default graph is the union of the named graphs: "
                "nothing can be inserted into it; put the triples in "
                "GRAPH <iri> { ... } or use WITH <iri>");
            goto done;
        }

done:
    if (error == KG_ENOMEM)
        kg_error_set(err, KG_ENOMEM, "out of memory");
    if (q)
        rasqal_free_query(q);
    kg_buf_dispose(&text);
    return error;
}

/* ---- running ------------------------------------------------------------ */

/* The nodes of one solution, by variable name. */
typedef struct row {
    kg_result *r;         /* for the names */
    librdf_node **values; /* r->width nodes, NULL where unbound */
} row;

/* The term for slot 's' under solution 'rw' ('rw' NULL: no variables),
 * with a blank node label made new for the row into 'scratch' (when not
 * NULL). Returns 1 with '*out' set, 0 when unbound, KG_ENOMEM. */
static int instantiate(kg_term *out, const slot *s, const row *rw,
                       request *u, kg_buf *scratch)
{
    int j;

    memset(out, 0, sizeof(*out));
    if (s->var) {
        if (!rw)
            return 0;
        for (j = 0; j < rw->r->width; j++)
            if (strcmp(kg_graph__result_name(rw->r, j), s->var) == 0)
                break;
        if (j == rw->r->width || !rw->values[j])
            return 0;
        kg_graph__term(out, rw->values[j]);
        return out->kind != KG_TERM_NONE;
    }
    out->kind = s->kind;
    out->value = s->value;
    out->datatype = s->datatype;
    out->lang = s->lang;
    if (s->kind == KG_TERM_BLANK && scratch) {
        kg_buf_clear(scratch);
        if (kg_buf_printf(scratch, "u%s_%ld_%s", u->nonce, u->row,
                          s->value) < 0)
            return KG_ENOMEM;
        out->value = scratch->ptr;
    }
    return s->kind != KG_TERM_NONE;
}

/* Append to 'out' the quads of templates 't' under solution 'rw'; those
 * with an unbound or misplaced term are left out (SPARQL 1.1 Update). */
static int fill(kg_triples *out, const tmpls *t, const row *rw, request *u,
                int fresh_blanks)
{
    kg_buf bs = KG_BUF_INIT, bo = KG_BUF_INIT;
    size_t i;
    int error = 0;

    for (i = 0; i < t->n && error == 0; i++) {
        kg_term s, p, o, g;
        int rs, rp, ro, rg = 1;
        rs = instantiate(&s, &t->v[i].s, rw, u, fresh_blanks ? &bs : NULL);
        rp = instantiate(&p, &t->v[i].p, rw, u, NULL);
        ro = instantiate(&o, &t->v[i].o, rw, u, fresh_blanks ? &bo : NULL);
        if (t->v[i].g.var || t->v[i].g.kind != KG_TERM_NONE)
            rg = instantiate(&g, &t->v[i].g, rw, u, NULL) == 1 &&
                 g.kind == KG_TERM_IRI;
        else
            memset(&g, 0, sizeof(g));
        if (rs < 0 || ro < 0) {
            error = KG_ENOMEM;
            break;
        }
        if (!rs || !rp || !ro || !rg || s.kind == KG_TERM_LITERAL ||
            p.kind != KG_TERM_IRI)
            continue;
        if (kg_triples_add(out, &s, &p, &o, &g) < 0)
            error = KG_ENOMEM;
    }
    kg_buf_dispose(&bs);
    kg_buf_dispose(&bo);
    return error;
}

/* Names of graphs written to, NUL-separated, for their markers. */
static int touch(kg_buf *touched, const char *name)
{
    const char *p = touched->ptr;

    for (; p && p < touched->ptr + touched->size; p += strlen(p) + 1)
        if (strcmp(p, name) == 0)
            return 0;
    return kg_buf_put(touched, name, strlen(name) + 1) < 0 ? KG_ENOMEM : 0;
}

/* Remove triple 'st' from the union when no graph states it any more. */
static int unlink_union(kg_graph *g, librdf_statement *st)
{
    if (!kg_graph__has_triple(g->model, st) &&
        kg_graph__has_triple(g->umodel, st) &&
        librdf_model_remove_statement(g->umodel, st) != 0)
        return KG_EIO;
    return 0;
}

/* Delete quad 'q'; in the default graph: from every graph stating it. */
static int delete_quad(request *u, const kg_quad *q, kg_buf *touched)
{
    kg_graph *g = u->g;
    librdf_statement *st = kg_graph__statement(g, q), *pat = NULL;
    librdf_node **ctxs = NULL, *one = NULL;
    size_t n = 0, alloc = 0, i;
    librdf_stream *s;
    int error = 0;

    if (!st)
        return KG_ENOMEM;
    if (q->g.kind == KG_TERM_IRI) {
        if ((one = kg_graph__iri(g, q->g.value)) == NULL)
            error = KG_ENOMEM;
        else if (kg_graph__has_quad(g, one, st)) {
            ctxs = &one;
            n = 1;
        }
    } else if ((pat = librdf_new_statement_from_statement(st)) == NULL) {
        error = KG_ENOMEM;
    } else {
        librdf_free_node(librdf_statement_get_object(pat));
        librdf_statement_set_object(pat, NULL);
        /* (s, p, ?) through the index; the stream is read to its end */
        if ((s = librdf_model_find_statements(g->model, pat)) != NULL) {
            for (; !librdf_stream_end(s); librdf_stream_next(s)) {
                librdf_node *c = librdf_stream_get_context2(s);
                if (error || !c ||
                    !librdf_node_equals(librdf_statement_get_object(
                                            librdf_stream_get_object(s)),
                                        librdf_statement_get_object(st)))
                    continue;
                if (grow((void **)&ctxs, &alloc, n, sizeof(*ctxs)) < 0 ||
                    (ctxs[n] = librdf_new_node_from_node(c)) == NULL)
                    error = KG_ENOMEM;
                else
                    n++;
            }
            librdf_free_stream(s);
        }
    }
    for (i = 0; i < n && error == 0; i++) {
        kg_term c;
        if (librdf_model_context_remove_statement(g->model, ctxs[i], st) !=
            0) {
            error = KG_EIO;
            break;
        }
        u->stats.deleted++;
        kg_graph__term(&c, ctxs[i]);
        error = touch(touched, c.value);
    }
    if (error == 0 && n > 0)
        error = unlink_union(g, st);
    if (ctxs && ctxs != &one) {
        for (i = 0; i < n; i++)
            librdf_free_node(ctxs[i]);
        kg__free(ctxs);
    }
    if (one)
        librdf_free_node(one);
    if (pat)
        librdf_free_statement(pat);
    librdf_free_statement(st);
    return error;
}

static int insert_quad(request *u, const kg_quad *q, kg_buf *touched)
{
    kg_graph *g = u->g;
    librdf_statement *st = kg_graph__statement(g, q);
    librdf_node *ctxn;
    int error = 0;

    assert(q->g.kind == KG_TERM_IRI);
    if (!st)
        return KG_ENOMEM;
    if ((ctxn = kg_graph__iri(g, q->g.value)) == NULL) {
        librdf_free_statement(st);
        return KG_ENOMEM;
    }
    /* hashes would keep a second copy of the quad */
    if (!kg_graph__has_quad(g, ctxn, st)) {
        if (librdf_model_context_add_statement(g->model, ctxn, st) != 0 ||
            (!kg_graph__has_triple(g->umodel, st) &&
             librdf_model_add_statement(g->umodel, st) != 0))
            error = KG_EIO;
        else
            u->stats.inserted++;
    }
    if (error == 0)
        error = touch(touched, q->g.value);
    librdf_free_node(ctxn);
    librdf_free_statement(st);
    return error;
}

/* Put back the marker of every graph in 'touched' that lacks it. */
static int mark(kg_graph *g, const kg_buf *touched)
{
    const char *p = touched->ptr;
    int error = 0;

    for (; error == 0 && p && p < touched->ptr + touched->size;
         p += strlen(p) + 1) {
        librdf_node *c = kg_graph__iri(g, p);
        if (!c)
            return KG_ENOMEM;
        if (!kg_graph__complete(g, c))
            error = kg_graph__add_marker(g, c);
        librdf_free_node(c);
    }
    return error;
}

/* The SELECT that runs the WHERE clause of operation 'i'; the clause
 * starts at byte '*at' of it. */
static int where_text(kg_buf *out, size_t *at, const request *u, size_t i)
{
    const op *o = &u->ops[i];
    size_t k;

    for (k = 0; k < u->n_decls; k++)
        if (u->decls[k].op <= i && u->decls[k].base.end == 0 &&
            (kg_buf_put(out, u->text + u->decls[k].text.start,
                        u->decls[k].text.end - u->decls[k].text.start) < 0 ||
             kg_buf_puts(out, "\n") < 0))
            return KG_ENOMEM;
    if (kg_buf_puts(out, "SELECT * WHERE ") < 0)
        return KG_ENOMEM;
    if (o->with.end > o->with.start &&
        (kg_buf_puts(out, "{ GRAPH ") < 0 ||
         kg_buf_put(out, u->text + o->with.start,
                    o->with.end - o->with.start) < 0 ||
         kg_buf_puts(out, " ") < 0))
        return KG_ENOMEM;
    *at = out->size;
    if (kg_buf_put(out, u->text + o->where.start,
                   o->where.end - o->where.start) < 0)
        return KG_ENOMEM;
    if (o->with.end > o->with.start && kg_buf_puts(out, " }") < 0)
        return KG_ENOMEM;
    return 0;
}

/*
 * Move the position in 'err', a line and column (in characters) of
 * 'text', the SELECT where_text built for operation 'i' with the clause
 * at byte 'at', to the same place in the request; outside the clause, to
 * none.
 */
static void relocate(kg_error *err, const request *u, size_t i,
                     const char *text, size_t at)
{
    const op *o = &u->ops[i];
    const char *p = text;
    int line = err->line, col = err->column;

    if (line <= 0)
        return;
    for (; *p && line > 1; p++)
        line -= *p == '\n';
    for (; *p && *p != '\n' && col > 1; p++)
        col -= ((unsigned char)p[1] & 0xC0) != 0x80; /* characters */
    line = col = 0;
    if ((size_t)(p - text) >= at &&
        (size_t)(p - text) - at < o->where.end - o->where.start)
        locate(u, o->where.start + (size_t)(p - text) - at, &line, &col);
    kg_error_locate(err, u->opts->base ? u->opts->base : "update", line,
                    col);
}

/* Quads to delete and to insert for operation 'i': its templates under
 * every solution of its WHERE clause (DATA: under none). */
static int solve(request *u, size_t i, kg_triples *dels, kg_triples *inss,
                 kg_error *err)
{
    const op *o = &u->ops[i];
    kg_query_options qo = *u->opts;
    kg_buf text = KG_BUF_INIT, base = KG_BUF_INIT;
    kg_result *r = NULL;
    row rw = {NULL, NULL};
    size_t at = 0;
    int error = 0, more;

    if (o->kind == OP_INSERT_DATA || o->kind == OP_DELETE_DATA) {
        u->row++;
        if ((error = fill(dels, &o->dels, NULL, u, 0)) < 0 ||
            (error = fill(inss, &o->inss, NULL, u, 1)) < 0)
            return kg_error_set(err, KG_ENOMEM, "out of memory");
        return 0;
    }
    if (u->deadline > 0) {
        qo.timeout = u->deadline - kg_graph__now();
        if (qo.timeout <= 0)
            return kg_error_set(err, KG_ETIMEOUT,
                                "the update ran past its %g s time limit",
                                u->opts->timeout);
    }
    if ((error = where_text(&text, &at, u, i)) < 0 ||
        (error = op_base(&base, u, i)) < 0) {
        error = kg_error_set(err, KG_ENOMEM, "out of memory");
        goto done;
    }
    qo.base = error == 1 ? base.ptr : NULL;
    if ((error = kg_graph_query(&r, u->g, text.ptr, &qo, err)) < 0) {
        if (err)
            relocate(err, u, i, text.ptr, at);
        goto done;
    }
    assert(kg_result_kind(r) == KG_QUERY_BINDINGS);
    rw.r = r;
    if ((rw.values = kg__calloc((size_t)r->width + 1,
                                sizeof(*rw.values))) == NULL) {
        error = kg_error_set(err, KG_ENOMEM, "out of memory");
        goto done;
    }
    while ((more = kg_graph__result_next(r, rw.values, err)) == 1) {
        int j;
        u->row++;
        if (error == 0 && (fill(dels, &o->dels, &rw, u, 0) < 0 ||
                           fill(inss, &o->inss, &rw, u, 1) < 0))
            error = kg_error_set(err, KG_ENOMEM, "out of memory");
        for (j = 0; j < r->width; j++) {
            if (rw.values[j])
                librdf_free_node(rw.values[j]);
            rw.values[j] = NULL;
        }
    }
    if (more < 0 && error == 0)
        error = more;

done:
    kg__free(rw.values);
    kg_result_free(r);
    kg_buf_dispose(&text);
    kg_buf_dispose(&base);
    return error;
}

/* Every named graph, as new nodes. */
static int all_graphs(kg_graph *g, librdf_node ***out, size_t *n)
{
    librdf_iterator *it = librdf_model_get_contexts(g->model);
    size_t alloc = 0;
    int error = 0;

    *out = NULL;
    *n = 0;
    if (!it)
        return 0;
    for (; !librdf_iterator_end(it); librdf_iterator_next(it)) {
        librdf_node *c = librdf_iterator_get_object(it);
        if (error || !c)
            continue;
        if (grow((void **)out, &alloc, *n, sizeof(**out)) < 0 ||
            ((*out)[*n] = librdf_new_node_from_node(c)) == NULL)
            error = KG_ENOMEM;
        else
            ++*n;
    }
    librdf_free_iterator(it);
    return error;
}

/* Quads of graph 'c' other than its marker. */
static long graph_size(kg_graph *g, librdf_node *c)
{
    librdf_stream *st = librdf_model_context_as_stream(g->model, c);
    long n = 0;

    if (!st)
        return 0;
    for (; !librdf_stream_end(st); librdf_stream_next(st)) {
        kg_term p;
        kg_graph__term(&p, librdf_statement_get_predicate(
                               librdf_stream_get_object(st)));
        n += !(p.kind == KG_TERM_IRI &&
               strcmp(p.value, KG_GRAPH__COMPLETE) == 0);
    }
    librdf_free_stream(st);
    return n;
}

/* CLEAR, DROP or CREATE; librdf's messages go to 'lib'. */
static int run_graph_op(request *u, const op *o, kg_error *lib,
                        kg_error *err)
{
    kg_graph *g = u->g;
    librdf_node **cs = NULL;
    size_t n = 0, i;
    int error = 0, keep, exists;

    if (o->applies == RASQAL_UPDATE_GRAPH_ONE) {
        if ((cs = kg__calloc(1, sizeof(*cs))) == NULL ||
            (cs[0] = kg_graph__iri(g, o->graph)) == NULL) {
            kg__free(cs);
            return kg_error_set(err, KG_ENOMEM, "out of memory");
        }
        n = 1;
        exists = librdf_model_contains_context(g->model, cs[0]);
        if (o->kind == OP_CREATE && exists && !o->silent)
            error = kg_error_set(err, KG_EINVALID,
                                 "CREATE GRAPH: graph <%s> already exists",
                                 o->graph);
        else if (o->kind != OP_CREATE && !exists && !o->silent)
            error = kg_error_set(err, KG_EINVALID,
                                 "%s GRAPH: no graph <%s> in the store",
                                 o->name, o->graph);
        if (error < 0 || (o->kind != OP_CREATE && !exists) ||
            (o->kind == OP_CREATE && exists))
            n = 0;
    } else if (all_graphs(g, &cs, &n) < 0) {
        error = kg_error_set(err, KG_ENOMEM, "out of memory");
    }
    kg__ctx_begin(g->ctx, lib);
    /* CLEAR keeps each graph, empty; so does DROP DEFAULT, since the
     * default graph is the union and its graphs are not dropped */
    keep = o->kind == OP_CLEAR || o->applies == RASQAL_UPDATE_GRAPH_DEFAULT;
    for (i = 0; i < n && error == 0; i++) {
        if (o->kind != OP_CREATE) {
            u->stats.deleted += graph_size(g, cs[i]);
            if (kg_graph__drop(g, cs[i]) < 0)
                error = KG_EIO;
        }
        if (error == 0 && (o->kind == OP_CREATE || keep) &&
            kg_graph__add_marker(g, cs[i]) < 0)
            error = KG_EIO;
    }
    kg__ctx_end(g->ctx);
    for (i = 0; cs && i < (o->applies == RASQAL_UPDATE_GRAPH_ONE ? 1 : n);
         i++)
        librdf_free_node(cs[i]);
    kg__free(cs);
    return error;
}

/* Operation 'i': its WHERE clause, then the writes, whose librdf
 * messages go to 'lib' (kg_graph_query() routes its own). */
static int run_op(request *u, size_t i, kg_error *lib, kg_error *err)
{
    const op *o = &u->ops[i];
    kg_triples *dels = NULL, *inss = NULL;
    kg_buf touched = KG_BUF_INIT;
    size_t k;
    int error;

    if (o->kind == OP_CLEAR || o->kind == OP_DROP || o->kind == OP_CREATE)
        return run_graph_op(u, o, lib, err);
    if ((error = kg_triples_new(&dels, err)) < 0 ||
        (error = kg_triples_new(&inss, err)) < 0 ||
        (error = solve(u, i, dels, inss, err)) < 0)
        goto done;
    kg_triples_normalize(dels);
    kg_triples_normalize(inss);
    kg__ctx_begin(u->g->ctx, lib);
    for (k = 0; k < kg_triples_count(dels) && error == 0; k++)
        error = delete_quad(u, kg_triples_get(dels, k), &touched);
    for (k = 0; k < kg_triples_count(inss) && error == 0; k++)
        error = insert_quad(u, kg_triples_get(inss, k), &touched);
    if (error == 0)
        error = mark(u->g, &touched);
    kg__ctx_end(u->g->ctx);

done:
    kg_triples_free(dels);
    kg_triples_free(inss);
    kg_buf_dispose(&touched);
    return error;
}

/* Parse and check 'sparql'; run it unless 'check_only'. */
static int update(kg_graph *g, const char *sparql,
                  const kg_query_options *opts, kg_update_stats *stats_out,
                  int check_only, kg_error *err)
{
    static const kg_query_options defaults = KG_QUERY_OPTIONS_INIT;
    request u;
    struct timespec ts;
    kg_error lib;
    size_t i;
    int error = 0;

    assert(g && sparql);
    memset(&u, 0, sizeof(u));
    u.g = g;
    u.text = sparql;
    u.len = strlen(sparql);
    u.opts = opts ? opts : &defaults;
    if (!check_only && (error = kg_graph__writable(g, err)) < 0)
        return error;
    if (u.opts->timeout > 0)
        u.deadline = kg_graph__now() + u.opts->timeout;
    clock_gettime(CLOCK_REALTIME, &ts);
    snprintf(u.nonce, sizeof(u.nonce), "%lx%lx", (unsigned long)ts.tv_sec,
             (unsigned long)ts.tv_nsec);
    if ((error = split(&u, err)) < 0)
        goto done;
    if (u.opts->predeclare)
        for (i = 0; i < kg__n_prefixes; i++) {
            if (kg_graph__declares(u.text, kg__prefixes[i].name))
                continue;
            if (kg_buf_printf(&u.pre, "PREFIX %s: <%s>\n",
                              kg__prefixes[i].name,
                              kg__prefixes[i].iri) < 0) {
                error = kg_error_set(err, KG_ENOMEM, "out of memory");
                goto done;
            }
            u.added++;
        }
    for (i = 0; i < u.n_ops; i++)
        if ((error = prepare_op(&u, i, err)) < 0)
            goto done;
    if (check_only)
        goto done;
    /* Journaled like a load: a request half applied is rolled back. */
    if ((error = kg_graph__journal_begin(g, err)) < 0)
        goto done;

    kg_error_clear(&lib);
    for (i = 0; i < u.n_ops && error == 0; i++) {
        if (u.ops[i].kind == OP_NONE)
            continue;
        error = run_op(&u, i, &lib, err);
        if (error == KG_EIO)
            error = kg_error_set(err, KG_EIO, "cannot write the update: %s",
                                 lib.code ? lib.message : "storage error");
        else if (error == KG_ENOMEM)
            error = kg_error_set(err, KG_ENOMEM, "out of memory");
        u.stats.operations += error == 0;
    }
    if (error == 0 && (librdf_model_sync(g->model) != 0 ||
                       librdf_model_sync(g->umodel) != 0))
        error = kg_error_set(err, KG_EIO, "cannot write the update");
    /* A request half applied is rolled back when the writer closes. */
    if (error < 0 && (error == KG_EIO || g->journal))
        g->failed = 1;

done:
    if (error == 0 && stats_out)
        *stats_out = u.stats;
    request_dispose(&u);
    return error;
}

/* On a server kg keeps a union graph beside the article graphs
 * (remote.c) that an update sent through would leave stale. */
static int refuse_remote(kg_graph *g, kg_error *err)
{
    return g->remote ? kg_error_set(err, KG_EUNSUPPORTED,
                                    "SPARQL Update is not supported on a "
                                    "remote store (kg's union graph there "
                                    "would go stale); use kg load")
                     : 0;
}

int kg_graph_update(kg_graph *g, const char *sparql,
                    const kg_query_options *opts, kg_update_stats *stats_out,
                    kg_error *err)
{
    int error = refuse_remote(g, err);

    return error < 0 ? error : update(g, sparql, opts, stats_out, 0, err);
}

int kg_graph_update_check(kg_graph *g, const char *sparql,
                          const kg_query_options *opts, kg_error *err)
{
    int error = refuse_remote(g, err);

    return error < 0 ? error : update(g, sparql, opts, NULL, 1, err);
}
