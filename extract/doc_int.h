/*
 * doc_int.h -- internals of extraction proper: the lexicon, tokens, the
 * extracted document (entities, mentions, roles, events) and the passes
 * that fill it. The reader (article -> sentences, dates) is declared in
 * extract_int.h.
 *
 * Flow: kg_extract() reads the article (reader), tokenises each body
 * sentence (token.c), finds entity spans from the lexicon and context
 * patterns (entity.c), then roles (role.c) and events (event.c), and
 * keeps everything in a kg_doc (doc.c), which serialises to RDF quads and
 * to the JSON report (output.c). All strings of a doc live in its arena.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef KG_DOC_INT_H
#define KG_DOC_INT_H

#include <stdint.h>

#include "extract_int.h"

/* ==== arena: strings and records freed all at once ==================== */

typedef struct kg__arena {
    struct kg__arena_block *head; /* owned chain */
} kg__arena;

void *kg__arena_alloc(kg__arena *a, size_t size);
char *kg__arena_strndup(kg__arena *a, const char *s, size_t n);
void kg__arena_dispose(kg__arena *a);

/* A growable array of fixed-size records (kg__realloc). */
typedef struct kg__vec {
    void *data;
    size_t count, alloc, size; /* 'size': bytes per record */
} kg__vec;

#define KG__VEC_INIT(type) {NULL, 0, 0, sizeof(type)}
/* Append one zeroed record; returns it or NULL (out of memory). */
void *kg__vec_push(kg__vec *v);
void kg__vec_dispose(kg__vec *v);
#define KG__VEC_AT(v, type, i) (&((type *)(v)->data)[i])

/* A hash map from strings (borrowed, must outlive the map) to indices. */
typedef struct kg__mapent {
    uint64_t hash;
    const char *key;      /* NULL: empty slot */
    size_t klen;
    size_t value;
} kg__mapent;

typedef struct kg__map {
    kg__mapent *slots;    /* owned; power-of-two count */
    size_t n, count;
} kg__map;

/* Value of 'key' (klen bytes) or SIZE_MAX. */
size_t kg__map_get(const kg__map *m, const char *key, size_t klen);
/* Insert or overwrite. Returns 0 or KG_ENOMEM (map unchanged). */
int kg__map_put(kg__map *m, const char *key, size_t klen, size_t value);
void kg__map_dispose(kg__map *m);

/* ==== lexicon ========================================================== */

typedef enum kg__ent_type {
    KG__NONE = 0,
    KG__PERSON,
    KG__STATE,
    KG__ORG,
    KG__PLACE
} kg__ent_type;

/* Organization subtypes, in schema.md order; 0 = none. */
enum {
    KG__SUB_NONE = 0,
    KG__SUB_MINISTRY,
    KG__SUB_EMBASSY,
    KG__SUB_PARTY,
    KG__SUB_LEGISLATURE,
    KG__SUB_AGENCY,
    KG__SUB_MILITARY,
    KG__SUB_MEDIA,
    KG__SUB_INTERNATIONAL,
    KG__SUB_OTHER
};

/* Kinds of lexicon rows. Entity kinds name things; word kinds are closed
 * word classes the patterns use. */
typedef enum kg__lex_kind {
    KG__LEX_ENTITY = 1,
    KG__LEX_TITLE,       /* head of a post: "minister" */
    KG__LEX_TITLEWORD,   /* modifier inside a post: "deputy", "foreign" */
    KG__LEX_SURNAME,     /* Korean family name */
    KG__LEX_PLACECUE,    /* "in", "visited": a capital after it is a place */
    KG__LEX_PLACESUFFIX, /* "region", "province" */
    KG__LEX_NOTNAME,     /* capitalised word that is never a name */
    KG__LEX_EVENTCUE,    /* a word that may trigger an event */
    KG__LEX_SPEECH       /* a verb of saying: "said", "told" */
} kg__lex_kind;

/* How a surface form names its entry. */
typedef enum kg__form_kind {
    KG__FORM_NAME = 0, /* preferred name or alias */
    KG__FORM_DEMONYM,  /* "Russian" for a state */
    KG__FORM_METONYM   /* "the Kremlin" for a state */
} kg__form_kind;

