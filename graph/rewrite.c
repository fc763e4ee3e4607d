/*
 * rewrite.c -- OPTIONAL rewritten so that rasqal 0.9.33 answers it right.
 *
 * rasqal 0.9.33 gives wrong rows for OPTIONAL when the optional part
 * shares a variable ?v with what precedes it. The scope walk in
 * rasqal_query_transform.c (rasqal_query_union_build_variables_use_map_
 * binds, used for GROUP, UNION and OPTIONAL alike) starts every child of
 * a group from the scope the group was entered with, so the optional
 * triple pattern is marked as *binding* ?v although the required part
 * already bound it. Its triple meta then owns ?v: rasqal_reset_triple_meta
 * sets the shared variable to unbound whenever the optional's match ends
 * or the join resets it (rasqal_rowsource_triples.c). The left join
 * (rasqal_rowsource_join.c) then reads the next required row, and a
 * triple-pattern row source builds its rows from the variables' current
 * values: when that row comes from a later pattern than the one that
 * bound ?v, ?v is left unbound, the optional runs with ?v free and every
 * one of its rows joins. Example: { ?e a kg:Reception ; kg:host ?o .
 * OPTIONAL { ?e schema:startDate ?d } } gives 73 rows instead of 5.
 *
 * The rewrite takes the shared variables out of rasqal's hands: inside
 * each OPTIONAL block every variable that the query mentions before the
 * block is renamed to a fresh one (?v becomes ?v_kgN) and the block gets
 * FILTER(sameTerm(?v_kgN, ?v)), which as the left join's condition keeps
 * exactly the rows that agree with the required part; SELECT * is spelled
 * out so that the fresh names stay hidden. This is only equivalent when
 * ?v is certainly bound on the left, that is when it occurs in a triple
 * pattern of the block's own group before the block (or in every branch
 * of a group or UNION there); otherwise the query is refused with
 * KG_EUNSUPPORTED. Blocks are handled outermost first, one nesting level
 * per pass over the re-read text. rasqal evaluates an OPTIONAL by
 * scanning its pattern once per required row either way, so the rewrite
 * costs little.
 *
 * SPDX-License-Identifier: MIT
 */
#include <assert.h>
#include <ctype.h>
#include <string.h>

#include "graph_int.h"

/* ---- tokens ----------------------------------------------------------- */

typedef struct tok {
    const char *p; /* start in the text */
    size_t len;
    char kind;     /* 'w' word, 'v' variable, 'i' IRI, 's' string,
                      'n' number, 'p' punctuation */
    int match;     /* for '{' '(' : index of the closing token, or -1 */
} tok;

typedef struct toks {
    tok *t;
    int n, cap;
} toks;

static int name_char(int c)
{
    return isalnum(c) || c == '_' || c == '-' || c == ':' || c == '.' ||
           (c & 0x80);
}

/* Next token from '*pp' into 't'; 0 at the end. */
static int lex(const char **pp, tok *t)
{
    const char *p = *pp;

    for (;;) {
        while (*p && isspace((unsigned char)*p))
            p++;
        if (*p != '#')
            break;
        while (*p && *p != '\n')
            p++;
    }
    if (!*p)
        return 0;
    t->p = p;
    t->match = -1;
    if (*p == '"' || *p == '\'') {
        char q = *p;
        int longq = p[1] == q && p[2] == q;
        p += longq ? 3 : 1;
        while (*p) {
            if (*p == '\\' && p[1]) {
                p += 2;
                continue;
            }
            if (*p == q && (!longq || (p[1] == q && p[2] == q))) {
                p += longq ? 3 : 1;
                break;
            }
            p++;
        }
        t->kind = 's';
    } else if (*p == '<') {
        const char *e = p + 1;
        while (*e && *e != '>' && !isspace((unsigned char)*e) &&
               !strchr("<\"{}|^`", *e))
            e++;
        t->kind = *e == '>' ? 'i' : 'p';
        p = *e == '>' ? e + 1 : p + 1;
    } else if ((*p == '?' || *p == '$') && name_char((unsigned char)p[1]) &&
               p[1] != '.' && p[1] != '-' && p[1] != ':') {
        p++;
        while (name_char((unsigned char)*p) && *p != ':' && *p != '.' &&
               *p != '-')
            p++;
        t->kind = 'v';
    } else if (isdigit((unsigned char)*p)) {
        while (isalnum((unsigned char)*p) || *p == '.')
            p++;
        t->kind = 'n';
    } else if (name_char((unsigned char)*p)) {
        while (name_char((unsigned char)*p))
            p++;
        while (p > t->p + 1 && p[-1] == '.')
            p--;
        t->kind = 'w';
    } else {
        p++;
        t->kind = 'p';
    }
    t->len = (size_t)(p - t->p);
    *pp = p;
    return 1;
}

