/*
 * role.c -- posts people hold, as the sentence states them.
 *
 * Three patterns over the entity spans of a sentence:
 *   title before the name   "[State] [Org] Deputy Foreign Minister NAME"
 *   apposition              "NAME, [the] [State's] ambassador [of State]"
 *   relative clause         "NAME, who heads the ... office"
 * A title phrase is a run of title words ending in a title head (lexicon
 * kinds TitleWord and Title); an organisation inside it becomes the post's
 * organisation, a state before it (name, possessive or demonym) or after
 * it ("of Russia") the post's state. Equal posts of one person in one
 * article are kept once, the one that names a state preferred.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdint.h>
#include <string.h>

#include "doc_int.h"

#define NOSPAN SIZE_MAX
#define CLS(t, k) ((t)->classes & (1u << (k)))

static size_t span_at(const kg__vec *spans, size_t k)
{
    size_t i;

    for (i = 0; i < spans->count; i++) {
        const kg__span *s = KG__SPAN(spans, i);
        if (!s->nested && s->tb <= k && k < s->te)
            return i;
    }
    return NOSPAN;
}

static int ent_type(const kg_doc *doc, const kg__span *s)
{
    return s->entity == NOSPAN ? 0 : KG__ENT((kg_doc *)doc, s->entity)->type;
}

static int tok_is(const kg__token *t, const char *w)
{
    /* the first byte rejects most words before any length is taken */
    return t->nlen && t->norm[0] == w[0] && strlen(w) == t->nlen &&
           memcmp(t->norm, w, t->nlen) == 0;
}

/* Copy text[b..e) with runs of white space as one space. */
static const char *norm_text(kg_doc *doc, const char *prefix, size_t b,
                             size_t e)
{
    kg_buf out = KG_BUF_INIT;
    const char *text = doc->art.text, *r = NULL;
    int space = 0;

    if (prefix && kg_buf_puts(&out, prefix) < 0)
        goto done;
    for (; b < e; b++) {
        char c = text[b];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = 1;
            continue;
        }
        if (space && out.size && kg_buf_put(&out, " ", 1) < 0)
            goto done;
        space = 0;
        if (kg_buf_put(&out, &c, 1) < 0)
            goto done;
    }
    r = kg__arena_strndup(&doc->arena, out.ptr ? out.ptr : "", out.size);
done:
    kg_buf_dispose(&out);
    return r;
}

static int add_role(kg_doc *doc, size_t person, const char *title,
                    size_t org, size_t state, size_t sentence)
{
    size_t i, n;
    kg__role *r;
    kg_buf key = KG_BUF_INIT;
    char *k;

    if (!title)
        return KG_ENOMEM;
    /* one post per person and title (case-insensitive) */
    if (kg_buf_printf(&key, "%s\t", KG__ENT(doc, person)->id) < 0 ||
        kg_buf_puts(&key, title) < 0) {
        kg_buf_dispose(&key);
        return KG_ENOMEM;
    }
    for (n = 0; n < key.size; n++)
        if (key.ptr[n] >= 'A' && key.ptr[n] <= 'Z')
            key.ptr[n] += 32;
    k = kg__arena_strndup(&doc->arena, key.ptr, key.size);
    n = key.size;
    kg_buf_dispose(&key);
    if (!k)
        return KG_ENOMEM;
    i = kg__map_get(&doc->role_keys, k, n);
    if (i != SIZE_MAX) {
        r = KG__VEC_AT(&doc->roles, kg__role, i);
        if (r->state == NOSPAN && state != NOSPAN) {
            r->state = state;
            r->sentence = sentence;
        }
        if (r->org == NOSPAN)
            r->org = org;
        return 0;
    }
    if ((r = kg__vec_push(&doc->roles)) == NULL)
        return KG_ENOMEM;
    if (kg__map_put(&doc->role_keys, k, n, doc->roles.count - 1) < 0) {
        doc->roles.count--;
        return KG_ENOMEM;
    }
    r->person = person;
    r->title = title;
    r->org = org;
    r->state = state;
    r->sentence = sentence;
    return 0;
}

static int is_title_tok(const kg__token *t, const kg__vec *spans, size_t k)
{
    size_t s;

    if (CLS(t, KG__LEX_TITLE) || CLS(t, KG__LEX_TITLEWORD))
        return 1;
    s = span_at(spans, k);
    return s != NOSPAN && KG__SPAN(spans, s)->title;
}

static int is_head_tok(const kg__token *t, const kg__vec *spans, size_t k)
{
    size_t s;

    if (CLS(t, KG__LEX_TITLE))
        return 1;
    s = span_at(spans, k);
    return s != NOSPAN && KG__SPAN(spans, s)->title;
}

