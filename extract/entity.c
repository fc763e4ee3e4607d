/*
 * entity.c -- entity mentions of one sentence: lexicon matches and context
 * patterns for entities the lexicon does not know.
 *
 * 1. Longest lexicon match at each token: the prefix hashes of the next
 *    lexicon->maxtok tokens are looked up longest first (a hash probe per
 *    n-gram, linear in the text). Case rules: a form written with a capital
 *    needs a capital in the text; an all-caps acronym ("US") needs all caps.
 * 2. Context resolves what the lexicon leaves open: a per-state body
 *    ("Russian Ministry of Foreign Affairs", "Russia's foreign ministry",
 *    "Embassy of X in Y") takes the state written before or after it; a
 *    capital is the place after a place cue ("in Moscow", "visited
 *    Pyongyang") and the state it stands for otherwise ("Moscow said",
 *    "Pyongyang's commitment").
 * 3. Coordinated bodies ("Russia's foreign, defense and industrial
 *    ministries": three ministries of Russia), then unknown names:
 *    capitalised runs after a title ("Deputy minister
 *    Vitaly Shulika"), Korean names opened by a family name ("Ri Song
 *    Chol"), appositions ("Sin Hong-chol, North Korea's ambassador"), and
 *    places after a place cue or before "region" ("in Sadong", "the
 *    Ulyanovsk region").
 * Short second mentions (surnames) are a second pass over the article
 * (kg__find_short_names), once every full name is known.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "doc_int.h"

#define NOSPAN SIZE_MAX
#define CLS(t, k) ((t)->classes & (1u << (k)))

static int tok_is(const kg__token *t, const char *w)
{
    /* the first byte rejects most words before any length is taken */
    return t->nlen && t->norm[0] == w[0] && strlen(w) == t->nlen &&
           memcmp(t->norm, w, t->nlen) == 0;
}

/* The key of form 'f' equals the normalised tokens [i, i+n). */
static int key_equals(const kg__lexform *f, const kg__vec *toks, size_t i,
                      size_t n)
{
    const char *k = f->key;
    size_t j;

    for (j = 0; j < n; j++) {
        const kg__token *t = KG__TOK(toks, i + j);
        if (j) {
            if (*k != ' ')
                return 0;
            k++;
        }
        if (strncmp(k, t->norm, t->nlen) != 0)
            return 0;
        k += t->nlen;
    }
    return *k == '\0';
}

/* Every letter in text[b..e) is upper case (ASCII letters). */
static int all_upper(const char *text, size_t b, size_t e)
{
    for (; b < e; b++)
        if (text[b] >= 'a' && text[b] <= 'z')
            return 0;
    return 1;
}

/* Longest lexicon entity or title at token i: *n_out tokens, form. */
static const kg__lexform *match_at(const kg_lexicon *lex, const char *text,
                                   const kg__vec *toks, size_t i,
                                   size_t limit, size_t *n_out)
{
    uint64_t h[16];
    size_t maxn = (size_t)lex->maxtok, n;

    if (maxn > limit)
        maxn = limit;
    if (!KG__LEX_MAYSTART(lex, KG__TOK(toks, i)->hash))
        return NULL;
    if (maxn > toks->count - i)
        maxn = toks->count - i;
    for (n = 0; n < maxn; n++) {
        const kg__token *t = KG__TOK(toks, i + n);
        if (n && (t->flags & KG__TOK_PUNCT) && !(t->flags & KG__TOK_HYPHEN))
            break;
        h[n] = kg__hash_combine(n ? h[n - 1] : KG__HASH_SEED, t->hash);
    }
    maxn = n;
    for (n = maxn; n >= 1; n--) {
        const kg__lexform *f;
        const kg__token *t0 = KG__TOK(toks, i);
        const kg__token *tl = KG__TOK(toks, i + n - 1);
        for (f = kg__lex_first(lex, h[n - 1]); f; f = kg__lex_next(lex, f)) {
            const kg__lexent *e = kg__lex_entry(lex, f->entry);
            if ((size_t)f->ntok != n || !key_equals(f, toks, i, n))
                continue;
            if (e->kind != KG__LEX_ENTITY && e->kind != KG__LEX_TITLE)
                continue;
            if (f->cap && e->kind == KG__LEX_ENTITY &&
                !(t0->flags & (KG__TOK_CAP | KG__TOK_UPPER)))
                continue;
            if (f->exact_case && !all_upper(text, t0->begin, tl->end))
                continue;
            if (f->need_the && !(t0->flags & KG__TOK_THE))
                continue;
            /* a lower-case title word is a title only before a name or
             * in a title phrase; entities win over titles of equal size */
            *n_out = n;
            return f;
        }
    }
    return NULL;
}

