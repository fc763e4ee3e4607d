/*
 * output.c -- a kg_doc as RDF quads (kg_doc_to_triples) and as the JSON
 * report of ../shared/eval/schema.md (kg_doc_to_json).
 *
 * Every node has a deterministic IRI (vocab.h): entities and events by
 * their ids, memberships by a digest of person, title and state, mentions
 * and sentences as NIF strings "<article>#char=b,e" in code points. No
 * blank nodes, so two runs give identical output and separately extracted
 * articles merge. All quads go in the graph named by the article IRI.
 * JSON strings escape quotes, backslashes, control characters and "<", ">"
 * and "&", so a report is safe to embed in HTML.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc_int.h"

#define NOSPAN SIZE_MAX

const char *const kg__event_types[] = {
    "Meeting", "Visit", "Reception", "Statement", "Pledge", "Message",
    "Agreement", "Summit", "Deployment", "Commemoration", "Forum",
    "Diplomatic", NULL};
const char *const kg__event_statuses[] = {"happened", "planned", "denied",
                                          "hypothetical", NULL};
const char *const kg__part_roles[] = {"host", "guest", "agent", "addressee",
                                      "attendee", "speaker", "subject", NULL};

static const char *const type_names[] = {"", "Person", "State",
                                         "Organization", "Place"};

/* ---- JSON ------------------------------------------------------------- */

static int json_str(kg_buf *out, const char *s, size_t n)
{
    size_t i;

    if (kg_buf_put(out, "\"", 1) < 0)
        return KG_ENOMEM;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        int error;
        size_t run = i;
        /* copy runs of characters that need no escape at once */
        while (run < n && (unsigned char)s[run] >= 0x20 && s[run] != '"' &&
               s[run] != '\\' && s[run] != '<' && s[run] != '>' &&
               s[run] != '&' && s[run] != 0x7f && (unsigned char)s[run] != 0xe2)
            run++;
        if (run > i) {
            if (kg_buf_put(out, s + i, run - i) < 0)
                return KG_ENOMEM;
            i = run - 1;
            continue;
        }
        if (c == '"')
            error = kg_buf_puts(out, "\\\"");
        else if (c == '\\')
            error = kg_buf_puts(out, "\\\\");
        else if (c == '\n')
            error = kg_buf_puts(out, "\\n");
        else if (c == '\t')
            error = kg_buf_puts(out, "\\t");
        else if (c < 0x20 || c == 0x7f || c == '<' || c == '>' || c == '&')
            error = kg_buf_printf(out, "\\u%04x", c);
        else if (c == 0xe2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
                 ((unsigned char)s[i + 2] == 0xa8 ||
                  (unsigned char)s[i + 2] == 0xa9)) {
            error = kg_buf_printf(out, "\\u%04x",
                                  0x2000 + (unsigned char)s[i + 2] - 0x80);
            i += 2;
        } else
            error = kg_buf_put(out, (const char *)&c, 1);
        if (error < 0)
            return KG_ENOMEM;
    }
    return kg_buf_put(out, "\"", 1);
}

static int json_cstr(kg_buf *out, const char *s)
{
    return s ? json_str(out, s, strlen(s)) : kg_buf_puts(out, "null");
}

/* The report's article name: the source's base name without ".txt". */
static int article_name(kg_buf *out, const char *src)
{
    const char *b = strrchr(src, '/');
    size_t n;

    b = b ? b + 1 : src;
    n = strlen(b);
    if (n > 4 && strcmp(b + n - 4, ".txt") == 0)
        n -= 4;
    return json_str(out, b, n);
}

/* Mention surface text with white space collapsed into 'tmp'. */
static int surface(kg_buf *tmp, const char *text, const kg__mention *m)
{
    size_t i;
    int space = 0;

    kg_buf_clear(tmp);
    for (i = m->begin; i < m->end; i++) {
        char c = text[i];
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
            space = 1;
            continue;
        }
        if ((space && kg_buf_put(tmp, " ", 1) < 0) ||
            kg_buf_put(tmp, &c, 1) < 0)
            return KG_ENOMEM;
        space = 0;
    }
    return kg_buf_put(tmp, "", 0);
}

