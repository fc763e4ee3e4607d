/*
 * test_escape.c -- article text on its way into DOT, HTML-like labels and
 * SVG: the escapers of viz/escape.c, then whole renders of hostile
 * labels, titles and IRIs.
 *
 * SPDX-License-Identifier: MIT
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <cgraph.h>

#include "viz_int.h"
#include "viz_test.h"

/* Quotes, backslashes with Graphviz escapes, braces, markup, an entity,
 * a newline, a tab, a C0 and a C1 control, DEL, a lone continuation byte,
 * a truncated sequence, an overlong '/', a surrogate and U+FFFF. */
#define HOSTILE                                                        \
    "Kim \"Jr\" \\N \\G \\l {x} <script>alert('x')</script> &amp; & "  \
    "a\nb\tc\x01" "d\xc2\x85" "e\x7f" "f\x80g\xe2\x82h\xc0\xafi"        \
    "\xed\xa0\x80j\xef\xbf\xbf"

static void check(int (*esc)(kg_buf *, const char *, size_t), const char *s,
                  size_t max, const char *expected)
{
    kg_buf b = KG_BUF_INIT;

    assert_int_equal(esc(&b, s, max), 0);
    assert_string_equal(b.ptr ? b.ptr : "", expected);
    kg_buf_dispose(&b);
}

static void test_escape__html_markup(void **state)
{
    (void)state;
    check(kg_viz__html, "<script>alert(\"x\")</script>", 0,
          "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    check(kg_viz__html, "Tom & Jerry's &amp;", 0,
          "Tom &amp; Jerry&#39;s &amp;amp;");
    /* Graphviz reads \N in HTML-like labels too */
    check(kg_viz__html, "a\\b \\N {c}", 0, "a\\\\b \\\\N {c}");
    check(kg_viz__html, "", 0, "");
}

static void test_escape__escstring_backslashes(void **state)
{
    (void)state;
    check(kg_viz__esc, "\\N and \\G and \\", 0,
          "\\\\N and \\\\G and \\\\");
    check(kg_viz__tooltip, "\\N\\", 0, "\\\\\\\\N\\\\\\\\");
    /* quotes are cgraph's business when it writes the value */
    check(kg_viz__esc, "say \"hi\" <b>", 0, "say \"hi\" <b>");
}

static void test_escape__control_characters(void **state)
{
    (void)state;
    check(kg_viz__text, "a\nb\rc\td\x01" "e\x1f" "f\x7fg", 0,
          "a b c d e f g");
    /* C1 controls (U+0085 NEL, U+009B CSI) */
    check(kg_viz__text, "x\xc2\x85y\xc2\x9bz", 0, "x y z");
    check(kg_viz__text, "\xef\xbf\xbe\xef\xbf\xbf", 0,
          "\xef\xbf\xbd\xef\xbf\xbd");
}

