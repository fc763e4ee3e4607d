/*
 * reader.c -- article text to headline, publication date and body
 * sentences.
 *
 * The reader works on lines. One pass validates the bytes (no NUL, valid
 * UTF-8 through utf8proc, not blank); a second cuts the text into lines
 * and gives each a few cheap features (trimmed span, word count, how it
 * ends) and a class:
 *   - boilerplate: share buttons, ad labels, navigation bars and
 *     breadcrumbs ("a | b | c", "World > Asia"), shortcodes ("[embed
 *     ...]"), markup, copyright lines, bylines, "Read more:" links,
 *     reading times, and the markers of headline lists ("Popular",
 *     "Related", "More like this", "Previous Article", ...). After a
 *     marker below the first prose, the rest of the article is
 *     boilerplate when it reads as a list of headlines and teasers (at
 *     least two, no fewer than prose lines), otherwise the lines up to
 *     the next prose line are; above the first prose (a "Trending" bar)
 *     only the marker's block up to a blank line is;
 *   - meta: a dateline ("Published: 21 Oct. 2025, 09:00", "Updated 12:40
 *     KST, Nov 3 2025", "Saturday, October 25, 2025") or a date label
 *     without a date ("Date:", "Last updated: 2 hours ago");
 *   - caption: a line ending in a photo credit ("... [YONHAP]", "...
 *     (KCNA/Yonhap)") or starting "Photo:"/"Caption:";
 *   - prose: ends like a sentence with six words or more, or has 25 words.
 * The body starts at the first prose or caption line (a short opening
 * question is a title, not prose); the lines before it are the header
 * zone, where the publication date is the first dateline (a "Published"
 * label wins over others, "Updated" loses) and the headline the first
 * title-like line: a few words, no final period, no trailing colon (the
 * rest of a dateline counts: " date 2025-10-21  Title"). A header date
 * beside an empty "Date:" field is taken as the site's "today" banner:
 * 'published' keeps it as the page shows it, 'anchor' only its year.
 * Body lines are grouped into paragraphs (blank lines, boilerplate,
 * bullets and captions end one) and handed to sentence.c.
 *
 * All work is linear in the text: suffix counts make the headline-list
 * test O(1) per marker. The only allocations are the line table, the
 * headline and the sentence array.
 *
 * SPDX-License-Identifier: MIT
 */
#include <assert.h>
#include <string.h>

#include <utf8proc.h>

#include "extract_int.h"

enum { L_BLANK, L_TEXT, L_BOILER, L_META, L_CAPTION };

typedef struct line {
    size_t b, e;        /* trimmed span of the line in the text */
    int kind;           /* L_* */
    int words;          /* white-space separated tokens, capped at 64 */
    unsigned prose : 1;  /* reads like body prose */
    unsigned teaser : 1; /* ends in "..." or U+2026 */
    unsigned title : 1;  /* could be a headline */
    unsigned marker : 1; /* starts a headline list */
    unsigned bullet : 1; /* starts with a bullet */
    size_t heads, proses; /* from here to the end: headline-like lines and
                             prose lines (not teasers) */
} line;

/* ==== bytes ========================================================= */

/* Bytes of one white-space character at s[0..len), else 0. */
static size_t space_at(const unsigned char *s, size_t len)
{
    if (len == 0)
        return 0;
    if (s[0] == ' ' || s[0] == '\t' || s[0] == '\r' || s[0] == '\n' ||
        s[0] == '\f' || s[0] == '\v')
        return 1;
    if (len >= 2 && s[0] == 0xC2 && s[1] == 0xA0)
        return 2;
    if (len >= 3 && s[0] == 0xE2 && s[1] == 0x80 &&
        ((s[2] >= 0x80 && s[2] <= 0x8B) || s[2] == 0xAF))
        return 3;
    if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
        return 3; /* byte order mark */
    if (len >= 3 && s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)
        return 3; /* ideographic space */
    return 0;
}

/* Bytes of white space ending at s[0..len) (looking backwards). */
static size_t space_before(const unsigned char *s, size_t len)
{
    if (len >= 1 && space_at(s + len - 1, 1))
        return 1;
    if (len >= 2 && space_at(s + len - 2, 2) == 2)
        return 2;
    if (len >= 3 && space_at(s + len - 3, 3) == 3)
        return 3;
    return 0;
}