typedef struct kg__lexent {
    int kind;            /* kg__lex_kind */
    int type;            /* kg__ent_type for KG__LEX_ENTITY */
    int subtype;         /* KG__SUB_* for organisations */
    const char *id;      /* "state/russia"; may hold "{state}" */
    const char *name;    /* preferred label */
    const char *wikidata;/* "Q159" or NULL */
    const char *state;   /* owning state id or NULL */
    const char *capital_of; /* places: the state id this is the capital of */
    int templated;       /* id contains "{state}" */
    int embassy;         /* the generic embassy row */
} kg__lexent;

/* One surface form of an entry: 'key' is its normalised token sequence. */
typedef struct kg__lexform {
    const char *key;     /* normalised tokens joined by single spaces */
    size_t keylen;
    uint64_t tok0;       /* hash of the first token */
    uint64_t hash;       /* hash of the token sequence */
    size_t entry;        /* index into the entries */
    int ntok;            /* tokens in the key */
    int form;            /* kg__form_kind */
    int exact_case;      /* all-caps acronym: text must be upper case */
    int cap;             /* the form starts upper case: so must the text */
    int need_the;        /* "the North": must follow the word "the" */
    size_t next;         /* next form in the same hash bucket, or SIZE_MAX */
} kg__lexform;

struct kg_lexicon {
    kg__arena arena;
    kg__vec entries;     /* kg__lexent */
    kg__vec forms;       /* kg__lexform */
    size_t *buckets;     /* owned; SIZE_MAX when empty */
    size_t nbuckets;     /* power of two */
    int maxtok;          /* longest key in tokens */
    uint64_t first[1024];/* bit set of the first-token hashes of entity
                            and title forms: a token whose bit is clear
                            starts no name (the fast path) */
    uint64_t words[1024];/* the same for word-class forms */
};

#define KG__LEX_BIT(set, h) (((set)[((h) >> 6) & 1023] >> ((h) & 63)) & 1)
#define KG__LEX_MAYSTART(lex, h) KG__LEX_BIT((lex)->first, h)

/* Hash of one normalised token, and the combination of token hashes. */
uint64_t kg__tok_hash(const char *s, size_t n);
uint64_t kg__hash_combine(uint64_t h, uint64_t tok);
#define KG__HASH_SEED 1469598103934665603ull

/* First form whose key hashes to 'h' (then follow ->next), or NULL. */
const kg__lexform *kg__lex_first(const kg_lexicon *lex, uint64_t h);
const kg__lexform *kg__lex_next(const kg_lexicon *lex,
                                const kg__lexform *f);
const kg__lexent *kg__lex_entry(const kg_lexicon *lex, size_t i);
/* Bit (1 << kind) for each word kind the single normalised token has;
 * 't0' is kg__tok_hash(tok, n). */
unsigned kg__lex_word_classes(const kg_lexicon *lex, const char *tok,
                              size_t n, uint64_t t0);

/* Load lexicon text 'data' (the TSV format of extract/lexicon/README.md)
 * named 'name' into 'lex'. Returns 0, KG_EPARSE (line in 'err') or
 * KG_ENOMEM; on failure entries added so far stay (callers that need
 * all-or-nothing load into a copy). */
int kg__lex_load(kg_lexicon *lex, const char *data, size_t len,
                 const char *name, kg_error *err);

/* ==== tokens =========================================================== */

enum {
    KG__TOK_CAP = 1,      /* first letter upper case */
    KG__TOK_UPPER = 2,    /* every letter upper case (and >= 2 letters) */
    KG__TOK_POSS = 4,     /* followed by 's or ' (possessive) */
    KG__TOK_HYPHEN = 8,   /* joined to the previous token by a hyphen */
    KG__TOK_PUNCT = 16,   /* punctuation other than '-' before it */
    KG__TOK_DIGIT = 32,   /* starts with a digit */
    KG__TOK_THE = 64,     /* the previous word is "the" */
    KG__TOK_COMMA = 128   /* a comma before it */
};

typedef struct kg__token {
    size_t begin, end;    /* byte offsets into the article text */
    const char *norm;     /* normalised (NFKC, casefold), in the scratch */
    size_t noff, nlen;    /* its offset in the scratch and length */
    uint64_t hash;
    unsigned flags;       /* KG__TOK_* */
    unsigned classes;     /* kg__lex_word_classes() */
} kg__token;

