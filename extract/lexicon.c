/*
 * lexicon.c -- the lexicon: TSV rows (extract/lexicon/README.md) loaded
 * into entries and surface forms, indexed by the hash of their normalised
 * token sequence; plus the arena and growable arrays extract/ uses.
 *
 * A surface form is tokenised and normalised exactly like article text
 * (token.c), so matching is a hash lookup per token n-gram: no regular
 * expression per entry, linear in the text. The bucket array is rebuilt
 * after each successful load; a failed load truncates the entries and
 * forms back to where they were, so 'lex' is unchanged (strings it copied
 * stay in the arena until the lexicon is freed).
 *
 * SPDX-License-Identifier: MIT
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "doc_int.h"

/* ---- arena and vectors ------------------------------------------------ */

typedef struct kg__arena_block {
    struct kg__arena_block *next;
    size_t used, size;
    max_align_t align[]; /* data */
} arena_block;

#define ARENA_CHUNK 16384

void *kg__arena_alloc(kg__arena *a, size_t size)
{
    arena_block *b = a->head;
    size_t need = (size + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
    void *p;

    if (!b || b->size - b->used < need) {
        size_t sz = need > ARENA_CHUNK ? need : ARENA_CHUNK;
        if ((b = kg__malloc(sizeof(*b) + sz)) == NULL)
            return NULL;
        b->size = sz;
        b->used = 0;
        b->next = a->head;
        a->head = b;
    }
    p = (char *)b->align + b->used;
    b->used += need;
    memset(p, 0, size);
    return p;
}

char *kg__arena_strndup(kg__arena *a, const char *s, size_t n)
{
    char *p = kg__arena_alloc(a, n + 1);

    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

void kg__arena_dispose(kg__arena *a)
{
    arena_block *b, *next;

    for (b = a->head; b; b = next) {
        next = b->next;
        kg__free(b);
    }
    a->head = NULL;
}

void *kg__vec_push(kg__vec *v)
{
    void *p;

    if (v->count == v->alloc) {
        size_t n = v->alloc ? v->alloc * 2 : 16;
        void *d = kg__realloc(v->data, n * v->size);
        if (!d)
            return NULL;
        v->data = d;
        v->alloc = n;
    }
    p = (char *)v->data + v->count * v->size;
    memset(p, 0, v->size);
    v->count++;
    return p;
}

void kg__vec_dispose(kg__vec *v)
{
    kg__free(v->data);
    v->data = NULL;
    v->count = v->alloc = 0;
}

/* ---- string map ------------------------------------------------------- */

size_t kg__map_get(const kg__map *m, const char *key, size_t klen)
{
    uint64_t h;
    size_t k;

    if (!m->n)
        return SIZE_MAX;
    h = kg__tok_hash(key, klen);
    for (k = h & (m->n - 1); m->slots[k].key; k = (k + 1) & (m->n - 1)) {
        const kg__mapent *e = &m->slots[k];
        if (e->hash == h && e->klen == klen && memcmp(e->key, key, klen) == 0)
            return e->value;
    }
    return SIZE_MAX;
}

int kg__map_put(kg__map *m, const char *key, size_t klen, size_t value)
{
    uint64_t h = kg__tok_hash(key, klen);
    size_t k;

    if ((m->count + 1) * 2 > m->n) {
        size_t n = m->n ? m->n * 2 : 64, i;
        kg__mapent *slots = kg__calloc(n, sizeof(*slots));
        if (!slots)
            return KG_ENOMEM;
        for (i = 0; i < m->n; i++) {
            const kg__mapent *e = &m->slots[i];
            if (!e->key)
                continue;
            for (k = e->hash & (n - 1); slots[k].key; k = (k + 1) & (n - 1))
                ;
            slots[k] = *e;
        }
        kg__free(m->slots);
        m->slots = slots;
        m->n = n;
    }
    for (k = h & (m->n - 1); m->slots[k].key; k = (k + 1) & (m->n - 1)) {
        kg__mapent *e = &m->slots[k];
        if (e->hash == h && e->klen == klen &&
            memcmp(e->key, key, klen) == 0) {
            e->value = value;
            return 0;
        }
    }
    m->slots[k].hash = h;
    m->slots[k].key = key;
    m->slots[k].klen = klen;
    m->slots[k].value = value;
    m->count++;
    return 0;
}

void kg__map_dispose(kg__map *m)
{
    kg__free(m->slots);
    m->slots = NULL;
    m->n = m->count = 0;
}

/* ---- lookup ----------------------------------------------------------- */

const kg__lexent *kg__lex_entry(const kg_lexicon *lex, size_t i)
{
    return KG__VEC_AT(&lex->entries, kg__lexent, i);
}

const kg__lexform *kg__lex_first(const kg_lexicon *lex, uint64_t h)
{
    size_t i;

    if (!lex->nbuckets)
        return NULL;
    for (i = lex->buckets[h & (lex->nbuckets - 1)]; i != SIZE_MAX;) {
        const kg__lexform *f = KG__VEC_AT(&lex->forms, kg__lexform, i);
        if (f->hash == h)
            return f;
        i = f->next;
    }
    return NULL;
}

const kg__lexform *kg__lex_next(const kg_lexicon *lex, const kg__lexform *f)
{
    uint64_t h = f->hash;
    size_t i;

    for (i = f->next; i != SIZE_MAX;) {
        f = KG__VEC_AT(&lex->forms, kg__lexform, i);
        if (f->hash == h)
            return f;
        i = f->next;
    }
    return NULL;
}

unsigned kg__lex_word_classes(const kg_lexicon *lex, const char *tok,
                              size_t n, uint64_t t0)
{
    uint64_t h;
    const kg__lexform *f;
    unsigned classes = 0;

    if (!KG__LEX_BIT(lex->words, t0))
        return 0;
    h = kg__hash_combine(KG__HASH_SEED, t0);
    for (f = kg__lex_first(lex, h); f; f = kg__lex_next(lex, f)) {
        const kg__lexent *e = kg__lex_entry(lex, f->entry);
        if (f->ntok == 1 && e->kind != KG__LEX_ENTITY && f->keylen == n &&
            memcmp(f->key, tok, n) == 0)
            classes |= 1u << e->kind;
    }
    return classes;
}

static int rebuild_index(kg_lexicon *lex)
{
    size_t n = 64, i;
    size_t *b;

    while (n < lex->forms.count * 2)
        n *= 2;
    if ((b = kg__malloc(n * sizeof(*b))) == NULL)
        return KG_ENOMEM;
    for (i = 0; i < n; i++)
        b[i] = SIZE_MAX;
    memset(lex->first, 0, sizeof(lex->first));
    memset(lex->words, 0, sizeof(lex->words));
    for (i = 0; i < lex->forms.count; i++) {
        kg__lexform *f = KG__VEC_AT(&lex->forms, kg__lexform, i);
        size_t k = f->hash & (n - 1);
        int kind = kg__lex_entry(lex, f->entry)->kind;
        uint64_t *set = kind == KG__LEX_ENTITY || kind == KG__LEX_TITLE
                            ? lex->first
                            : lex->words;
        set[(f->tok0 >> 6) & 1023] |= 1ull << (f->tok0 & 63);
        f->next = b[k];
        b[k] = i;
    }
    kg__free(lex->buckets);
    lex->buckets = b;
    lex->nbuckets = n;
    return 0;
}

/* ---- loading ---------------------------------------------------------- */

static const struct {
    const char *name;
    int kind, type;
} kinds[] = {
    {"State", KG__LEX_ENTITY, KG__STATE},
    {"Organization", KG__LEX_ENTITY, KG__ORG},
    {"Place", KG__LEX_ENTITY, KG__PLACE},
    {"Person", KG__LEX_ENTITY, KG__PERSON},
    {"Title", KG__LEX_TITLE, 0},
    {"TitleWord", KG__LEX_TITLEWORD, 0},
    {"Surname", KG__LEX_SURNAME, 0},
    {"PlaceCue", KG__LEX_PLACECUE, 0},
    {"PlaceSuffix", KG__LEX_PLACESUFFIX, 0},
    {"NotName", KG__LEX_NOTNAME, 0},
    {"EventCue", KG__LEX_EVENTCUE, 0},
    {"Speech", KG__LEX_SPEECH, 0},
};

const char *const kg__subtypes[] = {
    "", "Ministry", "Embassy", "Party", "Legislature", "Agency", "Military",
    "Media", "International", "Other", NULL};

typedef struct field {
    const char *p;
    size_t n;
} field;

/* Add one surface form 'text' of entry 'entry'. */
static int add_form(kg_lexicon *lex, size_t entry, const char *text,
                    size_t n, int form)
{
    kg__vec toks = KG__VEC_INIT(kg__token);
    kg_buf scratch = KG_BUF_INIT, key = KG_BUF_INIT;
    kg__lexform *f;
    uint64_t h = KG__HASH_SEED;
    size_t i, first = 0, letters = 0, upper = 0;
    int error = 0, need_the = 0;

    while (n && (*text == ' '))
        text++, n--;
    while (n && text[n - 1] == ' ')
        n--;
    if (!n)
        return 0;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c >= 'A' && c <= 'Z')
            letters++, upper++;
        else if (c >= 'a' && c <= 'z')
            letters++;
    }
    if ((error = kg__tokenize(&toks, &scratch, NULL, text, 0, n)) < 0)
        goto done;
    if (toks.count > 1) {
        kg__token *t0 = KG__VEC_AT(&toks, kg__token, 0);
        if (t0->nlen == 3 && memcmp(t0->norm, "the", 3) == 0 &&
            text[0] == 't') {
            need_the = 1;
            first = 1;
        }
    }
    for (i = first; i < toks.count; i++) {
        kg__token *t = KG__VEC_AT(&toks, kg__token, i);
        if ((i > first && kg_buf_put(&key, " ", 1) < 0) ||
            kg_buf_put(&key, t->norm, t->nlen) < 0) {
            error = KG_ENOMEM;
            goto done;
        }
        h = kg__hash_combine(h, t->hash);
    }
    if (!key.size)
        goto done;
    if ((f = kg__vec_push(&lex->forms)) == NULL ||
        (f->key = kg__arena_strndup(&lex->arena, key.ptr, key.size)) ==
            NULL) {
        if (f)
            lex->forms.count--;
        error = KG_ENOMEM;
        goto done;
    }
    f->hash = h;
    f->keylen = key.size;
    f->tok0 = KG__VEC_AT(&toks, kg__token, first)->hash;
    f->entry = entry;
    f->ntok = (int)(toks.count - first);
    f->form = form;
    f->exact_case = letters >= 2 && letters == upper;
    {
        const kg__token *tf = KG__VEC_AT(&toks, kg__token, first);
        f->cap = (tf->flags & KG__TOK_CAP) != 0;
    }
    f->need_the = need_the;
    f->next = SIZE_MAX;
    if (f->ntok > lex->maxtok)
        lex->maxtok = f->ntok;
done:
    kg__vec_dispose(&toks);
    kg_buf_dispose(&scratch);
    kg_buf_dispose(&key);
    return error;
}