/* Mentions sorted by begin (ties: longer first, then entity). */
static int cmp_mention(const void *a, const void *b)
{
    const kg__mention *x = a, *y = b;
    if (x->begin != y->begin)
        return x->begin < y->begin ? -1 : 1;
    if (x->end != y->end)
        return x->end > y->end ? -1 : 1;
    return x->entity < y->entity ? -1 : x->entity > y->entity;
}

static kg__mention *sorted_mentions(const kg_doc *doc)
{
    size_t n = doc->mentions.count;
    kg__mention *m = kg__malloc((n + 1) * sizeof(*m));

    if (!m)
        return NULL;
    if (n)
        memcpy(m, doc->mentions.data, n * sizeof(*m));
    qsort(m, n, sizeof(*m), cmp_mention);
    return m;
}

static const char *eid(const kg_doc *doc, size_t i)
{
    return i == NOSPAN ? NULL : KG__ENT((kg_doc *)doc, i)->id;
}

static int cmp_by_entity(const void *a, const void *b)
{
    const kg__mention *x = a, *y = b;
    if (x->entity != y->entity)
        return x->entity < y->entity ? -1 : 1;
    return cmp_mention(a, b);
}

static int json_entities(const kg_doc *doc, kg_buf *out,
                         const kg__mention *sorted)
{
    kg_buf tmp = KG_BUF_INIT, forms = KG_BUF_INIT;
    kg__mention *by = NULL;
    size_t e, i = 0, nm = doc->mentions.count;
    int error = KG_ENOMEM;

    /* mentions grouped by entity, each group in text order: one pass */
    if ((by = kg__malloc((nm + 1) * sizeof(*by))) == NULL)
        goto done;
    if (nm)
        memcpy(by, sorted, nm * sizeof(*by));
    qsort(by, nm, sizeof(*by), cmp_by_entity);
    if (kg_buf_puts(out, "  \"entities\": [") < 0)
        goto done;
    for (e = 0; e < doc->entities.count; e++) {
        const kg__entity *en = KG__ENT((kg_doc *)doc, e);
        int nform = 0;
        kg_buf_clear(&forms);
        if (kg_buf_puts(out, e ? ",\n    {\"id\": " : "\n    {\"id\": ") <
                0 ||
            json_cstr(out, en->id) < 0 ||
            kg_buf_puts(out, ", \"type\": \"") < 0 ||
            kg_buf_puts(out, type_names[en->type]) < 0 ||
            kg_buf_puts(out, "\", \"subtype\": ") < 0 ||
            (en->type == KG__ORG
                 ? json_cstr(out, kg__subtypes[en->subtype])
                 : kg_buf_puts(out, "null")) < 0 ||
            kg_buf_puts(out, ", \"name\": ") < 0 ||
            json_cstr(out, en->name) < 0 ||
            kg_buf_puts(out, ", \"mentions\": [") < 0)
            goto done;
        /* 'forms' holds the distinct forms so far, NUL-separated */
        for (; i < nm && by[i].entity == e; i++) {
            const kg__mention *m = &by[i];
            size_t p = 0;
            int seen = 0;
            if (surface(&tmp, doc->art.text, m) < 0)
                goto done;
            while (p < forms.size) {
                if (strcmp(forms.ptr + p, tmp.ptr) == 0)
                    seen = 1;
                p += strlen(forms.ptr + p) + 1;
            }
            if (seen)
                continue;
            if (kg_buf_put(&forms, tmp.ptr, tmp.size + 1) < 0 ||
                (nform++ && kg_buf_puts(out, ", ") < 0) ||
                json_str(out, tmp.ptr, tmp.size) < 0)
                goto done;
        }
        if (kg_buf_puts(out, "], \"wikidata\": ") < 0 ||
            json_cstr(out, en->wikidata) < 0 || kg_buf_puts(out, "}") < 0)
            goto done;
    }
    error = kg_buf_puts(out, "\n  ],\n");
done:
    kg__free(by);
    kg_buf_dispose(&tmp);
    kg_buf_dispose(&forms);
    return error;
}

