/*
 * extract_test.h -- helpers shared by the extraction unit tests: run
 * kg_extract() on a literal article and look things up in the kg_doc.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef KG_EXTRACT_TEST_H
#define KG_EXTRACT_TEST_H

#include <string.h>
#include <strings.h>

#include "doc_int.h"

static kg_lexicon *test_lex;

static inline int lex_setup(void **state)
{
    (void)state;
    return kg_lexicon_new(&test_lex, NULL);
}

static inline int lex_teardown(void **state)
{
    (void)state;
    kg_lexicon_free(test_lex);
    test_lex = NULL;
    return 0;
}

/* Extract 'text' (fails the test on error). */
static inline kg_doc *run(const char *text)
{
    kg_extract_options opts = KG_EXTRACT_OPTIONS_INIT;
    kg_error err = {0};
    kg_doc *doc = NULL;

    opts.source_name = "test.txt";
    if (kg_extract(&doc, test_lex, text, strlen(text), &opts, &err) != 0)
        fail_msg("kg_extract: %s", err.message);
    return doc;
}

/* Index of the entity 'id', or SIZE_MAX. */
static inline size_t find_ent(const kg_doc *doc, const char *id)
{
    size_t i;

    for (i = 0; i < doc->entities.count; i++)
        if (strcmp(KG__ENT((kg_doc *)doc, i)->id, id) == 0)
            return i;
    return SIZE_MAX;
}

/* Does entity 'id' have a mention whose text is 'form'? */
static inline int has_mention(const kg_doc *doc, const char *id, const char *form)
{
    size_t e = find_ent(doc, id), i, n = strlen(form);

    for (i = 0; e != SIZE_MAX && i < doc->mentions.count; i++) {
        const kg__mention *m = KG__VEC_AT(&doc->mentions, kg__mention, i);
        if (m->entity == e && m->end - m->begin == n &&
            memcmp(doc->art.text + m->begin, form, n) == 0)
            return 1;
    }
    return 0;
}

/* The role of 'person' whose title is 'title' (case-insensitive). */
static inline const kg__role *find_role(const kg_doc *doc, const char *person,
                                 const char *title)
{
    size_t i, p = find_ent(doc, person);

    for (i = 0; p != SIZE_MAX && i < doc->roles.count; i++) {
        const kg__role *r = KG__VEC_AT(&doc->roles, kg__role, i);
        if (r->person == p && strcasecmp(r->title, title) == 0)
            return r;
    }
    return NULL;
}

/* The first event of 'type' ("Meeting") with participant 'id'. */
static inline const kg__event *find_event(const kg_doc *doc, const char *type,
                                   const char *id)
{
    size_t i, e = find_ent(doc, id);
    int j;

    for (i = 0; i < doc->events.count; i++) {
        const kg__event *ev = KG__VEC_AT(&doc->events, kg__event, i);
        if (strcmp(kg__event_types[ev->type], type) != 0)
            continue;
        for (j = 0; j < ev->npart; j++)
            if (ev->part[j].entity == e)
                return ev;
    }
    return NULL;
}

static inline const char *ent_id(const kg_doc *doc, size_t i)
{
    return i == SIZE_MAX ? "(none)" : KG__ENT((kg_doc *)doc, i)->id;
}

#endif