static int lower(unsigned char c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

/* Nonzero when s[0..n) starts with the lower-case ASCII 'p', any case. */
static int starts_with(const char *s, size_t n, const char *p)
{
    size_t i;

    for (i = 0; p[i]; i++)
        if (i >= n || lower((unsigned char)s[i]) != (unsigned char)p[i])
            return 0;
    return 1;
}

static int ends_with(const char *s, size_t n, const char *suffix)
{
    size_t k = strlen(suffix);

    return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

/*
 * Check the whole text: no NUL, valid UTF-8, some non-space character.
 * ASCII runs take the fast path; other sequences go through utf8proc.
 */
static int validate(const char *text, size_t len, kg_error *err)
{
    const unsigned char *s = (const unsigned char *)text;
    const unsigned char *nul;
    int blank = 1;
    size_t i = 0;

    if ((nul = memchr(s, '\0', len)) != NULL)
        return kg_error_set(err, KG_EINVALID,
                            "binary data (nul byte at offset %zu)",
                            (size_t)(nul - s));
    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n;

        if (s[i] < 0x80) {
            if (blank && !space_at(s + i, 1))
                blank = 0;
            i++;
            continue;
        }
        n = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i < 4 ? len - i
                                                                  : 4),
                             &cp);
        if (n <= 0)
            return kg_error_set(err, KG_EPARSE,
                                "invalid utf-8 at byte offset %zu", i);
        if (blank && !space_at(s + i, (size_t)n) &&
            utf8proc_category(cp) != UTF8PROC_CATEGORY_ZS &&
            utf8proc_category(cp) != UTF8PROC_CATEGORY_CF)
            blank = 0;
        i += (size_t)n;
    }
    if (blank)
        return kg_error_set(err, KG_EINVALID, "empty article");
    return 0;
}

/* ==== line features ================================================= */

/* Lower-case, space-collapsed copy of a short line, without a trailing
 * ':' (for the tables below). Returns its length, or 0 if too long. */
static size_t fold(char *out, size_t cap, const char *s, size_t n)
{
    size_t i, k = 0;

    if (n >= cap)
        return 0;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];

        if (c == ' ' || c == '\t') {
            if (k > 0 && out[k - 1] != ' ')
                out[k++] = ' ';
            continue;
        }
        out[k++] = (char)lower(c);
    }
    while (k > 0 && (out[k - 1] == ':' || out[k - 1] == ' '))
        k--;
    out[k] = '\0';
    return k;
}

static int in_table(const char *s, const char *const *table)
{
    for (; *table; table++)
        if ((*table)[0] == s[0] && strcmp(s, *table) == 0)
            return 1;
    return 0;
}

/* Whole lines that are page furniture. */
static const char *const furniture[] = {
    "share", "share post", "share this", "share this article",
    "share this story", "share article", "share story", "tweet", "email",
    "e-mail", "print", "whatsapp", "facebook", "twitter", "x", "linkedin",
    "telegram", "reddit", "copy link", "link copied", "advertisement",
    "advertisements", "ad", "ads", "sponsored", "sponsored content",
    "promoted", "paid content", "no time to read?", "get a summary",
    "listen to this article", "listen", "skip to content",
    "skip to main content", "menu", "home", "search", "subscribe",
    "sign in", "log in", "login", "register", "newsletter", "sign up",
    "follow us", "comments", "comment", "leave a comment", "leave a reply",
    "tags", "topics", "loading...", "scroll to continue",
    "advertisement - scroll to continue with content", "back to top",
    "close", "font size", "text size", "a a", "a+ a-", "print this page",
    NULL};

/* Whole lines that start a list of other articles' headlines. */
static const char *const list_markers[] = {
    "popular", "most popular", "most read", "most viewed", "related",
    "related articles", "related posts", "related stories", "related news",
    "related content", "related topics", "more like this", "more stories",
    "more news", "more from this section", "more on this story",
    "read more", "read also", "see also", "also read", "you may also like",
    "you might also like", "you may like", "recommended",
    "recommended for you", "recommended stories", "trending",
    "trending now", "latest", "latest news", "latest stories",
    "latest articles", "previous article", "next article", "previous post",
    "next post", "previous", "next", "top stories", "editor's picks",
    "editors' picks", "don't miss", "must read", "in case you missed it",
    "more in this category", "other news", NULL};

