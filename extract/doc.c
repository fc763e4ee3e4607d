/*
 * doc.c -- kg_extract() and the kg_doc it fills: the entity registry
 * (one record per id, found by hash), mentions, and the accessors.
 *
 * Extraction is two passes over the body sentences. The first finds the
 * entity spans of every sentence (lexicon, context patterns) and so every
 * full name; the second re-tokenises each sentence, adds short second
 * mentions (surnames) and reads roles and events from the spans. Only the
 * spans of the whole article are kept between the passes, so memory is
 * bounded by the article, whatever the corpus.
 *
 * SPDX-License-Identifier: MIT
 */
#include <assert.h>
#include <stdint.h>
#include <string.h>

#include "doc_int.h"

static uint64_t str_hash(const char *s)
{
    return kg__tok_hash(s, strlen(s));
}

static int grow_index(kg_doc *doc)
{
    size_t n = doc->ent_nindex ? doc->ent_nindex * 2 : 64, i;
    size_t *idx = kg__calloc(n, sizeof(*idx));

    if (!idx)
        return KG_ENOMEM;
    for (i = 0; i < doc->entities.count; i++) {
        size_t k = str_hash(KG__ENT(doc, i)->id) & (n - 1);
        while (idx[k])
            k = (k + 1) & (n - 1);
        idx[k] = i + 1;
    }
    kg__free(doc->ent_index);
    doc->ent_index = idx;
    doc->ent_nindex = n;
    return 0;
}

int kg__doc_entity(kg_doc *doc, size_t *index, const char *id, int type,
                   int subtype, const char *name, const char *wikidata,
                   const char *state)
{
    size_t k;
    kg__entity *e;

    if (doc->ent_nindex) {
        k = str_hash(id) & (doc->ent_nindex - 1);
        while (doc->ent_index[k]) {
            e = KG__ENT(doc, doc->ent_index[k] - 1);
            if (strcmp(e->id, id) == 0) {
                *index = doc->ent_index[k] - 1;
                return 0;
            }
            k = (k + 1) & (doc->ent_nindex - 1);
        }
    }
    if ((doc->entities.count + 1) * 2 > doc->ent_nindex &&
        grow_index(doc) < 0)
        return KG_ENOMEM;
    if ((e = kg__vec_push(&doc->entities)) == NULL)
        return KG_ENOMEM;
    e->type = type;
    e->subtype = subtype;
    if ((e->id = kg__arena_strndup(&doc->arena, id, strlen(id))) == NULL ||
        (e->name = kg__arena_strndup(&doc->arena, name, strlen(name))) ==
            NULL ||
        (wikidata && (e->wikidata = kg__arena_strndup(
                          &doc->arena, wikidata, strlen(wikidata))) == NULL) ||
        (state && (e->state = kg__arena_strndup(&doc->arena, state,
                                                strlen(state))) == NULL)) {
        doc->entities.count--;
        return KG_ENOMEM;
    }
    *index = doc->entities.count - 1;
    k = str_hash(id) & (doc->ent_nindex - 1);
    while (doc->ent_index[k])
        k = (k + 1) & (doc->ent_nindex - 1);
    doc->ent_index[k] = *index + 1;
    return 0;
}

int kg__doc_mention(kg_doc *doc, size_t entity, size_t begin, size_t end,
                    size_t sentence)
{
    kg__mention *m = kg__vec_push(&doc->mentions);

    if (!m)
        return KG_ENOMEM;
    m->begin = begin;
    m->end = end;
    m->entity = entity;
    m->sentence = sentence;
    return 0;
}

/* Tokenise sentence 's' into 'all' and copy window 'w' of it (at most
 * KG__WINDOW tokens) into 'toks'. Returns the number of windows, or a
 * negative code. */
static int window(kg__vec *toks, kg__vec *all, kg_buf *scratch,
                  const kg_doc *doc, const kg_lexicon *lex, size_t s,
                  size_t w, int tokenize)
{
    const kg__sentence *st = &doc->art.sentences[s];
    size_t b = w * KG__WINDOW, n;
    int error;

    if (tokenize && (error = kg__tokenize(all, scratch, lex, doc->art.text,
                                          st->begin, st->end)) < 0)
        return error;
    n = all->count > b ? all->count - b : 0;
    if (n > KG__WINDOW)
        n = KG__WINDOW;
    toks->count = 0;
    while (toks->count < n) {
        kg__token *t = kg__vec_push(toks);
        if (!t)
            return KG_ENOMEM;
        *t = *KG__VEC_AT(all, kg__token, b + toks->count - 1);
    }
    return (int)((all->count + KG__WINDOW - 1) / KG__WINDOW);
}