static int push_span(kg__vec *spans, size_t sentence, size_t tb, size_t te,
                     size_t entity, size_t lexent, int title, int form)
{
    kg__span *s = kg__vec_push(spans);

    if (!s)
        return KG_ENOMEM;
    s->sentence = sentence;
    s->tb = tb;
    s->te = te;
    s->entity = entity;
    s->lexent = lexent;
    s->title = title;
    s->form = form;
    return 0;
}

/* Surname of a person's name: the first token of a three-part Korean name
 * opened by a family name, else the last token. */
static int set_surname(kg_doc *doc, const kg_lexicon *lex, size_t ent)
{
    kg__vec toks = KG__VEC_INIT(kg__token);
    kg_buf scratch = KG_BUF_INIT;
    kg__entity *e = KG__ENT(doc, ent);
    const kg__token *t;
    int error;

    if (e->surname || e->type != KG__PERSON)
        return 0;
    if ((error = kg__tokenize(&toks, &scratch, lex, e->name, 0,
                              strlen(e->name))) < 0)
        goto done;
    if (toks.count >= 2) {
        t = KG__TOK(&toks, 0);
        if (!(toks.count == 3 && CLS(t, KG__LEX_SURNAME)))
            t = KG__TOK(&toks, toks.count - 1);
        e = KG__ENT(doc, ent);
        if ((e->surname = kg__arena_strndup(&doc->arena, t->norm,
                                            t->nlen)) == NULL) {
            error = KG_ENOMEM;
        } else {
            size_t had = kg__map_get(&doc->surnames, e->surname, t->nlen);
            error = kg__map_put(&doc->surnames, e->surname, t->nlen,
                                had == SIZE_MAX ? ent : KG__AMBIGUOUS);
        }
    }
done:
    kg__vec_dispose(&toks);
    kg_buf_dispose(&scratch);
    return error;
}

/* Add the lexicon entity 'le' (not templated) to the doc. */
static int lex_entity(kg_doc *doc, const kg_lexicon *lex,
                      const kg__lexent *le, size_t *index)
{
    int error = kg__doc_entity(doc, index, le->id, le->type, le->subtype,
                               le->name, le->wikidata, le->state);
    if (!error)
        error = set_surname(doc, lex, *index);
    return error;
}

/* The state a span stands for: states themselves, or NULL. */
static const char *span_state(const kg_doc *doc, const kg__span *s)
{
    const kg__entity *e;

    if (s->entity == NOSPAN)
        return NULL;
    e = KG__ENT((kg_doc *)doc, s->entity);
    return e->type == KG__STATE ? e->id : NULL;
}

/* Index of the span covering token k, or NOSPAN. */
static size_t span_at(const kg__vec *spans, size_t from, size_t k)
{
    size_t i;

    for (i = from; i < spans->count; i++) {
        const kg__span *s = KG__SPAN(spans, i);
        if (!s->nested && s->tb <= k && k < s->te)
            return i;
    }
    return NOSPAN;
}

static const char *state_name(const kg_doc *doc, const char *state_id)
{
    size_t i;

    for (i = 0; i < doc->entities.count; i++) {
        const kg__entity *e = KG__ENT((kg_doc *)doc, i);
        if (strcmp(e->id, state_id) == 0)
            return e->name;
    }
    return state_id;
}

