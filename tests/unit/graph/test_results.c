/*
 * test_results.c -- every result format for a SELECT with values that need
 * escaping, and for ASK, against hand-written expected text (the W3C
 * SPARQL 1.1 Query Results CSV/TSV, JSON and XML formats).
 *
 * SPDX-License-Identifier: MIT
 */
#include "graph/helpers.h"

/* t6 has no ex:v: one unbound value. */
#define Q_TRICKY                                                              \
    "SELECT ?v ?s WHERE { ?s <http://example.org/k> ?k "                      \
    "OPTIONAL { ?s <http://example.org/v> ?v } } ORDER BY ?k"

#define T(n) "https://w3id.org/kg/id/t" #n
#define KIM "https://w3id.org/kg/id/person/kim-jong-un"
#define XSD_INT "http://www.w3.org/2001/XMLSchema#integer"

typedef struct fx {
    kg_ctx *ctx;
    kg_graph *g;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof(*f));
    kg_triples *t;

    assert_int_equal(kg_ctx_new(&f->ctx, NULL), 0);
    assert_int_equal(kg_graph_open(&f->g, f->ctx, "memory:", 0, NULL), 0);
    t = fixture(f->ctx, "tricky.ttl");
    assert_int_equal(kg_graph_replace_graphs(f->g, t, "file:///tricky.ttl",
                                             NULL),
                     0);
    kg_triples_free(t);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;

    kg_graph_free(f->g);
    kg_ctx_free(f->ctx);
    free(f);
    return 0;
}

static void check(fx *f, const char *q, kg_result_format fmt,
                  const char *expected)
{
    char *text = query_text(f->g, q, fmt);

    assert_string_equal(text, expected);
    free(text);
}

static void test_results__csv(void **state)
{
    check(*state, Q_TRICKY, KG_RESULTS_CSV,
          "v,s\r\n"
          "\"a,b\"," T(1) "\r\n"
          "\"say \"\"hi\"\"\"," T(2) "\r\n"
          "\"line1\nline2\"," T(3) "\r\n"
          "Пхеньян," T(4) "\r\n"
          "42," T(5) "\r\n"
          "," T(6) "\r\n"
          KIM "," T(7) "\r\n"
          "평양," T(8) "\r\n"
          "tab\there & <x>," T(9) "\r\n");
}

static void test_results__tsv(void **state)
{
    check(*state, Q_TRICKY, KG_RESULTS_TSV,
          "?v\t?s\n"
          "\"a,b\"\t<" T(1) ">\n"
          "\"say \\\"hi\\\"\"\t<" T(2) ">\n"
          "\"line1\\nline2\"\t<" T(3) ">\n"
          "\"Пхеньян\"@ru\t<" T(4) ">\n"
          "42\t<" T(5) ">\n"
          "\t<" T(6) ">\n"
          "<" KIM ">\t<" T(7) ">\n"
          "\"평양\"\t<" T(8) ">\n"
          "\"tab\\there & <x>\"\t<" T(9) ">\n");
}

#define JURI(x) "{\"type\": \"uri\", \"value\": \"" x "\"}"
#define JLIT(x) "{\"type\": \"literal\", \"value\": \"" x "\"}"

static void test_results__json(void **state)
{
    check(*state, Q_TRICKY, KG_RESULTS_JSON,
          "{\n"
          "  \"head\": {\n"
          "    \"vars\": [\"v\", \"s\"]\n"
          "  },\n"
          "  \"results\": {\n"
          "    \"bindings\": [\n"
          "      {\"v\": " JLIT("a,b") ", \"s\": " JURI(T(1)) "},\n"
          "      {\"v\": " JLIT("say \\\"hi\\\"") ", \"s\": " JURI(T(2)) "},\n"
          "      {\"v\": " JLIT("line1\\nline2") ", \"s\": " JURI(T(3)) "},\n"
          "      {\"v\": {\"type\": \"literal\", \"value\": \"Пхеньян\", "
          "\"xml:lang\": \"ru\"}, \"s\": " JURI(T(4)) "},\n"
          "      {\"v\": {\"type\": \"literal\", \"value\": \"42\", "
          "\"datatype\": \"" XSD_INT "\"}, \"s\": " JURI(T(5)) "},\n"
          "      {\"s\": " JURI(T(6)) "},\n"
          "      {\"v\": " JURI(KIM) ", \"s\": " JURI(T(7)) "},\n"
          "      {\"v\": " JLIT("평양") ", \"s\": " JURI(T(8)) "},\n"
          "      {\"v\": " JLIT("tab\\there \\u0026 \\u003cx\\u003e")
          ", \"s\": " JURI(T(9))
          "}\n"
          "    ]\n"
          "  }\n"
          "}\n");
}