static int extract_body(kg_doc *doc, const kg_lexicon *lex)
{
    kg__vec toks = KG__VEC_INIT(kg__token), all = KG__VEC_INIT(kg__token);
    kg__vec spans = KG__VEC_INIT(kg__span), local = KG__VEC_INIT(kg__span);
    kg_buf scratch = KG_BUF_INIT;
    size_t s, at = 0, first;
    int error = 0, nw, w;

    for (s = 0; s < doc->art.n_sentences; s++) {
        for (w = 0, nw = 1; w < nw; w++) {
            if ((nw = window(&toks, &all, &scratch, doc, lex, s, (size_t)w,
                             w == 0)) < 0) {
                error = nw;
                goto done;
            }
            first = spans.count;
            if ((error = kg__find_entities(doc, lex, s, &toks, &spans)) < 0)
                goto done;
            for (; first < spans.count; first++)
                KG__SPAN(&spans, first)->window = (size_t)w;
        }
    }
    for (s = 0; s < doc->art.n_sentences; s++) {
        for (w = 0, nw = 1; w < nw; w++) {
            if ((nw = window(&toks, &all, &scratch, doc, lex, s, (size_t)w,
                             w == 0)) < 0) {
                error = nw;
                goto done;
            }
            local.count = 0;
            for (; at < spans.count && KG__SPAN(&spans, at)->sentence == s &&
                   KG__SPAN(&spans, at)->window == (size_t)w;
                 at++) {
                kg__span *p = kg__vec_push(&local);
                if (!p) {
                    error = KG_ENOMEM;
                    goto done;
                }
                *p = *KG__SPAN(&spans, at);
            }
            if ((error = kg__find_short_names(doc, s, &toks, &local)) < 0 ||
                (error = kg__find_roles(doc, s, &toks, &local)) < 0 ||
                (error = kg__find_events(doc, s, &toks, &local)) < 0)
                goto done;
        }
    }
    kg__date_anniversaries(doc);
    error = kg__events_finish(doc);
done:
    kg__vec_dispose(&toks);
    kg__vec_dispose(&all);
    kg__vec_dispose(&spans);
    kg__vec_dispose(&local);
    kg_buf_dispose(&scratch);
    return error;
}

int kg_extract(kg_doc **out, const kg_lexicon *lex, const char *text,
               size_t len, const kg_extract_options *opts, kg_error *err)
{
    kg_doc *doc = NULL;
    char buf[16], *copy;
    int error;

    assert(out && lex && opts && opts->source_name);
    *out = NULL;
    if ((doc = kg__calloc(1, sizeof(*doc))) == NULL)
        return kg_error_set(err, KG_ENOMEM, "out of memory");
    doc->entities.size = sizeof(kg__entity);
    doc->mentions.size = sizeof(kg__mention);
    doc->roles.size = sizeof(kg__role);
    doc->events.size = sizeof(kg__event);
    if (len > KG_ARTICLE_MAX_BYTES) {
        error = kg_error_set(err, KG_EINVALID, "article larger than %u bytes",
                             (unsigned)KG_ARTICLE_MAX_BYTES);
        kg_error_locate(err, opts->source_name, 0, 0);
        goto done;
    }
    /* the doc outlives the caller's buffer: read from a copy */
    if ((copy = kg__arena_strndup(&doc->arena, text, len)) == NULL) {
        error = KG_ENOMEM;
        goto nomem;
    }
    if ((error = kg__article_read(&doc->art, copy, len, opts->source_name,
                                  err)) < 0) {
        memset(&doc->art, 0, sizeof(doc->art));
        goto done;
    }
    kg__sha256_hex(doc->digest, text, len);
    if ((doc->source = kg__arena_strndup(&doc->arena, opts->source_name,
                                         strlen(opts->source_name))) ==
            NULL ||
        (doc->iri = kg__arena_alloc(&doc->arena,
                                    sizeof(KG_ID "article/") + 16)) == NULL) {
        error = KG_ENOMEM;
        goto nomem;
    }
    memcpy(doc->iri, KG_ID "article/", sizeof(KG_ID "article/") - 1);
    memcpy(doc->iri + sizeof(KG_ID "article/") - 1, doc->digest, 16);
    if (doc->art.published.year && doc->art.published.month &&
        doc->art.published.day && kg__date_format(&doc->art.published, buf))
        memcpy(doc->published, buf, sizeof(doc->published));
    if ((error = extract_body(doc, lex)) < 0)
        goto nomem;
    *out = doc;
    return 0;
nomem:
    error = kg_error_set(err, error, "out of memory");
done:
    kg_doc_free(doc);
    return error;
}

void kg_doc_free(kg_doc *doc)
{
    if (!doc)
        return;
    kg__article_dispose(&doc->art);
    kg__vec_dispose(&doc->entities);
    kg__vec_dispose(&doc->mentions);
    kg__vec_dispose(&doc->roles);
    kg__vec_dispose(&doc->events);
    kg__free(doc->ent_index);
    kg__map_dispose(&doc->event_ids);
    kg__map_dispose(&doc->event_bases);
    kg__map_dispose(&doc->surnames);
    kg__map_dispose(&doc->role_keys);
    kg__arena_dispose(&doc->arena);
    kg__free(doc);
}

const char *kg_doc_iri(const kg_doc *doc)
{
    return doc->iri;
}

const char *kg_doc_source(const kg_doc *doc)
{
    return doc->source;
}

const char *kg_doc_digest(const kg_doc *doc)
{
    return doc->digest;
}

const char *kg_doc_headline(const kg_doc *doc)
{
    return doc->art.headline ? doc->art.headline : "";
}

const char *kg_doc_published(const kg_doc *doc)
{
    return doc->published[0] ? doc->published : NULL;
}

size_t kg_doc_entity_count(const kg_doc *doc)
{
    return doc->entities.count;
}

size_t kg_doc_role_count(const kg_doc *doc)
{
    return doc->roles.count;
}

size_t kg_doc_event_count(const kg_doc *doc)
{
    return doc->events.count;
}