static int json_roles(const kg_doc *doc, kg_buf *out)
{
    size_t i;

    if (kg_buf_puts(out, "  \"roles\": [") < 0)
        return KG_ENOMEM;
    for (i = 0; i < doc->roles.count; i++) {
        const kg__role *r = KG__VEC_AT(&doc->roles, kg__role, i);
        if (kg_buf_puts(out, i ? ",\n    {\"person\": "
                              : "\n    {\"person\": ") < 0 ||
            json_cstr(out, eid(doc, r->person)) < 0 ||
            kg_buf_puts(out, ", \"title\": ") < 0 ||
            json_cstr(out, r->title) < 0 ||
            kg_buf_puts(out, ", \"org\": ") < 0 ||
            json_cstr(out, eid(doc, r->org)) < 0 ||
            kg_buf_puts(out, ", \"state\": ") < 0 ||
            json_cstr(out, eid(doc, r->state)) < 0 ||
            kg_buf_puts(out, "}") < 0)
            return KG_ENOMEM;
    }
    return kg_buf_puts(out, "\n  ],\n");
}

static int evidence_range(const kg_doc *doc, const kg__event *ev,
                          size_t *b, size_t *e)
{
    if (ev->ev_end) {
        *b = ev->ev_begin;
        *e = ev->ev_end;
        return 1;
    }
    if (ev->sent_first >= doc->art.n_sentences)
        return 0;
    *b = doc->art.sentences[ev->sent_first].begin;
    *e = doc->art.sentences[ev->sent_last].end;
    return 1;
}

static int json_events(const kg_doc *doc, kg_buf *out)
{
    size_t i, b = 0, e = 0;
    char date[16];
    int j;

    if (kg_buf_puts(out, "  \"events\": [") < 0)
        return KG_ENOMEM;
    for (i = 0; i < doc->events.count; i++) {
        const kg__event *ev = KG__VEC_AT(&doc->events, kg__event, i);
        const char *dt = kg__date_format(&ev->date, date);
        if (kg_buf_puts(out, i ? ",\n    {\"id\": " : "\n    {\"id\": ") <
                0 ||
            json_cstr(out, ev->id) < 0 ||
            kg_buf_puts(out, ", \"type\": \"") < 0 ||
            kg_buf_puts(out, kg__event_types[ev->type]) < 0 ||
            kg_buf_puts(out, "\", \"status\": \"") < 0 ||
            kg_buf_puts(out, kg__event_statuses[ev->status]) < 0 ||
            kg_buf_puts(out, "\", \"date\": ") < 0 ||
            json_cstr(out, dt && date[0] ? date : NULL) < 0 ||
            kg_buf_puts(out, ", \"place\": ") < 0 ||
            json_cstr(out, eid(doc, ev->place)) < 0 ||
            kg_buf_puts(out, ", \"participants\": [") < 0)
            return KG_ENOMEM;
        for (j = 0; j < ev->npart; j++)
            if (kg_buf_puts(out, j ? ", {\"id\": " : "{\"id\": ") < 0 ||
                json_cstr(out, eid(doc, ev->part[j].entity)) < 0 ||
                kg_buf_puts(out, ", \"role\": \"") < 0 ||
                kg_buf_puts(out, kg__part_roles[ev->part[j].role]) < 0 ||
                kg_buf_puts(out, "\"}") < 0)
                return KG_ENOMEM;
        if (kg_buf_puts(out, "], \"evidence\": ") < 0)
            return KG_ENOMEM;
        if (evidence_range(doc, ev, &b, &e)
                ? json_str(out, doc->art.text + b, e - b) < 0
                : kg_buf_puts(out, "\"\"") < 0)
            return KG_ENOMEM;
        if (kg_buf_puts(out, "}") < 0)
            return KG_ENOMEM;
    }
    return kg_buf_puts(out, "\n  ]\n");
}

int kg_doc_to_json(const kg_doc *doc, kg_buf *out, kg_error *err)
{
    kg__mention *idx = NULL;
    size_t mark = out->size;
    int error = KG_ENOMEM;

    if ((idx = sorted_mentions(doc)) == NULL)
        goto done;
    if (kg_buf_puts(out, "{\n  \"article\": ") < 0 ||
        article_name(out, doc->source) < 0 ||
        kg_buf_puts(out, ",\n  \"published\": ") < 0 ||
        json_cstr(out, kg_doc_published(doc)) < 0 ||
        kg_buf_puts(out, ",\n  \"headline\": ") < 0 ||
        json_cstr(out, kg_doc_headline(doc)) < 0 ||
        kg_buf_puts(out, ",\n") < 0 || json_entities(doc, out, idx) < 0 ||
        json_roles(doc, out) < 0 || json_events(doc, out) < 0 ||
        kg_buf_puts(out, "}\n") < 0)
        goto done;
    error = 0;
done:
    kg__free(idx);
    if (error) {
        out->size = mark;
        if (out->ptr)
            out->ptr[mark] = '\0';
        return kg_error_set(err, error, "out of memory");
    }
    return 0;
}

