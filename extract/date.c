/*
 * date.c -- absolute dates and temporal expressions in article text.
 *
 * kg__date_parse() reads one absolute date (ISO 8601, RFC 2822, "21 Oct.
 * 2025", "Saturday, October 25, 2025", "Nov 3 2025", ...) and
 * kg__date_find() scans a sentence for temporal expressions and resolves
 * them against the publication date. Both are hand-written scanners over
 * the bytes with small case-insensitive month and weekday tables: no regex
 * engine, no allocation, no locale. Day arithmetic goes through a day
 * number (days since 1970-01-01, proleptic Gregorian), which gives the
 * weekday and "the Friday before" without tables.
 *
 * Rules of resolution (published date P, which may be all zero):
 * - a weekday ("Friday", "on Friday", "last Friday", "Friday's") is the
 *   most recent such day strictly before P; "next Friday" the first after;
 *   without P it yields nothing;
 * - a month and day without year take the year that puts them nearest to
 *   P; without P they stay a --MM-DD;
 * - "in August" is the latest August not after P (year-month); without P
 *   nothing;
 * - "this/last/next month|year", "earlier this month", "next/last week"
 *   give the precision they support (a week gives its month when the
 *   whole week lies in one month);
 * - "in 1948" is a year; "yesterday", "today", "tomorrow" are days.
 * Match spans cover the temporal words, not a leading "on"/"in".
 *
 * SPDX-License-Identifier: MIT
 */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "extract_int.h"

/* ==== character helpers ============================================= */

static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static int is_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
static int is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static int lower(unsigned char c) { return is_upper(c) ? c + 32 : c; }
static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Bytes of white space (ASCII or U+00A0) at s[0..len). */
static size_t skip_ws(const char *s, size_t len)
{
    size_t i = 0;

    for (;;) {
        if (i < len && is_space((unsigned char)s[i]))
            i++;
        else if (i + 1 < len && (unsigned char)s[i] == 0xC2 &&
                 (unsigned char)s[i + 1] == 0xA0)
            i += 2;
        else
            return i;
    }
}

/* Length of the ASCII letter run at s[0..len). */
static size_t word_len(const char *s, size_t len)
{
    size_t i = 0;

    while (i < len && is_alpha((unsigned char)s[i]))
        i++;
    return i;
}

/* Nonzero when s[0..n) equals the lower-case word 'w' ignoring case. */
static int word_is(const char *s, size_t n, const char *w)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (w[i] == '\0' || lower((unsigned char)s[i]) != w[i])
            return 0;
    return w[n] == '\0';
}

/* Parse 1..'max' digits; returns the count and the value in '*v'. */
static size_t digits(const char *s, size_t len, size_t max, int *v)
{
    size_t i = 0;
    int x = 0;

    while (i < len && i < max && is_digit((unsigned char)s[i]))
        x = x * 10 + (s[i++] - '0');
    if (i < len && i == max && is_digit((unsigned char)s[i]))
        return 0; /* more digits than allowed: not this field */
    *v = x;
    return i;
}

/* ==== calendar ====================================================== */

static const char *const month_names[12] = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};
static const unsigned char month_lens[12] = {7, 8, 5, 5, 3, 4,
                                             4, 6, 9, 7, 8, 8};
static const char *const weekday_names[7] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday"};

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30,
                                 31, 31, 30, 31, 30, 31};
    return m == 2 && (y == 0 || is_leap(y)) ? 29 : days[m - 1];
}