/* Prefixes of boilerplate lines (only for lines without a final period or
 * short ones, see classify()). */
static const char *const boiler_prefixes[] = {
    "share on ", "share via ", "follow us on ", "sign up for ",
    "subscribe to ", "read more:", "read also:", "see also:", "related:",
    "also read:", "read more about", "click here", "copyright",
    "\xc2\xa9", "(c) ", "reporting by ", "(reporting by ", "editing by ",
    "written by ", "tags:", "topics:", "filed under", "posted in ",
    "advertisement", "sponsored by", "this article was ", "all rights "
    "reserved", "source:", NULL};

/* Labels of datelines. */
static const char *const date_labels[] = {
    "published", "updated", "last updated", "first published", "posted",
    "posted on", "date", "dated", "modified", "last modified",
    "published on", "updated on", NULL};

static int is_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
static int is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }

/*
 * A navigation bar or breadcrumb: "Home > World > Asia", "Politics >
 * North Korea", "News | World | Asia". Arrows mark one even once; bars
 * and slashes (also used in titles) need two.
 */
static int nav_bar(const char *s, size_t n)
{
    size_t i, bars = 0, arrows = 0;

    for (i = 1; i + 1 < n; i++) {
        if (s[i - 1] != ' ')
            continue;
        if ((s[i] == '|' || s[i] == '/') && s[i + 1] == ' ')
            bars++;
        else if (s[i] == '>' && s[i + 1] == ' ')
            arrows++;
        else if (i + 2 < n && (unsigned char)s[i] == 0xC2 &&
                 (unsigned char)s[i + 1] == 0xBB && s[i + 2] == ' ')
            arrows++;
        else if (i + 3 < n && (unsigned char)s[i] == 0xE2 &&
                 (unsigned char)s[i + 1] == 0x80 &&
                 (unsigned char)s[i + 2] == 0xBA && s[i + 3] == ' ')
            arrows++;
    }
    /* Short items on average. */
    return (arrows >= 1 || bars >= 2) && n / (arrows + bars + 1) < 40;
}

/*
 * A photo credit closing the line: "[YONHAP]", "[RODONG SINMUN]",
 * "[Getty Images]" in brackets, or "(KCNA/Yonhap)", "(AFP)" in
 * parentheses: a short run of capitalised words, all capitals or joined
 * by a slash in parentheses (where plain "(Reuters)" may be a source
 * note).
 */
static int credit_at_end(const char *s, size_t n)
{
    char close = n ? s[n - 1] : 0, open = close == ']' ? '[' : '(';
    size_t i, upper = 0, lower_n = 0, slash = 0;

    if (n < 4 || (close != ']' && close != ')'))
        return 0;
    for (i = n - 1; i > 0 && n - i < 48; i--) {
        unsigned char c = (unsigned char)s[i - 1];

        if (c == (unsigned char)open) {
            /* Content s[i..n-1): starts upper case, not the whole line. */
            if (i < 2 || !is_upper((unsigned char)s[i]) || upper < 1 ||
                upper + lower_n < 2)
                return 0;
            if (open == '[')
                return 1;
            return slash > 0 || lower_n == 0;
        }
        if (is_upper(c))
            upper++;
        else if (c >= 'a' && c <= 'z')
            lower_n++;
        else if (c == '/')
            slash++;
        else if (!(c == ' ' || c == '.' || c == '&' || c == '-' ||
                   c == '\'' || c == ',' || c == '=' ||
                   (c >= '0' && c <= '9') || c >= 0x80))
            return 0;
    }
    return 0;
}

/* Length of a bullet marker and its space at s, else 0. */
static size_t bullet_len(const unsigned char *s, size_t n)
{
    size_t k = 0;

    if (n >= 2 && (s[0] == '*' || s[0] == '-'))
        k = 1;
    else if (n >= 3 && s[0] == 0xC2 && s[1] == 0xB7)
        k = 2;
    else if (n >= 4 && s[0] == 0xE2 &&
             ((s[1] == 0x80 && (s[2] == 0xA2 || s[2] == 0x93 ||
                                s[2] == 0x94)) ||
              (s[1] == 0x96 && (s[2] == 0xAA || s[2] == 0xBA))))
        k = 3;
    return k && space_at(s + k, n - k) ? k : 0;
}