/* Resolve a per-state body (ministry, embassy) at span 'si'. */
static int resolve_templated(kg_doc *doc, const kg_lexicon *lex,
                             const char *text, const kg__vec *toks,
                             kg__vec *spans, size_t first, size_t si)
{
    kg__span *s = KG__SPAN(spans, si);
    const kg__lexent *le = kg__lex_entry(lex, s->lexent);
    const char *state = NULL, *host = NULL;
    size_t tb = s->tb, te = s->te, k;
    kg_buf id = KG_BUF_INIT, name = KG_BUF_INIT;
    int error = KG_ENOMEM;
    (void)text;

    /* the state before: "Russian", "Russia's", "DPRK" */
    if (si > first) {
        kg__span *p = KG__SPAN(spans, si - 1);
        const kg__token *t = KG__TOK(toks, tb);
        if (p->te == tb && !(t->flags & KG__TOK_PUNCT) &&
            (state = span_state(doc, p)) != NULL) {
            tb = p->tb;
            p->nested = 1;
        }
    }
    /* "of Russia", "of the DPRK" after */
    k = te;
    if (!state && k + 1 < toks->count && tok_is(KG__TOK(toks, k), "of") &&
        !(KG__TOK(toks, k)->flags & KG__TOK_PUNCT)) {
        size_t j = span_at(spans, si + 1, k + 1);
        if (j != NOSPAN && (state = span_state(doc, KG__SPAN(spans, j)))) {
            te = KG__SPAN(spans, j)->te;
            k = te;
        }
    }
    /* an embassy's host: "in North Korea", "in Pyongyang" */
    if (le->embassy && k + 1 < toks->count &&
        tok_is(KG__TOK(toks, k), "in") &&
        !(KG__TOK(toks, k)->flags & KG__TOK_PUNCT)) {
        size_t j = span_at(spans, si + 1, k + 1);
        if (j != NOSPAN) {
            kg__span *h = KG__SPAN(spans, j);
            const kg__entity *he = KG__ENT(doc, h->entity);
            const kg__lexent *hl = h->lexent != NOSPAN
                                       ? kg__lex_entry(lex, h->lexent)
                                       : NULL;
            if (he->type == KG__STATE)
                host = he->id;
            else if (hl && hl->capital_of)
                host = hl->capital_of;
            if (host) {
                te = h->te;
                h->nested = 1;
            }
        }
    }
    if (le->embassy && (!state || !host || strcmp(state, host) == 0)) {
        s->entity = NOSPAN; /* an embassy we cannot place: no entity */
        error = 0;
        goto done;
    }
    if (kg_buf_puts(&id, "org/") < 0)
        goto done;
    if (state && kg_buf_puts(&id, strchr(state, '/') + 1) < 0)
        goto done;
    if (le->embassy) {
        if (kg_buf_printf(&id, "-embassy-in-%s", strchr(host, '/') + 1) < 0 ||
            kg_buf_printf(&name, "Embassy of %s in %s",
                          state_name(doc, state), state_name(doc, host)) < 0)
            goto done;
    } else {
        const char *rest = strstr(le->id, "{state}") + 7;
        if (!state && *rest == '-')
            rest++;
        if (kg_buf_puts(&id, rest) < 0)
            goto done;
        if (state ? kg_buf_printf(&name, "%s of %s", le->name,
                                  state_name(doc, state)) < 0
                  : kg_buf_puts(&name, le->name) < 0)
            goto done;
    }
    if ((error = kg__doc_entity(doc, &s->entity, id.ptr, KG__ORG,
                                le->subtype, name.ptr, NULL, state)) < 0)
        goto done;
    s = KG__SPAN(spans, si);
    s->tb = tb;
    s->te = te;
    error = 0;
done:
    kg_buf_dispose(&id);
    kg_buf_dispose(&name);
    return error;
}

/* A capital names a place after a place cue or inside a body's name,
 * its state otherwise. */