/* Tokens of 'text' with brackets matched. Returns 1, 0 when the brackets
 * do not balance (rasqal will say why), or KG_ENOMEM. */
static int tokenize(toks *ts, const char *text)
{
    int stack[256], depth = 0;
    const char *p = text;
    tok t;

    ts->n = 0;
    while (lex(&p, &t)) {
        if (ts->n == ts->cap) {
            int cap = ts->cap ? 2 * ts->cap : 256;
            tok *nt = kg__realloc(ts->t, (size_t)cap * sizeof(*nt));
            if (!nt)
                return KG_ENOMEM;
            ts->t = nt;
            ts->cap = cap;
        }
        if (t.kind == 'p' && (t.p[0] == '{' || t.p[0] == '(')) {
            if (depth == (int)KG_ARRAY_SIZE(stack))
                return 0;
            stack[depth++] = ts->n;
        } else if (t.kind == 'p' && (t.p[0] == '}' || t.p[0] == ')')) {
            if (depth == 0 ||
                (ts->t[stack[depth - 1]].p[0] == '{') != (t.p[0] == '}'))
                return 0;
            ts->t[stack[--depth]].match = ts->n;
        }
        ts->t[ts->n++] = t;
    }
    return depth == 0;
}

static int is_word(const tok *t, const char *w)
{
    size_t i, n = strlen(w);

    if (t->kind != 'w' || t->len != n)
        return 0;
    for (i = 0; i < n; i++)
        if (toupper((unsigned char)t->p[i]) != w[i])
            return 0;
    return 1;
}

static int is_punct(const tok *t, char c)
{
    return t->kind == 'p' && t->p[0] == c;
}

/* Same variable name ('?x' and '$x' are one variable). */
static int same_var(const tok *a, const tok *b)
{
    return a->kind == 'v' && b->kind == 'v' && a->len == b->len &&
           memcmp(a->p + 1, b->p + 1, a->len - 1) == 0;
}

/* Nonzero when variable 'v' occurs in tokens [from, to) outside FILTER
 * expressions (a filter tests a variable, it does not bind it). */
static int mentions(const toks *ts, int from, int to, const tok *v)
{
    int i;

    for (i = from; i < to; i++) {
        if (is_word(&ts->t[i], "FILTER")) {
            int j = i + 1;
            if (j < to && ts->t[j].kind == 'w')
                j++; /* FILTER regex(...) */
            if (j < to && is_punct(&ts->t[j], '(') && ts->t[j].match > 0)
                i = ts->t[j].match;
            continue;
        }
        if (same_var(&ts->t[i], v))
            return 1;
    }
    return 0;
}

/* ---- certainly bound variables ---------------------------------------- */

/* Nonzero when 'v' occurs in a triple pattern written directly in the
 * group whose '{' is token 'open', before token 'stop': not in a FILTER,
 * BIND or other expression, nor in a nested OPTIONAL, MINUS or SERVICE
 * block. A nested group or UNION counts when every branch binds 'v'. */
