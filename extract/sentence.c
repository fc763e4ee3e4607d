/*
 * sentence.c -- splitting a paragraph of article body into sentences.
 *
 * A sentence ends at '.', '!', '?' or U+2026, with any closing quotes or
 * brackets after it (straight or curly), when white space (ASCII or
 * U+00A0) or the paragraph's end follows and the next word does not start
 * in lower case. A period does not end a sentence after a title ("Mr.",
 * "Gen."), an initial ("J."), a month before a number ("Oct. 16"), "No."
 * before a number, or a dotted abbreviation ("U.S.", "e.g.") or company
 * suffix ("Inc.") unless a common sentence opener follows. Decimals never
 * split since no white space follows their point. The paragraph's end
 * always ends a sentence (the reader calls us once per paragraph). Spans
 * are trimmed of white space and of a leading bullet.
 *
 * SPDX-License-Identifier: MIT
 */
#include <assert.h>
#include <string.h>

#include "extract_int.h"

static int is_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
static int is_alpha(unsigned char c)
{
    return is_lower(c) || (c >= 'A' && c <= 'Z');
}
static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

/* Bytes of one white space character at s[0..len) (ASCII, U+00A0,
 * U+2009 thin space, U+200B), else 0. */
static size_t space_at(const unsigned char *s, size_t len)
{
    if (len == 0)
        return 0;
    if (s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[0] == '\r' ||
        s[0] == '\f' || s[0] == '\v')
        return 1;
    if (len >= 2 && s[0] == 0xC2 && s[1] == 0xA0)
        return 2;
    if (len >= 3 && s[0] == 0xE2 && s[1] == 0x80 &&
        (s[2] == 0x89 || s[2] == 0x8B || s[2] == 0xAF))
        return 3;
    return 0;
}

/* Bytes of one closing quote or bracket at s (’ ” » " ' ) ]), else 0. */
static size_t closer_at(const unsigned char *s, size_t len)
{
    if (len == 0)
        return 0;
    if (s[0] == '"' || s[0] == '\'' || s[0] == ')' || s[0] == ']')
        return 1;
    if (len >= 2 && s[0] == 0xC2 && s[1] == 0xBB)
        return 2;
    if (len >= 3 && s[0] == 0xE2 && s[1] == 0x80 &&
        (s[2] == 0x99 || s[2] == 0x9D))
        return 3;
    return 0;
}

/* Bytes of a bullet marker and the white space after it, else 0. */
static size_t bullet_at(const unsigned char *s, size_t len)
{
    size_t n = 0, w, k;

    if (len >= 1 && (s[0] == '*' || s[0] == '-'))
        n = 1;
    else if (len >= 2 && s[0] == 0xC2 && s[1] == 0xB7)
        n = 2; /* · */
    else if (len >= 3 && s[0] == 0xE2 && s[1] == 0x80 &&
             (s[2] == 0xA2 || s[2] == 0x93 || s[2] == 0x94))
        n = 3; /* • – — */
    else if (len >= 3 && s[0] == 0xE2 && s[1] == 0x96 &&
             (s[2] == 0xAA || s[2] == 0xBA))
        n = 3; /* ▪ ► */
    if (n == 0 || (w = space_at(s + n, len - n)) == 0)
        return 0;
    k = n + w;
    while ((w = space_at(s + k, len - k)) > 0)
        k += w;
    return k;
}

/* Nonzero when s[0..n) equals 'w' exactly. */
static int eq(const char *s, size_t n, const char *w)
{
    return strlen(w) == n && memcmp(s, w, n) == 0;
}

static int in_list(const char *s, size_t n, const char *const *list)
{
    for (; *list; list++)
        if (eq(s, n, *list))
            return 1;
    return 0;
}

/* Titles and other abbreviations a name or number always follows. */
static const char *const titles[] = {
    "Mr",   "Mrs",  "Ms",   "Dr",   "Prof", "St",   "Mt",   "Gen",
    "Lt",   "Col",  "Sen",  "Rep",  "Gov",  "Sgt",  "Capt", "Maj",
    "Adm",  "Cmdr", "Brig", "Pres", "Amb",  "Rev",  "Hon",  "Cpl",
    "Pvt",  "Supt", "Insp", "Det",  "Messrs", "Mme", "Fr",  "vs",
    "approx", "Fig", "fig", "cf",  NULL};
/* Abbreviations a number follows. */
static const char *const before_number[] = {
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct",
    "Nov", "Dec", "No",  "Nos", "Vol", "p",   "pp",  "Art", "Sec", NULL};
/* Abbreviations that may also end a sentence. */
static const char *const maybe_final[] = {
    "Inc", "Ltd", "Corp", "Co", "Jr", "Sr", "etc", "Bros", "LLC", "Plc",
    NULL};
/* Words that open a sentence after an ambiguous abbreviation. */
static const char *const openers[] = {
    "The", "He",  "She",  "It",   "They", "We",    "I",   "But", "In",
    "This", "That", "A",  "An",   "On",   "At",    "Its", "His", "Her",
    "Their", "There", "Meanwhile", "However", "Officials", "After",
    "When", "While", "According", "Analysts", NULL};