/* Features of the trimmed line s[0..n). */
static void features(line *ln, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, e = n, k;
    int words = 0, in_word = 0, terminal = 0;

    while (i < n && words < 64) {
        if (u[i] > ' ' && u[i] < 0x80) { /* fast path: ASCII non-space */
            words += !in_word;
            in_word = 1;
            i++;
            continue;
        }
        if ((k = space_at(u + i, n - i)) > 0) {
            in_word = 0;
            i += k;
            continue;
        }
        if (!in_word)
            words++;
        in_word = 1;
        i++;
    }
    ln->words = words;
    ln->bullet = bullet_len(u, n) > 0;
    ln->teaser = ends_with(s, n, "...") || ends_with(s, n, "\xe2\x80\xa6");
    /* Strip closing quotes and brackets to see how the sentence ends. */
    for (;;) {
        if (e >= 1 && (s[e - 1] == '"' || s[e - 1] == '\'' ||
                       s[e - 1] == ')'))
            e--;
        else if (e >= 3 && (ends_with(s, e, "\xe2\x80\x9d") ||
                            ends_with(s, e, "\xe2\x80\x99")))
            e -= 3;
        else if (e >= 2 && ends_with(s, e, "\xc2\xbb"))
            e -= 2;
        else
            break;
    }
    terminal = e > 0 && (s[e - 1] == '.' || s[e - 1] == '!' ||
                         s[e - 1] == '?');
    ln->prose = !ln->teaser && ((terminal && words >= 6) || words >= 25);
    ln->title = !ln->teaser && words >= 1 && words <= 30 && n <= 300 &&
                !(e > 0 && (s[e - 1] == '.' || s[e - 1] == ':' ||
                            s[e - 1] == ','));
}

/* The label of a dateline at s[0..n) if any: returns its bytes (with ':'
 * and space) and sets '*updated' for "updated"-style labels. */
static size_t date_label(const char *s, size_t n, int *updated)
{
    char buf[24];
    size_t i, k;

    for (i = 0; i < n && i < sizeof(buf) - 1; i++) {
        unsigned char c = (unsigned char)s[i];

        if (!is_alpha(c) && c != ' ')
            break;
        buf[i] = (char)lower(c);
    }
    /* Try the longest label first: cut at each word end backwards. */
    while (i > 0) {
        while (i > 0 && buf[i - 1] == ' ')
            i--;
        buf[i] = '\0';
        if (i > 0 && in_table(buf, date_labels)) {
            k = i;
            if (k < n && s[k] == ':')
                k++;
            while (k < n && (s[k] == ' ' || s[k] == '\t'))
                k++;
            if (k == i) /* "Dated" glued to something: not a label */
                return 0;
            *updated = buf[0] == 'u' || buf[0] == 'm' ||
                       strncmp(buf, "last", 4) == 0;
            return k;
        }
        while (i > 0 && buf[i - 1] != ' ')
            i--;
    }
    return 0;
}

/*
 * A dateline: a full date among the first four tokens of s[0..n) (after
 * a label, a time, a zone). Returns 1 and fills 'd', '*rest' (bytes after
 * the date and any time after it) and '*updated'.
 */
static int dateline(const char *s, size_t n, kg__date *d, size_t *rest,
                    int *updated)
{
    size_t i = date_label(s, n, updated), tok = 0, k;

    while (i < n && tok < 4) {
        if ((k = kg__date_parse(d, s + i, n - i)) > 0 && d->year > 0 &&
            d->month > 0 && d->day > 0) {
            i += k;
            /* A time and zone after the date: ", 09:00", " 09:00:00
             * +0900", " | 18:20 MSK". */
            for (;;) {
                size_t z;

                while (i < n && (s[i] == ',' || s[i] == ' ' ||
                                 s[i] == ':' || s[i] == '+' || s[i] == '|' ||
                                 s[i] == '-' || (s[i] >= '0' && s[i] <= '9')))
                    i++;
                z = i;
                while (z < n && is_upper((unsigned char)s[z]) && z - i < 6)
                    z++;
                if (i > 0 && s[i - 1] == ' ' && z >= i + 2 && z - i <= 5 &&
                    (z == n || s[z] == ' ' || s[z] == ','))
                    i = z; /* a zone: KST, GMT, MSK */
                else
                    break;
            }
            *rest = i;
            return 1;
        }
        /* Next token. */
        while (i < n && s[i] != ' ' && s[i] != '\t')
            i++;
        while (i < n && (s[i] == ' ' || s[i] == '\t'))
            i++;
        tok++;
    }
    return 0;
}

