/*
 * event.c -- events stated in a sentence: who did what with whom, where,
 * when, and how sure.
 *
 * A trigger is a cue word of an event class (cues[] below, and the
 * EventCue row of words.tsv that marks them: verbs such as
 * "met", "pledged", "visited", nouns such as "banquet", "deployment"),
 * checked against what it needs nearby ("diplomatic" for "forged", troops
 * for "deployed", an attending verb for "anniversary"). Its subject is the
 * nearest person, organisation or state before it in its clause, or the
 * one an apposition opens ("X, the ambassador, reaffirmed"), or the agent
 * after "by", or the possessor of a noun ("Kim's letter"); reporting verbs
 * need a subject that is not a news medium. The other people, bodies and
 * states of the sentence join as participants, before the trigger in the
 * subject's role, after it in the object's; for hosted gatherings the
 * verb decides ("X hosted" / "X attended" the reception), "at the X
 * Embassy" makes the embassy host and a verb of saying right after a name
 * its speaker. Reporting verbs whose subject is a news outlet ("state
 * media said") state nothing. Status comes from modal and planning words
 * before the trigger, the date from kg__date_find() against the article's
 * anchor date, the place from the first place named before any verb of
 * saying (an embassy's city counts; a region a speech names does not).
 * "X also attended" joins the gathering of the last sentences.
 *
 * Identity: an event's id is "event/<time>-<type>-<main participants>",
 * a pure function of one article, so that separately extracted reports
 * merge without coordination. Main participants: the pair of people for
 * meetings and summits; the host body (else the place) for receptions and
 * forums, which every report names alike, where the people named first
 * differ from report to report; the subject (and the addressee or topic
 * for messages and statements) otherwise. Statements and pledges add
 * what they are about, the class of their first topic noun ("ties" for
 * "friendship", "cooperation"; "military" for "troops"; see topics[]):
 * one speaker saying different things to one counterpart in one month
 * gives as many events, while two reports of one statement, which word
 * it differently but name the same matter, still meet. A report of a
 * statement naming no topic joins the speaker's last one in the article.
 * Time: the month ("2025-11")
 * of the event's date when it lies in the report's year; the year alone
 * for older or later events, which background mentions date unevenly
 * ("in 2024" / "in June 2024"); for an undated event, the month of the
 * page's date (even a "today" banner, which dates nothing in the text
 * but is near the news), since an undated report is almost always of
 * recent news, and another report of it gives the day; deployments,
 * which last months, by year only; "--10" or nothing in undated
 * articles. So two receptions of one embassy in different months stay
 * apart, and a report that gives no date meets the one that does. The
 * price: an event near a month's end, reported undated after the month
 * turned, misses its dated report (two nodes, not a false merge). Within
 * an article, reports of one base key merge when their dates agree, and
 * ids are given after the last sentence (kg__events_finish); two events
 * of one article with one id take their day as a suffix. A definite
 * noun ("The banquet took place on Friday", "X opened the forum"), "the
 * event" (the last gathering) and "both sides" refer back.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc_int.h"

#define NOSPAN SIZE_MAX

enum { MEETING, VISIT, RECEPTION, STATEMENT, PLEDGE, MESSAGE, AGREEMENT,
       SUMMIT, DEPLOYMENT, COMMEMORATION, FORUM, DIPLOMATIC, ANAPHOR };
enum { HOST, GUEST, AGENT, ADDRESSEE, ATTENDEE, SPEAKER, SUBJECT };
enum { HAPPENED, PLANNED, DENIED, HYPOTHETICAL };

enum {
    NOUN = 1,       /* a noun: may take a possessor or "by" agent */
    REPORT = 2,     /* reporting verb: needs a non-media subject */
    NEED_DIPL = 4,  /* needs "diplomatic", "relations" or "ties" near */
    NEED_TROOP = 8, /* needs troops or soldiers in the sentence */
    NEED_ATTEND = 16, /* needs an attending verb just before */
    SPEECH = 32,    /* folded into a reception of the same sentence */
    GREET = 64,     /* greeting people ("welcomed the guests") is part of
                       a gathering, not a statement; greeting a thing
                       ("welcomed the decision") is a statement */
    PRAISE = 128    /* a statement of praise (kg:praised) */
};

typedef struct cue {
    const char *word;
    int type;
    unsigned flags;
} cue;

/* Sorted by word (bsearch). */
static const cue cues[] = {
    {"accord", AGREEMENT, NOUN},
    {"accused", STATEMENT, 0},
    {"agreed", PLEDGE, 0},
    {"agreement", AGREEMENT, NOUN},
    {"agreements", AGREEMENT, NOUN},
    {"anniversary", COMMEMORATION, NOUN | NEED_ATTEND},
    {"arrived", VISIT, 0},
    {"banquet", RECEPTION, NOUN},
    {"broke", DIPLOMATIC, NEED_DIPL},
    {"celebrations", COMMEMORATION, NOUN | NEED_ATTEND},
    {"cemetery", COMMEMORATION, NOUN},
    {"commemorated", COMMEMORATION, 0},
    {"commemoration", COMMEMORATION, NOUN},
    {"committed", PLEDGE, 0},
    {"condemned", STATEMENT, 0},
    {"conference", FORUM, NOUN},
    {"criticised", STATEMENT, 0},
    {"criticized", STATEMENT, 0},
    {"defended", STATEMENT, 0},
    {"denounced", STATEMENT, 0},
    {"deployed", DEPLOYMENT, NEED_TROOP},
    {"deployment", DEPLOYMENT, NOUN | NEED_TROOP},
    {"discussed", MEETING, 0},
    {"dispatched", DEPLOYMENT, NEED_TROOP},
    {"emphasised", STATEMENT, 0},
    {"emphasized", STATEMENT, 0},
    {"encounter", MEETING, NOUN},
    {"established", DIPLOMATIC, NEED_DIPL},
    {"event", ANAPHOR, NOUN},
    {"forged", DIPLOMATIC, NEED_DIPL},
    {"forum", FORUM, NOUN},
    {"gathering", ANAPHOR, NOUN},
    {"greeted", STATEMENT, GREET},
    {"hailed", STATEMENT, PRAISE},
    {"highlighted", STATEMENT, 0},
    {"lauded", STATEMENT, PRAISE},
    {"letter", MESSAGE, NOUN},
    {"meet", MEETING, 0},
    {"meeting", MEETING, NOUN},
    {"meets", MEETING, 0},
    {"memorial", COMMEMORATION, NOUN},
    {"memorials", COMMEMORATION, NOUN},
    {"message", MESSAGE, NOUN},
    {"met", MEETING, 0},
    {"parade", COMMEMORATION, NOUN},
    {"pledge", PLEDGE, 0},
    {"pledged", PLEDGE, 0},
    {"pledges", PLEDGE, 0},
    {"praised", STATEMENT, PRAISE},
    {"praises", STATEMENT, PRAISE},
    {"promised", PLEDGE, 0},
    {"reaffirmed", PLEDGE, 0},
    {"reception", RECEPTION, NOUN},
    {"recognise", DIPLOMATIC, 0},
    {"recognised", DIPLOMATIC, 0},
    {"recognising", DIPLOMATIC, 0},
    {"recognize", DIPLOMATIC, 0},
    {"recognized", DIPLOMATIC, 0},
    {"recognizing", DIPLOMATIC, 0},
    {"restored", DIPLOMATIC, NEED_DIPL},
    {"said", STATEMENT, REPORT},
    {"severed", DIPLOMATIC, NEED_DIPL},
    {"signed", AGREEMENT, 0},
    {"speech", STATEMENT, NOUN | SPEECH},
    {"stated", STATEMENT, REPORT},
    {"stressed", STATEMENT, 0},
    {"summit", SUMMIT, NOUN},
    {"supported", STATEMENT, 0},
    {"talks", MEETING, NOUN},
    {"telegram", MESSAGE, NOUN},
    {"thanked", STATEMENT, PRAISE},
    {"toured", VISIT, 0},
    {"treaty", AGREEMENT, NOUN},
    {"trip", VISIT, NOUN},
    {"visit", VISIT, NOUN},
    {"visited", VISIT, 0},
    {"visits", VISIT, 0},
    {"vowed", PLEDGE, 0},
    {"warned", STATEMENT, 0},
    {"welcomed", STATEMENT, GREET},
    {"wrote", MESSAGE, 0},
};

