/*
 * shapes.c -- kg_shapes_check: a SHACL Core subset checker.
 *
 * Two phases. Compiling walks the shapes graph (indexed by subject) from
 * every shape that has a target or is typed sh:NodeShape/sh:PropertyShape
 * and turns each shape node into a 'shape': its path (NULL for a node
 * shape), severity, message, targets, value constraints and child property
 * shapes. Any sh: term outside the subset stops compilation with
 * KG_EUNSUPPORTED, so a shapes file can never be half understood.
 *
 * Checking indexes the data twice, as sorted arrays of quad pointers
 * without duplicate triples (graphs are ignored: the union is checked):
 * by (subject, predicate, object) to find the values of a path, and by
 * (predicate, object, subject) to find the instances of a class, the
 * subclasses of a class and the subjects of a predicate. Both are built
 * with qsort and searched by bisection, so the whole check is O(n log n).
 *
 * Literal comparison treats a literal without datatype or language as
 * xsd:string, as RDF 1.1 does.
 *
 * SPDX-License-Identifier: MIT
 */
#include <assert.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kg/shapes.h>

#include "kg_int.h"

#define SH(x) KG_NS_SH x
#define RDF_FIRST KG_NS_RDF "first"
#define RDF_REST KG_NS_RDF "rest"
#define RDF_NIL KG_NS_RDF "nil"
#define RDF_LANGSTRING KG_NS_RDF "langString"
#define RDFS_SUBCLASSOF KG_NS_RDFS "subClassOf"
#define RDFS_CLASS KG_NS_RDFS "Class"
#define RDFS_COMMENT KG_NS_RDFS "comment"

#define MAX_DEPTH 32     /* nesting of sh:property / sh:or */
#define SHOW_LITERAL 60  /* bytes of a literal shown in a report line */

/* ==== indexes ========================================================= */

/* The lexical datatype of a literal: RDF 1.1 simple literals are
 * xsd:string, language-tagged ones rdf:langString. */
static const char *literal_datatype(const kg_term *t)
{
    if (t->datatype)
        return t->datatype;
    return t->lang ? RDF_LANGSTRING : KG_XSD_STRING;
}

static int str_cmp(const char *a, const char *b)
{
    if (!a || !b)
        return (a != NULL) - (b != NULL);
    return strcmp(a, b);
}

static int term_cmp(const kg_term *a, const kg_term *b)
{
    int c;

    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    if ((c = str_cmp(a->value, b->value)) != 0 || a->kind != KG_TERM_LITERAL)
        return c;
    if ((c = strcmp(literal_datatype(a), literal_datatype(b))) != 0)
        return c;
    return str_cmp(a->lang, b->lang);
}

static int spo_cmp(const void *pa, const void *pb)
{
    const kg_quad *a = *(const kg_quad *const *)pa;
    const kg_quad *b = *(const kg_quad *const *)pb;
    int c;

    if ((c = term_cmp(&a->s, &b->s)) != 0 ||
        (c = str_cmp(a->p.value, b->p.value)) != 0)
        return c;
    return term_cmp(&a->o, &b->o);
}

static int pos_cmp(const void *pa, const void *pb)
{
    const kg_quad *a = *(const kg_quad *const *)pa;
    const kg_quad *b = *(const kg_quad *const *)pb;
    int c;

    if ((c = str_cmp(a->p.value, b->p.value)) != 0 ||
        (c = term_cmp(&a->o, &b->o)) != 0)
        return c;
    return term_cmp(&a->s, &b->s);
}

typedef struct qindex {
    const kg_quad **q; /* owned array of borrowed quads, sorted, unique */
    size_t n;
} qindex;

static int index_build(qindex *ix, const kg_triples *t,
                       int (*cmp)(const void *, const void *))
{
    size_t i, n = kg_triples_count(t), out = 0;

    ix->n = 0;
    if ((ix->q = kg__malloc((n ? n : 1) * sizeof(*ix->q))) == NULL)
        return KG_ENOMEM;
    for (i = 0; i < n; i++)
        ix->q[i] = kg_triples_get(t, i);
    qsort(ix->q, n, sizeof(*ix->q), cmp);
    for (i = 0; i < n; i++)
        if (out == 0 || cmp(&ix->q[out - 1], &ix->q[i]) != 0)
            ix->q[out++] = ix->q[i];
    ix->n = out;
    return 0;
}

/* Compare quad 'q' with a key: spo on (s, p), pos on (p, o); a NULL
 * second part matches everything. */
static int key_sp(const kg_quad *q, const kg_term *s, const char *p)
{
    int c = term_cmp(&q->s, s);
    return (c || !p) ? c : strcmp(q->p.value, p);
}

static int key_po(const kg_quad *q, const kg_term *s, const char *p)
{
    int c = strcmp(q->p.value, p);
    return (c || !s) ? c : term_cmp(&q->o, s);
}

/* The range [lo, hi) of quads matching the key in 'ix'. */
static void index_range(const qindex *ix,
                        int (*key)(const kg_quad *, const kg_term *,
                                   const char *),
                        const kg_term *t, const char *p, size_t *lo,
                        size_t *hi)
{
    size_t a = 0, b = ix->n, mid;

    while (a < b) {
        mid = a + (b - a) / 2;
        if (key(ix->q[mid], t, p) < 0)
            a = mid + 1;
        else
            b = mid;
    }
    *lo = a;
    b = ix->n;
    while (a < b) {
        mid = a + (b - a) / 2;
        if (key(ix->q[mid], t, p) <= 0)
            a = mid + 1;
        else
            b = mid;
    }
    *hi = a;
}

