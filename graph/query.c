/*
 * query.c -- SPARQL through librdf and rasqal: prefixes, known rasqal
 * limitations refused, results walked row by row under a deadline.
 *
 * Before a query reaches rasqal, a small lexer (strings, comments and IRIs
 * skipped) looks for the constructs rasqal 0.9.33 gets wrong or crashes on
 * and refuses them with KG_EUNSUPPORTED naming the limitation: VALUES with
 * more than one row (only the first row joins; one row is right), MINUS
 * (fails at run time), EXISTS / NOT EXISTS (not in its grammar), COUNT,
 * SUM, AVG and GROUP_CONCAT over DISTINCT (COUNT(DISTINCT) over-counts),
 * GROUP_CONCAT's SEPARATOR (ignored) and sub-queries with GROUP BY (rows
 * paired wrongly). MIN, MAX and SAMPLE over DISTINCT are run without the
 * DISTINCT, which does not change them; YEAR/MONTH/DAY, unbound on
 * xsd:date in rasqal, are computed from the lexical form of a date
 * (fix_date_parts). A FILTER inside OPTIONAL that uses a variable bound
 * outside it was refused too; through kg's triples source the outer
 * binding is seen, as SPARQL's LeftJoin wants (checked against rdflib in
 * tests/e2e/query-rdflib and by the W3C tests). A query that rasqal
 * cannot parse and that uses a property path operator is reported as
 * unsupported rather than as a syntax error.
 *
 * The predeclared prefixes are prepended one per line, only those the
 * query does not declare itself; error lines are shifted back so that they
 * point into the caller's text. The deadline is checked once per row and,
 * through the triples source (tsource.c), at every few matching steps,
 * so that it also stops work rasqal does before the first row (an ORDER
 * BY or GROUP BY rasqal does itself) or between rows (a join that finds
 * little).
 *
 * ORDER BY on projected variables, DISTINCT, LIMIT and OFFSET of a SELECT
 * are done by kg over rasqal's unordered rows (modifiers.c: rasqal's are
 * quadratic on sorted input); the deadline then covers the sort's input.
 *
 * A query that names no graph runs on the store's union model, so that a
 * fact stated by several articles matches once, as in an RDF merge; one
 * that uses GRAPH runs on the quads, where a pattern outside GRAPH still
 * matches once per graph stating the fact (use DISTINCT there). A query
 * with a dataset (FROM / FROM NAMED, or the caller's default and named
 * graphs, which replace those) runs on the quads restricted to it by the
 * triples source: the default graph is the merge of its graphs.
 *
 * Invalid SPARQL that rasqal accepts (VALUES rows of the wrong length, a
 * blank node label in two basic graph patterns, a projected variable
 * that is not grouped, AS or BIND of a variable already in scope) is
 * refused as a syntax error once rasqal has parsed the query, at
 * --parse-only too (validate.c).
 *
 * GRAPH ?g where ?g may already be bound (by an earlier GRAPH ?g, a
 * triple pattern, or the left side of an OPTIONAL) is refused: rasqal
 * rebinds ?g to every graph there and gives wrong rows (scope.c).
 *
 * An aggregate without GROUP BY over no solutions gets SPARQL's one row
 * (COUNT 0) where rasqal gives none (emptygroup.c, added in raw_next).
 *
 * One wrong answer is corrected rather than refused: GRAPH <g> { ... } on
 * a graph the store does not hold gives one empty row in librdf; kg adds
 * FILTER(false) after such a block (see fix_absent_graphs).
 *
 * Triple patterns are matched through kg's own rasqal triples source
 * (tsource.c), not librdf's, whose bookkeeping of bound variables made
 * OPTIONAL and group joins return wrong rows and run away for minutes.
 *
 * SPDX-License-Identifier: MIT
 */
#include <assert.h>
#include <ctype.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "aggfix.h"
#include "bindfix.h"
#include "emptygroup.h"
#include "groupas.h"
#include "having.h"
#include "graph_int.h"
#include "lexer.h"
#include "scope.h"
#include "validate.h"
#include "modifiers.h"
#include "remote.h"
#include "tsource.h"

double kg_graph__now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

const char *kg_query_prefixes(void)
{
    static char text[2048];
    size_t i, len = 0;

    if (text[0])
        return text;
    for (i = 0; i < kg__n_prefixes; i++) {
        int n = snprintf(text + len, sizeof(text) - len, "PREFIX %s: <%s>\n",
                         kg__prefixes[i].name,
                         kg__prefixes[i].iri);
        assert(n > 0 && (size_t)n < sizeof(text) - len);
        len += (size_t)n;
    }
    return text;
}

int kg_result_format_from_name(kg_result_format *out, const char *name)
{
    static const char *const names[] = {"table", "csv", "tsv", "json",
                                        "xml"};
    size_t i;

    for (i = 0; i < KG_ARRAY_SIZE(names); i++)
        if (strcmp(name, names[i]) == 0) {
            *out = (kg_result_format)i;
            return 0;
        }
    return KG_EINVALID;
}

/* Aggregates whose DISTINCT rasqal gets wrong (COUNT(DISTINCT ?p) gave 40
 * where rdflib and SELECT DISTINCT give 39 on the samples); for MIN, MAX
 * and SAMPLE DISTINCT changes nothing and is dropped (drop_distinct). */
static const char *const miscounted[] = {"COUNT", "SUM", "AVG",
                                         "GROUP_CONCAT"};
static const char *const unaffected[] = {"MIN", "MAX", "SAMPLE"};
/* The date parts rasqal leaves unbound on xsd:date (fix_date_parts):
 * name, and start and length in the lexical form YYYY-MM-DD. */
static const struct {
    const char *name;
    int start, len;
} date_parts[] = {{"YEAR", 1, 4}, {"MONTH", 6, 2}, {"DAY", 9, 2}};

/*
 * Number of rows of the VALUES data block after 'p' (just past VALUES):
 * "?x { t1 t2 }" has one per term, "(?x ?y) { (..) (..) }" one per
 * parenthesised row. 2 stands for "two or more".
 */