/* Role of the subject and of the others after the trigger, per type. */
static const int subject_role[] = {AGENT, GUEST, HOST, SPEAKER, AGENT,
                                   AGENT, AGENT, AGENT, AGENT, AGENT,
                                   ATTENDEE, AGENT};
static const int object_role[] = {AGENT, HOST, ATTENDEE, SUBJECT, ADDRESSEE,
                                  ADDRESSEE, AGENT, AGENT, HOST, SUBJECT,
                                  ATTENDEE, ADDRESSEE};

static int cmp_cue(const void *key, const void *elem)
{
    const kg__token *t = key;
    const cue *c = elem;
    size_t n = strlen(c->word);
    int r = strncmp(t->norm, c->word, t->nlen < n ? t->nlen : n);
    if (r)
        return r;
    return t->nlen < n ? -1 : t->nlen > n;
}

/* The cue of token 't': only words of the lexicon's EventCue class are
 * looked up, so most tokens cost one bit test. */
static const cue *lookup_cue(const kg__token *t)
{
    if (!(t->classes & (1u << KG__LEX_EVENTCUE)))
        return NULL;
    return bsearch(t, cues, KG_ARRAY_SIZE(cues), sizeof(*cues), cmp_cue);
}

static int tok_is(const kg__token *t, const char *w)
{
    /* the first byte rejects most words before any length is taken */
    return t->nlen && t->norm[0] == w[0] && strlen(w) == t->nlen &&
           memcmp(t->norm, w, t->nlen) == 0;
}

static int tok_in(const kg__token *t, const char *const *words)
{
    for (; *words; words++)
        if (tok_is(t, *words))
            return 1;
    return 0;
}

static const char *const planned_words[] = {
    "will", "shall", "plan", "plans", "planned", "planning", "proposed",
    "propose", "proposes", "scheduled", "expected", "intends", "upcoming",
    NULL};
static const char *const hypo_words[] = {"could", "might", "may", "if",
                                         "would", NULL};
static const char *const denied_words[] = {"denied", "denies", "deny",
                                           "never", NULL};
static const char *const attend_words[] = {
    "attend", "attended", "attending", "attends", "join", "joined",
    "joining", "joins", "celebrate", "celebrated", "celebrating",
    "commemorate", "commemorated", "commemorating", "mark", "marked",
    NULL};
static const char *const dipl_words[] = {"diplomatic", "relations", "ties",
                                         "relationship", NULL};
static const char *const troop_words[] = {"troops", "troop", "soldiers",
                                          "forces", "units", NULL};
static const char *const report_words[] = {"said", "reported", "says",
                                           "reports", "stated", NULL};
static const char *const both_words[] = {"both", "two", NULL};
/* verbs whose subject hosts a gathering ("X hosted the event") */
static const char *const host_words[] = {
    "hosted", "hosts", "host", "held", "holds", "hold", "gave", "gives",
    "threw", "organised", "organized", "opened", "opens", "convened",
    NULL};
/* words after a demonym that make it a news outlet ("state media") */
static const char *const media_words[] = {
    "media", "agency", "newspaper", "newspapers", "outlet", "outlets",
    "television", "tv", "radio", "broadcaster", "daily", "press", NULL};
/* words that open a clause of its own after an event noun */
static const char *const subord_words[] = {"after", "before", "when",
                                           "while", "since", "because",
                                           "following", NULL};
/* attendance without an event noun: "X also attended", "were present" */
static const char *const present_words[] = {"attended", "present",
                                            NULL};

/* A participant candidate: a non-nested person, body or state span. */
static int is_actor(const kg_doc *doc, const kg__span *s)
{
    int type;

    if (s->nested || s->entity == NOSPAN)
        return 0;
    type = KG__ENT((kg_doc *)doc, s->entity)->type;
    return type == KG__PERSON || type == KG__ORG || type == KG__STATE;
}

static int is_media(const kg_doc *doc, size_t e)
{
    const kg__entity *en = KG__ENT((kg_doc *)doc, e);
    return en->type == KG__ORG && en->subtype == KG__SUB_MEDIA;
}

/* Events that people attend and "the event" can refer back to. */
static int is_gathering(int type)
{
    return type == RECEPTION || type == MEETING || type == SUMMIT ||
           type == FORUM || type == COMMEMORATION;
}

/* Is the subject span 's' an adjective of a news outlet ("North Korean
 * state media", "Russian news agency")? */
static int media_phrase(const kg__vec *toks, const kg__span *s)
{
    size_t j;

    if (s->form != KG__FORM_DEMONYM)
        return 0;
    for (j = s->te; j < toks->count && j < s->te + 2; j++)
        if (tok_in(KG__TOK(toks, j), media_words))
            return 1;
    return 0;
}

static size_t clause_start(const kg__vec *toks, size_t k);

/* A news outlet word just before a reporting verb in its clause ("the
 * newspaper said", "state media reported"). */
static int media_before(const kg__vec *toks, size_t k)
{
    size_t j, cs = clause_start(toks, k);

    for (j = k > 3 ? k - 3 : 0; j < k; j++)
        if (j >= cs && tok_in(KG__TOK(toks, j), media_words))
            return 1;
    return 0;
}

/* The first token of the clause that holds token k. */
static size_t clause_start(const kg__vec *toks, size_t k)
{
    while (k > 0 && !(KG__TOK(toks, k)->flags & KG__TOK_COMMA))
        k--;
    return k;
}

/* The subject of the trigger at k: span index or NOSPAN. */
static size_t find_subject(const kg_doc *doc, const kg__vec *toks,
                           const kg__vec *spans, size_t k, unsigned flags)
{
    size_t cs = clause_start(toks, k), i, best = NOSPAN;

    /* "a visit by X", "hosted by X" */
    if (flags & NOUN) {
        size_t j;
        for (j = k + 1; j < toks->count && j <= k + 3; j++) {
            if (KG__TOK(toks, j)->flags & KG__TOK_PUNCT)
                break;
            if (tok_is(KG__TOK(toks, j), "by")) {
                for (i = 0; i < spans->count; i++) {
                    const kg__span *s = KG__SPAN(spans, i);
                    if (s->tb > j && is_actor(doc, s))
                        return i;
                }
            }
        }
    }
    for (i = 0; i < spans->count; i++) {
        const kg__span *s = KG__SPAN(spans, i);
        /* "Ukraine's government ... praised": a possessor is no subject
         * of a verb */
        if (s->te <= k && s->tb >= cs && is_actor(doc, s) &&
            ((flags & NOUN) ||
             !(KG__TOK(toks, s->te - 1)->flags & KG__TOK_POSS)))
            best = i;
    }
    /* "X and Y pledge": the first of coordinated subjects */
    while (best != NOSPAN && best > 0) {
        const kg__span *s = KG__SPAN(spans, best);
        const kg__span *p = KG__SPAN(spans, best - 1);
        if (p->te + 1 == s->tb && p->tb >= cs && is_actor(doc, p) &&
            tok_is(KG__TOK(toks, p->te), "and"))
            best--;
        else
            break;
    }
    if (best != NOSPAN)
        return best;
    /* apposition: "X, the ambassador to Y, reaffirmed ..." names X
     * first; "Y's ambassador, X, welcomed ..." names the person X last */
    if (cs > 0 && k - cs <= 2) {
        for (i = 0; i < spans->count; i++) {
            const kg__span *s = KG__SPAN(spans, i);
            if (s->te == cs && is_actor(doc, s) &&
                (KG__TOK(toks, s->tb)->flags & KG__TOK_COMMA) &&
                KG__ENT((kg_doc *)doc, s->entity)->type == KG__PERSON)
                return i;
        }
        for (i = 0; i < spans->count; i++) {
            const kg__span *s = KG__SPAN(spans, i);
            if (s->tb < cs && is_actor(doc, s))
                return i;
        }
    }
    return NOSPAN;
}