/* "[State] [Org] title-words head NAME" */
static int title_before(kg_doc *doc, size_t sentence, const kg__vec *toks,
                        const kg__vec *spans, const kg__span *p)
{
    size_t k = p->tb, start, org = NOSPAN, state = NOSPAN;

    if (k == 0 || (KG__TOK(toks, k)->flags & KG__TOK_PUNCT) ||
        !is_head_tok(KG__TOK(toks, k - 1), spans, k - 1))
        return 0;
    start = k;
    while (start > 0) {
        size_t j = start - 1, s = span_at(spans, j);
        const kg__token *t = KG__TOK(toks, j);
        if (KG__TOK(toks, start)->flags & KG__TOK_PUNCT)
            break;
        if (s != NOSPAN && ent_type(doc, KG__SPAN(spans, s)) == KG__ORG &&
            !(KG__TOK(toks, KG__SPAN(spans, s)->te - 1)->flags &
              KG__TOK_POSS)) {
            org = KG__SPAN(spans, s)->entity;
            start = KG__SPAN(spans, s)->tb;
            continue;
        }
        if (s != NOSPAN && !KG__SPAN(spans, s)->title)
            break;
        if (!is_title_tok(t, spans, j) || (t->flags & KG__TOK_POSS))
            break;
        start = j;
    }
    if (start > 0 && !(KG__TOK(toks, start)->flags & KG__TOK_PUNCT)) {
        size_t s = span_at(spans, start - 1);
        if (s != NOSPAN && ent_type(doc, KG__SPAN(spans, s)) == KG__STATE)
            state = KG__SPAN(spans, s)->entity;
    }
    if (state == NOSPAN && org != NOSPAN && KG__ENT(doc, org)->state) {
        size_t i;
        for (i = 0; i < doc->entities.count; i++)
            if (strcmp(KG__ENT(doc, i)->id, KG__ENT(doc, org)->state) == 0)
                state = i;
    }
    return add_role(doc, p->entity,
                    norm_text(doc, NULL, KG__TOK(toks, start)->begin,
                              KG__TOK(toks, k - 1)->end),
                    org, state, sentence);
}

/* "NAME, [the|a] [State's|Demonym] words head [of|to X]" and
 * "NAME, who heads the ..." */
static int apposition(kg_doc *doc, size_t sentence, const kg__vec *toks,
                      const kg__vec *spans, const kg__span *p)
{
    size_t k = p->te, n = toks->count, state = NOSPAN, tb, s;
    const kg__token *t;

    if (k >= n || !(KG__TOK(toks, k)->flags & KG__TOK_COMMA))
        return 0;
    t = KG__TOK(toks, k);
    if (tok_is(t, "who") && k + 1 < n &&
        (tok_is(KG__TOK(toks, k + 1), "heads") ||
         tok_is(KG__TOK(toks, k + 1), "leads") ||
         tok_is(KG__TOK(toks, k + 1), "chairs"))) {
        size_t b = k + 2, e = b, j;
        while (e < n && !(KG__TOK(toks, e)->flags & KG__TOK_PUNCT) &&
               !tok_is(KG__TOK(toks, e), "and"))
            e++;
        if (b < n && tok_is(KG__TOK(toks, b), "the"))
            b++;
        if (b >= e)
            return 0;
        for (j = b; j < e; j++) {
            s = span_at(spans, j);
            if (s != NOSPAN && ent_type(doc, KG__SPAN(spans, s)) == KG__STATE)
                state = KG__SPAN(spans, s)->entity;
        }
        return add_role(doc, p->entity,
                        norm_text(doc, "Head of the ",
                                  KG__TOK(toks, b)->begin,
                                  KG__TOK(toks, e - 1)->end),
                        NOSPAN, state, sentence);
    }
    if (tok_is(t, "the") || tok_is(t, "a") || tok_is(t, "an"))
        k++;
    if (k < n && (s = span_at(spans, k)) != NOSPAN &&
        ent_type(doc, KG__SPAN(spans, s)) == KG__STATE) {
        state = KG__SPAN(spans, s)->entity;
        k = KG__SPAN(spans, s)->te;
    }
    tb = k;
    while (k < n && !(k > tb && (KG__TOK(toks, k)->flags & KG__TOK_PUNCT)) &&
           span_at(spans, k) == NOSPAN &&
           (CLS(KG__TOK(toks, k), KG__LEX_TITLEWORD) ||
            CLS(KG__TOK(toks, k), KG__LEX_TITLE)))
        k++;
    while (k < n && (s = span_at(spans, k)) != NOSPAN &&
           KG__SPAN(spans, s)->title &&
           !(k > tb && (KG__TOK(toks, k)->flags & KG__TOK_PUNCT)))
        k = KG__SPAN(spans, s)->te;
    if (k == tb || !is_head_tok(KG__TOK(toks, k - 1), spans, k - 1))
        return 0;
    if (state == NOSPAN && k + 1 < n && tok_is(KG__TOK(toks, k), "of") &&
        (s = span_at(spans, k + 1)) != NOSPAN &&
        ent_type(doc, KG__SPAN(spans, s)) == KG__STATE)
        state = KG__SPAN(spans, s)->entity;
    return add_role(doc, p->entity,
                    norm_text(doc, NULL, KG__TOK(toks, tb)->begin,
                              KG__TOK(toks, k - 1)->end),
                    NOSPAN, state, sentence);
}

int kg__find_roles(kg_doc *doc, size_t sentence, const kg__vec *toks,
                   const kg__vec *spans)
{
    size_t i;
    int error;

    for (i = 0; i < spans->count; i++) {
        const kg__span *p = KG__SPAN(spans, i);
        if (p->nested || ent_type(doc, p) != KG__PERSON)
            continue;
        if ((error = title_before(doc, sentence, toks, spans, p)) < 0 ||
            (error = apposition(doc, sentence, toks, spans, p)) < 0)
            return error;
    }
    return 0;
}