static int values_rows(const char *p)
{
    kg_graph__token t;
    int depth = 0, rows = 0, paren = 0;

    while (kg_graph__next_token(&p, &t) && !kg_graph__is_punct(&t, '{'))
        if (kg_graph__is_punct(&t, '('))
            paren = 1;
    while (rows < 2 && kg_graph__next_token(&p, &t)) {
        if (kg_graph__is_punct(&t, '}') && depth == 0)
            break;
        if (paren) {
            depth += kg_graph__is_punct(&t, '(') - kg_graph__is_punct(&t, ')');
            rows += kg_graph__is_punct(&t, '(') && depth == 1;
        } else if (kg_graph__is_punct(&t, '^') ||
                   kg_graph__is_punct(&t, '@')) {
            /* a datatype or language tag belongs to the term before */
            if (kg_graph__is_punct(&t, '^') && t.p[1] == '^')
                kg_graph__next_token(&p, &t);
            kg_graph__next_token(&p, &t);
        } else if (t.kind != 'p') {
            rows++;
        }
    }
    return rows;
}

/*
 * Refuse what rasqal answers wrongly or crashes on. Returns 0 or
 * KG_EUNSUPPORTED with the limitation named in 'err'.
 */
/*
 * rasqal 0.9.33's grammar overflows a heap buffer (raptor_sequence_join
 * under sparql_parser_parse; plain roqet under ASan does the same) on an
 * additive expression that continues after a signed number written
 * without a space: "?a -1 -1", "?a+1+1", "?a -1 + 2" (the lexer reads
 * "-1" as one negative literal). Found by fuzz_sparql. See graph_int.h.
 */
/* 'q' is at a sign followed by a digit: nonzero when, after that number,
 * the sum goes on with another '+' or '-'. */
static int sum_goes_on(const char *q)
{
    q++;
    while (isdigit((unsigned char)*q) || *q == '.')
        q++;
    if ((*q == 'e' || *q == 'E') && (q[1] == '+' || q[1] == '-'))
        q += 2; /* an exponent's sign is part of the number */
    while (isalnum((unsigned char)*q))
        q++;
    while (isspace((unsigned char)*q))
        q++;
    return *q == '+' || *q == '-';
}

int kg_graph__crashes_rasqal(const char *text)
{
    const char *p = text;
    int after_operand = 0;
    kg_graph__token t;

    while (kg_graph__next_token(&p, &t)) {
        if (kg_graph__is_word(&t,
                              "VALUES")) { /* signed numbers are values here */
            while (kg_graph__next_token(&p, &t) &&
                   !kg_graph__is_punct(&t, '}'))
                ;
            after_operand = 0;
            continue;
        }
        if (t.kind == 'v') {
            /* kg's lexer keeps '-' in a name; rasqal ends the variable
             * there ("?a-1-1" is ?a, -1, -1). */
            const char *dash = memchr(t.p, '-', t.len);
            if (dash && isdigit((unsigned char)dash[1]) && sum_goes_on(dash))
                return 1;
        } else if (after_operand && (t.p[0] == '-' || t.p[0] == '+') &&
                   isdigit((unsigned char)t.p[1]) && sum_goes_on(t.p)) {
            return 1;
        }
        after_operand =
            strchr("vnsiw", t.kind) != NULL || kg_graph__is_punct(&t, ')');
    }
    return 0;
}

int kg_graph__crash_error(kg_error *err)
{
    return kg_error_set(err, KG_EUNSUPPORTED,
                        "a signed number inside a sum, as in ?a -1 -1 or "
                        "?a+1+1, crashes rasqal's parser; write the sign "
                        "apart from the number: ?a - 1 - 1");
}

/*
 * A regular-expression flag of the REGEX or REPLACE call whose name was
 * just read ('p' past it) that rasqal ignores: rasqal 0.9.33 matches with
 * POSIX regcomp, which knows 'i' only, and its '.' already matches a
 * newline as 's' asks; 'm', 'x' and 'q' were silently dropped (W3C
 * regex-start-end-multiline, regex-ignore-whitespaces,
 * regex-no-metacharacters). Returns the flag, or 0 when none is (a flags
 * argument that is not a string literal cannot be checked here).
 */
static int ignored_regex_flag(const char *p, int flags_arg)
{
    kg_graph__token t;
    int depth = 0, arg = 0;
    size_t i;

    while (kg_graph__next_token(&p, &t)) {
        if (kg_graph__is_punct(&t, '(')) {
            depth++;
        } else if (kg_graph__is_punct(&t, ')')) {
            if (--depth == 0)
                return 0;
        } else if (depth == 1 && kg_graph__is_punct(&t, ',')) {
            arg++;
        } else if (depth == 1 && arg == flags_arg && t.kind == 's') {
            for (i = 0; i < t.len; i++)
                if (strchr("mxq", t.p[i]))
                    return t.p[i];
            return 0;
        } else if (depth == 0) {
            return 0; /* the name was not a call */
        }
    }
    return 0;
}

static int refuse_unsupported(const char *sparql, kg_error *err)
{
    const char *p = sparql;
    kg_graph__token t, u;
    int selects = 0, flag;
    size_t i;

    if (kg_graph__crashes_rasqal(sparql))
        return kg_graph__crash_error(err);
    while (kg_graph__next_token(&p, &t)) {
        if (kg_graph__is_word(&t, "VALUES") && values_rows(p) > 1)
            return kg_error_set(err, KG_EUNSUPPORTED,
                                "VALUES with more than one row is not "
                                "supported (rasqal joins only the first); "
                                "use FILTER(?x IN (...)) instead");
        if (kg_graph__is_word(&t, "MINUS"))
            return kg_error_set(err, KG_EUNSUPPORTED,
                                "MINUS is not supported (rasqal fails to "
                                "run it); use OPTIONAL with "
                                "FILTER(!BOUND(?x)) instead");
        if (kg_graph__is_word(&t, "EXISTS"))
            return kg_error_set(err, KG_EUNSUPPORTED,
                                "EXISTS and NOT EXISTS are not supported by "
                                "rasqal; use OPTIONAL with FILTER(BOUND(?x)) "
                                "or FILTER(!BOUND(?x))");
        if ((kg_graph__is_word(&t, "REGEX") &&
             (flag = ignored_regex_flag(p, 2)) != 0) ||
            (kg_graph__is_word(&t, "REPLACE") &&
             (flag = ignored_regex_flag(p, 3)) != 0))
            return kg_error_set(err, KG_EUNSUPPORTED,
                                "the regular-expression flag '%c' is not "
                                "supported (rasqal ignores it; only 'i' "
                                "and 's' work)",
                                flag);
        if (kg_graph__is_word(&t, "SEPARATOR"))
            return kg_error_set(err, KG_EUNSUPPORTED,
                                "GROUP_CONCAT with SEPARATOR is not "
                                "supported (rasqal ignores the separator); "
                                "the default separator is a space");
        if (kg_graph__is_word(&t, "SELECT") && ++selects > 1) {
            const char *q = p;
            while (kg_graph__next_token(&q, &u))
                if (kg_graph__is_word(&u, "GROUP"))
                    return kg_error_set(
                        err, KG_EUNSUPPORTED,
                        "sub-queries with GROUP BY are not supported "
                        "(rasqal pairs their rows wrongly)");
        }
        for (i = 0; i < KG_ARRAY_SIZE(miscounted); i++) {
            const char *q = p;
            if (kg_graph__is_word(&t, miscounted[i]) &&
                kg_graph__next_token(&q, &u) && kg_graph__is_punct(&u, '(') &&
                kg_graph__next_token(&q, &u) &&
                kg_graph__is_word(&u, "DISTINCT"))
                return kg_error_set(err, KG_EUNSUPPORTED,
                                    "%s(DISTINCT ...) is not supported "
                                    "(rasqal miscounts it); use a "
                                    "sub-query with SELECT DISTINCT",
                                    miscounted[i]);
        }
    }
    return 0;
}