#define SPEECH_TOK(t) ((t)->classes & (1u << KG__LEX_SPEECH))

/* The part actor span 's' takes in an event of 'type' whose trigger is
 * token k: the subject's or the object's role of the type, refined for
 * gatherings by the verb between the actor and the trigger ("X hosted"
 * / "X attended" the reception), by a verb of saying right after the
 * actor (the speaker) and by "at" before the actor ("a reception at the
 * Russian Embassy": the embassy hosts it). */
static int actor_role(const kg__vec *toks, const kg__span *s, size_t k,
                      int type)
{
    int hosted = type == RECEPTION || type == FORUM ||
                 type == COMMEMORATION;
    size_t j;

    if (hosted && s->te < toks->count && SPEECH_TOK(KG__TOK(toks, s->te)) &&
        !(KG__TOK(toks, s->te)->flags & KG__TOK_PUNCT))
        return SPEAKER;
    if (s->tb < k) {
        for (j = s->te; hosted && j < k; j++) {
            if (tok_in(KG__TOK(toks, j), host_words))
                return HOST;
            if (tok_in(KG__TOK(toks, j), attend_words))
                return ATTENDEE;
        }
        /* "X ... at a banquet hosted by Y": Y hosts, X attends */
        for (j = k + 1; hosted && j < toks->count && j <= k + 3; j++)
            if (tok_is(KG__TOK(toks, j), "by"))
                return ATTENDEE;
        return subject_role[type];
    }
    if (hosted && s->tb <= k + 3 && s->tb >= 2 &&
        (tok_is(KG__TOK(toks, s->tb - 1), "at") ||
         (tok_is(KG__TOK(toks, s->tb - 1), "the") &&
          tok_is(KG__TOK(toks, s->tb - 2), "at"))))
        return HOST;
    return object_role[type];
}

/* Is the word 'w' among the 'span' tokens before token k? */
static int has_word_before(const kg__vec *toks, size_t k, const char *w,
                           size_t span)
{
    size_t j = k > span ? k - span : 0;

    for (; j < k; j++)
        if (tok_is(KG__TOK(toks, j), w))
            return 1;
    return 0;
}

/* A reception or forum noun before token k ("The banquet marked ..."). */
static int has_gathering_before(const kg__vec *toks, size_t k)
{
    size_t j;

    for (j = 0; j < k; j++) {
        const cue *c = lookup_cue(KG__TOK(toks, j));
        if (c && (c->type == RECEPTION || c->type == FORUM))
            return 1;
    }
    return 0;
}

static int needs_ok(const kg__vec *toks, size_t k, unsigned flags)
{
    size_t j, lo = k >= 4 ? k - 4 : 0;

    if (flags & NEED_DIPL) {
        int ok = 0;
        for (j = lo; j < toks->count && j <= k + 4; j++)
            if (tok_in(KG__TOK(toks, j), dipl_words))
                ok = 1;
        if (!ok)
            return 0;
    }
    if (flags & NEED_TROOP) {
        int ok = 0;
        for (j = 0; j < toks->count; j++)
            if (tok_in(KG__TOK(toks, j), troop_words))
                ok = 1;
        if (!ok)
            return 0;
    }
    if (flags & NEED_ATTEND) {
        int ok = 0;
        for (j = lo; j < k; j++)
            if (tok_in(KG__TOK(toks, j), attend_words) &&
                !(j > 0 && tok_is(KG__TOK(toks, j - 1), "to")))
                ok = 1;
        if (!ok)
            return 0;
    }
    return 1;
}

static int status_of(const kg__vec *toks, size_t k)
{
    size_t j, cs = clause_start(toks, k), lo = k >= 5 ? k - 5 : 0;

    if (lo < cs)
        lo = cs;
    for (j = lo; j < k; j++) {
        const kg__token *t = KG__TOK(toks, j);
        if (tok_in(t, denied_words))
            return DENIED;
        if (tok_in(t, planned_words))
            return PLANNED;
        if (tok_in(t, hypo_words))
            return HYPOTHETICAL;
    }
    return HAPPENED;
}

static int add_part(kg__event *ev, size_t entity, int role)
{
    int i;

    for (i = 0; i < ev->npart; i++)
        if (ev->part[i].entity == entity) {
            /* a later, more specific statement of the same person's part
             * wins over "attendee": "X attended ... X hosted the event" */
            if (ev->part[i].role == ATTENDEE &&
                (role == HOST || role == SPEAKER))
                ev->part[i].role = role;
            return 0;
        }
    if (ev->npart == KG__MAXPART)
        return 0;
    ev->part[ev->npart].entity = entity;
    ev->part[ev->npart].role = role;
    ev->npart++;
    return 1;
}

/* ---- argument structure of statements and pledges --------------------
 *
 * A verb of pledging ("pledged", "vowed", "reaffirmed", "promised")
 * takes the one who commits as its subject and the one the commitment is
 * made to as the object of "to", "with", "for" ("pledged cooperation
 * with Moscow", "North Korea's ambassador to Russia"): agent and
 * addressee. A possessor just after the verb ("reaffirmed Pyongyang's
 * commitment") and the subject of a "that" clause ("pledged that
 * Pyongyang would stand with Moscow") commit too. A clause of time,
 * condition or reason after the verb ("until Russia reached its goals
 * in Ukraine", "noting ...") is not part of the pledge. A verb of saying
 * takes the speaker as subject and what it is about after it. "He/She
 * pledged" takes the person the previous sentence spoke of, and "X
 * thanked Y and said ..." the subject of the first verb. */

static const char *const pronoun_words[] = {"he", "she", "they", NULL};
static const char *const to_words[] = {"to", "with", "for", "towards",
                                       "toward", NULL};
static const char *const scope_words[] = {
    "until", "unless", "after", "before", "when", "while", "because",
    "since", "noting", "although", "though", "if", "whereas", NULL};
/* the people a verb of greeting takes when it greets rather than
 * approves ("welcomed the guests", not "welcomed the decision") */
static const char *const people_words[] = {
    "guests", "guest", "delegation", "delegations", "visitors", "visitor",
    "participants", "attendees", "delegates", "envoys", "envoy", NULL};

/* Is the actor span 's' the object of a preposition of 'to_words' ("with
 * Moscow", "to the North"), but not of "according to"? */
static int after_to(const kg__vec *toks, const kg__span *s)
{
    size_t j = s->tb;

    if (j >= 1 && (KG__TOK(toks, j)->flags & KG__TOK_THE))
        j--;
    if (j < 1 || !tok_in(KG__TOK(toks, j - 1), to_words))
        return 0;
    return !(j >= 2 && tok_is(KG__TOK(toks, j - 1), "to") &&
             tok_is(KG__TOK(toks, j - 2), "according"));
}

/* The first token after the trigger k that opens a clause of time,
 * condition or reason, or the sentence's end. */
static size_t scope_end(const kg__vec *toks, size_t k)
{
    size_t j;

    for (j = k + 1; j < toks->count; j++)
        if (tok_in(KG__TOK(toks, j), scope_words))
            return j;
    return toks->count;
}

/* Span index of the subject of a "that" clause right after the trigger
 * k ("pledged that Pyongyang would ..."): the first actor after "that",
 * or NOSPAN. */