/* Add every '|'-separated form of 'list'. */
static int add_forms(kg_lexicon *lex, size_t entry, field list, int form)
{
    size_t i = 0, start = 0;
    int error;

    for (i = 0; i <= list.n; i++) {
        if (i == list.n || list.p[i] == '|') {
            if (i > start &&
                (error = add_form(lex, entry, list.p + start, i - start,
                                  form)) < 0)
                return error;
            start = i + 1;
        }
    }
    return 0;
}

static int field_is(field f, const char *s)
{
    return f.n == strlen(s) && memcmp(f.p, s, f.n) == 0;
}

static char *dup_field(kg_lexicon *lex, field f)
{
    return kg__arena_strndup(&lex->arena, f.p, f.n);
}

static int valid_id(field f)
{
    size_t i, slash = 0;

    for (i = 0; i < f.n; i++) {
        unsigned char c = (unsigned char)f.p[i];
        if (c == '/')
            slash++;
        else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                   c == '-' || c == '{' || c == '}' || c == '_'))
            return 0;
    }
    return slash == 1 && f.p[0] != '/' && f.p[f.n - 1] != '/';
}

static int valid_qid(field f)
{
    size_t i;

    if (f.n < 2 || f.p[0] != 'Q')
        return 0;
    for (i = 1; i < f.n; i++)
        if (f.p[i] < '0' || f.p[i] > '9')
            return 0;
    return 1;
}