/* Nonzero when 'sparql' seems to use a property path operator: one of
 * / | * + ? right after an IRI, a prefixed name or 'a', or a lone ^. */
static int uses_path(const char *sparql)
{
    const char *p = sparql;
    kg_graph__token prev = {"", 0, 'p'}, t;

    while (kg_graph__next_token(&p, &t)) {
        int after_pred = prev.kind == 'i' || kg_graph__is_word(&prev, "A") ||
                         (prev.kind == 'w' && memchr(prev.p, ':', prev.len));
        if (after_pred && t.kind == 'p' && strchr("/|*+?", t.p[0]) &&
            t.p[1] != '|')
            return 1;
        if (kg_graph__is_punct(&t, '^') && t.p[1] != '^' &&
            !(t.p > sparql && t.p[-1] == '^'))
            return 1;
        prev = t;
    }
    return 0;
}

/*
 * Blank out DISTINCT in MIN(DISTINCT ...), MAX(DISTINCT ...) and
 * SAMPLE(DISTINCT ...) of 'text', in place: the answer is the same
 * without it, and rasqal's aggregate DISTINCT is not trusted. Spaces
 * keep every line and column where it was.
 */
static void drop_distinct(char *text)
{
    const char *p = text;
    kg_graph__token t, u;
    size_t i;

    while (kg_graph__next_token(&p, &t))
        for (i = 0; i < KG_ARRAY_SIZE(unaffected); i++) {
            const char *q = p;
            if (kg_graph__is_word(&t, unaffected[i]) &&
                kg_graph__next_token(&q, &u) && kg_graph__is_punct(&u, '(') &&
                kg_graph__next_token(&q, &u) &&
                kg_graph__is_word(&u, "DISTINCT"))
                memset(text + (u.p - text), ' ', u.len);
        }
}

/*
 * rasqal's YEAR(), MONTH() and DAY() are unbound on xsd:date (right on
 * xsd:dateTime). Rewrite each call F(x) as
 *   IF(DATATYPE(x) = xsd:date && REGEX(STR(x), "^YYYY-MM-DD"),
 *      xsd:integer(SUBSTR(STR(x), start, len)) + 0, F(x))
 * ("+ 0" gives the canonical form: 1, not 01). A date of another shape
 * (a year past 9999, a negative year) still gives rasqal's unbound.
 * Returns 1 when 'out' holds a rewritten 'text', 0 when none is needed,
 * KG_ENOMEM.
 */
static int fix_date_part(kg_buf *out, const kg_graph__token *name,
                         const char *arg, const char *close, void *user)
{
    int n = (int)(close - arg);
    size_t i;

    (void)user;
    for (i = 0; i < KG_ARRAY_SIZE(date_parts); i++)
        if (kg_graph__is_word(name, date_parts[i].name))
            break;
    if (i == KG_ARRAY_SIZE(date_parts))
        return 0;
    return kg_buf_printf(out,
                         "IF(DATATYPE(%.*s) = <" KG_NS_XSD "date> && "
                         "REGEX(STR(%.*s), \"^[0-9]{4}-[0-9]{2}-[0-9]{2}\"), "
                         "<" KG_NS_XSD "integer>(SUBSTR(STR(%.*s), %d, %d)) + 0, "
                         "%.*s)",
                         n, arg, n, arg, n, arg, date_parts[i].start,
                         date_parts[i].len, (int)(close + 1 - name->p),
                         name->p) < 0
               ? KG_ENOMEM
               : 1;
}

static int fix_date_parts(kg_buf *out, const char *text)
{
    return kg_graph__rewrite_calls(out, text, fix_date_part, NULL);
}

/* ---- GRAPH <absent> ---------------------------------------------------- */

/* The IRI of token 't' (an IRI or a prefixed name) into 'out', using the
 * query's own PREFIX lines, then the predeclared ones. 0 when unknown. */
static int token_iri(kg_buf *out, const char *sparql, const kg_graph__token *t)
{
    const char *p = sparql, *colon;
    kg_graph__token a, b;
    size_t i, n;

    if (t->kind == 'i') {
        if (!memchr(t->p, ':', t->len)) /* relative: leave it to rasqal */
            return 0;
        return kg_buf_put(out, t->p + 1, t->len - 2) < 0 ? KG_ENOMEM : 1;
    }
    if (t->kind != 'w' || (colon = memchr(t->p, ':', t->len)) == NULL)
        return 0;
    n = (size_t)(colon - t->p) + 1;
    while (kg_graph__next_token(&p, &a))
        if (kg_graph__is_word(&a, "PREFIX") && kg_graph__next_token(&p, &a) &&
            a.len == n && strncmp(a.p, t->p, n) == 0 &&
            kg_graph__next_token(&p, &b) && b.kind == 'i')
            return kg_buf_put(out, b.p + 1, b.len - 2) < 0 ||
                           kg_buf_put(out, colon + 1,
                                      t->len - n) < 0
                       ? KG_ENOMEM
                       : 1;
    for (i = 0; i < kg__n_prefixes; i++)
        if (strlen(kg__prefixes[i].name) + 1 == n &&
            strncmp(kg__prefixes[i].name, t->p, n - 1) == 0)
            return kg_buf_puts(out, kg__prefixes[i].iri) < 0 ||
                           kg_buf_put(out, colon + 1, t->len - n) < 0
                       ? KG_ENOMEM
                       : 1;
    return 0;
}