static int bound_before(const toks *ts, int open, int stop, const tok *v)
{
    int i = open + 1;

    while (i < stop) {
        const tok *t = &ts->t[i];

        if (is_word(t, "OPTIONAL") || is_word(t, "MINUS") ||
            is_word(t, "SERVICE") || is_word(t, "FILTER") ||
            is_word(t, "BIND")) {
            /* skip to the end of its block or expression */
            int j = i + 1;
            while (j < stop && !is_punct(&ts->t[j], '{') &&
                   !is_punct(&ts->t[j], '('))
                j++;
            if (j >= stop || ts->t[j].match < 0)
                return 0;
            i = ts->t[j].match + 1;
            continue;
        }
        if (is_word(t, "GRAPH") && i + 2 < stop &&
            is_punct(&ts->t[i + 2], '{')) {
            if (same_var(&ts->t[i + 1], v) ||
                bound_before(ts, i + 2, ts->t[i + 2].match, v))
                return 1;
            i = ts->t[i + 2].match + 1;
            continue;
        }
        if (is_punct(t, '{')) {
            /* a group, or the first of a UNION chain */
            int all = 1, j = i;
            for (;;) {
                if (ts->t[j].match < 0)
                    return 0;
                all = all && bound_before(ts, j, ts->t[j].match, v);
                j = ts->t[j].match + 1;
                if (j + 1 < stop && is_word(&ts->t[j], "UNION") &&
                    is_punct(&ts->t[j + 1], '{'))
                    j++;
                else
                    break;
            }
            if (all)
                return 1;
            i = j;
            continue;
        }
        if (is_punct(t, '(') && t->match > 0) {
            i = t->match + 1; /* a function call or a collection */
            continue;
        }
        if (same_var(t, v))
            return 1;
        i++;
    }
    return 0;
}

/* ---- one pass --------------------------------------------------------- */

/* Index of the '{' that opens the query's WHERE pattern, or -1. */
static int where_open(const toks *ts)
{
    int i, construct = 0;

    for (i = 0; i < ts->n; i++) {
        const tok *t = &ts->t[i];
        if (is_word(t, "CONSTRUCT"))
            construct = 1;
        if (is_word(t, "WHERE") && i + 1 < ts->n &&
            is_punct(&ts->t[i + 1], '{'))
            return i + 1;
        if (is_punct(t, '{')) {
            if (!construct)
                return i;
            i = t->match; /* the template */
        }
    }
    return -1;
}

/* Number of OPTIONAL blocks that enclose token 'at'. */
static int optional_depth(const toks *ts, int at)
{
    int i, depth = 0;

    for (i = 0; i + 1 < at; i++)
        if (is_word(&ts->t[i], "OPTIONAL") && is_punct(&ts->t[i + 1], '{') &&
            ts->t[i + 1].match > at)
            depth++;
    return depth;
}

/* The '{' of the innermost group around token 'at' (after 'body'). */
static int enclosing(const toks *ts, int body, int at)
{
    int i, best = body;

    for (i = body; i < at; i++)
        if (is_punct(&ts->t[i], '{') && ts->t[i].match > at)
            best = i;
    return best;
}

typedef struct pass {
    kg_buf *out;
    const char *text;
    const char *copied;  /* end of the text already copied to 'out' */
    unsigned *counter;   /* fresh name serial */
    int changed;
} pass;

/* Copy the text up to 'upto', then 'repl' (NULL: nothing). */
static int emit(pass *ps, const char *upto, const char *repl)
{
    if (kg_buf_put(ps->out, ps->copied, (size_t)(upto - ps->copied)) < 0 ||
        (repl && kg_buf_puts(ps->out, repl) < 0))
        return KG_ENOMEM;
    ps->copied = upto;
    return 0;
}

/* A fresh variable name for 'v' that the query does not use. */
static int fresh_name(char *out, size_t size, const toks *ts, const tok *v,
                      unsigned *counter)
{
    for (;;) {
        tok f;
        int i, clash = 0;
        int n = snprintf(out, size, "?%.*s_kg%u", (int)(v->len - 1),
                         v->p + 1, ++*counter);
        if (n < 0 || (size_t)n >= size)
            return KG_EUNSUPPORTED;
        f.p = out;
        f.len = (size_t)n;
        f.kind = 'v';
        for (i = 0; i < ts->n && !clash; i++)
            clash = same_var(&ts->t[i], &f);
        if (!clash)
            return 0;
    }
}