/* ---- RDF -------------------------------------------------------------- */

typedef struct emitter {
    kg_triples *t;
    kg_term g;
    size_t *scp;     /* code point begin, end of each sentence */
    kg_buf a, b, c, d; /* scratch for IRIs and literals */
} emitter;

static int add(emitter *em, const kg_term *s, const char *p,
               const kg_term *o)
{
    kg_term pt = kg_iri(p);
    return kg_triples_add(em->t, s, &pt, o, &em->g);
}

static int add_iri(emitter *em, const kg_term *s, const char *p,
                   const char *o)
{
    kg_term ot = kg_iri(o);
    return add(em, s, p, &ot);
}

static int add_lit(emitter *em, const kg_term *s, const char *p,
                   const char *lex, const char *dt)
{
    kg_term ot = kg_literal(lex, dt, NULL);
    return add(em, s, p, &ot);
}

static int add_int(emitter *em, const kg_term *s, const char *p, size_t v)
{
    char buf[32];
    snprintf(buf, sizeof(buf), "%zu", v);
    return add_lit(em, s, p, buf, KG_XSD_INTEGER);
}

/* Code point offsets: a cursor that only moves forward. */
typedef struct cpcursor {
    const char *text;
    size_t byte, cp;
} cpcursor;

static size_t cp_at(cpcursor *c, size_t byte)
{
    if (byte < c->byte) {
        c->byte = 0;
        c->cp = 0;
    }
    for (; c->byte < byte; c->byte++)
        if (((unsigned char)c->text[c->byte] & 0xc0) != 0x80)
            c->cp++;
    return c->cp;
}

static size_t cp_len(const char *text, size_t b, size_t e)
{
    size_t n = 0;
    for (; b < e; b++)
        if (((unsigned char)text[b] & 0xc0) != 0x80)
            n++;
    return n;
}

static int nif_iri(kg_buf *buf, const kg_doc *doc, size_t b, size_t e)
{
    kg_buf_clear(buf);
    return kg_buf_printf(buf, "%s#char=%zu,%zu", doc->iri, b, e);
}

static int ent_iri(kg_buf *buf, const char *id)
{
    kg_buf_clear(buf);
    return kg_buf_printf(buf, KG_ID "%s", id);
}

static int emit_article(emitter *em, const kg_doc *doc)
{
    kg_term art = kg_iri(doc->iri);

    if (add_iri(em, &art, KG_RDF_TYPE, KG_CLASS_ARTICLE) < 0 ||
        add_iri(em, &art, KG_RDF_TYPE, KG_NIF_CONTEXT) < 0 ||
        add_lit(em, &art, KG_SCHEMA_HEADLINE, kg_doc_headline(doc), NULL) <
            0 ||
        add_lit(em, &art, KG_SOURCE_NAME, doc->source, NULL) < 0 ||
        add_lit(em, &art, KG_DIGEST, doc->digest, NULL) < 0)
        return KG_ENOMEM;
    if (doc->published[0] &&
        add_lit(em, &art, KG_SCHEMA_DATEPUBLISHED, doc->published,
                KG_XSD_DATE) < 0)
        return KG_ENOMEM;
    return 0;
}

static int emit_sentences(emitter *em, const kg_doc *doc)
{
    cpcursor cur = {doc->art.text, 0, 0};
    kg_term art = kg_iri(doc->iri), s;
    size_t i;

    for (i = 0; i < doc->art.n_sentences; i++) {
        const kg__sentence *st = &doc->art.sentences[i];
        size_t b = cp_at(&cur, st->begin);
        size_t e = b + cp_len(doc->art.text, st->begin, st->end);
        em->scp[2 * i] = b;
        em->scp[2 * i + 1] = e;
        kg_buf_clear(&em->b);
        if (nif_iri(&em->a, doc, b, e) < 0 ||
            kg_buf_put(&em->b, doc->art.text + st->begin,
                       st->end - st->begin) < 0)
            return KG_ENOMEM;
        s = kg_iri(em->a.ptr);
        if (add_iri(em, &s, KG_RDF_TYPE, KG_NIF_SENTENCE) < 0 ||
            add_lit(em, &s, KG_NIF_ANCHOR, em->b.ptr ? em->b.ptr : "",
                    NULL) < 0 ||
            add_int(em, &s, KG_NIF_BEGIN, b) < 0 ||
            add_int(em, &s, KG_NIF_END, e) < 0 ||
            add(em, &s, KG_NIF_REFCONTEXT, &art) < 0 ||
            (st->caption && add_lit(em, &s, KG_CAPTION, "true",
                                    KG_NS_XSD "boolean") < 0))
            return KG_ENOMEM;
    }
    return 0;
}