/* Tokenise text[begin..end) into 'toks' (kg__token) with normalised
 * strings in 'scratch' (cleared first). Returns 0 or KG_ENOMEM. */
int kg__tokenize(kg__vec *toks, kg_buf *scratch, const kg_lexicon *lex,
                 const char *text, size_t begin, size_t end);

/* Normalise one word: NFKC + case fold (utf8proc; ASCII fast path),
 * appended to 'out'. Returns 0 or KG_ENOMEM. */
int kg__norm_append(kg_buf *out, const char *s, size_t n);

/* Append a slug of 'name' ("Sin Hong-chol" -> "sin-hong-chol"): normalised
 * letters and digits, runs of anything else as one '-', non-ASCII bytes
 * percent-encoded so the result is always a valid IRI path segment. */
int kg__slug_append(kg_buf *out, const char *name, size_t n);

/* Append the canonical label of 'name' (the same for every spelling that
 * gives one slug, so that one IRI has one rdfs:label whatever article it
 * comes from): KG__LABEL_NAME capitalises each word of the slug and joins
 * them with spaces ("ri kwang sok" -> "Ri Kwang Sok"), small words ("of",
 * "the") lower case; KG__LABEL_KOREAN joins the two syllables of a
 * Korean given name ("Ri Kwang-sok"); KG__LABEL_TITLE keeps every
 * character of the normalised text and capitalises each word but small
 * ones ("foreign minister" -> "Foreign Minister"). */
enum { KG__LABEL_NAME, KG__LABEL_KOREAN, KG__LABEL_TITLE };
int kg__label_append(kg_buf *out, const char *s, size_t n, int mode);

/* ==== document ========================================================= */

typedef struct kg__entity {
    const char *id;       /* "person/sin-hong-chol" (arena) */
    int type, subtype;
    const char *name;     /* preferred label (arena) */
    const char *wikidata; /* or NULL */
    const char *state;    /* owning state id or NULL */
    const char *surname;  /* normalised surname for short mentions */
} kg__entity;

typedef struct kg__mention {
    size_t begin, end;    /* byte offsets into the text */
    size_t entity;        /* index into doc->entities */
    size_t sentence;      /* index into the article's sentences */
} kg__mention;

typedef struct kg__role {
    size_t person;        /* entity index */
    const char *title;    /* as stated, white space normalised (arena) */
    size_t org, state;    /* entity index or SIZE_MAX */
    size_t sentence;
} kg__role;

enum { KG__MAXPART = 8 };

typedef struct kg__participant {
    size_t entity;
    int role;             /* index into kg__part_roles[] */
} kg__participant;

typedef struct kg__event {
    const char *id;       /* "event/..." (arena) */
    int type;             /* index into kg__event_types[] */
    int status;           /* index into kg__event_statuses[] */
    kg__date date;
    size_t place;         /* entity index or SIZE_MAX */
    kg__participant part[KG__MAXPART];
    int npart;
    size_t sent_first, sent_last; /* evidence sentences */
    size_t sent_seen;     /* the last sentence that spoke of it */
    size_t ev_begin, ev_end;      /* evidence bytes when a long sentence is
                                     cut to its window; 0, 0 otherwise */
    const char *label;    /* arena */
    const char *base;     /* type and main participants, no time (arena) */
    const char *topic;    /* statements and pledges: what they are about
                             ("ties"), a static string, or NULL */
    int praise;           /* a statement of praise ("X praised Y") */
    size_t chain;         /* earlier event of the same base, or SIZE_MAX */
} kg__event;

extern const char *const kg__event_types[];    /* "Meeting", ... NULL */
extern const char *const kg__event_statuses[]; /* "happened", ... NULL */
extern const char *const kg__part_roles[];     /* "host", ... NULL */
extern const char *const kg__subtypes[];       /* "", "Ministry", ... */