static int resolve_capital(kg_doc *doc, const kg_lexicon *lex,
                           const kg__vec *toks, kg__span *s, int in_body)
{
    const kg__lexent *le = kg__lex_entry(lex, s->lexent);
    const kg__token *t = KG__TOK(toks, s->tb);
    const kg__token *last = KG__TOK(toks, s->te - 1);
    size_t st;
    int place = in_body;

    if (!place && !(last->flags & KG__TOK_POSS) && s->tb > 0 &&
        !(t->flags & KG__TOK_PUNCT) &&
        CLS(KG__TOK(toks, s->tb - 1), KG__LEX_PLACECUE))
        place = 1;
    if (place)
        return lex_entity(doc, lex, le, &s->entity);
    for (st = 0; st < lex->entries.count; st++) {
        const kg__lexent *se = kg__lex_entry(lex, st);
        if (se->type == KG__STATE && strcmp(se->id, le->capital_of) == 0) {
            s->form = KG__FORM_METONYM;
            return lex_entity(doc, lex, se, &s->entity);
        }
    }
    return lex_entity(doc, lex, le, &s->entity);
}

/* Token k may be part of an unknown name. */
static int name_tok(const kg__vec *toks, const kg__vec *spans, size_t first,
                    size_t k)
{
    const kg__token *t = KG__TOK(toks, k);

    if (t->flags & KG__TOK_DIGIT)
        return 0;
    if (!(t->flags & (KG__TOK_CAP | KG__TOK_HYPHEN)))
        return 0;
    if (CLS(t, KG__LEX_NOTNAME) || CLS(t, KG__LEX_TITLE) ||
        CLS(t, KG__LEX_PLACESUFFIX))
        return 0;
    return span_at(spans, first, k) == NOSPAN;
}

/* Length of the unknown-name run at k (at most 'max' tokens). */
static size_t name_run(const kg__vec *toks, const kg__vec *spans,
                       size_t first, size_t k, size_t max)
{
    size_t n = 0;

    while (k + n < toks->count && n < max && name_tok(toks, spans, first,
                                                      k + n)) {
        const kg__token *t = KG__TOK(toks, k + n);
        if (n == 0 && !(t->flags & KG__TOK_CAP))
            break;
        if (n && (t->flags & KG__TOK_PUNCT) && !(t->flags & KG__TOK_HYPHEN))
            break;
        if (n && !(t->flags & (KG__TOK_CAP | KG__TOK_HYPHEN)))
            break;
        if (t->flags & KG__TOK_POSS) {
            n++;
            break;
        }
        n++;
    }
    return n;
}

/* No word of the run [k, k+n) is a title or event word ("Geneva Talks",
 * "Security Chief"), so the run can be a person's name. */
static int plain_names(const kg__vec *toks, size_t k, size_t n)
{
    size_t j;

    for (j = k; j < k + n; j++) {
        const kg__token *t = KG__TOK(toks, j);
        if (CLS(t, KG__LEX_EVENTCUE) || CLS(t, KG__LEX_TITLEWORD) ||
            CLS(t, KG__LEX_TITLE))
            return 0;
    }
    return 1;
}

static int new_entity(kg_doc *doc, const kg_lexicon *lex, const char *text,
                      const kg__vec *toks, size_t tb, size_t te,
                      size_t id_te, int type, size_t *index)
{
    kg_buf id = KG_BUF_INIT, name = KG_BUF_INIT;
    size_t b = KG__TOK(toks, tb)->begin;
    size_t e = KG__TOK(toks, id_te - 1)->end;
    int error = KG_ENOMEM;
    /* the label is a function of the id, so that every article gives an
     * unknown entity the same one; the surface forms are its mentions */
    int mode = type == KG__PERSON && id_te - tb == 3 &&
                       CLS(KG__TOK(toks, tb), KG__LEX_SURNAME)
                   ? KG__LABEL_KOREAN
                   : KG__LABEL_NAME;

    (void)te;
    if (kg_buf_puts(&id, type == KG__PERSON ? "person/" : "place/") < 0 ||
        kg__slug_append(&id, text + b, e - b) < 0 ||
        kg__label_append(&name, text + b, e - b, mode) < 0 ||
        kg_buf_put(&name, "", 0) < 0)
        goto done;
    if ((error = kg__doc_entity(doc, index, id.ptr, type, 0, name.ptr, NULL,
                                NULL)) < 0)
        goto done;
    error = set_surname(doc, lex, *index);
done:
    kg_buf_dispose(&id);
    kg_buf_dispose(&name);
    return error;
}