static size_t that_subject(const kg_doc *doc, const kg__vec *toks,
                           const kg__vec *spans, size_t k)
{
    size_t j, i;

    for (j = k + 1; j < toks->count && j <= k + 3; j++)
        if (tok_is(KG__TOK(toks, j), "that"))
            break;
    if (j >= toks->count || j > k + 3)
        return NOSPAN;
    for (i = 0; i < spans->count; i++) {
        const kg__span *s = KG__SPAN(spans, i);
        if (s->tb > j && is_actor(doc, s))
            return s->tb <= j + 3 ? i : NOSPAN;
    }
    return NOSPAN;
}

/* The role of actor span 'spans[i]' in a new event of 'type' whose
 * trigger is token k and whose subject is span 'subj' (or NOSPAN). */
static int arg_role(const kg_doc *doc, const kg__vec *toks,
                    const kg__vec *spans, size_t i, size_t subj, size_t k,
                    int type)
{
    const kg__span *s = KG__SPAN(spans, i);

    if (type == PLEDGE) {
        if (i != subj && after_to(toks, s))
            return ADDRESSEE;
        if (s->tb < k)
            return AGENT;
        if (s->tb <= k + 3 && (KG__TOK(toks, s->te - 1)->flags & KG__TOK_POSS))
            return AGENT;
        return i == that_subject(doc, toks, spans, k) ? AGENT : ADDRESSEE;
    }
    if (type == STATEMENT && i != subj && s->tb < k) {
        size_t cs = clause_start(toks, k);
        if (after_to(toks, s))
            return SUBJECT; /* "X's ambassador to Y, Z, said" */
        /* "X met Y on Friday, the ministry said": what is reported */
        if (subj != NOSPAN && KG__SPAN(spans, subj)->tb >= cs && s->tb < cs)
            return SUBJECT;
    }
    return actor_role(toks, s, k, type);
}

/* The person a pronoun subject of the trigger k refers to: a person
 * named earlier in the sentence, else the speaker, agent or guest of the
 * last event told in this or the previous sentence. NOSPAN when the
 * trigger has no pronoun subject or it resolves to nobody. */
static size_t pronoun_subject(const kg_doc *doc, const kg__vec *toks,
                              const kg__vec *spans, size_t k,
                              size_t sentence)
{
    size_t cs = clause_start(toks, k), j, i, e;

    for (j = k; j-- > cs && j + 3 > k;)
        if (tok_in(KG__TOK(toks, j), pronoun_words))
            break;
    if (j + 1 == 0 || j < cs || j + 3 <= k ||
        !tok_in(KG__TOK(toks, j), pronoun_words))
        return NOSPAN;
    for (i = 0; i < spans->count; i++) {
        const kg__span *s = KG__SPAN(spans, i);
        if (s->tb < j && is_actor(doc, s) &&
            KG__ENT((kg_doc *)doc, s->entity)->type == KG__PERSON)
            return s->entity;
    }
    /* the last few events only: what a pronoun can reach stays near */
    for (e = doc->events.count; e-- > 0 && doc->events.count - e <= 16;) {
        const kg__event *x = KG__VEC_AT(&doc->events, kg__event, e);
        int p;
        if (x->sent_seen + 1 < sentence)
            continue;
        for (p = 0; p < x->npart; p++) {
            int r = x->part[p].role;
            if ((r == SPEAKER || r == AGENT || r == GUEST) &&
                KG__ENT((kg_doc *)doc, x->part[p].entity)->type ==
                    KG__PERSON)
                return x->part[p].entity;
        }
    }
    return NOSPAN;
}

/* Does the verb of greeting at k greet people ("welcomed the guests",
 * "greeted Kim Jong Un") rather than approve of something ("welcomed
 * the decision", "welcomed Putin's trip")? */
static int greets_people(const kg_doc *doc, const kg__vec *toks,
                         const kg__vec *spans, size_t k)
{
    size_t j, i;

    for (j = k + 1; j < toks->count && j <= k + 3; j++) {
        if (tok_in(KG__TOK(toks, j), people_words))
            return 1;
        if (KG__TOK(toks, j)->flags & KG__TOK_PUNCT)
            break;
    }
    for (i = 0; i < spans->count; i++) {
        const kg__span *s = KG__SPAN(spans, i);
        if (s->tb > k && s->tb <= k + 2 && is_actor(doc, s))
            return KG__ENT((kg_doc *)doc, s->entity)->type == KG__PERSON &&
                   !(KG__TOK(toks, s->te - 1)->flags & KG__TOK_POSS);
    }
    return 0;
}

/* What a statement or pledge is about, for its id: the class of the
 * first topic noun after the trigger. Two reports of one statement word
 * it differently ("praised the friendship" / "said the friendship has
 * reached ...") but name the same subject matter; two statements of one
 * speaker on different matters stay apart. Sorted by word (bsearch). */
typedef struct topic {
    const char *word;
    const char *topic;
} topic;

static const topic topics[] = {
    {"alliance", "ties"},      {"army", "military"},
    {"artillery", "military"}, {"battlefield", "military"},
    {"bond", "ties"},          {"bonds", "ties"},
    {"business", "economy"},   {"combat", "military"},
    {"cooperation", "ties"},   {"defence", "security"},
    {"defense", "security"},   {"deployment", "military"},
    {"economic", "economy"},   {"economy", "economy"},
    {"embargo", "sanctions"},  {"energy", "economy"},
    {"exchanges", "ties"},     {"exports", "economy"},
    {"fighting", "military"},  {"friendship", "ties"},
    {"imports", "economy"},    {"investment", "economy"},
    {"leadership", "leadership"}, {"military", "military"},
    {"missile", "arms"},       {"missiles", "arms"},
    {"nuclear", "arms"},       {"partnership", "ties"},
    {"relations", "ties"},     {"relationship", "ties"},
    {"sanctions", "sanctions"}, {"security", "security"},
    {"servicemen", "military"}, {"soldiers", "military"},
    {"solidarity", "ties"},    {"sovereignty", "security"},
    {"ties", "ties"},          {"tourism", "economy"},
    {"trade", "economy"},      {"troops", "military"},
    {"unity", "ties"},         {"war", "military"},
    {"weapons", "arms"},
};

static int cmp_topic(const void *key, const void *elem)
{
    const kg__token *t = key;
    const topic *c = elem;
    size_t n = strlen(c->word);
    int r = strncmp(t->norm, c->word, t->nlen < n ? t->nlen : n);
    if (r)
        return r;
    return t->nlen < n ? -1 : t->nlen > n;
}

static const char *find_topic(const kg__vec *toks, size_t k, size_t end)
{
    size_t j;

    for (j = k + 1; j < end; j++) {
        const kg__token *t = KG__TOK(toks, j);
        const topic *c;
        if (t->nlen < 3 || (t->flags & KG__TOK_CAP))
            continue; /* names are participants, not topics */
        c = bsearch(t, topics, KG_ARRAY_SIZE(topics), sizeof(*topics),
                    cmp_topic);
        if (c)
            return c->topic;
    }
    return NULL;
}

/* Is person 'e' a head of state or government by a role in the doc? */
static int is_head(const kg_doc *doc, size_t e)
{
    static const char *const heads[] = {"president", "leader", "chairman",
                                        "premier", "prime", "king",
                                        "chancellor", NULL};
    size_t i;

    for (i = 0; i < doc->roles.count; i++) {
        const kg__role *r = KG__VEC_AT(&doc->roles, kg__role, i);
        const char *const *h;
        if (r->person != e)
            continue;
        for (h = heads; *h; h++) {
            const char *p = r->title;
            size_t n = strlen(*h);
            for (; *p; p++)
                if (strncmp(p, *h, n) == 0 ||
                    (p[0] - 'A' + 'a' == (*h)[0] &&
                     strncmp(p + 1, *h + 1, n - 1) == 0))
                    return 1;
        }
    }
    return 0;
}

static int append_slug(kg_buf *b, const kg_doc *doc, size_t e)
{
    const char *id = KG__ENT((kg_doc *)doc, e)->id;
    const char *slash = strchr(id, '/');
    return kg_buf_printf(b, "-%s", slash ? slash + 1 : id);
}