struct kg_doc {
    kg__arena arena;
    kg__article art;      /* sentences, headline, published */
    char *iri;            /* arena */
    char *source;
    char digest[65];
    char published[16];   /* "" when none */
    kg__vec entities;     /* kg__entity */
    kg__vec mentions;     /* kg__mention, in text order per pass */
    kg__vec roles;        /* kg__role */
    kg__vec events;       /* kg__event */
    size_t *ent_index;    /* hash of entity ids -> index + 1 (0 = empty) */
    size_t ent_nindex;
    kg__map event_ids;    /* event id -> index (kg__events_finish) */
    kg__map event_bases;  /* base key -> last event index with it */
    kg__map surnames;     /* normalised surname -> person, or
                             KG__AMBIGUOUS when two people share it */
    kg__map role_keys;    /* "person\ttitle" -> role index */
};

#define KG__AMBIGUOUS (SIZE_MAX - 1)
/* Sentences longer than this many tokens are read in windows of it, so
 * that every per-sentence pass stays linear in the article. */
#define KG__WINDOW 256

/* A span found in one sentence, in token indices [tb, te). */
typedef struct kg__span {
    size_t sentence;
    size_t window;        /* which KG__WINDOW tokens of the sentence */
    size_t tb, te;
    size_t entity;        /* doc entity index, or SIZE_MAX for titles */
    size_t lexent;        /* lexicon entry index, or SIZE_MAX */
    int title;            /* nonzero: a title head (no entity) */
    int form;             /* kg__form_kind */
    int nested;           /* inside a larger span (embassy's host) */
} kg__span;

/* Find or add the entity 'id'; sets *index. Returns 0 or KG_ENOMEM. */
int kg__doc_entity(kg_doc *doc, size_t *index, const char *id, int type,
                   int subtype, const char *name, const char *wikidata,
                   const char *state);
#define KG__ENT(doc, i) KG__VEC_AT(&(doc)->entities, kg__entity, i)
#define KG__TOK(v, i) KG__VEC_AT(v, kg__token, i)
#define KG__SPAN(v, i) KG__VEC_AT(v, kg__span, i)
/* Record a mention. Returns 0 or KG_ENOMEM. */
int kg__doc_mention(kg_doc *doc, size_t entity, size_t begin, size_t end,
                    size_t sentence);

/* Entities of one tokenised sentence, appended to 'spans' (kg__span,
 * sorted by tb) and to the doc. */
int kg__find_entities(kg_doc *doc, const kg_lexicon *lex, size_t sentence,
                      const kg__vec *toks, kg__vec *spans);
/* Second pass over a sentence: short (surname) mentions of people. */
int kg__find_short_names(kg_doc *doc, size_t sentence, const kg__vec *toks,
                         kg__vec *spans);
/* Roles stated in a sentence. */
int kg__find_roles(kg_doc *doc, size_t sentence, const kg__vec *toks,
                   const kg__vec *spans);
/* After the last sentence: year-only events an anniversary counts from
 * take its month and day. */
void kg__date_anniversaries(kg_doc *doc);
/* After the last sentence: give each event its id (time key + base).
 * Returns 0 or KG_ENOMEM. */
int kg__events_finish(kg_doc *doc);
/* Events stated in a sentence. */
int kg__find_events(kg_doc *doc, size_t sentence, const kg__vec *toks,
                    const kg__vec *spans);

/* ==== convenience links between actors, derived from events ==========
 * A link ("X met with Y") is only ever stated beside the event that
 * supports it, in the same graph: see kg__event_links() in event.c and
 * schemas/kg.ttl. */

enum {
    KG__LINK_METWITH,   /* kg:metWith, both directions */
    KG__LINK_HOSTED,    /* kg:hosted, host -> guest */
    KG__LINK_VISITED,   /* kg:visited, guest -> place or host state */
    KG__LINK_PLEDGEDTO, /* kg:pledgedTo, agent -> addressee */
    KG__LINK_PRAISED    /* kg:praised, speaker -> subject */
};

typedef struct kg__link {
    size_t from, to;      /* entity indices */
    int kind;             /* KG__LINK_* */
} kg__link;

extern const char *const kg__link_names[]; /* "metWith", ... NULL */
#define KG__MAXLINKS (2 * KG__MAXPART * (KG__MAXPART + 1))

/* The links event 'ev' of 'doc' supports, at most KG__MAXLINKS, into
 * 'out'; returns how many. Only events that happened support links. */
size_t kg__event_links(kg__link *out, const kg_doc *doc,
                       const kg__event *ev);

#endif