static int sentence_iri(emitter *em, kg_buf *buf, const kg_doc *doc,
                        size_t i)
{
    return nif_iri(buf, doc, em->scp[2 * i], em->scp[2 * i + 1]);
}

static int emit_entities(emitter *em, const kg_doc *doc,
                         const kg__mention *sorted)
{
    kg_term art = kg_iri(doc->iri);
    cpcursor cur = {doc->art.text, 0, 0};
    kg_buf form = KG_BUF_INIT, exact = KG_BUF_INIT;
    size_t e, i;
    int error = KG_ENOMEM;

    for (e = 0; e < doc->entities.count; e++) {
        const kg__entity *en = KG__ENT((kg_doc *)doc, e);
        kg_term s;
        if (ent_iri(&em->a, en->id) < 0)
            goto done;
        s = kg_iri(em->a.ptr);
        switch (en->type) {
        case KG__PERSON:
            error = add_iri(em, &s, KG_RDF_TYPE, KG_CLASS_PERSON);
            break;
        case KG__STATE:
            if ((error = add_iri(em, &s, KG_RDF_TYPE, KG_CLASS_STATE)) == 0)
                error = add_iri(em, &s, KG_RDF_TYPE, KG_CLASS_COUNTRY);
            break;
        case KG__PLACE:
            error = add_iri(em, &s, KG_RDF_TYPE, KG_CLASS_PLACE);
            break;
        default:
            if ((error = add_iri(em, &s, KG_RDF_TYPE,
                                 KG_CLASS_ORGANIZATION)) == 0 &&
                en->subtype && en->subtype != KG__SUB_OTHER) {
                kg_buf_clear(&em->b);
                error = kg_buf_printf(&em->b, KG_NS "%s",
                                      kg__subtypes[en->subtype]);
                if (!error)
                    error = add_iri(em, &s, KG_RDF_TYPE, em->b.ptr);
            }
        }
        if (error < 0 || add_lit(em, &s, KG_RDFS_LABEL, en->name, NULL) < 0 ||
            add_iri(em, &s, KG_PROV_DERIVED, doc->iri) < 0)
            goto done;
        error = KG_ENOMEM;
        if (en->wikidata) {
            kg_buf_clear(&em->b);
            if (kg_buf_printf(&em->b, KG_NS_WD "%s", en->wikidata) < 0 ||
                add_iri(em, &s, KG_OWL_SAMEAS, em->b.ptr) < 0)
                goto done;
        }
    }
    for (i = 0; i < doc->mentions.count; i++) {
        const kg__mention *m = &sorted[i];
        const kg__entity *en = KG__ENT((kg_doc *)doc, m->entity);
        size_t b = cp_at(&cur, m->begin);
        size_t len = cp_len(doc->art.text, m->begin, m->end);
        kg_term s, ent;
        if (surface(&form, doc->art.text, m) < 0 ||
            nif_iri(&em->a, doc, b, b + len) < 0 ||
            ent_iri(&em->b, en->id) < 0 ||
            sentence_iri(em, &em->c, doc, m->sentence) < 0)
            goto done;
        s = kg_iri(em->a.ptr);
        ent = kg_iri(em->b.ptr);
        /* the anchor is the exact text at the offsets; labels use the
         * form with white space collapsed */
        kg_buf_clear(&exact);
        if (kg_buf_put(&exact, doc->art.text + m->begin, m->end - m->begin) <
                0 ||
            add_iri(em, &s, KG_RDF_TYPE, KG_NIF_PHRASE) < 0 ||
            add_lit(em, &s, KG_NIF_ANCHOR, exact.ptr, NULL) < 0 ||
            add_int(em, &s, KG_NIF_BEGIN, b) < 0 ||
            add_int(em, &s, KG_NIF_END, b + len) < 0 ||
            add(em, &s, KG_NIF_REFCONTEXT, &art) < 0 ||
            add(em, &s, KG_ITS_IDENTREF, &ent) < 0 ||
            add_iri(em, &s, KG_NIF_SENTENCE_OF, em->c.ptr) < 0)
            goto done;
        if (strcmp(form.ptr, en->name) != 0 &&
            add_lit(em, &ent, KG_SKOS_ALTLABEL, form.ptr, NULL) < 0)
            goto done;
    }
    error = 0;
done:
    kg_buf_dispose(&form);
    kg_buf_dispose(&exact);
    return error;
}