/*
 * librdf answers GRAPH <g> { P } with one empty row when there is no graph
 * <g> instead of none (rasqal puts an empty rowsource, one empty solution,
 * for a graph that is not among the named graphs). Such a pattern is
 * always joined into its enclosing group, which is therefore empty: after
 * each GRAPH block naming a graph the store lacks, or that the dataset of
 * 'run' leaves out, add FILTER(false). Returns 1 when 'out' holds a
 * rewritten query, 0 when none is needed, KG_ENOMEM.
 */
static int fix_absent_graphs(kg_buf *out, kg_graph *g, const char *sparql,
                             const kg_graph__run *run)
{
    const char *p = sparql, *copied = sparql;
    kg_graph__token t, name, brace;
    kg_buf iri = KG_BUF_INIT;
    int changed = 0, error = 0;

    while (error == 0 && kg_graph__next_token(&p, &t)) {
        const char *q = p;
        librdf_node *n;
        int depth, absent, rc;

        if (!kg_graph__is_word(&t, "GRAPH") ||
            !kg_graph__next_token(&q, &name) ||
            !kg_graph__next_token(&q, &brace) ||
            !kg_graph__is_punct(&brace, '{'))
            continue;
        kg_buf_clear(&iri);
        if ((rc = token_iri(&iri, sparql, &name)) <= 0) {
            error = rc;
            continue;
        }
        if ((n = kg_graph__iri(g, iri.ptr)) == NULL) {
            error = KG_ENOMEM;
            break;
        }
        absent = !librdf_model_contains_context(g->model, n) ||
                 !kg_graph__run_names(run, n);
        librdf_free_node(n);
        if (!absent)
            continue;
        for (depth = 1; depth > 0 && kg_graph__next_token(&q, &t);)
            depth += kg_graph__is_punct(&t, '{') - kg_graph__is_punct(&t, '}');
        if (depth > 0)
            break; /* unbalanced: rasqal will report it */
        if (kg_buf_put(out, copied, (size_t)(q - copied)) < 0 ||
            kg_buf_puts(out, " FILTER(false)") < 0)
            error = KG_ENOMEM;
        copied = p = q;
        changed = 1;
    }
    if (error == 0 && changed && kg_buf_puts(out, copied) < 0)
        error = KG_ENOMEM;
    kg_buf_dispose(&iri);
    return error < 0 ? error : changed;
}

/* ---- solution modifiers done by kg (modifiers.c) ----------------------- */

/* Blank (with spaces: lines and columns stay) the top-level ORDER BY,
 * LIMIT and OFFSET of 'text' -- they follow the last top-level '}' --
 * and, when 'distinct', the DISTINCT after the first SELECT, into 'out'. */
static int strip_modifiers(kg_buf *out, const char *text, int distinct)
{
    const char *p = text, *tail = NULL, *order = NULL;
    kg_graph__token t, u;
    int depth = 0, selects = 0;
    char *w;

    if (kg_buf_puts(out, text) < 0)
        return KG_ENOMEM;
    w = out->ptr;
    while (kg_graph__next_token(&p, &t)) {
        if (kg_graph__is_punct(&t, '{'))
            depth++;
        else if (kg_graph__is_punct(&t, '}') && --depth == 0)
            tail = p;
        else if (depth == 0 && kg_graph__is_word(&t, "SELECT") &&
                 selects++ == 0 && distinct) {
            const char *q = p;
            if (kg_graph__next_token(&q, &u) &&
                kg_graph__is_word(&u, "DISTINCT"))
                memset(w + (u.p - text), ' ', u.len);
        }
    }
    for (p = tail; p && kg_graph__next_token(&p, &t);) {
        if (kg_graph__is_word(&t, "ORDER")) {
            order = t.p;
        } else if (kg_graph__is_word(&t, "LIMIT") ||
                   kg_graph__is_word(&t, "OFFSET")) {
            if (order)
                memset(w + (order - text), ' ', (size_t)(t.p - order));
            order = NULL;
            memset(w + (t.p - text), ' ', t.len);
            if (kg_graph__next_token(&p, &u) && u.kind == 'n')
                memset(w + (u.p - text), ' ', u.len);
        }
    }
    if (order)
        memset(w + (order - text), ' ', strlen(order));
    return 0;
}

/*
 * When kg applies the query's ORDER BY / DISTINCT / LIMIT / OFFSET itself
 * (rasqal's are quadratic on sorted rows, see modifiers.c), replace
 * r->query by the query without them and set r->mods. Returns 0,
 * KG_ENOMEM or KG_EQUERY.
 */
static int own_modifiers(kg_result *r, kg_graph *g, const char *text,
                         librdf_uri *base)
{
    kg_buf stripped = KG_BUF_INIT;
    int rc;

    if ((rc = kg_graph__mods_plan(&r->mods, g, text, base)) <= 0)
        return rc;
    if (strip_modifiers(&stripped, text,
                        kg_graph__mods_distinct(r->mods)) < 0) {
        kg_buf_dispose(&stripped);
        return KG_ENOMEM;
    }
    librdf_free_query(r->query);
    r->query = librdf_new_query(g->world, "sparql", NULL,
                                (const unsigned char *)stripped.ptr, base);
    kg_buf_dispose(&stripped);
    return r->query ? 0 : KG_EQUERY;
}

/* ---- running ---------------------------------------------------------- */

/*
 * The column of a syntax error: rasqal gives a line only. When its
 * message names the offending text ("unexpected '}'", "unexpected
 * SELECT", "syntax error at 'x'") and that text occurs exactly once on
 * line 'line' of 'sparql', its position there (in characters, from 1);
 * otherwise 0, rather than a guess.
 */
static int error_column(const char *sparql, int line, const char *msg)
{
    const char *p = sparql, *end, *q, *hit = NULL, *m;
    char needle[64];
    size_t n = 0;
    int word = 0, found = 0, col = 1;

    if ((m = strstr(msg, "unexpected ")) != NULL)
        m += 11;
    else if ((m = strstr(msg, " at '")) != NULL)
        m += 4;
    else
        return 0;
    if (*m == '\'') {
        const char *close = strchr(m + 1, '\'');
        if (!close || close == m + 1 ||
            (size_t)(close - m - 1) >= sizeof(needle))
            return 0;
        n = (size_t)(close - m - 1);
        memcpy(needle, m + 1, n);
    } else {
        while (isupper((unsigned char)m[n]) && n < sizeof(needle) - 1) {
            needle[n] = m[n];
            n++;
        }
        word = 1;
        if (n == 0)
            return 0;
    }
    needle[n] = '\0';
    for (; line > 1 && *p; p++)
        if (*p == '\n')
            line--;
    end = strchr(p, '\n');
    if (!end)
        end = p + strlen(p);
    for (q = p; q + n <= end; q++) {
        if (word
                ? strncasecmp(q, needle, n) != 0 ||
                      (q > p && kg_graph__name_char((unsigned char)q[-1])) ||
                      (q + n < end && kg_graph__name_char((unsigned char)q[n]))
                : strncmp(q, needle, n) != 0)
            continue;
        hit = q;
        found++;
    }
    if (found != 1)
        return 0;
    for (q = p; q < hit; q++)
        col += ((unsigned char)*q & 0xC0) != 0x80;
    return col;
}