/* The per-state body 'le' (a templated row) of 'state': its entity. */
static int state_body(kg_doc *doc, const kg__lexent *le, const char *state,
                      size_t *index)
{
    kg_buf id = KG_BUF_INIT, name = KG_BUF_INIT;
    const char *rest = strstr(le->id, "{state}") + 7;
    int error = KG_ENOMEM;

    if (kg_buf_printf(&id, "org/%s%s", strchr(state, '/') + 1, rest) < 0 ||
        kg_buf_printf(&name, "%s of %s", le->name, state_name(doc, state)) <
            0)
        goto done;
    error = kg__doc_entity(doc, index, id.ptr, KG__ORG, le->subtype,
                           name.ptr, NULL, state);
done:
    kg_buf_dispose(&id);
    kg_buf_dispose(&name);
    return error;
}

/* Coordinated bodies: "Russia's foreign, defense and industrial
 * ministries", "the Russian foreign and defence ministries". Each word
 * before the plural head, with the head in the singular, must name a
 * per-state body of the lexicon ("defense ministry"); the state is the
 * possessive or demonym right before the first word. Each word becomes a
 * span of its body (the last one with the head). */
static int find_coordinated(kg_doc *doc, const kg_lexicon *lex,
                            size_t sentence, const kg__vec *toks,
                            kg__vec *spans, size_t first)
{
    static const char *const heads[][2] = {{"ministries", "ministry"},
                                           {"departments", "department"},
                                           {"committees", "committee"}};
    size_t k, h;
    int error;

    for (k = 2; k < toks->count; k++) {
        const kg__token *t = KG__TOK(toks, k);
        size_t words[8], nw = 0, j, st, si;
        const char *state;
        for (h = 0; h < KG_ARRAY_SIZE(heads); h++)
            if (tok_is(t, heads[h][0]))
                break;
        if (h == KG_ARRAY_SIZE(heads))
            continue;
        /* walk back over "w1, w2, and w3" */
        j = k;
        while (j > 0 && nw < KG_ARRAY_SIZE(words)) {
            const kg__token *w = KG__TOK(toks, j - 1);
            if (span_at(spans, first, j - 1) != NOSPAN ||
                (w->flags & KG__TOK_DIGIT) || (w->flags & KG__TOK_POSS))
                break;
            if (tok_is(w, "and") && nw) {
                j--;
                continue;
            }
            words[nw++] = j - 1;
            j--;
            if (!(KG__TOK(toks, j)->flags & KG__TOK_COMMA) &&
                !(j > 0 && tok_is(KG__TOK(toks, j - 1), "and")))
                break;
        }
        if (nw < 2 || j == 0)
            continue;
        st = span_at(spans, first, j - 1);
        if (st == NOSPAN || KG__SPAN(spans, st)->te != j ||
            (state = span_state(doc, KG__SPAN(spans, st))) == NULL)
            continue;
        for (si = nw; si-- > 0;) {
            const kg__token *w = KG__TOK(toks, words[si]);
            uint64_t hh = kg__hash_combine(
                kg__hash_combine(KG__HASH_SEED, w->hash),
                kg__tok_hash(heads[h][1], strlen(heads[h][1])));
            const kg__lexform *f;
            size_t idx, klen = w->nlen + 1 + strlen(heads[h][1]);
            for (f = kg__lex_first(lex, hh); f; f = kg__lex_next(lex, f)) {
                const kg__lexent *le = kg__lex_entry(lex, f->entry);
                if (f->ntok != 2 || f->keylen != klen || !le->templated ||
                    le->embassy || strncmp(f->key, w->norm, w->nlen) != 0)
                    continue;
                if ((error = state_body(doc, le, state, &idx)) < 0 ||
                    (error = push_span(spans, sentence, words[si],
                                       si ? words[si] + 1 : k + 1, idx,
                                       NOSPAN, 0, KG__FORM_NAME)) < 0)
                    return error;
                break;
            }
        }
    }
    return 0;
}