/* ==== compiled shapes ================================================= */

typedef enum ckind {
    C_MINCOUNT,
    C_MAXCOUNT,
    C_DATATYPE,
    C_CLASS,
    C_NODEKIND,
    C_IN,
    C_OR,
    C_PATTERN
} ckind;

static const char *const ckind_name[] = {
    "minCount", "maxCount", "datatype", "class",
    "nodeKind", "in",       "or",       "pattern"};

enum { SEV_VIOLATION, SEV_WARNING, SEV_INFO };
static const char *const sev_name[] = {"violation", "warning", "info"};

struct shape;

typedef struct constraint {
    ckind kind;
    size_t count;            /* C_MINCOUNT, C_MAXCOUNT */
    const char *iri;         /* C_DATATYPE, C_CLASS, C_NODEKIND; borrowed */
    const kg_term **terms;   /* C_IN: owned array of borrowed terms */
    size_t n_terms;
    struct shape **alts;     /* C_OR: owned array of shapes owned by 'st' */
    size_t n_alts;
    const char **subs;       /* C_CLASS: owned closure under subClassOf,
                                computed on first use */
    size_t n_subs;
    int subs_done;
    const char *pattern;     /* C_PATTERN, borrowed */
    regex_t re;              /* C_PATTERN; valid when has_re */
    int has_re;
} constraint;

typedef struct shape {
    const kg_term *id;       /* borrowed from the shapes graph */
    const char *path;        /* predicate IRI; NULL for a node shape */
    const char *message;     /* sh:message or NULL */
    int severity;            /* SEV_* */
    constraint *cons;        /* owned */
    size_t n_cons, a_cons;
    struct shape **props;    /* owned array; shapes owned by 'st' */
    size_t n_props, a_props;
    const char **tclass;     /* owned array of borrowed IRIs */
    size_t n_tclass, a_tclass;
    const char **tsubj;
    size_t n_tsubj, a_tsubj;
} shape;

typedef struct state {
    qindex shapes;            /* the shapes graph by subject */
    qindex spo, pos;          /* the data */
    shape **all;             /* every compiled shape, owned */
    size_t n_all, a_all;
    const kg_term **stack;   /* value nodes of the shapes being checked */
    size_t n_stack, a_stack;
    kg_buf *report;
    size_t violations;
    kg_error *err;
} state;

/* Make room for one more element in '*arr' (holding 'n' of 'alloc').
 * Returns the array, possibly moved, or NULL (array unchanged). */
static void *reserve(void *arr, size_t *alloc, size_t n, size_t elem)
{
    size_t na;
    void *p;

    if (n < *alloc)
        return arr;
    na = *alloc ? *alloc * 2 : 8;
    if ((p = kg__realloc(arr, na * elem)) == NULL)
        return NULL;
    *alloc = na;
    return p;
}

static int push_term(state *st, const kg_term ***arr, size_t *n,
                     size_t *alloc, const kg_term *v)
{
    const kg_term **p = reserve(*arr, alloc, *n, sizeof(**arr));

    if (!p)
        return kg_error_set(st->err, KG_ENOMEM, "out of memory");
    *arr = p;
    p[(*n)++] = v;
    return 0;
}

static int push_str(state *st, const char ***arr, size_t *n, size_t *alloc,
                    const char *v)
{
    const char **p = reserve(*arr, alloc, *n, sizeof(**arr));

    if (!p)
        return kg_error_set(st->err, KG_ENOMEM, "out of memory");
    *arr = p;
    p[(*n)++] = v;
    return 0;
}

static int push_shape(state *st, shape ***arr, size_t *n, size_t *alloc,
                      shape *v)
{
    shape **p = reserve(*arr, alloc, *n, sizeof(**arr));

    if (!p)
        return kg_error_set(st->err, KG_ENOMEM, "out of memory");
    *arr = p;
    p[(*n)++] = v;
    return 0;
}

static void shape_free(shape *s)
{
    size_t i;

    if (!s)
        return;
    for (i = 0; i < s->n_cons; i++) {
        constraint *c = &s->cons[i];
        kg__free(c->terms);
        kg__free(c->alts);
        kg__free(c->subs);
        if (c->has_re)
            regfree(&c->re);
    }
    kg__free(s->cons);
    kg__free(s->props);
    kg__free(s->tclass);
    kg__free(s->tsubj);
    kg__free(s);
}

/* Write 't' in N-Triples syntax, escaped so that the line stays one line;
 * literals longer than SHOW_LITERAL bytes are cut at a character
 * boundary and marked with "...". */