/* The event's base key: its type and main participants, without time
 * ("reception-russia-embassy-in-dprk"). */
static int event_base(kg_buf *b, const kg_doc *doc, const kg__event *ev)
{
    char type[32];
    size_t i, n = strlen(kg__event_types[ev->type]);
    size_t a = NOSPAN, c = NOSPAN;
    int j;

    for (i = 0; i < n && i < sizeof(type) - 1; i++) {
        char ch = kg__event_types[ev->type][i];
        type[i] = (ch >= 'A' && ch <= 'Z') ? ch + 32 : ch;
    }
    type[i] = '\0';
    kg_buf_clear(b);
    if (kg_buf_puts(b, type) < 0)
        return KG_ENOMEM;
    if (ev->type == MEETING || ev->type == SUMMIT) {
        /* the two first people, in id order */
        for (j = 0; j < ev->npart; j++) {
            size_t e = ev->part[j].entity;
            if (KG__ENT((kg_doc *)doc, e)->type != KG__PERSON)
                continue;
            if (a == NOSPAN)
                a = e;
            else if (c == NOSPAN)
                c = e;
        }
        if (a != NOSPAN && c != NOSPAN &&
            strcmp(KG__ENT((kg_doc *)doc, a)->id,
                   KG__ENT((kg_doc *)doc, c)->id) > 0) {
            size_t t = a;
            a = c;
            c = t;
        }
    }
    if (ev->type == RECEPTION || ev->type == FORUM) {
        /* a gathering is known by its host body, which every report
         * names the same way, rather than by whoever is named first */
        for (j = 0; a == NOSPAN && j < ev->npart; j++)
            if (ev->part[j].role == HOST &&
                KG__ENT((kg_doc *)doc, ev->part[j].entity)->type != KG__PERSON)
                a = ev->part[j].entity;
        if (a == NOSPAN && ev->place != NOSPAN)
            a = ev->place;
    }
    if (a == NOSPAN && ev->npart)
        a = ev->part[0].entity;
    if (c == NOSPAN && (ev->type == STATEMENT || ev->type == MESSAGE)) {
        int want = ev->type == STATEMENT ? SUBJECT : ADDRESSEE;
        for (j = 0; j < ev->npart; j++)   /* a person first, then any */
            if (ev->part[j].role == want && ev->part[j].entity != a &&
                KG__ENT((kg_doc *)doc, ev->part[j].entity)->type ==
                    KG__PERSON) {
                c = ev->part[j].entity;
                break;
            }
        for (j = 0; c == NOSPAN && j < ev->npart; j++)
            if (ev->part[j].role == want && ev->part[j].entity != a)
                c = ev->part[j].entity;
    }
    if (a == NOSPAN && ev->place != NOSPAN)
        a = ev->place;
    if ((a != NOSPAN && append_slug(b, doc, a) < 0) ||
        (c != NOSPAN && append_slug(b, doc, c) < 0) ||
        (ev->topic && kg_buf_printf(b, "-%s", ev->topic) < 0))
        return KG_ENOMEM;
    return 0;
}

/* Two dates that may name the same day: equal wherever both are known. */
static int date_compatible(const kg__date *a, const kg__date *b)
{
    return (!a->year || !b->year || a->year == b->year) &&
           (!a->month || !b->month || a->month == b->month) &&
           (!a->day || !b->day || a->day == b->day);
}

static int date_precision(const kg__date *d)
{
    return (d->year != 0) + (d->month != 0) + (d->day != 0);
}

/* Merge 'ev' into the doc: into an earlier event of the same base key
 * whose date agrees with it, or as a new one. Ids are given at the end
 * (kg__events_finish), once every report of the article has added what
 * it knows. */
static int commit_event(kg_doc *doc, kg__event *ev, size_t *index)
{
    kg_buf base = KG_BUF_INIT;
    kg__event *slot;
    size_t i;
    int j, error = KG_ENOMEM;

    if (event_base(&base, doc, ev) < 0)
        goto done;
    for (i = kg__map_get(&doc->event_bases, base.ptr, base.size);
         i != SIZE_MAX;
         i = KG__VEC_AT(&doc->events, kg__event, i)->chain) {
        kg__event *old = KG__VEC_AT(&doc->events, kg__event, i);
        if (!date_compatible(&old->date, &ev->date))
            continue;
        for (j = 0; j < ev->npart; j++)
            add_part(old, ev->part[j].entity, ev->part[j].role);
        if (date_precision(&ev->date) > date_precision(&old->date))
            old->date = ev->date;
        if (old->place == NOSPAN)
            old->place = ev->place;
        old->praise |= ev->praise;
        old->sent_seen = ev->sent_last;
        *index = i;
        error = 0;
        goto done;
    }
    if (!ev->topic && (ev->type == STATEMENT || ev->type == PLEDGE)) {
        /* a report that names no topic ("X said the support proves
         * ...") goes on with the last one of the same speaker and
         * counterpart in the article, whatever its topic */
        for (i = doc->events.count; i-- > 0 && doc->events.count - i <= 32;) {
            kg__event *old = KG__VEC_AT(&doc->events, kg__event, i);
            if (old->type == ev->type && old->topic &&
                strncmp(old->base, base.ptr, base.size) == 0 &&
                old->base[base.size] == '-' &&
                strcmp(old->base + base.size + 1, old->topic) == 0 &&
                date_compatible(&old->date, &ev->date)) {
                for (j = 0; j < ev->npart; j++)
                    add_part(old, ev->part[j].entity, ev->part[j].role);
                old->praise |= ev->praise;
                old->sent_seen = ev->sent_last;
                *index = i;
                error = 0;
                goto done;
            }
        }
    }
    if ((slot = kg__vec_push(&doc->events)) == NULL)
        goto done;
    *slot = *ev;
    slot->id = slot->label = NULL;
    slot->sent_seen = ev->sent_last;
    if ((slot->base = kg__arena_strndup(&doc->arena, base.ptr,
                                        base.size)) == NULL) {
        doc->events.count--;
        goto done;
    }
    *index = doc->events.count - 1;
    slot->chain = kg__map_get(&doc->event_bases, base.ptr, base.size);
    if (kg__map_put(&doc->event_bases, slot->base, base.size, *index) < 0) {
        doc->events.count--;
        goto done;
    }
    error = 0;
done:
    kg_buf_dispose(&base);
    return error;
}

/* The time part of an event's id (see the file comment): "2025-11",
 * "2024", "--10" or "". */
static void time_key(char out[16], const kg_doc *doc, const kg__event *ev)
{
    const kg__date *d = &ev->date, *pub = &doc->art.published;
    int year = d->year ? d->year : doc->art.anchor.year;

    out[0] = '\0';
    if (ev->type == DEPLOYMENT) {
        /* an operation lasting months: one per year */
        if (year)
            snprintf(out, 16, "%04d", year);
        return;
    }
    if (d->year && d->month && d->year == year &&
        (d->year == doc->art.anchor.year || d->year == pub->year))
        snprintf(out, 16, "%04d-%02d", d->year, d->month);
    else if (d->year)
        snprintf(out, 16, "%04d", d->year);
    else if (d->month)
        snprintf(out, 16, "--%02d", d->month);
    else if (pub->year && pub->month)
        /* undated: the news of the report's month (the page's date even
         * when it is only a "today" banner) */
        snprintf(out, 16, "%04d-%02d", pub->year, pub->month);
    else if (year)
        snprintf(out, 16, "%04d", year);
}