static int cmp_span(const void *a, const void *b)
{
    const kg__span *x = a, *y = b;
    if (x->tb != y->tb)
        return x->tb < y->tb ? -1 : 1;
    return x->te > y->te ? -1 : x->te < y->te;
}

/* Unknown people and places from context. */
static int find_unknown(kg_doc *doc, const kg_lexicon *lex, size_t sentence,
                        const char *text, const kg__vec *toks,
                        kg__vec *spans, size_t first)
{
    size_t k = 0, n;
    int error;

    while (k < toks->count) {
        const kg__token *t = KG__TOK(toks, k);
        const kg__token *prev = k ? KG__TOK(toks, k - 1) : NULL;
        size_t ps = k ? span_at(spans, first, k - 1) : NOSPAN;
        int after_title = prev && !(t->flags & KG__TOK_PUNCT) &&
                          (CLS(prev, KG__LEX_TITLE) ||
                           (ps != NOSPAN && KG__SPAN(spans, ps)->title));
        size_t idx;

        n = name_run(toks, spans, first, k, 4);
        if (!n) {
            k++;
            continue;
        }
        /* "Deputy minister Vitaly Shulika": two or more words */
        if (after_title && n >= 2) {
            if ((error = new_entity(doc, lex, text, toks, k, k + n, k + n,
                                    KG__PERSON, &idx)) < 0 ||
                (error = push_span(spans, sentence, k, k + n, idx, NOSPAN, 0,
                                   KG__FORM_NAME)) < 0)
                return error;
            k += n;
            continue;
        }
        /* "Ri Song Chol": a Korean family name and two syllables */
        if (n == 3 && CLS(t, KG__LEX_SURNAME) &&
            KG__TOK(toks, k + 1)->nlen <= 6 &&
            KG__TOK(toks, k + 2)->nlen <= 6 &&
            (k + 3 >= toks->count ||
             !(KG__TOK(toks, k + 3)->flags & KG__TOK_CAP) ||
             (KG__TOK(toks, k + 3)->flags & KG__TOK_PUNCT))) {
            if ((error = new_entity(doc, lex, text, toks, k, k + n, k + n,
                                    KG__PERSON, &idx)) < 0 ||
                (error = push_span(spans, sentence, k, k + n, idx, NOSPAN, 0,
                                   KG__FORM_NAME)) < 0)
                return error;
            k += n;
            continue;
        }
        /* "Ms. Olga Ivanova", "Fu Cong said": an honorific before, or a
         * speech verb right after, a run of two or three names */
        if (n >= 2 && n <= 3 &&
            ((prev && (tok_is(prev, "mr") || tok_is(prev, "mrs") ||
               tok_is(prev, "ms") || tok_is(prev, "dr"))) ||
             (k + n < toks->count &&
              !(KG__TOK(toks, k + n)->flags & KG__TOK_PUNCT) &&
              !(KG__TOK(toks, k + n - 1)->flags & KG__TOK_POSS) &&
              CLS(KG__TOK(toks, k + n), KG__LEX_SPEECH) &&
              plain_names(toks, k, n)))) {
            if ((error = new_entity(doc, lex, text, toks, k, k + n, k + n,
                                    KG__PERSON, &idx)) < 0 ||
                (error = push_span(spans, sentence, k, k + n, idx, NOSPAN, 0,
                                   KG__FORM_NAME)) < 0)
                return error;
            k += n;
            continue;
        }
        /* apposition: "Name Surname, [the] [State's] ... ambassador" */
        if (n >= 2 && n <= 3 && k + n < toks->count &&
            (KG__TOK(toks, k + n)->flags & KG__TOK_COMMA) &&
            !(KG__TOK(toks, k + n - 1)->flags & KG__TOK_POSS)) {
            size_t j, found = 0;
            for (j = k + n; j < toks->count && j < k + n + 6; j++) {
                const kg__token *u = KG__TOK(toks, j);
                size_t sj = span_at(spans, first, j);
                if (j > k + n && (u->flags & KG__TOK_PUNCT))
                    break;
                if (CLS(u, KG__LEX_TITLE) ||
                    (sj != NOSPAN && KG__SPAN(spans, sj)->title)) {
                    found = 1;
                    break;
                }
            }
            if (found) {
                if ((error = new_entity(doc, lex, text, toks, k, k + n,
                                        k + n, KG__PERSON, &idx)) < 0 ||
                    (error = push_span(spans, sentence, k, k + n, idx,
                                       NOSPAN, 0, KG__FORM_NAME)) < 0)
                    return error;
                k += n;
                continue;
            }
        }
        /* places: "the Ulyanovsk region", "in Sadong" */
        if (n <= 3 && k + n < toks->count &&
            CLS(KG__TOK(toks, k + n), KG__LEX_PLACESUFFIX) &&
            !(KG__TOK(toks, k + n)->flags & KG__TOK_PUNCT)) {
            if ((error = new_entity(doc, lex, text, toks, k, k + n + 1,
                                    k + n, KG__PLACE, &idx)) < 0 ||
                (error = push_span(spans, sentence, k, k + n + 1, idx,
                                   NOSPAN, 0, KG__FORM_NAME)) < 0)
                return error;
            k += n + 1;
            continue;
        }
        if (n <= 2 && prev && !(t->flags & KG__TOK_PUNCT) &&
            (tok_is(prev, "in") || tok_is(prev, "near")) &&
            !(KG__TOK(toks, k + n - 1)->flags & KG__TOK_POSS) &&
            (k + n >= toks->count ||
             !(KG__TOK(toks, k + n)->flags & KG__TOK_CAP) ||
             (KG__TOK(toks, k + n)->flags & KG__TOK_PUNCT))) {
            if ((error = new_entity(doc, lex, text, toks, k, k + n, k + n,
                                    KG__PLACE, &idx)) < 0 ||
                (error = push_span(spans, sentence, k, k + n, idx, NOSPAN,
                                   0, KG__FORM_NAME)) < 0)
                return error;
            k += n;
            continue;
        }
        /* a run no rule took may end in a Korean name ("Minister of
         * External Economic Relations Yun Jong Ho"): resume at its next
         * family name */
        {
            size_t j;
            for (j = 1; j < n; j++)
                if (CLS(KG__TOK(toks, k + j), KG__LEX_SURNAME) &&
                    !(KG__TOK(toks, k + j)->flags & KG__TOK_HYPHEN))
                    break;
            k += j;
        }
    }
    return 0;
}