/* Classify one non-blank line (trimmed s[0..n)). */
static int classify(line *ln, const char *s, size_t n)
{
    char buf[64];
    size_t k;
    int upd;
    const char *const *p;

    features(ln, s, n);
    if ((k = fold(buf, sizeof(buf), s, n)) > 0) {
        if (in_table(buf, list_markers)) {
            ln->marker = 1;
            return L_BOILER;
        }
        if (in_table(buf, furniture))
            return L_BOILER;
        /* An empty label: "Date:", "Published:" */
        if (s[n - 1] == ':' && in_table(buf, date_labels))
            return L_META;
    }
    if (n >= 2 && s[0] == '[' && (is_alpha((unsigned char)s[1]) ||
                                  s[1] == '/'))
        return L_BOILER; /* shortcode: [embed], [caption ...] */
    if ((s[0] == '<' && s[n - 1] == '>') || (n >= 2 && s[0] == '{' &&
                                             s[1] == '{'))
        return L_BOILER; /* leftover markup */
    if (!ln->prose || ln->words <= 12) {
        for (p = boiler_prefixes; *p; p++)
            if (starts_with(s, n, *p))
                return L_BOILER;
        if (nav_bar(s, n))
            return L_BOILER;
        /* Byline: "By Kim Min-ji", "By Reuters staff" */
        if (!ln->prose && ln->words <= 8 && starts_with(s, n, "by ") &&
            n > 3 &&
            is_upper((unsigned char)s[3]))
            return L_BOILER;
    }
    if (credit_at_end(s, n) || starts_with(s, n, "photo:") ||
        starts_with(s, n, "caption:") || starts_with(s, n, "image:") ||
        starts_with(s, n, "pictured:") || starts_with(s, n, "(photo:"))
        return L_CAPTION;
    if (n <= 160 && !ln->prose && (k = date_label(s, n, &upd)) > 0) {
        kg__date d;
        size_t rest;

        /* "Published: 21 Oct. 2025", or "Last updated: 2 hours ago" */
        if (dateline(s, n, &d, &rest, &upd) ||
            (n <= 80 && memchr(s, ':', k) != NULL))
            return L_META;
    }
    /* "5 min read", "Reading time: 3 minutes" */
    if (!ln->prose && ln->words <= 5 &&
        (ends_with(s, n, "min read") || ends_with(s, n, "minute read") ||
         starts_with(s, n, "reading time")))
        return L_BOILER;
    return L_TEXT;
}

/* ==== the article =================================================== */

/* Copy s[0..n) with white space runs collapsed to one space. */
static char *normalise(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    char *out = kg__malloc(n + 1);
    size_t i = 0, o = 0, k;

    if (out == NULL)
        return NULL;
    while (i < n) {
        if ((k = space_at(u + i, n - i)) > 0) {
            if (o > 0 && out[o - 1] != ' ')
                out[o++] = ' ';
            i += k;
            continue;
        }
        out[o++] = s[i++];
    }
    while (o > 0 && out[o - 1] == ' ')
        o--;
    out[o] = '\0';
    return out;
}