static void test_escape__invalid_utf8(void **state)
{
    (void)state;
    /* lone continuation, bad lead bytes */
    check(kg_viz__text, "a\x80" "b\xff" "c\xfe", 0,
          "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c\xef\xbf\xbd");
    /* truncated 3-byte sequence followed by ASCII keeps the ASCII */
    check(kg_viz__text, "\xe2\x82x", 0, "\xef\xbf\xbd\xef\xbf\xbdx");
    /* overlong '/' and an encoded surrogate */
    check(kg_viz__text, "\xc0\xaf", 0, "\xef\xbf\xbd\xef\xbf\xbd");
    check(kg_viz__text, "\xed\xa0\x80", 0,
          "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
    /* past U+10FFFF */
    check(kg_viz__text, "\xf4\x90\x80\x80", 0,
          "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
    /* truncated at the end of the string */
    check(kg_viz__text, "ok\xf0\x9f", 0, "ok\xef\xbf\xbd\xef\xbf\xbd");
    /* valid multi-byte text passes unchanged */
    check(kg_viz__text, "Пхеньян 평양 \xf0\x9f\x98\x80", 0,
          "Пхеньян 평양 \xf0\x9f\x98\x80");
}

static void test_escape__truncation(void **state)
{
    (void)state;
    check(kg_viz__text, "abcdef", 6, "abcdef");
    check(kg_viz__text, "abcdefg", 6, "abcde\xe2\x80\xa6");
    /* counted in code points, never cutting a sequence */
    check(kg_viz__text, "ааааааа", 3, "аа\xe2\x80\xa6");
    /* the cut applies before escaping */
    check(kg_viz__html, "<<<<", 3, "&lt;&lt;\xe2\x80\xa6");
    check(kg_viz__text, "abc", 0, "abc");
}

static int url(kg_buf *out, const char *s, size_t max)
{
    (void)max;
    return kg_viz__url(out, s);
}

static void test_escape__url_percent_encodes(void **state)
{
    (void)state;
    check(url, "https://w3id.org/kg/id/person/kim-jong-un?a=1&b=2#x", 0,
          "https://w3id.org/kg/id/person/kim-jong-un?a=1&b=2#x");
    check(url, "http://x/\"a'<b>\\{c}|^` d", 0,
          "http://x/%22a%27%3Cb%3E%5C%7Bc%7D%7C%5E%60%20d");
    check(url, "http://x/\xd0\x9f\x01\x7f\xff", 0,
          "http://x/%D0%9F%01%7F%FF");
}

static void test_escape__local_name(void **state)
{
    size_t len;
    const char *p;

    (void)state;
    p = kg_viz__local_name("https://w3id.org/kg/ns#attendee", &len);
    assert_int_equal(len, 8);
    assert_memory_equal(p, "attendee", 8);
    p = kg_viz__local_name("http://www.w3.org/ns/org#memberOf", &len);
    assert_memory_equal(p, "memberOf", len);
    p = kg_viz__local_name("https://w3id.org/kg/id/person/kim/", &len);
    assert_int_equal(len, 3);
    assert_memory_equal(p, "kim", 3);
    p = kg_viz__local_name("urn:x", &len);
    assert_int_equal(len, 5);
    p = kg_viz__local_name("///", &len);
    assert_int_equal(len, 3);
}

/* A graph whose every string is hostile. */
static kg_triples *hostile_graph(void)
{
    kg_triples *t = NULL;
    const char *ev = ID "event/e\"1\\";

    if (kg_triples_new(&t, NULL) != 0)
        abort();
    add_iri(t, ID "person/x", KG_RDF_TYPE, KG_CLASS_PERSON);
    add_lit(t, ID "person/x", KG_RDFS_LABEL, HOSTILE, NULL);
    add_iri(t, "javascript:alert(1)", KG_RDF_TYPE, KG_CLASS_PERSON);
    add_lit(t, "javascript:alert(1)", KG_RDFS_LABEL, "</text><script>",
            NULL);
    add_iri(t, ev, KG_RDF_TYPE, NS "Meeting");
    add_lit(t, ev, KG_EVENT_DATE, "<b>2024</b>\\N", NULL);
    add_iri(t, ev, NS "host", ID "person/x");
    add_iri(t, ev, NS "we\"ird<p>\\G", "javascript:alert(1)");
    return t;
}

static void test_escape__hostile_svg_carries_no_markup(void **state)
{
    kg_ctx *ctx = NULL;
    kg_triples *t = hostile_graph();
    kg_viz_options o = KG_VIZ_OPTIONS_INIT;
    kg_buf out = KG_BUF_INIT;
    kg_error err;

    (void)state;
    o.title = "<script>alert(1)</script> & \"\\G\"";
    o.focus = ID "person/x";
    assert_int_equal(kg_ctx_new(&ctx, NULL), 0);
    assert_int_equal(kg_viz_render(&out, ctx, t, &o, KG_VIZ_SVG, &err), 0);
    assert_true(xml_well_formed(out.ptr, out.size));
    assert_null(strstr(out.ptr, "<script"));
    assert_null(strstr(out.ptr, "<b>"));
    assert_null(strstr(out.ptr, "<p>"));
    assert_null(strstr(out.ptr, "</text><script>"));
    /* the javascript: IRI is named in its tooltip, never linked */
    assert_null(strstr(out.ptr, "href=\"javascript"));
    assert_non_null(strstr(out.ptr, "javascript:alert(1)"));
    /* the markup is shown as text */
    assert_non_null(strstr(out.ptr, "&lt;script&gt;"));
    /* \N, \G, \l shown as typed, not expanded to node or graph name,
     * in the label and in the tooltip */
    assert_int_equal(count(out.ptr, "Kim &quot;Jr&quot; \\N \\G \\l {x}"),
                     2);
    assert_int_equal(count(out.ptr, "&lt;b&gt;2024&lt;/b&gt;\\N<"), 1);
    /* no raw control characters, no invalid UTF-8 */
    assert_null(memchr(out.ptr, '\x01', out.size));
    assert_null(memchr(out.ptr, '\x7f', out.size));
    assert_null(strstr(out.ptr, "\xc2\x85"));
    assert_null(strstr(out.ptr, "\xc0\xaf"));
    kg_buf_dispose(&out);
    kg_triples_free(t);
    kg_ctx_free(ctx);
}

static void test_escape__hostile_dot_parses_back(void **state)
{
    kg_ctx *ctx = NULL;
    kg_triples *t = hostile_graph();
    kg_viz_options o = KG_VIZ_OPTIONS_INIT;
    kg_buf out = KG_BUF_INIT;
    Agraph_t *g;
    Agnode_t *n;
    Agedge_t *e;
    size_t labels = 0, weird = 0;

    (void)state;
    o.title = "}\"; node [label=\"pwned\"]; {";
    assert_int_equal(kg_ctx_new(&ctx, NULL), 0);
    assert_int_equal(kg_viz_render(&out, ctx, t, &o, KG_VIZ_DOT, NULL), 0);
    assert_null(strstr(out.ptr, "pwned\"]"));
    g = agmemread(out.ptr);
    assert_non_null(g);
    /* three entities and the legend, whatever the text did */
    assert_int_equal(agnnodes(g), 4);
    assert_int_equal(agnedges(g), 2);
    for (n = agfstnode(g); n; n = agnxtnode(g, n)) {
        const char *label = agget(n, "label");
        const char *url = agget(n, "URL");
        assert_null(strstr(label, "pwned"));
        if (strstr(label, "&lt;script&gt;alert(&#39;x&#39;)"))
            labels++;
        /* only http(s) links */
        if (url && *url)
            assert_memory_equal(url, "https://", 8);
        for (e = agfstout(g, n); e; e = agnxtout(g, e))
            if (strcmp(agget(e, "label"), "we\"ird<p>\\\\G") == 0)
                weird++;
    }
    assert_int_equal(labels, 1);
    assert_int_equal(weird, 1);
    agclose(g);
    kg_buf_dispose(&out);
    kg_triples_free(t);
    kg_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape__html_markup),
        cmocka_unit_test(test_escape__escstring_backslashes),
        cmocka_unit_test(test_escape__control_characters),
        cmocka_unit_test(test_escape__invalid_utf8),
        cmocka_unit_test(test_escape__truncation),
        cmocka_unit_test(test_escape__url_percent_encodes),
        cmocka_unit_test(test_escape__local_name),
        cmocka_unit_test(test_escape__hostile_svg_carries_no_markup),
        cmocka_unit_test(test_escape__hostile_dot_parses_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