int kg__events_finish(kg_doc *doc)
{
    kg_buf id = KG_BUF_INIT;
    size_t i;
    int n, error = KG_ENOMEM;

    for (i = 0; i < doc->events.count; i++) {
        kg__event *ev = KG__VEC_AT(&doc->events, kg__event, i);
        char t[16];
        time_key(t, doc, ev);
        kg_buf_clear(&id);
        if (kg_buf_printf(&id, t[0] ? "event/%s-%s" : "event/%s%s",
                          t, ev->base) < 0)
            goto done;
        /* two events of one article with one key (two receptions of one
         * host in one month): the later takes its day, or a number */
        for (n = 1; kg__map_get(&doc->event_ids, id.ptr, id.size) !=
                    SIZE_MAX;
             n++) {
            kg_buf_clear(&id);
            if ((ev->date.day && n == 1
                     ? kg_buf_printf(&id, "event/%s-%s-%02d", t, ev->base,
                                     ev->date.day)
                     : kg_buf_printf(&id, "event/%s-%s-%d", t, ev->base,
                                     n + 1)) < 0)
                goto done;
        }
        if ((ev->id = kg__arena_strndup(&doc->arena, id.ptr, id.size)) ==
                NULL ||
            kg__map_put(&doc->event_ids, ev->id, id.size, i) < 0)
            goto done;
        ev->label = ev->id + 6;
    }
    error = 0;
done:
    kg_buf_dispose(&id);
    return error;
}

/* Events of one sentence that happen at a gathering of the same sentence
 * ("at the reception last week, X pledged") take its more precise date
 * when the two agree. */
static void inherit_dates(kg_doc *doc, const size_t *ev, size_t n)
{
    size_t i, j;

    for (i = 0; i < n; i++) {
        const kg__event *g = KG__VEC_AT(&doc->events, kg__event, ev[i]);
        if ((g->type != RECEPTION && g->type != MEETING &&
             g->type != SUMMIT && g->type != FORUM) || !g->date.day)
            continue;
        for (j = 0; j < n; j++) {
            kg__event *e = KG__VEC_AT(&doc->events, kg__event, ev[j]);
            if (e->date.day || (e->date.year && e->date.year != g->date.year) ||
                (e->date.month && e->date.month != g->date.month))
                continue;
            if (e->date.year || e->date.month)
                e->date = g->date;
        }
    }
}

/* The date of the sentence's event: the first temporal expression (in
 * the tokens read, a window of a long sentence) not naming an anniversary
 * and not the date of the report itself. */
static kg__date sentence_date(const kg_doc *doc, const kg__vec *toks)
{
    size_t from = KG__TOK(toks, 0)->begin;
    const char *text = doc->art.text + from;
    size_t len = KG__TOK(toks, toks->count - 1)->end - from, n, i;
    kg__date_match m[8];
    kg__date none = {0, 0, 0};

    n = kg__date_find(m, 8, text, len, &doc->art.anchor);
    for (i = 0; i < n; i++) {
        size_t a = m[i].end, b = m[i].begin;
        while (a < len && text[a] == ' ')
            a++;
        if (len - a >= 11 && strncmp(text + a, "anniversary", 11) == 0)
            continue;
        while (b > 0 && text[b - 1] == ' ')
            b--;
        {
            size_t w = b;
            int rep = 0, k;
            while (w > 0 && text[w - 1] != ' ')
                w--;
            for (k = 0; report_words[k]; k++)
                if (b - w == strlen(report_words[k]) &&
                    strncmp(text + w, report_words[k], b - w) == 0)
                    rep = 1;
            if (rep)
                continue;
        }
        if (!m[i].date.year && !m[i].date.month && !m[i].date.day)
            continue;
        return m[i].date;
    }
    return none;
}

/* Is the verb at k coordinated with an earlier one ("... and said",
 * "... and also pledged")? */
static int coordinated(const kg__vec *toks, size_t k)
{
    static const char *const adverbs[] = {"also", "then", "later", "again",
                                          NULL};

    if (k >= 1 && tok_is(KG__TOK(toks, k - 1), "and"))
        return 1;
    return k >= 2 && tok_is(KG__TOK(toks, k - 2), "and") &&
           tok_in(KG__TOK(toks, k - 1), adverbs);
}