static int put_term(kg_buf *b, const kg_term *t)
{
    const unsigned char *s = (const unsigned char *)(t->value ? t->value
                                                              : "");
    size_t i, len = strlen((const char *)s);
    int error = 0, cut = 0;

    if (t->kind == KG_TERM_BLANK)
        return kg_buf_printf(b, "_:%s", (const char *)s);
    if (t->kind == KG_TERM_LITERAL && len > SHOW_LITERAL) {
        len = SHOW_LITERAL;
        while (len > 0 && (s[len] & 0xC0) == 0x80)
            len--;
        cut = 1;
    }
    error = kg_buf_puts(b, t->kind == KG_TERM_IRI ? "<" : "\"");
    for (i = 0; i < len && !error; i++) {
        unsigned char ch = s[i];
        if (ch == '\\' || ch == '"')
            error = kg_buf_printf(b, "\\%c", ch);
        else if (ch == '\n')
            error = kg_buf_puts(b, "\\n");
        else if (ch == '\r')
            error = kg_buf_puts(b, "\\r");
        else if (ch == '\t')
            error = kg_buf_puts(b, "\\t");
        else if (ch < 0x20 || ch == 0x7F ||
                 (t->kind == KG_TERM_IRI && (ch == ' ' || ch == '<' ||
                                             ch == '>')))
            error = kg_buf_printf(b, "\\u%04X", ch);
        else
            error = kg_buf_put(b, (const char *)&ch, 1);
    }
    if (error)
        return KG_ENOMEM;
    if (t->kind == KG_TERM_IRI)
        return kg_buf_puts(b, ">");
    if (kg_buf_puts(b, cut ? "...\"" : "\"") < 0)
        return KG_ENOMEM;
    if (t->lang)
        return kg_buf_printf(b, "@%s", t->lang);
    if (t->datatype && strcmp(t->datatype, KG_XSD_STRING) != 0) {
        kg_term dt = kg_iri(t->datatype);
        return kg_buf_puts(b, "^^") < 0 ? KG_ENOMEM : put_term(b, &dt);
    }
    return 0;
}

/* A short name for a shape in error messages. */
static const char *shape_name(const kg_term *id)
{
    return id && id->value ? id->value : "?";
}

/* ==== compiling ======================================================= */

static int compile_shape(shape **out, state *st, const kg_term *id,
                         int depth);

static int is_iri(const kg_term *t, const char *iri)
{
    return t->kind == KG_TERM_IRI && strcmp(t->value, iri) == 0;
}

static int need_iri(state *st, const kg_term *id, const char *prop,
                    const kg_term *o)
{
    if (o->kind == KG_TERM_IRI)
        return 0;
    return kg_error_set(st->err, KG_EINVALID,
                        "shape %s: sh:%s needs an iri", shape_name(id), prop);
}

static int parse_count(state *st, const kg_term *id, const char *prop,
                       const kg_term *o, size_t *out)
{
    const char *s = o->value;
    size_t v = 0;

    if (o->kind != KG_TERM_LITERAL || !*s)
        goto bad;
    if (*s == '+')
        s++;
    if (!*s)
        goto bad;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > ((size_t)-1 - 9) / 10)
            goto bad;
        v = v * 10 + (size_t)(*s - '0');
    }
    *out = v;
    return 0;
bad:
    return kg_error_set(st->err, KG_EINVALID,
                        "shape %s: sh:%s needs a non-negative integer",
                        shape_name(id), prop);
}

/* The members of the RDF list starting at 'head', into 'out' (owned). */
static int read_list(state *st, const kg_term *id, const char *prop,
                     const kg_term *head, const kg_term ***out, size_t *n)
{
    const kg_term **items = NULL;
    size_t count = 0, alloc = 0, lo, hi, i, steps = 0;
    const kg_term *node = head;
    int error = 0;

    while (!is_iri(node, RDF_NIL)) {
        const kg_term *first = NULL, *rest = NULL;
        if (node->kind == KG_TERM_LITERAL || ++steps > st->shapes.n)
            goto bad;
        index_range(&st->shapes, key_sp, node, NULL, &lo, &hi);
        for (i = lo; i < hi; i++) {
            const kg_quad *q = st->shapes.q[i];
            if (strcmp(q->p.value, RDF_FIRST) == 0) {
                if (first)
                    goto bad;
                first = &q->o;
            } else if (strcmp(q->p.value, RDF_REST) == 0) {
                if (rest)
                    goto bad;
                rest = &q->o;
            }
        }
        if (!first || !rest)
            goto bad;
        if ((error = push_term(st, &items, &count, &alloc, first)) < 0)
            goto done;
        node = rest;
    }
    *out = items;
    *n = count;
    return 0;
bad:
    error = kg_error_set(st->err, KG_EINVALID,
                         "shape %s: sh:%s is not a well-formed rdf list",
                         shape_name(id), prop);
done:
    kg__free(items);
    return error;
}

static int add_constraint(state *st, shape *s, ckind kind, constraint **out)
{
    constraint *cons = reserve(s->cons, &s->a_cons, s->n_cons,
                               sizeof(*s->cons));

    if (!cons)
        return kg_error_set(st->err, KG_ENOMEM, "out of memory");
    s->cons = cons;
    *out = &s->cons[s->n_cons++];
    memset(*out, 0, sizeof(**out));
    (*out)->kind = kind;
    return 0;
}

static const char *const node_kinds[] = {
    SH("IRI"),          SH("BlankNode"),         SH("Literal"),
    SH("BlankNodeOrIRI"), SH("BlankNodeOrLiteral"), SH("IRIOrLiteral")};

static const char *const annotations[] = {
    SH("name"), SH("description"), SH("order"), SH("group")};