/* The capital 'name' of state 'state_id' becomes a place entry. */
static int add_capital(kg_lexicon *lex, const char *state_id, field names)
{
    kg_buf id = KG_BUF_INIT;
    kg__lexent *e;
    size_t n = 0, entry;
    int error = KG_ENOMEM;

    while (n < names.n && names.p[n] != '|')
        n++;
    if (kg_buf_puts(&id, "place/") < 0 ||
        kg__slug_append(&id, names.p, n) < 0)
        goto done;
    if ((e = kg__vec_push(&lex->entries)) == NULL)
        goto done;
    entry = lex->entries.count - 1;
    e->kind = KG__LEX_ENTITY;
    e->type = KG__PLACE;
    e->capital_of = state_id;
    e->state = state_id;
    if ((e->id = kg__arena_strndup(&lex->arena, id.ptr, id.size)) == NULL ||
        (e->name = kg__arena_strndup(&lex->arena, names.p, n)) == NULL)
        goto done;
    error = add_forms(lex, entry, names, KG__FORM_NAME);
done:
    kg_buf_dispose(&id);
    return error;
}

static int parse_error(kg_error *err, const char *name, int line,
                       const char *msg)
{
    int code = kg_error_set(err, KG_EPARSE, "lexicon: %s", msg);
    kg_error_locate(err, name, line, 0);
    return code;
}