/* Headline and publication date from the header zone lines[0..body). */
static int read_header(kg__article *a, const line *lines, size_t body)
{
    size_t i, hb = 0, he = 0;
    int have_title = 0, date_rank = 0; /* 3 published, 2 plain, 1 updated */
    int title_words = 0, empty_label = 0, label_open = 0;

    for (i = 0; i < body; i++) {
        const line *ln = &lines[i];
        const char *s = a->text + ln->b;
        size_t n = ln->e - ln->b, rest = 0, tb = ln->b, te = ln->e, k;
        int upd = 0, rank, labelled;
        kg__date d;
        line tmp;

        if (ln->kind == L_BLANK)
            continue;
        /* A label alone ("Date:") takes its value from the next line; if
         * none follows, the field is empty. */
        labelled = label_open;
        label_open = 0;
        if (ln->kind == L_META && s[n - 1] == ':') {
            empty_label |= labelled;
            label_open = 1;
            continue;
        }
        if (n <= 200 && dateline(s, n, &d, &rest, &upd)) {
            rank = upd ? 1 : labelled || date_label(s, n, &upd) > 0 ? 3 : 2;
            if (rank > date_rank) {
                a->published = d;
                date_rank = rank;
            }
            /* " date 2025-10-21  Headline": the rest may be the title */
            while (rest < n && (k = space_at((const unsigned char *)s + rest,
                                             n - rest)) > 0)
                rest += k;
            if (rest >= n)
                continue;
            tb = ln->b + rest;
            memset(&tmp, 0, sizeof(tmp));
            features(&tmp, a->text + tb, te - tb);
            ln = &tmp;
        } else {
            empty_label |= labelled;
            if (ln->kind != L_TEXT)
                continue;
        }
        /* The first title-like line of 3+ words wins; a shorter one only
         * stands in until then (section labels are short). */
        if (!ln->title || (have_title && title_words >= 3) ||
            ln->words <= title_words)
            continue;
        hb = tb;
        he = te;
        title_words = ln->words;
        have_title = 1;
    }
    empty_label |= label_open;
    a->anchor = a->published;
    if (empty_label && date_rank == 2)
        a->anchor.month = a->anchor.day = 0;
    a->headline = normalise(a->text + hb, he - hb);
    return a->headline ? 0 : KG_ENOMEM;
}

/* Mark headline lists after list markers as boilerplate. */
static void mark_lists(line *lines, size_t n)
{
    size_t i, heads = 0, proses = 0;
    int prose_seen = 0;

    for (i = n; i-- > 0;) {
        line *ln = &lines[i];

        ln->heads = heads;
        ln->proses = proses;
        if (ln->kind == L_BLANK)
            continue;
        if (ln->marker || ln->teaser ||
            (ln->kind != L_CAPTION && !ln->prose && ln->words <= 20))
            heads++;
        else if (ln->prose)
            proses++;
    }
    for (i = 0; i < n; i++) {
        size_t j;

        if (!lines[i].marker) {
            prose_seen |= lines[i].kind == L_TEXT && lines[i].prose;
            continue;
        }
        if (!prose_seen && lines[i].proses > 0) {
            /* A list above the article ("Trending" bar): its block only,
             * up to the next blank line, so the title stays. */
            for (j = i + 1; j < n && lines[j].kind != L_BLANK &&
                            !lines[j].prose;
                 j++)
                lines[j].kind = L_BOILER;
            i = j - 1;
            continue;
        }
        if (lines[i].heads >= 2 && lines[i].heads >= lines[i].proses) {
            for (j = i + 1; j < n; j++)
                if (lines[j].kind != L_BLANK)
                    lines[j].kind = L_BOILER;
            return;
        }
        for (j = i + 1; j < n && !lines[j].prose; j++)
            if (lines[j].kind != L_BLANK)
                lines[j].kind = L_BOILER;
        i = j > i ? j - 1 : i;
    }
}

/* Split the text into trimmed, classified lines. */
static int cut_lines(line **out, size_t *n_out, const char *text, size_t len)
{
    const unsigned char *u = (const unsigned char *)text;
    size_t n = 1, i = 0, k;
    const char *p = text, *end = text + len;
    line *lines;

    while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        n++;
        p++;
    }
    if ((lines = kg__calloc(n, sizeof(*lines))) == NULL)
        return KG_ENOMEM;
    for (k = 0; k < n; k++) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t b = i, e = nl ? (size_t)(nl - text) : len, s;
        line *ln = &lines[k];

        i = e + 1;
        while (b < e && (s = space_at(u + b, e - b)) > 0)
            b += s;
        while (e > b && (s = space_before(u + b, e - b)) > 0)
            e -= s;
        ln->b = b;
        ln->e = e;
        ln->kind = b == e ? L_BLANK : classify(ln, text + b, e - b);
    }
    *out = lines;
    *n_out = n;
    return 0;
}