/* Handle one (id, p, o) triple of a shape. */
static int compile_triple(state *st, shape *s, const kg_term *id,
                          const kg_quad *q, const kg_term **flags,
                          int depth)
{
    const char *p = q->p.value, *local;
    const kg_term *o = &q->o;
    constraint *c = NULL;
    shape *child = NULL;
    size_t i;
    int error;

    if (strcmp(p, KG_RDF_TYPE) == 0) {
        if (is_iri(o, RDFS_CLASS) || is_iri(o, KG_NS_OWL "Class"))
            return kg_error_set(st->err, KG_EUNSUPPORTED,
                                "shape %s: implicit class targets are not "
                                "supported", shape_name(id));
        return 0;
    }
    if (strncmp(p, KG_NS_SH, strlen(KG_NS_SH)) != 0)
        return 0;  /* rdfs:label, rdfs:comment and the like */
    local = p + strlen(KG_NS_SH);
    for (i = 0; i < KG_ARRAY_SIZE(annotations); i++)
        if (strcmp(p, annotations[i]) == 0)
            return 0;

    if (strcmp(local, "targetClass") == 0) {
        if ((error = need_iri(st, id, local, o)) < 0)
            return error;
        return push_str(st, &s->tclass, &s->n_tclass, &s->a_tclass,
                        o->value);
    }
    if (strcmp(local, "targetSubjectsOf") == 0) {
        if ((error = need_iri(st, id, local, o)) < 0)
            return error;
        return push_str(st, &s->tsubj, &s->n_tsubj, &s->a_tsubj, o->value);
    }
    if (strcmp(local, "path") == 0) {
        if (o->kind == KG_TERM_BLANK)
            return kg_error_set(st->err, KG_EUNSUPPORTED,
                                "shape %s: sh:path expressions are not "
                                "supported, only a single iri",
                                shape_name(id));
        if ((error = need_iri(st, id, local, o)) < 0)
            return error;
        if (s->path)
            return kg_error_set(st->err, KG_EINVALID,
                                "shape %s: more than one sh:path",
                                shape_name(id));
        s->path = o->value;
        return 0;
    }
    if (strcmp(local, "property") == 0) {
        if (o->kind == KG_TERM_LITERAL)
            return kg_error_set(st->err, KG_EINVALID,
                                "shape %s: sh:property needs a shape",
                                shape_name(id));
        if ((error = compile_shape(&child, st, o, depth + 1)) < 0)
            return error;
        if (!child->path)
            return kg_error_set(st->err, KG_EINVALID,
                                "shape %s: property shape %s has no sh:path",
                                shape_name(id), shape_name(o));
        return push_shape(st, &s->props, &s->n_props, &s->a_props, child);
    }
    if (strcmp(local, "minCount") == 0 || strcmp(local, "maxCount") == 0) {
        if ((error = add_constraint(st, s, local[1] == 'i' ? C_MINCOUNT
                                                          : C_MAXCOUNT,
                                    &c)) < 0)
            return error;
        return parse_count(st, id, local, o, &c->count);
    }
    if (strcmp(local, "datatype") == 0 || strcmp(local, "class") == 0) {
        if ((error = need_iri(st, id, local, o)) < 0 ||
            (error = add_constraint(st, s, local[0] == 'd' ? C_DATATYPE
                                                           : C_CLASS,
                                    &c)) < 0)
            return error;
        c->iri = o->value;
        return 0;
    }
    if (strcmp(local, "nodeKind") == 0) {
        for (i = 0; i < KG_ARRAY_SIZE(node_kinds); i++)
            if (is_iri(o, node_kinds[i]))
                break;
        if (i == KG_ARRAY_SIZE(node_kinds))
            return kg_error_set(st->err, KG_EINVALID,
                                "shape %s: unknown sh:nodeKind %s",
                                shape_name(id), o->value);
        if ((error = add_constraint(st, s, C_NODEKIND, &c)) < 0)
            return error;
        c->iri = node_kinds[i];
        return 0;
    }
    if (strcmp(local, "in") == 0) {
        if ((error = add_constraint(st, s, C_IN, &c)) < 0)
            return error;
        return read_list(st, id, local, o, &c->terms, &c->n_terms);
    }
    if (strcmp(local, "or") == 0) {
        const kg_term **members = NULL;
        size_t n = 0;
        if ((error = add_constraint(st, s, C_OR, &c)) < 0 ||
            (error = read_list(st, id, local, o, &members, &n)) < 0)
            return error;
        if (n && (c->alts = kg__calloc(n, sizeof(*c->alts))) == NULL) {
            kg__free(members);
            return kg_error_set(st->err, KG_ENOMEM, "out of memory");
        }
        for (i = 0; i < n; i++) {
            shape *alt;
            size_t k;
            if ((error = compile_shape(&alt, st, members[i], depth + 1)) <
                0)
                break;
            c->alts[c->n_alts++] = alt;
            for (k = 0; k < alt->n_cons; k++)
                if (alt->cons[k].kind == C_MINCOUNT ||
                    alt->cons[k].kind == C_MAXCOUNT)
                    break;
            if (alt->path || alt->n_props || alt->n_tclass ||
                alt->n_tsubj || k < alt->n_cons) {
                error = kg_error_set(st->err, KG_EUNSUPPORTED,
                                     "shape %s: sh:or members may only use "
                                     "value constraints (datatype, class, "
                                     "nodeKind, in, or, pattern)",
                                     shape_name(id));
                break;
            }
        }
        kg__free(members);
        return error;
    }
    if (strcmp(local, "pattern") == 0) {
        if (o->kind != KG_TERM_LITERAL)
            return kg_error_set(st->err, KG_EINVALID,
                                "shape %s: sh:pattern needs a literal",
                                shape_name(id));
        if ((error = add_constraint(st, s, C_PATTERN, &c)) < 0)
            return error;
        c->pattern = o->value;
        return 0;
    }
    if (strcmp(local, "flags") == 0) {
        *flags = o;
        return 0;
    }
    if (strcmp(local, "severity") == 0) {
        if (is_iri(o, SH("Violation")))
            s->severity = SEV_VIOLATION;
        else if (is_iri(o, SH("Warning")))
            s->severity = SEV_WARNING;
        else if (is_iri(o, SH("Info")))
            s->severity = SEV_INFO;
        else
            return kg_error_set(st->err, KG_EUNSUPPORTED,
                                "shape %s: sh:severity %s is not supported",
                                shape_name(id), o->value);
        return 0;
    }
    if (strcmp(local, "message") == 0) {
        /* Prefer a message without language tag, then English. */
        if (o->kind == KG_TERM_LITERAL &&
            (!s->message || !o->lang || strcmp(o->lang, "en") == 0))
            s->message = o->value;
        return 0;
    }
    return kg_error_set(st->err, KG_EUNSUPPORTED,
                        "shape %s: sh:%s is not supported", shape_name(id),
                        local);
}