/*
 * Unless the caller gave a dataset, take the query's FROM / FROM NAMED
 * (from rasqal's parse of 'text', IRIs resolved) as the dataset of 'run'.
 * Returns 0, KG_ENOMEM or KG_EPARSE.
 */
static int dataset_from_query(kg_graph__run *run, librdf_world *w,
                              const char *text, librdf_uri *base)
{
    rasqal_query *q;
    raptor_sequence *seq;
    int i, n, error = 0;

    if (run->given)
        return 0;
    if ((q = rasqal_new_query(librdf_world_get_rasqal(w), "sparql",
                              NULL)) == NULL)
        return KG_ENOMEM;
    if (rasqal_query_prepare(q, (const unsigned char *)text, base) != 0) {
        rasqal_free_query(q);
        return KG_EPARSE;
    }
    seq = rasqal_query_get_data_graph_sequence(q);
    n = seq ? raptor_sequence_size(seq) : 0;
    for (i = 0; i < n && error == 0; i++) {
        rasqal_data_graph *dg = raptor_sequence_get_at(seq, i);
        int named = (dg->flags & RASQAL_DATA_GRAPH_NAMED) != 0;
        raptor_uri *u = named && dg->name_uri ? dg->name_uri : dg->uri;

        if (u)
            error = kg_graph__run_add(run, w,
                                      (const char *)raptor_uri_as_string(u),
                                      named);
    }
    rasqal_free_query(q);
    return error;
}

/* Parse 'text' with rasqal. Returns 0 or KG_EPARSE (detail logged). */
static int parse_only(librdf_world *w, const char *text, librdf_uri *base)
{
    rasqal_world *rw = librdf_world_get_rasqal(w);
    rasqal_query *q = rasqal_new_query(rw, "sparql", NULL);
    int rc;

    if (!q)
        return KG_EPARSE;
    rc = rasqal_query_prepare(q, (const unsigned char *)text, base);
    rasqal_free_query(q);
    return rc == 0 ? 0 : KG_EPARSE;
}

/* Width and names of 'r' from rasqal's own parse of 'text' (librdf has
 * neither once a result is finished without rows). */
static int names_from_rasqal(kg_result *r, const char *text,
                             librdf_uri *base)
{
    rasqal_world *rw = librdf_world_get_rasqal(r->g->world);
    rasqal_query *q = rasqal_new_query(rw, "sparql", NULL);
    raptor_sequence *seq = NULL;
    int i, n = 0, error = 0;

    if (!q)
        return KG_ENOMEM;
    if (rasqal_query_prepare(q, (const unsigned char *)text, base) == 0 &&
        (seq = rasqal_query_get_bound_variable_sequence(q)) != NULL)
        n = raptor_sequence_size(seq);
    if (n > r->width) {
        char **names = kg__calloc((size_t)n + 1, sizeof(*names));
        if (!names) {
            error = KG_ENOMEM;
            goto done;
        }
        for (i = 0; i < r->width; i++)
            names[i] = r->names[i];
        kg__free(r->names);
        r->names = names;
        r->width = n;
    }
    for (i = 0; i < r->width && error == 0; i++) {
        rasqal_variable *v = i < n ? raptor_sequence_get_at(seq, i) : NULL;
        if (r->names[i])
            continue;
        r->names[i] = kg__strdup(v ? (const char *)v->name : "");
        if (!r->names[i])
            error = KG_ENOMEM;
    }
    if (error == 0 && seq)
        error = kg_graph__empty_group(r, q, seq, n);
done:
    rasqal_free_query(q);
    return error;
}

/*
 * 'sparql' into 'text' after the predeclared prefixes it does not declare
 * itself (none unless 'predeclare'); '*added' is their number of lines.
 * Returns 0 or KG_ENOMEM.
 */
static int prefixed(kg_buf *text, const char *sparql, int predeclare,
                    int *added)
{
    const char *p = sparql;
    kg_graph__token t;
    size_t i;

    *added = 0;
    /* SPARQL wants BASE before any PREFIX: a leading BASE <iri> stays
     * first, on the first line, so line numbers still map back. */
    if (predeclare && kg_graph__next_token(&p, &t) &&
        kg_graph__is_word(&t, "BASE") && kg_graph__next_token(&p, &t) &&
        t.kind == 'i') {
        if (kg_buf_put(text, sparql, (size_t)(p - sparql)) < 0 ||
            kg_buf_puts(text, " ") < 0)
            return KG_ENOMEM;
        sparql = p;
    }
    if (predeclare)
        for (i = 0; i < kg__n_prefixes; i++) {
            if (kg_graph__declares(sparql, kg__prefixes[i].name))
                continue;
            if (kg_buf_printf(text, "PREFIX %s: <%s>\n",
                              kg__prefixes[i].name,
                              kg__prefixes[i].iri) < 0)
                return KG_ENOMEM;
            (*added)++;
        }
    return kg_buf_puts(text, sparql) < 0 ? KG_ENOMEM : 0;
}

int kg_query_parse(kg_ctx *ctx, const char *sparql,
                   const kg_query_options *opts, kg_error *err)
{
    static const kg_query_options defaults = KG_QUERY_OPTIONS_INIT;
    librdf_world *w = kg__ctx_librdf(ctx);
    kg_buf text = KG_BUF_INIT;
    librdf_uri *base = NULL;
    kg_error lib;
    int error = 0, added;

    assert(ctx && sparql);
    if (!opts)
        opts = &defaults;
    if (kg_graph__crashes_rasqal(sparql))
        return kg_graph__crash_error(err);
    if (prefixed(&text, sparql, opts->predeclare, &added) < 0 ||
        (opts->base && (base = librdf_new_uri(
                            w, (const unsigned char *)opts->base)) == NULL)) {
        error = kg_error_set(err, KG_ENOMEM, "out of memory");
        goto done;
    }
    kg_error_clear(&lib);
    kg__ctx_begin(ctx, &lib);
    if (parse_only(w, text.ptr, base) < 0 || kg__ctx_failed(ctx))
        error = KG_EPARSE;
    kg__ctx_end(ctx);
    if (error == 0) {
        error = kg_graph__validate(sparql,
                                   opts->base ? opts->base : "query", err);
        goto done;
    }
    if ((error = kg_graph__misread_names(
             sparql, opts->base ? opts->base : "query", err)) < 0)
        goto done;
    if (uses_path(sparql)) {
        error = kg_error_set(err, KG_EUNSUPPORTED,
                             "property paths are not supported by rasqal; "
                             "write the steps as separate triple patterns");
        goto done;
    }
    error = kg_error_set(err, KG_EPARSE, "%s",
                         lib.code ? lib.message : "invalid SPARQL");
    kg_error_locate(err, opts->base ? opts->base : "query",
                    lib.line > added ? lib.line - added : 0,
                    lib.line > added ? error_column(sparql, lib.line - added,
                                                    lib.message)
                                     : 0);
done:
    kg_buf_dispose(&text);
    if (base)
        librdf_free_uri(base);
    return error;
}