/*
 * Rewrite the OPTIONAL blocks at nesting 'level' of the query 'ts' (text
 * 'ps->text') into 'ps->out'. Returns 0, KG_EUNSUPPORTED or KG_ENOMEM.
 */
static int rewrite_level(pass *ps, const toks *ts, int body, int level,
                         kg_error *err)
{
    int i, error = 0;
    char fresh[64][160];
    int shared[64];

    for (i = body + 1; i + 1 < ts->t[body].match && error == 0; i++) {
        int open = i + 1, close, group, j, k, ns = 0;

        if (!is_word(&ts->t[i], "OPTIONAL") ||
            !is_punct(&ts->t[open], '{') ||
            optional_depth(ts, open) != level)
            continue;
        close = ts->t[open].match;
        group = enclosing(ts, body, i);
        /* the variables of the block that the pattern mentions before */
        for (j = open + 1; j < close; j++) {
            const tok *v = &ts->t[j];
            int seen = 0;
            if (v->kind != 'v' || !mentions(ts, body + 1, i, v))
                continue;
            for (k = 0; k < ns && !seen; k++)
                seen = same_var(&ts->t[shared[k]], v);
            if (seen)
                continue;
            if (!bound_before(ts, group, i, v))
                return kg_error_set(
                    err, KG_EUNSUPPORTED,
                    "OPTIONAL sharing %.*s with a part that may leave it "
                    "unbound is not supported (rasqal answers it wrongly); "
                    "bind %.*s in a triple pattern before the OPTIONAL",
                    (int)v->len, v->p, (int)v->len, v->p);
            if (ns == (int)KG_ARRAY_SIZE(shared))
                return kg_error_set(err, KG_EUNSUPPORTED,
                                    "OPTIONAL sharing over %d variables "
                                    "is not supported",
                                    (int)KG_ARRAY_SIZE(shared));
            if ((error = fresh_name(fresh[ns], sizeof(fresh[ns]), ts, v,
                                    ps->counter)) < 0)
                return kg_error_set(err, error, "variable name too long");
            shared[ns++] = j;
        }
        if (ns == 0)
            continue;
        for (j = open + 1; j < close && error == 0; j++)
            for (k = 0; k < ns; k++)
                if (same_var(&ts->t[j], &ts->t[shared[k]])) {
                    error = emit(ps, ts->t[j].p, fresh[k]);
                    ps->copied += ts->t[j].len;
                    break;
                }
        for (k = 0; k < ns && error == 0; k++) {
            char filter[400];
            const tok *v = &ts->t[shared[k]];
            snprintf(filter, sizeof(filter), " FILTER(sameTerm(%s, ?%.*s))",
                     fresh[k], (int)(v->len - 1), v->p + 1);
            error = emit(ps, k == 0 ? ts->t[close].p : ps->copied, filter);
        }
        ps->changed = 1;
        i = close;
    }
    if (error == 0)
        error = emit(ps, ps->text + strlen(ps->text), NULL);
    return error < 0 ? kg_error_set(err, error, "out of memory") : 0;
}

/*
 * Spell out SELECT * of 'ts' (the caller's query) in 'text', writing the
 * result into 'out': the variables in the order they first occur in the
 * pattern, which is rasqal's order for *. 0 or KG_ENOMEM.
 */