/* Compile the regular expressions once every triple of the shape is seen,
 * since sh:flags may come after sh:pattern. */
static int compile_patterns(state *st, shape *s, const kg_term *flags)
{
    int cflags = REG_EXTENDED | REG_NOSUB, rc;
    size_t i;

    if (flags) {
        if (flags->kind != KG_TERM_LITERAL ||
            strspn(flags->value, "i") != strlen(flags->value))
            return kg_error_set(st->err, KG_EUNSUPPORTED,
                                "shape %s: sh:flags other than \"i\" are "
                                "not supported", shape_name(s->id));
        if (*flags->value)
            cflags |= REG_ICASE;
    }
    for (i = 0; i < s->n_cons; i++) {
        constraint *c = &s->cons[i];
        if (c->kind != C_PATTERN)
            continue;
        if ((rc = regcomp(&c->re, c->pattern, cflags)) != 0) {
            char msg[128];
            regerror(rc, &c->re, msg, sizeof(msg));
            return kg_error_set(st->err, rc == REG_ESPACE ? KG_ENOMEM
                                                          : KG_EINVALID,
                                "shape %s: bad sh:pattern \"%s\": %s",
                                shape_name(s->id), c->pattern, msg);
        }
        c->has_re = 1;
    }
    return 0;
}

/*
 * Compile the shape named 'id' into '*out' (owned by 'st', freed with it,
 * also on failure).
 */
static int compile_shape(shape **out, state *st, const kg_term *id,
                         int depth)
{
    const kg_term *flags = NULL;
    size_t lo, hi, i;
    shape *s;
    int error;

    if (depth > MAX_DEPTH)
        return kg_error_set(st->err, KG_EINVALID,
                            "shape %s: shapes nested too deeply (a cycle?)",
                            shape_name(id));
    if ((s = kg__calloc(1, sizeof(*s))) == NULL)
        return kg_error_set(st->err, KG_ENOMEM, "out of memory");
    if ((error = push_shape(st, &st->all, &st->n_all, &st->a_all, s)) < 0) {
        shape_free(s);
        return error;
    }
    s->id = id;
    index_range(&st->shapes, key_sp, id, NULL, &lo, &hi);
    for (i = lo; i < hi; i++)
        if ((error = compile_triple(st, s, id, st->shapes.q[i], &flags,
                                    depth)) < 0)
            return error;
    if ((error = compile_patterns(st, s, flags)) < 0)
        return error;
    if (!s->path)
        for (i = 0; i < s->n_cons; i++)
            if (s->cons[i].kind == C_MINCOUNT || s->cons[i].kind == C_MAXCOUNT)
                return kg_error_set(st->err, KG_EINVALID,
                                    "shape %s: sh:%s needs sh:path",
                                    shape_name(id),
                                    ckind_name[s->cons[i].kind]);
    *out = s;
    return 0;
}

/* ==== lexical forms =================================================== */

static size_t digits(const char *s, size_t max)
{
    size_t n = 0;
    while (n < max && s[n] >= '0' && s[n] <= '9')
        n++;
    return n;
}

static int num(const char *s, size_t n)
{
    int v = 0;
    while (n--)
        v = v * 10 + (*s++ - '0');
    return v;
}

static int month_days(long year, int month)
{
    static const int days[] = {31, 29, 31, 30, 31, 30,
                               31, 31, 30, 31, 30, 31};
    if (month == 2 && year >= 0 &&
        !((year % 4 == 0 && year % 100 != 0) || year % 400 == 0))
        return 28;
    return days[month - 1];
}

/* Optional time zone ("Z", "+09:00") ending the string. */
static int tz_end(const char *s)
{
    if (*s == '\0')
        return 1;
    if (s[0] == 'Z')
        return s[1] == '\0';
    if ((s[0] == '+' || s[0] == '-') && digits(s + 1, 2) == 2 &&
        s[3] == ':' && digits(s + 4, 2) == 2 && s[6] == '\0')
        return num(s + 1, 2) <= 14 && num(s + 4, 2) <= 59;
    return 0;
}

/* Year (at least 4 digits, optional '-'); returns bytes used, 0 if bad. */
static size_t parse_year(const char *s, long *out)
{
    size_t neg = (*s == '-'), n = digits(s + neg, 12), i;
    long v = 0;

    if (n < 4 || (n > 4 && s[neg] == '0'))
        return 0;
    for (i = 0; i < n; i++)
        v = v * 10 + (s[neg + i] - '0');
    *out = neg ? -v : v;
    return neg + n;
}

/* "-MM-DD" or "-MM" after a year; 'want_day' selects the form. */
static size_t month_day(const char *s, long y, int want_day, int *m_out)
{
    int m, d;

    if (s[0] != '-' || digits(s + 1, 2) != 2)
        return 0;
    m = num(s + 1, 2);
    if (m < 1 || m > 12)
        return 0;
    *m_out = m;
    if (!want_day)
        return 3;
    if (s[3] != '-' || digits(s + 4, 2) != 2)
        return 0;
    d = num(s + 4, 2);
    if (d < 1 || d > month_days(y, m))
        return 0;
    return 6;
}