#define XS(n) "      <binding name=\"s\"><uri>" T(n) "</uri></binding>\n"
#define XV(x) "      <binding name=\"v\">" x "</binding>\n"
#define XROW(v, n) "    <result>\n" v XS(n) "    </result>\n"

static void test_results__xml(void **state)
{
    check(*state, Q_TRICKY, KG_RESULTS_XML,
          "<?xml version=\"1.0\"?>\n"
          "<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n"
          "  <head>\n"
          "    <variable name=\"v\"/>\n"
          "    <variable name=\"s\"/>\n"
          "  </head>\n"
          "  <results>\n"
          XROW(XV("<literal>a,b</literal>"), 1)
          XROW(XV("<literal>say &quot;hi&quot;</literal>"), 2)
          XROW(XV("<literal>line1\nline2</literal>"), 3)
          XROW(XV("<literal xml:lang=\"ru\">Пхеньян</literal>"), 4)
          XROW(XV("<literal datatype=\"" XSD_INT "\">42</literal>"), 5)
          XROW("", 6)
          XROW(XV("<uri>" KIM "</uri>"), 7)
          XROW(XV("<literal>평양</literal>"), 8)
          XROW(XV("<literal>tab\there &amp; &lt;x&gt;</literal>"), 9)
          "  </results>\n"
          "</sparql>\n");
}

/* IRIs shortened (the most specific prefix wins), escapes shown, Hangul
 * counted as two columns. */
static void test_results__table(void **state)
{
    check(*state, Q_TRICKY, KG_RESULTS_TABLE,
          " v                  | s\n"
          "--------------------+---------\n"
          " a,b                | kgid:t1\n"
          " say \"hi\"           | kgid:t2\n"
          " line1\\nline2       | kgid:t3\n"
          " Пхеньян            | kgid:t4\n"
          " 42                 | kgid:t5\n"
          "                    | kgid:t6\n"
          " person:kim-jong-un | kgid:t7\n"
          " 평양               | kgid:t8\n"
          " tab\\there & <x>    | kgid:t9\n"
          "(9 rows)\n");
}

static void test_results__empty_select(void **state)
{
    const char *q = "SELECT ?s WHERE { ?s <http://example.org/none> ?o }";

    check(*state, q, KG_RESULTS_CSV, "s\r\n");
    check(*state, q, KG_RESULTS_TSV, "?s\n");
    check(*state, q, KG_RESULTS_TABLE, " s\n---\n(0 rows)\n");
    check(*state, q, KG_RESULTS_JSON,
          "{\n  \"head\": {\n    \"vars\": [\"s\"]\n  },\n"
          "  \"results\": {\n    \"bindings\": []\n  }\n}\n");
    check(*state, q, KG_RESULTS_XML,
          "<?xml version=\"1.0\"?>\n"
          "<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n"
          "  <head>\n    <variable name=\"s\"/>\n  </head>\n"
          "  <results>\n  </results>\n</sparql>\n");
}

static void test_results__ask(void **state)
{
    const char *yes = "ASK { ?s <http://example.org/v> \"a,b\" }";
    const char *no = "ASK { ?s <http://example.org/v> \"nothing\" }";

    check(*state, yes, KG_RESULTS_JSON,
          "{\n  \"head\": {},\n  \"boolean\": true\n}\n");
    check(*state, no, KG_RESULTS_JSON,
          "{\n  \"head\": {},\n  \"boolean\": false\n}\n");
    check(*state, yes, KG_RESULTS_XML,
          "<?xml version=\"1.0\"?>\n"
          "<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n"
          "  <head/>\n  <boolean>true</boolean>\n</sparql>\n");
    check(*state, no, KG_RESULTS_CSV, "_askResult\r\nfalse\r\n");
    check(*state, yes, KG_RESULTS_TSV, "?_askResult\ntrue\n");
    check(*state, no, KG_RESULTS_TABLE, "false\n");
}