int kg_query_dataset(kg_ctx *ctx, const char *sparql,
                     const kg_query_options *opts, kg_buf *defaults_out,
                     size_t *n_defaults, kg_buf *named_out, size_t *n_named,
                     kg_error *err)
{
    static const kg_query_options defaults = KG_QUERY_OPTIONS_INIT;
    rasqal_world *rw = librdf_world_get_rasqal(kg__ctx_librdf(ctx));
    rasqal_query *q = NULL;
    raptor_sequence *seq;
    kg_buf text = KG_BUF_INIT;
    librdf_uri *base = NULL;
    int error = 0, added, i, n;

    assert(ctx && sparql && defaults_out && named_out);
    *n_defaults = *n_named = 0;
    if (!opts)
        opts = &defaults;
    if ((error = kg_query_parse(ctx, sparql, opts, err)) < 0)
        return error;
    if (prefixed(&text, sparql, opts->predeclare, &added) < 0 ||
        (opts->base &&
         (base = librdf_new_uri(kg__ctx_librdf(ctx),
                                (const unsigned char *)opts->base)) ==
             NULL) ||
        (q = rasqal_new_query(rw, "sparql", NULL)) == NULL)
        goto nomem;
    if (rasqal_query_prepare(q, (const unsigned char *)text.ptr, base) != 0) {
        error = kg_error_set(err, KG_EPARSE, "invalid SPARQL");
        goto done;
    }
    seq = rasqal_query_get_data_graph_sequence(q);
    n = seq ? raptor_sequence_size(seq) : 0;
    for (i = 0; i < n; i++) {
        rasqal_data_graph *dg = raptor_sequence_get_at(seq, i);
        int named = (dg->flags & RASQAL_DATA_GRAPH_NAMED) != 0;
        raptor_uri *u = named && dg->name_uri ? dg->name_uri : dg->uri;
        const char *iri;

        if (!u)
            continue;
        iri = (const char *)raptor_uri_as_string(u);
        if (kg_buf_put(named ? named_out : defaults_out, iri,
                       strlen(iri) + 1) < 0)
            goto nomem;
        (*(named ? n_named : n_defaults))++;
    }
    goto done;
nomem:
    error = kg_error_set(err, KG_ENOMEM, "out of memory");
done:
    if (q)
        rasqal_free_query(q);
    if (base)
        librdf_free_uri(base);
    kg_buf_dispose(&text);
    return error;
}

/*
 * The rewrites that make rasqal give SPARQL's answer, in order, applied to
 * 'fixed' when 'rewritten' (it holds the text so far), else to 'text':
 * 'fixed' then holds the result. Returns 1 when it does, 0 when no
 * rewrite applied, KG_ENOMEM.
 */
static int rewrite_all(kg_buf *fixed, int rewritten, const char *text)
{
    static int (*const rewrites[])(kg_buf *, const char *) = {
        fix_date_parts, kg_graph__fix_group_as, kg_graph__fix_binds,
        kg_graph__fix_aggregates};
    size_t i;
    int rc;

    for (i = 0; i < KG_ARRAY_SIZE(rewrites); i++) {
        kg_buf out = KG_BUF_INIT;

        if ((rc = rewrites[i](&out, rewritten ? fixed->ptr : text)) == 1) {
            kg_buf_dispose(fixed);
            *fixed = out;
            rewritten = 1;
            continue;
        }
        kg_buf_dispose(&out);
        if (rc < 0)
            return rc;
    }
    return rewritten;
}

/* Nonzero when the run of 'r' has passed its deadline. */
static int expired(kg_result *r)
{
    if (r->run && kg_graph__run_expired(r->run))
        return 1;
    return r->deadline > 0 && kg_graph__now() > r->deadline;
}

/* r->group_probe for a grouped SELECT 'text' (emptygroup.h): 0, or
 * KG_ENOMEM, or KG_EQUERY when librdf cannot prepare it. */
static int prepare_group_probe(kg_result *r, const char *text,
                               librdf_uri *base)
{
    kg_buf probe = KG_BUF_INIT;
    int rc = kg_graph__group_probe(&probe, text);

    if (rc == 1 && (r->group_probe = librdf_new_query(
                        r->g->world, "sparql", NULL,
                        (const unsigned char *)probe.ptr, base)) == NULL)
        rc = KG_EQUERY;
    kg_buf_dispose(&probe);
    return rc < 0 ? rc : 0;
}

/* Whether the pattern of a grouped query that answered one row has any
 * solution (emptygroup.c says why): 1 yes, 0 no, or an error. */
static int group_has_solutions(kg_result *r, kg_error *err)
{
    librdf_query_results *res;
    kg_error lib;
    int answer;

    kg_error_clear(&lib);
    kg__ctx_begin(r->g->ctx, &lib);
    res = kg_graph__execute(r->group_probe, r->g->world, r->model, r->run);
    answer = res ? librdf_query_results_get_boolean(res) : -1;
    if (res)
        librdf_free_query_results(res);
    kg__ctx_end(r->g->ctx);
    if (r->run->timed_out || expired(r))
        return kg_error_set(err, KG_ETIMEOUT,
                            "query ran past its time limit");
    if (answer < 0 || lib.code)
        return kg_error_set(err, KG_EQUERY, "query failed: %s",
                            lib.code ? lib.message : "rasqal error");
    return answer > 0;
}

