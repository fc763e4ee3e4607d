/*
 * test_lexicon.c -- the lexicon: the built-in files load, user files
 * extend it (format of extract/lexicon/README.md), malformed files are
 * refused with their line and leave the lexicon unchanged, allocation
 * failures return KG_ENOMEM without leaks.
 *
 * SPDX-License-Identifier: MIT
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "extract_test.h"

static char tmpdir[256];

static int setup(void **state)
{
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/kg-lex-XXXXXX");
    if (!mkdtemp(tmpdir))
        return -1;
    return lex_setup(state);
}

static int teardown(void **state)
{
    char cmd[300];

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        return -1;
    return lex_teardown(state);
}

static const char *write_file(const char *name, const char *text)
{
    static char path[512];
    FILE *fp;

    snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
    fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
    return path;
}

/* Number of lexicon forms whose key is exactly 'key'. */
static int count_forms(const kg_lexicon *lex, const char *key)
{
    size_t i;
    int n = 0;

    for (i = 0; i < lex->forms.count; i++)
        if (strcmp(KG__VEC_AT(&lex->forms, kg__lexform, i)->key, key) == 0)
            n++;
    return n;
}

static void test_lexicon__builtin_has_states_and_bodies(void **state)
{
    size_t i, states = 0;

    (void)state;
    for (i = 0; i < test_lex->entries.count; i++) {
        const kg__lexent *e = kg__lex_entry(test_lex, i);
        if (e->kind == KG__LEX_ENTITY && e->type == KG__STATE)
            states++;
    }
    /* every UN member state and then some */
    assert_true(states >= 193);
    assert_int_equal(count_forms(test_lex, "democratic people republic of korea"), 1);
    assert_true(count_forms(test_lex, "kcna") >= 1);
    assert_true(count_forms(test_lex, "choi song hee") >= 1);
    assert_true(count_forms(test_lex, "pyongyang") >= 1);
}

static void test_lexicon__user_file_adds_entities(void **state)
{
    const char *path = write_file(
        "mine.tsv",
        "# my additions\n"
        "Person\tperson/olga-zubrovina\tOlga Zubrovina\tZubrovina\t\t"
        "state=state/russia\n"
        "Organization\torg/far-east-fisheries-board\tFar East Fisheries "
        "Board\tFEFB\t\tsubtype=Agency;state=state/russia\n");
    kg_error err = {0};
    kg_doc *doc;

    (void)state;
    assert_int_equal(kg_lexicon_add_file(test_lex, path, &err), 0);
    doc = run("Fisheries talks\n\nThe FEFB said on Monday that Zubrovina "
              "will travel to Wonsan.\n");
    assert_true(has_mention(doc, "org/far-east-fisheries-board", "FEFB"));
    assert_true(has_mention(doc, "person/olga-zubrovina", "Zubrovina"));
    assert_int_equal(KG__ENT(doc, find_ent(doc, "org/far-east-fisheries-board"))
                         ->subtype,
                     KG__SUB_AGENCY);
    kg_doc_free(doc);
}

static void test_lexicon__malformed_file_names_line(void **state)
{
    static const char *const bad[] = {
        "Person\tperson/a\tA Person\n\nPlanet\tplanet/mars\tMars\n",
        "Person\tperson/a\tA\nState\tno slash here\tX\n",
        "State\tstate/x\tX\t\tQ12x\n",
        "Person\tperson/a\tA\nOrganization\torg/b\tB\t\t\tsubtype=Club\n",
        "Person\tperson/a\tA\nPerson\tperson/b\n",
        "Person\tperson/a\tA\nPerson\tperson/b\tB\t\t\tnoequals\n",
    };
    static const int line[] = {3, 2, 1, 2, 2, 2};
    size_t i, forms = test_lex->forms.count, entries = test_lex->entries.count;

    (void)state;
    for (i = 0; i < KG_ARRAY_SIZE(bad); i++) {
        kg_error err = {0};
        const char *path = write_file("bad.tsv", bad[i]);
        assert_int_equal(kg_lexicon_add_file(test_lex, path, &err),
                         KG_EPARSE);
        assert_int_equal(err.code, KG_EPARSE);
        assert_int_equal(err.line, line[i]);
        assert_non_null(strstr(err.where, "bad.tsv"));
        assert_null(strchr(err.message, '\n'));
        assert_int_equal(test_lex->forms.count, forms);
        assert_int_equal(test_lex->entries.count, entries);
    }
}

static void test_lexicon__missing_file(void **state)
{
    kg_error err = {0};

    (void)state;
    assert_int_equal(kg_lexicon_add_file(test_lex, "/nonexistent/x.tsv",
                                         &err),
                     KG_ENOTFOUND);
}

static void test_lexicon__oom(void **state)
{
    long n;
    int done = 0;

    (void)state;
    for (n = 1; !done && n < 100000; n += (n < 200 ? 1 : 97)) {
        kg_lexicon *lex = NULL;
        int rc;
        kg__alloc_fail_after(n);
        rc = kg_lexicon_new(&lex, NULL);
        kg__alloc_fail_after(0);
        if (rc == 0) {
            done = 1;
            kg_lexicon_free(lex);
        } else {
            assert_int_equal(rc, KG_ENOMEM);
            assert_null(lex);
        }
    }
    assert_true(done);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lexicon__builtin_has_states_and_bodies),
        cmocka_unit_test(test_lexicon__user_file_adds_entities),
        cmocka_unit_test(test_lexicon__malformed_file_names_line),
        cmocka_unit_test(test_lexicon__missing_file),
        cmocka_unit_test(test_lexicon__oom),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