/* Parse the attribute list "k=v;k=v" of entry 'entry'. */
static int parse_attrs(kg_lexicon *lex, size_t entry, field attrs,
                       const char *name, int line, kg_error *err)
{
    size_t i = 0;
    int error;

    while (i < attrs.n) {
        size_t s = i, eq = SIZE_MAX;
        field k, v;
        kg__lexent *e = KG__VEC_AT(&lex->entries, kg__lexent, entry);
        while (i < attrs.n && attrs.p[i] != ';') {
            if (attrs.p[i] == '=' && eq == SIZE_MAX)
                eq = i;
            i++;
        }
        if (eq == SIZE_MAX)
            return parse_error(err, name, line, "attribute without '='");
        k.p = attrs.p + s;
        k.n = eq - s;
        v.p = attrs.p + eq + 1;
        v.n = i - eq - 1;
        i++;
        if (field_is(k, "subtype")) {
            int j;
            e->subtype = 0;
            for (j = 1; kg__subtypes[j]; j++)
                if (field_is(v, kg__subtypes[j]))
                    e->subtype = j;
            if (!e->subtype || e->type != KG__ORG)
                return parse_error(err, name, line, "bad subtype");
        } else if (field_is(k, "state")) {
            if (!valid_id(v))
                return parse_error(err, name, line, "bad state id");
            if ((e->state = dup_field(lex, v)) == NULL)
                return kg_error_set(err, KG_ENOMEM, "out of memory");
        } else if (field_is(k, "demonym") || field_is(k, "metonym")) {
            if (e->type != KG__STATE)
                return parse_error(err, name, line,
                                   "demonym or metonym on a non-state");
            if ((error = add_forms(lex, entry, v,
                                   field_is(k, "demonym")
                                       ? KG__FORM_DEMONYM
                                       : KG__FORM_METONYM)) < 0)
                return kg_error_set(err, error, "out of memory");
        } else if (field_is(k, "capital")) {
            if (e->type != KG__STATE)
                return parse_error(err, name, line, "capital on a non-state");
            if ((error = add_capital(lex, e->id, v)) < 0)
                return kg_error_set(err, error, "out of memory");
        } else if (field_is(k, "pattern")) {
            if (!field_is(v, "embassy"))
                return parse_error(err, name, line, "unknown pattern");
            e->embassy = 1;
        } else if (!field_is(k, "code")) {
            return parse_error(err, name, line, "unknown attribute");
        }
    }
    return 0;
}