int kg__find_events(kg_doc *doc, size_t sentence, const kg__vec *toks,
                    const kg__vec *spans)
{
    size_t k, i, place = NOSPAN, place_tb = 0, said_at = SIZE_MAX;
    size_t place_any = NOSPAN, place_any_tb = 0, last_ref = NOSPAN;
    int seen[ANAPHOR + 1] = {0};
    int has_reception = 0, has_message = 0, date_done = 0, joined = 0;
    int error;
    size_t seen_subj[ANAPHOR + 1], touched[16], ntouched = 0;
    size_t vsubj = NOSPAN, vevent = NOSPAN; /* the last verb's subject
                                               span and its event */
    int vtype = -1;
    kg__date date = {0, 0, 0};

    for (k = 0; k < toks->count; k++) {
        const kg__token *t = KG__TOK(toks, k);
        const cue *c = lookup_cue(t);
        if (c && c->type == RECEPTION)
            has_reception = 1;
        if (c && c->type == MESSAGE)
            has_message = 1;
        if (SPEECH_TOK(t) && k < said_at)
            said_at = k;
    }
    /* the place: the first place named before any verb of saying (what a
     * speaker mentions is not where the event is); the city of an
     * embassy ("the Embassy in Pyongyang") counts */
    for (i = 0; i < spans->count; i++) {
        const kg__span *s = KG__SPAN(spans, i);
        if (s->entity == NOSPAN || KG__ENT(doc, s->entity)->type != KG__PLACE)
            continue;
        if (s->tb < said_at && place == NOSPAN) {
            place = s->entity;
            place_tb = s->tb;
        }
        if (place_any == NOSPAN) {
            place_any = s->entity;
            place_any_tb = s->tb;
        }
    }
    /* a trigger inside what is said ("X said the next forum will be
     * held in Y") takes a place from there too */
    for (k = 0; k < toks->count; k++) {
        const kg__token *t = KG__TOK(toks, k);
        const cue *c = lookup_cue(t);
        kg__event ev;
        size_t subj, stop, ref = NOSPAN, end = toks->count;
        int definite;

        if (!c || !needs_ok(toks, k, c->flags))
            continue;
        if (k > said_at && place == NOSPAN) {
            place = place_any;
            place_tb = place_any_tb;
        }
        if (c->type == STATEMENT && has_message)
            continue; /* what a letter states is the letter */
        if (k > 0 && tok_is(KG__TOK(toks, k - 1), "to") &&
            (c->type == COMMEMORATION || c->type == RECEPTION))
            continue; /* purpose: "to commemorate" */
        if ((c->flags & SPEECH) && has_reception)
            continue;
        if ((c->flags & NEED_ATTEND) && has_gathering_before(toks, k))
            continue; /* "the banquet marked the anniversary": its purpose */
        if ((c->flags & NOUN) && k + 1 < toks->count &&
            !(KG__TOK(toks, k + 1)->flags & KG__TOK_PUNCT) &&
            (KG__TOK(toks, k + 1)->classes &
             (1u << KG__LEX_PLACESUFFIX)))
            continue;
        definite = k > 0 && tok_is(KG__TOK(toks, k - 1), "the");
        subj = find_subject(doc, toks, spans, k, c->flags);
        if (!(c->flags & NOUN) && vsubj != NOSPAN && coordinated(toks, k)) {
            /* "X thanked Y and said ...": the first verb's subject; a
             * second verb of the same class adds to the same event */
            subj = vsubj;
            if (vtype == c->type) {
                kg__event *x = KG__VEC_AT(&doc->events, kg__event, vevent);
                end = c->type == PLEDGE ? scope_end(toks, k) : toks->count;
                for (i = 0; i < spans->count; i++) {
                    const kg__span *s = KG__SPAN(spans, i);
                    if (s->tb > k && s->tb < end && is_actor(doc, s) &&
                        !is_media(doc, s->entity))
                        add_part(x, s->entity,
                                 arg_role(doc, toks, spans, i, subj, k,
                                          c->type));
                }
                if (c->flags & PRAISE)
                    x->praise = 1;
                continue;
            }
        }
        if ((c->flags & GREET) && greets_people(doc, toks, spans, k)) {
            /* "X welcomed the guests": X hosts the gathering under way */
            size_t e;
            for (e = doc->events.count; subj != NOSPAN && e-- > 0;) {
                kg__event *x = KG__VEC_AT(&doc->events, kg__event, e);
                if (is_gathering(x->type) && x->type != MEETING &&
                    x->type != SUMMIT && x->sent_seen + 2 >= sentence) {
                    add_part(x, KG__SPAN(spans, subj)->entity, HOST);
                    x->sent_seen = sentence;
                    joined = 1;
                    break;
                }
            }
            continue;
        }
        if (subj == NOSPAN && c->type == PLEDGE)
            ref = pronoun_subject(doc, toks, spans, k, sentence);
        if (seen[c->type] &&
            (subj == NOSPAN || (c->flags & NOUN) ||
             seen_subj[c->type] == KG__SPAN(spans, subj)->entity))
            continue; /* one event per type and subject in a sentence */
        if (subj != NOSPAN && (c->flags & REPORT) &&
            (is_media(doc, KG__SPAN(spans, subj)->entity) ||
             media_phrase(toks, KG__SPAN(spans, subj)) ||
             media_before(toks, k)))
            continue; /* "..., state media said": a source, no statement */
        memset(&ev, 0, sizeof(ev));
        ev.place = NOSPAN;
        ev.sent_first = ev.sent_last = sentence;
        {
            const kg__sentence *st = &doc->art.sentences[sentence];
            if (st->end - st->begin > 4096) {
                ev.ev_begin = KG__TOK(toks, 0)->begin;
                ev.ev_end = KG__TOK(toks, toks->count - 1)->end;
            }
        }
        if (!date_done) {
            date = sentence_date(doc, toks);
            date_done = 1;
        }
        /* "the banquet took place", "at the event", "X opened the
         * forum": a definite noun (or "the event") refers back to the
         * last event of its type (any gathering for "the event") */
        if (!date_done) {
            date = sentence_date(doc, toks);
            date_done = 1;
        }
        if (c->type == ANAPHOR ||
            (definite && (c->flags & NOUN) && doc->events.count &&
             (subj == NOSPAN ||
              (is_gathering(c->type) && c->type != MEETING &&
               c->type != SUMMIT && !date.year && !date.month &&
               !date.day)))) {
            size_t e;
            kg__event *last = NULL;
            for (e = doc->events.count; e-- > 0;) {
                kg__event *x = KG__VEC_AT(&doc->events, kg__event, e);
                if (c->type == ANAPHOR ? is_gathering(x->type)
                                       : x->type == c->type) {
                    last = x;
                    break;
                }
            }
            if (!last && c->type == ANAPHOR)
                continue;
            if (!last)
                goto fresh;
            /* after the noun, only up to a clause of its own: "The
             * event came two days after Kim sent a message" */
            for (stop = k + 1; stop < toks->count; stop++)
                if (tok_in(KG__TOK(toks, stop), subord_words) ||
                    lookup_cue(KG__TOK(toks, stop)))
                    break;
            for (i = 0; i < spans->count; i++) {
                const kg__span *s = KG__SPAN(spans, i);
                if (is_actor(doc, s) && !is_media(doc, s->entity) &&
                    s->tb < stop)
                    add_part(last, s->entity,
                             actor_role(toks, s, k, last->type));
            }
            last->sent_seen = sentence;
            if (!last->date.year && !last->date.month && !last->date.day)
                last->date = date;
            /* only a place said of the event itself: "the banquet took
             * place in Moscow", not one a speech names later */
            if (last->place == NOSPAN && place != NOSPAN &&
                clause_start(toks, place_tb) == clause_start(toks, k))
                last->place = place;
            if (sentence == last->sent_last + 1 && !last->ev_end)
                last->sent_last = sentence;
            joined = 1;
            last_ref = (size_t)(last - KG__VEC_AT(&doc->events, kg__event,
                                                  0));
            continue;
        }
    fresh:
        if (subj == NOSPAN && !(c->flags & NOUN) && c->type != PLEDGE)
            continue; /* "He said", "officials stressed" */
        ev.type = c->type;
        ev.status = status_of(toks, k);
        ev.date = date;
        ev.place = place;
        ev.praise = (c->flags & PRAISE) != 0;
        if (c->type == PLEDGE)
            end = scope_end(toks, k);
        if (c->type == STATEMENT || c->type == PLEDGE)
            ev.topic = find_topic(toks, k, end);
        if (subj != NOSPAN) {
            const kg__span *s = KG__SPAN(spans, subj);
            add_part(&ev, s->entity,
                     s->tb < k ? arg_role(doc, toks, spans, subj, subj, k,
                                          c->type)
                               : subject_role[c->type]);
        } else if (ref != NOSPAN) {
            add_part(&ev, ref, subject_role[c->type]);
        }
        for (i = 0; i < spans->count; i++) {
            const kg__span *s = KG__SPAN(spans, i);
            if (!is_actor(doc, s) || is_media(doc, s->entity) ||
                s->tb >= end)
                continue;
            add_part(&ev, s->entity,
                     arg_role(doc, toks, spans, i, subj, k, c->type));
        }
        if (ev.type == DEPLOYMENT) {
            /* a person deploys for a state: "Kim defended the deployment" */
            int j;
            for (j = 0; j < ev.npart; j++) {
                const kg__entity *en = KG__ENT(doc, ev.part[j].entity);
                if (en->type == KG__PERSON && en->state &&
                    ev.part[j].role == AGENT) {
                    size_t s;
                    for (s = 0; s < doc->entities.count; s++)
                        if (strcmp(KG__ENT(doc, s)->id, en->state) == 0)
                            break;
                    if (s < doc->entities.count) {
                        kg__participant p = ev.part[j];
                        ev.part[j].entity = s;
                        add_part(&ev, p.entity, p.role);
                    }
                    break;
                }
            }
        }
        if (!ev.npart && c->type == PLEDGE) {
            /* "Both sides agreed": the parties of the last event */
            size_t j;
            kg__event *last = doc->events.count
                                  ? KG__VEC_AT(&doc->events, kg__event,
                                               doc->events.count - 1)
                                  : NULL;
            int both = 0;
            for (j = 0; j < k; j++)
                if (tok_in(KG__TOK(toks, j), both_words))
                    both = 1;
            if (!last || !both)
                continue;
            for (j = 0; j < (size_t)last->npart; j++)
                add_part(&ev, last->part[j].entity, AGENT);
            if (ev.place == NOSPAN)
                ev.place = last->place;
        }
        if (!ev.npart && ev.place != NOSPAN &&
            KG__ENT(doc, ev.place)->state) {
            /* "the next forum will be held in Pyongyang": a gathering
             * named only by its city is hosted by the city's state */
            const char *st = KG__ENT(doc, ev.place)->state;
            size_t e;
            for (e = 0; e < doc->entities.count; e++)
                if (strcmp(KG__ENT(doc, e)->id, st) == 0) {
                    add_part(&ev, e, HOST);
                    break;
                }
        }
        if (!ev.npart && last_ref != NOSPAN && k > 0 &&
            (has_word_before(toks, k, "during", 5) ||
             has_word_before(toks, k, "sidelines", 5))) {
            /* "The meeting took place during a forum": its parties
             * attend the forum */
            const kg__event *x = KG__VEC_AT(&doc->events, kg__event,
                                            last_ref);
            int j;
            for (j = 0; j < x->npart; j++)
                if (KG__ENT(doc, x->part[j].entity)->type == KG__PERSON)
                    add_part(&ev, x->part[j].entity, ATTENDEE);
        }
        if (!ev.npart)
            continue; /* an event without participants is not stated */
        if (ev.type == MEETING) {
            int j, people = 0, heads = 0;
            for (j = 0; j < ev.npart; j++)
                if (KG__ENT(doc, ev.part[j].entity)->type == KG__PERSON) {
                    people++;
                    heads += is_head(doc, ev.part[j].entity);
                }
            if (people >= 2 && heads == people)
                ev.type = SUMMIT;
            else if (ev.npart < 2)
                continue;
        }
        seen[c->type] = 1;
        seen_subj[c->type] = ev.npart ? ev.part[0].entity : NOSPAN;
        if ((error = commit_event(doc, &ev, &touched[ntouched])) < 0)
            return error;
        last_ref = touched[ntouched];
        if (!(c->flags & NOUN)) {
            vsubj = subj;
            vevent = last_ref;
            vtype = ev.type;
        }
        if (ntouched < KG_ARRAY_SIZE(touched) - 1)
            ntouched++;
    }
    /* "X and Y also attended", "were among those present": people of a
     * sentence with no event of its own attend the gathering just told */
    if (!ntouched && !joined && doc->events.count) {
        kg__event *last = NULL;
        size_t e;
        for (k = 0; k < toks->count; k++)
            if (tok_in(KG__TOK(toks, k), present_words))
                break;
        for (e = doc->events.count; k < toks->count && e-- > 0;) {
            kg__event *x = KG__VEC_AT(&doc->events, kg__event, e);
            if (is_gathering(x->type)) {
                last = x;
                break;
            }
        }
        if (last && last->sent_seen + 2 >= sentence)
            for (i = 0; i < spans->count; i++) {
                const kg__span *s = KG__SPAN(spans, i);
                if (is_actor(doc, s) && !is_media(doc, s->entity) &&
                    s->tb < k)
                    add_part(last, s->entity, ATTENDEE);
            }
    }
    inherit_dates(doc, touched, ntouched);
    return 0;
}