int kg__find_entities(kg_doc *doc, const kg_lexicon *lex, size_t sentence,
                      const kg__vec *toks, kg__vec *spans)
{
    const char *text = doc->art.text;
    size_t i = 0, first = spans->count, si;
    int error;

    /* 1. lexicon */
    while (i < toks->count) {
        size_t n = 0;
        const kg__lexform *f = match_at(lex, text, toks, i, 16, &n);
        const kg__lexent *le;
        size_t n2 = 0;
        if (!f) {
            i++;
            continue;
        }
        le = kg__lex_entry(lex, f->entry);
        if ((error = push_span(spans, sentence, i, i + n, NOSPAN, f->entry,
                               le->kind == KG__LEX_TITLE, f->form)) < 0)
            return error;
        /* "Russian Security Council": the state that opens a body's
         * name is a mention of that state too */
        if (n > 1 && le->type == KG__ORG && !le->templated) {
            const kg__lexform *g = match_at(lex, text, toks, i, n - 1, &n2);
            if (g && kg__lex_entry(lex, g->entry)->type == KG__STATE) {
                size_t idx;
                if ((error = lex_entity(doc, lex, kg__lex_entry(lex, g->entry),
                                        &idx)) < 0 ||
                    (error = push_span(spans, sentence, i, i + n2, idx,
                                       g->entry, 0, g->form)) < 0)
                    return error;
                KG__SPAN(spans, spans->count - 1)->nested = 1;
            }
        }
        i += n;
    }
    /* 2. context: per-state bodies, then capitals */
    for (si = first; si < spans->count; si++) {
        kg__span *s = KG__SPAN(spans, si);
        const kg__lexent *le;
        if (s->title || s->lexent == NOSPAN)
            continue;
        le = kg__lex_entry(lex, s->lexent);
        if (le->templated) {
            continue;
        } else if (le->capital_of) {
            continue;
        } else if ((error = lex_entity(doc, lex, le, &s->entity)) < 0) {
            return error;
        }
    }
    for (si = first; si < spans->count; si++) {
        kg__span *s = KG__SPAN(spans, si);
        const kg__lexent *le;
        if (s->title || s->lexent == NOSPAN || s->entity != NOSPAN)
            continue;
        le = kg__lex_entry(lex, s->lexent);
        if (le->capital_of) {
            int in_body = 0;
            size_t j;
            for (j = first; j < si; j++) {
                const kg__span *b = KG__SPAN(spans, j);
                const kg__lexent *bl = b->lexent != NOSPAN
                                           ? kg__lex_entry(lex, b->lexent)
                                           : NULL;
                if (bl && bl->embassy && b->te + 1 == s->tb &&
                    tok_is(KG__TOK(toks, b->te), "in"))
                    in_body = 1;
            }
            if ((error = resolve_capital(doc, lex, toks, s, in_body)) < 0)
                return error;
        }
    }
    for (si = first; si < spans->count; si++) {
        kg__span *s = KG__SPAN(spans, si);
        if (s->title || s->lexent == NOSPAN || s->entity != NOSPAN ||
            !kg__lex_entry(lex, s->lexent)->templated)
            continue;
        if ((error = resolve_templated(doc, lex, text, toks, spans, first,
                                       si)) < 0)
            return error;
    }
    /* an embassy without a place is no entity: drop such spans */
    {
        size_t w = first;
        for (si = first; si < spans->count; si++) {
            kg__span *s = KG__SPAN(spans, si);
            if (!s->title && s->entity == NOSPAN)
                continue;
            *KG__SPAN(spans, w++) = *s;
        }
        spans->count = w;
    }
    /* 3. coordinated bodies, then unknown names */
    if ((error = find_coordinated(doc, lex, sentence, toks, spans,
                                  first)) < 0)
        return error;
    if ((error = find_unknown(doc, lex, sentence, text, toks, spans,
                              first)) < 0)
        return error;
    if (spans->count > first)
        qsort((char *)spans->data + first * spans->size,
              spans->count - first, spans->size, cmp_span);
    /* mentions: every entity span, nested ones too */
    for (si = first; si < spans->count; si++) {
        const kg__span *s = KG__SPAN(spans, si);
        if (s->entity == NOSPAN)
            continue;
        if ((error = kg__doc_mention(doc, s->entity,
                                     KG__TOK(toks, s->tb)->begin,
                                     KG__TOK(toks, s->te - 1)->end,
                                     sentence)) < 0)
            return error;
    }
    return 0;
}