/* Nonzero when 'lex' is a valid lexical form of 'dt'; datatypes this
 * checker does not know are accepted as they are. */
static int lexical_ok(const char *dt, const char *lex)
{
    const char *x;
    size_t n, k;
    long y = 0;
    int m;

    if (strncmp(dt, KG_NS_XSD, strlen(KG_NS_XSD)) != 0)
        return 1;
    x = dt + strlen(KG_NS_XSD);
    if (strcmp(x, "integer") == 0) {
        n = (*lex == '+' || *lex == '-');
        return digits(lex + n, (size_t)-1) > 0 &&
               lex[n + digits(lex + n, (size_t)-1)] == '\0';
    }
    if (strcmp(x, "boolean") == 0)
        return !strcmp(lex, "true") || !strcmp(lex, "false") ||
               !strcmp(lex, "1") || !strcmp(lex, "0");
    if (strcmp(x, "gYear") == 0)
        return (n = parse_year(lex, &y)) > 0 && tz_end(lex + n);
    if (strcmp(x, "gYearMonth") == 0) {
        if ((n = parse_year(lex, &y)) == 0)
            return 0;
        if ((k = month_day(lex + n, y, 0, &m)) == 0)
            return 0;
        return tz_end(lex + n + k);
    }
    if (strcmp(x, "gMonthDay") == 0)
        return lex[0] == '-' && (n = month_day(lex + 1, -1, 1, &m)) > 0 &&
               tz_end(lex + 1 + n);
    if (strcmp(x, "date") == 0 || strcmp(x, "dateTime") == 0) {
        size_t md;
        if ((n = parse_year(lex, &y)) == 0 ||
            (md = month_day(lex + n, y, 1, &m)) == 0)
            return 0;
        n += md;
        if (x[4] == '\0')
            return tz_end(lex + n);
        if (lex[n] != 'T' || digits(lex + n + 1, 2) != 2 ||
            lex[n + 3] != ':' || digits(lex + n + 4, 2) != 2 ||
            lex[n + 6] != ':' || digits(lex + n + 7, 2) != 2)
            return 0;
        if (num(lex + n + 1, 2) > 24 || num(lex + n + 4, 2) > 59 ||
            num(lex + n + 7, 2) > 60)
            return 0;
        n += 9;
        if (lex[n] == '.') {
            size_t f = digits(lex + n + 1, (size_t)-1);
            if (f == 0)
                return 0;
            n += 1 + f;
        }
        return tz_end(lex + n);
    }
    return 1;
}

/* ==== checking ======================================================== */

/* The class 'c' and every class below it by rdfs:subClassOf* in the
 * data, computed once per constraint. */
static int class_closure(state *st, constraint *c)
{
    size_t head, lo, hi, i, k, alloc = 1;
    const char **more;

    if (c->subs_done)
        return 0;
    kg__free(c->subs);
    c->n_subs = 0;
    if ((c->subs = kg__malloc(sizeof(*c->subs))) == NULL)
        return kg_error_set(st->err, KG_ENOMEM, "out of memory");
    c->subs[c->n_subs++] = c->iri;
    for (head = 0; head < c->n_subs; head++) {
        kg_term cls = kg_iri(c->subs[head]);
        index_range(&st->pos, key_po, &cls, RDFS_SUBCLASSOF, &lo, &hi);
        for (i = lo; i < hi; i++) {
            const kg_term *sub = &st->pos.q[i]->s;
            if (sub->kind != KG_TERM_IRI)
                continue;
            for (k = 0; k < c->n_subs; k++)
                if (strcmp(c->subs[k], sub->value) == 0)
                    break;
            if (k < c->n_subs)
                continue;
            if ((more = reserve(c->subs, &alloc, c->n_subs,
                                sizeof(*more))) == NULL)
                return kg_error_set(st->err, KG_ENOMEM, "out of memory");
            c->subs = more;
            c->subs[c->n_subs++] = sub->value;
        }
    }
    c->subs_done = 1;
    return 0;
}

static int nodekind_ok(const char *kind, const kg_term *v)
{
    int iri = v->kind == KG_TERM_IRI, blank = v->kind == KG_TERM_BLANK;
    int lit = v->kind == KG_TERM_LITERAL;

    if (strcmp(kind, SH("IRI")) == 0)
        return iri;
    if (strcmp(kind, SH("BlankNode")) == 0)
        return blank;
    if (strcmp(kind, SH("Literal")) == 0)
        return lit;
    if (strcmp(kind, SH("BlankNodeOrIRI")) == 0)
        return blank || iri;
    if (strcmp(kind, SH("BlankNodeOrLiteral")) == 0)
        return blank || lit;
    return iri || lit;
}

static int shape_accepts(state *st, shape *s, const kg_term *v, int *ok);

/*
 * Whether value node 'v' satisfies value constraint 'c': '*ok' is set to
 * 1 or 0. Returns 0 or KG_ENOMEM.
 */