static int load_line(kg_lexicon *lex, const char *p, size_t n,
                     const char *name, int line, kg_error *err)
{
    field f[6];
    size_t nf = 0, i, start = 0, entry, k;
    kg__lexent *e;
    int error;

    memset(f, 0, sizeof(f));
    while (n && (p[n - 1] == '\t' || p[n - 1] == ' '))
        n--; /* empty trailing columns */
    for (i = 0; i <= n; i++) {
        if (i == n || p[i] == '\t') {
            if (nf == 6)
                return parse_error(err, name, line, "more than 6 columns");
            f[nf].p = p + start;
            f[nf].n = i - start;
            nf++;
            start = i + 1;
        }
    }
    for (k = 0; k < KG_ARRAY_SIZE(kinds); k++)
        if (field_is(f[0], kinds[k].name))
            break;
    if (k == KG_ARRAY_SIZE(kinds))
        return parse_error(err, name, line, "unknown kind in column 1");
    if (nf < 3 || !f[2].n)
        return parse_error(err, name, line, "missing name in column 3");
    if (kinds[k].kind == KG__LEX_ENTITY && !valid_id(f[1]))
        return parse_error(err, name, line,
                           "column 2 is not an id like kind/slug");
    if (f[4].n && !valid_qid(f[4]))
        return parse_error(err, name, line, "column 5 is not a wikidata id");
    if ((e = kg__vec_push(&lex->entries)) == NULL)
        return kg_error_set(err, KG_ENOMEM, "out of memory");
    entry = lex->entries.count - 1;
    e->kind = kinds[k].kind;
    e->type = kinds[k].type;
    if ((e->id = dup_field(lex, f[1])) == NULL ||
        (e->name = dup_field(lex, f[2])) == NULL ||
        (f[4].n && (e->wikidata = dup_field(lex, f[4])) == NULL))
        return kg_error_set(err, KG_ENOMEM, "out of memory");
    e->templated = strstr(e->id, "{state}") != NULL;
    if (e->type == KG__ORG)
        e->subtype = KG__SUB_OTHER;
    if ((error = parse_attrs(lex, entry, f[5], name, line, err)) < 0)
        return error;
    e = KG__VEC_AT(&lex->entries, kg__lexent, entry);
    if (e->type == KG__STATE)
        e->state = e->id;
    if ((error = add_form(lex, entry, f[2].p, f[2].n, KG__FORM_NAME)) < 0 ||
        (error = add_forms(lex, entry, f[3], KG__FORM_NAME)) < 0)
        return kg_error_set(err, error, "out of memory");
    return 0;
}

int kg__lex_load(kg_lexicon *lex, const char *data, size_t len,
                 const char *name, kg_error *err)
{
    size_t i = 0, nent = lex->entries.count, nform = lex->forms.count;
    int line = 0, error = 0;

    while (i < len) {
        size_t s = i, e;
        line++;
        while (i < len && data[i] != '\n')
            i++;
        e = i++;
        if (e > s && data[e - 1] == '\r')
            e--;
        if (e == s || data[s] == '#')
            continue;
        if ((error = load_line(lex, data + s, e - s, name, line, err)) < 0)
            break;
    }
    if (!error)
        error = rebuild_index(lex);
    if (error) {
        /* the index was built before this load (or not at all) and only
         * names older forms: dropping the new rows restores 'lex' */
        lex->entries.count = nent;
        lex->forms.count = nform;
        return kg_error_set(err, error, "out of memory");
    }
    return 0;
}

/* ---- public ----------------------------------------------------------- */

int kg_lexicon_new(kg_lexicon **out, kg_error *err)
{
    kg_lexicon *lex;
    size_t i;
    int error = 0;

    assert(out);
    *out = NULL;
    if ((lex = kg__calloc(1, sizeof(*lex))) == NULL)
        return kg_error_set(err, KG_ENOMEM, "out of memory");
    lex->entries.size = sizeof(kg__lexent);
    lex->forms.size = sizeof(kg__lexform);
    for (i = 0; kg__lexicon_files[i].name; i++) {
        const kg__embedded_file *f = &kg__lexicon_files[i];
        if ((error = kg__lex_load(lex, f->data, f->size, f->name, err)) < 0)
            break;
    }
    if (error) {
        kg_lexicon_free(lex);
        return error;
    }
    *out = lex;
    return 0;
}

int kg_lexicon_add_file(kg_lexicon *lex, const char *path, kg_error *err)
{
    kg_buf data = KG_BUF_INIT;
    int error;

    assert(lex && path);
    if ((error = kg_file_read(path, 64u * 1024u * 1024u, &data, err)) < 0)
        return error;
    error = kg__lex_load(lex, data.ptr ? data.ptr : "", data.size, path, err);
    kg_buf_dispose(&data);
    return error;
}

void kg_lexicon_free(kg_lexicon *lex)
{
    if (!lex)
        return;
    kg__vec_dispose(&lex->entries);
    kg__vec_dispose(&lex->forms);
    kg__free(lex->buckets);
    kg__arena_dispose(&lex->arena);
    kg__free(lex);
}