int kg_graph_query(kg_result **out, kg_graph *g, const char *sparql,
                   const kg_query_options *opts, kg_error *err)
{
    static const kg_query_options defaults = KG_QUERY_OPTIONS_INIT;
    kg_result *r = NULL;
    kg_buf text = KG_BUF_INIT, fixed = KG_BUF_INIT;
    librdf_uri *base = NULL;
    kg_error lib;
    int error = 0, added = 0, rc, on_quads;
    size_t i;

    assert(out && g && sparql);
    *out = NULL;
    if (!opts)
        opts = &defaults;
    /* A server is a full SPARQL 1.1 engine: rasqal's limits do not apply */
    if (g->remote)
        return kg_graph__remote_query(out, g, sparql, opts, err);
    if ((error = refuse_unsupported(sparql, err)) < 0)
        return error;
    if (prefixed(&text, sparql, opts->predeclare, &added) < 0 ||
        (r = kg__calloc(1, sizeof(*r))) == NULL ||
        (r->run = kg__calloc(1, sizeof(*r->run))) == NULL)
        goto nomem;
    drop_distinct(text.ptr);
    r->g = g;
    if (kg_graph__run_init(r->run, g->world, opts) < 0)
        goto nomem;
    if (opts->base && (base = librdf_new_uri(
                           g->world, (const unsigned char *)opts->base)) ==
                          NULL)
        goto nomem;

    kg_error_clear(&lib);
    kg__ctx_begin(g->ctx, &lib);
    /* librdf parses only when it executes: parse with rasqal first so
     * that a syntax error is told from a failure at run time. */
    if (parse_only(g->world, text.ptr, base) < 0 || kg__ctx_failed(g->ctx) ||
        (r->query = librdf_new_query(g->world, "sparql", NULL,
                                     (const unsigned char *)text.ptr,
                                     base)) == NULL) {
        kg__ctx_end(g->ctx);
        if ((error = kg_graph__misread_names(
                 sparql, opts->base ? opts->base : "query", err)) < 0)
            goto done;
        if (uses_path(sparql)) {
            error = kg_error_set(err, KG_EUNSUPPORTED,
                                 "property paths are not supported by "
                                 "rasqal; write the steps as separate "
                                 "triple patterns");
            goto done;
        }
        error = kg_error_set(err, KG_EPARSE, "%s",
                             lib.code ? lib.message : "invalid SPARQL");
        kg_error_locate(err, opts->base ? opts->base : "query",
                        lib.line > added ? lib.line - added : 0,
                        lib.line > added
                            ? error_column(sparql, lib.line - added,
                                           lib.message)
                            : 0);
        goto done;
    }
    if ((error = kg_graph__validate(sparql,
                                    opts->base ? opts->base : "query",
                                    err)) < 0 ||
        (error = kg_graph__check_scope(g->world, text.ptr, base,
                                            err)) < 0 ||
        (error = kg_graph__check_having(sparql, err)) < 0) {
        kg__ctx_end(g->ctx);
        goto done;
    }
    /* Rewritten only once the caller's text parsed, so that syntax
     * errors point into it. */
    kg_buf_clear(&fixed);
    if ((rc = dataset_from_query(r->run, g->world, text.ptr, base)) < 0) {
        kg__ctx_end(g->ctx);
        if (rc == KG_ENOMEM)
            goto nomem;
        error = kg_error_set(err, KG_EQUERY, "cannot read the dataset of "
                                             "the query");
        goto done;
    }
    if ((rc = fix_absent_graphs(&fixed, g, text.ptr, r->run)) < 0) {
        kg__ctx_end(g->ctx);
        goto nomem;
    }
    if ((rc = rewrite_all(&fixed, rc == 1, text.ptr)) < 0) {
        kg__ctx_end(g->ctx);
        goto nomem;
    }
    if (rc == 1) {
        librdf_free_query(r->query);
        r->query = librdf_new_query(g->world, "sparql", NULL,
                                    (const unsigned char *)fixed.ptr, base);
        if (!r->query) {
            kg__ctx_end(g->ctx);
            error = kg_error_set(err, KG_EQUERY, "cannot prepare the query");
            goto done;
        }
    }
    if ((rc = own_modifiers(r, g, fixed.size ? fixed.ptr : text.ptr,
                            base)) < 0 ||
        (rc = prepare_group_probe(r, fixed.size ? fixed.ptr : text.ptr,
                                  base)) < 0) {
        kg__ctx_end(g->ctx);
        if (rc == KG_ENOMEM)
            goto nomem;
        error = kg_error_set(err, KG_EQUERY, "cannot prepare the query");
        goto done;
    }
    r->deadline = r->run->deadline;
    on_quads = r->run->restricted || kg_graph__names_graphs(sparql);
    r->model = on_quads ? g->model : g->umodel;
    r->res = kg_graph__execute(r->query, g->world, r->model, r->run);
    kg__ctx_end(g->ctx);
    if (r->run->timed_out) {
        error = kg_error_set(err, KG_ETIMEOUT,
                             "query ran past its %g s time limit",
                             opts->timeout);
        goto done;
    }
    if (!r->res || lib.code) {
        error = kg_error_set(err, KG_EQUERY, "query failed: %s",
                             lib.code ? lib.message : "rasqal error");
        goto done;
    }
    if (expired(r)) {
        error = kg_error_set(err, KG_ETIMEOUT,
                             "query ran past its %g s time limit",
                             opts->timeout);
        goto done;
    }
    if (librdf_query_results_is_bindings(r->res)) {
        r->kind = KG_QUERY_BINDINGS;
        r->width = librdf_query_results_get_bindings_count(r->res);
        /* librdf forgets the names once the last row is read: copy. */
        if ((r->names = kg__calloc((size_t)r->width + 1,
                                   sizeof(*r->names))) == NULL)
            goto nomem;
        for (i = 0; i < (size_t)r->width; i++) {
            const char *n = librdf_query_results_get_binding_name(
                r->res, (int)i);
            if (!n)
                break;
            if ((r->names[i] = kg__strdup(n)) == NULL)
                goto nomem;
        }
        /* With no rows librdf gives no names at all: ask rasqal, about
         * the caller's text (the rewrites keep its names), so that the
         * row of aggregates over nothing follows SPARQL's AVG, not the
         * SUM / SUM kg runs (aggfix.c). */
        if ((r->width == 0 || i < (size_t)r->width) &&
            (error = names_from_rasqal(r, text.ptr, base)) < 0)
            goto nomem;
        if (r->mods && kg_graph__mods_bind(r->mods, r) < 0) {
            error = kg_error_set(err, KG_EQUERY,
                                 "an ORDER BY variable is not in the "
                                 "result");
            goto done;
        }
    } else if (librdf_query_results_is_boolean(r->res)) {
        r->kind = KG_QUERY_BOOLEAN;
        r->boolean = librdf_query_results_get_boolean(r->res) > 0;
        if (r->run->timed_out) { /* the answer may be a partial one */
            error = kg_error_set(err, KG_ETIMEOUT,
                                 "query ran past its %g s time limit",
                                 opts->timeout);
            goto done;
        }
    } else if (librdf_query_results_is_graph(r->res)) {
        r->kind = KG_QUERY_GRAPH;
    } else {
        error = kg_error_set(err, KG_EQUERY, "unknown kind of query result");
        goto done;
    }
    goto done;

nomem:
    error = kg_error_set(err, KG_ENOMEM, "out of memory");
done:
    kg_buf_dispose(&text);
    kg_buf_dispose(&fixed);
    if (base)
        librdf_free_uri(base);
    if (error < 0)
        kg_result_free(r);
    else
        *out = r;
    return error;
}