int kg__find_short_names(kg_doc *doc, size_t sentence, const kg__vec *toks,
                         kg__vec *spans)
{
    size_t k, first = 0;
    int error;

    for (k = 0; k < toks->count; k++) {
        const kg__token *t = KG__TOK(toks, k);
        size_t e, found;
        if (!(t->flags & KG__TOK_CAP) || CLS(t, KG__LEX_NOTNAME) ||
            span_at(spans, first, k) != NOSPAN)
            continue;
        if (k + 1 < toks->count &&
            (KG__TOK(toks, k + 1)->flags & (KG__TOK_CAP | KG__TOK_HYPHEN)) &&
            !(KG__TOK(toks, k + 1)->flags & KG__TOK_PUNCT) &&
            !(t->flags & KG__TOK_POSS))
            continue; /* part of a longer name we do not know */
        e = kg__map_get(&doc->surnames, t->norm, t->nlen);
        if (e == SIZE_MAX || e == KG__AMBIGUOUS)
            continue;
        found = e;
        if ((error = push_span(spans, sentence, k, k + 1, found, NOSPAN, 0,
                               KG__FORM_NAME)) < 0 ||
            (error = kg__doc_mention(doc, found, t->begin, t->end,
                                     sentence)) < 0)
            return error;
    }
    if (spans->count)
        qsort(spans->data, spans->count, spans->size, cmp_span);
    return 0;
}