static int expand_star(kg_buf *out, const char *text, const toks *orig,
                       kg_error *err)
{
    toks ts = {NULL, 0, 0};
    int i, j, k, body, error = 0;

    if ((error = tokenize(&ts, text)) <= 0)
        goto done;
    error = 0;
    body = where_open(orig);
    for (i = 0; i + 1 < ts.n; i++) {
        int star = i + 1;
        if (!is_word(&ts.t[i], "SELECT"))
            continue;
        if (is_word(&ts.t[star], "DISTINCT") ||
            is_word(&ts.t[star], "REDUCED"))
            star++;
        if (star >= ts.n || !is_punct(&ts.t[star], '*'))
            break;
        if (kg_buf_put(out, text, (size_t)(ts.t[star].p - text)) < 0)
            goto nomem;
        for (j = body; body >= 0 && j < orig->t[body].match; j++) {
            if (orig->t[j].kind != 'v')
                continue;
            for (k = body; k < j && !same_var(&orig->t[k], &orig->t[j]);)
                k++;
            if (k == j && kg_buf_printf(out, "?%.*s ",
                                        (int)(orig->t[j].len - 1),
                                        orig->t[j].p + 1) < 0)
                goto nomem;
        }
        if (kg_buf_puts(out, ts.t[star].p + 1) < 0)
            goto nomem;
        goto done;
    }
    if (kg_buf_puts(out, text) < 0)
        goto nomem;
    goto done;
nomem:
    error = kg_error_set(err, KG_ENOMEM, "out of memory");
done:
    kg__free(ts.t);
    return error;
}

/* Nonzero when 'text' parses as SPARQL in the world of 'g'. */
static int parses(kg_graph *g, const char *text)
{
    rasqal_world *rw = librdf_world_get_rasqal(g->world);
    rasqal_query *q = rasqal_new_query(rw, "sparql", NULL);
    int ok;

    if (!q)
        return 0;
    ok = rasqal_query_prepare(q, (const unsigned char *)text, NULL) == 0;
    rasqal_free_query(q);
    return ok;
}

int kg_graph__rewrite_optional(kg_buf *text, kg_graph *g, kg_error *err)
{
    toks orig = {NULL, 0, 0}, ts = {NULL, 0, 0};
    kg_buf cur = KG_BUF_INIT, next = KG_BUF_INIT;
    unsigned counter = 0;
    int error = 0, level, body, selects = 0, changed = 0, i;

    assert(text && text->ptr);
    if ((error = tokenize(&orig, text->ptr)) <= 0 ||
        (body = where_open(&orig)) < 0) {
        if (error == 0 || error == 1)
            error = 0; /* unbalanced or no pattern: rasqal will say */
        goto done;
    }
    for (i = 0; i < orig.n; i++)
        selects += is_word(&orig.t[i], "SELECT");
    if (kg_buf_puts(&cur, text->ptr) < 0)
        goto nomem;
    for (level = 0;; level++) {
        pass ps;
        int any = 0;

        if ((error = tokenize(&ts, cur.ptr)) < 0)
            goto done;
        if (error == 0 || (body = where_open(&ts)) < 0) {
            error = 0;
            goto done; /* our own output does not balance: leave it */
        }
        for (i = body; i < ts.n && !any; i++)
            any = is_word(&ts.t[i], "OPTIONAL") && i + 1 < ts.n &&
                  optional_depth(&ts, i + 1) == level;
        if (!any)
            break;
        if (level == 0 && g && !parses(g, text->ptr))
            goto done; /* a syntax error: rasqal reports it unchanged */
        ps.out = &next;
        ps.text = cur.ptr;
        ps.copied = cur.ptr;
        ps.counter = &counter;
        ps.changed = 0;
        kg_buf_clear(&next);
        if ((error = rewrite_level(&ps, &ts, body, level, err)) < 0)
            goto done;
        if (ps.changed) {
            kg_buf tmp = cur;
            cur = next;
            next = tmp;
            changed = 1;
        }
    }
    if (!changed)
        goto done;
    if (selects > 1) {
        error = kg_error_set(err, KG_EUNSUPPORTED,
                             "OPTIONAL in a query with a sub-query is not "
                             "supported (rasqal answers it wrongly)");
        goto done;
    }
    kg_buf_clear(&next);
    if ((error = expand_star(&next, cur.ptr, &orig, err)) < 0)
        goto done;
    kg_buf_clear(text);
    if (kg_buf_put(text, next.ptr, next.size) < 0)
        goto nomem;
    goto done;

nomem:
    error = kg_error_set(err, KG_ENOMEM, "out of memory");
done:
    kg__free(orig.t);
    kg__free(ts.t);
    kg_buf_dispose(&cur);
    kg_buf_dispose(&next);
    return error < 0 ? error : 0;
}