void kg_result_free(kg_result *r)
{
    if (!r)
        return;
    if (r->names) {
        int i;
        for (i = 0; i < r->width; i++)
            kg__free(r->names[i]);
        kg__free(r->names);
    }
    if (r->empty_group) {
        int i;
        for (i = 0; i < r->width; i++)
            if (r->empty_group[i])
                librdf_free_node(r->empty_group[i]);
        kg__free(r->empty_group);
    }
    kg_graph__mods_free(r->mods);
    kg_graph__remote_result_free(r);
    if (r->res)
        librdf_free_query_results(r->res);
    if (r->query)
        librdf_free_query(r->query);
    if (r->group_probe)
        librdf_free_query(r->group_probe);
    if (r->run) {
        kg_graph__run_dispose(r->run);
        kg__free(r->run);
    }
    kg__free(r);
}

kg_query_kind kg_result_kind(const kg_result *r)
{
    return r->kind;
}

int kg_result_boolean(const kg_result *r)
{
    assert(r->kind == KG_QUERY_BOOLEAN);
    return r->boolean;
}

const char *kg_graph__result_name(kg_result *r, int i)
{
    return r->names[i];
}

/* At the end of a result without rows: the row of an aggregate over no
 * solutions (emptygroup.c), as a row (1), or 0, or KG_EUNSUPPORTED. */
static int empty_group_row(kg_result *r, librdf_node **values, kg_error *err)
{
    int i;

    if (r->empty_group_unsupported)
        return kg_error_set(err, KG_EUNSUPPORTED,
                            "no solution matched, and SPARQL's answer then "
                            "(one row of aggregates over nothing) is not "
                            "computed by kg for expressions around an "
                            "aggregate or HAVING; select the bare "
                            "aggregates");
    if (!r->empty_group)
        return 0;
    for (i = 0; i < r->width; i++) {
        values[i] = NULL;
        if (r->empty_group[i] &&
            (values[i] = librdf_new_node_from_node(r->empty_group[i])) ==
                NULL) {
            while (i-- > 0)
                if (values[i])
                    librdf_free_node(values[i]);
            return kg_error_set(err, KG_ENOMEM, "out of memory");
        }
    }
    return 1;
}

/* Free the 'width' nodes of a row that will not be given out. */
static void drop_row(librdf_node **values, int width)
{
    int i;

    for (i = 0; i < width; i++)
        if (values[i])
            librdf_free_node(values[i]);
}

/* The next row as rasqal gives it (kg_graph__result_next's contract). */
static int raw_next(kg_result *r, librdf_node **values, kg_error *err)
{
    kg_error lib;
    int i, rc;

    if (r->g->remote)
        return kg_graph__remote_next(r, values, err);
    /* Matching stopped at the deadline ends the rows early: that end
     * is a timeout, not the answer. */
    if (expired(r))
        return kg_error_set(err, KG_ETIMEOUT,
                            "query ran past its time limit");
    if (librdf_query_results_finished(r->res))
        return r->rows++ == 0 ? empty_group_row(r, values, err) : 0;
    r->rows++;
    for (i = 0; i < r->width; i++)
        values[i] = librdf_query_results_get_binding_value(r->res, i);
    kg_error_clear(&lib);
    kg__ctx_begin(r->g->ctx, &lib);
    librdf_query_results_next(r->res);
    kg__ctx_end(r->g->ctx);
    if (lib.code) {
        drop_row(values, r->width);
        return kg_error_set(err, KG_EQUERY, "query failed: %s", lib.message);
    }
    if (r->rows == 1 && r->group_probe &&
        librdf_query_results_finished(r->res) &&
        (rc = group_has_solutions(r, err)) <= 0) {
        drop_row(values, r->width);
        return rc;
    }
    return 1;
}

int kg_graph__result_next(kg_result *r, librdf_node **values, kg_error *err)
{
    if (r->mods)
        return kg_graph__mods_next(r->mods, r, raw_next, values, err);
    return raw_next(r, values, err);
}

int kg_result_triples(kg_result *r, kg_triples *out, kg_error *err)
{
    size_t before = kg_triples_count(out);
    librdf_stream *st;
    kg_error lib;
    int error = 0;

    assert(r && out);
    if (r->kind != KG_QUERY_GRAPH)
        return kg_error_set(err, KG_EINVALID,
                            "the query does not give a graph");
    if (r->g->remote)
        return kg_graph__remote_triples(r, out, err);
    kg_error_clear(&lib);
    kg__ctx_begin(r->g->ctx, &lib);
    if ((st = librdf_query_results_as_stream(r->res)) != NULL) {
        for (; !librdf_stream_end(st) && error == 0;
             librdf_stream_next(st)) {
            librdf_statement *s = librdf_stream_get_object(st);
            kg_term ts, tp, to;
            if (expired(r)) {
                error = kg_error_set(err, KG_ETIMEOUT,
                                     "query ran past its time limit");
                break;
            }
            kg_graph__term(&ts, librdf_statement_get_subject(s));
            kg_graph__term(&tp, librdf_statement_get_predicate(s));
            kg_graph__term(&to, librdf_statement_get_object(s));
            if (kg_triples_add(out, &ts, &tp, &to, NULL) < 0)
                error = kg_error_set(err, KG_ENOMEM, "out of memory");
        }
        librdf_free_stream(st);
    }
    kg__ctx_end(r->g->ctx);
    if (error == 0 && r->run && r->run->timed_out)
        error = kg_error_set(err, KG_ETIMEOUT,
                             "query ran past its time limit");
    if (error == 0 && lib.code)
        error = kg_error_set(err, KG_EQUERY, "query failed: %s",
                             lib.message);
    if (error < 0)
        kg__triples_truncate(out, before);
    return error;
}