static int emit_roles(emitter *em, const kg_doc *doc)
{
    size_t i;

    for (i = 0; i < doc->roles.count; i++) {
        const kg__role *r = KG__VEC_AT(&doc->roles, kg__role, i);
        char hex[65];
        kg_term s, role;
        kg_buf_clear(&em->c);
        if (kg_buf_printf(&em->c, "%s\t", eid(doc, r->person)) < 0 ||
            kg__norm_append(&em->c, r->title, strlen(r->title)) < 0 ||
            kg_buf_printf(&em->c, "\t%s", r->state == NOSPAN
                                              ? ""
                                              : eid(doc, r->state)) < 0)
            return KG_ENOMEM;
        kg__sha256_hex(hex, em->c.ptr, em->c.size);
        kg_buf_clear(&em->a);
        kg_buf_clear(&em->b);
        /* the title as every article gives it for this post and role:
         * "foreign minister" and "Foreign Minister" are one title */
        kg_buf_clear(&em->d);
        if (kg__label_append(&em->d, r->title, strlen(r->title),
                             KG__LABEL_TITLE) < 0 ||
            kg_buf_put(&em->d, "", 0) < 0)
            return KG_ENOMEM;
        if (kg_buf_printf(&em->a, KG_ID "post/%.16s", hex) < 0 ||
            kg_buf_puts(&em->b, KG_ID "role/") < 0 ||
            kg__slug_append(&em->b, r->title, strlen(r->title)) < 0)
            return KG_ENOMEM;
        s = kg_iri(em->a.ptr);
        role = kg_iri(em->b.ptr);
        if (add_iri(em, &s, KG_RDF_TYPE, KG_CLASS_MEMBERSHIP) < 0 ||
            add(em, &s, KG_ORG_ROLE, &role) < 0 ||
            add_iri(em, &role, KG_RDF_TYPE, KG_CLASS_ROLE) < 0 ||
            add_lit(em, &role, KG_RDFS_LABEL, em->d.ptr, NULL) < 0 ||
            add_lit(em, &s, KG_TITLE, em->d.ptr, NULL) < 0 ||
            add_iri(em, &s, KG_PROV_DERIVED, doc->iri) < 0 ||
            ent_iri(&em->c, eid(doc, r->person)) < 0 ||
            add_iri(em, &s, KG_ORG_MEMBER, em->c.ptr) < 0)
            return KG_ENOMEM;
        if (r->org != NOSPAN &&
            (ent_iri(&em->c, eid(doc, r->org)) < 0 ||
             add_iri(em, &s, KG_ORG_ORGANIZATION, em->c.ptr) < 0))
            return KG_ENOMEM;
        if (r->state != NOSPAN &&
            (ent_iri(&em->c, eid(doc, r->state)) < 0 ||
             add_iri(em, &s, KG_STATE, em->c.ptr) < 0))
            return KG_ENOMEM;
    }
    return 0;
}

/* The convenience links 'ev' supports (kg__event_links), in the same
 * graph as the event, so that each can be traced to it. */
static int emit_links(emitter *em, const kg_doc *doc, const kg__event *ev)
{
    kg__link links[KG__MAXLINKS];
    size_t n = kg__event_links(links, doc, ev), i;

    for (i = 0; i < n; i++) {
        kg_term s;
        kg_buf_clear(&em->c);
        if (ent_iri(&em->b, eid(doc, links[i].from)) < 0 ||
            ent_iri(&em->d, eid(doc, links[i].to)) < 0 ||
            kg_buf_printf(&em->c, KG_NS "%s",
                          kg__link_names[links[i].kind]) < 0)
            return KG_ENOMEM;
        s = kg_iri(em->b.ptr);
        if (add_iri(em, &s, em->c.ptr, em->d.ptr) < 0)
            return KG_ENOMEM;
    }
    return 0;
}