/*
 * Read an article: see extract_int.h.
 */
int kg__article_read(kg__article *out, const char *text, size_t len,
                     const char *source, kg_error *err)
{
    line *lines = NULL;
    size_t n_lines = 0, i, body, cap = 0, pb = 0, pe = 0;
    int error, para = 0, open = 0, seen_title = 0;

    assert(out && (text || len == 0));
    memset(out, 0, sizeof(*out));
    if (len == 0)
        error = kg_error_set(err, KG_EINVALID, "empty article");
    else if (len > KG_ARTICLE_MAX_BYTES)
        error = kg_error_set(err, KG_EINVALID,
                             "article too large (%zu bytes, limit %u)", len,
                             (unsigned)KG_ARTICLE_MAX_BYTES);
    else
        error = validate(text, len, err);
    if (error < 0) {
        kg_error_locate(err, source, 0, 0);
        return error;
    }
    out->text = text;
    out->len = len;
    if ((error = cut_lines(&lines, &n_lines, text, len)) < 0)
        goto done;
    mark_lists(lines, n_lines);

    /* The body starts at the first prose or caption line, except that a
     * short question or exclamation opening the article is its title. */
    for (body = 0; body < n_lines; body++) {
        const line *ln = &lines[body];

        if (ln->kind == L_CAPTION)
            break;
        if (ln->kind != L_TEXT)
            continue;
        if (!ln->prose) {
            seen_title |= ln->title && ln->words >= 3;
            continue;
        }
        if (!seen_title && ln->words <= 15 &&
            (text[ln->e - 1] == '?' || text[ln->e - 1] == '!')) {
            seen_title = 1;
            continue;
        }
        break;
    }
    /* Hard-wrapped text: a first body line that continues in lower case
     * takes the lines of its paragraph above it. */
    while (body > 0 && body < n_lines && lines[body].kind == L_TEXT &&
           text[lines[body].b] >= 'a' && text[lines[body].b] <= 'z' &&
           lines[body - 1].kind == L_TEXT && !lines[body - 1].prose &&
           !lines[body - 1].bullet &&
           strchr(".!?", text[lines[body - 1].e - 1]) == NULL)
        body--;
    if ((error = read_header(out, lines, body)) < 0)
        goto done;

    for (i = body; i <= n_lines; i++) {
        const line *ln = i < n_lines ? &lines[i] : NULL;
        int alone = ln && (ln->kind == L_CAPTION || ln->bullet);
        /* A subheading ("Background") ends its paragraph even without a
         * blank line after it, unless the next line continues in lower
         * case. Wrapped lines are longer than this. */
        int heading = open && ln && ln->kind == L_TEXT &&
                      lines[i - 1].title &&
                      lines[i - 1].words <= 8 &&
                      lines[i - 1].e - lines[i - 1].b < 60 &&
                      !(text[ln->b] >= 'a' && text[ln->b] <= 'z');

        if (open && (!ln || ln->kind != L_TEXT || alone || heading)) {
            if ((error = kg__sentence_split(out, &cap, pb, pe, para++, 0)) <
                0)
                goto done;
            open = 0;
        }
        if (!ln)
            break;
        if (alone) {
            if ((error = kg__sentence_split(out, &cap, ln->b, ln->e, para++,
                                            ln->kind == L_CAPTION)) < 0)
                goto done;
        } else if (ln->kind == L_TEXT) {
            if (!open)
                pb = ln->b;
            pe = ln->e;
            open = 1;
        }
    }
    error = 0;

done:
    kg__free(lines);
    if (error < 0) {
        kg__article_dispose(out);
        memset(out, 0, sizeof(*out));
        kg_error_set(err, error, "out of memory");
        kg_error_locate(err, source, 0, 0);
    }
    return error;
}

/* Free what kg__article_read() allocated; 'a' may be NULL. */
void kg__article_dispose(kg__article *a)
{
    if (a == NULL)
        return;
    kg__free(a->headline);
    kg__free(a->sentences);
    a->headline = NULL;
    a->sentences = NULL;
    a->n_sentences = 0;
}