/* Days since 1970-01-01 (H. Hinnant's days_from_civil). */
static long day_number(int y, int m, int d)
{
    long era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static kg__date from_day_number(long z)
{
    long era, doe, yoe, y, doy, mp;
    kg__date d;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    d.day = (int)(doy - (153 * mp + 2) / 5 + 1);
    d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
    d.year = (int)(y + (d.month <= 2));
    return d;
}

/* 0 = Monday .. 6 = Sunday. */
static int weekday_of(long dn)
{
    long w = (dn + 3) % 7; /* 1970-01-01 was a Thursday */

    return (int)(w < 0 ? w + 7 : w);
}

static int is_full(const kg__date *d)
{
    return d && d->year > 0 && d->month > 0 && d->day > 0;
}

static int valid_ymd(int y, int m, int d)
{
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
           d <= month_days(y, m);
}

/*
 * Month name at s: full name or an abbreviation of 3+ letters ("Sept",
 * "Oct"), optionally followed by '.'. Returns the bytes consumed and the
 * month (1..12) in '*m', or 0.
 */
static size_t month_at(const char *s, size_t len, int *m)
{
    size_t n, i, k;

    /* Cheap filter on the first letter: j f m a s o n d. */
    if (len == 0 || !strchr("jfmasondJFMASOND", s[0]) || s[0] == '\0')
        return 0;
    n = word_len(s, len);
    if (n < 3 || n > 9)
        return 0;
    for (i = 0; i < 12; i++) {
        const char *name = month_names[i];
        size_t full = month_lens[i];

        if (n > full)
            continue;
        for (k = 0; k < n; k++)
            if (lower((unsigned char)s[k]) != name[k])
                break;
        if (k < n)
            continue;
        /* Abbreviations: the first three letters, or "sept". */
        if (n != full && n != 3 && !(i == 8 && n == 4))
            continue;
        *m = (int)i + 1;
        return n + (n != full && n < len && s[n] == '.');
    }
    return 0;
}

/* Weekday name (full or 3-letter, optional '.'); '*w' 0 = Monday. */
static size_t weekday_at(const char *s, size_t len, int *w)
{
    size_t n, i;

    /* Cheap filter on the first letter: m t w f s. */
    if (len == 0 || !strchr("mtwfsMTWFS", s[0]) || s[0] == '\0')
        return 0;
    n = word_len(s, len);
    for (i = 0; i < 7; i++) {
        const char *name = weekday_names[i];

        if (word_is(s, n, name) ||
            (n == 3 && lower((unsigned char)s[0]) == name[0] &&
             lower((unsigned char)s[1]) == name[1] &&
             lower((unsigned char)s[2]) == name[2])) {
            *w = (int)i;
            return n + (n == 3 && n < len && s[n] == '.');
        }
    }
    /* "Tues", "Thurs", "Wed" forms */
    if (n == 4 && word_is(s, 4, "tues")) {
        *w = 1;
        return 4 + (4 < len && s[4] == '.');
    }
    if (n == 5 && word_is(s, 5, "thurs")) {
        *w = 3;
        return 5 + (5 < len && s[5] == '.');
    }
    return 0;
}

/* Day of month: 1-2 digits, optional "st"/"nd"/"rd"/"th". */
static size_t day_at(const char *s, size_t len, int *d)
{
    size_t n = digits(s, len, 2, d);

    if (n == 0 || *d < 1 || *d > 31)
        return 0;
    if (n + 2 <= len && is_alpha((unsigned char)s[n])) {
        const char *sfx = s + n;

        if (word_is(sfx, 2, "st") || word_is(sfx, 2, "nd") ||
            word_is(sfx, 2, "rd") || word_is(sfx, 2, "th"))
            n += 2;
    }
    if (n < len &&
        (is_alpha((unsigned char)s[n]) || is_digit((unsigned char)s[n])))
        return 0;
    return n;
}

/* A 4-digit year not followed by another digit or letter. */
static size_t year_at(const char *s, size_t len, int *y)
{
    size_t n = digits(s, len, 4, y);

    if (n != 4 || (n < len && is_alpha((unsigned char)s[n])))
        return 0;
    return *y >= 1000 ? 4 : 0;
}

/* ISO 8601 date at s, with an optional time and zone after it. */
static size_t iso_at(kg__date *out, const char *s, size_t len)
{
    int y, m, d, v;
    size_t i;

    if (len < 10 || digits(s, len, 4, &y) != 4 || s[4] != '-' ||
        digits(s + 5, len - 5, 2, &m) != 2 || s[7] != '-' ||
        digits(s + 8, len - 8, 2, &d) != 2 || !valid_ymd(y, m, d))
        return 0;
    i = 10;
    if (i < len && is_digit((unsigned char)s[i]))
        return 0;
    /* Time: THH:MM[:SS[.fff]] then Z or +HH[:]MM. */
    if (i + 5 < len && (s[i] == 'T' || s[i] == ' ') &&
        digits(s + i + 1, len - i - 1, 2, &v) == 2 && s[i + 3] == ':' &&
        digits(s + i + 4, len - i - 4, 2, &v) == 2) {
        i += 6;
        if (i + 2 < len && s[i] == ':' &&
            digits(s + i + 1, len - i - 1, 2, &v) == 2) {
            i += 3;
            if (i < len && (s[i] == '.' || s[i] == ',')) {
                size_t k = i + 1;

                while (k < len && is_digit((unsigned char)s[k]))
                    k++;
                if (k > i + 1)
                    i = k;
            }
        }
        if (i < len && s[i] == 'Z')
            i++;
        else if (i + 2 < len && (s[i] == '+' || s[i] == '-')) {
            if (digits(s + i + 1, len - i - 1, 4, &v) == 4)
                i += 5; /* +0300 */
            else if (digits(s + i + 1, len - i - 1, 2, &v) == 2) {
                i += 3; /* +03 or +03:00 */
                if (i + 2 < len && s[i] == ':' &&
                    digits(s + i + 1, len - i - 1, 2, &v) == 2)
                    i += 3;
            }
        }
    }
    out->year = y;
    out->month = m;
    out->day = d;
    return i;
}

/* Day-first numeric date "14.11.2025" (dots only: slashes are
 * ambiguous between day-first and month-first). */
static size_t dotted_at(kg__date *out, const char *s, size_t len)
{
    size_t i, n;
    int d, m, y;

    if ((n = digits(s, len, 2, &d)) == 0 || n >= len || s[n] != '.')
        return 0;
    i = n + 1;
    if ((n = digits(s + i, len - i, 2, &m)) == 0 || i + n >= len ||
        s[i + n] != '.')
        return 0;
    i += n + 1;
    if (year_at(s + i, len - i, &y) != 4 || !valid_ymd(y, m, d) ||
        (i + 4 < len && is_digit((unsigned char)s[i + 4])))
        return 0;
    out->year = y;
    out->month = m;
    out->day = d;
    return i + 4;
}

/* Bytes of separators between date fields: spaces, ',', '-', '/'. */
static size_t skip_sep(const char *s, size_t len, int allow_dash)
{
    size_t i = 0, k;

    for (;;) {
        if ((k = skip_ws(s + i, len - i)) > 0)
            i += k;
        else if (i < len && (s[i] == ',' || (allow_dash && (s[i] == '-' ||
                                                          s[i] == '/'))))
            i++;
        else
            return i;
    }
}

/*
 * Parse one absolute date at the start of s[0..len): see extract_int.h.
 */
size_t kg__date_parse(kg__date *out, const char *s, size_t len)
{
    size_t i = 0, n;
    int y, m, d, w;

    assert(out && (s || len == 0));
    memset(out, 0, sizeof(*out));
    if ((n = iso_at(out, s, len)) > 0 || (n = dotted_at(out, s, len)) > 0)
        return n;
    if ((n = weekday_at(s, len, &w)) > 0) {
        i = n + skip_sep(s + n, len - n, 0);
        if (i == n)
            return 0;
    }
    if ((n = day_at(s + i, len - i, &d)) > 0) {
        /* "21 Oct. 2025", "21-Oct-2025", "21 October 2025" */
        size_t k = i + n;

        k += skip_sep(s + k, len - k, 1);
        if ((n = month_at(s + k, len - k, &m)) == 0)
            return 0;
        k += n;
        k += skip_sep(s + k, len - k, 1);
        if ((n = year_at(s + k, len - k, &y)) == 0)
            return 0;
        k += n;
        i = k;
    } else if ((n = month_at(s + i, len - i, &m)) > 0) {
        /* "October 25, 2025", "Nov 3 2025" */
        size_t k = i + n;

        k += skip_sep(s + k, len - k, 0);
        if ((n = day_at(s + k, len - k, &d)) == 0)
            return 0;
        k += n;
        k += skip_sep(s + k, len - k, 0);
        if ((n = year_at(s + k, len - k, &y)) == 0)
            return 0;
        i = k + n;
    } else {
        return 0;
    }
    if (!valid_ymd(y, m, d))
        return 0;
    out->year = y;
    out->month = m;
    out->day = d;
    return i;
}

/*
 * Format 'd' into 'buf': see extract_int.h.
 */
const char *kg__date_format(const kg__date *d, char buf[16])
{
    assert(d && buf);
    buf[0] = '\0';
    if (d->year > 0 && d->year <= 9999 && d->month >= 1 && d->month <= 12) {
        if (d->day >= 1 && d->day <= 31) {
            snprintf(buf, 16, "%04d-%02d-%02d", d->year, d->month, d->day);
            return KG_XSD_DATE;
        }
        snprintf(buf, 16, "%04d-%02d", d->year, d->month);
        return KG_XSD_GYEARMONTH;
    }
    if (d->year > 0 && d->year <= 9999 && d->month == 0) {
        snprintf(buf, 16, "%04d", d->year);
        return KG_XSD_GYEAR;
    }
    if (d->year == 0 && d->month >= 1 && d->month <= 12 && d->day >= 1 &&
        d->day <= 31) {
        snprintf(buf, 16, "--%02d-%02d", d->month, d->day);
        return KG_XSD_GMONTHDAY;
    }
    return NULL;
}

/* ==== finding expressions =========================================== */

/* The word ending just before s[pos] (after white space), as [b, e). */
static int prev_word(const char *s, size_t pos, size_t *b)
{
    size_t e = pos;

    while (e > 0 && (s[e - 1] == ' ' || s[e - 1] == '\t'))
        e--;
    if (e == pos)
        return 0;
    *b = e;
    while (*b > 0 && is_alpha((unsigned char)s[*b - 1]))
        (*b)--;
    if (*b > 0 && (is_digit((unsigned char)s[*b - 1]) ||
                   (unsigned char)s[*b - 1] >= 0x80))
        return 0;
    return *b < e ? (int)(e - *b) : 0;
}

static int prev_is(const char *s, size_t pos, const char *w, size_t *b)
{
    size_t bb;
    int n = prev_word(s, pos, &bb);

    if (n > 0 && word_is(s + bb, (size_t)n, w)) {
        if (b)
            *b = bb;
        return 1;
    }
    return 0;
}

/* Month and day without year: the year nearest to 'pub' (or none). */
static kg__date near_year(int m, int d, const kg__date *pub)
{
    kg__date r = {0, m, d};
    long p, best = 0;
    int y;

    if (pub == NULL || pub->year <= 0)
        return r;
    if (!is_full(pub)) {
        r.year = pub->year;
        return r;
    }
    p = day_number(pub->year, pub->month, pub->day);
    for (y = pub->year - 1; y <= pub->year + 1; y++) {
        long dist;

        if (d > month_days(y, m))
            continue;
        dist = day_number(y, m, d) - p;
        dist = dist < 0 ? -dist : dist;
        if (r.year == 0 || dist < best) {
            r.year = y;
            best = dist;
        }
    }
    return r;
}

/* The month of the whole week 'dn' (a Monday) if it lies in one month,
 * else its year if that is one, else nothing. */
static kg__date week_date(long monday)
{
    kg__date a = from_day_number(monday), b = from_day_number(monday + 6);

    if (a.year != b.year)
        a.year = 0;
    if (a.month != b.month)
        a.month = 0;
    a.day = 0;
    return a;
}

typedef struct scan {
    kg__date_match *out;
    size_t max, n;
    const kg__date *pub;
    int have_pub;  /* 'pub' is a full date */
    int have_year; /* 'pub' gives at least the year */
} scan;

static int is_boundary(unsigned char c)
{
    return c == ',' || c == ';' || c == ':' || c == '(' || c == ')';
}

/* Words that put a clause in the future. */
static const char *const future_cues[] = {
    "will", "shall", "scheduled", "plans", "planned", "planning", "due",
    "expected", "upcoming", NULL};

/*
 * Whether the clause around s[b..e) speaks of the future ("will visit in
 * December", "before returning on Tuesday"). The clause runs between the
 * nearest commas, semicolons or colons; an expression that opens its
 * clause alone ("In August, X will ...") takes the next clause.
 */
static int future_clause(const char *s, size_t len, size_t b, size_t e)
{
    size_t cb = b, ce = e, i;
    const char *const *w;

    while (cb > 0 && !is_boundary((unsigned char)s[cb - 1]))
        cb--;
    while (ce < len && !is_boundary((unsigned char)s[ce]))
        ce++;
    if (ce < len && s[ce] == ',' && ce - e <= 1) {
        i = cb;
        while (i < b && (s[i] == ' ' || is_alpha((unsigned char)s[i])))
            i++;
        if (i == b && b - cb <= 6) { /* only "In", "On" before */
            cb = ce + 1;
            ce = cb;
            while (ce < len && !is_boundary((unsigned char)s[ce]))
                ce++;
        }
    }
    for (i = cb; i < ce; i++) {
        size_t n;

        if (!is_alpha((unsigned char)s[i]) ||
            (i > cb && is_alpha((unsigned char)s[i - 1])))
            continue;
        n = word_len(s + i, ce - i);
        for (w = future_cues; *w; w++)
            if (word_is(s + i, n, *w))
                return 1;
        i += n;
    }
    return 0;
}

static void emit(scan *sc, size_t b, size_t e, kg__date d)
{
    if (d.year == 0 && (d.month == 0 || d.day == 0))
        return; /* nothing a datatype can hold */
    if (sc->n < sc->max) {
        sc->out[sc->n].begin = b;
        sc->out[sc->n].end = e;
        sc->out[sc->n].date = d;
    }
    sc->n++;
}

/* Relative words at s[i] ("yesterday", "earlier this month", "next
 * week", ...). Returns the bytes consumed (0: none) and fills '*d'. */
static size_t relative_at(const scan *sc, const char *s, size_t len,
                          size_t i0, kg__date *d)
{
    size_t i = i0, n = word_len(s + i, len - i), k, m, w;
    const kg__date *p = sc->pub;
    long pn;
    int rel;

    if (!sc->have_pub || !strchr("ytlneYTLNE", s[i]) || s[i] == '\0')
        return 0;
    pn = day_number(p->year, p->month, p->day);
    if (word_is(s + i, n, "yesterday") || word_is(s + i, n, "today") ||
        word_is(s + i, n, "tomorrow")) {
        long off = n == 9 ? -1 : n == 5 ? 0 : 1;

        *d = from_day_number(pn + off);
        return n;
    }
    if (word_is(s + i, n, "earlier") || word_is(s + i, n, "later")) {
        k = i + n + skip_ws(s + i + n, len - i - n);
        m = word_len(s + k, len - k);
        if (k == i + n || !word_is(s + k, m, "this"))
            return 0;
        i = k;
        n = m;
    }
    if (word_is(s + i, n, "last"))
        rel = -1;
    else if (word_is(s + i, n, "next"))
        rel = 1;
    else if (word_is(s + i, n, "this"))
        rel = 0;
    else
        return 0;
    k = i + n;
    if ((w = skip_ws(s + k, len - k)) == 0)
        return 0;
    k += w;
    m = word_len(s + k, len - k);
    if (word_is(s + k, m, "month")) {
        int mo = p->month + rel, y = p->year;

        if (mo < 1) {
            mo = 12;
            y--;
        } else if (mo > 12) {
            mo = 1;
            y++;
        }
        d->year = y;
        d->month = mo;
        d->day = 0;
    } else if (word_is(s + k, m, "year")) {
        d->year = p->year + rel;
        d->month = d->day = 0;
    } else if (word_is(s + k, m, "week")) {
        *d = week_date(pn - weekday_of(pn) + 7 * rel);
    } else {
        return 0;
    }
    return k + m - i0;
}

/* "two days ago", "3 days ago", "a day ago": the count, or 0. */
static size_t days_ago_at(const scan *sc, const char *s, size_t len,
                          size_t i, kg__date *d)
{
    static const char *const numbers[] = {"a",   "one",   "two",  "three",
                                          "four", "five", "six",  "seven",
                                          "eight", "nine", "ten"};
    size_t n, k, w;
    int count = -1, v;

    if (!sc->have_pub)
        return 0;
    /* Cheap filter: the next word must start with 'd'. */
    for (k = i; k < len && (is_alpha((unsigned char)s[k]) ||
                            is_digit((unsigned char)s[k]));
         k++)
        ;
    if (k - i > 5 || k + 1 >= len || s[k] != ' ' ||
        lower((unsigned char)s[k + 1]) != 'd')
        return 0;
    if (is_digit((unsigned char)s[i])) {
        if ((n = digits(s + i, len - i, 2, &v)) == 0)
            return 0;
        count = v;
    } else {
        n = word_len(s + i, len - i);
        for (k = 0; k < KG_ARRAY_SIZE(numbers); k++)
            if (word_is(s + i, n, numbers[k]))
                count = k == 0 ? 1 : (int)k;
        if (count < 0)
            return 0;
    }
    k = i + n;
    if ((w = skip_ws(s + k, len - k)) == 0)
        return 0;
    k += w;
    n = word_len(s + k, len - k);
    if (!(word_is(s + k, n, "day") || word_is(s + k, n, "days")) ||
        (count == 1) != (n == 3))
        return 0;
    k += n;
    if ((w = skip_ws(s + k, len - k)) == 0)
        return 0;
    k += w;
    n = word_len(s + k, len - k);
    if (!word_is(s + k, n, "ago"))
        return 0;
    *d = from_day_number(day_number(sc->pub->year, sc->pub->month,
                                    sc->pub->day) -
                         count);
    return k + n - i;
}

/* An expression starting at the word s[i]; returns bytes consumed. */
static size_t expr_at(scan *sc, const char *s, size_t len, size_t i)
{
    const unsigned char c = (unsigned char)s[i];
    kg__date d = {0, 0, 0};
    size_t n, k, b = i;
    int m, day, y, w;

    if ((n = days_ago_at(sc, s, len, i, &d)) > 0) {
        emit(sc, i, i + n, d);
        return n;
    }
    if (is_digit(c)) {
        if ((n = iso_at(&d, s + i, len - i)) > 0 ||
            (n = dotted_at(&d, s + i, len - i)) > 0) {
            emit(sc, i, i + n, d);
            return n;
        }
        /* "16 October [2025]" */
        if ((n = day_at(s + i, len - i, &day)) > 0) {
            k = i + n + skip_ws(s + i + n, len - i - n);
            if (k > i + n && (n = month_at(s + k, len - k, &m)) > 0 &&
                is_upper((unsigned char)s[k]) && day <= month_days(0, m)) {
                size_t e = k + n, yk;

                yk = e + skip_sep(s + e, len - e, 0);
                if (yk > e && year_at(s + yk, len - yk, &y) == 4 &&
                    valid_ymd(y, m, day)) {
                    d.year = y;
                    d.month = m;
                    d.day = day;
                    e = yk + 4;
                } else {
                    d = near_year(m, day, sc->pub);
                }
                emit(sc, i, e, d);
                return e - i;
            }
        }
        /* "in 1948", "since 2022"; not "in 2025-26" or "in 1,948" */
        if ((n = year_at(s + i, len - i, &y)) == 4 && y <= 2999 &&
            !(i + 5 < len && (s[i + 4] == '-' || s[i + 4] == '.' ||
                              s[i + 4] == ',' || s[i + 4] == '/') &&
              is_digit((unsigned char)s[i + 5])) &&
            (prev_is(s, i, "in", NULL) || prev_is(s, i, "since", NULL) ||
             prev_is(s, i, "until", NULL) || prev_is(s, i, "by", NULL))) {
            d.year = y;
            emit(sc, i, i + 4, d);
            return 4;
        }
        for (k = i; k < len && is_digit((unsigned char)s[k]); k++)
            ;
        return k - i;
    }
    if (!is_alpha(c))
        return 0;
    n = word_len(s + i, len - i);
    if (is_upper(c) && (k = month_at(s + i, len - i, &m)) > 0) {
        size_t e = i + k, dk = e + skip_ws(s + e, len - e), yk;

        /* "October 16[, 2025]", "Oct. 16" */
        if (dk > e && (n = day_at(s + dk, len - dk, &day)) > 0 &&
            day <= month_days(0, m)) {
            e = dk + n;
            yk = e + skip_sep(s + e, len - e, 0);
            if (yk > e && year_at(s + yk, len - yk, &y) == 4 &&
                valid_ymd(y, m, day)) {
                d.year = y;
                d.month = m;
                d.day = day;
                e = yk + 4;
            } else {
                d = near_year(m, day, sc->pub);
            }
            emit(sc, i, e, d);
            return e - i;
        }
        /* "September 2023" */
        if (dk > e && year_at(s + dk, len - dk, &y) == 4) {
            d.year = y;
            d.month = m;
            emit(sc, i, dk + 4, d);
            return dk + 4 - i;
        }
        /* "in August": the latest August not after publication. Only
         * after a preposition, since "May" and "March" are also words. */
        if (sc->have_year &&
            (prev_is(s, i, "in", NULL) || prev_is(s, i, "since", NULL) ||
             prev_is(s, i, "until", NULL) || prev_is(s, i, "early", NULL) ||
             prev_is(s, i, "late", NULL) || prev_is(s, i, "mid", NULL) ||
             (i >= 4 && s[i - 1] == '-' && word_is(s + i - 4, 3, "mid") &&
              (i == 4 || !is_alpha((unsigned char)s[i - 5]))))) {
            d.year = sc->pub->year;
            d.month = m;
            /* Past: the latest such month not after publication; in a
             * clause about the future, the first not before it. */
            if (sc->have_pub) {
                if (future_clause(s, len, i, i + k))
                    d.year += m < sc->pub->month;
                else
                    d.year -= m > sc->pub->month;
            }
            emit(sc, i, i + k, d);
            return k;
        }
        return k;
    }
    if (is_upper(c) && (k = weekday_at(s + i, len - i, &w)) > 0 &&
        k >= 6) {
        /* Full weekday names only: "Sun", "Wed" are too ambiguous. */
        long pn, dn;
        int next = 0;
        size_t pb;

        if (!sc->have_pub)
            return k;
        if (prev_is(s, i, "last", &pb)) {
            b = pb;
        } else if (prev_is(s, i, "next", &pb) ||
                   prev_is(s, i, "coming", &pb)) {
            b = pb;
            next = 1;
            if (prev_is(s, pb, "this", &pb))
                b = pb;
        } else if (future_clause(s, len, i, i + k)) {
            next = 1;
        }
        pn = day_number(sc->pub->year, sc->pub->month, sc->pub->day);
        if (next) {
            dn = pn + 1;
            while (weekday_of(dn) != w)
                dn++;
        } else {
            dn = pn - 1;
            while (weekday_of(dn) != w)
                dn--;
        }
        emit(sc, b, i + k, from_day_number(dn));
        return k;
    }
    if ((k = relative_at(sc, s, len, i, &d)) > 0) {
        emit(sc, i, i + k, d);
        return k;
    }
    return n;
}

/*
 * Find and resolve the temporal expressions of text[0..len): see
 * extract_int.h.
 */
size_t kg__date_find(kg__date_match *out, size_t max, const char *text,
                     size_t len, const kg__date *published)
{
    scan sc;
    size_t i = 0;

    assert(text || len == 0);
    assert(out || max == 0);
    sc.out = out;
    sc.max = max;
    sc.n = 0;
    sc.pub = published;
    sc.have_pub = is_full(published);
    sc.have_year = published && published->year > 0;
    while (i < len && sc.n < max) {
        unsigned char c = (unsigned char)text[i];
        size_t n;

        if (!is_alpha(c) && !is_digit(c)) {
            i++;
            continue;
        }
        /* Word start only: the byte before is no letter or digit. */
        if (i > 0 && (is_alpha((unsigned char)text[i - 1]) ||
                      is_digit((unsigned char)text[i - 1]))) {
            i++;
            continue;
        }
        n = expr_at(&sc, text, len, i);
        i += n > 0 ? n : 1;
    }
    return sc.n < max ? sc.n : max;
}