static int emit_events(emitter *em, const kg_doc *doc)
{
    size_t i;
    int j;

    for (i = 0; i < doc->events.count; i++) {
        const kg__event *ev = KG__VEC_AT(&doc->events, kg__event, i);
        char date[16];
        const char *dt = kg__date_format(&ev->date, date);
        kg_term s;
        if (ent_iri(&em->a, ev->id) < 0)
            return KG_ENOMEM;
        s = kg_iri(em->a.ptr);
        kg_buf_clear(&em->b);
        if (kg_buf_printf(&em->b, KG_NS "%s", kg__event_types[ev->type]) <
                0 ||
            add_iri(em, &s, KG_RDF_TYPE, em->b.ptr) < 0 ||
            add_iri(em, &s, KG_RDF_TYPE, KG_CLASS_EVENT) < 0 ||
            add_lit(em, &s, KG_RDFS_LABEL, ev->label ? ev->label : ev->id,
                    NULL) < 0 ||
            add_iri(em, &s, KG_PROV_DERIVED, doc->iri) < 0)
            return KG_ENOMEM;
        kg_buf_clear(&em->b);
        if (kg_buf_printf(&em->b, KG_NS "%s",
                          kg__event_statuses[ev->status]) < 0 ||
            add_iri(em, &s, KG_EVENT_STATUS, em->b.ptr) < 0)
            return KG_ENOMEM;
        if (dt && date[0] && add_lit(em, &s, KG_EVENT_DATE, date, dt) < 0)
            return KG_ENOMEM;
        if (ev->place != NOSPAN &&
            (ent_iri(&em->b, eid(doc, ev->place)) < 0 ||
             add_iri(em, &s, KG_EVENT_PLACE, em->b.ptr) < 0))
            return KG_ENOMEM;
        for (j = 0; j < ev->npart; j++) {
            kg_buf_clear(&em->c);
            if (ent_iri(&em->b, eid(doc, ev->part[j].entity)) < 0 ||
                kg_buf_printf(&em->c, KG_NS "%s",
                              kg__part_roles[ev->part[j].role]) < 0 ||
                add_iri(em, &s, em->c.ptr, em->b.ptr) < 0 ||
                add_iri(em, &s, KG_PARTICIPANT, em->b.ptr) < 0)
                return KG_ENOMEM;
        }
        if (ev->sent_first < doc->art.n_sentences) {
            size_t k;
            for (k = ev->sent_first; k <= ev->sent_last; k++)
                if (sentence_iri(em, &em->b, doc, k) < 0 ||
                    add_iri(em, &s, KG_EVENT_EVIDENCE, em->b.ptr) < 0)
                    return KG_ENOMEM;
        }
        if (emit_links(em, doc, ev) < 0)
            return KG_ENOMEM;
    }
    return 0;
}

int kg_doc_to_triples(const kg_doc *doc, kg_triples *out, kg_error *err)
{
    emitter em;
    kg__mention *idx = NULL;
    size_t mark = kg_triples_count(out);
    int error = KG_ENOMEM;

    memset(&em, 0, sizeof(em));
    em.t = out;
    em.g = kg_iri(doc->iri);
    if ((idx = sorted_mentions(doc)) == NULL ||
        (em.scp = kg__malloc((2 * doc->art.n_sentences + 1) *
                             sizeof(*em.scp))) == NULL)
        goto done;
    if (emit_article(&em, doc) < 0 || emit_sentences(&em, doc) < 0 ||
        emit_entities(&em, doc, idx) < 0 || emit_roles(&em, doc) < 0 ||
        emit_events(&em, doc) < 0)
        goto done;
    error = 0;
done:
    kg__free(idx);
    kg__free(em.scp);
    kg_buf_dispose(&em.a);
    kg_buf_dispose(&em.b);
    kg_buf_dispose(&em.c);
    kg_buf_dispose(&em.d);
    if (error) {
        kg__triples_truncate(out, mark);
        return kg_error_set(err, error, "out of memory");
    }
    return 0;
}
