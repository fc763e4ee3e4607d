/*
 * kg/extract.h -- articles to facts.
 *
 * Extraction is a pure function of an article's text, its source name and
 * a lexicon: no store, no context, no I/O, no global state. The same input
 * gives the same kg_doc, the same IRIs and the same triples on every run
 * and machine, so a corpus can be split across processes and the results
 * merged by plain loading.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef KG_EXTRACT_H
#define KG_EXTRACT_H

#include "common.h"
#include "triples.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Articles larger than this are refused (KG_EINVALID). */
#define KG_ARTICLE_MAX_BYTES (16u * 1024u * 1024u)

typedef struct kg_lexicon kg_lexicon;

/**
 * Load the built-in lexicon (states, international organisations,
 * ministries, office-holders, places, titles) compiled into the library.
 * @return 0, KG_ENOMEM.
 */
KG_EXTERN int kg_lexicon_new(kg_lexicon **out, kg_error *err);

/**
 * Add the entries of a lexicon file (format: extract/lexicon/README.md) to
 * 'lex'. @return 0, KG_ENOTFOUND, KG_EIO, KG_EPARSE (line in 'err') or
 * KG_ENOMEM; on failure 'lex' is unchanged.
 */
KG_EXTERN int kg_lexicon_add_file(kg_lexicon *lex, const char *path,
                                  kg_error *err);

/** Free 'lex'; NULL is a no-op. */
KG_EXTERN void kg_lexicon_free(kg_lexicon *lex);

/** One extracted article: headline, date, entities, roles, events. */
typedef struct kg_doc kg_doc;

typedef struct kg_extract_options {
    unsigned version;        /* KG_EXTRACT_OPTIONS_VERSION */
    const char *source_name; /* the article's name for provenance, e.g. the
                                file's base name; required */
} kg_extract_options;

#define KG_EXTRACT_OPTIONS_VERSION 1
#define KG_EXTRACT_OPTIONS_INIT {KG_EXTRACT_OPTIONS_VERSION, NULL}

/**
 * Extract the facts of one article.
 * @param out receives the document; free with kg_doc_free().
 * @param text the article, 'len' bytes of UTF-8 (need not be NUL-terminated)
 * @return 0; KG_EPARSE for invalid UTF-8 (byte offset in the message);
 * KG_EINVALID for an empty article, binary data (a NUL byte) or more than
 * KG_ARTICLE_MAX_BYTES; KG_ENOMEM. 'err->where' is the source name.
 */
KG_EXTERN int kg_extract(kg_doc **out, const kg_lexicon *lex,
                         const char *text, size_t len,
                         const kg_extract_options *opts, kg_error *err);

/** Free 'doc'; NULL is a no-op. */
KG_EXTERN void kg_doc_free(kg_doc *doc);

/** The article's IRI, also the name of its graph. Borrowed from 'doc'. */
KG_EXTERN const char *kg_doc_iri(const kg_doc *doc);
/** The source name given at extraction. Borrowed. */
KG_EXTERN const char *kg_doc_source(const kg_doc *doc);
/** Hex SHA-256 of the article text. Borrowed. */
KG_EXTERN const char *kg_doc_digest(const kg_doc *doc);
/** Headline, or "" when none was found. Borrowed. */
KG_EXTERN const char *kg_doc_headline(const kg_doc *doc);
/** Publication date "YYYY-MM-DD", or NULL when the article has none. */
KG_EXTERN const char *kg_doc_published(const kg_doc *doc);
/** Counts of what was found. */
KG_EXTERN size_t kg_doc_entity_count(const kg_doc *doc);
KG_EXTERN size_t kg_doc_role_count(const kg_doc *doc);
KG_EXTERN size_t kg_doc_event_count(const kg_doc *doc);

/**
 * Append the article's facts to 'out' as quads in the graph kg_doc_iri().
 * @return 0 or KG_ENOMEM.
 */
KG_EXTERN int kg_doc_to_triples(const kg_doc *doc, kg_triples *out,
                                kg_error *err);

/**
 * Append the report of ../shared/eval/schema.md (one JSON object) to 'out'.
 * @return 0 or KG_ENOMEM.
 */
KG_EXTERN int kg_doc_to_json(const kg_doc *doc, kg_buf *out, kg_error *err);

#ifdef __cplusplus
}
#endif
#endif