/* ---- anniversaries ---------------------------------------------------- */

/* "the 77th anniversary" ... "the Oct. 12 anniversary": an event the
 * article dates by its year only and that lies exactly N years before the
 * anchor year is the one the anniversary counts from, so it takes the
 * anniversary's month and day. */
void kg__date_anniversaries(kg_doc *doc)
{
    const char *text = doc->art.text;
    size_t s, i;
    int nth = 0;
    kg__date md = {0, 0, 0};

    for (s = 0; s < doc->art.n_sentences; s++) {
        const kg__sentence *st = &doc->art.sentences[s];
        const char *p = text + st->begin;
        size_t len = st->end - st->begin, n, j;
        kg__date_match m[8];
        int seen = 0;

        for (j = 0; j + 11 <= len; j++) {
            size_t b = j;
            int v = 0;
            if (p[j] != 'a' || memcmp(p + j, "anniversary", 11) != 0)
                continue;
            seen = 1;
            /* an ordinal just before: "77th " */
            if (b >= 1 && p[b - 1] == ' ')
                b--;
            while (b > 0 && p[b - 1] >= 'a' && p[b - 1] <= 'z')
                b--;
            if (j - b < 3) /* "77th ": an ordinal, not "Oct. 12 " */
                continue;
            {
                size_t e = b, k = 1;
                while (b > 0 && p[b - 1] >= '0' && p[b - 1] <= '9' && k < 10000)
                    b--, k *= 10;
                for (; b < e; b++)
                    if (p[b] >= '0' && p[b] <= '9')
                        v = v * 10 + (p[b] - '0');
            }
            if (v > 0 && v < 1000)
                nth = v;
        }
        if (!seen)
            continue;
        n = kg__date_find(m, 8, p, len, &doc->art.anchor);
        for (j = 0; j < n; j++) {
            size_t a = m[j].end;
            while (a < len && p[a] == ' ')
                a++;
            if (len - a >= 11 && memcmp(p + a, "anniversary", 11) == 0 &&
                m[j].date.month && m[j].date.day)
                md = m[j].date;
        }
    }
    if (!nth || !md.month || !doc->art.anchor.year)
        return;
    for (i = 0; i < doc->events.count; i++) {
        kg__event *ev = KG__VEC_AT(&doc->events, kg__event, i);
        if (ev->date.year && !ev->date.month &&
            ev->date.year == doc->art.anchor.year - nth) {
            ev->date.month = md.month;
            ev->date.day = md.day;
        }
    }
}


/* ---- convenience links ------------------------------------------------ */

const char *const kg__link_names[] = {"metWith", "hosted", "visited",
                                      "pledgedTo", "praised", NULL};

static size_t push_link(kg__link *out, size_t n, size_t from, size_t to,
                        int kind)
{
    size_t i;

    if (from == to || n >= KG__MAXLINKS)
        return n;
    for (i = 0; i < n; i++)
        if (out[i].from == from && out[i].to == to && out[i].kind == kind)
            return n;
    out[n].from = from;
    out[n].to = to;
    out[n].kind = kind;
    return n + 1;
}

/* The rules, each a pattern of the event the link is stated beside (the
 * preset queries/links.rq shows link, event and source):
 *   metWith   two people who are agents of one Meeting or Summit, or
 *             host and guest, attendee or speaker of one Visit or
 *             Reception (both directions: the relation is symmetric);
 *   hosted    the host of a Visit, Reception, Forum or Commemoration ->
 *             a person who is its guest, attendee or speaker;
 *   visited   a person who is the guest of a Visit -> its place, and the
 *             states that host it;
 *   pledgedTo the agent of a Pledge -> its addressee;
 *   praised   the speaker of a Statement of praise ("praised", "hailed",
 *             "thanked") -> its subject.
 * Planned, denied and hypothetical events support no link. */
size_t kg__event_links(kg__link *out, const kg_doc *doc,
                       const kg__event *ev)
{
    size_t n = 0;
    int i, j;

    if (ev->status != HAPPENED)
        return 0;
    for (i = 0; i < ev->npart; i++) {
        size_t a = ev->part[i].entity;
        int ra = ev->part[i].role;
        int pa = KG__ENT((kg_doc *)doc, a)->type == KG__PERSON;
        if (ev->type == VISIT && ra == GUEST && pa && ev->place != NOSPAN)
            n = push_link(out, n, a, ev->place, KG__LINK_VISITED);
        for (j = 0; j < ev->npart; j++) {
            size_t b = ev->part[j].entity;
            int rb = ev->part[j].role;
            int pb = KG__ENT((kg_doc *)doc, b)->type == KG__PERSON;
            int guest = rb == GUEST || rb == ATTENDEE || rb == SPEAKER;
            switch (ev->type) {
            case MEETING:
            case SUMMIT:
                if (pa && pb && ra == AGENT && rb == AGENT)
                    n = push_link(out, n, a, b, KG__LINK_METWITH);
                break;
            case VISIT:
            case RECEPTION:
                if (ra == HOST && pb && guest) {
                    n = push_link(out, n, a, b, KG__LINK_HOSTED);
                    if (pa) {
                        n = push_link(out, n, a, b, KG__LINK_METWITH);
                        n = push_link(out, n, b, a, KG__LINK_METWITH);
                    }
                }
                if (ev->type == VISIT && pa && ra == GUEST && rb == HOST &&
                    KG__ENT((kg_doc *)doc, b)->type == KG__STATE)
                    n = push_link(out, n, a, b, KG__LINK_VISITED);
                break;
            case FORUM:
            case COMMEMORATION:
                if (ra == HOST && pb && guest)
                    n = push_link(out, n, a, b, KG__LINK_HOSTED);
                break;
            case PLEDGE:
                if (ra == AGENT && rb == ADDRESSEE)
                    n = push_link(out, n, a, b, KG__LINK_PLEDGEDTO);
                break;
            case STATEMENT:
                if (ev->praise && ra == SPEAKER && rb == SUBJECT)
                    n = push_link(out, n, a, b, KG__LINK_PRAISED);
                break;
            default:
                break;
            }
        }
    }
    return n;
}