/* Write 'q' in 'fmt' with a cap of 'cap' rows into a malloc()ed string. */
static char *capped_text(fx *f, const char *q, kg_result_format fmt,
                         long cap, int *truncated)
{
    kg_result *r = NULL;
    char *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);

    assert_non_null(fp);
    assert_int_equal(kg_graph_query(&r, f->g, q, NULL, NULL), 0);
    *truncated = -1;
    assert_int_equal(kg_result_write_capped(r, fp, fmt, cap, truncated,
                                            NULL),
                     0);
    kg_result_free(r);
    fclose(fp);
    return text;
}

static size_t count(const char *s, const char *what)
{
    size_t n = 0;

    for (; (s = strstr(s, what)) != NULL; s += strlen(what))
        n++;
    return n;
}

/* Nine rows: a cap below, at and above that number, in every format. */
static void test_results__cap(void **state)
{
    static const struct {
        kg_result_format fmt;
        const char *row;  /* occurs once per row (CSV/TSV: per line) */
        const char *mark; /* the truncation mark, or NULL */
    } formats[] = {
        {KG_RESULTS_JSON, "\"s\": {", "\"link\": [\"urn:kg:truncated:"},
        {KG_RESULTS_XML, "<result>", "<link href=\"urn:kg:truncated:"},
        {KG_RESULTS_CSV, "\r\n", NULL},
        {KG_RESULTS_TSV, "\n", NULL},
        {KG_RESULTS_TABLE, " | kgid:t", ", more left out)"},
    };
    static const long caps[] = {3, 9, 10, 1};
    size_t i, j;
    char want[64];

    for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
        for (j = 0; j < sizeof(caps) / sizeof(caps[0]); j++) {
            int truncated;
            long rows = caps[j] < 9 ? caps[j] : 9;
            char *text = capped_text(*state, Q_TRICKY, formats[i].fmt,
                                     caps[j], &truncated);
            size_t n = count(text, formats[i].row);

            /* the CSV/TSV header line is one more line; a CSV value
             * holds a line break inside quotes in row 3 */
            if (formats[i].fmt == KG_RESULTS_CSV ||
                formats[i].fmt == KG_RESULTS_TSV)
                n--;
            assert_int_equal(n, (size_t)rows);
            assert_int_equal(truncated, caps[j] < 9);
            if (formats[i].mark)
                assert_int_equal(strstr(text, formats[i].mark) != NULL,
                                 caps[j] < 9);
            if (formats[i].mark && caps[j] < 9 &&
                formats[i].fmt != KG_RESULTS_TABLE) {
                snprintf(want, sizeof(want), "%s%ld\"", formats[i].mark,
                         caps[j]);
                assert_non_null(strstr(text, want));
            }
            free(text);
        }
}

/* The cap leaves ASK alone, and 0 means no cap. */
static void test_results__cap_ask_and_zero(void **state)
{
    int truncated;
    char *text;

    text = capped_text(*state, "ASK { ?s ?p ?o }", KG_RESULTS_JSON, 1,
                       &truncated);
    assert_string_equal(text, "{\n  \"head\": {},\n  \"boolean\": true\n}\n");
    assert_int_equal(truncated, 0);
    free(text);
    text = capped_text(*state, Q_TRICKY, KG_RESULTS_XML, 0, &truncated);
    assert_int_equal(count(text, "<result>"), 9);
    assert_int_equal(truncated, 0);
    free(text);
}

static void test_results__format_names(void **state)
{
    kg_result_format fmt;

    (void)state;
    assert_int_equal(kg_result_format_from_name(&fmt, "tsv"), 0);
    assert_int_equal(fmt, KG_RESULTS_TSV);
    assert_int_equal(kg_result_format_from_name(&fmt, "xml"), 0);
    assert_int_equal(fmt, KG_RESULTS_XML);
    assert_int_equal(kg_result_format_from_name(&fmt, "ttl"), KG_EINVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_results__csv, setup, teardown),
        cmocka_unit_test_setup_teardown(test_results__tsv, setup, teardown),
        cmocka_unit_test_setup_teardown(test_results__json, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_results__xml, setup, teardown),
        cmocka_unit_test_setup_teardown(test_results__table, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_results__empty_select, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_results__ask, setup, teardown),
        cmocka_unit_test_setup_teardown(test_results__cap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_results__cap_ask_and_zero, setup,
                                        teardown),
        cmocka_unit_test(test_results__format_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
