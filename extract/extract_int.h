/*
 * extract_int.h -- internals shared by the files of extract/.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef KG_EXTRACT_INT_H
#define KG_EXTRACT_INT_H

#include "kg_int.h"

/* A lexicon file compiled into the library (see cmake/KgEmbed.cmake). */
typedef struct kg__embedded_file {
    const char *name; /* file name, e.g. "states.tsv" */
    const char *data; /* contents, NUL-terminated */
    size_t size;      /* bytes, excluding the NUL */
} kg__embedded_file;

/* Terminated by an entry whose name is NULL. */
extern const kg__embedded_file kg__lexicon_files[];

/* ==== reader: article text -> headline, date, body sentences ==========
 * Implemented in reader.c, date.c, sentence.c. All offsets are byte
 * offsets into the original article text. */

/* A calendar date of known precision: 0 in a field means "not known".
 * year only -> gYear; year+month -> gYearMonth; month+day -> gMonthDay. */
typedef struct kg__date {
    int year;  /* e.g. 2025, or 0 */
    int month; /* 1..12, or 0 */
    int day;   /* 1..31, or 0 */
} kg__date;

/* One sentence of the article body (never of boilerplate). */
typedef struct kg__sentence {
    size_t begin, end; /* byte offsets into the text, end exclusive,
                          trimmed of surrounding white space */
    int paragraph;     /* 0-based index of its paragraph in the body */
    int caption;       /* nonzero: from a photo caption */
} kg__sentence;

typedef struct kg__article {
    const char *text;         /* borrowed: the article, 'len' bytes */
    size_t len;
    char *headline;           /* owned; white space normalised; "" if none */
    kg__date published;       /* all zero when the article states none */
    kg__sentence *sentences;  /* owned array, in text order */
    size_t n_sentences;
    kg__date anchor;          /* what relative dates resolve against:
                                 'published', or only its year when that
                                 looks like the site's "today" banner (an
                                 empty "Date:" field beside it) */
} kg__article;

/*
 * Read an article: validate it (UTF-8, no NUL, not empty or blank), find
 * the headline and publication date in its header, separate the body from
 * boilerplate (navigation, share buttons, ads, shortcodes, "Related" /
 * "Popular" / "More like this" / "Read more" lists) and split the body
 * into sentences. 'source' names the article in errors.
 * Returns 0, KG_EPARSE (invalid UTF-8: byte offset in the message),
 * KG_EINVALID (empty, blank, binary, over KG_ARTICLE_MAX_BYTES),
 * KG_ENOMEM. On failure 'out' holds nothing to dispose.
 */
int kg__article_read(kg__article *out, const char *text, size_t len,
                     const char *source, kg_error *err);
void kg__article_dispose(kg__article *a);

/*
 * Append the sentences of the body paragraph a->text[begin..end) to
 * a->sentences (capacity '*cap' elements, grown as needed), each marked
 * with 'paragraph' and 'caption'. The paragraph's end always ends a
 * sentence. Used by kg__article_read(). Returns 0 or KG_ENOMEM (the
 * sentences appended before stay, 'a' remains disposable).
 */
int kg__sentence_split(kg__article *a, size_t *cap, size_t begin,
                       size_t end, int paragraph, int caption);

/* A temporal expression found in a sentence, resolved. */
typedef struct kg__date_match {
    size_t begin, end; /* byte offsets into the text searched */
    kg__date date;     /* resolved value at the precision the text gives */
} kg__date_match;

/*
 * Find the temporal expressions in text[0..len) ("Oct. 16", "on Friday",
 * "last Friday", "earlier this month", "next week", "in September 2023",
 * "in August", "in 1948", "October 25, 2025", ...) and resolve each
 * against 'published' (which may be all zero: then "Friday" resolves to
 * nothing and "Oct. 16" to --10-16; or give the year only, as
 * kg__article.anchor does for a banner date: then months and month-days
 * take that year and weekdays and "last month" resolve to nothing).
 * Weekdays and bare months look back from 'published' unless their clause
 * speaks of the future ("will visit in December"). Spans cover the
 * temporal words without a leading "on"/"in". Pass one sentence at a time
 * (the clause test reads around the match). Fills at most 'max' matches
 * in text order; returns how many. 'published' may be NULL.
 */
size_t kg__date_find(kg__date_match *out, size_t max, const char *text,
                     size_t len, const kg__date *published);

/*
 * Parse one absolute date at the start of s[0..len): ISO 8601 (with time
 * and zone), RFC 2822, "21 Oct. 2025", "Tue, 21-Oct-2025", "Saturday,
 * October 25, 2025", "Nov 3 2025", ... Returns the bytes consumed, 0 if
 * none.
 */
size_t kg__date_parse(kg__date *out, const char *s, size_t len);

/* Format 'd' as "YYYY-MM-DD", "YYYY-MM", "YYYY" or "--MM-DD" ("" when
 * nothing is known) into 'buf'. Returns the XSD datatype IRI that fits
 * (KG_XSD_DATE, KG_XSD_GYEARMONTH, ...) or NULL. */
const char *kg__date_format(const kg__date *d, char buf[16]);

#endif