/* The word starting at s[0..len) (letters only). */
static size_t word_len(const char *s, size_t len)
{
    size_t i = 0;

    while (i < len && is_alpha((unsigned char)s[i]))
        i++;
    return i;
}

/*
 * Whether the period at text[dot] (with the next word at text[next..end))
 * belongs to an abbreviation rather than ending the sentence. 'start' is
 * where the sentence began.
 */
static int abbreviation(const char *text, size_t start, size_t dot,
                        size_t next, size_t end)
{
    const unsigned char *t = (const unsigned char *)text;
    size_t w = dot, n, nw;
    int dotted = 0, next_digit, opener;

    while (w > start && (is_alpha(t[w - 1]) || t[w - 1] == '.')) {
        dotted |= t[w - 1] == '.';
        w--;
    }
    n = dot - w;
    if (n == 0)
        return 0;
    /* The token must start at a word boundary: "(U.S." yes, "5.Mr" no. */
    if (w > start && is_digit(t[w - 1]))
        return 0;
    next_digit = next < end && is_digit(t[next]);
    nw = next < end ? word_len(text + next, end - next) : 0;
    opener = nw > 0 && (next + nw == end || !is_alpha(t[next + nw])) &&
             in_list(text + next, nw, openers);
    if (dotted)
        return !opener;
    if (n == 1 && t[w] >= 'A' && t[w] <= 'Z')
        return !(opener && nw > 1); /* an initial, unless "plan B. The" */
    if (in_list(text + w, n, titles))
        return 1;
    if (in_list(text + w, n, before_number))
        return next_digit;
    if (in_list(text + w, n, maybe_final))
        return !opener;
    return 0;
}

static int push(kg__article *a, size_t *cap, size_t b, size_t e,
                int paragraph, int caption)
{
    const unsigned char *t = (const unsigned char *)a->text;
    size_t k;

    for (;;) {
        if ((k = space_at(t + b, e - b)) > 0)
            b += k;
        else if ((k = bullet_at(t + b, e - b)) > 0)
            b += k;
        else
            break;
    }
    while (e > b) {
        if (e - b >= 1 && space_at(t + e - 1, 1))
            e--;
        else if (e - b >= 2 && t[e - 2] == 0xC2 && t[e - 1] == 0xA0)
            e -= 2;
        else if (e - b >= 3 && t[e - 3] == 0xE2 && t[e - 2] == 0x80 &&
                 (t[e - 1] == 0x89 || t[e - 1] == 0x8B || t[e - 1] == 0xAF))
            e -= 3;
        else
            break;
    }
    if (b >= e)
        return 0;
    if (a->n_sentences == *cap) {
        size_t ncap = *cap ? *cap * 2 : 64;
        kg__sentence *p;

        if (ncap > ((size_t)-1) / sizeof(*p))
            return KG_ENOMEM;
        p = kg__realloc(a->sentences, ncap * sizeof(*p));
        if (p == NULL)
            return KG_ENOMEM;
        a->sentences = p;
        *cap = ncap;
    }
    a->sentences[a->n_sentences].begin = b;
    a->sentences[a->n_sentences].end = e;
    a->sentences[a->n_sentences].paragraph = paragraph;
    a->sentences[a->n_sentences].caption = caption;
    a->n_sentences++;
    return 0;
}

/*
 * Append the sentences of the paragraph a->text[begin..end): see
 * extract_int.h.
 */
int kg__sentence_split(kg__article *a, size_t *cap, size_t begin,
                       size_t end, int paragraph, int caption)
{
    const unsigned char *t;
    size_t i, start = begin;

    assert(a && cap && begin <= end && end <= a->len);
    t = (const unsigned char *)a->text;
    for (i = begin; i < end;) {
        size_t j, k, next;
        int ellipsis = 0;

        if (t[i] == '.' || t[i] == '!' || t[i] == '?') {
            j = i + 1;
        } else if (i + 2 < end && t[i] == 0xE2 && t[i + 1] == 0x80 &&
                   t[i + 2] == 0xA6) {
            j = i + 3;
            ellipsis = 1;
        } else {
            i++;
            continue;
        }
        while (j < end && (t[j] == '.' || t[j] == '!' || t[j] == '?'))
            j++;
        ellipsis |= j - i >= 3;
        while ((k = closer_at(t + j, end - j)) > 0)
            j += k;
        if (j < end && space_at(t + j, end - j) == 0) {
            i = j;
            continue;
        }
        next = j;
        while ((k = space_at(t + next, end - next)) > 0)
            next += k;
        if (next < end && is_lower(t[next])) {
            i = j;
            continue;
        }
        if (!ellipsis && t[i] == '.' && j == i + 1 && next < end &&
            abbreviation(a->text, start, i, next, end)) {
            i = j;
            continue;
        }
        if (push(a, cap, start, j, paragraph, caption) < 0)
            return KG_ENOMEM;
        start = i = j;
    }
    return push(a, cap, start, end, paragraph, caption) < 0 ? KG_ENOMEM : 0;
}