static int value_ok(state *st, constraint *c, const kg_term *v, int *ok)
{
    size_t i, k, lo, hi;
    int error;

    *ok = 1;
    switch (c->kind) {
    case C_MINCOUNT:
    case C_MAXCOUNT:
        return 0;
    case C_DATATYPE:
        *ok = v->kind == KG_TERM_LITERAL &&
              strcmp(literal_datatype(v), c->iri) == 0 &&
              lexical_ok(c->iri, v->value);
        return 0;
    case C_NODEKIND:
        *ok = nodekind_ok(c->iri, v);
        return 0;
    case C_IN:
        for (i = 0; i < c->n_terms; i++)
            if (term_cmp(c->terms[i], v) == 0)
                return 0;
        *ok = 0;
        return 0;
    case C_PATTERN:
        *ok = v->kind != KG_TERM_BLANK &&
              regexec(&c->re, v->value, 0, NULL, 0) == 0;
        return 0;
    case C_CLASS:
        *ok = 0;
        if (v->kind == KG_TERM_LITERAL)
            return 0;
        if ((error = class_closure(st, c)) < 0)
            return error;
        index_range(&st->spo, key_sp, v, KG_RDF_TYPE, &lo, &hi);
        for (i = lo; i < hi && !*ok; i++) {
            const kg_term *t = &st->spo.q[i]->o;
            for (k = 0; k < c->n_subs && !*ok; k++)
                *ok = t->kind == KG_TERM_IRI &&
                      strcmp(t->value, c->subs[k]) == 0;
        }
        return 0;
    case C_OR:
        *ok = 0;
        for (i = 0; i < c->n_alts && !*ok; i++)
            if ((error = shape_accepts(st, c->alts[i], v, ok)) < 0)
                return error;
        return 0;
    }
    return 0;
}

/* Whether every value constraint of 's' holds for 'v'. */
static int shape_accepts(state *st, shape *s, const kg_term *v, int *ok)
{
    size_t i;
    int error;

    *ok = 1;
    for (i = 0; i < s->n_cons && *ok; i++)
        if ((error = value_ok(st, &s->cons[i], v, ok)) < 0)
            return error;
    return 0;
}

/* Append one result line; 'value' may be NULL. */
static int report(state *st, const shape *s, const kg_term *focus,
                  const constraint *c, const kg_term *value,
                  const char *detail)
{
    kg_buf *b = st->report;
    kg_term path;
    int error;

    if (s->severity == SEV_VIOLATION)
        st->violations++;
    error = kg_buf_printf(b, "%s ", sev_name[s->severity]);
    if (!error)
        error = put_term(b, focus);
    if (!error && s->path) {
        path = kg_iri(s->path);
        error = kg_buf_puts(b, " ") < 0 || put_term(b, &path) < 0;
    } else if (!error) {
        error = kg_buf_puts(b, " -");
    }
    if (!error)
        error = kg_buf_printf(b, " %s: ", ckind_name[c->kind]);
    if (!error && s->message)
        error = kg_buf_printf(b, "%s [", s->message);
    if (!error && value)
        error = put_term(b, value) < 0 || kg_buf_puts(b, " ") < 0;
    if (!error)
        error = kg_buf_puts(b, detail);
    if (!error && s->message)
        error = kg_buf_puts(b, "]");
    if (!error)
        error = kg_buf_puts(b, "\n");
    return error ? kg_error_set(st->err, KG_ENOMEM, "out of memory") : 0;
}

static int value_detail(const constraint *c, char *buf, size_t size)
{
    switch (c->kind) {
    case C_DATATYPE:
        return snprintf(buf, size, "is not a valid literal of <%s>", c->iri);
    case C_CLASS:
        return snprintf(buf, size, "is not an instance of <%s>", c->iri);
    case C_NODEKIND:
        return snprintf(buf, size, "is not of node kind <%s>", c->iri);
    case C_IN:
        return snprintf(buf, size, "is not one of the %zu allowed values",
                        c->n_terms);
    case C_PATTERN:
        return snprintf(buf, size, "does not match \"%s\"", c->pattern);
    case C_OR:
        return snprintf(buf, size, "satisfies none of the %zu alternatives",
                        c->n_alts);
    default:
        return snprintf(buf, size, "is not allowed");
    }
}

/*
 * Validate 'focus' against 's': its value nodes (the focus itself for a
 * node shape, the distinct objects of the path otherwise) against each
 * constraint, then each value node against the child property shapes.
 */
static int check_shape(state *st, shape *s, const kg_term *focus)
{
    size_t mark = st->n_stack, n, i, k, lo, hi;
    char detail[512];
    int error = 0, ok;

    if (!s->path) {
        if ((error = push_term(st, &st->stack, &st->n_stack, &st->a_stack,
                               focus)) < 0)
            goto done;
    } else {
        index_range(&st->spo, key_sp, focus, s->path, &lo, &hi);
        for (i = lo; i < hi; i++)
            if ((error = push_term(st, &st->stack, &st->n_stack,
                                   &st->a_stack, &st->spo.q[i]->o)) < 0)
                goto done;
    }
    n = st->n_stack - mark;
    for (k = 0; k < s->n_cons; k++) {
        constraint *c = &s->cons[k];
        if (c->kind == C_MINCOUNT || c->kind == C_MAXCOUNT) {
            if (c->kind == C_MINCOUNT ? n >= c->count : n <= c->count)
                continue;
            snprintf(detail, sizeof(detail), "%zu value%s, at %s %zu %s", n,
                     n == 1 ? "" : "s",
                     c->kind == C_MINCOUNT ? "least" : "most", c->count,
                     c->kind == C_MINCOUNT ? "required" : "allowed");
            if ((error = report(st, s, focus, c, NULL, detail)) < 0)
                goto done;
            continue;
        }
        for (i = 0; i < n; i++) {
            const kg_term *v = st->stack[mark + i];
            if ((error = value_ok(st, c, v, &ok)) < 0)
                goto done;
            if (ok)
                continue;
            value_detail(c, detail, sizeof(detail));
            if ((error = report(st, s, focus, c, v, detail)) < 0)
                goto done;
        }
    }
    for (i = 0; i < n; i++)
        for (k = 0; k < s->n_props; k++)
            /* the stack may move while a child runs: index, not pointer */
            if ((error = check_shape(st, s->props[k],
                                     st->stack[mark + i])) < 0)
                goto done;
done:
    st->n_stack = mark;
    return error;
}

static int focus_cmp(const void *pa, const void *pb)
{
    return term_cmp(*(const kg_term *const *)pa, *(const kg_term *const *)pb);
}

/* The focus nodes of a shape with targets, sorted and distinct. */
static int focus_nodes(state *st, shape *s, const kg_term ***out,
                       size_t *n_out)
{
    const kg_term **nodes = NULL;
    size_t n = 0, alloc = 0, t, i, k, lo, hi, u = 0;
    constraint cls;
    int error = 0;

    memset(&cls, 0, sizeof(cls));
    for (t = 0; t < s->n_tclass; t++) {
        cls.iri = s->tclass[t];
        cls.subs_done = 0;
        cls.n_subs = 0;
        if ((error = class_closure(st, &cls)) < 0)
            goto done;
        for (k = 0; k < cls.n_subs; k++) {
            kg_term c = kg_iri(cls.subs[k]);
            index_range(&st->pos, key_po, &c, KG_RDF_TYPE, &lo, &hi);
            for (i = lo; i < hi; i++)
                if ((error = push_term(st, &nodes, &n, &alloc,
                                       &st->pos.q[i]->s)) < 0)
                    goto done;
        }
    }
    for (t = 0; t < s->n_tsubj; t++) {
        index_range(&st->pos, key_po, NULL, s->tsubj[t], &lo, &hi);
        for (i = lo; i < hi; i++)
            if ((error = push_term(st, &nodes, &n, &alloc,
                                   &st->pos.q[i]->s)) < 0)
                goto done;
    }
    if (n > 1)
        qsort(nodes, n, sizeof(*nodes), focus_cmp);
    for (i = 0; i < n; i++)
        if (u == 0 || term_cmp(nodes[u - 1], nodes[i]) != 0)
            nodes[u++] = nodes[i];
    *out = nodes;
    *n_out = u;
    nodes = NULL;
done:
    kg__free(cls.subs);
    kg__free(nodes);
    return error;
}

/* Whether the shapes-graph subject at index 'i' starts a new subject that
 * is a root shape: typed as a shape or carrying a target. */
static int is_root(const qindex *ix, size_t lo, size_t hi)
{
    size_t i;

    for (i = lo; i < hi; i++) {
        const kg_quad *q = ix->q[i];
        if (strncmp(q->p.value, SH("target"), strlen(SH("target"))) == 0)
            return 1;
        if (strcmp(q->p.value, KG_RDF_TYPE) == 0 &&
            (is_iri(&q->o, SH("NodeShape")) ||
             is_iri(&q->o, SH("PropertyShape"))))
            return 1;
    }
    return 0;
}

/*
 * Check 'data' against 'shapes' (contract in kg/shapes.h): compile every
 * root shape first, so that an unsupported or malformed shapes graph is
 * refused before any result is written, then check each root's focus
 * nodes. Nothing is kept between calls.
 */
int kg_shapes_check(kg_buf *report_out, size_t *violations_out,
                    const kg_triples *shapes, const kg_triples *data,
                    kg_error *err)
{
    const kg_term **focus = NULL;
    shape **roots = NULL;
    size_t n_roots = 0, a_roots = 0, lo, hi, i, k, n_focus = 0;
    state st;
    int error;

    assert(report_out && shapes && data);
    memset(&st, 0, sizeof(st));
    st.report = report_out;
    st.err = err;
    if (violations_out)
        *violations_out = 0;

    if ((error = index_build(&st.shapes, shapes, spo_cmp)) < 0 ||
        (error = index_build(&st.spo, data, spo_cmp)) < 0 ||
        (error = index_build(&st.pos, data, pos_cmp)) < 0) {
        error = kg_error_set(err, KG_ENOMEM, "out of memory");
        goto done;
    }

    for (lo = 0; lo < st.shapes.n; lo = hi) {
        const kg_term *id = &st.shapes.q[lo]->s;
        shape *s;
        index_range(&st.shapes, key_sp, id, NULL, &lo, &hi);
        if (!is_root(&st.shapes, lo, hi))
            continue;
        if ((error = compile_shape(&s, &st, id, 0)) < 0 ||
            (error = push_shape(&st, &roots, &n_roots, &a_roots, s)) < 0)
            goto done;
    }
    /* The tclass / tsubj of a non-root (nested) shape are never used;
     * SHACL ignores targets there too. */
    for (i = 0; i < n_roots; i++) {
        shape *s = roots[i];
        if (!s->n_tclass && !s->n_tsubj)
            continue;
        if ((error = focus_nodes(&st, s, &focus, &n_focus)) < 0)
            goto done;
        for (k = 0; k < n_focus; k++)
            if ((error = check_shape(&st, s, focus[k])) < 0)
                goto done;
        kg__free(focus);
        focus = NULL;
    }
    if (violations_out)
        *violations_out = st.violations;

done:
    kg__free(focus);
    kg__free(roots);
    for (i = 0; i < st.n_all; i++)
        shape_free(st.all[i]);
    kg__free(st.all);
    kg__free(st.stack);
    kg__free(st.shapes.q);
    kg__free(st.spo.q);
    kg__free(st.pos.q);
    return error;
}
